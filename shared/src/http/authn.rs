//! Layer 3 of the product spec, client authentication, from the headers alone and before
//! any body is read. A request that passes carries its [`Principal`]; the step-up check
//! for write tools (which needs the parsed message) is [`StepUp`], further in.

use std::sync::Arc;

use http::StatusCode;
use rmcp::model::{ClientJsonRpcMessage, ClientRequest};
use serde_json::{json, Value};

use super::gate::{Gate, Req};
use super::message::Parsed;
use super::reply::{codes, json_response, refused, rejected, HttpResponse};
use super::route::surface_challenge;
use super::transport::Caller;
use crate::auth::proxy::RingRefresh;
use crate::auth::{Authenticator, Principal};
use crate::discovery::UrlSurface;
use crate::server::AppState;

/// Client authentication as configured for this process.
pub enum AuthGate {
    /// Explicitly disabled by the operator (logged at startup).
    Off,
    On(Authenticator),
    /// The settings are invalid: refuse everything rather than serve unauthenticated.
    Broken(String),
}

impl AuthGate {
    pub fn from_state(state: &Arc<AppState>) -> AuthGate {
        match &state.config.auth {
            Ok(Some(settings)) => {
                let authenticator = Authenticator::new(settings.clone());
                if let Some(proxy) = authenticator.proxy() {
                    proxy.link_ring(state.shared_key_ring(), ring_refresh(state.clone()));
                }
                AuthGate::On(authenticator)
            }
            Ok(None) => {
                tracing::warn!("client authentication is DISABLED for this HTTP server");
                AuthGate::Off
            }
            Err(e) => AuthGate::Broken(e.to_string()),
        }
    }
}

/// The OIDC proxy's ring follows the secret as the confirmation gate's does (the same
/// cell, the same rate limit).
fn ring_refresh(state: Arc<AppState>) -> RingRefresh {
    Arc::new(move || {
        let state = state.clone();
        Box::pin(async move {
            state.refreshed_key_ring().await;
        })
    })
}

pub struct Authn {
    pub(super) auth: Arc<AuthGate>,
    /// `ZSCALER_MCP_TENANTS`: each caller's tenants are resolved here, once per request.
    pub(super) tenants: Option<Arc<crate::tenant::Registry>>,
}

impl Gate for Authn {
    async fn check(&self, mut req: Req) -> Result<Req, HttpResponse> {
        let principal = match self.auth.as_ref() {
            AuthGate::Off => Principal::unauthenticated(),
            AuthGate::Broken(why) => {
                tracing::error!(error = %why, "refusing request: authentication is misconfigured");
                return Err(refused(
                    StatusCode::SERVICE_UNAVAILABLE,
                    codes::REJECTED,
                    "Service unavailable: client authentication is misconfigured",
                ));
            }
            // The guard refused any Host not on the allowlist, so the resource URL is built
            // from an accepted Host; `host_named` says whether the operator named it (only
            // then may that URL stand as the token's audience).
            AuthGate::On(a) => {
                let caller = req.extensions().get::<Caller>().cloned();
                let caller = caller.unwrap_or_else(Caller::unverified);
                let url = caller.url(req.uri().path());
                a.authenticate_at(req.headers(), &url, caller.host_named, caller.source)
                    .await
                    .map_err(|r| rejected(surface_challenge(r, &req), Value::Null))?
            }
        };
        let principal = match &self.tenants {
            Some(registry) => {
                with_tenants(principal, registry, self.auth.as_ref()).ok_or_else(no_tenant)?
            }
            None => principal,
        };
        let url_tenant = req
            .extensions()
            .get::<UrlSurface>()
            .and_then(|s| s.tenant.clone());
        let principal = match url_tenant {
            Some(id) => in_url_tenant(principal, &id, self.tenants.is_some()).map_err(not_found)?,
            None => principal,
        };
        req.extensions_mut().insert(principal);
        Ok(req)
    }
}

/// `/mcp/t/{tenant}`: the caller's tenants narrowed to that one, so every later step (the
/// list, the `tenant` argument, confirmations, audit) sees a caller of that tenant only. A
/// tenant the caller lacks and one that does not exist get the same 404 message, which names
/// only the caller's own tenants.
fn in_url_tenant(
    mut principal: Principal,
    id: &str,
    multi_tenant: bool,
) -> Result<Principal, String> {
    if !multi_tenant {
        return Err("Not found: this server serves one tenant; its MCP endpoint is /mcp".into());
    }
    let mine = principal.tenants.take().unwrap_or_default();
    if !mine.iter().any(|t| t == id) {
        tracing::info!(principal = %principal.id, "refused: a tenant URL not granted to this caller");
        return Err(format!(
            "Not found: no tenant of yours at this URL (your tenants: {})",
            mine.join(", ")
        ));
    }
    principal.tenants = Some(vec![id.to_string()]);
    Ok(principal)
}

fn not_found(message: String) -> HttpResponse {
    json_response(
        StatusCode::NOT_FOUND,
        json!({"error": "not_found", "message": message}),
    )
}

/// The caller's tenants from the operator's registry; `None` for a caller with none, who is
/// refused (403) before anything else. With authentication off the configuration allows a
/// single tenant only, which every caller then has.
fn with_tenants(
    mut principal: Principal,
    registry: &crate::tenant::Registry,
    auth: &AuthGate,
) -> Option<Principal> {
    let tenants: Vec<String> = match auth {
        AuthGate::Off => registry.ids().map(str::to_string).collect(),
        _ => registry.tenants_of(&principal.id, &principal.claimed_tenants),
    };
    if tenants.is_empty() {
        tracing::info!(principal = %principal.id, "refused: no Zscaler tenant is granted to this caller");
        return None;
    }
    principal.tenants = Some(tenants);
    Some(principal)
}

fn no_tenant() -> HttpResponse {
    refused(
        StatusCode::FORBIDDEN,
        codes::REJECTED,
        "Forbidden: no Zscaler tenant is granted to this caller (ask the operator to grant \
         one through ZSCALER_MCP_TENANT_CLAIM or ZSCALER_MCP_TENANT_GRANTS)",
    )
}

/// A write tool called without the write scope answers 403 `insufficient_scope` (step-up)
/// rather than "Unknown tool", so the client can ask for the scope.
pub struct StepUp {
    pub(super) auth: Arc<AuthGate>,
    pub(super) state: Arc<AppState>,
}

impl Gate for StepUp {
    async fn check(&self, req: Req) -> Result<Req, HttpResponse> {
        let AuthGate::On(a) = self.auth.as_ref() else {
            return Ok(req);
        };
        let Some(Parsed {
            message: ClientJsonRpcMessage::Request(r),
            ..
        }) = req.extensions().get::<Parsed>()
        else {
            return Ok(req);
        };
        let ClientRequest::CallToolRequest(call) = &r.request else {
            return Ok(req);
        };
        let Some(principal) = req.extensions().get::<Principal>() else {
            return Ok(req);
        };
        let surface = req.extensions().get::<UrlSurface>();
        let step_up = self.state.step_up_for(principal, &call.params, surface);
        let Some(tool) = step_up.await else {
            return Ok(req);
        };
        let caller = req.extensions().get::<Caller>();
        let url = caller.map(|c| c.url(req.uri().path())).unwrap_or_default();
        match a.write_scope_challenge(&url, tool) {
            Some(challenge) => {
                let id = serde_json::to_value(&r.id).unwrap_or(Value::Null);
                Err(rejected(surface_challenge(challenge, &req), id))
            }
            None => Ok(req),
        }
    }
}
