//! One russh handler per connection: the two-factor login and the dispatch
//! of session channels to their tasks.
//!
//! Identity comes only from a verified factor. The first factor (password,
//! or a public key whose signature russh verified) is remembered together
//! with the user name it was proven for. keyboard-interactive then prompts
//! for the second factor and succeeds only if this connection verified a first
//! factor for the same user name. Any change of user name between requests
//! (RFC 4252 section 5 allows it) discards everything verified so far.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::Notify;

use russh::MethodKind;
use russh::server::{
    Auth, ChannelOpenHandle, Msg, PublicKeyOffer, Response, Session, VerifiedPublicKey,
};
use russh::{Channel, ChannelId, ChannelOpenFailure, MethodSet};
use tokio::time::Instant;
use tracing::{Instrument, debug, info, warn};

use super::penalties::Ending;
use super::registry::EndSignal;
use super::session::{self, SessionContext};
use super::{Shared, algorithms};
use crate::domain::Principal;
use crate::domain::text::escape_for_log;
use crate::i18n::Language;
use crate::service::admin::fingerprint;
use crate::service::automation_keys::AutomationGrant;
use crate::service::export_guard::LoginFactor;
use crate::service::login::{FirstFactor, LoginClient, Method};

/// Session channels one connection may hold open, as OpenSSH's MaxSessions.
pub const MAX_CHANNELS: usize = 10;

/// Longest keyboard-interactive answer checked, in bytes. A recovery code
/// with its dashes has 19 characters and a TOTP code 6, so anything longer
/// is rejected unchecked.
pub const MAX_ANSWER_BYTES: usize = 64;

/// Time of the login grace time kept free when a throttled attempt is
/// held, for the check itself and the user's next step.
const HOLD_MARGIN: Duration = Duration::from_secs(15);

/// The factors this connection has proven so far.
#[derive(Debug, Default)]
struct AuthState {
    /// The user name of the current attempts.
    user: Option<String>,
    first: Option<FirstFactor>,
}

/// The login state of a connection, shared with the accept loop.
#[derive(Debug, Default)]
pub struct ConnectionState {
    /// Set once both factors passed.
    pub authenticated: AtomicBool,
    /// Set once a factor was checked and failed.
    pub failed: AtomicBool,
    /// Notified once, when both factors passed.
    pub login: Notify,
    /// The session id and its end signal, set at login before `login` is
    /// notified.
    pub session: OnceLock<(i64, EndSignal)>,
    /// The language the account chose, set at login, for the messages
    /// sent when the server disconnects the client.
    pub language: OnceLock<Language>,
}

impl ConnectionState {
    /// Returns how the connection ended, for its source address's penalty.
    /// As with OpenSSH's `PerSourcePenalties`, the accept loop applies the
    /// penalty once the connection has closed and its outcome is known, so
    /// a connection that fails a step and then logs in is not penalized.
    pub fn ending(&self) -> Ending {
        if self.authenticated.load(Ordering::SeqCst) {
            Ending::Authenticated
        } else if self.failed.load(Ordering::SeqCst) {
            Ending::AuthFailed
        } else {
            Ending::NoAuth
        }
    }
}

/// Builds the keyboard-interactive request for the second factor in
/// `language`: a code when the account has an authenticator app, else
/// Enter to start the enrolment, whose response the client echoes.
fn second_factor_prompt(language: Language, enrolled: bool) -> Auth {
    let id = if enrolled {
        "ssh-login-second-factor"
    } else {
        "ssh-login-enrol"
    };
    let prompt = format!("{} ", crate::i18n::text_in(language, id, None));
    // OpenSSH 9.2 printed the name of the request with every byte outside
    // ASCII escaped in octal ("\303\240" for "à") while it showed the
    // prompt's accents, so the name goes in ASCII.
    let name =
        crate::domain::text::ascii_fold(&crate::i18n::text_in(language, "ssh-login-name", None));
    Auth::Partial {
        name: Cow::Owned(name),
        instructions: Cow::Borrowed(""),
        prompts: Cow::Owned(vec![(Cow::Owned(prompt), !enrolled)]),
    }
}

pub struct Connection {
    shared: Arc<Shared>,
    id: u64,
    peer: String,
    auth: AuthState,
    principal: Option<Principal>,
    enrolment_pending: bool,
    /// Set when an automation key logged in: exec commands only, within
    /// its scope.
    automation: Option<AutomationGrant>,
    /// The second factor of the login, set with `principal`.
    login_factor: Option<LoginFactor>,
    /// Session channels open on this connection; each task decrements it.
    open_channels: Arc<AtomicUsize>,
    /// Shared with the accept loop, which ends connections that take too
    /// long to log in and penalizes the addresses of failed ones.
    state: Arc<ConnectionState>,
    /// The client's version line, set by the transport once read.
    client_version: Arc<OnceLock<String>>,
    /// When the login grace time runs out and the accept loop disconnects
    /// a connection that has not logged in.
    login_deadline: Instant,
    span: tracing::Span,
}

impl Connection {
    pub fn new(shared: Arc<Shared>, id: u64, peer: Option<std::net::SocketAddr>) -> Connection {
        let peer = peer.map_or_else(|| "unknown".to_string(), |address| address.to_string());
        let span = tracing::info_span!("connection", id, peer = %peer);
        Connection {
            shared: Arc::clone(&shared),
            id,
            peer,
            auth: AuthState::default(),
            principal: None,
            enrolment_pending: false,
            automation: None,
            login_factor: None,
            open_channels: Arc::new(AtomicUsize::new(0)),
            state: Arc::new(ConnectionState::default()),
            client_version: Arc::new(OnceLock::new()),
            login_deadline: Instant::now() + shared.limits.login_grace_time,
            span,
        }
    }

    pub fn state(&self) -> Arc<ConnectionState> {
        Arc::clone(&self.state)
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    /// Returns where the transport stores the client's version line.
    pub fn client_version_slot(&self) -> Arc<OnceLock<String>> {
        Arc::clone(&self.client_version)
    }

    /// Returns the client as the login history records it.
    fn client(&self) -> LoginClient<'_> {
        LoginClient {
            peer: &self.peer,
            client_version: self.client_version.get().map(String::as_str),
        }
    }

    /// Keeps the verified factors only while the user name stays the same.
    fn bind_user(&mut self, user: &str) {
        if self.auth.user.as_deref() == Some(user) {
            return;
        }
        if self.auth.first.is_some() {
            warn!(parent: &self.span, handle = %escape_for_log(user), "user name changed during login; verified factors discarded");
        }
        self.auth = AuthState {
            user: Some(user.to_string()),
            first: None,
        };
    }

    /// Returns the methods offered before a first factor is proven.
    /// keyboard-interactive is left out, as with OpenSSH's
    /// `AuthenticationMethods`, because the OpenSSH client (9.2) tries it
    /// before password and, once rejected without a prompt, never tries it
    /// again, so the second factor could not follow the password.
    fn first_factor_methods() -> MethodSet {
        MethodSet::from(&[MethodKind::PublicKey, MethodKind::Password][..])
    }

    /// Waits out the configured delay and returns a rejection, which slows
    /// guessing without delaying successful steps.
    async fn fail(&self, started: Instant, methods: MethodSet) -> Auth {
        self.state.failed.store(true, Ordering::SeqCst);
        tokio::time::sleep_until(started + self.shared.limits.auth_failure_delay).await;
        Auth::Reject {
            proceed_with_methods: Some(methods),
            partial_success: false,
        }
    }

    /// Returns how long a throttled attempt may be held: the login grace
    /// time left, less a margin for the check and the next step.
    fn max_wait(&self) -> Duration {
        self.login_deadline
            .saturating_duration_since(Instant::now())
            .saturating_sub(HOLD_MARGIN)
    }

    fn partial_success() -> Auth {
        Auth::Reject {
            proceed_with_methods: Some(MethodSet::from(&[MethodKind::KeyboardInteractive][..])),
            partial_success: true,
        }
    }

    /// Logs one authentication step with the client's user name escaped,
    /// so a name holding line breaks or escape sequences cannot forge a
    /// log line. The time comes from the log formatter, in UTC.
    fn log_attempt(&self, user: &str, method: &str, outcome: &str) {
        info!(
            parent: &self.span,
            handle = %escape_for_log(user),
            peer = %self.peer,
            method,
            outcome,
            "login attempt"
        );
    }

    /// Starts the session of an accepted login and registers it with the
    /// live sessions. On failure logs the error and returns the rejection
    /// to send instead.
    async fn start_session(&self, principal: &Principal, started: Instant) -> Result<(), Auth> {
        let live = &self.shared.live;
        match self
            .shared
            .portal
            .start_session(principal, live.node(), &self.peer)
            .await
        {
            Ok(session_id) => {
                let _ = self
                    .state
                    .session
                    .set((session_id, live.register(session_id)));
                let language = self.login_language(principal.user_id).await;
                let _ = self.state.language.set(language);
                Ok(())
            }
            Err(error) => {
                self.log_error("session start", &error);
                Err(self.fail(started, Self::first_factor_methods()).await)
            }
        }
    }

    /// Completes a login with an automation key, which needs no second
    /// factor because it may only run exec commands within its scope.
    async fn accept_automation(
        &mut self,
        user: &str,
        principal: Principal,
        grant: AutomationGrant,
        started: Instant,
    ) -> Auth {
        if let Err(rejection) = self.start_session(&principal, started).await {
            return rejection;
        }
        let scope = if grant.read_write {
            "read-write"
        } else {
            "read-only"
        };
        self.log_attempt(user, "automation key", &format!("success, {scope}"));
        // Automation key logins write no login history row, which is where
        // the other methods are counted.
        crate::ops::metrics::login("automation key", "login");
        self.principal = Some(principal);
        self.automation = Some(grant);
        self.login_factor = Some(LoginFactor::AutomationKey);
        self.state.authenticated.store(true, Ordering::SeqCst);
        self.state.login.notify_one();
        Auth::Accept
    }

    /// Rejects a keyboard-interactive response that does not fit its
    /// prompt, after recording it in the login history.
    /// Returns the language of the login prompts: the one the user chose,
    /// else English, because the client's locale variables only arrive
    /// with the session channel, after the login.
    async fn login_language(&self, user_id: i64) -> Language {
        match self.shared.portal.chosen_language(user_id).await {
            Ok(language) => language.unwrap_or_default(),
            Err(error) => {
                self.log_error("language lookup", &error);
                Language::default()
            }
        }
    }

    async fn reject_malformed_answer(&self, user: &str, started: Instant, outcome: &str) -> Auth {
        if let Err(error) = self
            .shared
            .portal
            .record_rejected(user, &self.client(), Method::Totp, outcome)
            .await
        {
            self.log_error("login history", &error);
        }
        self.log_attempt(user, "keyboard-interactive", outcome);
        self.fail(
            started,
            MethodSet::from(&[MethodKind::KeyboardInteractive][..]),
        )
        .await
    }

    fn log_error(&self, operation: &str, error: &dyn std::fmt::Display) {
        warn!(parent: &self.span, error = %error, "{operation} failed");
    }
}

impl russh::server::Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        // OpenSSH probes with "none" before each real method, so reply at once.
        self.bind_user(user);
        Ok(Auth::Reject {
            proceed_with_methods: Some(Self::first_factor_methods()),
            partial_success: false,
        })
    }

    async fn auth_password(&mut self, user: &str, password: &str) -> Result<Auth, Self::Error> {
        let started = Instant::now();
        self.bind_user(user);
        match self
            .shared
            .portal
            .verify_password_waiting(user, password, &self.client(), self.max_wait())
            .await
        {
            Ok(Some(first)) => {
                self.log_attempt(user, "password", "first factor accepted");
                self.auth.first = Some(first);
                Ok(Self::partial_success())
            }
            Ok(None) => {
                self.log_attempt(user, "password", "rejected");
                Ok(self.fail(started, Self::first_factor_methods()).await)
            }
            Err(error) => {
                self.log_attempt(user, "password", "error");
                self.log_error("password check", &error);
                Ok(self.fail(started, Self::first_factor_methods()).await)
            }
        }
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        // An offer carries no signature and proves nothing; it only spares
        // the client a signature the server would refuse.
        self.bind_user(user);
        if !algorithms::is_accepted_client_key(offer.algorithm) {
            debug!(parent: &self.span, algorithm = %offer.algorithm, "public key algorithm rejected");
            return Ok(Auth::Reject {
                proceed_with_methods: Some(Self::first_factor_methods()),
                partial_success: false,
            });
        }
        let fingerprint = fingerprint(offer.public_key);
        let portal = &self.shared.portal;
        let registered = match portal.is_registered_key(user, &fingerprint).await {
            Ok(false) => portal.is_automation_key(user, &fingerprint).await,
            other => other,
        };
        match registered {
            Ok(true) => Ok(Auth::Accept),
            Ok(false) => Ok(Auth::Reject {
                proceed_with_methods: Some(Self::first_factor_methods()),
                partial_success: false,
            }),
            Err(error) => {
                self.log_error("public key lookup", &error);
                Ok(Auth::reject())
            }
        }
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let started = Instant::now();
        self.bind_user(user);
        if !algorithms::is_accepted_client_key(key.algorithm) {
            self.log_attempt(
                user,
                "publickey",
                &format!("rejected: algorithm {}", key.algorithm),
            );
            return Ok(self.fail(started, Self::first_factor_methods()).await);
        }
        let fingerprint = fingerprint(key.public_key);
        match self
            .shared
            .portal
            .verify_automation_key(user, &fingerprint, &self.peer)
            .await
        {
            Ok(None) => {}
            Ok(Some(Ok((principal, grant)))) => {
                return Ok(self
                    .accept_automation(user, principal, grant, started)
                    .await);
            }
            Ok(Some(Err(reason))) => {
                self.log_attempt(user, "automation key", &format!("rejected: {reason}"));
                crate::ops::metrics::login("automation key", "rejected");
                return Ok(self.fail(started, Self::first_factor_methods()).await);
            }
            Err(error) => {
                self.log_attempt(user, "automation key", "error");
                crate::ops::metrics::login("automation key", "error");
                self.log_error("automation key check", &error);
                return Ok(self.fail(started, Self::first_factor_methods()).await);
            }
        }
        match self
            .shared
            .portal
            .verify_public_key(user, &fingerprint, &self.client())
            .await
        {
            Ok(Some(first)) => {
                debug!(parent: &self.span, handle = %first.handle, key = %fingerprint, "public key accepted, second factor next");
                self.log_attempt(user, "publickey", "first factor accepted");
                self.auth.first = Some(first);
                Ok(Self::partial_success())
            }
            Ok(None) => {
                self.log_attempt(user, "publickey", "rejected");
                Ok(self.fail(started, Self::first_factor_methods()).await)
            }
            Err(error) => {
                self.log_attempt(user, "publickey", "error");
                self.log_error("public key check", &error);
                Ok(self.fail(started, Self::first_factor_methods()).await)
            }
        }
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        let started = Instant::now();
        self.bind_user(user);

        // russh calls this even when the client skipped the first factor.
        let Some(first) = self.auth.first.clone().filter(|first| first.handle == user) else {
            if let Err(error) = self
                .shared
                .portal
                .record_rejected(
                    user,
                    &self.client(),
                    Method::Totp,
                    "rejected: no first factor",
                )
                .await
            {
                self.log_error("login history", &error);
            }
            self.log_attempt(user, "keyboard-interactive", "rejected: no first factor");
            return Ok(self.fail(started, Self::first_factor_methods()).await);
        };

        let Some(mut response) = response else {
            let language = self.login_language(first.user_id).await;
            return Ok(second_factor_prompt(language, first.totp_enrolled));
        };
        // The prompt expects one response. russh 0.65 caps the count a
        // client claims by the bytes left in the packet, and packets at
        // 256 KiB, so the responses are already bounded. More responses than
        // prompts, or one longer than any code, is rejected here without
        // checking a factor.
        let (Some(answer), None) = (response.next(), response.next()) else {
            return Ok(self
                .reject_malformed_answer(user, started, "rejected: answer count")
                .await);
        };
        if answer.len() > MAX_ANSWER_BYTES {
            return Ok(self
                .reject_malformed_answer(user, started, "rejected: answer too long")
                .await);
        }
        let answer = String::from_utf8_lossy(&answer).into_owned();

        let second = if first.totp_enrolled {
            match self
                .shared
                .portal
                .verify_second_factor_waiting(&first, &answer, &self.client(), self.max_wait())
                .await
            {
                Ok(method) => method,
                Err(error) => {
                    self.log_error("second factor check", &error);
                    None
                }
            }
        } else {
            Some(Method::EnrolmentPending)
        };
        let Some(second) = second else {
            self.log_attempt(user, "keyboard-interactive", "rejected");
            return Ok(self
                .fail(
                    started,
                    MethodSet::from(&[MethodKind::KeyboardInteractive][..]),
                )
                .await);
        };

        match self
            .shared
            .portal
            .begin_session(&first, second, &self.peer)
            .await
        {
            Ok(principal) => {
                if let Err(rejection) = self.start_session(&principal, started).await {
                    return Ok(rejection);
                }
                // The login history entry is written as soon as the login
                // is decided, with the version the transport read.
                let version = self.client().client_version.unwrap_or_default().to_string();
                if let Err(error) = self
                    .shared
                    .portal
                    .record_login(&principal, &first, second, &self.peer, &version)
                    .await
                {
                    self.log_error("login history", &error);
                }
                self.log_attempt(
                    user,
                    &format!("{}+{}", first.method.as_str(), second.as_str()),
                    "success",
                );
                self.enrolment_pending = second == Method::EnrolmentPending;
                self.principal = Some(principal);
                self.login_factor = Some(LoginFactor::SecondFactor {
                    method: second,
                    at: crate::domain::now(),
                });
                self.state.authenticated.store(true, Ordering::SeqCst);
                self.state.login.notify_one();
                Ok(Auth::Accept)
            }
            Err(error) => {
                self.log_error("session start", &error);
                Ok(self.fail(started, Self::first_factor_methods()).await)
            }
        }
    }

    async fn auth_succeeded(&mut self, _session: &mut Session) -> Result<(), Self::Error> {
        let Some(principal) = &self.principal else {
            return Ok(());
        };
        let portal = &self.shared.portal;
        if let Err(error) = portal
            .notify_expiring_keys(principal, crate::domain::now())
            .await
        {
            self.log_error("automation key expiry check", &error);
        }
        Ok(())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        debug!(
            parent: &self.span,
            client_version = %escape_for_log(&String::from_utf8_lossy(session.remote_sshid())),
            "session channel requested"
        );
        let (Some(principal), Some(login_factor)) = (self.principal.clone(), self.login_factor)
        else {
            reply
                .reject(ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        };
        if self.open_channels.load(Ordering::SeqCst) >= MAX_CHANNELS {
            warn!(parent: &self.span, handle = %principal.handle, "session channel rejected: {MAX_CHANNELS} already open");
            reply.reject(ChannelOpenFailure::ResourceShortage).await;
            return Ok(());
        }
        self.open_channels.fetch_add(1, Ordering::SeqCst);
        reply.accept().await;

        let context = SessionContext {
            shared: Arc::clone(&self.shared),
            principal,
            enrolment_pending: self.enrolment_pending,
            peer: self.peer.clone(),
            connection_id: self.id,
            session: self.state.session.get().cloned(),
            open_channels: Arc::clone(&self.open_channels),
            automation: self.automation,
            login_factor,
        };
        let span = tracing::info_span!(parent: &self.span, "session", channel = %channel.id());
        tokio::spawn(session::run(channel, session.handle(), context).instrument(span));
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        _cols: u32,
        _rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.automation.is_some() {
            debug!(parent: &self.span, "pty request rejected for an automation key");
            session.channel_failure(channel)?;
            return Ok(());
        }
        session.channel_success(channel)?;
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.automation.is_some() {
            session.channel_failure(channel)?;
            return Ok(());
        }
        session.channel_success(channel)?;
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_success(channel)?;
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.automation.is_none()
            && super::sftp::accepts(name, self.principal.is_some(), self.enrolment_pending)
        {
            session.channel_success(channel)?;
            return Ok(());
        }
        debug!(parent: &self.span, subsystem = %escape_for_log(name), "subsystem request rejected");
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        _value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The session task reads the display variables (TERM, PORTICO_MODE,
        // NO_COLOR, COLORTERM) from its channel; the others are ignored.
        // The success reply keeps a client that requests one from waiting.
        // Values may hold secrets, so only the name is logged here.
        debug!(parent: &self.span, name = %escape_for_log(name), "environment variable received");
        session.channel_success(channel)?;
        Ok(())
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        match &self.principal {
            Some(principal) => {
                info!(parent: &self.span, handle = %principal.handle, "connection closed")
            }
            None => info!(
                parent: &self.span,
                handle = %self.auth.user.as_deref().map(escape_for_log).unwrap_or_default(),
                outcome = "not authenticated",
                "connection closed"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt_texts(auth: &Auth) -> (String, String) {
        let Auth::Partial { name, prompts, .. } = auth else {
            panic!("the second factor request has no prompt");
        };
        let prompt = prompts.first().map(|(text, _)| text.to_string());
        (name.to_string(), prompt.unwrap_or_default())
    }

    #[test]
    fn prompts_in_english_by_default() {
        let (name, prompt) = prompt_texts(&second_factor_prompt(Language::English, true));
        assert_eq!(name, "Portico two-factor login");
        assert_eq!(prompt, "Authenticator code (6 digits) or recovery code: ");
        let (_, prompt) = prompt_texts(&second_factor_prompt(Language::English, false));
        assert_eq!(
            prompt,
            "This account has no authenticator app yet. Press Enter to set one up: "
        );
    }

    #[test]
    fn prompts_in_french() {
        let (name, prompt) = prompt_texts(&second_factor_prompt(Language::French, true));
        assert_eq!(name, "Connexion a deux facteurs Portico");
        assert!(prompt.starts_with("Code de l’application"), "{prompt}");
        assert!(prompt.ends_with(": "), "{prompt}");
        let (_, prompt) = prompt_texts(&second_factor_prompt(Language::French, false));
        assert!(prompt.contains("Appuyez sur Entrée"), "{prompt}");
    }
}
