//! Typed statements over sea-query: [`Select`], [`Insert`], [`Update`], [`Delete`]; and
//! raw SQL with named parameters, [`text`].
//!
//! Each wraps a sea-query statement; a [`Connection`](crate::Connection) renders it for its
//! dialect with every value bound as a parameter.

mod alias;
mod compound;
mod cte;
mod delete;
mod insert;
mod prepared;
mod returning;
mod select;
mod tables;
mod text;
mod update;
mod upsert;

pub use alias::*;
pub use compound::IntoSelect;
pub use compound::*;
pub use cte::*;
pub use delete::Delete;
pub use insert::Insert;
pub use prepared::Prepared;
pub use returning::*;
pub(crate) use select::table_rows;
pub use select::{Select, select};
pub use tables::{AnyTables, HasTable, Tables};
pub use text::{BindValue, Text, text};
pub use update::Update;
pub use upsert::*;

use std::borrow::Cow;

use sea_query::Values;

use crate::dialect::Dialect;
use crate::error::Result;
use crate::row::FromRow;

/// A statement that returns rows, each decoded into a `Row`.
pub trait Query {
    /// The Rust value one result row decodes into.
    type Row;
    /// How a result row is decoded into a `Row` (see [`FromRow`]); usually `Row` itself.
    type Decoder: FromRow<Output = Self::Row>;
    /// The SQL and its bound values for `dialect`.
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)>;

    /// The SQL and bound values for `dialect`: rendered now, or borrowed from a
    /// [`Prepared`] query that keeps its rendering.
    fn rendered(&self, dialect: Dialect) -> Result<Rendered<'_>> {
        self.to_sql(dialect).map(Cow::Owned)
    }
}

/// A statement's SQL and bound values: made for one run, or kept by a [`Prepared`]
/// statement and borrowed.
pub type Rendered<'a> = Cow<'a, (String, Values)>;

/// A statement run for its effect; executing it returns the number of rows affected.
pub trait Statement {
    /// The SQL and its bound values for `dialect`.
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)>;

    /// The SQL and bound values for `dialect`: rendered now, or borrowed from a
    /// [`Prepared`] statement that keeps its rendering.
    fn rendered(&self, dialect: Dialect) -> Result<Rendered<'_>> {
        self.to_sql(dialect).map(Cow::Owned)
    }
}

impl<Q: Query> Query for &Q {
    type Row = Q::Row;
    type Decoder = Q::Decoder;
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        (**self).to_sql(dialect)
    }
    fn rendered(&self, dialect: Dialect) -> Result<Rendered<'_>> {
        (**self).rendered(dialect)
    }
}

impl<S: Statement> Statement for &S {
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        (**self).to_sql(dialect)
    }
    fn rendered(&self, dialect: Dialect) -> Result<Rendered<'_>> {
        (**self).rendered(dialect)
    }
}
