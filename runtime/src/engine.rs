//! [`Engine`]: a database, its dialect and a pool of connections to it; [`EngineBuilder`]
//! for pool settings in code.

use std::sync::Arc;
use std::time::Duration;

use crate::connection::Connection;
use crate::dialect::Dialect;
use crate::driver::Connector;
use crate::error::{Error, Result};
use crate::events::{ListenerId, Listeners, StatementEvent};
use crate::pool::{self, Pool, PoolSettings};
use crate::transaction::Transaction;
use crate::url::{self, Target};

/// A database: its dialect and a pool of connections to it. Cheap to clone and share
/// between threads; clones share the pool.
///
/// ```
/// let engine = retort::Engine::connect("sqlite::memory:")?;
/// assert_eq!(engine.dialect(), retort::Dialect::Sqlite);
/// let _connection = engine.connection()?;
/// # Ok::<(), retort::Error>(())
/// ```
#[derive(Clone)]
pub struct Engine {
    inner: Arc<EngineInner>,
}

struct EngineInner {
    dialect: Dialect,
    listeners: Arc<Listeners>,
    /// The URL without password.
    url: String,
    pool: Pool,
    settings: PoolSettings,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("dialect", &self.inner.dialect)
            .field("url", &self.inner.url)
            .field("pool", &self.inner.settings)
            .finish()
    }
}

impl Engine {
    /// An engine for the database at `url` with default pool settings; connects once to
    /// check that the database is reachable.
    ///
    /// URLs:
    /// - SQLite: `sqlite::memory:`, `sqlite://path/to/file.db`, `sqlite:///absolute/path.db`
    ///   (`?mode=ro` for read-only);
    /// - PostgreSQL: `postgres://user:password@host:5432/database` (or `postgresql://`),
    ///   with the driver's parameters such as `sslmode` or `application_name`;
    /// - MySQL and MariaDB: `mysql://user:password@host:3306/database` (or `mariadb://`).
    ///
    /// Every URL also takes the pool settings `pool_size`, `connect_timeout` and
    /// `idle_timeout` (seconds, `0` for never) in its query, e.g.
    /// `postgres://app@db/app?pool_size=20&connect_timeout=5`; see [`EngineBuilder`].
    pub fn connect(url: &str) -> Result<Engine> {
        Engine::builder(url).build()
    }

    /// An [`EngineBuilder`] for `url`, to set pool sizes and timeouts in code.
    pub fn builder(url: &str) -> EngineBuilder {
        EngineBuilder {
            url: url.to_owned(),
            settings: PoolSettings::default(),
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

    /// An ORM [`Session`](crate::Session) over a connection from the pool, with the default
    /// options (`Session::new(&engine)`).
    pub fn session(&self) -> Result<crate::Session> {
        crate::Session::new(self)
    }

    /// A connection from the pool, returned to it when dropped. Waits up to the connect
    /// timeout when all connections are in use. (Named `connection` because
    /// [`Engine::connect`] takes a URL.)
    pub fn connection(&self) -> Result<Connection> {
        let pooled = self.inner.pool.get().map_err(|e| Error::PoolTimeout {
            target: self.inner.url.clone(),
            timeout: self.inner.settings.connect_timeout,
            message: e.to_string(),
        })?;
        Ok(Connection::new(
            pooled,
            self.inner.dialect,
            self.inner.listeners.clone(),
        ))
    }

    /// Runs `work` in a transaction on a connection from the pool: commits when it returns
    /// `Ok`, rolls back when it returns `Err` or panics (SQLAlchemy's `engine.begin()`).
    pub fn with_transaction<T, E: From<Error>>(
        &self,
        work: impl FnOnce(&mut Transaction<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.connection()?.with_transaction(work)
    }

    /// Calls `listener` after every statement any connection of this engine runs (its
    /// clones included), with the SQL, the number of bound values, the time taken and the
    /// error if it failed — to count the statements an operation sends, or to log them
    /// your own way. Statements are also logged through `tracing` (target `retort::sql`).
    /// A statement already running when the listener is added is not reported: statements
    /// are only timed while someone listens.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    ///
    /// let engine = retort::Engine::connect("sqlite::memory:")?;
    /// let seen = Arc::new(Mutex::new(Vec::new()));
    /// let log = seen.clone();
    /// let id = engine.on_statement(move |event| log.lock().unwrap().push(event.sql.to_owned()));
    /// let mut conn = engine.connection()?;
    /// conn.execute_batch("CREATE TABLE notes (body TEXT)")?;
    /// drop(conn); // raw SQL ran: the session is reset on its way back to the pool
    /// assert_eq!(
    ///     *seen.lock().unwrap(),
    ///     ["CREATE TABLE notes (body TEXT)", "-- reset the session"]
    /// );
    /// assert!(engine.remove_listener(id));
    /// # Ok::<(), retort::Error>(())
    /// ```
    pub fn on_statement(
        &self,
        listener: impl Fn(&StatementEvent<'_>) + Send + Sync + 'static,
    ) -> ListenerId {
        self.inner.listeners.add(Arc::new(listener))
    }

    /// Removes a listener added with [`Engine::on_statement`]; false when it was not there.
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

/// How many connections an engine's pool holds; see [`Engine::pool_status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStatus {
    /// Connections open, in use or idle.
    pub connections: u32,
    /// Connections open and idle.
    pub idle: u32,
    /// The most connections the pool opens.
    pub max_size: u32,
}

/// Builds an [`Engine`] with pool settings chosen in code.
///
/// Settings in the URL's query (`pool_size`, `connect_timeout`, `idle_timeout`) take
/// precedence over the builder's, so that a deployed program can be tuned from its
/// configuration.
///
/// ```
/// use std::time::Duration;
///
/// let engine = retort::Engine::builder("sqlite::memory:")
///     .pool_size(4)
///     .connect_timeout(Duration::from_secs(5))
///     .idle_timeout(Some(Duration::from_secs(60)))
///     .build()?;
/// assert_eq!(engine.pool_status().max_size, 4);
/// # Ok::<(), retort::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct EngineBuilder {
    url: String,
    settings: PoolSettings,
}

impl EngineBuilder {
    /// The most connections open at once (default 10; at least 1). [`Engine::connection`]
    /// waits when all are in use.
    pub fn pool_size(mut self, size: u32) -> Self {
        self.settings.max_size = size;
        self
    }

    /// How long connecting, and waiting for a free pooled connection, may take before
    /// failing (default 30 s; more than zero, at most a day).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = timeout;
        self
    }

    /// Closes connections idle for this long (default 10 minutes; `None`: never; at most a
    /// day).
    pub fn idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.settings.idle_timeout = timeout;
        self
    }

    /// Checks each connection with a round trip before handing it out (default off), so
    /// that connections broken while idle — a server restart — are replaced without a
    /// failed statement, at the cost of one round trip per checkout.
    pub fn pre_ping(mut self, enabled: bool) -> Self {
        self.settings.pre_ping = enabled;
        self
    }

    /// Parses the URL, checks the settings ([`Error::InvalidConfig`]), connects once to
    /// check that the database is reachable, and returns the engine.
    pub fn build(self) -> Result<Engine> {
        let (parsed, settings) = self.resolve()?;
        let connector = open_connector(parsed.target, &self.url)?;
        // Fail now, with the driver's own message, when the database is unreachable.
        drop(connector.connect(settings.connect_timeout)?);
        Ok(Engine {
            inner: Arc::new(EngineInner {
                dialect: parsed.dialect,
                listeners: Arc::new(Listeners::default()),
                url: url::redact(&self.url),
                pool: pool::build(connector, settings),
                settings,
            }),
        })
    }

    /// The parsed URL and the pool settings, those in the URL taking precedence; checked.
    pub(crate) fn resolve(&self) -> Result<(url::ParsedUrl, PoolSettings)> {
        let parsed = url::parse(&self.url)?;
        let mut settings = self.settings;
        if let Some(size) = parsed.pool.max_size {
            settings.max_size = size;
        }
        if let Some(timeout) = parsed.pool.connect_timeout {
            settings.connect_timeout = timeout;
        }
        if let Some(timeout) = parsed.pool.idle_timeout {
            settings.idle_timeout = timeout;
        }
        settings.check()?;
        Ok((parsed, settings))
    }

    /// The URL as given.
    #[cfg(feature = "async")]
    pub(crate) fn raw_url(&self) -> &str {
        &self.url
    }
}

fn open_connector(target: Target, url: &str) -> Result<Box<dyn Connector>> {
    match target {
        #[cfg(feature = "sqlite")]
        Target::Sqlite {
            memory,
            path,
            read_only,
        } => Ok(Box::new(sqlite_connector(memory, path, read_only)?)),
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

/// The SQLite connector for a parsed `sqlite:` URL.
#[cfg(feature = "sqlite")]
pub(crate) fn sqlite_connector(
    memory: bool,
    path: String,
    read_only: bool,
) -> Result<crate::driver::sqlite::SqliteConnector> {
    use crate::driver::sqlite::{Location, SqliteConnector};
    let location = if memory {
        Location::Memory
    } else {
        Location::File {
            path: path.into(),
            read_only,
        }
    };
    SqliteConnector::new(location)
}
