//! Which server databases the service's tests run on: `RETORT_TEST_POSTGRES_URL` /
//! `RETORT_TEST_MYSQL_URL` at build time (see the `test-databases` crate).
fn main() {
    test_databases::emit_build_cfgs();
}
