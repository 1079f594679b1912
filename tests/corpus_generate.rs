//! The big files of the bad-input corpus, written from a case's
//! `generate.toml` instead of being committed. Shared by `tests/corpus.rs`
//! and `cargo xtask bench` (section 5), which include this file.
//!
//! `generate.toml` describes one file (`file`, `kind` and the kind's
//! numbers at its top level) or several (`[[generate]]`, each so). `files`
//! writes the same text to each file named. The kinds:
//!
//! | kind | what | numbers |
//! |---|---|---|
//! | `big-cell` | a pipe table whose one reason is `size` × `a` | `size` |
//! | `big-code` | a pipe table whose one `errcode` is `size` × `1` | `size` |
//! | `many-rows` | a pipe table of `rows` codes, each its own reason | `rows` |
//! | `same-text` | a pipe table of `rows` codes, all with one reason | `rows` |
//! | `wide-pipe` | a pipe table `columns` wide, of `rows` rows | `columns`, `rows` |
//! | `rowspan-text` | an HTML table: a reason of `size` bytes spanning 65,534 rows, then `rows` rows | `size`, `rows` |
//! | `svg-end-tags` | `<svg>`, `size` nested `<g>`, `<foreignObject>`, `size` unmatched end tags | `size` |
//! | `svg-nested` | `<svg>` and `size` nested `<g>` in a cell | `size` |
//! | `prose` | `lines` lines of one word before a table | `lines` |
//! | `links` | a link opened `count` times before a table | `count` |
//! | `big-file` | a heading and `size` × `x` | `size` |
//! | `many-codes` | a decisions file of `entries` `[codes]` entries | `entries` |
//! | `spanned-reasons` | an HTML table of `rows` codes, each reason (in `lang`'s script, about 200 bytes) spanning `span` rows | `rows`, `span`, `lang` |
//! | `spanned-codes` | the decisions file of `spanned-reasons`: a category for each code | `rows`, `span` |
//! | `folder` | a folder where a file is expected | |

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const PIPE_HEAD: &str = "| errcode | sub_errcode | errmsg |\n|---|---|---|\n";
const HTML_HEAD: &str = "<table>\n<tr><th>errcode</th><th>sub_errcode</th><th>errmsg</th></tr>\n";

/// Writes the files `spec` (the text of a `generate.toml`) describes into `dir`.
///
/// # Errors
/// A `generate.toml` that is not TOML, or names an unknown kind or lacks a
/// number; a file that cannot be written.
pub fn write_generated(spec: &str, dir: &Path) -> Result<(), String> {
    let spec: toml::Table = spec.parse().map_err(|e| format!("generate.toml: {e}"))?;
    match spec.get("generate").and_then(toml::Value::as_array) {
        Some(all) => all.iter().filter_map(toml::Value::as_table).try_for_each(|one| write_one(one, dir)),
        None => write_one(&spec, dir),
    }
}

/// Writes the file (or files) one description gives.
fn write_one(spec: &toml::Table, dir: &Path) -> Result<(), String> {
    let kind = spec.get("kind").and_then(toml::Value::as_str).ok_or("generate.toml lacks kind")?;
    let mut names: Vec<&str> = spec.get("file").and_then(toml::Value::as_str).into_iter().collect();
    names.extend(spec.get("files").and_then(toml::Value::as_array).into_iter().flatten().filter_map(toml::Value::as_str));
    if kind == "folder" {
        return names.iter().try_for_each(|n| fs::create_dir_all(dir.join(n)).map_err(|e| e.to_string()));
    }
    let text = text(kind, spec)?;
    names.iter().try_for_each(|n| fs::write(dir.join(n), &text).map_err(|e| e.to_string()))
}

/// The text of a generated file of `kind`.
fn text(kind: &str, spec: &toml::Table) -> Result<String, String> {
    let number = |key: &str| {
        spec.get(key).and_then(toml::Value::as_integer).and_then(|n| usize::try_from(n).ok()).ok_or(format!("generate.toml lacks {key}"))
    };
    // Codes from `first` up: a thousand sub codes an errcode.
    let table_of = |first: usize, rows: usize, reason: &dyn Fn(usize) -> String| {
        let mut t = String::from(PIPE_HEAD);
        for i in 0..rows {
            let _ = writeln!(t, "| {} | {} | {} |", first + i / 1000, i % 1000, reason(i));
        }
        t
    };
    Ok(match kind {
        "big-cell" => format!("{PIPE_HEAD}| 1 | 0 | {} |\n", "a".repeat(number("size")?)),
        "big-code" => format!("{PIPE_HEAD}| {} | 0 | A reason. |\n", "1".repeat(number("size")?)),
        "many-rows" => table_of(0, number("rows")?, &|i| format!("Reason number {i}.")),
        "same-text" => table_of(1000, number("rows")?, &|_| "Push stopped.".to_owned()),
        "wide-pipe" => {
            let row = format!("|{}\n", "a|".repeat(number("columns")?));
            let rule = format!("|{}\n", "-|".repeat(number("columns")?));
            format!("{row}{rule}{}", row.repeat(number("rows")?))
        }
        "rowspan-text" => {
            let mut t = format!("{HTML_HEAD}<tr><td>1</td><td>0</td><td rowspan=65534>{}</td></tr>\n", "b".repeat(number("size")?));
            for i in 1..=number("rows")? {
                let _ = writeln!(t, "<tr><td>2</td><td>{i}</td></tr>");
            }
            t.push_str("</table>\n");
            t
        }
        "svg-end-tags" => format!(
            "{HTML_HEAD}<tr><td>1</td><td>0</td><td><svg>\n{}<foreignObject>\n{}</td></tr>\n</table>\n",
            "<g>\n".repeat(number("size")?),
            "</x>\n".repeat(number("size")?)
        ),
        "svg-nested" => format!("{HTML_HEAD}<tr><td>1</td><td>0</td><td><svg>{}</td></tr>\n</table>\n", "<g>".repeat(number("size")?)),
        "prose" => format!("{}\n{PIPE_HEAD}| 1 | 0 | A reason. |\n", "a\n".repeat(number("lines")?)),
        "links" => format!("{}\n\n{PIPE_HEAD}| 1 | 0 | A reason. |\n", "[a](".repeat(number("count")?)),
        "big-file" => format!("# Big\n\n{}\n", "x".repeat(number("size")?)),
        "many-codes" => {
            let mut t = String::from("schema_version = 1\n\n[codes]\n");
            for i in 0..number("entries")? {
                let _ = writeln!(t, "\"{i}\" = {{ category = \"client\" }}");
            }
            t
        }
        "spanned-reasons" => {
            spanned_reasons(number("rows")?, number("span")?, spec.get("lang").and_then(toml::Value::as_str).unwrap_or("en"))
        }
        "spanned-codes" => {
            let span = number("span")?;
            let mut t = String::from("schema_version = 1\n\n[codes]\n");
            for i in 0..number("rows")? {
                let _ = writeln!(t, "\"{}/{}\" = {{ category = \"client\", retryable = true }}", i / span, 1 + i % span);
            }
            t
        }
        other => return Err(format!("unknown generate kind {other}")),
    })
}

/// An HTML table of `rows` codes (`errcode` `i / span`, `sub_errcode` from 1),
/// each group of `span` sharing one reason of about 200 bytes written in
/// `lang`'s script, by `rowspan`.
fn spanned_reasons(rows: usize, span: usize, lang: &str) -> String {
    let reason = |k: usize| match lang {
        "ja" => format!("原因{k}番{}", "あ".repeat(60)),
        "zh" => format!("原因{k}号{}", "因".repeat(60)),
        "ko" => format!("원인 {k}{}", "가".repeat(60)),
        _ => format!("Cause number {k}: {}", "x".repeat(180)),
    };
    let mut t = String::from(HTML_HEAD);
    for i in 0..rows {
        let cell = if i % span == 0 { format!("<td rowspan={span}>{}</td>", reason(i / span)) } else { String::new() };
        let _ = writeln!(t, "<tr><td>{}</td><td>{}</td>{cell}</tr>", i / span, 1 + i % span);
    }
    t.push_str("</table>\n");
    t
}
