//! Z-Insights (analytics) at `POST /zins/graphql`.
//!
//! The request is `{"query": "...", "variables": {...}, "operationName"?}`
//! as the Python SDK sends it (`zscaler/zins/*.py`). The query is read by a
//! simulator's GraphQL front end (see [`query`]); the answer is built per root domain
//! and report field the SDK queries use, then projected onto the
//! selection set (aliases honoured), as a GraphQL server would:
//!
//! | Domain | Fields |
//! |---|---|
//! | `WEB_TRAFFIC` | `location`, `no_grouping` (entries with optional `trend`), `protocols`, `threat_super_categories`, `threat_class` |
//! | `CYBER_SECURITY` | `incidents(categorize_by: [IncidentsGroupBy!]!)` (nested entries, one level per grouping), `cyber_security_location(categorize_by:)` (`id`,`name`,`total`) |
//! | `ZERO_TRUST_FIREWALL` | `action`, `location_firewall` (`id`), `network_service` |
//! | `SAAS_SECURITY` | `casb_app` |
//! | `SHADOW_IT` | `apps` (app rows), `shadow_it_summary` (totals and `group_by_*` blocks) |
//! | `IOT` | `device_stats` (no time window) |
//!
//! Every report except `IOT.device_stats` needs `start_time` and `end_time`
//! (epoch milliseconds, `Long`), with `start_time < end_time`;
//! `WEB_TRAFFIC` reports also need `traffic_unit` (`TRANSACTIONS` or
//! `BYTES`). `entries(limit:, filter_by: {name: {eq|ne|in|nin}})` caps and
//! filters the rows. Totals are deterministic and scale with the window.
//!
//! Errors follow the GraphQL convention: HTTP 200 with `{"data": null,
//! "errors": [{"message", "extensions": {"classification"}}]}` for syntax,
//! validation (unknown field, missing argument or variable) and argument
//! errors; a body that is not a JSON object with a `query` string is a 400
//! with the same `errors` shape, and methods other than POST are 405.

mod query;

use crate::util::{Req, Resp};
use axum::http::Method;
use query::{Field, ReadError};
use serde_json::{json, Map, Value};

const DAY_MS: i64 = 86_400_000;

pub(crate) struct ZinsState;

impl ZinsState {
    pub(crate) fn seeded() -> ZinsState {
        ZinsState
    }
}

fn gql_errors(messages: Vec<String>, classification: &str) -> Value {
    json!({
        "data": Value::Null,
        "errors": messages
            .into_iter()
            .map(|m| json!({"message": m, "locations": [], "extensions": {"classification": classification}}))
            .collect::<Vec<_>>(),
    })
}

pub(crate) fn handle(_st: &ZinsState, req: &Req) -> Resp {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    if segs != ["zins", "graphql"] {
        return Resp::json(
            404,
            json!({"code": "RESOURCE_NOT_FOUND", "message": format!("No API resource at /{}", segs.join("/"))}),
        );
    }
    if req.method != Method::POST {
        return Resp::json(
            405,
            json!({"code": "METHOD_NOT_ALLOWED", "message": format!("Request method '{}' is not supported", req.method)}),
        );
    }
    let Some(body) = req.json_object() else {
        return Resp::json(
            400,
            gql_errors(
                vec!["The request body must be a JSON object with a 'query' string".into()],
                "InvalidSyntax",
            ),
        );
    };
    let Some(query) = body.get("query").and_then(Value::as_str) else {
        return Resp::json(
            400,
            gql_errors(
                vec!["Missing 'query' in the request body".into()],
                "InvalidSyntax",
            ),
        );
    };
    let vars = match body.get("variables") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => {
            return Resp::ok(gql_errors(
                vec!["'variables' must be a JSON object".into()],
                "ValidationError",
            ))
        }
    };
    Resp::ok(execute(query, &vars))
}

/// Run one query document; always a GraphQL response body.
pub(crate) fn execute(text: &str, vars: &Map<String, Value>) -> Value {
    let sel = match query::read(text, vars) {
        Ok(sel) => sel,
        Err(ReadError::Syntax(e)) => return gql_errors(vec![e], "InvalidSyntax"),
        Err(ReadError::Missing(m)) => return gql_errors(m, "ValidationError"),
    };
    let mut data = Map::new();
    let mut errors = Vec::new();
    for domain in &sel {
        if domain.name == "__typename" {
            data.insert(domain.key().to_string(), json!("Query"));
            continue;
        }
        let type_name = match domain.name.as_str() {
            "WEB_TRAFFIC" => "WebReportDataQuery",
            "CYBER_SECURITY" => "CyberSecurityReportDataQuery",
            "ZERO_TRUST_FIREWALL" => "FirewallReportDataQuery",
            "SAAS_SECURITY" => "CasbReportDataQuery",
            "SHADOW_IT" => "ShadowITReportDataQuery",
            "IOT" => "IotDataQuery",
            other => {
                errors.push(format!(
                    "Validation error (FieldUndefined@[{other}]) : Field '{other}' in type 'Query' is undefined"
                ));
                continue;
            }
        };
        if domain.sel.is_empty() {
            errors.push(format!(
                "Validation error (SubselectionRequired@[{}]) : Subselection required for type '{type_name}'",
                domain.name
            ));
            continue;
        }
        let mut out = Map::new();
        for report in &domain.sel {
            if report.name == "__typename" {
                out.insert(report.key().to_string(), json!(type_name));
                continue;
            }
            match build_report(&domain.name, report) {
                Ok(Some(v)) => {
                    out.insert(report.key().to_string(), project(&v, &report.sel));
                }
                Ok(None) => errors.push(format!(
                    "Validation error (FieldUndefined@[{}/{}]) : Field '{}' in type '{type_name}' is undefined",
                    domain.name, report.name, report.name
                )),
                Err(e) => errors.push(format!("{} ({}/{})", e, domain.name, report.name)),
            }
        }
        data.insert(domain.key().to_string(), Value::Object(out));
    }
    if errors.is_empty() {
        json!({ "data": data })
    } else {
        gql_errors(errors, "ValidationError")
    }
}

/// Keep only the selected fields (all of them for a leaf selection).
fn project(v: &Value, sel: &[Field]) -> Value {
    if sel.is_empty() {
        return v.clone();
    }
    match v {
        Value::Array(items) => Value::Array(items.iter().map(|i| project(i, sel)).collect()),
        Value::Object(m) => {
            let mut out = Map::new();
            for f in sel {
                let val = if f.name == "__typename" {
                    json!("Entry")
                } else {
                    m.get(&f.name)
                        .map(|x| project(x, &f.sel))
                        .unwrap_or(Value::Null)
                };
                out.insert(f.key().to_string(), val);
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

// ---------------------------------------------------------------- arguments

struct Window {
    start: i64,
    end: i64,
}

impl Window {
    fn days(&self) -> i64 {
        ((self.end - self.start) / DAY_MS).clamp(1, 90)
    }
}

fn long_arg(f: &Field, name: &str) -> Result<i64, String> {
    match f.args.get(name) {
        None | Some(Value::Null) => Err(format!(
            "Validation error (MissingFieldArgument) : Missing field argument '{name}'"
        )),
        Some(v) => v
            .as_i64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
            .ok_or_else(|| {
                format!("Argument '{name}' has an invalid value: expected type 'Long' (epoch milliseconds)")
            }),
    }
}

fn window(f: &Field) -> Result<Window, String> {
    let start = long_arg(f, "start_time")?;
    let end = long_arg(f, "end_time")?;
    if start < 0 || end < 0 {
        return Err("start_time and end_time must be non-negative epoch milliseconds".into());
    }
    if end <= start {
        return Err("end_time must be after start_time".into());
    }
    Ok(Window { start, end })
}

fn enum_arg<'a>(
    f: &'a Field,
    name: &str,
    allowed: &[&str],
    required: bool,
) -> Result<Option<&'a str>, String> {
    match f.args.get(name) {
        None | Some(Value::Null) if required => Err(format!(
            "Validation error (MissingFieldArgument) : Missing field argument '{name}'"
        )),
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(s.as_str())),
        Some(v) => Err(format!(
            "Argument '{name}' has an invalid value {v}: expected one of {}",
            allowed.join(", ")
        )),
    }
}

/// `limit` and `filter_by` of the `entries` sub-selection, applied to
/// `rows` (sorted by total, descending).
fn apply_entries(report: &Field, mut rows: Vec<Value>) -> Result<Vec<Value>, String> {
    rows.sort_by(|a, b| {
        b["total"]
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&a["total"].as_f64().unwrap_or(0.0))
    });
    let Some(entries) = report.child("entries") else {
        return Ok(rows);
    };
    limit_and_filter(entries, rows)
}

fn limit_and_filter(entries: &Field, rows: Vec<Value>) -> Result<Vec<Value>, String> {
    let mut rows = rows;
    if let Some(Value::Object(filter)) = entries.args.get("filter_by") {
        for (field, cond) in filter {
            let Value::Object(cond) = cond else { continue };
            rows.retain(|r| {
                let val = match &r[field.as_str()] {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                cond.iter().all(|(op, arg)| {
                    let list: Vec<String> = match arg {
                        Value::Array(a) => a.iter().map(value_text).collect(),
                        other => vec![value_text(other)],
                    };
                    match op.as_str() {
                        "eq" => list.first().is_some_and(|x| *x == val),
                        "ne" => list.first().is_none_or(|x| *x != val),
                        "in" => list.contains(&val),
                        "nin" => !list.contains(&val),
                        _ => true,
                    }
                })
            });
        }
    }
    match entries.args.get("limit") {
        None | Some(Value::Null) => Ok(rows),
        Some(v) => match v.as_i64() {
            Some(n) if n >= 0 => Ok(rows.into_iter().take(n as usize).collect()),
            _ => Err("Argument 'limit' has an invalid value: expected a non-negative Int".into()),
        },
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------- reports

/// Deterministic spread of a base total.
fn vary(base: i64, salt: usize) -> i64 {
    let k = (salt as i64 * 37 + 11) % 23;
    base + base * k / 40
}

fn rows_named(names: &[&str], base: i64, w: &Window, scale: i64) -> Vec<Value> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let total = vary(base / (i as i64 + 1), i) * w.days() * scale;
            json!({"name": n, "total": total})
        })
        .collect()
}

/// `names` with consecutive ids from `first`.
fn numbered<'a>(names: &[&'a str], first: i64) -> Vec<(i64, &'a str)> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| (first + i as i64, *n))
        .collect()
}

fn rows_with_id(items: &[(i64, &str)], base: i64, w: &Window) -> Vec<Value> {
    items
        .iter()
        .enumerate()
        .map(|(i, (id, n))| {
            json!({"id": id, "name": n, "total": vary(base / (i as i64 + 1), i) * w.days()})
        })
        .collect()
}

const LOCATIONS: [(i64, &str); 5] = [
    (24_326_801, "HQ - San Jose"),
    (24_326_802, "Branch - New York"),
    (24_326_803, "Branch - London"),
    (24_326_804, "Road Warrior"),
    (24_326_805, "Data Center - Frankfurt"),
];
const APPS: [&str; 6] = [
    "Microsoft 365",
    "Google Workspace",
    "Salesforce",
    "Dropbox",
    "Box",
    "Slack",
];
const USERS: [&str; 4] = [
    "alice.bowers@sandbox.example.com",
    "brenda.chapman@sandbox.example.com",
    "carlos.clifford@sandbox.example.com",
    "daniel.evans@sandbox.example.com",
];
const THREATS: [&str; 5] = [
    "Malware",
    "Phishing",
    "Botnet Callback",
    "Cryptomining",
    "Suspicious Content",
];
const COUNTRIES: [&str; 4] = ["United States", "China", "Russia", "Netherlands"];
const DEPARTMENTS: [(i64, &str); 3] = [(101, "Engineering"), (102, "Sales"), (103, "Finance")];

/// One report's full value; Ok(None) for an unknown field.
fn build_report(domain: &str, f: &Field) -> Result<Option<Value>, String> {
    let v = match (domain, f.name.as_str()) {
        ("WEB_TRAFFIC", name) => match web_traffic(f, name)? {
            Some(v) => v,
            None => return Ok(None),
        },
        ("CYBER_SECURITY", "incidents") => incidents(f)?,
        ("CYBER_SECURITY", "cyber_security_location") => cyber_security_location(f)?,
        ("ZERO_TRUST_FIREWALL", "action") => {
            let w = window(f)?;
            let rows = rows_named(
                &["ALLOW", "BLOCK_DROP", "BLOCK_RESET", "BLOCK_ICMP"],
                120_000,
                &w,
                1,
            );
            json!({"obfuscated": false, "entries": apply_entries(f, rows)?})
        }
        ("ZERO_TRUST_FIREWALL", "location_firewall") => {
            let w = window(f)?;
            json!({"obfuscated": false, "entries": apply_entries(f, rows_with_id(&LOCATIONS, 60_000, &w))?})
        }
        ("ZERO_TRUST_FIREWALL", "network_service") => {
            let w = window(f)?;
            let rows = rows_named(
                &["HTTPS", "DNS", "NTP", "SSH", "RDP", "SMB", "ICMP_ANY"],
                80_000,
                &w,
                1,
            );
            json!({"obfuscated": false, "entries": apply_entries(f, rows)?})
        }
        ("SAAS_SECURITY", "casb_app") => {
            let w = window(f)?;
            json!({"obfuscated": false, "entries": apply_entries(f, rows_named(&APPS, 40_000, &w, 1))?})
        }
        ("SHADOW_IT", "apps") => {
            let w = window(f)?;
            let rows = shadow_apps(&w);
            let rows = match f.child("entries") {
                Some(e) => limit_and_filter(e, rows)?,
                None => rows,
            };
            json!({"entries": rows})
        }
        ("SHADOW_IT", "shadow_it_summary") => {
            let w = window(f)?;
            shadow_summary(&w)
        }
        ("IOT", "device_stats") => iot_device_stats(f)?,
        _ => return Ok(None),
    };
    Ok(Some(v))
}

/// A `WEB_TRAFFIC` report (None for an unknown report field).
fn web_traffic(f: &Field, name: &str) -> Result<Option<Value>, String> {
    let rows_for = |w: &Window, scale: i64| -> Option<Vec<Value>> {
        Some(match name {
            "location" => LOCATIONS
                .iter()
                .enumerate()
                .map(|(i, (_, n))| json!({"name": n, "total": vary(90_000 / (i as i64 + 1), i) * w.days() * scale}))
                .collect(),
            "no_grouping" => rows_named(&["Total"], 250_000, w, scale),
            "protocols" => rows_named(&["HTTPS", "HTTP", "SSL", "DNS_OVER_HTTPS", "FTP", "TUNNEL"], 180_000, w, scale),
            "threat_super_categories" => rows_named(&["Malware", "Phishing", "Botnet", "Suspicious Content", "Spyware/Adware"], 900, w, scale),
            "threat_class" => rows_named(&["ADVANCED", "BEHAVIORAL_ANALYSIS", "VIRUS_SPYWARE", "CONTENT_SECURITY", "ADVANCED_SECURITY"], 700, w, scale),
            _ => return None,
        })
    };
    if !matches!(
        name,
        "location" | "no_grouping" | "protocols" | "threat_super_categories" | "threat_class"
    ) {
        return Ok(None);
    }
    let w = window(f)?;
    let unit = enum_arg(f, "traffic_unit", &["TRANSACTIONS", "BYTES"], true)?;
    let scale = if unit == Some("BYTES") { 48_000 } else { 1 };
    enum_arg(
        f,
        "trend_interval",
        &["DAY", "HOUR", "DAILY", "HOURLY"],
        false,
    )?;
    if name == "no_grouping" {
        enum_arg(
            f,
            "action_filter",
            &["ALLOW", "BLOCK", "CAUTION", "ISOLATE"],
            false,
        )?;
    }
    let mut rows = rows_for(&w, scale).unwrap_or_default();
    let include_trend = f.args.get("include_trend").and_then(Value::as_bool) == Some(true);
    if matches!(name, "location" | "no_grouping") {
        let interval = f
            .args
            .get("trend_interval")
            .and_then(Value::as_str)
            .unwrap_or("DAY");
        let step = if interval.starts_with("HOUR") {
            DAY_MS / 24
        } else {
            DAY_MS
        };
        let n = ((w.end - w.start) / step).clamp(1, 48);
        for r in rows.iter_mut() {
            let total = r["total"].as_i64().unwrap_or(0);
            let trend = if include_trend {
                let values: Vec<i64> = (0..n).map(|i| vary(total / n, i as usize)).collect();
                json!({
                    "trend_start_time": w.start,
                    "trend_interval": interval,
                    "trend_values": values,
                })
            } else {
                Value::Null
            };
            if let Some(o) = r.as_object_mut() {
                o.insert("trend".into(), trend);
            }
        }
    }
    Ok(Some(
        json!({"obfuscated": false, "entries": apply_entries(f, rows)?}),
    ))
}

/// `CYBER_SECURITY.incidents`: nested entries, one level per grouping.
fn incidents(f: &Field) -> Result<Value, String> {
    let w = window(f)?;
    let dims =
        match f.args.get("categorize_by") {
            Some(Value::Array(a)) if !a.is_empty() => a.clone(),
            Some(Value::String(s)) => vec![Value::String(s.clone())],
            _ => return Err(
                "Validation error (MissingFieldArgument) : Missing field argument 'categorize_by'"
                    .into(),
            ),
        };
    let mut names = Vec::new();
    for d in &dims {
        names.push(dimension(d.as_str().unwrap_or(""), &w)?);
    }
    let top = &names[0];
    let nested_field = f.child("entries").and_then(|e| e.child("entries"));
    let mut rows = Vec::new();
    for (i, n) in top.iter().enumerate() {
        let total = vary(1_200 / (i as i64 + 1), i) * w.days();
        let mut row = json!({"name": n, "total": total});
        let sub: Vec<Value> = match names.get(1) {
            Some(second) => second
                .iter()
                .enumerate()
                .map(|(j, m)| json!({"name": m, "total": (total / (j as i64 + 2)).max(1)}))
                .collect(),
            None => Vec::new(),
        };
        let sub = match nested_field {
            Some(nf) => limit_and_filter(nf, sub)?,
            None => sub,
        };
        if let Some(o) = row.as_object_mut() {
            o.insert("entries".into(), Value::Array(sub));
        }
        rows.push(row);
    }
    let time_first = dims[0].as_str() == Some("TIME");
    let rows = if time_first {
        // Daily series stay in time order.
        match f.child("entries") {
            Some(e) => limit_and_filter(e, rows)?,
            None => rows,
        }
    } else {
        apply_entries(f, rows)?
    };
    Ok(json!({"obfuscated": false, "entries": rows}))
}

/// `CYBER_SECURITY.cyber_security_location`: rows with ids, by the chosen grouping.
fn cyber_security_location(f: &Field) -> Result<Value, String> {
    let w = window(f)?;
    let by = enum_arg(
        f,
        "categorize_by",
        &["LOCATION_ID", "APP_ID", "USER_ID", "DEPARTMENT_ID"],
        true,
    )?;
    let rows = match by {
        Some("APP_ID") => rows_with_id(&numbered(&APPS, 600), 800, &w),
        Some("USER_ID") => rows_with_id(&numbered(&USERS, 47_181_001), 400, &w),
        Some("DEPARTMENT_ID") => rows_with_id(&DEPARTMENTS, 600, &w),
        _ => rows_with_id(&LOCATIONS, 1_000, &w),
    };
    Ok(json!({"obfuscated": false, "entries": apply_entries(f, rows)?}))
}

/// `IOT.device_stats` (no time window).
fn iot_device_stats(f: &Field) -> Result<Value, String> {
    let rows = vec![
        json!({"classifications": "IP Camera", "classification_uuid": "0e7f3a52-4c1b-4d8e-9a11-2b3c4d5e6f70", "category": "Camera", "total": 84}),
        json!({"classifications": "Network Printer", "classification_uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "category": "Printer", "total": 57}),
        json!({"classifications": "VoIP Phone", "classification_uuid": "2b3c4d5e-6f70-4b8c-9d0e-1f2a3b4c5d6e", "category": "Phone", "total": 131}),
        json!({"classifications": "Smart TV", "classification_uuid": "3c4d5e6f-7081-4c9d-0e1f-2a3b4c5d6e7f", "category": "Media", "total": 19}),
        json!({"classifications": "Badge Reader", "classification_uuid": "4d5e6f70-8192-4d0e-1f2a-3b4c5d6e7f80", "category": "Access Control", "total": 23}),
    ];
    let rows = apply_entries(f, rows)?;
    Ok(json!({
        "devices_count": 2_914,
        "user_devices_count": 2_340,
        "iot_devices_count": 314,
        "server_devices_count": 198,
        "un_classified_devices_count": 62,
        "entries": rows,
    }))
}

/// Row names for one `IncidentsGroupBy` value.
fn dimension(d: &str, w: &Window) -> Result<Vec<String>, String> {
    Ok(match d {
        "THREAT_CATEGORY_ID" => THREATS.iter().map(|s| s.to_string()).collect(),
        "APP_ID" => APPS.iter().map(|s| s.to_string()).collect(),
        "USER_ID" => USERS.iter().map(|s| s.to_string()).collect(),
        "SRC_COUNTRY" => COUNTRIES.iter().map(|s| s.to_string()).collect(),
        "TIME" => {
            let first = w.start - w.start.rem_euclid(DAY_MS);
            (0..)
                .map(|i| first + i * DAY_MS)
                .take_while(|t| *t < w.end)
                .take(90)
                .map(|t| t.to_string())
                .collect()
        }
        other => {
            return Err(format!(
                "Argument 'categorize_by' has an invalid value '{other}': expected THREAT_CATEGORY_ID, APP_ID, USER_ID, TIME or SRC_COUNTRY"
            ))
        }
    })
}

fn shadow_apps(w: &Window) -> Vec<Value> {
    // (app, category, risk, sanctioned, users)
    let specs: [(&str, &str, i64, &str, i64); 5] = [
        ("Dropbox", "File Sharing", 3, "Unsanctioned", 42),
        ("WeTransfer", "File Sharing", 4, "Unsanctioned", 17),
        ("ChatGPT", "Generative AI", 3, "Sanctioned", 88),
        ("Trello", "Collaboration", 2, "Sanctioned", 35),
        ("Mega", "File Sharing", 5, "Unsanctioned", 4),
    ];
    specs
        .iter()
        .enumerate()
        .map(|(i, (app, cat, risk, state, users))| {
            let up = vary(2_000_000_000 / (i as i64 + 1), i) * w.days();
            let down = up * 3;
            json!({
                "application": app,
                "application_category": cat,
                "risk_index": risk,
                "computed_risk_index": risk,
                "custom_risk_index": Value::Null,
                "sanctioned_state": state,
                "integration": (i as i64 + 1) * 2,
                "data_uploaded": up,
                "data_downloaded": down,
                "data_consumed": up + down,
                "authenticated_users": users,
                "unAuthenticated_location_count": i as i64 % 3,
                "last_access_time": w.end - (i as i64 + 1) * 3_600_000,
                "vulnerability": if *risk >= 4 { "Known CVEs" } else { "None" },
                "undiscovered": false,
            })
        })
        .collect()
}

fn shadow_summary(w: &Window) -> Value {
    let apps = shadow_apps(w);
    let sum = |k: &str| apps.iter().map(|a| a[k].as_i64().unwrap_or(0)).sum::<i64>();
    let up = sum("data_uploaded");
    let down = sum("data_downloaded");
    let cats = ["File Sharing", "Generative AI", "Collaboration"];
    let by_cat = |f: &dyn Fn(&Value) -> i64| {
        let entries: Vec<Value> = cats
            .iter()
            .map(|c| {
                let members: Vec<&Value> = apps
                    .iter()
                    .filter(|a| a["application_category"] == *c)
                    .collect();
                json!({
                    "name": c,
                    "total": members.iter().map(|a| f(a)).sum::<i64>(),
                    "entries": members
                        .iter()
                        .map(|a| json!({"name": a["application"], "total": f(a)}))
                        .collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({"obfuscated": false, "entries": entries})
    };
    let flat = |pairs: &[(&str, i64)]| json!({"obfuscated": false, "entries": pairs.iter().map(|(n, t)| json!({"name": n, "total": t})).collect::<Vec<_>>()});
    json!({
        "total_upload_bytes": up,
        "total_download_bytes": down,
        "total_bytes": up + down,
        "total_apps": apps.len(),
        "group_by_app_cat_for_app": by_cat(&|_| 1),
        "group_by_app_cat_for_user_count": by_cat(&|a| a["authenticated_users"].as_i64().unwrap_or(0)),
        "group_by_app_cat_for_upload_bytes": by_cat(&|a| a["data_uploaded"].as_i64().unwrap_or(0)),
        "group_by_app_cat_for_download_bytes": by_cat(&|a| a["data_downloaded"].as_i64().unwrap_or(0)),
        "group_by_app_cat_for_total_bytes": by_cat(&|a| a["data_consumed"].as_i64().unwrap_or(0)),
        "group_by_risk_index_for_app": flat(&[("2", 1), ("3", 2), ("4", 1), ("5", 1)]),
        "group_by_provisioning_status_for_app": flat(&[("Sanctioned", 2), ("Unsanctioned", 3)]),
        "group_by_access_for_app": flat(&[("Allowed", 4), ("Blocked", 1)]),
    })
}

/// Z-Insights behind the simulator's product trait.
pub(crate) type Zins = crate::util::Locked<ZinsState>;

impl crate::util::LockedState for ZinsState {
    const SEGMENT: &'static str = "zins";
    fn answer(&mut self, req: &Req) -> Resp {
        handle(self, req)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(q: &str, vars: Value) -> Value {
        let vars = vars.as_object().cloned().unwrap_or_default();
        execute(q, &vars)
    }

    #[test]
    fn dispatch_and_project() {
        let v = run(
            "query X($s: Long!, $e: Long!) { WEB_TRAFFIC { p: protocols(start_time: $s, end_time: $e, traffic_unit: BYTES) { entries(limit: 2) { name } } } }",
            json!({"s": 1_700_000_000_000i64, "e": 1_700_604_800_000i64}),
        );
        let e = v["data"]["WEB_TRAFFIC"]["p"]["entries"].as_array().unwrap();
        assert_eq!(e.len(), 2);
        assert!(e[0].get("total").is_none());
        assert!(v.get("errors").is_none());
    }

    #[test]
    fn errors() {
        let v = run("{ NOPE { x } }", json!({}));
        assert!(v["data"].is_null());
        assert!(v["errors"][0]["message"].as_str().unwrap().contains("NOPE"));
        let v = run(
            "query Q($s: Long!) { IOT { device_stats { devices_count } } }",
            json!({}),
        );
        assert!(v["errors"][0]["message"].as_str().unwrap().contains("'s'"));
        let v = run(
            "{ SAAS_SECURITY { casb_app(start_time: 5, end_time: 1) { entries { name } } } }",
            json!({}),
        );
        assert!(v["errors"].is_array());
        let v = run("{ IOT { device_stats { devices_count ", json!({}));
        assert!(v["errors"].is_array());
    }
}
