//! What the rows of an import have given so far: companies (one per name,
//! by NFKC), contributions (a repeated row is refused), and stated totals
//! (one per item, never smaller than its companies' sum).

use std::collections::HashMap;

use crate::domain::actuals::{Contribution, StatedTotal};
use crate::domain::company::{Company, CompanyKind};
use crate::domain::quantity::Quantity;
use crate::i18n::tr;

use super::blocks::{Read, RowKind};
use super::fold::{key, nfkc};
use super::layout::Field;
use super::reconciliation::{Fate, Reconciliation};
use super::row_reading::Reading;
use super::table::{CellError, Row};

/// A stated total and where it was read.
pub(super) struct Stated {
    pub total: StatedTotal,
    pub sheet: usize,
    pub index: usize,
    /// An error at its cell, for the message if it is refused.
    pub error: CellError,
}

/// What the rows have given so far.
#[derive(Default)]
pub(super) struct Collected {
    pub companies: Vec<Company>,
    /// Company index by its name's key.
    by_name: HashMap<String, usize>,
    pub contributions: Vec<Contribution>,
    pub stated: Vec<Stated>,
    /// The first row of each distinct record, to find repeated rows.
    seen: HashMap<String, (Option<String>, usize)>,
    /// Each company's name without its legal form (株式会社, (株) …), the
    /// first company so named and where: 株式会社A and (株)A are told of.
    by_bare_name: HashMap<String, (usize, Option<String>, usize)>,
    /// Warnings for the reconciliation.
    pub warnings: Vec<CellError>,
}

/// The legal forms offices write whole or abbreviated: 株式会社 and (株),
/// 有限会社 and (有), 合同会社 and (同), as NFKC writes them (㈱ is (株)).
const LEGAL_FORMS: [&str; 6] = ["株式会社", "(株)", "有限会社", "(有)", "合同会社", "(同)"];

/// A company name's key without its legal form, where it has one.
fn bare_name(k: &str) -> Option<String> {
    let form = LEGAL_FORMS.iter().find(|f| k.contains(*f))?;
    let bare = k.replacen(form, "", 1);
    (!bare.is_empty()).then_some(bare)
}

impl Collected {
    pub(super) fn company(&mut self, r: &Reading, row: &Row, read: &Read) -> Result<(), CellError> {
        let RowKind::Company { company, date } = &read.kind else { return Ok(()) };
        let signature = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{date:?}\u{1f}{}",
            read.kpi,
            read.fiscal_year.0,
            company.name,
            read.value.plain(),
            read.note
        );
        let here = (r.table.sheet.clone(), row.number);
        if let Some((sheet, first)) = self.seen.get(&signature) {
            let first = match sheet {
                Some(s) if *sheet != here.0 => {
                    tr(format!("シート「{s}」の {first} 行目"), format!("row {first} of sheet {s}"))
                }
                _ => tr(format!("{first} 行目"), format!("row {first}")),
            };
            return Err(r.error(
                row,
                None,
                tr(
                    format!(
                        "この行は {first}と同じです（指標・年度・企業名・値・日付・備考がすべて同じ）"
                    ),
                    format!(
                        "this row repeats {first} (same KPI, year, company, value, date and note)"
                    ),
                ),
            ));
        }
        self.seen.insert(signature, here);
        let id = self.company_id(r, row, company.clone())?;
        self.contributions.push(Contribution {
            kpi: read.kpi.as_str().into(),
            fiscal_year: read.fiscal_year,
            company: id.into(),
            value: read.value,
            date: *date,
            note: read.note.as_str().into(),
        });
        Ok(())
    }

    /// The id of the row's company: a new one, or the one an earlier row
    /// named. Details given once are enough; different ones are a conflict.
    fn company_id(
        &mut self,
        r: &Reading,
        row: &Row,
        company: Company,
    ) -> Result<String, CellError> {
        let k = key(&company.name);
        let Some(&i) = self.by_name.get(&k) else {
            if let Some(bare) = bare_name(&k) {
                let here = (self.companies.len(), r.table.sheet.clone(), row.number);
                let (first, sheet, number) = self.by_bare_name.entry(bare).or_insert(here).clone();
                if first != self.companies.len() {
                    let (name, other) = (&company.name, &self.companies[first].name);
                    let at = match sheet {
                        Some(s) if s.as_str() != r.table.sheet.as_deref().unwrap_or_default() => {
                            tr(
                                format!("シート「{s}」の {number} 行目"),
                                format!("row {number} of sheet {s}"),
                            )
                        }
                        _ => tr(format!("{number} 行目"), format!("row {number}")),
                    };
                    self.warnings.push(r.error(
                        row,
                        Some(Field::Company),
                        tr(
                            format!(
                                "「{name}」と「{other}」（{at}）は法人の種類の書き方だけが違い、別の企業として数えます。同じ企業なら、すべての行で同じ名前にしてください"
                            ),
                            format!(
                                "「{name}」 and 「{other}」 ({at}) differ only in how the legal form is written and are counted as two companies; if they are one, write its name the same way in every row"
                            ),
                        ),
                    ));
                }
            }
            let id = format!("c{:03}", self.companies.len() + 1);
            self.by_name.insert(k, self.companies.len());
            self.companies.push(Company { id: id.clone(), ..company });
            return Ok(id);
        };
        let known = &mut self.companies[i];
        let name = &company.name;
        for (have, now, what) in [
            (&mut known.head_office, &company.head_office, "本社所在地"),
            (&mut known.industry, &company.industry, "業種"),
            (&mut known.reading, &company.reading, "フリガナ"),
        ] {
            if have.is_empty() {
                have.clone_from(now);
            } else if !now.is_empty() && nfkc(have) != nfkc(now) {
                return Err(r.error(
                    row,
                    None,
                    tr(
                        format!(
                            "「{name}」の{what}が、この行では「{now}」、前の行では「{have}」です"
                        ),
                        format!(
                            "{what} of 「{name}」 is 「{now}」 here but 「{have}」 in an earlier row"
                        ),
                    ),
                ));
            }
        }
        if known.kind != company.kind && company.kind != CompanyKind::Other {
            if known.kind != CompanyKind::Other {
                return Err(r.error(
                    row,
                    Some(Field::Kind),
                    tr(
                        format!("「{name}」の区分が前の行と違います"),
                        format!("区分 of 「{name}」 differs from an earlier row"),
                    ),
                ));
            }
            known.kind = company.kind;
        }
        Ok(known.id.clone())
    }

    /// One stated total per item, never smaller than its companies' sum.
    pub(super) fn check_stated_totals(&mut self, rec: &mut Reconciliation) {
        let mut kept: Vec<Stated> = Vec::new();
        for st in std::mem::take(&mut self.stated) {
            let refuse = |rec: &mut Reconciliation, st: &Stated, message: String| {
                rec.errors.push(CellError { message: message.clone(), ..st.error.clone() });
                if let Some(r) =
                    rec.rows.iter_mut().find(|r| r.sheet == st.sheet && r.index == st.index)
                {
                    r.fate = Fate::Refused(message);
                }
            };
            let same = |s: &&Stated| {
                s.total.kpi == st.total.kpi && s.total.fiscal_year == st.total.fiscal_year
            };
            if let Some(first) = kept.iter().find(same) {
                let at = rec
                    .rows
                    .iter()
                    .find(|r| r.sheet == first.sheet && r.index == first.index)
                    .map_or(0, |r| r.number);
                refuse(
                    rec,
                    &st,
                    tr(
                        format!("この指標・年度の合計はすでに {at} 行目にあります"),
                        format!(
                            "a total for this KPI and fiscal year is already stated (row {at})"
                        ),
                    ),
                );
                continue;
            }
            let parts: Vec<&Contribution> = self
                .contributions
                .iter()
                .filter(|c| c.kpi == st.total.kpi && c.fiscal_year == st.total.fiscal_year)
                .collect();
            let sum: Quantity = parts.iter().map(|c| c.value).sum();
            if st.total.value < sum {
                let (total, n) = (st.total.value, parts.len());
                refuse(
                    rec,
                    &st,
                    tr(
                        format!(
                            "合計値 {total} が、企業 {n} 社の値の合計 {sum} より小さくなっています"
                        ),
                        format!(
                            "the stated total {total} is smaller than the sum of its {n} companies, {sum}"
                        ),
                    ),
                );
                continue;
            }
            kept.push(st);
        }
        self.stated = kept;
    }
}
