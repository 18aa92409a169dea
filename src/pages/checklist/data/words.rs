//! What "Your data" says after each action, in words for people: the import
//! preview and its result (one sentence, counted the same way), why a file
//! was not imported (never a parser's message), and what was deleted.

use crate::domain::journal::codec::{DecodeError, MAX_IMPORT_BYTES};
use crate::domain::journal::import::ImportPreview;
use crate::domain::words::sessions;
use crate::state::journal_store::Removed;

/// Joins clauses as a list: "a", "a and b", "a, b and c".
fn list(clauses: &[String]) -> String {
    match clauses {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The clauses of what an import changes, in the present ("adds") or the
/// past ("added"); none when it changes nothing.
fn changes(p: &ImportPreview, past: bool) -> Vec<String> {
    let verb = |now: &str, then: &str| if past { then.to_owned() } else { now.to_owned() };
    let mut clauses = Vec::new();
    if p.added > 0 {
        clauses.push(format!("{} {}", verb("adds", "added"), sessions(p.added)));
    }
    if p.updated > 0 {
        clauses.push(format!(
            "{} newer changes to {}",
            verb("brings", "brought"),
            sessions(p.updated)
        ));
    }
    if p.deleted > 0 {
        clauses.push(format!(
            "{} {} that the file records as deleted",
            verb("deletes", "deleted"),
            sessions(p.deleted)
        ));
    }
    if p.ignored > 0 {
        clauses.push(format!(
            "{} this browser’s newer copy of {}",
            verb("keeps", "kept"),
            sessions(p.ignored)
        ));
    }
    if p.stay_deleted > 0 {
        clauses.push(format!(
            "{} {} deleted that {} deleted in this browser after the file was saved (a backup does not bring back what was deleted since)",
            verb("leaves", "left"),
            sessions(p.stay_deleted),
            if p.stay_deleted == 1 { "was" } else { "were" }
        ));
    }
    clauses
}

/// The preview: exactly what pressing Import will change.
pub fn preview_sentence(p: &ImportPreview) -> String {
    let clauses = changes(p, false);
    if clauses.is_empty() {
        return "This file holds nothing that is not here already: importing it changes nothing.".to_owned();
    }
    format!("Importing this file {}.", list(&clauses))
}

/// The result: what the import did, counted as the preview counts.
pub fn imported_sentence(p: &ImportPreview) -> String {
    let clauses = changes(p, true);
    if clauses.is_empty() {
        return "The file was imported. It held nothing new, so nothing changed.".to_owned();
    }
    format!("The file was imported: it {}.", list(&clauses))
}

/// Why a chosen file was not imported, in plain words.
pub fn refusal(err: &DecodeError) -> String {
    match err {
        DecodeError::TooLarge { bytes } => format!(
            "The file is too large to be a backup from this app: it is {} MB, and a backup is at most {} MB.",
            bytes.div_ceil(1_048_576),
            MAX_IMPORT_BYTES / 1_048_576
        ),
        DecodeError::NewerSchema(_) => {
            "This backup was made by a newer version of this app. Reload this page to get the newer version, then import the file again.".to_owned()
        }
        DecodeError::CutShort => {
            "This file is the beginning of a backup from this app, but it ends too soon: it was cut short, perhaps by a download that did not finish. Nothing was changed. Try another copy, or download your data again on the other device.".to_owned()
        }
        DecodeError::NotText | DecodeError::NotJson(_) | DecodeError::NoSchema => {
            "This file is not a backup from this app. A backup is the file that “Download my data” saves; its name starts with “after-the-session-”.".to_owned()
        }
        DecodeError::AheadOfClock { days } => format!(
            "This file holds times up to {} ahead of this device’s clock, so one of the two devices has the wrong date. It was not imported: deleted sessions would stay kept until then. Check the date on both devices.",
            match days {
                1 => "1 day".to_owned(),
                n => format!("{n} days"),
            }
        ),
        DecodeError::BadShape(_) | DecodeError::Invalid(_) => {
            "This file looks like a backup from this app, but part of it was changed or damaged, so it cannot be read safely. Try another copy.".to_owned()
        }
    }
}

/// What "Delete everything" removed.
pub fn deleted_sentence(removed: &Removed) -> String {
    let backups = match removed.backups {
        0 => String::new(),
        1 => ", and 1 backup of unreadable data".to_owned(),
        n => format!(", and {n} backups of unreadable data"),
    };
    format!(
        "Deleted from this browser: {}, with every tick and note{backups}. Other open tabs of this site delete them too. Stored items removed: {}.",
        sessions(removed.sessions),
        removed.keys.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::journal::codec::parse_import;

    fn counts(added: usize, updated: usize, deleted: usize, ignored: usize) -> ImportPreview {
        ImportPreview {
            added,
            updated,
            deleted,
            ignored,
            stay_deleted: 0,
        }
    }

    #[test]
    fn sessions_deleted_here_since_the_backup_are_said_to_stay_deleted() {
        let p = ImportPreview {
            ignored: 1,
            stay_deleted: 2,
            ..Default::default()
        };
        assert_eq!(
            imported_sentence(&p),
            "The file was imported: it kept this browser’s newer copy of 1 session and left 2 sessions deleted that were deleted in this browser after the file was saved (a backup does not bring back what was deleted since)."
        );
    }

    #[test]
    fn the_preview_and_the_result_say_the_same_counts_with_plurals_right() {
        assert_eq!(
            preview_sentence(&counts(1, 0, 0, 0)),
            "Importing this file adds 1 session."
        );
        assert_eq!(
            imported_sentence(&counts(2, 0, 0, 0)),
            "The file was imported: it added 2 sessions."
        );
        assert_eq!(
            preview_sentence(&counts(2, 1, 0, 3)),
            "Importing this file adds 2 sessions, brings newer changes to 1 session and keeps this browser’s newer copy of 3 sessions."
        );
        assert_eq!(
            imported_sentence(&counts(0, 0, 1, 0)),
            "The file was imported: it deleted 1 session that the file records as deleted."
        );
        assert!(preview_sentence(&counts(0, 0, 0, 0)).contains("changes nothing"));
    }

    #[test]
    fn a_refused_file_is_explained_without_the_parser_s_words() {
        let huge = vec![b' '; MAX_IMPORT_BYTES + 1];
        let mut ahead =
            crate::domain::journal::Journal::new("s1".into(), "2026-11-28".into(), Vec::new(), 1_000);
        ahead
            .set_private_note("s1", "written in the future", 3 * 24 * 60 * 60 * 1000, "tab")
            .unwrap();
        let ahead = crate::domain::journal::codec::encode_export(&ahead);
        let cases: [(&[u8], &str); 7] = [
            (ahead.as_bytes(), "3 days ahead of this device’s clock"),
            (b"{\"schema\": 1, \"current\": 5}", "changed or damaged"),
            (b"not json at all", "not a backup from this app"),
            (b"{\"hello\": \"world\"}", "not a backup from this app"),
            (b"\xff\xfe", "not a backup from this app"),
            (b"{\"schema\": 99, \"sessions\": []}", "newer version of this app"),
            (&huge, "too large"),
        ];
        for (bytes, expected) in cases {
            let err = parse_import(bytes, 1_000).expect_err("refused");
            let words = refusal(&err);
            assert!(words.contains(expected), "{err:?}: {words}");
            for parser_word in ["line", "column", "expected", "ident", "schema", "JSON"] {
                assert!(!words.contains(parser_word), "{err:?}: {words}");
            }
        }
    }

    #[test]
    fn deleting_says_how_many_sessions_in_the_right_form() {
        let removed = |sessions| Removed {
            sessions,
            backups: 0,
            keys: vec!["after-the-session@/".to_owned()],
        };
        assert!(deleted_sentence(&removed(1)).starts_with("Deleted from this browser: 1 session, "));
        assert!(deleted_sentence(&removed(2)).starts_with("Deleted from this browser: 2 sessions, "));
    }
}
