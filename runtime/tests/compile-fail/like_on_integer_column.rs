use retort::__doc_tables::posts;

fn main() {
    let _ = posts::USER_ID.like("1%");
}
