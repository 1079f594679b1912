#![no_main]
//! Fuzz target: see codegen::fuzzing::html_oracle (the tokenizer HTML reader
//! against scraper's tree builder).

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    codegen::fuzzing::html_oracle(data);
});
