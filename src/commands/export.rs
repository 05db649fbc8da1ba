//! `kpi-council export SESSION`: the minutes as Markdown, HTML, xlsx or Word.

use crate::export::safe;
use std::path::{Path, PathBuf};

use crate::domain::session::checklist::Checklist;
use crate::export::minutes::Options;
use crate::export::wording::Wording;
use crate::export::write::{self, Format};
use crate::i18n::Lang;
use crate::i18n::checklist::lines;
use crate::store::dataset_files::Loaded;
use crate::store::session_store::SessionStore;

use super::UserError;
use crate::i18n::tr;

pub struct ExportArgs<'a> {
    pub session: &'a Path,
    pub format: Format,
    pub output: Option<&'a Path>,
    /// `Some(true)` for --public, `Some(false)` for --internal.
    pub public: Option<bool>,
    pub anonymize: bool,
    pub force: bool,
    /// The language of the checklist's warnings.
    pub lang: Lang,
    /// The fixed sentences of the minutes.
    pub wording: &'a Wording,
}

/// What an export did: where the file went, and what the checklist says
/// is still unsettled (to print as warnings).
#[derive(Debug)]
pub struct Exported {
    pub path: PathBuf,
    pub warnings: Vec<String>,
}

/// Writes the minutes; returns where, with the checklist's warnings. An
/// unresolved conflict refuses the export (listed) unless `force`.
pub fn run(loaded: &Loaded, args: &ExportArgs) -> Result<Exported, UserError> {
    let session = SessionStore::read_back(args.session).map_err(|e| UserError(e.to_string()))?;
    // The minutes must show the numbers the meeting saw.
    for (what, recorded, now) in [
        ("plan", &session.data.plan, loaded.plan_source.data_ref()),
        ("actuals", &session.data.actuals, loaded.actuals_source.data_ref()),
    ] {
        if !recorded.sha256.is_empty() && recorded.sha256 != now.sha256 && !args.force {
            let (s, was, was_sha, is, is_sha) = (
                args.session.display(),
                safe::terminal(&recorded.path),
                safe::short_hash(&recorded.sha256, 12),
                safe::terminal(&now.path),
                safe::short_hash(&now.sha256, 12),
            );
            let ja_what = if what == "plan" { "計画" } else { "実績" };
            return Err(UserError(tr(
                format!(
                    "{s}: この記録は{ja_what} {was}（SHA-256 {was_sha}…）で行われましたが、いま指定された{ja_what}は {is}（SHA-256 {is_sha}…）です。同じ --{what} を指定するか、このまま書き出すなら --force を付けてください"
                ),
                format!(
                    "{s}: the session was recorded against the {what} {was} (SHA-256 {was_sha}…), but the {what} given now is {is} (SHA-256 {is_sha}…); pass the same --{what}, or --force to export with these"
                ),
            )));
        }
    }
    let list = Checklist::of(&loaded.dataset.plan, &session);
    let listed = lines(&list, (&loaded.dataset).into(), &session, args.lang, None);
    if list.blocks() && !args.force {
        let mut message =
            format!("{}: {}", args.session.display(), args.lang.checklist().export_refused);
        for line in listed.iter().filter(|l| l.blocking) {
            message.push('\n');
            message.push_str(&line.text);
        }
        return Err(UserError(message));
    }
    let warnings: Vec<String> = listed
        .iter()
        .filter(|l| !l.blocking || args.force)
        .filter(|_| !list.is_clear())
        .map(|l| l.text.clone())
        .collect();
    let public = args.public.unwrap_or_else(|| args.format.public_by_default());
    let path = args
        .output
        .map_or_else(|| write::default_path(args.session, args.format, public), Path::to_path_buf);
    // Refused before the minutes are made (a third of a second for the
    // xlsx at 100k records), and again when written.
    write::refuse_existing(&path, args.force).map_err(|e| UserError(e.to_string()))?;
    let options = Options { public, anonymize: args.anonymize };
    // The files cited are those the numbers come from (with --force over
    // other data, the ones recorded are named beside them).
    let used = loaded.data_refs();
    let minutes =
        crate::export::minutes_over(&loaded.dataset, &used, &session, options, &[args.format]);
    let folder = path.parent().unwrap_or(&path);
    let bytes =
        crate::export::render_minutes(&minutes, &loaded.dataset, args.format, args.wording, folder)
            .map_err(|e| {
                let ext = args.format.extension();
                UserError(tr(
                    format!("{ext} ファイルを作れません: {e}"),
                    format!("cannot build the {ext} file: {e}"),
                ))
            })?;
    write::write(&path, &bytes, args.force).map_err(|e| UserError(e.to_string()))?;
    Ok(Exported { path, warnings })
}
