//! The four frame formats of Qt's Fortune examples, as Qt's `QDataStream` writes them. Pure
//! Rust: no Qt needed.
//!
//! Every integer is big-endian; a `QString` is a `quint32` byte length followed by UTF-16BE,
//! `FFFFFFFF` standing for a null string. What differs between Qt generations is the size
//! prefix in front of the string:
//!
//! | wire     | Qt releases                  | frame                                   |
//! |----------|------------------------------|-----------------------------------------|
//! | `qt4`    | 4.x – 5.6.2, 5.7.x           | `quint16` (4 + bytes) · QString         |
//! | `qt5.8`  | 5.6.3, 5.8 – 5.9             | `quint32` (4 + bytes) · QString         |
//! | `qt5.10` | 5.10 – 5.15, 6.0 – 6.5.3     | `quint32` UTF-16 units · QString        |
//! | `qt6.6`  | 6.6.3, 6.7 – 6.11            | QString alone                           |
//!
//! The decoder is incremental and bounded: it never buffers more than one frame's worth of
//! bytes, and it rejects a length above its cap before reserving memory for it.

use std::fmt;
use std::str::FromStr;

#[cfg(any(feature = "tokio-codec", feature = "futures-codec"))]
pub mod codec;

use thiserror::Error;

/// Default cap on the string's byte length: far above any fortune, far below harm.
pub const DEFAULT_MAX_STRING_BYTES: u32 = 1 << 20;

const NULL_STRING: u32 = 0xFFFF_FFFF;
/// Qt 6.7+ (stream version `Qt_6_7`) writes this, then a `quint64` size, for strings of 4 GiB
/// and more. Only the `qt6.6` generation can meet it.
const EXTENDED_SIZE: u32 = 0xFFFF_FFFE;

/// One of the four frame formats of Qt's Local Fortune example.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Wire {
    /// `quint16` prefix (4 + byte length), then the string.
    Qt4,
    /// `quint32` prefix (4 + byte length), then the string.
    Qt58,
    /// `quint32` count of UTF-16 units, then the string.
    Qt510,
    /// The string alone, read with a `QDataStream` transaction.
    Qt66,
}

impl Wire {
    /// All formats, in the order `auto` tries them when a frame fits more than one.
    pub const ALL: [Wire; 4] = [Wire::Qt4, Wire::Qt58, Wire::Qt510, Wire::Qt66];

    /// The name used on the command line and in QML.
    pub fn name(self) -> &'static str {
        match self {
            Wire::Qt4 => "qt4",
            Wire::Qt58 => "qt5.8",
            Wire::Qt510 => "qt5.10",
            Wire::Qt66 => "qt6.6",
        }
    }

    /// The Qt releases whose Local Fortune example speaks this format.
    pub fn qt_releases(self) -> &'static str {
        match self {
            Wire::Qt4 => "Qt 4.x – 5.7",
            Wire::Qt58 => "Qt 5.8 – 5.9",
            Wire::Qt510 => "Qt 5.10 – 6.5",
            Wire::Qt66 => "Qt 6.6 and later",
        }
    }

    /// Bytes in front of the `QString`.
    fn prefix_len(self) -> usize {
        match self {
            Wire::Qt4 => 2,
            Wire::Qt58 | Wire::Qt510 => 4,
            Wire::Qt66 => 0,
        }
    }

    /// The prefix value the original server writes for a string of `len` bytes
    /// (`None`: this format has no prefix).
    fn expected_prefix(self, string_bytes: u64) -> Option<u64> {
        match self {
            Wire::Qt4 | Wire::Qt58 => Some(4 + string_bytes),
            Wire::Qt510 => Some(string_bytes / 2),
            Wire::Qt66 => None,
        }
    }
}

impl fmt::Display for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of the formats.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("unknown wire format {0:?} (expected qt4, qt5.8, qt5.10 or qt6.6)")]
pub struct UnknownWire(pub String);

impl FromStr for Wire {
    type Err = UnknownWire;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Wire::ALL
            .into_iter()
            .find(|w| w.name() == s)
            .ok_or_else(|| UnknownWire(s.to_owned()))
    }
}

/// What a reader expects: one format, or whichever the peer speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WireChoice {
    /// Detect the format from the complete frame (see [`Decoder`]).
    #[default]
    Auto,
    /// Accept this format only.
    Exact(Wire),
}

impl WireChoice {
    /// The name used on the command line and in QML.
    pub fn name(self) -> &'static str {
        match self {
            WireChoice::Auto => "auto",
            WireChoice::Exact(w) => w.name(),
        }
    }
}

impl WireChoice {
    /// The formats a reader accepts: one, or for `auto` every format of `family` (a
    /// transport's formats, in the order `auto` tries them).
    pub fn formats(self, family: &'static [Wire]) -> &'static [Wire] {
        match self {
            WireChoice::Auto => family,
            WireChoice::Exact(w) => {
                let i = w as usize; // Wire::ALL lists the formats in declaration order
                &Wire::ALL[i..=i]
            }
        }
    }
}

impl FromStr for WireChoice {
    type Err = UnknownWire;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "auto" {
            Ok(WireChoice::Auto)
        } else {
            s.parse().map(WireChoice::Exact)
        }
    }
}

impl fmt::Display for WireChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A fortune that a format cannot carry.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EncodeError {
    /// The `qt4` prefix is a `quint16`: Qt 4 would silently wrap it and corrupt the stream.
    #[error("{units} UTF-16 units do not fit a qt4 frame (at most 32765)")]
    TooLongForQt4 {
        /// The text's length in UTF-16 code units.
        units: usize,
    },
    /// A `QString` longer than this needs Qt 6.7's extended size, which no fortune client reads.
    #[error("{units} UTF-16 units do not fit a 32-bit QString length")]
    TooLong {
        /// The text's length in UTF-16 code units.
        units: usize,
    },
}

/// Encodes `text` as one frame of `wire`, exactly as that generation's server writes it.
pub fn encode(wire: Wire, text: &str) -> Result<Vec<u8>, EncodeError> {
    let units = text.encode_utf16().count();
    let mut out = header(wire, units)?;
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    Ok(out)
}

/// The header of a `wire` frame of a string of `units` UTF-16 units, in a buffer with room for
/// the string's bytes after it.
fn header(wire: Wire, units: usize) -> Result<Vec<u8>, EncodeError> {
    let bytes = units
        .checked_mul(2)
        .and_then(|b| u32::try_from(b).ok())
        .filter(|&b| b < EXTENDED_SIZE)
        .ok_or(EncodeError::TooLong { units })?;
    let mut out = Vec::with_capacity(wire.prefix_len() + 4 + bytes as usize);
    match wire {
        Wire::Qt4 => {
            let prefix =
                u16::try_from(4 + bytes).map_err(|_| EncodeError::TooLongForQt4 { units })?;
            out.extend_from_slice(&prefix.to_be_bytes());
        }
        Wire::Qt58 => out.extend_from_slice(&(4 + bytes).to_be_bytes()),
        Wire::Qt510 => out.extend_from_slice(&(bytes / 2).to_be_bytes()),
        Wire::Qt66 => {}
    }
    out.extend_from_slice(&bytes.to_be_bytes());
    Ok(out)
}

/// Why a stream is not a valid frame.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    /// The length field asks for more than the reader's cap; nothing was allocated for it.
    #[error("string length {len} bytes is above the cap of {cap} bytes")]
    TooLong {
        /// The length asked for, in bytes.
        len: u64,
        /// The reader's cap, in bytes.
        cap: u32,
    },
    /// UTF-16 comes in pairs of bytes.
    #[error("odd string length {len}: UTF-16 needs an even number of bytes")]
    OddLength {
        /// The length given, in bytes.
        len: u64,
    },
    /// The size prefix disagrees with the string that follows it.
    #[error("{wire} prefix {prefix} does not match the string ({expected} expected)")]
    PrefixMismatch {
        /// The format whose prefix it is.
        wire: Wire,
        /// The prefix as it came.
        prefix: u64,
        /// The prefix the string that follows calls for.
        expected: u64,
    },
    /// The peer closed the stream before the frame was complete.
    #[error("truncated frame: stream ended after {have} of at least {need} bytes")]
    Truncated {
        /// Bytes that came.
        have: usize,
        /// Bytes the frame needs at least.
        need: usize,
    },
    /// The peer closed the stream without sending anything.
    #[error("empty stream: the server closed the connection without sending a frame")]
    Empty,
    /// More bytes came after one complete frame.
    #[error("{extra} trailing byte(s) after a complete {wire} frame")]
    TrailingBytes {
        /// The format of the complete frame.
        wire: Wire,
        /// Bytes after it.
        extra: usize,
    },
    /// Unpaired surrogate: not text. Rejected rather than replaced, so no fortune is altered.
    #[error("invalid UTF-16: unpaired surrogate {unit:#06x} at code unit {index}")]
    InvalidUtf16 {
        /// Where, in UTF-16 code units from the string's start.
        index: usize,
        /// The unpaired surrogate.
        unit: u16,
    },
    /// `auto` found no format that fits; the reasons, one per format.
    #[error("fits no Local Fortune format ({0})")]
    NoFormat(String),
}

/// A complete, valid frame as it arrived: its string's UTF-16BE bytes are `bytes[start..]`. A
/// relay re-frames it for another format with one copy and no conversion of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFrame {
    bytes: Vec<u8>,
    start: usize,
    /// The format it came in.
    pub wire: Wire,
}

impl RawFrame {
    /// The string's UTF-16BE bytes.
    pub fn string_bytes(&self) -> &[u8] {
        &self.bytes[self.start..]
    }

    /// The same string as a frame of `wire`: its bytes after that format's header.
    pub fn reframe(&self, wire: Wire) -> Result<Vec<u8>, EncodeError> {
        let string = self.string_bytes();
        let mut out = header(wire, string.len() / 2)?;
        out.extend_from_slice(string);
        Ok(out)
    }

    /// The fortune as text.
    pub fn decoded(&self) -> Decoded {
        Decoded {
            text: utf16_text(self.string_bytes()),
            wire: self.wire,
        }
    }
}

/// A complete frame, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The fortune (a null `QString` decodes as empty).
    pub text: String,
    /// The format it came in.
    pub wire: Wire,
}

/// How far a buffer gets as a frame of one format.
enum Progress {
    /// At least this many bytes are needed in all.
    Need(usize),
    /// A whole frame; the string's bytes are `buf[start..]`.
    Done { start: usize },
}

fn be_u32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Reads as much of a `wire` frame as `buf` holds. Looks at headers only, so it is O(1)
/// and can run after every chunk.
fn progress(wire: Wire, buf: &[u8], cap: u32) -> Result<Progress, DecodeError> {
    let p = wire.prefix_len();
    if buf.len() < p + 4 {
        return Ok(Progress::Need(p + 4));
    }
    let prefix = match wire {
        Wire::Qt4 => u64::from(u16::from_be_bytes([buf[0], buf[1]])),
        Wire::Qt58 | Wire::Qt510 => u64::from(be_u32(buf)),
        Wire::Qt66 => 0,
    };
    let (len, start, null) = match be_u32(&buf[p..]) {
        NULL_STRING => (0u64, p + 4, true),
        EXTENDED_SIZE if wire == Wire::Qt66 => {
            if buf.len() < p + 12 {
                return Ok(Progress::Need(p + 12));
            }
            let mut b = [0u8; 8];
            b.copy_from_slice(&buf[p + 4..p + 12]);
            (u64::from_be_bytes(b), p + 12, false)
        }
        n => (u64::from(n), p + 4, false),
    };
    if len > u64::from(cap) {
        return Err(DecodeError::TooLong { len, cap });
    }
    if len % 2 != 0 {
        return Err(DecodeError::OddLength { len });
    }
    if let Some(expected) = wire.expected_prefix(len) {
        // A null string has no size (the original writes QString().size() == 0 for qt5.10).
        let expected = if null && wire == Wire::Qt510 {
            0
        } else {
            expected
        };
        if prefix != expected {
            return Err(DecodeError::PrefixMismatch {
                wire,
                prefix,
                expected,
            });
        }
    }
    let total = start + len as usize;
    match buf.len().cmp(&total) {
        std::cmp::Ordering::Less => Ok(Progress::Need(total)),
        std::cmp::Ordering::Equal => Ok(Progress::Done { start }),
        std::cmp::Ordering::Greater => Err(DecodeError::TrailingBytes {
            wire,
            extra: buf.len() - total,
        }),
    }
}

/// Checks that UTF-16BE `bytes` hold no unpaired surrogate (the index counts UTF-16 units).
fn check_utf16(bytes: &[u8]) -> Result<(), DecodeError> {
    let units = bytes
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]));
    let mut index = 0;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => index += c.len_utf16(),
            Err(e) => {
                return Err(DecodeError::InvalidUtf16 {
                    index,
                    unit: e.unpaired_surrogate(),
                })
            }
        }
    }
    Ok(())
}

/// The text of UTF-16BE `bytes` already checked by [`check_utf16`].
fn utf16_text(bytes: &[u8]) -> String {
    let units = bytes
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Incremental frame reader: feed it bytes in any chunking, then call [`Decoder::finish`] at
/// the peer's end of stream.
///
/// # The `auto` rule
/// At end of stream the whole frame is known; `auto` takes the first of qt4, qt5.8, qt5.10,
/// qt6.6 that reads the buffer exactly (prefix consistent, length even and under the cap, no
/// byte missing or left over, valid UTF-16). Only qt5.8 and qt6.6 overlap:
/// - every qt5.8 frame is also a well-formed qt6.6 frame: read as qt6.6, its prefix (4 + bytes)
///   is the string length and the string starts with the real length field, as U+0000 and a
///   unit equal to the byte length. Trying qt5.8 first keeps that misreading out.
/// - a qt6.6 frame is also a qt5.8 frame when its string's first two units, as a `quint32`,
///   equal its byte length minus 4: a first unit of at most `cap / 65536` (U+0010 with the
///   default cap), a control character no fortune starts with. That tie goes to qt5.8 too.
///
/// qt4 never fits a 32-bit format's frame (its first two bytes would have to equal the total
/// length minus 2), and qt5.10's prefix (units) can never equal qt5.8's (4 + bytes) or qt6.6's
/// length. Before end of stream, `auto` fails as soon as no format can still fit.
#[derive(Debug)]
pub struct Decoder {
    formats: &'static [Wire],
    cap: u32,
    buf: Vec<u8>,
}

impl Decoder {
    /// A reader for `choice` among all four formats that refuses strings above `cap` bytes.
    pub fn new(choice: WireChoice, cap: u32) -> Self {
        Decoder::among(choice.formats(&Wire::ALL), cap)
    }

    /// A reader that takes the first of `formats` (in that order) that fits, as `auto` does.
    pub fn among(formats: &'static [Wire], cap: u32) -> Self {
        Decoder {
            formats,
            cap,
            buf: Vec::new(),
        }
    }

    /// Takes the next chunk. Fails as soon as the bytes so far cannot begin a valid frame;
    /// the buffer never grows past one frame of at most `cap` string bytes.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), DecodeError> {
        // Headers are checked after every chunk, so the buffer holds at most one frame of
        // `cap` string bytes plus the last chunk, whatever a hostile peer sends.
        let mut need = 0usize;
        let mut errors = Vec::new();
        self.buf.extend_from_slice(chunk);
        for &wire in self.formats {
            match progress(wire, &self.buf, self.cap) {
                Ok(Progress::Need(n)) => need = need.max(n),
                Ok(Progress::Done { .. }) => need = need.max(self.buf.len()),
                Err(e) => errors.push((wire, e)),
            }
        }
        if errors.len() == self.formats.len() {
            self.buf = Vec::new();
            return Err(combine(errors));
        }
        // Reserve toward a known frame size only; `need` is bounded by the cap checks above.
        if need > self.buf.capacity() {
            self.buf.reserve_exact(need - self.buf.len());
        }
        Ok(())
    }

    /// Bytes held so far: never more than one frame of at most `cap` string bytes plus the
    /// last chunk (the fuzz test holds it to that).
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// End of stream: the frame, with the format it came in, or why there is none.
    pub fn finish(self) -> Result<Decoded, DecodeError> {
        self.finish_raw().map(|raw| raw.decoded())
    }

    /// End of stream: the frame as it arrived, checked as [`Self::finish`] checks it.
    pub fn finish_raw(self) -> Result<RawFrame, DecodeError> {
        if self.buf.is_empty() {
            return Err(DecodeError::Empty);
        }
        let mut errors = Vec::new();
        for &wire in self.formats {
            let result = progress(wire, &self.buf, self.cap).and_then(|p| match p {
                Progress::Need(need) => Err(DecodeError::Truncated {
                    have: self.buf.len(),
                    need,
                }),
                Progress::Done { start } => check_utf16(&self.buf[start..]).map(|()| start),
            });
            match result {
                Ok(start) => {
                    return Ok(RawFrame {
                        bytes: self.buf,
                        start,
                        wire,
                    })
                }
                Err(e) => errors.push((wire, e)),
            }
        }
        Err(combine(errors))
    }
}

/// One format's error as it is; several formats' as one `NoFormat`.
fn combine(mut errors: Vec<(Wire, DecodeError)>) -> DecodeError {
    if errors.len() == 1 {
        return errors.pop().expect("one error").1;
    }
    let detail = errors
        .iter()
        .map(|(w, e)| format!("{w}: {e}"))
        .collect::<Vec<_>>()
        .join("; ");
    DecodeError::NoFormat(detail)
}

/// Decodes one complete stream in one go.
pub fn decode(choice: WireChoice, bytes: &[u8], cap: u32) -> Result<Decoded, DecodeError> {
    let mut d = Decoder::new(choice, cap);
    d.feed(bytes)?;
    d.finish()
}
