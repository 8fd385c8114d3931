use retort::__doc_tables::users;
use retort::functions::round;

fn main() {
    // round/ceil/floor take floats and decimals only.
    let _ = round(users::ID, 2);
}
