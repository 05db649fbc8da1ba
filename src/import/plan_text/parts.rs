//! The parts of the plan other than its KPIs and evaluation: the name,
//! author and area under their headings, the plan period, the grant and
//! the total cost.

use crate::domain::plan::{Money, PlanPeriod};
use crate::domain::quantity::Quantity;
use crate::i18n::tr;

use super::TextError;
use super::dates;
use super::headings::{self, Heading};
use super::lines::{self, Line, squeeze};

/// `32,000千円` → 32000 and 千円.
fn money(text: &str) -> Option<Money> {
    let t: String = lines::fold(text).chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_start_matches([':', '：']);
    let digits_end = t.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))?;
    let amount = Quantity::parse(&t[..digits_end]).ok()?;
    let unit: String =
        t[digits_end..].chars().take_while(|c| !matches!(c, '(' | '（' | '、' | '。')).collect();
    (!unit.is_empty()).then_some(Money { amount, unit })
}

/// The first heading whose title passes `pred`, as the plan writes it
/// (`2. 策定主体の名称`), and the first paragraph under it.
pub fn section(
    lines: &[Line],
    headings: &[Heading],
    pred: impl Fn(&str) -> bool,
) -> (Option<String>, Option<(usize, String)>) {
    match headings::find(headings, |h| pred(&h.title)) {
        Some(h) => {
            (Some(format!("{} {}", h.number, h.title)), headings::paragraph(lines, headings, h))
        }
        None => (None, None),
    }
}

const DATE_HELP: &str =
    "西暦 and 和暦 dates are both accepted (2025年3月31日, 令和7年3月31日, 平成32年3月31日)";
const DATE_HELP_JA: &str =
    "日付は西暦でも和暦でも読めます（2025年3月31日、令和7年3月31日、平成32年3月31日）";
const PERIOD_EXAMPLE: &str = "地域再生計画認定の日から令和7年3月31日まで";

/// 計画期間 (or, failing it, 事業実施期間): the text before the end date and the date.
pub fn read_period(
    lines: &[Line],
    headings: &[Heading],
    errors: &mut Vec<TextError>,
) -> Option<PlanPeriod> {
    let (found, para) = section(lines, headings, |t| t.starts_with("計画期間"));
    let (found, para) = if para.is_some() {
        (found, para)
    } else {
        let (f, p) = section(lines, headings, |t| t.contains("事業実施期間"));
        (found.or(f), p)
    };
    let Some((line, text)) = para else {
        errors.push(TextError::whole(match found {
            Some(h) => tr(
                format!("「{h}」の下に計画期間が書かれていません（例: {PERIOD_EXAMPLE}）"),
                format!("「{h}」 has no text under it; expected the period, such as {PERIOD_EXAMPLE}"),
            ),
            None => tr(
                format!(
                    "「6 計画期間」（または「事業実施期間」）が見つかりません。この見出しと、その下に計画期間（例: {PERIOD_EXAMPLE}）が必要です"
                ),
                format!(
                    "could not find 「6 計画期間」 (or 「事業実施期間」); expected the heading and the period under it, such as {PERIOD_EXAMPLE}"
                ),
            ),
        }));
        return None;
    };
    // Positions in the folded text are those of the written one.
    let folded: String = lines::fold(&text);
    let Some(last) = dates::dates_in(&folded).pop() else {
        errors.push(TextError::at(
            line,
            tr(
                format!(
                    "計画期間の終了日が必要ですが、この行に日付がありません: 「{text}」。{DATE_HELP_JA}"
                ),
                format!(
                    "the plan period needs its end date; {DATE_HELP}; this line has no date: 「{text}」"
                ),
            ),
        ));
        return None;
    };
    let start: String = text.chars().take(last.start).collect();
    let start = start.trim().trim_end_matches(['、', ',']).trim().to_string();
    Some(PlanPeriod { start, end: last.date })
}

/// The grant the plan uses: `地方創生推進交付金【A3007】`.
pub fn read_grant(lines: &[Line]) -> Option<String> {
    lines.iter().map(|l| squeeze(&l.raw)).find(|t| {
        t.contains("交付金") && t.contains('【') && t.ends_with('】') && t.chars().count() < 40
    })
}

pub fn read_total_cost(lines: &[Line]) -> Option<Money> {
    lines.iter().find_map(|l| {
        let (_, rest) = l.folded.split_once("総事業費")?;
        money(rest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_as_written() {
        let m = |t: &str| money(t).map(|m| (m.amount, m.unit));
        assert_eq!(m(" 32,000千円"), Some((Quantity::units(32_000), "千円".into())));
        assert_eq!(
            m("　１２０，０００千円（うち交付金６０，０００千円）"),
            Some((Quantity::units(120_000), "千円".into()))
        );
    }
}
