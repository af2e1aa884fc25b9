//! Rules for a new password. Length is counted in Unicode code points after
//! NFC normalisation, any printable character including spaces is allowed,
//! and there are no composition rules. Common and guessable passwords are
//! rejected, and each rejection says why in plain words.

use unicode_normalization::UnicodeNormalization;
use zxcvbn::feedback::Warning;

use super::password::MAX_PASSWORD_BYTES;

/// Minimum of the maximum length, in code points: every configuration
/// accepts passwords at least this long.
pub const MIN_ACCEPTED_MAX_CHARS: usize = 64;

/// zxcvbn's score below which a password is refused: a score of 2 means
/// the estimator expects more than 10^6 guesses, which any 8 random
/// characters reach. Passwords that zxcvbn finds in its lists of common
/// passwords (30,000 entries) are refused whatever their score.
const MIN_ZXCVBN_SCORE: u8 = 2;

/// The account facts and settings a new password is checked against.
#[derive(Debug, Clone, Copy)]
pub struct PolicyContext<'a> {
    pub handle: &'a str,
    pub email: &'a str,
    /// The service's name, as authenticator apps show it.
    pub service_name: &'a str,
    /// Minimum length in code points after NFC normalisation.
    pub min_chars: usize,
}

/// Returns the NFC normalisation of a password, the form that is hashed, so
/// the same password typed on two keyboards verifies alike.
pub fn normalize(password: &str) -> String {
    password.nfc().collect()
}

/// Checks a new password and returns the reason for a rejection. The
/// password is never truncated: one that is too long is rejected.
pub fn check_policy(password: &str, context: &PolicyContext<'_>) -> Result<(), String> {
    let password = normalize(password);
    let count = password.chars().count();
    if count < context.min_chars {
        return Err(tr!(
            "preferences-password-too-short",
            count = count,
            min = context.min_chars
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(tr!(
            "preferences-password-too-long",
            bytes = MAX_PASSWORD_BYTES,
            chars = MAX_PASSWORD_BYTES / 4
        ));
    }
    if password.chars().any(char::is_control) {
        return Err(tr!("preferences-password-control"));
    }

    let lower = password.to_lowercase();
    let contains = |word: &str| {
        let word = word.trim().to_lowercase();
        !word.is_empty() && lower.contains(&word)
    };
    if contains(context.service_name) {
        return Err(tr!(
            "preferences-password-service-name",
            service = context.service_name
        ));
    }
    if contains(context.handle) {
        return Err(tr!("preferences-password-handle"));
    }
    let local_part = context.email.split('@').next().unwrap_or_default();
    if contains(context.email) || (local_part.chars().count() >= 3 && contains(local_part)) {
        return Err(tr!("preferences-password-email"));
    }

    let estimate = zxcvbn::zxcvbn(
        &password,
        &[context.handle, context.email, context.service_name],
    );
    let warning = estimate.feedback().and_then(|feedback| feedback.warning());
    let common = matches!(
        warning,
        Some(
            Warning::ThisIsATop10Password
                | Warning::ThisIsATop100Password
                | Warning::ThisIsACommonPassword
                | Warning::ThisIsSimilarToACommonlyUsedPassword
        )
    );
    if common || u8::from(estimate.score()) < MIN_ZXCVBN_SCORE {
        let reason = warning.map_or_else(|| tr!("preferences-password-guessable"), warning_text);
        return Err(tr!("preferences-password-too-common", reason = reason));
    }
    Ok(())
}

/// Returns zxcvbn's warning as a clause of the rejection, in the current
/// language.
fn warning_text(warning: Warning) -> String {
    match warning {
        Warning::StraightRowsOfKeysAreEasyToGuess => tr!("preferences-password-warning-rows"),
        Warning::ShortKeyboardPatternsAreEasyToGuess => {
            tr!("preferences-password-warning-keyboard")
        }
        Warning::RepeatsLikeAaaAreEasyToGuess => tr!("preferences-password-warning-repeats"),
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            tr!("preferences-password-warning-repeated-groups")
        }
        Warning::ThisIsATop10Password => tr!("preferences-password-warning-top10"),
        Warning::ThisIsATop100Password => tr!("preferences-password-warning-top100"),
        Warning::ThisIsACommonPassword => tr!("preferences-password-warning-common"),
        Warning::ThisIsSimilarToACommonlyUsedPassword => {
            tr!("preferences-password-warning-similar")
        }
        Warning::SequencesLikeAbcAreEasyToGuess => tr!("preferences-password-warning-sequences"),
        Warning::RecentYearsAreEasyToGuess => tr!("preferences-password-warning-years"),
        Warning::AWordByItselfIsEasyToGuess => tr!("preferences-password-warning-word"),
        Warning::DatesAreOftenEasyToGuess => tr!("preferences-password-warning-dates"),
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => {
            tr!("preferences-password-warning-names")
        }
        Warning::CommonNamesAndSurnamesAreEasyToGuess => {
            tr!("preferences-password-warning-common-names")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(min_chars: usize) -> PolicyContext<'static> {
        PolicyContext {
            handle: "alice",
            email: "asmith@example.com",
            service_name: "Portico",
            min_chars,
        }
    }

    /// Each case: password, minimum length, expected words of the refusal
    /// or `None` for an accepted password.
    const CASES: &[(&str, usize, Option<&str>)] = &[
        ("short", 12, Some("too short: 5 characters")),
        ("eleven char", 12, Some("too short: 11 characters")),
        ("password1234", 12, Some("too common")),
        ("123456789012", 12, Some("too common")),
        ("qwertyuiopasdf", 12, Some("too common")),
        ("iloveyouiloveyou", 12, Some("too common")),
        ("my portico login key", 12, Some("name of this service")),
        ("PORTICO-tulip-garden", 12, Some("name of this service")),
        ("alice-is-my-password", 12, Some("handle")),
        ("AliceInWonderland99", 12, Some("handle")),
        ("x asmith@example.com y", 12, Some("email")),
        ("tulip asmith river", 12, Some("email")),
        ("tab\tinside the password", 12, Some("control character")),
        ("line\nbreak in the middle", 12, Some("control character")),
        ("correct horse battery staple", 12, None),
        ("violet canyon ladder 47", 12, None),
        ("Zq8#mW2!pL0x", 12, None),
        // Eight is the lowest configurable minimum.
        ("k9$Vq2!z", 8, None),
        ("k9$Vq2!z", 12, Some("too short: 8 characters")),
        // Twelve code points although the text takes more bytes.
        ("ümlaut çafé ñ", 12, None),
        (
            "日本語のパスワードです",
            12,
            Some("too short: 11 characters"),
        ),
        ("日本語の長いパスワードです", 12, None),
    ];

    #[test]
    fn policy_table() {
        for (password, min_chars, expected) in CASES {
            let outcome = check_policy(password, &context(*min_chars));
            match expected {
                None => assert!(outcome.is_ok(), "{password:?} refused: {outcome:?}"),
                Some(words) => {
                    let error = outcome.expect_err(password);
                    assert!(error.contains(words), "{password:?}: {error}");
                }
            }
        }
    }

    #[test]
    fn warnings_read_as_zxcvbn_writes_them() {
        let warnings = [
            Warning::StraightRowsOfKeysAreEasyToGuess,
            Warning::ShortKeyboardPatternsAreEasyToGuess,
            Warning::RepeatsLikeAaaAreEasyToGuess,
            Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
            Warning::ThisIsATop10Password,
            Warning::ThisIsATop100Password,
            Warning::ThisIsACommonPassword,
            Warning::ThisIsSimilarToACommonlyUsedPassword,
            Warning::SequencesLikeAbcAreEasyToGuess,
            Warning::RecentYearsAreEasyToGuess,
            Warning::AWordByItselfIsEasyToGuess,
            Warning::DatesAreOftenEasyToGuess,
            Warning::NamesAndSurnamesByThemselvesAreEasyToGuess,
            Warning::CommonNamesAndSurnamesAreEasyToGuess,
        ];
        for warning in warnings {
            let zxcvbn = warning.to_string().trim_end_matches('.').to_lowercase();
            assert_eq!(warning_text(warning), zxcvbn);
        }
    }

    #[test]
    fn rejections_in_french() {
        use crate::i18n::{Language, sync_scope};

        sync_scope(Language::French, || {
            let error = check_policy("short", &context(12)).expect_err("short");
            assert!(
                error.contains("trop court\u{a0}: 5 caractères, il en faut au moins 12"),
                "{error}"
            );
            let error = check_policy("password1234", &context(12)).expect_err("common");
            assert!(error.contains("trop courant"), "{error}");
            assert!(error.contains("mots sans rapport"), "{error}");
            assert!(!error.contains("password is"), "{error}");
        });
        let error = check_policy("password1234", &context(12)).expect_err("common");
        assert!(
            error.starts_with("the password is too common or too easy to guess ("),
            "{error}"
        );
    }

    #[test]
    fn length_counts_code_points_after_nfc() {
        // "e" followed by a combining acute accent is one code point in NFC.
        let decomposed = "cafe\u{301} tables river";
        assert_eq!(decomposed.chars().count(), 18);
        assert_eq!(normalize(decomposed).chars().count(), 17);
        assert_eq!(normalize(decomposed), "caf\u{e9} tables river");

        // Twelve code points as typed, eleven after NFC.
        let error = check_policy("cafe\u{301} tables", &context(12)).unwrap_err();
        assert!(error.contains("11 characters"), "{error}");
    }

    #[test]
    fn long_passwords_accepted_untruncated() {
        let long: String = "violet canyon ladder 47 "
            .repeat(10)
            .chars()
            .take(200)
            .collect();
        assert!(long.chars().count() >= MIN_ACCEPTED_MAX_CHARS);
        assert!(check_policy(&long, &context(12)).is_ok());

        let four_byte: String =
            "\u{1F600}\u{1F431}\u{1F98A}\u{1F332}".repeat(MIN_ACCEPTED_MAX_CHARS / 4);
        assert_eq!(four_byte.chars().count(), MIN_ACCEPTED_MAX_CHARS);
        let outcome = check_policy(&four_byte, &context(12));
        assert!(
            !outcome
                .as_ref()
                .is_err_and(|error| error.contains("too long")),
            "{outcome:?}"
        );

        let huge = "violet canyon ladder ".repeat(100);
        let error = check_policy(&huge, &context(12)).unwrap_err();
        assert!(error.contains("too long"), "{error}");
    }
}
