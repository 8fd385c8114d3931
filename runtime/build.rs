// Tells the test suite which server databases it was asked to test.
//
// The runtime's database tests are written once and declared per database; PostgreSQL and
// MySQL variants are compiled as ignored — with the reason printed by `cargo test` — unless
// `RETORT_TEST_POSTGRES_URL` / `RETORT_TEST_MYSQL_URL` is set. When a variable is set, its
// tests run and fail if the database cannot be reached.

fn main() {
    for (variable, cfg) in [
        ("RETORT_TEST_POSTGRES_URL", "retort_test_postgres"),
        ("RETORT_TEST_MYSQL_URL", "retort_test_mysql"),
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        println!("cargo::rerun-if-env-changed={variable}");
        if std::env::var_os(variable).is_some_and(|value| !value.is_empty()) {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
