/// A `Vec` is no column value nor row: the error points at the field's type.
#[derive(retort::FromRow)]
struct Tags {
    id: i64,
    tags: Vec<String>,
}

fn main() {}
