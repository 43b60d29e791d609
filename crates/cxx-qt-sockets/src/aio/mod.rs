//! Async on Qt's event loop (feature `async`): futures that run on the thread of the
//! `QCoreApplication` or `QGuiApplication`, woken through Qt's own event queue.
//!
//! # When to use it
//! A Qt program already has an event loop: QML's, or `QCoreApplication::exec`. Every socket
//! signal, timer and property change is delivered there. Code written with callbacks
//! (`on_ready_read`, `on_disconnected`, a QTimer) works, but a protocol of several steps becomes a
//! state machine spread over closures. This module lets the same steps be written as `async`
//! code on that same loop:
//! - **no second runtime**: no thread and no event loop beside Qt's. A task is polled from Qt's
//!   event queue (a queued call on the application object) when its waker is woken, on the
//!   application's thread, between QML's frames and beside every other signal;
//! - **QObjects used directly**: tasks need not be `Send`, so a task can own a `QBox` of a
//!   socket, use a QObject's `Pin<&mut>`, and set a QML property when it ends;
//! - **from a QObject**: an invokable can [`spawn_local`] a task that sets a property when it
//!   ends, through the object's `CxxQtThread` (the task keeps no reference to the object, which
//!   may be gone by then): the repository's `examples/subclass` crate has such a `FortuneFetcher`;
//! - **cancellation by drop**: dropping a future drops what it owns (a socket is aborted) and
//!   the cxx-qt connections it made (disconnected); [`JoinHandle::abort`] drops a whole task.
//!
//! Against the alternatives:
//! - cxx-qt's `CxxQtThread::queue` from a tokio runtime on another thread: the right tool when
//!   the work is not Qt's (a database, a CPU-bound job), but every call into a QObject is a
//!   queued closure, and Qt's sockets cannot be used from that thread at all;
//! - tokio (or `interprocess`) for the sockets themselves: they speak to `QLocalSocket`'s Unix
//!   sockets fine (see [`wire`](crate::wire) for the frames), but on a second loop, with its
//!   own thread, beside the QML one.
//!
//! # What it offers
//! - [`spawn_local`] and [`block_on`]: the executor;
//! - [`AsyncSocket`]: `AsyncRead` + `AsyncWrite` (futures-io) over `QLocalSocket`, `QTcpSocket`
//!   and `QSslSocket`, with connecting as a future ([`AsyncSocket::connect_local`],
//!   [`AsyncSocket::connect_tcp`], [`AsyncSocket::connect_tls`]);
//! - [`incoming_local`] and [`incoming_tcp`]: a server's connections as a `Stream`;
//! - [`next_emission`] and [`emissions`]: any cxx-qt signal as a future or a `Stream`;
//! - [`sleep`] and [`timeout`]: QTimer as futures.
//!
//! Errors are reported to the future like any other, also those Qt reports before any event
//! loop runs (`connect_to_server` to a missing name fails inside the call): the future connects
//! the signals first.
//!
//! # Example
//! A Local Fortune client: connect, read until the server closes, decode.
//! ```no_run
//! use cxx_qt_lib::QCoreApplication;
//! use cxx_qt_sockets::aio::{block_on, AsyncSocket};
//! use cxx_qt_sockets::wire::{decode, WireChoice, DEFAULT_MAX_STRING_BYTES};
//! use futures_util::AsyncReadExt;
//!
//! let _app = QCoreApplication::new();
//! let fortune = block_on(async {
//!     let mut socket = AsyncSocket::connect_local("fortune").await?;
//!     let mut bytes = Vec::new();
//!     socket.read_to_end(&mut bytes).await?;
//!     decode(WireChoice::Auto, &bytes, DEFAULT_MAX_STRING_BYTES)
//!         .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
//! });
//! ```
//! The crate's examples `async_client` and `async_server` are the whole programs.

mod executor;
mod io;
mod signal;

pub use executor::{block_on, spawn_local, JoinHandle};
pub use io::{incoming_local, incoming_tcp, AsyncIo, AsyncSocket, Incoming};
pub use signal::{
    emissions, next_emission, sleep, timeout, Elapsed, Emissions, Emitted, NextEmission, Sleep,
};
