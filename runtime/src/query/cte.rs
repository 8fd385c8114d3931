//! Derived tables (`FROM (SELECT …) AS "name"`) and common table expressions (`WITH "name"
//! AS (SELECT …) SELECT …`, also `WITH RECURSIVE`), with typed access to their columns.
//!
//! Retort names the columns of the inner select `c0`, `c1`, … and reads them back by
//! position, `recent.col::<1>()`, with the type the inner select gives that position (its
//! row type, a tuple, says which); a select of a whole table row also reads them by the
//! table's column handle, `recent.column(posts::TITLE)`.
//!
//! ```
//! # use retort::{select, Dialect, functions::count_all};
//! # use retort::__doc_tables::{posts, users, Posts, Users};
//! // The number of posts per user, as a derived table joined to users.
//! let counts = select((posts::USER_ID, count_all()))
//!     .from(Posts)
//!     .group_by(posts::USER_ID)
//!     .subquery("counts");
//! let query = select((users::NAME, counts.col::<1>()))
//!     .from(Users)
//!     .inner_join_on(&counts, counts.col::<0>().eq(users::ID));
//! assert_eq!(
//!     query.sql(Dialect::Sqlite).unwrap(),
//!     r#"SELECT "users"."name", "counts"."c1" FROM "users" INNER JOIN (SELECT "posts"."user_id" AS "c0", COUNT(*) AS "c1" FROM "posts" GROUP BY "posts"."user_id") AS "counts" ON "counts"."c0" = "users"."id""#
//! );
//!
//! // The same as a common table expression: reading it adds the WITH clause.
//! let counts = select((posts::USER_ID, count_all()))
//!     .from(Posts)
//!     .group_by(posts::USER_ID)
//!     .cte("counts");
//! let query = select(counts.col::<1>()).from_item(&counts);
//! assert_eq!(
//!     query.sql(Dialect::Postgres).unwrap(),
//!     r#"WITH "counts" AS (SELECT "posts"."user_id" AS "c0", COUNT(*) AS "c1" FROM "posts" GROUP BY "posts"."user_id") SELECT "counts"."c1" FROM "counts""#
//! );
//! ```
//!
//! A recursive CTE is built from its first select and a step that reads the CTE itself
//! (see [`recursive_cte`]).

use std::marker::PhantomData;
use std::sync::Arc;

use sea_query::{Alias, SelectStatement, SimpleExpr, TableRef, UnionType};

use super::compound::{column_name, name_columns, wrap};
use super::{Compound, FromItem, Select, Tables};
use crate::dialect::Dialect;
use crate::expr::{Column, Expr, SelectedExprs, Selection};
use crate::per_dialect::{PerDialect, Refusal, refusal};
use crate::row::FromRow;
use crate::table::{Table, TableRow};
use crate::value::ColumnValue;

/// The type of the `N`th (from 0) column of a row type: implemented by single column values
/// (`N` = 0) and tuples of them, for [`Derived::col`] and [`Cte::col`].
pub trait ColumnAt<const N: usize> {
    /// The column's Rust type.
    type Output: ColumnValue;
}

impl<V: ColumnValue> ColumnAt<0> for V {
    type Output = V;
}

macro_rules! column_at {
    ($all:tt $($n:literal $name:ident),+) => {
        $(column_at!(@one $all $n $name);)+
    };
    (@one [$($all:ident),+] $n:literal $name:ident) => {
        impl<$($all: ColumnValue),+> ColumnAt<$n> for ($($all,)+) {
            type Output = $name;
        }
    };
}

column_at!([A] 0 A);
column_at!([A, B] 0 A, 1 B);
column_at!([A, B, C] 0 A, 1 B, 2 C);
column_at!([A, B, C, D] 0 A, 1 B, 2 C, 3 D);
column_at!([A, B, C, D, E] 0 A, 1 B, 2 C, 3 D, 4 E);
column_at!([A, B, C, D, E, F] 0 A, 1 B, 2 C, 3 D, 4 E, 5 F);
column_at!([A, B, C, D, E, F, G] 0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G);
column_at!([A, B, C, D, E, F, G, H] 0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H);
column_at!([A, B, C, D, E, F, G, H, I] 0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I);
column_at!([A, B, C, D, E, F, G, H, I, J] 0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J);
column_at!([A, B, C, D, E, F, G, H, I, J, K] 0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K);
column_at!([A, B, C, D, E, F, G, H, I, J, K, L] 0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K, 11 L);

/// A select's statements with their result columns named `c0`, `c1`, ….
fn named_statements<R: FromRow, T: Tables>(select: Select<R, T>) -> PerDialect<SelectStatement> {
    let named = select.shape.named;
    select.into_statements().map(|mut statement| {
        if !named {
            name_columns(&mut statement);
        }
        statement
    })
}

/// A select used in FROM or a join under a name: `(SELECT …) AS "name"`. Made by
/// [`Select::subquery`]; its columns are read with [`Derived::col`].
#[derive(Debug, Clone)]
pub struct Derived<R> {
    name: Arc<str>,
    statement: PerDialect<SelectStatement>,
    _row: PhantomData<fn() -> R>,
}

/// A common table expression: `WITH "name" AS (SELECT …)`. Made by [`Select::cte`] or
/// [`recursive_cte`]; a statement that reads it with [`Select::from_item`] or a join gets
/// the WITH clause (or add it with [`Select::with`]); its columns are read with
/// [`Cte::col`].
#[derive(Debug, Clone)]
pub struct Cte<R> {
    name: Arc<str>,
    /// The query and whether it is recursive; `None` for the handle a recursive step reads.
    definition: Option<(PerDialect<SelectStatement>, bool)>,
    _row: PhantomData<fn() -> R>,
}

/// Typed access to the columns of a named subquery.
macro_rules! named_columns {
    ($type:ident) => {
        impl<R: FromRow> $type<R> {
            /// Its name.
            pub fn name(&self) -> &str {
                &self.name
            }

            /// `"name"."cN"`: result column `N` (from 0) of the inner select, typed by the
            /// inner select's row type.
            pub fn col<const N: usize>(&self) -> Expr<<R as ColumnAt<N>>::Output>
            where
                R: ColumnAt<N>,
            {
                Expr::from_sea(self.column_sea(N))
            }

            /// The result column that was `column` in an inner select of whole rows of
            /// `column`'s table (`posts::table().select()`).
            pub fn column<T: Table, V: ColumnValue>(&self, column: Column<T, V>) -> Expr<V>
            where
                R: TableRow<Table = T>,
            {
                match T::COLUMNS.iter().position(|c| *c == column.name()) {
                    Some(n) => Expr::from_sea(self.column_sea(n)),
                    // Only a hand-written table can have a column handle that is not in
                    // its column list.
                    None => Expr::from_sea(refusal(
                        Refusal::Invalid,
                        &format!(
                            "column `{}` is not among the columns of `{}`",
                            column.name(),
                            T::NAME
                        ),
                    )),
                }
            }

            /// Every result column, decoded as the inner select's rows: `select(x.all())`.
            pub fn all(&self) -> AllColumns<R> {
                AllColumns {
                    name: self.name.clone(),
                    _row: PhantomData,
                }
            }

            fn column_sea(&self, n: usize) -> SimpleExpr {
                SimpleExpr::col((Alias::new(self.name.as_ref()), Alias::new(column_name(n))))
            }
        }
    };
}

named_columns!(Derived);
named_columns!(Cte);

/// Every result column of a [`Derived`] table or [`Cte`], as a selection decoded like the
/// inner select's rows.
#[derive(Debug, Clone)]
pub struct AllColumns<R> {
    name: Arc<str>,
    _row: PhantomData<fn() -> R>,
}

impl<R: FromRow> Selection for AllColumns<R> {
    type Output = R;
    fn push_exprs(self, out: &mut SelectedExprs) {
        for n in 0..R::width() {
            out.push(Expr::<()>::from_sea(SimpleExpr::col((
                Alias::new(self.name.as_ref()),
                Alias::new(column_name(n)),
            ))));
        }
    }
}

impl<R: FromRow> FromItem for Derived<R> {
    type AddedTo<S: Tables> = S;
    fn table_ref(&self, dialect: Dialect) -> TableRef {
        TableRef::SubQuery(
            Box::new(self.statement.get(dialect).clone()),
            Alias::new(self.name.as_ref()).into(),
        )
    }
    fn differs_by_dialect(&self) -> bool {
        matches!(self.statement, PerDialect::Split(_))
    }
    fn describe(&self) -> String {
        format!("derived table {}", self.name)
    }
}

impl<R: FromRow> FromItem for &Derived<R> {
    type AddedTo<S: Tables> = S;
    fn table_ref(&self, dialect: Dialect) -> TableRef {
        (**self).table_ref(dialect)
    }
    fn differs_by_dialect(&self) -> bool {
        (**self).differs_by_dialect()
    }
    fn describe(&self) -> String {
        (**self).describe()
    }
}

impl<R: FromRow> FromItem for Cte<R> {
    type AddedTo<S: Tables> = S;
    fn table_ref(&self, _: Dialect) -> TableRef {
        TableRef::Table(Alias::new(self.name.as_ref()).into(), None)
    }
    fn differs_by_dialect(&self) -> bool {
        matches!(self.definition, Some((PerDialect::Split(_), _)))
    }
    fn describe(&self) -> String {
        format!("common table expression {}", self.name)
    }
    fn cte_definition(&self, dialect: Dialect) -> Option<(Arc<str>, SelectStatement, bool)> {
        let (query, recursive) = self.definition.as_ref()?;
        Some((self.name.clone(), query.get(dialect).clone(), *recursive))
    }
}

impl<R: FromRow> FromItem for &Cte<R> {
    type AddedTo<S: Tables> = S;
    fn table_ref(&self, dialect: Dialect) -> TableRef {
        (**self).table_ref(dialect)
    }
    fn differs_by_dialect(&self) -> bool {
        (**self).differs_by_dialect()
    }
    fn describe(&self) -> String {
        (**self).describe()
    }
    fn cte_definition(&self, dialect: Dialect) -> Option<(Arc<str>, SelectStatement, bool)> {
        (**self).cte_definition(dialect)
    }
}

impl<R: FromRow, T: Tables> Select<R, T> {
    /// This select as a derived table named `name`, for [`Select::from_item`] and the
    /// `*_join_on` joins: `(SELECT …) AS "name"`.
    pub fn subquery(self, name: &str) -> Derived<R> {
        Derived {
            name: name.into(),
            statement: named_statements(self),
            _row: PhantomData,
        }
    }

    /// This select as a common table expression named `name`: `WITH "name" AS (SELECT …)`.
    pub fn cte(self, name: &str) -> Cte<R> {
        Cte {
            name: name.into(),
            definition: Some((named_statements(self), false)),
            _row: PhantomData,
        }
    }

    /// Adds `cte` to this statement's WITH clause, for a CTE read only in a subquery of it
    /// (reading it in FROM or a join adds it by itself). A CTE is listed once however often
    /// it is added; the CTE handle a recursive step reads adds nothing.
    pub fn with<C: FromRow>(mut self, cte: &Cte<C>) -> Self {
        if let Some((query, recursive)) = &cte.definition {
            self.add_cte(cte.name.clone(), query.clone(), *recursive);
        }
        self
    }
}

impl<R: FromRow> Compound<R> {
    /// This set operation as a derived table named `name` (see [`Select::subquery`]).
    pub fn subquery(self, name: &str) -> Derived<R> {
        self.into_select().subquery(name)
    }

    /// This set operation as a common table expression named `name` (see [`Select::cte`]).
    pub fn cte(self, name: &str) -> Cte<R> {
        self.into_select().cte(name)
    }
}

/// `WITH RECURSIVE "name" AS (base UNION ALL step)`: `step` receives the CTE, reads it (in
/// FROM or a join) and returns the rows that follow from those found so far.
///
/// ```
/// # use retort::{select, recursive_cte, Dialect};
/// # use retort::__doc_tables::{users, Users};
/// // Not a useful walk, but the shape of one: each user, then the user with the next id.
/// let walk = recursive_cte("walk", select(users::ID).from(Users).filter(users::ID.eq(1)), |walk| {
///     select(users::ID).from(Users).inner_join_on(walk, users::ID.eq(walk.col::<0>() + 1))
/// });
/// let query = select(walk.col::<0>()).from_item(&walk);
/// assert_eq!(
///     query.sql(Dialect::Sqlite).unwrap(),
///     r#"WITH RECURSIVE "walk" AS (SELECT "users"."id" AS "c0" FROM "users" WHERE "users"."id" = ? UNION ALL SELECT "users"."id" FROM "users" INNER JOIN "walk" ON "users"."id" = "walk"."c0" + ?) SELECT "walk"."c0" FROM "walk""#
/// );
/// ```
pub fn recursive_cte<R: FromRow, B: Tables, S: Tables>(
    name: &str,
    base: Select<R, B>,
    step: impl FnOnce(&Cte<R>) -> Select<R, S>,
) -> Cte<R> {
    let handle = Cte {
        name: name.into(),
        definition: None,
        _row: PhantomData,
    };
    let wrapping = base.shape.needs_wrapping();
    let step = step(&handle);
    let step_wrapping = step.shape.needs_wrapping();
    let mut query = named_statements(base);
    if wrapping {
        query = query.map(wrap);
    }
    let mut step = step.into_statements();
    if step_wrapping {
        step = step.map(wrap);
    }
    query.apply(step, |query, step| {
        query.union(UnionType::All, step);
    });
    Cte {
        name: handle.name,
        definition: Some((query, true)),
        _row: PhantomData,
    }
}
