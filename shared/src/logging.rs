//! Structured logs: JSON lines (CloudWatch-friendly) on stderr, so stdout stays free for
//! the stdio transport. `RUST_LOG` or `ZSCALER_MCP_DEBUG` raise the level.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let default = if std::env::var("ZSCALER_MCP_DEBUG").is_ok_and(|v| v == "true" || v == "1") {
        "debug"
    } else {
        "info"
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_current_span(false)
        .try_init();
}
