//! A reflected schema as a version-1 [`Spec`]: what `retort introspect` writes with
//! `--emit-spec` and generates code from.
//!
//! Nothing is dropped silently: what the spec cannot say exactly (a type without a portable
//! equivalent, an index over expressions, a foreign key to a table outside the reflected
//! set…) is approximated or left out with a [`Warning`] naming the table, the column and
//! what to do about it.

use std::collections::{BTreeMap, BTreeSet};

use retort::reflect::{
    AutoIncrement, Fallback, ReflectedColumn, ReflectedSchema, ReflectedTable, ReflectedView,
    TypeMatch,
};
use retort::sea_query::Value;
use retort::{ColumnType, Dialect, FkAction as RuntimeAction};

use crate::naming;
use crate::spec::{
    CheckSpec, ColumnSpec, DefaultSpec, EnumSpec, FkAction, ForeignKeySpec, GeneratedSpec,
    IndexSpec, Literal, Spec, SpecPath, TableSpec, TypeSpec, ViewSpec,
};

/// Something introspection approximated or left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The table (or view).
    pub table: String,
    /// The column, when the warning is about one.
    pub column: Option<String>,
    /// What was approximated, and how to do better.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(column) => write!(f, "{}.{}: {}", self.table, column, self.message),
            None => write!(f, "{}: {}", self.table, self.message),
        }
    }
}

/// The spec of `schema` (tables, then views), with a warning for everything approximated.
pub fn spec_from_reflected(schema: &ReflectedSchema, name: Option<&str>) -> (Spec, Vec<Warning>) {
    let mut warnings = Vec::new();
    let known: BTreeSet<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    let mut tables: Vec<TableSpec> = schema
        .tables
        .iter()
        .map(|table| table_spec(table, &known, schema, &mut warnings))
        .collect();
    tables.extend(
        schema
            .views
            .iter()
            .map(|view| view_spec(view, &mut warnings)),
    );
    distinct_module_names(&mut tables);
    // The enums the columns use, with the values each column's type carries: an enum type
    // no column uses is not generated, and a same-named type of another schema is not this
    // one.
    let mut enums: BTreeMap<&str, &Vec<String>> = BTreeMap::new();
    let columns = schema
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .chain(schema.views.iter().flat_map(|v| &v.columns));
    for column in columns {
        if let ColumnType::Enum { name, values } = &column.ty {
            enums.entry(name.as_str()).or_insert(values);
        }
    }
    let enums = enums
        .into_iter()
        .map(|(name, values)| EnumSpec {
            name: name.to_owned(),
            values: values.clone(),
        })
        .collect();
    let spec = Spec {
        version: 1,
        name: name.map(str::to_owned),
        enums,
        tables,
    };
    (spec, warnings)
}

fn warn(warnings: &mut Vec<Warning>, table: &str, column: Option<&str>, message: String) {
    warnings.push(Warning {
        table: table.to_owned(),
        column: column.map(str::to_owned),
        message,
    });
}

fn table_spec(
    table: &ReflectedTable,
    known: &BTreeSet<&str>,
    schema: &ReflectedSchema,
    warnings: &mut Vec<Warning>,
) -> TableSpec {
    let dialect = schema.dialect;
    let name = &table.name;
    // A key over a column the catalog does not list (MariaDB's invisible `row_end` of a
    // system-versioned table) is kept over the listed ones.
    let primary_key: Vec<String> = table
        .primary_key
        .iter()
        .filter(|key| table.column(key).is_some())
        .cloned()
        .collect();
    if primary_key.len() != table.primary_key.len() {
        warn(
            warnings,
            name,
            None,
            format!(
                "its primary key ({}) includes hidden columns: kept as ({})",
                table.primary_key.join(", "),
                primary_key.join(", ")
            ),
        );
    }
    let single_key = match primary_key.as_slice() {
        [only] => Some(only.as_str()),
        _ => None,
    };
    let mut columns: Vec<ColumnSpec> = table
        .columns
        .iter()
        .map(|column| column_spec(name, column, single_key, warnings))
        .collect();
    distinct_field_names(&mut columns);
    if primary_key.is_empty() {
        warn(
            warnings,
            name,
            None,
            "has no primary key: rows can be read and inserted, but not addressed by key \
             (`get`, relationships to it by key)"
                .into(),
        );
    }
    let listed = |columns: &[String]| columns.iter().all(|c| table.column(c).is_some());
    let mut unique = Vec::new();
    for constraint in table
        .unique_constraints
        .iter()
        .filter(|u| listed(&u.columns))
    {
        match constraint.columns.as_slice() {
            [only] => {
                if let Some(column) = columns.iter_mut().find(|c| c.name == *only) {
                    column.unique = true;
                }
            }
            several => unique.push(several.to_vec()),
        }
    }
    let mut foreign_keys: Vec<ForeignKeySpec> = table
        .foreign_keys
        .iter()
        .filter_map(|fk| {
            let target = &fk.references;
            let columns = fk.columns.join(", ");
            let other_schema = &fk.references_schema;
            // A table of the same name in another schema is another table.
            let problem = if *other_schema != schema.schema {
                Some(format!(
                    "foreign key ({columns}) to `{other_schema}.{target}` left out: it is in \
                     another schema than the one read (`{}`)",
                    schema.schema
                ))
            } else if !known.contains(target.as_str()) {
                Some(format!(
                    "foreign key ({columns}) to `{other_schema}.{target}` left out: that table \
                     is not among the reflected ones (add it with --tables, or drop --exclude)"
                ))
            } else if fk.to_columns.len() != fk.columns.len() {
                Some(format!(
                    "foreign key ({}) to `{target}` left out: the referenced columns are unknown",
                    fk.columns.join(", ")
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                warn(warnings, name, None, problem);
                return None;
            }
            Some(ForeignKeySpec {
                columns: fk.columns.clone(),
                references: target.clone(),
                to_columns: fk.to_columns.clone(),
                on_delete: action(fk.on_delete, dialect),
                on_update: action(fk.on_update, dialect),
                path: SpecPath::root(),
            })
        })
        .collect();
    // Single-column keys first, in column order: the spec writes those on their column.
    let position = |fk: &ForeignKeySpec| match fk.columns.as_slice() {
        [only] => (0, table.columns.iter().position(|c| c.name == *only)),
        _ => (1, None),
    };
    foreign_keys.sort_by_key(position);
    let indexes = table
        .indexes
        .iter()
        .filter_map(|index| {
            if !listed(&index.columns) {
                warn(
                    warnings,
                    name,
                    None,
                    format!(
                        "index `{}` covers hidden columns: left out of the spec",
                        index.name
                    ),
                );
                return None;
            }
            if index.has_expressions || index.partial {
                let what = if index.partial {
                    "partial"
                } else {
                    "over expressions"
                };
                warn(
                    warnings,
                    name,
                    None,
                    format!(
                        "index `{}` is {what}, which a spec cannot say: left out of the spec \
                         (the database keeps it)",
                        index.name
                    ),
                );
                return None;
            }
            Some(IndexSpec {
                name: Some(index.name.clone()),
                columns: index.columns.clone(),
                unique: index.unique,
            })
        })
        .collect();
    let checks = table
        .checks
        .iter()
        .map(|check| CheckSpec {
            name: check.name.clone(),
            sql: check.sql.clone(),
        })
        .collect();
    if let Some(key) = single_key
        && let Some(column) = columns.iter_mut().find(|c| c.name == key)
    {
        column.primary_key = true;
    }
    TableSpec {
        name: name.clone(),
        comment: table.comment.clone(),
        rust_name: None,
        columns,
        primary_key,
        unique,
        foreign_keys,
        indexes,
        checks,
        relationships: None,
        view: None,
    }
}

fn view_spec(view: &ReflectedView, warnings: &mut Vec<Warning>) -> TableSpec {
    let mut columns: Vec<ColumnSpec> = view
        .columns
        .iter()
        .map(|column| column_spec(&view.name, column, None, warnings))
        .collect();
    distinct_field_names(&mut columns);
    for column in &mut columns {
        // A view has no defaults or keys of its own; its columns are read, never written.
        column.default = None;
        column.autoincrement = false;
        column.generated = None;
    }
    TableSpec {
        name: view.name.clone(),
        comment: view.comment.clone(),
        rust_name: None,
        columns,
        primary_key: Vec::new(),
        unique: Vec::new(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
        checks: Vec::new(),
        relationships: None,
        // The definition stays out: it is written in this database's SQL, and create_all
        // would run it on any.
        view: Some(ViewSpec { sql: None }),
    }
}

fn column_spec(
    table: &str,
    column: &ReflectedColumn,
    single_key: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> ColumnSpec {
    let name = column.name.as_str();
    let ty = type_spec(table, column, warnings);
    let is_single_key = single_key == Some(name);
    let integer = matches!(
        ty,
        TypeSpec::SmallInt | TypeSpec::Integer | TypeSpec::BigInt
    );
    let mut default = column
        .default
        .as_ref()
        .map(|d| default_spec(&d.literal, &d.sql, &ty));
    let mut autoincrement = column.autoincrement.is_some() && column.generated.is_none();
    if autoincrement && !(is_single_key && integer) {
        // A spec assigns keys only to a single integer primary key column; elsewhere the
        // sequence stays the column's default.
        autoincrement = false;
        match &column.autoincrement {
            Some(AutoIncrement::Serial { sequence }) => {
                default = Some(DefaultSpec::Sql(format!(
                    "nextval('{}'::regclass)",
                    sequence.replace('\'', "''")
                )));
            }
            Some(AutoIncrement::Identity { always: true }) => warn(
                warnings,
                table,
                Some(name),
                "is GENERATED ALWAYS AS IDENTITY but not the single integer primary key, which \
                 a spec cannot say: generated as an ordinary column, and PostgreSQL refuses the \
                 value an insert gives it (insert such rows with raw SQL)"
                    .into(),
            ),
            _ => warn(
                warnings,
                table,
                Some(name),
                "is assigned by the database but is not the single integer primary key: \
                 generated as an ordinary column, so inserts must give it"
                    .into(),
            ),
        }
    }
    if autoincrement {
        default = None;
    }
    let generated = column.generated.as_ref().map(|g| GeneratedSpec {
        sql: g.sql.clone(),
        stored: g.stored,
    });
    if generated.is_some() {
        default = None;
    }
    if column.domain.is_some() && !matches!(ty, TypeSpec::Enum(_)) {
        warn(
            warnings,
            table,
            Some(name),
            format!(
                "has domain type `{}`: generated as its base type; the domain's checks are \
                 the database's",
                column.domain.as_deref().unwrap_or_default()
            ),
        );
    }
    ColumnSpec {
        name: name.to_owned(),
        ty,
        nullable: column.nullable,
        primary_key: false,
        autoincrement,
        unique: false,
        default,
        comment: column.comment.clone(),
        rust_name: None,
        generated,
    }
}

/// The spec type of a column: its portable type, or a custom type with the fallback Rust
/// type (and a warning) when none fits.
fn type_spec(table: &str, column: &ReflectedColumn, warnings: &mut Vec<Warning>) -> TypeSpec {
    let name = Some(column.name.as_str());
    match &column.type_match {
        TypeMatch::Exact => {}
        TypeMatch::Approximate(note) => warn(
            warnings,
            table,
            name,
            format!(
                "type `{}` approximated: {note}; to choose another Rust type, give the \
                 column `sql_type` + `rust_type` in the spec",
                column.sql_type
            ),
        ),
        TypeMatch::Unknown(fallback) => {
            let rust_type = match fallback {
                Fallback::Text => "String",
                Fallback::Bytes => "Vec<u8>",
            };
            let sql_type = column.sql_type.clone();
            let what = if sql_type.is_empty() {
                "no declared type".to_owned()
            } else {
                format!("unknown SQL type `{sql_type}`")
            };
            warn(
                warnings,
                table,
                name,
                format!(
                    "{what}, generated as `{rust_type}`; to map it yourself, give the column \
                     `sql_type: {sql_type:?}` and `rust_type: <a Rust type>` in the spec"
                ),
            );
            return TypeSpec::Custom {
                sql_type,
                rust_type: rust_type.to_owned(),
            };
        }
    }
    match &column.ty {
        ColumnType::SmallInt => TypeSpec::SmallInt,
        ColumnType::Integer => TypeSpec::Integer,
        ColumnType::BigInt => TypeSpec::BigInt,
        ColumnType::Boolean => TypeSpec::Boolean,
        ColumnType::Real => TypeSpec::Real,
        ColumnType::Double => TypeSpec::Double,
        ColumnType::Decimal { precision, scale } => TypeSpec::Decimal {
            precision: *precision,
            scale: *scale,
        },
        ColumnType::Text => TypeSpec::Text,
        ColumnType::Varchar(n) => TypeSpec::Varchar(*n),
        ColumnType::Char(n) => TypeSpec::Char(*n),
        ColumnType::Bytes => TypeSpec::Bytes,
        ColumnType::Date => TypeSpec::Date,
        ColumnType::Time => TypeSpec::Time,
        ColumnType::Timestamp => TypeSpec::Timestamp,
        ColumnType::TimestampTz => TypeSpec::TimestampTz,
        ColumnType::Uuid => TypeSpec::Uuid,
        ColumnType::Json => TypeSpec::Json,
        ColumnType::Enum { name, .. } => TypeSpec::Enum(name.clone()),
        ColumnType::Custom(sql_type) => TypeSpec::Custom {
            sql_type: sql_type.clone(),
            rust_type: "String".to_owned(),
        },
    }
}

/// A default as the spec writes it: a literal where the column's type takes that literal,
/// the database's SQL otherwise.
fn default_spec(literal: &Option<Value>, sql: &str, ty: &TypeSpec) -> DefaultSpec {
    let text_like = matches!(
        ty,
        TypeSpec::Text | TypeSpec::Varchar(_) | TypeSpec::Char(_) | TypeSpec::Enum(_)
    );
    let integer = matches!(
        ty,
        TypeSpec::SmallInt | TypeSpec::Integer | TypeSpec::BigInt
    );
    let float = matches!(ty, TypeSpec::Real | TypeSpec::Double);
    let literal = match literal {
        Some(Value::Bool(Some(b))) if *ty == TypeSpec::Boolean => Some(Literal::Bool(*b)),
        Some(Value::TinyInt(Some(i))) if integer => Some(Literal::Int((*i).into())),
        Some(Value::SmallInt(Some(i))) if integer => Some(Literal::Int((*i).into())),
        Some(Value::Int(Some(i))) if integer => Some(Literal::Int((*i).into())),
        Some(Value::BigInt(Some(i))) if integer => Some(Literal::Int(*i)),
        Some(Value::Float(Some(f))) if float => Some(Literal::Float((*f).into())),
        Some(Value::Double(Some(f))) if float => Some(Literal::Float(*f)),
        Some(Value::String(Some(s))) if text_like => Some(Literal::String(s.to_string())),
        _ => None,
    };
    match literal {
        Some(literal) => DefaultSpec::Literal(literal),
        None => DefaultSpec::Sql(sql.to_owned()),
    }
}

fn action(action: RuntimeAction, dialect: Dialect) -> Option<FkAction> {
    match action {
        // What every database does when none is declared.
        RuntimeAction::NoAction => None,
        // InnoDB's RESTRICT is NO ACTION, and MariaDB reports an undeclared action as
        // RESTRICT: written out, it would not read back the same.
        RuntimeAction::Restrict if dialect == Dialect::Mysql => None,
        RuntimeAction::Cascade => Some(FkAction::Cascade),
        RuntimeAction::SetNull => Some(FkAction::SetNull),
        RuntimeAction::Restrict => Some(FkAction::Restrict),
        RuntimeAction::SetDefault => Some(FkAction::SetDefault),
    }
}

/// Items whose names become the same Rust name (`Name` and `name`, `a b` and `a_b`) get
/// distinct `rust_name`s, numbered in order; `parts` gives an item's SQL name and its
/// `rust_name` slot.
fn distinct_rust_names<T>(items: &mut [T], parts: impl Fn(&mut T) -> (&str, &mut Option<String>)) {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for item in items.iter_mut() {
        *count.entry(naming::snake(parts(item).0)).or_default() += 1;
    }
    let mut used: Vec<String> = Vec::new();
    for item in items.iter_mut() {
        let (name, rust_name) = parts(item);
        let snake = naming::snake(name);
        let plain = naming::unraw(&snake).to_owned();
        if count[&snake] > 1 {
            *rust_name = Some(naming::unique(plain, &mut used));
        } else {
            used.push(plain);
        }
    }
}

/// Columns whose names become the same Rust field or handle get distinct `rust_name`s.
fn distinct_field_names(columns: &mut [ColumnSpec]) {
    distinct_rust_names(columns, |c| (&c.name, &mut c.rust_name));
}

/// Tables whose names become the same module (`Users` and `users`) get distinct
/// `rust_name`s.
fn distinct_module_names(tables: &mut [TableSpec]) {
    distinct_rust_names(tables, |t| (&t.name, &mut t.rust_name));
}
