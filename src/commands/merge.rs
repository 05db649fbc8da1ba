//! `kpi-council merge`, `merge-driver` and `git-setup`: bringing members'
//! review copies and other branches into the meeting's session.

use std::path::Path;
use std::process::Command;

use crate::domain::session::merge::merge;
use crate::domain::session::{Change, Session, Sheet, Stamp};
use crate::export::safe;
use crate::store::disk::{Disk, RealDisk};
use crate::store::lock::Lock;
use crate::store::ron_file::io_reason;
use crate::store::session_file;
use crate::store::session_store::SessionStore;

use super::UserError;

/// The official fields a copy changes, as words for the report.
fn sheet_changes(official: &Sheet, copy: &Sheet) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |name: &str, a: String, b: String| {
        if a != b {
            // A copy's words reach the terminal only made visible.
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

/// Merges `members` into `base` and writes `output`. Returns the report.
pub fn run(
    base: &Path,
    members: &[&Path],
    output: &Path,
    force: bool,
) -> Result<Vec<String>, UserError> {
    let official = load(base)?;
    let mut report = Vec::new();
    let mut merged = official.clone();
    for path in members {
        let copy = load(path)?;
        if !official.data.plan.sha256.is_empty()
            && !copy.data.plan.sha256.is_empty()
            && official.data.plan.sha256 != copy.data.plan.sha256
            && !force
        {
            return Err(UserError(format!(
                "{}: recorded against another plan (SHA-256 {}…) than {} ({}…); merge only copies of the same meeting, or --force",
                path.display(),
                safe::short_hash(&copy.data.plan.sha256, 12),
                base.display(),
                safe::short_hash(&official.data.plan.sha256, 12)
            )));
        }
        for change in sheet_changes(&official.sheet, &copy.sheet) {
            report.push(format!("flagged, not applied: {} changes the {change}", path.display()));
        }
        merged = merge(&merged, &copy);
    }
    // The meeting's own sheet stands; members' changes are only reported.
    merged.sheet = official.sheet.clone();
    report.extend(unlisted_speakers(&mut merged, crate::clock::now()));
    merged.data = official.data.clone();
    merged.position.clone_from(&official.position);
    // Which journal lines the file holds is the meeting's to say: a copy
    // claiming more would make the next start skip lines it never had.
    merged.folded.clone_from(&official.folded);
    let new = merged.remarks.len() - official.remarks.len();
    let conflicts = merged.remarks.iter().filter(|r| r.in_conflict()).count();
    report.push(format!(
        "{}: {} remarks ({new} new), {conflicts} to settle",
        output.display(),
        merged.remarks.len()
    ));
    let is_input = output == base || members.contains(&output);
    if output.exists() && !is_input && !force {
        return Err(UserError(format!(
            "{}: the file exists; use --force to replace it",
            output.display()
        )));
    }
    // Never write under a running meeting: it would overwrite this at its end.
    let _lock = Lock::acquire(output, "merge").map_err(|e| UserError(e.to_string()))?;
    // The file replaced stays as `<output>.bak` until the next run.
    if let Ok(old) = std::fs::read(output) {
        let backup = std::path::PathBuf::from(format!("{}.bak", output.display()));
        RealDisk::default().replace(&backup, &old).map_err(|e| {
            UserError(format!("{}: cannot write: {}", backup.display(), io_reason(&e)))
        })?;
    }
    write(output, &merged)?;
    // A journal beside the output stays: the lines the merged file already
    // holds are marked folded in it (those of the base), and any other is
    // replayed at the next start rather than lost.
    Ok(report)
}

fn write(path: &Path, session: &Session) -> Result<(), UserError> {
    let text = session_file::to_text(session)
        .map_err(|e| UserError(format!("cannot write the session: {e}")))?;
    crate::store::limits::check_written(text.len())
        .map_err(|e| UserError(format!("{}: not written: {e}", path.display())))?;
    RealDisk::default()
        .replace(path, text.as_bytes())
        .map_err(|e| UserError(format!("{}: cannot write: {}", path.display(), io_reason(&e))))
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
            notes.push(format!(
                "remark {}: its speaker {id:?} is not an attendee of the meeting; set to 未指定, to be chosen again",
                r.id
            ));
            let current_since = r.history.last().map_or(r.at, |h| h.changed_at);
            let before = r.snapshot(now.max(current_since), Change::Edited);
            r.history.push(before);
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
        notes.push(format!("the session sheet's {name} was changed on both sides; kept ours ({ours:?}), not {theirs:?}"));
        ours.clone()
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
    let (o, mut a, b) = (read(base)?, read(ours)?, read(theirs)?);
    let mut notes = Vec::new();
    if let Some(path) = path {
        let folded =
            SessionStore::fold_journal(path, &mut a).map_err(|e| UserError(e.to_string()))?;
        if folded > 0 {
            notes.push(format!(
                "{}: {folded} changes from its journal (a meeting not yet committed) merged in",
                path.display()
            ));
        }
    }
    let mut merged = merge(&a, &b);
    merged.sheet = Sheet {
        title: three_way("title", &o.sheet.title, &a.sheet.title, &b.sheet.title, &mut notes),
        date: three_way("date", &o.sheet.date, &a.sheet.date, &b.sheet.date, &mut notes),
        start: three_way("start", &o.sheet.start, &a.sheet.start, &b.sheet.start, &mut notes),
        end: three_way("end", &o.sheet.end, &a.sheet.end, &b.sheet.end, &mut notes),
        place: three_way("place", &o.sheet.place, &a.sheet.place, &b.sheet.place, &mut notes),
        attendees: three_way(
            "attendees",
            &o.sheet.attendees,
            &a.sheet.attendees,
            &b.sheet.attendees,
            &mut notes,
        ),
    };
    merged.data = three_way("data", &o.data, &a.data, &b.data, &mut notes);
    notes.extend(unlisted_speakers(&mut merged, crate::clock::now()));
    write(ours, &merged)?;
    Ok(notes)
}

/// Writes `.gitattributes`, `.gitignore` lines and the merge driver's
/// configuration into the repository around the current folder.
pub fn git_setup() -> Result<Vec<String>, UserError> {
    let top = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .map_err(|e| UserError(format!("cannot run git: {e}")))?;
    if !top.status.success() {
        return Err(UserError(
            "not inside a git repository; run git init first, or cd into one".into(),
        ));
    }
    let root = std::path::PathBuf::from(String::from_utf8_lossy(&top.stdout).trim().to_string());
    let exe =
        std::env::current_exe().map_err(|e| UserError(format!("cannot find this program: {e}")))?;
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
            done.push(format!("updated {}", path.display()));
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
            "sessions/*.bak",
            "sessions/*.unmerged",
        ],
        &mut done,
    )?;
    let driver = format!("\"{}\" merge-driver %O %A %B %P", exe.display());
    for (key, value) in [
        ("merge.kpi-council.name", "kpi-council session merge"),
        ("merge.kpi-council.driver", driver.as_str()),
    ] {
        let status = Command::new("git")
            .current_dir(&root)
            .args(["config", key, value])
            .status()
            .map_err(|e| UserError(format!("cannot run git config: {e}")))?;
        if !status.success() {
            return Err(UserError(format!("git config {key} failed")));
        }
    }
    done.push(format!("git config merge.kpi-council.driver {driver}"));
    Ok(done)
}
