//! The harness every simulator HTTP test file shares: a fresh simulator on a loopback port,
//! a client holding a sandbox OneAPI token, JSON request helpers, the ZIA and ZPA URL builders
//! (several files use them) and the started `zscaler-sim` binary. URL builders of one file's
//! product stay in that file (`impl H` there).
#![allow(dead_code)] // each test file uses its own subset

use std::time::Duration;

use reqwest::{Client, Method, Response};
use serde_json::Value;
use zscaler_sim::{start, RunningSim, SimConfig};

/// The ZPA customer id of the default configuration.
const ZPA_CUSTOMER: &str = "sandbox-customer";

/// A OneAPI access token for the sandbox client from the token endpoint at `token_url`.
pub async fn sandbox_token(c: &Client, token_url: &str) -> String {
    let r = c
        .post(token_url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "sandbox-client"),
            ("client_secret", "sandbox-secret"),
            ("audience", "https://api.zscaler.com"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_string()
}

/// A simulator with `config` on a free loopback port.
pub async fn sim_with(config: SimConfig) -> RunningSim {
    start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("simulator starts")
}

/// A client that never uses a proxy (the simulator is on loopback).
pub fn client() -> Client {
    Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

pub struct H {
    pub sim: RunningSim,
    pub c: Client,
    pub token: String,
}

impl H {
    pub async fn new() -> H {
        Self::with(SimConfig::default()).await
    }

    pub async fn with(config: SimConfig) -> H {
        let sim = sim_with(config).await;
        let c = client();
        let token = sandbox_token(&c, &sim.token_url()).await;
        H { sim, c, token }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sim.base_url(), path)
    }
    /// `/zia/api/v1{rest}`
    pub fn zia(&self, rest: &str) -> String {
        self.url(&format!("/zia/api/v1{rest}"))
    }
    /// `/zpa/mgmtconfig/v1/admin/customers/{cid}{rest}` (the default customer)
    pub fn zpa(&self, rest: &str) -> String {
        self.url(&format!(
            "/zpa/mgmtconfig/v1/admin/customers/{ZPA_CUSTOMER}{rest}"
        ))
    }
    /// `/zpa/mgmtconfig/v2/admin/customers/{cid}{rest}` (the default customer)
    pub fn zpa2(&self, rest: &str) -> String {
        self.url(&format!(
            "/zpa/mgmtconfig/v2/admin/customers/{ZPA_CUSTOMER}{rest}"
        ))
    }

    pub async fn send(&self, method: Method, url: &str, body: Option<Value>) -> Response {
        let mut rb = self.c.request(method, url).bearer_auth(&self.token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        rb.send().await.unwrap()
    }
    /// Send `body` as it is, labelled JSON (for bodies `send` cannot build:
    /// malformed JSON or a bare scalar).
    pub async fn send_text(&self, method: Method, url: &str, body: &str) -> Response {
        self.c
            .request(method, url)
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }
    /// Status and parsed body of [`H::send_text`].
    pub async fn raw(&self, method: Method, url: &str, body: &str) -> (u16, Value) {
        json_of(self.send_text(method, url, body).await).await
    }
    /// Assert that sending each of `bodies` to `url` is answered with
    /// `status` (rejections that differ only in the body).
    pub async fn rejects(&self, method: Method, url: &str, bodies: &[Value], status: u16) {
        for body in bodies {
            let r = self.send(method.clone(), url, Some(body.clone())).await;
            let (st, v) = json_of(r).await;
            assert_eq!(st, status, "{method} {url} {body}: {v}");
        }
    }
    pub async fn get(&self, url: &str) -> (u16, Value) {
        json_of(self.send(Method::GET, url, None).await).await
    }
    pub async fn post(&self, url: &str, body: Value) -> (u16, Value) {
        json_of(self.send(Method::POST, url, Some(body)).await).await
    }
    pub async fn put(&self, url: &str, body: Value) -> (u16, Value) {
        json_of(self.send(Method::PUT, url, Some(body)).await).await
    }
    pub async fn delete(&self, url: &str) -> (u16, Value) {
        json_of(self.send(Method::DELETE, url, None).await).await
    }
}

/// Status and parsed body (Null for an empty body; a JSON string for a non-JSON body).
pub async fn json_of(r: Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    let v = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (status, v)
}

pub fn header(r: &Response, name: &str) -> Option<String> {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// `v` as a JSON array (panics with the value otherwise).
pub fn arr(v: &Value) -> &Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected a JSON array, got {v}"))
}

/// The `zscaler-sim` binary, started on a free loopback port; dropping it
/// kills the process (also when a check in between panics).
pub struct Binary {
    child: std::process::Child,
    /// "http://127.0.0.1:PORT", from the line the binary prints first.
    pub base: String,
}

impl Binary {
    pub async fn start(args: &[&str]) -> Binary {
        use std::io::{BufRead, BufReader};
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zscaler-sim"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("spawn zscaler-sim");
        let stdout = child.stdout.take().unwrap();
        let mut bin = Binary {
            child,
            base: String::new(),
        };
        let line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).map(|_| line)
        })
        .await
        .unwrap()
        .unwrap();
        bin.base = line
            .trim()
            .strip_prefix("zscaler-sim listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        bin
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
