//! Generates `$OUT_DIR/models.rs` with an explicit `Config`, and records which server
//! databases the tests run on (`RETORT_TEST_POSTGRES_URL` / `RETORT_TEST_MYSQL_URL`).
fn main() -> Result<(), Box<dyn std::error::Error>> {
    retort_codegen::Config::new()
        .spec("../../fixtures/edge-cases.yaml")
        .file_name("models.rs")
        .generate()?;
    test_databases::emit_build_cfgs();
    Ok(())
}
