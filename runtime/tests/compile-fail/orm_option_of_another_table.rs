use retort::__doc_tables::{posts, Users};
use retort::{selectin, Session};

// A query of users cannot load a relationship that starts from posts.
fn query(session: &mut Session) {
    let _ = session.query(Users).options(selectin(posts::rel::AUTHOR)).all();
}

fn main() {}
