//! Formula cells as the programs offices and their scripts use write them
//! (`tests/data/formulas/make.py`, and `make-poi.sh` for Apache POI, an
//! office's in-house Java tool): a result computed by a spreadsheet is
//! read; a formula whose result the file does not hold (openpyxl, odfpy)
//! or holds as a placeholder (XlsxWriter's 0, in a workbook asking to be
//! recalculated) is refused with the cell and the fix, never read as 0 or
//! as an empty cell.

use std::path::{Path, PathBuf};

use kpi_council::import::actuals::{Hidden, Options};
use kpi_council::import::{SheetChoice, read_actuals};
use kpi_council::store::embedded;

fn file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/formulas").join(name)
}

/// The totals per item, or every error, as one line each.
fn outcome(path: &Path) -> Result<Vec<String>, Vec<String>> {
    let plan = embedded::plan().expect("plan").0;
    let options = Options { map: std::collections::HashMap::new(), hidden: Hidden::Stop };
    let imported = read_actuals(path, &plan, &SheetChoice::Default, &options)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rec = imported.reconciliation;
    if !rec.errors.is_empty() {
        return Err(rec
            .errors
            .iter()
            .map(kpi_council::import::table::CellError::within_file)
            .collect());
    }
    Ok(rec
        .items
        .iter()
        .map(|i| {
            format!("{} {}: {} companies, shown {}", i.kpi, i.fiscal_year.0, i.companies, i.figure)
        })
        .collect())
}

const SHOWN: [&str; 2] =
    ["新規移動人数 2017: 1 companies, shown 11", "新規移動人数 2018: 2 companies, shown 11"];

#[test]
fn formulas_computed_by_a_spreadsheet_are_read_as_it_shows_them() {
    // LibreOffice's saves: 6 and 11 as computed, and rows filled ahead with
    // formulas showing an empty text, left as the blank rows they show.
    for name in ["lo-recalculated.xlsx", "lo-blanks.xlsx", "lo-blanks.ods"] {
        assert_eq!(outcome(&file(name)), Ok(SHOWN.map(String::from).to_vec()), "{name}");
    }
}

#[test]
fn a_workbook_asking_to_be_recalculated_is_not_read_as_its_placeholders() {
    // XlsxWriter stores 0 for both formulas (LibreOffice, not asked to
    // recalculate, shows 0; Excel shows 6 and 11); openpyxl stores nothing.
    let asked = "sheet 実績, row 3, column D (値): this cell (and 1 more) holds a formula, and the workbook asks to be recalculated when opened (it was written by a program that does not compute formulas): the results stored may not be what a spreadsheet shows, so they are not read; open it in Excel and save it again (in LibreOffice, recalculate with Ctrl+Shift+F9 before saving)";
    for name in ["xlsxwriter.xlsx", "openpyxl.xlsx"] {
        assert_eq!(outcome(&file(name)), Err(vec![asked.to_string()]), "{name}");
    }
}

#[test]
fn a_formula_without_a_stored_result_is_refused_by_its_cell() {
    assert_eq!(
        outcome(&file("odfpy.ods")),
        Err(vec!["sheet 実績, row 3, column D (値): this cell (and 1 more) holds a formula whose result the file does not store (it was written by a program that does not compute formulas): what a spreadsheet shows there is unknown, so it is not read; open it in Excel and save it again (in LibreOffice, recalculate with Ctrl+Shift+F9 before saving)".to_string()])
    );
    // An .xls cannot tell a result not computed from an empty text: xlwt's
    // formulas read as empty values, refused as such, saying they are
    // formulas.
    let empty = |row| {
        format!(
            "sheet 実績, row {row}, column D (値): the 値 cell holds a formula whose result is empty; if a program that does not compute formulas wrote the file, open it in Excel or LibreOffice and save it again"
        )
    };
    assert_eq!(outcome(&file("xlwt.xls")), Err(vec![empty(3), empty(4)]));
}

/// Perl's Spreadsheet::WriteExcel stores 0 for each formula and names code
/// page 1252, through which the spreadsheet library would decode the
/// workbook's Unicode text: refused before a value is read.
#[test]
fn a_workbook_from_spreadsheet_writeexcel_is_refused_whole() {
    let plan = embedded::plan().expect("plan").0;
    let options = Options { map: std::collections::HashMap::new(), hidden: Hidden::Stop };
    let error = read_actuals(&file("writeexcel.xls"), &plan, &SheetChoice::Default, &options)
        .err()
        .expect("refused");
    assert_eq!(
        error.within_file(),
        "the Excel 97-2003 workbook reads differently in different programs (it is in the Unicode format but names the code page 1252); open it in Excel or LibreOffice and save it again"
    );
}

#[test]
fn the_refusal_is_said_in_japanese_with_exit_status_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, out) = (file("xlsxwriter.xlsx"), dir.path().join("out.ron"));
    let result = crate::common::kpi_council()
        .args(["import", "actuals"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists(), "nothing is written");
    let stderr = String::from_utf8(result.get_output().stderr.clone()).expect("utf-8");
    assert_eq!(
        stderr.lines().last().map(|l| l.replace(&path.display().to_string(), "FILE")),
        Some("エラー: FILE: シート 実績、3行目、D列（値）: このセルほか 1 個のセルは数式です。このブックは開くときに計算し直すよう保存されていて（数式を計算しないプログラムで作られたファイルです）、保存された結果は表計算ソフトが表示する値と違うことがあるため読みません。Excel で開いて保存し直してください（LibreOffice では Ctrl+Shift+F9 で再計算してから保存してください）".to_string())
    );
}

/// The message for a sheet whose formulas' stored results are
/// placeholders, at D3 with two more.
const RECALCULATED: &str = "sheet 実績, row 3, column D (値): this cell (and 2 more) holds a formula, and the workbook asks to be recalculated when opened (it was written by a program that does not compute formulas): the results stored may not be what a spreadsheet shows, so they are not read; open it in Excel and save it again (in LibreOffice, recalculate with Ctrl+Shift+F9 before saving)";

/// Apache POI's HSSF (`make-poi.sh`) stores 0 for each formula it did not
/// compute, flagged to be calculated when opened: Excel and LibreOffice
/// show 6, 11 and 11, the import read 0 (refused only where a subtotal
/// happened to disagree, by the subtotal). Refused at the first formula,
/// asked to be recalculated or not (`setForceFormulaRecalculation`).
#[test]
fn an_xls_from_apache_poi_with_results_not_computed_is_refused() {
    for name in ["poi-hssf-plain.xls", "poi-hssf-forced.xls"] {
        assert_eq!(outcome(&file(name)), Err(vec![RECALCULATED.to_string()]), "{name}");
    }
}

/// A template saved by LibreOffice, filled in with POI (D2 5 → 7) and
/// asked to be recalculated, for the workbook (RECALCID naming the engine
/// 0) or the sheet (UNCALCED): the results stored are the template's, 11
/// where spreadsheets show 13. Refused.
#[test]
fn an_xls_asking_to_be_recalculated_is_not_read_as_its_stale_results() {
    for name in ["poi-template-forced.xls", "poi-template-uncalced.xls"] {
        assert_eq!(outcome(&file(name)), Err(vec![RECALCULATED.to_string()]), "{name}");
    }
}

/// Excel set to calculate by hand (manual calculation) and saving
/// without recalculating (`make-manual.py`, built from the formats: no
/// Excel here): D2 changed from 5 to 7, the formulas' results left at 6
/// and 11 where a recalculation shows 6 and 13. The .xls says so by its
/// UNCALCED and CALCMODE 0 records, the .xlsx by `calcMode="manual"
/// calcOnSave="0"`: refused, saying it is manual calculation (not a
/// program that does not compute formulas) and how to recalculate. The
/// .xlsx was read as 13 and 11 before.
#[test]
fn a_workbook_saved_in_manual_calculation_is_refused_as_such() {
    let manual = |more: u32| {
        format!(
            "sheet 実績, row 3, column D (値): this cell (and {more} more) holds a formula, and the workbook is set to manual calculation and was saved without recalculating: the results stored may be stale, not what its values now compute to, so they are not read; in Excel set Formulas > Calculation Options to Automatic (it recalculates) and save it again, or, to keep it manual, turn on File > Options > Formulas > \"Recalculate workbook before saving\" and save (in LibreOffice, turn on Data > Calculate > AutoCalculate and save)"
        )
    };
    assert_eq!(outcome(&file("manual.xls")), Err(vec![manual(2)]));
    assert_eq!(outcome(&file("manual.xlsx")), Err(vec![manual(1)]));
    // LibreOffice with automatic calculation off, its own .ods save (its
    // settings say AutoCalculate false): read as 13 and 11 before.
    assert_eq!(outcome(&file("lo-manual.ods")), Err(vec![manual(1)]));
    // Recalculated as it was saved (Excel's default in manual mode): read.
    assert_eq!(outcome(&file("manual-saved.xlsx")), Ok(SHOWN.map(String::from).to_vec()));
}

/// LibreOffice's .xlsx save of the same workbook says nothing of its
/// calculation being off (no `calcMode`): its stale results are read, 11
/// for 2017 where a recalculation shows 13 (see README, "Formulas").
#[test]
fn libreoffice_saving_an_xlsx_by_hand_calculation_cannot_be_told() {
    assert_eq!(
        outcome(&file("lo-manual.xlsx")),
        Ok(vec![
            "新規移動人数 2017: 1 companies, shown 11".to_string(),
            "新規移動人数 2018: 2 companies, shown 13".to_string(),
        ])
    );
}

/// The same refusal as the secretariat reads it, exit status 2.
#[test]
fn the_manual_calculation_refusal_is_said_in_japanese() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (path, out) = (file("manual.xls"), dir.path().join("out.ron"));
    let result = crate::common::kpi_council()
        .args(["import", "actuals"])
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert!(!out.exists(), "nothing is written");
    let stderr = String::from_utf8(result.get_output().stderr.clone()).expect("utf-8");
    assert_eq!(
        stderr.lines().last().map(|l| l.replace(&path.display().to_string(), "FILE")),
        Some("エラー: FILE: シート 実績、3行目、D列（値）: このセルほか 2 個のセルは数式です。このブックは計算方法が「手動」に設定されていて、計算し直さずに保存されたため、保存された結果は今の値から計算したものと違うことがあり、読みません。Excel で［数式］→［計算方法の設定］を［自動］にして（計算し直されます）保存し直してください。手動のままにするなら、［ファイル］→［オプション］→［数式］の「ブックの保存前に再計算を行う」をオンにして保存してください（LibreOffice では［データ］→［計算］→［自動計算］をオンにして保存してください）".to_string())
    );
}

/// Results POI computed (`evaluateAll`), and LibreOffice's .xls saves (a
/// formula showing an empty text among them), are read as spreadsheets
/// show them.
#[test]
fn xls_results_computed_by_a_program_are_read() {
    for name in ["poi-hssf-evaluated.xls", "lo-recalculated.xls", "lo-blanks.xls"] {
        assert_eq!(outcome(&file(name)), Ok(SHOWN.map(String::from).to_vec()), "{name}");
    }
    assert_eq!(
        outcome(&file("poi-template-evaluated.xls")),
        Ok(vec![
            "新規移動人数 2017: 1 companies, shown 13".to_string(),
            "新規移動人数 2018: 2 companies, shown 13".to_string(),
        ])
    );
}

/// A template filled in with POI and saved without computing or asking to
/// recalculate holds the template's results, flagged as Excel flags them:
/// nothing in the file tells them from computed ones. Here the subtotal
/// check finds them (11, the rows 7 and 6); without a subtotal the stale
/// results would be read (see README, "Formulas").
#[test]
fn a_template_filled_in_without_computing_is_caught_only_by_its_subtotal() {
    assert_eq!(
        outcome(&file("poi-template-plain.xls")),
        Err(vec!["sheet 実績, row 4, column D (値): the subtotal 「小計」 is 11 but the rows above it add up to 13 (rows 2, 3)".to_string()])
    );
}

/// Apache POI's XSSF and SXSSF (`make-poi.sh`): XSSF stores no result for
/// a formula it did not compute, SXSSF a 0 that LibreOffice shows and
/// Excel recomputes (the workbook names no calculation engine), and asked
/// to recalculate (`setForceFormulaRecalculation`) both name the engine 0.
/// Each refused at the first formula; what POI computed is read.
#[test]
fn an_xlsx_from_apache_poi_is_read_only_where_poi_computed_it() {
    for name in ["poi-sxssf-plain.xlsx", "poi-sxssf-forced.xlsx", "poi-xssf-forced.xlsx"] {
        assert_eq!(outcome(&file(name)), Err(vec![RECALCULATED.to_string()]), "{name}");
    }
    assert_eq!(
        outcome(&file("poi-xssf-plain.xlsx")),
        Err(vec!["sheet 実績, row 3, column D (値): this cell (and 2 more) holds a formula whose result the file does not store (it was written by a program that does not compute formulas): what a spreadsheet shows there is unknown, so it is not read; open it in Excel and save it again (in LibreOffice, recalculate with Ctrl+Shift+F9 before saving)".to_string()])
    );
    for name in ["poi-xssf-evaluated.xlsx", "poi-sxssf-evaluated.xlsx"] {
        assert_eq!(outcome(&file(name)), Ok(SHOWN.map(String::from).to_vec()), "{name}");
    }
}
