//! The subcommands for scripts and quick looks.

pub mod check;
pub mod companies;
pub mod excel;
pub mod export;
pub mod import;
pub mod meeting;
pub mod merge;
pub mod new;
pub mod sample;
pub mod summary;

/// A failure the user can fix: printed as one line, exit status 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

impl From<crate::store::ron_file::LoadError> for UserError {
    fn from(e: crate::store::ron_file::LoadError) -> Self {
        UserError(e.to_string())
    }
}
