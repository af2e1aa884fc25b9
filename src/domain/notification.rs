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
    /// Returns the name shown on screens.
    pub fn label(self) -> &'static str {
        match self {
            NotificationKind::StatusChange => "Status change",
            NotificationKind::NewMessage => "New message",
            NotificationKind::NewDocument => "New document",
            NotificationKind::Deadline => "Deadline",
            NotificationKind::SecurityAlert => "Security alert",
        }
    }
}
