//! A reflected schema becomes a spec that says everything it can, and a warning for the rest.
//! (Reading real databases is tested in build-examples/introspected, on all three.)

use retort::reflect::{
    AutoIncrement, Fallback, ReflectedColumn, ReflectedDefault, ReflectedForeignKey,
    ReflectedIndex, ReflectedSchema, ReflectedTable, ReflectedView, TypeMatch, UniqueConstraint,
};
use retort::sea_query::Value;
use retort::{ColumnType, Dialect, FkAction};
use retort_codegen::introspect::{keep_keyless_junctions, metadata, spec_from_reflected};
use retort_codegen::model::{Model, RelationshipKind};
use retort_codegen::spec::{
    DefaultSpec, GeneratedSpec, Literal, RelationshipLink, TypeSpec, ViewSpec, parse, to_yaml,
};

fn column(name: &str, ty: ColumnType) -> ReflectedColumn {
    ReflectedColumn {
        name: name.into(),
        sql_type: String::new(),
        ty,
        type_match: TypeMatch::Exact,
        nullable: false,
        default: None,
        autoincrement: None,
        generated: None,
        comment: None,
        domain: None,
    }
}

fn table(name: &str, columns: Vec<ReflectedColumn>, key: &[&str]) -> ReflectedTable {
    ReflectedTable {
        name: name.into(),
        comment: None,
        columns,
        primary_key: key.iter().map(|k| k.to_string()).collect(),
        primary_key_name: None,
        foreign_keys: Vec::new(),
        unique_constraints: Vec::new(),
        indexes: Vec::new(),
        checks: Vec::new(),
    }
}

fn foreign_key(columns: &[&str], references: &str, to: &[&str]) -> ReflectedForeignKey {
    ReflectedForeignKey {
        name: None,
        columns: columns.iter().map(|c| c.to_string()).collect(),
        references_schema: "main".into(),
        references: references.into(),
        to_columns: to.iter().map(|c| c.to_string()).collect(),
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
    }
}

fn schema(tables: Vec<ReflectedTable>) -> ReflectedSchema {
    ReflectedSchema {
        dialect: Dialect::Sqlite,
        schema: "main".into(),
        tables,
        views: Vec::new(),
        enums: Vec::new(),
        domains: Vec::new(),
    }
}

/// The spec of `schema`, written and read back as `introspect` does, and its model.
fn model_of(schema: &ReflectedSchema) -> Model {
    let (spec, _) = spec_from_reflected(schema, None);
    let yaml = to_yaml(&spec);
    let parsed = parse(&yaml).unwrap_or_else(|problems| panic!("{yaml}\n{problems:#?}"));
    Model::from_spec(&parsed).unwrap_or_else(|problems| panic!("{yaml}\n{problems:#?}"))
}

#[test]
fn unknown_types_fall_back_with_a_warning_that_names_table_column_and_type() {
    let mut inet = column("addr", ColumnType::Custom("inet".into()));
    inet.sql_type = "inet".into();
    inet.type_match = TypeMatch::Unknown(Fallback::Text);
    inet.nullable = true;
    let mut untyped = column("blob", ColumnType::Custom(String::new()));
    untyped.type_match = TypeMatch::Unknown(Fallback::Bytes);
    let mut unsigned = column("big", ColumnType::BigInt);
    unsigned.sql_type = "bigint unsigned".into();
    unsigned.type_match = TypeMatch::Approximate("values above i64::MAX do not fit".into());
    let reflected = schema(vec![table(
        "hosts",
        vec![column("id", ColumnType::BigInt), inet, untyped, unsigned],
        &["id"],
    )]);
    let (spec, warnings) = spec_from_reflected(&reflected, Some("net"));
    let columns = &spec.tables[0].columns;
    assert_eq!(
        columns[1].ty,
        TypeSpec::Custom {
            sql_type: "inet".into(),
            rust_type: "String".into()
        }
    );
    assert_eq!(
        columns[2].ty,
        TypeSpec::Custom {
            sql_type: String::new(),
            rust_type: "Vec<u8>".into()
        }
    );
    assert_eq!(columns[3].ty, TypeSpec::BigInt);
    let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "hosts.addr: unknown SQL type `inet`, generated as `String`; to map it yourself, \
             give the column `sql_type: \"inet\"` and `rust_type: <a Rust type>` in the spec",
            "hosts.blob: no declared type, generated as `Vec<u8>`; to map it yourself, give the \
             column `sql_type: \"\"` and `rust_type: <a Rust type>` in the spec",
            "hosts.big: type `bigint unsigned` approximated: values above i64::MAX do not fit; \
             to choose another Rust type, give the column `sql_type` + `rust_type` in the spec",
        ]
    );
    // The spec reads back and generates.
    let model = model_of(&reflected);
    assert_eq!(model.tables[0].columns.len(), 4);
}

#[test]
fn keys_defaults_generated_columns_and_views_are_kept() {
    let mut id = column("id", ColumnType::BigInt);
    id.autoincrement = Some(AutoIncrement::RowId { keyword: false });
    let mut status = column("status", ColumnType::Text);
    status.default = Some(ReflectedDefault {
        sql: "'new'".into(),
        literal: Some(Value::String(Some("new".into()))),
    });
    let mut zero = column("count", ColumnType::Integer);
    zero.default = Some(ReflectedDefault {
        sql: "0".into(),
        literal: Some(Value::BigInt(Some(0))),
    });
    let mut text_zero = column("code", ColumnType::Text);
    text_zero.default = Some(ReflectedDefault {
        sql: "'0'".into(),
        literal: Some(Value::String(Some("0".into()))),
    });
    let mut stamp = column("at", ColumnType::Timestamp);
    stamp.default = Some(ReflectedDefault {
        sql: "CURRENT_TIMESTAMP".into(),
        literal: None,
    });
    let mut doubled = column("doubled", ColumnType::Integer);
    doubled.generated = Some(retort::Generated {
        sql: "count * 2".into(),
        stored: false,
    });
    let mut orders = table(
        "orders",
        vec![id, status, zero, text_zero, stamp, doubled],
        &["id"],
    );
    orders.unique_constraints = vec![
        UniqueConstraint {
            name: None,
            columns: vec!["code".into()],
        },
        UniqueConstraint {
            name: None,
            columns: vec!["status".into(), "at".into()],
        },
    ];
    orders.indexes = vec![
        ReflectedIndex {
            name: "ix_orders_at".into(),
            columns: vec!["at".into()],
            unique: false,
            has_expressions: false,
            partial: false,
        },
        ReflectedIndex {
            name: "ix_orders_lower".into(),
            columns: Vec::new(),
            unique: false,
            has_expressions: true,
            partial: false,
        },
    ];
    let mut reflected = schema(vec![orders]);
    reflected.views.push(ReflectedView {
        name: "recent".into(),
        comment: None,
        columns: vec![column("id", ColumnType::BigInt)],
        definition: Some("SELECT id FROM orders".into()),
        materialized: false,
    });
    let (spec, warnings) = spec_from_reflected(&reflected, None);
    let orders = &spec.tables[0];
    assert_eq!(orders.primary_key, ["id"]);
    assert!(orders.columns[0].autoincrement && orders.columns[0].primary_key);
    let defaults: Vec<Option<DefaultSpec>> =
        orders.columns.iter().map(|c| c.default.clone()).collect();
    assert_eq!(
        defaults,
        [
            None,
            Some(DefaultSpec::Literal(Literal::String("new".into()))),
            Some(DefaultSpec::Literal(Literal::Int(0))),
            Some(DefaultSpec::Literal(Literal::String("0".into()))),
            Some(DefaultSpec::Sql("CURRENT_TIMESTAMP".into())),
            None,
        ]
    );
    assert_eq!(
        orders.columns[5].generated,
        Some(GeneratedSpec {
            sql: "count * 2".into(),
            stored: false
        })
    );
    assert!(orders.columns[3].unique);
    assert_eq!(orders.unique, [vec!["status".to_owned(), "at".to_owned()]]);
    assert_eq!(orders.indexes.len(), 1, "the expression index is left out");
    assert_eq!(
        warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "orders: index `ix_orders_lower` is over expressions, which a spec cannot say: left \
          out of the spec (the database keeps it)"
        ]
    );
    assert_eq!(spec.tables[1].view, Some(ViewSpec { sql: None }));
    // The model's schema objects say the same: create_all would recreate it.
    let model = model_of(&reflected);
    let tables = metadata(&model).tables;
    assert!(tables[0].columns[3].unique);
    assert_eq!(
        tables[0].columns[5].generated.as_ref().unwrap().sql,
        "count * 2"
    );
    assert!(tables[1].is_view());
}

#[test]
fn colliding_names_get_distinct_rust_names_and_foreign_keys_out_of_reach_are_left_out() {
    let mut people = table(
        "people",
        vec![
            column("id", ColumnType::BigInt),
            column("Full Name", ColumnType::Text),
            column("full_name", ColumnType::Text),
            column("team_id", ColumnType::BigInt),
        ],
        &["id"],
    );
    let mut elsewhere = foreign_key(&["team_id"], "people", &["id"]);
    elsewhere.references_schema = "other".into();
    people.foreign_keys = vec![foreign_key(&["team_id"], "teams", &["id"]), elsewhere];
    let reflected = schema(vec![
        people,
        table("People", vec![column("x", ColumnType::Text)], &[]),
    ]);
    let (spec, warnings) = spec_from_reflected(&reflected, None);
    assert_eq!(
        spec.tables[0].columns[1].rust_name.as_deref(),
        Some("full_name")
    );
    assert_eq!(
        spec.tables[0].columns[2].rust_name.as_deref(),
        Some("full_name_2")
    );
    assert_eq!(spec.tables[0].rust_name.as_deref(), Some("people"));
    assert_eq!(spec.tables[1].rust_name.as_deref(), Some("people_2"));
    assert!(spec.tables[0].foreign_keys.is_empty());
    let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "people: foreign key (team_id) to `main.teams` left out: that table is not among \
             the reflected ones (add it with --tables, or drop --exclude)",
            // Not this schema's `people`.
            "people: foreign key (team_id) to `other.people` left out: it is in another \
             schema than the one read (`main`)",
            "People: has no primary key: rows can be read and inserted, but not addressed by \
             key (`get`, relationships to it by key)",
        ]
    );
    let model = model_of(&reflected);
    assert_eq!(model.tables[0].module, "people");
    assert_eq!(model.tables[1].module, "people_2");
}

/// Two tables and a junction of their keys, keyed or not.
fn junction_schema(keyed: bool) -> ReflectedSchema {
    let mut likes = table(
        "likes",
        vec![
            column("user_id", ColumnType::BigInt),
            column("post_id", ColumnType::BigInt),
        ],
        if keyed { &["user_id", "post_id"] } else { &[] },
    );
    likes.foreign_keys = vec![
        foreign_key(&["post_id"], "posts", &["id"]),
        foreign_key(&["user_id"], "users", &["id"]),
    ];
    schema(vec![
        likes,
        table("posts", vec![column("id", ColumnType::BigInt)], &["id"]),
        table("users", vec![column("id", ColumnType::BigInt)], &["id"]),
    ])
}

#[test]
fn a_junction_is_an_association_table_only_when_a_key_makes_its_pairs_unique() {
    let keyed = model_of(&junction_schema(true));
    let posts = keyed.table("posts").unwrap();
    assert_eq!(posts.relationships.len(), 1);
    assert_eq!(posts.relationships[0].name, "users");
    assert_eq!(posts.relationships[0].kind, RelationshipKind::ManyToMany);

    // Without a key, a pair may be listed twice: `likes` stays an entity.
    let reflected = junction_schema(false);
    let (mut spec, _) = spec_from_reflected(&reflected, None);
    let before = Model::from_spec(&parse(&to_yaml(&spec)).unwrap()).unwrap();
    assert!(keep_keyless_junctions(&mut spec, &before));
    let yaml = to_yaml(&spec);
    let model = Model::from_spec(&parse(&yaml).unwrap()).unwrap();
    for (table, fk) in [("posts", "post_id"), ("users", "user_id")] {
        let table = model.table(table).unwrap();
        let kinds: Vec<(&str, RelationshipKind)> = table
            .relationships
            .iter()
            .map(|r| (r.name.as_str(), r.kind))
            .collect();
        assert_eq!(kinds, [("likes", RelationshipKind::OneToMany)], "{yaml}");
        let declared = spec
            .tables
            .iter()
            .find(|t| t.name == table.sql_name)
            .and_then(|t| t.relationships.clone())
            .unwrap();
        assert_eq!(declared[0].link, RelationshipLink::Via(vec![fk.to_owned()]));
    }
    let likes = model.table("likes").unwrap();
    let kinds: Vec<RelationshipKind> = likes.relationships.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [RelationshipKind::ManyToOne, RelationshipKind::ManyToOne]
    );
    // A keyed junction needs nothing declared.
    let (mut spec, _) = spec_from_reflected(&junction_schema(true), None);
    assert!(!keep_keyless_junctions(&mut spec, &keyed));
}

#[test]
fn a_models_schema_objects_are_what_its_generated_code_builds() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/blog.yaml");
    let model = retort_codegen::load_spec(path).unwrap();
    assert_eq!(metadata(&model), blog_models::metadata());
}

#[test]
fn enums_are_the_ones_the_columns_use() {
    use retort::reflect::{EnumKind, EnumType};
    let enum_type = |schema: &str, values: &[&str]| EnumType {
        name: "status".into(),
        schema: Some(schema.into()),
        values: values.iter().map(|v| v.to_string()).collect(),
        kind: EnumKind::Native,
    };
    let status = ColumnType::Enum {
        name: "status".into(),
        values: vec!["x".into(), "y".into()],
    };
    let mut reflected = schema(vec![table(
        "jobs",
        vec![column("id", ColumnType::BigInt), column("s", status)],
        &["id"],
    )]);
    // `public.status` is unused; the column's type is `other.status`, of the same name.
    reflected.enums = vec![
        enum_type("other", &["x", "y"]),
        enum_type("public", &["a", "b"]),
    ];
    let (spec, _) = spec_from_reflected(&reflected, None);
    assert_eq!(spec.enums.len(), 1);
    assert_eq!(spec.enums[0].values, ["x", "y"]);
    model_of(&reflected);
}
