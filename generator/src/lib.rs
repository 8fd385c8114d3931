//! # retort-codegen
//!
//! Turns a YAML model spec into typed Rust modules for the [`retort`](../retort) runtime:
//! per table a table handle, column handles, a row struct, an insert struct and
//! relationships. Three ways in:
//!
//! - from `build.rs` with [`Config`] / [`compile_spec`] (output in `OUT_DIR`);
//! - the `retort generate` command (a `mod.rs` and a file per table, or a whole crate);
//! - a checked-in model crate kept in sync by `retort check` in CI.
//!
//! ```
//! let spec = "version: 1\ntables:\n  users:\n    columns:\n      id: { type: bigint, primary_key: true, autoincrement: true }\n      name: text\n";
//! let model = retort_codegen::model_from_str(spec, "inline.yaml")?;
//! let templates = retort_codegen::render::Templates::embedded()?;
//! let files = retort_codegen::render::module_files(&model, &templates, "inline.yaml")?;
//! assert_eq!(files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["mod.rs", "users.rs"]);
//! assert!(files[1].contents.contains("pub struct User {"));
//! # Ok::<(), retort_codegen::Error>(())
//! ```
//!
//! Data flows one way: spec → [`spec::parse`] → [`model::Model`] (names, relationships) →
//! [`render`] (tera → syn → prettyplease) → [`output`] (write or check).

#![warn(missing_docs)]

mod config;
pub mod infer;
#[cfg(feature = "introspect")]
pub mod introspect;
pub mod model;
pub mod naming;
pub mod output;
mod parallel;
pub mod render;
pub mod spec;

use std::path::{Path, PathBuf};

pub use config::{Config, compile_spec};
pub use model::Model;

/// Everything that can go wrong in code generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is invalid; every problem is listed.
    #[error("{0}")]
    Spec(#[from] spec::SpecError),
    /// Rendering failed.
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// Writing or checking output failed.
    #[error(transparent)]
    Output(#[from] output::OutputError),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The generator was configured wrongly.
    #[error("{0}")]
    Config(String),
    /// Reading a live database failed (introspection).
    #[cfg(feature = "introspect")]
    #[error("{context}: {source}")]
    Database {
        /// What was being done.
        context: String,
        /// The runtime's error (boxed: it is large).
        source: Box<retort::Error>,
    },
}

/// What `retort generate` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// `mod.rs` plus a file per table, for `mod models;`.
    Modules,
    /// A whole crate: `Cargo.toml`, `src/lib.rs`, `src/<table>.rs`.
    Crate {
        /// The crate's name.
        name: String,
        /// The `retort` dependency line of its Cargo.toml, e.g. `version = "0.1.0"` or
        /// `path = "../runtime"`.
        retort_dependency: String,
    },
}

/// The files `layout` gets from the spec at `spec`, rendered with the embedded templates
/// or with overrides from `templates`. Headers name the spec by file name only, so output
/// does not depend on where the project lives.
pub fn generate_files(
    spec: impl AsRef<Path>,
    layout: &Layout,
    templates: Option<&Path>,
) -> Result<Vec<render::GeneratedFile>, Error> {
    let spec = spec.as_ref();
    let model = load_spec(spec)?;
    let source = spec.file_name().map_or_else(
        || spec.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    model_files(&model, layout, templates, &source)
}

/// The files `layout` gets from `model` (from a spec or a database), rendered with the
/// embedded templates or with overrides from `templates`; `source` names where the model
/// came from in headers and docs.
pub fn model_files(
    model: &Model,
    layout: &Layout,
    templates: Option<&Path>,
    source: &str,
) -> Result<Vec<render::GeneratedFile>, Error> {
    let templates = match templates {
        Some(dir) => render::Templates::with_overrides(dir)?,
        None => render::Templates::embedded()?,
    };
    Ok(match layout {
        Layout::Modules => render::module_files(model, &templates, source)?,
        Layout::Crate {
            name,
            retort_dependency,
        } => render::crate_files(model, &templates, source, name, retort_dependency)?,
    })
}

/// Reads, validates and models the spec at `path`.
pub fn load_spec(path: impl AsRef<Path>) -> Result<Model, Error> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    model_from_str(&text, path)
}

/// Validates and models spec `text`; `file` names it in error messages.
pub fn model_from_str(text: &str, file: impl AsRef<Path>) -> Result<Model, Error> {
    let spec = spec::parse(text).map_err(|problems| spec::SpecError::new(&file, text, problems))?;
    Model::from_spec(&spec).map_err(|problems| spec::SpecError::new(&file, text, problems).into())
}
