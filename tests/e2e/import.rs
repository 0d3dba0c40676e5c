//! The import of a county's registry, with workbooks this test writes: a clean workbook read dry (nothing written),
//! then committed through the services (audited as an import of the file), then imported again (nothing changes);
//! a workbook with an error of every kind reported at its row and column, writing nothing; a GB18030 CSV; a town
//! refused estates of another town; the CLI's report.

use crate::disclosures::writes;
use crate::helpers::{TestApp, run_cli, spawn_app, token};
use api::auth::{Actor, Role, Scope};
use api::import::run::{Mode, Report, run};
use api::import::sheets::{SHEETS, Sheet};
use api::service::Service;
use serde_json::{Value, json};

/// A cell the test writes: words, or a number.
#[derive(Clone)]
enum V {
    T(&'static str),
    S(String),
    N(f64),
}

/// A row, as (field, value) pairs.
type Row = Vec<(&'static str, V)>;

/// Sheets' rows, written under the template's headers.
fn workbook(sheets: &[(&Sheet, Vec<Row>)]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (sheet, rows) in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet.zh).unwrap();
        for (col, column) in sheet.columns.iter().enumerate() {
            worksheet.write_string(0, col as u16, column.zh).unwrap();
            worksheet.write_string(1, col as u16, column.field).unwrap();
        }
        for (index, row) in rows.iter().enumerate() {
            for (field, value) in row {
                let col = sheet.columns.iter().position(|c| c.field == *field).expect(field) as u16;
                let at = index as u32 + 2;
                match value {
                    V::T(text) => worksheet.write_string(at, col, *text).map(|_| ()),
                    V::S(text) => worksheet.write_string(at, col, text).map(|_| ()),
                    V::N(n) => worksheet.write_number(at, col, *n).map(|_| ()),
                }
                .unwrap();
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn actor(role: Role, code: &str) -> Actor {
    Actor {
        subject: format!("importer-{}", role.as_str()),
        role,
        scope: Scope::parse(role, &json!(code)).unwrap(),
        note: None,
    }
}

async fn import(app: &TestApp, actor: &Actor, name: &str, bytes: &[u8], mode: Mode) -> Report {
    let service = Service::new(app.db.clone(), api::config::DEMO_AUDIT_SALT);
    run(&service, actor, name, bytes, mode, &mut |_, _| {}).await.expect("the import runs")
}

/// Two communities of 濉溪镇.
pub async fn communities(app: &TestApp) -> (String, String) {
    let data = app.data("{ town(code: \"340621100\") { communities(first: 2) { code } } }", json!({})).await;
    let codes = data["town"]["communities"].as_array().unwrap();
    (codes[0]["code"].as_str().unwrap().to_owned(), codes[1]["code"].as_str().unwrap().to_owned())
}

/// A valid credit code, the `n`-th of this test.
fn credit(n: u32) -> String {
    let first = format!("91340621MA2T{n:04}X");
    let check = api::domain::credit_code::check_character(&first).expect("a check character");
    format!("{first}{check}")
}

fn enterprise(code: &str, name: &'static str) -> Vec<(&'static str, V)> {
    vec![
        ("creditCode", V::S(code.to_owned())),
        ("name", V::T(name)),
        ("legalRepresentative", V::T("赵六")),
        ("address", V::T("濉溪县濉溪镇相山路1号")),
        ("phone", V::N(13_900_000_001.0)),
    ]
}

fn estate(code: &'static str, community: &str, name: &'static str) -> Vec<(&'static str, V)> {
    vec![
        ("code", V::T(code)),
        ("communityCode", V::S(community.to_owned())),
        ("name", V::T(name)),
        ("address", V::T("濉溪镇淮海路8号")),
        ("location.latitude", V::N(33.91)),
        ("location.longitude", V::N(116.77)),
        ("housingType", V::T("商品房")),
        ("serviceMode", V::T("MARKET")),
        ("buildings", V::N(8.0)),
        ("households", V::N(320.0)),
        ("privateArea", V::N(36_000.5)),
        ("managementRoomArea", V::T("240")),
        ("completedYear", V::N(2012.0)),
    ]
}

fn contract(estate: &'static str, enterprise: &str) -> Vec<(&'static str, V)> {
    vec![
        ("estateCode", V::T(estate)),
        ("enterpriseCreditCode", V::S(enterprise.to_owned())),
        ("startOn", V::T("2025-01-01")),
        ("endOn", V::T("2027年12月31日")),
        ("feePerSquareMeterMonth", V::N(1.2)),
        ("selection", V::T("招投标")),
    ]
}

fn member(
    estate: &'static str,
    name: &'static str,
    position: &'static str,
    affiliation: &'static str,
    owner: bool,
    party: bool,
) -> Vec<(&'static str, V)> {
    vec![
        ("estateCode", V::T(estate)),
        ("name", V::T(name)),
        ("position", V::T(position)),
        ("affiliation", V::T(affiliation)),
        ("isOwnerRepresentative", V::T(if owner { "是" } else { "否" })),
        ("isPartyMember", V::T(if party { "是" } else { "否" })),
    ]
}

pub fn clean(community: &str, other: &str) -> Vec<u8> {
    clean_with_member(community, other, "戊")
}

/// The clean registry, the management committee's fifth member named `fifth`.
fn clean_with_member(community: &str, other: &str, fifth: &'static str) -> Vec<u8> {
    let mut members = vec![
        member("XQ3406219001", "甲", "CHAIR", "COMMUNITY_PARTY_ORG", false, true),
        member("XQ3406219001", "乙", "VICE_CHAIR", "RESIDENTS_COMMITTEE", false, true),
        member("XQ3406219001", "丙", "MEMBER", "URBAN_MANAGEMENT", false, false),
        member("XQ3406219001", "丁", "MEMBER", "业主", true, true),
        member("XQ3406219001", fifth, "MEMBER", "业主", true, false),
        member("XQ3406219001", "己", "MEMBER", "业主", true, true),
        member("XQ3406219001", "庚", "MEMBER", "业主", true, false),
    ];
    for (i, name) in ["子", "丑", "寅", "卯", "辰"].into_iter().enumerate() {
        members.push(member("XQ3406219002", name, if i == 0 { "主任" } else { "委员" }, "OWNER", true, false));
    }
    workbook(&[
        (
            &SHEETS[0],
            vec![
                enterprise(&credit(9101), "濉溪县导入物业服务有限公司"),
                enterprise(&credit(9102), "濉溪县二号物业服务有限公司"),
            ],
        ),
        (
            &SHEETS[1],
            vec![
                estate("XQ3406219001", community, "导入花园"),
                estate("XQ3406219002", community, "导入雅苑"),
                estate("", other, "无码小区"),
            ],
        ),
        (&SHEETS[2], vec![contract("XQ3406219001", &credit(9101)), contract("XQ3406219002", &credit(9102))]),
        (
            &SHEETS[3],
            vec![
                vec![
                    ("estateCode", V::T("XQ3406219001")),
                    ("kind", V::T("物业管理委员会")),
                    ("formedOn", V::T("2026-01-10")),
                ],
                vec![
                    ("estateCode", V::T("XQ3406219002")),
                    ("kind", V::T("OWNERS")),
                    ("formedOn", V::T("2026-10-01")),
                    ("filedOn", V::T("2026/11/20")),
                ],
            ],
        ),
        (&SHEETS[4], members),
    ])
}

fn counts(report: &Report) -> Vec<(&str, usize, usize, usize, usize)> {
    report.sheets.iter().map(|s| (s.sheet, s.created, s.updated, s.unchanged, s.failed)).collect()
}

#[tokio::test]
async fn a_clean_registry_is_tried_then_written_once_and_a_second_import_changes_nothing() {
    let app = spawn_app().await;
    let (community, other) = communities(&app).await;
    let bytes = clean(&community, &other);
    let county = actor(Role::County, "340621");

    let before = writes(&app).await;
    let dry = import(&app, &county, "registry.xlsx", &bytes, Mode::DryRun).await;
    assert!(dry.problems.is_empty(), "{}", dry.text());
    assert_eq!(
        counts(&dry),
        [
            ("企业", 2, 0, 0, 0),
            ("小区", 3, 0, 0, 0),
            ("合同", 2, 0, 0, 0),
            ("委员会", 2, 0, 0, 0),
            ("委员", 12, 0, 0, 0)
        ]
    );
    assert!(!dry.committed);
    assert_eq!(writes(&app).await, before, "a dry run writes nothing");
    let none = app.data("{ estate(code: \"XQ3406219001\") { id } }", json!({})).await;
    assert!(none["estate"].is_null());

    let done = import(&app, &county, "registry.xlsx", &bytes, Mode::Commit { skip_invalid: false }).await;
    assert!(done.committed && done.problems.is_empty(), "{}", done.text());
    assert_eq!(counts(&done), counts(&dry));
    let data = app
        .data(
            "{ estate(code: \"XQ3406219001\") { name households privateArea location { latitude }
                activeContract { enterprise { creditCode } feePerSquareMeterMonth endOn }
                activeCommittee { kind members { name } } }
               other: estate(code: \"XQ3406219002\") { activeCommittee { kind filedOn } } }",
            json!({}),
        )
        .await;
    let estate = &data["estate"];
    assert_eq!((estate["name"].as_str(), estate["households"].as_i64()), (Some("导入花园"), Some(320)));
    assert_eq!(estate["privateArea"], "36000.50");
    assert_eq!(estate["activeContract"]["enterprise"]["creditCode"], credit(9101));
    assert_eq!(estate["activeContract"]["endOn"], "2027-12-31");
    assert_eq!(estate["activeCommittee"]["members"].as_array().unwrap().len(), 7);
    assert_eq!(data["other"]["activeCommittee"]["filedOn"], "2026-11-20");

    // Every record was written by the importer, with the file named in the reason.
    let county_token = token("county", json!("340621"), "auditor");
    let events = crate::helpers::walk(
        &app,
        Some(&county_token),
        "query($after: String) { auditEvents(first: 100, after: $after, filter: { actions: [\"registerEnterprise\",
            \"createEstate\", \"createContract\", \"formManagementCommittee\", \"fileOwnersCommittee\"] }) {
            edges { node { subject reason } } pageInfo { hasNextPage endCursor } } }",
        json!({}),
        "auditEvents",
    )
    .await;
    let imported: Vec<&Value> = events.iter().filter(|e| e["subject"] == "importer-county").collect();
    assert_eq!(imported.len(), 9, "2 enterprises, 3 estates, 2 contracts, 2 committees");
    for event in imported {
        let reason = event["reason"].as_str().unwrap_or_default();
        assert!(reason.contains("import of registry.xlsx (sha256 "), "{reason}");
    }

    // The same file again: every row unchanged, nothing written.
    let after = writes(&app).await;
    let again = import(&app, &county, "registry.xlsx", &bytes, Mode::Commit { skip_invalid: false }).await;
    assert!(again.problems.is_empty(), "{}", again.text());
    assert_eq!(
        counts(&again),
        [
            ("企业", 0, 0, 2, 0),
            ("小区", 0, 0, 3, 0),
            ("合同", 0, 0, 2, 0),
            ("委员会", 0, 0, 2, 0),
            ("委员", 0, 0, 12, 0)
        ]
    );
    assert_eq!(writes(&app).await, after);
    assert!(!again.committed);

    // A member renamed in the file: the committee is not silently "unchanged"; it is refused, and nothing written.
    let changed = clean_with_member(&community, &other, "戊二");
    let report = import(&app, &county, "registry.xlsx", &changed, Mode::Commit { skip_invalid: false }).await;
    let rules: Vec<(&str, usize, &str)> = report.problems.iter().map(|p| (p.sheet, p.row, p.rule.as_str())).collect();
    assert_eq!(rules, [("委员会", 3, "committee-members-differ")], "{}", report.text());
    assert_eq!(writes(&app).await, after);
}

#[tokio::test]
async fn every_kind_of_error_is_reported_at_its_row_and_column_and_nothing_is_written() {
    let app = spawn_app().await;
    let (community, _) = communities(&app).await;
    let mut bad_name = estate("XQ3406219011", &community, "占位");
    bad_name[2] = ("name", V::N(12345.0));
    let mut bad_date = contract("XQ3406219010", &credit(9101));
    let mut bad_check = credit(9103);
    let last = bad_check.pop().unwrap();
    bad_check.push(if last == '0' { '1' } else { '0' });
    bad_date[2] = ("startOn", V::T("03/01/2025"));
    let bytes = workbook(&[
        (
            &SHEETS[0],
            vec![enterprise(&credit(9101), "濉溪县导入物业服务有限公司"), enterprise(&bad_check, "校验位错误公司")],
        ),
        (
            &SHEETS[1],
            vec![
                estate("XQ3406219010", &community, "正常小区"),
                estate("XQ3406219010", &community, "重复编码"),
                estate("XQ3406219012", "340621999999", "社区不存在"),
                bad_name,
            ],
        ),
        (&SHEETS[2], vec![bad_date]),
        (
            &SHEETS[3],
            vec![vec![
                ("estateCode", V::T("XQ3406219010")),
                ("kind", V::T("业主委员会")),
                ("formedOn", V::T("2026-10-01")),
                ("filedOn", V::T("2026-11-20")),
            ]],
        ),
        (
            &SHEETS[4],
            vec![
                member("XQ3406219010", "子", "CHAIR", "OWNER", true, false),
                member("XQ3406219010", "丑", "MEMBER", "OWNER", true, false),
            ],
        ),
    ]);
    let county = actor(Role::County, "340621");
    let before = writes(&app).await;
    let report = import(&app, &county, "errors.xlsx", &bytes, Mode::Commit { skip_invalid: false }).await;
    assert!(!report.committed);
    assert_eq!(writes(&app).await, before, "nothing written:\n{}", report.text());
    let at = |sheet: &str, row: usize| -> Vec<(Option<String>, String)> {
        report
            .problems
            .iter()
            .filter(|p| p.sheet == sheet && p.row == row)
            .map(|p| (p.column.clone(), p.rule.clone()))
            .collect()
    };
    let text = report.text();
    assert_eq!(at("企业", 4), [(Some("A".into()), "credit-code-check-digit".into())], "{text}");
    assert_eq!(at("小区", 4), [(Some("A".into()), "duplicate-row".into())], "{text}");
    assert_eq!(at("小区", 5), [(Some("B".into()), "unknown-community".into())], "{text}");
    assert_eq!(at("小区", 6), [(Some("C".into()), "text-expected".into())], "{text}");
    assert_eq!(at("合同", 3), [(Some("C".into()), "date".into())], "{text}");
    assert_eq!(at("委员会", 3), [(None, "owners-committee-size".into())], "{text}");
    assert!(text.contains("小区 第 5 行 row 5 B 列 column (社区代码 communityCode) [unknown-community]"), "{text}");

    // Skipping the invalid rows writes the valid ones.
    let skipped = import(&app, &county, "errors.xlsx", &bytes, Mode::Commit { skip_invalid: true }).await;
    assert!(skipped.committed, "{}", skipped.text());
    assert_eq!(skipped.sheets[1].created, 1, "{}", skipped.text());
}

#[tokio::test]
async fn a_gb18030_csv_is_read_and_a_town_cannot_import_estates_of_another_town() {
    let app = spawn_app().await;
    let (community, _) = communities(&app).await;
    let headers: Vec<&str> = SHEETS[1].columns.iter().map(|c| c.zh).collect();
    let row = format!(
        "XQ3406219020,{community},书香南苑,濉溪镇南湖路2号,,,商品房,市场化,,6,210,18000.00,160.00,2010\n\
         XQ3406219021,{community},书香北苑,濉溪镇南湖路4号,,,别墅,市场化,,6,210,18000.00,160.00,2010\n"
    );
    let text = format!("{}\n{row}", headers.join(","));
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);

    // 韩村镇's staff may not create estates in 濉溪镇.
    let other_town = actor(Role::Town, "340621101");
    let refused = import(&app, &other_town, "小区.csv", &bytes, Mode::DryRun).await;
    assert_eq!(refused.sheets[1].rows, 2, "{}", refused.text());
    let rules: Vec<&str> = refused.problems.iter().map(|p| p.rule.as_str()).collect();
    assert_eq!(rules, ["forbidden", "code-list"], "{}", refused.text());
    assert_eq!(refused.problems[1].column.as_deref(), Some("G"));

    // 濉溪镇's staff may: the valid row would be created.
    let town = actor(Role::Town, "340621100");
    let dry = import(&app, &town, "小区.csv", &bytes, Mode::DryRun).await;
    assert_eq!((dry.sheets[1].created, dry.sheets[1].failed), (1, 1), "{}", dry.text());
}

#[tokio::test]
async fn the_cli_writes_the_template_and_reports_a_dry_run() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.xlsx");
    let printed = run_cli(&app, &["import", "--template", template.to_str().unwrap()]).unwrap();
    assert!(printed.contains("template written"), "{printed}");
    // The template as it comes, examples left in place, imports as nothing at all.
    let county = token("county", json!("340621"), "cli-importer");
    let printed = run_cli(&app, &["import", template.to_str().unwrap(), "--token", &county]).unwrap();
    assert!(printed.contains("dry run, nothing written"), "{printed}");
    assert!(!printed.contains("problems"), "{printed}");

    let (community, other) = communities(&app).await;
    let file = dir.path().join("registry.xlsx");
    std::fs::write(&file, clean(&community, &other)).unwrap();
    let json = run_cli(&app, &["import", file.to_str().unwrap(), "--token", &county, "--format", "json"]).unwrap();
    let report: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["sheets"][1]["created"], 3, "{report:#}");
    assert_eq!(report["committed"], false);
    let written = run_cli(&app, &["import", file.to_str().unwrap(), "--token", &county, "--commit"]).unwrap();
    assert!(written.contains("已写入 committed"), "{written}");
    assert!(run_cli(&app, &["import", file.to_str().unwrap(), "--token", "not-a-token"]).is_err());
}
