//! `kpi-council check FILE...`: validate files and say which kind each is.

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
            Ok(summary) => writeln!(out, "{}: {summary}", path.display())?,
            Err(e) => {
                failed += 1;
                writeln!(out, "error: {e}")?;
            }
        }
    }
    Ok(failed)
}

fn detect_file(path: &Path) -> Result<FileKind, LoadError> {
    let bytes = ron_file::read_capped(path)?;
    let origin = Origin::File(path.to_path_buf());
    let text = ron_file::utf8_text(&origin, &bytes)?;
    detect(&origin, &text)
}

fn check_one(
    path: &Path,
    kind: FileKind,
    plan: &Result<&(Plan, Source), String>,
    lang: crate::i18n::Lang,
) -> Result<String, LoadError> {
    let origin = Origin::File(path.to_path_buf());
    match kind {
        FileKind::Plan => {
            let (plan, _) = dataset_files::load_plan(path)?;
            plan.validate().map_err(|e| LoadError::invalid(&origin, e))?;
            let mut text = format!(
                "plan, valid: {} KPIs × {} fiscal years ({})",
                plan.kpis.len(),
                plan.fiscal_years.len(),
                plan.name
            );
            // A percentage written as a ratio (0.15 for 15 %): a warning.
            for kpi in &plan.kpis {
                if let Some((fy, q)) = kpi.targets.iter().find(|(_, q)| kpi.looks_like_a_ratio(**q))
                {
                    text.push_str(&format!(
                        "; warning: 「{}」 is counted in % but its target for {} is {q}: a ratio written for a percentage?",
                        kpi.name, fy.0
                    ));
                }
            }
            // Files written before kinds existed: said once, with the KPIs.
            let unstated = plan.kinds_not_given();
            if !unstated.is_empty() {
                let names: Vec<&str> = unstated.iter().map(|k| k.name.as_str()).collect();
                text.push_str(&format!(
                    "; {} of its KPIs state no kind and are read as 単年度 (Annual, the plan-period figure a sum): {}; add `kind: Annual` (or Cumulative, Level, Rate) to each",
                    unstated.len(),
                    names.join(", ")
                ));
            }
            Ok(text)
        }
        FileKind::Session => {
            let session = crate::store::session_file::load(path)?;
            let live = session.live_remarks().count();
            let deleted = session.remarks.len() - live;
            let mut text = format!(
                "session, valid: {:?}, {} attendees, {live} remarks ({deleted} deleted), {} judgments",
                session.sheet.title,
                session.sheet.attendees.len(),
                session.judgments.iter().filter(|j| j.withdrawn.is_none()).count(),
            );
            // A journal beside it holds changes of a run that did not close.
            let full = crate::store::session_store::SessionStore::read_back(path).ok();
            if let Some(full) = &full
                && full.revision > session.revision
            {
                text.push_str(&format!(
                    "; its journal holds {} more changes, folded in when it is next opened",
                    full.revision - session.revision
                ));
            }
            if let Some(mark) = &session.review {
                text.push_str(&format!(
                    "; {}'s review copy since {}",
                    mark.member,
                    mark.since.format("%Y-%m-%d %H:%M")
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
                    text.push_str(&format!(
                        "\n  (recorded against the plan {}: give it with --plan to list the items without a judgment)",
                        recorded.path
                    ));
                }
                let data = Data { plan, actuals: None };
                for line in lines(&list, data, session, lang, None) {
                    text.push_str(&format!("\n  {}", line.text));
                }
            }
            Ok(text)
        }
        FileKind::Actuals => {
            let (actuals, _): (Actuals, _) = dataset_files::load_actuals(path)?;
            let (plan, source) = plan.as_ref().map_err(|e| LoadError::Other {
                origin: origin.clone(),
                message: format!("actuals need a valid plan to be checked against: {e}"),
            })?;
            actuals.validate(plan).map_err(|e| LoadError::invalid(&origin, e))?;
            Ok(format!(
                "actuals, valid against the plan {}: {} companies, {} contributions, {} stated totals{}",
                source.origin,
                actuals.companies.len(),
                actuals.contributions.len(),
                actuals.stated_totals.len(),
                if actuals.sample { " (sample)" } else { "" }
            ))
        }
    }
}
