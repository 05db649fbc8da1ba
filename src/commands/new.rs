//! `kpi-council new --from LAST_SESSION`: a new meeting of the same plan
//! whose agenda begins with 「前回の指摘事項への対応」, the earlier meeting's
//! 要対応事項 and 決定事項 with their wording, item and speaker, each 未着手
//! until the secretariat sets it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Settings;
use crate::domain::fiscal::{FiscalYear, parse_date, wareki_date};
use crate::domain::plan::Plan;
use crate::domain::session::figures::EarlierFigures;
use crate::domain::session::{AgendaItem, Session, default_agenda, follow_ups};
use crate::i18n::tr;
use crate::store::dataset_files::Loaded;
use crate::store::disk::{Disk, RealDisk};
use crate::store::ron_file::io_reason;
use crate::store::session_file;

use super::UserError;
use super::meeting::{default_sheet, new_session_path};

/// The earlier meeting as the new agenda names it: its title and date.
#[must_use]
pub fn earlier_label(earlier: &Session) -> String {
    let date = earlier.sheet.date.map(wareki_date).unwrap_or_default();
    [earlier.sheet.title.trim(), date.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The agenda of a meeting on `date` that follows up `earlier`: 前回の指摘事項
/// first, then the default KPI items.
#[must_use]
pub fn agenda_after(earlier: &Session, plan: &Plan, date: NaiveDate) -> Vec<AgendaItem> {
    let items = follow_ups(earlier, plan, FiscalYear::wareki);
    let mut agenda = vec![AgendaItem::FollowUps { from: earlier_label(earlier), items }];
    agenda.extend(default_agenda(plan, Some(date)));
    agenda
}

/// Writes the new session; returns its path.
pub fn run(
    loaded: &Loaded,
    settings: &Settings,
    from: &Path,
    date: Option<&str>,
    output: Option<&Path>,
    today: NaiveDate,
) -> Result<PathBuf, UserError> {
    let earlier = session_file::load(from).map_err(|e| UserError(e.to_string()))?;
    let date = match date {
        Some(text) => parse_date(text).ok_or_else(|| {
            UserError(tr(
                format!(
                    "--date {text:?}: 日付は 2020-05-18 や 令和2年5月18日 のように書いてください"
                ),
                format!("--date {text:?}: expected a date such as 2020-05-18 or 令和2年5月18日"),
            ))
        })?,
        None => today,
    };
    let plan = &loaded.dataset.plan;
    let path = output.map_or_else(|| new_session_path(plan, date, settings), Path::to_path_buf);
    if path.exists() {
        let path = path.display();
        return Err(UserError(tr(
            format!("{path}: すでに記録があります。新しい会議の記録で上書きすることはありません"),
            format!("{path}: a session is already there; a new meeting is never written over one"),
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            let (dir, reason) = (dir.display(), io_reason(&e));
            UserError(tr(
                format!("{dir}: フォルダーを作れません: {reason}"),
                format!("{dir}: cannot create the folder: {reason}"),
            ))
        })?;
    }
    let refs = loaded.data_refs();
    let mut session = Session::new(default_sheet(plan, date, settings), refs);
    session.agenda = Some(agenda_after(&earlier, plan, date));
    if !earlier.figures_seen.is_empty() {
        session.earlier_figures = Some(EarlierFigures {
            from: earlier_label(&earlier),
            figures: earlier.figures_seen.clone(),
        });
    }
    let text = session_file::to_text(&session).map_err(|e| {
        UserError(tr(
            format!("記録を書き出せません: {e}"),
            format!("cannot write the session: {e}"),
        ))
    })?;
    RealDisk::default().replace(&path, text.as_bytes()).map_err(|e| {
        let (path, reason) = (path.display(), io_reason(&e));
        UserError(tr(
            format!("{path}: 書き込めません: {reason}"),
            format!("{path}: cannot write: {reason}"),
        ))
    })?;
    Ok(path)
}
