//! The disclosure website over HTTP: every page type answers, from the same public data as the API (the estate
//! page's figures equal the API's), ETag and 304, a stylesheet cached for a year, nothing from another host, English
//! on request; and every query beside the templates is valid against the schema.

use crate::helpers::{TestApp, spawn_app};
use serde_json::json;
use std::path::Path;

async fn page(app: &TestApp, path: &str) -> (u16, reqwest::header::HeaderMap, String) {
    let response = app.client.get(format!("{}{path}", app.address)).send().await.unwrap();
    (response.status().as_u16(), response.headers().clone(), response.text().await.unwrap())
}

/// `text` percent-encoded for a URL's query.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Money as the site writes it: `¥1,234.56`.
fn yuan(decimal: &str) -> String {
    let (whole, fraction) = decimal.split_once('.').unwrap_or((decimal, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("¥{grouped}.{fraction:0<2}")
}

#[tokio::test]
async fn every_query_beside_the_templates_is_valid_for_the_schema() {
    let app = spawn_app().await;
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("api/templates/site");
    let mut checked = 0;
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "graphql") {
            continue;
        }
        let query = std::fs::read_to_string(&path).unwrap();
        let variables = json!({ "code": "XQ3406210001", "text": "sxhy", "ids": [] });
        let response = app.post(&query, variables).await;
        let codes = crate::helpers::error_codes(&response);
        assert!(!codes.contains(&"QUERY_REJECTED".to_owned()), "{}: {response:#}", path.display());
        checked += 1;
    }
    assert_eq!(checked, 10);
}

#[tokio::test]
async fn the_pages_answer_from_the_public_data() {
    let app = spawn_app().await;
    let estate = app
        .data(
            "{ estate(code: \"XQ3406210001\") { name households town { code } community { code }
                fundAccount { balance } activeContract { enterprise { creditCode creditProfile { score grade } } } } }",
            json!({}),
        )
        .await["estate"]
        .clone();
    let enterprise = estate["activeContract"]["enterprise"]["creditCode"].as_str().unwrap().to_owned();
    for path in [
        "/".to_owned(),
        format!("/town/{}", estate["town"]["code"].as_str().unwrap()),
        format!("/community/{}", estate["community"]["code"].as_str().unwrap()),
        "/estate/XQ3406210001".to_owned(),
        format!("/enterprise/{enterprise}"),
        "/credit".to_owned(),
        "/search?q=sxhy".to_owned(),
    ] {
        let (status, headers, body) = page(&app, &path).await;
        assert_eq!(status, 200, "{path}");
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(body.starts_with("<!doctype html>") && body.contains("<html lang=\"zh-CN\">"), "{path}");
        // Nothing loaded from another host (a link to a map app is a place to go, not a load).
        for load in ["src=\"http", "href=\"http://", "stylesheet\" href=\"http", "url(http"] {
            assert!(!body.contains(load), "{path}: nothing from another host ({load})");
        }
        // 304 for a client that holds this version.
        let tag = headers["etag"].to_str().unwrap().to_owned();
        let again =
            app.client.get(format!("{}{path}", app.address)).header("if-none-match", &tag).send().await.unwrap();
        assert_eq!(again.status(), 304, "{path}");
    }
    let (_, _, body) = page(&app, "/estate/XQ3406210001").await;
    assert!(body.contains(estate["name"].as_str().unwrap()));
    let households = estate["households"].as_i64().unwrap();
    let grouped = if households >= 1000 {
        format!("{},{:03}", households / 1000, households % 1000)
    } else {
        households.to_string()
    };
    assert!(body.contains(&format!("data-figure=\"households\">{grouped}<")), "households as the API has them");
    assert!(
        body.contains(&yuan(estate["fundAccount"]["balance"].as_str().unwrap())),
        "the fund balance as the API has it"
    );
    let profile = &estate["activeContract"]["enterprise"]["creditProfile"];
    assert!(body.contains(&format!("{} {}", profile["grade"].as_str().unwrap(), profile["score"])));
    let (_, _, english) = page(&app, "/estate/XQ3406210001?lang=en").await;
    assert!(english.contains("<html lang=\"en\">") && english.contains("Maintenance fund"));
    for (typed, how) in [("sxhy", "pinyin initials"), ("shuxiang", "full pinyin"), ("書香", "traditional characters")]
    {
        let (_, _, found) = page(&app, &format!("/search?q={}", urlencoding(typed))).await;
        assert!(found.contains("/estate/XQ3406210001"), "{how} find 书香花园");
    }
    assert_eq!(page(&app, "/estate/XQ0000000000").await.0, 404);

    // An estate under emergency management shows its temporary management plan, as the API has it.
    let emergency = app
        .data(
            "{ estates(first: 1, filter: {serviceMode: EMERGENCY}) { edges { node { code
                emergencyPeriods { status plan { feeCollection } } } } } }",
            json!({}),
        )
        .await;
    let node = &emergency["estates"]["edges"][0]["node"];
    let plan = node["emergencyPeriods"].as_array().unwrap().iter().find(|p| p["status"] == "ACTIVE").unwrap();
    let (_, _, body) = page(&app, &format!("/estate/{}", node["code"].as_str().unwrap())).await;
    assert!(body.contains("临时管理方案"), "the plan on the estate's page");
    assert!(body.contains(plan["plan"]["feeCollection"].as_str().unwrap()));

    // One stylesheet, fingerprinted, cached for a year.
    let css = body.split("rel=\"stylesheet\" href=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert!(css.starts_with("/static/site.") && css.ends_with(".css"));
    let (status, headers, _) = page(&app, &css).await;
    assert_eq!(status, 200);
    assert!(headers["cache-control"].to_str().unwrap().contains("max-age=31536000"));
}

/// What a browser and a crawler ask of any site: robots.txt pointing at a sitemap of every public page (a town,
/// an estate and an enterprise among them, in both languages), and on every page a policy that runs no script,
/// loads nothing from elsewhere and may not be framed.
#[tokio::test]
async fn robots_sitemap_and_security_headers() {
    let app = spawn_app().await;
    let (status, headers, robots) = page(&app, "/robots.txt").await;
    assert_eq!(status, 200);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/plain"));
    assert!(robots.contains("Disallow: /staff/"), "{robots}");
    let sitemap_url = robots.lines().find_map(|l| l.strip_prefix("Sitemap: ")).expect("a Sitemap line");
    assert!(sitemap_url.ends_with("/sitemap.xml"), "{sitemap_url}");
    let (status, headers, sitemap) = page(&app, "/sitemap.xml").await;
    assert_eq!(status, 200);
    assert!(headers["content-type"].to_str().unwrap().starts_with("application/xml"));
    let listed = app
        .data(
            "{ estates(first: 100) { totalCount edges { node { code } } } enterprises(first: 1) { edges { node { creditCode } } }
               towns(first: 1) { edges { node { code } } } }",
            json!({}),
        )
        .await;
    let estates = listed["estates"]["totalCount"].as_u64().unwrap() as usize;
    assert_eq!(sitemap.matches("/estate/").count(), 2 * estates, "every estate, in both languages");
    for path in [
        format!("/estate/{}", listed["estates"]["edges"][0]["node"]["code"].as_str().unwrap()),
        format!("/enterprise/{}", listed["enterprises"]["edges"][0]["node"]["creditCode"].as_str().unwrap()),
        format!("/town/{}", listed["towns"]["edges"][0]["node"]["code"].as_str().unwrap()),
        "/credit/rules".to_owned(),
        "/data/".to_owned(),
    ] {
        assert!(
            sitemap.contains(&format!("{path}</loc>")) && sitemap.contains(&format!("{path}?lang=en</loc>")),
            "{path}"
        );
        let (status, headers, _) = page(&app, &path).await;
        assert_eq!(status, 200, "{path}");
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"), "{path}");
        assert!(!policy.contains("script-src"), "{path}: no script at all");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
    }
    let (status, headers, _) = page(&app, "/estate/XQ0000000000").await;
    assert_eq!(status, 404);
    assert!(headers.contains_key("content-security-policy"), "the styled 404 too");
}

/// The open-data page is a page of the site (its header leads home) and lists every download with its rows, as
/// many as the download holds, and its size.
#[tokio::test]
async fn the_open_data_page_is_in_the_site_with_rows_and_sizes() {
    let app = spawn_app().await;
    let (status, _, body) = page(&app, "/data/").await;
    assert_eq!(status, 200);
    assert!(body.contains("<header class=\"site\">") && body.contains("href=\"/\""), "the site's header, home");
    let csv = page(&app, "/data/estates.csv").await.2;
    let records = csv.lines().count() - 1;
    let row = body.split("<tr id=\"estates\">").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row.contains(&format!(">{records}<")), "the estates' rows: {row}");
    assert!(row.contains(" KB<") || row.contains(" B<"), "the size: {row}");
    let (_, _, english) = page(&app, "/data/?lang=en").await;
    assert!(english.contains("<html lang=\"en\">") && english.contains("Data last changed"));
}

/// Credit explained: the rules page shows the scoring in force and every rule from the API, so a rule the county
/// adds shows at once; an enterprise's grade history is never empty, and a veto is said as such.
#[tokio::test]
async fn credit_is_explained() {
    let app = spawn_app().await;
    let (status, _, rules) = page(&app, "/credit/rules").await;
    assert_eq!(status, 200);
    let scorings = app.data("{ creditScorings { effectiveFrom aaaMin } }", json!({})).await;
    let first = &scorings["creditScorings"][0];
    assert!(rules.contains(&format!("{} 分及以上", first["aaaMin"])), "the AAA threshold");
    assert!(rules.contains("id=\"veto\"") && rules.contains("一票否决"));
    const CREATE: &str =
        "mutation($input: CreateCreditRuleInput!) { createCreditRule(input: $input) { rule { code } } }";
    let rule = json!({ "input": { "code": "G77", "nameZh": "见义勇为", "nameEn": "Bravery", "kind": "GOOD",
        "points": 3, "validityMonths": 18, "legalBasis": "县政府意见五(二)" } });
    app.data_as(&crate::helpers::token("county", json!("340621"), "county-officer"), CREATE, rule).await;
    let (_, _, rules) = page(&app, "/credit/rules").await;
    let row =
        rules.split("id=\"rule-G77\"").nth(1).expect("the new rule is listed at once").split("</tr>").next().unwrap();
    assert!(row.contains("见义勇为") && row.contains("18 个月") && row.contains("县政府意见五(二)"), "{row}");

    let ranking = app
        .data(
            "{ creditRanking(first: 100) { edges { node { enterprise { creditCode } profile { vetoed } } } } }",
            json!({}),
        )
        .await;
    for edge in ranking["creditRanking"]["edges"].as_array().unwrap() {
        let code = edge["node"]["enterprise"]["creditCode"].as_str().unwrap();
        let (_, _, body) = page(&app, &format!("/enterprise/{code}")).await;
        let history = body.split("<h2>信用等级变化</h2>").nth(1).unwrap().split("</table>").next().unwrap();
        assert!(history.contains("<td "), "{code}: the grade history has a row");
        assert!(history.contains("当前等级"), "{code}: the grade now and since when");
        if edge["node"]["profile"]["vetoed"] == true {
            assert!(body.contains("badge veto") && body.contains("一票否决："), "{code}: the veto said as such");
        }
    }
    let (_, _, credit) = page(&app, "/credit").await;
    assert!(credit.contains("/credit/rules"), "the ranking links to the rules");
}

/// Data one click away: each record's page links to the downloads narrowed to it — which hold its rows and only
/// its rows — and to the query it ran, opened in the explorer; its sections say when their records last changed;
/// an estate page opens the estate in a map app and has its complaints and contacts.
#[tokio::test]
async fn every_page_links_to_its_own_data() {
    let app = spawn_app().await;
    let (_, _, body) = page(&app, "/estate/XQ3406210001").await;
    let section = body.split("id=\"data\"").nth(1).expect("this page's data").split("</section>").next().unwrap();
    assert!(section.contains("href=\"/graphql#query="), "the page's query in the explorer");
    let download =
        section.split("href=\"").find(|h| h.starts_with("/data/estates.csv?")).unwrap().split('"').next().unwrap();
    assert_eq!(download, "/data/estates.csv?code=XQ3406210001");
    let csv = page(&app, download).await.2;
    assert_eq!(csv.lines().count(), 2, "the header and the estate: {csv}");
    assert!(csv.lines().nth(1).unwrap().starts_with("XQ3406210001,"));
    assert!(section.contains("/data/inspections.csv?estateCode=XQ3406210001"), "each download by its own filter");
    assert!(body.contains("class=\"updated\">更新于"), "a section says when it last changed");
    assert!(body.contains("uri.amap.com/marker?position=") && body.contains("href=\"geo:"), "map apps");
    assert!(body.contains("id=\"complaints\"") && body.contains("12345"), "complaints and how to complain");

    let town = app.data("{ estates(first: 1) { edges { node { town { code } } } } }", json!({})).await;
    let code = town["estates"]["edges"][0]["node"]["town"]["code"].as_str().unwrap().to_owned();
    let (_, _, body) = page(&app, &format!("/town/{code}")).await;
    assert!(body.contains(&format!("/data/estates.csv?townCode={code}")));
    assert!(body.contains("<svg class=\"map\""), "the town's estates on a map");
    let narrowed = page(&app, &format!("/data/estates.csv?townCode={code}")).await.2;
    let all = page(&app, "/data/estates.csv").await.2;
    let in_town = app
        .data("query($t: String!) { estates(filter: {townCode: $t}) { totalCount } }", json!({ "t": code }))
        .await["estates"]["totalCount"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(narrowed.lines().count() - 1, in_town, "a download narrows as its list does");
    assert!(all.lines().count() > narrowed.lines().count());

    // A filter the list does not take, or a value not of its type, is refused before any row is written.
    for (path, rule) in [
        ("/data/estates.csv?nope=1", "download-filter"),
        ("/data/estates.csv?serviceMode=SOMETIMES", "download-filter"),
        ("/data/inspections.csv?from=yesterday", "download-filter"),
    ] {
        let response = app.client.get(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(response.status(), 400, "{path}");
        let answer: serde_json::Value = response.json().await.unwrap();
        assert_eq!(answer["errors"][0]["extensions"]["rule"], rule, "{path}: {answer}");
    }
    let (_, _, home) = page(&app, "/").await;
    assert!(home.contains("<svg class=\"map\""), "the county's estates on a map");
    let (_, _, dictionary) = page(&app, "/data/estates.dictionary.json").await;
    assert!(dictionary.contains("\"townCode\""), "the dictionary lists the filters");
}
