//! The caller's display preferences: theme and plain mode.

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::Principal;
use crate::domain::text::sanitize_line;
use crate::store::display;

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
            return Err(ServiceError::Invalid(format!(
                "invalid theme name \"{}\": use letters, digits and dashes, at most {MAX_THEME_NAME} characters",
                sanitize_line(theme)
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
            "display-preferences-changed",
            &principal.handle,
            &detail,
        )
        .await
    }
}
