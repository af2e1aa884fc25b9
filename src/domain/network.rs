//! Source networks in CIDR notation, such as `192.0.2.0/24` or
//! `2001:db8::/32`, and the public address customers connect to.

use std::net::IpAddr;

/// One network: an address and the number of leading bits that must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    /// Parses `ADDRESS/PREFIX`, or a bare address as a single host.
    pub fn parse(text: &str) -> Result<Network, String> {
        let text = text.trim();
        let invalid = |reason: &str| {
            format!(
                "invalid network {:?}: {reason}; expected CIDR notation such as 192.0.2.0/24",
                super::text::sanitize_line(text)
            )
        };
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address: IpAddr = address.parse().map_err(|_| invalid("not an IP address"))?;
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|prefix| *prefix <= max)
                .ok_or_else(|| invalid(&format!("the prefix must be 0 to {max}")))?,
            None => max,
        };
        Ok(Network { address, prefix })
    }

    /// Tells whether `address` lies in this network. An IPv4 address mapped
    /// into IPv6 (`::ffff:a.b.c.d`) is compared as IPv4.
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
            IpAddr::V4(_) => address,
        };
        match (self.address, address) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(network) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

/// Parses a comma- or space-separated list of networks.
pub fn parse_list(text: &str) -> Result<Vec<Network>, String> {
    text.split([',', ' '])
        .filter(|item| !item.trim().is_empty())
        .map(Network::parse)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn ipv4_prefix_matches() {
        let network = Network::parse("192.0.2.0/24").unwrap();
        assert!(network.contains(ip("192.0.2.77")));
        assert!(!network.contains(ip("192.0.3.1")));
        assert!(network.contains(ip("::ffff:192.0.2.5")));
        assert!(!network.contains(ip("2001:db8::1")));
    }

    #[test]
    fn ipv6_and_edges() {
        let network = Network::parse("2001:db8::/32").unwrap();
        assert!(network.contains(ip("2001:db8:1::5")));
        assert!(!network.contains(ip("2001:db9::1")));
        assert!(
            Network::parse("0.0.0.0/0")
                .unwrap()
                .contains(ip("203.0.113.9"))
        );
        assert!(
            Network::parse("127.0.0.1")
                .unwrap()
                .contains(ip("127.0.0.1"))
        );
        assert!(
            !Network::parse("127.0.0.1")
                .unwrap()
                .contains(ip("127.0.0.2"))
        );
    }

    #[test]
    fn invalid_networks_rejected() {
        for text in ["10.0.0.0/33", "nonsense", "::/129", "10.0.0.0/x"] {
            assert!(Network::parse(text).is_err(), "{text}");
        }
        assert_eq!(parse_list("10.0.0.0/8, ::1").unwrap().len(), 2);
    }
}

/// Splits a public address such as `portal.example.com:2222`, `[::1]:22`
/// or `portal.example.com` into its host, without brackets, and its port,
/// 22 when none is given.
pub fn host_and_port(address: &str) -> (&str, &str) {
    let (host, port) = match address.rsplit_once(':') {
        Some((host, port))
            if !port.is_empty()
                && port.chars().all(|c| c.is_ascii_digit())
                && (!host.contains(':') || host.starts_with('[')) =>
        {
            (host, port)
        }
        _ => (address, "22"),
    };
    let host = host
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or(host);
    (host, port)
}

/// Returns the OpenSSH command that logs `handle` in at the public
/// `address`, such as `ssh -p 2222 alice@portal.example.com`. OpenSSH
/// reads `user@host:port` as a host name, so the port goes in `-p`.
pub fn login_command(address: &str, handle: &str) -> String {
    let (host, port) = host_and_port(address);
    if port == "22" {
        format!("ssh {handle}@{host}")
    } else {
        format!("ssh -p {port} {handle}@{host}")
    }
}

#[cfg(test)]
mod address_tests {
    use super::*;

    #[test]
    fn login_command_puts_port_in_flag() {
        assert_eq!(
            login_command("127.0.0.1:2298", "frank"),
            "ssh -p 2298 frank@127.0.0.1"
        );
        assert_eq!(
            login_command("portal.example.com", "frank"),
            "ssh frank@portal.example.com"
        );
        assert_eq!(
            login_command("[::1]:2222", "frank"),
            "ssh -p 2222 frank@::1"
        );
        assert_eq!(login_command("[::1]:22", "frank"), "ssh frank@::1");
        assert_eq!(host_and_port("::1"), ("::1", "22"));
    }
}
