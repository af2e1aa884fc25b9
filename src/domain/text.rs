//! Validation and sanitizing of text that comes from users, documents and
//! file names.

/// Removes what could act on a terminal from untrusted text: C0 and C1
/// control characters (so also ESC, which starts CSI, OSC and other escape
/// sequences) and the bidirectional overrides U+202A..U+202E and
/// U+2066..U+2069. Tabs become a space. Newlines are kept only when
/// `keep_newlines` is set, for multi-line message bodies.
///
/// ```
/// use portico::domain::text::sanitize;
///
/// // An OSC 52 sequence would write to the clipboard; only its text is left.
/// assert_eq!(sanitize("Invoice\u{1b}]52;c;ZXZpbA==\u{7}", false), "Invoice]52;c;ZXZpbA==");
/// assert_eq!(sanitize("two\r\nlines", true), "two\nlines");
/// ```
pub fn sanitize(text: &str, keep_newlines: bool) -> String {
    let mut clean = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => clean.push('\n'),
            '\t' => clean.push(' '),
            c if is_unsafe(c) => {}
            c => clean.push(c),
        }
    }
    clean
}

/// Sanitizes one line: line breaks become spaces.
pub fn sanitize_line(text: &str) -> String {
    sanitize(&text.replace(['\r', '\n'], " "), false)
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || c == '\u{200E}'
        || c == '\u{200F}'
        || c == '\u{061C}'
}

/// Escapes text from a client for a log line, so it cannot end the line
/// or drive the terminal that shows the log. A backslash becomes `\\`,
/// CR, LF, tab and ESC become `\r`, `\n`, `\t` and `\e`, and any other
/// character that [`sanitize`] would remove becomes `\u{..}`. Unlike
/// [`sanitize_line`], nothing is dropped, so the log shows what was sent.
///
/// ```
/// use portico::domain::text::escape_for_log;
///
/// assert_eq!(escape_for_log("eve\n\u{1b}[2Kroot"), "eve\\n\\e[2Kroot");
/// ```
/// Writes `text` in ASCII for places that show nothing else well: accented
/// Latin letters lose their accents ("à" gives "a", "œ" gives "oe"),
/// typographic quotes and no-break spaces become their ASCII forms, and
/// any other character outside ASCII is dropped.
pub fn ascii_fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        let plain = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
            'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => "A",
            'ç' => "c",
            'Ç' => "C",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'É' | 'È' | 'Ê' | 'Ë' => "E",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'Í' | 'Ì' | 'Î' | 'Ï' => "I",
            'ñ' => "n",
            'Ñ' => "N",
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => "o",
            'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => "O",
            'ú' | 'ù' | 'û' | 'ü' => "u",
            'Ú' | 'Ù' | 'Û' | 'Ü' => "U",
            'ý' | 'ÿ' => "y",
            'œ' => "oe",
            'Œ' => "OE",
            'æ' => "ae",
            'Æ' => "AE",
            'ß' => "ss",
            '’' | '‘' => "'",
            '«' | '»' | '“' | '”' => "\"",
            '\u{a0}' | '\u{202f}' => " ",
            '…' => "...",
            c if c.is_ascii() => {
                folded.push(c);
                continue;
            }
            _ => continue,
        };
        folded.push_str(plain);
    }
    folded
}

pub fn escape_for_log(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '\r' => escaped.push_str("\\r"),
            '\n' => escaped.push_str("\\n"),
            '\t' => escaped.push_str("\\t"),
            '\u{1b}' => escaped.push_str("\\e"),
            c if is_unsafe(c) => escaped.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Checks user-entered text against a length limit in characters and
/// returns it trimmed. `field` names the value in the error, in the
/// current language: a message id such as `texts-field-title`, or text
/// that is no id (such as the admin CLI's `--name`), used as it is.
pub fn validate_text(field: &str, value: &str, max_chars: usize) -> Result<String, String> {
    let field = crate::i18n::text(field);
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(tr!("texts-error-missing", field = field));
    }
    let count = trimmed.chars().count();
    if count > max_chars {
        return Err(tr!(
            "texts-error-too-long",
            field = field,
            count = count,
            max = max_chars
        ));
    }
    Ok(trimmed.to_string())
}

/// Checks an account handle: 2 to 32 characters of lowercase ASCII letters,
/// digits, `.`, `-` and `_`, starting with a letter, so it is a valid SSH
/// user name everywhere.
pub fn validate_handle(handle: &str) -> Result<(), String> {
    let valid_chars = handle
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    let starts_with_letter = handle
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase());
    if !(2..=32).contains(&handle.len()) || !valid_chars || !starts_with_letter {
        return Err(tr!(
            "texts-error-invalid-handle",
            handle = format!("{:?}", sanitize_line(handle))
        ));
    }
    Ok(())
}

/// Checks the rough shape of an email address: one `@` with text on both
/// sides and a dot in the domain. Delivery proves the rest.
pub fn validate_email(email: &str) -> Result<(), String> {
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
                && !domain.contains('@')
        }
        None => false,
    };
    if !valid {
        return Err(tr!(
            "texts-error-invalid-email",
            email = format!("{:?}", sanitize_line(email))
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_fold_drops_accents() {
        assert_eq!(
            ascii_fold("Connexion à deux facteurs Portico"),
            "Connexion a deux facteurs Portico"
        );
        assert_eq!(
            ascii_fold("Œuvre « clé »\u{a0}: 東京"),
            "OEuvre \" cle \" : "
        );
    }

    #[test]
    fn sanitize_strips_escape_sequences() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{1b}[0m", false), "a[31mred[0m");
        assert_eq!(sanitize("osc\u{1b}]52;c;aGk=\u{7}", false), "osc]52;c;aGk=");
        assert_eq!(sanitize("c1\u{9b}31m", false), "c131m");
    }

    #[test]
    fn sanitize_strips_bidi_overrides() {
        assert_eq!(sanitize("abc\u{202E}fdp.exe", false), "abcfdp.exe");
        assert_eq!(sanitize("x\u{2066}y\u{2069}", false), "xy");
    }

    #[test]
    fn sanitize_keeps_newlines_when_asked() {
        assert_eq!(sanitize("one\r\ntwo", true), "one\ntwo");
        assert_eq!(sanitize_line("one\ntwo"), "one two");
    }

    #[test]
    fn log_escaping_keeps_one_line() {
        assert_eq!(escape_for_log("a\r\nb"), "a\\r\\nb");
        assert_eq!(escape_for_log("\u{1b}]52;c;x\u{7}"), "\\e]52;c;x\\u{7}");
        assert_eq!(escape_for_log("back\\slash"), "back\\\\slash");
        assert_eq!(escape_for_log("\u{202e}\u{9b}"), "\\u{202e}\\u{9b}");
        assert_eq!(escape_for_log("plain é"), "plain é");
    }

    #[test]
    fn handle_rules() {
        assert!(validate_handle("alice").is_ok());
        assert!(validate_handle("a.b-c_1").is_ok());
        assert!(validate_handle("Alice").is_err());
        assert!(validate_handle("1alice").is_err());
        assert!(validate_handle("a").is_err());
        assert!(validate_handle("al ice").is_err());
    }

    #[test]
    fn validation_errors_read_in_english() {
        assert_eq!(
            validate_text("texts-field-title", " ", 10),
            Err("the title is missing: type at least one character".to_string())
        );
        assert_eq!(
            validate_text("texts-field-title", "abc", 2),
            Err("the title is too long: 3 characters, at most 2 allowed".to_string())
        );
        assert_eq!(
            validate_text("--name", "", 2),
            Err("--name is missing: type at least one character".to_string())
        );
        assert_eq!(
            validate_handle("Al"),
            Err("invalid handle \"Al\": use 2 to 32 lowercase letters, digits, '.', '-' or '_', starting with a letter".to_string())
        );
        assert_eq!(
            validate_email("nobody"),
            Err(
                "invalid email \"nobody\": expected an address such as name@example.com"
                    .to_string()
            )
        );
    }

    #[test]
    fn validation_errors_read_in_french() {
        crate::i18n::sync_scope(crate::i18n::Language::French, || {
            assert_eq!(
                validate_text("texts-field-title", " ", 10),
                Err("Il manque le titre\u{a0}: saisissez au moins un caractère".to_string())
            );
            assert_eq!(
                validate_text("texts-field-key-name", "abc", 2),
                Err(
                    "Texte trop long pour le nom de la clé\u{a0}: 3 caractères, 2 au maximum"
                        .to_string()
                )
            );
            assert_eq!(
                validate_handle("Al"),
                Err("Identifiant \"Al\" non valide\u{a0}: utilisez de 2 à 32 lettres minuscules, chiffres, '.', '-' ou '_', en commençant par une lettre".to_string())
            );
            assert_eq!(
                validate_email("nobody"),
                Err("Adresse e-mail \"nobody\" non valide\u{a0}: saisissez une adresse comme nom@example.com".to_string())
            );
        });
    }

    #[test]
    fn text_length_is_counted_in_characters() {
        assert!(validate_text("subject", "é".repeat(10).as_str(), 10).is_ok());
        assert!(validate_text("subject", "é".repeat(11).as_str(), 10).is_err());
        assert!(validate_text("subject", "   ", 10).is_err());
    }
}
