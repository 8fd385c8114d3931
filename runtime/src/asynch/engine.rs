//! [`AsyncEngine`]: a database, its dialect and an async pool of connections to it.

use std::sync::Arc;
use std::time::Duration;

use crate::connection::core::{ConnCore, Slot};
use crate::dialect::Dialect;
use crate::driver::AsyncConnector;
use crate::engine::{EngineBuilder, PoolStatus};
use crate::error::{Error, Result};
use crate::events::{ListenerId, Listeners, StatementEvent};
use crate::pool::PoolSettings;
use crate::url::{self, Target};

use super::connection::AsyncConnection;
use super::pool::{self, AsyncPool};
use super::transaction::AsyncTransaction;

/// The async form of [`Engine`](crate::Engine): a database, its dialect and a pool of
/// connections to it, used from tokio. Cheap to clone and share between tasks; clones
/// share the pool. URLs and pool settings are those of [`Engine`](crate::Engine).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> retort::Result<()> {
/// let engine = retort::AsyncEngine::connect("sqlite::memory:").await?;
/// let mut conn = engine.connection().await?;
/// conn.execute_batch("CREATE TABLE notes (body TEXT)").await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct AsyncEngine {
    inner: Arc<EngineInner>,
}

struct EngineInner {
    dialect: Dialect,
    listeners: Arc<Listeners>,
    /// The URL without password.
    url: String,
    pool: AsyncPool,
    settings: PoolSettings,
}

impl std::fmt::Debug for AsyncEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AsyncEngine")
            .field("dialect", &self.inner.dialect)
            .field("url", &self.inner.url)
            .field("pool", &self.inner.settings)
            .finish()
    }
}

impl AsyncEngine {
    /// An engine for the database at `url` with default pool settings; connects once to
    /// check that the database is reachable. The URLs of [`Engine::connect`](crate::Engine::connect).
    pub async fn connect(url: &str) -> Result<AsyncEngine> {
        AsyncEngine::builder(url).build().await
    }

    /// An [`AsyncEngineBuilder`] for `url`, to set pool sizes and timeouts in code.
    pub fn builder(url: &str) -> AsyncEngineBuilder {
        AsyncEngineBuilder {
            settings: crate::Engine::builder(url),
        }
    }

    /// The engine's dialect.
    pub fn dialect(&self) -> Dialect {
        self.inner.dialect
    }

    /// The URL, with any password removed.
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// A connection from the pool, returned to it when dropped. Waits up to the connect
    /// timeout when all connections are in use.
    pub async fn connection(&self) -> Result<AsyncConnection> {
        let pooled = self.inner.pool.get_owned().await.map_err(|e| match e {
            bb8::RunError::User(error) => error,
            bb8::RunError::TimedOut => Error::PoolTimeout {
                target: self.inner.url.clone(),
                timeout: self.inner.settings.connect_timeout,
                message: "timed out waiting for a free connection".into(),
            },
        })?;
        Ok(AsyncConnection::new(ConnCore::new(
            Slot::Async(pooled),
            self.inner.dialect,
            self.inner.listeners.clone(),
        )))
    }

    /// An ORM [`AsyncSession`](crate::AsyncSession) over a connection from the pool, with
    /// the default options.
    pub async fn session(&self) -> Result<crate::AsyncSession> {
        crate::AsyncSession::new(self).await
    }

    /// Runs `work` in a transaction on a connection from the pool: commits when it returns
    /// `Ok`, rolls back when it returns `Err` (see [`AsyncConnection::with_transaction`]).
    pub async fn with_transaction<T, E: From<Error>>(
        &self,
        work: impl AsyncFnOnce(&mut AsyncTransaction<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.connection().await?.with_transaction(work).await
    }

    /// Calls `listener` after every statement any connection of this engine runs; see
    /// [`Engine::on_statement`](crate::Engine::on_statement).
    pub fn on_statement(
        &self,
        listener: impl Fn(&StatementEvent<'_>) + Send + Sync + 'static,
    ) -> ListenerId {
        self.inner.listeners.add(Arc::new(listener))
    }

    /// Removes a listener added with [`AsyncEngine::on_statement`]; false when it was not
    /// there.
    pub fn remove_listener(&self, id: ListenerId) -> bool {
        self.inner.listeners.remove(id)
    }

    /// The pool's state: connections open and idle.
    pub fn pool_status(&self) -> PoolStatus {
        let state = self.inner.pool.state();
        PoolStatus {
            connections: state.connections,
            idle: state.idle_connections,
            max_size: self.inner.settings.max_size,
        }
    }
}

/// Builds an [`AsyncEngine`] with pool settings chosen in code; the settings of
/// [`EngineBuilder`], which those in the URL override in the same way.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> retort::Result<()> {
/// let engine = retort::AsyncEngine::builder("sqlite::memory:")
///     .pool_size(4)
///     .build()
///     .await?;
/// assert_eq!(engine.pool_status().max_size, 4);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct AsyncEngineBuilder {
    settings: EngineBuilder,
}

impl AsyncEngineBuilder {
    /// See [`EngineBuilder::pool_size`].
    pub fn pool_size(mut self, size: u32) -> Self {
        self.settings = self.settings.pool_size(size);
        self
    }

    /// See [`EngineBuilder::connect_timeout`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings = self.settings.connect_timeout(timeout);
        self
    }

    /// See [`EngineBuilder::idle_timeout`].
    pub fn idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.settings = self.settings.idle_timeout(timeout);
        self
    }

    /// See [`EngineBuilder::pre_ping`].
    pub fn pre_ping(mut self, enabled: bool) -> Self {
        self.settings = self.settings.pre_ping(enabled);
        self
    }

    /// Parses the URL, checks the settings ([`Error::InvalidConfig`]), connects once to
    /// check that the database is reachable, and returns the engine. Runs on a tokio
    /// runtime ([`Error::NoAsyncRuntime`] otherwise).
    pub async fn build(self) -> Result<AsyncEngine> {
        super::runtime()?;
        let (parsed, settings) = self.settings.resolve()?;
        let url = self.settings.raw_url();
        let connector = open_connector(parsed.target, url)?;
        // Fail now, with the driver's own message, when the database is unreachable.
        drop(connector.connect(settings.connect_timeout).await?);
        Ok(AsyncEngine {
            inner: Arc::new(EngineInner {
                dialect: parsed.dialect,
                listeners: Arc::new(Listeners::default()),
                url: url::redact(url),
                pool: pool::build(connector, settings),
                settings,
            }),
        })
    }
}

fn open_connector(target: Target, url: &str) -> Result<Box<dyn AsyncConnector>> {
    match target {
        #[cfg(feature = "sqlite")]
        Target::Sqlite {
            memory,
            path,
            read_only,
        } => Ok(Box::new(crate::engine::sqlite_connector(
            memory, path, read_only,
        )?)),
        #[cfg(feature = "postgres")]
        Target::Postgres { url } => Ok(Box::new(crate::driver::postgres::PostgresConnector::new(
            &url,
        )?)),
        #[cfg(feature = "mysql")]
        Target::Mysql { url } => Ok(Box::new(crate::driver::mysql::MysqlConnector::new(&url)?)),
        #[allow(unreachable_patterns)]
        target => Err(Error::DriverNotEnabled {
            scheme: url.split(':').next().unwrap_or_default().to_owned(),
            feature: match target {
                Target::Sqlite { .. } => "sqlite",
                Target::Postgres { .. } => "postgres",
                Target::Mysql { .. } => "mysql",
            },
        }),
    }
}
