use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use samverkan::cli::Cli;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = EnvFilter::try_new(&cli.log).unwrap_or_else(|error| {
        eprintln!(
            "SAMVERKAN_LOG {:?} is not a log filter ({error}); using `info`",
            cli.log
        );
        EnvFilter::new("info")
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only help a person at a terminal; in a log file they are noise.
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    match cli.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("samverkan: {error}");
            error.exit_code()
        }
    }
}
