//! The `portico` binary's command line: accounts and keys through
//! `portico admin`, and clear one-line errors. On SQLite and PostgreSQL.

mod common;

use common::{portico, stderr, stdout};
use portico::store::Store;

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGv8H0U5WbM6j5ItHf8A1mYc5k3b2dQ9Vq0k8l6mR3oP alice@laptop";

on_both_backends!(
    admin_adds_and_lists_accounts,
    |store: Store, url: String| async move {
        store.close().await;
        let add = portico(
            &url,
            &[
                "admin",
                "user",
                "add",
                "alice",
                "--name",
                "Alice Martin",
                "--email",
                "alice@example.com",
                "--role",
                "customer",
                "--org",
                "Acme",
                "--password-stdin",
            ],
            Some("a long enough passphrase\n"),
        );
        assert!(add.status.success(), "{}", stderr(&add));

        let key = portico(&url, &["admin", "key", "add", "alice", "-"], Some(KEY));
        assert!(key.status.success(), "{}", stderr(&key));
        assert!(stdout(&key).contains("SHA256:"), "{}", stdout(&key));

        let list = portico(&url, &["admin", "user", "list"], None);
        assert!(list.status.success(), "{}", stderr(&list));
        let text = stdout(&list);
        let row = text
            .lines()
            .find(|line| line.starts_with("alice"))
            .unwrap_or_default()
            .to_string();
        assert!(row.contains("Alice Martin"), "{text}");
        assert!(row.contains("customer"), "{text}");
        assert!(row.contains("Acme"), "{text}");
        assert!(row.contains(" no "), "TOTP not enrolled yet: {text}");
        assert!(row.contains("never"), "{text}");
    }
);

on_both_backends!(
    admin_rejects_bad_input_clearly,
    |store: Store, url: String| async move {
        store.close().await;
        let cases: [(&[&str], Option<&str>, &str); 6] = [
            (
                &[
                    "admin",
                    "user",
                    "add",
                    "Bad Handle",
                    "--name",
                    "X",
                    "--email",
                    "x@example.com",
                    "--role",
                    "agent",
                ],
                None,
                "invalid handle",
            ),
            (
                &[
                    "admin",
                    "user",
                    "add",
                    "bob",
                    "--name",
                    "Bob",
                    "--email",
                    "not-an-email",
                    "--role",
                    "agent",
                ],
                None,
                "invalid email",
            ),
            (
                &[
                    "admin",
                    "user",
                    "add",
                    "bob",
                    "--name",
                    "Bob",
                    "--email",
                    "bob@example.com",
                    "--role",
                    "customer",
                ],
                None,
                "needs an organisation",
            ),
            (
                &[
                    "admin",
                    "user",
                    "add",
                    "bob",
                    "--name",
                    "Bob",
                    "--email",
                    "bob@example.com",
                    "--role",
                    "agent",
                    "--password-stdin",
                ],
                Some("short\n"),
                "too short",
            ),
            (
                &["admin", "key", "add", "nobody", "-"],
                Some(KEY),
                "not found",
            ),
            (
                &[
                    "admin",
                    "user",
                    "add",
                    "bob",
                    "--name",
                    "Bob",
                    "--email",
                    "bob@example.com",
                    "--role",
                    "admiral",
                ],
                None,
                "invalid role",
            ),
        ];
        for (args, input, expected) in cases {
            let output = portico(&url, args, input);
            let error = stderr(&output);
            assert!(!output.status.success(), "{args:?} must fail");
            assert!(
                error.contains(expected),
                "{args:?}: expected {expected:?} in {error}"
            );
        }

        let add = portico(
            &url,
            &[
                "admin",
                "user",
                "add",
                "carol",
                "--name",
                "Carol",
                "--email",
                "carol@example.com",
                "--role",
                "agent",
            ],
            None,
        );
        assert!(add.status.success(), "{}", stderr(&add));
        let bad_key = portico(
            &url,
            &["admin", "key", "add", "carol", "-"],
            Some("ssh-ed25519 not-base64 carol"),
        );
        assert!(!bad_key.status.success());
        let error = stderr(&bad_key);
        assert!(error.contains("invalid public key"), "{error}");
        assert_eq!(error.trim().lines().count(), 1, "one-line error: {error}");
    }
);

#[test]
fn unreachable_database_named_without_password() {
    // Port 1 on loopback has no server, so the connection is refused at once.
    let output = portico(
        "postgres://portico:s3cret-pass@127.0.0.1:1/portico",
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--keys",
            "target/unused-keys",
        ],
        None,
    );
    let error = stderr(&output);
    assert!(!output.status.success());
    assert!(
        error.contains("postgres://portico:****@127.0.0.1:1/portico"),
        "{error}"
    );
    assert!(!error.contains("s3cret-pass"), "{error}");
}

#[test]
fn serve_help_describes_every_option() {
    let output = portico("sqlite://unused.db", &["serve", "--help"], None);
    let help = stdout(&output);
    for option in [
        "--listen",
        "--database",
        "--keys",
        "--config",
        "--demo",
        "PORTICO_LISTEN",
        "PORTICO_DATABASE",
        "PORTICO_KEYS",
    ] {
        assert!(help.contains(option), "{option} missing from: {help}");
    }
}

#[test]
fn usage_errors_are_one_line() {
    for args in [
        &["admin", "user", "add", "bob"][..],
        &[
            "admin",
            "user",
            "add",
            "bob",
            "--name",
            "Bob",
            "--email",
            "bob@example.com",
            "--role",
            "boss",
        ],
        &["serve", "--no-such-option"],
    ] {
        let output = portico("sqlite://unused.db", args, None);
        let error = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {error}");
        assert_eq!(error.trim().lines().count(), 1, "{args:?}: {error}");
        assert!(error.starts_with("portico: "), "{error}");
    }
}

on_both_backends!(
    admin_imports_articles_and_replies,
    |store: Store, url: String| async move {
        store.close().await;
        let folder = tempfile::tempdir().expect("folder");
        std::fs::create_dir(folder.path().join("Billing")).expect("category");
        std::fs::write(
            folder.path().join("Billing/refunds.md"),
            "# When is my refund paid?\n\nWithin 5 working days.",
        )
        .expect("article");
        let folder_arg = folder.path().to_string_lossy().into_owned();
        let import = portico(&url, &["admin", "kb", "import", &folder_arg], None);
        assert!(import.status.success(), "{}", stderr(&import));
        assert!(
            stdout(&import).contains("1 articles added, 0 updated"),
            "{}",
            stdout(&import)
        );
        let stats = portico(&url, &["admin", "kb", "stats"], None);
        assert!(stats.status.success(), "{}", stderr(&stats));
        let row = stdout(&stats)
            .lines()
            .find(|line| line.starts_with("refunds"))
            .map(str::to_string)
            .expect("stats row");
        assert!(row.contains("When is my refund paid?"), "{row}");

        std::fs::write(folder.path().join("broken.md"), "no title here").expect("broken");
        let broken = portico(&url, &["admin", "kb", "import", &folder_arg], None);
        assert_eq!(broken.status.code(), Some(1), "{}", stderr(&broken));
        assert!(stderr(&broken).contains("broken.md"), "{}", stderr(&broken));

        let canned = portico(
            &url,
            &["admin", "canned", "set", "Refund approved", "-"],
            Some("Hello {customer}, your refund is approved."),
        );
        assert!(canned.status.success(), "{}", stderr(&canned));
        let empty = portico(&url, &["admin", "canned", "set", "Empty", "-"], Some("   "));
        assert_eq!(empty.status.code(), Some(1), "{}", stderr(&empty));
        assert!(stderr(&empty).contains("reply"), "{}", stderr(&empty));
    }
);
