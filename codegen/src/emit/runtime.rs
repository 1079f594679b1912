//! The runtime every set's packages share (`codegen/runtime/`): the types of
//! provenance and conflicts, language negotiation and reverse lookups by
//! text, written once and copied into each package with the generated-file
//! notice, so that every set's crate and npm package answer alike.

use super::{EmitError, Emitter, GENERATED_NOTICE};
use crate::model::{Reconciled, SetSpec};

/// Emits one runtime file as written in `codegen/runtime/`.
pub struct Runtime {
    /// Where it goes in the set's output folder.
    pub path: &'static str,
    /// Its text.
    pub text: &'static str,
}

/// The runtime files, in the order they are listed.
pub const RUNTIME: [Runtime; 3] = [
    Runtime { path: "rust/src/runtime.rs", text: include_str!("../../runtime/rust/runtime.rs") },
    Runtime { path: "rust/src/text.rs", text: include_str!("../../runtime/rust/text.rs") },
    Runtime { path: "ts/src/runtime.ts", text: include_str!("../../runtime/ts/runtime.ts") },
];

impl Emitter for Runtime {
    fn path(&self, _: &SetSpec) -> String {
        self.path.to_owned()
    }

    fn emit(&self, _: &Reconciled) -> Result<String, EmitError> {
        Ok(format!("// {GENERATED_NOTICE}\n\n{}", self.text))
    }
}
