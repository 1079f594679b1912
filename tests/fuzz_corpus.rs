//! Replays the fuzzers' saved corpus (`fuzz/corpus/<target>/`, minimized to
//! the inputs that cover every edge) and every regression case
//! (`fuzz/regressions/<target>/`) through the same entry points the fuzz
//! targets call (`fuzz/src/lib.rs`, included here), so they run in every
//! `cargo test` without a fuzzer. An input that panics fails the test.

#[path = "../fuzz/src/lib.rs"]
mod fuzzing;

use std::fs;

use stop_reasons_tests::project_root;

fn replay(target: &str, run: fn(&[u8]) -> usize) -> usize {
    let mut count = 0;
    for folder in ["fuzz/corpus", "fuzz/regressions"] {
        let dir = project_root().join(folder).join(target);
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        let mut paths: Vec<_> = entries.map(|e| e.expect("entry").path()).filter(|p| p.is_file()).collect();
        paths.sort();
        for path in paths {
            let bytes = fs::read(&path).expect("readable");
            let result = std::panic::catch_unwind(|| run(&bytes));
            assert!(result.is_ok(), "{} panics", path.display());
            count += 1;
        }
    }
    count
}

#[test]
fn html_table_corpus() {
    assert!(replay("html_table", fuzzing::doc) > 100);
}

#[test]
fn pipe_table_corpus() {
    assert!(replay("pipe_table", fuzzing::pipe_rows) > 100);
}

#[test]
fn manifest_corpus() {
    assert!(replay("manifest", fuzzing::manifest) > 10);
}

#[test]
fn decisions_corpus() {
    assert!(replay("decisions", fuzzing::decisions) > 10);
}
