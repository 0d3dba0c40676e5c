//! Settings: `clap` flags with `WUYE_*` environment fallbacks and defaults that work on a fresh machine.

use clap::Args;
use std::path::PathBuf;

/// Where the data lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseSettings {
    /// Database URL: `sqlite://path/to/file.db` (created if missing) or `postgres://user@host:port/db`.
    #[arg(long, env = "WUYE_DATABASE_URL", default_value = "sqlite://data/wuye.db", global = true)]
    pub database_url: String,

    /// Size of the connection pool [default: 2 × cores, at least 4].
    #[arg(long, env = "WUYE_DB_MAX_CONNECTIONS", global = true)]
    pub db_max_connections: Option<u32>,
}

/// How the server listens and what it accepts.
#[derive(Debug, Clone, Args)]
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

    #[command(flatten)]
    pub limits: QueryLimits,

    #[command(flatten)]
    pub disclosures: DisclosureRules,

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
}

/// The response cache of anonymous reads (README, "Speed").
#[derive(Debug, Clone, Args)]
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
}

impl CacheSettings {
    pub fn enabled(&self) -> bool {
        self.response_cache == "on"
    }
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings { response_cache: "on".into(), response_cache_mb: 32, cdn_max_age_seconds: 5 }
    }
}

/// The disclosure website's own words, for a county that runs it (README, "The website").
#[derive(Debug, Clone, Args)]
pub struct SiteSettings {
    /// The site's title.
    #[arg(long = "site-title", env = "WUYE_SITE_TITLE", default_value = "物业信息公开")]
    pub title: String,

    /// The site's title in English.
    #[arg(long = "site-title-en", env = "WUYE_SITE_TITLE_EN", default_value = "Property Management Disclosure")]
    pub title_en: String,

    /// The county's name, as the site shows it.
    #[arg(long = "site-county", env = "WUYE_SITE_COUNTY", default_value = "濉溪县")]
    pub county: String,

    /// The county's name in English.
    #[arg(long = "site-county-en", env = "WUYE_SITE_COUNTY_EN", default_value = "Suixi County")]
    pub county_en: String,

    /// The contact line at the foot of every page.
    #[arg(
        long = "site-contact",
        env = "WUYE_SITE_CONTACT",
        default_value = "县住房和城乡建设局物业管理科（演示数据）· opendata@example.org"
    )]
    pub contact: String,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            title: "物业信息公开".into(),
            title_en: "Property Management Disclosure".into(),
            county: "濉溪县".into(),
            county_en: "Suixi County".into(),
            contact: "县住房和城乡建设局物业管理科（演示数据）· opendata@example.org".into(),
        }
    }
}

/// Budgets of query points (README, "Limits").
#[derive(Debug, Clone, Args)]
pub struct RateLimitSettings {
    /// Query points an anonymous client (one IP address) may spend per window.
    #[arg(long = "rate-limit-points", env = "WUYE_RATE_LIMIT_POINTS", default_value_t = 100_000)]
    pub points: u64,

    /// Seconds of an anonymous client's window.
    #[arg(long = "rate-limit-window", env = "WUYE_RATE_LIMIT_WINDOW", default_value_t = 60)]
    pub window_seconds: u64,

    /// Query points one member of staff (token subject) may spend per window.
    #[arg(long = "staff-rate-limit-points", env = "WUYE_STAFF_RATE_LIMIT_POINTS", default_value_t = 400_000)]
    pub staff_points: u64,

    /// Seconds of a member of staff's window.
    #[arg(long = "staff-rate-limit-window", env = "WUYE_STAFF_RATE_LIMIT_WINDOW", default_value_t = 60)]
    pub staff_window_seconds: u64,

    /// Redis to share the budgets between replicas, e.g. redis://127.0.0.1:6379 [default: budgets in this process].
    #[arg(long = "redis-url", env = "WUYE_REDIS_URL")]
    pub redis_url: Option<String>,

    /// Prefix of this deployment's keys in Redis.
    #[arg(long = "redis-prefix", env = "WUYE_REDIS_PREFIX", default_value = "wuye")]
    pub redis_prefix: String,

    /// Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated).
    #[arg(long = "trusted-proxies", env = "WUYE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings {
            points: 100_000,
            window_seconds: 60,
            staff_points: 400_000,
            staff_window_seconds: 60,
            redis_url: None,
            redis_prefix: "wuye".into(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// How the open data is published (README, "Open data").
#[derive(Debug, Clone, Args)]
pub struct OpenDataSettings {
    /// Licence of the open data, as a URL [default: Creative Commons Attribution 4.0].
    #[arg(
        long = "data-licence",
        env = "WUYE_DATA_LICENCE",
        default_value = "https://creativecommons.org/licenses/by/4.0/"
    )]
    pub licence: String,

    /// Who publishes the data, as the catalog and the open-data page name it.
    #[arg(long = "data-publisher", env = "WUYE_DATA_PUBLISHER", default_value = "濉溪县物业管理公开数据（演示）")]
    pub publisher: String,

    /// Where to write about the data.
    #[arg(long = "data-contact", env = "WUYE_DATA_CONTACT", default_value = "opendata@example.org")]
    pub contact_email: String,

    /// The public address of this server (e.g. https://data.example.org), for the catalog's links [default: the
    /// request's own host].
    #[arg(long = "public-url", env = "WUYE_PUBLIC_URL")]
    pub public_url: Option<String>,
}

impl Default for OpenDataSettings {
    fn default() -> Self {
        OpenDataSettings {
            licence: "https://creativecommons.org/licenses/by/4.0/".into(),
            publisher: "濉溪县物业管理公开数据（演示）".into(),
            contact_email: "opendata@example.org".into(),
            public_url: None,
        }
    }
}

/// When public-income disclosures are due (README, "Money").
#[derive(Debug, Clone, Copy, Args)]
pub struct DisclosureRules {
    /// Days after a quarter ends within which its public-income disclosure is due.
    #[arg(long = "disclosure-due-days", env = "WUYE_DISCLOSURE_DUE_DAYS", default_value_t = crate::domain::disclosure::DEFAULT_DUE_DAYS)]
    pub due_days: u32,

    /// First day of the first quarter whose disclosure is due in wuye (earlier accounts were kept on paper).
    #[arg(long = "disclosures-from", env = "WUYE_DISCLOSURES_FROM", default_value = "2026-01-01")]
    pub from: chrono::NaiveDate,
}

impl Default for DisclosureRules {
    fn default() -> Self {
        DisclosureRules {
            due_days: crate::domain::disclosure::DEFAULT_DUE_DAYS,
            from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
        }
    }
}

/// Limits every GraphQL document must keep, checked before it runs (README, "Limits").
#[derive(Debug, Clone, Copy, Args)]
pub struct QueryLimits {
    /// Deepest nesting of fields over the data (introspection selections are not counted).
    #[arg(long, env = "WUYE_MAX_DEPTH", default_value_t = 10)]
    pub max_depth: usize,

    /// Complexity budget: each field costs 1, a list or connection costs `first` × its items' cost, a `totalCount`
    /// 100.
    #[arg(long, env = "WUYE_MAX_COMPLEXITY", default_value_t = 20_000)]
    pub max_complexity: usize,

    /// Most lexical tokens a document may have (counted before it is parsed).
    #[arg(long, env = "WUYE_MAX_TOKENS", default_value_t = 5_000)]
    pub max_tokens: usize,

    /// Most field selections, with fragments expanded where they are spread (counted before validation).
    #[arg(long, env = "WUYE_MAX_SELECTIONS", default_value_t = 2_000)]
    pub max_selections: usize,

    /// Most aliased fields, with fragments expanded.
    #[arg(long, env = "WUYE_MAX_ALIASES", default_value_t = 50)]
    pub max_aliases: usize,

    /// Most directives on one field or fragment.
    #[arg(long, env = "WUYE_MAX_DIRECTIVES", default_value_t = 3)]
    pub max_directives: usize,

    /// Most times one response key may be selected in one selection set, fragments included.
    #[arg(long, env = "WUYE_MAX_REPEATED_FIELDS", default_value_t = 20)]
    pub max_repeated_fields: usize,
}

impl Default for QueryLimits {
    fn default() -> Self {
        QueryLimits {
            max_depth: 10,
            max_complexity: 20_000,
            max_tokens: 5_000,
            max_selections: 2_000,
            max_aliases: 50,
            max_directives: 3,
            max_repeated_fields: 20,
        }
    }
}

impl ServerSettings {
    /// Settings for a server on `bind` with every other value at its default.
    pub fn on(bind: impl Into<String>) -> Self {
        ServerSettings {
            bind: bind.into(),
            no_demo: false,
            request_timeout_seconds: 5,
            limits: QueryLimits::default(),
            disclosures: DisclosureRules::default(),
            security: SecuritySettings::default(),
            open_data: OpenDataSettings::default(),
            rate_limits: RateLimitSettings::default(),
            site: SiteSettings::default(),
            cache: CacheSettings::default(),
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
#[derive(Debug, Clone, Args)]
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

impl Default for SecuritySettings {
    fn default() -> Self {
        SecuritySettings {
            production: false,
            jwt_hs256_secret: None,
            jwt_hs256_secret_file: None,
            jwt_public_keys: None,
            jwt_issuer: "wuye".into(),
            jwt_audience: "wuye-api".into(),
            jwt_algorithms: vec!["EdDSA".into(), "RS256".into(), "HS256".into()],
            jwt_leeway_seconds: 30,
            audit_salt: None,
        }
    }
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
