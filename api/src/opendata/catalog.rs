//! The DCAT catalog (DCAT-AP, as JSON-LD) that national and provincial data portals harvest: the publisher,
//! licence and contact (settings), each dataset with its keywords, update frequency, `modified` from the data
//! version, and its distributions: CSV, JSON Lines, the data dictionary and the GraphQL endpoint.

use super::OpenData;
use crate::graphql::data_version::DataVersion;
use serde_json::{Value, json};

/// Continuously updated (the EU's frequency vocabulary, which DCAT-AP uses).
const UPDATED_CONTINUOUSLY: &str = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT";

fn text(zh: &str, en: &str) -> Value {
    json!([{ "@value": zh, "@language": "zh" }, { "@value": en, "@language": "en" }])
}

fn media_type(mime: &str) -> Value {
    json!({ "@id": format!("https://www.iana.org/assignments/media-types/{mime}") })
}

impl OpenData {
    /// The catalog, with links under `base` (e.g. `https://data.example.org`).
    pub fn catalog(&self, base: &str, version: DataVersion) -> Value {
        let settings = &self.settings;
        let modified = version.modified.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        let publisher = json!({ "@type": "foaf:Agent", "foaf:name": settings.publisher });
        let contact = json!({
            "@type": "vcard:Organization",
            "vcard:fn": settings.publisher,
            "vcard:hasEmail": { "@id": format!("mailto:{}", settings.contact_email) },
        });
        let licence = json!({ "@id": settings.licence });
        let endpoint = format!("{base}/graphql");
        let datasets: Vec<Value> = self
            .datasets
            .iter()
            .map(|prepared| {
                let d = prepared.dataset;
                let download = |extension: &str, mime: &str, zh: &str, en: &str| {
                    let url = format!("{base}/data/{}.{extension}", d.name);
                    json!({
                        "@id": url,
                        "@type": "dcat:Distribution",
                        "dct:title": text(zh, en),
                        "dcat:accessURL": { "@id": url },
                        "dcat:downloadURL": { "@id": url },
                        "dcat:mediaType": media_type(mime),
                        "dct:license": licence,
                    })
                };
                json!({
                    "@id": format!("{base}/data/{}", d.name),
                    "@type": "dcat:Dataset",
                    "dct:identifier": d.name,
                    "dct:title": text(d.title_zh, d.title_en),
                    "dct:description": text(d.description_zh, d.description_en),
                    "dcat:keyword": d.keywords.iter().flat_map(|(zh, en)| [
                        json!({ "@value": zh, "@language": "zh" }),
                        json!({ "@value": en, "@language": "en" }),
                    ]).collect::<Vec<_>>(),
                    "dct:publisher": publisher,
                    "dcat:contactPoint": contact,
                    "dct:accrualPeriodicity": { "@id": UPDATED_CONTINUOUSLY },
                    "dct:modified": modified.as_ref().map(|m| json!({ "@value": m, "@type": "xsd:dateTime" })),
                    "dct:language": [{ "@id": "http://publications.europa.eu/resource/authority/language/ZHO" }],
                    "dct:spatial": { "@id": "https://www.stats.gov.cn/sj/tjbz/qhdm/" },
                    "dcat:distribution": [
                        download("csv", "text/csv", "CSV（UTF-8，带BOM）", "CSV (UTF-8 with BOM)"),
                        download("jsonl", "application/jsonl", "JSON Lines", "JSON Lines"),
                        download("dictionary.json", "application/json", "数据字典", "Data dictionary"),
                        json!({
                            "@id": format!("{endpoint}#{}", d.name),
                            "@type": "dcat:Distribution",
                            "dct:title": text("GraphQL 接口", "GraphQL API"),
                            "dcat:accessURL": { "@id": endpoint },
                            "dcat:accessService": { "@id": endpoint },
                            "dcat:mediaType": media_type("application/graphql-response+json"),
                            "dct:license": licence,
                        }),
                    ],
                })
            })
            .collect();
        json!({
            "@context": {
                "dcat": "http://www.w3.org/ns/dcat#",
                "dct": "http://purl.org/dc/terms/",
                "foaf": "http://xmlns.com/foaf/0.1/",
                "vcard": "http://www.w3.org/2006/vcard/ns#",
                "xsd": "http://www.w3.org/2001/XMLSchema#",
            },
            "@id": format!("{base}/catalog"),
            "@type": "dcat:Catalog",
            "dct:title": text("物业管理公开数据", "Open data on property management"),
            "dct:description": text(
                "县、镇、社区三级物业管理网络监管的小区、物业服务企业、信用档案、公共收益、专项维修资金、委员会、投诉、移交和应急管理。",
                "Estates, property-service enterprises, credit archives, public income, maintenance funds, committees, complaints, handovers and emergency management, as the county–town–community network supervises them.",
            ),
            "dct:publisher": publisher,
            "dcat:contactPoint": contact,
            "dct:license": licence,
            "dct:modified": modified.as_ref().map(|m| json!({ "@value": m, "@type": "xsd:dateTime" })),
            "foaf:homepage": { "@id": format!("{base}/data/") },
            "dcat:service": {
                "@id": endpoint,
                "@type": "dcat:DataService",
                "dct:title": text("物业管理 GraphQL 接口", "Property management GraphQL API"),
                "dcat:endpointURL": { "@id": endpoint },
                "dcat:endpointDescription": { "@id": format!("{base}/schema.graphql") },
                "dct:license": licence,
            },
            "dcat:dataset": datasets,
        })
    }
}
