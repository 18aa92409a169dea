#![cfg(not(target_arch = "wasm32"))]
//! Property tests for the journal domain (`src/journal`): decoding and
//! importing never panic whatever the input, every journal the public API can
//! build is valid and survives a round trip through the stored and exported
//! JSON, and merging two copies edited apart behaves like a join (symmetric,
//! idempotent, losing no session).
//!
//! Run with `cargo test --test journal_props`. A failure's seed is added to
//! `tests/journal_props.proptest-regressions` (checked in): every later run
//! tries the seeds there first, so a failure found once stays reproduced.

use std::collections::BTreeSet;

use after_the_session::domain::journal::codec::{
    DecodeError, MAX_IMPORT_BYTES, decode, encode, encode_pretty, parse_import, validate,
};
use after_the_session::domain::journal::merge::merge;
use after_the_session::domain::journal::{
    Journal, MAX_NOTE_CHARS, MAX_STEP_CHARS, Mood, Step, clean_step_text,
};
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
    Journal {
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
        2 => (any::<Index>(), note()).prop_map(|(session, text)| Op::Journal { session, text }),
        2 => (any::<Index>(), note()).prop_map(|(session, text)| Op::BringUp { session, text }),
        1 => (any::<Index>(), any_date()).prop_map(|(session, date)| Op::Date { session, date }),
        1 => any::<Index>().prop_map(|session| Op::Delete { session }),
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

/// Applies edits the way the app does: the caller brings the time and fresh ids.
#[derive(Clone, Debug)]
struct Editor {
    prefix: &'static str,
    tag: String,
    clock: u64,
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
        self.clock = self.clock.saturating_add_signed(dt);
        let now = self.clock;
        let before = j.clone();
        let live: Vec<String> = j
            .sessions
            .iter()
            .filter(|s| !s.deleted.value)
            .map(|s| s.id.clone())
            .collect();
        let steps: Vec<String> = j
            .current()
            .map(|s| s.steps.value.iter().map(|s| s.id.clone()).collect())
            .unwrap_or_default();
        let step = |i: &Index| {
            if steps.is_empty() {
                "no-such-step".to_owned()
            } else {
                i.get(&steps).clone()
            }
        };
        let session = |i: &Index| {
            if live.is_empty() {
                "no-such-session".to_owned()
            } else {
                i.get(&live).clone()
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
            Op::Journal { session: i, text } => j.set_journal(&session(i), text, now),
            Op::BringUp { session: i, text } => j.set_bring_up(&session(i), text, now),
            Op::Date { session: i, date } => j.set_date(&session(i), date, now),
            Op::Delete { session: i } => j.delete_session(&session(i), now),
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
        clock: plan.start,
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
fn diverged((plan, ops_a, ops_b): &TwoTabs) -> Result<(Journal, Journal), TestCaseError> {
    let (base, editor) = build(plan)?;
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
    Ok((a, b))
}

fn two_tabs() -> impl Strategy<Value = TwoTabs> {
    (plan(25), ops(20), ops(20))
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
            let mut bytes = encode_pretty(&journal).into_bytes();
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
        let result = parse_import(&bytes);
        match std::str::from_utf8(&bytes) {
            Err(_) => prop_assert_eq!(result, Err(DecodeError::NotText)),
            Ok(text) => prop_assert_eq!(result, decode(text)),
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

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
        let text = if pretty { encode_pretty(&journal) } else { encode(&journal) };
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let cut = *cut.get(&boundaries);
        let result = decode(&text[..cut]);
        prop_assert!(matches!(result, Err(DecodeError::NotJson(_))), "cut at {}: {:?}", cut, result);
    }

    #[test]
    fn valid_journals_round_trip(plan in plan(40)) {
        let (journal, _) = build(&plan)?;
        prop_assert_eq!(validate(&journal), Ok(()));
        prop_assert_eq!(decode(&encode(&journal)), Ok(journal.clone()));
        prop_assert_eq!(parse_import(encode_pretty(&journal).as_bytes()), Ok(journal.clone()));
    }

    #[test]
    fn merge_is_symmetric_idempotent_and_keeps_every_session(tabs in two_tabs()) {
        let (a, b) = diverged(&tabs)?;
        let merged = merge(&a, &b);
        prop_assert_eq!(&merge(&b, &a), &merged, "merge(a, b) == merge(b, a)");
        prop_assert_eq!(&merge(&merged, &merged), &merged, "merge(m, m) == m");
        prop_assert_eq!(&merge(&merged, &a), &merged, "merge(m, a) == m");
        prop_assert_eq!(&merge(&b, &merged), &merged, "merge(b, m) == m");

        let ids = |j: &Journal| j.sessions.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        let expected: BTreeSet<String> = ids(&a).into_iter().chain(ids(&b)).collect();
        let got = ids(&merged);
        prop_assert_eq!(got.len(), expected.len(), "each session once: {:?}", got);
        prop_assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), expected);
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// A merge never yields a document the app would refuse to load.
    #[test]
    fn merging_valid_journals_gives_a_valid_journal(tabs in two_tabs()) {
        let (a, b) = diverged(&tabs)?;
        let merged = merge(&a, &b);
        prop_assert_eq!(validate(&merged), Ok(()));
        prop_assert_eq!(decode(&encode(&merged)), Ok(merged));
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
    assert!(matches!(parse_import(&bytes), Err(DecodeError::NotJson(_))));
    bytes.push(b' ');
    assert_eq!(
        parse_import(&bytes),
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

/// A stored or imported document may carry any `u64` time; editing such a
/// field must not overflow (`modified + 1`).
#[test]
fn editing_a_field_stamped_at_the_largest_time_does_not_panic() {
    let mut journal = two_tab_base();
    journal.sessions[0].journal.modified = u64::MAX;
    let journal = decode(&encode(&journal)).expect("a valid document");
    let mut edited = journal.clone();
    edited.set_journal("s1", "typed after the import", 5_000).unwrap();
    assert_eq!(edited.sessions[0].journal.value, "typed after the import");
}
