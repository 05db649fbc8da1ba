//! The plan from the text of its 地域再生計画 document, in the standard
//! template, as PDF-to-text leaves it: spaces inside words (`I C T`),
//! full-width digits, tabs or runs of spaces between columns, a table row
//! split over lines, footnote marks. Hand-written because the template is
//! a Japanese government form no library knows. What cannot be read is
//! reported by line; nothing is dropped silently.

use std::collections::BTreeMap;
use std::fmt;

use crate::domain::fiscal::{FiscalYear, parse_date};
use crate::domain::normalize::fold_width;
use crate::domain::plan::{
    Evaluation, JudgmentCategories, Kpi, KpiKind, Money, PLAN_VERSION, Plan, PlanPeriod, Thresholds,
};
use crate::domain::quantity::Quantity;

/// Something in the text that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn err(line: Option<usize>, message: impl Into<String>) -> TextError {
    TextError { line, message: message.into() }
}

/// One line as read: furigana (`^{だいせつざん}`) removed, width folded.
struct Line {
    number: usize,
    text: String,
}

fn strip_ruby(text: &str) -> String {
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

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Removes the spaces PDF-to-text puts inside Japanese words and between
/// single letters (`I C T 拠点` → `ICT拠点`, `平成 29 年` → `平成29年`), and
/// keeps those between words of Latin script.
#[must_use]
pub fn squeeze(text: &str) -> String {
    let chars: Vec<char> = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
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

fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, l)| Line {
            number: i + 1,
            text: fold_width(&strip_ruby(l)).replace('\u{3000}', " ").trim().to_string(),
        })
        .collect()
}

/// A numbered heading: `1. 地域再生計画の名称`, `7-2 目標の…`, `5 評価の方法…`.
fn heading(text: &str) -> Option<(&str, &str)> {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '.'))?;
    let (number, rest) = text.split_at(end);
    let number = number.trim_end_matches('.');
    let rest = rest.trim();
    let starts_with_digit = number.chars().next().is_some_and(|c| c.is_ascii_digit());
    (starts_with_digit && !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit()))
        .then_some((number, rest))
}

/// The first non-empty line after the heading whose title contains `title`.
fn value_after<'a>(lines: &'a [Line], number: Option<&str>, title: &str) -> Option<&'a Line> {
    let at = lines.iter().position(|l| {
        heading(&l.text)
            .is_some_and(|(n, t)| number.is_none_or(|want| n == want) && t.contains(title))
    })?;
    lines[at + 1..].iter().find(|l| !l.text.is_empty()).filter(|l| heading(&l.text).is_none())
}

/// `32,000千円` → 32000 and 千円.
fn money(text: &str) -> Option<Money> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digits_end = t.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))?;
    let amount = Quantity::parse(&t[..digits_end]).ok()?;
    let unit = t[digits_end..].to_string();
    (!unit.is_empty()).then_some(Money { amount, unit })
}

/// The name of the evaluating body in a sentence: the words ending in
/// 協議会, 委員会, 審議会 or 会議, from the last phrase boundary before them
/// (`…について北見地域企業立地促進協議会において…`).
fn body_name(text: &str) -> Option<String> {
    const BOUNDARIES: [&str; 8] =
        ["について", "からなる", "における", "により", "による", "、", "。", "を"];
    let text = squeeze(text);
    let mut best: Option<String> = None;
    for suffix in ["協議会", "委員会", "審議会", "会議"] {
        for (at, _) in text.match_indices(suffix) {
            let before = &text[..at];
            let start = BOUNDARIES
                .iter()
                .filter_map(|b| before.rfind(b).map(|i| i + b.len()))
                .max()
                .unwrap_or(0);
            let name = format!("{}{suffix}", &before[start..]).trim().to_string();
            let plausible =
                name.chars().count() > suffix.chars().count() && name.chars().count() <= 40;
            if plausible && best.as_ref().is_none_or(|b| name.chars().count() > b.chars().count()) {
                best = Some(name);
            }
        }
    }
    best
}

/// A target cell: `10人`, `10 人`, `1,000百万円`, `-` (no target).
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    None,
    Value(Quantity, String),
}

fn is_dash(token: &str) -> bool {
    !token.is_empty()
        && token.chars().all(|c| matches!(c, '-' | '－' | '―' | 'ー' | '‐' | '—' | '─'))
}

fn is_number(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_digit()) && Quantity::parse(token).is_ok()
}

/// Splits `10人` into its number and unit.
fn glued(token: &str) -> Option<(Quantity, String)> {
    let end = token.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))?;
    if end == 0 {
        return None;
    }
    let q = Quantity::parse(&token[..end]).ok()?;
    let unit = &token[end..];
    (!unit.chars().any(|c| c.is_ascii_digit())).then(|| (q, unit.to_string()))
}

/// A KPI row: the name, then exactly `n` target cells, read from the right.
fn table_row(text: &str, n: usize) -> Option<(String, Vec<Cell>)> {
    let mut tokens: Vec<&str> = text.split_whitespace().collect();
    let mut cells = Vec::with_capacity(n);
    while cells.len() < n {
        let last = tokens.pop()?;
        if is_dash(last) {
            cells.push(Cell::None);
        } else if is_number(last) {
            cells.push(Cell::Value(Quantity::parse(last).ok()?, String::new()));
        } else if let Some((q, unit)) = glued(last) {
            cells.push(Cell::Value(q, unit));
        } else {
            // A unit on its own: `10 人`.
            let number = tokens.pop()?;
            if !is_number(number) || last.chars().count() > 6 {
                return None;
            }
            cells.push(Cell::Value(Quantity::parse(number).ok()?, last.to_string()));
        }
    }
    cells.reverse();
    let name = squeeze(&tokens.join(" "));
    let name = name
        .trim_end_matches(|c: char| c == '※' || c == '*' || c.is_ascii_digit())
        .trim()
        .to_string();
    (!name.is_empty()).then_some((name, cells))
}

/// A table header: the end-of-March dates of the targets.
fn table_header(text: &str) -> Option<Vec<FiscalYear>> {
    if !text.contains("月末") {
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let years: Vec<FiscalYear> = compact
        .split_inclusive("月末")
        .filter(|p| p.ends_with("月末"))
        .map(|p| {
            // From the era or the 西暦 year before it.
            let start = ["令和", "平成", "昭和"]
                .iter()
                .filter_map(|e| p.rfind(e))
                .max()
                .or_else(|| p.find(|c: char| c.is_ascii_digit()))
                .unwrap_or(0);
            FiscalYear::from_month_end(&p[start..])
        })
        .collect::<Option<Vec<_>>>()?;
    (!years.is_empty()).then_some(years)
}

struct KpiRow {
    line: usize,
    name: String,
    unit: String,
    targets: BTreeMap<FiscalYear, Quantity>,
}

/// The KPI table after the line at `start`: its header, then rows until
/// the next heading. Rows split over two lines are joined.
fn read_table(lines: &[Line], start: usize, errors: &mut Vec<TextError>) -> Vec<KpiRow> {
    let mut rows = Vec::new();
    let mut years: Option<Vec<FiscalYear>> = None;
    let mut pending: Option<(usize, String)> = None;
    for l in &lines[start + 1..] {
        let text = l.text.as_str();
        // Blank lines, rules of dashes and footnotes (※1 …) are not rows.
        if text.is_empty()
            || is_separator(text)
            || text.starts_with(['※', '*', '＊'])
            || text.starts_with("注")
        {
            continue;
        }
        if years.is_none() {
            if let Some(y) = table_header(text) {
                years = Some(y);
                continue;
            }
            if heading(text).is_some() {
                break;
            }
            continue;
        }
        let n = years.as_ref().map_or(0, Vec::len);
        if heading(text).is_some() || text.starts_with('【') {
            break;
        }
        let (line, joined) = match pending.take() {
            Some((first, name)) => (first, format!("{name} {text}")),
            None => (l.number, text.to_string()),
        };
        match table_row(&joined, n) {
            Some((name, cells)) => {
                let mut unit = String::new();
                let mut targets = BTreeMap::new();
                for (fy, cell) in years.iter().flatten().zip(cells) {
                    if let Cell::Value(q, u) = cell {
                        if !u.is_empty() && !unit.is_empty() && u != unit {
                            errors.push(err(Some(line), format!("「{name}」 has two units, {unit} and {u}")));
                        }
                        if !u.is_empty() {
                            unit = u;
                        }
                        targets.insert(*fy, q);
                    }
                }
                rows.push(KpiRow { line, name, unit, targets });
            }
            // A name alone (the values follow on the next line), once.
            None if !joined.split_whitespace().any(|t| is_number(t) || glued(t).is_some() || is_dash(t)) && pending.is_none() && line == l.number => {
                pending = Some((l.number, joined));
            }
            None => errors.push(err(
                Some(line),
                format!("cannot read this KPI row: 「{joined}」; expected a name and {n} targets such as 10 人 or -"),
            )),
        }
    }
    if let Some((line, name)) = pending {
        errors.push(err(Some(line), format!("the KPI 「{name}」 has no targets after it")));
    }
    if years.is_none() {
        errors.push(err(
            Some(lines[start].number),
            "no header with the target dates (平成30年3月末 …) after this line",
        ));
    }
    rows
}

/// A line of dashes between a table's rows, as converters leave them.
fn is_separator(text: &str) -> bool {
    text.split_whitespace().all(is_dash)
}

/// The KPI tables (【数値目標】 and 重要業績評価指標（KPI）及び目標年月),
/// merged: the same KPI in both must have the same targets.
fn read_kpis(lines: &[Line], errors: &mut Vec<TextError>) -> (Vec<KpiRow>, Vec<FiscalYear>) {
    // The KPI tables: 【数値目標】 and 重要業績評価指標（KPI）及び目標年月.
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            l.text.contains("【数値目標】")
                || (l.text.contains("重要業績評価指標") && l.text.contains("目標年月"))
        })
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty() {
        errors.push(err(
            None,
            "could not find the KPI table (【数値目標】 or 重要業績評価指標（KPI）及び目標年月)",
        ));
    }
    let mut kpis: Vec<KpiRow> = Vec::new();
    for start in starts {
        for row in read_table(lines, start, errors) {
            match kpis.iter_mut().find(|k| k.name == row.name) {
                Some(known)
                    if known.targets != row.targets
                        || (!row.unit.is_empty() && known.unit != row.unit) =>
                {
                    errors.push(err(
                        Some(row.line),
                        format!(
                            "the targets of 「{}」 here differ from those on line {}",
                            row.name, known.line
                        ),
                    ));
                }
                Some(_) => {}
                None => kpis.push(row),
            }
        }
    }
    for k in &kpis {
        if k.unit.is_empty() {
            errors.push(err(
                Some(k.line),
                format!("「{}」 has no unit (人, 社 …) with any target", k.name),
            ));
        }
    }
    let mut fiscal_years: Vec<FiscalYear> =
        kpis.iter().flat_map(|k| k.targets.keys().copied()).collect();
    fiscal_years.sort();
    fiscal_years.dedup();

    (kpis, fiscal_years)
}

/// Who evaluates and when, from 「7. 目標の達成状況に係る評価に関する事項」.
fn read_evaluation(lines: &[Line], errors: &mut Vec<TextError>) -> Evaluation {
    let timing_line = value_after(lines, Some("7-2"), "評価");
    let timing = timing_line.map(|l| squeeze(&l.text)).unwrap_or_default();
    let month = timing
        .split_once("毎年")
        .and_then(|(_, r)| r.split_once('月'))
        .and_then(|(m, _)| m.trim().parse::<u32>().ok());
    let month = month.unwrap_or_else(|| {
        errors.push(err(
            timing_line.map(|l| l.number),
            "could not find the month of the evaluation (毎年○月) in 「7-2」",
        ));
        0
    });
    let body = [
        timing_line,
        value_after(lines, Some("7-1"), "評価"),
        value_after(lines, Some("5"), "評価の方法"),
    ]
    .into_iter()
    .flatten()
    .find_map(|l| body_name(&l.text));
    let body = body.unwrap_or_else(|| {
        errors.push(err(None, "could not find the evaluating body (…協議会, …委員会) in 「7. 目標の達成状況に係る評価」"));
        String::new()
    });
    let publication =
        value_after(lines, Some("7-3"), "公表").map(|l| squeeze(&l.text)).unwrap_or_default();

    Evaluation { body, month, timing, publication }
}

/// Reads a plan from its text; every problem found, by line.
pub fn parse(text: &str) -> Result<Plan, Vec<TextError>> {
    let lines = lines(text);
    let mut errors = Vec::new();
    let mut need = |value: Option<String>, what: &str| {
        value.unwrap_or_else(|| {
            errors.push(err(None, format!("could not find {what}")));
            String::new()
        })
    };
    let name = need(
        value_after(&lines, Some("1"), "名称").map(|l| squeeze(&l.text)),
        "「1. 地域再生計画の名称」 and the name after it",
    );
    let author = need(
        value_after(&lines, Some("2"), "作成主体").map(|l| squeeze(&l.text)),
        "「2. 地域再生計画の作成主体の名称」 and the name after it",
    );
    let area = need(
        value_after(&lines, Some("3"), "区域").map(|l| squeeze(&l.text)),
        "「3. 地域再生計画の区域」 and the area after it",
    );

    let period_line = value_after(&lines, Some("6"), "計画期間")
        .or_else(|| value_after(&lines, None, "事業実施期間"));
    let period = period_line.and_then(|l| {
        let t = squeeze(&l.text);
        let cut = ["令和", "平成", "昭和"].iter().filter_map(|e| t.rfind(e)).max()?;
        let end = parse_date(
            t[cut..]
                .trim_end_matches(|c: char| !c.is_ascii_digit() && c != '日')
                .trim_end_matches('日')
                .to_string()
                .as_str(),
        )
        .or_else(|| parse_date(&t[cut..]))?;
        Some(PlanPeriod { start: t[..cut].trim().to_string(), end })
    });
    if period.is_none() {
        errors.push(err(
            period_line.map(|l| l.number),
            "could not read the plan period (「6. 計画期間」 …から令和X年X月X日)",
        ));
    }

    let grant = lines
        .iter()
        .map(|l| squeeze(&l.text))
        .find(|t| t.contains("交付金【") && t.ends_with('】') && t.chars().count() < 40);
    let total_cost = lines.iter().find(|l| l.text.contains("総事業費")).and_then(|l| {
        let rest = l.text.split_once("総事業費").map_or("", |(_, r)| r);
        money(rest)
    });

    let evaluation = read_evaluation(&lines, &mut errors);
    let (kpis, fiscal_years) = read_kpis(&lines, &mut errors);

    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(period) = period else { return Err(errors) };
    Ok(Plan {
        version: PLAN_VERSION,
        name,
        author,
        area,
        period,
        grant,
        total_cost,
        evaluation,
        fiscal_years,
        kpis: kpis
            .into_iter()
            .map(|k| Kpi {
                id: k.name.clone(),
                name: k.name,
                unit: k.unit,
                kind: KpiKind::Annual,
                targets: k.targets,
            })
            .collect(),
        thresholds: Thresholds::default(),
        judgment: JudgmentCategories::default(),
    })
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
    }

    #[test]
    fn rows_are_read_from_the_right() {
        let row = |t: &str| table_row(t, 3);
        assert_eq!(
            row("新規移動人数 10 人 50 人 50 人"),
            Some((
                "新規移動人数".into(),
                vec![
                    Cell::Value(Quantity::units(10), "人".into()),
                    Cell::Value(Quantity::units(50), "人".into()),
                    Cell::Value(Quantity::units(50), "人".into()),
                ]
            ))
        );
        assert_eq!(
            row("進出企業数 - 1社 1社"),
            Some((
                "進出企業数".into(),
                vec![
                    Cell::None,
                    Cell::Value(Quantity::units(1), "社".into()),
                    Cell::Value(Quantity::units(1), "社".into()),
                ]
            ))
        );
        assert_eq!(row("I C T 人材数※1 1,200 人 - 3 人").map(|r| r.0), Some("ICT人材数".into()));
        assert_eq!(row("説明文だけの行"), None);
    }

    #[test]
    fn headers_give_the_fiscal_years() {
        assert_eq!(
            table_header("平成 29 年 3 月末\t平成 30 年 3 月末\t平成 31 年 3 月末"),
            Some(vec![FiscalYear(2016), FiscalYear(2017), FiscalYear(2018)])
        );
        assert_eq!(
            table_header("令和2年3月末  令和3年3月末"),
            Some(vec![FiscalYear(2019), FiscalYear(2020)])
        );
    }

    #[test]
    fn the_evaluating_body_is_found_in_prose() {
        let body = |t: &str| body_name(t);
        assert_eq!(
            body("毎年5月に前年度実績、KPI進捗状況について北見地域企業立地促進協議会において評価を行う").as_deref(),
            Some("北見地域企業立地促進協議会")
        );
        assert_eq!(
            body("毎年6月に前年度のKPIの達成状況についてサンプル町まちづくり推進委員会において評価を行う").as_deref(),
            Some("サンプル町まちづくり推進委員会")
        );
        assert_eq!(
            body("外部有識者からなるまち・ひと・しごと創生推進会議で検証する").as_deref(),
            Some("まち・ひと・しごと創生推進会議")
        );
    }
}
