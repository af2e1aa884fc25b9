//! An idle session frees its screen buffers and redraws in full at its
//! next key or resize. Each check feeds only the bytes sent after the
//! release into a terminal filled with garbage, and compares the result
//! with the screen of a fresh session on the same connection. On SQLite
//! and PostgreSQL.

mod common;

use std::time::Duration;

use common::{Screen, TestServer, open_shell, wait_for};
use portico::domain::RequestCategory;
use portico::service::requests::RequestDraft;
use portico::ssh::Limits;
use portico::ssh::session::END_FRAME;
use portico::store::Store;

const WAIT: Duration = Duration::from_secs(10);
/// The idle time after which the test server frees a session's buffers.
const RELEASE_AFTER: Duration = Duration::from_millis(300);
const SUBJECT: &str = "Router blinks red";

async fn start_server(store: &Store) -> TestServer {
    TestServer::start_with(
        store,
        Limits {
            idle_timeout: Duration::from_secs(300),
            stall_timeout: Duration::from_secs(3),
            auth_failure_delay: Duration::from_millis(50),
            penalties: None,
            idle_release: RELEASE_AFTER,
            ..Limits::default()
        },
    )
    .await
}

/// Returns a screen of `cols` x `rows` with an X in every cell, so any
/// cell that a frame leaves out shows.
fn garbage_screen(cols: u16, rows: u16) -> Screen {
    let mut screen = Screen::new(cols, rows);
    let row = "X".repeat(usize::from(cols));
    for index in 0..rows {
        screen.parser.process(row.as_bytes());
        if index + 1 < rows {
            screen.parser.process(b"\r\n");
        }
    }
    screen
}

/// Lists the cells whose character, colors or attributes differ, at most
/// ten. A blank cell equals a space, since a terminal shows both alike.
fn cell_differences(actual: &Screen, expected: &Screen) -> Vec<String> {
    let (rows, cols) = expected.parser.screen().size();
    let describe = |screen: &Screen, row: u16, col: u16| {
        screen.parser.screen().cell(row, col).map(|cell| {
            let contents = cell.contents();
            let symbol = if contents.is_empty() { " " } else { &contents };
            format!(
                "{symbol:?} fg {:?} bg {:?} bold {} italic {} underline {} inverse {}",
                cell.fgcolor(),
                cell.bgcolor(),
                cell.bold(),
                cell.italic(),
                cell.underline(),
                cell.inverse()
            )
        })
    };
    let mut differences = Vec::new();
    for row in 0..rows {
        for col in 0..cols {
            let (got, want) = (describe(actual, row, col), describe(expected, row, col));
            if got != want && differences.len() < 10 {
                differences.push(format!("row {row} col {col}: {got:?} instead of {want:?}"));
            }
        }
    }
    differences
}

/// Reads channel output into `screen` until a frame ends; returns whether
/// one did in time.
async fn read_frame(channel: &mut russh::Channel<russh::client::Msg>, screen: &mut Screen) -> bool {
    let deadline = tokio::time::Instant::now() + WAIT;
    let mut received = Vec::new();
    loop {
        match tokio::time::timeout_at(deadline, channel.wait()).await {
            Ok(Some(russh::ChannelMsg::Data { data })) => {
                screen.parser.process(&data);
                received.extend_from_slice(&data);
                if received
                    .windows(END_FRAME.len())
                    .any(|window| window == END_FRAME)
                {
                    return true;
                }
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return false,
        }
    }
}

/// Opens a shell of `cols` x `rows` and waits until the Requests screen
/// lists the test request.
async fn requests_shell(
    session: &russh::client::Handle<common::Client>,
    cols: u16,
    rows: u16,
) -> (russh::Channel<russh::client::Msg>, Screen) {
    let mut channel = open_shell(session, u32::from(cols), u32::from(rows)).await;
    let mut screen = Screen::new(cols, rows);
    assert!(
        wait_for(&mut channel, &mut screen, "Dashboard", WAIT).await,
        "{}",
        screen.text()
    );
    channel.data(&b"3"[..]).await.expect("key");
    assert!(
        wait_for(&mut channel, &mut screen, SUBJECT, WAIT).await,
        "{}",
        screen.text()
    );
    // Let the last frames of the load arrive.
    wait_for(
        &mut channel,
        &mut screen,
        "\u{0}",
        Duration::from_millis(300),
    )
    .await;
    (channel, screen)
}

async fn open_request(server: &TestServer, store: &Store, account_id: i64) {
    let principal = common::principal_of(store, account_id).await;
    server
        .portal
        .open_request(
            &principal,
            &RequestDraft {
                subject: SUBJECT.to_string(),
                category: RequestCategory::Technical,
                body: "details".to_string(),
                document_id: None,
                contract_id: None,
            },
        )
        .await
        .expect("open request");
}

on_both_backends!(
    idle_session_redraws_in_full_on_key,
    |store: Store, _url: String| async move {
        let server = start_server(&store).await;
        let (alice, session) = common::customer_login(&server).await;
        open_request(&server, &store, alice.id).await;

        let (mut idle, _) = requests_shell(&session, 100, 30).await;
        tokio::time::sleep(RELEASE_AFTER * 3).await;

        // j on a one-row list changes nothing, so a redraw that only sent
        // changed cells would leave the garbage in place.
        let mut redrawn = garbage_screen(100, 30);
        idle.data(&b"j"[..]).await.expect("key");
        assert!(
            read_frame(&mut idle, &mut redrawn).await,
            "no frame after the key"
        );

        let (mut fresh, mut expected) = requests_shell(&session, 100, 30).await;
        fresh.data(&b"j"[..]).await.expect("key");
        read_frame(&mut fresh, &mut expected).await;

        assert!(!redrawn.text().contains('X'), "{}", redrawn.text());
        assert_eq!(redrawn.text(), expected.text());
        assert_eq!(cell_differences(&redrawn, &expected), Vec::<String>::new());
    }
);

on_both_backends!(
    idle_session_redraws_after_resize,
    |store: Store, _url: String| async move {
        let server = start_server(&store).await;
        let (alice, session) = common::customer_login(&server).await;
        open_request(&server, &store, alice.id).await;

        let (mut idle, _) = requests_shell(&session, 80, 24).await;
        tokio::time::sleep(RELEASE_AFTER * 3).await;

        let mut redrawn = garbage_screen(120, 40);
        idle.window_change(120, 40, 0, 0).await.expect("resize");
        assert!(
            read_frame(&mut idle, &mut redrawn).await,
            "no frame after the resize"
        );

        let (_fresh, expected) = requests_shell(&session, 120, 40).await;

        assert!(!redrawn.text().contains('X'), "{}", redrawn.text());
        assert_eq!(redrawn.text(), expected.text());
        assert_eq!(cell_differences(&redrawn, &expected), Vec::<String>::new());
    }
);
