//! A mutation's input as an HTML form, and a posted form back into the mutation's variables — both walked from the
//! input type the schema describes (`SchemaMap`), so every input field gets its control, label and help from its own
//! bilingual description. Names are paths: `assignee`, `serviceCenter.staffCount`, `members.2.name`; a list of input
//! objects is a set of rows (`members._rows` says how many) that a no-JavaScript "add a row" button grows.

use super::schema::{Field, SchemaMap, TypeRef, label_and_help};
use crate::domain::calendar::instant_of;
use chrono::NaiveDateTime;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Input objects nest at most this deep in a form.
const MAX_DEPTH: usize = 4;
/// Rows a list of input objects starts with.
const FIRST_ROWS: usize = 1;
/// Most rows a form offers.
const MAX_ROWS: usize = 60;
/// String fields shown as a text area: the long texts of the schema.
const LONG_TEXTS: &[&str] = &[
    "reason",
    "content",
    "description",
    "summary",
    "text",
    "note",
    "notes",
    "answer",
    "response",
    "opinion",
    "outcome",
    "details",
    "measures",
    "remarks",
    "findings",
    "basis",
    "decision",
    "items",
    "address",
    "body",
    "facts",
    "report",
    "location",
    "actionTaken",
    "legalBasis",
    "serviceScope",
];

/// The values of a form: posted, or given in the address to fill a form in.
#[derive(Debug, Clone, Default)]
pub struct Values(Vec<(String, String)>);

impl Values {
    pub fn parse(encoded: &str) -> Self {
        Values(serde_urlencoded::from_str(encoded).unwrap_or_default())
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
    }

    fn text(&self, name: &str) -> &str {
        self.get(name).map(str::trim).unwrap_or_default()
    }

    pub fn set(&mut self, name: &str, value: &str) {
        self.0.retain(|(n, _)| n != name);
        self.0.push((name.to_owned(), value.to_owned()));
    }

    /// Whether any value under `prefix` (a row) is filled in.
    fn any_under(&self, prefix: &str) -> bool {
        self.0.iter().any(|(n, v)| n.starts_with(prefix) && !n.ends_with("._rows") && !v.trim().is_empty())
    }

    /// How many rows the list at `name` has.
    fn rows(&self, name: &str) -> usize {
        self.get(&format!("{name}._rows")).and_then(|n| n.parse().ok()).unwrap_or(FIRST_ROWS).clamp(1, MAX_ROWS)
    }
}

/// One choice of a select or a set of checkboxes.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One element of a form, in order: a control, a hidden value, the start or end of a group, an "add a row"
/// button. (Flat, so the template places it without recursion.)
#[derive(Default)]
pub struct Element {
    /// `input`, `textarea`, `select`, `checkboxes`, `hidden`, `open`, `close` or `add-row`.
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub label: String,
    pub help: String,
    pub required: bool,
    pub error: String,
    pub value: String,
    pub input_type: &'static str,
    pub inputmode: &'static str,
    pub choices: Vec<Choice>,
}

/// Draws forms and reads them back, over the schema's types.
pub struct Drawing<'a> {
    pub map: &'a SchemaMap,
    pub values: &'a Values,
    /// Messages beside fields, by name.
    pub errors: &'a HashMap<String, String>,
    /// Top-level fields carried as hidden values (the record a form acts on, its version).
    pub hidden: &'a [&'a str],
}

fn id_of(name: &str) -> String {
    format!("f-{}", name.replace('.', "-"))
}

impl Drawing<'_> {
    /// The elements of a form for `input_type`.
    pub fn elements(&self, input_type: &str) -> Vec<Element> {
        let mut out = Vec::new();
        self.fields(input_type, "", 0, &mut out);
        out
    }

    fn fields(&self, input_type: &str, prefix: &str, depth: usize, out: &mut Vec<Element>) {
        let Some(fields) = self.map.get(input_type).and_then(|t| t.input_fields.as_ref()) else { return };
        for field in fields {
            let name = format!("{prefix}{}", field.name);
            if prefix.is_empty() && self.hidden.contains(&field.name.as_str()) {
                let value = self.values.text(&name).to_owned();
                out.push(Element { kind: "hidden", name, value, ..Default::default() });
                continue;
            }
            self.field(field, name, depth, out);
        }
    }

    fn field(&self, field: &Field, name: String, depth: usize, out: &mut Vec<Element>) {
        let (label, help) = label_and_help(field.description.as_deref(), &field.name);
        let error = self.errors.get(&name).cloned().unwrap_or_default();
        let required = field.required();
        let base = Element { id: id_of(&name), name: name.clone(), label, help, required, error, ..Default::default() };
        let named = field.ty.name();
        let kind = self.map.kind(named);
        match (field.ty.item(), kind) {
            (Some(_), "INPUT_OBJECT") if depth < MAX_DEPTH => {
                let rows = self.values.rows(&name);
                out.push(Element { kind: "open", ..base });
                out.push(Element {
                    kind: "hidden",
                    name: format!("{name}._rows"),
                    value: rows.to_string(),
                    ..Default::default()
                });
                for row in 0..rows {
                    out.push(Element {
                        kind: "open",
                        label: format!("第 {} 项 Item {}", row + 1, row + 1),
                        ..Default::default()
                    });
                    self.fields(named, &format!("{name}.{row}."), depth + 1, out);
                    out.push(Element { kind: "close", ..Default::default() });
                }
                if rows < MAX_ROWS {
                    out.push(Element { kind: "add-row", value: name, ..Default::default() });
                }
                out.push(Element { kind: "close", ..Default::default() });
            }
            (None, "INPUT_OBJECT") if depth < MAX_DEPTH => {
                out.push(Element { kind: "open", ..base });
                self.fields(named, &format!("{name}."), depth + 1, out);
                out.push(Element { kind: "close", ..Default::default() });
            }
            (Some(_), "ENUM") => {
                let chosen = self.values.all(&name);
                let choices = self.choices(named, |value| chosen.contains(&value));
                out.push(Element { kind: "checkboxes", choices, ..base });
            }
            (Some(_), _) => {
                let value = self.values.get(&name).unwrap_or_default().to_owned();
                let help = match base.help.as_str() {
                    "" => "每行一项 One per line.".to_owned(),
                    help => format!("{help}（每行一项 one per line）"),
                };
                out.push(Element { kind: "textarea", value, help, ..base });
            }
            (None, "ENUM") => {
                let current = self.values.text(&name);
                let mut choices =
                    vec![Choice { value: String::new(), label: "—".into(), selected: current.is_empty() }];
                choices.extend(self.choices(named, |value| value == current));
                out.push(Element { kind: "select", choices, ..base });
            }
            (None, _) => out.push(self.scalar(&field.name, named, base)),
        }
    }

    fn choices(&self, enum_type: &str, selected: impl Fn(&str) -> bool) -> Vec<Choice> {
        let values = self.map.get(enum_type).and_then(|t| t.enum_values.as_deref()).unwrap_or_default();
        values
            .iter()
            .map(|v| Choice {
                value: v.name.clone(),
                label: v.description.clone().unwrap_or_else(|| v.name.clone()),
                selected: selected(&v.name),
            })
            .collect()
    }

    fn scalar(&self, field_name: &str, scalar: &str, base: Element) -> Element {
        let value = self.values.get(&base.name).unwrap_or_default().to_owned();
        let (kind, input_type, inputmode) = match scalar {
            "Boolean" => {
                let choices = [("", "—"), ("true", "是 Yes"), ("false", "否 No")]
                    .into_iter()
                    .map(|(v, l)| Choice { value: v.into(), label: l.into(), selected: value == v })
                    .collect();
                return Element { kind: "select", choices, ..base };
            }
            "Int" => ("input", "number", "numeric"),
            "Float" | "Money" | "Area" | "Score" => ("input", "text", "decimal"),
            "Date" => ("input", "date", ""),
            "DateTime" => ("input", "datetime-local", ""),
            "String" if LONG_TEXTS.contains(&field_name) => ("textarea", "", ""),
            _ => ("input", "text", ""),
        };
        Element { kind, input_type, inputmode, value, ..base }
    }

    /// The posted form as the input object of `input_type`; or the messages beside the fields it lacks or cannot
    /// read (nothing is sent then).
    pub fn read(&self, input_type: &str) -> Result<Value, HashMap<String, String>> {
        let mut errors = HashMap::new();
        let value = self.object(input_type, "", 0, &mut errors);
        if errors.is_empty() { Ok(value.unwrap_or_else(|| Value::Object(Map::new()))) } else { Err(errors) }
    }

    fn object(
        &self,
        input_type: &str,
        prefix: &str,
        depth: usize,
        errors: &mut HashMap<String, String>,
    ) -> Option<Value> {
        let fields = self.map.get(input_type)?.input_fields.as_ref()?;
        let mut object = Map::new();
        for field in fields {
            let name = format!("{prefix}{}", field.name);
            match self.value(&field.ty, &name, depth, errors) {
                Some(value) => {
                    object.insert(field.name.clone(), value);
                }
                None if field.required() && !errors.contains_key(&name) => {
                    errors.insert(name, "必填 Required".into());
                }
                None => {}
            }
        }
        (!object.is_empty()).then_some(Value::Object(object))
    }

    fn value(&self, ty: &TypeRef, name: &str, depth: usize, errors: &mut HashMap<String, String>) -> Option<Value> {
        let named = ty.name();
        match (ty.item(), self.map.kind(named)) {
            (Some(_), "INPUT_OBJECT") if depth < MAX_DEPTH => {
                let rows = (0..self.values.rows(name))
                    .filter(|row| self.values.any_under(&format!("{name}.{row}.")))
                    .filter_map(|row| self.object(named, &format!("{name}.{row}."), depth + 1, errors))
                    .collect::<Vec<_>>();
                Some(Value::Array(rows)).filter(|_| self.values.any_under(&format!("{name}.")))
            }
            // An object left wholly blank is absent (a required one is then said to be missing), not a set of
            // missing fields.
            (None, "INPUT_OBJECT") if depth < MAX_DEPTH => {
                let prefix = format!("{name}.");
                self.values.any_under(&prefix).then(|| self.object(named, &prefix, depth + 1, errors)).flatten()
            }
            (Some(_), "ENUM") => {
                let chosen: Vec<Value> = self.values.all(name).into_iter().map(Value::from).collect();
                (!chosen.is_empty()).then_some(Value::Array(chosen))
            }
            (Some(_), _) => {
                let lines: Vec<&str> =
                    self.values.text(name).lines().map(str::trim).filter(|l| !l.is_empty()).collect();
                let mut items = Vec::new();
                for line in lines {
                    items.push(scalar_value(named, line).map_err(|m| errors.insert(name.to_owned(), m)).ok()?);
                }
                (!items.is_empty()).then_some(Value::Array(items))
            }
            (None, _) => {
                let text = self.values.text(name);
                if text.is_empty() {
                    return None;
                }
                scalar_value(named, text).map_err(|message| errors.insert(name.to_owned(), message)).ok()
            }
        }
    }
}

/// The form's name of a field a rule names: `members[2].name` (the API's path) is `members.2.name`.
pub fn form_name(field: &str) -> String {
    field.replace('[', ".").replace(']', "")
}

/// A scalar's text as the JSON value its type takes.
fn scalar_value(scalar: &str, text: &str) -> Result<Value, String> {
    match scalar {
        "Int" => text.parse::<i64>().map(Value::from).map_err(|_| "须为整数 A whole number".into()),
        "Float" => text.parse::<f64>().map(Value::from).map_err(|_| "须为数字 A number".into()),
        "Boolean" => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err("须为是或否 Yes or no".into()),
        },
        // A browser's date-time field has no zone: it is the county's time.
        "DateTime" if !text.ends_with('Z') && !text.contains('+') => {
            let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
                .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
                .map_err(|_| "须为日期时间 A date and time".to_owned())?;
            Ok(Value::from(instant_of(local).format("%Y-%m-%dT%H:%M:%SZ").to_string()))
        }
        _ => Ok(Value::from(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browsers_date_time_is_the_countys() {
        assert_eq!(scalar_value("DateTime", "2026-12-07T10:30").unwrap(), "2026-12-07T02:30:00Z");
        assert_eq!(scalar_value("DateTime", "2026-12-07T02:30:00Z").unwrap(), "2026-12-07T02:30:00Z");
        assert!(scalar_value("DateTime", "yesterday").is_err());
        assert_eq!(scalar_value("Int", "12").unwrap(), 12);
        assert!(scalar_value("Int", "1.5").is_err());
        assert_eq!(scalar_value("Money", "12.50").unwrap(), "12.50");
    }

    #[test]
    fn a_rules_field_path_is_a_form_name() {
        assert_eq!(form_name("results[0].subjectId"), "results.0.subjectId");
        assert_eq!(form_name("serviceCenter.staffCount"), "serviceCenter.staffCount");
    }

    #[test]
    fn values_read_rows_and_repeats() {
        let values = Values::parse("members._rows=3&members.1.name=%E7%8E%8B&kinds=A&kinds=B");
        assert_eq!(values.rows("members"), 3);
        assert!(values.any_under("members.1."));
        assert!(!values.any_under("members.0."));
        assert_eq!(values.all("kinds"), ["A", "B"]);
    }
}
