//! Every text of the Rust QObjects that a window shows, through Qt's translation system: one
//! function each, `translate("Context", "English text")` with plain string literals, so that
//! lupdate's C++ parser finds them (`make translations`). The contexts are the QObjects'
//! names. This file is not formatted by rustfmt (see mod.rs): spread over lines, a call gets a
//! trailing comma, after which lupdate no longer sees the call.
//!
//! Placeholders carry data: names, paths, ports, Qt's own error texts (translated by Qt's
//! catalog) and the codec's technical diagnosis. They are filled in one pass (`args2`,
//! `args3`), so a path holding "%2" is shown as it is. Without a translator (the command line)
//! every text is the English source text.

use std::fmt::Display;

use cxx_qt_lib::QString;

use super::i18n::{arg, args2, args3, translate};
use crate::core::socket_name::{NameError, MAX_PATH_BYTES};

// ---- FortuneClient: the error dialogs ----------------------------------------------------------

/// The original Local Fortune client's (Qt 5.10+).
pub fn local_server_not_found() -> String {
    translate("FortuneClient", "The host was not found. Please make sure that the server is running and that the server name is correct.").to_string()
}

pub fn local_connection_refused() -> String {
    translate("FortuneClient", "The connection was refused by the peer. Make sure the fortune server is running, and check that the server name is correct.").to_string()
}

/// The original (TCP) Fortune Client's.
pub fn tcp_host_not_found() -> String {
    translate("FortuneClient", "The host was not found. Please check the host name and port settings.").to_string()
}

pub fn tcp_connection_refused() -> String {
    translate("FortuneClient", "The connection was refused by the peer. Make sure the fortune server is running, and check that the host name and port settings are correct.").to_string()
}

/// The originals' text for an error without a text of its own; `qt_text` is Qt's.
pub fn other_error(qt_text: &QString) -> String {
    translate("FortuneClient", "The following error occurred: %1.").arg(qt_text).to_string()
}

/// Callable from any thread: QCoreApplication::translate is thread-safe.
pub fn timeout(ms: i32) -> String {
    translate("FortuneClient", "No fortune arrived within %1 ms.").arg(&arg(ms)).to_string()
}

/// `diagnosis`: the codec's (src/core), technical detail in English.
pub fn malformed_frame(diagnosis: impl Display) -> String {
    translate("FortuneClient", "The server sent a malformed frame: %1.").arg(&arg(diagnosis)).to_string()
}

/// `path`: the socket the server made for its own user (or group).
pub fn access_denied(path: impl Display) -> String {
    translate("FortuneClient", "Permission denied: the server at %1 does not admit this user (it chooses who may connect: its --access).").arg(&arg(path)).to_string()
}

/// A socket file in a folder that does not exist: no server can be there.
pub fn no_server(why: &NameError) -> String {
    translate("FortuneClient", "No server: %1.").arg(&arg(name_error(why))).to_string()
}

/// A socket in a folder this user may not enter: whether a server is there cannot be known.
pub fn no_access(why: &NameError) -> String {
    translate("FortuneClient", "Permission denied: %1.").arg(&arg(name_error(why))).to_string()
}

/// A local server closed the connection before sending anything: what a server does to a user
/// its --access does not admit (a bridge whose upstream failed does the same).
pub fn closed_without_fortune() -> String {
    translate("FortuneClient", "The server closed the connection without a fortune (it may not admit this user: see its --access).").to_string()
}

/// A name no socket can have (empty, too long).
pub fn bad_server_name(why: &NameError) -> String {
    translate("FortuneClient", "Bad server name: %1.").arg(&arg(name_error(why))).to_string()
}

/// A null or empty string where a fortune should be; `wire`: the format it came in.
pub fn empty_fortune(wire: impl Display) -> String {
    translate("FortuneClient", "The server sent no fortune: an empty %1 string.").arg(&arg(wire)).to_string()
}

pub fn not_a_port_to_connect_to(port: i32) -> String {
    translate("FortuneClient", "Port %1 is not a port from 1 to 65535.").arg(&arg(port)).to_string()
}

// ---- FortuneServer: why it cannot listen (QML shows "Unable to start the server: %1.") -------

// ---- A local name no socket can have (src/core's NameError), for both objects ----------------

pub fn name_error(e: &NameError) -> String {
    match e {
        NameError::Empty => translate("SocketName", "the server name is empty; give a name such as fortune, or an absolute path").to_string(),
        NameError::TooLong { path, bytes } => {
            let text = translate("SocketName", "socket path %1 is %2 bytes; the limit is %3: choose a shorter name or folder");
            args3(&text, &arg(path.display()), &arg(bytes), &arg(MAX_PATH_BYTES)).to_string()
        }
        NameError::NoFolder(folder) => translate("SocketName", "folder %1 does not exist: create it or choose another").arg(&arg(folder.display())).to_string(),
        NameError::NotAFolder(path) => translate("SocketName", "%1 is not a folder").arg(&arg(path.display())).to_string(),
        NameError::FolderDenied { folder, blocked } => {
            let text = translate("SocketName", "folder %1 cannot be reached: this user may not enter %2 (permission denied)");
            args2(&text, &arg(folder.display()), &arg(blocked.display())).to_string()
        }
    }
}

/// Where no system call tells who connects, only a socket file's mode keeps other users out.
pub fn abstract_needs_peer_check() -> String {
    translate("FortuneServer", "the abstract namespace has no socket file to guard it, and this system cannot tell who connects: use --access world, or a socket file").to_string()
}

/// Socket activation: Qt would not take the socket systemd passed; `qt_text` is Qt's reason.
pub fn cannot_take_socket(fd: i32, qt_text: &QString) -> String {
    let text = translate("FortuneServer", "cannot serve on the socket passed as descriptor %1: %2");
    args2(&text, &arg(fd), qt_text).to_string()
}

/// A QLocalServer that does not accept as Qt 6.4 to 6.8 do (see `QLocalServer::stop_accepting` in the crate cxx-qt-sockets).
pub fn qt_accepts_by_itself() -> String {
    translate("FortuneServer", "this Qt's QLocalServer cannot be kept from accepting by itself").to_string()
}

pub fn abstract_name_taken(name: impl Display) -> String {
    translate("FortuneServer", "another server is already listening on the abstract name %1; stop it or choose another name").arg(&arg(name)).to_string()
}

/// `why`: the system's reason, as Qt reports it.
pub fn cannot_create_socket(path: impl Display, why: impl Display) -> String {
    let text = translate("FortuneServer", "cannot create the socket %1: %2");
    args2(&text, &arg(path), &arg(why)).to_string()
}

pub fn live_server_on(path: impl Display) -> String {
    translate("FortuneServer", "another server is already listening on %1; stop it or choose another name").arg(&arg(path)).to_string()
}

pub fn not_a_socket_in_the_way(path: impl Display) -> String {
    translate("FortuneServer", "%1 is in the way (it is not a socket); it was left untouched").arg(&arg(path)).to_string()
}

/// `why`: the system's reason.
pub fn in_the_way(path: impl Display, why: impl Display) -> String {
    let text = translate("FortuneServer", "%1 is in the way (%2); it was left untouched");
    args2(&text, &arg(path), &arg(why)).to_string()
}

pub fn port_out_of_range(port: i32) -> String {
    translate("FortuneServer", "port %1 is not from 0 to 65535").arg(&arg(port)).to_string()
}

/// `quoted`: the host as typed, quoted.
pub fn not_an_ip_address(quoted: impl Display) -> String {
    translate("FortuneServer", "%1 is not an IP address to listen on").arg(&arg(quoted)).to_string()
}

/// Listening on `host` (`None`: every address) failed because the port is taken.
pub fn port_in_use(port: u16, host: Option<&QString>) -> String {
    match host {
        None => translate("FortuneServer", "port %1 is already in use on every address; stop the other server or choose another port").arg(&arg(port)).to_string(),
        Some(host) => {
            let text = translate("FortuneServer", "port %1 is already in use on %2; stop the other server or choose another port");
            args2(&text, &arg(port), host).to_string()
        }
    }
}

/// Listening on `host` (`None`: every address) failed because it is not this machine's.
pub fn address_not_ours(host: Option<&QString>) -> String {
    match host {
        None => translate("FortuneServer", "every address is not an address of this machine").to_string(),
        Some(host) => translate("FortuneServer", "%1 is not an address of this machine").arg(host).to_string(),
    }
}

/// Listening on `host` (`None`: every address) failed otherwise; `qt_text` is Qt's reason.
pub fn cannot_listen(host: Option<&QString>, port: u16, qt_text: &QString) -> String {
    match host {
        None => {
            let text = translate("FortuneServer", "cannot listen on every address port %1: %2");
            args2(&text, &arg(port), qt_text).to_string()
        }
        Some(host) => {
            let text = translate("FortuneServer", "cannot listen on %1 port %2: %3");
            args3(&text, host, &arg(port), qt_text).to_string()
        }
    }
}

// ---- FortuneServer: what it did on its own while listening (its log and status line) ----------

/// `limit`: `ulimit -n`, the descriptors a process may hold.
pub fn out_of_descriptors(limit: &str) -> String {
    translate("FortuneServer", "out of file descriptors (ulimit -n is %1)").arg(&arg(limit)).to_string()
}

pub fn system_out_of_descriptors() -> String {
    translate("FortuneServer", "the system's table of open files is full").to_string()
}

/// `why`: the system's reason.
pub fn out_of_socket_memory(why: &str) -> String {
    translate("FortuneServer", "out of memory for sockets (%1)").arg(&arg(why)).to_string()
}

/// Logged once when accepting starts failing; `what`: what ran short.
pub fn cannot_accept(what: &str) -> String {
    translate("FortuneServer", "cannot accept connections: %1; new clients wait until descriptors are free, and the server keeps listening").arg(&arg(what)).to_string()
}

/// The status line while accepting fails; `what`: what ran short.
pub fn clients_wait(what: &str) -> String {
    translate("FortuneServer", "New clients wait: %1.").arg(&arg(what)).to_string()
}

/// Logged once when accepting works again.
pub fn accepting_again(seconds: &str) -> String {
    translate("FortuneServer", "accepting connections again after %1 s").arg(&arg(seconds)).to_string()
}

pub fn closed_overdue(n: usize, timeout_ms: &str) -> String {
    let text = translate("FortuneServer", "closed %1 client(s) that had not taken their whole fortune within %2 ms (--write-timeout-ms)");
    args2(&text, &arg(n), &arg(timeout_ms)).to_string()
}

pub fn closed_over_cap(n: usize, max: &str) -> String {
    let text = translate("FortuneServer", "closed %1 new client(s) at once: %2 clients were already taking their fortune slowly (--max-slow-clients)");
    args2(&text, &arg(n), &arg(max)).to_string()
}

/// `uid`: the last refused peer's.
pub fn refused_peers(n: usize, access: impl Display, uid: &str) -> String {
    let text = translate("FortuneServer", "refused %1 connection(s) of users that --access %2 does not admit (the last from uid %3)");
    args3(&text, &arg(n), &arg(access), &arg(uid)).to_string()
}

/// `why`: the system's reason the peer's credentials could not be read.
pub fn unknown_peers(n: usize, why: &str) -> String {
    let text = translate("FortuneServer", "refused %1 connection(s) whose user could not be told (%2)");
    args2(&text, &arg(n), &arg(why)).to_string()
}

// ---- FortuneBridge: why a request got no frame (the log, and the window's last error) -------

pub fn unknown_transport(name: &QString) -> String {
    translate("FortuneBridge", "unknown transport %1 (expected local or tcp)").arg(name).to_string()
}

/// `message`: the upstream FortuneClient's (already translated).
pub fn upstream_failed(upstream: impl Display, message: impl Display) -> String {
    let text = translate("FortuneBridge", "no fortune from upstream %1: %2 The client was closed without a frame.");
    args2(&text, &arg(upstream), &arg(message)).to_string()
}

/// `why`: the codec's reason (e.g. a qt4 frame holds at most 32765 UTF-16 units).
pub fn cannot_carry(wire: impl Display, why: impl Display) -> String {
    let text = translate("FortuneBridge", "the upstream fortune does not fit a %1 frame (%2); the client was closed without a frame");
    args2(&text, &arg(wire), &arg(why)).to_string()
}

pub fn bridge_overloaded(in_flight: usize, waiting: usize) -> String {
    let text = translate("FortuneBridge", "too many clients: %1 fetches in flight and %2 waiting; a client was closed without a frame");
    args2(&text, &arg(in_flight), &arg(waiting)).to_string()
}

// ---- TLS: why a handshake failed (FortuneClient), what a TLS server refused (FortuneServer) ----

/// `QSslSocket::supportsSsl()` is false; `backend`: the one Qt names (often none).
pub fn no_tls_backend(backend: &str) -> String {
    translate("FortuneClient", "no TLS backend: Qt cannot load its OpenSSL plugin (tls/libqopensslbackend.so, package libqt6network6) or OpenSSL itself (backend: %1)").arg(&arg(if backend.is_empty() { "none" } else { backend })).to_string()
}

/// `check`: which check failed ([`untrusted_check`]).
pub fn tls_untrusted(check: &str) -> String {
    translate("FortuneClient", "The server's certificate is not trusted: %1.").arg(&arg(check)).to_string()
}

pub fn tls_host_mismatch(host: impl Display, subject: impl Display) -> String {
    let text = translate("FortuneClient", "The server's certificate is not for %1 (it names %2).");
    args2(&text, &arg(host), &arg(subject)).to_string()
}

pub fn tls_expired() -> String {
    translate("FortuneClient", "The server's certificate has expired (or is not valid yet).").to_string()
}

pub fn tls_certificate_required() -> String {
    translate("FortuneClient", "The server requires a client certificate, and this client has none (give --tls-cert and --tls-key).").to_string()
}

pub fn tls_certificate_refused() -> String {
    translate("FortuneClient", "The server refused this client's certificate (it is not signed by a CA the server trusts).").to_string()
}

pub fn tls_handshake_timeout(ms: i32) -> String {
    translate("FortuneClient", "The TLS handshake did not finish within %1 ms.").arg(&arg(ms)).to_string()
}

/// Which check of the server's certificate failed, by Qt's code.
pub fn untrusted_check(code: cxx_qt_sockets::SslErrorCode) -> String {
    use cxx_qt_sockets::SslErrorCode as E;
    match code {
        E::SelfSignedCertificate => translate("FortuneClient", "it is self-signed").to_string(),
        E::SelfSignedCertificateInChain => translate("FortuneClient", "its chain ends in a self-signed certificate that is not trusted").to_string(),
        E::UnableToGetLocalIssuerCertificate | E::UnableToGetIssuerCertificate => translate("FortuneClient", "its issuer is not a trusted CA (see --tls-ca)").to_string(),
        E::CertificateSignatureFailed => translate("FortuneClient", "a signature of its chain does not verify").to_string(),
        E::CertificateRevoked => translate("FortuneClient", "it was revoked").to_string(),
        E::InvalidCaCertificate => translate("FortuneClient", "an issuer of its chain is not a valid CA").to_string(),
        E::InvalidPurpose | E::CertificateUntrusted | E::CertificateRejected => translate("FortuneClient", "it may not identify a server").to_string(),
        E::NoPeerCertificate => translate("FortuneClient", "the server sent no certificate").to_string(),
        _ => translate("FortuneClient", "its chain could not be verified").to_string(),
    }
}

/// A listener that other machines can reach, without TLS; `address`: where it listens.
pub fn plain_listener(address: impl Display) -> String {
    translate("FortuneServer", "listening on %1 without TLS: anyone on the network who can reach this port can fetch fortunes (give --tls-cert and --tls-key to encrypt, and --tls-client-ca to admit only clients with a certificate)").arg(&arg(address)).to_string()
}

/// A bridge listening beyond loopback without TLS, relaying a local server: who can now fetch,
/// and what that bypasses.
pub fn bridge_bypasses_access(address: impl Display, upstream: impl Display) -> String {
    let text = translate("FortuneBridge", "listening on %1 without TLS: anyone on the network who can reach this port fetches the fortunes of %2 through this bridge, past the --access of that server (give --tls-cert, --tls-key and --tls-client-ca to admit only clients with a certificate)");
    args2(&text, &arg(address), &arg(upstream)).to_string()
}

/// TLS clients closed without a fortune in one burst; `why`: the last one's reason.
pub fn refused_tls_clients(n: usize, why: impl Display) -> String {
    let text = translate("FortuneServer", "refused %1 TLS client(s) without a fortune (the last: %2)");
    args2(&text, &arg(n), &arg(why)).to_string()
}

/// A TLS server's reasons for refusing a client (the detail of [`refused_tls_clients`]).
pub fn no_client_certificate() -> String {
    translate("FortuneServer", "no client certificate").to_string()
}

pub fn expired_client_certificate() -> String {
    translate("FortuneServer", "its certificate has expired").to_string()
}

pub fn client_certificate_not_of_ca() -> String {
    translate("FortuneServer", "its certificate is not signed by --tls-client-ca").to_string()
}

pub fn tls_needs_tcp() -> String {
    translate("FortuneServer", "TLS needs the TCP transport (--tcp, or a TCP socket passed by systemd)").to_string()
}
