//! Small helpers shared by the product and token handlers: the internal
//! request/response types, query parsing, paging, id/time helpers and the
//! name lists used to seed people.

use axum::http::Method;
use serde_json::{json, Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};

/// A parsed incoming request, as the synchronous handlers see it.
pub(crate) struct Req {
    pub method: Method,
    /// Percent-decoded, non-empty path segments.
    pub segs: Vec<String>,
    /// Decoded query pairs in order (`+` decodes to a space).
    pub query: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Req {
    /// First value of a query parameter (exact, case-sensitive name).
    pub(crate) fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A boolean query flag (`true`/`True`/`1`).
    pub(crate) fn q_bool(&self, name: &str) -> bool {
        matches!(
            self.q(name).map(|v| v.trim().to_ascii_lowercase()),
            Some(ref v) if v == "true" || v == "1"
        )
    }

    /// The body as JSON, or None when it is empty or not valid JSON.
    pub(crate) fn json(&self) -> Option<Value> {
        if self.body.iter().all(|b| b.is_ascii_whitespace()) {
            return None;
        }
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as a JSON object, or None.
    pub(crate) fn json_object(&self) -> Option<Map<String, Value>> {
        match self.json() {
            Some(Value::Object(m)) => Some(m),
            _ => None,
        }
    }
}

/// The response a handler produces; turned into an axum response (with the
/// common headers) by the dispatcher.
#[derive(Debug)]
pub(crate) struct Resp {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: RespBody,
}

#[derive(Debug)]
pub(crate) enum RespBody {
    Empty,
    Json(Value),
    /// A raw, non-JSON body sent with the product's usual content type (ZIA
    /// `POST /staticIP/validate` answers a bare `SUCCESS` labelled
    /// `application/json`, as recorded).
    Text(String),
}

impl Resp {
    pub(crate) fn json(status: u16, body: Value) -> Resp {
        Resp {
            status,
            headers: Vec::new(),
            body: RespBody::Json(body),
        }
    }
    pub(crate) fn ok(body: Value) -> Resp {
        Resp::json(200, body)
    }
    /// 200 with a raw text body.
    pub(crate) fn text(body: impl Into<String>) -> Resp {
        Resp {
            status: 200,
            headers: Vec::new(),
            body: RespBody::Text(body.into()),
        }
    }
    pub(crate) fn no_content() -> Resp {
        Resp::empty(204)
    }
    /// A response with the given status and no body.
    pub(crate) fn empty(status: u16) -> Resp {
        Resp {
            status,
            headers: Vec::new(),
            body: RespBody::Empty,
        }
    }
    pub(crate) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Resp {
        self.headers.push((name, value.into()));
        self
    }
}

/// The OneAPI gateway's 401 body (recorded on ZIA and ZPA).
pub(crate) fn gateway_unauthorized() -> Resp {
    Resp::json(
        401,
        json!({"detail":"unauthorized","type":"","title":"","status":""}),
    )
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Random bytes from the OS; falls back to a time-derived pattern if the OS
/// source fails (never panics).
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    if getrandom::fill(&mut buf).is_err() {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        for (i, b) in buf.iter_mut().enumerate() {
            *b = (nanos >> ((i % 16) * 8)) as u8 ^ (i as u8).wrapping_mul(31);
        }
    }
    buf
}

/// A random version-4 UUID string.
pub(crate) fn uuid_v4() -> String {
    let mut b = random_bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Parse a positive integer query value; anything unparsable yields None.
/// Very large values saturate instead of failing.
pub(crate) fn parse_count(v: Option<&str>) -> Option<u64> {
    let v = v?.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(v.parse::<u64>().unwrap_or(u64::MAX))
}

/// Parse an optional signed integer query value: Ok(None) when absent or
/// empty, Err(()) when present but not an integer.
pub(crate) fn parse_int_opt(v: Option<&str>) -> Result<Option<i64>, ()> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse::<i64>().map(Some).map_err(|_| ()),
    }
}

/// Parse an optional non-negative integer query value: Ok(None) when absent
/// or empty, Err(()) when present but not a non-negative integer. Very large
/// values saturate.
pub(crate) fn parse_count_opt(v: Option<&str>) -> Result<Option<u64>, ()> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse_count(Some(s)).map(Some).ok_or(()),
    }
}

/// A 13-character lower-case id in the style of ZIdentity ids
/// ("iidkfk0g906h3"): `prefix` (2 chars) followed by 11 base32hex digits of
/// a bijective scramble of `n`, so distinct `n` give distinct ids.
pub(crate) fn zid_style_id(prefix: &str, n: u64) -> String {
    const DIGITS: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
    const BITS: u32 = 55;
    let mask = (1u64 << BITS) - 1;
    // Multiplication by an odd constant is a bijection modulo 2^55.
    let mut x =
        (n.wrapping_add(0x1234_5678_9abc) & mask).wrapping_mul(0x5DEE_CE66_D1CE_4E5B) & mask;
    let mut digits = [b'0'; 11];
    for d in digits.iter_mut().rev() {
        *d = DIGITS[(x & 31) as usize];
        x >>= 5;
    }
    format!("{prefix}{}", String::from_utf8_lossy(&digits))
}

/// First names used to seed people (ZDX, ZCC, ZIdentity).
pub(crate) const FIRST_NAMES: [&str; 23] = [
    "Alice", "Brenda", "Carlos", "Charles", "Chloe", "Daniel", "Elena", "Farah", "George",
    "Hannah", "Ivan", "Julia", "Kenji", "Laura", "Miguel", "Nadia", "Oscar", "Priya", "Quentin",
    "Rosa", "Samuel", "Tara", "Victor",
];

/// Last names used to seed people (ZDX, ZCC, ZIdentity).
pub(crate) const LAST_NAMES: [&str; 10] = [
    "Bowers", "Chapman", "Clifford", "Diaz", "Evans", "Fischer", "Garcia", "Keenan", "Nguyen",
    "Okafor",
];

/// (first, last) name of seeded person `i`; distinct for i < 230.
pub(crate) fn person_name(i: u64) -> (&'static str, &'static str) {
    let nf = FIRST_NAMES.len() as u64;
    let nl = LAST_NAMES.len() as u64;
    let a = i % nf;
    let k = i / nf;
    (FIRST_NAMES[a as usize], LAST_NAMES[((k + a) % nl) as usize])
}

/// Slice out 1-based page `page` of size `size` (both already >= 1).
pub(crate) fn page_slice<T: Clone>(items: &[T], page: u64, size: u64) -> Vec<T> {
    let start = (page.saturating_sub(1)).saturating_mul(size);
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    items.iter().skip(start).take(size).cloned().collect()
}

/// A string view of a JSON scalar (numbers and bools become their text).
pub(crate) fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `obj[key]` as &str, or "".
pub(crate) fn str_field<'a>(obj: &'a Value, key: &str) -> &'a str {
    obj.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `obj[key]` trimmed when it is a string, else "" (how every product
/// reads a required name before checking it).
pub(crate) fn trimmed(obj: &Map<String, Value>, key: &str) -> String {
    obj.get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_string()
}

/// Case-insensitive "contains".
pub(crate) fn icontains(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(&needle.to_lowercase())
}

/// Case-insensitive "starts with".
pub(crate) fn istarts_with(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().starts_with(&needle.to_lowercase())
}

/// Overlay `src` onto `dst` (shallow, key by key).
pub(crate) fn overlay(dst: &mut Map<String, Value>, src: &Map<String, Value>) {
    for (k, v) in src {
        dst.insert(k.clone(), v.clone());
    }
}

/// Rebuild `obj` with `keys` (those present) first, in that order.
pub(crate) fn keys_first(obj: Map<String, Value>, keys: &[&str]) -> Map<String, Value> {
    let mut out = Map::new();
    for k in keys {
        if let Some(v) = obj.get(*k) {
            out.insert((*k).to_string(), v.clone());
        }
    }
    for (k, v) in obj {
        if !out.contains_key(&k) {
            out.insert(k, v);
        }
    }
    out
}

/// A string in a seed-data row (keeps wide row tuple types on one line).
pub(crate) type Str = &'static str;

/// A product that is nothing but its seeded state behind one lock: the
/// state names its path segment and answers requests, and [`Locked`] puts
/// it behind the product trait (so such products do not each restate the
/// trait's plumbing).
pub(crate) trait LockedState: Send + 'static {
    /// The first path segment the product serves, e.g. "easm".
    const SEGMENT: &'static str;
    /// Answer an authorized request.
    fn answer(&mut self, req: &Req) -> Resp;
}

/// A [`LockedState`] as a simulated product.
pub(crate) struct Locked<S> {
    pub(crate) state: std::sync::Mutex<S>,
}

impl<S: LockedState> crate::product::Product for Locked<S> {
    fn segment(&self) -> &'static str {
        S::SEGMENT
    }

    fn handle(&self, req: &Req) -> Resp {
        crate::product::lock(&self.state).answer(req)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A gateway quota of `per_window` calls per `window_secs`, advertised as
/// `header` (one line per product instead of a struct literal each).
pub(crate) const fn quota(
    header: &'static str,
    per_window: u64,
    window_secs: u64,
) -> crate::product::Quota {
    crate::product::Quota {
        header,
        per_window,
        window_secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape() {
        let u = uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert_ne!(uuid_v4(), u);
    }

    #[test]
    fn counts_and_pages() {
        assert_eq!(parse_count(Some("10")), Some(10));
        assert_eq!(parse_count(Some("-1")), None);
        assert_eq!(parse_count(Some("abc")), None);
        assert_eq!(
            parse_count(Some("999999999999999999999999999")),
            Some(u64::MAX)
        );
        let v: Vec<u32> = (1..=25).collect();
        assert_eq!(page_slice(&v, 2, 20), vec![21, 22, 23, 24, 25]);
        assert!(page_slice(&v, u64::MAX, u64::MAX).is_empty());
        assert_eq!(page_slice(&v, 1, u64::MAX).len(), 25);
    }

    #[test]
    fn zid_ids_are_distinct_and_shaped() {
        let ids: std::collections::HashSet<String> =
            (0..5000).map(|n| zid_style_id("ih", n)).collect();
        assert_eq!(ids.len(), 5000);
        let one = zid_style_id("ih", 7);
        assert_eq!(one.len(), 13);
        assert!(one.starts_with("ih"));
        assert!(one
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b)));
    }

    #[test]
    fn optional_ints() {
        assert_eq!(parse_int_opt(None), Ok(None));
        assert_eq!(parse_int_opt(Some("")), Ok(None));
        assert_eq!(parse_int_opt(Some("-5")), Ok(Some(-5)));
        assert_eq!(parse_int_opt(Some("1.5")), Err(()));
        assert_eq!(parse_count_opt(Some("-1")), Err(()));
        assert_eq!(parse_count_opt(Some("12")), Ok(Some(12)));
    }
}
