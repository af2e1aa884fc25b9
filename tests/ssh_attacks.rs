//! Replays of published attacks on russh servers against Portico. Each
//! must end in a clean rejection or disconnect, and the server must go on
//! serving a genuine login afterwards. Attacks that russh's client cannot
//! send are written as raw bytes over a TCP stream.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Client, Login, PASSWORD, TestServer, add_account, password_login, second_factor};
use portico::domain::Role;
use portico::store::Store;
use russh::keys::signature::Signer as _;
use russh::keys::ssh_encoding::{Decode, Encode};
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{PrivateKey, PublicKey};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CLIENT_VERSION: &[u8] = b"SSH-2.0-attack_replay\r\n";

/// Reads until the server closes the connection; returns whether it did
/// within `within` and how many bytes it sent.
async fn read_to_close(stream: &mut TcpStream, within: Duration) -> (bool, usize) {
    let mut buffer = vec![0u8; 16 * 1024];
    let mut received = 0;
    let closed = tokio::time::timeout(within, async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(read) => received += read,
            }
        }
    })
    .await
    .is_ok();
    (closed, received)
}

async fn customer_alice(server: &TestServer) -> common::Account {
    add_account(
        &server.portal,
        "alice",
        Some("Acme"),
        Role::Customer,
        true,
        1,
    )
    .await
}

/// Connects, writes `bytes` and returns whether the server closed the
/// connection within 5 seconds. A server that closes early may cut the
/// write short.
async fn send_raw(server: &TestServer, bytes: &[u8]) -> bool {
    let mut stream = TcpStream::connect(server.address).await.expect("connect");
    let _ = stream.write_all(bytes).await;
    read_to_close(&mut stream, Duration::from_secs(5)).await.0
}

/// A version line, then a packet announcing almost 4 GiB; a server that
/// trusted the length would try to buffer it.
fn oversized_packet() -> Vec<u8> {
    let mut bytes = CLIENT_VERSION.to_vec();
    bytes.extend_from_slice(&[0xff, 0xff, 0xff, 0xf0]);
    bytes.extend_from_slice(&[0u8; 64]);
    bytes
}

/// Checks that a genuine login still works.
async fn genuine_login_works(server: &TestServer, account: &common::Account) {
    let (_session, outcome) = password_login(
        server.address,
        &account.handle,
        PASSWORD,
        &account.next_code(),
    )
    .await;
    assert_eq!(
        outcome,
        Login::Success,
        "the server still serves a genuine login"
    );
}

on_both_backends!(
    oversized_packet_length_disconnects,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer_alice(&server).await;

        assert!(
            send_raw(&server, &oversized_packet()).await,
            "the server disconnects"
        );

        genuine_login_works(&server, &alice).await;
    }
);

on_both_backends!(
    lines_before_banner_disconnect,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer_alice(&server).await;

        let lines = "not a version line\r\n".repeat(5000);
        assert!(
            send_raw(&server, lines.as_bytes()).await,
            "the server disconnects"
        );

        genuine_login_works(&server, &alice).await;
    }
);

on_both_backends!(
    data_on_unopened_channel_is_harmless,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer_alice(&server).await;
        let (session, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);

        // ChannelId has no public constructor; decoding one is the way in.
        let never_opened = russh::ChannelId::decode(&mut &[0u8, 0, 0, 42][..]).expect("channel id");
        let _ = session.data(never_opened, &b"rm -rf /\n"[..]).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Either the server ignored the data or closed the connection;
        // nothing may have reached a session.
        let history: Vec<(String,)> = sqlx::query_as(
            "SELECT action FROM audit_entries WHERE actor_id = $1 AND action <> 'login'",
        )
        .bind(alice.id)
        .fetch_all(store.pool())
        .await
        .expect("audit entries");
        assert!(history.is_empty(), "{history:?}");

        genuine_login_works(&server, &alice).await;
    }
);

on_both_backends!(
    user_change_discards_first_factor,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer_alice(&server).await;
        let bob = add_account(&server.portal, "bob", Some("Acme"), Role::Customer, true, 2).await;

        // Alice's password, then bob's code under bob's name.
        let mut session = common::connect(server.address).await;
        let first = session
            .authenticate_password("alice", PASSWORD)
            .await
            .expect("password request");
        assert!(matches!(
            first,
            russh::client::AuthResult::Failure {
                partial_success: true,
                ..
            }
        ));
        assert_eq!(
            second_factor(&mut session, "bob", &bob.code()).await,
            Login::Refused,
            "a first factor proven for alice does not serve bob"
        );

        genuine_login_works(&server, &alice).await;
    }
);

/// Signs with `key` whatever public key was offered.
struct OtherKeySigner {
    key: PrivateKey,
    /// Set once the server asked for the signature.
    signed: bool,
}

impl russh::Signer for OtherKeySigner {
    type Error = russh::SendError;

    async fn auth_sign(
        &mut self,
        _offered: &russh::keys::agent::AgentIdentity,
        _hash: Option<russh::keys::HashAlg>,
        mut data: Vec<u8>,
    ) -> Result<Vec<u8>, Self::Error> {
        self.signed = true;
        let signature: russh::keys::ssh_key::Signature = self.key.try_sign(&data).expect("sign");
        let mut blob = Vec::new();
        signature.encode(&mut blob).expect("encode signature");
        u32::try_from(blob.len())
            .expect("length")
            .encode(&mut data)
            .expect("encode length");
        data.extend_from_slice(&blob);
        Ok(data)
    }
}

on_both_backends!(
    signature_by_other_key_rejected,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer_alice(&server).await;

        let offered: PublicKey = alice.key.public_key().clone();
        let mut signer = OtherKeySigner {
            key: PrivateKey::from(Ed25519Keypair::from_seed(&[99; 32])),
            signed: false,
        };
        let config = Arc::new(russh::client::Config::default());
        let mut session = russh::client::connect(config, server.address, Client)
            .await
            .expect("connect");
        let result = session
            .authenticate_publickey_with("alice", offered, None, &mut signer)
            .await;
        let accepted = matches!(
            result,
            Ok(russh::client::AuthResult::Success)
                | Ok(russh::client::AuthResult::Failure {
                    partial_success: true,
                    ..
                })
        );
        assert!(
            signer.signed,
            "the offered key was accepted, so a signature was sent"
        );
        assert!(
            !accepted,
            "a signature by another key proves nothing: {result:?}"
        );

        genuine_login_works(&server, &alice).await;
    }
);

on_both_backends!(
    attack_floods_keep_memory_bounded,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let alice = customer_alice(&server).await;
        let before = common::resident_kib();

        // Each connection announces a packet of almost 4 GiB or floods
        // lines before its version; a server that buffered either would
        // grow by gigabytes.
        let lines = "x\r\n".repeat(10_000);
        for round in 0..40 {
            let bytes = if round % 2 == 0 {
                oversized_packet()
            } else {
                lines.clone().into_bytes()
            };
            assert!(
                send_raw(&server, &bytes).await,
                "round {round}: the server disconnects"
            );
        }

        let grown_mib = common::resident_kib().saturating_sub(before) / 1024;
        eprintln!("resident memory grew by {grown_mib} MiB over 40 attack connections");
        // Other tests of this binary run at the same time, so the bound is
        // loose; a buffered 4 GiB packet would exceed it many times over.
        assert!(grown_mib < 256, "resident memory grew by {grown_mib} MiB");
        genuine_login_works(&server, &alice).await;
    }
);

/// Starts keyboard-interactive after alice's password and answers the
/// prompt with `answers`; returns the server's reply, or `None` when it
/// closed the connection.
async fn answer_prompt(
    session: &mut russh::client::Handle<Client>,
    answers: Vec<String>,
) -> Option<russh::client::KeyboardInteractiveAuthResponse> {
    use russh::client::KeyboardInteractiveAuthResponse as Response;
    let started = session
        .authenticate_keyboard_interactive_start("alice", None::<String>)
        .await
        .ok()?;
    assert!(
        matches!(started, Response::InfoRequest { ref prompts, .. } if prompts.len() == 1),
        "one prompt expected: {started:?}"
    );
    session
        .authenticate_keyboard_interactive_respond(answers)
        .await
        .ok()
}

on_both_backends!(
    keyboard_interactive_answer_flood_rejected,
    |store: Store, _url: String| async move {
        use russh::client::KeyboardInteractiveAuthResponse as Response;
        let server = TestServer::start(&store).await;
        let alice = customer_alice(&server).await;

        // A genuine session stays open through the attack and must keep
        // working.
        let (genuine, outcome) =
            password_login(server.address, "alice", PASSWORD, &alice.code()).await;
        assert_eq!(outcome, Login::Success);

        // russh's client writes the answer count from the answers it sends,
        // so it cannot claim billions of answers it does not send. The
        // server's bound on a claimed count is russh 0.65's parser, which
        // caps it by the bytes left in the packet; these cases send the most
        // answers and the longest answer that fit in one 256 KiB packet.
        let cases: [(&str, Vec<String>, &str); 3] = [
            (
                "60,000 empty answers to one prompt",
                vec![String::new(); 60_000],
                "rejected: answer count",
            ),
            (
                "one answer of 200 KB",
                vec!["7".repeat(200_000)],
                "rejected: answer too long",
            ),
            (
                "a code followed by 5,000 more answers",
                std::iter::once(alice.next_code())
                    .chain(std::iter::repeat_n("0".repeat(40), 5_000))
                    .collect(),
                "rejected: answer count",
            ),
        ];
        // Every password is checked before memory is measured, because each
        // argon2 hash on a new blocking thread grows the allocator's arenas.
        let mut sessions = Vec::new();
        for _ in 0..=cases.len() {
            let mut session = common::connect(server.address).await;
            let first = session
                .authenticate_password("alice", PASSWORD)
                .await
                .expect("password request");
            assert!(matches!(
                first,
                russh::client::AuthResult::Failure {
                    partial_success: true,
                    ..
                }
            ));
            sessions.push(session);
        }
        let before = common::resident_kib();

        for ((case, answers, expected), mut session) in cases.into_iter().zip(sessions.drain(1..)) {
            let started = std::time::Instant::now();
            let reply = answer_prompt(&mut session, answers).await;
            eprintln!("{case}: server replied in {:?}", started.elapsed());
            assert!(
                matches!(reply, Some(Response::Failure { .. }) | None),
                "{case}: {reply:?}"
            );
            let history: Vec<(String,)> = sqlx::query_as(
                "SELECT outcome FROM login_history WHERE handle = 'alice' ORDER BY id DESC LIMIT 1",
            )
            .fetch_all(store.pool())
            .await
            .expect("login history");
            assert_eq!(history, vec![(expected.to_string(),)], "{case}");
        }

        // An info response larger than russh's packet limit ends the
        // connection before any handler runs.
        let mut session = sessions.remove(0);
        let reply = answer_prompt(&mut session, vec![String::new(); 80_000]).await;
        assert!(
            !matches!(reply, Some(Response::Success)),
            "an oversized packet logs nobody in: {reply:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(session.is_closed(), "the server disconnects");

        // No code was checked, so no failure counts against the account.
        let (failures,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(MAX(totp_failures), 0) FROM login_throttle WHERE user_id = $1",
        )
        .bind(alice.id)
        .fetch_one(store.pool())
        .await
        .expect("throttle state");
        assert_eq!(failures, 0, "malformed answers are not code checks");

        let grown_mib = common::resident_kib().saturating_sub(before) / 1024;
        eprintln!("resident memory grew by {grown_mib} MiB over the answer floods");
        assert!(grown_mib < 256, "resident memory grew by {grown_mib} MiB");
        assert!(!genuine.is_closed(), "the genuine session is still open");
        let channel = genuine
            .channel_open_session()
            .await
            .expect("the genuine session still opens channels");
        drop(channel);
        genuine_login_works(&server, &alice).await;
    }
);
