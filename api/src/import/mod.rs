//! The import of a county's registry from the workbooks it already keeps (`wuye import`, and the workbench's
//! upload): `cells` reads a workbook or CSV into grids, `sheets` says what each sheet's columns are, `template`
//! writes the template a county fills in.

pub mod cells;
pub mod kinds;
pub mod report;
pub mod rows;
pub mod run;
pub mod sheets;
pub mod template;
pub mod values;
