//! Commands of the `wuye` binary.

use crate::app::{Application, shutdown_signal};
use crate::auth::issue::{TokenClaims, new_token_id, sign_hs256};
use crate::auth::{Role, Scope};
use crate::config::{DatabaseSettings, SecuritySettings, ServerSettings};
use crate::service::audit::{ChainCheck, verify_chain};
use crate::service::province::ProvinceShape;
use crate::service::{Service, revocation};
use crate::telemetry::LogFormat;
use crate::{db, demo, graphql};
use clap::{Args, Parser, Subcommand};
use std::io::Write;

/// wuye — open-government GraphQL API for property management (物业管理公开数据接口).
#[derive(Debug, Parser)]
#[command(name = "wuye", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseSettings,

    /// Settings of `serve`, which also runs when no command is given.
    #[command(flatten)]
    pub server: ServerSettings,

    /// How logs are written to stderr: `text` for people, `json` (one object per line) for log shippers.
    #[arg(long, env = "WUYE_LOG_FORMAT", default_value = "text", global = true)]
    pub log_format: LogFormat,

    /// Send traces (each request with its service operation and SQL statements) to the OpenTelemetry collector at
    /// this address over OTLP/HTTP, e.g. http://127.0.0.1:4318 [default: no traces are sent].
    #[arg(long, env = "WUYE_OTLP_ENDPOINT", global = true)]
    pub otlp_endpoint: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

// Parsed once per process: the size of its variants does not matter.
#[allow(clippy::large_enum_variant)]
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
    /// Issue a staff token signed with the server's HS256 secret, or revoke tokens.
    Token(TokenArgs),
    /// Work with the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Import a county's registry from a workbook, or write the template to fill in.
    Import(ImportArgs),
    /// Load a synthetic province (fictional counties in the shape of the peer benchmark) into a database that holds
    /// no county: a fixture for benchmarks (bench/province.sh), not the demo.
    Province(ProvinceArgs),
}

#[derive(Debug, Args)]
pub struct ProvinceArgs {
    /// How many counties.
    #[arg(long, default_value_t = 1)]
    pub counties: usize,
    /// Estates in each county.
    #[arg(long, default_value_t = 2000)]
    pub estates: usize,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The workbook (.xlsx, .xls, .ods) or CSV file (UTF-8 or GB18030) to import.
    #[arg(required_unless_present = "template")]
    pub file: Option<std::path::PathBuf>,
    /// Write the template workbook (one sheet per kind, with the code lists as drop-downs and a sheet explaining
    /// every column) to this file and exit.
    #[arg(long, value_name = "FILE.xlsx", conflicts_with = "file")]
    pub template: Option<std::path::PathBuf>,
    /// The token of the member of staff who imports, verified as any token (their role and scope decide what they
    /// may import).
    #[arg(long, env = "WUYE_IMPORT_TOKEN", required_unless_present = "template")]
    pub token: Option<String>,
    /// Write (without it, a dry run reports and writes nothing). Only when the dry run finds no failing row, unless
    /// --skip-invalid.
    #[arg(long)]
    pub commit: bool,
    /// With --commit: write the valid rows and report the others.
    #[arg(long, requires = "commit")]
    pub skip_invalid: bool,
    /// The report's form: text for people, json for machines.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TokenArgs {
    /// Role: county, town, community, committee or enterprise.
    #[arg(long)]
    pub role: Option<String>,
    /// Scope codes of the role's kind (repeat or separate with commas).
    #[arg(long, value_delimiter = ',')]
    pub scope: Vec<String>,
    /// Subject: who the token is for (e.g. a staff id).
    #[arg(long)]
    pub sub: Option<String>,
    /// Lifetime, e.g. 8h, 30m, 7d (at most 30 days).
    #[arg(long, default_value = "8h")]
    pub ttl: String,
    #[command(flatten)]
    pub security: SecuritySettings,
    #[command(subcommand)]
    pub revoke: Option<TokenCommand>,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Revoke one token (by its jti) or every token of a subject issued until now.
    Revoke {
        /// The token id (`jti`) to deny from now on.
        #[arg(long, conflicts_with = "subject", required_unless_present = "subject")]
        jti: Option<String>,
        /// The subject whose tokens issued until now are no longer accepted.
        #[arg(long)]
        subject: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the hash chain and report the first broken link (exit status 1 if there is one).
    Verify,
}

/// Runs a command, writing what it prints for the user (a schema, a token, a verdict) to `out`.
pub async fn run(cli: Cli, out: &mut (dyn Write + Send)) -> anyhow::Result<()> {
    match cli.command {
        Some(Command::Schema) => {
            write!(out, "{}", graphql::sdl())?;
            Ok(())
        }
        Some(Command::Migrate) => {
            db::migrate(&cli.database.connect().await?).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Some(Command::SeedDemo) => {
            let db = cli.database.connect().await?;
            db::migrate(&db).await?;
            let signal = cli.server.funds.signal();
            let service = Service::new(db, &cli.server.security.audit_salt()?).with_replenishment_signal(signal);
            anyhow::ensure!(
                demo::load_if_empty(&service).await?,
                "the database already holds data; demo data goes only into an empty one"
            );
            tracing::info!("demo data loaded");
            Ok(())
        }
        Some(Command::Serve(server)) => serve(&cli.database, &server).await,
        Some(Command::Token(args)) => token(&cli.database, args, out).await,
        Some(Command::Audit { command: AuditCommand::Verify }) => {
            let db = cli.database.connect().await?;
            db::migrate(&db).await?;
            match verify_chain(&db).await? {
                ChainCheck::Intact(events) => {
                    writeln!(out, "audit chain intact: {events} events")?;
                    Ok(())
                }
                ChainCheck::Broken { seq, problem } => anyhow::bail!("audit chain BROKEN at event {seq}: {problem}"),
            }
        }
        Some(Command::Import(args)) => import(&cli.database, &cli.server, args, out).await,
        Some(Command::Province(args)) => {
            let db = cli.database.connect().await?;
            db::migrate(&db).await?;
            let started = std::time::Instant::now();
            let service = Service::new(db, &cli.server.security.audit_salt()?);
            let shape = ProvinceShape { counties: args.counties, estates_per_county: args.estates };
            let Some(written) = service.load_province_if_empty(shape).await? else {
                anyhow::bail!(
                    "the database already holds a county; a synthetic province goes only into one that holds none"
                )
            };
            let seconds = started.elapsed().as_secs_f64();
            writeln!(out, "{} counties, {written} records in {seconds:.1} s", args.counties)?;
            Ok(())
        }
        None => serve(&cli.database, &cli.server).await,
    }
}

async fn import(
    database: &DatabaseSettings,
    server: &ServerSettings,
    args: ImportArgs,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<()> {
    use crate::import::run::{Mode, run};
    use std::io::IsTerminal;
    if let Some(path) = args.template {
        std::fs::write(&path, crate::import::template::template()?)?;
        writeln!(out, "模板已写入 template written: {}", path.display())?;
        return Ok(());
    }
    let (Some(path), Some(token)) = (args.file, args.token) else { anyhow::bail!("give the file and --token") };
    let now = chrono::Utc::now().timestamp();
    let verified =
        server.security.verifier()?.verify(&token, now).map_err(|r| anyhow::anyhow!("the token is refused: {r:?}"))?;
    let db = database.connect().await?;
    db::migrate(&db).await?;
    let subject = verified.actor.subject.as_str();
    anyhow::ensure!(
        !revocation::is_revoked(&db, verified.jti.as_deref(), subject, verified.issued_at).await?,
        "the token is revoked"
    );
    let service = Service::new(db, &server.security.audit_salt()?).with_replenishment_signal(server.funds.signal());
    let bytes = std::fs::read(&path)?;
    let mode = if args.commit { Mode::Commit { skip_invalid: args.skip_invalid } } else { Mode::DryRun };
    let bar = std::io::stderr().is_terminal().then(|| indicatif::ProgressBar::new(0));
    let mut progress = |done: usize, all: usize| match &bar {
        Some(bar) => {
            bar.set_length(all as u64);
            bar.set_position(done as u64);
        }
        None if done.is_multiple_of(500) || done == all => eprintln!("导入进度 progress: {done}/{all}"),
        None => {}
    };
    let name = path.to_string_lossy();
    let report = run(&service, &verified.actor, &name, &bytes, mode, &mut progress).await?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    match args.format.as_str() {
        "json" => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        _ => write!(out, "{}", report.text())?,
    }
    let failed = report.failed() + report.problems.iter().filter(|p| p.rule == "unreadable").count();
    anyhow::ensure!(failed == 0 || (args.skip_invalid && report.stopped.is_none()), "{failed} rows failed");
    anyhow::ensure!(report.stopped.is_none(), "the import stopped part-way; import the same file again to resume");
    Ok(())
}

/// Parses a lifetime such as `90s`, `30m`, `8h` or `7d` into seconds.
fn parse_ttl(text: &str) -> anyhow::Result<i64> {
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
    let number: i64 = number.parse().map_err(|_| anyhow::anyhow!("--ttl takes a number and a unit, e.g. 8h"))?;
    let seconds = match unit {
        "s" | "" => number,
        "m" => number * 60,
        "h" => number * 3600,
        "d" => number * 86_400,
        _ => anyhow::bail!("--ttl units are s, m, h and d"),
    };
    anyhow::ensure!((1..=30 * 86_400).contains(&seconds), "--ttl must be between 1 s and 30 days");
    Ok(seconds)
}

async fn token(database: &DatabaseSettings, args: TokenArgs, out: &mut (dyn Write + Send)) -> anyhow::Result<()> {
    if let Some(TokenCommand::Revoke { jti, subject }) = args.revoke {
        let db = database.connect().await?;
        db::migrate(&db).await?;
        match (jti, subject) {
            (Some(jti), _) => revocation::revoke_token(&db, &jti).await,
            (None, Some(subject)) => revocation::revoke_subject(&db, &subject).await,
            (None, None) => unreachable!("clap requires one"),
        }?;
        eprintln!("revoked");
        return Ok(());
    }
    let role = args.role.ok_or_else(|| anyhow::anyhow!("--role is required"))?;
    let sub = args.sub.ok_or_else(|| anyhow::anyhow!("--sub is required"))?;
    let parsed_role = Role::parse(&role).ok_or_else(|| anyhow::anyhow!("unknown role {role}"))?;
    let scope = match args.scope.as_slice() {
        [one] => serde_json::Value::String(one.clone()),
        many => serde_json::json!(many),
    };
    anyhow::ensure!(Scope::parse(parsed_role, &scope).is_some(), "--scope does not fit the role {role}");
    let now = chrono::Utc::now().timestamp();
    let claims = TokenClaims {
        iss: args.security.jwt_issuer.clone(),
        aud: args.security.jwt_audience.clone(),
        sub,
        role,
        scope,
        iat: now,
        exp: now + parse_ttl(&args.ttl)?,
        jti: new_token_id(),
    };
    writeln!(out, "{}", sign_hs256(&claims, &args.security.hs256_secret()?)?)?;
    Ok(())
}

async fn serve(database: &DatabaseSettings, server: &ServerSettings) -> anyhow::Result<()> {
    let db = database.connect().await?;
    let app = Application::build(server, db).await?;
    app.run_until_stopped(shutdown_signal()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, FromArgMatches};

    /// `command` and its subcommands with no flag read from the environment.
    fn without_environment(command: clap::Command) -> clap::Command {
        let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_owned()).collect();
        let mut command = command.mut_args(|arg| arg.env(Option::<&str>::None));
        for name in names {
            command = command.mut_subcommand(name, without_environment);
        }
        command
    }

    fn parse(args: &[&str]) -> Cli {
        let matches = without_environment(Cli::command()).try_get_matches_from(args).expect("the arguments parse");
        Cli::from_arg_matches(&matches).expect("a command line")
    }

    /// One source of defaults: what the server runs with when given no flags is what tests get from
    /// `ServerSettings::default()` (and `on(bind)`), for `wuye` and `wuye serve` alike.
    #[test]
    fn the_defaults_are_what_parsing_no_arguments_gives() {
        let bare = parse(&["wuye"]);
        assert_eq!(bare.server, ServerSettings::default());
        assert_eq!(bare.database, DatabaseSettings::default());
        match parse(&["wuye", "serve"]).command {
            Some(Command::Serve(settings)) => assert_eq!(settings, ServerSettings::default()),
            other => panic!("not serve: {other:?}"),
        }
        assert_eq!(ServerSettings::on("127.0.0.1:8080"), ServerSettings::default());
        // And the parts get the plain values of their own defaults.
        let defaults = ServerSettings::default();
        assert_eq!(defaults.limits.limits(), crate::graphql::limits::QueryLimits::default());
        assert_eq!(defaults.disclosures.rules(), crate::domain::disclosure::DueRules::default());
        assert_eq!(defaults.funds.signal(), crate::domain::fund::ReplenishmentSignal::default());
        assert_eq!(defaults.rate_limits.budgets(), crate::ratelimit::Budgets::default());
        assert_eq!(defaults.open_data.publisher(), crate::opendata::Publisher::default());
        assert_eq!(defaults.site.text(), crate::site::SiteText::default());
    }
}
