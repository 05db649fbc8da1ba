//! The lines of a plan text as read: furigana and control characters
//! removed, each kept twice: as written (for names, stored exactly as
//! published) and width-folded (for matching and numbers only).

use crate::domain::normalize::fold_width;

/// One line of the text.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based, as an editor counts.
    pub number: usize,
    /// As written, furigana (`^{だいせつざん}`) and control characters
    /// removed, trimmed.
    pub raw: String,
    /// `raw` with full-width ASCII folded and every space an ASCII space:
    /// character for character the same length as `raw`.
    pub folded: String,
    /// The characters trimmed from the start of the line, so that `raw`'s
    /// character `i` stands in column `indent + i` of the page as
    /// `pdftotext -layout` lays it out; `None` when the line has a tab,
    /// whose width is not known.
    pub indent: Option<usize>,
    /// Whether the line begins a page: `pdftotext` puts a form feed there.
    pub page_start: bool,
    /// The line's cells apart by tabs, as written and trimmed, an empty
    /// cell's place kept (a word processor's "save as text" of a table
    /// row: `\t\t（令和5年度）`); `None` without a tab.
    pub tab_cells: Option<Vec<String>>,
}

impl Line {
    /// The folded text without any white space: what titles are matched on.
    #[must_use]
    pub fn key(&self) -> String {
        key(&self.raw)
    }

    #[must_use]
    pub fn is_blank(&self) -> bool {
        self.raw.is_empty()
    }
}

/// `text` folded, without white space: `７－２ 目標の…` → `7-2目標の…`.
#[must_use]
pub fn key(text: &str) -> String {
    fold_width(text).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Folds widths and turns every kind of space into an ASCII space, one
/// character for one character.
#[must_use]
pub fn fold(text: &str) -> String {
    fold_width(text).chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect()
}

/// Splits the text into lines. Converters leave form feeds at page breaks
/// and may leave other control characters: they are dropped (a tab stays,
/// as a column gap).
#[must_use]
pub fn read(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            let cleaned: String =
                strip_ruby(l).chars().filter(|c| *c == '\t' || !c.is_control()).collect();
            let raw = cleaned.trim().to_string();
            let folded = fold(&raw);
            let tab = cleaned.contains('\t');
            let indent = (!tab).then(|| cleaned.chars().take_while(|c| c.is_whitespace()).count());
            let tab_cells =
                tab.then(|| cleaned.split('\t').map(|c| c.trim().to_string()).collect());
            let page_start = l.starts_with('\u{c}');
            Line { number: i + 1, raw, folded, indent, page_start, tab_cells }
        })
        .collect()
}

/// Removes furigana as converters mark it: `大雪山^{だいせつざん}` → `大雪山`.
#[must_use]
pub fn strip_ruby(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("^{") {
        out.push_str(&rest[..i]);
        match rest[i..].find('}') {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                rest = &rest[i..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Japanese script and the full-width forms.
#[must_use]
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Removes the spaces PDF-to-text puts inside Japanese words and between
/// single letters (`I C T 拠点` → `ICT拠点`, `平成 29 年` → `平成29年`), and
/// keeps those between words of Latin script. Nothing else changes: the
/// characters are kept as written, an ideographic space (which converters
/// do not invent) included.
#[must_use]
pub fn squeeze(text: &str) -> String {
    let words: Vec<&str> = text.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
    let chars: Vec<char> = words.join(" ").chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' {
            let before = chars[..i].iter().rev().take_while(|c| **c != ' ').count();
            let after = chars[i + 1..].iter().take_while(|c| **c != ' ').count();
            let prev = chars.get(i.wrapping_sub(1)).copied().unwrap_or(' ');
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            let drop = is_cjk(prev)
                || is_cjk(next)
                || before == 1
                || after == 1
                || prev.is_ascii_digit() && next.is_ascii_digit();
            if drop {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

/// Joins the lines of a wrapped paragraph: nothing between Japanese text,
/// a space between two words of Latin script.
#[must_use]
pub fn join_wrapped<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let latin_gap = out.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
            && part.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if latin_gap {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// The runs of text of a line as `pdftotext -layout` lays out a table:
/// parts apart by two spaces or more, each with the page columns it
/// stands in (first, one past the last) and its folded text. `None` when
/// the line's columns are not known (a tab).
#[must_use]
pub fn runs(line: &Line) -> Option<Vec<(usize, usize, String)>> {
    let indent = line.indent?;
    let chars: Vec<char> = line.folded.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !(chars[i] == ' ' && chars.get(i + 1).is_none_or(|c| *c == ' ')) {
            i += 1;
        }
        out.push((indent + start, indent + i, chars[start..i].iter().collect()));
    }
    Some(out)
}

/// Whether the line at `i` stands next to a page break that the text
/// marks (a form feed begins it, or the next line).
#[must_use]
pub fn at_page_break(lines: &[Line], i: usize) -> bool {
    lines[i].page_start
        || lines[i + 1..]
            .iter()
            .find(|l| !l.is_blank() || l.page_start)
            .is_some_and(|l| l.page_start)
}

/// A page number or running footer a converter leaves between lines:
/// `3`, `- 3 -`, `―３―`.
#[must_use]
pub fn is_page_number(line: &Line) -> bool {
    let core = line.folded.trim_matches(|c: char| c.is_whitespace() || "-―‐－—()".contains(c));
    !core.is_empty() && core.len() <= 3 && core.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squeeze_joins_what_pdf_to_text_split() {
        assert_eq!(squeeze("I C T 拠点を活用した"), "ICT拠点を活用した");
        assert_eq!(squeeze("平成 29 年 3 月末"), "平成29年3月末");
        assert_eq!(squeeze("W i - F i 等の活用"), "Wi-Fi等の活用");
        assert_eq!(squeeze("Smart City Tokyo"), "Smart City Tokyo");
        assert_eq!(squeeze("関係人口（延べ滞在日数）"), "関係人口（延べ滞在日数）");
        assert_eq!(squeeze("２０２４ 年 ３ 月"), "２０２４年３月");
        assert_eq!(squeeze("藤里町　空き家"), "藤里町　空き家");
    }

    #[test]
    fn lines_keep_what_is_written_and_fold_for_matching() {
        let l = &read("７－２　目標の（評価）^{ひょうか}\u{c}")[0];
        assert_eq!(l.raw, "７－２　目標の（評価）");
        assert_eq!(l.folded, "7-2 目標の(評価)");
        assert_eq!(l.raw.chars().count(), l.folded.chars().count());
        assert_eq!(l.key(), "7-2目標の(評価)");
    }

    #[test]
    fn wrapped_lines_join_without_cutting() {
        assert_eq!(
            join_wrapped(["学校跡地を生かした拠点整備計画～魅力ある", "まちづくりを目指して～"]),
            "学校跡地を生かした拠点整備計画～魅力あるまちづくりを目指して～"
        );
        assert_eq!(join_wrapped(["Smart", "City 計画"]), "Smart City 計画");
    }

    #[test]
    fn runs_are_parts_two_spaces_apart_in_page_columns() {
        let l = &read("       事業開始   2024 年   KPI 増加")[0];
        let runs: Vec<(usize, usize, String)> = runs(l).expect("no tab");
        assert_eq!(
            runs,
            [(7, 11, "事業開始".into()), (14, 20, "2024 年".into()), (23, 29, "KPI 増加".into())]
        );
        assert_eq!(super::runs(&read("\t基準値")[0]), None);
    }

    #[test]
    fn page_numbers_are_recognised() {
        let is = |t: &str| is_page_number(&read(t)[0]);
        assert!(is("3"));
        assert!(is("- 12 -"));
        assert!(is("―３―"));
        assert!(!is("2019"));
        assert!(!is("北見市"));
    }
}
