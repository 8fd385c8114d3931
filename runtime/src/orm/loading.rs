//! Relationship loading: lazy ([`Session::load`]), and the strategies a query chooses
//! with its options — [`selectin`], [`joined`], [`lazy`], [`raise`].
//!
//! Every strategy records what it loaded in the session's relationship cache, so reading
//! a loaded relationship with [`Session::load`] sends nothing. Collections come back in
//! the target's primary-key order.

use std::any::Any;
// foldhash rather than SipHash: these are keyed by identities, hashed for every object loaded.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::marker::PhantomData;

use sea_query::{ExprTrait, JoinType, SelectStatement, SimpleExpr, Value};

use super::Obj;
use super::identity::{Identity, IdentityMap, Key, describe_key, key_text, values_of};
use super::session::Merger;
use super::session::SessionCore as Session;
use crate::driver::BoxFuture;
use crate::error::{Error, Result};
use crate::expr::{Order, column_expr};
use crate::per_dialect::PerDialect;
use crate::query::{Select, table_rows};
use crate::row::{FromRow, NullableRow, Row};
use crate::table::{Cardinality, Relationship, Table, pairs};

/// How a query's option loads one relationship of the objects it finds, and what to load
/// from the objects that loads ([`then`](Self::then)). `F` is the table the relationship
/// starts from, `T` the table the last step reaches.
///
/// ```
/// use retort::{Session, selectin};
/// # use retort::__doc_tables::{self as blog, posts, users, Users};
/// # let engine = retort::Engine::connect("sqlite::memory:")?;
/// # blog::metadata().create_all(&engine)?;
/// # let mut conn = engine.connection()?;
/// # let ada = conn.insert(users::NewUser { name: "Ada".into(), email: None })?;
/// # conn.insert(posts::NewPost { user_id: ada, title: "Notes".into() })?;
/// let mut session = Session::new(&engine)?;
/// // SELECT … FROM users; SELECT … FROM posts WHERE posts.user_id IN (…)
/// let users = session.query(Users).options(selectin(users::rel::POSTS)).all()?;
/// // Loaded already: no statement.
/// let posts = session.load(&users[0], users::rel::POSTS)?;
/// assert_eq!(posts[0].read().title, "Notes");
/// # Ok::<(), retort::Error>(())
/// ```
pub struct LoadOption<F: Table, T: Table> {
    pub(crate) loader: Box<dyn Loader<F>>,
    _last: PhantomData<fn() -> T>,
}

impl<F: Table, T: Table> std::fmt::Debug for LoadOption<F, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LoadOption({}", F::NAME)?;
        self.loader.describe(f)?;
        f.write_str(")")
    }
}

impl<F: Table, T: Table> LoadOption<F, T> {
    fn new<C: Cardinality>(relationship: Relationship<F, T, C>, strategy: Strategy) -> Self {
        LoadOption {
            loader: Box::new(Step {
                relationship,
                strategy,
                alias: String::new(),
                next: Vec::new(),
            }),
            _last: PhantomData,
        }
    }

    /// Loads `next` from the objects this option's last step loads:
    /// `selectin(users::rel::POSTS).then(selectin(posts::rel::COMMENTS))` loads users' posts
    /// and those posts' comments.
    pub fn then<U: Table>(mut self, next: LoadOption<T, U>) -> LoadOption<F, U> {
        self.loader.attach(Box::new(next.loader));
        LoadOption {
            loader: self.loader,
            _last: PhantomData,
        }
    }
}

/// Select-in loading: after the query, one more `SELECT … WHERE key IN (…)` loads the
/// relationship of every object found (batched for very large IN lists; see
/// [`SessionOptions::in_batch_size`](crate::SessionOptions::in_batch_size)).
pub fn selectin<F: Table, T: Table, C: Cardinality>(
    relationship: Relationship<F, T, C>,
) -> LoadOption<F, T> {
    LoadOption::new(relationship, Strategy::SelectIn)
}

/// Joined loading: the query itself `LEFT JOIN`s the relationship's table and reads both,
/// in one statement. A to-many relationship cannot be joined into a query with `limit`
/// or `offset` (they would count the joined rows): use [`selectin`] there.
pub fn joined<F: Table, T: Table, C: Cardinality>(
    relationship: Relationship<F, T, C>,
) -> LoadOption<F, T> {
    LoadOption::new(relationship, Strategy::Joined)
}

/// Lazy loading, the default: the relationship is loaded when first asked for with
/// [`Session::load`], one statement per object.
pub fn lazy<F: Table, T: Table, C: Cardinality>(
    relationship: Relationship<F, T, C>,
) -> LoadOption<F, T> {
    LoadOption::new(relationship, Strategy::Lazy)
}

/// No loading: asking for the relationship of the objects found is
/// [`Error::NotLoaded`] instead of a statement — to prove a code path sends no N + 1
/// queries.
pub fn raise<F: Table, T: Table, C: Cardinality>(
    relationship: Relationship<F, T, C>,
) -> LoadOption<F, T> {
    LoadOption::new(relationship, Strategy::Raise)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strategy {
    SelectIn,
    Joined,
    Lazy,
    Raise,
}

/// One step of a load option, its table types erased behind `F`.
pub(crate) trait Loader<F: Table>: Send + Sync {
    /// Appends `next` (a `Box<dyn Loader<T>>`, `T` the last step's table) to the last step.
    fn attach(&mut self, next: Box<dyn Any>);
    /// For messages: ` -> posts (selectin) -> comments (joined)`.
    fn describe(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result;
    /// True when this step or a joined step under it is a joined to-many load.
    fn joins_many(&self) -> bool;
    /// Joined steps: adds their joins and columns to `select`, from the table known as
    /// `source` in it, naming each joined table `j<n>` with `n` from `counter`.
    fn add_joins(&mut self, select: &mut JoinedSelect, source: &str, counter: &mut usize);
    /// The number of columns this step (when joined) and its joined steps add.
    fn joined_width(&self) -> usize;
    /// Joined steps: reads this step's columns (from `at`) for the object `parent`.
    fn read_joined(
        &self,
        merger: &mut Merger<'_>,
        row: &Row<'_>,
        at: &mut usize,
        parent: &Identity,
        found: &mut JoinedFound,
    ) -> Result<()>;
    /// After the query: loads what this step loads for `parents`, then its next steps.
    fn load<'a>(
        &'a self,
        session: &'a mut Session,
        parents: &'a [Identity],
    ) -> BoxFuture<'a, Result<()>>;
}

/// A query's statement while joined steps add their joins and columns to it, and the
/// sort keys that keep each collection in key order.
pub(crate) struct JoinedSelect {
    statement: PerDialect<SelectStatement>,
    orders: Vec<Order>,
}

impl JoinedSelect {
    /// `select` of table `T`'s objects, before the joins.
    pub(crate) fn new<T: Table>(select: Select<T::Row, (T, ())>) -> Self {
        JoinedSelect {
            statement: select.into_statements(),
            orders: key_order::<T>(T::NAME),
        }
    }

    /// The statement with the joins, ordered (after the query's own sort keys) by the
    /// keys of the objects and of the joined objects.
    pub(crate) fn finish<T: Table>(self) -> Select<T::Row, (T, ())> {
        let mut select = Select::from_statements(self.statement);
        for order in self.orders {
            select = select.order_by(order);
        }
        select
    }
}

/// The objects one relationship of one object holds, and the tables it depends on.
type Found = (Vec<Identity>, [&'static str; 3]);

/// What joined steps read, per object and relationship, before it goes into the cache.
#[derive(Default)]
pub(crate) struct JoinedFound {
    found: HashMap<(Identity, &'static str), Found>,
    order: Vec<(Identity, &'static str)>,
}

impl JoinedFound {
    fn record(
        &mut self,
        parent: &Identity,
        name: &'static str,
        tables: [&'static str; 3],
        child: Option<Identity>,
    ) {
        let key = (parent.clone(), name);
        let entry = self.found.entry(key.clone()).or_insert_with(|| {
            self.order.push(key);
            (Vec::new(), tables)
        });
        if let Some(child) = child
            && !entry.0.contains(&child)
        {
            entry.0.push(child);
        }
    }

    /// Puts what was read into the session's relationship cache.
    pub(crate) fn store(mut self, session: &mut Session) {
        for key in self.order {
            if let Some((targets, tables)) = self.found.remove(&key) {
                session.related.set(key.0, key.1, targets, tables);
            }
        }
    }
}

struct Step<F: Table, T: Table, C: Cardinality> {
    relationship: Relationship<F, T, C>,
    strategy: Strategy,
    /// The joined table's name in the statement (joined steps).
    alias: String,
    next: Vec<Box<dyn Loader<T>>>,
}

impl<F: Table, T: Table, C: Cardinality> Loader<F> for Step<F, T, C> {
    fn attach(&mut self, next: Box<dyn Any>) {
        match self.next.last_mut() {
            Some(last) => last.attach(next),
            None => {
                let next = next
                    .downcast::<Box<dyn Loader<T>>>()
                    .expect("`then` takes a step from the table the previous one reaches");
                self.next.push(*next);
            }
        }
    }

    fn describe(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, " -> {} ({:?})", self.relationship.name, self.strategy)?;
        for next in &self.next {
            next.describe(f)?;
        }
        Ok(())
    }

    fn joins_many(&self) -> bool {
        self.strategy == Strategy::Joined
            && (!C::TO_ONE || self.next.iter().any(|next| next.joins_many()))
    }

    fn joined_width(&self) -> usize {
        if self.strategy != Strategy::Joined {
            return 0;
        }
        T::Row::width()
            + self
                .next
                .iter()
                .map(|next| next.joined_width())
                .sum::<usize>()
    }

    fn add_joins(&mut self, select: &mut JoinedSelect, source: &str, counter: &mut usize) {
        if self.strategy != Strategy::Joined {
            return;
        }
        *counter += 1;
        self.alias = format!("j{counter}");
        let through_alias = format!("j{counter}_through");
        for (table, on) in
            self.relationship
                .join_steps_between(source, Some(&self.alias), Some(&through_alias))
        {
            select.statement.for_each_mut(|statement| {
                statement.join(JoinType::LeftJoin, table.clone(), on.clone());
            });
        }
        let columns = PerDialect::collect(
            T::COLUMNS
                .iter()
                .map(|column| column_expr::<T>(&self.alias, column)),
        );
        select.statement.apply(columns, |statement, columns| {
            statement.exprs(columns);
        });
        select.orders.extend(key_order::<T>(&self.alias));
        let alias = self.alias.clone();
        for next in &mut self.next {
            next.add_joins(select, &alias, counter);
        }
    }

    fn read_joined(
        &self,
        merger: &mut Merger<'_>,
        row: &Row<'_>,
        at: &mut usize,
        parent: &Identity,
        found: &mut JoinedFound,
    ) -> Result<()> {
        if self.strategy != Strategy::Joined {
            return Ok(());
        }
        let child = NullableRow::<T>::from_row(row, *at)?;
        *at += T::Row::width();
        let tables = tables_of(&self.relationship);
        match child {
            Some(child) => {
                let identity = IdentityMap::identity_of::<T>(&child);
                merger.merge_read::<T>(identity.clone(), child);
                found.record(
                    parent,
                    self.relationship.name,
                    tables,
                    Some(identity.clone()),
                );
                for next in &self.next {
                    next.read_joined(merger, row, at, &identity, found)?;
                }
            }
            None => {
                found.record(parent, self.relationship.name, tables, None);
                for next in &self.next {
                    *at += next.joined_width();
                }
            }
        }
        Ok(())
    }

    fn load<'a>(
        &'a self,
        session: &'a mut Session,
        parents: &'a [Identity],
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(self.load_step(session, parents))
    }
}

impl<F: Table, T: Table, C: Cardinality> Step<F, T, C> {
    /// See [`Loader::load`].
    async fn load_step(&self, session: &mut Session, parents: &[Identity]) -> Result<()> {
        let children = match self.strategy {
            // Joined into the query's statement (a joined step under a select-in one was
            // not, and is loaded select-in).
            Strategy::Joined if !self.alias.is_empty() => {
                session.cached_targets(parents, self.relationship.name)
            }
            Strategy::Joined | Strategy::SelectIn => {
                let parents: Vec<Obj<F>> = parents
                    .iter()
                    .filter_map(|identity| session.identity.get::<F>(identity))
                    .collect();
                session.load_related(&parents, self.relationship).await?;
                session.cached_targets(
                    &parents
                        .iter()
                        .map(|parent| IdentityMap::identity_of::<F>(&parent.read()))
                        .collect::<Vec<_>>(),
                    self.relationship.name,
                )
            }
            Strategy::Raise => {
                for parent in parents {
                    session
                        .related
                        .mark_raise(parent.clone(), self.relationship.name);
                }
                return Ok(());
            }
            Strategy::Lazy => return Ok(()),
        };
        for next in &self.next {
            next.load(session, &children).await?;
        }
        Ok(())
    }
}

/// The tables whose rows decide `relationship`: source, target, association table.
fn tables_of<F: Table, T: Table, C: Cardinality>(
    relationship: &Relationship<F, T, C>,
) -> [&'static str; 3] {
    [
        F::NAME,
        T::NAME,
        relationship
            .through
            .map_or(T::NAME, |through| through.table),
    ]
}

/// `ORDER BY` the primary key of table `T` known as `name`.
pub(crate) fn key_order<T: Table>(name: &str) -> Vec<Order> {
    T::PRIMARY_KEY
        .iter()
        .map(|column| Order {
            expr: PerDialect::Shared(SimpleExpr::col((
                sea_query::Alias::new(name),
                sea_query::Alias::new(*column),
            ))),
            direction: sea_query::Order::Asc,
            nulls: None,
        })
        .collect()
}

/// The values of `columns` in a row of `T` given as its column values; `None` when any
/// is NULL (such a row is related to nothing).
fn link_key<T: Table>(values: &[Value], columns: &[&str]) -> Option<(Key, Vec<Value>)> {
    let picked: Vec<Value> = columns
        .iter()
        .map(|column| {
            let at = T::COLUMNS.iter().position(|c| c == column)?;
            Some(values[at].clone())
        })
        .collect::<Option<_>>()?;
    link_of(picked)
}

/// [`link_key`] read from a row, copying only the values of `columns`.
fn row_link_key<T: Table>(row: &T::Row, columns: &[&str]) -> Option<(Key, Vec<Value>)> {
    use crate::table::TableRow;
    let picked: Vec<Value> = columns
        .iter()
        .map(|column| row.column_value(column))
        .collect::<Option<_>>()?;
    link_of(picked)
}

/// A link key of the values picked; `None` when any is NULL.
fn link_of(picked: Vec<Value>) -> Option<(Key, Vec<Value>)> {
    if picked.iter().any(|value| {
        matches!(
            crate::value::DbValue::from_bound(value),
            Ok(crate::value::DbValue::Null)
        )
    }) {
        return None;
    }
    Some((key_text(&picked), picked))
}

/// `table.a IN (…)`, or `(table.a = ? AND table.b = ?) OR …` for several columns; `=` for
/// a single key.
fn in_list(table: &str, columns: &[&str], keys: &[Vec<Value>]) -> SimpleExpr {
    let column =
        |name: &str| SimpleExpr::col((sea_query::Alias::new(table), sea_query::Alias::new(name)));
    if let [single] = columns {
        return match keys {
            [key] => column(single).eq(key[0].clone()),
            _ => column(single).is_in(keys.iter().map(|key| key[0].clone())),
        };
    }
    keys.iter()
        .map(|key| {
            columns
                .iter()
                .zip(key)
                .map(|(name, value)| column(name).eq(value.clone()))
                .reduce(|a, b| a.and(b))
                .unwrap_or_else(|| SimpleExpr::cust("1 = 1"))
        })
        .reduce(|a, b| a.or(b))
        .unwrap_or_else(|| SimpleExpr::cust("1 = 0"))
}

impl Session {
    /// See [`Session::load`](crate::Session::load).
    pub(crate) async fn load<F: Table, T: Table, C: Cardinality>(
        &mut self,
        object: &Obj<F>,
        relationship: Relationship<F, T, C>,
    ) -> Result<C::Loaded<T>> {
        let identity = IdentityMap::identity_of::<F>(&object.read());
        if !self.related.contains(&identity, relationship.name) {
            if self.related.is_raise(&identity, relationship.name) {
                return Err(not_loaded::<F>(relationship.name, object));
            }
            // What is loaded includes pending changes (a flush that writes makes the
            // relationships it touches stale, so they are loaded again here).
            self.autoflush().await?;
            self.load_related(std::slice::from_ref(object), relationship)
                .await?;
        }
        Ok(C::collect(
            self.cached_objects::<T>(&identity, relationship.name),
        ))
    }

    /// See [`Session::loaded`](crate::Session::loaded).
    pub(crate) fn loaded<F: Table, T: Table, C: Cardinality>(
        &self,
        object: &Obj<F>,
        relationship: Relationship<F, T, C>,
    ) -> Result<C::Loaded<T>> {
        let identity = IdentityMap::identity_of::<F>(&object.read());
        if !self.related.contains(&identity, relationship.name) {
            return Err(not_loaded::<F>(relationship.name, object));
        }
        Ok(C::collect(
            self.cached_objects::<T>(&identity, relationship.name),
        ))
    }

    /// The tracked objects relationship `name` of `source` holds, as cached.
    fn cached_objects<T: Table>(&self, source: &Identity, name: &'static str) -> Vec<Obj<T>> {
        self.related
            .get(source, name)
            .unwrap_or_default()
            .iter()
            .filter_map(|identity| self.identity.get::<T>(identity))
            .collect()
    }

    /// The identities relationship `name` of each of `parents` holds, as cached, each once.
    fn cached_targets(&self, parents: &[Identity], name: &'static str) -> Vec<Identity> {
        let mut seen = HashSet::new();
        parents
            .iter()
            .filter_map(|parent| self.related.get(parent, name))
            .flatten()
            .filter(|identity| seen.insert((*identity).clone()))
            .cloned()
            .collect()
    }

    /// Loads relationship `rel` of every object of `parents` whose relationship is not
    /// loaded yet: select-in, one statement per batch of keys (a link to the primary key
    /// of targets the session has needs none), and records what each holds.
    pub(crate) async fn load_related<F: Table, T: Table, C: Cardinality>(
        &mut self,
        parents: &[Obj<F>],
        relationship: Relationship<F, T, C>,
    ) -> Result<()> {
        let tables = tables_of(&relationship);
        let name = relationship.name;
        // Each parent's identity and link key (its values of the source columns).
        let mut waiting: Vec<(Identity, Option<Key>)> = Vec::new();
        let mut keys: Vec<(Key, Vec<Value>)> = Vec::new();
        let mut seen_keys = HashSet::new();
        for parent in parents {
            let row = parent.read();
            let identity = IdentityMap::identity_of::<F>(&row);
            if self.related.contains(&identity, name) {
                continue;
            }
            let link = row_link_key::<F>(&row, relationship.source_columns);
            drop(row);
            if let Some((text, values)) = &link
                && seen_keys.insert(text.clone())
            {
                keys.push((text.clone(), values.clone()));
            }
            waiting.push((identity, link.map(|(text, _)| text)));
        }
        if waiting.is_empty() {
            return Ok(());
        }
        // What each link key is related to.
        let mut related: HashMap<Key, Vec<Identity>> = HashMap::new();
        // A link to the target's primary key (a many-to-one, a one-to-one either way when
        // the key is the link): the targets the session has need no statement.
        let by_key =
            relationship.through.is_none() && relationship.target_columns == T::PRIMARY_KEY;
        if by_key {
            keys.retain(|(text, _)| {
                let identity = (T::NAME, text.clone());
                if !self.expired.contains(&identity) && self.identity.get::<T>(&identity).is_some()
                {
                    related.insert(text.clone(), vec![identity]);
                    return false;
                }
                true
            });
        }
        if !keys.is_empty() {
            self.autoflush().await?;
            self.begin().await?;
        }
        let width = relationship.source_columns.len().max(1);
        let batch = (self.options.in_batch_size / width).max(1);
        for chunk in keys.chunks(batch) {
            let values: Vec<Vec<Value>> = chunk.iter().map(|(_, values)| values.clone()).collect();
            match relationship.through {
                None => {
                    let select = table_rows::<T>().filter_sea(in_list(
                        T::NAME,
                        relationship.target_columns,
                        &values,
                    ));
                    let select = order_by_key::<T>(select, T::NAME);
                    let children = self.connection.core().all(select).await?;
                    self.identity.reserve(children.len());
                    for child in children {
                        let link = row_link_key::<T>(&child, relationship.target_columns);
                        let identity = IdentityMap::identity_of::<T>(&child);
                        self.merge_read_identified::<T>(identity.clone(), child);
                        if let Some((text, _)) = link {
                            related.entry(text).or_default().push(identity);
                        }
                    }
                }
                Some(_) => {
                    // The association rows' source columns come back typed as the source
                    // table's, through a join back to it.
                    let select = select_many_to_many::<F, T, C>(&relationship, &values);
                    let mut rows = Vec::new();
                    self.connection
                        .core()
                        .each_row(&select, &mut |row| {
                            let child = T::Row::from_row(row, 0)?;
                            let source = F::Row::from_row(row, T::Row::width())?;
                            rows.push((child, values_of::<F>(&source)));
                            Ok(())
                        })
                        .await?;
                    for (child, source_values) in rows {
                        let identity = IdentityMap::identity_of::<T>(&child);
                        self.merge_read::<T>(child);
                        if let Some((text, _)) =
                            link_key::<F>(&source_values, relationship.source_columns)
                        {
                            let list = related.entry(text).or_default();
                            if !list.contains(&identity) {
                                list.push(identity);
                            }
                        }
                    }
                }
            }
        }
        for (identity, link) in waiting {
            let targets = link
                .and_then(|text| related.get(&text).cloned())
                .unwrap_or_default();
            self.related.set(identity, name, targets, tables);
        }
        Ok(())
    }
}

/// `SELECT target.*, source.* FROM target JOIN association … JOIN source AS retort_source
/// … WHERE association.source_columns IN (…) ORDER BY target's key`.
fn select_many_to_many<F: Table, T: Table, C: Cardinality>(
    relationship: &Relationship<F, T, C>,
    keys: &[Vec<Value>],
) -> Select<T::Row, (T, ())> {
    const SOURCE: &str = "retort_source";
    let through = relationship
        .through
        .expect("only many-to-many relationships have an association table");
    use sea_query::IntoTableRef;
    let select = table_rows::<T>()
        .join_on(
            JoinType::InnerJoin,
            through.table.into_table_ref(),
            pairs(
                through.table,
                through.target_columns,
                T::NAME,
                relationship.target_columns,
            ),
        )
        .join_on(
            JoinType::InnerJoin,
            F::NAME
                .into_table_ref()
                .alias(sea_query::Alias::new(SOURCE)),
            pairs(
                SOURCE,
                relationship.source_columns,
                through.table,
                through.source_columns,
            ),
        )
        .add_columns(PerDialect::collect(
            F::COLUMNS
                .iter()
                .map(|column| column_expr::<F>(SOURCE, column)),
        ))
        .filter_sea(in_list(through.table, through.source_columns, keys));
    order_by_key::<T>(select, T::NAME)
}

/// `select` ordered by the primary key of `T` known as `name`.
fn order_by_key<T: Table>(
    mut select: Select<T::Row, (T, ())>,
    name: &str,
) -> Select<T::Row, (T, ())> {
    for order in key_order::<T>(name) {
        select = select.order_by(order);
    }
    select
}

fn not_loaded<F: Table>(relationship: &'static str, object: &Obj<F>) -> Error {
    Error::NotLoaded {
        table: F::NAME,
        relationship,
        object: describe_key::<F>(&object.values()),
    }
}
