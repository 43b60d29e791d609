//! Where fortunes travel: a local socket (Local Fortune) or TCP (Fortune Server/Client), and
//! how a TCP address is written on the command line.

use std::fmt;
use std::net::IpAddr;

use thiserror::Error;

use super::qt_version::QtVersion;
use super::wire::Wire;

/// The two halves of Qt's IPC examples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Transport {
    /// QLocalServer/QLocalSocket: the Local Fortune examples.
    #[default]
    Local,
    /// QTcpServer/QTcpSocket: the Fortune Server/Client examples.
    Tcp,
}

impl Transport {
    /// The name used in QML.
    pub fn name(self) -> &'static str {
        match self {
            Transport::Local => "local",
            Transport::Tcp => "tcp",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Transport::Local, Transport::Tcp]
            .into_iter()
            .find(|t| t.name() == name)
    }

    /// The formats this transport's examples ever used, in the order `auto` tries them.
    pub fn wires(self) -> &'static [Wire] {
        match self {
            Transport::Local => &Wire::ALL,
            Transport::Tcp => &[Wire::Qt4, Wire::Qt66],
        }
    }

    /// The Qt releases whose examples of this transport speak `wire`.
    pub fn qt_releases(self, wire: Wire) -> &'static str {
        match (self, wire) {
            (Transport::Local, wire) => wire.qt_releases(),
            (Transport::Tcp, Wire::Qt4) => "Qt 4.0 – 5.6",
            (Transport::Tcp, Wire::Qt66) => "Qt 5.7 and later",
            (Transport::Tcp, _) => "no Qt release over TCP",
        }
    }

    /// The format this transport's example of Qt release `qt` speaks.
    pub fn wire_of(self, qt: QtVersion) -> Wire {
        match self {
            Transport::Local => qt.local_wire(),
            Transport::Tcp => qt.tcp_wire(),
        }
    }
}

/// The address a TCP server listens on when none is given: loopback, because an example
/// should not open a port to the network unasked.
pub const DEFAULT_LISTEN_HOST: &str = "127.0.0.1";

/// A TCP host (a name or an address) and port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TcpAddress {
    pub host: String,
    pub port: u16,
}

impl fmt::Display for TcpAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

/// A TCP address the command line cannot use, naming what is wrong.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum AddressError {
    #[error("{0:?} has no port (expected HOST:PORT, e.g. 127.0.0.1:5000)")]
    MissingPort(String),
    #[error("port {0:?} is not a number from {1} to 65535")]
    BadPort(String, u16),
    #[error("{0:?} is not an IP address to listen on (expected e.g. 127.0.0.1, ::1 or 0.0.0.0)")]
    BadListenAddress(String),
    #[error("the host name is empty (expected HOST:PORT)")]
    EmptyHost,
}

/// Splits `HOST:PORT` or `[IPv6]:PORT`; `None` for the host when there is no colon.
fn split_host_port(s: &str) -> Result<(Option<&str>, &str), AddressError> {
    if let Some(rest) = s.strip_prefix('[') {
        let (host, port) = rest
            .split_once("]:")
            .ok_or_else(|| AddressError::MissingPort(s.to_owned()))?;
        return Ok((Some(host), port));
    }
    Ok(match s.rsplit_once(':') {
        Some((host, _)) if host.contains(':') => {
            return Err(AddressError::MissingPort(s.to_owned()))
        }
        Some((host, port)) => (Some(host), port),
        None => (None, s),
    })
}

fn parse_port(port: &str, min: u16) -> Result<u16, AddressError> {
    port.parse::<u16>()
        .ok()
        .filter(|&p| p >= min)
        .ok_or_else(|| AddressError::BadPort(port.to_owned(), min))
}

/// `[ADDR:]PORT` to listen on: ADDR an IP address (default [`DEFAULT_LISTEN_HOST`]), PORT 0
/// for one the system picks.
pub fn parse_listen_address(s: &str) -> Result<TcpAddress, AddressError> {
    let (host, port) = split_host_port(s)?;
    let host = host.unwrap_or(DEFAULT_LISTEN_HOST);
    if host.parse::<IpAddr>().is_err() {
        return Err(AddressError::BadListenAddress(host.to_owned()));
    }
    Ok(TcpAddress {
        host: host.to_owned(),
        port: parse_port(port, 0)?,
    })
}

/// `HOST:PORT` to connect to: a host name or address, PORT from 1 to 65535.
pub fn parse_connect_address(s: &str) -> Result<TcpAddress, AddressError> {
    let (host, port) = split_host_port(s)?;
    let host = host.ok_or_else(|| AddressError::MissingPort(s.to_owned()))?;
    if host.is_empty() {
        return Err(AddressError::EmptyHost);
    }
    Ok(TcpAddress {
        host: host.to_owned(),
        port: parse_port(port, 1)?,
    })
}
