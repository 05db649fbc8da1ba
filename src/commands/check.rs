//! `kpi-council check FILE...`: validate files and say which kind each is.

use crate::i18n::{count_en, tr};
use std::io::Write;
use std::path::Path;

use crate::domain::actuals::Actuals;
use crate::domain::plan::Plan;
use crate::domain::session::checklist::Checklist;
use crate::i18n::checklist::{Data, lines};
use crate::store::dataset_files::{self, Source};
use crate::store::embedded;
use crate::store::kind::{FileKind, detect};
use crate::store::ron_file::{self, LoadError, Origin};

/// Checks every file, printing one line for each; returns how many failed.
/// Actuals are checked against a plan among the files, else `--plan`, else
/// the embedded plan.
pub fn run(
    files: &[&Path],
    plan_arg: Option<&Path>,
    lang: crate::i18n::Lang,
    out: &mut dyn Write,
) -> std::io::Result<usize> {
    let mut kinds = Vec::new();
    for path in files {
        kinds.push(detect_file(path));
    }
    let mut plan: Option<(Plan, Source)> = None;
    for (path, kind) in files.iter().zip(&kinds) {
        if let Ok(FileKind::Plan) = kind
            && plan.is_none()
            && let Ok(p) = dataset_files::load_plan(path)
            && p.0.validate().is_ok()
        {
            plan = Some(p);
        }
    }
    let fallback = match (&plan, plan_arg) {
        (Some(_), _) => None,
        (None, Some(p)) => Some(dataset_files::load_plan(p)),
        (None, None) => Some(embedded::plan()),
    };
    let plan_for_actuals: Result<&(Plan, Source), String> = match (&plan, &fallback) {
        (Some(p), _) | (None, Some(Ok(p))) => Ok(p),
        (None, Some(Err(e))) => Err(e.to_string()),
        (None, None) => Err("no plan".into()),
    };

    let mut failed = 0;
    for (path, kind) in files.iter().zip(kinds) {
        let result = kind.and_then(|kind| check_one(path, kind, &plan_for_actuals, lang));
        match result {
            Ok(Checked { summary, blocks }) => {
                failed += usize::from(blocks);
                writeln!(out, "{}: {summary}", path.display())?;
            }
            Err(e) => {
                failed += 1;
                writeln!(out, "{}", tr(format!("エラー: {e}"), format!("error: {e}")))?;
            }
        }
    }
    Ok(failed)
}

fn detect_file(path: &Path) -> Result<FileKind, LoadError> {
    let bytes = ron_file::read_capped(path)?;
    let origin = Origin::File(path.to_path_buf());
    let text = ron_file::utf8_text(&origin, &bytes)?;
    detect(&origin, text)
}

/// A plan file: valid, its size, and what to look at.
fn check_plan(path: &Path, origin: &Origin) -> Result<String, LoadError> {
    let (plan, _) = dataset_files::load_plan(path)?;
    plan.validate().map_err(|e| LoadError::invalid(origin, e))?;
    let (k, y, name) = (plan.kpis.len(), plan.fiscal_years.len(), &plan.name);
    let mut text = tr(
        format!("計画、正常: KPI {k} 件 × {y} 年度（{name}）"),
        format!("plan, valid: {} ({name})", kpis_by_years(k, y)),
    );
    // A percentage written as a ratio (0.15 for 15 %): a warning.
    for kpi in &plan.kpis {
        if let Some((fy, q)) = kpi.targets.iter().find(|(_, q)| kpi.looks_like_a_ratio(**q)) {
            let (name, y) = (&kpi.name, fy.0);
            text.push_str(&tr(
                format!("；警告: 「{name}」は % で数えますが、{y}年度の目標が {q} です。百分率のところに比率を書いていませんか？"),
                format!("; warning: 「{name}」 is counted in % but its target for {y} is {q}: a ratio written for a percentage?"),
            ));
        }
    }
    // Falling targets read as more is better because the file says nothing.
    for kpi in plan.kpis.iter().filter(|k| k.better.is_none() && k.targets_fall()) {
        let name = &kpi.name;
        text.push_str(&tr(
            format!("；警告: 「{name}」の目標が下がっていますが、少ないほど良いかの指定がなく、多いほど良い（達成率＝実績／目標）として読みます。少ないほど良いなら `better: Lower`、そうでなければ `better: Higher` を書いてください"),
            format!("; warning: the targets of 「{name}」 fall but the file does not say which way it improves, so it is read as more is better (rate = actual / target); add `better: Lower` for a figure to bring down, else `better: Higher`"),
        ));
    }
    // Files written before kinds existed: said once, with the KPIs.
    let unstated = plan.kinds_not_given();
    if !unstated.is_empty() {
        let names: Vec<&str> = unstated.iter().map(|k| k.name.as_str()).collect();
        let (n, names) = (unstated.len(), names.join(", "));
        text.push_str(&tr(
            format!("；KPI {n} 件に種類の指定がなく、単年度（計画期間の値は合計）として読みます: {names}。それぞれに `kind: Annual`（または Cumulative、Level、Rate）を書いてください"),
            format!("; {n} of its KPIs state no kind and are read as 単年度 (Annual, the plan-period figure a sum): {names}; add `kind: Annual` (or Cumulative, Level, Rate) to each"),
        ));
    }
    Ok(text)
}

/// What `check` says of a file it could read, and whether the file still
/// fails the check: a session whose unresolved conflicts block its export
/// (the export refuses it with status 2, and so does `check`, so that a
/// script or a git hook does not take it for ready).
struct Checked {
    summary: String,
    blocks: bool,
}

impl From<String> for Checked {
    fn from(summary: String) -> Checked {
        Checked { summary, blocks: false }
    }
}

fn check_one(
    path: &Path,
    kind: FileKind,
    plan: &Result<&(Plan, Source), String>,
    lang: crate::i18n::Lang,
) -> Result<Checked, LoadError> {
    let origin = Origin::File(path.to_path_buf());
    match kind {
        FileKind::Plan => check_plan(path, &origin).map(Checked::from),
        FileKind::Session => check_session(path, plan, lang),
        FileKind::Actuals => check_actuals(path, &origin, plan).map(Checked::from),
    }
}

/// A session file: what it holds, what its journal adds, and what is
/// unsettled before export; its unresolved conflicts fail the check.
fn check_session(
    path: &Path,
    plan: &Result<&(Plan, Source), String>,
    lang: crate::i18n::Lang,
) -> Result<Checked, LoadError> {
    let session = crate::store::session_file::load(path)?;
    // A journal beside it holds changes of a run that did not close,
    // counted as the next start counts those it recovers.
    let mut folded = session.clone();
    let (full, changes) =
        match crate::store::session_store::SessionStore::fold_journal(path, &mut folded) {
            Ok(n) => (Some(folded), n),
            Err(_) => (None, 0),
        };
    let conflicts = {
        let s = full.as_ref().unwrap_or(&session);
        s.remarks.iter().filter(|r| r.in_conflict()).count()
            + s.judgments.iter().filter(|j| j.in_conflict()).count()
    };
    let live = session.live_remarks().count();
    let deleted = session.remarks.len() - live;
    let (title, a) = (&session.sheet.title, session.sheet.attendees.len());
    let j = session.judgments.iter().filter(|j| j.withdrawn.is_none()).count();
    // Said where "valid" stands: the export refuses such a session.
    let valid = if conflicts == 0 {
        tr("正常", "valid")
    } else {
        tr(
            format!("未解決の競合 {conflicts} 件があり書き出せません"),
            format!(
                "{} {} its export",
                count_en(conflicts, "unresolved conflict", "unresolved conflicts"),
                if conflicts == 1 { "blocks" } else { "block" }
            ),
        )
    };
    let mut text = tr(
        format!(
            "会議の記録、{valid}: {title:?}、出席者 {a} 人、発言 {live} 件（削除 {deleted} 件）、評価 {j} 件"
        ),
        format!(
            "session, {valid}: {title:?}, {}, {} ({deleted} deleted), {}",
            count_en(a, "attendee", "attendees"),
            count_en(live, "remark", "remarks"),
            count_en(j, "judgment", "judgments"),
        ),
    );
    if changes > 0 {
        let n = changes;
        text.push_str(&tr(
            format!("；ジャーナルに未反映の変更が {n} 件あり、次に開いたときに取り込みます"),
            format!("; its journal holds {n} more changes, folded in when it is next opened"),
        ));
    }
    if let Some(mark) = &session.review {
        let (who, since) = (&mark.member, mark.since.format("%Y-%m-%d %H:%M"));
        text.push_str(&tr(
            format!("；{who} さんの確認用の写し（{since} から）"),
            format!("; {who}'s review copy since {since}"),
        ));
    }
    // What is unsettled before export, as `e` shows it.
    if let Ok((plan, source)) = plan {
        let session = full.as_ref().unwrap_or(&session);
        let mut list = Checklist::of(plan, session);
        let recorded = &session.data.plan;
        if !recorded.sha256.is_empty() && recorded.sha256 != source.data_ref().sha256 {
            // Another plan's agenda would be the wrong one.
            list.unjudged.clear();
            let recorded = &recorded.path;
            text.push_str(&tr(
                format!("\n  （計画 {recorded} で記録されています。評価のない議題を並べるには --plan でその計画を指定してください）"),
                format!("\n  (recorded against the plan {recorded}: give it with --plan to list the items without a judgment)"),
            ));
        }
        let data = Data { plan, actuals: None };
        for line in lines(&list, data, session, lang, None) {
            text.push_str(&format!("\n  {}", line.text));
        }
    }
    Ok(Checked { summary: text, blocks: conflicts > 0 })
}

/// An actuals file, against the plan.
fn check_actuals(
    path: &Path,
    origin: &Origin,
    plan: &Result<&(Plan, Source), String>,
) -> Result<String, LoadError> {
    let (actuals, _): (Actuals, _) = dataset_files::load_actuals(path)?;
    let (plan, source) = plan.as_ref().map_err(|e| LoadError::Other {
        origin: origin.clone(),
        message: tr(
            format!("実績を確かめるには正しい計画が必要です: {e}"),
            format!("actuals need a valid plan to be checked against: {e}"),
        ),
    })?;
    actuals.validate(plan).map_err(|e| LoadError::invalid(origin, e))?;
    let (o, c, n, t) = (
        &source.origin,
        actuals.companies.len(),
        actuals.contributions.len(),
        actuals.stated_totals.len(),
    );
    let sample = if actuals.sample { tr("（サンプル）", " (sample)") } else { String::new() };
    let mut text = tr(
        format!(
            "実績、計画 {o} に照らして正常: 企業 {c} 社、実績の内訳 {n} 件、合計値 {t} 件{sample}"
        ),
        format!("actuals, valid against the plan {o}: {}{sample}", actuals_counts(c, n, t)),
    );
    text.push_str(&totals_below_companies(plan, &actuals));
    text.push_str(&running_falls(plan, &actuals));
    Ok(text)
}

/// Stated totals below the companies behind them (for a 累計 year, those
/// of that year and every earlier one), as the import refuses them: a file
/// written by hand, or by an import that let a 累計 one through, is shown
/// with the stated figure while its breakdown says more.
fn totals_below_companies(plan: &Plan, actuals: &Actuals) -> String {
    use crate::domain::plan::KpiKind;
    use crate::import::reconciliation::{Check, items};
    let mut text = String::new();
    for item in items(plan, actuals) {
        let (Some(Check::Short(_)), Some(stated)) = (item.check, item.stated) else { continue };
        let (name, y, sum) = (&item.kpi_name, item.fiscal_year.wareki(), item.sum);
        let running = plan.kpi(&item.kpi).is_some_and(|k| k.kind == KpiKind::Cumulative);
        let (why_ja, why_en) = if running {
            ("（累計の指標はその年度までの企業の値）", " (up to that year, a 累計)")
        } else {
            ("", "")
        };
        text.push_str(&tr(
            format!("；警告: 「{name}」{y}の合計値 {stated} が、企業別内訳の合計 {sum}{why_ja}より小さくなっています。画面と会議録には {stated} が出ます"),
            format!("; warning: the stated total of 「{name}」 for {y} is {stated} but its companies{why_en} add up to {sum}; the screens and minutes show {stated}"),
        ));
    }
    text
}

/// `3 KPIs × 2 fiscal years`, `1 KPI × 1 fiscal year`.
#[must_use]
pub fn kpis_by_years(kpis: usize, years: usize) -> String {
    use crate::i18n::count_en;
    format!(
        "{} × {}",
        count_en(kpis, "KPI", "KPIs"),
        count_en(years, "fiscal year", "fiscal years")
    )
}

/// `12 companies, 40 contributions, 1 stated total`.
#[must_use]
pub fn actuals_counts(companies: usize, contributions: usize, stated: usize) -> String {
    use crate::i18n::count_en;
    format!(
        "{}, {}, {}",
        count_en(companies, "company", "companies"),
        count_en(contributions, "contribution", "contributions"),
        count_en(stated, "stated total", "stated totals")
    )
}

/// A 累計 KPI's stated totals that fall below an earlier year's, as the
/// import warns of them: likely each the year's own increase, shown as the
/// running figure.
fn running_falls(plan: &Plan, actuals: &Actuals) -> String {
    let mut text = String::new();
    for fall in crate::import::reconciliation::running_falls(plan, actuals) {
        let (name, value, earlier) = (&fall.kpi_name, fall.value, fall.earlier_value);
        let (y, ey) = (fall.fiscal_year.wareki(), fall.earlier_year.wareki());
        let (fy, efy) = (fall.fiscal_year.0, fall.earlier_year.0);
        text.push_str(&tr(
            format!("；警告: 「{name}」{y}の合計値 {value} が、{ey}の {earlier} より小さくなっています（累計の指標の合計は、その年度までの累計の値）。画面と会議録には {value} が出ます"),
            format!("; warning: the stated total of 「{name}」 for FY{fy} is {value}, below FY{efy}'s {earlier}: a 累計 KPI's total is its running figure; the screens and minutes show {value}"),
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_counts_say_one_in_the_singular() {
        assert_eq!(kpis_by_years(1, 1), "1 KPI × 1 fiscal year");
        assert_eq!(kpis_by_years(3, 2), "3 KPIs × 2 fiscal years");
        assert_eq!(actuals_counts(1, 1, 1), "1 company, 1 contribution, 1 stated total");
        assert_eq!(actuals_counts(0, 2, 0), "0 companies, 2 contributions, 0 stated totals");
    }
}
