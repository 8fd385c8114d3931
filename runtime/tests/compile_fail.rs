//! The typed expression language refuses, at compile time, what cannot be right: each file
//! under `tests/compile-fail/` must fail to compile with the error recorded next to it, and
//! `tests/compile-fail/pass.rs` must compile. Regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p retort --test compile_fail` (they depend on the rustc
//! version) and read them: each must fail on the intended line for the intended reason.

#[test]
fn typed_expressions() {
    let t = trybuild::TestCases::new();
    t.pass("tests/compile-fail/pass.rs");
    t.compile_fail("tests/compile-fail/text_column_eq_integer.rs");
    t.compile_fail("tests/compile-fail/integer_column_eq_string.rs");
    t.compile_fail("tests/compile-fail/columns_of_different_types.rs");
    t.compile_fail("tests/compile-fail/like_on_integer_column.rs");
    t.compile_fail("tests/compile-fail/update_sets_column_of_other_table.rs");
    t.compile_fail("tests/compile-fail/update_sets_value_of_wrong_type.rs");
    t.compile_fail("tests/compile-fail/update_sets_bool_into_integer_column.rs");
    t.compile_fail("tests/compile-fail/and_of_non_boolean.rs");
    t.compile_fail("tests/compile-fail/and_list_of_non_boolean.rs");
    t.compile_fail("tests/compile-fail/filter_with_non_boolean.rs");
    t.compile_fail("tests/compile-fail/decode_into_wrong_type.rs");
    t.compile_fail("tests/compile-fail/arithmetic_on_text_column.rs");
}
