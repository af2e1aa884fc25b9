//! Themes and display preferences: a theme file that fails to parse stops
//! `portico serve` at start with the file, the line and the reason, and
//! each user's theme and plain-mode choice is stored and audited. On
//! SQLite and PostgreSQL.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::{Client, TestServer, add_account, customer_login, principal_of};
use portico::domain::Role;
use portico::service::display::DisplayPreferences;
use portico::store::Store;
use tokio::process::Command;

/// Starts `portico serve` with `themes` and returns its exit success and
/// standard error once it stops.
async fn serve_with_themes(url: &str, themes: &Path) -> (bool, String) {
    let keys = tempfile::tempdir().expect("key folder");
    let child = Command::new(env!("CARGO_BIN_EXE_portico"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .arg("--database")
        .arg(url)
        .arg("--keys")
        .arg(keys.path())
        .arg("--themes")
        .arg(themes)
        .env("PORTICO_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start portico");
    let output = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("portico serve stops in time")
        .expect("portico output");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

on_both_backends!(
    broken_theme_stops_serve,
    |_store: Store, url: String| async move {
        let themes = tempfile::tempdir().expect("themes folder");
        std::fs::write(
            themes.path().join("light.toml"),
            "# A theme with a misspelt style.\n[styles]\ntitle = { fg = \"blue\" }\nshiny = { fg = \"red\" }\n",
        )
        .expect("write theme");
        let (success, stderr) = serve_with_themes(&url, themes.path()).await;
        assert!(!success, "serve started with a broken theme: {stderr}");
        assert!(stderr.contains("light.toml, line 4"), "{stderr}");
        assert!(stderr.contains("unknown style name \"shiny\""), "{stderr}");

        std::fs::write(
            themes.path().join("light.toml"),
            "[styles]\ntitle = { fg = \"blue\" }\n\nerror = { fg = \"red\n",
        )
        .expect("write theme");
        let (success, stderr) = serve_with_themes(&url, themes.path()).await;
        assert!(!success, "serve started with a broken theme: {stderr}");
        assert!(stderr.contains("light.toml, line 4"), "{stderr}");
    }
);

on_both_backends!(
    display_preferences_are_stored_per_user,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let bob = add_account(&portal, "bob", Some("Acme"), Role::Customer, true, 2).await;
        let alice = principal_of(&store, alice.id).await;
        let bob = principal_of(&store, bob.id).await;

        let defaults = portal.display_preferences(&alice).await.expect("read");
        assert_eq!(defaults, DisplayPreferences::default());

        let chosen = DisplayPreferences {
            theme: "high-contrast".to_string(),
            plain: true,
        };
        portal
            .save_display_preferences(&alice, &chosen)
            .await
            .expect("save");
        assert_eq!(
            portal.display_preferences(&alice).await.expect("read"),
            chosen
        );
        assert_eq!(
            portal.display_preferences(&bob).await.expect("read"),
            DisplayPreferences::default()
        );

        let changed = DisplayPreferences {
            theme: "light".to_string(),
            plain: false,
        };
        portal
            .save_display_preferences(&alice, &changed)
            .await
            .expect("save again");
        assert_eq!(
            portal.display_preferences(&alice).await.expect("read"),
            changed
        );

        let actions = portico::store::audit::list_own(store.pool(), &alice, 10)
            .await
            .expect("audit entries");
        let changes: Vec<&str> = actions
            .iter()
            .filter(|entry| entry.action == "display-preferences-changed")
            .map(|entry| entry.detail.as_str())
            .collect();
        assert_eq!(
            changes,
            vec![
                "theme light, plain mode off",
                "theme high-contrast, plain mode on"
            ]
        );
    }
);

on_both_backends!(
    invalid_theme_name_is_rejected,
    |store: Store, _url: String| async move {
        let portal = common::portal(&store);
        let alice = add_account(&portal, "alice", Some("Acme"), Role::Customer, true, 1).await;
        let alice = principal_of(&store, alice.id).await;
        let hostile = DisplayPreferences {
            theme: "../../etc/passwd\u{1b}[2J".to_string(),
            plain: false,
        };
        let error = portal
            .save_display_preferences(&alice, &hostile)
            .await
            .expect_err("rejected");
        let message = error.to_string();
        assert!(message.contains("invalid theme name"), "{message}");
        assert!(!message.contains('\u{1b}'), "{message}");
        assert_eq!(
            portal.display_preferences(&alice).await.expect("read"),
            DisplayPreferences::default()
        );
    }
);

/// Opens a shell that sends `variables` as env requests, as OpenSSH's
/// SetEnv does, and returns every byte the server sent until the dashboard
/// shows.
async fn dashboard_bytes(
    session: &russh::client::Handle<Client>,
    variables: &[(&str, &str)],
) -> Vec<u8> {
    let mut channel = session.channel_open_session().await.expect("open session");
    channel
        .request_pty(true, "xterm-256color", 100, 30, 0, 0, &[])
        .await
        .expect("pty");
    for (name, value) in variables {
        channel
            .set_env(true, *name, *value)
            .await
            .expect("env request");
    }
    channel.request_shell(true).await.expect("shell");

    let mut screen = common::Screen::new(100, 30);
    let mut bytes = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !screen.text().contains("Open requests") {
        match tokio::time::timeout_at(deadline, channel.wait()).await {
            Ok(Some(russh::ChannelMsg::Data { data })) => {
                bytes.extend_from_slice(&data);
                screen.parser.process(&data);
            }
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => panic!("dashboard not shown:\n{}", screen.text()),
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

on_both_backends!(
    client_variables_pick_colors,
    |store: Store, _url: String| async move {
        let server = TestServer::start(&store).await;
        let (alice, session) = customer_login(&server).await;
        let principal = principal_of(&store, alice.id).await;
        let high_contrast = DisplayPreferences {
            theme: "high-contrast".to_string(),
            plain: false,
        };
        server
            .portal
            .save_display_preferences(&principal, &high_contrast)
            .await
            .expect("save");

        // The high-contrast theme names 24-bit colors; without COLORTERM
        // they arrive as 256-palette indices.
        let palette = dashboard_bytes(&session, &[]).await;
        assert!(contains(&palette, b"38;5;"), "no 256-color text");
        assert!(
            !contains(&palette, b"38;2;"),
            "24-bit colors without COLORTERM"
        );

        let truecolor = dashboard_bytes(&session, &[("COLORTERM", "truecolor")]).await;
        assert!(
            contains(&truecolor, b"38;2;"),
            "no 24-bit text with COLORTERM"
        );

        let no_color = dashboard_bytes(&session, &[("NO_COLOR", "1")]).await;
        assert!(
            !contains(&no_color, b"38;"),
            "a text color despite NO_COLOR"
        );
        assert!(
            !contains(&no_color, b"48;"),
            "a background color despite NO_COLOR"
        );
    }
);
