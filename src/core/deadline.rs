//! Deadlines for many requests on one thread. A thread per request that sleeps until its
//! timeout is simple, but a bridge relaying thousands of fortunes a second would hold tens of
//! thousands of them; this keeps one thread and a heap of pending deadlines.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A call due at `at`; `seq` keeps calls due at the same instant in the order they were made.
struct Due {
    at: Instant,
    seq: u64,
    call: Box<dyn FnOnce() + Send>,
}

impl PartialEq for Due {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}

impl Eq for Due {}

impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Due {
    /// Reversed: BinaryHeap is a max-heap, and the earliest call must come first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

#[derive(Default)]
struct Pending {
    heap: BinaryHeap<Due>,
    seq: u64,
}

struct Timer {
    pending: Mutex<Pending>,
    changed: Condvar,
}

fn timer() -> &'static Timer {
    static TIMER: OnceLock<&'static Timer> = OnceLock::new();
    TIMER.get_or_init(|| {
        let timer: &'static Timer = Box::leak(Box::new(Timer {
            pending: Mutex::default(),
            changed: Condvar::new(),
        }));
        std::thread::Builder::new()
            .name("deadlines".into())
            .spawn(move || timer.run())
            .expect("a thread for deadlines");
        timer
    })
}

impl Timer {
    fn run(&self) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let now = Instant::now();
            match pending.heap.peek().map(|due| due.at) {
                Some(at) if at <= now => {
                    let due = pending.heap.pop().expect("peeked");
                    drop(pending);
                    (due.call)();
                    pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
                }
                Some(at) => {
                    pending = self
                        .changed
                        .wait_timeout(pending, at - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
                None => {
                    pending = self
                        .changed
                        .wait(pending)
                        .unwrap_or_else(|e| e.into_inner());
                }
            }
        }
    }
}

/// Calls `call` once `delay` has passed, on the one deadline thread (so `call` should only
/// hand work over, e.g. queue it to a QObject's thread).
pub fn after(delay: Duration, call: impl FnOnce() + Send + 'static) {
    let timer = timer();
    let mut pending = timer.pending.lock().unwrap_or_else(|e| e.into_inner());
    pending.seq += 1;
    let due = Due {
        at: Instant::now() + delay,
        seq: pending.seq,
        call: Box::new(call),
    };
    pending.heap.push(due);
    drop(pending);
    timer.changed.notify_one();
}
