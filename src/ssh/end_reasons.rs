//! Reasons why Portico ended a session, as stored with the session and
//! shown on the closed screen in the user's language.

use crate::domain::text::sanitize_line;
use crate::i18n::Language;

/// The reason given when the server drains its sessions before stopping.
pub const RESTART: &str = "the service is restarting; connect again in a moment";

/// Stored English reasons and the message ids that show them. The stored
/// value stays English for the audit trail and the session history. The
/// reasons are the ones the services pass to `Portal::end_sessions_of`,
/// `end_sessions_except` and `end_own_session`, and a reason missing here
/// reads in English.
const REASONS: [(&str, &str); 9] = [
    (RESTART, "texts-session-ended-restart"),
    ("account reset by an operator", "texts-session-ended-reset"),
    (
        "account disabled by an operator",
        "texts-session-ended-disabled",
    ),
    (
        "organisation role changed",
        "texts-session-ended-role-changed",
    ),
    (
        "organisation access revoked",
        "texts-session-ended-access-revoked",
    ),
    ("account erased", "texts-session-ended-erased"),
    ("password changed", "texts-session-ended-password-changed"),
    (
        "authenticator app replaced",
        "texts-session-ended-app-replaced",
    ),
    (
        "ended by the user from another session",
        "texts-session-ended-by-user",
    ),
];

/// Returns `reason` in `language`. A reason this build does not know,
/// such as one stored by a newer node, reads as stored, sanitized.
pub fn end_reason_in(language: Language, reason: &str) -> String {
    REASONS
        .iter()
        .find(|(stored, _)| *stored == reason)
        .map_or_else(
            || sanitize_line(reason),
            |(_, id)| crate::i18n::text_in(language, id, None),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_reasons_read_as_stored() {
        for (stored, _) in REASONS {
            assert_eq!(end_reason_in(Language::English, stored), stored);
        }
    }

    #[test]
    fn french_reasons_are_translated() {
        assert_eq!(
            end_reason_in(Language::French, "organisation role changed"),
            "votre rôle dans l’organisation a changé"
        );
        assert_eq!(
            end_reason_in(Language::French, RESTART),
            "le service redémarre\u{a0}; reconnectez-vous dans un instant"
        );
        for (stored, _) in REASONS {
            assert_ne!(end_reason_in(Language::French, stored), stored);
        }
    }

    #[test]
    fn unknown_reason_is_sanitized() {
        assert_eq!(
            end_reason_in(Language::French, "maintenance\u{1b}[2J"),
            "maintenance[2J"
        );
    }
}
