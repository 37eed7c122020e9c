//! The program's allocator: the system's, with big blocks mapped in 2 MiB pages.
//!
//! A map run touches about 50 MB of fresh memory (the decoded rail network, the
//! image bands, the PNG), and with 4 KiB pages each first touch is a page fault:
//! about 12,000 per run, a fifth of its CPU time (BENCHMARKS.md). Where the
//! kernel's transparent huge pages are on for regions that ask (`madvise`, the
//! Debian default), a region marked `MADV_HUGEPAGE` is served 2 MiB at a time
//! instead. Blocks of 1 MiB or more are therefore mapped here directly, in whole
//! 2 MiB multiples (which Linux places on 2 MiB boundaries) and so marked; smaller
//! ones go to the system allocator unchanged. Fresh mappings are zero, so zeroed
//! blocks cost no clearing pass. This is what glibc's `glibc.malloc.hugetlb=1`
//! tunable does, which can only be set from the environment before the program
//! starts. Written by hand because it is three system calls on top of `std`'s
//! allocator; the allocator crates that can do it (mimalloc) replace the C
//! allocator wholesale. Elsewhere than Linux it is the system allocator.

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, with big blocks mapped in huge pages.
pub struct HugePages;

#[cfg(target_os = "linux")]
mod big {
    /// A huge page: blocks are mapped in multiples of it.
    pub const HUGE: usize = 2 << 20;

    /// Blocks this big or bigger are mapped here. From 1 MiB rather than 2: the
    /// memory a block of 1-2 MiB leaves unused (at most 1 MiB) costs less than
    /// faulting in its 256-511 small pages one by one (a seed map run: 7,150 page
    /// faults down to 4,750, system time about 23 down to 17 ms, 3.5 MB more
    /// resident; BENCHMARKS.md, stop 26).
    pub const FROM: usize = 1 << 20;

    /// Whether a block is mapped here rather than by the system allocator. Only
    /// alignments a page gives are taken.
    pub fn is_big(size: usize, align: usize) -> bool {
        size >= FROM && align <= 4096
    }

    fn mapped_len(size: usize) -> usize {
        size.next_multiple_of(HUGE)
    }

    fn advise(p: *mut libc::c_void, len: usize) {
        // SAFETY: the range is a mapping this module just made; MADV_HUGEPAGE
        // changes only how its pages are backed, and a refusal (THP off, an old
        // kernel) leaves ordinary pages.
        unsafe {
            libc::madvise(p, len, libc::MADV_HUGEPAGE);
        }
    }

    /// Freed mappings kept for the next block of the same mapped length, as
    /// (address, length); (0, 0) is an empty slot. Fresh memory is the dear part
    /// of a big block (the kernel clears it page by page; on a virtual machine the
    /// host may have to supply it too), and a run frees and makes blocks of the
    /// same size (the image bands) often enough to reuse them. Kept blocks count
    /// in the resident size (with the 1 MiB threshold: a seed run peaks at 82 MB
    /// instead of 68).
    static SPARE: std::sync::Mutex<[(usize, usize); 8]> = std::sync::Mutex::new([(0, 0); 8]);

    /// At most this many bytes are kept in [`SPARE`].
    const SPARE_BYTES: usize = 64 << 20;

    fn spares() -> std::sync::MutexGuard<'static, [(usize, usize); 8]> {
        SPARE
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A block of at least `size` bytes, zeroed if `zeroed`: a kept mapping of
    /// the same length, else a fresh one (fresh mappings are zero); null when
    /// refused.
    pub fn map(size: usize, zeroed: bool) -> *mut u8 {
        let len = mapped_len(size);
        let kept = {
            let mut spare = spares();
            spare
                .iter_mut()
                .find(|s| s.1 == len)
                .map(|s| std::mem::take(s).0)
        };
        if let Some(p) = kept {
            let p = p as *mut u8;
            if zeroed {
                // SAFETY: `p` is a whole mapping of `len >= size` bytes, no longer
                // in use (it was freed into SPARE and has just been taken out).
                unsafe { std::ptr::write_bytes(p, 0, size) };
            }
            return p;
        }
        // SAFETY: an anonymous private mapping at an address the kernel picks.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if p == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        advise(p, len);
        p.cast()
    }

    /// Unmaps a block [`map`] or [`remap`] made for `size` bytes.
    ///
    /// # Safety
    /// `p` came from [`map`] or [`remap`] with this `size` and is not used again.
    pub unsafe fn unmap(p: *mut u8, size: usize) {
        let len = mapped_len(size);
        {
            let mut spare = spares();
            let kept: usize = spare.iter().map(|s| s.1).sum();
            if kept + len <= SPARE_BYTES {
                if let Some(slot) = spare.iter_mut().find(|s| s.1 == 0) {
                    *slot = (p as usize, len);
                    return;
                }
            }
        }
        // SAFETY: per the contract, the whole mapping of this block.
        unsafe {
            libc::munmap(p.cast(), len);
        }
    }

    /// Grows or shrinks a mapped block, moving it if need be; null when refused
    /// (the old block is then untouched).
    ///
    /// # Safety
    /// As for [`unmap`]; on success the old pointer is not used again.
    pub unsafe fn remap(p: *mut u8, size: usize, new_size: usize) -> *mut u8 {
        let (old, new) = (mapped_len(size), mapped_len(new_size));
        if old == new {
            return p;
        }
        // SAFETY: per the contract, `p` is a whole mapping of `old` bytes.
        let q = unsafe { libc::mremap(p.cast(), old, new, libc::MREMAP_MAYMOVE) };
        if q == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        advise(q, new);
        q.cast()
    }
}

#[cfg(not(target_os = "linux"))]
mod big {
    pub fn is_big(_: usize, _: usize) -> bool {
        false
    }
    pub fn map(_: usize, _: bool) -> *mut u8 {
        std::ptr::null_mut()
    }
    pub unsafe fn unmap(_: *mut u8, _: usize) {}
    pub unsafe fn remap(_: *mut u8, _: usize, _: usize) -> *mut u8 {
        std::ptr::null_mut()
    }
}

// SAFETY: a block is mapped here exactly when `big::is_big(size, align)`, and the
// same test on the layout `dealloc` and `realloc` are given (the one it was made
// with) sends it back to the same place. Mappings are page-aligned, which covers
// every alignment `is_big` accepts, and hold at least `size` bytes.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if big::is_big(layout.size(), layout.align()) {
            big::map(layout.size(), false)
        } else {
            // SAFETY: the caller's contract, passed on.
            unsafe { System.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if big::is_big(layout.size(), layout.align()) {
            big::map(layout.size(), true)
        } else {
            // SAFETY: the caller's contract, passed on.
            unsafe { System.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if big::is_big(layout.size(), layout.align()) {
            // SAFETY: made by `big::map`/`big::remap` for this size (see above).
            unsafe { big::unmap(ptr, layout.size()) }
        } else {
            // SAFETY: the caller's contract, passed on.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        match (
            big::is_big(layout.size(), align),
            big::is_big(new_size, align),
        ) {
            // SAFETY: made by `big::map`/`big::remap` for this size.
            (true, true) => unsafe { big::remap(ptr, layout.size(), new_size) },
            // SAFETY: the caller's contract, passed on.
            (false, false) => unsafe { System.realloc(ptr, layout, new_size) },
            (_, to_big) => {
                // between the two: a new block, the common part copied
                // SAFETY: the new layout is valid (the caller's contract on
                // `new_size`); both blocks hold at least `min` bytes.
                unsafe {
                    let new_layout = Layout::from_size_align_unchecked(new_size, align);
                    let q = if to_big {
                        big::map(new_size, false)
                    } else {
                        System.alloc(new_layout)
                    };
                    if !q.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, q, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    q
                }
            }
        }
    }
}
