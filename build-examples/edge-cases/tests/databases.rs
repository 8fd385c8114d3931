//! The edge-case models run on SQLite, PostgreSQL and MySQL/MariaDB: odd names map to the
//! right columns, every type round-trips, composite keys and foreign keys work. Each test runs
//! on a fresh database of each (see the `test-databases` crate).

use edge_cases::Celsius;
use edge_cases::models::{
    self, Mood, Priority, club, club_roster, every_type, membership, person, shipment, warehouse,
};
use retort::chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use retort::prelude::*;
use retort::rust_decimal::Decimal;
use test_databases::{Backend, FreshDatabase, database_tests};

mod common;
use common::{connection, new_person, person_def};

/// The spec's schema as written: created on SQLite and PostgreSQL; on MySQL/MariaDB `person`'s
/// checks are a syntax error (`ESCAPE '\'` leaves a string open), and the first alone is
/// accepted but refuses every row: `"crate"` is the string `'crate'`, which strict mode will
/// not compare with a number.
fn the_spec_checks_as_written(db: &FreshDatabase) {
    let engine = db.connect();
    let created = models::metadata().create_all(&engine);
    if db.backend() != Backend::Mysql {
        created.unwrap();
        return;
    }
    match &created {
        Err(retort::Error::Database {
            message, sql, code, ..
        }) if code.as_deref() == Some("1064")
            && message.contains(r"You have an error in your SQL syntax")
            && message.contains(r"near ''\') )")
            && sql.starts_with("CREATE TABLE IF NOT EXISTS `person`")
            && sql.contains(r#"CHECK ("crate" >= 0)"#) => {}
        other => panic!("expected a syntax error creating `person`, got {other:?}"),
    }

    let mut metadata = models::metadata();
    metadata.tables.retain(|table| table.name == "person");
    person_def(&mut metadata)
        .checks
        .retain(|check| check.name == "ck_person_crate_not_negative");
    metadata.create_all(&engine).unwrap();
    let mut conn = engine.connection().unwrap();
    let refused = conn.insert(person::NewPerson {
        crate_: Some(1),
        ..new_person("Valid", None)
    });
    match &refused {
        // MariaDB: "Truncated incorrect DECIMAL value: 'crate'".
        Err(retort::Error::Database { message, .. })
            if message.contains("Truncated incorrect") && message.contains("value: 'crate'") => {}
        other => panic!("expected MySQL to refuse comparing 'crate' with 0, got {other:?}"),
    }
}

/// Keyword, spaced, dashed, digit-led and non-ASCII column names and enum values map to the
/// right columns, and the self-reference is followed.
fn keyword_and_odd_column_names_round_trip(db: &FreshDatabase) {
    let mut conn = connection(db);
    let boss = conn.insert(new_person("Boss", None)).unwrap();
    let worker = conn
        .insert_returning(new_person("Worker", Some(boss)))
        .unwrap();
    assert_eq!(worker.r#type, "staff");
    assert_eq!(worker.r#match.as_deref(), Some("m"));
    assert!(worker.self_);
    assert_eq!(worker.crate_, 0, "default 0");
    assert_eq!(worker._2fa_secret, Some(vec![0, 255]));
    assert_eq!(worker.grose, Some(-3));
    assert_eq!(worker.mood, Mood::SoSo);
    assert_eq!(Mood::_2Bad.as_str(), "2 bad");
    assert_eq!(Mood::TresBien.to_string(), "très_bien");
    let found = conn
        .all(
            person::PersonTable
                .select()
                .filter(person::TYPE.eq("staff").and(person::SELF.eq(true))),
        )
        .unwrap();
    assert_eq!(found.len(), 2);
    let boss_row = conn
        .one(person::table().select().filter(person::ID.eq(boss)))
        .unwrap();
    let reports = conn.all(person::rel::MANAGER_PEOPLE.of(&boss_row)).unwrap();
    assert_eq!(reports, [worker]);
}

/// Every portable type reads back equal, with two documented differences: MySQL refuses
/// `f64::INFINITY` (the row then uses `f64::MAX`), and PostgreSQL refuses a `Celsius` its
/// `REAL` column (float4) would round.
fn every_type_round_trips(db: &FreshDatabase) {
    let mut conn = connection(db);
    let mut row = every_type::NewEveryType {
        small: i16::MIN,
        int: i32::MAX,
        big: i64::MIN,
        flag: true,
        r32: 1.5,
        r64: f64::INFINITY,
        money: "1234567890.10".parse::<Decimal>().unwrap(),
        txt: "ünïcødé ✓".into(),
        vc: String::new(),
        ch: "abc".into(),
        blob: vec![7; 1 << 20],
        day: NaiveDate::from_ymd_opt(1815, 12, 10).unwrap(),
        clock: NaiveTime::from_hms_micro_opt(23, 59, 59, 999_999).unwrap(),
        stamp: NaiveDate::from_ymd_opt(2024, 2, 29)
            .unwrap()
            .and_hms_micro_opt(12, 0, 0, 1)
            .unwrap(),
        stamp_tz: Utc.with_ymd_and_hms(2038, 1, 19, 3, 14, 8).unwrap(),
        uid: retort::uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef),
        doc: retort::serde_json::json!({ "n": 5, "list": [1, "two"] }),
        level: Priority::High,
        temp: Celsius(-40.0),
        maybe_day: None,
        maybe_uid: None,
        maybe_doc: Some(retort::serde_json::json!(5)),
        maybe_level: Some(None),
        created: None,
    };
    if db.backend() == Backend::Mysql {
        // MySQL has no infinities: refused before anything is written. The round trip goes
        // on with the largest finite double.
        let refused = conn.insert_returning(row.clone());
        assert!(
            matches!(&refused, Err(retort::Error::Unsupported(message)) if message.contains("double inf")),
            "{refused:?}"
        );
        assert!(conn.all(every_type::table().select()).unwrap().is_empty());
        row.r64 = f64::MAX;
    }
    let stored = conn.insert_returning(row.clone()).unwrap();
    assert_eq!(stored.small, row.small);
    assert_eq!(stored.int, row.int);
    assert_eq!(stored.big, row.big);
    assert!(stored.flag);
    assert_eq!(stored.r32, row.r32);
    assert_eq!(stored.r64, row.r64);
    assert_eq!(
        stored.money, row.money,
        "the value is kept (SQLite drops trailing zeros)"
    );
    assert_eq!(stored.txt, row.txt);
    assert_eq!(stored.vc, "");
    assert_eq!(stored.blob, row.blob);
    assert_eq!(stored.day, row.day);
    assert_eq!(stored.clock, row.clock);
    assert_eq!(stored.stamp, row.stamp);
    assert_eq!(stored.stamp_tz, row.stamp_tz);
    assert_eq!(stored.uid, row.uid);
    assert_eq!(stored.doc, row.doc);
    assert_eq!(stored.level, Priority::High);
    assert_eq!(stored.temp, Celsius(-40.0));
    assert_eq!(stored.maybe_day, None);
    assert_eq!(
        stored.maybe_doc,
        Some(retort::serde_json::json!(5)),
        "a JSON number stays JSON"
    );
    assert_eq!(
        stored.maybe_level, None,
        "Some(None) writes NULL over the default"
    );
    let defaulted = conn
        .insert_returning(every_type::NewEveryType {
            maybe_level: None,
            ..row.clone()
        })
        .unwrap();
    assert_eq!(
        defaulted.maybe_level,
        Some(Priority::Low),
        "None leaves the default"
    );

    // The custom type is bound as its `SqlType` says, an f64, into the column type the spec
    // names, REAL: an 8-byte float on SQLite and on MySQL (where REAL means DOUBLE), a 4-byte
    // `float4` on PostgreSQL, which refuses an f64 it would round (-40 above fits exactly).
    let warm = conn.insert_returning(every_type::NewEveryType {
        temp: Celsius(36.6),
        ..row
    });
    match db.backend() {
        Backend::Sqlite | Backend::Mysql => assert_eq!(warm.unwrap().temp, Celsius(36.6)),
        Backend::Postgres => assert!(
            matches!(&warm, Err(retort::Error::Unsupported(message)) if message.contains("float4")),
            "{warm:?}"
        ),
    }
}

/// Composite primary and foreign keys, two foreign keys to one table, and the association
/// table.
fn composite_keys_and_foreign_keys(db: &FreshDatabase) {
    let mut conn = connection(db);
    for (region, code) in [("eu", 1), ("us", 1)] {
        let key = conn
            .insert(warehouse::NewWarehouse {
                region: region.into(),
                code,
                name: format!("{region}-{code}"),
            })
            .unwrap();
        assert_eq!(key, (region.to_owned(), code));
    }
    let sender = conn.insert(new_person("S", None)).unwrap();
    let receiver = conn.insert(new_person("R", None)).unwrap();
    let shipment = conn
        .insert_returning(shipment::NewShipment {
            from_region: "eu".into(),
            from_code: 1,
            to_region: "us".into(),
            to_code: 1,
            sender_id: sender,
            receiver_id: receiver,
        })
        .unwrap();
    let from = conn
        .one(shipment::rel::FROM_WAREHOUSE.of(&shipment))
        .unwrap();
    assert_eq!(from.region, "eu");
    // Computed by the database from `code`.
    assert_eq!(from.dock, 11);
    let to = conn.one(shipment::rel::TO_WAREHOUSE.of(&shipment)).unwrap();
    assert_eq!(to.region, "us");
    let bad = conn.insert(shipment::NewShipment {
        from_region: "xx".into(),
        from_code: 9,
        to_region: "us".into(),
        to_code: 1,
        sender_id: sender,
        receiver_id: receiver,
    });
    assert!(
        matches!(
            bad,
            Err(retort::Error::Constraint {
                kind: retort::ConstraintKind::ForeignKey,
                ..
            })
        ),
        "{bad:?}"
    );

    let chess = conn
        .insert(club::NewClub {
            name: "chess".into(),
        })
        .unwrap();
    conn.insert(membership::NewMembership {
        person_id: sender,
        club_id: chess,
    })
    .unwrap();
    let club_row = conn
        .one(club::table().select().filter(club::ID.eq(chess)))
        .unwrap();
    let members = conn.all(club::rel::PEOPLE.of(&club_row)).unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].id, sender);

    // The view, created by create_all after the tables, reads like a table.
    let roster = conn.all(club_roster::ClubRosterTable.select()).unwrap();
    assert_eq!(
        roster,
        [club_roster::ClubRoster {
            club_name: "chess".into(),
            person_id: sender,
        }]
    );
}

/// The generated checks are the spec's SQL, quotes and backslashes intact; a violated check
/// is reported by name. (On MySQL the table has the same checks in MySQL's spelling: see
/// [`schema`].)
fn checks_keep_their_quoting_and_are_enforced_by_name(db: &FreshDatabase) {
    let def = <person::PersonTable as retort::Table>::def();
    assert_eq!(
        def.checks,
        [
            retort::CheckDef::new("ck_person_crate_not_negative", r#""crate" >= 0"#),
            retort::CheckDef::new(
                "ck_person_2",
                r#""first name" <> '' AND "first name" NOT LIKE '%\%%' ESCAPE '\'"#
            ),
        ]
    );

    let mut conn = connection(db);
    let violated = |result: retort::Result<i64>| match result {
        Err(retort::Error::Constraint {
            kind: retort::ConstraintKind::Check,
            constraint,
            ..
        }) => constraint,
        other => panic!("expected a check violation, got {other:?}"),
    };
    let negative = conn.insert(person::NewPerson {
        crate_: Some(-1),
        ..new_person("Neg", None)
    });
    assert_eq!(
        violated(negative).as_deref(),
        Some("ck_person_crate_not_negative")
    );
    for name in ["", "100%"] {
        let result = conn.insert(new_person(name, None));
        assert_eq!(violated(result).as_deref(), Some("ck_person_2"), "{name:?}");
    }
    // Only `%` is refused: the backslash is the LIKE escape, not part of the pattern.
    conn.insert(new_person(r"back\slash", None)).unwrap();
}

database_tests!(
    the_spec_checks_as_written,
    keyword_and_odd_column_names_round_trip,
    every_type_round_trips,
    composite_keys_and_foreign_keys,
    checks_keep_their_quoting_and_are_enforced_by_name,
);
