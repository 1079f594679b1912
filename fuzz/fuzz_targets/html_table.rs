#![no_main]
//! Fuzz target: see codegen::fuzzing::doc.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    std::hint::black_box(codegen::fuzzing::doc(data));
});
