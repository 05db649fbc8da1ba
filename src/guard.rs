//! A library not trusted to survive every input or every disk: its panic
//! caught and made an error, its panic report (which the panic hook would
//! print to stderr, and the interface's hook would take as the end of the
//! run) kept quiet, so that the user sees only the one-line error. Other
//! panics are reported as before.
//!
//! The process's panic hook is filtered once ([`install`]) and never
//! swapped again while a guarded call runs: a call on a worker thread
//! (the minutes' export while the meeting goes on) must not race the
//! interface's own hook. Hooks added later go through [`add_hook`], which
//! passes a guarded panic by as well, or [`add_hook_for_this_thread`].

use std::panic::PanicHookInfo;

thread_local! {
    /// Set while a guarded library runs on this thread: its panic is
    /// caught and said in one line, so its report is not printed.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

static FILTER: std::sync::Once = std::sync::Once::new();

/// Whether the panic under way on this thread is one a guard catches.
fn quiet() -> bool {
    QUIET.with(std::cell::Cell::get)
}

/// Puts the filter in front of the process's panic hook (once; later calls
/// do nothing). Called at the start of the program, before any thread, and
/// by [`quietly`] for callers that did not.
pub fn install() {
    FILTER.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !quiet() {
                previous(info);
            }
        }));
    });
}

/// Adds `hook` in front of the process's panic hook, which runs after it;
/// neither runs for a panic a guard catches.
pub fn add_hook(hook: impl Fn(&PanicHookInfo<'_>) + Send + Sync + 'static) {
    install();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !quiet() {
            hook(info);
            previous(info);
        }
    }));
}

/// [`add_hook`] for the thread that calls it only, while the returned
/// [`ThreadHook`] is held: the interface's thread, which owns the terminal.
/// A panic on any other thread meanwhile (a worker: the interface sees it
/// end, and says so as an error) is written to the log, and neither `hook`
/// nor the hooks before it run for it: they would restore the terminal and
/// print the report over the meeting's screen while the meeting goes on. A
/// worker started inside a guarded call (the workbook's own threads) is
/// such a thread too. Once the handle is dropped, every panic goes to the
/// hooks before it, as if this one were not there.
pub fn add_hook_for_this_thread(
    hook: impl Fn(&PanicHookInfo<'_>) + Send + Sync + 'static,
) -> ThreadHook {
    install();
    let owner = std::thread::current().id();
    let active = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let on = std::sync::Arc::clone(&active);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if quiet() {
            return;
        }
        if on.load(std::sync::atomic::Ordering::SeqCst) {
            if std::thread::current().id() != owner {
                let thread = std::thread::current().name().map(ToString::to_string);
                tracing::error!(?thread, panic = %info, "a worker thread panicked");
                return;
            }
            hook(info);
        }
        previous(info);
    }));
    ThreadHook(active)
}

/// Keeps a hook of [`add_hook_for_this_thread`] in force.
#[must_use]
pub struct ThreadHook(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Drop for ThreadHook {
    fn drop(&mut self) {
        self.0.store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Runs `f`; a panic inside it is `Err` with the panic's message.
pub fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install();
    let outer = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(outer));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}

/// The system's words in a panic message that quotes an I/O error
/// ("Couldn't write to xml file: Os { .., message: "No space left on
/// device" }" is "No space left on device"); any other panic's message is
/// the program's inside (English, "a scoped thread panicked"): the caller
/// logs it, and the user reads that an internal step stopped.
#[must_use]
pub fn said(panic: &str) -> String {
    if let Some((message, _)) =
        panic.split_once("message: \"").and_then(|(_, rest)| rest.split_once('"'))
    {
        return message.to_string();
    }
    crate::i18n::tr(
        "内部の処理が止まりました（詳しくはログに）",
        "an internal step stopped (see the log)",
    )
}

/// Tests that count the hooks' runs take this: a hook for one thread
/// keeps every other thread's panic from the hooks while it is held.
#[cfg(test)]
pub(crate) static HOOK_TESTS: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[cfg(test)]
mod tests {
    use super::{HOOK_TESTS, add_hook, quietly, said};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
        HOOK_TESTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    #[test]
    fn a_guarded_panic_on_a_worker_reaches_no_hook_and_others_still_do() {
        let _one = one_at_a_time();
        // The process's hook is shared by every test: only this test's
        // threads are counted.
        let reports = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&reports);
        add_hook(move |_| {
            if std::thread::current().name() == Some("guarded-worker") {
                counted.fetch_add(1, Ordering::SeqCst);
            }
        });
        let worker = std::thread::Builder::new().name("guarded-worker".into());
        let (caught, outside) = worker
            .spawn(|| {
                let caught: Result<(), String> =
                    quietly(|| panic!("Os {{ code: 28, message: \"No space left on device\" }}"));
                // Nested: the inner guard leaves the outer one quiet.
                let nested: Result<(), String> = quietly(|| {
                    let inner: Result<(), String> = quietly(|| panic!("inner"));
                    assert_eq!(inner, Err("inner".to_string()));
                    panic!("outer")
                });
                assert_eq!(nested, Err("outer".to_string()));
                let outside = std::panic::catch_unwind(|| panic!("not guarded"));
                (caught, outside.is_err())
            })
            .expect("thread")
            .join()
            .expect("the worker ends");
        let message = caught.expect_err("the panic is an error");
        assert_eq!(said(&message), "No space left on device");
        assert!(outside);
        assert_eq!(reports.load(Ordering::SeqCst), 1, "only the panic outside a guard is reported");
    }

    /// A hook for one thread runs for that thread's panics only, while it
    /// is held; another thread's panic reaches neither it nor the hooks
    /// before it (the report that would cover the meeting's screen).
    #[test]
    fn a_hook_for_one_thread_keeps_other_threads_panics_off_the_screen() {
        use std::sync::atomic::AtomicBool;
        let _one = one_at_a_time();
        let (owner_hook, before) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let printed = Arc::clone(&before);
        let done = Arc::new(AtomicBool::new(false));
        let finished = Arc::clone(&done);
        // Stands for the hook that prints the report: counts the panics of
        // this test's threads, until the test is done.
        add_hook(move |_| {
            let name = std::thread::current().name().map(ToString::to_string);
            if !finished.load(Ordering::SeqCst)
                && name.is_some_and(|n| n.starts_with("one-thread-"))
            {
                printed.fetch_add(1, Ordering::SeqCst);
            }
        });
        let ran = Arc::clone(&owner_hook);
        let owner = std::thread::Builder::new().name("one-thread-owner".into());
        owner
            .spawn(move || {
                let held = super::add_hook_for_this_thread(move |_| {
                    ran.fetch_add(1, Ordering::SeqCst);
                });
                let worker = std::thread::Builder::new().name("one-thread-worker".into());
                let joined = worker.spawn(|| panic!("worker")).expect("thread").join();
                assert!(joined.is_err());
                let _ = std::panic::catch_unwind(|| panic!("owner"));
                drop(held);
                let worker = std::thread::Builder::new().name("one-thread-after".into());
                let _ = worker.spawn(|| panic!("after")).expect("thread").join();
            })
            .expect("thread")
            .join()
            .expect("the owner ends");
        done.store(true, Ordering::SeqCst);
        assert_eq!(owner_hook.load(Ordering::SeqCst), 1, "the owner's panic only");
        assert_eq!(before.load(Ordering::SeqCst), 2, "the owner's, and the worker's once dropped");
    }

    #[test]
    fn a_message_without_the_systems_words_is_not_shown_to_the_user() {
        let told = said("a scoped thread panicked");
        assert!(!told.contains("scoped"), "{told}");
        assert!(
            told.contains("内部の処理が止まりました") || told.contains("internal step"),
            "{told}"
        );
    }
}
