//! The executor: tasks kept on the application's thread, polled from Qt's event queue.

#[cxx_qt::bridge]
mod ffi {
    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        include!("cxx-qt-sockets/aio.h");
        type QEventLoop;

        #[cxx_name = "aioPost"]
        fn post() -> bool;
        #[cxx_name = "aioOnAppThread"]
        fn on_app_thread() -> bool;
        #[cxx_name = "aioNewLoop"]
        fn new_loop() -> UniquePtr<QEventLoop>;
        #[cxx_name = "aioExec"]
        fn exec(event_loop: &QEventLoop) -> i32;
        #[cxx_name = "aioQuit"]
        fn quit(event_loop: &QEventLoop);
    }

    #[namespace = "cxx_qt_sockets"]
    extern "Rust" {
        #[cxx_name = "aioRunReady"]
        fn run_ready();
    }

    impl UniquePtr<QEventLoop> {}
}

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

type LocalTask = Pin<Box<dyn Future<Output = ()>>>;

/// Woken tasks, from any thread; drained on the application's thread.
static READY: Mutex<Vec<u64>> = Mutex::new(Vec::new());
/// One posted call at a time, however many wakes.
static POSTED: AtomicBool = AtomicBool::new(false);

thread_local! {
    static TASKS: RefCell<HashMap<u64, LocalTask>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

struct TaskWaker(u64);

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        schedule(self.0);
    }
}

fn schedule(id: u64) {
    READY.lock().unwrap_or_else(|e| e.into_inner()).push(id);
    if !POSTED.swap(true, Ordering::AcqRel) && !ffi::post() {
        // No application (yet, or any more): the next spawn or wake posts again.
        POSTED.store(false, Ordering::Release);
    }
}

/// Polls every task woken since the last call (Qt calls it from the event queue).
fn run_ready() {
    POSTED.store(false, Ordering::Release);
    let ready = std::mem::take(&mut *READY.lock().unwrap_or_else(|e| e.into_inner()));
    for id in ready {
        // Out of the map while it runs: a task may spawn, wake or abort tasks, itself included.
        let Some(mut task) = TASKS.with_borrow_mut(|tasks| tasks.remove(&id)) else {
            continue; // done, aborted, or woken twice
        };
        let waker = Waker::from(Arc::new(TaskWaker(id)));
        let pending = task
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_pending();
        // Forgotten either way: a task aborted while it ran is not put back, and its id goes
        // (also when it finished in that same poll).
        let aborted = ABORTED.with_borrow_mut(|aborted| aborted.remove(&id));
        if pending && !aborted {
            TASKS.with_borrow_mut(|tasks| tasks.insert(id, task));
        }
    }
}

thread_local! {
    /// Tasks aborted while they ran (out of the map): not put back.
    static ABORTED: RefCell<std::collections::HashSet<u64>> = RefCell::new(Default::default());
}

/// Runs `future` on Qt's event loop, on this thread (the application's: a panic says so if it is
/// not), beside QML and every signal: polled from Qt's event queue whenever it is woken. The
/// future needs no `Send`. Its output comes from the [`JoinHandle`]; dropping the handle lets
/// the task run on ([`JoinHandle::abort`] ends it).
pub fn spawn_local<F>(future: F) -> JoinHandle<F::Output>
where
    F: Future + 'static,
{
    assert!(
        ffi::on_app_thread(),
        "cxx_qt_sockets::aio: spawn_local needs a QCoreApplication (or QGuiApplication) of this thread"
    );
    let id = NEXT_ID.get();
    NEXT_ID.set(id + 1);
    let state = Rc::new(JoinState {
        output: RefCell::new(None),
        waker: RefCell::new(None),
    });
    let done = Rc::clone(&state);
    let task: LocalTask = Box::pin(async move {
        let output = future.await;
        *done.output.borrow_mut() = Some(output);
        if let Some(waker) = done.waker.borrow_mut().take() {
            waker.wake();
        }
    });
    TASKS.with_borrow_mut(|tasks| tasks.insert(id, task));
    schedule(id);
    JoinHandle { id, state }
}

struct JoinState<T> {
    output: RefCell<Option<T>>,
    waker: RefCell<Option<Waker>>,
}

/// A task's output, as a future. Dropping it does not end the task.
pub struct JoinHandle<T> {
    id: u64,
    state: Rc<JoinState<T>>,
}

impl<T> JoinHandle<T> {
    /// Ends the task: its future is dropped (and with it whatever it connected), now or, if it
    /// is running, as soon as it yields. A handle of an aborted task never completes.
    pub fn abort(&self) {
        let removed = TASKS.with_borrow_mut(|tasks| tasks.remove(&self.id));
        if removed.is_none() && self.state.output.borrow().is_none() {
            ABORTED.with_borrow_mut(|aborted| aborted.insert(self.id));
        }
        drop(removed);
    }

    /// True once the task has finished (its output is waiting, or was taken).
    pub fn is_finished(&self) -> bool {
        self.state.output.borrow().is_some()
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match self.state.output.borrow_mut().take() {
            Some(output) => Poll::Ready(output),
            None => {
                *self.state.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// Runs Qt's event loop (a local `QEventLoop`) until `future` completes, and returns its output:
/// `main`'s way into async code. Signals, timers, QML and other tasks keep running meanwhile.
/// Needs a `QCoreApplication` (or `QGuiApplication`) on this thread.
pub fn block_on<F>(future: F) -> F::Output
where
    F: Future + 'static,
{
    let event_loop = Rc::new(ffi::new_loop());
    let quit = Rc::clone(&event_loop);
    let handle = spawn_local(async move {
        let output = future.await;
        ffi::quit(&quit);
        output
    });
    ffi::exec(&event_loop);
    let output = handle.state.output.borrow_mut().take();
    // The loop ends only when the task did, unless QCoreApplication::exit ended every loop.
    output.expect("cxx_qt_sockets::aio::block_on: the event loop was ended (QCoreApplication::exit) before the future completed")
}
