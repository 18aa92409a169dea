//! The mood chart of past sessions, with the same figures as a table.

use leptos::prelude::*;

use super::Summary;

/// How many sessions the chart and its table show (the latest).
const CHART_SESSIONS: usize = 30;

/// An SVG line chart of moods before and after (hidden from screen
/// readers), and the same figures as a table (for them).
#[component]
pub(super) fn MoodChart(past: Memo<Vec<Summary>>) -> impl IntoView {
    let points = Memo::new(move |_| {
        past.with(|p| {
            let mut latest: Vec<Summary> = p
                .iter()
                .filter(|s| s.before.is_some() || s.after.is_some())
                .take(CHART_SESSIONS)
                .cloned()
                .collect();
            latest.reverse();
            latest
        })
    });
    // Whole-number coordinates: formatting floats would cost the wasm ~10 KB.
    const W: usize = 600;
    const H: usize = 220;
    const PAD: usize = 30;
    let x = move |i: usize, n: usize| {
        if n <= 1 {
            W / 2
        } else {
            PAD + (W - 2 * PAD) * i / (n - 1)
        }
    };
    let y = |m: u8| H - PAD - (H - 2 * PAD) * usize::from(m.clamp(1, 5) - 1) / 4;
    let line = move |pick: fn(&Summary) -> Option<u8>| {
        move || {
            points.with(|pts| {
                let n = pts.len();
                pts.iter()
                    .enumerate()
                    .filter_map(|(i, s)| pick(s).map(|m| format!("{},{}", x(i, n), y(m))))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        }
    };
    let grid = (1..=5u8)
        .map(|m| {
            view! {
                <line class="grid" x1=PAD x2=W - PAD y1=y(m) y2=y(m) />
                <text class="axis" x=PAD - 8 y=y(m) + 4 text-anchor="end">{m.to_string()}</text>
            }
        })
        .collect_view();
    view! {
        {move || {
            (!points.with(Vec::is_empty))
                .then(|| {
                    view! {
                        <figure class="mood-chart">
                            <figcaption>
                                "Mood before (dashed) and after (solid) your last sessions, from 1 (very low) to 5 (very good)"
                            </figcaption>
                            <svg viewBox=format!("0 0 {W} {H}") aria-hidden="true" focusable="false">
                                {grid.clone()}
                                <polyline class="mood-before" points=line(|s| s.before) />
                                <polyline class="mood-after" points=line(|s| s.after) />
                            </svg>
                            <table class="visually-hidden">
                                <caption>"Mood before and after each session, oldest first"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Date"</th>
                                        <th scope="col">"Before"</th>
                                        <th scope="col">"After"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {points
                                        .get()
                                        .into_iter()
                                        .map(|s| {
                                            let m = |m: Option<u8>| m.map_or("not noted".to_owned(), |m| m.to_string());
                                            view! {
                                                <tr>
                                                    <th scope="row">{s.date.clone()}</th>
                                                    <td>{m(s.before)}</td>
                                                    <td>{m(s.after)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </figure>
                    }
                })
        }}
    }
}
