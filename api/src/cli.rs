//! Commands of the `wuye` binary.

use crate::app::{Application, shutdown_signal};
use crate::config::{DatabaseSettings, ServerSettings};
use crate::{db, demo, graphql};
use clap::{Parser, Subcommand};

/// wuye — open-government GraphQL API for property management (物业管理公开数据接口).
#[derive(Debug, Parser)]
#[command(name = "wuye", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseSettings,

    /// Settings of `serve`, which also runs when no command is given.
    #[command(flatten)]
    pub server: ServerSettings,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default): migrate, load demo data into an empty database, serve GraphQL.
    Serve(ServerSettings),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo data set (fictional) into an empty database.
    SeedDemo,
    /// Print the GraphQL schema (SDL), as committed in schema.graphql.
    Schema,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Some(Command::Schema) => {
            print!("{}", graphql::sdl());
            Ok(())
        }
        Some(Command::Migrate) => {
            db::migrate(&db::connect(&cli.database).await?).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Some(Command::SeedDemo) => {
            let db = db::connect(&cli.database).await?;
            db::migrate(&db).await?;
            anyhow::ensure!(
                demo::load_if_empty(&db).await?,
                "the database already holds data; demo data goes only into an empty one"
            );
            tracing::info!("demo data loaded");
            Ok(())
        }
        Some(Command::Serve(server)) => serve(&cli.database, &server).await,
        None => serve(&cli.database, &cli.server).await,
    }
}

async fn serve(database: &DatabaseSettings, server: &ServerSettings) -> anyhow::Result<()> {
    let db = db::connect(database).await?;
    let app = Application::build(server, db).await?;
    app.run_until_stopped(shutdown_signal()).await?;
    Ok(())
}
