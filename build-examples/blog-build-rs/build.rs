//! Generates `$OUT_DIR/blog.rs` from the spec; cargo reruns this when the spec changes.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    retort_codegen::compile_spec("../../fixtures/blog.yaml")?;
    Ok(())
}
