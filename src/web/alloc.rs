//! The global allocator of the `.wasm`: one free list per power-of-two size class, carved from
//! pages taken with `memory.grow`.
//!
//! Why not std's dlmalloc: it is ~8 KB of the `.wasm` (3.8 KB gzip; docs/README-bench.md,
//! "Size"), this is a few hundred bytes. The trade: blocks are rounded up to a power of two and
//! never merged, so freed memory is reused by later requests of the same class rather than
//! returned to a common pool. The package's allocations repeat call after call (the body, the
//! output buffer, a short string per row), which is what this serves; the browser tests check
//! that memory does not grow over 10,000 calls, and the benchmark reports it after 100,000 rows.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr::{copy_nonoverlapping, null_mut};

/// The smallest block, 16 bytes: the largest alignment a wasm32 type asks for (`u128`), so every
/// block, being a multiple of it from a page boundary, is aligned for anything.
const MIN_SHIFT: u32 = 4;
/// Classes of 16 B, 32 B, … 2 GiB.
const CLASSES: usize = 28;
const PAGE: usize = 65_536;
/// Memory is taken at least 1 MiB at a time.
const MIN_GROW_PAGES: usize = 16;

struct State {
    /// The first free block of each class (0 for none); each free block holds the next's address.
    free: [usize; CLASSES],
    /// The unused part of the last pages taken.
    next: usize,
    end: usize,
}

/// Installed as `#[global_allocator]` on wasm32 (`web/mod.rs`).
pub struct SizeClasses(UnsafeCell<State>);

// wasm32 without the `atomics` feature has one thread, so calls never overlap.
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    /// An allocator with nothing taken yet.
    pub const fn new() -> Self {
        SizeClasses(UnsafeCell::new(State { free: [0; CLASSES], next: 0, end: 0 }))
    }
}

/// The class of a request and its block size; `None` for what no class serves.
fn class_of(layout: Layout) -> Option<(usize, usize)> {
    if layout.align() > 1 << MIN_SHIFT {
        return None;
    }
    let size = layout.size().max(1 << MIN_SHIFT).checked_next_power_of_two()?;
    let class = (size.trailing_zeros() - MIN_SHIFT) as usize;
    (class < CLASSES).then_some((class, size))
}

unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some((class, size)) = class_of(layout) else { return null_mut() };
        // SAFETY: one thread, and no call re-enters the allocator while holding this borrow.
        let state = unsafe { &mut *self.0.get() };
        let Some(head) = state.free.get_mut(class) else { return null_mut() };
        if *head != 0 {
            let block = *head as *mut usize;
            // SAFETY: a free block of this class, at least 16 bytes, holding the next's address.
            *head = unsafe { block.read() };
            return block.cast();
        }
        if state.end - state.next < size {
            let pages = size.div_ceil(PAGE).max(MIN_GROW_PAGES);
            let old = core::arch::wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return null_mut();
            }
            let start = old * PAGE;
            // New pages follow the old ones unless something else grew the memory; then the old
            // tail is left unused.
            if start != state.end {
                state.next = start;
            }
            state.end = start + pages * PAGE;
        }
        let block = state.next;
        state.next += size;
        block as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some((class, _)) = class_of(layout) else { return };
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.0.get() };
        if let Some(head) = state.free.get_mut(class) {
            // SAFETY: `ptr` is a block of this class that the caller gives up.
            unsafe { (ptr as *mut usize).write(*head) };
            *head = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else { return null_mut() };
        let (old_class, new_class) = (class_of(layout), class_of(new_layout));
        if old_class.is_some() && old_class.map(|c| c.0) == new_class.map(|c| c.0) {
            return ptr; // the block already has room
        }
        // SAFETY: a fresh block for the new layout; the old one is copied, then given back.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}
