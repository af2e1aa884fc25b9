//! Carries out the app's effects through the service layer, each in its own
//! task so a slow query never delays the session's keys, and turns the
//! results into app events.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::{broadcast, mpsc};
use tracing::{debug, warn};

use crate::domain::Principal;
use crate::notify::{LiveEvent, LiveEventKind};
use crate::service::login::EnrolmentOffer;
use crate::service::{Portal, ServiceError, ServiceResult};
use crate::store::Store;

use super::keyed_writes;
pub use super::keyed_writes::PendingWrites;
use crate::tui::{Command, CommandResult, Effect, Event, Load, Loaded};

/// The context the effects of one session run in.
pub struct EffectContext {
    pub portal: Portal,
    pub principal: Principal,
    pub offer: Option<EnrolmentOffer>,
    pub peer: String,
    /// False until TOTP enrolment completes; no data is loaded before.
    pub enrolled: AtomicBool,
    /// This session's id, so the Activity screen can mark it.
    pub session_id: Option<i64>,
    /// The principal after the user switched organisation; `principal`
    /// until then.
    // NOTE: the session still filters live events with the login's
    // principal, so after a switch the screens of the new organisation
    // refresh when shown, not when a colleague changes something.
    pub switched: std::sync::Mutex<Option<Principal>>,
    /// Idempotency keys of writes that failed for a lost database.
    pub pending_writes: PendingWrites,
}

impl EffectContext {
    /// Returns the principal effects run as: the one of the organisation
    /// the user switched to last, or the login's.
    pub fn acting_principal(&self) -> Principal {
        match self.switched.lock() {
            Ok(switched) => switched.clone().unwrap_or_else(|| self.principal.clone()),
            Err(poisoned) => poisoned
                .into_inner()
                .clone()
                .unwrap_or_else(|| self.principal.clone()),
        }
    }
}

/// How long a load or a write with an idempotency key is tried again while
/// the database is lost, before the session reports the failure.
const RETRY_FOR: Duration = Duration::from_secs(30);
/// The first wait between tries; it doubles up to [`MAX_RETRY_DELAY`].
const FIRST_RETRY_DELAY: Duration = Duration::from_millis(250);
const MAX_RETRY_DELAY: Duration = Duration::from_secs(2);
/// How long an attempt may run before the session checks whether the
/// database is reachable.
const SLOW_ATTEMPT: Duration = Duration::from_secs(1);

/// Runs `attempt` until it succeeds or fails for another reason than a
/// lost database, for at most [`RETRY_FOR`]. The session is told when the
/// database was lost and when it is back. While an attempt runs longer
/// than [`SLOW_ATTEMPT`], `store` checks the database every
/// [`SLOW_ATTEMPT`], and the session shows the notice as soon as the
/// database is unreachable, because the pool only gives up connecting
/// after its acquire timeout.
pub(super) async fn retrying<T, F, Fut>(
    results: &mpsc::Sender<Event>,
    store: &Store,
    mut attempt: F,
) -> ServiceResult<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ServiceResult<T>>,
{
    let started = tokio::time::Instant::now();
    let mut delay = FIRST_RETRY_DELAY;
    let mut retried = false;
    loop {
        let running = attempt();
        tokio::pin!(running);
        // Checks the database every SLOW_ATTEMPT while the attempt runs,
        // until the session shows the notice.
        let result = loop {
            tokio::select! {
                result = &mut running => break result,
                () = tokio::time::sleep(SLOW_ATTEMPT), if !retried => {
                    if store.is_unreachable().await {
                        retried = true;
                        warn!("database unreachable; waiting for it");
                        let _ = results.send(Event::DatabaseRetrying(true)).await;
                    }
                }
            }
        };
        match result {
            Err(error) if error.is_connection_fault() && started.elapsed() < RETRY_FOR => {
                if !retried {
                    retried = true;
                    warn!(%error, "database connection lost; trying again");
                    let _ = results.send(Event::DatabaseRetrying(true)).await;
                }
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(MAX_RETRY_DELAY);
            }
            result => {
                if retried && result.is_ok() {
                    tracing::info!(
                        waited_ms = started.elapsed().as_millis() as u64,
                        "database connection back"
                    );
                    let _ = results.send(Event::DatabaseRetrying(false)).await;
                }
                return result;
            }
        }
    }
}

pub fn is_quit(effect: &Effect) -> bool {
    matches!(effect, Effect::Quit)
}

/// Turns a decoded terminal event into an app event; key releases, mouse
/// and focus reports are not used.
pub fn input_event(event: terminput::Event) -> Option<Event> {
    match event {
        terminput::Event::Key(key) if key.kind != terminput::KeyEventKind::Release => {
            Some(Event::Key(key))
        }
        terminput::Event::Paste(text) => Some(Event::Paste(text)),
        terminput::Event::Mouse(mouse) => Some(Event::Mouse(mouse)),
        _ => None,
    }
}

/// Turns what the event bus delivered into an app event, if it concerns
/// `principal`. A session that fell behind gets a general change, so its
/// screen reloads anyway.
pub fn live_event(
    received: Result<LiveEvent, broadcast::error::RecvError>,
    principal: &Principal,
) -> Option<Event> {
    match received {
        Ok(event) if event.concerns(principal) => Some(Event::Live(event)),
        Ok(_) => None,
        Err(broadcast::error::RecvError::Lagged(skipped)) => {
            debug!(handle = %principal.handle, skipped, "session fell behind the event bus");
            Some(Event::Live(LiveEvent::new(LiveEventKind::RequestChanged)))
        }
        // The portal owns the sender for as long as sessions run.
        Err(broadcast::error::RecvError::Closed) => None,
    }
}

/// Runs one effect in a new task and sends its result to `results`. The
/// task's messages are written in `language`.
pub fn spawn(
    context: Arc<EffectContext>,
    effect: Effect,
    results: mpsc::Sender<Event>,
    language: crate::i18n::Language,
) {
    tokio::spawn(crate::i18n::scope(language, async move {
        let event = match effect {
            Effect::Load(load) => Some(Event::Loaded(load_data(&context, load, &results).await)),
            Effect::Run(command) => {
                Some(Event::Done(run_command(&context, command, &results).await))
            }
            Effect::Quit => None,
        };
        if let Some(event) = event {
            // The session may have ended meanwhile, so a failed send is ignored.
            let _ = results.send(event).await;
        }
    }));
}

/// Returns the text the user reads for a failed service call, in the
/// current language. The error's `Display` stays English for logs.
pub(crate) fn message_of(error: &ServiceError) -> String {
    if matches!(error, ServiceError::Database(_) | ServiceError::Internal(_)) {
        warn!(error = %error, "service call failed");
    }
    match error {
        ServiceError::NotFound(what) => tr!("app-error-not-found", what = what),
        ServiceError::Forbidden(reason) => tr!("app-error-forbidden", reason = reason),
        ServiceError::Invalid(message) => message.clone(),
        ServiceError::Database(_) => tr!("app-error-database"),
        ServiceError::Internal(detail) => tr!("app-error-internal", detail = detail),
    }
}

async fn load_data(context: &EffectContext, load: Load, results: &mpsc::Sender<Event>) -> Loaded {
    if !context.enrolled.load(Ordering::SeqCst) {
        return Loaded::Failed {
            load,
            message: tr!("app-error-enrol-first"),
        };
    }
    retrying(results, context.portal.store(), || {
        load_once(context, load.clone())
    })
    .await
    .unwrap_or_else(|error| Loaded::Failed {
        load,
        message: message_of(&error),
    })
}

async fn load_once(context: &EffectContext, load: Load) -> ServiceResult<Loaded> {
    let portal = &context.portal;
    let acting = context.acting_principal();
    let principal = &acting;
    match load {
        Load::Dashboard => portal
            .dashboard(principal)
            .await
            .map(|data| Loaded::Dashboard(Box::new(data))),
        Load::Documents(key) => portal
            .documents(principal, &key.to_query())
            .await
            .map(Loaded::Documents),
        Load::Document(id) => portal
            .document_detail(principal, id)
            .await
            .map(|data| Loaded::Document(Box::new(data))),
        Load::Contracts => portal.contracts(principal).await.map(Loaded::Contracts),
        Load::Requests(key) => portal
            .requests(principal, &key.to_query())
            .await
            .map(Loaded::Requests),
        Load::Request(id) => portal
            .request_detail(principal, id)
            .await
            .map(|data| Loaded::Request(Box::new(data))),
        Load::Threads => portal
            .requests(
                principal,
                &crate::store::requests::RequestQuery {
                    include_conversations: true,
                    has_messages: true,
                    ..Default::default()
                },
            )
            .await
            .map(Loaded::Threads),
        Load::Profile => portal
            .profile(principal)
            .await
            .map(|data| Loaded::Profile(Box::new(data))),
        Load::RecoveryCodesLeft => portal
            .recovery_codes_left(principal)
            .await
            .map(Loaded::RecoveryCodesLeft),
        Load::Activity => portal.activity(principal).await.map(|mut data| {
            data.current_session = context.session_id;
            Loaded::Activity(Box::new(data))
        }),
        Load::Suggestions(subject) => portal
            .search_articles(principal, &subject)
            .await
            .map(|articles| Loaded::Suggestions { subject, articles }),
        Load::Notifications => portal
            .notifications(principal)
            .await
            .map(Loaded::Notifications),
        load @ (Load::Memberships | Load::Members | Load::Privacy) => {
            super::privacy_commands::load(portal, principal, load).await
        }
        Load::NotificationPreferences => portal
            .notification_preferences(principal)
            .await
            .map(|data| Loaded::NotificationPreferences(Box::new(data))),
        Load::AutomationKeys => portal
            .automation_keys(principal)
            .await
            .map(Loaded::AutomationKeys),
    }
}

async fn run_command(
    context: &EffectContext,
    command: Command,
    results: &mpsc::Sender<Event>,
) -> CommandResult {
    let portal = &context.portal;
    let acting = context.acting_principal();
    let principal = &acting;
    if !context.enrolled.load(Ordering::SeqCst)
        && !matches!(
            command,
            Command::ConfirmEnrolment { .. } | Command::SetRenewalPassword { .. }
        )
    {
        return CommandResult::Failed {
            message: tr!("app-error-enrol-first"),
        };
    }
    let result = match command {
        Command::OpenRequest(draft) => keyed_writes::open_request(context, &draft, results)
            .await
            .map(|number| CommandResult::RequestOpened {
                id: number.id,
                number: number.to_string(),
            }),
        Command::Reply { request_id, body } => {
            keyed_writes::write_message(context, request_id, &body, false, results)
                .await
                .map(|()| CommandResult::Replied { request_id })
        }
        Command::AddNote { request_id, body } => {
            keyed_writes::write_message(context, request_id, &body, true, results)
                .await
                .map(|()| CommandResult::RequestsChanged {
                    request_ids: vec![request_id],
                    message: tr!("app-note-saved"),
                })
        }
        Command::UpdateProfile {
            display_name,
            email,
        } => keyed_writes::update_profile(context, &display_name, &email, results)
            .await
            .map(|()| CommandResult::ProfileUpdated),
        Command::ChangeState {
            request_id,
            to,
            next_step,
        } => keyed_writes::change_state(context, request_id, to, &next_step, results)
            .await
            .map(|()| super::request_commands::state_changed(request_id, to)),
        Command::CloseMany {
            request_ids,
            next_step,
        } => keyed_writes::close_requests(context, &request_ids, &next_step, results)
            .await
            .map(|()| super::request_commands::closed_many(request_ids)),
        Command::Assign {
            request_ids,
            handle,
        } => keyed_writes::assign_requests(context, &request_ids, handle.as_deref(), results)
            .await
            .map(|name| super::request_commands::assigned(request_ids, &name)),
        Command::SetPriority {
            request_id,
            priority,
        } => keyed_writes::set_priority(context, request_id, priority, results)
            .await
            .map(|()| super::request_commands::priority_set(request_id, priority)),
        Command::ChangePassword { current, new, code } => portal
            .change_password(principal, &current, &new, &code, context.session_id)
            .await
            .map(|()| CommandResult::PasswordChanged),
        Command::ConfirmEnrolment { code } => confirm_enrolment(context, &code).await,
        Command::SaveNotificationPreferences(wanted) => portal
            .set_notification_preferences(principal, &wanted)
            .await
            .map(|()| CommandResult::NotificationPreferencesSaved),
        Command::RequestContactChange { phone, value, code } => if phone {
            portal.request_phone_change(principal, &value, &code).await
        } else {
            portal.request_email_change(principal, &value, &code).await
        }
        .map(|()| CommandResult::ContactCodeSent { phone }),
        Command::ConfirmContactChange { phone, code } => if phone {
            portal.confirm_phone_change(principal, &code).await
        } else {
            portal.confirm_email_change(principal, &code).await
        }
        .map(|value| CommandResult::ContactChanged { value }),
        Command::MarkNotificationRead { id } => portal
            .mark_notification_read(principal, id)
            .await
            .map(|()| CommandResult::NotificationsChanged {
                message: tr!("dashboard-marked-read"),
            }),
        Command::MarkAllNotificationsRead => portal
            .mark_all_notifications_read(principal)
            .await
            .map(|count| CommandResult::NotificationsChanged {
                message: tr!("dashboard-all-marked-read", count = count),
            }),
        Command::RecordSuggestions {
            subject,
            article_ids,
        } => portal
            .record_unopened_suggestions(principal, &subject, &article_ids)
            .await
            .map(|()| CommandResult::Signalled),
        Command::OpenConversation => portal
            .open_conversation(principal)
            .await
            .map(|request_id| CommandResult::ConversationOpened { request_id }),
        Command::SignalTyping { request_id } => portal
            .signal_typing(principal, request_id)
            .await
            .map(|()| CommandResult::Signalled),
        Command::RegenerateRecoveryCodes { code } => portal
            .regenerate_recovery_codes(principal, &code)
            .await
            .map(|codes| CommandResult::RecoveryCodes { codes }),
        Command::BeginReenrolment { code } => portal
            .begin_reenrolment(principal, &code)
            .await
            .map(CommandResult::ReenrolmentOffered),
        Command::ConfirmReenrolment { offer, code } => portal
            .confirm_reenrolment(principal, &offer, &code, context.session_id)
            .await
            .map(|codes| CommandResult::RecoveryCodes { codes }),
        Command::SetRenewalPassword { password } => portal
            .set_renewal_password(principal, &password)
            .await
            .map(|()| CommandResult::RenewalPasswordSet),
        Command::EndSession { session_id } => portal
            .end_own_session(principal, session_id)
            .await
            .map(|()| CommandResult::SessionEnded),
        Command::SetDocumentArchived { id, archived } => portal
            .set_document_archived(principal, id, archived)
            .await
            .map(|record| CommandResult::DocumentArchived(Box::new(record))),
        Command::ContractRequest {
            contract_id,
            action,
        } => portal
            .contract_request(principal, contract_id, action, "")
            .await
            .map(|number| CommandResult::RequestOpened {
                id: number.id,
                number: number.to_string(),
            }),
        command @ (Command::SwitchOrganisation { .. }
        | Command::InviteMember { .. }
        | Command::ChangeMemberRole { .. }
        | Command::RevokeMember { .. }
        | Command::SetConsent { .. }
        | Command::ExportData { .. }
        | Command::RequestErasure { .. }) => {
            super::privacy_commands::run(context, principal, command).await
        }
        Command::SaveDisplay(preferences) => portal
            .save_display_preferences(principal, &preferences)
            .await
            .map(|()| CommandResult::DisplaySaved(preferences)),
        Command::SaveRegional {
            time_zone,
            date_format,
            language,
        } => portal
            .save_regional_preferences(principal, &time_zone, date_format, language)
            .await
            .map(CommandResult::RegionalSaved),
        Command::RegisterAutomationKey { code, draft } => portal
            .register_automation_key(principal, &code, &draft, &context.peer)
            .await
            .map(|fingerprint| CommandResult::AutomationKeysChanged {
                message: tr!("app-automation-key-registered", fingerprint = fingerprint),
            }),
        Command::RevokeAutomationKey { id } => portal
            .revoke_automation_key(principal, id)
            .await
            .map(|fingerprint| CommandResult::AutomationKeysChanged {
                message: tr!("app-automation-key-revoked", fingerprint = fingerprint),
            }),
        command => super::request_commands::run(portal, principal, command).await,
    };
    result.unwrap_or_else(|error| CommandResult::Failed {
        message: message_of(&error),
    })
}

async fn confirm_enrolment(
    context: &EffectContext,
    code: &str,
) -> Result<CommandResult, ServiceError> {
    let Some(offer) = &context.offer else {
        return Err(ServiceError::Invalid(tr!("app-error-already-enrolled")));
    };
    let recovery_codes = context
        .portal
        .confirm_enrolment(&context.principal, offer, code)
        .await?;
    context.enrolled.store(true, Ordering::SeqCst);
    tracing::info!(handle = %context.principal.handle, peer = %context.peer, "authenticator enrolled");
    Ok(CommandResult::Enrolled { recovery_codes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, sync_scope};

    #[test]
    fn service_errors_read_in_english() {
        let cases = [
            ServiceError::NotFound("request 5".to_string()),
            ServiceError::Forbidden("agents only".to_string()),
            ServiceError::Invalid("the subject is missing".to_string()),
            ServiceError::Database(sqlx::Error::PoolTimedOut),
            ServiceError::Internal("no key".to_string()),
        ];
        for error in cases {
            assert_eq!(message_of(&error), error.to_string());
        }
    }

    #[test]
    fn service_errors_read_in_french() {
        sync_scope(Language::French, || {
            let not_found = ServiceError::NotFound("demande 5".to_string());
            assert_eq!(message_of(&not_found), "demande 5 introuvable");
            assert_eq!(not_found.to_string(), "demande 5 was not found");

            let forbidden = ServiceError::Forbidden("agents seulement".to_string());
            assert_eq!(
                message_of(&forbidden),
                "non autorisé\u{a0}: agents seulement"
            );

            let database = ServiceError::Database(sqlx::Error::PoolTimedOut);
            assert!(
                message_of(&database).starts_with("la base de données n’est pas disponible"),
                "{}",
                message_of(&database)
            );

            let internal = ServiceError::Internal("no key".to_string());
            assert_eq!(
                message_of(&internal),
                "une erreur interne s’est produite\u{a0}: no key"
            );
        });
    }
}
