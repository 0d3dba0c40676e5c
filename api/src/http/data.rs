//! Open data over plain HTTP: `/data/` (the page), `/data/<dataset>.csv`, `.jsonl` and `.dictionary.json`,
//! `/catalog` (DCAT-AP JSON-LD), `/schema.graphql`, and `/metrics` for operators. Downloads carry an `ETag` and
//! `Last-Modified` from the data version (the last audit event) and the county's date, answer a matching
//! `If-None-Match` with 304, and are gzip-compressed when the client asks.

use super::conditional::{etag, fresh};
use super::{AppState, gzip};
use crate::opendata::export::{self, Format};
use crate::service::audit::DataVersion;
use poem::http::{HeaderValue, StatusCode, header};
use poem::web::{Data, Path, Query};
use poem::{Body, Request, Response, handler};
use serde::Deserialize;
use serde_json::json;

/// A plain-HTTP error in the API's error shape.
fn error(status: StatusCode, code: &str, message: &str, message_zh: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code, "messageZh": message_zh } }] });
    Response::builder().status(status).content_type("application/json").body(body.to_string())
}

fn unavailable() -> Response {
    error(StatusCode::SERVICE_UNAVAILABLE, "INTERNAL", "the data version could not be read", "无法读取数据版本")
}

fn http_date(version: DataVersion) -> Option<String> {
    version.modified.map(|t| t.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
}

/// A response builder with the validators of `version`.
fn validated(tag: &str, version: DataVersion) -> poem::ResponseBuilder {
    let mut builder = Response::builder()
        .header(header::ETAG, tag)
        .header(header::CACHE_CONTROL, "public, max-age=60")
        .header(header::VARY, "accept-encoding");
    if let Some(date) = http_date(version) {
        builder = builder.header(header::LAST_MODIFIED, date);
    }
    builder
}

#[derive(Deserialize)]
pub struct DownloadParams {
    #[serde(rename = "asOf")]
    as_of: Option<String>,
}

/// `GET /data/<dataset>.<csv|jsonl|dictionary.json>`.
#[handler]
pub async fn file(
    req: &Request,
    Path(file): Path<String>,
    Query(params): Query<DownloadParams>,
    Data(state): Data<&AppState>,
) -> Response {
    let not_found = || {
        error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "no such download: see /data/ or /catalog for the datasets",
            "没有该下载文件，数据集列表见 /data/ 或 /catalog",
        )
    };
    let (name, extension) = match file.strip_suffix(".dictionary.json") {
        Some(name) => (name, "dictionary.json"),
        None => file.rsplit_once('.').unwrap_or((file.as_str(), "")),
    };
    let Some(prepared) = state.open_data.find(name) else { return not_found() };
    let Ok(version) = state.versions.now().await else { return unavailable() };
    if extension == "dictionary.json" {
        return Response::builder().content_type("application/json").body(prepared.dictionary().to_string());
    }
    let Some(format) = Format::from_extension(extension) else { return not_found() };
    let as_of = params.as_of.filter(|_| prepared.dataset.as_of);
    if let Some(day) = &as_of
        && day.parse::<chrono::NaiveDate>().is_err()
    {
        return error(
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
            "asOf is a day, YYYY-MM-DD",
            "asOf 应为日期 YYYY-MM-DD",
        );
    }
    let tag = etag(version, &[name.as_bytes(), extension.as_bytes(), as_of.as_deref().unwrap_or_default().as_bytes()]);
    if fresh(req, &tag) {
        state.metrics.download(name, extension, 304);
        return validated(&tag, version).status(StatusCode::NOT_MODIFIED).finish();
    }
    state.metrics.download(name, extension, 200);
    let chunks = export::download(state.export.clone(), prepared, format, as_of);
    let disposition = format!("attachment; filename=\"{name}.{extension}\"");
    let response = validated(&tag, version).content_type(format.content_type()).header(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
    );
    if gzip::accepted(req) {
        response.header(header::CONTENT_ENCODING, "gzip").body(Body::from_bytes_stream(gzip::compress(chunks)))
    } else {
        response.body(Body::from_bytes_stream(chunks))
    }
}

/// `GET /data/`: the open-data page.
#[handler]
pub async fn page(Data(state): Data<&AppState>) -> Response {
    let Ok(version) = state.versions.now().await else { return unavailable() };
    Response::builder().content_type("text/html; charset=utf-8").body(state.open_data.page(version))
}

/// The public address of this server: the setting, or the request's own host.
fn base_url(req: &Request, state: &AppState) -> String {
    if let Some(url) = &state.open_data.settings.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}

/// `GET /catalog`: the DCAT-AP catalog as JSON-LD.
#[handler]
pub async fn catalog(req: &Request, Data(state): Data<&AppState>) -> Response {
    let Ok(version) = state.versions.now().await else { return unavailable() };
    let base = base_url(req, state);
    let tag = etag(version, &[b"catalog", base.as_bytes()]);
    if fresh(req, &tag) {
        return validated(&tag, version).status(StatusCode::NOT_MODIFIED).finish();
    }
    validated(&tag, version)
        .content_type("application/ld+json; charset=utf-8")
        .body(state.open_data.catalog(&base, version).to_string())
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
