use retort::__doc_tables::{Users, posts};
use retort::Table;

fn main() {
    let _ = Users.update().set(posts::TITLE, "x");
}
