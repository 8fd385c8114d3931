//! `retort`: generate typed Rust modules from a model spec or a live database, or check
//! checked-in ones.
//!
//! Exit codes: 0 success; 1 `check` found drift; 2 bad input (arguments, unreadable files,
//! an invalid spec, an unreachable database, files that are not retort's in the way).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{ArgGroup, Args, Parser, Subcommand};
use retort_codegen::introspect::{IntrospectOptions, Introspection, introspect};
use retort_codegen::render::GeneratedFile;
use retort_codegen::{Error, Layout, generate_files, model_files, output};

#[derive(Parser)]
#[command(
    name = "retort",
    version,
    about = "Typed Rust modules from a database model spec or a live database"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the modules of a spec: DIR/mod.rs and a file per table, or with --crate a whole
    /// crate in DIR.
    Generate {
        /// The YAML model spec.
        #[arg(long, value_name = "FILE")]
        spec: PathBuf,
        #[command(flatten)]
        output: Output,
    },
    /// Read a live database and write its modules (--out) and/or its spec (--emit-spec).
    #[command(group(ArgGroup::new("target").required(true).multiple(true).args(["emit_spec", "out"])))]
    Introspect {
        #[command(flatten)]
        database: Database,
        /// Write the spec read from the database, to edit and generate from.
        #[arg(long, value_name = "FILE")]
        emit_spec: Option<PathBuf>,
        #[command(flatten)]
        output: OptionalOutput,
    },
    /// Exit 0 when DIR holds exactly what `generate` (--spec) or `introspect` (--url) would
    /// write, 1 with a diff otherwise.
    Check {
        /// The YAML model spec.
        #[arg(
            long,
            value_name = "FILE",
            required_unless_present = "url",
            conflicts_with = "url"
        )]
        spec: Option<PathBuf>,
        #[command(flatten)]
        database: OptionalDatabase,
        #[command(flatten)]
        output: Output,
    },
}

/// Where generated code goes.
#[derive(Args)]
struct Output {
    /// The output directory.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    layout: LayoutArgs,
}

/// Where generated code goes, when it is wanted.
#[derive(Args)]
struct OptionalOutput {
    /// The output directory for the generated modules (or crate, with --crate).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    layout: LayoutArgs,
}

#[derive(Args)]
struct LayoutArgs {
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

/// The database to read.
#[derive(Args)]
struct Database {
    /// The database: sqlite://FILE, postgres://…, mysql://… (or mariadb://…).
    #[arg(long, value_name = "URL")]
    url: String,
    #[command(flatten)]
    selection: Selection,
}

/// The database to read, for `check`.
#[derive(Args)]
struct OptionalDatabase {
    /// Compare with what `introspect` would write for this database.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    #[command(flatten)]
    selection: Selection,
}

/// What of the database to read.
#[derive(Args)]
struct Selection {
    /// The schema to read: a PostgreSQL schema (default: the connection's current schema,
    /// normally public), another MySQL database of the server, an attached SQLite database.
    #[arg(long, value_name = "SCHEMA")]
    schema: Option<String>,
    /// Only these tables (comma-separated).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    tables: Option<Vec<String>>,
    /// Leave out these tables (comma-separated).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    exclude: Vec<String>,
    /// Generate views too, read-only.
    #[arg(long)]
    views: bool,
    /// The model's name (the generated docs' title).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate { spec, output } => generate_from_spec(&spec, &output),
        Command::Introspect {
            database,
            emit_spec,
            output,
        } => introspect_command(&database, emit_spec.as_deref(), &output),
        Command::Check {
            spec,
            database,
            output,
        } => check(spec.as_deref(), &database, &output),
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

fn layout(args: &LayoutArgs) -> Result<Layout, Error> {
    Ok(match &args.crate_name {
        Some(name) => {
            if !is_crate_name(name) {
                return Err(Error::Config(format!(
                    "`{name}` is not a valid crate name: use letters, digits, `-` and `_`, starting with a letter"
                )));
            }
            let retort_dependency = match &args.retort_path {
                Some(path) => format!("path = {path:?}"),
                None => format!("version = \"{}\"", env!("CARGO_PKG_VERSION")),
            };
            Layout::Crate {
                name: name.clone(),
                retort_dependency,
            }
        }
        None => Layout::Modules,
    })
}

fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn generate_from_spec(spec: &Path, output: &Output) -> Result<ExitCode, Error> {
    let files = generate_files(
        spec,
        &layout(&output.layout)?,
        output.layout.templates.as_deref(),
    )?;
    write(&output.out, &files)
}

fn write(out: &Path, files: &[GeneratedFile]) -> Result<ExitCode, Error> {
    let report = output::write(out, files)?;
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
        eprintln!("{} is up to date", out.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the database, printing what was approximated; a spinner shows progress when
/// stderr is a terminal.
fn read_database(url: &str, selection: &Selection) -> Result<Introspection, Error> {
    let options = IntrospectOptions {
        schema: selection.schema.clone(),
        tables: selection.tables.clone(),
        exclude: selection.exclude.clone(),
        views: selection.views,
        name: selection.name.clone(),
    };
    let spinner = std::io::stderr().is_terminal().then(|| {
        let spinner = indicatif::ProgressBar::new_spinner();
        spinner.set_message("reading the database schema…");
        spinner.enable_steady_tick(Duration::from_millis(100));
        spinner
    });
    let result = introspect(url, &options);
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    let introspection = result?;
    for warning in &introspection.warnings {
        eprintln!("warning: {warning}");
    }
    eprintln!(
        "read {} table(s) and view(s){}",
        introspection.model.tables.len(),
        match introspection.warnings.len() {
            0 => String::new(),
            n => format!(", {n} warning(s)"),
        }
    );
    Ok(introspection)
}

fn introspect_command(
    database: &Database,
    emit_spec: Option<&Path>,
    output: &OptionalOutput,
) -> Result<ExitCode, Error> {
    let layout = layout(&output.layout)?;
    if output.out.is_none() && output.layout.crate_name.is_some() {
        return Err(Error::Config(
            "--crate NAME writes a crate into --out DIR: give --out too".into(),
        ));
    }
    let introspection = read_database(&database.url, &database.selection)?;
    if let Some(path) = emit_spec {
        std::fs::write(path, &introspection.yaml).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(out) = &output.out {
        let files = model_files(
            &introspection.model,
            &layout,
            output.layout.templates.as_deref(),
            &introspection.source,
        )?;
        write(out, &files)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn check(
    spec: Option<&Path>,
    database: &OptionalDatabase,
    output: &Output,
) -> Result<ExitCode, Error> {
    let layout = layout(&output.layout)?;
    let templates = output.layout.templates.as_deref();
    let (files, what, regenerate) = match (spec, &database.url) {
        (Some(spec), _) => (
            generate_files(spec, &layout, templates)?,
            spec.display().to_string(),
            "retort generate",
        ),
        (None, Some(url)) => {
            let introspection = read_database(url, &database.selection)?;
            let files = model_files(
                &introspection.model,
                &layout,
                templates,
                &introspection.source,
            )?;
            (files, "the database".to_owned(), "retort introspect")
        }
        (None, None) => return Err(Error::Config("give --spec FILE or --url URL".into())),
    };
    let drift = output::check(&output.out, &files)?;
    if drift.is_empty() {
        eprintln!("{} matches {what}", output.out.display());
        return Ok(ExitCode::SUCCESS);
    }
    print!("{drift}");
    eprintln!(
        "retort: {} differs from what {what} generates ({} file(s)); run `{regenerate}` with the same arguments",
        output.out.display(),
        drift.differences.len()
    );
    Ok(ExitCode::from(1))
}

/// Rendering a large model allocates and frees millions of small syntax-tree nodes on every
/// core; glibc's allocator took a third of `retort generate`'s time on 1,000 tables, mimalloc
/// takes a tenth of it (bench/changes.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
