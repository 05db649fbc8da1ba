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
use crate::i18n::tr;

/// Every problem at once (`--report`), or the first.
fn report(errors: &[impl std::fmt::Display], all: bool) -> UserError {
    let shown: Vec<String> = if all {
        errors.iter().map(ToString::to_string).collect()
    } else {
        errors.iter().take(1).map(ToString::to_string).collect()
    };
    let mut text = shown.join(&tr("\nエラー: ", "\nerror: "));
    if !all && errors.len() > 1 {
        let n = errors.len() - 1;
        text.push_str(&tr(
            format!("（ほかに {n} 件の問題。--report ですべて表示）"),
            format!(" (and {n} more problems; --report lists them all)"),
        ));
    }
    UserError(text)
}

fn pretty<T: serde::Serialize>(value: &T, header: &str) -> Result<String, UserError> {
    let body = crate::store::ron_file::records_text(value).map_err(|e| {
        UserError(crate::i18n::tr(
            format!("RON を書き出せません: {e}"),
            format!("cannot write RON: {e}"),
        ))
    })?;
    let text = format!("{header}{body}");
    // What is written must read back: the same limit as for reading.
    crate::store::limits::check_written(text.len()).map_err(|e| {
        UserError(crate::i18n::tr(
            format!("取り込んだファイルを書き出しませんでした: {e}"),
            format!("the imported file was not written: {e}"),
        ))
    })?;
    Ok(text)
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
    /// No `--plan` was given: the file is checked against the sample plan.
    pub sample_plan: bool,
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
        let mut error = report(&rec.errors, args.report);
        let counts = rec.counts();
        // Nothing read against the sample plan: most likely the city's own
        // file, imported without its plan.
        if args.sample_plan && counts.used == 0 && counts.stated == 0 && rec.outside_plan > 0 {
            error.0.push_str(&tr(
                "\n--plan がないため、サンプルの北見市の計画と照らし合わせました。自分の計画の実績なら kpi-council --plan plan.ron import actuals … のように計画を指定してください",
                "\nwithout --plan, the file was checked against the sample plan of 北見市; for your own plan's actuals give it: kpi-council --plan plan.ron import actuals …",
            ));
        }
        return Err(error);
    }
    let actuals = &imported.actuals;
    actuals.validate(plan).map_err(|e| UserError(format!("{}: {e}", args.file.display())))?;
    // A line break in the name would end the comment.
    let path = args.file.display().to_string();
    let source = crate::export::safe::terminal(&path);
    let (c, n, t) =
        (actuals.companies.len(), actuals.contributions.len(), actuals.stated_totals.len());
    let header = tr(
        format!(
            "// {source} から kpi-council が取り込みました: 企業 {c} 社、実績の内訳 {n} 件、合計値 {t} 件。\n"
        ),
        format!(
            "// Imported from {source} by kpi-council: {}.\n",
            super::check::actuals_counts(c, n, t)
        ),
    );
    let text = pretty(actuals, &header)?;
    write::write(args.output, text.as_bytes(), args.force).map_err(|e| UserError(e.to_string()))?;
    let (out, c, n, t) = (
        args.output.display(),
        actuals.companies.len(),
        actuals.contributions.len(),
        actuals.stated_totals.len(),
    );
    Ok(tr(
        format!("{out}: 企業 {c} 社、実績の内訳 {n} 件、合計値 {t} 件"),
        format!("{out}: {}", super::check::actuals_counts(c, n, t)),
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
    let decision = crate::tui::run_preview(&mut view).map_err(|e| {
        UserError(tr(format!("端末を使えません: {e}"), format!("cannot use the terminal: {e}")))
    })?;
    match decision {
        crate::app::preview::Decision::Write => finish(plan, args, &prepared.imported),
        crate::app::preview::Decision::Discard => {
            if prepared.imported.reconciliation.errors.is_empty() {
                let out = args.output.display();
                Ok(tr(
                    format!("書き出していません: {out} はそのままです"),
                    format!("nothing written: {out} was left as it was"),
                ))
            } else {
                Err(report(&prepared.imported.reconciliation.errors, args.report))
            }
        }
    }
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
    if let Some(kind) = crate::import::csv_file::not_text(&bytes) {
        return Err(UserError(format!("{}: {}", path.display(), not_plan_text(kind))));
    }
    let (text, _) = crate::import::csv_file::decode(&path.display().to_string(), &bytes)
        .map_err(|e| UserError(e.to_string()))?;
    let imported = plan_text::import(&text, options).map_err(|errors| {
        let lines: Vec<String> =
            errors.iter().map(|e| format!("{}: {e}", path.display())).collect();
        UserError(lines.join(&tr("\nエラー: ", "\nerror: ")))
    })?;
    imported.plan.validate().map_err(|e| UserError(format!("{}: {e}", path.display())))?;
    Ok(imported)
}

/// What a plan's file that is not its text is, and how to make the text.
fn not_plan_text(kind: crate::import::csv_file::NotText) -> String {
    use crate::import::csv_file::NotText;
    let what = match kind {
        NotText::Pdf => ("PDF のファイルです", "the file is a PDF"),
        NotText::Word => ("Word の文書です", "the file is a Word document"),
        NotText::Workbook | NotText::Legacy => {
            ("表計算ファイルか Office の文書です", "the file is a workbook or an Office document")
        }
    };
    tr(
        format!(
            "{}。計画の本文のテキストが必要です。計画の PDF から pdftotext -layout 計画.pdf 計画.txt で作ってください（Word の文書は PDF に保存してから）",
            what.0
        ),
        format!(
            "{}; expected the plan's text: make it from the plan's PDF with pdftotext -layout plan.pdf plan.txt (a Word document saved as PDF first)",
            what.1
        ),
    )
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
                .map(|b| {
                    let (label, value, unit) = (&b.label, b.value, &r.unit);
                    tr(format!("；{label} {value}{unit}"), format!("; {label} {value}{unit}"))
                })
                .unwrap_or_default();
            let (name, kind, mut code) = (&r.name, r.kind.japanese(), r.kind.code().to_string());
            let mut shown = kind.to_string();
            if r.better == crate::domain::plan::Better::Lower {
                shown.push_str("（少ないほど良い）");
                code.push_str(", lower is better");
            }
            let (targets, unit, why) = (targets_text(r), &r.unit, &r.why);
            let formed = r
                .formed
                .as_ref()
                .map(|f| tr(format!("；目標値の求め方: {f}"), format!("; targets: {f}")))
                .unwrap_or_default();
            tr(
                format!(
                    "  {name}: {shown}、{years}: {targets} {unit}{baseline}{formed}；{kind}とした理由: {why}"
                ),
                format!(
                    "  {name}: {kind} ({code}), {years}: {targets} {unit}{baseline}{formed}; why {kind}: {why}"
                ),
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
    /// `--top-aligned`.
    pub top_aligned: bool,
    /// `--lower-is-better` and `--higher-is-better`, as typed.
    pub lower: &'a [String],
    pub higher: &'a [String],
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
    let imported = read_plan_with(
        args.file,
        &plan_text::Options {
            kinds,
            top_aligned: args.top_aligned,
            lower: args.lower.to_vec(),
            higher: args.higher.to_vec(),
        },
    )?;
    let plan = &imported.plan;
    let path = args.file.display().to_string();
    let source = crate::export::safe::terminal(&path);
    let mut header = tr(
        format!(
            "// {source} から kpi-council が取り込みました。`targets` にない年度は目標なし（「-」）です。\n"
        ),
        format!(
            "// Imported from {source} by kpi-council. A fiscal year absent from `targets` has no target (\"-\").\n"
        ),
    );
    for r in &imported.kpis {
        let (name, kind, why) = (&r.name, r.kind.japanese(), &r.why);
        header.push_str(&tr(
            format!("// {name}: {kind}。{kind}とした理由: {why}"),
            format!("// {name}: {kind}, because {why}"),
        ));
        if let Some(f) = &r.formed {
            header.push_str(&tr(format!("。目標値の求め方: {f}"), format!("; targets: {f}")));
        }
        header.push('\n');
    }
    let text = pretty(plan, &header)?;
    write::write(args.output, text.as_bytes(), args.force).map_err(|e| UserError(e.to_string()))?;
    let (path, k, y) = (args.output.display(), plan.kpis.len(), plan.fiscal_years.len());
    let mut out = vec![tr(
        format!("{path}: KPI {k} 件 × {y} 年度"),
        format!("{path}: {}", super::check::kpis_by_years(k, y)),
    )];
    out.extend(report_lines(&imported));
    let warnings =
        imported.warnings.iter().map(|w| format!("{}: {w}", args.file.display())).collect();
    Ok((out, warnings))
}
