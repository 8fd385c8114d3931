//! [`SessionQuery`]: a query of a session's objects, with its loading options.

use super::Obj;
use super::identity::IdentityMap;
use super::loading::{JoinedFound, JoinedSelect, LoadOption, Loader};
use super::session::Merger;
use super::session::{Session, SessionCore};
use crate::driver::block_ready;
use crate::error::{Error, Result};
use crate::expr::{Expr, Order};
use crate::query::Select;
use crate::row::FromRow;
use crate::table::Table;

/// A query of a session's objects of table `T`; made by [`Session::query`].
pub struct SessionQuery<'s, T: Table> {
    session: &'s mut SessionCore,
    select: Select<T::Row, (T, ())>,
    options: Vec<Box<dyn Loader<T>>>,
    limited: bool,
}

impl Session {
    /// A query of table `T`'s objects: `session.query(Users).filter(…).all()`.
    pub fn query<T: Table>(&mut self, table: T) -> SessionQuery<'_, T> {
        SessionQuery::new(&mut self.core, table)
    }
}

impl<'s, T: Table> SessionQuery<'s, T> {
    /// A query of `table`'s objects in `session`.
    pub(crate) fn new(session: &'s mut SessionCore, table: T) -> Self {
        SessionQuery {
            session,
            select: table.select(),
            options: Vec::new(),
            limited: false,
        }
    }
}

impl<T: Table> SessionQuery<'_, T> {
    /// `WHERE predicate`; several calls are joined with AND.
    pub fn filter(mut self, predicate: Expr<bool>) -> Self {
        self.select = self.select.filter(predicate);
        self
    }

    /// `ORDER BY key`.
    pub fn order_by(mut self, key: impl Into<Order>) -> Self {
        self.select = self.select.order_by(key);
        self
    }

    /// `LIMIT n`.
    pub fn limit(mut self, n: u64) -> Self {
        self.select = self.select.limit(n);
        self.limited = true;
        self
    }

    /// `OFFSET n`.
    pub fn offset(mut self, n: u64) -> Self {
        self.select = self.select.offset(n);
        self.limited = true;
        self
    }

    /// How a relationship of the objects found is loaded: [`selectin`](crate::selectin),
    /// [`joined`](crate::joined), [`lazy`](crate::lazy) or [`raise`](crate::raise), with
    /// what to load from there chained by [`LoadOption::then`]. Several calls add up.
    pub fn options<L: Table>(mut self, option: LoadOption<T, L>) -> Self {
        self.options.push(option.loader);
        self
    }

    /// Every object the query finds, each the session's one object for its key, with the
    /// relationships its options load.
    pub fn all(self) -> Result<Vec<Obj<T>>> {
        block_ready(self.fetch_all())
    }

    /// The one object the query finds: [`Error::NotFound`] when there is none,
    /// [`Error::TooManyRows`] when there are more (as [`Connection::one`](crate::Connection::one)).
    pub fn one(self) -> Result<Obj<T>> {
        block_ready(self.fetch_one())
    }

    /// See [`SessionQuery::all`].
    pub(crate) async fn fetch_all(self) -> Result<Vec<Obj<T>>> {
        let SessionQuery {
            session,
            select,
            mut options,
            limited,
        } = self;
        let joins = options.iter().any(|option| option.joined_width() > 0);
        let objects = if joins {
            if limited && options.iter().any(|option| option.joins_many()) {
                return Err(Error::Unsupported(format!(
                    "joined loading of a to-many relationship of `{}` in a query with limit or \
                     offset (they would count joined rows): load it with `selectin`",
                    T::NAME
                )));
            }
            read_joined(session, select, &mut options).await?
        } else {
            session.read(select).await?
        };
        if options.is_empty() {
            return Ok(objects);
        }
        let parents: Vec<_> = objects
            .iter()
            .map(|object| IdentityMap::identity_of::<T>(&object.read()))
            .collect();
        for option in &options {
            option.load(session, &parents).await?;
        }
        Ok(objects)
    }

    /// See [`SessionQuery::one`].
    pub(crate) async fn fetch_one(self) -> Result<Obj<T>> {
        let mut found = self.fetch_all().await?;
        match found.len() {
            0 => Err(Error::NotFound),
            1 => Ok(found.remove(0)),
            _ => Err(Error::TooManyRows),
        }
    }
}

/// Runs `select` with the joined options' joins and columns, and reads every object and
/// the joined objects of each row.
async fn read_joined<T: Table>(
    session: &mut SessionCore,
    select: Select<T::Row, (T, ())>,
    options: &mut [Box<dyn Loader<T>>],
) -> Result<Vec<Obj<T>>> {
    session.autoflush().await?;
    session.begin().await?;
    let mut joined = JoinedSelect::new(select);
    let mut counter = 0;
    for option in options.iter_mut() {
        option.add_joins(&mut joined, T::NAME, &mut counter);
    }
    let select = joined.finish::<T>();
    let mut objects: Vec<Obj<T>> = Vec::new();
    let mut seen = foldhash::HashSet::default();
    let mut found = JoinedFound::default();
    // Each row is merged as it streams: the connection and the identity map are borrowed
    // apart.
    let SessionCore {
        connection,
        identity,
        expired,
        ..
    } = &mut *session;
    let mut merger = Merger { identity, expired };
    connection
        .core()
        .each_row(&select, &mut |row| {
            let parent = T::Row::from_row(row, 0)?;
            let identity = IdentityMap::identity_of::<T>(&parent);
            let object = merger.merge_read::<T>(identity.clone(), parent);
            if seen.insert(identity.clone()) {
                objects.push(object);
            }
            let mut at = T::Row::width();
            for option in options.iter() {
                option.read_joined(&mut merger, row, &mut at, &identity, &mut found)?;
            }
            Ok(())
        })
        .await?;
    found.store(session);
    Ok(objects)
}
