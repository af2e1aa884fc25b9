//! Subjects and bodies of every email and SMS Portico sends, in one place
//! so they can be translated later. Every value put into a template is
//! sanitized to one plain line first, since it may quote text from users.

use crate::domain::text::sanitize_line;

/// Product name used in subjects.
const PRODUCT: &str = "Portico";

/// The subject of a message, one variant per template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    /// A request changed state: the request's title line and next step.
    StatusChange { title: String, detail: String },
    /// A new message in a request.
    NewMessage { title: String, detail: String },
    /// A new document arrived.
    NewDocument { title: String, detail: String },
    /// A deadline is near.
    Deadline { title: String, detail: String },
    /// Something happened to the account's security.
    SecurityAlert { title: String, detail: String },
    /// An owner invited a colleague; carries the one-time onboarding code.
    Invitation {
        organisation: String,
        handle: String,
        code: String,
        address: String,
        valid_hours: i64,
    },
    /// A code that confirms a new email address.
    EmailChangeCode { code: String, valid_minutes: i64 },
    /// A code that confirms a new phone number.
    PhoneChangeCode { code: String, valid_minutes: i64 },
    /// The daily digest of held messages: one line per subject.
    Digest { lines: Vec<String> },
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

impl Template {
    /// Renders the email form of the message: a subject and a plain-text body.
    pub fn email(&self) -> Rendered {
        match self {
            Template::StatusChange { title, detail }
            | Template::NewMessage { title, detail }
            | Template::NewDocument { title, detail }
            | Template::Deadline { title, detail } => Rendered {
                subject: format!("[{PRODUCT}] {}", sanitize_line(title)),
                body: format!(
                    "{}\n\n{}\n\nLog in to {PRODUCT} to see the details.\n",
                    sanitize_line(title),
                    sanitize_line(detail)
                ),
            },
            Template::SecurityAlert { title, detail } => Rendered {
                subject: format!("[{PRODUCT}] Security alert: {}", sanitize_line(title)),
                body: format!(
                    "{}\n\n{}\n\nIf this was not you, change your password and contact your operator.\n",
                    sanitize_line(title),
                    sanitize_line(detail)
                ),
            },
            Template::Invitation {
                organisation,
                handle,
                code,
                address,
                valid_hours,
            } => Rendered {
                subject: format!(
                    "[{PRODUCT}] You are invited to {}",
                    sanitize_line(organisation)
                ),
                body: format!(
                    "You have been invited to {} on {PRODUCT}.\n\n\
                     Log in with: ssh {}@{}\n\
                     When asked for a password, type this one-time code: {}\n\
                     The code is valid for {valid_hours} hours. You then set a password \
                     and an authenticator app.\n",
                    sanitize_line(organisation),
                    sanitize_line(handle),
                    sanitize_line(address),
                    sanitize_line(code)
                ),
            },
            Template::EmailChangeCode {
                code,
                valid_minutes,
            } => Rendered {
                subject: format!("[{PRODUCT}] Confirm your new email address"),
                body: format!(
                    "Type this code in {PRODUCT} to confirm your new email address: {}\n\
                     The code is valid for {valid_minutes} minutes. If you did not ask for \
                     this change, ignore this message.\n",
                    sanitize_line(code)
                ),
            },
            Template::PhoneChangeCode { .. } => {
                let sms = self.sms();
                Rendered {
                    subject: format!("[{PRODUCT}] Confirm your phone number"),
                    body: sms,
                }
            }
            Template::Digest { lines } => {
                let mut body = format!(
                    "Your {PRODUCT} digest: {} notification(s) held since the last one.\n\n",
                    lines.len()
                );
                for line in lines {
                    body.push_str("- ");
                    body.push_str(&sanitize_line(line));
                    body.push('\n');
                }
                Rendered {
                    subject: format!("[{PRODUCT}] Your daily digest"),
                    body,
                }
            }
        }
    }

    /// Renders the SMS form of the message: one short plain line.
    pub fn sms(&self) -> String {
        match self {
            Template::StatusChange { title, .. }
            | Template::NewMessage { title, .. }
            | Template::NewDocument { title, .. }
            | Template::Deadline { title, .. } => format!("{PRODUCT}: {}", sanitize_line(title)),
            Template::SecurityAlert { title, .. } => {
                format!("{PRODUCT} security alert: {}", sanitize_line(title))
            }
            Template::PhoneChangeCode {
                code,
                valid_minutes,
            } => format!(
                "{PRODUCT} code {} confirms your phone number; valid {valid_minutes} minutes.",
                sanitize_line(code)
            ),
            other => other.email().subject,
        }
    }

    /// Returns the kind's name stored in the outbox.
    pub fn kind(&self) -> &'static str {
        match self {
            Template::StatusChange { .. } => "status-change",
            Template::NewMessage { .. } => "new-message",
            Template::NewDocument { .. } => "new-document",
            Template::Deadline { .. } => "deadline",
            Template::SecurityAlert { .. } => "security-alert",
            Template::Invitation { .. } => "invitation",
            Template::EmailChangeCode { .. } => "email-change-code",
            Template::PhoneChangeCode { .. } => "phone-change-code",
            Template::Digest { .. } => "digest",
        }
    }

    /// Builds the template of an in-app notification of `kind`.
    pub fn for_notification(
        kind: crate::domain::NotificationKind,
        title: &str,
        detail: &str,
    ) -> Template {
        use crate::domain::NotificationKind;
        let (title, detail) = (title.to_string(), detail.to_string());
        match kind {
            NotificationKind::StatusChange => Template::StatusChange { title, detail },
            NotificationKind::NewMessage => Template::NewMessage { title, detail },
            NotificationKind::NewDocument => Template::NewDocument { title, detail },
            NotificationKind::Deadline => Template::Deadline { title, detail },
            NotificationKind::SecurityAlert => Template::SecurityAlert { title, detail },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_sanitized() {
        let template = Template::NewMessage {
            title: "New \u{1b}[2Jmessage\nSubject: x".to_string(),
            detail: "body\r\nBcc: someone".to_string(),
        };
        let rendered = template.email();
        assert!(!rendered.subject.contains('\u{1b}'));
        assert!(!rendered.subject.contains('\n'));
        assert!(!rendered.body.contains('\r'));
        assert!(!template.sms().contains('\n'));
    }

    #[test]
    fn codes_appear_in_bodies() {
        let email = Template::EmailChangeCode {
            code: "ABCD-EFGH-JKLM".to_string(),
            valid_minutes: 15,
        };
        assert!(email.email().body.contains("ABCD-EFGH-JKLM"));
        assert!(!email.email().subject.contains("ABCD"));
        let phone = Template::PhoneChangeCode {
            code: "123456".to_string(),
            valid_minutes: 15,
        };
        assert!(phone.sms().contains("123456"));
    }
}
