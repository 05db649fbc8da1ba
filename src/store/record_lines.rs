//! Large RON files as this program writes them, read line by line on all
//! the cores: the session's remarks, the actuals' companies and
//! contributions are lists at the first depth with one record a line.
//!
//! Why not the RON reader alone: it reads about 25 MB a second on one core
//! (a 100,000-remark session, the 16 MB actuals of 100,000 records), and a
//! whole file is one value to it. Here the file without those lists is
//! read by the RON reader and taken only when writing it again gives the
//! very same text: so a list found is the file's own (not words inside a
//! string), no RON extension changes how a line reads, and a file laid out
//! by hand goes the old way. Each line is then read on its own, by a
//! reader of the caller's (by hand, or the RON reader for that line). Any
//! other file, or a line that does not read, gives `None`: the caller reads
//! the whole file with the RON reader, as before, with its errors and their
//! positions.

/// Lists of fewer lines are read on one core (threads cost more).
const ON_ONE_CORE_BELOW: usize = 2_000;

/// `text` with each named list that is laid out one record a line emptied
/// (`name: [],`), and those lists' lines (without their indentation and
/// comma), by name in the order given. A list not in that layout (empty,
/// or written otherwise) stays in the text and has no lines. The names are
/// given in the order the file has them.
#[must_use]
pub fn split<'t>(text: &'t str, names: &[&str]) -> (String, Vec<Option<Vec<&'t str>>>) {
    const CLOSE: &str = "\n    ],\n";
    let mut rest = String::new();
    let mut from = 0;
    let mut found = Vec::with_capacity(names.len());
    for name in names {
        let open = format!("\n    {name}: [\n");
        let Some(start) = text[from..].find(&open).map(|at| from + at) else {
            found.push(None);
            continue;
        };
        let lines_from = start + open.len();
        let Some(lines_end) = text[lines_from..].find(CLOSE).map(|at| lines_from + at) else {
            found.push(None);
            continue;
        };
        let lines: Option<Vec<&str>> = text[lines_from..lines_end]
            .split('\n')
            .map(|line| line.strip_prefix("        ")?.strip_suffix(','))
            .collect();
        let Some(lines) = lines else {
            found.push(None);
            continue;
        };
        rest.push_str(&text[from..start]);
        rest.push_str(&format!("\n    {name}: [],"));
        // From the new line that ends the list: the next list's opening
        // begins with it.
        from = lines_end + CLOSE.len() - 1;
        found.push(Some(lines));
    }
    rest.push_str(&text[from..]);
    (rest, found)
}

/// More text outside the lists than a file this program writes has around
/// them (its head, a plan's sheet, a session's judgments): the lists were
/// not found where the program puts them.
pub const REST_MAX: usize = 16 << 20;

/// [`split`] of a file read from `input` a line at a time, never held
/// whole: each named list's lines (without their indentation and comma)
/// are handed to `lines` in order, a block of about `block_bytes` at a
/// time, with the list's place in `names`; the text without them is
/// returned, as `split` gives it. Only a file where every named list is
/// found, in order and laid out one record a line, is taken: anything
/// else, a line not UTF-8, or `lines` giving `None`, is `Ok(None)`, and
/// the caller reads the whole file as before (`split` would have left
/// such a list in the text, which the caller's check then refuses).
///
/// Given up as soon as it is clear (rather than at the end, which read a
/// file laid out by hand twice): when `head` finds the text before the
/// first list not as the caller writes it, or when the text outside the
/// lists grows past [`REST_MAX`] (no list found where the program puts it).
pub fn split_streaming(
    input: &mut dyn std::io::BufRead,
    names: &[&str],
    block_bytes: usize,
    head: &dyn Fn(&str) -> bool,
    lines: &mut dyn FnMut(usize, &[&str]) -> Option<()>,
) -> std::io::Result<Option<String>> {
    let mut rest = String::new();
    let mut raw = Vec::new();
    let mut block = String::new();
    let mut next = 0;
    // The list being read, and whether a line of it was seen.
    let mut inside: Option<bool> = None;
    let mut first_line = true;
    let mut hand_over = |block: &mut String, list: usize| {
        let taken: Vec<&str> = block.split_terminator('\n').collect();
        let read = lines(list, &taken);
        block.clear();
        read
    };
    loop {
        raw.clear();
        if input.read_until(b'\n', &mut raw)? == 0 {
            break;
        }
        let Ok(line) = std::str::from_utf8(&raw) else { return Ok(None) };
        match inside {
            None => {
                // `split` finds "\n    name: [\n": a whole line, not the first.
                let opens = !first_line
                    && next < names.len()
                    && line.strip_prefix("    ").and_then(|l| l.strip_prefix(names[next]))
                        == Some(": [\n");
                if opens {
                    if next == 0 && !head(&rest) {
                        return Ok(None);
                    }
                    inside = Some(false);
                } else {
                    rest.push_str(line);
                    if rest.len() > REST_MAX {
                        return Ok(None);
                    }
                }
            }
            Some(seen) => {
                if line == "    ],\n" {
                    // A list closed before any line of it: `split` reads it
                    // otherwise.
                    if !seen {
                        return Ok(None);
                    }
                    if !block.is_empty() && hand_over(&mut block, next).is_none() {
                        return Ok(None);
                    }
                    rest.push_str("    ");
                    rest.push_str(names[next]);
                    rest.push_str(": [],\n");
                    next += 1;
                    inside = None;
                } else {
                    let Some(record) = line
                        .strip_suffix('\n')
                        .and_then(|l| l.strip_prefix("        "))
                        .and_then(|l| l.strip_suffix(','))
                    else {
                        return Ok(None);
                    };
                    block.push_str(record);
                    block.push('\n');
                    inside = Some(true);
                    if block.len() >= block_bytes && hand_over(&mut block, next).is_none() {
                        return Ok(None);
                    }
                }
            }
        }
        first_line = false;
    }
    Ok((inside.is_none() && next == names.len()).then_some(rest))
}

/// Each line read by `read`, in order, on all the cores; `None` when one
/// does not read.
pub fn read<T: Send>(lines: &[&str], read: impl Fn(&str) -> Option<T> + Sync) -> Option<Vec<T>> {
    read_each(lines, || &read)
}

/// [`read`], each core's lines by a reader of its own (made by `reader`),
/// which may keep what it learns from line to line.
///
/// The cores write each record in its place in the one list (rayon's
/// indexed extend, in a pool of one thread a core, built for the read):
/// each core reading its share into a list of its own, the first then
/// grown and the others appended to it, held a second copy of all but the
/// first share at once (11 MB more at the start of a 100,000-remark
/// session opened from its text). Where no thread can be made, the same
/// on this one.
pub fn read_each<T: Send, R: FnMut(&str) -> Option<T>>(
    lines: &[&str],
    reader: impl Fn() -> R + Sync,
) -> Option<Vec<T>> {
    use rayon::iter::{
        IndexedParallelIterator, IntoParallelRefIterator, ParallelExtend, ParallelIterator,
    };
    let readers = if lines.len() < ON_ONE_CORE_BELOW { Readers::one() } else { Readers::new() };
    let Some(pool) = &readers.pool else {
        let mut read = reader();
        return lines.iter().map(|l| read(l)).collect();
    };
    let per_thread = readers.per_thread(lines.len());
    let mut all: Vec<Option<T>> = Vec::with_capacity(lines.len());
    pool.install(|| {
        all.par_extend(
            lines.par_iter().with_min_len(per_thread).map_init(&reader, |read, l| read(l)),
        );
    });
    // Taken apart in place: a record and a record that may be missing
    // are mostly the same size, and then no new list is made.
    all.into_iter().collect()
}

/// Readers of lines on all the cores (a pool of one thread a core, eight
/// at most), kept for the blocks of one file read a block at a time
/// ([`split_streaming`]), each block's records written straight into the
/// one list: a list of each block's, made and let go block after block,
/// left 5 MB of the allocator's in use at 100,000 remarks.
pub struct Readers {
    pool: Option<rayon::ThreadPool>,
    threads: usize,
}

impl Readers {
    /// The pool, or none on one core or where no thread can be made (the
    /// lines are then read on this thread).
    #[must_use]
    pub fn new() -> Self {
        let threads = std::thread::available_parallelism().map_or(1, usize::from).clamp(1, 8);
        let pool = (threads > 1)
            .then(|| rayon::ThreadPoolBuilder::new().num_threads(threads).build().ok())
            .flatten();
        Readers { pool, threads }
    }

    /// No pool: the lines read on this thread.
    fn one() -> Self {
        Readers { pool: None, threads: 1 }
    }

    /// One reader a core: the lines in as many pieces as threads (rayon
    /// halves a piece only while each half keeps this many: rounded up, an
    /// odd number of lines on two cores stayed one piece, on one core).
    fn per_thread(&self, lines: usize) -> usize {
        (lines / self.threads).max(1)
    }

    /// Appends to `into` each line read by a reader of each core's (made
    /// by `reader`), in order; `None` when one does not read (what was
    /// appended is then to be thrown away: a line that did not read left
    /// `blank()` in its place).
    pub fn extend<T: Send, R: FnMut(&str) -> Option<T>>(
        &self,
        into: &mut Vec<T>,
        lines: &[&str],
        reader: impl Fn() -> R + Sync,
        blank: impl Fn() -> T + Sync,
    ) -> Option<()> {
        use rayon::iter::{
            IndexedParallelIterator, IntoParallelRefIterator, ParallelExtend, ParallelIterator,
        };
        use std::sync::atomic::{AtomicBool, Ordering};
        let Some(pool) = self.pool.as_ref().filter(|_| lines.len() >= ON_ONE_CORE_BELOW) else {
            let mut read = reader();
            for line in lines {
                into.push(read(line)?);
            }
            return Some(());
        };
        let failed = AtomicBool::new(false);
        let per_thread = self.per_thread(lines.len());
        pool.install(|| {
            into.par_extend(lines.par_iter().with_min_len(per_thread).map_init(
                &reader,
                |read, l| {
                    read(l).unwrap_or_else(|| {
                        failed.store(true, Ordering::Relaxed);
                        blank()
                    })
                },
            ));
        });
        (!failed.load(Ordering::Relaxed)).then_some(())
    }
}

impl Default for Readers {
    fn default() -> Self {
        Self::new()
    }
}

/// A line read by the RON reader, with the limits of the whole file, in
/// its place in a list: a `//` comment that would eat the list's comma, or
/// an extension inside the list, is refused as the whole file's reading
/// refuses it (on its own, the line would read).
pub fn by_ron<T: serde::de::DeserializeOwned>(line: &str) -> Option<T> {
    let options = ron::Options::default().with_recursion_limit(super::ron_file::RECURSION_LIMIT);
    let mut one: Vec<T> = options.from_str(&format!("[{line},]")).ok()?;
    if one.len() == 1 { one.pop() } else { None }
}

/// What is left of a line to read by hand. It takes only the forms the
/// program writes, which the RON reader reads the same; anything else is
/// `None`, and the line goes to the RON reader.
pub struct Cursor<'a>(&'a str);

impl<'a> Cursor<'a> {
    #[must_use]
    pub fn new(line: &'a str) -> Self {
        Cursor(line)
    }

    pub fn eat(&mut self, expected: &str) -> Option<()> {
        self.0 = self.0.strip_prefix(expected)?;
        Some(())
    }

    /// A string in quotes without an escape: RON reads it as written.
    pub fn string(&mut self) -> Option<&'a str> {
        let rest = self.0.strip_prefix('"')?;
        let end = rest.find(['"', '\\'])?;
        if rest.as_bytes()[end] != b'"' {
            return None;
        }
        self.0 = &rest[end + 1..];
        Some(&rest[..end])
    }

    /// `Some("…")`: the string.
    pub fn some_string(&mut self) -> Option<&'a str> {
        self.eat("Some(")?;
        let s = self.string()?;
        self.eat(")")?;
        Some(s)
    }

    /// An integer as Rust writes it (a `-` or none, no leading zero, at
    /// most 18 digits: no overflow, no other sign or base).
    pub fn integer(&mut self) -> Option<i64> {
        let end = self.0.find(|c: char| c != '-' && !c.is_ascii_digit()).unwrap_or(self.0.len());
        let digits = &self.0[..end];
        if digits.len() > 18 {
            return None;
        }
        if !is_canonical_integer(digits) {
            return None;
        }
        let n: i64 = digits.parse().ok()?;
        self.0 = &self.0[end..];
        Some(n)
    }

    /// Whether the whole line was read.
    #[must_use]
    pub fn is_done(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whether `digits` is an integer as Rust writes it: a `-` or none, then
/// `0` alone or digits not starting with `0`, and never `-0` (the check of
/// every number of a large file, without writing each back).
fn is_canonical_integer(digits: &str) -> bool {
    let (minus, body) = match digits.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, digits),
    };
    !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_digit())
        && (!body.starts_with('0') || (body == "0" && !minus))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Canonical exactly when reading and writing back gives the same text.
    #[test]
    fn a_canonical_integer_is_one_that_writes_back_the_same() {
        let mut cases: Vec<String> = [
            "",
            "-",
            "0",
            "-0",
            "00",
            "01",
            "-01",
            "1",
            "-1",
            "10",
            "-10",
            "1-1",
            "--1",
            "+1",
            "123456789012345678",
            "-123456789012345678",
            "1 ",
            "١",
            "0x1",
        ]
        .map(String::from)
        .to_vec();
        for a in ["", "-", "0", "1", "9"] {
            for b in ["", "0", "1", "-"] {
                for c in ["", "0", "7"] {
                    cases.push(format!("{a}{b}{c}"));
                }
            }
        }
        for digits in cases {
            let writes_back = digits.parse::<i64>().is_ok_and(|n| n.to_string() == digits);
            assert_eq!(is_canonical_integer(&digits), writes_back, "{digits:?}");
        }
    }

    const TEXT: &str = "(\n    a: 1,\n    xs: [\n        (n: 1),\n        (n: 2),\n    ],\n    ys: [],\n    zs: [\n        \"z\",\n    ],\n    ws: [\n        1,\n    ],\n)\n";

    #[test]
    fn lists_one_record_a_line_are_taken_out_in_order() {
        let (rest, found) = split(TEXT, &["xs", "ys", "zs", "ws"]);
        assert_eq!(rest, "(\n    a: 1,\n    xs: [],\n    ys: [],\n    zs: [],\n    ws: [],\n)\n");
        assert_eq!(
            found,
            [Some(vec!["(n: 1)", "(n: 2)"]), None, Some(vec!["\"z\""]), Some(vec!["1"])]
        );
    }

    #[test]
    fn a_list_laid_out_otherwise_stays_in_the_text() {
        let text = TEXT.replace("        (n: 2),", "      (n: 2),");
        let (rest, found) = split(&text, &["xs", "zs"]);
        assert!(rest.contains("(n: 2)"), "{rest}");
        assert_eq!(found, [None, Some(vec!["\"z\""])]);
    }

    #[test]
    fn blocks_of_lines_are_appended_in_order_on_all_the_cores_or_refused() {
        let numbers: Vec<String> = (0..5_000).map(|n| n.to_string()).collect();
        let lines: Vec<&str> = numbers.iter().map(String::as_str).collect();
        let readers = Readers::new();
        let reader = || |l: &str| l.parse::<u32>().ok();
        let mut all = vec![7];
        for block in [&lines[..10], &lines[10..4_000], &lines[4_000..]] {
            readers.extend(&mut all, block, reader, || u32::MAX).expect("read");
        }
        assert_eq!(all[0], 7);
        assert_eq!(all[1..], (0..5_000).collect::<Vec<u32>>());
        let mut bad = lines.clone();
        bad[4_321] = "x";
        assert_eq!(readers.extend(&mut Vec::new(), &bad, reader, || u32::MAX), None);
        assert_eq!(readers.extend(&mut Vec::new(), &bad[4_000..4_500], reader, || 0), None);
    }

    /// As many readers as cores, whatever the number of lines (rounded up,
    /// an odd number of lines on two cores was read by one).
    #[test]
    fn each_core_gets_a_reader_of_its_own() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let numbers: Vec<String> = (0..10_001).map(|n| n.to_string()).collect();
        for n in [10_000, 10_001, 9_999, 2_001] {
            let lines: Vec<&str> = numbers[..n].iter().map(String::as_str).collect();
            let made = AtomicUsize::new(0);
            let reader = || {
                made.fetch_add(1, Ordering::Relaxed);
                |l: &str| l.parse::<u32>().ok()
            };
            let readers = Readers::new();
            readers.extend(&mut Vec::new(), &lines, reader, || 0).expect("read");
            assert_eq!(made.swap(0, Ordering::Relaxed), readers.threads, "{n} lines, extend");
            read_each(&lines, reader).expect("read");
            assert_eq!(made.load(Ordering::Relaxed), readers.threads, "{n} lines, read_each");
        }
    }

    #[test]
    fn lines_are_read_in_order_on_all_the_cores_or_not_at_all() {
        let numbers: Vec<String> = (0..5_000).map(|n| n.to_string()).collect();
        let lines: Vec<&str> = numbers.iter().map(String::as_str).collect();
        let read_back = read(&lines, |l| l.parse::<u32>().ok()).expect("read");
        assert_eq!(read_back, (0..5_000).collect::<Vec<u32>>());
        let mut bad = lines.clone();
        bad[4_321] = "x";
        assert_eq!(read(&bad, |l| l.parse::<u32>().ok()), None);
        assert_eq!(by_ron::<(u8, String)>("(1, \"a\")"), Some((1, "a".into())));
        // As in the list the line stands in: a comment eating the comma,
        // an extension, two records on one line are refused; a closed
        // comment is read.
        assert_eq!(by_ron::<(u8,)>("(1) // memo"), None);
        assert_eq!(by_ron::<Option<u8>>("#![enable(implicit_some)] 1"), None);
        assert_eq!(by_ron::<u8>("1, 2"), None);
        assert_eq!(by_ron::<(u8,)>("(1) /* memo */"), Some((1,)));
    }

    #[test]
    fn a_cursor_takes_only_what_the_program_writes() {
        let mut c = Cursor::new("\"北見\", -12, Some(\"x\")");
        assert_eq!(c.string(), Some("北見"));
        assert_eq!(c.eat(", "), Some(()));
        assert_eq!(c.integer(), Some(-12));
        assert_eq!(c.eat(", "), Some(()));
        assert_eq!(c.some_string(), Some("x"));
        assert!(c.is_done());
        // Other forms RON reads: not taken whole.
        for odd in ["007", "-0", "+7", "0x10", "1_000", "1e3", "1.0", "1234567890123456789", ""] {
            let mut c = Cursor::new(odd);
            assert!(c.integer().is_none() || !c.is_done(), "{odd}");
        }
        for odd in ["\"a\\nb\"", "\"open", "'c'", "r\"raw\""] {
            assert_eq!(Cursor::new(odd).string(), None, "{odd}");
        }
    }
}
