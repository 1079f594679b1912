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
}
