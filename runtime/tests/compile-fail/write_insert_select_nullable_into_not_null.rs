use retort::__doc_tables::{Users, users};
use retort::{Insert, select};

fn main() {
    // `users.email` may be NULL; `users.name` may not.
    let _ = Insert::from_select(users::NAME, select(users::EMAIL).from(Users));
}
