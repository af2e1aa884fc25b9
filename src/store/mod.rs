//! Database access through sqlx's `Any` driver, so one set of queries serves
//! SQLite and PostgreSQL. Queries use `$N` placeholders, which both accept.
//! SQL that differs between the backends lives in the migrations folders
//! and in functions that branch on [`Backend`].
//!
//! Every function that reads or writes customer data takes the caller's
//! [`Principal`](crate::domain::Principal) and scopes its query by it.

pub mod audit;
pub mod automation_keys;
pub mod backup;
pub mod consents;
pub mod contracts;
pub mod deadlines;
pub mod display;
pub mod document_admin;
pub mod documents;
pub mod erasure;
pub mod factors;
pub mod filter;
pub mod fulltext;
pub mod history;
pub mod kb;
pub mod keys;
pub mod lifecycle;
pub mod messages;
pub mod notification_preferences;
pub mod notifications;
pub mod organisations;
pub mod outbox;
pub mod penalties;
pub mod probe;
pub mod requests;
pub mod seed;
pub mod sessions;
pub mod throttle;
pub mod users;
pub mod write_keys;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// The database product behind a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An error opening the database. Its message shows the URL with the
/// password hidden.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("invalid database URL {url}: expected sqlite://FILE or postgres://USER@HOST/DATABASE")]
    UnsupportedUrl { url: String },
    #[error("cannot open database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot migrate database {url}: {source}")]
    Migrate {
        url: String,
        source: sqlx::migrate::MigrateError,
    },
}

/// A pool of connections to the portal's database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    probe: std::sync::Arc<probe::Probe>,
}

impl Store {
    /// Opens the database at `url`, creating a missing SQLite file, and runs
    /// the migrations of its backend.
    pub async fn open(url: &str) -> Result<Store, OpenError> {
        let redacted = redact_url(url);
        let backend = backend_of(url).ok_or_else(|| OpenError::UnsupportedUrl {
            url: redacted.clone(),
        })?;
        sqlx::any::install_default_drivers();

        let connect_url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let separator = if url.contains('?') { '&' } else { '?' };
                format!("{url}{separator}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options =
            AnyConnectOptions::from_str(&connect_url).map_err(|source| OpenError::Connect {
                url: redacted.clone(),
                source,
            })?;

        let probe = std::sync::Arc::new(probe::Probe::new(options.clone()));
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers proceed while one session writes.
                        connection.execute("PRAGMA journal_mode = WAL").await?;
                        connection.execute("PRAGMA foreign_keys = ON").await?;
                        connection.execute("PRAGMA busy_timeout = 10000").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|source| OpenError::Connect {
                url: redacted.clone(),
                source,
            })?;

        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&pool)
            .await
            .map_err(|source| OpenError::Migrate {
                url: redacted,
                source,
            })?;

        Ok(Store {
            pool,
            backend,
            probe,
        })
    }

    /// Reports whether the database refuses new connections for now, as
    /// while PostgreSQL restarts (see [`probe::Probe::is_unreachable`]).
    pub async fn is_unreachable(&self) -> bool {
        self.probe.is_unreachable().await
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection; used at shutdown and by tests before a
    /// database is dropped.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Reports whether the database contains any organisation or account, so
    /// demo data is only added to an empty one.
    pub async fn is_empty(&self) -> Result<bool, sqlx::Error> {
        let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&self.pool)
            .await?;
        let (organisations,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organisations")
            .fetch_one(&self.pool)
            .await?;
        Ok(users == 0 && organisations == 0)
    }
}

/// Tells whether `error` comes from losing the database for a while (a
/// dropped connection, a restarting server, no free connection in time,
/// SQLite busy) rather than from the query itself. A statement that
/// failed this way may be tried again; a write may still have committed
/// when the connection dropped during COMMIT, so only writes protected by
/// an idempotency key are tried again blindly.
pub fn is_connection_fault(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Protocol(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(database) => database.code().is_some_and(|code| {
            // PostgreSQL: class 08 is connection exceptions; 57P01 to 57P03
            // are the administrator, crash and start-up shutdowns; 40001 and
            // 40P01 (serialization failure, deadlock) roll the transaction
            // back. SQLite: 5 and 6 are SQLITE_BUSY and SQLITE_LOCKED, 261
            // and 517 SQLITE_BUSY_RECOVERY and SQLITE_BUSY_SNAPSHOT (a read
            // transaction that cannot turn into a write because another
            // connection wrote meanwhile; busy_timeout does not wait for it).
            code.starts_with("08")
                || matches!(
                    code.as_ref(),
                    "57P01" | "57P02" | "57P03" | "40001" | "40P01" | "5" | "6" | "261" | "517"
                )
        }),
        _ => false,
    }
}

/// Returns the backend a URL names, from its scheme.
pub fn backend_of(url: &str) -> Option<Backend> {
    if url.starts_with("sqlite:") {
        Some(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Some(Backend::Postgres)
    } else {
        None
    }
}

/// Returns `url` with the password of its user part replaced by `****`, for
/// messages and logs.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    let user_info = &authority[..at];
    let Some(colon) = user_info.find(':') else {
        return url.to_string();
    };
    format!(
        "{}://{}:****{}",
        &url[..scheme_end],
        &user_info[..colon],
        &rest[at..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_url_hides_password() {
        assert_eq!(
            redact_url("postgres://portico:s3cret@db.internal:5432/portico"),
            "postgres://portico:****@db.internal:5432/portico"
        );
        assert_eq!(
            redact_url("postgres://portico@localhost/portico"),
            "postgres://portico@localhost/portico"
        );
        assert_eq!(redact_url("sqlite://portico.db"), "sqlite://portico.db");
    }

    #[test]
    fn backend_from_scheme() {
        assert_eq!(backend_of("sqlite://portico.db"), Some(Backend::Sqlite));
        assert_eq!(backend_of("postgresql://x/y"), Some(Backend::Postgres));
        assert_eq!(backend_of("mysql://x/y"), None);
    }
}
