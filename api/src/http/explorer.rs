//! The explorer at `GET /graphql` (for a browser): GraphiQL served by wuye itself, pinned and vendored under
//! `api/assets/graphiql` (gzip-compressed, with their licences; `fetch.sh` refreshes them from the npm registry),
//! so that it works on an intranet without internet access.

use super::edge::refuse;
use super::gzip;
use super::media::Media;
use crate::error::Error;
use poem::http::{StatusCode, header};
use poem::web::Path;
use poem::{Request, Response, handler};
use std::io::Read;

/// (file name, content type, gzip-compressed bytes)
const ASSETS: [(&str, &str, &[u8]); 4] = [
    ("graphiql.min.js", "text/javascript; charset=utf-8", include_bytes!("../../assets/graphiql/graphiql.min.js.gz")),
    ("graphiql.min.css", "text/css; charset=utf-8", include_bytes!("../../assets/graphiql/graphiql.min.css.gz")),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react.production.min.js.gz"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/react-dom.production.min.js.gz"),
    ),
];

/// The explorer's page.
pub fn page() -> Response {
    const PAGE: &str = r#"<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wuye 物业管理公开数据 · GraphQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/graphiql/graphiql.min.css">
<style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
<div id="graphiql">正在加载 Loading…</div>
<script src="/graphiql/react.production.min.js"></script>
<script src="/graphiql/react-dom.production.min.js"></script>
<script src="/graphiql/graphiql.min.js"></script>
<script>
const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
// A page of the website opens its own query here: /graphql#query=…&variables=… (a fragment, never sent).
const shared = new URLSearchParams(location.hash.slice(1));
const defaultQuery = `# 物业管理公开数据 · Open data on property management
# 按 Ctrl-Enter 运行 (Ctrl-Enter runs the query); 下载见 /data/ (downloads at /data/)
{
  estates(first: 5) {
    totalCount
    edges { node { code name serviceMode town { name } enterprise { name } } }
  }
}
`;
ReactDOM.createRoot(document.getElementById('graphiql'))
  .render(React.createElement(GraphiQL, {
    fetcher, defaultQuery, defaultEditorToolsVisibility: shared.has('variables') ? 'variables' : false,
    query: shared.get('query') ?? undefined, variables: shared.get('variables') ?? undefined,
  }));
</script>
</body>
</html>
"#;
    Response::builder().content_type("text/html; charset=utf-8").body(PAGE)
}

/// `GET /graphiql/<file>`: a vendored asset, compressed when the client accepts gzip (every browser does).
#[handler]
pub fn asset(req: &Request, Path(file): Path<String>) -> Response {
    let Some((_, content_type, compressed)) = ASSETS.iter().find(|(name, _, _)| *name == file) else {
        let missing = Error::PathNotFound { path: req.uri().path().to_owned() };
        return refuse(StatusCode::NOT_FOUND, &missing, Media::Json);
    };
    let response = Response::builder()
        .content_type(*content_type)
        .header(header::CACHE_CONTROL, "public, max-age=86400")
        .header(header::VARY, "accept-encoding");
    if gzip::accepted(req) {
        return response.header(header::CONTENT_ENCODING, "gzip").body(*compressed);
    }
    let mut plain = Vec::new();
    match flate2::read::GzDecoder::new(*compressed).read_to_end(&mut plain) {
        Ok(_) => response.body(plain),
        Err(error) => refuse(StatusCode::INTERNAL_SERVER_ERROR, &Error::internal(error), Media::Json),
    }
}
