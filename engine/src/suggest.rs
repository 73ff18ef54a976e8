//! "Did you mean …" suggestions shared by every place that meets a misspelt
//! name: categories, predicates, node names, query labels and functions.

/// The `limit` candidates closest to `wanted`, best first; only reasonably
/// close ones (so a wild guess gets no suggestion rather than a silly one).
pub fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<String> {
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let score = similarity(&wanted_lower, &candidate.to_lowercase());
            (score >= 0.7).then_some((score, candidate))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(limit)
        .map(|(_, c)| c.to_owned())
        .collect()
}

/// Similarity in 0..=1: the better of Jaro–Winkler (good for typos near the
/// end and for prefixes) and normalised Damerau–Levenshtein (good for swaps).
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(a, b).max(strsim::normalized_damerau_levenshtein(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_close_names_best_first() {
        let got = closest("Gen", ["Gene", "Disease", "Genre", "Drug"], 2);
        assert_eq!(got, vec!["Gene", "Genre"]);
    }

    #[test]
    fn gives_nothing_for_unrelated_input() {
        assert!(closest("zzzzqqq", ["Gene", "Drug"], 3).is_empty());
    }
}
