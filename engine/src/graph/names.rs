//! The name index a graph keeps: every id, name and synonym under its keys.
//! A name is reduced to keys: Unicode NFKC, lower case, Greek letters spelled
//! out (`β` → `beta`), and everything but letters and digits dropped. A second,
//! *short* key also writes spelled-out Greek letters as their Latin initial
//! (`beta` → `b`), so `B2M` meets `β2M`. Resolution on top of it (tiers,
//! ambiguity, suggestions) is [`crate::resolve`].

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

use super::{Graph, NodeIx};

/// Greek letters and the Latin spelling people type instead.
const GREEK: &[(char, &str)] = &[
    ('α', "alpha"),
    ('β', "beta"),
    ('γ', "gamma"),
    ('δ', "delta"),
    ('ε', "epsilon"),
    ('ζ', "zeta"),
    ('η', "eta"),
    ('θ', "theta"),
    ('ι', "iota"),
    ('κ', "kappa"),
    ('λ', "lambda"),
    ('μ', "mu"),
    ('ν', "nu"),
    ('ξ', "xi"),
    ('ο', "omicron"),
    ('π', "pi"),
    ('ρ', "rho"),
    ('σ', "sigma"),
    ('ς', "sigma"),
    ('τ', "tau"),
    ('υ', "upsilon"),
    ('φ', "phi"),
    ('χ', "chi"),
    ('ψ', "psi"),
    ('ω', "omega"),
];

/// Spelled-out letters shortened in the short key. Only names of four or more
/// letters: shorter ones (`mu`, `pi`, `eta`) hide inside ordinary words.
const SHORTENED: &[&str] = &[
    "alpha", "beta", "gamma", "delta", "epsilon", "theta", "kappa", "lambda", "sigma", "omega",
];

/// The full key of a name: NFKC, lower case, Greek spelled out, only letters
/// and digits kept.
pub fn full_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    if name.is_ascii() {
        // NFKC leaves ASCII unchanged and it has no Greek: skip both (most names).
        key.extend(
            name.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase() as char),
        );
        return key;
    }
    for c in name.nfkc().flat_map(char::to_lowercase) {
        if let Some((_, latin)) = GREEK.iter().find(|(g, _)| *g == c) {
            key.push_str(latin);
        } else if c.is_alphanumeric() {
            key.push(c);
        }
    }
    key
}

/// The short key: the full key with spelled-out Greek letters as initials.
pub fn short_key(full: &str) -> String {
    let mut key = String::with_capacity(full.len());
    let mut rest = full;
    while let Some(c) = rest.chars().next() {
        let spelled = matches!(c, 'a' | 'b' | 'g' | 'd' | 'e' | 't' | 'k' | 'l' | 's' | 'o')
            .then(|| SHORTENED.iter().find(|name| rest.starts_with(*name)))
            .flatten();
        key.push(c);
        rest = &rest[spelled.map_or(c.len_utf8(), |name| name.len())..];
    }
    key
}

/// A key with a plural `s` removed (`tregs` → `treg`).
fn singular(key: &str) -> Option<&str> {
    (key.len() > 3 && key.ends_with('s')).then(|| &key[..key.len() - 1])
}

/// Lookup tables from every key of every node's id, name and synonyms.
#[derive(Debug, Default)]
pub struct NameIndex {
    pub(crate) exact: FxHashMap<String, Vec<NodeIx>>,
    pub(crate) full: FxHashMap<String, Vec<NodeIx>>,
    pub(crate) short: FxHashMap<String, Vec<NodeIx>>,
    pub(crate) singular: FxHashMap<String, Vec<NodeIx>>,
}

fn push(map: &mut FxHashMap<String, Vec<NodeIx>>, key: &str, node: NodeIx) {
    if key.is_empty() {
        return;
    }
    match map.get_mut(key) {
        Some(nodes) if !nodes.contains(&node) => nodes.push(node),
        Some(_) => {}
        None => {
            map.insert(key.to_owned(), vec![node]);
        }
    }
}

impl NameIndex {
    pub fn build(graph: &Graph) -> NameIndex {
        let mut index = NameIndex::default();
        for ix in graph.node_indices() {
            let node = graph.node(ix);
            let id = node.id();
            let local = id.split_once(':').map_or(id, |(_, local)| local);
            for name in [id, node.name()].into_iter().chain(node.synonyms()) {
                push(&mut index.exact, name, ix);
                index.add_keys(name, ix);
            }
            if local != id {
                index.add_keys(local, ix);
            }
        }
        index
    }

    fn add_keys(&mut self, name: &str, node: NodeIx) {
        let full = full_key(name);
        let short = short_key(&full);
        push(&mut self.full, &full, node);
        push(&mut self.short, &short, node);
        push(&mut self.singular, singular(&full).unwrap_or(&full), node);
        push(&mut self.singular, singular(&short).unwrap_or(&short), node);
    }

    /// Every node of the strictest matching tier.
    pub fn lookup(&self, name: &str) -> Vec<NodeIx> {
        if let Some(nodes) = self.exact.get(name) {
            return nodes.clone();
        }
        let full = full_key(name);
        if full.is_empty() {
            return Vec::new();
        }
        let short = short_key(&full);
        let tiers = [
            self.full.get(&full),
            self.short.get(&short),
            self.singular.get(singular(&full).unwrap_or(&full)),
            self.singular.get(singular(&short).unwrap_or(&short)),
        ];
        tiers
            .into_iter()
            .flatten()
            .next()
            .cloned()
            .unwrap_or_default()
    }

    /// Every distinct name and synonym, for completion in the shell.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.exact.keys().map(String::as_str)
    }
}
