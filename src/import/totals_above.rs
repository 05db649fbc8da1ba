//! Totals written above their companies, as offices often lay a block
//! out: 合計 first (bold, shaded), then its companies. A total (合計, 計,
//! 小計, 総計, 累計) with no company above it in its block and companies
//! below it starts the block's groups: each such total sums the company
//! rows below it, up to the next total or the block's end, and must equal
//! them. Where it is unclear which rows a total sums (totals above and
//! below the same companies, a total over other totals, a row below it
//! that is no company) that total is refused at its cell (the block's
//! first, for totals on both sides); nothing is guessed.

use std::ops::Range;

use crate::domain::quantity::Quantity;
use crate::i18n::tr;

use super::blocks::{Label, Outcome, Read, RowKind};

fn is_total(r: &Read) -> bool {
    matches!(r.kind, RowKind::Label { label: Label::Subtotal | Label::Either, .. })
}

fn numbers(reads: &[Read], rows: &[usize]) -> String {
    rows.iter().map(|i| reads[*i].number.to_string()).collect::<Vec<_>>().join(", ")
}

/// A total above its rows: where it is, the rows below it up to the next
/// total, those of them that are companies with their sum, and the first
/// that is not.
struct Group {
    total: usize,
    rows: Range<usize>,
    companies: Vec<usize>,
    sum: Quantity,
    other: Option<usize>,
}

impl Group {
    fn totals_below(&self, reads: &[Read]) -> bool {
        !self.companies.is_empty() && self.sum == reads[self.total].value
    }
}

/// The groups of a block whose first total stands above every company,
/// with companies after it; `None` for a block read from the bottom up.
/// A row is a company when the rows read from below took it as one.
fn groups(block: &Range<usize>, reads: &[Read], below: &[(usize, Outcome)]) -> Option<Vec<Group>> {
    let company = |i: usize| matches!(below[i - block.start].1, Outcome::Company { .. });
    let first_company = block.clone().find(|i| company(*i))?;
    let first = (block.start..first_company).find(|i| is_total(&reads[*i]))?;
    let totals: Vec<usize> = (first..block.end).filter(|i| is_total(&reads[*i])).collect();
    let ends = totals.iter().skip(1).copied().chain([block.end]);
    Some(
        totals
            .iter()
            .zip(ends)
            .map(|(t, end)| {
                let (companies, others): (Vec<usize>, Vec<usize>) =
                    (t + 1..end).partition(|i| company(*i));
                let sum = companies.iter().fold(Quantity::default(), |s, i| {
                    // As `sum` adds them: in order, saturating.
                    s.saturating_add(reads[*i].value)
                });
                let other = others.first().copied();
                Group { total: *t, rows: t + 1..end, companies, sum, other }
            })
            .collect(),
    )
}

/// Decides the totals of a block laid out with totals above their
/// companies, over the outcomes `below` gave each row read from the
/// bottom up (companies and other rows keep theirs).
pub(super) fn decide(block: &Range<usize>, reads: &[Read], below: &mut [(usize, Outcome)]) {
    let Some(groups) = groups(block, reads, below) else {
        return;
    };
    let mut set = |i: usize, outcome: Outcome| below[i - block.start].1 = outcome;
    // A later total that stands below the companies before it: the block
    // has totals on both sides, and the rows read from below decide the rest.
    let bottom = groups.windows(2).find(|w| {
        !w[0].companies.is_empty()
            && !w[1].totals_below(reads)
            && (w[1].companies.is_empty() || w[0].sum == reads[w[1].total].value)
    });
    if let Some(w) = bottom {
        set(groups[0].total, Outcome::Refused(both_sides(reads, &groups[0], &w[0], w[1].total)));
        return;
    }
    let single = groups.len() == 1;
    for g in &groups {
        let r = &reads[g.total];
        let label = r.label_text();
        let outcome = if let Some(other) = g.other {
            Outcome::Refused(not_a_company(reads, label, other))
        } else if g.rows.is_empty() {
            // Another total right below it (the last group, with companies
            // after every other, is never empty).
            if g.rows.end == block.end {
                continue;
            }
            Outcome::Refused(not_a_company(reads, label, g.rows.end))
        } else if g.sum != r.value {
            let (value, sum, rows) = (r.value, g.sum, numbers(reads, &g.companies));
            Outcome::Refused(tr(
                format!(
                    "企業の行の上の「{label}」は {value} ですが、下の行（{rows} 行目）の合計は {sum} です。企業別の内訳のない分を含む値なら、企業名のセルを「公表値」にしてください"
                ),
                format!(
                    "「{label}」 above its companies is {value} but the rows below it add up to {sum} (rows {rows}); if it includes a part without a company breakdown, write 公表値 in its company cell"
                ),
            ))
        } else if single && matches!(r.kind, RowKind::Label { label: Label::Either, .. }) {
            // The block's one 合計, as a 合計 closing a block is.
            Outcome::Stated
        } else {
            Outcome::Subtotal(g.companies.clone())
        };
        set(g.total, outcome);
    }
}

/// The message for a total above companies followed by `row`, a row that
/// is no company: another total right below it, or a row among its
/// companies.
fn not_a_company(reads: &[Read], label: &str, row: usize) -> String {
    let (n, text) = (reads[row].number, reads[row].label_text());
    if is_total(&reads[row]) {
        tr(
            format!(
                "「{label}」の下は企業の行ではなく「{text}」（{n} 行目）です。合計をさらに合計した行は、どの行の合計か分からないため読みません。消すか、その指標・年度の公表された値なら企業名のセルを「公表値」にしてください"
            ),
            format!(
                "「{label}」 is followed by 「{text}」 (row {n}), not by company rows: a total of other totals is not read, as which rows it totals is unclear; delete it, or write 公表値 in its company cell if it is the published figure of the KPI and 年度"
            ),
        )
    } else {
        tr(
            format!(
                "「{label}」の下の {n} 行目は企業の行ではありません。「{label}」がどの行の合計か分からないため読みません。合計の下には企業の行だけを置いてください"
            ),
            format!(
                "row {n} below 「{label}」 is not a company row, so which rows 「{label}」 totals is unclear; put only company rows below a total"
            ),
        )
    }
}

/// The message for the first total above companies of a block where
/// `bottom` stands below the companies of `before`.
fn both_sides(reads: &[Read], first: &Group, before: &Group, bottom: usize) -> String {
    let label = reads[first.total].label_text();
    let (other, n) = (reads[bottom].label_text(), reads[bottom].number);
    let rows = numbers(reads, &before.companies);
    tr(
        format!(
            "「{label}」は下の企業の行の合計として上にありますが、「{other}」（{n} 行目）は企業の行（{rows} 行目）の下にあります。同じ指標・年度に企業の上の合計と下の合計があると、どの行の合計か分かりません。合計は企業の上か下のどちらかにそろえてください"
        ),
        format!(
            "「{label}」 stands above the companies it totals, but 「{other}」 (row {n}) stands below companies (rows {rows}): with totals both above and below the companies of one KPI and 年度, which rows each totals is unclear; keep the totals on one side, above or below their companies"
        ),
    )
}
