//! What reflection reports: a [`ReflectedSchema`] of tables, views, enum types and domains,
//! each as the database describes it, and its conversion into the schema objects
//! ([`TableDef`], [`MetaData`]) that `create_all` takes.

use crate::dialect::Dialect;
use crate::schema::{
    CheckDef, ColumnDef, ColumnType, DefaultValue, FkAction, ForeignKeyDef, Generated, IndexDef,
    MetaData, TableDef, ViewDef,
};

/// One schema of a database as reflected by [`Inspector::reflect`](super::Inspector::reflect).
#[derive(Debug, Clone, PartialEq)]
pub struct ReflectedSchema {
    /// The database it was read from.
    pub dialect: Dialect,
    /// The schema's name: SQLite's database name (`main`), PostgreSQL's schema, MySQL's
    /// database.
    pub schema: String,
    /// Tables, sorted by name.
    pub tables: Vec<ReflectedTable>,
    /// Views (with [`ReflectOptions::views`](super::ReflectOptions::views)), sorted by name.
    pub views: Vec<ReflectedView>,
    /// Every enum the tables use or the schema defines, sorted by name: PostgreSQL enum
    /// types (also from other schemas, when a column uses one), MySQL `ENUM` / `SET`
    /// columns, `CHECK (column IN (…))` lists and PostgreSQL domains that list their values.
    pub enums: Vec<EnumType>,
    /// PostgreSQL domains the schema defines or its columns use, sorted by name.
    pub domains: Vec<Domain>,
}

impl ReflectedSchema {
    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&ReflectedTable> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The view named `name`.
    pub fn view(&self, name: &str) -> Option<&ReflectedView> {
        self.views.iter().find(|v| v.name == name)
    }

    /// The enum type named `name`.
    pub fn enum_type(&self, name: &str) -> Option<&EnumType> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// The tables, then the views, as schema objects, in name order (see
    /// [`ReflectedTable::to_table_def`] and [`ReflectedView::to_table_def`]).
    pub fn to_metadata(&self) -> MetaData {
        let tables = self.tables.iter().map(ReflectedTable::to_table_def);
        let views = self.views.iter().map(ReflectedView::to_table_def);
        MetaData {
            tables: tables.chain(views).collect(),
        }
    }
}

/// A table: columns in declaration order, keys, indexes and checks.
#[derive(Debug, Clone, PartialEq)]
pub struct ReflectedTable {
    /// Table name, exactly as stored.
    pub name: String,
    /// Comment (PostgreSQL, MySQL; SQLite has none).
    pub comment: Option<String>,
    /// Columns in declaration order.
    pub columns: Vec<ReflectedColumn>,
    /// Primary key columns in key order; empty when the table has none.
    pub primary_key: Vec<String>,
    /// The primary key constraint's name, where the database keeps one (PostgreSQL;
    /// MySQL always says `PRIMARY`; SQLite's PRAGMAs do not tell).
    pub primary_key_name: Option<String>,
    /// Foreign keys, ordered by their columns.
    pub foreign_keys: Vec<ReflectedForeignKey>,
    /// Unique constraints (a single-column one included), ordered by their columns.
    pub unique_constraints: Vec<UniqueConstraint>,
    /// Indexes other than those that only back the primary key, a unique constraint or
    /// (MySQL) a foreign key, ordered by name.
    pub indexes: Vec<ReflectedIndex>,
    /// CHECK constraints — in the order written on SQLite, by name elsewhere — except
    /// `column IN (…)` lists read as enums (the column's type is then
    /// [`ColumnType::Enum`] and the enum's [`EnumKind::Check`] names the constraint) and
    /// MariaDB's `json_valid` check of a JSON column.
    pub checks: Vec<ReflectedCheck>,
}

impl ReflectedTable {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&ReflectedColumn> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The table as a [`TableDef`] for `create_all`:
    ///
    /// - a single-column unique constraint becomes [`ColumnDef::unique`], others
    ///   [`TableDef::unique`];
    /// - defaults are literal values where [`ReflectedDefault::literal`] has one, SQL
    ///   otherwise; an auto-assigned column has none;
    /// - `NO ACTION`, every database's default, becomes no action (`None`);
    /// - unnamed checks are named `ck_<table>_<n>`;
    /// - indexes over expressions or with a WHERE clause are left out (an [`IndexDef`]
    ///   cannot say them).
    pub fn to_table_def(&self) -> TableDef {
        let single_unique = |column: &str| {
            self.unique_constraints
                .iter()
                .any(|u| u.columns.len() == 1 && u.columns[0] == column)
        };
        let mut table = TableDef::new(self.name.clone());
        table.comment = self.comment.clone();
        table.columns = self
            .columns
            .iter()
            .map(|c| {
                let mut def = c.to_column_def();
                def.unique = single_unique(&c.name);
                def
            })
            .collect();
        table.primary_key = self.primary_key.clone();
        table.unique = self
            .unique_constraints
            .iter()
            .filter(|u| u.columns.len() > 1)
            .map(|u| u.columns.clone())
            .collect();
        table.foreign_keys = self
            .foreign_keys
            .iter()
            .map(|fk| ForeignKeyDef {
                name: fk.name.clone(),
                columns: fk.columns.clone(),
                references: fk.references.clone(),
                to_columns: fk.to_columns.clone(),
                on_delete: explicit(fk.on_delete),
                on_update: explicit(fk.on_update),
            })
            .collect();
        table.indexes = self
            .indexes
            .iter()
            .filter(|i| !i.has_expressions && !i.partial)
            .map(|i| IndexDef {
                name: i.name.clone(),
                columns: i.columns.clone(),
                unique: i.unique,
            })
            .collect();
        table.checks = self
            .checks
            .iter()
            .enumerate()
            .map(|(n, check)| {
                let name = check
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("ck_{}_{}", self.name, n + 1));
                CheckDef::new(name, check.sql.clone())
            })
            .collect();
        table
    }
}

/// `NO ACTION` is what every database does when none is declared.
fn explicit(action: FkAction) -> Option<FkAction> {
    (action != FkAction::NoAction).then_some(action)
}

/// A view: its columns, read like a table's.
#[derive(Debug, Clone, PartialEq)]
pub struct ReflectedView {
    /// View name.
    pub name: String,
    /// Comment (PostgreSQL).
    pub comment: Option<String>,
    /// Columns in order. Databases know little about a view's columns: SQLite reports the
    /// declared type of the column a view column comes from (none for an expression) and
    /// every column nullable; PostgreSQL every column nullable.
    pub columns: Vec<ReflectedColumn>,
    /// The SELECT it stands for, as the database stores it.
    pub definition: Option<String>,
    /// A PostgreSQL materialized view.
    pub materialized: bool,
}

impl ReflectedView {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&ReflectedColumn> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The view as a [`TableDef`] of a view that already exists ([`TableDef::view`]):
    /// `create_all` leaves it alone. Its [`definition`](Self::definition) is not passed
    /// on, as it is not portable between databases (MySQL qualifies every name in it
    /// with the database's).
    pub fn to_table_def(&self) -> TableDef {
        let mut view = TableDef::new(self.name.clone());
        view.comment = self.comment.clone();
        view.columns = self.columns.iter().map(|c| c.to_column_def()).collect();
        view.view = Some(ViewDef { sql: None });
        view
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub struct ReflectedColumn {
    /// Column name, exactly as stored.
    pub name: String,
    /// The type as the database writes it: `character varying(20)`, `NUMERIC(10,2)`,
    /// `enum('a','b')`, `FANCYTYPE`, a domain's name; empty for a SQLite column declared
    /// without a type.
    pub sql_type: String,
    /// The portable type: [`ColumnType::Custom`]`(sql_type)` when none fits (see
    /// [`type_match`](Self::type_match)); a domain's column has its base type.
    pub ty: ColumnType,
    /// How well [`ty`](Self::ty) says what the column holds.
    pub type_match: TypeMatch,
    /// NULL allowed: false for SQLite's `INTEGER PRIMARY KEY` (a rowid is never NULL,
    /// declared NOT NULL or not) and for a column of a NOT NULL PostgreSQL domain.
    pub nullable: bool,
    /// The default; `None` when there is none, when it is NULL, and for auto-assigned
    /// columns (whose `nextval(…)` default is in [`AutoIncrement::Serial`]). A column of
    /// a domain without a default of its own has the domain's.
    pub default: Option<ReflectedDefault>,
    /// Set when the database assigns the value.
    pub autoincrement: Option<AutoIncrement>,
    /// Set for a generated (computed) column, which is read-only: its expression as the
    /// database stores it.
    pub generated: Option<Generated>,
    /// Comment (PostgreSQL, MySQL).
    pub comment: Option<String>,
    /// The PostgreSQL domain that is the column's type.
    pub domain: Option<String>,
}

impl ReflectedColumn {
    /// True when no portable type fits the column (see [`TypeMatch::Unknown`]).
    pub fn is_unknown_type(&self) -> bool {
        matches!(self.type_match, TypeMatch::Unknown(_))
    }

    /// True when the database refuses values for the column: generated columns and
    /// PostgreSQL `GENERATED ALWAYS AS IDENTITY`.
    pub fn is_read_only(&self) -> bool {
        self.generated.is_some()
            || matches!(
                self.autoincrement,
                Some(AutoIncrement::Identity { always: true })
            )
    }

    /// The column as a [`ColumnDef`] (its `unique` flag is the table's business: see
    /// [`ReflectedTable::to_table_def`]).
    pub fn to_column_def(&self) -> ColumnDef {
        let mut def = ColumnDef::new(self.name.clone(), self.ty.clone());
        def.nullable = self.nullable;
        def.autoincrement = self.autoincrement.is_some();
        def.comment = self.comment.clone();
        def.generated = self.generated.clone();
        def.default = match (&self.default, def.autoincrement) {
            (_, true) | (None, _) => None,
            (Some(default), false) => Some(match &default.literal {
                Some(value) => DefaultValue::Value(value.clone()),
                None => DefaultValue::Sql(default.sql.clone()),
            }),
        };
        def
    }
}

/// How well a column's portable type fits what the database declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeMatch {
    /// The portable type holds every value of the column.
    Exact,
    /// A portable type close to the column's; the text says what differs (e.g. MySQL
    /// `BIGINT UNSIGNED` read as a signed 64-bit integer, a SQLite type known only by its
    /// affinity).
    Approximate(String),
    /// No portable type fits: the column's type is [`ColumnType::Custom`] with the
    /// database's type text, and generated code should fall back to the given Rust type
    /// (and say so, pointing at `sql_type` + `rust_type` in the spec).
    Unknown(Fallback),
}

/// The Rust type to fall back to for a column of unknown type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fallback {
    /// Text-like: the database has a text form of the values (`String`). On PostgreSQL
    /// the driver reads such values only when the query casts them to text.
    Text,
    /// Binary or untyped (`Vec<u8>`): geometry, bit strings, SQLite columns declared
    /// without a type.
    Bytes,
}

/// A column default.
#[derive(Debug, Clone, PartialEq)]
pub struct ReflectedDefault {
    /// The default as SQL, as the database stores it (`'draft'::post_status`,
    /// `CURRENT_TIMESTAMP`, `0`); MySQL 8 literals, which the catalog keeps unquoted, are
    /// quoted here.
    pub sql: String,
    /// The default as a value of the column's type when it is a plain literal: integers,
    /// floats, decimals and booleans as such; strings (text, enum, date and time, UUID,
    /// JSON and unknown-type columns) as [`sea_query::Value::String`]. `None` for
    /// expressions.
    pub literal: Option<sea_query::Value>,
}

/// How the database assigns a column's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AutoIncrement {
    /// SQLite's `INTEGER PRIMARY KEY`, an alias of the rowid: a non-null 64-bit integer
    /// assigned on insert. `keyword` when declared `AUTOINCREMENT` (ids never reused).
    RowId {
        /// Declared with the `AUTOINCREMENT` keyword.
        keyword: bool,
    },
    /// PostgreSQL `serial`: an integer column defaulting to `nextval` of a sequence.
    Serial {
        /// The sequence, as the default names it.
        sequence: String,
    },
    /// PostgreSQL identity column.
    Identity {
        /// `GENERATED ALWAYS` (inserts may not give a value) rather than `BY DEFAULT`.
        always: bool,
    },
    /// MySQL `AUTO_INCREMENT`.
    AutoIncrement,
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectedForeignKey {
    /// Constraint name (PostgreSQL, MySQL; SQLite's PRAGMAs do not tell).
    pub name: Option<String>,
    /// Columns of this table, in key order.
    pub columns: Vec<String>,
    /// The referenced table's schema (the reflected schema itself unless the key crosses
    /// schemas, which PostgreSQL and MySQL allow).
    pub references_schema: String,
    /// The referenced table.
    pub references: String,
    /// The referenced columns, matching `columns` one to one (SQLite: the referenced
    /// table's primary key when the key names none; empty if that table does not exist).
    pub to_columns: Vec<String>,
    /// ON DELETE.
    pub on_delete: FkAction,
    /// ON UPDATE.
    pub on_update: FkAction,
}

/// A unique constraint (on MySQL, every unique index is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueConstraint {
    /// Constraint name (`None` on SQLite, which names them `sqlite_autoindex_…`).
    pub name: Option<String>,
    /// Columns in order.
    pub columns: Vec<String>,
}

/// An index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectedIndex {
    /// Index name.
    pub name: String,
    /// The indexed columns in order; expression parts are left out (see
    /// [`has_expressions`](Self::has_expressions)).
    pub columns: Vec<String>,
    /// A unique index.
    pub unique: bool,
    /// Some parts are expressions rather than columns.
    pub has_expressions: bool,
    /// A partial index (`WHERE …`).
    pub partial: bool,
}

/// A CHECK constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReflectedCheck {
    /// Constraint name, where the database has one (an unnamed SQLite check has none).
    pub name: Option<String>,
    /// The condition as the database stores it, without the outer parentheses
    /// (PostgreSQL rewrites it: `IN` lists become `= ANY (ARRAY[…])`).
    pub sql: String,
}

/// An enum: a fixed list of text values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumType {
    /// Its name: the type's name for PostgreSQL enum types and domains; `<table>_<column>`
    /// for the others (made unique with a numeric suffix if two would clash). Columns of
    /// the enum have [`ColumnType::Enum`] with this name (MySQL `SET` columns excepted,
    /// see [`EnumKind::Set`]).
    pub name: String,
    /// The schema of a PostgreSQL type or domain (which may be another than the reflected
    /// one); `None` for column-level enums.
    pub schema: Option<String>,
    /// Its values, in order.
    pub values: Vec<String>,
    /// Where it comes from.
    pub kind: EnumKind,
}

/// Where an [`EnumType`] comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumKind {
    /// A PostgreSQL `CREATE TYPE … AS ENUM`.
    Native,
    /// A PostgreSQL domain over a text type whose CHECK lists its values
    /// (`CHECK (VALUE IN (…))`); its columns have the enum type.
    Domain,
    /// A MySQL `ENUM(…)` column.
    MysqlEnum {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// A MySQL `SET(…)` column, which holds any combination of the values as
    /// comma-separated text: the column's type stays [`ColumnType::Custom`] with
    /// [`TypeMatch::Unknown`]`(`[`Fallback::Text`]`)`.
    Set {
        /// The table.
        table: String,
        /// The column.
        column: String,
    },
    /// A `CHECK (column IN ('a', …))` on a text column (any database).
    Check {
        /// The table.
        table: String,
        /// The column.
        column: String,
        /// The check's name, where it has one.
        constraint: Option<String>,
    },
}

/// A PostgreSQL domain: a base type with constraints.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// Its schema.
    pub schema: String,
    /// Its name.
    pub name: String,
    /// The base type as PostgreSQL writes it.
    pub base_type: String,
    /// The base type as a portable type ([`ColumnType::Enum`] when the domain is read as
    /// an enum, see [`EnumKind::Domain`]).
    pub ty: ColumnType,
    /// How well `ty` fits.
    pub type_match: TypeMatch,
    /// NULL allowed.
    pub nullable: bool,
    /// Its default, as SQL.
    pub default: Option<String>,
    /// Its CHECK constraints (`VALUE` stands for the value).
    pub checks: Vec<ReflectedCheck>,
}
