//! What generated table modules implement: [`Table`], [`TableRow`], [`Insertable`], and the
//! [`Relationship`] handles between tables, with their [`Cascade`]s.

use std::marker::PhantomData;

use sea_query::{Alias, ExprTrait, IntoTableRef, JoinType, SimpleExpr, TableRef};

use crate::query::{Delete, Select, TableAlias, Update, table_rows};
use crate::row::FromRow;
use crate::schema::TableDef;

/// A table of a generated module. Implemented by the module's marker type (`users::Users`),
/// which `users::table()` returns.
pub trait Table: Copy + Default + Send + Sync + 'static {
    /// The row struct, with one field per column.
    type Row: FromRow<Output = Self::Row> + TableRow<Table = Self> + Send + Sync;
    /// The primary key as returned by an insert: the key column's type, a tuple for a
    /// composite key, `()` for a table without one.
    type PrimaryKey: FromRow<Output = Self::PrimaryKey> + Send;
    /// The SQL table name.
    const NAME: &'static str;
    /// All column names, in order.
    const COLUMNS: &'static [&'static str];
    /// The primary key columns, in key order.
    const PRIMARY_KEY: &'static [&'static str];
    /// Columns of a custom SQL type exchanged as text (`String` in Rust), each with its SQL
    /// type. PostgreSQL's driver exchanges values in binary, which Retort decodes only for
    /// the portable types, so there these columns are read as `CAST(column AS TEXT)` and
    /// written as `CAST(CAST($n AS TEXT) AS type)`; SQLite, where such a column may hold
    /// numbers, reads them as `CAST(column AS TEXT)` too; MySQL hands them over as text.
    const TEXT_COLUMNS: &'static [(&'static str, &'static str)] = &[];
    /// Every relationship of this table, type-erased: what a [`Session`](crate::Session)
    /// follows when it deletes a row (cascades, children's foreign keys, association rows).
    /// A table that lists none gets no ORM cascades.
    const RELATIONSHIPS: &'static [&'static dyn AnyRelationship] = &[];

    /// The schema definition used by `create_all` / `drop_all`.
    fn def() -> TableDef;

    /// `SELECT <every column> FROM <table>`, decoded into the row struct.
    fn select(self) -> Select<Self::Row, (Self, ())> {
        table_rows::<Self>()
    }

    /// `UPDATE <table>`; add `.set(…)` and `.filter(…)`.
    fn update(self) -> Update<Self> {
        Update::new()
    }

    /// `DELETE FROM <table>`; add `.filter(…)`.
    fn delete(self) -> Delete<Self> {
        Delete::new()
    }

    /// This table under another name, `"comments" AS "parent"`: to join a table to itself
    /// or twice. See [`TableAlias`].
    fn alias(self, name: &str) -> TableAlias<Self> {
        TableAlias::new(name)
    }
}

/// A row struct of a generated table.
pub trait TableRow: Sized {
    /// The table it belongs to.
    type Table: Table;
    /// The value of column `column`, or `None` for a name that is not a column.
    fn column_value(&self, column: &str) -> Option<sea_query::Value>;
}

/// An insert struct of a generated table (`users::NewUser`): the columns to write, leaving
/// out auto-assigned columns and defaulted columns left unset.
pub trait Insertable {
    /// The table it inserts into.
    type Table: Table;
    /// Column names and values to insert.
    fn into_values(self) -> Vec<(&'static str, sea_query::Value)>;
}

/// The cardinality and direction of a [`Relationship`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationshipKind {
    /// This table holds a foreign key to one row of the other (`posts.author`).
    ManyToOne,
    /// Rows of the other table hold foreign keys to this one (`users.posts`).
    OneToMany,
    /// A unique foreign key, seen from either side.
    OneToOne,
    /// Through an association table (`posts.tags`).
    ManyToMany,
}

/// How many rows a relationship yields, in its type: [`ToOne`] or [`ToMany`]. It decides
/// what a [`Session`](crate::Session) returns when loading it (`Option<Obj<_>>` or
/// `Vec<Obj<_>>`) and which methods relate objects through it.
pub trait Cardinality: sealed::Sealed + 'static {
    /// True for [`ToOne`].
    const TO_ONE: bool;
    /// What loading the relationship gives: `Option<Obj<T>>` or `Vec<Obj<T>>`.
    type Loaded<T: Table>;
    /// The loaded objects (at most one for [`ToOne`]) in that form.
    #[doc(hidden)]
    fn collect<T: Table>(objects: Vec<crate::Obj<T>>) -> Self::Loaded<T>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::ToOne {}
    impl Sealed for super::ToMany {}
}

/// The [`Cardinality`] of a many-to-one or one-to-one relationship: at most one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToOne {}

/// The [`Cardinality`] of a one-to-many or many-to-many relationship: any number of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToMany {}

impl Cardinality for ToOne {
    const TO_ONE: bool = true;
    type Loaded<T: Table> = Option<crate::Obj<T>>;
    fn collect<T: Table>(objects: Vec<crate::Obj<T>>) -> Option<crate::Obj<T>> {
        objects.into_iter().next()
    }
}

impl Cardinality for ToMany {
    const TO_ONE: bool = false;
    type Loaded<T: Table> = Vec<crate::Obj<T>>;
    fn collect<T: Table>(objects: Vec<crate::Obj<T>>) -> Vec<crate::Obj<T>> {
        objects
    }
}

/// What a [`Session`](crate::Session) does along a relationship when the object at its
/// source side is deleted or loses a related object. The default is SQLAlchemy's
/// (`save-update` only): adding an object through a relationship adds it to the session
/// (always on in Retort, where objects enter a session only through it), deleting a parent
/// leaves its children to their foreign key's rule (docs/orm.md).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Cascade {
    /// `delete`: deleting the source object deletes the related objects first.
    pub delete: bool,
    /// `delete-orphan`: a related object removed from the source's collection (or
    /// replaced) is deleted instead of having its foreign key set to NULL.
    pub delete_orphan: bool,
}

impl Cascade {
    /// SQLAlchemy's default: no `delete`, no `delete-orphan`.
    pub const DEFAULT: Cascade = Cascade {
        delete: false,
        delete_orphan: false,
    };
    /// `delete`.
    pub const DELETE: Cascade = Cascade {
        delete: true,
        delete_orphan: false,
    };
    /// `all, delete-orphan`: the related objects live and die with the source.
    pub const DELETE_ORPHAN: Cascade = Cascade {
        delete: true,
        delete_orphan: true,
    };
}

/// The association table of a many-to-many relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Through {
    /// The association table's name.
    pub table: &'static str,
    /// Its columns that reference the relationship's source table.
    pub source_columns: &'static [&'static str],
    /// Its columns that reference the relationship's target table.
    pub target_columns: &'static [&'static str],
}

/// The types a [`Relationship`] is about, held without values.
type Tables<From, To, C> = PhantomData<fn() -> (From, To, C)>;

/// A relationship from table `From` to table `To`, as generated in `<table>::rel`; `C` is
/// its [`Cardinality`], [`ToOne`] or [`ToMany`].
///
/// Rows are linked where `From.source_columns = To.target_columns`, column by column, or for
/// a many-to-many where `From.source_columns = through.source_columns` and
/// `through.target_columns = To.target_columns`.
pub struct Relationship<From, To, C> {
    /// The relationship's name (`posts`, `author`).
    pub name: &'static str,
    /// Its kind.
    pub kind: RelationshipKind,
    /// Columns of `From`.
    pub source_columns: &'static [&'static str],
    /// Columns of `To`.
    pub target_columns: &'static [&'static str],
    /// The association table of a many-to-many.
    pub through: Option<Through>,
    /// What a session does along it on deletes.
    pub cascade: Cascade,
    _marker: Tables<From, To, C>,
}

impl<F, T, C> Clone for Relationship<F, T, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F, T, C> Copy for Relationship<F, T, C> {}

impl<F, T, C> std::fmt::Debug for Relationship<F, T, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relationship")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("source_columns", &self.source_columns)
            .field("target_columns", &self.target_columns)
            .field("through", &self.through)
            .field("cascade", &self.cascade)
            .finish()
    }
}

impl<F: Table, T: Table, C: Cardinality> Relationship<F, T, C> {
    /// A relationship over a foreign key (every kind but many-to-many). Used by generated
    /// code; a `kind` that does not match `C` does not compile (in a `const`).
    pub const fn new(
        name: &'static str,
        kind: RelationshipKind,
        source_columns: &'static [&'static str],
        target_columns: &'static [&'static str],
    ) -> Self {
        let to_one = matches!(
            kind,
            RelationshipKind::ManyToOne | RelationshipKind::OneToOne
        );
        assert!(
            to_one == C::TO_ONE,
            "a relationship's kind and cardinality disagree: many-to-one and one-to-one \
             relationships are `ToOne`, the others `ToMany`"
        );
        Relationship {
            name,
            kind,
            source_columns,
            target_columns,
            through: None,
            cascade: Cascade::DEFAULT,
            _marker: PhantomData,
        }
    }

    /// The same relationship with `cascade`. Used by generated code.
    pub const fn with_cascade(mut self, cascade: Cascade) -> Self {
        self.cascade = cascade;
        self
    }

    /// A many-to-many relationship through an association table. Used by generated code.
    pub const fn many_to_many(
        name: &'static str,
        source_columns: &'static [&'static str],
        through: Through,
        target_columns: &'static [&'static str],
    ) -> Self {
        assert!(!C::TO_ONE, "a many-to-many relationship is `ToMany`");
        Relationship {
            name,
            kind: RelationshipKind::ManyToMany,
            source_columns,
            target_columns,
            through: Some(through),
            cascade: Cascade::DEFAULT,
            _marker: PhantomData,
        }
    }

    /// True when following it yields at most one row.
    pub fn is_to_one(&self) -> bool {
        matches!(
            self.kind,
            RelationshipKind::ManyToOne | RelationshipKind::OneToOne
        )
    }

    /// The rows of `To` related to `row`: `users::rel::POSTS.of(&ada)` selects Ada's posts.
    /// The result is an ordinary [`Select`], so it can be filtered and ordered further.
    pub fn of(&self, row: &F::Row) -> Select<T::Row, (T, ())> {
        let mut select = table_rows::<T>();
        // The columns the parent's key values are compared with.
        let (match_table, match_columns) = match &self.through {
            Some(through) => {
                select = select.join_on(
                    JoinType::InnerJoin,
                    through.table.into_table_ref(),
                    pairs(
                        through.table,
                        through.target_columns,
                        T::NAME,
                        self.target_columns,
                    ),
                );
                (through.table, through.source_columns)
            }
            None => (T::NAME, self.target_columns),
        };
        for (source, target) in self.source_columns.iter().zip(match_columns) {
            match row.column_value(source) {
                Some(value) => {
                    select = select.filter_sea(SimpleExpr::col((match_table, *target)).eq(value));
                }
                // Only a hand-written relationship can name a missing column; the statement
                // then fails when it is run, with this message.
                None => {
                    select = select.invalid(format!(
                        "relationship `{}` names column `{source}`, which `{}` does not have",
                        self.name,
                        F::NAME
                    ));
                }
            }
        }
        select
    }

    /// The joins from `From` to `To` (named `alias` when given), as (table to join, ON
    /// condition) pairs in join order: one for a foreign-key relationship, two for a
    /// many-to-many (the association table first).
    pub(crate) fn join_steps_as(&self, alias: Option<&str>) -> Vec<(TableRef, SimpleExpr)> {
        self.join_steps_between(F::NAME, alias, None)
    }

    /// [`join_steps_as`](Self::join_steps_as) from `From` known as `source` in the
    /// statement, with the association table of a many-to-many named `through_alias`.
    pub(crate) fn join_steps_between(
        &self,
        source: &str,
        alias: Option<&str>,
        through_alias: Option<&str>,
    ) -> Vec<(TableRef, SimpleExpr)> {
        let target = match alias {
            Some(alias) => T::NAME.into_table_ref().alias(Alias::new(alias)),
            None => T::NAME.into_table_ref(),
        };
        let target_name = alias.unwrap_or(T::NAME);
        match &self.through {
            Some(through) => {
                let through_ref = match through_alias {
                    Some(alias) => through.table.into_table_ref().alias(Alias::new(alias)),
                    None => through.table.into_table_ref(),
                };
                let through_name = through_alias.unwrap_or(through.table);
                vec![
                    (
                        through_ref,
                        pairs(
                            source,
                            self.source_columns,
                            through_name,
                            through.source_columns,
                        ),
                    ),
                    (
                        target,
                        pairs(
                            through_name,
                            through.target_columns,
                            target_name,
                            self.target_columns,
                        ),
                    ),
                ]
            }
            None => vec![(
                target,
                pairs(
                    source,
                    self.source_columns,
                    target_name,
                    self.target_columns,
                ),
            )],
        }
    }
}

/// A relationship with its tables erased, as listed in [`Table::RELATIONSHIPS`]: what a
/// [`Session`](crate::Session) needs to follow it from a row being deleted. Implemented by
/// every [`Relationship`]; not meant to be implemented elsewhere.
pub trait AnyRelationship: Sync {
    /// The relationship's name.
    fn name(&self) -> &'static str;
    /// Its kind.
    fn kind(&self) -> RelationshipKind;
    /// Its cascades.
    fn cascade(&self) -> Cascade;
    /// The session's side of a delete: called for each object of the source table the
    /// session deletes, with its column values in column order, before its DELETE.
    #[doc(hidden)]
    fn before_delete<'a>(
        &'a self,
        session: &'a mut crate::orm::SessionCore,
        source: &'a [sea_query::Value],
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = crate::Result<()>> + Send + 'a>>;
    /// Called after that DELETE: brings the session's objects in line with what the
    /// database's foreign-key rules did.
    #[doc(hidden)]
    fn after_delete(&self, session: &mut crate::orm::SessionCore, source: &[sea_query::Value]);
}

/// `left.a = right.x AND left.b = right.y …`
pub(crate) fn pairs(
    left_table: &str,
    left: &'static [&'static str],
    right_table: &str,
    right: &'static [&'static str],
) -> SimpleExpr {
    left.iter()
        .zip(right)
        .map(|(l, r)| {
            SimpleExpr::col((Alias::new(left_table), Alias::new(*l)))
                .equals((Alias::new(right_table), Alias::new(*r)))
        })
        .reduce(|a, b| a.and(b))
        .unwrap_or_else(|| SimpleExpr::cust("1 = 1"))
}
