//! Biolink and its KGX exchange format, as the loader and the exporters both
//! need them: icigraph's own KGX columns, and what the Biolink Model says
//! about predicates for graphs that bring no schema of their own (KGX files):
//! how each one reads backwards. The table
//! `data/biolink-inverses.csv` is generated from the Biolink Model YAML by
//! `scripts/biolink-inverses.py` (its header names the version and licence).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The namespace of icigraph's own KGX columns (written by the exporter,
/// read back by the loader).
pub const NAMESPACE: &str = "ici:";
/// KGX column naming a node's icigraph category.
pub const CATEGORY: &str = "ici:category";
/// KGX column naming an edge's icigraph predicate.
pub const PREDICATE: &str = "ici:predicate";
/// KGX's value for an unknown knowledge level or agent type.
pub const NOT_PROVIDED: &str = "not_provided";

const INVERSES: &str = include_str!("../data/biolink-inverses.csv");

fn table() -> &'static FxHashMap<&'static str, &'static str> {
    static TABLE: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        INVERSES
            .lines()
            .filter(|line| !line.starts_with('#'))
            .skip(1)
            .filter_map(|line| line.split_once(','))
            .collect()
    })
}

/// The Biolink inverse of a predicate (`part_of` → `has_part`; a symmetric
/// predicate is its own inverse), given with or without the `biolink:` prefix.
pub fn inverse(predicate: &str) -> Option<&'static str> {
    let name = predicate.strip_prefix("biolink:").unwrap_or(predicate);
    table().get(name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverses_come_from_the_model() {
        assert_eq!(inverse("part_of"), Some("has_part"));
        assert_eq!(inverse("has_part"), Some("part_of"));
        assert_eq!(inverse("biolink:regulates"), Some("regulated_by"));
        assert_eq!(inverse("related_to"), Some("related_to"));
        assert_eq!(inverse("made_up_predicate"), None);
    }
}
