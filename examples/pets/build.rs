//! Generates the pet models into `OUT_DIR` from the definitions of the generator's own
//! test case, so that this crate compiles and exercises exactly what that case expects.

fn main() {
    if let Err(e) = codegen::Config::new().schema_dir("../../codegen/tests/cases/yaml-models/schema").compile() {
        panic!("{e}");
    }
}
