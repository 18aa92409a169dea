//! The mood chart of past sessions, with the same figures as a table.

use leptos::either::Either;
use leptos::prelude::*;

use super::Summary;
use crate::domain::dates::{day_label_with_year, short_label};
use crate::pages::widgets::{MOODS, mood_word};

/// How many sessions the chart and its table show (the latest).
const CHART_SESSIONS: usize = 30;

// The plot has no coordinates of its own: every position in it is a
// percentage of its box, which the page sizes, so that its words and dates,
// HTML beside it, grow with the reader's text size and the plot with them,
// while its strokes and dots keep their size and shape. Positions are in
// tenths of a percent, written without floats (formatting floats would cost
// the wasm ~10 KB).
/// The whole width or height of the plot, in tenths of a percent.
const FULL: usize = 1000;
/// At most this many dates along the bottom.
const DATE_LABELS: usize = 4;

/// Where session `i` of `n` sits across the plot.
fn x(i: usize, n: usize) -> usize {
    if n <= 1 { FULL / 2 } else { FULL * i / (n - 1) }
}

/// The middle of the band of mood `m`, the best (5) at the top: the mood
/// words are five rows of equal height beside the plot, each centred on
/// its line whatever the text size.
fn y(m: u8) -> usize {
    FULL * (2 * usize::from(5 - m.clamp(1, 5)) + 1) / 10
}

/// A position as a CSS or SVG percentage ("33.3%").
fn percent(tenths: usize) -> String {
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// The line through `moods` (oldest first) as segments from one session
/// to the next, `(x1, y1, x2, y2)`: none across a session without a mood.
fn segments(moods: &[Option<u8>]) -> Vec<(usize, usize, usize, usize)> {
    let n = moods.len();
    moods
        .windows(2)
        .enumerate()
        .filter_map(|(i, pair)| match pair {
            [Some(a), Some(b)] => Some((x(i, n), y(*a), x(i + 1, n), y(*b))),
            _ => None,
        })
        .collect()
}

/// The line through `moods`, of one class ("mood-before").
fn mood_line(moods: &[Option<u8>], class: &'static str) -> impl IntoView + use<> {
    segments(moods)
        .into_iter()
        .map(|(x1, y1, x2, y2)| {
            view! { <line class=class x1=percent(x1) y1=percent(y1) x2=percent(x2) y2=percent(y2) /> }
        })
        .collect_view()
}

/// A dot for each mood of `moods`, of one class: drawn after both lines,
/// so that no line crosses a hollow dot.
fn mood_dots(moods: &[Option<u8>], class: &'static str) -> impl IntoView + use<> {
    let n = moods.len();
    moods
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            m.map(|m| view! { <circle class=class cx=percent(x(i, n)) cy=percent(y(m)) r="5" /> })
        })
        .collect_view()
}

/// Which sessions get a date under the axis: the first, the last and a few
/// evenly between, never so close that two dates overlap. The two halves
/// of that promise: this spacing, and the stylesheet, which shows the dates
/// between only on a chart 22 rem wide or more (`.chart-dates .middle`).
fn labelled(n: usize) -> Vec<usize> {
    /// The least distance between two dates' anchors: a third of the plot
    /// (on a chart of 22 rem a date is up to about a fifth of it, and the
    /// last date stands wholly before its anchor).
    const APART: usize = FULL / 3;
    if n <= 1 {
        return (0..n).collect();
    }
    let step = (n - 1).div_ceil(DATE_LABELS.min(n) - 1);
    let mut picked: Vec<usize> = (0..n).step_by(step).collect();
    let last = n - 1;
    if picked.last() != Some(&last) {
        match picked.last() {
            Some(&before) if x(last, n) - x(before, n) >= APART || before == 0 => picked.push(last),
            _ => {
                picked.pop();
                picked.push(last);
            }
        }
    }
    picked
}

/// A mood in words for the table ("good"), or "not noted".
fn in_words(mood: Option<u8>) -> &'static str {
    mood.map_or("not noted", mood_word)
}

/// A line chart (a dot a session) of moods before and after, hidden from
/// screen readers, and the same figures as a table for them. With fewer
/// than two sessions with a mood, a sentence instead.
#[component]
pub(super) fn MoodChart(past: Memo<Vec<Summary>>) -> impl IntoView {
    let points = Memo::new(move |_| {
        past.with(|p| {
            let mut latest: Vec<Summary> = p.iter().take(CHART_SESSIONS).cloned().collect();
            latest.reverse();
            latest
        })
    });
    let with_mood = Memo::new(move |_| {
        points.with(|p| {
            p.iter()
                .filter(|s| s.before.is_some() || s.after.is_some())
                .count()
        })
    });
    let chart = move || {
        let pts = points.get();
        let n = pts.len();
        let before: Vec<Option<u8>> = pts.iter().map(|s| s.before).collect();
        let after: Vec<Option<u8>> = pts.iter().map(|s| s.after).collect();
        let dates = labelled(n)
            .into_iter()
            .map(|i| {
                let anchor = match i {
                    0 => "start",
                    i if i + 1 == n => "end",
                    _ => "middle",
                };
                // Set through the CSSOM, which the page's policy allows
                // (it refuses style attributes).
                view! { <li class=anchor style:left=percent(x(i, n))>{short_label(&pts[i].date)}</li> }
            })
            .collect_view();
        let rows = pts
            .iter()
            .map(|s| {
                view! {
                    <tr>
                        <th scope="row">{day_label_with_year(&s.date)}</th>
                        <td>{in_words(s.before)}</td>
                        <td>{in_words(s.after)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="chart" aria-hidden="true">
                <ol class="chart-moods">
                    {MOODS.iter().rev().map(|(_, word)| view! { <li>{*word}</li> }).collect_view()}
                </ol>
                <div class="chart-plot">
                    <svg focusable="false">
                        {MOODS
                            .iter()
                            .rev()
                            .map(|(m, _)| {
                                view! { <line class="grid" x1="0" x2="100%" y1=percent(y(*m)) y2=percent(y(*m)) /> }
                            })
                            .collect_view()}
                        {mood_line(&before, "mood-before")}
                        {mood_line(&after, "mood-after")}
                        {mood_dots(&before, "mood-before")}
                        {mood_dots(&after, "mood-after")}
                    </svg>
                </div>
                <ol class="chart-dates">{dates}</ol>
            </div>
            // The wrapper, not the table, is visually hidden: a table grows
            // to its content whatever its width, and pushed the page sideways.
            <div class="visually-hidden">
                <table>
                    <caption>"Mood before and after each session, oldest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Date"</th>
                            <th scope="col">"Before"</th>
                            <th scope="col">"After"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    };
    let first_only = move || {
        past.with(|p| {
            p.iter()
                .find(|s| s.before.is_some() || s.after.is_some())
                .map(|s| {
                    format!(
                        "So far, one session has a mood: {}, {} before and {} after.",
                        day_label_with_year(&s.date),
                        in_words(s.before),
                        in_words(s.after)
                    )
                })
        })
    };
    move || match with_mood.get() {
        0 => None,
        1 => Some(Either::Left(view! {
            <p class="chart-waiting">
                "Your mood chart appears here once two sessions have a mood noted. " {first_only}
            </p>
        })),
        _ => Some(Either::Right(view! {
                <figure class="mood-chart">
                    <figcaption>
                        "How you felt before (dashed line, hollow dots) and after (solid line) your last sessions"
                    </figcaption>
                    {chart}
                </figure>
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_breaks_across_a_session_without_a_mood() {
        let n = 4;
        assert_eq!(
            segments(&[Some(3), Some(4), None, Some(2)]),
            vec![(0, y(3), x(1, n), y(4))]
        );
        assert_eq!(segments(&[Some(1), Some(2), Some(3)]).len(), 2);
        assert_eq!(segments(&[None, None]), vec![]);
        assert_eq!(percent(x(1, 4)), "33.3%");
        assert_eq!(
            (percent(0), percent(FULL)),
            ("0.0%".to_owned(), "100.0%".to_owned())
        );
    }

    #[test]
    fn dates_label_the_ends_and_a_few_between_never_too_close() {
        assert_eq!(labelled(1), vec![0]);
        assert_eq!(labelled(3), vec![0, 1, 2]);
        assert_eq!(labelled(5), vec![0, 2, 4]);
        for n in 2..=CHART_SESSIONS {
            let picked = labelled(n);
            assert!(picked.len() <= DATE_LABELS, "{n}: {picked:?}");
            assert_eq!((picked[0], *picked.last().unwrap()), (0, n - 1), "{n}");
            for pair in picked.windows(2) {
                assert!(x(pair[1], n) - x(pair[0], n) >= FULL / 3, "{n}: {picked:?}");
            }
        }
    }

    #[test]
    fn better_moods_sit_higher() {
        assert!(y(5) < y(4) && y(2) < y(1));
        // Each line in the middle of one of five equal bands.
        assert_eq!([y(5), y(4), y(3), y(2), y(1)], [100, 300, 500, 700, 900]);
    }
}
