//! The build.rs-generated blog models on SQLite, PostgreSQL and MySQL/MariaDB: tables, keys,
//! defaults, enums, constraints and every relationship form, through the generated API. Each
//! test runs on a fresh database of each (see the `test-databases` crate).

use blog_build_rs::models::{self, PostStatus, comments, post_tags, posts, tags, users};
use retort::prelude::*;
use retort::{ConstraintKind, RelationshipKind};
use test_databases::{Backend, FreshDatabase, database_tests};

/// An engine on `db`, with the blog tables created.
fn engine(db: &FreshDatabase) -> Engine {
    let engine = db.connect();
    models::metadata()
        .create_all(&engine)
        .expect("tables are created");
    engine
}

fn user(conn: &mut Connection, name: &str) -> users::User {
    let id = conn
        .insert(users::NewUser {
            name: name.into(),
            email: Some(format!("{name}@example.org")),
            created_at: None,
        })
        .unwrap();
    conn.one(users::table().select().filter(users::ID.eq(id)))
        .unwrap()
}

fn post(conn: &mut Connection, author: i64, title: &str) -> posts::Post {
    conn.insert_returning(posts::NewPost {
        user_id: author,
        reviewer_id: None,
        status: None,
        title: title.into(),
        body: None,
    })
    .unwrap()
}

fn defaults_fill_what_the_insert_struct_leaves_out(db: &FreshDatabase) {
    let mut conn = engine(db).connection().unwrap();
    let ada = user(&mut conn, "ada");
    let before = retort::chrono::Utc::now() - retort::chrono::Duration::seconds(5);
    assert!(
        ada.created_at > before,
        "created_at defaults to CURRENT_TIMESTAMP: {}",
        ada.created_at
    );
    let draft = post(&mut conn, ada.id, "draft");
    assert_eq!(draft.status, PostStatus::Draft, "the enum column default");
}

fn every_relationship_form_is_followed(db: &FreshDatabase) {
    let mut conn = engine(db).connection().unwrap();
    let ada = user(&mut conn, "ada");
    let grace = user(&mut conn, "grace");
    let first = post(&mut conn, ada.id, "first");
    let second = post(&mut conn, ada.id, "second");
    conn.execute(
        posts::table()
            .update()
            .set(posts::REVIEWER_ID, Some(grace.id))
            .filter(posts::ID.eq(second.id)),
    )
    .unwrap();

    // one-to-many and its many-to-one inverse
    let titles: Vec<String> = conn
        .all(users::rel::POSTS.of(&ada).order_by(posts::ID))
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(titles, ["first", "second"]);
    assert_eq!(conn.one(posts::rel::AUTHOR.of(&first)).unwrap(), ada);
    // two foreign keys to the same table stay apart
    let reviewed = conn.all(users::rel::REVIEWED_POSTS.of(&grace)).unwrap();
    assert_eq!(reviewed.len(), 1);
    assert_eq!(reviewed[0].id, second.id);
    assert!(conn.all(users::rel::POSTS.of(&grace)).unwrap().is_empty());
    assert_eq!(posts::rel::REVIEWER.kind, RelationshipKind::ManyToOne);

    // many-to-many through the association table, both directions
    let rust = conn
        .insert(tags::NewTag {
            name: "rust".into(),
        })
        .unwrap();
    let sql = conn.insert(tags::NewTag { name: "sql".into() }).unwrap();
    for (post_id, tag_id) in [(first.id, rust), (first.id, sql), (second.id, sql)] {
        let key = conn
            .insert(post_tags::NewPostTag { post_id, tag_id })
            .unwrap();
        assert_eq!(
            key,
            (post_id, tag_id),
            "a composite primary key comes back as a tuple"
        );
    }
    let names: Vec<String> = conn
        .all(posts::rel::TAGS.of(&first).order_by(tags::NAME))
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["rust", "sql"]);
    let sql_tag = conn
        .one(tags::table().select().filter(tags::ID.eq(sql)))
        .unwrap();
    assert_eq!(conn.all(tags::rel::POSTS.of(&sql_tag)).unwrap().len(), 2);
    assert_eq!(tags::rel::POSTS.kind, RelationshipKind::ManyToMany);

    // self-reference: a reply and its parent
    let question = conn
        .insert(comments::NewComment {
            post_id: first.id,
            parent_id: None,
            author_id: grace.id,
            body: "why?".into(),
        })
        .unwrap();
    let answer = conn
        .insert_returning(comments::NewComment {
            post_id: first.id,
            parent_id: Some(question),
            author_id: ada.id,
            body: "because".into(),
        })
        .unwrap();
    assert_eq!(
        conn.one(comments::rel::PARENT.of(&answer)).unwrap().id,
        question
    );
    let question_row = conn
        .one(comments::table().select().filter(comments::ID.eq(question)))
        .unwrap();
    let replies = conn
        .all(comments::rel::PARENT_COMMENTS.of(&question_row))
        .unwrap();
    assert_eq!(replies, [answer]);

    // joins through relationships, selected as tuples
    let pairs = conn
        .all(
            select((users::NAME, tags::NAME))
                .from(users::table())
                .inner_join(users::rel::POSTS)
                .inner_join(posts::rel::TAGS)
                .filter(users::ID.eq(ada.id))
                .order_by(tags::NAME)
                .distinct(),
        )
        .unwrap();
    assert_eq!(
        pairs,
        [
            ("ada".to_owned(), "rust".to_owned()),
            ("ada".to_owned(), "sql".to_owned())
        ]
    );
}

fn constraints_and_cascades_hold(db: &FreshDatabase) {
    let mut conn = engine(db).connection().unwrap();
    let ada = user(&mut conn, "ada");
    let grace = user(&mut conn, "grace");
    let duplicate = conn.insert(users::NewUser {
        name: "x".into(),
        email: ada.email.clone(),
        created_at: None,
    });
    // Each database names a different part of the violated UNIQUE: SQLite the column,
    // PostgreSQL the column and the constraint (`users_email_key`, its name for a column's
    // UNIQUE), MySQL/MariaDB only the key, which a column's UNIQUE names after the column.
    let Err(retort::Error::Constraint {
        kind: ConstraintKind::Unique,
        columns,
        constraint,
        ..
    }) = &duplicate
    else {
        panic!("expected a unique violation, got {duplicate:?}");
    };
    match db.backend() {
        Backend::Sqlite => {
            assert_eq!(columns, &["email"], "{duplicate:?}");
            assert_eq!(constraint, &None, "{duplicate:?}");
        }
        Backend::Postgres => {
            assert_eq!(columns, &["email"], "{duplicate:?}");
            assert_eq!(
                constraint.as_deref(),
                Some("users_email_key"),
                "{duplicate:?}"
            );
        }
        Backend::Mysql => {
            assert!(columns.is_empty(), "{duplicate:?}");
            assert_eq!(constraint.as_deref(), Some("email"), "{duplicate:?}");
        }
    }
    let orphan = conn.insert(posts::NewPost {
        user_id: 999,
        reviewer_id: None,
        status: None,
        title: "orphan".into(),
        body: None,
    });
    assert!(
        matches!(
            orphan,
            Err(retort::Error::Constraint {
                kind: ConstraintKind::ForeignKey,
                ..
            })
        ),
        "{orphan:?}"
    );

    let reviewed = post(&mut conn, ada.id, "reviewed");
    conn.execute(
        posts::table()
            .update()
            .set(posts::REVIEWER_ID, Some(grace.id))
            .filter(posts::ID.eq(reviewed.id)),
    )
    .unwrap();
    // ON DELETE SET NULL for the reviewer, CASCADE for the author
    conn.execute(users::table().delete().filter(users::ID.eq(grace.id)))
        .unwrap();
    let after = conn
        .one(posts::table().select().filter(posts::ID.eq(reviewed.id)))
        .unwrap();
    assert_eq!(after.reviewer_id, None);
    conn.execute(users::table().delete().filter(users::ID.eq(ada.id)))
        .unwrap();
    assert!(conn.all(posts::table().select()).unwrap().is_empty());
}

fn drop_all_then_create_all_starts_over(db: &FreshDatabase) {
    let engine = engine(db);
    let mut conn = engine.connection().unwrap();
    user(&mut conn, "ada");
    models::metadata().create_all(&engine).unwrap();
    assert_eq!(
        conn.all(users::table().select()).unwrap().len(),
        1,
        "create_all twice keeps data"
    );
    models::metadata().drop_all(&engine).unwrap();
    models::metadata().create_all(&engine).unwrap();
    assert!(conn.all(users::table().select()).unwrap().is_empty());
}

database_tests!(
    defaults_fill_what_the_insert_struct_leaves_out,
    every_relationship_form_is_followed,
    constraints_and_cascades_hold,
    drop_all_then_create_all_starts_over,
);
