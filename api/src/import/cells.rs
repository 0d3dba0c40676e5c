//! Reading a workbook into grids of cells, as its sheets hold them: `.xlsx`, `.xlsm`, `.xls` and `.ods` through
//! calamine; a `.csv` in UTF-8 (with or without a byte-order mark) or in GB18030, as Chinese Excel saves it, decoded
//! by encoding_rs. Row and column numbers are the spreadsheet's own (row 1, column A), so that a report points at
//! the cell a person sees.

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use chrono::NaiveDate;
use std::io::Cursor;

/// One cell's value, with the type the spreadsheet gave it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person reads it, for matching headers and for messages.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(day) => day.to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// One sheet: its name and its rows, `rows[0]` being row 1.
#[derive(Debug, Clone)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub zh: String,
    pub en: String,
}

/// The grids of the file `name` (its extension says what it is) holding `bytes`.
pub fn read(name: &str, bytes: &[u8]) -> Result<Vec<Grid>, Unreadable> {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if extension == "csv" {
        let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        return Ok(vec![Grid { name: stem.to_owned(), rows: csv_rows(&decode(bytes))? }]);
    }
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| Unreadable {
        zh: format!("无法读取该工作簿（支持 .xlsx、.xls、.ods、.csv）：{e}"),
        en: format!("not a workbook wuye can read (.xlsx, .xls, .ods, .csv): {e}"),
    })?;
    Ok(workbook.worksheets().into_iter().map(|(name, range)| Grid { name, rows: grid_rows(&range) }).collect())
}

/// The rows of a calamine range, placed where the sheet has them (a range starts at its first non-empty cell).
fn grid_rows(range: &calamine::Range<Data>) -> Vec<Vec<Cell>> {
    let Some((top, left)) = range.start() else { return Vec::new() };
    let mut rows = vec![Vec::new(); top as usize];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; left as usize];
        cells.extend(row.iter().map(cell_of));
        rows.push(cells);
    }
    rows
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(when) => when.as_datetime().map_or(Cell::Number(when.as_f64()), |t| Cell::Date(t.date())),
        Data::DateTimeIso(text) | Data::DurationIso(text) => Cell::Text(text.clone()),
    }
}

/// A CSV file's text: UTF-8 (its byte-order mark dropped) when it is valid UTF-8, GB18030 otherwise.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn csv_rows(text: &str) -> Result<Vec<Vec<Cell>>, Unreadable> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Unreadable {
            zh: format!("CSV 文件格式有误：{e}"),
            en: format!("the CSV file is malformed: {e}"),
        })?;
        rows.push(
            record
                .iter()
                .map(|field| if field.is_empty() { Cell::Empty } else { Cell::Text(field.to_owned()) })
                .collect(),
        );
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_read_as_utf8_with_or_without_bom_and_as_gb18030() {
        let text = "名称,编码\n书香苑,XQ3406210001\n";
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        for bytes in [text.as_bytes(), with_bom.as_slice(), &gbk] {
            let grids = read("registry/小区.CSV", bytes).unwrap();
            assert_eq!(grids[0].name, "小区");
            assert_eq!(grids[0].rows[1], [Cell::Text("书香苑".into()), Cell::Text("XQ3406210001".into())]);
        }
    }

    #[test]
    fn a_file_that_is_no_workbook_says_so() {
        let error = read("registry.xlsx", b"not a zip").unwrap_err();
        assert!(error.en.contains("not a workbook"), "{error:?}");
    }

    #[test]
    fn numbers_show_without_a_needless_fraction() {
        assert_eq!(Cell::Number(12.0).shown(), "12");
        assert_eq!(Cell::Number(12.5).shown(), "12.5");
    }
}
