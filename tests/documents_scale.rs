//! Measures listing, sorting and searching 100,000 documents of one
//! organisation on SQLite and PostgreSQL. It prints timings and asserts
//! only on results, never on time; BENCHMARKS.md records its output.
//!
//! Run with:
//! `PORTICO_REQUIRE_POSTGRES=1 cargo test --test documents_scale -- --ignored --nocapture --test-threads 1`

mod common;

use std::time::Instant;

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

async fn measure(
    portal: &portico::service::Portal,
    principal: &portico::domain::Principal,
    label: &str,
    query: DocumentQuery,
) -> usize {
    // The first run warms caches; the median of five is reported.
    let _ = portal.documents(principal, &query).await.expect("warm-up");
    let mut times = Vec::new();
    let mut rows = 0;
    for _ in 0..5 {
        let started = Instant::now();
        rows = portal
            .documents(principal, &query)
            .await
            .expect("query")
            .len();
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "| {label} | {rows} | {:.1} |",
        times[2].as_secs_f64() * 1000.0
    );
    rows
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
    println!("| query | rows | median ms |\n| --- | --- | --- |");
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

    let started = Instant::now();
    let folders = portal
        .document_folders(&alice, false)
        .await
        .expect("folders");
    println!(
        "| SFTP folders of /documents | {} | {:.1} |",
        folders.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    assert_eq!(folders.len(), 4 * 10);

    let started = Instant::now();
    let count = portal
        .document_count(&alice, &DocumentQuery::default())
        .await
        .expect("count");
    println!(
        "| count all | {count} | {:.1} |",
        started.elapsed().as_secs_f64() * 1000.0
    );
    assert_eq!(count, DOCUMENTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "takes a minute; run by hand for BENCHMARKS.md"]
async fn scale_sqlite() {
    common::with_database(common::Backend::Sqlite, scale_lists_and_searches).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "takes a minute; run by hand for BENCHMARKS.md"]
async fn scale_postgres() {
    common::with_database(common::Backend::Postgres, scale_lists_and_searches).await;
}
