//! The per-session state machine: it routes events to the screens, keeps
//! the global keys (screen switching, help, quit), and draws the frame
//! around the current screen.

mod access;
#[cfg(test)]
mod french_tests;
mod keys;
mod overlay;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use terminput::KeyEventKind;

use self::keys::GLOBAL_KEYS;
use super::screens::activity::ActivityScreen;
use super::screens::dashboard::DashboardScreen;
use super::screens::documents::DocumentsScreen;
use super::screens::enrolment::EnrolmentScreen;
use super::screens::messages::MessagesScreen;
use super::screens::preferences::PreferencesScreen;
use super::screens::requests::RequestsScreen;
use super::screens::{Question, Reaction, Screen, ScreenId};
use super::theme::Theme;
use super::widgets::{
    HelpScroll, MIN_SIZE, Notice, fit_tabs, render_help, render_status_line, render_too_small,
};
use super::{CommandResult, Effect, Event, Load, Loaded, StartMode};

use crate::domain::Principal;
use crate::domain::text::sanitize_line;
use crate::notify::{LiveEvent, LiveEventKind};

/// Returns the words naming the data of a failed load.
fn describe_load(load: &Load) -> String {
    match load {
        Load::Dashboard => tr!("app-load-dashboard"),
        Load::Documents(_) => tr!("app-load-documents"),
        Load::Contracts => tr!("app-load-contracts"),
        Load::Document(_) => tr!("app-load-document"),
        Load::Requests(_) => tr!("app-load-requests"),
        Load::Request(_) => tr!("app-load-request"),
        Load::Threads => tr!("app-load-messages"),
        Load::Profile => tr!("app-load-profile"),
        Load::RecoveryCodesLeft => tr!("app-load-recovery-codes"),
        Load::Activity => tr!("app-load-activity"),
        Load::Notifications => tr!("app-load-notifications"),
        Load::Suggestions(_) => tr!("app-load-help-articles"),
        Load::Memberships => tr!("app-load-organisations"),
        Load::Members => tr!("app-load-members"),
        Load::Privacy => tr!("app-load-privacy"),
        Load::NotificationPreferences => tr!("app-load-notification-settings"),
        Load::AutomationKeys => tr!("app-load-automation-keys"),
    }
}

/// One session's user interface. See the module documentation of
/// [`crate::tui`] for how the session drives it.
pub struct App {
    principal: Principal,
    theme: Theme,
    /// Set while a new account enrols TOTP; no other screen is reachable.
    enrolment: Option<EnrolmentScreen>,
    current: ScreenId,
    dashboard: DashboardScreen,
    documents: DocumentsScreen,
    requests: RequestsScreen,
    messages: MessagesScreen,
    preferences: PreferencesScreen,
    activity: ActivityScreen,
    cols: u16,
    rows: u16,
    notice: Option<Notice>,
    /// Whether `notice` is the idle warning, which the next key clears.
    idle_warned: bool,
    /// The open yes/no question and the screen that asked it.
    question: Option<(Question, ScreenId)>,
    help: bool,
    /// The scroll position of the key list `?` draws in the normal mode.
    help_scroll: HelpScroll,
    display_name: String,
    organisation: Option<String>,
    redraw: bool,
    /// The organisation or privacy view, drawn over the current screen.
    overlay: Option<overlay::Overlay>,
    /// The theme choice, color depth and plain mode of this session.
    display: super::display::SessionDisplay,
    /// The open command palette.
    palette: Option<super::palette::Palette>,
    /// The focused list row of the last frame and the rows of its list,
    /// where a mouse click selects.
    list_marker: Option<ratatui::layout::Position>,
    list_rows: Rect,
    /// The page of the plain mode's view that the window shows.
    plain_pager: super::plain::PlainPager,
}

impl App {
    /// Returns the app and the effects to run first: the dashboard's load,
    /// or none while enrolling.
    pub fn new(
        principal: Principal,
        theme: Theme,
        start: StartMode,
        cols: u16,
        rows: u16,
    ) -> (App, Vec<Effect>) {
        let staff = principal.role.is_staff();
        let user_id = principal.user_id;
        let enrolment = match start {
            StartMode::Dashboard => None,
            StartMode::Enrolment(offer) => Some(EnrolmentScreen::new(offer)),
        };
        let principal_organisation = principal.organisation_name.clone();
        let mut app = App {
            display_name: principal.display_name.clone(),
            principal,
            theme,
            enrolment,
            current: ScreenId::Dashboard,
            dashboard: DashboardScreen::new(staff, user_id),
            documents: DocumentsScreen::new(staff),
            requests: RequestsScreen::new(staff, user_id),
            messages: MessagesScreen::new(staff),
            preferences: PreferencesScreen::new(),
            activity: ActivityScreen::new(),
            cols,
            rows,
            notice: None,
            idle_warned: false,
            question: None,
            help: false,
            help_scroll: HelpScroll::default(),
            organisation: principal_organisation,
            redraw: true,
            overlay: None,
            display: super::display::SessionDisplay::default(),
            palette: None,
            list_marker: None,
            list_rows: Rect::default(),
            plain_pager: super::plain::PlainPager::default(),
        };
        app.apply_access();
        app.set_display(super::display::SessionDisplay::default());
        let effects = if app.enrolment.is_some() {
            Vec::new()
        } else {
            app.dashboard.show()
        };
        (app, effects)
    }

    /// Handles one event and returns the effects the session must run.
    /// Text written meanwhile is in the session's language.
    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        let language = self.language();
        crate::i18n::sync_scope(language, || self.handle_event(event))
    }

    /// Returns the language the session reads in.
    pub fn language(&self) -> crate::i18n::Language {
        self.display.language()
    }

    fn handle_event(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Release => Vec::new(),
            Event::Key(key) => {
                self.redraw = true;
                if self.idle_warned {
                    self.idle_warned = false;
                    self.notice = None;
                }
                self.handle_key(&key)
            }
            Event::Paste(text) => {
                self.redraw = true;
                if let Some(palette) = &mut self.palette {
                    palette.paste(&text);
                    return Vec::new();
                }
                match &mut self.enrolment {
                    Some(enrolment) => enrolment.paste(&text),
                    None if !self.help && self.question.is_none() => match &mut self.overlay {
                        Some(overlay) => overlay.screen_mut().paste(&text),
                        None => self.screen_mut(self.current).paste(&text),
                    },
                    None => {}
                }
                Vec::new()
            }
            Event::Resize { cols, rows } => {
                self.redraw = true;
                if (cols, rows) != (self.cols, self.rows) {
                    self.plain_pager.follow();
                }
                self.cols = cols;
                self.rows = rows;
                Vec::new()
            }
            Event::Loaded(loaded) => {
                self.redraw = true;
                self.loaded(loaded)
            }
            Event::Done(result) => {
                self.redraw = true;
                self.done(&result)
            }
            Event::IdleWarning { secs } => {
                self.redraw = true;
                self.idle_warned = true;
                self.notice = Some(Notice::info(tr!("app-idle-warning", secs = secs)));
                Vec::new()
            }
            Event::Live(event) => self.live(&event),
            Event::DatabaseRetrying(retrying) => {
                self.redraw = true;
                self.notice = Some(if retrying {
                    Notice::info(tr!("app-database-lost"))
                } else {
                    Notice::ok(tr!("app-database-restored"))
                });
                Vec::new()
            }
            Event::Mouse(mouse) => self.handle_mouse(&mouse),
        }
    }

    /// Reloads what the current screen shows when an event concerns it, and
    /// warns an agent when another agent writes or replies in the request
    /// they have open. Screens with forms being edited are left alone.
    fn live(&mut self, event: &LiveEvent) -> Vec<Effect> {
        if self.enrolment.is_some() {
            return Vec::new();
        }
        let open_request = match self.current {
            ScreenId::Requests => self.requests.open_request(),
            ScreenId::Messages => self.messages.open_request(),
            _ => None,
        };
        let by_other = event.actor_id != Some(self.principal.user_id);
        if self.principal.role.is_staff()
            && by_other
            && open_request.is_some()
            && event.request_id == open_request
        {
            let name = if event.actor_name.is_empty() {
                tr!("app-another-agent")
            } else {
                sanitize_line(&event.actor_name)
            };
            let warning = match event.kind {
                LiveEventKind::Typing => Some(tr!("app-agent-typing", name = &name)),
                LiveEventKind::MessageAdded | LiveEventKind::NoteAdded => {
                    Some(tr!("app-agent-answered", name = &name))
                }
                _ => None,
            };
            if let Some(warning) = warning {
                self.notice = Some(Notice::error(warning));
                self.redraw = true;
            }
        }
        if event.kind == LiveEventKind::Typing {
            return Vec::new();
        }
        match self.current {
            ScreenId::Dashboard | ScreenId::Requests | ScreenId::Messages => {
                self.screen_mut(self.current).show()
            }
            _ => Vec::new(),
        }
    }

    /// Tells whether anything changed since the last [`App::render`].
    pub fn needs_redraw(&self) -> bool {
        self.redraw
    }

    fn screen_mut(&mut self, id: ScreenId) -> &mut dyn Screen {
        match id {
            ScreenId::Dashboard => &mut self.dashboard,
            ScreenId::Documents => &mut self.documents,
            ScreenId::Requests => &mut self.requests,
            ScreenId::Messages => &mut self.messages,
            ScreenId::Preferences => &mut self.preferences,
            ScreenId::Activity => &mut self.activity,
        }
    }

    fn screen(&self, id: ScreenId) -> &dyn Screen {
        match id {
            ScreenId::Dashboard => &self.dashboard,
            ScreenId::Documents => &self.documents,
            ScreenId::Requests => &self.requests,
            ScreenId::Messages => &self.messages,
            ScreenId::Preferences => &self.preferences,
            ScreenId::Activity => &self.activity,
        }
    }

    /// Shows a screen and returns its loads; showing the current screen
    /// again refreshes it.
    fn switch(&mut self, to: ScreenId) -> Vec<Effect> {
        self.current = to;
        self.help = false;
        self.overlay = None;
        self.screen_mut(to).show()
    }

    /// Carries out what a screen asked for and returns its effects.
    fn apply(&mut self, reaction: Reaction, owner: ScreenId) -> Vec<Effect> {
        let mut effects = reaction.effects;
        if let Some(notice) = reaction.notice {
            self.notice = Some(notice);
        }
        if let Some(question) = reaction.question {
            self.question = Some((question, owner));
        }
        if reaction.open_privacy {
            effects.extend(self.open_privacy());
        }
        if let Some(document) = reaction.new_request {
            if self.current != ScreenId::Requests {
                effects.extend(self.switch(ScreenId::Requests));
            }
            let opened = self.requests.open_form(document);
            effects.extend(self.apply(opened, ScreenId::Requests));
        }
        effects
    }

    fn loaded(&mut self, loaded: Loaded) -> Vec<Effect> {
        match loaded {
            Loaded::Dashboard(dashboard) => self.dashboard.loaded(*dashboard),
            Loaded::Documents(documents) => self.documents.loaded(documents),
            Loaded::Document(detail) => self.documents.detail_loaded(*detail),
            Loaded::Contracts(contracts) => self.documents.contracts_loaded(contracts),
            Loaded::Requests(requests) => self.requests.loaded(requests),
            Loaded::Request(detail) => {
                self.requests.request_loaded(&detail);
                self.messages.request_loaded(&detail);
            }
            Loaded::Threads(threads) => self.messages.loaded(threads),
            Loaded::Profile(profile) => {
                self.display_name = profile.display_name.clone();
                self.organisation = profile.organisation_name.clone();
                self.preferences.loaded(*profile);
            }
            Loaded::RecoveryCodesLeft(count) => self.preferences.recovery_codes_loaded(count),
            Loaded::NotificationPreferences(preferences) => {
                self.preferences.notification_settings_loaded(*preferences);
            }
            Loaded::Activity(activity) => self.activity.loaded(*activity),
            Loaded::Notifications(records) => self.dashboard.notifications_loaded(records),
            Loaded::Suggestions { subject, articles } => {
                self.messages.articles_loaded(&subject, &articles);
                return self.requests.suggestions_loaded(&subject, articles);
            }
            loaded @ (Loaded::Memberships(_) | Loaded::Members(_) | Loaded::Privacy(_)) => {
                self.overlay_loaded(loaded);
            }
            Loaded::AutomationKeys(keys) => self.preferences.automation_keys_loaded(keys),
            Loaded::Failed { load, message } => {
                let text = tr!(
                    "app-load-failed",
                    what = describe_load(&load),
                    message = &message
                );
                self.notice = Some(Notice::error(text));
                match &mut self.overlay {
                    Some(overlay) => overlay.screen_mut().load_failed(),
                    None => self.screen_mut(self.current).load_failed(),
                }
            }
        }
        Vec::new()
    }

    fn done(&mut self, result: &CommandResult) -> Vec<Effect> {
        self.drop_plain_notice();
        if let CommandResult::Failed { message } = result {
            self.notice = Some(Notice::error(message.clone()));
        }
        self.display_saved(result);
        if let Some(enrolment) = &mut self.enrolment {
            enrolment.done(result);
            return Vec::new();
        }
        let mut effects = Vec::new();
        for id in ScreenId::ALL {
            let reaction = self.screen_mut(id).done(result);
            effects.extend(self.apply(reaction, id));
        }
        effects.extend(self.overlay_done(result));
        effects
    }

    /// Draws the whole window in the session's language and clears
    /// [`App::needs_redraw`].
    pub fn render(&mut self, frame: &mut Frame) {
        let language = self.language();
        crate::i18n::sync_scope(language, || self.render_window(frame));
    }

    fn render_window(&mut self, frame: &mut Frame) {
        self.redraw = false;
        let mut area = frame.area();
        // The session reports the size with Resize events; trust the smaller
        // of that and the frame, so a late resize never draws off-screen.
        if self.cols > 0 && self.rows > 0 {
            area.width = area.width.min(self.cols);
            area.height = area.height.min(self.rows);
        }
        frame.render_widget(Block::default().style(self.theme.base), area);
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            render_too_small(frame, area, &self.theme);
            return;
        }
        if self.is_plain() {
            self.list_marker = None;
            self.render_plain(frame, area);
            return;
        }
        self.render_normal(frame, area);
        self.adapt_colors(frame);
    }

    fn render_normal(&mut self, frame: &mut Frame, area: Rect) {
        if let Some(enrolment) = &mut self.enrolment {
            let [body, status] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
            enrolment.render(frame, body, &self.theme);
            if self.help {
                render_help(
                    frame,
                    body,
                    &self.theme,
                    &tr!("app-enrolment-title"),
                    &enrolment.keys(),
                    &mut self.help_scroll,
                );
            }
            self.render_status(frame, status, false);
            return;
        }

        let [title, tabs, body, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.render_title(frame, title);
        self.render_tabs(frame, tabs);
        let theme = self.theme.clone();
        let current = self.current;
        let mut title = current.title();
        match &mut self.overlay {
            Some(view) => {
                title = view.title();
                view.screen_mut().render(frame, body, &theme);
            }
            None => self.screen_mut(current).render(frame, body, &theme),
        }
        self.find_list(frame.buffer_mut(), body);
        if let Some(palette) = &self.palette {
            palette.render(frame, body, &theme);
        }
        if self.help {
            let mut keys = self.active_screen().keys();
            keys.extend(GLOBAL_KEYS);
            let overlay = Rect {
                height: area.height.saturating_sub(1),
                ..area
            };
            render_help(frame, overlay, &theme, &title, &keys, &mut self.help_scroll);
        }
        let focus = self.active_screen().text_focus();
        self.render_status(frame, status, focus);
    }

    fn render_title(&self, frame: &mut Frame, area: Rect) {
        let context = match (&self.organisation, self.principal.role.is_staff()) {
            (Some(organisation), false) => sanitize_line(organisation),
            _ => self.principal.role.name(),
        };
        let line = Line::from(vec![
            Span::styled(" Portico ", self.theme.title),
            Span::styled("│ ", self.theme.border),
            Span::raw(sanitize_line(&self.display_name)),
            Span::styled(format!(" · {context}"), self.theme.muted),
        ]);
        frame.render_widget(Paragraph::new(line), area);
    }

    /// Draws the tab bar with as many screen names as fit; the active
    /// screen is bracketed, so it shows without color.
    fn render_tabs(&self, frame: &mut Frame, area: Rect) {
        let names: Vec<String> = ScreenId::ALL.iter().map(|id| id.title()).collect();
        // One column is the margin before the first tab.
        let width = usize::from(area.width.saturating_sub(1));
        let tabs = fit_tabs(&names, self.current.index(), width);
        let mut spans = vec![Span::raw(" ")];
        for (index, (id, label)) in ScreenId::ALL.iter().zip(tabs.labels).enumerate() {
            if index > 0 {
                spans.push(Span::styled(tabs.separator, self.theme.tab));
            }
            let style = if *id == self.current {
                self.theme.tab_active
            } else {
                self.theme.tab
            };
            spans.push(Span::styled(label, style));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn render_status(&self, frame: &mut Frame, area: Rect, focus: bool) {
        let hints = if self.palette.is_some() {
            vec![("Enter", "app-hint-run"), ("Esc", "common-close")]
        } else if focus {
            self.active_screen().field_hints()
        } else if self.help {
            vec![("Esc ?", "common-close")]
        } else {
            vec![("?", "app-hint-keys"), ("q", "common-quit")]
        };
        let question = self.question.map(|(question, _)| question.text());
        render_status_line(
            frame,
            area,
            &self.theme,
            &hints,
            self.notice.as_ref(),
            question.as_deref(),
        );
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::Modifier;

    use super::*;
    use crate::domain::Role;
    use crate::tui::screens::fixtures::{
        app, char_key, document, draw, key, principal, row_with, theme,
    };
    use crate::tui::{KeyCode, KeyEvent, Load, Loaded};

    #[test]
    fn initial_effects_load_dashboard() {
        let (_, effects) = App::new(
            principal(Role::Customer),
            theme(),
            StartMode::Dashboard,
            80,
            24,
        );
        assert_eq!(effects, vec![Effect::Load(Load::Dashboard)]);
    }

    #[test]
    fn tab_bar_brackets_active_screen() {
        let mut app = app();
        app.handle(char_key('3'));
        let screen = draw(&mut app, 100, 24);
        assert!(screen.contains("[3 Requests]"), "{screen}");
        assert!(screen.contains(" 2 Documents "), "{screen}");
        assert!(screen.contains("Alice Example"), "{screen}");

        let screen = draw(&mut app, 80, 24);
        let tabs = row_with(&screen, "[3 Requests]").expect("tab bar");
        for name in [
            " 1 Dashboard ",
            " 2 Documents ",
            " 4 Messages ",
            " 5 Preferences ",
            " 6 Activity ",
        ] {
            assert!(tabs.contains(name), "80 columns: {name} missing: {tabs}");
        }

        let narrow = draw(&mut app, 60, 16);
        let tabs = row_with(&narrow, "[3 Requests]").expect("tab bar");
        for name in ["2 Documents", "4 Messages", "5 Preferences"] {
            assert!(tabs.contains(name), "60 columns: {name} missing: {tabs}");
        }
        for digit in [" 1 ", " 6"] {
            assert!(tabs.contains(digit), "60 columns: tab {digit} cut: {tabs}");
        }
    }

    #[test]
    fn title_shows_organisation_from_start() {
        let mut app = app();
        let screen = draw(&mut app, 80, 24);
        let title = row_with(&screen, "Portico").expect("title row");
        assert!(title.contains("Northwind Ltd"), "{title}");

        let mut profile = crate::tui::screens::fixtures::user();
        profile.organisation_name = Some("Northwind Logistics".to_string());
        app.handle(Event::Loaded(Loaded::Profile(Box::new(profile))));
        let screen = draw(&mut app, 80, 24);
        let title = row_with(&screen, "Portico").expect("title row");
        assert!(title.contains("Northwind Logistics"), "{title}");
    }

    #[test]
    fn loading_shows_until_data_arrives() {
        let mut app = app();
        assert!(draw(&mut app, 80, 24).contains("Loading…"));
        app.handle(Event::Loaded(Loaded::Dashboard(Box::default())));
        assert!(!draw(&mut app, 80, 24).contains("Loading…"));
    }

    #[test]
    fn small_window_shows_only_message() {
        let mut app = app();
        app.handle(Event::Resize { cols: 50, rows: 10 });
        let small = draw(&mut app, 50, 10);
        assert!(small.contains("Window too small"), "{small}");
        assert!(small.contains("this one is 50x10"), "{small}");
        assert!(!small.contains("Dashboard"), "{small}");

        app.handle(Event::Resize { cols: 80, rows: 24 });
        let normal = draw(&mut app, 80, 24);
        assert!(!normal.contains("Window too small"), "{normal}");
        assert!(normal.contains("[1 Dashboard]"), "{normal}");
    }

    #[test]
    fn tiny_windows_never_panic() {
        let mut app = app();
        for (cols, rows) in [(0, 0), (1, 1), (59, 16), (60, 15), (60, 16), (200, 60)] {
            app.handle(Event::Resize { cols, rows });
            draw(&mut app, cols, rows);
        }
    }

    #[test]
    fn failed_load_shows_error_words() {
        let mut app = app();
        app.handle(Event::Loaded(Loaded::Failed {
            load: Load::Dashboard,
            message: "the database is unavailable".to_string(),
        }));
        let screen = draw(&mut app, 80, 24);
        let status = screen.lines().last().unwrap_or_default();
        assert!(
            status.contains("Error: could not load the dashboard: the database"),
            "{status}"
        );
        assert!(!screen.contains("Loading…"), "{screen}");
    }

    #[test]
    fn failed_command_shows_error_words() {
        let mut app = app();
        app.handle(Event::Done(CommandResult::Failed {
            message: "the subject is missing".to_string(),
        }));
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Error: the subject is missing"), "{screen}");
    }

    #[test]
    fn idle_warning_shown_until_key() {
        let mut app = app();
        app.handle(Event::IdleWarning { secs: 60 });
        let screen = draw(&mut app, 100, 24);
        assert!(
            screen.contains("this session closes in 60 seconds"),
            "{screen}"
        );

        app.handle(key(KeyCode::Down));
        let screen = draw(&mut app, 100, 24);
        assert!(!screen.contains("closes in"), "{screen}");
    }

    #[test]
    fn render_clears_redraw_flag() {
        let mut app = app();
        assert!(app.needs_redraw());
        draw(&mut app, 80, 24);
        assert!(!app.needs_redraw());
        app.handle(char_key('j'));
        assert!(app.needs_redraw());

        draw(&mut app, 80, 24);
        let release = KeyEvent::new(KeyCode::Char('j')).kind(KeyEventKind::Release);
        app.handle(Event::Key(release));
        assert!(!app.needs_redraw());
    }

    #[test]
    fn selected_row_is_reversed_in_monochrome() {
        let mut app = app();
        app.handle(char_key('2'));
        app.handle(Event::Loaded(Loaded::Documents(vec![document(
            1, "invoice", "First", "new",
        )])));
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
        terminal.draw(|frame| app.render(frame)).expect("draw");
        let buffer = terminal.backend().buffer();
        let marker = (0..24u16)
            .flat_map(|y| (0..80u16).map(move |x| (x, y)))
            .find(|&(x, y)| buffer.cell((x, y)).is_some_and(|cell| cell.symbol() == "›"))
            .expect("marker drawn");
        let cell = buffer.cell(marker).expect("marker cell");
        assert!(cell.modifier.contains(Modifier::REVERSED));
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
    }
}
