//! "Did you mean …" suggestions shared by every place that meets a misspelt
//! name: categories, predicates, node names, query labels and functions.

/// Names longer than this (in characters) get no suggestion: no name of a
/// graph is that long, and comparing costs the product of the lengths.
pub const MAX_WANTED: usize = 128;

/// Character pairs compared per search at most (about 0.1 s); the search
/// stops there with what it found.
pub const MAX_WORK: usize = 20_000_000;

/// The longest piece of a user's value an error message echoes, in bytes.
pub const MAX_ECHO: usize = 200;

/// `text` cut to `max` bytes at a character boundary, marked with `…`.
pub fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// The `limit` candidates closest to `wanted`, best first; only reasonably
/// close ones (so a wild guess gets no suggestion rather than a silly one).
/// The work is bounded: only candidates of a comparable length are
/// compared, and at most [`MAX_WORK`] character pairs in all.
pub fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<String> {
    let len = wanted.chars().count();
    if len > MAX_WANTED {
        return Vec::new();
    }
    let wanted_lower = wanted.to_lowercase();
    let (shortest, longest) = (len / 3, len * 3 + 4);
    let mut work = 0usize;
    let mut scored: Vec<(f64, &str)> = Vec::new();
    for candidate in candidates {
        if work >= MAX_WORK {
            break;
        }
        let n = candidate.len();
        // Bytes bound characters from above and (for UTF-8) from below.
        if n / 4 > longest || n < shortest {
            continue;
        }
        let n = candidate.chars().count();
        if n > longest || n < shortest {
            continue;
        }
        work += (n + 1) * (len + 1);
        let score = similarity(&wanted_lower, &candidate.to_lowercase());
        if score >= 0.7 {
            scored.push((score, candidate));
        }
    }
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
    fn huge_or_far_longer_names_are_not_compared() {
        let huge = "x".repeat(1_000_000);
        assert!(closest(&huge, ["x", "xx"], 3).is_empty());
        let long = "Gene".repeat(100);
        assert!(closest("Gen", [long.as_str()], 3).is_empty());
        // Many candidates stop at the work cap instead of running on.
        let many: Vec<String> = (0..200_000).map(|i| format!("name{i:07}")).collect();
        let got = closest("name0000000", many.iter().map(String::as_str), 1);
        assert_eq!(got, vec!["name0000000"]);
    }

    #[test]
    fn gives_nothing_for_unrelated_input() {
        assert!(closest("zzzzqqq", ["Gene", "Drug"], 3).is_empty());
    }
}
