//! No N+1: relations go through per-request DataLoaders, so a page of 100 estates with their community, town,
//! county, contract, enterprise and committee members costs as many SQL statements as a page of 5.

use crate::helpers::{Data, spawn_app, spawn_app_configured};
use serde_json::json;

const QUERY: &str = "query($n: Int) { estates(first: $n) { edges { node {
    name
    community { name town { name county { name } } }
    activeContract { feePerSquareMeterMonth enterprise { name creditCode } }
    activeCommittee { kind members { name position } }
} } } }";

#[tokio::test]
async fn listing_100_estates_runs_as_many_statements_as_listing_5() {
    let app = spawn_app().await;
    let mut counts = Vec::new();
    for n in [5, 100] {
        let before = app.statements();
        let data = app.data(QUERY, json!({ "n": n })).await;
        counts.push(app.statements() - before);
        let edges = data["estates"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), n);
        assert!(edges.iter().all(|e| e["node"]["community"]["town"]["county"]["name"] == "濉溪县"));
        if n == 100 {
            assert!(edges.iter().any(|e| !e["node"]["activeContract"]["enterprise"].is_null()));
            assert!(
                edges.iter().any(|e| !e["node"]["activeCommittee"]["members"].as_array().is_none_or(|m| m.is_empty()))
            );
        }
    }
    assert_eq!(counts[0], counts[1], "statements for 5 and for 100 estates: {counts:?}");
    assert!(counts[1] <= 10, "one statement per relation, not per row: {counts:?}");
}

/// The credit ranking of 100 enterprises, each with its profile, records and grade history, costs as many SQL
/// statements as the ranking of 5.
#[tokio::test]
async fn ranking_100_enterprises_runs_as_many_statements_as_ranking_5() {
    let app = spawn_app().await;
    let county = crate::helpers::token("county", json!("340621"), "registrar");
    let register =
        "mutation($input: RegisterEnterpriseInput!) { registerEnterprise(input: $input) { enterprise { id } } }";
    for i in 0..90 {
        let first17 = format!("91340621MA2U{:04}X", 1000 + i);
        let check = api::domain::credit_code::check_character(&first17).unwrap();
        let input = json!({ "creditCode": format!("{first17}{check}"), "name": format!("测试物业服务有限公司{i:02}"),
            "legalRepresentative": "张三", "address": "濉溪县1号" });
        app.data_as(&county, register, json!({ "input": input })).await;
    }
    let query = "query($n: Int) { creditRanking(first: $n) { totalCount edges { node { rank
        enterprise { name creditCode status }
        profile { score grade goodPoints vetoed records { facts rule { code kind } } history { on grade causes { kind rule { code } } } }
    } } } }";
    let mut counts = Vec::new();
    for n in [5, 100] {
        let before = app.statements();
        let data = app.data(query, json!({ "n": n })).await;
        counts.push(app.statements() - before);
        assert_eq!(data["creditRanking"]["edges"].as_array().unwrap().len(), n);
        assert!(data["creditRanking"]["totalCount"].as_i64().unwrap() >= 100);
    }
    assert_eq!(counts[0], counts[1], "statements for 5 and for 100 places: {counts:?}");
    assert!(counts[1] <= 8, "a handful of statements, not one per enterprise: {counts:?}");
}

/// Complaint statistics of every town by month cost as many SQL statements with 40 more complaints as before.
#[tokio::test]
async fn complaint_statistics_by_town_and_month_do_not_grow_with_the_complaints() {
    // Every answer computed, none from the response cache.
    let app = spawn_app_configured(Data::Demo, |s| s.cache.response_cache = "off".into()).await;
    let query = "{ complaintStatistics(groupBy: [TOWN, MONTH]) { suppressedCells
        rows { town { name county { name } } month suppressed count closed onTimeShare medianHoursToClose reopened }
        total { count } } }";
    let measure = async || {
        let before = app.statements();
        let data = app.data(query, json!({})).await;
        (app.statements() - before, data["complaintStatistics"]["total"]["count"].as_u64().unwrap())
    };
    // The first answer is the executor's, checked against the plan's; every later one is the plan's.
    app.data(query, json!({})).await;
    let (statements, total) = measure().await;
    let estates = app.data("{ estates(first: 40) { edges { node { id community { code } } } } }", json!({})).await;
    let receive = "mutation($input: ReceiveComplaintInput!) { receiveComplaint(input: $input) { complaint { id } } }";
    for (i, edge) in estates["estates"]["edges"].as_array().unwrap().iter().enumerate() {
        let community = crate::helpers::token("community", edge["node"]["community"]["code"].clone(), "officer");
        let input = json!({ "channel": "PHONE", "category": "PARKING", "estateId": edge["node"]["id"],
            "summary": format!("占道停车 {i}") });
        app.data_as(&community, receive, json!({ "input": input })).await;
    }
    let (more_statements, more) = measure().await;
    assert!(total >= 100, "a year of demo complaints, in the cells shown: {total}");
    assert!(more > total, "{total} then {more}");
    assert_eq!(statements, more_statements, "statements for {total} and for {more} complaints");
    assert!(statements <= 8, "a handful of statements: {statements}");
}
