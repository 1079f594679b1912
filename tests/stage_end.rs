//! The stage-end hook `gen` uses to return freed memory: registered once, and
//! called by `generate` after each doc and each stage. Its own test binary:
//! the hook is process-wide.

use std::sync::atomic::{AtomicUsize, Ordering};

static CALLS: AtomicUsize = AtomicUsize::new(0);

fn count() {
    CALLS.fetch_add(1, Ordering::SeqCst);
}

fn other() {}

#[test]
fn the_hook_is_registered_once_and_called_after_each_doc_and_stage() {
    assert!(codegen::on_stage_end(count));
    assert!(!codegen::on_stage_end(other), "a second hook is refused");
    let input = stop_reasons_tests::seeds();
    let docs = input.files.len();
    let generation = codegen::generate(&input).expect("the seeds generate");
    let calls = CALLS.load(Ordering::SeqCst);
    // One a doc, after the decisions and after parsing, and at least one for
    // each stage of reconciliation (cells, conflicts, decisions, alignment,
    // inference, curation, entries, text index).
    assert!(calls >= docs + 2 + 8, "{calls} calls for {docs} docs");
    assert!(!generation.table.entries.is_empty());
}
