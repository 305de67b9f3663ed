//! The request-entry property check shared by the libFuzzer target
//! (`fuzz_targets/request_entry.rs`) and the stable short pass (`tests/tests/fuzz_smoke.rs`):
//! arbitrary bytes as the body of `POST /mcp` through `McpHttpService`, the server's HTTP
//! entry point (routing, guard, body limit, JSON-RPC checks, rmcp, tools). The first byte
//! picks one of a few header sets; the rest is the body. Tool calls reach a closed loopback
//! port, so they fail fast. Checks: no panic, an expected status, and a JSON body.

use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use tower::ServiceExt;
use zscaler_mcp::{AppState, Config, McpHttpService, Vars};

struct Harness {
    rt: tokio::runtime::Runtime,
    svc: McpHttpService,
}

fn harness() -> &'static Harness {
    static H: OnceLock<Harness> = OnceLock::new();
    H.get_or_init(|| {
        let vars = Vars::from_pairs([
            ("ZSCALER_CLIENT_ID", "fuzz-client"),
            ("ZSCALER_CLIENT_SECRET", "fuzz-secret"),
            ("ZSCALER_VANITY_DOMAIN", "fuzz"),
            ("ZSCALER_CUSTOMER_ID", "1234567890"),
            ("ZSCALER_MCP_AUTH_ENABLED", "false"),
            // Port 9 (discard) is closed here: upstream calls fail at once.
            ("ZSCALER_MCP_API_BASE_URL", "http://127.0.0.1:9"),
            (
                "ZSCALER_MCP_TOKEN_URL",
                "http://127.0.0.1:9/oauth2/v1/token",
            ),
            ("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER", "true"),
            ("ZSCALER_MCP_UPSTREAM_BUDGET_MS", "1000"),
        ]);
        let config = Config::from_vars(&vars).expect("valid fuzz config");
        let svc = McpHttpService::new(Arc::new(AppState::new(config)), false);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        Harness { rt, svc }
    })
}

const HEADER_SETS: [&[(&str, &str)]; 4] = [
    &[("mcp-protocol-version", "2025-06-18")],
    &[("mcp-protocol-version", "2025-11-25")],
    &[
        ("mcp-protocol-version", "2026-07-28"),
        ("mcp-method", "tools/call"),
        ("mcp-name", "zia_list_locations"),
    ],
    &[],
];

const EXPECTED: [u16; 4] = [200, 202, 400, 413];

pub fn check(data: &[u8]) {
    let (&selector, body) = match data.split_first() {
        Some(x) => x,
        None => (&0u8, data),
    };
    let h = harness();
    let mut builder = http::Request::builder()
        .method("POST")
        .uri("http://127.0.0.1:8000/mcp")
        .header("host", "127.0.0.1:8000")
        .header(
            "content-type",
            if selector & 0x80 == 0 {
                "application/json"
            } else {
                "application/json-rpc"
            },
        )
        .header("accept", "application/json, text/event-stream");
    for (k, v) in HEADER_SETS[usize::from(selector) % HEADER_SETS.len()] {
        builder = builder.header(*k, *v);
    }
    let req = builder
        .body(Full::new(Bytes::copy_from_slice(body)))
        .expect("valid request");

    let (status, content_type, bytes) = h.rt.block_on(async {
        let resp = h.svc.clone().oneshot(req).await.expect("infallible");
        let (parts, body) = resp.into_parts();
        let bytes = body.collect().await.expect("infallible").to_bytes();
        let ct = parts
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (parts.status.as_u16(), ct, bytes)
    });

    assert!(
        EXPECTED.contains(&status),
        "status {status} for body {:?}: {}",
        String::from_utf8_lossy(body),
        String::from_utf8_lossy(&bytes)
    );
    if bytes.is_empty() {
        return;
    }
    if content_type.starts_with("text/event-stream") {
        let text = std::str::from_utf8(&bytes).expect("SSE is UTF-8");
        for line in text.lines() {
            if let Some(data) = line.strip_prefix("data:") {
                if !data.trim().is_empty() {
                    serde_json::from_str::<serde_json::Value>(data.trim())
                        .unwrap_or_else(|e| panic!("SSE data is not JSON ({e}): {data}"));
                }
            }
        }
    } else {
        serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_else(|e| {
            panic!(
                "status {status}, {content_type}: body is not JSON ({e}): {}",
                String::from_utf8_lossy(&bytes)
            )
        });
    }
}
