//! postgres (the synchronous client) as a careful program uses it: each statement prepared
//! once per connection, key lists bound as one array (`= ANY($1)`).

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};

use super::value_lists;
use crate::rows::{Comment, Post, User, group, grouped_count};
use crate::{Contender, Inserter};

/// The postgres client, with its prepared statements.
pub struct RawPostgres {
    client: Client,
    users: Option<Statement>,
    medium: Option<Statement>,
    posts_of: Option<Statement>,
    comments_of: Option<Statement>,
    /// The multi-row INSERT of each size, prepared on first use.
    inserts: HashMap<usize, Statement>,
}

impl RawPostgres {
    pub fn connect(url: &str) -> Result<Self, String> {
        let client = Client::connect(url, NoTls).map_err(|e| e.to_string())?;
        Ok(RawPostgres {
            client,
            users: None,
            medium: None,
            posts_of: None,
            comments_of: None,
            inserts: HashMap::new(),
        })
    }

    /// `slot`'s statement, prepared the first time.
    fn prepared(client: &mut Client, slot: &mut Option<Statement>, sql: &str) -> Statement {
        slot.get_or_insert_with(|| client.prepare(sql).unwrap())
            .clone()
    }

    fn users(&mut self) -> Vec<User> {
        let statement = Self::prepared(
            &mut self.client,
            &mut self.users,
            "SELECT id, name, hair_color FROM users",
        );
        self.client
            .query(&statement, &[])
            .unwrap()
            .iter()
            .map(|row| User {
                id: row.get(0),
                name: row.get(1),
                hair_color: row.get(2),
            })
            .collect()
    }
}

impl Contender for RawPostgres {
    fn execute(&mut self, sql: &str) {
        // Recreated tables invalidate prepared statements.
        self.users = None;
        self.medium = None;
        self.posts_of = None;
        self.comments_of = None;
        self.inserts.clear();
        self.client.batch_execute(sql).unwrap();
    }

    fn trivial_query(&mut self) -> usize {
        let users = self.users();
        std::hint::black_box(&users);
        users.len()
    }

    fn medium_complex_query(&mut self) -> usize {
        let statement = Self::prepared(
            &mut self.client,
            &mut self.medium,
            "SELECT users.id, users.name, users.hair_color, posts.id, posts.user_id, \
             posts.title, posts.body FROM users LEFT JOIN posts ON posts.user_id = users.id \
             WHERE users.hair_color = $1",
        );
        let pairs: Vec<(User, Option<Post>)> = self
            .client
            .query(&statement, &[&"black"])
            .unwrap()
            .iter()
            .map(|row| {
                let user = User {
                    id: row.get(0),
                    name: row.get(1),
                    hair_color: row.get(2),
                };
                let post = row.get::<_, Option<i32>>(3).map(|id| Post {
                    id,
                    user_id: row.get(4),
                    title: row.get(5),
                    body: row.get(6),
                });
                (user, post)
            })
            .collect();
        std::hint::black_box(&pairs);
        pairs.len()
    }

    fn loading_associations_sequentially(&mut self) -> usize {
        let users = self.users();
        let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
        let statement = Self::prepared(
            &mut self.client,
            &mut self.posts_of,
            "SELECT id, user_id, title, body FROM posts WHERE user_id = ANY($1)",
        );
        let posts: Vec<Post> = self
            .client
            .query(&statement, &[&user_ids])
            .unwrap()
            .iter()
            .map(|row| Post {
                id: row.get(0),
                user_id: row.get(1),
                title: row.get(2),
                body: row.get(3),
            })
            .collect();
        let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let statement = Self::prepared(
            &mut self.client,
            &mut self.comments_of,
            "SELECT id, post_id, text FROM comments WHERE post_id = ANY($1)",
        );
        let comments: Vec<Comment> = self
            .client
            .query(&statement, &[&post_ids])
            .unwrap()
            .iter()
            .map(|row| Comment {
                id: row.get(0),
                post_id: row.get(1),
                text: row.get(2),
            })
            .collect();
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

impl Inserter for RawPostgres {
    fn insert(&mut self, n: usize) {
        let statement = match self.inserts.get(&n) {
            Some(statement) => statement.clone(),
            None => {
                let sql = format!(
                    "INSERT INTO users (name, hair_color) VALUES {}",
                    value_lists(n, 2, true)
                );
                let statement = self.client.prepare(&sql).unwrap();
                self.inserts.insert(n, statement.clone());
                statement
            }
        };
        let names: Vec<String> = (0..n).map(crate::user_name).collect();
        let no_hair: Option<&str> = None;
        let mut values: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(2 * n);
        for name in &names {
            values.push(name);
            values.push(&no_hair);
        }
        self.client.execute(&statement, &values).unwrap();
    }
}
