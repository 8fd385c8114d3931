//! Table-level CHECK constraints from spec to generated code: names (given or
//! `ck_<table>_<n>`) in the model, and `TableDef::check` calls whose string literals hold the
//! spec's text exactly, however it is quoted.

use retort_codegen::model::Check;
use retort_codegen::render::{self, Templates};
use retort_codegen::{Error, model_from_str};

/// Names and conditions that need escaping in a Rust string literal.
const SPEC: &str = r##"
version: 1
tables:
  products:
    columns:
      id:    { type: bigint, primary_key: true }
      name:  text
      price: decimal(10,2)
    checks:
      - { name: ck_products_name_not_empty, sql: "name <> ''" }
      - sql: price > 0
      - { sql: "length(\"name\") < 200 AND name NOT LIKE '%\\%' ESCAPE '\\'", name: "ck \"quoted\" \\ name" }
      - sql: "name <> 'tab\there' AND name <> 'line\nbreak' AND name <> 'unicode ✓ é\u0301'"
      - name: ck_raw_hash
        sql: name <> '"#' AND name <> '{}'
  tags:
    columns:
      id: { type: bigint, primary_key: true }
"##;

fn expected() -> Vec<Check> {
    let check = |name: &str, sql: &str| Check {
        name: name.into(),
        sql: sql.into(),
    };
    vec![
        check("ck_products_name_not_empty", "name <> ''"),
        check("ck_products_2", "price > 0"),
        check(
            r#"ck "quoted" \ name"#,
            r#"length("name") < 200 AND name NOT LIKE '%\%' ESCAPE '\'"#,
        ),
        check(
            "ck_products_4",
            "name <> 'tab\there' AND name <> 'line\nbreak' AND name <> 'unicode ✓ é\u{301}'",
        ),
        check("ck_raw_hash", r##"name <> '"#' AND name <> '{}'"##),
    ]
}

#[test]
fn checks_are_named_in_the_model() {
    let model = model_from_str(SPEC, "checks.yaml").unwrap_or_else(|e| panic!("{e}"));
    let products = model.table("products").expect("products");
    assert_eq!(products.checks, expected());
    assert!(model.table("tags").expect("tags").checks.is_empty());
}

/// The `(name, sql)` of every `.check(retort::CheckDef::new(name, sql))` in `def()`, read
/// back from the generated code by syn.
fn generated_checks(code: &str) -> Vec<(String, String)> {
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("generated code parses: {e}"));
    let def = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) => Some(block),
            _ => None,
        })
        .flat_map(|block| &block.items)
        .find_map(|item| match item {
            syn::ImplItem::Fn(function) if function.sig.ident == "def" => Some(function),
            _ => None,
        })
        .expect("a `def` function");
    let Some(syn::Stmt::Expr(mut expr, None)) = def.block.stmts.last().cloned() else {
        panic!("`def` ends in an expression");
    };
    let mut checks = Vec::new();
    while let syn::Expr::MethodCall(call) = expr {
        if call.method == "check" {
            let Some(syn::Expr::Call(new)) = call.args.first() else {
                panic!("`.check` takes a `CheckDef::new(…)` call");
            };
            let strings: Vec<String> = new
                .args
                .iter()
                .map(|arg| match arg {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }) => text.value(),
                    _ => panic!("`CheckDef::new` takes string literals"),
                })
                .collect();
            assert_eq!(strings.len(), 2, "CheckDef::new(name, sql)");
            checks.push((strings[0].clone(), strings[1].clone()));
        }
        expr = *call.receiver;
    }
    checks.reverse();
    checks
}

#[test]
fn checks_become_check_def_calls_with_exact_literals() {
    let model = model_from_str(SPEC, "checks.yaml").unwrap_or_else(|e| panic!("{e}"));
    let templates = Templates::embedded().unwrap();
    let files = render::module_files(&model, &templates, "checks.yaml").unwrap();
    let products = files
        .iter()
        .find(|f| f.path == "products.rs")
        .expect("products.rs");
    assert!(
        products.contents.contains(
            r#".check(retort::CheckDef::new("ck_products_name_not_empty", "name <> ''"))"#
        ),
        "{}",
        products.contents
    );
    let want: Vec<(String, String)> = expected()
        .into_iter()
        .map(|check| (check.name, check.sql))
        .collect();
    assert_eq!(generated_checks(&products.contents), want);

    let tags = files.iter().find(|f| f.path == "tags.rs").expect("tags.rs");
    assert!(!tags.contents.contains("CheckDef"), "{}", tags.contents);

    // The single-file layout carries them too.
    let single = render::single_file(&model, &templates, "checks.yaml").unwrap();
    assert_eq!(single.matches("retort::CheckDef::new(").count(), 5);
}

#[test]
fn invalid_checks_are_spec_errors() {
    let text =
        "version: 1\ntables:\n  t:\n    columns: { id: bigint }\n    checks: [{ name: x }]\n";
    match model_from_str(text, "bad.yaml") {
        Err(Error::Spec(error)) => assert_eq!(
            error.to_string(),
            "bad.yaml: invalid spec, 1 problem:\nbad.yaml:5:14: error: check is missing `sql` (at \
             tables.t.checks.0); `sql` is the condition every row must satisfy, e.g. \
             `sql: price >= 0`\n"
        ),
        other => panic!("expected a spec error, got {other:?}"),
    }
}
