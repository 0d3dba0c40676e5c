//! Settings: `clap` flags with `WUYE_*` environment fallbacks and defaults that work on a fresh machine. This is the
//! composition root's file: only `main`, `cli` and `app` read it, and each part of the server gets plain values of
//! its own (`QueryLimits`, `DueRules`, `Budgets`, `Publisher`, `SiteText`). A default is written once, in its `#[arg]`
//! (which takes it from the plain value's `Default` where one exists); `Default` of a group of flags is what parsing
//! no arguments gives.

use crate::domain::disclosure::DueRules;
use crate::domain::fund::ReplenishmentSignal;
use crate::graphql::limits::QueryLimits;
use crate::opendata::Publisher;
use crate::ratelimit::Budgets;
use crate::site::SiteText;
use clap::{Args, Command, FromArgMatches};
use std::path::PathBuf;

/// The defaults of a group of flags: what parsing no arguments (and no environment) gives.
fn defaults<T: Args + FromArgMatches>() -> T {
    let command = T::augment_args(Command::new("wuye")).mut_args(|arg| arg.env(Option::<&str>::None));
    T::from_arg_matches(&command.get_matches_from(["wuye"])).expect("every flag has a default or is optional")
}

/// `impl Default` for groups of flags, by [`defaults`].
macro_rules! defaults_from_flags {
    ($($settings:ty),*) => {
        $(impl Default for $settings {
            fn default() -> Self {
                defaults()
            }
        })*
    };
}

defaults_from_flags!(
    DatabaseSettings,
    ServerSettings,
    CacheSettings,
    SiteSettings,
    RateLimitSettings,
    OpenDataSettings,
    DisclosureSettings,
    FundSettings,
    LimitSettings,
    SecuritySettings,
    WorkbenchSettings
);

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct DatabaseSettings {
    /// Database URL: `sqlite://path/to/file.db` (created if missing) or `postgres://user@host:port/db`.
    #[arg(long, env = "WUYE_DATABASE_URL", default_value = "sqlite://data/wuye.db", global = true)]
    pub database_url: String,

    /// Size of the connection pool [default: 2 × cores, at least 4].
    #[arg(long, env = "WUYE_DB_MAX_CONNECTIONS", global = true)]
    pub db_max_connections: Option<u32>,
}

impl DatabaseSettings {
    /// A pool on this database.
    pub async fn connect(&self) -> Result<sea_orm::DatabaseConnection, sea_orm::DbErr> {
        crate::db::connect(&self.database_url, self.db_max_connections).await
    }
}

/// How the server listens and what it accepts.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct ServerSettings {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "WUYE_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// Do not load the demo dataset into an empty database.
    #[arg(long, env = "WUYE_NO_DEMO")]
    pub no_demo: bool,

    /// Seconds a GraphQL request may run; past them it is cancelled (its transaction rolled back) with TIMEOUT.
    #[arg(long = "request-timeout", env = "WUYE_REQUEST_TIMEOUT", default_value_t = 5)]
    pub request_timeout_seconds: u64,

    /// Minutes between two runs of the supervision sweep (a rectification notice left unverified 10 working days
    /// past its deadline proposes credit rule B06); it also runs at start. 0: never (another node sweeps).
    #[arg(long = "sweep-minutes", env = "WUYE_SWEEP_MINUTES", default_value_t = 60)]
    pub sweep_minutes: u64,

    /// A PostgreSQL streaming replica of the database, for the public's reads (anonymous GraphQL, the website,
    /// downloads); writes and staff reads stay on `--database-url`. While it does not answer, the public reads from
    /// the primary (README, "Running a province").
    #[arg(long, env = "WUYE_DATABASE_READ_URL")]
    pub database_read_url: Option<String>,

    #[command(flatten)]
    pub limits: LimitSettings,

    #[command(flatten)]
    pub disclosures: DisclosureSettings,

    #[command(flatten)]
    pub funds: FundSettings,

    #[command(flatten)]
    pub security: SecuritySettings,

    #[command(flatten)]
    pub open_data: OpenDataSettings,

    #[command(flatten)]
    pub rate_limits: RateLimitSettings,

    #[command(flatten)]
    pub site: SiteSettings,

    #[command(flatten)]
    pub cache: CacheSettings,

    #[command(flatten)]
    pub workbench: WorkbenchSettings,
}

impl ServerSettings {
    /// Settings for a server on `bind` with every other value at its default.
    pub fn on(bind: impl Into<String>) -> Self {
        ServerSettings { bind: bind.into(), ..Default::default() }
    }
}

/// The response cache of anonymous reads (README, "Speed").
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct CacheSettings {
    /// `on`: anonymous answers are kept until the data changes, tagged (ETag, 304) and served from memory; `off`:
    /// every request executes (what the load-test harness times as the uncached path).
    #[arg(long = "response-cache", env = "WUYE_RESPONSE_CACHE", default_value = "on", value_parser = ["on", "off"])]
    pub response_cache: String,

    /// Megabytes of answers the response cache keeps at most.
    #[arg(long = "response-cache-mb", env = "WUYE_RESPONSE_CACHE_MB", default_value_t = 32)]
    pub response_cache_mb: usize,

    /// Seconds a shared cache (a CDN) may keep an anonymous answer (`Cache-Control: s-maxage`); browsers
    /// revalidate every time, which costs a 304.
    #[arg(long = "cdn-max-age", env = "WUYE_CDN_MAX_AGE", default_value_t = 5)]
    pub cdn_max_age_seconds: u64,

    /// `on`: the public's documents are answered from plans compiled once per document (the planned path, README
    /// "Speed"); `off`: every request goes through the executor (the harness's baseline).
    #[arg(long = "direct-answers", env = "WUYE_DIRECT_ANSWERS", default_value = "on", value_parser = ["on", "off"])]
    pub direct_answers: String,
}

impl CacheSettings {
    pub fn enabled(&self) -> bool {
        self.response_cache == "on"
    }

    /// Whether the planned path answers the public.
    pub fn planned(&self) -> bool {
        self.direct_answers == "on"
    }
}

/// The disclosure website's own words, for a county that runs it (README, "The website").
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct SiteSettings {
    /// The site's title.
    #[arg(long = "site-title", env = "WUYE_SITE_TITLE", default_value_t = SiteText::default().title)]
    pub title: String,

    /// The site's title in English.
    #[arg(long = "site-title-en", env = "WUYE_SITE_TITLE_EN", default_value_t = SiteText::default().title_en)]
    pub title_en: String,

    /// The county's name, as the site shows it.
    #[arg(long = "site-county", env = "WUYE_SITE_COUNTY", default_value_t = SiteText::default().county)]
    pub county: String,

    /// The county's name in English.
    #[arg(long = "site-county-en", env = "WUYE_SITE_COUNTY_EN", default_value_t = SiteText::default().county_en)]
    pub county_en: String,

    /// The contact line at the foot of every page.
    #[arg(long = "site-contact", env = "WUYE_SITE_CONTACT", default_value_t = SiteText::default().contact)]
    pub contact: String,

    /// The contact line at the foot of every English page.
    #[arg(long = "site-contact-en", env = "WUYE_SITE_CONTACT_EN", default_value_t = SiteText::default().contact_en)]
    pub contact_en: String,
}

impl SiteSettings {
    pub fn text(&self) -> SiteText {
        let SiteSettings { title, title_en, county, county_en, contact, contact_en } = self.clone();
        SiteText { title, title_en, county, county_en, contact, contact_en }
    }
}

/// Budgets of query points (README, "Limits").
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct RateLimitSettings {
    /// Query points an anonymous client (one IP address) may spend per window.
    #[arg(long = "rate-limit-points", env = "WUYE_RATE_LIMIT_POINTS", default_value_t = Budgets::default().points)]
    pub points: u64,

    /// Seconds of an anonymous client's window.
    #[arg(
        long = "rate-limit-window",
        env = "WUYE_RATE_LIMIT_WINDOW",
        default_value_t = Budgets::default().window_seconds
    )]
    pub window_seconds: u64,

    /// Query points one member of staff (token subject) may spend per window.
    #[arg(
        long = "staff-rate-limit-points",
        env = "WUYE_STAFF_RATE_LIMIT_POINTS",
        default_value_t = Budgets::default().staff_points
    )]
    pub staff_points: u64,

    /// Seconds of a member of staff's window.
    #[arg(
        long = "staff-rate-limit-window",
        env = "WUYE_STAFF_RATE_LIMIT_WINDOW",
        default_value_t = Budgets::default().staff_window_seconds
    )]
    pub staff_window_seconds: u64,

    /// Redis to share the budgets between replicas, e.g. redis://127.0.0.1:6379 [default: budgets in this process].
    #[arg(long = "redis-url", env = "WUYE_REDIS_URL")]
    pub redis_url: Option<String>,

    /// Prefix of this deployment's keys in Redis.
    #[arg(long = "redis-prefix", env = "WUYE_REDIS_PREFIX", default_value_t = Budgets::default().redis_prefix)]
    pub redis_prefix: String,

    /// Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated).
    #[arg(long = "trusted-proxies", env = "WUYE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl RateLimitSettings {
    pub fn budgets(&self) -> Budgets {
        Budgets {
            points: self.points,
            window_seconds: self.window_seconds,
            staff_points: self.staff_points,
            staff_window_seconds: self.staff_window_seconds,
            redis_url: self.redis_url.clone(),
            redis_prefix: self.redis_prefix.clone(),
        }
    }
}

/// How the open data is published (README, "Open data").
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct OpenDataSettings {
    /// Licence of the open data, as a URL [default: Creative Commons Attribution 4.0].
    #[arg(long = "data-licence", env = "WUYE_DATA_LICENCE", default_value_t = Publisher::default().licence)]
    pub licence: String,

    /// Who publishes the data, as the catalog and the open-data page name it.
    #[arg(long = "data-publisher", env = "WUYE_DATA_PUBLISHER", default_value_t = Publisher::default().publisher)]
    pub publisher: String,

    /// Where to write about the data.
    #[arg(long = "data-contact", env = "WUYE_DATA_CONTACT", default_value_t = Publisher::default().contact_email)]
    pub contact_email: String,

    /// The public address of this server (e.g. https://data.example.org), for the catalog's links [default: the
    /// request's own host].
    #[arg(long = "public-url", env = "WUYE_PUBLIC_URL")]
    pub public_url: Option<String>,
}

impl OpenDataSettings {
    pub fn publisher(&self) -> Publisher {
        let OpenDataSettings { licence, publisher, contact_email, public_url } = self.clone();
        Publisher { licence, publisher, contact_email, public_url }
    }
}

/// When public-income disclosures are due (README, "Money").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Args)]
pub struct DisclosureSettings {
    /// Days after a quarter ends within which its public-income disclosure is due.
    #[arg(long = "disclosure-due-days", env = "WUYE_DISCLOSURE_DUE_DAYS", default_value_t = DueRules::default().due_days)]
    pub due_days: u32,

    /// First day of the first quarter whose disclosure is due in wuye (earlier accounts were kept on paper).
    #[arg(long = "disclosures-from", env = "WUYE_DISCLOSURES_FROM", default_value_t = DueRules::default().from)]
    pub from: chrono::NaiveDate,
}

impl DisclosureSettings {
    pub fn rules(&self) -> DueRules {
        DueRules { due_days: self.due_days, from: self.from }
    }
}

/// When a maintenance fund signals that a replenishment is due (README, "Money").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Args)]
pub struct FundSettings {
    /// Percent of its initial deposit below which a fund's balance signals a replenishment (county policy 四(二)13,
    /// 令165 art. 17); towns may still propose above it, with a reason.
    #[arg(long = "replenishment-signal-percent", env = "WUYE_REPLENISHMENT_SIGNAL_PERCENT",
        default_value_t = ReplenishmentSignal::default().percent, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub replenishment_signal_percent: u8,
}

impl FundSettings {
    pub fn signal(&self) -> ReplenishmentSignal {
        ReplenishmentSignal { percent: self.replenishment_signal_percent }
    }
}

/// Limits every GraphQL document must keep, checked before it runs (README, "Limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Args)]
pub struct LimitSettings {
    /// Deepest nesting of fields over the data (introspection selections are not counted).
    #[arg(long, env = "WUYE_MAX_DEPTH", default_value_t = QueryLimits::DEFAULT.max_depth)]
    pub max_depth: usize,

    /// Complexity budget: each field costs 1, a list or connection costs `first` × its items' cost, a `totalCount`
    /// 100.
    #[arg(long, env = "WUYE_MAX_COMPLEXITY", default_value_t = QueryLimits::DEFAULT.max_complexity)]
    pub max_complexity: usize,

    /// Most lexical tokens a document may have (counted before it is parsed).
    #[arg(long, env = "WUYE_MAX_TOKENS", default_value_t = QueryLimits::DEFAULT.max_tokens)]
    pub max_tokens: usize,

    /// Most field selections, with fragments expanded where they are spread (counted before validation).
    #[arg(long, env = "WUYE_MAX_SELECTIONS", default_value_t = QueryLimits::DEFAULT.max_selections)]
    pub max_selections: usize,

    /// Most aliased fields, with fragments expanded.
    #[arg(long, env = "WUYE_MAX_ALIASES", default_value_t = QueryLimits::DEFAULT.max_aliases)]
    pub max_aliases: usize,

    /// Most directives on one field or fragment.
    #[arg(long, env = "WUYE_MAX_DIRECTIVES", default_value_t = QueryLimits::DEFAULT.max_directives)]
    pub max_directives: usize,

    /// Most times one response key may be selected in one selection set, fragments included.
    #[arg(long, env = "WUYE_MAX_REPEATED_FIELDS", default_value_t = QueryLimits::DEFAULT.max_repeated_fields)]
    pub max_repeated_fields: usize,
}

impl LimitSettings {
    pub fn limits(&self) -> QueryLimits {
        let LimitSettings {
            max_depth,
            max_complexity,
            max_tokens,
            max_selections,
            max_aliases,
            max_directives,
            max_repeated_fields,
        } = *self;
        QueryLimits {
            max_depth,
            max_complexity,
            max_tokens,
            max_selections,
            max_aliases,
            max_directives,
            max_repeated_fields,
        }
    }
}

/// A secret setting: never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

/// Tokens, the audit salt, and the production switch.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct SecuritySettings {
    /// Production mode (also `WUYE_ENV=production`): refuse the demo signing secret and audit salt, weak secrets
    /// and demo data.
    #[arg(long, env = "WUYE_PRODUCTION")]
    pub production: bool,

    /// HS256 signing secret (at least 32 bytes) [default: a published demo secret, refused in production].
    #[arg(long, env = "WUYE_JWT_HS256_SECRET", hide_env_values = true)]
    pub jwt_hs256_secret: Option<Secret>,

    /// File holding the HS256 secret (instead of --jwt-hs256-secret).
    #[arg(long, env = "WUYE_JWT_HS256_SECRET_FILE")]
    pub jwt_hs256_secret_file: Option<PathBuf>,

    /// Public keys for EdDSA and RS256 tokens: a JWKS file (keys by `kid`), or one PEM file (its `kid` is the file
    /// name without extension).
    #[arg(long, env = "WUYE_JWT_PUBLIC_KEYS")]
    pub jwt_public_keys: Option<PathBuf>,

    /// Required `iss` claim.
    #[arg(long, env = "WUYE_JWT_ISSUER", default_value = "wuye")]
    pub jwt_issuer: String,

    /// Required `aud` claim.
    #[arg(long, env = "WUYE_JWT_AUDIENCE", default_value = "wuye-api")]
    pub jwt_audience: String,

    /// Accepted signature algorithms (allowlist), from HS256, EdDSA, RS256.
    #[arg(long, env = "WUYE_JWT_ALGORITHMS", value_delimiter = ',', default_value = "EdDSA,RS256,HS256")]
    pub jwt_algorithms: Vec<String>,

    /// Clock leeway for exp, nbf and iat, in seconds (at most 30).
    #[arg(long, env = "WUYE_JWT_LEEWAY_SECONDS", default_value_t = 30)]
    pub jwt_leeway_seconds: u64,

    /// Salt of the digests that stand for personal data in the audit log [default: a demo salt, refused in
    /// production].
    #[arg(long, env = "WUYE_AUDIT_SALT", hide_env_values = true)]
    pub audit_salt: Option<Secret>,
}

/// The published demo secret: fine for a laptop, refused with `--production`.
pub const DEMO_HS256_SECRET: &str = "wuye-demo-signing-secret-not-for-production-use";
/// The published demo audit salt, refused with `--production`.
pub const DEMO_AUDIT_SALT: &str = "wuye-demo-audit-salt";

impl SecuritySettings {
    pub fn is_production(&self) -> bool {
        self.production || std::env::var("WUYE_ENV").is_ok_and(|v| v.eq_ignore_ascii_case("production"))
    }

    /// The HS256 secret in force: configured (inline or from a file) or the demo one; refused when weak, and the
    /// demo one refused in production.
    pub fn hs256_secret(&self) -> anyhow::Result<Vec<u8>> {
        let configured = match (&self.jwt_hs256_secret, &self.jwt_hs256_secret_file) {
            (Some(_), Some(_)) => anyhow::bail!("give the HS256 secret inline or as a file, not both"),
            (Some(secret), None) => Some(secret.0.clone().into_bytes()),
            (None, Some(path)) => {
                Some(std::fs::read_to_string(path)?.trim_end_matches(['\r', '\n']).as_bytes().to_vec())
            }
            (None, None) => None,
        };
        let secret = configured.unwrap_or_else(|| DEMO_HS256_SECRET.as_bytes().to_vec());
        anyhow::ensure!(
            secret.len() >= crate::auth::verify::MIN_SECRET_BYTES,
            "the HS256 secret is too weak: at least {} bytes are required",
            crate::auth::verify::MIN_SECRET_BYTES
        );
        anyhow::ensure!(
            !(self.is_production() && secret == DEMO_HS256_SECRET.as_bytes()),
            "production mode refuses the demo signing secret: set WUYE_JWT_HS256_SECRET(_FILE), or leave HS256 out of \
             WUYE_JWT_ALGORITHMS when tokens are signed with the keys of WUYE_JWT_PUBLIC_KEYS"
        );
        Ok(secret)
    }

    /// The audit salt in force; the demo one is refused in production.
    pub fn audit_salt(&self) -> anyhow::Result<String> {
        let salt = self.audit_salt.as_ref().map_or(DEMO_AUDIT_SALT, |s| s.0.as_str()).to_owned();
        anyhow::ensure!(
            !(self.is_production() && salt == DEMO_AUDIT_SALT),
            "production mode refuses the demo audit salt: set WUYE_AUDIT_SALT"
        );
        anyhow::ensure!(!self.is_production() || salt.len() >= 16, "the audit salt needs at least 16 characters");
        Ok(salt)
    }

    /// The token verifier these settings describe.
    pub fn verifier(&self) -> anyhow::Result<crate::auth::verify::Verifier> {
        let mut allowed = Vec::new();
        for name in &self.jwt_algorithms {
            allowed.push(match name.trim() {
                "HS256" => jsonwebtoken::Algorithm::HS256,
                "EdDSA" => jsonwebtoken::Algorithm::EdDSA,
                "RS256" => jsonwebtoken::Algorithm::RS256,
                other => anyhow::bail!("unsupported JWT algorithm {other}: choose from HS256, EdDSA, RS256"),
            });
        }
        let secret = if allowed.contains(&jsonwebtoken::Algorithm::HS256) { Some(self.hs256_secret()?) } else { None };
        let public_keys = match &self.jwt_public_keys {
            Some(path) => crate::auth::verify::read_public_keys(path)?,
            None => Default::default(),
        };
        crate::auth::verify::Verifier::new(
            &self.jwt_issuer,
            &self.jwt_audience,
            self.jwt_leeway_seconds,
            allowed,
            secret.as_deref(),
            public_keys,
        )
    }
}

/// Sign-in to the staff workbench with the county's identity provider (README, "Staff workbench").
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct WorkbenchSettings {
    /// The OpenID provider's issuer URL (its discovery document is `<issuer>/.well-known/openid-configuration`)
    /// [default: none; the workbench offers the demo staff on a demo server, and is not set up in production].
    #[arg(long = "oidc-issuer", env = "WUYE_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,

    /// wuye's client id at the provider.
    #[arg(long = "oidc-client-id", env = "WUYE_OIDC_CLIENT_ID", default_value = "wuye")]
    pub oidc_client_id: String,

    /// wuye's client secret at the provider [default: none, a public client with PKCE].
    #[arg(long = "oidc-client-secret", env = "WUYE_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<Secret>,

    /// File holding the client secret (instead of --oidc-client-secret).
    #[arg(long = "oidc-client-secret-file", env = "WUYE_OIDC_CLIENT_SECRET_FILE")]
    pub oidc_client_secret_file: Option<PathBuf>,

    /// The ID token claim that names the role (county, town, community, committee, enterprise).
    #[arg(long = "oidc-role-claim", env = "WUYE_OIDC_ROLE_CLAIM", default_value = "wuye_role")]
    pub oidc_role_claim: String,

    /// The ID token claim that names the scope: a code or a list of codes of the role's kind.
    #[arg(long = "oidc-scope-claim", env = "WUYE_OIDC_SCOPE_CLAIM", default_value = "wuye_scope")]
    pub oidc_scope_claim: String,
}

impl WorkbenchSettings {
    /// The identity provider to sign staff in with, if one is set.
    pub fn provider(&self) -> anyhow::Result<Option<crate::auth::oidc::ProviderSettings>> {
        let Some(issuer) = &self.oidc_issuer else { return Ok(None) };
        let client_secret = match (&self.oidc_client_secret, &self.oidc_client_secret_file) {
            (Some(_), Some(_)) => anyhow::bail!("give the OIDC client secret inline or as a file, not both"),
            (Some(secret), None) => Some(secret.0.clone()),
            (None, Some(path)) => Some(std::fs::read_to_string(path)?.trim_end_matches(['\r', '\n']).to_owned()),
            (None, None) => None,
        };
        Ok(Some(crate::auth::oidc::ProviderSettings {
            issuer: issuer.clone(),
            client_id: self.oidc_client_id.clone(),
            client_secret,
            role_claim: self.oidc_role_claim.clone(),
            scope_claim: self.oidc_scope_claim.clone(),
        }))
    }
}
