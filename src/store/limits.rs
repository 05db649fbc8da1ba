//! One set of limits for what the program reads and what it writes: a
//! file it would refuse to read is never written (a merge, an import, a
//! session's snapshot), so nothing it saves becomes unreadable. Kept in
//! one place so that they change together.

/// Files larger than this are refused before they are read, and never
/// written.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Deepest nesting accepted; the formats need fewer than ten levels.
pub const RECURSION_LIMIT: usize = 64;

/// Cells held for one imported sheet or CSV file: a city's actuals are a
/// few thousand rows of a dozen columns.
pub const MAX_CELLS: usize = 2_000_000;

/// Whether `bytes` may be written as a file the program reads back: the
/// reason when it may not.
pub fn check_written(bytes: usize) -> Result<(), String> {
    let size = u64::try_from(bytes).unwrap_or(u64::MAX);
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "it would be {size} bytes, and files over {MAX_FILE_BYTES} bytes are refused when read; nothing was written (split the session or the data)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_write_limit_is_the_read_limit() {
        let limit = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
        assert!(check_written(limit).is_ok());
        let err = check_written(limit + 1).expect_err("one byte over");
        assert!(err.contains("refused when read"), "{err}");
    }
}
