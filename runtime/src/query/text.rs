//! Raw SQL on purpose: [`text`] with named parameters (`:name`), bound — never formatted
//! into the SQL — and decoded into typed rows.

use std::marker::PhantomData;

use sea_query::{Value, Values};

use super::{Query, Statement};
use crate::dialect::Dialect;
use crate::error::{Error, Result};
use crate::row::FromRow;
use crate::value::ColumnValue;

/// SQL written by hand, with named parameters `:name` bound through [`Text::bind`] and
/// sent as the dialect's placeholders (`?`, `$1`). Rows decode into `R`, chosen with
/// [`Text::returns`]; without it, the statement is run with
/// [`Connection::execute`](crate::Connection::execute).
///
/// `:name` is a parameter outside string literals, quoted identifiers and comments;
/// PostgreSQL's `::` casts are not parameters, and `\:` writes a literal colon.
///
/// ```
/// use retort::text;
///
/// let engine = retort::Engine::connect("sqlite::memory:")?;
/// let mut conn = engine.connection()?;
/// conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")?;
/// conn.execute(text("INSERT INTO notes (body) VALUES (:body)").bind("body", "it's :here"))?;
/// let notes: Vec<(i64, String)> = conn.all(
///     text("SELECT id, body FROM notes WHERE body LIKE :pattern OR id = :id")
///         .bind("pattern", "%here")
///         .bind("id", 42_i64)
///         .returns::<(i64, String)>(),
/// )?;
/// assert_eq!(notes, [(1, "it's :here".to_owned())]);
/// # Ok::<(), retort::Error>(())
/// ```
pub fn text(sql: impl Into<String>) -> Text<()> {
    Text {
        sql: sql.into(),
        bound: Vec::new(),
        invalid: None,
        _row: PhantomData,
    }
}

/// A raw SQL statement with named parameters; see [`text`].
#[derive(Debug, Clone)]
pub struct Text<R> {
    sql: String,
    bound: Vec<(String, Value)>,
    /// A problem found while binding; reported when the statement is run.
    invalid: Option<String>,
    _row: PhantomData<fn() -> R>,
}

impl<R> Text<R> {
    /// Binds `value` to the parameter `:name` (every occurrence of it): any column value
    /// (`Option` for NULL), or a `&str`.
    pub fn bind(mut self, name: &str, value: impl BindValue) -> Self {
        if self.bound.iter().any(|(bound, _)| bound == name) {
            self.invalid
                .get_or_insert_with(|| format!("`:{name}` is bound twice"));
        } else {
            self.bound.push((name.to_owned(), value.into_bound()));
        }
        self
    }

    /// Decodes each result row into `T`: a column value, a tuple, a row struct.
    pub fn returns<T: FromRow<Output = T>>(self) -> Text<T> {
        Text {
            sql: self.sql,
            bound: self.bound,
            invalid: self.invalid,
            _row: PhantomData,
        }
    }

    /// The SQL for `dialect`, with placeholders, and the bound values in order.
    fn render(&self, dialect: Dialect) -> Result<(String, Values)> {
        if let Some(problem) = &self.invalid {
            return Err(Error::InvalidStatement(problem.clone()));
        }
        let mut sql = String::with_capacity(self.sql.len());
        let mut values = Vec::new();
        // PostgreSQL numbers its placeholders, so a repeated name reuses its number;
        // `?` placeholders take the value again.
        let mut numbered: Vec<&str> = Vec::new();
        let mut used = vec![false; self.bound.len()];
        for piece in pieces(&self.sql) {
            match piece {
                Piece::Sql(text) => sql.push_str(text),
                Piece::Parameter(name) => {
                    let Some(index) = self.bound.iter().position(|(bound, _)| bound == name) else {
                        return Err(Error::InvalidStatement(format!(
                            "`:{name}` has no value: call `.bind(\"{name}\", …)`"
                        )));
                    };
                    used[index] = true;
                    match dialect {
                        Dialect::Postgres => {
                            let number = match numbered.iter().position(|n| *n == name) {
                                Some(at) => at + 1,
                                None => {
                                    numbered.push(name);
                                    values.push(self.bound[index].1.clone());
                                    numbered.len()
                                }
                            };
                            sql.push_str(&format!("${number}"));
                        }
                        Dialect::Sqlite | Dialect::Mysql => {
                            sql.push('?');
                            values.push(self.bound[index].1.clone());
                        }
                    }
                }
            }
        }
        if let Some(unused) = used.iter().position(|used| !used) {
            return Err(Error::InvalidStatement(format!(
                "`.bind(\"{}\", …)` names no parameter of the SQL",
                self.bound[unused].0
            )));
        }
        Ok((sql, Values(values)))
    }
}

impl<R: FromRow<Output = R>> Query for Text<R> {
    type Row = R;
    type Decoder = R;
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        self.render(dialect)
    }
}

impl Statement for Text<()> {
    fn to_sql(&self, dialect: Dialect) -> Result<(String, Values)> {
        self.render(dialect)
    }
}

/// A value [`Text::bind`] takes: any [`ColumnValue`], or a `&str`.
pub trait BindValue {
    /// The value to bind.
    fn into_bound(self) -> Value;
}

impl<V: ColumnValue> BindValue for V {
    fn into_bound(self) -> Value {
        self.into_value()
    }
}

impl BindValue for &str {
    fn into_bound(self) -> Value {
        Value::String(Some(self.to_owned()))
    }
}

/// A stretch of SQL text or a named parameter.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Sql(&'a str),
    Parameter(&'a str),
}

/// Splits `sql` into text and `:name` parameters, leaving literals, quoted identifiers,
/// comments, dollar-quoted bodies and `::` casts as text; `\:` becomes a plain `:`.
fn pieces(sql: &str) -> Vec<Piece<'_>> {
    let bytes = sql.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let is_name_start = |b: u8| b.is_ascii_alphabetic() || b == b'_';
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == quote {
                        // A doubled quote stays inside.
                        if bytes.get(i + 1) == Some(&quote) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            b'$' => {
                // `$tag$ … $tag$` (PostgreSQL); a lone `$1` is left alone.
                let tag_end = bytes[i + 1..]
                    .iter()
                    .position(|&b| !is_name(b))
                    .map(|n| i + 1 + n);
                match tag_end {
                    Some(end)
                        if bytes[end] == b'$'
                            && !bytes[i + 1..end].first().is_some_and(u8::is_ascii_digit) =>
                    {
                        let tag = &sql[i..=end];
                        i = sql[end + 1..]
                            .find(tag)
                            .map_or(bytes.len(), |at| end + 1 + at + tag.len());
                    }
                    _ => i += 1,
                }
            }
            b':' if bytes.get(i + 1) == Some(&b':') => i += 2,
            b'\\' if bytes.get(i + 1) == Some(&b':') => {
                pieces.push(Piece::Sql(&sql[start..i]));
                start = i + 1; // keep the colon, drop the backslash
                i += 2;
            }
            b':' if bytes.get(i + 1).copied().is_some_and(is_name_start) => {
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&b| !is_name(b))
                    .map_or(bytes.len(), |n| i + 1 + n);
                pieces.push(Piece::Sql(&sql[start..i]));
                pieces.push(Piece::Parameter(&sql[i + 1..end]));
                start = end;
                i = end;
            }
            _ => i += 1,
        }
    }
    pieces.push(Piece::Sql(&sql[start.min(bytes.len())..]));
    pieces.retain(|piece| *piece != Piece::Sql(""));
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(text: Text<()>, dialect: Dialect) -> String {
        Statement::to_sql(&text, dialect)
            .map(|(sql, _)| sql)
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn parameters_become_each_dialects_placeholders() {
        let query = || {
            text("SELECT * FROM t WHERE a = :a AND b = :b OR a > :a")
                .bind("a", 1_i64)
                .bind("b", "x")
        };
        assert_eq!(
            rendered(query(), Dialect::Sqlite),
            "SELECT * FROM t WHERE a = ? AND b = ? OR a > ?"
        );
        assert_eq!(
            rendered(query(), Dialect::Postgres),
            "SELECT * FROM t WHERE a = $1 AND b = $2 OR a > $1"
        );
        let (_, values) = Statement::to_sql(&query(), Dialect::Mysql).unwrap();
        assert_eq!(values.0.len(), 3);
        let (_, values) = Statement::to_sql(&query(), Dialect::Postgres).unwrap();
        assert_eq!(values.0.len(), 2);
    }

    #[test]
    fn literals_comments_casts_and_escapes_are_not_parameters() {
        let sql = r#"SELECT ':a', "col:b", `c:d`, x::text, $q$ :e $q$, $1 -- :f
            /* :g */ FROM t WHERE y = :h AND z = '\:' AND w = \:lit"#;
        let text = text(sql).bind("h", 1_i64);
        assert_eq!(
            rendered(text, Dialect::Postgres),
            r#"SELECT ':a', "col:b", `c:d`, x::text, $q$ :e $q$, $1 -- :f
            /* :g */ FROM t WHERE y = $1 AND z = '\:' AND w = :lit"#
        );
    }

    #[test]
    fn missing_extra_and_twice_bound_parameters_are_errors() {
        assert_eq!(
            rendered(text("SELECT :a"), Dialect::Sqlite),
            "invalid statement: `:a` has no value: call `.bind(\"a\", …)`"
        );
        assert_eq!(
            rendered(text("SELECT 1").bind("a", 1_i64), Dialect::Sqlite),
            "invalid statement: `.bind(\"a\", …)` names no parameter of the SQL"
        );
        assert_eq!(
            rendered(
                text("SELECT :a").bind("a", 1_i64).bind("a", 2_i64),
                Dialect::Sqlite
            ),
            "invalid statement: `:a` is bound twice"
        );
    }
}
