//! The query and insert workloads under criterion, every contender on one backend per run:
//! `RETORT_BENCH_BACKEND` (`sqlite`, the default; `postgres`; `mysql`). Benchmark IDs are
//! `bench_<workload>/<contender>/<N>`; `bench/run` gives each backend its own
//! `CRITERION_HOME`.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion};
use query_bench::{Backend, Contender, Workload, contenders, schema};

fn backend() -> Backend {
    let name = std::env::var("RETORT_BENCH_BACKEND").unwrap_or_else(|_| "sqlite".into());
    Backend::from_name(&name).unwrap_or_else(|| {
        panic!("RETORT_BENCH_BACKEND={name}: expected sqlite, postgres or mysql")
    })
}

/// Contender `name`, on tables seeded for `workload` of size `n`.
fn seeded(name: &str, backend: Backend, workload: Workload, n: usize) -> Box<dyn Contender> {
    let mut contender =
        contenders::connect(name, backend).unwrap_or_else(|error| panic!("{name}: {error}"));
    for sql in schema::seed(backend, workload, n) {
        contender.execute(&sql);
    }
    contender
}

fn bench_workload(c: &mut Criterion, backend: Backend, workload: Workload) {
    let mut group = c.benchmark_group(workload.group());
    let sizes: Vec<Option<usize>> = match workload.sizes() {
        [] => vec![None],
        sizes => sizes.iter().copied().map(Some).collect(),
    };
    for size in sizes {
        for name in contenders::NAMES {
            let n = size.unwrap_or(0);
            let mut contender = seeded(name, backend, workload, n);
            let id = match size {
                Some(n) => BenchmarkId::new(name, n),
                None => BenchmarkId::from_parameter(name),
            };
            match workload {
                Workload::TrivialQuery => {
                    group.bench_function(id, |b| b.iter(|| contender.trivial_query()));
                }
                Workload::MediumComplexQuery => {
                    group.bench_function(id, |b| b.iter(|| contender.medium_complex_query()));
                }
                Workload::LoadingAssociationsSequentially => {
                    group.bench_function(id, |b| {
                        b.iter(|| contender.loading_associations_sequentially())
                    });
                }
                Workload::Insert => {
                    if let Some(inserter) = contender.inserter() {
                        group.bench_function(id, |b| b.iter(|| inserter.insert(n)));
                    }
                }
            }
        }
    }
    group.finish();
}

fn main() {
    let backend = backend();
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    for workload in Workload::ALL {
        bench_workload(&mut criterion, backend, workload);
    }
    criterion.final_summary();
}
