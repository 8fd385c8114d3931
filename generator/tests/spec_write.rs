//! `spec::to_yaml`: what it writes reads back as the same spec (fixtures, hand-built specs full
//! of odd names and values, generated ones), in the style the spec format shows.

use std::path::PathBuf;

use retort_codegen::spec::{
    CheckSpec, ColumnSpec, DefaultSpec, EnumSpec, FkAction, ForeignKeySpec, GeneratedSpec,
    IndexSpec, Literal, RelationshipLink, RelationshipSpec, Spec, SpecError, SpecPath, TableSpec,
    TypeSpec, ViewSpec, parse, to_yaml,
};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn read_fixture(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse_ok(source: &str) -> Spec {
    parse(source).unwrap_or_else(|problems| {
        panic!(
            "{}\n--- in ---\n{source}",
            SpecError::new("<spec>", source, problems)
        )
    })
}

/// `spec` without the `SpecPath`s of its foreign keys, which name where each was declared and
/// so differ between two files saying the same thing.
fn without_paths(spec: &Spec) -> Spec {
    let mut spec = spec.clone();
    for table in &mut spec.tables {
        for foreign_key in &mut table.foreign_keys {
            foreign_key.path = SpecPath::root();
        }
    }
    spec
}

/// Writes `spec`, reads it back and checks that nothing changed, and that writing the spec
/// read back gives the same text. Returns the text.
fn assert_round_trip(spec: &Spec) -> String {
    let yaml = to_yaml(spec);
    let read = parse_ok(&yaml);
    assert_eq!(
        without_paths(&read),
        without_paths(spec),
        "the spec read back differs; written as:\n{yaml}"
    );
    assert_eq!(to_yaml(&read), yaml, "writing is not stable");
    yaml
}

fn column(name: &str, ty: TypeSpec) -> ColumnSpec {
    ColumnSpec {
        name: name.into(),
        ty,
        nullable: false,
        primary_key: false,
        autoincrement: false,
        unique: false,
        default: None,
        comment: None,
        rust_name: None,
        generated: None,
    }
}

fn table(name: &str, columns: Vec<ColumnSpec>) -> TableSpec {
    // The reader's key when no table-level list is written: the flagged columns.
    let primary_key = columns
        .iter()
        .filter(|c| c.primary_key)
        .map(|c| c.name.clone())
        .collect();
    TableSpec {
        name: name.into(),
        comment: None,
        rust_name: None,
        columns,
        primary_key,
        unique: Vec::new(),
        foreign_keys: Vec::new(),
        indexes: Vec::new(),
        checks: Vec::new(),
        relationships: None,
        view: None,
    }
}

fn key_column(name: &str, ty: TypeSpec) -> ColumnSpec {
    ColumnSpec {
        primary_key: true,
        ..column(name, ty)
    }
}

fn foreign_key(
    columns: &[&str],
    references: &str,
    to_columns: &[&str],
    on_delete: Option<FkAction>,
    on_update: Option<FkAction>,
) -> ForeignKeySpec {
    let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
    ForeignKeySpec {
        columns: strings(columns),
        references: references.into(),
        to_columns: strings(to_columns),
        on_delete,
        on_update,
        path: SpecPath::root(),
    }
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn spec(enums: Vec<EnumSpec>, tables: Vec<TableSpec>) -> Spec {
    Spec {
        version: 1,
        name: None,
        enums,
        tables,
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

#[test]
fn fixtures_round_trip() {
    for fixture in [
        "blog.yaml",
        "edge-cases.yaml",
        "spec/features.yaml",
        "spec/format-example.yaml",
    ] {
        let original = parse_ok(&read_fixture(fixture));
        let yaml = assert_round_trip(&original);
        assert!(yaml.starts_with("version: 1\n"), "{fixture}:\n{yaml}");
    }
}

#[test]
fn blog_snapshot() {
    let blog = parse_ok(&read_fixture("blog.yaml"));
    insta::assert_snapshot!("blog", to_yaml(&blog));
}

// ---------------------------------------------------------------------------------------------
// Style
// ---------------------------------------------------------------------------------------------

#[test]
fn columns_are_short_when_they_can_be_and_defaults_keep_their_kind() {
    let mut items = table(
        "items",
        vec![
            ColumnSpec {
                autoincrement: true,
                ..key_column("id", TypeSpec::BigInt)
            },
            column("name", TypeSpec::Varchar(Some(100))),
            column(
                "price",
                TypeSpec::Decimal {
                    precision: Some(10),
                    scale: Some(2),
                },
            ),
            ColumnSpec {
                nullable: true,
                ..column(
                    "discount",
                    TypeSpec::Decimal {
                        precision: Some(3),
                        scale: Some(1),
                    },
                )
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::String("0".into()))),
                ..column("code", TypeSpec::Text)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::Int(0))),
                ..column("stock", TypeSpec::Integer)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::Float(1.0))),
                ..column("weight", TypeSpec::Double)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::Bool(true))),
                ..column("active", TypeSpec::Boolean)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::String("true".into()))),
                ..column("label", TypeSpec::Text)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Sql("CURRENT_TIMESTAMP".into())),
                ..column("added", TypeSpec::TimestampTz)
            },
            ColumnSpec {
                nullable: true,
                ..column("owner_id", TypeSpec::BigInt)
            },
        ],
    );
    items.foreign_keys = vec![foreign_key(
        &["owner_id"],
        "items",
        &["id"],
        Some(FkAction::SetNull),
        None,
    )];
    let yaml = assert_round_trip(&spec(Vec::new(), vec![items]));
    assert_eq!(
        yaml,
        "\
version: 1
tables:
  items:
    columns:
      id:       { type: bigint, primary_key: true, autoincrement: true }
      name:     varchar(100)
      price:    decimal(10, 2)
      discount: { type: 'decimal(3, 1)', nullable: true }
      code:     { type: text, default: '0' }
      stock:    { type: integer, default: 0 }
      weight:   { type: double, default: 1.0 }
      active:   { type: boolean, default: true }
      label:    { type: text, default: 'true' }
      added:    { type: timestamptz, default: { sql: CURRENT_TIMESTAMP } }
      owner_id: { type: bigint, nullable: true, references: items.id, on_delete: set_null }
"
    );
}

#[test]
fn keys_and_foreign_keys_keep_their_order() {
    let parent = table(
        "parent",
        vec![
            column("a", TypeSpec::Integer),
            column("b", TypeSpec::Text),
            column("c", TypeSpec::Integer),
        ],
    );
    // The key in another order than the columns: written as a table-level list.
    let parent = TableSpec {
        primary_key: strings(&["b", "a"]),
        unique: vec![strings(&["c"])],
        ..parent
    };
    let mut child = table(
        "child",
        vec![
            key_column("x", TypeSpec::Integer),
            key_column("y", TypeSpec::Text),
            column("z", TypeSpec::Integer),
        ],
    );
    // A single-column key after a composite one cannot go on its column: the reader would
    // list it first.
    child.foreign_keys = vec![
        foreign_key(
            &["y", "x"],
            "parent",
            &["b", "a"],
            Some(FkAction::Cascade),
            None,
        ),
        foreign_key(&["z"], "parent", &["c"], None, Some(FkAction::Restrict)),
    ];
    let yaml = assert_round_trip(&spec(Vec::new(), vec![parent, child]));
    assert_eq!(
        yaml,
        "\
version: 1
tables:
  parent:
    columns:
      a: integer
      b: text
      c: integer
    primary_key: [b, a]
    unique: [[c]]
  child:
    columns:
      x: { type: integer, primary_key: true }
      y: { type: text, primary_key: true }
      z: integer
    foreign_keys:
      - { columns: [y, x], references: parent, to_columns: [b, a], on_delete: cascade }
      - { columns: [z], references: parent, to_columns: [c], on_update: restrict }
"
    );
}

// ---------------------------------------------------------------------------------------------
// Odd names and values
// ---------------------------------------------------------------------------------------------

/// Names and texts that each need some care: YAML keywords, number-like strings, indicators,
/// quotes, `:` and `#`, surrounding spaces, line breaks, tabs, control characters, non-ASCII.
const ODD: &[&str] = &[
    "yes",
    "No",
    "on",
    "OFF",
    "null",
    "~",
    "true",
    "1",
    "1e3",
    "0x1F",
    "-1",
    ".5",
    "2020-01-01",
    "12:30",
    "a: b",
    "a:b",
    "x:",
    "# hash",
    "a #b",
    "- dash",
    "-lead",
    "?q",
    "[list]",
    "{map}",
    "a, b",
    "*star",
    "&anchor",
    "!tag",
    "|pipe",
    ">fold",
    "%pct",
    "@at",
    "`tick",
    "it's",
    "say \"hi\"",
    "'both\" quotes'",
    "back\\slash",
    " padded ",
    "two\nlines",
    "trailing newline\n",
    "tab\there",
    "cr\rlf",
    "bell\u{7}",
    "nel\u{85}",
    "ünïcödé 名前 🙂",
    "---",
    "...",
    "=",
];

#[test]
fn odd_names_and_values_round_trip() {
    let long_name = "c".repeat(1100);
    let mood = EnumSpec {
        name: "yes".into(),
        values: strings(ODD),
    };
    // Named like a portable type's usual spelling: `varchar(10)` columns must still be read
    // as varchar.
    let clash = EnumSpec {
        name: "varchar(10)".into(),
        values: strings(&["x", "y"]),
    };
    let odd_enum = EnumSpec {
        name: "status, kind: #1".into(),
        values: strings(&["a"]),
    };

    let mut order = table(
        "order",
        vec![
            ColumnSpec {
                autoincrement: true,
                comment: Some("The key.\n# not a comment\n  indented".into()),
                ..key_column("id", TypeSpec::BigInt)
            },
            column("my col", TypeSpec::Text),
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::String("on".into()))),
                ..column("yes", TypeSpec::Enum("yes".into()))
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::String("two\nlines".into()))),
                ..column("mood: 2", TypeSpec::Enum("yes".into()))
            },
            column("1", TypeSpec::Varchar(Some(10))),
            column("null", TypeSpec::Enum("varchar(10)".into())),
            column("odd", TypeSpec::Enum("status, kind: #1".into())),
            ColumnSpec {
                nullable: true,
                unique: true,
                comment: Some("# not a comment".into()),
                ..column("e-mail: x", TypeSpec::Text)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::Int(0))),
                ..column("-lead", TypeSpec::Integer)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::String("0".into()))),
                ..column("str_zero", TypeSpec::Text)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::String("".into()))),
                ..column("empty", TypeSpec::Text)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::String("1.5e3".into()))),
                ..column("number_text", TypeSpec::Char(Some(5)))
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::Bool(false))),
                ..column("flag", TypeSpec::Boolean)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::Float(3.0))),
                ..column("ratio", TypeSpec::Double)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::Float(-0.25))),
                ..column("neg", TypeSpec::Real)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::Float(1e300))),
                ..column(
                    "huge",
                    TypeSpec::Decimal {
                        precision: None,
                        scale: None,
                    },
                )
            },
            ColumnSpec {
                default: Some(DefaultSpec::Literal(Literal::Int(i64::MIN))),
                ..column("big", TypeSpec::BigInt)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Sql("CURRENT_TIMESTAMP".into())),
                ..column("created at", TypeSpec::TimestampTz)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Sql(
                    "CASE WHEN 1 = 1 THEN 'x, y'\nELSE '' END".into(),
                )),
                ..column("multi", TypeSpec::Text)
            },
            ColumnSpec {
                default: Some(DefaultSpec::Sql("'active'::character varying".into())),
                ..column("state", TypeSpec::Varchar(None))
            },
            ColumnSpec {
                nullable: true,
                ..column(
                    "geo",
                    TypeSpec::Custom {
                        sql_type: "geography(point, 4326)".into(),
                        rust_type: "crate::Point".into(),
                    },
                )
            },
            column(
                "temp",
                TypeSpec::Custom {
                    sql_type: "yes".into(),
                    rust_type: "f64".into(),
                },
            ),
            ColumnSpec {
                generated: Some(GeneratedSpec {
                    sql: "\"-lead\" * 2".into(),
                    stored: true,
                }),
                ..column("total", TypeSpec::Integer)
            },
            ColumnSpec {
                nullable: true,
                generated: Some(GeneratedSpec {
                    sql: "length(\"my col\")\n  + 1".into(),
                    stored: false,
                }),
                ..column("virtual", TypeSpec::Integer)
            },
            ColumnSpec {
                generated: Some(GeneratedSpec {
                    sql: "1".into(),
                    stored: true,
                }),
                ..column("one", TypeSpec::Integer)
            },
            ColumnSpec {
                comment: Some(String::new()),
                rust_name: Some("true".into()),
                ..column("desc", TypeSpec::Text)
            },
            column(&long_name, TypeSpec::Uuid),
            column("when", TypeSpec::Date),
            column("at", TypeSpec::Time),
            column("stamp", TypeSpec::Timestamp),
            column("doc", TypeSpec::Json),
            column("blob", TypeSpec::Bytes),
            column("small", TypeSpec::SmallInt),
            column("tiny", TypeSpec::Char(None)),
            column(
                "prec",
                TypeSpec::Decimal {
                    precision: Some(7),
                    scale: None,
                },
            ),
        ],
    );
    order.comment = Some("Orders: the #1 table.\nIt's 'quoted'.\n\n".into());
    order.rust_name = Some("purchase".into());
    order.relationships = Some(vec![RelationshipSpec {
        name: "parts: all".into(),
        to: "parts".into(),
        link: RelationshipLink::Through("line items".into()),
        back_populates: Some("orders".into()),
        cascade: Default::default(),
    }]);

    let dotted = table("weird.table", vec![key_column("k", TypeSpec::Text)]);

    let mut parts = table(
        "parts",
        vec![
            column("p1", TypeSpec::BigInt),
            column("p2", TypeSpec::Integer),
        ],
    );
    parts.primary_key = strings(&["p2", "p1"]);
    parts.relationships = Some(Vec::new());

    let mut flagged_and_listed = table(
        "flagged",
        vec![
            key_column("q1", TypeSpec::Integer),
            key_column("q2", TypeSpec::Integer),
        ],
    );
    flagged_and_listed.primary_key = strings(&["q2", "q1"]);

    let mut lines = table(
        "line items",
        vec![
            column("a", TypeSpec::Integer),
            column("b", TypeSpec::BigInt),
            column("order_id", TypeSpec::BigInt),
            ColumnSpec {
                nullable: true,
                ..column("alt_order", TypeSpec::BigInt)
            },
            ColumnSpec {
                nullable: true,
                ..column("w", TypeSpec::Text)
            },
            column("x", TypeSpec::BigInt),
        ],
    );
    lines.primary_key = strings(&["b", "a"]);
    lines.unique = vec![strings(&["x", "a"]), strings(&["order_id"])];
    lines.foreign_keys = vec![
        foreign_key(
            &["order_id"],
            "order",
            &["id"],
            Some(FkAction::Cascade),
            Some(FkAction::Restrict),
        ),
        foreign_key(
            &["alt_order"],
            "order",
            &["id"],
            Some(FkAction::SetNull),
            Some(FkAction::NoAction),
        ),
        // `weird.table.k` would split at the first dot: a `foreign_keys` entry.
        foreign_key(
            &["w"],
            "weird.table",
            &["k"],
            Some(FkAction::SetDefault),
            None,
        ),
        foreign_key(&["a", "b"], "parts", &["p2", "p1"], None, None),
        foreign_key(&["x"], "order", &["id"], None, Some(FkAction::Cascade)),
    ];
    lines.indexes = vec![
        IndexSpec {
            name: Some("idx: odd, #1".into()),
            columns: strings(&["x", "b"]),
            unique: true,
        },
        IndexSpec {
            name: None,
            columns: strings(&["alt_order"]),
            unique: false,
        },
    ];
    lines.checks = vec![
        CheckSpec {
            name: None,
            sql: "a > 0".into(),
        },
        CheckSpec {
            name: Some("ck, odd: 1".into()),
            sql: "b IN (1, 2)".into(),
        },
        CheckSpec {
            name: Some("ck_multi".into()),
            sql: "a <> b\n  AND x IS NOT NULL -- #comment".into(),
        },
        CheckSpec {
            name: Some("ck_quotes".into()),
            sql: "w <> '' AND w NOT LIKE '%\\%%' ESCAPE '\\'".into(),
        },
    ];
    lines.relationships = Some(vec![
        RelationshipSpec {
            name: "order".into(),
            to: "order".into(),
            link: RelationshipLink::Via(strings(&["order_id"])),
            back_populates: Some("lines: all".into()),
            cascade: Default::default(),
        },
        RelationshipSpec {
            name: "part".into(),
            to: "parts".into(),
            link: RelationshipLink::Via(strings(&["a", "b"])),
            back_populates: None,
            cascade: Default::default(),
        },
    ]);

    let mut active = table("v: active", vec![column("id", TypeSpec::BigInt)]);
    active.view = Some(ViewSpec {
        sql: Some(" SELECT id\n   FROM \"order\"\n  WHERE yes = 'on';".into()),
    });
    let mut legacy = table("legacy view", vec![column("id", TypeSpec::BigInt)]);
    legacy.view = Some(ViewSpec { sql: None });
    let mut one_line = table("one line view", vec![column("n", TypeSpec::Integer)]);
    one_line.view = Some(ViewSpec {
        sql: Some("SELECT 1 AS n".into()),
    });

    let odd = Spec {
        version: 1,
        name: Some("odd: spec".into()),
        enums: vec![mood, clash, odd_enum],
        tables: vec![
            order,
            dotted,
            parts,
            flagged_and_listed,
            lines,
            active,
            legacy,
            one_line,
        ],
    };
    let yaml = assert_round_trip(&odd);

    // Spot checks of the forms chosen.
    for line in [
        "name: 'odd: spec'\n",
        "  'yes':              ['yes', 'No', 'on', 'OFF', 'null', '~', 'true', '1', '1e3',",
        "      '1':         VARCHAR(10)\n",
        "      str_zero:    { type: text, default: '0' }\n",
        "      '-lead':     { type: integer, default: 0 }\n",
        "      one:         { type: integer, generated: '1' }\n",
        "      - { columns: [w], references: weird.table, to_columns: [k], on_delete: set_default }\n",
        "    primary_key: [b, a]\n",
        "    view: true\n",
        "    view: { sql: SELECT 1 AS n }\n",
        "    view:\n      sql: |2-\n         SELECT id\n",
        "    relationships: {}\n",
    ] {
        assert!(yaml.contains(line), "missing {line:?} in\n{yaml}");
    }
}

// ---------------------------------------------------------------------------------------------
// Generated specs
// ---------------------------------------------------------------------------------------------

/// A deterministic stream of numbers (xorshift), so that a failure can be replayed.
struct Numbers(u64);

impl Numbers {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    /// A string of 1 to 8 characters, often an [`ODD`] one.
    fn text(&mut self) -> String {
        const ALPHABET: &[char] = &[
            'a', 'Z', '0', '1', '.', 'e', 'x', ' ', ':', '#', '-', '?', ',', '[', '}', '&', '*',
            '!', '|', '>', '%', '@', '\'', '"', '\\', '\n', '\t', 'é', '名', '\u{85}', '\u{2028}',
            '\u{1}', '~', '=',
        ];
        if self.below(3) == 0 {
            return ODD[self.below(ODD.len())].to_string();
        }
        let length = 1 + self.below(8);
        (0..length)
            .map(|_| ALPHABET[self.below(ALPHABET.len())])
            .collect()
    }

    /// `count` distinct texts, none the merge key `<<` (which the reader applies) nor in
    /// `taken`.
    fn distinct(&mut self, count: usize, taken: &[String]) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        while names.len() < count {
            let name = self.text();
            if name != "<<" && !names.contains(&name) && !taken.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    fn maybe(&mut self) -> bool {
        self.below(2) == 0
    }
}

/// A valid spec of generated names and texts: every place a string can stand.
fn generated_spec(numbers: &mut Numbers) -> Spec {
    let enum_names = numbers.distinct(1, &strings(&["text", "integer"]));
    let count = 1 + numbers.below(4);
    let values = numbers.distinct(count, &[]);
    let enum_name = enum_names[0].clone();
    let table_names = numbers.distinct(2, &[]);
    let column_names = numbers.distinct(6, &[]);
    let mut columns = vec![
        key_column(&column_names[0], TypeSpec::BigInt),
        column(&column_names[1], TypeSpec::Text),
        column(&column_names[2], TypeSpec::Enum(enum_name.clone())),
        column(
            &column_names[3],
            TypeSpec::Custom {
                sql_type: numbers.text(),
                rust_type: numbers.text(),
            },
        ),
        column(&column_names[4], TypeSpec::Text),
        column(&column_names[5], TypeSpec::Integer),
    ];
    columns[1].default = Some(DefaultSpec::Literal(Literal::String(numbers.text())));
    columns[1].comment = Some(numbers.text());
    columns[1].rust_name = Some(numbers.text());
    columns[2].default = Some(DefaultSpec::Literal(Literal::String(
        values[numbers.below(values.len())].clone(),
    )));
    columns[3].nullable = numbers.maybe();
    columns[4].default = Some(DefaultSpec::Sql(numbers.text()));
    columns[5].generated = Some(GeneratedSpec {
        sql: numbers.text(),
        stored: numbers.maybe(),
    });
    let mut first = table(&table_names[0], columns);
    first.comment = Some(numbers.text());
    first.rust_name = Some(numbers.text());
    first.indexes = vec![IndexSpec {
        name: numbers.maybe().then(|| numbers.text()),
        columns: vec![column_names[1].clone(), column_names[0].clone()],
        unique: numbers.maybe(),
    }];
    let check_names = numbers.distinct(2, &[]);
    first.checks = check_names
        .into_iter()
        .map(|name| CheckSpec {
            name: Some(name),
            // The reader refuses a blank condition.
            sql: format!("{}x", numbers.text()),
        })
        .collect();

    let second_columns = numbers.distinct(2, &[]);
    let mut second = table(
        &table_names[1],
        vec![
            column(&second_columns[0], TypeSpec::BigInt),
            ColumnSpec {
                nullable: true,
                ..column(&second_columns[1], TypeSpec::Text)
            },
        ],
    );
    second.foreign_keys = vec![foreign_key(
        &[&second_columns[0]],
        &table_names[0],
        &[&column_names[0]],
        Some(FkAction::Cascade),
        None,
    )];
    second.view = Some(ViewSpec {
        sql: numbers.maybe().then(|| numbers.text()),
    });
    second.relationships = Some(vec![RelationshipSpec {
        name: numbers.text(),
        to: table_names[0].clone(),
        link: RelationshipLink::Via(vec![second_columns[0].clone()]),
        back_populates: Some(numbers.text()),
        cascade: Default::default(),
    }]);

    Spec {
        version: 1,
        name: Some(numbers.text()),
        enums: vec![EnumSpec {
            name: enum_name,
            values,
        }],
        tables: vec![first, second],
    }
}

#[test]
fn generated_specs_round_trip() {
    let mut numbers = Numbers(0x9E37_79B9_7F4A_7C15);
    for _ in 0..300 {
        let spec = generated_spec(&mut numbers);
        assert_round_trip(&spec);
    }
}
