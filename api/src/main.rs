//! The `wuye` binary: parse the command line, set up logs and traces (`telemetry`), hand over to the library.
// The release build computes the layout of the merged query root's futures past the default depth.
#![recursion_limit = "256"]

use api::cli::Cli;
use api::telemetry::Telemetry;
use clap::Parser;
use tracing_subscriber::EnvFilter;

// mimalloc: a request allocates and frees many small values (rows, strings, GraphQL values) across threads, where
// it is markedly faster than the system allocator and holds less memory (bench/run.sh measures both).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let (subscriber, telemetry) =
        Telemetry::subscriber(cli.log_format, filter, cli.otlp_endpoint.as_deref(), std::io::stderr)?;
    tracing::subscriber::set_global_default(subscriber)?;
    let result = api::cli::run(cli, &mut std::io::stdout()).await;
    // The last spans go out before the process ends (on a thread of their own: the exporter's client blocks).
    tokio::task::spawn_blocking(move || drop(telemetry)).await?;
    result
}
