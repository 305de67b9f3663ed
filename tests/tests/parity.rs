//! Differential test against the official Python server (`zscaler-mcp` 0.15.4 over
//! `zscaler-sdk-python` 1.11.3), issue 18 item 2.
//!
//! `tests/parity/fixtures/<service>.json` hold, for every official tool, a reference call
//! and the requests the official server's SDK sent for it (recorded by
//! `tests/parity/record.py`). This test makes the same call on our server against a fresh
//! simulator and compares, per tool:
//! - accepted: our server took the arguments (no protocol error, and not a tool error
//!   raised before any API request);
//! - method + path of every request, in order;
//! - query keys of every request (values differ legitimately: paging sizes, clocks);
//! - body field names of every request that carries a body.
//!
//! Ids in paths: both sides get the same argument values, so an id an agent passed shows
//! up verbatim in both paths and is compared as is. So that our reads-before-writes find
//! the object, an id argument that the official server put in a path
//! (`.../segmentGroup/<id>`) is first swapped, in the arguments and in the fixture's paths
//! alike, for the id of the first object of that collection in the simulator
//! (`adopt_sim_ids`). Ids the server learns from an earlier answer (a ZPA policy set id,
//! a created object's id) differ: the recorder answered with an id of its own and wrote
//! that path segment as `{*}`, which here matches any one segment; `{time}` (a clock
//! reading in a ZCell path) matches any number.
//!
//! Justified differences: `tests/parity/justified.json` maps tool → check → reason (the SDK
//! source line or API reference that decides against the official server, or the
//! documented read-before-write / paging difference). A failing check listed there counts
//! as passing and is recorded as `justified` in status.json; the run prints how many were
//! applied and which listed ones now pass anyway.
//!
//! Today many tools differ, so this is a ratchet: `PARITY_WRITE=1` writes the per-tool
//! results and counts to `tests/parity/status.json`; otherwise the test fails only when a
//! check that passes in the committed status.json fails now, and prints the counts.

use std::collections::BTreeMap;
use std::io::Write;

use integration_tests::*;
use serde_json::{json, Map, Value};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/parity/fixtures");
const STATUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/parity/status.json");
/// Differences decided in our favour: tool → check → reason (the SDK line or API
/// reference that decides it). A justified check counts as passing.
const JUSTIFIED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/parity/justified.json");
const CHECKS: [&str; 4] = ["accepted", "method_path", "query_keys", "body_keys"];
/// Tool calls in flight at once (each against its own simulator).
const CONCURRENCY: usize = 8;

/// One official tool's reference call and the requests its SDK sent.
#[derive(Clone)]
struct Fixture {
    name: String,
    arguments: Value,
    requests: Vec<Value>,
}

fn load_fixtures() -> Vec<Fixture> {
    let files = json_files_in(FIXTURES);
    let mut out = Vec::new();
    for f in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap())
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", f.display()));
        for t in doc["tools"].as_array().expect("a `tools` array") {
            out.push(Fixture {
                name: t["name"].as_str().expect("tool name").to_string(),
                arguments: t["arguments"].clone(),
                requests: t["requests"].as_array().cloned().unwrap_or_default(),
            });
        }
    }
    out
}

/// A request reduced to what is compared.
#[derive(Clone, Debug, PartialEq)]
struct Wire {
    method: String,
    path: String,
    query_keys: Vec<String>,
    /// `None` when the request carries no body.
    body_keys: Option<Vec<String>>,
}

impl Wire {
    fn from_fixture(r: &Value) -> Wire {
        let mut query_keys: Vec<String> = r["query"]
            .as_array()
            .map(|q| {
                q.iter()
                    .filter_map(|p| p[0].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        query_keys.sort();
        query_keys.dedup();
        let body_keys = r.get("body_keys").and_then(Value::as_array).map(|k| {
            k.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        });
        Wire {
            method: r["method"].as_str().unwrap_or_default().to_string(),
            path: r["path"].as_str().unwrap_or_default().to_string(),
            query_keys,
            body_keys,
        }
    }

    fn from_sim(r: &zscaler_sim::RecordedRequest) -> Wire {
        let mut query_keys: Vec<String> = r.query.iter().map(|(k, _)| k.clone()).collect();
        query_keys.sort();
        query_keys.dedup();
        Wire {
            method: r.method.clone(),
            path: r.path.clone(),
            query_keys,
            body_keys: r.body.as_ref().and_then(body_keys),
        }
    }

    fn show(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Field names of a JSON body, as the recorder writes them: an object's keys, or the
/// union of the keys of an array's objects. An empty GET/DELETE body counts as none.
fn body_keys(body: &Value) -> Option<Vec<String>> {
    let mut keys: Vec<String> = match body {
        Value::Object(m) if m.is_empty() => return None,
        Value::Object(m) => m.keys().cloned().collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|m| m.keys().cloned())
            .collect(),
        _ => return None,
    };
    keys.sort();
    keys.dedup();
    Some(keys)
}

/// `want` (from the fixture) against `got` (from the simulator); a `{*}` segment in
/// `want` stands for an id the official server learned from the recorder's answers.
fn path_matches(want: &str, got: &str) -> bool {
    let w: Vec<&str> = want.split('/').collect();
    let g: Vec<&str> = got.split('/').collect();
    w.len() == g.len()
        && w.iter().zip(&g).all(|(a, b)| {
            *a == "{*}"
                || a == b
                || (*a == "{time}" && !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit()))
        })
}

/// The id of the first object the simulator lists at `path`, whatever the envelope.
async fn first_sim_id(sim: &RunningSim, token: &str, path: &str) -> Option<String> {
    let resp = reqwest::Client::new()
        .get(format!("{}{}", sim.base_url(), path))
        .bearer_auth(token)
        .send()
        .await
        .ok()?;
    if !resp.status().is_success() {
        return None;
    }
    let body: Value = resp.json().await.ok()?;
    let items = match &body {
        Value::Array(a) => a.clone(),
        Value::Object(m) => ["list", "content", "items", "records", "data"]
            .iter()
            .find_map(|k| m.get(*k).and_then(Value::as_array).cloned())?,
        _ => return None,
    };
    match items.first()?.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Swap each id argument that names a path segment of the official requests for the
/// simulator's first object of that collection, in the arguments and the fixture's
/// paths alike, keeping the argument's JSON type. Ids with no collection to list (its
/// path holds an id we cannot know) stay as recorded.
async fn adopt_sim_ids(sim: &RunningSim, fx: &Fixture) -> Fixture {
    let mut out = fx.clone();
    let Some(args) = fx.arguments.as_object() else {
        return out;
    };
    let token = sim_token(sim).await;
    for (key, value) in args {
        let Some(text) = value_text(value) else {
            continue;
        };
        let Some(collection) = fx.requests.iter().find_map(|r| {
            let segs: Vec<&str> = r["path"].as_str()?.split('/').collect();
            let at = segs.iter().skip(2).position(|s| *s == text)? + 2;
            let parent = segs[..at].join("/");
            (!parent.contains('{')).then_some(parent)
        }) else {
            continue;
        };
        let mut found = first_sim_id(sim, &token, &collection).await;
        if found.is_none() && collection.contains("/v2/") {
            found = first_sim_id(sim, &token, &collection.replace("/v2/", "/v1/")).await;
        }
        let Some(id) = found else {
            continue;
        };
        out.arguments[key] = match value {
            Value::Number(_) => id
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or(Value::String(id.clone())),
            _ => Value::String(id.clone()),
        };
        for r in &mut out.requests {
            if let Some(p) = r["path"].as_str() {
                let swapped: Vec<&str> = p
                    .split('/')
                    .map(|s| if s == text { id.as_str() } else { s })
                    .collect();
                r["path"] = Value::String(swapped.join("/"));
            }
        }
    }
    out
}

/// What our server did with one reference call.
struct Ours {
    accepted: bool,
    detail: String,
    requests: Vec<Wire>,
}

async fn call_ours(sim: &RunningSim, fx: &Fixture) -> Ours {
    sim.clear_requests();
    let mut vars = sim_vars(sim);
    vars.set("ZSCALER_MCP_WRITE_ENABLED", "true");
    vars.set("ZSCALER_MCP_WRITE_TOOLS", "*");
    vars.set("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER", "true");
    let svc = service_with(&vars);
    let mut r = send_json(
        &svc,
        post(),
        &tool_call_body(1, &fx.name, fx.arguments.clone()),
    )
    .await;
    let first = r.body["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or("")
        .to_string();
    if first.contains("CONFIRMATION REQUIRED") {
        // Confirm like a human would; only the confirmed call's requests are compared
        // (the recorder does the same with the official server's token).
        if let Some(token) = confirmation_token_in(&first) {
            let mut confirmed = fx.arguments.clone();
            confirmed["confirmation_token"] = Value::String(token);
            sim.clear_requests();
            r = send_json(&svc, post(), &tool_call_body(2, &fx.name, confirmed)).await;
        }
    }
    let requests: Vec<Wire> = sim
        .requests()
        .iter()
        .filter(|q| !q.path.starts_with("/oauth2"))
        .map(Wire::from_sim)
        .collect();
    let text = r.body["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or("");
    let (accepted, detail) = if let Some(err) = r.body.get("error") {
        (false, format!("protocol error: {}", err["message"]))
    } else if r.body["result"]["isError"] == true && requests.is_empty() {
        (false, format!("rejected: {}", first_line(text)))
    } else {
        (true, String::new())
    };
    Ours {
        accepted,
        detail,
        requests,
    }
}

fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(200)
        .collect()
}

/// Per-tool verdicts; `None` where the check does not apply (the official server sent
/// no request, or no body).
#[derive(Default)]
struct Verdict {
    accepted: bool,
    method_path: Option<bool>,
    query_keys: Option<bool>,
    body_keys: Option<bool>,
    /// Official requests for which ours sent one with the same method and path.
    paired: usize,
    mismatch: Vec<String>,
    /// Failing checks that `justified.json` accepts (they count as passing).
    justified: Vec<String>,
}

fn compare(fx: &Fixture, ours: &Ours) -> Verdict {
    let want: Vec<Wire> = fx.requests.iter().map(Wire::from_fixture).collect();
    let got = &ours.requests;
    let mut v = Verdict {
        accepted: ours.accepted,
        ..Verdict::default()
    };
    if !ours.accepted {
        v.mismatch.push(ours.detail.clone());
    }
    if want.is_empty() {
        return v;
    }
    let mp = want.len() == got.len()
        && want
            .iter()
            .zip(got)
            .all(|(w, g)| w.method == g.method && path_matches(&w.path, &g.path));
    v.method_path = Some(mp);
    if !mp {
        let show = |r: &[Wire]| r.iter().map(Wire::show).collect::<Vec<_>>().join(", ");
        v.mismatch.push(format!(
            "requests: official [{}]; ours [{}]",
            show(&want),
            show(got)
        ));
    }
    compare_keys(&want, got, &mut v);
    v
}

/// Our request with the same method and path for each official one (in order, each used
/// once), so an extra read-before-write on either side does not shift the pairing.
fn counterparts<'a>(want: &[Wire], got: &'a [Wire]) -> Vec<Option<&'a Wire>> {
    let mut used = vec![false; got.len()];
    want.iter()
        .map(|w| {
            let j = (0..got.len()).find(|&j| {
                !used[j] && got[j].method == w.method && path_matches(&w.path, &got[j].path)
            })?;
            used[j] = true;
            Some(&got[j])
        })
        .collect()
}

/// Query keys of every official request, and body field names of every official request
/// with a body, against its counterpart; requests without one were already counted
/// under method + path, so a check with no pair at all does not apply.
fn compare_keys(want: &[Wire], got: &[Wire], v: &mut Verdict) {
    let pairs: Vec<(&Wire, &Wire)> = want
        .iter()
        .zip(counterparts(want, got))
        .filter_map(|(w, g)| Some((w, g?)))
        .collect();
    v.paired = pairs.len();
    if !pairs.is_empty() {
        let bad: Vec<String> = pairs
            .iter()
            .filter(|(w, g)| w.query_keys != g.query_keys)
            .map(|(w, g)| {
                format!(
                    "{}: official {:?}; ours {:?}",
                    w.show(),
                    w.query_keys,
                    g.query_keys
                )
            })
            .collect();
        v.query_keys = Some(bad.is_empty());
        v.mismatch
            .extend(bad.into_iter().map(|b| format!("query keys of {b}")));
    }
    let with_body: Vec<&(&Wire, &Wire)> = pairs
        .iter()
        .filter(|(w, _)| w.body_keys.is_some())
        .collect();
    if !with_body.is_empty() {
        let bad: Vec<String> = with_body
            .iter()
            .filter(|(w, g)| w.body_keys != g.body_keys)
            .map(|(w, g)| {
                let theirs = w.body_keys.clone().unwrap_or_default();
                let ours = g.body_keys.clone().unwrap_or_default();
                let only = |a: &[String], b: &[String]| {
                    a.iter()
                        .filter(|k| !b.contains(k))
                        .cloned()
                        .collect::<Vec<_>>()
                };
                format!(
                    "{}: only official {:?}; only ours {:?}",
                    w.show(),
                    only(&theirs, &ours),
                    only(&ours, &theirs)
                )
            })
            .collect();
        v.body_keys = Some(bad.is_empty());
        v.mismatch
            .extend(bad.into_iter().map(|b| format!("body keys of {b}")));
    }
}

fn verdict_json(v: &Verdict) -> Value {
    let mut m = Map::new();
    m.insert("accepted".into(), json!(v.accepted));
    for (k, x) in [
        ("method_path", v.method_path),
        ("query_keys", v.query_keys),
        ("body_keys", v.body_keys),
    ] {
        if let Some(b) = x {
            m.insert(k.into(), json!(b));
        }
    }
    if !v.mismatch.is_empty() {
        m.insert("mismatch".into(), json!(v.mismatch));
    }
    if !v.justified.is_empty() {
        m.insert("justified".into(), json!(v.justified));
    }
    Value::Object(m)
}

/// `justified.json`: every entry names a fixture tool, a known check and a reason.
fn load_justified(verdicts: &BTreeMap<String, Verdict>) -> BTreeMap<(String, String), String> {
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(JUSTIFIED).expect("tests/parity/justified.json"),
    )
    .expect("justified.json is JSON");
    let mut out = BTreeMap::new();
    for (tool, checks) in doc.as_object().expect("an object of tools") {
        assert!(
            verdicts.contains_key(tool),
            "justified.json: no tool {tool}"
        );
        for (check, reason) in checks.as_object().expect("an object of checks") {
            assert!(
                CHECKS.contains(&check.as_str()),
                "justified.json: {tool}: no check {check}"
            );
            let reason = reason.as_str().filter(|r| r.len() > 20);
            let reason =
                reason.unwrap_or_else(|| panic!("justified.json: {tool}.{check}: a reason"));
            out.insert((tool.clone(), check.clone()), reason.to_string());
        }
    }
    out
}

/// Turn justified failing checks into passes; returns entries that justify nothing
/// (the check passes on its own), for the log.
fn apply_justified(
    verdicts: &mut BTreeMap<String, Verdict>,
    justified: &BTreeMap<(String, String), String>,
) -> Vec<String> {
    let mut stale = Vec::new();
    for (tool, check) in justified.keys() {
        let v = verdicts.get_mut(tool).expect("checked by load_justified");
        let slot = match check.as_str() {
            "accepted" => {
                let failed = !v.accepted;
                v.accepted = true;
                failed
            }
            "method_path" => v.method_path.replace(true) == Some(false),
            "query_keys" => v.query_keys.replace(true) == Some(false),
            _ => v.body_keys.replace(true) == Some(false),
        };
        if slot {
            v.justified.push(check.clone());
        } else {
            stale.push(format!("{tool}.{check}"));
        }
    }
    stale
}

/// Counts per category: how many tools pass, over how many the check applies to.
fn counts(verdicts: &BTreeMap<String, Verdict>, requests: usize) -> Value {
    let tally = |f: &dyn Fn(&Verdict) -> Option<bool>| {
        let applicable: Vec<bool> = verdicts.values().filter_map(f).collect();
        json!({"same": applicable.iter().filter(|b| **b).count(), "of": applicable.len()})
    };
    json!({
        "tools": verdicts.len(),
        "official_requests": requests,
        "official_requests_paired": verdicts.values().map(|v| v.paired).sum::<usize>(),
        "accepted": tally(&|v| Some(v.accepted)),
        "method_path": tally(&|v| v.method_path),
        "query_keys": tally(&|v| v.query_keys),
        "body_keys": tally(&|v| v.body_keys),
        "justified": verdicts.values().map(|v| v.justified.len()).sum::<usize>(),
    })
}

/// Checks that pass in the committed status but fail now.
fn regressions(committed: &Value, verdicts: &BTreeMap<String, Verdict>) -> Vec<String> {
    let mut out = Vec::new();
    for (name, v) in verdicts {
        let now = verdict_json(v);
        for check in CHECKS {
            if committed["tools"][name][check] == true && now[check] != true {
                out.push(format!("{name}: {check} regressed: {:?}", v.mismatch));
            }
        }
    }
    out
}

async fn run_all(fixtures: Vec<Fixture>) -> BTreeMap<String, Verdict> {
    let mut verdicts = BTreeMap::new();
    let mut pending = fixtures.into_iter().peekable();
    while pending.peek().is_some() {
        let mut set = tokio::task::JoinSet::new();
        for fx in pending.by_ref().take(CONCURRENCY) {
            set.spawn(async move {
                let sim = start_sim().await;
                let fx = adopt_sim_ids(&sim, &fx).await;
                let ours = call_ours(&sim, &fx).await;
                (fx.name.clone(), compare(&fx, &ours))
            });
        }
        while let Some(done) = set.join_next().await {
            let (name, v) = done.expect("a parity task panicked");
            verdicts.insert(name, v);
        }
    }
    verdicts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_calls_keep_their_parity_status() {
    let fixtures = load_fixtures();
    assert_eq!(fixtures.len(), 402, "one fixture per official tool");
    let requests = fixtures.iter().map(|f| f.requests.len()).sum();
    let mut verdicts = run_all(fixtures).await;
    let justified = load_justified(&verdicts);
    let stale = apply_justified(&mut verdicts, &justified);
    let counts = counts(&verdicts, requests);
    let _ = writeln!(
        std::io::stderr(),
        "parity: {} justified differences applied ({} listed; passing anyway: {:?})",
        counts["justified"],
        justified.len(),
        stale
    );
    // Straight to stderr, past the test harness's capture, so every run shows the counts.
    let _ = writeln!(std::io::stderr(), "parity counts: {counts}");

    let tools: Map<String, Value> = verdicts
        .iter()
        .map(|(k, v)| (k.clone(), verdict_json(v)))
        .collect();
    let status = json!({"counts": counts, "tools": tools});
    if std::env::var("PARITY_WRITE").is_ok_and(|v| v == "1") {
        let text = serde_json::to_string_pretty(&status).unwrap() + "\n";
        std::fs::write(STATUS, text).expect("write tests/parity/status.json");
        return;
    }
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(STATUS)
            .expect("tests/parity/status.json (PARITY_WRITE=1 makes it)"),
    )
    .expect("status.json is JSON");
    let _ = writeln!(
        std::io::stderr(),
        "committed counts: {}",
        committed["counts"]
    );
    let lost = regressions(&committed, &verdicts);
    assert!(
        lost.is_empty(),
        "{} parity checks regressed:\n{}",
        lost.len(),
        lost.join("\n")
    );
}
