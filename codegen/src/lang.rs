//! The languages of a doc set, named by BCP 47 tags, and the script check that
//! keeps a manifest honest about them.
//!
//! A set's languages are the tags its manifest gives its docs, in the order
//! they first appear there ([`Languages`]); every emitted table lists texts in
//! that order. A [`Lang`] knows its place in it, so maps keyed by languages
//! keep the set's order.

use std::fmt;
use std::sync::Arc;

use icu_locale_core::LanguageIdentifier;
use serde::{Serialize, Serializer};
use unicode_script::{Script, UnicodeScript};

/// One language of a doc set: its BCP 47 tag, normalized (`en`, `ja`,
/// `zh-Hant`), and its position among the set's languages, by which
/// languages are ordered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang {
    position: usize,
    tag: Arc<str>,
}

impl Lang {
    /// The language with the normalized `tag` at `position` in its set's
    /// languages (for tests and for a set's [`Languages`]).
    pub fn new(tag: &str, position: usize) -> Lang {
        Lang { position, tag: tag.into() }
    }

    /// The normalized BCP 47 tag: `"en"`, `"ja"`, `"zh-Hant"`.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The tag's language subtag: `"zh"` for `zh-Hant`.
    pub fn primary(&self) -> &str {
        self.tag.split('-').next().unwrap_or(&self.tag)
    }

    /// The language's English name when it is one this tool knows (`Japanese`),
    /// else its tag.
    pub fn name(&self) -> String {
        known(self.primary()).map_or_else(|| self.tag.to_string(), |k| k.name.to_owned())
    }

    /// The script a text in this language is written in, when this tool
    /// knows it (`None`: any script is accepted).
    pub fn script(&self) -> Option<Expected> {
        let script_subtag = self.tag.split('-').nth(1).filter(|s| s.len() == 4);
        match (self.primary(), script_subtag) {
            ("zh", Some("Hant" | "Hans")) => Some(Expected::Han),
            (primary, _) => known(primary).map(|k| k.script),
        }
    }

    /// Whether `text` is written in this language's script: Hangul for `ko`,
    /// kana or Han (and no Hangul) for `ja`, Han without kana or Hangul for `zh`,
    /// Latin without any of those for the languages written in Latin letters,
    /// Cyrillic for those written in it. Digits, punctuation and embedded
    /// Latin acronyms ("RTMP", "IP") are allowed in every language. A language
    /// whose script this tool does not know fits every text.
    pub fn fits(&self, text: &str) -> bool {
        self.script().is_none_or(|script| script.fits(&ScriptCounts::of(text)))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.tag)
    }
}

impl schemars::JsonSchema for Lang {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Lang".into()
    }

    /// A placeholder: the schema emitter writes each set's languages here.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

/// The script a language is written in, as [`ScriptCounts`] tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Hangul (Korean may quote Han).
    Hangul,
    /// Kana, or Han alone, and no Hangul (Japanese).
    KanaOrHan,
    /// Han without kana or Hangul (Chinese).
    Han,
    /// Latin letters, none of the scripts above.
    Latin,
    /// Cyrillic letters, none of the CJK scripts.
    Cyrillic,
}

impl Expected {
    /// The script's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Expected::Hangul => "Hangul",
            Expected::KanaOrHan => "kana (Japanese)",
            Expected::Han => "Han without kana (Chinese)",
            Expected::Latin => "Latin letters",
            Expected::Cyrillic => "Cyrillic letters",
        }
    }

    fn fits(self, s: &ScriptCounts) -> bool {
        let cjk = s.hangul + s.kana + s.han;
        match self {
            Expected::Hangul => s.hangul > 0,
            Expected::KanaOrHan => s.hangul == 0 && (s.kana > 0 || s.han > 0),
            Expected::Han => s.hangul == 0 && s.kana == 0 && s.han > 0,
            Expected::Latin => cjk == 0 && s.cyrillic == 0 && s.latin > 0,
            Expected::Cyrillic => cjk == 0 && s.cyrillic > 0,
        }
    }
}

/// A language this tool knows the script and English name of.
struct Known {
    name: &'static str,
    script: Expected,
}

/// The languages the vendors' docs are published in, by language subtag.
fn known(primary: &str) -> Option<Known> {
    let (name, script) = match primary {
        "en" => ("English", Expected::Latin),
        "ja" => ("Japanese", Expected::KanaOrHan),
        "zh" => ("Chinese", Expected::Han),
        "ko" => ("Korean", Expected::Hangul),
        "de" => ("German", Expected::Latin),
        "es" => ("Spanish", Expected::Latin),
        "fr" => ("French", Expected::Latin),
        "id" => ("Indonesian", Expected::Latin),
        "it" => ("Italian", Expected::Latin),
        "ms" => ("Malay", Expected::Latin),
        "pt" => ("Portuguese", Expected::Latin),
        "tr" => ("Turkish", Expected::Latin),
        "vi" => ("Vietnamese", Expected::Latin),
        "ru" => ("Russian", Expected::Cyrillic),
        "uk" => ("Ukrainian", Expected::Cyrillic),
        _ => return None,
    };
    Some(Known { name, script })
}

/// Normalizes a BCP 47 tag as the manifest writes it (`ja-jp`, `zh_Hant`):
/// parsed with ICU's language identifier (`_` read as `-`, as POSIX locales
/// write it) and written back in canonical case (`ja-JP`, `zh-Hant`).
///
/// # Errors
/// A tag that is not a BCP 47 language identifier, with ICU's reason.
pub fn normalize(tag: &str) -> Result<String, String> {
    LanguageIdentifier::try_from_str(&tag.replace('_', "-"))
        .map(|id| id.to_string())
        .map_err(|e| format!("`{tag}` is not a BCP 47 language tag ({e})"))
}

/// A doc set's languages, in the order its manifest first names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Languages(Vec<Lang>);

impl Languages {
    /// The language of normalized `tag`, added at the end if it is new.
    pub fn add(&mut self, tag: &str) -> Lang {
        if let Some(lang) = self.get(tag) {
            return lang;
        }
        let lang = Lang::new(tag, self.0.len());
        self.0.push(lang.clone());
        lang
    }

    /// The language of normalized `tag`, if the set has it.
    pub fn get(&self, tag: &str) -> Option<Lang> {
        self.0.iter().find(|l| l.tag() == tag).cloned()
    }

    /// The languages, in order.
    pub fn all(&self) -> &[Lang] {
        &self.0
    }

    /// The tags, joined for messages: `en, ja, zh, ko`.
    pub fn tags(&self) -> String {
        self.0.iter().map(Lang::tag).collect::<Vec<_>>().join(", ")
    }
}

/// Characters of `text` counted by the scripts that tell languages apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScriptCounts {
    /// Hangul syllables and jamo.
    pub hangul: usize,
    /// Hiragana and katakana (including the half-width forms).
    pub kana: usize,
    /// Han ideographs.
    pub han: usize,
    /// Latin letters.
    pub latin: usize,
    /// Cyrillic letters.
    pub cyrillic: usize,
}

impl ScriptCounts {
    /// Counts the characters of `text` per script (Unicode `Script` property).
    pub fn of(text: &str) -> Self {
        let mut counts = ScriptCounts::default();
        counts.add(text);
        counts
    }

    /// Adds the characters of `text` to these counts.
    pub fn add(&mut self, text: &str) {
        for c in text.chars() {
            match c.script() {
                Script::Hangul => self.hangul += 1,
                Script::Hiragana | Script::Katakana => self.kana += 1,
                Script::Han => self.han += 1,
                Script::Latin => self.latin += 1,
                Script::Cyrillic => self.cyrillic += 1,
                _ => {}
            }
        }
    }

    /// The script these counts point to: any Hangul → Hangul (Korean text
    /// may quote Han), else any kana → kana (Japanese), else any Han → Han
    /// (Chinese), else Cyrillic, else Latin. `None` when the text has letters
    /// of none of these scripts.
    pub fn script(&self) -> Option<Expected> {
        if self.hangul > 0 && self.hangul >= self.kana {
            Some(Expected::Hangul)
        } else if self.kana > 0 {
            Some(Expected::KanaOrHan)
        } else if self.han > 0 {
            Some(Expected::Han)
        } else if self.cyrillic > 0 {
            Some(Expected::Cyrillic)
        } else if self.latin > 0 {
            Some(Expected::Latin)
        } else {
            None
        }
    }

    /// The language subtag a doc written in these scripts most likely has,
    /// for guesses (`cargo xtask init`): `ko`, `ja`, `zh`, `ru` or `en`.
    pub fn guess(&self) -> Option<&'static str> {
        self.script().map(|script| match script {
            Expected::Hangul => "ko",
            Expected::KanaOrHan => "ja",
            Expected::Han => "zh",
            Expected::Cyrillic => "ru",
            Expected::Latin => "en",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalized_by_icu() {
        assert_eq!(normalize("ja-jp").as_deref(), Ok("ja-JP"));
        assert_eq!(normalize("zh_hant").as_deref(), Ok("zh-Hant"));
        assert_eq!(normalize("KO").as_deref(), Ok("ko"));
        assert!(normalize("en-").is_err());
        assert!(normalize("").is_err());
        assert!(normalize("not a tag").is_err());
    }

    #[test]
    fn languages_keep_the_order_they_are_named_in() {
        let mut langs = Languages::default();
        let (zh, en) = (langs.add("zh"), langs.add("en"));
        assert_eq!(langs.add("zh"), zh);
        assert!(zh < en);
        assert_eq!(langs.tags(), "zh, en");
    }

    #[test]
    fn script_counts_tell_the_four_languages_apart() {
        assert_eq!(ScriptCounts::of("3rd party 인증 실패").guess(), Some("ko"));
        assert_eq!(ScriptCounts::of("RTMP AMF データ異常。").guess(), Some("ja"));
        assert_eq!(ScriptCounts::of("RTMP 协议内容异常。").guess(), Some("zh"));
        assert_eq!(ScriptCounts::of("Unknown reason.").guess(), Some("en"));
        assert_eq!(ScriptCounts::of("Неизвестная ошибка").guess(), Some("ru"));
        assert_eq!(ScriptCounts::of("42 !").guess(), None);
        // Japanese written in Han alone fits `ja` (the doc says so) but reads as `zh`.
        assert!(Lang::new("ja", 0).fits("原因不明。"));
        assert!(!Lang::new("zh", 0).fits("不明なエラー。"));
        assert!(!Lang::new("en", 0).fits("推流"));
        assert!(Lang::new("zh-Hant", 0).fits("推流"));
        assert!(!Lang::new("fr", 0).fits("Ошибка"));
        // A language whose script is not known fits any text.
        assert!(Lang::new("sw", 0).fits("推流"));
    }
}
