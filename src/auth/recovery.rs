//! One-time recovery codes. Each carries 80 random bits, so a plain SHA-256
//! is enough to store it: guessing the code is as hard as inverting the hash.

use rand::Rng;
use sha2::{Digest, Sha256};

pub const CODE_COUNT: usize = 10;

/// Letters and digits without look-alikes (no 0, O, 1, I, L).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// 16 characters of a 31-letter alphabet carry 79 bits.
const CODE_CHARS: usize = 16;

/// Generates [`CODE_COUNT`] codes shaped `XXXX-XXXX-XXXX-XXXX`.
pub fn generate() -> Vec<String> {
    (0..CODE_COUNT).map(|_| generate_one()).collect()
}

/// Generates one code shaped `XXXX-XXXX-XXXX-XXXX`; operator reset codes
/// take this shape too.
pub fn generate_one() -> String {
    let mut rng = rand::rngs::OsRng;
    let chars: Vec<char> = (0..CODE_CHARS)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect();
    chars
        .chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Normalizes what a user typed (case, spaces, dashes) and hashes it.
pub fn hash(code: &str) -> String {
    let normalized: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hex::encode(Sha256::digest(normalized.as_bytes()))
}

/// Tells whether the input has the shape of a recovery code rather than a
/// TOTP code.
pub fn looks_like_code(input: &str) -> bool {
    input.chars().filter(|c| c.is_ascii_alphanumeric()).count() == CODE_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_shaped() {
        let codes = generate();
        assert_eq!(codes.len(), CODE_COUNT);
        for code in &codes {
            assert_eq!(code.len(), 19);
            assert!(looks_like_code(code));
        }
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), CODE_COUNT);
    }

    #[test]
    fn hash_ignores_case_and_dashes() {
        assert_eq!(hash("abcd-efgh-jkmn-pqrs"), hash("ABCDEFGHJKMNPQRS"));
    }
}
