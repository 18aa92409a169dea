//! Importing a file is a merge with the file's replica, field by field, the
//! newer write winning; the preview counts exactly what the merge changes,
//! and one step back ("Undo import") writes the state before it again.
//!
//! Two choices a plain merge would not make, because an import is the
//! client asking for the file's contents:
//! - sessions that "Delete everything" removed here come back from the file
//!   (under new ids, written now): that is how a backup is restored. The new
//!   id follows from the old one and the erase ([`restored_id`]), so the
//!   same file imported twice, or in two tabs, restores each session once;
//! - the file's deletions and its own "delete everything" mark sessions here
//!   as deleted (within the undo window) rather than purge them, so that
//!   "Undo import" can bring them back.

use super::merge::merge;
use super::validate::{Invalid, validate};
use super::{Journal, MAX_SESSIONS, Note, Session, Stamped, Tombstone, erases};
use crate::domain::words::number;

/// What an import would change, counted from the merge itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportPreview {
    /// Sessions from the file that are not here.
    pub added: usize,
    /// Sessions here that the file brings newer writes to.
    pub updated: usize,
    /// Sessions here that the file records as deleted.
    pub deleted: usize,
    /// Sessions in the file left as they are here, because this browser's
    /// copy is newer.
    pub ignored: usize,
    /// Sessions in the file that stay deleted, because they were deleted
    /// here after the file was saved (a backup does not bring back what
    /// was deleted since).
    pub stay_deleted: usize,
}

/// Refuses the journal an import would make when this app could not read
/// it back (validation refuses it at the next load): in practice, when the
/// file and this browser hold more sessions together than it keeps. The
/// reason is in the client's words.
pub fn check_result(result: &Journal) -> Result<(), String> {
    match validate(result) {
        Ok(()) => Ok(()),
        Err(Invalid::SessionCount(n)) => Err(format!(
            "Together with the sessions in this browser, the file makes {} sessions: more than the {} this app keeps.",
            number(n),
            number(MAX_SESSIONS)
        )),
        Err(why) => Err(format!(
            "The file cannot be joined with the journal in this browser ({why})."
        )),
    }
}

/// Copies `session` under `id` as if every field were written at `now`.
fn rewritten(session: &Session, id: String, now: u64) -> Session {
    let mut copy = Session::new(id, session.date.value.clone(), session.steps.list(), now);
    for step in session.ticked_ids() {
        copy.ticks.insert(step, Stamped::new(true, now));
    }
    copy.mood_before.value = session.mood_before.value;
    copy.mood_after.value = session.mood_after.value;
    copy.bring_up.versions[0].text = session.bring_up.text().to_owned();
    copy.private_note.versions[0].text = session.private_note.text().to_owned();
    copy
}

/// The id under which a session that "Delete everything" (at `erased`)
/// removed comes back from a file: the same for the same session and erase,
/// on every device (FNV-1a of both, 64 bits).
pub fn restored_id(id: &str, erased: u64) -> String {
    format!("r-{:016x}", super::fnv1a(id.bytes().chain(erased.to_le_bytes())))
}

/// The journal after importing `file` into `here` at `now` (a time later
/// than every stamp in either).
pub fn import(here: &Journal, file: &Journal, now: u64) -> Journal {
    let now = now.max(here.latest_stamp().max(file.latest_stamp()).saturating_add(1));
    let mut incoming = file.clone();
    // The file's deletions become deletions here, not purges.
    for (id, stone) in std::mem::take(&mut incoming.purged) {
        if let Some(local) = here.sessions.iter().find(|s| s.id == id) {
            let mut deleted = local.clone();
            deleted.deleted = Stamped::new(true, stone.deleted);
            incoming.sessions.push(deleted);
        }
    }
    for local in &here.sessions {
        if erases(incoming.erased, local.created) && !incoming.sessions.iter().any(|s| s.id == local.id) {
            let mut deleted = local.clone();
            deleted.deleted = Stamped::new(true, incoming.erased);
            incoming.sessions.push(deleted);
        }
    }
    incoming.erased = 0;
    // Sessions erased here come back under new ids.
    let mut restored = Vec::new();
    incoming.sessions.retain(|s| {
        if erases(here.erased, s.created) && !s.deleted.value {
            restored.push(s.clone());
            false
        } else {
            true
        }
    });
    let mut result = merge(here, &incoming);
    let mut file_current = file.current.value.clone();
    for session in restored {
        let id = restored_id(&session.id, here.erased);
        if session.id == file_current {
            file_current = id.clone();
        }
        // Restored before (and maybe changed or deleted since): left as it is.
        if !result.sessions.iter().any(|s| s.id == id) && !result.purged.contains_key(&id) {
            result.sessions.push(rewritten(&session, id, now));
        }
    }
    // An untouched checklist here gives way to the file's current session.
    let untouched = here.current().is_some_and(Session::is_untouched);
    if untouched && result.session(&file_current).is_some() && file_current != here.current.value {
        let old = here.current.value.clone();
        result.current.write(file_current, now);
        // Still holding nothing once merged, it goes at once, leaving only
        // its tombstone. Filled in by the file (the same session, written
        // on another device), it stays, as a past session.
        if let Some(at) = result
            .sessions
            .iter()
            .position(|s| s.id == old && s.is_untouched())
        {
            let gone = result.sessions.remove(at);
            let stone = Tombstone {
                created: gone.created,
                deleted: now,
            };
            result.purged.insert(gone.id, stone);
        }
    }
    result
}

/// Counts what `import` changed from `here` to `result` for `file`.
pub fn preview(here: &Journal, file: &Journal, result: &Journal) -> ImportPreview {
    let mut counts = ImportPreview::default();
    for session in result.live_sessions() {
        match here.sessions.iter().find(|s| s.id == session.id) {
            Some(local) if local.deleted.value => counts.added += 1,
            Some(local) if local != session => counts.updated += 1,
            Some(_) => {}
            None => counts.added += 1,
        }
    }
    for local in here.live_sessions() {
        if result.session(&local.id).is_none() && !local.is_untouched() {
            counts.deleted += 1;
        }
    }
    for theirs in file.live_sessions() {
        let local = here.sessions.iter().find(|s| s.id == theirs.id);
        let merged = result.sessions.iter().find(|s| s.id == theirs.id);
        match (local, merged) {
            (Some(local), Some(merged)) if local != theirs && merged == local && local.deleted.value => {
                counts.stay_deleted += 1
            }
            (Some(local), Some(merged)) if local != theirs && merged == local => counts.ignored += 1,
            (None, None) if here.purged.contains_key(&theirs.id) => counts.stay_deleted += 1,
            (None, None) if erases(here.erased, theirs.created) => {
                let id = restored_id(&theirs.id, here.erased);
                match here.sessions.iter().find(|s| s.id == id) {
                    Some(restored) if restored.deleted.value => counts.stay_deleted += 1,
                    Some(_) => counts.ignored += 1,
                    None if here.purged.contains_key(&id) => counts.stay_deleted += 1,
                    None => {}
                }
            }
            _ => {}
        }
    }
    counts
}

/// Writes again, at `now`, every field that differs between `before` (the
/// journal just before an import) and `after` (the journal now): sessions
/// the import added are deleted, sessions it deleted come back.
pub fn undo_import(
    before: &Journal,
    after: &Journal,
    now: u64,
    by: &str,
    new_id: &mut dyn FnMut() -> String,
) -> Journal {
    let now = now.max(after.latest_stamp().saturating_add(1));
    let mut result = after.clone();
    let mut current = before.current.value.clone();
    for session in result.sessions.iter_mut() {
        if !before.sessions.iter().any(|s| s.id == session.id) {
            session.deleted.write(true, now);
        }
    }
    for old in &before.sessions {
        match result.sessions.iter_mut().find(|s| s.id == old.id) {
            Some(s) => restore_session(s, old, now, by),
            None if !old.deleted.value => {
                let id = new_id();
                if old.id == current {
                    current = id.clone();
                }
                result.sessions.push(rewritten(old, id, now));
            }
            None => {}
        }
    }
    result.current.write(current, now);
    result
}

fn restore_note(note: &mut Note, old: &Note, now: u64, by: &str) {
    if note != old {
        note.write(old.text().to_owned(), now, by);
    }
}

fn restore<T: Clone + Ord>(field: &mut Stamped<T>, old: &Stamped<T>, now: u64) {
    field.write(old.value.clone(), now);
}

fn restore_session(s: &mut Session, old: &Session, now: u64, by: &str) {
    restore(&mut s.deleted, &old.deleted, now);
    restore(&mut s.date, &old.date, now);
    s.steps.restore_to(&old.steps, now);
    restore(&mut s.mood_before, &old.mood_before, now);
    restore(&mut s.mood_after, &old.mood_after, now);
    restore_note(&mut s.bring_up, &old.bring_up, now, by);
    restore_note(&mut s.private_note, &old.private_note, now, by);
    for (step, tick) in s.ticks.iter_mut() {
        tick.write(old.is_ticked(step), now);
    }
    for (step, tick) in &old.ticks {
        s.ticks
            .entry(step.clone())
            .or_insert_with(|| Stamped::new(tick.value, now));
    }
}
