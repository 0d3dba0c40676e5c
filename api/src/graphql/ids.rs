//! Opaque global ids: base64url (no padding) of `Type:key`, the same for every client and stable across releases.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The types that can be fetched with `node(id:)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    County,
    Town,
    Community,
    Estate,
    Enterprise,
    ServiceContract,
    Committee,
}

const KINDS: [NodeKind; 7] = [
    NodeKind::County,
    NodeKind::Town,
    NodeKind::Community,
    NodeKind::Estate,
    NodeKind::Enterprise,
    NodeKind::ServiceContract,
    NodeKind::Committee,
];

impl NodeKind {
    pub fn type_name(self) -> &'static str {
        match self {
            NodeKind::County => "County",
            NodeKind::Town => "Town",
            NodeKind::Community => "Community",
            NodeKind::Estate => "Estate",
            NodeKind::Enterprise => "Enterprise",
            NodeKind::ServiceContract => "ServiceContract",
            NodeKind::Committee => "Committee",
        }
    }
}

pub fn node_id(kind: NodeKind, key: i64) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{key}", kind.type_name())))
}

/// The kind and key of a global id; `None` for anything that is not one of ours.
pub fn parse_node_id(id: &str) -> Option<(NodeKind, i64)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(id).ok()?).ok()?;
    let (name, key) = text.split_once(':')?;
    let kind = KINDS.into_iter().find(|k| k.type_name() == name)?;
    Some((kind, key.parse().ok()?))
}

/// The key of a global id that must be of `kind`.
pub fn key_of(kind: NodeKind, id: &str) -> Option<i64> {
    parse_node_id(id).filter(|(k, _)| *k == kind).map(|(_, key)| key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_reject_foreign_text() {
        let id = node_id(NodeKind::Estate, 42);
        assert_eq!(id.as_str(), "RXN0YXRlOjQy");
        assert_eq!(parse_node_id(&id), Some((NodeKind::Estate, 42)));
        assert_eq!(key_of(NodeKind::Town, &id), None);
        assert_eq!(parse_node_id("RXN0YXRlOjQy=="), None);
        assert_eq!(parse_node_id("not-an-id"), None);
        assert_eq!(parse_node_id(&URL_SAFE_NO_PAD.encode("Secret:1")), None);
    }
}
