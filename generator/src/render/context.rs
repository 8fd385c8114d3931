//! The data templates render: the model with every Rust-specific piece (types, literals,
//! builder calls) prepared, so that templates only arrange it.

use serde::Serialize;

use crate::model::{Column, Model, RelationshipKind, Table};
use crate::spec::{DefaultSpec, FkAction, Literal, TypeSpec};

/// `mod.rs` / `lib.rs`.
#[derive(Debug, Serialize)]
pub struct ModuleContext {
    /// Module doc lines.
    pub doc_lines: Vec<String>,
    /// Enums.
    pub enums: Vec<EnumContext>,
    /// Tables, in spec order.
    pub tables: Vec<TableRef>,
}

/// A table as `mod.rs` sees it.
#[derive(Debug, Serialize)]
pub struct TableRef {
    /// Module name.
    pub module: String,
    /// Marker type.
    pub marker: String,
}

/// An enum.
#[derive(Debug, Serialize)]
pub struct EnumContext {
    /// SQL name.
    pub sql_name: String,
    /// SQL name as a Rust string literal.
    pub sql_literal: String,
    /// Rust type name.
    pub rust_name: String,
    /// Variants.
    pub variants: Vec<VariantContext>,
}

/// An enum variant.
#[derive(Debug, Serialize)]
pub struct VariantContext {
    /// Stored value (for docs).
    pub sql_value: String,
    /// Stored value as a Rust string literal.
    pub sql_literal: String,
    /// Variant name.
    pub rust_name: String,
}

/// One table module.
#[derive(Debug, Serialize)]
pub struct TableContext {
    /// SQL name.
    pub sql_name: String,
    /// SQL name as a Rust string literal.
    pub sql_literal: String,
    /// Module name.
    pub module: String,
    /// Marker type.
    pub marker: String,
    /// Row struct.
    pub row: String,
    /// Insert struct.
    pub insert: String,
    /// Module doc lines.
    pub doc_lines: Vec<String>,
    /// Row struct doc lines.
    pub row_doc_lines: Vec<String>,
    /// All columns.
    pub columns: Vec<ColumnContext>,
    /// Columns of the insert struct.
    pub insert_columns: Vec<ColumnContext>,
    /// Whether an insert struct is generated.
    pub insertable: bool,
    /// `table` or `view`, for docs.
    pub kind: &'static str,
    /// Whether any insert field may be left out.
    pub insert_has_optional: bool,
    /// Whether any column has a default.
    pub has_defaults: bool,
    /// `Table::PrimaryKey`.
    pub primary_key_type: String,
    /// Primary key column names as literals.
    pub primary_key_literals: Vec<String>,
    /// `("column", "sql type")` literal pairs of the custom-typed columns read as `String`
    /// (the runtime's `Table::TEXT_COLUMNS`).
    pub text_columns: Vec<String>,
    /// Builder calls after `TableDef::new(…)`, without the leading dot.
    pub def_calls: Vec<String>,
    /// Relationships.
    pub relationships: Vec<RelationshipContext>,
}

/// One column.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnContext {
    /// SQL name as a Rust string literal.
    pub sql_literal: String,
    /// Field name.
    pub field: String,
    /// Handle constant.
    pub constant: String,
    /// Field type (`Option<…>` when nullable).
    pub rust_type: String,
    /// Insert struct field type.
    pub insert_type: String,
    /// Whether the insert field may be `None` to leave the value to the database default.
    pub insert_optional: bool,
    /// Whether reading the field out of `&self` needs `.clone()`.
    pub needs_clone: bool,
    /// Doc lines.
    pub doc_lines: Vec<String>,
}

/// One relationship handle.
#[derive(Debug, Serialize)]
pub struct RelationshipContext {
    /// Constant name.
    pub constant: String,
    /// Target marker path from inside the `rel` module.
    pub target_marker_path: String,
    /// The `retort::Relationship::…(…)` expression.
    pub constructor: String,
    /// `retort::ToOne` or `retort::ToMany`.
    pub cardinality: String,
    /// Doc lines.
    pub doc_lines: Vec<String>,
}

/// A Rust string literal for `text`.
pub fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// Doc comment lines; `///` text never needs escaping except for a stray `\r`.
fn doc_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.trim_end().replace('\r', ""))
        .collect()
}

pub fn module(model: &Model, doc: &str) -> ModuleContext {
    ModuleContext {
        doc_lines: doc_lines(doc),
        enums: model
            .enums
            .iter()
            .map(|e| EnumContext {
                sql_name: e.sql_name.clone(),
                sql_literal: literal(&e.sql_name),
                rust_name: e.rust_name.clone(),
                variants: e
                    .variants
                    .iter()
                    .map(|v| VariantContext {
                        sql_value: v.sql_value.clone(),
                        sql_literal: literal(&v.sql_value),
                        rust_name: v.rust_name.clone(),
                    })
                    .collect(),
            })
            .collect(),
        tables: model
            .tables
            .iter()
            .map(|t| TableRef {
                module: t.module.clone(),
                marker: t.marker.clone(),
            })
            .collect(),
    }
}

pub fn table(model: &Model, table: &Table) -> TableContext {
    let columns: Vec<ColumnContext> = table.columns.iter().map(|c| column(model, c)).collect();
    let insert_columns: Vec<ColumnContext> = table
        .columns
        .iter()
        .zip(&columns)
        .filter(|(c, _)| c.is_insertable())
        .map(|(_, ctx)| ctx.clone())
        .collect();
    let key_types: Vec<String> = table
        .primary_key
        .iter()
        .filter_map(|name| table.column(name))
        .map(|c| rust_type(model, c))
        .collect();
    let primary_key_type = match key_types.as_slice() {
        [] => "()".to_owned(),
        [one] => one.clone(),
        many => format!("({},)", many.join(", ")),
    };
    let kind = if table.view.is_some() {
        "view"
    } else {
        "table"
    };
    let mut doc = match &table.comment {
        Some(comment) => doc_lines(comment),
        None => vec![format!("The `{}` {kind}.", table.sql_name)],
    };
    let row_doc = {
        let mut lines = vec![format!("A row of `{}`.", table.sql_name)];
        if let Some(comment) = &table.comment {
            lines.push(String::new());
            lines.extend(doc_lines(comment));
        }
        lines
    };
    doc.push(String::new());
    doc.push(match &table.view {
        None => format!(
            "Table handle [`{}`], row struct [`{}`], insert struct [`{}`], relationships in [`rel`].",
            table.marker, table.row, table.insert
        ),
        Some(_) => format!(
            "A view, read-only: handle [`{}`], row struct [`{}`], relationships in [`rel`].",
            table.marker, table.row
        ),
    });
    TableContext {
        sql_name: table.sql_name.clone(),
        sql_literal: literal(&table.sql_name),
        module: table.module.clone(),
        marker: table.marker.clone(),
        row: table.row.clone(),
        insert: table.insert.clone(),
        doc_lines: doc,
        row_doc_lines: row_doc,
        insertable: table.view.is_none(),
        kind,
        insert_has_optional: insert_columns.iter().any(|c| c.insert_optional),
        has_defaults: table.columns.iter().any(|c| c.default.is_some()),
        columns,
        insert_columns,
        primary_key_type,
        primary_key_literals: table.primary_key.iter().map(|c| literal(c)).collect(),
        text_columns: table
            .columns
            .iter()
            .filter_map(|c| match &c.ty {
                TypeSpec::Custom {
                    sql_type,
                    rust_type,
                } if rust_type == "String" => {
                    Some(format!("({}, {})", literal(&c.sql_name), literal(sql_type)))
                }
                _ => None,
            })
            .collect(),
        def_calls: def_calls(model, table),
        relationships: table
            .relationships
            .iter()
            .map(|rel| {
                let target = model.table(&rel.target).expect("relationship targets are validated");
                let list = |cols: &[String]| format!("&[{}]", cols.iter().map(|c| literal(c)).collect::<Vec<_>>().join(", "));
                let kind = match rel.kind {
                    RelationshipKind::ManyToOne => "ManyToOne",
                    RelationshipKind::OneToMany => "OneToMany",
                    RelationshipKind::OneToOne => "OneToOne",
                    RelationshipKind::ManyToMany => "ManyToMany",
                };
                let mut constructor = match &rel.through {
                    Some((assoc, from, to)) => format!(
                        "retort::Relationship::many_to_many({}, {}, retort::Through {{ table: {}, source_columns: {}, target_columns: {} }}, {})",
                        literal(&rel.name),
                        list(&rel.source_columns),
                        literal(assoc),
                        list(from),
                        list(to),
                        list(&rel.target_columns)
                    ),
                    None => format!(
                        "retort::Relationship::new({}, retort::RelationshipKind::{kind}, {}, {})",
                        literal(&rel.name),
                        list(&rel.source_columns),
                        list(&rel.target_columns)
                    ),
                };
                if rel.cascade.any() {
                    constructor.push_str(&format!(
                        ".with_cascade(retort::Cascade {{ delete: {}, delete_orphan: {} }})",
                        rel.cascade.delete, rel.cascade.delete_orphan
                    ));
                }
                let cardinality = match rel.kind {
                    RelationshipKind::ManyToOne | RelationshipKind::OneToOne => "retort::ToOne",
                    RelationshipKind::OneToMany | RelationshipKind::ManyToMany => "retort::ToMany",
                };
                let how = match &rel.through {
                    Some((assoc, _, _)) => format!("through `{assoc}`"),
                    None => format!(
                        "`{}.{}` = `{}.{}`",
                        table.sql_name,
                        rel.source_columns.join(", "),
                        rel.target,
                        rel.target_columns.join(", ")
                    ),
                };
                let mut doc = vec![format!("{} `{}` → `{}`: {how}.", kind_words(rel.kind), table.sql_name, rel.target)];
                if rel.cascade.any() {
                    let mut cascades = vec!["delete"];
                    if !rel.cascade.delete {
                        cascades.clear();
                    }
                    if rel.cascade.delete_orphan {
                        cascades.push("delete-orphan");
                    }
                    doc.push(format!("Cascade: {}.", cascades.join(", ")));
                }
                if let Some(back) = &rel.back_populates {
                    doc.push(format!("Inverse: `{}::rel::{}`.", target.module, crate::naming::screaming(back)));
                }
                RelationshipContext {
                    constant: rel.constant.clone(),
                    target_marker_path: format!("super::super::{}::{}", target.module, target.marker),
                    cardinality: cardinality.to_owned(),
                    constructor,
                    doc_lines: doc,
                }
            })
            .collect(),
    }
}

fn kind_words(kind: RelationshipKind) -> &'static str {
    match kind {
        RelationshipKind::ManyToOne => "Many-to-one",
        RelationshipKind::OneToMany => "One-to-many",
        RelationshipKind::OneToOne => "One-to-one",
        RelationshipKind::ManyToMany => "Many-to-many",
    }
}

fn column(model: &Model, column: &Column) -> ColumnContext {
    let base = base_type(model, &column.ty);
    let rust_type = if column.nullable {
        format!("Option<{base}>")
    } else {
        base.clone()
    };
    let insert_optional = column.default.is_some();
    let insert_type = if insert_optional {
        format!("Option<{rust_type}>")
    } else {
        rust_type.clone()
    };
    let mut doc = match &column.comment {
        Some(comment) => doc_lines(comment),
        None => Vec::new(),
    };
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push(format!(
        "Column `{}`: {}.",
        column.sql_name,
        describe(column)
    ));
    ColumnContext {
        sql_literal: literal(&column.sql_name),
        field: column.field.clone(),
        constant: column.constant.clone(),
        rust_type,
        insert_type,
        insert_optional,
        needs_clone: !is_copy(&column.ty),
        doc_lines: doc,
    }
}

/// `bigint NOT NULL, default …` style summary for docs.
fn describe(column: &Column) -> String {
    let mut parts = vec![type_name(&column.ty)];
    parts.push(if column.nullable {
        "nullable".into()
    } else {
        "not null".into()
    });
    if column.autoincrement {
        parts.push("assigned by the database".into());
    }
    if let Some(generated) = &column.generated {
        parts.push(format!("generated as `{}`", generated.sql));
    }
    if column.unique {
        parts.push("unique".into());
    }
    match &column.default {
        Some(DefaultSpec::Sql(sql)) => parts.push(format!("default `{sql}`")),
        Some(DefaultSpec::Literal(literal)) => {
            parts.push(format!("default `{}`", literal_text(literal)))
        }
        None => {}
    }
    parts.join(", ")
}

fn literal_text(literal: &Literal) -> String {
    match literal {
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::Float(f) => f.to_string(),
        Literal::String(s) => s.clone(),
    }
}

fn type_name(ty: &TypeSpec) -> String {
    match ty {
        TypeSpec::SmallInt => "smallint".into(),
        TypeSpec::Integer => "integer".into(),
        TypeSpec::BigInt => "bigint".into(),
        TypeSpec::Boolean => "boolean".into(),
        TypeSpec::Real => "real".into(),
        TypeSpec::Double => "double".into(),
        TypeSpec::Decimal {
            precision: Some(p),
            scale: Some(s),
        } => format!("decimal({p},{s})"),
        TypeSpec::Decimal {
            precision: Some(p),
            scale: None,
        } => format!("decimal({p})"),
        TypeSpec::Decimal { .. } => "decimal".into(),
        TypeSpec::Text => "text".into(),
        TypeSpec::Varchar(Some(n)) => format!("varchar({n})"),
        TypeSpec::Varchar(None) => "varchar".into(),
        TypeSpec::Char(Some(n)) => format!("char({n})"),
        TypeSpec::Char(None) => "char".into(),
        TypeSpec::Bytes => "bytes".into(),
        TypeSpec::Date => "date".into(),
        TypeSpec::Time => "time".into(),
        TypeSpec::Timestamp => "timestamp".into(),
        TypeSpec::TimestampTz => "timestamptz".into(),
        TypeSpec::Uuid => "uuid".into(),
        TypeSpec::Json => "json".into(),
        TypeSpec::Enum(name) => format!("enum {name}"),
        TypeSpec::Custom { sql_type, .. } => sql_type.clone(),
    }
}

/// True for field types that are `Copy` (read out of `&self` without cloning).
fn is_copy(ty: &TypeSpec) -> bool {
    !matches!(
        ty,
        TypeSpec::Text
            | TypeSpec::Varchar(_)
            | TypeSpec::Char(_)
            | TypeSpec::Bytes
            | TypeSpec::Json
            | TypeSpec::Custom { .. }
    )
}

/// The non-null Rust type of a column.
fn base_type(model: &Model, ty: &TypeSpec) -> String {
    match ty {
        TypeSpec::SmallInt => "i16".into(),
        TypeSpec::Integer => "i32".into(),
        TypeSpec::BigInt => "i64".into(),
        TypeSpec::Boolean => "bool".into(),
        TypeSpec::Real => "f32".into(),
        TypeSpec::Double => "f64".into(),
        TypeSpec::Decimal { .. } => "retort::rust_decimal::Decimal".into(),
        TypeSpec::Text | TypeSpec::Varchar(_) | TypeSpec::Char(_) => "String".into(),
        TypeSpec::Bytes => "Vec<u8>".into(),
        TypeSpec::Date => "retort::chrono::NaiveDate".into(),
        TypeSpec::Time => "retort::chrono::NaiveTime".into(),
        TypeSpec::Timestamp => "retort::chrono::NaiveDateTime".into(),
        TypeSpec::TimestampTz => "retort::chrono::DateTime<retort::chrono::Utc>".into(),
        TypeSpec::Uuid => "retort::uuid::Uuid".into(),
        TypeSpec::Json => "retort::serde_json::Value".into(),
        TypeSpec::Enum(name) => format!(
            "super::{}",
            model
                .enum_named(name)
                .map_or_else(|| crate::naming::pascal(name), |e| e.rust_name.clone())
        ),
        TypeSpec::Custom { rust_type, .. } => rust_type.clone(),
    }
}

fn rust_type(model: &Model, column: &Column) -> String {
    let base = base_type(model, &column.ty);
    if column.nullable {
        format!("Option<{base}>")
    } else {
        base
    }
}

/// The `retort::ColumnType` expression of a column type.
fn column_type_expr(model: &Model, ty: &TypeSpec) -> String {
    let opt = |n: &Option<u32>| match n {
        Some(n) => format!("Some({n})"),
        None => "None".into(),
    };
    match ty {
        TypeSpec::SmallInt => "retort::ColumnType::SmallInt".into(),
        TypeSpec::Integer => "retort::ColumnType::Integer".into(),
        TypeSpec::BigInt => "retort::ColumnType::BigInt".into(),
        TypeSpec::Boolean => "retort::ColumnType::Boolean".into(),
        TypeSpec::Real => "retort::ColumnType::Real".into(),
        TypeSpec::Double => "retort::ColumnType::Double".into(),
        TypeSpec::Decimal { precision, scale } => format!(
            "retort::ColumnType::Decimal {{ precision: {}, scale: {} }}",
            opt(precision),
            opt(scale)
        ),
        TypeSpec::Text => "retort::ColumnType::Text".into(),
        TypeSpec::Varchar(n) => format!("retort::ColumnType::Varchar({})", opt(n)),
        TypeSpec::Char(n) => format!("retort::ColumnType::Char({})", opt(n)),
        TypeSpec::Bytes => "retort::ColumnType::Bytes".into(),
        TypeSpec::Date => "retort::ColumnType::Date".into(),
        TypeSpec::Time => "retort::ColumnType::Time".into(),
        TypeSpec::Timestamp => "retort::ColumnType::Timestamp".into(),
        TypeSpec::TimestampTz => "retort::ColumnType::TimestampTz".into(),
        TypeSpec::Uuid => "retort::ColumnType::Uuid".into(),
        TypeSpec::Json => "retort::ColumnType::Json".into(),
        TypeSpec::Enum(_) => format!("retort::ColumnType::enum_of::<{}>()", base_type(model, ty)),
        TypeSpec::Custom { sql_type, .. } => {
            format!("retort::ColumnType::Custom({}.into())", literal(sql_type))
        }
    }
}

fn default_call(default: &DefaultSpec) -> String {
    match default {
        DefaultSpec::Sql(sql) => format!("default_sql({})", literal(sql)),
        DefaultSpec::Literal(Literal::Bool(b)) => format!("default_value({b})"),
        DefaultSpec::Literal(Literal::Int(i)) => format!("default_value({i}i64)"),
        DefaultSpec::Literal(Literal::Float(f)) => format!("default_value({f:?}f64)"),
        DefaultSpec::Literal(Literal::String(s)) => format!("default_value({})", literal(s)),
    }
}

fn action(action: FkAction) -> &'static str {
    match action {
        FkAction::Cascade => "retort::FkAction::Cascade",
        FkAction::SetNull => "retort::FkAction::SetNull",
        FkAction::Restrict => "retort::FkAction::Restrict",
        FkAction::NoAction => "retort::FkAction::NoAction",
        FkAction::SetDefault => "retort::FkAction::SetDefault",
    }
}

fn string_array(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|c| literal(c))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The `TableDef` builder calls of a table.
fn def_calls(model: &Model, table: &Table) -> Vec<String> {
    let mut calls = Vec::new();
    if let Some(comment) = &table.comment {
        calls.push(format!("comment({})", literal(comment)));
    }
    match table.view.as_ref().map(|view| &view.sql) {
        Some(Some(sql)) => calls.push(format!("view_as({})", literal(sql))),
        Some(None) => calls.push("view()".to_owned()),
        None => {}
    }
    for column in &table.columns {
        let mut def = format!(
            "retort::ColumnDef::new({}, {})",
            literal(&column.sql_name),
            column_type_expr(model, &column.ty)
        );
        if column.nullable {
            def.push_str(".nullable()");
        }
        if column.autoincrement {
            def.push_str(".autoincrement()");
        }
        if column.unique {
            def.push_str(".unique()");
        }
        if let Some(default) = &column.default {
            def.push('.');
            def.push_str(&default_call(default));
        }
        if let Some(comment) = &column.comment {
            def.push_str(&format!(".comment({})", literal(comment)));
        }
        if let Some(generated) = &column.generated {
            def.push_str(&format!(
                ".generated({}, {})",
                literal(&generated.sql),
                generated.stored
            ));
        }
        calls.push(format!("column({def})"));
    }
    if !table.primary_key.is_empty() {
        calls.push(format!("primary_key({})", string_array(&table.primary_key)));
    }
    for unique in &table.unique {
        calls.push(format!("unique({})", string_array(unique)));
    }
    for fk in &table.foreign_keys {
        let mut def = format!(
            "retort::ForeignKeyDef::new({}, {}, {})",
            string_array(&fk.columns),
            literal(&fk.references),
            string_array(&fk.to_columns)
        );
        if let Some(on_delete) = fk.on_delete {
            def.push_str(&format!(".on_delete({})", action(on_delete)));
        }
        if let Some(on_update) = fk.on_update {
            def.push_str(&format!(".on_update({})", action(on_update)));
        }
        calls.push(format!("foreign_key({def})"));
    }
    for index in &table.indexes {
        let mut def = format!(
            "retort::IndexDef::new({}, {})",
            literal(&index.name),
            string_array(&index.columns)
        );
        if index.unique {
            def.push_str(".unique()");
        }
        calls.push(format!("index({def})"));
    }
    for check in &table.checks {
        calls.push(format!(
            "check(retort::CheckDef::new({}, {}))",
            literal(&check.name),
            literal(&check.sql)
        ));
    }
    calls
}

#[cfg(test)]
mod tests {
    #[test]
    fn literals_read_back_as_the_text() {
        let texts = [
            "",
            "name <> ''",
            r#"length("name") > 0 AND name NOT LIKE '%\%' ESCAPE '\'"#,
            "tab\t newline\n return\r nul\0 delete\u{7f}",
            "é\u{301} \u{200b} ✓ \u{feff}",
            "\"# {} {{ }}",
        ];
        for text in texts {
            let literal = super::literal(text);
            let parsed: syn::LitStr = syn::parse_str(&literal)
                .unwrap_or_else(|e| panic!("{literal} is not a string literal: {e}"));
            assert_eq!(parsed.value(), text);
        }
    }
}
