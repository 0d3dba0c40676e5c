//! A workbook's data rows, sheet by sheet, and the reading of one row's cells by field, each problem kept with its
//! sheet, row and column as the person filling it in sees them.

use super::cells::{Cell, Grid};
use super::sheets::{Column, Kind, SHEETS, Sheet, code_list};
use super::values;
use crate::domain::RuleViolation;
use chrono::NaiveDate;
use entity::vocab::Vocabulary;
use serde::Serialize;

/// One data row of a sheet: its number as the sheet shows it, and its cells in the sheet's column order.
#[derive(Debug, Clone)]
pub struct Line {
    pub sheet: &'static Sheet,
    pub row: usize,
    cells: Vec<Cell>,
    /// Where each column is in the sheet (its letter), `None` for an optional column left out.
    positions: Vec<Option<usize>>,
}

/// A row that breaks a rule: where, and which rule, in both languages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    pub sheet: &'static str,
    pub row: usize,
    /// The column's letter (`C`), where the problem is one cell's.
    pub column: Option<String>,
    /// The column's Chinese header.
    pub header: Option<&'static str>,
    /// The field, where there is one.
    pub field: Option<String>,
    pub rule: String,
    pub zh: String,
    pub en: String,
}

/// The data rows of each of the five sheets found in `grids` (by name or by headers), in the order of [`SHEETS`];
/// empty rows and the template's example row left as it was are skipped.
pub fn lines(grids: &[Grid]) -> Vec<Vec<Line>> {
    SHEETS
        .iter()
        .map(|sheet| {
            let Some(grid) = grids.iter().find(|g| sheet.matches(g)) else { return Vec::new() };
            let Some(header) = sheet.header_row(grid) else { return Vec::new() };
            let positions = sheet.positions(&grid.rows[header]);
            let example: Vec<&str> = sheet.columns.iter().map(|c| c.example).collect();
            grid.rows
                .iter()
                .enumerate()
                .skip(header + 1)
                .filter_map(|(index, row)| {
                    let cells: Vec<Cell> = positions
                        .iter()
                        .map(|p| p.and_then(|at| row.get(at).cloned()).unwrap_or(Cell::Empty))
                        .collect();
                    let shown: Vec<String> = cells.iter().map(Cell::shown).collect();
                    let is_field_names = shown.iter().zip(sheet.columns).all(|(s, c)| s.is_empty() || s == c.field);
                    let is_example = shown == example;
                    let empty = cells.iter().all(Cell::is_empty);
                    (!empty && !is_example && !is_field_names).then(|| Line {
                        sheet,
                        row: index + 1,
                        cells,
                        positions: positions.clone(),
                    })
                })
                .collect()
        })
        .collect()
}

/// A column's letters: 0 → A, 25 → Z, 26 → AA.
pub fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII")
}

impl Line {
    fn column(&self, field: &str) -> (usize, &'static Column) {
        let index = self.sheet.columns.iter().position(|c| c.field == field).expect("a column of the sheet");
        (index, &self.sheet.columns[index])
    }

    /// The cell of the column `field`.
    pub fn cell(&self, field: &str) -> &Cell {
        &self.cells[self.column(field).0]
    }

    /// A problem with the cell of `field` (or with the whole row, when the sheet has no such column).
    pub fn problem(&self, field: &str, violation: RuleViolation) -> Problem {
        let column = self.sheet.columns.iter().position(|c| c.field == field);
        Problem {
            sheet: self.sheet.zh,
            row: self.row,
            column: column.and_then(|i| self.positions[i]).map(letter),
            header: column.map(|i| self.sheet.columns[i].zh),
            field: Some(field.to_owned()),
            rule: violation.rule.to_owned(),
            zh: violation.message_zh,
            en: violation.message,
        }
    }

    /// A problem with the row as a whole.
    pub fn row_problem(&self, rule: &str, zh: String, en: String) -> Problem {
        Problem {
            sheet: self.sheet.zh,
            row: self.row,
            column: None,
            header: None,
            field: None,
            rule: rule.to_owned(),
            zh,
            en,
        }
    }
}

/// Reads one row's cells by field, keeping every problem: a required cell left empty, or a value of the wrong
/// shape. A getter answers `None` for an empty optional cell and for a cell with a problem.
pub struct Fields<'l> {
    pub line: &'l Line,
    pub problems: Vec<Problem>,
}

impl<'l> Fields<'l> {
    pub fn of(line: &'l Line) -> Self {
        Fields { line, problems: Vec::new() }
    }

    fn read<T>(&mut self, field: &str, parse: impl FnOnce(&Cell) -> Result<Option<T>, RuleViolation>) -> Option<T> {
        let (_, column) = self.line.column(field);
        let cell = self.line.cell(field);
        let value = match parse(cell) {
            Ok(value) => value,
            Err(violation) => {
                self.problems.push(self.line.problem(field, violation));
                return None;
            }
        };
        if value.is_none() && column.required {
            let violation = RuleViolation::new("required", "must be filled in", "必填");
            self.problems.push(self.line.problem(field, violation));
        }
        value
    }

    /// The cell, read as its column's kind says (for text, identifiers and code lists).
    pub fn text(&mut self, field: &str) -> Option<String> {
        let kind = self.line.column(field).1.kind;
        self.read(field, |cell| {
            if cell.is_empty() {
                Ok(None)
            } else if kind == Kind::Text {
                values::text(cell)
            } else {
                values::identifier(cell)
            }
        })
    }

    pub fn integer(&mut self, field: &str) -> Option<i64> {
        self.read(field, |cell| if cell.is_empty() { Ok(None) } else { values::integer(cell).map(Some) })
    }

    pub fn decimal(&mut self, field: &str) -> Option<String> {
        self.read(field, |cell| if cell.is_empty() { Ok(None) } else { values::decimal(cell).map(Some) })
    }

    pub fn degrees(&mut self, field: &str) -> Option<f64> {
        self.read(field, |cell| if cell.is_empty() { Ok(None) } else { values::degrees(cell).map(Some) })
    }

    pub fn date(&mut self, field: &str) -> Option<NaiveDate> {
        self.read(field, |cell| if cell.is_empty() { Ok(None) } else { values::date(cell).map(Some) })
    }

    pub fn yes_no(&mut self, field: &str) -> Option<bool> {
        self.read(field, |cell| if cell.is_empty() { Ok(None) } else { values::yes_no(cell).map(Some) })
    }

    /// One value of the column's code list.
    pub fn code<V: Vocabulary + PartialEq>(&mut self, field: &str) -> Option<V> {
        self.read(field, |cell| {
            if cell.is_empty() {
                return Ok(None);
            }
            let code = values::code(code_list(V::NAME).values, &cell.shown())?;
            Ok(V::from_code(code))
        })
    }

    /// Values of the column's code list; none when the cell is empty.
    pub fn codes<V: Vocabulary + PartialEq>(&mut self, field: &str) -> Option<Vec<V>> {
        self.read(field, |cell| {
            let codes = values::codes(code_list(V::NAME).values, &cell.shown())?;
            Ok(Some(codes.into_iter().filter_map(V::from_code).collect()))
        })
    }

    /// A value the caller parsed further (a credit code, money), or its problem at `field`.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, RuleViolation>) -> Option<T> {
        parsed.map_err(|violation| self.problems.push(self.line.problem(field, violation))).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!([letter(0), letter(25), letter(26), letter(27)], ["A", "Z", "AA", "AB"]);
    }

    #[test]
    fn the_example_row_field_names_and_empty_rows_are_skipped() {
        let text = |cells: &[&str]| cells.iter().map(|c| Cell::Text(c.to_string())).collect::<Vec<_>>();
        let enterprises = &SHEETS[0];
        let headers: Vec<&str> = enterprises.columns.iter().map(|c| c.zh).collect();
        let fields: Vec<&str> = enterprises.columns.iter().map(|c| c.field).collect();
        let example: Vec<&str> = enterprises.columns.iter().map(|c| c.example).collect();
        let grid = Grid {
            name: "企业".into(),
            rows: vec![
                text(&headers),
                text(&fields),
                text(&example),
                vec![],
                text(&["91340621MA2T1000XQ", "某物业公司", "王五", "某地"]),
            ],
        };
        let lines = lines(&[grid]);
        assert_eq!(lines[0].len(), 1);
        assert_eq!(lines[0][0].row, 5);
        assert_eq!(lines[0][0].cell("phone"), &Cell::Empty);
        let mut fields = Fields::of(&lines[0][0]);
        assert_eq!(fields.text("name").as_deref(), Some("某物业公司"));
        assert_eq!(fields.text("phone"), None);
        assert!(fields.problems.is_empty());
    }
}
