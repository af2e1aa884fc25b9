//! What Portico shows a person about the data it keeps on them, and the
//! consents it asks for (GDPR articles 7, 13 and 15). The texts come from
//! the `[privacy]` table of the configuration file; these defaults apply
//! where it is absent.

use serde::Deserialize;

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

fn default_controller() -> String {
    "The operator of this Portico server. Write to them through a request of category \"Other\"."
        .to_string()
}

fn purpose(data: &str, purpose: &str, retention: &str) -> DataPurpose {
    DataPurpose {
        data: data.to_string(),
        purpose: purpose.to_string(),
        retention: retention.to_string(),
    }
}

fn default_purposes() -> Vec<DataPurpose> {
    vec![
        purpose(
            "Your handle, name and email address",
            "to log you in, show who wrote a message and tell you about your requests",
            "while your account exists; erased or replaced by \"erased user\" when it is erased",
        ),
        purpose(
            "Your SSH keys, password hash, authenticator secret and recovery codes",
            "to check that it is you who logs in",
            "while your account exists; deleted when it is erased",
        ),
        purpose(
            "Login history: time, network address, method and SSH client",
            "to protect your account and show you where it was used",
            "while your account exists; network data removed when it is erased",
        ),
        purpose(
            "Requests and messages you write",
            "to handle your requests with your organisation",
            "kept with your organisation's records; your name is replaced when your account is erased",
        ),
        purpose(
            "Documents such as invoices and pay slips",
            "to give you and your organisation the documents you are owed",
            "for the legal retention period of each kind (invoices 10 years by default)",
        ),
        purpose(
            "Audit entries about your actions",
            "to keep a tamper-evident security record, as the law on record keeping requires",
            "kept unchanged, because the trail is hash-chained",
        ),
        purpose(
            "Your consents and their history",
            "to prove what you agreed to and when (GDPR article 7)",
            "while your account exists",
        ),
    ]
}

fn default_consents() -> Vec<ConsentTopic> {
    vec![
        ConsentTopic {
            key: "product-news".to_string(),
            title: "Product news".to_string(),
            text: "Send me occasional emails about new features and services. I can withdraw this consent at any time.".to_string(),
            version: "1".to_string(),
        },
        ConsentTopic {
            key: "satisfaction-surveys".to_string(),
            title: "Satisfaction surveys".to_string(),
            text: "Ask me by email, at most once a quarter, how satisfied I am with the service. I can withdraw this consent at any time.".to_string(),
            version: "1".to_string(),
        },
    ]
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
