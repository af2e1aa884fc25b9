//! Carries out the app's commands on open requests through the service
//! layer and words their outcome.

use crate::domain::Principal;
use crate::service::{Portal, ServiceResult};
use crate::tui::{Command, CommandResult};

/// Returns the outcome of a request's change to state `to`.
pub(super) fn state_changed(request_id: i64, to: crate::domain::RequestState) -> CommandResult {
    let message = tr!("requests-done-state", state = to.label().to_lowercase());
    CommandResult::RequestsChanged {
        request_ids: vec![request_id],
        message,
    }
}

/// Returns the outcome of assigning `request_ids` to the agent `name`.
pub(super) fn assigned(request_ids: Vec<i64>, name: &str) -> CommandResult {
    let message = match request_ids.len() {
        1 => tr!("requests-done-assigned", name = name),
        count => tr!("requests-done-assigned-many", count = count, name = name),
    };
    CommandResult::RequestsChanged {
        request_ids,
        message,
    }
}

/// Returns the outcome of closing `request_ids` at once.
pub(super) fn closed_many(request_ids: Vec<i64>) -> CommandResult {
    let message = tr!("requests-done-closed-many", count = request_ids.len());
    CommandResult::RequestsChanged {
        request_ids,
        message,
    }
}

/// Returns the outcome of a request's priority change.
pub(super) fn priority_set(
    request_id: i64,
    priority: crate::domain::RequestPriority,
) -> CommandResult {
    let message = tr!(
        "requests-done-priority",
        priority = priority.label().to_lowercase()
    );
    CommandResult::RequestsChanged {
        request_ids: vec![request_id],
        message,
    }
}

/// Runs one request command. Commands of other kinds are not expected
/// here and fail with an internal error.
pub async fn run(
    portal: &Portal,
    principal: &Principal,
    command: Command,
) -> ServiceResult<CommandResult> {
    let changed = |request_ids: Vec<i64>, message: String| CommandResult::RequestsChanged {
        request_ids,
        message,
    };
    match command {
        Command::ChangeState {
            request_id,
            to,
            next_step,
        } => {
            portal
                .change_state(principal, request_id, to, &next_step)
                .await?;
            Ok(state_changed(request_id, to))
        }
        Command::Attach {
            request_id,
            document_id,
        } => {
            portal
                .attach_to_request(principal, request_id, document_id)
                .await?;
            Ok(changed(vec![request_id], tr!("requests-done-attached")))
        }
        Command::AddParticipant { request_id, handle } => {
            let name = portal
                .add_participant(principal, request_id, &handle)
                .await?;
            let message = tr!("requests-done-participant", name = &name);
            Ok(changed(vec![request_id], message))
        }
        Command::Rate {
            request_id,
            rating,
            comment,
        } => {
            portal
                .rate_request(principal, request_id, rating, &comment)
                .await?;
            Ok(changed(vec![request_id], tr!("requests-done-rated")))
        }
        _ => Err(crate::service::ServiceError::Internal(
            "a command reached the request commands that is not one of them".to_string(),
        )),
    }
}
