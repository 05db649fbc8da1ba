//! Companies and other bodies that contribute to a KPI.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CompanyKind {
    /// 首都圏企業.
    Metro,
    /// 地元企業.
    Local,
    /// 大学.
    University,
    /// その他.
    Other,
}

impl CompanyKind {
    pub const ALL: [CompanyKind; 4] =
        [CompanyKind::Metro, CompanyKind::Local, CompanyKind::University, CompanyKind::Other];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// A short, stable identifier used by contributions.
    pub id: String,
    pub name: String,
    /// 本社所在地, e.g. 東京都港区.
    #[serde(default)]
    pub head_office: String,
    #[serde(default)]
    pub industry: String,
    pub kind: CompanyKind,
    /// The name's reading (フリガナ), when the actuals give one: the name
    /// order follows it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reading: String,
}

/// Legal forms written before or after a company's name; left out when
/// names are put in order, so 株式会社… are not all listed last.
const LEGAL_FORMS: [&str; 20] = [
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "特定非営利活動法人",
    "NPO法人",
    "国立大学法人",
    "公立大学法人",
    "学校法人",
    "社会福祉法人",
    "医療法人",
    "(株)",
    "(有)",
    "㈱",
    "㈲",
];

/// [`LEGAL_FORMS`] in NFKC (㈱ is (株)), in the same order: folded once,
/// not for every company (a hundred thousand companies folded them two
/// million times).
fn folded_legal_forms() -> &'static [String] {
    use unicode_normalization::UnicodeNormalization;
    static FOLDED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FOLDED.get_or_init(|| LEGAL_FORMS.iter().map(|form| form.nfkc().collect()).collect())
}

impl Company {
    /// What the name order compares: the reading in hiragana when there is
    /// one, else the name without its legal form (both width-folded).
    #[must_use]
    pub fn sort_name(&self) -> String {
        use unicode_normalization::UnicodeNormalization;
        // Katakana read as hiragana: the same sound sorts together, in
        // the order of the kana table.
        let kana = |c: char| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        };
        if !self.reading.trim().is_empty() {
            return self.reading.nfkc().filter(|c| !c.is_whitespace()).map(kana).collect();
        }
        let folded: String = self.name.nfkc().filter(|c| !c.is_whitespace()).collect();
        let mut rest = folded.as_str();
        for form in folded_legal_forms() {
            if let Some(r) = rest.strip_prefix(form.as_str()) {
                rest = r;
            } else if let Some(r) = rest.strip_suffix(form.as_str()) {
                rest = r;
            }
        }
        rest.chars().map(kana).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company(name: &str, reading: &str) -> Company {
        Company {
            id: "c".into(),
            name: name.into(),
            head_office: String::new(),
            industry: String::new(),
            kind: CompanyKind::Other,
            reading: reading.into(),
        }
    }

    #[test]
    fn the_name_order_uses_the_reading_else_the_name_without_its_legal_form() {
        assert_eq!(
            company("株式会社和田製作所", "ワダ セイサクショ").sort_name(),
            "わだせいさくしょ"
        );
        assert_eq!(company("阿部商店", "ｱﾍﾞｼｮｳﾃﾝ").sort_name(), "あべしょうてん", "half-width kana");
        assert_eq!(company("株式会社サンプル", "").sort_name(), "さんぷる");
        assert_eq!(company("サンプル工業（株）", "").sort_name(), "さんぷる工業");
        assert_eq!(company("㈱テスト", "").sort_name(), "てすと");
        assert!(
            company("株式会社オホーツク", "").sort_name()
                < company("みなと情報株式会社", "").sort_name(),
            "お before み, whether written in katakana or hiragana"
        );
    }
}
