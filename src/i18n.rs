//! The words on screen, in Japanese (the default) and English (`--lang en`).

use clap::ValueEnum;

use crate::domain::achievement::Status;
use crate::domain::company::CompanyKind;
use crate::domain::fiscal::FiscalYear;

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
