//! Runs the organisation and privacy effects of the terminal app: the
//! organisation switcher, the members of an organisation, consents, the
//! data export and erasure requests.

use super::effects::EffectContext;
use crate::domain::Principal;
use crate::service::documents::download_commands;
use crate::service::organisations::Invitation;
use crate::service::{Portal, ServiceError};
use crate::tui::{Command, CommandResult, Load, Loaded};

/// Loads the data of the organisation and privacy views.
pub(super) async fn load(
    portal: &Portal,
    principal: &Principal,
    load: Load,
) -> Result<Loaded, ServiceError> {
    match load {
        Load::Memberships => portal.memberships(principal).await.map(Loaded::Memberships),
        Load::Members => portal.members(principal).await.map(Loaded::Members),
        Load::Privacy => portal
            .privacy_overview(principal)
            .await
            .map(|overview| Loaded::Privacy(Box::new(overview))),
        _ => Err(ServiceError::Internal(
            "not an organisation or privacy load".to_string(),
        )),
    }
}

/// Runs an organisation or privacy command as `principal`. A switch makes
/// every later effect of the session act in the new organisation.
pub(super) async fn run(
    context: &EffectContext,
    principal: &Principal,
    command: Command,
) -> Result<CommandResult, ServiceError> {
    let portal = &context.portal;
    match command {
        Command::SwitchOrganisation { organisation_id } => {
            let switched = portal
                .switch_organisation(principal, organisation_id)
                .await?;
            match context.switched.lock() {
                Ok(mut slot) => *slot = Some(switched.clone()),
                Err(poisoned) => *poisoned.into_inner() = Some(switched.clone()),
            }
            Ok(CommandResult::OrganisationSwitched(Box::new(switched)))
        }
        Command::InviteMember {
            handle,
            display_name,
            email,
            role,
        } => {
            let invitation = Invitation {
                handle: handle.clone(),
                display_name,
                email: email.clone(),
                role,
            };
            // NOTE: the onboarding code reaches the colleague by email, so
            // the result is not shown here.
            portal.invite_member(principal, &invitation).await?;
            Ok(CommandResult::MembersChanged {
                message: format!("Invitation sent to {email} for {handle}."),
            })
        }
        Command::ChangeMemberRole { handle, role, code } => {
            portal
                .change_member_role(principal, &handle, role, &code)
                .await?;
            Ok(CommandResult::MembersChanged {
                message: format!("{handle} is now {role}; their sessions were ended."),
            })
        }
        Command::RevokeMember { handle, code } => {
            portal.revoke_member(principal, &handle, &code).await?;
            Ok(CommandResult::MembersChanged {
                message: format!("{handle} no longer has access; their sessions were ended."),
            })
        }
        Command::SetConsent { key, granted } => {
            portal.set_consent(principal, &key, granted).await?;
            let verb = if granted { "given" } else { "withdrawn" };
            Ok(CommandResult::PrivacyChanged {
                message: format!("Consent {verb}; the change is in the history."),
            })
        }
        Command::ExportData { code } => {
            let archive = portal.export_archive_confirmed(principal, &code).await?;
            let path = format!("/exports/{}", archive.file_name);
            let (_, scp) =
                download_commands(&portal.settings().public_address, &principal.handle, &path);
            Ok(CommandResult::PrivacyChanged {
                message: format!(
                    "Your export ({} documents, {} bytes) is ready: {scp}",
                    archive.documents,
                    archive.bytes.len()
                ),
            })
        }
        Command::RequestErasure { code } => {
            let number = portal.request_erasure(principal, &code).await?;
            Ok(CommandResult::PrivacyChanged {
                message: format!("Erasure request {number} filed; an operator carries it out."),
            })
        }
        // Commands carry codes and passwords, so none is printed here.
        _ => Err(ServiceError::Internal(
            "not an organisation or privacy command".to_string(),
        )),
    }
}
