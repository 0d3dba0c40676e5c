//! Open data as portals publish it: every public dataset as CSV and JSON Lines, a data dictionary for each, a DCAT
//! catalog, and a page for people who arrive without knowing GraphQL. The rows are read through the public GraphQL
//! schema itself, so a download can never show more, or other, than the GraphQL view.

pub mod catalog;
pub mod datasets;
pub mod dictionary;
pub mod export;
pub mod page;

use crate::config::OpenDataSettings;
use crate::graphql::WuyeSchema;
use dictionary::{Prepared, SchemaMap};
use std::sync::Arc;

/// The datasets, prepared against the schema, and how they are published.
pub struct OpenData {
    pub datasets: Vec<Arc<Prepared>>,
    pub settings: OpenDataSettings,
}

impl OpenData {
    /// Prepares every dataset against `schema`; a column the schema does not have is an error.
    pub async fn new(schema: &WuyeSchema, settings: OpenDataSettings) -> anyhow::Result<Self> {
        let map = SchemaMap::load(schema).await?;
        let datasets = datasets::DATASETS
            .iter()
            .map(|d| dictionary::prepare(&map, d).map(Arc::new))
            .collect::<Result<Vec<_>, String>>()
            .map_err(|e| anyhow::anyhow!("a dataset does not fit the schema: {e}"))?;
        Ok(OpenData { datasets, settings })
    }

    /// The dataset called `name`.
    pub fn find(&self, name: &str) -> Option<Arc<Prepared>> {
        self.datasets.iter().find(|p| p.dataset.name == name).cloned()
    }
}
