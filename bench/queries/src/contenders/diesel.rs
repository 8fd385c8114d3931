//! Diesel as its guide teaches: `table!` schema, `Queryable`/`Selectable` row structs,
//! `belonging_to` + `grouped_by` for the associations, one `insert_into(..).values(&vec)`.
//! Diesel caches the prepared statement of every query whose SQL does not depend on its
//! values, so nothing is prepared by hand here.

use diesel::connection::SimpleConnection;
use diesel::mysql::MysqlConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;

use crate::rows::grouped_count;
use crate::{Contender, Inserter};

/// What `diesel print-schema` writes for the benchmark tables.
pub(crate) mod schema {
    diesel::table! {
        users (id) {
            id -> Integer,
            name -> Text,
            hair_color -> Nullable<Text>,
        }
    }

    diesel::table! {
        posts (id) {
            id -> Integer,
            user_id -> Integer,
            title -> Text,
            body -> Nullable<Text>,
        }
    }

    diesel::table! {
        comments (id) {
            id -> Integer,
            post_id -> Integer,
            text -> Text,
        }
    }

    diesel::joinable!(comments -> posts (post_id));
    diesel::joinable!(posts -> users (user_id));
    diesel::allow_tables_to_appear_in_same_query!(comments, posts, users);
}

use schema::{comments, posts, users};

/// A row of `users`.
#[derive(Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub name: String,
    pub hair_color: Option<String>,
}

/// A row of `posts`.
#[derive(Debug, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = posts, belongs_to(User))]
pub struct Post {
    pub id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: Option<String>,
}

/// A row of `comments`.
#[derive(Debug, Queryable, Selectable, Identifiable, Associations)]
#[diesel(table_name = comments, belongs_to(Post))]
pub struct Comment {
    pub id: i32,
    pub post_id: i32,
    pub text: String,
}

/// A user to insert. `None` binds NULL rather than DEFAULT, so that every backend (SQLite
/// has no DEFAULT in a VALUES list) runs one multi-row INSERT.
#[derive(Insertable)]
#[diesel(table_name = users, treat_none_as_default_value = false)]
pub struct NewUser<'a> {
    pub name: &'a str,
    pub hair_color: Option<&'a str>,
}

/// A Diesel connection of type `C`.
pub struct Diesel<C> {
    connection: C,
}

/// Diesel on an in-memory SQLite database.
pub fn sqlite() -> Result<Diesel<SqliteConnection>, String> {
    connect(":memory:")
}

/// Diesel on the PostgreSQL server at `url`.
pub fn postgres(url: &str) -> Result<Diesel<PgConnection>, String> {
    connect(url)
}

/// Diesel on the MySQL server at `url`.
pub fn mysql(url: &str) -> Result<Diesel<MysqlConnection>, String> {
    connect(url)
}

fn connect<C: Connection>(url: &str) -> Result<Diesel<C>, String> {
    let connection = C::establish(url).map_err(|e| e.to_string())?;
    Ok(Diesel { connection })
}

/// The same code for each of Diesel's connection types: Diesel's query types are checked
/// per backend, so the impls are written once and stamped out.
macro_rules! diesel_contender {
    ($connection:ty) => {
        impl Contender for Diesel<$connection> {
            fn execute(&mut self, sql: &str) {
                self.connection.batch_execute(sql).unwrap();
            }

            fn trivial_query(&mut self) -> usize {
                let users = users::table
                    .select(User::as_select())
                    .load(&mut self.connection)
                    .unwrap();
                std::hint::black_box(&users);
                users.len()
            }

            fn medium_complex_query(&mut self) -> usize {
                let pairs: Vec<(User, Option<Post>)> = users::table
                    .left_join(posts::table)
                    .filter(users::hair_color.eq("black"))
                    .select((User::as_select(), Option::<Post>::as_select()))
                    .load(&mut self.connection)
                    .unwrap();
                std::hint::black_box(&pairs);
                pairs.len()
            }

            fn loading_associations_sequentially(&mut self) -> usize {
                let users = users::table
                    .select(User::as_select())
                    .load(&mut self.connection)
                    .unwrap();
                let posts = Post::belonging_to(&users)
                    .select(Post::as_select())
                    .load(&mut self.connection)
                    .unwrap();
                let comments = Comment::belonging_to(&posts)
                    .select(Comment::as_select())
                    .load(&mut self.connection)
                    .unwrap();
                let comments_of_posts = comments.grouped_by(&posts);
                let posts_with_comments: Vec<Vec<(Post, Vec<Comment>)>> =
                    posts.into_iter().zip(comments_of_posts).grouped_by(&users);
                let grouped: Vec<(User, Vec<(Post, Vec<Comment>)>)> =
                    users.into_iter().zip(posts_with_comments).collect();
                std::hint::black_box(&grouped);
                grouped_count(&grouped)
            }

            fn inserter(&mut self) -> Option<&mut dyn Inserter> {
                Some(self)
            }
        }

        impl Inserter for Diesel<$connection> {
            fn insert(&mut self, n: usize) {
                let names: Vec<String> = (0..n).map(crate::user_name).collect();
                let rows: Vec<NewUser<'_>> = names
                    .iter()
                    .map(|name| NewUser {
                        name,
                        hair_color: None,
                    })
                    .collect();
                diesel::insert_into(users::table)
                    .values(&rows)
                    .execute(&mut self.connection)
                    .unwrap();
            }
        }
    };
}

diesel_contender!(SqliteConnection);
diesel_contender!(PgConnection);
diesel_contender!(MysqlConnection);
