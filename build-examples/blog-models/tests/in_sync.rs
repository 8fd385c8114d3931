//! Fails when the checked-in sources drift from fixtures/blog.yaml: the CI half of the
//! "checked-in model crate" workflow. The message says how to regenerate.

use std::path::Path;

use retort_codegen::{Layout, generate_files, output};

#[test]
fn sources_match_the_spec() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = crate_dir.join("../../fixtures/blog.yaml");
    let layout = Layout::Crate { name: "blog-models".into(), retort_dependency: r#"path = "../../runtime""#.into() };
    let files = generate_files(&spec, &layout, None).expect("fixtures/blog.yaml generates");
    let drift = output::check(crate_dir, &files).expect("the crate directory is readable");
    assert!(
        drift.is_empty(),
        "build-examples/blog-models is out of date with fixtures/blog.yaml:\n{drift}\n\
         regenerate with: cargo run -p retort-codegen -- generate --spec fixtures/blog.yaml \
         --crate blog-models --out build-examples/blog-models --retort-path ../../runtime"
    );
}
