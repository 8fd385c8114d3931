use retort::__doc_tables::users;

fn main() {
    // Text is not numeric: no `+`.
    let _ = users::NAME + 1;
}
