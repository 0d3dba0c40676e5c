//! The staff workbench (`/staff`, README "Staff workbench"): signed-in staff see what awaits them (`inbox`) and take
//! each workflow step in a form (`form`, drawn from the schema by `catalog`). Pages are rendered on the server
//! (askama, `api/templates/staff/`), need no JavaScript, and read and write only through the GraphQL schema as the
//! signed-in actor (`graphql::run`) — the one write path, with the same rules, scoping and audit as a token's.
//! Sessions, cookies, CSRF and the security headers are the edge's (`http/staff.rs`); the sign-in with the
//! county's provider is `auth::oidc`.

mod catalog;
mod form;
mod inbox;
mod pages;
mod schema;

use crate::auth::oidc::Provider;
use crate::auth::{Actor, Role};
use crate::demo::Persona;
use crate::graphql::{self, WuyeSchema};
use crate::service::Service;
pub use catalog::{ACTS_ON, OFFERED};
pub use form::Values;
use sea_orm::DatabaseConnection;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const CSS: &str = include_str!("../../assets/staff/staff.css");

/// How staff sign in.
pub enum Access {
    /// With the county's identity provider.
    Provider(Box<Provider>),
    /// As one of the demo staff: a demo server without a provider.
    Demo(Vec<Persona>),
    /// Not at all: production without a provider.
    NotSetUp,
}

/// A signed-in person, as the pages need them.
pub struct Signed<'a> {
    pub actor: &'a Actor,
    pub csrf: &'a str,
    pub demo: bool,
}

/// The workbench: how staff sign in, the forms, and the stylesheet's fingerprinted address.
pub struct Workbench {
    pub access: Access,
    /// The server's public address (`--public-url`): the provider's redirect target, and https makes cookies
    /// `Secure` with the `__Host-` prefix.
    pub public_url: Option<String>,
    catalog: catalog::Catalog,
    css_path: String,
    /// The writes, for the import (every other form writes through the schema).
    service: Service,
}

/// A registry uploaded to the import: the file's name and bytes, and, to write it, the sha256 of the file the dry
/// run tried (and whether to skip failing rows).
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
    pub commit: Option<String>,
    pub skip_invalid: bool,
}

/// What a page needs to run its queries as the signed-in actor.
pub struct Reader<'a> {
    pub schema: &'a WuyeSchema,
    pub db: &'a DatabaseConnection,
    pub signed: Signed<'a>,
}

impl Reader<'_> {
    /// Runs `document` as the signed-in actor: its data, and its errors as (code, message, extensions).
    async fn run(&self, document: &str, variables: Value) -> (Value, Vec<Failure>) {
        let request = async_graphql::Request::new(document).variables(async_graphql::Variables::from_json(variables));
        let response = graphql::run(self.schema, self.db, request, Some(self.signed.actor.clone())).await;
        let failures = response.errors.iter().map(Failure::of).collect();
        (response.data.into_json().unwrap_or(Value::Null), failures)
    }
}

/// An error of a GraphQL answer, as the pages explain it.
#[derive(Debug, Clone)]
pub struct Failure {
    pub code: String,
    pub message: String,
    pub message_zh: String,
    pub field: Option<String>,
}

impl Failure {
    fn of(error: &async_graphql::ServerError) -> Self {
        let extension = |name: &str| match error.extensions.as_ref().and_then(|x| x.get(name)) {
            Some(async_graphql::Value::String(text)) => Some(text.clone()),
            _ => None,
        };
        Failure {
            code: extension("code").unwrap_or_else(|| "ERROR".into()),
            message: error.message.clone(),
            message_zh: extension("messageZh").unwrap_or_default(),
            field: extension("field"),
        }
    }
}

/// A page and its HTTP status.
pub struct Answer {
    pub status: u16,
    pub html: String,
}

impl Workbench {
    /// The workbench over `schema` (asked once for its mutations and types).
    pub async fn new(
        schema: &WuyeSchema,
        access: Access,
        public_url: Option<String>,
        service: Service,
    ) -> anyhow::Result<Self> {
        let catalog = catalog::Catalog::new(schema::SchemaMap::load(schema).await?)?;
        let fingerprint = hex::encode(Sha256::digest(CSS.as_bytes()));
        Ok(Workbench {
            access,
            public_url,
            catalog,
            css_path: format!("/staff/static/staff.{}.css", &fingerprint[..12]),
            service,
        })
    }

    /// The import's page, with the upload form.
    pub fn import_page(&self, signed: &Signed<'_>) -> String {
        pages::import(&self.css_path, signed, None, None)
    }

    /// Runs an uploaded registry as the signed-in person: a dry run, or — when `commit` names the sha256 of the file
    /// just tried and the file is that one — the commit. The status and the report's page.
    pub async fn import(&self, signed: &Signed<'_>, upload: Upload) -> (u16, String) {
        use crate::import::run::{Mode, run};
        let Upload { name, bytes, commit, skip_invalid } = upload;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let mode = match commit {
            Some(expected) if expected != sha256 => {
                let problem = "该文件与试运行的文件不同，未写入；请先对它试运行。This is not the file just tried; nothing was \
                               written. Try it first.";
                return (409, pages::import(&self.css_path, signed, None, Some(problem)));
            }
            Some(_) => Mode::Commit { skip_invalid },
            None => Mode::DryRun,
        };
        match run(&self.service, signed.actor, &name, &bytes, mode, &mut |_, _| {}).await {
            Ok(report) => {
                let status = if report.problems.is_empty() { 200 } else { 422 };
                (status, pages::import(&self.css_path, signed, Some(&report), None))
            }
            Err(error) => {
                tracing::error!(%error, "an import could not run");
                let problem = "导入暂时无法进行，未写入。The import cannot run now; nothing was written.";
                (503, pages::import(&self.css_path, signed, None, Some(problem)))
            }
        }
    }

    /// The stylesheet, when `file` is its fingerprinted name.
    pub fn stylesheet(&self, file: &str) -> Option<&'static str> {
        (self.css_path.strip_prefix("/staff/static/") == Some(file)).then_some(CSS)
    }

    /// The sign-in page: the demo staff to choose from (each a form carrying `csrf`), the provider's button, or
    /// "not set up"; with `problem` said first.
    pub fn sign_in(&self, csrf: &str, problem: Option<&str>) -> String {
        pages::sign_in(&self.css_path, &self.access, csrf, problem)
    }

    /// A page that only says something (signed out, refused, not found).
    pub fn message(&self, signed: Option<&Signed<'_>>, title: &str, text: &str) -> String {
        pages::message(&self.css_path, signed, title, text)
    }

    /// The inbox of the signed-in person.
    pub async fn inbox(&self, reader: &Reader<'_>) -> String {
        let actor = reader.signed.actor;
        let mut sections = Vec::new();
        for section in inbox::sections(actor.role) {
            let Some(document) = inbox::document(section.operation) else { continue };
            let codes: Vec<Option<&str>> = if inbox::takes_code(&document) {
                actor.scope.codes().iter().map(|c| Some(c.as_str())).collect()
            } else {
                vec![None]
            };
            let (mut total, mut items, mut failed) = (0, Vec::new(), None);
            for code in codes {
                let variables = code.map_or_else(|| json!({}), |code| json!({ "code": code }));
                let (data, failures) = reader.run(&document, variables).await;
                failed = failed.or(failures.into_iter().next());
                total += data["items"]["totalCount"].as_i64().unwrap_or(0);
                for node in data["items"]["nodes"].as_array().map(Vec::as_slice).unwrap_or_default() {
                    let type_name = node["__typename"].as_str().unwrap_or_default();
                    items.push(pages::Item {
                        href: section.href(node),
                        line: inbox::line(&self.catalog.map, type_name, node),
                    });
                }
            }
            if let Some(failure) = &failed {
                tracing::warn!(operation = section.operation, ?failure, "an inbox section's query failed");
            }
            sections.push(pages::Section { title: section.title, total, items, failed: failed.is_some() });
        }
        pages::inbox(&self.css_path, &reader.signed, sections)
    }

    /// The forms offered to the signed-in person.
    pub fn forms(&self, signed: &Signed<'_>) -> String {
        let forms = self
            .catalog
            .offered_to(signed.actor.role)
            .map(|f| pages::FormLink {
                href: format!("/staff/act/{}", f.mutation),
                label: f.label.clone(),
                help: f.help.clone(),
                needs_record: f.record_type.is_some(),
            })
            .collect();
        pages::forms(&self.css_path, signed, forms)
    }

    /// The estates and enterprises whose names (or pinyin initials, or codes) match `text`, each linking to its
    /// record's page and the forms about it.
    pub async fn find(&self, reader: &Reader<'_>, text: &str) -> String {
        let document = "query Find($text: String!) { search(text: $text, first: 20) {
            estates { __typename id name code } enterprises { __typename id name creditCode } } }";
        let found = if text.trim().is_empty() {
            Vec::new()
        } else {
            let (data, _) = reader.run(document, json!({ "text": text.trim() })).await;
            let hits = |list: &str| data["search"][list].as_array().cloned().unwrap_or_default();
            hits("estates")
                .into_iter()
                .chain(hits("enterprises"))
                .map(|node| pages::Item {
                    href: format!("/staff/record/{}", urlencode(node["id"].as_str().unwrap_or_default())),
                    line: inbox::line(&self.catalog.map, node["__typename"].as_str().unwrap_or_default(), &node),
                })
                .collect()
        };
        pages::find(&self.css_path, &reader.signed, text, found)
    }

    /// A record, with the forms the signed-in person may take on it; `None` when they cannot read it.
    pub async fn record(&self, reader: &Reader<'_>, id: &str) -> Option<String> {
        let record = self.summary(reader, id).await?;
        let actions = self
            .catalog
            .about(reader.signed.actor.role, &record.type_name)
            .map(|(f, field)| pages::FormLink {
                href: act_href(&f.mutation, &[(field, id)]),
                label: f.label.clone(),
                help: f.help.clone(),
                needs_record: true,
            })
            .collect();
        Some(pages::record(&self.css_path, &reader.signed, &record, actions))
    }

    /// The form of `mutation`, filled in from `values` (and, when they name a record, showing it); `None` when no
    /// such form exists.
    pub async fn form(&self, reader: &Reader<'_>, mutation: &str, mut values: Values) -> Option<Answer> {
        let spec = self.catalog.form(mutation)?;
        let record = self.record_of(reader, spec, &values).await;
        if let Some(record) = &record
            && values.get("expectedVersion").is_none()
        {
            values.set("expectedVersion", &record.version.to_string());
        }
        // A form about another record (`townId` and `expectedVersion` of a town's service centre) carries its version.
        let context = if record.is_none() { self.context_of(reader, spec, &values).await } else { None };
        if let Some(context) = &context
            && values.get("expectedVersion").is_none()
        {
            values.set("expectedVersion", &context.version.to_string());
        }
        let shown = record.as_ref().or(context.as_ref());
        let drawing = form::Drawing {
            map: &self.catalog.map,
            values: &values,
            errors: &Default::default(),
            hidden: hidden_fields(record.as_ref()),
        };
        let html = pages::form(&self.css_path, &reader.signed, spec, shown, drawing.elements(&spec.input_type), None);
        Some(Answer { status: 200, html })
    }

    /// Takes the posted form of `mutation`: grows a list ("add a row"), or runs the mutation as the signed-in
    /// actor and answers with what came of it.
    pub async fn submit(&self, reader: &Reader<'_>, mutation: &str, mut values: Values) -> Option<Answer> {
        let spec = self.catalog.form(mutation)?;
        let record = self.record_of(reader, spec, &values).await;
        if let Some(list) = values.get("_more").map(str::to_owned) {
            let rows = values.get(&format!("{list}._rows")).and_then(|n| n.parse::<usize>().ok()).unwrap_or(1);
            values.set(&format!("{list}._rows"), &(rows + 1).to_string());
            let html = self.draw(reader, spec, &values, record.as_ref(), &Default::default(), None);
            return Some(Answer { status: 200, html });
        }
        let hidden = hidden_fields(record.as_ref());
        let drawing = form::Drawing { map: &self.catalog.map, values: &values, errors: &Default::default(), hidden };
        let input = match drawing.read(&spec.input_type) {
            Ok(input) => input,
            Err(errors) => {
                let notice = pages::Notice::problem("请更正标出的字段 Please correct the marked fields.");
                let html = self.draw(reader, spec, &values, record.as_ref(), &errors, Some(notice));
                return Some(Answer { status: 422, html });
            }
        };
        let selection: String =
            spec.payload_records.iter().map(|field| format!("{field} {{ id __typename }} ")).collect();
        let document = format!(
            "mutation Act($input: {}!) {{ answer: {}(input: $input) {{ {selection}}} }}",
            spec.input_type, spec.mutation
        );
        let (data, failures) = reader.run(&document, json!({ "input": input })).await;
        let Some(failure) = failures.first() else {
            let records = spec
                .payload_records
                .iter()
                .filter_map(|field| data["answer"][field]["id"].as_str().map(|id| (field, id)))
                .map(|(field, id)| pages::FormLink {
                    href: format!("/staff/record/{}", urlencode(id)),
                    label: data["answer"][field]["__typename"].as_str().unwrap_or(field).to_owned(),
                    help: String::new(),
                    needs_record: false,
                })
                .collect();
            return Some(Answer { status: 200, html: pages::done(&self.css_path, &reader.signed, spec, records) });
        };
        let (status, notice, mut errors) = explain(failure);
        // A conflict shows the record as it is now and carries its new version, so a second post is deliberate.
        let record = if failure.code == "CONFLICT" { self.record_of(reader, spec, &values).await } else { record };
        if let Some(record) = &record
            && failure.code == "CONFLICT"
        {
            values.set("expectedVersion", &record.version.to_string());
        }
        if let Some(field) = &failure.field
            && !self.has_field(spec, &form::form_name(field))
        {
            errors.clear();
        }
        let html = self.draw(reader, spec, &values, record.as_ref(), &errors, Some(notice));
        Some(Answer { status, html })
    }

    fn has_field(&self, spec: &catalog::FormSpec, name: &str) -> bool {
        let mut type_name = spec.input_type.as_str();
        for part in name.split('.').filter(|p| p.parse::<usize>().is_err()) {
            let Some(field) = self
                .catalog
                .map
                .get(type_name)
                .and_then(|t| t.input_fields.as_deref())
                .and_then(|fields| fields.iter().find(|f| f.name == part))
            else {
                return false;
            };
            type_name = field.ty.name();
        }
        true
    }

    fn draw(
        &self,
        reader: &Reader<'_>,
        spec: &catalog::FormSpec,
        values: &Values,
        record: Option<&pages::Record>,
        errors: &std::collections::HashMap<String, String>,
        notice: Option<pages::Notice>,
    ) -> String {
        let drawing = form::Drawing { map: &self.catalog.map, values, errors, hidden: hidden_fields(record) };
        let elements = drawing.elements(&spec.input_type);
        pages::form(&self.css_path, &reader.signed, spec, record, elements, notice)
    }

    /// The record a form acts on, when the form takes one and `values` name it.
    async fn record_of(&self, reader: &Reader<'_>, spec: &catalog::FormSpec, values: &Values) -> Option<pages::Record> {
        let wanted = spec.record_type.as_deref()?;
        let record = self.summary(reader, values.get("id")?).await?;
        (record.type_name == wanted).then_some(record)
    }

    /// The record a new record's form is about, when `values` name one of its references (the estate a complaint
    /// is received about): shown above the form for context.
    async fn context_of(
        &self,
        reader: &Reader<'_>,
        spec: &catalog::FormSpec,
        values: &Values,
    ) -> Option<pages::Record> {
        for (field, type_name) in &spec.references {
            if let Some(id) = values.get(field).filter(|id| !id.trim().is_empty())
                && let Some(record) = self.summary(reader, id.trim()).await
                && &record.type_name == type_name
            {
                return Some(record);
            }
        }
        None
    }

    /// A record by its global id, as the signed-in person may read it: its type, version and fields (each scalar
    /// field, and the name of each named object it refers to), labelled by the schema.
    async fn summary(&self, reader: &Reader<'_>, id: &str) -> Option<pages::Record> {
        let (data, _) = reader.run("query Kind($id: ID!) { node(id: $id) { __typename } }", json!({ "id": id })).await;
        let type_name = data["node"]["__typename"].as_str()?.to_owned();
        let definition = self.catalog.map.get(&type_name)?;
        let fields: Vec<&schema::Field> = definition
            .fields
            .as_deref()
            .unwrap_or_default()
            .iter()
            .filter(|f| f.args.is_empty() && f.ty.item().is_none())
            .filter(|f| match self.catalog.map.kind(f.ty.name()) {
                "SCALAR" | "ENUM" => true,
                "OBJECT" => self.catalog.map.get(f.ty.name()).and_then(|t| t.field("name")).is_some(),
                _ => false,
            })
            .collect();
        let selection: String = fields
            .iter()
            .map(|f| match self.catalog.map.kind(f.ty.name()) {
                "OBJECT" => format!("{} {{ name }} ", f.name),
                _ => format!("{} ", f.name),
            })
            .collect();
        let document = format!("query Record($id: ID!) {{ node(id: $id) {{ ... on {type_name} {{ {selection}}} }} }}");
        let (data, _) = reader.run(&document, json!({ "id": id })).await;
        let node = &data["node"];
        let rows = fields
            .iter()
            .filter_map(|f| {
                let value = match &node[&f.name] {
                    Value::Null => return None,
                    Value::Object(object) => object.get("name")?.as_str()?.to_owned(),
                    Value::String(code) if self.catalog.map.kind(f.ty.name()) == "ENUM" => {
                        self.catalog.map.enum_label(f.ty.name(), code)
                    }
                    Value::String(instant) if f.ty.name() == "DateTime" => inbox::county_time(instant),
                    Value::String(text) => text.clone(),
                    Value::Bool(yes) => (if *yes { "是 Yes" } else { "否 No" }).to_owned(),
                    other => other.to_string(),
                };
                let (label, _) = schema::label_and_help(f.description.as_deref(), &f.name);
                Some((label, value))
            })
            .collect();
        let (label, _) = schema::label_and_help(definition.description.as_deref(), &type_name);
        Some(pages::Record { type_name, label, version: node["version"].as_i64().unwrap_or_default(), rows })
    }
}

/// The top-level fields a form carries hidden: the record's id and version, when it shows the record.
fn hidden_fields(record: Option<&pages::Record>) -> &'static [&'static str] {
    if record.is_some() { &["id", "expectedVersion"] } else { &[] }
}

/// What a failed mutation tells the person: the status, the notice at the top, and the message beside a field.
fn explain(failure: &Failure) -> (u16, pages::Notice, std::collections::HashMap<String, String>) {
    let said = format!("{} {}", failure.message_zh, failure.message).trim().to_owned();
    let mut beside = std::collections::HashMap::new();
    let (status, notice) = match failure.code.as_str() {
        "BAD_USER_INPUT" => {
            if let Some(field) = &failure.field {
                beside.insert(form::form_name(field), said.clone());
            }
            (422, pages::Notice::problem(&said))
        }
        "CONFLICT" => (
            409,
            pages::Notice::problem(&format!(
                "记录在您打开后已被修改，下面是它现在的状态；请核对后再提交。It changed since you opened it: below is \
                 its new state; check it and submit again. ({said})"
            )),
        ),
        "FORBIDDEN" | "UNAUTHENTICATED" => (
            403,
            pages::Notice::problem(&format!(
                "您的角色或范围不能办理此事项。This step is outside your role or scope. ({said})"
            )),
        ),
        "INVALID_STATE" => (
            409,
            pages::Notice::problem(&format!(
                "此步骤不适用于该记录的当前状态。This step does not apply to the record as it stands. ({said})"
            )),
        ),
        "NOT_FOUND" => (404, pages::Notice::problem(&format!("找不到该记录。No such record. ({said})"))),
        _ => (500, pages::Notice::problem(&format!("未能完成。It could not be done. ({said})"))),
    };
    (status, notice, beside)
}

/// The address of `mutation`'s form, filled in with `values`.
fn act_href(mutation: &str, values: &[(&str, &str)]) -> String {
    format!("/staff/act/{mutation}?{}", serde_urlencoded::to_string(values).unwrap_or_default())
}

/// `text` for a URL's path.
fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)]).map(|s| s[1..].to_owned()).unwrap_or_default()
}

/// What the demo sign-in page calls a role.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::County => "县级 County",
        Role::Town => "镇级 Town",
        Role::Community => "社区 Community",
        Role::Committee => "业委会 Committee",
        Role::Enterprise => "物业企业 Enterprise",
        Role::System => "系统 System",
    }
}
