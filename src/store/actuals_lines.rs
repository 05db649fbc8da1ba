//! An actuals file as the program writes it (`sample`, `import`: one
//! company, one contribution a line), read line by line on all the cores
//! (see `record_lines`): the 16 MB of 100,000 records took the RON reader
//! half a second, a million records five, at every first start after the
//! file changed. A contribution's line is read by hand when it has the form
//! the program writes (a whole number, strings without an escape), else by
//! the RON reader alone; a company's line by the RON reader. Any other file
//! is `None`: the caller reads it whole with the RON reader, as before.

use std::cell::RefCell;

use chrono::NaiveDate;

use super::record_lines::{self, Cursor};
use super::ron_file::{self, Origin};
use crate::domain::actuals::{Actuals, Contribution};
use crate::domain::company::Company;
use crate::domain::fiscal::FiscalYear;
use crate::domain::quantity::Quantity;
use crate::domain::shared_str::{Interner, SharedStr};

/// The actuals, read line by line; `None` for a file not exactly as the
/// program writes it, or a line that does not read.
#[must_use]
pub fn read(origin: &Origin, text: &str) -> Option<Actuals> {
    read_from(origin, &mut text.as_bytes(), text.len(), BLOCK_BYTES).ok().flatten()
}

/// The lines of a list handed to the cores at a time.
const BLOCK_BYTES: usize = 4 << 20;

/// [`read`] of a file given by `input`, `len` bytes long, read a block of
/// lines at a time (`record_lines::split_streaming`): the file is never
/// held whole (163 MB at a million records, beside the records made from
/// it). `Ok(None)` as for `read`.
pub fn read_from(
    origin: &Origin,
    input: &mut dyn std::io::BufRead,
    len: usize,
    block_bytes: usize,
) -> std::io::Result<Option<Actuals>> {
    // A byte-order mark is left out, as the whole read leaves it out.
    if input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        input.consume(3);
    }
    let mut companies: Vec<Company> = Vec::new();
    // Room for as many records as the file could hold (a line is longer
    // than this), made once, as for a session's remarks: what is never
    // written is never touched, and what is left over is given back.
    let mut contributions: Vec<Contribution> = Vec::new();
    if contributions.try_reserve(len / 128).is_err() {
        return Ok(None);
    }
    let readers = record_lines::Readers::new();
    let rest = record_lines::split_streaming(
        input,
        &["companies", "contributions"],
        block_bytes,
        &head_as_written,
        &mut |list, lines| {
            if list == 0 {
                companies.append(&mut record_lines::read(lines, record_lines::by_ron)?);
                Some(())
            } else {
                readers.extend(&mut contributions, lines, || contribution_line, blank)
            }
        },
    );
    // The texts this thread kept, if it read lines itself (the pool's
    // threads end with it).
    drop(readers);
    TEXTS.with_borrow_mut(std::mem::take);
    let Some(rest) = rest? else { return Ok(None) };
    let Ok(mut actuals) = ron_file::parse::<Actuals>(origin, &rest) else { return Ok(None) };
    if ron_file::records_text(&actuals).ok().as_deref() != Some(rest.as_str())
        || !actuals.companies.is_empty()
        || !actuals.contributions.is_empty()
    {
        return Ok(None);
    }
    contributions.shrink_to_fit();
    actuals.companies = companies;
    actuals.contributions = contributions;
    Ok(Some(actuals))
}

/// Whether `head`, the text before the list of companies, is laid out as
/// the program writes it (no comment, no other spacing or order): else the
/// file is read whole by the RON reader, and reading its lines first would
/// only be undone at the end. A head that does not read alone is left to
/// the check at the end.
fn head_as_written(head: &str) -> bool {
    let alone = format!("{head}    companies: [],\n    contributions: [],\n)\n");
    let origin = Origin::Embedded("the head of an actuals file");
    let Ok(actuals) = ron_file::parse::<Actuals>(&origin, &alone) else { return true };
    ron_file::records_text(&actuals)
        .is_ok_and(|text| text.starts_with(&format!("{head}    companies: [")))
}

thread_local! {
    /// Each core keeps one copy of each KPI id, company id and note over
    /// all the blocks: a million records hold a few thousand texts, not
    /// three million.
    static TEXTS: RefCell<Interner> = RefCell::default();
}

/// One contribution's line: by hand, or for a line that one leaves, by
/// the RON reader alone; its texts shared with this core's.
fn contribution_line(line: &str) -> Option<Contribution> {
    TEXTS.with_borrow_mut(|texts| {
        contribution(line, texts).or_else(|| {
            let mut c: Contribution = record_lines::by_ron(line)?;
            for text in [&mut c.kpi, &mut c.company, &mut c.note] {
                *text = texts.take(std::mem::take(text));
            }
            Some(c)
        })
    })
}

/// What a line that did not read leaves in its place (the whole read is
/// then refused).
fn blank() -> Contribution {
    Contribution {
        kpi: SharedStr::default(),
        fiscal_year: FiscalYear(0),
        company: SharedStr::default(),
        value: Quantity::ZERO,
        date: None,
        note: SharedStr::default(),
    }
}

/// `(kpi: "…", fiscal_year: 2016, company: "…", value: 7, date:
/// Some("2016-10-22"), note: "…")` as the program writes it; `None` for
/// any other form.
fn contribution(line: &str, texts: &mut Interner) -> Option<Contribution> {
    let mut c = Cursor::new(line);
    c.eat("(kpi: ")?;
    let kpi = c.string()?;
    c.eat(", fiscal_year: ")?;
    let fiscal_year = FiscalYear(i32::try_from(c.integer()?).ok()?);
    c.eat(", company: ")?;
    let company = c.string()?;
    c.eat(", value: ")?;
    let value = Quantity::from_i128(i128::from(c.integer()?)).ok()?;
    c.eat(", date: ")?;
    let date = if c.eat("None").is_some() {
        None
    } else {
        let written = c.some_string()?;
        let date = NaiveDate::parse_from_str(written, "%Y-%m-%d").ok()?;
        // Only the form the program writes.
        (date.to_string() == written).then_some(date)?;
        Some(date)
    };
    c.eat(", note: ")?;
    let note = c.string()?;
    c.eat(")")?;
    c.is_done().then(|| Contribution {
        kpi: texts.get(kpi),
        fiscal_year,
        company: texts.get(company),
        value,
        date,
        note: texts.get(note),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shared_str::SharedStr;
    use proptest::prelude::*;

    fn origin() -> Origin {
        Origin::Embedded("actuals")
    }

    fn sample() -> Actuals {
        let size = crate::sample::Size { records: 3_000, ..crate::sample::MEDIUM };
        crate::sample::actuals(&crate::sample::plan(size), size)
    }

    #[test]
    fn a_file_as_written_is_read_line_by_line_as_ron_reads_it_whole() {
        let mut actuals = sample();
        // Forms left to the RON reader: a fraction, an escape, no date.
        actuals.contributions[1].value = Quantity::from_milli(1_500);
        actuals.contributions[2].note = "改行\nと\"引用\"".into();
        actuals.contributions[3].date = None;
        actuals.contributions[4].value = Quantity::from_milli(-7_000);
        actuals.companies[0].reading = "かぶしきがいしゃ".into();
        let text = ron_file::records_text(&actuals).expect("written");
        let by_lines = read(&origin(), &text).expect("read line by line");
        let by_ron: Actuals = ron_file::parse(&origin(), &text).expect("RON");
        assert_eq!(by_lines, by_ron);
        assert_eq!(by_lines, actuals);
        // With a byte-order mark (a file saved by some editors): the same.
        assert_eq!(read(&origin(), &format!("\u{feff}{text}")).as_ref(), Some(&by_lines));
    }

    /// Equal texts read on one core are one text (two cores: two at most),
    /// those the RON reader read for a line too.
    #[test]
    fn the_texts_of_the_records_are_shared_as_they_are_read() {
        let mut actuals = sample();
        actuals.contributions[2].note = "改行\nと".into();
        actuals.contributions[3].note = "改行\nと".into();
        let text = ron_file::records_text(&actuals).expect("written");
        let read = read(&origin(), &text).expect("read line by line");
        let distinct = |texts: &mut dyn Iterator<Item = &SharedStr>| {
            let mut seen: Vec<&SharedStr> = Vec::new();
            for t in texts {
                if !seen.iter().any(|s| s.is_shared_with(t)) {
                    seen.push(t);
                }
            }
            seen.len()
        };
        let equal = |f: fn(&Contribution) -> &SharedStr| {
            let mut texts: Vec<&str> = read.contributions.iter().map(|c| f(c).as_str()).collect();
            texts.sort_unstable();
            texts.dedup();
            texts.len()
        };
        for (name, f) in [
            ("kpi", (|c: &Contribution| &c.kpi) as fn(&Contribution) -> &SharedStr),
            ("company", |c: &Contribution| &c.company),
            ("note", |c: &Contribution| &c.note),
        ] {
            let held = distinct(&mut read.contributions.iter().map(f));
            assert!(held <= 2 * equal(f), "{name}: {held} texts held for {} distinct", equal(f));
        }
        assert!(read.contributions[2].note.is_shared_with(&read.contributions[3].note));
    }

    #[test]
    fn anything_but_the_files_own_layout_is_left_to_ron() {
        let actuals = sample();
        let text = ron_file::records_text(&actuals).expect("written");
        // Laid out by hand: a space more in the part around the lists.
        let edited = text.replacen("version: ", "version:  ", 1);
        assert_eq!(read(&origin(), &edited), None);
        // A list inside a string (a raw string may hold new lines).
        let (from, to) = (
            text.find("\n    contributions: [\n").expect("list"),
            text.find("\n    ],\n    stated").expect("end"),
        );
        let block = &text[from..to + "\n    ],\n".len()];
        let forged = text.replacen(block, "\n    contributions: [],\n", 1).replacen(
            "\n    stated_totals: [",
            &format!("\n    stated_totals: [(kpi: r#\"{block}\"#, fiscal_year: 2016, value: 1, source: \"x\")"),
            1,
        );
        assert_eq!(read(&origin(), &forged), None);
        // A line that does not read: left to the RON reader, with its error.
        let broken = text.replacen(", company: ", ", firm: ", 1);
        assert_eq!(read(&origin(), &broken), None);
        assert!(ron_file::parse::<Actuals>(&origin(), &broken).is_err());
    }

    /// A file laid out by hand above its lists (a comment, a space more)
    /// is given up when its first list opens, not after its last line: the
    /// RON reader then reads it once more, whole.
    #[test]
    fn a_head_laid_out_by_hand_is_given_up_at_the_first_list() {
        struct Counted<'a>(&'a [u8], usize);
        impl std::io::Read for Counted<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.read(buf)?;
                self.1 += n;
                Ok(n)
            }
        }
        let text = ron_file::records_text(&sample()).expect("written");
        for edited in [
            format!("// 手で書いた実績\n{text}"),
            text.replacen("version: ", "version:  ", 1),
            text.replacen("(\n", "(\n    // 速報値を含む\n", 1),
        ] {
            let mut counted = Counted(edited.as_bytes(), 0);
            let mut input = std::io::BufReader::with_capacity(4096, &mut counted);
            let read = read_from(&origin(), &mut input, edited.len(), BLOCK_BYTES).expect("read");
            assert_eq!(read, None, "left to the RON reader");
            drop(input);
            assert!(counted.1 <= 8192, "read {} of {} bytes", counted.1, edited.len());
            assert!(ron_file::parse::<Actuals>(&origin(), &edited).is_ok(), "RON reads it");
        }
        // As written, it is read line by line to its end.
        let mut counted = Counted(text.as_bytes(), 0);
        let mut input = std::io::BufReader::with_capacity(4096, &mut counted);
        assert!(read_from(&origin(), &mut input, text.len(), BLOCK_BYTES).expect("read").is_some());
        drop(input);
        assert_eq!(counted.1, text.len());
    }

    proptest! {
        #[test]
        fn a_contribution_is_read_as_ron_reads_it(
            kpi in "[ぁ-ん一-龥a-z]{0,8}|.{0,8}",
            company in "[a-z0-9]{1,8}|.{0,8}",
            note in "[ぁ-ん一-龥、。]{0,12}|.{0,12}",
            year in -3000i32..3000,
            milli in -1_000_000_000_000i64..1_000_000_000_000,
            whole in any::<bool>(),
            day in proptest::option::of(-100_000i32..3_000_000),
        ) {
            let value = Quantity::from_milli(if whole { milli / 1000 * 1000 } else { milli });
            let c = Contribution {
                kpi: kpi.as_str().into(),
                fiscal_year: FiscalYear(year),
                company: company.as_str().into(),
                value,
                date: day.and_then(NaiveDate::from_num_days_from_ce_opt),
                note: note.as_str().into(),
            };
            let actuals = Actuals {
                version: crate::domain::actuals::ACTUALS_VERSION,
                sample: false,
                companies: Vec::new(),
                contributions: vec![c.clone()],
                stated_totals: Vec::new(),
            };
            let text = ron_file::records_text(&actuals).expect("written");
            let (_, lists) = record_lines::split(&text, &["companies", "contributions"]);
            let line = lists[1].as_ref().expect("a line")[0];
            let by_ron: Contribution = record_lines::by_ron(line).expect("RON reads it");
            prop_assert_eq!(&by_ron, &c);
            let by_hand = contribution(line, &mut Interner::default());
            // By hand exactly when the value is whole (as drawn, or by
            // chance) and no string needs an escape.
            let is_whole = value.milli() % 1000 == 0;
            prop_assert_eq!(by_hand.is_some(), is_whole && !line.contains('\\'));
            if let Some(by_hand) = by_hand {
                prop_assert_eq!(by_hand, by_ron);
            }
        }
    }
}
