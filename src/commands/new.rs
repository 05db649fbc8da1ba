//! `kpi-council new --from LAST_SESSION`: a new meeting of the same plan
//! whose agenda begins with 「前回の指摘事項への対応」, the earlier meeting's
//! 要対応事項 and 決定事項 with their wording, item and speaker, each 未着手
//! until the secretariat sets it, and the earlier meeting's attendees on
//! its roster, each 欠席 until marked present.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Settings;
use crate::domain::fiscal::{FiscalYear, parse_date, wareki_date};
use crate::domain::normalize::name_key;
use crate::domain::plan::Plan;
use crate::domain::session::figures::EarlierFigures;
use crate::domain::session::{AgendaItem, Session, Sheet, default_agenda, follow_ups};
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

/// The earlier meeting's attendees carried onto the roster of the one that
/// follows it up, the settings file's first: the council's members, the
/// secretariat and the observers are mostly the same from one meeting to
/// the next, and a name typed again is where it comes out wrong in the
/// minutes. Who attends and who signs is this meeting's, so each comes as
/// 欠席 and not 署名人 until marked at the roll call: one forgotten is
/// named nowhere as present (an absent member is never offered as speaker),
/// never written into the minutes as attending. One the settings file
/// lists already (the same name, however spaced or wide) is not listed
/// twice. How many were carried over.
pub fn carry_attendees(sheet: &mut Sheet, earlier: &Sheet) -> usize {
    let mut carried = 0;
    for a in &earlier.attendees {
        if sheet.attendees.iter().any(|b| name_key(&b.name) == name_key(&a.name)) {
            continue;
        }
        let mut a = a.clone();
        a.id = sheet.next_attendee_id();
        a.absent = true;
        a.signer = false;
        sheet.attendees.push(a);
        carried += 1;
    }
    carried
}

/// Writes the new session; returns its path and how many attendees of
/// the earlier meeting its roster took over (欠席 until marked).
pub fn run(
    loaded: &Loaded,
    settings: &Settings,
    from: &Path,
    date: Option<&str>,
    output: Option<&Path>,
    today: NaiveDate,
) -> Result<(PathBuf, usize), UserError> {
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
    let mut sheet = default_sheet(plan, date, settings);
    let carried = carry_attendees(&mut sheet, &earlier.sheet);
    let mut session = Session::new(sheet, refs);
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
    Ok((path, carried))
}

/// What the secretariat is told of the attendees carried over.
#[must_use]
pub fn carried_note(carried: usize) -> String {
    tr(
        format!("前回の出席者{carried}名を欠席で入れました（i で出欠を確認）"),
        format!(
            "{} added as absent (i: mark who came)",
            crate::i18n::count_en(carried, "earlier attendee", "earlier attendees")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{Attendee, Role};

    /// The earlier roster comes over as 欠席, not 署名人, with ids of this
    /// sheet; a name the settings file lists already (however spaced or
    /// wide) is not listed twice, and keeps its own role and presence.
    #[test]
    fn the_earlier_roster_comes_over_absent_and_once() {
        let mut sheet = Sheet::default();
        sheet.attendees.push(Attendee::new("a1", "北見 太郎", "北見市", Role::Secretariat));
        let mut earlier = Sheet::default();
        let mut chair = Attendee::new("a1", "佐藤 花子", "北見工業大学", Role::Chair);
        chair.signer = true;
        earlier.attendees.push(chair);
        earlier.attendees.push(Attendee::new("a2", "北見　太郎", "", Role::Member));
        earlier.attendees.push(Attendee::new("a3", "鈴木 一郎", "商工会議所", Role::Member));
        assert_eq!(carry_attendees(&mut sheet, &earlier), 2);
        let got: Vec<_> = sheet
            .attendees
            .iter()
            .map(|a| (a.id.as_str(), a.name.as_str(), a.role, a.absent, a.signer))
            .collect();
        assert_eq!(
            got,
            [
                ("a1", "北見 太郎", Role::Secretariat, false, false),
                ("a2", "佐藤 花子", Role::Chair, true, false),
                ("a3", "鈴木 一郎", Role::Member, true, false),
            ]
        );
    }
}
