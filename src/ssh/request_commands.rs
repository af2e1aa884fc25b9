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
        Command::Assign {
            request_ids,
            handle,
        } => {
            let mut name = String::new();
            for &request_id in &request_ids {
                name = portal
                    .assign_request(principal, request_id, handle.as_deref())
                    .await?;
            }
            let message = match request_ids.len() {
                1 => tr!("requests-done-assigned", name = &name),
                count => tr!("requests-done-assigned-many", count = count, name = &name),
            };
            Ok(changed(request_ids, message))
        }
        Command::CloseMany {
            request_ids,
            next_step,
        } => {
            for &request_id in &request_ids {
                portal
                    .change_state(
                        principal,
                        request_id,
                        crate::domain::RequestState::Closed,
                        &next_step,
                    )
                    .await?;
            }
            let message = tr!("requests-done-closed-many", count = request_ids.len());
            Ok(changed(request_ids, message))
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
        Command::SetPriority {
            request_id,
            priority,
        } => {
            portal.set_priority(principal, request_id, priority).await?;
            let message = tr!(
                "requests-done-priority",
                priority = priority.label().to_lowercase()
            );
            Ok(changed(vec![request_id], message))
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
