//! Tests of the request features across screens: agent views and bulk
//! actions, thread prompts, live updates, the notification centre and
//! knowledge base suggestions.

use crate::domain::regional::{Language, Regional};
use crate::domain::sla::{Clock, SlaStatus};
use crate::domain::{RequestCategory, RequestState, Role};
use crate::notify::{LiveEvent, LiveEventKind};
use crate::service::requests::{RequestDetail, StaffContext};
use crate::store::kb::ArticleRecord;
use crate::store::lifecycle::{ContractSummary, DocumentSummary, ParticipantRecord};
use crate::store::notifications::NotificationRecord;
use crate::store::requests::{AssigneeFilter, RequestRecord};
use crate::tui::screens::fixtures::{
    MARCH_FIRST, char_key, check_plain, ctrl, detail, draw, key, message, principal, request,
    requests_app, theme, thread_app, type_text,
};
use crate::tui::screens::request_filters::RequestFilters;
use crate::tui::{
    App, Command, CommandResult, Effect, Event, KeyCode, Load, Loaded, RequestQueryKey, StartMode,
};

fn agent_app() -> App {
    App::new(
        principal(Role::Agent),
        theme(),
        StartMode::Dashboard,
        120,
        30,
    )
    .0
}

fn assigned(mut record: RequestRecord, assignee: i64) -> RequestRecord {
    record.assignee_id = Some(assignee);
    record.assignee_name = Some("Alice Example".to_string());
    record
}

/// Builds an agent's app on the Requests screen with four requests: one
/// unassigned, one of the agent's own, one waiting on the customer and
/// one closed.
fn agent_requests_app() -> App {
    let mut app = agent_app();
    app.handle(char_key('3'));
    app.handle(Event::Loaded(Loaded::Requests(vec![
        request(1, "Unassigned invoice", "received", 0, 1),
        assigned(request(2, "My contract change", "under-review", 0, 1), 7),
        assigned(request(3, "Waiting claim", "missing-document", 0, 1), 8),
        request(4, "Old closed one", "closed", 0, 1),
    ])));
    app
}

fn staff_detail(state: &str) -> RequestDetail {
    let mut detail = detail(Vec::new());
    detail.request.state = state.to_string();
    detail.context = Some(StaffContext {
        organisation: "Northwind Ltd".to_string(),
        ..StaffContext::default()
    });
    detail
}

/// Opens request 123 in the thread view of `app`, which must be on the
/// Requests screen with request 123 selected, and loads `detail`.
fn open_thread(app: &mut App, detail: RequestDetail) {
    app.handle(key(KeyCode::Enter));
    app.handle(Event::Loaded(Loaded::Request(Box::new(detail))));
}

fn agent_thread_app(state: &str) -> App {
    let mut app = agent_app();
    app.handle(char_key('3'));
    app.handle(Event::Loaded(Loaded::Requests(vec![
        request(123, "Invoice 2026-02 is too high", state, 0, 1),
        request(124, "Next in line", "received", 0, 0),
    ])));
    if state == "closed" {
        // Closed requests are only in the view of all requests.
        app.handle(char_key('V'));
    }
    open_thread(&mut app, staff_detail(state));
    app
}

fn customer_thread_app(state: &str) -> App {
    let mut app = requests_app();
    let mut detail = detail(Vec::new());
    detail.request.state = state.to_string();
    open_thread(&mut app, detail);
    app
}

fn event(kind: LiveEventKind, actor: i64) -> Event {
    Event::Live(LiveEvent {
        request_id: Some(123),
        organisation_id: Some(1),
        actor_id: Some(actor),
        actor_name: "Dana Agent".to_string(),
        ..LiveEvent::new(kind)
    })
}

#[test]
fn agent_views_show_counts() {
    let mut app = agent_requests_app();
    let screen = draw(&mut app, 160, 30);
    assert!(screen.contains("[All open 3]"), "{screen}");
    assert!(screen.contains("Unassigned 1"), "{screen}");
    assert!(screen.contains("Mine 1"), "{screen}");
    assert!(screen.contains("Waiting on customer 1"), "{screen}");
    assert!(!screen.contains("Old closed one"), "{screen}");

    app.handle(char_key('v'));
    let screen = draw(&mut app, 160, 30);
    assert!(screen.contains("[Unassigned 1]"), "{screen}");
    assert!(screen.contains("Unassigned invoice"), "{screen}");
    assert!(!screen.contains("My contract change"), "{screen}");

    app.handle(char_key('v'));
    let screen = draw(&mut app, 160, 30);
    assert!(screen.contains("My contract change"), "{screen}");
    assert!(!screen.contains("Waiting claim"), "{screen}");
}

#[test]
fn agent_organisation_filter_follows_selection() {
    let mut app = agent_requests_app();
    let filters = loaded_filters(&app.handle(char_key('o'))).expect("reload");
    assert_eq!(
        filters.organisation,
        Some((1, "Northwind Ltd".to_string())),
        "the selected request's organisation"
    );
    let screen = draw(&mut app, 160, 30);
    assert!(
        screen.contains("organisation Northwind Ltd (o)"),
        "{screen}"
    );
    let filters = loaded_filters(&app.handle(char_key('o'))).expect("reload");
    assert_eq!(filters.organisation, None, "o again clears the filter");
}

#[test]
fn agent_words_wait_for_enter() {
    let mut app = agent_requests_app();
    app.handle(char_key('/'));
    type_text(&mut app, "zzz");
    let screen = draw(&mut app, 160, 30);
    assert!(
        screen.contains("Unassigned invoice"),
        "typing alone filters nothing: {screen}"
    );
    let filters = loaded_filters(&app.handle(key(KeyCode::Enter))).expect("reload");
    assert_eq!(filters.words, "zzz");
}

#[test]
fn marked_requests_are_assigned_together() {
    let mut app = agent_requests_app();
    app.handle(char_key('m'));
    app.handle(char_key('j'));
    app.handle(char_key(' '));
    assert!(draw(&mut app, 160, 30).contains("2 marked"));
    let effects = app.handle(char_key('a'));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::Assign {
            request_ids: vec![1, 2],
            handle: None
        })]
    );
    let effects = app.handle(Event::Done(CommandResult::RequestsChanged {
        request_ids: vec![1, 2],
        message: "2 requests assigned to Alice Example.".to_string(),
    }));
    assert_eq!(
        effects,
        vec![Effect::Load(Load::Requests(RequestQueryKey::default()))]
    );
    assert!(!draw(&mut app, 160, 30).contains("marked"));
}

#[test]
fn bulk_close_uses_selection_without_marks() {
    let mut app = agent_requests_app();
    let effects = app.handle(char_key('x'));
    let Some(Effect::Run(Command::CloseMany {
        request_ids,
        next_step,
    })) = effects.first()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(request_ids, &vec![1]);
    assert!(next_step.contains("Reopen"), "{next_step}");
}

#[test]
fn state_change_asks_for_next_step() {
    let mut app = agent_thread_app("under-review");
    app.handle(char_key('s'));
    let screen = draw(&mut app, 120, 30);
    assert!(screen.contains("Change the state"), "{screen}");
    assert!(screen.contains("1  Missing document"), "{screen}");
    assert!(screen.contains("2  Approved"), "{screen}");

    assert!(app.handle(char_key('9')).is_empty());
    assert!(draw(&mut app, 120, 30).contains("Press a digit from 1 to"));
    app.handle(char_key('1'));
    // The suggested next step is editable: clear it and type another.
    for _ in 0..40 {
        app.handle(key(KeyCode::Backspace));
    }
    type_text(&mut app, "Send your 2026 certificate");
    let effects = app.handle(key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::ChangeState {
            request_id: 123,
            to: RequestState::MissingDocument,
            next_step: "Send your 2026 certificate".to_string(),
        })]
    );
    let effects = app.handle(Event::Done(CommandResult::RequestsChanged {
        request_ids: vec![123],
        message: "The request is now missing document.".to_string(),
    }));
    assert_eq!(effects, vec![Effect::Load(Load::Request(123))]);
}

#[test]
fn closed_request_offers_reopen_only() {
    let mut app = agent_thread_app("closed");
    app.handle(char_key('s'));
    let screen = draw(&mut app, 120, 30);
    assert!(screen.contains("1  Under review"), "{screen}");
    assert!(!screen.contains("2  "), "{screen}");
}

#[test]
fn internal_note_is_marked_and_signals_typing() {
    let mut app = agent_thread_app("under-review");
    let effects = app.handle(char_key('i'));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::SignalTyping { request_id: 123 })]
    );
    type_text(&mut app, "Checked twice");
    let screen = draw(&mut app, 120, 30);
    assert!(
        screen.contains("INTERNAL note, staff only · 13/4000"),
        "{screen}"
    );
    let effects = app.handle(ctrl('s'));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::AddNote {
            request_id: 123,
            body: "Checked twice".to_string()
        })]
    );
}

#[test]
fn agent_sees_context_and_keys() {
    let mut app = agent_thread_app("received");
    let screen = draw(&mut app, 120, 40);
    assert!(screen.contains("Context: Northwind Ltd"), "{screen}");
    assert!(screen.contains("Contracts: none"), "{screen}");
    app.handle(char_key('?'));
    let screen = draw(&mut app, 120, 40);
    for words in [
        "INTERNAL note",
        "assign to me",
        "change the state",
        "done: close",
    ] {
        assert!(screen.contains(words), "{words}: {screen}");
    }
}

#[test]
fn canned_reply_fills_composer() {
    let mut app = agent_app();
    app.handle(char_key('3'));
    app.handle(Event::Loaded(Loaded::Requests(vec![request(
        123, "Invoice", "received", 0, 1,
    )])));
    let mut detail = staff_detail("received");
    detail.canned = vec![crate::store::lifecycle::CannedReplyRecord {
        id: 1,
        title: "Greeting".to_string(),
        body: "Hello Alice".to_string(),
    }];
    open_thread(&mut app, detail);
    app.handle(char_key('c'));
    assert!(draw(&mut app, 120, 30).contains("1  Greeting"));
    app.handle(char_key('1'));
    let effects = app.handle(ctrl('s'));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::Reply {
            request_id: 123,
            body: "Hello Alice".to_string()
        })]
    );
}

#[test]
fn done_next_opens_next_request() {
    let mut app = agent_thread_app("under-review");
    let effects = app.handle(char_key('D'));
    assert!(
        matches!(
            effects.first(),
            Some(Effect::Run(Command::ChangeState {
                request_id: 123,
                to: RequestState::Closed,
                ..
            }))
        ),
        "{effects:?}"
    );
    let effects = app.handle(Event::Done(CommandResult::RequestsChanged {
        request_ids: vec![123],
        message: "The request is now closed.".to_string(),
    }));
    assert!(
        effects.contains(&Effect::Load(Load::Request(124))),
        "{effects:?}"
    );
}

#[test]
fn rating_needs_confirmation() {
    let mut app = customer_thread_app("closed");
    app.handle(char_key('*'));
    assert!(draw(&mut app, 100, 30).contains("Press 1 (poor) to 5"));
    app.handle(char_key('4'));
    type_text(&mut app, "Fast");
    assert!(app.handle(key(KeyCode::Enter)).is_empty());
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains("Send rating 4 of 5 with comment \"Fast\"? y/n"),
        "{screen}"
    );
    let effects = app.handle(char_key('y'));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::Rate {
            request_id: 123,
            rating: 4,
            comment: "Fast".to_string()
        })]
    );
}

#[test]
fn rating_refused_while_open() {
    let mut app = customer_thread_app("under-review");
    assert!(app.handle(char_key('*')).is_empty());
    assert!(draw(&mut app, 100, 30).contains("once it is closed"));
}

#[test]
fn withdraw_asks_first() {
    let mut app = customer_thread_app("received");
    app.handle(char_key('w'));
    assert!(app.handle(char_key('n')).is_empty());
    app.handle(char_key('w'));
    let effects = app.handle(char_key('y'));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::ChangeState {
            request_id: 123,
            to: RequestState::Closed,
            next_step: String::new(),
        })]
    );
}

#[test]
fn customer_attaches_document() {
    let mut app = requests_app();
    let mut detail = detail(Vec::new());
    detail.request.state = "missing-document".to_string();
    detail.attachable = vec![crate::store::lifecycle::DocumentSummary {
        id: 55,
        title: "Certificate 2026".to_string(),
        issue_date: "2026-01-05".to_string(),
        kind: "certificate".to_string(),
        size: 2048,
    }];
    open_thread(&mut app, detail);
    app.handle(char_key('d'));
    assert!(draw(&mut app, 100, 30).contains("1  Certificate 2026 · 2026-01-05"));
    let effects = app.handle(char_key('1'));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::Attach {
            request_id: 123,
            document_id: 55
        })]
    );
}

#[test]
fn customer_help_lists_actions() {
    let mut app = customer_thread_app("under-review");
    app.handle(char_key('?'));
    let screen = draw(&mut app, 100, 40);
    for words in [
        "attach a document",
        "withdraw",
        "reopen",
        "rate",
        "participant",
    ] {
        assert!(screen.contains(words), "{words}: {screen}");
    }
    assert!(!screen.contains("INTERNAL"), "{screen}");
}

#[test]
fn live_message_reloads_open_thread() {
    let mut app = customer_thread_app("under-review");
    let effects = app.handle(event(LiveEventKind::MessageAdded, 9));
    assert!(
        effects.contains(&Effect::Load(Load::Request(123))),
        "{effects:?}"
    );
    assert!(!draw(&mut app, 100, 30).contains("has just answered"));
}

#[test]
fn live_events_warn_other_agents() {
    let mut app = agent_thread_app("under-review");
    assert!(app.handle(event(LiveEventKind::Typing, 9)).is_empty());
    assert!(draw(&mut app, 120, 30).contains("Dana Agent is writing in this request."));
    app.handle(event(LiveEventKind::MessageAdded, 9));
    assert!(draw(&mut app, 120, 30).contains("Dana Agent has just answered this request."));

    // The agent's own events warn of nothing.
    let mut app = agent_thread_app("under-review");
    app.handle(event(LiveEventKind::MessageAdded, 7));
    assert!(!draw(&mut app, 120, 30).contains("has just answered"));
}

#[test]
fn live_event_skips_screens_with_forms() {
    let mut app = requests_app();
    app.handle(char_key('5'));
    assert!(
        app.handle(event(LiveEventKind::RequestChanged, 9))
            .is_empty()
    );
    app.handle(char_key('1'));
    assert_eq!(
        app.handle(event(LiveEventKind::RequestChanged, 9)),
        vec![Effect::Load(Load::Dashboard)]
    );
}

fn notification(id: i64, read: bool) -> NotificationRecord {
    NotificationRecord {
        id,
        kind: "status-change".to_string(),
        title: format!("R-2026-00012{id} is now approved"),
        body: "Next step: Refund paid within 5 days".to_string(),
        link: String::new(),
        created_at: crate::tui::screens::fixtures::MARCH_FIRST,
        read_at: read.then_some(crate::tui::screens::fixtures::MARCH_FIRST),
    }
}

#[test]
fn dashboard_badge_and_centre() {
    let mut app = crate::tui::screens::fixtures::app();
    app.handle(Event::Loaded(Loaded::Dashboard(Box::new(
        crate::service::overview::Dashboard {
            unread_notifications: 2,
            ..Default::default()
        },
    ))));
    assert!(draw(&mut app, 100, 30).contains("● 2 unread notifications"));

    assert_eq!(
        app.handle(char_key('N')),
        vec![Effect::Load(Load::Notifications)]
    );
    app.handle(Event::Loaded(Loaded::Notifications(vec![
        notification(2, false),
        notification(1, true),
    ])));
    let screen = draw(&mut app, 100, 30);
    assert!(screen.contains("Notifications · 1 unread of 2"), "{screen}");
    assert!(screen.contains("● new"), "{screen}");
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        vec![Effect::Run(Command::MarkNotificationRead { id: 2 })]
    );
    assert_eq!(
        app.handle(char_key('R')),
        vec![Effect::Run(Command::MarkAllNotificationsRead)]
    );
    let effects = app.handle(Event::Done(CommandResult::NotificationsChanged {
        message: "2 notifications marked read.".to_string(),
    }));
    assert_eq!(
        effects,
        vec![
            Effect::Load(Load::Notifications),
            Effect::Load(Load::Dashboard)
        ]
    );
    app.handle(key(KeyCode::Esc));
    assert!(!draw(&mut app, 100, 30).contains("Notifications ·"));
}

#[test]
fn subject_offers_articles() {
    let mut app = requests_app();
    app.handle(char_key('n'));
    type_text(&mut app, "Invoice too hig");
    let effects = app.handle(char_key('h'));
    let subject = "Invoice too high".to_string();
    assert_eq!(
        effects,
        vec![Effect::Load(Load::Suggestions(subject.clone()))]
    );

    let article = ArticleRecord {
        id: 3,
        slug: "invoice-higher".to_string(),
        title: "Why is my invoice higher than usual?".to_string(),
        category: "Billing".to_string(),
        body: "- usage above the **plan**".to_string(),
        updated_at: 0,
    };
    // A stale answer for an older subject is dropped.
    let stale = app.handle(Event::Loaded(Loaded::Suggestions {
        subject: "Invoice".to_string(),
        articles: vec![article.clone()],
    }));
    assert!(stale.is_empty());
    let effects = app.handle(Event::Loaded(Loaded::Suggestions {
        subject: subject.clone(),
        articles: vec![article],
    }));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::RecordSuggestions {
            subject,
            article_ids: vec![3]
        })]
    );
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains("Why is my invoice higher than usual? (Billing)"),
        "{screen}"
    );

    app.handle(ctrl('r'));
    let screen = draw(&mut app, 100, 30);
    assert!(screen.contains("• usage above the plan"), "{screen}");
    app.handle(key(KeyCode::Esc));
    app.handle(key(KeyCode::Tab));
    app.handle(key(KeyCode::Tab));
    type_text(&mut app, "Still unclear");
    let effects = app.handle(ctrl('s'));
    let Some(Effect::Run(Command::OpenRequest(draft))) = effects.first() else {
        panic!("{effects:?}");
    };
    assert_eq!(draft.offered_articles, vec![3]);
    assert_eq!(draft.context, "Requests: new request");
}

#[test]
fn customer_opens_general_conversation() {
    let mut app = crate::tui::screens::fixtures::app();
    app.handle(char_key('4'));
    assert_eq!(
        app.handle(char_key('g')),
        vec![Effect::Run(Command::OpenConversation)]
    );
    let effects = app.handle(Event::Done(CommandResult::ConversationOpened {
        request_id: 123,
    }));
    assert_eq!(effects, vec![Effect::Load(Load::Request(123))]);

    let mut detail = detail(Vec::new());
    detail.request.conversation = 1;
    app.handle(Event::Loaded(Loaded::Request(Box::new(detail))));
    assert!(app.handle(char_key('w')).is_empty());
    assert!(draw(&mut app, 100, 30).contains("The general conversation has no state"));
    app.handle(char_key('?'));
    let help = draw(&mut app, 100, 40);
    assert!(!help.contains("withdraw"), "{help}");
    assert!(help.contains("attach a document"), "{help}");
    app.handle(key(KeyCode::Esc));
    assert_eq!(
        app.handle(char_key('r')),
        Vec::<Effect>::new(),
        "customers reply without a typing signal"
    );
}

#[test]
fn agent_sets_priority() {
    let mut app = agent_thread_app("received");
    assert!(draw(&mut app, 120, 30).contains("Priority: Normal"));
    app.handle(char_key('P'));
    assert!(draw(&mut app, 120, 30).contains("3  High"));
    let effects = app.handle(char_key('3'));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::SetPriority {
            request_id: 123,
            priority: crate::domain::RequestPriority::High,
        })]
    );
}

#[test]
fn new_request_from_dashboard_and_messages() {
    for screen in ['1', '4'] {
        let mut app = crate::tui::screens::fixtures::app();
        app.handle(char_key(screen));
        let effects = app.handle(char_key('n'));
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Requests(RequestQueryKey::default()))],
            "screen {screen}"
        );
        let drawn = draw(&mut app, 100, 30);
        assert!(drawn.contains("New request"), "screen {screen}: {drawn}");
    }
}

/// Returns the filters of the request list load among `effects`.
fn loaded_filters(effects: &[Effect]) -> Option<RequestFilters> {
    effects.iter().find_map(|effect| match effect {
        Effect::Load(Load::Requests(key)) => Some(key.filters.clone()),
        _ => None,
    })
}

#[test]
fn agent_filters_reload_and_show() {
    let mut app = agent_requests_app();
    let screen = draw(&mut app, 120, 30);
    assert!(screen.contains("No filter · o organisation"), "{screen}");

    let filters = loaded_filters(&app.handle(char_key('s'))).expect("reload");
    assert_eq!(filters.state, Some(RequestState::Received));
    let filters = loaded_filters(&app.handle(char_key('u'))).expect("reload");
    assert_eq!(filters.assignee, AssigneeFilter::Me);
    assert_eq!(
        filters.state,
        Some(RequestState::Received),
        "filters combine"
    );
    let filters = loaded_filters(&app.handle(char_key('!'))).expect("reload");
    assert!(filters.overdue_only);

    app.handle(char_key('/'));
    type_text(&mut app, "router");
    let filters = loaded_filters(&app.handle(key(KeyCode::Enter))).expect("reload");
    assert_eq!(filters.words, "router");
    let screen = draw(&mut app, 120, 30);
    assert!(screen.contains("status Received (S)"), "{screen}");
    assert!(screen.contains("assigned to me (U)"), "{screen}");
    assert!(screen.contains("overdue only (!)"), "{screen}");
    assert!(screen.contains("words \"router\" (W)"), "{screen}");

    // Each filter clears with its own key.
    let filters = loaded_filters(&app.handle(char_key('S'))).expect("reload");
    assert_eq!(filters.state, None);
    assert_eq!(filters.words, "router");
    let filters = loaded_filters(&app.handle(char_key('W'))).expect("reload");
    assert!(filters.words.is_empty());
    assert!(filters.overdue_only);
}

#[test]
fn agent_filters_survive_views_and_threads() {
    let mut app = agent_requests_app();
    app.handle(char_key('c'));
    app.handle(char_key('v'));
    app.handle(char_key('v'));
    let screen = draw(&mut app, 120, 30);
    assert!(screen.contains("category Billing (C)"), "{screen}");

    app.handle(Event::Loaded(Loaded::Requests(vec![request(
        1,
        "Unassigned invoice",
        "received",
        0,
        1,
    )])));
    app.handle(char_key('V'));
    app.handle(char_key('V'));
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        vec![Effect::Load(Load::Request(1))],
        "the view's first request opens without a draw in between"
    );
    let filters = loaded_filters(&app.handle(key(KeyCode::Esc))).expect("reload");
    assert_eq!(filters.category, Some(RequestCategory::Billing));

    // Switching screens and back keeps them too.
    app.handle(char_key('1'));
    let filters = loaded_filters(&app.handle(char_key('3'))).expect("reload");
    assert_eq!(filters.category, Some(RequestCategory::Billing));

    let filters = loaded_filters(&app.handle(key(KeyCode::Esc))).expect("reload");
    assert_eq!(
        filters,
        RequestFilters::default(),
        "Esc clears every filter"
    );
}

#[test]
fn agent_quotes_help_article() {
    let mut app = agent_thread_app("received");
    app.handle(char_key('K'));
    type_text(&mut app, "invoice");
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        vec![Effect::Load(Load::Suggestions("invoice".to_string()))]
    );
    let article = ArticleRecord {
        id: 3,
        slug: "invoice-lines".to_string(),
        title: "Reading your invoice".to_string(),
        category: "Billing".to_string(),
        body: "Each line names a service.\u{1b}[2J".to_string(),
        updated_at: 0,
    };
    app.handle(Event::Loaded(Loaded::Suggestions {
        subject: "invoice".to_string(),
        articles: vec![article],
    }));
    let screen = draw(&mut app, 120, 40);
    assert!(
        screen.contains("1  Reading your invoice · Billing"),
        "{screen}"
    );

    app.handle(char_key('1'));
    let effects = app.handle(ctrl('s'));
    assert_eq!(
        effects,
        vec![Effect::Run(Command::Reply {
            request_id: 123,
            body: "Reading your invoice\n\nEach line names a service.[2J".to_string()
        })]
    );
}

#[test]
fn failed_filter_reload_keeps_list_usable() {
    let mut app = agent_requests_app();
    app.handle(char_key('s'));
    app.handle(Event::Loaded(Loaded::Failed {
        load: Load::Requests(RequestQueryKey::default()),
        message: "the database is not available".to_string(),
    }));
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        vec![Effect::Load(Load::Request(1))]
    );
}

/// Switches `app` to French, as saving the regional settings does.
fn in_french(app: &mut App) {
    let regional = Regional {
        language: Some(Language::French),
        ..Regional::default()
    };
    app.handle(Event::Done(CommandResult::RegionalSaved(regional)));
}

/// Returns a running service-level status: 2 hours left to reply.
fn running_sla() -> SlaStatus {
    let clock = Clock {
        target: 4 * 3600,
        used: 2 * 3600,
        stopped: false,
        paused: false,
    };
    SlaStatus {
        first_response: clock,
        resolution: clock,
    }
}

fn assert_all_present(screen: &str, words: &[&str]) {
    for word in words {
        assert!(screen.contains(word), "missing {word:?}:\n{screen}");
    }
}

fn assert_all_absent(screen: &str, words: &[&str]) {
    for word in words {
        assert!(!screen.contains(word), "English {word:?} left:\n{screen}");
    }
}

#[test]
fn french_request_list() {
    let mut app = requests_app();
    in_french(&mut app);
    let screen = draw(&mut app, 100, 24);
    assert_all_present(
        &screen,
        &[
            "Demandes · toutes · 2 sur 2",
            "Numéro",
            "Objet",
            "État",
            "Mise à jour",
            "En cours d’examen",
            "Reçue",
            "● 2 non lus",
        ],
    );
    assert_all_absent(
        &screen,
        &[
            "Requests ·",
            "Subject",
            "Status",
            "Updated",
            "Under review",
            "Received",
            "new",
        ],
    );
}

#[test]
fn french_request_list_fits_small_terminal() {
    for (cols, rows) in [(60, 16), (80, 24)] {
        let mut app = requests_app();
        in_french(&mut app);
        let screen = draw(&mut app, cols, rows);
        let row = screen
            .lines()
            .find(|line| line.contains("R-2026-000123"))
            .unwrap_or_default();
        // The longest state name is drawn whole, and the unread count, or
        // where the subject needs the room, its sign before the subject.
        assert!(row.contains("En cours d’examen"), "{cols}x{rows}: {screen}");
        assert!(
            row.contains("● 2 non lus") || row.contains("● Invoice 2026-02"),
            "{cols}x{rows}: {screen}"
        );
    }
}

#[test]
fn french_thread() {
    let mut app = thread_app();
    in_french(&mut app);
    let screen = draw(&mut app, 100, 40);
    assert_all_present(
        &screen,
        &[
            "Demande R-2026-000123",
            "Catégorie\u{a0}: Facturation · Priorité\u{a0}: Normale · État\u{a0}: En cours d’examen",
            "Traitée par\u{a0}: Pas encore attribuée",
            "ouverte par Alice Example le",
            "Prochaine étape\u{a0}:",
            "Historique des états",
            "Reçue → En cours d’examen, par Dana Agent",
            "Messages\u{a0}: 2",
            "NOTE INTERNE réservée au personnel",
        ],
    );
    assert_all_absent(
        &screen,
        &[
            "Category:",
            "Priority:",
            "Handled by",
            "Not assigned yet",
            "opened by",
            "Next step:",
            "Status history",
            "INTERNAL",
            "staff only",
        ],
    );
}

#[test]
fn french_thread_prompt_and_keys() {
    let mut app = agent_thread_app("under-review");
    in_french(&mut app);
    app.handle(char_key('s'));
    let screen = draw(&mut app, 100, 40);
    assert_all_present(
        &screen,
        &["Changer l’état", "Approuvée", "Refusée", "Échap annule"],
    );
    assert_all_absent(&screen, &["Change the state", "Approved", "Esc cancels"]);

    app.handle(char_key('1'));
    let screen = draw(&mut app, 100, 40);
    assert!(
        screen.contains("Prochaine étape montrée au client"),
        "{screen}"
    );
    app.handle(key(KeyCode::Esc));

    app.handle(char_key('?'));
    let screen = draw(&mut app, 100, 40);
    assert_all_present(
        &screen,
        &["écrire une note INTERNE", "m’attribuer la demande"],
    );
    assert_all_absent(&screen, &["write an INTERNAL note", "assign to me"]);
}

#[test]
fn french_request_form() {
    let mut app = requests_app();
    in_french(&mut app);
    app.handle(char_key('n'));
    let screen = draw(&mut app, 80, 24);
    assert_all_present(
        &screen,
        &[
            "Nouvelle demande",
            "› Objet",
            "Catégorie",
            "‹ Facturation ›",
            "← → pour changer",
            "Document  aucun",
            "Message",
        ],
    );
    assert_all_absent(
        &screen,
        &["New request", "Subject", "Category", "Billing", "to change"],
    );

    app.handle(ctrl('s'));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("L’objet manque"), "{screen}");
}

#[test]
fn french_agent_queue() {
    let mut app = agent_app();
    app.handle(char_key('3'));
    let mut with_sla = request(1, "Unassigned invoice", "received", 0, 1);
    with_sla.sla = Some(running_sla());
    app.handle(Event::Loaded(Loaded::Requests(vec![
        with_sla,
        assigned(request(2, "My contract change", "under-review", 0, 1), 7),
        assigned(request(3, "Waiting claim", "missing-document", 0, 1), 8),
        request(4, "Old closed one", "closed", 0, 1),
    ])));
    in_french(&mut app);
    let screen = draw(&mut app, 160, 30);
    assert_all_present(
        &screen,
        &[
            "[Toutes ouvertes 3]",
            "Non attribuées 1",
            "Les miennes 1",
            "En attente du client 1",
            "Aucun filtre · o organisation · s état",
            "Organisation\u{a0}: objet",
            "Niveau de service",
            "Attribuée à",
            "réponse\u{a0}: reste 2 h 00",
            "non attribuée",
            "Document manquant",
        ],
    );
    assert_all_absent(
        &screen,
        &[
            "All open",
            "Unassigned 1",
            "Waiting on customer",
            "No filter",
            "Service level",
            "Assignee",
            "reply:",
            "Missing document",
        ],
    );

    app.handle(char_key('!'));
    let screen = draw(&mut app, 160, 30);
    assert!(
        screen.contains("Filtres\u{a0}: en retard seulement (!) · Échap les efface tous"),
        "{screen}"
    );
}

#[test]
fn agent_queue_subject_keeps_room_when_narrow() {
    let subject = "Damaged fibre router in the Basel office";
    let subject_start = &subject[..25];
    for french in [false, true] {
        for (cols, rows) in [(60, 16), (80, 24)] {
            let mut app = agent_app();
            app.handle(char_key('3'));
            let mut long = request(3, subject, "missing-document", 2, 3);
            long.organisation_name = "Northwind Logistics International".to_string();
            app.handle(Event::Loaded(Loaded::Requests(vec![
                request(1, "Unassigned invoice", "received", 0, 1),
                long,
            ])));
            if french {
                in_french(&mut app);
            }
            let case = format!("french {french}, {cols}x{rows}");
            let screen = draw(&mut app, cols, rows);
            let row = screen
                .lines()
                .find(|line| line.contains("Damaged"))
                .unwrap_or_default();
            assert!(
                row.contains(subject_start),
                "{case}: subject cut:\n{screen}"
            );
            assert!(
                row.contains("Northwi"),
                "{case}: organisation gone:\n{screen}"
            );
            assert!(row.contains("● "), "{case}: unread not marked:\n{screen}");
            let state = if french {
                "Document manquant"
            } else {
                "Missing document"
            };
            assert!(row.contains(state), "{case}: state cut:\n{screen}");
            let header = if french {
                "Organisation\u{a0}: objet"
            } else {
                "Organisation: subject"
            };
            assert!(screen.contains(header), "{case}:\n{screen}");
            // Only 60 columns need the number's room; at 80 the queue keeps it.
            let numbered = row.contains("R-2026-000003");
            assert_eq!(numbered, cols >= 80, "{case}: number column:\n{screen}");
        }
    }
}

#[test]
fn agent_queue_keeps_every_column_when_wide() {
    let mut app = agent_app();
    app.handle(char_key('3'));
    app.handle(Event::Loaded(Loaded::Requests(vec![request(
        3,
        "Waiting claim",
        "missing-document",
        2,
        3,
    )])));
    let screen = draw(&mut app, 140, 30);
    let row = screen
        .lines()
        .find(|line| line.contains("R-2026-000003"))
        .unwrap_or_default();
    assert!(row.contains("Northwind Ltd: Waiting"), "{screen}");
    assert!(row.contains("● 2 new"), "{screen}");
    assert!(screen.contains("Unread"), "{screen}");
    assert!(screen.contains("Assignee"), "{screen}");

    // Between the narrow and the full layout the subject keeps its room:
    // the unread count moves before the subject, and the assignee and the
    // number go before the service level.
    for cols in [100, 120] {
        let screen = draw(&mut app, cols, 30);
        let row = screen
            .lines()
            .find(|line| line.contains("claim"))
            .unwrap_or_default();
        assert!(
            row.contains("● Northwind Ltd: Waiting claim"),
            "{cols}:\n{screen}"
        );
        assert!(screen.contains("Service level"), "{cols}:\n{screen}");
    }
}

#[test]
fn french_messages_list_fits_small_terminal() {
    for (cols, rows) in [(60, 16), (80, 24)] {
        let mut app = requests_app();
        in_french(&mut app);
        app.handle(char_key('4'));
        app.handle(Event::Loaded(Loaded::Threads(vec![request(
            123,
            "Invoice 2026-02 is too high",
            "under-review",
            2,
            3,
        )])));
        let screen = draw(&mut app, cols, rows);
        let row = screen
            .lines()
            .find(|line| line.contains("R-2026-000123"))
            .unwrap_or_default();
        assert!(row.contains("● 2 non lus"), "{cols}x{rows}: {screen}");
        assert!(
            screen.contains("Messages · 1 fil, 2 non lus"),
            "{cols}x{rows}: {screen}"
        );
        assert!(!screen.contains("threads"), "{cols}x{rows}: {screen}");
    }
}

#[test]
fn plain_state_prompt_lists_choices() {
    let mut app = agent_thread_app("under-review");
    app.handle(char_key('s'));
    app.handle(char_key('9'));
    check_plain(
        app,
        &[
            "Change the state",
            "1: Missing document",
            "2: Approved",
            "Keys: 1-9 y n to choose, Esc to cancel",
            "Error: Press a digit from 1 to",
        ],
        Some("Press a digit from 1 to"),
    );
}

#[test]
fn plain_next_step_field_comes_last() {
    let mut app = agent_thread_app("under-review");
    app.handle(char_key('s'));
    app.handle(char_key('1'));
    app.handle(ctrl('u'));
    app.handle(key(KeyCode::Enter));
    check_plain(
        app,
        &[
            "Next step shown to the customer · new state Missing document",
            "Keys: Enter to confirm, Esc to cancel",
            "Error: The next step is missing",
        ],
        Some("Next step (empty):"),
    );
}

#[test]
fn plain_assignment_prompt_names_handle() {
    let mut app = agent_thread_app("under-review");
    app.handle(char_key('A'));
    type_text(&mut app, "bob");
    check_plain(
        app,
        &["Assign to agent (empty: to me)"],
        Some("Handle: bob"),
    );
}

#[test]
fn plain_composer_names_keys() {
    let mut app = agent_thread_app("under-review");
    app.handle(char_key('i'));
    type_text(&mut app, "Checked");
    check_plain(
        app,
        &["Keys: Ctrl-S to send, Enter to new line, Esc to cancel"],
        Some("Internal note, staff only"),
    );
}

#[test]
fn plain_state_prompt_in_french() {
    let mut app = crate::tui::screens::fixtures::in_french(agent_thread_app("under-review"), true);
    app.handle(char_key('s'));
    let screen = draw(&mut app, 300, 60);
    crate::tui::screens::fixtures::assert_french(
        &screen,
        &[
            "Changer l’état",
            "1\u{a0}: Document manquant",
            "Touches\u{a0}: 1-9 o n pour choisir",
            "› Appuyez sur un chiffre de 1 à",
        ],
        &["Change the state", "Missing document", "Press a digit"],
    );
}

#[test]
fn plain_words_field_is_focus() {
    let mut app = agent_requests_app();
    app.handle(char_key('/'));
    type_text(&mut app, "router");
    check_plain(
        app,
        &[
            "No filter. Keys o s c p u ! / set one",
            "Keys: Enter to search these words, Esc to clear the words",
        ],
        Some("Filter: router"),
    );
}

/// Returns an attached document's short form.
fn attachment(id: i64, title: &str, kind: &str, size: i64) -> DocumentSummary {
    DocumentSummary {
        id,
        title: title.to_string(),
        issue_date: "2026-02-01".to_string(),
        kind: kind.to_string(),
        size,
    }
}

/// Returns request 123 in `state`, opened from a document, with two
/// attachments and a participant, as a customer reads it.
fn customer_context_detail(state: &str) -> RequestDetail {
    let mut detail = detail(vec![message(
        1,
        "Dana Agent",
        "We check the invoice.",
        false,
    )]);
    detail.request.state = state.to_string();
    detail.request.context =
        "Documents: Invoice 2026-02 (new request from the document)".to_string();
    detail.attachments = vec![
        attachment(55, "Invoice 2026-02", "invoice", 12_800),
        attachment(56, "Certificate 2026", "certificate", 900),
    ];
    detail.participants = vec![ParticipantRecord {
        user_id: 8,
        display_name: "Bob Example".to_string(),
    }];
    if state == "closed" {
        detail.reopen_until = Some(MARCH_FIRST + 14 * 86_400);
    }
    detail
}

/// Returns request 123 as an agent reads it: the customer's lines, an
/// overdue service level, the customer's context and an internal note.
fn agent_context_detail() -> RequestDetail {
    let mut detail = customer_context_detail("under-review");
    detail.messages.push(message(
        2,
        "Dana Agent",
        "Customer is right, credit note needed.",
        true,
    ));
    let overdue = Clock {
        target: 4 * 3600,
        used: 5 * 3600,
        stopped: false,
        paused: false,
    };
    detail.request.sla = Some(SlaStatus {
        first_response: overdue,
        resolution: running_sla().resolution,
    });
    let recent = request(77, "Router resets at night", "received", 0, 0);
    detail.context = Some(StaffContext {
        organisation: "Northwind Ltd".to_string(),
        contracts: vec![ContractSummary {
            number: "C-1001".to_string(),
            product: "Fibre 1 Gbit/s".to_string(),
            status: "active".to_string(),
        }],
        documents: vec![attachment(55, "Invoice 2026-02", "invoice", 12_800)],
        recent_requests: vec![recent],
    });
    detail
}

/// Returns the index of the first line of `lines` that contains `text`.
#[track_caller]
fn line_index(lines: &[String], text: &str) -> usize {
    lines
        .iter()
        .position(|line| line.contains(text))
        .unwrap_or_else(|| panic!("no line contains {text:?}:\n{}", lines.join("\n")))
}

#[test]
fn plain_thread_reads_customer_lines() {
    let mut app = requests_app();
    open_thread(&mut app, customer_context_detail("under-review"));
    let lines = check_plain(
        app,
        &[
            "Opened from: Documents: Invoice 2026-02 (new request from the document)",
            "Attached: Invoice 2026-02 (Invoice, 12.5 KiB); Certificate 2026 (Certificate, 900 bytes)",
            "Participants: Bob Example",
        ],
        Some("We check the invoice, 1\u{a0}of\u{a0}1"),
    );
    let order = [
        "Category: Billing",
        "Next step:",
        "Opened from:",
        "Attached:",
        "Participants:",
        "Status history:",
        "Messages: 1",
    ];
    let positions: Vec<usize> = order.iter().map(|text| line_index(&lines, text)).collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "{order:?} are not in reading order:\n{}",
        lines.join("\n")
    );
    for staff_only in ["Service level:", "Context:", "Contracts:", "internal note"] {
        assert!(
            !lines.iter().any(|line| line.contains(staff_only)),
            "a customer reads {staff_only:?}:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn plain_closed_thread_offers_rating_and_reopening() {
    let mut app = requests_app();
    open_thread(&mut app, customer_context_detail("closed"));
    let lines = check_plain(
        app,
        &[
            "Rating: not rated yet; press * to rate",
            "Reopen until: 2026-03-15 12:00 UTC",
        ],
        None,
    );
    assert!(
        line_index(&lines, "Reopen until:") < line_index(&lines, "Status history:"),
        "{}",
        lines.join("\n")
    );
}

#[test]
fn plain_thread_reads_agent_context() {
    let mut app = agent_app();
    app.handle(char_key('3'));
    app.handle(Event::Loaded(Loaded::Requests(vec![request(
        123,
        "Invoice 2026-02 is too high",
        "under-review",
        0,
        1,
    )])));
    open_thread(&mut app, agent_context_detail());
    let lines = check_plain(
        app,
        &[
            "Service level: overdue, first reply overdue by 1h 00m, resolution 2h 00m left, in business hours",
            "Opened from: Documents: Invoice 2026-02 (new request from the document)",
            "Attached: Invoice 2026-02 (Invoice, 12.5 KiB); Certificate 2026 (Certificate, 900 bytes)",
            "Context: Northwind Ltd",
            "Contracts: C-1001 Fibre 1 Gbit/s (active)",
            "Documents: Invoice 2026-02 (2026-02-01)",
            "Recent request: R-2026-000077 Router resets at night, Received",
        ],
        Some("internal note, staff only, 2\u{a0}of\u{a0}2"),
    );
    let order = [
        "Next step:",
        "Service level:",
        "Opened from:",
        "Attached:",
        "Participants:",
        "Context: Northwind Ltd",
        "Contracts:",
        "Documents: Invoice 2026-02 (2026-02-01)",
        "Recent request:",
        "Status history:",
        "Messages: 2",
    ];
    let positions: Vec<usize> = order.iter().map(|text| line_index(&lines, text)).collect();
    assert!(
        positions.windows(2).all(|pair| pair[0] < pair[1]),
        "{order:?} are not in reading order:\n{}",
        lines.join("\n")
    );
    let service_level = &lines[line_index(&lines, "Service level:")];
    assert!(!service_level.contains('·'), "{service_level}");
}

#[test]
fn drawn_thread_names_attachment_kind_and_size() {
    let mut app = requests_app();
    open_thread(&mut app, customer_context_detail("under-review"));
    let screen = draw(&mut app, 160, 40);
    assert!(
        screen.contains("Attached: Invoice 2026-02 (Invoice, 12.5 KiB); Certificate 2026"),
        "{screen}"
    );
}

#[test]
fn plain_thread_lines_in_french() {
    let mut app = requests_app();
    open_thread(&mut app, customer_context_detail("closed"));
    let mut app = crate::tui::screens::fixtures::in_french(app, true);
    let screen = draw(&mut app, 300, 100);
    crate::tui::screens::fixtures::assert_french(
        &screen,
        &[
            "Ouverte depuis\u{a0}: Documents\u{a0}: Invoice 2026-02 (nouvelle demande depuis le document)",
            "Documents joints\u{a0}: Invoice 2026-02 (Facture, 12,5 Kio)\u{a0}; Certificate 2026 (Attestation, 900 octets)",
            "Participants\u{a0}: Bob Example",
            "Note\u{a0}: pas encore notée",
            "Réouverture possible jusqu’au\u{a0}:",
        ],
        &[
            "Opened from",
            "Attached",
            "Rating",
            "Reopen until",
            "KiB",
            "bytes",
        ],
    );
    assert!(!screen.contains("Contexte"), "{screen}");
    assert!(!screen.contains("Niveau de service"), "{screen}");

    let mut app = agent_app();
    app.handle(char_key('3'));
    app.handle(Event::Loaded(Loaded::Requests(vec![request(
        123,
        "Invoice 2026-02 is too high",
        "under-review",
        0,
        1,
    )])));
    open_thread(&mut app, agent_context_detail());
    let mut app = crate::tui::screens::fixtures::in_french(app, true);
    let screen = draw(&mut app, 300, 100);
    crate::tui::screens::fixtures::assert_french(
        &screen,
        &[
            "Niveau de service\u{a0}: en retard, délai de première réponse\u{a0}: en retard de 1 h 00, délai de résolution\u{a0}: reste 2 h 00, en heures ouvrées",
            "Contexte\u{a0}: Northwind Ltd",
            "Contrats\u{a0}: C-1001 Fibre 1 Gbit/s (actif)",
            "Demande récente\u{a0}: R-2026-000077 Router resets at night, Reçue",
            "note interne, réservée au personnel",
        ],
        &[
            "Service level",
            "overdue",
            "business hours",
            "Context:",
            "Contracts:",
            "Recent request",
        ],
    );
}

/// Builds the app of a customer whose role in the organisation is `role`.
fn member_app(role: crate::domain::MemberRole) -> App {
    let mut member = principal(Role::Customer);
    member.member_role = Some(role);
    App::new(member, theme(), StartMode::Dashboard, 80, 24).0
}

#[test]
fn billing_member_offered_no_requests() {
    let mut app = member_app(crate::domain::MemberRole::Billing);
    app.handle(char_key('3'));
    app.handle(Event::Loaded(Loaded::Requests(Vec::new())));
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("Your role in this organisation does not include requests."),
        "{screen}"
    );
    assert!(!screen.contains("Press n to open one"), "{screen}");

    let effects = app.handle(char_key('n'));
    assert!(effects.is_empty(), "{effects:?}");
    let screen = draw(&mut app, 100, 24);
    assert!(!screen.contains("Subject"), "the form opened:\n{screen}");
}

#[test]
fn viewer_reads_but_cannot_open() {
    let mut app = member_app(crate::domain::MemberRole::Viewer);
    app.handle(char_key('3'));
    app.handle(Event::Loaded(Loaded::Requests(Vec::new())));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("No requests."), "{screen}");

    app.handle(char_key('n'));
    let screen = draw(&mut app, 120, 24);
    assert!(
        screen.contains("can read requests but not open or answer them"),
        "{screen}"
    );
}

#[test]
fn billing_member_told_contracts_are_not_included() {
    let mut app = member_app(crate::domain::MemberRole::Billing);
    app.handle(char_key('2'));
    app.handle(char_key('c'));
    app.handle(Event::Loaded(Loaded::Contracts(Vec::new())));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("does not include contracts."), "{screen}");

    let mut viewer = member_app(crate::domain::MemberRole::Viewer);
    viewer.handle(char_key('2'));
    viewer.handle(char_key('c'));
    viewer.handle(Event::Loaded(Loaded::Contracts(Vec::new())));
    assert!(draw(&mut viewer, 80, 24).contains("No contracts."));
}

/// Returns a customer's thread whose next steps are the English defaults,
/// as an agent reading English stores them, with one step an agent typed.
fn customer_thread_with_default_steps() -> App {
    let mut app = requests_app();
    let mut detail = detail(Vec::new());
    detail.request.next_step = "An agent is reviewing your request.".to_string();
    detail.history[0].next_step = "An agent will review your request.".to_string();
    let mut typed = detail.history[0].clone();
    typed.id = 2;
    typed.next_step = "We call you on Monday.".to_string();
    detail.history.push(typed);
    open_thread(&mut app, detail);
    app
}

#[test]
fn default_next_steps_in_reader_language() {
    let mut app =
        crate::tui::screens::fixtures::in_french(customer_thread_with_default_steps(), false);
    let screen = draw(&mut app, 120, 40);
    crate::tui::screens::fixtures::assert_french(
        &screen,
        &[
            "Prochaine étape\u{a0}: Un agent examine votre demande.",
            "Un agent va examiner votre demande.",
            "We call you on Monday.",
        ],
        &["An agent is reviewing", "An agent will review"],
    );
}

#[test]
fn plain_default_next_steps_in_reader_language() {
    let mut app =
        crate::tui::screens::fixtures::in_french(customer_thread_with_default_steps(), true);
    let screen = draw(&mut app, 300, 100);
    crate::tui::screens::fixtures::assert_french(
        &screen,
        &[
            "Prochaine étape\u{a0}: Un agent examine votre demande.",
            "prochaine étape\u{a0}: Un agent va examiner votre demande,",
            "prochaine étape\u{a0}: We call you on Monday,",
        ],
        &["An agent is reviewing", "An agent will review"],
    );
}

#[test]
fn default_next_steps_stay_english() {
    let mut app = customer_thread_with_default_steps();
    let screen = draw(&mut app, 120, 40);
    assert!(
        screen.contains("Next step: An agent is reviewing your request."),
        "{screen}"
    );
    assert!(
        screen.contains("An agent will review your request."),
        "{screen}"
    );
    assert!(!screen.contains("Un agent"), "{screen}");
}

#[test]
fn narrow_queue_signs_overdue_rows() {
    let mut app = agent_app();
    app.handle(char_key('3'));
    let mut overdue = request(3, "Printer offline", "received", 0, 1);
    let clock = Clock {
        target: 3600,
        used: 2 * 3600,
        stopped: false,
        paused: false,
    };
    overdue.sla = Some(SlaStatus {
        first_response: clock,
        resolution: clock,
    });
    let mut in_time = request(4, "Router blinks", "received", 0, 1);
    in_time.sla = Some(running_sla());
    app.handle(Event::Loaded(Loaded::Requests(vec![overdue, in_time])));

    // Without the service-level column, "!" marks the overdue row only.
    let screen = draw(&mut app, 60, 16);
    let late =
        crate::tui::screens::fixtures::row_with(&screen, "Printer offline").expect("overdue row");
    assert!(late.contains("! Northwin"), "{screen}");
    let fine =
        crate::tui::screens::fixtures::row_with(&screen, "Router blinks").expect("row in time");
    assert!(!fine.contains("! "), "{screen}");

    // With the column, its words mark the request overdue and no sign is
    // added.
    let screen = draw(&mut app, 160, 30);
    let late =
        crate::tui::screens::fixtures::row_with(&screen, "Printer offline").expect("overdue row");
    assert!(late.contains("overdue by"), "{screen}");
    assert!(!late.contains("! Northwind"), "{screen}");
}
