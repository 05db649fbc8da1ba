//! Subtotals and stated totals within a block: the consecutive rows of one
//! KPI × 年度. A subtotal is checked against the rows it sums (those since
//! the previous subtotal, or all the block's rows above it; for totals
//! written above their companies, the rows below it: `totals_above`) and
//! left out; a row without a company that is no subtotal is refused, never
//! taken as the item's total.

use std::ops::Range;

use chrono::NaiveDate;

use crate::domain::company::Company;
use crate::domain::fiscal::FiscalYear;
use crate::domain::quantity::Quantity;
use crate::i18n::tr;

use super::fold::key;

/// What a label in the company (or 区分) cell says the row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// 小計, 総計, 累計: always a subtotal.
    Subtotal,
    /// 合計, 計: a subtotal when more companies follow in its block, else
    /// the item's stated total (above all of its block's companies, the
    /// block's only total is its stated total).
    Either,
    /// 総数, 公表値: the item's stated total.
    Stated,
}

impl Label {
    /// The label a cell's text is, in any width, inside brackets or not.
    #[must_use]
    pub fn of(text: &str) -> Option<Label> {
        let k = key(text);
        let k = k.trim_matches(|c| "()[]【】「」<>〈〉《》".contains(c));
        match k {
            "小計" | "総計" | "累計" => Some(Label::Subtotal),
            "合計" | "計" => Some(Label::Either),
            "総数" | "公表値" => Some(Label::Stated),
            _ => None,
        }
    }
}

/// What a row that read cleanly holds besides its KPI, year and value.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    /// A company's contribution (the company's id is not given yet).
    Company { company: Company, date: Option<NaiveDate> },
    /// A label: 小計, 合計 …, as written.
    Label { label: Label, text: String },
    /// No company, a 出典: the item's stated total.
    SourceTotal,
    /// No company and no label.
    Unlabelled,
}

/// A row that read cleanly.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// Index of the row in its table, and its number in the sheet.
    pub index: usize,
    pub number: usize,
    pub kpi: String,
    pub fiscal_year: FiscalYear,
    pub value: Quantity,
    pub note: String,
    pub source: String,
    pub kind: RowKind,
}

impl Read {
    #[must_use]
    pub fn company_name(&self) -> &str {
        match &self.kind {
            RowKind::Company { company, .. } => &company.name,
            _ => "",
        }
    }

    #[must_use]
    pub fn label_text(&self) -> &str {
        match &self.kind {
            RowKind::Label { text, .. } => text,
            RowKind::Company { company, .. } => &company.name,
            _ => "",
        }
    }
}

/// What a row of a block is taken as.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A company's contribution; with a warning when its value equals the
    /// sum of rows above it.
    Company {
        warning: Option<String>,
    },
    /// A subtotal of these rows (indices into the reads).
    Subtotal(Vec<usize>),
    /// The item's stated total (checked against the item's sum later).
    Stated,
    Refused(String),
}

/// The blocks: runs of consecutive reads of one KPI × 年度.
#[must_use]
pub fn split(reads: &[Read]) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut start = 0;
    for i in 1..=reads.len() {
        let same = reads.get(i).is_some_and(|r| {
            r.kpi == reads[start].kpi && r.fiscal_year == reads[start].fiscal_year
        });
        if !same {
            blocks.push(start..i);
            start = i;
        }
    }
    blocks.retain(|b| !b.is_empty());
    blocks
}

fn numbers(reads: &[Read], rows: &[usize]) -> String {
    rows.iter().map(|i| reads[*i].number.to_string()).collect::<Vec<_>>().join(", ")
}

/// Company rows of a block and their sum, kept as rows are added: a
/// block of 20,000 companies is not summed again at every row.
#[derive(Default)]
struct Run {
    rows: Vec<usize>,
    sum: Quantity,
}

impl Run {
    fn push(&mut self, i: usize, value: Quantity) {
        self.rows.push(i);
        // As `sum` adds them: in order, saturating.
        self.sum = self.sum.saturating_add(value);
    }

    fn clear(&mut self) {
        *self = Run::default();
    }

    /// Whether at least `min` rows add up to `v`.
    fn equals(&self, min: usize, v: Quantity) -> bool {
        self.rows.len() >= min && self.sum == v
    }
}

/// Decides each row of a block, in order: read from the bottom up (a
/// total sums the rows above it), then, for a block whose first total
/// stands above its companies, from the top down.
#[must_use]
pub fn decide(block: Range<usize>, reads: &[Read]) -> Vec<(usize, Outcome)> {
    let mut out = from_below(block.clone(), reads);
    leave_none_open(&block, reads, &mut out);
    super::totals_above::decide(&block, reads, &mut out);
    out
}

/// An empty company cell whose value equals the one row above it.
fn equal_to_one_row(value: Quantity, row: &str) -> Outcome {
    Outcome::Refused(tr(
        format!(
            "企業名のセルが空で、値 {value} が上の一行（{row} 行目）と同じです。一社だけの小計か、同じ企業の二件目（結合した企業名を CSV に保存すると空になります）か分かりません。小計なら企業名のセルに「小計」と、同じ企業ならその企業名を書いてください"
        ),
        format!(
            "the company cell is empty and its value {value} equals the one row above it (row {row}): a subtotal of one company, or the same company's second entry (a merged company cell saved as CSV is empty)? write 小計 in the company cell if it is a subtotal, or the company's name"
        ),
    ))
}

/// A 合計 beside a 公表値 that is not the sum of the companies above it.
fn not_the_companies_sum(text: &str, value: Quantity, above: &Run, reads: &[Read]) -> Outcome {
    let (sum, rows) = (above.sum, numbers(reads, &above.rows));
    Outcome::Refused(tr(
        format!(
            "「{text}」は {value} ですが、上の企業の行（{rows} 行目）の合計は {sum} です。同じ指標・年度に公表値の行があるため、「{text}」は企業の行の合計として確かめます。企業別の内訳のない分を含む値なら、公表値の行だけにしてください"
        ),
        format!(
            "「{text}」 is {value} but the company rows above it add up to {sum} (rows {rows}); with a 公表値 row in the same KPI and 年度, 「{text}」 is checked as the companies' sum: if it includes a part without a company breakdown, keep only the 公表値 row"
        ),
    ))
}

fn is_company(r: &Read) -> bool {
    matches!(r.kind, RowKind::Company { .. })
}

/// A 合計 (or 計) taken as a subtotal of the companies above it, with more
/// companies below it and no total under them (it is the block's last row
/// that is no company): refused, naming them. Whether they belong to the
/// item (a 合計 meant as a 小計) or stand outside its total (a reference, a
/// note) is not said.
fn leave_none_open(block: &Range<usize>, reads: &[Read], out: &mut [(usize, Outcome)]) {
    let Some(last) = block.clone().last().filter(|j| is_company(&reads[*j])) else { return };
    let Some(total) = (block.start..last).rev().find(|j| !is_company(&reads[*j])) else { return };
    let slot = &mut out[total - block.start];
    if let (RowKind::Label { label: Label::Either, text }, Outcome::Subtotal(_)) =
        (&reads[total].kind, &slot.1)
    {
        let below: Vec<usize> = (total + 1..=last).collect();
        slot.1 = open_total(text, reads, &below);
    }
}

/// A 合計 that sums the companies above it, with more companies below it
/// and no total closing them: 16 of `A 5, B 6, 合計 11, C 5` would be a
/// guess that C belongs to the item.
fn open_total(text: &str, reads: &[Read], below: &[usize]) -> Outcome {
    let rows = numbers(reads, below);
    Outcome::Refused(tr(
        format!(
            "「{text}」の下に、同じ指標・年度の企業の行（{rows} 行目）が続き、その下に合計の行がありません。{rows} 行目が内訳の続きか、合計の外（参考・注記）か分かりません。続きなら「{text}」を「小計」にするか最後に「合計」の行を足し、合計の外なら表の外に移してください"
        ),
        format!(
            "「{text}」 has company rows of the same KPI and 年度 below it (rows {rows}) and no total under them: are rows {rows} part of the item or outside its total (a reference, a note)? if part of it, write 小計 for 「{text}」 or add a 合計 row under them; if outside it, move them out of the table"
        ),
    ))
}

/// A subtotal that is not the sum of the rows above it. 累計 is how an
/// office heads a 累計 KPI's running figure, which adds the earlier years'
/// companies: a 合計 is read so, and the message says to write it.
fn subtotal_off(label: &str, value: Quantity, sum: Quantity, numbers: &str) -> String {
    let (hint_ja, hint_en) = if key(label) == key("累計") {
        (
            "。累計の指標のその年度までの累計の値（前の年度までの企業の値も含む）なら、企業名のセルを「合計」にしてください",
            "; if it is a 累計 KPI's running figure (this year's companies and every earlier year's), write 合計 in its company cell",
        )
    } else {
        ("", "")
    };
    tr(
        format!(
            "小計の行「{label}」は {value} ですが、上の行（{numbers} 行目）の合計は {sum} です{hint_ja}"
        ),
        format!(
            "the subtotal 「{label}」 is {value} but the rows above it add up to {sum} (rows {numbers}){hint_en}"
        ),
    )
}

/// Decides each row of a block, each total summing the rows above it.
fn from_below(block: Range<usize>, reads: &[Read]) -> Vec<(usize, Outcome)> {
    let mut out = Vec::with_capacity(block.len());
    // The companies since the last subtotal, and all of the block's above.
    let (mut since, mut above) = (Run::default(), Run::default());
    // The block's last company row: a 計 row before it is a subtotal.
    let last_company =
        block.clone().rev().find(|j| matches!(reads[*j].kind, RowKind::Company { .. }));
    // A 公表値 (or 総数, or a 出典 without a company) in the block states the
    // item's total: a 合計 closing the block's companies is then their sum.
    let published = block.clone().any(|j| {
        matches!(reads[j].kind, RowKind::Label { label: Label::Stated, .. } | RowKind::SourceTotal)
    });
    for i in block.clone() {
        let r = &reads[i];
        let subtotal = |since: &mut Run, above: &Run, label: &str| {
            let sums = if since.equals(1, r.value) {
                since.rows.clone()
            } else if above.equals(1, r.value) {
                above.rows.clone()
            } else if above.rows.is_empty() {
                return Outcome::Refused(tr(
                    format!("「{label}」の上に、同じ指標・年度で足し合わせる企業の行がありません"),
                    format!(
                        "「{label}」 has no company rows above it in the same KPI and 年度 to add up"
                    ),
                ));
            } else {
                let rows = if since.rows.is_empty() { above } else { &*since };
                return Outcome::Refused(subtotal_off(
                    label,
                    r.value,
                    rows.sum,
                    &numbers(reads, &rows.rows),
                ));
            };
            since.clear();
            Outcome::Subtotal(sums)
        };
        let outcome = match &r.kind {
            RowKind::Company { company, .. } => {
                let (by_since, by_above) = (since.equals(2, r.value), above.equals(2, r.value));
                if (by_since || by_above) && key(&company.name).contains('計') {
                    subtotal(&mut since, &above, &company.name)
                } else {
                    let warning = (by_since || by_above).then(|| {
                        let rows = if by_since { &since.rows } else { &above.rows };
                        let (name, value, rows) = (&company.name, r.value, numbers(reads, rows));
                        tr(
                            format!(
                                "「{name}」の {value} は上の行（{rows} 行目）の合計と同じです。企業として数えます。小計なら企業名のセルに「小計」と書いてください"
                            ),
                            format!(
                                "「{name}」 {value} equals the sum of rows {rows} above it; it is counted as a company: if it is a subtotal, write 小計 in its company cell"
                            ),
                        )
                    });
                    since.push(i, r.value);
                    above.push(i, r.value);
                    Outcome::Company { warning }
                }
            }
            RowKind::Label { label: Label::Subtotal, text } => subtotal(&mut since, &above, text),
            RowKind::Label { label: Label::Either, text } => {
                let more = last_company.is_some_and(|last| last > i);
                // The companies since an earlier 合計 or 小計 of the block.
                let group = !since.rows.is_empty() && since.rows.len() < above.rows.len();
                if more {
                    subtotal(&mut since, &above, text)
                } else if published {
                    if since.equals(1, r.value) || above.equals(1, r.value) {
                        subtotal(&mut since, &above, text)
                    } else {
                        not_the_companies_sum(text, r.value, &above, reads)
                    }
                } else if group && since.equals(1, r.value) && !above.equals(1, r.value) {
                    // The total of a second group of companies, as the
                    // 合計 ending the first group is: both are subtotals.
                    subtotal(&mut since, &above, text)
                } else {
                    Outcome::Stated
                }
            }
            RowKind::Label { label: Label::Stated, .. } | RowKind::SourceTotal => Outcome::Stated,
            RowKind::Unlabelled => {
                if since.equals(2, r.value) || above.equals(2, r.value) {
                    subtotal(&mut since, &above, "")
                } else if since.equals(1, r.value) || above.equals(1, r.value) {
                    // One row above of the same value: a subtotal of one
                    // company, or that company's second entry (its merged
                    // name saved as CSV leaves the cell empty), or the
                    // same figure typed twice. Either reading is a guess.
                    let one = if since.equals(1, r.value) { &since.rows } else { &above.rows };
                    equal_to_one_row(r.value, &numbers(reads, one))
                } else {
                    Outcome::Refused(tr(
                        "企業名のセルが空です（結合したセル？）。企業名のセルが 合計・計・総数・公表値 か出典のある行だけが合計を示す行で、値が上の行の合計と等しい行だけが小計です",
                        "the company cell is empty (a merged cell?); a row states the item's total only when its company cell says 合計, 計, 総数 or 公表値 or it gives a 出典, and it is a subtotal only when its value is the sum of the rows above it",
                    ))
                }
            }
        };
        out.push((i, outcome));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::company::CompanyKind;

    fn company(name: &str, v: i64, number: usize) -> Read {
        Read {
            index: number,
            number,
            kpi: "k".into(),
            fiscal_year: FiscalYear(2018),
            value: Quantity::units(v),
            note: String::new(),
            source: String::new(),
            kind: RowKind::Company {
                company: Company {
                    id: String::new(),
                    name: name.into(),
                    head_office: String::new(),
                    industry: String::new(),
                    kind: CompanyKind::Other,
                    reading: String::new(),
                },
                date: None,
            },
        }
    }

    fn label(text: &str, v: i64, number: usize) -> Read {
        let kind = match Label::of(text) {
            Some(label) => RowKind::Label { label, text: text.into() },
            None => RowKind::Unlabelled,
        };
        Read { kind, ..company("", v, number) }
    }

    fn outcomes(reads: &[Read]) -> Vec<Outcome> {
        split(reads).into_iter().flat_map(|b| decide(b, reads)).map(|(_, o)| o).collect()
    }

    #[test]
    fn labels_in_any_width_and_bracket() {
        assert_eq!(Label::of("ｺﾞｳｹｲ"), None);
        assert_eq!(Label::of("（小計）"), Some(Label::Subtotal));
        assert_eq!(Label::of("合　計"), Some(Label::Either));
        assert_eq!(Label::of("公表値"), Some(Label::Stated));
        assert_eq!(Label::of("株式会社合計"), None);
    }

    #[test]
    fn subtotals_are_checked_and_left_out() {
        let reads = [
            company("A", 1, 2),
            company("B", 2, 3),
            label("小計", 3, 4),
            company("C", 4, 5),
            label("小計", 4, 6),
            label("合計", 7, 7),
        ];
        assert_eq!(
            outcomes(&reads),
            [
                Outcome::Company { warning: None },
                Outcome::Company { warning: None },
                Outcome::Subtotal(vec![0, 1]),
                Outcome::Company { warning: None },
                Outcome::Subtotal(vec![3]),
                Outcome::Stated,
            ]
        );
        let wrong = [company("A", 1, 2), company("B", 2, 3), label("小計", 4, 4)];
        assert_eq!(
            outcomes(&wrong)[2],
            Outcome::Refused(
                "the subtotal 「小計」 is 4 but the rows above it add up to 3 (rows 2, 3)".into()
            )
        );
    }

    /// A 合計 of the companies and a 公表値 including a part without a
    /// breakdown: the 合計 is checked as the companies' sum and left out,
    /// the 公表値 is the item's total.
    #[test]
    fn a_total_beside_a_published_figure_is_the_companies_sum() {
        let reads =
            [company("A", 5, 2), company("B", 6, 3), label("合計", 11, 4), label("公表値", 15, 5)];
        let o = outcomes(&reads);
        assert_eq!((&o[2], &o[3]), (&Outcome::Subtotal(vec![0, 1]), &Outcome::Stated));
        let wrong =
            [company("A", 5, 2), company("B", 6, 3), label("合計", 15, 4), label("公表値", 15, 5)];
        assert!(
            matches!(&outcomes(&wrong)[2], Outcome::Refused(m) if m.starts_with("「合計」 is 15 but the company rows above it add up to 11 (rows 2, 3)")),
            "{:?}",
            outcomes(&wrong)
        );
    }

    /// Two groups each closed by its 合計: both are subtotals of their
    /// group, the item's figure the sum of its companies.
    #[test]
    fn a_total_ending_a_second_group_is_that_groups_subtotal() {
        let reads = [
            company("A", 5, 2),
            company("B", 6, 3),
            label("合計", 11, 4),
            company("C", 2, 5),
            company("D", 3, 6),
            label("合計", 5, 7),
        ];
        let o = outcomes(&reads);
        assert_eq!(
            (&o[2], &o[5]),
            (&Outcome::Subtotal(vec![0, 1]), &Outcome::Subtotal(vec![3, 4]))
        );
        // A last 合計 of the whole block stays its stated total.
        let whole =
            [company("A", 5, 2), label("小計", 5, 3), company("C", 2, 4), label("合計", 7, 5)];
        assert_eq!(outcomes(&whole)[3], Outcome::Stated);
    }

    /// `A 5, B 6, 合計 11, C 5, D 1`: C and D may stand outside the total;
    /// refused at the 合計, naming rows 5 and 6. A 小計 there, or a 合計
    /// closing C and D, leaves nothing open.
    #[test]
    fn a_total_with_companies_below_and_no_total_under_them_is_refused() {
        let open = [
            company("A", 5, 2),
            company("B", 6, 3),
            label("合計", 11, 4),
            company("C", 5, 5),
            company("D", 1, 6),
        ];
        let o = outcomes(&open);
        let Outcome::Refused(m) = &o[2] else { panic!("{o:?}") };
        assert!(m.contains("(rows 5, 6)"), "{m}");
        assert!(o.iter().enumerate().all(|(i, x)| i == 2 || matches!(x, Outcome::Company { .. })));
        let mut sub = open.clone();
        sub[2] = label("小計", 11, 4);
        assert_eq!(outcomes(&sub)[2], Outcome::Subtotal(vec![0, 1]));
        let mut closed = open.to_vec();
        closed.push(label("合計", 6, 7));
        let o = outcomes(&closed);
        assert_eq!(
            (&o[2], &o[5]),
            (&Outcome::Subtotal(vec![0, 1]), &Outcome::Subtotal(vec![3, 4]))
        );
    }

    #[test]
    fn an_empty_company_is_a_subtotal_only_by_its_sum() {
        let reads = [company("A", 5, 2), company("B", 6, 3), label("", 11, 4), label("", 12, 5)];
        let o = outcomes(&reads);
        assert_eq!(o[2], Outcome::Subtotal(vec![0, 1]));
        assert!(
            matches!(&o[3], Outcome::Refused(m) if m.starts_with("the company cell is empty (a merged cell?)"))
        );
    }

    /// An empty company of the same value as the one row above it: a
    /// subtotal of one company, or its second entry (a merged name saved
    /// as CSV, every 社 worth 1)? Refused, never left out unseen.
    #[test]
    fn an_empty_company_equal_to_one_row_above_is_refused() {
        let reads = [company("A", 1, 2), label("", 1, 3)];
        assert_eq!(
            outcomes(&reads)[1],
            Outcome::Refused("the company cell is empty and its value 1 equals the one row above it (row 2): a subtotal of one company, or the same company's second entry (a merged company cell saved as CSV is empty)? write 小計 in the company cell if it is a subtotal, or the company's name".into())
        );
        // Written 小計, it is one.
        let labelled = [company("A", 1, 2), label("小計", 1, 3)];
        assert_eq!(outcomes(&labelled)[1], Outcome::Subtotal(vec![0]));
    }

    /// 合計 first, then its companies: the block's stated total, checked;
    /// 小計 groups each above their companies: subtotals of the rows below.
    #[test]
    fn totals_above_their_companies_sum_the_rows_below() {
        let reads = [label("合計", 3, 2), company("A", 1, 3), company("B", 2, 4)];
        assert_eq!(
            outcomes(&reads),
            [
                Outcome::Stated,
                Outcome::Company { warning: None },
                Outcome::Company { warning: None }
            ]
        );
        let groups = [
            label("小計", 3, 2),
            company("A", 1, 3),
            company("B", 2, 4),
            label("小計", 4, 5),
            company("C", 4, 6),
        ];
        let o = outcomes(&groups);
        assert_eq!((&o[0], &o[3]), (&Outcome::Subtotal(vec![1, 2]), &Outcome::Subtotal(vec![4])));
        // One company under its 小計: written so, it is one.
        assert_eq!(
            outcomes(&[label("小計", 1, 2), company("A", 1, 3)])[0],
            Outcome::Subtotal(vec![1])
        );
        // The second group's total wrong: refused there, the first kept.
        let wrong =
            [label("合計", 3, 2), company("A", 3, 3), label("合計", 6, 4), company("B", 5, 5)];
        let o = outcomes(&wrong);
        assert_eq!(o[0], Outcome::Subtotal(vec![1]));
        assert_eq!(
            o[2],
            Outcome::Refused("「合計」 above its companies is 6 but the rows below it add up to 5 (rows 5); if it includes a part without a company breakdown, write 公表値 in its company cell".into())
        );
    }

    #[test]
    fn a_total_above_with_a_row_below_that_is_no_company_is_refused() {
        let reads = [label("合計", 3, 2), company("A", 1, 3), label("", 2, 4)];
        let o = outcomes(&reads);
        assert_eq!(
            o[0],
            Outcome::Refused("row 4 below 「合計」 is not a company row, so which rows 「合計」 totals is unclear; put only company rows below a total".into())
        );
        assert!(matches!(&o[2], Outcome::Refused(_)), "{o:?}");
        // A company named …計 that sums the rows above it is no company.
        let named = [
            label("合計", 4, 2),
            company("A", 1, 3),
            company("B", 1, 4),
            company("首都圏企業計", 2, 5),
        ];
        assert!(
            matches!(&outcomes(&named)[0], Outcome::Refused(m) if m.starts_with("row 5 below"))
        );
    }

    #[test]
    fn a_company_equal_to_the_rows_above_is_warned_not_dropped() {
        let reads = [company("A", 1, 2), company("B", 1, 3), company("C", 2, 4)];
        assert!(
            matches!(&outcomes(&reads)[2], Outcome::Company { warning: Some(w) } if w.contains("rows 2, 3"))
        );
        let named = [company("A", 1, 2), company("B", 1, 3), company("首都圏企業計", 2, 4)];
        assert_eq!(outcomes(&named)[2], Outcome::Subtotal(vec![0, 1]));
    }
}
