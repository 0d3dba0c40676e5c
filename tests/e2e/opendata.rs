//! Open data through plain HTTP: every dataset downloads as CSV and JSON Lines and equals, row by row, what the
//! public GraphQL endpoint answers to the dataset's own query; CSV has the BOM and RFC 4180 quoting of Chinese text
//! with commas, quotes and newlines; ETags give 304 until the data changes; the catalog lists every dataset with
//! what DCAT-AP requires; `/metrics` parses and moves.

use crate::helpers::{Data, TestApp, spawn_app, spawn_app_configured, token};
use serde_json::{Map, Value, json};
use std::io::Read;

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request sent")
}

async fn text(app: &TestApp, path: &str) -> String {
    let response = get(app, path, &[]).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// The catalog's dataset identifiers.
async fn dataset_names(app: &TestApp) -> Vec<String> {
    let catalog: Value = serde_json::from_str(&text(app, "/catalog").await).unwrap();
    catalog["dcat:dataset"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["dct:identifier"].as_str().unwrap().to_owned())
        .collect()
}

fn at<'a>(value: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(value, |v, field| v.get(field).unwrap_or(&Value::Null))
}

/// The rows the dictionary's query gives through the public endpoint: walked page by page, flattened through the
/// lists it descends into, one object per row. Written here from the dictionary alone, independently of the
/// server's own export.
async fn graphql_rows(app: &TestApp, dictionary: &Value) -> Vec<Map<String, Value>> {
    let query = dictionary["graphqlQuery"].as_str().unwrap();
    let root = &dictionary["root"];
    let field = root["field"].as_str().unwrap();
    let mut items = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app.data(query, json!({ "after": after })).await;
        if root["pages"] == true {
            let connection = &data[field];
            items.extend(connection["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()));
            if connection["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = connection["pageInfo"]["endCursor"].clone();
        } else {
            items.extend(data[field][root["list"].as_str().unwrap()].as_array().unwrap().iter().cloned());
            break;
        }
    }
    let descend: Vec<&str> = dictionary["descend"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
    let mut chains: Vec<Vec<Value>> = items.into_iter().map(|item| vec![item]).collect();
    for list in &descend {
        chains = chains
            .into_iter()
            .flat_map(|chain| {
                let children = at(chain.last().unwrap(), list).as_array().cloned().unwrap_or_default();
                children.into_iter().map(move |child| {
                    let mut next = chain.clone();
                    next.push(child);
                    next
                })
            })
            .collect();
    }
    let columns = dictionary["columns"].as_array().unwrap();
    chains
        .iter()
        .map(|chain| {
            columns
                .iter()
                .map(|c| {
                    let level = c["level"].as_u64().unwrap() as usize;
                    (c["name"].as_str().unwrap().to_owned(), at(&chain[level], c["path"].as_str().unwrap()).clone())
                })
                .collect()
        })
        .collect()
}

/// A JSON value as a CSV cell: nothing for null, lists joined with `;`.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

fn parse_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "CSV starts with a byte-order mark");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

#[tokio::test]
async fn every_dataset_downloads_in_both_formats_and_equals_its_graphql_view() {
    // The downloads' documents are wuye's own and run without the budget client documents are held to; the
    // endpoint here gets a budget large enough to answer the same documents.
    let app = spawn_app_configured(Data::Demo, |s| {
        s.limits.max_complexity = usize::MAX;
        s.rate_limits.points = u64::MAX;
    })
    .await;
    let names = dataset_names(&app).await;
    assert!(names.len() >= 23, "{names:?}");
    for name in &names {
        let dictionary: Value =
            serde_json::from_str(&text(&app, &format!("/data/{name}.dictionary.json")).await).unwrap();
        let expected = graphql_rows(&app, &dictionary).await;
        assert!(!expected.is_empty(), "the demo has rows of {name}");

        let jsonl = text(&app, &format!("/data/{name}.jsonl")).await;
        let rows: Vec<Map<String, Value>> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(rows.len(), expected.len(), "{name}: rows");
        for (i, (row, want)) in rows.iter().zip(&expected).enumerate() {
            assert_eq!(row, want, "{name}: JSON Lines row {i}");
        }

        let response = get(&app, &format!("/data/{name}.csv"), &[]).await;
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let (header, csv_rows) = parse_csv(&response.bytes().await.unwrap());
        let columns: Vec<String> =
            dictionary["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect();
        assert_eq!(header, columns, "{name}: header");
        assert_eq!(csv_rows.len(), expected.len(), "{name}: CSV rows");
        for (i, (row, want)) in csv_rows.iter().zip(&expected).enumerate() {
            let want: Vec<String> = want.values().map(cell).collect();
            assert_eq!(row, &want, "{name}: CSV row {i}");
        }
        // Every column is described in both languages, with its type.
        for column in dictionary["columns"].as_array().unwrap() {
            assert!(!column["description"]["en"].as_str().unwrap().is_empty(), "{name}: {column}");
            assert!(!column["type"].as_str().unwrap().is_empty(), "{name}: {column}");
            if column["type"] == "code" {
                assert!(column["codeList"].is_string(), "{name}: {column}");
            }
        }
    }
    let missing = get(&app, "/data/nothing.csv", &[]).await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn csv_quotes_chinese_text_with_commas_quotes_and_newlines() {
    let app = spawn_app().await;
    let town = token("town", json!("340621100"), "town-officer");
    let create = "mutation($input: CreateEstateInput!) { createEstate(input: $input) { estate { code } } }";
    let name = "锦绣\"花园\",一期";
    let address = "濉溪县濉溪镇幸福路1号，\n东门进";
    let input = json!({ "communityCode": "340621100001", "name": name, "address": address, "housingType": "COMMODITY",
        "serviceMode": "MARKET", "buildings": 3, "households": 120, "privateArea": "10000.00",
        "managementRoomArea": "100.00" });
    let created = app.data_as(&town, create, json!({ "input": input })).await;
    let code = created["createEstate"]["estate"]["code"].as_str().unwrap().to_owned();

    let bytes = get(&app, "/data/estates.csv", &[]).await.bytes().await.unwrap();
    let raw = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(raw.contains("\"锦绣\"\"花园\"\",一期\""), "RFC 4180: quoted, quotes doubled");
    assert!(raw.contains("\r\n"), "records end with CRLF");
    let (header, rows) = parse_csv(&bytes);
    let column = |n: &str| header.iter().position(|h| h == n).unwrap();
    let row = rows.iter().find(|r| r[column("code")] == code).expect("the new estate");
    assert_eq!(row[column("name")], name);
    assert_eq!(row[column("address")], address);
}

#[tokio::test]
async fn a_matching_etag_is_not_modified_until_the_data_changes() {
    let app = spawn_app().await;
    let first = get(&app, "/data/towns.csv", &[]).await;
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(first.headers().contains_key("last-modified"));
    let plain = first.bytes().await.unwrap();
    let again = get(&app, "/data/towns.csv", &[("if-none-match", &tag)]).await;
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());

    // gzip when asked, the same bytes once decompressed.
    let zipped = get(&app, "/data/towns.csv", &[("accept-encoding", "gzip")]).await;
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&zipped.bytes().await.unwrap()[..]).read_to_end(&mut unzipped).unwrap();
    assert_eq!(unzipped, plain.to_vec());

    // A write advances the data version: the old tag no longer matches.
    let county = token("county", json!("340621"), "county-officer");
    let town = app.data("{ town(code: \"340621110\") { id version } }", json!({})).await;
    let set = "mutation($input: SetServiceCenterInput!) { setServiceCenter(input: $input) { town { version } } }";
    let input = json!({ "townId": town["town"]["id"], "expectedVersion": town["town"]["version"],
        "establishedOn": "2026-11-01", "leader": "王强", "staffCount": 3 });
    app.data_as(&county, set, json!({ "input": input })).await;
    let changed = get(&app, "/data/towns.csv", &[("if-none-match", &tag)]).await;
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), tag);
    assert!(changed.text().await.unwrap().contains("王强"));
}

#[tokio::test]
async fn the_catalog_lists_every_dataset_with_what_dcat_ap_requires() {
    let app = spawn_app().await;
    let response = get(&app, "/catalog", &[]).await;
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/ld+json"));
    let catalog: Value = response.json().await.unwrap();
    assert_eq!(catalog["@type"], "dcat:Catalog");
    assert_eq!(catalog["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
    let bilingual = |value: &Value| {
        let languages: Vec<&str> = value.as_array().unwrap().iter().map(|t| t["@language"].as_str().unwrap()).collect();
        languages.contains(&"zh") && languages.contains(&"en")
    };
    // DCAT-AP: a catalogue has a title, a description, a publisher and datasets.
    assert!(bilingual(&catalog["dct:title"]) && bilingual(&catalog["dct:description"]));
    assert!(catalog["dct:publisher"]["foaf:name"].is_string());
    assert!(catalog["dct:license"]["@id"].as_str().unwrap().starts_with("https://creativecommons.org/"));
    let page = text(&app, "/data/").await;
    let datasets = catalog["dcat:dataset"].as_array().unwrap();
    for dataset in datasets {
        let name = dataset["dct:identifier"].as_str().unwrap();
        // A dataset has a title and a description; recommended: contact, distributions, keywords, publisher.
        assert!(bilingual(&dataset["dct:title"]) && bilingual(&dataset["dct:description"]), "{name}");
        assert!(dataset["dcat:contactPoint"]["vcard:hasEmail"]["@id"].as_str().unwrap().starts_with("mailto:"));
        assert!(!dataset["dcat:keyword"].as_array().unwrap().is_empty(), "{name}");
        assert!(dataset["dct:publisher"].is_object() && dataset["dct:accrualPeriodicity"]["@id"].is_string());
        assert!(dataset["dct:modified"]["@value"].is_string(), "{name}: modified from the data");
        let distributions = dataset["dcat:distribution"].as_array().unwrap();
        assert_eq!(distributions.len(), 4, "{name}: CSV, JSON Lines, dictionary, GraphQL");
        for distribution in distributions {
            // A distribution has an access URL; every one here also says its media type and licence.
            let url = distribution["dcat:accessURL"]["@id"].as_str().unwrap();
            assert!(url.starts_with(&app.address), "{url}");
            assert!(
                distribution["dcat:mediaType"]["@id"].is_string() && distribution["dct:license"]["@id"].is_string()
            );
            let path = &url[app.address.len()..];
            let path = path.split('#').next().unwrap();
            if path != "/graphql" {
                assert_eq!(get(&app, path, &[]).await.status(), 200, "{path}");
            }
        }
        assert!(page.contains(&format!("/data/{name}.csv")), "the open-data page links {name}");
    }
    assert_eq!(datasets.len(), 26);
    let schema = text(&app, "/schema.graphql").await;
    assert!(schema.contains("type Estate"));
}

#[tokio::test]
async fn metrics_parse_and_move_after_a_request() {
    let app = spawn_app().await;
    let scrape = |text: String| {
        prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).expect("Prometheus text format")
    };
    let value = |scrape: &prometheus_parse::Scrape, name: &str, labels: &[(&str, &str)]| -> f64 {
        scrape
            .samples
            .iter()
            .filter(|s| s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
            .map(|s| match s.value {
                prometheus_parse::Value::Counter(v)
                | prometheus_parse::Value::Gauge(v)
                | prometheus_parse::Value::Untyped(v) => v,
                prometheus_parse::Value::Histogram(ref buckets) => buckets.iter().map(|b| b.count).fold(0.0, f64::max),
                _ => 0.0,
            })
            .sum()
    };
    let before = scrape(text(&app, "/metrics").await);
    let ok = [("operation", "Towns"), ("code", "OK")];
    assert_eq!(value(&before, "wuye_graphql_requests_total", &ok), 0.0);
    let response = app
        .client
        .post(app.graphql_url())
        .json(&json!({ "query": "query Towns { towns(first: 3) { totalCount } }", "operationName": "Towns" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (_, refused) = app.post_as(&token("town", json!("340621100"), "t"), "query Bad { nothing }", json!({})).await;
    assert!(refused["errors"].is_array());
    let after = scrape(text(&app, "/metrics").await);
    assert_eq!(value(&after, "wuye_graphql_requests_total", &ok), 1.0);
    assert_eq!(
        value(&after, "wuye_graphql_requests_total", &[("operation", "anonymous"), ("code", "QUERY_REJECTED")]),
        1.0
    );
    assert!(value(&after, "wuye_sql_statements_total", &[]) > value(&before, "wuye_sql_statements_total", &[]));
    assert!(after.samples.iter().any(|s| s.metric == "wuye_graphql_request_duration_seconds_count"
        || s.metric == "wuye_graphql_request_duration_seconds"));
    assert!(after.samples.iter().any(|s| s.metric == "wuye_db_pool_connections"));
}

#[tokio::test]
async fn the_explorer_is_served_without_any_other_host() {
    let app = spawn_app().await;
    let page = get(&app, "/graphql", &[("accept", "text/html")]).await.text().await.unwrap();
    for asset in [
        "/graphiql/graphiql.min.js",
        "/graphiql/graphiql.min.css",
        "/graphiql/react.production.min.js",
        "/graphiql/react-dom.production.min.js",
    ] {
        assert!(page.contains(asset), "{asset}");
        let response = get(&app, asset, &[("accept-encoding", "gzip")]).await;
        assert_eq!(response.status(), 200, "{asset}");
        assert_eq!(response.headers()["content-encoding"], "gzip");
        let plain = get(&app, asset, &[]).await;
        assert!(plain.headers().get("content-encoding").is_none());
        assert!(plain.bytes().await.unwrap().len() > 1000);
    }
    assert!(!page.contains("https://") && !page.contains("http://"), "the page loads nothing from elsewhere");
}
