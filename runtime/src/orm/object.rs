//! [`Obj`]: a row loaded through a [`Session`](crate::Session), shared by every holder.

use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

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
    row: Arc<RwLock<T::Row>>,
}

impl<T: Table> Clone for Obj<T> {
    fn clone(&self) -> Self {
        Obj {
            row: self.row.clone(),
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
    pub(crate) fn new(row: T::Row) -> Self {
        Obj {
            row: Arc::new(RwLock::new(row)),
        }
    }

    /// The row, to read.
    pub fn read(&self) -> RwLockReadGuard<'_, T::Row> {
        // A panic while a guard was held leaves the row as it was then: still a row.
        self.row
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The row, to change: the session writes the changed columns at its next flush.
    pub fn write(&self) -> RwLockWriteGuard<'_, T::Row> {
        self.row
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// True when both handles are the same object (the same row of the same session).
    pub fn is(&self, other: &Obj<T>) -> bool {
        Arc::ptr_eq(&self.row, &other.row)
    }

    /// The address of the shared row: the same for every handle to this object.
    pub(crate) fn address(&self) -> usize {
        Arc::as_ptr(&self.row) as *const () as usize
    }

    /// Replaces the row (a reload, or the restore of a rollback).
    pub(crate) fn replace(&self, row: T::Row) {
        *self.write() = row;
    }

    /// The values of the row's columns, in column order.
    pub(crate) fn values(&self) -> Vec<Value> {
        super::identity::values_of::<T>(&self.read())
    }

    /// Sets columns by name (a foreign key the session assigns), keeping the others.
    pub(crate) fn set_values(&self, columns: &[&str], values: Vec<Value>) -> Result<()> {
        let mut row = self.write();
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
