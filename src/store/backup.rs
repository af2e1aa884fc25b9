//! Consistent copies of a SQLite database while the server runs, and their
//! restore. PostgreSQL databases are copied with `pg_dump` instead (see
//! docs/operations.md).

use std::path::{Path, PathBuf};

use super::{Backend, Store};

/// Writes a consistent copy of the database to `target` with SQLite's
/// `VACUUM INTO`, which reads one snapshot while other connections go on
/// writing. `target` must not exist yet.
pub async fn backup(store: &Store, target: &Path) -> Result<(), String> {
    if store.backend() != Backend::Sqlite {
        return Err("admin backup copies SQLite databases; for PostgreSQL use pg_dump --format=custom, as docs/operations.md shows".to_string());
    }
    if target.exists() {
        return Err(format!(
            "{} exists already: choose a new file name, so no backup is overwritten",
            target.display()
        ));
    }
    let name = target
        .to_str()
        .ok_or_else(|| format!("invalid backup file name {}: use UTF-8", target.display()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(name)
        .execute(store.pool())
        .await
        .map_err(|error| format!("cannot write the backup {}: {error}", target.display()))?;
    Ok(())
}

/// Returns the file of a `sqlite://FILE` URL.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let file = rest.split('?').next().unwrap_or(rest);
    (!file.is_empty()).then(|| PathBuf::from(file))
}

/// Replaces the SQLite database at `url` with the backup `source`, after
/// checking that `source` is an intact Portico database. Every node must be
/// stopped first. The replaced files are kept beside it with the suffix
/// `.before-restore`.
pub async fn restore(url: &str, source: &Path) -> Result<PathBuf, String> {
    let Some(database) = sqlite_file(url) else {
        return Err("admin restore replaces SQLite databases; for PostgreSQL use pg_restore, as docs/operations.md shows".to_string());
    };
    check_backup(source).await?;

    let directory = database.parent().unwrap_or(Path::new("."));
    let staged = directory.join(".portico-restore.tmp");
    std::fs::copy(source, &staged).map_err(|error| {
        format!(
            "cannot copy {} to {}: {error}",
            source.display(),
            staged.display()
        )
    })?;
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", database.display()));
        if file.exists() {
            let kept = PathBuf::from(format!("{}.before-restore", file.display()));
            std::fs::rename(&file, &kept)
                .map_err(|error| format!("cannot move {} aside: {error}", file.display()))?;
        }
    }
    std::fs::rename(&staged, &database).map_err(|error| {
        format!(
            "cannot put the backup in place at {}: {error}",
            database.display()
        )
    })?;
    Ok(database)
}

/// Opens `source` read-only and checks its integrity and that it contains
/// a migrated Portico database.
async fn check_backup(source: &Path) -> Result<(), String> {
    use sqlx::Connection;

    if !source.is_file() {
        return Err(format!("backup {} not found", source.display()));
    }
    let url = format!("sqlite://{}?mode=ro", source.display());
    sqlx::any::install_default_drivers();
    let mut connection = sqlx::AnyConnection::connect(&url)
        .await
        .map_err(|error| format!("cannot open the backup {}: {error}", source.display()))?;
    let (integrity,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&mut connection)
        .await
        .map_err(|error| format!("{} is not a SQLite database: {error}", source.display()))?;
    if integrity != "ok" {
        return Err(format!(
            "the backup {} is damaged: {integrity}",
            source.display()
        ));
    }
    let migrated: Result<(i64,), _> = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&mut connection)
        .await;
    let _ = connection.close().await;
    match migrated {
        Ok((count,)) if count > 0 => Ok(()),
        _ => Err(format!(
            "{} is not a Portico database: it has no applied migrations",
            source.display()
        )),
    }
}
