//! Merging two replicas of a journal (this tab's and another tab's, or a
//! file's). The merge is commutative, associative and idempotent:
//!
//! - every field (each step's tick, text, removal, the order of the steps,
//!   each mood, the date) carries the later write and its value; equal
//!   times are broken by the value;
//! - each note keeps every version neither side had seen (conflict copies);
//! - a purged session stays purged (its tombstone wins over its content);
//! - the erase stamp of "delete everything" is the later of the two, and
//!   drops every session started at or before it, tombstones included.

use std::collections::BTreeMap;

use super::{Journal, Session, Tombstone, erases};

/// One session from two copies of it.
pub fn merge_session(a: &Session, b: &Session) -> Session {
    let mut ticks = a.ticks.clone();
    for (id, tick) in &b.ticks {
        ticks
            .entry(id.clone())
            .and_modify(|here| *here = here.later_of(tick))
            .or_insert_with(|| tick.clone());
    }
    Session {
        id: a.id.clone(),
        created: a.created.min(b.created),
        deleted: a.deleted.later_of(&b.deleted),
        date: a.date.later_of(&b.date),
        steps: a.steps.merge(&b.steps),
        ticks,
        mood_before: a.mood_before.later_of(&b.mood_before),
        mood_after: a.mood_after.later_of(&b.mood_after),
        bring_up: a.bring_up.merge(&b.bring_up),
        private_note: a.private_note.merge(&b.private_note),
    }
}

/// Both replicas together. The result is the same whichever is `local`.
pub fn merge(local: &Journal, remote: &Journal) -> Journal {
    let erased = local.erased.max(remote.erased);
    let mut purged: BTreeMap<String, Tombstone> = local.purged.clone();
    for (id, stone) in &remote.purged {
        purged
            .entry(id.clone())
            .and_modify(|here| {
                here.created = here.created.min(stone.created);
                here.deleted = here.deleted.max(stone.deleted);
            })
            .or_insert_with(|| stone.clone());
    }
    purged.retain(|_, stone| !erases(erased, stone.created));

    let mut by_id: BTreeMap<&str, Session> = BTreeMap::new();
    for session in local.sessions.iter().chain(&remote.sessions) {
        by_id
            .entry(session.id.as_str())
            .and_modify(|here| *here = merge_session(here, session))
            .or_insert_with(|| session.clone());
    }
    let mut sessions: Vec<Session> = by_id
        .into_values()
        .filter(|s| !erases(erased, s.created) && !purged.contains_key(&s.id))
        .collect();
    sessions.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    Journal {
        schema: local.schema.max(remote.schema),
        erased,
        current: local.current.later_of(&remote.current),
        sessions,
        purged,
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
        here.set_private_note("s2", "written here", 3_000, "here")
            .unwrap();
        there.set_ticked("accept-reality", true, 3_500).unwrap();
        there.set_moods("s1", Some(4), Some(2), 3_600).unwrap();
        let merged = merge(&here, &there);
        let s2 = merged.session("s2").unwrap();
        assert_eq!(s2.private_note.text(), "written here");
        assert!(s2.is_ticked("accept-reality"));
        assert_eq!(merged.session("s1").unwrap().mood_after.value, Some(2));
    }

    #[test]
    fn two_tabs_ticking_different_steps_keep_both_ticks() {
        let mut here = base();
        let mut there = base();
        here.set_ticked("accept-reality", true, 3_000).unwrap();
        there.set_ticked("talk-about-it", true, 3_001).unwrap();
        for merged in [merge(&here, &there), merge(&there, &here)] {
            assert_eq!(merged.current().unwrap().progress(), (2, 4));
        }
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
        assert_eq!(merged.current.value, "s3-here");
        let mut restored = merged.clone();
        restored.undo_delete("s1", 4_000).unwrap();
        assert!(
            merge(&restored, &there).session("s1").is_some(),
            "a later undo wins over the deletion"
        );
    }

    #[test]
    fn a_purged_session_stays_purged_whatever_it_meets() {
        let mut here = base();
        let mut old = base();
        old.set_private_note("s1", "words the client deleted", 2_500, "old")
            .unwrap();
        here.delete_session("s1", 3_000).unwrap();
        here.purge_deleted_before(3_000);
        assert!(here.sessions.iter().all(|s| s.id != "s1"));
        for merged in [merge(&here, &old), merge(&old, &here)] {
            assert!(merged.sessions.iter().all(|s| s.id != "s1"));
            assert!(!crate::domain::journal::codec::encode(&merged).contains("words the client deleted"));
        }
    }

    #[test]
    fn delete_everything_wins_over_every_older_write_from_a_stale_tab() {
        let mut stale = base();
        stale
            .set_private_note("s2", "secret words", 2_500, "stale")
            .unwrap();
        let mut erased = base();
        erased.erase_all("fresh".into(), "2026-12-10".into(), steps(), 3_000);
        let merged = merge(&stale, &erased);
        assert_eq!(merged, merge(&erased, &stale));
        assert_eq!(merged.sessions.len(), 1);
        assert_eq!(merged.current.value, "fresh");
        assert!(!crate::domain::journal::codec::encode(&merged).contains("secret words"));
    }
}
