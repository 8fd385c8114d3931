//! Common table expressions: `WITH name AS (…)`, read in FROM, in a join and in a subquery,
//! and `WITH RECURSIVE` (a counting sequence, a comment thread), on every database.

#[macro_use]
mod common;

#[retort_dual::dual]
mod cases {
    use blog_models::comments::{self, Comments, NewComment};
    use blog_models::posts::{self, NewPost, Posts};
    use blog_models::users::{self, NewUser, Users};
    use retort::functions::count_all;
    use retort::{Dialect, recursive_cte, select};

    /// Users 1 Ada, 2 Grace, 3 Linus; posts 1 "Rust" and 3 "Draft" by Ada, 2 "Git" by Linus;
    /// comments on post 1: 1 "first", 2 "reply" to 1, 3 "reply to reply" to 2, 5 "aside" to
    /// 1; on post 2: 4 "nice".
    pub async fn seeded(db: &TestDb) -> Connection {
        blog_models::metadata()
            .create_all(db.engine())
            .await
            .unwrap();
        let mut conn = db.connection().await;
        for name in ["Ada", "Grace", "Linus"] {
            conn.insert(NewUser {
                name: name.into(),
                email: None,
                created_at: None,
            })
            .await
            .unwrap();
        }
        for (user_id, title) in [(1, "Rust"), (3, "Git"), (1, "Draft")] {
            conn.insert(NewPost {
                user_id,
                reviewer_id: None,
                status: None,
                title: title.into(),
                body: None,
            })
            .await
            .unwrap();
        }
        for (post_id, parent_id, author_id, body) in [
            (1, None, 2, "first"),
            (1, Some(1), 1, "reply"),
            (1, Some(2), 3, "reply to reply"),
            (2, None, 1, "nice"),
            (1, Some(1), 3, "aside"),
        ] {
            conn.insert(NewComment {
                post_id,
                parent_id,
                author_id,
                body: body.into(),
            })
            .await
            .unwrap();
        }
        conn
    }

    pub async fn a_cte_read_in_from_and_in_a_join(db: &TestDb) {
        let mut conn = seeded(db).await;
        let counts = select((posts::USER_ID, count_all()))
            .from(Posts)
            .group_by(posts::USER_ID)
            .cte("post_counts");
        let query = select((users::NAME, counts.col::<1>()))
            .from(Users)
            .inner_join_on(&counts, counts.col::<0>().eq(users::ID))
            .order_by(users::ID);
        assert_eq!(
            query.sql(Dialect::Mysql).unwrap(),
            "WITH `post_counts` AS (SELECT `posts`.`user_id` AS `c0`, COUNT(*) AS `c1` FROM `posts` GROUP BY `posts`.`user_id`) SELECT `users`.`name`, `post_counts`.`c1` FROM `users` INNER JOIN `post_counts` ON `post_counts`.`c0` = `users`.`id` ORDER BY `users`.`id` ASC"
        );
        let rows: Vec<(String, i64)> = conn.all(&query).await.unwrap();
        assert_eq!(rows, [("Ada".into(), 2), ("Linus".into(), 1)]);

        // FROM the CTE and in a subquery; `with` adds nothing to a statement that has it.
        let busiest: Vec<i64> = conn
            .all(
                select(counts.col::<0>())
                    .from_item(&counts)
                    .filter(
                        counts
                            .col::<1>()
                            .eq(select(retort::functions::max(counts.col::<1>()))
                                .from_item(&counts)
                                .scalar_subquery()),
                    )
                    .with(&counts),
            )
            .await
            .unwrap();
        assert_eq!(busiest, [1]);

        // Read only in a subquery: the subquery has the WITH clause.
        let query = select(users::NAME)
            .from(Users)
            .filter(users::ID.in_subquery(select(counts.col::<0>()).from_item(&counts)))
            .order_by(users::NAME);
        let names: Vec<String> = conn.all(&query).await.unwrap();
        assert_eq!(names, ["Ada", "Linus"]);
    }

    /// WITH RECURSIVE: the numbers 1 to 10, starting from a user's id.
    pub async fn a_recursive_counting_sequence(db: &TestDb) {
        let mut conn = seeded(db).await;
        let numbers = recursive_cte(
            "numbers",
            select(users::ID).from(Users).filter(users::ID.eq(1)),
            |numbers| {
                select(numbers.col::<0>() + 1)
                    .from_item(numbers)
                    .filter(numbers.col::<0>().lt(10))
            },
        );
        let query = select(numbers.col::<0>())
            .from_item(&numbers)
            .order_by(numbers.col::<0>());
        assert_eq!(
            query.sql(Dialect::Postgres).unwrap(),
            r#"WITH RECURSIVE "numbers" AS (SELECT "users"."id" AS "c0" FROM "users" WHERE "users"."id" = $1 UNION ALL (SELECT "numbers"."c0" + $2 FROM "numbers" WHERE "numbers"."c0" < $3)) SELECT "numbers"."c0" FROM "numbers" ORDER BY "numbers"."c0" ASC"#
        );
        let rows: Vec<i64> = conn.all(&query).await.unwrap();
        assert_eq!(rows, (1..=10).collect::<Vec<_>>());
    }

    /// WITH RECURSIVE: a comment thread walked from its root through `comments.parent_id`.
    pub async fn a_recursive_comment_thread(db: &TestDb) {
        let mut conn = seeded(db).await;
        let thread = recursive_cte(
            "thread",
            select((comments::ID, comments::PARENT_ID, comments::BODY))
                .from(Comments)
                .filter(comments::ID.eq(2)),
            |thread| {
                select((comments::ID, comments::PARENT_ID, comments::BODY))
                    .from(Comments)
                    .inner_join_on(thread, comments::PARENT_ID.eq(thread.col::<0>()))
            },
        );
        let query = select(thread.all())
            .from_item(&thread)
            .order_by(thread.col::<0>());
        let rows: Vec<(i64, Option<i64>, String)> = conn.all(&query).await.unwrap();
        assert_eq!(
            rows,
            [
                (2, Some(1), "reply".into()),
                (3, Some(2), "reply to reply".into())
            ]
        );

        // The whole thread of comment 1, joined to the authors.
        let thread = recursive_cte(
            "thread",
            select((comments::ID, comments::AUTHOR_ID))
                .from(Comments)
                .filter(comments::PARENT_ID.is_null().and(comments::POST_ID.eq(1))),
            |thread| {
                select((comments::ID, comments::AUTHOR_ID))
                    .from(Comments)
                    .inner_join_on(thread, comments::PARENT_ID.eq(thread.col::<0>()))
            },
        );
        let query = select((thread.col::<0>(), users::NAME))
            .from_item(&thread)
            .inner_join_on(Users, users::ID.eq(thread.col::<1>()))
            .order_by(thread.col::<0>());
        let rows: Vec<(i64, String)> = conn.all(&query).await.unwrap();
        assert_eq!(
            rows,
            [
                (1, "Grace".into()),
                (2, "Ada".into()),
                (3, "Linus".into()),
                (5, "Linus".into())
            ]
        );
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    a_cte_read_in_from_and_in_a_join,
    a_recursive_counting_sequence,
    a_recursive_comment_thread,
);
