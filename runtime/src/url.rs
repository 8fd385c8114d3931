//! Database URLs: which driver, and where.

use std::time::Duration;

use crate::dialect::Dialect;
use crate::error::{Error, Result};

/// What a database URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A SQLite database.
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    Sqlite {
        memory: bool,
        path: String,
        read_only: bool,
    },
    /// A PostgreSQL server: the URL for the driver, without Retort's own parameters.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Postgres { url: String },
    /// A MySQL or MariaDB server: the URL for the driver (`mysql://`), without Retort's own
    /// parameters.
    #[cfg_attr(not(feature = "mysql"), allow(dead_code))]
    Mysql { url: String },
}

/// Pool settings given in the URL query; unset ones keep the engine's defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PoolParams {
    /// `pool_size=N`: the most connections open at once.
    pub max_size: Option<u32>,
    /// `connect_timeout=SECONDS`: how long to wait for a connection.
    pub connect_timeout: Option<Duration>,
    /// `idle_timeout=SECONDS`: close connections idle this long (`0`: never).
    pub idle_timeout: Option<Option<Duration>>,
}

/// A parsed database URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedUrl {
    pub dialect: Dialect,
    pub target: Target,
    pub pool: PoolParams,
}

/// The query parameters Retort reads itself, on every scheme.
const POOL_PARAMETERS: &[&str] = &["pool_size", "connect_timeout", "idle_timeout"];

/// The dialect, target and pool settings of `url`.
///
/// SQLite: `sqlite::memory:` (or `sqlite://:memory:`), `sqlite://relative/path.db`,
/// `sqlite:///absolute/path.db`, with an optional `?mode=ro` (read-only) or `?mode=rwc`
/// (read-write, create when missing; the default). PostgreSQL: `postgres://` or
/// `postgresql://user:password@host:port/database?…`. MySQL and MariaDB: `mysql://` or
/// `mariadb://user:password@host:port/database?…`. Every scheme also takes `pool_size`,
/// `connect_timeout` and `idle_timeout` (seconds).
pub(crate) fn parse(url: &str) -> Result<ParsedUrl> {
    let invalid = |reason: String| Error::InvalidUrl {
        url: redact(url),
        reason,
    };
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err(invalid(
            "no scheme: expected sqlite://FILE, sqlite::memory:, postgres://… or mysql://…".into(),
        ));
    };
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, query),
        None => (rest, ""),
    };
    let (pool, driver_query) = pool_params(query).map_err(invalid)?;
    let with_query = |base: String| {
        if driver_query.is_empty() {
            base
        } else {
            format!("{base}?{}", driver_query.join("&"))
        }
    };
    let server = |rest: &str, what: &str| -> std::result::Result<(), String> {
        match rest.strip_prefix("//") {
            Some(authority) if !authority.is_empty() => Ok(()),
            _ => Err(format!(
                "expected {what}://[user[:password]@]host[:port]/database"
            )),
        }
    };
    let (dialect, target) = match scheme.to_ascii_lowercase().as_str() {
        "sqlite" => {
            let (memory, path, read_only) = parse_sqlite(rest, &driver_query).map_err(invalid)?;
            let target = Target::Sqlite {
                memory,
                path,
                read_only,
            };
            (Dialect::Sqlite, target)
        }
        scheme @ ("postgres" | "postgresql") => {
            server(rest, scheme).map_err(invalid)?;
            let url = with_query(format!("postgresql:{rest}"));
            (Dialect::Postgres, Target::Postgres { url })
        }
        scheme @ ("mysql" | "mariadb") => {
            server(rest, scheme).map_err(invalid)?;
            let url = with_query(format!("mysql:{rest}"));
            (Dialect::Mysql, Target::Mysql { url })
        }
        other => {
            return Err(invalid(format!(
                "unknown scheme `{other}`: expected sqlite, postgres, postgresql, mysql or mariadb"
            )));
        }
    };
    Ok(ParsedUrl {
        dialect,
        target,
        pool,
    })
}

/// Splits Retort's pool parameters from the ones meant for the driver.
fn pool_params(query: &str) -> std::result::Result<(PoolParams, Vec<&str>), String> {
    let mut pool = PoolParams::default();
    let mut rest = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if !POOL_PARAMETERS.contains(&key) {
            rest.push(pair);
            continue;
        }
        let number = value.parse::<u64>().map_err(|_| {
            format!("`{key}` must be a whole number (seconds for timeouts), not `{value}`")
        })?;
        if key != "pool_size" && Duration::from_secs(number) > crate::pool::MAX_TIMEOUT {
            return Err(format!(
                "`{key}` must be at most {} seconds (one day), not `{value}`",
                crate::pool::MAX_TIMEOUT.as_secs()
            ));
        }
        match key {
            "pool_size" => {
                if number == 0 || number > u64::from(crate::pool::MAX_POOL_SIZE) {
                    return Err(format!(
                        "`pool_size` must be between 1 and {}, not `{value}`",
                        crate::pool::MAX_POOL_SIZE
                    ));
                }
                pool.max_size = Some(number as u32);
            }
            "connect_timeout" => {
                if number == 0 {
                    return Err("`connect_timeout` must be at least 1 second".into());
                }
                pool.connect_timeout = Some(Duration::from_secs(number));
            }
            _ => pool.idle_timeout = Some((number > 0).then(|| Duration::from_secs(number))),
        }
    }
    Ok((pool, rest))
}

fn parse_sqlite(rest: &str, query: &[&str]) -> std::result::Result<(bool, String, bool), String> {
    let location = rest.strip_prefix("//").unwrap_or(rest);
    let mut read_only = false;
    for pair in query {
        match pair.split_once('=') {
            Some(("mode", "ro")) => read_only = true,
            Some(("mode", "rw" | "rwc")) => read_only = false,
            Some(("mode", other)) => {
                return Err(format!("unknown mode `{other}`: expected ro, rw or rwc"));
            }
            _ => {
                return Err(format!(
                    "unknown parameter `{pair}`: SQLite URLs accept mode=ro|rw|rwc, pool_size, connect_timeout and idle_timeout"
                ));
            }
        }
    }
    if location.is_empty() {
        return Err("no database file: write sqlite://FILE or sqlite::memory:".into());
    }
    Ok((location == ":memory:", location.to_owned(), read_only))
}

/// The URL with any password — in the user info or a `password` parameter — replaced by
/// `***`, for messages and logs. Also covers PostgreSQL's `key=value` connection strings.
///
/// Passwords are often written unescaped, so they may hold `@`, `/`, `?` or `:`: the user
/// info ends at the last `@` before the first `/` that follows an `@` (host names hold none
/// of these), unless what precedes that `@` is already a query (`?key=value`).
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return redact_parameters(url, ' ');
    };
    let userinfo_end = rest.find('@').map(|first_at| {
        let host_end = rest[first_at..]
            .find('/')
            .map_or(rest.len(), |i| first_at + i);
        rest[..host_end].rfind('@').unwrap_or(first_at)
    });
    let userinfo_end = userinfo_end.filter(|&at| {
        // `host/db?password=p@ss`: that `@` is in the query, not after user info.
        let before = &rest[..at];
        !before
            .split_once('?')
            .is_some_and(|(_, query)| query.contains('='))
    });
    let mut out = format!("{scheme}://");
    let after = match userinfo_end {
        Some(at) => {
            match rest[..at].split_once(':') {
                Some((user, _password)) => out.push_str(&format!("{user}:***@")),
                None => out.push_str(&format!("{}@", &rest[..at])),
            }
            &rest[at + 1..]
        }
        None => rest,
    };
    match after.split_once('?') {
        Some((location, query)) => {
            out.push_str(location);
            out.push('?');
            out.push_str(&redact_parameters(query, '&'));
        }
        None => out.push_str(after),
    }
    out
}

/// `key=value` pairs separated by `separator`, with the value of `password` hidden (a
/// value holding the separator continues into the pieces after it, which are dropped).
fn redact_parameters(parameters: &str, separator: char) -> String {
    let mut pieces = Vec::new();
    let mut hiding = false;
    for pair in parameters.split(separator) {
        match pair.split_once('=') {
            Some((key, _)) if key.trim().eq_ignore_ascii_case("password") => {
                hiding = true;
                pieces.push(format!("{key}=***"));
            }
            Some(_) => {
                hiding = false;
                pieces.push(pair.to_owned());
            }
            None if hiding => {}
            None => pieces.push(pair.to_owned()),
        }
    }
    pieces.join(&separator.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(memory: bool, path: &str, read_only: bool) -> Target {
        Target::Sqlite {
            memory,
            path: path.into(),
            read_only,
        }
    }

    fn target(url: &str) -> Target {
        parse(url).unwrap().target
    }

    #[test]
    fn sqlite_urls() {
        assert_eq!(target("sqlite::memory:"), sqlite(true, ":memory:", false));
        assert_eq!(target("sqlite://:memory:"), sqlite(true, ":memory:", false));
        assert_eq!(target("sqlite://blog.db"), sqlite(false, "blog.db", false));
        assert_eq!(
            target("sqlite:///tmp/blog.db?mode=ro"),
            sqlite(false, "/tmp/blog.db", true)
        );
    }

    #[test]
    fn server_urls_keep_driver_parameters_and_take_pool_parameters() {
        let parsed =
            parse("postgres://ada:pw@db:5432/app?sslmode=disable&pool_size=4&idle_timeout=0")
                .unwrap();
        assert_eq!(parsed.dialect, Dialect::Postgres);
        assert_eq!(
            parsed.target,
            Target::Postgres {
                url: "postgresql://ada:pw@db:5432/app?sslmode=disable".into()
            }
        );
        assert_eq!(
            parsed.pool,
            PoolParams {
                max_size: Some(4),
                connect_timeout: None,
                idle_timeout: Some(None),
            }
        );
        let parsed = parse("mariadb://root@127.0.0.1/test?connect_timeout=3").unwrap();
        assert_eq!(parsed.dialect, Dialect::Mysql);
        assert_eq!(
            parsed.target,
            Target::Mysql {
                url: "mysql://root@127.0.0.1/test".into()
            }
        );
        assert_eq!(parsed.pool.connect_timeout, Some(Duration::from_secs(3)));
    }

    #[test]
    fn bad_urls_say_what_is_wrong() {
        let message = |url: &str| parse(url).unwrap_err().to_string();
        assert_eq!(
            message("blog.db"),
            "invalid database URL `blog.db`: no scheme: expected sqlite://FILE, sqlite::memory:, postgres://… or mysql://…"
        );
        assert_eq!(
            message("oracle://x"),
            "invalid database URL `oracle://x`: unknown scheme `oracle`: expected sqlite, postgres, postgresql, mysql or mariadb"
        );
        assert_eq!(
            message("sqlite://"),
            "invalid database URL `sqlite://`: no database file: write sqlite://FILE or sqlite::memory:"
        );
        assert_eq!(
            message("sqlite://a.db?cache=shared"),
            "invalid database URL `sqlite://a.db?cache=shared`: unknown parameter `cache=shared`: SQLite URLs accept mode=ro|rw|rwc, pool_size, connect_timeout and idle_timeout"
        );
        assert_eq!(
            message("postgres:db"),
            "invalid database URL `postgres:db`: expected postgres://[user[:password]@]host[:port]/database"
        );
        assert_eq!(
            message("mysql://root@db/test?pool_size=0"),
            "invalid database URL `mysql://root@db/test?pool_size=0`: `pool_size` must be between 1 and 10000, not `0`"
        );
        assert_eq!(
            message("mysql://root@db/test?connect_timeout=18446744073709551615"),
            "invalid database URL `mysql://root@db/test?connect_timeout=18446744073709551615`: `connect_timeout` must be at most 86400 seconds (one day), not `18446744073709551615`"
        );
        assert_eq!(
            message("mysql://root@db/test?connect_timeout=soon"),
            "invalid database URL `mysql://root@db/test?connect_timeout=soon`: `connect_timeout` must be a whole number (seconds for timeouts), not `soon`"
        );
    }

    #[test]
    fn passwords_are_not_repeated() {
        assert_eq!(
            redact("postgres://ada:secret@db/app"),
            "postgres://ada:***@db/app"
        );
        assert_eq!(
            redact("postgres://ada:p@ss@db/app?password=x&sslmode=disable"),
            "postgres://ada:***@db/app?password=***&sslmode=disable"
        );
        assert_eq!(redact("sqlite::memory:"), "sqlite::memory:");
        assert_eq!(
            redact("mysql://u:sec?ret@127.0.0.1:1/x"),
            "mysql://u:***@127.0.0.1:1/x"
        );
        assert_eq!(
            redact("mysql://u:a/b@c@db/x?user=d@e"),
            "mysql://u:***@db/x?user=d@e"
        );
        assert_eq!(redact("mysql://db/x?user=a@b"), "mysql://db/x?user=a@b");
        assert_eq!(redact("postgres://ada@db/app"), "postgres://ada@db/app");
        assert_eq!(
            redact("postgres://127.0.0.1:1/app?password=p@ss"),
            "postgres://127.0.0.1:1/app?password=***"
        );
        assert_eq!(
            redact("postgres://db?user=u&password=hunter@2"),
            "postgres://db?user=u&password=***"
        );
        assert_eq!(
            redact("host=db user=ada password=hunter2 dbname=app"),
            "host=db user=ada password=*** dbname=app"
        );
    }
}
