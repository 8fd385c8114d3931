//! Retort's ORM: a fresh session per run of a workload, objects from its identity map,
//! relationships loaded select-in.

use retort::{Engine, Obj, Session, joined, selectin};

use crate::Contender;
use crate::models::{comments, posts, users};

/// A Retort engine; each workload opens a session on it.
pub struct RetortOrm {
    engine: Engine,
}

impl RetortOrm {
    pub fn connect(url: &str) -> Result<Self, String> {
        let engine = Engine::connect(url).map_err(|e| e.to_string())?;
        Ok(RetortOrm { engine })
    }
}

type Grouped = crate::rows::Grouped<Obj<users::Users>, Obj<posts::Posts>, Obj<comments::Comments>>;

impl Contender for RetortOrm {
    fn execute(&mut self, sql: &str) {
        self.engine
            .connection()
            .unwrap()
            .execute_batch(sql)
            .unwrap();
    }

    fn trivial_query(&mut self) -> usize {
        let mut session = Session::new(&self.engine).unwrap();
        let users = session.query(users::Users).all().unwrap();
        std::hint::black_box(&users);
        users.len()
    }

    fn medium_complex_query(&mut self) -> usize {
        let mut session = Session::new(&self.engine).unwrap();
        let users = session
            .query(users::Users)
            .filter(users::HAIR_COLOR.eq("black"))
            .options(joined(users::rel::POSTS))
            .all()
            .unwrap();
        // As the other contenders return it: one (user, post) pair per post, (user, None)
        // for a user without posts.
        let mut pairs: Vec<(Obj<users::Users>, Option<Obj<posts::Posts>>)> = Vec::new();
        for user in users {
            let posts = session.loaded(&user, users::rel::POSTS).unwrap();
            if posts.is_empty() {
                pairs.push((user, None));
            } else {
                pairs.extend(posts.into_iter().map(|post| (user.clone(), Some(post))));
            }
        }
        std::hint::black_box(&pairs);
        pairs.len()
    }

    fn loading_associations_sequentially(&mut self) -> usize {
        let mut session = Session::new(&self.engine).unwrap();
        let users = session
            .query(users::Users)
            .options(selectin(users::rel::POSTS).then(selectin(posts::rel::COMMENTS)))
            .all()
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
        std::hint::black_box(&grouped);
        count
    }

    fn inserter(&mut self) -> Option<&mut dyn crate::Inserter> {
        None
    }
}
