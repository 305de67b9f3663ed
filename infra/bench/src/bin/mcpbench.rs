//! mcpbench: the probes and the bounded load generator behind infra/bench/run.sh.
//!
//! Every mode is bounded in request count and in time, and only talks to loopback
//! addresses (any other URL is refused).
//!
//!   mcpbench startup --runs N --out F --target NAME=CMD [--target NAME=CMD ...] [--timeout-s S]
//!       Interleaved cold starts: spawn CMD (`{port}` is replaced by a free loopback port;
//!       leading VAR=value words set the environment),
//!       poll the port, POST `initialize` (Connection: close) and time spawn -> full answer.
//!   mcpbench mixed --url U --mix F --calls N --pid P --out F [--time-limit-s S]
//!       N calls in sequence, cycling through the mix; RSS of P before and after.
//!   mcpbench load --url U --mix F --calls N --concurrency C --pid P --out F
//!                 [--time-limit-s S] [--request-timeout-s T] [--sample-ms M]
//!                 [--fault-sim SIMURL --fault-every K]
//!       N calls over C keep-alive connections; RSS sampled every M ms; outcomes counted.
//!       With --fault-sim, before every K-th call that goes upstream (a mix entry with a
//!       product) one `times:1` rate-limit fault for that product is posted to the simulator,
//!       so about 1/(K+1) of the upstream answers are 429 (the retries included).
//!   mcpbench latency --url U --body-file F --calls N --out F [--method GET] [--header 'K: V']
//!       N sequential requests on one keep-alive connection (the fallback for wrk).
//!
//! A mix file is a JSON array of {"body": {JSON-RPC without id}, "expect": "ok"|"tool_error",
//! "product": "zia"|"zpa"|null}.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};

// ------------------------------------------------------------------ arguments

struct Args {
    mode: String,
    kv: Vec<(String, String)>,
}

impl Args {
    fn parse() -> Args {
        let mut it = std::env::args().skip(1);
        let mode = it.next().unwrap_or_default();
        let mut kv = Vec::new();
        while let Some(k) = it.next() {
            let k = k.trim_start_matches("--").to_string();
            let v = it
                .next()
                .unwrap_or_else(|| die(&format!("--{k} needs a value")));
            kv.push((k, v));
        }
        Args { mode, kv }
    }
    fn get(&self, k: &str) -> Option<&str> {
        self.kv
            .iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }
    fn all(&self, k: &str) -> Vec<&str> {
        self.kv
            .iter()
            .filter(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    fn req(&self, k: &str) -> &str {
        self.get(k)
            .unwrap_or_else(|| die(&format!("missing --{k}")))
    }
    fn num<T: std::str::FromStr>(&self, k: &str, default: T) -> T {
        match self.get(k) {
            Some(v) => v.parse().unwrap_or_else(|_| die(&format!("bad --{k} {v}"))),
            None => default,
        }
    }
}

fn die(msg: &str) -> ! {
    eprintln!("mcpbench: {msg}");
    std::process::exit(2);
}

// ------------------------------------------------------------------ targets

#[derive(Clone)]
struct Url {
    addr: SocketAddr,
    host: String,
    path: String,
}

/// `http://HOST:PORT/path`, loopback only.
fn parse_url(url: &str) -> Url {
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| die(&format!("only http:// URLs: {url}")));
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let addr: SocketAddr = authority
        .replace("localhost", "127.0.0.1")
        .parse()
        .unwrap_or_else(|_| {
            die(&format!(
                "need HOST:PORT with a numeric loopback host: {url}"
            ))
        });
    if !addr.ip().is_loopback() {
        die(&format!("refusing a non-loopback target: {url}"));
    }
    Url {
        addr,
        host: authority.to_string(),
        path,
    }
}

fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().unwrap().port()
}

// ------------------------------------------------------------------ stats

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0 * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn summary(values: &[f64]) -> Value {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let mean = if v.is_empty() {
        f64::NAN
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    };
    json!({
        "n": v.len(),
        "min": v.first().copied().unwrap_or(f64::NAN),
        "p10": percentile(&v, 10.0),
        "p50": percentile(&v, 50.0),
        "p90": percentile(&v, 90.0),
        "p99": percentile(&v, 99.0),
        "max": v.last().copied().unwrap_or(f64::NAN),
        "mean": mean,
    })
}

fn write_out(path: &str, v: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(v).unwrap())
        .unwrap_or_else(|e| die(&format!("cannot write {path}: {e}")));
}

/// (VmRSS, VmHWM) in kB.
fn rss_kb(pid: u32) -> Option<(u64, u64)> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        s.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

// ------------------------------------------------------------------ startup

const INIT_BODY: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"mcpbench","version":"0.1.0"}}}"#;

/// One request with `Connection: close`; returns (status, body).
fn exchange_blocking(mut s: TcpStream, port: u16) -> std::io::Result<(u16, Vec<u8>)> {
    s.set_nodelay(true)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    let req = format!(
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2025-06-18\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{INIT_BODY}",
        INIT_BODY.len()
    );
    s.write_all(req.as_bytes())?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    let head_end = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no HTTP header"))?;
    let status = std::str::from_utf8(&buf[..head_end])
        .ok()
        .and_then(|h| h.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Ok((status, buf[head_end + 4..].to_vec()))
}

/// Wait for the child and return its user+system CPU time in ms and its minor page faults.
fn reap(child: &mut std::process::Child) -> (f64, f64) {
    let _ = child.kill();
    let mut status = 0;
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    if r != pid {
        let _ = child.wait();
        return (f64::NAN, f64::NAN);
    }
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
    (ms(ru.ru_utime) + ms(ru.ru_stime), ru.ru_minflt as f64)
}

fn startup(a: &Args) {
    let runs: usize = a.num("runs", 20);
    let timeout = Duration::from_secs(a.num("timeout-s", 10));
    let targets: Vec<(String, String)> = a
        .all("target")
        .iter()
        .map(|t| {
            let (n, c) = t
                .split_once('=')
                .unwrap_or_else(|| die("--target NAME=CMD"));
            (n.to_string(), c.to_string())
        })
        .collect();
    if targets.is_empty() {
        die("no --target");
    }
    let mut answer: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut listen: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut cpu: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut faults: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // One unmeasured warm-up start of each (page cache), then interleaved runs,
    // alternating the order so neither side always goes first.
    for run in 0..=runs {
        let mut order: Vec<&(String, String)> = targets.iter().collect();
        if run % 2 == 1 {
            order.reverse();
        }
        for (name, cmd) in order {
            let port = free_port();
            let line = cmd.replace("{port}", &port.to_string());
            // Leading VAR=value words are environment settings, as in a shell.
            let words: Vec<&str> = line.split_whitespace().collect();
            let n_env = words
                .iter()
                .take_while(|w| {
                    w.split_once('=').is_some_and(|(k, _)| {
                        !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    })
                })
                .count();
            let (env, parts) = words.split_at(n_env);
            if parts.is_empty() {
                die(&format!("no command in --target {name}"));
            }
            let mut command = Command::new(parts[0]);
            for kv in env {
                let (k, v) = kv.split_once('=').unwrap();
                command.env(k, v);
            }
            let t0 = Instant::now();
            let mut child = match command
                .args(&parts[1..])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
            {
                Ok(c) => c,
                Err(e) => die(&format!("cannot spawn {line}: {e}")),
            };
            let mut listened = None;
            let result = loop {
                if let Ok(s) = TcpStream::connect(("127.0.0.1", port)) {
                    listened.get_or_insert_with(|| t0.elapsed());
                    match exchange_blocking(s, port) {
                        Ok((200, body)) if body.windows(8).any(|w| w == b"\"result\"") => {
                            break Ok(t0.elapsed())
                        }
                        Ok((status, body)) => {
                            break Err(format!(
                                "HTTP {status}: {}",
                                String::from_utf8_lossy(&body[..body.len().min(200)])
                            ))
                        }
                        Err(_) => {} // accepted but reset before serving: retry
                    }
                }
                if t0.elapsed() > timeout {
                    break Err("no answer within the timeout".to_string());
                }
                if let Ok(Some(st)) = child.try_wait() {
                    break Err(format!("exited early: {st}"));
                }
                std::thread::sleep(Duration::from_micros(50));
            };
            let (cpu_ms, minor_faults) = reap(&mut child);
            if run == 0 {
                continue; // warm-up
            }
            match result {
                Ok(d) => {
                    answer
                        .entry(name.clone())
                        .or_default()
                        .push(d.as_secs_f64() * 1e3);
                    listen
                        .entry(name.clone())
                        .or_default()
                        .push(listened.unwrap_or(d).as_secs_f64() * 1e3);
                    cpu.entry(name.clone()).or_default().push(cpu_ms);
                    faults.entry(name.clone()).or_default().push(minor_faults);
                }
                Err(e) => failures.entry(name.clone()).or_default().push(e),
            }
        }
    }
    let mut out = serde_json::Map::new();
    for (name, _) in &targets {
        out.insert(
            name.clone(),
            json!({
                "first_answer_ms": summary(answer.get(name).map_or(&[][..], |v| v)),
                "first_connect_ms": summary(listen.get(name).map_or(&[][..], |v| v)),
                "cpu_ms": summary(cpu.get(name).map_or(&[][..], |v| v)),
                "minor_faults": summary(faults.get(name).map_or(&[][..], |v| v)),
                "samples_ms": answer.get(name).cloned().unwrap_or_default(),
                "failures": failures.get(name).cloned().unwrap_or_default(),
            }),
        );
    }
    write_out(a.req("out"), &Value::Object(out));
}

// ------------------------------------------------------------------ async client

struct Client {
    url: Url,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Client {
    fn new(url: Url) -> Client {
        Client { url, sender: None }
    }

    async fn connect(&self) -> Result<SendRequest<Full<Bytes>>, String> {
        let stream = tokio::net::TcpStream::connect(self.url.addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        let _ = stream.set_nodelay(true);
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(sender)
    }

    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Bytes>,
        headers: &[(String, String)],
    ) -> Result<(u16, Bytes), String> {
        if self.sender.as_ref().is_none_or(|s| s.is_closed()) {
            self.sender = Some(self.connect().await?);
        }
        let sender = self.sender.as_mut().unwrap();
        sender
            .ready()
            .await
            .map_err(|e| format!("not ready: {e}"))?;
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header("host", &self.url.host);
        if body.is_some() {
            b = b
                .header("content-type", "application/json")
                .header("accept", "application/json, text/event-stream")
                .header("mcp-protocol-version", "2025-06-18");
        }
        for (k, v) in headers {
            b = b.header(k.as_str(), v.as_str());
        }
        let req = b
            .body(Full::new(body.unwrap_or_default()))
            .map_err(|e| format!("request: {e}"))?;
        let resp = sender
            .send_request(req)
            .await
            .map_err(|e| format!("send: {e}"))?;
        let status = resp.status().as_u16();
        let bytes = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("body: {e}"))?
            .to_bytes();
        Ok((status, bytes))
    }

    /// `send` bounded by `timeout`; any failure drops the connection.
    async fn call(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Bytes>,
        headers: &[(String, String)],
        timeout: Duration,
    ) -> Result<(u16, Bytes), String> {
        let r = tokio::time::timeout(timeout, self.send(method, path, body, headers)).await;
        match r {
            Ok(Ok(x)) => Ok(x),
            Ok(Err(e)) => {
                self.sender = None;
                Err(e)
            }
            Err(_) => {
                self.sender = None;
                Err("timeout".to_string())
            }
        }
    }
}

// ------------------------------------------------------------------ outcomes

#[derive(Clone)]
struct MixEntry {
    body: Value,
    expect: String,
    product: Option<String>,
}

fn load_mix(path: &str) -> Vec<MixEntry> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| die(&format!("{path}: {e}")));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| die(&format!("{path}: {e}")));
    let mix: Vec<MixEntry> = v
        .as_array()
        .unwrap_or_else(|| die("mix must be an array"))
        .iter()
        .map(|e| MixEntry {
            body: e["body"].clone(),
            expect: e["expect"].as_str().unwrap_or("ok").to_string(),
            product: e["product"].as_str().map(str::to_string),
        })
        .collect();
    if mix.is_empty() {
        die("empty mix");
    }
    mix
}

fn body_for(entry: &MixEntry, id: usize) -> Bytes {
    let mut b = entry.body.clone();
    b["jsonrpc"] = json!("2.0");
    b["id"] = json!(id);
    Bytes::from(serde_json::to_vec(&b).unwrap())
}

/// The JSON-RPC message of a response (plain JSON, or the first SSE `data:` line).
fn parse_message(body: &[u8]) -> Option<Value> {
    if let Ok(v) = serde_json::from_slice(body) {
        return Some(v);
    }
    let text = std::str::from_utf8(body).ok()?;
    text.lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .find_map(|d| serde_json::from_str(d.trim()).ok())
}

/// "ok" | "tool_error" | "rpc_error" | "http_<code>" | "bad_body", plus a short text.
/// One call of the mixed workload, timed and counted in `tally`.
async fn mix_call(
    client: &mut Client,
    path: &str,
    entry: &MixEntry,
    id: usize,
    timeout: Duration,
    tally: &mut Tally,
) {
    let t = Instant::now();
    let r = client
        .call(Method::POST, path, Some(body_for(entry, id)), &[], timeout)
        .await;
    let (outcome, text) = match r {
        Ok((status, body)) => classify(status, &body),
        Err(e) if e == "timeout" => ("timeout".to_string(), e),
        Err(e) => ("transport".to_string(), e),
    };
    tally.add(&entry.expect, t.elapsed(), &outcome, &text);
}

fn classify(status: u16, body: &[u8]) -> (String, String) {
    if status != 200 {
        return (
            format!("http_{status}"),
            String::from_utf8_lossy(&body[..body.len().min(160)]).to_string(),
        );
    }
    let Some(msg) = parse_message(body) else {
        return (
            "bad_body".into(),
            String::from_utf8_lossy(&body[..body.len().min(160)]).to_string(),
        );
    };
    if let Some(err) = msg.get("error") {
        return (
            "rpc_error".into(),
            err["message"]
                .as_str()
                .unwrap_or("")
                .chars()
                .take(160)
                .collect(),
        );
    }
    let result = &msg["result"];
    if result["isError"] == json!(true) {
        let text = result["content"][0]["text"].as_str().unwrap_or("");
        return ("tool_error".into(), text.chars().take(160).collect());
    }
    if result.is_null() {
        return ("bad_body".into(), "no result".into());
    }
    ("ok".into(), String::new())
}

/// A finer label for tool errors, from their text.
fn error_kind(text: &str) -> &'static str {
    let t = text.to_ascii_lowercase();
    if t.contains("budget") {
        "budget_exhausted"
    } else if t.contains("429") || t.contains("rate limit") || t.contains("too many") {
        "rate_limited"
    } else if t.contains("invalid argument") {
        "invalid_argument"
    } else {
        "other"
    }
}

#[derive(Default)]
struct Tally {
    latencies_ms: Vec<f64>,
    /// outcome label -> count
    outcomes: BTreeMap<String, u64>,
    /// calls whose outcome differed from the mix's expectation
    unexpected: u64,
    /// distinct error texts (first 10) with counts
    texts: BTreeMap<String, u64>,
    /// latency of calls that ended in a tool error (budget check)
    error_latencies_ms: Vec<f64>,
}

impl Tally {
    fn add(&mut self, expect: &str, latency: Duration, outcome: &str, text: &str) {
        let ms = latency.as_secs_f64() * 1e3;
        self.latencies_ms.push(ms);
        let label = if outcome == "tool_error" {
            format!("tool_error:{}", error_kind(text))
        } else {
            outcome.to_string()
        };
        *self.outcomes.entry(label).or_default() += 1;
        if outcome != expect {
            self.unexpected += 1;
        }
        if outcome != "ok" {
            self.error_latencies_ms.push(ms);
            if !text.is_empty() && (self.texts.len() < 10 || self.texts.contains_key(text)) {
                *self.texts.entry(text.to_string()).or_default() += 1;
            }
        }
    }

    fn merge(&mut self, o: Tally) {
        self.latencies_ms.extend(o.latencies_ms);
        self.error_latencies_ms.extend(o.error_latencies_ms);
        self.unexpected += o.unexpected;
        for (k, v) in o.outcomes {
            *self.outcomes.entry(k).or_default() += v;
        }
        for (k, v) in o.texts {
            if self.texts.len() < 10 || self.texts.contains_key(&k) {
                *self.texts.entry(k).or_default() += v;
            }
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "calls": self.latencies_ms.len(),
            "outcomes": self.outcomes,
            "unexpected": self.unexpected,
            "latency_ms": summary(&self.latencies_ms),
            "error_latency_ms": summary(&self.error_latencies_ms),
            "error_texts": self.texts,
        })
    }
}

// ------------------------------------------------------------------ mixed / load

fn runtime(threads: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .unwrap()
}

fn mixed(a: &Args) {
    let url = parse_url(a.req("url"));
    let mix = load_mix(a.req("mix"));
    let calls: usize = a.num("calls", 1000);
    let pid: u32 = a.num("pid", 0);
    let limit = Duration::from_secs(a.num("time-limit-s", 120));
    let timeout = Duration::from_secs(a.num("request-timeout-s", 30));
    let rt = runtime(1);
    let out = rt.block_on(async move {
        let before = rss_kb(pid);
        let mut client = Client::new(url.clone());
        let mut tally = Tally::default();
        let start = Instant::now();
        for i in 0..calls {
            if start.elapsed() > limit {
                break;
            }
            mix_call(
                &mut client,
                &url.path,
                &mix[i % mix.len()],
                i + 1,
                timeout,
                &mut tally,
            )
            .await;
        }
        let elapsed = start.elapsed().as_secs_f64();
        tokio::time::sleep(Duration::from_millis(200)).await;
        let after = rss_kb(pid);
        let mut j = tally.to_json();
        j["duration_s"] = json!(elapsed);
        j["rss_before_kb"] = json!(before.map(|x| x.0));
        j["rss_after_kb"] = json!(after.map(|x| x.0));
        j["hwm_after_kb"] = json!(after.map(|x| x.1));
        j
    });
    write_out(a.req("out"), &out);
}

fn fault_body(product: &str) -> Option<Bytes> {
    let f = match product {
        "zia" => json!({"path_prefix": "/zia/", "kind": "zia_rate_limit", "times": 1}),
        "zpa" => json!({"path_prefix": "/zpa/", "kind": "zpa_rate_limit", "times": 1}),
        _ => return None,
    };
    Some(Bytes::from(f.to_string()))
}

fn load(a: &Args) {
    let url = parse_url(a.req("url"));
    let mix = Arc::new(load_mix(a.req("mix")));
    let calls: usize = a.num("calls", 10_000);
    let conc: usize = a.num("concurrency", 32);
    let pid: u32 = a.num("pid", 0);
    let limit = Duration::from_secs(a.num("time-limit-s", 300));
    let timeout = Duration::from_secs(a.num("request-timeout-s", 30));
    let sample = Duration::from_millis(a.num("sample-ms", 100));
    let fault_sim = a.get("fault-sim").map(parse_url);
    let fault_every: usize = a.num("fault-every", 0);
    let threads: usize = a.num("threads", 1);
    let rt = runtime(threads);
    let out = rt.block_on(async move {
        let before = rss_kb(pid);
        let next = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicUsize::new(0));
        let faults_posted = Arc::new(AtomicUsize::new(0));
        let upstream_calls = Arc::new(AtomicUsize::new(0));
        let samples: Arc<Mutex<Vec<(f64, u64)>>> = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        let sampler = {
            let samples = samples.clone();
            let done = done.clone();
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(sample);
                while done.load(Ordering::Relaxed) < conc {
                    tick.tick().await;
                    if let Some((rss, _)) = rss_kb(pid) {
                        samples
                            .lock()
                            .unwrap()
                            .push((start.elapsed().as_secs_f64(), rss));
                    }
                }
            })
        };
        let mut workers = Vec::new();
        for _ in 0..conc {
            let (url, mix, next, done, fault_sim, faults_posted, upstream_calls) = (
                url.clone(),
                mix.clone(),
                next.clone(),
                done.clone(),
                fault_sim.clone(),
                faults_posted.clone(),
                upstream_calls.clone(),
            );
            workers.push(tokio::spawn(async move {
                let mut client = Client::new(url.clone());
                let mut sim = fault_sim.clone().map(Client::new);
                let mut tally = Tally::default();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= calls || start.elapsed() > limit {
                        break;
                    }
                    let e = &mix[i % mix.len()];
                    // Count only calls that reach upstream, so that one fault per
                    // `fault_every` of them makes 1/(fault_every+1) of the upstream answers 429.
                    let fault = match (&sim, e.product.as_deref().and_then(fault_body)) {
                        (Some(_), Some(body)) if fault_every > 0 => {
                            let n = upstream_calls.fetch_add(1, Ordering::Relaxed) + 1;
                            (n % fault_every == 0).then_some(body)
                        }
                        _ => None,
                    };
                    if let (Some(sim), Some(body)) = (sim.as_mut(), fault) {
                        let path = format!("{}/__sim/faults", sim.url.path.trim_end_matches('/'));
                        let r = sim
                            .call(Method::POST, &path, Some(body), &[], Duration::from_secs(5))
                            .await;
                        if matches!(r, Ok((200, _))) {
                            faults_posted.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    mix_call(&mut client, &url.path, e, i + 1, timeout, &mut tally).await;
                }
                done.fetch_add(1, Ordering::Relaxed);
                tally
            }));
        }
        let mut tally = Tally::default();
        for w in workers {
            tally.merge(w.await.unwrap());
        }
        let elapsed = start.elapsed().as_secs_f64();
        let _ = sampler.await;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let after = rss_kb(pid);
        let s = samples.lock().unwrap().clone();
        let during: Vec<f64> = s.iter().map(|x| x.1 as f64).collect();
        let mut j = tally.to_json();
        j["requested_calls"] = json!(calls);
        j["not_sent"] = json!(calls.saturating_sub(tally.latencies_ms.len()));
        j["concurrency"] = json!(conc);
        j["duration_s"] = json!(elapsed);
        j["throughput_rps"] = json!(tally.latencies_ms.len() as f64 / elapsed);
        j["faults_posted"] = json!(faults_posted.load(Ordering::Relaxed));
        j["rss_before_kb"] = json!(before.map(|x| x.0));
        j["rss_during_kb"] = summary(&during);
        j["rss_after_kb"] = json!(after.map(|x| x.0));
        j["hwm_after_kb"] = json!(after.map(|x| x.1));
        j["rss_series"] = json!(s
            .iter()
            .step_by((s.len() / 40).max(1))
            .map(|(t, r)| json!([(*t * 10.0).round() / 10.0, r]))
            .collect::<Vec<_>>());
        j
    });
    write_out(a.req("out"), &out);
}

// ------------------------------------------------------------------ latency

fn latency(a: &Args) {
    let url = parse_url(a.req("url"));
    let calls: usize = a.num("calls", 2000);
    let method: Method = a.get("method").unwrap_or("POST").parse().unwrap();
    let body = a
        .get("body-file")
        .map(|f| Bytes::from(std::fs::read(f).unwrap_or_else(|e| die(&format!("{f}: {e}")))));
    let headers: Vec<(String, String)> = a
        .all("header")
        .iter()
        .filter_map(|h| h.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let limit = Duration::from_secs(a.num("time-limit-s", 120));
    let rt = runtime(1);
    let out = rt.block_on(async move {
        let mut client = Client::new(url.clone());
        let mut lat = Vec::with_capacity(calls);
        let mut errors = 0u64;
        let mut bytes = 0usize;
        let start = Instant::now();
        for _ in 0..calls {
            if start.elapsed() > limit {
                break;
            }
            let t = Instant::now();
            let r = client
                .call(
                    method.clone(),
                    &url.path,
                    body.clone(),
                    &headers,
                    Duration::from_secs(30),
                )
                .await;
            lat.push(t.elapsed().as_secs_f64() * 1e6);
            match r {
                Ok((200, b)) => bytes = b.len(),
                _ => errors += 1,
            }
        }
        json!({"tool": "mcpbench", "requests": lat.len(), "errors": errors,
               "response_bytes": bytes, "latency_us": summary(&lat)})
    });
    write_out(a.req("out"), &out);
}

fn main() {
    let a = Args::parse();
    match a.mode.as_str() {
        "startup" => startup(&a),
        "mixed" => mixed(&a),
        "load" => load(&a),
        "latency" => latency(&a),
        _ => die("mode: startup | mixed | load | latency (see the source header)"),
    }
}
