//! Runs one workload of one contender many times, for a profiler (perf, callgrind) to look
//! at where the time goes, without criterion's statistics in the picture:
//!
//! ```text
//! cargo build --profile bench -p query-bench --example profile
//! valgrind --tool=callgrind target/release/examples/profile retort_core medium 10000 20
//! ```
//!
//! Arguments: contender (`raw`, `retort_core`, …), workload (`trivial`, `medium`,
//! `loading`, `insert`), N, iterations. The backend is `RETORT_BENCH_BACKEND` (sqlite by
//! default), as for the benchmarks.

use query_bench::{Backend, Workload, contenders, schema};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [contender, workload, n, iterations] = args.as_slice() else {
        return Err("usage: profile CONTENDER trivial|medium|loading|insert N ITERATIONS".into());
    };
    let workload = match workload.as_str() {
        "trivial" => Workload::TrivialQuery,
        "medium" => Workload::MediumComplexQuery,
        "loading" => Workload::LoadingAssociationsSequentially,
        "insert" => Workload::Insert,
        other => return Err(format!("unknown workload `{other}`")),
    };
    let n: usize = n.parse().map_err(|_| format!("N `{n}` is not a number"))?;
    let iterations: usize = iterations
        .parse()
        .map_err(|_| format!("iterations `{iterations}` is not a number"))?;
    let name = std::env::var("RETORT_BENCH_BACKEND").unwrap_or_else(|_| "sqlite".into());
    let backend = Backend::from_name(&name).ok_or_else(|| format!("unknown backend `{name}`"))?;
    let mut contender = contenders::connect(contender, backend)?;
    for sql in schema::seed(backend, workload, n) {
        contender.execute(&sql);
    }
    let mut total = 0;
    for _ in 0..iterations {
        total += match workload {
            Workload::TrivialQuery => contender.trivial_query(),
            Workload::MediumComplexQuery => contender.medium_complex_query(),
            Workload::LoadingAssociationsSequentially => {
                contender.loading_associations_sequentially()
            }
            Workload::Insert => {
                let inserter = contender
                    .inserter()
                    .ok_or("this contender takes no part in the insert workload")?;
                inserter.insert(n);
                n
            }
        };
    }
    println!("{total} rows in {iterations} iterations");
    Ok(())
}
