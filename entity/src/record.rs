//! What every kind of record has: its kind (one of [`RecordKind`]) and id, and — for records staff change — a
//! version for optimistic concurrency. Each entity file declares its kind with [`record!`], so a table's model knows
//! which kind of record it holds wherever it goes (audit events, NOT_FOUND and CONFLICT messages, global ids).

use crate::vocab::RecordKind;
use sea_orm::entity::prelude::DateTimeUtc;

/// A row of one kind of record.
pub trait Record {
    const KIND: RecordKind;
    fn id(&self) -> i64;
}

/// A record that staff change, guarded by `version` (raised by every change) and stamped with `updated_at`.
pub trait Versioned: Record {
    fn version(&self) -> i32;
    /// Sets the version and the time of the change.
    fn stamp(&mut self, version: i32, at: DateTimeUtc);
}

/// `record!(Estate)` makes this file's `Model` a record of that kind; `record!(Estate, versioned)` also a versioned
/// one (the model has `version`, `created_at` and `updated_at`), whose new rows are written as
/// `ActiveModel { … }.first_version(now).insert(txn)`: version 1, created and last changed at that moment.
macro_rules! record {
    ($kind:ident) => {
        impl $crate::record::Record for Model {
            const KIND: $crate::vocab::RecordKind = $crate::vocab::RecordKind::$kind;
            fn id(&self) -> i64 {
                self.id
            }
        }
    };
    ($kind:ident, versioned) => {
        $crate::record::record!($kind);
        impl $crate::record::Versioned for Model {
            fn version(&self) -> i32 {
                self.version
            }
            fn stamp(&mut self, version: i32, at: DateTimeUtc) {
                self.version = version;
                self.updated_at = at;
            }
        }
        impl ActiveModel {
            /// The row as a new record's first version: version 1, created and last changed `at`.
            pub fn first_version(self, at: sea_orm::entity::prelude::DateTimeUtc) -> Self {
                ActiveModel {
                    version: sea_orm::Set(1),
                    created_at: sea_orm::Set(at),
                    updated_at: sea_orm::Set(at),
                    ..self
                }
            }
        }
    };
}
pub(crate) use record;
