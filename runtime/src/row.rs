//! Result rows and decoding them into Rust values.

use std::marker::PhantomData;

use crate::error::{DecodeError, Error, Result};
use crate::query::{Select, Tables};
use crate::table::Table;
use crate::value::{ColumnValue, DbValue};

/// What a driver offers for one row of a result: its columns as [`DbValue`]s.
pub(crate) trait RawRow {
    /// The number of columns.
    fn len(&self) -> usize;
    /// The name of column `index`.
    fn column_name(&self, index: usize) -> Option<&str>;
    /// The value of column `index`. A failure says what is wrong with the value only;
    /// [`Row`] adds which column it was (on the cold path, and keeping this result small:
    /// it is returned for every column of every row).
    fn value(&self, index: usize) -> Result<DbValue<'_>, DecodeError>;
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

    fn value(&self, index: usize) -> Result<DbValue<'_>, DecodeError> {
        let value = self
            .0
            .get(index)
            .ok_or_else(|| DecodeError(format!("the row has only {} columns", self.0.len())))?;
        DbValue::from_bound(value)
    }
}

/// One row of a query result, borrowed from the driver while it is decoded.
pub struct Row<'a> {
    raw: &'a dyn RawRow,
    /// `raw.len()`, read once: every `get` checks against it.
    len: usize,
}

impl<'a> Row<'a> {
    /// The driver's row underneath.
    #[cfg_attr(not(all(feature = "async", feature = "sqlite")), allow(dead_code))]
    pub(crate) fn raw(&self) -> &'a dyn RawRow {
        self.raw
    }

    pub(crate) fn new(raw: &'a dyn RawRow) -> Self {
        Row {
            raw,
            len: raw.len(),
        }
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for a row without columns.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Column `index` (0-based) decoded as `T`.
    #[inline]
    pub fn get<T: ColumnValue>(&self, index: usize) -> Result<T> {
        if index >= self.len {
            return Err(self.out_of_range(index));
        }
        match self.raw.value(index).and_then(T::decode) {
            Ok(value) => Ok(value),
            Err(e) => Err(self.undecodable(index, e)),
        }
    }

    // The error paths, out of line: `get` runs for every column of every row.
    #[cold]
    #[inline(never)]
    fn out_of_range(&self, index: usize) -> Error {
        Error::Decode {
            column: index.to_string(),
            message: format!("the row has only {} columns", self.len),
        }
    }

    #[cold]
    #[inline(never)]
    fn undecodable(&self, index: usize, error: DecodeError) -> Error {
        Error::Decode {
            column: match self.raw.column_name(index) {
                Some(name) => format!("{index} (`{name}`)"),
                None => index.to_string(),
            },
            message: error.0,
        }
    }

    /// The raw value of column `index`.
    pub fn value(&self, index: usize) -> Result<DbValue<'_>> {
        if index >= self.len {
            return Err(self.out_of_range(index));
        }
        self.raw
            .value(index)
            .map_err(|e| self.undecodable(index, e))
    }
}

/// How a Rust value is read from consecutive columns of a row: a generated row struct, a
/// single column value, a struct with `#[derive(FromRow)]`, or a tuple of those. The value read is the [`Output`](Self::Output):
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

/// A struct that `#[derive(FromRow)]` decodes, with the Rust types of its fields: what
/// [`Select::into_rows`] checks against the selection's row type at compile time.
///
/// Implemented by the derive; a hand-written implementation must read exactly the columns
/// its `Fields` would.
pub trait FromFields: FromRow<Output = Self> {
    /// The field types in order, as a tuple; for a one-field struct, that field's type.
    type Fields;
}

impl<R: FromRow, Tb: Tables> Select<R, Tb> {
    /// The same statement, each row decoded into `T`, a struct with `#[derive(FromRow)]`
    /// whose field types, in order, are exactly this select's row type: a struct of
    /// `(id: i64, name: String)` for `select((users::ID, users::NAME))`, of `(user: User,
    /// title: String)` for `select((Users, posts::TITLE))`. Any other struct does not
    /// compile.
    ///
    /// ```
    /// # use retort::{select, Dialect};
    /// # use retort::__doc_tables::{users, Users};
    /// #[derive(retort::FromRow)]
    /// struct UserName {
    ///     id: i64,
    ///     name: String,
    /// }
    ///
    /// let query = select((users::ID, users::NAME)).from(Users).into_rows::<UserName>();
    /// assert_eq!(
    ///     query.sql(Dialect::Postgres).unwrap(),
    ///     r#"SELECT "users"."id", "users"."name" FROM "users""#
    /// );
    /// ```
    pub fn into_rows<T>(self) -> Select<T, Tb>
    where
        T: FromFields<Fields = R::Output>,
    {
        self.retyped()
    }
}

/// Reads a whole row of table `T` where it may be missing: the outer side of a LEFT (or
/// RIGHT, FULL) JOIN. Its [`Output`](FromRow::Output) is `Option<T::Row>`: `None` when the
/// primary key columns are all NULL (every column, for a table without a primary key),
/// which a stored row never has.
///
/// List it in a selection with [`TableSelection::nullable`]: `select((Users,
/// Posts.nullable()))`.
pub struct NullableRow<T>(PhantomData<fn() -> T>);

impl<T> NullableRow<T> {
    fn new() -> Self {
        NullableRow(PhantomData)
    }
}

impl<T> Clone for NullableRow<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for NullableRow<T> {}

impl<T: Table> std::fmt::Debug for NullableRow<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NullableRow({})", T::NAME)
    }
}

impl<T: Table> FromRow for NullableRow<T> {
    type Output = Option<T::Row>;
    fn width() -> usize {
        T::Row::width()
    }
    fn from_row(row: &Row<'_>, start: usize) -> Result<Option<T::Row>> {
        // The key columns decide (a stored row never has a NULL key); a table without a key
        // (or whose key names no column it lists) is missing only when every column is NULL.
        let mut keys = T::PRIMARY_KEY
            .iter()
            .filter_map(|key| T::COLUMNS.iter().position(|column| column == key))
            .peekable();
        let present = if keys.peek().is_some() {
            any_set(row, start, keys)?
        } else {
            any_set(row, start, 0..T::COLUMNS.len())?
        };
        if present {
            T::Row::from_row(row, start).map(Some)
        } else {
            Ok(None)
        }
    }
}

/// True when any of the columns `start + index` is not NULL.
fn any_set(row: &Row<'_>, start: usize, indexes: impl Iterator<Item = usize>) -> Result<bool> {
    for index in indexes {
        if !matches!(row.value(start + index)?, DbValue::Null) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Lists a table's whole row in a selection. A generated table marker (`users::Users`) is
/// itself a [`Selection`](crate::Selection) of its every column, decoded into its row
/// struct; [`nullable`](Self::nullable) reads it as an `Option` instead.
///
/// ```
/// use retort::prelude::*;
/// use retort::TableSelection;
/// # use retort::__doc_tables::{self as blog, posts, users, Posts, Users};
///
/// let engine = Engine::connect("sqlite::memory:")?;
/// blog::metadata().create_all(&engine)?;
/// let mut conn = engine.connection()?;
/// let ada = conn.insert(users::NewUser { name: "Ada".into(), email: None })?;
/// conn.insert(users::NewUser { name: "Grace".into(), email: None })?;
/// conn.insert(posts::NewPost { user_id: ada, title: "Notes".into() })?;
///
/// let rows: Vec<(users::User, Option<posts::Post>)> = conn.all(
///     select((Users, Posts.nullable()))
///         .from(Users)
///         .left_join(users::rel::POSTS)
///         .order_by(users::ID),
/// )?;
/// assert_eq!(rows[0].1.as_ref().map(|post| post.title.as_str()), Some("Notes"));
/// assert_eq!(rows[1].0.name, "Grace");
/// assert_eq!(rows[1].1, None);
/// # Ok::<(), retort::Error>(())
/// ```
pub trait TableSelection: Table {
    /// This table's whole row, read as `None` where the join found no row.
    fn nullable(self) -> NullableRow<Self> {
        NullableRow::new()
    }
}

impl<T: Table> TableSelection for T {}
