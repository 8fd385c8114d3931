//! Retort Core: the generated modules' typed statements on one checked-out connection.

use retort::prelude::*;
use retort::{Connection, Engine, NullableRow, Prepared, Select, select};

use crate::models::{comments, posts, users};
use crate::rows::{group, grouped_count};
use crate::{Contender, Inserter};

/// A Retort engine and one of its connections, held as the raw contenders hold theirs,
/// and the two fixed queries built once and [`Prepared`], as the raw contenders keep their
/// prepared statements: a run reuses their rendered SQL.
pub struct RetortCore {
    // Declared first: dropped before the engine it came from.
    connection: Connection,
    _engine: Engine,
    all_users: Prepared<Select<users::User>>,
    black_haired_with_posts: Prepared<Select<(users::User, NullableRow<posts::Posts>)>>,
}

impl RetortCore {
    pub fn connect(url: &str) -> Result<Self, String> {
        let engine = Engine::connect(url).map_err(|e| e.to_string())?;
        let connection = engine.connection().map_err(|e| e.to_string())?;
        let black_haired_with_posts = select((users::Users, posts::Posts.nullable()))
            .from(users::Users)
            .left_join(users::rel::POSTS)
            .filter(users::HAIR_COLOR.eq("black"))
            .any_tables();
        Ok(RetortCore {
            connection,
            _engine: engine,
            all_users: Prepared::new(users::table().select().any_tables()),
            black_haired_with_posts: Prepared::new(black_haired_with_posts),
        })
    }
}

impl Contender for RetortCore {
    fn execute(&mut self, sql: &str) {
        self.connection.execute_batch(sql).unwrap();
    }

    fn trivial_query(&mut self) -> usize {
        let users: Vec<users::User> = self.connection.all(&self.all_users).unwrap();
        std::hint::black_box(&users);
        users.len()
    }

    fn medium_complex_query(&mut self) -> usize {
        let pairs: Vec<(users::User, Option<posts::Post>)> =
            self.connection.all(&self.black_haired_with_posts).unwrap();
        std::hint::black_box(&pairs);
        pairs.len()
    }

    fn loading_associations_sequentially(&mut self) -> usize {
        let users: Vec<users::User> = self.connection.all(&self.all_users).unwrap();
        let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
        let posts: Vec<posts::Post> = self
            .connection
            .all(
                posts::table()
                    .select()
                    .filter(posts::USER_ID.is_in(user_ids)),
            )
            .unwrap();
        let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
        let comments: Vec<comments::Comment> = self
            .connection
            .all(
                comments::table()
                    .select()
                    .filter(comments::POST_ID.is_in(post_ids)),
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

impl Inserter for RetortCore {
    fn insert(&mut self, n: usize) {
        let rows = (0..n).map(|i| users::NewUser {
            name: crate::user_name(i),
            hair_color: None,
        });
        self.connection.insert_many(rows).unwrap();
    }
}
