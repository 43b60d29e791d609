//! The frames as a codec for framed async byte streams, for programs without Qt: tokio's
//! (`tokio-util`, feature `tokio-codec`) and futures-io's (`asynchronous-codec`, feature
//! `futures-codec`), so that a tokio or `interprocess` program, or [`aio`](crate) on Qt's own
//! loop, reads and writes what Qt's Fortune examples do.
//!
//! A Fortune connection carries one frame, then the server closes. With an exact format the
//! frame is complete as soon as its bytes are in; with [`WireChoice::Auto`] only the end of the
//! stream tells which format fits (see [`Decoder`]'s rule), so the frame comes at the end.

use bytes::{Buf, BufMut, BytesMut};
use thiserror::Error;

use super::{
    check_utf16, combine, progress, utf16_text, DecodeError, Decoded, Decoder, EncodeError,
    Progress, Wire, WireChoice, DEFAULT_MAX_STRING_BYTES,
};

/// Encodes fortunes in one format, decodes them in one or any (`Auto`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FortuneCodec {
    read: WireChoice,
    write: Wire,
    cap: u32,
}

impl FortuneCodec {
    /// Reads and writes `wire`, strings up to [`DEFAULT_MAX_STRING_BYTES`].
    pub fn new(wire: Wire) -> Self {
        FortuneCodec {
            read: WireChoice::Exact(wire),
            write: wire,
            cap: DEFAULT_MAX_STRING_BYTES,
        }
    }

    /// Reads any generation's frame (told apart at the end of the stream); writes `write`.
    pub fn auto(write: Wire) -> Self {
        FortuneCodec {
            read: WireChoice::Auto,
            write,
            cap: DEFAULT_MAX_STRING_BYTES,
        }
    }

    /// Refuses strings above `cap` bytes (before reserving memory for them).
    pub fn with_cap(self, cap: u32) -> Self {
        FortuneCodec { cap, ..self }
    }

    /// A complete frame at the front of `buf`, taken from it; `None` until one is.
    pub fn decode_frame(&self, buf: &mut BytesMut) -> Result<Option<Decoded>, CodecError> {
        match self.read {
            WireChoice::Exact(wire) => match progress(wire, buf, self.cap)? {
                Progress::Need(need) => {
                    buf.reserve(need.saturating_sub(buf.len()));
                    Ok(None)
                }
                Progress::Done { start } => {
                    let frame = buf.split_to(buf.len());
                    check_utf16(&frame[start..])?;
                    Ok(Some(Decoded {
                        text: utf16_text(&frame[start..]),
                        wire,
                    }))
                }
            },
            WireChoice::Auto => {
                // Headers checked here (a hostile prefix fails at once); read at the end.
                let errors: Vec<(Wire, DecodeError)> = Wire::ALL
                    .iter()
                    .filter_map(|&wire| progress(wire, buf, self.cap).err().map(|e| (wire, e)))
                    .collect();
                if errors.len() == Wire::ALL.len() {
                    return Err(combine(errors).into());
                }
                Ok(None)
            }
        }
    }

    /// The end of the stream: the frame `buf` holds (all of it), or `None` if it is empty.
    pub fn decode_last(&self, buf: &mut BytesMut) -> Result<Option<Decoded>, CodecError> {
        if buf.is_empty() {
            return Ok(None);
        }
        let mut decoder = Decoder::new(self.read, self.cap);
        decoder.feed(buf)?;
        buf.advance(buf.len());
        Ok(Some(decoder.finish()?))
    }

    /// Appends `text` as one frame.
    pub fn encode_text(&self, text: &str, buf: &mut BytesMut) -> Result<(), CodecError> {
        buf.put_slice(&super::encode(self.write, text)?);
        Ok(())
    }
}

/// Why a framed stream failed.
#[derive(Debug, Error)]
pub enum CodecError {
    /// The stream itself failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The bytes are not a frame.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The text does not fit the format.
    #[error(transparent)]
    Encode(#[from] EncodeError),
}

/// The same decoder for both crates' trait (they are alike, and independent): the frame once its
/// bytes are in, or at the end of the stream the one `auto` tells.
macro_rules! decoder {
    ($decoder:path) => {
        impl $decoder for FortuneCodec {
            type Item = Decoded;
            type Error = CodecError;
            fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Decoded>, CodecError> {
                self.decode_frame(buf)
            }
            fn decode_eof(&mut self, buf: &mut BytesMut) -> Result<Option<Decoded>, CodecError> {
                match self.decode_frame(buf)? {
                    Some(frame) => Ok(Some(frame)),
                    None => self.decode_last(buf),
                }
            }
        }
    };
}

#[cfg(feature = "tokio-codec")]
decoder!(tokio_util::codec::Decoder);

#[cfg(feature = "tokio-codec")]
impl tokio_util::codec::Encoder<&str> for FortuneCodec {
    type Error = CodecError;
    fn encode(&mut self, text: &str, buf: &mut BytesMut) -> Result<(), CodecError> {
        self.encode_text(text, buf)
    }
}

#[cfg(feature = "futures-codec")]
decoder!(asynchronous_codec::Decoder);

#[cfg(feature = "futures-codec")]
impl asynchronous_codec::Encoder for FortuneCodec {
    type Item<'a> = &'a str;
    type Error = CodecError;
    fn encode(&mut self, text: &str, buf: &mut BytesMut) -> Result<(), CodecError> {
        self.encode_text(text, buf)
    }
}
