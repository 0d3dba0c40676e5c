//! Open data as portals publish it: every public dataset as CSV and JSON Lines, a data dictionary for each, a DCAT
//! catalog, and a page for people who arrive without knowing GraphQL. The rows are read through the public GraphQL
//! schema itself, so a download can never show more, or other, than the GraphQL view.

pub mod catalog;
pub mod datasets;
pub mod dictionary;
pub mod export;
pub mod sizes;

use crate::graphql::WuyeSchema;
use dictionary::{Prepared, SchemaMap};
use std::sync::Arc;

/// Who publishes the open data, under which licence, and at which address (README, "Open data").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// Licence of the open data, as a URL.
    pub licence: String,
    /// Who publishes the data, as the catalog and the open-data page name it.
    pub publisher: String,
    /// Where to write about the data.
    pub contact_email: String,
    /// The public address of this server, for the catalog's links; `None`: the request's own host.
    pub public_url: Option<String>,
}

impl Default for Publisher {
    fn default() -> Self {
        Publisher {
            licence: "https://creativecommons.org/licenses/by/4.0/".into(),
            publisher: "濉溪县物业管理公开数据（演示）".into(),
            contact_email: "opendata@example.org".into(),
            public_url: None,
        }
    }
}

/// The datasets, prepared against the schema, and how they are published.
pub struct OpenData {
    pub datasets: Vec<Arc<Prepared>>,
    pub settings: Publisher,
    /// How big each download is, for the open-data page.
    pub sizes: sizes::Sizes,
}

impl OpenData {
    /// Prepares every dataset against `schema`; a column the schema does not have is an error.
    pub async fn new(schema: &WuyeSchema, settings: Publisher) -> anyhow::Result<Self> {
        let map = SchemaMap::load(schema).await?;
        let datasets = datasets::DATASETS
            .iter()
            .map(|d| dictionary::prepare(&map, d).map(Arc::new))
            .collect::<Result<Vec<_>, String>>()
            .map_err(|e| anyhow::anyhow!("a dataset does not fit the schema: {e}"))?;
        Ok(OpenData { datasets, settings, sizes: Default::default() })
    }

    /// The dataset called `name`.
    pub fn find(&self, name: &str) -> Option<Arc<Prepared>> {
        self.datasets.iter().find(|p| p.dataset.name == name).cloned()
    }
}
