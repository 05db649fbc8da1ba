//! The fixed sentences of the minutes (開会, each agenda item, 閉会, the
//! signature block), with placeholders: shipped in
//! `assets/minutes-wording.ron` and overridable by a file of the same name
//! in the config folder, so that an office writes its minutes in its own
//! house style. A bad file is reported with its line, and the default used.

use std::path::Path;

use serde::Deserialize;

use crate::i18n::tr;
use crate::store::ron_file::{self, LoadError, Origin};

/// The wording shipped with the program.
pub const DEFAULT_TEXT: &str = include_str!("../../assets/minutes-wording.ron");

/// The file name in the config folder.
pub const FILE_NAME: &str = "minutes-wording.ron";

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    pub opening: String,
    pub agenda_intro: String,
    pub item_intro: String,
    pub closing: String,
    pub signature: String,
}

/// The placeholders each sentence may use.
const ALLOWED: [(&str, &[&str]); 5] = [
    ("opening", &["開会", "会長", "会議名", "日付", "場所"]),
    ("agenda_intro", &["番号", "議題", "事務局"]),
    ("item_intro", &["項目", "事務局"]),
    ("closing", &["閉会", "会長"]),
    ("signature", &[]),
];

impl Default for Wording {
    fn default() -> Self {
        // The shipped text is checked by a test; should it ever be broken,
        // minutes are still written, in these words.
        Wording::parse(&Origin::Embedded("minutes wording"), DEFAULT_TEXT).unwrap_or_else(|_| {
            Wording {
                opening: "{開会}、{会長}が開会を宣言した。".into(),
                agenda_intro: "議題{番号}「{議題}」について、{事務局}から説明があった。".into(),
                item_intro: "{項目}の実績について、{事務局}から説明があった。".into(),
                closing: "{閉会}、{会長}が閉会を宣言した。".into(),
                signature: "上記のとおり相違ないことを証するため、ここに署名する。".into(),
            }
        })
    }
}

impl Wording {
    /// Reads a wording text; every placeholder must be one its sentence
    /// knows, and an unknown one is reported at its line.
    pub fn parse(origin: &Origin, text: &str) -> Result<Wording, LoadError> {
        let w: Wording = ron_file::parse(origin, text)?;
        for (field, allowed) in ALLOWED {
            let sentence = w.sentence(field);
            for name in placeholders(sentence) {
                if !allowed.contains(&name) {
                    let needle = format!("{{{name}}}");
                    let (line, col) = position(text, field, &needle);
                    let listed =
                        allowed.iter().map(|a| format!("{{{a}}}")).collect::<Vec<_>>().join(" ");
                    let message = if allowed.is_empty() {
                        tr(
                            format!(
                                "{field}: {needle} は使えません。この文には {{…}} を使えません"
                            ),
                            format!(
                                "{field}: unknown placeholder {needle}; expected no placeholder"
                            ),
                        )
                    } else {
                        tr(
                            format!(
                                "{field}: {needle} は使えません。この文で使えるのは {listed} です"
                            ),
                            format!("{field}: unknown placeholder {needle}; expected {listed}"),
                        )
                    };
                    return Err(LoadError::Syntax { origin: origin.clone(), line, col, message });
                }
            }
        }
        Ok(w)
    }

    fn sentence(&self, field: &str) -> &str {
        match field {
            "opening" => &self.opening,
            "agenda_intro" => &self.agenda_intro,
            "item_intro" => &self.item_intro,
            "closing" => &self.closing,
            _ => &self.signature,
        }
    }

    /// The office's wording from `dir` (the config folder) when it has one,
    /// else the default; with the reason a file there could not be used.
    #[must_use]
    pub fn load(dir: Option<&Path>) -> (Wording, Option<String>) {
        let Some(path) = dir.map(|d| d.join(FILE_NAME)).filter(|p| p.exists()) else {
            return (Wording::default(), None);
        };
        let origin = Origin::File(path.clone());
        let read = ron_file::read_capped(&path).and_then(|bytes| {
            ron_file::utf8_text(&origin, &bytes).and_then(|text| Wording::parse(&origin, text))
        });
        match read {
            Ok(w) => (w, None),
            Err(e) => (Wording::default(), Some(e.to_string())),
        }
    }
}

/// Fills a sentence's placeholders.
#[must_use]
pub fn fill(sentence: &str, values: &[(&str, &str)]) -> String {
    let mut out = sentence.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The names between braces, in order.
fn placeholders(sentence: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = sentence;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

/// Line and column (1-based, in characters) of `needle` after the field's
/// name in the text, else of the field's name.
fn position(text: &str, field: &str, needle: &str) -> (usize, usize) {
    let start = text
        .match_indices(field)
        .map(|(i, _)| i)
        .find(|i| text[*i + field.len()..].trim_start().starts_with(':'))
        .unwrap_or(0);
    let at = text[start..].find(needle).map_or(start, |i| start + i);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_wording_reads() {
        let w =
            Wording::parse(&Origin::Embedded("minutes wording"), DEFAULT_TEXT).expect("default");
        assert!(w.opening.contains("{開会}"));
        assert_eq!(
            fill(&w.opening, &[("開会", "14時00分"), ("会長", "山田会長")]),
            "14時00分、山田会長が開会を宣言した。"
        );
    }

    #[test]
    fn an_unknown_placeholder_is_reported_at_its_line_and_the_default_is_used() {
        let dir = tempfile::tempdir().expect("dir");
        let text = DEFAULT_TEXT.replace("{閉会}、{会長}", "{閉会}、{議長}");
        std::fs::write(dir.path().join(FILE_NAME), &text).expect("write");
        let (w, problem) = Wording::load(Some(dir.path()));
        assert_eq!(w, Wording::default());
        let problem = problem.expect("reported");
        let line = text.lines().position(|l| l.contains("{議長}")).expect("line") + 1;
        assert!(problem.contains(&format!("{FILE_NAME}:{line}:")), "{problem}");
        assert!(problem.contains("{議長}") && problem.contains("{会長}"), "{problem}");
    }

    #[test]
    fn a_syntax_error_is_reported_with_its_position() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join(FILE_NAME), "(\n  opening: \"開会\",\n  closing: 3,\n)")
            .expect("write");
        let (w, problem) = Wording::load(Some(dir.path()));
        assert_eq!(w, Wording::default());
        assert!(problem.expect("reported").contains(&format!("{FILE_NAME}:3:")));
    }

    #[test]
    fn an_office_wording_replaces_the_default() {
        let dir = tempfile::tempdir().expect("dir");
        let text = DEFAULT_TEXT.replace("が開会を宣言した", "の挨拶により開会した");
        std::fs::write(dir.path().join(FILE_NAME), text).expect("write");
        let (w, problem) = Wording::load(Some(dir.path()));
        assert_eq!(problem, None);
        assert_eq!(w.opening, "{開会}、{会長}の挨拶により開会した。");
        assert_eq!(Wording::load(None), (Wording::default(), None));
    }
}
