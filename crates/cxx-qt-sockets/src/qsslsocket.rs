//! `QSslSocket`: a TCP stream under TLS, client or server side. It is a [`QTcpSocket`]: its
//! [`socket`](QSslSocket::socket) and [`io`](QSslSocket::io) reach what its bases do (state,
//! signals, the plaintext's reads and writes).

#[cxx_qt::bridge]
mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-lib/qtypes.h");
        type qintptr = cxx_qt_lib::qintptr;
        type qint64 = cxx_qt_lib::qint64;
        include!("cxx-qt-sockets/qsslsocket.h");
        type QTcpSocket = crate::qtcpsocket::QTcpSocket;
        type QSslConfiguration = crate::qsslconfiguration::QSslConfiguration;
        #[namespace = "cxx_qt_sockets"]
        type AlertLevel = crate::qssl::AlertLevel;
        #[namespace = "cxx_qt_sockets"]
        type AlertType = crate::qssl::AlertType;
    }

    unsafe extern "C++Qt" {
        /// Qt's `QSslSocket`. Make one with [`QSslSocket::new`].
        #[qobject]
        #[base = QTcpSocket]
        type QSslSocket;

        /// Starts the server side of the handshake on a connected socket (one adopted with
        /// [`QSslSocket::set_socket_descriptor`]).
        #[cxx_name = "startServerEncryption"]
        fn start_server_encryption(self: Pin<&mut QSslSocket>);
        /// Starts the client side of the handshake on a connected socket.
        #[cxx_name = "startClientEncryption"]
        fn start_client_encryption(self: Pin<&mut QSslSocket>);
        /// Blocks until the handshake is done, or fails, or `msecs` pass (-1: no limit); true
        /// if encrypted.
        #[cxx_name = "waitForEncrypted"]
        fn wait_for_encrypted(self: Pin<&mut QSslSocket>, msecs: i32) -> bool;
        /// Encrypted bytes written and not yet sent (what `bytesToWrite` does not count).
        #[cxx_name = "encryptedBytesToWrite"]
        fn encrypted_bytes_to_write(self: &QSslSocket) -> qint64;
        /// True once the handshake is done.
        #[cxx_name = "isEncrypted"]
        fn is_encrypted(self: &QSslSocket) -> bool;
        /// The name the peer's certificate must be for (default: the host connected to).
        #[cxx_name = "setPeerVerifyName"]
        fn set_peer_verify_name(self: Pin<&mut QSslSocket>, name: &QString);

        /// The handshake is done: what is written from now on is encrypted.
        #[qsignal]
        fn encrypted(self: Pin<&mut QSslSocket>);
        /// `bytes` more encrypted bytes were sent to the peer. (`bytesWritten` says when Qt
        /// encrypted what was written, not when it left.)
        #[qsignal]
        #[cxx_name = "encryptedBytesWritten"]
        fn encrypted_bytes_written(self: Pin<&mut QSslSocket>, bytes: qint64);
        /// The peer sent a TLS alert (a fatal one ends the handshake).
        #[qsignal]
        #[cxx_name = "alertReceived"]
        fn alert_received(
            self: Pin<&mut QSslSocket>,
            level: AlertLevel,
            kind: AlertType,
            description: &QString,
        );
        /// This end sent a TLS alert to the peer.
        #[qsignal]
        #[cxx_name = "alertSent"]
        fn alert_sent(
            self: Pin<&mut QSslSocket>,
            level: AlertLevel,
            kind: AlertType,
            description: &QString,
        );
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        #[cxx_name = "newObject"]
        fn new_ssl_socket() -> UniquePtr<QSslSocket>;
        #[cxx_name = "deleteWhenDisconnected"]
        fn ssl_socket_delete_when_disconnected(socket: Pin<&mut QSslSocket>);
        #[cxx_name = "sslSocketSetConfiguration"]
        fn ssl_socket_set_configuration(
            socket: Pin<&mut QSslSocket>,
            configuration: &QSslConfiguration,
        );
        #[cxx_name = "sslConnectToHostEncrypted"]
        fn ssl_socket_connect_to_host_encrypted(
            socket: Pin<&mut QSslSocket>,
            host: &QString,
            port: u16,
        );
        #[cxx_name = "sslSetSocketDescriptor"]
        fn ssl_socket_set_socket_descriptor(
            socket: Pin<&mut QSslSocket>,
            descriptor: qintptr,
        ) -> bool;
        #[cxx_name = "sslHandshakeErrorCodes"]
        fn ssl_socket_handshake_error_codes(socket: &QSslSocket) -> Vec<i32>;
        #[cxx_name = "sslPeerSubject"]
        fn ssl_socket_peer_subject(socket: &QSslSocket) -> QString;
        #[cxx_name = "sslPeerIssuer"]
        fn ssl_socket_peer_issuer(socket: &QSslSocket) -> QString;
        #[cxx_name = "sslSupportsSsl"]
        fn ssl_supports_ssl() -> bool;
        #[cxx_name = "sslAvailableBackends"]
        fn ssl_available_backends() -> Vec<String>;
        #[cxx_name = "sslActiveBackend"]
        fn ssl_active_backend() -> QString;
        #[cxx_name = "sslLibraryVersion"]
        fn ssl_library_version() -> QString;
    }

    impl UniquePtr<QSslSocket> {}
}

use std::pin::Pin;

use cxx_qt::casting::Upcast;
use cxx_qt::{impl_transitive_cast, QObject};
use cxx_qt_lib::{qintptr, QString};

pub use ffi::QSslSocket;

use crate::qabstractsocket::QAbstractSocket;
use crate::qbox::{release_to_qt, Deletable, QBox, QPtr};
use crate::qiodevice::QIODevice;
use crate::qssl::SslErrorCode;
use crate::qsslconfiguration::QSslConfiguration;
use crate::qtcpsocket::QTcpSocket;

impl_transitive_cast!(QSslSocket, QTcpSocket, QAbstractSocket, QIODevice, QObject);

impl QSslSocket {
    /// A new, unconnected socket that Rust owns.
    pub fn new() -> QBox<Self> {
        QBox::from_unique(ffi::new_ssl_socket()).expect("operator new never returns null")
    }

    /// The socket as the `QAbstractSocket` it is: state, errors, signals.
    pub fn socket(self: Pin<&mut Self>) -> Pin<&mut QAbstractSocket> {
        self.upcast_pin()
    }

    /// The socket as the `QIODevice` it is: the plaintext's reads and writes.
    pub fn io(self: Pin<&mut Self>) -> Pin<&mut QIODevice> {
        self.upcast_pin()
    }

    /// Lets Qt own `socket` from now on: deleted once disconnected, as
    /// [`QTcpSocket::delete_when_disconnected`].
    pub fn delete_when_disconnected(socket: QBox<Self>) -> QPtr<Self> {
        release_to_qt(socket, ffi::ssl_socket_delete_when_disconnected)
    }

    /// Whether Qt has a TLS backend that can make connections (on Debian, the OpenSSL plugin
    /// of `libqt6network6`).
    pub fn supports_ssl() -> bool {
        ffi::ssl_supports_ssl()
    }

    /// The TLS backends Qt found (`openssl`, `cert-only`, ...). Unlike
    /// [`QSslSocket::supports_ssl`], asking warns of nothing when there is none.
    pub fn available_backends() -> Vec<String> {
        ffi::ssl_available_backends()
    }

    /// The TLS backend Qt uses (`openssl`, ...); empty without one.
    pub fn active_backend() -> QString {
        ffi::ssl_active_backend()
    }

    /// The TLS library's version, as it says it (e.g. `OpenSSL 3.0.17 1 Jul 2025`).
    pub fn library_version() -> QString {
        ffi::ssl_library_version()
    }

    /// Uses `configuration` (certificates, key, verification) for the next handshake.
    pub fn set_ssl_configuration(self: Pin<&mut Self>, configuration: &QSslConfiguration) {
        ffi::ssl_socket_set_configuration(self, configuration);
    }

    /// Connects to `host` on `port`, then starts the client side of the handshake; the
    /// peer's certificate must be for `host` (or the name given to
    /// [`QSslSocket::set_peer_verify_name`]).
    pub fn connect_to_host_encrypted(self: Pin<&mut Self>, host: &QString, port: u16) {
        ffi::ssl_socket_connect_to_host_encrypted(self, host, port);
    }

    /// Takes a connected socket (accepted or connected by the caller); false if Qt cannot use
    /// it. Start the handshake then with [`QSslSocket::start_server_encryption`] or
    /// [`QSslSocket::start_client_encryption`].
    pub fn set_socket_descriptor(self: Pin<&mut Self>, descriptor: qintptr) -> bool {
        ffi::ssl_socket_set_socket_descriptor(self, descriptor)
    }

    /// What the certificate checks of the last handshake found (`sslHandshakeErrors`).
    pub fn handshake_errors(&self) -> Vec<SslErrorCode> {
        ffi::ssl_socket_handshake_error_codes(self)
            .into_iter()
            .map(|repr| SslErrorCode { repr })
            .collect()
    }

    /// The subject of the peer's certificate, as Qt shows it; empty without one.
    pub fn peer_subject(&self) -> QString {
        ffi::ssl_socket_peer_subject(self)
    }

    /// The issuer of the peer's certificate, as Qt shows it; empty without one.
    pub fn peer_issuer(&self) -> QString {
        ffi::ssl_socket_peer_issuer(self)
    }
}

impl Deletable for QSslSocket {
    /// Aborts, as the destructor does, so that the peer sees the close when the handle goes.
    fn before_drop(self: Pin<&mut Self>) {
        self.socket().abort();
    }
}

impl std::ops::Deref for QSslSocket {
    type Target = QTcpSocket;
    /// The `&self` calls of its bases (`state`, `error_string`).
    fn deref(&self) -> &QTcpSocket {
        self.upcast()
    }
}
