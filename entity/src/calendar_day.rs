//! 节假日安排 A day that breaks the week's pattern: a public holiday, or a weekend day worked instead, as the State
//! Council publishes them each year. Every other Monday to Friday is a working day.

use crate::vocab::CalendarDayKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_day")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub kind: CalendarDayKind,
    /// The holiday it belongs to, e.g. 春节.
    pub name: String,
    /// The notice that sets it.
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
