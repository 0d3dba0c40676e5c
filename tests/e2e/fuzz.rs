//! Fuzzing the GraphQL endpoint for a bounded time (`WUYE_FUZZ_SECONDS`, default 15) with documents generated from
//! the schema itself: every query and mutation field, arguments of every type with values at and past their edges
//! (and of the wrong type), nested selections, as the public and as staff of every role, plus broken documents. Any
//! 5xx, any INTERNAL error or any internal text in a response fails the run, naming the seed and the document.

use crate::helpers::{Data, TestApp, spawn_app_configured, token};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift), seeded per run and printed on failure.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A type reference: the named type and its wrappers, outermost first.
#[derive(Clone, Debug)]
struct TypeRef {
    name: String,
    wrappers: Vec<&'static str>,
}

fn type_ref(value: &Value) -> TypeRef {
    let mut wrappers = Vec::new();
    let mut current = value;
    loop {
        match current["kind"].as_str().unwrap() {
            "NON_NULL" => wrappers.push("!"),
            "LIST" => wrappers.push("[]"),
            _ => return TypeRef { name: current["name"].as_str().unwrap().to_owned(), wrappers },
        }
        current = &current["ofType"];
    }
}

struct Field {
    name: String,
    args: Vec<(String, TypeRef)>,
    ty: TypeRef,
}

struct Schema {
    kinds: HashMap<String, String>,
    fields: HashMap<String, Vec<Field>>,
    inputs: HashMap<String, Vec<(String, TypeRef)>>,
    enums: HashMap<String, Vec<String>>,
    possible: HashMap<String, Vec<String>>,
}

const INTROSPECTION: &str = "{ __schema { types { name kind enumValues { name } possibleTypes { name }
    fields { name args { name type { ...T } } type { ...T } }
    inputFields { name type { ...T } } } } }
    fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }";

async fn schema(app: &TestApp) -> Schema {
    let data = app.data(INTROSPECTION, json!({})).await;
    let mut schema = Schema {
        kinds: HashMap::new(),
        fields: HashMap::new(),
        inputs: HashMap::new(),
        enums: HashMap::new(),
        possible: HashMap::new(),
    };
    for t in data["__schema"]["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap().to_owned();
        schema.kinds.insert(name.clone(), t["kind"].as_str().unwrap().to_owned());
        if let Some(fields) = t["fields"].as_array() {
            let fields = fields
                .iter()
                .map(|f| Field {
                    name: f["name"].as_str().unwrap().to_owned(),
                    args: f["args"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|a| (a["name"].as_str().unwrap().to_owned(), type_ref(&a["type"])))
                        .collect(),
                    ty: type_ref(&f["type"]),
                })
                .collect();
            schema.fields.insert(name.clone(), fields);
        }
        if let Some(inputs) = t["inputFields"].as_array() {
            let inputs =
                inputs.iter().map(|f| (f["name"].as_str().unwrap().to_owned(), type_ref(&f["type"]))).collect();
            schema.inputs.insert(name.clone(), inputs);
        }
        if let Some(values) = t["enumValues"].as_array() {
            schema.enums.insert(name.clone(), values.iter().map(|v| v["name"].as_str().unwrap().to_owned()).collect());
        }
        if let Some(possible) = t["possibleTypes"].as_array() {
            schema.possible.insert(name, possible.iter().map(|p| p["name"].as_str().unwrap().to_owned()).collect());
        }
    }
    schema
}

const STRINGS: [&str; 12] = [
    "",
    "340621100",
    "XQ3406210001",
    "91340621MA2T1000XQ",
    "' OR 1=1 --",
    "\\\" } { __typename",
    "锦绣花园",
    "%",
    "_",
    "2026-02-30",
    "1.234",
    "\u{0}",
];

/// A literal of type `ty` — mostly well-typed, sometimes not.
fn literal(schema: &Schema, dice: &mut Dice, ty: &TypeRef, depth: usize) -> String {
    if dice.chance(8) {
        return dice.pick(&["null", "1", "\"x\"", "true", "[]", "{}", "-2147483649", "1e400"]).to_string();
    }
    if ty.wrappers.contains(&"[]") {
        let inner = TypeRef { name: ty.name.clone(), wrappers: Vec::new() };
        let items: Vec<String> = (0..dice.below(4)).map(|_| literal(schema, dice, &inner, depth + 1)).collect();
        return format!("[{}]", items.join(", "));
    }
    match (schema.kinds.get(&ty.name).map(String::as_str), ty.name.as_str()) {
        (_, "Int") => dice.pick(&["0", "1", "-1", "5", "100", "101", "2147483647", "-2147483648"]).to_string(),
        (_, "Float") => dice.pick(&["0.5", "-1.0", "1e10"]).to_string(),
        (_, "Boolean") => dice.pick(&["true", "false"]).to_string(),
        (_, "Money" | "Area" | "Score") => {
            format!("\"{}\"", dice.pick(&["0.00", "1.5", "-3", "12345678901234567890", "abc", "1.234"]))
        }
        (_, "Date") => {
            format!("\"{}\"", dice.pick(&["2026-01-31", "2026-02-29", "2028-02-29", "1900-01-01", "9999-12-31", "x"]))
        }
        (_, "DateTime") => format!("\"{}\"", dice.pick(&["2026-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "now"])),
        (_, "ID") => {
            format!("\"{}\"", dice.pick(&["RXN0YXRlOjE", "VG93bjox", "Q29tcGxhaW50OjE", "bm90aGluZw", "!!", ""]))
        }
        (Some("ENUM"), _) => {
            let values = &schema.enums[&ty.name];
            if dice.chance(90) { dice.pick(values).clone() } else { "NOT_A_VALUE".into() }
        }
        (Some("INPUT_OBJECT"), _) if depth < 4 => {
            let fields = &schema.inputs[&ty.name];
            let mut chosen = Vec::new();
            for (name, t) in fields {
                if t.wrappers.first() == Some(&"!") || dice.chance(50) {
                    chosen.push(format!("{name}: {}", literal(schema, dice, t, depth + 1)));
                }
            }
            format!("{{ {} }}", chosen.join(", "))
        }
        // A GraphQL escape of the NUL character, which the endpoint's own check of the raw text cannot see.
        _ if dice.chance(3) => "\"a\\u0000\"".into(),
        _ => format!("\"{}\"", dice.pick(&STRINGS).replace('\\', "\\\\").replace('"', "\\\"")),
    }
}

/// A selection set on `type_name`, a few fields deep.
fn selection(schema: &Schema, dice: &mut Dice, type_name: &str, depth: usize) -> String {
    let kind = schema.kinds.get(type_name).map(String::as_str).unwrap_or("SCALAR");
    if matches!(kind, "INTERFACE" | "UNION") {
        let possible = schema.possible.get(type_name).cloned().unwrap_or_default();
        if possible.is_empty() || depth > 3 {
            return "{ __typename }".into();
        }
        let on = dice.pick(&possible).clone();
        return format!("{{ __typename ... on {on} {} }}", selection(schema, dice, &on, depth + 1));
    }
    let Some(fields) = schema.fields.get(type_name) else { return String::new() };
    let mut chosen = Vec::new();
    for _ in 0..1 + dice.below(4) {
        let field = dice.pick(fields);
        let leaf =
            !matches!(schema.kinds.get(&field.ty.name).map(String::as_str), Some("OBJECT" | "INTERFACE" | "UNION"));
        if !leaf && depth > 3 {
            continue;
        }
        chosen.push(format!(
            "{}{}{}",
            field.name,
            arguments(schema, dice, &field.args),
            if leaf { String::new() } else { format!(" {}", selection(schema, dice, &field.ty.name, depth + 1)) }
        ));
    }
    if chosen.is_empty() { "{ __typename }".into() } else { format!("{{ {} }}", chosen.join(" ")) }
}

fn arguments(schema: &Schema, dice: &mut Dice, args: &[(String, TypeRef)]) -> String {
    let mut given = Vec::new();
    for (name, t) in args {
        if t.wrappers.first() == Some(&"!") || dice.chance(40) {
            given.push(format!("{name}: {}", literal(schema, dice, t, 0)));
        }
    }
    if given.is_empty() { String::new() } else { format!("({})", given.join(", ")) }
}

/// A document: mostly a query or mutation of the schema, sometimes a broken one.
fn document(schema: &Schema, dice: &mut Dice) -> String {
    let root = if dice.chance(30) { "Mutation" } else { "Query" };
    let field = dice.pick(&schema.fields[root]);
    let body = format!(
        "{}{} {}",
        field.name,
        arguments(schema, dice, &field.args),
        selection(schema, dice, &field.ty.name, 1)
    );
    let text = if root == "Mutation" { format!("mutation {{ {body} }}") } else { format!("{{ {body} }}") };
    match dice.below(20) {
        0 => text.chars().take(dice.below(text.chars().count())).collect(),
        1 => text.replace('{', "(").replace('}', ")"),
        _ => text,
    }
}

/// Signs of internals that must never reach a client.
const LEAKS: [&str; 10] = [
    "sqlx",
    "sqlstate",
    "dberr",
    "panicked",
    "no such table",
    "constraint failed",
    "syntax error at or near",
    "stack backtrace",
    "thread '",
    "src/",
];

#[tokio::test]
async fn the_endpoint_survives_documents_generated_from_its_schema() {
    let app = spawn_app_configured(Data::Demo, |s| {
        s.rate_limits.points = u64::MAX;
        s.rate_limits.staff_points = u64::MAX;
    })
    .await;
    let schema = schema(&app).await;
    let seed = std::env::var("WUYE_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    let seconds = std::env::var("WUYE_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(15);
    let mut dice = Dice(seed);
    let tokens = [
        None,
        Some(token("county", json!("340621"), "fuzz-county")),
        Some(token("town", json!("340621100"), "fuzz-town")),
        Some(token("community", json!("340621100001"), "fuzz-community")),
        Some(token("committee", json!("XQ3406210001"), "fuzz-committee")),
        Some(token("enterprise", json!("91340621MA2T1000XQ"), "fuzz-enterprise")),
    ];
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut sent = 0;
    while Instant::now() < deadline {
        let query = document(&schema, &mut dice);
        let mut request = app.client.post(app.graphql_url()).json(&json!({ "query": query }));
        if let Some(token) = dice.pick(&tokens) {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let context = format!("seed {seed} (WUYE_FUZZ_SEED), document {query}\n=> {status} {text}");
        assert!(status < 500, "a server error: {context}");
        assert!(!text.contains("\"INTERNAL\""), "an internal error: {context}");
        let lower = text.to_lowercase();
        for leak in LEAKS {
            assert!(!lower.contains(leak), "internal text ({leak}): {context}");
        }
        sent += 1;
    }
    eprintln!("fuzz: {sent} documents in {seconds} s, seed {seed}");
    assert!(sent > 50, "the fuzzer ran");
}
