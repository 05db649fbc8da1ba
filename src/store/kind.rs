//! Telling a plan, an actuals and a session file apart by their fields.

use super::ron_file::{LoadError, Origin, RECURSION_LIMIT};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Plan,
    Actuals,
    Session,
}

/// Reads the top-level field names (with positioned syntax errors) and
/// names the kind of file they belong to.
pub fn detect(origin: &Origin, text: &str) -> Result<FileKind, LoadError> {
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let value: ron::Value = options.from_str(text).map_err(|e| LoadError::Syntax {
        origin: origin.clone(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    })?;
    let fields: Vec<String> = match value {
        ron::Value::Map(map) => map
            .keys()
            .filter_map(|k| match k {
                ron::Value::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let has = |name: &str| fields.iter().any(|f| f == name);
    if has("kpis") || has("fiscal_years") {
        Ok(FileKind::Plan)
    } else if has("remarks") || has("sheet") || has("judgments") {
        Ok(FileKind::Session)
    } else if has("contributions") || has("companies") || has("stated_totals") {
        Ok(FileKind::Actuals)
    } else {
        Err(LoadError::Other {
            origin: origin.clone(),
            message: "cannot tell what kind of file this is; expected a plan (with `kpis`), actuals (with `companies` and `contributions`) or a session (with `sheet` and `remarks`)".into(),
        })
    }
}
