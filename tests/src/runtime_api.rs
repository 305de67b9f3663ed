//! The real Lambda bootstrap (`zscaler-mcp-lambda`) as a process, against a loopback stand-in
//! for the Lambda Runtime API: what `lambda_runtime` talks to in AWS.
//!
//! ```ignore
//! let (addr, api) = runtime_api::start().await;
//! let mut function = Bootstrap::spawn(addr, &[("RUST_LOG", "trace"), …]);
//! let reply = api.invoke(&mcp_post_event(&body, &[("x-api-key", key)])).await?;
//! assert_eq!(reply.status_code(), Some(200));
//! let logs = function.stop().stderr;
//! ```
//!
//! The stand-in serves the four Runtime API routes the runtime uses:
//! `GET /2018-06-01/runtime/invocation/next` (long poll; hands out queued events with the
//! `Lambda-Runtime-Aws-Request-Id`, `-Deadline-Ms`, `-Invoked-Function-Arn` and `-Trace-Id`
//! headers), `POST …/invocation/{id}/response`, `POST …/invocation/{id}/error` and
//! `POST …/runtime/init/error`. Events are handed out one at a time, in order, as in Lambda.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::Read;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use tokio::sync::{oneshot, Notify};

/// How long [`RuntimeApi::invoke`] waits for the function's answer.
pub const DEFAULT_INVOKE_TIMEOUT: Duration = Duration::from_secs(30);

/// What the function answered for one event.
#[derive(Clone, Debug, PartialEq)]
pub enum Invocation {
    /// `POST …/response`: the function's result (for `lambda_http`, the API Gateway response
    /// JSON), parsed; a body that is not JSON is kept as a JSON string.
    Response(Value),
    /// `POST …/error`: the error the runtime reported (`errorType`, `errorMessage`).
    Error(Value),
}

impl Invocation {
    /// The response JSON; panics on an error invocation.
    pub fn response(&self) -> &Value {
        match self {
            Invocation::Response(v) => v,
            Invocation::Error(e) => panic!("the invocation failed: {e}"),
        }
    }

    /// `statusCode` of an API Gateway response.
    pub fn status_code(&self) -> Option<u16> {
        match self {
            Invocation::Response(v) => v["statusCode"].as_u64().map(|s| s as u16),
            Invocation::Error(_) => None,
        }
    }

    /// A response header (single- or multi-value form), by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        let v = self.response();
        v["headers"][name]
            .as_str()
            .or_else(|| v["multiValueHeaders"][name][0].as_str())
    }

    /// The response body (not base64 decoded), or "".
    pub fn body(&self) -> &str {
        self.response()["body"].as_str().unwrap_or("")
    }

    /// The response body parsed as JSON (`Null` if it is not JSON).
    pub fn body_json(&self) -> Value {
        serde_json::from_str(self.body()).unwrap_or(Value::Null)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum InvokeError {
    /// No answer within the timeout (the function hung, or died: see
    /// [`Bootstrap::is_running`]).
    Timeout,
    /// The function reported an initialisation error instead of polling for events.
    InitError(Value),
}

impl std::fmt::Display for InvokeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InvokeError::Timeout => f.write_str("no answer from the function in time"),
            InvokeError::InitError(e) => write!(f, "the function failed to start: {e}"),
        }
    }
}

impl std::error::Error for InvokeError {}

struct Queued {
    id: String,
    body: Bytes,
    deadline: Duration,
}

#[derive(Default)]
struct Inner {
    queue: Mutex<VecDeque<Queued>>,
    queued: Notify,
    waiting: Mutex<HashMap<String, oneshot::Sender<Invocation>>>,
    handed_out: Mutex<HashSet<String>>,
    next_id: AtomicU64,
    polls: AtomicUsize,
    polled: Notify,
    init_error: Mutex<Option<Value>>,
    init_failed: Notify,
}

/// A handle on the Runtime API stand-in (cheap to clone). The server runs until the tokio
/// runtime that started it shuts down.
#[derive(Clone)]
pub struct RuntimeApi {
    addr: SocketAddr,
    inner: Arc<Inner>,
}

/// Start the stand-in on a free loopback port. Point the function at it with
/// `AWS_LAMBDA_RUNTIME_API=<addr>` ([`Bootstrap::spawn`] does).
pub async fn start() -> (SocketAddr, RuntimeApi) {
    let inner = Arc::new(Inner::default());
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(respond),
        )
        .route("/2018-06-01/runtime/invocation/{id}/error", post(fail))
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(inner.clone());
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("a loopback port for the Runtime API");
    let addr = listener.local_addr().expect("bound address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (addr, RuntimeApi { addr, inner })
}

impl RuntimeApi {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Send one event (any JSON: an API Gateway event from [`http_api_event`], or something
    /// hostile) and wait up to [`DEFAULT_INVOKE_TIMEOUT`] for the answer.
    pub async fn invoke(&self, event: &Value) -> Result<Invocation, InvokeError> {
        self.invoke_with_timeout(event, DEFAULT_INVOKE_TIMEOUT)
            .await
    }

    pub async fn invoke_with_timeout(
        &self,
        event: &Value,
        timeout: Duration,
    ) -> Result<Invocation, InvokeError> {
        self.invoke_raw(Bytes::from(event.to_string()), timeout)
            .await
    }

    /// Send raw bytes as the event body (not necessarily JSON) and wait for the answer.
    pub async fn invoke_raw(
        &self,
        body: impl Into<Bytes>,
        timeout: Duration,
    ) -> Result<Invocation, InvokeError> {
        if let Some(e) = self.init_error() {
            return Err(InvokeError::InitError(e));
        }
        let id = format!(
            "8476a536-e9f4-11e8-9739-{:012x}",
            self.inner.next_id.fetch_add(1, Ordering::SeqCst) + 1
        );
        let (tx, rx) = oneshot::channel();
        lock(&self.inner.waiting).insert(id.clone(), tx);
        lock(&self.inner.queue).push_back(Queued {
            id: id.clone(),
            body: body.into(),
            deadline: timeout,
        });
        self.inner.queued.notify_one();
        let init_failed = self.inner.init_failed.notified();
        let outcome = tokio::select! {
            answer = tokio::time::timeout(timeout, rx) => match answer {
                Ok(Ok(invocation)) => Ok(invocation),
                _ => Err(InvokeError::Timeout),
            },
            _ = init_failed => Err(InvokeError::InitError(
                self.init_error().unwrap_or(Value::Null),
            )),
        };
        if outcome.is_err() {
            lock(&self.inner.waiting).remove(&id);
            lock(&self.inner.queue).retain(|q| q.id != id);
        }
        outcome
    }

    /// How many times the function asked for the next event. A live function asks again
    /// after each answer, so `polls() == invocations + 1` while it is idle.
    pub fn polls(&self) -> usize {
        self.inner.polls.load(Ordering::SeqCst)
    }

    /// Wait until the function has polled at least `n` times (`n = 1`: it finished its
    /// initialisation). False on timeout or init error.
    pub async fn wait_for_polls(&self, n: usize, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let polled = self.inner.polled.notified();
            if self.polls() >= n {
                return true;
            }
            if self.init_error().is_some() {
                return false;
            }
            if tokio::time::timeout_at(deadline, polled).await.is_err() {
                return self.polls() >= n;
            }
        }
    }

    /// The body of `POST /runtime/init/error`, if the function sent one.
    pub fn init_error(&self) -> Option<Value> {
        lock(&self.inner.init_error).clone()
    }

    /// Request ids handed to the function so far.
    pub fn handed_out(&self) -> usize {
        lock(&self.inner.handed_out).len()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn epoch_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis()
}

async fn next(State(inner): State<Arc<Inner>>) -> Response {
    inner.polls.fetch_add(1, Ordering::SeqCst);
    inner.polled.notify_waiters();
    loop {
        let queued = inner.queued.notified();
        let item = {
            let mut q = lock(&inner.queue);
            // Skip events whose caller gave up.
            loop {
                match q.pop_front() {
                    Some(item) if lock(&inner.waiting).contains_key(&item.id) => break Some(item),
                    Some(_) => continue,
                    None => break None,
                }
            }
        };
        let Some(item) = item else {
            queued.await;
            continue;
        };
        lock(&inner.handed_out).insert(item.id.clone());
        let deadline = epoch_ms() + item.deadline.as_millis();
        let mut headers = HeaderMap::new();
        let mut set = |name: &'static str, value: String| {
            headers.insert(name, HeaderValue::from_str(&value).expect("ASCII header"));
        };
        set("content-type", "application/json".into());
        set("lambda-runtime-aws-request-id", item.id.clone());
        set("lambda-runtime-deadline-ms", deadline.to_string());
        set(
            "lambda-runtime-invoked-function-arn",
            "arn:aws:lambda:us-east-1:123456789012:function:zscaler-mcp".into(),
        );
        set(
            "lambda-runtime-trace-id",
            "Root=1-5e9f0c65-1de4d666d4dd26aced652b6c;Parent=53995c3f42cd8ad8;Sampled=0".into(),
        );
        return (StatusCode::OK, headers, item.body).into_response();
    }
}

fn deliver(inner: &Inner, id: &str, answer: Invocation) -> Response {
    match lock(&inner.waiting).remove(id) {
        Some(tx) => {
            let _ = tx.send(answer);
            (StatusCode::ACCEPTED, axum::Json(json!({"status": "OK"}))).into_response()
        }
        None => (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"errorMessage": "unknown or finished request id",
                              "errorType": "InvalidRequestID"})),
        )
            .into_response(),
    }
}

fn parse(body: &Bytes) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

async fn respond(
    State(inner): State<Arc<Inner>>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> Response {
    deliver(&inner, &id, Invocation::Response(parse(&body)))
}

async fn fail(
    State(inner): State<Arc<Inner>>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> Response {
    deliver(&inner, &id, Invocation::Error(parse(&body)))
}

async fn init_error(State(inner): State<Arc<Inner>>, body: Bytes) -> Response {
    *lock(&inner.init_error) = Some(parse(&body));
    inner.init_failed.notify_waiters();
    (StatusCode::ACCEPTED, axum::Json(json!({"status": "OK"}))).into_response()
}

// ---------------------------------------------------------------------------------------
// Events

fn fixture(name: &str) -> Value {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture exists"))
        .expect("fixture is JSON")
}

/// A real HTTP API (v2) event (tests/fixtures/apigw-v2-request.json) turned into `method
/// path` with `headers` (lower-case names) and a UTF-8 `body`. The Host header stays the
/// API Gateway domain the request context names, as API Gateway sends it.
pub fn http_api_event(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Value {
    let mut e = fixture("apigw-v2-request.json");
    e["rawPath"] = json!(path);
    e["requestContext"]["http"]["method"] = json!(method);
    e["requestContext"]["http"]["path"] = json!(path);
    e["headers"]
        .as_object_mut()
        .expect("fixture headers")
        .remove("content-length");
    for (k, v) in headers {
        e["headers"][k.to_ascii_lowercase()] = json!(v);
    }
    match body {
        Some(b) => {
            e["body"] = json!(b);
            e["headers"]["content-length"] = json!(b.len().to_string());
        }
        None => {
            e.as_object_mut().expect("event object").remove("body");
        }
    }
    e["isBase64Encoded"] = json!(false);
    e
}

/// A JSON-RPC POST to `/mcp` as a legacy-era client sends it, plus `headers`.
pub fn mcp_post_event(body: &Value, headers: &[(&str, &str)]) -> Value {
    let mut all = vec![
        ("content-type", "application/json"),
        ("accept", "application/json, text/event-stream"),
        ("mcp-protocol-version", crate::LEGACY),
    ];
    all.extend_from_slice(headers);
    http_api_event("POST", "/mcp", &all, Some(&body.to_string()))
}

// ---------------------------------------------------------------------------------------
// The bootstrap process

/// The `zscaler-mcp-lambda` executable, built for this test profile on first use.
///
/// `ZSCALER_MCP_LAMBDA_BIN` overrides it. Otherwise `cargo build -p zscaler-mcp-lambda` runs
/// once per test process (cargo releases its build lock before tests run, so this works
/// inside `cargo test --workspace`; when the binary is up to date it costs well under a
/// second), with the cargo that runs the tests (`$CARGO`) and the same profile as this test
/// executable, and the path comes from cargo's own artifact report (so `CARGO_TARGET_DIR`
/// is honoured).
pub fn lambda_bootstrap_binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("ZSCALER_MCP_LAMBDA_BIN") {
            return PathBuf::from(p);
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("tests/ is in the workspace");
        let mut cmd = Command::new(cargo);
        cmd.current_dir(workspace).args([
            "build",
            "-p",
            "zscaler-mcp-lambda",
            "--bin",
            "zscaler-mcp-lambda",
            "--message-format=json-render-diagnostics",
        ]);
        // This executable lives in <target>/<profile>/deps/.
        let profile = std::env::current_exe().ok().and_then(|exe| {
            let dir = exe.parent()?.parent()?;
            Some(dir.file_name()?.to_string_lossy().into_owned())
        });
        match profile.as_deref() {
            Some("release") => {
                cmd.arg("--release");
            }
            Some("debug") | None => {}
            Some(other) => {
                cmd.args(["--profile", other]);
            }
        }
        let out = cmd
            .stderr(Stdio::piped())
            .output()
            .expect("cargo runs (set ZSCALER_MCP_LAMBDA_BIN to use a prebuilt bootstrap)");
        assert!(
            out.status.success(),
            "cargo build -p zscaler-mcp-lambda failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|m| {
                m["reason"] == "compiler-artifact" && m["target"]["name"] == "zscaler-mcp-lambda"
            })
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the bootstrap executable")
    })
    .as_path()
}

/// The environment Lambda gives every function (the runtime requires the function name,
/// memory size and version), pointed at `runtime`.
pub fn lambda_env(runtime: SocketAddr) -> Vec<(String, String)> {
    [
        ("AWS_LAMBDA_RUNTIME_API", runtime.to_string()),
        ("AWS_LAMBDA_FUNCTION_NAME", "zscaler-mcp".into()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128".into()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".into()),
        (
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "/aws/lambda/zscaler-mcp".into(),
        ),
        (
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "2024/01/01/[$LATEST]0123456789abcdef".into(),
        ),
        ("LAMBDA_TASK_ROOT", "/var/task".into()),
        ("TZ", ":UTC".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// What the process wrote, once it is stopped.
#[derive(Debug)]
pub struct Captured {
    /// `None` if it was still running and had to be killed.
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
}

/// A running bootstrap with its stdout and stderr captured. Killed on drop.
pub struct Bootstrap {
    child: Child,
    stdout: Arc<Mutex<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    readers: Vec<std::thread::JoinHandle<()>>,
}

impl Bootstrap {
    /// Run [`lambda_bootstrap_binary`] against the Runtime API at `runtime`, with a clean
    /// environment: [`lambda_env`], `PATH`, and `vars` (which win).
    pub fn spawn<K: AsRef<str>, V: AsRef<str>>(runtime: SocketAddr, vars: &[(K, V)]) -> Bootstrap {
        Bootstrap::spawn_program(lambda_bootstrap_binary(), runtime, vars)
    }

    /// Like [`Bootstrap::spawn`], with another executable.
    pub fn spawn_program<K: AsRef<str>, V: AsRef<str>>(
        program: &Path,
        runtime: SocketAddr,
        vars: &[(K, V)],
    ) -> Bootstrap {
        let mut cmd = Command::new(program);
        cmd.env_clear();
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        for (k, v) in lambda_env(runtime) {
            cmd.env(k, v);
        }
        for (k, v) in vars {
            cmd.env(k.as_ref(), v.as_ref());
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let readers = vec![
            pump(child.stdout.take().expect("piped stdout"), stdout.clone()),
            pump(child.stderr.take().expect("piped stderr"), stderr.clone()),
        ];
        Bootstrap {
            child,
            stdout,
            stderr,
            readers,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process is still alive (it has not exited or crashed).
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// stderr so far (the JSON log lines).
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&lock(&self.stderr)).into_owned()
    }

    /// stdout so far (should stay empty: logs go to stderr).
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&lock(&self.stdout)).into_owned()
    }

    /// Stop the process (kill if it still runs) and return everything it wrote.
    pub fn stop(mut self) -> Captured {
        let status = match self.child.try_wait() {
            Ok(Some(status)) => Some(status),
            _ => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                None
            }
        };
        for r in self.readers.drain(..) {
            let _ = r.join();
        }
        Captured {
            status,
            stdout: self.stdout(),
            stderr: self.stderr(),
        }
    }
}

impl Drop for Bootstrap {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn pump(
    mut from: impl Read + Send + 'static,
    into: Arc<Mutex<Vec<u8>>>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => lock(&into).extend_from_slice(&buf[..n]),
            }
        }
    })
}
