//! A parallel `map` over a slice with as many workers as the machine has
//! cores (at most one per item), results in input order. Used for the
//! independent per-file stages: parsing each doc, streaming each output.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// `items.iter().map(f).collect()`, with the calls spread over worker threads.
/// Bounding the workers to the cores bounds the memory of the calls in flight
/// (a doc's DOM, say) as well as the time. A panic in `f` is resumed here.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_owned(items.iter().collect(), f)
}

/// [`map`] over owned items: each call gets its item by value (and can drop
/// it when done with it, before the other calls finish).
pub fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let workers = thread::available_parallelism().map_or(1, usize::from).min(items.len());
    if workers <= 1 {
        return items.into_iter().map(f).collect();
    }
    let count = items.len();
    let items: Mutex<Vec<Option<T>>> = Mutex::new(items.into_iter().map(Some).collect());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..count).map(|_| None).collect());
    thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = lock(&items).get_mut(i).and_then(Option::take) else { break };
                        let r = f(item);
                        lock(&results)[i] = Some(r);
                    }
                })
            })
            .collect();
        for h in handles {
            if let Err(panic) = h.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).into_iter().flatten().collect()
}

/// The lock's contents; a panic elsewhere (resumed by the caller) does not matter here.
fn lock<X>(mutex: &Mutex<X>) -> std::sync::MutexGuard<'_, X> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u64> = (0..1000).collect();
        assert_eq!(super::map(&items, |x| x * x), items.iter().map(|x| x * x).collect::<Vec<_>>());
        assert_eq!(super::map(&[] as &[u8], |x| *x), Vec::<u8>::new());
        let owned: Vec<String> = items.iter().map(u64::to_string).collect();
        assert_eq!(super::map_owned(owned.clone(), |s| s + "!"), owned.iter().map(|s| format!("{s}!")).collect::<Vec<_>>());
    }
}
