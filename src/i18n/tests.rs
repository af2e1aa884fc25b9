use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;

use super::*;

/// One message of a Fluent file: its attributes and the variables it uses.
#[derive(Debug, Default, PartialEq, Eq)]
struct Entry {
    attributes: BTreeSet<String>,
    variables: BTreeSet<String>,
}

fn is_id_start(line: &str) -> bool {
    line.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '-')
}

/// Reads the message ids, attributes and variables of Fluent files. A
/// message starts at a line `id =` in the first column; the lines after
/// it that start with a space continue it.
fn entries(files: &[(&str, &str)]) -> BTreeMap<String, (String, Entry)> {
    let mut found: BTreeMap<String, (String, Entry)> = BTreeMap::new();
    for (file, text) in files {
        let mut current: Option<String> = None;
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if is_id_start(line) {
                let id = line
                    .split('=')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                let previous = found.insert(id.clone(), ((*file).to_string(), Entry::default()));
                assert!(
                    previous.is_none(),
                    "{file}: message {id} is defined twice (also in {})",
                    previous.map(|p| p.0).unwrap_or_default()
                );
                current = Some(id);
            } else if let Some(rest) = line.trim_start().strip_prefix('.')
                && let Some(id) = &current
                && let Some((_, entry)) = found.get_mut(id)
            {
                let name = rest.split('=').next().unwrap_or_default().trim();
                entry.attributes.insert(name.to_string());
            }
            let Some(id) = &current else { continue };
            let Some((_, entry)) = found.get_mut(id) else {
                continue;
            };
            for part in line.split('$').skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if !name.is_empty() {
                    entry.variables.insert(name);
                }
            }
        }
    }
    found
}

#[test]
fn every_file_parses() {
    for language in Language::ALL {
        for (name, text) in files(language) {
            if let Err((_, errors)) = FluentResource::try_new((*text).to_string()) {
                panic!("{name}: {errors:?}");
            }
        }
    }
}

#[test]
fn both_languages_have_the_same_files() {
    let names = |language| -> BTreeSet<String> {
        files(language)
            .iter()
            .map(|(name, _)| {
                name.split_once('/')
                    .map(|p| p.1)
                    .unwrap_or(name)
                    .to_string()
            })
            .collect()
    };
    assert_eq!(names(Language::English), names(Language::French));
}

#[test]
fn every_message_exists_in_both_languages_with_the_same_variables() {
    let english = entries(files(Language::English));
    let french = entries(files(Language::French));
    let mut problems = Vec::new();
    for (id, (file, entry)) in &english {
        match french.get(id) {
            None => problems.push(format!("{file}: {id} has no French text")),
            Some((french_file, french_entry)) if french_entry != entry => problems.push(format!(
                "{id}: English ({file}) has {entry:?}, French ({french_file}) has {french_entry:?}"
            )),
            Some(_) => {}
        }
    }
    for (id, (file, _)) in &french {
        if !english.contains_key(id) {
            problems.push(format!("{file}: {id} has no English text"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// One `tr!` call found in the source: the file, the id and the text of
/// the call.
struct Call {
    file: String,
    id: String,
    text: String,
}

/// Returns the text of the macro call starting after `tr!(` up to its
/// closing parenthesis, skipping parentheses inside string literals.
fn call_text(source: &str) -> &str {
    let mut depth = 1;
    let mut in_string = false;
    let mut escaped = false;
    for (index, c) in source.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &source[..index];
                }
            }
            _ => {}
        }
    }
    source
}

fn calls_in(folder: &Path, found: &mut Vec<Call>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            calls_in(&path, found);
            continue;
        }
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("read source");
        for (start, _) in source.match_indices("tr!(") {
            let before = source[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let text = call_text(&source[start + 4..]);
            let Some(literal) = text.trim_start().strip_prefix('"') else {
                continue;
            };
            let id: String = literal.chars().take_while(|c| *c != '"').collect();
            found.push(Call {
                file: path.display().to_string(),
                id,
                text: text.to_string(),
            });
        }
    }
}

#[test]
fn every_id_in_the_code_has_english_text_and_its_variables() {
    let english = entries(files(Language::English));
    let mut calls = Vec::new();
    calls_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut calls,
    );
    let mut problems = Vec::new();
    let is_i18n = |file: &str| file.ends_with("i18n/mod.rs") || file.ends_with("i18n/tests.rs");
    for call in calls.iter().filter(|call| !is_i18n(&call.file)) {
        let Some((_, entry)) = english.get(&call.id) else {
            problems.push(format!("{}: no English text for {}", call.file, call.id));
            continue;
        };
        for variable in &entry.variables {
            let passed = call.text.match_indices(variable.as_str()).any(|(at, _)| {
                let after = call.text[at + variable.len()..].trim_start();
                let before = call.text[..at].chars().next_back();
                after.starts_with('=')
                    && !after.starts_with("==")
                    && before.is_none_or(|c| !c.is_alphanumeric() && c != '_')
            });
            if !passed {
                problems.push(format!(
                    "{}: {} needs ${variable}, not passed",
                    call.file, call.id
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn missing_ids_read_as_themselves() {
    assert_eq!(text("no-such-message"), "no-such-message");
}

#[test]
fn scope_sets_the_language() {
    assert_eq!(current(), Language::English);
    sync_scope(Language::French, || {
        assert_eq!(current(), Language::French);
    });
    assert_eq!(current(), Language::English);
}

#[test]
fn amounts_follow_the_language() {
    assert_eq!(amount_in(Language::English, 123_456, "EUR"), "1234.56 EUR");
    assert_eq!(
        amount_in(Language::French, 123_456, "EUR"),
        "1\u{a0}234,56\u{a0}€"
    );
    assert_eq!(
        amount_in(Language::French, -123_456_789, "CHF"),
        "-1\u{a0}234\u{a0}567,89\u{a0}CHF"
    );
    assert_eq!(amount_in(Language::French, 5, "EUR"), "0,05\u{a0}€");
}

#[test]
fn long_dates_follow_the_language() {
    let date = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    assert_eq!(long_date_in(Language::English, date), "2 March 2026");
    assert_eq!(long_date_in(Language::French, date), "2 mars 2026");
    let first = NaiveDate::from_ymd_opt(2026, 8, 1).expect("date");
    assert_eq!(long_date_in(Language::French, first), "1er août 2026");
}

#[test]
fn locale_variables_name_the_language() {
    assert_eq!(language_of_locale("fr_CH.UTF-8"), Some(Language::French));
    assert_eq!(language_of_locale("fr"), Some(Language::French));
    assert_eq!(language_of_locale("en_GB.UTF-8"), Some(Language::English));
    assert_eq!(language_of_locale("C.UTF-8"), None);
    assert_eq!(language_of_locale("POSIX"), None);
    assert_eq!(language_of_locale("de_DE"), None);
    assert_eq!(language_of_locale(""), None);
}

#[test]
fn key_names_follow_the_language() {
    let labels = [
        "Enter",
        "Esc ?",
        "Shift-Tab",
        "PgUp PgDn Space",
        "Home End g G",
        "Ctrl-S Alt-Enter",
        "d Delete",
        "Backspace",
        "↑ ↓",
    ];
    for label in labels {
        assert_eq!(key_names(label), label, "English keeps {label}");
    }

    sync_scope(Language::French, || {
        let expected = [
            "Entrée",
            "Échap ?",
            "Maj-Tab",
            "Pg\u{a0}préc Pg\u{a0}suiv Espace",
            "Début Fin g G",
            "Ctrl-S Alt-Entrée",
            "d Suppr",
            "Retour\u{a0}arrière",
            "↑ ↓",
        ];
        for (label, french) in labels.iter().zip(expected) {
            assert_eq!(key_names(label), french, "French for {label}");
        }
        let listed = key_list(&[("Tab", "common-next-field")]);
        assert_eq!(
            listed,
            [("Tab".to_string(), "passer au champ suivant".to_string())]
        );
    });
}
