//! Hostile text in every field a user, a document or a file name can
//! fill, drawn on every screen through the real SSH channel. The bytes
//! sent to the client must carry no escape sequence from the data, no C1
//! control character and no bidirectional control; on SQLite and
//! PostgreSQL.

mod common;

use std::time::Duration;

use common::{Screen, TestServer, open_shell, password_login};
use portico::auth::totp;
use portico::service::demo::DemoOutcome;
use portico::store::Store;

/// One value of every kind of hostile text: CSI, OSC 52 (clipboard),
/// OSC 8 (hyperlink), DCS, a C1 CSI, the C1 NEL, bidi overrides and
/// isolates, backspace, bell and line breaks. Each sequence is one a
/// renderer never sends, so finding it in the output proves a leak.
const HOSTILE: &str = "\u{1b}[1337m\u{1b}]52;c;SElKQUNL\u{7}\u{1b}]8;;http://evil.example/\u{1b}\\link\u{1b}]8;;\u{1b}\\\u{1b}P1$r\u{1b}\\\u{9b}6n\u{85}\u{202a}\u{202b}\u{202c}\u{202d}\u{202e}\u{2066}\u{2067}\u{2068}\u{2069}\u{8}\u{7}\r\n\u{1b}[6n";

/// Every text column a user, a document or a client can fill, with the
/// key that keeps unique columns unique.
const FIELDS: &[(&str, &str)] = &[
    ("organisations", "name"),
    ("users", "display_name"),
    ("users", "email"),
    ("contracts", "number"),
    ("contracts", "product"),
    ("contracts", "deadline_label"),
    ("documents", "title"),
    ("documents", "kind"),
    ("requests", "subject"),
    ("requests", "next_step"),
    ("request_events", "next_step"),
    ("messages", "body"),
    ("notifications", "title"),
    ("notifications", "body"),
    ("login_history", "peer"),
    ("login_history", "method"),
    ("login_history", "outcome"),
    ("audit_entries", "target"),
    ("audit_entries", "detail"),
    ("documents", "body_text"),
    ("documents", "period"),
    ("documents", "file_name"),
    ("contracts", "options"),
    ("requests", "rating_comment"),
    ("login_history", "client_version"),
    ("sessions", "peer"),
    ("kb_articles", "title"),
    ("kb_articles", "category"),
    ("kb_articles", "body"),
    ("canned_replies", "title"),
    ("canned_replies", "body"),
];

/// Fills every field with the hostile text, then a label that stays
/// readable and the row id, which keeps unique columns unique. One message
/// body gets a very long line.
async fn poison(store: &Store) {
    for (table, column) in FIELDS {
        let sql = format!("UPDATE {table} SET {column} = $1 || '{column} ' || CAST(id AS TEXT)");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(HOSTILE)
            .execute(store.pool())
            .await
            .unwrap_or_else(|error| panic!("poison {table}.{column}: {error}"));
    }
    let long_line = format!("{HOSTILE}{}", "long line ".repeat(2000));
    sqlx::query("UPDATE messages SET body = $1 WHERE id = (SELECT MIN(id) FROM messages)")
        .bind(long_line)
        .execute(store.pool())
        .await
        .expect("long message");
}

/// Returns why `output` is unsafe for a terminal, or `None`. An ESC may
/// only start a CSI sequence as the renderer writes them, with parameters
/// and then a final byte among those it uses. Anything else came from the
/// data.
fn unsafe_output(output: &[u8]) -> Option<String> {
    const RENDERER_FINALS: &[u8] = b"mHJKhlABCDGdXrSTtq";
    let mut index = 0;
    while index < output.len() {
        let byte = output[index];
        match byte {
            0x1b => {
                if output.get(index + 1) != Some(&b'[') {
                    return Some(format!(
                        "ESC not followed by [ at byte {index}: {:?}",
                        snippet(output, index)
                    ));
                }
                let mut end = index + 2;
                while end < output.len() && matches!(output[end], b'0'..=b'9' | b';' | b'?' | b':')
                {
                    end += 1;
                }
                let parameters = &output[index + 2..end.min(output.len())];
                let Some(&last) = output.get(end) else {
                    return Some(format!("unterminated CSI at byte {index}"));
                };
                if !RENDERER_FINALS.contains(&last) || parameters == b"1337" {
                    return Some(format!(
                        "foreign CSI at byte {index}: {:?}",
                        snippet(output, index)
                    ));
                }
                index = end + 1;
                continue;
            }
            b'\r' | b'\n' => {}
            0x00..=0x1f | 0x7f => {
                return Some(format!(
                    "C0 control {byte:#04x} at byte {index}: {:?}",
                    snippet(output, index)
                ));
            }
            0xc2 if matches!(output.get(index + 1), Some(0x80..=0x9f)) => {
                return Some(format!(
                    "C1 control at byte {index}: {:?}",
                    snippet(output, index)
                ));
            }
            0xe2 => {
                let next = (output.get(index + 1), output.get(index + 2));
                let bidi = matches!(next, (Some(0x80), Some(0xaa..=0xae)))
                    || matches!(next, (Some(0x81), Some(0xa6..=0xa9)));
                if bidi {
                    return Some(format!(
                        "bidi control at byte {index}: {:?}",
                        snippet(output, index)
                    ));
                }
            }
            _ => {}
        }
        index += 1;
    }
    None
}

fn snippet(output: &[u8], index: usize) -> String {
    let start = index.saturating_sub(20);
    let end = (index + 40).min(output.len());
    String::from_utf8_lossy(&output[start..end]).into_owned()
}

#[test]
fn checker_finds_each_leak() {
    assert_eq!(
        unsafe_output(b"\x1b[1;1H\x1b[38;5;12mtext\x1b[0m\r\n"),
        None
    );
    for hostile in [
        &b"\x1b]52;c;SElKQUNL\x07"[..],
        b"\x1b[1337m",
        b"\x1b[6n",
        b"\x1bP1$r\x1b\\",
        "\u{9b}6n".as_bytes(),
        "\u{202e}".as_bytes(),
        "\u{2066}".as_bytes(),
        b"\x07",
        b"\x08",
    ] {
        assert!(unsafe_output(hostile).is_some(), "{hostile:?}");
    }
}

/// Reads output for `settle`, appending the raw bytes and feeding the
/// screen.
async fn collect(
    channel: &mut russh::Channel<russh::client::Msg>,
    screen: &mut Screen,
    output: &mut Vec<u8>,
    settle: Duration,
) {
    let deadline = tokio::time::Instant::now() + settle;
    while let Ok(Some(message)) = tokio::time::timeout_at(deadline, channel.wait()).await {
        if let russh::ChannelMsg::Data { data } = message {
            output.extend_from_slice(&data);
            screen.parser.process(&data);
        }
    }
}

on_both_backends!(
    hostile_text_never_reaches_terminal,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let DemoOutcome::Seeded(accounts) = server.portal.seed_demo().await.expect("demo data")
        else {
            panic!("the test database is empty");
        };
        poison(&store).await;

        for handle in ["alice", "sam"] {
            let account = accounts
                .iter()
                .find(|account| account.handle == handle)
                .expect("demo account");
            let secret = account.totp_secret.as_deref().expect("enrolled");
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("clock")
                .as_secs();
            let code = totp::code_at(secret, now).expect("code");
            let (session, outcome) =
                password_login(server.address, handle, &account.password, &code).await;
            assert_eq!(outcome, common::Login::Success, "{handle} logs in");

            let mut channel = open_shell(&session, 120, 40).await;
            let mut screen = Screen::new(120, 40);
            let mut output = Vec::new();
            // Every screen, an opened item on each list, the contracts tab,
            // the notification centre, help article suggestions for a new
            // request's subject, and the help.
            let keys: &[&[u8]] = &[
                b"", b"2", b"\r", b"\x1b", b"c", b"\x1b", b"3", b"\r", b"\x1b", b"4", b"\r",
                b"\x1b", b"5", b"6", b"l", b"l", b"?", b"\x1b", b"1", b"N", b"\x1b", b"n",
                b"invoice", b"\x1b", b"y", b"1",
            ];
            let mut seen_hostile_text = false;
            for key in keys {
                if !key.is_empty() {
                    channel.data(*key).await.expect("key");
                }
                collect(
                    &mut channel,
                    &mut screen,
                    &mut output,
                    Duration::from_millis(400),
                )
                .await;
                seen_hostile_text |= screen.text().contains("SElKQUNL");
            }
            assert!(
                seen_hostile_text,
                "{handle}: the poisoned fields were drawn: {}",
                screen.text()
            );
            if let Some(problem) = unsafe_output(&output) {
                panic!("{handle}: {problem}");
            }
        }
    }
);
