//! One rule per destination for every text that came from a file (a
//! session, a plan, actuals, a member's copy): wherever it goes, it goes
//! through the function named after that destination, and nothing else.
//!
//! | destination | rule |
//! |---|---|
//! | terminal (screens, messages, reports) | [`terminal`]: controls, escapes and bidi overrides become visible placeholders |
//! | Markdown | [`markdown`]: as the terminal, and every character that could start markup escaped |
//! | HTML | [`html`]: as the terminal; the builder (maud) escapes `<`, `&`, quotes |
//! | CSV | [`csv`]: as the terminal, and a cell starting with `=` `+` `-` `@` (a spreadsheet formula) starts with `'` |
//! | xlsx | [`xlsx`]: as the terminal, cut into cells of at most 32,767 characters (Excel's limit), written as text, never as a formula |
//! | JSON | [`json`], [`JsonFormatter`] as it is written: the characters the terminal rule replaces, written as `\uXXXX` escapes (serde_json escapes the C0 controls itself) |
//!
//! Fixed-shape fields are checked when the file is read ([`is_sha256`]) and
//! shown through [`hash`], which never slices by byte.

use std::borrow::Cow;

use crate::text::clean;

/// Text for a terminal: every control and bidi character visible.
#[must_use]
pub fn terminal(text: &str) -> Cow<'_, str> {
    clean(text)
}

/// Lines for a terminal (a message, a report): each line made safe, the
/// line breaks and tabs kept (they move the cursor, nothing more).
#[must_use]
pub fn terminal_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| line.split('\t').map(clean).collect::<Vec<_>>().join("\t"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes what `write` produces to `out` as terminal text: every line made
/// safe. For the reports printed as tables, so that no field forgotten
/// by their cells can reach the terminal raw.
pub fn to_terminal(
    out: &mut dyn std::io::Write,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    write(&mut buffer)?;
    out.write_all(terminal_lines(&String::from_utf8_lossy(&buffer)).as_bytes())
}

/// JSON text with the characters a terminal would obey (DEL and the C1
/// controls such as U+009B, the one-character CSI; bidi overrides,
/// invisible format characters) written as `\uXXXX` escapes: the same
/// JSON for a script, nothing active on a terminal. (serde_json escapes
/// the C0 controls itself, and only those.)
#[must_use]
pub fn json(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    write_json_text(&mut out, text).unwrap_or_default();
    String::from_utf8(out).unwrap_or_default()
}

/// Whether [`json`] writes `c` as an escape. The C0 controls are escaped
/// by serde_json inside strings, and outside them they are JSON's own line
/// breaks; DEL and the C1 controls it leaves as they are.
fn json_escaped(c: char) -> bool {
    crate::text::is_unsafe(c) && c >= ' '
}

/// Writes `text` as [`json`] makes it, the unchanged runs as they are.
fn write_json_text<W: ?Sized + std::io::Write>(out: &mut W, text: &str) -> std::io::Result<()> {
    // Nearly every text: nothing to escape, told from its bytes.
    if !crate::text::may_hold_unsafe_above_c0(text) {
        return out.write_all(text.as_bytes());
    }
    let mut start = 0;
    for (i, c) in text.char_indices() {
        // Every character escaped is DEL or outside ASCII.
        if c < '\u{7f}' || !json_escaped(c) {
            continue;
        }
        out.write_all(&text.as_bytes()[start..i])?;
        let mut units = [0u16; 2];
        for u in c.encode_utf16(&mut units) {
            write!(out, "\\u{u:04x}")?;
        }
        start = i + c.len_utf8();
    }
    out.write_all(&text.as_bytes()[start..])
}

/// serde_json's pretty layout, each piece of text written as [`json`]
/// makes it: for a document too large to hold whole, written as it is
/// made. Everything else serde_json writes is its own marks, spaces and
/// numbers, in ASCII. (Checking the whole written stream instead, a small
/// write at a time, took three quarters of the companies' JSON at a
/// million records.)
pub struct JsonFormatter(serde_json::ser::PrettyFormatter<'static>);

impl JsonFormatter {
    #[must_use]
    pub fn pretty() -> Self {
        JsonFormatter(serde_json::ser::PrettyFormatter::new())
    }

    /// The layout of a value `depth` arrays deep: a piece of a document
    /// made apart, indented as the whole document would have it.
    #[must_use]
    pub fn pretty_within(depth: usize) -> Self {
        use serde_json::ser::Formatter as _;
        let mut layout = serde_json::ser::PrettyFormatter::new();
        for _ in 0..depth {
            // Writes `[` (to nowhere) and goes one level deeper.
            let _ = layout.begin_array(&mut std::io::sink());
        }
        JsonFormatter(layout)
    }
}

/// The layout is serde_json's pretty one: each of its methods handed on.
impl serde_json::ser::Formatter for JsonFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        write_json_text(writer, fragment)
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Text for Markdown inline content.
#[must_use]
pub fn markdown(text: &str) -> String {
    super::markdown::escape(text)
}

/// Text for HTML, before the builder escapes markup.
#[must_use]
pub fn html(text: &str) -> Cow<'_, str> {
    clean(text)
}

/// Whether a text cell would be read as a formula by a spreadsheet (also
/// after a tab or carriage return, which some strip first).
#[must_use]
pub fn is_formula_like(text: &str) -> bool {
    matches!(text.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// A CSV cell of text from a file: a formula-looking cell is prefixed with
/// `'` (OWASP's advice), so a spreadsheet shows it as text.
#[must_use]
pub fn csv(text: &str) -> String {
    csv_cell(text).into_owned()
}

/// As [`csv`], borrowing the text when it needs no change (most do): for
/// output of a million rows.
#[must_use]
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let cleaned = clean(text);
    if is_formula_like(&cleaned) { Cow::Owned(format!("'{cleaned}")) } else { cleaned }
}

/// Excel's limit for the text of one cell, in UTF-16 code units.
pub const XLSX_CELL_LIMIT: usize = 32_767;

/// A text for xlsx cells: cleaned, and cut into pieces that each fit a
/// cell (the caller writes the pieces into consecutive cells and says so).
/// Never empty: an empty text is one empty piece.
#[must_use]
pub fn xlsx(text: &str) -> Vec<String> {
    xlsx_pieces(text, XLSX_CELL_LIMIT)
}

/// A text for one xlsx cell: cleaned, and when longer than a cell holds,
/// cut with `note` at its end, so the cut is visible.
#[must_use]
pub fn xlsx_cut(text: &str, note: &str) -> String {
    // One line that fits (nearly every cell): cleaned, nothing cut. A
    // UTF-16 unit never takes less than a byte of UTF-8.
    if !text.contains('\n') {
        let cleaned = clean(text.trim_end());
        if cleaned.len() <= XLSX_CELL_LIMIT {
            return cleaned.into_owned();
        }
    }
    xlsx_cut_any(text, note)
}

/// As [`xlsx_cut`], for any text: split into lines, each cleaned, then cut.
fn xlsx_cut_any(text: &str, note: &str) -> String {
    let pieces = xlsx_pieces_any(text, XLSX_CELL_LIMIT);
    if pieces.len() == 1 {
        return pieces.into_iter().next().unwrap_or_default();
    }
    let room = XLSX_CELL_LIMIT.saturating_sub(note.encode_utf16().count());
    let mut first = xlsx_pieces_any(text, room).into_iter().next().unwrap_or_default();
    first.push_str(note);
    first
}

/// As [`xlsx`], with pieces of at most `limit` UTF-16 units (at least one
/// character each).
#[must_use]
pub fn xlsx_pieces(text: &str, limit: usize) -> Vec<String> {
    let limit = limit.clamp(2, XLSX_CELL_LIMIT);
    // One line that fits in one piece (nearly every remark): cleaned.
    if !text.contains('\n') {
        let cleaned = clean(text.trim_end());
        if cleaned.len() <= limit {
            return vec![cleaned.into_owned()];
        }
    }
    xlsx_pieces_any(text, limit)
}

/// As [`xlsx_pieces`], for any text: each line cleaned, then cut.
fn xlsx_pieces_any(text: &str, limit: usize) -> Vec<String> {
    let limit = limit.clamp(2, XLSX_CELL_LIMIT);
    // Each line cleaned; the line breaks stay (a cell shows them, wrapped).
    let cleaned =
        text.lines().map(|l| clean(l.trim_end()).into_owned()).collect::<Vec<_>>().join("\n");
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut units = 0;
    for c in cleaned.chars() {
        if units + c.len_utf16() > limit {
            pieces.push(std::mem::take(&mut current));
            units = 0;
        }
        units += c.len_utf16();
        current.push(c);
    }
    pieces.push(current);
    pieces
}

/// Whether a text is a SHA-256 in hex (64 digits), as the session records
/// the data it was recorded against.
#[must_use]
pub fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A hash for display: itself when it has the shape of one, else a word
/// saying it has not (a file checked on load never gets here).
#[must_use]
pub fn hash(text: &str) -> Cow<'_, str> {
    if text.is_empty() || is_sha256(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Borrowed("(not a SHA-256)")
    }
}

/// The first `n` characters of a hash, for messages: by characters, never
/// by bytes.
#[must_use]
pub fn short_hash(text: &str, n: usize) -> String {
    if is_sha256(text) { text.chars().take(n).collect() } else { hash(text).into_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_become_text_and_controls_visible() {
        assert_eq!(csv("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(csv("+1"), "'+1");
        assert_eq!(csv("-2+3"), "'-2+3");
        assert_eq!(csv("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv("\tx"), "\u{2409}x", "a tab becomes visible, so no longer leads");
        assert_eq!(csv("北見市"), "北見市");
        assert_eq!(csv("a\u{1b}[2J"), "a\u{241b}[2J");
    }

    #[test]
    fn long_text_is_cut_into_cells_that_fit_never_inside_a_character() {
        let text = "あ".repeat(XLSX_CELL_LIMIT) + &"😀".repeat(10);
        let pieces = xlsx(&text);
        assert_eq!(pieces.len(), 2);
        assert!(pieces.iter().all(|p| p.encode_utf16().count() <= XLSX_CELL_LIMIT));
        assert_eq!(pieces.concat(), text);
        assert_eq!(xlsx(""), vec![String::new()]);
        let cut = xlsx_cut(&text, "（以下省略）");
        assert!(cut.ends_with("（以下省略）"));
        assert_eq!(cut.encode_utf16().count(), XLSX_CELL_LIMIT);
        assert_eq!(xlsx_cut("短い", "（以下省略）"), "短い");
        assert_eq!(xlsx_cut(&"あ".repeat(20_000), "…").encode_utf16().count(), 20_000);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// The shortcut for one line that fits makes what the general way
        /// makes: trailing blanks dropped, controls visible, cut at the limit.
        #[test]
        fn a_cell_of_one_line_is_what_the_general_way_makes(
            text in "[a-zあ北 \t\r\u{1b}\u{202e}=]{0,40}",
            long in 0usize..3,
        ) {
            let text = text.repeat([1, 100, 1200][long]);
            proptest::prop_assert_eq!(xlsx_cut(&text, "…"), xlsx_cut_any(&text, "…"));
            for limit in [0, 3, 40, 1000, XLSX_CELL_LIMIT] {
                proptest::prop_assert_eq!(xlsx_pieces(&text, limit), xlsx_pieces_any(&text, limit));
            }
        }
    }

    /// The layout that escapes as it writes makes what [`json`] makes of
    /// serde_json's pretty text, in keys and values alike.
    #[test]
    fn json_formatted_as_it_goes_is_json_of_the_whole() {
        use serde::Serialize;
        let hostile = "東京都\u{202e}港区\u{200b}\u{feff}😀\u{e0041}\u{1b}\u{9b}31m\u{7f}\"\\\n";
        let mut map = std::collections::BTreeMap::new();
        map.insert(hostile.to_string(), vec![hostile.to_string(), "北見市".into(), String::new()]);
        map.insert("会社\u{2066}".into(), vec![]);
        let value = (map, 1.5, "a\u{ad}b", [Some(3), None]);
        let want = json(&serde_json::to_string_pretty(&value).expect("json"));
        // DEL, the C1 CSI and the tag character, which serde_json leaves
        // raw, are escaped; its own escapes and line breaks stay.
        assert!(want.contains("\\u009b31m\\u007f\\\"\\\\\\n"), "{want}");
        assert!(want.contains("\\u202e") && want.contains("\\udb40\\udc41"), "{want}");
        let mut out = Vec::new();
        let mut json_out =
            serde_json::Serializer::with_formatter(&mut out, JsonFormatter::pretty());
        value.serialize(&mut json_out).expect("serialize");
        assert_eq!(String::from_utf8(out).expect("utf-8"), want);
    }

    #[test]
    fn hashes_are_checked_and_cut_by_characters() {
        let good = "a".repeat(64);
        assert!(is_sha256(&good));
        assert!(!is_sha256(&"あ".repeat(22)));
        assert!(!is_sha256(&format!("{}`", "a".repeat(63))));
        assert_eq!(short_hash(&"é".repeat(40), 12), "(not a SHA-256)");
        assert_eq!(short_hash(&good, 12), "a".repeat(12));
    }
}
