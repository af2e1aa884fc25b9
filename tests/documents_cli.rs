//! `portico admin document` and `portico admin retention` through the
//! binary: adding, importing with refused rows, legal hold and a retention
//! run, with limits from the configuration file. On SQLite and PostgreSQL.

mod common;

use std::process::Output;

use common::{add_customer, describe};
use portico::store::Store;

fn portico(database: &str, config: &std::path::Path, args: &[&str]) -> Output {
    common::portico_command(database)
        .args(args)
        .env("PORTICO_CONFIG", config)
        .output()
        .expect("run portico")
}

on_both_backends!(
    admin_document_commands,
    |store: Store, url: String| async move {
        let portal = common::portal(&store);
        add_customer(&portal, "alice", "Acme", 1).await;
        store.close().await;

        let dir = tempfile::tempdir().expect("folder");
        let config = dir.path().join("portico.toml");
        std::fs::write(
            &config,
            "max_document_bytes = 100\n[retention_years]\ninvoice = 1\n",
        )
        .expect("config");
        let file = dir.path().join("old.txt");
        std::fs::write(&file, "Old invoice").expect("file");
        let file = file.display().to_string();

        let add = |date: &'static str, title: &'static str| {
            let file = file.clone();
            let url = url.clone();
            let config = config.clone();
            move || {
                portico(
                    &url,
                    &config,
                    &[
                        "admin", "document", "add", "--org", "Acme", "--kind", "invoice",
                        "--title", title, "--date", date, &file,
                    ],
                )
            }
        };
        let output = add("2020-01-31", "Old invoice")();
        assert!(output.status.success(), "{}", describe(&output));
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("Added document 1"),
            "{}",
            describe(&output)
        );
        let output = add("2020-02-29", "Same file again")();
        assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("duplicate"),
            "{}",
            describe(&output)
        );

        let import = dir.path().join("import");
        std::fs::create_dir(&import).expect("import folder");
        std::fs::write(import.join("held.txt"), "Held invoice").expect("file");
        std::fs::write(import.join("huge.txt"), "x".repeat(200)).expect("file");
        std::fs::write(
            import.join("manifest.csv"),
            "file,organisation,kind,title,date\n\
             held.txt,Acme,invoice,Held invoice,2020-03-31\n\
             huge.txt,Acme,invoice,Huge invoice,2020-03-31\n",
        )
        .expect("manifest");
        let output = portico(
            &url,
            &config,
            &["admin", "document", "import", &import.display().to_string()],
        );
        assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("added    row 1 (held.txt): document 2"),
            "{}",
            describe(&output)
        );
        assert!(
            stdout.contains("refused  row 2 (huge.txt): the file is too large"),
            "{}",
            describe(&output)
        );
        assert!(
            stdout.contains("1 added, 1 refused."),
            "{}",
            describe(&output)
        );

        let output = portico(&url, &config, &["admin", "document", "hold", "2"]);
        assert!(output.status.success(), "{}", describe(&output));
        let output = portico(&url, &config, &["admin", "document", "hold", "99"]);
        assert_eq!(output.status.code(), Some(1), "{}", describe(&output));

        let output = portico(&url, &config, &["admin", "retention", "run"]);
        assert!(output.status.success(), "{}", describe(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("deleted  document 1 (Old invoice, retention until 2021-01-31)"),
            "{}",
            describe(&output)
        );
        assert!(
            stdout.contains("1 documents deleted."),
            "{}",
            describe(&output)
        );

        let output = portico(&url, &config, &["admin", "document", "release", "2"]);
        assert!(output.status.success(), "{}", describe(&output));
        let output = portico(&url, &config, &["admin", "retention", "run"]);
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("deleted  document 2"),
            "{}",
            describe(&output)
        );
    }
);
