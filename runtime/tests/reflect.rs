//! Reflection on every database: each feature from DDL written for that database, checked
//! against the whole reflected value — columns, types, defaults, auto-assigned and
//! generated columns, keys, indexes, checks, enums, domains, views, odd names, unknown
//! types — and a round trip through `create_all`.

mod common;

use common::{Backend, TestDb};
use retort::reflect::{
    AutoIncrement, Domain, EnumKind, EnumType, Fallback, Inspector, ReflectOptions, ReflectedCheck,
    ReflectedColumn, ReflectedDefault, ReflectedForeignKey, ReflectedIndex, ReflectedSchema,
    ReflectedTable, TypeMatch, UniqueConstraint,
};
use retort::rust_decimal::Decimal;
use retort::sea_query::Value;
use retort::{
    CheckDef, ColumnDef, ColumnType, Error, FkAction, ForeignKeyDef, Generated, IndexDef, MetaData,
    TableDef, ViewDef,
};

// ---------------------------------------------------------------------------------------
// Helpers

fn run(db: &TestDb, sql: &str) {
    db.connection()
        .execute_batch(sql)
        .unwrap_or_else(|e| panic!("{e}\n{sql}"));
}

fn reflect(db: &TestDb, options: &ReflectOptions) -> ReflectedSchema {
    let mut conn = db.connection();
    Inspector::new(&mut conn)
        .reflect(options)
        .expect("reflect the schema")
}

fn table(db: &TestDb, name: &str) -> ReflectedTable {
    let mut conn = db.connection();
    Inspector::new(&mut conn)
        .table(name, None)
        .unwrap_or_else(|e| panic!("reflect {name}: {e}"))
}

/// The name of the test's database (MySQL's schema).
fn database_name(db: &TestDb) -> String {
    let path = db.url().split('?').next().unwrap_or_default();
    path.rsplit('/').next().unwrap_or_default().to_owned()
}

/// A nullable column of exactly matching type, without default.
fn col(name: &str, sql_type: &str, ty: ColumnType) -> ReflectedColumn {
    ReflectedColumn {
        name: name.into(),
        sql_type: sql_type.into(),
        ty,
        type_match: TypeMatch::Exact,
        nullable: true,
        default: None,
        autoincrement: None,
        generated: None,
        comment: None,
        domain: None,
    }
}

/// Builders for expected columns.
trait Expect {
    fn not_null(self) -> Self;
    fn default_sql(self, sql: &str) -> Self;
    fn default_literal(self, sql: &str, value: Value) -> Self;
    fn auto(self, auto: AutoIncrement) -> Self;
    fn generated(self, expression: &str, stored: bool) -> Self;
    fn matched(self, type_match: TypeMatch) -> Self;
    fn comment(self, comment: &str) -> Self;
    fn domain(self, domain: &str) -> Self;
}

impl Expect for ReflectedColumn {
    fn not_null(mut self) -> Self {
        self.nullable = false;
        self
    }
    fn default_sql(mut self, sql: &str) -> Self {
        self.default = Some(ReflectedDefault {
            sql: sql.into(),
            literal: None,
        });
        self
    }
    fn default_literal(mut self, sql: &str, value: Value) -> Self {
        self.default = Some(ReflectedDefault {
            sql: sql.into(),
            literal: Some(value),
        });
        self
    }
    fn auto(mut self, auto: AutoIncrement) -> Self {
        self.autoincrement = Some(auto);
        self
    }
    fn generated(mut self, expression: &str, stored: bool) -> Self {
        self.generated = Some(Generated {
            sql: expression.into(),
            stored,
        });
        self
    }
    fn matched(mut self, type_match: TypeMatch) -> Self {
        self.type_match = type_match;
        self
    }
    fn comment(mut self, comment: &str) -> Self {
        self.comment = Some(comment.into());
        self
    }
    fn domain(mut self, domain: &str) -> Self {
        self.domain = Some(domain.into());
        self
    }
}

fn text(value: &str) -> Value {
    Value::String(Some(value.into()))
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn enum_type(name: &str, values: &[&str]) -> ColumnType {
    ColumnType::Enum {
        name: name.into(),
        values: strings(values),
    }
}

fn decimal(precision: u32, scale: u32) -> ColumnType {
    ColumnType::Decimal {
        precision: Some(precision),
        scale: Some(scale),
    }
}

fn unique(name: Option<&str>, columns: &[&str]) -> UniqueConstraint {
    UniqueConstraint {
        name: name.map(Into::into),
        columns: strings(columns),
    }
}

fn index(name: &str, columns: &[&str], unique: bool) -> ReflectedIndex {
    ReflectedIndex {
        name: name.into(),
        columns: strings(columns),
        unique,
        has_expressions: false,
        partial: false,
    }
}

fn check(name: Option<&str>, sql: &str) -> ReflectedCheck {
    ReflectedCheck {
        name: name.map(Into::into),
        sql: sql.into(),
    }
}

fn approximate(note: &str) -> TypeMatch {
    TypeMatch::Approximate(note.into())
}

// ---------------------------------------------------------------------------------------
// Schemas, and what is not there

fn an_empty_database_has_no_tables(db: &TestDb) {
    let expected_schema = match db.backend {
        Backend::Sqlite => "main".to_owned(),
        Backend::Postgres => "public".to_owned(),
        Backend::Mysql => database_name(db),
    };
    let schema = reflect(db, &ReflectOptions::new().views(true));
    assert_eq!(
        schema,
        ReflectedSchema {
            dialect: db.dialect(),
            schema: expected_schema.clone(),
            tables: vec![],
            views: vec![],
            enums: vec![],
            domains: vec![],
        }
    );
    let mut conn = db.connection();
    let mut inspector = Inspector::new(&mut conn);
    assert_eq!(inspector.dialect(), db.dialect());
    assert_eq!(inspector.default_schema().unwrap(), expected_schema);
    assert!(inspector.schema_names().unwrap().contains(&expected_schema));
    assert_eq!(inspector.table_names(None).unwrap(), Vec::<String>::new());
    assert_eq!(inspector.view_names(None).unwrap(), Vec::<String>::new());
}

fn missing_schemas_and_tables_are_errors(db: &TestDb) {
    run(
        db,
        "CREATE TABLE present (id INTEGER PRIMARY KEY); \
         CREATE VIEW seen AS SELECT id FROM present",
    );
    let mut conn = db.connection();
    let mut inspector = Inspector::new(&mut conn);
    let schema = inspector.default_schema().unwrap();

    let error = inspector
        .reflect(&ReflectOptions::new().schema("no_such_schema"))
        .unwrap_err();
    assert!(
        matches!(&error, Error::DoesNotExist { kind: "schema", name } if name == "no_such_schema"),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "schema `no_such_schema` does not exist");
    let error = inspector.table_names(Some("no_such_schema")).unwrap_err();
    assert!(matches!(error, Error::DoesNotExist { kind: "schema", .. }));

    let error = inspector
        .reflect(&ReflectOptions::new().tables(["present", "absent"]))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("table `{schema}.absent` does not exist")
    );
    let error = inspector.table("absent", None).unwrap_err();
    assert!(
        matches!(&error, Error::DoesNotExist { kind: "table", name } if *name == format!("{schema}.absent")),
        "{error:?}"
    );
    // A view is not a table, unless views are read.
    let error = inspector
        .reflect(&ReflectOptions::new().tables(["seen"]))
        .unwrap_err();
    assert!(matches!(error, Error::DoesNotExist { kind: "table", .. }));
    let only_view = inspector
        .reflect(&ReflectOptions::new().tables(["seen"]).views(true))
        .unwrap();
    assert!(only_view.tables.is_empty());
    assert_eq!(only_view.views.len(), 1);
    assert_eq!(only_view.views[0].name, "seen");
}

// ---------------------------------------------------------------------------------------
// Columns

fn columns_types_nullability_defaults_and_comments(db: &TestDb) {
    let d = |v: i64, scale: u32| Value::Decimal(Some(Decimal::new(v, scale)));
    let (ddl, expected) = match db.backend {
        Backend::Sqlite => (
            "CREATE TABLE items (
                id INTEGER PRIMARY KEY,
                name VARCHAR(20) NOT NULL DEFAULT 'it''s',
                price NUMERIC(10,2) NOT NULL DEFAULT 0,
                weight DOUBLE,
                stock SMALLINT DEFAULT -1,
                active BOOLEAN NOT NULL DEFAULT TRUE,
                note TEXT,
                code CHAR(3),
                photo BLOB,
                born DATE,
                opens TIME,
                created DATETIME DEFAULT CURRENT_TIMESTAMP,
                seen TIMESTAMPTZ,
                ref UUID,
                doc JSON,
                unset TEXT DEFAULT NULL
            )",
            vec![
                col("id", "INTEGER", ColumnType::BigInt)
                    .not_null()
                    .auto(AutoIncrement::RowId { keyword: false }),
                col("name", "VARCHAR(20)", ColumnType::Varchar(Some(20)))
                    .not_null()
                    .default_literal("'it''s'", text("it's")),
                col("price", "NUMERIC(10,2)", decimal(10, 2))
                    .not_null()
                    .default_literal("0", d(0, 0)),
                col("weight", "DOUBLE", ColumnType::Double),
                col("stock", "SMALLINT", ColumnType::SmallInt)
                    .default_literal("-1", Value::SmallInt(Some(-1))),
                col("active", "BOOLEAN", ColumnType::Boolean)
                    .not_null()
                    .default_literal("TRUE", Value::Bool(Some(true))),
                col("note", "TEXT", ColumnType::Text),
                col("code", "CHAR(3)", ColumnType::Char(Some(3))),
                col("photo", "BLOB", ColumnType::Bytes),
                col("born", "DATE", ColumnType::Date),
                col("opens", "TIME", ColumnType::Time),
                col("created", "DATETIME", ColumnType::Timestamp).default_sql("CURRENT_TIMESTAMP"),
                col("seen", "TIMESTAMPTZ", ColumnType::TimestampTz),
                col("ref", "UUID", ColumnType::Uuid),
                col("doc", "JSON", ColumnType::Json),
                col("unset", "TEXT", ColumnType::Text),
            ],
        ),
        Backend::Postgres => (
            "CREATE TABLE items (
                id bigint PRIMARY KEY,
                name varchar(20) NOT NULL DEFAULT 'it''s',
                price numeric(10,2) NOT NULL DEFAULT 0,
                weight double precision,
                stock smallint DEFAULT -1,
                active boolean NOT NULL DEFAULT TRUE,
                note text,
                code char(3),
                photo bytea,
                born date,
                opens time,
                created timestamp DEFAULT CURRENT_TIMESTAMP,
                seen timestamptz,
                ref uuid,
                doc jsonb,
                unset text DEFAULT NULL
            );
            COMMENT ON TABLE items IS 'Things we sell.';
            COMMENT ON COLUMN items.name IS 'Shown to customers.'",
            vec![
                col("id", "bigint", ColumnType::BigInt).not_null(),
                col(
                    "name",
                    "character varying(20)",
                    ColumnType::Varchar(Some(20)),
                )
                .not_null()
                .default_literal("'it''s'::character varying", text("it's"))
                .comment("Shown to customers."),
                col("price", "numeric(10,2)", decimal(10, 2))
                    .not_null()
                    .default_literal("0", d(0, 0)),
                col("weight", "double precision", ColumnType::Double),
                col("stock", "smallint", ColumnType::SmallInt)
                    .default_literal("'-1'::integer", Value::SmallInt(Some(-1))),
                col("active", "boolean", ColumnType::Boolean)
                    .not_null()
                    .default_literal("true", Value::Bool(Some(true))),
                col("note", "text", ColumnType::Text),
                col("code", "character(3)", ColumnType::Char(Some(3))),
                col("photo", "bytea", ColumnType::Bytes),
                col("born", "date", ColumnType::Date),
                col("opens", "time without time zone", ColumnType::Time),
                col(
                    "created",
                    "timestamp without time zone",
                    ColumnType::Timestamp,
                )
                .default_sql("CURRENT_TIMESTAMP"),
                col("seen", "timestamp with time zone", ColumnType::TimestampTz),
                col("ref", "uuid", ColumnType::Uuid),
                col("doc", "jsonb", ColumnType::Json),
                col("unset", "text", ColumnType::Text),
            ],
        ),
        Backend::Mysql => (
            "CREATE TABLE items (
                id bigint PRIMARY KEY,
                name varchar(20) NOT NULL DEFAULT 'it''s' COMMENT 'Shown to customers.',
                price decimal(10,2) NOT NULL DEFAULT 0,
                weight double,
                stock smallint DEFAULT -1,
                active boolean NOT NULL DEFAULT TRUE,
                note text,
                code char(3),
                photo blob,
                born date,
                opens time,
                created datetime DEFAULT CURRENT_TIMESTAMP,
                seen timestamp NULL,
                ref char(36),
                doc json,
                unset text DEFAULT NULL
            ) COMMENT 'Things we sell.'",
            vec![
                col("id", "bigint(20)", ColumnType::BigInt).not_null(),
                col("name", "varchar(20)", ColumnType::Varchar(Some(20)))
                    .not_null()
                    .default_literal("'it''s'", text("it's"))
                    .comment("Shown to customers."),
                col("price", "decimal(10,2)", decimal(10, 2))
                    .not_null()
                    .default_literal("0.00", d(0, 2)),
                col("weight", "double", ColumnType::Double),
                col("stock", "smallint(6)", ColumnType::SmallInt)
                    .default_literal("-1", Value::SmallInt(Some(-1))),
                col("active", "tinyint(1)", ColumnType::Boolean)
                    .not_null()
                    .default_literal("1", Value::Bool(Some(true))),
                col("note", "text", ColumnType::Text),
                col("code", "char(3)", ColumnType::Char(Some(3))),
                col("photo", "blob", ColumnType::Bytes),
                col("born", "date", ColumnType::Date),
                col("opens", "time", ColumnType::Time),
                col("created", "datetime", ColumnType::Timestamp)
                    .default_sql("current_timestamp()"),
                col("seen", "timestamp", ColumnType::TimestampTz),
                col("ref", "char(36)", ColumnType::Char(Some(36))),
                // MariaDB's JSON: LONGTEXT checked by json_valid.
                col("doc", "longtext", ColumnType::Json),
                col("unset", "text", ColumnType::Text),
            ],
        ),
    };
    run(db, ddl);
    let items = table(db, "items");
    assert_eq!(items.columns, expected);
    assert_eq!(items.primary_key, ["id"]);
    assert!(items.checks.is_empty(), "{:?}", items.checks);
    let comment = match db.backend {
        Backend::Sqlite => None,
        _ => Some("Things we sell.".to_owned()),
    };
    assert_eq!(items.comment, comment);
}

fn auto_assigned_and_generated_columns(db: &TestDb) {
    let (ddl, expected_a, expected_b) = match db.backend {
        Backend::Sqlite => (
            "CREATE TABLE a (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                price REAL NOT NULL,
                total REAL GENERATED ALWAYS AS (price * 2) STORED,
                half REAL AS (price / 2)
            );
            CREATE TABLE b (id INTEGER PRIMARY KEY, n INT);
            CREATE TABLE c (id BIGINT PRIMARY KEY, n INT)",
            vec![
                col("id", "INTEGER", ColumnType::BigInt)
                    .not_null()
                    .auto(AutoIncrement::RowId { keyword: true }),
                col("price", "REAL", ColumnType::Double).not_null(),
                col("total", "REAL", ColumnType::Double).generated("price * 2", true),
                col("half", "REAL", ColumnType::Double).generated("price / 2", false),
            ],
            col("id", "INTEGER", ColumnType::BigInt)
                .not_null()
                .auto(AutoIncrement::RowId { keyword: false }),
        ),
        Backend::Postgres => (
            "CREATE TABLE a (
                id serial PRIMARY KEY,
                price double precision NOT NULL,
                total double precision GENERATED ALWAYS AS (price * 2) STORED
            );
            CREATE TABLE b (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int);
            CREATE TABLE c (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n int)",
            vec![
                col("id", "integer", ColumnType::Integer)
                    .not_null()
                    .auto(AutoIncrement::Serial {
                        sequence: "a_id_seq".into(),
                    }),
                col("price", "double precision", ColumnType::Double).not_null(),
                col("total", "double precision", ColumnType::Double)
                    .generated("(price * (2)::double precision)", true),
            ],
            col("id", "bigint", ColumnType::BigInt)
                .not_null()
                .auto(AutoIncrement::Identity { always: true }),
        ),
        Backend::Mysql => (
            "CREATE TABLE a (
                id bigint AUTO_INCREMENT PRIMARY KEY,
                price double NOT NULL,
                total double AS (price * 2) STORED,
                half double AS (price / 2) VIRTUAL
            );
            CREATE TABLE b (id int AUTO_INCREMENT PRIMARY KEY, n int);
            CREATE TABLE c (id bigint PRIMARY KEY, n int)",
            vec![
                col("id", "bigint(20)", ColumnType::BigInt)
                    .not_null()
                    .auto(AutoIncrement::AutoIncrement),
                col("price", "double", ColumnType::Double).not_null(),
                col("total", "double", ColumnType::Double).generated("`price` * 2", true),
                col("half", "double", ColumnType::Double).generated("`price` / 2", false),
            ],
            col("id", "int(11)", ColumnType::Integer)
                .not_null()
                .auto(AutoIncrement::AutoIncrement),
        ),
    };
    run(db, ddl);
    let a = table(db, "a");
    assert_eq!(a.columns, expected_a);
    let generated: Vec<bool> = a.columns.iter().map(|c| c.is_read_only()).collect();
    assert_eq!(generated[..3], [false, false, true]);
    assert_eq!(table(db, "b").columns[0], expected_b);
    assert_eq!(
        table(db, "b").columns[0].is_read_only(),
        db.backend == Backend::Postgres,
        "only PostgreSQL's GENERATED ALWAYS identity refuses values"
    );
    // c's key is assigned by the database only on PostgreSQL (BY DEFAULT); SQLite's
    // BIGINT key is no rowid alias — and, SQLite being SQLite, may be NULL.
    let c_id = &table(db, "c").columns[0];
    match db.backend {
        Backend::Sqlite => assert_eq!(c_id, &col("id", "BIGINT", ColumnType::BigInt)),
        Backend::Postgres => assert_eq!(
            c_id,
            &col("id", "bigint", ColumnType::BigInt)
                .not_null()
                .auto(AutoIncrement::Identity { always: false })
        ),
        Backend::Mysql => assert_eq!(
            c_id,
            &col("id", "bigint(20)", ColumnType::BigInt).not_null()
        ),
    }
}

// ---------------------------------------------------------------------------------------
// Keys, constraints, indexes

fn keys_constraints_and_indexes(db: &TestDb) {
    run(
        db,
        "CREATE TABLE parent (
            a INTEGER NOT NULL,
            b VARCHAR(10) NOT NULL,
            label VARCHAR(20) NOT NULL,
            code VARCHAR(5),
            PRIMARY KEY (a, b),
            CONSTRAINT uq_parent_label UNIQUE (label),
            CONSTRAINT uq_parent_code_label UNIQUE (code, label)
        );
        CREATE TABLE child (
            id INTEGER NOT NULL PRIMARY KEY,
            pa INTEGER,
            pb VARCHAR(10),
            boss INTEGER,
            CONSTRAINT fk_child_parent FOREIGN KEY (pa, pb) REFERENCES parent (a, b)
                ON DELETE CASCADE ON UPDATE SET NULL,
            CONSTRAINT fk_child_boss FOREIGN KEY (boss) REFERENCES child (id) ON DELETE SET NULL
        );
        CREATE INDEX ix_child_boss ON child (boss);
        CREATE UNIQUE INDEX ux_child_pa_boss ON child (pa, boss);
        CREATE TABLE log (at_time VARCHAR(30), message VARCHAR(100))",
    );
    let schema = reflect(db, &ReflectOptions::new());
    let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["child", "log", "parent"]);
    let this = schema.schema.clone();
    // SQLite's PRAGMAs do not tell constraint names.
    let named = |name: &'static str| match db.backend {
        Backend::Sqlite => None,
        _ => Some(name),
    };

    let parent = schema.table("parent").unwrap();
    assert_eq!(parent.primary_key, ["a", "b"]);
    assert_eq!(
        parent.primary_key_name.as_deref(),
        match db.backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some("parent_pkey"),
            Backend::Mysql => Some("PRIMARY"),
        }
    );
    assert_eq!(
        parent.unique_constraints,
        [
            unique(named("uq_parent_code_label"), &["code", "label"]),
            unique(named("uq_parent_label"), &["label"]),
        ]
    );
    assert_eq!(
        parent.indexes,
        [],
        "the key's and constraints' indexes are not repeated"
    );
    assert!(parent.foreign_keys.is_empty());

    let child = schema.table("child").unwrap();
    assert_eq!(child.primary_key, ["id"]);
    // MariaDB reads an unspecified rule as RESTRICT; the others as NO ACTION.
    let unspecified = match db.backend {
        Backend::Mysql => FkAction::Restrict,
        _ => FkAction::NoAction,
    };
    assert_eq!(
        child.foreign_keys,
        [
            ReflectedForeignKey {
                name: named("fk_child_boss").map(Into::into),
                columns: strings(&["boss"]),
                references_schema: this.clone(),
                references: "child".into(),
                to_columns: strings(&["id"]),
                on_delete: FkAction::SetNull,
                on_update: unspecified,
            },
            ReflectedForeignKey {
                name: named("fk_child_parent").map(Into::into),
                columns: strings(&["pa", "pb"]),
                references_schema: this.clone(),
                references: "parent".into(),
                to_columns: strings(&["a", "b"]),
                on_delete: FkAction::Cascade,
                on_update: FkAction::SetNull,
            },
        ]
    );
    match db.backend {
        // MySQL makes every unique index a unique constraint; the index InnoDB made for
        // fk_child_parent is not reported.
        Backend::Mysql => {
            assert_eq!(
                child.unique_constraints,
                [unique(Some("ux_child_pa_boss"), &["pa", "boss"])]
            );
            assert_eq!(child.indexes, [index("ix_child_boss", &["boss"], false)]);
        }
        _ => {
            assert_eq!(child.unique_constraints, []);
            assert_eq!(
                child.indexes,
                [
                    index("ix_child_boss", &["boss"], false),
                    index("ux_child_pa_boss", &["pa", "boss"], true),
                ]
            );
        }
    }

    let log = schema.table("log").unwrap();
    assert_eq!(log.primary_key, Vec::<String>::new());
    assert_eq!(log.primary_key_name, None);
    assert!(log.columns.iter().all(|c| c.nullable));
    assert_eq!(log.columns.len(), 2);

    // The same tables, through `to_table_def`.
    let def = child.to_table_def();
    assert_eq!(def.foreign_keys[1].on_delete, Some(FkAction::Cascade));
    assert_eq!(
        def.foreign_keys[0].on_update,
        (unspecified != FkAction::NoAction).then_some(unspecified)
    );
    let def = parent.to_table_def();
    assert!(def.column_named("label").unwrap().unique);
    assert_eq!(def.unique, [strings(&["code", "label"])]);
}

fn checks_and_in_lists_become_enums(db: &TestDb) {
    run(
        db,
        "CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            status VARCHAR(10) NOT NULL CHECK (status IN ('new', 'paid', 'it''s')),
            kind VARCHAR(5),
            qty INTEGER NOT NULL,
            priority INTEGER CHECK (priority IN (1, 2, 3)),
            CONSTRAINT ck_orders_qty CHECK (qty > 0),
            CONSTRAINT ck_orders_kind CHECK (kind IN ('a', 'b'))
        )",
    );
    let schema = reflect(db, &ReflectOptions::new());
    let orders = schema.table("orders").unwrap();
    let status = enum_type("orders_status", &["new", "paid", "it's"]);
    let kind = enum_type("orders_kind", &["a", "b"]);
    assert_eq!(orders.column("status").unwrap().ty, status);
    assert_eq!(orders.column("kind").unwrap().ty, kind);
    assert_eq!(
        orders.column("priority").unwrap().ty.clone(),
        match db.backend {
            Backend::Sqlite => ColumnType::BigInt,
            _ => ColumnType::Integer,
        }
    );
    let (status_check, expected_checks) = match db.backend {
        Backend::Sqlite => (
            None,
            vec![
                check(None, "priority IN (1, 2, 3)"),
                check(Some("ck_orders_qty"), "qty > 0"),
            ],
        ),
        Backend::Postgres => (
            Some("orders_status_check"),
            vec![
                check(Some("ck_orders_qty"), "qty > 0"),
                check(
                    Some("orders_priority_check"),
                    "priority = ANY (ARRAY[1, 2, 3])",
                ),
            ],
        ),
        // MariaDB names a column's check after the column.
        Backend::Mysql => (
            Some("status"),
            vec![
                check(Some("ck_orders_qty"), "`qty` > 0"),
                check(Some("priority"), "`priority` in (1,2,3)"),
            ],
        ),
    };
    assert_eq!(orders.checks, expected_checks);
    assert_eq!(
        schema.enums,
        [
            EnumType {
                name: "orders_kind".into(),
                schema: None,
                values: strings(&["a", "b"]),
                kind: EnumKind::Check {
                    table: "orders".into(),
                    column: "kind".into(),
                    constraint: Some("ck_orders_kind".into()),
                },
            },
            EnumType {
                name: "orders_status".into(),
                schema: None,
                values: strings(&["new", "paid", "it's"]),
                kind: EnumKind::Check {
                    table: "orders".into(),
                    column: "status".into(),
                    constraint: status_check.map(Into::into),
                },
            },
        ]
    );
    // As schema objects, unnamed checks get names.
    let def = orders.to_table_def();
    let names: Vec<&str> = def.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        match db.backend {
            Backend::Sqlite => ["ck_orders_1", "ck_orders_qty"],
            Backend::Postgres => ["ck_orders_qty", "orders_priority_check"],
            Backend::Mysql => ["ck_orders_qty", "priority"],
        }
    );
}

// ---------------------------------------------------------------------------------------
// Names, types, views, choosing tables

fn odd_names_come_back_exactly(db: &TestDb) {
    let mood = ColumnType::Enum {
        name: "odd enum".into(),
        values: strings(&["it's", "Ünï"]),
    };
    let metadata = MetaData::new()
        .table(
            TableDef::new("order details")
                .column(ColumnDef::new("Order", ColumnType::BigInt).autoincrement())
                .column(ColumnDef::new("naïve café", ColumnType::Varchar(Some(50))).nullable())
                .column(ColumnDef::new("it's \"quoted\"", ColumnType::Text).nullable())
                .column(ColumnDef::new("MixedCase", mood))
                .primary_key(["Order"])
                .index(IndexDef::new("ix odd name", ["naïve café"])),
        )
        .table(
            TableDef::new("Ünïcode täble")
                .column(ColumnDef::new("select", ColumnType::BigInt))
                .column(ColumnDef::new("order id", ColumnType::BigInt))
                .foreign_key(ForeignKeyDef::new(["order id"], "order details", ["Order"])),
        );
    metadata.create_all(db.engine()).unwrap();
    let schema = reflect(db, &ReflectOptions::new());
    let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["order details", "Ünïcode täble"]);

    let details = schema.table("order details").unwrap();
    let columns: Vec<&str> = details.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        columns,
        ["Order", "naïve café", "it's \"quoted\"", "MixedCase"]
    );
    assert_eq!(details.primary_key, ["Order"]);
    // PostgreSQL keeps the enum type's name; elsewhere the enum is the column's.
    let enum_name = match db.backend {
        Backend::Postgres => "odd enum",
        _ => "order details_MixedCase",
    };
    assert_eq!(
        details.column("MixedCase").unwrap().ty,
        enum_type(enum_name, &["it's", "Ünï"])
    );
    assert_eq!(
        details.indexes,
        [index("ix odd name", &["naïve café"], false)]
    );

    let unicode = schema.table("Ünïcode täble").unwrap();
    assert_eq!(unicode.primary_key, Vec::<String>::new());
    assert_eq!(unicode.foreign_keys.len(), 1);
    let fk = &unicode.foreign_keys[0];
    assert_eq!(
        (&fk.columns, fk.references.as_str(), &fk.to_columns),
        (
            &strings(&["order id"]),
            "order details",
            &strings(&["Order"])
        )
    );
    // One table at a time, by its odd name.
    assert_eq!(&table(db, "Ünïcode täble"), unicode);
}

fn unknown_types_are_kept_with_a_fallback(db: &TestDb) {
    let unknown = |name: &str, sql_type: &str, fallback: Fallback| {
        col(name, sql_type, ColumnType::Custom(sql_type.into()))
            .matched(TypeMatch::Unknown(fallback))
    };
    let (ddl, expected) = match db.backend {
        Backend::Sqlite => (
            "CREATE TABLE odd (a FANCYTYPE, b, c POINTER, d STRING, e XML)",
            vec![
                unknown("a", "FANCYTYPE", Fallback::Text),
                unknown("b", "", Fallback::Text),
                col("c", "POINTER", ColumnType::BigInt).matched(approximate(
                    "`POINTER` is not a type Retort knows; SQLite's affinity rules make it INTEGER",
                )),
                unknown("d", "STRING", Fallback::Text),
                unknown("e", "XML", Fallback::Text),
            ],
        ),
        Backend::Postgres => (
            "CREATE TYPE pair AS (x int, y int);
            CREATE TABLE odd (a tsvector, b int4range, c inet, d integer[], e interval, f pair)",
            vec![
                unknown("a", "tsvector", Fallback::Text),
                unknown("b", "int4range", Fallback::Text),
                unknown("c", "inet", Fallback::Text),
                unknown("d", "integer[]", Fallback::Text),
                unknown("e", "interval", Fallback::Text),
                unknown("f", "pair", Fallback::Text),
            ],
        ),
        Backend::Mysql => (
            "CREATE TABLE odd (a point, b bit(3), c bigint unsigned, d year, e mediumint unsigned)",
            vec![
                unknown("a", "point", Fallback::Bytes),
                unknown("b", "bit(3)", Fallback::Bytes),
                col("c", "bigint(20) unsigned", ColumnType::BigInt).matched(approximate(
                    "BIGINT UNSIGNED read as a signed 64-bit integer: values above \
                     9223372036854775807 cannot be read",
                )),
                col("d", "year(4)", ColumnType::SmallInt)
                    .matched(approximate("YEAR read as a 16-bit integer")),
                col("e", "mediumint(8) unsigned", ColumnType::Integer),
            ],
        ),
    };
    run(db, ddl);
    let odd = table(db, "odd");
    assert_eq!(odd.columns, expected);
    let unknown: Vec<&str> = odd
        .columns
        .iter()
        .filter(|c| c.is_unknown_type())
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        unknown,
        match db.backend {
            Backend::Sqlite => vec!["a", "b", "d", "e"],
            Backend::Postgres => vec!["a", "b", "c", "d", "e", "f"],
            Backend::Mysql => vec!["a", "b"],
        }
    );
    // The type text goes into DDL as it was: the table can be created again.
    let mut again = odd.to_table_def();
    again.name = "odd_again".into();
    MetaData::new()
        .table(again)
        .create_all(db.engine())
        .unwrap();
    let again = table(db, "odd_again");
    let types = |t: &ReflectedTable| -> Vec<ColumnType> {
        t.columns.iter().map(|c| c.ty.clone()).collect()
    };
    assert_eq!(types(&again), types(&odd));
}

fn views_are_read_when_asked(db: &TestDb) {
    run(
        db,
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL);
         CREATE VIEW v AS SELECT id, name FROM t WHERE id > 0",
    );
    if db.backend == Backend::Postgres {
        run(
            db,
            "CREATE MATERIALIZED VIEW mv AS SELECT count(*) AS n FROM t",
        );
    }
    let schema = reflect(db, &ReflectOptions::new());
    assert_eq!(schema.tables.len(), 1);
    assert!(schema.views.is_empty());

    let schema = reflect(db, &ReflectOptions::new().views(true));
    let names: Vec<(&str, bool)> = schema
        .views
        .iter()
        .map(|v| (v.name.as_str(), v.materialized))
        .collect();
    let expected_views = match db.backend {
        Backend::Postgres => vec![("mv", true), ("v", false)],
        _ => vec![("v", false)],
    };
    assert_eq!(names, expected_views);
    let v = schema.view("v").unwrap();
    // What each database knows of a view's columns.
    let expected = match db.backend {
        Backend::Sqlite => vec![
            col("id", "INTEGER", ColumnType::BigInt),
            col("name", "VARCHAR(20)", ColumnType::Varchar(Some(20))),
        ],
        Backend::Postgres => vec![
            col("id", "integer", ColumnType::Integer),
            col(
                "name",
                "character varying(20)",
                ColumnType::Varchar(Some(20)),
            ),
        ],
        Backend::Mysql => vec![
            col("id", "int(11)", ColumnType::Integer).not_null(),
            col("name", "varchar(20)", ColumnType::Varchar(Some(20))).not_null(),
        ],
    };
    assert_eq!(v.columns, expected);
    let definition = v.definition.as_deref().unwrap().to_ascii_lowercase();
    assert!(
        definition.starts_with("select")
            && definition.contains("from")
            && definition.contains("> 0"),
        "{definition}"
    );
    if db.backend == Backend::Postgres {
        let mv = schema.view("mv").unwrap();
        assert_eq!(mv.columns, [col("n", "bigint", ColumnType::BigInt)]);
    }
    // As schema objects: a view that exists, after the tables.
    let def = v.to_table_def();
    assert_eq!(def.view, Some(ViewDef { sql: None }));
    let columns: Vec<&str> = def.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["id", "name"]);
    let metadata = schema.to_metadata();
    let kinds: Vec<(&str, bool)> = metadata
        .tables
        .iter()
        .map(|t| (t.name.as_str(), t.is_view()))
        .collect();
    let mut expected_kinds = vec![("t", false)];
    expected_kinds.extend(expected_views.iter().map(|(name, _)| (*name, true)));
    assert_eq!(kinds, expected_kinds);
    // create_all leaves existing views alone.
    metadata.create_all(db.engine()).unwrap();

    let mut conn = db.connection();
    let mut inspector = Inspector::new(&mut conn);
    assert_eq!(inspector.table_names(None).unwrap(), ["t"]);
    let expected_names: Vec<&str> = expected_views.iter().map(|(n, _)| *n).collect();
    assert_eq!(inspector.view_names(None).unwrap(), expected_names);
}

fn tables_can_be_chosen_and_excluded(db: &TestDb) {
    run(
        db,
        "CREATE TABLE a (id INTEGER PRIMARY KEY);
         CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER, FOREIGN KEY (a_id) REFERENCES a (id));
         CREATE TABLE c (id INTEGER PRIMARY KEY);
         CREATE VIEW vb AS SELECT id FROM b",
    );
    let names = |options: ReflectOptions| -> (Vec<String>, Vec<String>) {
        let schema = reflect(db, &options);
        (
            schema.tables.iter().map(|t| t.name.clone()).collect(),
            schema.views.iter().map(|v| v.name.clone()).collect(),
        )
    };
    let none: Vec<String> = Vec::new();
    assert_eq!(
        names(ReflectOptions::new()),
        (strings(&["a", "b", "c"]), none.clone())
    );
    assert_eq!(
        names(ReflectOptions::new().tables(["c", "a"])),
        (strings(&["a", "c"]), none.clone())
    );
    assert_eq!(
        names(ReflectOptions::new().exclude(["b"]).views(true)),
        (strings(&["a", "c"]), strings(&["vb"]))
    );
    assert_eq!(
        names(
            ReflectOptions::new()
                .tables(["b", "vb"])
                .exclude(["vb"])
                .views(true)
        ),
        (strings(&["b"]), none.clone())
    );
    // A foreign key to a table left out still names it.
    let schema = reflect(db, &ReflectOptions::new().tables(["b"]));
    assert_eq!(schema.tables[0].foreign_keys[0].references, "a");
    assert_eq!(schema.tables[0].foreign_keys[0].to_columns, ["id"]);
}

// ---------------------------------------------------------------------------------------
// Round trip

/// Every portable type, defaults, comments, keys of every kind.
fn library() -> MetaData {
    let status = ColumnType::Enum {
        name: "book_status".into(),
        values: strings(&["draft", "it's out"]),
    };
    MetaData::new()
        .table(
            TableDef::new("authors")
                .comment("People who write.")
                .column(ColumnDef::new("id", ColumnType::BigInt).autoincrement())
                .column(
                    ColumnDef::new("name", ColumnType::Varchar(Some(100)))
                        .unique()
                        .comment("Full name."),
                )
                .column(ColumnDef::new("email", ColumnType::Text).nullable())
                .primary_key(["id"]),
        )
        .table(
            TableDef::new("books")
                .column(ColumnDef::new("id", ColumnType::BigInt).autoincrement())
                .column(ColumnDef::new("author_id", ColumnType::BigInt))
                .column(ColumnDef::new("editor_id", ColumnType::BigInt).nullable())
                .column(ColumnDef::new("title", ColumnType::Varchar(Some(200))))
                .column(ColumnDef::new("status", status).default_value("draft"))
                .column(ColumnDef::new("pages", ColumnType::Integer).default_value(0))
                .column(ColumnDef::new("rating", ColumnType::SmallInt).nullable())
                .column(ColumnDef::new("price", decimal(10, 2)).default_value(Decimal::ZERO))
                .column(ColumnDef::new("weight", ColumnType::Double).nullable())
                .column(ColumnDef::new("ratio", ColumnType::Real).nullable())
                .column(ColumnDef::new("in_print", ColumnType::Boolean).default_value(true))
                .column(ColumnDef::new("cover", ColumnType::Bytes).nullable())
                .column(ColumnDef::new("published", ColumnType::Date).nullable())
                .column(ColumnDef::new("read_at", ColumnType::Time).nullable())
                .column(ColumnDef::new("added", ColumnType::Timestamp).nullable())
                .column(
                    ColumnDef::new("updated", ColumnType::TimestampTz)
                        .default_sql("CURRENT_TIMESTAMP"),
                )
                .column(ColumnDef::new("ref", ColumnType::Uuid).nullable())
                .column(ColumnDef::new("meta", ColumnType::Json).nullable())
                .column(ColumnDef::new("isbn", ColumnType::Char(Some(13))).nullable())
                .column(
                    ColumnDef::new("sheets", ColumnType::Integer)
                        .nullable()
                        .generated("pages / 2", true),
                )
                .primary_key(["id"])
                .unique(["author_id", "title"])
                .foreign_key(
                    ForeignKeyDef::new(["author_id"], "authors", ["id"])
                        .on_delete(FkAction::Cascade),
                )
                .foreign_key(
                    ForeignKeyDef::new(["editor_id"], "authors", ["id"])
                        .on_delete(FkAction::SetNull),
                )
                .index(IndexDef::new("ix_books_title", ["title"]))
                .check(CheckDef::new("ck_books_pages", "pages >= 0")),
        )
        .table(
            TableDef::new("book_tags")
                .column(ColumnDef::new("book_id", ColumnType::BigInt))
                .column(ColumnDef::new("tag", ColumnType::Varchar(Some(30))))
                .primary_key(["book_id", "tag"])
                .foreign_key(
                    ForeignKeyDef::new(["book_id"], "books", ["id"]).on_delete(FkAction::Cascade),
                ),
        )
}

/// `table` as it reads back from `backend`: what each database keeps differently.
fn as_stored(mut table: TableDef, backend: Backend) -> TableDef {
    let name = table.name.clone();
    for column in &mut table.columns {
        match (&column.ty, backend) {
            // SQLite has one integer and one float type, 64-bit each.
            (ColumnType::Integer, Backend::Sqlite) => {
                column.ty = ColumnType::BigInt;
                if let Some(retort::schema::DefaultValue::Value(Value::Int(Some(v)))) =
                    column.default
                {
                    column.default = Some(retort::schema::DefaultValue::Value(Value::BigInt(
                        Some(i64::from(v)),
                    )));
                }
            }
            (ColumnType::Real, Backend::Sqlite) => column.ty = ColumnType::Double,
            // SQLite and MySQL have no named enum types: the enum is the column's.
            (ColumnType::Enum { values, .. }, Backend::Sqlite | Backend::Mysql) => {
                column.ty = ColumnType::Enum {
                    name: format!("{name}_{}", column.name),
                    values: values.clone(),
                };
            }
            // MySQL stores both timestamps in DATETIME(6), UUIDs in CHAR(36).
            (ColumnType::TimestampTz, Backend::Mysql) => {
                column.ty = ColumnType::Timestamp;
                column.default = Some(retort::schema::DefaultValue::Sql(
                    "current_timestamp(6)".into(),
                ));
            }
            (ColumnType::Uuid, Backend::Mysql) => column.ty = ColumnType::Char(Some(36)),
            _ => {}
        }
        if backend == Backend::Sqlite {
            column.comment = None;
        }
        // The expression as each database writes it back.
        if let Some(generated) = &mut column.generated {
            match backend {
                Backend::Sqlite => {}
                Backend::Postgres => generated.sql = format!("({})", generated.sql),
                Backend::Mysql => generated.sql = generated.sql.replace("pages", "`pages`"),
            }
        }
    }
    if backend == Backend::Sqlite {
        table.comment = None;
    }
    for fk in &mut table.foreign_keys {
        // Named by create_all where the database keeps names.
        if backend != Backend::Sqlite {
            fk.name = Some(format!("fk_{name}_{}", fk.columns.join("_")));
        }
        // MariaDB reads the unspecified rule as RESTRICT.
        if backend == Backend::Mysql {
            fk.on_update = fk.on_update.or(Some(FkAction::Restrict));
            fk.on_delete = fk.on_delete.or(Some(FkAction::Restrict));
        }
    }
    table.foreign_keys.sort_by(|a, b| a.columns.cmp(&b.columns));
    if backend == Backend::Mysql {
        for check in &mut table.checks {
            check.sql = check.sql.replace("pages", "`pages`");
        }
    }
    table
}

fn round_trip_through_create_all(db: &TestDb) {
    let metadata = library();
    metadata.create_all(db.engine()).unwrap();
    let reflected = reflect(db, &ReflectOptions::new()).to_metadata();
    let names: Vec<&str> = reflected.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["authors", "book_tags", "books"]);
    for original in &metadata.tables {
        let expected = as_stored(original.clone(), db.backend);
        let actual = reflected.table_named(&original.name).unwrap();
        assert_eq!(
            actual.columns, expected.columns,
            "columns of {}",
            original.name
        );
        assert_eq!(actual, &expected, "table {}", original.name);
    }
    // What reads back creates the same tables again, in a database of its own.
    let again = TestDb::new(db.backend);
    reflected.create_all(again.engine()).unwrap();
    let twice = reflect(&again, &ReflectOptions::new()).to_metadata();
    assert_eq!(twice, reflected);
}

// ---------------------------------------------------------------------------------------
// One database's own features

fn sqlite_rowids_keys_and_schemas(db: &TestDb) {
    run(
        db,
        "CREATE TABLE Parent (Id INTEGER PRIMARY KEY, Name TEXT);
         CREATE TABLE desc_key (id INTEGER PRIMARY KEY DESC, n INT);
         CREATE TABLE pairs (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;
         CREATE TABLE kids (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent ON DELETE CASCADE)",
    );
    let schema = reflect(db, &ReflectOptions::new());
    let parent = schema.table("Parent").unwrap();
    assert_eq!(
        parent.columns[0],
        col("Id", "INTEGER", ColumnType::BigInt)
            .not_null()
            .auto(AutoIncrement::RowId { keyword: false })
    );
    // `INTEGER PRIMARY KEY DESC` is no rowid alias (SQLite's documented quirk).
    assert_eq!(
        schema.table("desc_key").unwrap().columns[0],
        col("id", "INTEGER", ColumnType::BigInt)
    );
    let pairs = schema.table("pairs").unwrap();
    assert_eq!(
        pairs.columns,
        [
            col("a", "TEXT", ColumnType::Text).not_null(),
            col("b", "TEXT", ColumnType::Text).not_null(),
        ]
    );
    // `REFERENCES parent`: the parent's key, the table's name as stored.
    assert_eq!(
        schema.table("kids").unwrap().foreign_keys,
        [ReflectedForeignKey {
            name: None,
            columns: strings(&["parent_id"]),
            references_schema: "main".into(),
            references: "Parent".into(),
            to_columns: strings(&["Id"]),
            on_delete: FkAction::Cascade,
            on_update: FkAction::NoAction,
        }]
    );

    // Other databases of the connection: `temp`.
    let mut conn = db.connection();
    conn.execute_batch("CREATE TEMP TABLE scratch (x INT)")
        .unwrap();
    let mut inspector = Inspector::new(&mut conn);
    let names = inspector.schema_names().unwrap();
    assert!(names.contains(&"main".to_owned()) && names.contains(&"temp".to_owned()));
    assert_eq!(inspector.table_names(Some("temp")).unwrap(), ["scratch"]);
    let temp = inspector
        .reflect(&ReflectOptions::new().schema("temp"))
        .unwrap();
    assert_eq!(temp.schema, "temp");
    assert_eq!(temp.tables.len(), 1);
    assert_eq!(
        temp.tables[0].columns,
        [col("x", "INT", ColumnType::BigInt)]
    );
    assert!(
        !inspector
            .table_names(None)
            .unwrap()
            .contains(&"scratch".to_owned())
    );
}

fn postgres_enum_types_domains_and_schemas(db: &TestDb) {
    run(
        db,
        "CREATE SCHEMA lookups;
         CREATE TYPE lookups.mood AS ENUM ('sad', 'ok', 'happy');
         CREATE TYPE size AS ENUM ('s', 'm');
         CREATE DOMAIN positive_int AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0);
         CREATE DOMAIN lookups.color AS text CHECK (VALUE IN ('red', 'green'));
         CREATE TABLE people (
             id integer PRIMARY KEY,
             mood lookups.mood NOT NULL DEFAULT 'ok',
             age positive_int,
             favourite lookups.color
         );
         CREATE SCHEMA sales;
         CREATE TABLE sales.orders (
             id integer PRIMARY KEY,
             person_id integer REFERENCES public.people (id),
             mood lookups.mood
         )",
    );
    let schema = reflect(db, &ReflectOptions::new());
    let mood = enum_type("mood", &["sad", "ok", "happy"]);
    let color = enum_type("color", &["red", "green"]);
    assert_eq!(
        schema.table("people").unwrap().columns,
        [
            col("id", "integer", ColumnType::Integer).not_null(),
            col("mood", "lookups.mood", mood.clone())
                .not_null()
                .default_literal("'ok'::lookups.mood", text("ok")),
            col("age", "positive_int", ColumnType::Integer)
                .not_null()
                .default_literal("1", Value::Int(Some(1)))
                .domain("positive_int"),
            col("favourite", "lookups.color", color.clone()).domain("color"),
        ]
    );
    assert_eq!(
        schema.enums,
        [
            EnumType {
                name: "color".into(),
                schema: Some("lookups".into()),
                values: strings(&["red", "green"]),
                kind: EnumKind::Domain,
            },
            EnumType {
                name: "mood".into(),
                schema: Some("lookups".into()),
                values: strings(&["sad", "ok", "happy"]),
                kind: EnumKind::Native,
            },
            EnumType {
                name: "size".into(),
                schema: Some("public".into()),
                values: strings(&["s", "m"]),
                kind: EnumKind::Native,
            },
        ]
    );
    assert_eq!(
        schema.domains,
        [
            Domain {
                schema: "lookups".into(),
                name: "color".into(),
                base_type: "text".into(),
                ty: color,
                type_match: TypeMatch::Exact,
                nullable: true,
                default: None,
                checks: vec![check(
                    Some("color_check"),
                    "VALUE = ANY (ARRAY['red'::text, 'green'::text])"
                )],
            },
            Domain {
                schema: "public".into(),
                name: "positive_int".into(),
                base_type: "integer".into(),
                ty: ColumnType::Integer,
                type_match: TypeMatch::Exact,
                nullable: false,
                default: Some("1".into()),
                checks: vec![check(Some("positive_int_check"), "VALUE > 0")],
            },
        ]
    );

    // Another schema: its foreign key crosses into public; only the enum it uses comes.
    let sales = reflect(db, &ReflectOptions::new().schema("sales"));
    assert_eq!(sales.schema, "sales");
    let orders = &sales.tables[0];
    assert_eq!(orders.name, "orders");
    assert_eq!(
        orders.foreign_keys,
        [ReflectedForeignKey {
            name: Some("orders_person_id_fkey".into()),
            columns: strings(&["person_id"]),
            references_schema: "public".into(),
            references: "people".into(),
            to_columns: strings(&["id"]),
            on_delete: FkAction::NoAction,
            on_update: FkAction::NoAction,
        }]
    );
    assert_eq!(orders.column("mood").unwrap().ty, mood);
    let enums: Vec<&str> = sales.enums.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(enums, ["mood"]);
    assert!(sales.domains.is_empty());

    let mut conn = db.connection();
    let names = Inspector::new(&mut conn).schema_names().unwrap();
    assert_eq!(names, ["lookups", "public", "sales"]);
}

fn mysql_enum_set_json_and_unsigned_keys(db: &TestDb) {
    run(
        db,
        "CREATE TABLE gadgets (
            id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
            size enum('small','large','it''s') NOT NULL DEFAULT 'small',
            tags set('new','sale') DEFAULT 'new,sale',
            spec json,
            flag tinyint(1) NOT NULL DEFAULT 0,
            tiny tinyint
        )",
    );
    let schema = reflect(db, &ReflectOptions::new());
    let gadgets = schema.table("gadgets").unwrap();
    assert_eq!(
        gadgets.columns,
        [
            col("id", "bigint(20) unsigned", ColumnType::BigInt)
                .not_null()
                .auto(AutoIncrement::AutoIncrement)
                .matched(approximate(
                    "BIGINT UNSIGNED read as a signed 64-bit integer: values above \
                     9223372036854775807 cannot be read"
                )),
            col(
                "size",
                "enum('small','large','it''s')",
                enum_type("gadgets_size", &["small", "large", "it's"])
            )
            .not_null()
            .default_literal("'small'", text("small")),
            col(
                "tags",
                "set('new','sale')",
                ColumnType::Custom("set('new','sale')".into())
            )
            .matched(TypeMatch::Unknown(Fallback::Text))
            .default_literal("'new,sale'", text("new,sale")),
            col("spec", "longtext", ColumnType::Json),
            col("flag", "tinyint(1)", ColumnType::Boolean)
                .not_null()
                .default_literal("0", Value::Bool(Some(false))),
            col("tiny", "tinyint(4)", ColumnType::SmallInt),
        ]
    );
    assert!(
        gadgets.checks.is_empty(),
        "json_valid is the JSON type's check"
    );
    assert_eq!(
        schema.enums,
        [
            EnumType {
                name: "gadgets_size".into(),
                schema: None,
                values: strings(&["small", "large", "it's"]),
                kind: EnumKind::MysqlEnum {
                    table: "gadgets".into(),
                    column: "size".into(),
                },
            },
            EnumType {
                name: "gadgets_tags".into(),
                schema: None,
                values: strings(&["new", "sale"]),
                kind: EnumKind::Set {
                    table: "gadgets".into(),
                    column: "tags".into(),
                },
            },
        ]
    );
}

database_tests!(
    an_empty_database_has_no_tables,
    missing_schemas_and_tables_are_errors,
    columns_types_nullability_defaults_and_comments,
    auto_assigned_and_generated_columns,
    keys_constraints_and_indexes,
    checks_and_in_lists_become_enums,
    odd_names_come_back_exactly,
    unknown_types_are_kept_with_a_fallback,
    views_are_read_when_asked,
    tables_can_be_chosen_and_excluded,
    round_trip_through_create_all,
);
database_tests!(mod sqlite_only on [sqlite]: sqlite_rowids_keys_and_schemas);
database_tests!(mod postgres_only on [postgres]: postgres_enum_types_domains_and_schemas);
database_tests!(mod mysql_only on [mysql]: mysql_enum_set_json_and_unsigned_keys);
