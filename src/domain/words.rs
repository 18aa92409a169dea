//! Counts in words a person reads: "1 session", "2 sessions", "10,000".

/// `n` and the noun in the form that goes with it: `count(1, "session",
/// "sessions")` is "1 session", `count(0, …)` is "0 sessions".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "1 session", "2 sessions".
pub fn sessions(n: usize) -> String {
    count(n, "session", "sessions")
}

/// `n` with its thousands grouped: "10,000".
pub fn number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_numbers_have_their_thousands_grouped() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1_000), "1,000");
        assert_eq!(number(10_002), "10,002");
        assert_eq!(number(1_234_567), "1,234,567");
    }

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(sessions(0), "0 sessions");
        assert_eq!(sessions(1), "1 session");
        assert_eq!(sessions(2), "2 sessions");
        assert_eq!(sessions(21), "21 sessions");
        assert_eq!(count(1, "step", "steps"), "1 step");
        assert_eq!(count(4, "step", "steps"), "4 steps");
    }
}
