//! Text functions, with the same meaning on every database: lengths count characters (not
//! bytes), positions start at 1, NULL in gives NULL out.
//!
//! Each takes a text [`Operand`] (a column, an expression or a `&str`/`String`) and keeps its
//! nullability. One difference remains: SQLite's `LOWER` and `UPPER` change ASCII letters
//! only (`'É'` stays `'É'`), PostgreSQL and MySQL change every letter.
//!
//! ```
//! use retort::functions::{length, lower, substring};
//! use retort::Dialect;
//! # use retort::__doc_tables::{users, Users};
//! let q = retort::select((lower(users::NAME), length(users::EMAIL), substring(users::NAME, 1, Some(3))))
//!     .from(Users);
//! let _: &retort::Select<(String, Option<i64>, String), _> = &q;
//! assert_eq!(
//!     q.sql(Dialect::Mysql).unwrap(),
//!     "SELECT LOWER(`users`.`name`), CHAR_LENGTH(`users`.`email`), \
//!      SUBSTR(`users`.`name`, ?, ?) FROM `users`"
//! );
//! ```

use sea_query::{Func, SimpleExpr};

use super::{Nullability, Operand, call, per_dialect};
use crate::dialect::Dialect;
use crate::expr::{Expr, IntoExpr, concatenate};
use crate::per_dialect::{PerDialect, Refusal, refusal};
use crate::value::ColumnValue;

/// `LOWER(text)`: lower case (ASCII letters only on SQLite).
pub fn lower<E>(text: E) -> Expr<E::Value>
where
    E: Operand,
    E::Value: ColumnValue<Sql = String>,
{
    call("LOWER", vec![text.into_typed().into_lowered()])
}

/// `UPPER(text)`: upper case (ASCII letters only on SQLite).
pub fn upper<E>(text: E) -> Expr<E::Value>
where
    E: Operand,
    E::Value: ColumnValue<Sql = String>,
{
    call("UPPER", vec![text.into_typed().into_lowered()])
}

/// The length of `text` in characters: `LENGTH` on SQLite, `CHAR_LENGTH` on PostgreSQL and
/// MySQL (whose `LENGTH` counts bytes).
pub fn length<E>(text: E) -> Expr<<E::Value as Nullability>::With<i64>>
where
    E: Operand,
    E::Value: ColumnValue<Sql = String>,
{
    per_dialect(vec![text.into_typed().into_lowered()], |dialect, args| {
        let name = match dialect {
            Dialect::Sqlite => "LENGTH",
            Dialect::Postgres | Dialect::Mysql => "CHAR_LENGTH",
        };
        Func::cust(name).args(args).into()
    })
}

/// `TRIM(text)`: without leading and trailing spaces.
pub fn trim<E>(text: E) -> Expr<E::Value>
where
    E: Operand,
    E::Value: ColumnValue<Sql = String>,
{
    call("TRIM", vec![text.into_typed().into_lowered()])
}

/// `LTRIM(text)`: without leading spaces.
pub fn ltrim<E>(text: E) -> Expr<E::Value>
where
    E: Operand,
    E::Value: ColumnValue<Sql = String>,
{
    call("LTRIM", vec![text.into_typed().into_lowered()])
}

/// `RTRIM(text)`: without trailing spaces.
pub fn rtrim<E>(text: E) -> Expr<E::Value>
where
    E: Operand,
    E::Value: ColumnValue<Sql = String>,
{
    call("RTRIM", vec![text.into_typed().into_lowered()])
}

/// `SUBSTR(text, from, length)`: the characters of `text` from position `from` (the first
/// is 1), at most `length` of them, or to the end without one. Empty when `from` is past
/// the end. A `from` of 0 is an [`InvalidStatement`](crate::Error::InvalidStatement)
/// error when the statement is rendered: databases disagree on what it means.
pub fn substring<E>(text: E, from: u32, length: Option<u32>) -> Expr<E::Value>
where
    E: Operand,
    E::Value: ColumnValue<Sql = String>,
{
    if from == 0 {
        return Expr::from_sea(refusal(
            Refusal::Invalid,
            "substring positions start at 1, not 0",
        ));
    }
    let mut args = vec![
        text.into_typed().into_lowered(),
        PerDialect::Shared(SimpleExpr::Value(i64::from(from).into())),
    ];
    args.extend(length.map(|n| PerDialect::Shared(SimpleExpr::Value(i64::from(n).into()))));
    call("SUBSTR", args)
}

/// `REPLACE(text, from, to)`: every occurrence of `from` replaced by `to`, case-sensitively.
/// NULL where any argument is.
#[allow(clippy::type_complexity)] // the nullability of three operands
pub fn replace<E, F, T>(
    text: E,
    from: F,
    to: T,
) -> Expr<<<E::Value as Nullability>::Or<F::Value> as Nullability>::Or<T::Value>>
where
    E: Operand,
    F: IntoExpr<String>,
    T: IntoExpr<String>,
    E::Value: ColumnValue<Sql = String>,
{
    call(
        "REPLACE",
        vec![
            text.into_typed().into_lowered(),
            from.into_expr().into_lowered(),
            to.into_expr().into_lowered(),
        ],
    )
}

/// `first || part || …` (nested `CONCAT` on MySQL): the texts joined, NULL where `first`
/// or any part is NULL, on every database (PostgreSQL's and SQLite's `CONCAT()` would skip
/// NULLs, which is why it is not used), so `Option<String>` when any can be NULL. The parts
/// share one Rust type; for mixed ones chain [`Expr::concat`].
pub fn concat<E, R>(
    first: E,
    parts: impl IntoIterator<Item = R>,
) -> Expr<<E::Value as Nullability>::Or<R::Value>>
where
    E: Operand,
    E::Value: ColumnValue<Sql = String>,
    R: Operand,
    R::Value: ColumnValue<Sql = String>,
{
    let joined = parts
        .into_iter()
        .fold(first.into_typed().into_lowered(), |joined, part| {
            concatenate::<String>(joined, part.into_typed().into_lowered()).into_lowered()
        });
    Expr::lowered(joined)
}
