//! The application: a migrated database (with demo data on an empty one, unless told not to), the schema, and an
//! HTTP server bound to a port that may be 0, which tests use to run the real server beside themselves.

use crate::auth::oidc::Provider;
use crate::config::ServerSettings;
use crate::graphql::build_schema;
use crate::http::conditional::{Conditional, Versions};
use crate::http::replica::Replica;
use crate::http::response_cache::ResponseCache;
use crate::http::{AppState, routes};
use crate::metrics::Metrics;
use crate::opendata::OpenData;
use crate::opendata::export::Source;
use crate::ratelimit::RateLimiter;
use crate::service::Service;
use crate::site::{Downloadable, Site};
use crate::workbench::{Access, Workbench};
use crate::{db, demo};
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use poem::{EndpointExt, Server};
use sea_orm::DatabaseConnection;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub struct Application {
    acceptor: TcpAcceptor,
    address: SocketAddr,
    state: AppState,
    /// The service and the time between supervision sweeps, unless sweeping is off.
    sweep: Option<(Service, Duration)>,
}

impl Application {
    /// Prepares the database and binds the listener; serving starts with [`Application::run_until_stopped`].
    pub async fn build(settings: &ServerSettings, mut db: DatabaseConnection) -> anyhow::Result<Self> {
        let metrics = Metrics::new();
        metrics.observe_statements(&mut db);
        let security = &settings.security;
        let verifier = Arc::new(security.verifier()?);
        let service =
            Service::new(db.clone(), &security.audit_salt()?).with_replenishment_signal(settings.funds.signal());
        db::migrate(&db).await?;
        if security.is_production() {
            // Production never loads demo data, and refuses a database that holds it.
            anyhow::ensure!(!demo::is_demo(&db).await?, "production mode refuses a database holding the demo data set");
        } else if !settings.no_demo && demo::load_if_empty(&service).await? {
            tracing::info!("loaded the demo data set (fictional data) into the empty database");
        }
        let sweep =
            (settings.sweep_minutes > 0).then(|| (service.clone(), Duration::from_secs(settings.sweep_minutes * 60)));
        let access = workbench_access(settings, &db).await?;
        let schema = build_schema(service.clone(), settings.limits.limits(), settings.disclosures.rules());
        let schema = if settings.cache.planned() { schema } else { schema.without_plans() };
        let export = Source { schema: schema.unchecked(), db: db.clone() };
        let open_data = Arc::new(OpenData::new(&export.schema, settings.open_data.publisher()).await?);
        let acceptor = TcpListener::bind(settings.bind.as_str()).into_acceptor().await?;
        let address = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().copied())
            .ok_or_else(|| anyhow::anyhow!("no TCP address bound for {}", settings.bind))?;
        let deadline = Duration::from_secs(settings.request_timeout_seconds.max(1));
        let limiter = Arc::new(RateLimiter::new(settings.rate_limits.budgets(), metrics.clone())?);
        let trusted_proxies = settings.rate_limits.trusted_proxies.clone().into();
        let downloads = open_data
            .datasets
            .iter()
            .map(|p| Downloadable {
                name: p.dataset.name,
                title: (p.dataset.title_zh, p.dataset.title_en),
                filters: p.filters.iter().map(|f| f.name.clone()).collect(),
            })
            .collect();
        let site = Arc::new(Site::new(settings.site.text(), downloads));
        let versions = Versions::new(db.clone(), metrics.clone());
        let replica = read_replica(settings, &db, &metrics).await?;
        let conditional = Arc::new(Conditional::new(versions, replica, settings.cache.cdn_max_age_seconds));
        let workbench =
            Arc::new(Workbench::new(&export.schema, access, settings.open_data.public_url.clone(), service).await?);
        let cache =
            settings.cache.enabled().then(|| Arc::new(ResponseCache::new(settings.cache.response_cache_mb << 20)));
        let state = AppState {
            schema,
            db,
            verifier,
            open_data,
            export,
            metrics,
            deadline,
            limiter,
            trusted_proxies,
            site,
            conditional,
            cache,
            persisted: Default::default(),
            workbench,
        };
        Ok(Application { acceptor, address, state, sweep })
    }

    /// The server's metrics (tests count SQL statements with them).
    pub fn metrics(&self) -> Arc<Metrics> {
        self.state.metrics.clone()
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish (up to 10 s).
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send) -> std::io::Result<()> {
        tracing::info!(address = %self.address, "wuye listening; explorer at http://{}/graphql", self.address);
        let sweeper = self.sweep.map(|(service, every)| tokio::spawn(sweep(service, every)));
        let endpoint = routes(self.state).map_to_response().boxed();
        let served = Server::new_with_acceptor(self.acceptor)
            .run_with_graceful_shutdown(endpoint, shutdown, Some(Duration::from_secs(10)))
            .await;
        if let Some(sweeper) = sweeper {
            sweeper.abort();
        }
        served
    }
}

/// The read replica of `--database-read-url`, if set: the same kind of database as the primary, its statements
/// counted like the primary's.
async fn read_replica(
    settings: &ServerSettings,
    primary: &DatabaseConnection,
    metrics: &Arc<Metrics>,
) -> anyhow::Result<Option<Replica>> {
    let Some(url) = &settings.database_read_url else { return Ok(None) };
    let mut replica = db::connect_replica(url, None).await?;
    anyhow::ensure!(
        replica.get_database_backend() == primary.get_database_backend(),
        "--database-read-url must be a replica of --database-url, the same kind of database"
    );
    metrics.observe_statements(&mut replica);
    tracing::info!("the public reads from the read replica while it answers");
    Ok(Some(Replica::new(replica, metrics.clone())))
}

/// How staff sign in to the workbench: the county's provider when one is set; else the demo staff on a server that
/// holds the demo data and is not in production; else not at all.
async fn workbench_access(settings: &ServerSettings, db: &DatabaseConnection) -> anyhow::Result<Access> {
    if let Some(provider) = settings.workbench.provider()? {
        return Ok(Access::Provider(Box::new(Provider::new(provider)?)));
    }
    if settings.security.is_production() || !demo::is_demo(db).await? {
        return Ok(Access::NotSetUp);
    }
    Ok(Access::Demo(demo::personas(db).await?))
}

/// The supervision sweep, now and then every `every`: what is due on the county's today is proposed (each proposal
/// its own transaction, and never twice, so nodes sweeping at once or a sweep cut short do no harm).
async fn sweep(service: Service, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match service.propose_refusals(crate::domain::calendar::today(), "supervision sweep").await {
            Ok(proposed) if !proposed.is_empty() => {
                tracing::info!(notices = ?proposed, "proposed credit rule B06 for unverified rectification notices")
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "the supervision sweep failed; it runs again later"),
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
