//! `bench-report`: reads criterion's results of every backend, draws a chart per backend
//! and workload, checks the targets, and writes docs/benchmarks.md. `bench/run` calls it
//! after the benchmarks; run by hand (from `bench/`):
//!
//! ```text
//! cargo run -p bench-report -- --criterion target/criterion --out ../docs/benchmarks.md \
//!     --charts ../docs/benchmarks --machine target/machine.md --changes changes.md \
//!     [--section target/codegen.md]... [--not-measured "line"]...
//! ```
//!
//! With `--async-only`, it puts only "The cost of async" into the existing `--out`, in place
//! of that section if there is one: `bench/run --async` measures just the async contenders
//! and their sync counterparts, and leaves the rest of the report as the last full run
//! wrote it.

mod chart;
mod markdown;
mod results;
mod targets;

use std::path::{Path, PathBuf};

/// The command line.
struct Args {
    criterion: PathBuf,
    out: PathBuf,
    charts: PathBuf,
    machine: PathBuf,
    changes: Option<PathBuf>,
    sections: Vec<PathBuf>,
    not_measured: Vec<String>,
    async_only: bool,
}

const USAGE: &str = "usage: bench-report --criterion DIR --out FILE --charts DIR --machine FILE \
                     [--changes FILE] [--section FILE]... [--not-measured LINE]... [--async-only]";

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut criterion, mut out, mut charts, mut machine) = (None, None, None, None);
    let mut changes = None;
    let mut sections = Vec::new();
    let mut not_measured = Vec::new();
    let mut async_only = false;
    while let Some(flag) = args.next() {
        if flag == "--async-only" {
            async_only = true;
            continue;
        }
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--criterion" => criterion = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--charts" => charts = Some(PathBuf::from(value()?)),
            "--machine" => machine = Some(PathBuf::from(value()?)),
            "--changes" => changes = Some(PathBuf::from(value()?)),
            "--section" => sections.push(PathBuf::from(value()?)),
            "--not-measured" => not_measured.push(value()?),
            _ => return Err(format!("unknown argument `{flag}`\n{USAGE}")),
        }
    }
    let required = |value: Option<PathBuf>, flag: &str| {
        value.ok_or_else(|| format!("{flag} is required\n{USAGE}"))
    };
    Ok(Args {
        criterion: required(criterion, "--criterion")?,
        out: required(out, "--out")?,
        charts: required(charts, "--charts")?,
        machine: required(machine, "--machine")?,
        changes,
        sections,
        not_measured,
        async_only,
    })
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The charts folder as the document links it: relative to the document's folder when it
/// lies under it, else as given.
fn link_to(charts: &Path, document: &Path) -> String {
    let base = document.parent().unwrap_or(Path::new(""));
    charts
        .strip_prefix(base)
        .unwrap_or(charts)
        .to_string_lossy()
        .into_owned()
}

fn run(args: Args) -> Result<(), String> {
    let all = results::read_all(&args.criterion)?;
    if all.is_empty() {
        return Err(format!(
            "no criterion results under {} (run the benchmarks first)",
            args.criterion.display()
        ));
    }
    if args.async_only {
        let document = markdown::with_async_section(&read(&args.out)?, &all);
        std::fs::write(&args.out, document).map_err(|e| format!("{}: {e}", args.out.display()))?;
        println!("wrote {} ({} medians)", args.out.display(), all.len());
        return Ok(());
    }
    std::fs::create_dir_all(&args.charts).map_err(|e| format!("{}: {e}", args.charts.display()))?;
    for (group, _) in markdown::WORKLOADS {
        for backend in markdown::BACKENDS {
            let measurements = markdown::of(&all, backend, group);
            if measurements.is_empty() {
                continue;
            }
            let contenders = markdown::contenders_in(&measurements);
            let series = chart::ratios(&measurements, &contenders);
            let path = args.charts.join(markdown::chart_file(backend, group));
            chart::draw(&path, &format!("{group} on {backend}"), &series)?;
        }
    }
    let verdicts: Vec<(String, Vec<targets::Verdict>)> = markdown::BACKENDS
        .iter()
        .filter(|backend| all.iter().any(|m| m.backend == **backend))
        .map(|backend| ((*backend).to_owned(), targets::check(&all, backend)))
        .collect();
    let mut not_measured = markdown::missing(&all);
    not_measured.extend(args.not_measured);
    let extras = markdown::Extras {
        machine: read(&args.machine)?,
        changes: args.changes.as_deref().map(read).transpose()?,
        sections: args
            .sections
            .iter()
            .map(|path| read(path))
            .collect::<Result<_, _>>()?,
        not_measured,
    };
    let document = markdown::document(&all, &verdicts, &link_to(&args.charts, &args.out), &extras);
    std::fs::write(&args.out, document).map_err(|e| format!("{}: {e}", args.out.display()))?;
    println!(
        "wrote {} ({} medians) and its charts in {}",
        args.out.display(),
        all.len(),
        args.charts.display()
    );
    Ok(())
}

fn main() {
    let outcome = parse(std::env::args().skip(1)).and_then(run);
    if let Err(error) = outcome {
        eprintln!("bench-report: {error}");
        std::process::exit(1);
    }
}
