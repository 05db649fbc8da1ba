//! The words on screen, in Japanese (the default) and English (`--lang en`).

use clap::ValueEnum;

use crate::domain::achievement::Status;
use crate::domain::company::CompanyKind;
use chrono::{Datelike, NaiveDate};

use crate::domain::breakdown::SortKey;
use crate::domain::fiscal::{FiscalYear, era_of};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

/// Every fixed text of the interface in one language.
#[derive(Debug)]
pub struct Texts {
    pub overview: &'static str,
    pub item: &'static str,
    pub kpi: &'static str,
    pub target: &'static str,
    pub actual: &'static str,
    pub rate: &'static str,
    pub status: &'static str,
    pub unit: &'static str,
    pub fiscal_year: &'static str,
    pub plan_period: &'static str,
    pub plan_period_total: &'static str,
    pub by_year: &'static str,
    pub sample: &'static str,
    pub author: &'static str,
    pub period: &'static str,
    pub evaluated_by: &'static str,
    pub every_month: &'static str,
    pub total_cost: &'static str,
    pub agenda: &'static str,
    pub elapsed: &'static str,
    pub help: &'static str,
    pub help_title: &'static str,
    pub help_close: &'static str,
    pub quit: &'static str,
    pub too_small: &'static str,
    pub too_small_hint: &'static str,
    pub first_item: &'static str,
    pub last_item: &'static str,
    pub not_yet: &'static str,
    pub not_here: &'static str,
    pub plan_file: &'static str,
    pub data: &'static str,
    pub embedded_sample: &'static str,
    pub actuals_file: &'static str,
    pub no_value: &'static str,
    pub as_of: &'static str,
    pub stated_source: &'static str,
    pub cumulative: &'static str,
    pub annual: &'static str,
    pub kind: &'static str,
    pub breakdown_gap: &'static str,
    pub breakdown_excess: &'static str,
    pub companies: &'static str,
    pub company: &'static str,
    pub filter: &'static str,
    pub filter_hint: &'static str,
    pub no_filter: &'static str,
    pub sort: &'static str,
    pub sort_value: &'static str,
    pub sort_name: &'static str,
    pub sort_date: &'static str,
    pub sort_kind: &'static str,
    pub shown_of: &'static str,
    pub head_office: &'static str,
    pub industry: &'static str,
    pub value: &'static str,
    pub share: &'static str,
    pub date: &'static str,
    pub note: &'static str,
    pub total: &'static str,
    pub shown_total: &'static str,
    pub no_match: &'static str,
    pub no_companies: &'static str,
    pub unexplained_row: &'static str,
}

pub static JA: Texts = Texts {
    overview: "総覧",
    item: "議題",
    kpi: "指標",
    target: "目標",
    actual: "実績",
    rate: "達成率",
    status: "評価",
    unit: "単位",
    fiscal_year: "年度",
    plan_period: "計画期間",
    plan_period_total: "計画期間合計",
    by_year: "年度別の目標と実績",
    sample: "サンプル",
    author: "作成主体",
    period: "計画期間",
    evaluated_by: "評価",
    every_month: "毎年{}月",
    total_cost: "総事業費",
    agenda: "議題",
    elapsed: "経過",
    help: "ヘルプ",
    help_title: "キー操作",
    help_close: "? または Esc で閉じる",
    quit: "終了",
    too_small: "端末が小さすぎます",
    too_small_hint: "{w}×{h} 以上に広げてください（現在 {cw}×{ch}）",
    first_item: "最初の議題です",
    last_item: "最後の議題です",
    not_yet: "この操作はまだ使えません",
    not_here: "この画面では使えないキーです（? でキー一覧）",
    plan_file: "計画",
    data: "データ",
    embedded_sample: "組込みサンプル（北見市）",
    actuals_file: "実績",
    no_value: "－",
    as_of: "時点",
    stated_source: "出典",
    cumulative: "累計",
    annual: "単年度",
    kind: "区分",
    breakdown_gap: "企業別内訳のない分",
    breakdown_excess: "企業別内訳の合計が公表値を超えています",
    companies: "企業別内訳",
    company: "企業",
    filter: "絞り込み",
    filter_hint: "Enter: 決定  Esc: 取り消し",
    no_filter: "なし（/ で絞り込み）",
    sort: "並べ替え",
    sort_value: "値の大きい順",
    sort_name: "企業名順",
    sort_date: "日付順",
    sort_kind: "区分順",
    shown_of: "{total}件中 {shown}件",
    head_office: "本社所在地",
    industry: "業種",
    value: "値",
    share: "構成比",
    date: "日付",
    note: "備考",
    total: "合計",
    shown_total: "表示中の合計",
    no_match: "該当する企業はありません（/ で条件を変更）",
    no_companies: "この項目には企業別の内訳がありません",
    unexplained_row: "（企業別内訳なし）",
};

pub static EN: Texts = Texts {
    overview: "Overview",
    item: "Item",
    kpi: "KPI",
    target: "Target",
    actual: "Actual",
    rate: "Rate",
    status: "Status",
    unit: "Unit",
    fiscal_year: "FY",
    plan_period: "Plan period",
    plan_period_total: "Plan-period total",
    by_year: "Target and actual by fiscal year",
    sample: "SAMPLE",
    author: "Author",
    period: "Period",
    evaluated_by: "Evaluated by",
    every_month: "every month {}",
    total_cost: "Total cost",
    agenda: "Agenda",
    elapsed: "Elapsed",
    help: "help",
    help_title: "Keys",
    help_close: "? or Esc closes",
    quit: "quit",
    too_small: "Terminal too small",
    too_small_hint: "Enlarge it to at least {w}x{h} (now {cw}x{ch})",
    first_item: "This is the first agenda item",
    last_item: "This is the last agenda item",
    not_yet: "This action is not available yet",
    not_here: "That key does nothing on this screen (? lists the keys)",
    plan_file: "Plan",
    data: "Data",
    embedded_sample: "embedded sample (Kitami)",
    actuals_file: "Actuals",
    no_value: "-",
    as_of: "as of",
    stated_source: "source",
    cumulative: "cumulative",
    annual: "annual",
    kind: "Kind",
    breakdown_gap: "Without company breakdown",
    breakdown_excess: "The company breakdown exceeds the stated total",
    companies: "Companies",
    company: "Company",
    filter: "Filter",
    filter_hint: "Enter: apply  Esc: cancel",
    no_filter: "none (/ to filter)",
    sort: "Sort",
    sort_value: "largest first",
    sort_name: "by name",
    sort_date: "by date",
    sort_kind: "by kind",
    shown_of: "{shown} of {total}",
    head_office: "Head office",
    industry: "Industry",
    value: "Value",
    share: "Share",
    date: "Date",
    note: "Note",
    total: "Total",
    shown_total: "Shown",
    no_match: "No company matches (/ to change the filter)",
    no_companies: "No company breakdown for this item",
    unexplained_row: "(no company breakdown)",
};

impl Lang {
    #[must_use]
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }

    #[must_use]
    pub fn status(self, status: Status) -> &'static str {
        match (self, status) {
            (Lang::Ja, Status::Achieved) => "達成",
            (Lang::Ja, Status::MostlyAchieved) => "概ね達成",
            (Lang::Ja, Status::NotAchieved) => "未達成",
            (Lang::Ja, Status::NoTarget) => "目標なし",
            (Lang::Ja, Status::NoActual) => "実績なし",
            (Lang::En, Status::Achieved) => "met",
            (Lang::En, Status::MostlyAchieved) => "mostly met",
            (Lang::En, Status::NotAchieved) => "not met",
            (Lang::En, Status::NoTarget) => "no target",
            (Lang::En, Status::NoActual) => "no actual",
        }
    }

    #[must_use]
    pub fn company_kind(self, kind: CompanyKind) -> &'static str {
        match (self, kind) {
            (Lang::Ja, CompanyKind::Metro) => "首都圏企業",
            (Lang::Ja, CompanyKind::Local) => "地元企業",
            (Lang::Ja, CompanyKind::University) => "大学",
            (Lang::Ja, CompanyKind::Other) => "その他",
            (Lang::En, CompanyKind::Metro) => "metro company",
            (Lang::En, CompanyKind::Local) => "local company",
            (Lang::En, CompanyKind::University) => "university",
            (Lang::En, CompanyKind::Other) => "other",
        }
    }

    /// `平成30年度 (2018)` or `FY2018 (H30)`.
    #[must_use]
    pub fn fiscal_year(self, fy: FiscalYear) -> String {
        match self {
            Lang::Ja => fy.to_string(),
            Lang::En => format!("FY{} ({})", fy.0, fy.short_wareki()),
        }
    }

    /// `平成30年度` or `FY2018`: for narrow columns.
    #[must_use]
    pub fn fiscal_year_short(self, fy: FiscalYear) -> String {
        match self {
            Lang::Ja => fy.wareki(),
            Lang::En => format!("FY{}", fy.0),
        }
    }

    #[must_use]
    pub fn sort_key(self, key: SortKey) -> &'static str {
        let t = self.texts();
        match key {
            SortKey::Value => t.sort_value,
            SortKey::Name => t.sort_name,
            SortKey::Date => t.sort_date,
            SortKey::Kind => t.sort_kind,
        }
    }

    /// A date in a table: `H30.5.14` in Japanese, `2018-05-14` in English.
    #[must_use]
    pub fn short_date(self, date: NaiveDate) -> String {
        match (self, era_of(date)) {
            (Lang::Ja, Some((era, n))) => {
                format!("{}{n}.{}.{}", era.letter, date.month(), date.day())
            }
            _ => date.to_string(),
        }
    }

    /// The end-of-March date a target is set for.
    #[must_use]
    pub fn target_date(self, fy: FiscalYear) -> String {
        match self {
            Lang::Ja => fy.target_label(),
            Lang::En => format!("end of March {}", fy.0 + 1),
        }
    }
}

/// Fills `{}` or named placeholders in a template.
#[must_use]
pub fn fill(template: &str, pairs: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in pairs {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}
