//! Bulk loading of generated data for benchmarks: multi-row INSERTs with
//! ids chosen by the loader, in large transactions. Only
//! `portico admin seed` calls this; it bypasses the per-caller scoping of
//! the other store modules because it writes whole organisations.

use sqlx::any::AnyArguments;
use sqlx::{Any, AssertSqlSafe, Transaction};

use super::{Backend, Store};

/// One column value of a generated row.
#[derive(Debug, Clone)]
pub enum Cell {
    Int(i64),
    MaybeInt(Option<i64>),
    Text(String),
    MaybeText(Option<String>),
    Bytes(Vec<u8>),
}

/// Rows for one table, inserted in statements of at most
/// [`MAX_PLACEHOLDERS`] bound values.
pub struct Batch {
    pub table: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

/// Bound values per statement. Far below the limits of both backends: a
/// 26,000-value statement took 2.8 s on SQLite where 26 statements of
/// 1,000 values took 0.1 s, since binding grows faster than linearly.
const MAX_PLACEHOLDERS: usize = 1_000;

/// Tables whose ids the loader chooses, in an order that respects their
/// foreign keys.
pub const ID_TABLES: [&str; 7] = [
    "organisations",
    "users",
    "ssh_keys",
    "contracts",
    "documents",
    "requests",
    "messages",
];

impl Store {
    /// Returns the next free id of each table in [`ID_TABLES`].
    pub async fn next_ids(&self) -> Result<Vec<i64>, sqlx::Error> {
        let mut next = Vec::with_capacity(ID_TABLES.len());
        for table in ID_TABLES {
            let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
            let (id,): (i64,) = sqlx::query_as(AssertSqlSafe(sql))
                .fetch_one(self.pool())
                .await?;
            next.push(id);
        }
        Ok(next)
    }

    /// Inserts every batch in one transaction.
    pub async fn insert_batches(&self, batches: &[Batch]) -> Result<(), sqlx::Error> {
        let mut transaction = self.pool().begin().await?;
        for batch in batches {
            insert_batch(&mut transaction, batch).await?;
        }
        transaction.commit().await
    }

    /// Moves PostgreSQL's identity sequences past the ids the loader chose,
    /// so later inserts get fresh ids. SQLite needs nothing.
    pub async fn reset_id_sequences(&self) -> Result<(), sqlx::Error> {
        if self.backend() != Backend::Postgres {
            return Ok(());
        }
        for table in ID_TABLES {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            );
            sqlx::query(AssertSqlSafe(sql)).execute(self.pool()).await?;
        }
        Ok(())
    }
}

async fn insert_batch(
    transaction: &mut Transaction<'static, Any>,
    batch: &Batch,
) -> Result<(), sqlx::Error> {
    let width = batch.columns.len().max(1);
    let rows_per_statement = (MAX_PLACEHOLDERS / width).max(1);
    for chunk in batch.rows.chunks(rows_per_statement) {
        let mut sql = format!(
            "INSERT INTO {} ({}) VALUES ",
            batch.table,
            batch.columns.join(", ")
        );
        let mut arguments = AnyArguments::default();
        let mut placeholder = 0;
        for (index, row) in chunk.iter().enumerate() {
            if index > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for (column, cell) in row.iter().enumerate() {
                if column > 0 {
                    sql.push_str(", ");
                }
                placeholder += 1;
                sql.push_str(&format!("${placeholder}"));
                bind(&mut arguments, cell)?;
            }
            sql.push(')');
        }
        sqlx::query_with(AssertSqlSafe(sql), arguments)
            .execute(&mut **transaction)
            .await?;
    }
    Ok(())
}

fn bind(arguments: &mut AnyArguments, cell: &Cell) -> Result<(), sqlx::Error> {
    use sqlx::Arguments;
    let result = match cell {
        Cell::Int(value) => arguments.add(*value),
        Cell::MaybeInt(value) => arguments.add(*value),
        Cell::Text(value) => arguments.add(value.clone()),
        Cell::MaybeText(value) => arguments.add(value.clone()),
        Cell::Bytes(value) => arguments.add(value.clone()),
    };
    result.map_err(sqlx::Error::Encode)
}
