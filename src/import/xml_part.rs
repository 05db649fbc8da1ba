//! Reading one XML part of a spreadsheet file (a zip) as it is
//! decompressed, the way every count made before the spreadsheet library
//! opens a file reads it: never held whole (a sheet of a million rows is
//! half a gigabyte of XML), never read in part (a part larger than the file
//! ceiling is refused by name: a count of part of a sheet would let the
//! rest through), and as leniently as the library (end tags that do not
//! match their start tags stop neither).

use std::io::{BufReader, Read};

use quick_xml::events::Event;

use crate::store::limits::Limits;

/// How the reading of a part ended, when it was not refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// Read to its end.
    Whole,
    /// Not well-formed XML, with the reader's reason: the library will
    /// refuse it too, and say why.
    Damaged(String),
}

/// Reads the XML `part` (named `name` in messages) event by event up to
/// the file ceiling of `limits`; `f` sees every event before the end and
/// may stop the reading with an error, which is returned.
pub fn events(
    part: impl Read,
    name: &str,
    limits: &Limits,
    mut f: impl FnMut(&Event<'_>) -> Result<(), String>,
) -> Result<Ended, String> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(
        part.take(limits.file_bytes.saturating_add(1)),
    ));
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf);
        // Cut at the ceiling: not damaged, too large.
        if reader.get_ref().get_ref().limit() == 0 {
            return Err(limits.part_message(name));
        }
        match event {
            Ok(Event::Eof) => return Ok(Ended::Whole),
            Ok(event) => f(&event)?,
            Err(e) => return Ok(Ended::Damaged(e.to_string())),
        }
        buf.clear();
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
