//! The minutes as one standalone HTML page for the city's homepage: no
//! network access (a restrictive Content-Security-Policy, fonts by family
//! fallback, charts as inline SVG), printable on A4.
//!
//! Built with maud rather than by string concatenation: its templates are
//! checked at compile time and every interpolated value is HTML-escaped by
//! default, so a remark `<script>alert(1)</script>` can only ever be text.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::domain::achievement::Status;
use crate::domain::quantity::Quantity;
use crate::i18n::Lang;

use super::minutes::{
    Figures, FollowUpSection, FreeSection, ItemSection, JudgmentEntry, Minutes, Part, Proceeding,
    RemarkEntry, Series, withheld_note, words as w,
};

/// No scripts, no network: only inline styles and inline images.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS: &str = r#"
:root { color-scheme: light; }
body { font-family: "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic", "YuGothic", "Meiryo", "Noto Sans CJK JP", "Noto Sans JP", sans-serif; line-height: 1.7; color: #111; max-width: 60em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; border-bottom: 2px solid #333; padding-bottom: .3em; }
h2 { font-size: 1.2em; border-left: 6px solid #333; padding-left: .5em; margin-top: 2em; }
h3 { font-size: 1.05em; margin-top: 1.5em; }
h5 { font-size: 1em; margin: 1em 0 .3em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #888; padding: .2em .6em; vertical-align: top; }
th { background: #eee; white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nw { white-space: nowrap; }
.note { border: 1px solid #c90; background: #fff8e0; padding: .5em 1em; }
.internal { border-color: #c00; background: #ffecec; font-weight: bold; }
.status-achieved { color: #060; font-weight: bold; }
.status-mostly { color: #850; font-weight: bold; }
.status-not { color: #a00; font-weight: bold; }
.status-none { color: #555; }
ul.remarks { list-style: none; padding-left: 0; }
ul.remarks ul { list-style: none; padding-left: 2em; }
.meta { color: #444; }
.text { white-space: pre-wrap; }
.hashes { font-size: 7.5pt; color: #555; word-break: break-all; }
figure { margin: 1em 0; }
svg text { font-family: inherit; font-size: 12px; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; font-size: 10.5pt; }
  section.page { break-before: page; }
  h1, h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
  table.short, figure, li, tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

/// A table short enough to keep on one page when printed.
fn table_class(rows: usize) -> &'static str {
    if rows <= 15 { "short" } else { "long" }
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Achieved => "status-achieved",
        Status::MostlyAchieved => "status-mostly",
        Status::NotAchieved => "status-not",
        Status::NoTarget | Status::NoActual => "status-none",
    }
}

fn value(q: Option<Quantity>, unit: &str) -> String {
    Lang::Ja.figure(q, &t(unit))
}

/// User text as shown: controls and bidi overrides as visible placeholders
/// (escaping for HTML is maud's).
fn t(text: &str) -> String {
    super::safe::html(text).into_owned()
}

/// Text of several lines as shown: each line made safe as [`t`] makes
/// text, the line breaks kept (a `white-space: pre-wrap` element shows
/// them, any other a space). Through [`t`] whole, a break became a visible
/// ␊ (a box where the printer's font has no such glyph), and a CRLF ␍␊.
fn lines(text: &str) -> String {
    if text.contains(['\n', '\r']) {
        text.lines().map(t).collect::<Vec<_>>().join("\n")
    } else {
        t(text)
    }
}

/// 指標, 種類, (集計方法,) 目標, 実績, 達成率, 評価.
fn figures_row(f: &Figures) -> Markup {
    html! {
        tr {
            td { (t(&f.kpi)) }
            // A kind and a status read whole: never 単年 above 度.
            td.nw { (t(&f.kind)) }
            @if let Some(rule) = &f.rule { td { (t(rule)) } }
            td.n { (value(f.target, &f.unit)) }
            td.n { (value(f.actual, &f.unit)) }
            td.n { (Lang::Ja.rate(f.rate)) }
            td class=(format!("nw {}", status_class(f.status))) { (Lang::Ja.status(f.status)) }
        }
    }
}

fn remark(r: &RemarkEntry) -> Markup {
    html! {
        li {
            span.meta {
                (r.time) " 〔" (Lang::Ja.remark_kind(r.kind)) "〕"
                @if let Some(p) = &r.prepared { "〔" (t(&p.label())) "〕" }
                @if r.internal { "〔非公開〕" }
                (t(&r.speaker)) "："
            }
            @if let Some(place) = &r.reference { "→ " (place) }
            @else { span.text { (lines(&r.text)) } }
            @if !r.answers.is_empty() {
                ul { @for a in &r.answers { (remark(a)) } }
            }
        }
    }
}

fn judgment(j: &JudgmentEntry) -> Markup {
    html! {
        strong { (t(&j.about)) } @if j.internal { "〔非公開〕" } "：" (t(&j.effect)) "／" (t(&j.policy))
        @if !j.reason.trim().is_empty() { "（理由：" span.text { (lines(&j.reason)) } "）" }
    }
}

/// Target and actual per year as horizontal bars, in SVG.
fn chart(s: &Series) -> Markup {
    let max =
        s.years.iter().flat_map(|(_, t, a, _)| [*t, *a]).flatten().max().unwrap_or(Quantity::ZERO);
    let (label_w, bar_w, row_h) = (110.0, 300.0, 18.0);
    #[allow(clippy::cast_precision_loss)]
    let len = |q: Option<Quantity>| -> f64 {
        match q {
            Some(q) if max.milli() > 0 => (q.milli() as f64 / max.milli() as f64 * bar_w)
                .max(if q.is_zero() { 0.0 } else { 1.0 }),
            _ => 0.0,
        }
    };
    #[allow(clippy::cast_precision_loss)]
    let height = s.years.len() as f64 * row_h * 2.0 + 24.0;
    html! {
        figure {
            svg xmlns="http://www.w3.org/2000/svg" width="560" height=(height) viewBox=(format!("0 0 560 {height}")) role="img" aria-label=(format!("{} の目標と実績", t(&s.kpi))) {
                text x="0" y="14" {
                    (t(&s.kpi)) "（" (t(&s.unit)) "）　"
                    tspan fill="#999" { "■" } "目標 "
                    tspan fill="#2a7a2a" { "■" } "実績"
                    @if s.lower_is_better { "　" (Lang::Ja.lower_is_better()) }
                }
                @for (i, (year, target, actual, status)) in s.years.iter().enumerate() {
                    @let y = 24.0 + f64::from(u32::try_from(i).unwrap_or(0)) * row_h * 2.0;
                    text x="0" y=(y + 13.0) { (year) }
                    rect x=(label_w) y=(y + 2.0) width=(len(*target)) height="12" fill="#999" {}
                    text x=(label_w + len(*target) + 4.0) y=(y + 12.0) { (value(*target, &s.unit)) }
                    rect x=(label_w) y=(y + row_h + 2.0) width=(len(*actual)) height="12" fill=(bar_colour(*status)) {}
                    text x=(label_w + len(*actual) + 4.0) y=(y + row_h + 12.0) { (value(*actual, &s.unit)) " " (Lang::Ja.status(*status)) }
                }
            }
        }
    }
}

fn bar_colour(s: Status) -> &'static str {
    match s {
        Status::Achieved => "#2a7a2a",
        Status::MostlyAchieved => "#b07800",
        Status::NotAchieved => "#b02020",
        Status::NoTarget | Status::NoActual => "#666",
    }
}

/// 開催概要: date and time, place, attendees by role, agenda.
fn outline(m: &Minutes) -> Markup {
    html! {
        section {
            h2 { (w::OUTLINE) }
            table {
                @if let Some(when) = &m.when {
                    tr { th { (w::WHEN) } td { (when) @if let Some(g) = &m.when_gregorian { "（" (g) "）" } } }
                }
                @if !m.place.is_empty() { tr { th { (w::PLACE) } td { (t(&m.place)) } } }
                tr {
                    th { (w::ATTENDEES) }
                    td {
                        @if m.attendees.is_empty() { (w::NONE) }
                        @for (role, names) in &m.attendees {
                            div { (role) "：" (t(&names.join("、"))) }
                        }
                    }
                }
                @if !m.absentees.is_empty() {
                    tr {
                        th { (w::ABSENTEES) }
                        td { @for (role, names) in &m.absentees { div { (role) "：" (t(&names.join("、"))) } } }
                    }
                }
                @if !m.materials.is_empty() {
                    tr { th { (w::MATERIALS) } td { @for x in &m.materials { div { (t(x)) } } } }
                }
                tr { th { (w::AGENDA) } td { ol { @for a in &m.agenda { li { (t(&a.title)) } } } } }
            }
        }
    }
}

/// The KPI table of the evaluated year, the plan-period totals and the charts.
fn kpi_section(m: &Minutes) -> Markup {
    let year = m.evaluated_year;
    html! {
        section {
            h2 { (w::KPI_TABLE) "（" (Lang::Ja.fiscal_year(year)) "）" }
            table class=(table_class(m.kpi_table.len())) {
                tr { th { "指標" } th { (w::KIND) } th { "目標（" (year.target_label()) "）" } th { "実績" } th { "達成率" } th { "評価" } }
                @for f in &m.kpi_table { (figures_row(f)) }
            }
            h3 { (w::TOTALS) }
            table class=(table_class(m.totals.len())) {
                tr { th { "指標" } th { (w::KIND) } th { (w::RULE) } th { "目標" } th { "実績" } th { "達成率" } th { "評価" } }
                @for f in &m.totals { (figures_row(f)) }
            }
            @for s in &m.series { (chart(s)) }
        }
    }
}

/// 審議の内容: each 議題 numbered as the outline lists it, the KPI items
/// （1）（2）… under the KPIs' 議題; then the meeting and the companies.
fn proceedings(m: &Minutes) -> Markup {
    html! {
        section.page {
            h2 { (w::PROCEEDINGS) }
            @for (i, topic) in m.agenda.iter().enumerate() {
                h3 { (i + 1) ". " (t(&topic.title)) }
                @match topic.part {
                    Part::Kpis => {
                        p.meta { "→ " (w::KPI_TABLE) }
                        @for (n, p) in m.under_kpis().into_iter().enumerate() {
                            h4 { "（" (n + 1) "）" (t(heading_of(m, p))) }
                            (section(m, p, Level::Under))
                        }
                    }
                    Part::Verification => { p.meta { "→ " (w::JUDGMENTS) } }
                    Part::Section(p) => { (section(m, &m.proceedings[p], Level::Own)) }
                }
            }
            @if !m.meeting_remarks.is_empty() {
                h3 { (w::MEETING) }
                ul.remarks { @for r in &m.meeting_remarks { (remark(r)) } }
            }
            @if !m.company_remarks.is_empty() {
                h3 { (w::COMPANIES) }
                @for (company, remarks) in &m.company_remarks {
                    h4 { (t(company)) }
                    ul.remarks { @for r in remarks { (remark(r)) } }
                }
            }
        }
    }
}

/// The heading of a section of 審議の内容.
fn heading_of<'m>(m: &'m Minutes, p: &'m Proceeding) -> &'m str {
    match p {
        Proceeding::Item(n) => &m.items[*n].heading,
        Proceeding::Free(free) => &free.heading,
        Proceeding::FollowUps(f) => &f.heading,
    }
}

/// Where a section of 審議の内容 stands: as a 議題 of its own (`<h3>`),
/// or （n） under the KPIs' 議題 (`<h4>`).
#[derive(Clone, Copy)]
enum Level {
    Own,
    Under,
}

/// The 発言 label of a section, a heading one level below the section's.
fn remarks_label(level: Level) -> Markup {
    html! {
        @match level {
            Level::Own => h4 { (w::REMARKS) },
            Level::Under => h5 { (w::REMARKS) },
        }
    }
}

/// One section of 審議の内容, after its heading.
fn section(m: &Minutes, p: &Proceeding, level: Level) -> Markup {
    match p {
        Proceeding::Item(n) => item_section(&m.items[*n]),
        Proceeding::Free(free) => free_section(free, level),
        Proceeding::FollowUps(f) => follow_up_section(f, level),
    }
}

/// One KPI item of 審議の内容.
fn item_section(item: &ItemSection) -> Markup {
    html! {
        @let f = &item.figures;
        @if let Some(indicator) = item.renamed() { p { (w::INDICATOR) "：" (t(indicator)) } }
        p {
            @if f.target.is_some() { "目標 " span.nw { (value(f.target, &f.unit)) } "（" (item.target_date) "）" }
            @else { "目標の設定なし" }
            @if let Some(b) = &item.baseline { "（" (t(b)) "）" }
            "、実績 " span.nw { (value(f.actual, &f.unit)) }
            @if let Some(r) = f.rate { "、達成率 " span.nw { (r.to_string()) } }
            "（" span class=(status_class(f.status)) { (Lang::Ja.status(f.status)) } "）"
        }
        @if let Some(source) = &item.source { p.meta { "出典：" (t(source)) } }
        @if let Some(revised) = &item.revised { p { (t(revised)) } }
        @if let Some(rows) = item.breakdown.as_ref().filter(|r| !r.is_empty()) {
            h5 { (w::BREAKDOWN) }
            @let by_year = rows.iter().any(|r| r.fiscal_year.is_some());
            table class=(table_class(rows.len())) {
                tr {
                    th { "企業" } th { "区分" }
                    @if by_year { th { (w::CONTRIBUTED_IN) } }
                    th { "値" } th { "構成比" } th { "備考" }
                }
                @for r in rows {
                    tr {
                        td { (t(&r.company)) }
                        td.nw { (t(r.kind)) }
                        @if by_year { td.nw { (r.fiscal_year.map(crate::domain::fiscal::FiscalYear::wareki).unwrap_or_default()) } }
                        td.n { (value(Some(r.value), &f.unit)) }
                        td.n { (r.share.map(|s| s.to_string()).unwrap_or_default()) }
                        td { (t(&r.note)) }
                    }
                }
            }
        }
        h5 { (w::REMARKS) }
        @if item.remarks.is_empty() { p.meta { (w::NO_REMARKS) } }
        @else { ul.remarks { @for r in &item.remarks { (remark(r)) } } }
        @if let Some(j) = &item.judgment { p { "評価：" (judgment(j)) } }
    }
}

/// A free agenda item of 審議の内容: 資料番号, note and remarks.
fn free_section(free: &FreeSection, level: Level) -> Markup {
    html! {
        @if !free.document.trim().is_empty() { p.meta { (w::DOCUMENT) "：" (t(&free.document)) } }
        @if !free.note.trim().is_empty() { p.text { (lines(&free.note)) } }
        (remarks_label(level))
        @if free.remarks.is_empty() { p.meta { (w::NO_REMARKS) } }
        @else { ul.remarks { @for r in &free.remarks { (remark(r)) } } }
    }
}

/// 前回の指摘事項への対応: wording, item, speaker, status and note.
fn follow_up_section(f: &FollowUpSection, level: Level) -> Markup {
    html! {
        @if !f.from.trim().is_empty() { p.meta { "前回：" (t(&f.from)) } }
        @if f.entries.is_empty() { p { (w::NONE) } }
        @else {
            table class=(table_class(f.entries.len())) {
                tr { th { "区分" } th { "指摘事項" } th { "対象" } th { "発言者" } th { "対応状況" } th { "備考" } }
                @for e in &f.entries {
                    tr {
                        td { (super::markdown::follow_up_kind(e.kind)) }
                        td { (lines(&e.text)) }
                        td { (t(&e.about)) }
                        td { (t(&e.speaker)) }
                        td { (e.status.label()) }
                        td { (lines(&e.note)) }
                    }
                }
            }
        }
        (remarks_label(level))
        @if f.remarks.is_empty() { p.meta { (w::NO_REMARKS) } }
        @else { ul.remarks { @for r in &f.remarks { (remark(r)) } } }
    }
}

/// 評価, 決定事項, 要対応事項 and which data the meeting saw.
fn closing(m: &Minutes) -> Markup {
    let judgments: Vec<&JudgmentEntry> =
        m.plan_judgment.iter().chain(m.items.iter().filter_map(|i| i.judgment.as_ref())).collect();
    html! {
        section.page {
            h2 { (w::JUDGMENTS) }
            @if judgments.is_empty() { p { (w::NONE) } }
            @else { ul { @for j in &judgments { li { (judgment(j)) } } } }
            @for (heading, list) in [(w::DECISIONS, &m.decisions), (w::ACTIONS, &m.actions)] {
                h2 { (heading) }
                @if list.is_empty() { p { (w::NONE) } }
                @else {
                    ol { @for r in list { li { span.text { (lines(&r.text)) } span.meta { "（" (r.time) " " (t(&r.about)) "、" (t(&r.speaker)) "）" } } } }
                }
            }
            @if !m.next_meeting.trim().is_empty() {
                h2 { (w::NEXT_MEETING) }
                p { (t(&m.next_meeting)) }
            }
            @if !m.signers.is_empty() {
                h2 { (w::SIGNERS) }
                ul { @for x in &m.signers { li { (t(x)) } } }
            }
            h2 { (w::RECORD) }
            @if m.public {
                p { "この議事録の数値は、次の資料によります。" }
                ul {
                    li { "出典：" (t(&m.plan_name)) "（" (t(&m.author)) "）" }
                    li {
                        "実績：事務局がとりまとめた実績"
                        @if let Some(g) = &m.when_gregorian { "（" (g) "の会議資料）" }
                    }
                    @if m.sample { li { "実績値はサンプル（架空の企業）です。" } }
                    @for s in &m.sources {
                        @if let Some(note) = s.recorded_note_without_path() { li { (t(&note)) } }
                    }
                }
                p.hashes {
                    "改ざんがないことの確認用（SHA-256）："
                    @for s in &m.sources { " " (s.what) " " (super::safe::hash(&s.sha256)) }
                }
            } @else {
                ul {
                    li { "計画：" (t(&m.plan_name)) "（" (t(&m.author)) "）" }
                    @for s in &m.sources {
                        li {
                            (s.what) "ファイル：" (t(&s.cited()))
                            @if let Some(note) = s.recorded_note() { br; (t(&note)) }
                        }
                    }
                    @if m.sample { li { "サンプルデータを使用" } }
                }
                p.hashes {
                    "SHA-256："
                    @for s in &m.sources { " " (s.what) " " code { (super::safe::hash(&s.sha256)) } }
                }
            }
        }
    }
}

/// The whole page.
#[must_use]
pub fn render(m: &Minutes) -> String {
    let title = format!("{} {}", t(&m.title), w::MINUTES);
    let page = html! {
        (DOCTYPE)
        html lang="ja" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                h1 { (title) }
                @if !m.public { p.note.internal { (w::INTERNAL_NOTE) } }
                @if m.sample { p.note { (w::SAMPLE_NOTE) } }
                @if let Some(n) = withheld_note(m) { p.note { (n) } }
                (outline(m))
                (kpi_section(m))
                (proceedings(m))
                (closing(m))
            }
        }
    };
    let mut text = readable(&page.into_string());
    text.push('\n');
    text
}

/// One block element per line, so the file reads and diffs well. Only
/// before tags: user text is escaped and cannot contain a raw `<`, and
/// white space between these elements does not show.
fn readable(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 20);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let (before, tag) = rest.split_at(i);
        out.push_str(before);
        // The element's name, up to the space or `>` that ends it: one
        // comparison by length and bytes, for every tag of 100,000 rows.
        let name = tag[1..].find([' ', '>']).map_or("", |end| &tag[1..=end]);
        let block = matches!(
            name,
            "head"
                | "body"
                | "style"
                | "meta"
                | "title"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "p"
                | "section"
                | "table"
                | "tr"
                | "li"
                | "ul"
                | "ol"
                | "figure"
                | "/section"
        );
        if block && !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('<');
        rest = &tag[1..];
    }
    out.push_str(rest);
    out
}
