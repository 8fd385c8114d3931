//! INSERT: one row, or many rows split into as few multi-row statements as the database's
//! bound-parameter limit allows (`Insert::many`).

use sea_query::{InsertStatement, Values};

use super::Statement;
use super::returning::{Returning, WriteStatement};
use super::upsert::{Assignable, ColumnList, OnConflict};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::expr::{Selection, column_value};
use crate::limits;
use crate::per_dialect::{PerDialect, Refusal};
use crate::query::{Select, Tables};
use crate::row::FromRow;
use crate::table::{Insertable, Table};

/// The columns and values of one row to insert, as [`Insertable::into_values`] gives them.
pub(crate) type RowValues = Vec<(&'static str, sea_query::Value)>;

/// An INSERT of table `T`: one row from a generated insert struct ([`Insert::new`]), the
/// rows of a query ([`Insert::from_select`]), or several rows that set the same columns
/// (built by [`Connection::insert_many`](crate::Connection::insert_many)).
///
/// [`Connection::insert`](crate::Connection::insert) is the usual way in for one row; this
/// type is for running the statement yourself, with [`Insert::on_conflict`] (upsert) or
/// [`Insert::returning`].
///
/// ```
/// # use retort::{Dialect, Insert, OnConflict, Statement};
/// # use retort::__doc_tables::users;
/// let row = users::NewUser { name: "Ada".into(), email: Some("ada@example.com".into()) };
/// let upsert = Insert::new(row).on_conflict(OnConflict::columns(users::EMAIL).do_update(users::NAME));
/// assert_eq!(
///     upsert.to_sql(Dialect::Postgres).unwrap().0,
///     r#"INSERT INTO "users" ("name", "email") VALUES ($1, $2) ON CONFLICT ("email") DO UPDATE SET "name" = "excluded"."name""#
/// );
/// ```
#[derive(Debug, Clone)]
pub struct Insert<T> {
    statement: PerDialect<InsertStatement>,
    /// Why the statement must not be run (a value that does not fit its column, see
    /// [`crate::limits`]; an upsert built wrong): it is reported before anything is sent.
    refused: Option<(Refusal, String)>,
    _table: std::marker::PhantomData<fn() -> T>,
}

impl<T: Table> Insert<T> {
    /// `INSERT INTO <table> (<set columns>) VALUES (…)`, or `DEFAULT VALUES` when every
    /// column is left to the database. A value that does not fit its column's declared
    /// size (a decimal's scale or precision, a `varchar(n)`'s length) makes the statement
    /// fail with [`Error::Unsupported`] before it is sent.
    pub fn new<I: Insertable<Table = T>>(row: I) -> Self {
        Insert::from_values(row.into_values())
    }

    /// One multi-row `INSERT … VALUES (…), (…)` of `rows`, which must all set the same
    /// columns (rows of one insert struct do, unless they leave different defaulted columns
    /// unset): for [`Insert::returning`] or an upsert over several rows. Rows that do not,
    /// or no rows at all, make the statement [`Error::InvalidStatement`]; a value that does
    /// not fit its column is [`Error::Unsupported`]. Large batches are better left to
    /// [`Connection::insert_many`](crate::Connection::insert_many), which splits them
    /// within the database's parameter limit.
    pub fn new_many<I: Insertable<Table = T>>(rows: impl IntoIterator<Item = I>) -> Self {
        let rows: Vec<RowValues> = rows.into_iter().map(Insertable::into_values).collect();
        let refused = match check_sizes::<T>(&rows) {
            Err(Error::Unsupported(problem)) => Some((Refusal::Unsupported, problem)),
            _ => None,
        };
        let mut batches = batches(rows, usize::MAX);
        let mut insert = match batches.len() {
            1 => {
                let (columns, rows) = batches.remove(0);
                Insert::from_rows(columns, rows)
            }
            count => {
                let mut insert = Insert::from_rows(Vec::new(), vec![Vec::new()]);
                insert.refused = Some((
                    Refusal::Invalid,
                    if count == 0 {
                        format!("INSERT INTO `{}` of no rows", T::NAME)
                    } else {
                        format!(
                            "the rows inserted into `{}` in one statement set different \
                             columns (or none); use Connection::insert_many",
                            T::NAME
                        )
                    },
                ));
                insert
            }
        };
        if refused.is_some() {
            insert.refused = refused;
        }
        insert
    }

    /// `INSERT INTO <table> (<columns>) SELECT …`: inserts every row of `query` into
    /// `columns` of `T`, in order. The query's row type must match the columns' types (a
    /// NOT NULL value may go into a nullable column, not the reverse), so a mismatch does
    /// not compile. Run it with [`Connection::execute`](crate::Connection::execute), which
    /// returns the number of rows inserted.
    ///
    /// ```
    /// # use retort::{select, Dialect, Insert, Statement};
    /// # use retort::__doc_tables::{posts, users, Posts};
    /// // A user named after each post title.
    /// let insert = Insert::from_select((users::NAME, users::EMAIL), select((posts::TITLE, posts::TITLE)).from(Posts));
    /// assert_eq!(
    ///     insert.to_sql(Dialect::Sqlite).unwrap().0,
    ///     r#"INSERT INTO "users" ("name", "email") SELECT "posts"."title", "posts"."title" FROM "posts""#
    /// );
    /// ```
    pub fn from_select<C, R, Tb>(columns: C, query: Select<R, Tb>) -> Self
    where
        C: ColumnList<T>,
        R: FromRow,
        Tb: Tables,
        R::Output: Assignable<C::Values>,
    {
        let names = columns.names();
        let mut refused = None;
        let statement = query.into_statements().map(|select| {
            let mut statement = InsertStatement::new();
            statement.into_table(T::NAME).columns(names.iter().copied());
            // Only a query built from a raw sea-query statement can select another number
            // of columns than its row type says.
            if let Err(error) = statement.select_from(select) {
                refused = Some((
                    Refusal::Invalid,
                    format!("INSERT INTO `{}` … SELECT: {error}", T::NAME),
                ));
            }
            statement
        });
        Insert {
            statement,
            refused,
            _table: std::marker::PhantomData,
        }
    }

    /// The INSERT of columns and values taken from an insert struct.
    pub(crate) fn from_values(values: RowValues) -> Self {
        let refused = limits::first_refusal::<T>(&values).map(|r| (Refusal::Unsupported, r));
        let (columns, values): (Vec<&'static str>, Vec<sea_query::Value>) =
            values.into_iter().unzip();
        Insert {
            refused,
            ..Insert::from_rows(columns, vec![values])
        }
    }

    /// The INSERTs of `rows`, in order, each binding at most as many values as `dialect`
    /// allows (see [`parameter_limit`]).
    ///
    /// Consecutive rows that set the same columns share a multi-row
    /// `INSERT … VALUES (…), (…)`, split into statements of at most
    /// `<limit> / <columns>` rows. A row that sets no column (every column left to
    /// the database) is an INSERT of its own. Every value is checked against its column's
    /// size first: one that does not fit is [`Error::Unsupported`], naming the row, and no
    /// statement is built.
    pub(crate) fn many(rows: Vec<RowValues>, dialect: Dialect) -> Result<Vec<Self>> {
        check_sizes::<T>(&rows)?;
        Ok(batches(rows, parameter_limit(dialect))
            .into_iter()
            .map(|(columns, rows)| Insert::from_rows(columns, rows))
            .collect())
    }

    /// `INSERT INTO <table> (<columns>) VALUES (…), (…)` with one tuple per row of `rows`,
    /// each holding the values of `columns` in order; `DEFAULT VALUES` when `columns` is
    /// empty (then `rows` is one empty row). The values are not checked against their
    /// columns' sizes.
    fn from_rows(columns: Vec<&'static str>, rows: Vec<Vec<sea_query::Value>>) -> Self {
        let mut statement = InsertStatement::new();
        statement.into_table(T::NAME);
        if columns.is_empty() {
            debug_assert!(rows.len() <= 1, "one DEFAULT VALUES row per statement");
            statement.or_default_values();
        } else {
            statement.columns(columns.iter().copied());
        }
        let mut statement = PerDialect::Shared(statement);
        for row in rows.into_iter().filter(|_| !columns.is_empty()) {
            let values = columns
                .iter()
                .zip(row)
                .map(|(column, value)| column_value::<T>(column, value));
            statement.apply(PerDialect::collect(values), |statement, values| {
                statement.values_panic(values);
            });
        }
        Insert {
            statement,
            refused: None,
            _table: std::marker::PhantomData,
        }
    }

    /// Adds `RETURNING <columns>` (SQLite, PostgreSQL).
    pub(crate) fn returning_columns(mut self, columns: &'static [&'static str]) -> Self {
        let exprs = columns.iter().map(|column| {
            // Unqualified, as RETURNING lists them; read as text where `T` says so.
            let plain = sea_query::SimpleExpr::col(sea_query::Alias::new(*column));
            if T::TEXT_COLUMNS.iter().any(|(name, _)| name == column) {
                PerDialect::by_dialect(|dialect| match dialect {
                    Dialect::Postgres | Dialect::Sqlite => {
                        sea_query::Func::cast_as(plain.clone(), "TEXT").into()
                    }
                    Dialect::Mysql => plain.clone(),
                })
            } else {
                PerDialect::Shared(plain)
            }
        });
        self.statement
            .apply(PerDialect::collect(exprs), |statement, exprs| {
                statement.returning(sea_query::Query::returning().exprs(exprs));
            });
        self
    }

    /// What to do when a row conflicts with an existing one on a unique key: an upsert
    /// (see [`OnConflict`] for the SQL per database). A later call replaces an earlier one.
    pub fn on_conflict(mut self, on_conflict: OnConflict<T>) -> Self {
        match on_conflict.into_sea() {
            Ok(clauses) => self.statement.apply(clauses, |statement, clause| {
                statement.on_conflict(clause);
            }),
            Err(problem) => {
                self.refused.get_or_insert((Refusal::Invalid, problem));
            }
        }
        self
    }

    /// `INSERT … RETURNING <selection>`: reads back columns or expressions of the rows
    /// written (run it with [`Connection::all`](crate::Connection::all)). PostgreSQL and
    /// SQLite only: MySQL has no `INSERT … RETURNING`, so there it is
    /// [`Error::Unsupported`]; use [`Connection::insert`](crate::Connection::insert) or
    /// [`Connection::insert_many_keys`](crate::Connection::insert_many_keys) to get the
    /// generated keys on every database.
    ///
    /// ```
    /// # use retort::{Dialect, Insert, Query};
    /// # use retort::__doc_tables::users;
    /// let row = users::NewUser { name: "Ada".into(), email: None };
    /// let insert = Insert::new(row).returning((users::ID, users::NAME));
    /// assert_eq!(
    ///     insert.to_sql(Dialect::Postgres).unwrap().0,
    ///     r#"INSERT INTO "users" ("name", "email") VALUES ($1, $2) RETURNING "users"."id", "users"."name""#
    /// );
    /// ```
    pub fn returning<S: Selection>(self, selection: S) -> Returning<S::Output> {
        let refused = self.refused.clone();
        Returning::new(
            self.statement.map(WriteStatement::Insert),
            refused,
            selection,
        )
    }
}

impl<T: Table> Statement for Insert<T> {
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        if let Some((kind, problem)) = &self.refused {
            return Err(refused(*kind, problem));
        }
        dialect.build_query(self.statement.get(dialect))
    }
}

/// The error for a statement refused while it was built.
pub(crate) fn refused(kind: Refusal, problem: &str) -> Error {
    match kind {
        Refusal::Unsupported => Error::Unsupported(problem.to_owned()),
        Refusal::Invalid => Error::InvalidStatement(problem.to_owned()),
    }
}

/// The most values one statement may bind on `dialect`: SQLite's
/// `SQLITE_MAX_VARIABLE_NUMBER` (32766 since SQLite 3.32; the bundled library is newer),
/// and the 16-bit parameter count of PostgreSQL's wire protocol and of MySQL's prepared
/// statements (65535).
fn parameter_limit(dialect: Dialect) -> usize {
    match dialect {
        Dialect::Sqlite => 32_766,
        Dialect::Postgres | Dialect::Mysql => 65_535,
    }
}

/// [`Error::Unsupported`] for the first value of `rows` that does not fit its column of `T`
/// (see [`crate::limits`]), naming its row (counted from 0).
fn check_sizes<T: Table>(rows: &[RowValues]) -> Result<()> {
    match rows
        .iter()
        .enumerate()
        .find_map(|(index, row)| Some((index, limits::first_refusal::<T>(row)?)))
    {
        Some((index, refused)) => Err(Error::Unsupported(format!("row {index}: {refused}"))),
        None => Ok(()),
    }
}

/// `rows` grouped for multi-row INSERTs, in order: runs of consecutive rows that set the
/// same columns (in the same order), each split into batches that bind at most
/// `max_parameters` values; a row that sets no column is a batch of its own. Each batch is
/// its columns and its rows' values in column order.
fn batches(
    rows: Vec<RowValues>,
    max_parameters: usize,
) -> Vec<(Vec<&'static str>, Vec<Vec<sea_query::Value>>)> {
    let mut batches: Vec<(Vec<&'static str>, Vec<Vec<sea_query::Value>>)> = Vec::new();
    for row in rows {
        let (columns, values): (Vec<&'static str>, Vec<sea_query::Value>) = row.into_iter().unzip();
        let rows_per_batch = (max_parameters / columns.len().max(1)).max(1);
        match batches.last_mut() {
            Some((open_columns, open_rows))
                if !columns.is_empty()
                    && *open_columns == columns
                    && open_rows.len() < rows_per_batch =>
            {
                open_rows.push(values);
            }
            _ => batches.push((columns, vec![values])),
        }
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::{RowValues, batches};
    use sea_query::Value;

    fn row(columns: &[&'static str]) -> RowValues {
        columns
            .iter()
            .map(|column| (*column, Value::Int(Some(1))))
            .collect()
    }

    /// Each batch as (its columns, its number of rows).
    fn shape(rows: Vec<RowValues>, max_parameters: usize) -> Vec<(Vec<&'static str>, usize)> {
        batches(rows, max_parameters)
            .into_iter()
            .map(|(columns, rows)| (columns, rows.len()))
            .collect()
    }

    #[test]
    fn rows_with_the_same_columns_share_a_statement() {
        let rows = vec![row(&["a", "b"]); 5];
        assert_eq!(shape(rows, 100), [(vec!["a", "b"], 5)]);
    }

    #[test]
    fn a_batch_binds_at_most_the_limit() {
        let rows = vec![row(&["a", "b", "c"]); 10];
        // 10 parameters: 3 rows of 3.
        assert_eq!(
            shape(rows, 10),
            [
                (vec!["a", "b", "c"], 3),
                (vec!["a", "b", "c"], 3),
                (vec!["a", "b", "c"], 3),
                (vec!["a", "b", "c"], 1),
            ]
        );
    }

    #[test]
    fn a_change_of_columns_starts_a_batch() {
        let rows = vec![row(&["a"]), row(&["a"]), row(&["a", "b"]), row(&["a"])];
        assert_eq!(
            shape(rows, 100),
            [(vec!["a"], 2), (vec!["a", "b"], 1), (vec!["a"], 1)]
        );
        // The same columns in another order are another column list.
        let rows = vec![row(&["a", "b"]), row(&["b", "a"])];
        assert_eq!(shape(rows, 100), [(vec!["a", "b"], 1), (vec!["b", "a"], 1)]);
    }

    #[test]
    fn a_row_without_columns_is_a_batch_of_its_own() {
        let rows = vec![row(&[]), row(&[]), row(&["a"]), row(&[]), row(&["a"])];
        assert_eq!(
            shape(rows, 100),
            [
                (vec![], 1),
                (vec![], 1),
                (vec!["a"], 1),
                (vec![], 1),
                (vec!["a"], 1),
            ]
        );
    }

    #[test]
    fn no_rows_no_batches() {
        assert!(batches(Vec::new(), 100).is_empty());
    }

    #[test]
    fn a_row_wider_than_the_limit_still_gets_a_batch() {
        // Cannot happen with real limits (no database has 32766 columns); the row goes
        // alone and the database reports the error.
        let rows = vec![row(&["a", "b", "c"]); 2];
        assert_eq!(
            shape(rows, 2),
            [(vec!["a", "b", "c"], 1), (vec!["a", "b", "c"], 1)]
        );
    }
}
