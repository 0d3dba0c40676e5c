//! GraphQL objects over one table's rows.

/// Declares a GraphQL object over one row of a table: the newtype (its fields are resolved in its `#[Object]`
/// block) and its `From` the row, which loaders, pages and [`super::node`] build it by.
macro_rules! record_object {
    ($(#[$doc:meta])* $name:ident($model:ty)) => {
        $(#[$doc])*
        pub struct $name(pub $model);

        impl From<$model> for $name {
            fn from(model: $model) -> Self {
                $name(model)
            }
        }
    };
}

pub(crate) use record_object;
