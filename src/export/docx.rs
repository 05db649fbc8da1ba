//! The minutes as a Word document (.docx), written the way a Japanese
//! office writes a 議事録: the outline (日時, 場所, 出席者, 欠席者, 配布資料,
//! 議題), then the proceedings as narrative paragraphs with the speaker as
//! ○会長（山田）, no clock times but 開会 and 閉会, each 質問 followed by its
//! 回答, the KPI table as a real Word table, 決定事項 and 要対応事項, 次回開催
//! and the signature block. A4 portrait, page numbers in the footer, fonts an
//! office PC has (游明朝; Word and LibreOffice substitute MS 明朝 or another
//! Mincho where it is missing). The fixed sentences come from the office's
//! [`Wording`].

use docx_rs::{
    AlignmentType, BreakType, DocumentChild, Docx, Footer, Header, LineSpacing, NumPages,
    PageMargin, PageNum, Paragraph, Run, RunFonts, Shading, Style, StyleType, Table, TableCell,
    TableRow, WidthType,
};

use crate::domain::fiscal::FiscalYear;
use crate::domain::quantity::Quantity;
use crate::domain::session::RemarkKind;
use crate::i18n::Lang;
use crate::text::clean;

use super::minutes::{
    BreakdownRow, Figures, FollowUpSection, FreeSection, ItemSection, JudgmentEntry, Minutes, Part,
    Proceeding, RemarkEntry, words as w,
};
use super::wording::{Wording, fill};
use crate::domain::breakdown::Share;

/// The body font, as Japanese office PCs name it, and its Latin partner.
const MINCHO: &str = "游明朝";
const GOTHIC: &str = "游ゴシック";
const LATIN: &str = "Century";

/// A4 in twentieths of a point, and the margins (30 mm top, 25 mm sides).
const A4: (u32, u32) = (11906, 16838);
/// The width between the margins.
const TEXT_WIDTH: usize = 11906 - 2 * 1418;

fn text(t: &str) -> String {
    clean(t).into_owned()
}

fn para(t: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text(t)))
}

/// A paragraph of several lines (a remark typed with line breaks).
fn lines_para(prefix: &str, body: &str) -> Paragraph {
    let mut run = Run::new().add_text(text(prefix));
    let lines: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).collect();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(text(line.trim_end()));
    }
    Paragraph::new().add_run(run)
}

/// A paragraph of text that may hold line breaks (a table cell, a note):
/// each a break in the paragraph, not a visible ␊.
fn text_para(t: &str) -> Paragraph {
    if t.contains(['\n', '\r']) { lines_para("", t) } else { para(t) }
}

fn heading(level: usize, t: &str) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(text(t)))
        .style(&format!("Heading{level}"))
        .keep_next(true)
}

fn value(q: Option<Quantity>, unit: &str) -> String {
    Lang::Ja.figure(q, unit)
}

/// The twips a line of text takes at most in the body's 10.5 pt: 120 a
/// terminal column (a digit, or half a Japanese character, which is 210).
const TWIPS_PER_COLUMN: usize = 120;
/// A cell's left and right margins (108 each in Word), and some air.
const CELL_MARGINS: usize = 240;

/// The columns a cell's text takes printed: as on a terminal, but `%` as
/// two (it is nearly as wide as a Japanese character in Century and in
/// the fonts LibreOffice puts in its place: 150.0% was printed as 150.0
/// above %).
fn printed_columns(t: &str) -> usize {
    crate::text::width(t) + t.matches('%').count()
}

/// Whether a column's cells are read whole: a figure, a rate, a status,
/// a kind (実績な｜し or 単年｜度 broken over two lines misreads).
fn keeps_whole(h: &str) -> bool {
    is_numeric_column(h) || matches!(h, "評価" | "区分") || h == w::KIND
}

/// The widths of a table's columns: as given, but a column of figures (or
/// of statuses, kinds) is widened to its widest cell, taken from the widest
/// column of free text, so that Word and LibreOffice never break a number
/// across two lines (3,000.2 above 5千円).
fn grid(header: &[&str], rows: &[Vec<String>], widths: &[usize]) -> Vec<usize> {
    let mut widths = widths.to_vec();
    let numeric = |i: usize| header.get(i).is_some_and(|h| keeps_whole(h));
    for i in (0..widths.len()).filter(|&i| numeric(i)) {
        // A kind's note (（少ないほど良い）) may wrap below its word.
        let whole = |t: &'_ str| -> usize {
            let t = if header.get(i) == Some(&w::KIND) {
                t.split('（').next().unwrap_or(t)
            } else {
                t
            };
            printed_columns(t)
        };
        let need = rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(|t| whole(t) * TWIPS_PER_COLUMN + CELL_MARGINS)
            .max()
            .unwrap_or(0);
        let extra = need.saturating_sub(widths[i]);
        let widest = (0..widths.len()).filter(|&j| !numeric(j)).max_by_key(|&j| widths[j]);
        if let Some(j) = widest.filter(|_| extra > 0) {
            let given = extra.min(widths[j].saturating_sub(1000));
            widths[j] -= given;
            widths[i] += given;
        }
    }
    widths
}

/// A bordered table: the first row a shaded header; widths in twips, each
/// cell given its column's (LibreOffice shares a table out evenly without).
fn table(header: &[&str], rows: &[Vec<String>], widths: &[usize]) -> Table {
    let widths = grid(header, rows, widths);
    let cell = |t: &str, head: bool, i: usize| {
        let mut p = text_para(t);
        if !head && header.get(i).is_some_and(|h| is_numeric_column(h)) {
            p = p.align(AlignmentType::Right);
        }
        let mut c = TableCell::new()
            .add_paragraph(p)
            .width(widths.get(i).copied().unwrap_or(0), WidthType::Dxa);
        if head {
            c = c.shading(Shading::new().fill("E7E6E6"));
        }
        c
    };
    let mut out = vec![
        TableRow::new(header.iter().enumerate().map(|(i, h)| cell(h, true, i)).collect())
            .cant_split()
            .row_height(0.0),
    ];
    for r in rows {
        out.push(
            TableRow::new(r.iter().enumerate().map(|(i, t)| cell(t, false, i)).collect())
                .cant_split(),
        );
    }
    Table::new(out).set_grid(widths).width(TEXT_WIDTH, WidthType::Dxa)
}

/// The companies a Word table lists: the largest, then one row for the
/// rest (the whole list is in the xlsx), and the part of a stated total
/// without a breakdown, always.
const TABLE_COMPANIES: usize = 15;

fn is_unexplained(r: &BreakdownRow) -> bool {
    r.company == Lang::Ja.texts().unexplained_row
}

/// The rows shown, and how many companies the rest are with their sum.
fn shown_rows(rows: &[BreakdownRow]) -> (Vec<&BreakdownRow>, Option<(usize, Quantity)>) {
    let (companies, unexplained): (Vec<&BreakdownRow>, Vec<&BreakdownRow>) =
        rows.iter().partition(|r| !is_unexplained(r));
    if companies.len() <= TABLE_COMPANIES + 1 {
        return (rows.iter().collect(), None);
    }
    let rest = &companies[TABLE_COMPANIES..];
    let sum: Quantity = rest.iter().map(|r| r.value).sum();
    let mut shown = companies[..TABLE_COMPANIES].to_vec();
    shown.extend(unexplained);
    (shown, Some((rest.len(), sum)))
}

fn is_numeric_column(h: &str) -> bool {
    h.starts_with("目標") || matches!(h, "実績" | "達成率" | "値" | "構成比")
}

fn figures_row(f: &Figures) -> Vec<String> {
    vec![
        f.kpi.clone(),
        f.kind.clone(),
        value(f.target, &f.unit),
        value(f.actual, &f.unit),
        Lang::Ja.rate(f.rate),
        Lang::Ja.status(f.status).to_string(),
    ]
}

/// The document's paragraphs and tables, in order.
enum Block {
    P(Box<Paragraph>),
    T(Box<Table>),
}

struct Writer<'a> {
    m: &'a Minutes,
    wording: &'a Wording,
    blocks: Vec<Block>,
    /// The numbered sections so far: 1 日時, 2 場所, …
    section: usize,
}

impl Writer<'_> {
    /// A numbered section heading: `7　議事の経過`.
    fn section(&mut self, label: &str) {
        self.section += 1;
        let n = self.section;
        self.p(heading(1, &format!("{n}　{label}")));
    }

    fn p(&mut self, p: Paragraph) {
        self.blocks.push(Block::P(Box::new(p)));
    }

    fn t(&mut self, t: Table) {
        self.blocks.push(Block::T(Box::new(t)));
        // Word runs two adjacent tables together: a paragraph between.
        self.p(Paragraph::new());
    }

    fn title(&mut self) {
        let m = self.m;
        if !m.public {
            self.p(Paragraph::new()
                .add_run(Run::new().add_text(w::INTERNAL_NOTE).bold().color("C00000"))
                .align(AlignmentType::Center));
        }
        self.p(Paragraph::new()
            .add_run(Run::new().add_text(text(&format!("{} {}", m.title, w::MINUTES))))
            .style("Title")
            .align(AlignmentType::Center));
        if m.sample {
            self.p(para(w::SAMPLE_NOTE));
        }
        if let Some(n) = super::minutes::withheld_note(m) {
            self.p(para(&n));
        }
    }

    /// 日時, 場所, 出席者, 欠席者, 配布資料, 議題: numbered as offices do.
    fn outline(&mut self) {
        let m = self.m;
        let entry = |me: &mut Self, label: &str, body: Option<String>| {
            me.section(label);
            if let Some(b) = body {
                me.p(para(&b).indent(Some(420), None, None, None));
            }
        };
        if let Some(when) = &m.when {
            entry(self, w::WHEN, Some(when.clone()));
        }
        if !m.place.is_empty() {
            entry(self, w::PLACE, Some(m.place.clone()));
        }
        entry(self, w::ATTENDEES, None);
        if m.attendees.is_empty() {
            self.p(para(w::NONE).indent(Some(420), None, None, None));
        }
        for (role, names) in &m.attendees {
            self.p(para(&format!("{role}　{}", names.join("、"))).indent(
                Some(420),
                None,
                None,
                None,
            ));
        }
        if !m.absentees.is_empty() {
            entry(self, w::ABSENTEES, None);
            for (role, names) in &m.absentees {
                self.p(para(&format!("{role}　{}", names.join("、"))).indent(
                    Some(420),
                    None,
                    None,
                    None,
                ));
            }
        }
        if !m.materials.is_empty() {
            entry(self, w::MATERIALS, None);
            for item in &m.materials {
                self.p(para(item).indent(Some(420), None, None, None));
            }
        }
        entry(self, w::AGENDA, None);
        for (i, a) in m.agenda.iter().enumerate() {
            self.p(para(&format!("（{}）{}", i + 1, a.title)).indent(Some(420), None, None, None));
        }
    }

    fn remark(&mut self, r: &RemarkEntry) {
        // The day it was given: the statements carry no clock times, but
        // a question sent in before the meeting says when.
        let prepared = match &r.prepared {
            Some(p) => match &p.by {
                Some(who) => format!("〔{}（{}）：{who}〕", w::PREPARED, p.on),
                None => format!("〔{}（{}）〕", w::PREPARED, p.on),
            },
            None => String::new(),
        };
        let internal = if r.internal { "〔非公開〕" } else { "" };
        let body = match &r.reference {
            Some(place) => format!("{}（{place}）", r.text.lines().collect::<Vec<_>>().join(" ")),
            None => r.text.clone(),
        };
        let kind = match r.kind {
            RemarkKind::Question => "〔質問〕",
            RemarkKind::Decision => "〔決定〕",
            RemarkKind::Action => "〔要対応〕",
            RemarkKind::Opinion | RemarkKind::Answer => "",
        };
        // The speaker on the left, the statement hanging after it.
        self.p(lines_para(&format!("○{}　{kind}{prepared}{internal}", r.voice), &body).indent(
            Some(420),
            Some(docx_rs::SpecialIndentType::Hanging(420)),
            None,
            None,
        ));
        for a in &r.answers {
            self.remark(a);
        }
    }

    fn judgment(&mut self, j: &JudgmentEntry) {
        self.judgment_of(j, false);
    }

    /// A judgment; with `about`, saying what it is on (in the list under
    /// 事業の効果検証について, away from its item).
    fn judgment_of(&mut self, j: &JudgmentEntry, about: bool) {
        let internal = if j.internal { "〔非公開〕" } else { "" };
        let on = if about { format!("{}：", j.about) } else { String::new() };
        let mut t = format!("【評価】{on}{internal}{}／今後の方針：{}", j.effect, j.policy);
        let reason: Vec<&str> = j.reason.lines().filter(|l| !l.trim().is_empty()).collect();
        if !reason.is_empty() {
            t.push_str(&format!("（理由：{}）", reason.join(" ")));
        }
        self.p(para(&t).indent(Some(420), None, None, None));
    }

    fn kpi_table(&mut self) {
        let m = self.m;
        let year = m.evaluated_year;
        self.p(heading(3, &format!("{}（{}）", w::KPI_TABLE, Lang::Ja.fiscal_year(year))));
        let target = format!("目標（{}）", year.target_label());
        let header = ["指標", w::KIND, target.as_str(), "実績", "達成率", "評価"];
        let rows: Vec<Vec<String>> = m.kpi_table.iter().map(figures_row).collect();
        self.t(table(&header, &rows, &[2800, 1000, 1600, 1400, 1200, 1070]));
    }

    /// 計画期間の達成状況: each KPI's plan-period figure with the rule that
    /// made it (and what a sum leaves out), as the other formats have it.
    fn totals_table(&mut self) {
        let m = self.m;
        if m.totals.is_empty() {
            return;
        }
        self.p(heading(3, w::TOTALS));
        let header = ["指標", w::KIND, w::RULE, "目標", "実績", "達成率", "評価"];
        let rows: Vec<Vec<String>> = m
            .totals
            .iter()
            .map(|f| {
                let mut row = figures_row(f);
                row.insert(2, f.rule.clone().unwrap_or_default());
                row
            })
            .collect();
        self.t(table(&header, &rows, &[2000, 800, 2270, 1100, 1100, 900, 900]));
    }

    fn item(&mut self, n: usize, item: &ItemSection) {
        let f = &item.figures;
        self.p(heading(3, &format!("（{n}）{}", item.heading)));
        if let Some(indicator) = item.renamed() {
            self.p(para(&format!("{}：{indicator}", w::INDICATOR)));
        }
        self.p(para(&fill(
            &self.wording.item_intro,
            &[("項目", &item.heading), ("事務局", "事務局")],
        )));
        let target = match f.target {
            Some(_) => format!("目標 {}（{}）", value(f.target, &f.unit), item.target_date),
            None => "目標の設定なし".to_string(),
        };
        let baseline = item.baseline.as_ref().map_or(String::new(), |b| format!("（{b}）"));
        let rate = f.rate.map_or(String::new(), |r| format!("、達成率 {r}"));
        self.p(para(&format!(
            "{target}{baseline}、実績 {}{rate}（{}）",
            value(f.actual, &f.unit),
            Lang::Ja.status(f.status)
        )));
        if let Some(source) = &item.source {
            self.p(para(&format!("出典：{source}")));
        }
        if let Some(revised) = &item.revised {
            self.p(para(revised));
        }
        if let Some(rows) = item.breakdown.as_ref().filter(|r| !r.is_empty()) {
            self.p(para(&format!("【{}】", w::BREAKDOWN)).keep_next(true));
            let by_year = rows.iter().any(|r| r.fiscal_year.is_some());
            let mut header = vec!["企業", "区分"];
            if by_year {
                header.push(w::CONTRIBUTED_IN);
            }
            header.extend(["値", "構成比", "備考"]);
            let (shown, rest) = shown_rows(rows);
            let mut body: Vec<Vec<String>> = shown
                .iter()
                .map(|r| {
                    let mut row = vec![r.company.clone(), r.kind.to_string()];
                    if by_year {
                        row.push(r.fiscal_year.map(FiscalYear::wareki).unwrap_or_default());
                    }
                    row.extend([
                        value(Some(r.value), &f.unit),
                        r.share.map_or(String::new(), |s| s.to_string()),
                        r.note.clone(),
                    ]);
                    row
                })
                .collect();
            if let Some((n, sum)) = rest {
                let mut row = vec![format!("ほか {n} 社"), String::new()];
                if by_year {
                    row.push(String::new());
                }
                row.extend([
                    value(Some(sum), &f.unit),
                    f.actual
                        .and_then(|a| Share::of(sum, a))
                        .map_or(String::new(), |s| s.to_string()),
                    "全社は評価シート（xlsx）の企業別内訳に".to_string(),
                ]);
                let at = body.len() - usize::from(shown.last().is_some_and(|r| is_unexplained(r)));
                body.insert(at, row);
            }
            let widths: &[usize] = if by_year {
                &[2600, 1300, 1200, 1000, 1000, 1970]
            } else {
                &[2900, 1300, 1100, 1000, 2770]
            };
            self.t(table(&header, &body, widths));
        }
        for r in &item.remarks {
            self.remark(r);
        }
        if let Some(j) = &item.judgment {
            self.judgment(j);
        }
    }

    /// A free item: under its own 議題 heading (`None`), or numbered among
    /// the KPI items when it was taken off the agenda with remarks on it.
    fn free(&mut self, n: Option<usize>, free: &FreeSection) {
        if let Some(n) = n {
            self.p(heading(3, &format!("（{n}）{}", free.heading)));
        }
        if !free.document.trim().is_empty() {
            self.p(para(&format!("{}：{}", w::DOCUMENT, free.document)));
        }
        if !free.note.trim().is_empty() {
            self.p(text_para(&free.note));
        }
        for r in &free.remarks {
            self.remark(r);
        }
    }

    /// 前回の指摘事項への対応, under its own 議題 heading.
    fn follow_ups(&mut self, f: &FollowUpSection) {
        if !f.from.trim().is_empty() {
            self.p(para(&format!("前回：{}", f.from)));
        }
        if f.entries.is_empty() {
            self.p(para(w::NONE));
        } else {
            let header = ["区分", "指摘事項", "対象", "発言者", "対応状況", "備考"];
            let rows: Vec<Vec<String>> = f
                .entries
                .iter()
                .map(|e| {
                    vec![
                        super::markdown::follow_up_kind(e.kind).to_string(),
                        e.text.clone(),
                        e.about.clone(),
                        e.speaker.clone(),
                        e.status.label().to_string(),
                        e.note.clone(),
                    ]
                })
                .collect();
            self.t(table(&header, &rows, &[1200, 2600, 1600, 1500, 1000, 1170]));
        }
        for r in &f.remarks {
            self.remark(r);
        }
    }

    fn proceedings(&mut self) {
        let m = self.m;
        let wording = self.wording;
        self.section("議事の経過");
        let opened = m.opened.clone().unwrap_or_else(|| "定刻".to_string());
        let date = m.when.clone().unwrap_or_default();
        self.p(para(&fill(
            &wording.opening,
            &[
                ("開会", &opened),
                ("会長", &m.chair),
                ("会議名", &m.title),
                ("日付", &date),
                ("場所", &m.place),
            ],
        )));
        // Remarks on the meeting as a whole stand where they were said:
        // before the agenda, or after it (a closing decision). The agenda
        // begins with the first remark said on any of its items, free items
        // too; a question sent in before the meeting does not begin it.
        let first_on_agenda = m
            .proceedings
            .iter()
            .flat_map(|p| match p {
                Proceeding::Item(n) => &m.items[*n].remarks,
                Proceeding::Free(free) => &free.remarks,
                Proceeding::FollowUps(f) => &f.remarks,
            })
            .chain(m.company_remarks.iter().flat_map(|(_, r)| r))
            .filter(|r| r.prepared.is_none())
            .map(|r| r.at)
            .min();
        let (before, after): (Vec<&RemarkEntry>, Vec<&RemarkEntry>) =
            m.meeting_remarks.iter().partition(|r| first_on_agenda.is_none_or(|t| r.at <= t));
        for r in before {
            self.remark(r);
        }
        self.agenda();
        if !after.is_empty() {
            self.p(heading(2, w::MEETING));
            for r in after {
                self.remark(r);
            }
        }
    }

    /// Each 議題 under its heading, in the agenda's order: the KPIs' table
    /// and items, 事業の効果検証, and each free item of the agenda.
    fn agenda(&mut self) {
        let m = self.m;
        let wording = self.wording;
        for (i, topic) in m.agenda.iter().enumerate() {
            let number = (i + 1).to_string();
            self.p(heading(2, &format!("議題（{number}）{}", topic.title)));
            // A free item without a document has nothing to explain from.
            let explained = match topic.part {
                Part::Section(p) => match &m.proceedings[p] {
                    Proceeding::Free(free) => !free.document.trim().is_empty(),
                    Proceeding::FollowUps(_) | Proceeding::Item(_) => true,
                },
                Part::Kpis | Part::Verification => true,
            };
            if explained {
                self.p(para(&fill(
                    &wording.agenda_intro,
                    &[("番号", &number), ("議題", &topic.title), ("事務局", "事務局")],
                )));
            }
            match topic.part {
                Part::Kpis => self.kpi_part(),
                Part::Verification => self.verification(),
                Part::Section(p) => match &m.proceedings[p] {
                    Proceeding::Free(free) => self.free(None, free),
                    Proceeding::FollowUps(f) => self.follow_ups(f),
                    Proceeding::Item(n) => self.item(1, &m.items[*n]),
                },
            }
        }
    }

    /// 議題 of the KPIs: the table, the plan period, then every item of
    /// [`Minutes::under_kpis`] numbered （1）（2）… as the Markdown and HTML
    /// minutes number them (the same （n） is the same item in every
    /// format), and the companies.
    fn kpi_part(&mut self) {
        let m = self.m;
        self.kpi_table();
        self.totals_table();
        for (n, p) in m.under_kpis().into_iter().enumerate() {
            match p {
                Proceeding::Item(i) => self.item(n + 1, &m.items[*i]),
                Proceeding::Free(free) => self.free(Some(n + 1), free),
                Proceeding::FollowUps(f) => {
                    self.p(heading(3, &format!("（{}）{}", n + 1, f.heading)));
                    self.follow_ups(f);
                }
            }
        }
        if !m.company_remarks.is_empty() {
            self.p(heading(3, w::COMPANIES));
            for (company, remarks) in &m.company_remarks {
                self.p(para(&format!("【{company}】")).keep_next(true));
                for r in remarks {
                    self.remark(r);
                }
            }
        }
    }

    /// 事業の効果検証: the plan's judgment and every item's, as the
    /// Markdown and HTML minutes list them; なし only when there is none.
    fn verification(&mut self) {
        let m = self.m;
        let items: Vec<&JudgmentEntry> =
            m.items.iter().filter_map(|i| i.judgment.as_ref()).collect();
        if let Some(j) = &m.plan_judgment {
            self.judgment_of(j, true);
        }
        for j in &items {
            self.judgment_of(j, true);
        }
        if m.plan_judgment.is_none() && items.is_empty() {
            self.p(para(w::NONE));
        }
    }

    fn lists(&mut self) {
        let m = self.m;
        for (title, list) in [(w::DECISIONS, &m.decisions), (w::ACTIONS, &m.actions)] {
            self.section(title);
            if list.is_empty() {
                self.p(para(w::NONE));
            }
            for (i, r) in list.iter().enumerate() {
                let body: Vec<&str> = r.text.lines().filter(|l| !l.trim().is_empty()).collect();
                self.p(para(&format!("{}　{}（{}、{}）", i + 1, body.join(" "), r.about, r.voice))
                    .indent(Some(420), Some(docx_rs::SpecialIndentType::Hanging(420)), None, None));
            }
        }
        if !m.next_meeting.trim().is_empty() {
            self.section(w::NEXT_MEETING);
            self.p(para(&m.next_meeting));
        }
    }

    fn closing(&mut self) {
        let m = self.m;
        let closed = m.closed.clone().unwrap_or_else(|| "定刻".to_string());
        self.p(Paragraph::new());
        self.p(para(&fill(&self.wording.closing, &[("閉会", &closed), ("会長", &m.chair)])));
        if !m.signers.is_empty() {
            self.p(Paragraph::new());
            self.p(para(&self.wording.signature).keep_next(true));
            if let Some(date) = &m.when {
                let day = date.split('（').next().unwrap_or(date);
                self.p(para(day).keep_next(true));
            }
            for (i, s) in m.signers.iter().enumerate() {
                let last = i + 1 == m.signers.len();
                self.p(para(&format!("{}　{s}　　＿＿＿＿＿＿＿＿＿＿＿＿", w::SIGNERS))
                    .align(AlignmentType::Right)
                    .keep_next(!last));
            }
        }
    }

    /// Which data the meeting saw: for the public, the files and where
    /// they came from; the hashes small, at the very end.
    fn record(&mut self) {
        let m = self.m;
        self.p(heading(2, w::RECORD));
        self.p(para(&format!("計画：{}（{}）", m.plan_name, m.author)));
        // The public version names no file on the office's computers (a
        // path may hold a clerk's name), as the public HTML does not.
        if m.public {
            let day =
                m.when_gregorian.as_ref().map_or(String::new(), |g| format!("（{g}の会議資料）"));
            self.p(para(&format!("実績：事務局がとりまとめた実績{day}")));
        }
        for s in &m.sources {
            let note = if m.public {
                s.recorded_note_without_path()
            } else {
                self.p(para(&format!("{}ファイル：{}", s.what, s.cited())));
                s.recorded_note()
            };
            if let Some(note) = note {
                self.p(para(&note));
            }
        }
        if m.sample {
            self.p(para("サンプルデータを使用"));
        }
        for s in &m.sources {
            self.p(Paragraph::new().add_run(
                Run::new().add_text(format!("{} SHA-256: {}", s.what, s.sha256)).size(14),
            ));
        }
    }
}

fn styles(docx: Docx) -> Docx {
    let gothic = RunFonts::new().east_asia(GOTHIC).ascii(GOTHIC).hi_ansi(GOTHIC);
    docx.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .size(32)
            .bold()
            .fonts(gothic.clone())
            .align(AlignmentType::Center),
    )
    .add_style(
        Style::new("Heading1", StyleType::Paragraph)
            .name("heading 1")
            .size(24)
            .bold()
            .fonts(gothic.clone())
            .line_spacing(LineSpacing::new().before(240).after(60))
            .outline_lvl(0),
    )
    .add_style(
        Style::new("Heading2", StyleType::Paragraph)
            .name("heading 2")
            .size(22)
            .bold()
            .fonts(gothic.clone())
            .line_spacing(LineSpacing::new().before(180).after(60))
            .outline_lvl(1),
    )
    .add_style(
        Style::new("Heading3", StyleType::Paragraph)
            .name("heading 3")
            .size(21)
            .bold()
            .fonts(gothic)
            .line_spacing(LineSpacing::new().before(120).after(60))
            .outline_lvl(2),
    )
}

/// The .docx bytes of the minutes.
pub fn render(m: &Minutes, wording: &Wording) -> Result<Vec<u8>, String> {
    let mut writer = Writer { m, wording, blocks: Vec::new(), section: 0 };
    writer.title();
    writer.outline();
    writer.proceedings();
    writer.lists();
    writer.closing();
    writer.record();

    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text("－ "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" / "))
            .add_num_pages(NumPages::new())
            .add_run(Run::new().add_text(" －")),
    );
    let banner = if m.public { "" } else { "内部資料" };
    let header = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Right)
            .add_run(Run::new().add_text(text(&format!("{}　{banner}", m.title))).size(16)),
    );
    let fonts = RunFonts::new().east_asia(MINCHO).ascii(LATIN).hi_ansi(LATIN);
    let mut docx = styles(
        Docx::new()
            .page_size(A4.0, A4.1)
            .page_margin(
                PageMargin::new()
                    .top(1701)
                    .bottom(1418)
                    .left(1418)
                    .right(1418)
                    .header(851)
                    .footer(851),
            )
            .default_fonts(fonts)
            .default_size(21)
            .default_line_spacing(LineSpacing::new().after(0))
            .header(header)
            .footer(footer),
    );
    // Straight into the document's list: `Docx::add_paragraph` moves the
    // whole document (styles, settings and all, kilobytes) in and out for
    // each of 100,000 paragraphs. What it sets besides, set here.
    let numbered = writer.blocks.iter().any(|b| match b {
        Block::P(p) => p.has_numbering,
        Block::T(t) => t.has_numbering,
    });
    docx.document_rels.has_numberings |= numbered;
    docx.document.has_numbering |= numbered;
    docx.document.children.extend(writer.blocks.into_iter().map(|b| match b {
        Block::P(p) => DocumentChild::Paragraph(p),
        Block::T(t) => DocumentChild::Table(t),
    }));
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(company: &str, value: i64) -> BreakdownRow {
        BreakdownRow {
            company: company.into(),
            fiscal_year: None,
            kind: "",
            value: Quantity::units(value),
            share: None,
            note: String::new(),
        }
    }

    /// A kind with its note (単年度（少ないほど良い）) keeps its word whole,
    /// not the note: the KPI's name keeps its column (it was squeezed to
    /// three characters a line, 空き店／舗数, to fit the whole kind).
    #[test]
    fn a_kinds_note_may_wrap_but_its_word_stays_whole() {
        let header = ["指標", w::KIND, "目標", "実績", "達成率", "評価"];
        let given = [2800, 1000, 1600, 1400, 1200, 1070];
        let rows = vec![vec![
            "空き店舗数".to_string(),
            "単年度（少ないほど良い）".to_string(),
            "15件".to_string(),
            "18件".to_string(),
            "83.3%".to_string(),
            "概ね達成".to_string(),
        ]];
        let mut plain = rows.clone();
        plain[0][1] = "単年度".to_string();
        assert_eq!(grid(&header, &rows, &given), grid(&header, &plain, &given));
        assert_eq!(grid(&header[..2], &rows, &given[..2]), [2800, 1000]);
    }

    #[test]
    fn a_long_breakdown_lists_the_largest_then_the_rest_in_one_row() {
        let mut rows: Vec<BreakdownRow> = (0..40).map(|i| row(&format!("企業{i}"), 2)).collect();
        rows.push(row(Lang::Ja.texts().unexplained_row, 5));
        let (shown, rest) = shown_rows(&rows);
        assert_eq!(shown.len(), TABLE_COMPANIES + 1, "the unexplained part stays");
        assert_eq!(shown.last().map(|r| r.company.as_str()), Some("（企業別内訳なし）"));
        assert_eq!(rest, Some((40 - TABLE_COMPANIES, Quantity::units(2 * 25))));
        // A short one is listed whole.
        let (all, none) = shown_rows(&rows[..=TABLE_COMPANIES]);
        assert_eq!((all.len(), none), (TABLE_COMPANIES + 1, None));
    }
}
