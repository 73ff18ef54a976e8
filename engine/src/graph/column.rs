//! A column of plain values (edge end points and weights, CSR arrays, node
//! records, string bytes): owned, or read in place from a snapshot.
//!
//! A snapshot lays these arrays out aligned and little-endian, so opening it
//! hands out slices of the mapped file instead of decoding and copying them:
//! the pages are read from the page cache when first touched, and a command
//! that never walks the graph never reads them. The first change to a column
//! (a load appending, a query's CREATE or DELETE) copies it into a vector.

use std::ops::Deref;
use std::sync::Arc;

use crate::bytes::Bytes;

/// Numbers a column can hold in place: any bit pattern is a value.
pub trait Word: bytemuck::Pod + std::fmt::Debug {
    /// The value whose little-endian bytes are `self`'s bytes.
    fn le_to_native(self) -> Self;
}

impl Word for u32 {
    fn le_to_native(self) -> u32 {
        u32::from_le(self)
    }
}

impl Word for u16 {
    fn le_to_native(self) -> u16 {
        u16::from_le(self)
    }
}

impl Word for u8 {
    fn le_to_native(self) -> u8 {
        self
    }
}

impl Word for u64 {
    fn le_to_native(self) -> u64 {
        u64::from_le(self)
    }
}

pub struct Column<T: Word>(Repr<T>);

enum Repr<T> {
    Owned(Vec<T>),
    /// `len` values at byte `start` of `bytes`, checked by [`Column::shared`]
    /// to lie inside it and be aligned for `T`.
    Shared {
        bytes: Arc<Bytes>,
        start: usize,
        len: usize,
    },
}

impl<T: Word> Column<T> {
    /// `len` values stored little-endian at byte `start` of `bytes`: read in
    /// place when they are aligned and the machine is little-endian, else
    /// decoded into a vector. `None` if they do not lie inside `bytes`.
    pub(crate) fn shared(bytes: &Arc<Bytes>, start: usize, len: usize) -> Option<Column<T>> {
        let size = len.checked_mul(size_of::<T>())?;
        let raw = bytes.get(start..start.checked_add(size)?)?;
        if cfg!(target_endian = "little") && bytemuck::try_cast_slice::<u8, T>(raw).is_ok() {
            return Some(Column(Repr::Shared {
                bytes: Arc::clone(bytes),
                start,
                len,
            }));
        }
        let values = raw
            .chunks_exact(size_of::<T>())
            .map(|c| bytemuck::pod_read_unaligned::<T>(c).le_to_native())
            .collect();
        Some(Column(Repr::Owned(values)))
    }

    /// Whether the values are read in place (not copied).
    #[cfg(test)]
    pub(crate) fn is_shared(&self) -> bool {
        matches!(self.0, Repr::Shared { .. })
    }

    /// The values as a vector to change, copied out of the file first if
    /// they are read in place.
    pub(crate) fn to_mut(&mut self) -> &mut Vec<T> {
        if let Repr::Shared { .. } = self.0 {
            self.0 = Repr::Owned(self.to_vec());
        }
        match &mut self.0 {
            Repr::Owned(values) => values,
            Repr::Shared { .. } => unreachable!("copied above"),
        }
    }

    pub(crate) fn push(&mut self, value: T) {
        self.to_mut().push(value);
    }

    pub(crate) fn reserve(&mut self, additional: usize) {
        self.to_mut().reserve(additional);
    }
}

impl<T: Word> Deref for Column<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        match &self.0 {
            Repr::Owned(values) => values,
            Repr::Shared { bytes, start, len } => {
                // SAFETY: `Column::shared` checked with bytemuck that the
                // `len * size_of::<T>()` bytes at `start` lie inside `bytes`
                // and are aligned for `T`; `T: Pod` makes every bit pattern a
                // value; `bytes` is never written through and lives as long
                // as this column's `Arc`. (A mapped file changed by another
                // process changes the values, never their validity: indexing
                // with them stays bounds-checked.)
                unsafe { std::slice::from_raw_parts(bytes.as_ptr().add(*start).cast::<T>(), *len) }
            }
        }
    }
}

impl<T: Word> From<Vec<T>> for Column<T> {
    fn from(values: Vec<T>) -> Column<T> {
        Column(Repr::Owned(values))
    }
}

impl<T: Word> Default for Column<T> {
    fn default() -> Column<T> {
        Column(Repr::Owned(Vec::new()))
    }
}

impl<T: Word> Clone for Column<T> {
    /// Cheap for a column read in place: the file is shared, not copied.
    fn clone(&self) -> Column<T> {
        Column(match &self.0 {
            Repr::Owned(values) => Repr::Owned(values.clone()),
            Repr::Shared { bytes, start, len } => Repr::Shared {
                bytes: Arc::clone(bytes),
                start: *start,
                len: *len,
            },
        })
    }
}

impl<T: Word> std::fmt::Debug for Column<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Word + PartialEq> PartialEq for Column<T> {
    fn eq(&self, other: &Column<T>) -> bool {
        **self == **other
    }
}

impl<T: Word + Eq> Eq for Column<T> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn buffer(words: &[u32]) -> Arc<Bytes> {
        let bytes = words.iter().flat_map(|w| w.to_le_bytes()).collect();
        Arc::new(Bytes::Owned(bytes))
    }

    #[test]
    fn shared_columns_read_in_place_and_copy_on_change() {
        let bytes = buffer(&[7, 8, 9, 10]);
        let mut column = Column::<u32>::shared(&bytes, 4, 2).unwrap();
        assert_eq!(&*column, &[8, 9]);
        // A Vec<u8> of this size is 4-aligned with the system allocator.
        assert!(column.is_shared());
        let copy = column.clone();
        column.push(11);
        assert!(!column.is_shared());
        assert_eq!(&*column, &[8, 9, 11]);
        assert_eq!(&*copy, &[8, 9]);
    }

    #[test]
    fn misaligned_or_outside_values_are_copied_or_refused() {
        let bytes = buffer(&[1, 2, 3]);
        let odd = Column::<u32>::shared(&bytes, 1, 2).unwrap();
        assert!(!odd.is_shared());
        assert_eq!(odd.len(), 2);
        assert!(Column::<u32>::shared(&bytes, 8, 2).is_none());
        assert!(Column::<u32>::shared(&bytes, usize::MAX, 1).is_none());
        assert!(Column::<u32>::shared(&bytes, 0, usize::MAX).is_none());
    }
}
