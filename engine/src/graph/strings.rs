//! The string table: every id, name, property key and text value once, named
//! by a [`Sym`] (its index in the table).
//!
//! A table read from a snapshot is three columns of the mapped file, used in
//! place: the bytes of all strings, where each string ends, and an
//! open-addressing index from text to symbol. The index hashes with XXH3
//! (64 bits, seed 0), whose output is fixed by its specification, so a file
//! written by one build is read by any other and opening it builds nothing.
//! Strings added after that (a load, a query's CREATE or SET, `--with`
//! folders) go to an overlay (an arena and a hash table of its symbols),
//! consulted after the stored index.
//!
//! Nothing stored is trusted: a symbol or an end outside the columns reads
//! as the empty string, and the index only ever answers a symbol whose text
//! equals the one asked for, so a damaged file can make a lookup miss but
//! never name the wrong string, and never panics.

use hashbrown::HashTable;

use super::column::Column;

/// An interned string: its index in the graph's [`Strings`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sym(u32);

impl Sym {
    /// The symbol's index in the table.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The symbol with this index (the caller checks it is in range).
    pub(crate) fn from_index(index: u32) -> Sym {
        Sym(index)
    }
}

/// The hash the stored index is built with: XXH3-64, seed 0.
pub(crate) fn hash(text: &[u8]) -> u64 {
    twox_hash::XxHash3_64::oneshot(text)
}

/// Slots in a stored index of `count` strings: a power of two, at most two
/// thirds full, so probes stay short and always meet an empty slot.
pub(crate) fn slot_count(count: usize) -> usize {
    (count + count / 2 + 1).next_power_of_two()
}

/// The strings of a snapshot, read in place.
#[derive(Clone, Debug, Default)]
struct Stored {
    /// The UTF-8 bytes of every string, one after another.
    text: Column<u8>,
    /// `ends[i]` is where string `i` ends in `text` (it starts where the
    /// previous one ends, the first at 0).
    ends: Column<u64>,
    /// Open addressing with linear probing: 0 is empty, else symbol + 1.
    slots: Column<u32>,
}

impl Stored {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The bytes of string `i` (`i` below `len`); empty if its ends are out
    /// of order or outside the text.
    fn bytes(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        let end = self.ends[i];
        usize::try_from(start)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(start, end)| self.text.get(start..end))
            .unwrap_or_default()
    }

    fn get(&self, text: &str) -> Option<u32> {
        let slots = &*self.slots;
        if slots.is_empty() {
            return None;
        }
        let mask = slots.len() - 1;
        let mut at = hash(text.as_bytes()) as usize & mask;
        // Bounded by the table size: a crafted file may have no empty slot.
        for _ in 0..slots.len() {
            match slots[at] {
                0 => return None,
                slot => {
                    let sym = slot - 1;
                    if (sym as usize) < self.len() && self.bytes(sym as usize) == text.as_bytes() {
                        return Some(sym);
                    }
                }
            }
            at = (at + 1) & mask;
        }
        None
    }
}

/// The string table of a graph (see the module docs).
#[derive(Clone, Default)]
pub struct Strings {
    stored: Stored,
    /// Strings added since the snapshot (all of them for a loaded graph).
    text: String,
    /// Where each added string ends in `text`.
    ends: Vec<usize>,
    /// Added strings by hash; holds indices into `ends`.
    table: HashTable<u32>,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Strings({} stored, {} added)",
            self.stored.len(),
            self.ends.len()
        )
    }
}

fn added<'a>(text: &'a str, ends: &[usize], i: usize) -> &'a str {
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &text[start..ends[i]]
}

impl Strings {
    /// A table whose strings are the snapshot columns `text`, `ends` and
    /// `slots`. Only the shape is checked here (the slot count a power of
    /// two); contents are checked where they are read.
    pub(crate) fn stored(
        text: Column<u8>,
        ends: Column<u64>,
        slots: Column<u32>,
    ) -> Result<Strings, &'static str> {
        if !slots.len().is_power_of_two() || slots.len() <= ends.len() {
            return Err("string index has the wrong size");
        }
        if ends.len() >= u32::MAX as usize {
            return Err("string table is too long");
        }
        Ok(Strings {
            stored: Stored { text, ends, slots },
            ..Strings::default()
        })
    }

    /// Room for `count` more strings of `bytes` bytes in all (bulk loads).
    pub fn reserve(&mut self, count: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.ends.reserve(count);
        let Strings {
            text, ends, table, ..
        } = self;
        table.reserve(count, |&i| hash(added(text, ends, i as usize).as_bytes()));
    }

    pub fn len(&self) -> usize {
        self.stored.len() + self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The symbol of `text`, if it is in the table.
    pub fn get(&self, text: &str) -> Option<Sym> {
        if let Some(sym) = self.stored.get(text) {
            return Some(Sym(sym));
        }
        self.added(text, hash(text.as_bytes()))
    }

    fn added(&self, text: &str, hash: u64) -> Option<Sym> {
        let base = self.stored.len() as u32;
        self.table
            .find(hash, |&i| added(&self.text, &self.ends, i as usize) == text)
            .map(|&i| Sym(base + i))
    }

    /// The symbol of `text`, added to the table if it is new.
    pub fn get_or_intern(&mut self, text: &str) -> Sym {
        if let Some(sym) = self.stored.get(text) {
            return Sym(sym);
        }
        let h = hash(text.as_bytes());
        if let Some(sym) = self.added(text, h) {
            return sym;
        }
        let i = self.ends.len() as u32;
        self.text.push_str(text);
        self.ends.push(self.text.len());
        let Strings {
            text, ends, table, ..
        } = self;
        table.insert_unique(h, i, |&j| hash(added(text, ends, j as usize).as_bytes()));
        Sym(self.stored.len() as u32 + i)
    }

    /// The text of a symbol; empty for a symbol the table does not hold or
    /// whose stored bytes are damaged (not UTF-8).
    pub fn resolve(&self, sym: Sym) -> &str {
        let i = sym.index();
        if i < self.stored.len() {
            return std::str::from_utf8(self.stored.bytes(i)).unwrap_or_default();
        }
        match i - self.stored.len() {
            j if j < self.ends.len() => added(&self.text, &self.ends, j),
            _ => "",
        }
    }

    /// Whether `sym` names a string of this table.
    pub fn contains(&self, sym: Sym) -> bool {
        sym.index() < self.len()
    }

    /// Every string, by symbol (the snapshot writer).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[u8]> {
        (0..self.len()).map(|i| match i < self.stored.len() {
            true => self.stored.bytes(i),
            false => added(&self.text, &self.ends, i - self.stored.len()).as_bytes(),
        })
    }

    /// Whether every string is read in place (none added).
    #[cfg(test)]
    pub(crate) fn is_shared(&self) -> bool {
        self.ends.is_empty()
            && self.stored.text.is_shared()
            && self.stored.ends.is_shared()
            && self.stored.slots.is_shared()
    }
}

/// The stored index of `strings` (in symbol order): what [`Strings::stored`]
/// reads back as `slots`.
pub(crate) fn index_slots<'a>(strings: impl ExactSizeIterator<Item = &'a [u8]>) -> Vec<u32> {
    let mut slots = vec![0u32; slot_count(strings.len())];
    let mask = slots.len() - 1;
    for (sym, text) in strings.enumerate() {
        let mut at = hash(text) as usize & mask;
        while slots[at] != 0 {
            at = (at + 1) & mask;
        }
        slots[at] = sym as u32 + 1;
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored table of `words`, as a snapshot would hold it.
    fn stored(words: &[&str]) -> Strings {
        let text: Vec<u8> = words.iter().flat_map(|w| w.bytes()).collect();
        let mut ends = Vec::new();
        let mut at = 0u64;
        for w in words {
            at += w.len() as u64;
            ends.push(at);
        }
        let slots = index_slots(words.iter().map(|w| w.as_bytes()));
        Strings::stored(text.into(), ends.into(), slots.into()).unwrap()
    }

    /// XXH3 is fixed by its specification: a stored index written by one
    /// build must be read by another, so the hash of a known input is pinned.
    #[test]
    fn the_index_hash_is_xxh3() {
        assert_eq!(hash(b""), 0x2d06_8005_38d3_94c2);
        assert_eq!(hash(b"ici:b2m"), hash("ici:b2m".as_bytes()));
        assert_ne!(hash(b"a"), hash(b"b"));
    }

    #[test]
    fn stored_and_added_strings_are_found_by_text_and_symbol() {
        let mut strings = stored(&["ici:b2m", "β2M", "", "gene:1"]);
        assert_eq!(strings.len(), 4);
        for (i, w) in ["ici:b2m", "β2M", "", "gene:1"].iter().enumerate() {
            let sym = strings.get(w).unwrap();
            assert_eq!(sym.index(), i);
            assert_eq!(strings.resolve(sym), *w);
        }
        assert_eq!(strings.get("gene:2"), None);
        let added = strings.get_or_intern("gene:2");
        assert_eq!(added.index(), 4);
        assert_eq!(strings.get_or_intern("gene:2"), added);
        assert_eq!(strings.get_or_intern("gene:1").index(), 3);
        assert_eq!(strings.resolve(added), "gene:2");
        assert_eq!(strings.resolve(Sym(99)), "");
        let all: Vec<&[u8]> = strings.iter().collect();
        assert_eq!(all[4], b"gene:2");
        assert_eq!(all.len(), 5);
    }

    #[test]
    fn a_loaded_table_grows_past_its_reservation() {
        let mut strings = Strings::default();
        strings.reserve(4, 16);
        let syms: Vec<Sym> = (0..1000)
            .map(|i| strings.get_or_intern(&format!("n{i}")))
            .collect();
        for (i, sym) in syms.iter().enumerate() {
            assert_eq!(strings.get(&format!("n{i}")), Some(*sym));
            assert_eq!(strings.resolve(*sym), format!("n{i}"));
        }
    }

    /// Damaged columns make a lookup miss or a text read empty, never panic
    /// or answer another string.
    #[test]
    fn damaged_columns_miss_or_read_empty() {
        let words = ["alpha", "beta", "gamma"];
        let text: Vec<u8> = words.iter().flat_map(|w| w.bytes()).collect();
        let good_ends = [5u64, 9, 14];
        let slots = index_slots(words.iter().map(|w| w.as_bytes()));
        let make = |ends: &[u64], slots: &[u32], text: &[u8]| {
            Strings::stored(text.to_vec().into(), ends.to_vec().into(), slots.to_vec().into())
                .unwrap()
        };
        // An end past the text, ends out of order.
        let bad = make(&[5, 99, 14], &slots, &text);
        assert_eq!(bad.resolve(Sym(1)), "");
        assert_eq!(bad.resolve(Sym(2)), "");
        assert_eq!(bad.get("beta"), None);
        assert_eq!(bad.get("alpha"), Some(Sym(0)));
        // Every slot naming "alpha", or a symbol out of range: no other
        // string is ever answered.
        let full = vec![1u32; slots.len()];
        let wild = vec![u32::MAX; slots.len()];
        for slots in [&full, &wild] {
            let bad = make(&good_ends, slots, &text);
            assert_eq!(bad.get("beta"), None);
            assert_eq!(bad.get("nothing"), None);
        }
        // Bytes that are not UTF-8.
        let mut broken = text.clone();
        broken[6] = 0xff;
        let bad = make(&good_ends, &slots, &broken);
        assert_eq!(bad.resolve(Sym(1)), "");
        assert_eq!(bad.resolve(Sym(0)), "alpha");
        // A table of the wrong shape is refused.
        assert!(
            Strings::stored(text.clone().into(), good_ends.to_vec().into(), vec![0; 3].into())
                .is_err()
        );
    }
}
