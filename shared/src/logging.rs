//! Structured logs: JSON lines (CloudWatch-friendly) on stderr, so stdout stays free for
//! the stdio transport. `RUST_LOG` or `ZSCALER_MCP_DEBUG` raise the level, except for
//! targets that would log request payloads.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let default = if std::env::var("ZSCALER_MCP_DEBUG").is_ok_and(|v| v == "true" || v == "1") {
        "debug"
    } else {
        "info"
    };
    let requested = std::env::var("RUST_LOG").unwrap_or_else(|_| default.to_string());
    // rmcp's debug and trace events print whole JSON-RPC messages (tool arguments,
    // confirmation tokens): never below info for it, whatever RUST_LOG asks.
    let filter = EnvFilter::try_new(format!("{requested},rmcp=info"))
        .unwrap_or_else(|_| EnvFilter::new(format!("{default},rmcp=info")));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_current_span(false)
        .try_init();
}
