//! The privacy screen's use cases: what Portico keeps about the caller and
//! why, and the consents they give or withdraw (GDPR articles 7 and 13).

use super::{Portal, ServiceError, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::privacy::{ConsentTopic, DataPurpose};
use crate::domain::text::sanitize_line;
use crate::domain::{Principal, now};
use crate::store::consents::{self, ConsentEventRecord};

/// One consent topic with the caller's current decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentState {
    pub topic: ConsentTopic,
    /// Whether consent is given now; false when never answered.
    pub granted: bool,
    /// The text version the current decision answered, if any.
    pub answered_version: Option<String>,
}

impl ConsentState {
    /// Tells whether the text changed since the caller gave consent, so
    /// the consent must be asked again before it is relied on.
    pub fn outdated(&self) -> bool {
        self.granted && self.answered_version.as_deref() != Some(self.topic.version.as_str())
    }
}

/// Everything the privacy screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrivacyOverview {
    pub controller: String,
    pub purposes: Vec<DataPurpose>,
    pub consents: Vec<ConsentState>,
    /// The caller's decisions, oldest first.
    pub history: Vec<ConsentEventRecord>,
}

impl Portal {
    /// Returns the privacy notice of the configuration with the caller's
    /// consents and their history. Any logged-in person may read their own.
    pub async fn privacy_overview(&self, principal: &Principal) -> ServiceResult<PrivacyOverview> {
        let settings = &self.settings.privacy;
        let history = consents::history(self.store.pool(), principal).await?;
        let consents = settings
            .consents
            .iter()
            .map(|topic| {
                let latest = history.iter().rev().find(|event| event.topic == topic.key);
                ConsentState {
                    topic: topic.clone(),
                    granted: latest.is_some_and(|event| event.granted == 1),
                    answered_version: latest.map(|event| event.text_version.clone()),
                }
            })
            .collect();
        Ok(PrivacyOverview {
            controller: settings.controller.clone(),
            purposes: settings.purposes.clone(),
            consents,
            history,
        })
    }

    /// Gives (`granted`) or withdraws the caller's consent on the topic
    /// `key` of the configuration, storing the version of its current text
    /// and the time. Audited.
    pub async fn set_consent(
        &self,
        principal: &Principal,
        key: &str,
        granted: bool,
    ) -> ServiceResult<()> {
        let Some(topic) = self.settings.privacy.consent(key) else {
            return Err(ServiceError::NotFound(tr!(
                "privacy-topic-not-found",
                key = sanitize_line(key)
            )));
        };
        consents::record(
            self.store.pool(),
            principal,
            &topic.key,
            &topic.version,
            granted,
            now(),
        )
        .await?;
        let action = if granted {
            AuditAction::ConsentGiven
        } else {
            AuditAction::ConsentWithdrawn
        };
        self.audit(
            principal,
            action,
            &principal.handle,
            &format!("{} version {}", topic.key, topic.version),
        )
        .await
    }
}
