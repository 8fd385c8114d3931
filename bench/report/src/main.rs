//! Work in progress (issue 7): the report binary that will read criterion's results
//! (`results`), check the targets (`targets`), draw charts (`chart`) and write
//! docs/benchmarks.md (`markdown`). Not wired up yet: see the note.

mod chart;
mod markdown;
mod results;
mod targets;

fn main() {
    eprintln!("bench-report is not finished yet (issue 7)");
    std::process::exit(2);
}
