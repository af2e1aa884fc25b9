//! Commands over `ssh HOST COMMAND`: table and JSON output of each
//! command, scoping to the caller's organisation, hostile text, and the
//! exit codes for usage errors, not found and not allowed. On SQLite and
//! PostgreSQL, through the russh client.

mod common;

use common::exec::{Run, run};
use common::{TestServer, add_account, add_customer, document_draft, principal_of};
use portico::domain::Role;
use portico::domain::regional::{DateFormat, Language};
use portico::store::Store;
use portico::store::contracts::{self, NewContract};

fn assert_no_escapes(run: &Run) {
    assert!(
        !run.stdout.contains(&0x1b),
        "escape sequence in output: {:?}",
        run.text()
    );
}

async fn add_document(server: &TestServer, organisation: &str, title: &str, content: &[u8]) -> i64 {
    let draft = document_draft(organisation, "invoice", title, "2026-03-31");
    server
        .portal
        .add_document(&draft, &format!("{title}.bin"), content.to_vec())
        .await
        .expect("add document")
}

on_both_backends!(
    whoami_table_and_json,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;

        let table = run(&session, "whoami", b"").await;
        assert_eq!(table.status, Some(0), "{}", table.stderr);
        assert!(table.text().starts_with("HANDLE"), "{}", table.text());
        assert!(table.text().contains("alice"), "{}", table.text());
        assert!(table.text().contains("Acme"), "{}", table.text());
        assert_no_escapes(&table);

        let json = run(&session, "whoami --json", b"").await.json();
        assert_eq!(json["handle"], "alice");
        assert_eq!(json["role"], "customer");
        assert_eq!(json["organisation"], "Acme");
        assert_eq!(json["read_only"], false);
    }
);

on_both_backends!(
    documents_ls_get_and_scope,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        add_customer(&server.portal, "bob", "Globex", 2).await;
        let content: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
        let own = add_document(&server, "Acme", "Invoice \x1b[31mMarch", &content).await;
        let other = add_document(&server, "Globex", "Globex invoice", b"secret").await;

        let table = run(&session, "documents ls", b"").await;
        assert_eq!(table.status, Some(0), "{}", table.stderr);
        assert!(table.text().starts_with("ID"), "{}", table.text());
        assert!(table.text().contains("Invoice"), "{}", table.text());
        assert!(!table.text().contains("Globex"), "{}", table.text());
        assert_no_escapes(&table);

        let json = run(
            &session,
            "documents ls --json --kind invoice --since 2026-01-01",
            b"",
        )
        .await
        .json();
        let items = json["documents"].as_array().expect("documents array");
        assert_eq!(items.len(), 1, "{json}");
        assert_eq!(items[0]["id"], own);
        assert_eq!(items[0]["issue_date"], "2026-03-31");
        assert!(
            items[0]["created_at"]
                .as_str()
                .expect("created_at")
                .ends_with('Z'),
            "{json}"
        );

        let later = run(&session, "documents ls --json --since 2026-04-01", b"")
            .await
            .json();
        assert_eq!(
            later["documents"].as_array().map(Vec::len),
            Some(0),
            "{later}"
        );
        let letters = run(&session, "documents ls --json --kind letter", b"")
            .await
            .json();
        assert_eq!(
            letters["documents"].as_array().map(Vec::len),
            Some(0),
            "{letters}"
        );

        // Both invoices hold the word; the other organisation's stays out.
        let found = run(&session, "documents ls --json --search invoice", b"")
            .await
            .json();
        let found = found["documents"].as_array().expect("documents array");
        assert_eq!(found.len(), 1, "only the caller's invoice: {found:?}");
        assert_eq!(found[0]["id"], own);
        let none = run(
            &session,
            "documents ls --json --search \"Globex invoice\"",
            b"",
        )
        .await
        .json();
        assert_eq!(
            none["documents"].as_array().map(Vec::len),
            Some(0),
            "{none}"
        );
        let table = run(&session, "documents ls --search invoice", b"").await;
        assert_eq!(table.status, Some(0), "{}", table.stderr);
        assert!(table.text().contains("Invoice"), "{}", table.text());

        let got = run(&session, &format!("documents get {own}"), b"").await;
        assert_eq!(got.status, Some(0), "{}", got.stderr);
        assert_eq!(got.stdout, content, "documents get is byte-exact");

        let foreign = run(&session, &format!("documents get {other}"), b"").await;
        assert_eq!(foreign.status, Some(3), "another organisation's document");
        assert!(foreign.stdout.is_empty());
        assert_eq!(foreign.stderr.lines().count(), 1, "{}", foreign.stderr);

        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM audit_entries WHERE action = 'document-downloaded' AND detail LIKE 'ssh:%'",
        )
        .fetch_one(store.pool())
        .await
        .expect("count audit entries");
        assert_eq!(count, 1, "the download is audited");
    }
);

on_both_backends!(
    contracts_ls_table_and_json,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, session) = common::customer_login(&server).await;
        let empty = run(&session, "contracts ls", b"").await;
        assert_eq!(empty.text(), "No contracts.\n");

        let organisation_id = principal_of(&store, alice.id)
            .await
            .organisation_id
            .expect("organisation");
        contracts::insert(
            store.pool(),
            &NewContract {
                organisation_id,
                number: "C-100",
                product: "Fibre 500",
                status: "active",
                start_date: "2025-01-01",
                end_date: None,
                notice_days: 30,
                next_deadline: Some("2026-12-01"),
                deadline_label: "notice",
                auto_renew: true,
                options: "static-ip, tv",
            },
            0,
        )
        .await
        .expect("add contract");

        let table = run(&session, "contracts ls", b"").await;
        assert!(table.text().starts_with("NUMBER"), "{}", table.text());
        assert!(table.text().contains("C-100"), "{}", table.text());
        let json = run(&session, "contracts ls --json", b"").await.json();
        assert_eq!(json["contracts"][0]["number"], "C-100");
        assert_eq!(json["contracts"][0]["auto_renew"], true);
        assert_eq!(json["contracts"][0]["options"][1], "tv");
    }
);

on_both_backends!(
    requests_new_reply_show,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        let agent = add_account(&server.portal, "olga", None, Role::Agent, true, 3).await;

        let opened = run(
            &session,
            "requests new --json --subject 'Router \"blinks\" red' --category technical",
            b"It blinks since Monday.\n",
        )
        .await;
        assert_eq!(opened.status, Some(0), "{}", opened.stderr);
        let number = opened.json()["number"]
            .as_str()
            .expect("number")
            .to_string();
        assert!(number.starts_with("R-"), "{number}");

        let id: i64 = number.rsplit('-').next().expect("id").parse().expect("id");
        let olga = principal_of(&store, agent.id).await;
        server
            .portal
            .add_note(&olga, id, "INTERNAL customer is difficult")
            .await
            .expect("note");
        server
            .portal
            .reply(&olga, id, "Please restart it.")
            .await
            .expect("agent reply");

        let replied = run(
            &session,
            &format!("requests reply {number}"),
            b"Done, still red.",
        )
        .await;
        assert_eq!(replied.status, Some(0), "{}", replied.stderr);
        assert_eq!(replied.text(), format!("{number} replied\n"));

        let table = run(&session, "requests ls", b"").await;
        assert!(table.text().starts_with("NUMBER"), "{}", table.text());
        assert!(
            table.text().contains("Router \"blinks\" red"),
            "{}",
            table.text()
        );

        let json = run(&session, "requests ls --json --state received", b"")
            .await
            .json();
        assert_eq!(json["requests"][0]["number"], number.as_str());
        assert_eq!(json["requests"][0]["category"], "technical");
        let open = run(&session, "requests ls --json --open", b"").await.json();
        assert_eq!(open["requests"].as_array().map(Vec::len), Some(1), "{open}");
        let closed = run(&session, "requests ls --json --state closed", b"")
            .await
            .json();
        assert_eq!(closed["requests"].as_array().map(Vec::len), Some(0));

        let shown = run(&session, &format!("requests show {number}"), b"").await;
        assert_eq!(shown.status, Some(0), "{}", shown.stderr);
        assert!(
            shown.text().contains("It blinks since Monday."),
            "{}",
            shown.text()
        );
        assert!(
            shown.text().contains("Please restart it."),
            "{}",
            shown.text()
        );
        assert!(
            shown.text().contains("Done, still red."),
            "{}",
            shown.text()
        );
        assert!(!shown.text().contains("INTERNAL"), "{}", shown.text());

        let detail = run(&session, &format!("requests show --json {number}"), b"")
            .await
            .json();
        let messages = detail["messages"].as_array().expect("messages");
        assert_eq!(messages.len(), 3, "{detail}");
        assert!(!detail.to_string().contains("INTERNAL"));

        let threads = run(&session, "messages ls --json", b"").await.json();
        assert!(
            threads["threads"]
                .as_array()
                .expect("threads")
                .iter()
                .any(|thread| thread["number"] == number.as_str()),
            "{threads}"
        );
        let table = run(&session, "messages ls --unread", b"").await;
        assert_eq!(table.status, Some(0), "{}", table.stderr);

        let notifications = run(&session, "notifications ls --json", b"").await;
        assert_eq!(notifications.status, Some(0), "{}", notifications.stderr);
        assert!(notifications.json()["notifications"].is_array());
        let table = run(&session, "notifications ls", b"").await;
        assert_eq!(table.status, Some(0), "{}", table.stderr);
    }
);

on_both_backends!(
    requests_other_organisation_not_found,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        let bob = add_customer(&server.portal, "bob", "Globex", 2).await;
        let bob = principal_of(&store, bob.id).await;
        let number = server
            .portal
            .open_request(
                &bob,
                &portico::service::requests::RequestDraft {
                    subject: "Globex secret".to_string(),
                    category: portico::domain::RequestCategory::Other,
                    body: "private".to_string(),
                    document_id: None,
                    contract_id: None,
                },
            )
            .await
            .expect("bob opens a request");

        let shown = run(&session, &format!("requests show {number}"), b"").await;
        assert_eq!(shown.status, Some(3), "{}", shown.text());
        assert!(!shown.stderr.contains("Globex"), "{}", shown.stderr);
        let replied = run(&session, &format!("requests reply {number}"), b"hello").await;
        assert_eq!(replied.status, Some(3));
        let listed = run(&session, "requests ls", b"").await;
        assert!(!listed.text().contains("Globex"), "{}", listed.text());
    }
);

on_both_backends!(
    usage_errors_exit_two,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        for line in [
            "frobnicate",
            "documents ls --kind \x1b[2Jnonsense",
            "documents ls --since yesterday",
            "documents get abc",
            "requests ls --state lost",
            "requests show 12",
            "requests new --subject 'unterminated",
            "",
        ] {
            let result = run(&session, line, b"").await;
            assert_eq!(result.status, Some(2), "{line:?}: {}", result.stderr);
            assert_eq!(
                result.stderr.lines().count(),
                1,
                "{line:?}: {}",
                result.stderr
            );
            assert!(!result.stderr.contains('\x1b'), "{line:?}");
        }
        let help = run(&session, "help", b"").await;
        assert_eq!(help.status, Some(0), "{}", help.stderr);
        assert!(help.text().contains("documents"), "{}", help.text());
        assert_no_escapes(&help);
        let help = run(&session, "documents ls --help", b"").await;
        assert_eq!(help.status, Some(0));
        assert!(help.text().contains("--since"), "{}", help.text());
        let help = run(&session, "help requests new", b"").await;
        assert_eq!(help.status, Some(0));
        assert!(help.text().contains("--subject"), "{}", help.text());
    }
);

on_both_backends!(
    usage_errors_follow_the_language,
    |store: Store, _url: String| async move {
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
        let (english, outcome) =
            common::password_login(server.address, "alice", common::PASSWORD, &alice.code()).await;
        assert_eq!(outcome, common::Login::Success);
        let result = run(&english, "documents get abc", b"").await;
        assert_eq!(result.status, Some(2), "{}", result.stderr);
        assert_eq!(
            result.stderr,
            "portico: invalid value \"abc\" for <ID>; usage: portico documents get [OPTIONS] <ID>\n"
        );

        let principal = principal_of(&store, alice.id).await;
        server
            .portal
            .save_regional_preferences(&principal, "UTC", DateFormat::Iso, Some(Language::French))
            .await
            .expect("choose French");
        // A second login needs a code of another time step.
        let (french, outcome) = common::password_login(
            server.address,
            "alice",
            common::PASSWORD,
            &alice.next_code(),
        )
        .await;
        assert_eq!(outcome, common::Login::Success);
        for (line, expected) in [
            (
                "documents get abc",
                "valeur «\u{a0}abc\u{a0}» non valide pour <ID>",
            ),
            (
                "documents ls --kindd invoice",
                "argument inattendu «\u{a0}--kindd\u{a0}» (vouliez-vous dire --kind\u{a0}?)",
            ),
            (
                "requests new",
                "argument obligatoire manquant\u{a0}: --subject <SUBJECT>",
            ),
        ] {
            let result = run(&french, line, b"").await;
            assert_eq!(result.status, Some(2), "{line}: {}", result.stderr);
            assert!(
                result.stderr.contains(expected),
                "{line}: {}",
                result.stderr
            );
            assert!(
                result.stderr.contains("utilisation\u{a0}: portico"),
                "{line}: {}",
                result.stderr
            );
            for english in ["invalid value", "unexpected", "required", "Usage", "error:"] {
                assert!(
                    !result.stderr.contains(english),
                    "{line}: {}",
                    result.stderr
                );
            }
        }
    }
);

on_both_backends!(
    missing_request_exits_three,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        let result = run(&session, "requests show R-2026-999999", b"").await;
        assert_eq!(result.status, Some(3), "{}", result.stderr);
        let result = run(&session, "documents get 424242", b"").await;
        assert_eq!(result.status, Some(3), "{}", result.stderr);
    }
);

on_both_backends!(
    agent_opening_request_exits_four,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let olga = add_account(&server.portal, "olga", None, Role::Agent, true, 3).await;
        let (session, outcome) =
            common::password_login(server.address, "olga", common::PASSWORD, &olga.code()).await;
        assert_eq!(outcome, common::Login::Success);
        let result = run(&session, "requests new --subject Test", b"body").await;
        assert_eq!(result.status, Some(4), "{}", result.stderr);
        assert!(
            result.stderr.starts_with("portico: not allowed"),
            "{}",
            result.stderr
        );
    }
);

on_both_backends!(
    export_contains_own_data_only,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        add_customer(&server.portal, "bob", "Globex", 2).await;
        add_document(&server, "Acme", "Acme invoice", b"a").await;
        add_document(&server, "Globex", "Globex invoice", b"b").await;
        run(&session, "requests new --subject Hello", b"First message").await;

        let export = run(&session, "export --json", b"").await;
        assert_eq!(export.status, Some(0), "{}", export.stderr);
        let json = export.json();
        assert_eq!(json["profile"]["handle"], "alice");
        assert_eq!(
            json["documents"].as_array().map(Vec::len),
            Some(1),
            "{json}"
        );
        assert_eq!(json["requests"][0]["messages"][0]["body"], "First message");
        assert!(!json.to_string().contains("Globex"), "{json}");

        assert_eq!(
            common::audit_count(&store, "personal-data-exported").await,
            1
        );
    }
);

on_both_backends!(
    concurrent_commands_share_connection,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        let content: Vec<u8> = (0..=255u8).cycle().take(200_000).collect();
        let id = add_document(&server, "Acme", "Invoice", &content).await;

        // All channels are open and running before any output is read.
        let mut channels = Vec::new();
        for _ in 0..portico::ssh::handler::MAX_CHANNELS {
            let channel = session.channel_open_session().await.expect("open channel");
            channel
                .exec(true, format!("documents get {id}"))
                .await
                .expect("exec");
            channel.eof().await.expect("send end of input");
            channels.push(channel);
        }
        for mut channel in channels {
            let mut output = Vec::new();
            let mut status = None;
            while let Ok(Some(message)) =
                tokio::time::timeout(std::time::Duration::from_secs(15), channel.wait()).await
            {
                match message {
                    russh::ChannelMsg::Data { data } => output.extend_from_slice(&data),
                    russh::ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
                    russh::ChannelMsg::Close => break,
                    _ => {}
                }
            }
            assert_eq!(status, Some(0));
            assert!(output == content, "each download is byte-exact");
        }
    }
);

on_both_backends!(
    json_output_strips_controls,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        let id = add_document(&server, "Acme", "Invoice March", b"text").await;
        // Ingestion sanitizes titles, so the hostile one is written directly,
        // as data from an older version or another tool could be.
        sqlx::query("UPDATE documents SET title = $1 WHERE id = $2")
            .bind("Invoice\u{9b}6n\u{202e}March\u{1b}[2J")
            .bind(id)
            .execute(store.pool())
            .await
            .expect("store hostile title");

        let listed = run(&session, "documents ls --json", b"").await;
        assert_eq!(listed.status, Some(0), "{}", listed.stderr);
        let text = listed.text();
        assert!(!text.contains('\u{9b}'), "C1 CSI in {text:?}");
        assert!(!text.contains('\u{202e}'), "bidi override in {text:?}");
        assert!(!text.contains('\u{1b}'), "ESC in {text:?}");
        assert_eq!(listed.json()["documents"][0]["title"], "Invoice6nMarch[2J");
    }
);

on_both_backends!(
    role_without_requests_told_so,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        add_customer(&server.portal, "alice", "Acme", 1).await;
        let bea = add_account(&server.portal, "bea", Some("Acme"), Role::Customer, true, 2).await;
        let vic = add_account(&server.portal, "vic", Some("Acme"), Role::Customer, true, 3).await;
        for (account, role) in [(&bea, "billing"), (&vic, "viewer")] {
            sqlx::query("UPDATE organisation_members SET role = $1 WHERE user_id = $2")
                .bind(role)
                .bind(account.id)
                .execute(store.pool())
                .await
                .expect("set role");
        }
        let (billing, outcome) =
            common::password_login(server.address, "bea", common::PASSWORD, &bea.code()).await;
        assert_eq!(outcome, common::Login::Success);

        // A billing member gets the role's limit as an error, not an empty list.
        for command in ["requests ls", "requests show 2026-1", "messages ls"] {
            let result = run(&billing, command, b"").await;
            assert_eq!(result.status, Some(4), "{command}: {}", result.stderr);
            assert!(
                result.stderr.contains("does not include requests"),
                "{command}: {}",
                result.stderr
            );
        }
        let contracts = run(&billing, "contracts ls --json", b"").await;
        assert_eq!(contracts.status, Some(4), "{}", contracts.stderr);
        assert!(
            contracts.stderr.contains("does not include contracts"),
            "{}",
            contracts.stderr
        );
        let documents = run(&billing, "documents ls", b"").await;
        assert_eq!(documents.status, Some(0), "{}", documents.stderr);

        // A viewer may read requests and contracts.
        let (viewer, outcome) =
            common::password_login(server.address, "vic", common::PASSWORD, &vic.code()).await;
        assert_eq!(outcome, common::Login::Success);
        for command in ["requests ls", "contracts ls"] {
            let result = run(&viewer, command, b"").await;
            assert_eq!(result.status, Some(0), "{command}: {}", result.stderr);
        }
    }
);

on_both_backends!(
    requests_show_default_next_step_in_french,
    |store: Store, _url: String| async move {
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
        let principal = principal_of(&store, alice.id).await;
        server
            .portal
            .save_regional_preferences(&principal, "UTC", DateFormat::Iso, Some(Language::French))
            .await
            .expect("choose French");
        // Opened outside a session, so the stored next step is English.
        let number = server
            .portal
            .open_request(
                &principal,
                &portico::service::requests::RequestDraft {
                    subject: "Facture de mars".to_string(),
                    category: portico::domain::RequestCategory::Billing,
                    body: "Merci de vérifier.".to_string(),
                    document_id: None,
                    contract_id: None,
                },
            )
            .await
            .expect("open request");
        let (session, outcome) =
            common::password_login(server.address, "alice", common::PASSWORD, &alice.code()).await;
        assert_eq!(outcome, common::Login::Success);

        let shown = run(&session, &format!("requests show {number}"), b"").await;
        assert_eq!(shown.status, Some(0), "{}", shown.stderr);
        assert!(
            shown
                .text()
                .contains("Prochaine étape\u{a0}: Un agent va examiner votre demande."),
            "{}",
            shown.text()
        );
        assert!(!shown.text().contains("An agent"), "{}", shown.text());

        let detail = run(&session, &format!("requests show --json {number}"), b"")
            .await
            .json();
        assert_eq!(
            detail["request"]["next_step"],
            "Un agent va examiner votre demande."
        );
    }
);
