//! The sessions in the sessions folder, for the start screen: what each
//! meeting is, how far it got, and which one the secretary most likely
//! means to open today.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;

use super::session_store::SessionStore;

/// One session file of the folder.
#[derive(Debug, Clone)]
pub struct Listed {
    pub path: PathBuf,
    /// What the file holds, or why it cannot be read.
    pub content: Result<Summary, String>,
    /// When the file was last written.
    pub saved: Option<SystemTime>,
    /// Whether another kpi-council has it open now.
    pub open_elsewhere: bool,
    /// The session of the folder this file is a copy of (see
    /// [`original_of`]), if it is one.
    pub copy_of: Option<PathBuf>,
}

/// What the start screen shows of a readable session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub title: String,
    /// The meeting date of its sheet.
    pub date: Option<NaiveDate>,
    /// Remarks not deleted, journal included.
    pub remarks: usize,
    /// The SHA-256 of the plan it was recorded against (empty if none).
    pub plan_sha256: String,
}

/// Whether a path is a session file and not one of its companions (lock,
/// journal, draft, backup) or an export.
fn is_session_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "ron")
        && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| !n.starts_with('.'))
}

/// The session files of `dir`, newest meeting first; an absent folder has
/// none.
#[must_use]
pub fn list(dir: &Path) -> Vec<Listed> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<Listed> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_session_file(p) && p.is_file())
        .map(|path| {
            let content = SessionStore::read_head(&path)
                .map(|(s, remarks)| Summary {
                    title: s.sheet.title,
                    date: s.sheet.date,
                    remarks,
                    plan_sha256: s.data.plan.sha256,
                })
                .map_err(|e| e.to_string());
            let saved = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
            let open_elsewhere = super::lock::is_held(&path);
            Listed { path, content, saved, open_elsewhere, copy_of: None }
        })
        .collect();
    out.sort_by(|a, b| {
        let key = |l: &Listed| (l.content.as_ref().ok().and_then(|s| s.date), l.saved);
        key(b).cmp(&key(a)).then_with(|| a.path.cmp(&b.path))
    });
    let originals: Vec<Option<PathBuf>> = out.iter().map(|l| original_of(&out, l)).collect();
    for (listed, original) in out.iter_mut().zip(originals) {
        listed.copy_of = original;
    }
    out
}

/// The file of `listed` that `copy` is a copy of: a file of the same
/// meeting (title and date) whose name `copy`'s name extends, as a sync
/// service names the copy it makes beside a file changed on two machines
/// (`… (1).ron`, `… (conflicted copy 2019-05-20).ron`, `…-PC01.ron`,
/// `….sync-conflict-….ron`) and as a file manager names a copy (`… - コピー.ron`).
/// A session's own name is fixed when it is created, so the shortest such
/// name is the meeting's session; the copy holds remarks it may lack.
fn original_of(listed: &[Listed], copy: &Listed) -> Option<PathBuf> {
    let stem = |l: &Listed| l.path.file_stem().and_then(|s| s.to_str()).map(str::to_owned);
    let (Some(name), Ok(meeting)) = (stem(copy), &copy.content) else { return None };
    listed
        .iter()
        .filter_map(|other| {
            let other_stem = stem(other)?;
            let same = other
                .content
                .as_ref()
                .is_ok_and(|o| o.title == meeting.title && o.date == meeting.date);
            (same && extends(&name, &other_stem)).then(|| (other_stem.len(), other.path.clone()))
        })
        .min()
        .map(|(_, path)| path)
}

/// Whether a file named `name` (without its extension) extends the name
/// `other`, as a copy's name extends its original's (see [`original_of`]).
fn extends(name: &str, other: &str) -> bool {
    name.len() > other.len() && name.starts_with(other)
}

/// The other session files of `dir` than `except`, each without its
/// remarks (`SessionStore::read_head`: journal included); a file that
/// cannot be read is left out, and so is a copy of another file of the
/// same meeting (a sync service's, see [`original_of`]): one meeting is
/// one session.
#[must_use]
pub fn read_others(dir: &Path, except: &Path) -> Vec<crate::domain::session::Session> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let found: Vec<(String, crate::domain::session::Session)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_session_file(p) && p.is_file() && p.file_name() != except.file_name())
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?.to_owned();
            SessionStore::read_head(&path).ok().map(|(session, _)| (stem, session))
        })
        .collect();
    let copy: Vec<bool> = found
        .iter()
        .map(|(name, s)| {
            found.iter().any(|(other, o)| {
                o.sheet.title == s.sheet.title
                    && o.sheet.date == s.sheet.date
                    && extends(name, other)
            })
        })
        .collect();
    found.into_iter().zip(copy).filter(|(_, copy)| !copy).map(|((_, s), _)| s).collect()
}

/// The one to select at start: the meeting of today, else the next one to
/// come, else the most recently saved.
#[must_use]
pub fn most_relevant(listed: &[Listed], today: NaiveDate) -> Option<usize> {
    // A copy beside its meeting's session is never chosen for the
    // secretary: the meeting is recorded in the session itself.
    let date =
        |l: &Listed| l.content.as_ref().ok().and_then(|s| s.date).filter(|_| l.copy_of.is_none());
    if let Some(i) = listed.iter().position(|l| date(l) == Some(today)) {
        return Some(i);
    }
    let next = listed
        .iter()
        .enumerate()
        .filter_map(|(i, l)| date(l).filter(|d| *d > today).map(|d| (d, i)))
        .min();
    if let Some((_, i)) = next {
        return Some(i);
    }
    listed
        .iter()
        .enumerate()
        .filter(|(_, l)| l.copy_of.is_none())
        .max_by_key(|(i, l)| (l.saved, std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
}

/// The session of `dir` another kpi-council is recording now (its lock is
/// held), the most recently written if several are.
#[must_use]
pub fn being_recorded(dir: &Path) -> Option<PathBuf> {
    let entries = std::fs::read_dir(dir).ok()?;
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| is_session_file(p) && p.is_file() && super::lock::is_held(p))
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{DataRefs, Session, Sheet};

    fn write(dir: &Path, name: &str, title: &str, date: Option<&str>) {
        let sheet = Sheet {
            title: title.into(),
            date: date.map(|d| d.parse().expect("date")),
            ..Sheet::default()
        };
        let session = Session::new(sheet, DataRefs::default());
        let text = crate::store::session_file::to_text(&session).expect("text");
        std::fs::write(dir.join(name), text).expect("write");
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn the_meeting_of_today_then_the_next_then_the_newest() {
        let dir = tempfile::tempdir().expect("dir");
        write(dir.path(), "2018-05-21-a.ron", "前年度", Some("2018-05-21"));
        write(dir.path(), "2019-05-20-a.ron", "第1回", Some("2019-05-20"));
        write(dir.path(), "2019-11-05-a.ron", "第2回", Some("2019-11-05"));
        std::fs::write(dir.path().join("2019-05-20-a.ron.lock"), "").expect("lock");
        std::fs::write(dir.path().join("notes.txt"), "").expect("other");
        let listed = list(dir.path());
        let titles: Vec<_> =
            listed.iter().map(|l| l.content.as_ref().expect("readable").title.clone()).collect();
        assert_eq!(
            titles,
            ["第2回", "第1回", "前年度"],
            "newest meeting first, companions left out"
        );
        let title = |i: Option<usize>| {
            i.map(|i| listed[i].content.as_ref().expect("readable").title.clone())
        };
        assert_eq!(title(most_relevant(&listed, day("2019-05-20"))).as_deref(), Some("第1回"));
        assert_eq!(title(most_relevant(&listed, day("2019-05-13"))).as_deref(), Some("第1回"));
        assert_eq!(title(most_relevant(&listed, day("2019-06-01"))).as_deref(), Some("第2回"));
        assert!(most_relevant(&listed, day("2020-01-01")).is_some(), "else the newest saved");
    }

    /// A sync service's conflicted copy of today's session, saved after
    /// it: marked as the copy, and the session itself is what opens.
    #[test]
    fn a_copy_beside_the_session_is_marked_and_never_chosen() {
        let dir = tempfile::tempdir().expect("dir");
        write(dir.path(), "2019-05-20-北見市.ron", "第1回", Some("2019-05-20"));
        let earlier = SystemTime::now() - std::time::Duration::from_secs(3600);
        let session = dir.path().join("2019-05-20-北見市.ron");
        std::fs::File::options()
            .write(true)
            .open(&session)
            .and_then(|f| f.set_modified(earlier))
            .expect("mtime");
        for copy in [
            "2019-05-20-北見市 (1).ron",
            "2019-05-20-北見市 (佐藤's conflicted copy 2019-05-20).ron",
            "2019-05-20-北見市-PC01.ron",
        ] {
            write(dir.path(), copy, "第1回", Some("2019-05-20"));
        }
        // Another meeting whose name begins alike is no copy.
        write(dir.path(), "2019-05-20-北見市2.ron", "第2回", Some("2019-05-20"));
        let listed = list(dir.path());
        let name = |l: &Listed| l.path.file_name().expect("name").to_string_lossy().into_owned();
        for l in &listed {
            let expected =
                !matches!(name(l).as_str(), "2019-05-20-北見市.ron" | "2019-05-20-北見市2.ron");
            assert_eq!(l.copy_of.is_some(), expected, "{}", name(l));
            if expected {
                assert_eq!(l.copy_of.as_deref(), Some(session.as_path()), "{}", name(l));
            }
        }
        for today in ["2019-05-20", "2019-05-13", "2020-01-01"] {
            let chosen = most_relevant(&listed, day(today)).expect("one");
            assert!(listed[chosen].copy_of.is_none(), "{today}: {}", name(&listed[chosen]));
        }
        let today = most_relevant(&listed, day("2019-05-20")).expect("one");
        assert!(name(&listed[today]).starts_with("2019-05-20-北見市"), "{}", name(&listed[today]));
    }

    /// The plan-across-years screen reads the earlier meetings: a sync
    /// service's copy of one is not a second meeting of the same name.
    #[test]
    fn the_earlier_meetings_are_read_without_their_copies() {
        let dir = tempfile::tempdir().expect("dir");
        write(dir.path(), "2018-05-21-北見市.ron", "第1回", Some("2018-05-21"));
        write(dir.path(), "2018-05-21-北見市 (1).ron", "第1回", Some("2018-05-21"));
        write(dir.path(), "2018-05-21-北見市2.ron", "第2回", Some("2018-05-21"));
        write(dir.path(), "2019-05-20-北見市.ron", "第3回", Some("2019-05-20"));
        let today = dir.path().join("2019-05-20-北見市.ron");
        let mut titles: Vec<String> =
            read_others(dir.path(), &today).into_iter().map(|s| s.sheet.title).collect();
        titles.sort();
        assert_eq!(titles, ["第1回", "第2回"]);
    }

    #[test]
    fn an_unreadable_file_is_listed_with_its_reason() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("broken.ron"), "(title: ").expect("write");
        let listed = list(dir.path());
        assert_eq!(listed.len(), 1);
        let reason = listed[0].content.as_ref().expect_err("unreadable");
        assert!(reason.contains("broken.ron"), "{reason}");
        assert_eq!(most_relevant(&listed, day("2019-05-20")), Some(0));
    }
}
