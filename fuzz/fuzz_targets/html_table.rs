#![no_main]
//! Fuzz target: see stop_reasons_fuzz::doc.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    std::hint::black_box(stop_reasons_fuzz::doc(data));
});
