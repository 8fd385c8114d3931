//! rusqlite as a careful program uses it: statements prepared once and cached
//! (`prepare_cached`), rows read by index.

use rusqlite::{Connection, params_from_iter};

use super::value_lists;
use crate::rows::{Comment, Post, User, group, grouped_count};
use crate::{Contender, Inserter};

/// rusqlite on a private in-memory database.
pub struct RawSqlite {
    connection: Connection,
}

impl RawSqlite {
    pub fn connect() -> Result<Self, String> {
        let connection = Connection::open_in_memory().map_err(|e| e.to_string())?;
        Ok(RawSqlite { connection })
    }

    fn users(&self) -> Vec<User> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT id, name, hair_color FROM users")
            .unwrap();
        statement
            .query_map([], |row| {
                Ok(User {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    hair_color: row.get(2)?,
                })
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }
}

impl Contender for RawSqlite {
    fn execute(&mut self, sql: &str) {
        self.connection.execute_batch(sql).unwrap();
    }

    fn trivial_query(&mut self) -> usize {
        let users = self.users();
        std::hint::black_box(&users);
        users.len()
    }

    fn medium_complex_query(&mut self) -> usize {
        let mut statement = self
            .connection
            .prepare_cached(
                "SELECT users.id, users.name, users.hair_color, posts.id, posts.user_id, \
                 posts.title, posts.body FROM users LEFT JOIN posts ON posts.user_id = users.id \
                 WHERE users.hair_color = ?",
            )
            .unwrap();
        let pairs: Vec<(User, Option<Post>)> = statement
            .query_map(["black"], |row| {
                let user = User {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    hair_color: row.get(2)?,
                };
                let post = match row.get::<_, Option<i32>>(3)? {
                    Some(id) => Some(Post {
                        id,
                        user_id: row.get(4)?,
                        title: row.get(5)?,
                        body: row.get(6)?,
                    }),
                    None => None,
                };
                Ok((user, post))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        std::hint::black_box(&pairs);
        pairs.len()
    }

    fn loading_associations_sequentially(&mut self) -> usize {
        let users = self.users();
        let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
        let posts: Vec<Post> = {
            let sql = format!(
                "SELECT id, user_id, title, body FROM posts WHERE user_id IN ({})",
                placeholders(user_ids.len())
            );
            let mut statement = self.connection.prepare_cached(&sql).unwrap();
            statement
                .query_map(params_from_iter(&user_ids), |row| {
                    Ok(Post {
                        id: row.get(0)?,
                        user_id: row.get(1)?,
                        title: row.get(2)?,
                        body: row.get(3)?,
                    })
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let comments: Vec<Comment> = {
            let sql = format!(
                "SELECT id, post_id, text FROM comments WHERE post_id IN ({})",
                placeholders(post_ids.len())
            );
            let mut statement = self.connection.prepare_cached(&sql).unwrap();
            statement
                .query_map(params_from_iter(&post_ids), |row| {
                    Ok(Comment {
                        id: row.get(0)?,
                        post_id: row.get(1)?,
                        text: row.get(2)?,
                    })
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        let grouped = group(
            users,
            posts,
            comments,
            |u| u.id,
            |p| p.id,
            |p| p.user_id,
            |c| c.post_id,
        );
        std::hint::black_box(&grouped);
        grouped_count(&grouped)
    }

    fn inserter(&mut self) -> Option<&mut dyn Inserter> {
        Some(self)
    }
}

impl Inserter for RawSqlite {
    fn insert(&mut self, n: usize) {
        let sql = format!(
            "INSERT INTO users (name, hair_color) VALUES {}",
            value_lists(n, 2, false)
        );
        let names: Vec<String> = (0..n).map(crate::user_name).collect();
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(2 * n);
        for name in &names {
            values.push(name);
            values.push(&rusqlite::types::Null);
        }
        let mut statement = self.connection.prepare_cached(&sql).unwrap();
        statement.execute(values.as_slice()).unwrap();
    }
}

/// `?, ?, ?`.
fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}
