//! Merging two copies of a journal (this tab's and another tab's): session by
//! session and field by field, the later change wins, so an edit here never
//! overwrites a newer edit made elsewhere.

use super::{Field, Journal, Session};

fn pick<T: Clone + PartialEq + Ord>(a: &Field<T>, b: &Field<T>) -> Field<T> {
    // Later change wins; on a tie the larger value, so both sides agree.
    match a.modified.cmp(&b.modified) {
        std::cmp::Ordering::Greater => a.clone(),
        std::cmp::Ordering::Less => b.clone(),
        std::cmp::Ordering::Equal if a.value >= b.value => a.clone(),
        std::cmp::Ordering::Equal => b.clone(),
    }
}

/// One session from two copies of it. Steps and ticks are chosen field by
/// field, so a tick of a step the other copy removed is dropped (it could
/// not be shown, and the document would no longer validate).
pub fn merge_session(a: &Session, b: &Session) -> Session {
    let mut merged = Session {
        id: a.id.clone(),
        created: a.created.min(b.created),
        deleted: pick(&a.deleted, &b.deleted),
        date: pick(&a.date, &b.date),
        steps: pick(&a.steps, &b.steps),
        ticked: pick(&a.ticked, &b.ticked),
        mood_before: pick(&a.mood_before, &b.mood_before),
        mood_after: pick(&a.mood_after, &b.mood_after),
        bring_up: pick(&a.bring_up, &b.bring_up),
        journal: pick(&a.journal, &b.journal),
    };
    let steps = &merged.steps.value;
    merged.ticked.value.retain(|t| steps.iter().any(|s| s.id == *t));
    merged
}

/// Both copies together: every session of either, each field the later one.
/// The result is the same whichever copy is `local`.
pub fn merge(local: &Journal, remote: &Journal) -> Journal {
    let mut sessions: Vec<Session> = Vec::with_capacity(local.sessions.len().max(remote.sessions.len()));
    let mut remote_by_id: std::collections::HashMap<&str, &Session> =
        remote.sessions.iter().map(|s| (s.id.as_str(), s)).collect();
    for session in &local.sessions {
        match remote_by_id.remove(session.id.as_str()) {
            Some(other) => sessions.push(merge_session(session, other)),
            None => sessions.push(session.clone()),
        }
    }
    sessions.extend(
        remote
            .sessions
            .iter()
            .filter(|s| remote_by_id.contains_key(s.id.as_str()))
            .cloned(),
    );
    sessions.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    Journal {
        schema: local.schema.max(remote.schema),
        current: pick(&local.current, &remote.current),
        sessions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::journal::test_steps as steps;

    fn base() -> Journal {
        let mut j = Journal::new("s1".into(), "2026-11-25".into(), steps(), 1_000);
        j.start_new_session("s2".into(), "2026-12-02".into(), 2_000);
        j
    }

    #[test]
    fn edits_to_different_fields_both_survive() {
        let mut here = base();
        let mut there = base();
        here.set_journal("s2", "written here", 3_000).unwrap();
        there.set_ticked("accept-reality", true, 3_500).unwrap();
        there.set_moods("s1", Some(4), Some(2), 3_600).unwrap();
        let merged = merge(&here, &there);
        let s2 = merged.session("s2").unwrap();
        assert_eq!(s2.journal.value, "written here");
        assert!(s2.is_ticked("accept-reality"));
        assert_eq!(merged.session("s1").unwrap().mood_after.value, Some(2));
    }

    #[test]
    fn an_older_edit_never_overwrites_a_newer_one() {
        let mut here = base();
        let mut there = base();
        there
            .set_journal("s2", "newer, from the other tab", 5_000)
            .unwrap();
        here.set_journal("s2", "older, typed here", 4_000).unwrap();
        assert_eq!(
            merge(&here, &there).session("s2").unwrap().journal.value,
            "newer, from the other tab"
        );
        assert_eq!(
            merge(&there, &here).session("s2").unwrap().journal.value,
            "newer, from the other tab"
        );
    }

    #[test]
    fn sessions_from_either_side_are_kept_and_deletions_travel() {
        let mut here = base();
        let mut there = base();
        here.start_new_session("s3-here".into(), "2026-12-09".into(), 3_000);
        there.delete_session("s1", 3_100).unwrap();
        let merged = merge(&here, &there);
        assert!(merged.session("s3-here").is_some());
        assert!(merged.session("s1").is_none(), "deleted in the other tab");
        assert_eq!(
            merged.current.value, "s3-here",
            "the later choice of current session"
        );
        let mut restored = merged.clone();
        restored.undo_delete("s1", 4_000).unwrap();
        assert!(
            merge(&restored, &there).session("s1").is_some(),
            "a later undo wins over the deletion"
        );
    }

    #[test]
    fn a_tick_of_a_step_removed_in_the_other_tab_is_dropped() {
        let mut a = base();
        let mut b = base();
        a.remove_step("talk-about-it", 3_000).unwrap();
        b.set_ticked("talk-about-it", true, 4_000).unwrap();
        b.set_ticked("treat-yourself", true, 4_001).unwrap();
        for merged in [merge(&a, &b), merge(&b, &a)] {
            assert_eq!(crate::domain::journal::codec::validate(&merged), Ok(()));
            let s2 = merged.session("s2").unwrap();
            assert!(!s2.is_ticked("talk-about-it") && s2.is_ticked("treat-yourself"));
        }
    }

    #[test]
    fn merging_is_symmetric_and_idempotent() {
        let mut a = base();
        let mut b = base();
        a.set_bring_up("s2", "a", 3_000).unwrap();
        b.set_bring_up("s2", "b", 3_000).unwrap();
        b.add_step("own".into(), "Walk", 3_000).unwrap();
        a.rename_step("treat-yourself", "Treat!", 3_000).unwrap();
        assert_eq!(merge(&a, &b), merge(&b, &a));
        let m = merge(&a, &b);
        assert_eq!(merge(&m, &m), m);
        assert_eq!(merge(&m, &a), m);
    }
}
