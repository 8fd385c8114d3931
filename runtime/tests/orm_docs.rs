//! docs/orm.md shows the SQL each loading strategy sends: this runs each one on SQLite and
//! checks that every statement it sent is in the document, word for word.

#[macro_use]
mod common;

use blog_models::posts::{self, Posts};
use blog_models::tags::NewTag;
use blog_models::users::{self, NewUser, Users};
use common::statements::{Statements, is_transaction_control};
use retort::{Engine, Session, joined, selectin};

const DOC: &str = include_str!("../../docs/orm.md");

/// The statements a step sent, without transaction control.
fn sent(statements: &Statements) -> Vec<String> {
    statements
        .take()
        .into_iter()
        .filter(|sql| !is_transaction_control(sql))
        .collect()
}

fn assert_documented(what: &str, statements: &[String]) {
    assert!(!statements.is_empty(), "{what}: nothing was sent");
    for sql in statements {
        assert!(
            DOC.contains(sql.as_str()),
            "docs/orm.md does not show the SQL {what} sends:\n{sql}"
        );
    }
}

#[test]
fn the_documented_sql_is_the_sql_sent() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::connect(&format!(
        "sqlite://{}",
        dir.path().join("blog.db").display()
    ))
    .unwrap();
    blog_models::metadata().create_all(&engine).unwrap();
    let statements = Statements::record(&engine);

    // Unit of work.
    let mut session = Session::new(&engine).unwrap();
    let ada = session.add(NewUser {
        name: "Ada".into(),
        email: None,
        created_at: None,
    });
    let post = session.add(posts::NewPost {
        user_id: 0,
        reviewer_id: None,
        status: None,
        title: "Notes".into(),
        body: None,
    });
    let tag = session.add(NewTag {
        name: "rust".into(),
    });
    session
        .set_related(&post, posts::rel::AUTHOR, &ada)
        .unwrap();
    session.add_related(&post, posts::rel::TAGS, &tag).unwrap();
    session.commit().unwrap();
    assert_documented("adding objects", &sent(&statements));
    let grace = session.add(NewUser {
        name: "Grace".into(),
        email: None,
        created_at: None,
    });
    let cobol = session.add(posts::NewPost {
        user_id: 0,
        reviewer_id: None,
        status: None,
        title: "COBOL".into(),
        body: None,
    });
    session
        .add_related(&grace, users::rel::POSTS, &cobol)
        .unwrap();
    session.commit().unwrap();
    assert_documented("adding objects", &sent(&statements));

    let ada = session.get::<Users>(1i64).unwrap().unwrap();
    ada.write().name = "Ada Lovelace".into();
    session.commit().unwrap();
    assert_documented("get and a change", &sent(&statements));

    // Loading strategies, each in a fresh session (a session holds its transaction, with
    // SQLite's locks, until it commits, rolls back or is dropped).
    drop(session);
    let mut session = Session::new(&engine).unwrap();
    let ada = session.get::<Users>(1i64).unwrap().unwrap();
    session.load(&ada, users::rel::POSTS).unwrap();
    assert_documented("lazy loading", &sent(&statements));

    drop(session);
    let mut session = Session::new(&engine).unwrap();
    session
        .query(Users)
        .options(selectin(users::rel::POSTS).then(selectin(posts::rel::TAGS)))
        .all()
        .unwrap();
    assert_documented("select-in loading", &sent(&statements));

    drop(session);
    let mut session = Session::new(&engine).unwrap();
    session
        .query(Users)
        .options(joined(users::rel::POSTS))
        .all()
        .unwrap();
    assert_documented("joined loading", &sent(&statements));

    // Deleting a post: its comments (delete cascade), its association rows, the post.
    drop(session);
    let mut session = Session::new(&engine).unwrap();
    let notes = session.get::<Posts>(1i64).unwrap().unwrap();
    statements.take();
    session.delete(&notes).unwrap();
    session.commit().unwrap();
    assert_documented("deleting a post", &sent(&statements));
}
