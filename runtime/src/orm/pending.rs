//! [`Pending`]: an object added to a [`Session`](crate::Session), inserted at its next
//! flush.

use std::sync::{Arc, Mutex, MutexGuard};

use sea_query::Value;

use super::Obj;
use crate::error::Result;
use crate::expr::Column;
use crate::table::{Insertable, Table};
use crate::value::ColumnValue;

/// A new object of table `T`, added with [`Session::add`](crate::Session::add): its values
/// wait in the session until the next flush inserts them, in foreign-key order with the
/// other new objects. Then [`object`](Self::object) is the row as stored (generated key
/// and defaults included), tracked like any object read through the session.
///
/// Cloning the handle is cheap; all clones see the same object.
pub struct Pending<T: Table> {
    state: Arc<Mutex<PendingState<T>>>,
}

pub(crate) struct PendingState<T: Table> {
    /// The session-wide number of the object, to order inserts by.
    pub(crate) id: u64,
    /// The columns to insert and their values.
    pub(crate) values: Vec<(&'static str, Value)>,
    /// The object, once inserted.
    pub(crate) object: Option<Obj<T>>,
}

impl<T: Table> Clone for Pending<T> {
    fn clone(&self) -> Self {
        Pending {
            state: self.state.clone(),
        }
    }
}

impl<T: Table> std::fmt::Debug for Pending<T>
where
    T::Row: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.state();
        match &state.object {
            Some(object) => write!(f, "Pending({object:?})"),
            None => write!(f, "Pending({} {:?})", T::NAME, state.values),
        }
    }
}

impl<T: Table> Pending<T> {
    pub(crate) fn new(id: u64, row: impl Insertable<Table = T>) -> Self {
        Pending {
            state: Arc::new(Mutex::new(PendingState {
                id,
                values: row.into_values(),
                object: None,
            })),
        }
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, PendingState<T>> {
        // A panic while the lock was held leaves the values as they were: still values.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The object as stored, once a flush has inserted it; `None` before (or after a
    /// rollback undid the insert).
    pub fn object(&self) -> Option<Obj<T>> {
        self.state().object.clone()
    }

    /// True until a flush inserts the object.
    pub fn is_pending(&self) -> bool {
        self.state().object.is_none()
    }

    /// Sets a column: before the insert, the value inserted; after it, the object's
    /// value, which the next flush writes as an UPDATE.
    pub fn set<V: ColumnValue>(&self, column: Column<T, V>, value: V) -> Result<()> {
        let inserted = self.state().object.clone();
        match inserted {
            Some(object) => object.set_values(&[column.name()], vec![value.into_value()]),
            None => {
                self.state().set(column.name(), value.into_value());
                Ok(())
            }
        }
    }

    /// True when both handles are the same new object.
    pub fn is(&self, other: &Pending<T>) -> bool {
        Arc::ptr_eq(&self.state, &other.state)
    }
}

impl<T: Table> PendingState<T> {
    /// Sets one column's value, replacing the one given.
    pub(crate) fn set(&mut self, column: &'static str, value: Value) {
        match self.values.iter_mut().find(|(name, _)| *name == column) {
            Some(slot) => slot.1 = value,
            None => self.values.push((column, value)),
        }
    }
}
