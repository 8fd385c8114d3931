//! The targets of issue 7, checked against the medians: each one met, missed (with the
//! worst case), or not measured (a contender that was not run).

use crate::results::Measurement;

/// The query workloads.
const QUERIES: [&str; 3] = [
    "bench_trivial_query",
    "bench_medium_complex_query",
    "bench_loading_associations_sequentially",
];

/// One target's verdict on one backend.
pub struct Verdict {
    /// What is aimed at.
    pub target: &'static str,
    /// `met`, `missed: …`, `not measured: …`.
    pub status: String,
}

/// `contender`'s median over `other`'s, at each point both ran, in `groups`, for N in
/// `sizes` (`None` admits every N, and the one-size workload always counts).
fn ratios(
    measurements: &[Measurement],
    backend: &str,
    contender: &str,
    other: &str,
    groups: &[&str],
    sizes: impl Fn(usize) -> bool,
) -> Vec<(String, f64)> {
    measurements
        .iter()
        .filter(|m| m.backend == backend && m.contender == contender)
        .filter(|m| groups.contains(&m.group.as_str()))
        .filter(|m| m.size.is_none_or(&sizes))
        .filter_map(|m| {
            let base = measurements.iter().find(|b| {
                b.backend == backend
                    && b.group == m.group
                    && b.size == m.size
                    && b.contender == other
            })?;
            let at = match m.size {
                Some(n) => format!("{} N = {n}", short(&m.group)),
                None => short(&m.group).to_owned(),
            };
            Some((at, m.median_ns / base.median_ns))
        })
        .collect()
}

fn short(group: &str) -> &str {
    group.trim_start_matches("bench_")
}

/// Met when every ratio is at most `limit`; else the worst one.
fn at_most(points: &[(String, f64)], limit: f64, missing: &str) -> String {
    if points.is_empty() {
        return format!("not measured: {missing}");
    }
    let worst = points
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("not empty");
    if worst.1 <= limit {
        format!("met (worst {:.2}× at {})", worst.1, worst.0)
    } else {
        let over = points.iter().filter(|(_, r)| *r > limit).count();
        format!(
            "**missed** at {over} of {} points (worst {:.2}× at {})",
            points.len(),
            worst.1,
            worst.0
        )
    }
}

/// Every target's verdict on `backend`.
pub fn check(measurements: &[Measurement], backend: &str) -> Vec<Verdict> {
    let large = |n: usize| n >= 100;
    let any = |_: usize| true;
    let mut verdicts = vec![
        Verdict {
            target: "Retort Core within 1.10× of the raw driver, query workloads, N ≥ 100",
            status: at_most(
                &ratios(measurements, backend, "retort_core", "raw", &QUERIES, large),
                1.10,
                "Retort Core or the raw driver",
            ),
        },
        Verdict {
            target: "the ORM session within 1.5× of the raw driver, query workloads, N ≥ 100",
            status: at_most(
                &ratios(measurements, backend, "retort_orm", "raw", &QUERIES, large),
                1.5,
                "the ORM session or the raw driver",
            ),
        },
    ];
    // At N = 1, Core's ratio to raw no worse than Diesel's.
    let core_n1 = ratios(
        measurements,
        backend,
        "retort_core",
        "raw",
        &QUERIES[..2],
        |n| n == 1,
    );
    let diesel_n1 = ratios(measurements, backend, "diesel", "raw", &QUERIES[..2], |n| {
        n == 1
    });
    let status = if diesel_n1.is_empty() || core_n1.is_empty() {
        "not measured: Diesel was not run".to_owned()
    } else {
        let relative: Vec<(String, f64)> = core_n1
            .iter()
            .filter_map(|(at, core)| {
                let diesel = diesel_n1.iter().find(|(d, _)| d == at)?.1;
                Some((at.clone(), core / diesel))
            })
            .collect();
        at_most(&relative, 1.0, "Diesel")
    };
    verdicts.push(Verdict {
        target: "Retort Core's ratio at N = 1 no worse than Diesel's",
        status,
    });
    for (contender, label) in [("retort_core", "Core"), ("retort_orm", "the ORM session")] {
        for (peer, peer_label) in [("sea_orm", "SeaORM"), ("sqlx", "SQLx")] {
            verdicts.push(Verdict {
                target: match (label, peer_label) {
                    ("Core", "SeaORM") => "Retort Core ahead of SeaORM",
                    ("Core", _) => "Retort Core ahead of SQLx",
                    (_, "SeaORM") => "the ORM session ahead of SeaORM",
                    _ => "the ORM session ahead of SQLx",
                },
                status: at_most(
                    &ratios(measurements, backend, contender, peer, &QUERIES, any),
                    1.0,
                    &format!("{peer_label} was not run"),
                ),
            });
        }
    }
    verdicts.push(Verdict {
        target: "Retort Core at least level with Diesel (within 2 %)",
        status: at_most(
            &ratios(
                measurements,
                backend,
                "retort_core",
                "diesel",
                &QUERIES,
                any,
            ),
            1.02,
            "Diesel was not run",
        ),
    });
    verdicts
}
