//! `kpi-council merge`, `merge-driver` and `git-setup`: bringing members'
//! review copies and other branches into the meeting's session.

use std::path::Path;
use std::process::Command;

use crate::domain::session::merge::{merge, merge_owned, separate_attendees};
use crate::domain::session::review::{self, Flagged, Refused};
use crate::domain::session::{Attendee, Change, JudgmentTarget, Remark, Session, Sheet, Stamp};
use crate::export::safe;
use crate::store::disk::{Disk, RealDisk};
use crate::store::lock::Lock;
use crate::store::ron_file::io_reason;
use crate::store::session_file;
use crate::store::session_store::SessionStore;

use super::UserError;
use crate::i18n::tr;
use crate::store::lock::LockError;

/// A field of the session sheet as the report names it.
fn field_label(name: &str) -> String {
    let ja = match name {
        "title" => "会議名",
        "date" => "日付",
        "start" => "開始",
        "end" => "終了",
        "place" => "場所",
        "attendees" => "出席者",
        "materials" => "配布資料",
        "next meeting" => "次回開催",
        "data" => "記録時のデータ",
        other => other,
    };
    tr(ja, name)
}

/// The official fields a copy changes, as words for the report.
fn sheet_changes(official: &Sheet, copy: &Sheet) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |name: &str, a: String, b: String| {
        if a != b {
            // A copy's words reach the terminal only made visible.
            let name = field_label(name);
            out.push(format!("{name} 「{}」 → 「{}」", safe::terminal(&a), safe::terminal(&b)));
        }
    };
    field("title", official.title.clone(), copy.title.clone());
    field("date", format!("{:?}", official.date), format!("{:?}", copy.date));
    field("start", format!("{:?}", official.start), format!("{:?}", copy.start));
    field("end", format!("{:?}", official.end), format!("{:?}", copy.end));
    field("place", official.place.clone(), copy.place.clone());
    let names = |s: &Sheet| {
        s.attendees
            .iter()
            .map(|a| format!("{}（{}）", a.name, a.affiliation))
            .collect::<Vec<_>>()
            .join("、")
    };
    field("attendees", names(official), names(copy));
    out
}

fn load(path: &Path) -> Result<Session, UserError> {
    SessionStore::read_back(path).map_err(|e| UserError(e.to_string()))
}

/// The sessions at `paths`, read side by side.
fn load_together(paths: &[&Path]) -> Vec<Result<Session, UserError>> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = paths.iter().map(|&path| scope.spawn(move || load(path))).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(UserError(tr("記録を読めませんでした", "a session could not be read")))
                })
            })
            .collect()
    })
}

/// The merge report's last line: the output, its remarks and what is to
/// settle.
fn merged_line(out: &dyn std::fmt::Display, total: usize, new: usize, conflicts: usize) -> String {
    let remarks = crate::i18n::count_en(total, "remark", "remarks");
    tr(
        format!("{out}: 発言 {total} 件（新規 {new} 件）、要確認 {conflicts} 件"),
        format!("{out}: {remarks} ({new} new), {conflicts} to settle"),
    )
}

/// Merges `members` into `base` and writes `output`. Returns the report.
pub fn run(
    base: &Path,
    members: &[&Path],
    output: &Path,
    force: bool,
) -> Result<Vec<String>, UserError> {
    // The files read as many at a time as there are cores (each a parse
    // of its RON unless a meeting on this machine left its parsed copy),
    // in order: the base first, then every member.
    let cores = std::thread::available_parallelism().map_or(1, usize::from).max(1);
    let paths: Vec<&Path> = std::iter::once(base).chain(members.iter().copied()).collect();
    let mut loaded = paths.chunks(cores).flat_map(load_together);
    let official = loaded.next().unwrap_or_else(|| load(base))?;
    if let Some(copy) = &official.review {
        let (base, member) = (base.display(), &copy.member);
        return Err(UserError(tr(
            format!(
                "{base}: これは {member} さんの確認用の写しで、会議の記録ではありません。写しは会議の記録へ統合します: kpi-council merge 会議.ron 写し.ron... -o 会議.ron"
            ),
            format!(
                "{base}: this is {member}'s review copy, not the meeting's session; merge copies into the meeting's session: kpi-council merge MEETING.ron COPY.ron... -o MEETING.ron"
            ),
        )));
    }
    let mut report = Vec::new();
    // The base's remarks are given to the merge (a 100,000-remark session
    // is not copied); the rest of it is kept to compare and restore.
    let official_remarks = official.remarks.len();
    let mut merged = official;
    let official = merged.without_remarks();
    for (path, copy) in members.iter().zip(loaded) {
        let copy = apart(&merged, copy?);
        if !official.data.plan.sha256.is_empty()
            && !copy.data.plan.sha256.is_empty()
            && official.data.plan.sha256 != copy.data.plan.sha256
            && !force
        {
            let (p, theirs, b, ours) = (
                path.display(),
                safe::short_hash(&copy.data.plan.sha256, 12),
                base.display(),
                safe::short_hash(&official.data.plan.sha256, 12),
            );
            return Err(UserError(tr(
                format!(
                    "{p}: {b} とは別の計画（SHA-256 {theirs}…、{b} は {ours}…）で記録されています。同じ会議の写しだけを統合してください（承知の上なら --force）"
                ),
                format!(
                    "{p}: recorded against another plan (SHA-256 {theirs}…) than {b} ({ours}…); merge only copies of the same meeting, or --force"
                ),
            )));
        }
        for change in sheet_changes(&official.sheet, &copy.sheet) {
            let p = path.display();
            report.push(tr(
                format!("反映せず（確認のみ）: {p} は会議の情報の {change} を変えています"),
                format!("flagged, not applied: {p} changes the {change}"),
            ));
        }
        let copy = match &copy.review {
            Some(mark) => {
                let (kept, flagged) = review::guard(&merged, &copy, &mark.member);
                let (p, member) = (path.display(), &mark.member);
                let who = tr(
                    format!("{p}（{member} さんの確認用の写し）"),
                    format!("{p} ({member}'s review copy)"),
                );
                report.extend(flagged.iter().map(|f| flagged_line(&who, &merged, f)));
                kept
            }
            None => copy,
        };
        report.extend(other_agenda(path, &merged, &copy));
        merged = merge_owned(merged, copy);
    }
    // The meeting's own sheet stands; members' changes are only reported.
    merged.sheet = official.sheet.clone();
    merged.review.clone_from(&official.review);
    report.extend(unlisted_speakers(&mut merged, crate::clock::now()));
    merged.data = official.data.clone();
    merged.position.clone_from(&official.position);
    // Which journal lines the file holds is the meeting's to say: a copy
    // claiming more would make the next start skip lines it never had.
    merged.folded.clone_from(&official.folded);
    let new = merged.remarks.len() - official_remarks;
    report.extend(conflict_lines(&merged));
    let conflicts = to_settle(&merged);
    report.push(merged_line(&output.display(), merged.remarks.len(), new, conflicts));
    let is_input = output == base || members.contains(&output);
    if output.exists() && !is_input && !force {
        return Err(UserError(
            crate::export::write::WriteError::Exists(output.display().to_string()).to_string(),
        ));
    }
    // Never write under a running meeting: it would overwrite this at its end.
    // (The meeting's own advice, --session, is no option of merge.)
    let _lock = Lock::acquire(output, "merge").map_err(|e| match e {
        LockError::Held { session, holder } => UserError(tr(
            format!("{session}: この記録は会議中の kpi-council で開かれています（{holder}）。会議を終えてから統合するか、-o で別のファイルに書き出してください"),
            format!("{session}: the session is open in a running kpi-council ({holder}); merge after the meeting ends, or write the merge to another file with -o"),
        )),
        other @ LockError::Io { .. } => UserError(other.to_string()),
    })?;
    // The file replaced stays as `<output>.bak` until the next run.
    if let Ok(old) = std::fs::read(output) {
        let backup = std::path::PathBuf::from(format!("{}.bak", output.display()));
        RealDisk::default().replace(&backup, &old).map_err(|e| {
            let (p, r) = (backup.display(), io_reason(&e));
            UserError(tr(format!("{p}: 書き込めません: {r}"), format!("{p}: cannot write: {r}")))
        })?;
    }
    write(output, merged)?;
    // A journal beside the output stays: the lines the merged file already
    // holds are marked folded in it (those of the base), and any other is
    // replayed at the next start rather than lost.
    Ok(report)
}

/// A copy whose attendee has an id the meeting gives another person: that
/// attendee's remarks are never put in the other's mouth (their speaker
/// becomes 未指定 in the merge, said in the report).
fn apart(meeting: &Session, mut copy: Session) -> Session {
    separate_attendees(meeting, &mut copy, None);
    copy
}

/// How many remarks and judgments a merge left in conflict.
fn to_settle(session: &Session) -> usize {
    session.remarks.iter().filter(|r| r.in_conflict()).count()
        + session.judgments.iter().filter(|j| j.in_conflict()).count()
}

/// The agenda arranged in the meeting's session (or the first copy that
/// arranged one) stands; a copy arranging another is only reported.
fn other_agenda(path: &Path, merged: &Session, copy: &Session) -> Option<String> {
    (copy.agenda.is_some() && merged.agenda.is_some() && copy.agenda != merged.agenda).then(|| {
        let p = path.display();
        tr(
            format!("反映せず（確認のみ）: {p} は議題を別の並びにしています（前回の指摘事項の対応状況を含む）"),
            format!("flagged, not applied: {p} arranges the agenda differently (follow-up statuses included)"),
        )
    })
}

/// One flagged change of a review copy, for the report: what it tried,
/// the remark (its id, who wrote it, its words) and whose copy it was.
fn flagged_line(copy: &str, session: &Session, flagged: &Flagged) -> String {
    match flagged {
        Flagged::Remark { remark, what } => {
            let (verb_ja, verb) = match what {
                Refused::Edited => ("を書き換えています", "edits"),
                Refused::Deleted => ("を削除しています", "deletes"),
                Refused::Restored => ("を元に戻しています", "restores"),
                Refused::AddedForAnother => (
                    "を写しの持ち主以外の名前で加えています",
                    "adds under another name than its member's",
                ),
                Refused::OtherSpeaker => {
                    ("の発言者を別の出席者にしています", "gives another attendee as the speaker of")
                }
                Refused::MeetingsKind => (
                    "に会議だけが記録する種類（決定、要対応、回答）を付けています",
                    "gives a kind only the meeting records (決定, 要対応, 回答) to",
                ),
            };
            let (id, by) = (&remark.id, author(session, remark));
            let text = crate::i18n::checklist::excerpt(&remark.text, 30);
            // (not 「未指定 さんの発言」)
            let whose = by
                .as_deref()
                .map_or_else(|| "発言者未指定の発言".to_string(), |by| format!("{by} さんの発言"));
            let by = by.as_deref().unwrap_or("未指定");
            tr(
                format!("反映せず（確認のみ）: {copy} は {whose} {id}「{text}」{verb_ja}"),
                format!("flagged, not applied: {copy} {verb} remark {id} by {by}: 「{text}」"),
            )
        }
        Flagged::Judgment(target) => {
            let on = target_words(target);
            tr(
                format!("反映せず（確認のみ）: {copy} は {on} の評価を変えています"),
                format!("flagged, not applied: {copy} changes the judgment on {on}"),
            )
        }
    }
}

/// Each judgment the copies gave differently, for the report: the verdict
/// kept for now (the newest) and the others. The merged file marks them
/// (`check` fails and the export waits) until one is recorded again.
fn judgment_conflicts(session: &Session) -> Vec<String> {
    session
        .judgments
        .iter()
        .filter(|j| j.in_conflict())
        .map(|j| {
            let verdict = |effect: &str, policy: &str| {
                format!("「{}／{}」", safe::terminal(effect), safe::terminal(policy))
            };
            let others: Vec<String> = j.set_aside().map(|h| verdict(&h.effect, &h.policy)).collect();
            let (on, current) = (target_words(&j.target), verdict(&j.effect, &j.policy));
            tr(
                format!(
                    "要確認: {on} の評価が写しごとに異なります。{current} を仮に残し、{} は保留しました。残す評価を記録し直すまで書き出せません",
                    others.join("、")
                ),
                format!(
                    "to settle: the judgment on {on} differs between the copies; {current} kept for now, {} set aside; the export waits until the one to keep is recorded again",
                    others.join(", ")
                ),
            )
        })
        .collect()
}

/// What the merge leaves to settle, one line each: remarks, then judgments.
fn conflict_lines(session: &Session) -> Vec<String> {
    let mut lines = remark_conflicts(session);
    lines.extend(judgment_conflicts(session));
    lines
}

/// A line for each remark changed differently in two copies: which one,
/// the wording kept for now and those set aside, and how to settle it.
fn remark_conflicts(session: &Session) -> Vec<String> {
    session
        .remarks
        .iter()
        .filter(|r| r.in_conflict())
        .map(|r| {
            let quote = |text: &str| format!("「{}」", crate::i18n::checklist::excerpt(text, 30));
            let trail = r.trail();
            let others: Vec<String> = trail
                .set_aside
                .iter()
                .filter(|s| trail.resolved.is_none_or(|at| s.since > at))
                .map(|s| quote(&s.text))
                .collect();
            let (id, current) = (&r.id, quote(&r.text));
            let by = author(session, r);
            let whose =
                by.as_deref().map_or_else(|| "発言者未指定の発言".to_string(), |by| format!("{by} さんの発言"));
            let by = by.as_deref().unwrap_or("未指定");
            tr(
                format!(
                    "要確認: {whose} {id} が写しごとに別の書き換えになっています。{current} を仮に残し、{} は保留しました。会議で発言を選んで Enter、残す版を選ぶまで書き出せません",
                    others.join("、")
                ),
                format!(
                    "to settle: remark {id} by {by} was changed differently in the copies; {current} kept for now, {} set aside; the export waits until the version to keep is chosen (select the remark, Enter)",
                    others.join(", ")
                ),
            )
        })
        .collect()
}

/// A judgment's target as the report names it.
fn target_words(target: &JudgmentTarget) -> String {
    match target {
        JudgmentTarget::Plan => tr("計画全体", "the plan as a whole"),
        JudgmentTarget::Item { kpi, fiscal_year } => tr(
            format!("{} {}", safe::terminal(kpi), fiscal_year.wareki()),
            format!("{} FY{}", safe::terminal(kpi), fiscal_year.0),
        ),
    }
}

/// Who a remark is by: the member who prepared it, else its speaker;
/// `None` when no attendee is named.
fn author(session: &Session, remark: &Remark) -> Option<String> {
    if let Some(member) = remark.prepared_by() {
        return Some(member.to_owned());
    }
    remark.speaker.as_deref().and_then(|id| session.sheet.attendee(id)).map(|a| a.name.clone())
}

/// Writes `session` (given away: a large one is sorted in place, not copied).
fn write(path: &Path, session: Session) -> Result<(), UserError> {
    let (text, _) = session_file::to_text_sorted(session).map_err(|e| {
        UserError(tr(
            format!("記録を書き出せません: {e}"),
            format!("cannot write the session: {e}"),
        ))
    })?;
    crate::store::limits::check_written(text.len()).map_err(|e| {
        let p = path.display();
        UserError(tr(format!("{p}: 書き出しません: {e}"), format!("{p}: not written: {e}")))
    })?;
    RealDisk::default().replace(path, text.as_bytes()).map_err(|e| {
        let (p, r) = (path.display(), io_reason(&e));
        UserError(tr(format!("{p}: 書き込めません: {r}"), format!("{p}: cannot write: {r}")))
    })
}

/// A remark's speaker must be an attendee of the sheet that stands. One
/// added only on another copy (a member's own list, an attendee removed on
/// one side) becomes 未指定, said in the report, so that the merged session
/// loads; the words, the kind and the author of a prepared question stay.
/// The change is an edit in the remark's history, as if typed: merging the
/// same copy again sees its version as replaced, not as a conflict.
fn unlisted_speakers(session: &mut Session, now: Stamp) -> Vec<String> {
    let mut notes = Vec::new();
    for r in &mut session.remarks {
        if let Some(id) = &r.speaker
            && session.sheet.attendee(id).is_none()
        {
            let remark = &r.id;
            notes.push(tr(
                format!("発言 {remark}: 発言者 {id:?} は会議の出席者にいないため 未指定 にしました。選び直してください"),
                format!("remark {remark}: its speaker {id:?} is not an attendee of the meeting; set to 未指定, to be chosen again"),
            ));
            let current_since = r.trail().history.last().map_or(r.at, |h| h.changed_at);
            let before = r.snapshot(now.max(current_since), Change::Edited);
            r.trail_mut().history.push(before);
            r.speaker = None;
        }
    }
    notes
}

/// One field, three ways: whichever side changed it; both changed it
/// differently keeps ours and is reported.
fn three_way<T: PartialEq + Clone + std::fmt::Debug>(
    name: &str,
    base: &T,
    ours: &T,
    theirs: &T,
    notes: &mut Vec<String>,
) -> T {
    if ours == base {
        theirs.clone()
    } else if theirs == base || ours == theirs {
        ours.clone()
    } else {
        let label = field_label(name);
        notes.push(tr(
            format!("会議の情報の{label}が両方で変えられています。こちら（{ours:?}）を残し、{theirs:?} は採りません"),
            format!("the session sheet's {label} was changed on both sides; kept ours ({ours:?}), not {theirs:?}"),
        ));
        ours.clone()
    }
}

/// Attendees as the report names them: 山田 太郎（商工会議所）、….
fn roster<'a>(attendees: impl IntoIterator<Item = &'a Attendee>) -> String {
    let names: Vec<String> = attendees
        .into_iter()
        .map(|a| format!("{}（{}）", safe::terminal(&a.name), safe::terminal(&a.affiliation)))
        .collect();
    names.join("、")
}

/// The roster, three ways: whichever side changed it; both changed it
/// differently keeps ours with the attendees `moved` (added on their side
/// under an id ours gives another person, now under a new one), and says
/// who of theirs is left out, by name.
fn attendees_three_way(
    base: &[Attendee],
    ours: &[Attendee],
    theirs: &[Attendee],
    moved: Vec<(String, Attendee)>,
    notes: &mut Vec<String>,
) -> Vec<Attendee> {
    if ours == base {
        return theirs.to_vec();
    }
    if theirs == base || ours == theirs {
        return ours.to_vec();
    }
    let mut kept = ours.to_vec();
    for (old, x) in moved {
        if kept.iter().all(|k| k.id != x.id) {
            let (name, new) = (safe::terminal(&x.name), &x.id);
            notes.push(tr(
                format!("出席者 {name} は相手の側で、こちらでは別の人の番号 {old} で加えられていたため、{new} として加えました（その人の発言も {new} のままです）"),
                format!("attendee {name} was added on their side under {old}, which ours gives another person: added as {new}, with their remarks"),
            ));
            kept.push(x);
        }
    }
    let left_out: Vec<&Attendee> =
        theirs.iter().filter(|x| !kept.contains(x) && !base.contains(x)).collect();
    if !left_out.is_empty() {
        let (label, names) = (field_label("attendees"), roster(left_out));
        notes.push(tr(
            format!("会議の情報の{label}が両方で変えられています。こちらの{label}を残し、相手の {names} は採りません"),
            format!("the session sheet's {label} was changed on both sides; kept ours, not theirs: {names}"),
        ));
    }
    kept
}

/// The agenda (with the statuses of 前回の指摘事項), three ways: whichever
/// side arranged it anew; both differently keeps ours and says so. (Ours
/// whenever ours had one lost a change made only on their branch.)
fn agenda_three_way(
    base: &Session,
    ours: &Session,
    theirs: &Session,
    notes: &mut Vec<String>,
) -> Option<Vec<crate::domain::session::AgendaItem>> {
    if ours.agenda == base.agenda {
        theirs.agenda.clone()
    } else if theirs.agenda == base.agenda || ours.agenda == theirs.agenda {
        ours.agenda.clone()
    } else {
        notes.push(tr(
            "議題（前回の指摘事項の対応状況を含む）が両方で変えられています。こちらの並びを残し、相手の並びは採りません。確かめてください",
            "the agenda (follow-up statuses included) was changed on both sides; kept ours, not theirs: check it",
        ));
        ours.agenda.clone()
    }
}

/// `git merge` driver: `kpi-council merge-driver %O %A %B %P` writes the
/// merge of ours (%A) and theirs (%B) into %A. With %P (the session's path
/// in the working tree) the journal there is merged in as well: changes of
/// a meeting that is running or ended by a crash, not yet in any commit,
/// are in the merged file (and marked as folded, so they are not applied
/// twice).
pub fn driver(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    path: Option<&Path>,
) -> Result<Vec<String>, UserError> {
    let read = |p: &Path| session_file::load(p).map_err(|e| UserError(e.to_string()));
    let (o, mut a, mut b) = (read(base)?, read(ours)?, read(theirs)?);
    let mut notes = Vec::new();
    if let Some(path) = path {
        let folded =
            SessionStore::fold_journal(path, &mut a).map_err(|e| UserError(e.to_string()))?;
        if folded > 0 {
            let path = path.display();
            notes.push(tr(
                format!("{path}: ジャーナルの変更 {folded} 件（まだコミットされていない会議の分）を統合しました"),
                format!(
                    "{path}: {} from its journal (a meeting not yet committed) merged in",
                    crate::i18n::count_en(folded, "change", "changes")
                ),
            ));
        }
    }
    // An attendee both branches added under the same id, each another
    // person: theirs gets a new id, with the remarks only theirs holds.
    let moved = separate_attendees(&a, &mut b, Some(&o.sheet));
    // Their branch is a member's review copy (and ours is not that
    // member's): only the member's own remarks come from it.
    let guarded = match &b.review {
        Some(mark) if a.review.as_ref().is_none_or(|m| !m.is_member(&mark.member)) => {
            let (kept, flagged) = review::guard(&a, &b, &mark.member);
            let member = &mark.member;
            let who = tr(format!("{member} さんの確認用の写し"), format!("{member}'s review copy"));
            notes.extend(flagged.iter().map(|f| flagged_line(&who, &a, f)));
            Some(kept)
        }
        _ => None,
    };
    let mut merged = merge(&a, guarded.as_ref().unwrap_or(&b));
    // A review copy stays one; the meeting's session never becomes one.
    merged.review.clone_from(&a.review);
    merged.sheet = Sheet {
        title: three_way("title", &o.sheet.title, &a.sheet.title, &b.sheet.title, &mut notes),
        date: three_way("date", &o.sheet.date, &a.sheet.date, &b.sheet.date, &mut notes),
        start: three_way("start", &o.sheet.start, &a.sheet.start, &b.sheet.start, &mut notes),
        end: three_way("end", &o.sheet.end, &a.sheet.end, &b.sheet.end, &mut notes),
        place: three_way("place", &o.sheet.place, &a.sheet.place, &b.sheet.place, &mut notes),
        attendees: attendees_three_way(
            &o.sheet.attendees,
            &a.sheet.attendees,
            &b.sheet.attendees,
            moved,
            &mut notes,
        ),
        materials: three_way(
            "materials",
            &o.sheet.materials,
            &a.sheet.materials,
            &b.sheet.materials,
            &mut notes,
        ),
        next_meeting: three_way(
            "next meeting",
            &o.sheet.next_meeting,
            &a.sheet.next_meeting,
            &b.sheet.next_meeting,
            &mut notes,
        ),
    };
    merged.data = three_way("data", &o.data, &a.data, &b.data, &mut notes);
    merged.agenda = agenda_three_way(&o, &a, &b, &mut notes);
    notes.extend(unlisted_speakers(&mut merged, crate::clock::now()));
    notes.extend(conflict_lines(&merged));
    write(ours, merged)?;
    Ok(notes)
}

/// Writes `.gitattributes`, `.gitignore` lines and the merge driver's
/// configuration into the repository around the current folder.
pub fn git_setup() -> Result<Vec<String>, UserError> {
    let top = Command::new("git").args(["rev-parse", "--show-toplevel"]).output().map_err(|e| {
        UserError(tr(format!("git を実行できません: {e}"), format!("cannot run git: {e}")))
    })?;
    if !top.status.success() {
        return Err(UserError(tr(
            "git のリポジトリの中ではありません。先に git init するか、リポジトリのフォルダーへ移ってください",
            "not inside a git repository; run git init first, or cd into one",
        )));
    }
    let root = std::path::PathBuf::from(String::from_utf8_lossy(&top.stdout).trim().to_string());
    let exe = std::env::current_exe().map_err(|e| {
        UserError(tr(
            format!("このプログラムの場所が分かりません: {e}"),
            format!("cannot find this program: {e}"),
        ))
    })?;
    let mut done = Vec::new();
    let append = |file: &str, lines: &[&str], done: &mut Vec<String>| -> Result<(), UserError> {
        let path = root.join(file);
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        let before = text.clone();
        for line in lines {
            if !text.lines().any(|l| l.trim() == *line) {
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(line);
                text.push('\n');
            }
        }
        if text != before {
            RealDisk::default()
                .replace(&path, text.as_bytes())
                .map_err(|e| UserError(format!("{}: {}", path.display(), io_reason(&e))))?;
            let path = path.display();
            done.push(tr(format!("{path} を更新しました"), format!("updated {path}")));
        }
        Ok(())
    };
    append(".gitattributes", &["sessions/*.ron merge=kpi-council"], &mut done)?;
    append(
        ".gitignore",
        &[
            "sessions/*.journal",
            "sessions/*.lock",
            "sessions/*.draft",
            "sessions/*.judgment-draft",
            "sessions/*.bak",
            "sessions/*.bak.pending",
            "sessions/*.unmerged",
        ],
        &mut done,
    )?;
    let driver = format!("\"{}\" merge-driver %O %A %B %P", exe.display());
    for (key, value) in [
        ("merge.kpi-council.name", "kpi-council session merge"),
        ("merge.kpi-council.driver", driver.as_str()),
    ] {
        let status =
            Command::new("git").current_dir(&root).args(["config", key, value]).status().map_err(
                |e| {
                    UserError(tr(
                        format!("git config を実行できません: {e}"),
                        format!("cannot run git config: {e}"),
                    ))
                },
            )?;
        if !status.success() {
            return Err(UserError(tr(
                format!("git config {key} が失敗しました"),
                format!("git config {key} failed"),
            )));
        }
    }
    done.push(format!("git config merge.kpi-council.driver {driver}"));
    Ok(done)
}
