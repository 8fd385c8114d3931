//! The ORM layer, SQLAlchemy's: a [`Session`] tracks the objects ([`Obj`]) read through it
//! in an identity map, inserts the objects added to it ([`Pending`]), loads their
//! relationships (lazily, or eagerly as a query's [`LoadOption`]s say), and writes every
//! change back as one unit of work, in foreign-key order, with the relationships'
//! cascades. docs/orm.md walks through it.

mod cascade;
mod forward;
mod handle;
mod identity;
mod key;
mod links;
mod loading;
mod object;
mod pending;
mod query;
mod related;
pub(crate) mod session;
mod unit_of_work;

pub use handle::SessionObject;
pub use key::Key;
pub use loading::{LoadOption, joined, lazy, raise, selectin};
pub use object::Obj;
pub use pending::Pending;
pub use query::SessionQuery;
pub use session::{Session, SessionCore, SessionOptions};
