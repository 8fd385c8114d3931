use retort::__doc_tables::{posts, users};
use retort::{Insert, OnConflict};

fn main() {
    let row = users::NewUser {
        name: "Ada".into(),
        email: None,
    };
    // The conflict target must be columns of the table inserted into.
    let _ = Insert::new(row).on_conflict(OnConflict::columns(posts::TITLE).do_nothing());
}
