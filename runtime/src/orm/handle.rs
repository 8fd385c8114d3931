//! The two kinds of session objects, [`Obj`] and [`Pending`], behind one interface: what
//! the relationship methods of a [`Session`](crate::Session) accept, and the type-erased
//! ends of a foreign-key assignment that waits for a new object's key.

use sea_query::Value;

use super::{Obj, Pending};
use crate::error::Result;
use crate::table::Table;

/// An object of table `T` a [`Session`](crate::Session) knows: one read through it
/// ([`Obj`]) or one added to it ([`Pending`]). Sealed.
pub trait SessionObject<T: Table>: sealed::Sealed {
    /// The object as a handle the session stores.
    #[doc(hidden)]
    fn handle(&self) -> Handle<T>;
}

mod sealed {
    pub trait Sealed {}
    impl<T: crate::Table> Sealed for crate::Obj<T> {}
    impl<T: crate::Table> Sealed for crate::Pending<T> {}
}

impl<T: Table> SessionObject<T> for Obj<T> {
    fn handle(&self) -> Handle<T> {
        Handle::Loaded(self.clone())
    }
}

impl<T: Table> SessionObject<T> for Pending<T> {
    fn handle(&self) -> Handle<T> {
        match self.object() {
            Some(object) => Handle::Loaded(object),
            None => Handle::Pending(self.clone()),
        }
    }
}

/// A session object of table `T`.
#[doc(hidden)]
pub enum Handle<T: Table> {
    /// Read from (or already written to) the database.
    Loaded(Obj<T>),
    /// Added, not inserted yet.
    Pending(Pending<T>),
}

impl<T: Table> Clone for Handle<T> {
    fn clone(&self) -> Self {
        match self {
            Handle::Loaded(object) => Handle::Loaded(object.clone()),
            Handle::Pending(pending) => Handle::Pending(pending.clone()),
        }
    }
}

/// Which object a [`LinkEnd`] is, whatever its table: a new object by its number, a stored
/// one by its row's address (alive while the end holds it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ObjectToken {
    New(u64),
    Stored(usize),
}

/// One end of a foreign-key assignment, whatever its table.
pub(crate) trait LinkEnd: Send + Sync {
    /// Which object it is.
    fn token(&self) -> ObjectToken;
    /// The table.
    fn table(&self) -> &'static str;
    /// The number of the new object while it waits for its insert.
    fn pending_id(&self) -> Option<u64>;
    /// The values of `columns`, when known: always for a loaded object; for a new one,
    /// only when every column was given (a generated key is known after the insert).
    fn values(&self, columns: &[&'static str]) -> Option<Vec<Value>>;
    /// Sets `columns` to `values`.
    fn set(&self, columns: &[&'static str], values: Vec<Value>) -> Result<()>;
    /// True when this end is `object` (an `Obj` of some table).
    fn is_object(&self, object: &dyn std::any::Any) -> bool;
}

impl<T: Table> LinkEnd for Handle<T> {
    fn token(&self) -> ObjectToken {
        match self {
            Handle::Loaded(object) => ObjectToken::Stored(object.address()),
            Handle::Pending(pending) => {
                let state = pending.state();
                match &state.object {
                    Some(object) => ObjectToken::Stored(object.address()),
                    None => ObjectToken::New(state.id),
                }
            }
        }
    }

    fn table(&self) -> &'static str {
        T::NAME
    }

    fn pending_id(&self) -> Option<u64> {
        match self {
            Handle::Loaded(_) => None,
            Handle::Pending(pending) => {
                let state = pending.state();
                state.object.is_none().then_some(state.id)
            }
        }
    }

    fn values(&self, columns: &[&'static str]) -> Option<Vec<Value>> {
        let loaded = match self {
            Handle::Loaded(object) => Some(object.clone()),
            Handle::Pending(pending) => pending.object(),
        };
        if let Some(object) = loaded {
            let all = object.values();
            return columns
                .iter()
                .map(|column| {
                    let at = T::COLUMNS.iter().position(|c| c == column)?;
                    Some(all[at].clone())
                })
                .collect();
        }
        let Handle::Pending(pending) = self else {
            return None;
        };
        let state = pending.state();
        columns
            .iter()
            .map(|column| {
                state
                    .values
                    .iter()
                    .find(|(name, _)| name == column)
                    .map(|(_, value)| value.clone())
            })
            .collect()
    }

    fn is_object(&self, object: &dyn std::any::Any) -> bool {
        let mine = match self {
            Handle::Loaded(mine) => Some(mine.clone()),
            Handle::Pending(pending) => pending.object(),
        };
        match (mine, object.downcast_ref::<Obj<T>>()) {
            (Some(mine), Some(object)) => mine.is(object),
            _ => false,
        }
    }

    fn set(&self, columns: &[&'static str], values: Vec<Value>) -> Result<()> {
        match self {
            Handle::Loaded(object) => object.set_values(columns, values),
            Handle::Pending(pending) => {
                let inserted = pending.object();
                match inserted {
                    Some(object) => object.set_values(columns, values),
                    None => {
                        let mut state = pending.state();
                        for (column, value) in columns.iter().zip(values) {
                            state.set(column, value);
                        }
                        Ok(())
                    }
                }
            }
        }
    }
}
