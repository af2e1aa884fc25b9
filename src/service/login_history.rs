//! The login history of successful logins, and alerts for logins from a
//! network or with a key this account has not used in the last 90 days.

use std::net::{IpAddr, SocketAddr};

use tracing::info;

use super::login::{FirstFactor, Method};
use super::{Portal, ServiceResult};
use crate::domain::audit::AuditAction;
use crate::domain::{NotificationKind, Principal, now};
use crate::i18n::{FluentArgs, Language, text_in};
use crate::store::history::{self, LoginAttempt, LoginDetails};

/// How far back a network or key counts as known, in seconds: 90 days.
pub const KNOWN_FOR_SECS: i64 = 90 * 24 * 60 * 60;

/// Maximum length of a stored client version string, in characters.
const MAX_CLIENT_VERSION_CHARS: usize = 120;

/// Returns the network of an `IP:PORT` peer address: the /24 of an IPv4
/// address or the /64 of an IPv6 one, such as `203.0.113.0/24`. An
/// IPv4-mapped IPv6 address counts as IPv4.
pub fn network_of(peer: &str) -> Option<String> {
    let address = peer.parse::<SocketAddr>().ok()?.ip();
    let address = match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        IpAddr::V4(_) => address,
    };
    match address {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            Some(format!("{a}.{b}.{c}.0/24"))
        }
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            let prefix = std::net::Ipv6Addr::new(
                segments[0],
                segments[1],
                segments[2],
                segments[3],
                0,
                0,
                0,
                0,
            );
            Some(format!("{prefix}/64"))
        }
    }
}

/// Returns the client's version string fit to store and show: printable
/// ASCII only, cut to [`MAX_CLIENT_VERSION_CHARS`].
pub fn clean_client_version(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw)
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(MAX_CLIENT_VERSION_CHARS)
        .collect()
}

impl Portal {
    /// Records a successful login in the login history with its address,
    /// methods, key fingerprint and client version, and alerts the account
    /// when the network or the key is new to it. The SSH layer calls this
    /// once the login is accepted.
    pub async fn record_login(
        &self,
        principal: &Principal,
        first: &FirstFactor,
        second: Method,
        peer: &str,
        client_version: &str,
    ) -> ServiceResult<()> {
        let pool = self.store.pool();
        let network = network_of(peer);
        let since = now() - KNOWN_FOR_SECS;
        // A first login has nothing to compare with, so it raises no alert.
        let earlier_logins = history::logins_since(pool, principal.user_id, 0).await?;

        let mut new_network = None;
        let mut new_key = None;
        if earlier_logins > 0 {
            if let Some(network) = &network
                && !history::network_seen_since(pool, principal.user_id, network, since).await?
            {
                new_network = Some(network.as_str());
            }
            if let Some(fingerprint) = &first.key_fingerprint
                && !history::key_seen_since(pool, principal.user_id, fingerprint, since).await?
            {
                new_key = Some(fingerprint.as_str());
            }
        }

        let methods = format!("{}+{}", first.method.as_str(), second.as_str());
        let attempt = LoginAttempt {
            user_id: Some(principal.user_id),
            handle: &principal.handle,
            peer,
            method: second.as_str(),
            outcome: "login",
        };
        let details = LoginDetails {
            key_fingerprint: first.key_fingerprint.as_deref(),
            client_version: Some(client_version),
            network: network.as_deref(),
        };
        // The login is recorded before the client sends its locale variables,
        // so an alert is in the language the account chose, else that of the
        // latest earlier session, else English. The language is read before
        // the transaction begins, so the query does not wait for a second
        // connection while the transaction uses one.
        let language = if new_network.is_some() || new_key.is_some() {
            super::display::known_language(self.store.pool(), principal.user_id)
                .await?
                .unwrap_or_default()
        } else {
            Language::English
        };
        let mut change = self.begin().await?;
        let now = change.now;
        history::record_with_details(change.connection(), &attempt, &details, now).await?;

        if new_network.is_none() && new_key.is_none() {
            return self.commit(change).await;
        }
        let what = [
            new_network.map(|network| format!("from the network {network}")),
            new_key.map(|key| format!("with the key {key}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" and ");
        info!(handle = %principal.handle, peer, methods, "login {what} not seen in 90 days; account alerted");
        self.audit_in(
            &mut change,
            principal,
            AuditAction::UnusualLogin,
            &principal.handle,
            &format!("{methods} from {peer}: {what}"),
        )
        .await?;
        let body = new_place_body(language, new_network, new_key, peer);
        self.notify_in(
            &mut change,
            principal.user_id,
            NotificationKind::SecurityAlert,
            &text_in(language, "activity-new-place-title", None),
            &body,
            "activity",
        )
        .await?;
        self.commit(change).await
    }
}

/// Returns the text of the unusual login alert in `language`: a login
/// from `network`, with `key`, or both, which the account has not used in
/// 90 days.
fn new_place_body(
    language: Language,
    network: Option<&str>,
    key: Option<&str>,
    peer: &str,
) -> String {
    let mut args = FluentArgs::new();
    args.set("peer", peer.to_string());
    let id = match (network, key) {
        (Some(network), Some(key)) => {
            args.set("network", network.to_string());
            args.set("key", key.to_string());
            "activity-new-place-network-key"
        }
        (Some(network), None) => {
            args.set("network", network.to_string());
            "activity-new-place-network"
        }
        (None, key) => {
            args.set("key", key.unwrap_or_default().to_string());
            "activity-new-place-key"
        }
    };
    text_in(language, id, Some(&args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_of_addresses() {
        assert_eq!(
            network_of("203.0.113.9:52100").as_deref(),
            Some("203.0.113.0/24")
        );
        assert_eq!(
            network_of("127.0.0.1:2222").as_deref(),
            Some("127.0.0.0/24")
        );
        assert_eq!(
            network_of("[2001:db8:1:2:3:4:5:6]:22").as_deref(),
            Some("2001:db8:1:2::/64")
        );
        assert_eq!(network_of("[::1]:22").as_deref(), Some("::/64"));
        assert_eq!(
            network_of("[::ffff:198.51.100.7]:22").as_deref(),
            Some("198.51.100.0/24")
        );
        assert_eq!(network_of("unknown"), None);
    }

    #[test]
    fn new_place_alert_in_both_languages() {
        let peer = "203.0.113.9:52100";
        assert_eq!(
            new_place_body(Language::English, Some("203.0.113.0/24"), None, peer),
            "Your account logged in from the network 203.0.113.0/24, which it has not used in the last 90 days (address 203.0.113.9:52100). If this was not you, change your password in Preferences and check the Activity screen."
        );
        let both = new_place_body(
            Language::English,
            Some("203.0.113.0/24"),
            Some("SHA256:abc"),
            peer,
        );
        assert!(
            both.starts_with(
                "Your account logged in from the network 203.0.113.0/24 and with the key SHA256:abc, which"
            ),
            "{both}"
        );

        let french = new_place_body(Language::French, None, Some("SHA256:abc"), peer);
        assert!(
            french.starts_with("Votre compte s’est connecté avec la clé SHA256:abc"),
            "{french}"
        );
        assert!(french.contains("(adresse 203.0.113.9:52100)"), "{french}");
    }

    #[test]
    fn client_version_cleaned() {
        assert_eq!(
            clean_client_version(b"SSH-2.0-OpenSSH_9.2p1 Debian-2"),
            "SSH-2.0-OpenSSH_9.2p1 Debian-2"
        );
        assert_eq!(
            clean_client_version(b"SSH-2.0-x\x1b[31m\r\nfake"),
            "SSH-2.0-x[31mfake"
        );
        assert_eq!(
            clean_client_version(&[b'a'; 500]).len(),
            MAX_CLIENT_VERSION_CHARS
        );
    }
}
