//! The caller's display preferences: theme and plain mode.

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::Principal;
use crate::domain::audit::AuditAction;
use crate::domain::regional::{DateFormat, Language, Regional, parse_zone};
use crate::domain::text::sanitize_line;
use crate::store::{display, users};

/// The stored language of a user who reads the language of the terminal.
const FOLLOW_TERMINAL: &str = "auto";

/// The maximum length of a theme name, in bytes.
const MAX_THEME_NAME: usize = 64;

/// A user's choices for drawing the terminal interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayPreferences {
    /// A theme name, such as "high-contrast".
    pub theme: String,
    /// The plain linear mode for screen readers.
    pub plain: bool,
}

impl Default for DisplayPreferences {
    fn default() -> DisplayPreferences {
        DisplayPreferences {
            theme: "default".to_string(),
            plain: false,
        }
    }
}

impl Portal {
    /// Returns the caller's display preferences, or the defaults when they
    /// never chose any.
    pub async fn display_preferences(
        &self,
        principal: &Principal,
    ) -> ServiceResult<DisplayPreferences> {
        let record = display::find(self.store.pool(), principal.user_id).await?;
        Ok(
            record.map_or_else(DisplayPreferences::default, |record| DisplayPreferences {
                theme: record.theme,
                plain: record.plain_mode != 0,
            }),
        )
    }

    /// Stores the caller's display preferences. The theme name must be a
    /// word of letters, digits, dashes and underscores. Whether the server
    /// has that theme is the caller's check, because the themes live in
    /// the TUI.
    pub async fn save_display_preferences(
        &self,
        principal: &Principal,
        preferences: &DisplayPreferences,
    ) -> ServiceResult<()> {
        let theme = preferences.theme.trim();
        let valid = !theme.is_empty()
            && theme.len() <= MAX_THEME_NAME
            && theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(ServiceError::Invalid(tr!(
                "preferences-display-theme-invalid",
                name = sanitize_line(theme),
                max = MAX_THEME_NAME
            )));
        }
        display::save(
            self.store.pool(),
            principal.user_id,
            theme,
            preferences.plain,
            crate::domain::now(),
        )
        .await?;
        let detail = format!(
            "theme {theme}, plain mode {}",
            if preferences.plain { "on" } else { "off" }
        );
        self.audit(
            principal,
            AuditAction::DisplayPreferencesChanged,
            &principal.handle,
            &detail,
        )
        .await
    }
}

impl Portal {
    /// Returns the caller's regional choices, or UTC, ISO dates and the
    /// terminal's language when they never chose any. A stored value this build no longer
    /// knows falls back to its default.
    pub async fn regional_preferences(&self, principal: &Principal) -> ServiceResult<Regional> {
        self.recipient_regional(principal.user_id).await
    }

    /// Returns the regional choices of user `user_id`, with the defaults of
    /// [`Portal::regional_preferences`], for texts written outside their
    /// session such as deadline notifications.
    pub(super) async fn recipient_regional(&self, user_id: i64) -> ServiceResult<Regional> {
        let Some(record) = display::find_regional(self.store.pool(), user_id).await? else {
            return Ok(Regional::default());
        };
        let default = Regional::default();
        Ok(Regional {
            zone: parse_zone(&record.time_zone).unwrap_or(default.zone),
            date_format: DateFormat::parse(&record.date_format).unwrap_or(default.date_format),
            language: Language::parse(&record.language).ok(),
        })
    }

    /// Returns the language user `user_id` chose, or `None` when they
    /// follow the terminal's language or never chose. For texts sent
    /// before or outside a session, such as the login prompts.
    pub async fn chosen_language(&self, user_id: i64) -> ServiceResult<Option<Language>> {
        let code = display::language(self.store.pool(), user_id).await?;
        Ok(code.and_then(|code| Language::parse(&code).ok()))
    }

    /// Returns the language a notification to `user_id` is written in: the
    /// language they chose, else that of their latest terminal session,
    /// else the current one. Use cases that notify outside any session,
    /// such as the expiry job or an operator's command, write in English
    /// when neither is known.
    pub(super) async fn recipient_language(&self, user_id: i64) -> ServiceResult<Language> {
        let known = known_language(self.store.pool(), user_id).await?;
        Ok(known.unwrap_or_else(crate::i18n::current))
    }

    /// Stores `language` as the language of the caller's latest terminal
    /// session, the one the client's locale asked for. Texts sent outside
    /// their sessions use it while their choice is the terminal's
    /// language.
    pub async fn record_session_language(
        &self,
        principal: &Principal,
        language: Language,
    ) -> ServiceResult<()> {
        users::set_session_language(self.store.pool(), principal.user_id, language.code()).await?;
        Ok(())
    }

    /// Validates and stores the caller's regional choices: `time_zone` must
    /// be an IANA zone name. Audited as a preference change.
    pub async fn save_regional_preferences(
        &self,
        principal: &Principal,
        time_zone: &str,
        date_format: DateFormat,
        language: Option<Language>,
    ) -> ServiceResult<Regional> {
        let zone = parse_zone(time_zone).map_err(ServiceError::Invalid)?;
        let record = display::RegionalRecord {
            time_zone: zone.name().to_string(),
            date_format: date_format.name().to_string(),
            language: language.map_or(FOLLOW_TERMINAL, Language::code).to_string(),
        };
        display::save_regional(
            self.store.pool(),
            principal.user_id,
            &record,
            crate::domain::now(),
        )
        .await?;
        let detail = format!(
            "time zone {}, date format {}, language {}",
            record.time_zone, record.date_format, record.language
        );
        self.audit(
            principal,
            AuditAction::RegionalPreferencesChanged,
            &principal.handle,
            &detail,
        )
        .await?;
        Ok(Regional {
            zone,
            date_format,
            language,
        })
    }
}

/// Returns the language of texts sent to `user_id` outside their sessions:
/// the language they chose, else that of their latest terminal session.
/// `None` when they follow the terminal and had no session since the
/// session language was first recorded, or when the user is unknown.
pub(super) async fn known_language<'e, E>(
    executor: E,
    user_id: i64,
) -> ServiceResult<Option<Language>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let Some(codes) = display::recipient_language(executor, user_id).await? else {
        return Ok(None);
    };
    let parse = |code: Option<String>| code.and_then(|code| Language::parse(&code).ok());
    Ok(parse(codes.chosen).or_else(|| parse(codes.session)))
}
