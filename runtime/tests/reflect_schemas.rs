//! Reflection of schemas nobody on this project designed: Chinook and Employees from
//! `shared/schemas`, loaded into each database with the scripts written for it. The tests
//! assert the tables, every primary key and the complete set of foreign keys (Chinook's
//! self-reference `Employee.ReportsTo`, the composite key of `PlaylistTrack`), and what
//! each script says beyond that (enums, views, auto-assigned keys, indexes).

mod common;

use std::collections::BTreeSet;

use common::schemas::{Sample, load};
use common::{Backend, TestDb};
use retort::reflect::{
    AutoIncrement, EnumKind, Inspector, ReflectOptions, ReflectedForeignKey, ReflectedSchema,
};
use retort::{ColumnType, FkAction};

fn reflect(db: &TestDb, options: &ReflectOptions) -> ReflectedSchema {
    let mut conn = db.connection();
    Inspector::new(&mut conn)
        .reflect(options)
        .expect("reflect the schema")
}

/// PostgreSQL's scripts use snake_case where the others use PascalCase.
fn name(db: &TestDb, pascal: &str) -> String {
    if db.backend != Backend::Postgres {
        return pascal.to_owned();
    }
    let mut out = String::new();
    for (i, c) in pascal.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// A foreign key as (table, columns, referenced table, referenced columns, ON DELETE, ON
/// UPDATE), for comparing whole sets.
type FkRow = (String, Vec<String>, String, Vec<String>, FkAction, FkAction);

/// `rows` in (table, columns) order, which no two foreign keys share.
fn sorted(mut rows: Vec<FkRow>) -> Vec<FkRow> {
    rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    rows
}

fn fk_rows(schema: &ReflectedSchema) -> Vec<FkRow> {
    sorted(
        schema
            .tables
            .iter()
            .flat_map(|t| {
                t.foreign_keys.iter().map(|fk: &ReflectedForeignKey| {
                    (
                        t.name.clone(),
                        fk.columns.clone(),
                        fk.references.clone(),
                        fk.to_columns.clone(),
                        fk.on_delete,
                        fk.on_update,
                    )
                })
            })
            .collect(),
    )
}

fn chinook_tables_keys_and_foreign_keys(db: &TestDb) {
    load(db, Sample::Chinook);
    let schema = reflect(db, &ReflectOptions::new());
    let n = |s: &str| name(db, s);
    let tables: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    let mut expected: Vec<String> = [
        "Album",
        "Artist",
        "Customer",
        "Employee",
        "Genre",
        "Invoice",
        "InvoiceLine",
        "MediaType",
        "Playlist",
        "PlaylistTrack",
        "Track",
    ]
    .iter()
    .map(|t| n(t))
    .collect();
    expected.sort();
    assert_eq!(tables, expected);

    for table in &schema.tables {
        let expected_key: Vec<String> = if table.name == n("PlaylistTrack") {
            vec![n("PlaylistId"), n("TrackId")]
        } else {
            // Every other table's key is `<Table>Id`.
            let pascal = expected_tables_pascal(&table.name);
            vec![n(&format!("{pascal}Id"))]
        };
        assert_eq!(
            table.primary_key, expected_key,
            "primary key of {}",
            table.name
        );
    }

    // Every script writes ON DELETE NO ACTION ON UPDATE NO ACTION.
    let no_action = FkAction::NoAction;
    let fk = |table: &str, column: &str, references: &str, to: &str| -> FkRow {
        (
            n(table),
            vec![n(column)],
            n(references),
            vec![n(to)],
            no_action,
            no_action,
        )
    };
    let expected_fks = sorted(vec![
        fk("Album", "ArtistId", "Artist", "ArtistId"),
        fk("Customer", "SupportRepId", "Employee", "EmployeeId"),
        fk("Employee", "ReportsTo", "Employee", "EmployeeId"),
        fk("Invoice", "CustomerId", "Customer", "CustomerId"),
        fk("InvoiceLine", "InvoiceId", "Invoice", "InvoiceId"),
        fk("InvoiceLine", "TrackId", "Track", "TrackId"),
        fk("PlaylistTrack", "PlaylistId", "Playlist", "PlaylistId"),
        fk("PlaylistTrack", "TrackId", "Track", "TrackId"),
        fk("Track", "AlbumId", "Album", "AlbumId"),
        fk("Track", "GenreId", "Genre", "GenreId"),
        fk("Track", "MediaTypeId", "MediaType", "MediaTypeId"),
    ]);
    assert_eq!(fk_rows(&schema), expected_fks);
    let references_schema: BTreeSet<&str> = schema
        .tables
        .iter()
        .flat_map(|t| &t.foreign_keys)
        .map(|fk| fk.references_schema.as_str())
        .collect();
    assert_eq!(references_schema, BTreeSet::from([schema.schema.as_str()]));

    // Constraint names: PostgreSQL's and MySQL's scripts name them; SQLite's PRAGMAs do
    // not tell.
    let employee = schema.table(&n("Employee")).unwrap();
    let reports_to = &employee.foreign_keys[0];
    assert_eq!(
        reports_to.name.as_deref(),
        match db.backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some("employee_reports_to_fkey"),
            Backend::Mysql => Some("FK_EmployeeReportsTo"),
        }
    );

    // One index per foreign key, none for the keys themselves.
    let track = schema.table(&n("Track")).unwrap();
    let index_names: Vec<&str> = track.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        index_names,
        match db.backend {
            Backend::Postgres => [
                "track_album_id_idx",
                "track_genre_id_idx",
                "track_media_type_id_idx"
            ],
            _ => [
                "IFK_TrackAlbumId",
                "IFK_TrackGenreId",
                "IFK_TrackMediaTypeId"
            ],
        }
    );
    assert!(
        track
            .indexes
            .iter()
            .all(|i| !i.unique && i.columns.len() == 1)
    );
    assert!(track.unique_constraints.is_empty());

    // Column details of one table.
    let invoice = schema.table(&n("Invoice")).unwrap();
    let total = invoice.column(&n("Total")).unwrap();
    assert_eq!(
        total.ty,
        ColumnType::Decimal {
            precision: Some(10),
            scale: Some(2)
        }
    );
    assert!(!total.nullable);
    let date = invoice.column(&n("InvoiceDate")).unwrap();
    assert_eq!(date.ty, ColumnType::Timestamp);
    let address = invoice.column(&n("BillingAddress")).unwrap();
    assert_eq!(address.ty, ColumnType::Varchar(Some(70)));
    assert!(address.nullable);
    // SQLite assigns `INTEGER` primary keys (rowid aliases) itself; the other scripts
    // give every key.
    let id = invoice.column(&n("InvoiceId")).unwrap();
    match db.backend {
        Backend::Sqlite => {
            assert_eq!(id.ty, ColumnType::BigInt);
            assert_eq!(
                id.autoincrement,
                Some(AutoIncrement::RowId { keyword: false })
            );
        }
        _ => {
            assert_eq!(id.ty, ColumnType::Integer);
            assert_eq!(id.autoincrement, None);
        }
    }
    assert!(
        schema
            .tables
            .iter()
            .flat_map(|t| &t.columns)
            .all(|c| !c.is_unknown_type()),
        "every Chinook column has a portable type"
    );
}

/// The PascalCase name of a Chinook table, whatever the script's spelling.
fn expected_tables_pascal(table: &str) -> String {
    table
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

fn employees_keys_enums_and_views(db: &TestDb) {
    load(db, Sample::Employees);
    let schema = reflect(db, &ReflectOptions::new().views(true));
    let tables: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    // PostgreSQL's script adds an audit table filled by a trigger.
    let mut expected = vec![
        "department",
        "dept_emp",
        "dept_manager",
        "employee",
        "salary",
        "title",
    ];
    if db.backend == Backend::Postgres {
        expected.insert(0, "audit");
    }
    assert_eq!(tables, expected);

    let key = |table: &str| schema.table(table).unwrap().primary_key.clone();
    assert_eq!(key("employee"), ["emp_no"]);
    assert_eq!(key("department"), ["dept_no"]);
    assert_eq!(key("dept_emp"), ["emp_no", "dept_no"]);
    assert_eq!(key("dept_manager"), ["emp_no", "dept_no"]);
    assert_eq!(key("title"), ["emp_no", "title", "from_date"]);
    assert_eq!(key("salary"), ["emp_no", "from_date"]);

    let fk = |table: &str, column: &str, references: &str| -> FkRow {
        (
            table.to_owned(),
            vec![column.to_owned()],
            references.to_owned(),
            vec![column.to_owned()],
            FkAction::Cascade,
            match db.backend {
                // MariaDB reports the unspecified ON UPDATE as RESTRICT.
                Backend::Mysql => FkAction::Restrict,
                _ => FkAction::NoAction,
            },
        )
    };
    let expected_fks = sorted(vec![
        fk("dept_emp", "dept_no", "department"),
        fk("dept_emp", "emp_no", "employee"),
        fk("dept_manager", "dept_no", "department"),
        fk("dept_manager", "emp_no", "employee"),
        fk("salary", "emp_no", "employee"),
        fk("title", "emp_no", "employee"),
    ]);
    assert_eq!(fk_rows(&schema), expected_fks);

    let department = schema.table("department").unwrap();
    assert_eq!(department.unique_constraints.len(), 1);
    assert_eq!(department.unique_constraints[0].columns, ["dept_name"]);

    // gender: a MySQL ENUM, a CHECK (gender IN ('M', 'F')) elsewhere.
    let employee = schema.table("employee").unwrap();
    let gender = employee.column("gender").unwrap();
    assert_eq!(
        gender.ty,
        ColumnType::Enum {
            name: "employee_gender".into(),
            values: vec!["M".into(), "F".into()],
        }
    );
    assert!(employee.checks.is_empty(), "{:?}", employee.checks);
    let gender_enum = schema.enum_type("employee_gender").unwrap();
    match (&gender_enum.kind, db.backend) {
        (EnumKind::MysqlEnum { table, column }, Backend::Mysql) => {
            assert_eq!((table.as_str(), column.as_str()), ("employee", "gender"));
        }
        (EnumKind::Check { table, column, .. }, Backend::Sqlite | Backend::Postgres) => {
            assert_eq!((table.as_str(), column.as_str()), ("employee", "gender"));
        }
        (kind, backend) => panic!("gender enum on {backend:?} came from {kind:?}"),
    }
    // PostgreSQL's emp_no is SERIAL.
    let emp_no = employee.column("emp_no").unwrap();
    match db.backend {
        Backend::Postgres => assert_eq!(
            emp_no.autoincrement,
            Some(AutoIncrement::Serial {
                sequence: "employee_emp_no_seq".into()
            })
        ),
        Backend::Sqlite => assert_eq!(
            emp_no.autoincrement,
            Some(AutoIncrement::RowId { keyword: false })
        ),
        Backend::Mysql => assert_eq!(emp_no.autoincrement, None),
    }

    let views: Vec<&str> = schema.views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(views, ["current_dept_emp", "dept_emp_latest_date"]);
    let latest = schema.view("dept_emp_latest_date").unwrap();
    let columns: Vec<&str> = latest.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["emp_no", "from_date", "to_date"]);
    let definition = latest.definition.as_deref().unwrap_or_default();
    assert!(
        definition.to_ascii_lowercase().contains("max("),
        "{definition}"
    );
}

database_tests!(
    chinook_tables_keys_and_foreign_keys,
    employees_keys_enums_and_views,
);
