//! Translations of the user interface, messages and notifications, in
//! Fluent files under `locales/LANG/` (one file per part of the product).
//!
//! Text is looked up by message id in the language of the current task:
//! a session runs its drawing, its key handling and its service calls
//! inside [`scope`] or [`sync_scope`] with the user's language, so code
//! deep in a screen or a use case writes `tr!("document-archived")` and
//! gets the caller's words. Outside any scope the language is English.
//! Notifications pick the recipient's language explicitly with
//! [`text_in`].
//!
//! An id missing from a language falls back to English, and an id missing
//! from English is returned as it is, so a gap shows as a readable id
//! rather than a panic; the completeness tests keep both from happening.

mod format;

use std::future::Future;
use std::sync::LazyLock;

pub use fluent_bundle::FluentArgs;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentResource, FluentValue};
use tracing::warn;
use unic_langid::LanguageIdentifier;

pub use self::format::{amount_in, long_date_in, size_in};
pub use crate::domain::regional::Language;

mod files {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

tokio::task_local! {
    static LANGUAGE: Language;
}

/// Returns the language of the current task, or English outside any scope.
pub fn current() -> Language {
    LANGUAGE.try_with(|language| *language).unwrap_or_default()
}

/// Tells whether `c` answers yes to a yes/no question: y, and also o
/// (oui) in French, where questions end in "o/n".
pub fn means_yes(c: char) -> bool {
    matches!(c, 'y' | 'Y') || (current() == Language::French && matches!(c, 'o' | 'O'))
}

/// Runs `future` with `language` as the current language.
pub fn scope<F: Future>(language: Language, future: F) -> impl Future<Output = F::Output> {
    LANGUAGE.scope(language, future)
}

/// Runs `f` with `language` as the current language.
pub fn sync_scope<R>(language: Language, f: impl FnOnce() -> R) -> R {
    LANGUAGE.sync_scope(language, f)
}

/// Returns the Fluent files embedded for a language, as (file name, text)
/// pairs.
pub fn files(language: Language) -> &'static [(&'static str, &'static str)] {
    match language {
        Language::English => files::EN,
        Language::French => files::FR,
    }
}

struct Bundles {
    english: FluentBundle<FluentResource>,
    french: FluentBundle<FluentResource>,
}

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| Bundles {
    english: bundle(Language::English),
    french: bundle(Language::French),
});

fn bundle(language: Language) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = language.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks around arguments would reach the terminal as
    // invisible characters that shift columns.
    bundle.set_use_isolating(false);
    for (name, text) in files(language) {
        let resource = match FluentResource::try_new((*text).to_string()) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                warn!(file = name, errors = ?errors, "translation file has syntax errors");
                resource
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            warn!(file = name, errors = ?errors, "translation file repeats message ids");
        }
    }
    bundle
}

impl Bundles {
    fn get(&self, language: Language) -> &FluentBundle<FluentResource> {
        match language {
            Language::English => &self.english,
            Language::French => &self.french,
        }
    }
}

/// Returns the text of message `id` in `language`, with its arguments.
pub fn text_in(language: Language, id: &str, args: Option<&FluentArgs>) -> String {
    let bundles = &*BUNDLES;
    let found = [language, Language::English]
        .into_iter()
        .map(|language| bundles.get(language))
        .find_map(|bundle| {
            let pattern = bundle.get_message(id)?.value()?;
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            if !errors.is_empty() {
                warn!(id, errors = ?errors, "translation could not be formatted");
            }
            Some(text.into_owned())
        });
    found.unwrap_or_else(|| id.to_string())
}

/// Returns the text of message `id` in the current language.
pub fn text(id: &str) -> String {
    text_in(current(), id, None)
}

/// Returns the text of message `id` in the current language, with its
/// arguments.
pub fn text_with(id: &str, args: &FluentArgs) -> String {
    text_in(current(), id, Some(args))
}

/// A value passed to a message: text, or a number that plural rules can
/// select on.
pub trait Arg<'a> {
    fn into_arg(self) -> FluentValue<'a>;
}

impl<'a> Arg<'a> for &'a str {
    fn into_arg(self) -> FluentValue<'a> {
        self.into()
    }
}

impl<'a> Arg<'a> for &'a String {
    fn into_arg(self) -> FluentValue<'a> {
        self.as_str().into()
    }
}

impl<'a> Arg<'a> for String {
    fn into_arg(self) -> FluentValue<'a> {
        self.into()
    }
}

macro_rules! number_arg {
    ($($type:ty),+) => {$(
        impl<'a> Arg<'a> for $type {
            fn into_arg(self) -> FluentValue<'a> {
                self.into()
            }
        }

        impl<'a> Arg<'a> for &$type {
            fn into_arg(self) -> FluentValue<'a> {
                (*self).into()
            }
        }
    )+};
}

number_arg!(i64, i32, u64, u32, u16, u8, usize);

/// Turns a value into a Fluent argument; used by [`tr!`].
pub fn arg<'a>(value: impl Arg<'a>) -> FluentValue<'a> {
    value.into_arg()
}

/// Translates a key list, whose entries are (keys, action) pairs of
/// message ids. A label that is no message id, such as "↑ ↓" or
/// "Ctrl-S", reads as it is with its key names translated by
/// [`key_names`].
pub fn key_list(keys: &[(&str, &str)]) -> Vec<(String, String)> {
    keys.iter()
        .map(|(keys, action)| (key_names(&text(keys)), text(action)))
        .collect()
}

/// Key names written in English in key labels, with the message id of
/// their name on the user's keyboard. Ctrl, Alt, letters and arrows are
/// left out because French keyboards print them the same way.
const KEY_NAMES: [(&str, &str); 11] = [
    ("Enter", "key-enter"),
    ("Esc", "key-esc"),
    ("Tab", "key-tab"),
    ("Space", "key-space"),
    ("Backspace", "key-backspace"),
    ("Delete", "key-delete"),
    ("PgUp", "key-page-up"),
    ("PgDn", "key-page-down"),
    ("Home", "key-home"),
    ("End", "key-end"),
    ("Shift", "key-shift"),
];

/// Translates the key names of a key label such as "Shift-Tab",
/// "PgUp PgDn" or "Esc ?" into the current language. Only whole words
/// listed in [`KEY_NAMES`] change, so "Ctrl-S", single letters and
/// symbols stay as they are.
pub fn key_names(label: &str) -> String {
    fn push_word(word: &mut String, translated: &mut String) {
        match KEY_NAMES.iter().find(|(name, _)| name == word) {
            Some((_, id)) => translated.push_str(&text(id)),
            None => translated.push_str(word),
        }
        word.clear();
    }

    let mut translated = String::with_capacity(label.len());
    let mut word = String::new();
    for c in label.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            push_word(&mut word, &mut translated);
            translated.push(c);
        }
    }
    push_word(&mut word, &mut translated);
    translated
}

/// Reads a language from a POSIX locale variable such as
/// `fr_CH.UTF-8`, `fr` or `en_GB`; `None` for C, POSIX and languages
/// Portico does not speak.
pub fn language_of_locale(value: &str) -> Option<Language> {
    let code: String = value
        .trim()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    Language::parse(&code).ok()
}

/// Returns the text of a message in the current language.
///
/// `tr!("id")` takes no arguments; `tr!("id", name = value, ...)` passes
/// each value (a string or a number) as the Fluent variable `$name`.
#[macro_export]
macro_rules! tr {
    ($id:expr) => {
        $crate::i18n::text($id)
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::FluentArgs::new();
        $(args.set(stringify!($name), $crate::i18n::arg($value));)+
        $crate::i18n::text_with($id, &args)
    }};
}

#[cfg(test)]
mod tests;
