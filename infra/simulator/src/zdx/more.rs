//! Read-only ZDX sub-resources: per-device apps, web and cloud path probes,
//! call quality, health metrics and events; app score, metrics and users;
//! alert affected devices; software inventory; administration
//! (departments, locations) and geolocations.
//!
//! Shapes follow the Python SDK models (`zscaler/zdx/models/*.py`) and the
//! Go SDK structs (`zscaler/zdx/services/...`). Metric series are
//! `[{"metric","unit","datapoints":[{"timestamp","value"}]}]`. The values
//! are derived from the ids so repeated calls agree; `from`/`to` are
//! validated like the other ZDX lists, and when both are given the
//! datapoints fall inside that window (otherwise the 2 hours before the
//! seed time).

use super::{
    bad_request, check_time_range, find_by_id, not_found, offset_page, search, timed, ZdxState,
    SEED_TIME,
};
use crate::util::{icontains, parse_int_opt, str_field, Req, Resp};
use serde_json::{json, Value};

/// Departments known to ZDX (ids match the alert seeds).
const DEPARTMENTS: [(u64, &str); 5] = [
    (101, "Engineering"),
    (102, "Sales"),
    (103, "Finance"),
    (104, "Human Resources"),
    (105, "IT Operations"),
];

/// Locations known to ZDX (ids match the alert seeds).
const LOCATIONS: [(u64, &str); 4] = [
    (24_326_801, "HQ - San Jose"),
    (24_326_802, "Branch - New York"),
    (24_326_803, "Branch - London"),
    (24_326_804, "Road Warrior"),
];

/// Route the sub-resources; None when the path is not one of them.
pub(super) fn handle(st: &ZdxState, req: &Req, rest: &[&str]) -> Option<Resp> {
    route_devices(st, req, rest)
        .or_else(|| route_apps(st, req, rest))
        .or_else(|| route_other(st, req, rest))
}

/// Per-device sub-resources (apps, probes, health, events). None when the path is not one of them.
fn route_devices(st: &ZdxState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let r = match rest {
        ["devices", id, "apps"] => with_device(st, req, id, |d| Resp::ok(device_apps(st, d))),
        ["devices", id, "apps", app] => with_device_app(st, req, id, app, |d, a| {
            let metrics = [("pft", "ms"), ("dns", "ms"), ("server_response", "ms")];
            series(req, seed_of(d, a), &metrics)
        }),
        ["devices", id, "apps", app, kind @ ("web-probes" | "cloudpath-probes"), tail @ ..] => {
            return probes(st, req, (id, app), probe_kind(kind)?, tail);
        }
        ["devices", id, "apps", app, "call-quality-metrics"] => {
            with_device_app(st, req, id, app, |d, a| Resp::ok(call_quality(req, d, a)))
        }
        ["devices", id, "health-metrics"] => {
            with_device(st, req, id, |d| Resp::ok(health_metrics(req, num(d, "id"))))
        }
        ["devices", id, "events"] => {
            with_device(st, req, id, |d| Resp::ok(device_events(req, num(d, "id"))))
        }
        _ => return None,
    };
    Some(r)
}

/// Per-app sub-resources (score, metrics, users). None when the path is not one of them.
fn route_apps(st: &ZdxState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let r = match rest {
        ["apps", id, "score"] => {
            with_app(st, req, id, |a| series(req, num(a, "id"), &[("score", "")]))
        }
        ["apps", id, "metrics"] => with_app(st, req, id, |a| {
            let name = req.q("metric_name").map(str::trim).unwrap_or("");
            let metrics: &[(&str, &str)] = match name {
                "" => &[("pft", "ms"), ("dns", "ms"), ("availability", "%")],
                "pft" | "dns" | "server_response" | "tcp_connect" | "ssl_handshake" => {
                    &[(name, "ms")][..]
                }
                "availability" => &[("availability", "%")],
                "page_fetch_time" => &[("page_fetch_time", "ms")],
                other => {
                    return bad_request(format!(
                        "'metric_name' {other} is not one of pft, dns, availability, \
                         server_response, tcp_connect, ssl_handshake, page_fetch_time"
                    ))
                }
            };
            series(req, num(a, "id") + 7, metrics)
        }),
        ["apps", id, "users"] => with_app(st, req, id, |a| {
            let bucket = req.q("score_bucket").map(|s| s.trim().to_ascii_lowercase());
            if let Some(b) = bucket.as_deref() {
                if !matches!(b, "" | "poor" | "okay" | "good") {
                    return bad_request("'score_bucket' must be one of poor, okay, good");
                }
            }
            let users: Vec<Value> = search(req, &st.users, &["name", "email"])
                .iter()
                .map(|u| {
                    let score = user_app_score(num(u, "id"), num(a, "id"));
                    json!({"id": u["id"], "name": u["name"], "email": u["email"], "score": score})
                })
                .filter(|u| match bucket.as_deref() {
                    None | Some("") => true,
                    Some(b) => bucket_of(u["score"].as_f64().unwrap_or(0.0)) == b,
                })
                .collect();
            offset_page(req, users, "users")
        }),
        ["apps", id, "users", uid] => with_app(st, req, id, |a| app_user(st, a, uid)),
        _ => return None,
    };
    Some(r)
}

/// Alerts, inventory, administration and active geo. None when the path is not one of them.
fn route_other(st: &ZdxState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let r = match rest {
        ["alerts", id, "affected_devices"] => affected_devices(st, req, id),
        ["inventory", "software"] => {
            if let Err(r) = check_id_list(req, &["deviceids", "userids", "dept", "loc", "geo"]) {
                return Some(r);
            }
            let items = search(req, &st.software, &["software_name", "vendor"]);
            offset_page(req, items, "software")
        }
        ["inventory", "software", key] => {
            match st
                .software
                .iter()
                .find(|s| str_field(s, "software_key") == *key)
            {
                None => not_found("Software", key),
                Some(sw) => offset_page(req, software_details(st, sw), "software"),
            }
        }
        ["administration", "departments"] => {
            timed(req, || Resp::ok(id_name_list(req, &DEPARTMENTS)))
        }
        ["administration", "locations"] => timed(req, || Resp::ok(id_name_list(req, &LOCATIONS))),
        ["active_geo"] => timed(req, || Resp::ok(active_geo())),
        _ => return None,
    };
    Some(r)
}

/// `GET /alerts/{id}/affected_devices`: a deterministic slice of the
/// devices, as many as the alert counts.
fn affected_devices(st: &ZdxState, req: &Req, id: &str) -> Resp {
    match st.alert(id) {
        None => not_found("Alert", id),
        Some(alert) => {
            let n = alert["num_devices"].as_u64().unwrap_or(0) as usize;
            let start = (num(alert, "id") % 50) as usize;
            let devices: Vec<Value> = st
                .devices
                .iter()
                .cycle()
                .skip(start)
                .take(n.min(st.devices.len()))
                .map(|d| {
                    let uid = d
                        .pointer("/software/user")
                        .and_then(Value::as_str)
                        .and_then(|e| st.users.iter().find(|u| str_field(u, "email") == e));
                    json!({
                        "id": d["id"],
                        "name": d["name"],
                        "userid": uid.map(|u| u["id"].clone()).unwrap_or(Value::Null),
                        "userName": uid.map(|u| u["name"].clone()).unwrap_or(Value::Null),
                        "userEmail": uid.map(|u| u["email"].clone()).unwrap_or(Value::Null),
                    })
                })
                .collect();
            offset_page(req, devices, "devices")
        }
    }
}

/// `GET /apps/{id}/users/{uid}`: one user's score for the app, with the
/// score of each of the user's devices.
fn app_user(st: &ZdxState, a: &Value, uid: &str) -> Resp {
    match find_by_id(&st.users, uid) {
        None => not_found("User", uid),
        Some(u) => {
            let devices: Vec<Value> = u["devices"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|d| {
                    let s = user_app_score(num(d, "id"), num(a, "id"));
                    json!({
                        "id": d["id"],
                        "name": d["name"],
                        "userid": u["id"],
                        "score": {"score": s, "metric": "score", "unit": ""},
                    })
                })
                .collect();
            Resp::ok(json!({
                "id": u["id"],
                "name": u["name"],
                "email": u["email"],
                "score": user_app_score(num(u, "id"), num(a, "id")),
                "devices": devices,
            }))
        }
    }
}

// ---------------------------------------------------------------- helpers

pub(super) fn num(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

fn seed_of(d: &Value, a: &Value) -> u64 {
    num(d, "id").wrapping_mul(31).wrapping_add(num(a, "id"))
}

fn with_device(st: &ZdxState, req: &Req, id: &str, f: impl FnOnce(&Value) -> Resp) -> Resp {
    if let Err(r) = check_time_range(req) {
        return r;
    }
    match find_by_id(&st.devices, id) {
        Some(d) => f(d),
        None => not_found("Device", id),
    }
}

fn with_app(st: &ZdxState, req: &Req, id: &str, f: impl FnOnce(&Value) -> Resp) -> Resp {
    if let Err(r) = check_time_range(req) {
        return r;
    }
    match find_by_id(&st.apps, id) {
        Some(a) => f(a),
        None => not_found("Application", id),
    }
}

fn with_device_app(
    st: &ZdxState,
    req: &Req,
    id: &str,
    app: &str,
    f: impl FnOnce(&Value, &Value) -> Resp,
) -> Resp {
    with_device(st, req, id, |d| match find_by_id(&st.apps, app) {
        Some(a) => f(d, a),
        None => not_found("Application", app),
    })
}

/// Repeatable integer filters (`deviceids`, `userids`, ...) must be integers.
fn check_id_list(req: &Req, names: &[&str]) -> Result<(), Resp> {
    for (k, v) in &req.query {
        if names.contains(&k.as_str()) && parse_int_opt(Some(v)).is_err() {
            return Err(bad_request(format!("'{k}' must be a list of integer ids")));
        }
    }
    Ok(())
}

/// Probe ids of app `a` are `a*100 + 1 ..= a*100 + 2`.
/// One of an app's two probe kinds on a device.
struct ProbeKind {
    /// Used in the 404 of an unknown probe.
    what: &'static str,
    /// The probes of (device, app).
    list: fn(&Value, &Value) -> Value,
    /// Added to the (device, app) seed of the probe's metric series.
    seed_offset: u64,
    metrics: &'static [(&'static str, &'static str)],
    /// Whether a probe has a `/cloudpath` sub-resource.
    has_cloudpath: bool,
}

const WEB_PROBES: ProbeKind = ProbeKind {
    what: "Web probe",
    list: web_probes,
    seed_offset: 1,
    metrics: &[("pft", "ms"), ("dns", "ms"), ("availability", "%")],
    has_cloudpath: false,
};

const CLOUDPATH_PROBES: ProbeKind = ProbeKind {
    what: "Cloud path probe",
    list: cloudpath_probes,
    seed_offset: 2,
    metrics: &[("latency", "ms"), ("packet_loss", "%"), ("hop_count", "")],
    has_cloudpath: true,
};

fn probe_kind(seg: &str) -> Option<&'static ProbeKind> {
    match seg {
        "web-probes" => Some(&WEB_PROBES),
        "cloudpath-probes" => Some(&CLOUDPATH_PROBES),
        _ => None,
    }
}

/// `.../apps/{app}/{kind}`, `.../{kind}/{probe}` and (cloud path probes)
/// `.../{kind}/{probe}/cloudpath`. None for any other tail.
fn probes(
    st: &ZdxState,
    req: &Req,
    (id, app): (&str, &str),
    kind: &ProbeKind,
    tail: &[&str],
) -> Option<Resp> {
    let (probe, cloudpath_of) = match tail {
        [] => {
            return Some(with_device_app(st, req, id, app, |d, a| {
                Resp::ok((kind.list)(d, a))
            }))
        }
        [probe] => (*probe, false),
        [probe, "cloudpath"] if kind.has_cloudpath => (*probe, true),
        _ => return None,
    };
    Some(with_device_app(st, req, id, app, |d, a| {
        if probe_index(probe, a).is_none() {
            return not_found(kind.what, probe);
        }
        if cloudpath_of {
            let path = json!([{"timestamp": window(req).1, "cloudpath": cloudpath(d, a)}]);
            return Resp::ok(path);
        }
        series(req, seed_of(d, a) + kind.seed_offset, kind.metrics)
    }))
}

/// A 200 with the metric series (see [`metric_series`]).
fn series(req: &Req, seed: u64, metrics: &[(&str, &str)]) -> Resp {
    Resp::ok(Value::Array(metric_series(req, seed, metrics)))
}

fn probe_index(probe: &str, a: &Value) -> Option<u64> {
    let p: u64 = probe.trim().parse().ok()?;
    let base = num(a, "id") * 100;
    (p > base && p <= base + 2).then_some(p - base)
}

/// The (from, to) window in epoch seconds: the query's when both are given,
/// else the 2 hours before the seed time.
fn window(req: &Req) -> (i64, i64) {
    let from = parse_int_opt(req.q("from")).ok().flatten();
    let to = parse_int_opt(req.q("to")).ok().flatten();
    match (from, to) {
        (Some(f), Some(t)) if t >= f => (f, t),
        (Some(f), None) => (f, f.saturating_add(7_200)),
        (None, Some(t)) => (t.saturating_sub(7_200), t),
        _ => (SEED_TIME - 7_200, SEED_TIME),
    }
}

/// Deterministic pseudo-random value in [lo, hi).
fn wobble(seed: u64, i: u64, lo: f64, hi: f64) -> f64 {
    let x = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(i.wrapping_mul(1_442_695_040_888_963_407));
    let frac = ((x >> 33) % 1000) as f64 / 1000.0;
    ((lo + (hi - lo) * frac) * 10.0).round() / 10.0
}

/// Metric series with 8 datapoints spread over the window.
pub(super) fn metric_series(req: &Req, seed: u64, metrics: &[(&str, &str)]) -> Vec<Value> {
    let (from, to) = window(req);
    let step = ((to - from) / 8).max(1);
    metrics
        .iter()
        .enumerate()
        .map(|(k, (metric, unit))| {
            let (lo, hi) = match *metric {
                "score" => (55.0, 98.0),
                "availability" => (97.0, 100.0),
                "packet_loss" => (0.0, 2.0),
                "hop_count" => (8.0, 16.0),
                "dns" => (5.0, 60.0),
                _ => (80.0, 900.0),
            };
            let points: Vec<Value> = (0..8u64)
                .map(|i| {
                    json!({
                        "timestamp": from + step * i as i64,
                        "value": wobble(seed + k as u64 * 97, i, lo, hi),
                    })
                })
                .collect();
            json!({"metric": metric, "unit": unit, "datapoints": points})
        })
        .collect()
}

fn user_app_score(user_or_device: u64, app: u64) -> f64 {
    wobble(user_or_device, app, 25.0, 99.0)
}

fn bucket_of(score: f64) -> &'static str {
    if score < 34.0 {
        "poor"
    } else if score < 66.0 {
        "okay"
    } else {
        "good"
    }
}

fn device_apps(st: &ZdxState, d: &Value) -> Value {
    Value::Array(
        st.apps
            .iter()
            .filter(|a| a["score"].as_f64().unwrap_or(-1.0) >= 0.0)
            .map(|a| {
                json!({
                    "id": a["id"],
                    "name": a["name"],
                    "score": user_app_score(num(d, "id"), num(a, "id")),
                })
            })
            .collect(),
    )
}

fn app_host(a: &Value) -> String {
    match str_field(a, "name") {
        "Outlook Online" => "outlook.office365.com".into(),
        "SharePoint Online" => "sandbox.sharepoint.com".into(),
        "Microsoft Teams" => "teams.microsoft.com".into(),
        "Zoom" => "zoom.us".into(),
        "Salesforce" => "sandbox.my.salesforce.com".into(),
        "ServiceNow" => "sandbox.service-now.com".into(),
        "Google Drive" => "drive.google.com".into(),
        other => format!("{}.example.com", other.to_lowercase().replace(' ', "")),
    }
}

fn web_probes(d: &Value, a: &Value) -> Value {
    let base = num(a, "id") * 100;
    Value::Array(
        (1..=2u64)
            .map(|i| {
                json!({
                    "id": base + i,
                    "name": format!("{} Web Probe {}", str_field(a, "name"), i),
                    "num_probes": 24 - i * 2,
                    "avg_score": wobble(seed_of(d, a), i, 60.0, 98.0),
                    "avg_pft": wobble(seed_of(d, a), i + 10, 120.0, 900.0),
                })
            })
            .collect(),
    )
}

fn cloudpath_probes(d: &Value, a: &Value) -> Value {
    let base = num(a, "id") * 100;
    let s = seed_of(d, a);
    Value::Array(
        (1..=2u64)
            .map(|i| {
                json!({
                    "id": base + i,
                    "name": format!("{} Cloud Path {}", str_field(a, "name"), i),
                    "num_probes": 24 - i * 2,
                    "avg_latencies": [
                        {"leg_src": "client", "leg_dst": "egress", "latency": wobble(s, i, 1.0, 8.0)},
                        {"leg_src": "egress", "leg_dst": "zen", "latency": wobble(s, i + 1, 4.0, 30.0)},
                        {"leg_src": "zen", "leg_dst": "dest", "latency": wobble(s, i + 2, 5.0, 60.0)},
                    ],
                })
            })
            .collect(),
    )
}

pub(super) fn cloudpath(d: &Value, a: &Value) -> Value {
    let s = seed_of(d, a);
    let host = app_host(a);
    json!({
        "src": str_field(d.pointer("/software").unwrap_or(&Value::Null), "hostname"),
        "dst": host,
        "num_hops": 11,
        "latency": wobble(s, 1, 20.0, 90.0),
        "loss": wobble(s, 2, 0.0, 1.5),
        "num_unresp_hops": 2,
        "tunnel_type": "ZTunnel 2.0",
        "hops": [
            {"ip": "10.20.0.1", "gw_mac": "a0:b1:c2:00:00:01", "gw_mac_vendor": "Cisco Systems", "pkt_sent": 10, "pkt_rcvd": 10, "latency_min": 0.8, "latency_max": 3.1, "latency_avg": 1.4, "latency_diff": 1.4},
            {"ip": "203.0.113.1", "gw_mac": "", "gw_mac_vendor": "", "pkt_sent": 10, "pkt_rcvd": 10, "latency_min": 4.0, "latency_max": 9.7, "latency_avg": 6.2, "latency_diff": 4.8},
            {"ip": "165.225.0.10", "gw_mac": "", "gw_mac_vendor": "", "pkt_sent": 10, "pkt_rcvd": 10, "latency_min": 9.5, "latency_max": 21.0, "latency_avg": 12.9, "latency_diff": 6.7},
        ],
    })
}

fn call_quality(req: &Req, d: &Value, a: &Value) -> Value {
    let name = str_field(a, "name");
    if name != "Microsoft Teams" && name != "Zoom" {
        return json!([]);
    }
    let s = seed_of(d, a);
    let (from, _) = window(req);
    json!([{
        "meet_id": format!("{:x}", s.wrapping_mul(2_654_435_761)),
        "meet_session_id": format!("{:x}", s.wrapping_mul(40_503)),
        "meet_subject": "Weekly sync",
        "metrics": metric_series(req, s + 3, &[("latency_inbound", "ms"), ("jitter_inbound", "ms"), ("pkt_loss_inbound", "%"), ("mos", "")]),
        "start_time": from,
    }])
}

pub(super) fn health_metrics(req: &Req, seed: u64) -> Value {
    let cat = |name: &str, metrics: &[(&str, &str)], k: u64| {
        json!({
            "category": name,
            "instances": [{
                "name": "total",
                "metrics": metric_series(req, seed + k, metrics),
            }],
        })
    };
    json!([
        cat("cpu", &[("cpu_total_pct", "%"), ("cpu_user_pct", "%")], 1),
        cat("memory", &[("mem_used_pct", "%"), ("mem_free_mb", "MB")], 2),
        cat("disk", &[("disk_rd_bps", "bps"), ("disk_wt_bps", "bps")], 3),
        cat(
            "network",
            &[("net_rx_bps", "bps"), ("net_tx_bps", "bps")],
            4
        ),
        cat("wifi", &[("wifi_signal_pct", "%")], 5),
    ])
}

pub(super) fn device_events(req: &Req, seed: u64) -> Value {
    let (from, to) = window(req);
    let mid = from + (to - from) / 2;
    json!([
        {"timestamp": from + 300, "events": [
            {"category": "Network", "name": "ssid_change", "display_name": "Wi-Fi network changed",
             "prev": "Home-WiFi", "curr": "Corp-WiFi"},
        ]},
        {"timestamp": mid, "events": [
            {"category": "Zscaler", "name": "zcc_tunnel_change", "display_name": "Client Connector tunnel changed",
             "prev": "Tunnel 1.0", "curr": "ZTunnel 2.0"},
            {"category": "Software", "name": "software_update", "display_name": "Software updated",
             "prev": "4.4.0.379", "curr": if seed.is_multiple_of(2) { "4.5.2.73" } else { "4.5.0.21" }},
        ]},
        {"timestamp": to - 120, "events": [
            {"category": "Hardware", "name": "power_source", "display_name": "Power source changed",
             "prev": "AC", "curr": "Battery"},
        ]},
    ])
}

fn id_name_list(req: &Req, items: &[(u64, &str)]) -> Value {
    let q = req
        .q("q")
        .or_else(|| req.q("search"))
        .map(str::trim)
        .unwrap_or("");
    Value::Array(
        items
            .iter()
            .filter(|(_, n)| q.is_empty() || icontains(n, q))
            .map(|(id, n)| json!({"id": id, "name": n}))
            .collect(),
    )
}

fn active_geo() -> Value {
    json!([
        {"id": "6252001", "name": "United States", "geo_type": "country", "children": [
            {"id": "5332921", "name": "California", "geo_type": "region", "children": [
                {"id": "5392171", "name": "San Jose", "geo_type": "city"}]},
            {"id": "5128638", "name": "New York", "geo_type": "region", "children": [
                {"id": "5128581", "name": "New York", "geo_type": "city"}]},
        ]},
        {"id": "2635167", "name": "United Kingdom", "geo_type": "country", "children": [
            {"id": "6269131", "name": "England", "geo_type": "region", "children": [
                {"id": "2643743", "name": "London", "geo_type": "city"}]},
        ]},
        {"id": "6251999", "name": "Canada", "geo_type": "country", "children": [
            {"id": "6093943", "name": "Ontario", "geo_type": "region", "children": [
                {"id": "6167865", "name": "Toronto", "geo_type": "city"}]},
        ]},
    ])
}

// ---------------------------------------------------------------- software

/// (key, name, vendor, group, install type, devices)
const SOFTWARE: [(&str, &str, &str, &str, &str, u64); 8] = [
    (
        "chrome_120.0",
        "Google Chrome",
        "Google LLC",
        "Browsers",
        "Machine",
        96,
    ),
    (
        "edge_120.0",
        "Microsoft Edge",
        "Microsoft Corporation",
        "Browsers",
        "Machine",
        90,
    ),
    (
        "zoom_5.17.11",
        "Zoom Workplace",
        "Zoom Video Communications, Inc.",
        "Collaboration",
        "User",
        61,
    ),
    (
        "teams_24.1",
        "Microsoft Teams",
        "Microsoft Corporation",
        "Collaboration",
        "User",
        118,
    ),
    (
        "office_16.0",
        "Microsoft 365 Apps for enterprise",
        "Microsoft Corporation",
        "Productivity",
        "Machine",
        90,
    ),
    (
        "slack_4.36",
        "Slack",
        "Slack Technologies",
        "Collaboration",
        "User",
        40,
    ),
    (
        "zscaler_4.5.2",
        "Zscaler Client Connector",
        "Zscaler Inc.",
        "Security",
        "Machine",
        120,
    ),
    (
        "python_3.12",
        "Python 3.12",
        "Python Software Foundation",
        "Developer Tools",
        "Machine",
        23,
    ),
];

pub(super) fn seed_software() -> Vec<Value> {
    SOFTWARE
        .iter()
        .map(|(key, name, vendor, group, kind, devices)| {
            json!({
                "software_key": key,
                "software_name": name,
                "vendor": vendor,
                "software_group": group,
                "sw_install_type": kind,
                "user_total": devices.div_ceil(4).min(30),
                "device_total": devices,
            })
        })
        .collect()
}

fn software_details(st: &ZdxState, sw: &Value) -> Vec<Value> {
    let n = num(sw, "device_total") as usize;
    let key = str_field(sw, "software_key");
    let version = key.rsplit('_').next().unwrap_or("1.0");
    st.devices
        .iter()
        .take(n)
        .map(|d| {
            let user = d
                .pointer("/software/user")
                .and_then(Value::as_str)
                .unwrap_or("");
            let uid = st
                .users
                .iter()
                .find(|u| str_field(u, "email") == user)
                .map(|u| u["id"].clone())
                .unwrap_or(Value::Null);
            json!({
                "software_key": key,
                "software_name": sw["software_name"],
                "software_version": version,
                "software_group": sw["software_group"],
                "sw_install_type": sw["sw_install_type"],
                "vendor": sw["vendor"],
                "hostname": d.pointer("/software/hostname").cloned().unwrap_or(Value::Null),
                "username": user,
                "user_id": uid,
                "device_id": d["id"],
                "os": d.pointer("/software/os_name").cloned().unwrap_or(Value::Null),
                "install_date": "2025-11-03",
            })
        })
        .collect()
}
