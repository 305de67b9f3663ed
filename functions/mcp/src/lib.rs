//! The Lambda entry as a library, so the tests drive exactly the service the bootstrap
//! runs: the shared MCP service, told what API Gateway or the Function URL reported about
//! each request (caller address, served domain). This is the only place that knows the
//! Lambda event types; the shared library does not depend on lambda_http.

use std::sync::Arc;

use lambda_http::request::RequestContext;
use tower::ServiceExt;
use zscaler_mcp::http::GatewayContext;
use zscaler_mcp::{AppState, McpHttpService};

pub type LambdaService =
    tower::util::MapRequest<McpHttpService, fn(lambda_http::Request) -> lambda_http::Request>;

/// The service `lambda_http::run` serves.
pub fn service(state: Arc<AppState>) -> LambdaService {
    McpHttpService::new(state, true).map_request(with_gateway_context as fn(_) -> _)
}

/// Copy the request context's source IP and domain into the request, where the transport
/// layer reads them (never from headers a caller controls).
pub fn with_gateway_context(mut req: lambda_http::Request) -> lambda_http::Request {
    let ip = |s: Option<&str>| s.and_then(|s| s.parse().ok());
    let context = match req.extensions().get::<RequestContext>() {
        Some(RequestContext::ApiGatewayV2(c)) => GatewayContext {
            source_ip: ip(c.http.source_ip.as_deref()),
            domain_name: c.domain_name.clone(),
        },
        Some(RequestContext::ApiGatewayV1(c)) => GatewayContext {
            source_ip: ip(c.identity.source_ip.as_deref()),
            domain_name: c.domain_name.clone(),
        },
        _ => GatewayContext::default(),
    };
    req.extensions_mut().insert(context);
    req
}
