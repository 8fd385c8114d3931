use retort::__doc_tables::{users, Posts, Users};
use retort::{Obj, Session};

// `users::rel::POSTS` is a collection: add to it, do not set it.
fn relate(session: &mut Session, ada: &Obj<Users>, post: &Obj<Posts>) {
    let _ = session.set_related(ada, users::rel::POSTS, post);
}

fn main() {}
