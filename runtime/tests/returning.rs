//! RETURNING: reading back what an INSERT, UPDATE or DELETE wrote, on PostgreSQL and SQLite;
//! `Error::Unsupported` on MySQL, where the generated keys of inserted rows still come back
//! through `Connection::insert` / `insert_many_keys`.

mod common;

#[allow(unused_imports)]
use common::{TestDb, new_user};
#[allow(unused_imports)]
use retort::__doc_tables::{Users, users};
#[allow(unused_imports)]
use retort::prelude::*;
#[allow(unused_imports)]
use retort::{Dialect, Error, Insert, Query};

#[retort_dual::dual]
mod cases {
    use crate::common::new_user;
    use retort::__doc_tables::{Users, users};
    use retort::prelude::*;
    use retort::{Dialect, Error, Insert};

    pub async fn users_by_id(conn: &mut Connection) -> Vec<(i64, String)> {
        conn.all(
            select((users::ID, users::NAME))
                .from(Users)
                .order_by(users::ID),
        )
        .await
        .unwrap()
    }

    fn assert_unsupported_on_mysql<T: std::fmt::Debug>(result: retort::Result<T>, verb: &str) {
        match result {
            Err(Error::Unsupported(message)) => {
                assert!(
                    message.starts_with(&format!("{verb} … RETURNING: MySQL has no RETURNING")),
                    "{message}"
                );
            }
            other => panic!("expected Unsupported, got {other:?}"),
        }
    }

    pub async fn insert_returning_one_row(db: &TestDb) {
        let mut conn = db.blog().await;
        let query = Insert::new(new_user("Ada", Some("ada@example.com"))).returning((
            users::ID,
            users::NAME.concat("!"),
            users::EMAIL,
        ));
        if db.dialect() == Dialect::Mysql {
            assert_unsupported_on_mysql(conn.one(query).await, "INSERT");
            // Nothing was sent.
            assert!(users_by_id(&mut conn).await.is_empty());
            return;
        }
        let row = conn.one(query).await.unwrap();
        assert_eq!(
            row,
            (1, "Ada!".to_owned(), Some("ada@example.com".to_owned()))
        );
        assert_eq!(users_by_id(&mut conn).await, [(1, "Ada".to_owned())]);
    }

    pub async fn insert_returning_many_rows(db: &TestDb) {
        let mut conn = db.blog().await;
        let query = Insert::new_many([new_user("Ada", None), new_user("Grace", None)])
            .returning(users::NAME);
        if db.dialect() == Dialect::Mysql {
            assert_unsupported_on_mysql(conn.all(query).await, "INSERT");
            return;
        }
        let mut names = conn.all(query).await.unwrap();
        names.sort();
        assert_eq!(names, ["Ada", "Grace"]);
        assert_eq!(users_by_id(&mut conn).await.len(), 2);
    }

    pub async fn insert_many_keys_on_every_database(db: &TestDb) {
        let mut conn = db.blog().await;
        conn.insert(new_user("First", None)).await.unwrap();
        let keys = conn
            .insert_many_keys(["Ada", "Grace", "Edsger"].map(|name| new_user(name, None)))
            .await
            .unwrap();
        assert_eq!(keys, [2, 3, 4]);
        // Each key is the key of the row inserted at its position.
        for (key, name) in keys.iter().zip(["Ada", "Grace", "Edsger"]) {
            let stored = conn
                .one(select(users::NAME).from(Users).filter(users::ID.eq(*key)))
                .await
                .unwrap();
            assert_eq!(stored, name);
        }
        assert!(
            conn.insert_many_keys(Vec::<users::NewUser>::new())
                .await
                .unwrap()
                .is_empty()
        );
        // All or nothing: a duplicate email in the last row leaves none of them.
        let error = conn
            .insert_many_keys([
                new_user("Barbara", Some("b@example.com")),
                new_user("Barbara again", Some("b@example.com")),
            ])
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Constraint { .. }), "{error:?}");
        assert_eq!(users_by_id(&mut conn).await.len(), 4);
    }

    pub async fn update_returning(db: &TestDb) {
        let mut conn = db.blog().await;
        conn.insert_many(["Ada", "Grace", "Edsger"].map(|name| new_user(name, None)))
            .await
            .unwrap();
        let query = Users
            .update()
            .set_expr(users::NAME, users::NAME.concat(" (renamed)"))
            .filter(users::ID.gt(1))
            .returning((users::ID, users::NAME));
        if db.dialect() == Dialect::Mysql {
            assert_unsupported_on_mysql(conn.all(query).await, "UPDATE");
            assert_eq!(users_by_id(&mut conn).await[1].1, "Grace");
            return;
        }
        let mut rows = conn.all(query).await.unwrap();
        rows.sort();
        assert_eq!(
            rows,
            [
                (2, "Grace (renamed)".to_owned()),
                (3, "Edsger (renamed)".to_owned())
            ]
        );
        assert_eq!(users_by_id(&mut conn).await[2].1, "Edsger (renamed)");
    }

    pub async fn delete_returning(db: &TestDb) {
        let mut conn = db.blog().await;
        conn.insert_many(["Ada", "Grace", "Edsger"].map(|name| new_user(name, None)))
            .await
            .unwrap();
        let query = Users
            .delete()
            .filter(users::NAME.ne("Grace"))
            .returning(users::ID);
        if db.dialect() == Dialect::Mysql {
            assert_unsupported_on_mysql(conn.all(query).await, "DELETE");
            assert_eq!(users_by_id(&mut conn).await.len(), 3);
            return;
        }
        let mut ids = conn.all(query).await.unwrap();
        ids.sort();
        assert_eq!(ids, [1, 3]);
        assert_eq!(users_by_id(&mut conn).await, [(2, "Grace".to_owned())]);
    }

    pub async fn refusals_carry_over_to_returning(db: &TestDb) {
        let mut conn = db.blog().await;
        // An UPDATE that sets nothing stays invalid with RETURNING.
        let error = conn
            .all(Users.update().filter(users::ID.eq(1)).returning(users::ID))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::InvalidStatement(m) if m.starts_with("UPDATE of `users` sets no column")),
            "{error:?}"
        );
        // A name longer than varchar(100).
        let error = conn
            .all(Insert::new(new_user(&"x".repeat(101), None)).returning(users::ID))
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::Unsupported(ref m) if m.contains("at most 100")),
            "{error:?}"
        );
        // No rows: no INSERT.
        let error = conn
            .all(Insert::<Users>::new_many(Vec::<users::NewUser>::new()).returning(users::ID))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidStatement(_)), "{error:?}");
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    insert_returning_one_row,
    insert_returning_many_rows,
    insert_many_keys_on_every_database,
    update_returning,
    delete_returning,
    refusals_carry_over_to_returning,
);

#[test]
fn the_sql() {
    let insert =
        Insert::new_many([new_user("Ada", None), new_user("Grace", None)]).returning(users::ID);
    assert_eq!(
        insert.to_sql(Dialect::Postgres).unwrap().0,
        r#"INSERT INTO "users" ("name", "email") VALUES ($1, $2), ($3, $4) RETURNING "users"."id""#
    );
    let delete = Users
        .delete()
        .filter(users::ID.eq(1))
        .returning((users::ID, users::EMAIL));
    assert_eq!(
        delete.to_sql(Dialect::Sqlite).unwrap().0,
        r#"DELETE FROM "users" WHERE "users"."id" = ? RETURNING "users"."id", "users"."email""#
    );
}
