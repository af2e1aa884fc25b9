//! Documents through the service layer: ingestion and import with bad
//! rows, full-text search inside PDF files, pay slip scoping, archiving,
//! contract requests and retention. On SQLite and PostgreSQL.

mod common;

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use common::{add_customer, document_draft, principal_of};
use portico::auth::PasswordHasher;
use portico::config::DocumentSettings;
use portico::domain::DocumentKind;
use portico::i18n::{self, Language};
use portico::service::contracts::ContractAction;
use portico::service::extract::simple_pdf;
use portico::service::{Portal, PortalSettings, ServiceError};
use portico::store::Store;
use portico::store::contracts::{self, NewContract};
use portico::store::documents::{DocumentQuery, DocumentSort};

/// Builds a portal with a small size limit and retention for invoices only.
fn portal_with_limits(store: &Store, max_bytes: u64) -> Portal {
    let mut retention_years = BTreeMap::new();
    retention_years.insert(DocumentKind::Invoice, 2);
    Portal::new(
        store.clone(),
        PasswordHasher::new(2),
        PortalSettings {
            documents: DocumentSettings {
                max_bytes,
                retention_years,
            },
            ..PortalSettings::default()
        },
    )
}

async fn count_rows(store: &Store, table: &str) -> i64 {
    let (count,): (i64,) =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
            .fetch_one(store.pool())
            .await
            .expect("count rows");
    count
}

on_both_backends!(
    import_reports_bad_rows,
    |store: Store, _url: String| async move {
        let portal = portal_with_limits(&store, 2048);
        add_customer(&portal, "alice", "Acme", 1).await;

        let folder = tempfile::tempdir().expect("folder");
        let pdf = simple_pdf(&["Invoice March", "Turbine service"]);
        std::fs::write(folder.path().join("march.pdf"), &pdf).expect("write");
        std::fs::write(folder.path().join("copy.pdf"), &pdf).expect("write");
        std::fs::write(folder.path().join("empty.txt"), b"").expect("write");
        std::fs::write(folder.path().join("big.txt"), vec![b'x'; 4096]).expect("write");
        std::fs::write(folder.path().join("letter.txt"), b"Dear customer").expect("write");
        std::os::unix::fs::symlink("/etc/hostname", folder.path().join("link.txt"))
            .expect("symlink");
        let manifest = "file,organisation,kind,title,date,amount\n\
            march.pdf,Acme,invoice,Invoice March,2026-03-31,182.31\n\
            copy.pdf,Acme,invoice,Invoice March again,2026-03-31,\n\
            empty.txt,Acme,letter,Empty,2026-03-01,\n\
            big.txt,Acme,letter,Too big,2026-03-01,\n\
            missing.txt,Acme,letter,Missing,2026-03-01,\n\
            ../secret.txt,Acme,letter,Escape,2026-03-01,\n\
            link.txt,Acme,letter,Link,2026-03-01,\n\
            letter.txt,Nobody Ltd,letter,Unknown organisation,2026-03-01,\n\
            letter.txt,Acme,receipt,Unknown kind,2026-03-01,\n\
            letter.txt,Acme,letter,Bad date,31.03.2026,\n\
            letter.txt,Acme,letter\n\
            letter.txt,Acme,letter,Welcome letter,2026-03-02,\n";
        std::fs::write(folder.path().join("manifest.csv"), manifest).expect("manifest");

        let report = portal.import_folder(folder.path()).await.expect("import");
        let added: Vec<&str> = report.added.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(added, ["row 1 (march.pdf)", "row 12 (letter.txt)"]);

        let reason_of = |prefix: &str| {
            report
                .refused
                .iter()
                .find(|refusal| refusal.name.starts_with(prefix))
                .map(|refusal| refusal.reason.clone())
                .unwrap_or_else(|| panic!("no refusal for {prefix}: {:?}", report.refused))
        };
        assert!(reason_of("row 2 (copy.pdf)").contains("duplicate"));
        assert!(reason_of("row 3 (empty.txt)").contains("empty"));
        assert!(reason_of("row 4 (big.txt)").contains("too large"));
        assert!(reason_of("row 5 (missing.txt)").contains("unreadable"));
        assert!(reason_of("row 6 (../secret.txt)").contains("invalid file name"));
        assert!(reason_of("row 7 (link.txt)").contains("not a regular file"));
        assert!(reason_of("row 8 (letter.txt)").contains("Nobody Ltd"));
        assert!(reason_of("row 9 (letter.txt)").contains("receipt"));
        assert!(reason_of("row 10 (letter.txt)").contains("invalid issue date \"31.03.2026\""));
        assert!(reason_of("row 11").contains("invalid row"));
        assert_eq!(report.refused.len(), 10);

        // Refused rows leave no document and no blob behind.
        assert_eq!(count_rows(&store, "documents").await, 2);
        assert_eq!(count_rows(&store, "blobs").await, 2);
    }
);

on_both_backends!(
    json_manifest_and_single_add,
    |store: Store, _url: String| async move {
        let portal = portal_with_limits(&store, 1 << 20);
        add_customer(&portal, "alice", "Acme", 1).await;
        add_customer(&portal, "carol", "Globex", 3).await;

        let folder = tempfile::tempdir().expect("folder");
        std::fs::write(folder.path().join("slip.txt"), b"Pay slip March").expect("write");
        std::fs::write(
            folder.path().join("manifest.json"),
            r#"[{"file": "slip.txt", "org": "Acme", "user": "alice", "kind": "pay-slip",
                 "title": "Pay slip March", "date": "2026-03-31", "period": "2026-03"},
                {"file": "slip.txt", "org": "Acme", "user": "carol", "kind": "pay-slip",
                 "title": "Pay slip for another organisation's user"}]"#,
        )
        .expect("manifest");
        let report = portal.import_folder(folder.path()).await.expect("import");
        assert_eq!(report.added.len(), 1, "{:?}", report.refused);
        assert_eq!(report.refused.len(), 1);
        assert!(
            report.refused[0].reason.contains("carol"),
            "{:?}",
            report.refused
        );

        let error = portal
            .add_document(
                &document_draft("Acme", "letter", "Nothing", "2026-01-01"),
                "x.txt",
                Vec::new(),
            )
            .await
            .expect_err("empty file");
        assert!(error.to_string().contains("empty"), "{error}");
    }
);

on_both_backends!(
    search_finds_words_inside_pdf,
    |store: Store, _url: String| async move {
        let portal = portal_with_limits(&store, 1 << 20);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let carol = add_customer(&portal, "carol", "Globex", 3).await;
        let alice = principal_of(&store, alice.id).await;
        let carol = principal_of(&store, carol.id).await;

        let pdf = simple_pdf(&["Invoice March 2026", "Gearbox overhaul for turbine 7"]);
        let id = portal
            .add_document(
                &document_draft("Acme", "invoice", "Invoice March 2026", "2026-03-31"),
                "march.pdf",
                pdf,
            )
            .await
            .expect("add pdf");
        portal
            .add_document(
                &document_draft("Acme", "letter", "Welcome", "2026-01-10"),
                "welcome.txt",
                b"Welcome aboard".to_vec(),
            )
            .await
            .expect("add letter");
        portal
            .add_document(
                &document_draft("Globex", "invoice", "Globex gearbox invoice", "2026-03-31"),
                "globex.txt",
                b"gearbox".to_vec(),
            )
            .await
            .expect("add other organisation");

        let search = |words: &str| DocumentQuery {
            search: Some(words.to_string()),
            ..DocumentQuery::default()
        };
        let ids = |records: Vec<portico::store::documents::DocumentRecord>| {
            records
                .into_iter()
                .map(|record| record.id)
                .collect::<Vec<_>>()
        };
        let found = portal
            .documents(&alice, &search("gearbox"))
            .await
            .expect("search");
        assert_eq!(ids(found), [id], "a word only in the PDF text");
        let found = portal
            .documents(&alice, &search("GEARB turbine"))
            .await
            .expect("search");
        assert_eq!(ids(found), [id], "prefix and case folded, all words");
        let found = portal
            .documents(&alice, &search("gearbox welcome"))
            .await
            .expect("search");
        assert!(found.is_empty());
        let found = portal
            .documents(&alice, &search("\" -- * : & | ! ' ( ) ^"))
            .await
            .expect("operators alone are no search");
        assert_eq!(found.len(), 2, "no words means no search condition");
        let found = portal
            .documents(&alice, &search("gearbox\" OR 1=1 --"))
            .await
            .expect("operators are only separators");
        assert!(found.is_empty(), "or and 1 are words that must match too");
        let found = portal
            .documents(&carol, &search("turbine"))
            .await
            .expect("search");
        assert!(found.is_empty(), "another organisation finds nothing");

        let filtered = DocumentQuery {
            kind: Some(DocumentKind::Invoice),
            year: Some(2026),
            from: Some("2026-03-01".to_string()),
            to: Some("2026-03-31".to_string()),
            sort: DocumentSort::Size,
            ..DocumentQuery::default()
        };
        assert_eq!(
            ids(portal.documents(&alice, &filtered).await.expect("filter")),
            [id]
        );
        assert_eq!(
            portal
                .document_count(&alice, &DocumentQuery::default())
                .await
                .expect("count"),
            2
        );

        // What the Documents screen loads for another organisation's id.
        assert!(matches!(
            portal.document_detail(&carol, id).await,
            Err(ServiceError::NotFound(_))
        ));
        assert!(matches!(
            portal.set_document_archived(&carol, id, true).await,
            Err(ServiceError::NotFound(_))
        ));

        let detail = portal.document_detail(&alice, id).await.expect("detail");
        assert!(
            detail.preview.contains("Gearbox overhaul"),
            "{}",
            detail.preview
        );
        assert_eq!(detail.record.status, "read", "opening marks it read");
        assert!(detail.record.file_name.ends_with(".pdf"));
        assert_eq!(
            detail.sftp_command,
            format!(
                "sftp -P 2222 alice@127.0.0.1:/documents/invoice/2026/{}",
                detail.record.file_name
            )
        );
    }
);

on_both_backends!(
    pay_slips_hidden_from_colleagues,
    |store: Store, _url: String| async move {
        let portal = portal_with_limits(&store, 1 << 20);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let bob = add_customer(&portal, "bob", "Acme", 2).await;
        let alice = principal_of(&store, alice.id).await;
        let bob = principal_of(&store, bob.id).await;

        let mut slip = document_draft("Acme", "pay-slip", "Pay slip March salary", "2026-03-31");
        slip.user = Some("alice".to_string());
        let id = portal
            .add_document(&slip, "slip.txt", b"Net salary 3120.00".to_vec())
            .await
            .expect("add pay slip");

        assert_eq!(
            portal
                .documents(&alice, &DocumentQuery::default())
                .await
                .expect("list")
                .len(),
            1
        );
        assert!(
            portal
                .documents(&bob, &DocumentQuery::default())
                .await
                .expect("list")
                .is_empty()
        );
        let search = DocumentQuery {
            search: Some("salary".to_string()),
            ..DocumentQuery::default()
        };
        assert!(
            portal
                .documents(&bob, &search)
                .await
                .expect("search")
                .is_empty()
        );
        assert!(matches!(
            portal.document_detail(&bob, id).await,
            Err(ServiceError::NotFound(_))
        ));
        assert!(matches!(
            portal.download_document(&bob, id, "test").await,
            Err(ServiceError::NotFound(_))
        ));
        assert!(matches!(
            portal.set_document_archived(&bob, id, true).await,
            Err(ServiceError::NotFound(_))
        ));
        assert!(
            portal
                .document_folders(&bob, false)
                .await
                .expect("folders")
                .is_empty()
        );

        // Only the owner is told about a pay slip.
        let told = portal.notifications(&alice).await.expect("notifications");
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].link, format!("document:{id}"));
        assert!(
            portal
                .notifications(&bob)
                .await
                .expect("notifications")
                .is_empty()
        );

        let archived = portal
            .set_document_archived(&alice, id, true)
            .await
            .expect("archive");
        assert_eq!(archived.status, "archived");
        let restored = portal
            .set_document_archived(&alice, id, false)
            .await
            .expect("unarchive");
        assert_eq!(restored.status, "read");
    }
);

on_both_backends!(
    contract_request_attaches_contract,
    |store: Store, _url: String| async move {
        let portal = portal_with_limits(&store, 1 << 20);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let carol = add_customer(&portal, "carol", "Globex", 3).await;
        let alice = principal_of(&store, alice.id).await;
        let carol = principal_of(&store, carol.id).await;
        let acme = alice.organisation_id.expect("organisation");
        let contract_id = contracts::insert(
            store.pool(),
            &NewContract {
                organisation_id: acme,
                number: "AC-1",
                product: "Fibre",
                status: "active",
                start_date: "2025-03-01",
                end_date: Some("2027-03-01"),
                notice_days: 28,
                next_deadline: Some("2027-02-01"),
                deadline_label: "Notice before renewal",
                auto_renew: true,
                options: "Static IP",
            },
            1_770_000_000,
        )
        .await
        .expect("contract");
        let mut terms = document_draft("Acme", "contract", "Fibre contract", "2025-03-01");
        terms.contract = Some("AC-1".to_string());
        let document_id = portal
            .add_document(&terms, "terms.txt", b"Terms".to_vec())
            .await
            .expect("contract document");
        // Newer contract documents of other contracts must not hide the
        // linked one.
        for index in 0..25 {
            common::insert_document(
                &store,
                acme,
                None,
                DocumentKind::Contract,
                &format!("Other contract {index}"),
            )
            .await;
        }

        let listed = portal.contracts(&alice).await.expect("contracts");
        assert_eq!(
            listed[0].summary(),
            "renews on 2027-03-01; notice needed by 2027-02-01"
        );
        let number = portal
            .contract_request(&alice, contract_id, ContractAction::Terminate, "")
            .await
            .expect("request");
        let detail = portal
            .request_detail(&alice, number.id)
            .await
            .expect("detail");
        assert_eq!(detail.request.contract_id, Some(contract_id));
        assert!(detail.request.subject.contains("AC-1"));
        let attached = portal
            .request_documents(&alice, number.id)
            .await
            .expect("attached");
        assert_eq!(
            attached.iter().map(|d| d.id).collect::<Vec<_>>(),
            [document_id]
        );

        assert!(matches!(
            portal
                .contract_request(&carol, contract_id, ContractAction::Renew, "")
                .await,
            Err(ServiceError::NotFound(_))
        ));

        // A customer reading French writes the request in French.
        let french = i18n::scope(
            Language::French,
            portal.contract_request(&alice, contract_id, ContractAction::Renew, ""),
        )
        .await
        .expect("French request");
        let detail = portal
            .request_detail(&alice, french.id)
            .await
            .expect("detail");
        assert_eq!(detail.request.subject, "Renouvellement du contrat AC-1");
        let body = detail.messages.first().map(|message| message.body.as_str());
        assert_eq!(
            body,
            Some(
                "Demander le renouvellement (Fibre)\u{a0}: se renouvelle le 2027-03-01\u{a0}; \
                 préavis à donner au plus tard le 2027-02-01."
            )
        );
        let missing = i18n::scope(
            Language::French,
            portal.contract_request(&carol, contract_id, ContractAction::Renew, ""),
        )
        .await;
        assert!(
            matches!(&missing, Err(ServiceError::NotFound(thing)) if thing.starts_with("contrat ")),
            "{missing:?}"
        );
    }
);

on_both_backends!(
    retention_deletes_only_expired,
    |store: Store, _url: String| async move {
        let portal = portal_with_limits(&store, 1 << 20);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let alice = principal_of(&store, alice.id).await;
        let today = Utc::now().date_naive();
        let date = |days: i64| {
            (today - Duration::days(days))
                .format("%Y-%m-%d")
                .to_string()
        };

        let old = portal
            .add_document(
                &document_draft("Acme", "invoice", "Old invoice", &date(800)),
                "a.txt",
                b"old".to_vec(),
            )
            .await
            .expect("old");
        let held = portal
            .add_document(
                &document_draft("Acme", "invoice", "Held invoice", &date(900)),
                "b.txt",
                b"held".to_vec(),
            )
            .await
            .expect("held");
        let recent = portal
            .add_document(
                &document_draft("Acme", "invoice", "Recent invoice", &date(100)),
                "c.txt",
                b"new".to_vec(),
            )
            .await
            .expect("recent");
        let letter = portal
            .add_document(
                &document_draft("Acme", "letter", "Old letter", &date(3000)),
                "d.txt",
                b"letter".to_vec(),
            )
            .await
            .expect("letter without retention");
        // The old invoice is attached to a request, which must survive.
        let number = portal
            .open_request(
                &alice,
                &portico::service::requests::RequestDraft {
                    subject: "About the old invoice".to_string(),
                    category: portico::domain::RequestCategory::Billing,
                    body: "Please explain.".to_string(),
                    document_id: Some(old),
                    contract_id: None,
                },
            )
            .await
            .expect("request");

        portal.set_legal_hold(held, true).await.expect("hold");
        let report = portal.run_retention(today).await.expect("retention");
        let deleted: Vec<i64> = report.deleted.iter().map(|document| document.id).collect();
        assert_eq!(deleted, [old]);

        let remaining: Vec<i64> = portal
            .documents(&alice, &DocumentQuery::default())
            .await
            .expect("list")
            .into_iter()
            .map(|record| record.id)
            .collect();
        assert!(
            remaining.contains(&held) && remaining.contains(&recent) && remaining.contains(&letter)
        );
        assert!(!remaining.contains(&old));
        assert!(
            portal.request_detail(&alice, number.id).await.is_ok(),
            "request kept"
        );
        assert_eq!(
            count_rows(&store, "blobs").await,
            3,
            "the deleted content is gone"
        );

        let (audited,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'document-deleted' AND target = $1",
        )
        .bind(format!("document:{old}"))
        .fetch_one(store.pool())
        .await
        .expect("audit");
        assert_eq!(audited, 1);

        portal.set_legal_hold(held, false).await.expect("release");
        let report = portal.run_retention(today).await.expect("retention");
        assert_eq!(
            report.deleted.iter().map(|d| d.id).collect::<Vec<_>>(),
            [held]
        );
        assert!(matches!(
            portal.set_legal_hold(old, true).await,
            Err(ServiceError::NotFound(_))
        ));
    }
);

on_both_backends!(
    demo_journey_finds_last_march_invoice,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        portal.seed_demo().await.expect("seed demo");
        let alice = portico::store::users::find_by_handle(store.pool(), "alice")
            .await
            .expect("find alice")
            .expect("alice exists")
            .principal();

        // "Technician visit" appears only in the text of March's PDF.
        let query = DocumentQuery {
            search: Some("technician".to_string()),
            ..DocumentQuery::default()
        };
        let found = portal.documents(&alice, &query).await.expect("search");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].title.starts_with("Invoice March"),
            "{}",
            found[0].title
        );
        assert_eq!(found[0].content_type, "application/pdf");
        let detail = portal
            .document_detail(&alice, found[0].id)
            .await
            .expect("detail");
        assert!(
            detail.preview.contains("Technician visit"),
            "{}",
            detail.preview
        );

        assert!(
            !portal
                .upload_requests(&alice)
                .await
                .expect("open requests")
                .is_empty()
        );
        let dashboard = portal.dashboard(&alice).await.expect("dashboard");
        assert!(
            !dashboard.deadlines.is_empty(),
            "a contract deadline is on the dashboard"
        );
        let contracts = portal.contracts(&alice).await.expect("contracts");
        assert!(
            contracts
                .iter()
                .any(|contract| contract.summary().starts_with("renews on"))
        );
    }
);

on_both_backends!(
    search_pages_match_the_whole_list,
    |store: Store, _url: String| async move {
        // A word in many documents makes a limited search on SQLite walk
        // the sort order instead of reading every match. Each page must
        // still be the same slice of the whole list.
        let portal = portal_with_limits(&store, 1 << 20);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let alice = principal_of(&store, alice.id).await;
        let kinds = ["invoice", "letter", "statement", "certificate"];
        for number in 0..60 {
            let text = match number % 6 {
                0 => format!("Document {number} has no such word"),
                1 => format!("Document {number} is commonplace"),
                _ => format!("Document {number} mentions a common word"),
            };
            portal
                .add_document(
                    &document_draft(
                        "Acme",
                        kinds[number % 4],
                        &format!("Title {}", number % 7),
                        &format!("2026-0{}-1{}", 1 + number % 3, number % 5),
                    ),
                    &format!("d{number}.txt"),
                    text.repeat(1 + number % 3).into_bytes(),
                )
                .await
                .expect("add document");
        }
        let ids = |records: Vec<portico::store::documents::DocumentRecord>| {
            records
                .into_iter()
                .map(|record| record.id)
                .collect::<Vec<_>>()
        };
        for sort in [
            DocumentSort::Date,
            DocumentSort::Kind,
            DocumentSort::Title,
            DocumentSort::Size,
        ] {
            let search = DocumentQuery {
                sort,
                search: Some("common".to_string()),
                archived: Some(false),
                ..DocumentQuery::default()
            };
            let whole = ids(portal.documents(&alice, &search).await.expect("list"));
            assert_eq!(whole.len(), 50, "{sort:?}: the prefix matches too");
            // 50 matches reach 20 pages of one and two documents, not of
            // three or of two after an offset of one.
            for (limit, offset) in [(1, 0), (2, 0), (3, 0), (2, 1), (1, 49), (2, 50)] {
                let page = DocumentQuery {
                    limit: Some(limit),
                    offset: Some(offset),
                    ..search.clone()
                };
                let found = ids(portal.documents(&alice, &page).await.expect("page"));
                let start = (offset as usize).min(whole.len());
                let end = (start + limit as usize).min(whole.len());
                assert_eq!(found, whole[start..end], "{sort:?} {limit} from {offset}");
            }
        }
    }
);

on_both_backends!(
    kind_words_of_both_languages_search_kinds,
    |store: Store, _url: String| async move {
        // The full-text index contains titles and text but no kind, so a kind
        // word such as "facture" matches the documents of that kind.
        let portal = portal_with_limits(&store, 1 << 20);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let alice = principal_of(&store, alice.id).await;
        for (kind, title, text) in [
            ("invoice", "March services", "Technician visit in March."),
            ("letter", "March letter", "About the facture of March."),
            ("statement", "Annual summary", "Payments of the year."),
        ] {
            portal
                .add_document(
                    &document_draft("Acme", kind, title, "2026-03-31"),
                    &format!("{title}.txt"),
                    text.as_bytes().to_vec(),
                )
                .await
                .expect("add document");
        }
        let titles = |search: &str| {
            let query = DocumentQuery {
                search: Some(search.to_string()),
                sort: DocumentSort::Title,
                ..DocumentQuery::default()
            };
            let portal = &portal;
            let alice = &alice;
            async move {
                portal
                    .documents(alice, &query)
                    .await
                    .expect("search")
                    .into_iter()
                    .map(|record| record.title)
                    .collect::<Vec<_>>()
            }
        };

        assert_eq!(titles("facture mars").await, Vec::<String>::new());
        assert_eq!(
            titles("facture march").await,
            ["March letter", "March services"],
            "the kind, or the word in the text"
        );
        assert_eq!(titles("Facture").await, ["March letter", "March services"]);
        assert_eq!(titles("invoice").await, ["March services"]);
        assert_eq!(titles("relevé").await, ["Annual summary"]);
        assert_eq!(titles("statement payments").await, ["Annual summary"]);
        assert_eq!(titles("courrier technician").await, Vec::<String>::new());
    }
);

on_both_backends!(
    uploads_need_a_writing_role,
    |store: Store, _url: String| async move {
        let portal = portal_with_limits(&store, 1024);
        let alice = add_customer(&portal, "alice", "Acme", 1).await;
        let vic = add_customer(&portal, "vic", "Acme", 2).await;
        let alice = principal_of(&store, alice.id).await;
        let number = portal
            .open_request(
                &alice,
                &portico::service::requests::RequestDraft {
                    subject: "Proof of address".to_string(),
                    category: portico::domain::RequestCategory::Other,
                    body: "Sending it over SFTP.".to_string(),
                    document_id: None,
                    contract_id: None,
                },
            )
            .await
            .expect("open request");
        sqlx::query("UPDATE organisation_members SET role = 'viewer' WHERE user_id = $1")
            .bind(vic.id)
            .execute(store.pool())
            .await
            .expect("make vic a viewer");
        let vic = principal_of(&store, vic.id).await;

        let refused = portal
            .upload_to_request(&vic, number.id, "proof.txt", b"1 Main Street".to_vec())
            .await;
        assert!(
            matches!(refused, Err(ServiceError::Forbidden(_))),
            "{refused:?}"
        );
        assert_eq!(count_rows(&store, "documents").await, 0);

        portal
            .upload_to_request(&alice, number.id, "proof.txt", b"1 Main Street".to_vec())
            .await
            .expect("the opener uploads");
        assert_eq!(count_rows(&store, "documents").await, 1);
    }
);
