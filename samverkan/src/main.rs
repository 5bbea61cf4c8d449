use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use samverkan::cli::Cli;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = EnvFilter::try_new(with_quiet_sqlx(&cli.log)).unwrap_or_else(|error| {
        eprintln!(
            "SAMVERKAN_LOG {:?} is not a log filter ({error}); using `info`",
            cli.log
        );
        EnvFilter::new(with_quiet_sqlx("info"))
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

/// sqlx warns whenever it finds a pooled connection broken as it takes it back, and then simply
/// opens another. Dropping a scratch database (every import, and `serve --demo`, rehearses in
/// one) breaks its connections on purpose, so that warning would alarm for nothing. It is left
/// out unless the filter names sqlx itself, such as `info,sqlx=warn`.
fn with_quiet_sqlx(filter: &str) -> String {
    if filter.contains("sqlx") {
        filter.to_owned()
    } else {
        format!("{filter},sqlx_core::pool::connection=off")
    }
}
