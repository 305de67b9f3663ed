//! Zscaler MCP server library: everything that is not an entrypoint.
//!
//! Request path: `http` (routing, body limit, JSON-RPC checks) → `guard` (Host) →
//! rmcp stateless streamable HTTP → `server` → `catalog` → `executor` → `zscaler`.

pub mod audit;
pub mod auth;
pub mod catalog;
pub mod config;
pub mod env;
pub mod confirm;
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
