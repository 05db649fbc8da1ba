//! `kpi-council export SESSION`: the minutes as Markdown, HTML or xlsx.

use crate::export::safe;
use std::path::{Path, PathBuf};

use crate::export::minutes::Options;
use crate::export::write::{self, Format};
use crate::store::dataset_files::Loaded;
use crate::store::session_store::SessionStore;

use super::UserError;

pub struct ExportArgs<'a> {
    pub session: &'a Path,
    pub format: Format,
    pub output: Option<&'a Path>,
    /// `Some(true)` for --public, `Some(false)` for --internal.
    pub public: Option<bool>,
    pub anonymize: bool,
    pub force: bool,
}

/// Writes the minutes; returns where.
pub fn run(loaded: &Loaded, args: &ExportArgs) -> Result<PathBuf, UserError> {
    let session = SessionStore::read_back(args.session).map_err(|e| UserError(e.to_string()))?;
    // The minutes must show the numbers the meeting saw.
    for (what, recorded, now) in [
        ("plan", &session.data.plan, loaded.plan_source.data_ref()),
        ("actuals", &session.data.actuals, loaded.actuals_source.data_ref()),
    ] {
        if !recorded.sha256.is_empty() && recorded.sha256 != now.sha256 && !args.force {
            return Err(UserError(format!(
                "{}: the session was recorded against the {what} {} (SHA-256 {}…), but the {what} given now is {} (SHA-256 {}…); pass the same --{what}, or --force to export with these",
                args.session.display(),
                safe::terminal(&recorded.path),
                safe::short_hash(&recorded.sha256, 12),
                safe::terminal(&now.path),
                safe::short_hash(&now.sha256, 12),
            )));
        }
    }
    let public = args.public.unwrap_or_else(|| args.format.public_by_default());
    let options = Options { public, anonymize: args.anonymize };
    let bytes =
        crate::export::render(&loaded.dataset, &session, args.format, options).map_err(|e| {
            UserError(format!("cannot build the {} file: {e}", args.format.extension()))
        })?;
    let path = args
        .output
        .map_or_else(|| write::default_path(args.session, args.format, public), Path::to_path_buf);
    write::write(&path, &bytes, args.force).map_err(|e| UserError(e.to_string()))?;
    Ok(path)
}
