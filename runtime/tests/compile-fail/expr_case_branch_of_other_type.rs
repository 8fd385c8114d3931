use retort::__doc_tables::users;
use retort::functions::case;

fn main() {
    // The CASE is text (its first branch); an integer branch does not fit.
    let _ = case().when(users::ID.eq(1), "one").otherwise(2i64);
}
