//! Usage errors of the exec commands in the session's language. Clap's own
//! error text is English only, so the message is built from the error's
//! kind and context (clap 4 with its default `error-context` feature): the
//! wrong value, what was expected and the usage of the command.

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

use super::cli;
use crate::domain::text::sanitize_line;

/// Returns the one-line usage error for `error`, raised while parsing
/// `words`, in the current language.
pub fn usage_error(error: &Error, words: &[String]) -> String {
    let problem = problem(error).unwrap_or_else(|| crate::tr!("ssh-exec-invalid-command"));
    // The list of commands helps more than a usage line after an unknown
    // command.
    if error.kind() == ErrorKind::InvalidSubcommand {
        return crate::tr!("ssh-exec-usage", error = problem);
    }
    match usage_of(words) {
        Some(usage) => crate::tr!("ssh-exec-usage-line", error = problem, usage = usage),
        None => crate::tr!("ssh-exec-usage", error = problem),
    }
}

/// Describes what is wrong, naming the value from the error's context;
/// `None` for kinds without a message of their own.
fn problem(error: &Error) -> Option<String> {
    let text = |kind| context_text(error, kind);
    let problem = match error.kind() {
        ErrorKind::UnknownArgument => {
            let argument = text(ContextKind::InvalidArg)?;
            match text(ContextKind::SuggestedArg) {
                Some(suggested) => crate::tr!(
                    "ssh-exec-unknown-argument-suggested",
                    argument = argument,
                    suggested = suggested
                ),
                None => crate::tr!("ssh-exec-unknown-argument", argument = argument),
            }
        }
        ErrorKind::InvalidSubcommand => {
            let command = text(ContextKind::InvalidSubcommand)?;
            match first(error, ContextKind::SuggestedSubcommand) {
                Some(suggested) => crate::tr!(
                    "ssh-exec-unknown-command-suggested",
                    command = command,
                    suggested = suggested
                ),
                None => crate::tr!("ssh-exec-unknown-command", command = command),
            }
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let option = text(ContextKind::InvalidArg)?;
            let value = text(ContextKind::InvalidValue).unwrap_or_default();
            let choices = text(ContextKind::ValidValue).filter(|choices| !choices.is_empty());
            match (value.is_empty(), choices) {
                (true, _) => crate::tr!("ssh-exec-missing-value", option = option),
                (false, Some(choices)) => crate::tr!(
                    "ssh-exec-invalid-value-choices",
                    value = value,
                    option = option,
                    choices = choices
                ),
                (false, None) => {
                    crate::tr!("ssh-exec-invalid-value", value = value, option = option)
                }
            }
        }
        ErrorKind::TooManyValues => {
            let argument = text(ContextKind::InvalidValue)?;
            crate::tr!("ssh-exec-unknown-argument", argument = argument)
        }
        ErrorKind::MissingRequiredArgument => {
            let arguments = text(ContextKind::InvalidArg)?;
            crate::tr!("ssh-exec-missing-argument", arguments = arguments)
        }
        ErrorKind::MissingSubcommand => {
            let command = text(ContextKind::InvalidSubcommand)?;
            let commands = text(ContextKind::ValidSubcommand)?;
            crate::tr!(
                "ssh-exec-missing-command",
                command = command,
                commands = commands
            )
        }
        ErrorKind::ArgumentConflict => {
            let argument = text(ContextKind::InvalidArg)?;
            let other = text(ContextKind::PriorArg)?;
            crate::tr!(
                "ssh-exec-argument-conflict",
                argument = argument,
                other = other
            )
        }
        _ => return None,
    };
    Some(problem)
}

/// Returns a context value as sanitized text, a list joined with ", ".
fn context_text(error: &Error, kind: ContextKind) -> Option<String> {
    let text = match error.get(kind)? {
        ContextValue::String(value) => value.clone(),
        ContextValue::Strings(values) => values.join(", "),
        ContextValue::StyledStr(value) => value.to_string(),
        ContextValue::Number(value) => value.to_string(),
        _ => return None,
    };
    Some(sanitize_line(&text))
}

/// Returns the first of a list in the error's context, sanitized.
fn first(error: &Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(value) => Some(sanitize_line(value)),
        ContextValue::Strings(values) => values.first().map(|value| sanitize_line(value)),
        _ => None,
    }
}

/// Returns the usage line of the deepest command that `words` name, such
/// as "portico documents get [OPTIONS] <ID>", or `None` at the top level,
/// whose usage only shows that a command is needed.
fn usage_of(words: &[String]) -> Option<String> {
    let mut command = cli::command();
    command.build();
    let mut path = Vec::new();
    let mut named = &command;
    for word in words.iter().filter(|word| !word.starts_with('-')) {
        let Some(subcommand) = named.find_subcommand(word) else {
            break;
        };
        path.push(subcommand.get_name().to_string());
        named = subcommand;
    }
    if path.is_empty() {
        return None;
    }

    let mut current = &mut command;
    for name in &path {
        current = current.find_subcommand_mut(name)?;
    }
    let usage = current.render_usage().to_string();
    // Clap writes its English heading before the usage.
    let usage = usage.trim_start().strip_prefix("Usage:").unwrap_or(&usage);
    Some(sanitize_line(usage.trim()))
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use crate::i18n::{Language, sync_scope};

    /// Parses `line` in `language` and returns the error line without
    /// the "portico: " prefix and the newline.
    fn usage_error_in(language: Language, line: &str) -> String {
        let Err(reply) = sync_scope(language, || parse(line.as_bytes())) else {
            panic!("{line} parsed");
        };
        assert_eq!(reply.status, super::super::EXIT_USAGE, "{line}");
        reply
            .stderr
            .trim_end()
            .trim_start_matches("portico: ")
            .to_string()
    }

    #[test]
    fn usage_errors_in_english() {
        let cases = [
            (
                "documents ls --kindd invoice",
                "unexpected argument \"--kindd\" (did you mean --kind?); \
                 usage: portico documents ls [OPTIONS]",
            ),
            (
                "documents ls --kind",
                "--kind <KIND> needs a value; usage: portico documents ls [OPTIONS]",
            ),
            (
                "documents get abc",
                "invalid value \"abc\" for <ID>; usage: portico documents get [OPTIONS] <ID>",
            ),
            (
                "requests new",
                "missing required argument --subject <SUBJECT>; \
                 usage: portico requests new [OPTIONS] --subject <SUBJECT>",
            ),
            (
                "documents lss",
                "unknown command \"lss\" (did you mean ls?); run help for the list of commands",
            ),
            (
                "whoami extra",
                "unexpected argument \"extra\"; usage: portico whoami [OPTIONS]",
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(usage_error_in(Language::English, line), expected, "{line}");
        }
    }

    #[test]
    fn usage_errors_in_french() {
        let cases = [
            (
                "documents ls --kindd invoice",
                "argument inattendu «\u{a0}--kindd\u{a0}» (vouliez-vous dire --kind\u{a0}?)\u{a0}; \
                 utilisation\u{a0}: portico documents ls [OPTIONS]",
            ),
            (
                "documents ls --kind",
                "--kind <KIND> demande une valeur\u{a0}; \
                 utilisation\u{a0}: portico documents ls [OPTIONS]",
            ),
            (
                "documents get abc",
                "valeur «\u{a0}abc\u{a0}» non valide pour <ID>\u{a0}; \
                 utilisation\u{a0}: portico documents get [OPTIONS] <ID>",
            ),
            (
                "requests new",
                "argument obligatoire manquant\u{a0}: --subject <SUBJECT>\u{a0}; \
                 utilisation\u{a0}: portico requests new [OPTIONS] --subject <SUBJECT>",
            ),
            (
                "documents lss",
                "commande inconnue «\u{a0}lss\u{a0}» (vouliez-vous dire ls\u{a0}?)\u{a0}; \
                 lancez help pour la liste des commandes",
            ),
        ];
        for (line, expected) in cases {
            let error = usage_error_in(Language::French, line);
            assert_eq!(error, expected, "{line}");
            for english in ["unexpected", "invalid value", "required", "Usage", "error:"] {
                assert!(!error.contains(english), "{line}: {error}");
            }
        }
    }

    #[test]
    fn hostile_values_are_sanitized() {
        let error = usage_error_in(Language::English, "documents ls --\u{1b}[2Jkind x");
        assert!(!error.contains('\u{1b}'), "{error:?}");
        assert!(error.starts_with("unexpected argument"), "{error}");
    }
}
