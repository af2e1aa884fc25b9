//! The caller's notification preferences (channels per kind, quiet hours,
//! digest) and changes of email address and phone number, each confirmed
//! by a code sent to the new address or number and a fresh second factor.

use super::{Portal, ServiceError, ServiceResult};
use crate::auth::recovery;
use crate::domain::audit::AuditAction;
use crate::domain::text::{sanitize_line, validate_email};
use crate::domain::{NotificationKind, Principal};
use crate::notify::templates::Template;
use crate::store::notification_preferences::{self as preferences, ChannelRow, SettingsRow};
use crate::store::outbox::Channel;

/// How long a confirmation code is valid, in seconds.
pub const CONTACT_CODE_LIFETIME_SECS: i64 = 15 * 60;
/// Wrong codes allowed before a pending change is dropped.
pub const CONTACT_CODE_MAX_ATTEMPTS: i64 = 5;

/// The channels of one kind. In-app is always on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelChoice {
    pub email: bool,
    pub sms: bool,
}

/// A user's preferences as screens show and edit them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationPreferences {
    /// One entry per kind, in [`NotificationKind::ALL`] order.
    pub channels: Vec<(NotificationKind, ChannelChoice)>,
    /// Quiet hours as minutes after local midnight, start and end.
    pub quiet_hours: Option<(i64, i64)>,
    /// The user's offset from UTC in minutes; 0 means UTC.
    pub utc_offset_minutes: i64,
    /// Hold email and SMS for one daily digest, except security alerts.
    pub digest: bool,
    /// Local hour, 0 to 23, from which the daily digest goes out, in the
    /// time zone of the user's regional preferences.
    pub digest_hour: i64,
    pub email: String,
    pub phone: Option<String>,
}

/// Every kind, in the order screens list them.
pub const KINDS: [NotificationKind; 5] = [
    NotificationKind::StatusChange,
    NotificationKind::NewMessage,
    NotificationKind::NewDocument,
    NotificationKind::Deadline,
    NotificationKind::SecurityAlert,
];

/// Returns the channels of `kind` from a user's saved rows: email on and
/// SMS off unless saved otherwise. Security alerts always go by email.
pub fn channels_of(saved: &[ChannelRow], kind: NotificationKind) -> ChannelChoice {
    let mut choice = saved.iter().find(|row| row.kind == kind.as_str()).map_or(
        ChannelChoice {
            email: true,
            sms: false,
        },
        |row| ChannelChoice {
            email: row.email != 0,
            sms: row.sms != 0,
        },
    );
    if kind == NotificationKind::SecurityAlert {
        choice.email = true;
    }
    choice
}

/// Parses "HH:MM" into minutes after midnight.
pub fn parse_clock(text: &str) -> Result<i64, String> {
    let invalid = || {
        let value = format!("{:?}", sanitize_line(text));
        tr!("preferences-notify-time-invalid", value = value)
    };
    let (hours, minutes) = text.trim().split_once(':').ok_or_else(invalid)?;
    let hours: i64 = hours.parse().map_err(|_| invalid())?;
    let minutes: i64 = minutes.parse().map_err(|_| invalid())?;
    if !(0..24).contains(&hours) || !(0..60).contains(&minutes) {
        return Err(invalid());
    }
    Ok(hours * 60 + minutes)
}

/// Rejects a digest hour outside 0 to 23.
fn check_digest_hour(hour: i64) -> ServiceResult<()> {
    if (0..24).contains(&hour) {
        return Ok(());
    }
    Err(ServiceError::Invalid(crate::tr!(
        "ops-digest-hour-invalid",
        hour = hour
    )))
}

/// Checks a phone number in international form: + and 8 to 15 digits.
pub fn validate_phone(phone: &str) -> Result<String, String> {
    let compact: String = phone.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = compact.strip_prefix('+').unwrap_or("");
    if !(8..=15).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        let value = format!("{:?}", sanitize_line(phone));
        return Err(tr!("preferences-notify-phone-invalid", value = value));
    }
    Ok(compact)
}

impl Portal {
    /// Returns the caller's own notification preferences.
    pub async fn notification_preferences(
        &self,
        principal: &Principal,
    ) -> ServiceResult<NotificationPreferences> {
        let pool = self.store.pool();
        let saved = preferences::channels(pool, principal.user_id).await?;
        let settings = preferences::settings(pool, principal.user_id).await?;
        let (email, phone) = preferences::contact(pool, principal.user_id)
            .await?
            .ok_or_else(|| {
                ServiceError::NotFound(tr!("preferences-account", handle = &principal.handle))
            })?;
        Ok(NotificationPreferences {
            channels: KINDS
                .iter()
                .map(|kind| (*kind, channels_of(&saved, *kind)))
                .collect(),
            quiet_hours: settings.quiet_start.zip(settings.quiet_end),
            utc_offset_minutes: settings.utc_offset_minutes,
            digest: settings.digest != 0,
            digest_hour: settings.digest_hour,
            email,
            phone,
        })
    }

    /// Saves the caller's channels, quiet hours and digest choice, and
    /// audits what changed. Email for security alerts cannot be turned off.
    pub async fn set_notification_preferences(
        &self,
        principal: &Principal,
        wanted: &NotificationPreferences,
    ) -> ServiceResult<()> {
        if let Some((start, end)) = wanted.quiet_hours
            && (!(0..1440).contains(&start) || !(0..1440).contains(&end))
        {
            return Err(ServiceError::Invalid(tr!(
                "preferences-notify-quiet-invalid",
                start = start,
                end = end
            )));
        }
        if !(-14 * 60..=14 * 60).contains(&wanted.utc_offset_minutes) {
            return Err(ServiceError::Invalid(tr!(
                "preferences-notify-offset-out-of-range",
                minutes = wanted.utc_offset_minutes
            )));
        }
        check_digest_hour(wanted.digest_hour)?;
        let mut change = self.begin().await?;
        let mut summary = Vec::new();
        for (kind, choice) in &wanted.channels {
            let email = choice.email || *kind == NotificationKind::SecurityAlert;
            preferences::set_channel(
                change.connection(),
                principal.user_id,
                kind.as_str(),
                email,
                choice.sms,
            )
            .await?;
            summary.push(format!(
                "{}: email {}, sms {}",
                kind.as_str(),
                on_off(email),
                on_off(choice.sms)
            ));
        }
        let settings = SettingsRow {
            quiet_start: wanted.quiet_hours.map(|(start, _)| start),
            quiet_end: wanted.quiet_hours.map(|(_, end)| end),
            utc_offset_minutes: wanted.utc_offset_minutes,
            digest: i64::from(wanted.digest),
            last_digest_at: None,
            digest_hour: wanted.digest_hour,
            time_zone: None,
        };
        preferences::set_settings(change.connection(), principal.user_id, &settings).await?;
        summary.push(format!(
            "quiet hours {}, utc offset {}, digest {}",
            wanted
                .quiet_hours
                .map_or("none".to_string(), |(start, end)| format!(
                    "{:02}:{:02}-{:02}:{:02}",
                    start / 60,
                    start % 60,
                    end / 60,
                    end % 60
                )),
            wanted.utc_offset_minutes,
            on_off(wanted.digest)
        ));
        summary.push(format!("digest hour {:02}:00", wanted.digest_hour));
        self.audit_in(
            &mut change,
            principal,
            AuditAction::NotificationPreferencesChanged,
            &principal.handle,
            &summary.join("; "),
        )
        .await?;
        self.commit(change).await
    }

    /// Starts a change of the caller's email address: checks a fresh
    /// second factor and mails a code to the NEW address. The address
    /// changes only in [`Portal::confirm_email_change`].
    pub async fn request_email_change(
        &self,
        principal: &Principal,
        new_email: &str,
        second_factor: &str,
    ) -> ServiceResult<()> {
        let new_email = new_email.trim();
        validate_email(new_email).map_err(ServiceError::Invalid)?;
        self.start_contact_change(principal, Channel::Email, new_email, second_factor)
            .await
    }

    /// Starts adding or changing the caller's phone number: checks a fresh
    /// second factor and sends a code by SMS to the new number.
    pub async fn request_phone_change(
        &self,
        principal: &Principal,
        new_phone: &str,
        second_factor: &str,
    ) -> ServiceResult<()> {
        let phone = validate_phone(new_phone).map_err(ServiceError::Invalid)?;
        self.start_contact_change(principal, Channel::Sms, &phone, second_factor)
            .await
    }

    async fn start_contact_change(
        &self,
        principal: &Principal,
        channel: Channel,
        value: &str,
        second_factor: &str,
    ) -> ServiceResult<()> {
        let action = match channel {
            Channel::Email => "preferences-action-change-email",
            Channel::Sms => "preferences-action-change-phone",
        };
        self.confirm_fresh_factor(principal, second_factor, action)
            .await?;
        let code = recovery::generate_one();
        let valid_minutes = CONTACT_CODE_LIFETIME_SECS / 60;
        let template = match channel {
            Channel::Email => Template::EmailChangeCode {
                code: code.clone(),
                valid_minutes,
            },
            Channel::Sms => Template::PhoneChangeCode {
                code: code.clone(),
                valid_minutes,
            },
        };
        let mut change = self.begin().await?;
        let now = change.now;
        preferences::begin_contact_change(
            change.connection(),
            principal.user_id,
            channel.as_str(),
            value,
            &recovery::hash(&code),
            now + CONTACT_CODE_LIFETIME_SECS,
            now,
        )
        .await?;
        self.queue_direct_in(&mut change, principal.user_id, channel, value, &template)
            .await?;
        self.audit_in(
            &mut change,
            principal,
            contact_action(channel, "requested"),
            &principal.handle,
            &sanitize_line(value),
        )
        .await?;
        self.commit(change).await
    }

    /// Applies the pending email change when `code` is the one mailed to
    /// the new address. Codes expire, are used once and allow
    /// [`CONTACT_CODE_MAX_ATTEMPTS`] tries.
    pub async fn confirm_email_change(
        &self,
        principal: &Principal,
        code: &str,
    ) -> ServiceResult<String> {
        self.confirm_contact_change(principal, Channel::Email, code)
            .await
    }

    /// Applies the pending phone change when `code` is the one sent by SMS.
    pub async fn confirm_phone_change(
        &self,
        principal: &Principal,
        code: &str,
    ) -> ServiceResult<String> {
        self.confirm_contact_change(principal, Channel::Sms, code)
            .await
    }

    async fn confirm_contact_change(
        &self,
        principal: &Principal,
        channel: Channel,
        code: &str,
    ) -> ServiceResult<String> {
        // Selects the wording of the contact messages.
        let what = match channel {
            Channel::Email => "email",
            Channel::Sms => "phone",
        };
        let mut change = self.begin().await?;
        let now = change.now;
        let Some(pending) = preferences::count_contact_attempt(
            change.connection(),
            principal.user_id,
            channel.as_str(),
        )
        .await?
        else {
            return Err(ServiceError::NotFound(tr!(
                "preferences-contact-pending",
                channel = what
            )));
        };
        let expired = pending.expires_at < now;
        let exhausted = pending.attempts > CONTACT_CODE_MAX_ATTEMPTS;
        let matches = !expired && !exhausted && recovery::hash(code) == pending.code_hash;
        if !matches {
            let reason = if expired {
                "expired"
            } else if exhausted {
                "too many wrong codes"
            } else {
                "wrong code"
            };
            if expired || exhausted {
                preferences::end_contact_change(
                    change.connection(),
                    principal.user_id,
                    channel.as_str(),
                )
                .await?;
            }
            self.audit_in(
                &mut change,
                principal,
                contact_action(channel, "refused"),
                &principal.handle,
                reason,
            )
            .await?;
            self.commit(change).await?;
            return Err(ServiceError::Invalid(if expired {
                tr!("preferences-contact-code-expired", channel = what)
            } else if exhausted {
                tr!("preferences-contact-code-exhausted", channel = what)
            } else {
                tr!(
                    "preferences-contact-code-wrong",
                    channel = what,
                    count = CONTACT_CODE_MAX_ATTEMPTS - pending.attempts
                )
            }));
        }

        // The old address learns of the change too, so a stolen session
        // cannot move the account's mail away unnoticed.
        if channel == Channel::Email
            && let Some((old_email, _)) =
                preferences::contact(change.connection(), principal.user_id).await?
            && !old_email.is_empty()
        {
            let alert = Template::SecurityAlert {
                title: tr!("preferences-alert-contact-title", channel = what),
                detail: tr!(
                    "preferences-alert-old-email-body",
                    address = &pending.new_value
                ),
            };
            self.queue_direct_in(
                &mut change,
                principal.user_id,
                Channel::Email,
                &old_email,
                &alert,
            )
            .await?;
        }
        preferences::set_contact(
            change.connection(),
            principal.user_id,
            channel.as_str(),
            &pending.new_value,
        )
        .await?;
        preferences::end_contact_change(change.connection(), principal.user_id, channel.as_str())
            .await?;
        self.audit_in(
            &mut change,
            principal,
            contact_action(channel, "changed"),
            &principal.handle,
            &pending.new_value,
        )
        .await?;
        self.notify_in(
            &mut change,
            principal.user_id,
            NotificationKind::SecurityAlert,
            &tr!("preferences-alert-contact-title", channel = what),
            &tr!(
                "preferences-alert-contact-body",
                channel = what,
                value = &pending.new_value
            ),
            "preferences",
        )
        .await?;
        self.commit(change).await?;
        Ok(pending.new_value)
    }
}

fn on_off(value: bool) -> &'static str {
    if value { "on" } else { "off" }
}

fn contact_action(channel: Channel, step: &str) -> AuditAction {
    match (channel, step) {
        (Channel::Email, "requested") => AuditAction::EmailChangeRequested,
        (Channel::Email, "changed") => AuditAction::EmailChanged,
        (Channel::Email, _) => AuditAction::EmailChangeRefused,
        (Channel::Sms, "requested") => AuditAction::PhoneChangeRequested,
        (Channel::Sms, "changed") => AuditAction::PhoneChanged,
        (Channel::Sms, _) => AuditAction::PhoneChangeRefused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_alerts_always_by_email() {
        let saved = vec![ChannelRow {
            kind: "security-alert".to_string(),
            email: 0,
            sms: 1,
        }];
        let choice = channels_of(&saved, NotificationKind::SecurityAlert);
        assert!(choice.email);
        assert!(choice.sms);
        let default = channels_of(&saved, NotificationKind::NewMessage);
        assert!(default.email);
        assert!(!default.sms);
    }

    #[test]
    fn contact_messages_name_the_channel() {
        use crate::i18n::{Language, sync_scope};

        assert_eq!(
            tr!(
                "preferences-contact-code-wrong",
                channel = "email",
                count = 4
            ),
            "that code is wrong: type the code sent to your new email address (4 tries left)"
        );
        assert_eq!(
            tr!("preferences-contact-pending", channel = "phone"),
            "a pending change of your phone number; start the change again"
        );
        assert_eq!(
            tr!("preferences-contact-code-expired", channel = "email"),
            "the code is expired: start the change of your email address again"
        );
        assert_eq!(
            tr!("preferences-contact-code-exhausted", channel = "phone"),
            "the code is too many wrong codes: start the change of your phone number again"
        );
        assert_eq!(
            tr!("preferences-alert-contact-title", channel = "email"),
            "Your email address was changed"
        );
        assert_eq!(
            tr!(
                "preferences-alert-contact-body",
                channel = "phone",
                value = "+41791234567"
            ),
            "Your phone number is now +41791234567. If this was not you, contact your operator."
        );
        sync_scope(Language::French, || {
            assert_eq!(
                tr!(
                    "preferences-contact-code-wrong",
                    channel = "phone",
                    count = 1
                ),
                "ce code est incorrect\u{a0}: saisissez le code envoyé à votre nouveau \
                 numéro de téléphone (1 essai restant)"
            );
            assert_eq!(
                tr!("preferences-alert-contact-title", channel = "email"),
                "Votre adresse e-mail a été changée"
            );
        });
    }

    #[test]
    fn clock_and_phone_parsing() {
        assert_eq!(parse_clock("22:30"), Ok(22 * 60 + 30));
        assert!(parse_clock("24:00").is_err());
        assert_eq!(
            validate_phone("+41 79 123 45 67").as_deref(),
            Ok("+41791234567")
        );
        assert!(validate_phone("0791234567").is_err());
    }
}
