//! Synthetic plans, actuals and sessions of any size, always the same for
//! the same sizes (a fixed seed), with Japanese names: for benchmarks and
//! tests of scale. Nothing here is real.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate};

use crate::domain::actuals::{ACTUALS_VERSION, Actuals, Contribution};
use crate::domain::company::{Company, CompanyKind};
use crate::domain::fiscal::FiscalYear;
use crate::domain::plan::{
    Evaluation, JudgmentCategories, Kpi, KpiKind, Money, PLAN_VERSION, Plan, PlanPeriod, Thresholds,
};
use crate::domain::quantity::Quantity;
use crate::domain::session::{
    Attendee, DataRefs, Remark, RemarkKind, Role, Session, Sheet, Stamp, Target,
};
use crate::domain::shared_str::SharedStr;

/// How big.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub kpis: usize,
    pub years: usize,
    pub companies: usize,
    pub records: usize,
    pub remarks: usize,
}

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

const KPI_WORDS: [&str; 12] = [
    "新規移動人数",
    "新規参加企業数",
    "進出企業数",
    "新規雇用者数",
    "観光入込客数",
    "創業件数",
    "移住相談件数",
    "テレワーク利用者数",
    "研修受講者数",
    "空き店舗活用件数",
    "商談成立件数",
    "地元就職者数",
];
const UNITS: [&str; 12] =
    ["人", "社", "社", "人", "千人", "件", "件", "人", "人", "件", "件", "人"];
const KANA: [&str; 20] = [
    "アサヒ",
    "ミナト",
    "ホクト",
    "サクラ",
    "ヒカリ",
    "ミドリ",
    "ツバサ",
    "アオバ",
    "カエデ",
    "ワカバ",
    "イブキ",
    "コスモ",
    "ハヤテ",
    "ミライ",
    "ユウキ",
    "シズク",
    "トキワ",
    "ナギサ",
    "ホマレ",
    "ヤマト",
];
const FORMS: [&str; 6] =
    ["株式会社", "有限会社", "合同会社", "一般社団法人", "株式会社", "株式会社"];
const TRADES: [&str; 8] =
    ["システムズ", "データ", "ソフト", "クラウド", "デザイン", "ネット", "ラボ", "テック"];
const PLACES: [&str; 10] = [
    "東京都港区",
    "東京都千代田区",
    "東京都渋谷区",
    "神奈川県横浜市",
    "埼玉県さいたま市",
    "北海道北見市",
    "北海道網走市",
    "北海道札幌市",
    "北海道帯広市",
    "千葉県千葉市",
];
const NOTES: [&str; 6] = [
    "サテライトオフィスで勤務",
    "研修をサテライトオフィスで実施",
    "",
    "新規に参加",
    "受入企業として参加",
    "空家を改修して開設",
];
const SAYINGS: [&str; 6] = [
    "その内訳について説明をお願いしたい。",
    "目標に届かなかった理由を伺いたい。",
    "地元企業の参加を増やす工夫が必要ではないか。",
    "首都圏企業の割合が高い点は評価できる。",
    "来年度は周知の方法を見直すべきだ。",
    "数値の根拠となる資料を次回提示すること。",
];

fn first_year() -> i32 {
    2016
}

#[must_use]
pub fn plan(size: Size) -> Plan {
    let years: Vec<FiscalYear> =
        (0..size.years).map(|i| FiscalYear(first_year() + i32::try_from(i).unwrap_or(0))).collect();
    let kpis = (0..size.kpis)
        .map(|k| {
            let word = KPI_WORDS[k % KPI_WORDS.len()];
            let name = if k < KPI_WORDS.len() {
                word.to_string()
            } else {
                format!("{word}（第{}区分）", k / KPI_WORDS.len() + 1)
            };
            let targets: BTreeMap<FiscalYear, Quantity> = years
                .iter()
                .enumerate()
                .filter(|(i, _)| !(k % 3 == 1 && *i == 0))
                .map(|(i, fy)| (*fy, Quantity::units(i64::try_from(10 + 10 * i + k).unwrap_or(0))))
                .collect();
            Kpi {
                id: name.clone(),
                name,
                unit: UNITS[k % UNITS.len()].to_string(),
                kind: KpiKind::Annual,
                kind_given: true,
                better: None,
                baseline: None,
                targets,
            }
        })
        .collect();
    let last = years.last().copied().unwrap_or(FiscalYear(first_year()));
    Plan {
        version: PLAN_VERSION,
        name: "合成データによる性能確認用 地域再生計画".into(),
        author: "サンプル県".into(),
        area: "サンプル県の全域".into(),
        period: PlanPeriod {
            start: "地域再生計画認定の日から".into(), end: last.end()
        },
        grant: Some("地方創生推進交付金【合成】".into()),
        total_cost: Some(Money { amount: Quantity::units(100_000), unit: "千円".into() }),
        evaluation: Evaluation {
            body: "サンプル県地域再生推進協議会".into(),
            month: Some(5),
            timing: "毎年5月に前年度実績について評価を行う".into(),
            publication: "県のホームページで公表する。".into(),
        },
        fiscal_years: years,
        kpis,
        thresholds: Thresholds::default(),
        judgment: JudgmentCategories::default(),
    }
}

#[must_use]
pub fn actuals(plan: &Plan, size: Size) -> Actuals {
    let mut rng = Rng(0x5EED_0001);
    let companies: Vec<Company> = (0..size.companies.max(1))
        .map(|i| {
            let kind = match i % 10 {
                0..=5 => CompanyKind::Metro,
                6..=8 => CompanyKind::Local,
                _ => CompanyKind::Other,
            };
            Company {
                id: format!("c{i:06}"),
                name: format!("{}{}{}{}", rng.pick(&FORMS), rng.pick(&KANA), rng.pick(&TRADES), i),
                head_office: rng.pick(&PLACES).to_string(),
                industry: "情報通信業".into(),
                kind,
                reading: String::new(),
            }
        })
        .collect();
    let kpis = plan.kpis.len().max(1);
    let years = plan.fiscal_years.len().max(1);
    // Each id held once, shared by its records.
    let kpi_ids: Vec<SharedStr> = plan.kpis.iter().map(|k| SharedStr::from(&k.id)).collect();
    let company_ids: Vec<SharedStr> = companies.iter().map(|c| SharedStr::from(&c.id)).collect();
    let notes = NOTES.map(SharedStr::from);
    let contributions = (0..size.records)
        .map(|n| {
            let fy = plan.fiscal_years[(n / kpis) % years];
            let day = i64::try_from(rng.below(365)).unwrap_or(0);
            Contribution {
                kpi: kpi_ids[n % kpis].clone(),
                fiscal_year: fy,
                company: company_ids[rng.below(companies.len())].clone(),
                value: Quantity::units(i64::try_from(1 + rng.below(9)).unwrap_or(1)),
                date: Some(fy.start() + Duration::days(day)),
                note: notes[rng.below(notes.len())].clone(),
            }
        })
        .collect();
    Actuals {
        version: ACTUALS_VERSION,
        sample: true,
        companies,
        contributions,
        stated_totals: Vec::new(),
    }
}

fn start() -> Stamp {
    DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00")
        .unwrap_or_else(|_| DateTime::default())
}

/// The session of a sample of this size, with no data files named.
#[must_use]
pub fn session_of(size: Size) -> Session {
    let plan = plan(size);
    let actuals = actuals(&plan, size);
    session(&plan, &actuals, size, DataRefs::default())
}

#[must_use]
pub fn session(plan: &Plan, actuals: &Actuals, size: Size, data: DataRefs) -> Session {
    let mut rng = Rng(0x5EED_0002);
    let sheet = Sheet {
        title: "合成データ 第1回 評価会議".into(),
        date: NaiveDate::from_ymd_opt(2019, 5, 20),
        start: chrono::NaiveTime::from_hms_opt(14, 0, 0),
        end: None,
        place: "サンプル県庁 大会議室".into(),
        attendees: (1..=12)
            .map(|i| Attendee {
                id: format!("a{i}"),
                name: format!("委員{i}"),
                affiliation: format!("{}{}", rng.pick(&KANA), rng.pick(&TRADES)),
                role: if i == 1 {
                    Role::Chair
                } else if i > 10 {
                    Role::Secretariat
                } else {
                    Role::Member
                },
                absent: false,
                signer: false,
            })
            .collect(),
        ..Sheet::default()
    };
    let mut s = Session::new(sheet, data);
    let kinds = RemarkKind::ALL;
    for n in 0..size.remarks {
        let target = match n % 10 {
            0 => Target::Meeting,
            1 if !actuals.companies.is_empty() => Target::Company {
                company: actuals.companies[rng.below(actuals.companies.len())].id.as_str().into(),
            },
            _ => Target::Item {
                kpi: plan.kpis[rng.below(plan.kpis.len().max(1))].id.as_str().into(),
                fiscal_year: plan.fiscal_years[rng.below(plan.fiscal_years.len().max(1))],
            },
        };
        let seconds = i64::try_from(n).unwrap_or(0);
        let at = start() + Duration::seconds(seconds);
        let ms = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        let id = ulid::Ulid::from_parts(ms, u128::from(rng.next())).to_string();
        let remark = Remark {
            speaker: Some(compact_str::format_compact!("a{}", 1 + rng.below(12))),
            internal: n % 17 == 0,
            ..Remark::new(
                id,
                at,
                kinds[rng.below(kinds.len())],
                target,
                rng.pick(&SAYINGS).to_string(),
            )
        };
        // The ids are new by construction: no search for a duplicate (which
        // made 100k remarks quadratic), one sort at the end instead.
        s.remarks.push(remark);
        s.revision += 1;
    }
    s.normalize();
    s
}

/// The embedded default's size, and the two larger ones of the benchmarks.
pub const MEDIUM: Size =
    Size { kpis: 10, years: 5, companies: 1_000, records: 10_000, remarks: 1_000 };
pub const LARGE: Size =
    Size { kpis: 10, years: 5, companies: 10_000, records: 100_000, remarks: 10_000 };
