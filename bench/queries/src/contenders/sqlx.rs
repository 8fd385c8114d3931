//! SQLx as its README teaches: `query_as` into `FromRow` structs, rows of a join read by
//! index, `QueryBuilder::push_values` for the multi-row INSERT. SQLx is async: each call
//! runs to completion on a current-thread tokio runtime, the cheapest way to drive it from
//! a synchronous benchmark. SQLx caches every statement it prepares, per connection.

use sqlx::mysql::MySqlConnection;
use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnection;
use sqlx::{AssertSqlSafe, Connection, Executor, QueryBuilder, Row};
use tokio::runtime::Runtime;

use crate::rows::{Comment, Post, User, group, grouped_count};
use crate::{Contender, Inserter};

/// One SQLx connection of type `C`, and the runtime that drives it.
pub struct Sqlx<C> {
    connection: C,
    runtime: Runtime,
}

/// A current-thread runtime, as `#[tokio::main(flavor = "current_thread")]` builds.
pub(crate) fn runtime() -> Result<Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}

/// SQLx on an in-memory SQLite database.
pub fn sqlite() -> Result<Sqlx<SqliteConnection>, String> {
    connect("sqlite::memory:")
}

/// SQLx on the PostgreSQL server at `url`.
pub fn postgres(url: &str) -> Result<Sqlx<PgConnection>, String> {
    connect(url)
}

/// SQLx on the MySQL server at `url`.
pub fn mysql(url: &str) -> Result<Sqlx<MySqlConnection>, String> {
    connect(url)
}

fn connect<C: Connection>(url: &str) -> Result<Sqlx<C>, String> {
    let runtime = runtime()?;
    let connection = runtime
        .block_on(C::connect(url))
        .map_err(|e| e.to_string())?;
    Ok(Sqlx {
        connection,
        runtime,
    })
}

/// `?, ?, ?` or `$1, $2, $3`.
fn placeholders(n: usize, numbered: bool) -> String {
    (1..=n)
        .map(|i| {
            if numbered {
                format!("${i}")
            } else {
                "?".to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A statement whose rows are every `columns` of `table` whose `key` is one of `keys`:
/// `IN (?, …)` on SQLite and MySQL, one array (`= ANY($1)`) on PostgreSQL.
macro_rules! keyed {
    (in_list, $sql:expr, $keys:expr) => {{
        let keys: &[i32] = $keys;
        let sql = format!("{} IN ({})", $sql, placeholders(keys.len(), false));
        let mut query = sqlx::query_as(AssertSqlSafe(sql));
        for key in keys {
            query = query.bind(*key);
        }
        query
    }};
    (any_array, $sql:expr, $keys:expr) => {{
        let keys: &[i32] = $keys;
        sqlx::query_as(AssertSqlSafe(format!("{} = ANY($1)", $sql))).bind(keys)
    }};
}

/// The contender on one of SQLx's connection types; `$keyed` picks how a key list binds,
/// `$placeholder` is the first placeholder's spelling.
macro_rules! sqlx_contender {
    ($connection:ty, $keyed:ident, $placeholder:literal) => {
        impl Sqlx<$connection> {
            async fn users(connection: &mut $connection) -> Vec<User> {
                sqlx::query_as::<_, UserRow>("SELECT id, name, hair_color FROM users")
                    .fetch_all(connection)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(User::from)
                    .collect()
            }
        }

        impl Contender for Sqlx<$connection> {
            fn execute(&mut self, sql: &str) {
                let connection = &mut self.connection;
                self.runtime.block_on(async {
                    // Recreated tables invalidate prepared statements.
                    connection.clear_cached_statements().await.unwrap();
                    connection
                        .execute(AssertSqlSafe(sql.to_owned()))
                        .await
                        .unwrap();
                });
            }

            fn trivial_query(&mut self) -> usize {
                let users = self.runtime.block_on(Self::users(&mut self.connection));
                std::hint::black_box(&users);
                users.len()
            }

            fn medium_complex_query(&mut self) -> usize {
                let connection = &mut self.connection;
                let pairs: Vec<(User, Option<Post>)> = self.runtime.block_on(async {
                    sqlx::query(concat!(
                        "SELECT users.id, users.name, users.hair_color, posts.id, \
                         posts.user_id, posts.title, posts.body FROM users LEFT JOIN posts \
                         ON posts.user_id = users.id WHERE users.hair_color = ",
                        $placeholder
                    ))
                    .bind("black")
                    .fetch_all(connection)
                    .await
                    .unwrap()
                    .iter()
                    .map(|row| {
                        let user = User {
                            id: row.get(0),
                            name: row.get(1),
                            hair_color: row.get(2),
                        };
                        let post = row.get::<Option<i32>, _>(3).map(|id| Post {
                            id,
                            user_id: row.get(4),
                            title: row.get(5),
                            body: row.get(6),
                        });
                        (user, post)
                    })
                    .collect()
                });
                std::hint::black_box(&pairs);
                pairs.len()
            }

            fn loading_associations_sequentially(&mut self) -> usize {
                let connection = &mut self.connection;
                let grouped = self.runtime.block_on(async {
                    let users = Self::users(&mut *connection).await;
                    let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
                    let posts: Vec<PostRow> = keyed!(
                        $keyed,
                        "SELECT id, user_id, title, body FROM posts WHERE user_id",
                        &user_ids
                    )
                    .fetch_all(&mut *connection)
                    .await
                    .unwrap();
                    let posts: Vec<Post> = posts.into_iter().map(Post::from).collect();
                    let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
                    let comments: Vec<CommentRow> = keyed!(
                        $keyed,
                        "SELECT id, post_id, text FROM comments WHERE post_id",
                        &post_ids
                    )
                    .fetch_all(&mut *connection)
                    .await
                    .unwrap();
                    let comments = comments.into_iter().map(Comment::from).collect();
                    group(
                        users,
                        posts,
                        comments,
                        |u| u.id,
                        |p| p.id,
                        |p| p.user_id,
                        |c| c.post_id,
                    )
                });
                std::hint::black_box(&grouped);
                grouped_count(&grouped)
            }

            fn inserter(&mut self) -> Option<&mut dyn Inserter> {
                Some(self)
            }
        }

        impl Inserter for Sqlx<$connection> {
            fn insert(&mut self, n: usize) {
                let connection = &mut self.connection;
                self.runtime.block_on(async {
                    let mut builder = QueryBuilder::new("INSERT INTO users (name, hair_color) ");
                    builder.push_values(0..n, |mut row, i| {
                        row.push_bind(crate::user_name(i)).push_bind(None::<String>);
                    });
                    builder.build().execute(connection).await.unwrap();
                });
            }
        }
    };
}

sqlx_contender!(SqliteConnection, in_list, "?");
sqlx_contender!(PgConnection, any_array, "$1");
sqlx_contender!(MySqlConnection, in_list, "?");

/// [`User`] as SQLx decodes it (`FromRow` is SQLx's own derive).
#[derive(sqlx::FromRow)]
struct UserRow {
    id: i32,
    name: String,
    hair_color: Option<String>,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> User {
        User {
            id: row.id,
            name: row.name,
            hair_color: row.hair_color,
        }
    }
}

/// [`Post`] as SQLx decodes it.
#[derive(sqlx::FromRow)]
struct PostRow {
    id: i32,
    user_id: i32,
    title: String,
    body: Option<String>,
}

impl From<PostRow> for Post {
    fn from(row: PostRow) -> Post {
        Post {
            id: row.id,
            user_id: row.user_id,
            title: row.title,
            body: row.body,
        }
    }
}

/// [`Comment`] as SQLx decodes it.
#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i32,
    post_id: i32,
    text: String,
}

impl From<CommentRow> for Comment {
    fn from(row: CommentRow) -> Comment {
        Comment {
            id: row.id,
            post_id: row.post_id,
            text: row.text,
        }
    }
}
