//! Zscaler MCP server library: everything that is not an entrypoint (functions/mcp is the
//! Lambda adapter, functions/local the stdio/HTTP binary).
//!
//! # One request, module by module
//!
//! 1. [`http`]: the tower stack every HTTP request passes (its module doc lists the layers):
//!    `/health`; transport hardening with the policies of [`guard`] (Host, Origin, source
//!    IP); routing (protected-resource metadata, the OIDC proxy's OAuth endpoints, `/mcp`);
//!    client authentication by [`auth`] into a `Principal`; the body read within its limit
//!    and parsed once into the JSON-RPC message; the write-scope step-up; then rmcp's
//!    stateless streamable-HTTP service (or the memoized `tools/list` answer). `/mcp/x/...`,
//!    `/mcp/readonly` and `/mcp/t/{tenant}` carry a [`discovery::UrlSurface`] along.
//! 2. [`server`]: rmcp's `ServerHandler`: `initialize`/`server/discover`, `tools/list` (the
//!    selected, entitled tools the caller may see), `tools/call`, [`prompts`]. With the
//!    `discovery` surface, [`discovery`]'s meta tools list instead: search, and two invokers
//!    that rewrite the call to the inner tool and take the same path as a direct call.
//! 3. A tool call: [`catalog`] finds the tool (only tools that survived selection and the
//!    write gate exist); [`tool`] checks the arguments against its spec into a call plan;
//!    [`confirm`] asks for confirmation of destructive calls (signed tokens, MRTR state,
//!    elicitation); [`executor`] runs the plan (one paging walker, the catalog's hooks) with
//!    the [`zscaler`] client (OneAPI token, retries, budgets); [`shape`] applies the caller's
//!    JMESPath `query`; [`sanitize`] cleans everything returned; [`render`] writes it (the
//!    compact table of a record list, a tool's lean list view); [`audit`] logs the call.
//! 4. Several tenants (`ZSCALER_MCP_TENANTS`, off by default): [`tenant`]. The HTTP entry
//!    resolves the caller's tenants from its identity (403 without one), narrowed to one by
//!    a `/mcp/t/{tenant}` URL; each call picks one with its `tenant` argument (removed
//!    before the tool's checks) and runs with that tenant's client and entitlement, built
//!    on the tenant's first call.
//!
//! Settings: [`env`](mod@env) (variables and the error that names one) is read by
//! [`config`], which builds every layer's settings; [`secrets`] overlays Secrets Manager values; [`logging`]
//! sets up tracing with its secret-free caps.
//!
//! The module graph has no cycles (`shared/tests/module_graph.rs` checks it). Leaves:
//! `env`, `guard`, `shape`, `sanitize`, `audit`, `logging`, `render`. Above them: `tool` →
//! `shape`; `secrets` → `env`; `zscaler` → `tool`, `secrets`; `executor` → `zscaler`;
//! `catalog` → `executor`; `confirm` → `catalog`; `auth` → `confirm`, `catalog`, `zscaler`;
//! `prompts` → `tool`, `sanitize`; `discovery` → `catalog`, `tool`, `tenant`; `tenant` → `env`,
//! `tool`, `zscaler`, `secrets`; `config` → the settings of each; `server` and `http` on top.

pub mod audit;
pub mod auth;
pub mod catalog;
pub mod config;
pub mod confirm;
pub mod discovery;
pub mod env;
pub mod executor;
pub mod guard;
pub mod http;
pub mod logging;
pub mod prompts;
pub mod render;
pub mod sanitize;
pub mod secrets;
pub mod server;
pub mod shape;
pub mod tenant;
pub mod tool;
pub mod zscaler;

pub use config::{Config, ConfigError, Transport, Vars};
pub use http::McpHttpService;
pub use server::{bootstrap, AppState, McpServer};
