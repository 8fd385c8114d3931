//! Reads a spec document into [`Spec`], collecting every problem.
//!
//! The text is parsed by `serde_yaml` into a [`Value`]; a YAML syntax error (or a duplicate
//! key) is then the one problem reported. Otherwise the value is decoded by hand, each node
//! together with its [`SpecPath`], so that every problem names the node it is about, and
//! decoding goes on after a problem so that a spec's problems are all reported at once.
//! Checks that need the whole document (references between tables, keys, types of foreign
//! keys) run once every table has been decoded.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_yaml::{Mapping, Value};

use super::locate::locate_value;
use super::{
    CascadeSpec, CheckSpec, ColumnSpec, DefaultSpec, EnumSpec, FkAction, ForeignKeySpec,
    GeneratedSpec, IndexSpec, Literal, Position, Problem, RelationshipLink, RelationshipSpec, Spec,
    SpecPath, TableSpec, TypeSpec, ViewSpec, default_check_name, locate,
};

/// Parses and validates a spec document.
///
/// Returns every problem found, in no particular order; [`SpecError::new`](super::SpecError::new)
/// locates and sorts them.
pub fn parse(source: &str) -> Result<Spec, Vec<Problem>> {
    let mut document = match serde_yaml::from_str::<Value>(source) {
        Ok(document) => document,
        Err(error) => return Err(vec![syntax_problem(source, &error)]),
    };
    if let Err(error) = document.apply_merge() {
        return Err(vec![syntax_problem(source, &error)]);
    }
    let mut decoder = Decoder {
        source,
        problems: Vec::new(),
        enums: Vec::new(),
    };
    let spec = decoder.spec(&document);
    match spec {
        Some(spec) if decoder.problems.is_empty() => Ok(spec),
        _ => {
            debug_assert!(
                !decoder.problems.is_empty(),
                "a spec was dropped without a problem"
            );
            Err(decoder.problems)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What is valid where
// ---------------------------------------------------------------------------------------------

const TOP_KEYS: &[&str] = &["version", "name", "enums", "tables"];
const TABLE_KEYS: &[&str] = &[
    "columns",
    "primary_key",
    "unique",
    "foreign_keys",
    "indexes",
    "checks",
    "relationships",
    "comment",
    "rust_name",
    "view",
];
const COLUMN_KEYS: &[&str] = &[
    "type",
    "nullable",
    "primary_key",
    "autoincrement",
    "unique",
    "default",
    "references",
    "on_delete",
    "on_update",
    "comment",
    "rust_name",
    "sql_type",
    "rust_type",
    "generated",
];
const FOREIGN_KEY_KEYS: &[&str] = &[
    "columns",
    "references",
    "to_columns",
    "on_delete",
    "on_update",
];
const INDEX_KEYS: &[&str] = &["columns", "unique", "name"];
const CHECK_KEYS: &[&str] = &["name", "sql"];
const RELATIONSHIP_KEYS: &[&str] = &["to", "via", "through", "back_populates", "cascade"];
/// The cascades a relationship may list (`save-update` is always on; `all` is
/// `save-update, delete`, as in SQLAlchemy).
const CASCADES: &[&str] = &["save-update", "delete", "delete-orphan", "all"];
const SQL_DEFAULT_KEYS: &[&str] = &["sql"];
const VIEW_KEYS: &[&str] = &["sql"];
const GENERATED_KEYS: &[&str] = &["sql", "stored"];

/// The portable types as the hints show them.
const PORTABLE_TYPES: &str = "smallint, integer, bigint, boolean, real, double, decimal(p,s), \
                              text, varchar(n), char(n), bytes, date, time, timestamp, \
                              timestamptz, uuid, json";

/// The portable type keywords, for suggestions.
const TYPE_KEYWORDS: &[&str] = &[
    "smallint",
    "integer",
    "bigint",
    "boolean",
    "real",
    "double",
    "decimal",
    "text",
    "varchar",
    "char",
    "bytes",
    "date",
    "time",
    "timestamp",
    "timestamptz",
    "uuid",
    "json",
];

/// Type names from other systems, only used to suggest the portable type meant.
const TYPE_ALIASES: &[(&str, &str)] = &[
    ("int", "integer"),
    ("int2", "smallint"),
    ("int4", "integer"),
    ("int8", "bigint"),
    ("long", "bigint"),
    ("bool", "boolean"),
    ("string", "text"),
    ("str", "text"),
    ("float", "double"),
    ("float4", "real"),
    ("float8", "double"),
    ("numeric", "decimal"),
    ("datetime", "timestamp"),
    ("blob", "bytes"),
    ("bytea", "bytes"),
    ("binary", "bytes"),
    ("jsonb", "json"),
];

const ACTIONS: &[(&str, FkAction)] = &[
    ("cascade", FkAction::Cascade),
    ("set_null", FkAction::SetNull),
    ("restrict", FkAction::Restrict),
    ("no_action", FkAction::NoAction),
    ("set_default", FkAction::SetDefault),
];

// ---------------------------------------------------------------------------------------------
// YAML syntax errors
// ---------------------------------------------------------------------------------------------

/// The one problem of a document `serde_yaml` could not read.
fn syntax_problem(source: &str, error: &serde_yaml::Error) -> Problem {
    let text = error.to_string();
    if text.contains("duplicate entry")
        && let Some(problem) = duplicate_key_problem(source)
    {
        return problem;
    }
    let location = error.location();
    // The position is shown in front of the message: drop it from the message itself.
    let message = match &location {
        Some(l) => text.replacen(
            &format!(" at line {} column {}", l.line(), l.column()),
            "",
            1,
        ),
        None => text,
    };
    let hint = if message.contains("flow mapping") || message.contains("flow sequence") {
        Some("close every `{` and `[`, and separate their items with commas")
    } else if message.contains("cannot start any token") {
        Some("indent with spaces: YAML does not allow tabs")
    } else if message.contains("block mapping")
        || message.contains("block sequence")
        || message.contains("mapping values are not allowed")
    {
        Some("check the indentation: the keys of one mapping must start in the same column")
    } else {
        None
    };
    Problem {
        path: SpecPath::root(),
        message: format!("invalid YAML: {message}"),
        hint: hint.map(str::to_string),
        position: location.map(|l| Position {
            line: l.line(),
            column: l.column(),
        }),
    }
}

/// `serde_yaml` reports a duplicate key at the start of the mapping that holds it. This walks
/// the document once more to find the second occurrence of the key and its path.
fn duplicate_key_problem(source: &str) -> Option<Problem> {
    let duplicate = RefCell::new(None);
    let walk = FindDuplicate {
        path: SpecPath::root(),
        duplicate: &duplicate,
    };
    let error = walk
        .deserialize(serde_yaml::Deserializer::from_str(source))
        .err()?;
    let location = error.location()?;
    let path = duplicate.into_inner()?;
    let key = path.0.last()?.clone();
    let message = match path.0.as_slice() {
        [tables, table] if tables == "tables" => format!("duplicate table `{table}`"),
        [enums, name] if enums == "enums" => format!("duplicate enum `{name}`"),
        [tables, table, columns, column] if tables == "tables" && columns == "columns" => {
            format!("duplicate column `{column}` in table `{table}`")
        }
        [tables, table, relationships, name]
            if tables == "tables" && relationships == "relationships" =>
        {
            format!("duplicate relationship `{name}` in table `{table}`")
        }
        _ => format!("duplicate key `{key}`"),
    };
    // `locate` finds the first key of that name: the one that stays.
    let hint = match locate(source, &path) {
        Some(first) => format!(
            "`{key}` is already defined at line {}, column {}; each key may appear once",
            first.line, first.column
        ),
        None => "each key may appear once in a mapping".to_string(),
    };
    Some(Problem {
        path,
        message,
        hint: Some(hint),
        position: Some(Position {
            line: location.line(),
            column: location.column(),
        }),
    })
}

/// Walks a node; raises an error at the first key that repeats a key of its mapping (so that
/// the error carries the key's position) and records its path.
struct FindDuplicate<'a> {
    path: SpecPath,
    duplicate: &'a RefCell<Option<SpecPath>>,
}

impl<'de> DeserializeSeed<'de> for FindDuplicate<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FindDuplicate<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        loop {
            let key = NewKey {
                seen: &mut seen,
                path: &self.path,
                duplicate: self.duplicate,
            };
            match map.next_key_seed(key)? {
                None => return Ok(()),
                Some(Some(key)) => map.next_value_seed(FindDuplicate {
                    path: self.path.join(key),
                    duplicate: self.duplicate,
                })?,
                Some(None) => map.next_value::<IgnoredAny>().map(drop)?,
            }
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while seq
            .next_element_seed(FindDuplicate {
                path: self.path.join(index),
                duplicate: self.duplicate,
            })?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged node (`!tag value`): walk the value.
        let (IgnoredAny, variant) = data.variant()?;
        variant.newtype_variant_seed(self)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Reads a mapping key in its text form (`None` for a collection used as a key) and raises an
/// error when the mapping had it already.
struct NewKey<'a> {
    seen: &'a mut HashSet<String>,
    path: &'a SpecPath,
    duplicate: &'a RefCell<Option<SpecPath>>,
}

impl<'de> DeserializeSeed<'de> for NewKey<'_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NewKey<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        if self.seen.insert(key.to_string()) {
            Ok(Some(key.to_string()))
        } else {
            *self.duplicate.borrow_mut() = Some(self.path.join(key));
            Err(E::custom("duplicate key"))
        }
    }
    fn visit_bool<E: de::Error>(self, key: bool) -> Result<Self::Value, E> {
        self.visit_str(&key.to_string())
    }
    fn visit_i64<E: de::Error>(self, key: i64) -> Result<Self::Value, E> {
        self.visit_str(&key.to_string())
    }
    fn visit_u64<E: de::Error>(self, key: u64) -> Result<Self::Value, E> {
        self.visit_str(&key.to_string())
    }
    fn visit_f64<E: de::Error>(self, key: f64) -> Result<Self::Value, E> {
        self.visit_str(&key.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_str("null")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

// ---------------------------------------------------------------------------------------------
// The document as decoded, before the checks across tables
// ---------------------------------------------------------------------------------------------

/// A name given in a list (`primary_key: [a, b]`), with the path to report problems at.
#[derive(Debug, Clone)]
struct Named {
    name: String,
    path: SpecPath,
}

impl Named {
    fn new(name: impl Into<String>, path: SpecPath) -> Self {
        Named {
            name: name.into(),
            path,
        }
    }
}

#[derive(Debug)]
struct Table {
    name: String,
    path: SpecPath,
    comment: Option<String>,
    rust_name: Option<String>,
    /// `None` when `columns` could not be read: names are then not checked against it.
    columns: Option<Vec<Column>>,
    /// The table-level `primary_key:` list.
    primary_key: Option<Vec<Named>>,
    unique: Vec<Vec<Named>>,
    /// The table-level `foreign_keys:` list.
    foreign_keys: Vec<ForeignKey>,
    indexes: Vec<Index>,
    checks: Vec<Check>,
    relationships: Option<Vec<Relationship>>,
    view: Option<ViewSpec>,
}

#[derive(Debug)]
struct Column {
    name: String,
    path: SpecPath,
    /// `None` when the type is not valid.
    ty: Option<TypeSpec>,
    nullable: bool,
    primary_key: bool,
    autoincrement: bool,
    unique: bool,
    default: Option<DefaultSpec>,
    comment: Option<String>,
    rust_name: Option<String>,
    generated: Option<GeneratedSpec>,
    /// From `references: table.column`.
    foreign_key: Option<ForeignKey>,
}

#[derive(Debug)]
struct ForeignKey {
    /// `column `a`` or `foreign key (a, b)`, for messages.
    source: String,
    columns: Vec<Named>,
    /// The referenced table.
    references: Named,
    to_columns: Vec<Named>,
    on_delete: Option<(FkAction, SpecPath)>,
    on_update: Option<(FkAction, SpecPath)>,
    path: SpecPath,
}

#[derive(Debug)]
struct Index {
    name: Option<String>,
    columns: Vec<Named>,
    unique: bool,
}

#[derive(Debug)]
struct Check {
    /// The 0-based position in `checks:`, which the default name counts from.
    position: usize,
    /// The given name, with the path of its value.
    name: Option<Named>,
    sql: String,
    /// The path of the list item.
    path: SpecPath,
}

impl Check {
    /// The given name, else the default one.
    fn effective_name(&self, table: &str) -> String {
        match &self.name {
            Some(named) => named.name.clone(),
            None => default_check_name(table, self.position),
        }
    }
}

#[derive(Debug)]
struct Relationship {
    name: String,
    to: Option<Named>,
    link: Option<Link>,
    back_populates: Option<String>,
    cascade: CascadeSpec,
}

#[derive(Debug)]
enum Link {
    Via(Vec<Named>),
    Through(Named),
}

/// All tables of the spec, by name and in file order.
struct Tables<'a> {
    in_order: &'a [Table],
    by_name: HashMap<&'a str, &'a Table>,
}

impl<'a> Tables<'a> {
    fn new(tables: &'a [Table]) -> Self {
        let by_name = tables
            .iter()
            .map(|table| (table.name.as_str(), table))
            .collect();
        Tables {
            in_order: tables,
            by_name,
        }
    }

    fn get(&self, name: &str) -> Option<&'a Table> {
        self.by_name.get(name).copied()
    }

    /// The hint for a missing table `word`.
    fn hint(&self, word: &str) -> String {
        listing_hint(
            word,
            self.in_order.iter().map(|table| table.name.as_str()),
            "tables",
        )
    }
}

impl Table {
    fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .as_ref()?
            .iter()
            .find(|column| column.name == name)
    }

    fn column_names(&self) -> Vec<&str> {
        self.columns
            .iter()
            .flatten()
            .map(|column| column.name.as_str())
            .collect()
    }

    /// The primary key: the table-level list, else the columns marked `primary_key: true`.
    fn key(&self) -> Vec<String> {
        match &self.primary_key {
            Some(list) => list.iter().map(|named| named.name.clone()).collect(),
            None => self
                .columns
                .iter()
                .flatten()
                .filter(|column| column.primary_key)
                .map(|column| column.name.clone())
                .collect(),
        }
    }

    /// Whether `columns` are the primary key or declared unique, in any order.
    fn is_unique(&self, columns: &[String]) -> bool {
        let wanted: Vec<&str> = columns.iter().map(String::as_str).collect();
        let key = self.key();
        same_set(&key.iter().map(String::as_str).collect::<Vec<_>>(), &wanted)
            || (columns.len() == 1 && self.column(&columns[0]).is_some_and(|c| c.unique))
            || self
                .unique
                .iter()
                .any(|list| same_set(&name_list(list), &wanted))
            || self
                .indexes
                .iter()
                .any(|index| index.unique && same_set(&name_list(&index.columns), &wanted))
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/// Decodes the document, collecting problems.
struct Decoder<'s> {
    /// The spec text, to find the position of a problem shown at a value.
    source: &'s str,
    problems: Vec<Problem>,
    /// The enums of the spec, known before any column is decoded.
    enums: Vec<EnumSpec>,
}

impl Decoder<'_> {
    /// A problem at `path`: shown at the key when `path` ends with one (at `nulable` in
    /// `nulable: true`), else at the item.
    fn error(&mut self, path: &SpecPath, message: impl Into<String>) {
        self.problems.push(Problem::new(path.clone(), message));
    }

    fn error_hint(&mut self, path: &SpecPath, message: impl Into<String>, hint: impl Into<String>) {
        self.problems
            .push(Problem::new(path.clone(), message).with_hint(hint));
    }

    /// A problem about what the value at `path` says, shown at the value (at `strin` in
    /// `type: strin`) rather than at its key.
    fn value_error(&mut self, path: &SpecPath, message: impl Into<String>, hint: Option<String>) {
        let mut problem = Problem::new(path.clone(), message);
        problem.hint = hint;
        // When it cannot be found (no `type` key on a custom column), `path` is located.
        problem.position = locate_value(self.source, path);
        self.problems.push(problem);
    }

    /// A value of the wrong kind: shown at the value, or at the key when it is empty.
    fn kind_error(
        &mut self,
        path: &SpecPath,
        value: &Value,
        message: String,
        hint: Option<String>,
    ) {
        match value {
            Value::Null => self.problems.push(Problem {
                hint,
                ..Problem::new(path.clone(), message)
            }),
            _ => self.value_error(path, message, hint),
        }
    }

    // --- small decoders -------------------------------------------------------------------

    /// `value` as a mapping; `what` names it in the message ("table `users`").
    fn expect_mapping<'v>(
        &mut self,
        value: &'v Value,
        path: &SpecPath,
        what: &str,
    ) -> Option<&'v Mapping> {
        match value {
            Value::Mapping(map) => Some(map),
            other => {
                let message = format!("{what} must be a mapping, found {}", describe(other));
                self.kind_error(path, other, message, None);
                None
            }
        }
    }

    /// `value` as a sequence.
    fn expect_sequence<'v>(
        &mut self,
        value: &'v Value,
        path: &SpecPath,
        what: &str,
    ) -> Option<&'v [Value]> {
        match value {
            Value::Sequence(items) => Some(items),
            other => {
                let message = format!("{what} must be a list, found {}", describe(other));
                self.kind_error(path, other, message, None);
                None
            }
        }
    }

    /// Reports every key of `map` that is not one of `allowed`, at that key.
    fn check_keys(&mut self, map: &Mapping, allowed: &[&str], path: &SpecPath) {
        for key in map.keys() {
            let key = key_text(key);
            if !allowed.contains(&key.as_str()) {
                let hint = listing_hint(&key, allowed.iter().copied(), "valid keys");
                self.error_hint(&path.join(&key), format!("unknown key `{key}`"), hint);
            }
        }
    }

    /// The entries of a mapping whose keys are names (tables, columns, enums,
    /// relationships); `what` is the kind of name ("table").
    fn named_entries<'v>(
        &mut self,
        map: &'v Mapping,
        path: &SpecPath,
        what: &str,
    ) -> Vec<(String, &'v Value)> {
        let mut entries = Vec::new();
        for (key, value) in map {
            match key {
                Value::String(name) if !name.is_empty() => entries.push((name.clone(), value)),
                Value::String(_) => self.error(path, format!("a {what} name cannot be empty")),
                other => {
                    let text = key_text(other);
                    self.error_hint(
                        &path.join(&text),
                        format!("a {what} name must be a string, found {}", describe(other)),
                        format!("quote it: `'{text}'`"),
                    );
                }
            }
        }
        entries
    }

    /// `map[key]`, or a problem at `path` when it is missing.
    fn required<'v>(
        &mut self,
        map: &'v Mapping,
        key: &str,
        path: &SpecPath,
        what: &str,
    ) -> Option<&'v Value> {
        let value = map.get(key);
        if value.is_none() {
            self.error(path, format!("{what} is missing `{key}`"));
        }
        value
    }

    fn string(&mut self, value: &Value, path: &SpecPath, what: &str) -> Option<String> {
        match value {
            Value::String(text) => Some(text.clone()),
            other => {
                let message = format!("{what} must be a string, found {}", describe(other));
                self.kind_error(path, other, message, None);
                None
            }
        }
    }

    fn bool_value(&mut self, value: &Value, path: &SpecPath, what: &str) -> Option<bool> {
        match value {
            Value::Bool(flag) => Some(*flag),
            other => {
                let message = format!(
                    "{what} must be `true` or `false`, found {}",
                    describe(other)
                );
                self.kind_error(path, other, message, None);
                None
            }
        }
    }

    /// A non-empty list of column names; `what` names the list ("`primary_key`").
    fn column_list(&mut self, value: &Value, path: &SpecPath, what: &str) -> Option<Vec<Named>> {
        let Value::Sequence(items) = value else {
            let message = format!(
                "{what} must be a list of column names, found {}",
                describe(value)
            );
            self.kind_error(path, value, message, None);
            return None;
        };
        if items.is_empty() {
            self.error(path, format!("{what} must name at least one column"));
            return None;
        }
        let mut names = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let item_path = path.join(index);
            match item {
                Value::String(name) => names.push(Named::new(name.clone(), item_path)),
                other => {
                    let message = format!(
                        "each item of {what} must be a column name, found {}",
                        describe(other)
                    );
                    self.kind_error(&item_path, other, message, None);
                }
            }
        }
        (names.len() == items.len()).then_some(names)
    }

    /// An optional string field of `map`.
    fn optional_string(&mut self, map: &Mapping, path: &SpecPath, key: &str) -> Option<String> {
        let value = map.get(key)?;
        self.string(value, &path.join(key), &format!("`{key}`"))
    }

    /// An optional `true` / `false` field of `map`, false when absent.
    fn flag(&mut self, map: &Mapping, path: &SpecPath, key: &str) -> bool {
        map.get(key)
            .and_then(|value| self.bool_value(value, &path.join(key), &format!("`{key}`")))
            .unwrap_or(false)
    }

    /// An optional `on_delete` / `on_update` field of `map`, with its path.
    fn action(
        &mut self,
        map: &Mapping,
        path: &SpecPath,
        key: &str,
    ) -> Option<(FkAction, SpecPath)> {
        let value = map.get(key)?;
        let path = path.join(key);
        let names = ACTIONS.iter().map(|(name, _)| *name);
        let found = value
            .as_str()
            .and_then(|text| ACTIONS.iter().find(|(name, _)| *name == text));
        match (found, value) {
            (Some((_, action)), _) => return Some((*action, path)),
            (None, Value::String(text)) => {
                let hint = listing_hint(text, names, "expected one of");
                self.value_error(
                    &path,
                    format!("unknown action `{text}` for `{key}`"),
                    Some(hint),
                );
            }
            (None, other) => {
                let message = format!("`{key}` must be an action, found {}", describe(other));
                let hint = format!("expected one of: {}", join(names));
                self.kind_error(&path, other, message, Some(hint));
            }
        }
        None
    }

    // --- the document ---------------------------------------------------------------------

    fn spec(&mut self, document: &Value) -> Option<Spec> {
        let root = SpecPath::root();
        let Value::Mapping(map) = document else {
            self.error_hint(
                &root,
                format!("a spec must be a mapping, found {}", describe(document)),
                "start with `version: 1` and declare the tables under `tables:`",
            );
            return None;
        };
        self.check_keys(map, TOP_KEYS, &root);
        let version = self.version(map);
        let name = self.optional_string(map, &root, "name");
        if let Some(value) = map.get("enums") {
            self.enums(value, &root.join("enums"));
        }
        let tables = match self.required(map, "tables", &root, "the spec") {
            Some(value) => self.tables(value, &root.join("tables")),
            None => Vec::new(),
        };

        let all = Tables::new(&tables);
        for table in &tables {
            self.check_table(table, &all);
        }
        self.check_check_names(&tables);

        Some(Spec {
            version: version?,
            name,
            enums: self.enums.clone(),
            tables: tables
                .into_iter()
                .map(finish_table)
                .collect::<Option<_>>()?,
        })
    }

    fn version(&mut self, map: &Mapping) -> Option<u32> {
        let path = SpecPath::root().join("version");
        let hint = "this version of retort reads spec version 1: write `version: 1`";
        match map.get("version") {
            None => {
                self.error_hint(&SpecPath::root(), "the spec is missing `version`", hint);
                None
            }
            Some(Value::Number(number)) if number.as_u64() == Some(1) => Some(1),
            Some(Value::Number(number)) => {
                let message = format!("unsupported spec version `{number}`");
                self.value_error(&path, message, Some(hint.to_string()));
                None
            }
            Some(other) => {
                let message = format!("`version` must be a number, found {}", describe(other));
                self.kind_error(&path, other, message, Some(hint.to_string()));
                None
            }
        }
    }

    fn enums(&mut self, value: &Value, path: &SpecPath) {
        let Some(map) = self.expect_mapping(value, path, "`enums`") else {
            return;
        };
        for (name, value) in self.named_entries(map, path, "enum") {
            let path = path.join(&name);
            if TYPE_KEYWORDS.contains(&name.to_ascii_lowercase().as_str()) {
                self.error_hint(
                    &path,
                    format!("enum `{name}` has the name of a portable type"),
                    "rename the enum",
                );
            }
            let mut values = Vec::new();
            let what = format!("enum `{name}`");
            if let Some(items) = self.expect_sequence(value, &path, &what) {
                if items.is_empty() {
                    self.error(&path, format!("enum `{name}` must have at least one value"));
                }
                for (index, item) in items.iter().enumerate() {
                    let item_path = path.join(index);
                    match item {
                        Value::String(text) if text.is_empty() => {
                            self.error(&item_path, format!("enum `{name}` has an empty value"));
                        }
                        Value::String(text) if values.contains(text) => {
                            self.error(
                                &item_path,
                                format!("duplicate value `{text}` in enum `{name}`"),
                            );
                        }
                        Value::String(text) => values.push(text.clone()),
                        other => {
                            let message = format!(
                                "a value of enum `{name}` must be a string, found {}",
                                describe(other)
                            );
                            let hint = format!("quote it: `'{}'`", key_text(other));
                            self.kind_error(&item_path, other, message, Some(hint));
                        }
                    }
                }
            }
            self.enums.push(EnumSpec { name, values });
        }
    }

    fn tables(&mut self, value: &Value, path: &SpecPath) -> Vec<Table> {
        let Some(map) = self.expect_mapping(value, path, "`tables`") else {
            return Vec::new();
        };
        if map.is_empty() {
            self.error(path, "`tables` must declare at least one table");
        }
        let entries = self.named_entries(map, path, "table");
        entries
            .into_iter()
            .map(|(name, value)| self.table(name, value, path))
            .collect()
    }

    fn table(&mut self, name: String, value: &Value, tables_path: &SpecPath) -> Table {
        let path = tables_path.join(&name);
        let mut table = Table {
            name,
            path,
            comment: None,
            rust_name: None,
            columns: None,
            primary_key: None,
            unique: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            checks: Vec::new(),
            relationships: None,
            view: None,
        };
        let what = format!("table `{}`", table.name);
        let Some(map) = self.expect_mapping(value, &table.path, &what) else {
            return table;
        };
        let path = table.path.clone();
        self.check_keys(map, TABLE_KEYS, &path);
        table.comment = self.optional_string(map, &path, "comment");
        table.rust_name = self.optional_string(map, &path, "rust_name");
        if let Some(value) = self.required(map, "columns", &path, &what) {
            table.columns = self.columns(&table.name, value, &path.join("columns"));
        }
        if let Some(value) = map.get("primary_key") {
            let list_path = path.join("primary_key");
            table.primary_key = self.column_list(value, &list_path, "`primary_key`");
        }
        if let Some(value) = map.get("unique") {
            table.unique = self.unique_lists(value, &path.join("unique"));
        }
        if let Some(value) = map.get("foreign_keys") {
            table.foreign_keys = self.foreign_keys(value, &path.join("foreign_keys"));
        }
        if let Some(value) = map.get("indexes") {
            table.indexes = self.indexes(value, &path.join("indexes"));
        }
        if let Some(value) = map.get("checks") {
            table.checks = self.checks(value, &path.join("checks"));
        }
        if let Some(value) = map.get("relationships") {
            table.relationships = self.relationships(value, &path.join("relationships"));
        }
        if let Some(value) = map.get("view") {
            table.view = self.view(value, &path.join("view"));
        }
        table
    }

    /// `view: true` or `view: { sql: QUERY }`; `view: false` is a table.
    fn view(&mut self, value: &Value, path: &SpecPath) -> Option<ViewSpec> {
        match value {
            Value::Bool(true) => Some(ViewSpec { sql: None }),
            Value::Bool(false) => None,
            Value::Mapping(map) => {
                self.check_keys(map, VIEW_KEYS, path);
                let sql = self.required(map, "sql", path, "`view`")?;
                let sql = self.string(sql, &path.join("sql"), "`sql`")?;
                Some(ViewSpec { sql: Some(sql) })
            }
            other => {
                let message = format!(
                    "`view` must be true or a mapping, found {}",
                    describe(other)
                );
                let hint = "write `view: true`, or `view: { sql: SELECT … }` to let create_all \
                            create it";
                self.kind_error(path, other, message, Some(hint.to_string()));
                None
            }
        }
    }

    /// `generated: EXPRESSION` or `generated: { sql: EXPRESSION, stored: BOOL }`.
    fn generated(&mut self, value: &Value, path: &SpecPath) -> Option<GeneratedSpec> {
        match value {
            Value::String(sql) => Some(GeneratedSpec {
                sql: sql.clone(),
                stored: true,
            }),
            Value::Mapping(map) => {
                self.check_keys(map, GENERATED_KEYS, path);
                let sql = self.required(map, "sql", path, "`generated`")?;
                let sql = self.string(sql, &path.join("sql"), "`sql`")?;
                let stored = match map.get("stored") {
                    Some(value) => self.bool_value(value, &path.join("stored"), "`stored`")?,
                    None => true,
                };
                Some(GeneratedSpec { sql, stored })
            }
            other => {
                let message = format!(
                    "`generated` must be an SQL expression or a mapping, found {}",
                    describe(other)
                );
                let hint = "write `generated: EXPRESSION` or `generated: { sql: EXPRESSION, \
                            stored: false }`";
                self.kind_error(path, other, message, Some(hint.to_string()));
                None
            }
        }
    }

    fn columns(&mut self, table: &str, value: &Value, path: &SpecPath) -> Option<Vec<Column>> {
        let Value::Mapping(map) = value else {
            let message = format!(
                "`columns` of table `{table}` must be a mapping, found {}",
                describe(value)
            );
            let hint = "write one `name: type` or `name: { type: …, … }` entry per column";
            self.kind_error(path, value, message, Some(hint.to_string()));
            return None;
        };
        if map.is_empty() {
            self.error(
                path,
                format!("table `{table}` must have at least one column"),
            );
        }
        let entries = self.named_entries(map, path, "column");
        Some(
            entries
                .into_iter()
                .map(|(name, value)| self.column(name, value, path))
                .collect(),
        )
    }

    fn column(&mut self, name: String, value: &Value, columns_path: &SpecPath) -> Column {
        let mut column = Column {
            path: columns_path.join(&name),
            name,
            ty: None,
            nullable: false,
            primary_key: false,
            autoincrement: false,
            unique: false,
            default: None,
            comment: None,
            rust_name: None,
            generated: None,
            foreign_key: None,
        };
        match value {
            Value::String(text) => column.ty = self.column_type(text, &column.path, &column.name),
            Value::Mapping(map) => self.column_options(map, &mut column),
            other => {
                let message = format!(
                    "column `{}` must be a type or a mapping of options, found {}",
                    column.name,
                    describe(other)
                );
                let hint = format!(
                    "e.g. `{0}: text` or `{0}: {{ type: text, nullable: true }}`",
                    column.name
                );
                self.kind_error(&column.path, other, message, Some(hint));
            }
        }
        column
    }

    fn column_options(&mut self, map: &Mapping, column: &mut Column) {
        let path = column.path.clone();
        let name = column.name.clone();
        let tails = cut_type_tails(map);
        if tails.is_empty() {
            self.check_keys(map, COLUMN_KEYS, &path);
        } else {
            // The stray keys are explained with the type below.
            let mut known = map.clone();
            known.retain(|key, _| !tails.contains(&key_text(key)));
            self.check_keys(&known, COLUMN_KEYS, &path);
        }

        let custom_hint = "a custom type needs both `sql_type` (the SQL type as written) and \
                           `rust_type` (the Rust type it maps to), and no `type`";
        let sql_type = self.optional_string(map, &path, "sql_type");
        let rust_type = self.optional_string(map, &path, "rust_type");
        match (map.get("type"), map.get("sql_type"), map.get("rust_type")) {
            (ty, Some(_), Some(_)) => {
                if ty.is_some() {
                    self.error_hint(
                        &path.join("type"),
                        format!("column `{name}` has both `type` and `sql_type`"),
                        custom_hint,
                    );
                }
                if let (Some(sql_type), Some(rust_type)) = (sql_type, rust_type) {
                    column.ty = Some(TypeSpec::Custom {
                        sql_type,
                        rust_type,
                    });
                }
            }
            (_, Some(_), None) => self.error_hint(
                &path.join("sql_type"),
                format!("column `{name}` has `sql_type` but no `rust_type`"),
                custom_hint,
            ),
            (_, None, Some(_)) => self.error_hint(
                &path.join("rust_type"),
                format!("column `{name}` has `rust_type` but no `sql_type`"),
                custom_hint,
            ),
            (Some(value), None, None) => {
                let type_path = path.join("type");
                match self.string(value, &type_path, "`type`") {
                    Some(text) if !tails.is_empty() => self.value_error(
                        &type_path,
                        format!("invalid type `{text}` for column `{name}`"),
                        Some(format!(
                            "inside `{{ … }}` a comma ends the value: quote the type, \
                             `type: '{text}, {}'`",
                            tails.join(", ")
                        )),
                    ),
                    Some(text) => column.ty = self.column_type(&text, &type_path, &name),
                    None => {}
                }
            }
            (None, None, None) => self.error_hint(
                &path,
                format!("column `{name}` has no `type`"),
                "add `type: …`, or `sql_type` and `rust_type` for a custom type",
            ),
        }

        column.nullable = self.flag(map, &path, "nullable");
        column.primary_key = self.flag(map, &path, "primary_key");
        column.autoincrement = self.flag(map, &path, "autoincrement");
        column.unique = self.flag(map, &path, "unique");
        column.comment = self.optional_string(map, &path, "comment");
        column.rust_name = self.optional_string(map, &path, "rust_name");
        if let Some(value) = map.get("default") {
            column.default = self.default_value(value, &path.join("default"), column);
        }
        if let Some(value) = map.get("generated") {
            column.generated = self.generated(value, &path.join("generated"));
            for (key, set) in [
                ("default", column.default.is_some()),
                ("autoincrement", column.autoincrement),
                ("primary_key", column.primary_key),
            ] {
                if set && column.generated.is_some() {
                    self.error_hint(
                        &path.join(key),
                        format!("generated column `{name}` cannot also have `{key}`"),
                        "the database computes a generated column from its expression",
                    );
                }
            }
        }
        if column.autoincrement
            && let Some(ty) = &column.ty
            && !is_integer(ty)
        {
            self.error_hint(
                &path.join("autoincrement"),
                format!(
                    "`autoincrement` on column `{name}` of type `{}`",
                    type_name(ty)
                ),
                "autoincrement needs smallint, integer or bigint",
            );
        }

        let on_delete = self.action(map, &path, "on_delete");
        let on_update = self.action(map, &path, "on_update");
        match map.get("references") {
            Some(value) => {
                column.foreign_key = self.reference(value, column, on_delete, on_update);
            }
            None => {
                for (key, action) in [("on_delete", on_delete), ("on_update", on_update)] {
                    if let Some((_, action_path)) = action {
                        self.error_hint(
                            &action_path,
                            format!("`{key}` on column `{name}`, which has no `references`"),
                            format!("add `references: table.column`, or remove `{key}`"),
                        );
                    }
                }
            }
        }
    }

    /// A type string: a portable type or the name of an enum.
    fn column_type(&mut self, text: &str, path: &SpecPath, column: &str) -> Option<TypeSpec> {
        if self.enums.iter().any(|e| e.name == text) {
            return Some(TypeSpec::Enum(text.to_string()));
        }
        match portable_type(text) {
            Ok(ty) => Some(ty),
            Err(TypeError::Invalid(hint)) => {
                let message = format!("invalid type `{text}` for column `{column}`");
                self.value_error(path, message, Some(hint));
                None
            }
            Err(TypeError::Unknown(keyword)) => {
                let enums: Vec<&str> = self.enums.iter().map(|e| e.name.as_str()).collect();
                let candidates = TYPE_KEYWORDS
                    .iter()
                    .map(|k| (*k, *k))
                    .chain(TYPE_ALIASES.iter().copied())
                    .chain(enums.iter().map(|e| (*e, *e)));
                let suggestion = closest(keyword, candidates)
                    .map(|name| format!("did you mean `{name}`? "))
                    .unwrap_or_default();
                let enums = if enums.is_empty() {
                    "the name of an enum declared under `enums:`".to_string()
                } else {
                    format!("an enum: {}", enums.join(", "))
                };
                self.value_error(
                    path,
                    format!("unknown type `{text}` for column `{column}`"),
                    Some(format!(
                        "{suggestion}expected one of: {PORTABLE_TYPES}, or {enums}"
                    )),
                );
                None
            }
        }
    }

    fn default_value(
        &mut self,
        value: &Value,
        path: &SpecPath,
        column: &Column,
    ) -> Option<DefaultSpec> {
        let literal = match value {
            Value::Mapping(map) => {
                self.check_keys(map, SQL_DEFAULT_KEYS, path);
                let sql = self.required(map, "sql", path, "`default`")?;
                let sql = self.string(sql, &path.join("sql"), "`sql`")?;
                return Some(DefaultSpec::Sql(sql));
            }
            Value::Bool(flag) => Literal::Bool(*flag),
            Value::Number(number) => match (number.as_i64(), number.as_f64()) {
                (Some(int), _) => Literal::Int(int),
                (None, Some(float)) if number.is_f64() => Literal::Float(float),
                _ => {
                    self.value_error(path, format!("default `{number}` is out of range"), None);
                    return None;
                }
            },
            Value::String(text) => Literal::String(text.clone()),
            other => {
                let message = format!("`default` must be a value, found {}", describe(other));
                let hint =
                    "write a literal (`0`, `'x'`, `true`, an enum value) or `{ sql: EXPRESSION }`";
                self.kind_error(path, other, message, Some(hint.to_string()));
                return None;
            }
        };
        if let Some(ty) = &column.ty {
            self.check_default(&literal, ty, path, &column.name);
        }
        Some(DefaultSpec::Literal(literal))
    }

    /// Reports a literal default that a column of type `ty` cannot hold.
    fn check_default(&mut self, literal: &Literal, ty: &TypeSpec, path: &SpecPath, column: &str) {
        let quote_hint = || format!("expected a string: quote it, `'{}'`", literal_text(literal));
        let hint = match (ty, literal) {
            (TypeSpec::Custom { .. }, _) => None,
            (TypeSpec::Boolean, Literal::Bool(_)) => None,
            (TypeSpec::Boolean, Literal::String(_)) => {
                Some("expected `true` or `false`, without quotes".to_string())
            }
            (TypeSpec::Boolean, _) => Some("expected `true` or `false`".to_string()),
            (TypeSpec::SmallInt | TypeSpec::Integer | TypeSpec::BigInt, literal) => {
                let (min, max) = match ty {
                    TypeSpec::SmallInt => (i16::MIN.into(), i16::MAX.into()),
                    TypeSpec::Integer => (i32::MIN.into(), i32::MAX.into()),
                    _ => (i64::MIN, i64::MAX),
                };
                match literal {
                    Literal::Int(int) if (min..=max).contains(int) => None,
                    _ => Some(format!("expected an integer from {min} to {max}")),
                }
            }
            (TypeSpec::Real | TypeSpec::Double | TypeSpec::Decimal { .. }, literal) => {
                match literal {
                    Literal::Int(_) | Literal::Float(_) => None,
                    _ => Some("expected a number, without quotes".to_string()),
                }
            }
            (TypeSpec::Varchar(Some(length)) | TypeSpec::Char(Some(length)), literal) => {
                match literal {
                    Literal::String(text) if text.chars().count() > *length as usize => {
                        Some(format!("expected a string of at most {length} characters"))
                    }
                    Literal::String(_) => None,
                    _ => Some(quote_hint()),
                }
            }
            (TypeSpec::Enum(name), literal) => {
                let values = self
                    .enums
                    .iter()
                    .find(|e| &e.name == name)
                    .map(|e| e.values.clone());
                let values = values.unwrap_or_default();
                match literal {
                    // An enum without values is reported already.
                    _ if values.is_empty() => None,
                    Literal::String(text) if values.contains(text) => None,
                    other => {
                        let text = literal_text(other);
                        let hint = listing_hint(
                            &text,
                            values.iter().map(String::as_str),
                            "expected one of",
                        );
                        self.value_error(
                            path,
                            format!("default `{text}` is not a value of enum `{name}`"),
                            Some(hint),
                        );
                        None
                    }
                }
            }
            (_, Literal::String(_)) => None,
            (_, _) => Some(quote_hint()),
        };
        if let Some(hint) = hint {
            // Strings are quoted: `'0'` on an integer column was read as a string.
            let written = match literal {
                Literal::String(text) => format!("'{text}'"),
                other => literal_text(other),
            };
            let message = format!(
                "default `{written}` does not fit column `{column}` of type `{}`",
                type_name(ty)
            );
            self.value_error(path, message, Some(hint));
        }
    }

    /// `references: table.column` of `column`.
    fn reference(
        &mut self,
        value: &Value,
        column: &Column,
        on_delete: Option<(FkAction, SpecPath)>,
        on_update: Option<(FkAction, SpecPath)>,
    ) -> Option<ForeignKey> {
        let path = column.path.join("references");
        let text = self.string(value, &path, "`references`")?;
        let Some((table, to_column)) = text.split_once('.').filter(|(table, to_column)| {
            !table.is_empty() && !to_column.is_empty() && !to_column.contains('.')
        }) else {
            self.value_error(
                &path,
                format!("`references` must be `table.column`, found `{text}`"),
                Some("e.g. `references: users.id`".to_string()),
            );
            return None;
        };
        Some(ForeignKey {
            source: format!("column `{}`", column.name),
            // A type mismatch is best shown at the column's type.
            columns: vec![Named::new(column.name.clone(), column.path.join("type"))],
            references: Named::new(table, path.clone()),
            to_columns: vec![Named::new(to_column, path.clone())],
            on_delete,
            on_update,
            path,
        })
    }

    fn unique_lists(&mut self, value: &Value, path: &SpecPath) -> Vec<Vec<Named>> {
        let Some(items) = self.expect_sequence(value, path, "`unique`") else {
            return Vec::new();
        };
        let mut lists = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let item_path = path.join(index);
            if let Value::Sequence(_) = item {
                let what = format!("`unique` item {index}");
                lists.extend(self.column_list(item, &item_path, &what));
            } else {
                let message = format!(
                    "each item of `unique` must be a list of columns, found {}",
                    describe(item)
                );
                let hint = "write `unique: [[a, b]]` for one constraint over columns `a` and `b`";
                self.kind_error(&item_path, item, message, Some(hint.to_string()));
            }
        }
        lists
    }

    fn foreign_keys(&mut self, value: &Value, path: &SpecPath) -> Vec<ForeignKey> {
        let Some(items) = self.expect_sequence(value, path, "`foreign_keys`") else {
            return Vec::new();
        };
        let mut foreign_keys = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let path = path.join(index);
            let Some(map) = self.expect_mapping(item, &path, "a foreign key") else {
                continue;
            };
            self.check_keys(map, FOREIGN_KEY_KEYS, &path);
            let columns = self
                .required(map, "columns", &path, "foreign key")
                .and_then(|value| self.column_list(value, &path.join("columns"), "`columns`"));
            let references = self
                .required(map, "references", &path, "foreign key")
                .and_then(|value| self.string(value, &path.join("references"), "`references`"));
            let to_columns = self
                .required(map, "to_columns", &path, "foreign key")
                .and_then(|value| {
                    self.column_list(value, &path.join("to_columns"), "`to_columns`")
                });
            let on_delete = self.action(map, &path, "on_delete");
            let on_update = self.action(map, &path, "on_update");
            let (Some(columns), Some(references), Some(to_columns)) =
                (columns, references, to_columns)
            else {
                continue;
            };
            if columns.len() != to_columns.len() {
                self.error_hint(
                    &path,
                    format!(
                        "foreign key has {} `columns` but {} `to_columns`",
                        columns.len(),
                        to_columns.len()
                    ),
                    "list one referenced column for each column",
                );
                continue;
            }
            let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
            foreign_keys.push(ForeignKey {
                source: format!("foreign key ({})", names.join(", ")),
                references: Named::new(references, path.join("references")),
                columns,
                to_columns,
                on_delete,
                on_update,
                path,
            });
        }
        foreign_keys
    }

    fn indexes(&mut self, value: &Value, path: &SpecPath) -> Vec<Index> {
        let Some(items) = self.expect_sequence(value, path, "`indexes`") else {
            return Vec::new();
        };
        let mut indexes = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let path = path.join(index);
            let Some(map) = self.expect_mapping(item, &path, "an index") else {
                continue;
            };
            self.check_keys(map, INDEX_KEYS, &path);
            let columns = self
                .required(map, "columns", &path, "index")
                .and_then(|value| self.column_list(value, &path.join("columns"), "`columns`"));
            let unique = self.flag(map, &path, "unique");
            let name = self.optional_string(map, &path, "name");
            if let Some(columns) = columns {
                indexes.push(Index {
                    name,
                    columns,
                    unique,
                });
            }
        }
        indexes
    }

    /// `checks: [{ name: NAME, sql: EXPRESSION }, …]`; the entries that could be read.
    fn checks(&mut self, value: &Value, path: &SpecPath) -> Vec<Check> {
        let entry_hint = "write each check as `{ sql: EXPRESSION }` or \
                          `{ name: NAME, sql: EXPRESSION }`";
        let Value::Sequence(items) = value else {
            let message = format!("`checks` must be a list, found {}", describe(value));
            let hint = format!("{entry_hint}, one list item each: `- {{ sql: price >= 0 }}`");
            self.kind_error(path, value, message, Some(hint));
            return Vec::new();
        };
        let mut checks = Vec::new();
        for (position, item) in items.iter().enumerate() {
            let path = path.join(position);
            let Value::Mapping(map) = item else {
                let message = format!("a check must be a mapping, found {}", describe(item));
                self.kind_error(&path, item, message, Some(entry_hint.to_string()));
                continue;
            };
            let tails = cut_sql_tails(map);
            if tails.is_empty() {
                self.check_keys(map, CHECK_KEYS, &path);
            } else {
                // The stray keys are explained with the condition below.
                let mut known = map.clone();
                known.retain(|key, _| !tails.contains(&key_text(key)));
                self.check_keys(&known, CHECK_KEYS, &path);
            }
            let name_hint = "give a name, or leave `name` out for the default `ck_<table>_<n>`";
            let name = map.get("name").and_then(|value| {
                let name_path = path.join("name");
                match self.check_text(value, &name_path, "name", name_hint)? {
                    name if name.is_empty() => {
                        let message = "`name` of a check cannot be empty";
                        self.value_error(&name_path, message, Some(name_hint.to_string()));
                        None
                    }
                    name => Some(Named::new(name, name_path)),
                }
            });
            let sql_hint = "`sql` is the condition every row must satisfy, e.g. `sql: price >= 0`";
            let sql = match map.get("sql") {
                None => {
                    self.error_hint(&path, "check is missing `sql`", sql_hint);
                    None
                }
                Some(value) => {
                    let sql_path = path.join("sql");
                    match self.check_text(value, &sql_path, "sql", sql_hint) {
                        Some(sql) if !tails.is_empty() => {
                            let whole = format!("{sql}, {}", tails.join(", "));
                            let quoted = whole.replace('\\', "\\\\").replace('"', "\\\"");
                            self.value_error(
                                &sql_path,
                                format!("`sql` of a check is cut short at a comma: `{sql}`"),
                                Some(format!(
                                    "inside `{{ … }}` a comma ends the value: quote the \
                                     condition, `sql: \"{quoted}\"`"
                                )),
                            );
                            None
                        }
                        Some(sql) if sql.trim().is_empty() => {
                            let message = "`sql` of a check cannot be empty";
                            self.value_error(&sql_path, message, Some(sql_hint.to_string()));
                            None
                        }
                        sql => sql,
                    }
                }
            };
            // A name that is not valid is reported; the check is dropped with it.
            if map.get("name").is_some() && name.is_none() {
                continue;
            }
            if let Some(sql) = sql {
                checks.push(Check {
                    position,
                    name,
                    sql,
                    path,
                });
            }
        }
        checks
    }

    /// The string `name` or `sql` of a check; anything else is reported, with `empty_hint`
    /// when the value is left out.
    fn check_text(
        &mut self,
        value: &Value,
        path: &SpecPath,
        key: &str,
        empty_hint: &str,
    ) -> Option<String> {
        match value {
            Value::String(text) => Some(text.clone()),
            Value::Null => {
                let message = format!("`{key}` of a check must be a string, found nothing");
                self.error_hint(path, message, empty_hint);
                None
            }
            other => {
                let message = format!(
                    "`{key}` of a check must be a string, found {}",
                    describe(other)
                );
                let hint = match other {
                    Value::Sequence(_) | Value::Mapping(_) => {
                        "write it as text, quoted when it starts with `[`, `{` or a quote"
                            .to_string()
                    }
                    scalar => format!("quote it: `{key}: '{}'`", key_text(scalar)),
                };
                self.kind_error(path, other, message, Some(hint));
                None
            }
        }
    }

    fn relationships(&mut self, value: &Value, path: &SpecPath) -> Option<Vec<Relationship>> {
        let map = self.expect_mapping(value, path, "`relationships`")?;
        let entries = self.named_entries(map, path, "relationship");
        let mut relationships = Vec::new();
        for (name, value) in entries {
            let path = path.join(&name);
            let what = format!("relationship `{name}`");
            let Some(map) = self.expect_mapping(value, &path, &what) else {
                continue;
            };
            self.check_keys(map, RELATIONSHIP_KEYS, &path);
            let to = self
                .required(map, "to", &path, &what)
                .and_then(|value| self.string(value, &path.join("to"), "`to`"))
                .map(|to| Named::new(to, path.join("to")));
            let link_hint = "use `via: FK_COLUMN` (or a list of columns) for a foreign key, or \
                             `through: ASSOCIATION_TABLE` for a many-to-many";
            let link = match (map.get("via"), map.get("through")) {
                (Some(via), None) => self.via(via, &path.join("via")).map(Link::Via),
                (None, Some(through)) => {
                    let through_path = path.join("through");
                    self.string(through, &through_path, "`through`")
                        .map(|table| Link::Through(Named::new(table, through_path)))
                }
                (Some(_), Some(_)) => {
                    self.error_hint(
                        &path,
                        format!("{what} has both `via` and `through`"),
                        link_hint,
                    );
                    None
                }
                (None, None) => {
                    self.error_hint(&path, format!("{what} needs `via` or `through`"), link_hint);
                    None
                }
            };
            let back_populates = self.optional_string(map, &path, "back_populates");
            let cascade = match map.get("cascade") {
                Some(value) => self.cascade(value, &path.join("cascade")),
                None => CascadeSpec::default(),
            };
            relationships.push(Relationship {
                name,
                to,
                link,
                back_populates,
                cascade,
            });
        }
        Some(relationships)
    }

    /// `cascade: [delete, delete-orphan]`.
    fn cascade(&mut self, value: &Value, path: &SpecPath) -> CascadeSpec {
        let mut cascade = CascadeSpec::default();
        let Some(items) = self.expect_sequence(value, path, "`cascade`") else {
            return cascade;
        };
        for (index, item) in items.iter().enumerate() {
            let item_path = path.join(index);
            let Some(name) = self.string(item, &item_path, "each cascade") else {
                continue;
            };
            match name.as_str() {
                "save-update" => {}
                "delete" | "all" => cascade.delete = true,
                "delete-orphan" => cascade.delete_orphan = true,
                other => {
                    let hint = listing_hint(other, CASCADES.iter().copied(), "cascades");
                    self.error_hint(&item_path, format!("unknown cascade `{other}`"), hint);
                }
            }
        }
        cascade
    }

    /// `via: column` or `via: [a, b]`.
    fn via(&mut self, value: &Value, path: &SpecPath) -> Option<Vec<Named>> {
        match value {
            Value::String(column) => Some(vec![Named::new(column.clone(), path.clone())]),
            Value::Sequence(_) => self.column_list(value, path, "`via`"),
            other => {
                let message = format!(
                    "`via` must be a column name or a list of them, found {}",
                    describe(other)
                );
                self.kind_error(path, other, message, None);
                None
            }
        }
    }

    // --- checks across the document -------------------------------------------------------

    fn check_table(&mut self, table: &Table, tables: &Tables) {
        self.check_primary_key(table);
        for list in &table.unique {
            self.check_columns(table, list, "`unique`");
        }
        for index in &table.indexes {
            self.check_columns(table, &index.columns, "an index");
        }
        for foreign_key in table
            .columns
            .iter()
            .flatten()
            .filter_map(|c| c.foreign_key.as_ref())
        {
            self.check_foreign_key(table, foreign_key, tables);
        }
        for foreign_key in &table.foreign_keys {
            self.check_columns(table, &foreign_key.columns, "`foreign_keys`");
            self.check_foreign_key(table, foreign_key, tables);
        }
        for relationship in table.relationships.iter().flatten() {
            self.check_relationship(table, relationship, tables);
        }
    }

    /// Check names must differ within a table, given or default; and across tables, since
    /// MySQL keeps CHECK constraint names per database.
    fn check_check_names(&mut self, tables: &[Table]) {
        // Name → (table, path of the check that has it, whether the name is given).
        let mut seen: HashMap<String, (&str, &SpecPath, bool)> = HashMap::new();
        for table in tables {
            for check in &table.checks {
                let name = check.effective_name(&table.name);
                let Some(&(other_table, other_path, other_given)) = seen.get(&name) else {
                    seen.insert(name, (&table.name, &check.path, check.name.is_some()));
                    continue;
                };
                let other = match locate(self.source, other_path) {
                    Some(position) => format!(
                        "the check at line {}, column {}",
                        position.line, position.column
                    ),
                    None => format!("the check at {other_path}"),
                };
                let (message, hint) = if other_table == table.name {
                    let message =
                        format!("duplicate check name `{name}` in table `{}`", table.name);
                    let hint = match (check.name.is_some(), other_given) {
                        (true, true) => {
                            format!("{other} has that name already; give each check its own name")
                        }
                        (true, false) => format!(
                            "`{name}` is the default name of {other} (`ck_<table>_<n>`, n its \
                             position from 1); give each check its own name"
                        ),
                        (false, _) => format!(
                            "this check is named `{name}` by default, after its position, and \
                             {other} has that name already; give this one a `name`"
                        ),
                    };
                    (message, hint)
                } else {
                    let message = format!(
                        "check name `{name}` of table `{}` is also used by table `{other_table}`",
                        table.name
                    );
                    let hint = format!(
                        "MySQL needs CHECK constraint names that are unique in the database: \
                         rename this check or {other}"
                    );
                    (message, hint)
                };
                match &check.name {
                    Some(named) => self.value_error(&named.path, message, Some(hint)),
                    None => self.error_hint(&check.path, message, hint),
                }
            }
        }
    }

    fn check_primary_key(&mut self, table: &Table) {
        let Some(columns) = &table.columns else {
            return;
        };
        if let Some(list) = &table.primary_key {
            self.check_columns(table, list, "`primary_key`");
            let flagged: Vec<&str> = columns
                .iter()
                .filter(|c| c.primary_key)
                .map(|c| c.name.as_str())
                .collect();
            let listed: Vec<&str> = list.iter().map(|named| named.name.as_str()).collect();
            if !flagged.is_empty() && !same_set(&flagged, &listed) {
                self.error_hint(
                    &table.path.join("primary_key"),
                    format!(
                        "the `primary_key` of table `{}` is ({}) but the columns marked \
                         `primary_key: true` are ({})",
                        table.name,
                        join(listed),
                        join(flagged)
                    ),
                    "declare the key in one place: the table's `primary_key` list or the column flags",
                );
            }
        }
        let key = table.key();
        for column in columns {
            if column.nullable && key.contains(&column.name) {
                self.error_hint(
                    &column.path.join("nullable"),
                    format!("primary key column `{}` cannot be nullable", column.name),
                    "remove `nullable: true`, or take the column out of the primary key",
                );
            }
            // A column of another type is reported already.
            let integer = column.ty.as_ref().is_some_and(is_integer);
            if column.autoincrement && integer && key != [column.name.as_str()] {
                self.error_hint(
                    &column.path.join("autoincrement"),
                    format!(
                        "`autoincrement` on column `{}`, which is not the single primary key \
                         column of table `{}`",
                        column.name, table.name
                    ),
                    format!(
                        "remove `autoincrement: true`, or make `{}` the primary key",
                        column.name
                    ),
                );
            }
        }
    }

    /// Reports the names of `list` that are not columns of `table`, or appear twice;
    /// `context` is where the list is ("`primary_key`").
    fn check_columns(&mut self, table: &Table, list: &[Named], context: &str) {
        if table.columns.is_none() {
            return;
        }
        let mut seen = HashSet::new();
        for named in list {
            if !seen.insert(named.name.as_str()) {
                self.error(
                    &named.path,
                    format!("column `{}` appears twice in {context}", named.name),
                );
            } else if table.column(&named.name).is_none() {
                self.value_error(
                    &named.path,
                    format!(
                        "unknown column `{}` in {context} of table `{}`",
                        named.name, table.name
                    ),
                    Some(columns_hint(&named.name, table)),
                );
            }
        }
    }

    fn check_foreign_key(&mut self, table: &Table, foreign_key: &ForeignKey, tables: &Tables) {
        let source = &foreign_key.source;
        let referenced = &foreign_key.references;
        self.check_set_null(table, foreign_key);
        let Some(target) = tables.get(&referenced.name) else {
            self.value_error(
                &referenced.path,
                format!("{source} references missing table `{}`", referenced.name),
                Some(tables.hint(&referenced.name)),
            );
            return;
        };
        if target.columns.is_none() {
            return;
        }
        let mut found = true;
        for to_column in &foreign_key.to_columns {
            if target.column(&to_column.name).is_none() {
                found = false;
                self.value_error(
                    &to_column.path,
                    format!(
                        "{source} references missing column `{}.{}`",
                        target.name, to_column.name
                    ),
                    Some(columns_hint(&to_column.name, target)),
                );
            }
        }
        if !found {
            return;
        }
        let to_names: Vec<String> = foreign_key
            .to_columns
            .iter()
            .map(|c| c.name.clone())
            .collect();
        if !target.is_unique(&to_names) {
            let key = target.key();
            let key = if key.is_empty() {
                format!("`{}` has no primary key", target.name)
            } else {
                format!("its primary key is ({})", key.join(", "))
            };
            self.value_error(
                &referenced.path,
                format!(
                    "{source} references {}, which is neither the primary key nor unique",
                    column_set(&target.name, &to_names)
                ),
                Some(format!(
                    "databases only accept a foreign key to a primary key or unique columns: {key}; \
                     reference it, or declare the referenced columns unique"
                )),
            );
        }
        for (column, to_column) in foreign_key.columns.iter().zip(&foreign_key.to_columns) {
            let column_type = table.column(&column.name).and_then(|c| c.ty.as_ref());
            let to_type = target.column(&to_column.name).and_then(|c| c.ty.as_ref());
            if let (Some(column_type), Some(to_type)) = (column_type, to_type)
                && column_type != to_type
            {
                self.value_error(
                    &column.path,
                    format!(
                        "column `{}` has type `{}` but references `{}.{}` of type `{}`",
                        column.name,
                        type_name(column_type),
                        target.name,
                        to_column.name,
                        type_name(to_type)
                    ),
                    Some(format!(
                        "a foreign key column must have the type of the column it references: \
                         use `{}`",
                        type_name(to_type)
                    )),
                );
            }
        }
    }

    /// `set_null` needs every column of the foreign key to be nullable.
    fn check_set_null(&mut self, table: &Table, foreign_key: &ForeignKey) {
        let actions = [
            ("on_delete", &foreign_key.on_delete),
            ("on_update", &foreign_key.on_update),
        ];
        for (key, action) in actions {
            let Some((FkAction::SetNull, path)) = action else {
                continue;
            };
            for column in &foreign_key.columns {
                if table.column(&column.name).is_some_and(|c| !c.nullable) {
                    self.value_error(
                        path,
                        format!(
                            "`{key}` is `set_null` but column `{}` is not nullable",
                            column.name
                        ),
                        Some(format!(
                            "make `{}` `nullable: true`, or choose another action",
                            column.name
                        )),
                    );
                }
            }
        }
    }

    fn check_relationship(&mut self, table: &Table, relationship: &Relationship, tables: &Tables) {
        let what = format!("relationship `{}`", relationship.name);
        let mut target = None;
        if let Some(to) = &relationship.to {
            target = tables.get(&to.name);
            if target.is_none() {
                self.value_error(
                    &to.path,
                    format!("{what} points to missing table `{}`", to.name),
                    Some(tables.hint(&to.name)),
                );
            }
        }
        match &relationship.link {
            Some(Link::Through(through)) if tables.get(&through.name).is_none() => {
                self.value_error(
                    &through.path,
                    format!("{what} goes through missing table `{}`", through.name),
                    Some(tables.hint(&through.name)),
                );
            }
            Some(Link::Via(columns)) => {
                // `via` names columns of this table, or of the target for a one-to-many.
                let all_in =
                    |table: &Table| columns.iter().all(|c| table.column(&c.name).is_some());
                let in_target = target.is_some_and(all_in);
                // With a missing target (reported above) the columns may be the target's.
                let target_missing = relationship.to.is_some() && target.is_none();
                if !all_in(table) && !in_target && !target_missing {
                    self.check_columns(table, columns, &what);
                }
            }
            Some(Link::Through(_)) | None => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The typed spec
// ---------------------------------------------------------------------------------------------

/// The [`TableSpec`] of a table decoded without problems (`None` when it had some).
fn finish_table(table: Table) -> Option<TableSpec> {
    let primary_key = table.key();
    let columns = table.columns?;
    let mut foreign_keys = Vec::new();
    let mut column_specs = Vec::new();
    for column in columns {
        foreign_keys.extend(column.foreign_key.map(finish_foreign_key));
        column_specs.push(ColumnSpec {
            name: column.name,
            ty: column.ty?,
            nullable: column.nullable,
            primary_key: column.primary_key,
            autoincrement: column.autoincrement,
            unique: column.unique,
            default: column.default,
            comment: column.comment,
            rust_name: column.rust_name,
            generated: column.generated,
        });
    }
    foreign_keys.extend(table.foreign_keys.into_iter().map(finish_foreign_key));
    let relationships = match table.relationships {
        Some(relationships) => Some(
            relationships
                .into_iter()
                .map(|relationship| {
                    Some(RelationshipSpec {
                        name: relationship.name,
                        to: relationship.to?.name,
                        link: match relationship.link? {
                            Link::Via(columns) => RelationshipLink::Via(names(columns)),
                            Link::Through(table) => RelationshipLink::Through(table.name),
                        },
                        back_populates: relationship.back_populates,
                        cascade: relationship.cascade,
                    })
                })
                .collect::<Option<_>>()?,
        ),
        None => None,
    };
    Some(TableSpec {
        name: table.name,
        comment: table.comment,
        rust_name: table.rust_name,
        columns: column_specs,
        primary_key,
        unique: table.unique.into_iter().map(names).collect(),
        foreign_keys,
        indexes: table
            .indexes
            .into_iter()
            .map(|index| IndexSpec {
                name: index.name,
                columns: names(index.columns),
                unique: index.unique,
            })
            .collect(),
        checks: table
            .checks
            .into_iter()
            .map(|check| CheckSpec {
                name: check.name.map(|named| named.name),
                sql: check.sql,
            })
            .collect(),
        relationships,
        view: table.view,
    })
}

fn finish_foreign_key(foreign_key: ForeignKey) -> ForeignKeySpec {
    ForeignKeySpec {
        columns: names(foreign_key.columns),
        references: foreign_key.references.name,
        to_columns: names(foreign_key.to_columns),
        on_delete: foreign_key.on_delete.map(|(action, _)| action),
        on_update: foreign_key.on_update.map(|(action, _)| action),
        path: foreign_key.path,
    }
}

fn names(list: Vec<Named>) -> Vec<String> {
    list.into_iter().map(|named| named.name).collect()
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

enum TypeError<'a> {
    /// Not a portable type keyword; carries the keyword as written.
    Unknown(&'a str),
    /// A portable type with bad parameters; carries the hint.
    Invalid(String),
}

/// Reads a portable type: a keyword in any case, with parameters in parentheses for
/// `decimal`, `varchar` and `char` (`VARCHAR(100)`, `decimal(10, 2)`).
fn portable_type(text: &str) -> Result<TypeSpec, TypeError<'_>> {
    let text = text.trim();
    let (keyword, parameters) = match text.split_once('(') {
        Some((keyword, rest)) => {
            let Some(inside) = rest.trim_end().strip_suffix(')') else {
                return Err(TypeError::Invalid(
                    "close the parentheses; inside `{ … }` a comma ends the value, so quote a \
                     type with a comma there: `{ type: 'decimal(10, 2)' }`"
                        .to_string(),
                ));
            };
            (keyword.trim(), Some(inside))
        }
        None => (text, None),
    };
    let lower = keyword.to_ascii_lowercase();
    let simple = match lower.as_str() {
        "smallint" => Some(TypeSpec::SmallInt),
        "integer" => Some(TypeSpec::Integer),
        "bigint" => Some(TypeSpec::BigInt),
        "boolean" => Some(TypeSpec::Boolean),
        "real" => Some(TypeSpec::Real),
        "double" => Some(TypeSpec::Double),
        "text" => Some(TypeSpec::Text),
        "bytes" => Some(TypeSpec::Bytes),
        "date" => Some(TypeSpec::Date),
        "time" => Some(TypeSpec::Time),
        "timestamp" => Some(TypeSpec::Timestamp),
        "timestamptz" => Some(TypeSpec::TimestampTz),
        "uuid" => Some(TypeSpec::Uuid),
        "json" => Some(TypeSpec::Json),
        "decimal" | "varchar" | "char" => None,
        _ => return Err(TypeError::Unknown(keyword)),
    };
    if let Some(ty) = simple {
        return match parameters {
            None => Ok(ty),
            Some(_) => Err(TypeError::Invalid(format!("`{lower}` takes no parameters"))),
        };
    }
    let numbers = match parameters {
        None => Vec::new(),
        Some(inside) => {
            let numbers: Result<Vec<u32>, _> = inside
                .split(',')
                .map(|number| number.trim().parse::<u32>())
                .collect();
            numbers.map_err(|_| {
                TypeError::Invalid(match lower.as_str() {
                    "decimal" => "expected `decimal`, `decimal(p)` or `decimal(p,s)` with whole \
                                  numbers p (total digits) and s (digits after the point)"
                        .to_string(),
                    _ => format!("expected `{lower}` or `{lower}(n)` with a whole number n"),
                })
            })?
        }
    };
    match (lower.as_str(), numbers.as_slice()) {
        ("varchar" | "char", [0]) => Err(TypeError::Invalid(format!(
            "the length of `{lower}(n)` must be at least 1"
        ))),
        ("varchar", []) => Ok(TypeSpec::Varchar(None)),
        ("varchar", [length]) => Ok(TypeSpec::Varchar(Some(*length))),
        ("char", []) => Ok(TypeSpec::Char(None)),
        ("char", [length]) => Ok(TypeSpec::Char(Some(*length))),
        ("decimal", [0, ..]) => Err(TypeError::Invalid(
            "the precision of `decimal(p,s)` must be at least 1".into(),
        )),
        ("decimal", [precision, scale]) if scale > precision => Err(TypeError::Invalid(format!(
            "the scale ({scale}) of `decimal(p,s)` cannot be larger than the precision ({precision})"
        ))),
        ("decimal", []) => Ok(TypeSpec::Decimal {
            precision: None,
            scale: None,
        }),
        ("decimal", [precision]) => Ok(TypeSpec::Decimal {
            precision: Some(*precision),
            scale: None,
        }),
        ("decimal", [precision, scale]) => Ok(TypeSpec::Decimal {
            precision: Some(*precision),
            scale: Some(*scale),
        }),
        ("decimal", _) => Err(TypeError::Invalid(
            "`decimal` takes at most two parameters".into(),
        )),
        _ => Err(TypeError::Invalid(format!(
            "`{lower}` takes at most one parameter"
        ))),
    }
}

/// `{ type: decimal(10, 2) }` unquoted: a comma ends a plain value inside `{ … }`, so YAML
/// reads `type: decimal(10` and an empty key `2)`. Returns such keys; none when the type is
/// whole.
fn cut_type_tails(map: &Mapping) -> Vec<String> {
    let cut = map
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|ty| ty.contains('(') && !ty.contains(')'));
    if !cut {
        return Vec::new();
    }
    let is_tail = |key: &str| key.ends_with(')') && !key.contains('(');
    map.iter()
        .filter(|(key, value)| value.is_null() && key.as_str().is_some_and(is_tail))
        .map(|(key, _)| key_text(key))
        .collect()
}

/// `{ sql: a IN (1, 2) }` unquoted: YAML reads `sql: a IN (1` and an empty key `2)`. Returns
/// such keys when the condition has an unclosed parenthesis; none otherwise.
fn cut_sql_tails(map: &Mapping) -> Vec<String> {
    let cut = map
        .get("sql")
        .and_then(Value::as_str)
        .is_some_and(|sql| sql.matches('(').count() > sql.matches(')').count());
    if !cut {
        return Vec::new();
    }
    map.iter()
        .filter(|(key, value)| value.is_null() && !CHECK_KEYS.contains(&key_text(key).as_str()))
        .map(|(key, _)| key_text(key))
        .collect()
}

fn is_integer(ty: &TypeSpec) -> bool {
    matches!(
        ty,
        TypeSpec::SmallInt | TypeSpec::Integer | TypeSpec::BigInt
    )
}

/// A type as the spec writes it, for messages.
fn type_name(ty: &TypeSpec) -> String {
    let with_length = |name: &str, length: &Option<u32>| match length {
        Some(length) => format!("{name}({length})"),
        None => name.to_string(),
    };
    match ty {
        TypeSpec::SmallInt => "smallint".into(),
        TypeSpec::Integer => "integer".into(),
        TypeSpec::BigInt => "bigint".into(),
        TypeSpec::Boolean => "boolean".into(),
        TypeSpec::Real => "real".into(),
        TypeSpec::Double => "double".into(),
        TypeSpec::Decimal { precision, scale } => match (precision, scale) {
            (Some(precision), Some(scale)) => format!("decimal({precision},{scale})"),
            (precision, _) => with_length("decimal", precision),
        },
        TypeSpec::Text => "text".into(),
        TypeSpec::Varchar(length) => with_length("varchar", length),
        TypeSpec::Char(length) => with_length("char", length),
        TypeSpec::Bytes => "bytes".into(),
        TypeSpec::Date => "date".into(),
        TypeSpec::Time => "time".into(),
        TypeSpec::Timestamp => "timestamp".into(),
        TypeSpec::TimestampTz => "timestamptz".into(),
        TypeSpec::Uuid => "uuid".into(),
        TypeSpec::Json => "json".into(),
        TypeSpec::Enum(name) => name.clone(),
        TypeSpec::Custom { sql_type, .. } => sql_type.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/// What a value is, for "… must be X, found Y".
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".to_string(),
        Value::Bool(flag) => format!("`{flag}`"),
        Value::Number(number) => format!("the number `{number}`"),
        Value::String(text) => format!("the string `{text}`"),
        Value::Sequence(_) => "a list".to_string(),
        Value::Mapping(_) => "a mapping".to_string(),
        Value::Tagged(tagged) => format!("a value tagged `{}`", tagged.tag),
    }
}

/// A mapping key or scalar in its YAML text form (how [`locate`] matches keys).
fn key_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        other => describe(other),
    }
}

fn literal_text(literal: &Literal) -> String {
    match literal {
        Literal::Bool(flag) => flag.to_string(),
        Literal::Int(int) => int.to_string(),
        Literal::Float(float) => float.to_string(),
        Literal::String(text) => text.clone(),
    }
}

/// `users.id` or `orders (a, b)`.
fn column_set(table: &str, columns: &[String]) -> String {
    match columns {
        [column] => format!("`{table}.{column}`"),
        columns => format!("`{table}` ({})", columns.join(", ")),
    }
}

fn name_list(list: &[Named]) -> Vec<&str> {
    list.iter().map(|named| named.name.as_str()).collect()
}

/// Whether two lists hold the same names, in any order.
fn same_set(a: &[&str], b: &[&str]) -> bool {
    a.iter().collect::<BTreeSet<_>>() == b.iter().collect::<BTreeSet<_>>()
}

fn join<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names.into_iter().collect::<Vec<_>>().join(", ")
}

/// "did you mean `x`? {intro}: a, b, c" (without the question when nothing is close).
fn listing_hint<'a>(
    word: &str,
    valid: impl Iterator<Item = &'a str> + Clone,
    intro: &str,
) -> String {
    let suggestion = closest(word, valid.clone().map(|name| (name, name)))
        .map(|name| format!("did you mean `{name}`? "))
        .unwrap_or_default();
    format!("{suggestion}{intro}: {}", join(valid))
}

fn columns_hint(word: &str, table: &Table) -> String {
    listing_hint(
        word,
        table.column_names().into_iter(),
        &format!("columns of `{}`", table.name),
    )
}

/// The candidate closest to `word` (ignoring case) within a few edits, as its suggestion:
/// candidates are `(name, suggestion)`, so that an alias can suggest the name it stands for.
fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str)>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .map(|(name, suggestion)| {
            let name = name.to_lowercase();
            let limit = word.chars().count().max(name.chars().count()).div_ceil(3);
            (edit_distance(&word, &name), limit.max(1), suggestion)
        })
        .filter(|(distance, limit, _)| distance <= limit)
        .min_by_key(|(distance, _, _)| *distance)
        .map(|(_, _, suggestion)| suggestion)
}

/// Levenshtein distance: the fewest insertions, deletions and substitutions from `a` to `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, b_char) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if a_char == *b_char {
                diagonal
            } else {
                1 + diagonal.min(row[j]).min(above)
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("nulable", "nullable"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn suggestions_are_close_names_only() {
        let keys = COLUMN_KEYS.iter().map(|k| (*k, *k));
        assert_eq!(closest("nulable", keys.clone()), Some("nullable"));
        assert_eq!(closest("primay_key", keys.clone()), Some("primary_key"));
        assert_eq!(closest("colour", keys), None);
    }

    #[test]
    fn portable_types_are_read_leniently() {
        assert!(matches!(
            portable_type("VARCHAR(100)"),
            Ok(TypeSpec::Varchar(Some(100)))
        ));
        assert!(matches!(
            portable_type("decimal( 10 , 2 )"),
            Ok(TypeSpec::Decimal {
                precision: Some(10),
                scale: Some(2)
            })
        ));
        assert!(matches!(portable_type("Text"), Ok(TypeSpec::Text)));
        assert!(matches!(
            portable_type("varchar(0)"),
            Err(TypeError::Invalid(_))
        ));
        assert!(matches!(
            portable_type("decimal(2,5)"),
            Err(TypeError::Invalid(_))
        ));
        assert!(matches!(
            portable_type("text(5)"),
            Err(TypeError::Invalid(_))
        ));
        assert!(matches!(
            portable_type("strin"),
            Err(TypeError::Unknown("strin"))
        ));
    }
}
