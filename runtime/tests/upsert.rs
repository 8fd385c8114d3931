//! Upserts: `Insert::on_conflict` with `OnConflict` — `ON CONFLICT … DO NOTHING / DO UPDATE`
//! on PostgreSQL and SQLite, `ON DUPLICATE KEY UPDATE` on MySQL — with the row counts and
//! rows read back on every database.

mod common;

#[allow(unused_imports)]
use common::{TestDb, new_user};
#[allow(unused_imports)]
use retort::__doc_tables::{Users, users};
#[allow(unused_imports)]
use retort::prelude::*;
#[allow(unused_imports)]
use retort::{Dialect, Error, Insert, OnConflict, Statement, excluded};

#[retort_dual::dual]
mod cases {
    use crate::common::new_user;
    use retort::__doc_tables::{Users, users};
    use retort::prelude::*;
    use retort::{Dialect, Error, Insert, OnConflict, excluded};

    /// Ada (ada@example.com) and Grace (grace@example.com).
    pub async fn seed(conn: &mut Connection) {
        conn.insert_many([
            new_user("Ada", Some("ada@example.com")),
            new_user("Grace", Some("grace@example.com")),
        ])
        .await
        .unwrap();
    }

    pub async fn names(conn: &mut Connection) -> Vec<(String, Option<String>)> {
        conn.all(
            select((users::NAME, users::EMAIL))
                .from(Users)
                .order_by(users::ID),
        )
        .await
        .unwrap()
    }

    pub async fn do_nothing_keeps_the_existing_row(db: &TestDb) {
        let mut conn = db.blog().await;
        seed(&mut conn).await;
        let upsert =
            |row| Insert::new(row).on_conflict(OnConflict::columns(users::EMAIL).do_nothing());
        // A conflict: nothing is written. MySQL's no-op update matches the row, which counts
        // 1 (Retort asks for matched rows, as PostgreSQL and SQLite count them).
        let affected = conn
            .execute(upsert(new_user("Ada Lovelace", Some("ada@example.com"))))
            .await
            .unwrap();
        let left_alone = if db.dialect() == Dialect::Mysql { 1 } else { 0 };
        assert_eq!(affected, left_alone);
        // No conflict: the row is inserted.
        let affected = conn
            .execute(upsert(new_user("Edsger", Some("edsger@example.com"))))
            .await
            .unwrap();
        assert_eq!(affected, 1);
        assert_eq!(
            names(&mut conn).await,
            [
                ("Ada".to_owned(), Some("ada@example.com".to_owned())),
                ("Grace".to_owned(), Some("grace@example.com".to_owned())),
                ("Edsger".to_owned(), Some("edsger@example.com".to_owned())),
            ]
        );
    }

    pub async fn do_update_takes_the_proposed_values(db: &TestDb) {
        let mut conn = db.blog().await;
        seed(&mut conn).await;
        let affected = conn
            .execute(
                Insert::new(new_user("Ada Lovelace", Some("ada@example.com")))
                    .on_conflict(OnConflict::columns(users::EMAIL).do_update(users::NAME)),
            )
            .await
            .unwrap();
        // MySQL counts an updated row twice.
        let updated = if db.dialect() == Dialect::Mysql { 2 } else { 1 };
        assert_eq!(affected, updated);
        assert_eq!(names(&mut conn).await[0].0, "Ada Lovelace");
        assert_eq!(names(&mut conn).await.len(), 2);
    }

    pub async fn do_update_set_reads_both_rows(db: &TestDb) {
        let mut conn = db.blog().await;
        seed(&mut conn).await;
        let upsert = |row| {
            Insert::new(row).on_conflict(OnConflict::columns(users::EMAIL).do_update_set(
                users::NAME,
                users::NAME.concat(" / ").concat(excluded(users::NAME)),
            ))
        };
        conn.execute(upsert(new_user("Grace Hopper", Some("grace@example.com"))))
            .await
            .unwrap();
        conn.execute(upsert(new_user("Amazing Grace", Some("grace@example.com"))))
            .await
            .unwrap();
        assert_eq!(
            names(&mut conn).await[1].0,
            "Grace / Grace Hopper / Amazing Grace"
        );
    }

    pub async fn a_multi_row_upsert_updates_and_inserts(db: &TestDb) {
        let mut conn = db.blog().await;
        seed(&mut conn).await;
        let affected = conn
            .execute(
                Insert::new_many([
                    new_user("Ada L.", Some("ada@example.com")),
                    new_user("Barbara", Some("barbara@example.com")),
                ])
                .on_conflict(OnConflict::columns(users::EMAIL).do_update(users::NAME)),
            )
            .await
            .unwrap();
        let expected = if db.dialect() == Dialect::Mysql { 3 } else { 2 };
        assert_eq!(affected, expected);
        let names: Vec<String> = names(&mut conn).await.into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["Ada L.", "Grace", "Barbara"]);
    }

    pub async fn an_upsert_without_action_is_refused(db: &TestDb) {
        let mut conn = db.blog().await;
        let error = conn
            .execute(
                Insert::new(new_user("Ada", None)).on_conflict(OnConflict::columns(users::EMAIL)),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::InvalidStatement(m) if m.contains("without an action")),
            "{error}"
        );
        let empty: [retort::Column<Users, i64>; 0] = [];
        let error = conn
            .execute(
                Insert::new(new_user("Ada", None))
                    .on_conflict(OnConflict::columns(empty).do_nothing()),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::InvalidStatement(m) if m.contains("target column")),
            "{error}"
        );
        assert_eq!(names(&mut conn).await.len(), 0);
    }

    pub async fn an_upsert_returns_the_row_where_returning_exists(db: &TestDb) {
        let mut conn = db.blog().await;
        seed(&mut conn).await;
        let query = Insert::new(new_user("Ada King", Some("ada@example.com")))
            .on_conflict(OnConflict::columns(users::EMAIL).do_update(users::NAME))
            .returning((users::ID, users::NAME));
        match db.dialect() {
            Dialect::Mysql => {
                assert!(matches!(conn.all(query).await, Err(Error::Unsupported(_))));
            }
            _ => assert_eq!(conn.all(query).await.unwrap(), [(1, "Ada King".to_owned())]),
        }
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    do_nothing_keeps_the_existing_row,
    do_update_takes_the_proposed_values,
    do_update_set_reads_both_rows,
    a_multi_row_upsert_updates_and_inserts,
    an_upsert_without_action_is_refused,
    an_upsert_returns_the_row_where_returning_exists,
);

#[test]
fn the_sql_per_dialect() {
    let row = || new_user("Ada", Some("ada@example.com"));
    let nothing = Insert::new(row()).on_conflict(OnConflict::columns(users::EMAIL).do_nothing());
    assert_eq!(
        nothing.to_sql(Dialect::Sqlite).unwrap().0,
        r#"INSERT INTO "users" ("name", "email") VALUES (?, ?) ON CONFLICT ("email") DO NOTHING"#
    );
    assert_eq!(
        nothing.to_sql(Dialect::Postgres).unwrap().0,
        r#"INSERT INTO "users" ("name", "email") VALUES ($1, $2) ON CONFLICT ("email") DO NOTHING"#
    );
    assert_eq!(
        nothing.to_sql(Dialect::Mysql).unwrap().0,
        "INSERT INTO `users` (`name`, `email`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `email` = `email`"
    );

    let update = Insert::new(row()).on_conflict(
        OnConflict::columns((users::EMAIL,))
            .do_update((users::NAME, users::EMAIL))
            .do_update_set(users::ID, users::ID + 1),
    );
    assert_eq!(
        update.to_sql(Dialect::Sqlite).unwrap().0,
        r#"INSERT INTO "users" ("name", "email") VALUES (?, ?) ON CONFLICT ("email") DO UPDATE SET "name" = "excluded"."name", "email" = "excluded"."email", "id" = "users"."id" + ?"#
    );
    assert_eq!(
        update.to_sql(Dialect::Mysql).unwrap().0,
        "INSERT INTO `users` (`name`, `email`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), `email` = VALUES(`email`), `id` = `users`.`id` + ?"
    );
}
