//! The commands the documentation shows still work: every command line of a code block in
//! README.md, README.zh_CN.md and docs/*.md that runs our program (`local-fortune ...`, under
//! any path: `target/release/local-fortune`, `/usr/bin/local-fortune`; and the CMake apps
//! `build/dev/local-fortune-server` and `-client`, which are `local-fortune server` and
//! `client`) must parse with the real command-line definition, `local_fortune::cli::Cli`, as
//! `--help` of that command documents it. A failure names the file, the line and clap's error.
//! And every relative link of those files leads to a file that exists.
//!
//! What counts as a command line: in a ```sh (bash, shell, console) or untagged block, each
//! line (a trailing `\` joins the next), split at `&&`, `||`, `;`, `|` and `&`; comments,
//! environment assignments (`LANG=zh_CN.UTF-8`), the prefixes `env`, `sudo`, `nice -n N` and
//! `systemd-socket-activate OPTIONS`, and redirections (`>file`, `2>&1`) are dropped; `$VAR` gets
//! a sample value (a port for a name with PORT in it, a path otherwise). ```text blocks
//! (synopses with `[OPTIONS]`) are not commands. In any block, `Exec=` and `ExecStart=` lines
//! (desktop entries, systemd units) are commands too. Checks only what clap checks: a few rules
//! are the program's own, at run time (`--fortunes` needs `--headless`, `bridge --headless`
//! needs an upstream).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::error::ErrorKind;
use clap::Parser;
use local_fortune::cli::{split_qt_options, Cli};

/// The documents checked, from the crate's folder.
fn documents() -> Vec<PathBuf> {
    let top = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![top.join("README.md"), top.join("README.zh_CN.md")];
    if let Ok(dir) = std::fs::read_dir(top.join("docs")) {
        let mut docs: Vec<PathBuf> = dir
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        docs.sort();
        files.extend(docs);
    }
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

/// One command found in a document.
#[derive(Debug)]
struct Shown {
    file: String,
    line: usize,
    /// As written (the whole shell line).
    text: String,
    /// The words that reach our parser: `local-fortune` first.
    words: Vec<String>,
}

#[test]
fn every_command_the_documents_show_parses() {
    let mut shown = Vec::new();
    for path in documents() {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", relative(&path)));
        shown.extend(commands_in(&relative(&path), &text));
    }
    let count = |file: &str| shown.iter().filter(|c| c.file == file).count();
    // So that a change in how commands are written cannot make this test match nothing.
    for (file, at_least) in [("README.md", 10), ("README.zh_CN.md", 5)] {
        assert!(
            count(file) >= at_least,
            "only {} commands of ours found in {file} (expected at least {at_least}): has the way \
             commands are written changed? (see tests/readme.rs)",
            count(file)
        );
    }
    let mut failures = Vec::new();
    for command in &shown {
        println!(
            "{}:{}: {}",
            command.file,
            command.line,
            command.words.join(" ")
        );
        if let Err(why) = parses(&command.words) {
            failures.push(format!(
                "{}:{}: `{}`\n    {}",
                command.file,
                command.line,
                command.text.trim(),
                why.trim_end().replace('\n', "\n    ")
            ));
        }
    }
    let mut files: Vec<&str> = shown.iter().map(|c| c.file.as_str()).collect();
    files.dedup();
    println!(
        "readme: {} commands checked ({})",
        shown.len(),
        files
            .iter()
            .map(|f| format!("{f}: {}", count(f)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} command(s) shown in the documentation no longer parse:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Whether `local-fortune WORDS...` gets past the parser, as `main` runs it: Qt's options taken
/// out first (the windows pass them to Qt), `--help` and `--version` accepted.
fn parses(words: &[String]) -> Result<(), String> {
    let (ours, qt) = split_qt_options(words.iter().map(OsString::from));
    match Cli::try_parse_from(ours) {
        Ok(_) => {}
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {}
        Err(e) => return Err(e.render().to_string()),
    }
    // Qt's options belong to the windows alone (cli::main refuses them elsewhere).
    let windowless = words
        .get(1)
        .is_some_and(|c| c == "fetch" || c == "generate")
        || words.iter().any(|w| w == "--headless");
    match qt.first() {
        Some(option) if windowless => Err(format!(
            "{option} is an option of Qt's windows; this command opens none"
        )),
        _ => Ok(()),
    }
}

/// Our programs, by file name, and the words that stand for them in front of the arguments.
fn our_program(word: &str) -> Option<&'static [&'static str]> {
    match word.rsplit('/').next()? {
        "local-fortune" => Some(&["local-fortune"]),
        "local-fortune-server" => Some(&["local-fortune", "server"]),
        "local-fortune-client" => Some(&["local-fortune", "client"]),
        _ => None,
    }
}

/// The commands of ours in a Markdown document's code blocks.
fn commands_in(file: &str, markdown: &str) -> Vec<Shown> {
    let mut found = Vec::new();
    let mut block: Option<String> = None;
    let mut pending: Option<(usize, String)> = None;
    for (index, line) in markdown.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim_start();
        if let Some(tag) = trimmed.strip_prefix("```") {
            block = match block {
                None => Some(tag.trim().to_ascii_lowercase()),
                Some(_) => None,
            };
            pending = None;
            continue;
        }
        let Some(tag) = &block else { continue };
        for key in ["Exec=", "ExecStart="] {
            if let Some(command) = trimmed.strip_prefix(key) {
                found.extend(shown(file, number, line, command));
            }
        }
        if !matches!(tag.as_str(), "" | "sh" | "bash" | "shell" | "console") {
            continue;
        }
        let mut text = trimmed.to_owned();
        if tag == "console" {
            match text.strip_prefix("$ ") {
                Some(command) => text = command.to_owned(),
                None => continue, // output
            }
        }
        let (start, joined) = match pending.take() {
            Some((start, before)) => (start, format!("{before} {text}")),
            None => (number, text),
        };
        if let Some(head) = joined.strip_suffix('\\') {
            pending = Some((start, head.to_owned()));
            continue;
        }
        found.extend(shown(file, start, &joined, &joined));
    }
    found
}

/// The commands of ours in one shell line.
fn shown(file: &str, line: usize, text: &str, shell: &str) -> Vec<Shown> {
    simple_commands(shell)
        .into_iter()
        .filter_map(|words| {
            let words = strip_prefixes(words);
            let program = our_program(words.first()?)?;
            let mut all: Vec<String> = program.iter().map(|w| w.to_string()).collect();
            all.extend(words[1..].iter().cloned());
            Some(Shown {
                file: file.to_owned(),
                line,
                text: text.to_owned(),
                words: all,
            })
        })
        .collect()
}

/// Leading assignments, `env`, `sudo`, `exec`, `nice [-n N]` and `systemd-socket-activate OPTIONS`
/// dropped: what follows them is the command they run.
fn strip_prefixes(words: Vec<String>) -> Vec<String> {
    let mut words: Vec<String> = words.into_iter().filter(|w| !w.is_empty()).collect();
    loop {
        let Some(first) = words.first() else {
            return words;
        };
        let assignment = first
            .split_once('=')
            .is_some_and(|(name, _)| is_name(name) && !name.is_empty());
        if assignment || ["env", "sudo", "exec"].contains(&first.as_str()) {
            words.remove(0);
        } else if first == "systemd-socket-activate" {
            // Its options come before the command it starts: `-l ADDRESS`, `--listen=ADDRESS`, ...
            words.remove(0);
            while words.first().is_some_and(|w| w.starts_with('-')) {
                let option = words.remove(0);
                let takes_value =
                    ["-l", "--listen", "-E", "--setenv", "--fdname"].contains(&option.as_str());
                if takes_value && !words.is_empty() {
                    words.remove(0);
                }
            }
        } else if first == "nice" {
            words.remove(0);
            if words.first().is_some_and(|w| w == "-n") {
                words.drain(..words.len().min(2));
            }
        } else {
            return words;
        }
    }
}

fn is_name(text: &str) -> bool {
    text.bytes()
        .enumerate()
        .all(|(i, b)| b == b'_' || b.is_ascii_alphabetic() || (i > 0 && b.is_ascii_digit()))
}

/// A shell line cut into simple commands, each as its words: quotes removed, `$VAR` given a
/// sample value, redirections dropped, a comment ending the line. Enough for documentation,
/// not a shell.
fn simple_commands(line: &str) -> Vec<Vec<String>> {
    let mut commands = vec![Vec::new()];
    let mut word: Option<String> = None;
    let mut chars = line.chars().peekable();
    let finish = |word: &mut Option<String>, commands: &mut Vec<Vec<String>>| {
        if let Some(w) = word.take() {
            commands.last_mut().unwrap().push(w);
        }
    };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => finish(&mut word, &mut commands),
            '#' if word.is_none() => break,
            '&' | '|' | ';' => {
                finish(&mut word, &mut commands);
                if chars.peek() == Some(&c) {
                    chars.next();
                }
                commands.push(Vec::new());
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    w.push(q);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => w.extend(chars.next()),
                        '$' => w.push_str(&variable(&mut chars)),
                        _ => w.push(q),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).extend(chars.next()),
            '$' => {
                let value = variable(&mut chars);
                word.get_or_insert_with(String::new).push_str(&value);
            }
            '>' | '<' => {
                // A redirection: `>file`, `2>&1`, `> file`, `>> file`: the number before it and
                // its target are not arguments.
                if word
                    .as_deref()
                    .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
                {
                    word = None;
                } else {
                    finish(&mut word, &mut commands);
                }
                while chars.peek().is_some_and(|&n| n == '>' || n == '&') {
                    chars.next();
                }
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
                while chars.peek().is_some_and(|&n| !" \t;&|".contains(n)) {
                    chars.next();
                }
            }
            _ => word.get_or_insert_with(String::new).push(c),
        }
    }
    finish(&mut word, &mut commands);
    commands.retain(|c| !c.is_empty());
    commands
}

/// After a `$`: `NAME`, `{NAME}` or `(command)`, and a sample value for it.
fn variable(chars: &mut std::iter::Peekable<std::str::Chars>) -> String {
    let mut name = String::new();
    match chars.peek() {
        Some('{') => {
            chars.next();
            for c in chars.by_ref() {
                if c == '}' {
                    break;
                }
                name.push(c);
            }
        }
        Some('(') => {
            let mut depth = 0;
            for c in chars.by_ref() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            return "/tmp/output-of-a-command".to_owned();
        }
        _ => {
            while let Some(&c) = chars.peek() {
                if c == '_' || c.is_ascii_alphanumeric() {
                    name.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
        }
    }
    if name.contains("PORT") {
        "40000".to_owned()
    } else {
        format!("/tmp/{}", name.to_ascii_lowercase())
    }
}

/// Every relative link (`[text](path)`, `![alt](path)`, `<img src="path">`) leads to a file of
/// the checkout: moving the reference into docs/ must not leave a link behind.
#[test]
fn every_relative_link_leads_to_a_file() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for path in documents() {
        let text = std::fs::read_to_string(&path).unwrap();
        let folder = path.parent().unwrap();
        let mut in_code = false;
        for (index, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if in_code {
                continue;
            }
            for target in link_targets(line) {
                let file = target.split('#').next().unwrap_or("");
                if file.is_empty() || file.contains("://") || file.starts_with("mailto:") {
                    continue;
                }
                checked += 1;
                if !folder.join(file).exists() {
                    broken.push(format!("{}:{}: {target}", relative(&path), index + 1));
                }
            }
        }
    }
    println!("readme: {checked} relative links checked");
    assert!(checked >= 10, "only {checked} relative links found");
    assert!(
        broken.is_empty(),
        "links to files that do not exist:\n{}",
        broken.join("\n")
    );
}

/// The targets of `](target)` and `src="target"` on a line (outside inline code).
fn link_targets(line: &str) -> Vec<String> {
    let mut outside_code = String::new();
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 0 {
            outside_code.push_str(part);
            outside_code.push(' ');
        }
    }
    let mut targets = Vec::new();
    for (open, close) in [("](", ')'), ("src=\"", '"')] {
        let mut rest = outside_code.as_str();
        while let Some(at) = rest.find(open) {
            rest = &rest[at + open.len()..];
            if let Some(end) = rest.find(close) {
                targets.push(rest[..end].trim().to_owned());
                rest = &rest[end..];
            }
        }
    }
    targets
}

/// The tests of the extraction itself: what a shell would run, of ours, and nothing else.
#[test]
fn command_lines_are_cut_as_a_shell_cuts_them() {
    let words = |line: &str| -> Vec<String> {
        shown("t", 1, line, line)
            .into_iter()
            .map(|s| s.words.join(" "))
            .collect()
    };
    assert_eq!(
        words("LANG=zh_CN.UTF-8 target/release/local-fortune client --lang en # English"),
        ["local-fortune client --lang en"]
    );
    assert_eq!(
        words("build/dev/local-fortune-server --listen & build/dev/local-fortune-client"),
        ["local-fortune server --listen", "local-fortune client"]
    );
    assert_eq!(
        words(r#"local-fortune fetch --name "$XDG_RUNTIME_DIR/local-fortune" 2>&1 >/dev/null"#),
        ["local-fortune fetch --name /tmp/xdg_runtime_dir/local-fortune"]
    );
    assert_eq!(
        words("nice -n 19 local-fortune fetch --tcp 127.0.0.1:$PORT --verbose && echo ok"),
        ["local-fortune fetch --tcp 127.0.0.1:40000 --verbose"]
    );
    assert_eq!(
        words("systemd-socket-activate -l /tmp/a local-fortune server --headless --socket-activation &"),
        ["local-fortune server --headless --socket-activation"]
    );
    assert_eq!(
        words("man local-fortune-server; systemctl --user start local-fortune.socket"),
        Vec::<String>::new()
    );
    assert!(parses(&strings(&["local-fortune", "fetch", "--name", "fortune"])).is_ok());
    assert!(parses(&strings(&["local-fortune", "server", "--help"])).is_ok());
    assert!(parses(&strings(&[
        "local-fortune",
        "client",
        "-qwindowgeometry",
        "400x200+0+0"
    ]))
    .is_ok());
    let no = parses(&strings(&["local-fortune", "fetch", "--bogus"])).unwrap_err();
    assert!(no.contains("--bogus"), "{no}");
    assert!(parses(&strings(&["local-fortune", "fetch", "-style", "fusion"])).is_err());
}

fn strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}
