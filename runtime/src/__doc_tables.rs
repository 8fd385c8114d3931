//! A small hand-written model in the exact shape `retort-codegen` generates, for the
//! runtime's own examples and tests. Not part of the public API.

/// The tables.
pub fn metadata() -> crate::MetaData {
    crate::MetaData::new()
        .table(<users::Users as crate::Table>::def())
        .table(<posts::Posts as crate::Table>::def())
}

pub use posts::Posts;
pub use users::Users;

/// `users`
pub mod users {
    /// The `users` table.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
    pub struct Users;

    /// The `users` table.
    pub fn table() -> Users {
        Users
    }

    /// `users.id`
    pub const ID: crate::Column<Users, i64> = crate::Column::new("id");
    /// `users.name`
    pub const NAME: crate::Column<Users, String> = crate::Column::new("name");
    /// `users.email`
    pub const EMAIL: crate::Column<Users, Option<String>> = crate::Column::new("email");

    /// A row of `users`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct User {
        /// `id`
        pub id: i64,
        /// `name`
        pub name: String,
        /// `email`
        pub email: Option<String>,
    }

    /// A new row of `users`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct NewUser {
        /// `name`
        pub name: String,
        /// `email`
        pub email: Option<String>,
    }

    impl crate::Table for Users {
        type Row = User;
        type PrimaryKey = i64;
        const NAME: &'static str = "users";
        const COLUMNS: &'static [&'static str] = &["id", "name", "email"];
        const PRIMARY_KEY: &'static [&'static str] = &["id"];

        fn def() -> crate::TableDef {
            crate::TableDef::new("users")
                .column(crate::ColumnDef::new("id", crate::ColumnType::BigInt).autoincrement())
                .column(crate::ColumnDef::new(
                    "name",
                    crate::ColumnType::Varchar(Some(100)),
                ))
                .column(
                    crate::ColumnDef::new("email", crate::ColumnType::Text)
                        .nullable()
                        .unique(),
                )
                .primary_key(["id"])
        }
    }

    impl crate::FromRow for User {
        type Output = Self;
        fn width() -> usize {
            3
        }
        fn from_row(row: &crate::Row<'_>, start: usize) -> crate::Result<Self> {
            Ok(User {
                id: row.get(start)?,
                name: row.get(start + 1)?,
                email: row.get(start + 2)?,
            })
        }
    }

    impl crate::TableRow for User {
        type Table = Users;
        fn column_value(&self, column: &str) -> Option<crate::sea_query::Value> {
            match column {
                "id" => Some(crate::ColumnValue::into_value(self.id)),
                "name" => Some(crate::ColumnValue::into_value(self.name.clone())),
                "email" => Some(crate::ColumnValue::into_value(self.email.clone())),
                _ => None,
            }
        }
    }

    impl crate::Insertable for NewUser {
        type Table = Users;
        fn into_values(self) -> Vec<(&'static str, crate::sea_query::Value)> {
            vec![
                ("name", crate::ColumnValue::into_value(self.name)),
                ("email", crate::ColumnValue::into_value(self.email)),
            ]
        }
    }

    /// Relationships of `users`.
    pub mod rel {
        /// One-to-many: `posts.user_id` → `users.id`.
        pub const POSTS: crate::Relationship<
            super::Users,
            super::super::posts::Posts,
            crate::ToMany,
        > = crate::Relationship::new(
            "posts",
            crate::RelationshipKind::OneToMany,
            &["id"],
            &["user_id"],
        );
    }
}

/// `posts`
pub mod posts {
    /// The `posts` table.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
    pub struct Posts;

    /// `posts.id`
    pub const ID: crate::Column<Posts, i64> = crate::Column::new("id");
    /// `posts.user_id`
    pub const USER_ID: crate::Column<Posts, i64> = crate::Column::new("user_id");
    /// `posts.title`
    pub const TITLE: crate::Column<Posts, String> = crate::Column::new("title");

    /// A row of `posts`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Post {
        /// `id`
        pub id: i64,
        /// `user_id`
        pub user_id: i64,
        /// `title`
        pub title: String,
    }

    /// A new row of `posts`.
    #[derive(Debug, Clone, PartialEq)]
    pub struct NewPost {
        /// `user_id`
        pub user_id: i64,
        /// `title`
        pub title: String,
    }

    impl crate::Table for Posts {
        type Row = Post;
        type PrimaryKey = i64;
        const NAME: &'static str = "posts";
        const COLUMNS: &'static [&'static str] = &["id", "user_id", "title"];
        const PRIMARY_KEY: &'static [&'static str] = &["id"];

        fn def() -> crate::TableDef {
            crate::TableDef::new("posts")
                .column(crate::ColumnDef::new("id", crate::ColumnType::BigInt).autoincrement())
                .column(crate::ColumnDef::new("user_id", crate::ColumnType::BigInt))
                .column(crate::ColumnDef::new("title", crate::ColumnType::Text))
                .primary_key(["id"])
                .foreign_key(
                    crate::ForeignKeyDef::new(["user_id"], "users", ["id"])
                        .on_delete(crate::FkAction::Cascade),
                )
        }
    }

    impl crate::FromRow for Post {
        type Output = Self;
        fn width() -> usize {
            3
        }
        fn from_row(row: &crate::Row<'_>, start: usize) -> crate::Result<Self> {
            Ok(Post {
                id: row.get(start)?,
                user_id: row.get(start + 1)?,
                title: row.get(start + 2)?,
            })
        }
    }

    impl crate::TableRow for Post {
        type Table = Posts;
        fn column_value(&self, column: &str) -> Option<crate::sea_query::Value> {
            match column {
                "id" => Some(crate::ColumnValue::into_value(self.id)),
                "user_id" => Some(crate::ColumnValue::into_value(self.user_id)),
                "title" => Some(crate::ColumnValue::into_value(self.title.clone())),
                _ => None,
            }
        }
    }

    impl crate::Insertable for NewPost {
        type Table = Posts;
        fn into_values(self) -> Vec<(&'static str, crate::sea_query::Value)> {
            vec![
                ("user_id", crate::ColumnValue::into_value(self.user_id)),
                ("title", crate::ColumnValue::into_value(self.title)),
            ]
        }
    }

    /// Relationships of `posts`.
    pub mod rel {
        /// Many-to-one: `posts.user_id` → `users.id`.
        pub const AUTHOR: crate::Relationship<
            super::Posts,
            super::super::users::Users,
            crate::ToOne,
        > = crate::Relationship::new(
            "author",
            crate::RelationshipKind::ManyToOne,
            &["user_id"],
            &["id"],
        );
    }
}
