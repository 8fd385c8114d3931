use retort::__doc_tables::users;
use retort::Expr;

fn main() {
    // A nullable column cast to i64 is still nullable.
    let _: Expr<i64> = users::EMAIL.cast::<i64>();
}
