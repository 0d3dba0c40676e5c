//! How long a staff workbench session lives (README, "Staff workbench"): 8 hours from sign-in at most, 30 minutes
//! without a request at most; a sign-in left at the provider for 10 minutes is abandoned.

use chrono::{DateTime, Duration, Utc};

/// The longest a session lives, however busy.
pub const ABSOLUTE: Duration = Duration::hours(8);
/// The longest a session lives without a request.
pub const IDLE: Duration = Duration::minutes(30);
/// How long a sign-in may wait for the provider's answer.
pub const SIGN_IN: Duration = Duration::minutes(10);
/// A session's last-seen time is written again only when it is older than this, so that a page of requests is
/// not a page of writes.
pub const TOUCH_AFTER: Duration = Duration::minutes(1);

/// Whether a session signed in at `signed_in` and last seen at `last_seen` is still alive at `now`.
pub fn alive(signed_in: DateTime<Utc>, last_seen: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < signed_in + ABSOLUTE && now < last_seen + IDLE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_ends_after_eight_hours_or_thirty_idle_minutes() {
        let start = DateTime::parse_from_rfc3339("2026-12-07T08:00:00Z").unwrap().to_utc();
        assert!(alive(start, start, start + Duration::minutes(29)));
        assert!(!alive(start, start, start + Duration::minutes(30)));
        let busy = start + Duration::hours(7) + Duration::minutes(59);
        assert!(alive(start, busy, busy));
        assert!(!alive(start, start + Duration::hours(8), start + Duration::hours(8)));
    }
}
