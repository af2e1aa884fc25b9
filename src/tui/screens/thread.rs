//! The request thread view, which the requests and messages screens share:
//! one request's facts, its status history and its messages, scrollable,
//! with a reply composer.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{
    Question, Reaction, category_label, format_time, render_waiting, request_number, state_label,
};
use crate::domain::text::{sanitize, sanitize_line};
use crate::service::requests::{MAX_MESSAGE_CHARS, RequestDetail};
use crate::tui::theme::Theme;
use crate::tui::widgets::{Composer, Notice, hanging, is_send, panel, plain_char};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

/// Returns the "● 2 new" marker of a thread with unread messages.
pub fn unread_marker(unread: i64) -> String {
    if unread > 0 {
        format!("● {unread} new")
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
            sending: false,
            to_end: false,
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
        self.reply.is_some()
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(reply) = &mut self.reply {
            reply.insert_str(text);
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
                        .with_notice(Notice::error("The reply is empty; type a message first."));
                }
                self.sending = true;
                let command = Command::Reply {
                    request_id: self.request_id,
                    body: reply.value(),
                };
                return Reaction::handled()
                    .with_effect(Effect::Run(command))
                    .with_notice(Notice::info("Sending…"));
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

        let page = self.page.max(1);
        match (key.code, plain_char(key)) {
            (_, Some('r')) => {
                self.reply = Some(Composer::new(MAX_MESSAGE_CHARS));
                self.to_end = true;
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
                    .with_notice(Notice::ok("Reply sent."))
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
                ("Ctrl-S Alt-Enter", "send the reply"),
                ("Enter", "new line"),
                ("← → ↑ ↓", "move the cursor"),
                ("Esc", "cancel the reply"),
            ];
        }
        vec![
            ("↑ ↓ j k", "scroll"),
            ("PgUp PgDn", "scroll by a page"),
            ("Home End", "top, newest message"),
            ("r", "reply"),
            ("Esc", "back to the list"),
        ]
    }

    pub fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        vec![("Ctrl-S", "send"), ("Enter", "new line"), ("Esc", "cancel")]
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
            .map_or_else(|| "Not assigned yet".to_string(), sanitize_line);
        let facts = format!(
            "Category: {} · Status: {} · Handled by: {}",
            category_label(&request.category),
            state_label(&request.state),
            handler
        );
        lines.extend(hanging(
            "",
            Style::default(),
            &facts,
            Style::default(),
            width,
        ));
        let opened = format!(
            "{} · opened by {} on {}",
            sanitize_line(&request.organisation_name),
            sanitize_line(&request.opened_by_name),
            format_time(request.created_at)
        );
        lines.extend(hanging("", Style::default(), &opened, theme.muted, width));
        let next_step = if request.next_step.trim().is_empty() {
            "none".to_string()
        } else {
            sanitize_line(&request.next_step)
        };
        lines.extend(hanging(
            "Next step: ",
            theme.warning,
            &next_step,
            Style::default().add_modifier(Modifier::BOLD),
            width,
        ));

        lines.push(Line::default());
        lines.push(Line::styled("Status history (times in UTC)", theme.header));
        for event in &detail.history {
            let change = match &event.from_state {
                Some(from) => format!("{} → {}", state_label(from), state_label(&event.to_state)),
                None => format!("opened as {}", state_label(&event.to_state)),
            };
            let text = format!("{change}, by {}", sanitize_line(&event.actor_name));
            lines.extend(hanging(
                &format!("{}  ", format_time(event.created_at)),
                theme.muted,
                &text,
                Style::default(),
                width,
            ));
            if !event.next_step.trim().is_empty() {
                lines.extend(hanging(
                    "                  Next step: ",
                    theme.muted,
                    &sanitize_line(&event.next_step),
                    Style::default(),
                    width,
                ));
            }
        }
        if detail.history.is_empty() {
            lines.push(Line::styled("No status change yet.", theme.muted));
        }

        lines.push(Line::default());
        lines.push(Line::styled(
            format!("Messages: {}", detail.messages.len()),
            theme.header,
        ));
        for message in &detail.messages {
            let mut head = vec![
                Span::styled(
                    sanitize_line(&message.author_name),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::styled(
                    format!(" · {}", format_time(message.created_at)),
                    theme.muted,
                ),
            ];
            if message.internal == 1 {
                head.push(Span::raw(" "));
                head.push(Span::styled("INTERNAL", theme.internal));
                head.push(Span::styled(" note, staff only", theme.muted));
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
            lines.push(Line::styled(
                "No messages yet. Press r to write one.",
                theme.muted,
            ));
        }
        lines
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let reply_height = if self.reply.is_some() {
            (area.height / 2).clamp(4, 10)
        } else {
            0
        };
        let [thread_area, reply_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(reply_height)]).areas(area);

        let title = match &self.detail {
            Some(detail) => format!(
                "Request {}",
                request_number(detail.request.id, detail.request.created_at)
            ),
            None => "Request".to_string(),
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

        if let Some(reply) = &mut self.reply {
            let state = if self.sending { " · Sending…" } else { "" };
            let title = format!(
                "Reply · {}/{}{state}",
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
