//! [`DbFuture`]: what a driver call returns, so that one trait serves blocking and async
//! drivers, and [`block_ready`], which runs a future built only from blocking calls.
//!
//! Core and ORM execution is written once, as `async` code over [`DriverConnection`]
//! (super::DriverConnection). A blocking driver (rusqlite, the `mysql` crate, the
//! PostgreSQL client with its own runtime) has finished its work when it returns, so its
//! futures are ready at once: the sync API polls the whole operation once with a no-op
//! waker and gets the answer, with no runtime and no thread hand-off.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use crate::error::Result;

/// A boxed future that may move between threads, as async drivers and connectors return.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The outcome of a driver call: already there (a blocking driver), or still to come (an
/// async driver).
pub(crate) enum DbFuture<'a, T> {
    /// Finished during the call; `None` once taken by a poll.
    Ready(Option<Result<T>>),
    /// Runs when polled.
    #[cfg_attr(not(feature = "async"), allow(dead_code))]
    Boxed(Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>),
}

impl<'a, T> DbFuture<'a, T> {
    /// A call that has already finished.
    pub(crate) fn ready(result: Result<T>) -> Self {
        DbFuture::Ready(Some(result))
    }

    /// A call still to run: an async driver's.
    #[cfg(feature = "async")]
    pub(crate) fn boxed(future: impl Future<Output = Result<T>> + Send + 'a) -> Self {
        DbFuture::Boxed(Box::pin(future))
    }
}

// Nothing is pinned in place: the result is moved out, and a boxed future is pinned on the
// heap.
impl<T> Unpin for DbFuture<'_, T> {}

impl<T> Future for DbFuture<'_, T> {
    type Output = Result<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        match self.get_mut() {
            DbFuture::Ready(result) => {
                Poll::Ready(result.take().expect("a DbFuture polled after it finished"))
            }
            DbFuture::Boxed(future) => future.as_mut().poll(cx),
        }
    }
}

/// Runs `future`, which awaits only blocking drivers' calls, to its end with one poll.
///
/// Only the sync types call it, and they only ever hold connections of the blocking pool,
/// whose drivers answer [`DbFuture::Ready`]; a pending poll would be a bug in that wiring.
pub(crate) fn block_ready<F: Future>(future: F) -> F::Output {
    let future = pin!(future);
    match future.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => unreachable!("a blocking connection's operation waited for I/O"),
    }
}
