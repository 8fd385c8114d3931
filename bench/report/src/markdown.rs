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
pub const CONTENDERS: [&str; 6] = [
    "raw",
    "retort_core",
    "retort_orm",
    "diesel",
    "sea_orm",
    "sqlx",
];

/// Each async contender and the sync one it is compared with in "The cost of async"; the
/// async ones appear only there, not in the workload tables and charts.
pub const ASYNC_PAIRS: [(&str, &str); 3] = [
    ("retort_core_async", "retort_core"),
    ("retort_orm_async", "retort_orm"),
    ("diesel_async", "diesel"),
];

/// Whether `contender` is one of the async contenders.
fn is_async(contender: &str) -> bool {
    ASYNC_PAIRS.iter().any(|(name, _)| *name == contender)
}

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
    // Any other contender, after the known ones (the async ones have a section of their own).
    for m in measurements {
        if !names.contains(&m.contender) && !is_async(&m.contender) {
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

/// "The cost of async": per backend, each async contender's median and its ratio to its
/// sync counterpart's (same run, same N), workload by workload.
pub fn cost_of_async(all: &[Measurement]) -> String {
    if !all.iter().any(|m| is_async(&m.contender)) {
        return String::new();
    }
    let mut out = String::new();
    out.push_str(
        "## The cost of async

\
         Each async contender drives its calls on a current-thread tokio runtime (`block_on` \
         per call, as the SQLx and SeaORM contenders do). The figure in brackets is its median \
         divided by the median of the sync contender it pairs with, in the same run and at the \
         same N: what choosing the async API costs (or saves) for the same work. \
         `retort_core_async` and `retort_orm_async` run the same Core and ORM code as \
         `retort_core` and `retort_orm`, over the async drivers (tokio-postgres on the \
         caller's runtime, mysql_async, SQLite on a thread per connection).\n\n",
    );
    for backend in BACKENDS {
        let rows: Vec<&Measurement> = all
            .iter()
            .filter(|m| m.backend == backend && is_async(&m.contender))
            .collect();
        if rows.is_empty() {
            continue;
        }
        writeln!(out, "### {}\n", backend_title(backend)).unwrap();
        out.push_str("| workload | N |");
        for (name, sync) in ASYNC_PAIRS {
            write!(out, " {name} ÷ {sync} |").unwrap();
        }
        out.push_str("\n| --- | ---: |");
        for _ in ASYNC_PAIRS {
            out.push_str(" ---: |");
        }
        out.push('\n');
        for (group, _) in WORKLOADS {
            let mut sizes: Vec<Option<usize>> = rows
                .iter()
                .filter(|m| m.group == group)
                .map(|m| m.size)
                .collect();
            sizes.sort();
            sizes.dedup();
            for size in sizes {
                let n = size.map_or("—".to_owned(), |n| n.to_string());
                write!(out, "| `{}` | {n} |", group.trim_start_matches("bench_")).unwrap();
                for (name, sync) in ASYNC_PAIRS {
                    let find = |contender: &str| {
                        all.iter().find(|m| {
                            m.backend == backend
                                && m.group == group
                                && m.size == size
                                && m.contender == contender
                        })
                    };
                    match (find(name), find(sync)) {
                        (Some(a), Some(s)) => write!(
                            out,
                            " {} ({:.2}×) |",
                            duration(a.median_ns),
                            a.median_ns / s.median_ns
                        )
                        .unwrap(),
                        (Some(a), None) => write!(out, " {} |", duration(a.median_ns)).unwrap(),
                        (None, _) => out.push_str(" — |"),
                    }
                }
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out
}

/// `document` (docs/benchmarks.md) with "The cost of async" made from `all`, a run of only
/// the async contenders and their sync counterparts (`bench/run --async`): in place of the
/// section if the document has one, else before the sections that follow the workloads.
pub fn with_async_section(document: &str, all: &[Measurement]) -> String {
    let section = cost_of_async(all).replace(
        "## The cost of async\n\n",
        "## The cost of async\n\n\
         Measured in a run of its own (`bench/run --async`: these six contenders only, on the \
         machine above), after the run of the workload tables.\n\n",
    );
    let heading = "## The cost of async\n";
    let (before, after) = match document.find(heading) {
        Some(start) => {
            let rest = &document[start + heading.len()..];
            let end = rest
                .find("\n## ")
                .map_or(document.len(), |i| start + heading.len() + i + 1);
            (&document[..start], &document[end..])
        }
        None => {
            let at = [
                "## Code generation",
                "## What was changed",
                "## Not measured",
            ]
            .iter()
            .filter_map(|h| document.find(h))
            .min()
            .unwrap_or(document.len());
            (&document[..at], &document[at..])
        }
    };
    let mut out = String::with_capacity(document.len() + section.len());
    out.push_str(before);
    out.push_str(&section);
    out.push_str(after);
    out
}

/// What the report is made of besides the medians.
pub struct Extras {
    /// The machine the run was on (Markdown).
    pub machine: String,
    /// What was changed for speed and what each change bought (Markdown), if written.
    pub changes: Option<String>,
    /// Further sections written by other benchmarks (code generation, compile time), each
    /// Markdown starting with its own `##` heading.
    pub sections: Vec<String>,
    /// Parts of the suite this run did not measure, one line each.
    pub not_measured: Vec<String>,
}

/// The backend's name as the report titles it.
fn backend_title(backend: &str) -> &str {
    match backend {
        "sqlite" => "SQLite",
        "postgres" => "PostgreSQL",
        "mysql" => "MySQL / MariaDB",
        other => other,
    }
}

/// The chart file of one backend's workload, relative to the charts folder.
pub fn chart_file(backend: &str, group: &str) -> String {
    format!("{backend}-{}.svg", group.trim_start_matches("bench_"))
}

/// The whole of docs/benchmarks.md. `charts` is the charts folder as the document links
/// it (relative to the document).
pub fn document(
    all: &[Measurement],
    verdicts: &[(String, Vec<crate::targets::Verdict>)],
    charts: &str,
    extras: &Extras,
) -> String {
    let mut out = String::new();
    out.push_str(
        "# Benchmarks\n\n\
         Written by `bench/run` (see `bench/README.md`); do not edit by hand. Every contender \
         runs the same workloads in one run of criterion per database, so that ratios hold on \
         a noisy machine. Times are criterion's medians; the figure in brackets is the ratio \
         to the raw driver on the same database and N (lower is faster).\n\n",
    );
    out.push_str("## The machine\n\n");
    out.push_str(extras.machine.trim_end());
    out.push_str("\n\n## Targets\n\n");
    for (backend, verdicts) in verdicts {
        writeln!(out, "### {}\n", backend_title(backend)).unwrap();
        out.push_str("| target | verdict |\n| --- | --- |\n");
        for verdict in verdicts {
            writeln!(out, "| {} | {} |", verdict.target, verdict.status).unwrap();
        }
        out.push('\n');
    }
    for (group, description) in WORKLOADS {
        writeln!(out, "## `{group}`\n\n{description}\n").unwrap();
        for backend in BACKENDS {
            let measurements = of(all, backend, group);
            if measurements.is_empty() {
                continue;
            }
            writeln!(out, "### {}\n", backend_title(backend)).unwrap();
            out.push_str(&table(&measurements));
            writeln!(
                out,
                "\n![{group} on {backend}: ratio to the raw driver]({charts}/{})\n",
                chart_file(backend, group)
            )
            .unwrap();
        }
    }
    out.push_str(&cost_of_async(all));
    for section in &extras.sections {
        out.push_str(section.trim_end());
        out.push_str("\n\n");
    }
    if let Some(changes) = &extras.changes {
        out.push_str("## What was changed, and what it bought\n\n");
        out.push_str(changes.trim_end());
        out.push_str("\n\n");
    }
    if !extras.not_measured.is_empty() {
        out.push_str("## Not measured in this run\n\n");
        for line in &extras.not_measured {
            writeln!(out, "- {line}").unwrap();
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The contenders and backends missing from `all`, one line each.
pub fn missing(all: &[Measurement]) -> Vec<String> {
    let mut lines = Vec::new();
    for backend in BACKENDS {
        let ran: Vec<&str> = all
            .iter()
            .filter(|m| m.backend == backend)
            .map(|m| m.contender.as_str())
            .collect();
        if ran.is_empty() {
            lines.push(format!(
                "{}: no results (its server's URL was not set)",
                backend_title(backend)
            ));
            continue;
        }
        let absent: Vec<&str> = CONTENDERS
            .iter()
            .copied()
            .filter(|c| !ran.contains(c))
            .collect();
        if !absent.is_empty() {
            lines.push(format!(
                "{}: no results for {}",
                backend_title(backend),
                absent.join(", ")
            ));
        }
    }
    lines
}
