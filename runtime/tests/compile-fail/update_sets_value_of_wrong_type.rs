use retort::__doc_tables::{Users, users};
use retort::Table;

fn main() {
    let _ = Users.update().set(users::ID, "x");
}
