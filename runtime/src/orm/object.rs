//! [`Obj`]: a row loaded through a [`Session`](crate::Session), shared by every holder.

use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use sea_query::Value;

use crate::error::Result;
use crate::row::{FromRow, Row, ValuesRow};
use crate::table::Table;

/// A row of table `T` tracked by a [`Session`](crate::Session): every `get` or query of the
/// same primary key in that session returns a handle to this one object, and the changes
/// made through [`Obj::write`] are written back at the next flush (only the columns that
/// changed).
///
/// Cloning the handle is cheap; all clones see the same row.
pub struct Obj<T: Table> {
    inner: Arc<Shared<T>>,
}

/// What every handle to one object shares.
struct Shared<T: Table> {
    row: RwLock<T::Row>,
    /// The column values the database has, copied just before the row's first change
    /// since it was last in step with the database; `None` while the row is what the
    /// database has. Copying on the first change rather than on every read keeps reading
    /// objects cheap, and lets a flush skip the objects nobody changed.
    stored: Mutex<Option<Vec<Value>>>,
}

impl<T: Table> Clone for Obj<T> {
    fn clone(&self) -> Self {
        Obj {
            inner: self.inner.clone(),
        }
    }
}

impl<T: Table> std::fmt::Debug for Obj<T>
where
    T::Row: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Obj({:?})", &*self.read())
    }
}

impl<T: Table> Obj<T> {
    /// A row just read from (or written to) the database.
    pub(crate) fn new(row: T::Row) -> Self {
        Obj {
            inner: Arc::new(Shared {
                row: RwLock::new(row),
                stored: Mutex::new(None),
            }),
        }
    }

    /// The row, to read.
    pub fn read(&self) -> RwLockReadGuard<'_, T::Row> {
        // A panic while a guard was held leaves the row as it was then: still a row.
        self.inner
            .row
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The row, to change: the session writes the changed columns at its next flush.
    pub fn write(&self) -> RwLockWriteGuard<'_, T::Row> {
        self.keep_stored();
        self.write_untracked()
    }

    /// The row, to change as the database changed it (no copy of what it had is kept).
    fn write_untracked(&self) -> RwLockWriteGuard<'_, T::Row> {
        self.inner
            .row
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Before a change: keeps what the database has, unless already kept.
    fn keep_stored(&self) {
        let mut stored = self.stored();
        if stored.is_none() {
            *stored = Some(self.values());
        }
    }

    /// What the database has for the row, when it differs from the row (see
    /// [`Shared::stored`]).
    pub(crate) fn stored(&self) -> std::sync::MutexGuard<'_, Option<Vec<Value>>> {
        self.inner
            .stored
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The column values the database has for the row.
    pub(crate) fn stored_values(&self) -> Vec<Value> {
        match &*self.stored() {
            Some(stored) => stored.clone(),
            None => self.values(),
        }
    }

    /// True when both handles are the same object (the same row of the same session).
    pub fn is(&self, other: &Obj<T>) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// The address of the shared row: the same for every handle to this object.
    pub(crate) fn address(&self) -> usize {
        Arc::as_ptr(&self.inner) as *const () as usize
    }

    /// Replaces the row with what the database has (a reload, or the restore of a
    /// rollback): it is in step with the database again.
    pub(crate) fn replace(&self, row: T::Row) {
        let mut stored = self.stored();
        *self.write_untracked() = row;
        *stored = None;
    }

    /// The values of the row's columns, in column order.
    pub(crate) fn values(&self) -> Vec<Value> {
        super::identity::values_of::<T>(&self.read())
    }

    /// Sets columns by name (a foreign key the session assigns), keeping the others: a
    /// change the next flush writes.
    pub(crate) fn set_values(&self, columns: &[&str], values: Vec<Value>) -> Result<()> {
        self.keep_stored();
        self.set_values_untracked(columns, values)
    }

    /// Sets columns by name as the database set them (see `Entry::database_set`).
    pub(crate) fn set_values_untracked(&self, columns: &[&str], values: Vec<Value>) -> Result<()> {
        let mut row = self.write_untracked();
        let mut all = super::identity::values_of::<T>(&row);
        for (column, value) in columns.iter().zip(values) {
            if let Some(at) = T::COLUMNS.iter().position(|c| c == column) {
                all[at] = value;
            }
        }
        *row = row_from_values::<T>(&all)?;
        Ok(())
    }
}

/// A row of `T` from its column values in column order.
pub(crate) fn row_from_values<T: Table>(values: &[Value]) -> Result<T::Row> {
    T::Row::from_row(&Row::new(&ValuesRow(values)), 0)
}
