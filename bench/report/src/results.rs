//! criterion's results on disk: `<root>/<backend>/<group>/<contender>[/<N>]/new/`, each
//! with `benchmark.json` (the IDs) and `estimates.json` (the statistics, in nanoseconds).

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One benchmark's median.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// `sqlite`, `postgres`, `mysql`.
    pub backend: String,
    /// `bench_trivial_query`, ….
    pub group: String,
    /// `raw`, `retort_core`, ….
    pub contender: String,
    /// N, for the workloads measured at several sizes.
    pub size: Option<usize>,
    /// The median time of one run, in nanoseconds.
    pub median_ns: f64,
}

#[derive(Deserialize)]
struct BenchmarkIds {
    group_id: String,
    function_id: Option<String>,
    value_str: Option<String>,
}

#[derive(Deserialize)]
struct Estimates {
    median: Estimate,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
}

/// Every measurement under `root`, whose folders are named after the backends.
pub fn read_all(root: &Path) -> Result<Vec<Measurement>, String> {
    let mut measurements = Vec::new();
    let backends = std::fs::read_dir(root).map_err(|e| {
        format!(
            "cannot read {}: {e} (run the benchmarks first)",
            root.display()
        )
    })?;
    for backend in backends {
        let backend = backend.map_err(|e| e.to_string())?.path();
        if !backend.is_dir() {
            continue;
        }
        let name = backend
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        for dir in result_dirs(&backend)? {
            measurements.push(read_one(&name, &dir)?);
        }
    }
    measurements.sort_by(|a, b| {
        (&a.backend, &a.group, a.size, &a.contender).cmp(&(
            &b.backend,
            &b.group,
            b.size,
            &b.contender,
        ))
    });
    Ok(measurements)
}

/// The `new` folders holding a `benchmark.json` under `dir`.
fn result_dirs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if !path.is_dir() {
                continue;
            }
            if path.file_name().is_some_and(|n| n == "new") && path.join("benchmark.json").is_file()
            {
                found.push(path);
            } else if path
                .file_name()
                .is_some_and(|n| n != "report" && n != "base")
            {
                todo.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn read_one(backend: &str, dir: &Path) -> Result<Measurement, String> {
    let read = |file: &str| {
        std::fs::read_to_string(dir.join(file))
            .map_err(|e| format!("{}/{file}: {e}", dir.display()))
    };
    let ids: BenchmarkIds = serde_json::from_str(&read("benchmark.json")?)
        .map_err(|e| format!("{}/benchmark.json: {e}", dir.display()))?;
    let estimates: Estimates = serde_json::from_str(&read("estimates.json")?)
        .map_err(|e| format!("{}/estimates.json: {e}", dir.display()))?;
    let contender = ids
        .function_id
        .clone()
        .or_else(|| ids.value_str.clone())
        .ok_or_else(|| format!("{}: a benchmark without a contender", dir.display()))?;
    // `group/contender/N`, or `group/contender` (criterion names the latter's only part
    // the parameter).
    let size = match (&ids.function_id, &ids.value_str) {
        (Some(_), Some(value)) => Some(
            value
                .parse()
                .map_err(|_| format!("{}: size `{value}` is not a number", dir.display()))?,
        ),
        _ => None,
    };
    Ok(Measurement {
        backend: backend.to_owned(),
        group: ids.group_id,
        contender,
        size,
        median_ns: estimates.median.point_estimate,
    })
}
