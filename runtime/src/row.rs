//! Result rows and decoding them into Rust values.

use crate::error::{Error, Result};
use crate::value::{ColumnValue, DbValue};

/// What a driver offers for one row of a result: its columns as [`DbValue`]s.
pub(crate) trait RawRow {
    /// The number of columns.
    fn len(&self) -> usize;
    /// The name of column `index`.
    fn column_name(&self, index: usize) -> Option<&str>;
    /// The value of column `index`.
    fn value(&self, index: usize) -> Result<DbValue<'_>>;
}

/// A row made of values Retort bound itself: the key of a row just inserted on a database
/// without `RETURNING`, decoded through the same [`FromRow`] path as a fetched row.
pub(crate) struct ValuesRow<'a>(pub &'a [sea_query::Value]);

impl RawRow for ValuesRow<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn column_name(&self, _index: usize) -> Option<&str> {
        None
    }

    fn value(&self, index: usize) -> Result<DbValue<'_>> {
        let value = self.0.get(index).ok_or_else(|| Error::Decode {
            column: index.to_string(),
            message: format!("the row has only {} columns", self.0.len()),
        })?;
        DbValue::from_bound(value).map_err(|e| Error::Decode {
            column: index.to_string(),
            message: e.0,
        })
    }
}

/// One row of a query result, borrowed from the driver while it is decoded.
pub struct Row<'a> {
    raw: &'a dyn RawRow,
}

impl<'a> Row<'a> {
    pub(crate) fn new(raw: &'a dyn RawRow) -> Self {
        Row { raw }
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// True for a row without columns.
    pub fn is_empty(&self) -> bool {
        self.raw.len() == 0
    }

    /// Column `index` (0-based) decoded as `T`.
    pub fn get<T: ColumnValue>(&self, index: usize) -> Result<T> {
        if index >= self.raw.len() {
            return Err(Error::Decode {
                column: index.to_string(),
                message: format!("the row has only {} columns", self.raw.len()),
            });
        }
        T::decode(self.raw.value(index)?).map_err(|e| Error::Decode {
            column: match self.raw.column_name(index) {
                Some(name) => format!("{index} (`{name}`)"),
                None => index.to_string(),
            },
            message: e.0,
        })
    }

    /// The raw value of column `index`.
    pub fn value(&self, index: usize) -> Result<DbValue<'_>> {
        self.raw.value(index)
    }
}

/// How a Rust value is read from consecutive columns of a row: a generated row struct, a
/// single column value, or a tuple of those. The value read is the [`Output`](Self::Output):
/// `Self` for all of these; a different type for decoders that are not themselves the
/// value (e.g. one that reads a whole row of a LEFT JOIN's outer side as an `Option`).
pub trait FromRow {
    /// The Rust value read.
    type Output;
    /// How many columns it reads.
    fn width() -> usize;
    /// Reads the value from columns `start .. start + width()`.
    fn from_row(row: &Row<'_>, start: usize) -> Result<Self::Output>;
}

impl<V: ColumnValue> FromRow for V {
    type Output = V;
    fn width() -> usize {
        1
    }
    fn from_row(row: &Row<'_>, start: usize) -> Result<V> {
        row.get(start)
    }
}

impl FromRow for () {
    type Output = ();
    fn width() -> usize {
        0
    }
    fn from_row(_: &Row<'_>, _: usize) -> Result<()> {
        Ok(())
    }
}

macro_rules! tuple_from_row {
    ($($name:ident),+) => {
        impl<$($name: FromRow),+> FromRow for ($($name,)+) {
            type Output = ($($name::Output,)+);
            fn width() -> usize {
                0 $(+ $name::width())+
            }
            #[allow(unused_assignments)]
            fn from_row(row: &Row<'_>, start: usize) -> Result<Self::Output> {
                let mut at = start;
                Ok(($({
                    let value = $name::from_row(row, at)?;
                    at += $name::width();
                    value
                },)+))
            }
        }
    };
}

tuple_from_row!(A);
tuple_from_row!(A, B);
tuple_from_row!(A, B, C);
tuple_from_row!(A, B, C, D);
tuple_from_row!(A, B, C, D, E);
tuple_from_row!(A, B, C, D, E, F);
tuple_from_row!(A, B, C, D, E, F, G);
tuple_from_row!(A, B, C, D, E, F, G, H);
tuple_from_row!(A, B, C, D, E, F, G, H, I);
tuple_from_row!(A, B, C, D, E, F, G, H, I, J);
tuple_from_row!(A, B, C, D, E, F, G, H, I, J, K);
tuple_from_row!(A, B, C, D, E, F, G, H, I, J, K, L);
