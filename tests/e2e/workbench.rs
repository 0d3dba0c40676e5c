//! The staff workbench over HTTP, as a browser without JavaScript uses it: the demo sign-in, the session cookie and
//! its flags, the security headers, a complaint taken from receipt to closing by a community, a town and an
//! enterprise through their inboxes and forms (each step in the audit log under the signed-in subject), CSRF,
//! CONFLICT, BAD_USER_INPUT and FORBIDDEN explained, expired and revoked sessions sent to sign in.

use crate::helpers::{TestApp, run_cli, spawn_app, token};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use std::collections::HashMap;

/// A browser: its own cookies, no redirects followed.
struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    cookies: HashMap<String, String>,
}

struct Page {
    status: u16,
    headers: HeaderMap,
    body: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// The value of the (first) input named `name`.
    fn input(&self, name: &str) -> Option<String> {
        let at = self.body.find(&format!("name=\"{name}\" value=\""))?;
        let rest = &self.body[at + name.len() + 15..];
        Some(rest[..rest.find('"')?].replace("&#61;", "=").replace("&#x3d;", "="))
    }

    /// The hrefs of links starting with `prefix`.
    fn links(&self, prefix: &str) -> Vec<String> {
        self.body
            .match_indices(&format!("href=\"{prefix}"))
            .map(|(at, _)| {
                let rest = &self.body[at + 6..];
                rest[..rest.find('"').unwrap()].replace("&amp;", "&").replace("&#38;", "&")
            })
            .collect()
    }
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { app, client, cookies: HashMap::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn absorb(&mut self, headers: &HeaderMap) {
        for set in headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()) {
            let pair = set.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if set.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    async fn get(&mut self, path: &str) -> Page {
        let response = self
            .client
            .get(format!("{}{path}", self.app.address))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.page(response).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let response = self
            .client
            .post(format!("{}{path}", self.app.address))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(form).unwrap())
            .send()
            .await
            .unwrap();
        self.page(response).await
    }

    /// Posts a multipart form: `fields`, and `file` (its name and bytes) as the field `file`.
    async fn post_file(&mut self, path: &str, fields: &[(&str, &str)], file: (&str, Vec<u8>)) -> Page {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        form = form.part("file", reqwest::multipart::Part::bytes(file.1).file_name(file.0.to_owned()));
        let response = self
            .client
            .post(format!("{}{path}", self.app.address))
            .header("cookie", self.cookie_header())
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.page(response).await
    }

    async fn page(&mut self, response: reqwest::Response) -> Page {
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        self.absorb(&headers);
        Page { status, headers, body: response.text().await.unwrap() }
    }

    /// Signs in as the demo staff member `subject`; returns the session's CSRF token.
    async fn sign_in(&mut self, subject: &str) -> String {
        let page = self.get("/staff/sign-in").await;
        assert_eq!(page.status, 200, "{}", page.body);
        let token = page.input("csrf").expect("the sign-in form's token");
        let signed = self.post("/staff/sign-in/demo", &[("csrf", &token), ("subject", subject)]).await;
        assert_eq!((signed.status, signed.location()), (303, "/staff"), "{}", signed.body);
        let inbox = self.get("/staff").await;
        assert_eq!(inbox.status, 200);
        inbox.input("csrf").expect("the session's CSRF token in the sign-out form")
    }

    /// Opens the form at `href` and submits it with its own values (the CSRF token, the record and its version)
    /// and `fields`.
    async fn fill_in(&mut self, href: &str, fields: &[(&str, &str)]) -> Page {
        let form = self.get(href).await;
        assert_eq!(form.status, 200, "{href}: {}", form.body);
        let mutation = href.trim_start_matches("/staff/act/").split('?').next().unwrap().to_owned();
        let mut values: Vec<(String, String)> = Vec::new();
        for name in ["csrf", "id", "expectedVersion"] {
            if let Some(value) = form.input(name) {
                values.push((name.to_owned(), value));
            }
        }
        values.extend(fields.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        let pairs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        self.post(&format!("/staff/act/{mutation}"), &pairs).await
    }
}

/// The demo staff's subjects and scopes, as the sign-in page offers them.
async fn personas(app: &TestApp) -> HashMap<&'static str, String> {
    let personas = api::demo::personas(&app.db).await.unwrap();
    personas.iter().map(|p| (p.actor.role.as_str(), p.actor.scope.codes()[0].clone())).collect()
}

fn county() -> String {
    token("county", json!("340621"), "county-auditor")
}

async fn complaint(app: &TestApp, id: &str) -> Value {
    app.data_as(
        &county(),
        "query($id: ID!) { node(id: $id) { ... on Complaint { status version assignee } } }",
        json!({ "id": id }),
    )
    .await["node"]
        .clone()
}

#[tokio::test]
async fn a_complaint_goes_from_receipt_to_closing_through_the_workbench() {
    let app = spawn_app().await;
    let codes = personas(&app).await;
    let estate = app.data("query($c: String) { estate(code: $c) { id } }", json!({ "c": codes["committee"] })).await;
    let estate_id = estate["estate"]["id"].as_str().unwrap().to_owned();

    // Not signed in: sent to sign in; the sign-in page is marked as demo and secured.
    let mut community = Browser::new(&app);
    let first = community.get("/staff").await;
    assert_eq!((first.status, first.location()), (303, "/staff/sign-in"));
    let sign_in = community.get("/staff/sign-in").await;
    assert!(sign_in.body.contains("演示") && sign_in.body.contains("demo-community"), "{}", sign_in.body);
    let policy = sign_in.headers["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("frame-ancestors 'none'") && policy.contains("default-src 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline") && !policy.contains("script-src"), "{policy}");
    assert_eq!(sign_in.headers["x-content-type-options"], "nosniff");
    assert_eq!(sign_in.headers["referrer-policy"], "same-origin");
    assert!(!sign_in.body.contains("<script"), "no script on a workbench page");

    // The community receives the complaint, from the estate's page.
    let token_page = community.get("/staff/sign-in").await;
    let csrf = token_page.input("csrf").unwrap();
    let signed = community.post("/staff/sign-in/demo", &[("csrf", &csrf), ("subject", "demo-community")]).await;
    let cookie = signed
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("wuye-session="));
    let cookie = cookie.expect("a session cookie");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=28800"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    let record = community.get(&format!("/staff/record/{estate_id}")).await;
    let receive = record.links("/staff/act/receiveComplaint?");
    assert_eq!(receive.len(), 1, "{}", record.body);
    let received = community
        .fill_in(
            &receive[0],
            &[
                ("channel", "PHONE"),
                ("category", "SANITATION"),
                ("estateId", &estate_id),
                ("summary", "楼道垃圾三天无人清理"),
            ],
        )
        .await;
    assert_eq!(received.status, 200, "{}", received.body);
    let record_link = received.links("/staff/record/")[0].clone();
    let complaint_id = record_link.trim_start_matches("/staff/record/").replace("%3D", "=");
    assert_eq!(complaint(&app, &complaint_id).await["status"], "RECEIVED");

    // The town assigns it from its inbox.
    let mut town = Browser::new(&app);
    town.sign_in("demo-town").await;
    let inbox = town.get("/staff").await;
    let assign =
        inbox.links("/staff/act/assignComplaint?").into_iter().find(|l| l.contains(&complaint_id.replace('=', "%3D")));
    let assign = assign.expect("the complaint in the town's inbox");
    let assigned = town.fill_in(&assign, &[("assignee", "ENTERPRISE")]).await;
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    assert_eq!(complaint(&app, &complaint_id).await["status"], "ASSIGNED");

    // The enterprise answers it.
    let mut enterprise = Browser::new(&app);
    enterprise.sign_in("demo-enterprise").await;
    let inbox = enterprise.get("/staff").await;
    let answer = inbox
        .links("/staff/act/respondToComplaint?")
        .into_iter()
        .find(|l| l.contains(&complaint_id.replace('=', "%3D")));
    let answered =
        enterprise.fill_in(&answer.expect("in the enterprise's inbox"), &[("body", "已安排保洁当日清理")]).await;
    assert_eq!(answered.status, 200, "{}", answered.body);

    // The community closes it, then signs out.
    let inbox = community.get("/staff").await;
    let close =
        inbox.links("/staff/act/closeComplaint?").into_iter().find(|l| l.contains(&complaint_id.replace('=', "%3D")));
    let closed = community
        .fill_in(&close.expect("in the community's inbox"), &[("outcome", "已清理完毕"), ("satisfaction", "SATISFIED")])
        .await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert_eq!(complaint(&app, &complaint_id).await["status"], "CLOSED");
    let csrf = community.get("/staff").await.input("csrf").unwrap();
    let out = community.post("/staff/sign-out", &[("csrf", &csrf)]).await;
    assert_eq!((out.status, out.location()), (303, "/staff/signed-out"));
    assert_eq!(community.get("/staff").await.location(), "/staff/sign-in");

    // Each step is in the audit log under the signed-in subject.
    let events = crate::helpers::walk(
        &app,
        Some(&county()),
        "query($after: String) { auditEvents(first: 100, after: $after, filter: { entityTypes: [\"Complaint\"] }) {
            edges { node { subject action } } pageInfo { hasNextPage endCursor } } }",
        json!({}),
        "auditEvents",
    )
    .await;
    let steps: Vec<(String, String)> = events
        .iter()
        .map(|e| (e["subject"].as_str().unwrap().to_owned(), e["action"].as_str().unwrap().to_owned()))
        .filter(|(subject, _)| ["demo-community", "demo-town", "demo-enterprise"].contains(&subject.as_str()))
        .collect();
    let subjects: Vec<&str> = steps.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(subjects, ["demo-community", "demo-town", "demo-enterprise", "demo-community"], "{steps:?}");
}

/// A complaint the town `demo-town` may assign, received through the API.
async fn received_complaint(app: &TestApp) -> (String, i64) {
    let codes = personas(app).await;
    let estate = app.data("query($c: String) { estate(code: $c) { id } }", json!({ "c": codes["committee"] })).await;
    let staff = token("community", json!(codes["community"]), "community-clerk");
    let received = app
        .data_as(
            &staff,
            "mutation($e: ID!) { receiveComplaint(input: { channel: WALK_IN, category: PARKING, estateId: $e,
                summary: \"消防通道被占\" }) { complaint { id version } } }",
            json!({ "e": estate["estate"]["id"] }),
        )
        .await;
    let complaint = &received["receiveComplaint"]["complaint"];
    (complaint["id"].as_str().unwrap().to_owned(), complaint["version"].as_i64().unwrap())
}

#[tokio::test]
async fn a_post_without_its_sessions_csrf_token_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let (id, version) = received_complaint(&app).await;
    let mut one = Browser::new(&app);
    one.sign_in("demo-town").await;
    let mut other = Browser::new(&app);
    let other_csrf = other.sign_in("demo-town").await;
    let version = version.to_string();
    for csrf in [None, Some(other_csrf.as_str()), Some("forged")] {
        let mut form = vec![("id", id.as_str()), ("expectedVersion", version.as_str()), ("assignee", "ENTERPRISE")];
        if let Some(csrf) = csrf {
            form.push(("csrf", csrf));
        }
        let refused = one.post("/staff/act/assignComplaint", &form).await;
        assert_eq!(refused.status, 403, "{csrf:?}: {}", refused.body);
        assert!(refused.body.contains("nothing was changed"), "{}", refused.body);
    }
    assert_eq!(complaint(&app, &id).await["status"], "RECEIVED");
    // Signing out needs the token too.
    assert_eq!(one.post("/staff/sign-out", &[("csrf", &other_csrf)]).await.status, 403);
    // And the demo sign-in form's own token.
    let mut stranger = Browser::new(&app);
    stranger.get("/staff/sign-in").await;
    let forged = stranger.post("/staff/sign-in/demo", &[("csrf", "forged"), ("subject", "demo-county")]).await;
    assert_eq!(forged.status, 403);
    assert!(!forged.headers.get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("wuye-session=")));
}

#[tokio::test]
async fn conflict_bad_input_and_forbidden_are_explained_on_the_form() {
    let app = spawn_app().await;
    let (id, _) = received_complaint(&app).await;
    let mut town = Browser::new(&app);
    town.sign_in("demo-town").await;
    let href = format!("/staff/act/assignComplaint?id={}", id.replace('=', "%3D"));

    // A required field left empty: said beside it, nothing sent.
    let missing = town.fill_in(&href, &[]).await;
    assert_eq!(missing.status, 422, "{}", missing.body);
    assert!(missing.body.contains("id=\"f-assignee-error\""), "{}", missing.body);

    // A rule the service holds: the message beside its field.
    let ahead = town.fill_in(&href, &[("assignee", "ENTERPRISE"), ("at", "2099-01-01T09:00")]).await;
    assert_eq!(ahead.status, 422, "{}", ahead.body);
    assert!(ahead.body.contains("f-at-error"), "{}", ahead.body);

    // A step the record is past: explained, nothing written.
    let api_town = token("town", json!("340621100"), "town-clerk");
    let assigned = app
        .data_as(
            &api_town,
            "mutation($id: ID!) { assignComplaint(input: { id: $id, expectedVersion: 1, assignee: COMMUNITY }) { complaint { version } } }",
            json!({ "id": id }),
        )
        .await;
    let new_version = assigned["assignComplaint"]["complaint"]["version"].as_i64().unwrap();
    let past = town.fill_in(&href, &[("assignee", "ENTERPRISE")]).await;
    assert_eq!(past.status, 409, "{}", past.body);
    assert!(past.body.contains("does not apply"), "{}", past.body);
    assert_eq!(complaint(&app, &id).await["assignee"], "COMMUNITY");

    // Changed since the form was opened: CONFLICT, with the new state and its version carried.
    let codes = personas(&app).await;
    let estate = app.data("query($c: String) { estate(code: $c) { id } }", json!({ "c": codes["committee"] })).await;
    let estate_id = estate["estate"]["id"].as_str().unwrap().to_owned();
    let form = town.get(&format!("/staff/act/updateEstate?id={}", estate_id.replace('=', "%3D"))).await;
    let version = form.input("expectedVersion").unwrap();
    let renamed = app
        .data_as(
            &api_town,
            "mutation($id: ID!, $v: Int!) { updateEstate(input: { id: $id, expectedVersion: $v, buildings: 31 }) { estate { version } } }",
            json!({ "id": estate_id, "v": version.parse::<i64>().unwrap() }),
        )
        .await;
    let newer = renamed["updateEstate"]["estate"]["version"].as_i64().unwrap().to_string();
    let csrf = form.input("csrf").unwrap();
    let stale = town
        .post(
            "/staff/act/updateEstate",
            &[("csrf", &csrf), ("id", &estate_id), ("expectedVersion", &version), ("buildings", "12")],
        )
        .await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert!(stale.body.contains("changed since you opened it") && stale.body.contains("31"), "{}", stale.body);
    assert_eq!(stale.input("expectedVersion"), Some(newer));

    // Outside the role: FORBIDDEN, explained, nothing written.
    let mut enterprise = Browser::new(&app);
    enterprise.sign_in("demo-enterprise").await;
    let form = enterprise.get("/staff/act/closeComplaint").await;
    let csrf = form.input("csrf").unwrap();
    let forbidden = enterprise
        .post(
            "/staff/act/closeComplaint",
            &[
                ("csrf", &csrf),
                ("id", &id),
                ("expectedVersion", &new_version.to_string()),
                ("outcome", "x"),
                ("satisfaction", "SATISFIED"),
            ],
        )
        .await;
    assert_eq!(forbidden.status, 403, "{}", forbidden.body);
    assert!(forbidden.body.contains("outside your role or scope"), "{}", forbidden.body);
    assert_eq!(complaint(&app, &id).await["status"], "ASSIGNED");
}

#[tokio::test]
async fn each_role_is_refused_a_record_outside_its_scope() {
    let app = spawn_app().await;
    // A complaint of another town (韩村镇), received by its community through the API.
    let estates = app
        .data(
            "{ estates(first: 1, filter: { townCode: \"340621101\" }) { nodes { id community { code } } } }",
            json!({}),
        )
        .await;
    let estate = &estates["estates"]["nodes"][0];
    let staff = token("community", json!(estate["community"]["code"]), "another-clerk");
    let received = app
        .data_as(
            &staff,
            "mutation($e: ID!) { receiveComplaint(input: { channel: PHONE, category: FEES, estateId: $e, summary: \"收费不公示\" }) { complaint { id version } } }",
            json!({ "e": estate["id"] }),
        )
        .await;
    let id = received["receiveComplaint"]["complaint"]["id"].as_str().unwrap().to_owned();
    let version = received["receiveComplaint"]["complaint"]["version"].as_i64().unwrap().to_string();
    for (subject, mutation, fields) in [
        ("demo-town", "assignComplaint", vec![("assignee", "COMMUNITY")]),
        ("demo-community", "closeComplaint", vec![("outcome", "办结"), ("satisfaction", "SATISFIED")]),
        ("demo-community", "reopenComplaint", vec![("reason", "复查")]),
        ("demo-committee", "respondToComplaint", vec![("body", "答复")]),
        ("demo-enterprise", "respondToComplaint", vec![("body", "答复")]),
    ] {
        let mut browser = Browser::new(&app);
        let csrf = browser.sign_in(subject).await;
        // The record is not theirs to read: the form does not show it, and its page is not found.
        let page = browser.get(&format!("/staff/record/{}", id.replace('=', "%3D"))).await;
        assert_eq!(page.status, 404, "{subject}");
        let mut form = vec![("csrf", csrf.as_str()), ("id", id.as_str()), ("expectedVersion", version.as_str())];
        form.extend(fields);
        let refused = browser.post(&format!("/staff/act/{mutation}"), &form).await;
        assert_eq!(refused.status, 403, "{subject} {mutation}: {}", refused.body);
        assert!(refused.body.contains("outside your role or scope"), "{subject} {mutation}: {}", refused.body);
    }
    assert_eq!(complaint(&app, &id).await["status"], "RECEIVED");
}

#[tokio::test]
async fn revoked_and_expired_sessions_are_sent_to_sign_in() {
    let app = spawn_app().await;
    let mut town = Browser::new(&app);
    town.sign_in("demo-town").await;
    run_cli(&app, &["token", "revoke", "--subject", "demo-town"]).unwrap();
    assert_eq!(town.get("/staff").await.location(), "/staff/sign-in");

    // Thirty minutes without a request end a session (its last request set back by hand).
    let mut community = Browser::new(&app);
    community.sign_in("demo-community").await;
    use sea_orm::{EntityTrait, sea_query::Expr};
    let idle = chrono::Utc::now() - chrono::Duration::minutes(31);
    entity::staff_session::Entity::update_many()
        .col_expr(entity::staff_session::Column::LastSeenAt, Expr::value(idle))
        .exec(&app.db)
        .await
        .unwrap();
    let expired = community.get("/staff/forms").await;
    assert_eq!((expired.status, expired.location()), (303, "/staff/sign-in"));

    // Sessions that ended unseen do not pile up: the next sign-in clears them.
    let mut idle_one = Browser::new(&app);
    idle_one.sign_in("demo-county").await;
    entity::staff_session::Entity::update_many()
        .col_expr(entity::staff_session::Column::LastSeenAt, Expr::value(idle))
        .exec(&app.db)
        .await
        .unwrap();
    Browser::new(&app).sign_in("demo-town").await;
    assert_eq!(entity::staff_session::Entity::find().all(&app.db).await.unwrap().len(), 1);
}

#[tokio::test]
async fn every_role_sees_its_inbox_and_its_forms() {
    let app = spawn_app().await;
    for (subject, form) in [
        ("demo-county", "registerEnterprise"),
        ("demo-town", "createEstate"),
        ("demo-community", "receiveComplaint"),
        ("demo-committee", "draftFundUsage"),
        ("demo-enterprise", "submitBid"),
    ] {
        let mut browser = Browser::new(&app);
        browser.sign_in(subject).await;
        let inbox = browser.get("/staff").await;
        assert_eq!(inbox.status, 200, "{subject}");
        assert!(!inbox.body.contains("cannot be read now"), "{subject}: {}", inbox.body);
        let forms = browser.get("/staff/forms").await;
        assert!(forms.body.contains(&format!("href=\"/staff/act/{form}\"")), "{subject}: {}", forms.body);
        let page = browser.get(&format!("/staff/act/{form}")).await;
        assert_eq!(page.status, 200, "{subject} {form}: {}", page.body);
        assert!(page.body.contains("name=\"csrf\""), "{subject} {form}");
    }
}

/// A browser signed in (a session opened as the provider's sign-in would) as `role` over `code`.
async fn signed_in_as<'a>(app: &'a TestApp, role: api::auth::Role, code: &str) -> (Browser<'a>, String) {
    let actor = api::auth::Actor {
        subject: format!("outsider-{}", role.as_str()),
        role,
        scope: api::auth::Scope::parse(role, &json!(code)).expect("a code of the role's kind"),
        note: None,
    };
    let key = api::service::session::open(&app.db, &actor, None, false).await.unwrap();
    let mut browser = Browser::new(app);
    browser.cookies.insert("wuye-session".into(), key);
    let csrf = browser.get("/staff").await.input("csrf").expect("a live session");
    (browser, csrf)
}

/// Form values for the required fields of input type `type_name` (under `prefix`), plausible for their types, with
/// `id` and `expectedVersion` as given.
fn plausible(types: &HashMap<String, Value>, type_name: &str, prefix: &str, out: &mut Vec<(String, String)>) {
    let fields = types[type_name]["inputFields"].as_array().cloned().unwrap_or_default();
    for field in fields {
        let name = format!("{prefix}{}", field["name"].as_str().unwrap());
        if prefix.is_empty() && ["id", "expectedVersion"].contains(&name.as_str()) {
            continue;
        }
        let ty = &field["type"];
        let object = |t: &Value| t["kind"] == "INPUT_OBJECT";
        // Required fields, and objects (a rule may ask for one the type leaves optional: an approval's plan).
        if (ty["kind"] != "NON_NULL" || !field["defaultValue"].is_null()) && !object(ty) {
            continue;
        }
        let (mut inner, mut list) = (ty, false);
        while inner["kind"] == "NON_NULL" || inner["kind"] == "LIST" {
            list |= inner["kind"] == "LIST";
            inner = &inner["ofType"];
        }
        let named = inner["name"].as_str().unwrap();
        match (types[named]["kind"].as_str().unwrap(), list) {
            ("INPUT_OBJECT", true) => {
                out.push((format!("{name}._rows"), "1".into()));
                plausible(types, named, &format!("{name}.0."), out);
            }
            ("INPUT_OBJECT", false) => plausible(types, named, &format!("{name}."), out),
            ("ENUM", _) => out.push((name, types[named]["enumValues"][0]["name"].as_str().unwrap().to_owned())),
            (_, _) => {
                let value = match named {
                    "Int" => "1".to_owned(),
                    "Float" | "Money" | "Area" | "Score" => "1.00".to_owned(),
                    "Boolean" => "true".to_owned(),
                    "Date" => "2026-11-30".to_owned(),
                    "DateTime" => "2026-11-30T09:00".to_owned(),
                    // A record of the kind the field names (`bidId`: a bid), which need not exist.
                    "ID" => {
                        use base64::Engine;
                        let stem = field["name"].as_str().unwrap().trim_end_matches("Id");
                        // An assessment's subject is an estate, an enterprise or a service centre.
                        let kind =
                            if stem == "subject" { "Estate".to_owned() } else { stem[..1].to_uppercase() + &stem[1..] };
                        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{kind}:1"))
                    }
                    _ => "测试".to_owned(),
                };
                out.push((name, value));
            }
        }
    }
}

#[tokio::test]
async fn every_form_of_every_role_is_forbidden_on_a_record_outside_its_scope() {
    use api::auth::Role;
    let app = spawn_app().await;
    // The schema's input types, and one record of each type a form acts on.
    let introspection = app
        .data(
            "{ __schema { types { name kind enumValues { name } inputFields { name defaultValue type { kind name ofType { kind name
                ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }",
            json!({}),
        )
        .await;
    let types: HashMap<String, Value> = introspection["__schema"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_owned(), t.clone()))
        .collect();
    let mutations = app
        .data(
            "{ __schema { mutationType { fields { name args { type { ofType { name } } }
                type { ofType { fields { type { ofType { name } } } } } } } } }",
            json!({}),
        )
        .await;
    let mutations = mutations["__schema"]["mutationType"]["fields"].as_array().unwrap().clone();
    // Scopes that hold no record: every record is outside them.
    let first17 = "91340621MA2U9999X";
    let nobody = format!("{first17}{}", api::domain::credit_code::check_character(first17).unwrap());
    let outsiders = [
        (Role::Town, "340621199".to_owned()),
        (Role::Community, "340621199001".to_owned()),
        (Role::Committee, "XQ3406219999".to_owned()),
        (Role::Enterprise, nobody),
    ];
    let (mut walked, mut failures) = (0, Vec::new());
    for (role, code) in outsiders {
        let (mut browser, csrf) = signed_in_as(&app, role, &code).await;
        let offered = api::workbench::OFFERED.iter().filter(|(_, roles)| match role {
            Role::Town => roles.iter().any(|r| [Role::Town, Role::Community].contains(r)),
            other => roles.contains(&other),
        });
        for (mutation, _) in offered {
            let field = mutations.iter().find(|m| m["name"] == *mutation).unwrap();
            let input = field["args"][0]["type"]["ofType"]["name"].as_str().unwrap();
            let input_fields = types[input]["inputFields"].as_array().unwrap();
            let acts_on_record = ["id", "expectedVersion"].iter().all(|n| input_fields.iter().any(|f| f["name"] == *n));
            if !acts_on_record {
                continue;
            }
            let record_type =
                api::workbench::ACTS_ON.iter().find(|(name, _)| name == mutation).map(|(_, t)| t.to_string());
            let record_type = record_type.unwrap_or_else(|| {
                field["type"]["ofType"]["fields"][0]["type"]["ofType"]["name"].as_str().unwrap().to_owned()
            });
            let events = app
                .data_as(
                    &county(),
                    "query($t: [String!]) { auditEvents(first: 1, filter: { entityTypes: $t }) { nodes { entityId } } }",
                    json!({ "t": [record_type] }),
                )
                .await;
            let Some(id) = events["auditEvents"]["nodes"][0]["entityId"].as_str().map(str::to_owned) else {
                continue;
            };
            let mut values = vec![
                ("csrf".to_owned(), csrf.clone()),
                ("id".to_owned(), id),
                ("expectedVersion".to_owned(), "1".to_owned()),
            ];
            plausible(&types, input, "", &mut values);
            let pairs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let answer = browser.post(&format!("/staff/act/{mutation}"), &pairs).await;
            if !(answer.status == 403 && answer.body.contains("outside your role or scope")) {
                let said = answer
                    .body
                    .split("role=\"alert\">")
                    .nth(1)
                    .unwrap_or_default()
                    .split('<')
                    .next()
                    .unwrap_or_default();
                failures.push(format!("{} {mutation} on a {record_type}: {} {said}", role.as_str(), answer.status));
            }
            walked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {walked} forms were not refused as outside the scope:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(walked >= 40, "only {walked} forms walked");
}

#[tokio::test]
async fn an_enterprises_overdue_disclosures_lead_to_the_draft_form_filled_in() {
    let app = spawn_app().await;
    let all = app
        .data(
            "{ overdueDisclosures(first: 100) { totalCount nodes { contract { enterprise { creditCode } } } } }",
            json!({}),
        )
        .await;
    let nodes = all["overdueDisclosures"]["nodes"].as_array().unwrap();
    let code = nodes
        .iter()
        .find_map(|n| n["contract"]["enterprise"]["creditCode"].as_str())
        .expect("an overdue part served under a contract in the demo")
        .to_owned();
    let query = "query($c: String) { overdueDisclosures(first: 100, enterpriseCreditCode: $c, includeDue: true) {
        totalCount nodes { year quarter estate { id } contract { enterprise { creditCode } } } } }";
    let mine = app.data(query, json!({ "c": code })).await;
    let mine = mine["overdueDisclosures"]["nodes"].as_array().unwrap().clone();
    assert!(!mine.is_empty() && mine.len() < nodes.len().max(2));
    assert!(mine.iter().all(|n| n["contract"]["enterprise"]["creditCode"] == code.as_str()));

    // In that enterprise's inbox, each links to the draft form with the estate, year and quarter filled in.
    let (mut browser, _) = signed_in_as(&app, api::auth::Role::Enterprise, &code).await;
    let inbox = browser.get("/staff").await;
    let links = inbox.links("/staff/act/draftPublicIncomeDisclosure?");
    // (Its returned disclosures, if any, link to the same form.)
    assert!(links.len() >= mine.len().min(50), "{}", inbox.body);
    for part in mine.iter().take(50) {
        let (estate, year, quarter) = (part["estate"]["id"].as_str().unwrap(), &part["year"], &part["quarter"]);
        let wanted = format!("estateId={}&year={year}&quarter={quarter}", estate.replace('=', "%3D"));
        assert!(links.iter().any(|l| l.contains(&wanted)), "no link {wanted} in {links:?}");
    }
    let form = browser.get(&links[0]).await;
    assert_eq!(form.status, 200);
    let first = &mine[0];
    for (name, kind, value) in [
        ("year", "number", first["year"].to_string()),
        ("quarter", "number", first["quarter"].to_string()),
        ("estateId", "text", first["estate"]["id"].as_str().unwrap().to_owned()),
    ] {
        let filled = format!("name=\"{name}\" type=\"{kind}\" value=\"{value}\"");
        assert!(form.body.contains(&filled), "{} lacks {filled}", links[0]);
    }
}

async fn usage_status(app: &TestApp, id: &str) -> Value {
    let data = app
        .data_as(&county(), "query($id: ID!) { node(id: $id) { ... on FundUsage { status } } }", json!({ "id": id }))
        .await;
    data["node"]["status"].clone()
}

/// The link in `browser`'s inbox to `form` about the record `id`.
async fn inbox_link(browser: &mut Browser<'_>, form: &str, id: &str) -> Option<String> {
    let inbox = browser.get("/staff").await;
    assert!(!inbox.body.contains("cannot be read now"), "{}", inbox.body);
    let encoded = id.replace('=', "%3D");
    inbox.links(&format!("/staff/act/{form}?")).into_iter().find(|l| l.contains(&encoded))
}

#[tokio::test]
async fn a_fund_usage_goes_from_the_vote_to_approval_through_the_inboxes() {
    let app = spawn_app().await;
    let codes = personas(&app).await;
    let estate = app.data("query($c: String) { estate(code: $c) { id } }", json!({ "c": codes["committee"] })).await;
    // Drafted and put to the owners' vote through the API.
    let committee_token = token("committee", json!(codes["committee"]), "demo-committee");
    let draft = "mutation($input: DraftFundUsageInput!) { draftFundUsage(input: $input) { usage { id version } } }";
    let input = json!({ "input": { "estateId": estate["estate"]["id"], "title": "屋面防水维修", "category": "ROOF",
        "scope": "全体业主", "budget": "50000.00" } });
    let usage = app.data_as(&committee_token, draft, input).await["draftFundUsage"]["usage"].clone();
    let open = "mutation($input: OpenFundVoteInput!) { openFundVote(input: $input) { usage { id version } } }";
    let input = json!({ "input": { "id": usage["id"], "expectedVersion": usage["version"], "scopeArea": "30000.00",
        "scopeOwners": 300 } });
    app.data_as(&committee_token, open, input).await;
    let id = usage["id"].as_str().unwrap().to_owned();

    // The committee records the vote and submits the usage from its inbox.
    let mut committee = Browser::new(&app);
    committee.sign_in("demo-committee").await;
    let record = inbox_link(&mut committee, "recordFundVote", &id).await.expect("a vote to record");
    let fields = [
        ("participatingArea", "20000.00"),
        ("participatingOwners", "200"),
        ("ayeArea", "12000.00"),
        ("ayeOwners", "120"),
    ];
    let recorded = committee.fill_in(&record, &fields).await;
    assert_eq!(recorded.status, 200, "{}", recorded.body);
    assert_eq!(usage_status(&app, &id).await, "VOTED");
    assert!(inbox_link(&mut committee, "recordFundVote", &id).await.is_none(), "gone once recorded");
    let submit = inbox_link(&mut committee, "submitFundUsage", &id).await.expect("a usage to submit");
    assert_eq!(committee.fill_in(&submit, &[]).await.status, 200);

    // The town reviews it, the county approves it, and it awaits disbursement.
    let mut town = Browser::new(&app);
    town.sign_in("demo-town").await;
    let review = inbox_link(&mut town, "reviewFundUsage", &id).await.expect("in the town's inbox");
    assert_eq!(town.fill_in(&review, &[]).await.status, 200);
    let mut county = Browser::new(&app);
    county.sign_in("demo-county").await;
    let approve = inbox_link(&mut county, "approveFundUsage", &id).await.expect("in the county's inbox");
    let approved = county.fill_in(&approve, &[]).await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    assert_eq!(usage_status(&app, &id).await, "APPROVED");
    assert!(inbox_link(&mut county, "disburseFundUsage", &id).await.is_some(), "to disburse");

    // A town elsewhere and an enterprise that did not apply never see it in their inboxes.
    let (mut other_town, _) = signed_in_as(&app, api::auth::Role::Town, "340621101").await;
    assert!(inbox_link(&mut other_town, "reviewFundUsage", &id).await.is_none());
}

#[tokio::test]
async fn an_enterprise_objects_to_its_record_and_the_county_decides_from_its_inbox() {
    let app = spawn_app().await;
    let confirmed = app
        .data_as(
            &county(),
            "{ creditRecords(first: 1, filter: { status: CONFIRMED }) { nodes { id enterprise { creditCode } } } }",
            json!({}),
        )
        .await;
    let record = &confirmed["creditRecords"]["nodes"][0];
    let (record_id, code) = (record["id"].as_str().unwrap(), record["enterprise"]["creditCode"].as_str().unwrap());

    // The enterprise finds its record in its inbox, the objection form filled in with it.
    let (mut enterprise, _) = signed_in_as(&app, api::auth::Role::Enterprise, code).await;
    let inbox = enterprise.get("/staff").await;
    let encoded = record_id.replace('=', "%3D");
    let object = inbox.links("/staff/act/lodgeCreditObjection?").into_iter().find(|l| l.contains(&encoded));
    let object = object.expect("its confirmed record in its inbox");
    let form = enterprise.get(&object).await;
    assert!(form.body.contains(&format!("name=\"recordId\" type=\"text\" value=\"{record_id}\"")), "{}", form.body);
    let lodged = enterprise.fill_in(&object, &[("recordId", record_id), ("reason", "事实认定有误，附整改记录")]).await;
    assert_eq!(lodged.status, 200, "{}", lodged.body);

    // Its objection now awaits the county: in the enterprise's inbox (to its page) and the county's (to decide).
    let objections = app
        .data_as(
            &county(),
            "query($c: String) { creditObjections(first: 10, filter: { enterpriseCreditCode: $c, status: PENDING }) {
                nodes { id record { id } } } }",
            json!({ "c": code }),
        )
        .await;
    let objection = objections["creditObjections"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["record"]["id"] == record_id)
        .expect("the objection lodged")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let inbox = enterprise.get("/staff").await;
    let page = inbox.links("/staff/record/").into_iter().find(|l| l.contains(&objection.replace('=', "%3D")));
    let page = enterprise.get(&page.expect("its objection in its inbox")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("事实认定有误"), "{}", page.body);
    let mut county_staff = Browser::new(&app);
    county_staff.sign_in("demo-county").await;
    let decide =
        inbox_link(&mut county_staff, "decideCreditObjection", &objection).await.expect("in the county's inbox");
    let decided = county_staff.fill_in(&decide, &[("uphold", "false"), ("reason", "经核查事实清楚")]).await;
    assert_eq!(decided.status, 200, "{}", decided.body);
    assert!(inbox_link(&mut county_staff, "decideCreditObjection", &objection).await.is_none());
}

#[tokio::test]
async fn the_county_tries_then_writes_a_registry_from_the_workbench() {
    let app = spawn_app().await;
    let mut county = Browser::new(&app);
    let csrf = county.sign_in("demo-county").await;
    let page = county.get("/staff/import").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("enctype=\"multipart/form-data\"") && page.body.contains("/staff/import/template"));
    let template = county.get("/staff/import/template").await;
    assert_eq!(template.status, 200);
    assert!(template.headers["content-type"].to_str().unwrap().contains("spreadsheetml"));

    let (community, other) = crate::import::communities(&app).await;
    let bytes = crate::import::clean(&community, &other);
    let before = crate::disclosures::writes(&app).await;
    // Without the session's CSRF token: refused, nothing written.
    let refused = county.post_file("/staff/import", &[("csrf", "forged")], ("registry.xlsx", bytes.clone())).await;
    assert_eq!(refused.status, 403);
    // The dry run: the report, and nothing written.
    let dry = county.post_file("/staff/import", &[("csrf", &csrf)], ("registry.xlsx", bytes.clone())).await;
    assert_eq!(dry.status, 200, "{}", dry.body);
    assert!(dry.body.contains("试运行结果") && dry.body.contains("<td>3</td>"), "{}", dry.body);
    assert_eq!(crate::disclosures::writes(&app).await, before);
    let sha = dry.input("commit").expect("the commit form carries the file's sha256");
    // Another file under that sha256 is refused; the same file is written.
    let other_file = crate::import::clean(&other, &community);
    let wrong =
        county.post_file("/staff/import", &[("csrf", &csrf), ("commit", &sha)], ("registry.xlsx", other_file)).await;
    assert_eq!(wrong.status, 409, "{}", wrong.body);
    assert_eq!(crate::disclosures::writes(&app).await, before);
    let written =
        county.post_file("/staff/import", &[("csrf", &csrf), ("commit", &sha)], ("registry.xlsx", bytes)).await;
    assert_eq!(written.status, 200, "{}", written.body);
    assert!(written.body.contains("已写入"), "{}", written.body);
    assert!(crate::disclosures::writes(&app).await > before);
    let estate = app.data("{ estate(code: \"XQ3406219001\") { name } }", json!({})).await;
    assert_eq!(estate["estate"]["name"], "导入花园");
}
