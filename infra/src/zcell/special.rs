//! ZCell endpoints that are not plain collections: SIM search and details,
//! SIM analytics, anomaly policy logs/status/violations, customer data,
//! regions, audit search and metadata, network event search.

use super::engine::{q_any, spring_page, window};
use super::{error, method_not_allowed, seeds, ZcellState};
use crate::util::{icontains, parse_count_opt, scalar_string, str_field, Req, Resp};
use axum::http::Method;
use serde_json::{json, Map, Value};

/// Routes under `/customers/{id}` (the id is already checked).
pub(crate) fn customer_route(st: &mut ZcellState, req: &Req, tail: &[&str]) -> Option<Resp> {
    let m = &req.method;
    let resp = match tail {
        [] => match *m {
            Method::GET => Resp::ok(st.customer.clone()),
            Method::PUT => match req.json_object() {
                Some(body) => {
                    if let Some(obj) = st.customer.as_object_mut() {
                        for (k, v) in body {
                            if !matches!(k.as_str(), "id" | "mvnoCustomerId" | "tenantId") {
                                obj.insert(k, v);
                            }
                        }
                        obj.insert("modifiedTime".into(), json!(crate::util::now_secs()));
                    }
                    Resp::ok(json!({"id": st.customer["id"], "message": "Customer activated"}))
                }
                None => error(req, 400, "Request body must be a JSON object"),
            },
            _ => method_not_allowed(req),
        },
        ["regions"] => match *m {
            Method::GET => Resp::ok(Value::Array(
                st.regions
                    .iter()
                    .map(|r| {
                        json!({"region": r["region"], "name": r["name"], "configured": r["configured"], "available": r["available"]})
                    })
                    .collect(),
            )),
            // update_regions: a raw JSON array of region codes; 201 with a
            // raw scalar (the SDK's docstring).
            Method::PUT => set_regions(st, req),
            _ => method_not_allowed(req),
        },
        ["regions", "operational-status"] => match *m {
            Method::GET => Resp::ok(Value::Array(
                st.regions
                    .iter()
                    .filter(|r| r["configured"] == json!(true))
                    .map(|r| {
                        json!({"region": r["region"], "name": r["name"], "operationalStatus": r["operationalStatus"], "dataCenter": r["dataCenter"]})
                    })
                    .collect(),
            )),
            _ => method_not_allowed(req),
        },
        ["anomaly-policy", pid, sub @ ..] if !sub.is_empty() => {
            let Some(policy) = find_policy(st, pid) else {
                return Some(error(req, 404, &format!("Anomaly policy with id {pid} not found")));
            };
            match (sub, m.clone()) {
                (["logs"], Method::GET) => {
                    let items: Vec<Value> = st
                        .logs
                        .iter()
                        .filter(|l| l["policyId"] == policy)
                        .cloned()
                        .collect();
                    spring_page(req, items, &["timestamp"], "DESC")
                }
                (["status"], Method::PATCH) => set_status(st, req, &policy),
                (["violations"], Method::GET) => violations(st, req, &policy),
                (["violations", iccid], Method::GET) => iccid_violations(st, req, &policy, iccid),
                (["logs"] | ["status"] | ["violations"] | ["violations", _], _) => {
                    method_not_allowed(req)
                }
                _ => return None,
            }
        }
        ["sims", "details"] => match *m {
            Method::GET => sim_details(st, req),
            _ => method_not_allowed(req),
        },
        ["sims", "search"] => match *m {
            Method::POST => sims_search(st, req),
            _ => method_not_allowed(req),
        },
        ["sim", "analytics", "map"] => match *m {
            Method::POST => analytics_map(st, req),
            _ => method_not_allowed(req),
        },
        ["sim", "analytics", "summary"] => match *m {
            Method::GET => {
                let total = st.sims.len();
                let active = st.sims.iter().filter(|s| s["status"] == "Active").count();
                let used = st
                    .sims
                    .iter()
                    .filter(|s| s["usage"].as_u64().unwrap_or(0) > 0)
                    .count();
                Resp::ok(json!({"total": total, "used": used, "active": active, "inactive": total - active}))
            }
            _ => method_not_allowed(req),
        },
        ["sim", "analytics", "usage", kind @ ("countries" | "day" | "sims")] => match *m {
            Method::GET => usage(st, req, kind),
            _ => method_not_allowed(req),
        },
        _ => return None,
    };
    Some(resp)
}

/// Routes outside `/customers/{id}`.
pub(crate) fn global_route(st: &mut ZcellState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let m = &req.method;
    let resp = match rest {
        ["audit", "metadata"] => match *m {
            Method::GET => Resp::ok(Value::Array(seeds::audit_metadata())),
            _ => method_not_allowed(req),
        },
        ["audit", "customers", _, "search"] => match *m {
            Method::POST => audit_search(st, req),
            _ => method_not_allowed(req),
        },
        ["network-events", _, "search", "startTime", s, "endTime", e] => match *m {
            Method::POST => network_search(st, req, s, e),
            _ => method_not_allowed(req),
        },
        _ => return None,
    };
    Some(resp)
}

/// The policy's id as stored (a JSON number), if it exists.
fn find_policy(st: &ZcellState, pid: &str) -> Option<Value> {
    let n = pid.trim().parse::<i64>().ok()?;
    st.coll("anomaly-policy")
        .iter()
        .find(|p| p["id"].as_i64() == Some(n))
        .map(|p| p["id"].clone())
}

fn set_regions(st: &mut ZcellState, req: &Req) -> Resp {
    let Some(Value::Array(codes)) = req.json() else {
        return error(
            req,
            400,
            "Request body must be a JSON array of region codes",
        );
    };
    let codes: Vec<String> = codes.iter().filter_map(scalar_string).collect();
    if let Some(bad) = codes
        .iter()
        .find(|c| !st.regions.iter().any(|r| r["region"] == json!(c)))
    {
        return error(req, 400, &format!("Unknown region '{bad}'"));
    }
    for r in st.regions.iter_mut() {
        let on = codes.iter().any(|c| r["region"] == json!(c));
        r["configured"] = json!(on);
        if on && r["operationalStatus"] == "NOT_CONFIGURED" {
            r["operationalStatus"] = json!("OPERATIONAL");
        } else if !on {
            r["operationalStatus"] = json!("NOT_CONFIGURED");
        }
    }
    Resp::json(201, json!(1))
}

fn set_status(st: &mut ZcellState, req: &Req, policy: &Value) -> Resp {
    let enabled = match req.q("enabled").map(|s| s.trim().to_ascii_lowercase()) {
        Some(s) if s == "true" => true,
        Some(s) if s == "false" => false,
        _ => {
            return error(
                req,
                400,
                "Required parameter 'enabled' (true or false) is missing",
            )
        }
    };
    let now = crate::util::now_secs();
    if let Some(i) = super::engine::COLLS
        .iter()
        .position(|c| c.key == "anomaly-policy")
    {
        if let Some(p) = st
            .colls
            .get_mut(i)
            .and_then(|l| l.iter_mut().find(|p| p["id"] == *policy))
        {
            p["enabled"] = json!(enabled);
            p["runningStatus"] = json!(if enabled { "RUNNING" } else { "STOPPED" });
            p["enabledAt"] = if enabled { json!(now) } else { Value::Null };
        }
    }
    st.logs.push(json!({
        "policyId": policy,
        "action": if enabled { "ENABLED" } else { "DISABLED" },
        "modifiedBy": "api-client",
        "timestamp": now,
        "details": format!("Policy {policy} {}", if enabled { "enabled" } else { "disabled" }),
    }));
    Resp::no_content()
}

fn in_window(v: &Value, field: &str, w: Option<(i64, i64)>) -> bool {
    w.is_none_or(|(s, e)| {
        v.get(field)
            .and_then(Value::as_i64)
            .is_some_and(|t| t >= s && t <= e)
    })
}

const DT_START: &[&str] = &["startDateTime", "start_date_time"];
const DT_END: &[&str] = &["endDateTime", "end_date_time"];

/// ICCIDs with violations of a policy in the window (required), one row
/// per ICCID with its count.
fn violations(st: &ZcellState, req: &Req, policy: &Value) -> Resp {
    let w = match window(req, DT_START, DT_END, true) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let mut rows: Vec<Value> = Vec::new();
    for v in st
        .violations
        .iter()
        .filter(|v| v["policyId"] == *policy && in_window(v, "timestamp", w))
    {
        match rows.iter_mut().find(|r| r["iccid"] == v["iccid"]) {
            Some(r) => {
                r["violations"] = json!(r["violations"].as_i64().unwrap_or(0) + 1);
                if v["timestamp"].as_i64() > r["lastViolationTime"].as_i64() {
                    r["lastViolationTime"] = v["timestamp"].clone();
                }
            }
            None => rows.push(json!({
                "iccid": v["iccid"],
                "imsi": v["imsi"],
                "policyId": policy,
                "policyType": v["policyType"],
                "violations": 1,
                "lastViolationTime": v["timestamp"],
            })),
        }
    }
    // sortBy/sortDir are "accepted but ignored on this endpoint".
    spring_page(req, rows, &[], "ASC")
}

fn iccid_violations(st: &ZcellState, req: &Req, policy: &Value, iccid: &str) -> Resp {
    let w = match window(req, DT_START, DT_END, true) {
        Ok(w) => w,
        Err(r) => return r,
    };
    let items: Vec<Value> = st
        .violations
        .iter()
        .filter(|v| {
            v["policyId"] == *policy && v["iccid"] == json!(iccid) && in_window(v, "timestamp", w)
        })
        .cloned()
        .collect();
    spring_page(req, items, &["timestamp", "policyId", "policyType"], "DESC")
}

fn sim_details(st: &ZcellState, req: &Req) -> Resp {
    let Some(iccid) = q_any(req, &["iccId", "icc_id", "iccid"]) else {
        return error(req, 400, "Required parameter 'iccId' is missing");
    };
    match st.sims.iter().find(|s| s["iccid"] == json!(iccid)) {
        Some(s) => Resp::ok(s.clone()),
        None => error(req, 404, &format!("SIM with iccId {iccid} not found")),
    }
}

/// `SimDataSearchRequest` filters: list fields match any entry, scalar
/// fields case-insensitively; `tag` matches tag names or ids.
fn sim_matches(s: &Value, f: &Map<String, Value>) -> bool {
    let list = |k: &str| -> Vec<String> {
        match f.get(k) {
            Some(Value::Array(a)) => a.iter().filter_map(scalar_string).collect(),
            Some(v) => scalar_string(v).into_iter().collect(),
            None => Vec::new(),
        }
    };
    let one = |k: &str, field: &str| -> bool {
        f.get(k)
            .and_then(scalar_string)
            .filter(|w| !w.trim().is_empty())
            .is_none_or(|w| str_field(s, field).eq_ignore_ascii_case(w.trim()))
    };
    let iccids = list("iccid");
    let ips = list("ipAddress");
    let tags = list("tag");
    let imei_status = f.get("imeiStatus").and_then(Value::as_str);
    (iccids.is_empty() || iccids.iter().any(|i| s["iccid"] == json!(i)))
        && (ips.is_empty()
            || s["ipAddress"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| ips.iter().any(|i| x == i))))
        && (tags.is_empty()
            || tags.iter().any(|t| {
                [&s["tags"], &s["tagIds"]]
                    .iter()
                    .any(|l| l.as_array().is_some_and(|a| a.iter().any(|x| x == t)))
            }))
        && one("status", "status")
        && one("networkStatus", "networkStatus")
        && one("locationCountry", "locationCountry")
        && one("deviceType", "deviceType")
        && one("brandName", "brandName")
        && one("marketingName", "marketingName")
        && one("modelName", "modelName")
        && one("formFactor", "formFactor")
        && imei_status.is_none_or(|w| {
            let locked = s["dataAuthorizeImei"] == json!(true);
            match w {
                "Locked" => locked,
                "Unlocked" => !locked,
                _ => false,
            }
        })
}

fn sims_search(st: &ZcellState, req: &Req) -> Resp {
    let filters = match req.json() {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return error(req, 400, "Request body must be a JSON object"),
    };
    let items: Vec<Value> = st
        .sims
        .iter()
        .filter(|s| sim_matches(s, &filters))
        .cloned()
        .collect();
    spring_page(
        req,
        items,
        &[
            "usage",
            "iccid",
            "status",
            "networkStatus",
            "locationCountry",
            "creationTime",
        ],
        "ASC",
    )
}

fn analytics_map(st: &ZcellState, req: &Req) -> Resp {
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
fn daily(s: &Value) -> Vec<(i64, u64)> {
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

fn usage(st: &ZcellState, req: &Req, kind: &str) -> Resp {
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
        _ => {
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
            return Resp::ok(Value::Array(
                days.into_iter()
                    .map(|(t, u)| json!({"creationTime": t, "usage": u}))
                    .collect(),
            ));
        }
    };
    out.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Resp::ok(Value::Array(out))
}

/// `POST /audit/customers/{id}/search`: flat body filters (`startDate`,
/// `endDate`, `operationType`, `objectType`, `objectName`, `objectId`,
/// `visibility`, `modifiedByUserId`).
fn audit_search(st: &ZcellState, req: &Req) -> Resp {
    let f = match req.json() {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return error(req, 400, "Request body must be a JSON object"),
    };
    let num = |k: &str| {
        f.get(k)
            .and_then(|v| scalar_string(v)?.trim().parse::<i64>().ok())
    };
    let (start, end) = (num("startDate"), num("endDate"));
    if let (Some(s), Some(e)) = (start, end) {
        if s > e {
            return error(req, 400, "startDate must not be after endDate");
        }
    }
    let eq = |k: &str, field: &str, v: &Value| {
        f.get(k).and_then(scalar_string).is_none_or(|w| {
            v.get(field)
                .and_then(scalar_string)
                .is_some_and(|s| s.eq_ignore_ascii_case(&w))
        })
    };
    let items: Vec<Value> = st
        .audit
        .iter()
        .filter(|v| {
            let t = v["creationTime"].as_i64().unwrap_or(0);
            start.is_none_or(|s| t >= s)
                && end.is_none_or(|e| t <= e)
                && eq("operationType", "auditOperationType", v)
                && eq("objectType", "objectType", v)
                && eq("objectId", "objectId", v)
                && eq("visibility", "visibility", v)
                && eq("modifiedByUserId", "modifiedByUserId", v)
                && f.get("objectName")
                    .and_then(Value::as_str)
                    .is_none_or(|n| icontains(str_field(v, "objectName"), n))
        })
        .cloned()
        .collect();
    spring_page(
        req,
        items,
        &[
            "creationTime",
            "auditOperationType",
            "objectType",
            "objectName",
            "objectId",
            "customerId",
            "visibility",
        ],
        "DESC",
    )
}

/// `POST /network-events/{id}/search/startTime/{s}/endTime/{e}`: epoch
/// seconds in the path, optional body filters `iccid` (list or string) and
/// `eventType`.
fn network_search(st: &ZcellState, req: &Req, s: &str, e: &str) -> Resp {
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
