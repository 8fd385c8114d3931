#[derive(retort::FromRow)]
struct Pair(i64, String);

#[derive(retort::FromRow)]
enum Either {
    Id(i64),
    Name(String),
}

#[derive(retort::FromRow)]
struct Generic<T> {
    value: T,
}

#[derive(retort::FromRow)]
struct UnknownAttribute {
    #[retort(rename = "other")]
    value: i64,
}

fn main() {}
