//! `QSslConfiguration`: the certificates, key and rules of a TLS end, read from PEM files' bytes.

#[cxx_qt::bridge]
mod ffi {
    unsafe extern "C++" {
        include!("cxx-qt-lib/qstring.h");
        type QString = cxx_qt_lib::QString;
        include!("cxx-qt-sockets/qsslsocket.h");
        #[namespace = "cxx_qt_sockets"]
        type PeerVerifyMode = crate::qssl::PeerVerifyMode;
    }

    unsafe extern "C++" {
        /// Qt's `QSslConfiguration` (a value type, held by a `UniquePtr`). Start from
        /// [`QSslConfiguration::default_configuration`].
        type QSslConfiguration;
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        #[cxx_name = "sslDefaultConfiguration"]
        fn ssl_default_configuration() -> UniquePtr<QSslConfiguration>;
        #[cxx_name = "sslSetLocalCertificateChain"]
        fn ssl_set_local_certificate_chain(
            configuration: Pin<&mut QSslConfiguration>,
            pem: &[u8],
        ) -> i32;
        #[cxx_name = "sslSetPrivateKey"]
        fn ssl_set_private_key(configuration: Pin<&mut QSslConfiguration>, pem: &[u8]) -> bool;
        #[cxx_name = "sslSetCaCertificates"]
        fn ssl_set_ca_certificates(configuration: Pin<&mut QSslConfiguration>, pem: &[u8]) -> i32;
        #[cxx_name = "sslClearCaCertificates"]
        fn ssl_clear_ca_certificates(configuration: Pin<&mut QSslConfiguration>);
        #[cxx_name = "sslSetPeerVerifyMode"]
        fn ssl_set_peer_verify_mode(
            configuration: Pin<&mut QSslConfiguration>,
            mode: PeerVerifyMode,
        );
        #[cxx_name = "sslSetHandshakeMustInterruptOnError"]
        fn ssl_set_handshake_must_interrupt_on_error(
            configuration: Pin<&mut QSslConfiguration>,
            interrupt: bool,
        );
        #[cxx_name = "sslSetMissingCertificateIsFatal"]
        fn ssl_set_missing_certificate_is_fatal(
            configuration: Pin<&mut QSslConfiguration>,
            fatal: bool,
        );
        #[cxx_name = "sslSetSessionPersistence"]
        fn ssl_set_session_persistence(configuration: Pin<&mut QSslConfiguration>, persist: bool);
        #[cxx_name = "sslLocalCertificateSubject"]
        fn ssl_local_certificate_subject(configuration: &QSslConfiguration) -> QString;
        #[cxx_name = "sslCheckServerConfiguration"]
        fn ssl_check_server_configuration(
            configuration: &QSslConfiguration,
            failure: &mut QString,
        ) -> i32;
    }

    impl UniquePtr<QSslConfiguration> {}
}

use std::pin::Pin;

use cxx::UniquePtr;
use cxx_qt_lib::QString;

pub use ffi::QSslConfiguration;

/// What [`QSslConfiguration::check_for_server`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerCheck {
    /// The backend takes the configuration.
    Accepted,
    /// The backend refuses it (a key of another certificate, say): its own message.
    Refused(String),
    /// The check could not be made (no loopback here): why. The first handshake will tell.
    NotChecked(String),
}

use crate::qssl::PeerVerifyMode;

impl QSslConfiguration {
    /// Qt's default configuration: the system's CA certificates, no certificate of its own.
    pub fn default_configuration() -> UniquePtr<Self> {
        ffi::ssl_default_configuration()
    }

    /// This end's certificate chain from a PEM text (its own certificate first): how many
    /// certificates were read (0: none, and nothing changed).
    pub fn set_local_certificate_chain_pem(self: Pin<&mut Self>, pem: &[u8]) -> usize {
        usize::try_from(ffi::ssl_set_local_certificate_chain(self, pem)).unwrap_or(0)
    }

    /// This end's private key from a PEM text (RSA, EC or DSA, not encrypted); false if Qt
    /// cannot read one there (and nothing changed).
    pub fn set_private_key_pem(self: Pin<&mut Self>, pem: &[u8]) -> bool {
        ffi::ssl_set_private_key(self, pem)
    }

    /// The CA certificates the peer's certificate must chain to, from a PEM text, instead of
    /// the system's: how many were read (0: none, and nothing changed).
    pub fn set_ca_certificates_pem(self: Pin<&mut Self>, pem: &[u8]) -> usize {
        usize::try_from(ffi::ssl_set_ca_certificates(self, pem)).unwrap_or(0)
    }

    /// No CA certificates at all (not even the system's): for an end that verifies no peer,
    /// such as a server without client certificates, whose TLS backend then loads none.
    pub fn clear_ca_certificates(self: Pin<&mut Self>) {
        ffi::ssl_clear_ca_certificates(self);
    }

    /// Whether and how the peer's certificate is asked for and checked.
    pub fn set_peer_verify_mode(self: Pin<&mut Self>, mode: PeerVerifyMode) {
        ffi::ssl_set_peer_verify_mode(self, mode);
    }

    /// With true, a certificate check that fails ends the handshake at once with an alert to
    /// the peer (which then knows why), instead of after it, silently.
    pub fn set_handshake_must_interrupt_on_error(self: Pin<&mut Self>, interrupt: bool) {
        ffi::ssl_set_handshake_must_interrupt_on_error(self, interrupt);
    }

    /// With true (and [`PeerVerifyMode::VerifyPeer`]), a peer without a certificate ends the
    /// handshake with an alert (`certificate_required` in TLS 1.3) that tells it why.
    pub fn set_missing_certificate_is_fatal(self: Pin<&mut Self>, fatal: bool) {
        ffi::ssl_set_missing_certificate_is_fatal(self, fatal);
    }

    /// Whether sessions may be resumed (TLS 1.3 tickets): Qt's
    /// `SslOptionDisableSessionPersistence`, inverted.
    pub fn set_session_persistence(self: Pin<&mut Self>, persist: bool) {
        ffi::ssl_set_session_persistence(self, persist);
    }

    /// The subject of this end's certificate, as Qt shows it; empty without one.
    pub fn local_certificate_subject(&self) -> QString {
        ffi::ssl_local_certificate_subject(self)
    }

    /// Whether the TLS backend takes this configuration for a server: Qt builds its TLS
    /// context (where OpenSSL checks that the key belongs to the certificate) on a loopback
    /// connection of its own, before any client comes.
    pub fn check_for_server(&self) -> ServerCheck {
        let mut failure = QString::default();
        match ffi::ssl_check_server_configuration(self, &mut failure) {
            0 => ServerCheck::Accepted,
            1 => ServerCheck::Refused(failure.to_string()),
            _ => ServerCheck::NotChecked(failure.to_string()),
        }
    }
}
