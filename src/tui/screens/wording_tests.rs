//! Tests of the words on English and French screens: stored names shown
//! in the reader's language, French typography, the request category,
//! the time zone field and the agent list of the assign prompt.

use crate::domain::regional::{DateFormat, Language, Regional};
use crate::service::documents::DocumentDetail;
use crate::service::requests::{RequestDetail, StaffContext};
use crate::store::documents::RelatedRequest;
use crate::store::lifecycle::{AgentRecord, ContractSummary};
use crate::tui::screens::fixtures::{
    MARCH_FIRST, char_key, check_plain, ctrl, detail, document, documents_app, draw, key, message,
    plain, principal, request, requests_app, theme, type_text,
};
use crate::tui::{App, Command, CommandResult, Effect, Event, KeyCode, Loaded, StartMode};

/// Sets the language of `app`, as saving the regional settings does.
fn set_language(app: &mut App, language: Language) {
    app.handle(Event::Done(CommandResult::RegionalSaved(Regional {
        language: Some(language),
        date_format: DateFormat::Iso,
        ..Regional::default()
    })));
}

/// Draws `app`, which must be in the plain mode, wide enough that no line
/// wraps, and returns its lines.
fn plain_lines(app: &mut App) -> Vec<String> {
    draw(app, 300, 100)
        .lines()
        .map(|line| line.trim_end().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

fn last_line(screen: &str) -> String {
    screen
        .lines()
        .rfind(|line| !line.trim().is_empty())
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

/// Builds an agent's app on the thread of request 123, with two contracts
/// in the customer's context and three agents to assign to.
fn agent_thread(language: Language, plain_mode: bool) -> App {
    let app = App::new(
        principal(crate::domain::Role::Agent),
        theme(),
        StartMode::Dashboard,
        120,
        30,
    )
    .0;
    let mut app = if plain_mode { plain(app) } else { app };
    set_language(&mut app, language);

    app.handle(char_key('3'));
    app.handle(Event::Loaded(Loaded::Requests(vec![request(
        123,
        "Invoice too high",
        "under-review",
        0,
        1,
    )])));
    app.handle(key(KeyCode::Enter));

    let mut thread = detail(vec![message(1, "Dana Agent", "Hello.", false)]);
    thread.context = Some(StaffContext {
        organisation: "Northwind Ltd".to_string(),
        contracts: vec![
            ContractSummary {
                number: "C-1".to_string(),
                product: "Fibre".to_string(),
                status: "active".to_string(),
            },
            ContractSummary {
                number: "C-2".to_string(),
                product: "Copper".to_string(),
                status: "ended".to_string(),
            },
        ],
        ..StaffContext::default()
    });

    thread.agents = vec![
        AgentRecord {
            id: 8,
            handle: "sam".to_string(),
            display_name: "Sam Patel".to_string(),
        },
        AgentRecord {
            id: 9,
            handle: "sarah".to_string(),
            display_name: "Sarah Lee".to_string(),
        },
        AgentRecord {
            id: 10,
            handle: "tom".to_string(),
            display_name: "Tom Berg".to_string(),
        },
    ];
    app.handle(Event::Loaded(Loaded::Request(Box::new(thread))));
    app
}

/// Builds a customer's plain thread of request 123, opened from a document.
fn customer_thread(language: Language) -> App {
    let mut app = plain(requests_app());
    set_language(&mut app, language);
    app.handle(key(KeyCode::Enter));
    let mut thread: RequestDetail = detail(vec![message(1, "Dana Agent", "Hello.", false)]);
    thread.request.context =
        "Documents: Invoice March 2026 (new request from the document)".to_string();
    app.handle(Event::Loaded(Loaded::Request(Box::new(thread))));
    app
}

#[test]
fn origin_reads_in_reader_language() {
    let lines = check_plain(
        customer_thread(Language::English),
        &["Opened from: Documents: Invoice March 2026 (new request from the document)"],
        None,
    );
    assert!(
        lines.iter().any(|line| line
            == "Dana Agent, 2026-03-01 12:00 UTC: Hello, 1\u{a0}of\u{a0}1"
            || line == "› Dana Agent, 2026-03-01 12:00 UTC: Hello, 1\u{a0}of\u{a0}1"),
        "{lines:?}"
    );

    let lines = plain_lines(&mut customer_thread(Language::French));
    assert!(
        lines.iter().any(|line| line
            == "Ouverte depuis\u{a0}: Documents\u{a0}: Invoice March 2026 (nouvelle demande depuis le document)"),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|line| line
            .ends_with("Dana Agent, 2026-03-01 12:00 UTC\u{a0}: Hello, 1\u{a0}sur\u{a0}1")),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|line| line.contains("new request")),
        "{lines:?}"
    );
}

#[test]
fn composer_counter_spaces_and_singular() {
    for (language, empty, typed) in [
        (
            Language::English,
            "› Reply, 0\u{a0}of\u{a0}4000 characters",
            "› Reply, 3\u{a0}of\u{a0}4000 characters: Yes",
        ),
        (
            Language::French,
            "› Réponse, 0 caractère\u{a0}sur\u{a0}4000",
            "› Réponse, 3 caractères\u{a0}sur\u{a0}4000\u{a0}: Oui",
        ),
    ] {
        let mut app = customer_thread(language);
        app.handle(char_key('r'));
        let screen = draw(&mut app, 300, 60);
        assert_eq!(last_line(&screen), empty, "{language:?}");
        let word = if language == Language::French {
            "Oui"
        } else {
            "Yes"
        };
        type_text(&mut app, word);
        let screen = draw(&mut app, 300, 60);
        assert_eq!(last_line(&screen), typed, "{language:?}");
    }
}

#[test]
fn agent_context_names_contract_status() {
    for (language, contracts) in [
        (
            Language::English,
            "Contracts: C-1 Fibre (active); C-2 Copper (ended)",
        ),
        (
            Language::French,
            "Contrats\u{a0}: C-1 Fibre (actif)\u{a0}; C-2 Copper (terminé)",
        ),
    ] {
        let lines = plain_lines(&mut agent_thread(language, true));
        assert!(lines.iter().any(|line| line == contracts), "{lines:?}");
    }
}

#[test]
fn state_picker_keys_follow_language() {
    for (language, keys, english) in [
        (
            Language::English,
            "Keys: 1-9 y n to choose, Esc to cancel",
            None,
        ),
        (
            Language::French,
            "Touches\u{a0}: 1-9 o n pour choisir, Échap pour annuler",
            Some("y n"),
        ),
    ] {
        let mut app = agent_thread(language, true);
        app.handle(char_key('s'));
        let screen = draw(&mut app, 300, 60);
        assert!(screen.contains(keys), "{language:?}: {screen}");
        if let Some(english) = english {
            assert!(!screen.contains(english), "{screen}");
        }
    }
}

#[test]
fn assign_prompt_lists_and_completes_agents() {
    for (language, all, some, none) in [
        (
            Language::English,
            "Agents: sam (Sam Patel), sarah (Sarah Lee), tom (Tom Berg)",
            "Agents: sam (Sam Patel), sarah (Sarah Lee)",
            "No enabled agent has a handle starting with these letters.",
        ),
        (
            Language::French,
            "Agents\u{a0}: sam (Sam Patel), sarah (Sarah Lee), tom (Tom Berg)",
            "Agents\u{a0}: sam (Sam Patel), sarah (Sarah Lee)",
            "Aucun agent actif n’a d’identifiant qui commence par ces lettres.",
        ),
    ] {
        let mut app = agent_thread(language, false);
        app.handle(char_key('A'));
        let screen = draw(&mut app, 120, 30);
        assert!(screen.contains(all), "{language:?}: {screen}");

        type_text(&mut app, "s");
        let screen = draw(&mut app, 120, 30);
        assert!(screen.contains(some), "{language:?}: {screen}");
        assert!(!screen.contains("tom (Tom Berg)"), "{language:?}: {screen}");

        // "sam" and "sarah" share "sa"; one more letter picks sarah.
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "r");
        app.handle(key(KeyCode::Tab));
        let effects = app.handle(key(KeyCode::Enter));
        assert_eq!(
            effects,
            vec![Effect::Run(Command::Assign {
                request_ids: vec![123],
                handle: Some("sarah".to_string()),
            })],
            "{language:?}"
        );

        let mut app = agent_thread(language, false);
        app.handle(char_key('A'));
        type_text(&mut app, "x");
        let screen = draw(&mut app, 120, 30);
        assert!(screen.contains(none), "{language:?}: {screen}");
    }
}

#[test]
fn plain_assign_prompt_lists_agents() {
    for (language, agents, keys) in [
        (
            Language::English,
            "Agents: sam (Sam Patel), sarah (Sarah Lee), tom (Tom Berg)",
            "Keys: Tab to complete the handle, Enter to confirm, Esc to cancel",
        ),
        (
            Language::French,
            "Agents\u{a0}: sam (Sam Patel), sarah (Sarah Lee), tom (Tom Berg)",
            "Touches\u{a0}: Tab pour compléter l’identifiant, Entrée pour confirmer, Échap pour annuler",
        ),
    ] {
        let mut app = agent_thread(language, true);
        app.handle(char_key('A'));
        let screen = draw(&mut app, 300, 60);
        assert!(screen.contains(agents), "{language:?}: {screen}");
        assert!(screen.contains(keys), "{language:?}: {screen}");
    }
}

#[test]
fn typed_letters_keep_request_category() {
    for (language, category, notice) in [
        (
            Language::English,
            "‹ Billing ›",
            "The category changes only with ← and →. Tab moves to the message.",
        ),
        (
            Language::French,
            "‹ Facturation ›",
            "La catégorie ne change qu’avec ← et →. Tab passe au message.",
        ),
    ] {
        let mut app = requests_app();
        set_language(&mut app, language);
        app.handle(char_key('n'));
        app.handle(key(KeyCode::Tab));
        let before = draw(&mut app, 200, 30);
        assert!(before.contains(category), "{language:?}: {before}");

        type_text(&mut app, "hello world");
        let screen = draw(&mut app, 200, 30);
        assert!(screen.contains(category), "{language:?}: {screen}");
        assert!(screen.contains(notice), "{language:?}: {screen}");

        app.handle(key(KeyCode::Right));
        let screen = draw(&mut app, 200, 30);
        assert!(!screen.contains(category), "{language:?}: {screen}");
    }
}

#[test]
fn ctrl_u_clears_time_zone() {
    for language in [Language::English, Language::French] {
        let mut app = crate::tui::screens::fixtures::app();
        set_language(&mut app, language);
        app.handle(char_key('5'));
        app.handle(char_key('z'));
        assert!(draw(&mut app, 80, 24).contains("  UTC_"), "{language:?}");
        app.handle(ctrl('u'));
        let screen = draw(&mut app, 80, 24);
        assert!(!screen.contains("UTC_"), "{language:?}: {screen}");
        type_text(&mut app, "europe/zu");
        app.handle(key(KeyCode::Tab));
        assert!(
            draw(&mut app, 80, 24).contains("Europe/Zurich_"),
            "{language:?}"
        );
    }
}

#[test]
fn document_requests_show_state_labels() {
    for (language, requests) in [
        (
            Language::English,
            "R-2026-000014 Second question (Missing document); R-2026-000013 First question (Under review)",
        ),
        (
            Language::French,
            "R-2026-000014 Second question (Document manquant)\u{a0}; R-2026-000013 First question (En cours d’examen)",
        ),
    ] {
        let mut app = plain(documents_app());
        set_language(&mut app, language);
        app.handle(key(KeyCode::Enter));
        let related = |id: i64, subject: &str, state: &str| RelatedRequest {
            id,
            subject: subject.to_string(),
            state: state.to_string(),
            created_at: MARCH_FIRST,
        };
        let record = document(1, "invoice", "Invoice February", "read");
        let detail = DocumentDetail {
            record,
            preview: String::new(),
            contract: None,
            requests: vec![
                related(14, "Second question", "missing-document"),
                related(13, "First question", "under-review"),
            ],
            sftp_command: "sftp -P 2222 alice@127.0.0.1:/documents/x.pdf".to_string(),
            scp_command: "scp -P 2222 alice@127.0.0.1:/documents/x.pdf .".to_string(),
        };
        app.handle(Event::Loaded(Loaded::Document(Box::new(detail))));
        let screen = draw(&mut app, 300, 80);
        assert!(screen.contains(requests), "{language:?}: {screen}");
        assert!(!screen.contains("(missing-document)"), "{screen}");
    }
}

#[test]
fn notification_and_count_wording() {
    use crate::i18n::sync_scope;

    let french = sync_scope(Language::French, || {
        tr!(
            "requests-notify-message-body",
            name = "Sam Patel",
            subject = "Mars"
        )
    });
    assert_eq!(
        french,
        "Sam Patel a écrit dans la demande «\u{a0}Mars\u{a0}»."
    );

    let english = sync_scope(Language::English, || {
        [
            tr!("messages-plain-thread-unread", unread = 0, count = 1),
            tr!("messages-plain-thread-unread", unread = 2, count = 3),
            tr!(
                "requests-notify-state-title",
                number = "R-1",
                state = "missing document"
            ),
        ]
    });
    assert_eq!(
        english,
        [
            "0 of 1 message unread",
            "2 of 3 messages unread",
            "R-1 status changed to missing document",
        ]
    );
}

#[test]
fn french_singular_covers_zero_and_one() {
    use crate::i18n::sync_scope;

    let lines = |count: i64| {
        sync_scope(Language::French, || {
            tr!("plain-text-lines", label = "Message", count = count)
        })
    };
    assert_eq!(lines(0), "Message, 0 ligne\u{a0}:");
    assert_eq!(lines(1), "Message, 1 ligne\u{a0}:");
    assert_eq!(lines(2), "Message, 2 lignes\u{a0}:");

    let short = sync_scope(Language::French, || {
        tr!("preferences-password-too-short", count = 1, min = 12)
    });
    assert_eq!(
        short,
        "le mot de passe est trop court\u{a0}: 1 caractère, il en faut au moins 12"
    );
    let english = sync_scope(Language::English, || {
        tr!("plain-text-lines", label = "Message", count = 1)
    });
    assert_eq!(english, "Message, 1 line:");
}
