//! ZCell network event search.

use super::*;

/// `POST /network-events/{id}/search/startTime/{s}/endTime/{e}`: epoch
/// seconds in the path, optional body filters `iccid` (list or string) and
/// `eventType`.
pub(crate) fn network_search(st: &ZcellState, req: &Req, s: &str, e: &str) -> Resp {
    let (Ok(start), Ok(end)) = (s.trim().parse::<i64>(), e.trim().parse::<i64>()) else {
        return error(req, 400, "startTime and endTime must be epoch seconds");
    };
    if start > end {
        return error(req, 400, "startTime must not be after endTime");
    }
    let f = match req.json() {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return error(req, 400, "Request body must be a JSON object"),
    };
    let iccids: Vec<String> = match f.get("iccid") {
        Some(Value::Array(a)) => a.iter().filter_map(scalar_string).collect(),
        Some(v) => scalar_string(v).into_iter().collect(),
        None => Vec::new(),
    };
    let kind = f.get("eventType").and_then(Value::as_str);
    let items: Vec<Value> = st
        .network_events
        .iter()
        .filter(|v| in_window(v, "timestamp", Some((start, end))))
        .filter(|v| iccids.is_empty() || iccids.iter().any(|i| v["iccid"] == json!(i)))
        .filter(|v| kind.is_none_or(|k| str_field(v, "eventType").eq_ignore_ascii_case(k)))
        .cloned()
        .collect();
    spring_page(req, items, &["timestamp", "iccid", "eventType"], "DESC")
}
