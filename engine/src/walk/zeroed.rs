//! Zero-filled per-node `u32` arrays for searches over big graphs.
//!
//! A search over ten million nodes keeps five such arrays (200 MB) and, at
//! four or five hops, touches most of their pages: with 4 KiB pages that is
//! some 50,000 page faults, measured as most of a `path` command's time. A
//! big array is therefore an anonymous mapping the kernel is asked to back
//! with huge pages (where it allows them: `madvise` mode), which it hands
//! out zeroed a few hundred at a time; a small one is a plain vector.

use std::ops::{Deref, DerefMut};

use memmap2::{Advice, MmapMut};

/// Below this many bytes a vector is as cheap.
const MAPPED_FROM: usize = 4 << 20;

/// `len` zeros, on the heap or in a mapping advised to use huge pages.
#[derive(Debug)]
pub(crate) enum Zeroed {
    Heap(Vec<u32>),
    Mapped(MmapMut),
}

impl Zeroed {
    pub fn new(len: usize) -> Zeroed {
        let bytes = len.saturating_mul(4);
        if bytes >= MAPPED_FROM
            && let Ok(map) = MmapMut::map_anon(bytes)
        {
            // Only advice: without huge pages the mapping still works.
            let _ = map.advise(Advice::HugePage);
            return Zeroed::Mapped(map);
        }
        Zeroed::Heap(vec![0; len])
    }
}

impl Default for Zeroed {
    fn default() -> Zeroed {
        Zeroed::Heap(Vec::new())
    }
}

impl Deref for Zeroed {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        match self {
            Zeroed::Heap(v) => v,
            Zeroed::Mapped(m) => bytemuck::cast_slice(m),
        }
    }
}

impl DerefMut for Zeroed {
    fn deref_mut(&mut self) -> &mut [u32] {
        match self {
            Zeroed::Heap(v) => v,
            Zeroed::Mapped(m) => bytemuck::cast_slice_mut(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_and_big_arrays_start_zeroed_and_keep_writes() {
        for len in [0, 10, MAPPED_FROM / 4 + 3] {
            let mut z = Zeroed::new(len);
            assert_eq!(z.len(), len);
            assert!(z.iter().all(|&v| v == 0));
            if len > 0 {
                z[len - 1] = 7;
                assert_eq!(z[len - 1], 7);
            }
        }
        assert!(matches!(Zeroed::new(MAPPED_FROM), Zeroed::Mapped(_)));
    }
}
