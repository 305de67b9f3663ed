//! ZCell SIM analytics: the map view and daily usage.

use super::*;

pub(crate) fn analytics_map(st: &ZcellState, req: &Req) -> Resp {
    let wanted: Vec<String> = match req.json() {
        None => Vec::new(),
        Some(Value::Object(m)) => m
            .get("iccIds")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(scalar_string).collect())
            .unwrap_or_default(),
        Some(_) => return error(req, 400, "Request body must be a JSON object"),
    };
    let out: Vec<Value> = st
        .sims
        .iter()
        .filter(|s| wanted.is_empty() || wanted.iter().any(|w| s["iccid"] == json!(w)))
        .filter(|s| s["simLat"].is_number())
        .map(|s| {
            json!({"iccid": [s["iccid"]], "imsi": [s["imsi"]], "lat": s["simLat"], "lng": s["simLng"], "tags": s["tags"]})
        })
        .collect();
    Resp::ok(Value::Array(out))
}

/// Daily usage of a SIM: its total spread over the last 7 days (seeded
/// curve), so windows of "last N days" add up.
pub(crate) fn daily(s: &Value) -> Vec<(i64, u64)> {
    let total = s["usage"].as_u64().unwrap_or(0);
    let now = crate::util::now_secs() as i64;
    let today = now - now.rem_euclid(86_400);
    let weights = [10u64, 14, 12, 18, 16, 20, 10];
    weights
        .iter()
        .enumerate()
        .map(|(i, w)| (today - (6 - i as i64) * 86_400, total / 100 * w))
        .collect()
}

/// `usage/day`: usage per day in the window, of every SIM or of one
/// (`iccId`), in day order.
fn daily_usage(st: &ZcellState, req: &Req, in_w: &dyn Fn(i64) -> bool) -> Resp {
    let only = q_any(req, &["iccId", "icc_id", "iccid"]);
    if let Some(i) = only {
        if !st.sims.iter().any(|s| s["iccid"] == json!(i)) {
            return error(req, 404, &format!("SIM with iccId {i} not found"));
        }
    }
    let mut days: Vec<(i64, u64)> = Vec::new();
    for s in st
        .sims
        .iter()
        .filter(|s| only.is_none_or(|i| s["iccid"] == json!(i)))
    {
        for (t, u) in daily(s).into_iter().filter(|(t, _)| in_w(*t)) {
            match days.iter_mut().find(|(d, _)| *d == t) {
                Some((_, x)) => *x += u,
                None => days.push((t, u)),
            }
        }
    }
    days.sort();
    Resp::ok(Value::Array(
        days.into_iter()
            .map(|(t, u)| json!({"creationTime": t, "usage": u}))
            .collect(),
    ))
}

pub(crate) fn usage(st: &ZcellState, req: &Req, kind: &str) -> Resp {
    let w = match window(
        req,
        &["startDate", "start_date"],
        &["endDate", "end_date"],
        true,
    ) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let limit = match parse_count_opt(req.q("limit")) {
        Ok(l) => l.unwrap_or(10),
        Err(()) => return error(req, 400, "limit must be a positive integer"),
    };
    if kind != "day" && !(1..=20).contains(&limit) {
        return error(req, 400, "limit must be from 1 to 20");
    }
    let in_w = |t: i64| w.is_none_or(|(s, e)| t + 86_399 >= s && t <= e);
    let sum = |s: &Value| -> u64 {
        daily(s)
            .iter()
            .filter(|(t, _)| in_w(*t))
            .map(|(_, u)| u)
            .sum()
    };
    let mut out: Vec<Value> = match kind {
        "countries" => {
            let mut by: Vec<(String, u64)> = Vec::new();
            for s in &st.sims {
                let c = str_field(s, "locationCountry").to_string();
                let u = sum(s);
                match by.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, t)) => *t += u,
                    None => by.push((c, u)),
                }
            }
            by.sort_by_key(|b| std::cmp::Reverse(b.1));
            by.into_iter()
                .map(|(c, u)| json!({"country": c, "usage": u}))
                .collect()
        }
        "sims" => {
            let mut rows: Vec<(String, u64)> = st
                .sims
                .iter()
                .map(|s| (str_field(s, "iccid").to_string(), sum(s)))
                .collect();
            rows.sort_by_key(|b| std::cmp::Reverse(b.1));
            rows.into_iter()
                .map(|(i, u)| json!({"iccid": i, "usage": u}))
                .collect()
        }
        _ => return daily_usage(st, req, &in_w),
    };
    out.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Resp::ok(Value::Array(out))
}
