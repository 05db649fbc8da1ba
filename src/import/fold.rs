//! Matching text typed with other widths: NFKC folds full-width letters
//! and digits, half-width katakana, the ideographic space and the other
//! compatibility forms to one spelling. Used to compare headers, KPI names,
//! labels and company names; the original text is what is stored.

use unicode_normalization::UnicodeNormalization;

/// The text in NFKC.
#[must_use]
pub fn nfkc(text: &str) -> String {
    text.nfkc().collect()
}

/// A key for comparing names: NFKC, white space removed, lower case.
#[must_use]
pub fn key(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_width_of_a_name_has_one_key() {
        assert_eq!(key("ﾃﾚﾜｰｸ 人数"), key("テレワーク人数"));
        assert_eq!(key("ＩＣＴ　拠点"), key("ict拠点"));
        assert_eq!(key("小計"), key(" 小 計 "));
        assert_eq!(key("新規移動人数"), "新規移動人数");
    }
}
