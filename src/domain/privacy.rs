//! What Portico shows a person about the data it keeps on them, and the
//! consents it asks for (GDPR articles 7, 13 and 15). The texts come from
//! the `[privacy]` table of the configuration file; these defaults apply
//! where it is absent.

use std::borrow::Cow;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::i18n::{Language, current, text_in};

/// One kind of personal data: what it is, why it is kept and for how long.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataPurpose {
    pub data: String,
    pub purpose: String,
    pub retention: String,
}

/// A consent a person may give or withdraw. `version` names the wording:
/// a change of `text` needs a new version, so each stored decision shows
/// which text it answered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentTopic {
    /// Stable key stored with each decision, such as `product-news`.
    pub key: String,
    pub title: String,
    pub text: String,
    pub version: String,
}

/// The privacy notice and consent topics of an installation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacySettings {
    /// The person or company responsible for the data, and how to reach them.
    #[serde(default = "default_controller")]
    pub controller: String,
    #[serde(default = "default_purposes")]
    pub purposes: Vec<DataPurpose>,
    #[serde(default = "default_consents")]
    pub consents: Vec<ConsentTopic>,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings {
            controller: default_controller(),
            purposes: default_purposes(),
            consents: default_consents(),
        }
    }
}

impl PrivacySettings {
    /// Returns the consent topic with `key`.
    pub fn consent(&self, key: &str) -> Option<&ConsentTopic> {
        self.consents.iter().find(|topic| topic.key == key)
    }

    /// Checks that consent keys are unique and every text is filled in.
    pub fn validate(&self) -> Result<(), String> {
        for (index, topic) in self.consents.iter().enumerate() {
            if topic.key.trim().is_empty() || topic.version.trim().is_empty() {
                return Err(format!(
                    "privacy consent {} needs a key and a version",
                    index + 1
                ));
            }
            if self
                .consents
                .iter()
                .take(index)
                .any(|other| other.key == topic.key)
            {
                return Err(format!(
                    "privacy consent key {:?} appears twice: give each consent its own key",
                    topic.key
                ));
            }
        }
        Ok(())
    }
}

/// Message ids of the built-in texts, which apply where the configuration
/// has no `[privacy]` table or leaves a field out.
const DEFAULT_CONTROLLER: &str = "privacy-default-controller";

/// The built-in purposes: message ids of the data, the purpose and the
/// retention.
const DEFAULT_PURPOSES: [[&str; 3]; 7] = [
    [
        "privacy-default-identity-data",
        "privacy-default-identity-purpose",
        "privacy-default-identity-retention",
    ],
    [
        "privacy-default-secrets-data",
        "privacy-default-secrets-purpose",
        "privacy-default-secrets-retention",
    ],
    [
        "privacy-default-logins-data",
        "privacy-default-logins-purpose",
        "privacy-default-logins-retention",
    ],
    [
        "privacy-default-requests-data",
        "privacy-default-requests-purpose",
        "privacy-default-requests-retention",
    ],
    [
        "privacy-default-documents-data",
        "privacy-default-documents-purpose",
        "privacy-default-documents-retention",
    ],
    [
        "privacy-default-audit-data",
        "privacy-default-audit-purpose",
        "privacy-default-audit-retention",
    ],
    [
        "privacy-default-consents-data",
        "privacy-default-consents-purpose",
        "privacy-default-consents-retention",
    ],
];

/// The built-in consent topics: the key, and message ids of the title and
/// the text.
const DEFAULT_CONSENTS: [[&str; 3]; 2] = [
    [
        "product-news",
        "privacy-default-news-title",
        "privacy-default-news-text",
    ],
    [
        "satisfaction-surveys",
        "privacy-default-surveys-title",
        "privacy-default-surveys-text",
    ],
];

/// Returns the English text of message `id`. The settings hold the English
/// built-in texts, as a configuration file would, and [`localized`] shows
/// them in the reader's language.
fn english(id: &str) -> String {
    text_in(Language::English, id, None)
}

/// The message id of every built-in text, with its English text.
static BUILT_IN_TEXTS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    let purposes = DEFAULT_PURPOSES.iter().flatten().copied();
    let consents = DEFAULT_CONSENTS
        .iter()
        .flat_map(|[_, title, text]| [*title, *text]);
    std::iter::once(DEFAULT_CONTROLLER)
        .chain(purposes)
        .chain(consents)
        .map(|id| (id, english(id)))
        .collect()
});

/// Returns `text` in the current language if it is one of the built-in
/// texts, else `text` as it is: texts of the `[privacy]` table are shown
/// as configured.
///
/// NOTE: a configured text equal to a built-in English text word for word
/// is translated like the built-in one, because the settings do not record
/// where a text came from.
pub fn localized(text: &str) -> Cow<'_, str> {
    match BUILT_IN_TEXTS.iter().find(|(_, english)| english == text) {
        Some((id, _)) if current() != Language::English => Cow::Owned(tr!(id)),
        _ => Cow::Borrowed(text),
    }
}

fn default_controller() -> String {
    english(DEFAULT_CONTROLLER)
}

fn default_purposes() -> Vec<DataPurpose> {
    DEFAULT_PURPOSES
        .iter()
        .map(|[data, purpose, retention]| DataPurpose {
            data: english(data),
            purpose: english(purpose),
            retention: english(retention),
        })
        .collect()
}

fn default_consents() -> Vec<ConsentTopic> {
    DEFAULT_CONSENTS
        .iter()
        .map(|[key, title, text]| ConsentTopic {
            key: (*key).to_string(),
            title: english(title),
            text: english(text),
            version: "1".to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_two_consents() {
        let settings = PrivacySettings::default();
        assert_eq!(settings.consents.len(), 2);
        assert!(settings.consent("product-news").is_some());
        assert!(settings.validate().is_ok());
    }

    #[test]
    fn duplicate_consent_key_is_refused() {
        let mut settings = PrivacySettings::default();
        settings.consents.push(settings.consents[0].clone());
        let error = settings.validate().expect_err("duplicate key");
        assert!(error.contains("product-news"), "{error}");
    }

    #[test]
    fn built_in_texts_follow_language() {
        let settings = PrivacySettings::default();
        let purpose = &settings.purposes[0];
        assert_eq!(purpose.data, "Your handle, name and email address");
        assert_eq!(localized(&purpose.data), purpose.data);
        assert!(
            settings
                .controller
                .starts_with("The operator of this Portico server.")
        );

        crate::i18n::sync_scope(Language::French, || {
            assert_eq!(
                localized(&purpose.data),
                "Votre identifiant, votre nom et votre adresse e-mail"
            );
            assert!(localized(&settings.controller).starts_with("L’opérateur"));
            assert_eq!(
                localized(&settings.consents[0].title),
                "Nouveautés du produit"
            );
            // A configured text stays as configured.
            assert_eq!(
                localized("Example Ltd, privacy@example.com"),
                "Example Ltd, privacy@example.com"
            );
        });
    }

    #[test]
    fn export_result_counts_in_french() {
        let text = |documents: i64, bytes: i64| {
            crate::i18n::sync_scope(Language::French, || {
                tr!(
                    "privacy-export-ready",
                    documents = documents,
                    bytes = bytes,
                    command = "scp x ."
                )
            })
        };
        assert_eq!(
            text(1, 1),
            "Votre export (1 document, 1 octet) est prêt\u{a0}: scp x ."
        );
        assert_eq!(
            text(0, 2048),
            "Votre export (0 document, 2048 octets) est prêt\u{a0}: scp x ."
        );
    }

    #[test]
    fn privacy_table_parses_from_toml() {
        let text = r#"
controller = "Example Ltd, privacy@example.com"
[[purposes]]
data = "Your name and email address"
purpose = "to log you in and answer your requests"
retention = "while your account exists"
[[consents]]
key = "product-news"
title = "Product news"
text = "Send me occasional emails about new features."
version = "2"
"#;
        let settings: PrivacySettings = toml::from_str(text).expect("privacy table");
        assert_eq!(settings.purposes.len(), 1);
        assert_eq!(
            settings.consent("product-news").map(|c| c.version.as_str()),
            Some("2")
        );

        let defaults: PrivacySettings = toml::from_str("").expect("empty table");
        assert_eq!(defaults, PrivacySettings::default());
    }
}
