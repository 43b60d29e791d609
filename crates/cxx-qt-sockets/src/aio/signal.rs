//! Signals and timers as futures: the next emission of any cxx-qt signal, every emission as a
//! `Stream`, and QTimer's sleep and timeout.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use cxx_qt::QMetaObjectConnectionGuard;
use futures_core::Stream;

use crate::qbox::QBox;
use crate::qtimer::QTimer;

struct Queue<A> {
    values: VecDeque<A>,
    waker: Option<Waker>,
}

/// The sending end a signal's closure is given: `send` its arguments. `Send` and `Clone`, as
/// cxx-qt's closures need.
pub struct Emitted<A> {
    queue: Arc<Mutex<Queue<A>>>,
}

impl<A> Clone for Emitted<A> {
    fn clone(&self) -> Self {
        Emitted {
            queue: Arc::clone(&self.queue),
        }
    }
}

impl<A> Emitted<A> {
    /// Hands one emission's arguments to the future or stream, and wakes it.
    pub fn send(&self, value: A) {
        let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        queue.values.push_back(value);
        if let Some(waker) = queue.waker.take() {
            waker.wake();
        }
    }
}

/// Every emission of a signal, as a `Stream` of its arguments; dropping it disconnects.
///
/// `connect` connects the signal with the `Emitted` it is given, and returns cxx-qt's guard:
/// ```ignore
/// let mut lines = emissions(|sent| socket.as_mut().on_ready_read(move |_| sent.send(())));
/// ```
pub fn emissions<A>(
    connect: impl FnOnce(Emitted<A>) -> QMetaObjectConnectionGuard,
) -> Emissions<A> {
    let queue = Arc::new(Mutex::new(Queue {
        values: VecDeque::new(),
        waker: None,
    }));
    let guard = connect(Emitted {
        queue: Arc::clone(&queue),
    });
    Emissions {
        queue,
        _connection: guard,
    }
}

/// See [`emissions`].
pub struct Emissions<A> {
    queue: Arc<Mutex<Queue<A>>>,
    _connection: QMetaObjectConnectionGuard,
}

impl<A> Stream for Emissions<A> {
    type Item = A;
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<A>> {
        let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        match queue.values.pop_front() {
            Some(value) => Poll::Ready(Some(value)),
            None => {
                queue.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl<A> Unpin for Emissions<A> {}

/// The next emission of a signal, as a future of its arguments; dropping it disconnects. An
/// emission during `connect` itself (a signal Qt emits inside the call that follows) counts.
pub fn next_emission<A>(
    connect: impl FnOnce(Emitted<A>) -> QMetaObjectConnectionGuard,
) -> NextEmission<A> {
    NextEmission(emissions(connect))
}

/// See [`next_emission`].
pub struct NextEmission<A>(Emissions<A>);

impl<A> Future for NextEmission<A> {
    type Output = A;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<A> {
        match Pin::new(&mut self.0).poll_next(cx) {
            Poll::Ready(Some(value)) => Poll::Ready(value),
            _ => Poll::Pending,
        }
    }
}

/// Completes after `duration`: a single-shot QTimer on this thread's event loop. Dropping it
/// stops the timer.
pub fn sleep(duration: Duration) -> Sleep {
    let mut timer = QTimer::new();
    timer.pin_mut().set_single_shot(true);
    let fired = emissions(|sent| timer.pin_mut().on_timeout(move |_| sent.send(())));
    timer
        .pin_mut()
        .start(i32::try_from(duration.as_millis()).unwrap_or(i32::MAX));
    Sleep {
        fired: NextEmission(fired),
        _timer: timer,
    }
}

/// See [`sleep`].
pub struct Sleep {
    fired: NextEmission<()>,
    _timer: QBox<QTimer>,
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.fired).poll(cx)
    }
}

/// The time ran out before the future completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("timed out")]
pub struct Elapsed;

impl From<Elapsed> for std::io::Error {
    fn from(_: Elapsed) -> Self {
        std::io::Error::new(std::io::ErrorKind::TimedOut, Elapsed)
    }
}

/// `future`, unless `duration` passes first: then `Err(Elapsed)`, and the future is dropped
/// (cancelled: what it connected is disconnected, what it owned is closed).
pub async fn timeout<F: Future>(duration: Duration, future: F) -> Result<F::Output, Elapsed> {
    let mut future = std::pin::pin!(future);
    let mut timer = sleep(duration);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        Pin::new(&mut timer).poll(cx).map(|()| Err(Elapsed))
    })
    .await
}
