//! Baseline for the start-to-first-answer figure: the smallest tokio + hyper 1 HTTP/1.1
//! server (the same runtime family as zscaler-mcp: multi-thread tokio, hyper http1)
//! answering every request with one fixed JSON-RPC result.
//! Usage: baseline-hyper --port PORT [--body-file FILE] (binds 127.0.0.1 only). With
//! --body-file it answers with that file instead (the floor for sending a large response).

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

const BODY: &str = r#"{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"baseline","version":"0.1.0"}}}"#;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

#[tokio::main]
async fn main() {
    let port: u16 = arg("--port").and_then(|p| p.parse().ok()).unwrap_or(0);
    let body: Bytes = match arg("--body-file") {
        Some(f) => Bytes::from(std::fs::read(&f).expect("read --body-file")),
        None => Bytes::from_static(BODY.as_bytes()),
    };
    let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("bind");
    eprintln!(
        "baseline-hyper listening on http://{}",
        listener.local_addr().unwrap()
    );
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let body = body.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |_req: Request<hyper::body::Incoming>| {
                let body = body.clone();
                async move {
                    Ok::<_, Infallible>(
                        Response::builder()
                            .header("content-type", "application/json")
                            .body(Full::new(body))
                            .unwrap(),
                    )
                }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        });
    }
}
