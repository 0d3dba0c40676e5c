//! Persisted queries (the automatic persisted queries of Apollo clients): a client sends the sha256 of a document
//! instead of the document — by GET, so the URL is short and a CDN can keep the answer. The first time a replica
//! does not know the hash it answers PERSISTED_QUERY_NOT_FOUND and the client sends the document with its hash
//! once; every request after that can be the hash alone. Documents are kept in memory, per replica, bounded.

use crate::domain::RuleViolation;
use crate::error::Error;
use async_graphql::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Documents kept at most.
const CAPACITY: usize = 10_000;

#[derive(Default)]
pub struct PersistedQueries {
    documents: Mutex<HashMap<String, Arc<str>>>,
}

/// The `sha256Hash` of `extensions.persistedQuery`, if the request names one; BAD_USER_INPUT for a malformed one.
fn requested_hash(request: &async_graphql::Request) -> Result<Option<String>, Error> {
    let Some(persisted) = request.extensions.get("persistedQuery") else { return Ok(None) };
    let malformed = || {
        Error::bad_input(
            "extensions.persistedQuery",
            RuleViolation::new(
                "persisted-query",
                "persistedQuery takes {\"version\": 1, \"sha256Hash\": \"<64 hex digits>\"}",
                "persistedQuery 应为 {\"version\": 1, \"sha256Hash\": \"<64 位十六进制>\"}",
            ),
        )
    };
    let Value::Object(fields) = persisted else { return Err(malformed()) };
    let version_one = matches!(fields.get("version"), Some(Value::Number(n)) if n.as_u64() == Some(1));
    match fields.get("sha256Hash") {
        Some(Value::String(hash)) if version_one && hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Ok(Some(hash.to_ascii_lowercase()))
        }
        _ => Err(malformed()),
    }
}

impl PersistedQueries {
    /// Fills in the document of a request that names a persisted query, or keeps the document it sends with its
    /// hash. Requests without `persistedQuery` pass untouched.
    pub fn resolve(&self, request: &mut async_graphql::Request) -> Result<(), Error> {
        let Some(hash) = requested_hash(request)? else { return Ok(()) };
        let mut documents = self.documents.lock().expect("the persisted-query lock");
        if request.query.is_empty() {
            let document = documents.get(&hash).ok_or(Error::PersistedQueryNotFound)?;
            request.query = document.to_string();
            return Ok(());
        }
        if hex::encode(Sha256::digest(request.query.as_bytes())) != hash {
            return Err(Error::bad_input(
                "extensions.persistedQuery.sha256Hash",
                RuleViolation::new(
                    "persisted-query-hash",
                    "sha256Hash is not the sha256 of the query sent with it",
                    "sha256Hash 与随附查询文档的 sha256 不符",
                ),
            ));
        }
        if documents.len() >= CAPACITY && !documents.contains_key(&hash) {
            let Some(victim) = documents.keys().next().cloned() else { return Ok(()) };
            documents.remove(&victim);
        }
        documents.insert(hash, request.query.as_str().into());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_hash(query: &str, hash: &str) -> async_graphql::Request {
        let mut request = async_graphql::Request::new(query);
        let persisted = serde_json::json!({ "version": 1, "sha256Hash": hash });
        request.extensions.insert("persistedQuery".into(), Value::from_json(persisted).unwrap());
        request
    }

    #[test]
    fn a_hash_is_unknown_until_its_document_is_sent_with_it() {
        let store = PersistedQueries::default();
        let document = "{ towns { nodes { name } } }";
        let hash = hex::encode(Sha256::digest(document));
        assert!(matches!(store.resolve(&mut with_hash("", &hash)), Err(Error::PersistedQueryNotFound)));
        store.resolve(&mut with_hash(document, &hash)).unwrap();
        let mut by_hash = with_hash("", &hash.to_uppercase());
        store.resolve(&mut by_hash).unwrap();
        assert_eq!(by_hash.query, document);
    }

    #[test]
    fn a_wrong_or_malformed_hash_is_refused() {
        let store = PersistedQueries::default();
        let wrong = hex::encode(Sha256::digest("{ other }"));
        assert!(matches!(
            store.resolve(&mut with_hash("{ towns { nodes { name } } }", &wrong)),
            Err(Error::BadUserInput { .. })
        ));
        assert!(matches!(store.resolve(&mut with_hash("", "abc")), Err(Error::BadUserInput { .. })));
        assert!(store.resolve(&mut async_graphql::Request::new("{ x }")).is_ok());
    }
}
