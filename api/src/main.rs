//! The `wuye` binary: parse the command line, set up logging (text or JSON lines), hand over to the library.
// The release build computes the layout of the merged query root's futures past the default depth.
#![recursion_limit = "256"]

use api::cli::{Cli, LogFormat};
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
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().flatten_event(true).init(),
    }
    api::cli::run(cli, &mut std::io::stdout()).await
}
