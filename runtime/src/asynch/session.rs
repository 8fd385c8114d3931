//! [`AsyncSession`]: the ORM session over an async connection. Every method is the sync
//! [`Session`](crate::Session)'s, from the same list (`orm/session.rs`), running the same
//! shared code.

use crate::error::Result;
use crate::orm::SessionCore;
use crate::orm::session::SessionConnection;
use crate::orm::{Obj, SessionOptions, SessionQuery};
use crate::table::Table;

use super::connection::AsyncConnection;
use super::engine::AsyncEngine;

/// The async form of [`Session`](crate::Session): an identity map and a unit of work over
/// one async connection, with the same methods; those that may run statements are
/// `async`.
///
/// As in SQLAlchemy's asyncio extension, nothing runs a statement behind your back: a
/// relationship is loaded by an awaited [`load`](AsyncSession::load), or eagerly by a
/// query's [`selectin`](crate::selectin) or [`joined`](crate::joined) option;
/// [`loaded`](AsyncSession::loaded) reads it without I/O and is
/// [`Error::NotLoaded`](crate::Error::NotLoaded) when it was not loaded.
///
/// ```
/// # use retort::__doc_tables::{self as blog, users, Users};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> retort::Result<()> {
/// let engine = retort::AsyncEngine::connect("sqlite::memory:").await?;
/// blog::metadata().create_all(&engine).await?;
/// let mut session = engine.session().await?;
/// let ada = session.add(users::NewUser { name: "Ada".into(), email: None });
/// session.commit().await?;
/// let ada = ada.object().expect("inserted");
/// assert!(session.get::<Users>(1).await?.unwrap().is(&ada));
/// let posts = session.load(&ada, users::rel::POSTS).await?;
/// assert!(posts.is_empty());
/// # Ok(())
/// # }
/// ```
///
/// Dropped with its transaction open, it is rolled back on the connection's way back to
/// the pool.
pub struct AsyncSession {
    pub(crate) core: SessionCore,
}

impl std::fmt::Debug for AsyncSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.core.fmt(f)
    }
}

impl AsyncSession {
    /// A session over a connection of `engine`, with the default options.
    pub async fn new(engine: &AsyncEngine) -> Result<AsyncSession> {
        AsyncSession::with_options(engine, SessionOptions::default()).await
    }

    /// A session over a connection of `engine`.
    pub async fn with_options(
        engine: &AsyncEngine,
        options: SessionOptions,
    ) -> Result<AsyncSession> {
        let connection = engine.connection().await?;
        Ok(AsyncSession {
            core: SessionCore::new(SessionConnection::Async(connection), options),
        })
    }

    /// The connection, for statements outside the ORM in the session's transaction
    /// (which it begins, if none is open).
    pub async fn connection(&mut self) -> Result<&mut AsyncConnection> {
        self.core.begin().await?;
        match &mut self.core.connection {
            SessionConnection::Async(connection) => Ok(connection),
            SessionConnection::Blocking(_) => {
                unreachable!("an AsyncSession holds an async connection")
            }
        }
    }

    /// Ends the session: what was not committed is rolled back (unflushed changes
    /// discarded) and the connection is cleaned and back in the pool when this returns.
    ///
    /// Prefer it to dropping the session with a transaction open: a drop cannot wait, so
    /// the rollback then runs in a task spawned on the runtime, which holds the
    /// transaction (and its locks) open until the runtime gets to it — on a current-thread
    /// runtime, not before your code next awaits.
    pub async fn close(mut self) -> Result<()> {
        self.core.close().await
    }

    /// A query of table `T`'s objects: `session.query(Users).filter(…).all().await`.
    pub fn query<T: Table>(&mut self, table: T) -> AsyncSessionQuery<'_, T> {
        AsyncSessionQuery(SessionQuery::new(&mut self.core, table))
    }
}

/// The async form of [`SessionQuery`]; made by [`AsyncSession::query`].
pub struct AsyncSessionQuery<'s, T: Table>(SessionQuery<'s, T>);

impl<T: Table> AsyncSessionQuery<'_, T> {
    /// See [`SessionQuery::filter`].
    pub fn filter(self, predicate: crate::Expr<bool>) -> Self {
        AsyncSessionQuery(self.0.filter(predicate))
    }

    /// See [`SessionQuery::order_by`].
    pub fn order_by(self, key: impl Into<crate::expr::Order>) -> Self {
        AsyncSessionQuery(self.0.order_by(key))
    }

    /// See [`SessionQuery::limit`].
    pub fn limit(self, n: u64) -> Self {
        AsyncSessionQuery(self.0.limit(n))
    }

    /// See [`SessionQuery::offset`].
    pub fn offset(self, n: u64) -> Self {
        AsyncSessionQuery(self.0.offset(n))
    }

    /// See [`SessionQuery::options`].
    pub fn options<L: Table>(self, option: crate::LoadOption<T, L>) -> Self {
        AsyncSessionQuery(self.0.options(option))
    }

    /// The async form of [`SessionQuery::all`].
    pub async fn all(self) -> Result<Vec<Obj<T>>> {
        self.0.fetch_all().await
    }

    /// The async form of [`SessionQuery::one`].
    pub async fn one(self) -> Result<Obj<T>> {
        self.0.fetch_one().await
    }
}
