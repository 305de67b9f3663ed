//! The real Lambda bootstrap (`zscaler-mcp-lambda`) at `RUST_LOG=trace`, driven through a
//! loopback Runtime API with real API Gateway events: every request is answered correctly,
//! trace lines are written, and no secret reaches stdout or stderr (which Lambda sends to
//! CloudWatch): not the caller's `x-api-key` or bearer token, not a confirmation token, not
//! the OneAPI client secret or token, not the key ring, not the AWS credentials, not the
//! Secrets Manager secret value.

use std::time::{Duration, Instant};

use integration_tests::runtime_api::{self, Bootstrap, Captured, RuntimeApi};
use integration_tests::*;
use serde_json::{json, Value};

// Every distinctive secret contains "lbl" (in clear, not only in base64), so one
// case-insensitive search finds any of them, whole or cut.
const API_KEY: &str = "lbl-api-key-Q7w2Zr9Xk4Lm8Nc3Vb6T";
/// A JWT-shaped API key, sent as `Authorization: Bearer …`.
const JWT_API_KEY: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJsYmwtYWdlbnQifQ.lblSig-Hq3Wm8Rx2Tz7Kp4Vn9Jd6Fs1Gb5Yc0";
/// A bearer token the server does not accept (401).
const WRONG_BEARER: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6Indyb25nIn0.eyJzdWIiOiJpbnRydWRlciJ9.lblWrong-Zq8Xv3Bn6Mw1Kt4Hr7Ly2Ps5Dg9";
/// Confirmation tokens in our format that this server never minted.
const FAKE_CONFIRMATION: &str =
    "zc1.0badc0ffee42.1999999999.lblNonceQz7w.AbCdEfGh.IjKlMnOp.QrStUvWx.lblFakeSig-Hq3Wm8Rx2Tz7Kp4Vn9Jd6Fs1Gb5Yc0Ae";
const FAKE_CONFIRMATION_KWARGS: &str =
    "zc1.0badc0ffee43.1999999999.lblNonceKw42.AbCdEfGh.IjKlMnOp.QrStUvWx.lblKwargsSig-Pq3Wm8Rx2Tz7Kp4Vn9Jd6Fs1Gb5Y";
const CLIENT_SECRET: &str = "lbl-client-secret-Mz4Qw8Er2Ty6Ui0Op";
/// base64 of the 32 bytes "lbl-key-ring-secret-0123456789ab".
const KEY_RING: &str = "bGJsLWtleS1yaW5nLXNlY3JldC0wMTIzNDU2Nzg5YWI=";
const AWS_ACCESS_KEY_ID: &str = "AKIALBLACCESSKEY0001";
const AWS_SECRET_ACCESS_KEY: &str = "lblAwsSecret/Kx7Mq2Zr9Wv4Tn8Lb3Hc6Jd1Fs5";
const AWS_SESSION_TOKEN: &str = "lblSessionToken//Zq8Xv3Bn6Mw1Kt4Hr7Ly2Ps5Dg9AaBbCc+EeFf";
const SECRET_NAME: &str = "zscaler/lambda-logs";

const DELETE: &str = "zia_delete_rule_label";

/// `RUST_LOG` as an operator debugging a problem would set it.
const TRACE: &str = "trace";
/// And naming every payload crate, as someone trying to see payloads would.
const TRACE_NAMED: &str = "trace,lambda_runtime=trace,lambda_runtime_api_client=trace,\
    lambda_http=trace,aws_smithy_runtime=trace,aws_smithy_http_client=trace,aws_config=trace,\
    aws_sigv4=trace,aws_runtime=trace,aws_sdk_secretsmanager=trace,hyper=trace,hyper_util=trace,\
    h2=trace,reqwest=trace,rustls=trace,rmcp=trace,rmcp::service=trace,zscaler_mcp=trace,audit=trace";

/// Where the server's own secrets come from.
#[derive(Clone, Copy)]
enum Secrets<'a> {
    Env,
    SecretsManager(&'a Moto),
}

fn sim_config() -> SimConfig {
    SimConfig {
        client_secret: CLIENT_SECRET.to_string(),
        ..SimConfig::default()
    }
}

fn bootstrap_env(sim: &RunningSim, secrets: &Secrets<'_>, rust_log: &str) -> Vec<(String, String)> {
    let d = SimConfig::default();
    let mut env: Vec<(&str, String)> = vec![
        ("RUST_LOG", rust_log.into()),
        ("ZSCALER_CLIENT_ID", d.client_id),
        ("ZSCALER_VANITY_DOMAIN", "sandbox".into()),
        ("ZSCALER_CUSTOMER_ID", d.customer_id),
        ("ZCELL_CUSTOMER_ID", d.zcell_customer_id),
        ("ZSCALER_MCP_API_BASE_URL", sim.base_url()),
        ("ZSCALER_MCP_TOKEN_URL", sim.token_url()),
        ("ZSCALER_MCP_AUTH_ENABLED", "true".into()),
        ("ZSCALER_MCP_AUTH_MODE", "api-key".into()),
        ("ZSCALER_MCP_WRITE_ENABLED", "true".into()),
        ("ZSCALER_MCP_WRITE_TOOLS", DELETE.into()),
        ("ZSCALER_MCP_LOG_TOOL_CALLS", "true".into()),
    ];
    let own = [
        ("ZSCALER_CLIENT_SECRET", CLIENT_SECRET.to_string()),
        (
            "ZSCALER_MCP_AUTH_API_KEY",
            format!("{API_KEY},{JWT_API_KEY}"),
        ),
        ("ZSCALER_MCP_REQUEST_STATE_KEYS", KEY_RING.to_string()),
    ];
    match secrets {
        Secrets::Env => env.extend(own),
        Secrets::SecretsManager(moto) => env.extend([
            ("ZSCALER_SECRET_NAME", SECRET_NAME.to_string()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", moto.endpoint.clone()),
            ("AWS_ACCESS_KEY_ID", AWS_ACCESS_KEY_ID.into()),
            ("AWS_SECRET_ACCESS_KEY", AWS_SECRET_ACCESS_KEY.into()),
            ("AWS_SESSION_TOKEN", AWS_SESSION_TOKEN.into()),
        ]),
    }
    env.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

async fn store_secret(moto: &Moto) {
    let value = json!({
        "ZSCALER_CLIENT_SECRET": CLIENT_SECRET,
        "ZSCALER_MCP_AUTH_API_KEY": format!("{API_KEY},{JWT_API_KEY}"),
        "ZSCALER_MCP_REQUEST_STATE_KEYS": KEY_RING,
    });
    moto.client()
        .await
        .create_secret()
        .name(SECRET_NAME)
        .secret_string(value.to_string())
        .send()
        .await
        .expect("moto stores the secret");
}

async fn invoke(
    api: &RuntimeApi,
    body: &Value,
    headers: &[(&str, &str)],
) -> runtime_api::Invocation {
    api.invoke(&runtime_api::mcp_post_event(body, headers))
        .await
        .unwrap_or_else(|e| panic!("{e} for {body}"))
}

async fn call_tool(
    api: &RuntimeApi,
    id: i64,
    tool: &str,
    arguments: Value,
    headers: &[(&str, &str)],
) -> runtime_api::Invocation {
    invoke(api, &tool_call_body(id, tool, arguments), headers).await
}

fn result_text(reply: &runtime_api::Invocation) -> String {
    let body = reply.body_json();
    body["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no text result in {}", reply.body()))
        .to_string()
}

fn token_in(text: &str) -> String {
    confirmation_token_in(text).unwrap_or_else(|| panic!("no token in: {text}"))
}

/// Everything a client does in one session, with exact answers asserted. Returns the
/// confirmation tokens the server minted (secrets that must not reach the logs either).
async fn exercise(api: &RuntimeApi, sim: &RunningSim) -> Vec<String> {
    let by_key = [("x-api-key", API_KEY)];
    let jwt_bearer = format!("Bearer {JWT_API_KEY}");
    let by_jwt = [("authorization", jwt_bearer.as_str())];

    let init = invoke(api, &initialize_body(1, LEGACY), &by_key).await;
    assert_eq!(init.status_code(), Some(200), "{init:?}");
    assert_eq!(init.header("content-type"), Some("application/json"));
    assert_eq!(init.body_json()["result"]["protocolVersion"], LEGACY);

    let list = invoke(
        api,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}),
        &by_jwt,
    )
    .await;
    assert_eq!(list.status_code(), Some(200), "{list:?}");
    let names: Vec<String> = list.body_json()["result"]["tools"]
        .as_array()
        .expect("a tool list")
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    // The default surface: search and the two invokers (this caller may write).
    assert_eq!(
        names,
        [
            "zscaler_search_tools",
            "zscaler_call_read_tool",
            "zscaler_call_write_tool"
        ],
        "{names:?}"
    );

    let labels = call_tool(api, 3, "zia_list_rule_labels", json!({}), &by_key).await;
    assert_eq!(labels.status_code(), Some(200), "{labels:?}");
    assert_eq!(labels.body_json()["result"]["isError"], false, "{labels:?}");
    // The default result format: a compact table, decoded to the records it stands for.
    let listed: Value =
        zscaler_mcp::render::compact::decode(&result_text(&labels)).expect("labels as a table");
    let id = listed[0]["id"].as_i64().expect("a label id");
    sim.clear_requests();

    // A token this server never minted: refused, nothing deleted, a fresh token offered.
    let refused = call_tool(
        api,
        4,
        DELETE,
        json!({"label_id": id, "confirmation_token": FAKE_CONFIRMATION}),
        &by_key,
    )
    .await;
    assert_eq!(refused.status_code(), Some(200), "{refused:?}");
    let text = result_text(&refused);
    assert!(text.contains("Confirmation rejected"), "{text}");
    let first = token_in(&text);

    // The Python server's string form of keyword arguments, with another unknown token.
    let kwargs = json!({"confirmation_token": FAKE_CONFIRMATION_KWARGS}).to_string();
    let refused = call_tool(
        api,
        5,
        DELETE,
        json!({"label_id": id, "kwargs": kwargs}),
        &by_key,
    )
    .await;
    let text = result_text(&refused);
    assert!(text.contains("Confirmation rejected"), "{text}");
    let second = token_in(&text);
    assert!(
        sim.requests().iter().all(|r| r.method != "DELETE"),
        "nothing deleted yet"
    );

    // The minted token, presented by the same caller: the label is deleted.
    let done = call_tool(
        api,
        6,
        DELETE,
        json!({"label_id": id, "confirmation_token": second}),
        &by_key,
    )
    .await;
    assert_eq!(done.status_code(), Some(200), "{done:?}");
    assert_eq!(done.body_json()["result"]["isError"], false, "{done:?}");
    let deletes: Vec<String> = sim
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.path)
        .collect();
    assert_eq!(deletes, vec![format!("/zia/api/v1/ruleLabels/{id}")]);

    // A bearer token the server does not know (api-key mode): 403 without a challenge, so
    // that MCP clients do not start OAuth (issue 16), no JSON-RPC result.
    let wrong = format!("Bearer {WRONG_BEARER}");
    let denied = invoke(
        api,
        &json!({"jsonrpc": "2.0", "id": 7, "method": "tools/list"}),
        &[("authorization", wrong.as_str())],
    )
    .await;
    assert_eq!(denied.status_code(), Some(403), "{denied:?}");
    assert!(denied.header("www-authenticate").is_none(), "{denied:?}");
    assert!(denied.body_json()["result"].is_null());
    vec![first, second]
}

/// The most verbose level each payload crate may log at (restated independently of
/// `zscaler_mcp::logging`, which holds the reasons).
fn cap_of(target: &str) -> Option<&'static str> {
    let krate = target.split("::").next().unwrap_or(target);
    Some(match krate {
        "lambda_runtime" | "hyper" | "h2" | "reqwest" | "rustls" | "axum" => "DEBUG",
        "lambda_runtime_api_client" | "lambda_http" | "hyper_util" => "INFO",
        "tower_http" | "aws_config" => "WARN",
        "rmcp" => "ERROR",
        k if k.starts_with("aws_") => "INFO",
        _ => return None,
    })
}

fn rank(level: &str) -> u8 {
    match level {
        "ERROR" => 1,
        "WARN" => 2,
        "INFO" => 3,
        "DEBUG" => 4,
        "TRACE" => 5,
        other => panic!("unknown level {other}"),
    }
}

struct Run {
    captured: Captured,
    minted: Vec<String>,
    took: Duration,
}

async fn run(secrets: Secrets<'_>, rust_log: &str) -> Run {
    let started = Instant::now();
    let sim = start_sim_with(sim_config()).await;
    let (addr, api) = runtime_api::start().await;
    let mut function = Bootstrap::spawn(addr, &bootstrap_env(&sim, &secrets, rust_log));
    assert!(
        api.wait_for_polls(1, Duration::from_secs(60)).await,
        "the bootstrap did not start: {:?}\n{}",
        api.init_error(),
        function.stderr()
    );
    let minted = exercise(&api, &sim).await;
    // Idle again, polling for the next event: alive after every request.
    assert!(
        api.wait_for_polls(api.handed_out() + 1, Duration::from_secs(10))
            .await
    );
    assert!(function.is_running(), "{}", function.stderr());
    Run {
        captured: function.stop(),
        minted,
        took: started.elapsed(),
    }
}

/// Each place a secret (whole, or any 16-character piece of it) or a JWT/PEM-shaped value
/// shows up in `output`, with the line it is on.
fn leaks(output: &str, secrets: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for line in output.lines() {
        let shown = || line.chars().take(400).collect::<String>();
        if line.to_ascii_lowercase().contains("lbl") {
            found.push(format!("a test secret (\"lbl\"): {}", shown()));
        }
        for secret in secrets {
            let pieces = (0..secret.len().saturating_sub(16))
                .step_by(8)
                .map(|i| &secret[i..i + 16])
                .chain([secret.as_str()]);
            if let Some(piece) = pieces.into_iter().find(|p| line.contains(p)) {
                found.push(format!("{piece:?}: {}", shown()));
            }
        }
        // Nothing JWT- or PEM-shaped at all: the OneAPI access token the simulator issued
        // and the client certificate in the API Gateway event stay out too.
        if line.contains("eyJ") || line.contains("-----BEGIN") {
            found.push(format!("JWT or PEM: {}", shown()));
        }
    }
    found
}

fn check(run: &Run, rust_log: &str) {
    let Captured { stdout, stderr, .. } = &run.captured;
    if std::env::var_os("LAMBDA_BOOTSTRAP_LOGS_DUMP").is_some() {
        eprintln!("--- stderr at RUST_LOG={rust_log}\n{stderr}--- end");
    }

    // No secret, whole or in part, in anything the function wrote.
    let mut secrets = vec![
        API_KEY.to_string(),
        JWT_API_KEY.to_string(),
        WRONG_BEARER.to_string(),
        FAKE_CONFIRMATION.to_string(),
        FAKE_CONFIRMATION_KWARGS.to_string(),
        CLIENT_SECRET.to_string(),
        KEY_RING.to_string(),
        AWS_ACCESS_KEY_ID.to_string(),
        AWS_SECRET_ACCESS_KEY.to_string(),
        AWS_SESSION_TOKEN.to_string(),
    ];
    secrets.extend(run.minted.iter().cloned());
    for (name, output) in [("stdout", stdout), ("stderr", stderr)] {
        let found = leaks(output, &secrets);
        assert!(
            found.is_empty(),
            "RUST_LOG={rust_log}: secrets in {name}:\n{}",
            found.join("\n")
        );
    }
    assert!(stdout.is_empty(), "logs go to stderr; stdout had: {stdout}");

    let mut lines = Vec::new();
    for line in stderr.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line)
            .unwrap_or_else(|_| panic!("every stderr line is a JSON log line: {line}"));
        let level = v["level"].as_str().expect("level").to_string();
        let target = v["target"].as_str().expect("target").to_string();
        if let Some(cap) = cap_of(&target) {
            assert!(
                rank(&level) <= rank(cap),
                "{target} logged at {level}, above its cap {cap}: {line}"
            );
        }
        lines.push((level, target, v));
    }

    // The filter really is at trace: the logging set-up says so at trace, with the
    // directives it parsed.
    assert!(
        lines.iter().any(|(level, target, v)| level == "TRACE"
            && target == "zscaler_mcp::logging"
            && v["fields"]["directives"] == rust_log),
        "no trace line from the logging set-up:\n{stderr}"
    );
    // Payload crates are on up to their cap (the cap, not a quiet filter, holds them), and
    // `log` records (reqwest) come through the bridge. The AWS SDK logs nothing below its
    // info cap; that the secret was read shows in the answers (the API keys and the key
    // ring came only from it).
    assert!(
        lines
            .iter()
            .any(|(level, target, _)| level == "DEBUG" && target.starts_with("reqwest::")),
        "no reqwest debug line:\n{stderr}"
    );
    // The audit log ran for every tool call, with the tokens redacted.
    let audit: Vec<&Value> = lines
        .iter()
        .filter(|(_, target, _)| target == "audit")
        .map(|(_, _, v)| v)
        .collect();
    assert_eq!(audit.len(), 4, "one audit line per tool call:\n{stderr}");
    for (line, shown) in [(1, "confirmation_token"), (2, "kwargs")] {
        let arguments = audit[line]["fields"]["arguments"].as_str().unwrap_or("");
        assert!(
            arguments.contains(shown) && arguments.contains("[REDACTED: secret-field]"),
            "{arguments}"
        );
    }
}

/// One session per trace setting, each log checked for every secret.
async fn at_every_trace_level(secrets: Secrets<'_>) {
    for rust_log in [TRACE, TRACE_NAMED] {
        let r = run(secrets, rust_log).await;
        check(&r, rust_log);
        eprintln!(
            "RUST_LOG={rust_log}: {} log lines, {:?}",
            r.captured.stderr.lines().count(),
            r.took
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_from_the_environment_reaches_the_logs_at_trace() {
    at_every_trace_level(Secrets::Env).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_from_secrets_manager_reaches_the_logs_at_trace() {
    let moto = start_moto().await;
    store_secret(&moto).await;
    at_every_trace_level(Secrets::SecretsManager(&moto)).await;
}

/// A client-chosen tool name is client input: a secret pasted there must not be logged
/// either (server.rs quotes it in the JSON-RPC error rmcp logs at warn; the cap keeps that
/// line out, and the audit line scrubs the name).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_sent_as_a_tool_name_is_not_logged() {
    let sim = start_sim_with(sim_config()).await;
    let (addr, api) = runtime_api::start().await;
    let function = Bootstrap::spawn(addr, &bootstrap_env(&sim, &Secrets::Env, TRACE));
    let name = format!("zia_{JWT_API_KEY}");
    let reply = invoke(
        &api,
        &tool_call_body(1, &name, json!({})),
        &[("x-api-key", API_KEY)],
    )
    .await;
    assert_eq!(reply.status_code(), Some(200), "{reply:?}");
    assert!(reply.body_json()["error"]["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("Unknown tool")));
    let captured = function.stop();
    let found = leaks(&captured.stderr, &[JWT_API_KEY.to_string()]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The stand-in as the lead's hostile-request tests use it: an event the runtime cannot
/// parse is reported on `…/error`, and the function keeps serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_event_is_an_error_invocation_and_the_function_lives_on() {
    let sim = start_sim_with(sim_config()).await;
    let (addr, api) = runtime_api::start().await;
    let mut function = Bootstrap::spawn(addr, &bootstrap_env(&sim, &Secrets::Env, "info"));
    let garbage = api
        .invoke_raw(&b"{not json"[..], Duration::from_secs(30))
        .await
        .expect("an answer");
    assert!(
        matches!(&garbage, runtime_api::Invocation::Error(e) if e["errorType"].is_string()),
        "{garbage:?}"
    );
    let ok = invoke(
        &api,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}),
        &[("x-api-key", API_KEY)],
    )
    .await;
    assert_eq!(ok.status_code(), Some(200), "{ok:?}");
    assert_eq!(ok.body_json()["result"], json!({}));
    assert!(function.is_running());
    assert_eq!(api.handed_out(), 2);
}
