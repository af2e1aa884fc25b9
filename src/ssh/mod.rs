//! SSH server.
