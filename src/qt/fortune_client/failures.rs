//! FortuneClient's failures: the sockets' errors and the deadline, each named by its true cause.

#[allow(unused_imports)]
use super::*;

impl qobject::FortuneClient {
    /// Why connecting to a socket file failed, the folder's own trouble first: a folder that
    /// does not exist, or that this user may not enter, is named as such.
    pub(super) fn folder_trouble(&self) -> Option<(ErrorKind, String)> {
        if self.abstract_namespace {
            return None;
        }
        let path = socket_name::resolve(&self.server_name.to_string());
        match socket_name::check_folder(&path) {
            Ok(()) => None,
            Err(e @ NameError::FolderDenied { .. }) => {
                Some((ErrorKind::AccessDenied, texts::no_access(&e)))
            }
            Err(e) => Some((ErrorKind::ServerNotFound, texts::no_server(&e))),
        }
    }

    /// A failure said from the event loop: found before connecting, or by a socket, which may
    /// say it inside `connectToServer` itself, before the caller runs the event loop (`fetch`
    /// asks before `exec`).
    pub(super) fn fail_later(self: Pin<&mut Self>, kind: ErrorKind, message: String) {
        let attempt = self.attempt;
        let _ = self
            .qt_thread()
            .queue(move |client| client.fail_attempt(attempt, kind, message));
    }

    pub(super) fn local_socket_error(self: Pin<&mut Self>, error: i32) {
        if self.reading != Some(Transport::Local) {
            return;
        }
        let error = LocalSocketError { repr: error };
        if error == LocalSocketError::PeerClosedError {
            // The server closing after its frame is the normal end, handled on disconnect.
            return;
        }
        if let Some((kind, message)) = self.folder_trouble() {
            return self.fail_later(kind, message);
        }
        let (kind, message) = match error {
            LocalSocketError::ServerNotFoundError => {
                (ErrorKind::ServerNotFound, texts::local_server_not_found())
            }
            LocalSocketError::ConnectionRefusedError => (
                ErrorKind::ConnectionRefused,
                texts::local_connection_refused(),
            ),
            LocalSocketError::SocketAccessError => (
                ErrorKind::AccessDenied,
                texts::access_denied(socket_name::resolve(&self.server_name.to_string()).display()),
            ),
            _ => (
                ErrorKind::Socket,
                texts::other_error(&child(&self.local, |s| s.error_string()).unwrap_or_default()),
            ),
        };
        self.fail_later(kind, message);
    }

    pub(super) fn tcp_socket_error(self: Pin<&mut Self>, error: i32) {
        if self.reading != Some(Transport::Tcp) || self.over_tls {
            return;
        }
        self.tcp_error(SocketError { repr: error });
    }

    /// A TCP socket's error (plain or TLS), as the original Fortune Client says it.
    pub(super) fn tcp_error(self: Pin<&mut Self>, error: SocketError) {
        let (kind, message) = match error {
            // The server closing after its frame is the normal end, handled on disconnect.
            SocketError::RemoteHostClosedError => return,
            SocketError::HostNotFoundError => {
                (ErrorKind::ServerNotFound, texts::tcp_host_not_found())
            }
            SocketError::ConnectionRefusedError => (
                ErrorKind::ConnectionRefused,
                texts::tcp_connection_refused(),
            ),
            _ => (
                ErrorKind::Socket,
                texts::other_error(&if self.over_tls {
                    self.ssl_error_string()
                } else {
                    child(&self.tcp, |s| s.error_string()).unwrap_or_default()
                }),
            ),
        };
        self.fail_later(kind, message);
    }

    pub(super) fn timed_out(self: Pin<&mut Self>) {
        let (attempt, timeout_ms) = (self.attempt, i32::from(self.timeout_ms));
        // Connected, and no handshake done: TLS is what did not finish (else the connection).
        let connected =
            child(&self.ssl, |s| s.state() == SocketState::ConnectedState).unwrap_or(false);
        if self.over_tls && connected && !self.encrypted {
            let message = texts::tls_handshake_timeout(timeout_ms);
            return self.fail_attempt(attempt, ErrorKind::TlsHandshakeTimeout, message);
        }
        self.fail_attempt(attempt, ErrorKind::Timeout, texts::timeout(timeout_ms));
    }
}
