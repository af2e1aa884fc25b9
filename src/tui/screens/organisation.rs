//! The organisation view, opened with `O` from every screen. It lists the
//! organisations the user belongs to, with the current one marked, to
//! switch between them. Owners also see the members of the current one,
//! and invite colleagues, change roles and revoke access. Role changes and
//! revocation ask for a fresh second factor.

use crate::domain::regional::Regional;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::{LoadState, Reaction, Screen, format_time, render_waiting, time_width};
use crate::domain::text::{sanitize_line, validate_email, validate_handle};
use crate::domain::{Capability, MemberRole, Principal};
use crate::store::organisations::{MemberRecord, MembershipRecord};
use crate::tui::plain::{PlainForm, PlainView};
use crate::tui::theme::Theme;
use crate::tui::widgets::{
    FreshCodePrompt, ListSelection, Notice, PromptOutcome, TextField, is_back_tab, panel,
    plain_char,
};
use crate::tui::{Command, CommandResult, Effect, KeyCode, KeyEvent, Load};

/// Maximum length of a handle, name or email in the invitation form, in characters.
const MAX_FIELD_CHARS: usize = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pane {
    Organisations,
    Members,
}

/// The invitation form: handle, name and email fields and the role.
struct InviteForm {
    fields: [TextField; 3],
    role: MemberRole,
    /// 0 to 2 for the text fields, 3 for the role.
    focus: usize,
    /// Set once the form passed its checks and shows "Invite …? y/n".
    confirming: bool,
}

/// Message ids of the invitation form's text fields, in order.
const INVITE_LABELS: [&str; 3] = [
    "organisation-field-handle",
    "organisation-field-name",
    "organisation-field-email",
];

/// The step the view is in.
enum Mode {
    Browse,
    Invite(InviteForm),
    /// Choosing the new role of `handle`.
    PickRole {
        handle: String,
        role: MemberRole,
    },
    /// Waiting for a fresh code before `action` runs.
    FreshCode {
        prompt: FreshCodePrompt,
        action: OwnerAction,
    },
    /// A command was sent; keys wait for its result.
    Sending,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum OwnerAction {
    ChangeRole { handle: String, role: MemberRole },
    Revoke { handle: String },
}

/// Returns the role after `role` in the order of [`MemberRole::ALL`], or
/// before it when `back` is set.
fn next_role(role: MemberRole, back: bool) -> MemberRole {
    let count = MemberRole::ALL.len();
    let index = MemberRole::ALL.iter().position(|&r| r == role).unwrap_or(0);
    let next = if back {
        (index + count - 1) % count
    } else {
        (index + 1) % count
    };
    MemberRole::ALL.get(next).copied().unwrap_or(role)
}

pub struct OrganisationScreen {
    principal: Principal,
    memberships: Vec<MembershipRecord>,
    members: Vec<MemberRecord>,
    memberships_state: LoadState,
    members_state: LoadState,
    pane: Pane,
    organisations_list: ListSelection,
    members_list: ListSelection,
    mode: Mode,
}

impl OrganisationScreen {
    pub fn new(principal: Principal) -> OrganisationScreen {
        OrganisationScreen {
            principal,
            memberships: Vec::new(),
            members: Vec::new(),
            memberships_state: LoadState::Loading,
            members_state: LoadState::Loading,
            pane: Pane::Organisations,
            organisations_list: ListSelection::new(),
            members_list: ListSelection::new(),
            mode: Mode::Browse,
        }
    }

    fn is_owner(&self) -> bool {
        self.principal.may(Capability::ManageMembers)
    }

    pub fn memberships_loaded(&mut self, memberships: Vec<MembershipRecord>) {
        let current = memberships
            .iter()
            .position(|m| Some(m.organisation_id) == self.principal.organisation_id);
        self.memberships = memberships;
        self.memberships_state = LoadState::Ready;
        self.organisations_list.set_len(self.memberships.len());
        if let Some(index) = current {
            self.organisations_list.select(index);
        }
    }

    pub fn members_loaded(&mut self, members: Vec<MemberRecord>) {
        self.members = members;
        self.members_state = LoadState::Ready;
        self.members_list.set_len(self.members.len());
    }

    fn selected_member(&self) -> Option<&MemberRecord> {
        self.members_list
            .selected()
            .and_then(|index| self.members.get(index))
    }

    fn handle_browse_key(&mut self, key: &KeyEvent) -> Reaction {
        if key.code == KeyCode::Tab && self.is_owner() {
            self.pane = match self.pane {
                Pane::Organisations => Pane::Members,
                Pane::Members => Pane::Organisations,
            };
            return Reaction::handled();
        }
        let list = match self.pane {
            Pane::Organisations => &mut self.organisations_list,
            Pane::Members => &mut self.members_list,
        };
        if list.handle_key(key) {
            return Reaction::handled();
        }
        match (key.code, plain_char(key), self.pane) {
            (KeyCode::Enter, _, Pane::Organisations) => self.switch_to_selected(),
            (_, Some('i'), _) if self.is_owner() => {
                self.mode = Mode::Invite(InviteForm {
                    fields: std::array::from_fn(|_| TextField::new(MAX_FIELD_CHARS)),
                    role: MemberRole::Member,
                    focus: 0,
                    confirming: false,
                });
                Reaction::handled()
            }
            (_, Some('r'), Pane::Members) => match self.selected_member() {
                Some(member) => {
                    let role = member.role.parse().unwrap_or(MemberRole::Member);
                    self.mode = Mode::PickRole {
                        handle: member.handle.clone(),
                        role,
                    };
                    Reaction::handled()
                }
                None => Reaction::handled(),
            },
            (_, Some('x'), Pane::Members) => match self.selected_member() {
                Some(member) => {
                    let handle = member.handle.clone();
                    self.mode = Mode::FreshCode {
                        prompt: FreshCodePrompt::new(tr!(
                            "organisation-revoke-action",
                            handle = sanitize_line(&handle),
                            organisation = self.organisation_name(),
                        )),
                        action: OwnerAction::Revoke { handle },
                    };
                    Reaction::handled()
                }
                None => Reaction::handled(),
            },
            _ => Reaction::ignored(),
        }
    }

    fn organisation_name(&self) -> String {
        self.principal
            .organisation_name
            .as_deref()
            .map_or_else(|| tr!("organisation-unnamed"), sanitize_line)
    }

    fn switch_to_selected(&mut self) -> Reaction {
        let Some(membership) = self
            .organisations_list
            .selected()
            .and_then(|index| self.memberships.get(index))
        else {
            return Reaction::handled();
        };
        if Some(membership.organisation_id) == self.principal.organisation_id {
            return Reaction::handled().with_notice(Notice::info(tr!(
                "organisation-already-in",
                organisation = sanitize_line(&membership.organisation_name),
            )));
        }
        let command = Command::SwitchOrganisation {
            organisation_id: membership.organisation_id,
        };
        self.mode = Mode::Sending;
        Reaction::handled()
            .with_effect(Effect::Run(command))
            .with_notice(Notice::info(tr!("organisation-switching")))
    }

    fn handle_invite_key(
        form: &mut InviteForm,
        key: &KeyEvent,
    ) -> (Reaction, Option<Command>, bool) {
        if form.confirming {
            let yes =
                key.code == KeyCode::Enter || plain_char(key).is_some_and(crate::i18n::means_yes);
            return match (key.code, plain_char(key)) {
                _ if yes => {
                    let command = Command::InviteMember {
                        handle: form.fields[0].value().trim().to_string(),
                        display_name: form.fields[1].value().trim().to_string(),
                        email: form.fields[2].value().trim().to_string(),
                        role: form.role,
                    };
                    (Reaction::handled(), Some(command), false)
                }
                (KeyCode::Esc, _) | (_, Some('n' | 'N')) => {
                    form.confirming = false;
                    (Reaction::handled(), None, false)
                }
                _ => (Reaction::handled(), None, false),
            };
        }
        match key.code {
            KeyCode::Esc => (
                Reaction::handled()
                    .with_notice(Notice::info(tr!("organisation-invitation-cancelled"))),
                None,
                true,
            ),
            KeyCode::Tab | KeyCode::Down | KeyCode::Up => {
                let back = is_back_tab(key) || key.code == KeyCode::Up;
                form.focus = if back {
                    (form.focus + 3) % 4
                } else {
                    (form.focus + 1) % 4
                };
                (Reaction::handled(), None, false)
            }
            KeyCode::Left | KeyCode::Right if form.focus == 3 => {
                form.role = next_role(form.role, key.code == KeyCode::Left);
                (Reaction::handled(), None, false)
            }
            KeyCode::Enter => match check_invitation(form) {
                Ok(()) => {
                    form.confirming = true;
                    (Reaction::handled(), None, false)
                }
                Err(message) => (
                    Reaction::handled().with_notice(Notice::error(message)),
                    None,
                    false,
                ),
            },
            _ => {
                if let Some(field) = form.fields.get_mut(form.focus) {
                    field.handle_key(key);
                }
                (Reaction::handled(), None, false)
            }
        }
    }

    fn handle_code_key(&mut self, key: &KeyEvent) -> Reaction {
        let Mode::FreshCode { prompt, action } = &mut self.mode else {
            return Reaction::handled();
        };
        let outcome = prompt.handle_key(key);
        let mut reaction = Reaction::handled();
        reaction.notice = outcome.notice();
        match outcome {
            PromptOutcome::Cancelled => self.mode = Mode::Browse,
            PromptOutcome::Submitted(code) => {
                let command = match action.clone() {
                    OwnerAction::ChangeRole { handle, role } => {
                        Command::ChangeMemberRole { handle, role, code }
                    }
                    OwnerAction::Revoke { handle } => Command::RevokeMember { handle, code },
                };
                self.mode = Mode::Sending;
                reaction = reaction.with_effect(Effect::Run(command));
            }
            PromptOutcome::Pending | PromptOutcome::Empty => {}
        }
        reaction
    }

    fn render_organisations(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let focused = self.pane == Pane::Organisations;
        let title = if focused {
            tr!("organisation-yours-focused")
        } else {
            tr!("organisation-yours")
        };
        let block = panel(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.memberships_state != LoadState::Ready {
            render_waiting(
                frame,
                inner,
                theme,
                self.memberships_state == LoadState::Failed,
            );
            return;
        }
        let current = self.principal.organisation_id;
        let current_marker = tr!("organisation-current");
        let rows: Vec<Row> = self
            .memberships
            .iter()
            .map(|membership| {
                let marker = if Some(membership.organisation_id) == current {
                    current_marker.clone()
                } else {
                    String::new()
                };
                Row::new(vec![
                    sanitize_line(&membership.organisation_name),
                    MemberRole::name_of(&membership.role),
                    marker,
                ])
            })
            .collect();
        let role_header = tr!("organisation-column-role");
        let table = Table::new(
            rows,
            [
                Constraint::Fill(1),
                columns(role_column_width(&role_header) + 1),
                columns(current_marker.width()),
            ],
        )
        .header(
            Row::new(vec![
                tr!("organisation-column-organisation"),
                role_header,
                String::new(),
            ])
            .style(theme.muted),
        );
        self.organisations_list
            .render_table(frame, inner, table, theme);
    }

    fn render_members(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let focused = self.pane == Pane::Members;
        let name = self.organisation_name();
        let title = if focused {
            tr!("organisation-members-of-focused", organisation = name)
        } else {
            tr!("organisation-members-of", organisation = name)
        };
        let block = panel(title, theme);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if self.members_state != LoadState::Ready {
            render_waiting(frame, inner, theme, self.members_state == LoadState::Failed);
            return;
        }
        let rows: Vec<Row> = self
            .members
            .iter()
            .map(|member| {
                let last_login = member.last_login_at.map_or_else(
                    || tr!("organisation-never"),
                    |time| format_time(&theme.clock, time),
                );
                let role = if member.disabled != 0 {
                    tr!(
                        "organisation-role-disabled",
                        role = MemberRole::name_of(&member.role)
                    )
                } else {
                    MemberRole::name_of(&member.role)
                };
                Row::new(vec![
                    sanitize_line(&member.handle),
                    sanitize_line(&member.display_name),
                    role,
                    last_login,
                ])
            })
            .collect();
        let role_header = tr!("organisation-column-role");
        let table = Table::new(
            rows,
            [
                Constraint::Length(12),
                Constraint::Fill(1),
                columns(role_column_width(&role_header) + 2),
                Constraint::Length(time_width(&theme.clock)),
            ],
        )
        .header(
            Row::new(vec![
                tr!("organisation-column-handle"),
                tr!("organisation-column-name"),
                role_header,
                tr!("organisation-column-last-login"),
            ])
            .style(theme.muted),
        );
        self.members_list.render_table(frame, inner, table, theme);
    }
}

impl OrganisationScreen {
    /// Describes the view for the plain mode: the caller's organisations,
    /// then for an owner the members, one a line, with the selected item of
    /// the focused list last. Forms and prompts list their fields with the
    /// focused one last.
    fn plain(&self, clock: &Regional) -> Option<PlainView> {
        match &self.mode {
            Mode::Invite(form) => return Some(plain_invite(form, &self.keys())),
            Mode::FreshCode { prompt, .. } => return Some(prompt.plain_view()),
            Mode::PickRole { handle, role } => {
                let title = tr!(
                    "organisation-new-role-title",
                    handle = sanitize_line(handle)
                );
                let mut form = PlainForm::new(title);
                form.keys(&self.keys());
                form.choice(&tr!("organisation-field-role"), &role.name(), true);
                return Some(form.finish());
            }
            Mode::Browse | Mode::Sending => {}
        }
        if self.memberships_state != LoadState::Ready {
            return None;
        }
        let mut view = PlainView::default();
        view.line(tr!("organisation-yours"));
        let current = self.principal.organisation_id;
        let focused = (self.pane == Pane::Organisations)
            .then(|| self.organisations_list.selected().unwrap_or(0));
        let count = self.memberships.len();
        for (index, membership) in self.memberships.iter().enumerate() {
            let role = MemberRole::name_of(&membership.role);
            let state = if Some(membership.organisation_id) == current {
                tr!("organisation-plain-role-current", role = role)
            } else {
                tr!("organisation-plain-role", role = role)
            };
            let name = sanitize_line(&membership.organisation_name);
            view.push_item(&name, &state, index, count, focused == Some(index));
        }
        if self.is_owner() && self.members_state == LoadState::Ready {
            view.line(tr!(
                "organisation-members-of",
                organisation = self.organisation_name()
            ));
            let focused =
                (self.pane == Pane::Members).then(|| self.members_list.selected().unwrap_or(0));
            let count = self.members.len();
            for (index, member) in self.members.iter().enumerate() {
                let label = format!(
                    "{}, {}",
                    sanitize_line(&member.display_name),
                    sanitize_line(&member.handle)
                );
                let role = MemberRole::name_of(&member.role);
                let last_login = member.last_login_at.map_or_else(
                    || tr!("organisation-never"),
                    |time| format_time(clock, time),
                );
                let state = if member.disabled != 0 {
                    tr!(
                        "organisation-plain-member-disabled",
                        role = role,
                        last_login = last_login
                    )
                } else {
                    tr!(
                        "organisation-plain-member",
                        role = role,
                        last_login = last_login
                    )
                };
                view.push_item(&label, &state, index, count, focused == Some(index));
            }
        }
        Some(view)
    }
}

/// Checks the invitation form's fields before asking to send it.
fn check_invitation(form: &InviteForm) -> Result<(), String> {
    let handle = form.fields[0].value();
    validate_handle(handle.trim())?;
    if form.fields[1].value().trim().is_empty() {
        return Err(tr!("organisation-name-missing"));
    }
    validate_email(form.fields[2].value().trim())
}

/// Returns a width in terminal columns as a fixed-length constraint.
fn columns(width: usize) -> Constraint {
    Constraint::Length(u16::try_from(width).unwrap_or(u16::MAX))
}

/// Returns the width of the longest role name in the current language, or
/// of `header` if that is wider.
fn role_column_width(header: &str) -> usize {
    MemberRole::ALL
        .iter()
        .map(|role| role.name().width())
        .chain([header.width()])
        .max()
        .unwrap_or(0)
}

/// Describes the invitation form for the plain mode; once it passed its
/// checks, the "Invite …? y/n" question is the focus line.
fn plain_invite(form: &InviteForm, keys: &[(&str, &str)]) -> PlainView {
    let mut plain = PlainForm::new(tr!("organisation-invite-title"));
    for (index, (label, field)) in INVITE_LABELS.iter().zip(&form.fields).enumerate() {
        plain.text(&tr!(label), field, form.focus == index && !form.confirming);
    }
    plain.choice(
        &tr!("organisation-field-role"),
        &form.role.name(),
        form.focus == 3 && !form.confirming,
    );
    plain.keys(keys);
    if form.confirming {
        let question = tr!(
            "organisation-invite-confirm",
            handle = sanitize_line(form.fields[0].value().trim()),
            role = form.role.name(),
            email = sanitize_line(form.fields[2].value().trim()),
        );
        plain.item(question, true);
    }
    plain.finish()
}

fn render_invite(form: &InviteForm, frame: &mut Frame, area: Rect, theme: &Theme) {
    let block = panel(tr!("organisation-invite-title"), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(2),
        Constraint::Length(2),
        Constraint::Length(2),
        Constraint::Fill(1),
    ])
    .split(inner);
    // Labels take the longest one's width and four columns more: two for
    // the marker, two to keep the field apart.
    let role_label = tr!("organisation-field-role");
    let labels: Vec<String> = INVITE_LABELS.iter().map(|id| tr!(id)).collect();
    let label_width = labels
        .iter()
        .chain([&role_label])
        .map(|label| label.width())
        .max()
        .unwrap_or(0)
        + 4;
    for (index, label) in labels.iter().enumerate() {
        let (Some(row), Some(field)) = (rows.get(index), form.fields.get(index)) else {
            continue;
        };
        let row = Rect { height: 1, ..*row };
        let [label_area, field_area] =
            Layout::horizontal([columns(label_width), Constraint::Fill(1)]).areas(row);
        let focused = form.focus == index && !form.confirming;
        let marker = if focused { "› " } else { "  " };
        let style = if focused { theme.key } else { theme.muted };
        frame.render_widget(Span::styled(format!("{marker}{label}"), style), label_area);
        field.render(frame, field_area, theme, focused);
    }
    if let Some(row) = rows.get(3) {
        let focused = form.focus == 3 && !form.confirming;
        let marker = if focused { "› " } else { "  " };
        let style = if focused { theme.key } else { theme.muted };
        let padded = label_width - marker.width();
        let line = Line::from(vec![
            Span::styled(format!("{marker}{role_label:<padded$}"), style),
            Span::raw(format!("‹ {} ›", form.role.name())),
            Span::styled(
                format!("  {}", tr!("organisation-change-hint")),
                theme.muted,
            ),
        ]);
        frame.render_widget(line, Rect { height: 1, ..*row });
    }
    if let Some(row) = rows.get(4) {
        let text = if form.confirming {
            tr!(
                "organisation-invite-confirm",
                handle = sanitize_line(form.fields[0].value().trim()),
                role = form.role.name(),
                email = sanitize_line(form.fields[2].value().trim()),
            )
        } else {
            tr!("organisation-invite-hint")
        };
        let style = if form.confirming {
            theme.key
        } else {
            theme.muted
        };
        frame.render_widget(Paragraph::new(Line::styled(text, style)), *row);
    }
}

impl Screen for OrganisationScreen {
    fn show(&mut self) -> Vec<Effect> {
        self.memberships_state = LoadState::Loading;
        let mut effects = vec![Effect::Load(Load::Memberships)];
        if self.is_owner() {
            self.members_state = LoadState::Loading;
            effects.push(Effect::Load(Load::Members));
        }
        effects
    }

    fn handle_key(&mut self, key: &KeyEvent) -> Reaction {
        let organisation = self.organisation_name();
        match &mut self.mode {
            Mode::Sending => Reaction::handled(),
            Mode::Browse => self.handle_browse_key(key),
            Mode::FreshCode { .. } => self.handle_code_key(key),
            Mode::Invite(form) => {
                let (mut reaction, command, cancelled) =
                    OrganisationScreen::handle_invite_key(form, key);
                if let Some(command) = command {
                    self.mode = Mode::Sending;
                    reaction = reaction
                        .with_effect(Effect::Run(command))
                        .with_notice(Notice::info(tr!("organisation-invitation-sending")));
                } else if cancelled {
                    self.mode = Mode::Browse;
                }
                reaction
            }
            Mode::PickRole { handle, role } => match key.code {
                KeyCode::Left | KeyCode::Right => {
                    *role = next_role(*role, key.code == KeyCode::Left);
                    Reaction::handled()
                }
                KeyCode::Esc => {
                    self.mode = Mode::Browse;
                    Reaction::handled().with_notice(Notice::info(tr!("organisation-cancelled")))
                }
                KeyCode::Enter => {
                    let action = OwnerAction::ChangeRole {
                        handle: handle.clone(),
                        role: *role,
                    };
                    let text = tr!(
                        "organisation-change-role-action",
                        handle = sanitize_line(handle),
                        role = role.name(),
                        organisation = organisation,
                    );
                    self.mode = Mode::FreshCode {
                        prompt: FreshCodePrompt::new(text),
                        action,
                    };
                    Reaction::handled()
                }
                _ => Reaction::handled(),
            },
        }
    }

    fn paste(&mut self, text: &str) {
        match &mut self.mode {
            Mode::FreshCode { prompt, .. } => prompt.paste(text),
            Mode::Invite(form) if !form.confirming && form.focus < 3 => {
                if let Some(field) = form.fields.get_mut(form.focus) {
                    field.insert_str(text);
                }
            }
            _ => {}
        }
    }

    fn done(&mut self, result: &CommandResult) -> Reaction {
        if !matches!(self.mode, Mode::Sending) {
            return Reaction::ignored();
        }
        match result {
            CommandResult::MembersChanged { message } => {
                self.mode = Mode::Browse;
                self.members_state = LoadState::Loading;
                Reaction::load(Load::Members).with_notice(Notice::ok(message.clone()))
            }
            CommandResult::OrganisationSwitched(principal) => {
                self.mode = Mode::Browse;
                self.principal = (**principal).clone();
                let mut reaction = Reaction::handled();
                reaction.effects = self.show();
                reaction
            }
            CommandResult::Failed { .. } => {
                self.mode = Mode::Browse;
                Reaction::handled()
            }
            _ => Reaction::ignored(),
        }
    }

    fn load_failed(&mut self) {
        if self.memberships_state == LoadState::Loading {
            self.memberships_state = LoadState::Failed;
        }
        if self.members_state == LoadState::Loading {
            self.members_state = LoadState::Failed;
        }
    }

    fn text_focus(&self) -> bool {
        matches!(
            self.mode,
            Mode::Invite(_) | Mode::FreshCode { .. } | Mode::PickRole { .. }
        )
    }

    fn keys(&self) -> Vec<(&'static str, &'static str)> {
        match self.mode {
            Mode::FreshCode { .. } => FreshCodePrompt::keys(),
            Mode::Invite(_) => vec![
                ("Tab ↑ ↓", "common-next-previous-field"),
                ("← →", "organisation-key-change-role"),
                ("Enter", "organisation-key-check-send"),
                ("Esc", "common-cancel"),
            ],
            Mode::PickRole { .. } => vec![
                ("← →", "organisation-key-choose-role"),
                ("Enter", "organisation-key-confirm-code"),
                ("Esc", "common-cancel"),
            ],
            _ => {
                let mut keys = vec![
                    ("↑ ↓ j k", "common-move"),
                    ("Enter", "organisation-key-work-in"),
                    ("Esc O", "common-close"),
                ];
                if self.is_owner() {
                    keys.extend([
                        ("Tab", "organisation-key-pane"),
                        ("i", "organisation-key-invite"),
                        ("r", "organisation-key-role"),
                        ("x", "organisation-key-revoke"),
                    ]);
                }
                keys
            }
        }
    }

    fn field_hints(&self) -> Vec<(&'static str, &'static str)> {
        vec![("Enter", "common-confirm"), ("Esc", "common-cancel")]
    }

    fn plain_view(&self, clock: &Regional) -> Option<PlainView> {
        self.plain(clock)
    }

    fn render(&mut self, frame: &mut Frame, area: Rect, theme: &Theme) {
        if let Mode::Invite(form) = &self.mode {
            render_invite(form, frame, area, theme);
            return;
        }
        if self.is_owner() {
            let [top, bottom] =
                Layout::vertical([Constraint::Length(7), Constraint::Fill(1)]).areas(area);
            self.render_organisations(frame, top, theme);
            self.render_members(frame, bottom, theme);
        } else {
            self.render_organisations(frame, area, theme);
        }
        match &self.mode {
            Mode::FreshCode { prompt, .. } => prompt.render(frame, area, theme),
            Mode::PickRole { handle, role } => {
                let prompt_area = crate::tui::widgets::centered(area, 56, 5);
                frame.render_widget(ratatui::widgets::Clear, prompt_area);
                let block = panel(
                    tr!(
                        "organisation-new-role-title",
                        handle = sanitize_line(handle)
                    ),
                    theme,
                );
                let lines = vec![
                    Line::styled(format!("‹ {} ›", role.name()), theme.key),
                    Line::styled(tr!("organisation-pick-role-hint"), theme.muted),
                ];
                frame.render_widget(Paragraph::new(lines).block(block), prompt_area);
            }
            _ => {}
        }
    }
}
