//! docs/benchmarks.md: per workload and backend, a table of medians with each contender's
//! ratio to the raw driver, its chart, and the targets of issue 7 checked against them.

use std::fmt::Write;

use crate::results::Measurement;

/// The workloads, in report order, with what each one does.
pub const WORKLOADS: [(&str, &str); 4] = [
    (
        "bench_trivial_query",
        "N users (`name = 'User {i}'`, no hair colour); timed: select all users into a Vec of \
         row structs.",
    ),
    (
        "bench_medium_complex_query",
        "N users, hair `black` for even i and `brown` for odd i, no posts; timed: users LEFT \
         JOIN posts ON user_id WHERE hair_color = 'black', into Vec<(User, Option<Post>)>.",
    ),
    (
        "bench_loading_associations_sequentially",
        "100 users, 10 posts each, 10 comments per post; timed: all users, their posts, their \
         posts' comments — three queries — grouped into Vec<(User, Vec<(Post, Vec<Comment>)>)>.",
    ),
    (
        "bench_insert",
        "timed: one multi-row INSERT of N users (the table grows across iterations).",
    ),
];

/// The contenders in report order (the raw driver first: the baseline).
pub const CONTENDERS: [&str; 6] = ["raw", "retort_core", "retort_orm", "diesel", "sea_orm", "sqlx"];

/// The backends in report order.
pub const BACKENDS: [&str; 3] = ["sqlite", "postgres", "mysql"];

/// `1.23 µs`.
pub fn duration(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

/// The measurements of one backend's workload.
pub fn of<'a>(all: &'a [Measurement], backend: &str, group: &str) -> Vec<&'a Measurement> {
    all.iter()
        .filter(|m| m.backend == backend && m.group == group)
        .collect()
}

/// The contenders present among `measurements`, in report order.
pub fn contenders_in(measurements: &[&Measurement]) -> Vec<String> {
    let mut names: Vec<String> = CONTENDERS
        .iter()
        .filter(|c| measurements.iter().any(|m| m.contender == **c))
        .map(|c| (*c).to_owned())
        .collect();
    // Any other contender, after the known ones.
    for m in measurements {
        if !names.contains(&m.contender) {
            names.push(m.contender.clone());
        }
    }
    names
}

/// The table of one backend's workload: a row per contender, a column per N.
pub fn table(measurements: &[&Measurement]) -> String {
    let mut sizes: Vec<Option<usize>> = measurements.iter().map(|m| m.size).collect();
    sizes.sort();
    sizes.dedup();
    let mut out = String::new();
    out.push_str("| contender |");
    for size in &sizes {
        match size {
            Some(n) => write!(out, " N = {n} |").unwrap(),
            None => out.push_str(" median |"),
        }
    }
    out.push_str("\n| --- |");
    for _ in &sizes {
        out.push_str(" ---: |");
    }
    out.push('\n');
    for contender in contenders_in(measurements) {
        write!(out, "| {contender} |").unwrap();
        for size in &sizes {
            let cell = measurements
                .iter()
                .find(|m| m.contender == contender && m.size == *size);
            let raw = measurements
                .iter()
                .find(|m| m.contender == "raw" && m.size == *size);
            match (cell, raw) {
                (Some(m), Some(raw)) => write!(
                    out,
                    " {} ({:.2}×) |",
                    duration(m.median_ns),
                    m.median_ns / raw.median_ns
                )
                .unwrap(),
                (Some(m), None) => write!(out, " {} |", duration(m.median_ns)).unwrap(),
                (None, _) => out.push_str(" — |"),
            }
        }
        out.push('\n');
    }
    out
}
