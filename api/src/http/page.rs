//! How every HTML page wuye serves (the website's, the open-data page, the workbench's, the styled errors) is
//! answered: one place for the headers that tell a browser these pages run no script, load nothing from elsewhere
//! and may not be framed. The explorer, which runs GraphiQL's script, is the one page that sets its own.

use poem::Response;
use poem::http::{HeaderValue, StatusCode};

/// The website's policy: nothing but its own stylesheet and inline images, no script at all, no form posting
/// elsewhere, no frame. (`connect-src 'self'` runs nothing — there is no script — but lets a browser's own tools,
/// such as Lighthouse, read the site's robots.txt from the page.)
pub const SITE_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The workbench's: the same, but a form may end at the identity provider (signing out there).
pub const WORKBENCH_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

/// The other headers of every page, besides its caching ones.
const PAGE_HEADERS: [(&str, &str); 3] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
];

/// A website page with `status`.
pub fn html(status: StatusCode, body: String) -> Response {
    html_under(SITE_POLICY, status, body)
}

/// An HTML page with `status` under the content security `policy`.
pub fn html_under(policy: &'static str, status: StatusCode, body: String) -> Response {
    let response = Response::builder().status(status).content_type("text/html; charset=utf-8").body(body);
    with_page_headers(policy, response)
}

/// `response` with the page headers under `policy` (for an answer built elsewhere, such as a 304).
pub fn with_page_headers(policy: &'static str, mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert("content-security-policy", HeaderValue::from_static(policy));
    for (name, value) in PAGE_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// A plain-text or XML file of the site (robots.txt, the sitemap): typed, never sniffed.
pub fn text(content_type: &'static str, body: String) -> Response {
    Response::builder().content_type(content_type).header("x-content-type-options", "nosniff").body(body)
}
