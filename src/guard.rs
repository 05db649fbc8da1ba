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
//! passes a guarded panic by as well.

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
/// device" }" is "No space left on device"), or the whole message.
#[must_use]
pub fn said(panic: &str) -> String {
    panic
        .split_once("message: \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or_else(|| panic.to_string(), |(message, _)| message.to_string())
}

#[cfg(test)]
mod tests {
    use super::{add_hook, quietly, said};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_guarded_panic_on_a_worker_reaches_no_hook_and_others_still_do() {
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

    #[test]
    fn a_message_without_the_systems_words_is_said_whole() {
        assert_eq!(said("index out of bounds"), "index out of bounds");
    }
}
