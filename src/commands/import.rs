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

/// Reads a plan from the text of a 地域再生計画.
pub fn read_plan(path: &Path) -> Result<Plan, UserError> {
    let bytes = read_capped(path).map_err(|e| UserError(e.to_string()))?;
    let (text, _) = crate::import::csv_file::decode(&path.display().to_string(), &bytes)
        .map_err(|e| UserError(e.to_string()))?;
    let plan = plan_text::parse(&text).map_err(|errors| {
        let lines: Vec<String> =
            errors.iter().map(|e| format!("{}: {e}", path.display())).collect();
        UserError(lines.join("\nerror: "))
    })?;
    plan.validate().map_err(|e| UserError(format!("{}: {e}", path.display())))?;
    Ok(plan)
}

pub fn plan(file: &Path, output: &Path, force: bool) -> Result<String, UserError> {
    let plan = read_plan(file)?;
    let header = format!(
        "// Imported from {} by kpi-council. A fiscal year absent from `targets` has no target (\"-\").\n",
        file.display()
    );
    let text = pretty(&plan, &header)?;
    write::write(output, text.as_bytes(), force).map_err(|e| UserError(e.to_string()))?;
    Ok(format!(
        "{}: {} KPIs × {} fiscal years",
        output.display(),
        plan.kpis.len(),
        plan.fiscal_years.len()
    ))
}
