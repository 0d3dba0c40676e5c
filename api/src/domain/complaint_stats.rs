//! Complaint statistics for the public: complaints grouped into cells, each with its count, how many were closed,
//! the share closed on time, the median hours to close and how many were reopened. A cell of fewer than
//! [`MIN_CELL`] complaints is suppressed (its figures withheld), and the total counts only the cells shown, so that
//! no suppressed cell can be recovered by subtracting the published ones from it.

/// Cells with fewer complaints than this are suppressed.
pub const MIN_CELL: usize = 3;

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
#[derive(Debug, Clone, PartialEq)]
pub struct Cell<K> {
    pub key: K,
    pub figures: Option<Figures>,
}

/// The cells, in key order; the total over the cells shown; and how many cells were suppressed.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<K> {
    pub cells: Vec<Cell<K>>,
    pub total: Figures,
    pub suppressed_cells: usize,
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
    let mut grouped: std::collections::BTreeMap<&K, Vec<&Fact<K>>> = std::collections::BTreeMap::new();
    for fact in facts {
        grouped.entry(&fact.key).or_default().push(fact);
    }
    let mut cells = Vec::with_capacity(grouped.len());
    let mut shown: Vec<&Fact<K>> = Vec::new();
    let mut suppressed_cells = 0;
    for (key, members) in grouped {
        let figures = if members.len() < MIN_CELL {
            suppressed_cells += 1;
            None
        } else {
            shown.extend(&members);
            Some(figures(&members))
        };
        cells.push(Cell { key: key.clone(), figures });
    }
    Table { cells, total: figures(&shown), suppressed_cells }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(key: &'static str, closed_hours: Option<f64>, on_time: bool) -> Fact<&'static str> {
        Fact { key, closed: closed_hours.is_some(), on_time, hours_to_close: closed_hours, reopened: false }
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
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
