//! SIGTERM on the real binary: the node stops accepting, a connected
//! session shows that the service is restarting, and the process exits 0.
//! On SQLite and PostgreSQL.

mod common;

use std::time::Duration;

use common::node::{NodeProcess, write_test_secret_key};
use common::{Login, PASSWORD, Screen, add_account, open_shell, password_login, wait_for};
use portico::domain::Role;
use portico::store::Store;

const WAIT: Duration = Duration::from_secs(15);

on_both_backends!(
    sigterm_shows_notice_and_exits,
    |store: Store, url: String| async move {
        let portal = common::portal(&store);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let keys = tempfile::tempdir().expect("key folder");
        // The accounts' TOTP secrets were encrypted with the test key.
        write_test_secret_key(keys.path());

        let node =
            NodeProcess::start(&url, keys.path(), "127.0.0.1:0", &["--drain-timeout", "5"]).await;
        let address = node.address;

        let (client, outcome) = password_login(address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);
        let mut channel = open_shell(&client, 100, 40).await;
        let mut screen = Screen::new(100, 40);
        assert!(
            wait_for(&mut channel, &mut screen, "Dashboard", WAIT).await,
            "{}",
            screen.text()
        );

        node.terminate();

        assert!(
            wait_for(&mut channel, &mut screen, "service is restarting", WAIT).await,
            "{}",
            screen.text()
        );
        let (status, log) = node.exit(WAIT).await;
        assert_eq!(status.code(), Some(0));

        assert!(
            log.iter()
                .any(|line| line.contains("stopped accepting connections")),
            "{log:?}"
        );
        assert!(
            log.iter().any(|line| line.contains("portico stopped")),
            "{log:?}"
        );
        assert!(
            tokio::net::TcpStream::connect(address).await.is_err(),
            "the stopped server still accepts connections"
        );
    }
);
