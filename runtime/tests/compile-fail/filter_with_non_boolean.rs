use retort::__doc_tables::{Users, users};
use retort::Table;

fn main() {
    let _ = Users.select().filter(users::NAME.expr());
}
