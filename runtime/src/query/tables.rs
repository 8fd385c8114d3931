//! The tables a SELECT reads, tracked in its type, so that a join through a relationship
//! must start from a table the query already has: `select(..).from(Posts)
//! .inner_join(comments::rel::AUTHOR)` does not compile.
//!
//! A [`Select`](crate::Select)'s second type parameter lists the tables of its FROM clause
//! and joins as nested pairs, newest first: `select(..).from(Posts).inner_join(posts::rel::AUTHOR)`
//! is a `Select<_, (Users, (Posts, ()))>`. Nothing of it exists at run time.
//!
//! Functions that return a select can name it as `Select<Row, impl Tables>` (callers can run
//! it, filter it and embed it, but not join through relationships from it), or convert it
//! with [`Select::any_tables`](crate::Select::any_tables) into `Select<Row>`, whose tables
//! are no longer checked.

use std::marker::PhantomData;

/// What a [`Select`](crate::Select)'s tables can be: `()`, `(Table, Tables)` or
/// [`AnyTables`].
pub trait Tables {}

impl Tables for () {}

impl<T, Rest: Tables> Tables for (T, Rest) {}

/// The tables of a select that are not tracked: one built from a sea-query statement, or
/// converted with [`Select::any_tables`](crate::Select::any_tables). Relationship joins on
/// it are not checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyTables;

impl Tables for AnyTables {}

/// Proof that table `T` is among a select's tables. `Index` is its position, which the
/// compiler works out; users never name it.
#[diagnostic::on_unimplemented(
    message = "`{T}` is not in this query's FROM clause or joins",
    label = "this relationship starts from `{T}`, which the query does not read",
    note = "join `{T}` first (`.from({T})` or a join to it), or start from a relationship of a table the query reads"
)]
pub trait HasTable<T, Index> {}

/// `T` is the newest table of the list.
#[doc(hidden)]
pub struct Here;

/// `T` is further down the list.
#[doc(hidden)]
pub struct There<Index>(PhantomData<Index>);

impl<T, Rest> HasTable<T, Here> for (T, Rest) {}

impl<T, Head, Rest: HasTable<T, Index>, Index> HasTable<T, There<Index>> for (Head, Rest) {}

impl<T> HasTable<T, Here> for AnyTables {}
