//! mysql (the synchronous client) as a careful program uses it: the binary protocol with
//! statements prepared once per connection (`prep`), rows read by index.

use std::collections::HashMap;

use mysql::prelude::Queryable;
use mysql::{Conn, Opts, Params, Row, Statement, Value};

use super::value_lists;
use crate::rows::{Comment, Post, User, group, grouped_count};
use crate::{Contender, Inserter};

/// The mysql client, with its prepared statements by SQL.
pub struct RawMysql {
    connection: Conn,
    statements: HashMap<String, Statement>,
}

impl RawMysql {
    pub fn connect(url: &str) -> Result<Self, String> {
        let opts = Opts::from_url(url).map_err(|e| e.to_string())?;
        let connection = Conn::new(opts).map_err(|e| e.to_string())?;
        Ok(RawMysql {
            connection,
            statements: HashMap::new(),
        })
    }

    /// The statement for `sql`, prepared the first time.
    fn prepared(&mut self, sql: &str) -> Statement {
        if let Some(statement) = self.statements.get(sql) {
            return statement.clone();
        }
        let statement = self.connection.prep(sql).unwrap();
        self.statements.insert(sql.to_owned(), statement.clone());
        statement
    }

    fn users(&mut self) -> Vec<User> {
        let statement = self.prepared("SELECT id, name, hair_color FROM users");
        self.connection
            .exec_map(&statement, (), |(id, name, hair_color)| User {
                id,
                name,
                hair_color,
            })
            .unwrap()
    }
}

impl Contender for RawMysql {
    fn execute(&mut self, sql: &str) {
        // Recreated tables invalidate prepared statements.
        for (_, statement) in self.statements.drain() {
            self.connection.close(statement).unwrap();
        }
        self.connection.query_drop(sql).unwrap();
    }

    fn trivial_query(&mut self) -> usize {
        let users = self.users();
        std::hint::black_box(&users);
        users.len()
    }

    fn medium_complex_query(&mut self) -> usize {
        let statement = self.prepared(
            "SELECT users.id, users.name, users.hair_color, posts.id, posts.user_id, \
             posts.title, posts.body FROM users LEFT JOIN posts ON posts.user_id = users.id \
             WHERE users.hair_color = ?",
        );
        let pairs: Vec<(User, Option<Post>)> = self
            .connection
            .exec_map(&statement, ("black",), |mut row: Row| {
                let user = User {
                    id: row.take(0).unwrap(),
                    name: row.take(1).unwrap(),
                    hair_color: row.take(2).unwrap(),
                };
                let post = row.take::<Option<i32>, _>(3).unwrap().map(|id| Post {
                    id,
                    user_id: row.take(4).unwrap(),
                    title: row.take(5).unwrap(),
                    body: row.take(6).unwrap(),
                });
                (user, post)
            })
            .unwrap();
        std::hint::black_box(&pairs);
        pairs.len()
    }

    fn loading_associations_sequentially(&mut self) -> usize {
        let users = self.users();
        let user_ids: Vec<Value> = users.iter().map(|u| Value::from(u.id)).collect();
        let statement = self.prepared(&format!(
            "SELECT id, user_id, title, body FROM posts WHERE user_id IN ({})",
            placeholders(user_ids.len())
        ));
        let posts: Vec<Post> = self
            .connection
            .exec_map(
                &statement,
                Params::Positional(user_ids),
                |(id, user_id, title, body)| Post {
                    id,
                    user_id,
                    title,
                    body,
                },
            )
            .unwrap();
        let post_ids: Vec<Value> = posts.iter().map(|p| Value::from(p.id)).collect();
        let statement = self.prepared(&format!(
            "SELECT id, post_id, text FROM comments WHERE post_id IN ({})",
            placeholders(post_ids.len())
        ));
        let comments: Vec<Comment> = self
            .connection
            .exec_map(
                &statement,
                Params::Positional(post_ids),
                |(id, post_id, text)| Comment { id, post_id, text },
            )
            .unwrap();
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

impl Inserter for RawMysql {
    fn insert(&mut self, n: usize) {
        let statement = self.prepared(&format!(
            "INSERT INTO users (name, hair_color) VALUES {}",
            value_lists(n, 2, false)
        ));
        let mut values = Vec::with_capacity(2 * n);
        for i in 0..n {
            values.push(Value::from(crate::user_name(i)));
            values.push(Value::NULL);
        }
        self.connection
            .exec_drop(&statement, Params::Positional(values))
            .unwrap();
    }
}

/// `?, ?, ?`.
fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}
