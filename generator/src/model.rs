//! The one normalised schema model every output is rendered from: SQL names resolved to Rust
//! names, keys and relationships explicit. Built from a spec ([`Model::from_spec`]); later
//! also from a live database.

use crate::infer;
use crate::naming;
use crate::spec::{
    self, DefaultSpec, FkAction, GeneratedSpec, Problem, Spec, SpecPath, TypeSpec, ViewSpec,
};

/// A whole schema, ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The spec's `name`, when given.
    pub name: Option<String>,
    /// Enum types.
    pub enums: Vec<Enum>,
    /// Tables, in spec order.
    pub tables: Vec<Table>,
}

/// An enum type and its generated Rust enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// SQL type name.
    pub sql_name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Values, in order.
    pub variants: Vec<Variant>,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The stored value.
    pub sql_value: String,
    /// The Rust variant name.
    pub rust_name: String,
}

/// A table and the Rust names of its generated items.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// SQL name.
    pub sql_name: String,
    /// Module name (`users`).
    pub module: String,
    /// Marker type (`Users`), the `Table` implementor.
    pub marker: String,
    /// Row struct (`User`).
    pub row: String,
    /// Insert struct (`NewUser`).
    pub insert: String,
    /// Doc comment.
    pub comment: Option<String>,
    /// Columns, in order.
    pub columns: Vec<Column>,
    /// Primary key column SQL names, in key order.
    pub primary_key: Vec<String>,
    /// Multi-column unique constraints.
    pub unique: Vec<Vec<String>>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// Indexes, named.
    pub indexes: Vec<Index>,
    /// CHECK constraints, named, in spec order.
    pub checks: Vec<Check>,
    /// Relationships, declared or inferred.
    pub relationships: Vec<Relationship>,
    /// For a view (generated read-only): its defining query, when known.
    pub view: Option<ViewSpec>,
}

impl Table {
    /// The column named `sql_name`.
    pub fn column(&self, sql_name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.sql_name == sql_name)
    }

    /// True when exactly these columns (in any order) are the primary key or unique.
    pub fn is_unique_set(&self, columns: &[String]) -> bool {
        let same =
            |set: &[String]| set.len() == columns.len() && columns.iter().all(|c| set.contains(c));
        same(&self.primary_key)
            || self.unique.iter().any(|u| same(u))
            || self.indexes.iter().any(|i| i.unique && same(&i.columns))
            || (columns.len() == 1 && self.column(&columns[0]).is_some_and(|c| c.unique))
    }
}

/// A column and the Rust names of its field and handle.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// SQL name.
    pub sql_name: String,
    /// Row struct field (`created_at`, `r#type`).
    pub field: String,
    /// Column handle constant (`CREATED_AT`).
    pub constant: String,
    /// Portable type.
    pub ty: TypeSpec,
    /// NULL allowed.
    pub nullable: bool,
    /// Assigned by the database.
    pub autoincrement: bool,
    /// Single-column unique.
    pub unique: bool,
    /// Default.
    pub default: Option<DefaultSpec>,
    /// Doc comment.
    pub comment: Option<String>,
    /// Computed by the database; read-only (not in the insert struct).
    pub generated: Option<GeneratedSpec>,
}

impl Column {
    /// Whether the insert struct has a field for it: not for a column the database always
    /// assigns (autoincrement, generated).
    pub fn is_insertable(&self) -> bool {
        !self.autoincrement && self.generated.is_none()
    }
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
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
    /// Where it was declared, for problems found later.
    pub path: SpecPath,
}

/// A named index.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    /// Index name (given, or `ix_<table>_<columns>` / `uq_…`).
    pub name: String,
    /// Columns.
    pub columns: Vec<String>,
    /// Unique.
    pub unique: bool,
}

/// A named CHECK constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Constraint name (given, or `ck_<table>_<n>`).
    pub name: String,
    /// The condition, as SQL.
    pub sql: String,
}

/// The kind of a relationship, as the runtime's `RelationshipKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationshipKind {
    /// This table holds the foreign key.
    ManyToOne,
    /// The other table holds the foreign key.
    OneToMany,
    /// A unique foreign key, either side.
    OneToOne,
    /// Through an association table.
    ManyToMany,
}

/// A relationship from one table to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Relationship {
    /// Its name (`author`, `posts`).
    pub name: String,
    /// Handle constant in the `rel` module (`AUTHOR`).
    pub constant: String,
    /// Kind.
    pub kind: RelationshipKind,
    /// The target table's SQL name.
    pub target: String,
    /// Columns of this table.
    pub source_columns: Vec<String>,
    /// Columns of the target table.
    pub target_columns: Vec<String>,
    /// For many-to-many: the association table, its columns referencing this table, and
    /// its columns referencing the target.
    pub through: Option<(String, Vec<String>, Vec<String>)>,
    /// The name of the inverse relationship on the target, when there is one.
    pub back_populates: Option<String>,
    /// Its ORM cascades (declared only).
    pub cascade: crate::spec::CascadeSpec,
    /// What links the two tables; a relationship and its inverse share it.
    pub link: Link,
}

/// What links the two tables of a relationship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// The foreign key `columns` of table `table`.
    ForeignKey {
        /// The table holding the foreign key.
        table: String,
        /// Its columns.
        columns: Vec<String>,
    },
    /// The association table of a many-to-many.
    Through(String),
}

impl Model {
    /// Builds the model of a parsed spec: Rust names (with collisions reported as problems)
    /// and relationships (declared, checked, and inferred).
    pub fn from_spec(spec: &Spec) -> Result<Model, Vec<Problem>> {
        let mut problems = Vec::new();
        let enums = enums(spec, &mut problems);
        let mut tables: Vec<Table> = Vec::new();
        let mut modules: Vec<(String, String)> = Vec::new();
        for table_spec in &spec.tables {
            let table = table(table_spec, &mut problems);
            let path = SpecPath::table(&table_spec.name);
            if let Some((_, other)) = modules.iter().find(|(module, _)| *module == table.module) {
                problems.push(
                    Problem::new(
                        path,
                        format!(
                            "table `{}` and table `{other}` both become module `{}`",
                            table_spec.name, table.module
                        ),
                    )
                    .with_hint("set `rust_name` on one of them"),
                );
            }
            modules.push((table.module.clone(), table_spec.name.clone()));
            tables.push(table);
        }
        infer::relationships(spec, &mut tables, &mut problems);
        if problems.is_empty() {
            Ok(Model {
                name: spec.name.clone(),
                enums,
                tables,
            })
        } else {
            Err(problems)
        }
    }

    /// The table named `sql_name`.
    pub fn table(&self, sql_name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.sql_name == sql_name)
    }

    /// The enum named `sql_name`.
    pub fn enum_named(&self, sql_name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.sql_name == sql_name)
    }
}

fn enums(spec: &Spec, problems: &mut Vec<Problem>) -> Vec<Enum> {
    let mut taken: Vec<(String, String)> = Vec::new();
    spec.enums
        .iter()
        .map(|e| {
            let path = SpecPath(vec!["enums".into(), e.name.clone()]);
            let rust_name = naming::pascal(&e.name);
            if let Some((_, other)) = taken.iter().find(|(rust, _)| *rust == rust_name) {
                problems.push(Problem::new(path.clone(), format!(
                    "enums `{}` and `{other}` both become Rust type `{rust_name}`", e.name
                )).with_hint("rename one of them"));
            }
            taken.push((rust_name.clone(), e.name.clone()));
            let mut variant_names: Vec<(String, &str)> = Vec::new();
            let variants = e
                .values
                .iter()
                .enumerate()
                .map(|(i, value)| {
                    let rust_name = naming::pascal(value);
                    if let Some((_, other)) = variant_names.iter().find(|(rust, _)| *rust == rust_name) {
                        problems.push(Problem::new(path.join(i), format!(
                            "values `{value}` and `{other}` of enum `{}` both become variant `{rust_name}`", e.name
                        )).with_hint("values must differ after conversion to PascalCase"));
                    }
                    variant_names.push((rust_name.clone(), value));
                    Variant { sql_value: value.clone(), rust_name }
                })
                .collect();
            Enum { sql_name: e.name.clone(), rust_name, variants }
        })
        .collect()
}

/// Names a table's items and columns, reporting names that collide after conversion.
fn table(spec: &spec::TableSpec, problems: &mut Vec<Problem>) -> Table {
    let base = spec.rust_name.clone().unwrap_or_else(|| spec.name.clone());
    let mut module = naming::snake(&base);
    // Names the generated code needs for itself: the layout's index file (`mod.rs`,
    // `lib.rs`), the runtime crate, the relationship module, the standard crates.
    if ["mod", "lib", "retort", "rel", "std", "core", "alloc"].contains(&naming::unraw(&module)) {
        module = format!("{}_table", naming::unraw(&module));
    }
    let mut marker = naming::pascal(&base);
    let row = naming::pascal(&naming::singular(&base));
    // A table whose name is already singular (`user`) would give marker and row the same
    // name; the marker then takes a suffix.
    if marker == row {
        marker = format!("{}Table", naming::unraw(&marker).trim_end_matches('_'));
    }
    // `_123` (a name starting with a digit) gives `New123`, not `New_123`.
    let insert = format!("New{}", naming::unraw(&row).trim_start_matches('_'));

    let mut fields: Vec<(String, &str)> = Vec::new();
    let mut constants: Vec<(String, &str)> = Vec::new();
    let columns = spec
        .columns
        .iter()
        .map(|c| {
            let base = c.rust_name.clone().unwrap_or_else(|| c.name.clone());
            let field = naming::snake(&base);
            let constant = naming::screaming(&base);
            let column_path = SpecPath::column(&spec.name, &c.name);
            for (name, seen, what) in [(&field, &mut fields, "field"), (&constant, &mut constants, "column handle")] {
                if let Some((_, other)) = seen.iter().find(|(n, _)| n == name) {
                    problems.push(Problem::new(column_path.clone(), format!(
                        "columns `{}` and `{other}` of table `{}` both become {what} `{name}`", c.name, spec.name
                    )).with_hint("set `rust_name` on one of them"));
                }
                seen.push((name.clone(), &c.name));
            }
            Column {
                sql_name: c.name.clone(),
                field,
                constant,
                ty: c.ty.clone(),
                nullable: c.nullable,
                autoincrement: c.autoincrement,
                unique: c.unique,
                default: c.default.clone(),
                comment: c.comment.clone(),
                generated: c.generated.clone(),
            }
        })
        .collect();

    let indexes = spec
        .indexes
        .iter()
        .map(|i| Index {
            name: i.name.clone().unwrap_or_else(|| {
                format!(
                    "{}_{}_{}",
                    if i.unique { "uq" } else { "ix" },
                    spec.name,
                    i.columns.join("_")
                )
            }),
            columns: i.columns.clone(),
            unique: i.unique,
        })
        .collect();

    Table {
        sql_name: spec.name.clone(),
        module,
        marker,
        row,
        insert,
        comment: spec.comment.clone(),
        columns,
        primary_key: spec.primary_key.clone(),
        unique: spec.unique.clone(),
        foreign_keys: spec
            .foreign_keys
            .iter()
            .map(|fk| ForeignKey {
                columns: fk.columns.clone(),
                references: fk.references.clone(),
                to_columns: fk.to_columns.clone(),
                on_delete: fk.on_delete,
                on_update: fk.on_update,
                path: fk.path.clone(),
            })
            .collect(),
        indexes,
        checks: spec
            .checks
            .iter()
            .enumerate()
            .map(|(position, check)| Check {
                name: check
                    .name
                    .clone()
                    .unwrap_or_else(|| spec::default_check_name(&spec.name, position)),
                sql: check.sql.clone(),
            })
            .collect(),
        relationships: Vec::new(),
        view: spec.view.clone(),
    }
}
