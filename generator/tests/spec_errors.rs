//! The spec reader through the public API: every class of problem is reported with its file,
//! line, column, path and hint; valid specs read into the expected `Spec`.

use std::path::PathBuf;

use retort_codegen::spec::{
    CheckSpec, ColumnSpec, DefaultSpec, FkAction, GeneratedSpec, Literal, RelationshipLink, Spec,
    SpecError, SpecPath, TableSpec, TypeSpec, ViewSpec, default_check_name, parse,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn fixture_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(relative)
}

fn read_fixture(relative: &str) -> String {
    let path = fixture_path(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The problems of `source`, rendered as `SpecError` renders them with file name `file`: one
/// string per problem, after checking the header line.
fn problems(file: &str, source: &str) -> Vec<String> {
    let problems = match parse(source) {
        Ok(spec) => panic!("{file} should be rejected, but it reads as {spec:#?}"),
        Err(problems) => problems,
    };
    assert!(!problems.is_empty(), "{file}: rejected without a problem");
    let error = SpecError::new(file, source, problems);
    let text = error.to_string();
    let mut lines = text.lines().map(str::to_string);
    let count = error.problems.len();
    let plural = if count == 1 { "" } else { "s" };
    assert_eq!(
        lines.next().unwrap(),
        format!("{file}: invalid spec, {count} problem{plural}:")
    );
    lines.collect()
}

/// The problems of the fixture `fixtures/invalid/NAME`, rendered with file name NAME.
fn fixture_problems(name: &str) -> Vec<String> {
    problems(name, &read_fixture(&format!("invalid/{name}")))
}

fn parse_ok(source: &str) -> Spec {
    match parse(source) {
        Ok(spec) => spec,
        Err(problems) => panic!("{}", SpecError::new("<spec>", source, problems)),
    }
}

fn table<'a>(spec: &'a Spec, name: &str) -> &'a TableSpec {
    spec.tables
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no table {name}"))
}

fn column<'a>(table: &'a TableSpec, name: &str) -> &'a ColumnSpec {
    table
        .columns
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn path(text: &str) -> SpecPath {
    SpecPath(text.split('.').map(str::to_string).collect())
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| name.to_string()).collect()
}

const PORTABLE: &str = "smallint, integer, bigint, boolean, real, double, decimal(p,s), text, \
                        varchar(n), char(n), bytes, date, time, timestamp, timestamptz, uuid, json";
const COLUMN_KEYS: &str = "type, nullable, primary_key, autoincrement, unique, default, \
                           references, on_delete, on_update, comment, rust_name, sql_type, \
                           rust_type, generated";
const TABLE_KEYS: &str = "columns, primary_key, unique, foreign_keys, indexes, checks, \
                          relationships, comment, rust_name, view";
const ACTIONS: &str = "cascade, set_null, restrict, no_action, set_default";
const CUSTOM_HINT: &str = "a custom type needs both `sql_type` (the SQL type as written) and \
                           `rust_type` (the Rust type it maps to), and no `type`";
const LINK_HINT: &str = "use `via: FK_COLUMN` (or a list of columns) for a foreign key, or \
                         `through: ASSOCIATION_TABLE` for a many-to-many";

// ---------------------------------------------------------------------------------------------
// YAML syntax
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_indentation_is_a_yaml_error_at_its_position() {
    assert_eq!(
        fixture_problems("bad-indentation.yaml"),
        [
            "bad-indentation.yaml:6:6: error: invalid YAML: did not find expected key, while \
             parsing a block mapping at line 4 column 5; check the indentation: the keys of one \
             mapping must start in the same column"
        ]
    );
}

#[test]
fn an_unclosed_flow_mapping_is_a_yaml_error() {
    assert_eq!(
        fixture_problems("unclosed-flow-mapping.yaml"),
        [
            "unclosed-flow-mapping.yaml:6:11: error: invalid YAML: did not find expected ',' or \
             '}', while parsing a flow mapping at line 5 column 11; close every `{` and `[`, and \
             separate their items with commas"
        ]
    );
}

#[test]
fn a_duplicate_key_is_reported_at_its_second_occurrence() {
    assert_eq!(
        fixture_problems("duplicate-column.yaml"),
        [
            "duplicate-column.yaml:8:7: error: duplicate column `email` in table `users` (at \
             tables.users.columns.email); `email` is already defined at line 6, column 7; each key \
             may appear once"
        ]
    );
    let source =
        "version: 1\ntables:\n  t:\n    columns: { id: bigint }\n    comment: a\n  t: {}\n";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:6:3: error: duplicate table `t` (at tables.t); `t` is already defined at \
             line 3, column 3; each key may appear once"
        ]
    );
}

#[test]
fn tabs_and_several_documents_are_yaml_errors() {
    let tabs = "version: 1\ntables:\n\tusers: {}\n";
    let found = problems("inline.yaml", tabs);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("inline.yaml:3:1: error: invalid YAML: "),
        "{}",
        found[0]
    );
    assert!(
        found[0].ends_with("; indent with spaces: YAML does not allow tabs"),
        "{}",
        found[0]
    );

    assert_eq!(
        problems("inline.yaml", "version: 1\n---\nversion: 1\n"),
        [
            "inline.yaml:1:1: error: invalid YAML: deserializing from YAML containing more than \
             one document is not supported"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The top level
// ---------------------------------------------------------------------------------------------

#[test]
fn wrong_version() {
    assert_eq!(
        fixture_problems("wrong-version.yaml"),
        [
            "wrong-version.yaml:1:10: error: unsupported spec version `2` (at version); this \
             version of retort reads spec version 1: write `version: 1`"
        ]
    );
    let source = "version: \"1\"\ntables:\n  t:\n    columns: { id: bigint }\n";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:1:10: error: `version` must be a number, found the string `1` (at \
             version); this version of retort reads spec version 1: write `version: 1`"
        ]
    );
}

#[test]
fn missing_top_level_keys() {
    assert_eq!(
        problems("inline.yaml", "name: blog\ntables: {}\n"),
        [
            "inline.yaml:1:1: error: the spec is missing `version`; this version of retort reads \
             spec version 1: write `version: 1`",
            "inline.yaml:2:1: error: `tables` must declare at least one table (at tables)",
        ]
    );
    assert_eq!(
        problems("inline.yaml", "version: 1\n"),
        ["inline.yaml:1:1: error: the spec is missing `tables`"]
    );
    assert_eq!(
        problems("inline.yaml", "- version: 1\n"),
        [
            "inline.yaml:1:1: error: a spec must be a mapping, found a list; start with \
             `version: 1` and declare the tables under `tables:`"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Unknown keys and values of the wrong kind
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_keys_at_top_table_and_column_level() {
    assert_eq!(
        fixture_problems("unknown-keys.yaml"),
        [
            "unknown-keys.yaml:2:1: error: unknown key `tabels` (at tabels); did you mean \
             `tables`? valid keys: version, name, enums, tables"
                .to_string(),
            format!(
                "unknown-keys.yaml:5:5: error: unknown key `colums` (at tables.users.colums); \
                 did you mean `columns`? valid keys: {TABLE_KEYS}"
            ),
            format!(
                "unknown-keys.yaml:8:30: error: unknown key `primay_key` (at \
                 tables.users.columns.id.primay_key); did you mean `primary_key`? valid keys: \
                 {COLUMN_KEYS}"
            ),
            format!(
                "unknown-keys.yaml:9:28: error: unknown key `nulable` (at \
                 tables.users.columns.email.nulable); did you mean `nullable`? valid keys: \
                 {COLUMN_KEYS}"
            ),
        ]
    );
}

#[test]
fn unknown_keys_in_nested_mappings() {
    let source = "\
version: 1
tables:
  users:
    columns:
      id: { type: bigint, primary_key: true }
      name: { type: text, default: { expr: x } }
    indexes:
      - { columns: [name], uniq: true }
    foreign_keys:
      - { columns: [id], references: users, to_columns: [id], on_delet: cascade }
    relationships:
      me: { to: users, via: id, back_populate: me }
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:6:27: error: `default` is missing `sql` (at tables.users.columns.name.default)",
            "inline.yaml:6:38: error: unknown key `expr` (at \
             tables.users.columns.name.default.expr); valid keys: sql",
            "inline.yaml:8:28: error: unknown key `uniq` (at tables.users.indexes.0.uniq); did \
             you mean `unique`? valid keys: columns, unique, name",
            "inline.yaml:10:63: error: unknown key `on_delet` (at \
             tables.users.foreign_keys.0.on_delet); did you mean `on_delete`? valid keys: \
             columns, references, to_columns, on_delete, on_update",
            "inline.yaml:12:33: error: unknown key `back_populate` (at \
             tables.users.relationships.me.back_populate); did you mean `back_populates`? valid \
             keys: to, via, through, back_populates, cascade",
        ]
    );
}

#[test]
fn values_of_the_wrong_kind() {
    let source = "\
version: 1
tables:
  users:
    columns: [id, name]
  posts:
    columns:
      id: { type: bigint, nullable: \"yes\" }
      title:
    primary_key: id
    unique: [id, title]
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:4:14: error: `columns` of table `users` must be a mapping, found a list \
             (at tables.users.columns); write one `name: type` or `name: { type: …, … }` entry \
             per column",
            "inline.yaml:7:37: error: `nullable` must be `true` or `false`, found the string \
             `yes` (at tables.posts.columns.id.nullable)",
            // An empty value is shown at its key.
            "inline.yaml:8:7: error: column `title` must be a type or a mapping of options, found \
             nothing (at tables.posts.columns.title); e.g. `title: text` or `title: { type: text, \
             nullable: true }`",
            "inline.yaml:9:18: error: `primary_key` must be a list of column names, found the \
             string `id` (at tables.posts.primary_key)",
            "inline.yaml:10:14: error: each item of `unique` must be a list of columns, found the \
             string `id` (at tables.posts.unique.0); write `unique: [[a, b]]` for one constraint \
             over columns `a` and `b`",
            "inline.yaml:10:18: error: each item of `unique` must be a list of columns, found the \
             string `title` (at tables.posts.unique.1); write `unique: [[a, b]]` for one \
             constraint over columns `a` and `b`",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_types_suggest_the_type_meant() {
    let hint = format!("expected one of: {PORTABLE}, or an enum: post_status");
    assert_eq!(
        fixture_problems("unknown-type.yaml"),
        [
            format!(
                "unknown-type.yaml:8:15: error: unknown type `strin` for column `title` (at \
                 tables.posts.columns.title); did you mean `text`? {hint}"
            ),
            format!(
                "unknown-type.yaml:9:23: error: unknown type `integr` for column `views` (at \
                 tables.posts.columns.views.type); did you mean `integer`? {hint}"
            ),
            format!(
                "unknown-type.yaml:10:15: error: unknown type `post_statuss` for column `status` \
                 (at tables.posts.columns.status); did you mean `post_status`? {hint}"
            ),
        ]
    );
}

#[test]
fn an_enum_name_must_match_exactly() {
    let source = "\
version: 1
enums:
  mood: [happy, sad]
tables:
  t:
    columns:
      id: { type: bigint, primary_key: true }
      m: Mood
";
    assert_eq!(
        problems("inline.yaml", source),
        [format!(
            "inline.yaml:8:10: error: unknown type `Mood` for column `m` (at tables.t.columns.m); \
             did you mean `mood`? expected one of: {PORTABLE}, or an enum: mood"
        )]
    );
}

#[test]
fn invalid_type_parameters() {
    let source = "\
version: 1
tables:
  prices:
    columns:
      id:     { type: BIGINT, primary_key: true }
      code:   varchar(0)
      amount: decimal(4, 6)
      note:   text(20)
      size:   varchar(big)
      total:  { type: decimal(10, 2), nullable: true }
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:6:15: error: invalid type `varchar(0)` for column `code` (at \
             tables.prices.columns.code); the length of `varchar(n)` must be at least 1",
            "inline.yaml:7:15: error: invalid type `decimal(4, 6)` for column `amount` (at \
             tables.prices.columns.amount); the scale (6) of `decimal(p,s)` cannot be larger than \
             the precision (4)",
            "inline.yaml:8:15: error: invalid type `text(20)` for column `note` (at \
             tables.prices.columns.note); `text` takes no parameters",
            "inline.yaml:9:15: error: invalid type `varchar(big)` for column `size` (at \
             tables.prices.columns.size); expected `varchar` or `varchar(n)` with a whole number n",
            // A comma ends a plain value inside `{ … }`: YAML reads `decimal(10` and a key `2)`.
            "inline.yaml:10:23: error: invalid type `decimal(10` for column `total` (at \
             tables.prices.columns.total.type); inside `{ … }` a comma ends the value: quote the \
             type, `type: 'decimal(10, 2)'`",
        ]
    );
}

#[test]
fn custom_types_need_sql_type_and_rust_type_only() {
    let source = "\
version: 1
tables:
  points:
    columns:
      id:    { type: bigint, primary_key: true }
      place: { sql_type: geometry }
      area:  { type: double, sql_type: numeric, rust_type: f64 }
      shape: { nullable: true }
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            format!(
                "inline.yaml:6:16: error: column `place` has `sql_type` but no `rust_type` (at \
                 tables.points.columns.place.sql_type); {CUSTOM_HINT}"
            ),
            format!(
                "inline.yaml:7:16: error: column `area` has both `type` and `sql_type` (at \
                 tables.points.columns.area.type); {CUSTOM_HINT}"
            ),
            "inline.yaml:8:7: error: column `shape` has no `type` (at \
             tables.points.columns.shape); add `type: …`, or `sql_type` and `rust_type` for a \
             custom type"
                .to_string(),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_enum_default_lists_the_values() {
    assert_eq!(
        fixture_problems("bad-enum-default.yaml"),
        [
            "bad-enum-default.yaml:8:45: error: default `drafted` is not a value of enum \
             `post_status` (at tables.posts.columns.status.default); did you mean `draft`? \
             expected one of: draft, published, archived"
        ]
    );
}

#[test]
fn defaults_must_fit_the_column_type() {
    let source = "\
version: 1
tables:
  t:
    columns:
      id:    { type: bigint, primary_key: true }
      small: { type: smallint, default: 40000 }
      count: { type: integer, default: '0' }
      label: { type: text, default: 0 }
      ratio: { type: double, default: 0.5 }
      flag:  { type: boolean, default: false }
      geom:  { sql_type: geometry, rust_type: String, default: 0 }
      uid:   { type: uuid, default: { sql: gen_random_uuid() } }
      code:  { type: char(2), default: abc }
      price: { type: decimal, default: cheap }
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:6:41: error: default `40000` does not fit column `small` of type \
             `smallint` (at tables.t.columns.small.default); expected an integer from -32768 to \
             32767",
            "inline.yaml:7:40: error: default `'0'` does not fit column `count` of type \
             `integer` (at tables.t.columns.count.default); expected an integer from -2147483648 \
             to 2147483647",
            "inline.yaml:8:37: error: default `0` does not fit column `label` of type `text` (at \
             tables.t.columns.label.default); expected a string: quote it, `'0'`",
            "inline.yaml:13:40: error: default `'abc'` does not fit column `code` of type \
             `char(2)` (at tables.t.columns.code.default); expected a string of at most 2 \
             characters",
            "inline.yaml:14:40: error: default `'cheap'` does not fit column `price` of type \
             `decimal` (at tables.t.columns.price.default); expected a number, without quotes",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Keys and references
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_table() {
    assert_eq!(
        fixture_problems("missing-table.yaml"),
        [
            "missing-table.yaml:9:44: error: column `user_id` references missing table `user` \
             (at tables.posts.columns.user_id.references); did you mean `users`? tables: users, \
             posts"
        ]
    );
}

#[test]
fn missing_columns_in_primary_key_index_and_references() {
    assert_eq!(
        fixture_problems("missing-column.yaml"),
        [
            "missing-column.yaml:7:19: error: unknown column `idd` in `primary_key` of table \
             `users` (at tables.users.primary_key.0); did you mean `id`? columns of `users`: id, \
             name",
            "missing-column.yaml:9:27: error: unknown column `emial` in an index of table \
             `users` (at tables.users.indexes.0.columns.1); columns of `users`: id, name",
            "missing-column.yaml:13:44: error: column `user_id` references missing column \
             `users.user_id` (at tables.posts.columns.user_id.references); columns of `users`: \
             id, name",
        ]
    );
}

#[test]
fn nullable_primary_key_columns() {
    let hint = "remove `nullable: true`, or take the column out of the primary key";
    assert_eq!(
        fixture_problems("nullable-primary-key.yaml"),
        [
            format!(
                "nullable-primary-key.yaml:5:48: error: primary key column `id` cannot be \
                 nullable (at tables.users.columns.id.nullable); {hint}"
            ),
            format!(
                "nullable-primary-key.yaml:10:33: error: primary key column `group_id` cannot be \
                 nullable (at tables.memberships.columns.group_id.nullable); {hint}"
            ),
        ]
    );
}

#[test]
fn primary_key_list_and_column_flags_must_agree() {
    let source = "\
version: 1
tables:
  memberships:
    columns:
      user_id:  { type: bigint, primary_key: true }
      group_id: bigint
    primary_key: [group_id, user_id, group_id]
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:7:5: error: the `primary_key` of table `memberships` is (group_id, \
             user_id, group_id) but the columns marked `primary_key: true` are (user_id) (at \
             tables.memberships.primary_key); declare the key in one place: the table's \
             `primary_key` list or the column flags",
            "inline.yaml:7:38: error: column `group_id` appears twice in `primary_key` (at \
             tables.memberships.primary_key.2)",
        ]
    );
}

#[test]
fn autoincrement_needs_an_integer_primary_key() {
    let source = "\
version: 1
tables:
  notes:
    columns:
      id:     { type: bigint, primary_key: true }
      code:   { type: text, autoincrement: true }
      serial: { type: integer, autoincrement: true }
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:6:29: error: `autoincrement` on column `code` of type `text` (at \
             tables.notes.columns.code.autoincrement); autoincrement needs smallint, integer or \
             bigint",
            "inline.yaml:7:32: error: `autoincrement` on column `serial`, which is not the single \
             primary key column of table `notes` (at tables.notes.columns.serial.autoincrement); \
             remove `autoincrement: true`, or make `serial` the primary key",
        ]
    );
}

#[test]
fn bad_on_delete() {
    assert_eq!(
        fixture_problems("bad-on-delete.yaml"),
        [format!(
            "bad-on-delete.yaml:9:65: error: unknown action `cascde` for `on_delete` (at \
             tables.posts.columns.user_id.on_delete); did you mean `cascade`? expected one of: \
             {ACTIONS}"
        )]
    );
}

#[test]
fn actions_need_references_and_set_null_a_nullable_column() {
    let source = "\
version: 1
tables:
  users:
    columns:
      id: { type: bigint, primary_key: true }
  posts:
    columns:
      id:        { type: bigint, primary_key: true, on_delete: cascade }
      user_id:   { type: bigint, references: users.id, on_delete: set_null }
      editor_id: { type: bigint, nullable: true, references: users.id, on_update: set_null }
      owner:     { type: bigint, references: users }
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:8:53: error: `on_delete` on column `id`, which has no `references` (at \
             tables.posts.columns.id.on_delete); add `references: table.column`, or remove \
             `on_delete`",
            "inline.yaml:9:67: error: `on_delete` is `set_null` but column `user_id` is not \
             nullable (at tables.posts.columns.user_id.on_delete); make `user_id` `nullable: \
             true`, or choose another action",
            "inline.yaml:11:46: error: `references` must be `table.column`, found `users` (at \
             tables.posts.columns.owner.references); e.g. `references: users.id`",
        ]
    );
}

#[test]
fn foreign_key_to_a_column_that_is_not_unique() {
    assert_eq!(
        fixture_problems("fk-not-unique.yaml"),
        [
            "fk-not-unique.yaml:10:47: error: column `author_email` references `users.email`, \
             which is neither the primary key nor unique (at \
             tables.posts.columns.author_email.references); databases only accept a foreign key \
             to a primary key or unique columns: its primary key is (id); reference it, or \
             declare the referenced columns unique"
        ]
    );
}

#[test]
fn foreign_key_type_mismatch() {
    assert_eq!(
        fixture_problems("fk-type-mismatch.yaml"),
        [
            "fk-type-mismatch.yaml:9:24: error: column `user_id` has type `integer` but \
             references `users.id` of type `bigint` (at tables.posts.columns.user_id.type); a \
             foreign key column must have the type of the column it references: use `bigint`"
        ]
    );
}

#[test]
fn composite_foreign_key_problems() {
    let source = "\
version: 1
tables:
  orders:
    columns:
      region: text
      number: integer
      note:   text
    primary_key: [region, number]
  shipments:
    columns:
      id:           { type: bigint, primary_key: true }
      order_region: text
      order_number: bigint
    foreign_keys:
      - { columns: [order_region, order_number], references: orders, to_columns: [region, number] }
      - { columns: [order_region], references: orders, to_columns: [region, number] }
      - columns: [order_region]
        references: orders
        to_columns: [note]
      - { columns: [order_regio], references: order, to_columns: [id] }
      - { references: orders, to_columns: [] }
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:15:35: error: column `order_number` has type `bigint` but references \
             `orders.number` of type `integer` (at tables.shipments.foreign_keys.0.columns.1); a \
             foreign key column must have the type of the column it references: use `integer`",
            "inline.yaml:16:9: error: foreign key has 1 `columns` but 2 `to_columns` (at \
             tables.shipments.foreign_keys.1); list one referenced column for each column",
            "inline.yaml:18:21: error: foreign key (order_region) references `orders.note`, \
             which is neither the primary key nor unique (at \
             tables.shipments.foreign_keys.2.references); databases only accept a foreign key to \
             a primary key or unique columns: its primary key is (region, number); reference it, \
             or declare the referenced columns unique",
            "inline.yaml:20:21: error: unknown column `order_regio` in `foreign_keys` of table \
             `shipments` (at tables.shipments.foreign_keys.3.columns.0); did you mean \
             `order_region`? columns of `shipments`: id, order_region, order_number",
            "inline.yaml:20:47: error: foreign key (order_regio) references missing table \
             `order` (at tables.shipments.foreign_keys.3.references); did you mean `orders`? \
             tables: orders, shipments",
            "inline.yaml:21:9: error: foreign key is missing `columns` (at \
             tables.shipments.foreign_keys.4)",
            "inline.yaml:21:31: error: `to_columns` must name at least one column (at \
             tables.shipments.foreign_keys.4.to_columns)",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Enums and relationships
// ---------------------------------------------------------------------------------------------

#[test]
fn enum_problems() {
    let source = "\
version: 1
enums:
  mood: []
  color: [red, green, red]
  level: [1, high]
  text: [a]
tables:
  t:
    columns:
      id: { type: bigint, primary_key: true }
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:3:3: error: enum `mood` must have at least one value (at enums.mood)",
            "inline.yaml:4:23: error: duplicate value `red` in enum `color` (at enums.color.2)",
            "inline.yaml:5:11: error: a value of enum `level` must be a string, found the number \
             `1` (at enums.level.0); quote it: `'1'`",
            "inline.yaml:6:3: error: enum `text` has the name of a portable type (at enums.text); \
             rename the enum",
        ]
    );
}

#[test]
fn relationship_problems() {
    let source = "\
version: 1
tables:
  users:
    columns:
      id: { type: bigint, primary_key: true }
  posts:
    columns:
      id:      { type: bigint, primary_key: true }
      user_id: { type: bigint, references: users.id }
    relationships:
      author:  { to: users, via: writer_id }
      tags:    { to: tag, through: post_tags }
      both:    { to: users, via: user_id, through: post_tags }
      neither: { to: users }
      back:    { to: users, via: user_id, back_populates: 3 }
      reverse: { to: users, via: [id] }
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:11:34: error: unknown column `writer_id` in relationship `author` of \
             table `posts` (at tables.posts.relationships.author.via); columns of `posts`: id, \
             user_id"
                .to_string(),
            "inline.yaml:12:22: error: relationship `tags` points to missing table `tag` (at \
             tables.posts.relationships.tags.to); tables: users, posts"
                .to_string(),
            "inline.yaml:12:36: error: relationship `tags` goes through missing table \
             `post_tags` (at tables.posts.relationships.tags.through); tables: users, posts"
                .to_string(),
            format!(
                "inline.yaml:13:7: error: relationship `both` has both `via` and `through` (at \
                 tables.posts.relationships.both); {LINK_HINT}"
            ),
            format!(
                "inline.yaml:14:7: error: relationship `neither` needs `via` or `through` (at \
                 tables.posts.relationships.neither); {LINK_HINT}"
            ),
            "inline.yaml:15:59: error: `back_populates` must be a string, found the number `3` \
             (at tables.posts.relationships.back.back_populates)"
                .to_string(),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Several problems at once
// ---------------------------------------------------------------------------------------------

#[test]
fn every_problem_is_listed_in_file_order() {
    let source = read_fixture("invalid/several-problems.yaml");
    let found = problems("several-problems.yaml", &source);
    assert_eq!(
        found,
        [
            format!(
                "several-problems.yaml:7:22: error: unknown type `txt` for column `email` (at \
                 tables.customers.columns.email.type); did you mean `text`? expected one of: \
                 {PORTABLE}, or the name of an enum declared under `enums:`"
            ),
            "several-problems.yaml:8:40: error: default `'yes'` does not fit column `vip` of type \
             `boolean` (at tables.customers.columns.vip.default); expected `true` or `false`, \
             without quotes"
                .to_string(),
            "several-problems.yaml:12:46: error: `nullable` must be `true` or `false`, found the \
             string `yes` (at tables.orders.columns.customer_id.nullable)"
                .to_string(),
            "several-problems.yaml:12:63: error: column `customer_id` references missing table \
             `customer` (at tables.orders.columns.customer_id.references); did you mean \
             `customers`? tables: customers, orders"
                .to_string(),
            "several-problems.yaml:13:20: error: invalid type `decimal(10,12)` for column `total` \
             (at tables.orders.columns.total); the scale (12) of `decimal(p,s)` cannot be larger \
             than the precision (10)"
                .to_string(),
            "several-problems.yaml:15:34: error: unknown column `created_at` in an index of table \
             `orders` (at tables.orders.indexes.0.columns.1); columns of `orders`: id, \
             customer_id, total"
                .to_string(),
        ]
    );

    // The whole rendering, header included.
    let error = SpecError::new(
        "several-problems.yaml",
        &source,
        parse(&source).unwrap_err(),
    );
    let text = error.to_string();
    assert!(
        text.starts_with("several-problems.yaml: invalid spec, 6 problems:\n"),
        "{text}"
    );
    assert!(text.ends_with(" customer_id, total\n"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Valid specs
// ---------------------------------------------------------------------------------------------

#[test]
fn the_format_example_reads_as_described() {
    let spec = parse_ok(&read_fixture("spec/format-example.yaml"));
    assert_eq!(spec.version, 1);
    assert_eq!(spec.name.as_deref(), Some("blog"));
    assert_eq!(spec.enums.len(), 1);
    assert_eq!(spec.enums[0].name, "post_status");
    assert_eq!(
        spec.enums[0].values,
        strings(&["draft", "published", "archived"])
    );
    let names: Vec<&str> = spec.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["users", "posts", "tags", "post_tags"]);

    let users = table(&spec, "users");
    assert_eq!(users.comment.as_deref(), Some("People who write posts."));
    let column_names: Vec<&str> = users.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(column_names, ["id", "name", "email", "created_at"]);
    assert_eq!(users.primary_key, strings(&["id"]));
    let id = column(users, "id");
    assert_eq!(
        (id.ty.clone(), id.primary_key, id.autoincrement),
        (TypeSpec::BigInt, true, true)
    );
    let name = column(users, "name");
    assert_eq!(name.ty, TypeSpec::Varchar(Some(100)));
    assert!(!name.nullable && !name.unique && name.default.is_none());
    let email = column(users, "email");
    assert!(email.nullable && email.unique);
    let created_at = column(users, "created_at");
    assert_eq!(created_at.ty, TypeSpec::TimestampTz);
    assert_eq!(
        created_at.default,
        Some(DefaultSpec::Sql("CURRENT_TIMESTAMP".into()))
    );
    assert_eq!(users.indexes.len(), 2);
    assert_eq!(
        (users.indexes[0].name.as_deref(), users.indexes[0].unique),
        (None, false)
    );
    assert_eq!(users.indexes[0].columns, strings(&["name"]));
    assert_eq!(users.indexes[1].name.as_deref(), Some("users_email_lower"));
    assert!(users.indexes[1].unique);
    assert_eq!(users.relationships, None);

    let posts = table(&spec, "posts");
    let status = column(posts, "status");
    assert_eq!(status.ty, TypeSpec::Enum("post_status".into()));
    assert_eq!(
        status.default,
        Some(DefaultSpec::Literal(Literal::String("draft".into())))
    );
    assert_eq!(
        column(posts, "body").comment.as_deref(),
        Some("Markdown source")
    );
    assert_eq!(posts.foreign_keys.len(), 2);
    let author = &posts.foreign_keys[0];
    assert_eq!(author.columns, strings(&["user_id"]));
    assert_eq!(
        (author.references.as_str(), author.to_columns.clone()),
        ("users", strings(&["id"]))
    );
    assert_eq!(
        (author.on_delete, author.on_update),
        (Some(FkAction::Cascade), None)
    );
    assert_eq!(author.path, path("tables.posts.columns.user_id.references"));
    assert_eq!(posts.foreign_keys[1].columns, strings(&["reviewer_id"]));
    assert_eq!(posts.foreign_keys[1].on_delete, None);
    let relationships = posts
        .relationships
        .as_ref()
        .expect("posts declares relationships");
    assert_eq!(relationships.len(), 2);
    assert_eq!(relationships[0].name, "author");
    assert_eq!(relationships[0].to, "users");
    assert_eq!(
        relationships[0].link,
        RelationshipLink::Via(strings(&["user_id"]))
    );
    assert_eq!(relationships[0].back_populates.as_deref(), Some("posts"));
    assert_eq!(
        relationships[1].link,
        RelationshipLink::Via(strings(&["reviewer_id"]))
    );
    assert_eq!(
        relationships[1].back_populates.as_deref(),
        Some("reviewed_posts")
    );

    let tags = table(&spec, "tags");
    assert_eq!(column(tags, "name").ty, TypeSpec::Varchar(Some(50)));
    assert!(column(tags, "name").unique);

    let post_tags = table(&spec, "post_tags");
    assert_eq!(post_tags.primary_key, strings(&["post_id", "tag_id"]));
    assert_eq!(post_tags.foreign_keys.len(), 2);
    assert_eq!(post_tags.foreign_keys[1].references, "tags");
    assert!(
        post_tags
            .foreign_keys
            .iter()
            .all(|fk| fk.on_delete == Some(FkAction::Cascade))
    );
    assert_eq!(post_tags.relationships, None);
}

#[test]
fn shorthand_columns_are_not_null_without_options() {
    let spec = parse_ok("version: 1\ntables:\n  notes:\n    columns:\n      body: text\n");
    assert_eq!(spec.name, None);
    assert!(spec.enums.is_empty());
    let notes = table(&spec, "notes");
    assert_eq!(
        notes.columns,
        [ColumnSpec {
            name: "body".into(),
            ty: TypeSpec::Text,
            nullable: false,
            primary_key: false,
            autoincrement: false,
            unique: false,
            default: None,
            comment: None,
            rust_name: None,
            generated: None,
        }]
    );
    assert!(notes.primary_key.is_empty());
    assert!(notes.foreign_keys.is_empty() && notes.indexes.is_empty() && notes.unique.is_empty());
}

#[test]
fn the_other_forms_read_as_described() {
    let spec = parse_ok(&read_fixture("spec/features.yaml"));

    let regions = table(&spec, "regions");
    assert_eq!(regions.comment.as_deref(), Some("Sales regions."));
    assert_eq!(regions.rust_name.as_deref(), Some("area"));
    assert_eq!(regions.primary_key, strings(&["code", "country"]));
    assert_eq!(column(regions, "code").ty, TypeSpec::Char(Some(2)));
    assert_eq!(column(regions, "country").ty, TypeSpec::Varchar(None));
    let name = column(regions, "name");
    assert_eq!(name.ty, TypeSpec::Varchar(Some(100)));
    assert_eq!(
        (name.comment.as_deref(), name.rust_name.as_deref()),
        (Some("Display name"), Some("title"))
    );

    let stores = table(&spec, "stores");
    assert_eq!(
        column(stores, "location").ty,
        TypeSpec::Custom {
            sql_type: "geography(point)".into(),
            rust_type: "crate::Point".into()
        }
    );
    assert!(column(stores, "location").nullable);
    // `decimal(10, 2)` as a shorthand, and quoted inside a flow mapping.
    assert_eq!(
        column(stores, "price").ty,
        TypeSpec::Decimal {
            precision: Some(10),
            scale: Some(2)
        }
    );
    let rating = column(stores, "rating");
    assert_eq!(
        rating.ty,
        TypeSpec::Decimal {
            precision: Some(3),
            scale: Some(1)
        }
    );
    assert_eq!(
        rating.default,
        Some(DefaultSpec::Literal(Literal::Float(2.5)))
    );
    assert_eq!(
        column(stores, "open").default,
        Some(DefaultSpec::Literal(Literal::Bool(true)))
    );
    assert_eq!(
        column(stores, "since").default,
        Some(DefaultSpec::Literal(Literal::String("2020-01-01".into())))
    );
    assert_eq!(
        column(stores, "staff").default,
        Some(DefaultSpec::Literal(Literal::Int(-3)))
    );
    assert_eq!(stores.unique, [strings(&["region", "number"])]);
    assert_eq!(stores.foreign_keys.len(), 1);
    let to_region = &stores.foreign_keys[0];
    assert_eq!(to_region.columns, strings(&["region", "country"]));
    assert_eq!(to_region.references, "regions");
    assert_eq!(to_region.to_columns, strings(&["code", "country"]));
    assert_eq!(
        (to_region.on_delete, to_region.on_update),
        (Some(FkAction::Restrict), Some(FkAction::Cascade))
    );
    assert_eq!(to_region.path, path("tables.stores.foreign_keys.0"));
    assert_eq!(stores.indexes[0].name.as_deref(), Some("stores_by_region"));
    assert_eq!(stores.indexes[0].columns, strings(&["region", "country"]));
    assert!(!stores.indexes[0].unique && stores.indexes[1].unique);
    // `relationships: {}` declares none: nothing is inferred.
    assert_eq!(stores.relationships, Some(Vec::new()));

    let employees = table(&spec, "employees");
    assert_eq!(
        column(employees, "id").default,
        Some(DefaultSpec::Sql("gen_random_uuid()".into()))
    );
    assert_eq!(column(employees, "badge").ty, TypeSpec::Bytes);
    // Column-level foreign keys first, in column order, then the table-level ones.
    let fks: Vec<_> = employees
        .foreign_keys
        .iter()
        .map(|fk| {
            (
                fk.columns.clone(),
                fk.references.as_str(),
                fk.on_delete,
                fk.on_update,
            )
        })
        .collect();
    assert_eq!(
        fks,
        [
            (
                strings(&["store_code"]),
                "stores",
                None,
                Some(FkAction::SetDefault)
            ),
            (
                strings(&["manager_id"]),
                "employees",
                Some(FkAction::SetNull),
                None
            ),
            (
                strings(&["store_number", "store_region"]),
                "stores",
                Some(FkAction::NoAction),
                None
            ),
        ]
    );
    assert_eq!(
        employees.foreign_keys[2].to_columns,
        strings(&["number", "region"])
    );
    assert_eq!(
        employees.foreign_keys[2].path,
        path("tables.employees.foreign_keys.0")
    );
    let relationships = employees.relationships.as_ref().unwrap();
    assert_eq!(
        relationships[0].link,
        RelationshipLink::Via(strings(&["store_region", "store_number"]))
    );
    assert_eq!(relationships[1].to, "employees");
    assert_eq!(relationships[1].back_populates.as_deref(), Some("reports"));
    assert_eq!(
        relationships[2].link,
        RelationshipLink::Through("employee_shifts".into())
    );
    assert_eq!(relationships[2].back_populates, None);

    let shifts = table(&spec, "shifts");
    let types: Vec<&TypeSpec> = shifts.columns.iter().map(|c| &c.ty).collect();
    assert_eq!(
        types,
        [
            &TypeSpec::BigInt,
            &TypeSpec::Timestamp,
            &TypeSpec::Time,
            &TypeSpec::Json
        ]
    );
    assert_eq!(
        table(&spec, "employee_shifts").primary_key,
        strings(&["employee_id", "shift_id"])
    );
}

#[test]
fn every_portable_type_is_read() {
    let source = "\
version: 1
tables:
  t:
    columns:
      a: smallint
      b: Integer
      c: BIGINT
      d: boolean
      e: real
      f: double
      g: decimal
      h: decimal(12)
      i: varchar( 20 )
      j: char
      k: date
      l: timestamp
      m: timestamptz
      n: uuid
";
    let spec = parse_ok(source);
    let types: Vec<TypeSpec> = spec.tables[0]
        .columns
        .iter()
        .map(|c| c.ty.clone())
        .collect();
    assert_eq!(
        types,
        [
            TypeSpec::SmallInt,
            TypeSpec::Integer,
            TypeSpec::BigInt,
            TypeSpec::Boolean,
            TypeSpec::Real,
            TypeSpec::Double,
            TypeSpec::Decimal {
                precision: None,
                scale: None
            },
            TypeSpec::Decimal {
                precision: Some(12),
                scale: None
            },
            TypeSpec::Varchar(Some(20)),
            TypeSpec::Char(None),
            TypeSpec::Date,
            TypeSpec::Timestamp,
            TypeSpec::TimestampTz,
            TypeSpec::Uuid,
        ]
    );
}

#[test]
fn anchors_and_merge_keys_are_expanded() {
    let source = "\
version: 1
tables:
  users:
    columns:
      id: &key { type: bigint, primary_key: true, autoincrement: true }
      nick:
        <<: { type: text, nullable: true }
        unique: true
  groups:
    columns:
      id: *key
";
    let spec = parse_ok(source);
    let nick = column(table(&spec, "users"), "nick");
    assert_eq!(
        (nick.ty.clone(), nick.nullable, nick.unique),
        (TypeSpec::Text, true, true)
    );
    assert!(column(table(&spec, "groups"), "id").autoincrement);
}

#[test]
fn via_may_name_columns_of_the_target_table() {
    // One-to-many from the referenced side: `via` names the foreign key of `posts`.
    let source = "\
version: 1
tables:
  users:
    columns:
      id: { type: bigint, primary_key: true }
    relationships:
      posts: { to: posts, via: user_id, back_populates: author }
  posts:
    columns:
      id:      { type: bigint, primary_key: true }
      user_id: { type: bigint, references: users.id }
    relationships:
      author: { to: users, via: [user_id], back_populates: posts }
";
    let spec = parse_ok(source);
    let users = table(&spec, "users").relationships.as_ref().unwrap();
    assert_eq!(users[0].link, RelationshipLink::Via(strings(&["user_id"])));
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

const CHECK_ENTRY_HINT: &str =
    "write each check as `{ sql: EXPRESSION }` or `{ name: NAME, sql: EXPRESSION }`";
const SQL_HINT: &str = "`sql` is the condition every row must satisfy, e.g. `sql: price >= 0`";
const NAME_HINT: &str = "give a name, or leave `name` out for the default `ck_<table>_<n>`";

#[test]
fn checks_must_be_a_list() {
    assert_eq!(
        fixture_problems("checks-not-a-list.yaml"),
        [format!(
            "checks-not-a-list.yaml:7:13: error: `checks` must be a list, found a mapping (at \
             tables.products.checks); {CHECK_ENTRY_HINT}, one list item each: \
             `- {{ sql: price >= 0 }}`"
        )]
    );
    // Left empty, it is shown at the key.
    let source = "version: 1\ntables:\n  t:\n    columns: { id: bigint }\n    checks:\n";
    assert_eq!(
        problems("inline.yaml", source),
        [format!(
            "inline.yaml:5:5: error: `checks` must be a list, found nothing (at tables.t.checks); \
             {CHECK_ENTRY_HINT}, one list item each: `- {{ sql: price >= 0 }}`"
        )]
    );
}

#[test]
fn each_check_must_be_a_mapping() {
    assert_eq!(
        fixture_problems("check-not-a-mapping.yaml"),
        [
            format!(
                "check-not-a-mapping.yaml:8:9: error: a check must be a mapping, found the string \
                 `price >= 0` (at tables.products.checks.0); {CHECK_ENTRY_HINT}"
            ),
            format!(
                "check-not-a-mapping.yaml:9:9: error: a check must be a mapping, found a list (at \
                 tables.products.checks.1); {CHECK_ENTRY_HINT}"
            ),
        ]
    );
}

#[test]
fn unknown_keys_in_a_check() {
    assert_eq!(
        fixture_problems("check-unknown-key.yaml"),
        [
            "check-unknown-key.yaml:8:11: error: unknown key `nmae` (at \
             tables.products.checks.0.nmae); did you mean `name`? valid keys: name, sql",
            "check-unknown-key.yaml:9:37: error: unknown key `deferrable` (at \
             tables.products.checks.1.deferrable); valid keys: name, sql",
        ]
    );
}

#[test]
fn a_check_needs_a_non_empty_sql() {
    assert_eq!(
        fixture_problems("check-missing-sql.yaml"),
        [
            format!(
                "check-missing-sql.yaml:8:9: error: check is missing `sql` (at \
                 tables.products.checks.0); {SQL_HINT}"
            ),
            format!(
                "check-missing-sql.yaml:9:36: error: `sql` of a check cannot be empty (at \
                 tables.products.checks.1.sql); {SQL_HINT}"
            ),
            // Only blanks is empty too.
            format!(
                "check-missing-sql.yaml:10:38: error: `sql` of a check cannot be empty (at \
                 tables.products.checks.2.sql); {SQL_HINT}"
            ),
        ]
    );
}

#[test]
fn check_names_and_conditions_must_be_strings() {
    assert_eq!(
        fixture_problems("check-not-a-string.yaml"),
        [
            "check-not-a-string.yaml:8:17: error: `name` of a check must be a string, found the \
             number `1` (at tables.products.checks.0.name); quote it: `name: '1'`"
                .to_string(),
            "check-not-a-string.yaml:9:31: error: `sql` of a check must be a string, found \
             `true` (at tables.products.checks.1.sql); quote it: `sql: 'true'`"
                .to_string(),
            "check-not-a-string.yaml:10:31: error: `sql` of a check must be a string, found a \
             list (at tables.products.checks.2.sql); write it as text, quoted when it starts \
             with `[`, `{` or a quote"
                .to_string(),
            format!(
                "check-not-a-string.yaml:11:17: error: `name` of a check cannot be empty (at \
                 tables.products.checks.3.name); {NAME_HINT}"
            ),
            // An empty value is shown at its key.
            format!(
                "check-not-a-string.yaml:12:29: error: `sql` of a check must be a string, found \
                 nothing (at tables.products.checks.4.sql); {SQL_HINT}"
            ),
        ]
    );
}

#[test]
fn check_names_are_unique_in_a_table_and_across_tables() {
    assert_eq!(
        fixture_problems("duplicate-check-name.yaml"),
        [
            "duplicate-check-name.yaml:10:17: error: duplicate check name `ck_positive` in table \
             `products` (at tables.products.checks.1.name); the check at line 9, column 9 has \
             that name already; give each check its own name",
            // A given name that is the default name of an earlier check.
            "duplicate-check-name.yaml:12:17: error: duplicate check name `ck_products_3` in \
             table `products` (at tables.products.checks.3.name); `ck_products_3` is the default \
             name of the check at line 11, column 9 (`ck_<table>_<n>`, n its position from 1); \
             give each check its own name",
            // A default name that an earlier check was given.
            "duplicate-check-name.yaml:14:9: error: duplicate check name `ck_products_6` in \
             table `products` (at tables.products.checks.5); this check is named \
             `ck_products_6` by default, after its position, and the check at line 13, column 9 \
             has that name already; give this one a `name`",
            "duplicate-check-name.yaml:19:17: error: check name `ck_positive` of table `orders` \
             is also used by table `products` (at tables.orders.checks.0.name); MySQL needs \
             CHECK constraint names that are unique in the database: rename this check or the \
             check at line 9, column 9",
        ]
    );
}

#[test]
fn a_condition_cut_at_a_comma_says_to_quote_it() {
    let source = "\
version: 1
tables:
  t:
    columns: { id: integer, status: text }
    checks:
      - { name: ck_status, sql: status IN ('a', 'b') }
      - { sql: coalesce(id, 0, 1) > 0, nme: x }
";
    // `'b')` after a comma starts a quoted scalar: YAML itself cannot read the first one.
    assert_eq!(problems("inline.yaml", source).len(), 1);
    let source = source.replace("status IN ('a', 'b')", "id IN (1, 2)");
    assert_eq!(
        problems("inline.yaml", &source),
        [
            "inline.yaml:6:33: error: `sql` of a check is cut short at a comma: `id IN (1` (at \
             tables.t.checks.0.sql); inside `{ … }` a comma ends the value: quote the condition, \
             `sql: \"id IN (1, 2)\"`",
            "inline.yaml:7:16: error: `sql` of a check is cut short at a comma: `coalesce(id` \
             (at tables.t.checks.1.sql); inside `{ … }` a comma ends the value: quote the \
             condition, `sql: \"coalesce(id, 0, 1) > 0\"`",
            // Other unknown keys are still reported.
            "inline.yaml:7:40: error: unknown key `nme` (at tables.t.checks.1.nme); did you mean \
             `name`? valid keys: name, sql",
        ]
    );
}

#[test]
fn checks_read_as_written() {
    let source = r#"
version: 1
tables:
  products:
    columns:
      id:    { type: bigint, primary_key: true }
      name:  text
      price: decimal(10,2)
    checks:
      - { name: ck_price_positive, sql: price > 0 }
      - sql: name <> '' AND name NOT LIKE '%\%' ESCAPE '\'
      - { sql: "length(\"name\") < 200", name: "ck \"quoted\"" }
      - name: ck_list
        sql: price IN (1, 2.5)
  tags:
    columns: { id: bigint }
    checks: []
"#;
    let spec = parse_ok(source);
    assert_eq!(
        table(&spec, "products").checks,
        [
            CheckSpec {
                name: Some("ck_price_positive".into()),
                sql: "price > 0".into()
            },
            CheckSpec {
                name: None,
                sql: r"name <> '' AND name NOT LIKE '%\%' ESCAPE '\'".into()
            },
            CheckSpec {
                name: Some(r#"ck "quoted""#.into()),
                sql: r#"length("name") < 200"#.into()
            },
            // Block style: commas are plain text.
            CheckSpec {
                name: Some("ck_list".into()),
                sql: "price IN (1, 2.5)".into()
            },
        ]
    );
    assert!(table(&spec, "tags").checks.is_empty());
    assert_eq!(default_check_name("products", 1), "ck_products_2");
    // Without `checks`, a table has none.
    let spec = parse_ok("version: 1\ntables:\n  t:\n    columns: { id: bigint }\n");
    assert!(table(&spec, "t").checks.is_empty());
}

#[test]
fn views_and_generated_columns_read_as_described() {
    let spec = parse_ok(
        "version: 1
tables:
  boxes:
    columns:
      id:     { type: bigint, primary_key: true }
      side:   integer
      volume: { type: integer, generated: side * side * side }
      area:   { type: integer, generated: { sql: side * side, stored: false } }
  big_boxes:
    view: { sql: SELECT id FROM boxes WHERE side > 10 }
    columns:
      id: bigint
  old_boxes:
    view: true
    columns:
      id: bigint
  plain:
    view: false
    columns:
      id: bigint
",
    );
    let boxes = table(&spec, "boxes");
    assert_eq!(boxes.view, None);
    assert_eq!(column(boxes, "side").generated, None);
    assert_eq!(
        column(boxes, "volume").generated,
        Some(GeneratedSpec {
            sql: "side * side * side".into(),
            stored: true
        })
    );
    assert_eq!(
        column(boxes, "area").generated,
        Some(GeneratedSpec {
            sql: "side * side".into(),
            stored: false
        })
    );
    assert_eq!(
        table(&spec, "big_boxes").view,
        Some(ViewSpec {
            sql: Some("SELECT id FROM boxes WHERE side > 10".into())
        })
    );
    assert_eq!(table(&spec, "old_boxes").view, Some(ViewSpec { sql: None }));
    assert_eq!(table(&spec, "plain").view, None);
}

#[test]
fn a_generated_column_cannot_have_a_default_or_be_assigned() {
    let source = "version: 1
tables:
  t:
    columns:
      id:  { type: bigint, primary_key: true, autoincrement: true, generated: 1 + 1 }
      n:   { type: integer, default: 0, generated: id * 2 }
      bad: { type: integer, generated: [1] }
  v:
    view: yes please
    columns:
      id: bigint
";
    assert_eq!(
        problems("generated.yaml", source),
        [
            "generated.yaml:5:28: error: generated column `id` cannot also have `primary_key` \
             (at tables.t.columns.id.primary_key); the database computes a generated column \
             from its expression",
            "generated.yaml:5:47: error: generated column `id` cannot also have `autoincrement` \
             (at tables.t.columns.id.autoincrement); the database computes a generated column \
             from its expression",
            "generated.yaml:6:29: error: generated column `n` cannot also have `default` (at \
             tables.t.columns.n.default); the database computes a generated column from its \
             expression",
            "generated.yaml:7:40: error: `generated` must be an SQL expression or a mapping, \
             found a list (at tables.t.columns.bad.generated); write `generated: EXPRESSION` or \
             `generated: { sql: EXPRESSION, stored: false }`",
            "generated.yaml:9:11: error: `view` must be true or a mapping, found the string \
             `yes please` (at tables.v.view); write `view: true`, or `view: { sql: SELECT … }` \
             to let create_all create it",
        ]
    );
}

#[test]
fn cascades_are_checked() {
    let source = "\
version: 1
tables:
  users:
    columns:
      id: { type: bigint, primary_key: true }
    relationships:
      posts: { to: posts, via: user_id, cascade: [delete, delete-orphans] }
  posts:
    columns:
      id: { type: bigint, primary_key: true }
      user_id: { type: bigint, references: users.id }
    relationships:
      author: { to: users, via: user_id, cascade: [delete] }
";
    assert_eq!(
        problems("inline.yaml", source),
        [
            "inline.yaml:7:59: error: unknown cascade `delete-orphans` (at \
             tables.users.relationships.posts.cascade.1); did you mean `delete-orphan`? \
             cascades: save-update, delete, delete-orphan, all",
        ]
    );
}
