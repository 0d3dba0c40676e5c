//! Ranks of results ordered best first (credit scores, assessment scores): equal scores share a rank.

/// Competition ranks ("1224") of scores given best first: equal scores share the rank, and the next rank skips as
/// many places as shared it.
pub fn ranks<T: PartialEq>(best_first: &[T]) -> Vec<u32> {
    let mut ranks: Vec<u32> = Vec::with_capacity(best_first.len());
    for (i, score) in best_first.iter().enumerate() {
        let shares = i > 0 && best_first[i - 1] == *score;
        ranks.push(if shares { ranks[i - 1] } else { i as u32 + 1 });
    }
    ranks
}

/// The positions (in `best_first`) of the top `top` and the bottom `bottom` results. Ties at the edge come in with
/// the rest (the top 2 of 98, 95, 95 are all three), and no result is both top and bottom.
pub fn top_and_bottom<T: PartialEq>(best_first: &[T], top: usize, bottom: usize) -> (Vec<usize>, Vec<usize>) {
    let ranks = ranks(best_first);
    let tops: Vec<usize> = (0..best_first.len()).filter(|&i| top > 0 && ranks[i] as usize <= top).collect();
    let n = best_first.len();
    let bottoms: Vec<usize> = match n.checked_sub(bottom).filter(|_| bottom > 0) {
        // The lowest `bottom` places, widened to everyone who ties with the last of them.
        Some(first_bottom) => (0..n)
            .filter(|&i| i >= first_bottom || best_first[i] == best_first[first_bottom])
            .filter(|i| !tops.contains(i))
            .collect(),
        None if bottom > 0 => (0..n).filter(|i| !tops.contains(i)).collect(),
        None => Vec::new(),
    };
    (tops, bottoms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        assert_eq!(ranks(&[98, 95, 95, 90, 90, 90, 70]), vec![1, 2, 2, 4, 4, 4, 7]);
        assert_eq!(ranks::<i64>(&[]), Vec::<u32>::new());
    }

    #[test]
    fn top_and_bottom_take_ties_in_and_never_overlap() {
        let scores = [98, 95, 95, 90, 80, 70, 70];
        assert_eq!(top_and_bottom(&scores, 1, 1), (vec![0], vec![5, 6]));
        assert_eq!(top_and_bottom(&scores, 2, 2), (vec![0, 1, 2], vec![5, 6]));
        assert_eq!(top_and_bottom(&scores, 0, 0), (vec![], vec![]));
        assert_eq!(top_and_bottom(&[90, 80], 1, 5), (vec![0], vec![1]));
    }
}
