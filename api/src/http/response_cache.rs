//! The response cache of anonymous reads: the answer bytes of a query, kept by (document, operation, variables)
//! with the tables it read and the generation it was computed at (the version of those tables and the county day).
//! An answer is served only while the tables it read are at that version, so never stale; a write to other tables
//! (complaints, for a cached estate page) leaves it served. Staff requests never reach it (their answers depend on
//! who asks).

use crate::graphql::data_version::{DataVersion, DataVersions};
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

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

/// The state of the data an answer was computed at: the version of the tables it read and the county's day (some
/// figures, such as grades and overdue flags, change with the date alone).
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

/// The tables an answer read.
pub type Tables = Arc<[Box<str>]>;

/// The tables of `read`, as an answer keeps them.
pub fn tables(read: BTreeSet<Box<str>>) -> Tables {
    read.into_iter().collect()
}

/// A kept answer and the query points it cost, which a hit spends again.
#[derive(Clone)]
pub struct Answer {
    pub body: Bytes,
    pub cost: u64,
}

/// An answer with what it depends on.
struct Entry {
    answer: Answer,
    tables: Tables,
    generation: Generation,
}

impl Entry {
    fn size(&self) -> usize {
        self.answer.body.len()
            + self.tables.iter().map(|t| t.len() + std::mem::size_of::<Box<str>>()).sum::<usize>()
            + std::mem::size_of::<(Key, Entry)>()
    }
}

pub struct ResponseCache {
    /// Bytes of answers kept at most.
    budget: usize,
    kept: Mutex<Kept>,
}

struct Kept {
    answers: HashMap<Key, Entry>,
    bytes: usize,
}

/// A kept answer still current: the answer and its generation (the ETag's version).
pub struct Hit {
    pub answer: Answer,
    pub version: DataVersion,
}

impl ResponseCache {
    pub fn new(budget_bytes: usize) -> Self {
        ResponseCache { budget: budget_bytes, kept: Mutex::new(Kept { answers: HashMap::new(), bytes: 0 }) }
    }

    /// The answer kept for `key`, if the tables it read are still at the version it was computed at in `versions`
    /// (and it is still the same day).
    pub fn get(&self, versions: &DataVersions, key: &Key) -> Option<Hit> {
        let kept = self.kept.lock().expect("the cache lock");
        let entry = kept.answers.get(key)?;
        let version = versions.of(entry.tables.iter().map(|t| &**t));
        (Generation::of(version) == entry.generation).then(|| Hit { answer: entry.answer.clone(), version })
    }

    /// Keeps `answer`, which read `tables` and was computed at `generation`, unless a newer one is kept. One larger
    /// than an eighth of the budget is not kept; room is made by dropping other answers.
    pub fn put(&self, generation: Generation, key: Key, tables: Tables, answer: Answer) {
        let entry = Entry { answer, tables, generation };
        let size = entry.size();
        if size > self.budget / 8 {
            return;
        }
        let mut kept = self.kept.lock().expect("the cache lock");
        if let Some(current) = kept.answers.get(&key) {
            if current.generation > generation {
                return;
            }
            let replaced = current.size();
            kept.answers.remove(&key);
            kept.bytes -= replaced;
        }
        while kept.bytes + size > self.budget {
            let Some(victim) = kept.answers.keys().next().copied() else { break };
            if let Some(dropped) = kept.answers.remove(&victim) {
                kept.bytes -= dropped.size();
            }
        }
        kept.answers.insert(key, entry);
        kept.bytes += size;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions(tables: &[(&str, i64)]) -> DataVersions {
        let at = |seq| chrono::DateTime::from_timestamp(seq, 0).unwrap();
        DataVersions::default().with(tables.iter().map(|(table, seq)| (table.to_string(), *seq, at(*seq))).collect())
    }

    fn read(names: &[&str]) -> Tables {
        names.iter().map(|n| Box::from(*n)).collect()
    }

    fn answer(text: &'static str) -> Answer {
        Answer { body: Bytes::from_static(text.as_bytes()), cost: 1 }
    }

    fn put(cache: &ResponseCache, at: &DataVersions, key: u8, names: &[&str], text: &'static str) {
        let tables = read(names);
        let generation = Generation::of(at.of(tables.iter().map(|t| &**t)));
        cache.put(generation, [key; 32], tables, answer(text));
    }

    #[test]
    fn an_answer_is_served_while_the_tables_it_read_are_unchanged() {
        let cache = ResponseCache::new(1 << 20);
        let before = versions(&[("estate", 3), ("complaint", 5)]);
        put(&cache, &before, 1, &["estate"], "estate page");
        put(&cache, &before, 2, &["complaint"], "statistics");
        let hit = cache.get(&before, &[1; 32]).unwrap();
        assert_eq!((hit.answer.body, hit.version.seq), (Bytes::from("estate page"), 3));
        let complaint_filed =
            before.with(vec![("complaint".into(), 6, chrono::DateTime::from_timestamp(6, 0).unwrap())]);
        assert_eq!(cache.get(&complaint_filed, &[1; 32]).unwrap().answer.body, "estate page");
        assert!(cache.get(&complaint_filed, &[2; 32]).is_none(), "what read complaints is stale");
        let floor_moved = complaint_filed.with(vec![("*".into(), 7, chrono::DateTime::from_timestamp(7, 0).unwrap())]);
        assert!(cache.get(&floor_moved, &[1; 32]).is_none(), "a write of unknown tables changes everything");
    }

    #[test]
    fn a_newer_answer_is_not_replaced_by_an_older_one() {
        let cache = ResponseCache::new(1 << 20);
        let (old, new) = (versions(&[("estate", 3)]), versions(&[("estate", 4)]));
        put(&cache, &new, 1, &["estate"], "new");
        put(&cache, &old, 1, &["estate"], "late");
        assert_eq!(cache.get(&new, &[1; 32]).unwrap().answer.body, "new");
        assert!(cache.get(&old, &[1; 32]).is_none());
    }

    #[test]
    fn the_budget_is_kept() {
        let cache = ResponseCache::new(8 * 1024);
        let at = versions(&[("estate", 1)]);
        for i in 0..100u8 {
            let tables = read(&["estate"]);
            let body = Bytes::from(vec![b'x'; 500]);
            cache.put(Generation::of(at.of(["estate"])), [i; 32], tables, Answer { body, cost: 1 });
        }
        let kept = cache.kept.lock().unwrap();
        assert!(kept.bytes <= 8 * 1024 && !kept.answers.is_empty());
        assert_eq!(kept.bytes, kept.answers.values().map(Entry::size).sum::<usize>());
    }
}
