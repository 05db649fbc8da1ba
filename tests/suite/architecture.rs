//! The shape the code promises: the domain (plans, fiscal years,
//! achievement, sessions, merge) is pure data and rules. It reaches no
//! file, clock, process or terminal, and no module of the layers around it,
//! so it is tested without them and can be trusted by all of them.

use std::path::{Path, PathBuf};

/// What the domain may not name, and why.
const FORBIDDEN_PATHS: &[(&str, &str)] = &[
    ("std::fs", "the file system"),
    ("std::io", "input and output"),
    ("std::env", "the environment"),
    ("std::process", "processes"),
    ("std::net", "the network"),
    ("std::thread", "threads"),
    ("SystemTime", "the clock"),
    ("Instant", "the clock"),
    ("Utc::now", "the clock"),
    ("Local::now", "the clock"),
    ("chrono::Local", "the clock"),
    ("tempfile", "the file system"),
    ("ratatui", "the terminal"),
    ("crossterm", "the terminal"),
];

/// The layers around the domain.
const FORBIDDEN_MODULES: &[&str] = &[
    "app", "store", "ui", "import", "export", "commands", "tui", "runtime", "config", "clock",
    "logging", "sample", "run", "cli",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read the folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its unit tests (which may use fixtures from
/// the store) and without comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// The first segment of every path that starts at the crate root:
/// `crate::store::x` and `crate::{app, store}` give `store` and `app`.
fn crate_modules(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let compact: String = code.split_whitespace().collect();
    for (at, _) in compact.match_indices("crate::") {
        let rest = &compact[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or_default();
            for item in group.split(',') {
                found.push(item.split("::").next().unwrap_or_default().to_string());
            }
        } else {
            let name: String =
                rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            found.push(name);
        }
    }
    found
}

#[test]
fn the_domain_reaches_no_io_clock_or_outer_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("domain.rs")];
    rust_files(&root.join("domain"), &mut files);
    assert!(files.len() > 10, "the domain's files were found: {files:?}");
    let mut problems = Vec::new();
    for file in &files {
        let code = code(&std::fs::read_to_string(file).expect("read"));
        for (path, what) in FORBIDDEN_PATHS {
            if code.contains(path) {
                problems.push(format!("{}: names {path} ({what})", file.display()));
            }
        }
        for module in crate_modules(&code) {
            if FORBIDDEN_MODULES.contains(&module.as_str()) {
                problems.push(format!("{}: uses crate::{module}", file.display()));
            }
        }
        if code.contains("super::super::") {
            problems.push(format!("{}: reaches out with super::super", file.display()));
        }
    }
    assert!(problems.is_empty(), "the domain must stay pure:\n{}", problems.join("\n"));
}

#[test]
fn the_check_itself_sees_what_it_forbids() {
    let bad = "use crate::{domain::plan, store::disk};\nfn f() { std::fs::read(\"x\"); }\n#[cfg(test)]\nmod tests { use crate::app; }";
    let code = code(bad);
    assert_eq!(crate_modules(&code), vec!["domain", "store"]);
    assert!(code.contains("std::fs"));
    assert!(!code.contains("crate::app"), "unit tests are left out");
}
