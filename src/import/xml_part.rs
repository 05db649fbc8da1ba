//! Reading one XML part of a spreadsheet file (a zip) as it is
//! decompressed, the way every count made before the spreadsheet library
//! opens a file reads it: never held whole (a sheet of a million rows is
//! half a gigabyte of XML), never read in part (a part larger than the file
//! ceiling is refused by name: a count of part of a sheet would let the
//! rest through), and as leniently as the library (end tags that do not
//! match their start tags stop neither).

use std::io::{self, BufRead, BufReader, Read};

use quick_xml::events::Event;

use crate::store::limits::{Limits, TEXT_VARIABLE};

/// How the reading of a part ended, when it was not refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// Read to its end.
    Whole,
    /// Not well-formed XML, with the reader's reason: the library will
    /// refuse it too, and say why.
    Damaged(String),
}

/// The decompressed part as the XML reader reads it: cut after the file
/// ceiling, and failing once one event (a text, a tag, a comment) runs
/// past `longest` bytes, which the reader would otherwise gather whole
/// (told when it asks for more: within the 8 KB it reads at a time).
struct Bounded<R> {
    inner: R,
    /// Bytes read so far, and where the event being read began.
    read: u64,
    event_start: u64,
    longest: u64,
}

impl<R: BufRead> Read for Bounded<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.fill_buf()?.len().min(out.len());
        out[..n].copy_from_slice(&self.inner.fill_buf()?[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Bounded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.read - self.event_start > self.longest {
            return Err(io::Error::other(LONG_EVENT));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.read += n as u64;
        self.inner.consume(n);
    }
}

/// The reason a [`Bounded`] part gives for an event too long.
const LONG_EVENT: &str = "one text or element is too long";

/// The message for a part with one text or element longer than the
/// longest text `limits` allow.
fn long_event_message(name: &str, limits: &Limits) -> String {
    let (kb, raise) = (limits.text_bytes / 1024, (limits.text_bytes / 1024).saturating_mul(2));
    crate::i18n::tr(
        format!(
            "ファイルの中の {name} に、{kb} KB を超える一つのテキストか要素があります。上限は {TEXT_VARIABLE}={raise} のように引き上げられます"
        ),
        format!(
            "its part {name} holds one text or element of more than {kb} KB; raise the limit with {TEXT_VARIABLE} (for example {TEXT_VARIABLE}={raise})"
        ),
    )
}

/// Reads the XML `part` (named `name` in messages) event by event up to
/// the file ceiling of `limits`, each event at most the longest text they
/// allow; `f` sees every event before the end and may stop the reading
/// with an error, which is returned.
pub fn events(
    part: impl Read,
    name: &str,
    limits: &Limits,
    mut f: impl FnMut(&Event<'_>) -> Result<(), String>,
) -> Result<Ended, String> {
    let bounded = Bounded {
        inner: BufReader::new(part.take(limits.file_bytes.saturating_add(1))),
        read: 0,
        event_start: 0,
        longest: u64::try_from(limits.text_bytes).unwrap_or(u64::MAX),
    };
    let mut reader = quick_xml::Reader::from_reader(bounded);
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf);
        // Cut at the ceiling: not damaged, too large.
        if reader.get_ref().inner.get_ref().limit() == 0 {
            return Err(limits.part_message(name));
        }
        match event {
            Ok(Event::Eof) => return Ok(Ended::Whole),
            Ok(event) => f(&event)?,
            Err(quick_xml::Error::Io(e)) if e.to_string() == LONG_EVENT => {
                return Err(long_event_message(name, limits));
            }
            Err(e) => return Ok(Ended::Damaged(e.to_string())),
        }
        buf.clear();
        let bounded = reader.get_mut();
        bounded.event_start = bounded.read;
    }
}

/// The value of the attribute `key` of `e`, as written (not unescaped).
#[must_use]
pub fn raw_attr<'a>(
    e: &'a quick_xml::events::BytesStart<'_>,
    key: &str,
) -> Option<std::borrow::Cow<'a, str>> {
    e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| a.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(xml: &str, limits: &Limits) -> (Vec<String>, Result<Ended, String>) {
        let mut seen = Vec::new();
        let ended = events(xml.as_bytes(), "part.xml", limits, |e| {
            if let Event::Start(s) | Event::Empty(s) = e {
                seen.push(s.name().as_ref().to_string());
            }
            Ok(())
        });
        (seen, ended)
    }

    #[test]
    fn a_part_is_read_to_its_end_with_mismatched_end_tags() {
        let (seen, ended) = names("<a><b></c><d/></a>", &Limits::default());
        assert_eq!(seen, ["a", "b", "d"]);
        assert_eq!(ended, Ok(Ended::Whole));
    }

    /// One event longer than the longest text (and the reader's buffer of
    /// 8 KB) is refused by name before it is gathered; a shorter one is read.
    #[test]
    fn one_text_longer_than_the_longest_text_is_refused() {
        let limits = Limits { text_bytes: 1024, ..Limits::default() };
        let text = |n: usize| format!("<a><b>{}</b><!--{}--></a>", "x".repeat(n), "y".repeat(10));
        let (seen, ended) = names(&text(1000), &limits);
        assert_eq!((seen.len(), ended), (2, Ok(Ended::Whole)));
        let (_, ended) = names(&text(50_000), &limits);
        let e = ended.expect_err("a long text");
        assert!(e.contains("part.xml") && e.contains("KPI_COUNCIL_MAX_TEXT_KB=2"), "{e}");
        let comment = format!("<a><!--{}--></a>", "y".repeat(50_000));
        assert!(names(&comment, &limits).1.is_err(), "a long comment");
        // Many short events make a long part.
        let many = format!("<a>{}</a>", "<b>x</b>".repeat(5000));
        assert_eq!(names(&many, &limits).1, Ok(Ended::Whole));
    }

    #[test]
    fn damaged_xml_is_said_so_and_a_part_over_the_ceiling_refused() {
        let (_, ended) = names("<a><b", &Limits::default());
        assert!(matches!(ended, Ok(Ended::Damaged(_))), "{ended:?}");
        let small = Limits { file_bytes: 10, ..Limits::default() };
        let (_, ended) = names("<a><b/><b/><b/><b/></a>", &small);
        let e = ended.expect_err("over the ceiling");
        assert!(e.contains("part.xml"), "{e}");
        assert!(matches!(names("<a/>", &small).1, Ok(Ended::Whole)));
    }
}
