//! A small builder for queries whose WHERE clause depends on the caller and
//! the filters chosen. It numbers `$N` placeholders itself, which both
//! backends accept.

use sqlx::any::{Any, AnyArguments};
use sqlx::query::{Query, QueryAs};

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
pub enum Value {
    Int(i64),
    Text(String),
}

/// Conditions joined with AND, with their bound values in placeholder order.
#[derive(Debug, Default)]
pub struct Conditions {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    pub fn new() -> Conditions {
        Conditions::default()
    }

    /// Returns the placeholder for `value`, such as `$3`, and remembers it.
    pub fn bind(&mut self, value: Value) -> String {
        self.values.push(value);
        format!("${}", self.values.len())
    }

    /// Adds a condition; it may contain placeholders from [`Conditions::bind`].
    pub fn push(&mut self, clause: impl Into<String>) {
        self.clauses.push(clause.into());
    }

    /// Returns ` WHERE a AND b`, or nothing when there is no condition.
    pub fn where_clause(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// Binds the remembered values to a query, in order.
    pub fn bind_to<'q, O>(
        &self,
        mut query: QueryAs<'q, Any, O, AnyArguments>,
    ) -> QueryAs<'q, Any, O, AnyArguments> {
        for value in &self.values {
            query = match value {
                Value::Int(number) => query.bind(*number),
                Value::Text(text) => query.bind(text.clone()),
            };
        }
        query
    }

    /// Binds the remembered values to a statement without result rows.
    pub fn bind_to_query<'q>(
        &self,
        mut query: Query<'q, Any, AnyArguments>,
    ) -> Query<'q, Any, AnyArguments> {
        for value in &self.values {
            query = match value {
                Value::Int(number) => query.bind(*number),
                Value::Text(text) => query.bind(text.clone()),
            };
        }
        query
    }
}
