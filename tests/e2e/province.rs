//! `wuye province`: a synthetic province for benchmarks, loaded in bulk with a valid audit chain, read like any
//! county's data, each county's estates and ranking on their own; refused on a database that already holds a county.

use crate::helpers::{Data, run_cli, spawn_app_with};
use serde_json::json;

#[tokio::test]
async fn a_synthetic_province_loads_with_its_audit_chain_and_reads_like_any_county() {
    let app = spawn_app_with(Data::Empty).await;
    let printed = run_cli(&app, &["province", "--counties", "3", "--estates", "20"]).unwrap();
    assert!(printed.starts_with("3 counties, "), "{printed}");
    let verified = run_cli(&app, &["audit", "verify"]).unwrap();
    assert!(verified.contains("audit chain intact"), "{verified}");

    let data = app
        .data(
            "query($code: String!, $disclosed: String!) {
               counties(first: 10) { totalCount }
               estate(code: $code) { name community { town { county { code } } }
                 contracts(first: 1) { enterprise { creditProfile { grade } } } committees { members { name } } }
               disclosed: estate(code: $disclosed) { publicIncomeDisclosures(first: 5) { status items { gross } } }
               changes(first: 1) { totalCount }
             }",
            json!({ "code": "XQ34012300019", "disclosed": "XQ34012300016" }),
        )
        .await;
    assert_eq!(data["counties"]["totalCount"], 3);
    let estate = &data["estate"];
    assert_eq!(estate["name"], "基准小区19");
    assert_eq!(estate["community"]["town"]["county"]["code"], "340123");
    assert_eq!(estate["contracts"][0]["enterprise"]["creditProfile"]["grade"], "AA");
    assert_eq!(estate["committees"][0]["members"].as_array().unwrap().len(), 5);
    let disclosures = &data["disclosed"]["publicIncomeDisclosures"];
    assert_eq!(disclosures[0]["status"], "PUBLISHED", "{disclosures}");
    assert_eq!(disclosures[0]["items"].as_array().unwrap().len(), 2);
    // Every record has its creation event: per county one county, 13 towns, 130 communities, 2 enterprises, 20
    // estates, contracts and committees, 2 credit records, 10 complaints and 5 disclosures.
    assert_eq!(data["changes"]["totalCount"], 3 * (1 + 13 + 130 + 2 + 3 * 20 + 2 + 10 + 5));

    // A county's own lists: its estates, and its enterprises' ranking.
    let county = app
        .data(
            r#"{ estates(first: 5, filter: {countyCode: "340122"}) { totalCount nodes { code } }
                 creditRanking(county: "340122", first: 5) { totalCount nodes { enterprise { creditCode } } }
                 elsewhere: creditRanking(county: "349999") { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(county["estates"]["totalCount"], 20);
    assert!(
        county["estates"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["code"].as_str().unwrap().starts_with("XQ340122"))
    );
    assert_eq!(county["creditRanking"]["totalCount"], 2);
    let ranked = county["creditRanking"]["nodes"].as_array().unwrap();
    assert!(ranked.iter().all(|e| e["enterprise"]["creditCode"].as_str().unwrap().starts_with("91340122")));
    assert_eq!(county["elsewhere"]["totalCount"], 0);
    let url = format!("{}/data/estates.csv?countyCode=340122", app.address);
    let csv = app.client.get(url).send().await.unwrap().text().await.unwrap();
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let codes: Vec<String> = rows.records().map(|row| row.unwrap()[0].to_owned()).collect();
    assert_eq!(codes.len(), 20, "the county's estates, downloaded: {csv}");
    assert!(codes.iter().all(|code| code.starts_with("XQ340122")), "{codes:?}");

    let again = run_cli(&app, &["province", "--counties", "1"]).unwrap_err().to_string();
    assert!(again.contains("already holds a county"), "{again}");
}
