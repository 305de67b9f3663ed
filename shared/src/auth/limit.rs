//! Token buckets in bounded memory, for checks that cost an upstream request (zscaler mode's
//! ZIdentity exchange): one bucket for the whole process and one per key (client id digest,
//! source network).

use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

/// A bucket's shape: `burst` attempts at once, refilled at `per_second`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    pub burst: u32,
    pub per_second: f64,
}

impl Rate {
    /// Time for a drained bucket to be full again (an untouched bucket is the same as none).
    fn full_after(self) -> Duration {
        Duration::from_secs_f64(f64::from(self.burst) / self.per_second)
    }
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn full(rate: Rate, now: Instant) -> Bucket {
        Bucket {
            tokens: f64::from(rate.burst),
            at: now,
        }
    }

    fn refill(&mut self, rate: Rate, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * rate.per_second).min(f64::from(rate.burst));
        self.at = now;
    }

    /// `None` when a token is available now, else how long until one is.
    fn wait(&self, rate: Rate) -> Option<Duration> {
        if self.tokens >= 1.0 {
            None
        } else {
            Some(Duration::from_secs_f64(
                (1.0 - self.tokens) / rate.per_second,
            ))
        }
    }
}

/// Buckets per key, at most `max_keys` of them. Buckets that have refilled completely are
/// dropped when room is needed; when every tracked key is still draining, a new key is not
/// tracked (the process-wide bucket still bounds it).
pub(super) struct KeyedBuckets<K> {
    rate: Rate,
    max_keys: usize,
    buckets: HashMap<K, Bucket>,
}

impl<K: Hash + Eq + Copy> KeyedBuckets<K> {
    pub(super) fn new(rate: Rate, max_keys: usize) -> KeyedBuckets<K> {
        KeyedBuckets {
            rate,
            max_keys,
            buckets: HashMap::new(),
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.buckets.len()
    }

    fn wait(&mut self, key: K, now: Instant) -> Option<Duration> {
        let rate = self.rate;
        let b = self.buckets.get_mut(&key)?;
        b.refill(rate, now);
        b.wait(rate)
    }

    fn take(&mut self, key: K, now: Instant) {
        let rate = self.rate;
        if !self.buckets.contains_key(&key) && self.buckets.len() >= self.max_keys {
            let full_after = rate.full_after();
            self.buckets
                .retain(|_, b| now.saturating_duration_since(b.at) < full_after);
            if self.buckets.len() >= self.max_keys {
                return;
            }
        }
        let b = self
            .buckets
            .entry(key)
            .or_insert_with(|| Bucket::full(rate, now));
        b.refill(rate, now);
        b.tokens = (b.tokens - 1.0).max(0.0);
    }
}

/// Which limit refused an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    Key,
    Source,
    Global,
}

/// The process-wide bucket plus two keyed ones. An attempt takes one token from each that
/// applies, and only when every one has a token (a refused attempt costs nothing).
pub(super) struct Limiter<A, B> {
    global_rate: Rate,
    global: Bucket,
    by_key: KeyedBuckets<A>,
    by_source: KeyedBuckets<B>,
}

impl<A: Hash + Eq + Copy, B: Hash + Eq + Copy> Limiter<A, B> {
    pub(super) fn new(global: Rate, key: Rate, source: Rate, max_keys: usize) -> Limiter<A, B> {
        Limiter {
            global_rate: global,
            global: Bucket::full(global, Instant::now()),
            by_key: KeyedBuckets::new(key, max_keys),
            by_source: KeyedBuckets::new(source, max_keys),
        }
    }

    /// Takes a token for `key` (and `source`, when known), or says which limit refused and
    /// how long until it would allow one.
    pub(super) fn attempt(&mut self, key: A, source: Option<B>) -> Result<(), (Scope, Duration)> {
        let now = Instant::now();
        self.global.refill(self.global_rate, now);
        let mut refusal: Option<(Scope, Duration)> = None;
        let mut note = |scope: Scope, wait: Option<Duration>| {
            if let Some(w) = wait {
                if refusal.is_none_or(|(_, longest)| w > longest) {
                    refusal = Some((scope, w));
                }
            }
        };
        note(Scope::Key, self.by_key.wait(key, now));
        if let Some(s) = source {
            note(Scope::Source, self.by_source.wait(s, now));
        }
        note(Scope::Global, self.global.wait(self.global_rate));
        if let Some(r) = refusal {
            return Err(r);
        }
        self.global.tokens -= 1.0;
        self.by_key.take(key, now);
        if let Some(s) = source {
            self.by_source.take(s, now);
        }
        Ok(())
    }

    #[cfg(test)]
    fn tracked_keys(&self) -> (usize, usize) {
        (self.by_key.len(), self.by_source.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One attempt, full again 50 ms later.
    const QUICK: Rate = Rate {
        burst: 1,
        per_second: 20.0,
    };
    const SLOW: Rate = Rate {
        burst: 2,
        per_second: 0.001,
    };
    const WIDE: Rate = Rate {
        burst: 1000,
        per_second: 1000.0,
    };

    #[test]
    fn per_key_burst_then_refusal_with_a_wait() {
        let mut l: Limiter<u32, u32> = Limiter::new(WIDE, SLOW, WIDE, 16);
        assert!(l.attempt(1, None).is_ok());
        assert!(l.attempt(1, None).is_ok());
        let (scope, wait) = l.attempt(1, None).unwrap_err();
        assert_eq!(scope, Scope::Key);
        assert!(wait > Duration::from_secs(100), "{wait:?}");
        // Another key has its own bucket.
        assert!(l.attempt(2, None).is_ok());
    }

    #[test]
    fn source_and_global_limits() {
        let mut l: Limiter<u32, u32> = Limiter::new(WIDE, WIDE, SLOW, 16);
        assert!(l.attempt(1, Some(7)).is_ok());
        assert!(l.attempt(2, Some(7)).is_ok());
        assert_eq!(l.attempt(3, Some(7)).unwrap_err().0, Scope::Source);
        assert!(l.attempt(3, Some(8)).is_ok());
        assert!(
            l.attempt(3, None).is_ok(),
            "no source known: not source-limited"
        );

        let mut l: Limiter<u32, u32> = Limiter::new(SLOW, WIDE, WIDE, 16);
        assert!(l.attempt(1, None).is_ok());
        assert!(l.attempt(2, None).is_ok());
        assert_eq!(l.attempt(3, None).unwrap_err().0, Scope::Global);
    }

    #[test]
    fn a_refused_attempt_costs_nothing() {
        let mut l: Limiter<u32, u32> = Limiter::new(SLOW, WIDE, WIDE, 16);
        l.attempt(1, None).unwrap();
        l.attempt(1, None).unwrap();
        for _ in 0..10 {
            assert!(l.attempt(1, None).is_err());
        }
        // The key bucket was not drained by the refused attempts.
        let mut l: Limiter<u32, u32> = Limiter::new(WIDE, SLOW, SLOW, 16);
        l.attempt(1, Some(1)).unwrap();
        l.attempt(2, Some(1)).unwrap();
        assert!(l.attempt(1, Some(1)).is_err(), "source drained");
        assert!(l.attempt(1, Some(2)).is_ok(), "key 1 still had a token");
    }

    #[test]
    fn refills_over_time() {
        let mut l: Limiter<u32, u32> = Limiter::new(WIDE, QUICK, WIDE, 16);
        l.attempt(1, None).unwrap();
        assert!(l.attempt(1, None).is_err());
        std::thread::sleep(Duration::from_millis(80));
        assert!(l.attempt(1, None).is_ok());
    }

    #[test]
    fn memory_is_bounded() {
        let mut l: Limiter<u32, u32> = Limiter::new(WIDE, SLOW, SLOW, 8);
        for k in 0..10_000 {
            let _ = l.attempt(k, Some(k));
        }
        let (keys, sources) = l.tracked_keys();
        assert!(keys <= 8 && sources <= 8, "{keys} {sources}");
        // Refilled buckets make room for new keys.
        let mut l: Limiter<u32, u32> = Limiter::new(WIDE, QUICK, QUICK, 8);
        for k in 0..8 {
            l.attempt(k, None).unwrap();
        }
        std::thread::sleep(Duration::from_millis(80));
        l.attempt(100, None).unwrap();
        assert!(l.tracked_keys().0 <= 8);
        assert!(
            l.attempt(100, None).is_err(),
            "the new key is tracked after pruning"
        );
    }
}
