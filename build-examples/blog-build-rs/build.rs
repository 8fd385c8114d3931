//! Generates `$OUT_DIR/blog.rs` from the spec (cargo reruns this when the spec changes), and
//! records which server databases the tests run on (`RETORT_TEST_POSTGRES_URL` /
//! `RETORT_TEST_MYSQL_URL`).
fn main() -> Result<(), Box<dyn std::error::Error>> {
    retort_codegen::compile_spec("../../fixtures/blog.yaml")?;
    test_databases::emit_build_cfgs();
    Ok(())
}
