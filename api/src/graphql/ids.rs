//! Opaque global ids: base64url (no padding) of `Type:key`, where `Type` is the record's kind as its GraphQL type
//! is named; the same for every client and stable across releases.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use entity::record::Record;
use entity::vocab::{RecordKind, Vocabulary};

/// The global id of `record`.
pub fn global_id<R: Record>(record: &R) -> ID {
    node_id(R::KIND, record.id())
}

/// The global id of the record `key` of `kind`.
pub fn node_id(kind: RecordKind, key: i64) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{key}", kind.code())))
}

/// The kind and key of a global id; `None` for anything that is not one of ours.
pub fn parse_node_id(id: &str) -> Option<(RecordKind, i64)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(id).ok()?).ok()?;
    let (name, key) = text.split_once(':')?;
    let kind = RecordKind::from_code(name)?;
    kind.has_global_id().then_some((kind, key.parse().ok()?))
}

/// The key of a global id that must be of `kind`.
pub fn key_of(kind: RecordKind, id: &str) -> Option<i64> {
    parse_node_id(id).filter(|(k, _)| *k == kind).map(|(_, key)| key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_foreign_text() {
        let id = node_id(RecordKind::Estate, 42);
        assert_eq!(id.as_str(), "RXN0YXRlOjQy");
        assert_eq!(parse_node_id(&id), Some((RecordKind::Estate, 42)));
        assert_eq!(key_of(RecordKind::Town, &id), None);
        assert_eq!(parse_node_id("RXN0YXRlOjQy=="), None);
        assert_eq!(parse_node_id("not-an-id"), None);
        assert_eq!(parse_node_id(&URL_SAFE_NO_PAD.encode("Secret:1")), None);
        // A kind without global ids has none, even if someone writes one.
        assert_eq!(parse_node_id(&URL_SAFE_NO_PAD.encode("Filing:1")), None);
    }
}
