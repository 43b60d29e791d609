//! `wire::codec::FortuneCodec` through both framed-stream crates: every format, any chunking,
//! `auto` at the end of the stream, a hostile prefix refused at once, an empty stream.

use asynchronous_codec::FramedRead;
use bytes::BytesMut;
use cxx_qt_sockets::wire::codec::{CodecError, FortuneCodec};
use cxx_qt_sockets::wire::{encode, DecodeError, Wire};
use futures_executor::block_on;
use futures_util::io::Cursor;
use futures_util::StreamExt;
use tokio_util::codec::{Decoder, Encoder};

const TEXT: &str = "你好，世界 🦀 You might have mail.";

/// Feeds `bytes` to tokio's decoder `chunk` bytes at a time, then the end of the stream.
fn tokio_decode(
    mut codec: FortuneCodec,
    bytes: &[u8],
    chunk: usize,
) -> Vec<Result<String, String>> {
    let mut buf = BytesMut::new();
    let mut out = Vec::new();
    for piece in bytes.chunks(chunk) {
        buf.extend_from_slice(piece);
        match codec.decode(&mut buf) {
            Ok(Some(frame)) => out.push(Ok(frame.text)),
            Ok(None) => {}
            Err(e) => return vec![Err(e.to_string())],
        }
    }
    match codec.decode_eof(&mut buf) {
        Ok(Some(frame)) => out.push(Ok(frame.text)),
        Ok(None) => {}
        Err(e) => out.push(Err(e.to_string())),
    }
    out
}

#[test]
fn every_format_in_any_chunking_through_tokio_util() {
    for wire in Wire::ALL {
        let frame = encode(wire, TEXT).unwrap();
        for chunk in [1, 2, 3, 7, frame.len()] {
            assert_eq!(
                tokio_decode(FortuneCodec::new(wire), &frame, chunk),
                [Ok(TEXT.to_owned())],
                "{wire}, chunks of {chunk}"
            );
            assert_eq!(
                tokio_decode(FortuneCodec::auto(Wire::Qt66), &frame, chunk),
                [Ok(TEXT.to_owned())],
                "auto reading {wire}, chunks of {chunk}"
            );
        }
    }
}

#[test]
fn the_encoder_writes_what_encode_writes() {
    for wire in Wire::ALL {
        let mut buf = BytesMut::new();
        FortuneCodec::new(wire).encode(TEXT, &mut buf).unwrap();
        assert_eq!(&buf[..], &encode(wire, TEXT).unwrap()[..], "{wire}");
    }
}

#[test]
fn every_format_through_asynchronous_codec() {
    for wire in Wire::ALL {
        let frame = encode(wire, TEXT).unwrap();
        let mut frames = FramedRead::new(Cursor::new(frame), FortuneCodec::auto(Wire::Qt66));
        let fortune = block_on(frames.next())
            .expect("a frame")
            .expect("a valid frame");
        assert_eq!((fortune.text.as_str(), fortune.wire), (TEXT, wire));
        assert!(block_on(frames.next()).is_none(), "{wire}: one frame only");
    }
}

#[test]
fn a_hostile_length_is_refused_before_the_frame_is_read() {
    // Headers asking for 3 GiB in every 32-bit format (and a mismatched qt4 one), then nothing:
    // refused from the headers alone.
    let hostile = [0xC0, 0, 0, 0, 0xC0, 0, 0, 0, 0xC0, 0, 0, 0];
    for codec in [
        FortuneCodec::new(Wire::Qt66),
        FortuneCodec::auto(Wire::Qt66),
    ] {
        let mut buf = BytesMut::from(&hostile[..]);
        let mut codec = codec.with_cap(1 << 20);
        let err = codec.decode(&mut buf).expect_err("refused");
        assert!(matches!(err, CodecError::Decode(_)), "{err}");
    }
}

#[test]
fn an_empty_stream_is_no_frame_and_a_truncated_one_an_error() {
    let mut frames = FramedRead::new(Cursor::new(Vec::new()), FortuneCodec::auto(Wire::Qt66));
    assert!(block_on(frames.next()).is_none());
    let frame = encode(Wire::Qt510, TEXT).unwrap();
    let cut = &frame[..frame.len() - 3];
    let result = tokio_decode(FortuneCodec::new(Wire::Qt510), cut, 4);
    assert_eq!(result.len(), 1);
    let err = result[0].clone().unwrap_err();
    assert!(err.starts_with("truncated frame"), "{err}");
    assert!(matches!(
        FortuneCodec::auto(Wire::Qt66).decode_last(&mut BytesMut::from(cut)),
        Err(CodecError::Decode(
            DecodeError::NoFormat(_) | DecodeError::Truncated { .. }
        ))
    ));
}
