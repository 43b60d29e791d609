//! The fortunes a server hands out, and their frames encoded once, ahead of any connection.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rand::Rng;
use thiserror::Error;

use super::wire::{encode, EncodeError, Wire};

/// The seven fortunes of Qt's example, identical in every Qt version, in this order.
pub const ORIGINAL: [&str; 7] = [
    "You've been leading a dog's life. Stay off the furniture.",
    "You've got to think about tomorrow.",
    "You will be surprised by a loud noise.",
    "You will feel hungry again in another hour.",
    "You might have mail.",
    "You cannot kill time without injuring eternity.",
    "Computers are not intelligent. They only think they are.",
];

/// Why a fortune file cannot be used. Reported at start-up, before anything listens.
#[derive(Debug, Error)]
pub enum FortunesError {
    #[error("cannot read fortune file {path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("fortune file {path} is not UTF-8 (first bad byte at offset {offset})")]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("fortune file {path} holds no fortune (only blank lines)")]
    Empty { path: PathBuf },
    #[error("fortune {index} cannot be sent as {wire}: {source}")]
    Unencodable {
        index: usize,
        wire: Wire,
        source: EncodeError,
    },
}

/// A non-empty list of fortunes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fortunes(Vec<String>);

impl Default for Fortunes {
    fn default() -> Self {
        Fortunes(ORIGINAL.iter().map(|s| s.to_string()).collect())
    }
}

impl Fortunes {
    /// One fortune per line; blank lines (and a CR before each LF) are dropped.
    pub fn from_file(path: &Path) -> Result<Self, FortunesError> {
        let bytes = std::fs::read(path).map_err(|source| FortunesError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| FortunesError::NotUtf8 {
            path: path.to_owned(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        Self::from_lines(&text).ok_or_else(|| FortunesError::Empty {
            path: path.to_owned(),
        })
    }

    /// The non-blank lines of `text`, or `None` when there are none.
    pub fn from_lines(text: &str) -> Option<Self> {
        let list: Vec<String> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect();
        (!list.is_empty()).then_some(Fortunes(list))
    }

    /// The fortunes, in file order.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

/// Every fortune pre-encoded for one wire, so serving a connection is a pick and a write:
/// no encoding, no allocation per connection. Each frame is shared (`Arc`): a client that takes
/// its frame slowly holds a reference to it, never a copy.
#[derive(Clone, Debug)]
pub struct Frames {
    wire: Wire,
    frames: Vec<Arc<[u8]>>,
}

impl Frames {
    /// Encodes each fortune once; fails naming the first fortune the wire cannot carry.
    pub fn new(fortunes: &Fortunes, wire: Wire) -> Result<Self, FortunesError> {
        let frames = fortunes
            .0
            .iter()
            .enumerate()
            .map(|(i, f)| {
                encode(wire, f)
                    .map(Arc::from)
                    .map_err(|source| FortunesError::Unencodable {
                        index: i + 1,
                        wire,
                        source,
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(Frames { wire, frames })
    }

    /// The wire these frames are in.
    pub fn wire(&self) -> Wire {
        self.wire
    }

    /// How many fortunes there are.
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    /// Always false: [`Fortunes`] is never empty.
    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// A uniformly random frame.
    pub fn pick(&self, rng: &mut impl Rng) -> &Arc<[u8]> {
        &self.frames[rng.random_range(0..self.frames.len())]
    }
}
