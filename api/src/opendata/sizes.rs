//! How big each download is now: its rows and the bytes of its CSV, for the open-data page. Measured by writing
//! every download once (through the same pages a download reads, so the figures are the files'), kept for the data
//! version they were measured at, and measured again after the next change; readers who arrive meanwhile wait for
//! the one measurement under way rather than start their own.

use super::OpenData;
use super::export::{self, Format, Source};
use futures_util::StreamExt;
use tokio::sync::Mutex;

/// A download's size: its rows and the bytes of its CSV (header included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub rows: u64,
    pub bytes: u64,
}

/// The sizes of every dataset, in the order of the datasets, at the data version (its sequence number) they were
/// measured at; `None` for a dataset that could not be read.
#[derive(Default)]
pub struct Sizes {
    measured: Mutex<Option<(i64, Vec<Option<Size>>)>>,
}

impl OpenData {
    /// Every dataset's size at data version `seq`, measured now unless it already is.
    pub async fn sizes(&self, source: &Source, seq: i64) -> Vec<Option<Size>> {
        let mut measured = self.sizes.measured.lock().await;
        if let Some((at, sizes)) = measured.as_ref()
            && *at == seq
        {
            return sizes.clone();
        }
        let mut sizes = Vec::with_capacity(self.datasets.len());
        for prepared in &self.datasets {
            sizes.push(measure(source, prepared.clone()).await);
        }
        *measured = Some((seq, sizes.clone()));
        sizes
    }
}

/// One dataset's size: its CSV written to nowhere, counting rows (one a record; a cell may hold a line break, so
/// rows are counted from the records, not the lines) and bytes.
async fn measure(source: &Source, prepared: std::sync::Arc<super::dictionary::Prepared>) -> Option<Size> {
    let mut rows = 0;
    let mut bytes = 0;
    let mut pages = std::pin::pin!(export::records(source.clone(), prepared, Format::Csv));
    while let Some(page) = pages.next().await {
        let (count, chunk) = page.ok()?;
        rows += count as u64;
        bytes += chunk.len() as u64;
    }
    Some(Size { rows, bytes })
}
