//! SQL that may differ between dialects.
//!
//! Most expressions render the same everywhere and sea-query's backends take care of
//! quoting and placeholders. A few do not: MySQL divides integers with `DIV` and
//! concatenates with `CONCAT()`, PostgreSQL and SQLite with `/` and `||`. Expressions and
//! statements therefore hold a [`PerDialect`] value: one shared sea-query tree in the common
//! case, split into one tree per dialect only once something dialect-specific is mixed in.
//! Nothing is rendered until a connection asks for its own dialect's SQL.

use sea_query::SimpleExpr;

use crate::dialect::Dialect;
use crate::error::{Error, Result};

/// One value for every dialect, or one per dialect.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PerDialect<T> {
    /// The same for every dialect.
    Shared(T),
    /// Indexed by [`index`].
    Split(Box<[T; 3]>),
}

/// The position of `dialect` in a split value.
pub(crate) fn index(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Sqlite => 0,
        Dialect::Postgres => 1,
        Dialect::Mysql => 2,
    }
}

const ALL: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql];

impl<T> PerDialect<T> {
    /// A value built for each dialect by `build`.
    pub(crate) fn by_dialect(mut build: impl FnMut(Dialect) -> T) -> Self {
        PerDialect::Split(Box::new(ALL.map(&mut build)))
    }

    /// The value for `dialect`.
    pub(crate) fn get(&self, dialect: Dialect) -> &T {
        match self {
            PerDialect::Shared(value) => value,
            PerDialect::Split(values) => &values[index(dialect)],
        }
    }

    /// `f` applied to each value; a shared value stays shared.
    pub(crate) fn map<U>(self, mut f: impl FnMut(T) -> U) -> PerDialect<U> {
        match self {
            PerDialect::Shared(value) => PerDialect::Shared(f(value)),
            PerDialect::Split(values) => {
                let [a, b, c] = *values;
                PerDialect::Split(Box::new([f(a), f(b), f(c)]))
            }
        }
    }

    /// `f` applied to each value in place.
    pub(crate) fn for_each_mut(&mut self, mut f: impl FnMut(&mut T)) {
        match self {
            PerDialect::Shared(value) => f(value),
            PerDialect::Split(values) => values.iter_mut().for_each(f),
        }
    }
}

impl<T: Clone> PerDialect<T> {
    /// The value for `dialect`, taken out.
    pub(crate) fn into_dialect(self, dialect: Dialect) -> T {
        match self {
            PerDialect::Shared(value) => value,
            PerDialect::Split(values) => {
                let [a, b, c] = *values;
                [a, b, c].into_iter().nth(index(dialect)).expect("3 values")
            }
        }
    }

    /// One value per dialect, cloning a shared one.
    fn split(self) -> [T; 3] {
        match self {
            PerDialect::Shared(value) => [value.clone(), value.clone(), value],
            PerDialect::Split(values) => *values,
        }
    }

    /// `f` applied to each dialect's value, with the dialect; always split.
    pub(crate) fn map_with_dialect<U>(self, mut f: impl FnMut(Dialect, T) -> U) -> PerDialect<U> {
        let [a, b, c] = self.split();
        PerDialect::Split(Box::new([f(ALL[0], a), f(ALL[1], b), f(ALL[2], c)]))
    }

    /// Pairs of this and `other`'s values; shared when both are.
    pub(crate) fn zip<U: Clone>(self, other: PerDialect<U>) -> PerDialect<(T, U)> {
        match (self, other) {
            (PerDialect::Shared(a), PerDialect::Shared(b)) => PerDialect::Shared((a, b)),
            (a, b) => {
                let [a0, a1, a2] = a.split();
                let [b0, b1, b2] = b.split();
                PerDialect::Split(Box::new([(a0, b0), (a1, b1), (a2, b2)]))
            }
        }
    }

    /// All the values, per dialect; shared when every one is.
    pub(crate) fn collect(values: impl IntoIterator<Item = PerDialect<T>>) -> PerDialect<Vec<T>> {
        let values: Vec<PerDialect<T>> = values.into_iter().collect();
        if values.iter().all(|v| matches!(v, PerDialect::Shared(_))) {
            return PerDialect::Shared(
                values
                    .into_iter()
                    .map(|v| v.into_dialect(Dialect::Sqlite))
                    .collect(),
            );
        }
        let mut out = [Vec::new(), Vec::new(), Vec::new()];
        for value in values {
            for (list, v) in out.iter_mut().zip(value.split()) {
                list.push(v);
            }
        }
        PerDialect::Split(Box::new(out))
    }

    /// Applies `value` to this one with `f`, each dialect's to each dialect's: the statement
    /// builders use it to add an expression. A shared value is split when `value` is.
    pub(crate) fn apply<U: Clone>(&mut self, value: PerDialect<U>, mut f: impl FnMut(&mut T, U)) {
        match (&mut *self, value) {
            (PerDialect::Shared(target), PerDialect::Shared(value)) => f(target, value),
            (PerDialect::Split(targets), value) => {
                for (target, value) in targets.iter_mut().zip(value.split()) {
                    f(target, value);
                }
            }
            (PerDialect::Shared(target), value) => {
                let mut targets = PerDialect::Shared(target.clone()).split();
                for (target, value) in targets.iter_mut().zip(value.split()) {
                    f(target, value);
                }
                *self = PerDialect::Split(Box::new(targets));
            }
        }
    }
}

/// Brackets a refusal in rendered SQL. Retort never writes it otherwise, and no value is
/// formatted into SQL text, so it cannot come from user data.
const REFUSAL_MARK: char = '\u{1}';

/// Why a statement must not be sent.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Refusal {
    /// The dialect lacks the construct: [`Error::Unsupported`].
    Unsupported,
    /// The statement was built wrong: [`Error::InvalidStatement`].
    Invalid,
}

/// A placeholder expression that makes rendering the statement holding it fail with
/// `problem` (see [`check_refusals`]). Statements put it where the problem is, for the
/// dialects it concerns; it travels with the statement into subqueries, unions and CTEs,
/// so the problem is reported however the statement is used.
pub(crate) fn refusal(kind: Refusal, problem: &str) -> SimpleExpr {
    let kind = match kind {
        Refusal::Unsupported => 'U',
        Refusal::Invalid => 'I',
    };
    let problem = problem.replace(REFUSAL_MARK, "");
    SimpleExpr::Custom(format!("{REFUSAL_MARK}{kind}{problem}{REFUSAL_MARK}").into())
}

/// The first refusal in rendered `sql`, as its error.
pub(crate) fn check_refusals(sql: &str) -> Result<()> {
    let Some(start) = sql.find(REFUSAL_MARK) else {
        return Ok(());
    };
    let rest = &sql[start + REFUSAL_MARK.len_utf8()..];
    let end = rest.find(REFUSAL_MARK).unwrap_or(rest.len());
    let mut chars = rest[..end].chars();
    let kind = chars.next();
    let problem = chars.as_str().to_owned();
    Err(match kind {
        Some('U') => Error::Unsupported(problem),
        _ => Error::InvalidStatement(problem),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_values_stay_shared_until_a_split_one_is_mixed_in() {
        let mut list = PerDialect::Shared(vec!["a"]);
        list.apply(PerDialect::Shared("b"), |l, v| l.push(v));
        assert!(matches!(list, PerDialect::Shared(_)));

        list.apply(
            PerDialect::by_dialect(|d| if d == Dialect::Mysql { "m" } else { "x" }),
            |l, v| l.push(v),
        );
        assert_eq!(list.get(Dialect::Sqlite), &["a", "b", "x"]);
        assert_eq!(list.get(Dialect::Mysql), &["a", "b", "m"]);
        assert_eq!(list.into_dialect(Dialect::Postgres), ["a", "b", "x"]);
    }

    #[test]
    fn a_refusal_anywhere_in_the_sql_is_its_error() {
        let sql = format!(
            "SELECT 1 WHERE {}",
            match refusal(Refusal::Unsupported, "no FULL JOIN") {
                SimpleExpr::Custom(text) => text.into_owned(),
                _ => unreachable!(),
            }
        );
        assert!(matches!(
            check_refusals(&sql),
            Err(Error::Unsupported(problem)) if problem == "no FULL JOIN"
        ));
        assert!(check_refusals("SELECT 1").is_ok());
    }

    #[test]
    fn collect_splits_only_when_needed() {
        let shared = PerDialect::collect([PerDialect::Shared(1), PerDialect::Shared(2)]);
        assert_eq!(shared, PerDialect::Shared(vec![1, 2]));
        let split = PerDialect::collect([
            PerDialect::Shared(1),
            PerDialect::by_dialect(|d| index(d) as i32),
        ]);
        assert_eq!(split.get(Dialect::Mysql), &vec![1, 2]);
    }
}
