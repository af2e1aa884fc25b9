//! The terminal user interface: one [`App`] state machine per session. It
//! depends on neither SSH nor SQL: the session feeds it [`Event`]s and
//! carries out the [`Effect`]s it returns through the service layer, then
//! feeds the results back as [`Event::Loaded`] or [`Event::Done`].

pub mod app;
pub mod screens;
pub mod theme;
pub mod widgets;

pub use app::App;
pub use terminput::{KeyCode, KeyEvent, KeyModifiers};
pub use theme::Theme;

use crate::domain::RequestState;
use crate::notify::LiveEvent;
use crate::service::account::Activity;
use crate::service::login::EnrolmentOffer;
use crate::service::overview::Dashboard;
use crate::service::requests::{DraftOrigin, RequestDetail, RequestDraft};
use crate::store::documents::{DocumentQuery, DocumentRecord};
use crate::store::kb::ArticleRecord;
use crate::store::notifications::NotificationRecord;
use crate::store::requests::{RequestQuery, RequestRecord};
use crate::store::users::UserRecord;

/// Something that happened to the session.
#[derive(Debug, Clone)]
pub enum Event {
    Key(KeyEvent),
    /// Text pasted with bracketed paste; it goes into the focused field.
    Paste(String),
    /// The client's window changed to this many columns and rows.
    Resize {
        cols: u16,
        rows: u16,
    },
    /// Data asked for with [`Effect::Load`] arrived.
    Loaded(Loaded),
    /// A [`Command`] finished.
    Done(CommandResult),
    /// Something changed elsewhere that concerns this session, such as a
    /// new message; the app reloads what it shows.
    Live(LiveEvent),
}

/// Data the app requests from the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    Dashboard,
    Documents(DocumentQueryKey),
    Document(i64),
    Requests(RequestQueryKey),
    Request(i64),
    /// Request threads for the Messages screen.
    Threads,
    Profile,
    Activity,
    /// The notification centre.
    Notifications,
    /// Knowledge base articles matching a new request's subject.
    Suggestions(String),
}

/// The parts of a [`DocumentQuery`] the app chooses, comparable in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DocumentQueryKey {
    pub sort: crate::store::documents::DocumentSort,
}

impl DocumentQueryKey {
    pub fn to_query(self) -> DocumentQuery {
        DocumentQuery {
            sort: self.sort,
            ..DocumentQuery::default()
        }
    }
}

/// The parts of a [`RequestQuery`] the app chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RequestQueryKey {
    pub open_only: bool,
}

impl RequestQueryKey {
    pub fn to_query(self) -> RequestQuery {
        RequestQuery {
            open_only: self.open_only,
            ..RequestQuery::default()
        }
    }
}

/// Fetched data, one variant per [`Load`].
#[derive(Debug, Clone)]
pub enum Loaded {
    Dashboard(Box<Dashboard>),
    Documents(Vec<DocumentRecord>),
    Document(Box<DocumentRecord>),
    Requests(Vec<RequestRecord>),
    Request(Box<RequestDetail>),
    Threads(Vec<RequestRecord>),
    Profile(Box<UserRecord>),
    Activity(Box<Activity>),
    Notifications(Vec<NotificationRecord>),
    Suggestions {
        subject: String,
        articles: Vec<ArticleRecord>,
    },
    /// A load failed; the message is fit to show.
    Failed {
        load: Load,
        message: String,
    },
}

/// A change the app requests from the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    OpenRequest(RequestDraftKey),
    Reply {
        request_id: i64,
        body: String,
    },
    UpdateProfile {
        display_name: String,
        email: String,
    },
    ChangePassword {
        current: String,
        new: String,
    },
    /// Confirms TOTP enrolment with a code from the user's app.
    ConfirmEnrolment {
        code: String,
    },
    /// Writes an internal note (staff only).
    AddNote {
        request_id: i64,
        body: String,
    },
    ChangeState {
        request_id: i64,
        to: RequestState,
        next_step: String,
    },
    /// Assigns requests to the agent with `handle`, or to the caller when
    /// `None`.
    Assign {
        request_ids: Vec<i64>,
        handle: Option<String>,
    },
    /// Closes several requests with one next step (staff only).
    CloseMany {
        request_ids: Vec<i64>,
        next_step: String,
    },
    Attach {
        request_id: i64,
        document_id: i64,
    },
    SetPriority {
        request_id: i64,
        priority: crate::domain::RequestPriority,
    },
    AddParticipant {
        request_id: i64,
        handle: String,
    },
    Rate {
        request_id: i64,
        rating: i64,
        comment: String,
    },
    /// Tells other agents that the caller started writing in a request.
    SignalTyping {
        request_id: i64,
    },
    MarkNotificationRead {
        id: i64,
    },
    MarkAllNotificationsRead,
    /// Opens the organisation's general conversation with support.
    OpenConversation,
    /// Records that knowledge base articles were offered for a subject.
    RecordSuggestions {
        subject: String,
        article_ids: Vec<i64>,
    },
}

/// A [`RequestDraft`] in comparable form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestDraftKey {
    pub subject: String,
    pub category: crate::domain::RequestCategory,
    pub body: String,
    pub document_id: Option<i64>,
    /// The place the form was opened from, such as "Documents: Invoice 2026-02".
    pub context: String,
    /// Knowledge base articles shown while the subject was typed.
    pub offered_articles: Vec<i64>,
}

impl RequestDraftKey {
    pub fn to_draft(&self) -> RequestDraft {
        RequestDraft {
            subject: self.subject.clone(),
            category: self.category,
            body: self.body.clone(),
            document_id: self.document_id,
        }
    }

    pub fn to_origin(&self) -> DraftOrigin {
        DraftOrigin {
            context: self.context.clone(),
            offered_articles: self.offered_articles.clone(),
        }
    }
}

/// The outcome of a [`Command`].
#[derive(Debug, Clone)]
pub enum CommandResult {
    RequestOpened {
        id: i64,
        number: String,
    },
    Replied {
        request_id: i64,
    },
    ProfileUpdated,
    PasswordChanged,
    /// Enrolment succeeded; the recovery codes are shown once.
    Enrolled {
        recovery_codes: Vec<String>,
    },
    /// A change to requests succeeded; the message is fit to show.
    RequestsChanged {
        request_ids: Vec<i64>,
        message: String,
    },
    /// Notifications were marked read; the message is fit to show.
    NotificationsChanged {
        message: String,
    },
    /// The general conversation exists; its thread can be opened.
    ConversationOpened {
        request_id: i64,
    },
    /// A command that needs no reaction finished.
    Signalled,
    /// The command was refused or failed; the message is fit to show.
    Failed {
        message: String,
    },
}

/// An action the app requests from the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Load(Load),
    Run(Command),
    /// End the session.
    Quit,
}

/// The first view of a session: the dashboard, or TOTP enrolment first.
#[derive(Debug, Clone)]
pub enum StartMode {
    Dashboard,
    Enrolment(EnrolmentOffer),
}
