//! `CASE` and `CAST`, typed.
//!
//! A searched CASE takes the Rust type of its first branch; every other branch must have
//! the same type (a non-null value may go into a nullable CASE). With `otherwise(…)` the
//! CASE is as nullable as its branches; without, it is NULL where no condition holds, so
//! its type is `Option<_>`. `.cast::<S>()` converts a column or expression to the Rust type
//! `S`, written as each database spells the corresponding SQL type.
//!
//! ```
//! use retort::functions::case;
//! use retort::Dialect;
//! # use retort::__doc_tables::{users, Users};
//! let size = case()
//!     .when(users::ID.lt(10), "small")
//!     .when(users::ID.lt(100), "medium")
//!     .otherwise("large");
//! let q = retort::select((size, users::ID.cast::<String>())).from(Users);
//! // Rows decode into (String, String).
//! let _: &retort::Select<(String, String), _> = &q;
//! assert_eq!(
//!     q.sql(Dialect::Mysql).unwrap(),
//!     "SELECT (CASE WHEN (`users`.`id` < ?) THEN ? WHEN (`users`.`id` < ?) THEN ? ELSE ? END), \
//!      CAST(`users`.`id` AS CHAR) FROM `users`"
//! );
//! ```

use std::marker::PhantomData;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_query::{CaseStatement, SimpleExpr};

use super::{Nullability, Operand, cast_as, per_dialect};
use crate::dialect::Dialect;
use crate::expr::{Column, Expr};
use crate::per_dialect::PerDialect;
use crate::table::Table;
use crate::value::{ColumnValue, SqlType};

/// `CASE WHEN … THEN … [ELSE …] END`, started: [`CaseStart::when`] gives the first branch,
/// whose type becomes the type of the CASE.
pub fn case() -> CaseStart {
    CaseStart { _private: () }
}

/// A CASE without branches yet; see [`case`].
#[derive(Debug, Clone)]
pub struct CaseStart {
    _private: (),
}

impl CaseStart {
    /// The first branch: `WHEN condition THEN then`. Its Rust type (`Option<_>` for a
    /// nullable column) is the CASE's.
    pub fn when<E: Operand>(self, condition: Expr<bool>, then: E) -> Case<E::Value> {
        Case {
            branches: vec![(condition.into_lowered(), then.into_typed().into_lowered())],
            _marker: PhantomData,
        }
    }
}

/// A CASE with at least one branch, whose branches decode into `V`.
#[derive(Debug, Clone)]
pub struct Case<V> {
    branches: Vec<(PerDialect<SimpleExpr>, PerDialect<SimpleExpr>)>,
    _marker: PhantomData<fn() -> V>,
}

impl<V: Nullability> Case<V> {
    /// Another branch, `WHEN condition THEN then`, of the same type.
    pub fn when(mut self, condition: Expr<bool>, then: impl Branch<V>) -> Case<V> {
        self.branches
            .push((condition.into_lowered(), then.into_branch().into_lowered()));
        self
    }

    /// `ELSE value END`: the CASE, typed like its branches.
    pub fn otherwise(self, value: impl Branch<V>) -> Expr<V> {
        self.build(Some(value.into_branch().into_lowered()))
    }

    /// `END` without ELSE: NULL where no condition holds, hence `Option`.
    pub fn end(self) -> Expr<Option<V::Sql>> {
        self.build(None)
    }

    fn build<U>(self, otherwise: Option<PerDialect<SimpleExpr>>) -> Expr<U> {
        let count = self.branches.len();
        let mut parts = Vec::with_capacity(count * 2 + 1);
        for (condition, then) in self.branches {
            parts.push(condition);
            parts.push(then);
        }
        let has_else = otherwise.is_some();
        parts.extend(otherwise);
        let parts = PerDialect::collect(parts);
        Expr::lowered(parts.map(|parts| {
            let mut parts = parts.into_iter();
            let mut case = CaseStatement::new();
            for _ in 0..count {
                let condition = parts.next().expect("a condition per branch");
                let then = parts.next().expect("a value per branch");
                case = case.case(condition, then);
            }
            if has_else {
                case = case.finally(parts.next().expect("the ELSE value"));
            }
            case.into()
        }))
    }
}

/// A value allowed as a branch of a CASE of type `V`: a value, column or expression of
/// type `V`, or of the non-null type when `V` is nullable.
pub trait Branch<V> {
    /// The branch value as an expression.
    fn into_branch(self) -> Expr<V>;
}

impl<S: SqlType> Branch<S> for S {
    fn into_branch(self) -> Expr<S> {
        self.into_typed()
    }
}

impl<S: SqlType> Branch<Option<S>> for S {
    fn into_branch(self) -> Expr<Option<S>> {
        self.into_typed().retype()
    }
}

impl<S: SqlType> Branch<Option<S>> for Option<S> {
    fn into_branch(self) -> Expr<Option<S>> {
        self.into_typed()
    }
}

impl Branch<String> for &str {
    fn into_branch(self) -> Expr<String> {
        self.into_typed()
    }
}

impl Branch<Option<String>> for &str {
    fn into_branch(self) -> Expr<Option<String>> {
        self.into_typed().retype()
    }
}

impl<T: Table, V: ColumnValue> Branch<V> for Column<T, V> {
    fn into_branch(self) -> Expr<V> {
        self.expr()
    }
}

impl<T: Table, S: SqlType> Branch<Option<S>> for Column<T, S> {
    fn into_branch(self) -> Expr<Option<S>> {
        self.expr().retype()
    }
}

impl<V: ColumnValue> Branch<V> for Expr<V> {
    fn into_branch(self) -> Expr<V> {
        self
    }
}

impl<S: SqlType> Branch<Option<S>> for Expr<S> {
    fn into_branch(self) -> Expr<Option<S>> {
        self.retype()
    }
}

/// A Rust type an expression can be `CAST` to, with the SQL type each database names for it.
pub trait CastTarget: SqlType {
    /// `CAST(expr AS …)` for `dialect`: usually `CAST`, but SQLite has no date type to cast
    /// to and uses `DATE(expr)`.
    fn cast(expr: SimpleExpr, dialect: Dialect) -> SimpleExpr;
}

macro_rules! cast_target {
    ($($ty:ty => $sqlite:literal, $postgres:literal, $mysql:literal;)*) => {$(
        impl CastTarget for $ty {
            fn cast(expr: SimpleExpr, dialect: Dialect) -> SimpleExpr {
                cast_as(expr, match dialect {
                    Dialect::Sqlite => $sqlite,
                    Dialect::Postgres => $postgres,
                    Dialect::Mysql => $mysql,
                })
            }
        }
    )*};
}

// MySQL casts to SIGNED (a BIGINT); i16/i32 read it back with a range check.
cast_target! {
    i16 => "INTEGER", "SMALLINT", "SIGNED";
    i32 => "INTEGER", "INTEGER", "SIGNED";
    i64 => "INTEGER", "BIGINT", "SIGNED";
    f64 => "REAL", "DOUBLE PRECISION", "DOUBLE";
    String => "TEXT", "TEXT", "CHAR";
    Decimal => "NUMERIC", "NUMERIC", "DECIMAL(65,30)";
}

impl CastTarget for NaiveDate {
    fn cast(expr: SimpleExpr, dialect: Dialect) -> SimpleExpr {
        match dialect {
            // SQLite's CAST(… AS DATE) is a numeric conversion; DATE() reads ISO dates and
            // timestamps and writes YYYY-MM-DD.
            Dialect::Sqlite => sea_query::Func::cust("DATE").arg(expr).into(),
            Dialect::Postgres | Dialect::Mysql => cast_as(expr, "DATE"),
        }
    }
}

fn cast<V: Nullability, S: CastTarget>(expr: Expr<V>) -> Expr<V::With<S>> {
    per_dialect(vec![expr.into_lowered()], |dialect, mut args| {
        S::cast(args.remove(0), dialect)
    })
}

impl<T: Table, V: Nullability> Column<T, V> {
    /// `CAST(self AS …)`: this column converted to the Rust type `S`, NULL staying NULL.
    ///
    /// The SQL type per database: `i64` SQLite `INTEGER`, PostgreSQL `BIGINT`, MySQL
    /// `SIGNED`; `f64` `REAL` / `DOUBLE PRECISION` / `DOUBLE`; `String` `TEXT` / `TEXT` /
    /// `CHAR`; `Decimal` `NUMERIC` / `NUMERIC` / `DECIMAL(65,30)`; `NaiveDate` SQLite
    /// `DATE(x)`, elsewhere `DATE`. Text that is not a number fails on PostgreSQL and
    /// becomes 0 (or its numeric prefix) on SQLite and MySQL; a float's text differs in
    /// trailing zeros (`1.0` on SQLite, `1` elsewhere).
    pub fn cast<S: CastTarget>(self) -> Expr<V::With<S>> {
        cast(self.expr())
    }
}

impl<V: Nullability> Expr<V> {
    /// `CAST(self AS …)`: this expression converted to the Rust type `S`, NULL staying
    /// NULL; see [`Column::cast`].
    pub fn cast<S: CastTarget>(self) -> Expr<V::With<S>> {
        cast(self)
    }
}
