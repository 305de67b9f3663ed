//! Lambda bootstrap: build the shared state once per container, then serve API Gateway
//! (HTTP API v2, REST v1) and Function URL events through the same stateless MCP service.

use std::sync::Arc;

use zscaler_mcp::{AppState, Config, McpHttpService};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    zscaler_mcp::logging::init();
    let config = match Config::from_process_env() {
        Ok(config) => config,
        Err(e) => {
            // One line naming the setting; the runtime reports the init failure.
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let state = Arc::new(AppState::new(config));
    lambda_http::run(McpHttpService::new(state, true)).await
}
