#![no_main]
//! Fuzz target: see codegen::fuzzing::pipe_rows.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    std::hint::black_box(codegen::fuzzing::pipe_rows(data));
});
