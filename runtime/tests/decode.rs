//! Decoding results into whole rows and into users' own structs: a table marker in a
//! selection reads the table's row struct, `Table.nullable()` reads the outer side of a LEFT
//! JOIN as an `Option`, and `#[derive(retort::FromRow)]` structs read consecutive columns,
//! checked against the selection's row type by `Select::into_rows`. Every test runs on
//! SQLite, PostgreSQL and MySQL; the `compile-fail/decode_*.rs` files (run by tests/compile_fail.rs) check what must not compile.

#[macro_use]
mod common;

#[retort_dual::dual]
mod cases {
    use crate::common::{new_post, new_user};
    use posts::Post;
    use retort::__doc_tables::{Posts, Users, posts, users};
    use retort::prelude::*;
    use retort::{Dialect, NullableRow, TableSelection, text};
    use users::User;

    /// Ada (1) with posts 1 "Rust" and 2 "Git"; Grace (2, no email) without posts; Linus (3)
    /// with post 3 "Linux".
    pub async fn seeded(db: &TestDb) -> Connection {
        let mut conn = db.blog().await;
        for (name, email) in [
            ("Ada", Some("ada@x")),
            ("Grace", None),
            ("Linus", Some("l@x")),
        ] {
            conn.insert(new_user(name, email)).await.unwrap();
        }
        for (user, title) in [(1, "Rust"), (1, "Git"), (3, "Linux")] {
            conn.insert(new_post(user, title)).await.unwrap();
        }
        conn
    }

    pub fn user(id: i64, name: &str, email: Option<&str>) -> User {
        User {
            id,
            name: name.into(),
            email: email.map(Into::into),
        }
    }

    pub fn post(id: i64, user_id: i64, title: &str) -> Post {
        Post {
            id,
            user_id,
            title: title.into(),
        }
    }

    pub async fn whole_row_alone(db: &TestDb) {
        let mut conn = seeded(db).await;
        let query = select(Users).from(Users).order_by(users::ID);
        assert_eq!(
            query.sql(Dialect::Postgres).unwrap(),
            r#"SELECT "users"."id", "users"."name", "users"."email" FROM "users" ORDER BY "users"."id" ASC"#
        );
        let rows: Vec<User> = conn.all(query).await.unwrap();
        assert_eq!(
            rows,
            [
                user(1, "Ada", Some("ada@x")),
                user(2, "Grace", None),
                user(3, "Linus", Some("l@x")),
            ]
        );
    }

    pub async fn whole_row_beside_a_column_in_an_inner_join(db: &TestDb) {
        let mut conn = seeded(db).await;
        let query = select((Users, posts::TITLE))
            .from(Users)
            .inner_join(users::rel::POSTS)
            .order_by(posts::ID);
        assert_eq!(
            query.sql(Dialect::Mysql).unwrap(),
            "SELECT `users`.`id`, `users`.`name`, `users`.`email`, `posts`.`title` FROM `users` \
             INNER JOIN `posts` ON `users`.`id` = `posts`.`user_id` ORDER BY `posts`.`id` ASC"
        );
        let rows: Vec<(User, String)> = conn.all(query).await.unwrap();
        assert_eq!(
            rows,
            [
                (user(1, "Ada", Some("ada@x")), "Rust".to_owned()),
                (user(1, "Ada", Some("ada@x")), "Git".to_owned()),
                (user(3, "Linus", Some("l@x")), "Linux".to_owned()),
            ]
        );
    }

    pub async fn two_whole_rows_after_and_before_columns(db: &TestDb) {
        let mut conn = seeded(db).await;
        let rows: Vec<(i64, Post, User, String)> = conn
            .all(
                select((posts::ID, Posts, Users, users::NAME))
                    .from(Users)
                    .inner_join(users::rel::POSTS)
                    .filter(users::ID.eq(3)),
            )
            .await
            .unwrap();
        assert_eq!(
            rows,
            [(
                3,
                post(3, 3, "Linux"),
                user(3, "Linus", Some("l@x")),
                "Linus".to_owned()
            )]
        );
    }

    pub async fn outer_side_of_a_left_join_as_option(db: &TestDb) {
        let mut conn = seeded(db).await;
        let query = select((Users, Posts.nullable()))
            .from(Users)
            .left_join(users::rel::POSTS)
            .order_by(users::ID)
            .order_by(posts::ID);
        assert_eq!(
            query.sql(Dialect::Sqlite).unwrap(),
            r#"SELECT "users"."id", "users"."name", "users"."email", "posts"."id", "posts"."user_id", "posts"."title" FROM "users" LEFT JOIN "posts" ON "users"."id" = "posts"."user_id" ORDER BY "users"."id" ASC, "posts"."id" ASC"#
        );
        let rows: Vec<(User, Option<Post>)> = conn.all(query).await.unwrap();
        assert_eq!(
            rows,
            [
                (user(1, "Ada", Some("ada@x")), Some(post(1, 1, "Rust"))),
                (user(1, "Ada", Some("ada@x")), Some(post(2, 1, "Git"))),
                (user(2, "Grace", None), None),
                (user(3, "Linus", Some("l@x")), Some(post(3, 3, "Linux"))),
            ]
        );
    }

    /// A present row with NULL in a column outside the key is `Some`: only the key decides.
    pub async fn present_row_with_null_columns_is_some(db: &TestDb) {
        let mut conn = seeded(db).await;
        conn.insert(new_post(2, "Notes")).await.unwrap();
        let rows: Vec<(String, Option<User>)> = conn
            .all(
                select((posts::TITLE, Users.nullable()))
                    .from(Posts)
                    .left_join(posts::rel::AUTHOR)
                    .filter(posts::ID.eq(4)),
            )
            .await
            .unwrap();
        assert_eq!(rows, [("Notes".to_owned(), Some(user(2, "Grace", None)))]);
    }

    /// A table without a primary key: its row is missing only when every column is NULL.
    mod notes {
        use retort::{ColumnDef, ColumnType, Relationship, RelationshipKind, Row, TableDef};

        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct Notes;

        pub const USER_ID: retort::Column<Notes, i64> = retort::Column::new("user_id");

        #[derive(Debug, Clone, PartialEq)]
        pub struct Note {
            pub user_id: i64,
            pub body: Option<String>,
        }

        impl retort::Table for Notes {
            type Row = Note;
            type PrimaryKey = ();
            const NAME: &'static str = "notes";
            const COLUMNS: &'static [&'static str] = &["user_id", "body"];
            const PRIMARY_KEY: &'static [&'static str] = &[];
            fn def() -> TableDef {
                TableDef::new("notes")
                    .column(ColumnDef::new("user_id", ColumnType::BigInt))
                    .column(ColumnDef::new("body", ColumnType::Text).nullable())
            }
        }

        impl retort::FromRow for Note {
            type Output = Self;
            fn width() -> usize {
                2
            }
            fn from_row(row: &Row<'_>, start: usize) -> retort::Result<Self> {
                Ok(Note {
                    user_id: row.get(start)?,
                    body: row.get(start + 1)?,
                })
            }
        }

        impl retort::TableRow for Note {
            type Table = Notes;
            fn column_value(&self, column: &str) -> Option<retort::sea_query::Value> {
                match column {
                    "user_id" => Some(retort::ColumnValue::into_value(self.user_id)),
                    "body" => Some(retort::ColumnValue::into_value(self.body.clone())),
                    _ => None,
                }
            }
        }

        pub const USER_NOTES: Relationship<super::Users, Notes, retort::ToMany> =
            Relationship::new("notes", RelationshipKind::OneToMany, &["id"], &["user_id"]);
    }

    pub async fn keyless_table_is_missing_only_when_every_column_is_null(db: &TestDb) {
        let mut conn = seeded(db).await;
        retort::MetaData::new()
            .table(<notes::Notes as Table>::def())
            .create_all(db.engine())
            .await
            .unwrap();
        // Ada's note has a NULL body: still a row.
        conn.execute(text("INSERT INTO notes (user_id, body) VALUES (1, NULL)"))
            .await
            .unwrap();
        let rows: Vec<(i64, Option<notes::Note>)> = conn
            .all(
                select((users::ID, notes::Notes.nullable()))
                    .from(Users)
                    .left_join(notes::USER_NOTES)
                    .order_by(users::ID),
            )
            .await
            .unwrap();
        assert_eq!(
            rows,
            [
                (
                    1,
                    Some(notes::Note {
                        user_id: 1,
                        body: None
                    })
                ),
                (2, None),
                (3, None),
            ]
        );
        let _ = notes::USER_ID;
    }

    /// A composite key decides as a whole: tag "sql" has no post, so its `post_tags` row (read
    /// through a RIGHT JOIN) is `None`.
    pub async fn composite_key_decides_whether_the_row_is_missing(db: &TestDb) {
        use blog_models::post_tags::{self, NewPostTag, PostTag, PostTags};
        use blog_models::{posts as blog_posts, tags, users as blog_users};

        blog_models::metadata()
            .create_all(db.engine())
            .await
            .unwrap();
        let mut conn = db.connection().await;
        let ada = conn
            .insert(blog_users::NewUser {
                name: "Ada".into(),
                email: None,
                created_at: None,
            })
            .await
            .unwrap();
        let post = conn
            .insert(blog_posts::NewPost {
                user_id: ada,
                reviewer_id: None,
                status: None,
                title: "Rust".into(),
                body: None,
            })
            .await
            .unwrap();
        for name in ["rust", "sql"] {
            conn.insert(tags::NewTag { name: name.into() })
                .await
                .unwrap();
        }
        conn.insert(NewPostTag {
            post_id: post,
            tag_id: 1,
        })
        .await
        .unwrap();
        let rows: Vec<(String, Option<PostTag>)> = conn
            .all(
                select((tags::NAME, PostTags.nullable()))
                    .from(PostTags)
                    .right_join(post_tags::rel::TAG)
                    .order_by(tags::ID),
            )
            .await
            .unwrap();
        assert_eq!(
            rows,
            [
                (
                    "rust".to_owned(),
                    Some(PostTag {
                        post_id: post,
                        tag_id: 1
                    })
                ),
                ("sql".to_owned(), None),
            ]
        );
    }

    #[derive(Debug, PartialEq, retort::FromRow)]
    struct UserName {
        id: i64,
        name: String,
    }

    /// One field: its `Fields` is the field's type, matching a one-expression selection.
    #[derive(Debug, PartialEq, retort::FromRow)]
    struct Title {
        title: String,
    }

    /// A row struct as a field, and the optional side of a LEFT JOIN through another decoder.
    #[derive(Debug, PartialEq, retort::FromRow)]
    struct AuthorAndPost {
        author: User,
        #[retort(with = NullableRow<Posts>)]
        post: Option<Post>,
    }

    /// A derived struct inside another one: read by width, however wide it is.
    #[derive(Debug, PartialEq, retort::FromRow)]
    struct Nested {
        who: UserName,
        email: Option<String>,
        count: i64,
    }

    pub async fn derived_struct_from_columns(db: &TestDb) {
        let mut conn = seeded(db).await;
        let query = select((users::ID, users::NAME))
            .from(Users)
            .order_by(users::ID)
            .into_rows::<UserName>();
        assert_eq!(
            query.sql(Dialect::Postgres).unwrap(),
            r#"SELECT "users"."id", "users"."name" FROM "users" ORDER BY "users"."id" ASC"#
        );
        let rows: Vec<UserName> = conn.all(&query).await.unwrap();
        assert_eq!(
            rows,
            [
                UserName {
                    id: 1,
                    name: "Ada".into()
                },
                UserName {
                    id: 2,
                    name: "Grace".into()
                },
                UserName {
                    id: 3,
                    name: "Linus".into()
                },
            ]
        );
        let one = conn
            .one(
                select(posts::TITLE)
                    .from(Posts)
                    .filter(posts::ID.eq(2))
                    .into_rows::<Title>(),
            )
            .await
            .unwrap();
        assert_eq!(one.title, "Git");
    }

    pub async fn derived_struct_with_whole_rows(db: &TestDb) {
        let mut conn = seeded(db).await;
        let rows = conn
            .all(
                select((Users, Posts.nullable()))
                    .from(Users)
                    .left_join(users::rel::POSTS)
                    .filter(users::ID.ne(1))
                    .order_by(users::ID)
                    .into_rows::<AuthorAndPost>(),
            )
            .await
            .unwrap();
        assert_eq!(
            rows,
            [
                AuthorAndPost {
                    author: user(2, "Grace", None),
                    post: None
                },
                AuthorAndPost {
                    author: user(3, "Linus", Some("l@x")),
                    post: Some(post(3, 3, "Linux"))
                },
            ]
        );
    }

    pub async fn derived_struct_nested_in_another(db: &TestDb) {
        let mut conn = seeded(db).await;
        assert_eq!(<Nested as retort::FromRow>::width(), 4);
        let rows: Vec<Nested> = conn
            .all(
                text(
                    "SELECT u.id, u.name, u.email, COUNT(p.id) FROM users u \
                     LEFT JOIN posts p ON p.user_id = u.id \
                     WHERE u.id <= :last GROUP BY u.id, u.name, u.email ORDER BY u.id",
                )
                .bind("last", 2_i64)
                .returns::<Nested>(),
            )
            .await
            .unwrap();
        assert_eq!(
            rows,
            [
                Nested {
                    who: UserName {
                        id: 1,
                        name: "Ada".into()
                    },
                    email: Some("ada@x".into()),
                    count: 2
                },
                Nested {
                    who: UserName {
                        id: 2,
                        name: "Grace".into()
                    },
                    email: None,
                    count: 0
                },
            ]
        );
    }

    /// A struct that needs more columns than the result has fails with a decode error, not a
    /// panic.
    pub async fn too_few_columns_is_a_decode_error(db: &TestDb) {
        let mut conn = seeded(db).await;
        let error = conn
            .all(text("SELECT id FROM users").returns::<UserName>())
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    }
}

database_tests!(
    dual cases async on [sqlite, postgres, mysql]:
    whole_row_alone,
    whole_row_beside_a_column_in_an_inner_join,
    two_whole_rows_after_and_before_columns,
    outer_side_of_a_left_join_as_option,
    present_row_with_null_columns_is_some,
    keyless_table_is_missing_only_when_every_column_is_null,
    composite_key_decides_whether_the_row_is_missing,
    derived_struct_from_columns,
    derived_struct_with_whole_rows,
    derived_struct_nested_in_another,
    too_few_columns_is_a_decode_error,
);
