//! The ORM on the edge-case models, on every database: one-to-one relationships from both
//! sides (a nullable unique foreign key, `badge.holder_id`, and a primary key that is a
//! foreign key, `profile.person_id`), and what deleting a person does along each kind of
//! foreign key — each checked by the statements the session sends.

use edge_cases::models::{badge, person, profile, shipment, warehouse};
use retort::prelude::*;
use retort::{ConstraintKind, Engine, Error, Session, joined, raise, selectin};
use test_databases::{Backend, FreshDatabase, Statements, database_tests};

mod common;
use common::{new_person, schema};

/// The ORM guide, which shows the SQL deleting a person sends on SQLite.
const ORM_DOC: &str = include_str!("../../../docs/orm.md");

/// An engine on `db` with the edge-case tables, and the statements sent from now on.
fn engine(db: &FreshDatabase) -> (Engine, Statements) {
    let engine = db.connect();
    schema(db.backend()).create_all(&engine).unwrap();
    let statements = Statements::record(&engine);
    (engine, statements)
}

fn new_badge(label: &str, holder_id: Option<i64>) -> badge::NewBadge {
    badge::NewBadge {
        holder_id,
        label: label.into(),
    }
}

/// The `holder_id` of each badge, in key order, as the database has it.
fn holders(engine: &Engine) -> Vec<Option<i64>> {
    let mut conn = engine.connection().unwrap();
    conn.all(badge::table().select().order_by(badge::ID.asc()))
        .unwrap()
        .into_iter()
        .map(|row| row.holder_id)
        .collect()
}

/// Setting and clearing a one-to-one from either side writes the one foreign key, and the
/// other side follows without a statement.
fn one_to_one_is_set_and_cleared_from_both_sides(db: &FreshDatabase) {
    let (engine, statements) = engine(db);
    let mut conn = engine.connection().unwrap();
    let ada_id = conn.insert(new_person("Ada", None)).unwrap();
    let bob_id = conn.insert(new_person("Bob", None)).unwrap();
    let gold_id = conn.insert(new_badge("gold", None)).unwrap();
    drop(conn);
    let mut session = Session::new(&engine).unwrap();
    let ada = session.get::<person::PersonTable>(ada_id).unwrap().unwrap();
    let bob = session.get::<person::PersonTable>(bob_id).unwrap().unwrap();
    let gold = session.get::<badge::BadgeTable>(gold_id).unwrap().unwrap();
    statements.take();

    // From the referenced side: the badge's foreign key is set.
    session
        .set_related(&ada, person::rel::BADGE, &gold)
        .unwrap();
    assert_eq!(gold.read().holder_id, Some(ada_id));
    session.flush().unwrap();
    let sent = statements.sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].starts_with("UPDATE") && sent[0].contains("holder_id"),
        "{sent:?}"
    );
    // The holder is in the identity map: no statement.
    let holder = session.load(&gold, badge::rel::HOLDER).unwrap().unwrap();
    assert!(holder.is(&ada));
    assert_eq!(statements.count(), 0);
    // The flush wrote to `badge`: Ada's side is read again, once.
    let adas = session.load(&ada, person::rel::BADGE).unwrap().unwrap();
    assert!(adas.is(&gold));
    assert_eq!(statements.count(), 1);

    // From the referencing side: one UPDATE, and Ada no longer holds it.
    session
        .set_related(&gold, badge::rel::HOLDER, &bob)
        .unwrap();
    session.flush().unwrap();
    assert_eq!(statements.count(), 1);
    assert!(session.load(&ada, person::rel::BADGE).unwrap().is_none());
    let bobs = session.load(&bob, person::rel::BADGE).unwrap().unwrap();
    assert!(bobs.is(&gold));
    statements.take();

    // Cleared from the referenced side: the badge stays (no delete-orphan), unheld.
    session.clear_related(&bob, person::rel::BADGE).unwrap();
    assert_eq!(gold.read().holder_id, None);
    session.flush().unwrap();
    let sent = statements.sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].starts_with("UPDATE"), "{sent:?}");
    assert!(session.load(&bob, person::rel::BADGE).unwrap().is_none());
    session.commit().unwrap();
    assert_eq!(holders(&engine), [None]);

    // A unique foreign key: a second badge for one person fails at flush, naming the
    // badge and the constraint, and the session goes on.
    let silver = session.add(new_badge("silver", None));
    let bronze = session.add(new_badge("bronze", None));
    session
        .set_related(&silver, badge::rel::HOLDER, &ada)
        .unwrap();
    session
        .set_related(&bronze, badge::rel::HOLDER, &ada)
        .unwrap();
    let error = session.flush().unwrap_err();
    assert!(
        matches!(&error, Error::Flush { operation: "INSERT", table, .. } if table == "badge"),
        "{error}"
    );
    assert_eq!(
        error.constraint_kind(),
        Some(ConstraintKind::Unique),
        "{error}"
    );
    session.rollback().unwrap();
    assert_eq!(holders(&engine), [None]);
    let again = session.get::<badge::BadgeTable>(gold_id).unwrap().unwrap();
    assert!(again.is(&gold));
    assert_eq!(gold.read().holder_id, None);
}

/// A profile, whose primary key is its person's key: added with a new person, it is
/// inserted after it with the generated key as its own.
fn one_to_one_through_the_primary_key_takes_the_new_parents_key(db: &FreshDatabase) {
    let (engine, statements) = engine(db);
    let mut session = Session::new(&engine).unwrap();
    // Added child first: the flush still inserts the person first.
    let profile = session.add(profile::NewProfile {
        person_id: 0,
        bio: Some("writes compilers".into()),
    });
    let grace = session.add(new_person("Grace", None));
    session
        .set_related(&profile, profile::rel::PERSON, &grace)
        .unwrap();
    session.commit().unwrap();
    let sent = statements.sent();
    let person_insert = sent
        .iter()
        .position(|sql| sql.contains("INSERT INTO") && sql.contains("person"));
    let profile_insert = sent
        .iter()
        .position(|sql| sql.contains("INSERT INTO") && sql.contains("profile"));
    assert!(
        matches!((person_insert, profile_insert), (Some(p), Some(q)) if p < q),
        "{sent:?}"
    );
    let grace = grace.object().unwrap();
    let profile = profile.object().unwrap();
    assert_eq!(profile.read().person_id, grace.read().id);
    // Loaded both ways, the one object each.
    let mut session = Session::new(&engine).unwrap();
    statements.take();
    let people = session
        .query(person::table())
        .options(joined(person::rel::PROFILE))
        .all()
        .unwrap();
    assert_eq!(statements.count(), 1);
    let loaded = session
        .loaded(&people[0], person::rel::PROFILE)
        .unwrap()
        .unwrap();
    assert_eq!(loaded.read().bio.as_deref(), Some("writes compilers"));
    let back = session
        .load(&loaded, profile::rel::PERSON)
        .unwrap()
        .unwrap();
    assert!(back.is(&people[0]));
    assert_eq!(statements.count(), 0);

    // The profile read by its key first: the person's side finds it in the identity map.
    let mut session = Session::new(&engine).unwrap();
    let grace_id = grace.read().id;
    let profile = session
        .get::<profile::ProfileTable>(grace_id)
        .unwrap()
        .unwrap();
    let grace = session
        .get::<person::PersonTable>(grace_id)
        .unwrap()
        .unwrap();
    statements.take();
    let found = session.load(&grace, person::rel::PROFILE).unwrap().unwrap();
    assert!(found.is(&profile));
    assert_eq!(statements.count(), 0);
    // Its key cannot be NULL: clearing the link is refused, and nothing changes.
    let error = session
        .clear_related(&grace, person::rel::PROFILE)
        .unwrap_err();
    assert!(
        matches!(&error, Error::NotNullForeignKey { table: "profile", columns } if columns == "person_id"),
        "{error}"
    );
    assert_eq!(profile.read().person_id, grace_id);
    session.flush().unwrap();
    assert_eq!(statements.count(), 0);
    let still = session.load(&grace, person::rel::PROFILE).unwrap().unwrap();
    assert!(still.is(&profile));
}

/// Three people, the first two with a badge each; their keys.
fn three_people_two_badges(engine: &Engine) -> Vec<i64> {
    let mut conn = engine.connection().unwrap();
    let people: Vec<i64> = ["Ada", "Bob", "Cy"]
        .into_iter()
        .map(|name| conn.insert(new_person(name, None)).unwrap())
        .collect();
    conn.insert(new_badge("gold", Some(people[0]))).unwrap();
    conn.insert(new_badge("silver", Some(people[1]))).unwrap();
    people
}

/// Each loading strategy on a one-to-one, from both sides, with the statements it costs;
/// a person without a badge is `None`, loaded like the rest.
fn one_to_one_loads_with_every_strategy(db: &FreshDatabase) {
    let (engine, statements) = engine(db);
    three_people_two_badges(&engine);
    statements.take();
    let labels = |session: &Session, people: &[retort::Obj<person::PersonTable>]| {
        people
            .iter()
            .map(|p| {
                session
                    .loaded(p, person::rel::BADGE)
                    .unwrap()
                    .map(|b| b.read().label.clone())
            })
            .collect::<Vec<_>>()
    };
    let expected = [Some("gold".to_owned()), Some("silver".to_owned()), None];

    // Lazy: 1 + N.
    let mut session = Session::new(&engine).unwrap();
    let people = session
        .query(person::table())
        .order_by(person::ID.asc())
        .all()
        .unwrap();
    for p in &people {
        session.load(p, person::rel::BADGE).unwrap();
    }
    assert_eq!(statements.count(), 1 + 3);
    assert_eq!(labels(&session, &people), expected);

    // Select-in: 2, whatever the number of people.
    let mut session = Session::new(&engine).unwrap();
    let people = session
        .query(person::table())
        .options(selectin(person::rel::BADGE))
        .order_by(person::ID.asc())
        .all()
        .unwrap();
    assert_eq!(statements.count(), 2);
    assert_eq!(labels(&session, &people), expected);

    // Joined: 1.
    let mut session = Session::new(&engine).unwrap();
    let people = session
        .query(person::table())
        .options(joined(person::rel::BADGE))
        .order_by(person::ID.asc())
        .all()
        .unwrap();
    let sent = statements.sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("LEFT JOIN"), "{}", sent[0]);
    assert_eq!(labels(&session, &people), expected);

    // From the referencing side, select-in: the holders in one more statement.
    let mut session = Session::new(&engine).unwrap();
    let badges = session
        .query(badge::table())
        .options(selectin(badge::rel::HOLDER))
        .order_by(badge::ID.asc())
        .all()
        .unwrap();
    assert_eq!(statements.count(), 2);
    let names: Vec<String> = badges
        .iter()
        .map(|b| {
            let holder = session.loaded(b, badge::rel::HOLDER).unwrap().unwrap();
            holder.read().first_name.clone()
        })
        .collect();
    assert_eq!(names, ["Ada", "Bob"]);

    // Raise: a typed error, nothing sent.
    let mut session = Session::new(&engine).unwrap();
    let people = session
        .query(person::table())
        .options(raise(person::rel::BADGE))
        .all()
        .unwrap();
    statements.take();
    let error = session.load(&people[0], person::rel::BADGE).unwrap_err();
    assert!(
        matches!(
            error,
            Error::NotLoaded {
                table: "person",
                relationship: "badge",
                ..
            }
        ),
        "{error}"
    );
    assert_eq!(statements.count(), 0);
}

/// Deleting a person, along each of its foreign keys: the session nulls `badge.holder_id`
/// (nullable, no rule), the database deletes the profile (`ON DELETE CASCADE`) and nulls
/// the reports' `manager_id` (`SET NULL`), and the session's objects follow each.
fn deleting_a_parent_follows_each_foreign_key(db: &FreshDatabase) {
    let (engine, statements) = engine(db);
    let people = three_people_two_badges(&engine);
    let (ada_id, bob_id) = (people[0], people[1]);
    let mut conn = engine.connection().unwrap();
    conn.insert(profile::NewProfile {
        person_id: ada_id,
        bio: None,
    })
    .unwrap();
    conn.execute(
        person::table()
            .update()
            .set(person::MANAGER_ID, Some(ada_id))
            .filter(person::ID.eq(bob_id)),
    )
    .unwrap();
    drop(conn);

    let mut session = Session::new(&engine).unwrap();
    let ada = session.get::<person::PersonTable>(ada_id).unwrap().unwrap();
    let bob = session.get::<person::PersonTable>(bob_id).unwrap().unwrap();
    let gold = session.load(&ada, person::rel::BADGE).unwrap().unwrap();
    let adas_profile = session.load(&ada, person::rel::PROFILE).unwrap().unwrap();
    statements.take();
    session.delete(&ada).unwrap();
    session.flush().unwrap();
    let writes: Vec<String> = statements
        .sent()
        .into_iter()
        .filter(|sql| !sql.starts_with("SELECT"))
        .collect();
    // The badge's key nulled by the session, the association rows deleted, then the
    // person; the database does the rest.
    assert_eq!(writes.len(), 3, "{writes:?}");
    assert!(
        writes[0].starts_with("UPDATE") && writes[0].contains("badge"),
        "{writes:?}"
    );
    assert!(writes[1].starts_with("DELETE") && writes[1].contains("membership"));
    assert!(writes[2].starts_with("DELETE") && writes[2].contains("person"));
    if db.backend() == Backend::Sqlite {
        for sql in &writes {
            assert!(
                ORM_DOC.contains(sql.as_str()),
                "docs/orm.md does not show the SQL deleting a person sends:\n{sql}"
            );
        }
    }
    assert_eq!(gold.read().holder_id, None, "the session's badge follows");
    assert_eq!(bob.read().manager_id, None, "the database set it NULL");
    // Nothing left to write, and the profile is gone from the session and the database.
    session.flush().unwrap();
    assert_eq!(statements.sent(), Vec::<String>::new());
    assert!(
        session
            .get::<profile::ProfileTable>(adas_profile.read().person_id)
            .unwrap()
            .is_none()
    );
    session.commit().unwrap();
    assert_eq!(holders(&engine), [None, Some(bob_id)]);
    let mut conn = engine.connection().unwrap();
    assert!(conn.all(profile::table().select()).unwrap().is_empty());
    let managers: Vec<Option<i64>> = conn
        .all(retort::select(person::MANAGER_ID).from(person::table()))
        .unwrap();
    assert_eq!(managers, [None, None]);
}

/// A NOT NULL foreign key without a rule (`shipment.sender_id`): deleting the sender fails
/// with the database's foreign-key error, typed and naming the person; the session rolls
/// back and stays usable, and deleting the shipment first works.
fn a_not_null_foreign_key_without_a_rule_refuses_the_delete(db: &FreshDatabase) {
    let (engine, statements) = engine(db);
    let mut conn = engine.connection().unwrap();
    conn.insert(warehouse::NewWarehouse {
        region: "eu".into(),
        code: 1,
        name: "eu-1".into(),
    })
    .unwrap();
    let sender_id = conn.insert(new_person("Sender", None)).unwrap();
    let other_id = conn.insert(new_person("Other", None)).unwrap();
    conn.insert(profile::NewProfile {
        person_id: other_id,
        bio: Some("cascades".into()),
    })
    .unwrap();
    let shipment_id = conn
        .insert(shipment::NewShipment {
            from_region: "eu".into(),
            from_code: 1,
            to_region: "eu".into(),
            to_code: 1,
            sender_id,
            receiver_id: sender_id,
        })
        .unwrap();
    drop(conn);

    let mut session = Session::new(&engine).unwrap();
    let sender = session
        .get::<person::PersonTable>(sender_id)
        .unwrap()
        .unwrap();
    let other = session
        .get::<person::PersonTable>(other_id)
        .unwrap()
        .unwrap();
    let others_profile = session.load(&other, person::rel::PROFILE).unwrap().unwrap();
    statements.take();
    // The other person's DELETE (and the database's cascade to its profile) succeeds
    // before the sender's fails.
    session.delete(&other).unwrap();
    session.delete(&sender).unwrap();
    let error = session.flush().unwrap_err();
    let sent = statements.sent();
    let deletes = sent
        .iter()
        .filter(|sql| {
            sql.replace(['"', '`'], "")
                .starts_with("DELETE FROM person ")
        })
        .count();
    assert_eq!(deletes, 2, "the first person's DELETE ran: {sent:?}");
    assert!(
        matches!(&error, Error::Flush { operation: "DELETE", table, .. } if table == "person"),
        "{error}"
    );
    assert_eq!(
        error.constraint_kind(),
        Some(ConstraintKind::ForeignKey),
        "{error}"
    );
    // Rolled back: the sender is tracked again, and nothing was deleted.
    let again = session
        .get::<person::PersonTable>(sender_id)
        .unwrap()
        .unwrap();
    assert!(again.is(&sender));
    // Both people and the profile are tracked again, the same objects, read again.
    statements.take();
    let other_again = session
        .get::<person::PersonTable>(other_id)
        .unwrap()
        .unwrap();
    assert!(other_again.is(&other));
    let profile_again = session
        .get::<profile::ProfileTable>(other_id)
        .unwrap()
        .unwrap();
    assert!(profile_again.is(&others_profile));
    assert_eq!(others_profile.read().bio.as_deref(), Some("cascades"));
    let reads = statements.sent();
    assert!(
        reads.iter().all(|sql| sql.starts_with("SELECT")),
        "{reads:?}"
    );
    let shipment = session
        .get::<shipment::ShipmentTable>(shipment_id)
        .unwrap()
        .unwrap();
    session.delete(&shipment).unwrap();
    session.delete(&sender).unwrap();
    session.commit().unwrap();
    let mut conn = engine.connection().unwrap();
    assert!(conn.all(shipment::table().select()).unwrap().is_empty());
    let names: Vec<String> = conn
        .all(retort::select(person::FIRST_NAME).from(person::table()))
        .unwrap();
    assert_eq!(names, ["Other"]);
    assert_eq!(conn.all(profile::table().select()).unwrap().len(), 1);
}

database_tests!(
    one_to_one_is_set_and_cleared_from_both_sides,
    one_to_one_through_the_primary_key_takes_the_new_parents_key,
    one_to_one_loads_with_every_strategy,
    deleting_a_parent_follows_each_foreign_key,
    a_not_null_foreign_key_without_a_rule_refuses_the_delete,
);
