//! Statement events: every statement a [`Connection`](crate::Connection) runs is logged
//! through `tracing` and handed to the listeners added with [`Engine::on_statement`]
//! (SQLAlchemy's `before/after_cursor_execute`), so that tests and programs can count and
//! inspect the SQL an operation sends.
//!
//! [`Engine::on_statement`]: crate::Engine::on_statement

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::error::Error;

/// One statement, after it ran.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct StatementEvent<'a> {
    /// The SQL as sent, with placeholders; bound values are never part of it. The reset of
    /// a connection that ran raw SQL, on its way back to the pool, shows as
    /// `-- reset the session`.
    pub sql: &'a str,
    /// How many values were bound.
    pub parameters: usize,
    /// How long the statement took, rows included.
    pub elapsed: Duration,
    /// The error, when the statement failed.
    pub error: Option<&'a Error>,
}

/// Names a listener added with [`Engine::on_statement`](crate::Engine::on_statement), to
/// remove it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ListenerId(u64);

type Listener = Arc<dyn Fn(&StatementEvent<'_>) + Send + Sync>;

/// The listeners of one engine, shared by its connections.
#[derive(Default)]
pub(crate) struct Listeners {
    next_id: AtomicU64,
    /// Empty almost always: checked without locking first.
    count: AtomicU64,
    list: RwLock<Vec<(u64, Listener)>>,
}

impl Listeners {
    pub(crate) fn add(&self, listener: Listener) -> ListenerId {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut list) = self.list.write() {
            list.push((id, listener));
            self.count.store(list.len() as u64, Ordering::Release);
        }
        ListenerId(id)
    }

    pub(crate) fn remove(&self, id: ListenerId) -> bool {
        let Ok(mut list) = self.list.write() else {
            return false;
        };
        let before = list.len();
        list.retain(|(listener, _)| *listener != id.0);
        self.count.store(list.len() as u64, Ordering::Release);
        list.len() < before
    }

    /// Whether no listener is registered (checked before timing each statement).
    pub(crate) fn is_empty(&self) -> bool {
        self.count.load(Ordering::Acquire) == 0
    }

    /// Calls every listener with `event`. The list is copied first, so a listener may add
    /// or remove listeners itself.
    pub(crate) fn notify(&self, event: &StatementEvent<'_>) {
        if self.count.load(Ordering::Acquire) == 0 {
            return;
        }
        let listeners: Vec<Listener> = match self.list.read() {
            Ok(list) => list.iter().map(|(_, l)| l.clone()).collect(),
            Err(_) => return,
        };
        for listener in listeners {
            listener(event);
        }
    }
}
