//! For any generated sheet: every non-empty row is accounted for exactly
//! once (used, subtotal, stated total, skipped or refused), a sheet without
//! a bad row is accepted with the totals it was built with, and the
//! reconciliation's totals are the figures `summary` shows.

use std::collections::{BTreeMap, BTreeSet};

use kpi_council::cli::Format;
use kpi_council::domain::dataset::Dataset;
use kpi_council::domain::plan::Plan;
use kpi_council::i18n::Lang;
use kpi_council::import::actuals::{Options, read};
use kpi_council::import::table::{Row, Table, Value};
use kpi_council::store::embedded;
use proptest::prelude::*;

const COMPANIES: [&str; 5] = [
    "株式会社サンプル東京",
    "架空データ工房株式会社",
    "ｻﾝﾌﾟﾙ情報",
    "北見試験大学",
    "株式会社ダミー",
];

/// How a block ends.
#[derive(Debug, Clone)]
enum Ending {
    Nothing,
    /// 小計 after the companies (its value their sum).
    Subtotal,
    /// 合計 with this much more than the companies' sum.
    Total(u8),
    /// A row without a company giving its 出典, this much above the sum.
    Source(u8),
    /// 公表値 with no companies at all.
    Published(u8),
}

#[derive(Debug, Clone)]
struct Block {
    /// Index into the plan's KPI × year items.
    item: usize,
    values: Vec<u8>,
    ending: Ending,
    /// A bad row (an unknown KPI) after the block.
    bad: bool,
    /// An empty row after the block.
    blank: bool,
}

fn block() -> impl Strategy<Value = Block> {
    (
        0..9usize,
        prop::collection::vec(0..40u8, 0..5),
        prop_oneof![
            Just(Ending::Nothing),
            Just(Ending::Subtotal),
            (0..4u8).prop_map(Ending::Total),
            (0..4u8).prop_map(Ending::Source),
            (0..9u8).prop_map(Ending::Published),
        ],
        prop::bool::weighted(0.1),
        any::<bool>(),
    )
        .prop_map(|(item, values, ending, bad, blank)| Block {
            item,
            values,
            ending,
            bad,
            blank,
        })
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// The sheet, and the figure each item was built to have when every row is good.
fn sheet(plan: &Plan, blocks: &[Block]) -> (Table, BTreeMap<(String, i32), u32>, bool) {
    let years = plan.fiscal_years.len();
    let mut rows = vec![
        Row::new(1, vec![text("令和元年度 実績")]),
        Row::new(2, ["指標", "年度", "企業名", "値", "出典"].map(text).to_vec()),
    ];
    let mut expected = BTreeMap::new();
    let mut any_bad = false;
    let mut seen = BTreeSet::new();
    for b in blocks {
        // One block per item: two would make one block or two stated totals.
        if !seen.insert(b.item) {
            continue;
        }
        let kpi = &plan.kpis[b.item / years];
        let fy = plan.fiscal_years[b.item % years];
        let mut push = |cells: Vec<Value>| {
            let n = rows.len() + 1;
            rows.push(Row::new(n, cells));
        };
        let line = |company: &str, v: u32, source: &str| {
            vec![
                text(&kpi.name),
                Value::Number(f64::from(fy.0)),
                if company.is_empty() { Value::Empty } else { text(company) },
                Value::Number(f64::from(v)),
                if source.is_empty() { Value::Empty } else { text(source) },
            ]
        };
        let published = matches!(b.ending, Ending::Published(_));
        let values: &[u8] = if published { &[] } else { &b.values };
        let sum: u32 = values.iter().map(|v| u32::from(*v)).sum();
        for (i, v) in values.iter().enumerate() {
            push(line(COMPANIES[i], u32::from(*v), ""));
        }
        let figure = match b.ending {
            Ending::Nothing => sum,
            Ending::Subtotal if values.is_empty() => sum,
            Ending::Subtotal => {
                push(line("小計", sum, ""));
                sum
            }
            Ending::Total(extra) => {
                push(line("合計", sum + u32::from(extra), ""));
                sum + u32::from(extra)
            }
            Ending::Source(extra) => {
                push(line("", sum + u32::from(extra), "市調べ"));
                sum + u32::from(extra)
            }
            Ending::Published(v) => {
                push(line("公表値", u32::from(v), "市調べ"));
                u32::from(v)
            }
        };
        let has_rows =
            !values.is_empty() || !matches!(b.ending, Ending::Nothing | Ending::Subtotal);
        if has_rows {
            expected.insert((kpi.id.clone(), fy.0), figure);
        }
        if b.bad {
            any_bad = true;
            push(vec![
                text("謎の指標"),
                Value::Number(f64::from(fy.0)),
                text("株式会社エー"),
                Value::Number(1.0),
            ]);
        }
        if b.blank {
            push(vec![Value::Empty; 5]);
        }
    }
    (Table::new("generated.xlsx".into(), Some("実績".into()), rows, 0), expected, any_bad)
}

/// The actual column of `summary --format csv`, per KPI id and year.
fn summary_figures(dataset: &Dataset) -> BTreeMap<(String, i32), String> {
    let mut out = Vec::new();
    kpi_council::commands::summary::run(dataset, Lang::Ja, None, None, Format::Csv, &mut out)
        .expect("summary");
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let mut figures = BTreeMap::new();
    for record in reader.records() {
        let r = record.expect("csv");
        let actual = r.get(6).unwrap_or_default().to_string();
        if !actual.is_empty() {
            let fy: i32 = r.get(3).and_then(|y| y.parse().ok()).expect("year");
            figures.insert((r.get(1).unwrap_or_default().to_string(), fy), actual);
        }
    }
    figures
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_row_is_accounted_for_and_the_totals_are_the_summarys(
        blocks in prop::collection::vec(block(), 0..9)
    ) {
        let plan = embedded::plan().expect("plan").0;
        let (table, expected, any_bad) = sheet(&plan, &blocks);
        let non_empty: BTreeSet<usize> = table
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.cells.iter().any(|v| !v.is_empty()))
            .map(|(i, _)| i)
            .collect();
        let (actuals, rec) = read("generated.xlsx", vec![table], Vec::new(), &plan, &Options::default());
        let fates: Vec<usize> = rec.rows.iter().map(|r| r.index).collect();
        let unique: BTreeSet<usize> = fates.iter().copied().collect();
        prop_assert_eq!(fates.len(), unique.len(), "a row has two fates");
        prop_assert_eq!(&unique, &non_empty, "every non-empty row has a fate");
        prop_assert_eq!(any_bad, !rec.errors.is_empty(), "errors: {:?}", rec.errors);
        if rec.errors.is_empty() {
            let built: BTreeMap<(String, i32), String> =
                expected.iter().map(|(k, v)| (k.clone(), v.to_string())).collect();
            let reconciled: BTreeMap<(String, i32), String> = rec
                .items
                .iter()
                .map(|i| ((i.kpi.clone(), i.fiscal_year.0), i.figure.plain()))
                .collect();
            prop_assert_eq!(&reconciled, &built);
            let dataset = Dataset::new(plan, actuals).expect("the import validates");
            prop_assert_eq!(summary_figures(&dataset), reconciled);
        }
    }
}
