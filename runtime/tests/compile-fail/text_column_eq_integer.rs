use retort::__doc_tables::posts;

fn main() {
    let _ = posts::TITLE.eq(42);
}
