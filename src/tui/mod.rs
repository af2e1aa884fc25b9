//! The terminal user interface: one [`App`] state machine per session. It
//! depends on neither SSH nor SQL: the session feeds it [`Event`]s and
//! carries out the [`Effect`]s it returns through the service layer, then
//! feeds the results back as [`Event::Loaded`] or [`Event::Done`].

pub mod app;
pub mod color;
pub mod display;
pub mod palette;
pub mod plain;
pub mod screens;
pub mod theme;
pub mod widgets;

pub use app::App;
pub use terminput::{KeyCode, KeyEvent, KeyModifiers, MouseEvent};
pub use theme::Theme;

use crate::domain::RequestState;
use crate::notify::LiveEvent;
use crate::service::account::Activity;
use crate::service::contracts::ContractAction;
use crate::service::documents::DocumentDetail;
use crate::service::login::EnrolmentOffer;
use crate::service::overview::Dashboard;
use crate::service::requests::{DraftOrigin, RequestDetail, RequestDraft};
use crate::store::contracts::ContractRecord;
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
    /// The session closes after `secs` more seconds without a key.
    IdleWarning {
        secs: u64,
    },
    /// Something changed elsewhere that concerns this session, such as a
    /// new message; the app reloads what it shows.
    Live(LiveEvent),
    /// The connection to the database was lost and a load or command is
    /// being tried again (`true`), or it is back (`false`).
    DatabaseRetrying(bool),
    /// A mouse click or wheel turn, where the client reports the mouse.
    Mouse(MouseEvent),
}

/// Data the app requests from the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    Dashboard,
    Documents(DocumentQueryKey),
    Document(i64),
    /// The contracts tab of the Documents screen.
    Contracts,
    Requests(RequestQueryKey),
    Request(i64),
    /// Request threads for the Messages screen.
    Threads,
    Profile,
    /// How many unused recovery codes the caller has.
    RecoveryCodesLeft,
    Activity,
    /// The notification centre.
    Notifications,
    /// Knowledge base articles matching a new request's subject.
    Suggestions(String),
    /// The organisations the caller belongs to, for the switcher.
    Memberships,
    /// The members of the current organisation (owners).
    Members,
    /// The privacy notice with the caller's consents.
    Privacy,
    /// The caller's notification channels, quiet hours and digest.
    NotificationPreferences,
    /// The caller's automation keys, for Preferences.
    AutomationKeys,
}

/// Maximum number of documents one list shows; search or filter to narrow a longer one.
pub const DOCUMENT_PAGE: i64 = 500;

/// The parts of a [`DocumentQuery`] the app chooses, comparable in tests.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentQueryKey {
    pub sort: crate::store::documents::DocumentSort,
    /// The search line: words, plus filters such as `kind:invoice`,
    /// `status:new`, `year:2026`, `from:2026-01-01` and `to:2026-03-31`.
    pub search: String,
    /// Shows the archive instead of the current documents.
    pub archived: bool,
}

impl DocumentQueryKey {
    /// Builds the query: filter tokens with a valid value become filters,
    /// everything else is searched as words.
    pub fn to_query(&self) -> DocumentQuery {
        let mut query = DocumentQuery {
            sort: self.sort,
            archived: Some(self.archived),
            limit: Some(DOCUMENT_PAGE),
            ..DocumentQuery::default()
        };
        let mut words = Vec::new();
        for token in self.search.split_whitespace() {
            let is_date = |value: &str| crate::domain::parse_date(value, "date").is_ok();
            match token.split_once(':') {
                Some(("kind", value)) if value.parse::<crate::domain::DocumentKind>().is_ok() => {
                    query.kind = value.parse().ok();
                }
                Some(("status", value))
                    if value.parse::<crate::domain::DocumentStatus>().is_ok() =>
                {
                    query.status = value.parse().ok();
                }
                Some(("year", value)) if value.len() == 4 && value.parse::<i32>().is_ok() => {
                    query.year = value.parse().ok();
                }
                Some(("from", value)) if is_date(value) => query.from = Some(value.to_string()),
                Some(("to", value)) if is_date(value) => query.to = Some(value.to_string()),
                _ => words.push(token),
            }
        }
        if !words.is_empty() {
            query.search = Some(words.join(" "));
        }
        query
    }
}

/// The parts of a [`RequestQuery`] the app chooses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestQueryKey {
    pub open_only: bool,
    /// The agent's filters; customers have none.
    pub filters: screens::request_filters::RequestFilters,
}

impl RequestQueryKey {
    pub fn to_query(&self) -> RequestQuery {
        let mut query = RequestQuery {
            open_only: self.open_only,
            ..RequestQuery::default()
        };
        self.filters.apply(&mut query);
        query
    }
}

/// Fetched data, one variant per [`Load`].
#[derive(Debug, Clone)]
pub enum Loaded {
    Dashboard(Box<Dashboard>),
    Documents(Vec<DocumentRecord>),
    Document(Box<DocumentDetail>),
    Contracts(Vec<ContractRecord>),
    Requests(Vec<RequestRecord>),
    Request(Box<RequestDetail>),
    Threads(Vec<RequestRecord>),
    Profile(Box<UserRecord>),
    RecoveryCodesLeft(i64),
    Activity(Box<Activity>),
    Notifications(Vec<NotificationRecord>),
    Suggestions {
        subject: String,
        articles: Vec<ArticleRecord>,
    },
    Memberships(Vec<crate::store::organisations::MembershipRecord>),
    Members(Vec<crate::store::organisations::MemberRecord>),
    Privacy(Box<crate::service::privacy::PrivacyOverview>),
    NotificationPreferences(Box<crate::service::notification_settings::NotificationPreferences>),
    AutomationKeys(Vec<crate::store::automation_keys::AutomationKeyRecord>),
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
    /// Changes the password, confirmed with a fresh `code`.
    ChangePassword {
        current: String,
        new: String,
        code: String,
    },
    /// Saves the caller's notification channels, quiet hours and digest.
    SaveNotificationPreferences(
        Box<crate::service::notification_settings::NotificationPreferences>,
    ),
    /// Sends a code to a new email address (or by SMS to a new phone
    /// number when `phone`), after checking the authenticator `code`.
    RequestContactChange {
        phone: bool,
        value: String,
        code: String,
    },
    /// Applies the pending email or phone change with the code received.
    ConfirmContactChange {
        phone: bool,
        code: String,
    },
    /// Confirms TOTP enrolment with a code from the user's app.
    ConfirmEnrolment {
        code: String,
    },
    /// Sets the new password after an operator reset, before enrolment.
    SetRenewalPassword {
        password: String,
    },
    /// Ends another open session of the user's account.
    EndSession {
        session_id: i64,
    },
    /// Replaces the recovery codes after a fresh second factor.
    RegenerateRecoveryCodes {
        code: String,
    },
    /// Offers a new authenticator app after a fresh second factor.
    BeginReenrolment {
        code: String,
    },
    /// Switches to the offered app once `code` from it matches.
    ConfirmReenrolment {
        offer: crate::service::login::EnrolmentOffer,
        code: String,
    },
    /// Archives a document, or brings it back with `archived` false.
    SetDocumentArchived {
        id: i64,
        archived: bool,
    },
    /// Opens a request about a contract with the contract attached.
    ContractRequest {
        contract_id: i64,
        action: ContractAction,
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
    /// Makes the session act in another organisation of the caller.
    SwitchOrganisation {
        organisation_id: i64,
    },
    /// Invites a colleague into the current organisation (owners).
    InviteMember {
        handle: String,
        display_name: String,
        email: String,
        role: crate::domain::MemberRole,
    },
    /// Changes a colleague's role, confirmed with a fresh `code`.
    ChangeMemberRole {
        handle: String,
        role: crate::domain::MemberRole,
        code: String,
    },
    /// Removes a colleague from the organisation, with a fresh `code`.
    RevokeMember {
        handle: String,
        code: String,
    },
    /// Gives (`granted`) or withdraws the consent on topic `key`.
    SetConsent {
        key: String,
        granted: bool,
    },
    /// Prepares the data export, with a fresh `code`.
    ExportData {
        code: String,
    },
    /// Files an erasure request, with a fresh `code`.
    RequestErasure {
        code: String,
    },
    /// Stores the caller's theme and plain-mode choice.
    SaveDisplay(crate::service::display::DisplayPreferences),
    /// Stores the caller's time zone, date format and language.
    SaveRegional {
        time_zone: String,
        date_format: crate::domain::regional::DateFormat,
        language: Option<crate::domain::regional::Language>,
    },
    /// Registers an automation key after checking a fresh `code`.
    RegisterAutomationKey {
        code: String,
        draft: crate::service::automation_keys::AutomationKeyDraft,
    },
    /// Deletes one of the caller's automation keys.
    RevokeAutomationKey {
        id: i64,
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
            contract_id: None,
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
    NotificationPreferencesSaved,
    /// A code went to the new email address, or by SMS when `phone`.
    ContactCodeSent {
        phone: bool,
    },
    /// The email address or phone number is now `value`.
    ContactChanged {
        value: String,
    },
    /// The new password after an operator reset is saved.
    RenewalPasswordSet,
    SessionEnded,
    /// New recovery codes, shown once.
    RecoveryCodes {
        codes: Vec<String>,
    },
    /// A new authenticator app's secret, waiting for its first code.
    ReenrolmentOffered(crate::service::login::EnrolmentOffer),
    DocumentArchived(Box<DocumentRecord>),
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
    /// An automation key was registered or revoked; the message is fit
    /// to show.
    AutomationKeysChanged {
        message: String,
    },
    /// A command that needs no reaction finished.
    Signalled,
    /// The session now acts in another organisation as this principal.
    OrganisationSwitched(Box<crate::domain::Principal>),
    /// A change to the members succeeded; the message is fit to show.
    MembersChanged {
        message: String,
    },
    /// A consent, export or erasure request succeeded; the message is fit
    /// to show.
    PrivacyChanged {
        message: String,
    },
    /// The display preferences are stored and apply from now on.
    DisplaySaved(crate::service::display::DisplayPreferences),
    RegionalSaved(crate::domain::regional::Regional),
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
