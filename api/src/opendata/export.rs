//! Downloads: a dataset's rows, read page by page through the public GraphQL schema (as the public, with fresh
//! loaders) and written out as each page arrives, so a download of any size takes the memory of one page. CSV is
//! UTF-8 with a byte-order mark (so that Excel shows Chinese) and RFC 4180 quoting; JSON Lines is one object per row.

use super::dictionary::{ColumnDoc, Prepared};
use crate::graphql::{self, WuyeSchema};
use futures_util::Stream;
use sea_orm::DatabaseConnection;
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// A download's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension {
            "csv" => Some(Format::Csv),
            "jsonl" => Some(Format::JsonLines),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8; header=present",
            Format::JsonLines => "application/jsonl; charset=utf-8",
        }
    }
}

/// What a download reads from.
#[derive(Clone)]
pub struct Source {
    pub schema: WuyeSchema,
    pub db: DatabaseConnection,
}

/// The value at `path` in `item`.
fn at<'a>(item: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(item, |value, field| value.get(field).unwrap_or(&Value::Null))
}

/// Each row under `item`: the chain of items, one per level, descending into `descend`'s lists.
fn chains<'a>(item: &'a Value, descend: &[&str], chain: &mut Vec<&'a Value>, rows: &mut Vec<Vec<&'a Value>>) {
    chain.push(item);
    match descend.split_first() {
        None => rows.push(chain.clone()),
        Some((list, rest)) => {
            let path: Vec<&str> = list.split('.').collect();
            for child in at(item, &path).as_array().map(Vec::as_slice).unwrap_or_default() {
                chains(child, rest, chain, rows);
            }
        }
    }
    chain.pop();
}

/// The rows of one page of items, as JSON objects keyed by column name, in column order.
pub fn rows(prepared: &Prepared, items: &[Value]) -> Vec<Map<String, Value>> {
    let mut out = Vec::new();
    for item in items {
        let mut chained = Vec::new();
        chains(item, prepared.dataset.descend, &mut Vec::new(), &mut chained);
        for chain in chained {
            let row = prepared
                .columns
                .iter()
                .map(|c: &ColumnDoc| (c.name.to_owned(), at(chain[c.level], &c.path).clone()))
                .collect();
            out.push(row);
        }
    }
    out
}

/// A value as a CSV cell: nothing for null, lists joined with `;`.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

fn csv_line(cells: impl IntoIterator<Item = String>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(cells);
    writer.into_inner().unwrap_or_default()
}

/// The bytes of `rows` in `format`.
fn encode(format: Format, rows: &[Map<String, Value>]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for row in rows {
        match format {
            Format::Csv => bytes.extend(csv_line(row.values().map(cell))),
            Format::JsonLines => {
                bytes.extend(serde_json::to_vec(row).unwrap_or_default());
                bytes.push(b'\n');
            }
        }
    }
    bytes
}

/// One page: its items, and the cursor after it if there is more.
async fn page(
    source: &Source,
    prepared: &Prepared,
    after: Option<String>,
    rows: &Narrowing,
) -> Result<(Vec<Value>, Option<String>), String> {
    let variables = json!({ "after": after, "asOf": rows.as_of, "filter": rows.filter });
    let request =
        async_graphql::Request::new(prepared.query.clone()).variables(async_graphql::Variables::from_json(variables));
    let response = graphql::run(&source.schema, &source.db, request, None).await;
    if !response.errors.is_empty() {
        return Err(format!("{:?}", response.errors));
    }
    let data = response.data.into_json().map_err(|e| e.to_string())?;
    match prepared.dataset.root {
        super::datasets::Root::Pages { field, .. } => {
            let connection = &data[field];
            let items = connection["edges"].as_array().map(|edges| edges.iter().map(|e| e["node"].clone()).collect());
            let next = (connection["pageInfo"]["hasNextPage"] == true)
                .then(|| connection["pageInfo"]["endCursor"].as_str().map(str::to_owned))
                .flatten();
            Ok((items.unwrap_or_default(), next))
        }
        super::datasets::Root::List { field, list } => {
            let name = field.split('(').next().unwrap_or(field);
            Ok((data[name][list].as_array().cloned().unwrap_or_default(), None))
        }
    }
}

/// Which of a dataset's rows a download holds: those on a day (`asOf`, for a dated dataset) and those its list's
/// filter lets through; all of today's by default.
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    pub as_of: Option<String>,
    pub filter: Option<Value>,
}

/// The download as a stream of chunks: the header (for CSV), then a chunk per page.
pub fn download(
    source: Source,
    prepared: Arc<Prepared>,
    format: Format,
    rows: Narrowing,
) -> impl Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    use futures_util::StreamExt;
    chunks(source, prepared, format, rows).map(|chunk| chunk.map(|(_, bytes)| bytes))
}

/// The download's chunks with the number of records in each: the header (for CSV, no record), then a chunk per
/// page.
pub fn records(
    source: Source,
    prepared: Arc<Prepared>,
    format: Format,
) -> impl Stream<Item = Result<(usize, Vec<u8>), std::io::Error>> + Send + 'static {
    chunks(source, prepared, format, Narrowing::default())
}

fn chunks(
    source: Source,
    prepared: Arc<Prepared>,
    format: Format,
    narrowing: Narrowing,
) -> impl Stream<Item = Result<(usize, Vec<u8>), std::io::Error>> + Send + 'static {
    let header = match format {
        Format::Csv => {
            let mut bytes = "\u{feff}".as_bytes().to_vec();
            bytes.extend(csv_line(prepared.columns.iter().map(|c| c.name.to_owned())));
            bytes
        }
        Format::JsonLines => Vec::new(),
    };
    // (the cursor of the next page, whether the header is out, whether the walk is over)
    let start = (None::<String>, false, false);
    futures_util::stream::unfold(start, move |(after, header_sent, done)| {
        let (source, prepared, narrowing, header) =
            (source.clone(), prepared.clone(), narrowing.clone(), header.clone());
        async move {
            if !header_sent {
                return Some((Ok((0, header)), (after, true, false)));
            }
            if done {
                return None;
            }
            match page(&source, &prepared, after, &narrowing).await {
                Ok((items, next)) => {
                    let rows = rows(&prepared, &items);
                    let bytes = encode(format, &rows);
                    let done = next.is_none();
                    Some((Ok((rows.len(), bytes)), (next, true, done)))
                }
                Err(error) => {
                    tracing::error!(dataset = prepared.dataset.name, %error, "download failed");
                    Some((Err(std::io::Error::other("the download failed; see the server log")), (None, true, true)))
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_commas_quotes_and_newlines() {
        let line =
            csv_line(["锦绣,花园".to_owned(), "他说\"好\"".to_owned(), "一行\n两行".to_owned(), "平常".to_owned()]);
        assert_eq!(String::from_utf8(line).unwrap(), "\"锦绣,花园\",\"他说\"\"好\"\"\",\"一行\n两行\",平常\r\n");
    }

    #[test]
    fn cells_write_nothing_for_null_and_join_lists() {
        assert_eq!(cell(&Value::Null), "");
        assert_eq!(cell(&json!(["CLEANING", "SECURITY"])), "CLEANING;SECURITY");
        assert_eq!(cell(&json!(12.5)), "12.5");
        assert_eq!(cell(&json!(true)), "true");
    }
}
