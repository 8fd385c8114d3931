//! Subqueries as expressions — IN, NOT IN, EXISTS, NOT EXISTS, correlated subqueries and
//! scalar subqueries — and derived tables, on every database.

#[macro_use]
mod common;

#[retort_dual::dual]
mod cases {
    use crate::common::{new_post, new_user};
    use retort::__doc_tables::{Posts, Users, posts, users};
    use retort::functions::{count_all, max};
    use retort::{Dialect, Expr, Table, exists, not_exists, select};

    /// Ada (1), Grace (2), Linus (3), Barbara (4), Ken (5); posts 1 "Rust 1" and 2 "Rust 2" by
    /// Ada, 3 "Git" by Linus, 4 "CLU" by Barbara.
    pub async fn seeded(db: &TestDb) -> Connection {
        let mut conn = db.blog().await;
        for name in ["Ada", "Grace", "Linus", "Barbara", "Ken"] {
            conn.insert(new_user(name, None)).await.unwrap();
        }
        for (user, title) in [(1, "Rust 1"), (1, "Rust 2"), (3, "Git"), (4, "CLU")] {
            conn.insert(new_post(user, title)).await.unwrap();
        }
        conn
    }

    pub async fn ids(conn: &mut Connection, predicate: Expr<bool>) -> Vec<i64> {
        conn.all(
            select(users::ID)
                .from(Users)
                .filter(predicate)
                .order_by(users::ID),
        )
        .await
        .unwrap()
    }

    pub async fn in_and_not_in_a_subquery(db: &TestDb) {
        let mut conn = seeded(db).await;
        let authors = || select(posts::USER_ID).from(Posts);
        let predicate = users::ID.in_subquery(authors());
        assert_eq!(
            select(users::ID)
                .from(Users)
                .filter(predicate.clone())
                .sql(Dialect::Mysql)
                .unwrap(),
            "SELECT `users`.`id` FROM `users` WHERE `users`.`id` IN (SELECT `posts`.`user_id` FROM `posts`)"
        );
        assert_eq!(ids(&mut conn, predicate).await, [1, 3, 4]);
        assert_eq!(
            ids(&mut conn, users::ID.not_in_subquery(authors())).await,
            [2, 5]
        );
        // On an expression, with a filtered subquery.
        assert_eq!(
            ids(
                &mut conn,
                (users::ID + 0).in_subquery(authors().filter(posts::TITLE.like("Rust%")))
            )
            .await,
            [1]
        );
    }

    pub async fn exists_and_not_exists_correlated(db: &TestDb) {
        let mut conn = seeded(db).await;
        let posts_of_user = || {
            select(posts::ID)
                .from(Posts)
                .filter(posts::USER_ID.eq(users::ID))
        };
        let predicate = exists(posts_of_user());
        assert_eq!(
            select(users::ID)
                .from(Users)
                .filter(predicate.clone())
                .sql(Dialect::Postgres)
                .unwrap(),
            r#"SELECT "users"."id" FROM "users" WHERE EXISTS(SELECT "posts"."id" FROM "posts" WHERE "posts"."user_id" = "users"."id")"#
        );
        assert_eq!(ids(&mut conn, predicate).await, [1, 3, 4]);
        assert_eq!(ids(&mut conn, not_exists(posts_of_user())).await, [2, 5]);
        // Users with more than one post: a correlated subquery with its own filter.
        assert_eq!(
            ids(
                &mut conn,
                exists(posts_of_user().filter(posts::TITLE.eq("Rust 2")))
            )
            .await,
            [1]
        );
    }

    pub async fn scalar_subqueries(db: &TestDb) {
        let mut conn = seeded(db).await;
        // In the select list, correlated: each user's post count and first title, None for a
        // user without posts (an empty scalar subquery is NULL).
        let post_count = select(count_all())
            .from(Posts)
            .filter(posts::USER_ID.eq(users::ID))
            .scalar_subquery();
        let first_title = select(posts::TITLE)
            .from(Posts)
            .filter(posts::USER_ID.eq(users::ID))
            .order_by(posts::ID)
            .limit(1)
            .scalar_subquery();
        let query = select((users::NAME, post_count, first_title))
            .from(Users)
            .order_by(users::ID);
        assert_eq!(
            query.sql(Dialect::Sqlite).unwrap(),
            r#"SELECT "users"."name", (SELECT COUNT(*) FROM "posts" WHERE "posts"."user_id" = "users"."id"), (SELECT "posts"."title" FROM "posts" WHERE "posts"."user_id" = "users"."id" ORDER BY "posts"."id" ASC LIMIT ?) FROM "users" ORDER BY "users"."id" ASC"#
        );
        let rows: Vec<(String, Option<i64>, Option<String>)> = conn.all(&query).await.unwrap();
        assert_eq!(
            rows,
            [
                ("Ada".into(), Some(2), Some("Rust 1".into())),
                ("Grace".into(), Some(0), None),
                ("Linus".into(), Some(1), Some("Git".into())),
                ("Barbara".into(), Some(1), Some("CLU".into())),
                ("Ken".into(), Some(0), None),
            ]
        );

        // In a filter: the user with the highest author id among posts.
        let last_author = select(max(posts::USER_ID)).from(Posts).scalar_subquery();
        assert_eq!(ids(&mut conn, users::ID.eq(last_author)).await, [4]);

        // An empty scalar subquery alone reads as None.
        let none: Option<String> = conn
            .one(select(
                select(posts::TITLE)
                    .from(Posts)
                    .filter(posts::ID.eq(99))
                    .scalar_subquery(),
            ))
            .await
            .unwrap();
        assert_eq!(none, None);
    }

    /// A derived table: the post count per user, joined to users and filtered on its typed
    /// columns.
    pub async fn derived_tables(db: &TestDb) {
        let mut conn = seeded(db).await;
        let counts = select((posts::USER_ID, count_all()))
            .from(Posts)
            .group_by(posts::USER_ID)
            .subquery("counts");
        let query = select((users::NAME, counts.col::<1>()))
            .from(Users)
            .inner_join_on(&counts, counts.col::<0>().eq(users::ID))
            .filter(counts.col::<1>().ge(1))
            .order_by(counts.col::<1>().desc())
            .order_by(users::NAME);
        let rows: Vec<(String, i64)> = conn.all(&query).await.unwrap();
        assert_eq!(
            rows,
            [
                ("Ada".into(), 2),
                ("Barbara".into(), 1),
                ("Linus".into(), 1)
            ]
        );

        // FROM a derived table of whole rows, read by the table's column handles and as rows.
        let recent = Posts
            .select()
            .order_by(posts::ID.desc())
            .limit(2)
            .subquery("recent");
        let query = select(recent.column(posts::TITLE))
            .from_item(&recent)
            .order_by(recent.column(posts::ID));
        assert_eq!(
            query.sql(Dialect::Postgres).unwrap(),
            r#"SELECT "recent"."c2" FROM (SELECT "posts"."id" AS "c0", "posts"."user_id" AS "c1", "posts"."title" AS "c2" FROM "posts" ORDER BY "posts"."id" DESC LIMIT $1) AS "recent" ORDER BY "recent"."c0" ASC"#
        );
        let titles: Vec<String> = conn.all(&query).await.unwrap();
        assert_eq!(titles, ["Git", "CLU"]);
        let rows: Vec<posts::Post> = conn
            .all(
                select(recent.all())
                    .from_item(&recent)
                    .order_by(recent.column(posts::ID)),
            )
            .await
            .unwrap();
        assert_eq!(
            rows.iter().map(|p| p.id).collect::<Vec<_>>(),
            [3, 4],
            "{rows:?}"
        );
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    in_and_not_in_a_subquery,
    exists_and_not_exists_correlated,
    scalar_subqueries,
    derived_tables,
);
