//! The string table: every id, name, property key and text value once, named
//! by a [`Sym`] (its index in the table).
//!
//! A table read from a snapshot is four columns of the mapped file, used in
//! place: the bytes of all strings, where each string ends, the hash of each
//! string, and an open-addressing index from text to symbol. The index hashes with XXH3
//! (64 bits, seed 0), whose output is fixed by its specification, so a file
//! written by one build is read by any other and opening it builds nothing.
//! Strings added after that (a load, a query's CREATE or SET, `--with`
//! folders) go to an overlay (an arena and an open-addressing index of its
//! symbols), consulted after the stored index. The overlay's slots carry
//! each string's hash, so probing and growing never read the strings, and a
//! bulk load can prefetch the slots of a batch of strings before adding them.
//!
//! Nothing stored is trusted, and nothing is checked when the file is
//! opened: a string reads as itself only if its bytes lie inside the text,
//! are UTF-8 and hash to its stored hash (else as the empty string: a damaged
//! end cannot make a string read as its neighbours' bytes), and the index only
//! ever answers a symbol whose text equals the one asked for. So a damaged
//! file can make a lookup miss, never name the wrong string, and never panics.

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
    /// The low 32 bits of each string's [`hash`].
    hashes: Column<u32>,
    /// Open addressing with linear probing: 0 is empty, else symbol + 1.
    slots: Column<u32>,
}

impl Stored {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The bytes of string `i` (`i` below `len`) as stored, unchecked.
    fn raw(&self, i: usize) -> Option<&[u8]> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        let end = self.ends[i];
        let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
        self.text.get(start..end)
    }

    /// The bytes of string `i` (`i` below `len`), if they hash to its stored
    /// hash; else empty.
    fn bytes(&self, i: usize) -> &[u8] {
        self.raw(i)
            .filter(|bytes| Some(&(hash(bytes) as u32)) == self.hashes.get(i))
            .unwrap_or_default()
    }

    fn get(&self, text: &str) -> Option<u32> {
        let slots = &*self.slots;
        if slots.is_empty() {
            return None;
        }
        let h = hash(text.as_bytes());
        let mask = slots.len() - 1;
        let mut at = h as usize & mask;
        // Bounded by the table size: a crafted file may have no empty slot.
        for _ in 0..slots.len() {
            match slots[at] {
                0 => return None,
                slot => {
                    let sym = slot - 1;
                    if self.hashes.get(sym as usize) == Some(&(h as u32))
                        && (sym as usize) < self.len()
                        && self.raw(sym as usize) == Some(text.as_bytes())
                    {
                        return Some(sym);
                    }
                }
            }
            at = (at + 1) & mask;
        }
        None
    }
}

/// The index of the added strings: linear probing over slots holding the
/// low 32 bits of a string's hash above its index + 1 (0 is empty), at most
/// two thirds full.
#[derive(Clone, Default)]
struct Index {
    slots: Vec<u64>,
    len: usize,
}

impl Index {
    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// The added string whose hash is `hash` and for which `same` holds.
    fn find(&self, hash: u64, same: impl Fn(u32) -> bool) -> Result<u32, usize> {
        let tag = hash as u32;
        let mask = self.mask();
        let mut at = tag as usize & mask;
        loop {
            match self.slots[at] {
                0 => return Err(at),
                slot if (slot >> 32) as u32 == tag && same(slot as u32 - 1) => {
                    return Ok(slot as u32 - 1);
                }
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Puts string `i` in the empty slot `at` that [`Index::find`] gave.
    fn put(&mut self, at: usize, hash: u64, i: u32) {
        self.slots[at] = (u64::from(hash as u32) << 32) | u64::from(i + 1);
        self.len += 1;
    }

    /// Room for `more` strings, rehashing from the slots alone.
    fn reserve(&mut self, more: usize) {
        let needed = self.len + more;
        if needed * 3 < self.slots.len() * 2 {
            return;
        }
        let size = (needed + needed / 2 + 1).next_power_of_two().max(16);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|&s| s != 0) {
            let mut at = (slot >> 32) as usize & mask;
            while self.slots[at] != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }

    fn prefetch(&self, hash: u64) {
        if let Some(slot) = self.slots.get(hash as u32 as usize & self.mask()) {
            crate::prefetch::prefetch(slot);
        }
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
    index: Index,
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
    /// A table whose strings are the snapshot columns `text`, `ends`,
    /// `hashes` and `slots` ([`StoredColumns`]). Only their shape is checked
    /// here; contents are checked where they are read.
    pub(crate) fn stored(
        text: Column<u8>,
        ends: Column<u64>,
        hashes: Column<u32>,
        slots: Column<u32>,
    ) -> Result<Strings, &'static str> {
        if !slots.len().is_power_of_two() || slots.len() <= ends.len() {
            return Err("string index has the wrong size");
        }
        if hashes.len() != ends.len() {
            return Err("string hashes and ends differ in length");
        }
        if ends.len() >= u32::MAX as usize {
            return Err("string table is too long");
        }
        Ok(Strings {
            stored: Stored {
                text,
                ends,
                hashes,
                slots,
            },
            ..Strings::default()
        })
    }

    /// Room for `count` more strings of `bytes` bytes in all (bulk loads).
    pub fn reserve(&mut self, count: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.ends.reserve(count);
        self.index.reserve(count);
    }

    /// Starts fetching the index slot `text` would be found in, for a bulk
    /// load about to add it.
    pub fn prefetch(&self, text: &str) {
        self.index.prefetch(hash(text.as_bytes()));
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
        if self.index.len == 0 {
            return None;
        }
        let base = self.stored.len() as u32;
        self.index
            .find(hash, |i| added(&self.text, &self.ends, i as usize) == text)
            .ok()
            .map(|i| Sym(base + i))
    }

    /// The symbol of `text`, added to the table if it is new.
    pub fn get_or_intern(&mut self, text: &str) -> Sym {
        if let Some(sym) = self.stored.get(text) {
            return Sym(sym);
        }
        let base = self.stored.len() as u32;
        self.index.reserve(1);
        let h = hash(text.as_bytes());
        // One probe finds the string or the slot it goes in.
        match self
            .index
            .find(h, |i| added(&self.text, &self.ends, i as usize) == text)
        {
            Ok(i) => Sym(base + i),
            Err(at) => {
                let i = self.ends.len() as u32;
                self.text.push_str(text);
                self.ends.push(self.text.len());
                self.index.put(at, h, i);
                Sym(base + i)
            }
        }
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
            && self.stored.hashes.is_shared()
            && self.stored.slots.is_shared()
    }
}

/// The columns [`Strings::stored`] reads back.
pub(crate) struct StoredColumns {
    pub text: Vec<u8>,
    pub ends: Vec<u64>,
    pub hashes: Vec<u32>,
    pub slots: Vec<u32>,
}

impl StoredColumns {
    /// The columns of `strings`, in symbol order.
    pub(crate) fn of<'a>(strings: impl ExactSizeIterator<Item = &'a [u8]>) -> StoredColumns {
        let count = strings.len();
        let mut columns = StoredColumns {
            text: Vec::new(),
            ends: Vec::with_capacity(count),
            hashes: Vec::with_capacity(count),
            slots: vec![0u32; slot_count(count)],
        };
        let mask = columns.slots.len() - 1;
        for (sym, bytes) in strings.enumerate() {
            let h = hash(bytes);
            columns.text.extend_from_slice(bytes);
            columns.ends.push(columns.text.len() as u64);
            columns.hashes.push(h as u32);
            let mut at = h as usize & mask;
            while columns.slots[at] != 0 {
                at = (at + 1) & mask;
            }
            columns.slots[at] = sym as u32 + 1;
        }
        columns
    }

    #[cfg(test)]
    fn read(self) -> Strings {
        Strings::stored(
            self.text.into(),
            self.ends.into(),
            self.hashes.into(),
            self.slots.into(),
        )
        .expect("columns of the right shape")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(words: &[&str]) -> StoredColumns {
        StoredColumns::of(words.iter().map(|w| w.as_bytes()))
    }

    /// A stored table of `words`, as a snapshot would hold it.
    fn stored(words: &[&str]) -> Strings {
        columns(words).read()
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
        let words = ["alpha", "beta", "gamma", "delta"];
        let damaged = |change: &dyn Fn(&mut StoredColumns)| {
            let mut c = columns(&words);
            change(&mut c);
            c.read()
        };
        let each_reads_itself_or_empty = |strings: &Strings| {
            for (i, w) in words.iter().enumerate() {
                let text = strings.resolve(Sym(i as u32));
                assert!(text.is_empty() || text == *w, "{text}");
                assert!(strings.get(w).is_none_or(|sym| sym.index() == i));
            }
        };
        // An end past the text; an end moved back, which would make the
        // next string read its neighbour's bytes were hashes not checked.
        for (i, end) in [(1, 99), (1, 6), (2, 0), (0, u64::MAX)] {
            let bad = damaged(&|c| c.ends[i] = end);
            each_reads_itself_or_empty(&bad);
            assert_eq!(bad.resolve(Sym(i as u32)), "");
        }
        assert_eq!(damaged(&|c| c.ends[1] = 6).resolve(Sym(2)), "");
        assert_eq!(damaged(&|c| c.ends[1] = 6).get("gamma"), None);
        assert_eq!(damaged(&|c| c.ends[1] = 6).get("alpha"), Some(Sym(0)));
        // Every slot naming "alpha", or a symbol out of range.
        for slot in [1, u32::MAX] {
            let bad = damaged(&|c| c.slots.fill(slot));
            each_reads_itself_or_empty(&bad);
            assert_eq!(bad.get("beta"), None);
            assert_eq!(bad.get("nothing"), None);
        }
        // A damaged hash, damaged bytes, bytes that are not UTF-8.
        let bad = damaged(&|c| c.hashes[2] ^= 1);
        each_reads_itself_or_empty(&bad);
        assert_eq!(bad.resolve(Sym(2)), "");
        for byte in [b'x', 0xff] {
            let bad = damaged(&|c| c.text[6] = byte);
            each_reads_itself_or_empty(&bad);
            assert_eq!(bad.resolve(Sym(1)), "");
            assert_eq!(bad.resolve(Sym(0)), "alpha");
        }
        // Columns of the wrong shape are refused.
        let c = columns(&words);
        let shape = |hashes: Vec<u32>, slots: Vec<u32>| {
            Strings::stored(
                c.text.clone().into(),
                c.ends.clone().into(),
                hashes.into(),
                slots.into(),
            )
        };
        assert!(shape(c.hashes.clone(), vec![0; 3]).is_err());
        assert!(shape(c.hashes.clone(), vec![0; 4]).is_err());
        assert!(shape(vec![0; 3], c.slots.clone()).is_err());
        assert!(shape(c.hashes.clone(), c.slots.clone()).is_ok());
    }
}
