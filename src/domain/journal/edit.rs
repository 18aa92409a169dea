//! Every change a client makes, one method each (hence the length): each takes the time (`now`, from the tab's
//! [`super::Clock`]) and any new id from the caller, so the rules stay pure.

use super::{
    EditError, Journal, Mood, Note, NoteKind, SCHEMA_VERSION, Session, Stamped, Step, Steps, Tombstone,
    UNDO_WINDOW_MS, check_note, clean_step_text, is_valid_date,
};

impl Session {
    /// A fresh session with `steps`, nothing ticked.
    pub fn new(id: String, date: String, steps: Vec<Step>, now: u64) -> Session {
        Session {
            id,
            created: now,
            deleted: Stamped::new(false, now),
            date: Stamped::new(date, now),
            steps: Steps::new(&steps, now),
            ticks: Default::default(),
            mood_before: Stamped::new(None, now),
            mood_after: Stamped::new(None, now),
            bring_up: Note::new(now),
            private_note: Note::new(now),
        }
    }

    pub fn is_ticked(&self, step_id: &str) -> bool {
        self.ticks.get(step_id).is_some_and(|t| t.value)
    }

    /// The ids of the ticked steps, in the order of the steps.
    pub fn ticked_ids(&self) -> Vec<String> {
        self.steps
            .ids()
            .into_iter()
            .filter(|id| self.is_ticked(id))
            .map(str::to_owned)
            .collect()
    }

    /// How many of its steps are ticked, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        let ids = self.steps.ids();
        (ids.iter().filter(|id| self.is_ticked(id)).count(), ids.len())
    }

    /// After a session: the mood afterwards is at the lowest point, or two or
    /// more points lower than before.
    pub fn needs_help(&self) -> bool {
        match (self.mood_before.value, self.mood_after.value) {
            (_, Some(1)) => true,
            (Some(before), Some(after)) => before >= after + 2,
            _ => false,
        }
    }

    pub fn note(&self, kind: NoteKind) -> &Note {
        match kind {
            NoteKind::BringUp => &self.bring_up,
            NoteKind::Private => &self.private_note,
        }
    }

    fn note_mut(&mut self, kind: NoteKind) -> &mut Note {
        match kind {
            NoteKind::BringUp => &mut self.bring_up,
            NoteKind::Private => &mut self.private_note,
        }
    }

    /// The time of the latest write to any field.
    pub fn modified(&self) -> u64 {
        [
            self.created,
            self.deleted.at,
            self.date.at,
            self.steps.at(),
            self.mood_before.at,
            self.mood_after.at,
            self.bring_up.at(),
            self.private_note.at(),
        ]
        .into_iter()
        .chain(self.ticks.values().map(|t| t.at))
        .max()
        .unwrap_or(self.created)
    }

    /// Whether nothing was written to it since it was started.
    pub fn is_untouched(&self) -> bool {
        self.modified() == self.created
    }
}

impl Journal {
    /// A journal with one session holding `steps`.
    pub fn new(session_id: String, date: String, steps: Vec<Step>, now: u64) -> Journal {
        Journal {
            schema: SCHEMA_VERSION,
            erased: 0,
            current: Stamped::new(session_id.clone(), now),
            sessions: vec![Session::new(session_id, date, steps, now)],
            purged: Default::default(),
        }
    }

    /// The session the checklist shows.
    pub fn current(&self) -> Option<&Session> {
        self.session(&self.current.value)
    }

    /// A session that is not deleted.
    pub fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id && !s.deleted.value)
    }

    /// Whether session `id` is deleted and its words are still kept (its
    /// Undo can bring it back).
    pub fn is_deleted_and_kept(&self, id: &str) -> bool {
        self.sessions.iter().any(|s| s.id == id && s.deleted.value)
    }

    fn session_mut(&mut self, id: &str) -> Result<&mut Session, EditError> {
        self.sessions
            .iter_mut()
            .find(|s| s.id == id && !s.deleted.value)
            .ok_or(EditError::NoSuchSession)
    }

    fn current_mut(&mut self) -> Result<&mut Session, EditError> {
        let id = self.current.value.clone();
        self.session_mut(&id)
    }

    /// Sessions that are not deleted, the current one included.
    pub fn live_sessions(&self) -> impl Iterator<Item = &Session> {
        self.sessions.iter().filter(|s| !s.deleted.value)
    }

    /// Past sessions, newest first (by date, then by when they were started).
    pub fn history(&self) -> Vec<&Session> {
        let mut past: Vec<&Session> = self
            .live_sessions()
            .filter(|s| s.id != self.current.value)
            .collect();
        past.sort_by(|a, b| b.date.value.cmp(&a.date.value).then(b.created.cmp(&a.created)));
        past
    }

    /// The latest time written anywhere in the document (for the tab's clock).
    pub fn latest_stamp(&self) -> u64 {
        self.sessions
            .iter()
            .map(Session::modified)
            .chain(self.purged.values().map(|t| t.deleted))
            .chain([self.erased, self.current.at])
            .max()
            .unwrap_or(0)
    }

    /// Whether nothing has been written yet: one session, never edited.
    pub fn is_pristine(&self) -> bool {
        self.purged.is_empty() && self.sessions.len() == 1 && self.sessions[0].is_untouched()
    }

    /// Ticks or unticks a step of the current session.
    pub fn set_ticked(&mut self, step_id: &str, ticked: bool, now: u64) -> Result<(), EditError> {
        let session = self.current_mut()?;
        if !session.steps.ids().contains(&step_id) {
            return Err(EditError::NoSuchStep);
        }
        match session.ticks.get_mut(step_id) {
            Some(tick) => {
                tick.write(ticked, now);
            }
            None if ticked => {
                session.ticks.insert(step_id.to_owned(), Stamped::new(true, now));
            }
            None => {}
        }
        Ok(())
    }

    pub fn set_date(&mut self, session_id: &str, date: &str, now: u64) -> Result<(), EditError> {
        if !is_valid_date(date) {
            return Err(EditError::BadDate);
        }
        self.session_mut(session_id)?.date.write(date.to_owned(), now);
        Ok(())
    }

    pub fn set_moods(
        &mut self,
        session_id: &str,
        before: Option<Mood>,
        after: Option<Mood>,
        now: u64,
    ) -> Result<(), EditError> {
        if [before, after].iter().flatten().any(|m| !(1..=5).contains(m)) {
            return Err(EditError::BadMood);
        }
        let session = self.session_mut(session_id)?;
        session.mood_before.write(before, now);
        session.mood_after.write(after, now);
        Ok(())
    }

    /// Writes one of a session's notes, by the tab `by` (its conflict
    /// copies stay until kept or dropped).
    pub fn set_note(
        &mut self,
        session_id: &str,
        kind: NoteKind,
        text: &str,
        now: u64,
        by: &str,
    ) -> Result<(), EditError> {
        check_note(text)?;
        self.session_mut(session_id)?
            .note_mut(kind)
            .write(text.to_owned(), now, by);
        Ok(())
    }

    pub fn set_bring_up(
        &mut self,
        session_id: &str,
        text: &str,
        now: u64,
        by: &str,
    ) -> Result<(), EditError> {
        self.set_note(session_id, NoteKind::BringUp, text, now, by)
    }

    pub fn set_private_note(
        &mut self,
        session_id: &str,
        text: &str,
        now: u64,
        by: &str,
    ) -> Result<(), EditError> {
        self.set_note(session_id, NoteKind::Private, text, now, by)
    }

    /// Keeps the conflict copies of a note: their texts go after the shown
    /// text, each once, and the note has no copies left.
    pub fn keep_conflict_copies(
        &mut self,
        session_id: &str,
        kind: NoteKind,
        now: u64,
        by: &str,
    ) -> Result<(), EditError> {
        let note = self.session_mut(session_id)?.note(kind);
        if note.conflicts().is_empty() {
            return Err(EditError::NoSuchCopy);
        }
        let mut texts: Vec<&str> = vec![note.text()];
        let copies = note.conflicts();
        for copy in copies.iter().rev() {
            if !texts.contains(&copy.text.as_str()) {
                texts.push(&copy.text);
            }
        }
        let text = texts
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        check_note(&text)?;
        self.session_mut(session_id)?
            .note_mut(kind)
            .resolve(text, now, by);
        Ok(())
    }

    /// Drops the conflict copies of a note: the shown text stays.
    pub fn drop_conflict_copies(
        &mut self,
        session_id: &str,
        kind: NoteKind,
        now: u64,
        by: &str,
    ) -> Result<(), EditError> {
        let note = self.session_mut(session_id)?.note_mut(kind);
        if note.conflicts().is_empty() {
            return Err(EditError::NoSuchCopy);
        }
        let text = note.text().to_owned();
        note.resolve(text, now, by);
        Ok(())
    }

    /// Adds a step of the client's own to the current checklist.
    pub fn add_step(&mut self, id: String, text: &str, now: u64) -> Result<(), EditError> {
        let text = clean_step_text(text)?;
        self.current_mut()?.steps.add(id, text, now)
    }

    pub fn rename_step(&mut self, step_id: &str, text: &str, now: u64) -> Result<(), EditError> {
        let text = clean_step_text(text)?;
        self.current_mut()?.steps.rename(step_id, text, now)
    }

    pub fn remove_step(&mut self, step_id: &str, now: u64) -> Result<(), EditError> {
        let session = self.current_mut()?;
        session.steps.remove(step_id, now)?;
        if let Some(tick) = session.ticks.get_mut(step_id) {
            tick.write(false, now);
        }
        Ok(())
    }

    /// Moves a step up (`-1`) or down (`+1`); at either end it stays.
    pub fn move_step(&mut self, step_id: &str, delta: isize, now: u64) -> Result<(), EditError> {
        self.current_mut()?.steps.move_by(step_id, delta, now)
    }

    /// Puts the article's steps back, keeping the client's own after them
    /// and the ticks of steps that remain.
    pub fn restore_steps(&mut self, defaults: &[Step], now: u64) -> Result<(), EditError> {
        self.current_mut()?.steps.restore(defaults, now);
        Ok(())
    }

    /// Keeps the current session in the history and starts a fresh one with
    /// the same steps, dated `date`.
    pub fn start_new_session(&mut self, id: String, date: String, now: u64) {
        let steps = self.current().map(|s| s.steps.list()).unwrap_or_default();
        self.sessions.push(Session::new(id.clone(), date, steps, now));
        self.current.write(id, now);
    }

    /// "Save and finish": keeps the current session in the history and
    /// starts the next, dated `date`. The next session's id comes from the
    /// finished one's, so that two tabs finishing the same session at once
    /// start the same next session, not two (one left behind as an empty
    /// past session); `fallback_id` serves if that id was ever used here.
    /// Returns the new session's id.
    pub fn finish_current(&mut self, fallback_id: String, date: String, now: u64) -> String {
        let derived = next_session_id(&self.current.value);
        let used = |id: &str| self.sessions.iter().any(|s| s.id == id) || self.purged.contains_key(id);
        let id = if used(&derived) { fallback_id } else { derived };
        self.start_new_session(id.clone(), date, now);
        id
    }

    /// Deletes a past session (the current one cannot be deleted). Its words
    /// stay for [`UNDO_WINDOW_MS`], then [`Journal::purge_deleted`] drops them.
    pub fn delete_session(&mut self, id: &str, now: u64) -> Result<(), EditError> {
        if id == self.current.value {
            return Err(EditError::NoSuchSession);
        }
        self.session_mut(id)?.deleted.write(true, now);
        Ok(())
    }

    /// Brings back a deleted session whose words are not purged yet.
    pub fn undo_delete(&mut self, id: &str, now: u64) -> Result<(), EditError> {
        let session = self
            .sessions
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or(EditError::NoSuchSession)?;
        session.deleted.write(false, now);
        Ok(())
    }

    /// Purges every session deleted at or before `before`: its words go,
    /// only its id and times stay. Returns whether anything was purged.
    pub fn purge_deleted_before(&mut self, before: u64) -> bool {
        let (gone, kept): (Vec<Session>, Vec<Session>) = std::mem::take(&mut self.sessions)
            .into_iter()
            .partition(|s| s.deleted.value && s.deleted.at <= before && s.id != self.current.value);
        self.sessions = kept;
        let purged = !gone.is_empty();
        for s in gone {
            self.purged.insert(
                s.id,
                Tombstone {
                    created: s.created,
                    deleted: s.deleted.at,
                },
            );
        }
        purged
    }

    /// Purges the sessions whose undo window has passed at `now`.
    pub fn purge_deleted(&mut self, now: u64) -> bool {
        self.purge_deleted_before(now.saturating_sub(UNDO_WINDOW_MS))
    }

    /// The copy for a file: every deleted session purged, whatever its age.
    pub fn for_export(&self) -> Journal {
        let mut copy = self.clone();
        copy.purge_deleted_before(u64::MAX);
        copy
    }

    /// "Delete everything" at `now`: every session goes, here and in every
    /// copy this one meets, and a fresh one (`id`, `date`, `steps`) starts.
    pub fn erase_all(&mut self, id: String, date: String, steps: Vec<Step>, now: u64) {
        let now = now.max(self.latest_stamp().saturating_add(1));
        *self = Journal {
            schema: SCHEMA_VERSION,
            erased: now,
            current: Stamped::new(id.clone(), now.saturating_add(1)),
            sessions: vec![Session::new(id, date, steps, now.saturating_add(1))],
            purged: Default::default(),
        };
    }
}

/// The id of the session that follows `finished`: the same in every tab,
/// and short whatever the chain (`s-` and the 64-bit FNV-1a hash of the id).
pub fn next_session_id(finished: &str) -> String {
    format!("s-{:016x}", super::fnv1a(finished.bytes()))
}
