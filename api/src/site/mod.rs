//! The public disclosure website (物业信息公开), served by wuye as the reference client of its own API: pages rendered
//! on the server (askama, checked at compile time) from public GraphQL queries run in-process as the anonymous
//! viewer — the queries are `.graphql` files beside the templates in `api/templates/site/` — so the site can never
//! show what the API hides. Chinese first, English with `?lang=en`; no JavaScript; charts as SVG with a table beside
//! each; one fingerprinted stylesheet cached for a year; `ETag` and 304 from the data version.

mod chart;
pub(crate) mod filters;
mod format;
mod i18n;
mod map;
mod page_data;
mod pages;
mod sitemap;
mod words;

use crate::graphql::{self, WuyeSchema};
pub use i18n::Lang;
pub use page_data::Downloadable;
pub use pages::data::{DatasetEntry, OpenDataListing};
use sea_orm::DatabaseConnection;
use serde_json::Value;
use sha2::{Digest, Sha256};
pub use sitemap::robots;
use words::{Words, words};

const CSS: &str = include_str!("../../assets/site/site.css");

/// The site's own words, which a county that runs it sets (README, "The website").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteText {
    pub title: String,
    pub title_en: String,
    pub county: String,
    pub county_en: String,
    /// The contact line at the foot of every page.
    pub contact: String,
    /// The contact line at the foot of every English page.
    pub contact_en: String,
}

impl Default for SiteText {
    fn default() -> Self {
        SiteText {
            title: "物业信息公开".into(),
            title_en: "Property Management Disclosure".into(),
            county: "濉溪县".into(),
            county_en: "Suixi County".into(),
            contact: "县住房和城乡建设局物业管理科（演示数据）· opendata@example.org".into(),
            contact_en: "Property Management Section, County Housing and Urban-Rural Development Bureau (demo data) · \
                         opendata@example.org"
                .into(),
        }
    }
}

/// The site's words, its stylesheet's fingerprinted address, and the downloads its pages link to.
pub struct Site {
    settings: SiteText,
    css_path: String,
    downloads: Vec<Downloadable>,
}

/// A page of the site.
pub enum Page {
    Home,
    Town(String),
    Community(String),
    Estate(String),
    Enterprise(String),
    Credit,
    /// How credit is graded: the grades, the scoring parameters and every rule.
    CreditRules,
    /// The search results for a text.
    Search(String),
    /// The open-data page, listing what the downloads hold.
    Data(OpenDataListing),
}

impl Site {
    pub fn new(settings: SiteText, downloads: Vec<Downloadable>) -> Self {
        let fingerprint = hex::encode(Sha256::digest(CSS.as_bytes()));
        Site { settings, css_path: format!("/static/site.{}.css", &fingerprint[..12]), downloads }
    }

    /// The stylesheet, when `file` is its fingerprinted name (a change of it gets a new address).
    pub fn stylesheet(&self, file: &str) -> Option<&'static str> {
        (self.css_path.strip_prefix("/static/") == Some(file)).then_some(CSS)
    }

    /// What a page at `path?query_string` is built in: the schema and database to query, in the reader's language
    /// (from `query_string`).
    pub fn context<'a>(
        &'a self,
        schema: &'a WuyeSchema,
        db: &'a DatabaseConnection,
        path: &str,
        query_string: &str,
    ) -> Context<'a> {
        let lang = Lang::from_query(Some(query_string));
        Context { schema, db, site: self, lang, path: path.to_owned(), query_string: query_string.to_owned() }
    }
}

/// What every page's frame (head, header, search, footer) needs.
pub struct Frame {
    pub lang: &'static str,
    pub english: bool,
    pub suffix: &'static str,
    pub words: &'static Words,
    pub site_title: String,
    pub county: String,
    pub contact: String,
    pub css: String,
    pub page_title: String,
    /// What search engines show under the title: the page and what the site holds.
    pub description: String,
    pub toggle_href: String,
    pub toggle_label: &'static str,
    pub toggle_lang: &'static str,
    /// The search text, for the search box.
    pub query: String,
}

/// Why a page could not be built.
pub enum Missing {
    /// The record does not exist (or the public may not see it): 404.
    NotFound,
    /// The query failed: 503, logged.
    Failed(String),
}

/// What a page handler has: the schema and database to query, the site, the reader's language and the request.
pub struct Context<'a> {
    schema: &'a WuyeSchema,
    db: &'a DatabaseConnection,
    pub site: &'a Site,
    pub lang: Lang,
    path: String,
    query_string: String,
}

impl Context<'_> {
    /// Builds `page`.
    pub async fn render(self, page: Page) -> Result<String, Missing> {
        match page {
            Page::Home => pages::home(self).await,
            Page::Town(code) => pages::town(self, code).await,
            Page::Community(code) => pages::community(self, code).await,
            Page::Estate(code) => pages::estate(self, code).await,
            Page::Enterprise(code) => pages::enterprise(self, code).await,
            Page::Credit => pages::credit(self).await,
            Page::CreditRules => pages::credit_rules(self).await,
            Page::Search(text) => pages::search(self, text).await,
            Page::Data(listing) => pages::data::data(self, listing),
        }
    }

    /// The page that says there is nothing at this address, in the reader's language.
    pub fn not_found(&self) -> String {
        pages::message(self.frame(words(self.lang).not_found, ""))
    }

    /// The page that says the data cannot be read now, in the reader's language.
    pub fn unavailable(&self) -> String {
        pages::message(self.frame(words(self.lang).unavailable, ""))
    }

    /// Runs one of the site's queries as the anonymous public (by its plan, as any of the public's documents);
    /// its `data`.
    pub async fn query(&self, document: &str, variables: Value) -> Result<Value, Missing> {
        let request = async_graphql::Request::new(document).variables(async_graphql::Variables::from_json(variables));
        match graphql::answer(self.schema, self.db, request, None).await {
            graphql::Answer::Direct(body) => {
                let mut body: Value = serde_json::from_slice(&body).map_err(|e| Missing::Failed(e.to_string()))?;
                Ok(body["data"].take())
            }
            graphql::Answer::Executed(response) => {
                if !response.errors.is_empty() {
                    return Err(Missing::Failed(format!("{:?}", response.errors)));
                }
                response.data.into_json().map_err(|e| Missing::Failed(e.to_string()))
            }
        }
    }

    /// Every record of the public list `list` with the fields `selection`, page by page.
    pub async fn every(&self, list: &str, selection: &str) -> Result<Vec<Value>, Missing> {
        let document = format!(
            "query($after: String) {{ {list}(first: 100, after: $after) {{ \
             pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {selection} }} }} }} }}"
        );
        let (mut records, mut after) = (Vec::new(), Value::Null);
        loop {
            let mut data = self.query(&document, serde_json::json!({ "after": after })).await?;
            let connection = &mut data[list];
            let edges = connection["edges"].as_array_mut().map(std::mem::take).unwrap_or_default();
            let more = connection["pageInfo"]["hasNextPage"] == true && !edges.is_empty();
            records.extend(edges.into_iter().map(|mut edge| edge["node"].take()));
            if !more {
                return Ok(records);
            }
            after = connection["pageInfo"]["endCursor"].take();
        }
    }

    /// The frame of a page titled `title`.
    pub fn frame(&self, title: &str, query: &str) -> Frame {
        let (english, settings) = (self.lang == Lang::En, &self.site.settings);
        // The toggle keeps the page and its search, in the other language.
        let others: Vec<&str> =
            self.query_string.split('&').filter(|p| !p.is_empty() && !p.starts_with("lang=")).collect();
        let mut toggle = others.clone();
        if !english {
            toggle.push("lang=en");
        }
        let toggle_href =
            if toggle.is_empty() { self.path.clone() } else { format!("{}?{}", self.path, toggle.join("&")) };
        let (county, site_title) = (
            self.lang.pick(&settings.county, &settings.county_en),
            self.lang.pick(&settings.title, &settings.title_en),
        );
        let description = match self.lang {
            Lang::Zh => format!(
                "{title} · {county}{site_title}：小区、物业服务企业及其信用评价、公共收益、专项维修资金、投诉与监督检查的公开数据，可免费下载。"
            ),
            Lang::En => format!(
                "{title} · {county} {site_title}: open data on estates, property-service enterprises and their credit, \
                 public income, maintenance funds, complaints and inspections, free to download."
            ),
        };
        Frame {
            lang: self.lang.code(),
            english,
            suffix: self.lang.suffix(),
            words: words(self.lang),
            site_title: self.lang.pick(&settings.title, &settings.title_en).to_owned(),
            county: self.lang.pick(&settings.county, &settings.county_en).to_owned(),
            contact: self.lang.pick(&settings.contact, &settings.contact_en).to_owned(),
            css: self.site.css_path.clone(),
            page_title: title.to_owned(),
            description,
            toggle_href,
            toggle_label: if english { "中文" } else { "English" },
            toggle_lang: if english { "zh-CN" } else { "en" },
            query: query.to_owned(),
        }
    }
}
