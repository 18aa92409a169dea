//! An element (a `<section>`, a `<div>`) whose contents the browser
//! hydrates in a task of its own, after the page's.
//!
//! Hydration is one task, and a task's excess over 50 ms blocks input
//! (Lighthouse's total blocking time). On the checklist's first load "Your
//! data" was a third of that task (its views, and V8 compiling their wasm on
//! first call), for controls no one uses in the first moments. So the build
//! step writes the section whole; the page's hydration claims only the
//! `<section>` element and leaves its children alone; a zero-delay timeout,
//! queued during hydration and so before the journal is read, hydrates those
//! children with the same view, under a root of their own. Nothing is drawn
//! again: the prerendered nodes are kept, so nothing moves and focus stays.
//!
//! Drawn in the browser (after a move from another page, or once unlocked),
//! the section is built whole at once, as any view.

use leptos::either::Either;
use leptos::html;
use leptos::prelude::*;

/// The section `<section class=class aria-labelledby=labelledby>` with
/// `contents` inside, hydrated later when the page is being hydrated.
///
/// `contents` runs under a reactive root of its own when hydrated later:
/// it must provide the contexts it reads (they are the page's, passed in).
pub fn section_hydrated_later<V>(
    class: &'static str,
    labelledby: &'static str,
    contents: impl FnOnce() -> V + 'static,
) -> impl IntoView
where
    V: IntoView + 'static,
{
    let node = NodeRef::<html::Section>::new();
    if hydrating() {
        hydrate_later(node, contents);
        Either::Left(view! { <section class=class aria-labelledby=labelledby node_ref=node></section> })
    } else {
        Either::Right(view! { <section class=class aria-labelledby=labelledby>{contents()}</section> })
    }
}

/// The same for `<div class=class>`.
pub fn div_hydrated_later<V>(class: &'static str, contents: impl FnOnce() -> V + 'static) -> impl IntoView
where
    V: IntoView + 'static,
{
    let node = NodeRef::<html::Div>::new();
    if hydrating() {
        hydrate_later(node, contents);
        Either::Left(view! { <div class=class node_ref=node></div> })
    } else {
        Either::Right(view! { <div class=class>{contents()}</div> })
    }
}

/// Whether the page's own hydration is running (the browser's first render).
fn hydrating() -> bool {
    cfg!(feature = "hydrate")
        && Owner::current_shared_context().is_some_and(|context| context.during_hydration())
}

#[cfg(feature = "hydrate")]
fn hydrate_later<E, V>(node: NodeRef<E>, contents: impl FnOnce() -> V + 'static)
where
    E: html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
    V: IntoView + 'static,
{
    use wasm_bindgen::JsCast;
    // Owned by the page's part that holds the element: when that goes (a
    // lock, a new session, a move to another page), so does the later root,
    // and its view.
    let kept = StoredValue::new_local(None::<Box<dyn std::any::Any>>);
    set_timeout(
        move || {
            // Gone before its turn: nothing to hydrate.
            let Some(element) = node.try_get_untracked().flatten() else {
                return;
            };
            // `hydrate_from` leaves its new root as the current owner; what
            // runs after this task must not be owned by it.
            let page_owner = Owner::current();
            let handle = leptos::mount::hydrate_from(element.unchecked_into(), contents);
            if let Some(owner) = page_owner {
                owner.set();
            }
            // Gone while hydrating: the handle, dropped here, unmounts it.
            let _ = kept.try_set_value(Some(Box::new(handle)));
        },
        std::time::Duration::ZERO,
    );
}

#[cfg(not(feature = "hydrate"))]
fn hydrate_later<E: html::ElementType, V>(_: NodeRef<E>, _: impl FnOnce() -> V + 'static) {
    unreachable!("only the browser hydrates");
}
