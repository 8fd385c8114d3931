//! Shared by the tests: choosing the generated module of a test's database, Chinook's
//! names as each script spells them, and row keys that can be sorted and compared.

#![allow(dead_code)]

use retort::chrono::NaiveDate;
use retort::sea_query::Value;
use retort::{Table, TableRow};
use test_databases::Backend;

/// Runs `$check!(db, MODULE)` with the generated module of the database `$db` is on: the
/// first module for SQLite, the second for PostgreSQL, the third for MySQL (modules of
/// `introspected`). A server's module exists only when its variable was set at build time;
/// otherwise its tests are ignored, and this arm is never reached.
#[allow(unused_macros)] // not every test file dispatches this way
macro_rules! on_backend {
    ($db:expr, $sqlite:ident | $postgres:ident | $mysql:ident => $check:ident) => {
        match $db.backend() {
            test_databases::Backend::Sqlite => $check!($db, $sqlite),
            #[cfg(retort_test_postgres)]
            test_databases::Backend::Postgres => $check!($db, $postgres),
            #[cfg(retort_test_mysql)]
            test_databases::Backend::Mysql => $check!($db, $mysql),
            #[allow(unreachable_patterns)]
            backend => $crate::common::not_generated(backend),
        }
    };
}
#[allow(unused_imports)]
pub(crate) use on_backend;

/// The arm of [`on_backend!`] for a server whose modules were not generated.
pub fn not_generated(backend: Backend) -> ! {
    panic!(
        "no modules were generated for {backend:?}: set {} when building the tests",
        backend.url_variable().unwrap_or_default()
    )
}

/// A Chinook name as the script for `backend` spells it: PascalCase on SQLite and MySQL,
/// snake_case on PostgreSQL (`InvoiceLine` → `invoice_line`).
pub fn chinook_name(backend: Backend, pascal: &str) -> String {
    if backend != Backend::Postgres {
        return pascal.to_owned();
    }
    let mut out = String::new();
    for (i, c) in pascal.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Hand-written Chinook SQL for `backend`: every `{Name}` in `template` becomes
/// [`chinook_name`]; the rest is kept as written.
pub fn chinook_sql(backend: Backend, template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|i| open + i)
            .unwrap_or_else(|| panic!("an unclosed `{{` in {template}"));
        out.push_str(&rest[..open]);
        out.push_str(&chinook_name(backend, &rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// One value of a primary key, in an order that sorts like the database's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyPart {
    /// Any integer column.
    Int(i64),
    /// A text column.
    Text(String),
    /// A date column.
    Date(NaiveDate),
}

/// The primary key of `row`, column by column.
pub fn key<R: TableRow>(row: &R) -> Vec<KeyPart> {
    <R::Table as Table>::PRIMARY_KEY
        .iter()
        .map(|column| {
            let value = row
                .column_value(column)
                .unwrap_or_else(|| panic!("the key column {column} is not a column"));
            match value {
                Value::SmallInt(Some(i)) => KeyPart::Int(i.into()),
                Value::Int(Some(i)) => KeyPart::Int(i.into()),
                Value::BigInt(Some(i)) => KeyPart::Int(i),
                Value::String(Some(s)) => KeyPart::Text(s),
                Value::ChronoDate(Some(d)) => KeyPart::Date(d),
                other => panic!("a key column of a type these tests do not sort: {other:?}"),
            }
        })
        .collect()
}

/// `rows` sorted by primary key.
pub fn sorted_by_key<R: TableRow>(mut rows: Vec<R>) -> Vec<R> {
    rows.sort_by_cached_key(key);
    rows
}
