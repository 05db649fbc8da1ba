//! Telling a plan, an actuals and a session file apart by their fields.

use super::ron_file::{LoadError, Origin, RECURSION_LIMIT};
use crate::i18n::tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Plan,
    Actuals,
    Session,
}

/// What is said of a file of no kind of ours, in the messages' language
/// at the time it is said.
fn unknown_kind() -> String {
    tr(
        "ファイルの種類がわかりません。計画（`kpis` のあるもの）、実績（`companies` と `contributions` のあるもの）、会議の記録（`sheet` と `remarks` のあるもの）のどれかが必要です",
        "cannot tell what kind of file this is; expected a plan (with `kpis`), actuals (with `companies` and `contributions`) or a session (with `sheet` and `remarks`)",
    )
}

/// Reads the top-level field names (with positioned syntax errors) and
/// names the kind of file they belong to.
pub fn detect(origin: &Origin, text: &str) -> Result<FileKind, LoadError> {
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let fields = match options.from_str::<TopFields>(text) {
        Ok(TopFields(fields)) => fields,
        Err(e) => {
            if let Some(refused) =
                conflict_left(origin, text).or_else(|| super::ron_file::empty_left(origin, text))
            {
                return Err(refused);
            }
            // Not a struct or map at the top: no kind of ours, said where
            // the value starts.
            if !matches!(e.code, ron::Error::InvalidValueForType { .. }) {
                return Err(super::ron_file::syntax_in(origin, text, &e));
            }
            return Err(LoadError::Syntax {
                origin: origin.clone(),
                line: e.span.start.line,
                col: e.span.start.col,
                message: unknown_kind(),
            });
        }
    };
    let has = |name: &str| fields.iter().any(|f| f == name);
    if has("kpis") || has("fiscal_years") {
        Ok(FileKind::Plan)
    } else if has("remarks") || has("sheet") || has("judgments") {
        Ok(FileKind::Session)
    } else if has("contributions") || has("companies") || has("stated_totals") {
        Ok(FileKind::Actuals)
    } else {
        Err(LoadError::Other { origin: origin.clone(), message: unknown_kind() })
    }
}

/// A file a `git merge` left a conflict in: for a session (its sheet is
/// there), how to merge it again with the program's driver; for a plan or
/// actuals, to settle it by hand.
fn conflict_left(origin: &Origin, text: &str) -> Option<LoadError> {
    if text.contains("\n    sheet: (") {
        super::session_file::conflict_left(origin, text)
    } else {
        super::ron_file::conflict_left(origin, text)
    }
}

/// The field names at the top of a file, its values checked for syntax but
/// not kept: telling the kind of a 20 MB actuals file must not build it
/// twice in memory.
struct TopFields(Vec<String>);

impl<'de> serde::Deserialize<'de> for TopFields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TopFieldsVisitor)
    }
}

struct TopFieldsVisitor;

impl<'de> serde::de::Visitor<'de> for TopFieldsVisitor {
    type Value = TopFields;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a plan, actuals or session")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TopFields, A::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<serde::de::IgnoredAny>()?;
            fields.push(key);
        }
        Ok(TopFields(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Result<FileKind, LoadError> {
        detect(&Origin::Embedded("test"), text)
    }

    #[test]
    fn kinds_are_told_by_their_top_fields() {
        assert_eq!(kind("(version: 1, kpis: [])").ok(), Some(FileKind::Plan));
        assert_eq!(kind("Plan(kpis: [(a: 1)])").ok(), Some(FileKind::Plan));
        assert_eq!(kind("(companies: [], contributions: [])").ok(), Some(FileKind::Actuals));
        assert_eq!(kind("(sheet: (), remarks: [])").ok(), Some(FileKind::Session));
    }

    #[test]
    fn other_values_cannot_be_told() {
        for text in ["[1, 2]", "42", "\"text\"", "(a: 1)"] {
            let e = kind(text).expect_err(text).to_string();
            assert!(e.contains("cannot tell what kind"), "{text}: {e}");
        }
        let e = kind("\n\n  [[[[").expect_err("a list").to_string();
        assert!(e.contains("test>:3:") && e.contains("cannot tell what kind"), "{e}");
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        let e = kind("(kpis: [\n  (a: 1,\n").expect_err("truncated").to_string();
        assert!(e.contains("test>:2:9: the file ends too early"), "{e}");
    }

    /// A plan a `git merge` left a conflict in is refused at the marker's
    /// line as a conflict, read or checked.
    #[test]
    fn a_conflict_left_by_git_is_said_at_its_line() {
        let text = "(\n    version: 1,\n<<<<<<< HEAD\n    name: \"北見市\",\n=======\n    name: \"北見\",\n>>>>>>> theirs\n    kpis: [],\n)\n";
        let checked = kind(text).expect_err("markers").to_string();
        let read = super::super::ron_file::parse::<crate::domain::plan::Plan>(
            &Origin::Embedded("test"),
            text,
        )
        .expect_err("markers")
        .to_string();
        for e in [checked, read] {
            assert!(e.contains("test>:3:1: a git conflict is left in the file"), "{e}");
            assert!(e.contains("remove the marker lines"), "{e}");
        }
    }
}
