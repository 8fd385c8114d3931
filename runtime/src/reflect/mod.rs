//! Reflection: reading a live database's schema (SQLAlchemy's `inspect(engine)`), for
//! generating code from a database that already exists.
//!
//! An [`Inspector`] wraps a [`Connection`]; [`Inspector::reflect`] reads one schema — its
//! tables, and its views when asked — into a [`ReflectedSchema`]: columns with the
//! database's own type text and a portable [`ColumnType`], defaults, auto-assigned and
//! generated columns, keys, indexes, checks, enums and domains.
//! [`ReflectedSchema::to_metadata`] turns it into the schema objects `create_all` takes.
//!
//! ```
//! use retort::reflect::{Inspector, ReflectOptions};
//! use retort::ColumnType;
//!
//! let engine = retort::Engine::connect("sqlite::memory:")?;
//! let mut conn = engine.connection()?;
//! conn.execute_batch(
//!     "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);
//!      CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id),
//!                          status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')))",
//! )?;
//! let schema = Inspector::new(&mut conn).reflect(&ReflectOptions::new())?;
//! let posts = schema.table("posts").unwrap();
//! assert_eq!(posts.primary_key, ["id"]);
//! assert_eq!(posts.foreign_keys[0].references, "users");
//! assert_eq!(
//!     posts.column("status").unwrap().ty,
//!     ColumnType::Enum { name: "posts_status".into(), values: vec!["draft".into(), "published".into()] }
//! );
//! # Ok::<(), retort::Error>(())
//! ```
//!
//! Each database is read through its own catalog: SQLite through its PRAGMAs (and the
//! stored CREATE TABLE text only for CHECK constraints, the AUTOINCREMENT keyword and
//! generated columns' expressions), PostgreSQL (12 and later) through `pg_catalog`, MySQL
//! and MariaDB through `information_schema`. Names go into catalog queries as bound
//! values, so any name works.

mod defaults;
mod enums;
mod keys;
mod model;
mod mysql;
mod postgres;
mod sql_text;
mod sqlite;
mod sqlite_ddl;
mod types;

pub use model::{
    AutoIncrement, Domain, EnumKind, EnumType, Fallback, ReflectedCheck, ReflectedColumn,
    ReflectedDefault, ReflectedForeignKey, ReflectedIndex, ReflectedSchema, ReflectedTable,
    ReflectedView, TypeMatch, UniqueConstraint,
};

use std::collections::{BTreeSet, HashSet};

use crate::connection::Connection;
use crate::dialect::Dialect;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::schema::ColumnType;
use sql_text::Flavor;

/// What [`Inspector::reflect`] reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReflectOptions {
    /// The schema: a PostgreSQL schema, a MySQL database, a SQLite database name (`main`,
    /// `temp`, an attached one). `None`: the connection's own (see
    /// [`Inspector::default_schema`]).
    pub schema: Option<String>,
    /// Only these tables (and views, with `views`); `None`: all. Naming one that does not
    /// exist is [`Error::DoesNotExist`].
    pub tables: Option<Vec<String>>,
    /// Leave these tables and views out.
    pub exclude: Vec<String>,
    /// Read views too.
    pub views: bool,
}

impl ReflectOptions {
    /// Every table of the connection's schema, no views.
    pub fn new() -> Self {
        ReflectOptions::default()
    }

    /// Reads `schema` instead of the connection's.
    pub fn schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = Some(schema.into());
        self
    }

    /// Reads only these tables (and views).
    pub fn tables<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.tables = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Leaves these tables (and views) out.
    pub fn exclude<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.exclude.extend(names.into_iter().map(Into::into));
        self
    }

    /// Reads views too (or not).
    pub fn views(mut self, views: bool) -> Self {
        self.views = views;
        self
    }
}

/// Reads the schema of a live database through one connection (SQLAlchemy's
/// `Inspector`).
#[derive(Debug)]
pub struct Inspector<'c> {
    connection: &'c mut Connection,
}

/// Reflects the schema `options` name through a connection of `engine`:
/// [`Inspector::reflect`] in one call.
pub fn inspect(engine: &Engine, options: &ReflectOptions) -> Result<ReflectedSchema> {
    let mut connection = engine.connection()?;
    Inspector::new(&mut connection).reflect(options)
}

/// A table or view as the catalog lists it, before its details are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relation {
    pub name: String,
    pub kind: RelationKind,
    pub comment: Option<String>,
    /// A view's SELECT.
    pub definition: Option<String>,
}

/// What a [`Relation`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RelationKind {
    Table,
    View,
    MaterializedView,
}

/// What a dialect's reader hands back for the relations it was given.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub tables: Vec<ReflectedTable>,
    pub views: Vec<ReflectedView>,
    /// Enum types the database names (PostgreSQL) and MySQL ENUM / SET columns; CHECK
    /// lists are found afterwards, for every database alike.
    pub enums: Vec<EnumType>,
    pub domains: Vec<Domain>,
}

impl<'c> Inspector<'c> {
    /// An inspector reading through `connection`.
    pub fn new(connection: &'c mut Connection) -> Self {
        Inspector { connection }
    }

    /// The connection's dialect.
    pub fn dialect(&self) -> Dialect {
        self.connection.dialect()
    }

    /// The schema read when none is named: SQLite `main`; PostgreSQL the connection's
    /// `current_schema()` — `public` unless the search path says otherwise, and where
    /// `create_all` creates tables; MySQL the connection's database (an error when the URL
    /// names none).
    pub fn default_schema(&mut self) -> Result<String> {
        match self.dialect() {
            Dialect::Sqlite => Ok("main".to_owned()),
            Dialect::Postgres => postgres::default_schema(self.connection),
            Dialect::Mysql => mysql::default_schema(self.connection),
        }
    }

    /// The schemas there are, sorted: SQLite's databases (`main`, `temp`, attached
    /// ones), PostgreSQL's schemas and MySQL's databases, without the system ones.
    pub fn schema_names(&mut self) -> Result<Vec<String>> {
        let mut names = match self.dialect() {
            Dialect::Sqlite => sqlite::schema_names(self.connection)?,
            Dialect::Postgres => postgres::schema_names(self.connection)?,
            Dialect::Mysql => mysql::schema_names(self.connection)?,
        };
        names.sort();
        Ok(names)
    }

    /// The tables of `schema` (`None`: [`default_schema`](Self::default_schema)),
    /// sorted. An empty database has none; a schema that does not exist is
    /// [`Error::DoesNotExist`].
    pub fn table_names(&mut self, schema: Option<&str>) -> Result<Vec<String>> {
        let schema = self.existing_schema(schema)?;
        Ok(self
            .relations(&schema)?
            .into_iter()
            .filter(|r| r.kind == RelationKind::Table)
            .map(|r| r.name)
            .collect())
    }

    /// The views of `schema` (PostgreSQL: materialized ones too), sorted.
    pub fn view_names(&mut self, schema: Option<&str>) -> Result<Vec<String>> {
        let schema = self.existing_schema(schema)?;
        Ok(self
            .relations(&schema)?
            .into_iter()
            .filter(|r| r.kind != RelationKind::Table)
            .map(|r| r.name)
            .collect())
    }

    /// The table `name` of `schema`; [`Error::DoesNotExist`] when there is none.
    pub fn table(&mut self, name: &str, schema: Option<&str>) -> Result<ReflectedTable> {
        let mut options = ReflectOptions::new().tables([name]);
        options.schema = schema.map(str::to_owned);
        let reflected = self.reflect(&options)?;
        reflected
            .tables
            .into_iter()
            .next()
            .ok_or_else(|| does_not_exist("table", &reflected.schema, name))
    }

    /// Reads the schema `options` names: its tables (all, or those named, less those
    /// excluded), its views when asked, the enums and domains they use. An empty schema
    /// gives empty lists; a schema that does not exist, or a named table that does not,
    /// is [`Error::DoesNotExist`].
    pub fn reflect(&mut self, options: &ReflectOptions) -> Result<ReflectedSchema> {
        let schema = self.existing_schema(options.schema.as_deref())?;
        let relations = select(self.relations(&schema)?, options, &schema)?;
        let mut catalog = match self.dialect() {
            Dialect::Sqlite => sqlite::read(self.connection, &schema, &relations)?,
            Dialect::Postgres => postgres::read(self.connection, &schema, &relations)?,
            Dialect::Mysql => mysql::read(self.connection, &schema, &relations)?,
        };
        let flavor = flavor(self.dialect());
        for table in &mut catalog.tables {
            catalog.enums.extend(check_enums(table, flavor));
        }
        name_enums_uniquely(&mut catalog);
        let mut reflected = ReflectedSchema {
            dialect: self.dialect(),
            schema,
            tables: catalog.tables,
            views: catalog.views,
            enums: catalog.enums,
            domains: catalog.domains,
        };
        reflected.tables.sort_by(|a, b| a.name.cmp(&b.name));
        reflected.views.sort_by(|a, b| a.name.cmp(&b.name));
        reflected
            .enums
            .sort_by(|a, b| (&a.name, &a.schema).cmp(&(&b.name, &b.schema)));
        reflected
            .domains
            .sort_by(|a, b| (&a.name, &a.schema).cmp(&(&b.name, &b.schema)));
        Ok(reflected)
    }

    /// `schema`, or the default one, checked to exist.
    fn existing_schema(&mut self, schema: Option<&str>) -> Result<String> {
        let schema = match schema {
            Some(schema) => schema.to_owned(),
            None => self.default_schema()?,
        };
        let exists = match self.dialect() {
            Dialect::Sqlite => sqlite::schema_names(self.connection)?.contains(&schema),
            Dialect::Postgres => postgres::schema_exists(self.connection, &schema)?,
            Dialect::Mysql => mysql::schema_exists(self.connection, &schema)?,
        };
        if !exists {
            return Err(Error::DoesNotExist {
                kind: "schema",
                name: schema,
            });
        }
        Ok(schema)
    }

    /// The tables and views of an existing schema, sorted by name.
    fn relations(&mut self, schema: &str) -> Result<Vec<Relation>> {
        let mut relations = match self.dialect() {
            Dialect::Sqlite => sqlite::relations(self.connection, schema)?,
            Dialect::Postgres => postgres::relations(self.connection, schema)?,
            Dialect::Mysql => mysql::relations(self.connection, schema)?,
        };
        relations.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(relations)
    }
}

fn does_not_exist(kind: &'static str, schema: &str, name: &str) -> Error {
    Error::DoesNotExist {
        kind,
        name: format!("{schema}.{name}"),
    }
}

/// The relations `options` asks for; a named one that is not there is an error.
fn select(
    relations: Vec<Relation>,
    options: &ReflectOptions,
    schema: &str,
) -> Result<Vec<Relation>> {
    let wanted = |r: &Relation| options.views || r.kind == RelationKind::Table;
    if let Some(names) = &options.tables {
        let present: HashSet<&str> = relations
            .iter()
            .filter(|r| wanted(r))
            .map(|r| r.name.as_str())
            .collect();
        if let Some(missing) = names.iter().find(|n| !present.contains(n.as_str())) {
            let kind = if options.views {
                "table or view"
            } else {
                "table"
            };
            return Err(does_not_exist(kind, schema, missing));
        }
    }
    let only: Option<HashSet<&str>> = options
        .tables
        .as_ref()
        .map(|names| names.iter().map(String::as_str).collect());
    let excluded: HashSet<&str> = options.exclude.iter().map(String::as_str).collect();
    Ok(relations
        .into_iter()
        .filter(|r| wanted(r))
        .filter(|r| only.as_ref().is_none_or(|o| o.contains(r.name.as_str())))
        .filter(|r| !excluded.contains(r.name.as_str()))
        .collect())
}

fn flavor(dialect: Dialect) -> Flavor {
    match dialect {
        Dialect::Sqlite => Flavor::Sqlite,
        Dialect::Postgres => Flavor::Postgres,
        Dialect::Mysql => Flavor::Mysql,
    }
}

/// Turns each `CHECK (column IN ('a', …))` on a text column into the column's enum type
/// (named `<table>_<column>`), taking the check out of the table's list.
fn check_enums(table: &mut ReflectedTable, flavor: Flavor) -> Vec<EnumType> {
    let mut found = Vec::new();
    let mut kept = Vec::new();
    for check in std::mem::take(&mut table.checks) {
        let column = enums::in_list(&check.sql, flavor).and_then(|list| {
            let at = column_position(&table.columns, &list.operand, list.bare, flavor)?;
            let column = &mut table.columns[at];
            types::is_text(&column.ty).then_some((column, list.values))
        });
        match column {
            Some((column, values)) => {
                let name = format!("{}_{}", table.name, column.name);
                column.ty = ColumnType::Enum {
                    name: name.clone(),
                    values: values.clone(),
                };
                found.push(EnumType {
                    name,
                    schema: None,
                    values,
                    kind: EnumKind::Check {
                        table: table.name.clone(),
                        column: column.name.clone(),
                        constraint: check.name,
                    },
                });
            }
            None => kept.push(check),
        }
    }
    table.checks = kept;
    found
}

/// The column a check's operand names: SQLite and MySQL compare column names ignoring
/// case; PostgreSQL folds a bare name to lower case.
fn column_position(
    columns: &[ReflectedColumn],
    operand: &str,
    bare: bool,
    flavor: Flavor,
) -> Option<usize> {
    let exact = columns.iter().position(|c| c.name == operand);
    match flavor {
        _ if exact.is_some() => exact,
        Flavor::Postgres if bare => {
            let folded = operand.to_lowercase();
            columns.iter().position(|c| c.name == folded)
        }
        Flavor::Postgres => None,
        Flavor::Sqlite | Flavor::Mysql => columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(operand)),
    }
}

/// Column-level enums are named `<table>_<column>`: where two names clash (with each
/// other or a PostgreSQL type), later ones get `_2`, `_3`…, in their columns too.
fn name_enums_uniquely(catalog: &mut Catalog) {
    let mut taken: BTreeSet<String> = catalog
        .enums
        .iter()
        .filter(|e| matches!(e.kind, EnumKind::Native | EnumKind::Domain))
        .map(|e| e.name.clone())
        .collect();
    for enum_type in &mut catalog.enums {
        let (table, column) = match &enum_type.kind {
            EnumKind::Native | EnumKind::Domain => continue,
            EnumKind::MysqlEnum { table, column }
            | EnumKind::Set { table, column }
            | EnumKind::Check { table, column, .. } => (table.clone(), column.clone()),
        };
        let base = enum_type.name.clone();
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        taken.insert(name.clone());
        if name == base {
            continue;
        }
        enum_type.name = name.clone();
        let column = catalog
            .tables
            .iter_mut()
            .filter(|t| t.name == table)
            .flat_map(|t| t.columns.iter_mut())
            .find(|c| c.name == column);
        if let Some(ColumnType::Enum { name: used, .. }) = column.map(|c| &mut c.ty) {
            *used = name;
        }
    }
}
