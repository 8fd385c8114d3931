//! Generates the Retort modules of the benchmark schema (`bench/models.yaml`).
fn main() -> Result<(), Box<dyn std::error::Error>> {
    retort_codegen::compile_spec("../models.yaml")?;
    Ok(())
}
