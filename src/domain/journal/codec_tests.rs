use super::*;
use crate::domain::journal::Stamped;
use crate::domain::journal::import::{ImportPreview, import, preview, undo_import};
use crate::domain::journal::test_steps as steps;
use crate::domain::journal::{MAX_NOTE_CHARS, MAX_STAMP};

/// This device's clock in the tests: after every time `journal()` holds.
const NOW: u64 = 1_000_000;

fn journal() -> Journal {
    let mut j = Journal::new("s1".into(), "2026-11-25".into(), steps(), 1_000);
    j.set_ticked("accept-reality", true, 1_100).unwrap();
    j.set_private_note("s1", "Heavy day. <script>alert(1)</script>", 1_200, "tab")
        .unwrap();
    j.set_moods("s1", Some(4), Some(2), 1_300).unwrap();
    j.start_new_session("s2".into(), "2026-12-02".into(), 2_000);
    j.add_step("own".into(), "Call Sam", 2_100).unwrap();
    j
}

const V1: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/journal-v1.json"
));

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("new-{n}")
    }
}

#[test]
fn encode_then_decode_is_the_identity() {
    let j = journal();
    assert_eq!(decode(&encode(&j)).unwrap(), j);
}

#[test]
fn the_schema_1_fixture_migrates_without_losing_a_tick_mood_or_word() {
    let j = decode(V1).expect("schema 1 fixture");
    assert_eq!(j.schema, SCHEMA_VERSION);
    assert_eq!(j.sessions.len(), 3);
    let current = j.current().unwrap();
    assert_eq!(current.date.value, "2026-11-18");
    assert_eq!(current.progress(), (2, 5));
    assert_eq!(current.ticked_ids(), ["treat-yourself", "own-1763400100000"]);
    assert_eq!(
        current.ticks["treat-yourself"].at, 1763400200000,
        "each tick keeps the list's time"
    );
    assert_eq!(current.mood_before.value, Some(4));
    let past = j.history();
    assert_eq!(past.len(), 1, "one past session, one deleted");
    assert_eq!(past[0].private_note.text(), "Felt drained. Wrote it down.");
    assert_eq!(past[0].private_note.at(), 1762800400000);
    assert_eq!(past[0].mood_before, Stamped::new(Some(3), 1762800100000));
    assert_eq!(past[0].mood_after.value, Some(2));
    assert_eq!(past[0].bring_up.text(), "The comment about my sister");
    assert_eq!(past[0].ticked_ids(), ["write-about-it"]);
    let deleted = j
        .sessions
        .iter()
        .find(|s| s.deleted.value)
        .expect("the deletion is kept");
    assert_eq!(deleted.deleted.at, 1763100000000);
    // Every word of the fixture is in the migrated document.
    let raw: serde_json::Value = serde_json::from_str(V1).unwrap();
    let text = encode(&j);
    for session in raw["sessions"].as_array().unwrap() {
        for field in ["bring_up", "journal"] {
            let words = session[field]["v"].as_str().unwrap();
            assert!(text.contains(&serde_json::to_string(words).unwrap()), "{words}");
        }
    }
    assert_eq!(decode(&text), Ok(j), "and it round-trips as schema 2");
}

#[test]
fn unreadable_data_says_why() {
    assert!(matches!(decode("{not json"), Err(DecodeError::NotJson(_))));
    assert_eq!(decode("{}"), Err(DecodeError::NoSchema));
    assert_eq!(decode("[1,2]"), Err(DecodeError::NoSchema));
    assert_eq!(decode(r#"{"schema": 7}"#), Err(DecodeError::NewerSchema(7)));
    assert!(matches!(
        decode(r#"{"schema": 2, "sessions": 3}"#),
        Err(DecodeError::BadShape(_))
    ));
    let mut j = journal();
    j.sessions[0].mood_after.value = Some(9);
    assert!(matches!(
        decode(&encode(&j)),
        Err(DecodeError::Invalid(Invalid::Mood(9)))
    ));
}

#[test]
fn a_wrong_shape_is_named_without_a_place_in_text_the_user_never_saw() {
    // Read from the tree by way of its text (`from_tree`): the message names
    // what is wrong, as `serde_json::from_value` did, and no line or column.
    let mut frame: Value = serde_json::from_str(&encode(&journal())).unwrap();
    frame.as_object_mut().unwrap().remove("current");
    assert_eq!(
        decode(&frame.to_string()),
        Err(DecodeError::BadShape("missing field `current`".into()))
    );
    let mut session: Value = serde_json::from_str(&encode(&journal())).unwrap();
    session["sessions"][0]["created"] = json!("yesterday");
    let read = decode_lenient(&session.to_string()).unwrap();
    assert_eq!(read.set_aside.len(), 1);
    assert_eq!(
        read.set_aside[0].reason,
        Invalid::BadSession("invalid type: string \"yesterday\", expected u64".into())
    );
    // Only the place at the end goes, not words like it inside the message.
    let odd = serde_json::from_str::<u64>("\"x at line 2 column 3\"").unwrap_err();
    assert_eq!(
        without_place(&odd),
        "invalid type: string \"x at line 2 column 3\", expected u64",
        "{odd}"
    );
}

#[test]
fn a_stored_copy_of_a_deleted_session_is_dropped_not_set_aside() {
    // A session still in the list after "delete everything" or after its own
    // deletion: what the client deleted is never kept, not even as a backup.
    let mut j = journal();
    j.start_new_session("s3".into(), "2026-12-09".into(), 3_000);
    let mut doc: Value = serde_json::from_str(&encode(&j)).unwrap();
    doc["purged"] = json!({"s1": {"created": 1_000, "deleted": 5_000}});
    let read = decode_lenient(&doc.to_string()).unwrap();
    assert_eq!(read.set_aside, []);
    let kept: Vec<_> = read.journal.sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(kept, ["s2", "s3"]);
    doc["purged"] = json!({});
    doc["erased"] = json!(1_500);
    let read = decode_lenient(&doc.to_string()).unwrap();
    assert_eq!(read.set_aside, []);
    let kept: Vec<_> = read.journal.sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(kept, ["s2", "s3"]);
}

#[test]
fn one_invalid_session_is_set_aside_and_every_other_kept() {
    let mut j = journal();
    j.start_new_session("s3".into(), "2026-12-09".into(), 3_000);
    j.sessions[1].date.value = "2026-02-31".into();
    let text = encode(&j);
    assert!(decode(&text).is_err(), "an import refuses it whole");
    let read = decode_lenient(&text).unwrap();
    assert_eq!(read.set_aside.len(), 1);
    assert!(
        read.set_aside[0].raw.contains("2026-02-31")
            && read.set_aside[0].reason == Invalid::Date("2026-02-31".into())
    );
    let kept: Vec<_> = read.journal.sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(kept, ["s1", "s3"]);
    assert_eq!(read.journal.current().unwrap().id, "s3");
    assert_eq!(decode_lenient(V1).unwrap().set_aside, []);
}

#[test]
fn the_one_pass_reader_takes_plain_whole_documents_only() {
    let j = journal();
    let text = encode(&j);
    assert_eq!(decode_plain(&text), Some(j.clone()));
    // A `lock` key, whatever its value, makes it an envelope's business.
    for lock in ["1", "null", "{}"] {
        let locked = text.replacen('{', &format!("{{\"lock\":{lock},"), 1);
        assert_eq!(decode_plain(&locked), None, "{locked}");
        assert_eq!(decode_lenient(&locked).map(|l| l.journal), Ok(j.clone()));
    }
    // Older schemas, sessions to set aside and broken text take the careful path.
    assert_eq!(decode_plain(V1), None);
    let mut bad = j.clone();
    bad.sessions[0].date.value = "2026-02-31".into();
    assert_eq!(decode_plain(&encode(&bad)), None);
    assert_eq!(decode_plain(&text[..text.len() - 1]), None);
}

#[test]
fn validation_refuses_what_the_app_would_never_write() {
    type Breakage = Box<dyn Fn(&mut Journal)>;
    let cases: Vec<(&str, Breakage)> = vec![
        (
            "date",
            Box::new(|j| j.sessions[0].date.value = "2026-02-31".into()),
        ),
        ("twice", Box::new(|j| j.sessions[1].id = "s1".into())),
        (
            "step text",
            Box::new(|j| {
                j.sessions[0]
                    .steps
                    .items
                    .iter_mut()
                    .for_each(|i| i.text.value = "x".repeat(500))
            }),
        ),
        (
            "step text",
            Box::new(|j| {
                j.sessions[0]
                    .steps
                    .items
                    .iter_mut()
                    .for_each(|i| i.text.value = " ".into())
            }),
        ),
        (
            "note",
            Box::new(|j| j.sessions[0].private_note.versions[0].text = "x".repeat(MAX_NOTE_CHARS + 1)),
        ),
        ("current", Box::new(|j| j.current.value = "nowhere".into())),
        ("session id", Box::new(|j| j.sessions[0].id = "x".repeat(65))),
        (
            "purged",
            Box::new(|j| {
                j.purged.insert(
                    "s1".into(),
                    crate::domain::journal::Tombstone {
                        created: 1_000,
                        deleted: 5,
                    },
                );
            }),
        ),
        ("delete everything", Box::new(|j| j.erased = 1_500)),
        (
            "past any date",
            Box::new(|j| j.sessions[0].mood_after.at = MAX_STAMP + 1),
        ),
        ("past any date", Box::new(|j| j.erased = u64::MAX)),
        ("past any date", Box::new(|j| j.current.at = MAX_STAMP + 1)),
        (
            "twice",
            Box::new(|j| {
                let first = j.sessions[0].steps.items[0].clone();
                j.sessions[0].steps.items.insert(1, first);
            }),
        ),
        (
            "steps are out of order",
            Box::new(|j| j.sessions[0].steps.items.reverse()),
        ),
        (
            "had seen a later one",
            Box::new(|j| {
                let v = &mut j.sessions[0].private_note.versions[0];
                v.seen = vec![("tab".into(), v.at)];
            }),
        ),
        (
            "versions are out of order",
            Box::new(|j| {
                j.sessions[0].private_note.versions[0].seen = vec![("b".into(), 1), ("a".into(), 1)]
            }),
        ),
    ];
    for (expected, break_it) in cases {
        let mut j = journal();
        break_it(&mut j);
        let err = validate(&j).expect_err(expected);
        assert!(err.to_string().contains(expected), "{expected}: {err}");
    }
    assert_eq!(validate(&journal()), Ok(()));
}

#[test]
fn imports_are_size_checked_first() {
    let big = vec![b' '; MAX_IMPORT_BYTES + 1];
    assert_eq!(
        parse_import(&big, NOW),
        Err(DecodeError::TooLarge {
            bytes: MAX_IMPORT_BYTES + 1
        })
    );
    assert_eq!(parse_import(&[0xff, 0xfe, 0x00], NOW), Err(DecodeError::NotText));
    let j = journal();
    assert_eq!(parse_import(encode_export(&j).as_bytes(), NOW).unwrap(), j);
}

/// A file whose times run past any date (the largest 64-bit number once
/// made a tab's clock wrap on "Delete everything", leaving a journal that
/// dropped every session for good) is refused whole, and so is one whose
/// times run more than a day ahead of this device's clock (a deleted
/// session's words would be kept until then).
#[test]
fn a_file_with_times_past_any_date_or_ahead_of_the_clock_is_refused() {
    let mut j = journal();
    j.sessions[0].mood_after.at = u64::MAX;
    let text = encode_export(&j);
    assert!(text.contains("18446744073709551615"));
    let err = parse_import(text.as_bytes(), NOW).expect_err("refused");
    assert!(err.to_string().contains("past any date"), "{err}");

    const DAY: u64 = 24 * 60 * 60 * 1000;
    j.sessions[0].mood_after.at = NOW + 3 * DAY;
    assert_eq!(
        parse_import(encode_export(&j).as_bytes(), NOW),
        Err(DecodeError::AheadOfClock { days: 3 })
    );
    // An hour ahead (two devices' clocks differ) is read, and "Delete
    // everything" after it keeps its fresh session.
    j.sessions[0].mood_after.at = NOW + DAY / 24;
    let mut read = parse_import(encode_export(&j).as_bytes(), NOW).expect("read");
    read.erase_all("fresh".into(), "2026-12-10".into(), steps(), NOW);
    assert_eq!(validate(&read), Ok(()));
    assert_eq!(read.live_sessions().count(), 1);
}

#[test]
fn export_delete_everything_import_gives_back_the_same_words() {
    let original = journal();
    let file = parse_import(encode_export(&original).as_bytes(), NOW).unwrap();
    let mut here = original.clone();
    here.erase_all("fresh".into(), "2026-12-10".into(), steps(), 9_000);
    let result = import(&here, &file, 10_000);
    let counts = preview(&here, &file, &result);
    assert_eq!(
        counts,
        ImportPreview {
            added: 2,
            ..Default::default()
        }
    );
    assert_eq!(validate(&result), Ok(()));
    let current = result.current().unwrap();
    assert_eq!(
        current.steps.list().last().unwrap().text,
        "Call Sam",
        "the file's current session is current"
    );
    let past = result.history();
    assert_eq!(past.len(), 1, "the empty fresh session gives way");
    assert_eq!(
        past[0].private_note.text(),
        "Heavy day. <script>alert(1)</script>"
    );
    assert_eq!(past[0].ticked_ids(), ["accept-reality"]);
    assert_eq!(
        (past[0].mood_before.value, past[0].mood_after.value),
        (Some(4), Some(2))
    );
}

#[test]
fn a_backup_imported_twice_after_delete_everything_restores_each_session_once() {
    let original = journal();
    let file = parse_import(encode_export(&original).as_bytes(), NOW).unwrap();
    let mut here = original.clone();
    here.erase_all("fresh".into(), "2026-12-10".into(), steps(), 9_000);
    let once = import(&here, &file, 10_000);
    let twice = import(&once, &file, 11_000);
    assert_eq!(twice.live_sessions().count(), 2, "no session restored twice");
    assert_eq!(twice, once, "the second import changes nothing");
    assert_eq!(
        preview(&once, &file, &twice),
        ImportPreview {
            ignored: 2,
            ..Default::default()
        },
        "and its preview says each is left as it is"
    );
    // Two tabs restoring the same file each: merged, still once each.
    let other_tab = import(&here, &file, 10_500);
    let both = crate::domain::journal::merge::merge(&once, &other_tab);
    assert_eq!(both.live_sessions().count(), 2);
    assert_eq!(validate(&both), Ok(()));
    // A restored session deleted since stays deleted.
    let mut deleted = once.clone();
    let gone = deleted.history()[0].id.clone();
    deleted.delete_session(&gone, 12_000).unwrap();
    let again = import(&deleted, &file, 13_000);
    assert!(again.sessions.iter().any(|s| s.id == gone && s.deleted.value));
    assert_eq!(
        again.live_sessions().map(|s| s.id.clone()).collect::<Vec<_>>(),
        deleted.live_sessions().map(|s| s.id.clone()).collect::<Vec<_>>()
    );
    // ...and the preview says so, apart from the one left as it is.
    assert_eq!(
        preview(&deleted, &file, &again),
        ImportPreview {
            ignored: 1,
            stay_deleted: 1,
            ..Default::default()
        }
    );
}

#[test]
fn an_import_never_replaces_a_newer_note_and_counts_it_as_ignored() {
    let downloaded = journal();
    let file = parse_import(encode_export(&downloaded).as_bytes(), NOW).unwrap();
    let mut here = downloaded.clone();
    here.set_private_note("s1", "edited after the download", 5_000, "here")
        .unwrap();
    let result = import(&here, &file, 6_000);
    assert_eq!(
        result.session("s1").unwrap().private_note.text(),
        "edited after the download"
    );
    assert_eq!(result, here, "nothing changes");
    assert_eq!(
        preview(&here, &file, &result),
        ImportPreview {
            ignored: 1,
            ..Default::default()
        }
    );
}

#[test]
fn an_import_merges_field_by_field_and_counts_exactly() {
    let mut here = journal();
    let mut file = journal();
    file.set_private_note("s1", "edited in the backup", 5_000, "laptop")
        .unwrap();
    file.start_new_session("s3".into(), "2026-12-09".into(), 6_000);
    file.delete_session("s2", 6_100).unwrap();
    here.set_bring_up("s2", "typed here", 5_500, "here").unwrap();
    let file = parse_import(encode_export(&file).as_bytes(), NOW).unwrap();
    let result = import(&here, &file, 7_000);
    let counts = preview(&here, &file, &result);
    assert_eq!(
        counts,
        ImportPreview {
            added: 1,
            updated: 1,
            deleted: 1,
            ignored: 0,
            stay_deleted: 0,
        }
    );
    assert_eq!(
        result.session("s1").unwrap().private_note.text(),
        "edited in the backup"
    );
    assert!(result.session("s3").is_some());
    assert!(result.session("s2").is_none(), "the file records deleting it");
    let s2 = result.sessions.iter().find(|s| s.id == "s2").unwrap();
    assert_eq!(
        s2.bring_up.text(),
        "typed here",
        "kept until the undo window ends"
    );
    assert_eq!(validate(&result), Ok(()));

    let undone = undo_import(&here, &result, 8_000, "here", &mut ids());
    assert_eq!(validate(&undone), Ok(()));
    let live = |j: &Journal| {
        j.live_sessions()
            .map(|s| {
                (
                    s.id.clone(),
                    s.private_note.text().to_owned(),
                    s.bring_up.text().to_owned(),
                    s.ticked_ids(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(live(&undone), live(&here), "undo gives back the state before");
    assert_eq!(undone.current.value, here.current.value);
}

#[test]
fn a_file_with_a_delete_everything_counts_each_deletion() {
    let here = journal();
    let mut file = journal();
    file.erase_all("f".into(), "2026-12-12".into(), steps(), 5_000);
    let result = import(&here, &file, 6_000);
    assert_eq!(preview(&here, &file, &result).deleted, 2);
    assert_eq!(validate(&result), Ok(()));
}

#[test]
fn storage_keys_carry_the_base_path() {
    assert_ne!(storage_key("/"), storage_key("/sub/"));
    assert!(is_own_key(
        &format!("{}.unreadable.3", storage_key("/sub/")),
        "/sub/"
    ));
    assert!(!is_own_key(&storage_key("/sub/"), "/"));
    assert!(!is_own_key(LEGACY_STORAGE_KEY, "/"));
}

#[test]
fn a_thousand_typical_sessions_stay_under_a_megabyte() {
    let mut j = Journal::new("s0".into(), "2020-01-01".into(), steps(), 0);
    for i in 1..1000u64 {
        let id = format!("s{i}");
        j.set_ticked("treat-yourself", true, i * 10).unwrap();
        j.set_ticked("talk-about-it", true, i * 10 + 1).unwrap();
        let current = j.current.value.clone();
        j.set_moods(&current, Some(3), Some(2), i * 10 + 2).unwrap();
        j.set_private_note(
            &current,
            &"A typical note about the session. ".repeat(4),
            i * 10 + 3,
            "3fa9c2d1",
        )
        .unwrap();
        j.start_new_session(
            id,
            format!("{}-{:02}-{:02}", 2020 + i / 300, 1 + (i / 28) % 12, 1 + i % 28),
            i * 10 + 5,
        );
    }
    let bytes = encode(&j).len();
    assert!(bytes < 1_000_000, "{bytes} bytes for 1,000 sessions");
}

#[test]
fn moving_back_from_a_second_device_keeps_what_was_written_there() {
    // The phone finished a session and holds a fresh, untouched one (s2);
    // its download goes to the laptop, where s2 is filled in and finished;
    // the laptop's download comes back to the phone.
    let mut phone = Journal::new("s1".into(), "2026-11-25".into(), steps(), 1_000);
    phone.start_new_session("s2".into(), "2026-12-02".into(), 2_000);
    let from_phone = parse_import(encode_export(&phone).as_bytes(), NOW).unwrap();
    let empty_laptop = Journal::new("l1".into(), "2026-12-02".into(), steps(), 2_500);
    let mut laptop = import(&empty_laptop, &from_phone, 3_000);
    assert_eq!(laptop.current.value, "s2");
    laptop.set_ticked("accept-reality", true, 3_100).unwrap();
    laptop
        .set_private_note("s2", "Written on the laptop", 3_200, "laptop")
        .unwrap();
    laptop.start_new_session("s3".into(), "2026-12-09".into(), 4_000);
    let from_laptop = parse_import(encode_export(&laptop).as_bytes(), NOW).unwrap();

    let result = import(&phone, &from_laptop, 5_000);
    let s2 = result.session("s2").expect("the session written on the laptop");
    assert!(!s2.deleted.value);
    assert_eq!(s2.private_note.text(), "Written on the laptop");
    assert_eq!(s2.ticked_ids(), ["accept-reality"]);
    assert!(!result.purged.contains_key("s2"), "no tombstone travels on");
    assert_eq!(
        result.current.value, "s3",
        "the laptop's fresh session is current"
    );
    assert_eq!(validate(&result), Ok(()));
    assert_eq!(preview(&phone, &from_laptop, &result).deleted, 0);
}

#[test]
fn an_import_that_would_make_more_sessions_than_the_app_keeps_is_refused() {
    use crate::domain::journal::MAX_SESSIONS;
    use crate::domain::journal::import::check_result;
    // A file at the limit, and a browser with sessions of its own.
    let mut file = Journal::new("f-0".into(), "2026-11-25".into(), steps(), 1_000);
    for n in 1..MAX_SESSIONS {
        file.start_new_session(format!("f-{n}"), "2026-11-25".into(), 1_000 + n as u64);
    }
    assert_eq!(validate(&file), Ok(()), "the file alone is readable");
    let here = journal();
    let result = import(&here, &file, NOW);
    let why = check_result(&result).unwrap_err();
    assert_eq!(
        why,
        "Together with the sessions in this browser, the file makes 10,002 sessions: more than the 10,000 this app keeps."
    );
    // Whatever passes the check loads again.
    let small = import(&here, &journal(), NOW);
    assert_eq!(check_result(&small), Ok(()));
    assert_eq!(decode(&encode(&small)).map(|_| ()), Ok(()));
}

#[test]
fn a_schema_2_note_keeps_its_versions_and_conflicts_and_later_writes_follow_them() {
    // Schema 2: each version's `s` is the latest time its tab had seen. Two
    // versions written apart (a conflict), in a session kept whole.
    let mut v2 = serde_json::to_value(journal()).unwrap();
    v2["schema"] = json!(2);
    v2["sessions"][0]["private_note"] = json!({ "v": [
        { "t": 1_300, "v": "written on the phone", "s": 1_000 },
        { "t": 1_400, "v": "written on the laptop", "s": 1_000 },
    ] });
    let j = decode(&v2.to_string()).expect("a schema 2 document");
    assert_eq!(j.schema, SCHEMA_VERSION);
    let note = &j.sessions[0].private_note;
    assert_eq!(note.text(), "written on the laptop");
    assert_eq!(note.conflicts().len(), 1, "the conflict stays one");
    assert_eq!(note.versions[0].seen, [(String::new(), 1_000)]);
    // A write now supersedes both, as schema 2 would have, and the old
    // document merged in brings neither back.
    let mut written = j.clone();
    let id = written.sessions[0].id.clone();
    written.set_private_note(&id, "both read", 2_000, "tab").unwrap();
    let merged = crate::domain::journal::merge::merge(&written, &j);
    assert_eq!(merged.session(&id).unwrap().private_note.versions.len(), 1);
    assert_eq!(merged.session(&id).unwrap().private_note.text(), "both read");
}

#[test]
fn a_backup_cut_short_is_told_apart_from_a_file_that_is_no_backup() {
    let whole = encode_export(&journal());
    let cut = &whole[..whole.len() * 9 / 10];
    assert_eq!(parse_import(cut.as_bytes(), NOW), Err(DecodeError::CutShort));
    // Indented by the browser, as the download is.
    let indented = "{\n  \"schema\": 3,\n  \"sessions\": [";
    assert_eq!(parse_import(indented.as_bytes(), NOW), Err(DecodeError::CutShort));
    // Not the app's: still "not a backup".
    assert!(matches!(
        parse_import(b"{\"name\": \"x\", ", NOW),
        Err(DecodeError::NotJson(_))
    ));
    assert!(matches!(
        parse_import(b"{\"schema\": 3} trailing", NOW),
        Err(DecodeError::NotJson(_))
    ));
}
