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

/// A key for comparing names: NFKC, white space and invisible characters
/// removed, lower case. A zero-width space or a direction mark pasted into
/// one row's 「株式会社A」 shows as nothing, and must not make it a company
/// apart from the 「株式会社A」 of the rows above.
#[must_use]
pub fn key(text: &str) -> String {
    text.nfkc()
        .filter(|c| !c.is_whitespace() && !invisible(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A character that shows as nothing: a soft hyphen, zero-width spaces and
/// joiners, direction marks and embeddings, the word joiner and invisible
/// operators, a byte-order mark.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
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

    #[test]
    fn invisible_characters_are_not_part_of_a_key() {
        for hidden in ["\u{200B}", "\u{200D}", "\u{2060}", "\u{200F}", "\u{202E}", "\u{00AD}"] {
            assert_eq!(
                key(&format!("株式会社{hidden}サンプル")),
                key("株式会社サンプル"),
                "{hidden:?}"
            );
        }
        assert_ne!(key("株式会社サンプル"), key("株式会社サンプノレ"));
    }
}
