//! Golden snapshots of everything the generator writes for the main fixtures, in every layout,
//! and a check that generation is deterministic.
//!
//! The headers name only the spec's file name, so the snapshots do not depend on where the
//! project lives. Review changes with `cargo insta review` (or re-run with
//! `INSTA_UPDATE=always` and read the `.snap` diffs).

use std::path::PathBuf;

use retort_codegen::render::{self, GENERATED_MARKER, GeneratedFile, Templates};
use retort_codegen::{Layout, generate_files, load_spec};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures")
        .join(name)
}

fn generate(spec: &str, layout: &Layout) -> Vec<GeneratedFile> {
    generate_files(fixture(spec), layout, None).unwrap_or_else(|e| panic!("{spec}: {e}"))
}

fn paths(files: &[GeneratedFile]) -> Vec<&str> {
    files.iter().map(|f| f.path.as_str()).collect()
}

/// One snapshot per file, named `<prefix>__<path>` (`/` in paths becomes `__`).
fn snapshot_each(prefix: &str, files: &[GeneratedFile]) {
    for file in files {
        let name = format!("{prefix}__{}", file.path.replace('/', "__"));
        insta::assert_snapshot!(name, &file.contents);
    }
}

fn crate_layout() -> Layout {
    Layout::Crate {
        name: "blog-models".into(),
        retort_dependency: r#"path = "../../runtime""#.into(),
    }
}

#[test]
fn blog_module_layout() {
    let files = generate("blog.yaml", &Layout::Modules);
    assert_eq!(
        paths(&files),
        [
            "mod.rs",
            "users.rs",
            "posts.rs",
            "comments.rs",
            "tags.rs",
            "post_tags.rs"
        ]
    );
    for file in &files {
        let first = file.contents.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            format!("// {GENERATED_MARKER} from blog.yaml. Do not edit: regenerate instead."),
            "header of {}",
            file.path
        );
    }
    snapshot_each("blog_modules", &files);
}

#[test]
fn blog_single_file_for_build_rs() {
    let model = load_spec(fixture("blog.yaml")).unwrap();
    let templates = Templates::embedded().unwrap();
    let text = render::single_file(&model, &templates, "blog.yaml").unwrap();
    // Every table is inlined: no `mod x;` declaration is left pointing at a file.
    for table in ["users", "posts", "comments", "tags", "post_tags"] {
        assert!(
            text.contains(&format!("pub mod {table} {{")),
            "{table} is not inlined"
        );
        assert!(
            !text.contains(&format!("pub mod {table};")),
            "{table} is still declared out of line"
        );
    }
    // An included file cannot carry inner doc comments at its top level (the table modules'
    // own inner docs, indented inside `pub mod x { … }`, are fine).
    assert!(
        !text.lines().any(|line| line.starts_with("//!")),
        "top-level inner doc comment in the single file"
    );
    assert!(text.contains("pub mod users {\n    //! People who write posts."));
    insta::assert_snapshot!("blog_single_file", text);
}

#[test]
fn blog_crate_manifest() {
    let files = generate("blog.yaml", &crate_layout());
    assert_eq!(
        paths(&files),
        [
            "Cargo.toml",
            "src/lib.rs",
            "src/users.rs",
            "src/posts.rs",
            "src/comments.rs",
            "src/tags.rs",
            "src/post_tags.rs"
        ]
    );
    // The crate's modules are exactly the module layout's files, moved under src/.
    let modules = generate("blog.yaml", &Layout::Modules);
    for (module, in_crate) in modules.iter().zip(&files[1..]) {
        assert_eq!(
            module.contents, in_crate.contents,
            "{} differs from {}",
            in_crate.path, module.path
        );
    }
    let manifest = &files[0];
    assert!(manifest.contents.contains(r#"name = "blog-models""#));
    assert!(
        manifest
            .contents
            .contains(r#"retort = { path = "../../runtime" }"#)
    );
    insta::assert_snapshot!("blog_crate__Cargo.toml", &manifest.contents);
}

#[test]
fn edge_cases_module_layout() {
    let files = generate("edge-cases.yaml", &Layout::Modules);
    assert_eq!(
        paths(&files),
        [
            "mod.rs",
            "person.rs",
            "profile.rs",
            "badge.rs",
            "every_type.rs",
            "warehouse.rs",
            "shipment.rs",
            "club.rs",
            "membership.rs",
            "club_roster.rs"
        ]
    );
    snapshot_each("edge_cases_modules", &files);
}

#[test]
fn generation_is_deterministic() {
    for spec in ["blog.yaml", "edge-cases.yaml"] {
        for layout in [Layout::Modules, crate_layout()] {
            let first = generate(spec, &layout);
            let second = generate(spec, &layout);
            assert_eq!(
                first, second,
                "{spec} with {layout:?} differs between two runs"
            );
        }
        let model = load_spec(fixture(spec)).unwrap();
        let templates = Templates::embedded().unwrap();
        let first = render::single_file(&model, &templates, spec).unwrap();
        let second = render::single_file(
            &load_spec(fixture(spec)).unwrap(),
            &Templates::embedded().unwrap(),
            spec,
        )
        .unwrap();
        assert_eq!(
            first, second,
            "single file of {spec} differs between two runs"
        );
    }
}
