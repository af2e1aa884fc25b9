//! The whole request journey on the demo data, over SSH with a russh
//! client: a customer opens a request from an invoice, an agent takes it
//! from the unassigned view, asks for a missing document beside an internal
//! note, the customer sees the change live and supplies the document, the
//! agent approves and closes it, and the customer rates it. On SQLite and
//! PostgreSQL.

mod common;

use std::time::Duration;

use common::{Login, Screen, TestServer, open_shell, password_login, wait_for};
use portico::auth::totp;
use portico::service::demo::{DemoAccount, DemoOutcome};
use portico::store::Store;

const WAIT: Duration = Duration::from_secs(10);
/// Maximum time for a change in one session to reach another one.
const LIVE: Duration = Duration::from_secs(1);
const NOTE: &str = "Same claim was refused in 2024";

fn code(account: &DemoAccount) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |time| time.as_secs());
    totp::code_at(account.totp_secret.as_deref().expect("enrolled"), now).expect("code")
}

/// A logged-in terminal session.
struct Terminal {
    channel: russh::Channel<russh::client::Msg>,
    screen: Screen,
    _session: russh::client::Handle<common::Client>,
}

impl Terminal {
    async fn open(server: &TestServer, account: &DemoAccount) -> Terminal {
        let (session, outcome) = password_login(
            server.address,
            &account.handle,
            &account.password,
            &code(account),
        )
        .await;
        assert_eq!(outcome, Login::Success, "{} logs in", account.handle);
        let channel = open_shell(&session, 120, 40).await;
        let mut terminal = Terminal {
            channel,
            screen: Screen::new(120, 40),
            _session: session,
        };
        terminal.expect("Dashboard").await;
        terminal
    }

    async fn press(&mut self, keys: &str) {
        self.channel.data(keys.as_bytes()).await.expect("send keys");
    }

    async fn expect_within(&mut self, needle: &str, within: Duration) {
        assert!(
            wait_for(&mut self.channel, &mut self.screen, needle, within).await,
            "{needle:?} not shown:\n{}",
            self.screen.text()
        );
    }

    async fn expect(&mut self, needle: &str) {
        self.expect_within(needle, WAIT).await;
    }
}

on_both_backends!(
    demo_request_journey,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let DemoOutcome::Seeded(accounts) = server.portal.seed_demo().await.expect("demo") else {
            panic!("the test database is empty");
        };
        let account = |handle: &str| {
            accounts
                .iter()
                .find(|account| account.handle == handle)
                .cloned()
                .expect("demo account")
        };

        // The customer opens a request from an invoice.
        let mut alice = Terminal::open(&server, &account("alice")).await;
        alice.press("2").await;
        alice.expect("Invoice").await;
        alice.press("/Invoice\r").await;
        // The search runs on the server: wait for its rows before choosing.
        alice.expect("filter \"Invoice\"").await;
        alice.expect("› Invoice").await;
        alice.press("n").await;
        alice.expect("is attached").await;
        alice.press("March is billed twice").await;
        alice.press("\t\t").await;
        alice.press("Please check the invoice.").await;
        alice.press("\x13").await;
        alice.expect("opened.").await;

        // The agent takes it from the unassigned view.
        let mut sam = Terminal::open(&server, &account("sam")).await;
        sam.press("3").await;
        sam.expect("Status").await;
        sam.press("v").await;
        sam.expect("[Unassigned").await;
        // Older demo requests are overdue and come first; the filter finds
        // the new one.
        sam.press("/March is billed\r").await;
        // The server filters: wait for the one matching request.
        sam.expect("[Unassigned 1]").await;
        sam.press("\r").await;
        sam.expect("March is billed twice").await;
        sam.expect("Opened from: Documents: Invoice").await;
        sam.press("a").await;
        sam.expect("Assigned to Sam Patel").await;

        // The customer follows the request from its thread.
        alice.press("\r").await;
        alice.expect("Handled by: Sam Patel").await;

        // The agent asks for a missing document, with an internal note.
        sam.press("s").await;
        sam.expect("2  Missing document").await;
        sam.press("2").await;
        sam.press("\x15Send your 2026 certificate\r").await;
        sam.expect("changed to missing document").await;
        alice
            .expect_within("Next step: Send your 2026 certificate", LIVE)
            .await;
        alice.expect("Status: Missing document").await;

        sam.press("i").await;
        sam.press(NOTE).await;
        sam.press("\x13").await;
        sam.expect("Internal note saved.").await;
        sam.expect(NOTE).await;
        sam.expect("INTERNAL").await;
        assert!(
            !wait_for(&mut alice.channel, &mut alice.screen, NOTE, LIVE).await,
            "{}",
            alice.screen.text()
        );

        // The customer supplies the document, which resumes the review.
        alice.press("d").await;
        alice.expect("Attach a document").await;
        alice.press("1").await;
        alice.expect("Document attached.").await;
        alice.expect("Status: Under review").await;
        sam.expect_within("Status: Under review", LIVE).await;

        // The agent approves, then closes with "done, next".
        sam.press("s").await;
        sam.expect("2  Approved").await;
        sam.press("2").await;
        sam.press("\x15Refund paid within 5 days\r").await;
        sam.expect("changed to approved").await;
        alice.expect_within("Status: Approved", LIVE).await;
        sam.press("D").await;
        sam.expect("Closed.").await;
        alice.expect_within("Status: Closed", LIVE).await;

        // The customer rates the closed request after confirming.
        alice.press("*").await;
        alice.expect("Press 1 (poor) to 5").await;
        alice.press("5").await;
        alice.press("Quick and clear\r").await;
        alice.expect("Send rating 5 of 5").await;
        alice.press("y").await;
        alice.expect("Thank you for your rating.").await;
        alice.expect("Rating: 5 of 5").await;
        assert!(
            !alice.screen.text().contains(NOTE),
            "{}",
            alice.screen.text()
        );
    }
);
