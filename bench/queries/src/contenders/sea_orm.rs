//! SeaORM as its tutorial teaches: entities as `sea-orm-cli generate entity` writes them,
//! `find_also_related` for the join, the loader (`load_many`) for the associations,
//! `insert_many` for the INSERT. SeaORM is async and pooled: a pool of one connection
//! (an in-memory SQLite database lives in its connection), without SQLx's statement
//! logging, driven by a current-thread tokio runtime as the SQLx contender is.

use sea_orm::entity::prelude::*;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, LoaderTrait, Set};
use tokio::runtime::Runtime;

use crate::rows::grouped_count;
use crate::{Contender, Inserter};

/// The entities of the benchmark tables.
pub mod entities {
    /// `users`.
    pub mod user {
        use sea_orm::entity::prelude::*;

        /// A row of `users`.
        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "users")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub name: String,
            pub hair_color: Option<String>,
        }

        /// `users`' relations.
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(has_many = "super::post::Entity")]
            Post,
        }

        impl Related<super::post::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::Post.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `posts`.
    pub mod post {
        use sea_orm::entity::prelude::*;

        /// A row of `posts`.
        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "posts")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub user_id: i32,
            #[sea_orm(unique)]
            pub title: String,
            #[sea_orm(column_type = "Text", nullable)]
            pub body: Option<String>,
        }

        /// `posts`' relations.
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "super::user::Entity",
                from = "Column::UserId",
                to = "super::user::Column::Id"
            )]
            User,
            #[sea_orm(has_many = "super::comment::Entity")]
            Comment,
        }

        impl Related<super::user::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::User.def()
            }
        }

        impl Related<super::comment::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::Comment.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// `comments`.
    pub mod comment {
        use sea_orm::entity::prelude::*;

        /// A row of `comments`.
        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "comments")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub post_id: i32,
            #[sea_orm(column_type = "Text")]
            pub text: String,
        }

        /// `comments`' relations.
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {
            #[sea_orm(
                belongs_to = "super::post::Entity",
                from = "Column::PostId",
                to = "super::post::Column::Id"
            )]
            Post,
        }

        impl Related<super::post::Entity> for Entity {
            fn to() -> RelationDef {
                Relation::Post.def()
            }
        }

        impl ActiveModelBehavior for ActiveModel {}
    }
}

use entities::{comment, post, user};

/// A SeaORM database (a pool of one connection) and the runtime that drives it.
pub struct SeaOrm {
    database: DatabaseConnection,
    runtime: Runtime,
}

impl SeaOrm {
    /// SeaORM on `url` (`sqlite::memory:` for SQLite).
    pub fn connect(url: &str) -> Result<Self, String> {
        let runtime = super::sqlx::runtime()?;
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(1)
            .min_connections(1)
            .sqlx_logging(false);
        let database = runtime
            .block_on(Database::connect(options))
            .map_err(|e| e.to_string())?;
        Ok(SeaOrm { database, runtime })
    }
}

impl Contender for SeaOrm {
    fn execute(&mut self, sql: &str) {
        self.runtime
            .block_on(self.database.execute_unprepared(sql))
            .unwrap();
    }

    fn trivial_query(&mut self) -> usize {
        let users = self
            .runtime
            .block_on(user::Entity::find().all(&self.database))
            .unwrap();
        std::hint::black_box(&users);
        users.len()
    }

    fn medium_complex_query(&mut self) -> usize {
        let pairs: Vec<(user::Model, Option<post::Model>)> = self
            .runtime
            .block_on(
                user::Entity::find()
                    .find_also_related(post::Entity)
                    .filter(user::Column::HairColor.eq("black"))
                    .all(&self.database),
            )
            .unwrap();
        std::hint::black_box(&pairs);
        pairs.len()
    }

    fn loading_associations_sequentially(&mut self) -> usize {
        let database = &self.database;
        let grouped = self.runtime.block_on(async {
            let users = user::Entity::find().all(database).await.unwrap();
            let posts = users.load_many(post::Entity, database).await.unwrap();
            let all_posts: Vec<post::Model> = posts.iter().flatten().cloned().collect();
            let comments = all_posts
                .load_many(comment::Entity, database)
                .await
                .unwrap();
            let mut comments = comments.into_iter();
            users
                .into_iter()
                .zip(posts)
                .map(|(user, posts)| {
                    let posts = posts
                        .into_iter()
                        .map(|post| (post, comments.next().unwrap_or_default()))
                        .collect();
                    (user, posts)
                })
                .collect::<Vec<(user::Model, Vec<(post::Model, Vec<comment::Model>)>)>>()
        });
        std::hint::black_box(&grouped);
        grouped_count(&grouped)
    }

    fn inserter(&mut self) -> Option<&mut dyn Inserter> {
        Some(self)
    }
}

impl Inserter for SeaOrm {
    fn insert(&mut self, n: usize) {
        let rows = (0..n).map(|i| user::ActiveModel {
            name: Set(crate::user_name(i)),
            hair_color: Set(None),
            ..Default::default()
        });
        self.runtime
            .block_on(user::Entity::insert_many(rows).exec_without_returning(&self.database))
            .unwrap();
    }
}
