//! The build.rs API, in the spirit of prost-build: a [`Config`] builder, and
//! [`compile_spec`] for the common case.

use std::path::{Path, PathBuf};

use crate::render::{self, Templates};
use crate::{Error, load_spec};

/// Generates a spec's modules into one file under `OUT_DIR`, for `include!`.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     retort_codegen::Config::new().spec("models.yaml").generate()?;
///     Ok(())
/// }
/// // src/lib.rs:
/// // mod models { include!(concat!(env!("OUT_DIR"), "/models.rs")); }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Config {
    spec: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    templates: Option<PathBuf>,
    emit_rerun: bool,
}

impl Config {
    /// A configuration with defaults: output to `$OUT_DIR/<spec file stem>.rs`, embedded
    /// templates, `cargo:rerun-if-changed` lines printed.
    pub fn new() -> Self {
        Config {
            emit_rerun: true,
            ..Config::default()
        }
    }

    /// The spec file (required).
    pub fn spec(mut self, path: impl AsRef<Path>) -> Self {
        self.spec = Some(path.as_ref().to_path_buf());
        self
    }

    /// Writes into `dir` instead of `$OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// The output file name (default: the spec's file stem, `models.yaml` → `models.rs`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Templates overriding the embedded ones (any of `mod.rs.tera`, `table.rs.tera`).
    pub fn templates(mut self, dir: impl AsRef<Path>) -> Self {
        self.templates = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (default: yes).
    pub fn emit_rerun_if_changed(mut self, emit: bool) -> Self {
        self.emit_rerun = emit;
        self
    }

    /// Generates the file; returns its path.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let spec = self.spec.as_ref().ok_or(Error::Config(
            "no spec given: call `.spec(\"models.yaml\")`".into(),
        ))?;
        if self.emit_rerun {
            println!("cargo:rerun-if-changed={}", spec.display());
        }
        let templates = match &self.templates {
            Some(dir) => {
                if self.emit_rerun {
                    println!("cargo:rerun-if-changed={}", dir.display());
                }
                Templates::with_overrides(dir)?
            }
            None => Templates::embedded()?,
        };
        let model = load_spec(spec)?;
        let source = spec.file_name().map_or_else(
            || spec.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let contents = render::single_file(&model, &templates, &source)?;
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(Error::Config(
                    "OUT_DIR is not set: run from build.rs or call `.out_dir(…)`".into(),
                ))?,
        };
        let file_name = match &self.file_name {
            Some(name) => name.clone(),
            None => format!(
                "{}.rs",
                spec.file_stem()
                    .map_or("models".into(), |s| s.to_string_lossy())
            ),
        };
        let path = out_dir.join(file_name);
        std::fs::create_dir_all(&out_dir).map_err(|source| Error::Io {
            path: out_dir.clone(),
            source,
        })?;
        // Rewrite only on change, so that cargo does not rebuild for nothing.
        if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            std::fs::write(&path, contents).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
        }
        Ok(path)
    }
}

/// The common case: `compile_spec("models.yaml")` writes `$OUT_DIR/models.rs`.
pub fn compile_spec(spec: impl AsRef<Path>) -> Result<PathBuf, Error> {
    Config::new().spec(spec).generate()
}
