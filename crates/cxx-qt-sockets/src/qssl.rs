//! TLS enums of Qt: how a peer is verified ([`PeerVerifyMode`]), why a verification failed
//! ([`SslErrorCode`], `QSslError::SslError`), and the alerts TLS peers send each other
//! ([`AlertLevel`], [`AlertType`]).

#[cxx_qt::bridge]
mod ffi {
    /// `QSslSocket::PeerVerifyMode`.
    #[repr(i32)]
    #[namespace = "cxx_qt_sockets"]
    #[derive(Debug)]
    enum PeerVerifyMode {
        /// No certificate is asked for or checked.
        VerifyNone = 0,
        /// A certificate is asked for, not required.
        QueryPeer = 1,
        /// A valid certificate is required: the handshake fails without one.
        VerifyPeer = 2,
        /// `VerifyPeer` for clients, `QueryPeer` for servers (Qt's default).
        AutoVerifyPeer = 3,
    }

    /// `QSslError::SslError`: what a certificate check found (the codes Qt reports on every
    /// backend; cxx checks each value against Qt's header).
    #[repr(i32)]
    #[namespace = "cxx_qt_sockets"]
    #[derive(Debug)]
    enum SslErrorCode {
        /// No error.
        NoError = 0,
        /// The issuer of a certificate of the chain is not known.
        UnableToGetIssuerCertificate = 1,
        /// A signature of the chain does not verify.
        CertificateSignatureFailed = 4,
        /// A certificate is not valid yet.
        CertificateNotYetValid = 5,
        /// A certificate has expired.
        CertificateExpired = 6,
        /// The certificate signs itself and is not trusted.
        SelfSignedCertificate = 9,
        /// The chain ends in a self-signed certificate that is not trusted.
        SelfSignedCertificateInChain = 10,
        /// The issuer of the peer's certificate is not among the trusted CAs.
        UnableToGetLocalIssuerCertificate = 11,
        /// No certificate of the chain could be verified.
        UnableToVerifyFirstCertificate = 12,
        /// A certificate was revoked.
        CertificateRevoked = 13,
        /// A CA certificate is not valid as a CA.
        InvalidCaCertificate = 14,
        /// The certificate may not be used for this purpose.
        InvalidPurpose = 16,
        /// The root CA is not trusted for this purpose.
        CertificateUntrusted = 17,
        /// The root CA rejects this purpose.
        CertificateRejected = 18,
        /// The peer sent no certificate.
        NoPeerCertificate = 21,
        /// The certificate is not for the host name connected to.
        HostNameMismatch = 22,
        /// There is no TLS backend.
        NoSslSupport = 23,
        /// The certificate is on Qt's block list.
        CertificateBlacklisted = 24,
        /// Anything else.
        UnspecifiedError = -1,
    }

    /// `QSsl::AlertLevel`.
    #[repr(i32)]
    #[namespace = "cxx_qt_sockets"]
    #[derive(Debug)]
    enum AlertLevel {
        /// A warning: the connection may go on.
        Warning = 0,
        /// Fatal: the connection ends.
        Fatal = 1,
        /// Not known.
        Unknown = 2,
    }

    /// `QSsl::AlertType`: why a TLS peer ended a handshake (RFC 8446, 6).
    #[repr(i32)]
    #[namespace = "cxx_qt_sockets"]
    #[derive(Debug)]
    enum AlertType {
        /// The peer closes the connection.
        CloseNotify = 0,
        /// A message came that does not belong there.
        UnexpectedMessage = 10,
        /// No common security parameters.
        HandshakeFailure = 40,
        /// A certificate is corrupt or its signature does not verify.
        BadCertificate = 42,
        /// A certificate of a kind the peer does not support.
        UnsupportedCertificate = 43,
        /// A certificate was revoked.
        CertificateRevoked = 44,
        /// A certificate has expired.
        CertificateExpired = 45,
        /// Another trouble with a certificate.
        CertificateUnknown = 46,
        /// A field of the handshake is out of range.
        IllegalParameter = 47,
        /// The certificate's CA is not trusted by the peer.
        UnknownCa = 48,
        /// The peer refuses to go on (access control).
        AccessDenied = 49,
        /// A message could not be decoded.
        DecodeError = 50,
        /// A signature or key exchange failed.
        DecryptError = 51,
        /// No protocol version in common.
        ProtocolVersion = 70,
        /// The peer's parameters are too weak.
        InsufficientSecurity = 71,
        /// The peer failed internally.
        InternalError = 80,
        /// The server does not know the name asked for (SNI).
        UnrecognizedName = 112,
        /// The server requires a client certificate and got none (TLS 1.3).
        CertificateRequired = 116,
        /// An alert Qt does not know.
        UnknownAlertMessage = 255,
    }

    #[namespace = "cxx_qt_sockets"]
    unsafe extern "C++" {
        include!("cxx-qt-sockets/qsslsocket.h");
        type PeerVerifyMode;
        type SslErrorCode;
        type AlertLevel;
        type AlertType;
    }
}

pub use ffi::{AlertLevel, AlertType, PeerVerifyMode, SslErrorCode};
