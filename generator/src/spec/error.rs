//! Spec problems and the error that reports them, each with file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{Position, SpecPath, locate};

/// One thing wrong with a spec, found by parsing, validation, naming or relationship
/// inference. It names a [`SpecPath`]; the position is looked up when it is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The node the problem is about.
    pub path: SpecPath,
    /// What is wrong, e.g. "unknown type `strin`".
    pub message: String,
    /// What would be valid, e.g. "expected one of: smallint, integer, …".
    pub hint: Option<String>,
    /// A position known already (YAML syntax errors come with one); otherwise `path` is
    /// located in the source text.
    pub position: Option<Position>,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: SpecPath, message: impl Into<String>) -> Self {
        Problem {
            path,
            message: message.into(),
            hint: None,
            position: None,
        }
    }

    /// Adds what would be valid.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// A [`Problem`] with its position in the file resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedProblem {
    /// Line and column, when the node could be found.
    pub position: Option<Position>,
    /// The problem itself.
    pub problem: Problem,
}

/// A spec that was rejected: every problem found, in file order, each with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file (or a name such as `<string>` for specs not read from a file).
    pub file: PathBuf,
    /// All problems, sorted by position.
    pub problems: Vec<LocatedProblem>,
}

impl SpecError {
    /// Locates every problem in `source` and sorts them by position (problems without one
    /// come first, in the order given).
    pub fn new(file: impl AsRef<Path>, source: &str, problems: Vec<Problem>) -> Self {
        let mut problems: Vec<LocatedProblem> = problems
            .into_iter()
            .map(|problem| LocatedProblem {
                position: problem.position.or_else(|| locate(source, &problem.path)),
                problem,
            })
            .collect();
        problems.sort_by_key(|p| p.position);
        SpecError {
            file: file.as_ref().to_path_buf(),
            problems,
        }
    }
}

impl fmt::Display for SpecError {
    /// One line per problem, compiler style:
    /// `blog.yaml:12:17: error: unknown type `strin` (at tables.users.columns.name.type); expected one of …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        writeln!(
            f,
            "{}: invalid spec, {count} problem{}:",
            self.file.display(),
            if count == 1 { "" } else { "s" }
        )?;
        for located in &self.problems {
            let file = self.file.display();
            match located.position {
                Some(position) => write!(f, "{file}:{position}: ")?,
                None => write!(f, "{file}: ")?,
            }
            let problem = &located.problem;
            write!(f, "error: {}", problem.message)?;
            if !problem.path.0.is_empty() {
                write!(f, " (at {})", problem.path)?;
            }
            if let Some(hint) = &problem.hint {
                write!(f, "; {hint}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecError {}
