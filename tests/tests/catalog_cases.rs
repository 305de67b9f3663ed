//! Table-driven catalog test. Every case in `tests/catalog_cases/*.json` calls one tool with
//! valid arguments against a fresh simulator and asserts the exact API requests the simulator
//! received and the shape of the result. Every tool also gets a wrong-type case per
//! parameter, generated from its schema, which must fail before any API call.
//!
//! Case format (one JSON array per file):
//! ```json
//! {"tool": "zia_get_rule_label",
//!  "args": {"label_id": "$id:/zia/api/v1/ruleLabels"},
//!  "requests": [{"method": "GET", "path": "/zia/api/v1/ruleLabels/{id}", "query": []}],
//!  "result": "object",
//!  "result_includes": {"id": "{id}"}}
//! ```
//! - `$id:<list path>` (or `$id:<list path>#N` for the N-th item, 0-based) in `args` is
//!   replaced by that item's `id`, read from the simulator before the call; `{id}` in the
//!   expectations stands for the same value (as a string in paths, typed in bodies).
//! - each request: `method`, `path` (a `{*}` segment matches any one segment), `query`
//!   (pairs, order ignored; required), and optionally
//!   `body` (exact JSON) or `body_includes` (every given field present with that value).
//! - `result`: "array" | "object" | "string" | "number" | "any"; `result_includes` checks
//!   fields of an object result; `min_items` the length of an array result.
//! - `error`: instead of `result`, a substring the tool error must contain.
//! - destructive tools are confirmed the way a human would: the first call must write
//!   nothing and return a token; the expectations are for the confirmed retry.

use std::collections::HashMap;

use integration_tests::*;
use serde_json::{json, Map, Value};

#[derive(Debug)]
struct Case {
    file: String,
    raw: Value,
}

fn load_cases() -> Vec<Case> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/catalog_cases");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let parsed: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", f.display()));
        for raw in parsed.as_array().expect("a JSON array of cases") {
            cases.push(Case {
                file: f.file_name().unwrap().to_string_lossy().into_owned(),
                raw: raw.clone(),
            });
        }
    }
    cases
}

async fn sim_token(sim: &RunningSim) -> String {
    let d = SimConfig::default();
    let resp: Value = reqwest::Client::new()
        .post(sim.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", d.client_id.as_str()),
            ("client_secret", d.client_secret.as_str()),
            ("audience", "https://api.zscaler.com"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    resp["access_token"].as_str().unwrap().to_string()
}

/// The id of the N-th item of a list endpoint, whatever its envelope.
async fn resolve_id(sim: &RunningSim, token: &str, spec: &str) -> Result<Value, String> {
    let (path, index) = match spec.split_once('#') {
        Some((p, n)) => (p, n.parse::<usize>().unwrap()),
        None => (spec, 0),
    };
    let path = path.replace("{customerId}", &SimConfig::default().customer_id);
    let body: Value = reqwest::Client::new()
        .get(format!("{}{}", sim.base_url(), path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap_or(Value::Null);
    let items = match &body {
        Value::Array(a) => a.clone(),
        Value::Object(m) => [
            "list",
            "records",
            "devices",
            "users",
            "alerts",
            "trustedNetworkContracts",
        ]
        .iter()
        .find_map(|k| m.get(*k).and_then(Value::as_array).cloned())
        .unwrap_or_default(),
        _ => Vec::new(),
    };
    items
        .get(index)
        .and_then(|i| i.get("id"))
        .cloned()
        .ok_or_else(|| format!("no item {index} with an id at {path}: {body}"))
}

fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Replace `{id}` / `{id1}`... in expectation strings; a string that is exactly `"{id}"`
/// becomes the id with its JSON type.
fn substitute(v: &Value, ids: &HashMap<String, Value>) -> Value {
    match v {
        Value::String(s) => {
            for (k, id) in ids {
                if s == &format!("{{{k}}}") {
                    return id.clone();
                }
            }
            let mut out = s.clone();
            for (k, id) in ids {
                out = out.replace(&format!("{{{k}}}"), &id_text(id));
            }
            Value::String(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute(x, ids)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), substitute(x, ids)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn includes(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .all(|(k, ev)| a.get(k).is_some_and(|av| includes(av, ev))),
        (a, e) => a == e,
    }
}

fn sorted_pairs(v: &Value) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = v
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        p[0].as_str().unwrap_or_default().to_string(),
                        match &p[1] {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        },
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    pairs.sort();
    pairs
}

/// Exact match, except that a `{*}` segment matches any one segment (ids the server
/// resolved itself, such as a ZPA policy set id).
fn path_matches(want: &str, got: &str) -> bool {
    let w: Vec<&str> = want.split('/').collect();
    let g: Vec<&str> = got.split('/').collect();
    w.len() == g.len() && w.iter().zip(&g).all(|(a, b)| *a == "{*}" || a == b)
}

async fn run_case(case: &Case) -> Result<(), String> {
    let c = &case.raw;
    let tool = c["tool"].as_str().ok_or("case without a tool")?;
    let sim = start_sim().await;
    let token = sim_token(&sim).await;

    let mut ids = HashMap::new();
    let mut args = c.get("args").cloned().unwrap_or(json!({}));
    if let Value::Object(m) = &mut args {
        let mut n = 0;
        for v in m.values_mut() {
            if let Some(spec) = v.as_str().and_then(|s| s.strip_prefix("$id:")) {
                let id = resolve_id(&sim, &token, spec).await?;
                let key = if n == 0 {
                    "id".to_string()
                } else {
                    format!("id{n}")
                };
                ids.insert(key, id.clone());
                *v = id;
                n += 1;
            }
        }
    }
    sim.clear_requests();

    let mut vars = sim_vars(&sim);
    vars.set("ZSCALER_MCP_WRITE_ENABLED", "true");
    vars.set("ZSCALER_MCP_WRITE_TOOLS", "*");
    vars.set("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER", "true");
    vars.set(
        "ZSCALER_MCP_REQUEST_STATE_KEYS",
        "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=",
    );
    let svc = service_with(&vars);
    let mut r = send_json(&svc, post(), &tool_call_body(1, tool, args.clone())).await;
    if r.body.get("error").is_some() {
        return Err(format!("protocol error: {}", r.raw));
    }
    // Destructive tools ask first: nothing may be written then; confirm like a human would.
    let first = r.body["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or("")
        .to_string();
    if first.contains("CONFIRMATION REQUIRED") {
        let writes: Vec<String> = api_calls(&sim)
            .into_iter()
            .filter(|c| !c.starts_with("GET"))
            .collect();
        if !writes.is_empty() {
            return Err(format!("the unconfirmed call wrote: {writes:?}"));
        }
        let start = first.find("zc1.").ok_or("no confirmation token")?;
        let token = first[start..]
            .split('"')
            .next()
            .unwrap_or_default()
            .to_string();
        let mut confirmed = args.clone();
        confirmed["confirmation_token"] = Value::String(token);
        sim.clear_requests();
        r = send_json(&svc, post(), &tool_call_body(2, tool, confirmed)).await;
    }
    let is_error = r.body["result"]["isError"] == true;
    let text = tool_text(&r);

    let seen: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|q| !q.path.starts_with("/oauth2"))
        .collect();
    let expected = substitute(&c["requests"], &ids);
    let expected = expected.as_array().ok_or("`requests` must be an array")?;
    if seen.len() != expected.len() {
        return Err(format!(
            "expected {} API requests, saw {}: {:?}\nresult: {text}",
            expected.len(),
            seen.len(),
            seen.iter()
                .map(|q| format!(
                    "{} {}?{}",
                    q.method,
                    q.path,
                    q.raw_query.clone().unwrap_or_default()
                ))
                .collect::<Vec<_>>()
        ));
    }
    for (i, (got, want)) in seen.iter().zip(expected).enumerate() {
        let ctx = format!("request {i} ({} {})", got.method, got.path);
        if want["method"] != got.method.as_str() {
            return Err(format!("{ctx}: method, expected {}", want["method"]));
        }
        let want_path = want["path"]
            .as_str()
            .unwrap_or_default()
            .replace("{customerId}", &SimConfig::default().customer_id);
        if !path_matches(&want_path, &got.path) {
            return Err(format!("{ctx}: path, expected {want_path}"));
        }
        let want_q = sorted_pairs(want.get("query").ok_or(format!("{ctx}: `query` missing"))?);
        let mut got_q = got.query.clone();
        got_q.sort();
        if want_q != got_q {
            return Err(format!("{ctx}: query {got_q:?}, expected {want_q:?}"));
        }
        let body = got.body.clone().unwrap_or(Value::Null);
        if let Some(b) = want.get("body") {
            if &body != b {
                return Err(format!("{ctx}: body {body}, expected {b}"));
            }
        }
        if let Some(b) = want.get("body_includes") {
            if !includes(&body, b) {
                return Err(format!("{ctx}: body {body} does not include {b}"));
            }
        }
    }

    if let Some(needle) = c.get("error").and_then(Value::as_str) {
        if !is_error || !text.contains(needle) {
            return Err(format!(
                "expected a tool error containing {needle:?}, got: {text}"
            ));
        }
        return Ok(());
    }
    if is_error {
        return Err(format!("tool error: {text}"));
    }
    let value = tool_json(&r);
    let shape_ok = match c["result"].as_str().unwrap_or("any") {
        "array" => value.is_array(),
        "object" => value.is_object(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "any" => true,
        other => return Err(format!("unknown result shape {other}")),
    };
    if !shape_ok {
        return Err(format!("result is not {}: {value}", c["result"]));
    }
    if let Some(inc) = c.get("result_includes") {
        let inc = substitute(inc, &ids);
        if !includes(&value, &inc) {
            return Err(format!("result {value} does not include {inc}"));
        }
    }
    if let Some(n) = c.get("min_items").and_then(Value::as_u64) {
        let len = value.as_array().map_or(0, Vec::len) as u64;
        if len < n {
            return Err(format!("result has {len} items, expected at least {n}"));
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_case_hits_the_expected_endpoint() {
    let filter = std::env::var("CATALOG_CASE_FILTER").unwrap_or_default();
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in load_cases() {
        let tool = case.raw["tool"].as_str().unwrap_or("?").to_string();
        if !tool.contains(&filter) && !case.file.contains(&filter) {
            continue;
        }
        ran += 1;
        if let Err(e) = run_case(&case).await {
            failures.push(format!("{} / {tool}: {e}", case.file));
        }
    }
    assert!(ran > 0 || !filter.is_empty(), "no catalog cases found");
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_tool_has_a_case() {
    let covered: std::collections::HashSet<String> = load_cases()
        .iter()
        .filter_map(|c| c.raw["tool"].as_str().map(str::to_string))
        .collect();
    let missing: Vec<&str> = zscaler_mcp::catalog::all_tools()
        .map(|s| s.name)
        .filter(|n| !covered.contains(*n))
        .collect();
    assert!(
        missing.is_empty(),
        "tools without a catalog case: {missing:?}"
    );
}

/// A value of the wrong JSON type for a schema type.
fn wrong_value(schema: &Value) -> Value {
    match schema["type"].as_str() {
        Some("integer") | Some("number") => json!("not-a-number"),
        Some("boolean") => json!("yes"),
        Some("array") => json!({"not": "an array"}),
        Some("object") => json!(["not", "an", "object"]),
        _ => json!(12345),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_parameter_rejects_the_wrong_type_before_any_call() {
    let sim = start_sim().await;
    let svc = all_tools_service(&sim);
    let mut checked = 0;
    let mut failures = Vec::new();
    for spec in zscaler_mcp::catalog::all_tools() {
        let schema = Value::Object(zscaler_mcp::catalog::input_schema(spec));
        let props = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for (name, prop) in &props {
            let mut args = Map::new();
            args.insert(name.clone(), wrong_value(prop));
            let r = send_json(
                &svc,
                post(),
                &tool_call_body(1, spec.name, Value::Object(args)),
            )
            .await;
            checked += 1;
            let ok = r.body["result"]["isError"] == true
                && r.body["result"]["content"][0]["text"]
                    .as_str()
                    .is_some_and(|t| t.contains(&format!("'{name}'")));
            if !ok {
                failures.push(format!("{}.{name}: {}", spec.name, r.raw));
            }
        }
    }
    assert!(checked > 50);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        api_calls(&sim).is_empty(),
        "no wrong-typed call reached the API: {:?}",
        api_calls(&sim)
    );
}
