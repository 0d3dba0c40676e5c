//! The workbench's pages: what each template shows, built from plain values (the templates only place text;
//! askama escapes every value).

use super::catalog::FormSpec;
use super::form::Element;
use super::{Access, Signed, role_label};
use askama::Template;

/// The frame of every page: the stylesheet, the title, and who is signed in (with the sign-out form's token).
pub struct Frame {
    pub css: String,
    pub title: String,
    pub who: Option<Who>,
}

pub struct Who {
    pub subject: String,
    pub role: &'static str,
    pub scope: String,
    pub csrf: String,
    pub demo: bool,
    /// Whether the registry's import is offered (the county and the towns keep the registry).
    pub imports: bool,
}

fn frame(css: &str, title: &str, signed: Option<&Signed<'_>>) -> Frame {
    Frame {
        css: css.to_owned(),
        title: title.to_owned(),
        who: signed.map(|s| Who {
            subject: s.actor.subject.clone(),
            role: role_label(s.actor.role),
            scope: s.actor.scope.codes().join(", "),
            csrf: s.csrf.to_owned(),
            demo: s.demo,
            imports: matches!(s.actor.role, crate::auth::Role::County | crate::auth::Role::Town),
        }),
    }
}

fn render(template: impl Template) -> String {
    template.render().unwrap_or_else(|error| {
        tracing::error!(%error, "a workbench template failed");
        "<!doctype html><title>wuye</title><p>页面生成失败 The page could not be built.</p>".into()
    })
}

/// A message at the top of a page.
pub struct Notice {
    pub problem: bool,
    pub text: String,
}

impl Notice {
    pub fn problem(text: &str) -> Self {
        Notice { problem: true, text: text.to_owned() }
    }
}

pub struct DemoChoice {
    pub subject: String,
    pub role: &'static str,
    pub label: String,
}

#[derive(Template)]
#[template(path = "staff/sign_in.html")]
struct SignInPage {
    frame: Frame,
    csrf: String,
    problem: String,
    provider: bool,
    demo: Vec<DemoChoice>,
    not_set_up: bool,
}

pub fn sign_in(css: &str, access: &Access, csrf: &str, problem: Option<&str>) -> String {
    let demo = match access {
        Access::Demo(personas) => personas
            .iter()
            .map(|p| DemoChoice {
                subject: p.actor.subject.clone(),
                role: role_label(p.actor.role),
                label: p.label.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    render(SignInPage {
        frame: frame(css, "登录 Sign in", None),
        csrf: csrf.to_owned(),
        problem: problem.unwrap_or_default().to_owned(),
        provider: matches!(access, Access::Provider(_)),
        not_set_up: matches!(access, Access::NotSetUp),
        demo,
    })
}

#[derive(Template)]
#[template(path = "staff/message.html")]
struct MessagePage {
    frame: Frame,
    text: String,
}

pub fn message(css: &str, signed: Option<&Signed<'_>>, title: &str, text: &str) -> String {
    render(MessagePage { frame: frame(css, title, signed), text: text.to_owned() })
}

pub struct Item {
    pub href: String,
    pub line: String,
}

pub struct Section {
    pub title: &'static str,
    pub total: i64,
    pub items: Vec<Item>,
    pub failed: bool,
}

#[derive(Template)]
#[template(path = "staff/inbox.html")]
struct InboxPage {
    frame: Frame,
    sections: Vec<Section>,
}

pub fn inbox(css: &str, signed: &Signed<'_>, sections: Vec<Section>) -> String {
    render(InboxPage { frame: frame(css, "待办 Inbox", Some(signed)), sections })
}

pub struct FormLink {
    pub href: String,
    pub label: String,
    pub help: String,
    /// Whether the form acts on a record (then it is opened from the record or the inbox).
    pub needs_record: bool,
}

#[derive(Template)]
#[template(path = "staff/forms.html")]
struct FormsPage {
    frame: Frame,
    forms: Vec<FormLink>,
}

pub fn forms(css: &str, signed: &Signed<'_>, forms: Vec<FormLink>) -> String {
    render(FormsPage { frame: frame(css, "办理事项 Forms", Some(signed)), forms })
}

/// A record as a page shows it.
pub struct Record {
    pub type_name: String,
    pub label: String,
    pub version: i64,
    pub rows: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "staff/record.html")]
struct RecordPage<'a> {
    frame: Frame,
    record: &'a Record,
    actions: Vec<FormLink>,
}

pub fn record(css: &str, signed: &Signed<'_>, record: &Record, actions: Vec<FormLink>) -> String {
    render(RecordPage { frame: frame(css, &record.label, Some(signed)), record, actions })
}

#[derive(Template)]
#[template(path = "staff/form.html")]
struct FormPage<'a> {
    frame: Frame,
    mutation: &'a str,
    help: &'a str,
    record: Option<&'a Record>,
    elements: Vec<Element>,
    notice: Option<Notice>,
    csrf: &'a str,
}

pub fn form(
    css: &str,
    signed: &Signed<'_>,
    spec: &FormSpec,
    record: Option<&Record>,
    elements: Vec<Element>,
    notice: Option<Notice>,
) -> String {
    render(FormPage {
        frame: frame(css, &spec.label, Some(signed)),
        mutation: &spec.mutation,
        help: &spec.help,
        record,
        elements,
        notice,
        csrf: signed.csrf,
    })
}

#[derive(Template)]
#[template(path = "staff/done.html")]
struct DonePage {
    frame: Frame,
    records: Vec<FormLink>,
}

pub fn done(css: &str, signed: &Signed<'_>, spec: &FormSpec, records: Vec<FormLink>) -> String {
    render(DonePage { frame: frame(css, &format!("已完成：{}", spec.label), Some(signed)), records })
}

#[derive(Template)]
#[template(path = "staff/find.html")]
struct FindPage {
    frame: Frame,
    text: String,
    found: Vec<Item>,
}

pub fn find(css: &str, signed: &Signed<'_>, text: &str, found: Vec<Item>) -> String {
    render(FindPage { frame: frame(css, "查找记录 Find a record", Some(signed)), text: text.to_owned(), found })
}

#[derive(Template)]
#[template(path = "staff/import.html")]
struct ImportPage<'r> {
    frame: Frame,
    csrf: String,
    problem: String,
    report: Option<&'r crate::import::run::Report>,
}

/// The import's page: the upload form, and the report of the last run.
pub fn import(
    css: &str,
    signed: &Signed<'_>,
    report: Option<&crate::import::run::Report>,
    problem: Option<&str>,
) -> String {
    render(ImportPage {
        frame: frame(css, "导入登记表 Import a registry", Some(signed)),
        csrf: signed.csrf.to_owned(),
        problem: problem.unwrap_or_default().to_owned(),
        report,
    })
}
