//! Entry points for coverage-guided fuzzing of every reader of untrusted
//! input (`fuzz/`), also replayed by `tests/suite/fuzz_regressions.rs`.
//!
//! Each function takes arbitrary bytes, runs them through the same public
//! code the program uses, returns normally when the input is refused with
//! an error, and panics when a property that must hold does not: a file
//! that loads must write back and load to the same value, an import must
//! never panic, merging must not depend on order or repetition.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::actuals::Actuals;
use crate::domain::dataset::Dataset;
use crate::domain::plan::Plan;
use crate::domain::session::Session;
use crate::domain::session::merge::merge as merge_sessions;
use crate::import::{actuals as import_actuals, csv_file, plan_text, spreadsheet, table::Table};
use crate::store::embedded;
use crate::store::ron_file::{self, Origin};
use crate::store::session_file;

const ORIGIN: Origin = Origin::Embedded("fuzz input");

/// Separates the session texts given to [`merge`]: 0xFF never occurs in
/// UTF-8, so every part can still be a valid session file.
pub const MERGE_SEPARATOR: u8 = 0xFF;

/// The embedded 北見市 plan, parsed once.
fn plan_of_kitami() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| embedded::plan().expect("the embedded plan loads").0)
}

/// RON as `import` and `sample` write plans and actuals (one record per
/// line, with a header comment), parsed back as the program reads it.
fn write_and_read_back<T>(value: &T, what: &str) -> T
where
    T: Serialize + DeserializeOwned,
{
    let body = ron_file::records_text(value)
        .unwrap_or_else(|e| panic!("a loaded {what} cannot be written as RON: {e}"));
    let text = format!("// Written by the fuzz round trip.\n{body}");
    ron_file::parse(&ORIGIN, &text)
        .unwrap_or_else(|e| panic!("the {what} as written does not read back: {e}\n{text}"))
}

/// Labels the overview draws for every fiscal year of a loaded plan.
fn touch_year_labels(plan: &Plan) {
    for fy in &plan.fiscal_years {
        let _ = (fy.to_string(), fy.short_wareki(), fy.target_label());
    }
}

/// A plan file: parsed and validated as `--plan` loads it (UTF-8, the
/// recursion limit, then the rules); a valid plan written back as RON
/// reads back equal, and still validates.
pub fn plan(data: &[u8]) {
    let Ok(text) = ron_file::utf8_text(&ORIGIN, data) else { return };
    let Ok(plan) = ron_file::parse::<Plan>(&ORIGIN, text) else { return };
    let Ok(dataset) = Dataset::new(plan, Actuals::empty()) else { return };
    touch_year_labels(&dataset.plan);
    let back: Plan = write_and_read_back(&dataset.plan, "plan");
    assert_eq!(back, dataset.plan, "plan round trip");
    back.validate().expect("a valid plan stays valid after a round trip");
}

/// An actuals file, checked against the embedded plan as `--actuals`
/// loads it; valid actuals written back read back equal.
pub fn actuals(data: &[u8]) {
    let Ok(text) = ron_file::utf8_text(&ORIGIN, data) else { return };
    let Ok(actuals) = ron_file::parse::<Actuals>(&ORIGIN, text) else { return };
    let Ok(dataset) = Dataset::new(plan_of_kitami().clone(), actuals) else { return };
    let back: Actuals = write_and_read_back(&dataset.actuals, "actuals");
    assert_eq!(back, dataset.actuals, "actuals round trip");
}

/// A session file: load → save → load is the identity (up to the file's
/// stable order), and saving twice writes the same bytes.
pub fn session(data: &[u8]) {
    let Ok(text) = ron_file::utf8_text(&ORIGIN, data) else { return };
    let Ok(loaded) = session_file::parse(&ORIGIN, text) else { return };
    let saved = session_file::to_text(&loaded).expect("a loaded session can be saved");
    let again = session_file::parse(&ORIGIN, &saved)
        .unwrap_or_else(|e| panic!("a saved session does not load: {e}\n{saved}"));
    let mut expected = loaded;
    expected.normalize();
    assert_eq!(again, expected, "session round trip");
    let resaved = session_file::to_text(&again).expect("a reloaded session can be saved");
    assert_eq!(resaved, saved, "saving a session twice writes the same bytes");
}

/// Actuals from a table as `import actuals` makes them: must not panic;
/// when they validate, they are written and loaded back unchanged.
fn import_table(table: &Table) {
    let plan = plan_of_kitami();
    let Ok(actuals) = import_actuals::import(table, plan, &HashMap::new()) else { return };
    let Ok(dataset) = Dataset::new(plan.clone(), actuals) else { return };
    let back: Actuals = write_and_read_back(&dataset.actuals, "imported actuals");
    assert_eq!(back, dataset.actuals, "imported actuals round trip");
}

/// A CSV file of actuals (any encoding the importer detects).
pub fn csv_import(data: &[u8]) {
    if let Ok(table) = csv_file::read(Path::new("fuzz.csv"), data) {
        import_table(&table);
    }
}

/// An Excel or LibreOffice file of actuals (the format is detected from
/// the content, as calamine does for any extension).
pub fn xlsx_import(data: &[u8]) {
    if let Ok(table) = spreadsheet::read(Path::new("fuzz.xlsx"), data, None) {
        import_table(&table);
    }
}

/// The text of a 地域再生計画, decoded as `import plan` decodes it: a plan
/// read from it validates or is refused, and a valid one written as
/// `plan.ron` loads back equal.
pub fn plan_text(data: &[u8]) {
    let Ok((text, _)) = csv_file::decode("fuzz.txt", data) else { return };
    let Ok(plan) = plan_text::parse(&text) else { return };
    if plan.validate().is_err() {
        return;
    }
    touch_year_labels(&plan);
    let back: Plan = write_and_read_back(&plan, "imported plan");
    assert_eq!(back, plan, "imported plan round trip");
}

/// Two or three session files separated by [`MERGE_SEPARATOR`]: when all
/// load, merging is commutative, loses no remark, saves and loads back, is
/// associative (for three) and idempotent (checked last, so that a broken
/// property shows before a later one can hide it).
pub fn merge(data: &[u8]) {
    let parts: Vec<&[u8]> = data.split(|b| *b == MERGE_SEPARATOR).collect();
    if !(2..=3).contains(&parts.len()) {
        return;
    }
    let mut copies: Vec<Session> = Vec::with_capacity(parts.len());
    for part in parts {
        let Ok(text) = ron_file::utf8_text(&ORIGIN, part) else { return };
        let Ok(s) = session_file::parse(&ORIGIN, text) else { return };
        copies.push(s);
    }
    let (a, b) = (&copies[0], &copies[1]);
    let ab = merge_sessions(a, b);
    assert_eq!(ab, merge_sessions(b, a), "merge(a, b) == merge(b, a)");
    for r in a.remarks.iter().chain(&b.remarks) {
        assert!(ab.remark(&r.id).is_some(), "remark {:?} lost by the merge", r.id);
    }
    let saved = session_file::to_text(&ab).expect("a merged session can be saved");
    let back = session_file::parse(&ORIGIN, &saved)
        .unwrap_or_else(|e| panic!("a merged session does not load: {e}\n{saved}"));
    assert_eq!(back, ab, "a merged session saves and loads back");
    if let Some(c) = copies.get(2) {
        assert_eq!(
            merge_sessions(&ab, c),
            merge_sessions(a, &merge_sessions(b, c)),
            "merge(merge(a, b), c) == merge(a, merge(b, c))"
        );
    }
    for s in &copies {
        let mut normal = s.clone();
        normal.normalize();
        assert_eq!(merge_sessions(s, s), normal, "merge(a, a) == a");
    }
    assert_eq!(merge_sessions(&ab, &ab), ab, "merge(ab, ab) == ab");
    assert_eq!(merge_sessions(&ab, b), ab, "merging the same copy twice changes nothing");
}
