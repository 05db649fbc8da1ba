//! The RON reader's reasons in the messages' language. The reader says
//! them in English (`expected string`, `Unexpected char 'h'`); a clerk who
//! mistyped the config, the office's wording or a plan reads them here in
//! Japanese, as what was expected at that place. `--lang en` keeps the
//! reader's own words, first letter lowercased.

use ron::Error as E;

use crate::i18n::tr;

use super::limits::RECURSION_LIMIT;

/// What went wrong at the reader's position, as what was expected.
#[must_use]
pub fn describe(code: &E) -> String {
    match code {
        E::Eof => tr(
            "ファイルが途中で終わっています（閉じかっこが足りない？）",
            "the file ends too early; expected more (is a closing bracket missing?)",
        ),
        E::ExpectedComma => tr(
            "この前（前の項目の後）にカンマ `,` が必要です",
            "expected a comma `,` before this (after the previous item)",
        ),
        E::ExceededRecursionLimit => tr(
            format!(
                "かっこの入れ子が {RECURSION_LIMIT} 段を超えています。入れ子の浅い書き方にしてください"
            ),
            format!("nesting is deeper than {RECURSION_LIMIT} levels; expected a flat record"),
        ),
        E::UnexpectedChar(c) => tr(unexpected_char(*c), english(code)),
        E::InvalidValueForType { expected, found } => tr(
            format!("ここには{}が必要です（{}とあります）", expected_ja(expected), found_ja(found)),
            english(code),
        ),
        E::NoSuchStructField { expected, found, .. } => tr(
            format!("`{found}` という項目は書けません。書けるのは {} です", listed(expected)),
            english(code),
        ),
        E::NoSuchEnumVariant { expected, found, .. } => tr(
            format!("`{found}` は書けません。書けるのは {} のどれかです", listed(expected)),
            english(code),
        ),
        E::MissingStructField { field, .. } => {
            tr(format!("項目 `{field}` がありません。書き足してください"), english(code))
        }
        E::DuplicateStructField { field, .. } => {
            tr(format!("項目 `{field}` が二度書かれています。一つにしてください"), english(code))
        }
        E::ExpectedDifferentLength { found, .. } => {
            tr(format!("値の数が違います（{found} 個あります）"), english(code))
        }
        E::InvalidIntegerDigit { digit, base } => {
            tr(format!("{base} 進数に使えない数字 '{digit}' があります"), english(code))
        }
        E::Message(text) => message(text),
        other => tr(fixed(other), english(other)),
    }
}

/// The reader's English, its first letter lowercased (it follows `file:line:col: `).
fn english(code: &E) -> String {
    let text = code.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

/// The Japanese of the reasons that carry no value.
fn fixed(code: &E) -> &'static str {
    match code {
        E::ExpectedArray => "ここには `[` で始まる一覧が必要です",
        E::ExpectedArrayEnd => "一覧を閉じる `]` が必要です",
        E::ExpectedAttribute | E::ExpectedAttributeEnd | E::NoSuchExtension(_) => {
            "`#![enable(…)]` の書き方が正しくありません"
        }
        E::ExpectedBoolean => "ここには true か false が必要です",
        E::ExpectedChar => "ここには 1 文字（'a' の形）が必要です",
        E::ExpectedByteLiteral | E::ExpectedByteString => "ここにはバイト列（b\"…\"）が必要です",
        E::ExpectedFloat | E::ExpectedInteger => {
            "ここには数が必要です（\"…\" で囲まずに、半角の数字で書いてください）"
        }
        E::FloatUnderscore | E::UnderscoreAtBeginning => "数の中の `_` の位置が正しくありません",
        E::IntegerOutOfBounds => "この数はここに書ける範囲を超えています（負の数や大きすぎる数）",
        E::ExpectedOption => "ここには Some(…) か None が必要です",
        E::ExpectedOptionEnd | E::ExpectedStructLikeEnd => "閉じかっこ `)` が必要です",
        E::ExpectedMap => "ここには `{` で始まる対応表が必要です",
        E::ExpectedMapColon => "ここにはコロン `:` が必要です",
        E::ExpectedMapEnd => "対応表を閉じる `}` が必要です",
        E::ExpectedStructLike
        | E::ExpectedNamedStructLike(_)
        | E::ExpectedDifferentStructName { .. }
        | E::ExpectedStructName(_) => "ここには `(` で始まる項目の組が必要です",
        E::ExpectedUnit => "ここには `()` が必要です",
        E::ExpectedString => "ここには文字列（\"…\" で囲んだ文字）が必要です",
        E::ExpectedStringEnd => "文字列を閉じる `\"` が必要です",
        E::ExpectedIdentifier => "ここには項目の名前が必要です",
        E::InvalidEscape(_) => {
            "`\\` の後の文字が正しくありません（`\\` そのものは `\\\\`、`\"` は `\\\"` と書きます）"
        }
        E::UnclosedBlockComment => "`/*` で始まる注釈が `*/` で閉じられていません",
        E::UnclosedLineComment => "`//` の注釈の後に改行が必要です",
        E::Utf8Error(_) => "UTF-8 として読めない文字があります。UTF-8 で保存してください",
        E::TrailingCharacters => {
            "最後の閉じかっこの後に余計な文字があります（閉じかっこが多すぎる？）"
        }
        _ => "RON の書き方が正しくありません",
    }
}

/// A character that cannot stand here; a full-width one is named as such.
fn unexpected_char(c: char) -> String {
    full_width(c).unwrap_or_else(|| {
        format!(
            "ここに '{c}' は書けません（文字は \"…\" で囲み、項目の間はカンマ `,` で区切ります）"
        )
    })
}

/// A full-width character (typed with the Japanese input method on) named
/// with its half-width form, in the messages' language; none for another.
#[must_use]
pub fn full_width(c: char) -> Option<String> {
    let half = match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0)?,
        '、' => ',',
        _ => return None,
    };
    Some(if half == ' ' {
        tr(
            "全角の空白は書けません。半角の空白にしてください",
            "a full-width space; expected a half-width space",
        )
    } else {
        tr(
            format!("全角の '{c}' は書けません。半角の '{half}' にしてください"),
            format!("the full-width '{c}'; expected the half-width '{half}'"),
        )
    })
}

/// What serde says a value should have been, in Japanese.
fn expected_ja(expected: &str) -> &'static str {
    const INTEGERS: [&str; 12] =
        ["u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize"];
    match expected {
        "a number (at most three decimal places)" => "数（小数は 3 桁まで）",
        "a string" | "a borrowed string" => "文字列（\"…\" で囲んだ文字）",
        "a boolean" => " true か false ",
        "a sequence" => "一覧（`[…]`）",
        "a map" => "対応表（`{…}`）",
        "option" => " Some(…) か None ",
        "a formatted date string" => "日付（\"2019-03-31\" の形）",
        e if INTEGERS.contains(&e) => "整数",
        e if e.starts_with("struct ") || e.starts_with("tuple") => "項目の組（`(…)`）",
        e if e.starts_with("enum ") || e.contains("variant") => "決まった名前",
        _ => "別の値",
    }
}

/// The value the reader found (as its English names it), in Japanese.
fn found_ja(found: &str) -> String {
    let quoted =
        |prefix: &str| found.strip_prefix(prefix).map(|rest| rest.trim_matches('`').to_string());
    if let Some(text) = found.strip_prefix("the string ") {
        return format!("文字列 {text} ");
    }
    for prefix in ["the unsigned integer ", "the signed integer ", "the floating point number "] {
        if let Some(number) = quoted(prefix) {
            return format!("数 {number} ");
        }
    }
    if let Some(b) = quoted("the boolean ") {
        return format!(" {b} ");
    }
    match found {
        "a unit value" => " () ".to_string(),
        "an optional value" => " Some(…) か None ".to_string(),
        "a sequence" => "一覧".to_string(),
        "a map" => "対応表".to_string(),
        _ => "別の種類の値".to_string(),
    }
}

/// A list of names as the message shows them: `a`、`b`、`c`.
fn listed(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join("、")
}

/// A reason a value's own reader gave: the program's are said in the
/// messages' language already; a date's (chrono's) and an id's (ULID's)
/// are put in Japanese here.
fn message(text: &str) -> String {
    let ja = match text {
        "input is out of range"
        | "no possible date and time matching input"
        | "input contains invalid characters"
        | "premature end of input"
        | "trailing input"
        | "input is not enough for unique date and time"
        | "bad or unsupported format string" => {
            "日付が正しくありません。\"2019-03-31\" の形（年-月-日、半角）で、ある日付を書いてください"
        }
        "invalid length" | "invalid character" => {
            "id が正しくありません（26 文字の英数字です）。プログラムが書いた値を変えないでください"
        }
        _ => return text.to_string(),
    };
    tr(ja.to_string(), text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_characters_are_told_from_others() {
        for c in ['，', '（', '）', '：', '\u{3000}', '、'] {
            assert!(full_width(c).is_some(), "{c}");
        }
        for c in ['h', ',', '人', '"'] {
            assert_eq!(full_width(c), None, "{c}");
        }
    }

    #[test]
    fn a_wrong_value_is_said_with_what_was_expected() {
        assert_eq!(found_ja("the string \"10\""), "文字列 \"10\" ",);
        assert_eq!(found_ja("the unsigned integer `3`"), "数 3 ");
        assert_eq!(expected_ja("u32"), "整数");
        assert_eq!(expected_ja("struct KpiRecord"), "項目の組（`(…)`）");
    }
}
