//! End to end with the real OpenSSH client `ssh`: the language a session
//! speaks. The client's LANG, sent with `-o SetEnv`, picks French unless
//! the user chose a language in Preferences, whose choice also sets the
//! language of the login prompts. On SQLite and PostgreSQL. Skipped with a
//! message when `ssh` is missing, unless PORTICO_REQUIRE_TOOLS=1.

mod common;

use std::process::Command;
use std::time::Duration;

use common::openssh::{ClientFiles, client_files, clients_installed, common_options, run_client};
use common::{PASSWORD, TestServer, add_account, principal_of, test_limits};
use portico::domain::Role;
use portico::domain::regional::{DateFormat, Language};
use portico::ssh::Limits;
use portico::store::Store;

/// The idle timeout of the test server: the session closes by itself
/// with the idle text, which shows the session's language.
const IDLE_TIMEOUT: Duration = Duration::from_secs(4);

const ENGLISH_IDLE: &str = "Portico closed this session after a period without keys.";
const FRENCH_IDLE: &str =
    "Portico a fermé cette session après une période sans activité du clavier.";
const ENGLISH_PROMPT: &str = "Authenticator code";
const FRENCH_PROMPT: &str = "Code de l’application d’authentification";

fn ssh_command(port: u16, extra: &[&str]) -> Command {
    let mut command = Command::new("ssh");
    command
        .args(["-F", "/dev/null", "-tt", "-p", &port.to_string()])
        .args([
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "ConnectTimeout=10",
            "-o",
            "NumberOfPasswordPrompts=1",
            "-o",
            "PubkeyAuthentication=no",
        ])
        .args(extra)
        .arg("alice@127.0.0.1")
        .env("TERM", "xterm-256color")
        // The test's own locale must not leak into the client, but the
        // client needs a UTF-8 character type: in the C locale OpenSSH
        // shows the non-ASCII characters of a prompt as octal escapes.
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LC_CTYPE", "C.UTF-8");
    command
}

/// Starts a server whose sessions close after [`IDLE_TIMEOUT`] without
/// keys, with the enrolled customer alice of Acme, who chose `choice`
/// in Preferences when it is set.
async fn server_with_alice(
    store: &Store,
    choice: Option<Language>,
) -> (TestServer, common::Account) {
    let limits = Limits {
        idle_timeout: IDLE_TIMEOUT,
        ..test_limits()
    };
    let server = TestServer::start_with(store, limits).await;
    let alice = add_account(
        &server.portal,
        "alice",
        Some("Acme"),
        Role::Customer,
        true,
        1,
    )
    .await;
    if let Some(language) = choice {
        let principal = principal_of(store, alice.id).await;
        server
            .portal
            .save_regional_preferences(&principal, "UTC", DateFormat::Iso, Some(language))
            .await
            .expect("save the language");
    }
    (server, alice)
}

/// Tells whether the French tab titles exist yet, so that the test also
/// checks the dashboard's tab bar once they do.
fn tab_titles_translated() -> bool {
    portico::i18n::files(Language::French)
        .iter()
        .any(|(_, text)| text.contains("Tableau de bord"))
}

/// Reads the session's output into `screen` and `raw` until the screen
/// shows `needle`, or until the end of output when `needle` is `None`.
fn read_until(
    session: &mut expectrl::Session,
    screen: &mut vt100::Parser,
    raw: &mut Vec<u8>,
    needle: Option<&str>,
) -> Result<(), String> {
    let deadline = std::time::Instant::now() + IDLE_TIMEOUT + Duration::from_secs(15);
    let mut buffer = [0u8; 4096];
    loop {
        let text = screen.screen().contents();
        if needle.is_some_and(|needle| text.contains(needle)) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{needle:?} never came; the screen was:\n{text}"));
        }
        match session.try_read(&mut buffer) {
            Ok(0) if needle.is_none() => return Ok(()),
            Ok(0) => return Err(format!("ssh closed before {needle:?}; screen:\n{text}")),
            Ok(read) => {
                let bytes = buffer.get(..read).unwrap_or_default();
                raw.extend_from_slice(bytes);
                screen.process(bytes);
            }
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
            }
            // The pty reports EIO once ssh exited and closed its side.
            Err(_) if needle.is_none() => return Ok(()),
            Err(error) => return Err(format!("read ssh output: {error}")),
        }
    }
}

/// Logs in with the password and a code, answering the code prompt in
/// `prompt_language`, waits for the dashboard and for the idle timeout, and
/// checks that the session's closing text is in `language`. Runs on a
/// blocking thread, since expectrl blocks.
fn drive(
    command: Command,
    code: String,
    prompt_language: Language,
    language: Language,
) -> Result<(), String> {
    let mut session =
        expectrl::Session::spawn(command).map_err(|error| format!("spawn ssh: {error}"))?;
    session
        .get_process_mut()
        .set_window_size(100, 30)
        .map_err(|error| format!("window size: {error}"))?;
    session.set_expect_timeout(Some(Duration::from_secs(15)));
    session
        .expect("password:")
        .map_err(|error| format!("password prompt: {error}"))?;
    session
        .send_line(PASSWORD)
        .map_err(|error| error.to_string())?;
    let prompt = match prompt_language {
        Language::English => ENGLISH_PROMPT,
        Language::French => FRENCH_PROMPT,
    };
    session
        .expect(prompt)
        .map_err(|error| format!("code prompt {prompt:?}: {error}"))?;
    session.send_line(code).map_err(|error| error.to_string())?;

    let mut screen = vt100::Parser::new(30, 100, 0);
    let mut raw = Vec::new();
    // The title row, drawn first, names the customer's organisation.
    read_until(&mut session, &mut screen, &mut raw, Some("Acme"))?;
    if language == Language::French && tab_titles_translated() {
        read_until(&mut session, &mut screen, &mut raw, Some("Tableau de bord"))?;
    }
    if language == Language::English {
        read_until(&mut session, &mut screen, &mut raw, Some("Dashboard"))?;
    }
    read_until(&mut session, &mut screen, &mut raw, None)?;

    let output = String::from_utf8_lossy(&raw);
    let (expected, other) = match language {
        Language::English => (ENGLISH_IDLE, FRENCH_IDLE),
        Language::French => (FRENCH_IDLE, ENGLISH_IDLE),
    };
    if !output.contains(expected) {
        return Err(format!("no {expected:?} at the end of:\n{output}"));
    }
    if output.contains(other) {
        return Err(format!("{other:?} appeared in:\n{output}"));
    }
    Ok(())
}

/// Connects with the `extra` ssh options as alice, who chose `choice`,
/// and checks that the session speaks `expected`.
async fn check_language(
    store: Store,
    choice: Option<Language>,
    extra: &[&str],
    expected: Language,
) {
    if !clients_installed(&["ssh"]) {
        return;
    }
    let (server, alice) = server_with_alice(&store, choice).await;
    let command = ssh_command(server.address.port(), extra);
    let code = alice.code();
    // The client's locale arrives only after the login, so the prompt
    // follows the stored choice alone.
    let prompt_language = choice.unwrap_or_default();
    let result =
        tokio::task::spawn_blocking(move || drive(command, code, prompt_language, expected))
            .await
            .expect("join the ssh driver");
    result.expect("OpenSSH session");
}

const FRENCH_LANG: [&str; 2] = ["-o", "SetEnv=LANG=fr_FR.UTF-8"];

on_both_backends!(
    openssh_lang_fr_speaks_french,
    |store: Store, _url: String| async move {
        check_language(store, None, &FRENCH_LANG, Language::French).await;
    }
);

on_both_backends!(
    openssh_without_lang_speaks_english,
    |store: Store, _url: String| async move {
        check_language(store, None, &[], Language::English).await;
    }
);

on_both_backends!(
    openssh_unknown_lang_speaks_english,
    |store: Store, _url: String| async move {
        check_language(
            store,
            None,
            &["-o", "SetEnv=LANG=de_DE.UTF-8"],
            Language::English,
        )
        .await;
    }
);

on_both_backends!(
    openssh_chosen_english_beats_lang,
    |store: Store, _url: String| async move {
        check_language(
            store,
            Some(Language::English),
            &FRENCH_LANG,
            Language::English,
        )
        .await;
    }
);

on_both_backends!(
    openssh_chosen_french_without_lang,
    |store: Store, _url: String| async move {
        // The stored choice also sets the language of the login prompt.
        check_language(store, Some(Language::French), &[], Language::French).await;
    }
);

on_both_backends!(
    openssh_exec_errors_follow_lang,
    |store: Store, _url: String| async move {
        if !clients_installed(&["ssh"]) {
            return;
        }
        let (server, alice) = server_with_alice(&store, None).await;
        let run = |files: &ClientFiles, lang: Option<&str>| {
            let mut args = common_options(files);
            args.extend(["-p".to_string(), server.address.port().to_string()]);
            if let Some(lang) = lang {
                args.extend(["-o".to_string(), format!("SetEnv=LANG={lang}")]);
            }
            args.extend(["alice@127.0.0.1".to_string(), "nosuch".to_string()]);
            args
        };

        let files = client_files(&alice, &alice.code());
        let french = run_client("ssh", &run(&files, Some("fr_FR.UTF-8")), &files).await;
        assert_eq!(french.status.code(), Some(2), "{french:?}");
        let stderr = String::from_utf8_lossy(&french.stderr);
        assert!(
            stderr.contains("lancez help pour la liste des commandes"),
            "{stderr}"
        );

        // A second login needs a code of another time step.
        let files = client_files(&alice, &alice.next_code());
        let english = run_client("ssh", &run(&files, None), &files).await;
        assert_eq!(english.status.code(), Some(2), "{english:?}");
        let stderr = String::from_utf8_lossy(&english.stderr);
        assert!(
            stderr.contains("run help for the list of commands"),
            "{stderr}"
        );
    }
);
