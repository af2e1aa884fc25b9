//! Runs the organisation and privacy effects of the terminal app: the
//! organisation switcher, the members of an organisation, consents, the
//! data export and erasure requests.

use super::effects::EffectContext;
use crate::domain::text::sanitize_line;
use crate::domain::{MemberRole, Principal};
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
                message: invitation_sent(&email, &handle),
            })
        }
        Command::ChangeMemberRole { handle, role, code } => {
            portal
                .change_member_role(principal, &handle, role, &code)
                .await?;
            Ok(CommandResult::MembersChanged {
                message: role_changed(&handle, role),
            })
        }
        Command::RevokeMember { handle, code } => {
            portal.revoke_member(principal, &handle, &code).await?;
            Ok(CommandResult::MembersChanged {
                message: access_revoked(&handle),
            })
        }
        Command::SetConsent { key, granted } => {
            portal.set_consent(principal, &key, granted).await?;
            Ok(CommandResult::PrivacyChanged {
                message: consent_changed(granted),
            })
        }
        Command::ExportData { code } => {
            let archive = portal.export_archive_confirmed(principal, &code).await?;
            let path = format!("/exports/{}", archive.file_name);
            let (_, scp) =
                download_commands(&portal.settings().public_address, &principal.handle, &path);
            Ok(CommandResult::PrivacyChanged {
                message: export_ready(archive.documents, archive.bytes.len(), &scp),
            })
        }
        Command::RequestErasure { code } => {
            let number = portal.request_erasure(principal, &code).await?;
            Ok(CommandResult::PrivacyChanged {
                message: erasure_filed(&number.to_string()),
            })
        }
        // Commands carry codes and passwords, so none is printed here.
        _ => Err(ServiceError::Internal(
            "not an organisation or privacy command".to_string(),
        )),
    }
}

// The results below are shown in the members view, the privacy view and
// the status line, in the caller's language.

fn invitation_sent(email: &str, handle: &str) -> String {
    tr!(
        "organisation-invitation-sent",
        email = sanitize_line(email),
        handle = sanitize_line(handle)
    )
}

fn role_changed(handle: &str, role: MemberRole) -> String {
    tr!(
        "organisation-role-changed",
        handle = sanitize_line(handle),
        role = role.name()
    )
}

fn access_revoked(handle: &str) -> String {
    tr!(
        "organisation-access-revoked",
        handle = sanitize_line(handle)
    )
}

fn consent_changed(granted: bool) -> String {
    if granted {
        tr!("privacy-consent-given")
    } else {
        tr!("privacy-consent-withdrawn")
    }
}

fn export_ready(documents: usize, bytes: usize, command: &str) -> String {
    tr!(
        "privacy-export-ready",
        documents = documents,
        bytes = bytes,
        command = command
    )
}

fn erasure_filed(number: &str) -> String {
    tr!("privacy-erasure-filed", number = number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, sync_scope};

    #[test]
    fn results_read_in_english() {
        assert_eq!(
            invitation_sent("carol@example.com", "carol"),
            "Invitation sent to carol@example.com for carol."
        );
        assert_eq!(
            role_changed("bob", MemberRole::Billing),
            "bob is now billing; their sessions were ended."
        );
        assert_eq!(
            access_revoked("bob"),
            "bob no longer has access; their sessions were ended."
        );
        assert_eq!(
            consent_changed(true),
            "Consent given; the change is in the history."
        );
        assert_eq!(
            consent_changed(false),
            "Consent withdrawn; the change is in the history."
        );
        assert_eq!(
            export_ready(3, 2048, "scp x:/exports/a.zip ."),
            "Your export (3 documents, 2048 bytes) is ready: scp x:/exports/a.zip ."
        );
        assert_eq!(
            erasure_filed("E-2026-000004"),
            "Erasure request E-2026-000004 filed; an operator carries it out."
        );
    }

    #[test]
    fn results_read_in_french() {
        sync_scope(Language::French, || {
            assert_eq!(
                invitation_sent("carol@example.com", "carol"),
                "Invitation envoyée à carol@example.com pour carol."
            );
            assert_eq!(
                role_changed("bob", MemberRole::Viewer),
                "bob a maintenant le rôle lecteur\u{a0}; ses sessions ont été terminées."
            );
            assert_eq!(
                access_revoked("bob"),
                "bob n’a plus accès\u{a0}; ses sessions ont été terminées."
            );
            assert_eq!(
                consent_changed(true),
                "Consentement donné\u{a0}; le changement figure dans l’historique."
            );
            assert_eq!(
                consent_changed(false),
                "Consentement retiré\u{a0}; le changement figure dans l’historique."
            );
            assert_eq!(
                export_ready(1, 2048, "scp x:/exports/a.zip ."),
                "Votre export (1 document, 2048 octets) est prêt\u{a0}: scp x:/exports/a.zip ."
            );
            assert_eq!(
                erasure_filed("E-2026-000004"),
                "Demande d’effacement E-2026-000004 déposée\u{a0}; un opérateur s’en charge."
            );
        });
    }

    #[test]
    fn results_strip_terminal_controls() {
        assert_eq!(
            access_revoked("bob\u{1b}[2J"),
            "bob[2J no longer has access; their sessions were ended."
        );
    }
}
