//! The typed expression language refuses, at compile time, what cannot be right: each file
//! under `tests/compile-fail/` must fail to compile with the error recorded next to it, and
//! `tests/compile-pass/pass.rs` must compile. Regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p retort --test compile_fail` (they depend on the rustc
//! version) and read them: each must fail on the intended line for the intended reason.

#[test]
fn typed_expressions() {
    let t = trybuild::TestCases::new();
    t.pass("tests/compile-pass/pass.rs");
    t.compile_fail("tests/compile-fail/*.rs");
}
