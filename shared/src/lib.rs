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
//!    stateless streamable-HTTP service (or the memoized `tools/list` answer).
//! 2. [`server`]: rmcp's `ServerHandler`: `initialize`/`server/discover`, `tools/list` (the
//!    selected, entitled tools the caller may see), `tools/call`, [`prompts`].
//! 3. A tool call: [`catalog`] finds the tool (only tools that survived selection and the
//!    write gate exist); [`tool`] checks the arguments against its spec into a call plan;
//!    [`confirm`] asks for confirmation of destructive calls (signed tokens, MRTR state,
//!    elicitation); [`executor`] runs the plan (one paging walker, the catalog's hooks) with
//!    the [`zscaler`] client (OneAPI token, retries, budgets); [`shape`] applies the caller's
//!    JMESPath `query`; [`sanitize`] cleans everything returned; [`audit`] logs the call.
//!
//! Settings: [`env`](mod@env) (variables and the error that names one) is read by
//! [`config`], which builds every layer's settings; [`secrets`] overlays Secrets Manager values; [`logging`]
//! sets up tracing with its secret-free caps.
//!
//! The module graph has no cycles (`shared/tests/module_graph.rs` checks it). Leaves:
//! `env`, `guard`, `shape`, `sanitize`, `audit`, `logging`. Above them: `tool` → `shape`;
//! `secrets` → `env`; `zscaler` → `tool`, `secrets`; `executor` → `zscaler`; `catalog` →
//! `executor`; `confirm` → `catalog`; `auth` → `confirm`, `catalog`, `zscaler`; `prompts` →
//! `tool`, `sanitize`; `config` → the settings of each; `server` and `http` on top.

pub mod audit;
pub mod auth;
pub mod catalog;
pub mod config;
pub mod confirm;
pub mod env;
pub mod executor;
pub mod guard;
pub mod http;
pub mod logging;
pub mod prompts;
pub mod sanitize;
pub mod secrets;
pub mod server;
pub mod shape;
pub mod tool;
pub mod zscaler;

pub use config::{Config, ConfigError, Transport, Vars};
pub use http::McpHttpService;
pub use server::{bootstrap, AppState, McpServer};
