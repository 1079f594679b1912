#![no_main]
//! Fuzz target: see codegen::fuzzing::decisions.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    std::hint::black_box(codegen::fuzzing::decisions(data));
});
