//! What the spreadsheet library does not tell about a sheet, read from the
//! file's own XML: which rows and columns are hidden, which cells are
//! merged, and which numbers are formatted as percentages or shown in
//! thousands (`#,##0,`). calamine 0.38
//! gives the sheets' visibility and (for .xlsx only) merged regions, but no
//! row or column visibility and no number formats; reading the sheet's XML
//! once gives all of these the same way for .xlsx and .ods.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use quick_xml::events::{BytesStart, Event};

/// The most rows and columns a sheet can have (Excel's limits).
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;

/// A rectangle of cells, 0-based, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

/// Rows or columns marked, one bit each, up to a sheet's limit: a sheet's
/// XML may mark the same row many times over, or a million rows at once,
/// and each is looked up for every row read.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Marks(Vec<u64>);

impl Marks {
    /// Marks `from..=to`, cut at `limit` (the sheet's rows or columns).
    pub(super) fn set(&mut self, from: u32, to: u32, limit: u32) {
        let to = to.min(limit.saturating_sub(1));
        if from > to {
            return;
        }
        let words = (limit as usize).div_ceil(64);
        if self.0.len() < words {
            self.0.resize(words, 0);
        }
        let (first, last) = (from as usize / 64, to as usize / 64);
        for (i, word) in self.0.iter_mut().enumerate().take(last + 1).skip(first) {
            let low = if i == first { from as usize % 64 } else { 0 };
            let high = if i == last { to as usize % 64 } else { 63 };
            *word |= (u64::MAX >> (63 - high)) & (u64::MAX << low);
        }
    }

    #[must_use]
    pub fn has(&self, n: u32) -> bool {
        self.0.get(n as usize / 64).is_some_and(|w| w & (1 << (n % 64)) != 0)
    }
}

/// What the sheet's XML says beyond the values.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Facts {
    /// Hidden rows, 0-based.
    pub hidden_rows: Marks,
    /// Hidden columns, 0-based.
    pub hidden_columns: Marks,
    pub merges: Vec<Region>,
    /// Cells (row, column), 0-based, holding a number formatted as a
    /// percentage (.xlsx: only cells with a value, see [`xlsx`]).
    pub percent: HashSet<(u32, u32)>,
    /// Regions of cells formatted as percentages (.ods, whose cells are
    /// repeated by attributes: a region for each cell element).
    pub percent_regions: Vec<Region>,
    /// Cells holding a number their format shows divided by 1,000 or more
    /// (`#,##0,` shows 12345000 as 12,345), as [`Facts::percent`].
    pub scaled: HashSet<(u32, u32)>,
    /// Regions of cells whose format shows a number divided by 1,000 or
    /// more (.ods: `number:display-factor`), as [`Facts::percent_regions`].
    pub scaled_regions: Vec<Region>,
    /// Cells holding a number whose format writes text beside it
    /// (`#,##0"千円"`), with the text, as [`Facts::percent`].
    pub units: HashMap<(u32, u32), super::table::SharedUnit>,
    /// Regions of cells whose format writes text beside the number (.ods:
    /// `number:text`, `number:currency-symbol`), as [`Facts::percent_regions`].
    pub unit_regions: Vec<(Region, super::table::SharedUnit)>,
    /// Formula cells whose results the file does not hold.
    pub formulas: super::table::Unsettled,
    /// Every formula's cell (row, column), 0-based (.xls, whose results
    /// cannot tell an empty text from none).
    pub formula_cells: Vec<(u32, u32)>,
    /// The bytes of text in the sheet's XML (.xlsx), references as
    /// written: the library gathers a cell's text whole, however many
    /// pieces it is written in, so it is counted before the library reads
    /// the sheet.
    pub text: u64,
}

impl Facts {
    #[must_use]
    pub fn row_hidden(&self, row: u32) -> bool {
        self.hidden_rows.has(row)
    }

    /// The hidden columns among `0..width`.
    #[must_use]
    pub fn hidden_columns_below(&self, width: u32) -> Vec<usize> {
        (0..width).filter(|c| self.hidden_columns.has(*c)).map(|c| c as usize).collect()
    }

    /// Adds a merged region, unless the sheet has more of them than the
    /// cells limit (each covers two cells or more): `false` then.
    fn merge(&mut self, region: Region) -> bool {
        Facts::bounded_push(&mut self.merges, region)
    }

    /// The regions an .ods cell joins by how it shows its number: as a
    /// percentage, or divided by 1,000 or more.
    fn shown_regions(
        &mut self,
        e: &BytesStart,
        styles: &OdsStyles,
        default: Option<&str>,
    ) -> Option<&mut Vec<Region>> {
        if ods_percent(e, styles, default) {
            Some(&mut self.percent_regions)
        } else if ods_scaled(e, styles, default) {
            Some(&mut self.scaled_regions)
        } else {
            None
        }
    }

    /// Adds the cells of an .ods cell element (`region`) to the regions
    /// of what its format shows; `false` past the cells limit of regions.
    fn shown(
        &mut self,
        e: &BytesStart,
        styles: &OdsStyles,
        default: Option<&str>,
        region: Region,
    ) -> bool {
        if let Some(regions) = self.shown_regions(e, styles, default) {
            return Facts::bounded_push(regions, region);
        }
        if let Some(unit) = ods_unit(e, styles, default) {
            if self.unit_regions.len() >= crate::store::limits::limits().cells {
                return false;
            }
            self.unit_regions.push((region, unit.clone()));
        }
        true
    }

    fn bounded_push(regions: &mut Vec<Region>, region: Region) -> bool {
        if regions.len() >= crate::store::limits::limits().cells {
            return false;
        }
        regions.push(region);
        true
    }
}

/// The message for a sheet of more merged regions, or more values
/// formatted as percentages, than the cells limit.
fn too_many_merges() -> String {
    let limits = crate::store::limits::limits();
    limits.cells_message((
        "シートが大きすぎて読めません（結合したセルの範囲か、パーセント表示の値が多すぎます）"
            .to_string(),
        "the sheet is too large to read: it has too many merged regions or values formatted as percentages"
            .to_string(),
    ))
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| unescaped(&a.value).into_owned())
}

/// An attribute's value with its references replaced, as written when it
/// has none or cannot be read.
fn unescaped(value: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::unescape(value).unwrap_or(std::borrow::Cow::Borrowed(value))
}

/// Whether a row or column is hidden: `1` or `true`, or `0`, `false` or
/// nothing; any other value (`" 1"`, `on`, `2`, which one program hides and
/// another shows) is the reason it cannot be read.
fn hidden(v: Option<&str>) -> Result<bool, String> {
    match v {
        None | Some("0" | "false") => Ok(false),
        Some("1" | "true") => Ok(true),
        Some(other) => Err(crate::i18n::tr(
            format!("非表示の値 {other:?} を読めません（1、true、0、false のどれかのはずです）"),
            format!("the hidden value {other:?} cannot be read (expected 1, true, 0 or false)"),
        )),
    }
}

/// The reason a cell or row reference cannot be read.
fn unreadable_reference(what: &str) -> String {
    crate::i18n::tr(
        format!("セルか行の位置 {what:?} を読めません"),
        format!("the cell or row reference {what:?} cannot be read"),
    )
}

/// What [`walk`] shows of a part: an element's start (`true` when it is
/// empty, `<v/>`), its end, or a piece of text.
#[derive(Clone, Copy)]
enum Node<'a, 'b> {
    Open(&'a BytesStart<'b>, bool),
    Close,
    /// A piece of text, and the text as written when it is text.
    Text(Piece, &'a str),
}

/// How a piece of an element's content is written: as text, as a CDATA
/// section, as a reference (`&#49;`, `&amp;`), or as a comment or a
/// processing instruction (no text, but it parts the text around it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    Text,
    CData,
    Reference,
    Other,
}

/// Walks the events of the XML part `name` of `zip` as it is decompressed
/// ([`super::xml_part::events`]); `f` sees each start or empty element,
/// each end element and each piece of text, with the element's name. The
/// bytes of text in the part (references as written) are returned.
fn walk(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    mut f: impl FnMut(Node, &str),
) -> Result<u64, String> {
    let entry = zip.by_name(name).map_err(|e| {
        crate::i18n::tr(format!("{name} を読めません: {e}"), format!("cannot read {name}: {e}"))
    })?;
    let limits = crate::store::limits::limits();
    let mut text = 0u64;
    let ended = super::xml_part::events(entry, name, &limits, |event| {
        match event {
            Event::Start(e) => f(Node::Open(e, false), e.name().as_ref()),
            Event::Empty(e) => f(Node::Open(e, true), e.name().as_ref()),
            Event::End(e) => f(Node::Close, e.name().as_ref()),
            Event::Text(t) => {
                text = text.saturating_add(t.len() as u64);
                f(Node::Text(Piece::Text, t.as_ref()), "");
            }
            Event::CData(t) => {
                text = text.saturating_add(t.len() as u64);
                f(Node::Text(Piece::CData, ""), "");
            }
            Event::GeneralRef(r) => {
                text = text.saturating_add(r.len() as u64 + 2);
                f(Node::Text(Piece::Reference, ""), "");
            }
            Event::Comment(_) | Event::PI(_) => f(Node::Text(Piece::Other, ""), ""),
            _ => {}
        }
        Ok(())
    })?;
    match ended {
        super::xml_part::Ended::Whole => Ok(text),
        super::xml_part::Ended::Damaged(e) => {
            Err(crate::i18n::tr(format!("XML が壊れています: {e}"), format!("damaged XML: {e}")))
        }
    }
}

/// `B12` as (row 11, column 1).
fn cell_ref(text: &str) -> Option<(u32, u32)> {
    let letters: String = text.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = text.get(letters.len()..)?;
    let mut column: u32 = 0;
    for c in letters.chars() {
        column = column.checked_mul(26)?.checked_add(u32::from(c.to_ascii_uppercase()) - 64)?;
    }
    let row: u32 = digits.parse().ok()?;
    (column >= 1 && row >= 1).then(|| (row - 1, column - 1))
}

/// Whether an Excel number format shows a percentage: a `%` outside quotes
/// and escapes, in its first section.
pub(super) fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            // An escaped character, a padding's width or a fill.
            '\\' | '_' | '*' if !quoted => {
                chars.next();
            }
            // A colour, a condition or a locale.
            '[' if !quoted => {
                chars.by_ref().find(|c| *c == ']');
            }
            ';' if !quoted => return false,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// Whether an Excel number format shows its number divided by 1,000 (or
/// a million …): a comma after the last digit placeholder of its first
/// section (`#,##0,` shows 12345000 as 12,345; `#,##0,"千円"` as
/// 12,345千円), outside quotes and escapes. A comma between placeholders
/// is a thousands separator.
pub(super) fn is_scaled_format(code: &str) -> bool {
    let (mut quoted, mut trailing) = (false, false);
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                chars.by_ref().find(|c| *c == ']');
            }
            ';' => break,
            // A digit, or the decimal point ending the integer part's
            // separators.
            '0' | '#' | '?' | '.' => trailing = false,
            ',' => trailing = true,
            _ => {}
        }
    }
    trailing
}

/// The text an Excel number format writes before and after a positive
/// number (a negative is refused whatever its format): quoted (`"千円"`),
/// escaped (`\\千`), a currency-like symbol (`[$千円]`, `[$¥-411]`) or any
/// other character that is not a code. The section read is the first one
/// whose condition a positive number may meet (`[<0]"▲"#,##0;#,##0` shows
/// 5 by its second), the first without conditions; the text of a section
/// for negatives or zero (`#,##0;"△"#,##0`) is not the positive number's.
/// None for a format of dates or times (a letter outside quotes: `yyyy`,
/// `General` too) or of text (`@`), or whose text is only spaces and
/// punctuation.
pub(super) fn format_unit(code: &str) -> Option<super::table::SharedUnit> {
    let mut chars = code.chars().peekable();
    loop {
        match format_section(&mut chars)? {
            Section::Shown(unit) => return unit,
            Section::Other => {}
        }
    }
}

/// A section of an Excel number format, read up to its `;`.
enum Section {
    /// The section that shows a positive number, with its text's unit.
    Shown(Option<super::table::SharedUnit>),
    /// A section whose condition no positive number meets.
    Other,
}

/// Reads one section of a number format (None: a date's, a text's, or
/// past the last section).
fn format_section(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<Section> {
    chars.peek()?;
    let (mut before, mut after, mut digits) = (String::new(), String::new(), false);
    let (mut quoted, mut positive) = (false, true);
    while let Some(c) = chars.next() {
        let text = if digits { &mut after } else { &mut before };
        if quoted {
            if c == '"' {
                quoted = false;
            } else {
                text.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '\\' => text.extend(chars.next()),
            // A padding's width or a fill.
            '_' | '*' => {
                chars.next();
            }
            // A colour, a condition or a locale; a currency symbol is text.
            '[' => {
                let inner: String = chars.by_ref().take_while(|c| *c != ']').collect();
                if let Some(symbol) = inner.strip_prefix('$') {
                    text.push_str(symbol.split('-').next().unwrap_or_default());
                } else if let Some(holds) = positive_meets(&inner) {
                    positive = holds;
                }
            }
            ';' => break,
            '0' | '#' | '?' => digits = true,
            '.' | ',' | '%' | '/' => {}
            'E' | 'e' if matches!(chars.peek(), Some('+' | '-')) => {
                chars.next();
            }
            '@' => return None,
            // General (G/標準 in Excel in Japanese) is the number's place.
            'G' | 'g' if general(chars) => digits = true,
            c if c.is_ascii_alphabetic() => return None,
            c => text.push(c),
        }
    }
    if !positive {
        return Some(Section::Other);
    }
    // A section without digits shows its text in place of the number.
    Some(Section::Shown(if digits { super::table::FormatUnit::of(&before, &after) } else { None }))
}

/// Whether the rest of `General` follows a `G` (any case), taken if so.
fn general(chars: &mut std::iter::Peekable<std::str::Chars>) -> bool {
    let rest: String = chars.clone().take(6).collect();
    let found = rest.eq_ignore_ascii_case("eneral");
    if found {
        chars.nth(5);
    }
    found
}

/// Whether some positive number meets a format section's condition
/// (`[<0]`, `[>=1000]`, `[=0]`, given without its brackets); None for
/// what is no condition (a colour).
fn positive_meets(condition: &str) -> Option<bool> {
    let condition = condition.trim();
    let (op, number) = ["<=", ">=", "<>", "!=", "<", ">", "="]
        .iter()
        .find_map(|op| condition.strip_prefix(op).map(|rest| (*op, rest)))?;
    let n: f64 = number.trim().parse().ok()?;
    Some(match op {
        "<" | "<=" | "=" => n > 0.0,
        _ => true,
    })
}

/// The facts of the .xlsx sheet named `sheet`, its parts found as calamine
/// finds them ([`super::xlsx_parts`]); a percentage is kept only for a
/// cell with a value (a sheet may style a million empty cells), at most
/// as many as the cells limit. Read before the library reads the sheet, it
/// refuses a sheet with one text longer than the longest text before the
/// library gathers it, and tells the text the sheet holds (`text`).
pub fn xlsx(bytes: &[u8], sheet: &str) -> Result<Facts, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let limits = crate::store::limits::limits();
    let parts = super::xlsx_parts::Parts::find(&mut zip, &limits)?
        .ok_or_else(|| "the file has no package relationships".to_string())?;
    let path = parts
        .sheets(&mut zip, &limits)?
        .into_iter()
        .find(|(name, _)| name == sheet)
        .ok_or_else(|| format!("the workbook does not list the sheet {sheet:?}"))?
        .1
        .ok_or_else(|| format!("the sheet {sheet:?} has no part"))?;
    // A workbook without styles shows no percentages; one whose styles
    // cannot be read is refused: its percentages would be read as plain
    // numbers (0.5 for 50%).
    let (percent_styles, scaled_styles, unit_styles) = match parts.entry("styles.xml") {
        Some(styles) => xlsx_number_styles(&mut zip, &styles)?,
        None => (HashSet::new(), HashSet::new(), HashMap::new()),
    };
    // Apache POI stores 0 for each formula it did not compute (SXSSF; XSSF
    // stores none) and names no calculation engine, so Excel recalculates
    // the workbook when it opens it; LibreOffice shows the 0.
    let calculation = parts.calculation(&mut zip, &limits)?;
    let zeros = !calculation.engine
        && parts.application(&mut zip, &limits)?.as_deref() == Some("Apache POI");
    let mut reading = XlsxSheet {
        percent_styles,
        scaled_styles,
        unit_styles,
        formula: FormulaCell::default(),
        all_unsettled: calculation.recalculated || calculation.manual,
        zeros,
        cells: limits.cells,
        facts: Facts {
            formulas: super::table::Unsettled {
                recalculated: calculation.recalculated,
                manual: calculation.manual && !calculation.recalculated,
                ..super::table::Unsettled::default()
            },
            ..Facts::default()
        },
        too_many: false,
        at: (0, 0),
        next_row: 0,
        pending: None,
        odd: None,
        seen: Marks::default(),
    };
    let text = walk(&mut zip, &path, |e, name| reading.element(e, name))?;
    let XlsxSheet { mut facts, too_many, odd, .. } = reading;
    if too_many {
        return Err(too_many_merges());
    }
    if let Some(why) = odd {
        return Err(why);
    }
    facts.text = text;
    Ok(facts)
}

/// An .xlsx sheet's XML as it is read.
struct XlsxSheet {
    percent_styles: HashSet<usize>,
    /// The cell formats showing a number divided by 1,000 or more.
    scaled_styles: HashSet<usize>,
    /// The cell formats writing text beside the number, with the text.
    unit_styles: HashMap<usize, super::table::SharedUnit>,
    cells: usize,
    facts: Facts,
    too_many: bool,
    /// The row and column of the cell being read, and the row an
    /// unnumbered `<row>` would be; a cell formatted as a percentage whose
    /// value has not come yet.
    at: (u32, u32),
    next_row: u32,
    pending: Option<((u32, u32), Shown)>,
    /// The first thing that cannot be read one way only, and the rows seen
    /// (a row written twice is read as its first by one program, its last
    /// by another).
    odd: Option<String>,
    seen: Marks,
    /// The cell being read, as far as its formula goes.
    formula: FormulaCell,
    /// Every formula's result is a placeholder (the workbook asks to be
    /// recalculated when opened); a formula's 0 is one (Apache POI wrote
    /// the workbook, naming no calculation engine).
    all_unsettled: bool,
    zeros: bool,
}

/// The cell being read, as far as its formula goes: whether it has one,
/// how its type has the library read its value (`t="str"`: an empty
/// result is an empty text), and whether the value the library reads is a
/// result (`<v>`) holding text.
///
/// calamine reads a cell's value from the last of its child elements with
/// content (an empty one, `<v/>`, it skips): a `<v>`, an inline string
/// (`<is>`), or nothing for an `<f>`; an inline string's type
/// (`t="inlineStr"`) has it skip every `<v>`. Of a `<v>` of a number, a
/// shared string, a truth value or an error (`t` `n`, `s`, `b`, `e` or
/// none) it reads the first piece only, of any other the text and the
/// references, not a CDATA section.
#[derive(Debug, Default)]
struct FormulaCell {
    at: (u32, u32),
    /// Inside the cell's element (an `<xm:f>` of a data validation or a
    /// sparkline, after the cells, is no cell's formula), and how deep.
    inside: bool,
    depth: u32,
    formula: bool,
    text_type: bool,
    reads: ValueRead,
    /// The last child element with content is a `<v>`.
    last_value: bool,
    in_value: bool,
    /// The last `<v>` holds text, and the pieces it came in so far.
    value_text: bool,
    pieces: u32,
    /// The cell's type is a number (`t="n"` or none), and the last `<v>`
    /// holds the number 0.
    number_type: bool,
    zero: bool,
}

/// How calamine reads a cell's `<v>`, by the cell's type.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum ValueRead {
    /// Its first piece only (`t` `n`, `s`, `b`, `e` or none).
    #[default]
    First,
    /// Its text and references, not a CDATA section.
    Joined,
    /// Not at all (`t="inlineStr"`, `is`).
    Skipped,
}

impl ValueRead {
    fn of(t: Option<&str>) -> ValueRead {
        match t {
            None | Some("n" | "s" | "b" | "e") => ValueRead::First,
            Some("inlineStr" | "is") => ValueRead::Skipped,
            Some(_) => ValueRead::Joined,
        }
    }
}

impl FormulaCell {
    /// Whether the cell ended holds a formula whose result read is the
    /// number 0.
    fn zero(&self) -> bool {
        self.formula && self.last_value && self.zero && self.reads == ValueRead::First
    }

    /// Whether the cell ended holds a formula whose result is not settled:
    /// none written, or `recalculated` (every result a placeholder), or a
    /// value read from elsewhere than its result.
    fn unsettled(&self, recalculated: bool) -> bool {
        self.formula
            && (recalculated
                || self.reads == ValueRead::Skipped
                || !self.last_value
                || (!self.value_text && !self.text_type))
    }

    /// A child element of the cell starts: a `<v>` with content is the
    /// value read so far.
    /// `true` when it parts the text of a `<v>` read by its first piece.
    fn open(&mut self, local: Option<&str>, empty: bool) -> bool {
        let parted = self.in_value && self.reads == ValueRead::First;
        if self.depth == 0 && !empty {
            self.last_value = local == Some("v");
            (self.in_value, self.value_text, self.pieces) = (self.last_value, false, 0);
            self.zero = false;
        }
        if !empty {
            self.depth = self.depth.saturating_add(1);
        }
        parted
    }

    /// A piece of text: whether the library reads the `<v>` it is in
    /// otherwise than a spreadsheet does (a number parted by a reference,
    /// a CDATA section or a comment is read only up to it).
    fn piece(&mut self, piece: Piece, text: &str) -> bool {
        if !self.in_value || self.depth != 1 {
            return false;
        }
        self.zero = self.formula
            && self.pieces == 0
            && piece == Piece::Text
            && self.number_type
            && text.trim().parse::<f64>() == Ok(0.0);
        self.value_text |= piece != Piece::Other;
        self.pieces = self.pieces.saturating_add(1);
        match self.reads {
            ValueRead::First => piece != Piece::Text || self.pieces > 1,
            ValueRead::Joined => piece == Piece::CData,
            ValueRead::Skipped => false,
        }
    }
}

/// The message for a cell whose value is written in pieces the library
/// reads otherwise than a spreadsheet.
fn parted_value((row, column): (u32, u32)) -> String {
    let cell = format!("{}{}", super::table::column_letters(column as usize), row + 1);
    crate::i18n::tr(
        format!(
            "セル {cell} の値が文字参照や CDATA、コメントで区切って書かれていて、表計算ソフトが表示するとおりには読めません。表計算ソフトで開いて保存し直してください"
        ),
        format!(
            "the value of cell {cell} is written in pieces (a character reference, a CDATA section or a comment) that cannot be read as a spreadsheet shows them; open it in a spreadsheet and save it again"
        ),
    )
}

impl XlsxSheet {
    fn element(&mut self, e: Node, name: &str) {
        let local = name.rsplit(':').next();
        let (e, empty) = match e {
            Node::Open(e, empty) => (e, empty),
            Node::Text(piece, text) => {
                if self.formula.piece(piece, text) {
                    self.odd(parted_value(self.formula.at));
                }
                return;
            }
            Node::Close => {
                if self.formula.inside && self.formula.depth > 0 {
                    self.formula.depth -= 1;
                    self.formula.in_value &= self.formula.depth > 0;
                } else if local == Some("c") {
                    self.pending = None;
                    if self.formula.unsettled(self.all_unsettled) {
                        self.facts.formulas.note(self.formula.at, 1);
                    } else if self.zeros && self.formula.zero() {
                        // Placeholders: the message says the results
                        // stored are not what a spreadsheet shows.
                        self.facts.formulas.note(self.formula.at, 1);
                        self.facts.formulas.recalculated = true;
                    }
                    (self.formula.formula, self.formula.inside) = (false, false);
                }
                return;
            }
        };
        if self.formula.inside && local != Some("c") && self.formula.open(local, empty) {
            self.odd(parted_value(self.formula.at));
        }
        match local {
            Some("col") => self.col(e),
            Some("row") => self.row(e),
            Some("c") => self.cell(e, empty),
            Some("f") => self.formula.formula |= self.formula.inside,
            Some("v") => {
                if let Some((at, shown)) = self.pending.take() {
                    let cells = match shown {
                        Shown::Percent => &mut self.facts.percent,
                        Shown::Scaled => &mut self.facts.scaled,
                        Shown::Unit(style) => {
                            if self.facts.units.len() >= self.cells {
                                self.too_many = true;
                            } else if let Some(unit) = self.unit_styles.get(&style) {
                                self.facts.units.insert(at, unit.clone());
                            }
                            return;
                        }
                    };
                    if cells.len() < self.cells {
                        cells.insert(at);
                    } else {
                        self.too_many = true;
                    }
                }
            }
            Some("mergeCell") => {
                if let Some((a, b)) = attr(e, "ref").as_deref().and_then(|r| r.split_once(':'))
                    && let (Some((r1, c1)), Some((r2, c2))) = (cell_ref(a), cell_ref(b))
                {
                    // Written from either corner, as spreadsheets read it.
                    let region = Region {
                        top: r1.min(r2),
                        left: c1.min(c2),
                        bottom: r1.max(r2),
                        right: c1.max(c2),
                    };
                    self.too_many |= !self.facts.merge(region);
                }
            }
            _ => {}
        }
    }

    fn odd(&mut self, why: String) {
        self.odd.get_or_insert(why);
    }

    fn col(&mut self, e: &BytesStart) {
        let n = |k| attr(e, k).and_then(|v| v.parse::<u32>().ok());
        let hide = hidden(attr(e, "hidden").as_deref()).unwrap_or_else(|why| {
            self.odd(why);
            false
        });
        if hide
            && let (Some(min), Some(max)) = (n("min"), n("max"))
            && min >= 1
        {
            self.facts.hidden_columns.set(min - 1, max.saturating_sub(1), MAX_COLUMNS);
        }
    }

    fn row(&mut self, e: &BytesStart) {
        let row = match attr(e, "r") {
            None => self.next_row,
            Some(r) => match r.parse::<u32>() {
                Ok(n @ 1..=MAX_ROWS) => n - 1,
                _ => {
                    self.odd(unreadable_reference(&r));
                    self.next_row
                }
            },
        };
        if self.seen.has(row) {
            self.odd(crate::i18n::tr(
                format!("{} 行目が二度書かれています", row + 1),
                format!("row {} is written twice", row + 1),
            ));
        }
        self.seen.set(row, row, MAX_ROWS);
        (self.at, self.next_row) = ((row, 0), row.saturating_add(1));
        match hidden(attr(e, "hidden").as_deref()) {
            Ok(true) => self.facts.hidden_rows.set(row, row, MAX_ROWS),
            Ok(false) => {}
            Err(why) => self.odd(why),
        }
    }

    fn cell(&mut self, e: &BytesStart, empty: bool) {
        // The attributes read at once: a sheet has millions of cells.
        let (mut r, mut s, mut t) = (None, None, None);
        for a in e.attributes().flatten() {
            match a.key.as_ref() {
                "r" => r = Some(unescaped(&a.value).into_owned()),
                "s" => s = Some(unescaped(&a.value).into_owned()),
                "t" => t = Some(a.value),
                _ => {}
            }
        }
        if let Some(r) = r {
            match cell_ref(&r).filter(|(r, c)| *r < MAX_ROWS && *c < MAX_COLUMNS) {
                Some(at) => self.at = at,
                None => self.odd(unreadable_reference(&r)),
            }
        }
        let style = match s {
            None => 0,
            Some(s) => s.parse::<usize>().unwrap_or_else(|_| {
                self.odd(crate::i18n::tr(
                    format!("セルの書式番号 {s:?} を読めません"),
                    format!("the cell's format number {s:?} cannot be read"),
                ));
                0
            }),
        };
        self.pending = if empty {
            None
        } else if self.percent_styles.contains(&style) {
            Some((self.at, Shown::Percent))
        } else if self.scaled_styles.contains(&style) {
            Some((self.at, Shown::Scaled))
        } else if self.unit_styles.contains_key(&style) {
            Some((self.at, Shown::Unit(style)))
        } else {
            None
        };
        let t = t.as_deref();
        self.formula = FormulaCell {
            at: self.at,
            inside: !empty,
            text_type: t == Some("str"),
            number_type: matches!(t, None | Some("n")),
            reads: ValueRead::of(t),
            ..FormulaCell::default()
        };
        self.at.1 = self.at.1.saturating_add(1);
    }
}

/// How a cell format shows a number, where the import must know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Percent,
    /// Divided by 1,000 or more.
    Scaled,
    /// With text beside the number, by the cell format's index.
    Unit(usize),
}

/// The cell formats' indices and texts (`cellXfs`) of the percentage, the
/// number divided by 1,000 or more, and the texts beside the number.
type NumberStyles = (HashSet<usize>, HashSet<usize>, HashMap<usize, super::table::SharedUnit>);

/// The indices of the cell formats (`cellXfs`) that show a percentage,
/// of those that show a number divided by 1,000 or more, and of those
/// that write text beside the number, with the text.
fn xlsx_number_styles(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    styles: &str,
) -> Result<NumberStyles, String> {
    let mut codes: HashMap<u32, String> = HashMap::new();
    // Inside the number formats, the cell formats or the cell styles.
    let (mut in_formats, mut in_xfs, mut in_styles) = (false, false, false);
    // Each cell format's number format, or the cell style it takes it from.
    let mut xf_formats: Vec<Result<u32, usize>> = Vec::new();
    let mut style_formats: Vec<u32> = Vec::new();
    walk(zip, styles, |e, name| {
        let local = name.rsplit(':').next().unwrap_or(name);
        match e {
            Node::Open(e, empty) => match local {
                "numFmts" => in_formats = !empty,
                // Only the number formats of the cells (not those of
                // conditional formats, `dxfs`).
                "numFmt" if in_formats => {
                    if let (Some(id), Some(code)) =
                        (attr(e, "numFmtId").and_then(|v| v.parse().ok()), attr(e, "formatCode"))
                    {
                        codes.insert(id, code);
                    }
                }
                "cellXfs" => in_xfs = !empty,
                "cellStyleXfs" => in_styles = !empty,
                "xf" if in_xfs => {
                    let own = attr(e, "numFmtId").and_then(|v| v.parse().ok());
                    let style = attr(e, "xfId").and_then(|v| v.parse().ok()).unwrap_or(0);
                    xf_formats.push(own.ok_or(style));
                }
                "xf" if in_styles => {
                    style_formats
                        .push(attr(e, "numFmtId").and_then(|v| v.parse().ok()).unwrap_or(0));
                }
                _ => {}
            },
            Node::Close if local == "numFmts" => in_formats = false,
            Node::Close if local == "cellXfs" => in_xfs = false,
            Node::Close if local == "cellStyleXfs" => in_styles = false,
            Node::Close | Node::Text(..) => {}
        }
    })?;
    let (mut percent, mut scaled, mut units) = (HashSet::new(), HashSet::new(), HashMap::new());
    for (i, format) in xf_formats.into_iter().enumerate() {
        // A cell format without a number format takes its style's.
        let id = format.unwrap_or_else(|style| style_formats.get(style).copied().unwrap_or(0));
        // Built-in formats 9 (0%) and 10 (0.00%) are percentages,
        // unless the file gives those numbers formats of its own.
        if codes.get(&id).map_or(matches!(id, 9 | 10), |c| is_percent_format(c)) {
            percent.insert(i);
        } else if codes.get(&id).is_some_and(|c| is_scaled_format(c)) {
            scaled.insert(i);
        } else if let Some(unit) = codes.get(&id).and_then(|c| format_unit(c)) {
            units.insert(i, unit);
        }
    }
    Ok((percent, scaled, units))
}

fn repeats(e: &BytesStart, name: &str, limit: u32) -> u32 {
    attr(e, name).and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(1).clamp(1, limit)
}

/// The cell styles of an .ods that show a number as a percentage: a
/// style whose data style (its own or its parent's) is a
/// `number:percentage-style`. LibreOffice writes such a cell's value type
/// as `percentage`; another program may write `float` and the style, which
/// LibreOffice shows as a percentage all the same.
#[derive(Default)]
struct OdsStyles {
    percentages: HashSet<String>,
    /// The number styles showing a number divided by 1,000 or more (a
    /// `number:number` of a `number:display-factor` other than 1), and the
    /// number style being read.
    scaled: HashSet<String>,
    number_style: Option<String>,
    /// The number and currency styles writing text beside the number
    /// (`number:text`, `number:currency-symbol`), with the text; the one
    /// being read, its texts before and after its number so far, and
    /// whether inside one of its texts.
    units: HashMap<String, super::table::SharedUnit>,
    unit_style: Option<(String, String, String, bool)>,
    in_text: bool,
    /// The number and currency styles' maps (`style:map`): the condition
    /// on the value and the style shown where it holds, in order.
    maps: HashMap<String, Vec<(String, String)>>,
    /// Each cell style's data style and parent.
    styles: HashMap<String, (Option<String>, Option<String>)>,
}

impl OdsStyles {
    /// Takes in a style element; `false` past the cells limit of them.
    fn element(&mut self, e: &BytesStart, name: &str) -> bool {
        match name {
            "number:percentage-style" => {
                if let Some(n) = attr(e, "style:name") {
                    self.percentages.insert(n);
                }
            }
            "number:number-style" | "number:currency-style" => {
                if name == "number:number-style" {
                    self.number_style = attr(e, "style:name");
                }
                self.unit_style =
                    attr(e, "style:name").map(|n| (n, String::new(), String::new(), false));
            }
            "number:text" | "number:currency-symbol" => self.in_text = self.unit_style.is_some(),
            "style:map" => {
                if let Some((style, ..)) = &self.unit_style
                    && let (Some(condition), Some(shown)) =
                        (attr(e, "style:condition"), attr(e, "style:apply-style-name"))
                {
                    if self.maps.len() >= crate::store::limits::limits().cells {
                        return false;
                    }
                    self.maps.entry(style.clone()).or_default().push((condition, shown));
                }
            }
            "number:scientific-number" | "number:fraction" => {
                if let Some(style) = &mut self.unit_style {
                    style.3 = true;
                }
            }
            "number:number" => {
                if let Some(style) = &mut self.unit_style {
                    style.3 = true;
                }
                let factor = attr(e, "number:display-factor");
                let factor = factor.as_deref().map_or("1", str::trim);
                if !matches!(factor, "1" | "1.0" | "")
                    && let Some(style) = self.number_style.clone()
                {
                    if self.scaled.len() >= crate::store::limits::limits().cells {
                        return false;
                    }
                    self.scaled.insert(style);
                }
            }
            "style:style" => {
                if self.styles.len() >= crate::store::limits::limits().cells {
                    return false;
                }
                if let Some(n) = attr(e, "style:name") {
                    let style =
                        (attr(e, "style:data-style-name"), attr(e, "style:parent-style-name"));
                    self.styles.insert(n, style);
                }
            }
            _ => {}
        }
        true
    }

    /// A piece of text or an element's end, after the start elements
    /// [`OdsStyles::element`] took in; `false` past the cells limit of
    /// styles with text.
    fn other(&mut self, node: Node, name: &str) -> bool {
        match node {
            Node::Text(Piece::Text, text) if self.in_text => {
                if let Some((_, before, after, digits)) = &mut self.unit_style {
                    (if *digits { after } else { before }).push_str(&unescaped(text));
                }
            }
            Node::Close => match name {
                "number:text" | "number:currency-symbol" => self.in_text = false,
                "number:number-style" | "number:currency-style" => {
                    self.in_text = false;
                    // A style without a number shows its text in its place.
                    if let Some((style, before, after, true)) = self.unit_style.take()
                        && let Some(unit) = super::table::FormatUnit::of(&before, &after)
                    {
                        if self.units.len() >= crate::store::limits::limits().cells {
                            return false;
                        }
                        self.units.insert(style, unit);
                    }
                }
                _ => {}
            },
            _ => {}
        }
        true
    }

    /// The text a cell style's format writes beside a positive `value`:
    /// its data style's, or that of the style its first map whose
    /// condition the value meets shows (a style for negatives maps the
    /// others to theirs, `value()>=0`).
    fn unit(&self, style: &str, value: f64) -> Option<&super::table::SharedUnit> {
        let data = self.data_style(style)?;
        let shown = self
            .maps
            .get(data)
            .and_then(|maps| maps.iter().find(|(condition, _)| meets(condition, value)))
            .map_or(data, |(_, shown)| shown.as_str());
        self.units.get(shown)
    }

    fn is_percent(&self, style: &str) -> bool {
        self.data_style(style).is_some_and(|data| self.percentages.contains(data))
    }

    fn is_scaled(&self, style: &str) -> bool {
        self.data_style(style).is_some_and(|data| self.scaled.contains(data))
    }

    /// The data style a cell style shows its numbers with: its own, else
    /// its parent's.
    fn data_style(&self, style: &str) -> Option<&str> {
        let mut name = style;
        // Parents followed a few steps (a loop of parents ends).
        for _ in 0..16 {
            match self.styles.get(name) {
                Some((Some(data), _)) => return Some(data),
                Some((None, Some(parent))) => name = parent,
                _ => return None,
            }
        }
        None
    }
}

/// Whether an .ods cell shows its number as a percentage: by its value
/// type, or by its style (its own, else its row's or column's default)
/// when its value is a plain number.
fn ods_percent(e: &BytesStart, styles: &OdsStyles, default: Option<&str>) -> bool {
    match attr(e, "office:value-type").as_deref() {
        Some("percentage") => true,
        Some("float" | "currency") | None if attr(e, "office:value").is_some() => {
            attr(e, "table:style-name").as_deref().or(default).is_some_and(|s| styles.is_percent(s))
        }
        _ => false,
    }
}

/// Whether an .ods cell shows its number divided by 1,000 or more: a plain
/// number whose style (its own, else its row's or column's default) has a
/// display factor.
fn ods_scaled(e: &BytesStart, styles: &OdsStyles, default: Option<&str>) -> bool {
    matches!(attr(e, "office:value-type").as_deref(), Some("float" | "currency"))
        && attr(e, "office:value").is_some()
        && attr(e, "table:style-name").as_deref().or(default).is_some_and(|s| styles.is_scaled(s))
}

/// The text an .ods cell's format writes beside its number: a plain
/// number or a currency whose style (its own, else its row's or column's
/// default) has a `number:text` or a `number:currency-symbol`.
fn ods_unit<'s>(
    e: &BytesStart,
    styles: &'s OdsStyles,
    default: Option<&str>,
) -> Option<&'s super::table::SharedUnit> {
    if !matches!(attr(e, "office:value-type").as_deref(), Some("float" | "currency"))
        || attr(e, "office:value").is_none()
    {
        return None;
    }
    let value: f64 = attr(e, "office:value")?.trim().parse().ok()?;
    styles.unit(attr(e, "table:style-name").as_deref().or(default)?, value)
}

/// Whether `value` meets an .ods map's condition (`value()>=0`); false
/// for one not of that form.
fn meets(condition: &str, value: f64) -> bool {
    let Some(rest) = condition.trim().strip_prefix("value()") else {
        return false;
    };
    let rest = rest.trim();
    let Some((op, number)) = ["<=", ">=", "<>", "!=", "<", ">", "="]
        .iter()
        .find_map(|op| rest.strip_prefix(op).map(|n| (*op, n)))
    else {
        return false;
    };
    let Ok(n) = number.trim().parse::<f64>() else {
        return false;
    };
    match op {
        "<=" => value <= n,
        ">=" => value >= n,
        "<>" | "!=" => (value - n).abs() > f64::EPSILON,
        "<" => value < n,
        ">" => value > n,
        _ => (value - n).abs() <= f64::EPSILON,
    }
}

/// An .ods cell holding a formula without a value, as it is read. A
/// formula whose result is an empty text is written so by LibreOffice,
/// without a value type, showing an empty paragraph (`<text:p/>`); one
/// with no paragraph, or showing a text, has no result stored (a program
/// that does not compute formulas wrote it). A text result (`string`) is
/// what its paragraphs show: one with none has no result stored. A value
/// type without its value (`float` without `office:value`, `void`) has
/// none either: calamine reads such a cell as empty. A note on the cell
/// (`office:annotation`) is not what it shows.
#[derive(Debug, Default)]
struct OdsFormula {
    /// LibreOffice was set not to calculate automatically: every
    /// formula's result may be stale.
    manual: bool,
    /// The cell, the cells it stands for, and what it shows so far.
    pending: Option<((u32, u32), u64)>,
    /// Its result is the text it shows (`office:value-type="string"`).
    text_result: bool,
    paragraph: bool,
    in_paragraph: bool,
    shows_text: bool,
    in_note: bool,
}

impl OdsFormula {
    /// A cell element at `at`, standing for `n` cells: an unsettled one
    /// at once when the element is empty.
    fn cell(
        &mut self,
        e: &BytesStart,
        empty: bool,
        at: (u32, u32),
        n: u64,
    ) -> Option<((u32, u32), u64)> {
        self.pending = None;
        e.attributes().flatten().find(|a| a.key.as_ref() == "table:formula")?;
        if self.manual {
            return Some((at, n));
        }
        // The values calamine reads, whatever the value type says.
        let valued = [
            "office:value",
            "office:string-value",
            "office:date-value",
            "office:time-value",
            "office:boolean-value",
        ];
        if valued.iter().any(|k| attr(e, k).is_some()) {
            return None;
        }
        let text_result = match attr(e, "office:value-type").as_deref() {
            None => false,
            Some("string") => true,
            Some(_) => return Some((at, n)),
        };
        if empty {
            return Some((at, n));
        }
        *self = OdsFormula {
            pending: Some((at, n)),
            text_result,
            manual: self.manual,
            ..OdsFormula::default()
        };
        None
    }

    fn open(&mut self, name: &str, empty: bool) {
        match name {
            "office:annotation" => self.in_note = !empty,
            _ if self.in_note || self.pending.is_none() => {}
            _ => (self.paragraph, self.in_paragraph) = (true, !empty),
        }
    }

    fn text(&mut self) {
        self.shows_text |= self.in_paragraph && !self.in_note;
    }

    /// An element's end: the cell's, unsettled unless it shows an empty
    /// paragraph.
    fn close(&mut self, name: &str) -> Option<((u32, u32), u64)> {
        match name {
            "office:annotation" => self.in_note = false,
            "text:p" if !self.in_note => self.in_paragraph = false,
            "table:table-cell" | "table:covered-table-cell" => {
                let pending = self.pending.take()?;
                return (!self.paragraph || (self.shows_text && !self.text_result))
                    .then_some(pending);
            }
            _ => {}
        }
        None
    }
}

/// Whether LibreOffice was set not to calculate automatically when it
/// saved the .ods (データ → 計算 → 自動計算 off: `AutoCalculate` false in
/// its `settings.xml`): the formulas' results stored are those of the last
/// recalculation, stale wherever a value changed since, and LibreOffice
/// shows them so when it opens the file. The sheet's facts begun with it.
fn ods_manual(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(Facts, bool), String> {
    let mut facts = Facts::default();
    if zip.index_for_name("settings.xml").is_none() {
        return Ok((facts, false));
    }
    let (mut inside, mut manual) = (false, false);
    walk(zip, "settings.xml", |e, name| match e {
        Node::Open(e, empty) if name == "config:config-item" => {
            inside = !empty && attr(e, "config:name").as_deref() == Some("AutoCalculate");
        }
        Node::Text(Piece::Text, t) if inside => manual |= t.trim() == "false",
        Node::Close => inside = false,
        _ => {}
    })?;
    facts.formulas.manual = manual;
    Ok((facts, manual))
}

/// The styles of an .ods's `styles.xml`, if it has one, and whether they
/// were too many to keep.
fn ods_styles(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(OdsStyles, bool), String> {
    let (mut styles, mut too_many) = (OdsStyles::default(), false);
    if zip.index_for_name("styles.xml").is_some() {
        walk(zip, "styles.xml", |e, name| {
            too_many |= !match e {
                Node::Open(e, _) => styles.element(e, name),
                other => styles.other(other, name),
            };
        })?;
    }
    Ok((styles, too_many))
}

/// The elements of the automatic styles in an .ods's `content.xml` that
/// [`OdsStyles::element`] takes in.
const STYLE_ELEMENTS: [&str; 10] = [
    "number:percentage-style",
    "style:map",
    "style:style",
    "number:number-style",
    "number:currency-style",
    "number:number",
    "number:scientific-number",
    "number:fraction",
    "number:text",
    "number:currency-symbol",
];

/// The facts of the .ods sheet named `sheet` (`content.xml`), a table
/// started inside another ignored as calamine ignores it.
pub fn ods(bytes: &[u8], sheet: &str) -> Result<Facts, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let (mut facts, manual) = ods_manual(&mut zip)?;
    let (mut styles, mut too_many) = ods_styles(&mut zip)?;
    // Inside the sheet wanted, and how deep in tables (a table inside a
    // cell is skipped by calamine with the cell).
    let (mut inside, mut depth) = (false, 0u32);
    let (mut row, mut column) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    // The default cell style of the row, and of the columns from each first.
    let mut row_style: Option<String> = None;
    let mut column_styles: std::collections::BTreeMap<u32, Option<String>> =
        std::collections::BTreeMap::new();
    let mut formula = OdsFormula { manual, ..OdsFormula::default() };
    walk(&mut zip, "content.xml", |e, name| match e {
        Node::Open(e, _) if STYLE_ELEMENTS.contains(&name) => {
            too_many |= !styles.element(e, name);
        }
        Node::Open(e, empty) => match name {
            "table:table" if depth == 0 => {
                inside = attr(e, "table:name").as_deref() == Some(sheet) && !empty;
                depth = u32::from(!empty);
                (row, column) = (0, 0);
                column_styles.clear();
            }
            "table:table" => depth = depth.saturating_add(u32::from(!empty)),
            _ if !inside || depth > 1 => {}
            "office:annotation" | "text:p" => formula.open(name, empty),
            "table:table-column" => {
                let n = repeats(e, "table:number-columns-repeated", MAX_COLUMNS);
                if matches!(attr(e, "table:visibility").as_deref(), Some("collapse" | "filter")) {
                    facts.hidden_columns.set(column, column.saturating_add(n - 1), MAX_COLUMNS);
                }
                column_styles.insert(column, attr(e, "table:default-cell-style-name"));
                column = column.saturating_add(n).min(MAX_COLUMNS);
            }
            "table:table-row" => {
                row_repeat = repeats(e, "table:number-rows-repeated", MAX_ROWS);
                row_style = attr(e, "table:default-cell-style-name");
                column = 0;
                if matches!(attr(e, "table:visibility").as_deref(), Some("collapse" | "filter")) {
                    facts.hidden_rows.set(row, row.saturating_add(row_repeat - 1), MAX_ROWS);
                }
                if empty {
                    row = row.saturating_add(row_repeat).min(MAX_ROWS);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let n = repeats(e, "table:number-columns-repeated", MAX_COLUMNS);
                let spans = |k| attr(e, k).and_then(|v| v.parse::<u32>().ok()).unwrap_or(1);
                let (down, across) =
                    (spans("table:number-rows-spanned"), spans("table:number-columns-spanned"));
                if name == "table:table-cell" && (down > 1 || across > 1) {
                    too_many |= !facts.merge(Region {
                        top: row,
                        left: column,
                        bottom: row.saturating_add(down - 1),
                        right: column.saturating_add(across - 1),
                    });
                }
                if let Some(unsettled) =
                    formula.cell(e, empty, (row, column), u64::from(row_repeat) * u64::from(n))
                {
                    facts.formulas.note(unsettled.0, unsettled.1);
                }
                // Every cell the element stands for, as one region.
                let default = row_style.as_deref().or_else(|| {
                    column_styles.range(..=column).next_back().and_then(|(_, s)| s.as_deref())
                });
                let region = Region {
                    top: row,
                    left: column,
                    bottom: row.saturating_add(row_repeat - 1),
                    right: column.saturating_add(n - 1),
                };
                too_many |= !facts.shown(e, &styles, default, region);
                column = column.saturating_add(n).min(MAX_COLUMNS);
            }
            _ => {}
        },
        // A comment shows nothing.
        Node::Text(Piece::Other, _) => {}
        Node::Text(..) if styles.in_text => too_many |= !styles.other(e, name),
        Node::Text(..) => formula.text(),
        Node::Close if name.starts_with("number:") => too_many |= !styles.other(e, name),
        Node::Close if name == "table:table" && depth > 1 => depth -= 1,
        Node::Close if name == "table:table" => (inside, depth) = (false, 0),
        Node::Close if depth > 1 => {}
        Node::Close => {
            if let Some(unsettled) = formula.close(name) {
                facts.formulas.note(unsettled.0, unsettled.1);
            }
            if inside && name == "table:table-row" {
                row = row.saturating_add(row_repeat).min(MAX_ROWS);
            }
        }
    })?;
    if too_many {
        return Err(too_many_merges());
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formats_text_beside_the_number_is_its_unit() {
        let unit = |code: &str| {
            format_unit(code).map(|u| (u.before.clone(), u.after.clone(), u.unit.clone()))
        };
        let said = |before: &str, after: &str, unit: &str| {
            Some((before.to_string(), after.to_string(), unit.to_string()))
        };
        assert_eq!(unit(r#"#,##0"千円""#), said("", "千円", "千円"));
        assert_eq!(unit(r"#,##0\千\円"), said("", "千円", "千円"));
        assert_eq!(unit("[$千円]#,##0"), said("千円", "", "千円"));
        assert_eq!(unit(r"[$¥-411]#,##0;[RED]\-[$¥-411]#,##0"), said("¥", "", "¥"));
        assert_eq!(unit(r#"0" 人""#), said("", "人", "人"));
        assert_eq!(unit(r#""約"0"#), said("約", "", "約"));
        assert_eq!(unit(r#"0"%""#), said("", "%", "%"));
        // The section showing a positive number: the first, unless its
        // condition leaves positives out; a negative's or zero's text is not.
        assert_eq!(unit(r##"#,##0;"△"#,##0"##), None);
        assert_eq!(unit(r#"#,##0;-#,##0;"－""#), None);
        assert_eq!(unit(r##"[<0]"▲"#,##0;#,##0"##), None);
        assert_eq!(unit(r#"[=0]"－";#,##0"#), None);
        assert_eq!(unit(r#"[Red][<=0]"▲"0;0"人""#), said("", "人", "人"));
        assert_eq!(unit(r##"[<0]"▲"#,##0"##), None);
        assert_eq!(unit(r#"[>=0]0"千人";"▲"0"#), said("", "千人", "千人"));
        assert_eq!(unit(r#"[<100]0"千人";0"#), said("", "千人", "千人"));
        // General (G/標準) is a number's place like 0.
        assert_eq!(unit(r#"General"千人""#), said("", "千人", "千人"));
        assert_eq!(unit(r#"general" 人""#), said("", "人", "人"));
        assert_eq!(unit("Gen"), None);
        // A section without digits writes its text in the number's place.
        assert_eq!(unit(r#""－";0"人""#), None);
        // A long text is kept to its first 32 characters.
        let long = format_unit(&format!("0\"{}\"", "人".repeat(40))).expect("a unit");
        assert_eq!(long.after, format!("{}…", "人".repeat(32)));
        // No text, or only spaces and punctuation: no unit.
        for code in
            ["General", "#,##0", "0.0", "#,##0_);(#,##0)", "#,##0 ", "[$-411]#,##0", "0.00E+00"]
        {
            assert_eq!(unit(code), None, "{code}");
        }
        // Dates, times and text are not numbers shown with a unit.
        for code in ["yyyy/m/d", r#"ggge"年"m"月"d"日""#, "[h]:mm", "@", r#"@"様""#] {
            assert_eq!(unit(code), None, "{code}");
        }
    }

    #[test]
    fn cell_references_read_as_spreadsheets_number_them() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("B12"), Some((11, 1)));
        assert_eq!(cell_ref("AA3"), Some((2, 26)));
        assert_eq!(cell_ref("3"), None);
    }

    #[test]
    fn marks_hold_ranges_across_words_and_stop_at_the_limit() {
        let mut m = Marks::default();
        m.set(3, 3, 100);
        m.set(60, 130, 100);
        m.set(90, 20, 100);
        assert!(m.has(3) && !m.has(2) && !m.has(4));
        assert!((60..100).all(|n| m.has(n)), "the range, cut at the limit");
        assert!(!m.has(59) && !m.has(100) && !m.has(130) && !m.has(u32::MAX));
        let mut all = Marks::default();
        all.set(0, u32::MAX, MAX_ROWS);
        assert!(all.has(0) && all.has(MAX_ROWS - 1) && !all.has(MAX_ROWS));
    }

    /// The parts `xlsx` reads, with `cells` as the sheet's one row.
    fn workbook(cells: &str) -> Vec<u8> {
        workbook_styled(
            r#"<styleSheet><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="9"/></cellXfs></styleSheet>"#,
            cells,
        )
    }

    /// The same with `styles` as its styles part.
    fn workbook_styled(styles: &str, cells: &str) -> Vec<u8> {
        use std::io::Write as _;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let parts = [
            ("_rels/.rels", r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
            ("xl/workbook.xml", r#"<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>"#.to_string()),
            ("xl/_rels/workbook.xml.rels", r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
            ("xl/styles.xml", styles.to_string()),
            ("xl/worksheets/sheet1.xml", format!(r#"<worksheet><sheetData><row r="1">{cells}</row></sheetData></worksheet>"#)),
        ];
        for (name, text) in parts {
            zip.start_file(name, zip::write::SimpleFileOptions::default()).expect("part");
            zip.write_all(text.as_bytes()).expect("write");
        }
        zip.finish().expect("zip").into_inner()
    }

    /// A percentage is kept only for a cell with a value (a sheet may
    /// style a million empty cells); an .ods's come as regions.
    #[test]
    fn percentages_are_kept_only_for_cells_with_values() {
        let bytes = workbook(
            r#"<c r="A1" s="1"><v>0.5</v></c><c r="B1" s="1"/><c r="C1" s="1"></c><c r="D1" s="0"><v>1</v></c><c r="E1" s="1" t="n"><v>0.25</v></c>"#,
        );
        let facts = xlsx(&bytes, "S").expect("facts");
        let mut percent: Vec<_> = facts.percent.into_iter().collect();
        percent.sort_unstable();
        assert_eq!(percent, [(0, 0), (0, 4)]);
        let ods_fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/actuals/percent.ods");
        let bytes = std::fs::read(ods_fixture).expect("fixture");
        let facts = ods(&bytes, "実績").expect("facts");
        assert!(facts.percent.is_empty(), "an .ods gives regions");
        assert!(!facts.percent_regions.is_empty(), "the fixture's percentages");
        // The same cells typed as plain numbers, their percentage styles
        // kept: LibreOffice shows them as percentages, and so they are.
        let typed = rewritten(&bytes, "content.xml", |t| {
            t.replace(r#"office:value-type="percentage""#, r#"office:value-type="float""#)
        });
        let by_style = ods(&typed, "実績").expect("facts");
        assert_eq!(by_style.percent_regions, facts.percent_regions);
    }

    /// `bytes` (a zip) with its part `name` changed by `change`.
    fn rewritten(bytes: &[u8], name: &str, change: impl Fn(&str) -> String) -> Vec<u8> {
        use std::io::{Read as _, Write as _};
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("entry");
            let entry_name = entry.name().expect("name").to_string();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("read");
            if entry_name == name {
                data = change(std::str::from_utf8(&data).expect("XML")).into_bytes();
            }
            out.start_file(entry_name, zip::write::SimpleFileOptions::default()).expect("start");
            out.write_all(&data).expect("write");
        }
        out.finish().expect("zip").into_inner()
    }

    /// The cell formats that show a percentage as a spreadsheet shows it:
    /// a format's own number format, else its cell style's; a file's own
    /// format 9 or 10 over the built-in one; not a conditional format's.
    #[test]
    fn percent_styles_are_read_as_a_spreadsheet_shows_them() {
        let styles = r#"<styleSheet><numFmts><numFmt numFmtId="9" formatCode="0.00"/><numFmt numFmtId="170" formatCode="0.0%"/></numFmts>
            <cellStyleXfs><xf numFmtId="0"/><xf numFmtId="10"/></cellStyleXfs>
            <cellXfs><xf numFmtId="9"/><xf xfId="1"/><xf numFmtId="170"/><xf numFmtId="171"/><xf xfId="0"/></cellXfs>
            <dxfs><dxf><numFmt numFmtId="171" formatCode="0%"/></dxf></dxfs></styleSheet>"#;
        let cells =
            (0..5).map(|s| format!(r#"<c s="{s}"><v>0.5</v></c>"#)).collect::<Vec<_>>().concat();
        let facts = xlsx(&workbook_styled(styles, &cells), "S").expect("facts");
        let mut percent: Vec<_> = facts.percent.into_iter().collect();
        percent.sort_unstable();
        assert_eq!(percent, [(0, 1), (0, 2)], "the style's 10, and 170");
    }

    /// A comma after the last digit placeholder divides by 1,000; one
    /// between placeholders separates thousands.
    #[test]
    fn formats_showing_thousands_are_told_from_separators() {
        for scaled in ["#,##0,", "#,##0,,", "0.0,", r#"#,##0,"千円""#, "[$-411]#,##0,;-#,##0,"] {
            assert!(is_scaled_format(scaled), "{scaled}");
        }
        for plain in ["#,##0", "#,##0.00", r#"#,##0"千,円""#, "0\\,", "General", "0;#,##0,"] {
            assert!(!is_scaled_format(plain), "{plain}");
        }
    }

    #[test]
    fn percent_formats_are_told_from_others() {
        assert!(!is_percent_format("0_%"), "a padding the width of %");
        assert!(!is_percent_format("0*%"), "a fill of %");
        assert!(is_percent_format("[Red]0%") && is_percent_format("[$-411]0.0%"));
        assert!(!is_percent_format("[%]0"));
        assert!(is_percent_format("0.0%"));
        assert!(is_percent_format("#,##0%"));
        assert!(!is_percent_format("0\"%\""));
        assert!(!is_percent_format("0\\%"));
        assert!(!is_percent_format("#,##0;[Red]-0%"));
        assert!(!is_percent_format("yyyy/m/d"));
    }

    /// Formula cells as programs write them: Excel and LibreOffice store
    /// each result (an empty text as `t="str"` with an empty `<v>`); a
    /// program that does not compute formulas stores none (Apache POI,
    /// openpyxl), or a placeholder in a workbook asking to be recalculated
    /// when opened (XlsxWriter's `<v>0</v>`).
    #[test]
    fn xlsx_formulas_without_results_are_found() {
        use crate::import::table::Unsettled;
        let cells = concat!(
            r#"<c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="str"><f>IF(1,"","")</f><v></v></c>"#,
            r#"<c r="C1"><f>2*3</f></c><c r="D1"><f>2*3</f><v></v></c><c r="E1"><f t="shared" si="0"/><v/></c>"#,
            r#"<c r="F1" t="str"><f>"x"</f></c><c r="G1"><v>5</v></c><c r="H1" t="s"><v>0</v></c>"#,
        );
        let bytes = workbook(cells);
        let facts = xlsx(&bytes, "S").expect("facts");
        assert_eq!(
            facts.formulas,
            Unsettled { count: 4, first: Some((0, 2)), recalculated: false, manual: false }
        );
        let asking = |value: &str| {
            let calc = format!(r#"<calcPr calcId="124519" fullCalcOnLoad="{value}"/></workbook>"#);
            rewritten(&bytes, "xl/workbook.xml", |t| t.replace("</workbook>", &calc))
        };
        let facts = xlsx(&asking("1"), "S").expect("facts");
        assert_eq!(
            facts.formulas,
            Unsettled { count: 6, first: Some((0, 0)), recalculated: true, manual: false }
        );
        for no in ["0", "false"] {
            let facts = xlsx(&asking(no), "S").expect("facts");
            assert_eq!(facts.formulas.count, 4, "fullCalcOnLoad={no}");
        }
    }

    /// `bytes` with one more part, `name`, holding `text`.
    fn with_part(bytes: &[u8], name: &str, text: &str) -> Vec<u8> {
        use std::io::Write as _;
        let mut out = zip::ZipWriter::new_append(Cursor::new(bytes.to_vec())).expect("zip");
        out.start_file(name, zip::write::SimpleFileOptions::default()).expect("start");
        out.write_all(text.as_bytes()).expect("write");
        out.finish().expect("zip").into_inner()
    }

    /// Apache POI (SXSSF) stores 0 for each formula it did not compute and
    /// names no calculation engine: Excel recalculates, LibreOffice shows
    /// 0. In a workbook the package says POI wrote, naming no engine, a
    /// formula's number 0 is a placeholder; its other results were
    /// computed (`evaluateAll`). A 0 in another program's workbook, or in
    /// one naming its engine, is read; so is a 0 that is no number (a
    /// shared string's index, FALSE). The engine 0 asks for every formula
    /// to be recalculated (POI's `setForceFormulaRecalculation`).
    #[test]
    fn xlsx_zeros_from_apache_poi_naming_no_engine_are_placeholders() {
        use crate::import::table::Unsettled;
        let cells = concat!(
            r#"<c r="A1"><f>B1*2</f><v>0.0</v></c><c r="B1" t="n"><f>1-1</f><v>0</v></c>"#,
            r#"<c r="C1"><f>2*3</f><v>6.0</v></c><c r="D1"><v>0</v></c>"#,
            r#"<c r="E1" t="s"><f>T("")</f><v>0</v></c><c r="F1" t="b"><f>1=2</f><v>0</v></c>"#,
        );
        let bytes = workbook(cells);
        let app =
            |name: &str| format!("<Properties><Application>{name}</Application></Properties>");
        let poi = with_part(&bytes, "docProps/app.xml", &app("Apache POI"));
        let placeholders =
            Unsettled { count: 2, first: Some((0, 0)), recalculated: true, manual: false };
        assert_eq!(xlsx(&poi, "S").expect("facts").formulas, placeholders);
        let read = Unsettled::default();
        for other in [bytes.clone(), with_part(&bytes, "docProps/app.xml", &app("LibreOffice"))] {
            assert_eq!(xlsx(&other, "S").expect("facts").formulas, read);
        }
        let engine = |bytes: &[u8], id: &str| {
            let calc = format!(r#"<calcPr calcId="{id}"/></workbook>"#);
            rewritten(bytes, "xl/workbook.xml", |t| t.replace("</workbook>", &calc))
        };
        assert_eq!(xlsx(&engine(&poi, "191029"), "S").expect("facts").formulas, read);
        let every = Unsettled { count: 5, first: Some((0, 0)), recalculated: true, manual: false };
        for bytes in [&bytes, &poi] {
            assert_eq!(xlsx(&engine(bytes, "0"), "S").expect("facts").formulas, every);
        }
    }

    /// calamine reads a cell's value from its last child element with
    /// content, an inline string's type skipping every `<v>`: a formula
    /// cell whose value is read from elsewhere than its result is not
    /// settled (Excel and LibreOffice show 6 where calamine read 9 or
    /// nothing).
    #[test]
    fn xlsx_formulas_read_from_elsewhere_than_their_results_are_found() {
        use crate::import::table::Unsettled;
        let cells = concat!(
            r#"<c r="A1" t="inlineStr"><f>2*3</f><v>6</v><is><t>9</t></is></c>"#,
            r#"<c r="B1"><f>2*3</f><v>6</v><is><t>9</t></is></c>"#,
            r#"<c r="C1"><v>6</v><f>2*3</f></c>"#,
            r#"<c r="D1"><f>2*3</f><v>6</v><v/></c><c r="E1"><f>2*3</f><v/><v>6</v></c>"#,
            r#"<c r="F1"><f t="shared" si="0"/><v>6</v></c>"#,
        );
        let facts = xlsx(&workbook(cells), "S").expect("facts");
        assert_eq!(
            facts.formulas,
            Unsettled { count: 3, first: Some((0, 0)), recalculated: false, manual: false }
        );
    }

    /// calamine reads a number's `<v>` (and a shared string's, a truth
    /// value's, an error's) up to its first reference, CDATA section or
    /// comment, and no CDATA section of any other: such a value, formula
    /// or not, is refused with its cell (LibreOffice shows 50 where
    /// calamine read 5). References in a text are read whole.
    #[test]
    fn xlsx_values_written_in_pieces_are_refused() {
        for v in [
            "5&#48;",
            "&#53;",
            "5<![CDATA[0]]>",
            "5<!-- -->0",
            "5<?x?>0",
            "<![CDATA[50]]>",
            "5<x/>0",
        ] {
            let bytes = workbook(&format!(r#"<c r="A1"><v>1</v></c><c r="B1"><v>{v}</v></c>"#));
            let why = xlsx(&bytes, "S").map(|_| ()).expect_err(v);
            assert!(why.contains("B1"), "{v}: {why}");
        }
        let bytes = workbook(r#"<c r="A1" t="str"><f>"x"</f><v>1<![CDATA[6]]></v></c>"#);
        assert!(xlsx(&bytes, "S").is_err());
        let bytes = workbook(concat!(
            r#"<c r="A1" t="str"><f>"a&amp;b"</f><v>a&amp;b&#49;</v></c>"#,
            "<c r=\"B1\">\n  <f>2*3</f>\n  <v>6</v>\n</c>",
        ));
        assert_eq!(xlsx(&bytes, "S").expect("facts").formulas.count, 0);
    }

    /// LibreOffice writes a formula showing an empty text without a value
    /// type, showing an empty paragraph; odfpy writes one with no result.
    #[test]
    fn ods_formulas_without_results_are_found() {
        let fixture = |name: &str| {
            let path = format!("{}/tests/data/formulas/{name}", env!("CARGO_MANIFEST_DIR"));
            std::fs::read(path).expect("fixture")
        };
        let blanks = fixture("lo-blanks.ods");
        assert_eq!(ods(&blanks, "実績").expect("facts").formulas.count, 0);
        let odfpy = ods(&fixture("odfpy.ods"), "実績").expect("facts").formulas;
        assert_eq!((odfpy.count, odfpy.first), (2, Some((2, 3))));
        // A note on an empty formula cell is not what it shows; a text
        // shown without a value type is no result.
        let noted = rewritten(&blanks, "content.xml", |t| {
            t.replacen(
                "<text:p/>",
                "<office:annotation><text:p>確認中</text:p></office:annotation><text:p/>",
                1,
            )
        });
        assert_eq!(ods(&noted, "実績").expect("facts").formulas.count, 0);
        let shown =
            rewritten(&blanks, "content.xml", |t| t.replacen("<text:p/>", "<text:p>0</text:p>", 1));
        let shown = ods(&shown, "実績").expect("facts").formulas;
        assert_eq!((shown.count, shown.first), (1, Some((4, 0))));
        // A value type without its value is read as empty by calamine; a
        // text result is what it shows, none when it shows no paragraph.
        let computed = r#"<table:table-cell table:formula="of:=2*3" office:value-type="float" office:value="6" calcext:value-type="float"><text:p>6</text:p></table:table-cell>"#;
        for (cell, count) in [
            (
                r#"<table:table-cell table:formula="of:=2*3" office:value-type="float"><text:p>6</text:p></table:table-cell>"#,
                1,
            ),
            (r#"<table:table-cell table:formula="of:=2*3" office:value-type="void"/>"#, 1),
            (
                r#"<table:table-cell table:formula="of:=2*3" office:value-type="date"><text:p>6</text:p></table:table-cell>"#,
                1,
            ),
            (r#"<table:table-cell table:formula="of:=2*3" office:value-type="string"/>"#, 1),
            (
                r#"<table:table-cell table:formula="of:=2*3" office:value-type="string"><text:p>6</text:p></table:table-cell>"#,
                0,
            ),
            (
                r#"<table:table-cell table:formula="of:=2*3" office:value-type="string" office:string-value="6"/>"#,
                0,
            ),
        ] {
            let changed = rewritten(&blanks, "content.xml", |t| t.replacen(computed, cell, 1));
            assert_eq!(ods(&changed, "実績").expect("facts").formulas.count, count, "{cell}");
        }
        // A table inside a cell, which calamine skips with the cell, ends
        // neither the sheet's table nor the reading of its formulas.
        let nested = rewritten(&blanks, "content.xml", |t| {
            t.replacen(
                "<table:table-cell table:number-columns-repeated=\"16380\"/>",
                "<table:table-cell><table:table table:name=\"in\"><table:table-row><table:table-cell table:formula=\"of:=1\"/></table:table-row></table:table></table:table-cell><table:table-cell table:number-columns-repeated=\"16379\"/>",
                1,
            )
            .replacen(computed, r#"<table:table-cell table:formula="of:=2*3"/>"#, 1)
        });
        let nested = ods(&nested, "実績").expect("facts").formulas;
        assert_eq!((nested.count, nested.first), (1, Some((2, 3))));
    }
}
