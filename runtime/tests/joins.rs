//! Joins on a relationship and on an explicit condition (inner, left, right, full), and
//! table aliases for self-joins and for joining one table twice, on every database. FULL
//! JOIN is `Error::Unsupported` on MySQL, also inside a subquery.

#[macro_use]
mod common;

#[retort_dual::dual]
mod cases {
    use crate::common::Backend;
    use blog_models::comments::{self, Comment, Comments};
    use blog_models::posts::{self, NewPost, Posts};
    use blog_models::users::{self, NewUser, Users};
    use retort::prelude::*;
    use retort::{Dialect, Table, select};

    /// Users 1 Ada, 2 Grace, 3 Linus, 4 Ken; posts 1 "Rust" by Ada reviewed by Grace, 2 "Git"
    /// by Linus reviewed by Ada, 3 "Draft" by Ada without reviewer; comments on post 1:
    /// 1 "first" (Grace), 2 "reply" to 1 (Ada), 3 "reply to reply" to 2 (Linus); on post 2:
    /// 4 "nice" (Ada).
    pub async fn seeded(db: &TestDb) -> Connection {
        blog_models::metadata()
            .create_all(db.engine())
            .await
            .unwrap();
        let mut conn = db.connection().await;
        for name in ["Ada", "Grace", "Linus", "Ken"] {
            conn.insert(NewUser {
                name: name.into(),
                email: None,
                created_at: None,
            })
            .await
            .unwrap();
        }
        for (user_id, reviewer_id, title) in [
            (1, Some(2), "Rust"),
            (3, Some(1), "Git"),
            (1, None, "Draft"),
        ] {
            conn.insert(NewPost {
                user_id,
                reviewer_id,
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
        ] {
            conn.insert(comments::NewComment {
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

    fn assert_unsupported_full_join<T: std::fmt::Debug>(result: retort::Result<T>) {
        match result {
            Err(Error::Unsupported(message)) => {
                assert!(message.contains("FULL OUTER JOIN"), "{message}")
            }
            other => panic!("expected Error::Unsupported, got {other:?}"),
        }
    }

    pub async fn right_join_on_a_relationship(db: &TestDb) {
        let mut conn = seeded(db).await;
        let query = select((posts::TITLE.nullable(), users::NAME))
            .from(Posts)
            .right_join(posts::rel::AUTHOR)
            .order_by(users::ID)
            .order_by(posts::ID);
        assert_eq!(
            query.sql(Dialect::Postgres).unwrap(),
            r#"SELECT "posts"."title", "users"."name" FROM "posts" RIGHT JOIN "users" ON "posts"."user_id" = "users"."id" ORDER BY "users"."id" ASC, "posts"."id" ASC"#
        );
        let rows: Vec<(Option<String>, String)> = conn.all(&query).await.unwrap();
        assert_eq!(
            rows,
            [
                (Some("Rust".into()), "Ada".into()),
                (Some("Draft".into()), "Ada".into()),
                (None, "Grace".into()),
                (Some("Git".into()), "Linus".into()),
                (None, "Ken".into()),
            ]
        );
    }

    /// Posts and their reviewers, both sides kept: "Draft" has no reviewer, Linus and Ken
    /// reviewed nothing.
    pub async fn full_join_on_a_relationship(db: &TestDb) {
        let mut conn = seeded(db).await;
        let query = select((posts::TITLE.nullable(), users::NAME.nullable()))
            .from(Posts)
            .full_join(posts::rel::REVIEWER);
        if db.backend == Backend::Mysql {
            assert_unsupported_full_join(conn.all(&query).await);
            return;
        }
        assert_eq!(
            query.sql(Dialect::Sqlite).unwrap(),
            r#"SELECT "posts"."title", "users"."name" FROM "posts" FULL OUTER JOIN "users" ON "posts"."reviewer_id" = "users"."id""#
        );
        let mut rows: Vec<(Option<String>, Option<String>)> = conn.all(&query).await.unwrap();
        rows.sort();
        assert_eq!(
            rows,
            [
                (None, Some("Ken".into())),
                (None, Some("Linus".into())),
                (Some("Draft".into()), None),
                (Some("Git".into()), Some("Ada".into())),
                (Some("Rust".into()), Some("Grace".into())),
            ]
        );
    }

    /// A FULL JOIN nested in a subquery (and in a derived table) is refused on MySQL before
    /// anything is sent, and runs elsewhere.
    pub async fn full_join_in_a_subquery_is_refused_on_mysql(db: &TestDb) {
        let mut conn = seeded(db).await;
        let reviewed = select(users::ID)
            .from(Posts)
            .full_join(posts::rel::REVIEWER)
            .filter(posts::ID.nullable().is_not_null());
        let query = select(users::NAME)
            .from(Users)
            .filter(users::ID.in_subquery(reviewed))
            .order_by(users::NAME);
        assert_unsupported_full_join(query.sql(Dialect::Mysql));
        let on = select(posts::ID)
            .from(Posts)
            .full_join_on(Users, users::ID.eq(posts::REVIEWER_ID))
            .subquery("both");
        let derived = select(on.col::<0>()).from_item(&on);
        assert_unsupported_full_join(derived.sql(Dialect::Mysql));
        if db.backend == Backend::Mysql {
            assert_unsupported_full_join(conn.all(&query).await);
            assert_unsupported_full_join(conn.all(&derived).await);
            return;
        }
        let names: Vec<String> = conn.all(&query).await.unwrap();
        assert_eq!(names, ["Ada", "Grace"]);
    }

    pub async fn joins_on_an_explicit_condition(db: &TestDb) {
        let mut conn = seeded(db).await;
        let inner = select((users::NAME, posts::TITLE))
            .from(Users)
            .inner_join_on(Posts, posts::USER_ID.eq(users::ID))
            .order_by(posts::ID);
        assert_eq!(
            inner.sql(Dialect::Mysql).unwrap(),
            "SELECT `users`.`name`, `posts`.`title` FROM `users` INNER JOIN `posts` ON `posts`.`user_id` = `users`.`id` ORDER BY `posts`.`id` ASC"
        );
        let rows: Vec<(String, String)> = conn.all(&inner).await.unwrap();
        assert_eq!(
            rows,
            [
                ("Ada".into(), "Rust".into()),
                ("Linus".into(), "Git".into()),
                ("Ada".into(), "Draft".into()),
            ]
        );

        // Users with the number of posts they reviewed, on a condition with two terms.
        let left = select((users::NAME, posts::TITLE.nullable()))
            .from(Users)
            .left_join_on(
                Posts,
                posts::REVIEWER_ID
                    .eq(users::ID)
                    .and(posts::TITLE.ne("Draft")),
            )
            .order_by(users::ID);
        let rows: Vec<(String, Option<String>)> = conn.all(&left).await.unwrap();
        assert_eq!(
            rows,
            [
                ("Ada".into(), Some("Git".into())),
                ("Grace".into(), Some("Rust".into())),
                ("Linus".into(), None),
                ("Ken".into(), None),
            ]
        );

        let right = select((posts::TITLE.nullable(), users::NAME))
            .from(Posts)
            .right_join_on(Users, posts::REVIEWER_ID.eq(users::ID))
            .order_by(users::ID);
        let rows: Vec<(Option<String>, String)> = conn.all(&right).await.unwrap();
        assert_eq!(
            rows,
            [
                (Some("Git".into()), "Ada".into()),
                (Some("Rust".into()), "Grace".into()),
                (None, "Linus".into()),
                (None, "Ken".into()),
            ]
        );

        let full = select((posts::TITLE.nullable(), users::NAME.nullable()))
            .from(Posts)
            .full_join_on(Users, posts::REVIEWER_ID.eq(users::ID));
        if db.backend == Backend::Mysql {
            assert_unsupported_full_join(conn.all(&full).await);
        } else {
            assert_eq!(
                full.sql(Dialect::Postgres).unwrap(),
                r#"SELECT "posts"."title", "users"."name" FROM "posts" FULL OUTER JOIN "users" ON "posts"."reviewer_id" = "users"."id""#
            );
            let rows: Vec<(Option<String>, Option<String>)> = conn.all(&full).await.unwrap();
            assert_eq!(rows.len(), 5);
            assert!(rows.contains(&(Some("Draft".into()), None)));
            assert!(rows.contains(&(None, Some("Ken".into()))));
        }
    }

    /// Each comment with its parent's body: `comments` joined to itself under an alias, through
    /// the generated `parent` relationship.
    pub async fn self_join_through_a_relationship(db: &TestDb) {
        let mut conn = seeded(db).await;
        let parent = Comments.alias("parent");
        let query = select((comments::BODY, parent.nullable(comments::BODY)))
            .from(Comments)
            .left_join_as(comments::rel::PARENT, &parent)
            .order_by(comments::ID);
        assert_eq!(
            query.sql(Dialect::Sqlite).unwrap(),
            r#"SELECT "comments"."body", "parent"."body" FROM "comments" LEFT JOIN "comments" AS "parent" ON "comments"."parent_id" = "parent"."id" ORDER BY "comments"."id" ASC"#
        );
        let rows: Vec<(String, Option<String>)> = conn.all(&query).await.unwrap();
        assert_eq!(
            rows,
            [
                ("first".into(), None),
                ("reply".into(), Some("first".into())),
                ("reply to reply".into(), Some("reply".into())),
                ("nice".into(), None),
            ]
        );

        // FROM an alias, joined to another alias on a condition; a whole aliased row.
        let child = Comments.alias("child");
        let query = select((child.col(comments::BODY), parent.all()))
            .from_item(&child)
            .inner_join_on(
                &parent,
                parent.col(comments::ID).eq(child.col(comments::PARENT_ID)),
            )
            .filter(parent.col(comments::AUTHOR_ID).eq(1));
        assert_eq!(
            query.sql(Dialect::Postgres).unwrap(),
            r#"SELECT "child"."body", "parent"."id", "parent"."post_id", "parent"."parent_id", "parent"."author_id", "parent"."body" FROM "comments" AS "child" INNER JOIN "comments" AS "parent" ON "parent"."id" = "child"."parent_id" WHERE "parent"."author_id" = $1"#
        );
        let rows: Vec<(String, Comment)> = conn.all(&query).await.unwrap();
        assert_eq!(
            rows,
            [(
                "reply to reply".into(),
                Comment {
                    id: 2,
                    post_id: 1,
                    parent_id: Some(1),
                    author_id: 1,
                    body: "reply".into(),
                }
            )]
        );
    }

    /// Posts with their author and reviewer: `users` joined twice, under two aliases.
    pub async fn one_table_joined_twice(db: &TestDb) {
        let mut conn = seeded(db).await;
        let author = Users.alias("author");
        let reviewer = Users.alias("reviewer");
        let query = select((
            posts::TITLE,
            author.col(users::NAME),
            reviewer.nullable(users::NAME),
        ))
        .from(Posts)
        .inner_join_as(posts::rel::AUTHOR, &author)
        .left_join_as(posts::rel::REVIEWER, &reviewer)
        .order_by(posts::ID);
        assert_eq!(
            query.sql(Dialect::Mysql).unwrap(),
            "SELECT `posts`.`title`, `author`.`name`, `reviewer`.`name` FROM `posts` INNER JOIN `users` AS `author` ON `posts`.`user_id` = `author`.`id` LEFT JOIN `users` AS `reviewer` ON `posts`.`reviewer_id` = `reviewer`.`id` ORDER BY `posts`.`id` ASC"
        );
        let rows: Vec<(String, String, Option<String>)> = conn.all(&query).await.unwrap();
        assert_eq!(
            rows,
            [
                ("Rust".into(), "Ada".into(), Some("Grace".into())),
                ("Git".into(), "Linus".into(), Some("Ada".into())),
                ("Draft".into(), "Ada".into(), None),
            ]
        );

        // The same through right and full joins under aliases.
        let right = select((posts::TITLE.nullable(), reviewer.col(users::NAME)))
            .from(Posts)
            .right_join_as(posts::rel::REVIEWER, &reviewer)
            .order_by(reviewer.col(users::ID));
        let rows: Vec<(Option<String>, String)> = conn.all(&right).await.unwrap();
        assert_eq!(
            rows,
            [
                (Some("Git".into()), "Ada".into()),
                (Some("Rust".into()), "Grace".into()),
                (None, "Linus".into()),
                (None, "Ken".into()),
            ]
        );
        let full = select((posts::TITLE.nullable(), reviewer.nullable(users::NAME)))
            .from(Posts)
            .full_join_as(posts::rel::REVIEWER, &reviewer);
        if db.backend == Backend::Mysql {
            assert_unsupported_full_join(conn.all(&full).await);
        } else {
            let rows: Vec<(Option<String>, Option<String>)> = conn.all(&full).await.unwrap();
            assert_eq!(rows.len(), 5);
        }
    }

    /// An alias is an identifier, quoted by each dialect: a space or a quote in it is no
    /// injection.
    pub async fn alias_names_are_quoted(db: &TestDb) {
        let mut conn = seeded(db).await;
        let odd = Users.alias("the \"odd\" `one`");
        let query = select(odd.col(users::NAME))
            .from(Posts)
            .inner_join_on(&odd, odd.col(users::ID).eq(posts::REVIEWER_ID))
            .order_by(odd.col(users::NAME));
        assert_eq!(
            query.sql(Dialect::Postgres).unwrap(),
            r#"SELECT "the ""odd"" `one`"."name" FROM "posts" INNER JOIN "users" AS "the ""odd"" `one`" ON "the ""odd"" `one`"."id" = "posts"."reviewer_id" ORDER BY "the ""odd"" `one`"."name" ASC"#
        );
        assert_eq!(
            query.sql(Dialect::Mysql).unwrap(),
            "SELECT `the \"odd\" ``one```.`name` FROM `posts` INNER JOIN `users` AS `the \"odd\" ``one``` ON `the \"odd\" ``one```.`id` = `posts`.`reviewer_id` ORDER BY `the \"odd\" ``one```.`name` ASC"
        );
        let names: Vec<String> = conn.all(&query).await.unwrap();
        assert_eq!(names, ["Ada", "Grace"]);
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    right_join_on_a_relationship,
    full_join_on_a_relationship,
    full_join_in_a_subquery_is_refused_on_mysql,
    joins_on_an_explicit_condition,
    self_join_through_a_relationship,
    one_table_joined_twice,
    alias_names_are_quoted,
);
