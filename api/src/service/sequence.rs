//! Named counters that only go up (e.g. the serial of estate codes), so that a code handed out is never reused.

use sea_orm::{ConnectionTrait, DbErr, Statement};

/// Takes the next value of counter `name` (1 for a new counter), inside the caller's transaction. One upsert
/// statement, so that concurrent writers each get their own value on SQLite and on PostgreSQL alike.
pub async fn next_value(txn: &impl ConnectionTrait, name: &str) -> Result<i64, DbErr> {
    let statement = Statement::from_sql_and_values(
        txn.get_database_backend(),
        match txn.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                "INSERT INTO sequence (name, last_value) VALUES ($1, 1) \
                 ON CONFLICT (name) DO UPDATE SET last_value = sequence.last_value + 1 RETURNING last_value"
            }
            _ => {
                "INSERT INTO sequence (name, last_value) VALUES (?, 1) \
                 ON CONFLICT (name) DO UPDATE SET last_value = sequence.last_value + 1 RETURNING last_value"
            }
        },
        [name.into()],
    );
    let row = txn.query_one_raw(statement).await?.ok_or_else(|| DbErr::RecordNotFound(format!("sequence {name}")))?;
    row.try_get("", "last_value")
}

/// Moves counter `name` up to `at_least` if it is below, so that it never hands out a value already taken.
pub async fn raise_to(txn: &impl ConnectionTrait, name: &str, at_least: i64) -> Result<(), DbErr> {
    let sql = match txn.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            "INSERT INTO sequence (name, last_value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET last_value = GREATEST(sequence.last_value, EXCLUDED.last_value)"
        }
        _ => {
            "INSERT INTO sequence (name, last_value) VALUES (?, ?) \
             ON CONFLICT (name) DO UPDATE SET last_value = MAX(sequence.last_value, excluded.last_value)"
        }
    };
    txn.execute_raw(Statement::from_sql_and_values(txn.get_database_backend(), sql, [name.into(), at_least.into()]))
        .await?;
    Ok(())
}
