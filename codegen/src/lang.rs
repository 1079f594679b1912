//! Languages of the docs (BCP 47 primary tags) and the script check that keeps a
//! manifest honest about them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use unicode_script::{Script, UnicodeScript};

/// A language the CSS docs are published in, named by its BCP 47 primary subtag.
///
/// The order (`en`, `ja`, `zh`, `ko`) is the order used in every emitted table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (`en`), Latin script.
    En,
    /// Japanese (`ja`), kana with Han.
    Ja,
    /// Chinese (`zh`, Simplified as published), Han without kana.
    Zh,
    /// Korean (`ko`), Hangul.
    Ko,
}

impl Lang {
    /// Every language, in emission order.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Ja, Lang::Zh, Lang::Ko];

    /// The BCP 47 primary language subtag: `"en"`, `"ja"`, `"zh"` or `"ko"`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::Zh => "zh",
            Lang::Ko => "ko",
        }
    }

    /// The language's English name, for reports.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "Japanese",
            Lang::Zh => "Chinese",
            Lang::Ko => "Korean",
        }
    }

    /// Position in [`Lang::ALL`], for per-language arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether `text` is written in this language's script: Hangul for `ko`,
    /// kana or Han (and no Hangul) for `ja`, Han without kana or Hangul for `zh`,
    /// Latin without any of those for `en`. Digits, punctuation and embedded
    /// Latin acronyms ("RTMP", "IP") are allowed in every language.
    pub fn fits(self, text: &str) -> bool {
        let s = ScriptCounts::of(text);
        match self {
            Lang::Ko => s.hangul > 0,
            Lang::Ja => s.hangul == 0 && (s.kana > 0 || s.han > 0),
            Lang::Zh => s.hangul == 0 && s.kana == 0 && s.han > 0,
            Lang::En => s.hangul == 0 && s.kana == 0 && s.han == 0 && s.latin > 0,
        }
    }
}

/// Every language, as a `static` so that [`ByLang`] can lend `&'static Lang` keys.
static LANGS: [Lang; 4] = Lang::ALL;

/// A value per language, some possibly absent: a map from [`Lang`] held as a
/// four-slot array (a `BTreeMap<Lang, T>` costs a node of eleven slots per map,
/// which at 100,000 codes was most of `gen`'s memory). It iterates, serializes
/// and reads like that map: in `en`, `ja`, `zh`, `ko` order, absent languages
/// skipped, serialized as an object keyed by the BCP 47 tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByLang<T>([Option<T>; 4]);

impl<T> Default for ByLang<T> {
    fn default() -> Self {
        ByLang([None, None, None, None])
    }
}

impl<T> ByLang<T> {
    /// The value for `lang`, if any.
    pub fn get(&self, lang: &Lang) -> Option<&T> {
        self.0[lang.index()].as_ref()
    }

    /// Sets the value for `lang`, returning the one it replaces.
    pub fn insert(&mut self, lang: Lang, value: T) -> Option<T> {
        self.0[lang.index()].replace(value)
    }

    /// The languages that have a value, with it, in emission order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static Lang, &T)> {
        LANGS.iter().zip(&self.0).filter_map(|(l, v)| v.as_ref().map(|v| (l, v)))
    }

    /// The values, in emission order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().flatten()
    }

    /// How many languages have a value.
    pub fn len(&self) -> usize {
        self.values().count()
    }

    /// True when no language has a value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> std::ops::Index<&Lang> for ByLang<T> {
    type Output = T;

    /// # Panics
    /// When `lang` has no value, as a map's index does.
    fn index(&self, lang: &Lang) -> &T {
        self.get(lang).unwrap_or_else(|| panic!("no value for {lang}"))
    }
}

impl<'a, T> IntoIterator for &'a ByLang<T> {
    type Item = (&'static Lang, &'a T);
    type IntoIter = Box<dyn Iterator<Item = (&'static Lang, &'a T)> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl<T> FromIterator<(Lang, T)> for ByLang<T> {
    fn from_iter<I: IntoIterator<Item = (Lang, T)>>(iter: I) -> Self {
        let mut out = ByLang::default();
        for (l, v) in iter {
            out.insert(l, v);
        }
        out
    }
}

impl<T: Serialize> Serialize for ByLang<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// Error from [`Lang::from_str`]: the tag is not a BCP 47 tag of a language the docs use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a BCP 47 tag for a language the docs are published in (en, ja, zh, ko)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Parses a BCP 47 tag by its primary subtag, case-insensitively:
    /// `en-US` → `En`, `ja-JP` → `Ja`, `zh-Hans` / `zh-CN` → `Zh`, `ko-KR` → `Ko`.
    /// `_` is accepted as a separator, as POSIX locales write it.
    fn from_str(tag: &str) -> Result<Self, Self::Err> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        let valid_rest =
            tag.split(['-', '_']).skip(1).all(|sub| (1..=8).contains(&sub.len()) && sub.chars().all(|c| c.is_ascii_alphanumeric()));
        let lang = match primary.to_ascii_lowercase().as_str() {
            "en" => Lang::En,
            "ja" => Lang::Ja,
            "zh" => Lang::Zh,
            "ko" => Lang::Ko,
            _ => return Err(UnknownLang(tag.to_owned())),
        };
        if valid_rest { Ok(lang) } else { Err(UnknownLang(tag.to_owned())) }
    }
}

/// Characters of `text` counted by the scripts that tell the four languages apart.
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
            // ASCII has one script to count, Latin letters; skip the table lookup.
            if c.is_ascii() {
                self.latin += usize::from(c.is_ascii_alphabetic());
                continue;
            }
            // The blocks the docs are written in, without the table lookup.
            match c {
                '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}' => {
                    self.kana += 1;
                    continue;
                }
                '\u{4e00}'..='\u{9fef}' => {
                    self.han += 1;
                    continue;
                }
                '\u{ac00}'..='\u{d7a3}' => {
                    self.hangul += 1;
                    continue;
                }
                _ => {}
            }
            match c.script() {
                Script::Hangul => self.hangul += 1,
                Script::Hiragana | Script::Katakana => self.kana += 1,
                Script::Han => self.han += 1,
                Script::Latin => self.latin += 1,
                _ => {}
            }
        }
    }

    /// The language these counts point to: any Hangul → `ko` (Korean text may
    /// quote Han), else any kana → `ja`, else any Han → `zh`, else Latin → `en`.
    /// `None` when the text has letters of none of these scripts.
    pub fn language(&self) -> Option<Lang> {
        if self.hangul > 0 && self.hangul >= self.kana {
            Some(Lang::Ko)
        } else if self.kana > 0 {
            Some(Lang::Ja)
        } else if self.han > 0 {
            Some(Lang::Zh)
        } else if self.latin > 0 {
            Some(Lang::En)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bcp47_tags_by_primary_subtag() {
        assert_eq!("ja-JP".parse(), Ok(Lang::Ja));
        assert_eq!("zh-Hans".parse(), Ok(Lang::Zh));
        assert_eq!("zh_CN".parse(), Ok(Lang::Zh));
        assert_eq!("KO".parse(), Ok(Lang::Ko));
        assert_eq!("en".parse(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
        assert!("en-".parse::<Lang>().is_err());
        assert!("".parse::<Lang>().is_err());
    }

    #[test]
    fn script_counts_tell_the_four_languages_apart() {
        assert_eq!(ScriptCounts::of("3rd party 인증 실패").language(), Some(Lang::Ko));
        assert_eq!(ScriptCounts::of("RTMP AMF データ異常。").language(), Some(Lang::Ja));
        assert_eq!(ScriptCounts::of("RTMP 协议内容异常。").language(), Some(Lang::Zh));
        assert_eq!(ScriptCounts::of("Unknown reason.").language(), Some(Lang::En));
        assert_eq!(ScriptCounts::of("42 !").language(), None);
        // Japanese written in Han alone fits `ja` (the doc says so) but reads as `zh`.
        assert!(Lang::Ja.fits("原因不明。"));
        assert!(!Lang::Zh.fits("不明なエラー。"));
        assert!(!Lang::En.fits("推流"));
    }

    #[test]
    fn the_fast_paths_count_as_the_script_table_does() {
        let by_table = |c: char| {
            let mut counts = ScriptCounts::default();
            match c.script() {
                Script::Hangul => counts.hangul += 1,
                Script::Hiragana | Script::Katakana => counts.kana += 1,
                Script::Han => counts.han += 1,
                Script::Latin => counts.latin += 1,
                _ => {}
            }
            (counts.hangul, counts.kana, counts.han, counts.latin)
        };
        for c in '\0'..='\u{ffff}' {
            let counts = ScriptCounts::of(&c.to_string());
            assert_eq!((counts.hangul, counts.kana, counts.han, counts.latin), by_table(c), "{c:?} U+{:04X}", u32::from(c));
        }
    }
}
