//! Helpers shared by the project's integration tests.

use std::path::{Path, PathBuf};

use codegen::input::Input;

/// The project root (the folder above this crate).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The project's seed folder, read.
pub fn seeds() -> Input {
    Input::read(&project_root().join("seeds"), "seeds").expect("seeds/ is readable")
}
