use retort::__doc_tables::{Users, users};
use retort::Table;

fn main() {
    // No implicit widening: a bool is not an i64 column value.
    let _ = Users.update().set(users::ID, true);
}
