//! A status line's text as the page shows it.

/// The text of a status line (hidden by the style sheet while `:empty`):
/// no text node at all while there is nothing to say. An
/// empty `String` would not do: the build step writes an empty text as a
/// space (so that hydration finds a text node there), `:empty` does not match
/// a space, and a first load showed an empty line that the same page drawn
/// in the browser hides. `None` is written as a comment, which `:empty`
/// allows.
pub fn shown_text(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}
