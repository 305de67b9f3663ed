//! The harness every simulator HTTP test file shares: a fresh simulator on a loopback port,
//! a client holding a sandbox OneAPI token, and JSON request helpers. Product-specific URL
//! builders stay in each file (`impl H` there).
#![allow(dead_code)] // each test file uses its own subset

use std::time::Duration;

use reqwest::{Client, Method, Response};
use serde_json::Value;
use zscaler_sim::{start, RunningSim, SimConfig};

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
        let sim = start(config, "127.0.0.1:0".parse().unwrap())
            .await
            .expect("simulator starts");
        let c = Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let token = sandbox_token(&c, &sim.token_url()).await;
        H { sim, c, token }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sim.base_url(), path)
    }

    pub async fn send(&self, method: Method, url: &str, body: Option<Value>) -> Response {
        let mut rb = self.c.request(method, url).bearer_auth(&self.token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        rb.send().await.unwrap()
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
