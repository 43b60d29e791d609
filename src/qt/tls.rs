//! TLS for the QObjects: the QSslConfiguration of a server or a client, built from the PEM
//! files given and checked by Qt's TLS backend before anything listens or connects; and why a
//! handshake failed, told from what Qt saw (the certificate checks' codes, the alert the peer
//! sent) in the words of each check.

use std::path::PathBuf;

use cxx::UniquePtr;
use cxx_qt_lib::QString;
use cxx_qt_sockets::{
    AlertType, PeerVerifyMode, QSslConfiguration, QSslSocket, ServerCheck, SslErrorCode,
};

use super::texts;
use crate::core::tls::{read_pem, TlsFileError, TlsFiles};

/// The files a QObject's TLS properties name (paths as QML gives them; empty: none).
pub fn files(certificate: &QString, key: &QString, ca: &QString) -> TlsFiles {
    let path = |text: &QString| (!text.is_empty()).then(|| PathBuf::from(text.to_string()));
    TlsFiles {
        certificate: path(certificate),
        key: path(key),
        ca: path(ca),
    }
}

/// A path as a QObject's TLS property holds it (none: empty), the inverse of [`files`].
pub fn path_text(path: &Option<PathBuf>) -> QString {
    path.as_ref()
        .map(|p| QString::from(&p.display().to_string()))
        .unwrap_or_default()
}

/// Why a TLS end cannot start: its files, or no TLS backend at all.
#[derive(Debug)]
pub enum TlsSetupError {
    Files(TlsFileError),
    /// `QSslSocket::supportsSsl()` is false: the message says what Qt has.
    NoBackend(String),
}

impl TlsSetupError {
    pub fn message(&self) -> String {
        match self {
            TlsSetupError::Files(e) => e.to_string(),
            TlsSetupError::NoBackend(message) => message.clone(),
        }
    }
}

impl From<TlsFileError> for TlsSetupError {
    fn from(e: TlsFileError) -> Self {
        TlsSetupError::Files(e)
    }
}

/// The backend is there, or the error that says it is not.
/// Asked first without Qt's own warnings (a line per call on stderr when there is none).
fn backend() -> Result<(), TlsSetupError> {
    if QSslSocket::available_backends().is_empty() {
        return Err(TlsSetupError::NoBackend(texts::no_tls_backend("")));
    }
    if QSslSocket::supports_ssl() {
        Ok(())
    } else {
        let backend = QSslSocket::active_backend().to_string();
        Err(TlsSetupError::NoBackend(texts::no_tls_backend(&backend)))
    }
}

/// A server's configuration: its certificate and key (checked together by the backend), and
/// with a CA file, clients must present a certificate that CA signed (mutual TLS). A refused
/// client is told why by an alert, not just closed.
pub fn server_configuration(
    files: &TlsFiles,
) -> Result<UniquePtr<QSslConfiguration>, TlsSetupError> {
    backend()?;
    let mut config = QSslConfiguration::default_configuration();
    let (certificate, key) = files.identity()?.ok_or(TlsFileError::Unpaired {
        given: "--tls-client-ca",
    })?;
    set_identity(&mut config, certificate, key)?;
    if let Some(ca) = &files.ca {
        set_ca(&mut config, ca, "client CA file")?;
        config
            .pin_mut()
            .set_peer_verify_mode(PeerVerifyMode::VerifyPeer);
        config.pin_mut().set_missing_certificate_is_fatal(true);
    } else {
        config
            .pin_mut()
            .set_peer_verify_mode(PeerVerifyMode::VerifyNone);
        // Nothing to verify: the system's CAs would only be loaded into every connection's
        // TLS context for nothing.
        config.pin_mut().clear_ca_certificates();
    }
    config.pin_mut().set_handshake_must_interrupt_on_error(true);
    // Not checked (no loopback to check on): the first handshake will say what is wrong.
    if let ServerCheck::Refused(detail) = config.check_for_server() {
        return Err(TlsFileError::Mismatch {
            key: key.to_owned(),
            certificate: certificate.to_owned(),
            detail,
        }
        .into());
    }
    Ok(config)
}

/// A client's configuration: the server's certificate must chain to the CA file's (else to the
/// system's CAs) and be for the host connected to; with a certificate and key, it presents them.
pub fn client_configuration(
    files: &TlsFiles,
) -> Result<UniquePtr<QSslConfiguration>, TlsSetupError> {
    backend()?;
    let mut config = QSslConfiguration::default_configuration();
    if let Some((certificate, key)) = files.identity()? {
        set_identity(&mut config, certificate, key)?;
    }
    if let Some(ca) = &files.ca {
        set_ca(&mut config, ca, "CA file")?;
    }
    config
        .pin_mut()
        .set_peer_verify_mode(PeerVerifyMode::VerifyPeer);
    Ok(config)
}

fn set_identity(
    config: &mut UniquePtr<QSslConfiguration>,
    certificate: &std::path::Path,
    key: &std::path::Path,
) -> Result<(), TlsFileError> {
    let pem = read_pem(certificate, "certificate")?;
    if config.pin_mut().set_local_certificate_chain_pem(&pem) == 0 {
        return Err(TlsFileError::NoCertificate {
            what: "certificate",
            path: certificate.to_owned(),
        });
    }
    let pem = read_pem(key, "key")?;
    if !config.pin_mut().set_private_key_pem(&pem) {
        return Err(TlsFileError::NoKey {
            path: key.to_owned(),
        });
    }
    Ok(())
}

fn set_ca(
    config: &mut UniquePtr<QSslConfiguration>,
    ca: &std::path::Path,
    what: &'static str,
) -> Result<(), TlsFileError> {
    let pem = read_pem(ca, what)?;
    if config.pin_mut().set_ca_certificates_pem(&pem) == 0 {
        return Err(TlsFileError::NoCertificate {
            what,
            path: ca.to_owned(),
        });
    }
    Ok(())
}

/// Why a client's handshake failed, in the terms of the checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandshakeFailure {
    /// The server's certificate does not chain to a trusted CA (the code says which check).
    Untrusted(SslErrorCode),
    /// The server's certificate is not for the host connected to.
    HostMismatch,
    /// The server's certificate has expired (or is not valid yet).
    Expired,
    /// The server wants a client certificate and this client has none.
    CertificateRequired,
    /// The server refused this client's certificate.
    CertificateRefused,
    /// Anything else the handshake met (the socket's text says it).
    Other,
}

/// From the checks' codes of this end and the last alert the peer sent (if any); `presented`:
/// whether this client presented a certificate.
pub fn classify(
    errors: &[SslErrorCode],
    alert: Option<AlertType>,
    presented: bool,
) -> HandshakeFailure {
    if errors.contains(&SslErrorCode::HostNameMismatch) {
        return HandshakeFailure::HostMismatch;
    }
    if errors.iter().any(|e| {
        matches!(
            *e,
            SslErrorCode::CertificateExpired | SslErrorCode::CertificateNotYetValid
        )
    }) {
        return HandshakeFailure::Expired;
    }
    // An unknown issuer first: what a missing or wrong --tls-ca gives, whatever else is found.
    let issuer = [
        SslErrorCode::UnableToGetLocalIssuerCertificate,
        SslErrorCode::UnableToGetIssuerCertificate,
    ];
    if let Some(&code) = issuer.iter().find(|code| errors.contains(code)) {
        return HandshakeFailure::Untrusted(code);
    }
    if let Some(&code) = errors.iter().find(|e| **e != SslErrorCode::NoError) {
        return HandshakeFailure::Untrusted(code);
    }
    match alert {
        Some(AlertType::CertificateRequired) => HandshakeFailure::CertificateRequired,
        Some(AlertType::HandshakeFailure) if !presented => HandshakeFailure::CertificateRequired,
        Some(
            AlertType::BadCertificate
            | AlertType::UnknownCa
            | AlertType::CertificateUnknown
            | AlertType::CertificateExpired
            | AlertType::CertificateRevoked
            | AlertType::UnsupportedCertificate
            | AlertType::AccessDenied
            | AlertType::HandshakeFailure,
        ) => HandshakeFailure::CertificateRefused,
        _ => HandshakeFailure::Other,
    }
}
