//! Rate limits, in query points like GitHub's: each client has a budget of points per fixed window (the anonymous
//! public by IP address, staff by token subject, with a larger budget), and every GraphQL request spends its
//! complexity (at least 1). A client whose budget is spent gets 429 until the window turns.
//!
//! The budgets live in this process by default. With `--redis-url` they are shared by every replica through Redis
//! (one counter per client and window, `INCRBY` and `EXPIRE`). When Redis does not answer, the server falls back to
//! its own budgets — it neither lets everyone through nor refuses everyone — says so in its log (once a minute) and
//! in the metric `wuye_rate_limit_fallbacks_total`, and tries Redis again a few seconds later.

use crate::metrics::Metrics;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Whose budget a request spends.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Client {
    /// The public, by IP address.
    Public(IpAddr),
    /// Staff, by token subject.
    Staff(String),
}

impl Client {
    pub fn is_staff(&self) -> bool {
        matches!(self, Client::Staff(_))
    }

    fn key(&self) -> String {
        match self {
            Client::Public(ip) => format!("public:{ip}"),
            Client::Staff(subject) => format!("staff:{subject}"),
        }
    }
}

/// A budget as the headers tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub limit: u64,
    pub remaining: u64,
    /// Seconds until the window turns.
    pub reset: u64,
}

/// How long Redis may take to answer before the server uses its own budgets.
const REDIS_TIMEOUT: Duration = Duration::from_millis(250);
/// How long to wait before trying Redis again after it failed.
const REDIS_RETRY: Duration = Duration::from_secs(5);

struct Redis {
    client: redis::Client,
    connection: tokio::sync::Mutex<Option<ConnectionManager>>,
    /// Not before this instant is Redis tried again.
    retry_at: Mutex<Option<Instant>>,
    /// When the fallback was last logged.
    logged_at: Mutex<Option<Instant>>,
    prefix: String,
}

/// How many query points a client may spend per window, and where the spending is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budgets {
    /// Points an anonymous client (one IP address) may spend per window.
    pub points: u64,
    /// Seconds of an anonymous client's window.
    pub window_seconds: u64,
    /// Points one member of staff (token subject) may spend per window.
    pub staff_points: u64,
    /// Seconds of a member of staff's window.
    pub staff_window_seconds: u64,
    /// Redis to share the budgets between replicas; `None`: budgets in this process.
    pub redis_url: Option<String>,
    /// Prefix of this deployment's keys in Redis.
    pub redis_prefix: String,
}

impl Default for Budgets {
    fn default() -> Self {
        Budgets {
            points: 100_000,
            window_seconds: 60,
            staff_points: 400_000,
            staff_window_seconds: 60,
            redis_url: None,
            redis_prefix: "wuye".into(),
        }
    }
}

/// The budgets of every client.
pub struct RateLimiter {
    settings: Budgets,
    /// (client, window) → points spent, in this process.
    local: Mutex<HashMap<(Client, u64), u64>>,
    redis: Option<Redis>,
    metrics: Arc<Metrics>,
}

fn now_seconds() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl RateLimiter {
    pub fn new(settings: Budgets, metrics: Arc<Metrics>) -> anyhow::Result<Self> {
        let redis = match &settings.redis_url {
            Some(url) => Some(Redis {
                client: redis::Client::open(url.as_str())?,
                connection: tokio::sync::Mutex::new(None),
                retry_at: Mutex::new(None),
                logged_at: Mutex::new(None),
                prefix: settings.redis_prefix.clone(),
            }),
            None => None,
        };
        Ok(RateLimiter { settings, local: Mutex::default(), redis, metrics })
    }

    /// The window and limit of `client`.
    fn window(&self, client: &Client) -> (u64, u64) {
        match client {
            Client::Public(_) => (self.settings.window_seconds.max(1), self.settings.points),
            Client::Staff(_) => (self.settings.staff_window_seconds.max(1), self.settings.staff_points),
        }
    }

    /// Adds `points` to what `client` spent in the current window (0 reads it), and returns the budget.
    pub async fn spend(&self, client: &Client, points: u64) -> Budget {
        let (window, limit) = self.window(client);
        let now = now_seconds();
        let index = now / window;
        let spent = match self.spend_in_redis(client, (window, index), points).await {
            Some(spent) => spent,
            None => self.spend_here(client, index, points),
        };
        Budget { limit, remaining: limit.saturating_sub(spent), reset: window - now % window }
    }

    fn spend_here(&self, client: &Client, index: u64, points: u64) -> u64 {
        let mut local = self.local.lock().expect("rate limit table");
        // Windows that have turned are forgotten.
        if local.len() > 10_000 {
            local.retain(|(_, window), _| *window >= index);
        }
        let spent = local.entry((client.clone(), index)).or_default();
        *spent += points;
        *spent
    }

    /// The points spent, from Redis; `None` when Redis is not configured or did not answer in time.
    async fn spend_in_redis(&self, client: &Client, (window, index): (u64, u64), points: u64) -> Option<u64> {
        let redis = self.redis.as_ref()?;
        if redis.retry_at.lock().expect("retry").is_some_and(|at| Instant::now() < at) {
            self.fell_back(redis, "Redis failed a moment ago");
            return None;
        }
        let key = format!("{}:rl:{}:{index}", redis.prefix, client.key());
        let result = tokio::time::timeout(REDIS_TIMEOUT, async {
            let mut slot = redis.connection.lock().await;
            if slot.is_none() {
                let config = redis::aio::ConnectionManagerConfig::new()
                    .set_connection_timeout(REDIS_TIMEOUT)
                    .set_response_timeout(REDIS_TIMEOUT)
                    .set_number_of_retries(0);
                *slot = Some(redis.client.get_connection_manager_with_config(config).await?);
            }
            let connection = slot.as_mut().expect("just connected");
            if points == 0 {
                let spent: Option<u64> = connection.get(&key).await?;
                return Ok::<u64, redis::RedisError>(spent.unwrap_or(0));
            }
            let (spent, _): (u64, bool) =
                redis::pipe().atomic().incr(&key, points).expire(&key, window as i64).query_async(connection).await?;
            Ok(spent)
        })
        .await;
        match result {
            Ok(Ok(spent)) => Some(spent),
            Ok(Err(error)) => {
                *redis.connection.lock().await = None;
                self.fail(redis, &error.to_string());
                None
            }
            Err(_) => {
                self.fail(redis, "no answer in time");
                None
            }
        }
    }

    fn fail(&self, redis: &Redis, why: &str) {
        *redis.retry_at.lock().expect("retry") = Some(Instant::now() + REDIS_RETRY);
        self.fell_back(redis, why);
    }

    /// Counts a fallback, and logs it at most once a minute.
    fn fell_back(&self, redis: &Redis, why: &str) {
        self.metrics.rate_limit_fallback();
        let mut logged = redis.logged_at.lock().expect("logged");
        if logged.is_none_or(|at| at.elapsed() > Duration::from_secs(60)) {
            *logged = Some(Instant::now());
            tracing::warn!(why, "rate limits: Redis unavailable, using this server's own budgets until it answers");
        }
    }
}

/// The client of a request: the address it came from, or — when that address is a trusted proxy — the last address
/// in `X-Forwarded-For` that is not one.
pub fn client_ip(remote: Option<IpAddr>, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> Option<IpAddr> {
    let remote = remote?;
    if !trusted.contains(&remote) {
        return Some(remote);
    }
    let forwarded: Vec<IpAddr> =
        forwarded_for.unwrap_or_default().split(',').filter_map(|a| a.trim().parse().ok()).collect();
    Some(forwarded.into_iter().rev().find(|ip| !trusted.contains(ip)).unwrap_or(remote))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let spoofed = "198.51.100.9, 203.0.113.7";
        assert_eq!(client_ip(Some(client), Some("1.2.3.4"), &[proxy]), Some(client), "not through a proxy");
        assert_eq!(client_ip(Some(proxy), Some(spoofed), &[proxy]), Some(client), "the last untrusted hop");
        assert_eq!(client_ip(Some(proxy), None, &[proxy]), Some(proxy));
    }

    #[tokio::test]
    async fn budgets_are_spent_per_client_and_window() {
        let settings = Budgets { points: 10, staff_points: 100, ..Budgets::default() };
        let limiter = RateLimiter::new(settings, Metrics::new()).unwrap();
        let public = Client::Public("203.0.113.7".parse().unwrap());
        assert_eq!(limiter.spend(&public, 4).await.remaining, 6);
        assert_eq!(limiter.spend(&public, 0).await.remaining, 6, "reading spends nothing");
        assert_eq!(limiter.spend(&public, 9).await.remaining, 0, "overspent: nothing left");
        let other = Client::Public("203.0.113.8".parse().unwrap());
        assert_eq!(limiter.spend(&other, 1).await.remaining, 9, "a budget of its own");
        let staff = Client::Staff("officer".into());
        let budget = limiter.spend(&staff, 1).await;
        assert_eq!((budget.limit, budget.remaining), (100, 99), "staff have a larger budget of their own");
        assert!((1..=60).contains(&budget.reset));
    }
}
