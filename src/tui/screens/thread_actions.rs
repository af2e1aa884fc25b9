//! The one-line prompts of the thread view's actions: choosing a state and
//! its next step, naming an agent or colleague, choosing a document, a
//! canned reply or a help article to quote, and rating a closed request
//! with a confirmation step.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::request::TRANSITIONS;
use crate::domain::text::{sanitize, sanitize_line};
use crate::domain::{RequestPriority, RequestState};
use crate::service::lifecycle::{MAX_NEXT_STEP_CHARS, MAX_RATING_COMMENT_CHARS};
use crate::store::kb::ArticleRecord;
use crate::store::lifecycle::{AgentRecord, CannedReplyRecord, DocumentSummary};
use crate::tui::plain::{PlainForm, PlainView};
use crate::tui::theme::Theme;
use crate::tui::widgets::{TextField, panel, plain_char, shared_prefix};
use crate::tui::{Command, KeyCode, KeyEvent};

/// Maximum length of a handle typed in a prompt, in characters.
const MAX_HANDLE_CHARS: usize = 64;

/// An open prompt of the thread view.
#[derive(Debug, Clone)]
pub enum Prompt {
    /// Choose the new state by digit.
    State { choices: Vec<RequestState> },
    /// Type the next step shown to the customer.
    NextStep { to: RequestState, field: TextField },
    /// Type the handle of the agent to assign to, chosen among `agents`,
    /// the enabled agents and operators; Tab completes the handle.
    Assignee {
        field: TextField,
        agents: Vec<AgentRecord>,
    },
    /// Type the handle of a colleague to add as participant.
    Participant { field: TextField },
    /// Choose the priority by digit.
    Priority,
    /// Choose a document to attach by digit.
    Document { choices: Vec<DocumentSummary> },
    /// Choose a canned reply by digit.
    Canned { choices: Vec<CannedReplyRecord> },
    /// Type words to search the knowledge base for.
    ArticleSearch { field: TextField },
    /// Choose an article found for `words` by digit, to quote in a reply.
    Article {
        words: String,
        choices: Vec<ArticleRecord>,
    },
    /// Choose a rating from 1 to 5.
    Rating,
    /// Type an optional comment to the rating.
    Comment { rating: i64, field: TextField },
    /// Confirm the rating before sending it.
    ConfirmRating { rating: i64, comment: String },
    /// Confirm withdrawing the request.
    ConfirmWithdraw,
}

/// Returns the agents whose handle starts with `typed`, ignoring ASCII
/// case; all of them when nothing is typed.
fn matching_agents<'a>(typed: &str, agents: &'a [AgentRecord]) -> Vec<&'a AgentRecord> {
    let typed = typed.trim().to_ascii_lowercase();
    agents
        .iter()
        .filter(|agent| agent.handle.to_ascii_lowercase().starts_with(&typed))
        .collect()
}

/// Completes the typed handle to the longest start its matching agents
/// share.
fn complete_handle(field: &mut TextField, agents: &[AgentRecord]) {
    let typed = field.value();
    let matches = matching_agents(&typed, agents);
    let Some(common) = shared_prefix(matches.iter().map(|agent| agent.handle.as_str())) else {
        return;
    };
    if common.chars().count() > typed.trim().chars().count() {
        field.set(&common);
    }
}

/// Formats the agents that match the typed handle as "handle (name)", or
/// a message that none matches.
fn agents_line(typed: &str, agents: &[AgentRecord]) -> String {
    let matches = matching_agents(typed, agents);
    if matches.is_empty() {
        return tr!("requests-prompt-no-agent");
    }
    let names: Vec<String> = matches
        .iter()
        .map(|agent| {
            tr!(
                "requests-prompt-agent",
                handle = sanitize_line(&agent.handle),
                name = sanitize_line(&agent.display_name)
            )
        })
        .collect();
    tr!("requests-prompt-agents", agents = names.join(", "))
}

/// The result of a key in a prompt.
#[derive(Debug)]
pub enum PromptOutcome {
    /// The prompt stays open.
    Open,
    /// The prompt closed without action.
    Cancelled,
    /// The prompt moved on to another prompt.
    Next(Prompt),
    /// The prompt finished with a command to send.
    Send(Command),
    /// A canned reply was chosen: open the reply composer with this text.
    Insert(String),
    /// Search the knowledge base for these words.
    Search(String),
    /// The key was not valid here, and the message lists the valid keys.
    Invalid(String),
}

/// Returns the states a request may move to from `from`, in lifecycle order.
pub fn next_states(from: RequestState) -> Vec<RequestState> {
    TRANSITIONS
        .iter()
        .filter(|(state, _)| *state == from)
        .map(|(_, to)| *to)
        .collect()
}

/// Suggests a next step for a new state, which the agent may edit, in the
/// agent's language. Readers see it unedited in their own language.
pub fn suggested_next_step(to: RequestState) -> String {
    crate::domain::next_step::default_for(to)
}

fn digit(key: &KeyEvent) -> Option<usize> {
    plain_char(key)
        .and_then(|c| c.to_digit(10))
        .and_then(|digit| usize::try_from(digit).ok())
}

fn pick<T: Clone>(choices: &[T], key: &KeyEvent) -> Option<T> {
    let index = digit(key)?.checked_sub(1)?;
    choices.get(index).cloned()
}

impl Prompt {
    /// Handles a key; Esc cancels every prompt.
    pub fn handle_key(&mut self, key: &KeyEvent, request_id: i64) -> PromptOutcome {
        if key.code == KeyCode::Esc {
            return PromptOutcome::Cancelled;
        }
        match self {
            Prompt::State { choices } => match pick(choices, key) {
                Some(to) => {
                    let mut field = TextField::new(MAX_NEXT_STEP_CHARS);
                    field.set(&suggested_next_step(to));
                    PromptOutcome::Next(Prompt::NextStep { to, field })
                }
                None => {
                    PromptOutcome::Invalid(tr!("requests-prompt-pick-state", count = choices.len()))
                }
            },
            Prompt::NextStep { to, field } => {
                if key.code != KeyCode::Enter {
                    field.handle_key(key);
                    return PromptOutcome::Open;
                }
                if field.value().trim().is_empty() {
                    return PromptOutcome::Invalid(tr!("requests-prompt-next-step-missing"));
                }
                PromptOutcome::Send(Command::ChangeState {
                    request_id,
                    to: *to,
                    next_step: field.value(),
                })
            }
            Prompt::Assignee { field, agents } => {
                if key.code == KeyCode::Tab {
                    complete_handle(field, agents);
                    return PromptOutcome::Open;
                }
                if key.code != KeyCode::Enter {
                    field.handle_key(key);
                    return PromptOutcome::Open;
                }
                let handle = field.value().trim().to_string();
                PromptOutcome::Send(Command::Assign {
                    request_ids: vec![request_id],
                    handle: (!handle.is_empty()).then_some(handle),
                })
            }
            Prompt::Participant { field } => {
                if key.code != KeyCode::Enter {
                    field.handle_key(key);
                    return PromptOutcome::Open;
                }
                let handle = field.value().trim().to_string();
                if handle.is_empty() {
                    return PromptOutcome::Invalid(tr!("requests-prompt-handle-missing"));
                }
                PromptOutcome::Send(Command::AddParticipant { request_id, handle })
            }
            Prompt::Priority => match pick(&RequestPriority::ALL, key) {
                Some(priority) => PromptOutcome::Send(Command::SetPriority {
                    request_id,
                    priority,
                }),
                None => PromptOutcome::Invalid(tr!(
                    "requests-prompt-pick-priority",
                    count = RequestPriority::ALL.len()
                )),
            },
            Prompt::Document { choices } => match pick(choices, key) {
                Some(document) => PromptOutcome::Send(Command::Attach {
                    request_id,
                    document_id: document.id,
                }),
                None => PromptOutcome::Invalid(tr!(
                    "requests-prompt-pick-document",
                    count = choices.len()
                )),
            },
            Prompt::Canned { choices } => match pick(choices, key) {
                Some(reply) => PromptOutcome::Insert(reply.body),
                None => {
                    PromptOutcome::Invalid(tr!("requests-prompt-pick-reply", count = choices.len()))
                }
            },
            Prompt::ArticleSearch { field } => {
                if key.code != KeyCode::Enter {
                    field.handle_key(key);
                    return PromptOutcome::Open;
                }
                let words = field.value().trim().to_string();
                if words.is_empty() {
                    return PromptOutcome::Invalid(tr!("requests-prompt-words-missing"));
                }
                PromptOutcome::Search(words)
            }
            Prompt::Article { choices, .. } => match pick(choices, key) {
                Some(article) => PromptOutcome::Insert(format!(
                    "{}\n\n{}",
                    sanitize_line(&article.title),
                    sanitize(&article.body, true)
                )),
                None if choices.is_empty() => {
                    PromptOutcome::Invalid(tr!("requests-prompt-no-article"))
                }
                None => PromptOutcome::Invalid(tr!(
                    "requests-prompt-pick-article",
                    count = choices.len()
                )),
            },
            Prompt::Rating => match digit(key) {
                Some(rating @ 1..=5) => {
                    let rating = i64::try_from(rating).unwrap_or(5);
                    PromptOutcome::Next(Prompt::Comment {
                        rating,
                        field: TextField::new(MAX_RATING_COMMENT_CHARS),
                    })
                }
                _ => PromptOutcome::Invalid(tr!("requests-prompt-rating")),
            },
            Prompt::Comment { rating, field } => {
                if key.code != KeyCode::Enter {
                    field.handle_key(key);
                    return PromptOutcome::Open;
                }
                PromptOutcome::Next(Prompt::ConfirmRating {
                    rating: *rating,
                    comment: field.value().trim().to_string(),
                })
            }
            Prompt::ConfirmRating { rating, comment } => match plain_char(key) {
                Some(c) if crate::i18n::means_yes(c) => PromptOutcome::Send(Command::Rate {
                    request_id,
                    rating: *rating,
                    comment: comment.clone(),
                }),
                Some('n' | 'N') => PromptOutcome::Cancelled,
                _ => PromptOutcome::Invalid(tr!("requests-prompt-confirm-rating")),
            },
            Prompt::ConfirmWithdraw => match plain_char(key) {
                Some(c) if crate::i18n::means_yes(c) => PromptOutcome::Send(Command::ChangeState {
                    request_id,
                    to: RequestState::Closed,
                    next_step: String::new(),
                }),
                Some('n' | 'N') => PromptOutcome::Cancelled,
                _ => PromptOutcome::Invalid(tr!("requests-prompt-confirm-withdraw")),
            },
        }
    }

    /// Inserts pasted text into the prompt's text field, if it has one.
    pub fn paste(&mut self, text: &str) {
        match self {
            Prompt::NextStep { field, .. }
            | Prompt::Assignee { field, .. }
            | Prompt::Participant { field }
            | Prompt::ArticleSearch { field }
            | Prompt::Comment { field, .. } => field.insert_str(text),
            _ => {}
        }
    }

    fn title(&self) -> String {
        match self {
            Prompt::State { .. } => tr!("requests-prompt-title-state"),
            Prompt::NextStep { to, .. } => {
                tr!("requests-prompt-title-next-step", state = to.label())
            }
            Prompt::Assignee { .. } => tr!("requests-prompt-title-assignee"),
            Prompt::Participant { .. } => tr!("requests-prompt-title-participant"),
            Prompt::Priority => tr!("requests-prompt-title-priority"),
            Prompt::Document { .. } => tr!("requests-prompt-title-document"),
            Prompt::Canned { .. } => tr!("requests-prompt-title-canned"),
            Prompt::ArticleSearch { .. } => tr!("requests-prompt-title-article-search"),
            Prompt::Article { words, .. } => {
                tr!(
                    "requests-prompt-title-article",
                    words = sanitize_line(words)
                )
            }
            Prompt::Rating => tr!("requests-prompt-title-rating"),
            Prompt::Comment { rating, .. } => {
                tr!("requests-prompt-title-comment", rating = *rating)
            }
            Prompt::ConfirmRating { .. } => tr!("requests-prompt-title-confirm-rating"),
            Prompt::ConfirmWithdraw => tr!("requests-prompt-title-withdraw"),
        }
    }

    fn choice_lines<T>(items: &[T], label: impl Fn(&T) -> String) -> Vec<Line<'static>> {
        items
            .iter()
            .take(9)
            .enumerate()
            .map(|(index, item)| Line::from(format!("{}  {}", index + 1, label(item))))
            .collect()
    }

    /// Returns the rows the prompt needs, borders included.
    pub fn height(&self) -> u16 {
        let rows = match self {
            Prompt::State { choices } => choices.len(),
            Prompt::Priority => RequestPriority::ALL.len(),
            Prompt::Document { choices } => choices.len().max(1),
            Prompt::Canned { choices } => choices.len().max(1),
            Prompt::Article { choices, .. } => choices.len().max(1),
            Prompt::Assignee { .. } => 2,
            _ => 1,
        };
        u16::try_from(rows.min(9)).unwrap_or(9) + 3
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let block = panel(self.title(), theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut lines: Vec<Line> = match self {
            Prompt::State { choices } => Prompt::choice_lines(choices, |state| state.label()),
            Prompt::Priority => {
                Prompt::choice_lines(&RequestPriority::ALL, |priority| priority.label())
            }
            Prompt::Document { choices } if choices.is_empty() => {
                vec![Line::styled(
                    tr!("requests-prompt-no-documents"),
                    theme.muted,
                )]
            }
            Prompt::Document { choices } => Prompt::choice_lines(choices, |document| {
                format!(
                    "{} · {}",
                    sanitize_line(&document.title),
                    sanitize_line(&document.issue_date)
                )
            }),
            Prompt::Canned { choices } if choices.is_empty() => {
                vec![Line::styled(tr!("requests-prompt-no-canned"), theme.muted)]
            }
            Prompt::Canned { choices } => {
                Prompt::choice_lines(choices, |reply| sanitize_line(&reply.title))
            }
            Prompt::Article { choices, .. } if choices.is_empty() => {
                vec![Line::styled(
                    tr!("requests-prompt-no-article-words"),
                    theme.muted,
                )]
            }
            Prompt::Article { choices, .. } => Prompt::choice_lines(choices, |article| {
                format!(
                    "{} · {}",
                    sanitize_line(&article.title),
                    sanitize_line(&article.category)
                )
            }),
            Prompt::Rating => vec![Line::from(tr!("requests-prompt-rating"))],
            Prompt::ConfirmRating { rating, comment } if comment.is_empty() => {
                vec![Line::from(tr!(
                    "requests-prompt-confirm-rating-plain",
                    rating = *rating
                ))]
            }
            Prompt::ConfirmRating { rating, comment } => vec![Line::from(tr!(
                "requests-prompt-confirm-rating-comment",
                rating = *rating,
                comment = sanitize_line(comment)
            ))],
            Prompt::ConfirmWithdraw => {
                vec![Line::from(tr!("requests-prompt-confirm-withdraw-question"))]
            }
            Prompt::NextStep { .. }
            | Prompt::Assignee { .. }
            | Prompt::Participant { .. }
            | Prompt::ArticleSearch { .. }
            | Prompt::Comment { .. } => Vec::new(),
        };
        if let Prompt::Assignee { field, agents } = self {
            let [field_area, agents_area] =
                Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
            field.render(frame, field_area, theme, true);
            let agents = Line::styled(agents_line(&field.value(), agents), theme.muted);
            frame.render_widget(Paragraph::new(agents), agents_area);
            return;
        }
        match self {
            Prompt::NextStep { field, .. }
            | Prompt::Participant { field }
            | Prompt::ArticleSearch { field }
            | Prompt::Comment { field, .. } => {
                field.render(frame, inner, theme, true);
                return;
            }
            _ => {}
        }
        lines.push(Line::from(vec![Span::styled(
            tr!("requests-prompt-esc-cancels"),
            theme.muted,
        )]));
        frame.render_widget(Paragraph::new(lines), inner);
    }

    /// Describes the prompt for the plain mode: its title, the numbered
    /// choices and `keys`, then what to do last: the typed field, the
    /// digit to press or the y/n question.
    pub fn plain_view(&self, keys: &[(&str, &str)]) -> PlainView {
        let mut form = PlainForm::new(self.title());
        let numbered = |form: &mut PlainForm, labels: Vec<String>| {
            for (index, label) in labels.into_iter().take(9).enumerate() {
                form.line(tr!(
                    "plain-numbered-choice",
                    number = index + 1,
                    label = label
                ));
            }
        };
        let count = |length: usize| length.min(9);
        let focus = match self {
            Prompt::State { choices } => {
                numbered(
                    &mut form,
                    choices.iter().map(|state| state.label()).collect(),
                );
                tr!("requests-prompt-pick-state", count = count(choices.len()))
            }
            Prompt::Priority => {
                let labels = RequestPriority::ALL.iter().map(|p| p.label()).collect();
                numbered(&mut form, labels);
                tr!(
                    "requests-prompt-pick-priority",
                    count = count(RequestPriority::ALL.len())
                )
            }
            Prompt::Document { choices } if choices.is_empty() => {
                tr!("requests-prompt-no-documents")
            }
            Prompt::Document { choices } => {
                let labels = choices
                    .iter()
                    .map(|document| {
                        tr!(
                            "plain-prompt-document",
                            title = sanitize_line(&document.title),
                            date = sanitize_line(&document.issue_date)
                        )
                    })
                    .collect();
                numbered(&mut form, labels);
                tr!(
                    "requests-prompt-pick-document",
                    count = count(choices.len())
                )
            }
            Prompt::Canned { choices } if choices.is_empty() => tr!("requests-prompt-no-canned"),
            Prompt::Canned { choices } => {
                let labels = choices
                    .iter()
                    .map(|reply| sanitize_line(&reply.title))
                    .collect();
                numbered(&mut form, labels);
                tr!("requests-prompt-pick-reply", count = count(choices.len()))
            }
            Prompt::Article { choices, .. } if choices.is_empty() => {
                tr!("requests-prompt-no-article-words")
            }
            Prompt::Article { choices, .. } => {
                let labels = choices
                    .iter()
                    .map(|article| {
                        tr!(
                            "plain-suggestion",
                            title = sanitize_line(&article.title),
                            category = sanitize_line(&article.category)
                        )
                    })
                    .collect();
                numbered(&mut form, labels);
                tr!("requests-prompt-pick-article", count = count(choices.len()))
            }
            Prompt::Rating => tr!("requests-prompt-rating"),
            Prompt::ConfirmRating { rating, comment } if comment.is_empty() => {
                tr!("requests-prompt-confirm-rating-plain", rating = *rating)
            }
            Prompt::ConfirmRating { rating, comment } => tr!(
                "requests-prompt-confirm-rating-comment",
                rating = *rating,
                comment = sanitize_line(comment)
            ),
            Prompt::ConfirmWithdraw => tr!("requests-prompt-confirm-withdraw-question"),
            Prompt::NextStep { field, .. } => {
                form.keys(keys);
                form.text(&tr!("plain-prompt-next-step"), field, true);
                return form.finish();
            }
            Prompt::Assignee { field, agents } => {
                form.line(agents_line(&field.value(), agents));
                form.keys(keys);
                form.text(&tr!("organisation-field-handle"), field, true);
                return form.finish();
            }
            Prompt::Participant { field } => {
                form.keys(keys);
                form.text(&tr!("organisation-field-handle"), field, true);
                return form.finish();
            }
            Prompt::ArticleSearch { field } => {
                form.keys(keys);
                form.text(&tr!("plain-prompt-words"), field, true);
                return form.finish();
            }
            Prompt::Comment { field, .. } => {
                form.keys(keys);
                form.text(&tr!("plain-prompt-comment"), field, true);
                return form.finish();
            }
        };
        form.keys(keys);
        form.item(focus, true);
        form.finish()
    }

    /// Returns the prompt's keys, each a key label and a message id.
    pub fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match self {
            Prompt::Assignee { .. } => vec![
                ("Tab", "requests-key-complete-handle"),
                ("Enter", "common-confirm"),
                ("Esc", "common-cancel"),
            ],
            _ if self.takes_text() => vec![("Enter", "common-confirm"), ("Esc", "common-cancel")],
            _ => vec![
                ("requests-key-digit-yes-no", "common-choose"),
                ("Esc", "common-cancel"),
            ],
        }
    }

    /// Tells whether the prompt takes typed text.
    pub fn takes_text(&self) -> bool {
        matches!(
            self,
            Prompt::NextStep { .. }
                | Prompt::Assignee { .. }
                | Prompt::Participant { .. }
                | Prompt::ArticleSearch { .. }
                | Prompt::Comment { .. }
        )
    }

    pub fn new_assignee(agents: Vec<AgentRecord>) -> Prompt {
        Prompt::Assignee {
            field: TextField::new(MAX_HANDLE_CHARS),
            agents,
        }
    }

    pub fn new_participant() -> Prompt {
        Prompt::Participant {
            field: TextField::new(MAX_HANDLE_CHARS),
        }
    }
}
