//! Open data over plain HTTP: `/data/` (the page), `/data/<dataset>.csv`, `.jsonl` and `.dictionary.json`,
//! `/catalog` (DCAT-AP JSON-LD), `/schema.graphql`, and `/metrics` for operators. Downloads carry an `ETag` and
//! `Last-Modified` from the data version (the last audit event) and the county's date, answer a matching
//! `If-None-Match` with 304, and are gzip-compressed when the client asks.

use super::edge::refuse;
use super::media::Media;
use super::{AppState, gzip};
use crate::domain::RuleViolation;
use crate::error::Error;
use crate::opendata::export::{self, Format, Narrowing, Source};
use crate::site::{DatasetEntry, OpenDataListing, Page};
use poem::http::{HeaderValue, StatusCode, header};
use poem::web::{Data, Path, Query};
use poem::{Body, Request, Response, handler};

/// The refusal of a request for data: the status `error` calls for, in the one error shape.
fn refused(error: Error) -> Response {
    let status = match &error {
        Error::PathNotFound { .. } => StatusCode::NOT_FOUND,
        Error::BadUserInput { .. } => StatusCode::BAD_REQUEST,
        Error::Unavailable | Error::Timeout { .. } => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    refuse(status, &error, Media::Json)
}

/// `GET /data/<dataset>.<csv|jsonl|dictionary.json>[?asOf=…][&<filter>=…]`: the whole dataset, on a day for a
/// dated one, narrowed by any of its list's filters (`/data/estates.csv?townCode=340621100`).
#[handler]
pub async fn file(
    req: &Request,
    Path(file): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
    Data(state): Data<&AppState>,
) -> Response {
    let not_found = || super::edge::not_found(req, state);
    let (name, extension) = match file.strip_suffix(".dictionary.json") {
        Some(name) => (name, "dictionary.json"),
        None => file.rsplit_once('.').unwrap_or((file.as_str(), "")),
    };
    let Some(prepared) = state.open_data.find(name) else { return not_found() };
    if extension == "dictionary.json" {
        return Response::builder().content_type("application/json").body(prepared.dictionary().to_string());
    }
    let Some(format) = Format::from_extension(extension) else { return not_found() };
    let (as_of, conditions): (Vec<_>, Vec<_>) = params.into_iter().partition(|(name, _)| name == "asOf");
    let as_of = as_of.into_iter().next().map(|(_, day)| day).filter(|_| prepared.dataset.as_of);
    if let Some(day) = &as_of
        && day.parse::<chrono::NaiveDate>().is_err()
    {
        let violation = RuleViolation::new("date", "asOf is a day, YYYY-MM-DD", "asOf 应为日期 YYYY-MM-DD");
        return refused(Error::bad_input("asOf", violation));
    }
    let filter = match prepared.filter(&conditions) {
        Ok(filter) => filter,
        Err(why) => {
            let violation =
                RuleViolation::new("download-filter", why, "下载的筛选条件不适用于该数据集（见其数据字典的 filters）");
            return refused(Error::bad_input("filter", violation));
        }
    };
    let narrowed = filter.as_ref().map(|f| f.to_string()).unwrap_or_default();
    let parts =
        [name.as_bytes(), extension.as_bytes(), as_of.as_deref().unwrap_or_default().as_bytes(), narrowed.as_bytes()];
    let tagged = match state.conditional.tag(&parts).await {
        Ok(tagged) => tagged,
        Err(error) => return refused(error),
    };
    if tagged.fresh(req) {
        state.metrics.download(name, extension, 304);
        return with_vary(tagged.not_modified());
    }
    state.metrics.download(name, extension, 200);
    let source = Source { db: tagged.db.clone(), ..state.export.clone() };
    let chunks = export::download(source, prepared, format, Narrowing { as_of, filter });
    let disposition = format!("attachment; filename=\"{name}.{extension}\"");
    let response = Response::builder().content_type(format.content_type()).header(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
    );
    let response = if gzip::accepted(req) {
        response.header(header::CONTENT_ENCODING, "gzip").body(Body::from_bytes_stream(gzip::compress(chunks)))
    } else {
        response.body(Body::from_bytes_stream(chunks))
    };
    with_vary(tagged.apply(response))
}

/// A download differs by the encoding the client accepts (gzip or not).
fn with_vary(mut response: Response) -> Response {
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// `GET /data/`: the open-data page, in the site's frame, with every download's rows and size.
#[handler]
pub async fn page(req: &Request, Data(state): Data<&AppState>) -> Response {
    if let Err(error) = state.conditional.public().await {
        return refused(error);
    }
    super::site::answer_with(req, state, async |tagged| {
        let (open_data, publisher) = (&state.open_data, &state.open_data.settings);
        let source = Source { db: tagged.db.clone(), ..state.export.clone() };
        let sizes = open_data.sizes(&source, tagged.version.seq).await;
        let datasets = open_data
            .datasets
            .iter()
            .zip(sizes)
            .map(|(prepared, size)| {
                let d = prepared.dataset;
                DatasetEntry {
                    name: d.name,
                    title: (d.title_zh, d.title_en),
                    description: (d.description_zh, d.description_en),
                    size: size.map(|s| (s.rows, s.bytes)),
                }
            })
            .collect();
        Page::Data(OpenDataListing {
            publisher: publisher.publisher.clone(),
            licence: publisher.licence.clone(),
            contact: publisher.contact_email.clone(),
            modified: tagged.version.modified.map(|t| crate::domain::calendar::local_date(t).to_string()),
            datasets,
        })
    })
    .await
}

/// The public address of this server: the setting, or the request's own host.
pub(super) fn base_url(req: &Request, state: &AppState) -> String {
    if let Some(url) = &state.open_data.settings.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

/// `GET /catalog`: the DCAT-AP catalog as JSON-LD.
#[handler]
pub async fn catalog(req: &Request, Data(state): Data<&AppState>) -> Response {
    let base = base_url(req, state);
    let tagged = match state.conditional.tag(&[b"catalog", base.as_bytes()]).await {
        Ok(tagged) => tagged,
        Err(error) => return refused(error),
    };
    if tagged.fresh(req) {
        return tagged.not_modified();
    }
    let catalog = state.open_data.catalog(&base, tagged.version).to_string();
    tagged.apply(Response::builder().content_type("application/ld+json; charset=utf-8").body(catalog))
}

/// `GET /schema.graphql`: the schema's SDL, as committed in `schema.graphql`.
#[handler]
pub fn schema() -> Response {
    Response::builder().content_type("text/plain; charset=utf-8").body(crate::graphql::sdl())
}

/// `GET /metrics`: the Prometheus text exposition.
#[handler]
pub fn metrics(Data(state): Data<&AppState>) -> Response {
    Response::builder().content_type("text/plain; version=0.0.4; charset=utf-8").body(state.metrics.render(&state.db))
}
