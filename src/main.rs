//! The `beleidsmijn` binary: parse arguments, dispatch, choose the exit code.

mod cli;

use clap::Parser;

fn main() {
    let args = cli::Cli::parse();
    let result = match args.command {
        cli::Command::Extract(a) => cli::extract(a),
        cli::Command::Text(a) => cli::text(a),
        cli::Command::Eval(a) => cli::eval(a),
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(2);
        }
    }
}
