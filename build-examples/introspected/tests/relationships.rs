//! The relationships introspection finds in Chinook and Employees, on each database: the
//! complete set, as the model has it and as the compiled modules have it.
//!
//! Each test loads its sample into a fresh database and introspects it again: what it finds
//! must be exactly the expected list, with no warning, and must render to exactly the code
//! `build.rs` generated — so the list is the full set of relationships in the compiled
//! modules, whose handles (`rel::…`) are then checked one by one.

mod common;

use std::any::type_name;

use common::{chinook_name, on_backend};
use retort::{Relationship, RelationshipKind, Table};
use retort_codegen::introspect::{IntrospectOptions, Introspection, introspect};
use retort_codegen::model::{self, Model};
use retort_codegen::render::{self, Templates};
use test_databases::{Backend, FreshDatabase, Sample, database_tests, load_sample};

use RelationshipKind::{ManyToMany, ManyToOne, OneToMany};

/// A relationship as the tests compare them: from table module `module`, `name`, its kind,
/// the target's module, the columns linked (SQL names), and the association table of a
/// many-to-many with its columns toward the source and toward the target.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Rel {
    module: String,
    name: String,
    kind: RelationshipKind,
    to_one: bool,
    target: String,
    source_columns: Vec<String>,
    target_columns: Vec<String>,
    through: Option<(String, Vec<String>, Vec<String>)>,
}

/// Names as the sample's script on one database spells them.
#[derive(Clone, Copy)]
struct Names {
    sample: Sample,
    backend: Backend,
}

impl Names {
    fn name(self, name: &str) -> String {
        match self.sample {
            Sample::Chinook => chinook_name(self.backend, name),
            Sample::Employees => name.to_owned(),
        }
    }

    fn names(self, names: &[&str]) -> Vec<String> {
        names.iter().map(|n| self.name(n)).collect()
    }

    /// A relationship over a foreign key.
    fn fk(
        self,
        (module, name): (&str, &str),
        kind: RelationshipKind,
        target: &str,
        source_columns: &[&str],
        target_columns: &[&str],
    ) -> Rel {
        Rel {
            module: module.into(),
            name: name.into(),
            kind,
            to_one: kind == ManyToOne,
            target: target.into(),
            source_columns: self.names(source_columns),
            target_columns: self.names(target_columns),
            through: None,
        }
    }

    /// A many-to-many through `table`, whose `toward_source` columns reference the source's
    /// `source_columns` and `toward_target` the target's `target_columns`.
    fn many_to_many(
        self,
        (module, name): (&str, &str),
        target: &str,
        (source_columns, table, toward_source, toward_target, target_columns): (
            &[&str],
            &str,
            &[&str],
            &[&str],
            &[&str],
        ),
    ) -> Rel {
        Rel {
            module: module.into(),
            name: name.into(),
            kind: ManyToMany,
            to_one: false,
            target: target.into(),
            source_columns: self.names(source_columns),
            target_columns: self.names(target_columns),
            through: Some((
                self.name(table),
                self.names(toward_source),
                self.names(toward_target),
            )),
        }
    }
}

/// Chinook's relationships, by module and name. Every foreign key gives a many-to-one and
/// its inverse one-to-many; `PlaylistTrack` (only the two keys, which are its primary key)
/// is an association table, so `playlist.tracks` / `track.playlists` are many-to-many and
/// nothing points back at it; `Employee.ReportsTo` references its own table, so the inverse
/// is named after it.
fn chinook_relationships(backend: Backend) -> Vec<Rel> {
    let n = Names {
        sample: Sample::Chinook,
        backend,
    };
    vec![
        n.fk(
            ("album", "artist"),
            ManyToOne,
            "artist",
            &["ArtistId"],
            &["ArtistId"],
        ),
        n.fk(
            ("album", "tracks"),
            OneToMany,
            "track",
            &["AlbumId"],
            &["AlbumId"],
        ),
        n.fk(
            ("artist", "albums"),
            OneToMany,
            "album",
            &["ArtistId"],
            &["ArtistId"],
        ),
        n.fk(
            ("customer", "invoices"),
            OneToMany,
            "invoice",
            &["CustomerId"],
            &["CustomerId"],
        ),
        n.fk(
            ("customer", "support_rep"),
            ManyToOne,
            "employee",
            &["SupportRepId"],
            &["EmployeeId"],
        ),
        n.fk(
            ("employee", "customers"),
            OneToMany,
            "customer",
            &["EmployeeId"],
            &["SupportRepId"],
        ),
        n.fk(
            ("employee", "reports_to"),
            ManyToOne,
            "employee",
            &["ReportsTo"],
            &["EmployeeId"],
        ),
        n.fk(
            ("employee", "reports_to_employees"),
            OneToMany,
            "employee",
            &["EmployeeId"],
            &["ReportsTo"],
        ),
        n.fk(
            ("genre", "tracks"),
            OneToMany,
            "track",
            &["GenreId"],
            &["GenreId"],
        ),
        n.fk(
            ("invoice", "customer"),
            ManyToOne,
            "customer",
            &["CustomerId"],
            &["CustomerId"],
        ),
        n.fk(
            ("invoice", "invoice_lines"),
            OneToMany,
            "invoice_line",
            &["InvoiceId"],
            &["InvoiceId"],
        ),
        n.fk(
            ("invoice_line", "invoice"),
            ManyToOne,
            "invoice",
            &["InvoiceId"],
            &["InvoiceId"],
        ),
        n.fk(
            ("invoice_line", "track"),
            ManyToOne,
            "track",
            &["TrackId"],
            &["TrackId"],
        ),
        n.fk(
            ("media_type", "tracks"),
            OneToMany,
            "track",
            &["MediaTypeId"],
            &["MediaTypeId"],
        ),
        n.many_to_many(
            ("playlist", "tracks"),
            "track",
            (
                &["PlaylistId"],
                "PlaylistTrack",
                &["PlaylistId"],
                &["TrackId"],
                &["TrackId"],
            ),
        ),
        n.fk(
            ("playlist_track", "playlist"),
            ManyToOne,
            "playlist",
            &["PlaylistId"],
            &["PlaylistId"],
        ),
        n.fk(
            ("playlist_track", "track"),
            ManyToOne,
            "track",
            &["TrackId"],
            &["TrackId"],
        ),
        n.fk(
            ("track", "album"),
            ManyToOne,
            "album",
            &["AlbumId"],
            &["AlbumId"],
        ),
        n.fk(
            ("track", "genre"),
            ManyToOne,
            "genre",
            &["GenreId"],
            &["GenreId"],
        ),
        n.fk(
            ("track", "invoice_lines"),
            OneToMany,
            "invoice_line",
            &["TrackId"],
            &["TrackId"],
        ),
        n.fk(
            ("track", "media_type"),
            ManyToOne,
            "media_type",
            &["MediaTypeId"],
            &["MediaTypeId"],
        ),
        n.many_to_many(
            ("track", "playlists"),
            "playlist",
            (
                &["TrackId"],
                "PlaylistTrack",
                &["TrackId"],
                &["PlaylistId"],
                &["PlaylistId"],
            ),
        ),
    ]
}

/// Employees' relationships. `dept_emp` and `dept_manager` join employees and departments
/// but carry dates too, so they stay entities with two many-to-ones each (named after
/// their columns, which have no `_id` to drop), not association tables.
fn employees_relationships(backend: Backend) -> Vec<Rel> {
    let n = Names {
        sample: Sample::Employees,
        backend,
    };
    let emp_no = &["emp_no"][..];
    let dept_no = &["dept_no"][..];
    vec![
        n.fk(
            ("department", "dept_emps"),
            OneToMany,
            "dept_emp",
            dept_no,
            dept_no,
        ),
        n.fk(
            ("department", "dept_managers"),
            OneToMany,
            "dept_manager",
            dept_no,
            dept_no,
        ),
        n.fk(
            ("dept_emp", "department"),
            ManyToOne,
            "department",
            dept_no,
            dept_no,
        ),
        n.fk(
            ("dept_emp", "employee"),
            ManyToOne,
            "employee",
            emp_no,
            emp_no,
        ),
        n.fk(
            ("dept_manager", "department"),
            ManyToOne,
            "department",
            dept_no,
            dept_no,
        ),
        n.fk(
            ("dept_manager", "employee"),
            ManyToOne,
            "employee",
            emp_no,
            emp_no,
        ),
        n.fk(
            ("employee", "dept_emps"),
            OneToMany,
            "dept_emp",
            emp_no,
            emp_no,
        ),
        n.fk(
            ("employee", "dept_managers"),
            OneToMany,
            "dept_manager",
            emp_no,
            emp_no,
        ),
        n.fk(
            ("employee", "salaries"),
            OneToMany,
            "salary",
            emp_no,
            emp_no,
        ),
        n.fk(("employee", "titles"), OneToMany, "title", emp_no, emp_no),
        n.fk(
            ("salary", "employee"),
            ManyToOne,
            "employee",
            emp_no,
            emp_no,
        ),
        n.fk(("title", "employee"), ManyToOne, "employee", emp_no, emp_no),
    ]
}

/// `relationships` in (module, name) order.
fn sorted(mut relationships: Vec<Rel>) -> Vec<Rel> {
    relationships.sort_by(|a, b| (&a.module, &a.name).cmp(&(&b.module, &b.name)));
    relationships
}

/// Loads `sample` into `db` and introspects it.
fn load_and_introspect(db: &FreshDatabase, sample: Sample) -> Introspection {
    load_sample(&db.connect(), sample).unwrap();
    introspect(db.url(), &IntrospectOptions::default()).unwrap()
}

/// Every relationship of `model`.
fn model_relationships(model: &Model) -> Vec<Rel> {
    let module = |table: &str| model.table(table).expect("the target table").module.clone();
    let mut found = Vec::new();
    for table in &model.tables {
        for rel in &table.relationships {
            let kind = match rel.kind {
                model::RelationshipKind::ManyToOne => ManyToOne,
                model::RelationshipKind::OneToMany => OneToMany,
                model::RelationshipKind::OneToOne => RelationshipKind::OneToOne,
                model::RelationshipKind::ManyToMany => ManyToMany,
            };
            found.push(Rel {
                module: table.module.clone(),
                name: rel.name.clone(),
                kind,
                to_one: matches!(kind, ManyToOne | RelationshipKind::OneToOne),
                target: module(&rel.target),
                source_columns: rel.source_columns.clone(),
                target_columns: rel.target_columns.clone(),
                through: rel.through.clone(),
            });
        }
    }
    sorted(found)
}

/// A generated relationship handle of table module `module`, as a [`Rel`]; the target's
/// module is read from the handle's type.
fn handle<F: Table, T: Table, C: retort::Cardinality>(
    module: &str,
    rel: Relationship<F, T, C>,
) -> Rel {
    let target = type_name::<T>()
        .rsplit("::")
        .nth(1)
        .expect("a generated table type lives in its table's module");
    let strings = |columns: &[&str]| columns.iter().map(|c| c.to_string()).collect();
    Rel {
        module: module.into(),
        name: rel.name.into(),
        kind: rel.kind,
        to_one: rel.is_to_one(),
        target: target.into(),
        source_columns: strings(rel.source_columns),
        target_columns: strings(rel.target_columns),
        through: rel.through.map(|through| {
            (
                through.table.to_owned(),
                strings(through.source_columns),
                strings(through.target_columns),
            )
        }),
    }
}

/// The introspection of a fresh load is the one the crate was built from: no warning, the
/// same code as `$OUT_DIR/<generated>.rs`.
fn assert_is_the_generated_one(introspection: &Introspection, generated: &str, code: &str) {
    assert_eq!(
        introspection.warnings,
        [],
        "Chinook and Employees introspect without approximations"
    );
    let templates = Templates::embedded().unwrap();
    let rendered =
        render::single_file(&introspection.model, &templates, &introspection.source).unwrap();
    if let Some((line, (fresh, built))) = rendered
        .lines()
        .zip(code.lines())
        .enumerate()
        .find(|(_, (fresh, built))| fresh != built)
    {
        panic!(
            "introspecting a fresh load renders other code than {generated}.rs, from line {}:\n\
             fresh: {fresh}\nbuilt: {built}",
            line + 1
        );
    }
    assert_eq!(
        rendered.lines().count(),
        code.lines().count(),
        "{generated}.rs: lines rendered from a fresh load, and built"
    );
    assert!(rendered == code, "{generated}.rs: line ends differ");
}

fn table_modules(model: &Model) -> Vec<&str> {
    model.tables.iter().map(|t| t.module.as_str()).collect()
}

macro_rules! check_chinook {
    ($db:expr, $generated:ident) => {{
        use introspected::$generated as m;
        let backend = $db.backend();
        let introspection = load_and_introspect($db, Sample::Chinook);
        assert_is_the_generated_one(
            &introspection,
            stringify!($generated),
            include_str!(concat!(env!("OUT_DIR"), "/", stringify!($generated), ".rs")),
        );
        assert_eq!(
            table_modules(&introspection.model),
            [
                "album",
                "artist",
                "customer",
                "employee",
                "genre",
                "invoice",
                "invoice_line",
                "media_type",
                "playlist",
                "playlist_track",
                "track"
            ]
        );
        let expected = chinook_relationships(backend);
        assert_eq!(model_relationships(&introspection.model), expected);

        let handles = vec![
            handle("album", m::album::rel::ARTIST),
            handle("album", m::album::rel::TRACKS),
            handle("artist", m::artist::rel::ALBUMS),
            handle("customer", m::customer::rel::INVOICES),
            handle("customer", m::customer::rel::SUPPORT_REP),
            handle("employee", m::employee::rel::CUSTOMERS),
            handle("employee", m::employee::rel::REPORTS_TO),
            handle("employee", m::employee::rel::REPORTS_TO_EMPLOYEES),
            handle("genre", m::genre::rel::TRACKS),
            handle("invoice", m::invoice::rel::CUSTOMER),
            handle("invoice", m::invoice::rel::INVOICE_LINES),
            handle("invoice_line", m::invoice_line::rel::INVOICE),
            handle("invoice_line", m::invoice_line::rel::TRACK),
            handle("media_type", m::media_type::rel::TRACKS),
            handle("playlist", m::playlist::rel::TRACKS),
            handle("playlist_track", m::playlist_track::rel::PLAYLIST),
            handle("playlist_track", m::playlist_track::rel::TRACK),
            handle("track", m::track::rel::ALBUM),
            handle("track", m::track::rel::GENRE),
            handle("track", m::track::rel::INVOICE_LINES),
            handle("track", m::track::rel::MEDIA_TYPE),
            handle("track", m::track::rel::PLAYLISTS),
        ];
        assert_eq!(handles, expected);
    }};
}

macro_rules! check_employees {
    ($db:expr, $generated:ident) => {{
        use introspected::$generated as m;
        let backend = $db.backend();
        let introspection = load_and_introspect($db, Sample::Employees);
        assert_is_the_generated_one(
            &introspection,
            stringify!($generated),
            include_str!(concat!(env!("OUT_DIR"), "/", stringify!($generated), ".rs")),
        );
        let mut tables = vec![
            "department",
            "dept_emp",
            "dept_manager",
            "employee",
            "salary",
            "title",
        ];
        // PostgreSQL's script adds an audit table (filled by a trigger), linked to nothing.
        if backend == Backend::Postgres {
            tables.insert(0, "audit");
        }
        assert_eq!(table_modules(&introspection.model), tables);
        let expected = employees_relationships(backend);
        assert_eq!(model_relationships(&introspection.model), expected);

        let handles = vec![
            handle("department", m::department::rel::DEPT_EMPS),
            handle("department", m::department::rel::DEPT_MANAGERS),
            handle("dept_emp", m::dept_emp::rel::DEPARTMENT),
            handle("dept_emp", m::dept_emp::rel::EMPLOYEE),
            handle("dept_manager", m::dept_manager::rel::DEPARTMENT),
            handle("dept_manager", m::dept_manager::rel::EMPLOYEE),
            handle("employee", m::employee::rel::DEPT_EMPS),
            handle("employee", m::employee::rel::DEPT_MANAGERS),
            handle("employee", m::employee::rel::SALARIES),
            handle("employee", m::employee::rel::TITLES),
            handle("salary", m::salary::rel::EMPLOYEE),
            handle("title", m::title::rel::EMPLOYEE),
        ];
        assert_eq!(handles, expected);
    }};
}

fn chinook(db: &FreshDatabase) {
    on_backend!(db, chinook_sqlite | chinook_postgres | chinook_mysql => check_chinook);
}

fn employees(db: &FreshDatabase) {
    on_backend!(db, employees_sqlite | employees_postgres | employees_mysql => check_employees);
}

database_tests!(chinook, employees);
