use super::organisation::{Capability, MemberRole};

named_enum! {
    /// The role of an account: customers read their organisation's data,
    /// agents work requests across organisations, operators administer the
    /// service.
    pub enum Role("role") {
        Customer => "customer",
        Agent => "agent",
        Operator => "operator",
    }
}

impl Role {
    /// Returns the kind of account in the current language; the English
    /// name is the stored one.
    pub fn name(self) -> String {
        match self {
            Role::Customer => tr!("organisation-account-customer"),
            Role::Agent => tr!("organisation-account-agent"),
            Role::Operator => tr!("organisation-account-operator"),
        }
    }

    /// Agents and operators work on requests of every organisation.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Agent | Role::Operator)
    }
}

/// The authenticated caller of a service or store function. Every read and
/// write of customer data is scoped by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub handle: String,
    pub display_name: String,
    pub role: Role,
    /// Set for customers; staff accounts may have none.
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    /// The customer's role in the current organisation; `None` for staff
    /// and for customers without a membership there, who may read nothing.
    pub member_role: Option<MemberRole>,
}

impl Principal {
    /// Returns the organisation whose data a customer may read. Staff get `None`,
    /// meaning that requests are not limited to one organisation.
    pub fn customer_organisation(&self) -> Option<i64> {
        match self.role {
            Role::Customer => self.organisation_id,
            Role::Agent | Role::Operator => None,
        }
    }

    /// Reports whether a customer's role in the current organisation grants
    /// `capability`. Staff hold no organisation role, so this is false for
    /// them and their rights are checked by [`Role`].
    pub fn may(&self, capability: Capability) -> bool {
        self.role == Role::Customer
            && self.organisation_id.is_some()
            && self.member_role.is_some_and(|role| role.may(capability))
    }

    /// Reports whether the caller's role leaves `capability` open: always
    /// for staff, whom the store scopes instead, and for a customer whose
    /// organisation role grants it.
    pub fn role_allows(&self, capability: Capability) -> bool {
        self.role != Role::Customer || self.may(capability)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_round_trips_by_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!(Role::Agent.to_string(), "agent");
    }

    #[test]
    fn role_names_follow_language() {
        for role in Role::ALL {
            assert_eq!(role.name(), role.as_str());
        }
        crate::i18n::sync_scope(crate::i18n::Language::French, || {
            assert_eq!(Role::Customer.name(), "client");
            assert_eq!(Role::Agent.name(), "agent");
            assert_eq!(Role::Operator.name(), "opérateur");
        });
    }

    #[test]
    fn unknown_name_lists_accepted_ones() {
        let error = "admiral\u{1b}[2J".parse::<Role>().unwrap_err();
        assert_eq!(
            error,
            "invalid role \"admiral[2J\": expected one of customer, agent, operator"
        );
    }
}
