//! The query and insert workloads of docs/benchmarks.md, and the contenders that run them.
//!
//! Every contender implements [`Contender`]: the same four workloads, each returning a
//! count of what it read so that the tests (`tests/same_answers.rs`) can check that every
//! contender did the same work. The harness ([`schema`]) creates and fills the tables with
//! the same SQL for all of them, outside the timed part.
//!
//! ```no_run
//! use query_bench::{Backend, Workload, contenders};
//!
//! let backend = Backend::Sqlite;
//! let mut raw = contenders::connect("raw", backend).unwrap();
//! for sql in query_bench::schema::seed(backend, Workload::TrivialQuery, 100) {
//!     raw.execute(&sql);
//! }
//! assert_eq!(raw.trivial_query(), 100);
//! ```

pub mod backend;
pub mod contenders;
pub mod rows;
pub mod schema;

pub use backend::Backend;

/// The Retort modules generated from `bench/models.yaml`.
pub mod models {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

/// The workloads, as their benchmark groups are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// N users; select them all into row structs.
    TrivialQuery,
    /// N users, half with black hair; users LEFT JOIN posts where the hair is black.
    MediumComplexQuery,
    /// 100 users × 10 posts × 10 comments; all of them in three queries, grouped.
    LoadingAssociationsSequentially,
    /// One multi-row INSERT of N users.
    Insert,
}

impl Workload {
    /// Every workload, in report order.
    pub const ALL: [Workload; 4] = [
        Workload::TrivialQuery,
        Workload::MediumComplexQuery,
        Workload::LoadingAssociationsSequentially,
        Workload::Insert,
    ];

    /// The criterion group: `bench_trivial_query`, ….
    pub fn group(self) -> &'static str {
        match self {
            Workload::TrivialQuery => "bench_trivial_query",
            Workload::MediumComplexQuery => "bench_medium_complex_query",
            Workload::LoadingAssociationsSequentially => "bench_loading_associations_sequentially",
            Workload::Insert => "bench_insert",
        }
    }

    /// The sizes measured (`None`: the workload has one fixed size).
    pub fn sizes(self) -> &'static [usize] {
        match self {
            Workload::TrivialQuery | Workload::MediumComplexQuery => &[1, 10, 100, 1_000, 10_000],
            Workload::LoadingAssociationsSequentially => &[],
            Workload::Insert => &[1, 10, 25, 50, 100],
        }
    }
}

/// What every contender does: each workload as a careful program using that library would
/// write it. Setup runs through [`Contender::execute`]; the other methods are timed.
pub trait Contender {
    /// Runs one statement of setup (DDL, seed data): not timed.
    fn execute(&mut self, sql: &str);

    /// All users, as row structs. Returns how many.
    fn trivial_query(&mut self) -> usize;

    /// Users LEFT JOIN posts ON user_id WHERE hair_color = 'black', as (user, optional
    /// post) pairs. Returns how many pairs.
    fn medium_complex_query(&mut self) -> usize;

    /// All users, their posts, their posts' comments — three queries — grouped as
    /// `Vec<(User, Vec<(Post, Vec<Comment>)>)>`. Returns users + posts + comments.
    fn loading_associations_sequentially(&mut self) -> usize;

    /// The contender's part in the insert workload; `None` when it takes none (the ORM
    /// session: the workload is one multi-row INSERT).
    fn inserter(&mut self) -> Option<&mut dyn Inserter>;
}

/// The insert workload.
pub trait Inserter {
    /// Inserts `n` users (`name = "User {i}"`, no hair colour) in one multi-row INSERT.
    fn insert(&mut self, n: usize);
}

/// The name of the `i`th user of every workload.
pub fn user_name(i: usize) -> String {
    format!("User {i}")
}
