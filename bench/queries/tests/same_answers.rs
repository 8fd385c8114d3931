//! Every contender does the same work: the same counts from every workload, on SQLite and
//! on each server whose `RETORT_BENCH_*_URL` is set (a set URL that cannot be reached
//! fails).

use query_bench::{Backend, Contender, Workload, contenders, schema};

fn seeded(name: &str, backend: Backend, workload: Workload, n: usize) -> Box<dyn Contender> {
    let mut contender =
        contenders::connect(name, backend).unwrap_or_else(|error| panic!("{name}: {error}"));
    for sql in schema::seed(backend, workload, n) {
        contender.execute(&sql);
    }
    contender
}

/// The contenders of a server share its tables: one test at a time.
static SERVER_TABLES: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn configured() -> Vec<Backend> {
    Backend::ALL
        .into_iter()
        .filter(|backend| backend.url().is_some())
        .collect()
}

#[test]
fn every_contender_reads_the_same() {
    let _tables = SERVER_TABLES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for backend in configured() {
        for name in contenders::NAMES {
            let context = format!("{name} on {backend}");
            let mut c = seeded(name, backend, Workload::TrivialQuery, 100);
            assert_eq!(c.trivial_query(), 100, "{context}");
            assert_eq!(c.trivial_query(), 100, "{context}, again");
            let mut c = seeded(name, backend, Workload::MediumComplexQuery, 100);
            // 50 users with black hair, none with posts: 50 (user, None) pairs.
            assert_eq!(c.medium_complex_query(), 50, "{context}");
            let mut c = seeded(name, backend, Workload::LoadingAssociationsSequentially, 0);
            assert_eq!(
                c.loading_associations_sequentially(),
                100 + 100 * 10 + 100 * 10 * 10,
                "{context}"
            );
        }
    }
}

#[test]
fn the_join_pairs_each_post_with_its_user() {
    let _tables = SERVER_TABLES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for backend in configured() {
        for name in contenders::NAMES {
            // 50 black-haired users of 100 have 10 posts each; the 50 others are brown.
            let mut c = seeded(name, backend, Workload::LoadingAssociationsSequentially, 0);
            assert_eq!(c.medium_complex_query(), 50 * 10, "{name} on {backend}");
        }
    }
}

#[test]
fn every_inserter_inserts_n_users() {
    let _tables = SERVER_TABLES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for backend in configured() {
        for name in contenders::NAMES {
            let mut c = seeded(name, backend, Workload::Insert, 0);
            let Some(inserter) = c.inserter() else {
                // The sessions sit the insert out, and diesel-async's SQLite wrapper cannot
                // run a multi-row INSERT.
                let excused = matches!(name, "retort_orm" | "retort_orm_async")
                    || (name == "diesel_async" && backend == Backend::Sqlite);
                assert!(excused, "{name} on {backend} has no inserter");
                continue;
            };
            inserter.insert(25);
            inserter.insert(1);
            assert_eq!(c.trivial_query(), 26, "{name} on {backend}");
        }
    }
}
