//! A rule broken by one record of a file that parsed fine.

use std::fmt;

/// Names the record (`contributions[4] (kpi "x")`) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub record: String,
    pub message: String,
}

impl RecordError {
    pub fn new(record: impl Into<String>, message: impl Into<String>) -> Self {
        RecordError { record: record.into(), message: message.into() }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.record, self.message)
    }
}

impl std::error::Error for RecordError {}
