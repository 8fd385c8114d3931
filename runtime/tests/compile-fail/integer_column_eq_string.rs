use retort::__doc_tables::users;

fn main() {
    let _ = users::ID.eq("1");
}
