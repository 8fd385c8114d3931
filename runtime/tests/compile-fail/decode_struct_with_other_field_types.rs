use retort::__doc_tables::{Users, users};
use retort::select;

/// `users.id` is an `i64`: a struct reading it as a `String` must not compile.
#[derive(retort::FromRow)]
struct UserName {
    id: String,
    name: String,
}

fn main() {
    let _ = select((users::ID, users::NAME)).from(Users).into_rows::<UserName>();
}
