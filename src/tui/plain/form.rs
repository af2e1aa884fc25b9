//! Plain descriptions of forms, factor flows and prompts: the title, one
//! "Label: value" line per field, errors next to their field, the keys
//! that act, and the focused field last so the cursor ends after its value.

use super::PlainView;
use crate::tui::widgets::{Composer, TextField};

/// Builds the [`PlainView`] of a form field by field, in screen order.
#[derive(Debug, Clone, Default)]
pub struct PlainForm {
    lines: Vec<String>,
    /// The number of leading `lines` kept on top while the view is paged.
    headings: usize,
    /// Lines written just before the focus line: the focused field's error.
    before_focus: Vec<String>,
    focus: Option<String>,
    keys: Option<String>,
}

impl PlainForm {
    /// Starts a form with its title as the first line, kept on top while
    /// the view is paged.
    pub fn new(title: impl Into<String>) -> PlainForm {
        PlainForm {
            lines: vec![title.into()],
            headings: 1,
            ..PlainForm::default()
        }
    }

    /// Continues a list's view with a form part, such as its filter field:
    /// the list's focused item becomes an ordinary line.
    pub fn from_view(view: PlainView) -> PlainForm {
        let mut lines = view.lines;
        lines.extend(view.focus);
        PlainForm {
            lines,
            headings: view.headings,
            ..PlainForm::default()
        }
    }

    /// Adds a line of text, such as an explanation or a heading.
    pub fn line(&mut self, text: impl Into<String>) {
        self.lines.push(text.into());
    }

    /// Adds a field as "Label: value". The focused field becomes the focus
    /// line; when it is empty it reads "Label (empty):" so that the cursor
    /// still ends where typing goes.
    pub fn field(&mut self, label: &str, value: &str, focused: bool) {
        let text = match (value.is_empty(), focused) {
            (false, _) => tr!("plain-field", label = label, value = value),
            (true, false) => tr!("plain-field-empty", label = label),
            (true, true) => tr!("plain-field-blank", label = label),
        };
        self.push(text, focused);
    }

    /// Adds a single-line text field. A masked field reads as the number of
    /// characters typed, never their value.
    pub fn text(&mut self, label: &str, field: &TextField, focused: bool) {
        if field.is_masked() {
            let text = tr!("plain-secret", label = label, count = field.char_count());
            self.push(text, focused);
        } else {
            self.field(label, &field.value(), focused);
        }
    }

    /// Adds a multi-line field. A field of one line reads like [`Self::field`];
    /// a longer one first states how many lines it has, lists them, and ends
    /// with the last line, where the cursor goes when it is focused.
    pub fn text_area(&mut self, label: &str, composer: &Composer, focused: bool) {
        let lines = composer.lines();
        let count = lines.len();
        let Some((last, earlier)) = lines.split_last().filter(|_| count > 1) else {
            self.field(label, &composer.value(), focused);
            return;
        };
        self.lines
            .push(tr!("plain-text-lines", label = label, count = count));
        self.lines.extend(earlier.iter().cloned());
        let text = tr!("plain-text-last-line", label = label, value = last.as_str());
        self.push(text, focused);
    }

    /// Adds a choice cycled with ← →, such as "Role: member, ← → to change".
    pub fn choice(&mut self, label: &str, value: &str, focused: bool) {
        let text = tr!("plain-choice", label = label, value = value);
        self.push(text, focused);
    }

    /// Adds a validation error. The error of the focused field goes just
    /// before the focus line; any other goes after the field added last.
    pub fn error(&mut self, text: &str, focused: bool) {
        let text = tr!("app-error", text = text);
        if focused {
            self.before_focus.push(text);
        } else {
            self.lines.push(text);
        }
    }

    /// Names the keys that act on the form, such as "Enter to send, Esc to
    /// cancel". Each pair is a key and a message id, as in `fn keys()`.
    pub fn keys(&mut self, keys: &[(&str, &str)]) {
        self.keys = Some(keys_line(keys));
    }

    /// Returns the view: the fields, the keys, the focused field's error
    /// and the focused field last.
    pub fn finish(self) -> PlainView {
        let mut lines = self.lines;
        lines.extend(self.keys);
        lines.extend(self.before_focus);
        PlainView {
            lines,
            headings: self.headings,
            focus: self.focus,
        }
    }

    /// Adds a line already worded, such as a list row from
    /// [`PlainView::item`], as the focus line when `focused`.
    pub fn item(&mut self, text: String, focused: bool) {
        self.push(text, focused);
    }

    fn push(&mut self, text: String, focused: bool) {
        if focused && self.focus.is_none() {
            self.focus = Some(text);
        } else {
            self.lines.push(text);
        }
    }
}

/// Formats a list of keys as one line, such as "Keys: Enter to send, Esc to
/// cancel". Each pair is a key and a message id, as in `fn keys()`.
pub fn keys_line(keys: &[(&str, &str)]) -> String {
    let list: Vec<String> = crate::i18n::key_list(keys)
        .into_iter()
        .map(|(key, action)| tr!("plain-key", key = key, action = action))
        .collect();
    tr!("plain-keys", keys = list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, sync_scope};

    #[test]
    fn focused_field_comes_last_with_its_error() {
        let mut subject = TextField::new(80);
        subject.set("Move");
        let mut password = TextField::masked(80);
        password.set("secret12");
        let mut form = PlainForm::new("New request");
        form.text("Subject", &subject, true);
        form.text("Password", &password, false);
        form.choice("Role", "member", false);
        form.error("The subject is too short.", true);
        form.keys(&[("Enter", "common-send"), ("Esc", "common-cancel")]);
        let view = form.finish();

        assert_eq!(
            view.lines,
            vec![
                "New request",
                "Password: 8 characters typed",
                "Role: member, ← → to change",
                "Keys: Enter to send, Esc to cancel",
                "Error: The subject is too short.",
            ]
        );
        assert_eq!(view.focus.as_deref(), Some("Subject: Move"));
    }

    #[test]
    fn empty_fields_say_so() {
        let mut form = PlainForm::new("Form");
        form.field("Subject", "", false);
        form.field("Message", "", true);
        let view = form.finish();
        assert_eq!(view.lines, vec!["Form", "Subject: empty"]);
        assert_eq!(view.focus.as_deref(), Some("Message (empty):"));
    }

    #[test]
    fn text_area_lists_its_lines() {
        let mut composer = Composer::new(200);
        composer.insert_str("Hello\nsecond\nthird");
        let mut form = PlainForm::new("Reply");
        form.text_area("Message", &composer, true);
        let view = form.finish();
        assert_eq!(
            view.lines,
            vec!["Reply", "Message, 3 lines:", "Hello", "second"]
        );
        assert_eq!(view.focus.as_deref(), Some("Message, last line: third"));
    }

    #[test]
    fn form_reads_in_french() {
        let view = sync_scope(Language::French, || {
            let mut password = TextField::masked(80);
            password.set("abc");
            let mut form = PlainForm::new("Mot de passe");
            form.text("Mot de passe", &password, true);
            form.choice("Rôle", "membre", false);
            form.keys(&[("Esc", "common-cancel")]);
            form.finish()
        });
        assert_eq!(
            view.lines,
            vec![
                "Mot de passe",
                "Rôle\u{a0}: membre, ← → pour changer",
                "Touches\u{a0}: Échap pour annuler",
            ]
        );
        assert_eq!(
            view.focus.as_deref(),
            Some("Mot de passe\u{a0}: 3 caractères saisis")
        );
    }
}
