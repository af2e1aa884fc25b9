//! TUI.
