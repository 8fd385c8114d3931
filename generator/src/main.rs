//! `retort`: generate typed Rust modules from a model spec, or check checked-in ones.
//!
//! Exit codes: 0 success; 1 `check` found drift; 2 bad input (arguments, unreadable files,
//! an invalid spec, files that are not retort's in the way).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use retort_codegen::render::GeneratedFile;
use retort_codegen::{Error, Layout, generate_files, output};

#[derive(Parser)]
#[command(
    name = "retort",
    version,
    about = "Typed Rust modules from a database model spec"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the modules of a spec: DIR/mod.rs and a file per table, or with --crate a whole
    /// crate in DIR.
    Generate(Target),
    /// Exit 0 when DIR holds exactly what `generate` would write, 1 with a diff otherwise.
    Check(Target),
}

#[derive(Args)]
struct Target {
    /// The YAML model spec.
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The output directory.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Generate a whole crate with this name (Cargo.toml, src/lib.rs, src/<table>.rs).
    #[arg(long = "crate", value_name = "NAME")]
    crate_name: Option<String>,
    /// For --crate: depend on the retort runtime at this path (relative to the crate)
    /// instead of by version.
    #[arg(long, value_name = "PATH", requires = "crate_name")]
    retort_path: Option<String>,
    /// Templates overriding the embedded ones (mod.rs.tera, table.rs.tera,
    /// crate/Cargo.toml.tera).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(target) => generate(&target),
        Command::Check(target) => check(&target),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let message = error.to_string();
            eprintln!("retort: {}", message.trim_end());
            ExitCode::from(2)
        }
    }
}

/// What `target` would write.
fn files(target: &Target) -> Result<Vec<GeneratedFile>, Error> {
    let layout = match &target.crate_name {
        Some(name) => {
            if !is_crate_name(name) {
                return Err(Error::Config(format!(
                    "`{name}` is not a valid crate name: use letters, digits, `-` and `_`, starting with a letter"
                )));
            }
            let retort_dependency = match &target.retort_path {
                Some(path) => format!("path = {path:?}"),
                None => format!("version = \"{}\"", env!("CARGO_PKG_VERSION")),
            };
            Layout::Crate {
                name: name.clone(),
                retort_dependency,
            }
        }
        None => Layout::Modules,
    };
    generate_files(&target.spec, &layout, target.templates.as_deref())
}

fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn generate(target: &Target) -> Result<ExitCode, Error> {
    let report = output::write(&target.out, &files(target)?)?;
    for path in &report.written {
        eprintln!("wrote {}", path.display());
    }
    for path in &report.removed {
        eprintln!("removed {} (no longer generated)", path.display());
    }
    for path in &report.kept {
        eprintln!("kept {} (no generated marker: yours now)", path.display());
    }
    if report.written.is_empty() && report.removed.is_empty() {
        eprintln!("{} is up to date", target.out.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn check(target: &Target) -> Result<ExitCode, Error> {
    let drift = output::check(&target.out, &files(target)?)?;
    if drift.is_empty() {
        eprintln!("{} matches {}", target.out.display(), target.spec.display());
        return Ok(ExitCode::SUCCESS);
    }
    print!("{drift}");
    eprintln!(
        "retort: {} differs from what {} generates ({} file(s)); run `retort generate` with the same arguments",
        target.out.display(),
        target.spec.display(),
        drift.differences.len()
    );
    Ok(ExitCode::from(1))
}
