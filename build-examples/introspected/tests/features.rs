//! The code generated from the features schema (fixtures/introspect/features.*.sql) works
//! on the database it was read from: odd table and column names, a keyword column, an enum
//! read from a CHECK list or an ENUM column, a generated column, an unknown type exchanged as
//! text (PostgreSQL's `inet` too), a table without a primary key, a composite foreign key,
//! and a junction without a key read as an entity.

mod common;

use retort::prelude::*;
use test_databases::{Backend, FreshDatabase, database_tests};

/// The features schema of `backend`, loaded through `engine`.
fn loaded(engine: &Engine, backend: Backend) -> Connection {
    let path = format!(
        "{}/../../fixtures/introspect/features.{}.sql",
        env!("CARGO_MANIFEST_DIR"),
        match backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
            Backend::Mysql => "mysql",
        }
    );
    let sql = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut conn = engine.connection().unwrap();
    conn.execute_batch(&sql).unwrap();
    conn
}

/// A text column's value, nullable or not.
fn text(value: impl Into<Option<String>>) -> Option<String> {
    value.into()
}

/// What every database's features module does alike: regions and sites through the
/// composite foreign key, the keyless `likes` junction as an entity, the non-ASCII table.
macro_rules! shared_features {
    ($conn:expr, $engine:expr, $m:ident, $member:expr) => {{
        use introspected::$m::{likes, regions, sites, team_members, u540d_u524d};
        let conn: &mut Connection = $conn;
        let member: team_members::TeamMember = $member;
        conn.insert(regions::NewRegion {
            code: "eu".into(),
            num: 1,
            name: Some("Europe".into()),
        })
        .unwrap();
        let site = conn
            .insert_returning(sites::NewSite {
                region_code: "eu".into(),
                region_num: 1,
                lead_id: Some(member.id),
            })
            .unwrap();
        let region = conn.one(sites::rel::REGION.of(&site)).unwrap();
        assert_eq!(region.name.as_deref(), Some("Europe"));
        let led = conn.all(team_members::rel::SITES.of(&member)).unwrap();
        assert_eq!(led, std::slice::from_ref(&site));

        // No key: the same pair twice is two rows, both found through the relationship.
        for _ in 0..2 {
            conn.insert(likes::NewLike {
                member_id: member.id,
                site_id: site.id,
            })
            .unwrap();
        }
        let liked = conn.all(team_members::rel::LIKES.of(&member)).unwrap();
        assert_eq!(liked.len(), 2);
        assert!(liked.iter().all(|like| like.site_id == site.id));
        // An ORM session tracks rows by key: a table without one is refused, not merged.
        let mut session = retort::Session::new(&$engine).unwrap();
        assert!(matches!(
            session.query(likes::table()).all(),
            Err(retort::Error::InvalidStatement(_))
        ));

        let id = conn
            .insert(u540d_u524d::NewU540dU524d {
                u5024: Some("値".into()),
            })
            .unwrap();
        let row = conn
            .one(u540d_u524d::table().select().filter(u540d_u524d::ID.eq(id)))
            .unwrap();
        assert_eq!(row.u5024.as_deref(), Some("値"));

        // The view, generated read-only (`--views`): rows, no insert struct.
        use introspected::$m::member_names;
        let names = conn
            .all(
                member_names::table()
                    .select()
                    .filter(member_names::ID.eq(member.id)),
            )
            .unwrap();
        assert_eq!(names.len(), 1);
        // Nullable on SQLite and PostgreSQL, which do not know what a view's columns hold.
        assert_eq!(text(names[0].name.clone()), Some(member.full_name.clone()));
    }};
}

/// A new member named `name` with every optional column left to the database.
fn new_member_sqlite(name: &str) -> introspected::features_sqlite::team_members::NewTeamMember {
    introspected::features_sqlite::team_members::NewTeamMember {
        full_name: name.into(),
        order: None,
        status: None,
        score: None,
        price: None,
        born: None,
        seen: None,
        data: None,
        uid: None,
        flag: None,
        weird: None,
    }
}

fn sqlite_features(conn: &mut Connection, engine: &Engine) {
    use introspected::features_sqlite::{TeamMembersStatus, mod_table, team_members};
    let member = conn
        .insert_returning(team_members::NewTeamMember {
            order: Some(3),
            status: Some(TeamMembersStatus::Away),
            weird: Some("anything at all".into()),
            ..new_member_sqlite("Ada")
        })
        .unwrap();
    assert_eq!(member.order, 3);
    assert_eq!(member.doubled, Some(6), "computed by the database");
    assert!(member.flag, "the default");
    assert_eq!(member.weird.as_deref(), Some("anything at all"));
    // Columns of an unknown type or none may hold numbers: read as their text.
    let numeric = conn
        .insert_returning(team_members::NewTeamMember {
            weird: Some("42".into()),
            ..new_member_sqlite("Bob")
        })
        .unwrap();
    assert_eq!(
        numeric.weird.as_deref(),
        Some("42"),
        "stored as the integer 42"
    );
    conn.execute_batch(r#"INSERT INTO "Mod" (x) VALUES (7.5), (X'01'), (NULL)"#)
        .unwrap();
    let untyped: Vec<Option<String>> = conn
        .all(retort::select(mod_table::X).from(mod_table::ModTable))
        .unwrap();
    assert_eq!(
        untyped,
        [Some("7.5".to_owned()), Some("\u{1}".to_owned()), None]
    );
    shared_features!(conn, engine, features_sqlite, member);
}

#[cfg(retort_test_postgres)]
fn postgres_features(conn: &mut Connection, engine: &Engine) {
    use introspected::features_postgres::{Mood, TeamMembersStatus, team_members};
    let member = conn
        .insert_returning(team_members::NewTeamMember {
            full_name: "Ada".into(),
            order: Some(3),
            status: Some(TeamMembersStatus::Away),
            mood: None,
            score: None,
            price: None,
            born: None,
            seen: None,
            seen_tz: None,
            data: None,
            uid: None,
            flag: None,
            addr: Some("10.1.2.3".into()),
        })
        .unwrap();
    assert_eq!(member.doubled, Some(6));
    assert_eq!(member.mood, Some(Mood::Happy), "the enum type's default");
    assert!(member.seen_tz.is_some(), "now() by default");
    // `inet` goes in and comes out as text: PostgreSQL's own text form.
    assert_eq!(member.addr.as_deref(), Some("10.1.2.3/32"));
    conn.execute(
        team_members::table()
            .update()
            .set(team_members::ADDR, Some("::1".to_owned()))
            .filter(team_members::ID.eq(member.id)),
    )
    .unwrap();
    let addrs: Vec<Option<String>> = conn
        .all(
            retort::select(team_members::ADDR)
                .from(team_members::table())
                .filter(team_members::ADDR.eq("::1/128")),
        )
        .unwrap();
    assert_eq!(addrs, [Some("::1/128".to_owned())]);
    let member = conn
        .one(
            team_members::table()
                .select()
                .filter(team_members::ID.eq(member.id)),
        )
        .unwrap();
    shared_features!(conn, engine, features_postgres, member);
}

#[cfg(retort_test_mysql)]
fn mysql_features(conn: &mut Connection, engine: &Engine) {
    use introspected::features_mysql::{TeamMembersStatus, team_members};
    let member = conn
        .insert_returning(team_members::NewTeamMember {
            full_name: "Ada".into(),
            order: Some(3),
            status: Some(TeamMembersStatus::Away),
            tags: Some("a,b".into()),
            score: None,
            price: None,
            born: None,
            seen: None,
            data: None,
            flag: None,
            big: Some(i64::MAX),
        })
        .unwrap();
    assert_eq!(member.doubled, Some(6));
    assert_eq!(member.tags.as_deref(), Some("a,b"), "a SET is its text");
    assert_eq!(member.big, Some(i64::MAX));
    shared_features!(conn, engine, features_mysql, member);
}

fn generated_code_reads_and_writes_every_feature(db: &FreshDatabase) {
    let engine = db.connect();
    let mut conn = loaded(&engine, db.backend());
    match db.backend() {
        Backend::Sqlite => sqlite_features(&mut conn, &engine),
        #[cfg(retort_test_postgres)]
        Backend::Postgres => postgres_features(&mut conn, &engine),
        #[cfg(retort_test_mysql)]
        Backend::Mysql => mysql_features(&mut conn, &engine),
        #[allow(unreachable_patterns)]
        backend => common::not_generated(backend),
    }
}

database_tests!(generated_code_reads_and_writes_every_feature);
