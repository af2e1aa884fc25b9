//! Carries out the app's effects through the service layer, each in its own
//! task so a slow query never delays the session's keys, and turns the
//! results into app events.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::{broadcast, mpsc};
use tracing::{debug, warn};

use crate::domain::Principal;
use crate::notify::{LiveEvent, LiveEventKind};
use crate::service::login::EnrolmentOffer;
use crate::service::{Portal, ServiceError};
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

/// Runs one effect in a new task and sends its result to `results`.
pub fn spawn(context: Arc<EffectContext>, effect: Effect, results: mpsc::Sender<Event>) {
    tokio::spawn(async move {
        let event = match effect {
            Effect::Load(load) => Some(Event::Loaded(load_data(&context, load).await)),
            Effect::Run(command) => Some(Event::Done(run_command(&context, command).await)),
            Effect::Quit => None,
        };
        if let Some(event) = event {
            // The session may have ended meanwhile, so a failed send is ignored.
            let _ = results.send(event).await;
        }
    });
}

fn message_of(error: &ServiceError) -> String {
    if matches!(error, ServiceError::Database(_) | ServiceError::Internal(_)) {
        warn!(error = %error, "service call failed");
    }
    error.to_string()
}

async fn load_data(context: &EffectContext, load: Load) -> Loaded {
    if !context.enrolled.load(Ordering::SeqCst) {
        return Loaded::Failed {
            load,
            message: "set up your authenticator app first".to_string(),
        };
    }
    let portal = &context.portal;
    let principal = &context.principal;
    let result = match load.clone() {
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
        Load::AutomationKeys => portal
            .automation_keys(principal)
            .await
            .map(Loaded::AutomationKeys),
    };
    result.unwrap_or_else(|error| Loaded::Failed {
        load,
        message: message_of(&error),
    })
}

async fn run_command(context: &EffectContext, command: Command) -> CommandResult {
    let portal = &context.portal;
    let principal = &context.principal;
    if !context.enrolled.load(Ordering::SeqCst)
        && !matches!(
            command,
            Command::ConfirmEnrolment { .. } | Command::SetRenewalPassword { .. }
        )
    {
        return CommandResult::Failed {
            message: "set up your authenticator app first".to_string(),
        };
    }
    let result = match command {
        Command::OpenRequest(draft) => portal
            .open_request_from(principal, &draft.to_draft(), &draft.to_origin())
            .await
            .map(|number| CommandResult::RequestOpened {
                id: number.id,
                number: number.to_string(),
            }),
        Command::Reply { request_id, body } => portal
            .reply(principal, request_id, &body)
            .await
            .map(|()| CommandResult::Replied { request_id }),
        Command::UpdateProfile {
            display_name,
            email,
        } => portal
            .update_profile(principal, &display_name, &email)
            .await
            .map(|()| CommandResult::ProfileUpdated),
        Command::ChangePassword { current, new } => portal
            .change_password(principal, &current, &new, context.session_id)
            .await
            .map(|()| CommandResult::PasswordChanged),
        Command::ConfirmEnrolment { code } => confirm_enrolment(context, &code).await,
        Command::MarkNotificationRead { id } => portal
            .mark_notification_read(principal, id)
            .await
            .map(|()| CommandResult::NotificationsChanged {
                message: "Marked read.".to_string(),
            }),
        Command::MarkAllNotificationsRead => portal
            .mark_all_notifications_read(principal)
            .await
            .map(|count| CommandResult::NotificationsChanged {
                message: format!("{count} notifications marked read."),
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
        Command::RegisterAutomationKey { code, draft } => portal
            .register_automation_key(principal, &code, &draft, &context.peer)
            .await
            .map(|fingerprint| CommandResult::AutomationKeysChanged {
                message: format!("Automation key {fingerprint} registered."),
            }),
        Command::RevokeAutomationKey { id } => portal
            .revoke_automation_key(principal, id)
            .await
            .map(|fingerprint| CommandResult::AutomationKeysChanged {
                message: format!("Automation key {fingerprint} revoked; it no longer logs in."),
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
        return Err(ServiceError::Invalid(
            "this account already has an authenticator app".to_string(),
        ));
    };
    let recovery_codes = context
        .portal
        .confirm_enrolment(&context.principal, offer, code)
        .await?;
    context.enrolled.store(true, Ordering::SeqCst);
    tracing::info!(handle = %context.principal.handle, peer = %context.peer, "authenticator enrolled");
    Ok(CommandResult::Enrolled { recovery_codes })
}
