//! Subjects and bodies of every email and SMS Portico sends, in the
//! recipient's language from `locales/*/mail.ftl`. Every value put into a
//! template is sanitized to one plain line first, since it may quote text
//! from users.

use fluent_bundle::FluentValue;

use crate::domain::text::sanitize_line;
use crate::i18n::{FluentArgs, Language};

/// Product name used in subjects and texts.
const PRODUCT: &str = "Portico";

/// Returns the text of mail message `id` in `language`, with the product
/// name as `$product` besides `args`.
fn text(language: Language, id: &str, args: &[(&str, FluentValue)]) -> String {
    let mut fluent_args = FluentArgs::new();
    fluent_args.set("product", PRODUCT);
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    crate::i18n::text_in(language, id, Some(&fluent_args))
}

/// Puts the product tag in front of a subject line.
fn subject(text: &str) -> String {
    format!("[{PRODUCT}] {text}")
}

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
    /// Renders the email form of the message in `language`: a subject and
    /// a plain-text body.
    pub fn email(&self, language: Language) -> Rendered {
        let text = |id: &str, args: &[(&str, FluentValue)]| text(language, id, args);
        match self {
            Template::StatusChange { title, detail }
            | Template::NewMessage { title, detail }
            | Template::NewDocument { title, detail }
            | Template::Deadline { title, detail } => Rendered {
                subject: subject(&sanitize_line(title)),
                body: format!(
                    "{}\n\n{}\n\n{}\n",
                    sanitize_line(title),
                    sanitize_line(detail),
                    text("mail-notice-footer", &[])
                ),
            },
            Template::SecurityAlert { title, detail } => Rendered {
                subject: subject(&text(
                    "mail-security-subject",
                    &[("title", sanitize_line(title).into())],
                )),
                body: format!(
                    "{}\n\n{}\n\n{}\n",
                    sanitize_line(title),
                    sanitize_line(detail),
                    text("mail-security-footer", &[])
                ),
            },
            Template::Invitation {
                organisation,
                handle,
                code,
                address,
                valid_hours,
            } => {
                let organisation = sanitize_line(organisation);
                Rendered {
                    subject: subject(&text(
                        "mail-invitation-subject",
                        &[("organisation", organisation.as_str().into())],
                    )),
                    body: format!(
                        "{}\n\n{}\n{}\n{}\n",
                        text(
                            "mail-invitation-intro",
                            &[("organisation", organisation.as_str().into())]
                        ),
                        text(
                            "mail-invitation-login",
                            &[(
                                "command",
                                crate::domain::network::login_command(
                                    &sanitize_line(address),
                                    &sanitize_line(handle)
                                )
                                .into()
                            )]
                        ),
                        text(
                            "mail-invitation-code",
                            &[("code", sanitize_line(code).into())]
                        ),
                        text(
                            "mail-invitation-validity",
                            &[("hours", (*valid_hours).into())]
                        ),
                    ),
                }
            }
            Template::EmailChangeCode {
                code,
                valid_minutes,
            } => Rendered {
                subject: subject(&text("mail-email-code-subject", &[])),
                body: format!(
                    "{}\n{}\n",
                    text(
                        "mail-email-code-line",
                        &[("code", sanitize_line(code).into())]
                    ),
                    text(
                        "mail-email-code-validity",
                        &[("minutes", (*valid_minutes).into())]
                    ),
                ),
            },
            Template::PhoneChangeCode { .. } => Rendered {
                subject: subject(&text("mail-phone-code-subject", &[])),
                body: self.sms(language),
            },
            Template::Digest { lines } => {
                let mut body = text("mail-digest-intro", &[("count", lines.len().into())]);
                body.push_str("\n\n");
                for line in lines {
                    body.push_str("- ");
                    body.push_str(&sanitize_line(line));
                    body.push('\n');
                }
                Rendered {
                    subject: subject(&text("mail-digest-subject", &[])),
                    body,
                }
            }
        }
    }

    /// Renders the SMS form of the message in `language`: one short plain
    /// line.
    pub fn sms(&self, language: Language) -> String {
        match self {
            Template::StatusChange { title, .. }
            | Template::NewMessage { title, .. }
            | Template::NewDocument { title, .. }
            | Template::Deadline { title, .. } => format!("{PRODUCT}: {}", sanitize_line(title)),
            Template::SecurityAlert { title, .. } => text(
                language,
                "mail-sms-security",
                &[("title", sanitize_line(title).into())],
            ),
            Template::PhoneChangeCode {
                code,
                valid_minutes,
            } => text(
                language,
                "mail-sms-phone-code",
                &[
                    ("code", sanitize_line(code).into()),
                    ("minutes", (*valid_minutes).into()),
                ],
            ),
            other => other.email(language).subject,
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

    fn every_template() -> Vec<Template> {
        let notice = |title: &str| (title.to_string(), "Next step: sign".to_string());
        let (title, detail) = notice("Request R-1 approved");
        vec![
            Template::StatusChange {
                title: title.clone(),
                detail: detail.clone(),
            },
            Template::NewMessage {
                title: title.clone(),
                detail: detail.clone(),
            },
            Template::NewDocument {
                title: title.clone(),
                detail: detail.clone(),
            },
            Template::Deadline {
                title: title.clone(),
                detail: detail.clone(),
            },
            Template::SecurityAlert { title, detail },
            Template::Invitation {
                organisation: "Acme".to_string(),
                handle: "bea".to_string(),
                code: "ABCD-EFGH-JKLM".to_string(),
                address: "portal.example.com".to_string(),
                valid_hours: 72,
            },
            Template::EmailChangeCode {
                code: "ABCD-EFGH-JKLM".to_string(),
                valid_minutes: 15,
            },
            Template::PhoneChangeCode {
                code: "123456".to_string(),
                valid_minutes: 15,
            },
            Template::Digest {
                lines: vec!["[Portico] One".to_string(), "[Portico] Two".to_string()],
            },
        ]
    }

    #[test]
    fn values_are_sanitized() {
        let template = Template::NewMessage {
            title: "New \u{1b}[2Jmessage\nSubject: x".to_string(),
            detail: "body\r\nBcc: someone".to_string(),
        };
        for language in Language::ALL {
            let rendered = template.email(language);
            assert!(!rendered.subject.contains('\u{1b}'));
            assert!(!rendered.subject.contains('\n'));
            assert!(!rendered.body.contains('\r'));
            assert!(!template.sms(language).contains('\n'));
        }
    }

    #[test]
    fn codes_appear_in_bodies() {
        for language in Language::ALL {
            let email = Template::EmailChangeCode {
                code: "ABCD-EFGH-JKLM".to_string(),
                valid_minutes: 15,
            };
            assert!(email.email(language).body.contains("ABCD-EFGH-JKLM"));
            assert!(!email.email(language).subject.contains("ABCD"));
            let phone = Template::PhoneChangeCode {
                code: "123456".to_string(),
                valid_minutes: 15,
            };
            assert!(phone.sms(language).contains("123456"));
        }
    }

    #[test]
    fn english_texts_are_unchanged() {
        let invitation = Template::Invitation {
            organisation: "Acme".to_string(),
            handle: "bea".to_string(),
            code: "ABCD-EFGH-JKLM".to_string(),
            address: "portal.example.com".to_string(),
            valid_hours: 72,
        }
        .email(Language::English);
        assert_eq!(invitation.subject, "[Portico] You are invited to Acme");
        assert_eq!(
            invitation.body,
            "You have been invited to Acme on Portico.\n\n\
             Log in with: ssh bea@portal.example.com\n\
             When asked for a password, type this one-time code: ABCD-EFGH-JKLM\n\
             The code is valid for 72 hours. You then set a password and an authenticator app.\n"
        );
        let digest = Template::Digest {
            lines: vec!["[Portico] One".to_string()],
        }
        .email(Language::English);
        assert_eq!(
            digest.body,
            "Your Portico digest: 1 notification(s) held since the last one.\n\n- [Portico] One\n"
        );
        let phone = Template::PhoneChangeCode {
            code: "123456".to_string(),
            valid_minutes: 15,
        };
        assert_eq!(
            phone.sms(Language::English),
            "Portico code 123456 confirms your phone number; valid 15 minutes."
        );
    }

    #[test]
    fn french_mails_are_french() {
        let invitation = Template::Invitation {
            organisation: "Acme".to_string(),
            handle: "bea".to_string(),
            code: "ABCD-EFGH-JKLM".to_string(),
            address: "portal.example.com".to_string(),
            valid_hours: 72,
        }
        .email(Language::French);
        assert_eq!(invitation.subject, "[Portico] Invitation à rejoindre Acme");
        assert!(
            invitation.body.contains("Le code est valable 72 heures."),
            "{}",
            invitation.body
        );
        assert!(invitation.body.contains("ssh bea@portal.example.com"));

        let digest = Template::Digest {
            lines: vec!["[Portico] One".to_string()],
        }
        .email(Language::French);
        assert!(
            digest.body.starts_with(
                "Votre résumé Portico\u{a0}: 1 notification retenue depuis le précédent."
            ),
            "{}",
            digest.body
        );
        let alert = Template::SecurityAlert {
            title: "Login from a new place".to_string(),
            detail: "From 192.0.2.1".to_string(),
        };
        assert_eq!(
            alert.email(Language::French).subject,
            "[Portico] Alerte de sécurité\u{a0}: Login from a new place"
        );
        assert!(
            alert
                .sms(Language::French)
                .starts_with("Alerte de sécurité Portico")
        );
    }

    #[test]
    fn every_template_renders_in_both_languages() {
        for template in every_template() {
            let english = template.email(Language::English);
            let french = template.email(Language::French);
            for text in [
                &english.subject,
                &english.body,
                &french.subject,
                &french.body,
                &template.sms(Language::French),
            ] {
                // A message id missing from the Fluent files reads as itself.
                assert!(!text.contains("mail-"), "{}: {text}", template.kind());
            }
            let has_words = !matches!(
                template,
                Template::StatusChange { .. }
                    | Template::NewMessage { .. }
                    | Template::NewDocument { .. }
                    | Template::Deadline { .. }
            );
            if has_words {
                assert_ne!(english.subject, french.subject, "{}", template.kind());
            }
            assert_ne!(english.body, french.body, "{}", template.kind());
        }
    }
}
