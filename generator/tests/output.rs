//! `output::write` and `output::check` at library level: unchanged files are left alone,
//! files retort did not write are never touched, a taken-over Cargo.toml is the user's.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use retort_codegen::output::{self, OutputError};
use retort_codegen::render::{GENERATED_MARKER, GeneratedFile};
use retort_codegen::{Layout, generate_files};

fn blog() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/blog.yaml")
}

fn crate_files() -> Vec<GeneratedFile> {
    let layout = Layout::Crate {
        name: "blog-models".into(),
        retort_dependency: r#"version = "0.1.0""#.into(),
    };
    generate_files(blog(), &layout, None).unwrap()
}

fn generated(path: &str, body: &str) -> GeneratedFile {
    GeneratedFile {
        path: path.into(),
        contents: format!(
            "// {GENERATED_MARKER} from test.yaml. Do not edit: regenerate instead.\n\n{body}\n"
        ),
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

/// Backdates `path` so that any rewrite would show in its modification time.
fn backdate(path: &Path) -> SystemTime {
    let past = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(past)
        .unwrap();
    mtime(path)
}

fn sorted(mut paths: Vec<PathBuf>) -> Vec<PathBuf> {
    paths.sort();
    paths
}

#[test]
fn first_write_creates_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let files = crate_files();
    let report = output::write(dir.path(), &files).unwrap();
    let expected: Vec<PathBuf> = files.iter().map(|f| dir.path().join(&f.path)).collect();
    assert_eq!(report.written, expected);
    assert!(report.unchanged.is_empty() && report.removed.is_empty() && report.kept.is_empty());
    for file in &files {
        assert_eq!(
            read(&dir.path().join(&file.path)),
            file.contents,
            "{}",
            file.path
        );
    }
}

#[test]
fn identical_files_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let files = crate_files();
    output::write(dir.path(), &files).unwrap();
    let before: Vec<SystemTime> = files
        .iter()
        .map(|f| backdate(&dir.path().join(&f.path)))
        .collect();

    let report = output::write(dir.path(), &files).unwrap();
    assert!(report.written.is_empty(), "rewritten: {:?}", report.written);
    assert!(report.removed.is_empty());
    assert_eq!(
        report.unchanged,
        files
            .iter()
            .map(|f| dir.path().join(&f.path))
            .collect::<Vec<_>>()
    );
    let after: Vec<SystemTime> = files
        .iter()
        .map(|f| mtime(&dir.path().join(&f.path)))
        .collect();
    assert_eq!(before, after, "an identical file was touched");
}

#[test]
fn only_changed_files_are_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let files = vec![
        generated("mod.rs", "pub mod a;\npub mod b;"),
        generated("a.rs", "pub struct A;"),
        generated("b.rs", "pub struct B;"),
    ];
    output::write(dir.path(), &files).unwrap();
    let a_before = backdate(&dir.path().join("a.rs"));

    let mut changed = files.clone();
    changed[2] = generated("b.rs", "pub struct B2;");
    let report = output::write(dir.path(), &changed).unwrap();
    assert_eq!(report.written, [dir.path().join("b.rs")]);
    assert_eq!(
        report.unchanged,
        [dir.path().join("mod.rs"), dir.path().join("a.rs")]
    );
    assert_eq!(read(&dir.path().join("b.rs")), changed[2].contents);
    assert_eq!(mtime(&dir.path().join("a.rs")), a_before);
}

#[test]
fn a_cargo_toml_without_the_marker_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let files = crate_files();
    output::write(dir.path(), &files).unwrap();
    let manifest = dir.path().join("Cargo.toml");
    let generated_manifest = read(&manifest);
    assert!(
        generated_manifest
            .lines()
            .next()
            .unwrap()
            .contains(GENERATED_MARKER)
    );

    // The user takes the manifest over: drops the marker line, adds a dependency.
    let mine: String = generated_manifest
        .lines()
        .skip(1)
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        + "serde = \"1\"\n";
    std::fs::write(&manifest, &mine).unwrap();

    let report = output::write(dir.path(), &files).unwrap();
    assert_eq!(report.kept, std::slice::from_ref(&manifest));
    assert!(report.written.is_empty(), "written: {:?}", report.written);
    assert_eq!(
        read(&manifest),
        mine,
        "the user's Cargo.toml was overwritten"
    );

    let drift = output::check(dir.path(), &files).unwrap();
    assert!(
        drift.is_empty(),
        "a taken-over Cargo.toml is reported as drift:\n{drift}"
    );
}

#[test]
fn a_cargo_toml_with_the_marker_is_regenerated_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let files = crate_files();
    output::write(dir.path(), &files).unwrap();
    let manifest = dir.path().join("Cargo.toml");
    let edited = read(&manifest).replace("edition = \"2024\"", "edition = \"2021\"");
    std::fs::write(&manifest, &edited).unwrap();

    let drift = output::check(dir.path(), &files).unwrap();
    assert_eq!(drift.differences.len(), 1);
    assert_eq!(drift.differences[0].0, manifest);
    assert!(
        drift.differences[0]
            .1
            .contains("-edition = \"2021\"\n+edition = \"2024\""),
        "{}",
        drift.differences[0].1
    );

    let report = output::write(dir.path(), &files).unwrap();
    assert_eq!(report.written, std::slice::from_ref(&manifest));
    assert_eq!(read(&manifest), files[0].contents);
}

#[test]
fn refuses_to_overwrite_a_file_without_the_marker_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mine = "pub struct Handwritten;\n";
    std::fs::write(dir.path().join("b.rs"), mine).unwrap();
    let files = vec![
        generated("mod.rs", "pub mod a;\npub mod b;"),
        generated("a.rs", "pub struct A;"),
        generated("b.rs", "pub struct B;"),
    ];

    match output::write(dir.path(), &files) {
        Err(OutputError::NotGenerated { path }) => assert_eq!(path, dir.path().join("b.rs")),
        other => panic!("expected NotGenerated, got {other:?}"),
    }
    assert_eq!(read(&dir.path().join("b.rs")), mine);
    assert!(
        !dir.path().join("mod.rs").exists(),
        "mod.rs was written before refusing"
    );
    assert!(
        !dir.path().join("a.rs").exists(),
        "a.rs was written before refusing"
    );
}

#[test]
fn stale_generated_files_are_removed_and_hand_written_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let files = vec![
        generated("mod.rs", "pub mod a;\npub mod b;"),
        generated("a.rs", "pub struct A;"),
        generated("b.rs", "pub struct B;"),
    ];
    output::write(dir.path(), &files).unwrap();
    let helpers = "// helpers, not generated\npub fn help() {}\n";
    std::fs::write(dir.path().join("helpers.rs"), helpers).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not rust\n").unwrap();

    let fewer = vec![generated("mod.rs", "pub mod a;"), files[1].clone()];
    let drift = output::check(dir.path(), &fewer).unwrap();
    let paths: Vec<&Path> = drift.differences.iter().map(|(p, _)| p.as_path()).collect();
    assert_eq!(paths, [dir.path().join("mod.rs"), dir.path().join("b.rs")]);
    assert!(
        drift.differences[1].1.contains("no longer generated"),
        "{}",
        drift.differences[1].1
    );

    let report = output::write(dir.path(), &fewer).unwrap();
    assert_eq!(report.removed, [dir.path().join("b.rs")]);
    assert_eq!(report.written, [dir.path().join("mod.rs")]);
    assert!(!dir.path().join("b.rs").exists());
    assert_eq!(read(&dir.path().join("helpers.rs")), helpers);
    assert!(dir.path().join("notes.txt").exists());
    assert!(output::check(dir.path(), &fewer).unwrap().is_empty());
}

#[test]
fn check_reports_missing_and_edited_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = crate_files();
    assert_eq!(
        sorted(
            output::check(dir.path(), &files)
                .unwrap()
                .differences
                .into_iter()
                .map(|(p, _)| p)
                .collect()
        ),
        sorted(files.iter().map(|f| dir.path().join(&f.path)).collect()),
        "every file of an empty directory is missing"
    );

    output::write(dir.path(), &files).unwrap();
    assert!(output::check(dir.path(), &files).unwrap().is_empty());

    let users = dir.path().join("src/users.rs");
    std::fs::write(
        &users,
        read(&users).replace("pub name: String,", "pub name: Box<str>,"),
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("src/tags.rs")).unwrap();
    let drift = output::check(dir.path(), &files).unwrap();
    let paths: Vec<&Path> = drift.differences.iter().map(|(p, _)| p.as_path()).collect();
    assert_eq!(
        paths,
        [users.as_path(), dir.path().join("src/tags.rs").as_path()]
    );
    let diff = &drift.differences[0].1;
    assert!(
        diff.contains(&format!("--- {} (checked in)", users.display())),
        "{diff}"
    );
    assert!(
        diff.contains(&format!("+++ {} (generated)", users.display())),
        "{diff}"
    );
    assert!(
        diff.contains("-    pub name: Box<str>,\n+    pub name: String,\n"),
        "{diff}"
    );
    assert!(
        drift.differences[1]
            .1
            .contains("missing (would be created)")
    );
    // Display prints every difference.
    let shown = drift.to_string();
    assert!(
        shown.contains("pub name: Box<str>") && shown.contains("src/tags.rs: missing"),
        "{shown}"
    );
}
