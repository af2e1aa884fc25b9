//! The SSH algorithms Portico offers: only current ones, and strict key
//! exchange against the Terrapin attack (CVE-2023-48795).
//!
//! - Key exchange: mlkem768x25519-sha256 (post-quantum hybrid) and
//!   curve25519-sha256 (RFC 8731, OpenSSH 7.4 and later) for older
//!   clients. No classic Diffie-Hellman group, and not the pre-RFC name
//!   curve25519-sha256@libssh.org.
//! - Ciphers: chacha20-poly1305 and AES-GCM, which carry their own
//!   authentication, so no MAC is used with them.
//! - MACs: encrypt-then-MAC SHA-2 only, listed because the protocol needs a
//!   list.
//! - No compression.
//! - Host key: ed25519. Client keys: ed25519 and RSA with SHA-2
//!   signatures (rsa-sha2-256, rsa-sha2-512), never ssh-rsa with SHA-1.

use std::borrow::Cow;

use russh::keys::{Algorithm, HashAlg};
use russh::{Preferred, cipher, compression, kex, mac};

const KEX: &[kex::Name] = &[
    kex::MLKEM768X25519_SHA256,
    kex::CURVE25519,
    // Extension markers: RFC 8308 extension negotiation and OpenSSH's
    // strict key exchange. russh sends only the server's side of each.
    kex::EXTENSION_SUPPORT_AS_SERVER,
    kex::EXTENSION_OPENSSH_STRICT_KEX_AS_SERVER,
];

const CIPHERS: &[cipher::Name] = &[
    cipher::CHACHA20_POLY1305,
    cipher::AES_256_GCM,
    cipher::AES_128_GCM,
];

const MACS: &[mac::Name] = &[mac::HMAC_SHA512_ETM, mac::HMAC_SHA256_ETM];

const COMPRESSION: &[compression::Name] = &[compression::NONE];

/// Public key algorithms: the host key's, then those accepted from
/// clients, which russh also announces in server-sig-algs (RFC 8308).
const KEYS: &[Algorithm] = &[
    Algorithm::Ed25519,
    Algorithm::Rsa {
        hash: Some(HashAlg::Sha512),
    },
    Algorithm::Rsa {
        hash: Some(HashAlg::Sha256),
    },
];

/// Returns the algorithm lists of the server.
pub fn preferred() -> Preferred {
    Preferred {
        kex: Cow::Borrowed(KEX),
        key: Cow::Borrowed(KEYS),
        host_key_certificates: Cow::Borrowed(&[]),
        cipher: Cow::Borrowed(CIPHERS),
        mac: Cow::Borrowed(MACS),
        compression: Cow::Borrowed(COMPRESSION),
    }
}

/// Tells whether a client may sign with `algorithm`. russh verifies
/// signatures of every algorithm it implements, so the handler rejects
/// the rest.
pub fn is_accepted_client_key(algorithm: &Algorithm) -> bool {
    KEYS.contains(algorithm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_weak_algorithm_offered() {
        let preferred = preferred();
        let kex: Vec<&str> = preferred.kex.iter().map(AsRef::as_ref).collect();
        assert!(
            kex.iter().all(|name| !name.starts_with("diffie-hellman")),
            "{kex:?}"
        );
        assert!(kex.contains(&"kex-strict-s-v00@openssh.com"), "{kex:?}");
        let macs: Vec<&str> = preferred.mac.iter().map(AsRef::as_ref).collect();
        assert!(
            macs.iter().all(|name| name.ends_with("-etm@openssh.com")),
            "{macs:?}"
        );
        let compression: Vec<&str> = preferred.compression.iter().map(AsRef::as_ref).collect();
        assert_eq!(compression, ["none"]);
    }

    #[test]
    fn sha1_rsa_and_ecdsa_keys_rejected() {
        assert!(is_accepted_client_key(&Algorithm::Ed25519));
        assert!(is_accepted_client_key(&Algorithm::Rsa {
            hash: Some(HashAlg::Sha256)
        }));
        assert!(!is_accepted_client_key(&Algorithm::Rsa { hash: None }));
        assert!(!is_accepted_client_key(&Algorithm::Ecdsa {
            curve: russh::keys::EcdsaCurve::NistP256
        }));
    }
}
