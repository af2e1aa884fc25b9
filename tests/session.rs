//! Terminal sessions over SSH with a russh client: the dashboard on real
//! data, resize, no-pty refusal, channel limits and a stalled client. On
//! SQLite and PostgreSQL.

mod common;

use std::time::Duration;

use common::{
    Login, PASSWORD, Screen, TestServer, add_customer, open_shell, password_login, wait_for,
};
use portico::domain::RequestCategory;
use portico::service::requests::RequestDraft;
use portico::store::Store;

const WAIT: Duration = Duration::from_secs(10);

on_both_backends!(
    dashboard_shows_own_data_only,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let carol = add_customer(&server.portal, "carol", "Globex", 3).await;
        let carol_principal = common::principal_of(&store, carol.id).await;
        let alice_principal = common::principal_of(&store, alice.id).await;
        for (principal, subject) in [
            (&carol_principal, "Globex secret merger"),
            (&alice_principal, "Acme router question"),
        ] {
            server
                .portal
                .open_request(
                    principal,
                    &RequestDraft {
                        subject: subject.to_string(),
                        category: RequestCategory::Technical,
                        body: "details".to_string(),
                        document_id: None,
                        contract_id: None,
                    },
                )
                .await
                .expect("open request");
        }

        let (session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        let mut channel = open_shell(&session, 100, 30).await;
        let mut screen = Screen::new(100, 30);
        assert!(
            wait_for(&mut channel, &mut screen, "Acme router question", WAIT).await,
            "{}",
            screen.text()
        );
        assert!(!screen.text().contains("Globex"), "{}", screen.text());

        // The Requests screen lists only Acme's request.
        channel.data(&b"3"[..]).await.expect("key");
        assert!(
            wait_for(&mut channel, &mut screen, "R-", WAIT).await,
            "{}",
            screen.text()
        );
        assert!(
            screen.text().contains("Acme router question"),
            "{}",
            screen.text()
        );
        assert!(!screen.text().contains("Globex"), "{}", screen.text());
    }
);

on_both_backends!(
    resize_redraws_at_new_size,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        let mut channel = open_shell(&session, 80, 24).await;
        let mut screen = Screen::new(80, 24);
        assert!(
            wait_for(&mut channel, &mut screen, "Dashboard", WAIT).await,
            "{}",
            screen.text()
        );

        channel.window_change(40, 10, 0, 0).await.expect("resize");
        screen.parser.set_size(10, 40);
        assert!(
            wait_for(&mut channel, &mut screen, "too small", WAIT).await,
            "{}",
            screen.text()
        );

        channel.window_change(120, 40, 0, 0).await.expect("resize");
        screen.parser.set_size(40, 120);
        assert!(
            wait_for(&mut channel, &mut screen, "Dashboard", WAIT).await,
            "{}",
            screen.text()
        );
    }
);

on_both_backends!(
    shell_without_pty_is_told_to_use_t,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        let mut channel = session.channel_open_session().await.expect("open");
        channel.request_shell(true).await.expect("shell");

        let mut output = Vec::new();
        let mut status = None;
        while let Ok(Some(message)) = tokio::time::timeout(WAIT, channel.wait()).await {
            match message {
                russh::ChannelMsg::Data { data } => output.extend_from_slice(&data),
                russh::ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
                russh::ChannelMsg::Close => break,
                _ => {}
            }
        }
        let text = String::from_utf8_lossy(&output);
        assert!(text.contains("ssh -t"), "{text}");
        assert_eq!(status, Some(1));
    }
);

on_both_backends!(
    channels_per_connection_capped,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;
        let mut open = Vec::new();
        for _ in 0..portico::ssh::handler::MAX_CHANNELS {
            open.push(
                session
                    .channel_open_session()
                    .await
                    .expect("channel within the limit"),
            );
        }
        assert!(
            session.channel_open_session().await.is_err(),
            "one channel more than the limit is refused"
        );

        // Closing one frees its place.
        let first = open.remove(0);
        first.close().await.expect("close");
        drop(first);
        let mut reopened = false;
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if let Ok(channel) = session.channel_open_session().await {
                open.push(channel);
                reopened = true;
                break;
            }
        }
        assert!(reopened, "a closed channel's place is freed");
    }
);

on_both_backends!(
    stalled_client_is_disconnected,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let relay = common::StallingRelay::start(server.address).await;
        let (session, outcome) =
            password_login(relay.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        let (channel, _screen) = common::dashboard_shell(&session, 300, 100).await;
        let before = common::resident_kib();

        // From now on nothing the server sends is read, while the client makes
        // it draw full screens: every size change redraws all 30,000 cells.
        relay.set_stalled(true);
        let started = std::time::Instant::now();
        let stall_limit = Duration::from_secs(3);
        let mut sent = 0u32;
        while started.elapsed() < Duration::from_secs(30) && !relay.server_closed() {
            let cols = if sent.is_multiple_of(2) { 299 } else { 300 };
            let step = Duration::from_millis(200);
            let _ = tokio::time::timeout(step, channel.window_change(cols, 100, 0, 0)).await;
            let _ = tokio::time::timeout(step, channel.data(&b"2j3j1"[..])).await;
            sent += 1;
            // Past the stall limit, drain the relay so the server's close shows.
            if started.elapsed() > stall_limit * 3 {
                relay.set_stalled(false);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let growth = common::resident_kib().saturating_sub(before);
        assert!(
            relay.server_closed(),
            "the server closes a connection whose client reads nothing ({sent} resizes sent)"
        );
        // NOTE: client and server share this process, so the client's buffers
        // count here too; the bound is loose on purpose.
        assert!(
            growth < 64 * 1024,
            "memory grew by {growth} KiB while the client stalled"
        );
    }
);

on_both_backends!(
    idle_timeout_counts_keys,
    |store: Store, _url: String| async move {
        let limits = portico::ssh::Limits {
            idle_timeout: Duration::from_secs(2),
            stall_timeout: Duration::from_secs(5),
            auth_failure_delay: Duration::from_millis(50),
            penalties: None,
            ..portico::ssh::Limits::default()
        };
        let server = TestServer::start_with(&store, limits).await;
        let (_alice, session) = common::customer_login(&server).await;
        let (mut channel, mut screen) = common::dashboard_shell(&session, 80, 24).await;

        // Keys every half second keep the session open past the timeout.
        for key in b"2121212" {
            tokio::time::sleep(Duration::from_millis(500)).await;
            channel
                .data(&[*key][..])
                .await
                .expect("session still open while keys arrive");
        }

        // Then nothing: the session closes a little after the timeout.
        let started = std::time::Instant::now();
        let mut closed = false;
        while started.elapsed() < Duration::from_secs(8) {
            match tokio::time::timeout(Duration::from_secs(1), channel.wait()).await {
                Ok(Some(russh::ChannelMsg::Data { data })) => screen.parser.process(&data),
                Ok(Some(russh::ChannelMsg::Close)) | Ok(None) => {
                    closed = true;
                    break;
                }
                _ => {}
            }
        }
        assert!(closed, "an idle session is closed");
        assert!(
            started.elapsed() >= Duration::from_millis(1500),
            "closed too early: {:?}",
            started.elapsed()
        );
    }
);

on_both_backends!(
    terminal_reports_never_reach_fields,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = add_customer(&server.portal, "alice", "Acme", 1).await;
        let acme = portico::store::users::find_by_id(store.pool(), alice.id)
            .await
            .expect("find")
            .and_then(|user| user.organisation_id)
            .expect("organisation");
        let document = portico::store::documents::NewDocument {
            organisation_id: acme,
            owner_user_id: None,
            contract_id: None,
            kind: portico::domain::DocumentKind::Invoice,
            title: "Invoice March 2026",
            issue_date: "2026-03-01",
            amount_cents: Some(18_231),
            currency: Some("EUR"),
            content_type: "text/plain",
            content: b"Invoice March 2026",
        };
        portico::store::documents::insert(store.pool(), &document, 1_772_366_400)
            .await
            .expect("document");
        let (session, _) = password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        let (mut channel, mut screen) = common::dashboard_shell(&session, 100, 30).await;

        // Open the documents filter, then send a color report, a cursor report
        // and a split arrow key between typed letters.
        channel.data(&b"2"[..]).await.expect("keys");
        assert!(wait_for(&mut channel, &mut screen, "Invoice March 2026", WAIT).await);
        channel.data(&b"/"[..]).await.expect("keys");
        assert!(
            wait_for(&mut channel, &mut screen, "Filter:", WAIT).await,
            "{}",
            screen.text()
        );
        // Each chunk is its own SSH packet. The two halves of the arrow key
        // follow each other at once, as a split inside one key press would.
        // A pause longer than the Esc wait would make them Esc, '[' and 'D'.
        for chunk in [
            &b"in"[..],
            b"\x1b]11;rgb:0000/0000/0000\x07",
            b"v\x1b[24;80R",
            b"\x1b",
            b"[D",
            b"o",
        ] {
            channel.data(chunk).await.expect("keys");
            if chunk != b"\x1b" {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        // The left arrow moved the cursor, so "o" went before "v".
        assert!(
            wait_for(&mut channel, &mut screen, "inov", WAIT).await,
            "{}",
            screen.text()
        );
        assert!(!screen.text().contains("rgb"), "{}", screen.text());
        assert!(!screen.text().contains("24;80"), "{}", screen.text());
    }
);

on_both_backends!(
    odd_terminals_still_work,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, session) = common::customer_login(&server).await;

        // Unknown size (0x0) with an empty, a dumb and an unusual TERM, each on
        // its own channel of one connection.
        for term in ["", "dumb", "xterm-kitty"] {
            let mut channel = session.channel_open_session().await.expect("open");
            channel
                .request_pty(true, term, 0, 0, 0, 0, &[])
                .await
                .expect("pty");
            channel.request_shell(true).await.expect("shell");
            let mut screen = Screen::new(80, 24);
            assert!(
                wait_for(&mut channel, &mut screen, "Dashboard", WAIT).await,
                "TERM={term:?}: {}",
                screen.text()
            );
            channel.close().await.expect("close");
        }
    }
);
