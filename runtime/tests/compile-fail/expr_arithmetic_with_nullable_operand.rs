use retort::__doc_tables::{users, Users};
use retort::select;

fn main() {
    // NULL where the nullable operand is: the sum decodes into Option<i64>, not i64.
    let _: retort::Select<i64, _> = select(users::ID + users::ID.nullable()).from(Users);
}
