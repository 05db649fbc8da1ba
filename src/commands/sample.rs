//! `kpi-council sample`: a synthetic plan, actuals and session of any size,
//! written as `plan.ron`, `actuals.ron` and `session.ron`.

use std::path::Path;

use crate::domain::session::{DataRef, DataRefs};
use crate::sample::{self, Size};
use crate::store::dataset_files::Source;
use crate::store::disk::{Disk, RealDisk};
use crate::store::ron_file::{Origin, io_reason};

use super::UserError;

fn ron<T: serde::Serialize>(value: &T) -> Result<String, UserError> {
    crate::store::ron_file::records_text(value).map_err(|e| {
        UserError(crate::i18n::tr(
            format!("RON を書き出せません: {e}"),
            format!("cannot write RON: {e}"),
        ))
    })
}

/// Writes the three files into `dir`; returns what was written.
pub fn run(size: Size, dir: &Path, force: bool) -> Result<Vec<String>, UserError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| UserError(format!("{}: {}", dir.display(), io_reason(&e))))?;
    let names = ["plan.ron", "actuals.ron", "session.ron"];
    for name in names {
        let path = dir.join(name);
        if path.exists() && !force {
            let path = path.display();
            return Err(UserError(crate::i18n::tr(
                format!(
                    "{path}: ファイルがすでにあります。置き換えるには --force を付けてください"
                ),
                format!("{path}: the file exists; use --force to replace it"),
            )));
        }
    }
    let plan = sample::plan(size);
    let actuals = sample::actuals(&plan, size);
    let plan_text = ron(&plan)?;
    let actuals_text = ron(&actuals)?;
    let refs = DataRefs {
        plan: DataRef {
            path: dir.join(names[0]).display().to_string(),
            ..Source::new(Origin::Embedded(""), plan_text.as_bytes()).data_ref()
        },
        actuals: DataRef {
            path: dir.join(names[1]).display().to_string(),
            ..Source::new(Origin::Embedded(""), actuals_text.as_bytes()).data_ref()
        },
    };
    let session = sample::session(&plan, &actuals, size, refs);
    let session_text =
        crate::store::session_file::to_text(&session).map_err(|e| UserError(e.to_string()))?;
    let mut disk = RealDisk::default();
    let mut written = Vec::new();
    for (name, text) in names.iter().zip([plan_text, actuals_text, session_text]) {
        let path = dir.join(name);
        disk.replace(&path, text.as_bytes())
            .map_err(|e| UserError(format!("{}: {}", path.display(), io_reason(&e))))?;
        written.push(format!("{} ({} bytes)", path.display(), text.len()));
    }
    Ok(written)
}
