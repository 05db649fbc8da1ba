//! Text from files is untrusted and Japanese: it is made safe to show
//! (control and bidi characters become visible placeholders) and measured
//! in display columns, never in bytes or chars. The screens, the store, the
//! exports, the import and the commands all use these helpers, so they live
//! outside `ui`; nothing here depends on the terminal.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The placeholder of an unsafe character that has no picture of its own.
pub const SUBSTITUTE: char = '\u{2426}';

/// The ellipsis that marks a cut: one column wide.
pub const ELLIPSIS: char = '…';

/// Whether a character must not reach the terminal as it is: controls
/// (C0, DEL, C1), bidi controls that reorder what follows (U+202E), and
/// invisible format characters (zero-width space and joiners, the BOM,
/// soft hyphen, tag characters) whose width terminals disagree on, so that
/// a name could hide text or shift the columns after it.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// Whether `text` may hold an unsafe character, from its bytes: the C0
/// controls and DEL themselves, and the UTF-8 of the others (C1 controls
/// and U+00AD after 0xC2, U+061C, U+180E, U+200B to U+206F, U+FEFF,
/// U+FFF9 to U+FFFB, the tag characters). Much cheaper than decoding every
/// character of a million names and notes, nearly all of them kana, kanji
/// and full-width forms that start with other bytes.
fn may_hold_unsafe(text: &str) -> bool {
    may_hold::<true>(text)
}

/// [`may_hold_unsafe`] leaving out the C0 controls: for JSON, which
/// escapes them itself inside its strings (and outside them they are its
/// own line breaks).
#[must_use]
pub fn may_hold_unsafe_above_c0(text: &str) -> bool {
    may_hold::<false>(text)
}

/// The byte scan, with or without the C0 controls: one copy made for
/// each, the choice known when it is compiled (a test of it for every
/// byte made the CSV of a million rows an eighth slower).
fn may_hold<const C0: bool>(text: &str) -> bool {
    let b = text.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    b.iter().enumerate().any(|(i, &lead)| match lead {
        0x00..=0x1F => C0,
        0x7F => true,
        0xC2 => matches!(at(i + 1), 0x80..=0x9F | 0xAD),
        0xD8 => at(i + 1) == 0x9C,
        0xE1 => at(i + 1) == 0xA0 && at(i + 2) == 0x8E,
        0xE2 => matches!(
            (at(i + 1), at(i + 2)),
            (0x80, 0x8B..=0x8F | 0xAA..=0xAE) | (0x81, 0xA0..=0xAF)
        ),
        0xEF => matches!((at(i + 1), at(i + 2)), (0xBB, 0xBF) | (0xBF, 0xB9..=0xBB)),
        0xF3 => at(i + 1) == 0xA0 && matches!(at(i + 2), 0x80 | 0x81),
        _ => false,
    })
}

/// A visible stand-in: C0 controls as their Control Pictures (␛, ␍, ␀),
/// DEL as ␡, everything else unsafe as ␦ (U+2426, the symbol for
/// "substitute"). Not U+FFFD: its width is ambiguous in East Asian
/// terminals (two columns in a Japanese locale on some), and terminal
/// emulators treat it as their own decoding error.
fn placeholder(c: char) -> char {
    match c as u32 {
        n @ 0x00..=0x1F => char::from_u32(0x2400 + n).unwrap_or(SUBSTITUTE),
        0x7F => '\u{2421}',
        _ => SUBSTITUTE,
    }
}

/// The text with every control, escape and bidi-override character
/// replaced by a visible placeholder. Borrowed when nothing needs replacing.
#[must_use]
pub fn clean(text: &str) -> Cow<'_, str> {
    if may_hold_unsafe(text) && text.chars().any(is_unsafe) {
        Cow::Owned(text.chars().map(|c| if is_unsafe(c) { placeholder(c) } else { c }).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Display width in terminal columns.
#[must_use]
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cleans and cuts a text to at most `max` columns, ending with `…` when
/// cut. A wide character is never split: if it does not fit whole, it goes.
#[must_use]
pub fn fit(text: &str, max: usize) -> String {
    let text = clean(text);
    if width(&text) <= max {
        return text.into_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push(ELLIPSIS);
    out
}

/// Cut to `max` columns and padded with spaces on the right to exactly `max`.
#[must_use]
pub fn pad_right(text: &str, max: usize) -> String {
    let mut s = fit(text, max);
    let w = width(&s);
    s.extend(std::iter::repeat_n(' ', max.saturating_sub(w)));
    s
}

/// Cut to `max` columns and padded with spaces on the left to exactly `max`.
#[must_use]
pub fn pad_left(text: &str, max: usize) -> String {
    let s = fit(text, max);
    let w = width(&s);
    let mut out: String = std::iter::repeat_n(' ', max.saturating_sub(w)).collect();
    out.push_str(&s);
    out
}

/// Splits a text into lines of at most `max` columns, by display width,
/// keeping the text's own line breaks. Wide characters are never split,
/// nor is a number (`10,194`, `84.9`, `-1,000`) that fits on a line: it goes to the
/// next line whole, so that `10,1` above `94千円` is never read as 10.1.
#[must_use]
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let para = clean(para);
        let mut line = String::new();
        let mut used = 0;
        // Where the number the line ends with begins (byte, column).
        let mut number: Option<(usize, usize)> = None;
        for c in para.chars() {
            let w = c.width().unwrap_or(0);
            // A minus sign begins a number: 「-」 left above 「1,000」 would
            // read as a thousand more (a dash that no digit follows ends
            // the number at the next character, as any text does).
            let in_number = c.is_ascii_digit()
                || (number.is_some() && matches!(c, ',' | '.'))
                || (number.is_none() && c == '-');
            if used + w > max {
                match number.filter(|&(at, col)| in_number && at > 0 && used - col + w <= max) {
                    Some((at, col)) => {
                        let rest = line.split_off(at);
                        lines.push(std::mem::replace(&mut line, rest));
                        used -= col;
                        number = Some((0, 0));
                    }
                    None => {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                        number = None;
                    }
                }
            }
            if !in_number {
                number = None;
            } else if number.is_none() {
                number = Some((line.len(), used));
            }
            line.push(c);
            used += w;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    /// The byte scan that lets `clean` borrow never misses an unsafe
    /// character: checked on every character there is.
    #[test]
    fn every_unsafe_character_is_found_by_the_byte_scan() {
        let mut unsafe_ones = 0;
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let text: &str = c.encode_utf8(&mut buf);
            if is_unsafe(c) {
                unsafe_ones += 1;
                assert!(may_hold_unsafe(text), "U+{:04X} missed", u32::from(c));
                assert_eq!(may_hold_unsafe_above_c0(text), c >= ' ', "U+{:04X}", u32::from(c));
                assert!(matches!(clean(text), Cow::Owned(_)), "U+{:04X} kept", u32::from(c));
            } else {
                assert_eq!(clean(text), text, "U+{:04X} changed", u32::from(c));
            }
        }
        assert_eq!(unsafe_ones, 65 + 1 + 1 + 1 + 5 + 5 + 16 + 1 + 3 + 128);
        assert_eq!(clean("北見市\u{202e}港区"), "北見市\u{2426}港区");
        assert!(!may_hold_unsafe("株式会社サンプル北見（本社）…※→"));
        assert!(!may_hold_unsafe_above_c0("{\n  \"会社\": \"北見（本社）\\t…※→\"\n}\t"));
        for (i, c) in [(0, '\u{feff}'), (3, '\u{1b}'), (9, '\u{e0041}')] {
            let mut text: Vec<char> = "北見（本社）…※→ab".chars().collect();
            text.insert(i, c);
            assert!(may_hold_unsafe(&text.iter().collect::<String>()), "U+{:04X}", u32::from(c));
        }
    }

    #[rstest]
    #[case("新規移動人数", 6, "新規…")]
    #[case("新規移動人数", 12, "新規移動人数")]
    #[case("新規移動人数", 11, "新規移動人…")]
    #[case("新規移動人数", 4, "新…")]
    #[case("新規移動人数", 1, "…")]
    #[case("新規移動人数", 0, "")]
    #[case("ABC株式会社", 6, "ABC株…")]
    #[case("ABC株式会社", 5, "ABC…")]
    fn fit_cuts_by_width_never_halving_a_wide_character(
        #[case] text: &str,
        #[case] max: usize,
        #[case] expected: &str,
    ) {
        let got = fit(text, max);
        assert_eq!(got, expected);
        assert!(width(&got) <= max);
    }

    #[test]
    fn padding_reaches_the_exact_width() {
        assert_eq!(width(&pad_right("北見", 7)), 7);
        assert_eq!(pad_left("50", 5), "   50");
        assert_eq!(width(&pad_left("新規移動人数", 5)), 5);
    }

    #[rstest]
    #[case("\u{1b}[2J", "\u{241b}[2J")]
    #[case("a\rb", "a\u{240d}b")]
    #[case("x\u{7f}", "x\u{2421}")]
    #[case("\u{202e}evil", "\u{2426}evil")]
    #[case("\u{9b}31m", "\u{2426}31m")]
    #[case("a\u{200d}b", "a\u{2426}b")]
    #[case("\u{feff}株式会社", "\u{2426}株式会社")]
    #[case("x\u{2067}y", "x\u{2426}y")]
    #[case("普通の文", "普通の文")]
    fn escapes_and_overrides_become_visible(#[case] raw: &str, #[case] shown: &str) {
        assert_eq!(clean(raw), shown);
    }

    #[test]
    fn wrap_measures_display_width() {
        assert_eq!(wrap("あいうえおかき", 6), vec!["あいう", "えおか", "き"]);
        assert_eq!(wrap("ab\ncd", 10), vec!["ab", "cd"]);
        assert_eq!(wrap("aあb", 3), vec!["aあ", "b"]);
    }

    /// A number that fits on a line is never split over two (10,1 above
    /// 94千円 reads as 10.1); one longer than a line still is.
    #[test]
    fn wrap_keeps_a_number_whole() {
        let text = "目標 12,000千円（令和4年3月末）、実績 10,194千円、達成率 84.9%（概ね達成）";
        for max in 7..60 {
            let lines = wrap(text, max);
            assert_eq!(lines.concat(), text, "{max}");
            assert!(lines.iter().all(|l| width(l) <= max), "{max}: {lines:?}");
            for pair in lines.windows(2) {
                let ends = pair[0].ends_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.');
                let starts =
                    pair[1].starts_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.');
                assert!(!(ends && starts), "{max}: {pair:?}");
            }
        }
        assert_eq!(wrap("実績 10,194千円", 8), vec!["実績 ", "10,194千", "円"]);
        assert_eq!(wrap("1234567890", 4), vec!["1234", "5678", "90"]);
    }

    /// A minus sign goes with its number: 「実績 -」 above 「1,000人」 reads
    /// as a thousand more, not less.
    #[test]
    fn wrap_keeps_a_minus_sign_with_its_number() {
        assert_eq!(wrap("増減 -1,000人", 6), vec!["増減 ", "-1,000", "人"]);
        assert_eq!(wrap("増減 -84.9%", 7), vec!["増減 ", "-84.9%"]);
        // A dash that no digit follows is text, wrapped as before.
        assert_eq!(wrap("A-B C", 2), vec!["A-", "B ", "C"]);
    }
}
