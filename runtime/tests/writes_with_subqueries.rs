//! INSERT … SELECT, and UPDATE / DELETE whose filters and values hold subqueries; the rows
//! are read back on every database. Also runs the compile-fail tests of typed writes
//! (`tests/compile-fail/write_*.rs`).

mod common;

#[allow(unused_imports)]
use common::{TestDb, new_post, new_user};
#[allow(unused_imports)]
use retort::__doc_tables::{Posts, Users, posts, users};
#[allow(unused_imports)]
use retort::functions::coalesce;
#[allow(unused_imports)]
use retort::prelude::*;
#[allow(unused_imports)]
use retort::{Dialect, Error, Insert, Statement, exists, not_exists};

#[retort_dual::dual]
mod cases {
    use crate::common::{new_post, new_user};
    use retort::__doc_tables::{Posts, Users, posts, users};
    use retort::functions::coalesce;
    use retort::prelude::*;
    use retort::{Dialect, Error, Insert, exists, not_exists};

    /// Ada (posts "Notes", "Engines"), Grace (post "Compilers"), Edsger (no post).
    pub async fn seed(conn: &mut Connection) {
        conn.insert_many([
            new_user("Ada", Some("ada@example.com")),
            new_user("Grace", None),
            new_user("Edsger", None),
        ])
        .await
        .unwrap();
        conn.insert_many([
            new_post(1, "Notes"),
            new_post(2, "Compilers"),
            new_post(1, "Engines"),
        ])
        .await
        .unwrap();
    }

    pub async fn users(conn: &mut Connection) -> Vec<(i64, String, Option<String>)> {
        conn.all(
            select((users::ID, users::NAME, users::EMAIL))
                .from(Users)
                .order_by(users::ID),
        )
        .await
        .unwrap()
    }

    pub async fn insert_select_copies_rows(db: &TestDb) {
        let mut conn = db.blog().await;
        seed(&mut conn).await;
        // A user per post of Ada's, named after its title; the email is a NOT NULL text into a
        // nullable column.
        let insert = Insert::from_select(
            (users::NAME, users::EMAIL),
            select((posts::TITLE.concat(" fan"), posts::TITLE))
                .from(Posts)
                .filter(posts::USER_ID.eq(1))
                .order_by(posts::ID),
        );
        assert_eq!(conn.execute(insert).await.unwrap(), 2);
        let rows = users(&mut conn).await;
        assert_eq!(rows.len(), 5);
        assert_eq!(
            rows[3..],
            [
                (4, "Notes fan".to_owned(), Some("Notes".to_owned())),
                (5, "Engines fan".to_owned(), Some("Engines".to_owned())),
            ]
        );
        // A query that finds nothing inserts nothing.
        let none = Insert::from_select(
            users::NAME,
            select(posts::TITLE).from(Posts).filter(posts::ID.gt(100)),
        );
        assert_eq!(conn.execute(none).await.unwrap(), 0);
    }

    pub async fn update_where_in_subquery(db: &TestDb) {
        let mut conn = db.blog().await;
        seed(&mut conn).await;
        let authors = select(posts::USER_ID).from(Posts);
        let updated = conn
            .execute(
                Users
                    .update()
                    .set(users::NAME, "Author")
                    .filter(users::ID.in_subquery(authors)),
            )
            .await
            .unwrap();
        assert_eq!(updated, 2);
        let names: Vec<String> = users(&mut conn).await.into_iter().map(|r| r.1).collect();
        assert_eq!(names, ["Author", "Author", "Edsger"]);
    }

    pub async fn update_set_from_a_scalar_subquery(db: &TestDb) {
        let mut conn = db.blog().await;
        seed(&mut conn).await;
        let first_title = || {
            select(posts::TITLE)
                .from(Posts)
                .filter(posts::USER_ID.eq(users::ID))
                .order_by(posts::ID)
                .limit(1)
                .scalar_subquery()
        };
        // A nullable column takes the subquery as it is: NULL where there is no post.
        conn.execute(Users.update().set_expr(users::EMAIL, first_title()))
            .await
            .unwrap();
        // A NOT NULL column takes it through COALESCE.
        conn.execute(
            Users
                .update()
                .set_expr(users::NAME, coalesce(first_title(), users::NAME)),
        )
        .await
        .unwrap();
        assert_eq!(
            users(&mut conn).await,
            [
                (1, "Notes".to_owned(), Some("Notes".to_owned())),
                (2, "Compilers".to_owned(), Some("Compilers".to_owned())),
                (3, "Edsger".to_owned(), None),
            ]
        );
    }

    pub async fn delete_where_exists(db: &TestDb) {
        let mut conn = db.blog().await;
        seed(&mut conn).await;
        // Posts of users without an email.
        let deleted = conn
            .execute(
                Posts.delete().filter(exists(
                    select(users::ID)
                        .from(Users)
                        .filter(users::ID.eq(posts::USER_ID))
                        .filter(users::EMAIL.is_null()),
                )),
            )
            .await
            .unwrap();
        assert_eq!(deleted, 1);
        // Users without posts.
        let deleted = conn
            .execute(
                Users.delete().filter(not_exists(
                    select(posts::ID)
                        .from(Posts)
                        .filter(posts::USER_ID.eq(users::ID)),
                )),
            )
            .await
            .unwrap();
        assert_eq!(deleted, 2);
        assert_eq!(
            users(&mut conn).await,
            [(1, "Ada".to_owned(), Some("ada@example.com".to_owned()))]
        );
        let titles = conn
            .all(select(posts::TITLE).from(Posts).order_by(posts::ID))
            .await
            .unwrap();
        assert_eq!(titles, ["Notes", "Engines"]);
    }

    /// MySQL refuses a subquery reading the table being updated (error 1093); MariaDB — the
    /// server these tests run on — accepts it, as do PostgreSQL and SQLite. Either way the
    /// outcome is a typed result: rows updated, or `Error::Database` with the server's message.
    pub async fn update_with_a_subquery_on_the_same_table(db: &TestDb) {
        let mut conn = db.blog().await;
        seed(&mut conn).await;
        let without_email = select(users::ID).from(Users).filter(users::EMAIL.is_null());
        let result = conn
            .execute(
                Users
                    .update()
                    .set(users::NAME, "anonymous")
                    .filter(users::ID.in_subquery(without_email)),
            )
            .await;
        match result {
            Ok(updated) => {
                assert_eq!(updated, 2);
                let names: Vec<String> = users(&mut conn).await.into_iter().map(|r| r.1).collect();
                assert_eq!(names, ["Ada", "anonymous", "anonymous"]);
            }
            Err(Error::Database { message, .. }) => {
                assert_eq!(db.dialect(), Dialect::Mysql);
                assert!(
                    message.contains("1093") || message.contains("specified twice"),
                    "{message}"
                );
            }
            Err(other) => panic!("{other:?}"),
        }
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    insert_select_copies_rows,
    update_where_in_subquery,
    update_set_from_a_scalar_subquery,
    delete_where_exists,
    update_with_a_subquery_on_the_same_table,
);

#[test]
fn the_sql_per_dialect() {
    let insert = Insert::from_select(
        (users::NAME,),
        select((posts::TITLE.concat("!"),)).from(Posts),
    );
    assert_eq!(
        insert.to_sql(Dialect::Postgres).unwrap().0,
        r#"INSERT INTO "users" ("name") SELECT "posts"."title" || $1 FROM "posts""#
    );
    // The dialect-specific CONCAT reaches the MySQL statement.
    assert_eq!(
        insert.to_sql(Dialect::Mysql).unwrap().0,
        "INSERT INTO `users` (`name`) SELECT CONCAT(`posts`.`title`, ?) FROM `posts`"
    );
    let update = Users
        .update()
        .set_expr(users::ID, users::ID / 2)
        .filter(users::ID.in_subquery(select(posts::USER_ID / 1).from(Posts)));
    assert_eq!(
        update.to_sql(Dialect::Mysql).unwrap().0,
        "UPDATE `users` SET `id` = `users`.`id` DIV ? WHERE `users`.`id` IN (SELECT `posts`.`user_id` DIV ? FROM `posts`)"
    );
}
