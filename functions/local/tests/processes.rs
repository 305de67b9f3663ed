//! The real binary as separate processes: statelessness across processes (initialize on
//! one, tools/call on another), the stdio transport, `--sandbox`, and startup errors.

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_zscaler-mcp");

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sim_env(sim: &zscaler_sim::RunningSim) -> Vec<(String, String)> {
    let d = zscaler_sim::SimConfig::default();
    vec![
        ("ZSCALER_CLIENT_ID".into(), d.client_id),
        ("ZSCALER_CLIENT_SECRET".into(), d.client_secret),
        ("ZSCALER_VANITY_DOMAIN".into(), "sandbox".into()),
        ("ZSCALER_CUSTOMER_ID".into(), d.customer_id),
        ("ZSCALER_MCP_API_BASE_URL".into(), sim.base_url()),
        ("ZSCALER_MCP_TOKEN_URL".into(), sim.token_url()),
        ("ZSCALER_MCP_AUTH_ENABLED".into(), "false".into()),
    ]
}

/// Start `zscaler-mcp` over HTTP on a free port and wait for its listening line.
fn spawn_http(env: &[(String, String)], extra_args: &[&str]) -> Server {
    let mut cmd = Command::new(BIN);
    cmd.args(["--transport", "streamable-http", "--port", "0"])
        .args(extra_args)
        .env_clear()
        .envs(env.iter().cloned())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("binary starts");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("zscaler-mcp listening on ") {
                let _ = tx.send(url.to_string());
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("server printed its address");
    Server { child, url }
}

async fn post(url: &str, body: &Value) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", "2025-06-18")
        .body(body.to_string())
        .send()
        .await
        .expect("server answers");
    let status = resp.status().as_u16();
    assert!(resp.headers().get("mcp-session-id").is_none());
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn start_sim() -> zscaler_sim::RunningSim {
    zscaler_sim::start(
        zscaler_sim::SimConfig::default(),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initialize_on_one_process_and_call_on_another() {
    let sim = start_sim().await;
    let env = sim_env(&sim);
    let a = spawn_http(&env, &[]);
    let b = spawn_http(&env, &[]);
    assert_ne!(a.url, b.url);

    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "two-process-test", "version": "1"}}});
    let (status, body) = post(&a.url, &init).await;
    assert_eq!(status, 200);
    assert_eq!(body["result"]["protocolVersion"], "2025-06-18");

    let call = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
        "name": "zpa_list_segment_groups", "arguments": {}}});
    let (status, body) = post(&b.url, &call).await;
    assert_eq!(status, 200);
    assert_eq!(body["result"]["isError"], false, "{body}");
    let groups: Value = records(body["result"]["content"][0]["text"].as_str().unwrap());
    assert!(!groups.as_array().unwrap().is_empty());
    // Process B fetched its own token: it never saw A's initialize and did not need it.
    assert!(sim.token_request_count() >= 1);
    assert!(sim
        .requests()
        .iter()
        .any(|r| r.path.ends_with("/segmentGroup") && r.authorized));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_flag_needs_no_account() {
    let server = spawn_http(&[], &["--sandbox"]);
    let call = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
        "name": "zia_list_locations", "arguments": {}}});
    let (status, body) = post(&server.url, &call).await;
    assert_eq!(status, 200);
    assert_eq!(body["result"]["isError"], false, "{body}");
    let locations: Value = records(body["result"]["content"][0]["text"].as_str().unwrap());
    assert!(!locations.as_array().unwrap().is_empty());
}

/// The sandbox turns client authentication off only when nothing asks for it: a JWKS URI or
/// an API key in the environment is a request for that mode, never silently ignored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sandbox_keeps_authentication_that_the_environment_asks_for() {
    let ping = json!({"jsonrpc": "2.0", "id": 1, "method": "ping"});
    for env in [
        vec![
            ("ZSCALER_MCP_AUTH_JWKS_URI", "http://127.0.0.1:9/jwks"),
            ("ZSCALER_MCP_AUTH_ISSUER", "http://127.0.0.1:9"),
        ],
        vec![
            ("ZSCALER_MCP_AUTH_MODE", "api-key"),
            (
                "ZSCALER_MCP_AUTH_API_KEY",
                "sandbox-key-0123456789abcdef0123",
            ),
        ],
    ] {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let server = spawn_http(&env, &["--sandbox"]);
        let (status, _) = post(&server.url, &ping).await;
        assert!(matches!(status, 401 | 403), "{env:?}: {status}");
    }
    let server = spawn_http(&[], &["--sandbox"]);
    assert_eq!(post(&server.url, &ping).await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stdio_transport_answers_line_delimited_jsonrpc() {
    let sim = start_sim().await;
    let mut child = Command::new(BIN)
        .args(["--transport", "stdio"])
        .env_clear()
        .envs(sim_env(&sim))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let messages = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "stdio-test", "version": "1"}}}),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "zia_get_activation_status", "arguments": {}}}),
    ];
    for m in &messages {
        writeln!(stdin, "{m}").unwrap();
    }
    stdin.flush().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut answered = Vec::new();
    while answered.len() < 2 && Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        let v: Value = serde_json::from_str(&line).expect("stdout carries only JSON-RPC");
        answered.push(v);
    }
    drop(stdin);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(answered.len(), 2);
    assert_eq!(answered[0]["id"], 1);
    assert_eq!(answered[1]["id"], 2);
    let text = answered[1]["result"]["content"][0]["text"]
        .as_str()
        .unwrap();
    let status: Value = serde_json::from_str(text).unwrap_or_else(|_| panic!("{text}"));
    assert_eq!(status["status"], "ACTIVE");
}

/// A list answer as records: the server's default compact table decoded, or plain JSON.
fn records(text: &str) -> Value {
    match zscaler_mcp::render::compact::decode(text) {
        Ok(v) => v,
        Err(_) => serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}")),
    }
}

#[test]
fn missing_setting_stops_startup_with_one_line() {
    let out = Command::new(BIN)
        .args(["--transport", "streamable-http", "--port", "0"])
        .env_clear()
        .env("ZSCALER_CLIENT_ID", "x")
        .env("ZSCALER_CLIENT_SECRET", "very-secret-value")
        .env("ZSCALER_VANITY_DOMAIN", "acme")
        .env("ZSCALER_MCP_SERVICES", "zia,bogus")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("ZSCALER_MCP_SERVICES"), "{stderr}");
    assert!(!stderr.contains("very-secret-value"));
}

#[test]
fn list_tools_prints_the_selected_inventory() {
    let out = Command::new(BIN)
        .args(["--list-tools", "--services", "zpa"])
        .env_clear()
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.lines().count() >= 10);
    assert!(stdout
        .lines()
        .all(|l| l.starts_with("zpa_") || l.starts_with("get_zpa")));
}

/// A line-delimited JSON-RPC client over the binary's stdio.
struct StdioClient {
    child: Child,
    stdin: std::process::ChildStdin,
    lines: std::sync::mpsc::Receiver<Value>,
}

impl StdioClient {
    fn start(env: &[(String, String)]) -> StdioClient {
        let mut child = Command::new(BIN)
            .args(["--transport", "stdio"])
            .env_clear()
            .envs(env.iter().cloned())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let v: Value = serde_json::from_str(&line).expect("stdout carries only JSON-RPC");
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        StdioClient {
            child,
            stdin,
            lines: rx,
        }
    }

    fn send(&mut self, v: Value) {
        writeln!(self.stdin, "{v}").unwrap();
        self.stdin.flush().unwrap();
    }

    fn recv(&self) -> Value {
        self.lines
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answered")
    }

    fn initialize(&mut self, capabilities: Value) {
        self.send(
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": capabilities,
            "clientInfo": {"name": "stdio-elicitation-test", "version": "1"}}}),
        );
        assert_eq!(self.recv()["id"], 1);
        self.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    }

    fn call(&mut self, id: i64, tool: &str, args: Value) {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                         "params": {"name": tool, "arguments": args}}));
    }
}

impl Drop for StdioClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn first_text(v: &Value) -> String {
    v["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn stdio_delete_with_answer(answer: Value) -> (zscaler_sim::RunningSim, Value, Value) {
    let sim = start_sim().await;
    let mut env = sim_env(&sim);
    env.push(("ZSCALER_MCP_WRITE_ENABLED".into(), "true".into()));
    env.push((
        "ZSCALER_MCP_WRITE_TOOLS".into(),
        "zia_delete_rule_label".into(),
    ));
    let mut client = StdioClient::start(&env);
    client.initialize(json!({"elicitation": {}}));
    client.call(2, "zia_list_rule_labels", json!({}));
    let labels: Value = records(&first_text(&client.recv()));
    let id = labels[0]["id"].as_i64().unwrap();
    client.call(3, "zia_delete_rule_label", json!({"label_id": id}));
    let question = client.recv();
    assert_eq!(question["method"], "elicitation/create", "{question}");
    client.send(json!({"jsonrpc": "2.0", "id": question["id"], "result": answer}));
    let result = client.recv();
    (sim, question, result)
}

fn sim_deletes(sim: &zscaler_sim::RunningSim) -> usize {
    sim.requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stdio_elicitation_accept_deletes() {
    let (sim, question, result) =
        stdio_delete_with_answer(json!({"action": "accept", "content": {"choice": "delete"}}))
            .await;
    assert!(question["params"]["message"]
        .as_str()
        .unwrap()
        .contains("DELETE ZIA rule label"));
    assert_eq!(result["result"]["isError"], false, "{result}");
    assert_eq!(sim_deletes(&sim), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stdio_elicitation_decline_does_not_delete() {
    for answer in [
        json!({"action": "decline"}),
        json!({"action": "accept", "content": {"choice": "cancel"}}),
    ] {
        let (sim, _, result) = stdio_delete_with_answer(answer.clone()).await;
        assert!(
            first_text(&result).contains("NOT performed"),
            "{answer}: {result}"
        );
        assert_eq!(sim_deletes(&sim), 0, "{answer}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_a_key_ring_for_confirmations() {
    let sim = start_sim().await;
    let mut env = sim_env(&sim);
    env.push(("ZSCALER_MCP_WRITE_ENABLED".into(), "true".into()));
    env.push((
        "ZSCALER_MCP_WRITE_TOOLS".into(),
        "zia_delete_rule_label".into(),
    ));
    env.push((
        "ZSCALER_MCP_REQUEST_STATE_KEYS".into(),
        "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=".into(),
    ));
    let a = spawn_http(&env, &[]);
    let b = spawn_http(&env, &[]);
    let list = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
        "name": "zia_list_rule_labels", "arguments": {}}});
    let (_, body) = post(&a.url, &list).await;
    let labels: Value = records(&first_text(&body));
    let id = labels[0]["id"].as_i64().unwrap();
    let delete = |args: Value| {
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
            "name": "zia_delete_rule_label", "arguments": args}})
    };
    let (_, body) = post(&a.url, &delete(json!({"label_id": id}))).await;
    let text = first_text(&body);
    let token = text[text.find("zc1.").unwrap()..]
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(sim_deletes(&sim), 0);
    let (_, body) = post(
        &b.url,
        &delete(json!({"label_id": id, "confirmation_token": token})),
    )
    .await;
    assert_eq!(body["result"]["isError"], false, "{body}");
    assert_eq!(sim_deletes(&sim), 1);
}

#[test]
fn http_with_write_tools_and_no_key_ring_refuses_to_start() {
    let out = Command::new(BIN)
        .args(["--transport", "streamable-http", "--port", "0", "--sandbox"])
        .args(["--enable-write-tools", "--write-tools", "zia_delete_*"])
        .env_clear()
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ZSCALER_MCP_REQUEST_STATE_KEYS"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_with_a_generated_certificate() {
    let sim = start_sim().await;
    let dir = std::env::temp_dir().join(format!("zscaler-mcp-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cert =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let cert_file = dir.join("cert.pem");
    let key_file = dir.join("key.pem");
    std::fs::write(&cert_file, cert.cert.pem()).unwrap();
    std::fs::write(&key_file, cert.signing_key.serialize_pem()).unwrap();
    let mut env = sim_env(&sim);
    env.push((
        "ZSCALER_MCP_TLS_CERTFILE".into(),
        cert_file.display().to_string(),
    ));
    env.push((
        "ZSCALER_MCP_TLS_KEYFILE".into(),
        key_file.display().to_string(),
    ));
    let server = spawn_http(&env, &[]);
    assert!(server.url.starts_with("https://"), "{}", server.url);

    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap()])
        .build()
        .unwrap();
    let resp = client
        .post(&server.url)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .header("mcp-protocol-version", "2025-06-18")
        .body(
            json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
            "name": "zia_get_activation_status", "arguments": {}}})
            .to_string(),
        )
        .send()
        .await
        .expect("TLS handshake with the generated certificate");
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["result"]["isError"], false, "{body}");

    // Plain HTTP to the TLS port fails: there is no silent downgrade.
    let plain = server.url.replace("https://", "http://");
    let plain_ok = reqwest::Client::new()
        .post(&plain)
        .body("{}")
        .send()
        .await
        .is_ok_and(|r| r.status().is_success());
    assert!(!plain_ok);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The sandbox server asked to listen on every interface, with an empty environment.
fn public_bind() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args([
        "--transport",
        "streamable-http",
        "--host",
        "0.0.0.0",
        "--port",
        "0",
        "--sandbox",
    ])
    .env_clear();
    cmd
}

#[test]
fn plaintext_on_a_public_bind_is_refused() {
    let out = public_bind().output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ZSCALER_MCP_ALLOW_HTTP"));
    let out = public_bind()
        .env("ZSCALER_MCP_ALLOW_HTTP", "true")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("ZSCALER_MCP_ALLOWED_HOSTS"));
}

/// Start the binary with stderr captured to a file; returns the server and the log path.
fn spawn_http_logged(env: &[(String, String)], log: &std::path::Path) -> Server {
    let mut child = Command::new(BIN)
        .args(["--transport", "streamable-http", "--port", "0"])
        .env_clear()
        .envs(env.iter().cloned())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        if let Some(line) = text
            .lines()
            .find(|l| l.starts_with("zscaler-mcp listening on "))
        {
            let url = line
                .trim_start_matches("zscaler-mcp listening on ")
                .to_string();
            return Server { child, url };
        }
        assert!(Instant::now() < deadline, "server did not start: {text}");
        if let Ok(Some(status)) = child.try_wait() {
            panic!("server exited {status}: {text}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_appears_in_any_log_line() {
    const CLIENT_SECRET: &str = "S3CRET-marker-9f8e7d6c";
    const API_KEY: &str = "APIKEY-marker-1234567890";
    const RING: &str = "q6NVnGk0nJ0b3S8wO2Xx8m3Q1p5r7t9v1x3z5B7D9F0=";
    const PSK: &str = "PSK-marker-55aa";
    let sim = zscaler_sim::start(
        zscaler_sim::SimConfig {
            client_secret: CLIENT_SECRET.into(),
            ..zscaler_sim::SimConfig::default()
        },
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
    .unwrap();
    let mut env: Vec<(String, String)> = sim_env(&sim)
        .into_iter()
        .filter(|(k, _)| k != "ZSCALER_MCP_AUTH_ENABLED")
        .collect();
    for (k, v) in [
        ("ZSCALER_CLIENT_SECRET", CLIENT_SECRET),
        ("ZSCALER_MCP_AUTH_MODE", "api-key"),
        ("ZSCALER_MCP_AUTH_API_KEY", API_KEY),
        ("ZSCALER_MCP_REQUEST_STATE_KEYS", RING),
        ("ZSCALER_MCP_WRITE_ENABLED", "true"),
        (
            "ZSCALER_MCP_WRITE_TOOLS",
            "zia_create_vpn_credential,zia_delete_rule_label",
        ),
        ("ZSCALER_MCP_LOG_TOOL_CALLS", "true"),
        // The most specific rmcp directive, which an EnvFilter cap alone would let through.
        ("RUST_LOG", "trace,rmcp::service=trace,rmcp=trace"),
    ] {
        env.retain(|(key, _)| key != k);
        env.push((k.into(), v.into()));
    }
    let log = std::env::temp_dir().join(format!("zscaler-mcp-log-{}.txt", std::process::id()));
    let server = spawn_http_logged(&env, &log);
    let client = reqwest::Client::new();
    let send = |key: &'static str, body: Value| {
        let client = client.clone();
        let url = server.url.clone();
        async move {
            let resp = client
                .post(&url)
                .header("content-type", "application/json")
                .header("accept", "application/json, text/event-stream")
                .header("mcp-protocol-version", "2025-06-18")
                .header("x-api-key", key)
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            resp.json::<Value>().await.unwrap_or(Value::Null)
        }
    };
    let call = |name: &str, args: Value| {
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
               "params": {"name": name, "arguments": args}})
    };
    let labels = send(API_KEY, call("zia_list_rule_labels", json!({}))).await;
    let id = records(&first_text(&labels))[0]["id"].clone();
    let asked = send(
        API_KEY,
        call("zia_delete_rule_label", json!({"label_id": id})),
    )
    .await;
    let text = first_text(&asked);
    let token = text[text.find("zc1.").unwrap()..]
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let done = send(
        API_KEY,
        call(
            "zia_delete_rule_label",
            json!({"label_id": id, "confirmation_token": token}),
        ),
    )
    .await;
    assert_eq!(done["result"]["isError"], false, "{done}");
    let created = send(
        API_KEY,
        call(
            "zia_create_vpn_credential",
            json!({"type": "UFQDN", "fqdn": "branch9@example.com", "pre_shared_key": PSK}),
        ),
    )
    .await;
    assert!(created["result"].is_object(), "{created}");
    let refused = send(
        "wrong-key-0000000000",
        json!({"jsonrpc": "2.0", "id": 9, "method": "tools/list"}),
    )
    .await;
    assert_eq!(refused["error"]["code"], -32001);
    drop(server);

    let logged = std::fs::read_to_string(&log).unwrap();
    let _ = std::fs::remove_file(&log);
    for secret in [CLIENT_SECRET, API_KEY, RING, PSK, token.as_str()] {
        if let Some(line) = logged.lines().find(|l| l.contains(secret)) {
            let shown: String = line.replace(secret, "<SECRET>").chars().take(400).collect();
            panic!("a secret reached the log: {shown}");
        }
    }
    // The trace level really was on (the check above is not vacuous), rmcp's was not.
    assert!(
        logged.contains("\"level\":\"TRACE\""),
        "no trace lines logged"
    );
    assert!(!logged
        .lines()
        .any(|l| l.contains("\"target\":\"rmcp")
            && (l.contains("\"DEBUG\"") || l.contains("\"TRACE\""))));
    let audit: Vec<Value> = logged
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["target"] == "audit")
        .collect();
    assert!(
        audit.len() >= 4,
        "one audit line per tool call: {}",
        audit.len()
    );
    let outcomes: Vec<&str> = audit
        .iter()
        .filter_map(|v| v["fields"]["outcome"].as_str())
        .collect();
    assert!(
        outcomes.contains(&"confirmation_required") && outcomes.contains(&"ok"),
        "{outcomes:?}"
    );
    assert!(audit.iter().all(|v| v["fields"]["principal"]
        .as_str()
        .unwrap_or("")
        .starts_with("api-key:")));
}
