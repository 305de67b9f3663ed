//! ZDX troubleshooting: deep traces under `/devices/{id}/deeptraces` and
//! score analyses under `/analysis` (Python SDK `zscaler/zdx/
//! troubleshooting.py`, models `zscaler/zdx/models/troubleshooting.py`).
//!
//! - `GET /devices/{id}/deeptraces` → a plain array of sessions
//!   `{"trace_id","trace_details":{...},"status","created_at","started_at",
//!   "ended_at","expected_time_minutes"}` (the SDK reads the body as a list).
//! - `POST /devices/{id}/deeptraces` with `{"session_name","app_id",
//!   "web_probe_id"?,"cloudpath_probe_id"?,"session_length_minutes"?
//!   (5, 15, 30 or 60; default 5),"probe_device"?}` → 200 with the new
//!   session (status `in_progress`). UNVERIFIED status code: the SDK only
//!   parses the body.
//! - `GET/DELETE /devices/{id}/deeptraces/{traceId}`; DELETE answers 200
//!   `{"trace_id": "..."}` (the SDK documents "the trace ID that was
//!   deleted").
//! - `GET .../{traceId}/top-processes | webprobe-metrics | cloudpath-metrics
//!   | cloudpath | health-metrics | events`.
//! - `POST /analysis` with `{"device_id","app_id","t0"?,"t1"?}` → 200
//!   `{"analysis_id", "device_id","app_id","t0","t1"}`; `GET
//!   /analysis/{id}` → `{"analysis_id","status","device_id","app_id","t0",
//!   "t1","result":{...}}`; `DELETE /analysis/{id}` → 200 `{"analysis_id"}`.
//!
//! Trace ids are 15-digit numeric strings like the SDK examples
//! (`342941739947287`, `342821739939272`, both seeded on the first
//! device); analysis `8848482` is seeded too.

use super::more::{cloudpath, device_events, health_metrics, metric_series, num};
use super::{bad_request, find_by_id, method_not_allowed, not_found, ZdxState, SEED_TIME};
use crate::util::{scalar_string, str_field, trimmed, Req, Resp};
use axum::http::Method;
use serde_json::{json, Value};

pub(super) const FIRST_NEW_TRACE_ID: u64 = 342_990_000_000_001;
pub(super) const FIRST_NEW_ANALYSIS_ID: u64 = 8_848_600;

/// Route deep traces and analyses; None when the path is not one of them.
pub(super) fn handle(st: &mut ZdxState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let m = &req.method;
    let r = match rest {
        ["devices", id, "deeptraces"] => {
            let Some(dev) = find_by_id(&st.devices, id).cloned() else {
                return Some(not_found("Device", id));
            };
            match *m {
                Method::GET => device_traces(st, req, num(&dev, "id")),
                Method::POST => start_trace(st, req, &dev).unwrap_or_else(|r| r),
                _ => method_not_allowed(m),
            }
        }
        ["devices", id, "deeptraces", tid, tail @ ..] => {
            let Some(dev) = find_by_id(&st.devices, id) else {
                return Some(not_found("Device", id));
            };
            let did = num(dev, "id");
            let Some(pos) = st
                .traces
                .iter()
                .position(|t| trace_device(t) == did && str_field(t, "trace_id") == *tid)
            else {
                return Some(not_found("Deep trace", tid));
            };
            let trace = st.traces[pos].clone();
            match (m.clone(), tail) {
                (Method::GET, []) => Resp::ok(trace),
                (Method::DELETE, []) => {
                    st.traces.remove(pos);
                    Resp::ok(json!({"trace_id": tid}))
                }
                (Method::GET, [sub]) => match trace_sub(st, &trace, sub) {
                    Some(v) => Resp::ok(v),
                    None => return None,
                },
                (_, []) | (_, [_]) => method_not_allowed(m),
                _ => return None,
            }
        }
        ["analysis"] => match *m {
            Method::POST => start_analysis(st, req).unwrap_or_else(|r| r),
            _ => method_not_allowed(m),
        },
        ["analysis", aid] => {
            let Some(pos) = st
                .analyses
                .iter()
                .position(|a| str_field(a, "analysis_id") == *aid)
            else {
                return Some(not_found("Analysis", aid));
            };
            match *m {
                Method::GET => Resp::ok(st.analyses[pos].clone()),
                Method::DELETE => {
                    st.analyses.remove(pos);
                    Resp::ok(json!({"analysis_id": aid}))
                }
                _ => method_not_allowed(m),
            }
        }
        _ => return None,
    };
    Some(r)
}

/// The deep traces of one device, filtered by `q` (or `search`) on the
/// session name.
fn device_traces(st: &ZdxState, req: &Req, did: u64) -> Resp {
    let q = req.q("q").or_else(|| req.q("search")).unwrap_or("");
    Resp::ok(Value::Array(
        st.traces
            .iter()
            .filter(|t| trace_device(t) == did)
            .filter(|t| {
                q.is_empty()
                    || crate::util::icontains(str_field(&t["trace_details"], "session_name"), q)
            })
            .cloned()
            .collect(),
    ))
}

fn trace_device(t: &Value) -> u64 {
    t.pointer("/trace_details/device_id")
        .and_then(Value::as_u64)
        .unwrap_or(0)
}

/// A request-body id given as a number or a numeric string.
fn body_id(body: &serde_json::Map<String, Value>, key: &str) -> Result<Option<u64>, Resp> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => scalar_string(v)
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map(Some)
            .ok_or_else(|| bad_request(format!("'{key}' must be an integer id"))),
    }
}

/// The body as a JSON object, or the 400 for any other body.
fn body_object(req: &Req) -> Result<serde_json::Map<String, Value>, Resp> {
    req.json_object()
        .ok_or_else(|| bad_request("A JSON object body is required"))
}

/// A request-body id that must be present.
fn required_id(body: &serde_json::Map<String, Value>, key: &str) -> Result<u64, Resp> {
    body_id(body, key)?.ok_or_else(|| bad_request(format!("'{key}' is required")))
}

/// Ok when `list` has an item with `id`; else the 404 for `what`.
fn known(list: &[Value], id: u64, what: &str) -> Result<(), Resp> {
    let id = id.to_string();
    find_by_id(list, &id)
        .map(|_| ())
        .ok_or_else(|| not_found(what, &id))
}

/// `POST /devices/{id}/deeptraces` (Err is the 4xx answer).
fn start_trace(st: &mut ZdxState, req: &Req, dev: &Value) -> Result<Resp, Resp> {
    let body = body_object(req)?;
    let name = trimmed(&body, "session_name");
    if name.is_empty() {
        return Err(bad_request("'session_name' is required"));
    }
    let app_id = required_id(&body, "app_id")?;
    known(&st.apps, app_id, "Application")?;
    let web_probe = body_id(&body, "web_probe_id")?;
    let cloudpath_probe = body_id(&body, "cloudpath_probe_id")?;
    let minutes = match body.get("session_length_minutes") {
        None | Some(Value::Null) => 5,
        Some(v) => match v.as_u64() {
            Some(n @ (5 | 15 | 30 | 60)) => n,
            _ => {
                let msg = "'session_length_minutes' must be one of 5, 15, 30, 60";
                return Err(bad_request(msg));
            }
        },
    };
    let probe_device = match body.get("probe_device") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(bad_request("'probe_device' must be a boolean")),
    };
    let id = st.next_trace_id;
    st.next_trace_id += 1;
    let now = crate::util::now_secs() as i64;
    let (uid, uname) = owner(st, dev);
    let trace = json!({
        "trace_id": id.to_string(),
        "trace_details": {
            "session_name": name,
            "user_id": uid,
            "username": uname,
            "device_id": dev["id"],
            "device_name": dev["name"],
            "web_probe_id": web_probe,
            "cloudpath_probe_id": cloudpath_probe,
            "app_id": app_id,
            "session_length_minutes": minutes,
            "probe_device": probe_device,
        },
        "status": "in_progress",
        "created_at": now,
        "started_at": now,
        "ended_at": Value::Null,
        "expected_time_minutes": minutes,
    });
    st.traces.push(trace.clone());
    Ok(Resp::ok(trace))
}

fn owner(st: &ZdxState, dev: &Value) -> (Value, Value) {
    let email = dev
        .pointer("/software/user")
        .and_then(Value::as_str)
        .unwrap_or("");
    match st.users.iter().find(|u| str_field(u, "email") == email) {
        Some(u) => (u["id"].clone(), u["name"].clone()),
        None => (Value::Null, Value::Null),
    }
}

/// The `from`/`to`-less request used to build series over a trace window.
fn trace_req(t: &Value) -> Req {
    let start = t["started_at"].as_i64().unwrap_or(SEED_TIME);
    let mins = t["expected_time_minutes"].as_i64().unwrap_or(5);
    Req {
        method: Method::GET,
        segs: Vec::new(),
        query: vec![
            ("from".into(), start.to_string()),
            ("to".into(), (start + mins * 60).to_string()),
        ],
        body: Vec::new(),
    }
}

fn trace_sub(st: &ZdxState, t: &Value, sub: &str) -> Option<Value> {
    let r = trace_req(t);
    let seed = t["trace_id"]
        .as_str()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(1);
    let start = t["started_at"].as_i64().unwrap_or(SEED_TIME);
    let dev = find_by_id(&st.devices, &trace_device(t).to_string()).cloned();
    let app_id = t
        .pointer("/trace_details/app_id")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    let app = find_by_id(&st.apps, &app_id.to_string()).cloned();
    let v = match sub {
        "top-processes" => json!([
            {"timestamp": start + 60, "top_processes": [
                {"category": "cpu", "processes": [
                    {"name": "Teams.exe", "id": 4312},
                    {"name": "chrome.exe", "id": 8120},
                    {"name": "MsMpEng.exe", "id": 3004},
                ]},
                {"category": "memory", "processes": [
                    {"name": "chrome.exe", "id": 8120},
                    {"name": "Teams.exe", "id": 4312},
                    {"name": "OUTLOOK.EXE", "id": 7740},
                ]},
            ]},
        ]),
        "webprobe-metrics" => {
            let series = metric_series(
                &r,
                seed,
                &[("pft", "ms"), ("dns", "ms"), ("availability", "%")],
            );
            Value::Array(series)
        }
        "cloudpath-metrics" => {
            let stats = metric_series(&r, seed + 1, &[("latency", "ms"), ("packet_loss", "%")]);
            json!([
                {"leg_src": "client", "leg_dst": "egress", "stats": stats.clone()},
                {"leg_src": "egress", "leg_dst": "zen", "stats": stats.clone()},
                {"leg_src": "zen", "leg_dst": "dest", "stats": stats},
            ])
        }
        "cloudpath" => match (&dev, &app) {
            (Some(d), Some(a)) => json!([{"timestamp": start + 60, "cloudpath": cloudpath(d, a)}]),
            _ => json!([]),
        },
        "health-metrics" => health_metrics(&r, seed),
        "events" => device_events(&r, seed),
        _ => return None,
    };
    Some(v)
}

/// `POST /analysis` (Err is the 4xx answer).
fn start_analysis(st: &mut ZdxState, req: &Req) -> Result<Resp, Resp> {
    let body = body_object(req)?;
    let device_id = required_id(&body, "device_id")?;
    let app_id = required_id(&body, "app_id")?;
    known(&st.devices, device_id, "Device")?;
    known(&st.apps, app_id, "Application")?;
    let t = |k: &str| -> Result<Option<i64>, Resp> {
        match body.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_i64().map(Some).ok_or_else(|| {
                bad_request(format!("'{k}' must be an integer epoch time in seconds"))
            }),
        }
    };
    let (t0, t1) = (t("t0")?, t("t1")?);
    let now = crate::util::now_secs() as i64;
    let t1 = t1.unwrap_or(now);
    let t0 = t0.unwrap_or(t1 - 7_200);
    if t1 < t0 {
        return Err(bad_request("'t1' must not be earlier than 't0'"));
    }
    let id = st.next_analysis_id;
    st.next_analysis_id += 1;
    st.analyses
        .push(analysis(id, device_id, app_id, t0, t1, "in_progress"));
    Ok(Resp::ok(json!({
        "analysis_id": id.to_string(),
        "device_id": device_id,
        "app_id": app_id,
        "t0": t0,
        "t1": t1,
    })))
}

fn analysis(id: u64, device_id: u64, app_id: u64, t0: i64, t1: i64, status: &str) -> Value {
    let done = status == "completed";
    json!({
        "analysis_id": id.to_string(),
        "status": status,
        "device_id": device_id,
        "app_id": app_id,
        "t0": t0,
        "t1": t1,
        "result": if done {
            json!({
                "score": 48,
                "issues": [
                    {"category": "Network", "issue": "High latency between egress and Zscaler service edge",
                     "metric": "latency", "value": 182.4, "unit": "ms"},
                    {"category": "Device", "issue": "CPU utilisation above 90%",
                     "metric": "cpu_total_pct", "value": 93.1, "unit": "%"},
                ],
            })
        } else {
            Value::Null
        },
    })
}

pub(super) fn seed_traces(devices: &[Value], users: &[Value]) -> Vec<Value> {
    // (trace id, device index, app id, session name, status, age secs, minutes)
    let specs: [(&str, usize, u64, &str, &str, i64, i64); 4] = [
        (
            "342941739947287",
            0,
            3,
            "Teams call drops",
            "completed",
            3_600,
            15,
        ),
        (
            "342821739939272",
            0,
            1,
            "Outlook slowness",
            "completed",
            86_400,
            5,
        ),
        (
            "342821739939301",
            1,
            4,
            "Zoom jitter",
            "completed",
            7_200,
            30,
        ),
        (
            "342821739939315",
            2,
            5,
            "Salesforce page loads",
            "in_progress",
            120,
            60,
        ),
    ];
    specs
        .iter()
        .filter_map(|(id, di, app, name, status, age, mins)| {
            let d = devices.get(*di)?;
            let email = d
                .pointer("/software/user")
                .and_then(Value::as_str)
                .unwrap_or("");
            let u = users.iter().find(|u| str_field(u, "email") == email);
            let started = SEED_TIME - age;
            Some(json!({
                "trace_id": id,
                "trace_details": {
                    "session_name": name,
                    "user_id": u.map(|u| u["id"].clone()).unwrap_or(Value::Null),
                    "username": u.map(|u| u["name"].clone()).unwrap_or(Value::Null),
                    "device_id": d["id"],
                    "device_name": d["name"],
                    "web_probe_id": app * 100 + 1,
                    "cloudpath_probe_id": app * 100 + 1,
                    "app_id": app,
                    "session_length_minutes": mins,
                    "probe_device": true,
                },
                "status": status,
                "created_at": started - 5,
                "started_at": started,
                "ended_at": if *status == "completed" { json!(started + mins * 60) } else { Value::Null },
                "expected_time_minutes": mins,
            }))
        })
        .collect()
}

pub(super) fn seed_analyses() -> Vec<Value> {
    vec![
        analysis(
            8_848_482,
            132_559_001,
            3,
            SEED_TIME - 7_200,
            SEED_TIME,
            "completed",
        ),
        analysis(
            8_848_483,
            132_559_002,
            1,
            SEED_TIME - 3_600,
            SEED_TIME,
            "completed",
        ),
        analysis(
            8_848_484,
            132_559_003,
            4,
            SEED_TIME - 1_800,
            SEED_TIME,
            "in_progress",
        ),
    ]
}
