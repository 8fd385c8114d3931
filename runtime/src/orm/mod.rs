//! The ORM layer, SQLAlchemy's: a [`Session`] tracks the objects ([`Obj`]) read through it
//! in an identity map and writes their changes back as a unit of work.
//!
//! This is the first part of the ORM: reading objects (`get`, queries), changing and
//! deleting them, flush, commit and rollback. Adding new objects with their relationships,
//! relationship loading and cascades build on it.

mod identity;
mod key;
mod object;
mod session;

pub use key::Key;
pub use object::Obj;
pub use session::{Session, SessionOptions, SessionQuery};
