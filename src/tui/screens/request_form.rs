//! The form customers open a new request with.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::suggestions::Suggestions;
use super::{AttachedDocument, Question, Reaction};
use crate::domain::RequestCategory;
use crate::domain::text::sanitize_line;
use crate::service::requests::{MAX_MESSAGE_CHARS, MAX_SUBJECT_CHARS};
use crate::store::kb::ArticleRecord;
use crate::tui::plain::{PlainForm, PlainView};
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    Composer, Notice, TextField, is_back_tab, is_ctrl, is_send, panel, plain_char,
};
use crate::tui::{Command, Effect, KeyCode, KeyEvent, RequestDraftKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormField {
    Subject,
    Category,
    Message,
}

/// The new-request form: subject, category, message and an optional
/// attached document.
pub struct RequestForm {
    subject: TextField,
    category: usize,
    message: Composer,
    document: Option<AttachedDocument>,
    focus: FormField,
    suggestions: Suggestions,
    /// Whether the request was sent and its result has not arrived yet. The
    /// form ignores keys meanwhile.
    pub(super) sending: bool,
}

impl RequestForm {
    pub fn new(document: Option<AttachedDocument>) -> RequestForm {
        RequestForm {
            subject: TextField::new(MAX_SUBJECT_CHARS),
            category: 0,
            message: Composer::new(MAX_MESSAGE_CHARS),
            document,
            focus: FormField::Subject,
            suggestions: Suggestions::default(),
            sending: false,
        }
    }

    /// Keeps the articles found for a subject; returns the command that
    /// records newly shown ones.
    pub fn suggestions_loaded(
        &mut self,
        subject: &str,
        articles: Vec<ArticleRecord>,
    ) -> Option<Effect> {
        self.suggestions.loaded(subject, articles)
    }

    /// Describes where the form was opened from, so the agent need not ask.
    /// Stored with the request in English and translated when shown.
    fn context(&self) -> String {
        super::thread_context::stored_origin(
            self.document
                .as_ref()
                .map(|document| document.title.as_str()),
        )
    }

    fn category(&self) -> RequestCategory {
        RequestCategory::ALL
            .get(self.category)
            .copied()
            .unwrap_or(RequestCategory::Other)
    }

    pub fn is_blank(&self) -> bool {
        self.subject.value().trim().is_empty() && self.message.is_blank()
    }

    fn move_focus(&mut self, back: bool) {
        self.focus = match (self.focus, back) {
            (FormField::Subject, false) | (FormField::Message, true) => FormField::Category,
            (FormField::Category, false) | (FormField::Subject, true) => FormField::Message,
            (FormField::Message, false) | (FormField::Category, true) => FormField::Subject,
        };
    }

    fn cycle_category(&mut self, back: bool) {
        let count = RequestCategory::ALL.len();
        self.category = if back {
            (self.category + count - 1) % count
        } else {
            (self.category + 1) % count
        };
    }

    /// Checks the form and returns the command that opens the request.
    fn submit(&self) -> Result<Command, String> {
        let subject = self.subject.value().trim().to_string();
        if subject.is_empty() {
            return Err(tr!("requests-form-subject-missing"));
        }
        if self.message.is_blank() {
            return Err(tr!("requests-form-message-missing"));
        }
        Ok(Command::OpenRequest(RequestDraftKey {
            subject,
            category: self.category(),
            body: self.message.value(),
            document_id: self.document.as_ref().map(|document| document.id),
            context: self.context(),
            offered_articles: self.suggestions.offered(),
        }))
    }

    /// Handles a key of the form. Esc raises the question whether to discard
    /// the text, because the requests screen closes a blank form itself.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if self.sending {
            return Reaction::handled();
        }
        if self.suggestions.is_reading() {
            self.suggestions.handle_reader_key(key);
            return Reaction::handled();
        }
        if is_ctrl(key, 'r') {
            if self.suggestions.open_first() {
                return Reaction::handled();
            }
            return Reaction::handled().with_notice(Notice::info(tr!("requests-form-no-article")));
        }
        if is_send(key) {
            return match self.submit() {
                Ok(command) => {
                    self.sending = true;
                    Reaction::handled()
                        .with_effect(Effect::Run(command))
                        .with_notice(Notice::info(tr!("common-sending")))
                }
                Err(message) => Reaction::handled().with_notice(Notice::error(message)),
            };
        }
        if key.code == KeyCode::Esc {
            return Reaction::ask(Question::DiscardRequest);
        }
        if key.code == KeyCode::Tab {
            self.move_focus(is_back_tab(key));
            return Reaction::handled();
        }

        match self.focus {
            FormField::Subject if key.code == KeyCode::Enter => self.move_focus(false),
            FormField::Subject => {
                self.subject.handle_key(key);
                if let Some(effect) = self.suggestions.subject_changed(&self.subject.value()) {
                    return Reaction::handled().with_effect(effect);
                }
            }
            // Only the arrows change the category, so text typed here by
            // mistake cannot change it unseen; a letter gets a notice.
            FormField::Category => match (key.code, plain_char(key)) {
                (KeyCode::Left, _) => self.cycle_category(true),
                (KeyCode::Right, _) => self.cycle_category(false),
                (KeyCode::Enter | KeyCode::Down, _) => self.move_focus(false),
                (KeyCode::Up, _) => self.move_focus(true),
                (_, Some(_)) => {
                    return Reaction::handled()
                        .with_notice(Notice::info(tr!("requests-form-category-typed")));
                }
                _ => {}
            },
            FormField::Message => {
                self.message.handle_key(key);
            }
        }
        Reaction::handled()
    }

    /// Inserts pasted text into the focused field.
    pub fn paste(&mut self, text: &str) {
        match self.focus {
            FormField::Subject => self.subject.insert_str(text),
            FormField::Message => self.message.insert_str(text),
            FormField::Category => {}
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("Tab Shift-Tab", "common-next-previous-field"),
            ("← →", "requests-form-key-category"),
            ("Enter", "requests-form-key-enter"),
            ("Ctrl-S Alt-Enter", "requests-form-key-send"),
            ("Ctrl-R", "requests-form-key-articles"),
            ("Esc", "common-cancel"),
        ]
    }

    pub fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        vec![
            ("Tab", "common-next-field"),
            ("Ctrl-S", "common-send"),
            ("Esc", "common-cancel"),
        ]
    }

    /// Describes the form for the plain mode, or `None` while a suggested
    /// article is open, which reads from its drawing.
    pub fn plain_view(&self) -> Option<PlainView> {
        if self.suggestions.is_reading() {
            return None;
        }
        let title = if self.sending {
            tr!("plain-request-form-sending")
        } else {
            tr!("requests-form-title")
        };
        let mut form = PlainForm::new(title);
        let focused = |field: FormField| self.focus == field && !self.sending;
        form.text(
            &tr!("requests-form-subject"),
            &self.subject,
            focused(FormField::Subject),
        );
        for line in self.suggestions.plain_lines() {
            form.line(line);
        }
        form.choice(
            &tr!("requests-form-category"),
            &self.category().label(),
            focused(FormField::Category),
        );
        form.line(match &self.document {
            Some(document) => tr!(
                "plain-request-form-document",
                title = sanitize_line(&document.title)
            ),
            None => tr!("plain-request-form-no-document"),
        });
        form.text_area(
            &tr!("requests-form-message"),
            &self.message,
            focused(FormField::Message),
        );
        form.keys(&self.field_hints());
        Some(form.finish())
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let title = if self.sending {
            format!("{} · {}", tr!("requests-form-title"), tr!("common-sending"))
        } else {
            tr!("requests-form-title")
        };
        if self.suggestions.is_reading() {
            self.suggestions.render_reader(frame, area, theme);
            return;
        }
        let block = panel(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);

        let [
            subject_row,
            suggestions_area,
            category_row,
            document_row,
            message_row,
            message_area,
        ] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(self.suggestions.height()),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        self.suggestions.render_list(frame, suggestions_area, theme);

        let subject_text = tr!("requests-form-subject");
        let category_text = tr!("requests-form-category");
        let message_text = tr!("requests-form-message");
        // The labels are padded to the widest of them in this language,
        // and to at least 10 columns.
        let label_width = [&subject_text, &category_text, &message_text]
            .iter()
            .map(|text| text.width())
            .max()
            .unwrap_or(0)
            .max(10);
        let label = |text: &str, field: FormField| {
            let focused = self.focus == field;
            let marker = if focused { "› " } else { "  " };
            let style = if focused { theme.key } else { theme.muted };
            let padding = " ".repeat(label_width.saturating_sub(text.width()));
            Span::styled(format!("{marker}{text}{padding}"), style)
        };
        let counter = |count: usize, max: usize| {
            let style = if count >= max {
                theme.warning
            } else {
                theme.muted
            };
            Span::styled(format!(" {count}/{max}"), style)
        };

        let subject_counter = counter(self.subject.char_count(), self.subject.max_chars());
        let [subject_label, subject_field, subject_count] = Layout::horizontal([
            Constraint::Length(u16::try_from(label_width + 2).unwrap_or(12)),
            Constraint::Fill(1),
            Constraint::Length(9),
        ])
        .areas(subject_row);
        frame.render_widget(label(&subject_text, FormField::Subject), subject_label);
        self.subject.render(
            frame,
            subject_field,
            theme,
            self.focus == FormField::Subject && !self.sending,
        );
        frame.render_widget(subject_counter, subject_count);

        let category = Line::from(vec![
            label(&category_text, FormField::Category),
            Span::styled(format!("‹ {} ›", self.category().label()), theme.field),
            Span::styled(
                format!("  {}", tr!("requests-form-change-category")),
                theme.muted,
            ),
        ]);
        frame.render_widget(category, category_row);

        let document = match &self.document {
            Some(document) => format!(
                "  {}",
                tr!(
                    "requests-form-document-attached",
                    title = sanitize_line(&document.title)
                )
            ),
            None => format!("  {}", tr!("requests-form-document-none")),
        };
        frame.render_widget(Span::styled(document, theme.muted), document_row);

        let message = Line::from(vec![
            label(&message_text, FormField::Message),
            counter(self.message.char_count(), self.message.max_chars()),
        ]);
        frame.render_widget(message, message_row);
        let [_, message_field] =
            Layout::horizontal([Constraint::Length(2), Constraint::Fill(1)]).areas(message_area);
        self.message.render(
            frame,
            message_field,
            theme,
            self.focus == FormField::Message && !self.sending,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::RequestCategory;
    use crate::tui::screens::fixtures::{
        assert_french, char_key, check_plain, ctrl, draw, in_french, key, requests_app, type_text,
    };
    use crate::tui::{
        Command, CommandResult, Effect, Event, KeyCode, Load, RequestDraftKey, RequestQueryKey,
    };

    #[test]
    fn new_request_form_sends_draft() {
        let mut app = requests_app();
        app.handle(char_key('n'));
        for c in "Question 1".chars() {
            let effects = app.handle(char_key(c));
            // Each new subject of three characters or more asks for help
            // articles; a trailing space changes nothing.
            let asks = !matches!(c, 'Q' | 'u' | ' ');
            assert_eq!(effects.len(), usize::from(asks), "{c}");
        }
        app.handle(key(KeyCode::Tab));
        app.handle(key(KeyCode::Right));
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "Please call me.");
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("10/120"), "{screen}");
        assert!(screen.contains("15/4000"), "{screen}");
        assert!(screen.contains("‹ Contract change ›"), "{screen}");

        let effects = app.handle(ctrl('s'));
        let expected = Command::OpenRequest(RequestDraftKey {
            subject: "Question 1".to_string(),
            category: RequestCategory::ContractChange,
            body: "Please call me.".to_string(),
            document_id: None,
            context: "Requests: new request".to_string(),
            offered_articles: Vec::new(),
        });
        assert_eq!(effects, vec![Effect::Run(expected)]);

        let effects = app.handle(Event::Done(CommandResult::RequestOpened {
            id: 125,
            number: "R-2026-000125".to_string(),
        }));
        assert_eq!(
            effects,
            vec![Effect::Load(Load::Requests(RequestQueryKey::default()))]
        );
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Request R-2026-000125 opened"), "{screen}");
        assert!(!screen.contains("New request"), "{screen}");
    }

    #[test]
    fn empty_form_is_rejected_locally() {
        let mut app = requests_app();
        app.handle(char_key('n'));
        assert!(app.handle(ctrl('s')).is_empty());
        assert!(draw(&mut app, 80, 24).contains("Error: The subject is missing"));
    }

    #[test]
    fn escape_on_typed_form_asks() {
        let mut app = requests_app();
        app.handle(char_key('n'));
        type_text(&mut app, "x");
        app.handle(key(KeyCode::Esc));
        assert!(draw(&mut app, 80, 24).contains("Discard this request? y/n"));
        app.handle(char_key('n'));
        assert!(draw(&mut app, 80, 24).contains("New request"));
        app.handle(key(KeyCode::Esc));
        app.handle(char_key('y'));
        assert!(!draw(&mut app, 80, 24).contains("New request"));
    }

    #[test]
    fn failed_submit_keeps_form_text() {
        let mut app = requests_app();
        app.handle(char_key('n'));
        type_text(&mut app, "Subject");
        app.handle(key(KeyCode::Tab));
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "Body");
        app.handle(ctrl('s'));
        app.handle(Event::Done(CommandResult::Failed {
            message: "the database is unavailable".to_string(),
        }));
        let screen = draw(&mut app, 80, 24);
        assert!(
            screen.contains("Error: the database is unavailable"),
            "{screen}"
        );
        assert!(screen.contains("Subject"), "{screen}");
        assert_eq!(app.handle(ctrl('s')).len(), 1, "the form can be sent again");
    }

    #[test]
    fn plain_form_names_fields_and_focus() {
        let mut app = requests_app();
        app.handle(char_key('n'));
        type_text(&mut app, "Printer");
        app.handle(ctrl('s'));
        let lines = check_plain(
            app,
            &[
                "New request",
                "Category: Billing, ← → to change",
                "Attached document: none",
                "Message: empty",
                "Keys: Tab to next field, Ctrl-S to send, Esc to cancel",
                "Error: The message is missing",
            ],
            Some("Subject: Printer"),
        );
        let last = lines.last().map_or("", String::as_str);
        assert!(last.ends_with("Subject: Printer"), "{lines:?}");
    }

    #[test]
    fn plain_form_focuses_message_lines() {
        let mut app = requests_app();
        app.handle(char_key('n'));
        app.handle(key(KeyCode::Tab));
        app.handle(key(KeyCode::Tab));
        type_text(&mut app, "First");
        app.handle(key(KeyCode::Enter));
        type_text(&mut app, "Second");
        check_plain(
            app,
            &["Subject: empty", "Message, 2 lines:", "First"],
            Some("Message, last line: Second"),
        );
    }

    #[test]
    fn plain_form_in_french() {
        let mut app = in_french(requests_app(), true);
        app.handle(char_key('n'));
        app.handle(key(KeyCode::Tab));
        let screen = draw(&mut app, 300, 40);
        assert_french(
            &screen,
            &[
                "Nouvelle demande",
                "Objet\u{a0}: vide",
                "Document joint\u{a0}: aucun",
                "› Catégorie\u{a0}: ",
                "← → pour changer",
            ],
            &["Subject", "New request"],
        );
    }
}
