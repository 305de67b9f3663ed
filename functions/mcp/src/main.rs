//! Lambda bootstrap: build the shared state once per container, then serve API Gateway
//! (HTTP API v2, REST v1) and Function URL events through the same stateless MCP service.

use zscaler_mcp::Vars;

// Lambda hands a container one event at a time: worker threads would only add start-up
// time and memory. Upstream calls within one event still run concurrently.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    zscaler_mcp::logging::init();
    let state = match zscaler_mcp::bootstrap(Vars::from_process_env(), |_| {})
        .await
        .and_then(|state| {
            state
                .config
                .validate_for_http()
                .map_err(|e| e.to_string())?;
            Ok(state)
        }) {
        Ok(state) => state,
        Err(e) => {
            // One line naming the setting; the runtime reports the init failure.
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    lambda_http::run(zscaler_mcp_lambda::service(state)).await
}
