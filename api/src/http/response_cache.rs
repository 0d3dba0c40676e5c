//! The response cache of anonymous reads: the answer bytes of a query, kept by (document, operation, variables)
//! for the data version and the county day it was computed at. Every committed write advances the data version in
//! its own transaction, so an answer is only ever served at the version it was made at: never stale. Staff requests
//! never reach it (their answers depend on who asks).

use crate::graphql::data_version::DataVersion;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;

/// What an answer is kept by: the sha256 of the document, the operation name and the variables.
pub type Key = [u8; 32];

/// The key of `request`.
pub fn key(request: &async_graphql::Request) -> Key {
    let mut digest = Sha256::new();
    digest.update(request.query.as_bytes());
    digest.update([0]);
    digest.update(request.operation_name.as_deref().unwrap_or_default().as_bytes());
    digest.update([0]);
    digest.update(serde_json::to_vec(&request.variables).unwrap_or_default());
    digest.finalize().into()
}

/// The state of the data an answer was computed at: the data version and the county's day (some figures, such as
/// grades and overdue flags, change with the date alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Generation {
    pub seq: i64,
    pub day: chrono::NaiveDate,
}

impl Generation {
    pub fn of(version: DataVersion) -> Self {
        Generation { seq: version.seq, day: crate::domain::calendar::today() }
    }
}

/// A kept answer and the query points it cost, which a hit spends again.
#[derive(Clone)]
pub struct Answer {
    pub body: Bytes,
    pub cost: u64,
}

pub struct ResponseCache {
    /// Bytes of answers kept at most.
    budget: usize,
    kept: Mutex<Kept>,
}

/// Answers of one generation: a newer generation replaces them all, since nothing older can be served again.
struct Kept {
    generation: Option<Generation>,
    answers: HashMap<Key, Answer>,
    bytes: usize,
}

impl ResponseCache {
    pub fn new(budget_bytes: usize) -> Self {
        ResponseCache {
            budget: budget_bytes,
            kept: Mutex::new(Kept { generation: None, answers: HashMap::new(), bytes: 0 }),
        }
    }

    /// The answer kept for `key` at exactly `generation`.
    pub fn get(&self, generation: Generation, key: &Key) -> Option<Answer> {
        let kept = self.kept.lock().expect("the cache lock");
        (kept.generation == Some(generation)).then(|| kept.answers.get(key).cloned()).flatten()
    }

    /// Keeps `answer`, computed at `generation`. An answer of an older generation than the kept ones is dropped; one
    /// larger than an eighth of the budget is not kept; room is made by dropping other answers.
    pub fn put(&self, generation: Generation, key: Key, answer: Answer) {
        let size = answer.body.len() + std::mem::size_of::<(Key, Answer)>();
        if size > self.budget / 8 {
            return;
        }
        let mut kept = self.kept.lock().expect("the cache lock");
        match kept.generation {
            Some(current) if current > generation => return,
            Some(current) if current == generation => {}
            _ => {
                kept.generation = Some(generation);
                kept.answers.clear();
                kept.bytes = 0;
            }
        }
        while kept.bytes + size > self.budget {
            let Some(victim) = kept.answers.keys().next().copied() else { break };
            if let Some(dropped) = kept.answers.remove(&victim) {
                kept.bytes -= dropped.body.len() + std::mem::size_of::<(Key, Answer)>();
            }
        }
        if let Some(replaced) = kept.answers.insert(key, answer) {
            kept.bytes -= replaced.body.len() + std::mem::size_of::<(Key, Answer)>();
        }
        kept.bytes += size;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generation(seq: i64) -> Generation {
        Generation { seq, day: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap() }
    }

    fn answer(text: &'static str) -> Answer {
        Answer { body: Bytes::from_static(text.as_bytes()), cost: 1 }
    }

    #[test]
    fn an_answer_is_served_only_at_its_own_generation() {
        let cache = ResponseCache::new(1 << 20);
        cache.put(generation(5), [1; 32], answer("five"));
        assert_eq!(cache.get(generation(5), &[1; 32]).unwrap().body, "five");
        assert!(cache.get(generation(6), &[1; 32]).is_none());
        assert!(cache.get(generation(4), &[1; 32]).is_none());
        let tomorrow = Generation { day: generation(5).day.succ_opt().unwrap(), ..generation(5) };
        assert!(cache.get(tomorrow, &[1; 32]).is_none());
    }

    #[test]
    fn a_newer_generation_replaces_the_kept_answers_and_an_older_one_is_dropped() {
        let cache = ResponseCache::new(1 << 20);
        cache.put(generation(5), [1; 32], answer("five"));
        cache.put(generation(6), [2; 32], answer("six"));
        assert!(cache.get(generation(5), &[1; 32]).is_none());
        cache.put(generation(5), [1; 32], answer("late"));
        assert!(cache.get(generation(5), &[1; 32]).is_none());
        assert_eq!(cache.get(generation(6), &[2; 32]).unwrap().body, "six");
    }

    #[test]
    fn the_budget_is_kept() {
        let cache = ResponseCache::new(8 * 1024);
        for i in 0..100u8 {
            cache.put(generation(1), [i; 32], Answer { body: Bytes::from(vec![b'x'; 500]), cost: 1 });
        }
        let kept = cache.kept.lock().unwrap();
        assert!(kept.bytes <= 8 * 1024 && !kept.answers.is_empty());
        assert_eq!(
            kept.bytes,
            kept.answers.values().map(|a| a.body.len() + std::mem::size_of::<(Key, Answer)>()).sum::<usize>()
        );
    }
}
