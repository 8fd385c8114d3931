//! Values checked against their column's declared size before they are sent, so that every
//! database refuses what one of them would round or cut: a decimal with more fractional
//! digits than its column's scale (PostgreSQL and MySQL would round it) or more integer
//! digits than its precision allows, and text longer than its `varchar(n)` / `char(n)`
//! (SQLite would keep it whole, the servers refuse it).
//!
//! The limits come from the table's [`Table::def`], read once per table and kept for the
//! life of the process — together with its auto-increment column, which MySQL inserts need
//! to know without building the definition on every row.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use sea_query::Value;

use crate::schema::ColumnType;
use crate::table::Table;

/// What a column's declared type allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limit {
    /// `decimal(precision, scale)`.
    Decimal { precision: u32, scale: u32 },
    /// `varchar(n)`, `char(n)`: at most `n` characters.
    Characters(u32),
}

/// What the statements of one table need from its definition, read once.
#[derive(Debug, Default)]
struct TableLimits {
    /// The limited columns, by name.
    columns: HashMap<String, Limit>,
    /// The column the database assigns (auto-increment), if any.
    auto_increment: Option<String>,
}

fn limits_of<T: Table>() -> Arc<TableLimits> {
    static CACHE: OnceLock<RwLock<HashMap<TypeId, Arc<TableLimits>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = TypeId::of::<T>();
    if let Some(limits) = cache.read().ok().and_then(|c| c.get(&key).cloned()) {
        return limits;
    }
    let def = T::def();
    let auto_increment = def
        .columns
        .iter()
        .find(|column| column.autoincrement)
        .map(|column| column.name.clone());
    let columns = def
        .columns
        .into_iter()
        .filter_map(|column| {
            let limit = match column.ty {
                ColumnType::Decimal {
                    precision: Some(precision),
                    scale,
                } => Limit::Decimal {
                    precision,
                    scale: scale.unwrap_or(0),
                },
                ColumnType::Varchar(Some(n)) | ColumnType::Char(Some(n)) => Limit::Characters(n),
                // `char` without a length is `char(1)` in SQL.
                ColumnType::Char(None) => Limit::Characters(1),
                _ => return None,
            };
            Some((column.name, limit))
        })
        .collect();
    let limits = Arc::new(TableLimits {
        columns,
        auto_increment,
    });
    if let Ok(mut cache) = cache.write() {
        cache.insert(key, limits.clone());
    }
    limits
}

/// Why `value` does not fit column `column` of `T`, or `None` when it fits (or the column
/// has no declared size).
pub(crate) fn refusal<T: Table>(column: &str, value: &Value) -> Option<String> {
    let limits = limits_of::<T>();
    let limit = limits.columns.get(column)?;
    let table = T::NAME;
    match (limit, value) {
        (Limit::Decimal { precision, scale }, Value::Decimal(Some(decimal))) => {
            let normalized = decimal.normalize();
            let decimals = normalized.scale();
            if decimals > *scale {
                return Some(format!(
                    "{decimal} has {decimals} decimal places, but `{table}.{column}` is \
                     decimal({precision},{scale}) and would round it; round it first"
                ));
            }
            let integer_digits = normalized
                .trunc()
                .abs()
                .to_string()
                .trim_start_matches('0')
                .len();
            let allowed = precision.saturating_sub(*scale) as usize;
            if integer_digits > allowed {
                return Some(format!(
                    "{decimal} has {integer_digits} digits before the point, but \
                     `{table}.{column}` is decimal({precision},{scale}), which holds {allowed}"
                ));
            }
            None
        }
        (Limit::Characters(n), Value::String(Some(text))) => {
            let length = text.chars().count();
            (length > *n as usize).then(|| {
                format!(
                    "the text has {length} characters, but `{table}.{column}` holds at most {n}"
                )
            })
        }
        _ => None,
    }
}

/// Whether the database assigns `column` of `T` (auto-increment).
pub(crate) fn is_auto_increment<T: Table>(column: &str) -> bool {
    limits_of::<T>().auto_increment.as_deref() == Some(column)
}

/// The first refusal among `values` (column, value) of a row of `T`.
pub(crate) fn first_refusal<T: Table>(values: &[(&str, Value)]) -> Option<String> {
    values
        .iter()
        .find_map(|(column, value)| refusal::<T>(column, value))
}
