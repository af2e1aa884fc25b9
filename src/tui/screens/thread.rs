//! The request thread view, which the requests and messages screens share:
//! one request's facts, its status history and its messages, scrollable,
//! with a reply composer.

use crate::domain::regional::Regional;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::thread_actions::{Prompt, PromptOutcome, next_states};
use super::{
    Question, Reaction, category_label, format_time, render_waiting, request_number, state_label,
    thread_context,
};
use crate::domain::next_step;
use crate::domain::text::{sanitize, sanitize_line};
use crate::domain::{RequestPriority, RequestState};
use crate::service::requests::{MAX_MESSAGE_CHARS, MAX_SUBJECT_CHARS, RequestDetail};

/// Maximum length of the words of an article search, in characters.
const MAX_ARTICLE_SEARCH_CHARS: usize = MAX_SUBJECT_CHARS;
use crate::store::kb::ArticleRecord;
use crate::tui::plain::{PlainView, keys_line};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Composer, Notice, TextField, hanging, is_send, panel, plain_char};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

/// Returns the "● 2 new" marker of a thread with unread messages.
pub fn unread_marker(unread: i64) -> String {
    if unread > 0 {
        tr!("messages-unread-marker", count = unread)
    } else {
        String::new()
    }
}

/// Returns the row style of a thread in a list: bold while it has unread
/// messages.
pub fn unread_style(unread: i64) -> Style {
    if unread > 0 {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    }
}

/// One request with its history and messages, scrollable, with a reply
/// composer.
pub struct Thread {
    pub request_id: i64,
    detail: Option<RequestDetail>,
    failed: bool,
    scroll: usize,
    page: usize,
    reply: Option<Composer>,
    /// The composer writes an internal note instead of a reply.
    internal: bool,
    prompt: Option<Prompt>,
    sending: bool,
    /// Scroll to the newest message at the next drawing, after a reply.
    to_end: bool,
}

impl Thread {
    pub fn new(request_id: i64) -> Thread {
        Thread {
            request_id,
            detail: None,
            failed: false,
            scroll: 0,
            page: 10,
            reply: None,
            internal: false,
            prompt: None,
            sending: false,
            to_end: false,
        }
    }

    /// Tells whether the caller is staff; only staff get the customer's
    /// context with a request.
    fn staff(&self) -> bool {
        self.detail
            .as_ref()
            .is_some_and(|detail| detail.context.is_some())
    }

    fn state(&self) -> Option<RequestState> {
        self.detail.as_ref()?.request.state.parse().ok()
    }

    /// Opens the composer, for a reply or an internal note, and signals to
    /// other agents that the caller is writing.
    fn compose(&mut self, internal: bool, text: &str) -> Reaction {
        let mut composer = Composer::new(MAX_MESSAGE_CHARS);
        composer.insert_str(text);
        self.reply = Some(composer);
        self.internal = internal;
        self.to_end = true;
        if self.staff() {
            let command = Command::SignalTyping {
                request_id: self.request_id,
            };
            return Reaction::handled().with_effect(Effect::Run(command));
        }
        Reaction::handled()
    }

    fn handle_prompt_key(&mut self, key: &KeyEvent) -> Reaction {
        let Some(prompt) = &mut self.prompt else {
            return Reaction::ignored();
        };
        match prompt.handle_key(key, self.request_id) {
            PromptOutcome::Open => Reaction::handled(),
            PromptOutcome::Cancelled => {
                self.prompt = None;
                Reaction::handled()
            }
            PromptOutcome::Next(next) => {
                self.prompt = Some(next);
                Reaction::handled()
            }
            PromptOutcome::Send(command) => {
                self.prompt = None;
                self.sending = true;
                Reaction::handled()
                    .with_effect(Effect::Run(command))
                    .with_notice(Notice::info(tr!("common-sending")))
            }
            PromptOutcome::Insert(text) => {
                self.prompt = None;
                self.compose(false, &text)
            }
            PromptOutcome::Search(words) => {
                self.prompt = Some(Prompt::Article {
                    words: words.clone(),
                    choices: Vec::new(),
                });
                Reaction::load(Load::Suggestions(words))
                    .with_notice(Notice::info(tr!("messages-searching-articles")))
            }
            PromptOutcome::Invalid(message) => {
                Reaction::handled().with_notice(Notice::error(message))
            }
        }
    }

    /// Handles the action keys of agents and customers, which open a prompt
    /// or send a command at once.
    fn handle_action_key(&mut self, c: char) -> Reaction {
        let Some(detail) = &self.detail else {
            return Reaction::ignored();
        };
        let state = self.state();
        let closed = state == Some(RequestState::Closed);
        if detail.request.conversation != 0 && matches!(c, 's' | 'w' | 'o' | '*') {
            return Reaction::handled()
                .with_notice(Notice::error(tr!("messages-conversation-no-state")));
        }
        let prompt = match (self.staff(), c) {
            (true, 'i') => return self.compose(true, ""),
            (true, 'a') => {
                self.sending = true;
                let command = Command::Assign {
                    request_ids: vec![self.request_id],
                    handle: None,
                };
                return Reaction::handled().with_effect(Effect::Run(command));
            }
            (true, 'A') => Prompt::new_assignee(detail.agents.clone()),
            (true, 'P') => Prompt::Priority,
            (true, 's') => {
                let choices = state.map(next_states).unwrap_or_default();
                if choices.is_empty() {
                    return Reaction::handled()
                        .with_notice(Notice::error(tr!("messages-no-state-change")));
                }
                Prompt::State { choices }
            }
            (true, 'c') => Prompt::Canned {
                choices: detail.canned.clone(),
            },
            (true, 'K') => Prompt::ArticleSearch {
                field: TextField::new(MAX_ARTICLE_SEARCH_CHARS),
            },
            (false, 'd') if closed => {
                return Reaction::handled()
                    .with_notice(Notice::error(tr!("messages-closed-reopen-first")));
            }
            (false, 'd') => Prompt::Document {
                choices: detail.attachable.clone(),
            },
            (false, 'w') if !closed => Prompt::ConfirmWithdraw,
            (false, 'o') if closed => {
                self.sending = true;
                let command = Command::ChangeState {
                    request_id: self.request_id,
                    to: RequestState::UnderReview,
                    next_step: String::new(),
                };
                return Reaction::handled().with_effect(Effect::Run(command));
            }
            (false, '*') if !closed => {
                return Reaction::handled()
                    .with_notice(Notice::error(tr!("messages-rate-when-closed")));
            }
            (false, '*') if detail.request.rating.is_some() => {
                return Reaction::handled()
                    .with_notice(Notice::error(tr!("messages-already-rated")));
            }
            (false, '*') => Prompt::Rating,
            (_, 'p') => Prompt::new_participant(),
            _ => return Reaction::ignored(),
        };
        self.prompt = Some(prompt);
        Reaction::handled()
    }

    /// Shows the articles found for `words` when the article prompt waits
    /// for them.
    pub fn articles_loaded(&mut self, words: &str, articles: &[ArticleRecord]) {
        if let Some(Prompt::Article {
            words: wanted,
            choices,
        }) = &mut self.prompt
            && wanted == words
        {
            *choices = articles.to_vec();
        }
    }

    pub fn loaded(&mut self, detail: &RequestDetail) {
        if detail.request.id == self.request_id {
            self.detail = Some(detail.clone());
            self.failed = false;
        }
    }

    pub fn load_failed(&mut self) {
        self.failed = self.detail.is_none();
    }

    pub fn text_focus(&self) -> bool {
        self.reply.is_some() || self.prompt.is_some()
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(reply) = &mut self.reply {
            reply.insert_str(text);
        } else if let Some(prompt) = &mut self.prompt {
            prompt.paste(text);
        }
    }

    /// Handles a key of the thread view. Esc with no composer open is left
    /// to the owning screen, which goes back to its list.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        if let Some(reply) = &mut self.reply {
            if self.sending {
                return Reaction::handled();
            }
            if is_send(key) {
                if reply.is_blank() {
                    return Reaction::handled()
                        .with_notice(Notice::error(tr!("messages-reply-empty")));
                }
                self.sending = true;
                let command = if self.internal {
                    Command::AddNote {
                        request_id: self.request_id,
                        body: reply.value(),
                    }
                } else {
                    Command::Reply {
                        request_id: self.request_id,
                        body: reply.value(),
                    }
                };
                return Reaction::handled()
                    .with_effect(Effect::Run(command))
                    .with_notice(Notice::info(tr!("common-sending")));
            }
            if key.code == KeyCode::Esc {
                if reply.is_blank() {
                    self.reply = None;
                    return Reaction::handled();
                }
                return Reaction::ask(Question::DiscardReply);
            }
            reply.handle_key(key);
            return Reaction::handled();
        }
        if self.sending {
            return Reaction::handled();
        }
        if self.prompt.is_some() {
            return self.handle_prompt_key(key);
        }

        let page = self.page.max(1);
        match (key.code, plain_char(key)) {
            (_, Some('r')) => return self.compose(false, ""),
            (_, Some(c)) if !matches!(c, 'k' | 'j' | ' ' | 'g' | 'G') => {
                return self.handle_action_key(c);
            }
            (KeyCode::Up, _) | (_, Some('k')) => self.scroll = self.scroll.saturating_sub(1),
            (KeyCode::Down, _) | (_, Some('j')) => self.scroll = self.scroll.saturating_add(1),
            (KeyCode::PageUp, _) => self.scroll = self.scroll.saturating_sub(page),
            (KeyCode::PageDown, _) | (_, Some(' ')) => {
                self.scroll = self.scroll.saturating_add(page)
            }
            (KeyCode::Home, _) | (_, Some('g')) => self.scroll = 0,
            (KeyCode::End, _) | (_, Some('G')) => self.to_end = true,
            _ => return Reaction::ignored(),
        }
        Reaction::handled()
    }

    /// Closes the composer and reloads the thread once the reply is sent.
    pub fn done(&mut self, result: &CommandResult) -> Reaction {
        if !self.sending {
            return Reaction::ignored();
        }
        match result {
            CommandResult::Replied { request_id } if *request_id == self.request_id => {
                self.sending = false;
                self.reply = None;
                self.to_end = true;
                Reaction::load(Load::Request(self.request_id))
                    .with_notice(Notice::ok(tr!("messages-reply-sent")))
            }
            CommandResult::RequestsChanged {
                request_ids,
                message,
            } if request_ids.contains(&self.request_id) => {
                self.sending = false;
                self.reply = None;
                self.to_end = true;
                Reaction::load(Load::Request(self.request_id))
                    .with_notice(Notice::ok(sanitize_line(message)))
            }
            CommandResult::Failed { .. } => {
                self.sending = false;
                Reaction::handled()
            }
            _ => Reaction::ignored(),
        }
    }

    pub fn confirm(&mut self, question: Question) {
        if question == Question::DiscardReply {
            self.reply = None;
        }
    }

    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        if self.reply.is_some() {
            return vec![
                ("Ctrl-S Alt-Enter", "common-send"),
                ("Enter", "common-new-line"),
                ("← → ↑ ↓", "messages-key-move-cursor"),
                ("Esc", "common-cancel"),
            ];
        }
        if let Some(prompt) = &self.prompt {
            return prompt.keys();
        }
        let mut keys = vec![
            ("↑ ↓ j k", "messages-key-scroll"),
            ("PgUp PgDn Space", "messages-key-scroll-page"),
            ("Home End g G", "messages-key-top-newest"),
            ("r", "messages-key-reply"),
        ];
        if self.staff() {
            keys.extend([
                ("i", "messages-key-note"),
                ("c", "messages-key-canned"),
                ("K", "messages-key-articles"),
                ("a", "messages-key-assign-me"),
                ("A", "messages-key-assign-other"),
                ("s", "messages-key-state"),
                ("P", "messages-key-priority"),
                ("D", "messages-key-done-next"),
            ]);
        } else {
            keys.extend([
                ("d", "messages-key-attach"),
                ("w", "messages-key-withdraw"),
                ("o", "messages-key-reopen"),
                ("*", "messages-key-rate"),
            ]);
        }
        keys.push(("p", "messages-key-participant"));
        keys.push(("Esc", "common-back-to-list"));
        let conversation = self
            .detail
            .as_ref()
            .is_some_and(|detail| detail.request.conversation != 0);
        if conversation {
            // The general conversation has no state to change, withdraw,
            // reopen or rate.
            keys.retain(|(key, _)| !matches!(*key, "s" | "w" | "o" | "*" | "D"));
        }
        keys
    }

    pub fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        match &self.prompt {
            Some(prompt) => prompt.keys(),
            None => vec![
                ("Ctrl-S", "common-send"),
                ("Enter", "common-new-line"),
                ("Esc", "common-cancel"),
            ],
        }
    }

    fn lines<'a>(detail: &RequestDetail, theme: &Theme, width: usize) -> Vec<Line<'a>> {
        let request = &detail.request;
        let mut lines = Vec::new();
        let number = request_number(request.id, request.created_at);
        lines.extend(hanging(
            &format!("{number}  "),
            theme.key,
            &sanitize_line(&request.subject),
            theme.title,
            width,
        ));

        let handler = request
            .assignee_name
            .as_deref()
            .map_or_else(|| tr!("messages-not-assigned"), sanitize_line);
        let priority = request
            .priority
            .parse::<RequestPriority>()
            .map_or_else(|_| sanitize_line(&request.priority), |p| p.label());
        let facts = tr!(
            "messages-facts",
            category = category_label(&request.category),
            priority = priority,
            state = state_label(&request.state),
        );
        lines.extend(hanging(
            "",
            Style::default(),
            &facts,
            Style::default(),
            width,
        ));
        lines.extend(hanging(
            "",
            Style::default(),
            &tr!("messages-handled-by", name = handler),
            Style::default(),
            width,
        ));
        let opened = tr!(
            "messages-opened-by",
            organisation = sanitize_line(&request.organisation_name),
            name = sanitize_line(&request.opened_by_name),
            time = format_time(&theme.clock, request.created_at)
        );
        lines.extend(hanging("", Style::default(), &opened, theme.muted, width));
        let next_step = if request.next_step.trim().is_empty() {
            tr!("common-none")
        } else {
            sanitize_line(&next_step::translate(&request.next_step))
        };
        lines.extend(hanging(
            &format!("{} ", tr!("messages-next-step")),
            theme.warning,
            &next_step,
            Style::default().add_modifier(Modifier::BOLD),
            width,
        ));
        lines.extend(thread_context::lines(detail, theme, width));

        lines.push(Line::default());
        lines.push(Line::styled(tr!("messages-history-title"), theme.header));
        for event in &detail.history {
            let text = match &event.from_state {
                Some(from) => tr!(
                    "messages-history-change",
                    from = state_label(from),
                    to = state_label(&event.to_state),
                    name = sanitize_line(&event.actor_name)
                ),
                None => tr!(
                    "messages-history-opened",
                    to = state_label(&event.to_state),
                    name = sanitize_line(&event.actor_name)
                ),
            };
            lines.extend(hanging(
                &format!("{}  ", format_time(&theme.clock, event.created_at)),
                theme.muted,
                &text,
                Style::default(),
                width,
            ));
            if !event.next_step.trim().is_empty() {
                // The label starts under the event's text, past its time.
                lines.extend(hanging(
                    &format!("{:18}{} ", "", tr!("messages-next-step")),
                    theme.muted,
                    &sanitize_line(&next_step::translate(&event.next_step)),
                    Style::default(),
                    width,
                ));
            }
        }
        if detail.history.is_empty() {
            lines.push(Line::styled(tr!("messages-history-empty"), theme.muted));
        }

        lines.push(Line::default());
        lines.push(Line::styled(
            tr!("messages-count", count = detail.messages.len()),
            theme.header,
        ));
        for message in &detail.messages {
            let mut head = vec![
                Span::styled(
                    sanitize_line(&message.author_name),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::styled(
                    format!(" · {}", format_time(&theme.clock, message.created_at)),
                    theme.muted,
                ),
            ];
            if message.internal == 1 {
                head.push(Span::raw(" "));
                head.push(Span::styled(tr!("messages-internal"), theme.internal));
                head.push(Span::styled(
                    format!(" {}", tr!("messages-internal-staff-only")),
                    theme.muted,
                ));
            }
            lines.push(Line::from(head));
            lines.extend(hanging(
                "  ",
                Style::default(),
                &sanitize(&message.body, true),
                Style::default(),
                width,
            ));
            lines.push(Line::default());
        }
        if detail.messages.is_empty() {
            lines.push(Line::styled(tr!("messages-empty"), theme.muted));
        }
        lines
    }

    /// Describes the thread for the plain mode in the order of the normal
    /// drawing: the request's facts and context lines (service level,
    /// origin, attachments, participants, rating), for staff the
    /// customer's context, the status history, then one message a line
    /// with author, time and the internal-note marker. The composer's
    /// state is the focused line while it is open, otherwise the newest
    /// message. An open action prompt follows the request's number and
    /// subject, with its field last.
    pub fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        let detail = self.detail.as_ref()?;
        let request = &detail.request;
        let heading = tr!(
            "messages-plain-request",
            number = request_number(request.id, request.created_at),
            subject = sanitize_line(&request.subject)
        );
        if let Some(prompt) = &self.prompt {
            let mut view = prompt.plain_view(&self.keys());
            view.lines.insert(0, heading);
            view.headings += 1;
            return Some(view);
        }
        let mut view = PlainView::default();
        view.heading(heading);
        let priority = request
            .priority
            .parse::<RequestPriority>()
            .map_or_else(|_| sanitize_line(&request.priority), |p| p.label());
        view.line(tr!(
            "messages-plain-facts",
            category = category_label(&request.category),
            priority = priority,
            state = state_label(&request.state),
        ));
        let handler = request
            .assignee_name
            .as_deref()
            .map_or_else(|| tr!("messages-not-assigned"), sanitize_line);
        view.line(tr!("messages-handled-by", name = handler));
        view.line(tr!(
            "messages-plain-opened-by",
            organisation = sanitize_line(&request.organisation_name),
            name = sanitize_line(&request.opened_by_name),
            time = format_time(clock, request.created_at)
        ));
        if !request.next_step.trim().is_empty() {
            view.line(tr!(
                "messages-plain-next-step",
                text = sanitize_line(&next_step::translate(&request.next_step))
            ));
        }
        for line in thread_context::request_lines(detail, clock, true) {
            view.line(line.joined());
        }
        if let Some((heading, context)) = thread_context::customer_context(detail, true) {
            view.line(heading);
            for line in &context {
                view.line(line.joined());
            }
        }
        view.line(tr!("messages-plain-history", count = detail.history.len()));
        let count = detail.history.len();
        for (index, event) in detail.history.iter().enumerate() {
            let name = sanitize_line(&event.actor_name);
            let time = format_time(clock, event.created_at);
            let mut label = match &event.from_state {
                Some(from) => tr!(
                    "messages-plain-history-change",
                    from = state_label(from),
                    to = state_label(&event.to_state),
                    name = &name,
                    time = &time
                ),
                None => tr!(
                    "messages-plain-history-opened",
                    to = state_label(&event.to_state),
                    name = &name,
                    time = &time
                ),
            };
            if !event.next_step.trim().is_empty() {
                let next_step = tr!(
                    "messages-plain-history-next-step",
                    text = sanitize_line(&next_step::translate(&event.next_step))
                );
                label.push_str(&format!(", {next_step}"));
            }
            view.push_item(&label, "", index, count, false);
        }
        view.line(tr!("messages-count", count = detail.messages.len()));
        if detail.messages.is_empty() {
            view.line(tr!("messages-empty"));
        }
        let count = detail.messages.len();
        for (index, message) in detail.messages.iter().enumerate() {
            let author = format!(
                "{}, {}",
                sanitize_line(&message.author_name),
                format_time(clock, message.created_at)
            );
            let label = tr!(
                "plain-field",
                label = author,
                value = sanitize_line(&message.body)
            );
            let state = if message.internal == 1 {
                tr!("messages-plain-internal")
            } else {
                String::new()
            };
            let newest = self.reply.is_none() && index + 1 == count;
            view.push_item(&label, &state, index, count, newest);
        }
        if let Some(reply) = &self.reply {
            let kind = if self.internal {
                tr!("messages-plain-composer-note")
            } else {
                tr!("messages-composer-reply")
            };
            let mut focus = tr!(
                "messages-plain-composer",
                kind = kind,
                count = reply.char_count(),
                max = reply.max_chars()
            );
            if self.sending {
                focus.push_str(&format!(", {}", tr!("messages-plain-composer-sending")));
            }
            if !reply.is_blank() {
                focus = tr!(
                    "plain-field",
                    label = focus,
                    value = sanitize_line(&reply.value())
                );
            }
            view.line(keys_line(&self.field_hints()));
            view.focus = Some(focus);
        }
        Some(view)
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let reply_height = if self.reply.is_some() {
            (area.height / 2).clamp(4, 10)
        } else if let Some(prompt) = &self.prompt {
            prompt.height().min(area.height / 2)
        } else {
            0
        };
        let [thread_area, reply_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(reply_height)]).areas(area);

        let title = match &self.detail {
            Some(detail) => tr!(
                "messages-title",
                number = request_number(detail.request.id, detail.request.created_at)
            ),
            None => tr!("messages-title-loading"),
        };
        let block = panel(title, theme);
        let inner = block.inner(thread_area);
        frame.render_widget(block, thread_area);
        match &self.detail {
            None => render_waiting(frame, inner, theme, self.failed),
            Some(detail) => {
                let lines = Thread::lines(detail, theme, usize::from(inner.width));
                let height = usize::from(inner.height);
                let max_scroll = lines.len().saturating_sub(height);
                if self.to_end {
                    self.scroll = max_scroll;
                    self.to_end = false;
                }
                self.scroll = self.scroll.min(max_scroll);
                self.page = height.saturating_sub(1).max(1);
                let visible_lines: Vec<Line> =
                    lines.into_iter().skip(self.scroll).take(height).collect();
                frame.render_widget(Paragraph::new(visible_lines), inner);
            }
        }

        if let Some(prompt) = &mut self.prompt {
            prompt.render(frame, reply_area, theme);
        }
        if let Some(reply) = &mut self.reply {
            let state = if self.sending {
                format!(" · {}", tr!("common-sending"))
            } else {
                String::new()
            };
            let kind = if self.internal {
                tr!("messages-composer-note")
            } else {
                tr!("messages-composer-reply")
            };
            let title = format!(
                "{kind} · {}/{}{state}",
                reply.char_count(),
                reply.max_chars()
            );
            let block = panel(title, theme);
            let inner = block.inner(reply_area);
            frame.render_widget(block, reply_area);
            reply.render(frame, inner, theme, !self.sending);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::screens::fixtures::{
        char_key, ctrl, detail, draw, key, requests_app, row_with, thread_app, type_text,
    };
    use crate::tui::{Command, CommandResult, Effect, Event, KeyCode, Load, Loaded};

    #[test]
    fn internal_notes_show_internal_label() {
        let mut app = thread_app();
        let screen = draw(&mut app, 80, 40);
        let note = row_with(&screen, "Dana Agent ·").expect("note header");
        assert!(note.contains("INTERNAL"), "{note}");
        let own = row_with(&screen, "Alice Example ·").expect("message header");
        assert!(!own.contains("INTERNAL"), "{own}");
        assert!(
            screen.contains("The invoice counts March twice."),
            "{screen}"
        );
    }

    #[test]
    fn reply_composer_types_q1_instead_of_quitting() {
        let mut app = thread_app();
        app.handle(char_key('r'));
        assert!(app.handle(char_key('q')).is_empty());
        assert!(app.handle(char_key('1')).is_empty());
        let screen = draw(&mut app, 80, 24);
        assert!(!screen.contains("Quit Portico?"), "{screen}");
        assert!(screen.contains("[4 Messages]"), "{screen}");
        assert!(screen.contains("Reply · 2/4000"), "{screen}");

        let effects = app.handle(ctrl('s'));
        let expected = Command::Reply {
            request_id: 123,
            body: "q1".to_string(),
        };
        assert_eq!(effects, vec![Effect::Run(expected)]);
    }

    #[test]
    fn alt_enter_sends_reply() {
        let mut app = thread_app();
        app.handle(char_key('r'));
        type_text(&mut app, "ok");
        let alt_enter =
            crate::tui::KeyEvent::new(KeyCode::Enter).modifiers(crate::tui::KeyModifiers::ALT);
        let effects = app.handle(Event::Key(alt_enter));
        assert_eq!(
            effects,
            vec![Effect::Run(Command::Reply {
                request_id: 123,
                body: "ok".to_string()
            })]
        );
    }

    #[test]
    fn paste_keeps_newlines_in_reply() {
        let mut app = thread_app();
        app.handle(char_key('r'));
        app.handle(Event::Paste("line one\r\nline\u{1b}[2J two".to_string()));
        let effects = app.handle(ctrl('s'));
        let expected = Command::Reply {
            request_id: 123,
            body: "line one\nline[2J two".to_string(),
        };
        assert_eq!(effects, vec![Effect::Run(expected)]);
    }

    #[test]
    fn escape_asks_before_discarding_reply() {
        let mut app = thread_app();
        app.handle(char_key('r'));
        app.handle(key(KeyCode::Esc));
        assert!(
            !draw(&mut app, 80, 24).contains("Reply ·"),
            "an empty reply closes at once"
        );

        app.handle(char_key('r'));
        type_text(&mut app, "draft");
        app.handle(key(KeyCode::Esc));
        assert!(draw(&mut app, 80, 24).contains("Discard this reply? y/n"));
        app.handle(key(KeyCode::Esc));
        assert!(draw(&mut app, 80, 24).contains("Reply · 5/4000"));
        app.handle(key(KeyCode::Esc));
        app.handle(char_key('y'));
        assert!(!draw(&mut app, 80, 24).contains("Reply ·"));
    }

    #[test]
    fn sent_reply_reloads_thread() {
        let mut app = thread_app();
        app.handle(char_key('r'));
        type_text(&mut app, "Thanks");
        app.handle(ctrl('s'));
        let effects = app.handle(Event::Done(CommandResult::Replied { request_id: 123 }));
        assert_eq!(effects, vec![Effect::Load(Load::Request(123))]);
        let screen = draw(&mut app, 80, 24);
        assert!(screen.contains("Reply sent."), "{screen}");
        assert!(!screen.contains("Reply ·"), "{screen}");
    }

    #[test]
    fn detail_shows_next_step_and_handler() {
        let mut app = requests_app();
        assert_eq!(
            app.handle(key(KeyCode::Enter)),
            vec![Effect::Load(Load::Request(123))]
        );
        app.handle(Event::Loaded(Loaded::Request(Box::new(detail(Vec::new())))));
        let screen = draw(&mut app, 80, 24);
        assert!(
            screen.contains("Next step: We check the invoice"),
            "{screen}"
        );
        assert!(screen.contains("Handled by: Not assigned yet"), "{screen}");
        assert!(
            screen.contains("Received → Under review, by Dana Agent"),
            "{screen}"
        );
        assert!(screen.contains("Category: Billing"), "{screen}");
    }
}
