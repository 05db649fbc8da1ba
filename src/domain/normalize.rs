//! Folding the ways the same text is typed in Japanese offices.

/// Full-width ASCII (`１２ＡＢ`, U+FF01–U+FF5E) becomes ASCII, the
/// ideographic space becomes a space. Other characters are kept.
#[must_use]
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// A key for comparing names typed differently: width folded, white space
/// removed, ASCII lower-cased.
#[must_use]
pub fn name_key(text: &str) -> String {
    fold_width(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_digits_letters_and_space() {
        assert_eq!(fold_width("１２ＡＢ　ｃ"), "12AB c");
        assert_eq!(fold_width("新規移動人数"), "新規移動人数");
    }

    #[test]
    fn name_keys_ignore_width_and_spaces() {
        assert_eq!(name_key("I C T 拠点"), name_key("ＩＣＴ拠点"));
    }
}
