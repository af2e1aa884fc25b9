use std::fmt;
use std::str::FromStr;

/// What an account is for: customers read their organisation's data, agents
/// work requests across organisations, operators administer the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Customer,
    Agent,
    Operator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Customer, Role::Agent, Role::Operator];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Agent => "agent",
            Role::Operator => "operator",
        }
    }

    /// Agents and operators work on requests of every organisation.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Agent | Role::Operator)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == value)
            .ok_or_else(|| format!("invalid role {value:?}: expected customer, agent or operator"))
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
}

impl Principal {
    /// The organisation whose data a customer may read. Staff get `None`,
    /// meaning that requests are not limited to one organisation.
    pub fn customer_organisation(&self) -> Option<i64> {
        match self.role {
            Role::Customer => self.organisation_id,
            Role::Agent | Role::Operator => None,
        }
    }
}
