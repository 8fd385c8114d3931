//! Schema objects: [`MetaData`] holds [`TableDef`]s made of [`ColumnDef`]s, foreign keys and
//! indexes, and creates or drops them all in foreign-key order.
//!
//! Generated code builds these in `Table::def()` and `metadata()`; reflection (later) builds
//! them from a live catalog. [`create_statements`] and [`drop_statements`] show the DDL each dialect gets.

mod catalog;
mod column_types;
mod ddl;
mod target;

pub use ddl::{create_statements, drop_statements};
pub use target::SchemaTarget;

use crate::connection::Connection;
use crate::error::Result;
use crate::value::SqlEnum;

/// A portable column type; each dialect renders it as its nearest native type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnType {
    /// 16-bit integer.
    SmallInt,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    BigInt,
    /// Boolean.
    Boolean,
    /// 32-bit float.
    Real,
    /// 64-bit float.
    Double,
    /// Exact decimal with optional precision and scale.
    Decimal {
        /// Total digits.
        precision: Option<u32>,
        /// Digits after the point.
        scale: Option<u32>,
    },
    /// Unbounded text.
    Text,
    /// Variable-length text with an optional maximum length.
    Varchar(Option<u32>),
    /// Fixed-length text.
    Char(Option<u32>),
    /// Binary data.
    Bytes,
    /// Calendar date.
    Date,
    /// Time of day.
    Time,
    /// Timestamp without time zone.
    Timestamp,
    /// Timestamp with time zone.
    TimestampTz,
    /// UUID.
    Uuid,
    /// JSON document.
    Json,
    /// An enum type: stored as a native enum where the database has one, else as text with
    /// a CHECK constraint.
    Enum {
        /// The enum type's name.
        name: String,
        /// Its values, in order.
        values: Vec<String>,
    },
    /// A type written into DDL as given (`sql_type` in a spec).
    Custom(String),
}

impl ColumnType {
    /// The enum type of a generated Rust enum.
    pub fn enum_of<E: SqlEnum>() -> Self {
        ColumnType::Enum {
            name: E::TYPE_NAME.to_owned(),
            values: E::VARIANTS.iter().map(|v| v.as_str().to_owned()).collect(),
        }
    }
}

/// A column default.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A literal value.
    Value(sea_query::Value),
    /// An SQL expression written into DDL as given, e.g. `CURRENT_TIMESTAMP`.
    Sql(String),
}

/// One column of a [`TableDef`].
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// Column name.
    pub name: String,
    /// Column type.
    pub ty: ColumnType,
    /// NULL allowed.
    pub nullable: bool,
    /// Auto-assigned by the database (must be the single-column integer primary key).
    pub autoincrement: bool,
    /// A single-column unique constraint.
    pub unique: bool,
    /// Default value.
    pub default: Option<DefaultValue>,
    /// Comment (PostgreSQL, MySQL).
    pub comment: Option<String>,
    /// Computed by the database from other columns (`GENERATED ALWAYS AS (…)`).
    pub generated: Option<Generated>,
}

/// The expression of a generated column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The expression, written into DDL as given.
    pub sql: String,
    /// Stored (computed on write) rather than virtual (computed on read). PostgreSQL has
    /// stored generated columns only.
    pub stored: bool,
}

impl ColumnDef {
    /// A NOT NULL column without default.
    pub fn new(name: impl Into<String>, ty: ColumnType) -> Self {
        ColumnDef {
            name: name.into(),
            ty,
            nullable: false,
            autoincrement: false,
            unique: false,
            default: None,
            comment: None,
            generated: None,
        }
    }

    /// Allows NULL.
    pub fn nullable(mut self) -> Self {
        self.nullable = true;
        self
    }

    /// Auto-assigned by the database.
    pub fn autoincrement(mut self) -> Self {
        self.autoincrement = true;
        self
    }

    /// Single-column unique constraint.
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    /// A literal default.
    pub fn default_value(mut self, value: impl Into<sea_query::Value>) -> Self {
        self.default = Some(DefaultValue::Value(value.into()));
        self
    }

    /// An SQL expression default, written into DDL as given.
    pub fn default_sql(mut self, sql: impl Into<String>) -> Self {
        self.default = Some(DefaultValue::Sql(sql.into()));
        self
    }

    /// A comment.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Computed by the database: `GENERATED ALWAYS AS (sql) STORED` (or `VIRTUAL` when
    /// `stored` is false).
    pub fn generated(mut self, sql: impl Into<String>, stored: bool) -> Self {
        self.generated = Some(Generated {
            sql: sql.into(),
            stored,
        });
        self
    }
}

/// What a foreign key does when the referenced row is deleted or its key updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FkAction {
    /// Delete / update the referencing rows too.
    Cascade,
    /// Set the referencing columns to NULL.
    SetNull,
    /// Refuse, checked immediately.
    Restrict,
    /// Refuse, checked at the end of the statement (the SQL default).
    NoAction,
    /// Set the referencing columns to their defaults.
    SetDefault,
}

/// A foreign key of a [`TableDef`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKeyDef {
    /// Constraint name; derived (`fk_<table>_<columns>`) when absent.
    pub name: Option<String>,
    /// Columns of this table.
    pub columns: Vec<String>,
    /// The referenced table.
    pub references: String,
    /// The referenced columns.
    pub to_columns: Vec<String>,
    /// ON DELETE.
    pub on_delete: Option<FkAction>,
    /// ON UPDATE.
    pub on_update: Option<FkAction>,
}

impl ForeignKeyDef {
    /// `FOREIGN KEY (columns) REFERENCES references (to_columns)`.
    pub fn new<C: Into<String>, R: Into<String>>(
        columns: impl IntoIterator<Item = C>,
        references: impl Into<String>,
        to_columns: impl IntoIterator<Item = R>,
    ) -> Self {
        ForeignKeyDef {
            name: None,
            columns: columns.into_iter().map(Into::into).collect(),
            references: references.into(),
            to_columns: to_columns.into_iter().map(Into::into).collect(),
            on_delete: None,
            on_update: None,
        }
    }

    /// Names the constraint.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// ON DELETE action.
    pub fn on_delete(mut self, action: FkAction) -> Self {
        self.on_delete = Some(action);
        self
    }

    /// ON UPDATE action.
    pub fn on_update(mut self, action: FkAction) -> Self {
        self.on_update = Some(action);
        self
    }
}

/// An index of a [`TableDef`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDef {
    /// Index name.
    pub name: String,
    /// Indexed columns.
    pub columns: Vec<String>,
    /// A unique index.
    pub unique: bool,
}

impl IndexDef {
    /// A non-unique index.
    pub fn new<C: Into<String>>(
        name: impl Into<String>,
        columns: impl IntoIterator<Item = C>,
    ) -> Self {
        IndexDef {
            name: name.into(),
            columns: columns.into_iter().map(Into::into).collect(),
            unique: false,
        }
    }

    /// Makes it unique.
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
}

/// A named CHECK constraint of a [`TableDef`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckDef {
    /// Constraint name, reported in [`Error::Constraint`](crate::Error::Constraint) when
    /// the check fails.
    pub name: String,
    /// The condition, as SQL written into DDL (e.g. `price >= 0`).
    pub sql: String,
}

impl CheckDef {
    /// `CONSTRAINT name CHECK (sql)`.
    pub fn new(name: impl Into<String>, sql: impl Into<String>) -> Self {
        CheckDef {
            name: name.into(),
            sql: sql.into(),
        }
    }
}

/// A table: columns, keys and indexes.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDef {
    /// Table name.
    pub name: String,
    /// Comment (PostgreSQL, MySQL).
    pub comment: Option<String>,
    /// Columns in order.
    pub columns: Vec<ColumnDef>,
    /// Primary key columns, in key order; empty when the table has none.
    pub primary_key: Vec<String>,
    /// Multi-column unique constraints.
    pub unique: Vec<Vec<String>>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKeyDef>,
    /// Indexes.
    pub indexes: Vec<IndexDef>,
    /// CHECK constraints.
    pub checks: Vec<CheckDef>,
    /// For a view: its defining query, when known. A view with a query is created by
    /// `create_all` (after the tables) and dropped by `drop_all`; one without is left
    /// alone. `None` for a table.
    pub view: Option<ViewDef>,
}

/// What makes a [`TableDef`] a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewDef {
    /// The defining `SELECT`, written into `CREATE VIEW … AS` as given.
    pub sql: Option<String>,
}

impl TableDef {
    /// An empty table named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        TableDef {
            name: name.into(),
            comment: None,
            columns: Vec::new(),
            primary_key: Vec::new(),
            unique: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            checks: Vec::new(),
            view: None,
        }
    }

    /// Makes this a view that already exists (its columns are what it selects).
    pub fn view(mut self) -> Self {
        self.view = Some(ViewDef { sql: None });
        self
    }

    /// Makes this a view defined by `sql`, which `create_all` creates.
    pub fn view_as(mut self, sql: impl Into<String>) -> Self {
        self.view = Some(ViewDef {
            sql: Some(sql.into()),
        });
        self
    }

    /// True for a view.
    pub fn is_view(&self) -> bool {
        self.view.is_some()
    }

    /// A comment.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Adds a column.
    pub fn column(mut self, column: ColumnDef) -> Self {
        self.columns.push(column);
        self
    }

    /// Sets the primary key.
    pub fn primary_key<C: Into<String>>(mut self, columns: impl IntoIterator<Item = C>) -> Self {
        self.primary_key = columns.into_iter().map(Into::into).collect();
        self
    }

    /// Adds a multi-column unique constraint.
    pub fn unique<C: Into<String>>(mut self, columns: impl IntoIterator<Item = C>) -> Self {
        self.unique
            .push(columns.into_iter().map(Into::into).collect());
        self
    }

    /// Adds a foreign key.
    pub fn foreign_key(mut self, foreign_key: ForeignKeyDef) -> Self {
        self.foreign_keys.push(foreign_key);
        self
    }

    /// Adds an index.
    pub fn index(mut self, index: IndexDef) -> Self {
        self.indexes.push(index);
        self
    }

    /// Adds a CHECK constraint.
    pub fn check(mut self, check: CheckDef) -> Self {
        self.checks.push(check);
        self
    }

    /// The column named `name`.
    pub fn column_named(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// A collection of tables, created and dropped together (SQLAlchemy's `MetaData`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MetaData {
    /// Tables, in declaration order.
    pub tables: Vec<TableDef>,
}

impl MetaData {
    /// Empty metadata.
    pub fn new() -> Self {
        MetaData::default()
    }

    /// Adds a table.
    pub fn table(mut self, table: TableDef) -> Self {
        self.tables.push(table);
        self
    }

    /// The table named `name`.
    pub fn table_named(&self, name: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The tables in an order where every table comes after the tables it references
    /// (declaration order where foreign keys do not decide). Tables in a reference cycle
    /// keep their declaration order.
    pub fn sorted_tables(&self) -> Vec<&TableDef> {
        ddl::dependency_order(&self.tables)
    }

    /// Creates every table that does not exist yet — with its enum types, indexes,
    /// constraints and comments — in foreign-key order, in one transaction (MySQL commits
    /// each DDL statement by itself). Tables that exist are left alone, so running it twice
    /// is harmless.
    ///
    /// `target` is an [`Engine`](crate::Engine) or a connection you hold (`&mut
    /// Connection`); with the `async` feature also an `AsyncEngine` or `&mut
    /// AsyncConnection`, and the call is then awaited.
    pub fn create_all<'a, T: SchemaTarget<'a>>(&'a self, target: T) -> T::Output {
        target.create_all(self)
    }

    /// [`create_all`](Self::create_all) on a connection you already hold.
    pub fn create_all_on(&self, connection: &mut Connection) -> Result<()> {
        self.create_all(connection)
    }

    /// Drops every table of this metadata that exists, dependents first (and, on
    /// PostgreSQL, its enum types), in one transaction (MySQL commits each DDL statement by
    /// itself). `target` as for [`create_all`](Self::create_all).
    pub fn drop_all<'a, T: SchemaTarget<'a>>(&'a self, target: T) -> T::Output {
        target.drop_all(self)
    }

    /// [`drop_all`](Self::drop_all) on a connection you already hold.
    pub fn drop_all_on(&self, connection: &mut Connection) -> Result<()> {
        self.drop_all(connection)
    }
}
