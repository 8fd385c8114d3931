use retort::__doc_tables::{Posts, posts, users};
use retort::{Insert, select};

fn main() {
    // `users.id` is an integer column; the query's second column is text.
    let _ = Insert::from_select(
        (users::NAME, users::ID),
        select((posts::TITLE, posts::TITLE)).from(Posts),
    );
}
