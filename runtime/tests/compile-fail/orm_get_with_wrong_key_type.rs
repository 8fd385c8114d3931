use retort::__doc_tables::Users;
use retort::Session;

// The key of `users` is an i64.
fn get(session: &mut Session) {
    let _ = session.get::<Users>("ada");
}

fn main() {}
