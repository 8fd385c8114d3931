//! The YAML model spec, version 1: the contract users write against.
//!
//! [`parse`] reads a spec with `serde_yaml` into the typed [`Spec`] below and checks everything
//! that can be checked on the spec alone (types, references, keys). Every problem is collected
//! as a [`Problem`] that names a [`SpecPath`]; the line and column are looked up only when an
//! error is reported (see [`locate`]), so later stages (naming, relationship inference) can
//! report problems against the same file without threading positions through the model.

mod error;
mod locate;
mod parse;
mod write;

pub use error::{LocatedProblem, Problem, SpecError};
pub use locate::{Position, locate};
pub use parse::parse;
pub use write::to_yaml;

/// A path to a node of the spec document: mapping keys and sequence indexes, from the root.
///
/// `tables.users.columns.email.type` is `["tables", "users", "columns", "email", "type"]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SpecPath(pub Vec<String>);

impl SpecPath {
    /// The document root.
    pub fn root() -> Self {
        SpecPath(Vec::new())
    }

    /// This path extended by one mapping key or sequence index.
    pub fn join(&self, segment: impl ToString) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment.to_string());
        SpecPath(segments)
    }

    /// The path of table `table`.
    pub fn table(table: &str) -> Self {
        SpecPath(vec!["tables".into(), table.into()])
    }

    /// The path of column `column` of table `table`.
    pub fn column(table: &str, column: &str) -> Self {
        Self::table(table).join("columns").join(column)
    }

    /// The path of relationship `name` declared on table `table`.
    pub fn relationship(table: &str, name: &str) -> Self {
        Self::table(table).join("relationships").join(name)
    }
}

impl std::fmt::Display for SpecPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join("."))
    }
}

/// A whole spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Always 1 for now.
    pub version: u32,
    /// Default module / crate name.
    pub name: Option<String>,
    /// Enum types, in file order.
    pub enums: Vec<EnumSpec>,
    /// Tables, in file order.
    pub tables: Vec<TableSpec>,
}

/// `enums: { name: [value, …] }`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumSpec {
    /// The SQL name of the enum type.
    pub name: String,
    /// Its values, in order.
    pub values: Vec<String>,
}

/// One table of `tables:`.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSpec {
    /// The SQL table name.
    pub name: String,
    /// Becomes the doc comment of the generated module and types.
    pub comment: Option<String>,
    /// Overrides the derived Rust names (module name; types are derived from it).
    pub rust_name: Option<String>,
    /// Columns, in file order.
    pub columns: Vec<ColumnSpec>,
    /// The primary key columns, in key order: from the table-level `primary_key:` list, or
    /// else the columns marked `primary_key: true` in column order. Empty when there is none.
    pub primary_key: Vec<String>,
    /// Multi-column unique constraints (`unique: [[a, b], …]`).
    pub unique: Vec<Vec<String>>,
    /// All foreign keys: single-column `references:` (in column order) followed by the
    /// table-level `foreign_keys:` list.
    pub foreign_keys: Vec<ForeignKeySpec>,
    /// Indexes, in file order.
    pub indexes: Vec<IndexSpec>,
    /// CHECK constraints (`checks:`), in file order.
    pub checks: Vec<CheckSpec>,
    /// Declared relationships; `None` when the table has no `relationships:` key, which means
    /// "infer them from foreign keys".
    pub relationships: Option<Vec<RelationshipSpec>>,
    /// `view: true` or `view: { sql: QUERY }`: a view, generated read-only (no insert
    /// struct). `None` for a table.
    pub view: Option<ViewSpec>,
}

/// A view (`view:` on a table entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewSpec {
    /// The defining query (`view: { sql: SELECT … }`), which `create_all` creates the view
    /// from; without it (`view: true`) the view is expected to exist already.
    pub sql: Option<String>,
}

/// A generated (computed) column: `generated: EXPRESSION` or
/// `generated: { sql: EXPRESSION, stored: false }`. Read-only: not in the insert struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedSpec {
    /// The expression, written into DDL as given.
    pub sql: String,
    /// Stored (computed on write) rather than virtual (computed on read); `true` unless
    /// written `stored: false`. PostgreSQL has stored generated columns only.
    pub stored: bool,
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    /// The SQL column name.
    pub name: String,
    /// Its type.
    pub ty: TypeSpec,
    /// `Option<T>` in Rust when true.
    pub nullable: bool,
    /// Marked `primary_key: true` on the column itself.
    pub primary_key: bool,
    /// The database assigns the value; left out of the insert struct.
    pub autoincrement: bool,
    /// A single-column unique constraint.
    pub unique: bool,
    /// The column default.
    pub default: Option<DefaultSpec>,
    /// Doc comment.
    pub comment: Option<String>,
    /// Overrides the derived Rust field name.
    pub rust_name: Option<String>,
    /// Computed by the database from other columns; read-only.
    pub generated: Option<GeneratedSpec>,
}

/// A column type: one of the portable types, an enum of the spec, or a custom type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeSpec {
    /// `smallint` → i16
    SmallInt,
    /// `integer` → i32
    Integer,
    /// `bigint` → i64
    BigInt,
    /// `boolean` → bool
    Boolean,
    /// `real` → f32
    Real,
    /// `double` → f64
    Double,
    /// `decimal`, `decimal(p)` or `decimal(p,s)` → rust_decimal::Decimal
    Decimal {
        /// Total digits.
        precision: Option<u32>,
        /// Digits after the point.
        scale: Option<u32>,
    },
    /// `text` → String
    Text,
    /// `varchar(n)` (or `varchar`) → String
    Varchar(Option<u32>),
    /// `char(n)` (or `char`) → String
    Char(Option<u32>),
    /// `bytes` → `Vec<u8>`
    Bytes,
    /// `date` → chrono::NaiveDate
    Date,
    /// `time` → chrono::NaiveTime
    Time,
    /// `timestamp` → chrono::NaiveDateTime
    Timestamp,
    /// `timestamptz` → `chrono::DateTime<Utc>`
    TimestampTz,
    /// `uuid` → uuid::Uuid
    Uuid,
    /// `json` → serde_json::Value
    Json,
    /// The name of an enum declared under `enums:`.
    Enum(String),
    /// `sql_type` + `rust_type`: written as given.
    Custom {
        /// The SQL type, as written in DDL.
        sql_type: String,
        /// The Rust type path it maps to.
        rust_type: String,
    },
}

/// A column default.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultSpec {
    /// `default: 0`, `default: 'x'`, `default: true`, `default: draft` (an enum value).
    Literal(Literal),
    /// `default: { sql: EXPRESSION }`: written into DDL as is.
    Sql(String),
}

/// A literal default value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `true` / `false`
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string (also an enum value).
    String(String),
}

/// Referential action of a foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FkAction {
    /// `cascade`
    Cascade,
    /// `set_null`
    SetNull,
    /// `restrict`
    Restrict,
    /// `no_action`
    NoAction,
    /// `set_default`
    SetDefault,
}

/// A foreign key, single-column (from `references:`) or composite (from `foreign_keys:`).
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKeySpec {
    /// Columns of this table.
    pub columns: Vec<String>,
    /// The referenced table.
    pub references: String,
    /// The referenced columns, same length as `columns`.
    pub to_columns: Vec<String>,
    /// `ON DELETE`.
    pub on_delete: Option<FkAction>,
    /// `ON UPDATE`.
    pub on_update: Option<FkAction>,
    /// Where it was declared: the column's `references` key or the `foreign_keys` item, so
    /// that later stages can report problems against it.
    pub path: SpecPath,
}

/// An index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexSpec {
    /// The index name; derived when absent.
    pub name: Option<String>,
    /// Indexed columns, in order.
    pub columns: Vec<String>,
    /// A unique index.
    pub unique: bool,
}

/// A table-level CHECK constraint: `{ name: NAME, sql: EXPRESSION }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSpec {
    /// The constraint name as written; [`default_check_name`] when absent.
    pub name: Option<String>,
    /// The condition, written into DDL as given.
    pub sql: String,
}

/// The name of an unnamed check: `ck_<table>_<n>`, `n` its 1-based position in `checks:`
/// (`position` is 0-based).
pub fn default_check_name(table: &str, position: usize) -> String {
    format!("ck_{table}_{}", position + 1)
}

/// A declared relationship.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipSpec {
    /// The relationship name (an accessor name in generated code).
    pub name: String,
    /// The target table.
    pub to: String,
    /// How the two tables are linked.
    pub link: RelationshipLink,
    /// The name of the relationship on `to` that points back here.
    pub back_populates: Option<String>,
    /// `cascade: [delete, delete-orphan]`: what an ORM session does along it.
    pub cascade: CascadeSpec,
}

/// A relationship's ORM cascades (`save-update` is always on and not recorded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CascadeSpec {
    /// `delete` (or `all`): deleting the object deletes the related objects.
    pub delete: bool,
    /// `delete-orphan`: an object removed from the relationship is deleted.
    pub delete_orphan: bool,
}

impl CascadeSpec {
    /// True when any cascade beyond the default is on.
    pub fn any(&self) -> bool {
        self.delete || self.delete_orphan
    }
}

/// How a declared relationship links its two tables.
#[derive(Debug, Clone, PartialEq)]
pub enum RelationshipLink {
    /// `via: fk_column` or `via: [a, b]`: columns of *this* table forming a foreign key to
    /// `to` (many-to-one, or one-to-one when the columns are unique), or — when this table has
    /// no such foreign key — columns of `to` forming a foreign key back to this table
    /// (one-to-many / one-to-one from the referenced side).
    Via(Vec<String>),
    /// `through: association_table`: many-to-many.
    Through(String),
}
