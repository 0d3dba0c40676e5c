//! The media type of a GraphQL answer, as the GraphQL over HTTP specification negotiates it: a client that accepts
//! `application/graphql-response+json` gets it, with 4xx for requests that could not execute at all (a document that
//! does not parse or validate, variables that do not coerce, a document over the limits); every other client gets
//! `application/json`, where such answers are 200 with `errors`, as legacy clients expect.

use poem::Request;
use poem::http::header;

/// The media type of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    GraphqlResponse,
    Json,
}

impl Media {
    pub const GRAPHQL_RESPONSE: &str = "application/graphql-response+json; charset=utf-8";
    pub const JSON: &str = "application/json; charset=utf-8";

    pub fn content_type(self) -> &'static str {
        match self {
            Media::GraphqlResponse => Self::GRAPHQL_RESPONSE,
            Media::Json => Self::JSON,
        }
    }

    /// What the request's `Accept` header asks for: the listed type with the higher quality, the new media type
    /// winning a tie; `application/json` when nothing is asked or only other types are.
    pub fn negotiate(req: &Request) -> Self {
        let mut best: Option<(f32, Media)> = None;
        for range in
            req.headers().get_all(header::ACCEPT).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(','))
        {
            let mut parts = range.split(';');
            let kind = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let media = match kind.as_str() {
                "application/graphql-response+json" => Media::GraphqlResponse,
                "application/json" => Media::Json,
                _ => continue,
            };
            let better = match best {
                None => true,
                Some((q, m)) => quality > q || (quality == q && media == Media::GraphqlResponse && m == Media::Json),
            };
            if quality > 0.0 && better {
                best = Some((quality, media));
            }
        }
        best.map_or(Media::Json, |(_, media)| media)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(value: &str) -> Media {
        Media::negotiate(&Request::builder().header(header::ACCEPT, value).finish())
    }

    #[test]
    fn the_client_chooses_and_legacy_clients_keep_json() {
        assert_eq!(Media::negotiate(&Request::builder().finish()), Media::Json, "no Accept");
        assert_eq!(accepting("*/*"), Media::Json);
        assert_eq!(accepting("application/graphql-response+json, application/json;q=0.9"), Media::GraphqlResponse);
        assert_eq!(accepting("application/json, application/graphql-response+json;q=0.5"), Media::Json);
        assert_eq!(accepting("application/json, application/graphql-response+json"), Media::GraphqlResponse, "a tie");
        assert_eq!(accepting("application/graphql-response+json;q=0"), Media::Json, "refused");
        assert_eq!(accepting("text/html"), Media::Json);
    }
}
