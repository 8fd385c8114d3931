//! Retort's async API: the same statements as `retort_core` and `retort_orm`, on an
//! `AsyncEngine`, each call run to completion on a current-thread tokio runtime (as the SQLx
//! and SeaORM contenders are). Against the sync contenders it measures what the async path
//! costs: futures awaited instead of polled once, async drivers (tokio-postgres on the
//! caller's runtime, mysql_async, SQLite on a thread per connection).

use retort::prelude::*;
use retort::{AsyncConnection, AsyncEngine, AsyncSession, NullableRow, Obj, Prepared, Select};
use retort::{joined, select, selectin};
use tokio::runtime::Runtime;

use crate::models::{comments, posts, users};
use crate::rows::{group, grouped_count};
use crate::{Contender, Inserter};

/// Retort Core on an async connection, with the fixed queries [`Prepared`] as in
/// `retort_core`.
pub struct RetortCoreAsync {
    // Declared first: dropped before the engine and the runtime they run on.
    connection: AsyncConnection,
    _engine: AsyncEngine,
    all_users: Prepared<Select<users::User>>,
    black_haired_with_posts: Prepared<Select<(users::User, NullableRow<posts::Posts>)>>,
    runtime: Runtime,
}

impl RetortCoreAsync {
    pub fn connect(url: &str) -> Result<Self, String> {
        let runtime = super::sqlx::runtime()?;
        let (engine, connection) = runtime
            .block_on(async {
                let engine = AsyncEngine::connect(url).await?;
                let connection = engine.connection().await?;
                Ok::<_, retort::Error>((engine, connection))
            })
            .map_err(|e| e.to_string())?;
        let black_haired_with_posts = select((users::Users, posts::Posts.nullable()))
            .from(users::Users)
            .left_join(users::rel::POSTS)
            .filter(users::HAIR_COLOR.eq("black"))
            .any_tables();
        Ok(RetortCoreAsync {
            connection,
            _engine: engine,
            all_users: Prepared::new(users::table().select().any_tables()),
            black_haired_with_posts: Prepared::new(black_haired_with_posts),
            runtime,
        })
    }
}

impl Contender for RetortCoreAsync {
    fn execute(&mut self, sql: &str) {
        self.runtime
            .block_on(self.connection.execute_batch(sql))
            .unwrap();
    }

    fn trivial_query(&mut self) -> usize {
        let users: Vec<users::User> = self
            .runtime
            .block_on(self.connection.all(&self.all_users))
            .unwrap();
        std::hint::black_box(&users);
        users.len()
    }

    fn medium_complex_query(&mut self) -> usize {
        let pairs: Vec<(users::User, Option<posts::Post>)> = self
            .runtime
            .block_on(self.connection.all(&self.black_haired_with_posts))
            .unwrap();
        std::hint::black_box(&pairs);
        pairs.len()
    }

    fn loading_associations_sequentially(&mut self) -> usize {
        let connection = &mut self.connection;
        let all_users = &self.all_users;
        let (users, posts, comments) = self.runtime.block_on(async {
            let users: Vec<users::User> = connection.all(all_users).await.unwrap();
            let user_ids: Vec<i32> = users.iter().map(|u| u.id).collect();
            let posts: Vec<posts::Post> = connection
                .all(
                    posts::table()
                        .select()
                        .filter(posts::USER_ID.is_in(user_ids)),
                )
                .await
                .unwrap();
            let post_ids: Vec<i32> = posts.iter().map(|p| p.id).collect();
            let comments: Vec<comments::Comment> = connection
                .all(
                    comments::table()
                        .select()
                        .filter(comments::POST_ID.is_in(post_ids)),
                )
                .await
                .unwrap();
            (users, posts, comments)
        });
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

impl Inserter for RetortCoreAsync {
    fn insert(&mut self, n: usize) {
        let rows = (0..n).map(|i| users::NewUser {
            name: crate::user_name(i),
            hair_color: None,
        });
        self.runtime
            .block_on(self.connection.insert_many(rows))
            .unwrap();
    }
}

/// Retort's ORM on an async engine: a fresh `AsyncSession` per run, as in `retort_orm`,
/// closed at the end of the run (the sync session's drop rolls back there too).
pub struct RetortOrmAsync {
    engine: AsyncEngine,
    runtime: Runtime,
}

impl RetortOrmAsync {
    pub fn connect(url: &str) -> Result<Self, String> {
        let runtime = super::sqlx::runtime()?;
        let engine = runtime
            .block_on(AsyncEngine::connect(url))
            .map_err(|e| e.to_string())?;
        Ok(RetortOrmAsync { engine, runtime })
    }
}

type Grouped = crate::rows::Grouped<Obj<users::Users>, Obj<posts::Posts>, Obj<comments::Comments>>;

impl Contender for RetortOrmAsync {
    fn execute(&mut self, sql: &str) {
        self.runtime
            .block_on(async {
                let mut connection = self.engine.connection().await?;
                connection.execute_batch(sql).await?;
                // Cleaned now: dropped, it would be cleaned by a task this runtime runs
                // only at the next `block_on`, holding the server's locks until then.
                connection.close().await;
                Ok::<_, retort::Error>(())
            })
            .unwrap();
    }

    fn trivial_query(&mut self) -> usize {
        let users = self.runtime.block_on(async {
            let mut session = AsyncSession::new(&self.engine).await.unwrap();
            let users = session.query(users::Users).all().await.unwrap();
            session.close().await.unwrap();
            users
        });
        std::hint::black_box(&users);
        users.len()
    }

    fn medium_complex_query(&mut self) -> usize {
        let pairs = self.runtime.block_on(async {
            let mut session = AsyncSession::new(&self.engine).await.unwrap();
            let users = session
                .query(users::Users)
                .filter(users::HAIR_COLOR.eq("black"))
                .options(joined(users::rel::POSTS))
                .all()
                .await
                .unwrap();
            let mut pairs: Vec<(Obj<users::Users>, Option<Obj<posts::Posts>>)> = Vec::new();
            for user in users {
                let posts = session.loaded(&user, users::rel::POSTS).unwrap();
                if posts.is_empty() {
                    pairs.push((user, None));
                } else {
                    pairs.extend(posts.into_iter().map(|post| (user.clone(), Some(post))));
                }
            }
            session.close().await.unwrap();
            pairs
        });
        std::hint::black_box(&pairs);
        pairs.len()
    }

    fn loading_associations_sequentially(&mut self) -> usize {
        let (count, grouped) = self.runtime.block_on(async {
            let mut session = AsyncSession::new(&self.engine).await.unwrap();
            let users = session
                .query(users::Users)
                .options(selectin(users::rel::POSTS).then(selectin(posts::rel::COMMENTS)))
                .all()
                .await
                .unwrap();
            let mut count = 0;
            let mut grouped: Grouped = Vec::with_capacity(users.len());
            for user in users {
                let posts = session.loaded(&user, users::rel::POSTS).unwrap();
                let mut with_comments = Vec::with_capacity(posts.len());
                for post in posts {
                    let comments = session.loaded(&post, posts::rel::COMMENTS).unwrap();
                    count += 1 + comments.len();
                    with_comments.push((post, comments));
                }
                count += 1;
                grouped.push((user, with_comments));
            }
            session.close().await.unwrap();
            (count, grouped)
        });
        std::hint::black_box(&grouped);
        count
    }

    fn inserter(&mut self) -> Option<&mut dyn Inserter> {
        None
    }
}
