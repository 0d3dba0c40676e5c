//! Column shapes shared by the migrations — frozen: the landed migrations call these, so changing one would change
//! what an old migration does on a new database. A helper that must change is written anew, beside its old version,
//! for the migrations to come (`lib.rs`'s test holds this file to its digest like a landed migration).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::sea_orm::DbBackend;

/// `id`, `version`, `created_at`, `updated_at`: the columns every mutable entity has.
pub fn entity_table(name: &'static str) -> TableCreateStatement {
    Table::create()
        .table(name)
        .col(big_pk_auto("id"))
        .col(integer("version").default(1))
        .col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
        .to_owned()
}

/// A pinyin sort key. PostgreSQL compares it byte by byte (`COLLATE "C"`), as SQLite does by default, so both
/// databases order names alike whatever the server's locale.
pub fn sort_key(manager: &SchemaManager, name: &'static str) -> ColumnDef {
    let mut column = string(name);
    if manager.get_database_backend() == DbBackend::Postgres {
        column.extra("COLLATE \"C\"");
    }
    column
}

/// A mandatory foreign key to `table.id`.
pub fn reference(from_table: &'static str, column: &'static str, to_table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from_table}_{column}"))
        .from(from_table, column)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

/// Creates a plain index over `columns`.
pub async fn index(manager: &SchemaManager<'_>, table: &'static str, columns: &[&'static str]) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement.name(format!("ix_{table}_{}", columns.join("_"))).table(table);
    for column in columns {
        statement.col(*column);
    }
    manager.create_index(statement.to_owned()).await
}

/// Makes `table` append-only: the database itself refuses to update or delete its rows (a trigger `{name}` on
/// PostgreSQL, `{name}_no_update` and `{name}_no_delete` on SQLite).
pub async fn append_only(manager: &SchemaManager<'_>, table: &str, name: &str) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DbBackend::Postgres => {
            db.execute_unprepared(&format!(
                "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
            ))
            .await?;
            db.execute_unprepared(&format!(
                "CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
            ))
            .await?;
        }
        _ => {
            for operation in ["UPDATE", "DELETE"] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {name}_no_{op} BEFORE {operation} ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END",
                    op = operation.to_lowercase()
                ))
                .await?;
            }
        }
    }
    Ok(())
}
