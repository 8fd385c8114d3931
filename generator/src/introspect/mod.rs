//! `retort introspect`: a live database read into a [`Model`], through the runtime's
//! reflection (`retort::reflect`), then the same path as a spec.
//!
//! The reflected schema becomes a version-1 spec ([`convert`]), which is written out as
//! YAML and parsed back like a user's spec: so the spec `--emit-spec` writes is exactly
//! what the code is generated from, and is checked by the same rules.

mod convert;
mod junctions;
mod metadata;

use std::path::Path;

pub use convert::{Warning, spec_from_reflected};
pub use junctions::keep_keyless_junctions;
pub use metadata::metadata;

use crate::model::Model;
use crate::spec::{self, SpecError};
use crate::{Error, model_from_str};

/// What to read from the database.
#[derive(Debug, Clone, Default)]
pub struct IntrospectOptions {
    /// The schema to read: a PostgreSQL schema (default: the connection's current schema,
    /// normally `public`), another MySQL database on the server (default: the URL's), an
    /// attached SQLite database (default: `main`).
    pub schema: Option<String>,
    /// Only these tables (and views), when given.
    pub tables: Option<Vec<String>>,
    /// Tables (and views) to leave out.
    pub exclude: Vec<String>,
    /// Views too, generated read-only.
    pub views: bool,
    /// The spec's `name` (the default module or crate name).
    pub name: Option<String>,
}

/// What introspection found: the spec as YAML, its model, and what was approximated.
#[derive(Debug, Clone)]
pub struct Introspection {
    /// The spec, as `--emit-spec` writes it.
    pub yaml: String,
    /// The model of that spec, ready to render.
    pub model: Model,
    /// Everything approximated or left out, one warning each.
    pub warnings: Vec<Warning>,
    /// Where the model came from, for headers and docs; the same for every database with
    /// the same schema (no file path or database name), so `retort check --url` compares
    /// like with like.
    pub source: String,
}

/// Reads the database at `url` (`sqlite://…`, `postgres://…`, `mysql://…`) and models it.
///
/// A database (or schema) without tables is an error, as are an unreachable server and
/// missing permissions; every error says which.
pub fn introspect(url: &str, options: &IntrospectOptions) -> Result<Introspection, Error> {
    let engine = retort::Engine::builder(&read_only(url))
        .pool_size(1)
        .build()
        .map_err(|source| Error::Database {
            context: "cannot connect".into(),
            source: Box::new(source),
        })?;
    let mut reflect = retort::reflect::ReflectOptions::new().views(options.views);
    if let Some(schema) = &options.schema {
        reflect = reflect.schema(schema.clone());
    }
    if let Some(tables) = &options.tables {
        reflect = reflect.tables(tables.iter().cloned());
    }
    reflect = reflect.exclude(options.exclude.iter().cloned());
    let schema = retort::reflect::inspect(&engine, &reflect).map_err(|source| Error::Database {
        context: "cannot read the schema".into(),
        source: Box::new(source),
    })?;
    if schema.tables.is_empty() && schema.views.is_empty() {
        return Err(Error::Config(
            format!(
                "no tables to generate: {} `{}` has none{}",
                match engine.dialect() {
                    retort::Dialect::Postgres => "schema",
                    retort::Dialect::Sqlite | retort::Dialect::Mysql => "database",
                },
                schema.schema,
                if options.tables.is_some() || !options.exclude.is_empty() {
                    " that --tables / --exclude select"
                } else {
                    ""
                }
            ) + match engine.dialect() {
                // information_schema lists only what the user has some privilege on.
                retort::Dialect::Mysql => " (or none this user may see)",
                retort::Dialect::Sqlite | retort::Dialect::Postgres => "",
            },
        ));
    }
    let (mut spec, warnings) = spec_from_reflected(&schema, options.name.as_deref());
    let source = match engine.dialect() {
        retort::Dialect::Postgres => format!("the PostgreSQL schema {}", schema.schema),
        retort::Dialect::Sqlite => "a SQLite database".to_owned(),
        retort::Dialect::Mysql => "a MySQL database".to_owned(),
    };
    let header = format!(
        "# Read from {source} by `retort introspect`. Edit it freely, then generate from it with\n\
         # `retort generate --spec FILE`.\n"
    );
    let mut yaml = format!("{header}{}", spec::to_yaml(&spec));
    let mut model = model_of(&yaml)?;
    if keep_keyless_junctions(&mut spec, &model) {
        yaml = format!("{header}{}", spec::to_yaml(&spec));
        model = model_of(&yaml)?;
    }
    Ok(Introspection {
        yaml,
        model,
        warnings,
        source,
    })
}

/// `url`, opened read-only where the URL can say so (a SQLite file): introspection only
/// reads, and a mistyped file name is then an error rather than a new, empty database.
fn read_only(url: &str) -> String {
    let sqlite_file = url.starts_with("sqlite:") && !url.contains(":memory:");
    if !sqlite_file || url.contains("mode=") {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}mode=ro")
}

/// The model of an introspected spec. It was written from a database, so a problem in it
/// is Retort's, and says so.
fn model_of(yaml: &str) -> Result<Model, Error> {
    let file = Path::new("introspected spec");
    model_from_str(yaml, file).map_err(|error| match error {
        Error::Spec(problems) => Error::Config(format!(
            "the spec read from the database is not valid — please report this as a bug in \
             retort, with the schema and this message.\n{}\nThe spec read:\n{yaml}",
            SpecError::to_string(&problems)
        )),
        other => other,
    })
}
