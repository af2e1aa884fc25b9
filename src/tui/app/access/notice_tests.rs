//! Tests of notices in the plain mode, where a notice is read once, and in
//! the normal mode, where it stays on the status line.

use crate::domain::Role;
use crate::service::login::EnrolmentOffer;
use crate::tui::screens::fixtures::{
    char_key, ctrl, draw, key, plain, principal, theme, thread_app, type_text,
};
use crate::tui::{App, CommandResult, Event, KeyCode, StartMode};

/// Returns `app` with a reply sent from the open thread, "Reply sent." in
/// its notice.
fn replied(mut app: App) -> App {
    app.handle(char_key('r'));
    type_text(&mut app, "Thanks");
    app.handle(ctrl('s'));
    app.handle(Event::Done(CommandResult::Replied { request_id: 123 }));
    app
}

#[test]
fn plain_notice_shown_after_action() {
    let mut app = replied(plain(thread_app()));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Reply sent."), "{screen}");
}

#[test]
fn plain_notice_dropped_on_next_key() {
    let mut app = replied(plain(thread_app()));
    draw(&mut app, 80, 24);
    app.handle(char_key('1'));
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("Dashboard, screen 1\u{a0}of\u{a0}6"),
        "{screen}"
    );
    assert!(!screen.contains("Reply sent."), "{screen}");
}

#[test]
fn plain_notice_kept_while_paging() {
    let mut app = replied(plain(thread_app()));
    draw(&mut app, 80, 24);
    app.handle(char_key('['));
    app.handle(char_key(']'));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Reply sent."), "{screen}");
}

#[test]
fn plain_notice_dropped_by_next_result() {
    let offer = EnrolmentOffer {
        secret: "JBSWY3DPEHPK3PXP".to_string(),
        url: "otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXP&issuer=Portico".to_string(),
        renew_password: false,
        first_login: false,
    };
    let (app, _) = App::new(
        principal(Role::Customer),
        theme(),
        StartMode::Enrolment(offer),
        80,
        24,
    );
    let mut app = plain(app);
    type_text(&mut app, "123456");
    app.handle(key(KeyCode::Enter));
    let checking = draw(&mut app, 80, 24);
    assert!(checking.contains("Checking the code…"), "{checking}");

    app.handle(Event::Done(CommandResult::Enrolled {
        recovery_codes: vec!["abcd-efgh".to_string()],
    }));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("abcd-efgh"), "{screen}");
    assert!(!screen.contains("Checking the code…"), "{screen}");
}

#[test]
fn normal_notice_stays_on_status_line() {
    let mut app = replied(thread_app());
    draw(&mut app, 80, 24);
    app.handle(char_key('1'));
    let screen = draw(&mut app, 80, 24);
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("Reply sent."), "{screen}");
}
