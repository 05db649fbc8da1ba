//! Text that many records hold the same of: a KPI id and a company id are
//! repeated on every record of a million-record file, so each is held once
//! and shared (a pointer and a count per record, no allocation of its own).
//!
//! The pointer is one word (`arcstr`, the length kept with the text), not
//! the two of an `Arc<str>`: a contribution holds three such texts, so a
//! million records take 24 MB less.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use arcstr::ArcStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable string, cheap to clone; reads, compares and hashes as a
/// `str` (so that it is found in a set by a `&str`).
#[derive(Clone)]
pub struct SharedStr(ArcStr);

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for SharedStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl SharedStr {
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl SharedStr {
    /// Whether both are the very same text in memory, not only equal.
    #[must_use]
    pub fn is_shared_with(&self, other: &SharedStr) -> bool {
        ArcStr::ptr_eq(&self.0, &other.0)
    }
}

impl Default for SharedStr {
    /// The empty text: static, never allocated.
    fn default() -> Self {
        SharedStr(ArcStr::new())
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        if s.is_empty() { SharedStr::default() } else { SharedStr(ArcStr::from(s)) }
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        SharedStr::from(s.as_str())
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> Self {
        SharedStr::from(s.as_str())
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> Self {
        s.0.to_string()
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == &*other.0
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SharedStr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(SharedStr::from)
    }
}

/// Makes equal texts one: each distinct text is allocated once however
/// many records hold it.
#[derive(Debug, Default)]
pub struct Interner(std::collections::HashSet<SharedStr>);

impl Interner {
    /// The shared copy of `text`.
    pub fn get(&mut self, text: &str) -> SharedStr {
        if let Some(s) = self.0.get(text) {
            return s.clone();
        }
        let s = SharedStr::from(text);
        self.0.insert(s.clone());
        s
    }

    /// The shared copy of `text`, keeping it when it is the first.
    pub fn take(&mut self, text: SharedStr) -> SharedStr {
        if let Some(s) = self.0.get(text.as_str()) {
            return s.clone();
        }
        self.0.insert(text.clone());
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_compares_and_writes_as_text() {
        let s = SharedStr::from("新規移動人数");
        assert_eq!(s, "新規移動人数");
        assert_eq!(s.as_str(), "新規移動人数");
        assert_eq!(s.to_string(), "新規移動人数");
        assert_eq!(format!("{s:?}"), "\"新規移動人数\"");
        assert_eq!(ron::to_string(&s).expect("ron"), "\"新規移動人数\"");
        let back: SharedStr = ron::from_str("\"新規移動人数\"").expect("ron");
        assert_eq!(back, s);
        assert!(SharedStr::default().is_empty());
        assert_eq!(std::mem::size_of::<SharedStr>(), 8, "one word a text");
        let mut sorted = vec![SharedStr::from("b"), SharedStr::from("北見"), SharedStr::from("a")];
        sorted.sort();
        assert_eq!(sorted, ["a", "b", "北見"], "ordered as text");
    }

    #[test]
    fn interned_texts_share_one_allocation() {
        let mut interner = Interner::default();
        let a = interner.get("m01");
        let b = interner.get("m01");
        let c = interner.take(SharedStr::from("m01"));
        assert!(ArcStr::ptr_eq(&a.0, &b.0) && ArcStr::ptr_eq(&a.0, &c.0));
        assert!(!ArcStr::ptr_eq(&a.0, &interner.get("m02").0));
    }
}
