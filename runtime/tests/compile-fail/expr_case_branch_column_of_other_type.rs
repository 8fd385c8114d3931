use retort::__doc_tables::users;
use retort::functions::case;

fn main() {
    // An integer CASE cannot have a text column as a branch.
    let _ = case()
        .when(users::ID.eq(1), 10i64)
        .when(users::ID.eq(2), users::NAME)
        .end();
}
