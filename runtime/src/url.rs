//! Database URLs: which driver, and where.

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
}

/// The dialect and target of `url`.
///
/// SQLite: `sqlite::memory:` (or `sqlite://:memory:`), `sqlite://relative/path.db`,
/// `sqlite:///absolute/path.db`, with an optional `?mode=ro` (read-only) or `?mode=rwc`
/// (read-write, create when missing; the default).
pub(crate) fn parse(url: &str) -> Result<(Dialect, Target)> {
    let invalid = |reason: String| Error::InvalidUrl {
        url: redact(url),
        reason,
    };
    let Some((scheme, rest)) = url.split_once(':') else {
        return Err(invalid(
            "no scheme: expected sqlite://FILE, sqlite::memory:, postgres://… or mysql://…".into(),
        ));
    };
    match scheme.to_ascii_lowercase().as_str() {
        "sqlite" => parse_sqlite(rest).map_err(invalid),
        "postgres" | "postgresql" => Err(Error::DriverNotEnabled {
            scheme: scheme.into(),
            feature: "postgres",
        }),
        "mysql" | "mariadb" => Err(Error::DriverNotEnabled {
            scheme: scheme.into(),
            feature: "mysql",
        }),
        other => Err(invalid(format!(
            "unknown scheme `{other}`: expected sqlite, postgres, postgresql, mysql or mariadb"
        ))),
    }
}

fn parse_sqlite(rest: &str) -> std::result::Result<(Dialect, Target), String> {
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let (location, query) = match rest.split_once('?') {
        Some((location, query)) => (location, Some(query)),
        None => (rest, None),
    };
    let mut read_only = false;
    for pair in query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter(|p| !p.is_empty())
    {
        match pair.split_once('=') {
            Some(("mode", "ro")) => read_only = true,
            Some(("mode", "rw" | "rwc")) => read_only = false,
            Some(("mode", other)) => {
                return Err(format!("unknown mode `{other}`: expected ro, rw or rwc"));
            }
            _ => {
                return Err(format!(
                    "unknown parameter `{pair}`: SQLite URLs accept only mode=ro|rw|rwc"
                ));
            }
        }
    }
    let memory = location == ":memory:";
    if location.is_empty() {
        return Err("no database file: write sqlite://FILE or sqlite::memory:".into());
    }
    let target = Target::Sqlite {
        memory,
        path: location.to_owned(),
        read_only,
    };
    Ok((Dialect::Sqlite, target))
}

/// The URL with any password replaced by `***`, for messages and logs.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(memory: bool, path: &str, read_only: bool) -> (Dialect, Target) {
        (
            Dialect::Sqlite,
            Target::Sqlite {
                memory,
                path: path.into(),
                read_only,
            },
        )
    }

    #[test]
    fn sqlite_urls() {
        assert_eq!(
            parse("sqlite::memory:").unwrap(),
            sqlite(true, ":memory:", false)
        );
        assert_eq!(
            parse("sqlite://:memory:").unwrap(),
            sqlite(true, ":memory:", false)
        );
        assert_eq!(
            parse("sqlite://blog.db").unwrap(),
            sqlite(false, "blog.db", false)
        );
        assert_eq!(
            parse("sqlite:///tmp/blog.db?mode=ro").unwrap(),
            sqlite(false, "/tmp/blog.db", true)
        );
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
            "invalid database URL `sqlite://a.db?cache=shared`: unknown parameter `cache=shared`: SQLite URLs accept only mode=ro|rw|rwc"
        );
    }

    #[test]
    fn passwords_are_not_repeated() {
        assert_eq!(
            redact("postgres://ada:secret@db/app"),
            "postgres://ada:***@db/app"
        );
    }
}
