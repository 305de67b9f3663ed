//! Table-driven catalog test. Every case in `tests/catalog_cases/*.json` calls one tool with
//! valid arguments against a fresh simulator and asserts the exact API requests the simulator
//! received and the result the tool returned. Every tool also gets a wrong-type case per
//! parameter, generated from its schema, which must fail before any API call.
//!
//! This file runs its own harness (libtest-mimic, `harness = false`): each case is one test
//! named `<file>::<tool>` (`<file>::<tool>::2` for a second case of the same tool), so
//! `cargo test -p integration-tests --test catalog_cases -- zpa::zpa_get_server_group`
//! runs one case and a failure names its case.
//!
//! Case format (one JSON array per file):
//! ```json
//! {"tool": "zia_get_rule_label",
//!  "args": {"label_id": "$id:/zia/api/v1/ruleLabels"},
//!  "requests": [{"method": "GET", "path": "/zia/api/v1/ruleLabels/{id}", "query": []}],
//!  "result": "object",
//!  "result_is": {"id": "{id}", "name": "Audit"}}
//! ```
//! - `$id:<list path>` (or `$id:<list path>#N` for the N-th item, 0-based) in `args` is
//!   replaced by that item's `id`, read from the simulator before the call; `{id}` in the
//!   expectations stands for the same value (as a string in paths, typed in bodies).
//! - each request: `method`, `path` (`{customerId}` / `{zcellCustomerId}` stand for the
//!   sandbox tenants; a `{*}` segment matches any one segment), `query`
//!   (pairs, order ignored; required), and optionally
//!   `body` (exact JSON; the markers below stand for generated values) or `body_includes`
//!   (every given field present with that value).
//! - `result`: "array" | "object" | "string" | "number" | "any" (the JSON kind);
//!   `result_exact`: the whole result; `result_is`: the fields that matter (objects give
//!   a subset of keys, arrays every item in order, so their length is exact); in both a
//!   string `"$string"`, `"$number"`, `"$bool"` or `"$any"` stands for a value the simulator
//!   generates (a timestamp, a new id) and pins only its kind. `result_includes` (object
//!   fields) and `min_items` (array length at least) are the older, looser forms.
//! - `error`: instead of a result, a substring the tool error must contain.
//! - destructive tools are confirmed the way a human would: the first call must write
//!   nothing and return a token; the expectations are for the confirmed retry.
//! - `CATALOG_CASE_DUMP=<dir>` writes each case's result and requests to `<dir>` for review
//!   when writing a case (the expectations come from the simulator's seed data, not from it).

use std::collections::HashMap;
use std::sync::Arc;

use integration_tests::*;
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::{json, Map, Value};

#[derive(Debug, Clone)]
struct Case {
    /// The reported test name: `<file stem>::<tool>`, `::N` for the N-th case of a tool.
    name: String,
    raw: Value,
}

fn load_cases() -> Vec<Case> {
    let files = catalog_case_files();
    let mut cases = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let parsed: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", f.display()));
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        for raw in parsed.as_array().expect("a JSON array of cases") {
            let tool = raw["tool"].as_str().unwrap_or("?");
            let base = format!("{stem}::{tool}");
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let name = match *n {
                1 => base,
                n => format!("{base}::{n}"),
            };
            cases.push(Case {
                name,
                raw: raw.clone(),
            });
        }
    }
    cases
}

/// One HTTP client for the process (its TLS set-up is paid once, not per request).
fn http_client() -> &'static reqwest::Client {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    CLIENT.get_or_init(reqwest::Client::new)
}

/// GET `path_and_query` from the simulator as an API client would (JSON, or null).
async fn sim_get(sim: &RunningSim, token: &str, path_and_query: &str) -> Value {
    http_client()
        .get(format!("{}{}", sim.base_url(), path_and_query))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap_or(Value::Null)
}

/// The id of the N-th item of a list endpoint, whatever its envelope.
async fn resolve_id(sim: &RunningSim, token: &str, spec: &str) -> Result<Value, String> {
    let (path, index) = match spec.split_once('#') {
        Some((p, n)) => (p, n.parse::<usize>().unwrap()),
        None => (spec, 0),
    };
    let path = path.replace("{customerId}", &SimConfig::default().customer_id);
    let body = sim_get(sim, token, &path).await;
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

/// `actual` against `pattern` (see the module doc for `result_exact` / `result_is`):
/// arrays item by item with the same length; objects key by key, every key of `actual`
/// only when `strict`; a `"$string"`-style marker pins only the kind of a generated value.
fn matches(actual: &Value, pattern: &Value, strict: bool, at: &str) -> Result<(), String> {
    let kind_ok = match pattern.as_str() {
        Some("$any") => Some(true),
        Some("$string") => Some(actual.is_string()),
        Some("$number") => Some(actual.is_number()),
        Some("$bool") => Some(actual.is_boolean()),
        _ => None,
    };
    if let Some(ok) = kind_ok {
        return ok
            .then_some(())
            .ok_or_else(|| format!("{at}: {actual} is not a {pattern}"));
    }
    match (actual, pattern) {
        (Value::Array(a), Value::Array(p)) => {
            if a.len() != p.len() {
                return Err(format!("{at}: {} items, expected {}", a.len(), p.len()));
            }
            a.iter()
                .zip(p)
                .enumerate()
                .try_for_each(|(i, (x, y))| matches(x, y, strict, &format!("{at}[{i}]")))
        }
        (Value::Object(a), Value::Object(p)) => {
            if strict {
                if let Some(extra) = a.keys().find(|k| !p.contains_key(*k)) {
                    return Err(format!("{at}: unexpected field {extra:?}"));
                }
            }
            p.iter().try_for_each(|(k, y)| match a.get(k) {
                Some(x) => matches(x, y, strict, &format!("{at}.{k}")),
                None => Err(format!("{at}: field {k:?} missing")),
            })
        }
        (a, p) if a == p => Ok(()),
        (a, p) => Err(format!("{at}: {a}, expected {p}")),
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

/// One case's simulator, with the `$id:` arguments resolved against its seed data.
struct Prepared {
    sim: RunningSim,
    token: String,
    args: Value,
    ids: HashMap<String, Value>,
}

async fn prepare(c: &Value) -> Result<Prepared, String> {
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
    Ok(Prepared {
        sim,
        token,
        args,
        ids,
    })
}

/// Call the tool; a destructive tool must write nothing and ask first, and is then
/// confirmed with the token it returned, as a human would.
async fn call_tool(p: &Prepared, tool: &str) -> Result<Reply, String> {
    let mut vars = sim_vars(&p.sim);
    vars.set("ZSCALER_MCP_WRITE_ENABLED", "true");
    vars.set("ZSCALER_MCP_WRITE_TOOLS", "*");
    vars.set("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER", "true");
    vars.set(
        "ZSCALER_MCP_REQUEST_STATE_KEYS",
        "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=",
    );
    let svc = service_with(&vars);
    let r = send_json(&svc, post(), &tool_call_body(1, tool, p.args.clone())).await;
    if r.body.get("error").is_some() {
        return Err(format!("protocol error: {}", r.raw));
    }
    let first = r.body["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or("")
        .to_string();
    if !first.contains("CONFIRMATION REQUIRED") {
        return Ok(r);
    }
    let writes: Vec<String> = api_calls(&p.sim)
        .into_iter()
        .filter(|c| !c.starts_with("GET"))
        .collect();
    if !writes.is_empty() {
        return Err(format!("the unconfirmed call wrote: {writes:?}"));
    }
    let start = first.find("zc1.").ok_or("no confirmation token")?;
    let token = first[start..].split('"').next().unwrap_or_default();
    let mut confirmed = p.args.clone();
    confirmed["confirmation_token"] = Value::String(token.to_string());
    p.sim.clear_requests();
    Ok(send_json(&svc, post(), &tool_call_body(2, tool, confirmed)).await)
}

fn api_requests(sim: &RunningSim) -> Vec<zscaler_sim::RecordedRequest> {
    sim.requests()
        .into_iter()
        .filter(|q| !q.path.starts_with("/oauth2"))
        .collect()
}

fn request_line(q: &zscaler_sim::RecordedRequest) -> String {
    format!(
        "{} {}?{}",
        q.method,
        q.path,
        q.raw_query.clone().unwrap_or_default()
    )
}

/// The API requests the tool sent, against the case's `requests`.
fn check_requests(
    seen: &[zscaler_sim::RecordedRequest],
    c: &Value,
    ids: &HashMap<String, Value>,
    text: &str,
) -> Result<(), String> {
    let expected = substitute(&c["requests"], ids);
    let expected = expected.as_array().ok_or("`requests` must be an array")?;
    if seen.len() != expected.len() {
        return Err(format!(
            "expected {} API requests, saw {}: {:?}\nresult: {text}",
            expected.len(),
            seen.len(),
            seen.iter().map(request_line).collect::<Vec<_>>()
        ));
    }
    for (i, (got, want)) in seen.iter().zip(expected).enumerate() {
        let ctx = format!("request {i} ({} {})", got.method, got.path);
        if want["method"] != got.method.as_str() {
            return Err(format!("{ctx}: method, expected {}", want["method"]));
        }
        let sandbox = SimConfig::default();
        let want_path = want["path"]
            .as_str()
            .unwrap_or_default()
            .replace("{customerId}", &sandbox.customer_id)
            .replace("{zcellCustomerId}", &sandbox.zcell_customer_id);
        if !path_matches(&want_path, &got.path) {
            return Err(format!("{ctx}: path, expected {want_path}"));
        }
        let want_q = sorted_pairs(want.get("query").ok_or(format!("{ctx}: `query` missing"))?);
        let mut got_q = got.query.clone();
        got_q.sort();
        if want_q != got_q {
            return Err(format!("{ctx}: query {got_q:?}, expected {want_q:?}"));
        }
        check_body(got, want, &ctx)?;
    }
    Ok(())
}

fn check_body(got: &zscaler_sim::RecordedRequest, want: &Value, ctx: &str) -> Result<(), String> {
    let body = got.body.clone().unwrap_or(Value::Null);
    if let Some(b) = want.get("body") {
        // Exact, but for the `"$number"`-style markers of values the tool generates.
        matches(&body, b, true, "body").map_err(|e| format!("{ctx}: {e}\nbody: {body}"))?;
    }
    if let Some(b) = want.get("body_includes") {
        if !includes(&body, b) {
            return Err(format!("{ctx}: body {body} does not include {b}"));
        }
    }
    Ok(())
}

/// The tool's result against `result`, `result_exact`, `result_is`, `result_includes`
/// and `min_items`.
fn check_result(value: &Value, c: &Value, ids: &HashMap<String, Value>) -> Result<(), String> {
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
    if let Some(p) = c.get("result_exact") {
        matches(value, &substitute(p, ids), true, "result")
            .map_err(|e| format!("{e}\nresult: {value}"))?;
    }
    if let Some(p) = c.get("result_is") {
        matches(value, &substitute(p, ids), false, "result")
            .map_err(|e| format!("{e}\nresult: {value}"))?;
    }
    if let Some(inc) = c.get("result_includes") {
        let inc = substitute(inc, ids);
        if !includes(value, &inc) {
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

async fn run_case(case: &Case) -> Result<(), String> {
    let c = &case.raw;
    let tool = c["tool"].as_str().ok_or("case without a tool")?;
    let p = prepare(c).await?;
    let r = call_tool(&p, tool).await?;
    let is_error = r.body["result"]["isError"] == true;
    let text = tool_text(&r);
    let seen = api_requests(&p.sim);
    if let Ok(dir) = std::env::var("CATALOG_CASE_DUMP") {
        dump(&dir, case, &p, &r, &seen).await;
    }
    check_requests(&seen, c, &p.ids, &text)?;

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
    check_result(&tool_json(&r), c, &p.ids)
}

/// For writing a case: the result, the requests and what the simulator answers to each
/// GET the tool sent (re-asked after the call), so expectations can be checked against it.
async fn dump(
    dir: &str,
    case: &Case,
    p: &Prepared,
    r: &Reply,
    seen: &[zscaler_sim::RecordedRequest],
) {
    let mut served = Vec::new();
    for q in seen.iter().filter(|q| q.method == "GET") {
        let pq = match &q.raw_query {
            Some(raw) => format!("{}?{raw}", q.path),
            None => q.path.clone(),
        };
        served.push(sim_get(&p.sim, &p.token, &pq).await);
    }
    let out = json!({
        "name": case.name,
        "ids": p.ids,
        "is_error": r.body["result"]["isError"] == true,
        "result": r.body["result"]["content"][0]["text"].as_str().map(|_| tool_json(r)),
        "requests": seen.iter().map(|q| json!({
            "method": q.method, "path": q.path, "query": q.query, "body": q.body,
        })).collect::<Vec<_>>(),
        "served": served,
    });
    let file = format!("{dir}/{}.json", case.name.replace("::", "__"));
    std::fs::write(file, serde_json::to_string_pretty(&out).unwrap()).unwrap();
}

fn every_tool_has_a_case() -> Result<(), Failed> {
    let covered: std::collections::HashSet<String> = load_cases()
        .iter()
        .filter_map(|c| c.raw["tool"].as_str().map(str::to_string))
        .collect();
    let missing: Vec<&str> = zscaler_mcp::catalog::all_tools()
        .map(|s| s.name)
        .filter(|n| !covered.contains(*n))
        .collect();
    if !missing.is_empty() {
        return Err(format!("tools without a catalog case: {missing:?}").into());
    }
    Ok(())
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

async fn every_parameter_rejects_the_wrong_type_before_any_call() -> Result<(), String> {
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
    // Every parameter of every tool: the input schemas of the 402 tools of the catalog
    // (tool-inventory.tsv) have 2,487 properties in all (2,410 before the official
    // server's parameter names were added, issue 18; 2,456 before its `advanced` on 29;
    // 2,485 before enrollment_cert_id on the two service edge group writes).
    if checked != 2487 {
        return Err(format!(
            "checked {checked} parameters, expected 2487 (> 50)"
        ));
    }
    if !failures.is_empty() {
        return Err(failures.join("\n"));
    }
    let calls = api_calls(&sim);
    if !calls.is_empty() {
        return Err(format!("no wrong-typed call may reach the API: {calls:?}"));
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    // One runtime for the process: each case blocks on it from its test thread and
    // starts its own simulator (cases write, so they cannot share one).
    let rt = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime"),
    );
    let mut trials = vec![Trial::test("every_tool_has_a_case", every_tool_has_a_case)];
    let wrong = rt.clone();
    trials.push(Trial::test(
        "every_parameter_rejects_the_wrong_type_before_any_call",
        move || Ok(wrong.block_on(every_parameter_rejects_the_wrong_type_before_any_call())?),
    ));
    for case in load_cases() {
        let rt = rt.clone();
        let name = case.name.clone();
        trials.push(Trial::test(name, move || {
            rt.block_on(run_case(&case)).map_err(Failed::from)
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}
