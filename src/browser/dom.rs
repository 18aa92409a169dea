//! The few places where components touch the browser beyond their own DOM:
//! the document title, the address bar, sharing, going back, the scroll
//! position of each history entry, the page's version. Everything here
//! runs in effects or event handlers, after the first render, so prerendered
//! markup and the browser's first render stay identical.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Keeps the document title in step with `title` once mounted in the
/// browser. The prerender step writes the same title into the HTML.
pub fn use_title(title: impl Fn() -> String + Send + Sync + 'static) {
    Effect::new(move |_| {
        document().set_title(&title());
    });
}

/// Marks `<html data-hydrated>` once the app runs in the browser. The style
/// sheet shows controls that need the app only then, and the tests wait for it.
pub fn mark_hydrated() {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}

/// The id of the `<script type="application/json">` element that carries
/// the content in prerendered pages.
pub const CONTENT_ELEMENT_ID: &str = "content-data";

/// The content embedded in the page by the prerender step, if any. Read once
/// before hydration, so the first render matches the prerendered markup.
#[cfg(feature = "hydrate")]
pub fn embedded_content(decode: super::json::DecodeContent) -> Option<crate::domain::content::Content> {
    let json = document().get_element_by_id(CONTENT_ELEMENT_ID)?.text_content()?;
    match decode(&json) {
        Ok(content) => Some(content),
        Err(message) => {
            leptos::logging::warn!(
                "the embedded content is damaged ({message}); loading content.json instead"
            );
            None
        }
    }
}

/// Whether the `<details>` element with this id is open.
pub fn is_open(id: &str) -> bool {
    document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlDetailsElement>().ok())
        .is_some_and(|d| d.open())
}

/// The fragment of the current address, without `#`.
pub fn current_hash() -> String {
    window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned()
}

/// Replaces the address's fragment without adding a history entry
/// (`None` removes it).
pub fn replace_hash(id: Option<&str>) {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let url = match id {
        Some(id) => format!("{path}{search}#{id}"),
        None => format!("{path}{search}"),
    };
    if let Ok(history) = window().history() {
        // The entry's state (its scroll key, `remember_scroll_positions`) stays.
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
}

/// The version of the deployment this page belongs to, from its head.
pub fn page_version() -> Option<String> {
    // `routes::VERSION_META`, the name the build gives it.
    meta_content("meta[name=app-version]")
}

/// The site's base path (`/` or `/some/path/`), from the page's head.
#[cfg(feature = "hydrate")]
pub fn page_base() -> Option<String> {
    // `routes::BASE_META`, the name the build gives it.
    meta_content("meta[name=app-base]")
}

/// The content of the head's `<meta>` that `selector` finds.
fn meta_content(selector: &str) -> Option<String> {
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
}

/// Where the reader was on each page they moved between inside the app,
/// by history entry, so that Back and Forward return them there. The
/// browser restores the position itself, but before the app has drawn the
/// page it returns to: a shorter page still on screen cut it short (the
/// article, left from far down for help, came back near its top).
struct Scrolls {
    /// Positions by entry key (each entry's `history.state` holds its key).
    at: Vec<(String, f64)>,
    /// Keys are this document's start time and a count: unique in the tab.
    prefix: u64,
    next: u32,
    /// The key of the entry the reader was last seen on: an entry other
    /// than it, found when the app draws another page, was reached by Back
    /// or Forward.
    current: Option<String>,
    /// From a move until the frame after it: scroll events are then the
    /// move's own (the page cut short, or sent to the top), not the reader's.
    moving: bool,
}

thread_local! {
    static SCROLLS: std::cell::RefCell<Scrolls> = std::cell::RefCell::new(Scrolls {
        at: Vec::new(),
        prefix: js_sys::Date::now() as u64,
        next: 0,
        current: None,
        moving: false,
    });
}

/// The property of `history.state` that holds an entry's scroll key.
const SCROLL_KEY: &str = "scrollKey";

fn entry_key() -> Option<String> {
    let state = window().history().ok()?.state().ok()?;
    js_sys::Reflect::get(&state, &SCROLL_KEY.into()).ok()?.as_string()
}

/// The current entry's key, given one if it has none; it becomes the
/// entry the reader is on.
fn keyed_entry() -> Option<String> {
    let key = match entry_key() {
        Some(key) => key,
        None => {
            let key = SCROLLS.with_borrow_mut(|s| {
                s.next += 1;
                format!("{}-{}", s.prefix, s.next)
            });
            let state = js_sys::Object::new();
            js_sys::Reflect::set(&state, &SCROLL_KEY.into(), &key.as_str().into()).ok()?;
            window().history().ok()?.replace_state(&state, "").ok()?;
            key
        }
    };
    SCROLLS.with_borrow_mut(|s| s.current = Some(key.clone()));
    Some(key)
}

/// Starts remembering each entry's scroll position (once, from the app's
/// shell); [`restore_scroll_after_move`] uses them.
pub fn remember_scroll_positions() {
    keyed_entry();
    let _ = window_event_listener(leptos::ev::scroll, |_| {
        if !SCROLLS.with_borrow(|s| s.moving)
            && let Some(key) = keyed_entry()
        {
            let y = window().scroll_y().unwrap_or_default();
            SCROLLS.with_borrow_mut(|s| match s.at.iter_mut().find(|(k, _)| *k == key) {
                Some(entry) => entry.1 = y,
                None => s.at.push((key, y)),
            });
        }
    });
    // Back or Forward within one page (a question's address): the reader
    // is on that entry now. After the frame, once the app has compared.
    let _ = window_event_listener(leptos::ev::popstate, |_| {
        request_animation_frame(|| {
            keyed_entry();
        });
    });
}

/// Once the app has drawn another page: after Back or Forward, the reader
/// is put where they were on it (in the next frame, once it has its size).
pub fn restore_scroll_after_move() {
    let key = entry_key();
    let to = SCROLLS.with_borrow_mut(|s| {
        s.moving = true;
        key.filter(|k| s.current.as_ref() != Some(k))
            .and_then(|k| s.at.iter().find(|(at, _)| *at == k).map(|(_, y)| *y))
    });
    request_animation_frame(move || {
        if let Some(y) = to {
            window().scroll_to_with_x_and_y(0.0, y);
        }
        keyed_entry();
        SCROLLS.with_borrow_mut(|s| s.moving = false);
    });
}

/// Scrolls the element with `id` into view and moves keyboard focus to `focus`
/// inside it (a CSS selector), on the next frame so that a just-opened
/// element has its size.
pub fn reveal(id: String, focus: &'static str) {
    request_animation_frame(move || {
        let Some(element) = document().get_element_by_id(&id) else {
            return;
        };
        element.scroll_into_view();
        if let Ok(Some(target)) = element.query_selector(focus)
            && let Ok(target) = target.dyn_into::<web_sys::HtmlElement>()
        {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = target.focus_with_options(&options);
        }
    });
}

/// Scrolls the page in the next frame just far enough that the element with
/// `id` is wholly on screen (its top, when it is taller than the window);
/// nothing when it already is. Smooth or not as the page's CSS says (not
/// under reduced motion).
pub fn bring_into_view(id: &'static str) {
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(id) {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            element.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
}

/// What happened when the reader asked to share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareOutcome {
    /// The system share sheet took the link.
    Shared,
    /// The reader closed the share sheet.
    Cancelled,
    /// The link is on the clipboard.
    Copied,
    /// Neither worked; the reader can copy the link by hand.
    CopyByHand(String),
}

fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

async fn call_promise(target: &JsValue, name: &str, arg: &JsValue) -> Result<JsValue, JsValue> {
    let function = method(target, name).ok_or(JsValue::NULL)?;
    let promise: js_sys::Promise = function.call1(target, arg)?.dyn_into()?;
    wasm_bindgen_futures::JsFuture::from(promise).await
}

/// Shares the current page with the Web Share API where the browser has
/// it, otherwise copies its address to the clipboard.
pub async fn share_current_page(title: String) -> ShareOutcome {
    // The page itself: not the question or heading the reader's own address
    // points at (`#…`), nor a query.
    let location = window().location();
    let url = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    let navigator: JsValue = window().navigator().into();
    if method(&navigator, "share").is_some() {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
        let _ = js_sys::Reflect::set(&data, &"url".into(), &url.clone().into());
        match call_promise(&navigator, "share", &data).await {
            Ok(_) => return ShareOutcome::Shared,
            Err(err) => {
                let name = js_sys::Reflect::get(&err, &"name".into())
                    .ok()
                    .and_then(|n| n.as_string());
                if name.as_deref() == Some("AbortError") {
                    return ShareOutcome::Cancelled;
                }
            }
        }
    }
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
    if !clipboard.is_undefined()
        && call_promise(&clipboard, "writeText", &url.clone().into())
            .await
            .is_ok()
    {
        return ShareOutcome::Copied;
    }
    ShareOutcome::CopyByHand(url)
}

/// Whether going back in history stays on this site: the reader navigated
/// inside the app, or arrived from another page of the same site.
pub fn can_go_back_within_site(in_app_navigations: u32) -> bool {
    if in_app_navigations > 0 {
        return true;
    }
    let origin = window().location().origin().unwrap_or_default();
    let referrer = document().referrer();
    let history_length = window().history().and_then(|h| h.length()).unwrap_or(0);
    !origin.is_empty() && referrer.starts_with(&format!("{origin}/")) && history_length > 1
}

/// Loads the current address again from the host.
pub fn reload() {
    let _ = window().location().reload();
}

/// Replaces this page with `url` in this tab's history (`location.replace`):
/// Back does not return to it.
pub fn leave_for(url: &str) {
    let _ = window().location().replace(url);
}

/// Goes one step back in the browser's history.
pub fn history_back() {
    if let Ok(history) = window().history() {
        let _ = history.back();
    }
}

/// Keeps the foot of the window, from the top of the element `cover` (a CSS
/// selector) down, clear of the browser's own scrolls to the focus (and to a
/// link's target): `scroll-padding-bottom` on the root; `None` (or no such
/// element), the whole window again. A
/// control the keyboard has just moved to (`focused`) that `cover` hides is
/// brought above it: not every engine scrolls to a control of which it
/// already shows a part (Firefox). A control in a modal dialog moves nothing:
/// the three engines do not scroll the page under a dialog to it.
pub fn keep_clear_below(cover: Option<&str>, focused: Option<web_sys::Element>) {
    let Some(root) = document().document_element() else {
        return;
    };
    let style = root.unchecked_into::<web_sys::HtmlElement>().style();
    let Some(cover) = cover.and_then(|c| document().query_selector(c).ok().flatten()) else {
        let _ = style.remove_property("scroll-padding-bottom");
        return;
    };
    let top = cover.get_bounding_client_rect().top();
    let height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(top);
    let _ = style.set_property(
        "scroll-padding-bottom",
        &format!("{}px", (height - top).ceil() as i32),
    );
    if let Some(focused) = focused
        && !cover.contains(Some(&focused))
        && focused.matches(":focus-visible").unwrap_or(false)
    {
        let rect = focused.get_bounding_client_rect();
        if rect.bottom() > top && rect.height() <= top {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            focused.scroll_into_view_with_scroll_into_view_options(&options);
        }
    }
}

/// Moves keyboard focus to `<main>` without scrolling.
pub fn focus_main() {
    if let Some(main) = document().get_element_by_id("main")
        && let Ok(main) = main.dyn_into::<web_sys::HtmlElement>()
    {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = main.focus_with_options(&options);
    }
}

/// Moves keyboard focus to the element with `id` in the next frame, once
/// the change just made is drawn (the element may be new, or a row drawn
/// afresh).
pub fn focus_next_frame(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || focus_by_id(&id));
}

/// Focuses the element `id` in the next frame, if by then the focus was
/// lost (it is on the body): as when the element that had it was removed
/// by a change from another tab.
pub fn focus_next_frame_if_lost(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || {
        let lost = document()
            .active_element()
            .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
        if lost {
            focus_by_id(&id);
        }
    });
}

/// Moves keyboard focus to the element with `id`, if it is there.
pub fn focus_by_id(id: &str) {
    if let Some(element) = document().get_element_by_id(id)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// Offers `text` to the reader as a file download. `Err` when the browser
/// refuses (the caller says so: nothing may fail silently).
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), ()> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| ())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a").map_err(|_| ())?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // Revoked a moment later: some browsers read the URL after click() returns.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

/// The file chosen in the `<input type="file">` that sent `ev`, taken out
/// of the input (cleared, so that choosing the same file again is noticed).
pub fn take_chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    Some(file)
}

/// The text of a file the reader chose; `None` if the browser could not
/// read it (moved or changed since it was chosen).
pub async fn read_file_text(file: &web_sys::File) -> Option<String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok()?;
    let text = text.dyn_into::<js_sys::JsString>().ok()?;
    Some(super::text::to_string(&text))
}

/// Writes `text` as the text of `element`: its first child, if it is a text
/// node, is changed in place (one change to the DOM); otherwise the whole
/// text is replaced.
pub fn write_text(element: &web_sys::Element, text: &str) {
    match element.first_child() {
        Some(node) if node.node_type() == web_sys::Node::TEXT_NODE => node.set_node_value(Some(text)),
        _ => element.set_text_content(Some(text)),
    }
}
