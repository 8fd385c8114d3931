//! SQL functions on typed expressions: aggregates with the Rust types their results decode
//! into on every database, `COALESCE`, and the traits that say which types arithmetic and
//! aggregates accept.
//!
//! ```
//! use retort::functions::{avg, count_all, max, sum};
//! # use retort::__doc_tables::{users, Users};
//! let totals = retort::select((count_all(), sum(users::ID), avg(users::ID), max(users::NAME)))
//!     .from(Users);
//! // Rows decode into (i64, Option<i64>, Option<f64>, Option<String>).
//! let _: retort::Select<(i64, Option<i64>, Option<f64>, Option<String>)> = totals;
//! ```

use rust_decimal::Decimal;

use crate::value::SqlType;

mod aggregate;

pub use aggregate::{avg, coalesce, count, count_all, count_distinct, max, min, sum};

/// Column types `SUM` and `AVG` work on, and the types their results decode into: integers
/// sum to `i64` and average to `f64`; floats to `f64`; decimals to `Decimal`.
pub trait Numeric: SqlType {
    /// What `SUM` of this type decodes into.
    type Sum: SqlType;
    /// What `AVG` of this type decodes into.
    type Avg: SqlType;
    /// True for integer types, whose division truncates (`DIV` on MySQL, whose `/` would
    /// give a decimal).
    const INTEGER: bool;
}

macro_rules! numeric {
    ($($ty:ty => $sum:ty, $avg:ty, $integer:literal);* $(;)?) => {$(
        impl Numeric for $ty {
            type Sum = $sum;
            type Avg = $avg;
            const INTEGER: bool = $integer;
        }
    )*};
}

numeric! {
    i16 => i64, f64, true;
    i32 => i64, f64, true;
    i64 => i64, f64, true;
    f32 => f64, f64, false;
    f64 => f64, f64, false;
    Decimal => Decimal, Decimal, false;
}

/// Integer column types: `/` truncates and `%` is the remainder, as in Rust, on every
/// database.
pub trait Integer: Numeric {}

impl Integer for i16 {}
impl Integer for i32 {}
impl Integer for i64 {}
