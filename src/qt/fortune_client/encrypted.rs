//! FortuneClient over TLS: the configuration of its files, the handshake's outcome, and why a
//! handshake failed, named by the check or the alert that failed it.

#[allow(unused_imports)]
use super::*;

impl qobject::FortuneClient {
    /// The files TLS was given.
    pub fn tls_files(&self) -> TlsFiles {
        tls::files(&self.tls_certificate, &self.tls_key, &self.tls_ca)
    }

    /// The TLS configuration of the files given now (read again when they change).
    pub(super) fn ensure_tls_config(mut self: Pin<&mut Self>) -> Result<(), (ErrorKind, String)> {
        let files = self.tls_files();
        if matches!(&self.tls_config, Some((made_of, _)) if *made_of == files) {
            return Ok(());
        }
        let config = tls::client_configuration(&files).map_err(|e| {
            let kind = match e {
                TlsSetupError::Files(_) => ErrorKind::TlsFiles,
                TlsSetupError::NoBackend(_) => ErrorKind::TlsNoBackend,
            };
            (kind, e.message())
        })?;
        self.as_mut().rust_mut().tls_config = Some((files, config));
        Ok(())
    }

    pub(super) fn tls_encrypted(mut self: Pin<&mut Self>) {
        if !self.over_tls || self.reading.is_none() {
            return;
        }
        self.as_mut().rust_mut().encrypted = true;
        let subject = child(&self.ssl, |s| s.peer_subject()).unwrap_or_default();
        if self.peer_subject != subject {
            self.as_mut().rust_mut().peer_subject = subject;
            self.peer_subject_changed();
        }
    }

    pub(super) fn tls_check_failed(mut self: Pin<&mut Self>, code: i32) {
        if self.over_tls && self.reading.is_some() {
            self.as_mut()
                .rust_mut()
                .checks_failed
                .push(SslErrorCode { repr: code });
        }
    }

    pub(super) fn tls_alert_received(mut self: Pin<&mut Self>, kind: i32) {
        if self.over_tls && self.reading.is_some() {
            self.as_mut().rust_mut().alert = Some(AlertType { repr: kind });
        }
    }

    pub(super) fn tls_socket_error(self: Pin<&mut Self>, error: i32) {
        if !self.over_tls || self.reading != Some(Transport::Tcp) {
            return;
        }
        let error = SocketError { repr: error };
        match self.tls_failure() {
            Some((kind, message)) => self.fail_later(kind, message),
            // A failed handshake that no check explains: Qt's words for it.
            None if error == SocketError::SslHandshakeFailedError => {
                let message = texts::other_error(&self.ssl_error_string());
                self.fail_later(ErrorKind::Socket, message)
            }
            // Not TLS's doing: as over plain TCP.
            None => self.tcp_error(error),
        }
    }

    /// What TLS's checks and the server's alert say went wrong in this attempt, if anything.
    /// Asked when the socket fails, and when the stream ends without a byte (Qt may say
    /// `disconnected` before the error).
    pub(super) fn tls_failure(&self) -> Option<(ErrorKind, String)> {
        let presented = self.tls_files().certificate.is_some();
        Some(
            match tls::classify(&self.checks_failed, self.alert, presented) {
                HandshakeFailure::Untrusted(code) => (
                    ErrorKind::TlsUntrusted,
                    texts::tls_untrusted(&texts::untrusted_check(code)),
                ),
                HandshakeFailure::HostMismatch => {
                    let subject = child(&self.ssl, |s| s.peer_subject()).unwrap_or_default();
                    (
                        ErrorKind::TlsHostMismatch,
                        texts::tls_host_mismatch(&self.host, subject),
                    )
                }
                HandshakeFailure::Expired => (ErrorKind::TlsExpired, texts::tls_expired()),
                HandshakeFailure::CertificateRequired => (
                    ErrorKind::TlsCertificateRequired,
                    texts::tls_certificate_required(),
                ),
                HandshakeFailure::CertificateRefused => (
                    ErrorKind::TlsCertificateRefused,
                    texts::tls_certificate_refused(),
                ),
                HandshakeFailure::Other => return None,
            },
        )
    }

    pub(super) fn ssl_error_string(&self) -> QString {
        child(&self.ssl, |s| s.error_string()).unwrap_or_default()
    }
}
