//! TLS as the command line and the windows give it: which PEM files (read here, so that a
//! missing or unreadable file is named with its true cause before anything listens), and the
//! address rule that decides when a plain listener must warn.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// Why the TLS files cannot be used. Reported at start-up, before anything listens or connects.
#[derive(Debug, Error)]
pub enum TlsFileError {
    #[error("cannot read the TLS {what} {path}: {source}")]
    Unreadable {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the TLS {what} {path} holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)"
    )]
    NoCertificate { what: &'static str, path: PathBuf },
    #[error("the TLS key {path} holds no private key that Qt can read (PEM: RSA, EC or DSA, not encrypted)")]
    NoKey { path: PathBuf },
    #[error("the TLS key {key} does not belong to the certificate {certificate}: {detail}")]
    Mismatch {
        key: PathBuf,
        certificate: PathBuf,
        detail: String,
    },
    #[error("--tls-cert and --tls-key go together: {given} was given alone")]
    Unpaired { given: &'static str },
}

/// The PEM files of one TLS end, as given (paths; read by [`read_pem`] when used).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TlsFiles {
    /// This end's certificate chain (its own certificate first).
    pub certificate: Option<PathBuf>,
    /// The private key of that certificate.
    pub key: Option<PathBuf>,
    /// The CA certificates the peer's certificate must chain to: for a client, the server's
    /// (none: the system's CAs); for a server, its clients' (none: no client certificate asked).
    pub ca: Option<PathBuf>,
}

impl TlsFiles {
    /// The certificate and key, both or neither.
    pub fn identity(&self) -> Result<Option<(&Path, &Path)>, TlsFileError> {
        match (&self.certificate, &self.key) {
            (Some(certificate), Some(key)) => Ok(Some((certificate, key))),
            (None, None) => Ok(None),
            (Some(_), None) => Err(TlsFileError::Unpaired {
                given: "--tls-cert",
            }),
            (None, Some(_)) => Err(TlsFileError::Unpaired { given: "--tls-key" }),
        }
    }
}

/// The bytes of a PEM file; `what` names it in the error ("certificate", "key", "CA file").
pub fn read_pem(path: &Path, what: &'static str) -> Result<Vec<u8>, TlsFileError> {
    std::fs::read(path).map_err(|source| TlsFileError::Unreadable {
        what,
        path: path.to_owned(),
        source,
    })
}

/// Whether a listener on `host` can be reached from other machines: anything but a loopback
/// address (an empty host, like 0.0.0.0 and ::, is every address).
pub fn reachable_from_network(host: &str) -> bool {
    match host.parse::<IpAddr>() {
        Ok(address) => !address.is_loopback(),
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_is_private() {
        for host in ["127.0.0.1", "127.1.2.3", "::1"] {
            assert!(!reachable_from_network(host), "{host}");
        }
        for host in ["0.0.0.0", "::", "", "10.0.0.1", "192.168.1.2", "fe80::1"] {
            assert!(reachable_from_network(host), "{host}");
        }
    }

    #[test]
    fn unreadable_files_name_the_true_cause() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        let error = read_pem(&missing, "certificate").unwrap_err().to_string();
        assert_eq!(
            error,
            format!(
                "cannot read the TLS certificate {}: No such file or directory (os error 2)",
                missing.display()
            )
        );
        let error = read_pem(dir.path(), "key").unwrap_err().to_string();
        assert!(error.ends_with("Is a directory (os error 21)"), "{error}");
    }

    #[test]
    fn certificate_and_key_go_together() {
        let mut files = TlsFiles::default();
        assert!(files.identity().unwrap().is_none());
        files.certificate = Some("c.pem".into());
        assert_eq!(
            files.identity().unwrap_err().to_string(),
            "--tls-cert and --tls-key go together: --tls-cert was given alone"
        );
        files.key = Some("k.pem".into());
        assert!(files.identity().unwrap().is_some());
    }
}
