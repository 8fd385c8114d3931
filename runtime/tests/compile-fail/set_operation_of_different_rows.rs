use retort::__doc_tables::{posts, users, Posts, Users};
use retort::select;

fn main() {
    // Ids and titles have different row types: they cannot be combined in a UNION.
    let _ = select(users::ID)
        .from(Users)
        .union(select(posts::TITLE).from(Posts));
}
