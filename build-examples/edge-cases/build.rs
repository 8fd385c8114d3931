//! Generates `$OUT_DIR/edge-cases.rs` with an explicit `Config`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    retort_codegen::Config::new()
        .spec("../../fixtures/edge-cases.yaml")
        .file_name("models.rs")
        .generate()?;
    Ok(())
}
