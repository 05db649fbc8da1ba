//! A cache file read a block at a time: hashed to its end first
//! ([`Blocks::hash_of_rest`]), then, read again, each value decoded as soon
//! as its bytes are in: a cache of a million records (39 MB) is never held
//! whole beside the records it becomes.
//!
//! Why by hand: `postcard` decodes from a slice or one byte at a time from
//! a reader; this keeps the slice decoder's speed and reads the file in
//! blocks. A small value cut by a block's end fails to decode and is
//! decoded again once the next block is in (the buffer at least doubles
//! each time, so any value is retried a logarithmic number of times); a
//! large one is written after its length ([`Blocks::take_sized`]), read
//! whole, and decoded once.

use std::io::Read;

use serde::de::DeserializeOwned;

/// The file, the bytes read and not yet decoded, and the hash of what is
/// read, when it is hashed.
pub(super) struct Blocks<R> {
    reader: R,
    /// Bytes read; those before `at` are decoded.
    buffer: Vec<u8>,
    at: usize,
    /// The least read at a time.
    block: usize,
    end_of_file: bool,
    /// Every byte read since [`Blocks::hash_of_rest`] began.
    hasher: Option<xxhash_rust::xxh3::Xxh3>,
}

impl<R: Read> Blocks<R> {
    pub(super) fn new(reader: R, block: usize) -> Blocks<R> {
        Blocks {
            reader,
            buffer: Vec::new(),
            at: 0,
            block: block.max(1),
            end_of_file: false,
            hasher: None,
        }
    }

    /// The next value, reading on until its bytes are in; `None` when the
    /// file ends first, cannot be read, or the bytes are not such a value.
    pub(super) fn take<T: DeserializeOwned>(&mut self) -> Option<T> {
        loop {
            match postcard::take_from_bytes::<T>(&self.buffer[self.at..]) {
                Ok((value, rest)) => {
                    self.at = self.buffer.len() - rest.len();
                    return Some(value);
                }
                Err(_) if !self.end_of_file => {
                    let left = self.buffer.len() - self.at;
                    self.fill(left)?;
                }
                Err(_) => return None,
            }
        }
    }

    /// The next value, written as its length in bytes and then the value
    /// ([`put_sized`]): read whole first, then decoded once. `None` as for
    /// [`Blocks::take`], or when the value is not exactly that long or the
    /// length is more than `most` (a damaged length asks for no more).
    pub(super) fn take_sized<T: DeserializeOwned>(&mut self, most: u64) -> Option<T> {
        let len: u64 = self.take()?;
        if len > most {
            return None;
        }
        let len = usize::try_from(len).ok()?;
        self.have(len)?;
        let (value, rest) = postcard::take_from_bytes(&self.buffer[self.at..self.at + len]).ok()?;
        if !rest.is_empty() {
            return None;
        }
        self.at += len;
        Some(value)
    }

    /// The next `N` bytes as they are.
    pub(super) fn bytes<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.have(N)?;
        let out: [u8; N] = self.buffer[self.at..self.at + N].try_into().ok()?;
        self.at += N;
        Some(out)
    }

    /// Reads on until `len` bytes are in after those decoded.
    fn have(&mut self, len: usize) -> Option<()> {
        while self.buffer.len() - self.at < len {
            if self.end_of_file {
                return None;
            }
            let missing = len - (self.buffer.len() - self.at);
            self.fill(missing)?;
        }
        Some(())
    }

    /// The hash of every byte from here to the end of the file, read a
    /// block at a time (nothing decoded).
    pub(super) fn hash_of_rest(mut self) -> Option<u128> {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&self.buffer[self.at..]);
        self.hasher = Some(hasher);
        while !self.end_of_file {
            self.at = self.buffer.len();
            self.fill(0)?;
        }
        Some(self.hasher?.digest128())
    }

    /// Whether nothing follows the last value taken (reading to the end).
    pub(super) fn nothing_follows(mut self) -> Option<bool> {
        while self.buffer.len() == self.at {
            if self.end_of_file {
                return Some(true);
            }
            self.fill(0)?;
        }
        Some(false)
    }

    /// Drops what is decoded and reads `more` bytes, at least a block
    /// (fewer at the end of the file).
    fn fill(&mut self, more: usize) -> Option<()> {
        self.buffer.drain(..self.at);
        self.at = 0;
        let old = self.buffer.len();
        let want = more.max(self.block);
        // The room a large value needed is given back once it is decoded.
        self.buffer.shrink_to(old + want);
        self.buffer.resize(old + want, 0);
        let mut got = 0;
        while got < want {
            match self.reader.read(&mut self.buffer[old + got..]) {
                Ok(0) => {
                    self.end_of_file = true;
                    break;
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        self.buffer.truncate(old + got);
        if let Some(hasher) = &mut self.hasher {
            hasher.update(&self.buffer[old..]);
        }
        Some(())
    }
}

/// Writes `value` as [`Blocks::take_sized`] reads it: its length, then it.
#[cfg(test)]
pub(super) fn put_sized<T: serde::Serialize>(value: &T, out: Vec<u8>) -> postcard::Result<Vec<u8>> {
    let bytes = postcard::to_stdvec(value)?;
    let mut out = postcard::to_extend(&(bytes.len() as u64), out)?;
    out.extend(bytes);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values of every length, in blocks of every size from one byte: each
    /// reads back, and the hash of the rest is that of the bytes after the
    /// first.
    #[test]
    fn values_cut_by_blocks_read_back_and_hash_as_a_whole() {
        let texts: Vec<String> = (0..40).map(|n| "北見".repeat(n * n) + &n.to_string()).collect();
        let mut bytes = postcard::to_stdvec(&7u32).expect("head");
        let body_from = bytes.len();
        for t in &texts {
            bytes.extend(postcard::to_stdvec(t).expect("text"));
        }
        let texts_from = bytes.len();
        bytes = put_sized(&texts, bytes).expect("sized");
        let sized_len = bytes.len() - texts_from;
        bytes.extend([1, 2, 3]);
        for block in [1, 2, 3, 7, 64, 1000, 1 << 20] {
            let mut hashed = Blocks::new(&bytes[..], block);
            assert_eq!(hashed.take::<u32>(), Some(7));
            let hash = hashed.hash_of_rest().expect("hashed");
            assert_eq!(hash, xxhash_rust::xxh3::xxh3_128(&bytes[body_from..]), "block {block}");
            let mut blocks = Blocks::new(&bytes[..], block);
            assert_eq!(blocks.take::<u32>(), Some(7));
            for t in &texts {
                assert_eq!(blocks.take::<String>().as_ref(), Some(t), "block {block}");
            }
            assert_eq!(blocks.take_sized::<Vec<String>>(sized_len as u64).as_ref(), Some(&texts));
            assert_eq!(blocks.bytes::<2>(), Some([1, 2]));
            assert_eq!(blocks.nothing_follows(), Some(false), "a byte is left, block {block}");
            let mut last = Blocks::new(&bytes[bytes.len() - 2..], block);
            assert_eq!(last.bytes::<2>(), Some([2, 3]));
            assert_eq!(last.nothing_follows(), Some(true), "block {block}");
        }
    }

    #[test]
    fn a_sized_value_of_another_length_or_too_long_is_none() {
        let bytes = put_sized(&"北見".to_string(), Vec::new()).expect("sized");
        assert_eq!(Blocks::new(&bytes[..], 2).take_sized::<String>(100), Some("北見".into()));
        assert_eq!(Blocks::new(&bytes[..], 2).take_sized::<String>(3), None, "over the most");
        assert_eq!(Blocks::new(&bytes[..bytes.len() - 1], 2).take_sized::<String>(100), None);
        // A length one longer than the value: a byte of something else in it.
        let mut longer = postcard::to_stdvec(&8u64).expect("length");
        longer.extend(postcard::to_stdvec("北見").expect("text"));
        longer.push(0);
        assert_eq!(Blocks::new(&longer[..], 2).take_sized::<String>(100), None);
    }

    #[test]
    fn a_value_cut_by_the_end_of_the_file_is_none() {
        let bytes = postcard::to_stdvec("北見市の計画").expect("text");
        let mut blocks = Blocks::new(&bytes[..bytes.len() - 1], 4);
        assert_eq!(blocks.take::<String>(), None);
        let mut blocks = Blocks::new(&bytes[..], 4);
        assert!(blocks.take::<String>().is_some());
        assert_eq!(blocks.bytes::<1>(), None);
    }
}
