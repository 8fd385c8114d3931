//! A query or statement rendered once per dialect and run many times.

use std::borrow::Cow;
use std::sync::OnceLock;

use sea_query::Values;

use super::{Query, Rendered, Statement};
use crate::dialect::Dialect;
use crate::error::Result;
use crate::per_dialect;

/// A query or statement that renders its SQL once per dialect and keeps it, for a hot path
/// that runs the same statement again and again.
///
/// Running a typed statement renders it with sea-query every time (about a microsecond for
/// a small SELECT, more than the database takes to run it from its statement cache). Build
/// the statement once, wrap it in `Prepared`, and run it by reference: each run reuses the
/// rendered SQL and its bound values, and the driver's cache of prepared statements (keyed
/// by that SQL) reuses the database's plan. It runs wherever the statement does —
/// [`Connection::all`](crate::Connection::all), [`Connection::execute`](crate::Connection::execute),
/// a transaction — on any dialect.
///
/// The values are those bound when the statement was built: a query whose values change
/// from run to run is built again (or prepared once per set of values).
///
/// ```
/// # use retort::__doc_tables::{self as blog, users};
/// use retort::prelude::*;
/// use retort::Prepared;
///
/// let engine = retort::Engine::connect("sqlite::memory:")?;
/// blog::metadata().create_all(&engine)?;
/// let mut conn = engine.connection()?;
/// conn.insert(users::NewUser { name: "Ada".into(), email: None })?;
///
/// let all_users = Prepared::new(users::table().select());
/// for _ in 0..3 {
///     let rows = conn.all(&all_users)?;   // rendered on the first run only
///     assert_eq!(rows.len(), 1);
/// }
/// # Ok::<(), retort::Error>(())
/// ```
pub struct Prepared<Q> {
    statement: Q,
    /// The rendering for each dialect (indexed as [`PerDialect`](crate::per_dialect)),
    /// made on the first run there.
    rendered: [OnceLock<(String, Values)>; 3],
}

impl<Q> Prepared<Q> {
    /// Wraps `statement`; nothing is rendered until it first runs.
    pub fn new(statement: Q) -> Self {
        Prepared {
            statement,
            rendered: Default::default(),
        }
    }

    /// The statement it renders.
    pub fn statement(&self) -> &Q {
        &self.statement
    }

    /// Unwraps the statement, dropping its renderings.
    pub fn into_statement(self) -> Q {
        self.statement
    }

    /// The rendering for `dialect`, made by `render` the first time. A rendering that
    /// fails (a statement this dialect cannot run) is not kept: each run reports it.
    fn rendering(
        &self,
        dialect: Dialect,
        render: impl FnOnce(&Q) -> Result<(String, Values)>,
    ) -> Result<&(String, Values)> {
        let slot = &self.rendered[per_dialect::index(dialect)];
        if let Some(rendered) = slot.get() {
            return Ok(rendered);
        }
        let rendered = render(&self.statement)?;
        Ok(slot.get_or_init(|| rendered))
    }
}

impl<Q: Clone> Clone for Prepared<Q> {
    fn clone(&self) -> Self {
        Prepared {
            statement: self.statement.clone(),
            rendered: self.rendered.clone(),
        }
    }
}

impl<Q: std::fmt::Debug> std::fmt::Debug for Prepared<Q> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("statement", &self.statement)
            .finish_non_exhaustive()
    }
}

impl<Q: Query> Query for Prepared<Q> {
    type Row = Q::Row;
    type Decoder = Q::Decoder;
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        self.rendering(dialect, |query| query.to_sql(dialect))
            .cloned()
    }
    fn rendered(&self, dialect: Dialect) -> Result<Rendered<'_>> {
        self.rendering(dialect, |query| query.to_sql(dialect))
            .map(Cow::Borrowed)
    }
}

impl<S: Statement> Statement for Prepared<S> {
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        self.rendering(dialect, |statement| statement.to_sql(dialect))
            .cloned()
    }
    fn rendered(&self, dialect: Dialect) -> Result<Rendered<'_>> {
        self.rendering(dialect, |statement| statement.to_sql(dialect))
            .map(Cow::Borrowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::__doc_tables::users;
    use crate::table::Table;

    #[test]
    fn renders_once_per_dialect_and_matches_the_statement() {
        let query = users::table().select().filter(users::NAME.eq("Ada"));
        let prepared = Prepared::new(query.clone());
        for dialect in [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql] {
            let direct = Query::to_sql(&query, dialect).unwrap();
            let first = Query::to_sql(&prepared, dialect).unwrap();
            assert_eq!(first, direct);
            let kept = prepared.rendered[per_dialect::index(dialect)]
                .get()
                .expect("kept after the first rendering");
            assert_eq!(kept, &direct);
            let rendered = Query::rendered(&prepared, dialect).unwrap();
            assert!(
                matches!(rendered, Cow::Borrowed(_)),
                "kept, not rendered again"
            );
            assert_eq!(*rendered, direct);
        }
    }
}
