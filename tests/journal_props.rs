#![cfg(not(target_arch = "wasm32"))]
//! Property tests for the journal domain (`src/journal`): decoding and
//! importing never panic whatever the input, every journal the public API can
//! build is valid and survives a round trip through the stored and exported
//! JSON, and merging two copies edited apart behaves like a join (symmetric,
//! idempotent, losing no session).
//!
//! The merge laws of the replicated journal are stated one by one: merge is
//! commutative, associative and idempotent; every field carries the later
//! write and its value; "delete everything" wins over every older write; a
//! purged session never comes back; concurrent note edits are kept as
//! conflict copies. Each scenario of issue 10 is a property or an example
//! here (the names say which).
//!
//! Run with `cargo test --test journal_props`. A failure's seed is added to
//! `tests/journal_props.proptest-regressions` (checked in): every later run
//! tries the seeds there first, so a failure found once stays reproduced.

use std::collections::BTreeSet;

use after_the_session::domain::journal::codec::{
    DecodeError, Lenient, MAX_IMPORT_BYTES, decode, decode_lenient, decode_lenient_carefully, decode_plain,
    encode, encode_export, parse_import, validate,
};
use after_the_session::domain::journal::import::{import, preview, undo_import};
use after_the_session::domain::journal::merge::merge;
use after_the_session::domain::journal::{
    Clock, Journal, MAX_NOTE_CHARS, MAX_STAMP, MAX_STEP_CHARS, Mood, NoteKind, Session, Stamped, Step,
    clean_step_text, erases,
};
use after_the_session::domain::lock::Envelope;

/// This device's clock when a file is imported: the year 2100, the latest
/// time the generated journals hold.
const CLOCK: u64 = 4_102_444_800_000;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{FileFailurePersistence, TestCaseError};
use serde_json::{Map, Value, json};

/// The seeds of past failures, tried before the random cases.
const REGRESSIONS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/journal_props.proptest-regressions"
);

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Texts, dates, times

/// Texts that have broken apps before: markup, JSON syntax, escapes, control
/// characters, bidi overrides, combining marks, emoji sequences, odd spaces.
const TRICKY: &[&str] = &[
    "<script>alert(1)</script>",
    "</textarea><img src=x onerror=alert(1)>",
    "\"},\"schema\":2,\"x\":{\"",
    "\\u0000 \\\" \\\\ \\n",
    "\u{0}nul\u{1}\u{1f}\u{7f}",
    "Zoë 🙂 👩‍👩‍👧 café",
    "مرحبا بك",
    "\u{202E}reversed\u{202C}",
    "e\u{301}\u{301}\u{301}",
    "\u{FEFF}bom",
    "line\u{2028}sep\u{2029}para",
    "tab\there\r\nnewline",
    "   ",
    "",
    "&amp; &lt; &#x27; &",
    "{{ braces }} ${dollar} %s %n",
    "\u{1F600}\u{1F4A9}\u{10FFFF}",
    "\u{D7FF}\u{E000}\u{FFFD}",
    "\u{a0}\u{2003}\u{3000}",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => ".{0,40}",
        2 => any::<String>(),
        2 => select(TRICKY).prop_map(String::from),
        1 => "[ \t\n\u{a0}\u{3000}a-z<>&\"'\\\\]{0,40}",
        1 => (select(TRICKY), ".{0,8}", select(TRICKY)).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

/// Step texts: mostly fine, some blank or too long (refused by the API).
fn step_text() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => text(),
        1 => Just("x".repeat(MAX_STEP_CHARS + 1)),
        1 => Just("é".repeat(MAX_STEP_CHARS)),
        1 => "[a-z ]{100,140}",
    ]
}

/// Notes: mostly short, a few at or just over the limit.
fn note() -> impl Strategy<Value = String> {
    prop_oneof![
        40 => text(),
        1 => Just("n".repeat(MAX_NOTE_CHARS)),
        1 => Just("🙂".repeat(MAX_NOTE_CHARS + 1)),
    ]
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

/// A real calendar date in the accepted range, `YYYY-MM-DD`.
fn valid_date() -> impl Strategy<Value = String> {
    (1900u32..=2200, 1u32..=12, 1u32..=31)
        .prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{:02}", d.min(days_in(y, m))))
}

/// Dates for `set_date`: mostly valid, some that must be refused.
fn any_date() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => valid_date(),
        1 => "[0-9-]{0,12}",
        1 => select(&[
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "1899-12-31",
            "2201-01-01",
            "２０２６-01-01",
            "2026-1-1",
            "+2026-01-01",
        ][..])
        .prop_map(String::from),
    ]
}

fn mood() -> impl Strategy<Value = Option<Mood>> {
    prop_oneof![
        2 => Just(None),
        8 => (1u8..=5).prop_map(Some),
        1 => any::<u8>().prop_map(Some),
    ]
}

/// Milliseconds between two changes: often a tie, sometimes the clock goes back.
fn dt() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => 0i64..3,
        6 => 1i64..200_000,
        1 => -200_000i64..0,
    ]
}

// ---------------------------------------------------------------------------
// Journals built through the public API

#[derive(Clone, Debug)]
enum Op {
    StartNew {
        date: String,
    },
    Tick {
        step: Index,
        on: bool,
    },
    AddStep {
        text: String,
    },
    RenameStep {
        step: Index,
        text: String,
    },
    MoveStep {
        step: Index,
        delta: isize,
    },
    RemoveStep {
        step: Index,
    },
    Moods {
        session: Index,
        before: Option<Mood>,
        after: Option<Mood>,
    },
    PrivateNote {
        session: Index,
        text: String,
    },
    BringUp {
        session: Index,
        text: String,
    },
    Date {
        session: Index,
        date: String,
    },
    Delete {
        session: Index,
    },
    UndoDelete {
        session: Index,
    },
    /// The undo window passes: every deleted session is purged.
    Purge,
    KeepCopies {
        session: Index,
        private: bool,
    },
    DropCopies {
        session: Index,
        private: bool,
    },
    EraseAll,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => valid_date().prop_map(|date| Op::StartNew { date }),
        6 => (any::<Index>(), any::<bool>()).prop_map(|(step, on)| Op::Tick { step, on }),
        2 => step_text().prop_map(|text| Op::AddStep { text }),
        2 => (any::<Index>(), step_text()).prop_map(|(step, text)| Op::RenameStep { step, text }),
        2 => (any::<Index>(), prop_oneof![Just(-1isize), Just(1), -3isize..=3])
            .prop_map(|(step, delta)| Op::MoveStep { step, delta }),
        2 => any::<Index>().prop_map(|step| Op::RemoveStep { step }),
        2 => (any::<Index>(), mood(), mood())
            .prop_map(|(session, before, after)| Op::Moods { session, before, after }),
        2 => (any::<Index>(), note()).prop_map(|(session, text)| Op::PrivateNote { session, text }),
        2 => (any::<Index>(), note()).prop_map(|(session, text)| Op::BringUp { session, text }),
        1 => (any::<Index>(), any_date()).prop_map(|(session, date)| Op::Date { session, date }),
        1 => any::<Index>().prop_map(|session| Op::Delete { session }),
        1 => any::<Index>().prop_map(|session| Op::UndoDelete { session }),
        1 => Just(Op::Purge),
        1 => (any::<Index>(), any::<bool>()).prop_map(|(session, private)| Op::KeepCopies { session, private }),
        1 => (any::<Index>(), any::<bool>()).prop_map(|(session, private)| Op::DropCopies { session, private }),
        1 => Just(Op::EraseAll),
    ]
}

/// Edits, each with the milliseconds since the one before.
type Edits = Vec<(Op, i64)>;

fn ops(max: usize) -> impl Strategy<Value = Edits> {
    vec((op(), dt()), 0..=max)
}

/// How to build one journal: its first session, then a list of edits.
#[derive(Clone, Debug)]
struct Plan {
    start: u64,
    date: String,
    /// Appended to every id, so that ids hold markup and unicode too.
    tag: String,
    steps: Vec<(String, bool)>,
    ops: Edits,
}

fn plan(max_ops: usize) -> impl Strategy<Value = Plan> {
    (
        0u64..=4_102_444_800_000, // up to 2100
        valid_date(),
        "[a-z0-9<>&\"é🙂-]{0,8}",
        vec((step_text(), any::<bool>()), 0..=8),
        ops(max_ops),
    )
        .prop_map(|(start, date, tag, steps, ops)| Plan {
            start,
            date,
            tag,
            steps,
            ops,
        })
}

/// Applies edits the way the app does: the caller brings the time (from the
/// tab's clock, which never goes back and has seen every stamp of the
/// journal it loaded) and fresh ids.
#[derive(Clone, Debug)]
struct Editor {
    prefix: &'static str,
    tag: String,
    /// The wall clock, which may go back.
    wall: u64,
    clock: Clock,
    next: u32,
}

impl Editor {
    /// A second device or tab continuing from the same journal and clock.
    fn fork(&self, prefix: &'static str) -> Editor {
        Editor {
            prefix,
            next: 0,
            ..self.clone()
        }
    }

    fn id(&mut self, kind: &str) -> String {
        self.next += 1;
        format!("{}{kind}{}{}", self.prefix, self.next, self.tag)
    }

    /// Applies one edit; a refused edit must leave the journal as it was, and
    /// the journal must be valid after every edit.
    fn apply(&mut self, j: &mut Journal, op: &Op, dt: i64) -> Result<(), TestCaseError> {
        self.wall = self.wall.saturating_add_signed(dt);
        self.clock.observe(j.latest_stamp());
        let now = self.clock.tick(self.wall);
        // Each tab (each fork) writes notes under a name of its own.
        let writer = format!("tab{}", self.prefix);
        let before = j.clone();
        let all: Vec<String> = j.sessions.iter().map(|s| s.id.clone()).collect();
        let live: Vec<String> = j.live_sessions().map(|s| s.id.clone()).collect();
        let steps: Vec<String> = j
            .current()
            .map(|s| s.steps.ids().into_iter().map(str::to_owned).collect())
            .unwrap_or_default();
        let pick = |ids: &Vec<String>, i: &Index, none: &str| {
            if ids.is_empty() {
                none.to_owned()
            } else {
                i.get(ids).clone()
            }
        };
        let step = |i: &Index| pick(&steps, i, "no-such-step");
        let session = |i: &Index| pick(&live, i, "no-such-session");
        let kind = |private: bool| {
            if private {
                NoteKind::Private
            } else {
                NoteKind::BringUp
            }
        };
        let result = match op {
            Op::StartNew { date } => {
                let id = self.id("s");
                j.start_new_session(id, date.clone(), now);
                Ok(())
            }
            Op::Tick { step: i, on } => j.set_ticked(&step(i), *on, now),
            Op::AddStep { text } => {
                let id = self.id("step");
                j.add_step(id, text, now)
            }
            Op::RenameStep { step: i, text } => j.rename_step(&step(i), text, now),
            Op::MoveStep { step: i, delta } => j.move_step(&step(i), *delta, now),
            Op::RemoveStep { step: i } => j.remove_step(&step(i), now),
            Op::Moods {
                session: i,
                before,
                after,
            } => j.set_moods(&session(i), *before, *after, now),
            Op::PrivateNote { session: i, text } => j.set_private_note(&session(i), text, now, &writer),
            Op::BringUp { session: i, text } => j.set_bring_up(&session(i), text, now, &writer),
            Op::Date { session: i, date } => j.set_date(&session(i), date, now),
            Op::Delete { session: i } => j.delete_session(&session(i), now),
            Op::UndoDelete { session: i } => j.undo_delete(&pick(&all, i, "none"), now),
            Op::Purge => {
                j.purge_deleted_before(now);
                Ok(())
            }
            Op::KeepCopies { session: i, private } => {
                j.keep_conflict_copies(&session(i), kind(*private), now, &writer)
            }
            Op::DropCopies { session: i, private } => {
                j.drop_conflict_copies(&session(i), kind(*private), now, &writer)
            }
            Op::EraseAll => {
                let id = self.id("fresh");
                let steps = j.current().map(|s| s.steps.list()).unwrap_or_default();
                j.erase_all(id, "2026-12-24".into(), steps, now);
                Ok(())
            }
        };
        if let Err(e) = result {
            prop_assert_eq!(
                &*j,
                &before,
                "{:?} was refused ({}) but changed the journal",
                op,
                e
            );
        }
        prop_assert_eq!(validate(j), Ok(()), "invalid after {:?}", op);
        Ok(())
    }
}

fn build(plan: &Plan) -> Result<(Journal, Editor), TestCaseError> {
    let steps = plan
        .steps
        .iter()
        .enumerate()
        .map(|(i, (text, from_article))| Step {
            id: format!("init{i}{}", plan.tag),
            text: clean_step_text(text).unwrap_or_else(|_| format!("Step {i}")),
            article: from_article.then(|| format!("article-{i}")),
        })
        .collect();
    let mut journal = Journal::new(format!("s0{}", plan.tag), plan.date.clone(), steps, plan.start);
    prop_assert_eq!(validate(&journal), Ok(()), "a new journal");
    let mut editor = Editor {
        prefix: "",
        tag: plan.tag.clone(),
        wall: plan.start,
        clock: Clock::default(),
        next: 0,
    };
    for (op, dt) in &plan.ops {
        editor.apply(&mut journal, op, *dt)?;
    }
    Ok((journal, editor))
}

/// A base journal's plan and the edits two tabs then make to their copies.
type TwoTabs = (Plan, Edits, Edits);

/// A base journal and two copies of it edited apart, as by two tabs.
fn diverged(tabs: &TwoTabs) -> Result<(Journal, Journal), TestCaseError> {
    diverged_from(tabs).map(|(_, a, b)| (a, b))
}

/// [`diverged`], and the base the two copies started from.
fn diverged_from((plan, ops_a, ops_b): &TwoTabs) -> Result<(Journal, Journal, Journal), TestCaseError> {
    let (base, editor) = build(plan)?;
    let start = base.clone();
    let mut a = base.clone();
    let mut editor_a = editor.fork("a");
    for (op, dt) in ops_a {
        editor_a.apply(&mut a, op, *dt)?;
    }
    let mut b = base;
    let mut editor_b = editor.fork("b");
    for (op, dt) in ops_b {
        editor_b.apply(&mut b, op, *dt)?;
    }
    Ok((start, a, b))
}

fn two_tabs() -> impl Strategy<Value = TwoTabs> {
    (plan(25), ops(20), ops(20))
}

/// Three copies of one base edited apart, for associativity.
fn three_tabs() -> impl Strategy<Value = (Plan, Edits, Edits, Edits)> {
    (plan(15), ops(12), ops(12), ops(12))
}

fn diverged3((plan, a, b, c): &(Plan, Edits, Edits, Edits)) -> Result<[Journal; 3], TestCaseError> {
    let (base, editor) = build(plan)?;
    let mut out = Vec::new();
    for (prefix, edits) in [("a", a), ("b", b), ("c", c)] {
        let mut j = base.clone();
        let mut e = editor.fork(prefix);
        for (op, dt) in edits {
            e.apply(&mut j, op, *dt)?;
        }
        out.push(j);
    }
    Ok([out[0].clone(), out[1].clone(), out[2].clone()])
}

/// The law "every field carries the later write and its value", checked on
/// every session the merge keeps.
fn check_later_write_wins(a: &Journal, b: &Journal, m: &Journal) -> Result<(), TestCaseError> {
    prop_assert_eq!(&m.current, &a.current.later_of(&b.current), "current");
    prop_assert_eq!(m.erased, a.erased.max(b.erased), "erase stamp");
    for s in &m.sessions {
        let find = |j: &Journal| j.sessions.iter().find(|x| x.id == s.id).cloned();
        let (x, y) = match (find(a), find(b)) {
            (Some(x), Some(y)) => (x, y),
            (Some(x), None) | (None, Some(x)) => (x.clone(), x),
            (None, None) => return Err(TestCaseError::fail(format!("{} came from nowhere", s.id))),
        };
        fn later<T: Clone + Ord + std::fmt::Debug>(
            f: impl Fn(&Session) -> &Stamped<T>,
            x: &Session,
            y: &Session,
            m: &Session,
        ) -> Result<(), TestCaseError> {
            let expected = f(x).later_of(f(y));
            prop_assert_eq!(f(m), &expected);
            prop_assert!(f(m).at >= f(x).at.max(f(y).at), "never an older write");
            Ok(())
        }
        later(|s| &s.deleted, &x, &y, s)?;
        later(|s| &s.date, &x, &y, s)?;
        later(|s| &s.steps.order, &x, &y, s)?;
        for item in &s.steps.items {
            let id = &item.id;
            let (p, q) = (x.steps.item(id), y.steps.item(id));
            let (p, q) = match (p, q) {
                (Some(p), Some(q)) => (p, q),
                (Some(p), None) | (None, Some(p)) => (p, p),
                (None, None) => return Err(TestCaseError::fail("a step from nowhere")),
            };
            prop_assert_eq!(&item.text, &p.text.later_of(&q.text), "the text of step {}", id);
            prop_assert_eq!(
                &item.gone,
                &p.gone.later_of(&q.gone),
                "the removal of step {}",
                id
            );
        }
        later(|s| &s.mood_before, &x, &y, s)?;
        later(|s| &s.mood_after, &x, &y, s)?;
        for (step, tick) in &s.ticks {
            let expected = match (x.ticks.get(step), y.ticks.get(step)) {
                (Some(p), Some(q)) => p.later_of(q),
                (Some(p), None) | (None, Some(p)) => p.clone(),
                (None, None) => return Err(TestCaseError::fail("a tick from nowhere")),
            };
            prop_assert_eq!(tick, &expected, "the tick of {}", step);
        }
        prop_assert_eq!(
            s.ticks.len(),
            x.ticks
                .keys()
                .chain(y.ticks.keys())
                .collect::<BTreeSet<_>>()
                .len()
        );
        for (note, nx, ny) in [
            (&s.private_note, &x.private_note, &y.private_note),
            (&s.bring_up, &x.bring_up, &y.bring_up),
        ] {
            // The shown text is the latest version; no version is lost unless
            // a kept version was written knowing it.
            let latest = nx.versions.iter().chain(&ny.versions).max();
            prop_assert_eq!(note.versions.last(), latest, "the note shows the latest write");
            // A conflict copy of either side is in the merge, kept or dropped.
            for c in nx.copies.iter().chain(&ny.copies) {
                prop_assert!(
                    note.copies
                        .iter()
                        .any(|m| m.at == c.at && (m.resolved || m.text >= c.text)),
                    "a conflict copy vanished: {:?}",
                    c
                );
            }
            for v in nx.versions.iter().chain(&ny.versions) {
                prop_assert!(
                    note.versions.contains(v) || note.versions.iter().any(|w| w.supersedes(v)),
                    "a note version vanished: {:?}",
                    v
                );
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Random and damaged JSON

const KEYS: &[&str] = &[
    "schema",
    "current",
    "sessions",
    "id",
    "created",
    "deleted",
    "date",
    "steps",
    "ticked",
    "mood_before",
    "mood_after",
    "bring_up",
    "journal",
    "v",
    "t",
    "text",
    "article",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(KEYS).prop_map(String::from),
        1 => ".{0,8}",
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        select(&[0u64, 1, 2, 5, 6, 255, 256, u32::MAX as u64 + 1, 1 << 53, u64::MAX][..])
            .prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        valid_date().prop_map(Value::String),
        text().prop_map(Value::String),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((key(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// `{"v": value, "t": time}` most of the time, anything at all otherwise.
fn field_of(value: impl Strategy<Value = Value> + 'static) -> BoxedStrategy<Value> {
    prop_oneof![
        40 => (value, prop_oneof![0u64..10, any::<u64>()]).prop_map(|(v, t)| json!({ "v": v, "t": t })),
        1 => json_value(),
    ]
    .boxed()
}

/// Ids from a small alphabet, so that duplicates and matching ticks happen.
fn small_id() -> impl Strategy<Value = Value> {
    prop_oneof![
        40 => "[sk][0-9]".prop_map(Value::String),
        1 => Just(Value::String(String::new())),
        1 => Just(Value::String("x".repeat(65))),
        1 => json_leaf(),
    ]
}

/// Inserts the present fields of a shaped object, leaving out the `None` ones.
fn object(fields: Vec<(&str, Option<Value>)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
            .collect::<Map<_, _>>(),
    )
}

fn shaped_step() -> impl Strategy<Value = Value> {
    (
        prop::option::weighted(0.98, small_id()),
        prop::option::weighted(
            0.98,
            prop_oneof![3 => "[a-zA-Z<>&é🙂]{1,30}", 1 => step_text()].prop_map(Value::String),
        ),
        prop::option::weighted(0.3, small_id()),
    )
        .prop_map(|(id, text, article)| object(vec![("id", id), ("text", text), ("article", article)]))
}

fn shaped_session() -> impl Strategy<Value = Value> {
    let date = prop_oneof![
        6 => valid_date().prop_map(Value::String),
        1 => any_date().prop_map(Value::String),
    ];
    let mood = prop_oneof![
        2 => Just(Value::Null),
        6 => (1u64..=5).prop_map(Value::from),
        1 => (0u64..=7).prop_map(Value::from),
    ];
    (
        prop::option::weighted(0.98, small_id()),
        prop::option::weighted(0.98, any::<u64>().prop_map(Value::from)),
        prop::option::weighted(0.8, field_of(prop::bool::weighted(0.2).prop_map(Value::Bool))),
        prop::option::weighted(0.98, field_of(date)),
        prop::option::weighted(0.98, field_of(vec(shaped_step(), 0..5).prop_map(Value::Array))),
        prop::option::weighted(0.98, field_of(vec(small_id(), 0..3).prop_map(Value::Array))),
        prop::option::weighted(0.98, field_of(mood.clone())),
        prop::option::weighted(0.98, field_of(mood)),
        prop::option::weighted(0.98, field_of(text().prop_map(Value::String))),
        prop::option::weighted(0.98, field_of(text().prop_map(Value::String))),
    )
        .prop_map(
            |(id, created, deleted, date, steps, ticked, before, after, bring_up, journal)| {
                object(vec![
                    ("id", id),
                    ("created", created),
                    ("deleted", deleted),
                    ("date", date),
                    ("steps", steps),
                    ("ticked", ticked),
                    ("mood_before", before),
                    ("mood_after", after),
                    ("bring_up", bring_up),
                    ("journal", journal),
                ])
            },
        )
}

/// Documents with the journal's structure and random, often wrong, contents.
fn shaped_document() -> impl Strategy<Value = Value> {
    (
        prop::option::weighted(0.98, prop_oneof![20 => Just(Value::from(1)), 1 => json_leaf()]),
        prop::option::weighted(0.98, field_of(small_id())),
        prop::option::weighted(
            0.98,
            prop_oneof![1 => vec(shaped_session(), 0..4), 4 => vec(shaped_session(), 1..3)]
                .prop_map(Value::Array),
        ),
        prop::option::weighted(0.1, (key(), json_value())),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(schema, mut current, sessions, extra, current_is_first)| {
            // Mostly point `current` at the first session, so that some documents pass.
            if let (true, Some(Value::Object(current)), Some(first)) = (
                current_is_first,
                &mut current,
                sessions.as_ref().and_then(|s| s.get(0)).and_then(|s| s.get("id")),
            ) {
                current.insert("v".to_owned(), first.clone());
            }
            let mut doc = object(vec![
                ("schema", schema),
                ("current", current),
                ("sessions", sessions),
            ]);
            if let (Some((k, v)), Value::Object(map)) = (extra, &mut doc) {
                map.insert(k, v);
            }
            doc
        })
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(Value),
    Remove,
    Insert(String, Value),
    Duplicate,
}

fn mutation() -> impl Strategy<Value = (Vec<usize>, Mutation)> {
    (
        vec(any::<usize>(), 0..7),
        prop_oneof![
            3 => json_value().prop_map(Mutation::Replace),
            2 => Just(Mutation::Remove),
            1 => (key(), json_value()).prop_map(|(k, v)| Mutation::Insert(k, v)),
            2 => Just(Mutation::Duplicate),
        ],
    )
}

/// Walks `path` (each step an index into an object's keys or an array's items,
/// modulo its length) and applies `m` where the walk ends.
fn mutate(value: &mut Value, path: &[usize], m: &Mutation) {
    if let Some((&i, rest)) = path.split_first() {
        match value {
            Value::Object(map) if !map.is_empty() => {
                let key = map.keys().nth(i % map.len()).cloned().unwrap_or_default();
                if rest.is_empty() && matches!(m, Mutation::Remove) {
                    map.remove(&key);
                } else if let Some(child) = map.get_mut(&key) {
                    mutate(child, rest, m);
                }
                return;
            }
            Value::Array(items) if !items.is_empty() => {
                let at = i % items.len();
                if rest.is_empty() && matches!(m, Mutation::Remove) {
                    items.remove(at);
                } else {
                    mutate(&mut items[at], rest, m);
                }
                return;
            }
            _ => {}
        }
    }
    match (m, value) {
        (Mutation::Replace(new), value) => *value = new.clone(),
        (Mutation::Remove, value) => *value = Value::Null,
        (Mutation::Insert(k, new), Value::Object(map)) => {
            map.insert(k.clone(), new.clone());
        }
        (Mutation::Insert(_, new), Value::Array(items)) => items.push(new.clone()),
        (Mutation::Insert(_, new), value) => *value = new.clone(),
        (Mutation::Duplicate, Value::Array(items)) if !items.is_empty() => items.push(items[0].clone()),
        (Mutation::Duplicate, _) => {}
    }
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u",
    "\\ud800",
    "0",
    "-1",
    "1e400",
    "18446744073709551616",
    "null",
    "true",
    "\"schema\":1,",
    " ",
    "\u{0}",
    "\u{FFFD}",
    "é",
];

/// A decoded journal must be valid and encode back to itself.
fn check_decoded(text: &str) -> Result<(), TestCaseError> {
    // The fast path of the stored document's reader gives what the careful one does.
    prop_assert_eq!(decode_lenient(text), decode_lenient_carefully(text));
    // The stored text's one-pass reader reads only plain documents (never an
    // envelope), and reads them as the lenient reader does.
    if let Some(journal) = decode_plain(text) {
        prop_assert!(!Envelope::is_envelope(text));
        prop_assert_eq!(
            decode_lenient(text),
            Ok(Lenient {
                journal,
                set_aside: Vec::new()
            })
        );
    }
    if let Ok(journal) = decode(text) {
        prop_assert_eq!(validate(&journal), Ok(()));
        prop_assert_eq!(decode(&encode(&journal)), Ok(journal));
    }
    Ok(())
}

/// Arbitrary bytes, or an exported file with some bytes overwritten.
fn import_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        vec(any::<u8>(), 0..512),
        (plan(10), vec((any::<Index>(), any::<u8>()), 1..6)).prop_map(|(plan, flips)| {
            let Ok((journal, _)) = build(&plan) else {
                return Vec::new();
            };
            let mut bytes = encode_export(&journal).into_bytes();
            for (at, byte) in flips {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            bytes
        }),
    ]
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn decode_never_panics_on_arbitrary_text(text in any::<String>()) {
        check_decoded(&text)?;
    }

    #[test]
    fn decode_never_panics_on_lossy_bytes(bytes in vec(any::<u8>(), 0..512)) {
        check_decoded(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn decode_never_panics_on_random_json(value in json_value()) {
        check_decoded(&value.to_string())?;
        check_decoded(&serde_json::to_string_pretty(&value).unwrap_or_default())?;
    }

    #[test]
    fn decode_never_panics_on_journal_shaped_json(doc in shaped_document()) {
        check_decoded(&doc.to_string())?;
    }

    #[test]
    fn parse_import_never_panics_on_arbitrary_bytes(bytes in import_bytes()) {
        let result = parse_import(&bytes, CLOCK);
        match std::str::from_utf8(&bytes) {
            Err(_) => prop_assert_eq!(result, Err(DecodeError::NotText)),
            Ok(text) => prop_assert_eq!(result, decode(text)),
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn a_whole_stored_document_reads_the_same_by_either_path(plan in plan(15)) {
        let (journal, _) = build(&plan)?;
        let text = encode(&journal);
        let read = decode_lenient(&text);
        prop_assert_eq!(&read, &decode_lenient_carefully(&text));
        prop_assert!(decode_plain(&text).as_ref() == Some(&journal));
        prop_assert_eq!(read.map(|l| (l.journal, l.set_aside.len())), Ok((journal, 0)));
    }

    #[test]
    fn decode_never_panics_on_mutated_documents(
        plan in plan(15),
        mutations in vec(mutation(), 1..4),
    ) {
        let (journal, _) = build(&plan)?;
        let mut doc = serde_json::to_value(&journal).expect("a journal is JSON");
        for (path, m) in &mutations {
            mutate(&mut doc, path, m);
        }
        check_decoded(&doc.to_string())?;
    }

    #[test]
    fn decode_never_panics_on_edited_text(
        plan in plan(15),
        edits in vec((any::<Index>(), prop::option::of(select(TOKENS))), 1..6),
    ) {
        let (journal, _) = build(&plan)?;
        let mut text = encode(&journal);
        for (at, token) in &edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let at = at.get(&boundaries).to_owned();
            match token {
                Some(token) => text.insert_str(at, token),
                None => {
                    text.remove(at);
                }
            }
        }
        check_decoded(&text)?;
    }

    #[test]
    fn truncated_documents_are_refused(plan in plan(15), cut in any::<Index>(), pretty in any::<bool>()) {
        let (journal, _) = build(&plan)?;
        let text = if pretty { encode_export(&journal) } else { encode(&journal) };
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let cut = *cut.get(&boundaries);
        let result = decode(&text[..cut]);
        // Cut after the schema's key, it is told as a backup cut short;
        // before, as no backup at all.
        let head = text.find("\"schema\"").map_or(usize::MAX, |i| i + "\"schema\"".len());
        let refused_as_it_should = match &result {
            Err(DecodeError::CutShort) => cut >= head,
            Err(DecodeError::NotJson(_)) => cut < head,
            _ => false,
        };
        prop_assert!(refused_as_it_should, "cut at {}: {:?}", cut, result);
    }

    #[test]
    fn valid_journals_round_trip(plan in plan(40)) {
        let (journal, _) = build(&plan)?;
        prop_assert_eq!(validate(&journal), Ok(()));
        prop_assert_eq!(decode(&encode(&journal)), Ok(journal.clone()));
        prop_assert_eq!(parse_import(encode_export(&journal).as_bytes(), CLOCK), Ok(journal.for_export()));
    }

    #[test]
    fn merge_is_commutative_and_idempotent_and_keeps_every_live_session(tabs in two_tabs()) {
        let (a, b) = diverged(&tabs)?;
        let merged = merge(&a, &b);
        prop_assert_eq!(&merge(&b, &a), &merged, "merge(a, b) == merge(b, a)");
        prop_assert_eq!(&merge(&merged, &merged), &merged, "merge(m, m) == m");
        prop_assert_eq!(&merge(&a, &a), &a, "merge(a, a) == a");
        prop_assert_eq!(&merge(&merged, &a), &merged, "merge(m, a) == m");
        prop_assert_eq!(&merge(&b, &merged), &merged, "merge(b, m) == m");

        // Every session of either side is in the merge, unless erased or purged.
        let erased = a.erased.max(b.erased);
        let expected: BTreeSet<String> = a.sessions.iter().chain(&b.sessions)
            .filter(|s| !erases(erased, s.created) && !a.purged.contains_key(&s.id) && !b.purged.contains_key(&s.id))
            .map(|s| s.id.clone())
            .collect();
        let got: Vec<String> = merged.sessions.iter().map(|s| s.id.clone()).collect();
        prop_assert_eq!(got.len(), expected.len(), "each session once: {:?}", got);
        prop_assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), expected);
    }

    #[test]
    fn every_field_of_a_merge_carries_the_later_write_and_its_value(tabs in two_tabs()) {
        let (a, b) = diverged(&tabs)?;
        check_later_write_wins(&a, &b, &merge(&a, &b))?;
    }

    /// A step one tab added after the two parted is shown after the merge,
    /// whatever the other tab did to the list meanwhile (it never saw it);
    /// one that a tab removed stays removed unless the other tab put it
    /// back later ("Restore the article's steps").
    #[test]
    fn a_step_added_in_one_tab_stays_and_one_removed_stays_removed(tabs in two_tabs()) {
        let (base, a, b) = diverged_from(&tabs)?;
        let m = merge(&a, &b);
        let find = |j: &Journal, id: &str| j.sessions.iter().find(|x| x.id == id).cloned();
        for s in &m.sessions {
            let shown = s.steps.ids();
            for (side, other) in [(&a, &b), (&b, &a)] {
                let (Some(here), Some(there)) = (find(side, &s.id), find(other, &s.id)) else { continue };
                let before = find(&base, &s.id);
                for id in here.steps.ids() {
                    let new = before.as_ref().is_none_or(|x| x.steps.item(id).is_none());
                    if new {
                        prop_assert!(shown.contains(&id), "step {} added in one tab vanished", id);
                    }
                }
                for item in &here.steps.items {
                    let put_back = there.steps.item(&item.id).is_some_and(|t| !t.gone.value && t.gone.at > item.gone.at);
                    if item.gone.value && !put_back {
                        prop_assert!(!shown.contains(&item.id.as_str()), "step {} came back", item.id);
                    }
                }
            }
        }
    }

    /// No text is lost in silence: a note version one tab wrote after the
    /// two parted was never seen by the other, so the merge keeps it (shown,
    /// or offered as a conflict copy), however the other tab typed on.
    #[test]
    fn a_note_version_one_tab_wrote_is_never_merged_away_by_a_tab_that_never_saw_it(tabs in two_tabs()) {
        let (base, a, b) = diverged_from(&tabs)?;
        let m = merge(&a, &b);
        for s in &m.sessions {
            let notes = |j: &Journal| {
                // Deleted sessions too (kept, within their undo window).
                j.sessions
                    .iter()
                    .find(|x| x.id == s.id)
                    .map(|x| [x.private_note.versions.clone(), x.bring_up.versions.clone()])
                    .unwrap_or_default()
            };
            let (before, merged) = (notes(&base), notes(&m));
            for side in [notes(&a), notes(&b)] {
                for (k, versions) in side.iter().enumerate() {
                    for v in versions.iter().filter(|v| !before[k].contains(v)) {
                        prop_assert!(merged[k].contains(v), "{:?} was merged away from {:?}", v, merged[k]);
                    }
                }
            }
        }
    }

    #[test]
    fn delete_everything_wins_over_every_older_write_and_purged_sessions_never_come_back(tabs in two_tabs()) {
        let (a, b) = diverged(&tabs)?;
        let merged = merge(&a, &b);
        for s in &merged.sessions {
            prop_assert!(!erases(merged.erased, s.created), "a session from before the erase came back");
            prop_assert!(!a.purged.contains_key(&s.id) && !b.purged.contains_key(&s.id), "a purged session came back");
        }
        // A tab that erased, met by any stale copy: nothing from before the erase.
        let mut erasing = a.clone();
        let steps = erasing.current().map(|s| s.steps.list()).unwrap_or_default();
        let at = erasing.latest_stamp().max(b.latest_stamp()) + 1;
        erasing.erase_all("fresh".into(), "2026-12-24".into(), steps, at);
        for m in [merge(&erasing, &b), merge(&b, &erasing), merge(&merge(&erasing, &a), &b)] {
            prop_assert_eq!(m.sessions.len(), 1);
            prop_assert_eq!(&m.current.value, "fresh");
            prop_assert!(m.purged.is_empty());
            prop_assert_eq!(validate(&m), Ok(()));
        }
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn merge_is_associative(tabs in three_tabs()) {
        let [a, b, c] = diverged3(&tabs)?;
        prop_assert_eq!(merge(&merge(&a, &b), &c), merge(&a, &merge(&b, &c)));
        prop_assert_eq!(merge(&merge(&a, &b), &c), merge(&merge(&c, &a), &b));
    }

    /// A merge never yields a document the app would refuse to load.
    #[test]
    fn merging_valid_journals_gives_a_valid_journal(tabs in two_tabs()) {
        let (a, b) = diverged(&tabs)?;
        let merged = merge(&a, &b);
        prop_assert_eq!(validate(&merged), Ok(()));
        prop_assert_eq!(decode(&encode(&merged)), Ok(merged));
    }

    /// Issue 10, "two tabs ticking at once lose a tick": each tab ticks a
    /// different step at the same moment; both ticks survive every merge.
    #[test]
    fn two_tabs_ticking_at_once_keep_both_ticks(plan in plan(15), i in any::<Index>(), k in any::<Index>(), dt in 0i64..3) {
        let (base, editor) = build(&plan)?;
        let steps: Vec<String> = base.current().map(|s| s.steps.ids().into_iter().map(str::to_owned).collect()).unwrap_or_default();
        prop_assume!(steps.len() >= 2);
        let (x, mut y) = (i.index(steps.len()), k.index(steps.len()));
        if x == y { y = (y + 1) % steps.len(); }
        let (mut a, mut b) = (base.clone(), base);
        let (mut ea, mut eb) = (editor.fork("a"), editor.fork("b"));
        ea.wall += dt as u64;
        let now_a = ea.clock.tick(ea.wall);
        a.set_ticked(&steps[x], true, now_a).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let now_b = eb.clock.tick(eb.wall);
        b.set_ticked(&steps[y], true, now_b).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for m in [merge(&a, &b), merge(&b, &a)] {
            let current = m.current().expect("a current session");
            prop_assert!(current.is_ticked(&steps[x]) && current.is_ticked(&steps[y]));
        }
    }

    /// Issue 10, "import loses newer work": importing an older download never
    /// replaces anything written here since, and the preview counts it.
    #[test]
    fn an_import_never_replaces_newer_work(tabs in two_tabs()) {
        let (file, here) = diverged(&tabs)?;
        let file = parse_import(encode_export(&file).as_bytes(), CLOCK).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut n = 0;
        let mut ids = || { n += 1; format!("imported-{n}") };
        let now = here.latest_stamp().max(file.latest_stamp()) + 1;
        let result = import(&here, &file, now);
        prop_assert_eq!(validate(&result), Ok(()));
        for mine in here.live_sessions() {
            let Some(after) = result.sessions.iter().find(|s| s.id == mine.id) else { continue };
            let theirs = file.sessions.iter().find(|s| s.id == mine.id);
            // A field written here later than the file's stays as it is here.
            if theirs.is_none_or(|t| mine.private_note.at() > t.private_note.at()) {
                prop_assert_eq!(after.private_note.text(), mine.private_note.text());
            }
            if theirs.is_none_or(|t| mine.mood_after.at > t.mood_after.at) {
                prop_assert_eq!(after.mood_after.value, mine.mood_after.value);
            }
        }
        let counts = preview(&here, &file, &result);
        let changed = result.live_sessions().filter(|s| here.sessions.iter().find(|h| h.id == s.id) != Some(s)).count();
        prop_assert_eq!(counts.added + counts.updated, changed, "the preview counts every session that changes: {:?}", counts);
        // One step back gives the sessions, ticks and words of before.
        let undone = undo_import(&here, &result, now + 1, "here", &mut ids);
        prop_assert_eq!(validate(&undone), Ok(()));
        let view = |j: &Journal| {
            let mut v: Vec<_> = j.live_sessions().map(|s| (s.date.value.clone(), s.private_note.text().to_owned(), s.bring_up.text().to_owned(), s.ticked_ids(), s.mood_before.value, s.mood_after.value)).collect();
            v.sort();
            v
        };
        prop_assert_eq!(view(&undone), view(&here));
    }

    /// Importing the same file again changes nothing: not even sessions
    /// that "Delete everything" removed here, restored by the first import,
    /// come back a second time.
    #[test]
    fn importing_the_same_file_twice_changes_nothing_the_second_time(tabs in two_tabs(), erase in any::<bool>()) {
        let (file, mut here) = diverged(&tabs)?;
        let file = parse_import(encode_export(&file).as_bytes(), CLOCK).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let now = here.latest_stamp().max(file.latest_stamp()) + 1;
        if erase {
            here.erase_all("fresh".into(), "2026-12-31".into(), Vec::new(), now);
        }
        let once = import(&here, &file, now + 1);
        let twice = import(&once, &file, once.latest_stamp() + 1);
        prop_assert_eq!(validate(&twice), Ok(()));
        // The same journal, whatever the order its sessions are listed in.
        let sorted = |j: &Journal| { let mut j = j.clone(); j.sessions.sort_by(|a, b| a.id.cmp(&b.id)); j };
        prop_assert_eq!(sorted(&twice), sorted(&once));
        prop_assert_eq!(preview(&once, &file, &twice).added, 0);
    }

    /// Issue 10, "a deleted session's words are kept forever": an export
    /// never carries a deleted session's words, and after the undo window
    /// the stored document does not either.
    #[test]
    fn deleted_words_are_purged_from_exports_and_after_the_undo_window(plan in plan(25)) {
        let (mut j, _) = build(&plan)?;
        let deleted: Vec<Session> = j.sessions.iter().filter(|s| s.deleted.value).cloned().collect();
        let export: Journal = serde_json::from_str(&encode_export(&j)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(export.sessions.iter().all(|s| !s.deleted.value));
        j.purge_deleted(u64::MAX);
        for s in deleted {
            prop_assert!(j.sessions.iter().all(|k| k.id != s.id));
            prop_assert!(j.purged.contains_key(&s.id));
        }
    }
}

// ---------------------------------------------------------------------------
// Examples

#[test]
fn deeply_nested_input_is_refused_without_overflowing_the_stack() {
    for text in [
        "[".repeat(100_000),
        "{\"a\":".repeat(100_000),
        format!("{{\"schema\":1,\"sessions\":{}", "[".repeat(50_000)),
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
    ] {
        assert!(
            matches!(decode(&text), Err(DecodeError::NotJson(_))),
            "{}…",
            &text[..20]
        );
    }
}

#[test]
fn an_import_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
    let mut bytes = vec![b' '; MAX_IMPORT_BYTES];
    assert!(matches!(
        parse_import(&bytes, CLOCK),
        Err(DecodeError::NotJson(_))
    ));
    bytes.push(b' ');
    assert_eq!(
        parse_import(&bytes, CLOCK),
        Err(DecodeError::TooLarge {
            bytes: MAX_IMPORT_BYTES + 1
        })
    );
}

fn two_tab_base() -> Journal {
    let steps = ["a", "b"]
        .map(|id| Step {
            id: id.into(),
            text: id.to_uppercase(),
            article: None,
        })
        .to_vec();
    Journal::new("s1".into(), "2026-11-25".into(), steps, 1_000)
}

/// Tab A removes step "b" (at 2,000); tab B, not yet told, ticks "b" (at
/// 3,000). The merge takes A's steps (newer steps field) and B's ticks
/// (newer ticked field), and must drop the tick of the removed step, or
/// `decode` would refuse the saved document as unreadable.
#[test]
fn a_tick_and_a_removal_in_two_tabs_merge_into_a_valid_journal() {
    let mut a = two_tab_base();
    let mut b = two_tab_base();
    a.remove_step("b", 2_000).unwrap();
    b.set_ticked("b", true, 3_000).unwrap();
    assert_eq!(validate(&a), Ok(()));
    assert_eq!(validate(&b), Ok(()));
    let merged = merge(&a, &b);
    assert_eq!(validate(&merged), Ok(()));
    assert_eq!(decode(&encode(&merged)), Ok(merged));
}

/// A stored document may carry times up to `MAX_STAMP` (and none past
/// it); editing a field stamped at the latest time must not overflow
/// (`modified + 1`).
#[test]
fn editing_a_field_stamped_at_the_largest_time_does_not_panic() {
    let mut journal = two_tab_base();
    journal.sessions[0].private_note.versions[0].at = u64::MAX;
    assert!(decode(&encode(&journal)).is_err(), "a time past MAX_STAMP");
    journal.sessions[0].private_note.versions[0].at = MAX_STAMP;
    let journal = decode(&encode(&journal)).expect("a valid document");
    let mut edited = journal.clone();
    edited
        .set_private_note("s1", "typed after the import", 5_000, "here")
        .unwrap();
    assert_eq!(edited.sessions[0].private_note.text(), "typed after the import");
}

/// Issue 10, "delete everything comes back": the second tab's copy, merged
/// after the erase, brings back no session, tick or word.
#[test]
fn delete_everything_in_one_tab_is_not_undone_by_the_other_tab() {
    let mut other = two_tab_base();
    other.set_ticked("a", true, 1_100).unwrap();
    other
        .set_private_note("s1", "private words", 1_200, "other")
        .unwrap();
    other.start_new_session("s2".into(), "2026-12-02".into(), 2_000);
    let mut erasing = other.clone();
    erasing.erase_all("fresh".into(), "2026-12-10".into(), vec![], 3_000);
    let merged = merge(&other, &erasing);
    assert_eq!(merged.sessions.len(), 1);
    assert!(merged.history().is_empty());
    assert!(!encode(&merged).contains("private words"));
    // The other tab keeps typing on its stale copy: still nothing comes back.
    let mut stale = other.clone();
    stale
        .set_private_note("s2", "typed late", 2_500, "stale")
        .unwrap();
    assert_eq!(merge(&merged, &stale).sessions.len(), 1);
}

/// Issue 10, "an older tab overwrites newer data": a document of a newer
/// schema is refused by decode (so the store never merges or writes it),
/// and the lenient reader refuses it too.
#[test]
fn a_newer_schema_is_never_read_as_this_one() {
    let newer = encode(&two_tab_base()).replacen("\"schema\":3", "\"schema\":4", 1);
    assert_eq!(decode(&newer), Err(DecodeError::NewerSchema(4)));
    assert_eq!(
        decode_lenient(&newer).map(|_| ()),
        Err(DecodeError::NewerSchema(4))
    );
    assert_eq!(
        parse_import(newer.as_bytes(), CLOCK),
        Err(DecodeError::NewerSchema(4))
    );
}
