//! Complaint statistics for the public: complaints grouped into cells, each with its count, how many were closed,
//! the share closed on time, the median hours to close and how many were reopened; small cells suppressed by
//! `small_cells`.

use super::small_cells::{self, Cell as GenericCell, Table as GenericTable};
pub use super::small_cells::{MIN_CELL, median};

/// One complaint, as the statistics see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact<K> {
    pub key: K,
    pub closed: bool,
    /// Closed by its due time.
    pub on_time: bool,
    /// Hours from receipt to closure, when closed.
    pub hours_to_close: Option<f64>,
    pub reopened: bool,
}

/// The figures of a cell, or of the total.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub count: usize,
    pub closed: usize,
    /// Closed on time, out of closed; none when nothing was closed.
    pub on_time_share: Option<f64>,
    pub median_hours_to_close: Option<f64>,
    pub reopened: usize,
}

/// One cell: its key, and its figures unless suppressed.
pub type Cell<K> = GenericCell<K, Figures>;

/// The cells, the total over the cells shown, and how many cells were suppressed.
pub type Table<K> = GenericTable<K, Figures>;

fn figures<K>(facts: &[&Fact<K>]) -> Figures {
    let closed = facts.iter().filter(|f| f.closed).count();
    let on_time = facts.iter().filter(|f| f.closed && f.on_time).count();
    Figures {
        count: facts.len(),
        closed,
        on_time_share: (closed > 0).then(|| on_time as f64 / closed as f64),
        median_hours_to_close: median(facts.iter().filter_map(|f| f.hours_to_close).collect()),
        reopened: facts.iter().filter(|f| f.reopened).count(),
    }
}

/// Groups `facts` into cells by key, suppresses the small ones, and totals the rest.
pub fn tabulate<K: Ord + Clone>(facts: &[Fact<K>]) -> Table<K> {
    small_cells::tabulate(facts, |f| &f.key, figures)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(key: &'static str, closed_hours: Option<f64>, on_time: bool) -> Fact<&'static str> {
        Fact { key, closed: closed_hours.is_some(), on_time, hours_to_close: closed_hours, reopened: false }
    }

    #[test]
    fn a_cell_under_three_is_suppressed_and_left_out_of_the_total() {
        let facts = vec![
            fact("FEES", Some(10.0), true),
            fact("FEES", Some(30.0), false),
            fact("PARKING", Some(20.0), true),
            fact("PARKING", None, false),
            fact("PARKING", Some(40.0), true),
        ];
        let table = tabulate(&facts);
        assert_eq!(table.suppressed_cells, 1);
        assert_eq!(table.cells[0], Cell { key: "FEES", figures: None });
        let parking = table.cells[1].figures.clone().unwrap();
        assert_eq!((parking.count, parking.closed), (3, 2));
        assert_eq!(parking.on_time_share, Some(1.0));
        assert_eq!(parking.median_hours_to_close, Some(30.0));
        // The total is the shown cells' alone: total minus the shown cells leaves nothing to recover.
        assert_eq!(table.total, parking);
    }
}
