//! The plan from the text of its 地域再生計画 document, in the templates
//! of 2016–2023, as PDF-to-text leaves it: spaces inside words (`I C T`),
//! full-width digits, tabs or runs of spaces between columns, headings
//! whose number stands on its own line, wrapped names, rows split over
//! lines, footnote marks, furigana. Hand-written because the template is
//! a Japanese government form no library knows.
//!
//! The parts, each in its module: `lines` (the text as written and
//! folded), `headings` (the numbered sections), `parts` (name, author,
//! area, period, grant, cost), `dates` (和暦 and 西暦, 平成32年),
//! `tables` with `columns`, `cells` and `legends` (both KPI table
//! layouts), `kpis` (the tables merged, targets by kind), `kinds`
//! (which kind each KPI is, and why), `evaluation` (who evaluates,
//! when). Names are stored exactly as published; folding is for matching
//! only. What cannot be read is reported by line; nothing is
//! dropped silently.

mod cells;
mod columns;
mod dates;
mod evaluation;
mod headings;
pub mod kinds;
mod kpis;
mod legends;
mod lines;
mod parts;
mod tables;

use std::fmt;

use crate::domain::fiscal::FiscalYear;
use crate::domain::normalize::name_key;
use crate::domain::plan::{Baseline, JudgmentCategories, KpiKind, PLAN_VERSION, Plan, Thresholds};
use crate::domain::quantity::Quantity;
use crate::i18n::tr;

use kinds::Override;
use kpis::{gather, kpis, table_starts};
use parts::{read_grant, read_period, read_total_cost, section};
use tables::Table;

pub use lines::squeeze;

/// Something in the text that could not be read, or (as a warning) was
/// not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl TextError {
    #[must_use]
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        TextError { line: Some(line), message: message.into() }
    }

    #[must_use]
    pub fn whole(message: impl Into<String>) -> Self {
        TextError { line: None, message: message.into() }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => {
                write!(f, "{}{}", tr(format!("{l} 行目: "), format!("line {l}: ")), self.message)
            }
            None => f.write_str(&self.message),
        }
    }
}

/// What the user chose on the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--kind "KPI名=累計"`.
    pub kinds: Vec<Override>,
    /// `--top-aligned`: the KPI table's cells are aligned to the top, so
    /// the lines below a row's values are the rest of its name.
    pub top_aligned: bool,
    /// `--lower-is-better KPI名`: the KPIs to bring down (空き店舗数).
    pub lower: Vec<String>,
    /// `--higher-is-better KPI名`: KPIs whose targets fall that are still
    /// better higher (a 人口 whose decline is to be held).
    pub higher: Vec<String>,
}

/// What was read about one KPI, for the report `import plan` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiReport {
    pub line: usize,
    pub name: String,
    pub kind: KpiKind,
    pub unit: String,
    pub baseline: Option<Baseline>,
    /// Every fiscal year of the plan with the target (`None`: "-").
    pub targets: Vec<(FiscalYear, Option<Quantity>)>,
    /// Why the kind: the word, unit or column, or `--kind`.
    pub why: String,
    /// How the targets were made from the table, when not as written.
    pub formed: Option<String>,
    /// Which way the KPI improves, as the plan will say.
    pub better: crate::domain::plan::Better,
}

/// A plan read from its text, with the report and the warnings.
#[derive(Debug, Clone)]
pub struct Imported {
    pub plan: Plan,
    pub kpis: Vec<KpiReport>,
    /// What the plan does not say (shown as 未設定) or looks like a slip.
    pub warnings: Vec<TextError>,
}

/// Reads a plan from its text with the kinds as inferred.
pub fn parse(text: &str) -> Result<Plan, Vec<TextError>> {
    import(text, &Options::default()).map(|i| i.plan)
}

/// A part of the plan (name, author, area) whose heading is `found` (as
/// the plan writes it) with no text under it, or that has no heading.
fn missing(found: Option<String>, heading: &str, what: &str) -> TextError {
    TextError::whole(match found {
        Some(h) => tr(
            format!("「{h}」の下に{what}が書かれていません"),
            format!("「{h}」 has no text under it; expected {what}"),
        ),
        None => tr(
            format!("「{heading}」が見つかりません。この見出しと、その下に{what}が必要です"),
            format!("could not find 「{heading}」; expected the heading and {what} under it"),
        ),
    })
}

/// The headings 1–3 on one line: a text whose line breaks were lost (a
/// document-sharing page's copy of the PDF runs the plan on in one
/// paragraph), which no part of the reading can take apart.
fn line_breaks_lost(lines: &[lines::Line]) -> Option<TextError> {
    let line = lines.iter().find(|l| {
        let t: String = l.folded.chars().filter(|c| !c.is_whitespace()).collect();
        t.contains("地域再生計画の名称")
            && (t.contains("作成主体") || t.contains("策定主体"))
            && t.contains("地域再生計画の区域")
    })?;
    Some(TextError::at(
        line.number,
        tr(
            "見出し「1 地域再生計画の名称」「2 地域再生計画の作成主体の名称」「3 地域再生計画の区域」が１行に並んでいて、テキストの改行が失われています（ウェブページに表示された計画の文章はこの形になります）。計画の PDF から pdftotext -layout 計画.pdf 計画.txt でテキストにしてください",
            "the headings 「1 地域再生計画の名称」, 「2 地域再生計画の作成主体の名称」 and 「3 地域再生計画の区域」 stand on one line: the text has lost its line breaks (as a web page's copy of a plan does); make the text from the plan's PDF with pdftotext -layout plan.pdf plan.txt",
        ),
    ))
}

/// A `--kind`, `--lower-is-better` or `--higher-is-better` naming no KPI
/// of the plan is an error naming the KPIs.
fn unknown_kinds(gathered: &[kpis::Gathered], options: &Options, errors: &mut Vec<TextError>) {
    let named = options
        .kinds
        .iter()
        .map(|o| ("--kind", &o.name))
        .chain(options.lower.iter().map(|n| ("--lower-is-better", n)))
        .chain(options.higher.iter().map(|n| ("--higher-is-better", n)));
    for (flag, name) in named {
        if !gathered.iter().any(|g| name_key(&g.row.name) == name_key(name)) {
            let names: Vec<&str> = gathered.iter().map(|g| g.row.name.as_str()).collect();
            errors.push(TextError::whole(tr(
                format!(
                    "{flag} {name:?}: 計画にこの名前のＫＰＩはありません（計画のＫＰＩ: {}）",
                    names.join("、")
                ),
                format!(
                    "{flag} {name:?}: the plan has no KPI of that name; its KPIs are: {}",
                    names.join(", ")
                ),
            )));
        }
    }
}

/// Reads a plan from its text: the plan, what was inferred per KPI, and
/// the warnings; or every problem found, by line.
pub fn import(text: &str, options: &Options) -> Result<Imported, Vec<TextError>> {
    let lines = lines::read(text);
    if let Some(e) = line_breaks_lost(&lines) {
        return Err(vec![e]);
    }
    let headings = headings::find_all(&lines);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    let (name_found, name) = section(&lines, &headings, |t| t.contains("地域再生計画の名称"));
    let (author_found, author) =
        section(&lines, &headings, |t| t.contains("作成主体") || t.contains("策定主体"));
    let (area_found, area) = section(&lines, &headings, |t| t.contains("地域再生計画の区域"));

    let mut legends = Vec::new();
    // Tables found but refused have said why: no "could not find" then.
    let table_errors = errors.len();
    let tables: Vec<Table> = table_starts(&lines)
        .into_iter()
        .filter_map(|s| {
            tables::read(&lines, &headings, s, options.top_aligned, &mut legends, &mut errors)
        })
        .collect();

    if name_found.is_none() && author_found.is_none() && area_found.is_none() && tables.is_empty() {
        return Err(vec![TextError::whole(tr(
            "このテキストは kpi-council の読める様式の地域再生計画ではありません（計画の項目が一つも見つかりません）。見出し「1 地域再生計画の名称」「2 地域再生計画の作成主体の名称」「3 地域再生計画の区域」と、【数値目標】または「重要業績評価指標（KPI）及び目標年月」の下のＫＰＩの表が必要です",
            "this text is not a 地域再生計画 in a template kpi-council knows: found none of its parts; expected the headings 「1 地域再生計画の名称」, 「2 地域再生計画の作成主体の名称」 and 「3 地域再生計画の区域」, and a KPI table under 【数値目標】 or 「重要業績評価指標（KPI）及び目標年月」",
        ))]);
    }
    let mut need =
        |found: Option<String>, value: Option<(usize, String)>, heading: &str, what: String| {
            if let Some((_, v)) = value {
                return v;
            }
            errors.push(missing(found, heading, &what));
            String::new()
        };
    let name = need(name_found, name, "1 地域再生計画の名称", tr("計画の名称", "the plan's name"));
    let author = need(
        author_found,
        author,
        "2 地域再生計画の作成主体の名称",
        tr("作成主体（市町村）の名称", "the municipality"),
    );
    let area = need(area_found, area, "3 地域再生計画の区域", tr("計画の区域", "the area"));

    let period = read_period(&lines, &headings, &mut errors);
    let grant = read_grant(&lines);
    let total_cost = read_total_cost(&lines);
    let evaluation = evaluation::read(&lines, &headings, &mut warnings);

    if tables.is_empty() && errors.len() == table_errors {
        errors.push(TextError::whole(tr(
            "ＫＰＩの表が見つかりません。【数値目標】または「重要業績評価指標（KPI）及び目標年月」の後に、日付の見出し行（平成30年3月末 …、2020年3月末 …、2019年度増加分 … など）が必要です",
            "could not find the KPI table; expected 【数値目標】 or 「重要業績評価指標（KPI）及び目標年月」 followed by a heading row of dates (平成30年3月末 …, 2020年3月末 …, or 2019年度増加分 …)",
        )));
    }
    let first_table = tables.first().map(|t| t.line);
    let (gathered, fiscal_years) = gather(tables, &legends, &mut errors);
    if let Some(line) = first_table
        && gathered.is_empty()
        && errors.is_empty()
    {
        errors.push(TextError::at(
            line,
            tr(
                "ＫＰＩの表に見出しはありますが、ＫＰＩの行がありません",
                "the KPI table has a heading but no KPI rows",
            ),
        ));
    }

    unknown_kinds(&gathered, options, &mut errors);
    let (kpis, reports) = kpis(&gathered, &fiscal_years, options, &mut errors, &mut warnings);

    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(period) = period else { return Err(errors) };
    Ok(Imported {
        plan: Plan {
            version: PLAN_VERSION,
            name,
            author,
            area,
            period,
            grant,
            total_cost,
            evaluation,
            fiscal_years,
            kpis,
            thresholds: Thresholds::default(),
            judgment: JudgmentCategories::default(),
        },
        kpis: reports,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL_PLAN: &str = "1. 地域再生計画の名称\n\n試験計画\n\n2. 地域再生計画の作成主体の名称\n\n試験町\n\n3. 地域再生計画の区域\n\n試験町の全域\n\n【数値目標】\n\n令和3年3月末 令和4年3月末\n{ROWS}\n6. 計画期間\n\n地域再生計画認定の日から令和4年3月31日まで\n";

    #[test]
    fn a_percentage_written_as_a_ratio_is_a_warning() {
        let text = SMALL_PLAN.replace("{ROWS}", "テレワーク実施率 0.15 % 0.2 %\n");
        let imported = import(&text, &Options::default()).expect("imports");
        assert_eq!(imported.plan.kpis[0].kind, KpiKind::Rate);
        let w: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
        assert!(
            w.iter().any(|w| w.starts_with(
                "line 16: 「テレワーク実施率」 is counted in % but has a target of 0.15"
            )),
            "{w:?}"
        );
    }

    /// A baseline column headed 策定時 was no column: its value ended the
    /// name (「移住者数10人」) and the baseline was lost.
    #[test]
    fn a_column_the_heading_does_not_name_never_ends_a_name() {
        let plan = |head: &str| {
            SMALL_PLAN.replace(
                "令和3年3月末 令和4年3月末\n{ROWS}",
                &format!("ＫＰＩ {head} 令和3年3月末 令和4年3月末\n移住者数 10人 12人 14人\n"),
            )
        };
        let imported = import(&plan("策定時"), &Options::default()).expect("imports");
        let kpi = &imported.plan.kpis[0];
        assert_eq!(kpi.name, "移住者数");
        let baseline = kpi.baseline.as_ref().expect("baseline");
        assert_eq!((baseline.label.as_str(), baseline.value), ("策定時", Quantity::units(10)));

        let e = import(&plan("現在値"), &Options::default()).expect_err("refused");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            e[0].to_string(),
            "line 16: 「移住者数 10人 12人 14人」 has 3 values but the table's heading names 2 columns (令和2年度, 令和3年度); a column whose heading was not read (a baseline?) would shift every value: head that column 基準値"
        );
    }

    /// A 累計 column in a table of targets made every row one of 増加分:
    /// 移住者数 12 / 14 was shown as 12 / 26. The years are the targets as
    /// written; a 累計 that is neither their sum nor a 累計 KPI's last
    /// target is refused.
    #[test]
    fn a_total_column_in_a_table_of_targets_adds_up_the_years() {
        let plan = |rows: &str| {
            SMALL_PLAN.replace(
                "令和3年3月末 令和4年3月末\n{ROWS}",
                &format!("ＫＰＩ 令和2年度 令和3年度 累計\n{rows}"),
            )
        };
        let imported = import(
            &plan("移住者数 12人 14人 26人\n起業件数（累計） 2件 4件 4件\n"),
            &Options::default(),
        )
        .expect("imports");
        let targets: Vec<Vec<String>> = imported
            .plan
            .kpis
            .iter()
            .map(|k| k.targets.values().map(ToString::to_string).collect())
            .collect();
        assert_eq!(targets, [["12", "14"], ["2", "4"]]);
        assert_eq!(imported.plan.kpis[0].kind, KpiKind::Annual);

        let e =
            import(&plan("移住者数 12人 14人 14人\n"), &Options::default()).expect_err("refused");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            e[0].to_string(),
            "line 16: 「移住者数」: the 累計 column says 14 but the yearly targets add up to 26 (a 単年度 KPI); if each year's target is a running total, give --kind \"移住者数=累計\"; if the year columns are increases, head them such as 2024年度増加分"
        );
    }

    /// Columns as older plans head them: the years added up under 合計,
    /// the baseline under 申請時. Both were refused as a column the
    /// heading does not name, saying to head it 基準値: a 合計 so renamed
    /// right of the years would have been read as the baseline.
    #[test]
    fn a_sum_headed_gokei_and_a_baseline_headed_shinseiji_are_columns() {
        let plan = |head: &str, rows: &str| {
            SMALL_PLAN.replace("令和3年3月末 令和4年3月末\n{ROWS}", &format!("{head}\n{rows}"))
        };
        let text = plan("ＫＰＩ 令和2年度 令和3年度 合計", "移住者数 12人 14人 26人\n");
        let imported = import(&text, &Options::default()).expect("imports");
        let kpi = &imported.plan.kpis[0];
        let targets: Vec<String> = kpi.targets.values().map(ToString::to_string).collect();
        assert_eq!((targets, kpi.baseline.is_none()), (vec!["12".into(), "14".into()], true));
        let text = plan("ＫＰＩ 令和2年度 令和3年度 合計", "移住者数 12人 14人 14人\n");
        let e = import(&text, &Options::default()).expect_err("refused");
        assert!(e[0].message.contains("add up to 26"), "{e:?}");

        let text = plan("ＫＰＩ 申請時 令和3年3月末 令和4年3月末", "移住者数 5人 10人 20人\n");
        let imported = import(&text, &Options::default()).expect("imports");
        let kpi = &imported.plan.kpis[0];
        let baseline = kpi.baseline.as_ref().expect("baseline");
        assert_eq!((baseline.label.as_str(), baseline.value), ("申請時", Quantity::units(5)));
        let targets: Vec<String> = kpi.targets.values().map(ToString::to_string).collect();
        assert_eq!(targets, ["10", "20"]);
    }

    /// KPIs numbered in their names (`① 移住者数`, `(2) 観光客数`): each
    /// row was taken for a numbered heading of the plan, which ended the
    /// table before its rows, and the plan refused as having no KPI table.
    #[test]
    fn kpis_numbered_in_their_names_are_rows() {
        let rows = "① 移住者数      10人    12人\n(2) 観光客数    250人   260人\n（3）起業件数   2件     3件\n";
        let imported =
            import(&SMALL_PLAN.replace("{ROWS}", rows), &Options::default()).expect("imports");
        let kpis: Vec<(String, Vec<String>)> = imported
            .plan
            .kpis
            .iter()
            .map(|k| (k.name.clone(), k.targets.values().map(ToString::to_string).collect()))
            .collect();
        assert_eq!(
            kpis,
            [
                ("①移住者数".to_string(), vec!["10".to_string(), "12".to_string()]),
                ("(2)観光客数".to_string(), vec!["250".to_string(), "260".to_string()]),
                ("（3）起業件数".to_string(), vec!["2".to_string(), "3".to_string()]),
            ]
        );
    }

    /// A word processor's "save as text" of a table whose KPIs are
    /// numbered (`① 移住者数`): each cell a line, the numbered name taken
    /// for a heading that ended the table, and the text refused for words
    /// between the heading and the first row instead of saying how to
    /// make a text that can be read.
    #[test]
    fn cells_one_per_line_with_numbered_names_are_refused_as_such() {
        let rows = "① 移住者数（単位：人）\n10\n12\n(2) 観光客数（単位：人）\n250\n260\n";
        let text = SMALL_PLAN.replace(
            "令和3年3月末 令和4年3月末\n{ROWS}",
            &format!("ＫＰＩ\n令和3年3月末\n令和4年3月末\n{rows}"),
        );
        let e = import(&text, &Options::default()).expect_err("refused");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].line, Some(13), "{e:?}");
        assert!(e[0].message.starts_with("the KPI table's cells stand one per line"), "{e:?}");
    }

    /// Plain `pdftotext` (a plan's text as document-sharing sites show it)
    /// sets a number apart from a full-width unit (`10 人`, `1,000 千円`):
    /// such cells one per line were not seen as cells alone, and every line
    /// was refused as words between the heading and the first row, with
    /// advice about centred cells, never how to make a text that reads.
    #[test]
    fn cells_one_per_line_with_units_apart_are_refused_as_such() {
        let rows = "体験ツアー参加者数\n10 人\n12 人\n特産品の売上額\n1,000 千円\n1,500 千円\n";
        let text = SMALL_PLAN.replace(
            "令和3年3月末 令和4年3月末\n{ROWS}",
            &format!("ＫＰＩ\n令和 3 年 3 月末\n令和 4 年 3 月末\n{rows}"),
        );
        let e = import(&text, &Options::default()).expect_err("refused");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].line, Some(13), "{e:?}");
        assert!(e[0].message.starts_with("the KPI table's cells stand one per line"), "{e:?}");
        assert!(e[0].message.contains("pdftotext -layout"), "{e:?}");

        // As pdftotext -layout writes a table of one target with each name
        // above its value: the values stand right of the names, and the
        // table is read.
        let rows = "移住者数\n                  120 人\n観光客数\n                2,500 人\n新規就農者数\n                   12 人\n";
        let text = SMALL_PLAN.replace(
            "令和3年3月末 令和4年3月末\n{ROWS}",
            &format!("                令和 4 年 3 月末\n{rows}"),
        );
        // Its units glued to the numbers (`120人`) too.
        for text in [text.clone(), text.replace(" 人", "人")] {
            let imported = import(&text, &Options::default()).expect("imports");
            let kpis: Vec<(&str, Vec<String>)> = imported
                .plan
                .kpis
                .iter()
                .map(|k| (k.name.as_str(), k.targets.values().map(ToString::to_string).collect()))
                .collect();
            assert_eq!(
                kpis,
                [
                    ("移住者数", vec!["120".to_string()]),
                    ("観光客数", vec!["2,500".to_string()]),
                    ("新規就農者数", vec!["12".to_string()]),
                ]
            );
        }
    }

    #[test]
    fn a_kpi_without_unit_or_two_kpis_of_one_name_are_errors() {
        let text = SMALL_PLAN.replace("{ROWS}", "相談件数 3 5\n");
        let e = import(&text, &Options::default()).expect_err("refused");
        assert!(e.iter().any(|e| e.to_string().contains("「相談件数」 has no unit")), "{e:?}");
    }

    /// A plan's text as a document-sharing page shows it, its line breaks
    /// lost: the headings 1–3 and their text on one line. It was refused
    /// as no plan at all, or as three headings with nothing under them,
    /// quoting the whole line, and never said what to do.
    #[test]
    fn a_text_without_its_line_breaks_is_refused_once_as_such() {
        let flat = |lead: &str| {
            format!(
                "{lead}1 地域再生計画の名称 試験計画 2 地域再生計画の作成主体の名称 試験町 3 地域再生計画の区域 試験町の全域 4 地域再生計画の目標 4-1 地域の現状 試験町は 県の東部に位置し\n"
            )
        };
        for text in
            [flat(""), flat("地域再生計画 "), format!("資料 2\n\n{}", flat("1 地域再生計画 "))]
        {
            let e = import(&text, &Options::default()).expect_err("refused");
            assert_eq!(e.len(), 1, "{e:?}");
            let line = if text.starts_with("資料") { 3 } else { 1 };
            assert_eq!(e[0].line, Some(line), "{e:?}");
            assert!(
                e[0].message.starts_with("the headings 「1 地域再生計画の名称」, 「2 地域再生計画の作成主体の名称」 and 「3 地域再生計画の区域」 stand on one line"),
                "{e:?}"
            );
            assert!(e[0].message.contains("pdftotext -layout"), "{e:?}");
        }
    }

    #[test]
    fn an_unknown_text_is_one_error_naming_what_was_expected() {
        let e = import("議事録\n\n1. 開会\n2. 議事\n", &Options::default()).expect_err("refused");
        assert_eq!(e.len(), 1);
        assert!(
            e[0].message.contains("not a 地域再生計画") && e[0].message.contains("【数値目標】"),
            "{}",
            e[0]
        );
    }
}
