use retort::__doc_tables::{Users, users};
use retort::{Engine, select};

fn main() -> retort::Result<()> {
    let mut conn = Engine::connect("sqlite::memory:")?.connection()?;
    let rows: Vec<(String, i64)> = conn.all(select((users::ID, users::NAME)).from(Users))?;
    drop(rows);
    Ok(())
}
