//! Names and relationships through the public model API (`model_from_str`): what is inferred
//! for the edge-case spec, what the blog spec declares (with `back_populates` renaming the
//! inverses on `users`), and the spec errors the model stage reports.

use std::path::PathBuf;

use retort_codegen::model::{Link, Model, Relationship, RelationshipKind, Table};
use retort_codegen::{Error, model_from_str};

use RelationshipKind::{ManyToMany, ManyToOne, OneToMany, OneToOne};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn fixture_model(name: &str) -> Model {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    model(&text, name)
}

fn model(text: &str, file: &str) -> Model {
    model_from_str(text, file).unwrap_or_else(|e| panic!("{file} should be valid:\n{e}"))
}

/// The rendered `SpecError` of an invalid spec, one string per line.
fn spec_error(text: &str, file: &str) -> Vec<String> {
    match model_from_str(text, file) {
        Ok(model) => panic!("{file} should be rejected, but models as {model:#?}"),
        Err(Error::Spec(error)) => error.to_string().lines().map(str::to_owned).collect(),
        Err(other) => panic!("{file}: expected a spec error, got {other:?}"),
    }
}

fn table<'a>(model: &'a Model, name: &str) -> &'a Table {
    model
        .table(name)
        .unwrap_or_else(|| panic!("no table {name}"))
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// A relationship in brief: name, kind, target, source columns, target columns, inverse.
type Brief = (
    String,
    RelationshipKind,
    String,
    Vec<String>,
    Vec<String>,
    Option<String>,
);

fn brief(rel: &Relationship) -> Brief {
    (
        rel.name.clone(),
        rel.kind,
        rel.target.clone(),
        rel.source_columns.clone(),
        rel.target_columns.clone(),
        rel.back_populates.clone(),
    )
}

fn expect(
    name: &str,
    kind: RelationshipKind,
    target: &str,
    source_columns: &[&str],
    target_columns: &[&str],
    back: Option<&str>,
) -> Brief {
    (
        name.to_owned(),
        kind,
        target.to_owned(),
        strings(source_columns),
        strings(target_columns),
        back.map(str::to_owned),
    )
}

fn briefs(model: &Model, table_name: &str) -> Vec<Brief> {
    table(model, table_name)
        .relationships
        .iter()
        .map(brief)
        .collect()
}

fn relationship<'a>(model: &'a Model, table_name: &str, name: &str) -> &'a Relationship {
    table(model, table_name)
        .relationships
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("{table_name} has no relationship {name}"))
}

/// Every relationship with an inverse names one that exists on its target, points back over
/// the same link, and names it in turn; constants are the SCREAMING names and unique.
fn assert_inverses_consistent(model: &Model) {
    for table in &model.tables {
        let mut constants: Vec<&str> = table
            .relationships
            .iter()
            .map(|r| r.constant.as_str())
            .collect();
        constants.sort();
        constants.dedup();
        assert_eq!(
            constants.len(),
            table.relationships.len(),
            "duplicate constants on {}",
            table.sql_name
        );
        for rel in &table.relationships {
            assert_eq!(
                rel.constant,
                retort_codegen::naming::screaming(&rel.name),
                "{}.{}",
                table.sql_name,
                rel.name
            );
            let Some(back) = &rel.back_populates else {
                continue;
            };
            let inverse = relationship(model, &rel.target, back);
            let here = format!("{}.{}", table.sql_name, rel.name);
            assert_eq!(
                inverse.target, table.sql_name,
                "inverse of {here} targets another table"
            );
            assert_eq!(
                inverse.link, rel.link,
                "inverse of {here} uses another link"
            );
            assert_eq!(
                inverse.back_populates.as_deref(),
                Some(rel.name.as_str()),
                "inverse of {here}"
            );
            assert_eq!(
                inverse.source_columns, rel.target_columns,
                "inverse of {here}"
            );
            assert_eq!(
                inverse.target_columns, rel.source_columns,
                "inverse of {here}"
            );
            let expected_kind = match rel.kind {
                ManyToOne => OneToMany,
                OneToMany => ManyToOne,
                OneToOne => OneToOne,
                ManyToMany => ManyToMany,
            };
            assert_eq!(inverse.kind, expected_kind, "inverse of {here}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Inferred: fixtures/edge-cases.yaml
// ---------------------------------------------------------------------------------------------

#[test]
fn edge_cases_self_reference_one_to_one_and_many_to_many_on_person() {
    let model = fixture_model("edge-cases.yaml");
    assert_eq!(
        briefs(&model, "person"),
        [
            // The self-reference: the forward side is named after the column, the inverse is
            // qualified with it.
            expect(
                "manager",
                ManyToOne,
                "person",
                &["manager_id"],
                &["id"],
                Some("manager_people")
            ),
            expect(
                "manager_people",
                OneToMany,
                "person",
                &["id"],
                &["manager_id"],
                Some("manager")
            ),
            // A unique foreign key (profile.person_id is the primary key): one-to-one, singular.
            expect(
                "profile",
                OneToOne,
                "profile",
                &["id"],
                &["person_id"],
                Some("person")
            ),
            // A nullable unique foreign key (badge.holder_id): one-to-one, named after the
            // table on this side and after the column on the other.
            expect(
                "badge",
                OneToOne,
                "badge",
                &["id"],
                &["holder_id"],
                Some("holder")
            ),
            // Two foreign keys from shipment: distinct inverse names.
            expect(
                "sender_shipments",
                OneToMany,
                "shipment",
                &["id"],
                &["sender_id"],
                Some("sender")
            ),
            expect(
                "receiver_shipments",
                OneToMany,
                "shipment",
                &["id"],
                &["receiver_id"],
                Some("receiver")
            ),
            // Through the association table membership.
            expect(
                "clubs",
                ManyToMany,
                "club",
                &["id"],
                &["id"],
                Some("people")
            ),
        ]
    );
    let club = relationship(&model, "person", "clubs");
    assert_eq!(
        club.through,
        Some((
            "membership".to_owned(),
            strings(&["person_id"]),
            strings(&["club_id"])
        ))
    );
    assert_eq!(club.link, Link::Through("membership".into()));
    assert_eq!(club.constant, "CLUBS");
    let manager = relationship(&model, "person", "manager");
    assert_eq!(
        manager.link,
        Link::ForeignKey {
            table: "person".into(),
            columns: strings(&["manager_id"])
        }
    );
    assert_eq!(
        relationship(&model, "person", "manager_people").constant,
        "MANAGER_PEOPLE"
    );
}

#[test]
fn edge_cases_other_tables() {
    let model = fixture_model("edge-cases.yaml");
    assert_eq!(
        briefs(&model, "profile"),
        [expect(
            "person",
            OneToOne,
            "person",
            &["person_id"],
            &["id"],
            Some("profile")
        )]
    );
    assert_eq!(
        briefs(&model, "badge"),
        [expect(
            "holder",
            OneToOne,
            "person",
            &["holder_id"],
            &["id"],
            Some("badge")
        )]
    );
    assert!(
        briefs(&model, "every_type").is_empty(),
        "every_type has no foreign keys"
    );
    assert_eq!(
        briefs(&model, "shipment"),
        [
            expect(
                "sender",
                ManyToOne,
                "person",
                &["sender_id"],
                &["id"],
                Some("sender_shipments")
            ),
            expect(
                "receiver",
                ManyToOne,
                "person",
                &["receiver_id"],
                &["id"],
                Some("receiver_shipments")
            ),
            // Composite foreign keys, twice to warehouse: named after the columns' shared prefix.
            expect(
                "from_warehouse",
                ManyToOne,
                "warehouse",
                &["from_region", "from_code"],
                &["region", "code"],
                Some("from_warehouse_shipments")
            ),
            expect(
                "to_warehouse",
                ManyToOne,
                "warehouse",
                &["to_region", "to_code"],
                &["region", "code"],
                Some("to_warehouse_shipments")
            ),
        ]
    );
    assert_eq!(
        briefs(&model, "warehouse"),
        [
            expect(
                "from_warehouse_shipments",
                OneToMany,
                "shipment",
                &["region", "code"],
                &["from_region", "from_code"],
                Some("from_warehouse")
            ),
            expect(
                "to_warehouse_shipments",
                OneToMany,
                "shipment",
                &["region", "code"],
                &["to_region", "to_code"],
                Some("to_warehouse")
            ),
        ]
    );
    assert_eq!(
        briefs(&model, "club"),
        [expect(
            "people",
            ManyToMany,
            "person",
            &["id"],
            &["id"],
            Some("clubs")
        )]
    );
    assert_eq!(
        relationship(&model, "club", "people").through,
        Some((
            "membership".to_owned(),
            strings(&["club_id"]),
            strings(&["person_id"])
        ))
    );
    // The association table keeps plain many-to-ones, without inverses (the other sides get
    // the many-to-many instead).
    assert_eq!(
        briefs(&model, "membership"),
        [
            expect("person", ManyToOne, "person", &["person_id"], &["id"], None),
            expect("club", ManyToOne, "club", &["club_id"], &["id"], None),
        ]
    );
    assert_inverses_consistent(&model);
}

#[test]
fn edge_cases_rust_names() {
    let model = fixture_model("edge-cases.yaml");
    let person = table(&model, "person");
    // Already singular: the marker takes a suffix so that it differs from the row struct.
    assert_eq!(
        (
            person.module.as_str(),
            person.marker.as_str(),
            person.row.as_str(),
            person.insert.as_str()
        ),
        ("person", "PersonTable", "Person", "NewPerson")
    );
    let fields: Vec<(&str, &str, &str)> = person
        .columns
        .iter()
        .map(|c| (c.sql_name.as_str(), c.field.as_str(), c.constant.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("id", "id", "ID"),
            ("type", "r#type", "TYPE"),
            ("match", "r#match", "MATCH"),
            ("self", "self_", "SELF"),
            ("crate", "crate_", "CRATE"),
            ("first name", "first_name", "FIRST_NAME"),
            ("e-mail", "e_mail", "E_MAIL"),
            ("2fa_secret", "_2fa_secret", "_2FA_SECRET"),
            ("größe", "grose", "GROSE"),
            ("mood", "mood", "MOOD"),
            ("manager_id", "manager_id", "MANAGER_ID"),
        ]
    );
    let mood = model.enum_named("mood").unwrap();
    let variants: Vec<&str> = mood.variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(variants, ["Happy", "SoSo", "_2Bad", "TresBien"]);
    let every_type = table(&model, "every_type");
    assert_eq!(
        (every_type.marker.as_str(), every_type.row.as_str()),
        ("EveryTypeTable", "EveryType")
    );
}

// ---------------------------------------------------------------------------------------------
// Declared: fixtures/blog.yaml
// ---------------------------------------------------------------------------------------------

#[test]
fn blog_declared_relationships_and_renamed_inverses() {
    let model = fixture_model("blog.yaml");
    assert_eq!(
        briefs(&model, "posts"),
        [
            expect(
                "author",
                ManyToOne,
                "users",
                &["user_id"],
                &["id"],
                Some("posts")
            ),
            expect(
                "reviewer",
                ManyToOne,
                "users",
                &["reviewer_id"],
                &["id"],
                Some("reviewed_posts")
            ),
            expect(
                "comments",
                OneToMany,
                "comments",
                &["id"],
                &["post_id"],
                Some("post")
            ),
            expect("tags", ManyToMany, "tags", &["id"], &["id"], Some("posts")),
        ]
    );
    assert_eq!(
        relationship(&model, "posts", "tags").through,
        Some((
            "post_tags".to_owned(),
            strings(&["post_id"]),
            strings(&["tag_id"])
        ))
    );
    // users declares nothing: its inferred inverses (`user_posts`, `reviewer_posts`) are
    // renamed by the declared back_populates.
    assert_eq!(
        briefs(&model, "users"),
        [
            expect(
                "posts",
                OneToMany,
                "posts",
                &["id"],
                &["user_id"],
                Some("author")
            ),
            expect(
                "reviewed_posts",
                OneToMany,
                "posts",
                &["id"],
                &["reviewer_id"],
                Some("reviewer")
            ),
            expect(
                "comments",
                OneToMany,
                "comments",
                &["id"],
                &["author_id"],
                Some("author")
            ),
        ]
    );
    let constants: Vec<&str> = table(&model, "users")
        .relationships
        .iter()
        .map(|r| r.constant.as_str())
        .collect();
    assert_eq!(constants, ["POSTS", "REVIEWED_POSTS", "COMMENTS"]);
    assert_eq!(
        briefs(&model, "comments"),
        [
            expect(
                "post",
                ManyToOne,
                "posts",
                &["post_id"],
                &["id"],
                Some("comments")
            ),
            expect(
                "parent",
                ManyToOne,
                "comments",
                &["parent_id"],
                &["id"],
                Some("parent_comments")
            ),
            expect(
                "parent_comments",
                OneToMany,
                "comments",
                &["id"],
                &["parent_id"],
                Some("parent")
            ),
            expect(
                "author",
                ManyToOne,
                "users",
                &["author_id"],
                &["id"],
                Some("comments")
            ),
        ]
    );
    assert_eq!(
        briefs(&model, "tags"),
        [expect(
            "posts",
            ManyToMany,
            "posts",
            &["id"],
            &["id"],
            Some("tags")
        )]
    );
    assert_eq!(
        briefs(&model, "post_tags"),
        [
            expect("post", ManyToOne, "posts", &["post_id"], &["id"], None),
            expect("tag", ManyToOne, "tags", &["tag_id"], &["id"], None),
        ]
    );
    assert_inverses_consistent(&model);
}

#[test]
fn singular_row_names() {
    use retort_codegen::naming::singular;
    for (plural, single) in [
        ("users", "user"),
        ("categories", "category"),
        ("post_tags", "post_tag"),
        ("statuses", "status"),
        ("buses", "bus"),
        ("houses", "house"),
        ("warehouses", "warehouse"),
        ("causes", "cause"),
        ("addresses", "address"),
        ("people", "person"),
        ("person", "person"),
    ] {
        assert_eq!(singular(plural), single, "singular of {plural}");
    }
}

#[test]
fn blog_table_names() {
    let model = fixture_model("blog.yaml");
    let names: Vec<(&str, &str, &str, &str)> = model
        .tables
        .iter()
        .map(|t| {
            (
                t.module.as_str(),
                t.marker.as_str(),
                t.row.as_str(),
                t.insert.as_str(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("users", "Users", "User", "NewUser"),
            ("posts", "Posts", "Post", "NewPost"),
            ("comments", "Comments", "Comment", "NewComment"),
            ("tags", "Tags", "Tag", "NewTag"),
            ("post_tags", "PostTags", "PostTag", "NewPostTag"),
        ]
    );
}

/// Two composite foreign keys to one table whose columns share no prefix: both forward names
/// fall back to the target's singular and the second is numbered, and so is its inverse; each
/// side's `back_populates` must name the other's final name.
#[test]
fn numbered_duplicate_names_keep_their_inverses() {
    let spec = "\
version: 1
tables:
  warehouses:
    columns:
      region: varchar(10)
      code:   integer
    primary_key: [region, code]
  transfers:
    columns:
      id:       { type: bigint, primary_key: true }
      region_a: varchar(10)
      code_a:   integer
      region_b: varchar(10)
      code_b:   integer
    foreign_keys:
      - { columns: [region_a, code_a], references: warehouses, to_columns: [region, code] }
      - { columns: [region_b, code_b], references: warehouses, to_columns: [region, code] }
";
    let model = model(spec, "transfers.yaml");
    assert_eq!(
        briefs(&model, "transfers"),
        [
            expect(
                "warehouse",
                ManyToOne,
                "warehouses",
                &["region_a", "code_a"],
                &["region", "code"],
                Some("warehouse_transfers")
            ),
            expect(
                "warehouse_2",
                ManyToOne,
                "warehouses",
                &["region_b", "code_b"],
                &["region", "code"],
                Some("warehouse_transfers_2")
            ),
        ]
    );
    assert_eq!(
        briefs(&model, "warehouses"),
        [
            expect(
                "warehouse_transfers",
                OneToMany,
                "transfers",
                &["region", "code"],
                &["region_a", "code_a"],
                Some("warehouse")
            ),
            expect(
                "warehouse_transfers_2",
                OneToMany,
                "transfers",
                &["region", "code"],
                &["region_b", "code_b"],
                Some("warehouse_2")
            ),
        ]
    );
    assert_inverses_consistent(&model);
}

// ---------------------------------------------------------------------------------------------
// Spec errors from the model stage
// ---------------------------------------------------------------------------------------------

#[test]
fn columns_that_collide_after_case_conversion() {
    let spec = "\
version: 1
tables:
  users:
    columns:
      id:      { type: bigint, primary_key: true }
      userId:  bigint
      user_id: bigint
";
    assert_eq!(
        spec_error(spec, "dup.yaml"),
        [
            "dup.yaml: invalid spec, 2 problems:",
            "dup.yaml:7:7: error: columns `user_id` and `userId` of table `users` both become field `user_id` (at tables.users.columns.user_id); set `rust_name` on one of them",
            "dup.yaml:7:7: error: columns `user_id` and `userId` of table `users` both become column handle `USER_ID` (at tables.users.columns.user_id); set `rust_name` on one of them",
        ]
    );
    // `rust_name` resolves it.
    let fixed = spec.replace(
        "user_id: bigint",
        "user_id: { type: bigint, rust_name: user_ref }",
    );
    let model = model(&fixed, "dup.yaml");
    let fields: Vec<&str> = table(&model, "users")
        .columns
        .iter()
        .map(|c| c.field.as_str())
        .collect();
    assert_eq!(fields, ["id", "user_id", "user_ref"]);
}

#[test]
fn tables_that_collide_after_case_conversion() {
    let spec = "\
version: 1
tables:
  BlogPosts:
    columns:
      id: { type: bigint, primary_key: true }
  blog_posts:
    columns:
      id: { type: bigint, primary_key: true }
";
    assert_eq!(
        spec_error(spec, "tables.yaml"),
        [
            "tables.yaml: invalid spec, 1 problem:",
            "tables.yaml:6:3: error: table `blog_posts` and table `BlogPosts` both become module `blog_posts` (at tables.blog_posts); set `rust_name` on one of them",
        ]
    );
}

#[test]
fn back_populates_that_does_not_point_back() {
    // Both sides declare relationships: `users.posts` leads to another table, and
    // `users.reviewed` to posts but over another foreign key.
    let spec = "\
version: 1
tables:
  users:
    columns:
      id: { type: bigint, primary_key: true }
    relationships:
      posts:    { to: comments, via: user_id }
      reviewed: { to: posts, via: user_id }
  posts:
    columns:
      id:          { type: bigint, primary_key: true }
      user_id:     { type: bigint, references: users.id }
      reviewer_id: { type: bigint, nullable: true, references: users.id }
    relationships:
      author:   { to: users, via: user_id, back_populates: posts }
      reviewer: { to: users, via: reviewer_id, back_populates: reviewed }
      editor:   { to: users, via: user_id, back_populates: edited }
  comments:
    columns:
      id:      { type: bigint, primary_key: true }
      user_id: { type: bigint, references: users.id }
";
    assert_eq!(
        spec_error(spec, "back.yaml"),
        [
            "back.yaml: invalid spec, 3 problems:",
            "back.yaml:15:44: error: `back_populates: posts` of `posts.author` does not point back: `users.posts` points to `comments`, not back to `posts` (at tables.posts.relationships.author.back_populates); declare `posts: { to: posts, … }` on `users` over the same foreign key, or remove `back_populates`",
            "back.yaml:16:48: error: `back_populates: reviewed` of `posts.reviewer` does not point back: `users.reviewed` does not point back to `posts` through the same link (at tables.posts.relationships.reviewer.back_populates); declare `reviewed: { to: posts, … }` on `users` over the same foreign key, or remove `back_populates`",
            "back.yaml:17:44: error: `back_populates: edited` of `posts.editor` does not point back: `users` declares no relationship `edited` (at tables.posts.relationships.editor.back_populates); declare `edited: { to: posts, … }` on `users` over the same foreign key, or remove `back_populates`",
        ]
    );
}

#[test]
fn back_populates_that_points_back_is_accepted() {
    let spec = "\
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
      author: { to: users, via: user_id, back_populates: posts }
";
    let model = model(spec, "ok.yaml");
    assert_eq!(
        briefs(&model, "users"),
        [expect(
            "posts",
            OneToMany,
            "posts",
            &["id"],
            &["user_id"],
            Some("author")
        )]
    );
    assert_eq!(
        briefs(&model, "posts"),
        [expect(
            "author",
            ManyToOne,
            "users",
            &["user_id"],
            &["id"],
            Some("posts")
        )]
    );
    assert_inverses_consistent(&model);
}

#[test]
fn to_many_names_are_plural_and_composite_keys_named_by_their_shared_prefix() {
    let model = model(
        "version: 1
tables:
  region:
    columns:
      code: text
      num:  integer
    primary_key: [code, num]
  site:
    columns:
      id:          { type: bigint, primary_key: true }
      region_code: text
      region_num:  integer
    foreign_keys:
      - { columns: [region_code, region_num], references: region, to_columns: [code, num] }
",
        "sites.yaml",
    );
    assert_eq!(
        briefs(&model, "site"),
        [expect(
            "region",
            ManyToOne,
            "region",
            &["region_code", "region_num"],
            &["code", "num"],
            Some("sites")
        )]
    );
    assert_eq!(
        briefs(&model, "region"),
        [expect(
            "sites",
            OneToMany,
            "site",
            &["code", "num"],
            &["region_code", "region_num"],
            Some("region")
        )]
    );
}

#[test]
fn tables_named_like_what_generated_code_needs_get_other_modules() {
    let model = model(
        "version: 1
tables:
  mod:    { columns: { id: bigint } }
  lib:    { columns: { id: bigint } }
  retort: { columns: { id: bigint } }
  rel:    { columns: { id: bigint } }
  '123':  { columns: { id: bigint } }
  self:   { columns: { id: bigint } }
",
        "reserved.yaml",
    );
    let names: Vec<(&str, &str, &str, &str)> = model
        .tables
        .iter()
        .map(|t| {
            (
                t.module.as_str(),
                t.marker.as_str(),
                t.row.as_str(),
                t.insert.as_str(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("mod_table", "ModTable", "Mod", "NewMod"),
            ("lib_table", "LibTable", "Lib", "NewLib"),
            ("retort_table", "RetortTable", "Retort", "NewRetort"),
            ("rel_table", "RelTable", "Rel", "NewRel"),
            ("_123", "_123Table", "_123", "New123"),
            ("self_", "SelfTable", "Self_", "NewSelf_"),
        ]
    );
}

#[test]
fn cascades_belong_on_the_side_rows_depend_on() {
    let spec = "\
version: 1
tables:
  users:
    columns:
      id: { type: bigint, primary_key: true }
    relationships:
      posts: { to: posts, via: user_id, back_populates: author, cascade: [delete, delete-orphan] }
  posts:
    columns:
      id: { type: bigint, primary_key: true }
      user_id: { type: bigint, references: users.id }
    relationships:
      author: { to: users, via: user_id, back_populates: posts, cascade: [all] }
";
    assert_eq!(
        spec_error(spec, "cascade.yaml"),
        [
            "cascade.yaml: invalid spec, 1 problem:",
            "cascade.yaml:13:65: error: `cascade` of `posts.author` has no effect: cascades go \
             on a one-to-many (or a one-to-one seen from the referenced table), whose related \
             rows depend on this one (at tables.posts.relationships.author.cascade); declare \
             the cascade on `users`'s relationship back to `posts`",
        ]
    );
    let model = model(&spec.replace(", cascade: [all]", ""), "cascade.yaml");
    let posts = relationship(&model, "users", "posts");
    assert!(posts.cascade.delete && posts.cascade.delete_orphan);
    assert!(!relationship(&model, "posts", "author").cascade.any());
}
