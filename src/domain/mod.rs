//! Plain types and rules of the portal. Nothing here performs I/O.

/// Declares an enum stored and typed by name: `ALL` in declaration order,
/// `as_str`, `Display` and `FromStr`, whose error names the rejected value
/// and lists the accepted names. `$what` names the value in that error.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $($(#[$variant_meta:meta])* $variant:ident => $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_meta])* $variant),+
        }

        impl $name {
            pub const ALL: [$name; <[&str]>::len(&[$($text),+])] = [$($name::$variant),+];

            /// Returns the stored and command-line name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                $name::ALL.into_iter().find(|item| item.as_str() == value).ok_or_else(|| {
                    let names: Vec<&str> = $name::ALL.iter().map(|item| item.as_str()).collect();
                    format!(
                        "invalid {} {:?}: expected one of {}",
                        $what,
                        crate::domain::text::sanitize_line(value),
                        names.join(", ")
                    )
                })
            }
        }
    };
}

pub mod audit;
pub mod contract;
pub mod document;
pub mod network;
pub mod next_step;
pub mod notification;
pub mod organisation;
pub mod privacy;
pub mod regional;
pub mod request;
pub mod role;
pub mod sla;
pub mod text;
pub mod time;

pub use document::{DocumentKind, DocumentStatus};
pub use notification::NotificationKind;
pub use organisation::{Capability, MemberRole};
pub use request::{Changer, RequestCategory, RequestNumber, RequestPriority, RequestState};
pub use role::{Principal, Role};
pub use time::parse_date;

/// Seconds since the Unix epoch, in UTC. Every stored time uses this unit.
pub type Timestamp = i64;

/// Returns the current time as a [`Timestamp`].
pub fn now() -> Timestamp {
    chrono::Utc::now().timestamp()
}
