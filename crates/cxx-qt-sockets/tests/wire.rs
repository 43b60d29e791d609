//! The codec against the golden bytes of the real Qt examples, property round trips in every
//! chunking, and every way a frame can be bad. Pure Rust: no Qt involved.

use cxx_qt_sockets::wire::{
    decode, encode, DecodeError, Decoder, EncodeError, Wire, WireChoice, DEFAULT_MAX_STRING_BYTES,
};
use proptest::prelude::*;

const CAP: u32 = DEFAULT_MAX_STRING_BYTES;
const MAIL_TEXT: &str =
    "0059006f00750020006d0069006700680074002000680061007600650020006d00610069006c002e";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn golden(wire: Wire) -> String {
    let prefix = match wire {
        Wire::Qt4 => "002c00000028",
        Wire::Qt58 => "0000002c00000028",
        Wire::Qt510 => "0000001400000028",
        Wire::Qt66 => "00000028",
    };
    format!("{prefix}{MAIL_TEXT}")
}

#[test]
fn golden_frames_encode_byte_for_byte() {
    for (wire, len) in [
        (Wire::Qt4, 46),
        (Wire::Qt58, 48),
        (Wire::Qt510, 48),
        (Wire::Qt66, 44),
    ] {
        let frame = encode(wire, "You might have mail.").unwrap();
        assert_eq!(frame.len(), len, "{wire}");
        assert_eq!(hex(&frame), golden(wire), "{wire}");
    }
}

#[test]
fn golden_frames_decode_exact_and_auto() {
    for wire in Wire::ALL {
        let bytes = unhex(&golden(wire));
        let exact = decode(WireChoice::Exact(wire), &bytes, CAP).unwrap();
        assert_eq!(exact.text, "You might have mail.");
        assert_eq!(exact.wire, wire);
        let auto = decode(WireChoice::Auto, &bytes, CAP).unwrap();
        assert_eq!(
            (auto.text.as_str(), auto.wire),
            ("You might have mail.", wire)
        );
    }
}

#[test]
fn wire_names_parse_and_print() {
    for (name, wire) in [
        ("qt4", Wire::Qt4),
        ("qt5.8", Wire::Qt58),
        ("qt5.10", Wire::Qt510),
        ("qt6.6", Wire::Qt66),
    ] {
        assert_eq!(name.parse::<Wire>().unwrap(), wire);
        assert_eq!(wire.to_string(), name);
        assert_eq!(name.parse::<WireChoice>().unwrap(), WireChoice::Exact(wire));
    }
    assert_eq!("auto".parse::<WireChoice>().unwrap(), WireChoice::Auto);
    assert!("auto".parse::<Wire>().is_err());
    assert_eq!(
        "qt5".parse::<Wire>().unwrap_err().to_string(),
        "unknown wire format \"qt5\" (expected qt4, qt5.8, qt5.10 or qt6.6)"
    );
}

#[test]
fn non_ascii_and_astral_text() {
    let text = "你好，世界 🦀";
    // 🦀 is outside the BMP: two UTF-16 units, so N = 8 units, 16 bytes.
    let frame = encode(Wire::Qt510, text).unwrap();
    assert_eq!(hex(&frame[..8]), "0000000800000010");
    assert_eq!(hex(&frame[8..]), "4f60597dff0c4e16754c0020d83edd80");
    for wire in Wire::ALL {
        let d = decode(WireChoice::Auto, &encode(wire, text).unwrap(), CAP).unwrap();
        assert_eq!((d.text.as_str(), d.wire), (text, wire));
    }
}

#[test]
fn null_and_empty_strings() {
    // A null QString is FFFFFFFF with no payload; the prefixes are what the originals compute.
    let cases = [
        (Wire::Qt4, "0004ffffffff"),
        (Wire::Qt58, "00000004ffffffff"),
        (Wire::Qt510, "00000000ffffffff"),
        (Wire::Qt66, "ffffffff"),
    ];
    for (wire, bytes) in cases {
        let d = decode(WireChoice::Exact(wire), &unhex(bytes), CAP).unwrap();
        assert_eq!(d.text, "");
        assert_eq!(
            decode(WireChoice::Auto, &unhex(bytes), CAP).unwrap().wire,
            wire
        );
    }
    assert_eq!(hex(&encode(Wire::Qt66, "").unwrap()), "00000000");
}

#[test]
fn qt4_refuses_what_its_quint16_cannot_hold() {
    let fits = "x".repeat(32765);
    assert_eq!(encode(Wire::Qt4, &fits).unwrap()[..2], [0xff, 0xfe]);
    let too_long = "x".repeat(32766);
    assert_eq!(
        encode(Wire::Qt4, &too_long),
        Err(EncodeError::TooLongForQt4 { units: 32766 })
    );
    assert!(encode(Wire::Qt58, &too_long).is_ok());
}

#[test]
fn errors_are_typed() {
    let exact = |w| WireChoice::Exact(w);
    // prefix inconsistent with the string
    assert_eq!(
        decode(exact(Wire::Qt58), &unhex("0000002e00000028"), CAP).unwrap_err(),
        DecodeError::PrefixMismatch {
            wire: Wire::Qt58,
            prefix: 0x2e,
            expected: 0x2c
        }
    );
    assert_eq!(
        decode(exact(Wire::Qt510), &unhex("0000001500000028"), CAP).unwrap_err(),
        DecodeError::PrefixMismatch {
            wire: Wire::Qt510,
            prefix: 0x15,
            expected: 0x14
        }
    );
    // odd byte length
    assert_eq!(
        decode(exact(Wire::Qt66), &unhex("0000000300410042"), CAP).unwrap_err(),
        DecodeError::OddLength { len: 3 }
    );
    // truncated at end of stream
    let golden66 = unhex(&golden(Wire::Qt66));
    assert_eq!(
        decode(exact(Wire::Qt66), &golden66[..43], CAP).unwrap_err(),
        DecodeError::Truncated { have: 43, need: 44 }
    );
    assert_eq!(
        decode(exact(Wire::Qt66), &golden66[..3], CAP).unwrap_err(),
        DecodeError::Truncated { have: 3, need: 4 }
    );
    // trailing bytes
    let mut long = golden66.clone();
    long.push(0);
    assert_eq!(
        decode(exact(Wire::Qt66), &long, CAP).unwrap_err(),
        DecodeError::TrailingBytes {
            wire: Wire::Qt66,
            extra: 1
        }
    );
    // invalid UTF-16: a lone high surrogate
    assert_eq!(
        decode(exact(Wire::Qt66), &unhex("000000040041d83e"), CAP).unwrap_err(),
        DecodeError::InvalidUtf16 {
            index: 1,
            unit: 0xd83e
        }
    );
    // nothing at all
    assert_eq!(
        Decoder::new(WireChoice::Auto, CAP).finish().unwrap_err(),
        DecodeError::Empty
    );
    // auto reports every format's reason in one line
    let err = decode(WireChoice::Auto, &unhex("0000000300410042"), CAP)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("fits no Local Fortune format (qt4: "),
        "{err}"
    );
    for name in ["qt5.8: ", "qt5.10: ", "qt6.6: odd string length 3"] {
        assert!(err.contains(name), "{err}");
    }
    assert!(!err.contains('\n'));
}

#[test]
fn cap_is_enforced_before_allocating() {
    // A 4 GiB - 2 length: rejected from the first 4 bytes, nothing reserved for it.
    let mut d = Decoder::new(WireChoice::Exact(Wire::Qt66), CAP);
    assert_eq!(
        d.feed(&unhex("fffffffd")).unwrap_err(),
        DecodeError::TooLong {
            len: 0xfffffffd,
            cap: CAP
        }
    );
    // A configurable cap.
    let small = encode(Wire::Qt66, "0123456789").unwrap();
    assert_eq!(
        decode(WireChoice::Exact(Wire::Qt66), &small, 19).unwrap_err(),
        DecodeError::TooLong { len: 20, cap: 19 }
    );
    assert!(decode(WireChoice::Exact(Wire::Qt66), &small, 20).is_ok());
    // Qt 6.7's extended size marker is read as a 64-bit size, not as a length of FFFFFFFE.
    let mut ext = Decoder::new(WireChoice::Exact(Wire::Qt66), CAP);
    ext.feed(&unhex("fffffffe")).unwrap();
    assert_eq!(
        ext.feed(&unhex("0000000100000000")).unwrap_err(),
        DecodeError::TooLong {
            len: 1 << 32,
            cap: CAP
        }
    );
    let small_ext = unhex("fffffffe00000000000000020041");
    let d = decode(WireChoice::Exact(Wire::Qt66), &small_ext, CAP).unwrap();
    assert_eq!(d.text, "A");
    // A hostile auto peer streaming junk is cut off within a few bytes, whatever it sends.
    let mut junk = Decoder::new(WireChoice::Auto, CAP);
    let mut fed = 0;
    let err = loop {
        match junk.feed(&[0x7f; 1]) {
            Ok(()) => fed += 1,
            Err(e) => break e,
        }
        assert!(fed < 64, "junk accepted for too long");
    };
    assert!(matches!(err, DecodeError::NoFormat(_)), "{err}");
}

#[test]
fn ambiguity_between_qt58_and_qt66_goes_to_qt58() {
    // A qt6.6 frame whose string starts with U+0000 U+0004 (length 8 - 4) also reads as a
    // qt5.8 frame of two units; the documented rule picks qt5.8.
    let bytes = unhex("00000008000000040041004200");
    let bytes = &bytes[..12];
    let d66 = decode(WireChoice::Exact(Wire::Qt66), bytes, CAP).unwrap();
    assert_eq!(d66.text, "\u{0}\u{4}AB");
    let d58 = decode(WireChoice::Exact(Wire::Qt58), bytes, CAP).unwrap();
    assert_eq!(d58.text, "AB");
    assert_eq!(decode(WireChoice::Auto, bytes, CAP).unwrap(), d58);
}

fn wire_strategy() -> impl Strategy<Value = Wire> {
    prop::sample::select(Wire::ALL.to_vec())
}

proptest! {
    #[test]
    fn round_trip_any_text_any_chunking(
        text in "\\PC{0,40}|[\u{4e00}-\u{9fff}\u{1f300}-\u{1faff}a-z ]{0,40}",
        wire in wire_strategy(),
        cuts in prop::collection::vec(1usize..9, 0..64),
    ) {
        let frame = encode(wire, &text).unwrap();
        for choice in [WireChoice::Exact(wire), WireChoice::Auto] {
            let mut d = Decoder::new(choice, CAP);
            let mut rest = &frame[..];
            for &n in &cuts {
                let n = n.min(rest.len());
                d.feed(&rest[..n]).unwrap();
                rest = &rest[n..];
            }
            d.feed(rest).unwrap();
            let got = d.finish().unwrap();
            prop_assert_eq!(&got.text, &text);
            // Auto may only differ on the documented qt5.8/qt6.6 tie (text starting with a C0 unit).
            if choice == WireChoice::Exact(wire) || !text.starts_with(|c: char| c <= '\u{10}') {
                prop_assert_eq!(got.wire, wire);
            }
        }
    }

    #[test]
    fn one_byte_at_a_time(text in "\\PC{0,20}", wire in wire_strategy()) {
        let frame = encode(wire, &text).unwrap();
        let mut d = Decoder::new(WireChoice::Exact(wire), CAP);
        for b in &frame {
            d.feed(std::slice::from_ref(b)).unwrap();
        }
        prop_assert_eq!(d.finish().unwrap().text, text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..80), cap in 0u32..64) {
        let _ = decode(WireChoice::Auto, &bytes, cap);
        for wire in Wire::ALL {
            let _ = decode(WireChoice::Exact(wire), &bytes, cap);
        }
    }

    #[test]
    fn truncation_is_an_error(text in "\\PC{1,20}", wire in wire_strategy(), cut in 1usize..8) {
        let frame = encode(wire, &text).unwrap();
        let cut = cut.min(frame.len() - 1);
        let r = decode(WireChoice::Exact(wire), &frame[..frame.len() - cut], CAP);
        prop_assert!(matches!(r, Err(DecodeError::Truncated { .. })), "{:?}", r);
    }
}

/// Generated byte streams, split at generated points: the incremental decoder never panics,
/// never holds more than one capped frame plus the chunk it was just given, and agrees with a
/// one-shot decode (the same fortune and format, or both an error). `FUZZ_CASES` cases
/// (`make fuzz` runs 1,000,000; `make test` the default 20,000), from `FUZZ_SEED`.
#[test]
fn fuzz_chunked_streams_agree_with_one_shot() {
    use rand::{Rng, SeedableRng};
    let cases: u64 = std::env::var("FUZZ_CASES").map_or(20_000, |v| v.parse().unwrap());
    let seed: u64 = std::env::var("FUZZ_SEED").map_or(0x1f_0a7e, |v| v.parse().unwrap());
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let alphabet: Vec<char> = "ab Z.\u{0}\u{10}\u{e9}\u{4e2d}\u{1f980}\u{ffff}"
        .chars()
        .collect();
    let (mut ok, mut bad) = (0u64, 0u64);
    for case in 0..cases {
        let cap = [0, 2, 7, 16, 64, CAP][rng.random_range(0..6)];
        // Half valid frames (then maybe damaged), half arbitrary bytes.
        let mut bytes = if rng.random_bool(0.5) {
            let text: String = (0..rng.random_range(0..12))
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect();
            encode(Wire::ALL[rng.random_range(0..4)], &text).unwrap()
        } else {
            (0..rng.random_range(0..48)).map(|_| rng.random()).collect()
        };
        match rng.random_range(0..6) {
            0 if !bytes.is_empty() => {
                let i = rng.random_range(0..bytes.len());
                bytes[i] ^= 1 << rng.random_range(0..8);
            }
            1 => bytes.truncate(rng.random_range(0..=bytes.len())),
            2 => bytes.extend((0..rng.random_range(1..6)).map(|_| rng.random::<u8>())),
            _ => {}
        }
        let choice = [
            WireChoice::Auto,
            WireChoice::Exact(Wire::ALL[rng.random_range(0..4)]),
        ][rng.random_range(0..2)];
        let whole = decode(choice, &bytes, cap);

        let mut d = Decoder::new(choice, cap);
        let mut rest = &bytes[..];
        let mut fed = Ok(());
        while !rest.is_empty() && fed.is_ok() {
            let n = rng.random_range(1..=rest.len());
            fed = d.feed(&rest[..n]);
            assert!(
                d.buffered() <= 12 + cap as usize + n,
                "case {case}: {} bytes held with cap {cap} after a chunk of {n}",
                d.buffered()
            );
            rest = &rest[n..];
        }
        let chunked = fed.and_then(|()| d.finish());
        match (&whole, &chunked) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "case {case}: {bytes:02x?}");
                ok += 1;
            }
            (Err(_), Err(_)) => bad += 1,
            _ => panic!("case {case} (seed {seed}): one-shot {whole:?}, chunked {chunked:?}, bytes {bytes:02x?}"),
        }
    }
    assert_eq!(ok + bad, cases);
    assert!(
        ok > cases / 10 && bad > cases / 10,
        "a mix of both: {ok} ok, {bad} bad"
    );
    eprintln!("fuzz: {cases} cases (seed {seed}): {ok} decoded, {bad} refused, all agreeing");
}
