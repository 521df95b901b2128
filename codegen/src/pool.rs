//! The thread pool every parallel stage runs on (rayon-core's, started once per process), and
//! the maps over it that keep their items' order, so the number of cores never shows in the
//! output.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Maps `f` over `items` on every core, keeping the order. Threads take the next item as they
/// finish one (items differ a lot in cost), and the calling thread works too. Below a few dozen
/// items one thread is faster than handing work out.
///
/// The threads are rayon's pool, started once per process: a thread spawned per stage would
/// wait for the scheduler to move it to an idle core. Runs call it from inside the pool
/// ([`in_pool`]).
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads == 1 {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    // Each thread's results, in the order it took them; merged back by index below.
    let work_indexed = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break done };
            done.push((i, f(item)));
        }
    };
    let helpers_done = Mutex::new(Vec::new());
    let mut results: Vec<(usize, R)> = rayon_core::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(|_| {
                let done = work_indexed();
                helpers_done.lock().unwrap_or_else(|e| e.into_inner()).push(done);
            });
        }
        work_indexed()
    });
    for done in helpers_done.into_inner().unwrap_or_else(|e| e.into_inner()) {
        results.extend(done);
    }
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// [`par_map`] for work that changes each item: the items go out in chunks, a few per core.
pub fn par_map_mut<T: Send, R: Send>(items: &mut [T], f: impl Fn(&mut T) -> R + Sync) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads == 1 {
        return items.iter_mut().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads * 4);
    let mut results: Vec<Vec<R>> = Vec::new();
    results.resize_with(items.len().div_ceil(chunk), Vec::new);
    rayon_core::scope(|scope| {
        for (items, out) in items.chunks_mut(chunk).zip(&mut results) {
            let f = &f;
            scope.spawn(move |_| *out = items.iter_mut().map(f).collect());
        }
    });
    results.into_iter().flatten().collect()
}

/// How many of the pool's threads work on `items` items: one per few dozen.
fn threads_for(items: usize) -> usize {
    rayon_core::current_num_threads().min(items.div_ceil(32)).max(1)
}

/// Runs `op` on a thread of the pool [`par_map`] uses, so that the thread running the serial
/// stages also takes part in the parallel ones (from outside the pool, it would only wait).
/// Inside the pool it runs `op` in place, so entry points may call each other.
pub fn in_pool<R: Send>(op: impl FnOnce() -> R + Send) -> R {
    rayon_core::scope(|_| op())
}
