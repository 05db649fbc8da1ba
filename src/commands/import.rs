//! `kpi-council import actuals|plan`: the city's Excel/CSV files and the
//! plan's text, written as the RON files the program loads.

use std::path::Path;

use crate::domain::plan::Plan;
use crate::export::write;
use crate::i18n::Lang;
use crate::import::actuals::{Hidden, Options, parse_map};
use crate::import::plan_text;
use crate::import::{Imported, SheetChoice, report};
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
    pub hidden: Hidden,
    pub reconciliation: Option<&'a Path>,
    pub report: bool,
    pub force: bool,
    pub lang: Lang,
}

/// What an import read, before anything is written.
pub struct Prepared {
    pub imported: Imported,
    /// The reconciliation as Markdown.
    pub text: String,
}

/// Reads the file into actuals and the reconciliation, and writes the
/// reconciliation if asked: for a refused import too, which it explains.
pub fn prepare(plan: &Plan, args: &ActualsArgs) -> Result<Prepared, UserError> {
    let map = args.map.map(parse_map).transpose().map_err(UserError)?.unwrap_or_default();
    let options = Options { map, hidden: args.hidden };
    let imported =
        crate::import::read_actuals(args.file, plan, &SheetChoice::from_arg(args.sheet), &options)
            .map_err(|e| UserError(e.to_string()))?;
    let text = report::markdown(&imported.reconciliation, args.lang);
    if let Some(path) = args.reconciliation {
        write::write(path, text.as_bytes(), args.force).map_err(|e| UserError(e.to_string()))?;
    }
    Ok(Prepared { imported, text })
}

/// Writes the actuals of an import that has no errors.
pub fn finish(plan: &Plan, args: &ActualsArgs, imported: &Imported) -> Result<String, UserError> {
    let rec = &imported.reconciliation;
    if !rec.errors.is_empty() {
        return Err(report(&rec.errors, args.report));
    }
    let actuals = &imported.actuals;
    actuals.validate(plan).map_err(|e| UserError(format!("{}: {e}", args.file.display())))?;
    let header = format!(
        "// Imported from {} by kpi-council: {} companies, {} contributions, {} stated totals.\n",
        args.file.display(),
        actuals.companies.len(),
        actuals.contributions.len(),
        actuals.stated_totals.len()
    );
    let text = pretty(actuals, &header)?;
    write::write(args.output, text.as_bytes(), args.force).map_err(|e| UserError(e.to_string()))?;
    Ok(format!(
        "{}: {} companies, {} contributions, {} stated totals",
        args.output.display(),
        actuals.companies.len(),
        actuals.contributions.len(),
        actuals.stated_totals.len()
    ))
}

/// `import actuals` without the preview: the reconciliation on standard
/// output, then the actuals written, or the errors.
pub fn actuals(plan: &Plan, args: &ActualsArgs) -> Result<(String, String), UserError> {
    let prepared = prepare(plan, args)?;
    let done = finish(plan, args, &prepared.imported);
    match done {
        Ok(line) => Ok((prepared.text, line)),
        Err(e) => {
            // The reconciliation explains a refusal: shown before the errors.
            print!("{}", prepared.text);
            Err(e)
        }
    }
}

/// `import actuals --preview`: the reconciliation on screen first; Enter
/// writes the actuals, Esc writes nothing.
pub fn preview(plan: &Plan, args: &ActualsArgs) -> Result<String, UserError> {
    let prepared = prepare(plan, args)?;
    let mut view =
        crate::app::preview::Preview::new(prepared.imported.reconciliation.clone(), args.lang);
    let decision = crate::tui::run_preview(&mut view)
        .map_err(|e| UserError(format!("cannot use the terminal: {e}")))?;
    match decision {
        crate::app::preview::Decision::Write => finish(plan, args, &prepared.imported),
        crate::app::preview::Decision::Discard => {
            if prepared.imported.reconciliation.errors.is_empty() {
                Ok(format!("nothing written: {} was left as it was", args.output.display()))
            } else {
                Err(report(&prepared.imported.reconciliation.errors, args.report))
            }
        }
    }
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
