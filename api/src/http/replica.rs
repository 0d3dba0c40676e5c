//! The read replica (`--database-read-url`): a PostgreSQL streaming replica that the public's reads go to, so that
//! anonymous GraphQL answers, the website and downloads leave the primary to writes and staff. Its data version is
//! read from the replica itself, so an answer is never older than the version it is tagged with, however far the
//! replica lags. While it does not answer it is set aside for a few seconds and the public reads from the primary
//! (logged once, counted in `wuye_replica_fallbacks_total`); then it is tried again.

use super::conditional::Versions;
use crate::graphql::data_version::DataVersions;
use crate::metrics::Metrics;
use sea_orm::DatabaseConnection;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a replica that did not answer is left alone before it is tried again.
const SET_ASIDE: Duration = Duration::from_secs(5);

pub struct Replica {
    versions: Versions,
    metrics: Arc<Metrics>,
    /// Until when it is set aside, after it did not answer.
    set_aside_until: Mutex<Option<Instant>>,
}

impl Replica {
    pub fn new(db: DatabaseConnection, metrics: Arc<Metrics>) -> Self {
        Replica { versions: Versions::new(db, metrics.clone()), metrics, set_aside_until: Mutex::new(None) }
    }

    /// The replica's pool.
    pub fn db(&self) -> &DatabaseConnection {
        self.versions.db()
    }

    /// The data versions on the replica now; `None` when it is set aside or does not answer (then it is set aside,
    /// and the caller reads from the primary).
    pub async fn now(&self) -> Option<Arc<DataVersions>> {
        let until = *self.set_aside_until.lock().expect("the replica lock");
        if until.is_some_and(|until| Instant::now() < until) {
            self.metrics.replica_fallback();
            return None;
        }
        match self.versions.now().await {
            Ok(versions) => {
                if self.set_aside_until.lock().expect("the replica lock").take().is_some() {
                    tracing::info!("the read replica answers again: the public reads from it");
                }
                Some(versions)
            }
            Err(error) => {
                let first = self.set_aside_until.lock().expect("the replica lock").replace(Instant::now() + SET_ASIDE);
                if first.is_none() {
                    tracing::warn!(%error, "the read replica does not answer: the public reads from the primary");
                }
                self.metrics.replica_fallback();
                None
            }
        }
    }
}
