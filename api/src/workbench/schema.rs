//! What the workbench knows of the schema, asked once at start by introspection: the mutations with their input
//! types, every input object's fields, every enum's values and every object's fields, each with its bilingual
//! description — forms are drawn from this, so a mutation added to the schema gets its form from its own words.

use crate::graphql::WuyeSchema;
use serde::Deserialize;
use std::collections::HashMap;

const INTROSPECTION: &str = r#"{ __schema { mutationType { name } types { name kind description
  fields { name description args { name type { ...T } } type { ...T } }
  inputFields { name description defaultValue type { ...T } }
  enumValues { name description }
  interfaces { name } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }"#;

/// A type as a field names it: the named type and its wrappers.
#[derive(Debug, Clone, Deserialize)]
pub struct TypeRef {
    kind: String,
    name: Option<String>,
    #[serde(rename = "ofType")]
    of_type: Option<Box<TypeRef>>,
}

impl TypeRef {
    /// Whether a value is required (NON_NULL outermost).
    pub fn required(&self) -> bool {
        self.kind == "NON_NULL"
    }

    /// The type without its outer NON_NULL.
    fn nullable(&self) -> &TypeRef {
        match (&self.of_type, self.kind.as_str()) {
            (Some(inner), "NON_NULL") => inner,
            _ => self,
        }
    }

    /// The list's item type, when this is a list.
    pub fn item(&self) -> Option<&TypeRef> {
        let nullable = self.nullable();
        nullable.of_type.as_deref().filter(|_| nullable.kind == "LIST")
    }

    /// The named type inside every wrapper.
    pub fn name(&self) -> &str {
        match &self.of_type {
            Some(inner) => inner.name(),
            None => self.name.as_deref().unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Arg {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeRef,
}

/// A field of an object or an input object.
#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    pub name: String,
    pub description: Option<String>,
    #[serde(default)]
    pub args: Vec<Arg>,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// An input field's default, which makes it optional however its type reads.
    #[serde(rename = "defaultValue", default)]
    pub default_value: Option<String>,
}

impl Field {
    /// Whether a form must give a value: non-null, without a default.
    pub fn required(&self) -> bool {
        self.ty.required() && self.default_value.is_none()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct EnumValue {
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Named {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TypeDef {
    pub name: String,
    pub kind: String,
    pub description: Option<String>,
    pub fields: Option<Vec<Field>>,
    #[serde(rename = "inputFields")]
    pub input_fields: Option<Vec<Field>>,
    #[serde(rename = "enumValues")]
    pub enum_values: Option<Vec<EnumValue>>,
    pub interfaces: Option<Vec<Named>>,
}

impl TypeDef {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.as_deref().unwrap_or_default().iter().find(|f| f.name == name)
    }

    /// Whether this object implements `Node` (so it has an `id` and a page of its own).
    pub fn is_node(&self) -> bool {
        self.interfaces.as_deref().unwrap_or_default().iter().any(|i| i.name == "Node")
    }
}

/// The schema's types by name, and the mutation type's name.
pub struct SchemaMap {
    types: HashMap<String, TypeDef>,
    mutation: String,
}

impl SchemaMap {
    pub async fn load(schema: &WuyeSchema) -> anyhow::Result<Self> {
        let mut found = crate::graphql::introspect(schema, INTROSPECTION).await?;
        let types: Vec<TypeDef> = serde_json::from_value(found["types"].take())?;
        let mutation = found["mutationType"]["name"].as_str().unwrap_or("Mutation").to_owned();
        Ok(SchemaMap { types: types.into_iter().map(|t| (t.name.clone(), t)).collect(), mutation })
    }

    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.types.get(name)
    }

    /// The mutation fields, in the schema's order.
    pub fn mutations(&self) -> &[Field] {
        self.types.get(&self.mutation).and_then(|t| t.fields.as_deref()).unwrap_or_default()
    }

    /// The names of the types that implement `Node`.
    pub fn node_types(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.types.values().filter(|t| t.is_node()).map(|t| t.name.as_str()).collect();
        names.sort_unstable();
        names
    }

    /// What the schema calls `code` of enum `name` (its description), or the code itself.
    pub fn enum_label(&self, name: &str, code: &str) -> String {
        let values = self.types.get(name).and_then(|t| t.enum_values.as_deref()).unwrap_or_default();
        values.iter().find(|v| v.name == code).and_then(|v| v.description.clone()).unwrap_or_else(|| code.to_owned())
    }

    pub fn kind(&self, name: &str) -> &str {
        self.types.get(name).map_or("SCALAR", |t| t.kind.as_str())
    }
}

/// A description split into its Chinese label (before the first space) and its English help (the rest).
pub fn label_and_help(description: Option<&str>, fallback: &str) -> (String, String) {
    let text = description.unwrap_or_default().trim();
    match text.split_once(' ') {
        Some((label, help)) if !label.is_ascii() => (label.to_owned(), help.trim().to_owned()),
        _ if text.is_empty() => (fallback.to_owned(), String::new()),
        _ => (fallback.to_owned(), text.to_owned()),
    }
}
