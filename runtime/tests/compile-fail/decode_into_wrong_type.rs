use retort::__doc_tables::{Users, users};

fn main() {
    let _: retort::Select<(i64, i64), _> = retort::select((users::ID, users::NAME)).from(Users);
}
