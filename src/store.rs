//! Files: reading RON with positioned errors, the embedded default, and
//! loading a plan with its actuals.

pub mod actuals_lines;
pub mod cache;
mod cache_blocks;
pub mod dataset_files;
pub mod disk;
pub mod embedded;
pub mod follow;
pub mod journal;
pub mod kind;
pub mod limits;
pub mod lock;
pub mod record_lines;
pub mod remark_line;
mod remark_record;
pub mod ron_file;
mod ron_message;
pub mod session_cache;
pub mod session_file;
pub mod session_list;
pub mod session_path;
pub mod session_store;

/// Bytes as lowercase hex, for content hashes and checksums.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}
