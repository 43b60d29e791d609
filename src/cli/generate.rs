//! The man pages and shell completions, generated from the clap definitions of this very binary
//! (as ripgrep does), so that they always say what it accepts: packaging runs the hidden
//! `local-fortune generate man DIR` and `local-fortune generate complete-bash` (zsh, fish).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Command, CommandFactory, Subcommand};
use clap_complete::Shell;

use super::{exit, Cli};

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, Subcommand)]
enum What {
    /// local-fortune(1) and a page per command (local-fortune-server(1), ...), into DIR.
    Man { dir: PathBuf },
    /// bash completions, on stdout.
    CompleteBash,
    /// zsh completions, on stdout.
    CompleteZsh,
    /// fish completions, on stdout.
    CompleteFish,
}

pub fn run(args: GenerateArgs) -> i32 {
    let result = match args.what {
        What::Man { dir } => man_pages(&dir),
        What::CompleteBash => completions(Shell::Bash),
        What::CompleteZsh => completions(Shell::Zsh),
        What::CompleteFish => completions(Shell::Fish),
    };
    match result {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("local-fortune: generate: {e}");
            exit::FAILURE
        }
    }
}

/// The commands a user sees: the hidden ones (this one, `help`) get no page.
fn visible(command: &Command) -> impl Iterator<Item = &Command> {
    command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
}

fn man_pages(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let cli = Cli::command();
    write_page(dir, "local-fortune", cli.clone())?;
    for sub in visible(&cli) {
        let name = format!("local-fortune-{}", sub.get_name());
        // The version for the page's footer, without a -V flag the command does not have.
        let page = sub
            .clone()
            .name(name.clone())
            .version(env!("CARGO_PKG_VERSION"))
            .disable_version_flag(true);
        write_page(dir, &name, page)?;
    }
    Ok(())
}

/// clap_mangen's sections, plus EXIT STATUS and SEE ALSO.
fn write_page(dir: &Path, name: &str, command: Command) -> std::io::Result<()> {
    let has_commands = visible(&command).next().is_some();
    let man = clap_mangen::Man::new(command);
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    if has_commands {
        man.render_subcommands_section(&mut page)?;
    }
    let mut roff = roff::Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in exit::MEANINGS {
        roff.control("TP", []).text([roff::roman(code.to_string())]);
        roff.text([roff::roman(meaning)]);
    }
    roff.control("SH", ["SEE ALSO"]);
    let cli = Cli::command();
    let others: Vec<String> = std::iter::once("local-fortune".to_owned())
        .chain(visible(&cli).map(|sub| format!("local-fortune-{}", sub.get_name())))
        .filter(|other| other != name)
        .map(|other| format!("{other}(1)"))
        .collect();
    roff.text([roff::roman(others.join(", "))]);
    roff.to_writer(&mut page)?;
    man.render_version_section(&mut page)?;
    std::fs::write(dir.join(format!("{name}.1")), page)
}

fn completions(shell: Shell) -> std::io::Result<()> {
    // Into memory first: clap_complete panics when its writer fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "local-fortune", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()
}
