//! Views drawn over the current screen: the organisation view, opened with
//! `O` from every screen, and the privacy view, opened from Preferences.
//! An open view takes keys first; keys it does not use fall through to the
//! global keys, and switching screens closes it.

use super::App;
use crate::tui::screens::organisation::OrganisationScreen;
use crate::tui::screens::privacy::PrivacyScreen;
use crate::tui::screens::{Reaction, Screen};
use crate::tui::widgets::plain_char;
use crate::tui::{CommandResult, Effect, KeyCode, KeyEvent, Loaded};

pub(super) enum Overlay {
    Organisation(Box<OrganisationScreen>),
    Privacy(Box<PrivacyScreen>),
}

impl Overlay {
    pub(super) fn screen(&self) -> &dyn Screen {
        match self {
            Overlay::Organisation(screen) => screen.as_ref(),
            Overlay::Privacy(screen) => screen.as_ref(),
        }
    }

    pub(super) fn screen_mut(&mut self) -> &mut dyn Screen {
        match self {
            Overlay::Organisation(screen) => screen.as_mut(),
            Overlay::Privacy(screen) => screen.as_mut(),
        }
    }

    pub(super) fn title(&self) -> String {
        match self {
            Overlay::Organisation(_) => tr!("app-overlay-organisations"),
            Overlay::Privacy(_) => tr!("app-overlay-privacy"),
        }
    }
}

impl App {
    /// Opens the organisation view and returns its loads.
    pub(super) fn open_organisation(&mut self) -> Vec<Effect> {
        let mut screen = OrganisationScreen::new(self.principal.clone());
        let effects = screen.show();
        self.overlay = Some(Overlay::Organisation(Box::new(screen)));
        effects
    }

    /// Opens the privacy view and returns its loads.
    pub(super) fn open_privacy(&mut self) -> Vec<Effect> {
        let mut screen = PrivacyScreen::new();
        let effects = screen.show();
        self.overlay = Some(Overlay::Privacy(Box::new(screen)));
        effects
    }

    /// Returns the screen that has the keyboard: the open view, or the
    /// current screen.
    pub(super) fn active_screen(&self) -> &dyn Screen {
        match &self.overlay {
            Some(overlay) => overlay.screen(),
            None => self.screen(self.current),
        }
    }

    pub(super) fn active_screen_mut(&mut self) -> &mut dyn Screen {
        let current = self.current;
        match self.overlay {
            Some(ref mut overlay) => overlay.screen_mut(),
            None => self.screen_mut(current),
        }
    }

    /// Gives a key to the open view. Returns the effects when the view
    /// used the key or closed, and `None` when the key falls through.
    pub(super) fn handle_overlay_key(&mut self, key: &KeyEvent) -> Option<Vec<Effect>> {
        let overlay = self.overlay.as_mut()?;
        let focus = overlay.screen().text_focus();
        let reaction = overlay.screen_mut().handle_key(key);
        if reaction.handled {
            let current = self.current;
            return Some(self.apply(reaction, current));
        }
        let closes_organisation =
            matches!(overlay, Overlay::Organisation(_)) && plain_char(key) == Some('O');
        if key.code == KeyCode::Esc || (!focus && closes_organisation) {
            self.overlay = None;
            return Some(Vec::new());
        }
        None
    }

    /// Hands data of the organisation and privacy views to the open view.
    pub(super) fn overlay_loaded(&mut self, loaded: Loaded) {
        match (&mut self.overlay, loaded) {
            (Some(Overlay::Organisation(screen)), Loaded::Memberships(memberships)) => {
                screen.memberships_loaded(memberships);
            }
            (Some(Overlay::Organisation(screen)), Loaded::Members(members)) => {
                screen.members_loaded(members);
            }
            (Some(Overlay::Privacy(screen)), Loaded::Privacy(overview)) => {
                screen.loaded(*overview);
            }
            _ => {}
        }
    }

    /// Passes the caller's role in the current organisation to the screens,
    /// so they name what it lacks instead of showing empty lists.
    pub(super) fn apply_access(&mut self) {
        self.requests.set_access(&self.principal);
        self.documents.set_access(&self.principal);
    }

    /// Passes a command's result to the open view, and after a switch of
    /// organisation makes the app and the current screen use the new one.
    pub(super) fn overlay_done(&mut self, result: &CommandResult) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let CommandResult::OrganisationSwitched(principal) = result {
            self.principal = (**principal).clone();
            self.organisation = principal.organisation_name.clone();
            self.apply_access();
            effects.extend(self.screen_mut(self.current).show());
        }
        let reaction = match &mut self.overlay {
            Some(overlay) => overlay.screen_mut().done(result),
            None => Reaction::ignored(),
        };
        let current = self.current;
        effects.extend(self.apply(reaction, current));
        effects
    }
}
