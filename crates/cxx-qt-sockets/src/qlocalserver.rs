//! `QLocalServer`: listens on a local socket name, a socket file or (Linux) an abstract name.

#[cxx_qt::bridge]
mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        type qintptr = cxx_qt_lib::qintptr;
        include!("cxx-qt-sockets/qlocalserver.h");
        type QLocalSocket = crate::qlocalsocket::QLocalSocket;
        #[namespace = "cxx_qt_sockets"]
        type SocketError = crate::qabstractsocket::SocketError;
    }

    /// `QLocalServer::SocketOption`: who may connect to a socket file, and the abstract
    /// namespace. Combine them as bits with [`LocalServerOptions`](crate::LocalServerOptions).
    #[repr(i32)]
    #[namespace = "cxx_qt_sockets"]
    #[derive(Debug)]
    enum LocalServerOption {
        /// Qt's default: the file's mode comes from the umask.
        NoOptions = 0,
        /// The owner may connect.
        UserAccessOption = 1,
        /// The owner's group may connect.
        GroupAccessOption = 2,
        /// Everyone else may connect.
        OtherAccessOption = 4,
        /// Everyone may connect.
        WorldAccessOption = 7,
        /// Linux: a name in the abstract namespace, no file (Qt 6.2 and later).
        AbstractNamespaceOption = 8,
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        type LocalServerOption;
    }

    unsafe extern "C++Qt" {
        /// Qt's `QLocalServer`. Make one with [`QLocalServer::new`].
        #[qobject]
        #[base = QObject]
        type QLocalServer;

        /// Listens on `name`: a name in Qt's temporary folder, a path, or an abstract name
        /// (see [`QLocalServer::set_socket_options`]). False on failure:
        /// [`QLocalServer::server_error`] says why (`AddressInUseError` if the file exists).
        fn listen(self: Pin<&mut QLocalServer>, name: &QString) -> bool;
        /// Listens on a socket that already listens, such as one systemd passes (Qt 5.13 and
        /// later); the server does not remove its file when it closes.
        #[cxx_name = "listen"]
        fn listen_descriptor(self: Pin<&mut QLocalServer>, descriptor: qintptr) -> bool;
        /// The `listen()` backlog (Qt's default is 50); set it before listening.
        #[cxx_name = "setListenBacklogSize"]
        fn set_listen_backlog_size(self: Pin<&mut QLocalServer>, size: i32);
        /// The `listen()` backlog.
        #[cxx_name = "listenBacklogSize"]
        fn listen_backlog_size(self: &QLocalServer) -> i32;
        /// Accepted connections the server keeps at most before it stops accepting (30).
        #[cxx_name = "setMaxPendingConnections"]
        fn set_max_pending_connections(self: Pin<&mut QLocalServer>, count: i32);
        /// Accepted connections kept at most.
        #[cxx_name = "maxPendingConnections"]
        fn max_pending_connections(self: &QLocalServer) -> i32;
        /// Stops listening, and removes the socket file it made.
        fn close(self: Pin<&mut QLocalServer>);
        /// True while listening.
        #[cxx_name = "isListening"]
        fn is_listening(self: &QLocalServer) -> bool;
        /// The last error.
        #[cxx_name = "serverError"]
        fn server_error(self: &QLocalServer) -> SocketError;
        /// The last error, in words (translated by Qt).
        #[cxx_name = "errorString"]
        fn error_string(self: &QLocalServer) -> QString;
        /// The name given to `listen`.
        #[cxx_name = "serverName"]
        fn server_name(self: &QLocalServer) -> QString;
        /// The socket's path, or its abstract name.
        #[cxx_name = "fullServerName"]
        fn full_server_name(self: &QLocalServer) -> QString;
        /// The listening socket; -1 when not listening.
        #[cxx_name = "socketDescriptor"]
        fn socket_descriptor(self: &QLocalServer) -> qintptr;
        /// True when an accepted connection waits for [`QLocalServer::next_pending_connection`].
        #[cxx_name = "hasPendingConnections"]
        fn has_pending_connections(self: &QLocalServer) -> bool;

        /// A connection was accepted: [`QLocalServer::next_pending_connection`] has it.
        #[qsignal]
        #[cxx_name = "newConnection"]
        fn new_connection(self: Pin<&mut QLocalServer>);
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        #[cxx_name = "newObject"]
        fn new_local_server() -> UniquePtr<QLocalServer>;
        #[cxx_name = "takePendingConnection"]
        fn local_server_next_pending_connection(
            server: Pin<&mut QLocalServer>,
        ) -> *mut QLocalSocket;
        #[cxx_name = "localServerSetSocketOptions"]
        fn local_server_set_socket_options(server: Pin<&mut QLocalServer>, bits: u32);
        #[cxx_name = "localServerSocketOptions"]
        fn local_server_socket_options(server: &QLocalServer) -> u32;
        #[cxx_name = "localRemoveServer"]
        fn local_server_remove_server(name: &QString) -> bool;
        #[cxx_name = "localServerStopAccepting"]
        fn local_server_stop_accepting(server: Pin<&mut QLocalServer>) -> bool;
        #[cxx_name = "waitForNewConnection"]
        fn local_server_wait_for_new_connection(server: Pin<&mut QLocalServer>, msec: i32) -> i32;
    }

    impl UniquePtr<QLocalServer> {}
}

use std::pin::Pin;

use cxx_qt_lib::QString;

pub use ffi::{LocalServerOption, QLocalServer};

use crate::qabstractsocket::Waited;
use crate::qbox::{take_child, Deletable, QBox};
use crate::qlocalsocket::QLocalSocket;

/// A set of [`LocalServerOption`]s, as Qt's `QLocalServer::SocketOptions` holds them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LocalServerOptions(pub u32);

impl LocalServerOptions {
    /// No option: the socket file's mode comes from the umask.
    pub const NONE: Self = Self(0);
    /// The owner may connect.
    pub const USER: Self = Self(1);
    /// The owner's group may connect.
    pub const GROUP: Self = Self(2);
    /// Everyone else may connect.
    pub const OTHER: Self = Self(4);
    /// Everyone may connect.
    pub const WORLD: Self = Self(7);
    /// Linux: a name in the abstract namespace, no file.
    pub const ABSTRACT_NAMESPACE: Self = Self(8);

    /// True if every option of `other` is set here.
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for LocalServerOptions {
    type Output = Self;
    fn bitor(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
}

impl From<LocalServerOption> for LocalServerOptions {
    fn from(option: LocalServerOption) -> Self {
        Self(option.repr as u32)
    }
}

impl QLocalServer {
    /// A new server that Rust owns; it listens once told to.
    pub fn new() -> QBox<Self> {
        QBox::from_unique(ffi::new_local_server()).expect("operator new never returns null")
    }

    /// The next accepted connection, if one is pending: taken from the server (Qt makes it the
    /// server's child) into a [`QBox`], so that Rust owns it alone.
    pub fn next_pending_connection(self: Pin<&mut Self>) -> Option<QBox<QLocalSocket>> {
        // SAFETY: null, or a live socket of this thread whose only owner is the server (its
        // parent): the server forgets it once it is handed out.
        unsafe { take_child(ffi::local_server_next_pending_connection(self)) }
    }

    /// Who may connect, and the abstract namespace; set before listening.
    pub fn set_socket_options(self: Pin<&mut Self>, options: LocalServerOptions) {
        ffi::local_server_set_socket_options(self, options.0);
    }

    /// The options set.
    pub fn socket_options(&self) -> LocalServerOptions {
        LocalServerOptions(ffi::local_server_socket_options(self))
    }

    /// Removes a stale socket file of `name` (one a crashed server left), as Qt's examples do
    /// before listening; true if there is none left. It removes a live server's file too.
    pub fn remove_server(name: &QString) -> bool {
        ffi::local_server_remove_server(name)
    }

    /// Hands accepting to the caller: the server keeps listening (name, options, file), but
    /// no longer accepts; the caller accepts from [`QLocalServer::socket_descriptor`] itself
    /// (with a [`QSocketNotifier`](crate::QSocketNotifier)), and adopts each connection with
    /// [`QLocalSocket::set_socket_descriptor`](crate::QLocalSocket::set_socket_descriptor).
    ///
    /// Why: when `accept()` fails (no descriptor left, say), Qt's QLocalServer closes itself
    /// and removes its socket file; an owner that accepts can wait and try again instead.
    /// False, with nothing changed, if this Qt's server is not built as expected (or does not
    /// listen).
    pub fn stop_accepting(self: Pin<&mut Self>) -> bool {
        ffi::local_server_stop_accepting(self)
    }

    /// Blocks until a connection is pending, or `msec` pass (-1: no limit), with no event loop.
    pub fn wait_for_new_connection(self: Pin<&mut Self>, msec: i32) -> Waited {
        Waited::from_code(ffi::local_server_wait_for_new_connection(self, msec))
    }
}

impl Deletable for QLocalServer {
    /// Stops listening (and removes its socket file) when the handle goes, not when the event
    /// loop next runs: a name is free again at once, also after the loop has ended.
    fn before_drop(self: Pin<&mut Self>) {
        self.close();
    }
}
