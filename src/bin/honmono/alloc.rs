//! The CLI's memory allocator: mimalloc, set up so that its peak memory is no higher than glibc's.
//!
//! A check makes about 900 small allocations per typical message (header strings, findings,
//! link reports). glibc's malloc spends ~15% of the instructions of a check on them (callgrind);
//! with mimalloc the whole check is about 10% faster (median-size mail, A/B pairs of runs).
//!
//! mimalloc's defaults more than double the peak memory of a one-message run (41 MB for a tiny
//! message and 64 MB for a 5 MB HTML one, against 11 MB and 28 MB with glibc):
//! - it asks the kernel for transparent huge pages (2 MB) for its arenas: built without them
//!   (the crate's `no_thp` feature), a tiny message peaks at 13 MB;
//! - it keeps freed memory for 10 ms before returning it: a 5 MB HTML message frees large
//!   buffers while building others, so `configure` makes it return them at once.
//!
//! With both, the peaks are glibc's and "peak memory under 4x the message size" holds. The
//! library and the wasm build do not depend on this. Shared with benches/throughput.rs, so
//! `make bench` measures the allocator the CLI ships with.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`: its position in mimalloc's `mi_option_t` (the same in the v2 and v3
/// headers, mimalloc.h); the Rust bindings do not name it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Call first thing in `main`.
pub fn configure() {
    // SAFETY: a setter of one of mimalloc's global options; it touches no allocation.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}
