//! Upserts: [`OnConflict`] for [`Insert::on_conflict`](crate::Insert::on_conflict), with
//! [`excluded`] to refer to the row that was proposed; and the typed column lists
//! ([`ColumnList`], [`Assignable`]) that writes share.

use sea_query::SimpleExpr;

use crate::dialect::Dialect;
use crate::expr::{Column, Expr, IntoExpr};
use crate::per_dialect::PerDialect;
use crate::table::Table;
use crate::value::{ColumnValue, SqlType};

/// Columns of table `T`: one [`Column`], a tuple of them (of any types), or an array of
/// columns of one type. `Values` is the Rust type of a row of those columns.
pub trait ColumnList<T> {
    /// The Rust values of the columns, in order: `V` for one column, a tuple for a tuple.
    type Values;
    /// The column names, in order.
    fn names(&self) -> Vec<&'static str>;
}

impl<T: Table, V: ColumnValue> ColumnList<T> for Column<T, V> {
    type Values = V;
    fn names(&self) -> Vec<&'static str> {
        vec![self.name()]
    }
}

impl<T: Table, V: ColumnValue, const N: usize> ColumnList<T> for [Column<T, V>; N] {
    type Values = [V; N];
    fn names(&self) -> Vec<&'static str> {
        self.iter().map(Column::name).collect()
    }
}

/// A Rust row type whose values can be written into columns whose values are `V`: the
/// same type, or a non-null value into a nullable column (`S` into `Option<S>`), element by
/// element for tuples. It is what makes [`Insert::from_select`](crate::Insert::from_select)
/// refuse to compile a query whose row type does not fit the columns.
pub trait Assignable<V> {}

impl<V: ColumnValue> Assignable<V> for V {}

impl<S: SqlType> Assignable<Option<S>> for S {}

macro_rules! tuple_assignable {
    ($(($name:ident, $target:ident)),+) => {
        impl<$($name: Assignable<$target>, $target),+> Assignable<($($target,)+)> for ($($name,)+) {}
    };
}

macro_rules! tuple_impls {
    ($(($name:ident, $target:ident)),+) => {
        impl<T, $($name: ColumnList<T>),+> ColumnList<T> for ($($name,)+) {
            type Values = ($($name::Values,)+);
            #[allow(non_snake_case)]
            fn names(&self) -> Vec<&'static str> {
                let ($($name,)+) = self;
                let mut names = Vec::new();
                $(names.extend($name.names());)+
                names
            }
        }
        tuple_assignable!($(($name, $target)),+);
    };
}

tuple_impls!((A, VA));
tuple_impls!((A, VA), (B, VB));
tuple_impls!((A, VA), (B, VB), (C, VC));
tuple_impls!((A, VA), (B, VB), (C, VC), (D, VD));
tuple_impls!((A, VA), (B, VB), (C, VC), (D, VD), (E, VE));
tuple_impls!((A, VA), (B, VB), (C, VC), (D, VD), (E, VE), (F, VF));
tuple_impls!(
    (A, VA),
    (B, VB),
    (C, VC),
    (D, VD),
    (E, VE),
    (F, VF),
    (G, VG)
);
tuple_impls!(
    (A, VA),
    (B, VB),
    (C, VC),
    (D, VD),
    (E, VE),
    (F, VF),
    (G, VG),
    (H, VH)
);

/// What can be written into a column whose Rust values are `V` (by
/// [`Update::set_expr`](crate::Update::set_expr) and [`OnConflict::do_update_set`]): a value,
/// a column or an expression of the column's SQL type, nullable only when the column is.
/// A nullable expression — a scalar subquery, a LEFT JOINed column — goes into a NOT NULL
/// column through [`coalesce`](crate::functions::coalesce).
pub trait IntoColumnExpr<V> {
    /// The expression, typed as the column.
    fn into_column_expr(self) -> Expr<V>;
}

impl<V, S: SqlType + Assignable<V>> IntoColumnExpr<V> for S {
    fn into_column_expr(self) -> Expr<V> {
        self.into_expr().retype()
    }
}

impl<V> IntoColumnExpr<V> for &str
where
    String: Assignable<V>,
{
    fn into_column_expr(self) -> Expr<V> {
        IntoExpr::<String>::into_expr(self).retype()
    }
}

impl<V, T: Table, W: ColumnValue + Assignable<V>> IntoColumnExpr<V> for Column<T, W> {
    fn into_column_expr(self) -> Expr<V> {
        self.expr().retype()
    }
}

impl<V, W: Assignable<V>> IntoColumnExpr<V> for Expr<W> {
    fn into_column_expr(self) -> Expr<V> {
        self.retype()
    }
}

/// What an INSERT does when a row it proposes conflicts with an existing row on a unique
/// key: nothing, or update the existing row. Give it to
/// [`Insert::on_conflict`](crate::Insert::on_conflict).
///
/// | | PostgreSQL, SQLite | MySQL, MariaDB |
/// |---|---|---|
/// | [`do_nothing`](Self::do_nothing) | `ON CONFLICT (<target>) DO NOTHING` | `ON DUPLICATE KEY UPDATE <target> = <target>` |
/// | [`do_update`](Self::do_update) | `ON CONFLICT (<target>) DO UPDATE SET c = "excluded"."c"` | `ON DUPLICATE KEY UPDATE c = VALUES(c)` |
/// | [`do_update_set`](Self::do_update_set) | `… DO UPDATE SET c = <expr>` | `ON DUPLICATE KEY UPDATE c = <expr>` |
///
/// MySQL has no conflict target: there a conflict on **any** unique key of the table (the
/// primary key included) triggers the update, not only on the target columns. Its "do
/// nothing" is a no-op update (`SET col = col` on the first target column) rather than
/// `INSERT IGNORE`, which would also turn other errors (a NULL into a NOT NULL column, a
/// value out of range) into warnings.
///
/// The affected-row count differs too: a row inserted counts 1 everywhere; a row updated
/// counts 1 on PostgreSQL and SQLite and 2 on MySQL; a row left alone ("do nothing", or an
/// update to the values it already has) counts 0 on PostgreSQL and SQLite and 1 on MySQL
/// (where Retort's connections count matched rows, not changed ones).
///
/// ```
/// # use retort::{excluded, Dialect, Insert, OnConflict, Statement};
/// # use retort::__doc_tables::users;
/// let row = users::NewUser { name: "Ada".into(), email: Some("ada@example.com".into()) };
/// // Keep the old name and append the new one.
/// let upsert = Insert::new(row).on_conflict(
///     OnConflict::columns(users::EMAIL)
///         .do_update_set(users::NAME, users::NAME.concat(" / ").concat(excluded(users::NAME))),
/// );
/// assert_eq!(
///     upsert.to_sql(Dialect::Mysql).unwrap().0,
///     "INSERT INTO `users` (`name`, `email`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `name` = CONCAT(CONCAT(`users`.`name`, ?), VALUES(`name`))"
/// );
/// ```
#[derive(Debug, Clone)]
pub struct OnConflict<T> {
    target: Vec<&'static str>,
    action: Action,
    _table: std::marker::PhantomData<fn() -> T>,
}

#[derive(Debug, Clone)]
enum Action {
    /// Not chosen yet.
    None,
    Nothing,
    /// `column = expression`, in order.
    Update(Vec<(&'static str, PerDialect<SimpleExpr>)>),
}

impl<T: Table> OnConflict<T> {
    /// A conflict on the unique key or index over `columns` (a column, a tuple or an array
    /// of them); then choose [`do_nothing`](Self::do_nothing) or
    /// [`do_update`](Self::do_update) / [`do_update_set`](Self::do_update_set). On MySQL
    /// the target is not part of the SQL (see above).
    pub fn columns(columns: impl ColumnList<T>) -> Self {
        OnConflict {
            target: columns.names(),
            action: Action::None,
            _table: std::marker::PhantomData,
        }
    }

    /// Leave the existing row as it is; the proposed row is not inserted.
    pub fn do_nothing(mut self) -> Self {
        self.action = Action::Nothing;
        self
    }

    /// Update `columns` of the existing row to the proposed row's values. Several calls
    /// (and [`do_update_set`](Self::do_update_set)) add to the list.
    pub fn do_update(self, columns: impl ColumnList<T>) -> Self {
        columns.names().into_iter().fold(self, |this, name| {
            this.push_update(name, excluded_column(name).into_lowered())
        })
    }

    /// Update `column` of the existing row to `value`, which may read the existing row's
    /// columns and the proposed row's values through [`excluded`].
    pub fn do_update_set<V: ColumnValue>(
        self,
        column: Column<T, V>,
        value: impl IntoColumnExpr<V>,
    ) -> Self {
        self.push_update(column.name(), value.into_column_expr().into_lowered())
    }

    fn push_update(mut self, column: &'static str, value: PerDialect<SimpleExpr>) -> Self {
        match &mut self.action {
            Action::Update(updates) => updates.push((column, value)),
            _ => self.action = Action::Update(vec![(column, value)]),
        }
        self
    }

    /// The sea-query clause per dialect, or why it cannot be built.
    pub(crate) fn into_sea(self) -> Result<PerDialect<sea_query::OnConflict>, String> {
        let table = T::NAME;
        if self.target.is_empty() {
            return Err(format!(
                "ON CONFLICT on `{table}` needs at least one target column"
            ));
        }
        let mut clause = sea_query::OnConflict::columns(self.target.iter().copied());
        Ok(match self.action {
            Action::None => {
                return Err(format!(
                    "ON CONFLICT on `{table}` without an action: call `.do_nothing()` or \
                     `.do_update(…)`"
                ));
            }
            Action::Nothing => {
                // PostgreSQL and SQLite ignore the `on` columns; MySQL writes
                // `ON DUPLICATE KEY UPDATE <col> = <col>`.
                clause.do_nothing_on([self.target[0]]);
                PerDialect::Shared(clause)
            }
            Action::Update(updates) => {
                let mut clauses = PerDialect::Shared(clause);
                for (column, value) in updates {
                    clauses.apply(value, |clause, value| {
                        clause.value(column, value);
                    });
                }
                clauses
            }
        })
    }
}

/// The value the INSERT proposed for `column`, inside
/// [`OnConflict::do_update_set`]: `"excluded"."col"` on PostgreSQL and SQLite,
/// `VALUES(col)` on MySQL. Anywhere else it is not valid SQL.
pub fn excluded<T: Table, V: ColumnValue>(column: Column<T, V>) -> Expr<V> {
    excluded_column(column.name()).retype()
}

fn excluded_column(name: &'static str) -> Expr<()> {
    Expr::by_dialect(|dialect| match dialect {
        Dialect::Mysql => sea_query::Func::cust("VALUES")
            .arg(SimpleExpr::col(name))
            .into(),
        Dialect::Sqlite | Dialect::Postgres => SimpleExpr::col(("excluded", name)),
    })
}
