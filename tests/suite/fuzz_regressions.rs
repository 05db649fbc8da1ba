//! Replays the inputs kept from fuzzing (`fuzz/`): every file under
//! `tests/data/fuzz/<target>/` goes through `kpi_council::fuzz_entry::<target>`,
//! which panics when a property of the program's readers does not hold.
//! The findings (each fixed, named after what it found) are among them:
//! `merge/remark-at-differs-*` (a merge that was not idempotent),
//! `plan/fiscal-year-i32-max` (an overflow in `FiscalYear::end`) and
//! `xlsx_import/two-cells-far-apart` (a 5 KB file that asked for 512 GiB).

use std::path::{Path, PathBuf};

use kpi_council::fuzz_entry;

fn dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz").join(target)
}

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = dir(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(ToString::to_string))
        .unwrap_or_else(|| "a panic without a message".into())
}

/// Runs one input; the panic's message, naming the file, when it fails.
fn run(target: &str, entry: fn(&[u8]), path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::panic::catch_unwind(|| entry(&bytes))
        .map_err(|p| format!("{target}: {}: {}", path.display(), message(p.as_ref())))
}

/// Every input of `target`.
fn replay(target: &str, entry: fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no inputs for {target} in tests/data/fuzz/{target}/");
    let mut failures = Vec::new();
    for path in &files {
        if let Err(e) = run(target, entry, path) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{} input(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn plan() {
    replay("plan", fuzz_entry::plan);
}

#[test]
fn actuals() {
    replay("actuals", fuzz_entry::actuals);
}

#[test]
fn session() {
    replay("session", fuzz_entry::session);
}

#[test]
fn csv_import() {
    replay("csv_import", fuzz_entry::csv_import);
}

#[test]
fn xlsx_import() {
    replay("xlsx_import", fuzz_entry::xlsx_import);
}

#[test]
fn plan_text() {
    replay("plan_text", fuzz_entry::plan_text);
}

#[test]
fn merge() {
    replay("merge", fuzz_entry::merge);
}
