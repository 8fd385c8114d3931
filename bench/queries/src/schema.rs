//! The benchmark tables and their data, as SQL: the same statements for every contender,
//! run through its own connection before it is timed.

use crate::{Backend, Workload, user_name};

/// Rows per multi-row INSERT of seed data.
const SEED_CHUNK: usize = 1_000;

/// Drops and creates the three tables: on SQLite with no indexes or foreign keys, on the
/// servers with both.
pub fn create(backend: Backend) -> Vec<String> {
    let drops = ["comments", "posts", "users"].map(|t| format!("DROP TABLE IF EXISTS {t}"));
    let creates: &[&str] = match backend {
        Backend::Sqlite => &[
            "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR NOT NULL, \
             hair_color VARCHAR)",
            "CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL, \
             title VARCHAR NOT NULL UNIQUE, body TEXT)",
            "CREATE TABLE comments (id INTEGER PRIMARY KEY AUTOINCREMENT, post_id INTEGER NOT \
             NULL, text TEXT NOT NULL)",
        ],
        Backend::Postgres => &[
            "CREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR NOT NULL, hair_color VARCHAR)",
            "CREATE TABLE posts (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users, \
             title VARCHAR NOT NULL UNIQUE, body TEXT)",
            "CREATE TABLE comments (id SERIAL PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES \
             posts, text TEXT NOT NULL)",
            "CREATE INDEX users_hair_color ON users (hair_color)",
            "CREATE INDEX posts_user_id ON posts (user_id)",
        ],
        Backend::Mysql => &[
            "CREATE TABLE users (id INTEGER AUTO_INCREMENT PRIMARY KEY, name VARCHAR(255) NOT \
             NULL, hair_color VARCHAR(255), INDEX users_hair_color (hair_color))",
            "CREATE TABLE posts (id INTEGER AUTO_INCREMENT PRIMARY KEY, user_id INTEGER NOT NULL, \
             title VARCHAR(255) NOT NULL UNIQUE, body TEXT, INDEX posts_user_id (user_id), \
             FOREIGN KEY (user_id) REFERENCES users (id))",
            "CREATE TABLE comments (id INTEGER AUTO_INCREMENT PRIMARY KEY, post_id INTEGER NOT \
             NULL, text TEXT NOT NULL, FOREIGN KEY (post_id) REFERENCES posts (id))",
        ],
    };
    drops
        .into_iter()
        .chain(creates.iter().map(|sql| (*sql).to_owned()))
        .collect()
}

/// The statements that leave the tables as `workload` of size `n` starts from (`n` is
/// ignored by the loading workload, which has one size).
pub fn seed(backend: Backend, workload: Workload, n: usize) -> Vec<String> {
    let mut statements = create(backend);
    match workload {
        Workload::TrivialQuery => {
            statements.extend(users(n, |_| None));
        }
        Workload::MediumComplexQuery => {
            statements.extend(users(n, |i| Some(hair(i))));
        }
        Workload::LoadingAssociationsSequentially => {
            statements.extend(users(100, |i| Some(hair(i))));
            // Keys are 1.. in insert order on a fresh table.
            let posts: Vec<String> = (0..100 * 10)
                .map(|p| format!("({}, 'Post {p} by user {}', NULL)", p / 10 + 1, p / 10 + 1))
                .collect();
            statements.extend(chunked(
                "INSERT INTO posts (user_id, title, body) VALUES ",
                &posts,
            ));
            let comments: Vec<String> = (0..100 * 10 * 10)
                .map(|c| format!("({}, 'Comment {c} on post {}')", c / 10 + 1, c / 10 + 1))
                .collect();
            statements.extend(chunked(
                "INSERT INTO comments (post_id, text) VALUES ",
                &comments,
            ));
        }
        Workload::Insert => {}
    }
    if backend == Backend::Postgres {
        statements.push("ANALYZE".to_owned());
    }
    statements
}

/// `black` for even users, `brown` for odd ones.
fn hair(i: usize) -> &'static str {
    if i.is_multiple_of(2) {
        "black"
    } else {
        "brown"
    }
}

/// INSERTs of `n` users, the `i`th with `hair_color(i)`.
fn users(n: usize, hair_color: impl Fn(usize) -> Option<&'static str>) -> Vec<String> {
    let rows: Vec<String> = (0..n)
        .map(|i| match hair_color(i) {
            Some(color) => format!("('{}', '{color}')", user_name(i)),
            None => format!("('{}', NULL)", user_name(i)),
        })
        .collect();
    chunked("INSERT INTO users (name, hair_color) VALUES ", &rows)
}

/// `prefix` followed by `rows`, [`SEED_CHUNK`] rows per statement.
fn chunked(prefix: &str, rows: &[String]) -> Vec<String> {
    rows.chunks(SEED_CHUNK)
        .map(|chunk| format!("{prefix}{}", chunk.join(", ")))
        .collect()
}
