//! Roles inside a customer's organisation and what each may read and do.
//! The store scopes its queries by [`MemberRole::may`], so this table is
//! the one place that grants rights to colleagues.

use super::DocumentKind;

named_enum! {
    /// The role of a person inside one organisation. A person may hold a
    /// different role in each organisation they belong to.
    pub enum MemberRole("organisation role") {
        /// Everything a member may do, plus inviting colleagues, changing
        /// their roles and revoking their access.
        Owner => "owner",
        /// Reads and writes the organisation's requests and documents.
        Member => "member",
        /// Reads invoices and payment statements, nothing else.
        Billing => "billing",
        /// Reads what a member reads and changes nothing.
        Viewer => "viewer",
    }
}

named_enum! {
    /// Something a member of an organisation may read or do.
    pub enum Capability("capability") {
        /// Every document of the organisation, and one's own pay slips.
        ReadAllDocuments => "read-all-documents",
        /// Invoices and payment statements of the organisation.
        ReadBillingDocuments => "read-billing-documents",
        ReadContracts => "read-contracts",
        /// Requests, their messages and the general conversation.
        ReadRequests => "read-requests",
        /// Opening requests, replying, attaching documents, rating.
        WriteRequests => "write-requests",
        /// Marking documents read, archiving and restoring them.
        ChangeDocuments => "change-documents",
        /// Inviting colleagues, changing roles and revoking access.
        ManageMembers => "manage-members",
    }
}

/// What each role may read and do. A capability not listed is denied.
const PERMISSIONS: [(MemberRole, &[Capability]); 4] = [
    (
        MemberRole::Owner,
        &[
            Capability::ReadAllDocuments,
            Capability::ReadBillingDocuments,
            Capability::ReadContracts,
            Capability::ReadRequests,
            Capability::WriteRequests,
            Capability::ChangeDocuments,
            Capability::ManageMembers,
        ],
    ),
    (
        MemberRole::Member,
        &[
            Capability::ReadAllDocuments,
            Capability::ReadBillingDocuments,
            Capability::ReadContracts,
            Capability::ReadRequests,
            Capability::WriteRequests,
            Capability::ChangeDocuments,
        ],
    ),
    (MemberRole::Billing, &[Capability::ReadBillingDocuments]),
    (
        MemberRole::Viewer,
        &[
            Capability::ReadAllDocuments,
            Capability::ReadBillingDocuments,
            Capability::ReadContracts,
            Capability::ReadRequests,
        ],
    ),
];

/// Document kinds that count as billing documents: invoices and the
/// statements of payments received.
pub const BILLING_DOCUMENT_KINDS: [DocumentKind; 2] =
    [DocumentKind::Invoice, DocumentKind::Statement];

impl MemberRole {
    /// Reports whether this role grants `capability`, from [`PERMISSIONS`].
    pub fn may(self, capability: Capability) -> bool {
        PERMISSIONS
            .iter()
            .find(|(role, _)| *role == self)
            .is_some_and(|(_, granted)| granted.contains(&capability))
    }

    /// Returns the role's name in the current language, as lists and
    /// sentences show it; the English name is the stored one.
    pub fn name(self) -> String {
        match self {
            MemberRole::Owner => tr!("organisation-role-owner"),
            MemberRole::Member => tr!("organisation-role-member"),
            MemberRole::Billing => tr!("organisation-role-billing"),
            MemberRole::Viewer => tr!("organisation-role-viewer"),
        }
    }

    /// Returns the name of the stored role `stored` in the current
    /// language; a name this build does not know reads as stored.
    pub fn name_of(stored: &str) -> String {
        stored.parse::<MemberRole>().map_or_else(
            |_| crate::domain::text::sanitize_line(stored),
            MemberRole::name,
        )
    }

    /// Returns the role's name with what it may do, in the current language.
    pub fn label(self) -> String {
        match self {
            MemberRole::Owner => tr!("organisation-role-owner-label"),
            MemberRole::Member => tr!("organisation-role-member-label"),
            MemberRole::Billing => tr!("organisation-role-billing-label"),
            MemberRole::Viewer => tr!("organisation-role-viewer-label"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_one_row() {
        for role in MemberRole::ALL {
            let rows = PERMISSIONS.iter().filter(|(r, _)| *r == role).count();
            assert_eq!(rows, 1, "{role}");
        }
    }

    #[test]
    fn billing_reads_invoices_only() {
        assert!(MemberRole::Billing.may(Capability::ReadBillingDocuments));
        assert!(!MemberRole::Billing.may(Capability::ReadAllDocuments));
        assert!(!MemberRole::Billing.may(Capability::ReadRequests));
        assert!(!MemberRole::Billing.may(Capability::ReadContracts));
        assert!(!MemberRole::Billing.may(Capability::WriteRequests));
    }

    #[test]
    fn viewer_reads_but_never_writes() {
        assert!(MemberRole::Viewer.may(Capability::ReadRequests));
        assert!(MemberRole::Viewer.may(Capability::ReadAllDocuments));
        assert!(!MemberRole::Viewer.may(Capability::WriteRequests));
        assert!(!MemberRole::Viewer.may(Capability::ChangeDocuments));
        assert!(!MemberRole::Viewer.may(Capability::ManageMembers));
    }

    #[test]
    fn role_names_follow_language() {
        for role in MemberRole::ALL {
            assert_eq!(role.name(), role.as_str(), "English names are stored names");
        }
        crate::i18n::sync_scope(crate::i18n::Language::French, || {
            assert_eq!(MemberRole::Owner.name(), "propriétaire");
            assert_eq!(MemberRole::Member.name(), "membre");
            assert_eq!(MemberRole::Billing.name(), "facturation");
            assert_eq!(MemberRole::Viewer.name(), "lecteur");
            assert_eq!(MemberRole::name_of("viewer"), "lecteur");
            assert_eq!(MemberRole::name_of("admiral"), "admiral");
            assert!(MemberRole::Viewer.label().starts_with("Lecteur"));
        });
    }

    #[test]
    fn only_owner_manages_members() {
        for role in MemberRole::ALL {
            assert_eq!(
                role.may(Capability::ManageMembers),
                role == MemberRole::Owner,
                "{role}"
            );
        }
    }
}
