//! diesel-async as its README teaches: the Diesel contender's schema and row structs, its
//! queries run through `diesel_async::RunQueryDsl`, each call run to completion on a
//! current-thread tokio runtime. PostgreSQL and MySQL have native async connections; SQLite
//! goes through diesel-async's `SyncConnectionWrapper` (the blocking connection on a
//! blocking thread).

use diesel::sqlite::SqliteConnection;
use diesel::{BelongingToDsl, ExpressionMethods, GroupedBy, QueryDsl, SelectableHelper};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{
    AsyncConnection, AsyncMysqlConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection,
};
use tokio::runtime::Runtime;

use super::diesel::schema::{posts, users};
use super::diesel::{Comment, NewUser, Post, User};
use crate::rows::grouped_count;
use crate::{Contender, Inserter};

/// A diesel-async connection of type `C`, and the runtime that drives it.
pub struct DieselAsync<C> {
    connection: C,
    runtime: Runtime,
}

/// diesel-async on an in-memory SQLite database.
pub fn sqlite() -> Result<DieselAsync<SyncConnectionWrapper<SqliteConnection>>, String> {
    connect(":memory:")
}

/// diesel-async on the PostgreSQL server at `url`.
pub fn postgres(url: &str) -> Result<DieselAsync<AsyncPgConnection>, String> {
    connect(url)
}

/// diesel-async on the MySQL server at `url`.
pub fn mysql(url: &str) -> Result<DieselAsync<AsyncMysqlConnection>, String> {
    connect(url)
}

fn connect<C: AsyncConnection>(url: &str) -> Result<DieselAsync<C>, String> {
    let runtime = super::sqlx::runtime()?;
    let connection = runtime
        .block_on(C::establish(url))
        .map_err(|e| e.to_string())?;
    Ok(DieselAsync {
        connection,
        runtime,
    })
}

/// The same code for each connection type (Diesel's query types are checked per backend).
/// `with inserts` adds the multi-row INSERT, which diesel-async's SQLite wrapper cannot run
/// (Diesel runs SQLite batch inserts one row at a time on its own connection only).
macro_rules! diesel_async_contender {
    ($connection:ty, with inserts) => {
        diesel_async_contender!(@reads $connection, Some);

        impl Inserter for DieselAsync<$connection> {
            fn insert(&mut self, n: usize) {
                let names: Vec<String> = (0..n).map(crate::user_name).collect();
                let rows: Vec<NewUser<'_>> = names
                    .iter()
                    .map(|name| NewUser {
                        name,
                        hair_color: None,
                    })
                    .collect();
                self.runtime
                    .block_on(
                        diesel::insert_into(users::table)
                            .values(&rows)
                            .execute(&mut self.connection),
                    )
                    .unwrap();
            }
        }
    };
    ($connection:ty, reads only) => {
        diesel_async_contender!(@reads $connection, None);
    };
    (@reads $connection:ty, $inserts:ident) => {
        impl Contender for DieselAsync<$connection> {
            fn execute(&mut self, sql: &str) {
                self.runtime
                    .block_on(self.connection.batch_execute(sql))
                    .unwrap();
            }

            fn trivial_query(&mut self) -> usize {
                let users = self
                    .runtime
                    .block_on(
                        users::table
                            .select(User::as_select())
                            .load(&mut self.connection),
                    )
                    .unwrap();
                std::hint::black_box(&users);
                users.len()
            }

            fn medium_complex_query(&mut self) -> usize {
                let pairs: Vec<(User, Option<Post>)> = self
                    .runtime
                    .block_on(
                        users::table
                            .left_join(posts::table)
                            .filter(users::hair_color.eq("black"))
                            .select((User::as_select(), Option::<Post>::as_select()))
                            .load(&mut self.connection),
                    )
                    .unwrap();
                std::hint::black_box(&pairs);
                pairs.len()
            }

            fn loading_associations_sequentially(&mut self) -> usize {
                let connection = &mut self.connection;
                let (users, posts, comments) = self.runtime.block_on(async {
                    let users = users::table
                        .select(User::as_select())
                        .load(connection)
                        .await
                        .unwrap();
                    let posts = Post::belonging_to(&users)
                        .select(Post::as_select())
                        .load(connection)
                        .await
                        .unwrap();
                    let comments = Comment::belonging_to(&posts)
                        .select(Comment::as_select())
                        .load(connection)
                        .await
                        .unwrap();
                    (users, posts, comments)
                });
                let comments_of_posts = comments.grouped_by(&posts);
                let posts_with_comments: Vec<Vec<(Post, Vec<Comment>)>> =
                    posts.into_iter().zip(comments_of_posts).grouped_by(&users);
                let grouped: Vec<(User, Vec<(Post, Vec<Comment>)>)> =
                    users.into_iter().zip(posts_with_comments).collect();
                std::hint::black_box(&grouped);
                grouped_count(&grouped)
            }

            fn inserter(&mut self) -> Option<&mut dyn Inserter> {
                diesel_async_contender!(@inserter self, $inserts)
            }
        }
    };
    (@inserter $self:ident, Some) => {
        Some($self)
    };
    (@inserter $self:ident, None) => {
        None
    };
}

diesel_async_contender!(SyncConnectionWrapper<SqliteConnection>, reads only);
diesel_async_contender!(AsyncPgConnection, with inserts);
diesel_async_contender!(AsyncMysqlConnection, with inserts);
