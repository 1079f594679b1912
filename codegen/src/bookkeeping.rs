//! The bookkeeping of a doc set's `decisions.toml` after a doc update
//! (`cargo xtask decisions`): every entry the docs made stale removed, and
//! for every decision the docs now need (a new conflict, a cause that aligns
//! to nothing, a cell no doc fills, a code without its `[codes]` entry, names
//! that differ) a skeleton added: a valid entry with placeholder values,
//! `why = ""` and `review = true`, which `gen` refuses until a maintainer has
//! filled it in. The file is edited with `toml_edit`, so its comments, order
//! and formatting stay.
//!
//! The edits are the ones reconciliation attaches to its problems
//! ([`Edit`]). Settling one problem can reveal the next (a conflict's
//! skeleton sets texts aside; the cells left empty then need texts), so the
//! draft is reconciled again after each round of edits, until a round finds
//! nothing to do. Run again, it changes nothing.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use crate::decisions::Reading;
use crate::diag::{Edit, Problem, Problems};
use crate::input::{DECISIONS, Input};

/// What the bookkeeping did to a set's decisions file.
#[derive(Debug, Clone)]
pub struct Bookkeeping {
    /// The file's new text (its old text when nothing was done).
    pub text: String,
    /// Whether `text` differs from the file on disk.
    pub changed: bool,
    /// What was done, a line an edit, in order: `- [[conflict]] …` for an
    /// entry removed, `+ [[curated]] …` for a skeleton added, each with the
    /// problem it settles.
    pub done: Vec<String>,
    /// What `gen` still refuses with the new text: the entries left for
    /// review, or else the problems no edit of the decisions settles (two
    /// coded docs in one language, a manifest to fix); empty when `gen` would
    /// pass.
    pub left: Problems,
}

/// Most rounds of edits (a round settles up to
/// [`PROBLEMS_PER_KIND`](crate::reconcile::PROBLEMS_PER_KIND) problems of a kind;
/// the real sets need one or two).
pub const MAX_ROUNDS: usize = 100;

/// The text a seed folder without a decisions file starts from.
const EMPTY: &str = "schema_version = 1\n";

/// Brings the decisions file of the seed folder `input` up to date with
/// its docs.
///
/// Problems that keep the docs from being reconciled (a manifest or a doc
/// that does not read, a decisions file with a TOML error) edit nothing and
/// are in [`Bookkeeping::left`].
///
/// # Errors
/// A decisions file that cannot be read (not UTF-8, too large), or an edit
/// that cannot be made (a table of the file written in another shape than
/// the one expected, `curated = 3`).
pub fn keep_books(input: &Input) -> Result<Bookkeeping, Problems> {
    let path = input.path_of(DECISIONS);
    let original: String = match &input.decisions {
        Some(bytes) => crate::input::decode(&path, bytes).map_err(|p| Problems(vec![p]))?.text.to_string(),
        None => match input.files.get(DECISIONS).and_then(|f| f.why_not_read(&path)) {
            Some((message, help)) => return Err(Problems(vec![Problem::error(message).help(help)])),
            None => EMPTY.to_owned(),
        },
    };
    let mut draft = input.clone();
    let mut text = original;
    let mut done = Vec::new();
    for _ in 0..MAX_ROUNDS {
        draft.decisions = Some(text.clone().into_bytes());
        let Err(problems) = crate::generate_as(&draft, Reading::Draft) else { break };
        let edits: Vec<(&Edit, &str)> = problems.0.iter().filter_map(|p| Some((p.edit.as_ref()?, p.message.as_str()))).collect();
        if edits.is_empty() {
            break;
        }
        let edited = apply(&text, &edits, &mut done).map_err(|p| Problems(vec![p.help(format!("edit {path} by hand"))]))?;
        if edited == text {
            break;
        }
        text = edited;
    }
    draft.decisions = Some(text.clone().into_bytes());
    let left = crate::generate(&draft).err().unwrap_or_default();
    let changed = input.decisions.as_deref() != Some(text.as_bytes());
    Ok(Bookkeeping { changed: changed && !done.is_empty(), text, done, left })
}

/// `text` with every edit of one round made: removals first (from the last
/// entry of a table up, so the indices hold), then additions in the order
/// found. Each edit done is described in `done`.
fn apply(text: &str, edits: &[(&Edit, &str)], done: &mut Vec<String>) -> Result<String, Problem> {
    let mut doc: DocumentMut = text.parse().map_err(|e| Problem::error(format!("the decisions file does not read as TOML: {e}")))?;
    let mut removals: Vec<(&Edit, &str)> =
        edits.iter().copied().filter(|(e, _)| matches!(e, Edit::Remove { .. } | Edit::RemoveKey { .. })).collect();
    removals.sort_by_key(|(e, _)| match e {
        Edit::Remove { table, index } => (*table, std::cmp::Reverse(*index)),
        _ => ("", std::cmp::Reverse(0)),
    });
    removals.dedup_by(|a, b| a.0 == b.0);
    for (edit, why) in removals {
        remove(&mut doc, edit)?;
        done.push(format!("- {}: {why}", describe(edit)));
    }
    let mut added: Vec<&Edit> = Vec::new();
    for (edit, why) in edits.iter().copied().filter(|(e, _)| matches!(e, Edit::Append { .. } | Edit::Insert { .. })) {
        if added.contains(&edit) {
            continue;
        }
        add(&mut doc, edit)?;
        added.push(edit);
        done.push(format!("+ {}: {why}", describe(edit)));
    }
    Ok(doc.to_string())
}

/// The entry an edit is about, as a reviewer names it.
fn describe(edit: &Edit) -> String {
    match edit {
        Edit::Append { table, .. } => format!("[[{table}]] (review = true)"),
        Edit::Insert { table, key, .. } => format!("[{table}] {key} (review = true)"),
        Edit::Remove { table, index } => format!("[[{table}]] #{}", index + 1),
        Edit::RemoveKey { table, key } => format!("[{table}] \"{key}\""),
    }
}

fn shape_problem(table: &str, shape: &str) -> Problem {
    Problem::error(format!("the decisions file's `{table}` is not {shape}"))
}

fn remove(doc: &mut DocumentMut, edit: &Edit) -> Result<(), Problem> {
    match edit {
        Edit::Remove { table, index } => {
            let entries = doc.get_mut(table).and_then(Item::as_array_of_tables_mut);
            let entries = entries.filter(|e| *index < e.len()).ok_or_else(|| shape_problem(table, "an array of tables"))?;
            let removed = entries.remove(*index);
            let section = section_comment(&removed);
            if section.contains('#') {
                match entries.get_mut(*index) {
                    Some(next) => prepend(next.decor_mut(), &section),
                    None => carry_forward(doc, removed.position(), &section),
                }
            }
        }
        Edit::RemoveKey { table, key } => {
            let entries = doc.get_mut(table).and_then(Item::as_table_mut).ok_or_else(|| shape_problem(table, "a table"))?;
            entries.remove(key);
        }
        Edit::Append { .. } | Edit::Insert { .. } => {}
    }
    Ok(())
}

/// The comment lines above an entry's header that head its section rather
/// than the entry: those up to the last blank line (the comment a
/// `[[conflict]]` section starts with, explaining the kind of entry).
fn section_comment(entry: &Table) -> String {
    let prefix = entry.decor().prefix().and_then(|p| p.as_str()).unwrap_or("");
    let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
    let last_blank = lines.iter().rposition(|line| line.trim().is_empty());
    last_blank.map_or(String::new(), |at| lines[..=at].concat())
}

/// Puts `section` above what `decor` already has there.
fn prepend(decor: &mut toml_edit::Decor, section: &str) {
    let own = decor.prefix().and_then(|p| p.as_str()).unwrap_or("").trim_start_matches('\n').to_owned();
    decor.set_prefix(format!("{section}{own}"));
}

/// Keeps the section comment of a table whose last entry was removed (at
/// document position `after`): above the table that comes next, else at the
/// end of the file.
fn carry_forward(doc: &mut DocumentMut, after: Option<isize>, section: &str) {
    let after = after.unwrap_or(isize::MAX);
    let mut next: Option<&mut Table> = None;
    for (_, item) in doc.iter_mut() {
        let tables: Vec<&mut Table> = match item {
            Item::Table(t) => vec![t],
            Item::ArrayOfTables(a) => a.iter_mut().collect(),
            _ => Vec::new(),
        };
        for t in tables.into_iter().filter(|t| t.position().is_some_and(|p| p > after)) {
            if next.as_ref().is_none_or(|n| n.position() > t.position()) {
                next = Some(t);
            }
        }
    }
    match next {
        Some(table) => prepend(table.decor_mut(), section),
        None => {
            let trailing = doc.trailing().as_str().unwrap_or("").to_owned();
            doc.set_trailing(format!("{section}{trailing}"));
        }
    }
}

fn add(doc: &mut DocumentMut, edit: &Edit) -> Result<(), Problem> {
    match edit {
        Edit::Append { table, entry, comment } => {
            let parsed: DocumentMut = entry.parse().map_err(|e| Problem::error(format!("a [[{table}]] skeleton does not read: {e}")))?;
            let mut element: Table = parsed.as_table().clone();
            element.set_position(None);
            let lines: String = comment.iter().map(|line| format!("# {line}\n")).collect();
            element.decor_mut().set_prefix(format!("\n{lines}"));
            let entries = doc.entry(table).or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
            entries.as_array_of_tables_mut().ok_or_else(|| shape_problem(table, "an array of tables"))?.push(element);
        }
        Edit::Insert { table, key, value } => {
            let parsed: DocumentMut =
                format!("{key} = {value}\n").parse().map_err(|e| Problem::error(format!("a [{table}] skeleton does not read: {e}")))?;
            let entries = doc.entry(table).or_insert(Item::Table(Table::new()));
            let entries = entries.as_table_mut().ok_or_else(|| shape_problem(table, "a table"))?;
            for (key, item) in parsed.iter() {
                let key = parsed.key(key).cloned().unwrap_or_else(|| toml_edit::Key::new(key));
                entries.insert_formatted(&key, item.clone());
                place_among_neighbours(entries, key.get());
            }
        }
        Edit::Remove { .. } | Edit::RemoveKey { .. } => {}
    }
    Ok(())
}

/// Moves the key `new` of `table` (its last) to just after the last key
/// that comes before it in natural order (runs of digits compared as
/// numbers: `18/503` < `18/1000` < `19`), so that a code added to `[codes]`
/// lands among its neighbours. The keys after it are taken out and put back
/// in their order, each with its comments.
fn place_among_neighbours(table: &mut Table, new: &str) {
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).filter(|k| k != new).collect();
    let after = keys.iter().rposition(|k| natural(k) < natural(new)).map_or(0, |i| i + 1);
    for key in &keys[after..] {
        if let Some((key, item)) = table.remove_entry(key) {
            table.insert_formatted(&key, item);
        }
    }
}

/// A key's natural sort order: its runs of digits as numbers, the rest as text.
fn natural(key: &str) -> Vec<(u8, u128, String)> {
    let mut parts = Vec::new();
    let mut rest = key;
    while let Some(c) = rest.chars().next() {
        let digit = c.is_ascii_digit();
        let end = rest.find(|ch: char| ch.is_ascii_digit() != digit).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        parts.push(if digit { (0, run.parse().unwrap_or(u128::MAX), String::new()) } else { (1, 0, run.to_owned()) });
        rest = tail;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(text: &str, edits: &[Edit]) -> String {
        let with_why: Vec<(&Edit, &str)> = edits.iter().map(|e| (e, "why")).collect();
        apply(text, &with_why, &mut Vec::new()).unwrap_or_else(|p| panic!("{}", p.message))
    }

    #[test]
    fn an_entry_is_added_after_the_last_of_its_table_and_comments_stay() {
        let text = "schema_version = 1\n\n# Conflicts.\n[[conflict]]\ncodes = [\"1\"]\nwhy = \"kept\" # a note\n\n# Codes.\n[codes]\n\"1\" = { category = \"client\" }\n";
        let entry = "codes = [\"2\"]\nwhy = \"\"\nreview = true\n".to_owned();
        let out = edited(
            text,
            &[
                Edit::Append { table: "conflict", entry, comment: vec!["ko 2: text".to_owned()] },
                Edit::Insert { table: "codes", key: "\"2\"".to_owned(), value: "{ category = \"client\", review = true }".to_owned() },
            ],
        );
        assert_eq!(
            out,
            "schema_version = 1\n\n# Conflicts.\n[[conflict]]\ncodes = [\"1\"]\nwhy = \"kept\" # a note\n\n# ko 2: text\n[[conflict]]\ncodes = [\"2\"]\nwhy = \"\"\nreview = true\n\n# Codes.\n[codes]\n\"1\" = { category = \"client\" }\n\"2\" = { category = \"client\", review = true }\n"
        );
    }

    #[test]
    fn a_new_code_lands_among_its_neighbours_in_codes() {
        let text = "schema_version = 1\n[codes]\n\"2\" = {}\n\"18/503\" = {}\n# the 19 line\n\"19\" = {}\n";
        let insert = |key: &str| Edit::Insert { table: "codes", key: format!("\"{key}\""), value: "{ review = true }".to_owned() };
        let out = edited(text, &[insert("18/1000")]);
        assert_eq!(
            out,
            "schema_version = 1\n[codes]\n\"2\" = {}\n\"18/503\" = {}\n\"18/1000\" = { review = true }\n# the 19 line\n\"19\" = {}\n"
        );
        assert!(edited(text, &[insert("40")]).ends_with("\"19\" = {}\n\"40\" = { review = true }\n"));
        assert!(edited(text, &[insert("1")]).starts_with("schema_version = 1\n[codes]\n\"1\" = { review = true }\n"));
    }

    #[test]
    fn entries_are_removed_by_position_and_key() {
        let text = "schema_version = 1\n[[curated]]\ncode = \"1\"\n[[curated]]\ncode = \"2\"\n[[curated]]\ncode = \"3\"\n[codes]\n\"1\" = {}\n\"2\" = {}\n";
        let out = edited(
            text,
            &[
                Edit::Remove { table: "curated", index: 0 },
                Edit::Remove { table: "curated", index: 2 },
                Edit::RemoveKey { table: "codes", key: "2".to_owned() },
            ],
        );
        assert_eq!(out, "schema_version = 1\n[[curated]]\ncode = \"2\"\n[codes]\n\"1\" = {}\n");
    }

    #[test]
    fn the_comment_heading_a_section_stays_when_its_entries_go() {
        let text = "schema_version = 1\n\n# Curated texts.\n\n# its own note\n[[curated]]\ncode = \"1\"\n\n[[curated]]\ncode = \"2\"\n\n# Codes.\n[codes]\n";
        let first = edited(text, &[Edit::Remove { table: "curated", index: 0 }]);
        assert_eq!(first, "schema_version = 1\n\n# Curated texts.\n\n[[curated]]\ncode = \"2\"\n\n# Codes.\n[codes]\n");
        let both = edited(text, &[Edit::Remove { table: "curated", index: 0 }, Edit::Remove { table: "curated", index: 1 }]);
        assert_eq!(both, "schema_version = 1\n\n# Curated texts.\n\n# Codes.\n[codes]\n");
    }

    #[test]
    fn a_table_of_another_shape_is_an_error_not_a_panic() {
        let with_why = [(&Edit::Remove { table: "curated", index: 0 }, "why")];
        let problem = apply("schema_version = 1\ncurated = 3\n", &with_why, &mut Vec::new()).unwrap_err();
        assert_eq!(problem.message, "the decisions file's `curated` is not an array of tables");
    }
}
