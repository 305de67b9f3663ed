#![recursion_limit = "256"]
//! Shared helpers for the workspace integration tests: a simulator per test, server state
//! pointed at it, and MCP request builders for both protocol eras.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use serde_json::{json, Value};
use tower::ServiceExt;
use zscaler_mcp::{AppState, Config, McpHttpService, Vars};
pub use zscaler_sim::{RunningSim, SimConfig};

pub mod runtime_api;

pub const LEGACY: &str = "2025-06-18";
pub const MODERN: &str = "2026-07-28";

pub async fn start_sim() -> RunningSim {
    start_sim_with(SimConfig::default()).await
}

pub async fn start_sim_with(config: SimConfig) -> RunningSim {
    zscaler_sim::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("simulator starts")
}

/// A service over `vars` (local-mode Host rules).
pub fn service_with(vars: &Vars) -> McpHttpService {
    McpHttpService::new(state_with(vars), false)
}

/// The API requests (not token requests) the simulator saw, as "METHOD path".
pub fn api_calls(sim: &RunningSim) -> Vec<String> {
    sim.requests()
        .into_iter()
        .filter(|r| !r.path.starts_with("/oauth2"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// Text of the first content block of a tool result.
pub fn tool_text(reply: &Reply) -> String {
    reply.body["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no text content in {}", reply.raw))
        .to_string()
}

/// Environment for a server talking to `sim` with the sandbox credentials.
pub fn sim_vars(sim: &RunningSim) -> Vars {
    let d = SimConfig::default();
    Vars::from_pairs([
        ("ZSCALER_CLIENT_ID", d.client_id),
        ("ZSCALER_CLIENT_SECRET", d.client_secret),
        ("ZSCALER_VANITY_DOMAIN", "sandbox".to_string()),
        ("ZSCALER_CUSTOMER_ID", d.customer_id),
        ("ZCELL_CUSTOMER_ID", d.zcell_customer_id),
        ("ZSCALER_MCP_API_BASE_URL", sim.base_url()),
        ("ZSCALER_MCP_TOKEN_URL", sim.token_url()),
        // Most tests exercise the MCP layers; tests of authentication turn it back on.
        ("ZSCALER_MCP_AUTH_ENABLED", "false".to_string()),
        // Most tests are about what a tool does: they list every tool and read its answer
        // as JSON. The defaults (the discovery surface, compact results) have their own
        // tests (discovery.rs, result_format.rs, protocol.rs).
        ("ZSCALER_MCP_TOOL_SURFACE", "full".to_string()),
        ("ZSCALER_MCP_RESULT_FORMAT", "json".to_string()),
    ])
}

pub fn state_with(vars: &Vars) -> Arc<AppState> {
    Arc::new(AppState::new(
        Config::from_vars(vars).expect("valid test config"),
    ))
}

/// A service over `sim` with every tool of the catalog enabled (writes included, no
/// entitlement filter).
pub fn all_tools_service(sim: &RunningSim) -> McpHttpService {
    let mut vars = sim_vars(sim);
    vars.set("ZSCALER_MCP_WRITE_ENABLED", "true");
    vars.set("ZSCALER_MCP_WRITE_TOOLS", "*");
    vars.set("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER", "true");
    service_with(&vars)
}

/// An in-process local-mode HTTP service (loopback Host rules).
pub fn local_service(sim: &RunningSim) -> McpHttpService {
    McpHttpService::new(state_with(&sim_vars(sim)), false)
}

pub fn initialize_body(id: i64, version: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "initialize", "params": {
        "protocolVersion": version,
        "capabilities": {},
        "clientInfo": {"name": "integration-test", "version": "1.0"}
    }})
}

/// `_meta` every 2026-07-28 request carries.
pub fn modern_meta() -> Value {
    json!({
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientInfo": {"name": "integration-test", "version": "1.0"},
        "io.modelcontextprotocol/clientCapabilities": {}
    })
}

pub fn tool_call_body(id: i64, tool: &str, arguments: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
           "params": {"name": tool, "arguments": arguments}})
}

/// A POST to `/mcp` with the headers a legacy-era client sends after `initialize`.
pub fn post() -> http::request::Builder {
    post_with(&[])
}

/// Like `post`, with headers replaced; an empty value removes the header.
pub fn post_with(overrides: &[(&str, &str)]) -> http::request::Builder {
    let mut headers: Vec<(String, String)> = [
        ("host", "127.0.0.1:8000"),
        ("content-type", "application/json"),
        ("accept", "application/json, text/event-stream"),
        ("mcp-protocol-version", LEGACY),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in overrides {
        headers.retain(|(name, _)| name != k);
        if !v.is_empty() {
            headers.push((k.to_string(), v.to_string()));
        }
    }
    let mut b = http::Request::builder()
        .method("POST")
        .uri("http://127.0.0.1:8000/mcp");
    for (k, v) in headers {
        b = b.header(k, v);
    }
    b
}

pub struct Reply {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Value,
    pub raw: String,
}

pub async fn send(svc: &McpHttpService, req: http::Request<Full<Bytes>>) -> Reply {
    let resp = svc.clone().oneshot(req).await.expect("infallible");
    let (parts, body) = resp.into_parts();
    let bytes = body.collect().await.expect("infallible").to_bytes();
    let raw = String::from_utf8_lossy(&bytes).into_owned();
    Reply {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body: serde_json::from_str(&raw).unwrap_or(Value::Null),
        raw,
    }
}

pub async fn send_json(
    svc: &McpHttpService,
    builder: http::request::Builder,
    body: &Value,
) -> Reply {
    let req = builder
        .body(Full::new(Bytes::from(body.to_string())))
        .expect("valid request");
    send(svc, req).await
}

/// A fresh sandbox simulator and the default in-process server in front of it.
pub async fn sandbox() -> (RunningSim, McpHttpService) {
    let sim = start_sim().await;
    let svc = local_service(&sim);
    (sim, svc)
}

/// `body` POSTed to `/mcp` with a legacy-era client's headers.
pub async fn post_json(svc: &McpHttpService, body: &Value) -> Reply {
    send_json(svc, post(), body).await
}

/// A OneAPI bearer token from the simulator, for tests that talk to it directly.
pub async fn sim_token(sim: &RunningSim) -> String {
    static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    let d = SimConfig::default();
    let resp: Value = CLIENT
        .get_or_init(reqwest::Client::new)
        .post(sim.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", d.client_id.as_str()),
            ("client_secret", d.client_secret.as_str()),
            ("audience", "https://api.zscaler.com"),
        ])
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("token JSON");
    resp["access_token"]
        .as_str()
        .expect("the simulator answers an access_token")
        .to_string()
}

/// The JSON the tool returned in its first text block.
pub fn tool_json(reply: &Reply) -> Value {
    let text = reply.body["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no text content in {}", reply.raw));
    // Untrusted-content tools prefix the JSON with a one-line banner.
    let json = match text.strip_prefix("[UNTRUSTED CONTENT]") {
        Some(rest) => rest.split_once('\n').map_or("", |(_, j)| j),
        None => text,
    };
    // A compact table (the default format, for servers not built from `sim_vars`) is read
    // back as the JSON records it encodes.
    if json.starts_with(zscaler_mcp::render::compact::HEADER_PREFIX) {
        return zscaler_mcp::render::compact::decode(json)
            .unwrap_or_else(|e| panic!("a compact table that does not decode ({e}): {text}"));
    }
    serde_json::from_str(json).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// A `moto_server` (Secrets Manager) on a free loopback port, stopped on drop.
pub struct Moto {
    child: std::process::Child,
    pub endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Start moto from the project venv (created by tests/run.sh) or PATH.
pub async fn start_moto() -> Moto {
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/../.venv/bin/moto_server");
    let program = if std::path::Path::new(venv).exists() {
        venv.to_string()
    } else {
        "moto_server".to_string()
    };
    let port = free_port();
    let child = std::process::Command::new(&program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {program} ({e}): run `bash tests/run.sh`, which creates .venv with moto[server]")
        });
    let endpoint = format!("http://127.0.0.1:{port}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "moto_server did not start"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Moto { child, endpoint }
}

impl Moto {
    /// An SDK client for test setup (create and rotate secrets).
    pub async fn client(&self) -> aws_sdk_secretsmanager::Client {
        let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .credentials_provider(aws_sdk_secretsmanager::config::Credentials::new(
                "test", "test", None, None, "test",
            ))
            .load()
            .await;
        aws_sdk_secretsmanager::Client::new(&conf)
    }

    /// Variables pointing the server's Secrets Manager client at this moto.
    pub fn vars(&self, secret_name: &str) -> Vars {
        Vars::from_pairs([
            ("ZSCALER_SECRET_NAME", secret_name),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ENDPOINT_URL_SECRETS_MANAGER", self.endpoint.as_str()),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("ZSCALER_MCP_AUTH_ENABLED", "false"),
        ])
    }
}

/// The confirmation token (`zc1.…`) a confirmation request offers, if any.
pub fn confirmation_token_in(text: &str) -> Option<String> {
    let start = text.find("zc1.")?;
    text[start..]
        .split(|c: char| c == '"' || c.is_whitespace())
        .next()
        .map(str::to_string)
}

/// The RSA key the JWT tests sign with (`infra/simulator/tests/fixtures`).
pub fn test_signing_key() -> jsonwebtoken::EncodingKey {
    let pem = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../infra/simulator/tests/fixtures/test_client_private.pem"
    ))
    .expect("the test key fixture");
    jsonwebtoken::EncodingKey::from_rsa_pem(pem.as_bytes()).expect("an RSA key")
}

/// A JWKS endpoint on loopback serving `test_signing_key` as kid "k1"; returns its URL.
pub async fn serve_jwks() -> String {
    use jsonwebtoken::{jwk::Jwk, Algorithm};
    let mut jwk = serde_json::to_value(
        Jwk::from_encoding_key(&test_signing_key(), Algorithm::RS256).expect("a JWK"),
    )
    .expect("JSON");
    jwk["kid"] = json!("k1");
    let body = json!({"keys": [jwk]});
    let app = axum::Router::new().route(
        "/jwks.json",
        axum::routing::get(move || {
            let body = body.clone();
            async move { axum::Json(body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("bound");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/jwks.json")
}

/// The issuer the JWT tests sign as (with `test_signing_key`).
pub const TEST_ISSUER: &str = "https://login.example.com/tenant";

/// A jwt-mode service over `sim` trusting `serve_jwks` for `TEST_ISSUER`, with
/// `zia_delete_rule_label` enabled and the key ring `keys`; `extra` variables last.
pub async fn jwt_service_with(
    sim: &RunningSim,
    keys: &str,
    extra: &[(&str, &str)],
) -> McpHttpService {
    let mut vars = sim_vars(sim);
    vars.set("ZSCALER_MCP_AUTH_ENABLED", "true");
    vars.set("ZSCALER_MCP_AUTH_MODE", "jwt");
    vars.set("ZSCALER_MCP_AUTH_JWKS_URI", serve_jwks().await);
    vars.set("ZSCALER_MCP_AUTH_ISSUER", TEST_ISSUER);
    vars.set("ZSCALER_MCP_WRITE_ENABLED", "true");
    vars.set("ZSCALER_MCP_WRITE_TOOLS", "zia_delete_rule_label");
    vars.set("ZSCALER_MCP_REQUEST_STATE_KEYS", keys);
    for (k, v) in extra {
        vars.set(k, *v);
    }
    service_with(&vars)
}

/// The tool names of a `tools/list` answer, in order.
pub fn listed_names(r: &Reply) -> Vec<String> {
    r.body["result"]["tools"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", r.raw))
        .iter()
        .map(|t| t["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A 2026-07-28 `tools/call` of `tool` from a client that declared form elicitation (the
/// MRTR confirmation path); a retry carries the `requestState` and `inputResponses`.
pub fn modern_tool_call(
    tool: &str,
    args: Value,
    state: Option<&str>,
    responses: Option<Value>,
) -> (http::request::Builder, Value) {
    let mut params = json!({"name": tool, "arguments": args, "_meta": {
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientInfo": {"name": "t", "version": "1"},
        "io.modelcontextprotocol/clientCapabilities": {"elicitation": {"form": {}}}
    }});
    if let Some(s) = state {
        params["requestState"] = json!(s);
    }
    if let Some(r) = responses {
        params["inputResponses"] = r;
    }
    (
        post_with(&[
            ("mcp-protocol-version", MODERN),
            ("mcp-method", "tools/call"),
            ("mcp-name", tool),
        ]),
        json!({"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": params}),
    )
}

/// A token `TEST_ISSUER` signs (kid "k1") for audience `aud` with `scope`, valid 10 minutes.
pub fn test_jwt(aud: &str, scope: &str) -> String {
    signed_test_jwt(json!({"aud": aud, "sub": "user-1", "azp": "agent-app", "scope": scope}))
}

/// A token `TEST_ISSUER` signs (kid "k1") with `claims`, issued now, valid 10 minutes.
pub fn signed_test_jwt(mut claims: Value) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = Some("k1".into());
    claims["iss"] = json!(TEST_ISSUER);
    claims["iat"] = json!(now);
    claims["exp"] = json!(now + 600);
    jsonwebtoken::encode(&header, &claims, &test_signing_key()).expect("a signed token")
}

/// A `tracing` writer into a shared buffer (the audit lines of one test).
#[derive(Clone, Default)]
pub struct AuditCapture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for AuditCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl AuditCapture {
    /// A JSON log subscriber into a new buffer, the default for this thread while the guard
    /// lives (run the test on one thread so it sees every event).
    pub fn install() -> (
        AuditCapture,
        lambda_runtime::tracing::dispatcher::DefaultGuard,
    ) {
        use lambda_runtime::tracing::{self, subscriber};
        let captured = AuditCapture::default();
        let writer = captured.clone();
        let sink = subscriber::fmt()
            .json()
            .with_writer(move || writer.clone())
            .finish();
        let guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(sink));
        (captured, guard)
    }

    pub fn audit_lines(&self) -> Vec<Value> {
        String::from_utf8_lossy(&self.0.lock().unwrap())
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| v["target"] == "audit")
            .map(|v| v["fields"].clone())
            .collect()
    }
}

/// The `.json` files directly in `dir`, sorted by path (catalog cases, parity fixtures).
pub fn json_files_in(dir: impl AsRef<std::path::Path>) -> Vec<std::path::PathBuf> {
    let dir = dir.as_ref();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// The catalog cases' files (`tests/catalog_cases/*.json`), sorted.
pub fn catalog_case_files() -> Vec<std::path::PathBuf> {
    json_files_in(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog_cases"))
}
