use retort::__doc_tables::{Posts, Users, posts, users};
use retort::{Table, select};

fn main() {
    // A scalar subquery is NULL when it finds no row: a NOT NULL column needs `coalesce`.
    let title = select(posts::TITLE).from(Posts).limit(1).scalar_subquery();
    let _ = Users.update().set_expr(users::NAME, title);
}
