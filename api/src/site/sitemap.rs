//! What the site tells search engines: `robots.txt` (everything public may be crawled; the workbench and the API's
//! endpoint may not) and `sitemap.xml`, every public page in both languages, read from the public API so that a new
//! estate or enterprise is listed as soon as it is public.

use super::format::text;
use super::{Context, Missing};

/// The pages no record stands behind.
const FIXED: [&str; 4] = ["/", "/credit", "/credit/rules", "/data/"];

/// The record pages: the address under which each is shown, the list of `Query` that holds them, and their key.
const RECORD_PAGES: [(&str, &str, &str); 4] = [
    ("/town/", "towns", "code"),
    ("/community/", "communities", "code"),
    ("/estate/", "estates", "code"),
    ("/enterprise/", "enterprises", "creditCode"),
];

/// `robots.txt` for a site at `base` (its public address, no trailing slash).
pub fn robots(base: &str) -> String {
    format!("User-agent: *\nDisallow: /staff/\nDisallow: /graphql\nAllow: /\n\nSitemap: {base}/sitemap.xml\n")
}

/// Escapes text for XML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

impl Context<'_> {
    /// `sitemap.xml` for a site at `base`: every fixed page and every record's page, each in Chinese and English.
    pub async fn sitemap(&self, base: &str) -> Result<String, Missing> {
        let mut paths: Vec<String> = FIXED.iter().map(|p| (*p).to_owned()).collect();
        for (prefix, list, key) in RECORD_PAGES {
            for node in self.every(list, key).await? {
                paths.push(format!("{prefix}{}", text(&node[key])));
            }
        }
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for path in &paths {
            for suffix in ["", "?lang=en"] {
                xml.push_str(&format!("<url><loc>{}</loc></url>\n", escape(&format!("{base}{path}{suffix}"))));
            }
        }
        xml.push_str("</urlset>\n");
        Ok(xml)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn robots_keeps_crawlers_out_of_the_workbench_and_points_at_the_sitemap() {
        let robots = super::robots("https://wuye.example.org");
        assert!(robots.contains("Disallow: /staff/\n"));
        assert!(robots.ends_with("Sitemap: https://wuye.example.org/sitemap.xml\n"));
    }
}
