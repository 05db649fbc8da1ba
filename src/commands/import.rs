//! `kpi-council import actuals|plan`: the city's Excel/CSV files and the
//! plan's text, written as the RON files the program loads.

use std::path::Path;

use crate::domain::plan::Plan;
use crate::export::write;
use crate::import::actuals::parse_map;
use crate::import::plan_text;
use crate::store::ron_file::read_capped;

use super::UserError;

/// Every problem at once (`--report`), or the first.
fn report(errors: &[impl std::fmt::Display], all: bool) -> UserError {
    let shown: Vec<String> = if all {
        errors.iter().map(ToString::to_string).collect()
    } else {
        errors.iter().take(1).map(ToString::to_string).collect()
    };
    let mut text = shown.join("\nerror: ");
    if !all && errors.len() > 1 {
        text.push_str(&format!(
            " (and {} more problems; --report lists them all)",
            errors.len() - 1
        ));
    }
    UserError(text)
}

fn pretty<T: serde::Serialize>(value: &T, header: &str) -> Result<String, UserError> {
    let body = crate::store::ron_file::records_text(value)
        .map_err(|e| UserError(format!("cannot write RON: {e}")))?;
    Ok(format!("{header}{body}"))
}

pub struct ActualsArgs<'a> {
    pub file: &'a Path,
    pub output: &'a Path,
    pub sheet: Option<&'a str>,
    pub map: Option<&'a str>,
    pub report: bool,
    pub force: bool,
}

pub fn actuals(plan: &Plan, args: &ActualsArgs) -> Result<String, UserError> {
    let map = args.map.map(parse_map).transpose().map_err(UserError)?.unwrap_or_default();
    let (actuals, _) = crate::import::actuals_from_table(args.file, plan, args.sheet, &map)
        .map_err(|e| report(&e, args.report))?;
    actuals.validate(plan).map_err(|e| UserError(format!("{}: {e}", args.file.display())))?;
    let header = format!(
        "// Imported from {} by kpi-council: {} companies, {} contributions, {} stated totals.\n",
        args.file.display(),
        actuals.companies.len(),
        actuals.contributions.len(),
        actuals.stated_totals.len()
    );
    let text = pretty(&actuals, &header)?;
    write::write(args.output, text.as_bytes(), args.force).map_err(|e| UserError(e.to_string()))?;
    Ok(format!(
        "{}: {} companies, {} contributions, {} stated totals",
        args.output.display(),
        actuals.companies.len(),
        actuals.contributions.len(),
        actuals.stated_totals.len()
    ))
}

/// Reads a plan from the text of a 地域再生計画, with the kinds as
/// inferred: the plan alone.
pub fn read_plan(path: &Path) -> Result<Plan, UserError> {
    read_plan_with(path, &plan_text::Options::default()).map(|i| i.plan)
}

/// Reads a plan from the text of a 地域再生計画: the plan, the report of
/// each KPI and the warnings; every error with the file and line.
pub fn read_plan_with(
    path: &Path,
    options: &plan_text::Options,
) -> Result<plan_text::Imported, UserError> {
    let bytes = read_capped(path).map_err(|e| UserError(e.to_string()))?;
    let (text, _) = crate::import::csv_file::decode(&path.display().to_string(), &bytes)
        .map_err(|e| UserError(e.to_string()))?;
    let imported = plan_text::import(&text, options).map_err(|errors| {
        let lines: Vec<String> =
            errors.iter().map(|e| format!("{}: {e}", path.display())).collect();
        UserError(lines.join("\nerror: "))
    })?;
    imported.plan.validate().map_err(|e| UserError(format!("{}: {e}", path.display())))?;
    Ok(imported)
}

/// `10 / 20 / -`, with the unit once.
fn targets_text(r: &plan_text::KpiReport) -> String {
    r.targets
        .iter()
        .map(|(_, t)| t.map_or_else(|| "-".to_string(), |q| q.to_string()))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// One line per KPI: its kind, unit, years and targets, and why the kind.
#[must_use]
pub fn report_lines(imported: &plan_text::Imported) -> Vec<String> {
    imported
        .kpis
        .iter()
        .map(|r| {
            let years = match (r.targets.first(), r.targets.last()) {
                (Some((a, _)), Some((b, _))) if a == b => a.wareki(),
                (Some((a, _)), Some((b, _))) => format!("{}〜{}", a.wareki(), b.wareki()),
                _ => String::new(),
            };
            let baseline = r
                .baseline
                .as_ref()
                .map(|b| format!("; {} {}{}", b.label, b.value, r.unit))
                .unwrap_or_default();
            let formed = r.formed.as_ref().map(|f| format!("; targets: {f}")).unwrap_or_default();
            format!(
                "  {}: {} ({}), {years}: {} {}{baseline}{formed}; why {}: {}",
                r.name,
                r.kind.japanese(),
                r.kind.code(),
                targets_text(r),
                r.unit,
                r.kind.japanese(),
                r.why
            )
        })
        .collect()
}

pub struct PlanArgs<'a> {
    pub file: &'a Path,
    pub output: &'a Path,
    pub force: bool,
    /// `--kind "KPI名=累計"`, as typed.
    pub kinds: &'a [String],
}

/// Imports a plan: writes the plan file and returns what to print: the
/// report on stdout, the warnings for stderr.
pub fn plan(args: &PlanArgs) -> Result<(Vec<String>, Vec<String>), UserError> {
    let kinds = args
        .kinds
        .iter()
        .map(|k| plan_text::kinds::parse_override(k))
        .collect::<Result<Vec<_>, _>>()
        .map_err(UserError)?;
    let imported = read_plan_with(args.file, &plan_text::Options { kinds })?;
    let plan = &imported.plan;
    let mut header = format!(
        "// Imported from {} by kpi-council. A fiscal year absent from `targets` has no target (\"-\").\n",
        args.file.display()
    );
    for r in &imported.kpis {
        header.push_str(&format!("// {}: {}, because {}", r.name, r.kind.japanese(), r.why));
        if let Some(f) = &r.formed {
            header.push_str(&format!("; targets: {f}"));
        }
        header.push('\n');
    }
    let text = pretty(plan, &header)?;
    write::write(args.output, text.as_bytes(), args.force).map_err(|e| UserError(e.to_string()))?;
    let mut out = vec![format!(
        "{}: {} KPIs × {} fiscal years",
        args.output.display(),
        plan.kpis.len(),
        plan.fiscal_years.len()
    )];
    out.extend(report_lines(&imported));
    let warnings =
        imported.warnings.iter().map(|w| format!("{}: {w}", args.file.display())).collect();
    Ok((out, warnings))
}
