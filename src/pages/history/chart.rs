//! The mood chart of past sessions, with the same figures as a table.

use leptos::either::Either;
use leptos::prelude::*;

use super::Summary;
use crate::domain::dates::{day_label_with_year, short_label};
use crate::pages::widgets::{MOODS, mood_word};

/// How many sessions the chart and its table show (the latest).
const CHART_SESSIONS: usize = 30;

// The drawing's size in SVG units. The chart is about as wide in CSS pixels
// on a phone, so the 15-unit labels read at about 15 px there. Whole-number
// coordinates only: formatting floats would cost the wasm ~10 KB.
const W: usize = 360;
const H: usize = 214;
/// Where the plot starts (the mood words sit to its left).
const LEFT: usize = 92;
const RIGHT: usize = 12;
const TOP: usize = 14;
/// The lowest mood's line.
const BOTTOM: usize = 174;
/// The baseline of the dates.
const DATES: usize = 204;
/// At most this many dates along the bottom.
const DATE_LABELS: usize = 4;

fn x(i: usize, n: usize) -> usize {
    if n <= 1 {
        (LEFT + W - RIGHT) / 2
    } else {
        LEFT + (W - RIGHT - LEFT) * i / (n - 1)
    }
}

fn y(m: u8) -> usize {
    BOTTOM - (BOTTOM - TOP) * usize::from(m.clamp(1, 5) - 1) / 4
}

/// An SVG path through `moods` (oldest first) that breaks, rather than
/// joins, across sessions without a mood.
fn path(moods: &[Option<u8>]) -> String {
    let n = moods.len();
    let mut d = String::new();
    let mut drawing = false;
    for (i, mood) in moods.iter().enumerate() {
        match mood {
            Some(m) => {
                let command = if drawing { 'L' } else { 'M' };
                d.push_str(&format!("{command}{},{} ", x(i, n), y(*m)));
                drawing = true;
            }
            None => drawing = false,
        }
    }
    d.trim_end().to_owned()
}

/// Which sessions get a date under the axis: the first, the last and a few
/// evenly between, never so close that two dates overlap.
fn labelled(n: usize) -> Vec<usize> {
    /// The least distance between two dates' anchors, in SVG units.
    const APART: usize = 80;
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
    let axis = MOODS
        .iter()
        .map(|(m, word)| {
            view! {
                <line class="grid" x1=LEFT x2=W - RIGHT y1=y(*m) y2=y(*m) />
                <text class="axis" x=LEFT - 10 y=y(*m) + 5 text-anchor="end">{*word}</text>
            }
        })
        .collect_view();
    let chart = move || {
        let pts = points.get();
        let n = pts.len();
        let before: Vec<Option<u8>> = pts.iter().map(|s| s.before).collect();
        let after: Vec<Option<u8>> = pts.iter().map(|s| s.after).collect();
        let dots = |moods: &[Option<u8>], class: &'static str| {
            moods
                .iter()
                .enumerate()
                .filter_map(|(i, m)| m.map(|m| view! { <circle class=class cx=x(i, n) cy=y(m) r="5" /> }))
                .collect_view()
        };
        let dates = labelled(n)
            .into_iter()
            .map(|i| {
                let anchor = match i {
                    0 => "start",
                    i if i + 1 == n => "end",
                    _ => "middle",
                };
                view! {
                    <text class="axis" x=x(i, n) y=DATES text-anchor=anchor>{short_label(&pts[i].date)}</text>
                }
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
            <svg viewBox=format!("0 0 {W} {H}") aria-hidden="true" focusable="false">
                {axis.clone()}
                {dates}
                <path class="mood-before" d=path(&before) />
                <path class="mood-after" d=path(&after) />
                {dots(&before, "dot-before")}
                {dots(&after, "dot-after")}
            </svg>
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
                    {chart.clone()}
                </figure>
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_breaks_across_a_session_without_a_mood() {
        let d = path(&[Some(3), Some(4), None, Some(2)]);
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert_eq!(d.matches('L').count(), 1, "{d}");
        assert_eq!(path(&[None, None]), "");
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
                assert!(x(pair[1], n) - x(pair[0], n) >= 80, "{n}: {picked:?}");
            }
        }
    }

    #[test]
    fn better_moods_sit_higher() {
        assert!(y(5) < y(4) && y(2) < y(1));
        assert_eq!((y(1), y(5)), (BOTTOM, TOP));
    }
}
