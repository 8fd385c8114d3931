//! Inserting, selecting, updating and deleting through the typed API; joins and
//! relationships; constraint violations as typed errors. Every test runs on SQLite,
//! PostgreSQL and MySQL (see `database_tests!` at the end).

#[macro_use]
mod common;

#[retort_dual::dual]
mod cases {
    use crate::common::{Backend, Raw, new_post, new_user};
    use retort::__doc_tables::{Posts, Users, posts, users};
    use retort::prelude::*;
    use retort::sea_query::{self, Alias};
    use retort::{Column, ConstraintKind, Dialect, and_, not_, or_, select};

    /// Ada (1, ada@x), Grace (2, no email), Linus (3, linus@x), Barbara (4, barbara@x),
    /// Ken (5, no email); Ada has posts 1 "Rust 1", 2 "Rust 2", Linus 3 "Git", Barbara 4 "CLU".
    pub async fn seeded(db: &TestDb) -> Connection {
        let mut conn = db.blog().await;
        for (name, email) in [
            ("Ada", Some("ada@x")),
            ("Grace", None),
            ("Linus", Some("linus@x")),
            ("Barbara", Some("barbara@x")),
            ("Ken", None),
        ] {
            conn.insert(new_user(name, email)).await.unwrap();
        }
        for (user, title) in [(1, "Rust 1"), (1, "Rust 2"), (3, "Git"), (4, "CLU")] {
            conn.insert(new_post(user, title)).await.unwrap();
        }
        conn
    }

    /// The ids of the users matching `predicate`, in id order.
    pub async fn ids_where(conn: &mut Connection, predicate: retort::Expr<bool>) -> Vec<i64> {
        conn.all(
            select(users::ID)
                .from(Users)
                .filter(predicate)
                .order_by(users::ID),
        )
        .await
        .unwrap()
    }

    /// The kind, table, columns and constraint name of a constraint error; panics on any other
    /// error.
    pub fn constraint_parts(
        error: &Error,
    ) -> (ConstraintKind, Option<&str>, Vec<&str>, Option<&str>) {
        match error {
            Error::Constraint {
                kind,
                table,
                columns,
                constraint,
                ..
            } => (
                *kind,
                table.as_deref(),
                columns.iter().map(String::as_str).collect(),
                constraint.as_deref(),
            ),
            other => panic!("expected Error::Constraint, got {other:?}"),
        }
    }

    /// Asserts what each database reports of a violation of `users.email`'s unique constraint:
    /// SQLite names the table and column; PostgreSQL the table, the constraint
    /// (`users_email_key`, its name for a column's UNIQUE) and the column (read from the
    /// message's detail); MySQL the key, which a column's UNIQUE names after the column (MySQL 8
    /// writes `users.email`, MariaDB `email`).
    pub async fn assert_email_unique_violation(db: &TestDb, error: &Error) {
        let (kind, table, columns, constraint) = constraint_parts(error);
        assert_eq!(kind, ConstraintKind::Unique, "{error:?}");
        match db.backend {
            Backend::Sqlite => {
                assert_eq!(table, Some("users"), "{error:?}");
                assert_eq!(columns, ["email"], "{error:?}");
            }
            Backend::Postgres => {
                assert_eq!(table, Some("users"), "{error:?}");
                assert_eq!(constraint, Some("users_email_key"), "{error:?}");
                assert_eq!(columns, ["email"], "{error:?}");
            }
            Backend::Mysql => {
                assert_eq!(constraint, Some("email"), "{error:?}");
                assert!(matches!(table, None | Some("users")), "{error:?}");
            }
        }
    }

    /// Asserts what each database reports of a violation of `posts.user_id`'s foreign key:
    /// SQLite only the kind (`FOREIGN KEY constraint failed`); PostgreSQL and MySQL the table,
    /// the constraint and its columns.
    pub async fn assert_post_author_foreign_key_violation(db: &TestDb, error: &Error) {
        let (kind, table, columns, constraint) = constraint_parts(error);
        assert_eq!(kind, ConstraintKind::ForeignKey, "{error:?}");
        match db.backend {
            Backend::Sqlite => {}
            Backend::Postgres | Backend::Mysql => {
                assert_eq!(table, Some("posts"), "{error:?}");
                assert_eq!(constraint, Some("fk_posts_user_id"), "{error:?}");
                assert_eq!(columns, ["user_id"], "{error:?}");
            }
        }
    }

    /// Asserts what each database reports of NULL given to the NOT NULL `table.column`: SQLite
    /// and PostgreSQL name the table and the column, MySQL the column.
    pub async fn assert_not_null_violation(
        db: &TestDb,
        error: &Error,
        table_name: &str,
        column: &str,
    ) {
        let (kind, table, columns, _) = constraint_parts(error);
        assert_eq!(kind, ConstraintKind::NotNull, "{error:?}");
        assert_eq!(columns, [column], "{error:?}");
        match db.backend {
            Backend::Sqlite | Backend::Postgres => assert_eq!(table, Some(table_name), "{error:?}"),
            Backend::Mysql => {}
        }
    }

    // ---------------------------------------------------------------------------------------
    // Insert

    pub async fn insert_returns_consecutive_generated_keys(db: &TestDb) {
        let mut conn = db.blog().await;
        let mut ids: Vec<i64> = Vec::new();
        for name in ["Ada", "Grace", "Linus"] {
            ids.push(conn.insert(new_user(name, None)).await.unwrap());
        }
        assert_eq!(ids, [1, 2, 3]);
        let post = conn.insert(new_post(2, "Hello")).await.unwrap();
        assert_eq!(post, 1);

        // The key returned is the key stored.
        let name: String = conn
            .one(select(users::NAME).from(Users).filter(users::ID.eq(ids[1])))
            .await
            .unwrap();
        assert_eq!(name, "Grace");
    }

    pub async fn insert_returning_gives_the_stored_row(db: &TestDb) {
        let mut conn = db.blog().await;
        conn.insert(new_user("Ada", None)).await.unwrap();
        let grace = conn
            .insert_returning(new_user("Grace", Some("grace@navy.mil")))
            .await
            .unwrap();
        assert_eq!(
            grace,
            users::User {
                id: 2,
                name: "Grace".into(),
                email: Some("grace@navy.mil".into()),
            }
        );
        let post = conn.insert_returning(new_post(2, "COBOL")).await.unwrap();
        assert_eq!(
            post,
            posts::Post {
                id: 1,
                user_id: 2,
                title: "COBOL".into(),
            }
        );
        let stored = conn
            .one(Users.select().filter(users::ID.eq(2)))
            .await
            .unwrap();
        assert_eq!(stored, grace);
    }

    // ---------------------------------------------------------------------------------------
    // Select and filters

    pub async fn comparison_filters(db: &TestDb) {
        let mut conn = seeded(db).await;
        assert_eq!(ids_where(&mut conn, users::ID.eq(3)).await, [3]);
        assert_eq!(ids_where(&mut conn, users::ID.ne(3)).await, [1, 2, 4, 5]);
        assert_eq!(ids_where(&mut conn, users::ID.lt(3)).await, [1, 2]);
        assert_eq!(ids_where(&mut conn, users::ID.le(3)).await, [1, 2, 3]);
        assert_eq!(ids_where(&mut conn, users::ID.gt(3)).await, [4, 5]);
        assert_eq!(ids_where(&mut conn, users::ID.ge(3)).await, [3, 4, 5]);
        assert_eq!(
            ids_where(&mut conn, users::ID.between(2, 4)).await,
            [2, 3, 4]
        );
        assert_eq!(ids_where(&mut conn, users::NAME.eq("Linus")).await, [3]);
        let name = String::from("Ken");
        assert_eq!(ids_where(&mut conn, users::NAME.eq(&name)).await, [5]);
        assert_eq!(ids_where(&mut conn, users::NAME.eq(name)).await, [5]);
        // Text compares as text.
        assert_eq!(ids_where(&mut conn, users::NAME.lt("C")).await, [1, 4]);
        // A nullable column compares with a plain value; NULL never equals anything.
        assert_eq!(ids_where(&mut conn, users::EMAIL.eq("ada@x")).await, [1]);
        assert_eq!(ids_where(&mut conn, users::EMAIL.ne("ada@x")).await, [3, 4]);
    }

    pub async fn like_filters(db: &TestDb) {
        let mut conn = seeded(db).await;
        assert_eq!(ids_where(&mut conn, users::NAME.like("%a")).await, [1, 4]);
        assert_eq!(ids_where(&mut conn, users::NAME.like("_e%")).await, [5]);
        assert_eq!(
            ids_where(&mut conn, users::NAME.not_like("%a%")).await,
            [3, 5]
        );
        // On a nullable text column too.
        assert_eq!(
            ids_where(&mut conn, users::EMAIL.like("%@x")).await,
            [1, 3, 4]
        );
        // The pattern is a bound parameter, not SQL.
        assert_eq!(
            ids_where(&mut conn, users::NAME.like("' OR 1=1 --")).await,
            Vec::<i64>::new()
        );
    }

    pub async fn in_list_filters(db: &TestDb) {
        let mut conn = seeded(db).await;
        assert_eq!(
            ids_where(&mut conn, users::ID.is_in([5, 1, 3])).await,
            [1, 3, 5]
        );
        assert_eq!(
            ids_where(&mut conn, users::NAME.is_in(["Ada", "Ken", "Nobody"])).await,
            [1, 5]
        );
        assert_eq!(
            ids_where(&mut conn, users::ID.is_in(Vec::<i64>::new())).await,
            Vec::<i64>::new()
        );
        assert_eq!(
            ids_where(&mut conn, users::ID.is_not_in([1, 2])).await,
            [3, 4, 5]
        );
        assert_eq!(
            ids_where(&mut conn, users::ID.is_not_in(Vec::<i64>::new())).await,
            [1, 2, 3, 4, 5]
        );
        // Empty lists combine like any other predicate.
        assert_eq!(
            ids_where(
                &mut conn,
                users::ID.is_in(Vec::<i64>::new()).or(users::ID.eq(2))
            )
            .await,
            [2]
        );
        assert_eq!(
            ids_where(&mut conn, !users::ID.is_in(Vec::<i64>::new())).await,
            [1, 2, 3, 4, 5]
        );
    }

    pub async fn null_filters(db: &TestDb) {
        let mut conn = seeded(db).await;
        assert_eq!(ids_where(&mut conn, users::EMAIL.is_null()).await, [2, 5]);
        assert_eq!(
            ids_where(&mut conn, users::EMAIL.is_not_null()).await,
            [1, 3, 4]
        );
        // A NOT NULL column is never NULL.
        assert_eq!(
            ids_where(&mut conn, users::NAME.is_null()).await,
            Vec::<i64>::new()
        );
    }

    pub async fn combined_filters(db: &TestDb) {
        let mut conn = seeded(db).await;
        assert_eq!(
            ids_where(
                &mut conn,
                and_([users::ID.gt(1), users::EMAIL.is_not_null(), users::ID.lt(5)])
            )
            .await,
            [3, 4]
        );
        assert_eq!(
            ids_where(&mut conn, or_([users::ID.eq(1), users::NAME.eq("Ken")])).await,
            [1, 5]
        );
        assert_eq!(
            ids_where(&mut conn, not_(users::EMAIL.is_null())).await,
            [1, 3, 4]
        );
        assert_eq!(
            ids_where(&mut conn, users::ID.ge(2).and(users::ID.le(3))).await,
            [2, 3]
        );
        assert_eq!(
            ids_where(&mut conn, users::ID.eq(2).or(users::ID.eq(4))).await,
            [2, 4]
        );
        assert_eq!(ids_where(&mut conn, !users::ID.between(2, 4)).await, [1, 5]);
        assert_eq!(
            ids_where(&mut conn, users::ID.eq(1).not()).await,
            [2, 3, 4, 5]
        );
        // Precedence: (id = 1 OR id = 2) AND email IS NULL is only Grace; without the
        // grouping it would be Ada too.
        assert_eq!(
            ids_where(
                &mut conn,
                users::ID
                    .eq(1)
                    .or(users::ID.eq(2))
                    .and(users::EMAIL.is_null())
            )
            .await,
            [2]
        );
        assert_eq!(
            ids_where(
                &mut conn,
                users::ID
                    .eq(1)
                    .or(users::ID.eq(2).and(users::EMAIL.is_null()))
            )
            .await,
            [1, 2]
        );
        // NOT of a disjunction negates the whole.
        assert_eq!(
            ids_where(&mut conn, !(users::ID.eq(1).or(users::ID.eq(2)))).await,
            [3, 4, 5]
        );
        // Empty and_ is true, empty or_ is false.
        assert_eq!(ids_where(&mut conn, and_([])).await, [1, 2, 3, 4, 5]);
        assert_eq!(ids_where(&mut conn, or_([])).await, Vec::<i64>::new());
        // Several filter calls are joined with AND.
        let ids: Vec<i64> = conn
            .all(
                select(users::ID)
                    .from(Users)
                    .filter(users::ID.gt(1))
                    .filter(users::EMAIL.is_null()),
            )
            .await
            .unwrap();
        assert_eq!(ids, [2, 5]);
    }

    pub async fn comparing_two_columns(db: &TestDb) {
        let mut conn = seeded(db).await;
        // Posts whose id equals their author's id: 1 (user 1), 3 (user 3), 4 (user 4).
        let ids: Vec<i64> = conn
            .all(
                select(posts::ID)
                    .from(Posts)
                    .filter(posts::ID.eq(posts::USER_ID))
                    .order_by(posts::ID),
            )
            .await
            .unwrap();
        assert_eq!(ids, [1, 3, 4]);
        // An expression on the right-hand side.
        let ids: Vec<i64> = conn
            .all(
                select(posts::ID)
                    .from(Posts)
                    .filter(posts::ID.gt(posts::USER_ID.expr()))
                    .order_by(posts::ID),
            )
            .await
            .unwrap();
        assert_eq!(ids, [2]);
    }

    pub async fn order_by_limit_and_offset(db: &TestDb) {
        let mut conn = db.blog().await;
        for (name, email) in [
            ("b", Some("1")),
            ("a", Some("2")),
            ("b", Some("3")),
            ("a", Some("4")),
            ("c", None),
        ] {
            conn.insert(new_user(name, email)).await.unwrap();
        }
        let ids = async |conn: &mut Connection, query: Select<i64, (Users, ())>| {
            conn.all(query).await.unwrap()
        };
        let base = || select(users::ID).from(Users);

        assert_eq!(
            ids(&mut conn, base().order_by(users::ID.desc())).await,
            [5, 4, 3, 2, 1]
        );
        assert_eq!(
            ids(&mut conn, base().order_by(users::ID.asc())).await,
            [1, 2, 3, 4, 5]
        );
        // Several keys: name ascending, then id descending.
        assert_eq!(
            ids(
                &mut conn,
                base().order_by(users::NAME).order_by(users::ID.desc())
            )
            .await,
            [4, 2, 3, 1, 5]
        );
        assert_eq!(
            ids(
                &mut conn,
                base()
                    .order_by(users::NAME.desc())
                    .order_by(users::EMAIL.asc())
            )
            .await,
            [5, 1, 3, 2, 4]
        );
        // An expression key.
        assert_eq!(
            ids(&mut conn, base().order_by(users::ID.expr())).await,
            [1, 2, 3, 4, 5]
        );
        assert_eq!(
            ids(&mut conn, base().order_by(users::ID).limit(2)).await,
            [1, 2]
        );
        assert_eq!(
            ids(&mut conn, base().order_by(users::ID).limit(2).offset(3)).await,
            [4, 5]
        );
        assert_eq!(
            ids(&mut conn, base().order_by(users::ID).limit(10).offset(4)).await,
            [5]
        );
        assert_eq!(
            ids(&mut conn, base().order_by(users::ID).limit(0)).await,
            Vec::<i64>::new()
        );
        assert_eq!(
            ids(&mut conn, base().order_by(users::ID).limit(3).offset(5)).await,
            Vec::<i64>::new()
        );
        // Distinct.
        let names: Vec<String> = conn
            .all(
                select(users::NAME)
                    .from(Users)
                    .distinct()
                    .order_by(users::NAME),
            )
            .await
            .unwrap();
        assert_eq!(names, ["a", "b", "c"]);
    }

    pub async fn decoding_into_row_structs_and_tuples(db: &TestDb) {
        let mut conn = seeded(db).await;
        let users: Vec<users::User> = conn
            .all(Users.select().filter(users::ID.le(2)).order_by(users::ID))
            .await
            .unwrap();
        assert_eq!(
            users,
            [
                users::User {
                    id: 1,
                    name: "Ada".into(),
                    email: Some("ada@x".into()),
                },
                users::User {
                    id: 2,
                    name: "Grace".into(),
                    email: None,
                },
            ]
        );

        let pairs: Vec<(i64, String)> = conn
            .all(
                select((users::ID, users::NAME))
                    .from(Users)
                    .filter(users::ID.le(2))
                    .order_by(users::ID),
            )
            .await
            .unwrap();
        assert_eq!(pairs, [(1, "Ada".to_owned()), (2, "Grace".to_owned())]);

        let triples: Vec<(String, Option<String>, i64)> = conn
            .all(
                select((users::NAME, users::EMAIL, users::ID))
                    .from(Users)
                    .filter(users::ID.ge(4))
                    .order_by(users::ID),
            )
            .await
            .unwrap();
        assert_eq!(
            triples,
            [
                ("Barbara".to_owned(), Some("barbara@x".to_owned()), 4),
                ("Ken".to_owned(), None, 5),
            ]
        );

        // A one-element tuple and a nested tuple.
        let single: Vec<(i64,)> = conn
            .all(select((users::ID,)).from(Users).filter(users::ID.eq(3)))
            .await
            .unwrap();
        assert_eq!(single, [(3,)]);
        let nested: Vec<((i64, String), Option<String>)> = conn
            .all(
                select(((users::ID, users::NAME), users::EMAIL))
                    .from(Users)
                    .filter(users::ID.eq(3)),
            )
            .await
            .unwrap();
        assert_eq!(
            nested,
            [((3, "Linus".to_owned()), Some("linus@x".to_owned()))]
        );

        // for_each sees the rows in order without collecting them.
        let mut seen = Vec::new();
        conn.for_each(
            select(users::NAME)
                .from(Users)
                .order_by(users::ID.desc())
                .limit(2),
            |name| {
                seen.push(name);
                Ok(())
            },
        )
        .await
        .unwrap();
        assert_eq!(seen, ["Ken", "Barbara"]);

        // An error returned from the callback stops the query and is returned as is.
        let mut calls = 0;
        let error = conn
            .for_each(select(users::ID).from(Users), |_| {
                calls += 1;
                Err(Error::NotFound)
            })
            .await
            .unwrap_err();
        assert!(matches!(error, Error::NotFound), "{error:?}");
        assert_eq!(calls, 1);
    }

    pub async fn one_and_optional(db: &TestDb) {
        let mut conn = seeded(db).await;
        let ada = conn
            .one(Users.select().filter(users::NAME.eq("Ada")))
            .await
            .unwrap();
        assert_eq!(ada.id, 1);

        let error = conn
            .one(Users.select().filter(users::NAME.eq("Nobody")))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::NotFound), "{error:?}");
        let error = conn
            .one(Users.select().filter(users::EMAIL.is_null()))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::TooManyRows), "{error:?}");

        assert_eq!(
            conn.optional(select(users::ID).from(Users).filter(users::NAME.eq("Ken")))
                .await
                .unwrap(),
            Some(5)
        );
        assert_eq!(
            conn.optional(
                select(users::ID)
                    .from(Users)
                    .filter(users::NAME.eq("Nobody"))
            )
            .await
            .unwrap(),
            None
        );
        let error = conn
            .optional(select(users::ID).from(Users))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::TooManyRows), "{error:?}");

        // A query can be run by reference, several times.
        let query = select(users::NAME).from(Users).filter(users::ID.eq(2));
        assert_eq!(conn.one(&query).await.unwrap(), "Grace");
        assert_eq!(conn.all(&query).await.unwrap(), ["Grace"]);
    }

    // ---------------------------------------------------------------------------------------
    // Update and delete

    pub async fn update_with_a_filter_returns_the_rows_affected(db: &TestDb) {
        let mut conn = seeded(db).await;
        let changed = conn
            .execute(
                Users
                    .update()
                    .set(users::EMAIL, Some("grace@x".to_owned()))
                    .filter(users::NAME.eq("Grace")),
            )
            .await
            .unwrap();
        assert_eq!(changed, 1);
        assert_eq!(ids_where(&mut conn, users::EMAIL.eq("grace@x")).await, [2]);

        // Several rows, set from another column of the same row (email is nullable text,
        // name is text: the same SQL type).
        let changed = conn
            .execute(
                Users
                    .update()
                    .set_expr(users::EMAIL, users::NAME)
                    .filter(users::ID.ge(4)),
            )
            .await
            .unwrap();
        assert_eq!(changed, 2);
        let emails: Vec<Option<String>> = conn
            .all(select(users::EMAIL).from(Users).order_by(users::ID))
            .await
            .unwrap();
        assert_eq!(
            emails,
            [
                Some("ada@x".to_owned()),
                Some("grace@x".to_owned()),
                Some("linus@x".to_owned()),
                Some("Barbara".to_owned()),
                Some("Ken".to_owned()),
            ]
        );

        let changed = conn
            .execute(
                Users
                    .update()
                    .set(users::NAME, "Ada Lovelace")
                    .set(users::EMAIL, None)
                    .filter(users::ID.eq(1)),
            )
            .await
            .unwrap();
        assert_eq!(changed, 1);
        assert_eq!(
            conn.one(Users.select().filter(users::ID.eq(1)))
                .await
                .unwrap(),
            users::User {
                id: 1,
                name: "Ada Lovelace".into(),
                email: None,
            }
        );
        // Other rows are untouched.
        assert_eq!(
            conn.one(select(users::NAME).from(Users).filter(users::ID.eq(3)))
                .await
                .unwrap(),
            "Linus"
        );

        // No row matches: nothing affected.
        let changed = conn
            .execute(
                Users
                    .update()
                    .set(users::NAME, "x")
                    .filter(users::ID.eq(99)),
            )
            .await
            .unwrap();
        assert_eq!(changed, 0);

        // user_id := id moves each post to the user with the post's id.
        let changed = conn
            .execute(
                Posts
                    .update()
                    .set_expr(posts::USER_ID, posts::ID)
                    .filter(posts::ID.le(3)),
            )
            .await
            .unwrap();
        assert_eq!(changed, 3);
        let pairs: Vec<(i64, i64)> = conn
            .all(
                select((posts::ID, posts::USER_ID))
                    .from(Posts)
                    .order_by(posts::ID),
            )
            .await
            .unwrap();
        assert_eq!(pairs, [(1, 1), (2, 2), (3, 3), (4, 4)]);

        // Without a filter every row is updated.
        let changed = conn
            .execute(Posts.update().set(posts::TITLE, "same"))
            .await
            .unwrap();
        assert_eq!(changed, 4);
    }

    pub async fn an_update_without_set_is_an_invalid_statement(db: &TestDb) {
        let mut conn = seeded(db).await;
        let error = conn
            .execute(Users.update().filter(users::ID.eq(1)))
            .await
            .unwrap_err();
        match &error {
            Error::InvalidStatement(message) => assert!(message.contains("`users`"), "{message}"),
            other => panic!("expected Error::InvalidStatement, got {other:?}"),
        }
        assert_eq!(count_rows(&mut conn, "users").await, 5);
    }

    pub async fn delete_with_a_filter_returns_the_rows_affected(db: &TestDb) {
        let mut conn = seeded(db).await;
        let deleted = conn
            .execute(Posts.delete().filter(posts::TITLE.like("Rust%")))
            .await
            .unwrap();
        assert_eq!(deleted, 2);
        let titles: Vec<String> = conn
            .all(select(posts::TITLE).from(Posts).order_by(posts::ID))
            .await
            .unwrap();
        assert_eq!(titles, ["Git", "CLU"]);

        let deleted = conn
            .execute(Users.delete().filter(users::ID.eq(99)))
            .await
            .unwrap();
        assert_eq!(deleted, 0);

        // Users without posts: Grace and Ken.
        let deleted = conn
            .execute(Users.delete().filter(users::ID.is_in([2, 5])))
            .await
            .unwrap();
        assert_eq!(deleted, 2);
        assert_eq!(ids_where(&mut conn, and_([])).await, [1, 3, 4]);

        // Without a filter every row goes.
        let deleted = conn.execute(Posts.delete()).await.unwrap();
        assert_eq!(deleted, 2);
        assert_eq!(count_rows(&mut conn, "posts").await, 0);
    }

    // ---------------------------------------------------------------------------------------
    // Relationships and joins

    pub async fn one_to_many_relationship_selects_that_users_posts_only(db: &TestDb) {
        let mut conn = seeded(db).await;
        let ada = conn
            .one(Users.select().filter(users::ID.eq(1)))
            .await
            .unwrap();
        let posts: Vec<posts::Post> = conn
            .all(users::rel::POSTS.of(&ada).order_by(posts::ID))
            .await
            .unwrap();
        assert_eq!(
            posts,
            [
                posts::Post {
                    id: 1,
                    user_id: 1,
                    title: "Rust 1".into(),
                },
                posts::Post {
                    id: 2,
                    user_id: 1,
                    title: "Rust 2".into(),
                },
            ]
        );

        // The result is an ordinary select: it can be filtered further.
        let filtered: Vec<posts::Post> = conn
            .all(users::rel::POSTS.of(&ada).filter(posts::TITLE.eq("Rust 2")))
            .await
            .unwrap();
        assert_eq!(filtered.len(), 1);
        assert_eq!(filtered[0].id, 2);

        // A user without posts has none.
        let grace = conn
            .one(Users.select().filter(users::ID.eq(2)))
            .await
            .unwrap();
        assert_eq!(conn.all(users::rel::POSTS.of(&grace)).await.unwrap(), []);
    }

    pub async fn many_to_one_relationship_selects_the_author(db: &TestDb) {
        let mut conn = seeded(db).await;
        let git = conn
            .one(Posts.select().filter(posts::TITLE.eq("Git")))
            .await
            .unwrap();
        let author = conn.one(posts::rel::AUTHOR.of(&git)).await.unwrap();
        assert_eq!(
            author,
            users::User {
                id: 3,
                name: "Linus".into(),
                email: Some("linus@x".into()),
            }
        );
        assert!(posts::rel::AUTHOR.is_to_one());
        assert!(!users::rel::POSTS.is_to_one());
    }

    pub async fn inner_join_through_a_relationship_with_a_filter_on_the_joined_table(db: &TestDb) {
        let mut conn = seeded(db).await;
        let rows: Vec<(String, String)> = conn
            .all(
                select((users::NAME, posts::TITLE))
                    .from(Users)
                    .inner_join(users::rel::POSTS)
                    .filter(posts::TITLE.like("Rust%"))
                    .order_by(posts::ID),
            )
            .await
            .unwrap();
        assert_eq!(
            rows,
            [
                ("Ada".to_owned(), "Rust 1".to_owned()),
                ("Ada".to_owned(), "Rust 2".to_owned()),
            ]
        );

        // An inner join leaves out users without posts.
        let names: Vec<String> = conn
            .all(
                select(users::NAME)
                    .from(Users)
                    .inner_join(users::rel::POSTS)
                    .distinct()
                    .order_by(users::NAME),
            )
            .await
            .unwrap();
        assert_eq!(names, ["Ada", "Barbara", "Linus"]);

        // The other direction: posts joined to their author, filtered on the author.
        let titles: Vec<String> = conn
            .all(
                select(posts::TITLE)
                    .from(Posts)
                    .inner_join(posts::rel::AUTHOR)
                    .filter(users::EMAIL.eq("barbara@x")),
            )
            .await
            .unwrap();
        assert_eq!(titles, ["CLU"]);

        // Whole rows of the first table, filtered on the joined one.
        let users: Vec<users::User> = conn
            .all(
                Users
                    .select()
                    .inner_join(users::rel::POSTS)
                    .filter(posts::TITLE.eq("Git")),
            )
            .await
            .unwrap();
        assert_eq!(users.len(), 1);
        assert_eq!(users[0].name, "Linus");
    }

    pub async fn left_join_through_a_relationship_keeps_rows_without_a_match(db: &TestDb) {
        let mut conn = seeded(db).await;
        // Users without posts: the joined columns are NULL.
        let names: Vec<String> = conn
            .all(
                select(users::NAME)
                    .from(Users)
                    .left_join(users::rel::POSTS)
                    .filter(posts::ID.is_null())
                    .order_by(users::ID),
            )
            .await
            .unwrap();
        assert_eq!(names, ["Grace", "Ken"]);

        // Every user appears, once per post or once without.
        let ids: Vec<i64> = conn
            .all(
                select(users::ID)
                    .from(Users)
                    .left_join(users::rel::POSTS)
                    .order_by(users::ID),
            )
            .await
            .unwrap();
        assert_eq!(ids, [1, 1, 2, 3, 4, 5]);

        // The joined column read as nullable, through an expression of `Option<String>`.
        let titles: Vec<(String, Option<String>)> = conn
            .all(
                select((users::NAME, posts::TITLE.nullable()))
                    .from(Users)
                    .left_join(users::rel::POSTS)
                    .filter(users::ID.ge(3))
                    .order_by(users::ID),
            )
            .await
            .unwrap();
        assert_eq!(
            titles,
            [
                ("Linus".to_owned(), Some("Git".to_owned())),
                ("Barbara".to_owned(), Some("CLU".to_owned())),
                ("Ken".to_owned(), None),
            ]
        );
    }

    // ---------------------------------------------------------------------------------------
    // Constraints

    pub async fn a_duplicate_email_is_a_unique_constraint_error(db: &TestDb) {
        let mut conn = seeded(db).await;
        let error = conn
            .insert(new_user("Ada 2", Some("ada@x")))
            .await
            .unwrap_err();
        assert_email_unique_violation(db, &error).await;
        assert!(error.to_string().contains("unique"), "{error}");
        // Two NULL emails are not duplicates.
        conn.insert(new_user("Nobody", None)).await.unwrap();

        // An update can violate it too.
        let error = conn
            .execute(
                Users
                    .update()
                    .set(users::EMAIL, Some("linus@x".to_owned()))
                    .filter(users::ID.eq(1)),
            )
            .await
            .unwrap_err();
        assert_email_unique_violation(db, &error).await;
        // Nothing changed.
        assert_eq!(ids_where(&mut conn, users::EMAIL.eq("linus@x")).await, [3]);
    }

    pub async fn a_duplicate_primary_key_is_a_unique_constraint_error(db: &TestDb) {
        let mut conn = seeded(db).await;
        // SQLite names the table and column; PostgreSQL the table, the constraint (`users_pkey`)
        // and the column; MySQL the key (`PRIMARY`; MySQL 8 writes `users.PRIMARY`).
        let assert_duplicate_id = |error: &Error| {
            let (kind, table, columns, constraint) = constraint_parts(error);
            assert_eq!(kind, ConstraintKind::Unique, "{error:?}");
            match db.backend {
                Backend::Sqlite => {
                    assert_eq!(table, Some("users"), "{error:?}");
                    assert_eq!(columns, ["id"], "{error:?}");
                }
                Backend::Postgres => {
                    assert_eq!(table, Some("users"), "{error:?}");
                    assert_eq!(constraint, Some("users_pkey"), "{error:?}");
                    assert_eq!(columns, ["id"], "{error:?}");
                }
                Backend::Mysql => {
                    assert_eq!(constraint, Some("PRIMARY"), "{error:?}");
                    assert!(matches!(table, None | Some("users")), "{error:?}");
                }
            }
        };

        // Grace (2) has no posts: taking Ken's id is only a duplicate key.
        let error = conn
            .execute(Users.update().set(users::ID, 5).filter(users::ID.eq(2)))
            .await
            .unwrap_err();
        assert_duplicate_id(&error);

        // Ada (1) has posts, which reference her id. SQLite and PostgreSQL check the foreign key
        // at the end of the statement, after the duplicate key has failed it; InnoDB checks the
        // rows referencing the old key first, so MySQL reports the foreign key of `posts`.
        let error = conn
            .execute(Users.update().set(users::ID, 2).filter(users::ID.eq(1)))
            .await
            .unwrap_err();
        match db.backend {
            Backend::Sqlite | Backend::Postgres => assert_duplicate_id(&error),
            Backend::Mysql => assert_post_author_foreign_key_violation(db, &error).await,
        }
        assert_eq!(ids_where(&mut conn, and_([])).await, [1, 2, 3, 4, 5]);
    }

    pub async fn a_post_of_a_missing_user_is_a_foreign_key_error(db: &TestDb) {
        let mut conn = seeded(db).await;
        let error = conn.insert(new_post(99, "orphan")).await.unwrap_err();
        assert_post_author_foreign_key_violation(db, &error).await;
        // Moving a post to a missing user too.
        let error = conn
            .execute(
                Posts
                    .update()
                    .set(posts::USER_ID, 99)
                    .filter(posts::ID.eq(1)),
            )
            .await
            .unwrap_err();
        assert_post_author_foreign_key_violation(db, &error).await;
        assert_eq!(count_rows(&mut conn, "posts").await, 4);
    }

    pub async fn null_in_a_not_null_column_is_a_not_null_constraint_error(db: &TestDb) {
        let mut conn = seeded(db).await;
        // An INSERT the typed API cannot build: NULL name.
        let mut insert = sea_query::Query::insert();
        insert
            .into_table(Alias::new("users"))
            .columns([Alias::new("name")])
            .values_panic([sea_query::Value::String(None).into()]);
        let error = conn.execute(Raw(insert)).await.unwrap_err();
        assert_not_null_violation(db, &error, "users", "name").await;

        // An UPDATE setting a NOT NULL column to NULL.
        let mut update = sea_query::Query::update();
        update
            .table(Alias::new("posts"))
            .value(Alias::new("title"), sea_query::Value::String(None));
        let error = conn.execute(Raw(update)).await.unwrap_err();
        assert_not_null_violation(db, &error, "posts", "title").await;
        assert_eq!(count_rows(&mut conn, "users").await, 5);
        let titles: Vec<String> = conn
            .all(select(posts::TITLE).from(Posts).order_by(posts::ID))
            .await
            .unwrap();
        assert_eq!(titles, ["Rust 1", "Rust 2", "Git", "CLU"]);
    }

    pub async fn deleting_a_user_cascades_to_their_posts(db: &TestDb) {
        let mut conn = seeded(db).await;
        let deleted = conn
            .execute(Users.delete().filter(users::ID.eq(1)))
            .await
            .unwrap();
        assert_eq!(deleted, 1);
        let remaining: Vec<(i64, i64)> = conn
            .all(
                select((posts::ID, posts::USER_ID))
                    .from(Posts)
                    .order_by(posts::ID),
            )
            .await
            .unwrap();
        assert_eq!(remaining, [(3, 3), (4, 4)]);
    }

    pub async fn foreign_keys_are_enforced_on_every_connection(db: &TestDb) {
        let _conn = seeded(db).await;
        // A connection opened later enforces them too (SQLite: the pragma is set on every
        // connection).
        let mut later = db.engine().connection().await.unwrap();
        let error = later.insert(new_post(42, "orphan")).await.unwrap_err();
        assert_post_author_foreign_key_violation(db, &error).await;
        later
            .execute(Users.delete().filter(users::ID.eq(3)))
            .await
            .unwrap();
        assert_eq!(count_rows(&mut later, "posts").await, 3);
    }

    // ---------------------------------------------------------------------------------------
    // Decoding errors

    /// `users.name` (text) declared as an integer column: what a stale generated module would do.
    const NAME_AS_INT: Column<Users, i64> = Column::new("name");

    pub async fn decoding_text_into_an_integer_is_a_decode_error_naming_the_column(db: &TestDb) {
        let mut conn = seeded(db).await;
        let error = conn
            .all(select((users::ID, NAME_AS_INT)).from(Users))
            .await
            .unwrap_err();
        match &error {
            Error::Decode { column, message } => {
                assert!(column.contains("name"), "{column}");
                assert!(column.starts_with('1'), "{column}");
                assert!(message.contains("i64"), "{message}");
                assert!(message.contains("text"), "{message}");
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
        assert!(error.to_string().contains("`name`"), "{error}");
    }

    pub async fn decoding_null_into_a_non_optional_type_is_a_decode_error(db: &TestDb) {
        let mut conn = seeded(db).await;
        // `users.email` is nullable; declared NOT NULL it cannot hold Grace's NULL.
        const EMAIL_NOT_NULL: Column<Users, String> = Column::new("email");
        let error = conn
            .all(select(EMAIL_NOT_NULL).from(Users).filter(users::ID.eq(2)))
            .await
            .unwrap_err();
        match &error {
            Error::Decode { column, message } => {
                assert!(column.contains("email"), "{column}");
                assert!(message.contains("NULL"), "{message}");
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
    }

    pub async fn the_sql_is_rendered_with_bound_parameters(db: &TestDb) {
        let query = select((users::ID, users::NAME))
            .from(Users)
            .filter(users::NAME.eq("Robert'); DROP TABLE users; --"));
        let expected = match db.dialect() {
            Dialect::Sqlite => {
                r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."name" = ?"#
            }
            Dialect::Postgres => {
                r#"SELECT "users"."id", "users"."name" FROM "users" WHERE "users"."name" = $1"#
            }
            Dialect::Mysql => {
                "SELECT `users`.`id`, `users`.`name` FROM `users` WHERE `users`.`name` = ?"
            }
        };
        assert_eq!(query.sql(db.dialect()).unwrap(), expected);
        let mut conn = seeded(db).await;
        assert_eq!(conn.all(&query).await.unwrap(), []);
        assert_eq!(count_rows(&mut conn, "users").await, 5);
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    insert_returns_consecutive_generated_keys,
    insert_returning_gives_the_stored_row,
    comparison_filters,
    like_filters,
    in_list_filters,
    null_filters,
    combined_filters,
    comparing_two_columns,
    order_by_limit_and_offset,
    decoding_into_row_structs_and_tuples,
    one_and_optional,
    update_with_a_filter_returns_the_rows_affected,
    an_update_without_set_is_an_invalid_statement,
    delete_with_a_filter_returns_the_rows_affected,
    one_to_many_relationship_selects_that_users_posts_only,
    many_to_one_relationship_selects_the_author,
    inner_join_through_a_relationship_with_a_filter_on_the_joined_table,
    left_join_through_a_relationship_keeps_rows_without_a_match,
    a_duplicate_email_is_a_unique_constraint_error,
    a_duplicate_primary_key_is_a_unique_constraint_error,
    a_post_of_a_missing_user_is_a_foreign_key_error,
    null_in_a_not_null_column_is_a_not_null_constraint_error,
    deleting_a_user_cascades_to_their_posts,
    foreign_keys_are_enforced_on_every_connection,
    decoding_text_into_an_integer_is_a_decode_error_naming_the_column,
    decoding_null_into_a_non_optional_type_is_a_decode_error,
    the_sql_is_rendered_with_bound_parameters,
);
