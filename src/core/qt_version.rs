//! Qt versions, and the frame format the Local Fortune example of each Qt release speaks.
//!
//! A user knows which Qt their peer was built with, not our frame names; and a server built
//! against Qt 6.4 should speak to the Qt 6.4 (and 5.15) examples installed beside it without
//! being told.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use super::wire::Wire;

/// A Qt release, `major.minor.patch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QtVersion {
    pub major: u8,
    pub minor: u8,
    pub patch: u8,
}

impl QtVersion {
    pub const fn new(major: u8, minor: u8, patch: u8) -> Self {
        QtVersion {
            major,
            minor,
            patch,
        }
    }

    /// From Qt's `QT_VERSION` macro, `0xMMNNPP`.
    pub const fn from_hex(v: u32) -> Self {
        QtVersion::new((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }

    /// The frame the Local Fortune example of this Qt release sends and expects
    /// (see the table in [`super::wire`]).
    pub fn local_wire(self) -> Wire {
        let v = |major, minor, patch| QtVersion::new(major, minor, patch);
        match self {
            s if s < v(5, 6, 3) => Wire::Qt4,
            s if s < v(5, 7, 0) => Wire::Qt58,
            s if s < v(5, 8, 0) => Wire::Qt4,
            s if s < v(5, 10, 0) => Wire::Qt58,
            s if s < v(6, 6, 3) => Wire::Qt510,
            _ => Wire::Qt66,
        }
    }

    /// The frame the TCP Fortune examples (Fortune Server/Client, Blocking Fortune Client,
    /// Threaded Fortune Server) of this Qt release send and expect: Qt 5.7.0 dropped the
    /// `quint16` prefix for a QDataStream transaction; TCP never had a 32-bit prefix.
    pub fn tcp_wire(self) -> Wire {
        if self < QtVersion::new(5, 7, 0) {
            Wire::Qt4
        } else {
            Wire::Qt66
        }
    }
}

impl fmt::Display for QtVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Text that is not a Qt version.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("{0:?} is not a Qt version (expected e.g. 4.8, 5.15 or 6.4.2)")]
pub struct BadQtVersion(pub String);

impl FromStr for QtVersion {
    type Err = BadQtVersion;
    /// `5`, `5.15` or `5.15.8` (a missing part is 0), Qt 4 to Qt 6.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadQtVersion(s.to_owned());
        let parts = s
            .split('.')
            .map(|p| p.parse::<u8>().map_err(|_| bad()))
            .collect::<Result<Vec<_>, _>>()?;
        match parts[..] {
            [major, ref rest @ ..] if (4..=6).contains(&major) && rest.len() <= 2 => {
                Ok(QtVersion::new(
                    major,
                    *rest.first().unwrap_or(&0),
                    *rest.get(1).unwrap_or(&0),
                ))
            }
            _ => Err(bad()),
        }
    }
}
