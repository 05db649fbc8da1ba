//! `import plan` on plan texts made the way a city office gets them
//! (`tests/data/plans/office/`, made by its `make.py`): a Word document in
//! the national template's layout, turned into PDF by LibreOffice, and its
//! text taken by `pdftotext -layout`, by plain `pdftotext` and by
//! LibreOffice's "save as text"; the -layout text also saved as Shift_JIS
//! with CRLF and as UTF-16 with a byte-order mark.

use std::path::PathBuf;

use kpi_council::commands::import::read_plan_with;
use kpi_council::import::plan_text::Options;
use kpi_council::store::dataset_files::load_plan;

fn office(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/plans/office").join(name)
}

/// A 5-year table of 増加分 whose narrow heading cells wrap within their
/// columns (`2024 年` / `度` / `増加分` / `（１年` / `目）`): read column by
/// column, in every encoding a text is saved in.
#[test]
fn a_word_table_with_wrapped_heading_cells_imports_from_its_layout_text() {
    let (expected, _) = load_plan(&office("kawanishi.ron")).expect("expected plan");
    for text in ["kawanishi.layout.txt", "kawanishi.sjis-crlf.txt", "kawanishi.utf16.txt"] {
        let imported = read_plan_with(&office(text), &Options::default())
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .plan;
        assert_eq!(imported, expected, "{text}");
    }
    // The figures, as the document's table gives them.
    let target = |k: usize, fy: i32| {
        expected.kpis[k].target(kpi_council::domain::fiscal::FiscalYear(fy)).map(|q| q.to_string())
    };
    assert_eq!(expected.fiscal_years.len(), 5);
    assert_eq!(target(0, 2028).as_deref(), Some("350"), "50+60+70+80+90");
    assert_eq!(target(1, 2026).as_deref(), Some("16"), "5+5+6");
    assert_eq!(target(2, 2027).as_deref(), Some("40.5"), "32.5+2.5+2.0+2.0+1.5");
}
