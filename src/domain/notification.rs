named_enum! {
    /// What a notification is about. The same kinds name the rows of a
    /// user's notification settings.
    pub enum NotificationKind("notification kind") {
        StatusChange => "status-change",
        NewMessage => "new-message",
        NewDocument => "new-document",
        Deadline => "deadline",
        SecurityAlert => "security-alert",
    }
}

impl NotificationKind {
    /// Returns the name shown on screens, in the current language.
    pub fn label(self) -> String {
        match self {
            NotificationKind::StatusChange => tr!("preferences-kind-status-change"),
            NotificationKind::NewMessage => tr!("preferences-kind-new-message"),
            NotificationKind::NewDocument => tr!("preferences-kind-new-document"),
            NotificationKind::Deadline => tr!("preferences-kind-deadline"),
            NotificationKind::SecurityAlert => tr!("preferences-kind-security-alert"),
        }
    }
}
