//! The content of the minutes (議事録), built once from the plan, the
//! actuals and the session, and written by each format: Markdown, HTML,
//! xlsx and the preview on screen all say the same things.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::domain::achievement::{Achievement, Rate, Status};
use crate::domain::breakdown::{Filter, Share, SortKey, select};
use crate::domain::company::CompanyKind;
use crate::domain::dataset::Dataset;
use crate::domain::fiscal::{FiscalYear, wareki_date, weekday_kanji};
use crate::domain::ledger::{Cell, PeriodTotal};
use crate::domain::plan::{Kpi, KpiKind};
use crate::domain::quantity::Quantity;
use crate::domain::session::review::same_member;
use crate::domain::session::{
    AgendaItem, ItemRef, Judgment, JudgmentTarget, Remark, RemarkKind, Role, Session, Sheet,
    ShortId, Target,
};
use crate::i18n::Lang;

/// Which minutes: the internal record keeps everything; the public one
/// leaves internal remarks and judgments out and says how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    pub public: bool,
    /// In the public minutes, non-members (事務局, オブザーバー) are named by
    /// their role instead of their name.
    pub anonymize: bool,
}

/// Whether the minutes carry each item's breakdown table (the companies
/// behind its figure): the formats that print them need them; making them
/// for 100,000 records is most of the minutes' own work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tables {
    Made,
    Omitted,
}

/// A data file the minutes' numbers come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    pub what: &'static str,
    pub path: String,
    pub sha256: String,
    /// The file the meeting was recorded against (path, SHA-256), when it
    /// is not this one (an export forced over other data): said beside it.
    pub recorded: Option<(String, String)>,
}

/// A data file's path as the minutes cite it: the program's own files
/// (`<embedded plan>`, as a session records them) in Japanese words, since
/// the minutes are Japanese; any other path as given.
#[must_use]
pub fn cited_path(path: &str) -> String {
    match path.strip_prefix("<embedded ").and_then(|p| p.strip_suffix('>')) {
        Some("plan") => "組込みの計画（kpi-council に同梱）".to_string(),
        Some("sample actuals") => "組込みのサンプル実績（kpi-council に同梱）".to_string(),
        Some(other) => format!("組込みの{other}（kpi-council に同梱）"),
        None => path.to_string(),
    }
}

impl SourceLine {
    /// The file's path as the minutes cite it ([`cited_path`]).
    #[must_use]
    pub fn cited(&self) -> String {
        cited_path(&self.path)
    }

    /// The note beside a file that is not the one the meeting was
    /// recorded against.
    #[must_use]
    pub fn recorded_note(&self) -> Option<String> {
        let (path, sha256) = self.recorded.as_ref()?;
        Some(format!(
            "注意：会議はこれとは異なる{}ファイル {}（SHA-256: {}）で記録されました。数値はこのファイルのものです",
            self.what,
            cited_path(path),
            super::safe::hash(sha256)
        ))
    }

    /// [`SourceLine::recorded_note`] without the file's path (the public
    /// HTML names no paths).
    #[must_use]
    pub fn recorded_note_without_path(&self) -> Option<String> {
        let (_, sha256) = self.recorded.as_ref()?;
        Some(format!(
            "注意：会議はこれとは異なる{}ファイル（SHA-256: {}）で記録されました。数値はこの議事録の資料のものです",
            self.what,
            super::safe::hash(sha256)
        ))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub kpi: String,
    pub unit: String,
    /// The KPI's kind in words: 単年度, 累計, 水準, 率.
    pub kind: String,
    pub fiscal_year: Option<FiscalYear>,
    /// For a plan-period figure, the rule that made it:
    /// 計画期間（合計）, or 計画期間（最終年度の値） 令和3年度.
    pub rule: Option<String>,
    pub target: Option<Quantity>,
    pub actual: Option<Quantity>,
    pub rate: Option<Rate>,
    pub status: Status,
    /// Which way the KPI improves: with `Lower` the rate is target ÷ actual.
    pub better: crate::domain::plan::Better,
}

impl Figures {
    fn new(
        kpi: &Kpi,
        lang: Lang,
        fy: Option<FiscalYear>,
        t: Option<Quantity>,
        a: Option<Quantity>,
        ach: Achievement,
    ) -> Self {
        Figures {
            kpi: kpi.name.clone(),
            unit: kpi.unit.clone(),
            kind: lang.kpi_kind_of(kpi),
            fiscal_year: fy,
            rule: None,
            target: t,
            actual: a,
            rate: ach.rate,
            status: ach.status,
            better: kpi.better(),
        }
    }

    /// The plan-period figure of a KPI, with its rule.
    fn period(kpi: &Kpi, lang: Lang, total: &PeriodTotal) -> Self {
        // What the sum leaves out follows the rule: the table says it.
        let label = lang.period_label(total);
        let rule = match lang.period_note(total) {
            Some(note) => format!("{label}（※{note}）"),
            None => label,
        };
        Figures {
            rule: Some(rule),
            ..Figures::new(kpi, lang, None, total.target, total.actual, total.achievement)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownRow {
    /// The company's name, or 企業別内訳なし for the rest of a stated total.
    pub company: String,
    /// Behind a 累計 figure: the fiscal year the contribution (or the
    /// stated total) was made in. `None` for the other kinds.
    pub fiscal_year: Option<FiscalYear>,
    pub kind: &'static str,
    pub value: Quantity,
    pub share: Option<Share>,
    pub note: String,
}

/// A [`BreakdownRow`] with its texts borrowed from the data: for the
/// sheet that lists every record.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownLine<'a> {
    pub company: &'a str,
    pub fiscal_year: Option<FiscalYear>,
    pub kind: &'static str,
    pub value: Quantity,
    pub share: Option<Share>,
    /// A record's note, borrowed; the rest of a stated total's source with
    /// 速報 or 確定, made.
    pub note: std::borrow::Cow<'a, str>,
}

impl BreakdownLine<'_> {
    #[must_use]
    pub fn to_row(&self) -> BreakdownRow {
        BreakdownRow {
            company: self.company.to_string(),
            fiscal_year: self.fiscal_year,
            kind: self.kind,
            value: self.value,
            share: self.share,
            note: self.note.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemarkEntry {
    pub id: String,
    /// When it was recorded (for a 事前質問, given).
    pub at: crate::domain::session::Stamp,
    /// `14:12`.
    pub time: String,
    pub kind: RemarkKind,
    pub speaker: String,
    /// Said by the council itself: the chair or a member (委員), not the
    /// secretariat, an observer or a speaker never chosen.
    pub by_council: bool,
    /// As a 議事録 names the speaker: `会長（山田）`, `事務局（鈴木）`.
    pub voice: String,
    pub text: String,
    /// Given before the meeting (事前質問): when, and by whom.
    pub prepared: Option<Prepared>,
    pub internal: bool,
    /// Answers that followed this question, in order.
    pub answers: Vec<RemarkEntry>,
    /// What the remark is about, for the lists at the end.
    pub about: String,
    /// A decision or action is written once, in 決定事項 or 要対応事項;
    /// where it was said, the minutes point there (`決定事項 1`).
    pub reference: Option<String>,
}

/// A remark a member gave before the meeting (事前質問), from their
/// review copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The day it was given: `5月13日`, or `令和元年12月20日` in a year
    /// other than the meeting's.
    pub on: String,
    /// The member who gave it, as these minutes name people; `None` when
    /// the remark's speaker is that member, who is then named once.
    pub by: Option<String>,
}

impl Prepared {
    /// `事前質問`, or `事前質問：佐藤 花子` when the speaker is not the member.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.by {
            Some(who) => format!("{}：{who}", words::PREPARED),
            None => words::PREPARED.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgmentEntry {
    pub about: String,
    pub effect: String,
    pub policy: String,
    pub reason: String,
    pub internal: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemSection {
    /// The item as the agenda names it: the name the council gave it on
    /// the agenda screen, else the KPI's name and the year.
    pub heading: String,
    /// The KPI's own name and the year, as the KPI table, the judgments and
    /// the lists at the end cite it: said with the figures when the agenda
    /// renamed the item ([`ItemSection::renamed`]).
    pub indicator: String,
    pub figures: Figures,
    pub target_date: String,
    /// The KPI's baseline beside its target, never as one:
    /// `事業開始前（現時点） 0人`.
    pub baseline: Option<String>,
    pub source: Option<String>,
    /// The figure changed since the earlier meeting:
    /// `前回会議時 36人 → 今回 38人`.
    pub revised: Option<String>,
    /// The companies behind the figure, when the breakdown was shown or
    /// the item spoken of, and the formats being made print it (the
    /// evaluation sheet lists every record in a sheet of its own instead).
    pub breakdown: Option<Vec<BreakdownRow>>,
    /// The breakdown was shown or the item spoken of, and it has rows:
    /// such an item stands in the minutes even off the agenda.
    pub looked_into: bool,
    pub remarks: Vec<RemarkEntry>,
    pub judgment: Option<JudgmentEntry>,
}

impl ItemSection {
    /// The KPI's own name and year when the agenda calls the item by
    /// another name: the formats print it beside the figures (`指標：…`).
    #[must_use]
    pub fn renamed(&self) -> Option<&str> {
        (self.heading != self.indicator).then_some(self.indicator.as_str())
    }
}

/// A free agenda item (not a KPI): its title, 資料番号, note and remarks.
#[derive(Debug, Clone, PartialEq)]
pub struct FreeSection {
    pub heading: String,
    pub document: String,
    pub note: String,
    pub remarks: Vec<RemarkEntry>,
}

/// 前回の指摘事項への対応: an earlier meeting's action items and decisions,
/// each with its status and note, and the remarks on the item.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpSection {
    pub heading: String,
    /// The earlier meeting.
    pub from: String,
    pub entries: Vec<crate::domain::session::FollowUp>,
    pub remarks: Vec<RemarkEntry>,
}

/// One 議題 of the meeting: the KPIs' 達成状況 (every KPI item, where the
/// agenda first has one), 事業の効果検証 right after it, and each free item
/// of the agenda (前回の指摘事項への対応, その他 …) in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub title: String,
    pub part: Part,
}

/// What a [`Topic`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The KPI table and the KPI items (and a free item taken off the
    /// agenda whose remarks stand).
    Kpis,
    /// The judgments (事業の効果検証).
    Verification,
    /// A free item or 前回の指摘事項: an index into `Minutes::proceedings`.
    Section(usize),
}

/// One section of 審議の内容, in agenda order.
#[derive(Debug, Clone, PartialEq)]
pub enum Proceeding {
    /// A KPI item: an index into `Minutes::items`.
    Item(usize),
    Free(FreeSection),
    FollowUps(FollowUpSection),
}

/// One KPI across the years, for the charts.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub kpi: String,
    pub unit: String,
    /// Less is better: the chart's caption says so, as the tables do.
    pub lower_is_better: bool,
    pub years: Vec<(String, Option<Quantity>, Option<Quantity>, Status)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Minutes {
    /// Whether the items' breakdown tables were made.
    pub tables: Tables,
    pub title: String,
    pub public: bool,
    pub sample: bool,
    pub plan_name: String,
    pub author: String,
    pub evaluating_body: String,
    /// 令和元年5月20日（月）14:00〜15:30.
    pub when: Option<String>,
    /// 2019年5月20日.
    pub when_gregorian: Option<String>,
    pub place: String,
    /// Attendees by role, in the order 会長, 委員, 事務局, オブザーバー.
    pub attendees: Vec<(String, Vec<String>)>,
    /// 欠席者, by role as the attendees.
    pub absentees: Vec<(String, Vec<String>)>,
    /// 開会 and 閉会: `14時00分`.
    pub opened: Option<String>,
    pub closed: Option<String>,
    /// The chair as the fixed sentences name them: `山田会長`.
    pub chair: String,
    /// 配布資料, in order.
    pub materials: Vec<String>,
    /// 次回開催, as given.
    pub next_meeting: String,
    /// 議事録署名人: `委員 佐藤 花子`.
    pub signers: Vec<String>,
    /// The 議題 as the outline lists them, in the order of the agenda.
    pub agenda: Vec<Topic>,
    pub evaluated_year: FiscalYear,
    pub kpi_table: Vec<Figures>,
    pub totals: Vec<Figures>,
    pub series: Vec<Series>,
    /// The KPI items: those on the agenda in its order, then those off it
    /// that were spoken of, judged or looked into, in plan order.
    pub items: Vec<ItemSection>,
    /// The agenda as arranged: KPI items and free items, then the KPI
    /// items spoken of off the agenda.
    pub proceedings: Vec<Proceeding>,
    pub meeting_remarks: Vec<RemarkEntry>,
    pub company_remarks: Vec<(String, Vec<RemarkEntry>)>,
    pub plan_judgment: Option<JudgmentEntry>,
    pub decisions: Vec<RemarkEntry>,
    pub actions: Vec<RemarkEntry>,
    pub sources: Vec<SourceLine>,
    pub withheld_remarks: usize,
    pub withheld_judgments: usize,
}

impl Minutes {
    /// The sections of 審議の内容 that stand under the KPIs' 議題, in
    /// order: every KPI item, and a free item taken off the agenda whose
    /// remarks stand. Every format numbers them （1）（2）… under that 議題;
    /// the other 議題 are numbered as the outline lists them.
    #[must_use]
    pub fn under_kpis(&self) -> Vec<&Proceeding> {
        let own: Vec<usize> = self
            .agenda
            .iter()
            .filter_map(|t| match t.part {
                Part::Section(p) => Some(p),
                Part::Kpis | Part::Verification => None,
            })
            .collect();
        self.proceedings
            .iter()
            .enumerate()
            .filter(|(p, _)| !own.contains(p))
            .map(|(_, p)| p)
            .collect()
    }
}

impl Minutes {
    /// The sections of 審議の内容 in the order the body has them: each
    /// 議題 as the outline lists it, the KPIs' 議題 holding
    /// [`Minutes::under_kpis`].
    #[must_use]
    pub fn in_body_order(&self) -> Vec<&Proceeding> {
        let mut out = Vec::with_capacity(self.proceedings.len());
        for topic in &self.agenda {
            match topic.part {
                Part::Kpis => out.extend(self.under_kpis()),
                Part::Verification => {}
                Part::Section(p) => out.push(&self.proceedings[p]),
            }
        }
        out
    }
}

fn role_order(role: Role) -> usize {
    Role::ALL.iter().position(|r| *r == role).unwrap_or(Role::ALL.len())
}

/// `令和元年5月20日（月）14:00〜15:30`.
#[must_use]
pub fn meeting_time(sheet: &Sheet) -> Option<String> {
    let date = sheet.date?;
    let mut text = format!("{}（{}）", wareki_date(date), weekday_kanji(date));
    if let Some(start) = sheet.start {
        text.push_str(&start.format("%H:%M").to_string());
        text.push('〜');
        if let Some(end) = sheet.end {
            text.push_str(&end.format("%H:%M").to_string());
        }
    }
    Some(text)
}

/// `14時00分`, as the minutes write 開会 and 閉会.
fn clock_time(t: chrono::NaiveTime) -> String {
    t.format("%-H時%M分").to_string()
}

/// The family name: the name up to its first space (`山田 太郎` → `山田`),
/// or the whole name when it has none.
fn family_name(name: &str) -> &str {
    let name = name.trim();
    name.split([' ', '\u{3000}']).next().filter(|f| !f.is_empty()).unwrap_or(name)
}

fn gregorian(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.format("%Y"), date.format("%-m"), date.format("%-d"))
}

struct Builder<'a> {
    data: &'a Dataset,
    session: &'a Session,
    options: Options,
    lang: Lang,
    withheld_remarks: usize,
    withheld_judgments: usize,
    /// Live remarks by what they are about, in session order: built once
    /// so that each item does not scan every remark (10,000 remarks on
    /// hundreds of items would otherwise be quadratic).
    by_target: HashMap<&'a Target, Vec<&'a Remark>>,
    /// `決定事項 n` / `要対応事項 n` numbers by remark id.
    references: HashMap<&'a str, usize>,
    /// Whether the items' breakdown tables are made.
    tables: Tables,
}

impl<'a> Builder<'a> {
    fn new(
        data: &'a Dataset,
        session: &'a Session,
        options: Options,
        lang: Lang,
        tables: Tables,
    ) -> Self {
        let mut by_target: HashMap<&Target, Vec<&Remark>> = HashMap::new();
        let mut references = HashMap::new();
        let (mut decisions, mut actions) = (0, 0);
        for r in session.live_remarks() {
            by_target.entry(&r.target).or_default().push(r);
            if options.public && r.internal {
                continue;
            }
            let counter = match r.kind {
                RemarkKind::Decision => &mut decisions,
                RemarkKind::Action => &mut actions,
                _ => continue,
            };
            *counter += 1;
            references.insert(r.id.as_str(), *counter);
        }
        Builder {
            data,
            session,
            options,
            lang,
            withheld_remarks: 0,
            withheld_judgments: 0,
            by_target,
            references,
            tables,
        }
    }

    /// Whether the public minutes name people of this role by their role
    /// (`--anonymize`): the secretariat and observers.
    fn hides(&self, role: Role) -> bool {
        self.options.public
            && self.options.anonymize
            && matches!(role, Role::Secretariat | Role::Observer)
    }

    /// `山田 太郎（会長）`; `発言者未指定` without a speaker.
    fn speaker(&self, id: Option<&str>) -> String {
        match id.and_then(|s| self.session.sheet.attendee(s)) {
            Some(a) => {
                if self.hides(a.role) {
                    if a.affiliation.is_empty() {
                        self.lang.role(a.role).to_string()
                    } else {
                        format!("{}（{}）", self.lang.role(a.role), a.affiliation)
                    }
                } else {
                    format!("{}（{}）", a.name, self.lang.role(a.role))
                }
            }
            None => words::UNSPECIFIED.to_string(),
        }
    }

    /// `会長（山田）`: the role, then the family name (or, anonymized, the
    /// affiliation); `発言者未指定` without a speaker.
    fn voice(&self, id: Option<&str>) -> String {
        match id.and_then(|s| self.session.sheet.attendee(s)) {
            Some(a) => {
                let role = self.lang.role(a.role);
                let who =
                    if self.hides(a.role) { a.affiliation.trim() } else { family_name(&a.name) };
                if who.is_empty() { role.to_string() } else { format!("{role}（{who}）") }
            }
            None => words::UNSPECIFIED.to_string(),
        }
    }

    fn about(&self, target: &Target) -> String {
        let t = self.lang.texts();
        match target {
            Target::Meeting => t.meeting.to_string(),
            Target::Item { kpi, fiscal_year } => {
                let name = self.data.plan.kpi(kpi).map_or(kpi.as_str(), |k| k.name.as_str());
                format!("{name} {}", self.lang.fiscal_year(*fiscal_year))
            }
            Target::Company { company } => self.company_name(company),
            Target::Agenda { id } => self
                .session
                .free_item_title(id)
                .map_or_else(|| format!("{} {id}", words::AGENDA), str::to_string),
        }
    }

    fn company_name(&self, id: &str) -> String {
        self.data
            .ledger
            .company_position(id)
            .and_then(|i| self.data.actuals.companies.get(i))
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    }

    fn entry(&self, r: &Remark) -> RemarkEntry {
        // A question given before the meeting carries its day too.
        let other_day = self.session.sheet.date.is_none_or(|d| d != r.at.date_naive());
        let time = if r.prepared_by().is_some() || other_day {
            format!("{}月{}日 {}", r.at.month(), r.at.day(), r.at.format("%H:%M"))
        } else {
            r.at.format("%H:%M").to_string()
        };
        RemarkEntry {
            id: r.id.to_string(),
            at: r.at,
            time,
            kind: r.kind,
            speaker: self.speaker(r.speaker.as_deref()),
            by_council: r
                .speaker
                .as_deref()
                .and_then(|s| self.session.sheet.attendee(s))
                .is_some_and(|a| matches!(a.role, Role::Chair | Role::Member)),
            voice: self.voice(r.speaker.as_deref()),
            text: r.text.to_string(),
            prepared: r.prepared_by().map(|who| self.prepared(r, who)),
            internal: r.internal,
            answers: Vec::new(),
            about: self.about(&r.target),
            reference: self.reference(r),
        }
    }

    /// Who said an earlier meeting's action item, as these minutes name
    /// people: the earlier session wrote `鈴木 一郎（事務局）`; anonymized,
    /// the secretariat and observers by role (and affiliation when on this
    /// meeting's sheet).
    fn follow_up_speaker(&self, speaker: &str) -> String {
        // An earlier remark whose speaker was never chosen: said as every
        // other remark without one is, never an empty cell.
        if speaker.trim().is_empty() {
            return words::UNSPECIFIED.to_string();
        }
        for role in [Role::Secretariat, Role::Observer] {
            let word = self.lang.role(role);
            let Some(name) = speaker.strip_suffix(&format!("（{word}）")) else { continue };
            if !self.hides(role) {
                break;
            }
            let sheet = &self.session.sheet.attendees;
            return match sheet.iter().find(|a| a.role == role && same_member(&a.name, name)) {
                Some(a) => self.speaker(Some(a.id.as_str())),
                None => word.to_string(),
            };
        }
        speaker.to_string()
    }

    /// When and by whom a remark was given before the meeting. The member
    /// is named only when the speaker is someone else (or 未指定), and then
    /// as the minutes name that attendee: by role when anonymized.
    fn prepared(&self, r: &Remark, who: &str) -> Prepared {
        let day = r.at.date_naive();
        let on = if self.session.sheet.date.is_some_and(|d| d.year() == day.year()) {
            format!("{}月{}日", day.month(), day.day())
        } else {
            wareki_date(day)
        };
        let sheet = &self.session.sheet;
        let speaker = r.speaker.as_deref().and_then(|id| sheet.attendee(id));
        if speaker.is_some_and(|a| same_member(&a.name, who)) {
            return Prepared { on, by: None };
        }
        let by = match sheet.attendees.iter().find(|a| same_member(&a.name, who)) {
            Some(a) if self.hides(a.role) => self.speaker(Some(a.id.as_str())),
            _ => who.to_string(),
        };
        Prepared { on, by: Some(by) }
    }

    /// One agenda item: figures, the breakdown when it was shown or
    /// remarked on, the remarks and the judgment.
    fn item(&mut self, k: usize, y: usize, figures: Figures) -> ItemSection {
        let (data, session, lang) = (self.data, self.session, self.lang);
        let kpi = &data.plan.kpis[k];
        let fy = data.plan.fiscal_years[y];
        let item = Target::Item { kpi: kpi.id.as_str().into(), fiscal_year: fy };
        let shown =
            session.breakdowns_shown.contains(&ItemRef { kpi: kpi.id.clone(), fiscal_year: fy });
        let remarks = self.remarks_on(&item);
        // Spoken of in this version: internal remarks left out of the
        // public minutes do not bring their item into them.
        let remarked = !remarks.is_empty();
        let judgment =
            self.judgment(&JudgmentTarget::Item { kpi: kpi.id.clone(), fiscal_year: fy });
        // A running total resting on an earlier year's stated total says so.
        let source = data
            .ledger
            .cell(k, y)
            .and_then(|c| c.stated)
            .and_then(|i| data.actuals.stated_totals.get(i))
            .map(|s| {
                if s.fiscal_year == fy {
                    s.source_with_status()
                } else {
                    format!("{}{}", s.source_with_status(), lang.running_from(s.fiscal_year))
                }
            });
        let actual = data.ledger.cell(k, y).and_then(|c| c.actual);
        let revised = session
            .earlier_figures
            .as_ref()
            .and_then(|e| e.changed(&kpi.id, fy, actual))
            .map(|was| crate::domain::session::figures::change_line(was, actual, &kpi.unit));
        let indicator = format!("{} {}", kpi.name, lang.fiscal_year(fy));
        ItemSection {
            revised,
            heading: indicator.clone(),
            indicator,
            figures,
            target_date: lang.target_date(fy),
            baseline: kpi.baseline.as_ref().map(|b| format!("{} {}{}", b.label, b.value, kpi.unit)),
            source,
            breakdown: ((shown || remarked) && self.tables == Tables::Made)
                .then(|| breakdown_rows(data, lang, k, y)),
            looked_into: (shown || remarked) && has_breakdown(data, k, y),
            remarks,
            judgment,
        }
    }

    /// The KPI items and free items in agenda order, then the KPI items
    /// off the agenda that were discussed (never a remark left out).
    fn in_agenda_order(
        &mut self,
        mut all: HashMap<(usize, usize), ItemSection>,
    ) -> (Vec<ItemSection>, Vec<Proceeding>, Vec<Part>) {
        let plan = &self.data.plan;
        let (mut items, mut proceedings) = (Vec::new(), Vec::new());
        let mut parts = Vec::new();
        for a in self.session.agenda(plan).iter() {
            if matches!(a, AgendaItem::Kpi { .. }) && !parts.contains(&Part::Kpis) {
                parts.extend([Part::Kpis, Part::Verification]);
            } else if !matches!(a, AgendaItem::Kpi { .. }) {
                parts.push(Part::Section(proceedings.len()));
            }
            match a {
                AgendaItem::Kpi { kpi, fiscal_year, title } => {
                    let (Some(k), Some(y)) = (plan.kpi_index(kpi), plan.year_index(*fiscal_year))
                    else {
                        continue;
                    };
                    if let Some(mut item) = all.remove(&(k, y)) {
                        // Renamed on the agenda screen: the council's name.
                        if !title.trim().is_empty() {
                            item.heading = title.trim().to_string();
                        }
                        proceedings.push(Proceeding::Item(items.len()));
                        items.push(item);
                    }
                }
                AgendaItem::Free { id, title, document, note } => {
                    let remarks = self.remarks_on(&Target::Agenda { id: id.as_str().into() });
                    proceedings.push(Proceeding::Free(FreeSection {
                        heading: title.clone(),
                        document: document.clone(),
                        note: note.clone(),
                        remarks,
                    }));
                }
                AgendaItem::FollowUps { from, items } => {
                    let id = crate::domain::session::agenda::FOLLOW_UPS_ID;
                    let remarks = self.remarks_on(&Target::Agenda { id: id.into() });
                    proceedings.push(Proceeding::FollowUps(FollowUpSection {
                        heading: crate::domain::session::agenda::FOLLOW_UPS_TITLE.to_string(),
                        from: from.clone(),
                        entries: items
                            .iter()
                            .map(|e| crate::domain::session::FollowUp {
                                speaker: self.follow_up_speaker(&e.speaker),
                                ..e.clone()
                            })
                            .collect(),
                        remarks,
                    }));
                }
            }
        }
        // Remarks on a free item taken off the agenda still stand.
        let agenda = self.session.agenda(plan);
        let mut orphans: Vec<ShortId> = Vec::new();
        for r in self.session.live_remarks() {
            if let Target::Agenda { id } = &r.target
                && !agenda.iter().any(|a| a.free_id() == Some(id))
                && !orphans.contains(id)
            {
                orphans.push(id.clone());
            }
        }
        for id in orphans {
            let remarks = self.remarks_on(&Target::Agenda { id: id.clone() });
            proceedings.push(Proceeding::Free(FreeSection {
                heading: format!("{} {id}", words::AGENDA),
                document: String::new(),
                note: String::new(),
                remarks,
            }));
        }
        let mut rest: Vec<_> = all
            .into_iter()
            .filter(|(_, it)| !it.remarks.is_empty() || it.judgment.is_some() || it.looked_into)
            .collect();
        rest.sort_by_key(|(ky, _)| *ky);
        for (_, item) in rest {
            proceedings.push(Proceeding::Item(items.len()));
            items.push(item);
        }
        // An agenda of free items alone: the KPIs' table still stands, after them.
        if !parts.contains(&Part::Kpis) {
            parts.extend([Part::Kpis, Part::Verification]);
        }
        (items, proceedings, parts)
    }

    /// Remarks on companies, grouped by company in the order first spoken of.
    fn company_remarks(&mut self) -> Vec<(String, Vec<RemarkEntry>)> {
        let session = self.session;
        let mut company_ids: Vec<&str> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for r in session.live_remarks() {
            if let Target::Company { company } = &r.target
                && seen.insert(company.as_str())
            {
                company_ids.push(company);
            }
        }
        company_ids
            .into_iter()
            .map(|id| {
                let remarks = self.remarks_on(&Target::Company { company: id.into() });
                (self.company_name(id), remarks)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect()
    }

    /// `決定事項 2` for the second decision of the meeting, in time order.
    fn reference(&self, r: &Remark) -> Option<String> {
        let heading = match r.kind {
            RemarkKind::Decision => words::DECISIONS,
            RemarkKind::Action => words::ACTIONS,
            _ => return None,
        };
        let n = self.references.get(r.id.as_str())?;
        Some(format!("{heading} {n}"))
    }

    /// The remarks on a target that these minutes show: the questions
    /// members gave before the meeting (事前質問) first, then what was said,
    /// each in time order, each answer placed under the question it followed.
    fn remarks_on(&mut self, target: &Target) -> Vec<RemarkEntry> {
        let mut out: Vec<RemarkEntry> = Vec::new();
        // The last question so far, by index: looking back for it through
        // every remark made quadratic work of a long list without one.
        let mut question: Option<usize> = None;
        let mut remarks = self.by_target.get(target).cloned().unwrap_or_default();
        // A stable sort (linear here: two runs): the time order stays
        // within each group.
        remarks.sort_by_key(|r| r.prepared_by().is_none());
        for r in remarks {
            if self.options.public && r.internal {
                self.withheld_remarks += 1;
                continue;
            }
            let entry = self.entry(r);
            match (r.kind, question.and_then(|i| out.get_mut(i))) {
                (RemarkKind::Answer, Some(q)) => q.answers.push(entry),
                _ => {
                    if r.kind == RemarkKind::Question {
                        question = Some(out.len());
                    }
                    out.push(entry);
                }
            }
        }
        out
    }

    fn judgment(&mut self, target: &JudgmentTarget) -> Option<JudgmentEntry> {
        let j: &Judgment = self.session.judgment(target).filter(|j| j.withdrawn.is_none())?;
        if self.options.public && j.internal {
            self.withheld_judgments += 1;
            return None;
        }
        let about = match target {
            JudgmentTarget::Plan => self.lang.texts().plan_whole.to_string(),
            JudgmentTarget::Item { kpi, fiscal_year } => {
                self.about(&Target::Item { kpi: kpi.as_str().into(), fiscal_year: *fiscal_year })
            }
        };
        Some(JudgmentEntry {
            about,
            effect: j.effect.clone(),
            policy: j.policy.clone(),
            reason: j.reason.clone(),
            internal: j.internal,
        })
    }
}

/// The companies behind one item, largest first, with the rest of a
/// stated total as its own row.
#[must_use]
pub fn breakdown_rows(data: &Dataset, lang: Lang, k: usize, y: usize) -> Vec<BreakdownRow> {
    breakdown_lines(data, lang, k, y).iter().map(BreakdownLine::to_row).collect()
}

/// As [`breakdown_rows`], the texts borrowed.
#[must_use]
pub fn breakdown_lines(data: &Dataset, lang: Lang, k: usize, y: usize) -> Vec<BreakdownLine<'_>> {
    let Some(cell) = data.ledger.cell(k, y) else { return Vec::new() };
    let Some(kpi) = data.plan.kpis.get(k) else { return Vec::new() };
    let by_year = kpi.kind == KpiKind::Cumulative;
    let share = |v| cell.actual.and_then(|a| Share::of(v, a));
    let mut rows: Vec<BreakdownLine> =
        select(&data.actuals, &data.keys, cell, &Filter::default(), SortKey::Value)
            .into_iter()
            .map(|i| {
                let c = &data.actuals.contributions[i];
                let company = data.keys.company(i).and_then(|p| data.actuals.companies.get(p));
                BreakdownLine {
                    company: company.map_or(c.company.as_str(), |co| co.name.as_str()),
                    fiscal_year: by_year.then_some(c.fiscal_year),
                    kind: lang.company_kind(company.map_or(CompanyKind::Other, |co| co.kind)),
                    value: c.value,
                    share: share(c.value),
                    note: std::borrow::Cow::Borrowed(c.note.as_str()),
                }
            })
            .collect();
    // The rest of each stated total, with its year behind a running one;
    // its source says 速報 or 確定 as the figure's own line does.
    for (i, gap) in cell.rests(&data.actuals, kpi) {
        let stated = data.actuals.stated_totals.get(i);
        rows.push(BreakdownLine {
            company: lang.texts().unexplained_row,
            fiscal_year: stated.filter(|_| by_year).map(|s| s.fiscal_year),
            kind: "",
            value: gap,
            share: share(gap),
            note: stated.map_or(std::borrow::Cow::Borrowed(""), |s| s.source_with_status().into()),
        });
    }
    rows
}

/// The part of a stated total no company explains, shown as a row of its
/// own when it is above zero.
fn unexplained_row(cell: &Cell) -> Option<Quantity> {
    cell.unexplained().filter(|g| !g.is_zero() && !g.is_negative())
}

/// Whether [`breakdown_lines`] of an item has a row, without making them.
fn has_breakdown(data: &Dataset, k: usize, y: usize) -> bool {
    data.ledger
        .cell(k, y)
        .is_some_and(|c| !c.contributions.is_empty() || unexplained_row(c).is_some())
}

/// Attendees grouped by role (会長, 委員, 事務局, オブザーバー), each as
/// `name（affiliation）`, non-members by affiliation when anonymized. An
/// anonymized one without an affiliation has nothing to be named by but
/// the role the line already gives (it said 「事務局：事務局」): those are
/// counted after the others, `事務局：2名`, `オブザーバー：北海道、ほか1名`.
fn attendees_by_role(sheet: &Sheet, options: Options, absent: bool) -> Vec<(Role, Vec<String>)> {
    // Each role's labels with how many each stands for (an affiliation
    // named for several anonymized people once, 北見市商工観光部（2名）),
    // and how many of the role are left unnamed.
    type Counted = Vec<(String, usize)>;
    let mut attendees: Vec<(Role, Counted, usize)> = Vec::new();
    for a in sheet.attendees.iter().filter(|a| a.absent == absent) {
        let anonymized = options.public
            && options.anonymize
            && matches!(a.role, Role::Secretariat | Role::Observer);
        let label = if anonymized {
            (!a.affiliation.is_empty()).then(|| a.affiliation.clone())
        } else if a.affiliation.is_empty() {
            Some(a.name.clone())
        } else {
            Some(format!("{}（{}）", a.name, a.affiliation))
        };
        let i = attendees.iter().position(|(r, ..)| *r == a.role).unwrap_or_else(|| {
            attendees.push((a.role, Vec::new(), 0));
            attendees.len() - 1
        });
        let (_, labels, unnamed) = &mut attendees[i];
        match label {
            // People are named one by one; an affiliation standing for
            // anonymized people once.
            Some(label) if anonymized => match labels.iter_mut().find(|(l, _)| *l == label) {
                Some((_, n)) => *n += 1,
                None => labels.push((label, 1)),
            },
            Some(label) => labels.push((label, 1)),
            None => *unnamed += 1,
        }
    }
    attendees.sort_by_key(|(r, ..)| role_order(*r));
    attendees
        .into_iter()
        .map(|(role, labels, unnamed)| {
            let mut names: Vec<String> = labels
                .into_iter()
                .map(|(label, n)| if n > 1 { format!("{label}（{n}名）") } else { label })
                .collect();
            if unnamed > 0 {
                let others = if names.is_empty() { "" } else { "ほか" };
                names.push(format!("{others}{unnamed}名"));
            }
            (role, names)
        })
        .collect()
}

/// The chair as the fixed sentences name them (`山田会長`), and the
/// signers (`委員 佐藤 花子`).
fn chair_and_signers(sheet: &Sheet, lang: Lang) -> (String, Vec<String>) {
    let chair = sheet
        .attendees
        .iter()
        .find(|a| a.role == Role::Chair && !a.absent)
        .map_or_else(|| "会長".to_string(), |a| format!("{}会長", family_name(&a.name)));
    let signers = sheet
        .attendees
        .iter()
        .filter(|a| a.signer)
        .map(|a| format!("{} {}", lang.role(a.role), a.name))
        .collect();
    (chair, signers)
}

/// The 議題 named: the KPIs' 達成状況 of the evaluated year, 事業の効果検証,
/// and each free item by its title.
fn topics(
    parts: Vec<Part>,
    items: &[ItemSection],
    proceedings: &[Proceeding],
    plan_name: &str,
    evaluated_year: FiscalYear,
) -> Vec<Topic> {
    parts
        .into_iter()
        .map(|part| Topic {
            title: match part {
                Part::Kpis => {
                    format!("{plan_name}の{}KPI達成状況について", evaluated_year.wareki())
                }
                Part::Verification => "事業の効果検証について".to_string(),
                Part::Section(i) => match &proceedings[i] {
                    Proceeding::Free(free) => free.heading.clone(),
                    Proceeding::FollowUps(f) => f.heading.clone(),
                    Proceeding::Item(n) => items[*n].heading.clone(),
                },
            },
            part,
        })
        .collect()
}

/// Builds the minutes. `sources` are the data files as the session
/// recorded them.
#[must_use]
pub fn build(
    data: &Dataset,
    session: &Session,
    sources: Vec<SourceLine>,
    options: Options,
    tables: Tables,
) -> Minutes {
    let lang = Lang::Ja;
    let mut b = Builder::new(data, session, options, lang, tables);
    let plan = &data.plan;
    let sheet = &session.sheet;
    let evaluated_year = sheet
        .date
        .and_then(|d| plan.evaluated_year(d))
        .or_else(|| plan.fiscal_years.last().copied())
        .unwrap_or(FiscalYear(0));

    let attendees = attendees_by_role(sheet, options, false);
    let absentees = attendees_by_role(sheet, options, true);
    let (chair, signers) = chair_and_signers(sheet, lang);
    let by_role = |list: Vec<(Role, Vec<String>)>| -> Vec<(String, Vec<String>)> {
        list.into_iter().map(|(r, names)| (lang.role(r).to_string(), names)).collect()
    };

    let mut kpi_table = Vec::new();
    let mut totals = Vec::new();
    let mut series = Vec::new();
    let mut all_items = HashMap::new();
    for (k, kpi) in plan.kpis.iter().enumerate() {
        let mut years = Vec::new();
        for (y, fy) in plan.fiscal_years.iter().enumerate() {
            let Some(cell) = data.ledger.cell(k, y) else { continue };
            let figures =
                Figures::new(kpi, lang, Some(*fy), cell.target, cell.actual, cell.achievement);
            years.push((fy.wareki(), cell.target, cell.actual, cell.achievement.status));
            if *fy == evaluated_year {
                kpi_table.push(figures.clone());
            }
            all_items.insert((k, y), b.item(k, y, figures));
        }
        if let Some(t) = data.ledger.total(k) {
            totals.push(Figures::period(kpi, lang, t));
        }
        series.push(Series {
            kpi: kpi.name.clone(),
            unit: kpi.unit.clone(),
            lower_is_better: kpi.better() == crate::domain::plan::Better::Lower,
            years,
        });
    }

    let (items, proceedings, parts) = b.in_agenda_order(all_items);
    let meeting_remarks = b.remarks_on(&Target::Meeting);
    let company_remarks = b.company_remarks();
    let plan_judgment = b.judgment(&JudgmentTarget::Plan);

    // 決定事項 and 要対応, collected from every shown remark in time order.
    let collect = |kind: RemarkKind| -> Vec<RemarkEntry> {
        session
            .live_remarks()
            .filter(|r| r.kind == kind && !(options.public && r.internal))
            .map(|r| b.entry(r))
            .collect()
    };
    let decisions = collect(RemarkKind::Decision);
    let actions = collect(RemarkKind::Action);

    let agenda = topics(parts, &items, &proceedings, &plan.name, evaluated_year);

    Minutes {
        tables,
        title: if sheet.title.trim().is_empty() {
            if plan.evaluation.body.trim().is_empty() {
                "評価会議".to_string()
            } else {
                format!("{} 会議", plan.evaluation.body)
            }
        } else {
            sheet.title.clone()
        },
        public: options.public,
        sample: data.is_sample(),
        plan_name: plan.name.clone(),
        author: plan.author.clone(),
        evaluating_body: plan.evaluation.body.clone(),
        when: meeting_time(sheet),
        when_gregorian: sheet.date.map(gregorian),
        place: sheet.place.clone(),
        attendees: by_role(attendees),
        absentees: by_role(absentees),
        opened: sheet.start.map(clock_time),
        closed: sheet.end.map(clock_time),
        chair,
        materials: sheet.materials.clone(),
        next_meeting: sheet.next_meeting.clone(),
        signers,
        agenda,
        evaluated_year,
        kpi_table,
        totals,
        series,
        items,
        proceedings,
        meeting_remarks,
        company_remarks,
        plan_judgment,
        decisions,
        actions,
        sources,
        withheld_remarks: b.withheld_remarks,
        withheld_judgments: b.withheld_judgments,
    }
}

/// Words shared by every format.
pub mod words {
    pub const MINUTES: &str = "議事録";
    pub const INTERNAL_NOTE: &str =
        "内部資料：非公開の発言・評価を含みます。公開しないでください。";
    pub const SAMPLE_NOTE: &str = "この議事録の実績値はサンプル（架空の企業）です。";
    pub const OUTLINE: &str = "開催概要";
    pub const WHEN: &str = "日時";
    pub const PLACE: &str = "場所";
    pub const ATTENDEES: &str = "出席者";
    pub const AGENDA: &str = "議題";
    pub const KPI_TABLE: &str = "重要業績評価指標（KPI）の達成状況";
    pub const TOTALS: &str = "計画期間の達成状況";
    /// The column saying which rule made a plan-period figure.
    pub const RULE: &str = "集計方法";
    pub const KIND: &str = "種類";
    pub const CONTRIBUTED_IN: &str = "寄与年度";
    pub const PROCEEDINGS: &str = "審議の内容";
    pub const BREAKDOWN: &str = "企業別内訳";
    pub const REMARKS: &str = "発言";
    pub const NO_REMARKS: &str = "発言なし";
    pub const MEETING: &str = "会議全体について";
    pub const COMPANIES: &str = "企業について";
    pub const JUDGMENTS: &str = "評価（効果検証）";
    pub const DECISIONS: &str = "決定事項";
    pub const ACTIONS: &str = "要対応事項";
    pub const RECORD: &str = "記録について";
    pub const NONE: &str = "なし";
    pub const PREPARED: &str = "事前質問";
    pub const ABSENTEES: &str = "欠席者";
    pub const MATERIALS: &str = "配布資料";
    pub const NEXT_MEETING: &str = "次回開催";
    pub const SIGNERS: &str = "議事録署名人";
    pub const DOCUMENT: &str = "資料番号";
    /// Before the KPI's own name under an item the agenda renamed.
    pub const INDICATOR: &str = "指標";
    /// A remark whose speaker was not chosen (未指定 on the screens): the
    /// minutes say what is missing, `○発言者未指定`, never `○未指定`.
    pub const UNSPECIFIED: &str = "発言者未指定";
}

/// `1 件の非公開の発言と 1 件の非公開の評価は、この公開版に含めていません。`
#[must_use]
pub fn withheld_note(m: &Minutes) -> Option<String> {
    (m.public && (m.withheld_remarks > 0 || m.withheld_judgments > 0)).then(|| {
        format!(
            "非公開の発言 {} 件と非公開の評価 {} 件は、この公開版に含めていません。",
            m.withheld_remarks, m.withheld_judgments
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{Cell, breakdown_lines, has_breakdown};
    use crate::domain::actuals::StatedTotal;
    use crate::domain::dataset::Dataset;
    use crate::domain::plan::KpiKind;
    use crate::domain::quantity::Quantity;
    use crate::i18n::Lang;

    /// Every item of `data`: whether it has a breakdown, both ways.
    fn agree(data: &Dataset, case: &str) -> usize {
        let mut with_rows = 0;
        for k in 0..data.plan.kpis.len() {
            for y in 0..data.plan.fiscal_years.len() {
                let rows = !breakdown_lines(data, Lang::Ja, k, y).is_empty();
                assert_eq!(has_breakdown(data, k, y), rows, "{case}: KPI {k}, year {y}");
                with_rows += usize::from(rows);
            }
        }
        with_rows
    }

    /// Whether an item has breakdown rows is told without making them, and
    /// agrees with the rows: stated totals above their companies' sum (a
    /// row for the rest), equal to it and below it (no such row), and a
    /// stated total on an item with no company, above zero and zero.
    #[test]
    fn an_items_breakdown_is_told_without_making_it() {
        let embedded = crate::store::embedded::load().expect("embedded").dataset;
        let base = agree(&embedded, "embedded");
        assert!(base > 0);
        let dataset = |stated: Vec<StatedTotal>| {
            let mut actuals = embedded.actuals.clone();
            actuals.stated_totals = stated;
            Dataset::new(embedded.plan.clone(), actuals).expect("dataset")
        };
        let gap_of = |s: &StatedTotal| {
            let k = embedded.plan.kpi_index(&s.kpi).expect("kpi");
            let y = embedded.plan.year_index(s.fiscal_year).expect("year");
            embedded.ledger.cell(k, y).and_then(Cell::unexplained).expect("a gap")
        };
        let stated = &embedded.actuals.stated_totals;
        assert!(stated.iter().any(|s| !gap_of(s).is_zero() && !gap_of(s).is_negative()));
        for (case, less) in [("equal", Quantity::ZERO), ("below", Quantity::units(1))] {
            let changed = stated
                .iter()
                .map(|s| {
                    let value = s.value.saturating_sub(gap_of(s)).saturating_sub(less);
                    // Never below zero: a total with no company stays 0.
                    let value = if value.is_negative() { Quantity::ZERO } else { value };
                    StatedTotal { value, ..s.clone() }
                })
                .collect();
            agree(&dataset(changed), case);
        }
        // An item whose companies are taken away (not a running total,
        // which would keep the earlier years' ones), given a total alone.
        let (k, y) = (0..embedded.plan.kpis.len())
            .filter(|&k| embedded.plan.kpis[k].kind != KpiKind::Cumulative)
            .flat_map(|k| (0..embedded.plan.fiscal_years.len()).map(move |y| (k, y)))
            .find(|&(k, y)| {
                embedded
                    .ledger
                    .cell(k, y)
                    .is_some_and(|c| !c.contributions.is_empty() && c.stated.is_none())
            })
            .expect("an item with companies and no stated total");
        let (kpi, fy) = (&embedded.plan.kpis[k].id, embedded.plan.fiscal_years[y]);
        for (case, value) in [("alone", Quantity::units(5)), ("alone, zero", Quantity::ZERO)] {
            let mut actuals = embedded.actuals.clone();
            actuals.contributions.retain(|c| !(c.kpi.as_str() == kpi && c.fiscal_year == fy));
            actuals.stated_totals.push(StatedTotal {
                kpi: kpi.clone(),
                fiscal_year: fy,
                value,
                source: "市の集計".into(),
                status: None,
            });
            let data = Dataset::new(embedded.plan.clone(), actuals).expect("dataset");
            agree(&data, case);
            assert_eq!(has_breakdown(&data, k, y), !value.is_zero(), "{case}");
        }
    }
}
