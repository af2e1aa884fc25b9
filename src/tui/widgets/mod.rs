//! Widgets shared by the screens: text fields, the message composer, list
//! selection with a filter, the status line, the help overlay and the
//! "window too small" message.

mod chrome;
mod composer;
mod fresh_code;
mod help;
mod keys;
mod list;
mod markdown;
mod status;
mod tabs;
mod text;
mod text_field;

pub use chrome::{MIN_SIZE, centered, panel, render_text, render_too_small};
pub use composer::Composer;
pub use fresh_code::{FRESH_CODE_CHARS, FreshCodePrompt, PromptOutcome};
pub use help::{HelpScroll, render_help};
pub use keys::{is_back_tab, is_ctrl, is_send, plain_char};
pub use list::{ListSelection, MARKER};
pub use markdown::markdown_lines;
pub use status::{Notice, NoticeKind, render_status_line};
pub use tabs::{TabLabels, fit_tabs};
pub use text::{
    fill_column_width, fit_to_width, group_digest, hanging, hanging_rows, hanging_width,
    shared_prefix, truncate_to_width, wrap_path, wrap_text,
};
pub use text_field::TextField;
