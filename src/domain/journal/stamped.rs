//! The building blocks every field of a journal is made of, each with a merge
//! that is commutative, associative and idempotent:
//!
//! - [`Stamped`]: a value with the time of the write that set it; the later
//!   write wins, and equal times are broken by the value, so both sides agree.
//! - [`Note`]: a text that keeps concurrent versions. Each version names its
//!   writer (a tab, one page load) and carries what its writer had seen: the
//!   latest time of each writer (a version vector). A version supersedes
//!   exactly the versions it had seen; versions neither side had seen are
//!   both kept, the later shown and the other offered as a conflict copy.
//! - [`Clock`]: a tab's clock, which never goes back and never hands out a
//!   time at or below one it has already seen.

use serde::{Deserialize, Serialize};

/// A value and the time (milliseconds since the epoch) of the write that set it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped<T> {
    #[serde(rename = "v")]
    pub value: T,
    #[serde(rename = "t")]
    pub at: u64,
}

impl<T: PartialEq + Ord + Clone> Stamped<T> {
    pub fn new(value: T, at: u64) -> Self {
        Stamped { value, at }
    }

    /// Writes `value` at `now` (only if it differs). Returns whether it changed.
    pub fn write(&mut self, value: T, now: u64) -> bool {
        if self.value == value {
            return false;
        }
        self.value = value;
        self.at = now.max(self.at.saturating_add(1));
        true
    }

    /// Whether this write wins over `other`: the later time, then the larger value.
    pub fn beats(&self, other: &Stamped<T>) -> bool {
        (self.at, &self.value) > (other.at, &other.value)
    }

    /// The winning write of the two.
    pub fn later_of(&self, other: &Stamped<T>) -> Stamped<T> {
        if other.beats(self) {
            other.clone()
        } else {
            self.clone()
        }
    }
}

/// One version of a note.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NoteVersion {
    #[serde(rename = "t")]
    pub at: u64,
    #[serde(rename = "v")]
    pub text: String,
    /// The tab (one page load) that wrote it; empty for a note's first,
    /// empty version and for versions written before schema 3.
    #[serde(rename = "w", default, skip_serializing_if = "String::is_empty")]
    pub by: String,
    /// What its writer had seen when it wrote it: for each writer, the time
    /// of the latest of its versions (kept or superseded) in the writer's
    /// copy, sorted by writer. Every version so seen is superseded by this
    /// one; no other is. (A list, not a map: one map type fewer in the wasm.)
    #[serde(rename = "s", default, skip_serializing_if = "Vec::is_empty")]
    pub seen: Vec<(String, u64)>,
}

impl NoteVersion {
    /// Whether this version was written knowing `other` (so `other` is old).
    pub fn supersedes(&self, other: &NoteVersion) -> bool {
        self.at > other.at && self.seen_of(&other.by).is_some_and(|t| t >= other.at)
    }

    /// The latest time of `writer` this version had seen.
    pub fn seen_of(&self, writer: &str) -> Option<u64> {
        self.seen
            .binary_search_by(|(w, _)| w.as_str().cmp(writer))
            .ok()
            .map(|i| self.seen[i].1)
    }
}

/// Most writers a version's context names: past it, the writers seen
/// longest ago are forgotten (a version of theirs that comes back from an
/// old copy is then offered as a conflict copy, never lost).
pub const MAX_NOTE_WRITERS: usize = 256;

/// A conflict copy that outlived a later write: kept until the client keeps
/// or drops it (then only its time remains, so it does not come back).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NoteCopy {
    #[serde(rename = "t")]
    pub at: u64,
    #[serde(rename = "v")]
    pub text: String,
    #[serde(rename = "r", default)]
    pub resolved: bool,
}

/// A note: its versions that no other version supersedes, oldest first (the
/// last is the text shown), and the conflict copies a later write met.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    #[serde(rename = "v")]
    pub versions: Vec<NoteVersion>,
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<NoteCopy>,
}

impl Note {
    /// An empty note written at `at`.
    pub fn new(at: u64) -> Note {
        Note {
            versions: vec![NoteVersion {
                at,
                text: String::new(),
                by: String::new(),
                seen: Vec::new(),
            }],
            copies: Vec::new(),
        }
    }

    /// The text shown: the latest version.
    pub fn text(&self) -> &str {
        self.versions.last().map_or("", |v| v.text.as_str())
    }

    /// The time of the latest version.
    pub fn at(&self) -> u64 {
        self.versions.last().map_or(0, |v| v.at)
    }

    /// Texts written elsewhere at the same time as the one shown and not yet
    /// kept or dropped, oldest first, each once; a text whose words are all
    /// in the one shown or in another offered (an earlier keystroke of a
    /// text typed on) is not offered: keeping it would only repeat them.
    pub fn conflicts(&self) -> Vec<NoteVersion> {
        let shown = self.text();
        let mut out: Vec<NoteVersion> = Vec::new();
        let pending = self.versions[..self.versions.len().saturating_sub(1)]
            .iter()
            .filter(|v| !self.copies.iter().any(|c| c.resolved && c.at == v.at))
            .cloned()
            .chain(self.copies.iter().filter(|c| !c.resolved).map(|c| NoteVersion {
                at: c.at,
                text: c.text.clone(),
                by: String::new(),
                seen: Vec::new(),
            }));
        for v in pending {
            if !shown.contains(v.text.as_str()) && !out.iter().any(|o| o.text == v.text) {
                out.push(v);
            }
        }
        let texts: Vec<String> = out.iter().map(|v| v.text.clone()).collect();
        out.retain(|v| {
            !texts
                .iter()
                .any(|t| t.len() > v.text.len() && t.contains(v.text.as_str()))
        });
        out.sort();
        out
    }

    /// A new version by `by` at `now`, written knowing every version here
    /// (before any moves to the conflict copies) and all they had seen.
    fn next_version(&self, text: String, now: u64, by: &str) -> NoteVersion {
        let mut seen: Vec<(String, u64)> = Vec::new();
        let mut latest = 0;
        for v in &self.versions {
            latest = latest.max(v.at);
            for (writer, at) in v.seen.iter().chain([&(v.by.clone(), v.at)]) {
                match seen.binary_search_by(|(w, _)| w.cmp(writer)) {
                    Ok(i) => seen[i].1 = seen[i].1.max(*at),
                    Err(i) => seen.insert(i, (writer.clone(), *at)),
                }
            }
        }
        while seen.len() > MAX_NOTE_WRITERS {
            let oldest = seen
                .iter()
                .enumerate()
                .filter(|(_, (writer, _))| !writer.is_empty())
                .min_by_key(|(_, (_, at))| *at)
                .map(|(i, _)| i);
            match oldest {
                Some(i) => seen.remove(i),
                None => break,
            };
        }
        NoteVersion {
            at: now.max(latest.saturating_add(1)),
            text,
            by: by.to_owned(),
            seen,
        }
    }

    fn add_copy(&mut self, copy: NoteCopy) {
        match self.copies.iter_mut().find(|c| c.at == copy.at) {
            Some(here) => *here = join_copies(here, &copy),
            None => {
                self.copies.push(copy);
                self.copies.sort();
            }
        }
    }

    /// Writes `text` at `now`, by the tab `by`. It supersedes every version
    /// here; versions written elsewhere at the same time stay as conflict
    /// copies until the client keeps or drops them. Returns whether anything
    /// changed.
    pub fn write(&mut self, text: String, now: u64, by: &str) -> bool {
        if self.versions.len() == 1 && self.text() == text {
            return false;
        }
        let next = self.next_version(text, now, by);
        self.supersede(next, false);
        true
    }

    /// Makes `next` the only version. Every version it supersedes that
    /// was written elsewhere at the same time (all but the last) becomes a
    /// conflict copy, open or `resolved` (then without its text). A text
    /// whose words are all in the new one (an earlier keystroke of it) is
    /// no conflict: the new version supersedes it, as it had seen it.
    fn supersede(&mut self, next: NoteVersion, resolved: bool) {
        let count = self.versions.len().saturating_sub(1);
        let pending: Vec<NoteVersion> = self.versions.drain(..count).collect();
        for v in pending
            .into_iter()
            .filter(|v| !next.text.contains(v.text.as_str()))
        {
            self.add_copy(NoteCopy {
                at: v.at,
                text: if resolved { String::new() } else { v.text },
                resolved,
            });
        }
        self.versions = vec![next];
    }

    /// Marks every conflict copy kept or dropped and writes `text`.
    pub fn resolve(&mut self, text: String, now: u64, by: &str) {
        // Always a new write, so that it supersedes the versions resolved.
        let next = self.next_version(text, now, by);
        for c in &mut self.copies {
            c.resolved = true;
            c.text.clear();
        }
        self.supersede(next, true);
    }

    /// Both notes together: every version of either that no version of
    /// either supersedes, and every copy of either (resolved wins).
    pub fn merge(&self, other: &Note) -> Note {
        let mut all: Vec<NoteVersion> = self.versions.iter().chain(&other.versions).cloned().collect();
        all.sort();
        all.dedup();
        let kept = all
            .iter()
            .filter(|v| !all.iter().any(|w| w.supersedes(v)))
            .cloned()
            .collect();
        let mut merged = Note {
            versions: kept,
            copies: self.copies.clone(),
        };
        for copy in &other.copies {
            merged.add_copy(copy.clone());
        }
        merged
    }
}

fn join_copies(a: &NoteCopy, b: &NoteCopy) -> NoteCopy {
    let resolved = a.resolved || b.resolved;
    NoteCopy {
        at: a.at,
        text: if resolved {
            String::new()
        } else {
            a.text.clone().max(b.text.clone())
        },
        resolved,
    }
}

/// A tab's clock: never back, always past every time it has seen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    last: u64,
}

impl Clock {
    /// The time for a new write, given the wall clock's `now`.
    pub fn tick(&mut self, now: u64) -> u64 {
        self.last = now.max(self.last.saturating_add(1));
        self.last
    }

    /// Remembers a time seen in data from elsewhere.
    pub fn observe(&mut self, at: u64) {
        self.last = self.last.max(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writing_the_same_value_changes_nothing_and_a_clock_that_went_back_still_moves_on() {
        let mut f = Stamped::new("a".to_owned(), 10);
        assert!(!f.write("a".to_owned(), 20));
        assert_eq!(f.at, 10);
        assert!(f.write("b".to_owned(), 5));
        assert_eq!(f.at, 11);
    }

    #[test]
    fn equal_times_are_broken_by_the_value_on_both_sides() {
        let a = Stamped::new(1u8, 7);
        let b = Stamped::new(2u8, 7);
        assert_eq!(a.later_of(&b), b);
        assert_eq!(b.later_of(&a), b);
    }

    #[test]
    fn a_clock_never_repeats_a_time_even_when_the_wall_clock_goes_back() {
        let mut clock = Clock::default();
        assert_eq!(clock.tick(100), 100);
        assert_eq!(clock.tick(100), 101);
        assert_eq!(clock.tick(50), 102);
        clock.observe(500);
        assert_eq!(clock.tick(200), 501);
    }

    #[test]
    fn two_tabs_writing_one_note_keep_both_texts_and_a_later_write_resolves_them() {
        let base = Note::new(1);
        let mut a = base.clone();
        let mut b = base.clone();
        a.write("written in tab A".into(), 10, "A");
        b.write("written in tab B".into(), 11, "B");
        let merged = a.merge(&b);
        assert_eq!(merged, b.merge(&a));
        assert_eq!(merged.text(), "written in tab B");
        assert_eq!(merged.conflicts().len(), 1);
        assert_eq!(merged.conflicts()[0].text, "written in tab A");
        let mut typed_on = merged.clone();
        typed_on.write("written in tab B, and more".into(), 12, "B");
        assert_eq!(typed_on.conflicts().len(), 1, "typing on does not drop the copy");
        assert_eq!(typed_on.merge(&a).conflicts().len(), 1);
        let mut resolved = typed_on.clone();
        resolved.resolve("written in tab B, and more".into(), 13, "B");
        assert!(resolved.conflicts().is_empty());
        assert_eq!(resolved.merge(&a), resolved, "the resolution supersedes both");
    }

    #[test]
    fn an_edit_made_after_seeing_the_other_version_is_no_conflict() {
        let mut a = Note::new(1);
        a.write("first".into(), 10, "A");
        let mut b = a.clone();
        b.write("first, then more".into(), 20, "B");
        assert_eq!(a.merge(&b), b);
        assert_eq!(b.merge(&a), b);
    }

    #[test]
    fn typing_on_in_one_tab_never_supersedes_what_another_tab_wrote_unseen() {
        // Tab A writes its last words; before they reach tab B, B types two
        // keystrokes, each later than A's. B's second keystroke follows its
        // own first, not A's words: they must stay, as a conflict copy.
        let base = Note::new(1);
        let mut a = base.clone();
        let mut b = base.clone();
        a.write("A's last words".into(), 100, "A");
        b.write("B types".into(), 200, "B");
        b.write("B types on".into(), 300, "B");
        for merged in [a.merge(&b), b.merge(&a)] {
            assert_eq!(merged.text(), "B types on");
            let conflicts: Vec<String> = merged.conflicts().into_iter().map(|v| v.text).collect();
            assert_eq!(conflicts, ["A's last words"]);
        }
        // Once B has seen A's words, B's next keystroke supersedes them.
        let mut seen = b.merge(&a);
        seen.write("B, knowing A".into(), 400, "B");
        assert_eq!(seen.merge(&a).versions.len(), 1);
    }

    #[test]
    fn a_version_superseded_long_ago_stays_superseded_when_an_old_copy_brings_it_back() {
        let mut old = Note::new(1);
        old.write("first".into(), 10, "A");
        let mut mid = old.clone();
        mid.write("second".into(), 20, "B");
        let mut new = mid.clone();
        new.write("third".into(), 30, "C");
        assert_eq!(new.merge(&old), new, "C knew A's version by way of B's");
    }

    #[test]
    fn earlier_keystrokes_of_a_text_typed_on_are_not_offered_as_conflicts() {
        // Two windows type at once; each window's writes make the other's
        // unseen versions conflict copies, among them earlier keystrokes of
        // a text the other window then typed on.
        let base = Note::new(1);
        let mut b = base.clone();
        b.write("0".into(), 10, "B");
        let mut a = base.clone();
        a.write("abc".into(), 11, "A");
        let mut a = a.merge(&b);
        a.write("abcd".into(), 12, "A"); // "0" becomes a copy here
        b.write("01".into(), 13, "B");
        let mut b = b.merge(&a);
        b.write("012".into(), 14, "B"); // "abcd" becomes a copy; "01" was typed on
        let merged = b.merge(&a);
        assert_eq!(merged.text(), "012");
        let offered: Vec<String> = merged.conflicts().into_iter().map(|v| v.text).collect();
        assert_eq!(offered, ["abcd"], "not \"0\": its words are in the text shown");
        // A copy whose words are in another copy is not offered twice.
        let mut c = base.clone();
        c.write("abc".into(), 20, "C");
        let mut d = merged.merge(&c);
        d.write("012!".into(), 21, "B");
        let offered: Vec<String> = d.conflicts().into_iter().map(|v| v.text).collect();
        assert_eq!(offered, ["abcd"]);
    }
}
