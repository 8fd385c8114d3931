//! Spreading independent pieces of work over the machine's cores, keeping their order.
//!
//! Rendering a table's module (template, parse, format) needs nothing from any other table, and
//! large models have hundreds of them; a scoped thread per core taking the next item from a
//! shared counter is all it takes (no thread pool crate for one loop).

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// `items.iter().map(work).collect()`, on up to one thread per core. The results come back in
/// the order of `items`; on failure, the error of the first failing item in that order (so the
/// same input always reports the same error).
pub(crate) fn map_in_order<T, R, E>(
    items: &[T],
    work: impl Fn(&T) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E>
where
    T: Sync,
    R: Send,
    E: Send,
{
    let workers = thread::available_parallelism()
        .map(NonZeroUsize::get)
        .unwrap_or(1)
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(work).collect();
    }
    // Workers take the next item as they finish one, so a run of large tables does not
    // leave the other cores idle; each keeps the positions of what it did.
    let next = AtomicUsize::new(0);
    let (next, work) = (&next, &work);
    let done: Vec<Vec<(usize, Result<R, E>)>> = thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        let result = work(item);
                        let failed = result.is_err();
                        done.push((index, result));
                        if failed {
                            // Later items cannot matter; earlier ones still running finish.
                            next.fetch_max(items.len(), Ordering::Relaxed);
                            break;
                        }
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| match handle.join() {
                Ok(done) => done,
                // A panic in the work is a bug; carry it to the caller's thread unchanged.
                Err(payload) => std::panic::resume_unwind(payload),
            })
            .collect()
    });
    let mut slots: Vec<Option<Result<R, E>>> = (0..items.len()).map(|_| None).collect();
    for (index, result) in done.into_iter().flatten() {
        slots[index] = Some(result);
    }
    // In item order: the first error found wins; items after an error were never taken.
    let mut out = Vec::with_capacity(items.len());
    for slot in slots {
        match slot {
            Some(Ok(value)) => out.push(value),
            Some(Err(error)) => return Err(error),
            None => unreachable!("an item was skipped without an earlier failure"),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::map_in_order;

    #[test]
    fn keeps_the_order_of_the_items() {
        let items: Vec<u32> = (0..1000).collect();
        let doubled = map_in_order(&items, |i| Ok::<_, ()>(i * 2)).unwrap();
        assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn reports_the_first_failure_in_item_order() {
        let items: Vec<u32> = (0..1000).collect();
        let result = map_in_order(&items, |&i| if i % 300 == 299 { Err(i) } else { Ok(i) });
        assert_eq!(result, Err(299));
    }

    #[test]
    fn handles_no_items() {
        let none: [u8; 0] = [];
        assert_eq!(map_in_order(&none, |&i| Ok::<_, ()>(i)), Ok(vec![]));
    }
}
