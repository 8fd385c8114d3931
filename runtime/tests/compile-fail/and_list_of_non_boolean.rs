use retort::__doc_tables::users;

fn main() {
    let _ = retort::and_([users::ID.eq(1), users::ID.expr()]);
}
