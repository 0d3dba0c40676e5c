//! Public statistics over records that may identify people (complaints, hazard reports): records grouped into
//! cells by a key, each cell's figures computed from its records. A cell of fewer than [`MIN_CELL`] records is
//! suppressed (its figures withheld), and the total is computed over the cells shown only, so that no suppressed
//! cell can be recovered by subtracting the published cells from the total.

use std::collections::BTreeMap;

/// Cells with fewer records than this are suppressed.
pub const MIN_CELL: usize = 3;

/// One cell: its key, and its figures unless suppressed.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell<K, F> {
    pub key: K,
    pub figures: Option<F>,
}

/// The cells, in key order; the total over the cells shown; and how many cells were suppressed.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<K, F> {
    pub cells: Vec<Cell<K, F>>,
    pub total: F,
    pub suppressed_cells: usize,
}

/// Groups `records` into cells by `key`, suppresses the small ones, and computes `figures` of each cell shown and
/// of all the shown cells' records together.
pub fn tabulate<R, K: Ord + Clone, F>(
    records: &[R],
    key: impl Fn(&R) -> &K,
    figures: impl Fn(&[&R]) -> F,
) -> Table<K, F> {
    let mut grouped: BTreeMap<&K, Vec<&R>> = BTreeMap::new();
    for record in records {
        grouped.entry(key(record)).or_default().push(record);
    }
    let mut cells = Vec::with_capacity(grouped.len());
    let mut shown: Vec<&R> = Vec::new();
    let mut suppressed_cells = 0;
    for (key, members) in grouped {
        let cell_figures = if members.len() < MIN_CELL {
            suppressed_cells += 1;
            None
        } else {
            shown.extend(&members);
            Some(figures(&members))
        };
        cells.push(Cell { key: key.clone(), figures: cell_figures });
    }
    Table { cells, total: figures(&shown), suppressed_cells }
}

/// The median of `values` (the mean of the middle two for an even number); none for none.
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn small_cells_are_suppressed_and_left_out_of_the_total() {
        let records = ["a", "a", "b", "b", "b", "c", "c", "c", "c"];
        let table = tabulate(&records, |r| r, |members| members.len());
        assert_eq!(table.cells[0], Cell { key: "a", figures: None });
        assert_eq!(table.cells[1], Cell { key: "b", figures: Some(3) });
        assert_eq!(table.cells[2], Cell { key: "c", figures: Some(4) });
        assert_eq!((table.total, table.suppressed_cells), (7, 1), "the total leaves the suppressed cell out");
    }
}
