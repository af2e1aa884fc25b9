//! The agent's views of the request list: which requests each view holds,
//! in the order the `v` key cycles through them.

use crate::store::requests::RequestRecord;

/// A view of the agent's request list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgentView {
    #[default]
    Open,
    Unassigned,
    Mine,
    Overdue,
    Waiting,
    All,
}

impl AgentView {
    pub const ALL: [AgentView; 6] = [
        AgentView::Open,
        AgentView::Unassigned,
        AgentView::Mine,
        AgentView::Overdue,
        AgentView::Waiting,
        AgentView::All,
    ];

    /// Returns the view's name in the current language.
    pub fn label(self) -> String {
        match self {
            AgentView::Open => tr!("requests-view-open"),
            AgentView::Unassigned => tr!("requests-view-unassigned"),
            AgentView::Mine => tr!("requests-view-mine"),
            AgentView::Overdue => tr!("requests-view-overdue"),
            AgentView::Waiting => tr!("requests-view-waiting"),
            AgentView::All => tr!("requests-view-all"),
        }
    }

    /// Tells whether the view contains `request` for the agent `user_id`.
    pub fn includes(self, request: &RequestRecord, user_id: i64) -> bool {
        let open = request.state != "closed";
        match self {
            AgentView::Open => open,
            AgentView::Unassigned => open && request.assignee_id.is_none(),
            AgentView::Mine => open && request.assignee_id == Some(user_id),
            AgentView::Overdue => open && request.is_overdue(),
            AgentView::Waiting => request.state == "missing-document",
            AgentView::All => true,
        }
    }

    /// Returns the next view, or the previous one when `back` is set.
    pub fn cycle(self, back: bool) -> AgentView {
        let count = AgentView::ALL.len();
        let index = AgentView::ALL
            .iter()
            .position(|&view| view == self)
            .unwrap_or(0);
        let next = if back {
            (index + count - 1) % count
        } else {
            (index + 1) % count
        };
        AgentView::ALL.get(next).copied().unwrap_or_default()
    }
}
