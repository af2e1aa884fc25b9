//! Automation keys: registered after a fresh second factor, they log in
//! without a code and run exec commands within their scope. Rejected for
//! a pty, a shell and SFTP, from a network outside their list, after
//! expiry, and for writes with read-only scope. On SQLite and PostgreSQL.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::exec::run;
use common::{Account, Client, TestServer, audit_count};
use portico::service::ServiceError;
use portico::service::automation_keys::AutomationKeyDraft;
use portico::store::Store;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PrivateKeyWithHashAlg};

const WAIT: Duration = Duration::from_secs(15);

fn automation_key() -> Arc<PrivateKey> {
    Arc::new(PrivateKey::from(Ed25519Keypair::from_seed(&[42; 32])))
}

fn draft(key: &PrivateKey, networks: &str, read_write: bool, days: i64) -> AutomationKeyDraft {
    AutomationKeyDraft {
        name: "nightly invoices".to_string(),
        public_key: key.public_key().to_openssh().expect("public key line"),
        lifetime_days: days,
        networks: networks.to_string(),
        read_write,
    }
}

/// Registers `draft` for alice with a fresh code.
async fn register(server: &TestServer, alice: &Account, draft: &AutomationKeyDraft) {
    let principal = common::principal_of(server.portal.store(), alice.id).await;
    server
        .portal
        .register_automation_key(&principal, &alice.next_code(), draft, "127.0.0.1:40000")
        .await
        .expect("register automation key");
}

/// Logs in as alice with `key` only; returns the session when accepted.
async fn key_login(
    server: &TestServer,
    key: Arc<PrivateKey>,
) -> Option<russh::client::Handle<Client>> {
    let mut session = common::connect(server.address).await;
    let result = session
        .authenticate_publickey("alice", PrivateKeyWithHashAlg::new(key, None))
        .await
        .expect("publickey request");
    result.success().then_some(session)
}

on_both_backends!(
    read_only_key_rejects_writes,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, _session) = common::customer_login(&server).await;
        let key = automation_key();
        register(&server, &alice, &draft(&key, "", false, 30)).await;

        let session = key_login(&server, key)
            .await
            .expect("key logs in without a code");
        let whoami = run(&session, "whoami --json", b"").await;
        assert_eq!(whoami.status, Some(0), "{}", whoami.stderr);
        assert_eq!(whoami.json()["read_only"], true);
        let listed = run(&session, "requests ls --json", b"").await;
        assert_eq!(listed.status, Some(0), "{}", listed.stderr);

        let write = run(&session, "requests new --subject Hello", b"body").await;
        assert_eq!(write.status, Some(4), "{}", write.stderr);
        assert!(write.stderr.contains("read-only"), "{}", write.stderr);
        let requests = listed.json();
        assert_eq!(requests["requests"].as_array().map(Vec::len), Some(0));
        assert_eq!(audit_count(&store, "automation-key-used").await, 1);
        assert_eq!(audit_count(&store, "automation-key-registered").await, 1);
    }
);

on_both_backends!(
    read_write_key_opens_request,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, _session) = common::customer_login(&server).await;
        let key = automation_key();
        register(&server, &alice, &draft(&key, "127.0.0.0/8, ::1", true, 365)).await;

        let session = key_login(&server, key).await.expect("key logs in");
        let opened = run(
            &session,
            "requests new --json --subject 'From cron'",
            b"body",
        )
        .await;
        assert_eq!(opened.status, Some(0), "{}", opened.stderr);
        assert!(opened.json()["number"].as_str().is_some());
    }
);

on_both_backends!(
    key_rejected_for_pty_shell_sftp,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, _session) = common::customer_login(&server).await;
        let key = automation_key();
        register(&server, &alice, &draft(&key, "", true, 30)).await;
        let session = key_login(&server, key).await.expect("key logs in");

        for subsystem in [false, true] {
            let mut channel = session.channel_open_session().await.expect("open channel");
            if subsystem {
                channel
                    .request_subsystem(true, "sftp")
                    .await
                    .expect("request sftp");
            } else {
                channel
                    .request_pty(true, "xterm", 80, 24, 0, 0, &[])
                    .await
                    .expect("request pty");
                channel.request_shell(true).await.expect("request shell");
            }
            let mut failures = 0;
            let mut errors = Vec::new();
            let mut status = None;
            let mut output = Vec::new();
            while let Ok(Some(message)) = tokio::time::timeout(WAIT, channel.wait()).await {
                match message {
                    russh::ChannelMsg::Failure => failures += 1,
                    russh::ChannelMsg::Data { data } => output.extend_from_slice(&data),
                    russh::ChannelMsg::ExtendedData { data, .. } => errors.extend_from_slice(&data),
                    russh::ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
                    russh::ChannelMsg::Close => break,
                    _ => {}
                }
            }
            let expected_failures = if subsystem { 1 } else { 2 };
            assert_eq!(failures, expected_failures, "subsystem {subsystem}");
            assert_eq!(status, Some(4), "subsystem {subsystem}");
            assert!(
                output.is_empty(),
                "no dashboard: {:?}",
                String::from_utf8_lossy(&output)
            );
            let errors = String::from_utf8_lossy(&errors);
            assert!(errors.contains("only run commands"), "{errors}");
        }
    }
);

on_both_backends!(
    key_rejected_from_other_network,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, _session) = common::customer_login(&server).await;
        let key = automation_key();
        // Only a documentation network (RFC 5737): the test client comes
        // from 127.0.0.1. Nothing connects to it.
        register(&server, &alice, &draft(&key, "192.0.2.0/24", true, 30)).await;
        assert!(
            key_login(&server, key).await.is_none(),
            "outside the networks"
        );
        assert_eq!(audit_count(&store, "automation-key-rejected").await, 1);
        assert_eq!(audit_count(&store, "automation-key-used").await, 0);
    }
);

on_both_backends!(
    key_rejected_after_expiry,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, _session) = common::customer_login(&server).await;
        let key = automation_key();
        register(&server, &alice, &draft(&key, "", true, 30)).await;
        sqlx::query("UPDATE automation_keys SET expires_at = $1")
            .bind(portico::domain::now() - 1)
            .execute(store.pool())
            .await
            .expect("expire the key");
        assert!(key_login(&server, key).await.is_none(), "expired key");
        assert_eq!(audit_count(&store, "automation-key-rejected").await, 1);
    }
);

on_both_backends!(
    expiring_key_notified_once,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, _session) = common::customer_login(&server).await;
        let key = automation_key();
        register(&server, &alice, &draft(&key, "", false, 7)).await;
        for _ in 0..2 {
            let session = key_login(&server, Arc::clone(&key))
                .await
                .expect("key logs in");
            let result = run(&session, "whoami", b"").await;
            assert_eq!(result.status, Some(0));
        }
        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND title LIKE 'Automation key%expires soon'",
        )
        .bind(alice.id)
        .fetch_one(store.pool())
        .await
        .expect("count notifications");
        assert_eq!(count, 1);
    }
);

on_both_backends!(
    registration_checks_input,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, _session) = common::customer_login(&server).await;
        let principal = common::principal_of(&store, alice.id).await;
        let key = automation_key();
        let peer = "127.0.0.1:40000";

        let wrong = server
            .portal
            .register_automation_key(&principal, "000000", &draft(&key, "", false, 30), peer)
            .await;
        assert!(
            matches!(wrong, Err(ServiceError::Forbidden(_))),
            "{wrong:?}"
        );
        let too_long = server
            .portal
            .register_automation_key(
                &principal,
                &alice.next_code(),
                &draft(&key, "", false, 366),
                peer,
            )
            .await;
        assert!(
            matches!(too_long, Err(ServiceError::Invalid(_))),
            "{too_long:?}"
        );
        let bad_network = server
            .portal
            .register_automation_key(
                &principal,
                &alice.next_code(),
                &draft(&key, "10.0.0.0/33", false, 30),
                peer,
            )
            .await;
        assert!(
            matches!(bad_network, Err(ServiceError::Invalid(_))),
            "{bad_network:?}"
        );
        let login_key = server
            .portal
            .register_automation_key(
                &principal,
                &alice.next_code(),
                &draft(&alice.key, "", false, 30),
                peer,
            )
            .await;
        assert!(
            matches!(&login_key, Err(ServiceError::Invalid(text)) if text.contains("login key")),
            "{login_key:?}"
        );
        assert!(
            key_login(&server, key).await.is_none(),
            "nothing was registered"
        );
    }
);

on_both_backends!(
    admin_cli_adds_automation_key,
    |store: Store, url: String| async move {
        let server = TestServer::start(&store).await;
        let (_alice, _session) = common::customer_login(&server).await;
        let key = automation_key();
        let line = key.public_key().to_openssh().expect("public key line");

        let too_long = common::portico(
            &url,
            &[
                "admin",
                "key",
                "add",
                "alice",
                "-",
                "--automation",
                "--days",
                "400",
            ],
            Some(&line),
        );
        assert!(!too_long.status.success(), "a lifetime over a year");
        let added = common::portico(
            &url,
            &[
                "admin",
                "key",
                "add",
                "alice",
                "-",
                "--automation",
                "--name",
                "backup",
                "--days",
                "30",
                "--networks",
                "127.0.0.0/8",
            ],
            Some(&line),
        );
        assert!(added.status.success(), "{}", common::stderr(&added));
        assert!(
            common::stdout(&added).contains("automation key SHA256:"),
            "{}",
            common::stdout(&added)
        );
        assert_eq!(audit_count(&store, "automation-key-added").await, 1);

        let session = key_login(&server, key).await.expect("key logs in");
        let write = run(&session, "requests new --subject Hello", b"body").await;
        assert_eq!(
            write.status,
            Some(4),
            "read-only by default: {}",
            write.stderr
        );
    }
);

async fn notification_count(store: &Store, user_id: i64, title: &str) -> i64 {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND title LIKE $2")
            .bind(user_id)
            .bind(title)
            .fetch_one(store.pool())
            .await
            .expect("count notifications");
    count
}

on_both_backends!(
    expiry_job_disables_expired_key,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, _session) = common::customer_login(&server).await;
        let key = automation_key();
        register(&server, &alice, &draft(&key, "", true, 1)).await;

        // A run two days on finds the key expired and disables it.
        let later = portico::domain::now() + 2 * 86_400;
        let run = server
            .portal
            .expire_automation_keys(later)
            .await
            .expect("expiry run");
        assert_eq!(run.disabled, 1);
        assert_eq!(run.notified, 0, "expired, so no notice of expiry ahead");
        let again = server
            .portal
            .expire_automation_keys(later)
            .await
            .expect("second expiry run");
        assert_eq!(again.disabled, 0, "a key is disabled once");

        // Disabled, it no longer logs in, although its expiry is still
        // ahead on the real clock.
        assert!(key_login(&server, key).await.is_none(), "disabled key");
        assert_eq!(audit_count(&store, "automation-key-expired").await, 1);
        assert_eq!(audit_count(&store, "automation-key-rejected").await, 1);
        assert_eq!(
            notification_count(&store, alice.id, "Automation key % expired").await,
            1
        );
        let principal = common::principal_of(&store, alice.id).await;
        let keys = server
            .portal
            .automation_keys(&principal)
            .await
            .expect("list keys");
        assert_eq!(keys.len(), 1, "a disabled key stays listed");
        assert_eq!(keys[0].disabled_at, Some(later));
    }
);

on_both_backends!(
    expiry_job_notifies_once_ahead,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, _session) = common::customer_login(&server).await;
        let key = automation_key();
        register(&server, &alice, &draft(&key, "", false, 10)).await;
        let other = Arc::new(PrivateKey::from(Ed25519Keypair::from_seed(&[43; 32])));
        let mut far = draft(&other, "", false, 200);
        far.name = "yearly report".to_string();
        server
            .portal
            .add_automation_key_for("alice", &far)
            .await
            .expect("add a second key");

        let current = portico::domain::now();
        let run = server
            .portal
            .expire_automation_keys(current)
            .await
            .expect("expiry run");
        assert_eq!(
            run,
            portico::service::automation_keys::ExpiryRun {
                disabled: 0,
                notified: 1
            }
        );
        let again = server
            .portal
            .expire_automation_keys(current)
            .await
            .expect("second expiry run");
        assert_eq!(again.notified, 0, "each key is notified once");
        assert_eq!(
            notification_count(
                &store,
                alice.id,
                "Automation key nightly invoices expires soon"
            )
            .await,
            1
        );
        assert_eq!(
            notification_count(&store, alice.id, "Automation key yearly report%expire%").await,
            0
        );
        assert_eq!(
            audit_count(&store, "automation-key-expiry-notified").await,
            1
        );
        // The key still works until it expires.
        assert!(key_login(&server, key).await.is_some());
    }
);

on_both_backends!(
    revoked_key_no_longer_logs_in,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, _session) = common::customer_login(&server).await;
        let bob = common::add_account(
            &server.portal,
            "bob",
            Some("Globex"),
            portico::domain::Role::Customer,
            true,
            2,
        )
        .await;
        let key = automation_key();
        register(&server, &alice, &draft(&key, "", false, 30)).await;
        let alice_principal = common::principal_of(&store, alice.id).await;
        let bob_principal = common::principal_of(&store, bob.id).await;
        let id = server
            .portal
            .automation_keys(&alice_principal)
            .await
            .expect("list keys")[0]
            .id;

        let refused = server
            .portal
            .revoke_automation_key(&bob_principal, id)
            .await;
        assert!(
            matches!(refused, Err(ServiceError::NotFound(_))),
            "another account's key is not found: {refused:?}"
        );
        assert!(key_login(&server, Arc::clone(&key)).await.is_some());

        let fingerprint = server
            .portal
            .revoke_automation_key(&alice_principal, id)
            .await
            .expect("revoke");
        assert!(fingerprint.starts_with("SHA256:"), "{fingerprint}");
        assert!(key_login(&server, key).await.is_none(), "revoked key");
        assert_eq!(audit_count(&store, "automation-key-revoked").await, 1);
        let left = server
            .portal
            .automation_keys(&alice_principal)
            .await
            .expect("list keys");
        assert!(left.is_empty());
    }
);
