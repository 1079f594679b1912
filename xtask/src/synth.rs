//! Synthetic doc sets for the scale benchmarks (`cargo xtask bench`, and
//! `cargo xtask synth N DIR`): the same page in four languages with `n`
//! codes, as HTML tables with `rowspan` and `colspan` (en, ja) and pipe
//! tables (zh, ko), a code-less English cause list, and a decisions file
//! giving every code a category.
//!
//! About every fifth code shares a cause, so each language groups codes the same
//! way; en, ja and zh each lack every fiftieth code (filled by inference), so
//! alignment, inference and conflict detection all work at scale.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The code pairs of a set of `n` codes, in table order: every third errcode
/// alone (`sub_errcode` 0, written with `colspan`), the others with twenty sub
/// codes from 100 (written with `rowspan`).
pub fn codes(n: usize) -> Vec<(u16, u16)> {
    let mut out = Vec::with_capacity(n);
    let mut e: u16 = 0;
    while out.len() < n {
        if e.is_multiple_of(3) {
            out.push((e, 0));
        } else {
            for s in 100..120 {
                if out.len() < n {
                    out.push((e, s));
                }
            }
        }
        e += 1;
    }
    out
}

/// The number of causes: about one per five codes, and never a multiple of
/// 50, so that the codes each language lacks (every fiftieth) fall in causes
/// whose other codes it has.
fn causes(n: usize) -> usize {
    n / 5 + 1
}

fn text(lang: &str, cause: usize) -> String {
    match lang {
        "en" => format!("Synthetic push interruption cause number {cause}."),
        "ja" => format!("合成されたプッシュ中断の原因{cause}番です。"),
        "zh" => format!("合成推流中断原因第{cause}号。"),
        _ => format!("합성 푸시 중단 원인 {cause}번"),
    }
}

fn html(lang: &str, codes: &[(u16, u16)], n_causes: usize) -> String {
    let mut out = String::from("# Push interruption\n\n<table>\n<tr>\n<th colspan='2'>Error Code</td>\n<th>Reason</td>\n</tr>\n");
    let mut i = 0;
    while i < codes.len() {
        let (e, s) = codes[i];
        let run = codes[i..].iter().take_while(|c| c.0 == e).count();
        let present: Vec<usize> = (i..i + run).filter(|k| k % 50 != 49).collect();
        for (pos, k) in present.iter().enumerate() {
            let reason = text(lang, k % n_causes);
            if s == 0 {
                let _ = write!(out, "<tr>\n<td colspan='2'>{e}</td>\n<td>{reason}</td>\n</tr>\n");
            } else if pos == 0 {
                let _ = write!(out, "<tr>\n<td rowspan='{}'>{e}</td>\n<td>{}</td>\n<td>{reason}</td>\n</tr>\n", present.len(), codes[*k].1);
            } else {
                let _ = write!(out, "<tr>\n<td>{}</td>\n<td>{reason}</td>\n</tr>\n", codes[*k].1);
            }
        }
        i += run;
    }
    out.push_str("</table>\n");
    out
}

fn pipe(lang: &str, codes: &[(u16, u16)], n_causes: usize, complete: bool) -> String {
    let mut out = String::from("| errcode | sub_errcode | errmsg |\n| --- | --- | --- |\n");
    for (k, (e, s)) in codes.iter().enumerate() {
        if complete || k % 50 != 49 {
            let _ = writeln!(out, "| {e} | {s} | {} |", text(lang, k % n_causes));
        }
    }
    out
}

/// The files of a synthetic seed folder of `n` codes, by name.
pub fn doc_set(n: usize) -> BTreeMap<String, Vec<u8>> {
    let codes = codes(n);
    let n_causes = causes(n);
    let mut files = BTreeMap::new();
    files.insert("en.md".to_owned(), html("en", &codes, n_causes));
    files.insert("ja.md".to_owned(), html("ja", &codes, n_causes));
    files.insert("zh.md".to_owned(), pipe("zh", &codes, n_causes, false));
    files.insert("ko.md".to_owned(), pipe("ko", &codes, n_causes, true));
    let mut list = String::from("<table>\n<tr>\n<th>Cause</th>\n</tr>\n");
    for c in 0..n_causes {
        let _ = write!(list, "<tr>\n<td>Push interruption cause {c} (synthetic).</td>\n</tr>\n");
    }
    list.push_str("</table>\n");
    files.insert("en-causes.md".to_owned(), list);
    let mut manifest = String::from(SYNTHETIC_SET);
    for (id, lang, role) in
        [("en", "en", "coded"), ("en-causes", "en", "causes"), ("ja", "ja", "coded"), ("zh", "zh", "coded"), ("ko", "ko", "coded")]
    {
        let _ = write!(
            manifest,
            "\n[[doc]]\nid = \"{id}\"\nfile = \"{id}.md\"\nlang = \"{lang}\"\nrole = \"{role}\"\norigin = \"synthetic\"\n"
        );
    }
    files.insert("manifest.toml".to_owned(), manifest);
    let mut decisions = String::from("schema_version = 1\n\n[codes]\n");
    for (e, s) in &codes {
        let code = if *s == 0 { e.to_string() } else { format!("{e}/{s}") };
        let _ = writeln!(decisions, "\"{code}\" = {{ category = \"unknown\", retryable = true }}");
    }
    files.insert("decisions.toml".to_owned(), decisions);
    files.into_iter().map(|(k, v)| (k, v.into_bytes())).collect()
}

/// The synthetic set's manifest before its docs: the stream-interruption
/// key and columns, one category.
const SYNTHETIC_SET: &str = "schema_version = 2\n\
    set = { title = \"Synthetic push interruption codes\", json = \"stop_reasons\", crate = \"synthetic\", npm = \"synthetic\", entry = \"StopReason\", retryable = true }\n\
    key = [{ name = \"errcode\", type = \"u16\" }, { name = \"sub_errcode\", type = \"u16\", default = 0 }]\n\
    table = { columns = [\"errcode\", \"sub_errcode\", \"reason\"], text = \"reason\" }\n\
    category = [{ name = \"unknown\", description = \"Synthetic codes have no cause.\" }]\n";

/// `xtask synth N DIR`: writes a synthetic seed folder of `n` codes.
pub fn write(n: usize, dir: &std::path::Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    for (name, bytes) in doc_set(n) {
        std::fs::write(dir.join(name), bytes).map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use codegen::input::{DECISIONS, FileBytes, Input, MANIFEST};
    use codegen::model::Provenance;

    #[test]
    fn a_synthetic_set_generates_with_every_code_and_provenance() {
        let mut input = Input { dir_label: "seeds".to_owned(), ..Input::default() };
        for (name, bytes) in super::doc_set(300) {
            match name.as_str() {
                MANIFEST => input.manifest = Some(bytes),
                DECISIONS => input.decisions = Some(bytes),
                _ => {
                    input.files.insert(name, FileBytes::Read(bytes));
                }
            }
        }
        let g = codegen::generate(&input).unwrap_or_else(|p| panic!("{}", p.render()));
        assert_eq!(g.table.entries.len(), 300);
        assert!(g.table.conflicts.is_empty());
        // en, ja and zh lack every fiftieth code; all are inferred from their cause.
        assert_eq!(g.table.provenance_counts()[&Provenance::Inferred], 3 * 6);
        assert!(g.table.alignment.iter().all(|a| (4..=5).contains(&a.codes.len())));
    }
}
