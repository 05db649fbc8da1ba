//! The binary cache of parsed actuals: used only for the very bytes it was
//! made from, ignored when damaged, and never a reason to refuse a file.

use std::path::{Path, PathBuf};

use kpi_council::domain::quantity::Quantity;
use kpi_council::store::cache::Cache;
use kpi_council::store::dataset_files::{Loaded, load_with};
use kpi_council::store::embedded;

struct Files {
    _dir: tempfile::TempDir,
    plan: PathBuf,
    actuals: PathBuf,
    cache: PathBuf,
}

fn files() -> Files {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("plan.ron");
    let actuals = dir.path().join("actuals.ron");
    std::fs::write(&plan, embedded::PLAN_RON).expect("plan");
    std::fs::write(&actuals, embedded::ACTUALS_RON).expect("actuals");
    let cache = dir.path().join("cache");
    Files { _dir: dir, plan, actuals, cache }
}

fn load(f: &Files) -> Loaded {
    load_with(Some(&f.plan), Some(&f.actuals), &Cache::in_dir(&f.cache)).expect("loads")
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn total(loaded: &Loaded) -> Quantity {
    loaded.dataset.actuals.contributions.iter().map(|c| c.value).sum()
}

#[test]
fn the_second_load_comes_from_the_cache_with_the_same_figures() {
    let f = files();
    let first = load(&f);
    assert!(!first.from_cache);
    assert_eq!(cache_files(&f.cache).len(), 1, "one cache written");
    let second = load(&f);
    assert!(second.from_cache);
    assert_eq!(second.dataset.actuals, first.dataset.actuals);
    assert_eq!(second.dataset.keys, first.dataset.keys);
    assert_eq!(second.actuals_source, first.actuals_source, "the SHA-256 the minutes cite");
    assert_eq!(second.plan_source, first.plan_source);
    // The ledger (every figure, every sorted list) is the one built from the files.
    assert_eq!(second.dataset.ledger, first.dataset.ledger);
}

#[test]
fn an_edit_of_the_same_size_and_time_is_read_from_the_file() {
    let f = files();
    let before = load(&f);
    assert!(load(&f).from_cache);
    let modified = std::fs::metadata(&f.actuals).and_then(|m| m.modified()).expect("mtime");
    // One digit changed: the same number of bytes.
    let text = embedded::ACTUALS_RON;
    let at = text.find("value: 3,").expect("a value of 3 in the sample");
    let edited = format!("{}value: 4,{}", &text[..at], &text[at + "value: 3,".len()..]);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&f.actuals, &edited).expect("edit");
    let file = std::fs::File::options().write(true).open(&f.actuals).expect("open");
    file.set_modified(modified).expect("set the time back");
    drop(file);
    assert_eq!(std::fs::metadata(&f.actuals).and_then(|m| m.modified()).ok(), Some(modified));

    let after = load(&f);
    assert!(!after.from_cache, "the cache was made from other bytes");
    assert_eq!(total(&after), total(&before).saturating_add(Quantity::units(1)));
    assert_ne!(after.actuals_source.sha256, before.actuals_source.sha256);
    // The cache is made again from the new bytes.
    let again = load(&f);
    assert!(again.from_cache);
    assert_eq!(total(&again), total(&after));
}

/// The cache holds actuals checked against one plan: with another plan
/// they are checked again, and refused when they no longer fit it.
#[test]
fn a_changed_plan_checks_the_actuals_again() {
    let f = files();
    load(&f);
    let plan = embedded::PLAN_RON.replace("新規移動人数", "新規移住人数");
    std::fs::write(&f.plan, plan).expect("plan");
    let error = load_with(Some(&f.plan), Some(&f.actuals), &Cache::in_dir(&f.cache))
        .expect_err("the actuals name a KPI the plan no longer has");
    assert!(error.to_string().contains("unknown KPI id \"新規移動人数\""), "{error}");
}

#[test]
fn a_damaged_cache_falls_back_to_the_file_and_is_rebuilt() {
    let f = files();
    let first = load(&f);
    let [cache] = cache_files(&f.cache).try_into().expect("one cache");
    let whole = std::fs::read(&cache).expect("cache");
    for damage in ["cut", "garbage", "flipped", "empty"] {
        let bytes = match damage {
            "cut" => whole[..whole.len() / 2].to_vec(),
            "garbage" => vec![0xFF; whole.len()],
            "flipped" => {
                // A byte of the records in the middle: a length or a text.
                let mut b = whole.clone();
                let i = b.len() / 2;
                b[i] ^= 0xFF;
                b
            }
            _ => Vec::new(),
        };
        std::fs::write(&cache, &bytes).expect("damage");
        let loaded = load(&f);
        assert!(!loaded.from_cache, "{damage}: a damaged cache was used");
        assert_eq!(loaded.dataset.actuals, first.dataset.actuals, "{damage}");
        assert!(load(&f).from_cache, "{damage}: the cache is written again");
        let whole_again = std::fs::read(&cache).expect("cache");
        assert_eq!(whole_again, whole, "{damage}: the same cache as before");
    }
}

#[test]
fn no_cache_folder_is_no_reason_to_refuse() {
    let f = files();
    // A file where the folder should be: the cache cannot be written.
    std::fs::write(&f.cache, "not a folder").expect("file");
    let loaded = load(&f);
    assert!(!loaded.from_cache);
    assert_eq!(loaded.dataset.actuals.contributions.len(), 44);
    assert!(!load(&f).from_cache);
}

/// A session named on the command line is locked, read and parsed ahead
/// while the data load; opening takes that lock and that reading, and reads
/// the file no second time. Another meeting is refused meanwhile, and a
/// file replaced without the lock after it was read (git, a copy) is merged
/// in at the next snapshot, never lost.
#[test]
fn a_session_read_ahead_is_read_under_its_lock() {
    use kpi_council::domain::session::{DataRefs, Op, Remark, RemarkKind, Session, Sheet, Target};
    use kpi_council::store::disk::RealDisk;
    use kpi_council::store::session_file::{self, Early};
    use kpi_council::store::session_store::SessionStore;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    let at = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    let mut session = Session::new(Sheet::default(), DataRefs::default());
    let remark = |id: &str, text: &str| {
        Op::AddRemark(Remark::new(id.into(), at, RemarkKind::Opinion, Target::Meeting, text.into()))
    };
    session.apply(&remark("01A", "最初の発言")).expect("add");
    std::fs::write(&path, session_file::to_text(&session).expect("ron")).expect("write");
    let create = || Session::new(Sheet::default(), DataRefs::default());
    let open = |early| {
        SessionStore::open_with(&path, create, Box::new(RealDisk::default()), "test", early)
    };

    let early = Early::read(&path, &Cache::off(), "test").expect("read ahead");
    let refused = open(None).err().expect("a second opening is refused while locked ahead");
    assert!(refused.to_string().contains("kpi-council"), "{refused}");
    let (store, opened, _) = open(Some(early)).expect("open with the lock taken ahead");
    assert_eq!(opened.remarks.len(), 1);
    drop(store);

    // Read ahead, then the file replaced by a program that takes no lock.
    let early = Early::read(&path, &Cache::off(), "test").expect("read ahead");
    let mut theirs = session.clone();
    theirs.apply(&remark("01B", "後から加わった発言")).expect("add");
    std::fs::write(&path, session_file::to_text(&theirs).expect("ron")).expect("write");
    let (mut store, opened, _) = open(Some(early)).expect("open");
    assert_eq!(opened.remarks.len(), 1, "the file as read under the lock");
    store.snapshot(&opened).expect("snapshot");
    drop(store);
    let written = session_file::load(&path).expect("read back");
    let texts: Vec<&str> = written.remarks.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["最初の発言", "後から加わった発言"], "merged at the snapshot, nothing lost");
}

/// A folder with a session file of 5,000 remarks (over 1 MB) at `s.ron`,
/// and a cache folder `copies` with the default threshold (1 MB), as a
/// user's cache folder has it: (folder, copies, cache, path, text).
fn large_session() -> (tempfile::TempDir, PathBuf, Cache, PathBuf, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let copies = dir.path().join("copies");
    let cache = Cache::in_dir(&copies).from_size(kpi_council::store::cache::MIN_BYTES);
    let path = dir.path().join("s.ron");
    let size = kpi_council::sample::Size { remarks: 5_000, ..kpi_council::sample::MEDIUM };
    let text = kpi_council::store::session_file::to_text(&kpi_council::sample::session_of(size))
        .expect("ron");
    std::fs::write(&path, &text).expect("write");
    (dir, copies, cache, path, text)
}

/// A large session opens from the parsed copy the meeting that wrote it
/// left (its closing snapshot), and from the file as soon as the file holds
/// anything else.
/// The remark a meeting adds before it closes.
fn closing_remark(at: kpi_council::domain::session::Stamp) -> kpi_council::domain::session::Op {
    use kpi_council::domain::session::{Op, Remark, RemarkKind, Target};
    Op::AddRemark(Remark::new(
        "ZZZ".into(),
        at,
        RemarkKind::Opinion,
        Target::Meeting,
        "閉会".into(),
    ))
}

#[test]
fn a_large_session_opens_from_its_copy_only_for_the_same_bytes() {
    use kpi_council::store::disk::RealDisk;
    use kpi_council::store::session_file::{self, Early};
    use kpi_council::store::session_store::SessionStore;
    let (_dir, copies, cache, path, _) = large_session();
    let copies_made = || std::fs::read_dir(&copies).map_or(0, Iterator::count);

    // A meeting opens the file, records a remark and closes.
    let at = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    // (its copies kept in the cache folder it was read ahead with)
    let (mut store, mut s, _) = SessionStore::open_with(
        &path,
        || unreachable!("the file exists"),
        Box::new(RealDisk::default()),
        "test",
        Early::read(&path, &cache, "test"),
    )
    .expect("open");
    assert_eq!(copies_made(), 0, "parsed, no copy made on the way in");
    let op = closing_remark(at);
    s.apply(&op).expect("add");
    store.snapshot(&s).expect("snapshot");
    drop(store);
    assert_eq!(copies_made(), 1, "the closing snapshot leaves a copy");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.len() > 1024 * 1024, "large enough to be copied: {} bytes", text.len());

    // The next start: the copy is the file as parsed.
    let parsed = session_file::load(&path).expect("parse");
    let ahead = |cache: &Cache| {
        let locked = Early::read(&path, cache, "test").and_then(Early::locked);
        locked.and_then(|l| l.read).map(|r| r.session)
    };
    let from_copy = ahead(&cache);
    assert_eq!(from_copy.as_ref(), Some(&parsed));
    assert!(parsed.remarks.iter().any(|r| r.text == "閉会"));

    // The same length, one letter changed: parsed again, never the copy.
    let changed = text.replacen("目標に届かなかった理由", "目標に届かなかった事情", 1);
    assert_eq!(changed.len(), text.len());
    assert_ne!(changed, text);
    std::fs::write(&path, &changed).expect("write");
    let now = ahead(&cache).expect("the file as it is");
    assert_ne!(now, parsed);
    assert_eq!(now, session_file::load(&path).expect("parse"));
}

/// The closing snapshot of a large session still in the order written
/// (written from where it is, its remarks not copied) marks the run's
/// journal lines folded in, and leaves the copy the next start reads: the
/// file as parsed.
#[test]
fn a_large_session_in_order_is_closed_with_its_journal_folded_in() {
    use kpi_council::store::disk::RealDisk;
    use kpi_council::store::session_file::{self, Early};
    use kpi_council::store::session_store::SessionStore;
    let (_dir, _copies, cache, path, _) = large_session();
    let (mut store, mut s, _) = SessionStore::open_keeping_copies_in(
        &path,
        || unreachable!("the file exists"),
        Box::new(RealDisk::default()),
        "test",
        cache.clone(),
    )
    .expect("open");
    // Later than every remark of the sample: the session stays in order.
    let at = chrono::DateTime::parse_from_rfc3339("2030-01-01T09:00:00+09:00").expect("time");
    let op = closing_remark(at);
    s.apply(&op).expect("add");
    assert!(s.remarks.is_sorted_by(|a, b| (a.at, &a.id) <= (b.at, &b.id)), "in order");
    store.record(&s, s.revision, &op).expect("journal");
    store.snapshot(&s).expect("close");
    drop(store);

    let parsed = session_file::load(&path).expect("parse");
    assert!(parsed.remarks.last().is_some_and(|r| r.text == "閉会"));
    assert_eq!(parsed.folded.values().copied().collect::<Vec<_>>(), [1], "{:?}", parsed.folded);
    let ahead = Early::read(&path, &cache, "test").and_then(Early::locked);
    let from_copy = ahead.and_then(|l| l.read).map(|r| r.session);
    assert_eq!(from_copy.as_ref(), Some(&parsed), "the copy is the file as parsed");
}

/// A meeting opened to look and closed writes nothing: the file keeps its
/// bytes and no backup is made; the parsed copy the next start reads is
/// left when there was none. Any change (a remark, the data the session
/// records, a file replaced on disk meanwhile) is written as always.
#[test]
fn a_session_closed_unchanged_is_not_written_again() {
    use kpi_council::domain::session::{Op, Remark, RemarkKind, Session, Target};
    use kpi_council::store::disk::RealDisk;
    use kpi_council::store::session_file;
    use kpi_council::store::session_store::SessionStore;
    let (dir, copies, cache, path, text) = large_session();
    let backup = dir.path().join("s.ron.bak");
    let modified = || std::fs::metadata(&path).expect("meta").modified().expect("time");
    let before = modified();
    let open = || {
        let (store, s, _) = SessionStore::open_keeping_copies_in(
            &path,
            || unreachable!("the file exists"),
            Box::new(RealDisk::default()),
            "test",
            cache.clone(),
        )
        .unwrap_or_else(|e| panic!("open: {e}"));
        (store, s)
    };
    let copies_made = || std::fs::read_dir(&copies).map_or(0, Iterator::count);

    // Opened and closed (the closing snapshot) without a change.
    let (mut store, s) = open();
    store.snapshot(&s).expect("close");
    drop(store);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text, "the same bytes");
    assert_eq!(modified(), before, "not written again");
    assert!(!backup.exists(), "nothing replaced, no backup");
    assert_eq!(copies_made(), 1, "the copy for the next start");
    let (mut store, s) = open();
    store.snapshot(&s).expect("close");
    drop(store);
    assert_eq!(copies_made(), 1, "one copy, not made again");

    // The data the session records, set after opening: written.
    let (mut store, mut s) = open();
    s.data.actuals.sha256 = "0".repeat(64);
    store.snapshot(&s).expect("close");
    drop(store);
    assert!(backup.exists(), "replaced, after its backup");
    let written = session_file::load(&path).expect("read back");
    assert_eq!(written.data.actuals.sha256, "0".repeat(64));

    // A remark recorded: written.
    let (mut store, mut s) = open();
    let at = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    let op = closing_remark(at);
    s.apply(&op).expect("add");
    store.record(&s, s.revision, &op).expect("journal");
    store.snapshot(&s).expect("close");
    drop(store);
    let written = session_file::load(&path).expect("read back");
    assert!(written.remarks.iter().any(|r| r.text == "閉会"));

    // Unchanged here, but the file replaced on disk meanwhile: merged.
    let (mut store, s) = open();
    let mut theirs: Session = written.clone();
    let op = Op::AddRemark(Remark::new(
        "ZZZZ".into(),
        at,
        RemarkKind::Opinion,
        Target::Meeting,
        "別の写しの発言".into(),
    ));
    theirs.apply(&op).expect("add");
    std::fs::write(&path, session_file::to_text(&theirs).expect("ron")).expect("write");
    store.snapshot(&s).expect("close");
    drop(store);
    let written = session_file::load(&path).expect("read back");
    assert!(written.remarks.iter().any(|r| r.text == "別の写しの発言"), "theirs kept");
    assert!(written.remarks.iter().any(|r| r.text == "閉会"), "ours kept");
}
