//! The actions that audit entries record, and their descriptions on
//! screens.

use crate::domain::text::sanitize_line;

named_enum! {
    /// An action that the portal writes to the audit trail. The stored
    /// name is English and stable, because the operator's command line
    /// and audit exports show it as stored.
    pub enum AuditAction("audit action") {
        Login => "login",
        LoginFailed => "login-failed",
        UnusualLogin => "unusual-login",
        SessionEnded => "session-ended",
        SessionsEnded => "sessions-ended",
        PasswordChanged => "password-changed",
        PasswordChangeRefused => "password-change-refused",
        PasswordHashUpgraded => "password-hash-upgraded",
        ResetCodeUsed => "reset-code-used",
        RecoveryCodeUsed => "recovery-code-used",
        RecoveryCodesRegenerated => "recovery-codes-regenerated",
        TotpEnrolled => "totp-enrolled",
        TotpReenrolled => "totp-reenrolled",
        TotpReplayRejected => "totp-replay-rejected",
        TotpSecretsEncrypted => "totp-secrets-encrypted",
        SecondFactorCheckFailed => "second-factor-check-failed",
        FactorSuspended => "factor-suspended",
        ProfileChanged => "profile-changed",
        DisplayPreferencesChanged => "display-preferences-changed",
        RegionalPreferencesChanged => "regional-preferences-changed",
        NotificationPreferencesChanged => "notification-preferences-changed",
        EmailChangeRequested => "email-change-requested",
        EmailChanged => "email-changed",
        EmailChangeRefused => "email-change-refused",
        PhoneChangeRequested => "phone-change-requested",
        PhoneChanged => "phone-changed",
        PhoneChangeRefused => "phone-change-refused",
        ConsentGiven => "consent-given",
        ConsentWithdrawn => "consent-withdrawn",
        AutomationKeyAdded => "automation-key-added",
        AutomationKeyRegistered => "automation-key-registered",
        AutomationKeyUsed => "automation-key-used",
        AutomationKeyRejected => "automation-key-rejected",
        AutomationKeyRevoked => "automation-key-revoked",
        AutomationKeyExpired => "automation-key-expired",
        AutomationKeyExpiryNotified => "automation-key-expiry-notified",
        OrganisationSwitched => "organisation-switched",
        MemberInvited => "member-invited",
        MemberRoleChanged => "member-role-changed",
        MemberRevoked => "member-revoked",
        RequestOpened => "request-opened",
        RequestStateChanged => "request-state-changed",
        RequestAssigned => "request-assigned",
        RequestPrioritySet => "request-priority-set",
        RequestRated => "request-rated",
        ParticipantAdded => "participant-added",
        DocumentAttached => "document-attached",
        DocumentUploaded => "document-uploaded",
        DocumentAdded => "document-added",
        DocumentDownloaded => "document-downloaded",
        DocumentDeleted => "document-deleted",
        LegalHoldSet => "legal-hold-set",
        LegalHoldReleased => "legal-hold-released",
        CommandRun => "command-run",
        PersonalDataExported => "personal-data-exported",
        ExportRefused => "export-refused",
        ErasureRequested => "erasure-requested",
        AccountErased => "account-erased",
        DeadlineWarned => "deadline-warned",
        OutboxRetried => "outbox-retried",
        UserAdded => "user-added",
        UserReset => "user-reset",
        UserDisabled => "user-disabled",
        UserEnabled => "user-enabled",
        KeyAdded => "key-added",
        UsersListed => "users-listed",
        AuditVerified => "audit-verified",
        AuditExported => "audit-exported",
    }
}

impl AuditAction {
    /// Returns the id of the action's description in the Fluent files:
    /// `activity-action-` and the stored name.
    pub fn message_id(self) -> String {
        format!("activity-action-{}", self.as_str())
    }

    /// Returns the description shown on screens, such as "Notification
    /// settings changed", in the current language.
    pub fn label(self) -> String {
        tr!(&self.message_id())
    }
}

/// Describes a stored action name in the current language. A name that
/// this version does not write, such as one an older version recorded,
/// reads as "Other action: " and its words, so a screen never shows the
/// raw name by itself.
pub fn describe_action(stored: &str) -> String {
    if let Ok(action) = stored.parse::<AuditAction>() {
        return action.label();
    }
    let words: Vec<String> = sanitize_line(stored)
        .split(['-', '_', '.'])
        .filter(|word| !word.trim().is_empty())
        .map(|word| word.trim().to_string())
        .collect();
    if words.is_empty() {
        return tr!("activity-action-unnamed");
    }
    tr!("activity-action-unknown", name = words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, files, sync_scope};

    /// Tells whether a Fluent file of `language` defines message `id`.
    fn defines(language: Language, id: &str) -> bool {
        let start = format!("{id} =");
        files(language)
            .iter()
            .any(|(_, text)| text.lines().any(|line| line.starts_with(&start)))
    }

    #[test]
    fn every_action_has_a_description() {
        for language in Language::ALL {
            let missing: Vec<String> = AuditAction::ALL
                .iter()
                .map(|action| action.message_id())
                .filter(|id| !defines(language, id))
                .collect();
            assert!(
                missing.is_empty(),
                "{language:?} has no description for: {}",
                missing.join(", ")
            );
        }
    }

    #[test]
    fn known_action_reads_as_words() {
        let english = sync_scope(Language::English, || {
            describe_action("notification-preferences-changed")
        });
        assert_eq!(english, "Notification settings changed");
        let french = sync_scope(Language::French, || {
            describe_action("notification-preferences-changed")
        });
        assert_eq!(french, "Réglages des notifications modifiés");
    }

    #[test]
    fn unknown_action_reads_as_words() {
        let english = sync_scope(Language::English, || describe_action("document.download"));
        assert_eq!(english, "Other action: document download");
        let french = sync_scope(Language::French, || describe_action("document.download"));
        assert_eq!(french, "Autre action\u{a0}: document download");
        let control = sync_scope(Language::English, || describe_action("odd\u{1b}[2J-name"));
        assert!(!control.contains('\u{1b}'), "{control:?}");
        let empty = sync_scope(Language::English, || describe_action("--"));
        assert_eq!(empty, "Other action");
    }

    /// Returns the `action` field of each `AuditEntry { .. }` built in the
    /// `.rs` files under `folder`, with the file it is in.
    fn entry_actions(folder: &std::path::Path, found: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                entry_actions(&path, found);
                continue;
            }
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("read source");
            for (start, _) in source.match_indices("AuditEntry {") {
                let body = &source[start..];
                let body = &body[..body.find('}').unwrap_or(body.len())];
                let action = body
                    .lines()
                    .map(str::trim)
                    .find(|line| line.starts_with("action"))
                    .unwrap_or("(no action field)");
                found.push((path.display().to_string(), action.to_string()));
            }
        }
    }

    /// Every audit writer outside the store takes an [`AuditAction`], so
    /// the test above covers every action the portal writes. The store
    /// builds entries from stored names only to check the hash chain.
    #[test]
    fn writers_take_typed_actions() {
        let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        entry_actions(&source, &mut found);
        let untyped: Vec<String> = found
            .iter()
            .filter(|(file, _)| {
                !file.ends_with("store/audit.rs") && !file.ends_with("domain/audit.rs")
            })
            .filter(|(_, action)| {
                !action.contains("AuditAction::") && !action.contains("action.as_str()")
            })
            .map(|(file, action)| format!("{file}: {action}"))
            .collect();
        assert!(found.len() > 1, "no audit entry found under {source:?}");
        assert!(
            untyped.is_empty(),
            "audit entries whose action is not an AuditAction:\n{}",
            untyped.join("\n")
        );
    }
}
