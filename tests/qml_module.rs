//! The QML module `LocalFortune` as QML's tools meet it: the folder cargo exports (`qmldir`,
//! `plugin.qmltypes`, the windows' QML) is what qmllint, qmlls and Qt Creator's code model read,
//! and its type information must describe our three QObjects as their bridges declare them (a
//! property missing there is one Qt Creator cannot complete).
//!
//! Found through the CMake cache's `QML_IMPORT_PATH` when ctest gives `LF_CMAKE_CACHE` (the
//! entry Qt Creator's code model reads), else in cargo's own target folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// (QML name, C++ type, read-only) of every property, in declaration order.
type Properties = Vec<(String, String, bool)>;

/// The C++ type of a Rust `u32` property: stands for any of [`U32_NAMES`].
const U32: &str = "u32";
/// The names moc gives a `u32` (cxx's `::std::uint32_t`): as written (Qt 6.4, 6.8), or
/// normalized to Qt's `uint` (Qt 6.11).
const U32_NAMES: [&str; 2] = ["::std::uint32_t", "uint"];

/// `described` with each name of a 32-bit unsigned type replaced by [`U32`].
fn with_u32_named(described: &Properties) -> Properties {
    described
        .iter()
        .map(|(name, ty, read_only)| {
            let ty = if U32_NAMES.contains(&ty.as_str()) {
                U32
            } else {
                ty
            };
            (name.clone(), ty.to_owned(), *read_only)
        })
        .collect()
}

/// The folder of QML modules the tools are pointed at, and how it was found.
fn module_folder() -> (PathBuf, String) {
    if let Some(cache) = std::env::var_os("LF_CMAKE_CACHE") {
        let text = std::fs::read_to_string(&cache).unwrap();
        let entry = text
            .lines()
            .find_map(|l| l.strip_prefix("QML_IMPORT_PATH:"))
            .unwrap_or_else(|| panic!("no QML_IMPORT_PATH in {}", Path::new(&cache).display()));
        let value = entry.split_once('=').unwrap().1;
        let dirs: Vec<&str> = value.split(';').collect();
        let found = dirs
            .iter()
            .find(|d| Path::new(d).join("LocalFortune/qmldir").is_file())
            .unwrap_or_else(|| {
                panic!("no folder of QML_IMPORT_PATH ({value}) holds LocalFortune/qmldir")
            });
        return (
            PathBuf::from(found),
            format!("QML_IMPORT_PATH of {cache:?}"),
        );
    }
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    (
        target.join("cxxqt/qml_modules"),
        "cargo's target folder".into(),
    )
}

/// The properties each `#[qobject]` of `src/qt/<file>` declares, with the C++ type moc records
/// for each Rust type (cxx's names, and the aliases of `qml_types.rs`).
fn declared(file: &str) -> (String, Properties) {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/qt")
            .join(file),
    )
    .unwrap();
    let mut properties = Vec::new();
    for line in source.lines().map(str::trim) {
        if let Some(inner) = line
            .strip_prefix("#[qproperty(")
            .and_then(|l| l.strip_suffix(")]"))
        {
            let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
            let cxx_type = match parts[0] {
                "QString" => "QString",
                "bool" => "bool",
                "qml_int" => "int",
                "qml_long" => "qlonglong",
                // moc records cxx's name as written up to Qt 6.8 and normalizes it to Qt's
                // own from 6.11 on; either names the same 32-bit unsigned type.
                "u32" => U32,
                other => panic!("{file}: no C++ name known for property type {other}"),
            };
            let name = parts
                .iter()
                .find_map(|p| p.strip_prefix("cxx_name = "))
                .map(|n| n.trim_matches('"'))
                .unwrap_or(parts[1]);
            // READ without WRITE: a read-only property.
            let read_only =
                parts.contains(&"READ") && !parts.iter().any(|p| p.starts_with("WRITE"));
            properties.push((name.to_owned(), cxx_type.to_owned(), read_only));
        }
        if let Some(ty) = line
            .strip_prefix("type ")
            .and_then(|l| l.split_once(" = super::"))
        {
            if !properties.is_empty() {
                return (ty.0.to_owned(), properties);
            }
        }
    }
    panic!("{file}: no #[qobject] type with properties found");
}

/// Every component of a `.qmltypes` file and its properties.
fn qmltypes(text: &str) -> BTreeMap<String, Properties> {
    let mut components = BTreeMap::new();
    let mut component: Option<String> = None;
    let mut property: Option<(String, String, bool)> = None;
    let value = |l: &str, key: &str| -> Option<String> {
        l.strip_prefix(key)
            .map(|v| v.trim().trim_matches('"').to_owned())
    };
    for line in text.lines().map(str::trim) {
        match line {
            "Component {" => component = None,
            "Property {" => property = Some(Default::default()),
            "}" => {
                if let (Some(p), Some(c)) = (property.take(), &component) {
                    components.entry(c.clone()).or_insert_with(Vec::new).push(p);
                }
            }
            _ => {
                if let Some(p) = property.as_mut() {
                    if let Some(v) = value(line, "name:") {
                        p.0 = v;
                    } else if let Some(v) = value(line, "type:") {
                        p.1 = v;
                    } else if line == "isReadonly: true" {
                        p.2 = true;
                    }
                } else if let Some(v) = value(line, "name:") {
                    component = Some(v);
                }
            }
        }
    }
    components
}

#[test]
fn the_module_describes_our_qobjects_as_they_are_declared() {
    let (folder, how) = module_folder();
    let module = folder.join("LocalFortune");
    let qmldir = std::fs::read_to_string(module.join("qmldir"))
        .unwrap_or_else(|e| panic!("{} ({how}): {e}", module.join("qmldir").display()));
    assert!(qmldir.starts_with("module LocalFortune\n"), "{qmldir}");
    assert!(qmldir.contains("typeinfo plugin.qmltypes\n"), "{qmldir}");
    for window in ["ServerWindow", "ClientWindow", "BridgeWindow"] {
        let line = format!("{window} 1.0 qml/{window}.qml\n");
        assert!(
            qmldir.contains(&line),
            "{how}: qmldir lacks {line:?}: {qmldir}"
        );
        assert!(
            module.join(format!("qml/{window}.qml")).is_file(),
            "{window}.qml"
        );
    }
    let described = qmltypes(&std::fs::read_to_string(module.join("plugin.qmltypes")).unwrap());
    for file in [
        "fortune_server.rs",
        "fortune_client.rs",
        "fortune_bridge.rs",
    ] {
        let (name, properties) = declared(file);
        assert!(properties.len() >= 10, "{file}: {properties:?}");
        assert_eq!(
            described.get(&name).map(with_u32_named),
            Some(properties),
            "{how}: the properties plugin.qmltypes gives {name} are not those src/qt/{file} declares"
        );
    }
}

#[test]
fn the_type_reader_reads_what_it_must() {
    // The checks above can only fail if these readers find something: a component with a
    // read-only property, and a declaration with a cxx_name.
    let text = "Module {\n Component {\n  name: \"T\"\n  Property {\n   name: \"a\"\n   type: \"int\"\n   isReadonly: true\n  }\n }\n}\n";
    assert_eq!(
        qmltypes(text).get("T"),
        Some(&vec![("a".into(), "int".into(), true)])
    );
    let (name, server) = declared("fortune_server.rs");
    assert_eq!(name, "FortuneServer");
    assert!(server.contains(&("serverName".into(), "QString".into(), false)));
    assert!(server.contains(&("served".into(), "qlonglong".into(), true)));
}
