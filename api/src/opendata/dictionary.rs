//! What the schema says about each dataset: it is asked once, by introspection, at start; from the answer each
//! dataset gets its GraphQL document (the selections its columns need, every list at its largest page) and its data
//! dictionary (each column's type, unit, code list and bilingual description, taken from the field's own
//! description in the schema). A column whose path is not in the schema stops the server from starting.

use super::datasets::{Dataset, Root};
use crate::graphql::WuyeSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

/// Items per page of a dataset's walk, and the largest list of a nested field.
pub const PAGE: usize = 100;

const INTROSPECTION: &str = "{ __schema { types { name kind
    fields { name description args { name type { kind name ofType { kind name } } }
      type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
    inputFields { name type { kind name ofType { kind name ofType { kind name } } } } } } }";

#[derive(Deserialize)]
struct TypeRef {
    kind: String,
    name: Option<String>,
    #[serde(rename = "ofType")]
    of_type: Option<Box<TypeRef>>,
}

impl TypeRef {
    /// The named type inside the wrappers, and whether a list wraps it.
    fn named(&self) -> (&str, bool) {
        match (&self.of_type, self.kind.as_str()) {
            (Some(inner), "LIST") => (inner.named().0, true),
            (Some(inner), _) => inner.named(),
            (None, _) => (self.name.as_deref().unwrap_or_default(), false),
        }
    }
}

#[derive(Deserialize)]
struct Arg {
    name: String,
    #[serde(rename = "type")]
    ty: TypeRef,
}

#[derive(Deserialize)]
struct Field {
    name: String,
    description: Option<String>,
    args: Vec<Arg>,
    #[serde(rename = "type")]
    ty: TypeRef,
}

#[derive(Deserialize)]
struct TypeDef {
    name: String,
    kind: String,
    fields: Option<Vec<Field>>,
    #[serde(rename = "inputFields")]
    input_fields: Option<Vec<Arg>>,
}

/// The schema's types and their fields.
pub struct SchemaMap(HashMap<String, TypeDef>);

impl SchemaMap {
    /// Asks `schema` for its types.
    pub async fn load(schema: &WuyeSchema) -> anyhow::Result<Self> {
        let mut found = crate::graphql::introspect(schema, INTROSPECTION).await?;
        let types: Vec<TypeDef> = serde_json::from_value(found["types"].take())?;
        Ok(SchemaMap(types.into_iter().map(|t| (t.name.clone(), t)).collect()))
    }

    fn field(&self, type_name: &str, field: &str) -> Result<&Field, String> {
        self.0
            .get(type_name)
            .and_then(|t| t.fields.as_ref())
            .and_then(|fields| fields.iter().find(|f| f.name == field))
            .ok_or_else(|| format!("{type_name} has no field {field}"))
    }

    fn kind(&self, type_name: &str) -> &str {
        self.0.get(type_name).map_or("SCALAR", |t| t.kind.as_str())
    }
}

/// One column as the dictionary describes it.
#[derive(Debug, Clone)]
pub struct ColumnDoc {
    pub name: &'static str,
    pub level: usize,
    /// The path from the item of its level.
    pub path: Vec<&'static str>,
    /// Where it is in the schema, e.g. `Estate.community.code`.
    pub graphql: String,
    /// `string`, `integer`, `number`, `boolean`, `date`, `datetime`, `decimal` or `code`.
    pub kind: &'static str,
    /// A list of values (joined with `;` in CSV).
    pub list: bool,
    pub unit: Option<&'static str>,
    /// The code list of a `code` column (served by `vocabulary`).
    pub code_list: Option<String>,
    pub description_zh: String,
    pub description_en: String,
}

/// A condition a download may be narrowed by (`/data/estates.csv?townCode=340621100`): a field of its list's
/// `filter` argument, taken from the schema, so a download narrows exactly as the GraphQL list does.
#[derive(Debug, Clone)]
pub struct Filter {
    pub name: String,
    /// `string`, `integer`, `boolean`, `date` or `code`.
    pub kind: &'static str,
    /// The code list of a `code` filter.
    pub code_list: Option<String>,
}

/// A dataset with what the schema says of it.
pub struct Prepared {
    pub dataset: &'static Dataset,
    /// The document that reads one page (or the whole list).
    pub query: String,
    pub columns: Vec<ColumnDoc>,
    /// What it may be narrowed by (none for a list inside an object).
    pub filters: Vec<Filter>,
}

/// "中文 English" → ("中文", "English"): the schema's descriptions put the Chinese first.
fn bilingual(description: &str) -> (String, String) {
    let first_line = description.lines().next().unwrap_or_default();
    match first_line.split_once(' ') {
        Some((zh, en)) if !zh.is_ascii() => (zh.to_owned(), en.trim().to_owned()),
        _ => (String::new(), first_line.to_owned()),
    }
}

/// The column kind and unit of a named type.
fn kind_of(map: &SchemaMap, type_name: &str) -> (&'static str, Option<&'static str>) {
    match (map.kind(type_name), type_name) {
        ("ENUM", _) => ("code", None),
        (_, "Int") => ("integer", None),
        (_, "Float") => ("number", None),
        (_, "Boolean") => ("boolean", None),
        (_, "Date") => ("date", None),
        (_, "DateTime") => ("datetime", None),
        (_, "Money") => ("decimal", Some("CNY 元")),
        (_, "Area") => ("decimal", Some("m² 平方米")),
        (_, "Score") => ("decimal", Some("points 分")),
        _ => ("string", None),
    }
}

/// A selection tree, in the order columns first ask for each field.
#[derive(Default)]
struct Selection(Vec<(String, Selection)>);

impl Selection {
    fn child(&mut self, field: String) -> &mut Selection {
        if let Some(i) = self.0.iter().position(|(f, _)| *f == field) {
            return &mut self.0[i].1;
        }
        self.0.push((field, Selection::default()));
        &mut self.0.last_mut().expect("just pushed").1
    }

    fn render(&self) -> String {
        self.0
            .iter()
            .map(
                |(field, sub)| if sub.0.is_empty() { field.clone() } else { format!("{field} {{ {} }}", sub.render()) },
            )
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The type of the root's items, the document around a selection of them, and what the root may be narrowed by.
fn root(map: &SchemaMap, dataset: &Dataset) -> Result<(String, String, Vec<Filter>), String> {
    match dataset.root {
        Root::Pages { field, args } => {
            let root = map.field("Query", field)?;
            let connection = root.ty.named().0;
            let edge = map.field(connection, "edges")?.ty.named().0;
            let node = map.field(edge, "node")?.ty.named().0.to_owned();
            let as_of = if dataset.as_of { ", $asOf: Date" } else { "" };
            let mut args = if args.is_empty() { String::new() } else { format!(", {args}") };
            let filter_type = root.args.iter().find(|a| a.name == "filter").map(|a| a.ty.named().0);
            let (filter_variable, filters) = match filter_type {
                Some(input) if !args.contains("filter:") => {
                    args.push_str(", filter: $filter");
                    (format!(", $filter: {input}"), filters_of(map, input))
                }
                _ => (String::new(), Vec::new()),
            };
            let document = format!(
                "query($after: String{as_of}{filter_variable}) {{ {field}(first: {PAGE}, after: $after{args}) {{ \
                 edges {{ node {{ @ }} }} pageInfo {{ hasNextPage endCursor }} }} }}"
            );
            Ok((node, document, filters))
        }
        Root::List { field, list } => {
            let name = field.split('(').next().unwrap_or(field);
            let object = map.field("Query", name)?.ty.named().0;
            let item = map.field(object, list)?.ty.named().0.to_owned();
            Ok((item, format!("{{ {field} {{ {list} {{ @ }} }} }}"), Vec::new()))
        }
    }
}

/// The single-valued fields of the filter input `input` (a list or a nested condition is not offered in a URL).
fn filters_of(map: &SchemaMap, input: &str) -> Vec<Filter> {
    let fields = map.0.get(input).and_then(|t| t.input_fields.as_ref());
    fields
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let (named, list) = f.ty.named();
            let kind = map.kind(named);
            (!list && (kind == "SCALAR" || kind == "ENUM")).then(|| Filter {
                name: f.name.clone(),
                kind: kind_of(map, named).0,
                code_list: (kind == "ENUM").then(|| named.to_owned()),
            })
        })
        .collect()
}

/// Prepares `dataset` against the schema: its document and its dictionary.
pub fn prepare(map: &SchemaMap, dataset: &'static Dataset) -> Result<Prepared, String> {
    let (item_type, document, filters) = root(map, dataset)?;
    let mut selection = Selection::default();
    let mut columns = Vec::new();
    for column in dataset.columns {
        let descent: Vec<&str> = dataset.descend[..column.level].iter().flat_map(|d| d.split('.')).collect();
        let own: Vec<&'static str> = column.path.split('.').collect();
        let mut type_name = item_type.clone();
        let mut node = &mut selection;
        let mut labels_zh = Vec::new();
        let mut last = None;
        let full: Vec<&str> = descent.iter().chain(own.iter()).copied().collect();
        for (i, segment) in full.iter().enumerate() {
            let field = map.field(&type_name, segment)?;
            let (named, list) = field.ty.named();
            let paged = list && field.args.iter().any(|a| a.name == "first");
            node = node.child(if paged { format!("{segment}(first: {PAGE})") } else { (*segment).to_owned() });
            if i >= descent.len() {
                let (zh, _) = bilingual(field.description.as_deref().unwrap_or_default());
                labels_zh.push(zh);
            }
            type_name = named.to_owned();
            last = Some((field, list));
        }
        let (field, list) = last.ok_or_else(|| format!("{}: an empty path", column.name))?;
        let leaf_kind = map.kind(&type_name);
        if leaf_kind == "OBJECT" || leaf_kind == "INTERFACE" {
            return Err(format!("{}.{}: {} is not a scalar or code", dataset.name, column.name, type_name));
        }
        let (kind, unit) = kind_of(map, &type_name);
        let (_, en) = bilingual(field.description.as_deref().unwrap_or_default());
        columns.push(ColumnDoc {
            name: column.name,
            level: column.level,
            path: own,
            graphql: format!("{item_type}.{}", full.join(".")),
            kind,
            list,
            unit,
            code_list: (kind == "code").then(|| type_name.clone()),
            description_zh: labels_zh.into_iter().filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" · "),
            description_en: en,
        });
    }
    Ok(Prepared { dataset, query: document.replace('@', &selection.render()), columns, filters })
}

impl Prepared {
    /// The `filter` variable for the conditions `params` name (a URL's parameters other than `asOf`), each read
    /// as its field's type; `None` for no condition. A name that is not one of the dataset's filters, or a value
    /// that is not of its type, is refused with what the dataset accepts.
    pub fn filter(&self, params: &[(String, String)]) -> Result<Option<Value>, String> {
        let mut filter = serde_json::Map::new();
        for (name, value) in params {
            let Some(known) = self.filters.iter().find(|f| &f.name == name) else {
                let accepted: Vec<&str> = self.filters.iter().map(|f| f.name.as_str()).collect();
                return Err(if accepted.is_empty() {
                    format!("{} cannot be narrowed; it takes no parameter but asOf where dated", self.dataset.name)
                } else {
                    format!("{} is not a filter of {}; it takes {}", name, self.dataset.name, accepted.join(", "))
                });
            };
            let value = value.trim();
            let typed = match known.kind {
                "integer" => value.parse::<i64>().map(Value::from).map_err(|_| format!("{name} is a whole number")),
                "boolean" => value.parse::<bool>().map(Value::from).map_err(|_| format!("{name} is true or false")),
                "date" => value
                    .parse::<chrono::NaiveDate>()
                    .map(|_| Value::from(value))
                    .map_err(|_| format!("{name} is a day, YYYY-MM-DD")),
                "code" => {
                    let list = known.code_list.as_deref().unwrap_or_default();
                    let codes = entity::vocab::CODE_LISTS.iter().find(|l| l.name == list);
                    match codes {
                        Some(codes) if !codes.values.iter().any(|v| v.code == value) => {
                            let all: Vec<&str> = codes.values.iter().map(|v| v.code).collect();
                            Err(format!("{name} is one of {}", all.join(", ")))
                        }
                        _ => Ok(Value::from(value)),
                    }
                }
                _ => Ok(Value::from(value)),
            }?;
            filter.insert(name.clone(), typed);
        }
        Ok((!filter.is_empty()).then_some(Value::Object(filter)))
    }

    /// The data dictionary, as `/data/<name>.dictionary.json` serves it.
    pub fn dictionary(&self) -> Value {
        let d = self.dataset;
        let root = match d.root {
            Root::Pages { field, .. } => json!({ "field": field, "pages": true }),
            Root::List { field, list } => json!({ "field": field.split('(').next().unwrap_or(field), "list": list }),
        };
        json!({
            "dataset": d.name,
            "title": { "zh": d.title_zh, "en": d.title_en },
            "description": { "zh": d.description_zh, "en": d.description_en },
            "asOf": d.as_of,
            "filters": self.filters.iter().map(|f| json!({ "name": f.name, "type": f.kind, "codeList": f.code_list })).collect::<Vec<_>>(),
            "graphqlQuery": self.query,
            "root": root,
            "descend": d.descend,
            "columns": self.columns.iter().map(|c| json!({
                "name": c.name,
                "type": c.kind,
                "list": c.list,
                "unit": c.unit,
                "codeList": c.code_list,
                "description": { "zh": c.description_zh, "en": c.description_en },
                "graphql": c.graphql,
                "level": c.level,
                "path": c.path.join("."),
            })).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_split_into_chinese_and_english() {
        assert_eq!(bilingual("名称 Name in Chinese."), ("名称".into(), "Name in Chinese.".into()));
        assert_eq!(bilingual("Only English here"), ("".into(), "Only English here".into()));
    }
}
