//! The codec with this app's fortunes: the seven fortunes of Qt's examples in every format,
//! fortune files, and how the server picks its frames. The codec itself is tested in its crate
//! (crates/cxx-qt-sockets/tests/wire.rs). Pure Rust: no Qt involved.

use local_fortune::core::fortunes::{Fortunes, FortunesError, Frames, ORIGINAL};
use local_fortune::core::wire::{decode, encode, Wire, WireChoice, DEFAULT_MAX_STRING_BYTES};

const CAP: u32 = DEFAULT_MAX_STRING_BYTES;

#[test]
fn seven_originals_in_order() {
    assert_eq!(ORIGINAL.len(), 7);
    assert_eq!(
        ORIGINAL[0],
        "You've been leading a dog's life. Stay off the furniture."
    );
    assert_eq!(ORIGINAL[4], "You might have mail.");
    assert_eq!(
        ORIGINAL[6],
        "Computers are not intelligent. They only think they are."
    );
    assert_eq!(
        Fortunes::default().as_slice(),
        ORIGINAL.map(String::from).as_slice()
    );
    for wire in Wire::ALL {
        for text in ORIGINAL {
            let frame = encode(wire, text).unwrap();
            let units = text.len(); // ASCII: one unit per byte
            let head: Vec<u8> = match wire {
                Wire::Qt4 => [
                    &((4 + 2 * units) as u16).to_be_bytes()[..],
                    &((2 * units) as u32).to_be_bytes(),
                ]
                .concat(),
                Wire::Qt58 => [
                    ((4 + 2 * units) as u32).to_be_bytes(),
                    ((2 * units) as u32).to_be_bytes(),
                ]
                .concat(),
                Wire::Qt510 => [
                    (units as u32).to_be_bytes(),
                    ((2 * units) as u32).to_be_bytes(),
                ]
                .concat(),
                Wire::Qt66 => ((2 * units) as u32).to_be_bytes().to_vec(),
            };
            assert_eq!(&frame[..head.len()], &head[..], "{wire} {text}");
            assert_eq!(frame.len(), head.len() + 2 * units);
            let d = decode(WireChoice::Auto, &frame, CAP).unwrap();
            assert_eq!((d.text.as_str(), d.wire), (text, wire));
        }
    }
}

#[test]
fn a_fortune_file_refuses_what_qt4_cannot_hold() {
    let too_long = "x".repeat(32766);
    let fortunes = Fortunes::from_lines(&format!("short\n{too_long}\n")).unwrap();
    let err = Frames::new(&fortunes, Wire::Qt4).unwrap_err();
    assert!(
        matches!(
            err,
            FortunesError::Unencodable {
                index: 2,
                wire: Wire::Qt4,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn fortune_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.txt");
    std::fs::write(&path, "first\r\n\n  \n你好，世界\nlast 🦀").unwrap();
    let f = Fortunes::from_file(&path).unwrap();
    assert_eq!(f.as_slice(), ["first", "你好，世界", "last 🦀"]);

    std::fs::write(&path, "\n \n\t\n").unwrap();
    let e = Fortunes::from_file(&path).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "fortune file {} holds no fortune (only blank lines)",
            path.display()
        )
    );

    std::fs::write(&path, b"ok\n\xff\xfe\n").unwrap();
    let e = Fortunes::from_file(&path).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "fortune file {} is not UTF-8 (first bad byte at offset 3)",
            path.display()
        )
    );

    let missing = dir.path().join("missing.txt");
    let e = Fortunes::from_file(&missing).unwrap_err();
    assert!(
        e.to_string()
            .starts_with(&format!("cannot read fortune file {}: ", missing.display())),
        "{e}"
    );
}

#[test]
fn frames_pick_uniformly() {
    use rand::SeedableRng;
    let frames = Frames::new(&Fortunes::default(), Wire::Qt66).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut seen = [0u32; 7];
    for _ in 0..7000 {
        let d = decode(WireChoice::Exact(Wire::Qt66), frames.pick(&mut rng), CAP).unwrap();
        seen[ORIGINAL.iter().position(|o| *o == d.text).unwrap()] += 1;
    }
    assert!(seen.iter().all(|&n| (800..1200).contains(&n)), "{seen:?}");
}
