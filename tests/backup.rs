//! `portico admin backup` and `admin restore`: a SQLite copy taken while a
//! server runs and writes, restored into another file, contains the rows
//! written before the backup and some of those written during it; a file
//! that is not a Portico database is rejected. On PostgreSQL both commands
//! point to pg_dump and pg_restore.

mod common;

use common::{TestServer, add_account, count_messages, portico, stderr};
use portico::domain::{RequestCategory, Role};
use portico::service::requests::RequestDraft;
use portico::store::Store;
use portico::store::backup::sqlite_file;

on_both_backends!(
    backup_restore_round_trip,
    |store: Store, url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = add_account(
            &server.portal,
            "alice",
            Some("Acme"),
            Role::Customer,
            true,
            1,
        )
        .await;
        let alice = common::principal_of(&store, alice.id).await;
        let request = server
            .portal
            .open_request(
                &alice,
                &RequestDraft {
                    subject: "Backed up".to_string(),
                    category: RequestCategory::Other,
                    body: "Before the backup.".to_string(),
                    document_id: None,
                    contract_id: None,
                },
            )
            .await
            .expect("open request");
        let folder = tempfile::tempdir().expect("backup folder");
        let backup = folder.path().join("portico-backup.db");
        let backup_arg = backup.to_str().expect("UTF-8 path").to_string();

        // Another session writes while the backup runs.
        let portal = server.portal.clone();
        let writer = tokio::spawn(async move {
            for index in 0..20 {
                portal
                    .reply(&alice, request.id, &format!("concurrent {index}"))
                    .await
                    .expect("reply during the backup");
            }
        });
        let output = portico(&url, &["admin", "backup", &backup_arg], None);
        writer.await.expect("writer");

        if store.backend() == portico::store::Backend::Postgres {
            assert!(!output.status.success());
            assert!(stderr(&output).contains("pg_dump"), "{}", stderr(&output));
            let restore = portico(&url, &["admin", "restore", &backup_arg], None);
            assert!(!restore.status.success());
            assert!(
                stderr(&restore).contains("pg_restore"),
                "{}",
                stderr(&restore)
            );
            return;
        }
        assert!(output.status.success(), "{}", stderr(&output));
        let again = portico(&url, &["admin", "backup", &backup_arg], None);
        assert!(
            !again.status.success(),
            "an existing backup is never overwritten"
        );
        assert!(
            stderr(&again).contains("exists already"),
            "{}",
            stderr(&again)
        );

        // Restore into a new database file and into one that exists.
        let restored_url = format!("sqlite://{}", folder.path().join("restored.db").display());
        for round in 0..2 {
            let restore = portico(&restored_url, &["admin", "restore", &backup_arg], None);
            assert!(
                restore.status.success(),
                "round {round}: {}",
                stderr(&restore)
            );
        }
        let kept = format!(
            "{}.before-restore",
            sqlite_file(&restored_url).expect("file").display()
        );
        assert!(
            std::path::Path::new(&kept).exists(),
            "the replaced file is kept"
        );

        let restored = Store::open(&restored_url).await.expect("open restored");
        assert_eq!(count_messages(&restored, "Before the backup.").await, 1);
        let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM messages")
            .fetch_one(restored.pool())
            .await
            .expect("count");
        let (live,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM messages")
            .fetch_one(store.pool())
            .await
            .expect("count");
        assert!(
            (1..=live).contains(&total),
            "the backup holds a consistent prefix: {total} of {live}"
        );
        restored.close().await;

        // A file that is not a Portico database is refused.
        let bogus = folder.path().join("notes.txt");
        std::fs::write(&bogus, "not a database").expect("write");
        let refused = portico(
            &restored_url,
            &["admin", "restore", bogus.to_str().expect("UTF-8 path")],
            None,
        );
        assert!(!refused.status.success());
        assert!(
            stderr(&refused).contains("notes.txt"),
            "{}",
            stderr(&refused)
        );
    }
);
