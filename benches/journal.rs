//! How long the journal's hot paths take on a large, realistic journal:
//! encoding (every save), decoding (every load and every `storage` event from
//! another tab) and the history list (every render of the history page).
//!
//! Run with `cargo bench --bench journal`; add
//! `-- --warm-up-time 1 --measurement-time 2` for a quicker run.

use std::hint::black_box;

use after_the_session::domain::journal::codec::{decode, encode};
use after_the_session::domain::journal::{Journal, Step};
use criterion::{Criterion, criterion_group, criterion_main};

/// How many sessions the benchmark journal holds: about twenty years of
/// weekly sessions.
const SESSIONS: u64 = 1_000;
/// 2007-01-03, a Wednesday, in milliseconds since the epoch.
const FIRST_SESSION_MS: u64 = 1_167_782_400_000;
const DAY_MS: u64 = 24 * 60 * 60 * 1_000;
/// About 150 characters, like a short note written after a session.
const NOTE: &str = "Talked about the move and the argument with Mum. Cried a bit in the car. \
                    Took a walk, had tea, wrote this. Feeling lighter than this morning.";

/// The article's four coping steps, as a fresh checklist holds them.
fn steps() -> Vec<Step> {
    [
        ("treat-yourself", "Treat yourself!"),
        ("accept-reality", "Accept reality"),
        ("write-about-it", "Write about it"),
        ("talk-about-it", "Talk about it"),
    ]
    .into_iter()
    .map(|(id, text)| Step {
        id: id.into(),
        text: text.into(),
        article: Some(id.into()),
    })
    .collect()
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn date(days_since_epoch: u64) -> String {
    let z = days_since_epoch + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A session id the way the app makes them: `s-<ms>-<six digits>`.
fn session_id(created: u64, i: u64) -> String {
    format!("s-{created}-{:06}", (i * 7_919) % 1_000_000)
}

/// `n` weekly sessions, each with the four steps, two of them ticked, both
/// moods and a journal note; the last one is the current session.
fn typical_journal(n: u64) -> Journal {
    let created = |i: u64| FIRST_SESSION_MS + i * 7 * DAY_MS + 15 * 60 * 60 * 1_000;
    let mut journal = Journal::new(
        session_id(created(0), 0),
        date(FIRST_SESSION_MS / DAY_MS),
        steps(),
        created(0),
    );
    for i in 0..n {
        let start = created(i);
        let id = journal.current.value.clone();
        journal
            .set_ticked("treat-yourself", true, start + 60_000)
            .unwrap();
        journal
            .set_ticked("write-about-it", true, start + 120_000)
            .unwrap();
        let before = 1 + (i * 3 % 5) as u8;
        let after = 1 + (i * 7 % 5) as u8;
        journal
            .set_moods(&id, Some(before), Some(after), start + 180_000)
            .unwrap();
        journal
            .set_private_note(&id, NOTE, start + 240_000, "bench")
            .unwrap();
        if i + 1 < n {
            let next = created(i + 1);
            journal.start_new_session(session_id(next, i + 1), date(next / DAY_MS), next);
        }
    }
    assert_eq!(journal.sessions.len() as u64, n);
    journal
}

fn bench_journal(c: &mut Criterion) {
    let journal = typical_journal(SESSIONS);
    let encoded = encode(&journal);
    assert_eq!(
        decode(&encoded).as_ref(),
        Ok(&journal),
        "the benchmark journal round-trips"
    );
    assert_eq!(journal.history().len() as u64, SESSIONS - 1);
    eprintln!(
        "journal of {SESSIONS} sessions ({} to {}): encoded size {} bytes",
        journal.sessions[0].date.value,
        journal.sessions[journal.sessions.len() - 1].date.value,
        encoded.len()
    );

    let mut group = c.benchmark_group("journal_1000_sessions");
    group.bench_function("encode", |b| b.iter(|| encode(black_box(&journal))));
    group.bench_function("decode", |b| b.iter(|| decode(black_box(&encoded))));
    group.bench_function("history", |b| b.iter(|| black_box(&journal).history().len()));
    group.finish();
}

criterion_group!(benches, bench_journal);
criterion_main!(benches);
