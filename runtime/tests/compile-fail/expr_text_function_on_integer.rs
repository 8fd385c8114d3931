use retort::__doc_tables::users;
use retort::functions::lower;

fn main() {
    let _ = lower(users::ID);
}
