//! Measures listing, sorting and searching 100,000 documents of one
//! organisation on SQLite and PostgreSQL. Each call runs 200 times after a
//! warm-up (the two that read every document, 20 times) and the test prints
//! p50, p99 and max. It asserts only on results, never on time.
//! BENCHMARKS.md records its output from a release build.
//!
//! Run with:
//! `PORTICO_REQUIRE_POSTGRES=1 cargo test --release --test documents_scale -- --ignored --nocapture --test-threads 1`

mod common;

use std::future::Future;
use std::time::{Duration, Instant};

use common::{add_customer, portal, principal_of};
use portico::domain::DocumentKind;
use portico::store::documents::{DocumentQuery, DocumentSort};
use portico::store::{Backend, Store};

const DOCUMENTS: i64 = 100_000;

/// Inserts the documents in the database itself, so the setup takes
/// seconds. Every tenth title repeats a word; `rare{N}` occurs in the text
/// of 100 documents each.
async fn fill(store: &Store, organisation_id: i64) {
    let date = match store.backend() {
        Backend::Sqlite => "date('2016-01-01', '+' || (i % 3650) || ' days')",
        Backend::Postgres => "(DATE '2016-01-01' + (i % 3650)::int)::text",
    };
    sqlx::query("INSERT INTO blobs (sha256, size, content) VALUES ('scale', 4, $1)")
        .bind(b"data".to_vec())
        .execute(store.pool())
        .await
        .expect("blob");
    let sql = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {DOCUMENTS}) \
         INSERT INTO documents (organisation_id, kind, title, issue_date, status, size, content_type, \
         sha256, created_at, body_text, file_name) \
         SELECT $1, CASE i % 4 WHEN 0 THEN 'invoice' WHEN 1 THEN 'statement' WHEN 2 THEN 'letter' ELSE 'certificate' END, \
         'Document ' || i || CASE WHEN i % 10 = 0 THEN ' quarterly' ELSE '' END, {date}, \
         CASE WHEN i % 7 = 0 THEN 'new' ELSE 'read' END, 1000 + i % 5000, 'text/plain', 'scale', 1770000000, \
         'Text of document ' || i || ' mentions rare' || (i % 1000) || ' and common words', 'scale-' || i || '.txt' \
         FROM n"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(organisation_id)
        .execute(store.pool())
        .await
        .expect("bulk insert");
    sqlx::query("ANALYZE")
        .execute(store.pool())
        .await
        .expect("analyze");
}

/// Runs of each measured call after its warm-up run.
const RUNS: usize = 200;

/// Milliseconds at the given quantile of sorted `times`, by nearest rank.
fn quantile(times: &[Duration], quantile: f64) -> f64 {
    let rank = ((times.len() as f64 * quantile).ceil() as usize).clamp(1, times.len());
    times[rank - 1].as_secs_f64() * 1000.0
}

/// Prints one table row: p50, p99 and max of `runs` timed calls after one
/// warm-up call. Returns what the last call returned.
async fn timed<T, F, Fut>(label: &str, runs: usize, count: impl Fn(&T) -> usize, call: F) -> T
where
    F: Fn() -> Fut,
    Fut: Future<Output = T>,
{
    let _ = call().await;
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let result = call().await;
        times.push(started.elapsed());
        last = Some(result);
    }
    times.sort();
    let last = last.expect("at least one run");
    println!(
        "| {label} | {} | {runs} | {:.1} | {:.1} | {:.1} |",
        count(&last),
        quantile(&times, 0.5),
        quantile(&times, 0.99),
        quantile(&times, 1.0)
    );
    last
}

async fn measure(
    portal: &portico::service::Portal,
    principal: &portico::domain::Principal,
    label: &str,
    query: DocumentQuery,
) -> usize {
    timed(label, RUNS, Vec::len, || async {
        portal.documents(principal, &query).await.expect("query")
    })
    .await
    .len()
}

async fn scale_lists_and_searches(store: Store, _url: String) {
    let portal = portal(&store);
    let account = add_customer(&portal, "alice", "Acme", 1).await;
    let alice = principal_of(&store, account.id).await;
    let started = Instant::now();
    fill(&store, alice.organisation_id.expect("organisation")).await;
    println!(
        "\n{:?}: inserted {DOCUMENTS} documents in {:.1} s",
        store.backend(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "| query | rows | runs | p50 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- | --- |"
    );
    let page = |sort: DocumentSort| DocumentQuery {
        sort,
        archived: Some(false),
        limit: Some(500),
        ..DocumentQuery::default()
    };
    for (label, sort) in [
        ("first 500 by date", DocumentSort::Date),
        ("first 500 by kind", DocumentSort::Kind),
        ("first 500 by title", DocumentSort::Title),
        ("first 500 by size", DocumentSort::Size),
    ] {
        assert_eq!(measure(&portal, &alice, label, page(sort)).await, 500);
    }
    let search = |words: &str| DocumentQuery {
        search: Some(words.to_string()),
        ..page(DocumentSort::Date)
    };
    assert_eq!(
        measure(
            &portal,
            &alice,
            "search a word in 100 texts",
            search("rare417")
        )
        .await,
        100
    );
    assert_eq!(
        measure(
            &portal,
            &alice,
            "search a word in every text",
            search("common")
        )
        .await,
        500
    );
    assert_eq!(
        measure(
            &portal,
            &alice,
            "search a title word and a text word",
            search("quarterly rare420")
        )
        .await,
        100
    );
    let filtered = DocumentQuery {
        kind: Some(DocumentKind::Invoice),
        year: Some(2020),
        ..page(DocumentSort::Date)
    };
    assert!(measure(&portal, &alice, "invoices of one year", filtered).await > 0);

    // The folder listing and the count read every document of the
    // organisation, so fewer runs keep the test within minutes.
    let folders = timed("SFTP folders of /documents", 20, Vec::len, || async {
        portal
            .document_folders(&alice, false)
            .await
            .expect("folders")
    })
    .await;
    assert_eq!(folders.len(), 4 * 10);

    let count = timed(
        "count all",
        20,
        |count: &i64| usize::try_from(*count).unwrap_or(usize::MAX),
        || async {
            portal
                .document_count(&alice, &DocumentQuery::default())
                .await
                .expect("count")
        },
    )
    .await;
    assert_eq!(count, DOCUMENTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "takes minutes; run by hand in release for BENCHMARKS.md"]
async fn scale_sqlite() {
    common::with_database(common::Backend::Sqlite, scale_lists_and_searches).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "takes minutes; run by hand in release for BENCHMARKS.md"]
async fn scale_postgres() {
    common::with_database(common::Backend::Postgres, scale_lists_and_searches).await;
}
