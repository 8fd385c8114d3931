use retort::__doc_tables::{users, Posts};
use retort::Session;

// `users::rel::POSTS` starts from users: it cannot be loaded from a post.
fn load(session: &mut Session, post: &retort::Obj<Posts>) {
    let _ = session.load(post, users::rel::POSTS);
}

fn main() {}
