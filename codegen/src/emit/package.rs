//! What each set's crate and npm package carry besides code, so that they
//! can be published: the licence texts (the project's `LICENSE-MIT` and
//! `LICENSE-APACHE`, copied as they are), a `NOTICE` saying where the reason
//! texts come from (each doc of the set, with its origin and hash), and for
//! the crate the table of every code its docs include (`rust/CODES.md`).

use std::fmt::Write as _;

use super::{EmitError, Emitter};
use crate::model::{Reconciled, SetSpec};

/// Emits a file of the project as it is: a licence text.
pub struct Verbatim {
    /// Where it goes in the set's output folder.
    pub path: &'static str,
    /// Its text.
    pub text: &'static str,
}

const MIT: &str = include_str!("../../../LICENSE-MIT");
const APACHE: &str = include_str!("../../../LICENSE-APACHE");

/// The licence files of both packages.
pub const LICENCES: [Verbatim; 4] = [
    Verbatim { path: "rust/LICENSE-MIT", text: MIT },
    Verbatim { path: "rust/LICENSE-APACHE", text: APACHE },
    Verbatim { path: "ts/LICENSE-MIT", text: MIT },
    Verbatim { path: "ts/LICENSE-APACHE", text: APACHE },
];

impl Emitter for Verbatim {
    fn path(&self, _: &SetSpec) -> String {
        self.path.to_owned()
    }

    fn emit(&self, _: &Reconciled) -> Result<String, EmitError> {
        Ok(self.text.to_owned())
    }
}

/// Emits `NOTICE` into a package folder (`rust` or `ts`).
pub struct Notice(pub &'static str);

impl Emitter for Notice {
    fn path(&self, _: &SetSpec) -> String {
        format!("{}/NOTICE", self.0)
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        let set = &table.set;
        let mut out = format!(
            "{}\n\nThe code is licensed under MIT OR Apache-2.0 (LICENSE-MIT, LICENSE-APACHE).\n\n\
             The {} texts and the other strings of the table come from Tencent Cloud's public\n\
             documentation, read from these docs (each file's SHA-256 as read):\n",
            set.title, set.text
        );
        for s in &table.sources {
            let _ =
                write!(out, "\n- {} ({}, {}): {}\n  {}\n  sha256 {}\n", s.id, s.lang.tag(), s.role.as_str(), s.origin, s.file, s.sha256);
        }
        out.push_str(
            "\nTencent Cloud is a trademark of Tencent. This package is not made or endorsed by Tencent;\n\
             where a text here and the vendor's current documentation differ, the documentation holds.\n",
        );
        Ok(out)
    }
}

/// Emits `rust/CODES.md`: a table of every code with its category, retry
/// hint and reason in the table's first language, which the crate's docs include.
pub struct CodesDoc;

impl Emitter for CodesDoc {
    fn path(&self, _: &SetSpec) -> String {
        "rust/CODES.md".to_owned()
    }

    fn emit(&self, table: &Reconciled) -> Result<String, EmitError> {
        let set = &table.set;
        let first = set.languages.all().first().ok_or_else(|| EmitError::new("rust/CODES.md", "the set has no language"))?;
        let mut head = vec!["code".to_owned()];
        if set.has_symbol() {
            head.push("symbol".to_owned());
        }
        if !set.categories.is_empty() {
            head.push("category".to_owned());
        }
        if set.retryable {
            head.push("retryable".to_owned());
        }
        head.push(format!("{} ({})", set.text, first.tag()));
        let mut out = format!(
            "# The codes\n\nEvery code of the table, in `{}` order.\n\n| {} |\n|{}\n",
            set.key.names(),
            head.join(" | "),
            "---|".repeat(head.len())
        );
        for e in &table.entries {
            let mut cells = vec![format!("`{}`", e.code)];
            cells.extend(e.symbol.as_ref().map(|s| format!("`{s}`")));
            cells.extend(e.category.as_ref().map(|c| c.as_str().to_owned()));
            cells.extend(e.retryable.map(|r| if r { "yes".to_owned() } else { "no".to_owned() }));
            cells.push(e.messages.get(first).map_or_else(String::new, |m| super::report::cell(&m.text)));
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        Ok(out)
    }
}
