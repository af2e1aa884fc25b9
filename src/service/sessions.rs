//! Sessions: one row per logged-in SSH connection, so that any node can
//! end a session held by another. Each node's watcher (in the SSH layer)
//! polls for its sessions ended elsewhere and closes them.
