//! The same figure on every surface: what the council sees on the
//! projector (the overview, an item, the companies, a company, the years),
//! `summary` and the minutes (Markdown, HTML, Word, xlsx) say the same
//! target, actual, rate and status, and a screen too narrow for a figure
//! never shows it cut (`12,0…` would read as 12). The figures are read
//! from each surface's text and compared with `summary`'s table.
//!
//! The plan (`tests/data/surfaces`) is fictional: five years, one KPI of
//! each kind, decimals, a target of 0, years without a target or an
//! actual, a stated total above its breakdown and a rate of 84.95 %.

use std::collections::BTreeMap;
use std::path::PathBuf;

use kpi_council::app::action::Action;
use kpi_council::app::state::App;
use kpi_council::app::update::update;
use kpi_council::domain::session::{DataRefs, ItemRef, Session, Sheet};
use kpi_council::export::minutes::Options;
use kpi_council::export::write::Format;
use kpi_council::i18n::Lang;
use kpi_council::store::dataset_files::{self, Loaded};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

fn data(folder: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(folder).join(name)
}

/// The plans these tests read: this module's, the one of every kind, and
/// the embedded default (`None`).
const PLANS: [Option<&str>; 3] = [Some("surfaces"), Some("kinds"), None];

fn loaded(folder: Option<&str>) -> Loaded {
    match folder {
        Some(f) => dataset_files::load(Some(&data(f, "plan.ron")), Some(&data(f, "actuals.ron")))
            .expect("plan and actuals"),
        None => dataset_files::load(None, None).expect("embedded"),
    }
}

fn app(folder: Option<&str>, actions: &[Action]) -> App {
    let now = chrono::DateTime::parse_from_rfc3339("2023-08-20T14:00:00+09:00").expect("time");
    let mut app = App::in_memory(loaded(folder), Lang::Ja, now);
    for a in actions {
        update(&mut app, *a);
    }
    app
}

/// The screen's lines as a person reads them: a wide character once.
fn screen(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test terminal");
    terminal.draw(|f| kpi_council::ui::render(app, f)).expect("draw");
    let buf = terminal.backend().buffer();
    (0..h)
        .map(|y| {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..w {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let s = buf[(x, y)].symbol();
                skip = UnicodeWidthStr::width(s).saturating_sub(1);
                line.push_str(s);
            }
            line
        })
        .collect()
}

/// Where a line shows a figure cut: `…` right after a digit, a separator
/// after a digit, or a digit and part of a unit (`8,500.5千…`).
fn cut_figure(line: &str, units: &[String]) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '…' {
            continue;
        }
        let before: String = chars[..i].iter().collect();
        let number_then = |rest: &str| {
            before
                .strip_suffix(rest)
                .and_then(|b| b.strip_suffix([',', '.']).or(Some(b)))
                .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()))
        };
        let unit_part = units.iter().any(|u| {
            let u: Vec<char> = u.chars().collect();
            (1..u.len()).any(|n| number_then(&u[..n].iter().collect::<String>()))
        });
        if number_then("") || unit_part {
            return Some(line.trim().to_string());
        }
    }
    None
}

/// Every screen that shows a figure, for every KPI and year: the item, its
/// companies and the first company, and the overview and the years.
fn screens_of(folder: Option<&str>) -> Vec<(String, App)> {
    let plan = loaded(folder).dataset.plan;
    let mut out = vec![
        ("overview".to_string(), app(folder, &[])),
        ("years".to_string(), app(folder, &[Action::Years])),
    ];
    for k in 0..plan.kpis.len() {
        for y in 0..plan.fiscal_years.len() {
            let mut path = vec![Action::Down; k];
            path.extend(vec![Action::Right; y]);
            for (depth, name) in ["item", "companies", "company"].iter().enumerate() {
                let mut actions = path.clone();
                actions.extend(vec![Action::Enter; depth + 1]);
                out.push((format!("{name} of KPI {k}, year {y}"), app(folder, &actions)));
            }
        }
    }
    out
}

#[test]
fn no_screen_shows_a_figure_cut() {
    for folder in PLANS {
        let units: Vec<String> =
            loaded(folder).dataset.plan.kpis.iter().map(|k| k.unit.clone()).collect();
        for (what, app) in screens_of(folder) {
            for (w, h) in [(80, 24), (100, 30), (120, 40)] {
                // Below the plan's heading (its name and evaluation month)
                // and the breadcrumb (令和2年度 (2020…), cut as prose.
                for line in screen(&app, w, h).into_iter().skip(3) {
                    if let Some(cut) = cut_figure(&line, &units) {
                        panic!("{folder:?} {what} at {w}x{h}: a figure cut in {cut:?}");
                    }
                }
            }
        }
    }
}

/// The numbers of a text (`12,345.675`, `84.9`, `2021`).
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() || (!cur.is_empty() && (c == ',' || c == '.')) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(cur.trim_end_matches([',', '.']).to_string());
            cur.clear();
        }
    }
    out
}

fn summary_table(folder: Option<&str>) -> String {
    let mut cmd = crate::common::kpi_council();
    if let Some(f) = folder {
        cmd.arg("--plan").arg(data(f, "plan.ron")).arg("--actuals").arg(data(f, "actuals.ron"));
    }
    let out = cmd.arg("summary").assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("utf-8")
}

/// Every number in the overview's matrix (its cells and headings) is one
/// `summary` prints: a figure, a rate or a year, never a piece of one.
#[test]
fn every_number_of_the_overview_is_one_of_the_summary() {
    for folder in PLANS {
        let summary = numbers(&summary_table(folder));
        for (w, h) in [(80, 24), (100, 30), (120, 40)] {
            let lines = screen(&app(folder, &[]), w, h);
            // From the matrix's heading to the meeting's remarks below it.
            let end = lines.iter().position(|l| l.contains("発言")).expect("remarks");
            for line in &lines[3..end] {
                // Less the marks of rows out of view (▼ 続き 1).
                let line = line.split(['▲', '▼']).next().unwrap_or_default();
                for n in numbers(line) {
                    assert!(
                        summary.contains(&n),
                        "{folder:?} {w}x{h}: {n} is not a figure of the summary in {line:?}"
                    );
                }
            }
        }
    }
}

/// A row's figures: target, actual, rate, status.
type Row = [String; 4];

/// `summary`'s table by its year column (令和3年度 (2021), or the rule of a
/// plan-period figure without its mark), for each KPI.
fn summary_rows(folder: Option<&str>) -> BTreeMap<(String, String), Row> {
    let table = summary_table(folder);
    let kpis: Vec<String> =
        loaded(folder).dataset.plan.kpis.iter().map(|k| k.name.clone()).collect();
    let mut rows = BTreeMap::new();
    for line in table.lines() {
        let Some(kpi) = kpis.iter().find(|k| line.starts_with(&format!("{k} "))) else { continue };
        let fields: Vec<&str> = line.split("  ").map(str::trim).filter(|f| !f.is_empty()).collect();
        let n = fields.len();
        let year = fields[2].trim_end_matches('＊').to_string();
        let row = [fields[n - 4], fields[n - 3], fields[n - 2], fields[n - 1]].map(String::from);
        rows.insert((kpi.clone(), year), row);
    }
    rows
}

/// The years screen (`y`) says what `summary` says, row by row, with the
/// year a final-year figure is taken from, and － where there is none.
#[test]
fn the_years_screen_says_what_the_summary_says() {
    for folder in PLANS {
        let expected = summary_rows(folder);
        let plan = loaded(folder).dataset.plan;
        let lines = screen(&app(folder, &[Action::Years]), 200, 120);
        let mut kpi = String::new();
        let mut seen = 0;
        for line in lines.iter().map(|l| l.trim_matches(|c| c == '│' || c == ' ')) {
            if let Some(k) = plan.kpis.iter().find(|k| line == format!("{}（{}）", k.name, k.unit))
            {
                kpi = k.name.clone();
                continue;
            }
            // 令和3年度 (2021)  目標 12,000千円  実績 10,194千円 84.9% 概ね達成
            let Some((year, rest)) = line.split_once("  目標 ") else { continue };
            let (target, rest) = rest.split_once("  実績 ").expect("actual");
            let words: Vec<&str> = rest.split(' ').collect();
            let (actual, rate, status) = match words.as_slice() {
                [a, r, s] => (*a, *r, *s),
                [a, s] => (*a, "－", *s),
                _ => panic!("{line:?}"),
            };
            let row = [target, actual, rate, status].map(String::from);
            let key = (kpi.clone(), year.to_string());
            assert_eq!(expected.get(&key), Some(&row), "{folder:?} {key:?}: {line:?}");
            seen += 1;
        }
        assert_eq!(seen, expected.len(), "{folder:?}: every row of the summary is on the screen");
    }
}

/// The minutes of a meeting on 2022-08-20, which evaluates 令和3年度, and
/// opened the companies behind 観光消費額 (a stated total above them).
fn minutes(format: Format) -> Vec<u8> {
    let loaded = loaded(Some("surfaces"));
    let mut session = Session::new(Sheet::default(), DataRefs::default());
    session.sheet.date = chrono::NaiveDate::from_ymd_opt(2022, 8, 20);
    session.breakdowns_shown = vec![ItemRef {
        kpi: "観光消費額".into(),
        fiscal_year: kpi_council::domain::fiscal::FiscalYear(2021),
    }];
    kpi_council::export::render(&loaded.dataset, &session, format, Options::default())
        .expect("minutes")
}

/// The rows of the minutes' two tables in Markdown, HTML and Word are the
/// summary's, figure for figure: 10,194千円 of 12,000千円 is 84.9% (cut,
/// as everywhere), 0千円 is a target, － is none.
#[test]
fn the_minutes_tables_say_what_the_summary_says() {
    let expected = summary_rows(Some("surfaces"));
    let md = String::from_utf8(minutes(Format::Md)).expect("utf-8");
    let html = String::from_utf8(minutes(Format::Html)).expect("utf-8");
    let docx = crate::documents::docx_text(&minutes(Format::Docx));
    let mut checked = 0;
    for ((kpi, year), [target, actual, rate, status]) in &expected {
        let evaluated = year.contains("(2021)");
        let period = year.starts_with("計画期間");
        if !evaluated && !period {
            continue;
        }
        // The plan-period rows name the rule (with any note after it).
        let rule = if period { format!(" {year}") } else { String::new() };
        let cells = [target, actual, rate, status];
        let md_row = format!(" | {} | {} | {} | {} |", cells[0], cells[1], cells[2], cells[3]);
        assert!(
            md.lines().any(|l| l.starts_with(&format!("| {kpi} |"))
                && l.contains(&rule)
                && l.ends_with(&md_row)),
            "Markdown lacks {kpi} {year}: {md_row}\n{md}"
        );
        let html_row = format!(
            "<td class=\"n\">{target}</td><td class=\"n\">{actual}</td><td class=\"n\">{rate}</td>"
        );
        assert!(html.contains(&html_row), "HTML lacks {kpi} {year}: {html_row}");
        let docx_row = format!("| {} | {} | {} | {} |", cells[0], cells[1], cells[2], cells[3]);
        assert!(
            docx.lines().any(|l| l.starts_with(&format!("| {kpi} |")) && l.ends_with(&docx_row)),
            "Word lacks {kpi} {year}: {docx_row}\n{docx}"
        );
        checked += 1;
    }
    assert_eq!(checked, 8, "four KPIs in the evaluated year and over the plan period");
}

/// The figures, rates, shares, statuses and kinds in the cells of the
/// Markdown minutes' tables: what a printed table must show whole.
fn table_cells(md: &str) -> Vec<String> {
    let mut out: Vec<String> = md
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ---"))
        .flat_map(|l| l.split(" | ").map(|c| c.trim_matches(['|', ' ']).to_string()))
        .filter(|c| {
            c.chars().next().is_some_and(|ch| ch.is_ascii_digit())
                || matches!(c.as_str(), "達成" | "概ね達成" | "未達成" | "目標なし" | "実績なし")
                || matches!(c.as_str(), "単年度" | "累計" | "水準" | "率")
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Every figure, status and kind of the minutes' tables on one printed
/// line of `pdf`.
fn assert_printed_whole(pdf: &std::path::Path) {
    let md = String::from_utf8(minutes(Format::Md)).expect("utf-8");
    let cells = table_cells(&md);
    assert!(cells.contains(&"3,000.25千円".to_string()), "{cells:?}");
    let lines: Vec<String> = crate::documents::pdf_pages(pdf, true)
        .iter()
        .flat_map(|p| {
            p.lines().map(|l| l.split_whitespace().collect::<String>()).collect::<Vec<_>>()
        })
        .collect();
    for cell in cells {
        assert!(
            lines.iter().any(|l| l.contains(&cell)),
            "{cell} is not whole on any printed line:\n{}",
            lines.join("\n")
        );
    }
    // Each plan-period row's first line holds its kind and status whole
    // (実績なし stands whole in the charts too, so each row is read).
    let rows: Vec<&String> = lines.iter().filter(|l| l.contains("計画期間（")).collect();
    assert_eq!(rows.len(), 4, "{}", lines.join("\n"));
    for row in rows {
        let kind = ["単年度", "累計", "水準", "率"].iter().any(|k| row.contains(k));
        assert!(kind && row.ends_with("実績なし"), "a kind or a status broken in {row}");
    }
}

/// Printed by LibreOffice, the Word minutes show every figure of their
/// tables on one line: 3,000.25千円 was printed as 3,000.2 above 5千円, and
/// 実績なし as 実績な above し, in columns LibreOffice shared out evenly.
#[test]
fn the_word_minutes_print_every_figure_whole() {
    if !crate::documents::have("soffice", "the_word_minutes_print_every_figure_whole")
        || !crate::documents::have("pdftotext", "the_word_minutes_print_every_figure_whole")
    {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("minutes.docx");
    std::fs::write(&file, minutes(Format::Docx)).expect("write");
    assert_printed_whole(&crate::documents::soffice_pdf(&file));
}

/// Printed by Chromium, the HTML minutes show every figure, status and
/// kind of their tables on one line: 実績なし was printed as 実績な above
/// し, and 単年度 as 単年 above 度, in the plan-period table.
#[test]
fn the_html_minutes_print_every_figure_whole() {
    if !crate::documents::have("chromium", "the_html_minutes_print_every_figure_whole")
        || !crate::documents::have("pdftotext", "the_html_minutes_print_every_figure_whole")
    {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("minutes.html");
    std::fs::write(&file, minutes(Format::Html)).expect("write");
    assert_printed_whole(&crate::documents::chromium_pdf(&file));
}

/// The companies behind a year without an actual (実績なし) total －, as
/// the item says, never 0千円.
#[test]
fn the_companies_of_a_year_without_an_actual_total_no_figure() {
    let mut actions = vec![Action::Right; 4];
    actions.extend([Action::Enter, Action::Enter]);
    let lines = screen(&app(Some("surfaces"), &actions), 80, 24);
    assert!(lines[2].contains("観光消費額 › 令和5年度"), "{}", lines.join("\n"));
    let total = lines.iter().find(|l| l.contains("合計")).expect("the total row");
    assert!(total.contains('－') && !total.contains('0'), "{total}");
}

/// The bottom row of a breakdown says what the companies screen says: for
/// a rate (never a sum of parts, so no breakdown: its stated figure is not
/// listed as a row （企業別内訳なし） of 100.0%) the actual, without a share,
/// the table saying there is no breakdown under its heading's actual; for
/// the other kinds the total, 100.0 %.
#[test]
fn summary_companies_ends_each_breakdown_as_the_screen_does() {
    let last_rows = |kpi: &str, fy: &str| {
        let mut cmd = crate::common::kpi_council();
        cmd.arg("--plan").arg(data("surfaces", "plan.ron"));
        cmd.arg("--actuals").arg(data("surfaces", "actuals.ron"));
        let out = cmd.args(["summary", "--companies", "--kpi", kpi, "--fy", fy]).assert().success();
        let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
        let line = text.lines().last().expect("a row").to_string();
        line.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let screen_row = |down: usize| {
        let mut actions = vec![Action::Down; down];
        actions.extend([Action::Right, Action::Right, Action::Enter, Action::Enter]);
        let lines = screen(&app(Some("surfaces"), &actions), 120, 40);
        let row = lines
            .iter()
            .rev()
            .find(|l| l.starts_with("│合計") || l.starts_with("│実績"))
            .expect("the bottom row");
        row.trim_matches(|c| c == '│' || c == ' ').split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert_eq!(last_rows("市内就職率", "2021"), "この項目には企業別の内訳がありません");
    assert_eq!(screen_row(2), "実績 33.98%");
    assert_eq!(last_rows("観光消費額", "2021"), "合計 10,194千円 100.0%");
    // The screen's value column gives the unit way (the item names it).
    assert_eq!(screen_row(0), "合計 10,194 100.0%");
}
