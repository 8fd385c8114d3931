//! A [`Model`] as the runtime's schema objects: the same `MetaData` a generated crate's
//! `metadata()` builds, made at run time, so that a model read from one database can be
//! created on another without compiling code for it (introspection's round trip).

use retort::{CheckDef, ColumnDef, ColumnType, ForeignKeyDef, IndexDef, MetaData, TableDef};

use crate::model::{Model, Table};
use crate::spec::{DefaultSpec, FkAction, Literal, TypeSpec};

/// The schema objects of `model`: what the generated `metadata()` returns.
pub fn metadata(model: &Model) -> MetaData {
    MetaData {
        tables: model.tables.iter().map(|t| table_def(model, t)).collect(),
    }
}

fn table_def(model: &Model, table: &Table) -> TableDef {
    let mut def = TableDef::new(table.sql_name.clone());
    def.comment = table.comment.clone();
    if let Some(view) = &table.view {
        def = match &view.sql {
            Some(sql) => def.view_as(sql.clone()),
            None => def.view(),
        };
    }
    for column in &table.columns {
        let mut column_def =
            ColumnDef::new(column.sql_name.clone(), column_type(model, &column.ty));
        column_def.nullable = column.nullable;
        column_def.autoincrement = column.autoincrement;
        column_def.unique = column.unique;
        column_def.comment = column.comment.clone();
        column_def = match &column.default {
            None => column_def,
            Some(DefaultSpec::Sql(sql)) => column_def.default_sql(sql.clone()),
            Some(DefaultSpec::Literal(Literal::Bool(b))) => column_def.default_value(*b),
            Some(DefaultSpec::Literal(Literal::Int(i))) => column_def.default_value(*i),
            Some(DefaultSpec::Literal(Literal::Float(f))) => column_def.default_value(*f),
            Some(DefaultSpec::Literal(Literal::String(s))) => column_def.default_value(s.clone()),
        };
        if let Some(generated) = &column.generated {
            column_def = column_def.generated(generated.sql.clone(), generated.stored);
        }
        def = def.column(column_def);
    }
    if !table.primary_key.is_empty() {
        def = def.primary_key(table.primary_key.clone());
    }
    for unique in &table.unique {
        def = def.unique(unique.clone());
    }
    for fk in &table.foreign_keys {
        let mut fk_def = ForeignKeyDef::new(
            fk.columns.clone(),
            fk.references.clone(),
            fk.to_columns.clone(),
        );
        if let Some(action) = fk.on_delete {
            fk_def = fk_def.on_delete(runtime_action(action));
        }
        if let Some(action) = fk.on_update {
            fk_def = fk_def.on_update(runtime_action(action));
        }
        def = def.foreign_key(fk_def);
    }
    for index in &table.indexes {
        let mut index_def = IndexDef::new(index.name.clone(), index.columns.clone());
        if index.unique {
            index_def = index_def.unique();
        }
        def = def.index(index_def);
    }
    for check in &table.checks {
        def = def.check(CheckDef::new(check.name.clone(), check.sql.clone()));
    }
    def
}

fn column_type(model: &Model, ty: &TypeSpec) -> ColumnType {
    match ty {
        TypeSpec::SmallInt => ColumnType::SmallInt,
        TypeSpec::Integer => ColumnType::Integer,
        TypeSpec::BigInt => ColumnType::BigInt,
        TypeSpec::Boolean => ColumnType::Boolean,
        TypeSpec::Real => ColumnType::Real,
        TypeSpec::Double => ColumnType::Double,
        TypeSpec::Decimal { precision, scale } => ColumnType::Decimal {
            precision: *precision,
            scale: *scale,
        },
        TypeSpec::Text => ColumnType::Text,
        TypeSpec::Varchar(n) => ColumnType::Varchar(*n),
        TypeSpec::Char(n) => ColumnType::Char(*n),
        TypeSpec::Bytes => ColumnType::Bytes,
        TypeSpec::Date => ColumnType::Date,
        TypeSpec::Time => ColumnType::Time,
        TypeSpec::Timestamp => ColumnType::Timestamp,
        TypeSpec::TimestampTz => ColumnType::TimestampTz,
        TypeSpec::Uuid => ColumnType::Uuid,
        TypeSpec::Json => ColumnType::Json,
        TypeSpec::Enum(name) => ColumnType::Enum {
            name: name.clone(),
            values: model
                .enum_named(name)
                .map(|e| e.variants.iter().map(|v| v.sql_value.clone()).collect())
                .unwrap_or_default(),
        },
        TypeSpec::Custom { sql_type, .. } => ColumnType::Custom(sql_type.clone()),
    }
}

fn runtime_action(action: FkAction) -> retort::FkAction {
    match action {
        FkAction::Cascade => retort::FkAction::Cascade,
        FkAction::SetNull => retort::FkAction::SetNull,
        FkAction::Restrict => retort::FkAction::Restrict,
        FkAction::NoAction => retort::FkAction::NoAction,
        FkAction::SetDefault => retort::FkAction::SetDefault,
    }
}
