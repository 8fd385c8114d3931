//! Table aliases, for self-joins and for joining one table twice; and [`FromItem`], what a
//! FROM clause or a join can name.
//!
//! A [`TableAlias`] is a table under another name. Its columns are read with
//! [`TableAlias::col`], which keeps the column's type, so an aliased column is used like any
//! other expression.
//!
//! ```
//! # use retort::{select, Dialect, Table};
//! # use retort::__doc_tables::{posts, users, Posts, Users};
//! // Posts with their author, where the author is read through the alias `author`.
//! let author = Users.alias("author");
//! let query = select((posts::TITLE, author.col(users::NAME)))
//!     .from(Posts)
//!     .inner_join_on(&author, author.col(users::ID).eq(posts::USER_ID))
//!     .filter(author.col(users::NAME).ne("root"));
//! assert_eq!(
//!     query.sql(Dialect::Postgres).unwrap(),
//!     r#"SELECT "posts"."title", "author"."name" FROM "posts" INNER JOIN "users" AS "author" ON "author"."id" = "posts"."user_id" WHERE "author"."name" <> $1"#
//! );
//! ```

use std::marker::PhantomData;
use std::sync::Arc;

use sea_query::{Alias, IntoTableRef, SelectStatement, SimpleExpr, TableRef};

use crate::per_dialect::PerDialect;

use super::Tables;
use crate::dialect::Dialect;
use crate::expr::{Column, Expr, SelectedExprs, Selection};
use crate::table::Table;
use crate::value::ColumnValue;

/// What a FROM clause or a join can name: a [`Table`], a [`TableAlias`], a
/// [`Derived`](crate::Derived) table or a [`Cte`](crate::Cte).
///
/// Its methods are Retort's plumbing, not for use outside it.
pub trait FromItem {
    /// A select's [`Tables`] once this item is in its FROM clause or joined: tables are
    /// added; aliases, derived tables and CTEs are not tables a relationship can start
    /// from.
    type AddedTo<T: Tables>: Tables;

    /// The table reference for `dialect`.
    #[doc(hidden)]
    fn table_ref(&self, dialect: Dialect) -> TableRef;

    /// True when [`FromItem::table_ref`] differs between dialects.
    #[doc(hidden)]
    fn differs_by_dialect(&self) -> bool {
        false
    }

    /// How messages name it.
    #[doc(hidden)]
    fn describe(&self) -> String;

    /// The common table expression it names for `dialect`, which a statement that reads it
    /// adds to its WITH clause: (name, query, recursive).
    #[doc(hidden)]
    fn cte_definition(&self, dialect: Dialect) -> Option<(Arc<str>, SelectStatement, bool)> {
        let _ = dialect;
        None
    }
}

impl<T: Table> FromItem for T {
    type AddedTo<S: Tables> = (T, S);
    fn table_ref(&self, _: Dialect) -> TableRef {
        T::NAME.into_table_ref()
    }
    fn describe(&self) -> String {
        T::NAME.to_owned()
    }
}

/// Table `T` under another name: `FROM "comments" AS "parent"`. Made by
/// [`Table::alias`]; cheap to clone.
///
/// The name is an identifier, quoted by the dialect like any table name, so any text is a
/// safe name.
pub struct TableAlias<T> {
    name: Arc<str>,
    _table: PhantomData<fn() -> T>,
}

impl<T> Clone for TableAlias<T> {
    fn clone(&self) -> Self {
        TableAlias {
            name: self.name.clone(),
            _table: PhantomData,
        }
    }
}

impl<T: Table> std::fmt::Debug for TableAlias<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TableAlias({} AS {})", T::NAME, self.name)
    }
}

impl<T: Table> TableAlias<T> {
    /// Table `T` named `name`.
    pub fn new(name: &str) -> Self {
        TableAlias {
            name: name.into(),
            _table: PhantomData,
        }
    }

    /// The alias.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `"alias"."column"`: `column` of this alias, with the column's type.
    pub fn col<V: ColumnValue>(&self, column: Column<T, V>) -> Expr<V> {
        Expr::lowered(self.column_expr(column.name()))
    }

    /// `"alias"."column"` read as nullable: for the columns of an alias on the outer side of
    /// a LEFT / RIGHT / FULL join.
    pub fn nullable<V: ColumnValue>(&self, column: Column<T, V>) -> Expr<Option<V::Sql>> {
        Expr::lowered(self.column_expr(column.name()))
    }

    /// Every column of the alias, decoded into the table's row struct:
    /// `select(parent.all())`.
    pub fn all(&self) -> AliasRow<T> {
        AliasRow(self.clone())
    }

    fn column_expr(&self, column: &str) -> PerDialect<SimpleExpr> {
        crate::expr::column_expr::<T>(&self.name, column)
    }
}

impl<T: Table> FromItem for TableAlias<T> {
    type AddedTo<S: Tables> = S;
    fn table_ref(&self, _: Dialect) -> TableRef {
        T::NAME
            .into_table_ref()
            .alias(Alias::new(self.name.as_ref()))
    }
    fn describe(&self) -> String {
        format!("{} AS {}", T::NAME, self.name)
    }
}

impl<T: Table> FromItem for &TableAlias<T> {
    type AddedTo<S: Tables> = S;
    fn table_ref(&self, dialect: Dialect) -> TableRef {
        (**self).table_ref(dialect)
    }
    fn describe(&self) -> String {
        (**self).describe()
    }
}

/// Every column of a [`TableAlias`], as a selection decoded into the table's row struct.
#[derive(Debug, Clone)]
pub struct AliasRow<T: Table>(TableAlias<T>);

impl<T: Table> Selection for AliasRow<T> {
    type Output = T::Row;
    fn push_exprs(self, out: &mut SelectedExprs) {
        for column in T::COLUMNS {
            out.push(Expr::<()>::lowered(self.0.column_expr(column)));
        }
    }
}
