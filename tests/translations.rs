//! The Qt Linguist file against the sources, without Qt: every `translate("Context", "text")`
//! of the Rust QObjects is in `translations/local-fortune_zh_CN.ts` (so lupdate's C++ parser,
//! reading Rust, did find it), and every message there is translated, current and keeps its
//! placeholders. `make ts-check` runs lupdate itself for the QML side.

use std::collections::BTreeSet;
use std::path::Path;

const TS: &str = "translations/local-fortune_zh_CN.ts";

#[derive(Debug)]
struct Message {
    context: String,
    source: String,
    translation: String,
    kind: Option<String>,
}

fn unescape(xml: &str) -> String {
    xml.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text between `<tag ...>` and `</tag>` after `from`, with the opening tag's attributes.
fn element<'a>(text: &'a str, tag: &str) -> Option<(&'a str, &'a str, usize)> {
    let open = text.find(&format!("<{tag}"))?;
    let attrs_end = open + text[open..].find('>')?;
    let attrs = &text[open + 1 + tag.len()..attrs_end];
    let close = format!("</{tag}>");
    let end = attrs_end + text[attrs_end..].find(&close)?;
    Some((attrs, &text[attrs_end + 1..end], end + close.len()))
}

fn messages() -> Vec<Message> {
    let ts = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(TS)).unwrap();
    let mut all = Vec::new();
    let mut rest = ts.as_str();
    while let Some((_, context, next)) = element(rest, "context") {
        let (_, name, _) = element(context, "name").expect("<context> without <name>");
        let mut body = context;
        while let Some((_, message, after)) = element(body, "message") {
            let (_, source, _) = element(message, "source").expect("<message> without <source>");
            let (attrs, translation, _) =
                element(message, "translation").expect("<message> without <translation>");
            let kind = attrs
                .split("type=\"")
                .nth(1)
                .map(|t| t.split('"').next().unwrap().to_owned());
            all.push(Message {
                context: unescape(name),
                source: unescape(source),
                translation: unescape(translation),
                kind,
            });
            body = &body[after..];
        }
        rest = &rest[next..];
    }
    all
}

/// A Rust string literal at the start of `text` (on one line; escapes \" \\ \n): its value
/// and the rest after it.
fn literal(text: &str) -> Option<(String, &str)> {
    let mut chars = text.strip_prefix('"')?.char_indices();
    let mut value = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &text[i + 2..])),
            '\\' => match chars.next()?.1 {
                'n' => value.push('\n'),
                c @ ('"' | '\\') => value.push(c),
                _ => return None,
            },
            '\n' => return None,
            c => value.push(c),
        }
    }
    None
}

/// Every `translate(` call in the .rs files under src/ (comments aside), as (place, context,
/// text).
fn rust_calls() -> Vec<(String, String, String)> {
    let mut calls = Vec::new();
    let mut files = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let code = std::fs::read_to_string(&path).unwrap();
        for (at, _) in code.match_indices("translate(") {
            let line_start = code[..at].rfind('\n').map_or(0, |i| i + 1);
            let line = code[..at].matches('\n').count() + 1;
            if code[line_start..at].trim_start().starts_with("//") {
                continue;
            }
            if code[..at]
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                continue; // install_translations( and the like
            }
            let call = code[at + "translate(".len()..].trim_start();
            if call.starts_with("context:") {
                continue; // the binding's declaration in src/qt/i18n.rs
            }
            let place = format!("{}:{line}", path.display());
            // As lupdate reads it: two literals, then the closing parenthesis (a trailing comma,
            // as rustfmt adds to a call it spreads over lines, hides the call from lupdate).
            let parsed = literal(call).and_then(|(context, rest)| {
                let rest = rest.trim_start().strip_prefix(',')?.trim_start();
                let (source, rest) = literal(rest)?;
                rest.trim_start()
                    .starts_with(')')
                    .then_some((context, source))
            });
            let (context, source) = parsed.unwrap_or_else(|| {
                panic!("{place}: lupdate cannot read this translate(): it needs two plain string literals and `)`, no trailing comma (src/qt/texts.rs is not formatted by rustfmt)")
            });
            calls.push((place, context, source));
        }
    }
    calls
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(1))
        .filter(|&i| bytes[i] == b'%' && bytes[i + 1].is_ascii_digit())
        .map(|i| text[i..i + 2].to_owned())
        .collect()
}

#[test]
fn every_rust_text_shown_in_a_window_is_in_the_linguist_file() {
    let messages = messages();
    let calls = rust_calls();
    // FortuneClient's 8 texts and FortuneServer's 12, at least: the scan itself works.
    assert!(
        calls.len() >= 20,
        "found only {} translate() calls",
        calls.len()
    );
    for (place, context, source) in calls {
        assert!(
            messages
                .iter()
                .any(|m| m.context == context && m.source == source),
            "{place}: {context:?} {source:?} is not in {TS}: run `make translations`"
        );
    }
}

#[test]
fn every_message_is_translated_current_and_keeps_its_placeholders() {
    let messages = messages();
    assert!(messages.len() >= 50, "{} messages", messages.len());
    let contexts: BTreeSet<&str> = messages.iter().map(|m| m.context.as_str()).collect();
    assert_eq!(
        contexts,
        BTreeSet::from([
            "BridgeWindow",
            "ClientWindow",
            "FortuneBridge",
            "FortuneClient",
            "FortuneServer",
            "ServerWindow",
            "SocketName"
        ])
    );
    for m in &messages {
        assert_eq!(m.kind, None, "{m:?} is not finished (run `make ts-check`)");
        assert!(!m.translation.is_empty(), "{m:?} has no translation");
        assert_eq!(
            placeholders(&m.source),
            placeholders(&m.translation),
            "{m:?}: the placeholders differ"
        );
        assert_eq!(
            m.source.matches('\n').count(),
            m.translation.matches('\n').count(),
            "{m:?}: the lines differ"
        );
    }
}
