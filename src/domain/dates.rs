//! Session dates in words for people: "Thu 19 Nov" from the stored
//! `YYYY-MM-DD`. Computed from the stored date alone (never the clock), so
//! the prerender and the browser agree.

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Year, month (1–12) and day of a valid `YYYY-MM-DD`.
fn parse(date: &str) -> Option<(i32, u32, u32)> {
    if !crate::domain::journal::is_valid_date(date) {
        return None;
    }
    let year = date.get(0..4)?.parse().ok()?;
    let month = date.get(5..7)?.parse().ok()?;
    let day = date.get(8..10)?.parse().ok()?;
    Some((year, month, day))
}

/// Day of the week, 0 for Sunday (Sakamoto's method, Gregorian calendar).
fn weekday(year: i32, month: u32, day: u32) -> usize {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let m = (month - 1) as usize;
    (y + y / 4 - y / 100 + y / 400 + T[m] + day as i32).rem_euclid(7) as usize
}

/// "Thu 19 Nov"; the stored text itself if it is not a valid date.
pub fn day_label(date: &str) -> String {
    match parse(date) {
        Some((y, m, d)) => format!("{} {d} {}", WEEKDAYS[weekday(y, m, d)], MONTHS[m as usize - 1]),
        None => date.to_owned(),
    }
}

/// "19 Nov", for a chart's axis; the stored text if it is not a valid date.
pub fn short_label(date: &str) -> String {
    match parse(date) {
        Some((_, m, d)) => format!("{d} {}", MONTHS[m as usize - 1]),
        None => date.to_owned(),
    }
}

/// "Thu 19 Nov 2026", for the table beside the chart.
pub fn day_label_with_year(date: &str) -> String {
    match parse(date) {
        Some((y, ..)) => format!("{} {y}", day_label(date)),
        None => date.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates_get_their_weekday() {
        assert_eq!(day_label("2026-11-19"), "Thu 19 Nov");
        assert_eq!(day_label("2000-01-01"), "Sat 1 Jan");
        assert_eq!(day_label("2024-02-29"), "Thu 29 Feb");
        assert_eq!(day_label("1970-01-01"), "Thu 1 Jan");
        assert_eq!(day_label("2027-03-01"), "Mon 1 Mar");
        assert_eq!(day_label_with_year("2026-12-31"), "Thu 31 Dec 2026");
    }

    #[test]
    fn consecutive_days_step_through_the_week() {
        for day in 1..28u32 {
            let date = format!("2026-02-{day:02}");
            let next = format!("2026-02-{:02}", day + 1);
            let (a, b) = (parse(&date).unwrap(), parse(&next).unwrap());
            assert_eq!((weekday(a.0, a.1, a.2) + 1) % 7, weekday(b.0, b.1, b.2), "{date}");
        }
    }

    #[test]
    fn short_labels_drop_the_weekday() {
        assert_eq!(short_label("2026-11-09"), "9 Nov");
    }

    #[test]
    fn text_that_is_not_a_date_is_shown_as_it_is() {
        for bad in ["", "19/11/2026", "2026-13-01", "2026-02-30", "abcd-ef-gh"] {
            assert_eq!(day_label(bad), bad);
            assert_eq!(short_label(bad), bad);
        }
    }
}
