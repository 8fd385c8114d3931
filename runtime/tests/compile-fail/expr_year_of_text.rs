use retort::__doc_tables::users;
use retort::functions::year;

fn main() {
    let _ = year(users::NAME);
}
