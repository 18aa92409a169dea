//! A session's steps, replicated step by step (schema 3), so that two tabs
//! editing the list at once keep both edits:
//!
//! - each step's text and its removal carry their own write and time, so
//!   a step removed in one tab stays removed while the other renames or
//!   adds, and a rename in one tab survives a move in the other;
//! - the order is one value (the later write wins), and a step it does not
//!   list (added in another tab meanwhile) goes after the listed ones.
//!
//! A removed step is kept, as its id, text and removal, for merging; a new
//! session starts from the steps shown, without them.

use serde::{Deserialize, Serialize};

use super::{EditError, MAX_STEPS, Stamped, Step};

/// Most steps one session keeps, removed ones included.
pub const MAX_STEP_ITEMS: usize = 10 * MAX_STEPS;

/// One step of a session, as replicated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepItem {
    pub id: String,
    #[serde(rename = "x")]
    pub text: Stamped<String>,
    /// Removed from the list; never removed: `false` at time 0.
    #[serde(rename = "g", default, skip_serializing_if = "never_written")]
    pub gone: Stamped<bool>,
    /// The id of the article's coping step this comes from, if any.
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

impl StepItem {
    /// `step` as a new item, its text written at `now`, never removed.
    fn fresh(step: &Step, now: u64) -> StepItem {
        StepItem {
            id: step.id.clone(),
            text: Stamped::new(step.text.clone(), now),
            gone: Stamped::default(),
            article: step.article.clone(),
        }
    }
}

fn never_written(field: &Stamped<bool>) -> bool {
    !field.value && field.at == 0
}

/// A session's steps: each step, sorted by id, each once (a list, not a
/// map: one map type fewer in the wasm), and their order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Steps {
    #[serde(rename = "o")]
    pub order: Stamped<Vec<String>>,
    #[serde(rename = "i")]
    pub items: Vec<StepItem>,
}

impl Steps {
    /// `list`, written at `now`.
    pub fn new(list: &[Step], now: u64) -> Steps {
        let mut steps = Steps {
            order: Stamped::new(list.iter().map(|s| s.id.clone()).collect(), now),
            items: Vec::with_capacity(list.len()),
        };
        for s in list {
            steps.insert(StepItem::fresh(s, now));
        }
        steps
    }

    /// The step `id`, shown or removed.
    pub fn item(&self, id: &str) -> Option<&StepItem> {
        self.find(id).ok().map(|i| &self.items[i])
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.items.binary_search_by(|item| item.id.as_str().cmp(id))
    }

    /// Adds `item` in its place by id, unless one with its id is there.
    fn insert(&mut self, item: StepItem) {
        if let Err(at) = self.find(&item.id) {
            self.items.insert(at, item);
        }
    }

    /// The ids of the steps shown, in order: those the order lists, then
    /// any other (added elsewhere meanwhile), by id.
    pub fn ids(&self) -> Vec<&str> {
        let shown = |id: &str| self.item(id).is_some_and(|item| !item.gone.value);
        let mut ids: Vec<&str> = Vec::with_capacity(self.items.len());
        for id in &self.order.value {
            if shown(id) && !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
        for item in &self.items {
            if !item.gone.value && !self.order.value.contains(&item.id) {
                ids.push(&item.id);
            }
        }
        ids
    }

    /// The steps shown, in order.
    pub fn list(&self) -> Vec<Step> {
        self.ids()
            .into_iter()
            .filter_map(|id| {
                self.item(id).map(|item| Step {
                    id: id.to_owned(),
                    text: item.text.value.clone(),
                    article: item.article.clone(),
                })
            })
            .collect()
    }

    /// The time of the latest write to the steps.
    pub fn at(&self) -> u64 {
        self.items
            .iter()
            .flat_map(|item| [item.text.at, item.gone.at])
            .chain([self.order.at])
            .max()
            .unwrap_or(0)
    }

    /// Both copies together, field by field (commutative, associative,
    /// idempotent).
    pub fn merge(&self, other: &Steps) -> Steps {
        let mut merged = Steps {
            order: self.order.later_of(&other.order),
            items: self.items.clone(),
        };
        for theirs in &other.items {
            match merged.find(&theirs.id) {
                Ok(i) => {
                    let here = &mut merged.items[i];
                    here.text = here.text.later_of(&theirs.text);
                    here.gone = here.gone.later_of(&theirs.gone);
                    here.article = here.article.clone().max(theirs.article.clone());
                }
                Err(i) => merged.items.insert(i, theirs.clone()),
            }
        }
        merged
    }

    fn shown_mut(&mut self, id: &str) -> Result<&mut StepItem, EditError> {
        match self.find(id) {
            Ok(i) if !self.items[i].gone.value => Ok(&mut self.items[i]),
            _ => Err(EditError::NoSuchStep),
        }
    }

    fn owned_ids(&self) -> Vec<String> {
        self.ids().into_iter().map(str::to_owned).collect()
    }

    /// Adds a step at the end (`text` already cleaned).
    pub fn add(&mut self, id: String, text: String, now: u64) -> Result<(), EditError> {
        if self.ids().len() >= MAX_STEPS {
            return Err(EditError::TooManySteps);
        }
        if self.items.len() >= MAX_STEP_ITEMS {
            return Err(EditError::TooManyRemovedSteps);
        }
        if self.item(&id).is_some() {
            return Err(EditError::StepIdInUse);
        }
        let mut ids = self.owned_ids();
        ids.push(id.clone());
        let step = Step {
            id,
            text,
            article: None,
        };
        self.insert(StepItem::fresh(&step, now));
        self.order.write(ids, now);
        Ok(())
    }

    /// Renames a step shown (`text` already cleaned).
    pub fn rename(&mut self, id: &str, text: String, now: u64) -> Result<(), EditError> {
        self.shown_mut(id)?.text.write(text, now);
        Ok(())
    }

    /// Removes a step shown.
    pub fn remove(&mut self, id: &str, now: u64) -> Result<(), EditError> {
        self.shown_mut(id)?.gone.write(true, now);
        Ok(())
    }

    /// Moves a step up (`-1`) or down (`+1`); at either end it stays.
    pub fn move_by(&mut self, id: &str, delta: isize, now: u64) -> Result<(), EditError> {
        let mut ids = self.owned_ids();
        let from = ids.iter().position(|s| s == id).ok_or(EditError::NoSuchStep)?;
        let to = from.saturating_add_signed(delta).min(ids.len() - 1);
        let moved = ids.remove(from);
        ids.insert(to, moved);
        self.order.write(ids, now);
        Ok(())
    }

    /// Puts `defaults` (the article's steps) back first, as they are there,
    /// and keeps the client's own after them; an article step no longer in
    /// `defaults` goes.
    pub fn restore(&mut self, defaults: &[Step], now: u64) {
        for step in defaults {
            match self.find(&step.id) {
                Ok(i) => {
                    let item = &mut self.items[i];
                    item.text.write(step.text.clone(), now);
                    item.gone.write(false, now);
                }
                Err(i) => self.items.insert(i, StepItem::fresh(step, now)),
            }
        }
        for item in self.items.iter_mut() {
            if item.article.is_some() && !defaults.iter().any(|d| d.id == item.id) {
                item.gone.write(true, now);
            }
        }
        let own = self
            .ids()
            .into_iter()
            .filter(|id| {
                !defaults.iter().any(|d| d.id == *id)
                    && self.item(id).is_some_and(|item| item.article.is_none())
            })
            .map(str::to_owned);
        let mut ids: Vec<String> = defaults.iter().map(|d| d.id.clone()).chain(own).collect();
        ids.truncate(MAX_STEPS);
        for item in self.items.iter_mut() {
            if !ids.contains(&item.id) {
                item.gone.write(true, now);
            }
        }
        self.order.write(ids, now);
    }

    /// Writes again, at `now`, every field that differs from `old` (undoing
    /// an import): `old`'s order, texts and removals; steps `old` did not
    /// have are removed.
    pub fn restore_to(&mut self, old: &Steps, now: u64) {
        self.order.write(old.order.value.clone(), now);
        for item in self.items.iter_mut() {
            match old.item(&item.id) {
                Some(was) => {
                    item.text.write(was.text.value.clone(), now);
                    item.gone.write(was.gone.value, now);
                }
                None => {
                    item.gone.write(true, now);
                }
            }
        }
        for was in &old.items {
            self.insert(was.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(id: &str, text: &str) -> Step {
        Step {
            id: id.into(),
            text: text.into(),
            article: None,
        }
    }

    fn base() -> Steps {
        Steps::new(&[step("a", "Treat yourself!"), step("b", "Accept reality")], 10)
    }

    fn texts(steps: &Steps) -> Vec<String> {
        steps.list().into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn a_step_removed_in_one_tab_and_one_added_in_the_other_both_hold() {
        let mut here = base();
        let mut there = base();
        here.remove("a", 20).unwrap();
        there.add("c".into(), "Call Sam".into(), 21).unwrap();
        for merged in [here.merge(&there), there.merge(&here)] {
            assert_eq!(texts(&merged), ["Accept reality", "Call Sam"]);
        }
        // The other way round in time: the same.
        let mut here = base();
        let mut there = base();
        there.add("c".into(), "Call Sam".into(), 20).unwrap();
        here.remove("a", 21).unwrap();
        assert_eq!(texts(&here.merge(&there)), ["Accept reality", "Call Sam"]);
    }

    #[test]
    fn a_rename_in_one_tab_survives_a_move_in_the_other() {
        let mut here = base();
        let mut there = base();
        here.rename("a", "Treat yourself kindly".into(), 20).unwrap();
        there.move_by("a", 1, 21).unwrap();
        for merged in [here.merge(&there), there.merge(&here)] {
            assert_eq!(texts(&merged), ["Accept reality", "Treat yourself kindly"]);
        }
    }

    #[test]
    fn restoring_brings_the_article_steps_back_first_and_keeps_the_clients_own() {
        let mut steps = base();
        steps.add("own".into(), "Call Sam".into(), 20).unwrap();
        steps.remove("a", 21).unwrap();
        steps.rename("b", "Accept".into(), 22).unwrap();
        let defaults = [step("a", "Treat yourself!"), step("b", "Accept reality")];
        steps.restore(&defaults, 23);
        assert_eq!(texts(&steps), ["Treat yourself!", "Accept reality", "Call Sam"]);
    }
}
