#![no_main]
//! Fuzz target: see codegen::fuzzing::manifest.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    std::hint::black_box(codegen::fuzzing::manifest(data));
});
