//! The numbered headings of the template (`1. 地域再生計画の名称`,
//! `７－２ 目標の達成状況…`, `5 評価の方法、時期及び体制`), also when the
//! number stands on its own line, and the text under each.

use super::cells::is_cell;
use super::lines::{Line, is_page_number, join_wrapped, key, runs, squeeze};

/// A heading and where its text starts.
#[derive(Debug, Clone)]
pub struct Heading {
    /// Index (into the lines) of the heading's first line: its number.
    pub at: usize,
    /// Index of the line holding the title (the same as `at`, or the next
    /// line when the number stands alone).
    pub title_at: usize,
    /// `1`, `7-2`, `(3)`, `⑥`.
    pub number: String,
    /// The title folded and without spaces: `地域再生計画の名称`.
    pub title: String,
}

impl Heading {
    /// Whether the title is one of the template's (`計画期間`), not a
    /// numbered line of the plan's own (`① 移住者数（単位：人）`).
    #[must_use]
    pub fn of_the_template(&self) -> bool {
        known_title(&self.title)
    }
}

/// Titles of the template a number on its own line may be followed by.
/// A number alone before any other line is a page number.
const TITLE_STARTS: [&str; 24] = [
    "地域再生計画の",
    "地域再生を図るために",
    "目標を達成するために",
    "第5章の特別の措置",
    "計画期間",
    "目標の達成状況",
    "その他必要な事項",
    "地方創生の実現における",
    "地方創生として目指す",
    "全体の概要",
    "事業主体",
    "事業の名称",
    "事業の内容",
    "事業が先駆的",
    "重要業績評価指標",
    "評価の方法",
    "交付対象事業",
    "事業実施期間",
    "地域の現状",
    "地域の課題",
    "地域再生基本方針",
    "支援措置によらない",
    "数値目標",
    "目標",
];

/// What may follow a number that is a quantity, not a heading: `2 大学`
/// is a heading-like line, `10 人` and `3 月末` are not.
const NOT_A_TITLE: &str = "年月日人社件名者万千億円%倍割回時分歳期かカヵケ箇個点位次校戸)）.,、";

/// `7-2`, `１．`, `(3)`, `⑥` at the start of a folded text: the number
/// (dashes unified, trailing dot dropped) and the rest.
fn number_prefix(folded: &str) -> Option<(String, &str)> {
    let t = folded.trim_start();
    if let Some(c) = t.chars().next()
        && let Some(n) = circled(c)
    {
        return Some((n.to_string(), &t[c.len_utf8()..]));
    }
    if let Some(rest) = t.strip_prefix('(') {
        let close = rest.find(')')?;
        let inner = &rest[..close];
        if !inner.is_empty() && inner.len() <= 2 && inner.bytes().all(|b| b.is_ascii_digit()) {
            return Some((format!("({inner})"), &rest[close + 1..]));
        }
        return None;
    }
    let mut number = String::new();
    let mut digits_in_part = 0;
    let mut end = 0;
    for (i, c) in t.char_indices() {
        if c.is_ascii_digit() {
            digits_in_part += 1;
            if digits_in_part > 2 {
                return None;
            }
            number.push(c);
        } else if matches!(c, '-' | 'ー' | '−' | '‐' | '―') && digits_in_part > 0 {
            // `7-2`, `７ー２`: a dash between two numbers.
            if !t[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit()) {
                break;
            }
            digits_in_part = 0;
            number.push('-');
        } else {
            end = i;
            break;
        }
        end = i + c.len_utf8();
    }
    if number.is_empty() {
        return None;
    }
    let rest = &t[end..];
    let rest = rest.strip_prefix(['.', '、']).unwrap_or(rest);
    Some((number, rest))
}

/// ① … ⑳ as a number.
fn circled(c: char) -> Option<u32> {
    let n = c as u32;
    (0x2460..=0x2473).contains(&n).then(|| n - 0x2460 + 1)
}

/// Whether a title starts as one of the template's.
fn known_title(title_key: &str) -> bool {
    TITLE_STARTS
        .iter()
        .any(|t| if *t == "目標" { title_key == *t } else { title_key.starts_with(t) })
}

/// Whether the line ends in a table's cell set apart by a column's gap
/// (`① 移住者数      10     12`): a KPI numbered in its name, never a
/// heading. It was taken for one, which ended the KPI table before its
/// rows.
fn ends_in_a_cell(line: &Line) -> bool {
    let gap = runs(line).map_or(line.raw.contains('\t'), |r| r.len() >= 2);
    gap && line.folded.split_whitespace().last().is_some_and(is_cell)
}

/// A heading on one line: its number and title.
fn same_line(line: &Line) -> Option<(String, String)> {
    if ends_in_a_cell(line) {
        return None;
    }
    let (number, rest) = number_prefix(&line.folded)?;
    let separated = rest.starts_with(char::is_whitespace);
    let title = key(rest);
    let first = title.chars().next()?;
    if first.is_ascii_digit() || NOT_A_TITLE.contains(first) {
        return None;
    }
    (separated || known_title(&title) || number.contains('-')).then_some((number, title))
}

/// Every heading, in order.
#[must_use]
pub fn find_all(lines: &[Line]) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if let Some((number, title)) = same_line(line) {
            out.push(Heading { at: i, title_at: i, number, title: squeeze(&title) });
        } else if let Some((number, rest)) = number_prefix(&line.folded)
            && key(rest).is_empty()
            && let Some(next) = (i + 1..lines.len()).find(|&j| !lines[j].is_blank())
            && known_title(&lines[next].key())
        {
            // The number on its own line, the title on the next.
            out.push(Heading { at: i, title_at: next, number, title: lines[next].key() });
            i = next;
        }
        i += 1;
    }
    out
}

/// The lines under a heading, up to the next heading.
#[must_use]
pub fn body<'a>(lines: &'a [Line], headings: &[Heading], h: &Heading) -> &'a [Line] {
    let end = headings.iter().map(|n| n.at).find(|&at| at > h.title_at).unwrap_or(lines.len());
    &lines[(h.title_at + 1).min(end)..end]
}

/// The first paragraph under a heading, wrapped lines joined, as written:
/// the line it starts on and the text. Page numbers are skipped.
#[must_use]
pub fn paragraph(lines: &[Line], headings: &[Heading], h: &Heading) -> Option<(usize, String)> {
    let body = body(lines, headings, h);
    let start = body.iter().position(|l| !l.is_blank() && !is_page_number(l))?;
    let parts: Vec<&str> = body[start..]
        .iter()
        .take_while(|l| !l.is_blank())
        .filter(|l| !is_page_number(l))
        .map(|l| l.raw.as_str())
        .collect();
    Some((body[start].number, squeeze(&join_wrapped(parts))))
}

/// Every line under a heading, joined, as written.
#[must_use]
pub fn text(lines: &[Line], headings: &[Heading], h: &Heading) -> Option<(usize, String)> {
    let body = body(lines, headings, h);
    let first = body.iter().find(|l| !l.is_blank() && !is_page_number(l))?;
    let parts = body.iter().filter(|l| !is_page_number(l)).map(|l| l.raw.as_str());
    Some((first.number, squeeze(&join_wrapped(parts))))
}

/// The first heading whose title passes `pred`.
pub fn find(headings: &[Heading], pred: impl Fn(&Heading) -> bool) -> Option<&Heading> {
    headings.iter().find(|h| pred(h))
}

#[cfg(test)]
mod tests {
    use super::super::lines::read;
    use super::*;

    fn titles(text: &str) -> Vec<(String, String)> {
        let lines = read(text);
        find_all(&lines).into_iter().map(|h| (h.number, h.title)).collect()
    }

    #[test]
    fn headings_in_every_form() {
        assert_eq!(
            titles(
                "1. 地域再生計画の名称\n７－２ 目標の達成状況に係る評価の時期\n5 評価の方法、時期及び体制\n⑥ 評価の方法"
            ),
            [
                ("1".into(), "地域再生計画の名称".into()),
                ("7-2".into(), "目標の達成状況に係る評価の時期".into()),
                ("5".into(), "評価の方法、時期及び体制".into()),
                ("6".into(), "評価の方法".into()),
            ]
        );
    }

    #[test]
    fn a_number_on_its_own_line_is_a_heading_before_a_title() {
        assert_eq!(
            titles("1\n地域再生計画の名称\n北見市\n2\nまた、計画の対象となる地区は"),
            [("1".into(), "地域再生計画の名称".into())]
        );
    }

    #[test]
    fn quantities_and_dates_are_not_headings() {
        assert!(titles("2020年4月1日から2025年3月31日まで").is_empty());
        assert!(titles("10 人 50 人").is_empty());
        assert!(titles("3 月末").is_empty());
        assert!(titles("2019年度増加分").is_empty());
    }

    #[test]
    fn a_paragraph_joins_its_wrapped_lines() {
        let lines = read(
            "1\n地域再生計画の名称\n学校跡地を生かした拠点整備計画～魅力ある\nまちづくりを目指して～\n2\n地域再生計画の作成主体の名称\n松山市",
        );
        let hs = find_all(&lines);
        assert_eq!(
            paragraph(&lines, &hs, &hs[0]),
            Some((3, "学校跡地を生かした拠点整備計画～魅力あるまちづくりを目指して～".into()))
        );
        assert_eq!(paragraph(&lines, &hs, &hs[1]), Some((7, "松山市".into())));
    }
}
