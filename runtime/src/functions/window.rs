//! Window functions: `ROW_NUMBER()`, `RANK()`, `DENSE_RANK()`, `LAG`, `LEAD` and the aggregates computed
//! over a window of rows rather than collapsing them (`sum(x).over(window)`), usable in a
//! select list.
//!
//! A [`Window`] is `PARTITION BY` zero or more expressions and `ORDER BY` zero or more sort
//! keys ([`Order`], with `desc()` and NULLS FIRST/LAST, emulated on MySQL with `x IS NULL`
//! keys as in a statement's ORDER BY). Without a frame, an ordered window runs from the
//! first row of the partition to the current row and its peers, so `sum(x)` over an
//! ordered window is a running total. SQLite (≥ 3.25), PostgreSQL and MariaDB (≥ 10.2) /
//! MySQL (≥ 8) all have window functions.
//!
//! ```
//! use retort::functions::{Window, rank, sum};
//! use retort::Dialect;
//! # use retort::__doc_tables::{posts, Posts};
//! let by_user = Window::new().partition_by(posts::USER_ID).order_by(posts::ID.desc());
//! let q = retort::select((posts::ID, rank().over(by_user.clone()), sum(posts::ID).over(by_user)))
//!     .from(Posts);
//! let _: &retort::Select<(i64, i64, Option<i64>), _> = &q;
//! assert_eq!(
//!     q.sql(Dialect::Postgres).unwrap(),
//!     r#"SELECT "posts"."id", RANK() OVER (PARTITION BY "posts"."user_id" ORDER BY "posts"."id" DESC), "#
//!         .to_owned()
//!         + r#"SUM("posts"."id") OVER (PARTITION BY "posts"."user_id" ORDER BY "posts"."id" DESC) FROM "posts""#
//! );
//! ```

use std::marker::PhantomData;

use sea_query::{Func, NullOrdering, SimpleExpr};

use super::{Operand, per_dialect, template};
use crate::dialect::Dialect;
use crate::expr::{Expr, Order};
use crate::per_dialect::{PerDialect, Refusal, refusal};
use crate::value::ColumnValue;

/// `OVER (PARTITION BY … ORDER BY …)`: the rows a window function sees.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Window {
    partition: Vec<PerDialect<SimpleExpr>>,
    order: Vec<Order>,
}

impl Window {
    /// The whole result as one partition, unordered: `OVER ()`.
    pub fn new() -> Window {
        Window::default()
    }

    /// Adds `expr` to `PARTITION BY`: rows with equal values form one partition.
    pub fn partition_by(mut self, expr: impl Operand) -> Window {
        self.partition.push(expr.into_typed().into_lowered());
        self
    }

    /// Adds a sort key to the window's `ORDER BY`: a column or expression (ascending) or an
    /// [`Order`] such as `posts::ID.desc()`.
    pub fn order_by(mut self, key: impl Into<Order>) -> Window {
        self.order.push(key.into());
        self
    }

    /// `function OVER (…)`, where `function` is the SQL of the first argument (`?`).
    fn apply<V>(self, function: &'static str, args: Vec<PerDialect<SimpleExpr>>) -> Expr<V> {
        let Window { partition, order } = self;
        let leading = args.len();
        let partitions = partition.len();
        let mut all = args;
        all.extend(partition);
        let keys: Vec<(sea_query::Order, Option<NullOrdering>)> = order
            .iter()
            .map(|key| (key.direction.clone(), key.nulls))
            .collect();
        all.extend(order.into_iter().map(|key| key.expr));
        per_dialect(all, move |dialect, all| {
            let mut all = all.into_iter();
            let mut args: Vec<SimpleExpr> = all.by_ref().take(leading).collect();
            let mut sql = format!("{function} OVER (");
            if partitions > 0 {
                sql.push_str("PARTITION BY ");
                sql.push_str(&vec!["?"; partitions].join(", "));
                args.extend(all.by_ref().take(partitions));
            }
            if !keys.is_empty() {
                if partitions > 0 {
                    sql.push(' ');
                }
                sql.push_str("ORDER BY ");
                let mut terms = Vec::new();
                for ((direction, nulls), expr) in keys.iter().zip(all.by_ref()) {
                    let direction = match direction {
                        sea_query::Order::Desc => "DESC",
                        _ => "ASC",
                    };
                    match (dialect, nulls) {
                        (_, None) => terms.push(format!("? {direction}")),
                        // MySQL has no NULLS FIRST / LAST: sort on `x IS NULL` first.
                        (Dialect::Mysql, Some(nulls)) => {
                            let first = matches!(nulls, NullOrdering::First);
                            let null_key = if first { "DESC" } else { "ASC" };
                            terms.push(format!("? IS NULL {null_key}, ? {direction}"));
                            args.push(expr.clone());
                        }
                        (Dialect::Sqlite | Dialect::Postgres, Some(nulls)) => {
                            let nulls = match nulls {
                                NullOrdering::First => "FIRST",
                                NullOrdering::Last => "LAST",
                            };
                            terms.push(format!("? {direction} NULLS {nulls}"));
                        }
                    }
                    args.push(expr);
                }
                sql.push_str(&terms.join(", "));
            }
            sql.push(')');
            template(dialect, &sql, args)
        })
    }
}

/// A window function, which needs `.over(window)` to be an expression.
#[derive(Debug, Clone)]
#[must_use = "a window function is used through .over(window)"]
pub struct WindowFunction<V> {
    /// The call, with `?` for each of `args`.
    sql: &'static str,
    args: Vec<PerDialect<SimpleExpr>>,
    _marker: PhantomData<fn() -> V>,
}

impl<V> WindowFunction<V> {
    fn new(sql: &'static str, args: Vec<PerDialect<SimpleExpr>>) -> Self {
        WindowFunction {
            sql,
            args,
            _marker: PhantomData,
        }
    }

    /// `function(…) OVER (window)`.
    pub fn over(self, window: Window) -> Expr<V> {
        window.apply(self.sql, self.args)
    }
}

/// `ROW_NUMBER()`: 1, 2, 3… in the window's order, within each partition.
pub fn row_number() -> WindowFunction<i64> {
    WindowFunction::new("ROW_NUMBER()", Vec::new())
}

/// `RANK()`: the row's rank in the window's order; peers share a rank and leave a gap
/// (1, 1, 3).
pub fn rank() -> WindowFunction<i64> {
    WindowFunction::new("RANK()", Vec::new())
}

/// `DENSE_RANK()`: like [`rank`] without gaps (1, 1, 2).
pub fn dense_rank() -> WindowFunction<i64> {
    WindowFunction::new("DENSE_RANK()", Vec::new())
}

/// `LAG(expr)`: `expr` on the previous row of the partition, in the window's order; `None`
/// on the first row.
pub fn lag<E: Operand>(expr: E) -> WindowFunction<Option<<E::Value as ColumnValue>::Sql>> {
    WindowFunction::new("LAG(?)", vec![expr.into_typed().into_lowered()])
}

/// `LEAD(expr)`: `expr` on the next row of the partition, in the window's order; `None`
/// on the last row.
pub fn lead<E: Operand>(expr: E) -> WindowFunction<Option<<E::Value as ColumnValue>::Sql>> {
    WindowFunction::new("LEAD(?)", vec![expr.into_typed().into_lowered()])
}

/// Whether `expr` is an aggregate that may take an OVER clause: COUNT, SUM, AVG, MIN or MAX
/// without DISTINCT (no database has DISTINCT in a window aggregate).
fn windowable(expr: &SimpleExpr) -> bool {
    match expr {
        SimpleExpr::FunctionCall(call) => {
            matches!(
                call.get_func(),
                Func::Count | Func::Sum | Func::Avg | Func::Min | Func::Max
            ) && !call.get_mods().iter().any(|m| m.distinct)
        }
        SimpleExpr::Custom(sql) => sql == "COUNT(*)",
        _ => false,
    }
}

impl<V> Expr<V> {
    /// `aggregate OVER (window)`: the aggregate (`count_all`, `count`, `sum`, `avg`, `min`,
    /// `max`) over each row's window instead of per group, one value per row, typed as the
    /// aggregate. On any other expression (or `count_distinct`), rendering the statement
    /// fails with [`InvalidStatement`](crate::Error::InvalidStatement).
    pub fn over(self, window: Window) -> Expr<V> {
        let checked = self.into_lowered().map(|expr| {
            if windowable(&expr) {
                expr
            } else {
                refusal(
                    Refusal::Invalid,
                    "OVER applies to count, sum, avg, min and max (without DISTINCT) \
                     and to window functions",
                )
            }
        });
        window.apply("?", vec![checked])
    }
}
