//! `zscaler-mcp`: the same MCP service over stdio or streamable HTTP, for desktop clients
//! and development. `--sandbox` runs against an in-process Zscaler simulator.

use std::net::SocketAddr;

mod serve;

use clap::Parser;
use rmcp::ServiceExt;
use zscaler_mcp::catalog::{self, spec::ToolSpec};
use zscaler_mcp::config::{Selection, Transport, Vars};
use zscaler_mcp::{McpHttpService, McpServer};

/// Flags mirror the Python server's; each one overrides its environment variable.
#[derive(Parser, Debug)]
#[command(
    name = "zscaler-mcp",
    version,
    about = "MCP server for the Zscaler Zero Trust Exchange"
)]
struct Args {
    /// stdio or streamable-http (ZSCALER_MCP_TRANSPORT).
    #[arg(long)]
    transport: Option<String>,
    /// Bind address for HTTP (ZSCALER_MCP_HOST, default 127.0.0.1).
    #[arg(long)]
    host: Option<String>,
    /// Port for HTTP (ZSCALER_MCP_PORT, default 8000; 0 picks a free port).
    #[arg(long)]
    port: Option<u16>,
    /// Run against an in-process Zscaler simulator with sandbox credentials.
    #[arg(long)]
    sandbox: bool,
    /// Comma-separated services to enable (ZSCALER_MCP_SERVICES).
    #[arg(long, short = 's')]
    services: Option<String>,
    /// Comma-separated services to disable (ZSCALER_MCP_DISABLED_SERVICES).
    #[arg(long)]
    disabled_services: Option<String>,
    /// Comma-separated toolsets to enable (ZSCALER_MCP_TOOLSETS).
    #[arg(long)]
    toolsets: Option<String>,
    /// Comma-separated toolsets to disable (ZSCALER_MCP_DISABLED_TOOLSETS).
    #[arg(long)]
    disabled_toolsets: Option<String>,
    /// Comma-separated tool name globs to disable (ZSCALER_MCP_DISABLED_TOOLS).
    #[arg(long)]
    disabled_tools: Option<String>,
    /// Master switch for write tools (ZSCALER_MCP_WRITE_ENABLED).
    #[arg(long)]
    enable_write_tools: bool,
    /// Comma-separated globs of write tools to allow (ZSCALER_MCP_WRITE_TOOLS).
    #[arg(long)]
    write_tools: Option<String>,
    /// User-Agent suffix (ZSCALER_MCP_USER_AGENT_COMMENT).
    #[arg(long)]
    user_agent_comment: Option<String>,
    /// Print the selected tool inventory and exit.
    #[arg(long)]
    list_tools: bool,
}

impl Args {
    fn overlay(&self, vars: &mut Vars) {
        let pairs: [(&str, Option<String>); 11] = [
            ("ZSCALER_MCP_TRANSPORT", self.transport.clone()),
            ("ZSCALER_MCP_HOST", self.host.clone()),
            ("ZSCALER_MCP_PORT", self.port.map(|p| p.to_string())),
            ("ZSCALER_MCP_SERVICES", self.services.clone()),
            (
                "ZSCALER_MCP_DISABLED_SERVICES",
                self.disabled_services.clone(),
            ),
            ("ZSCALER_MCP_TOOLSETS", self.toolsets.clone()),
            (
                "ZSCALER_MCP_DISABLED_TOOLSETS",
                self.disabled_toolsets.clone(),
            ),
            ("ZSCALER_MCP_DISABLED_TOOLS", self.disabled_tools.clone()),
            ("ZSCALER_MCP_WRITE_TOOLS", self.write_tools.clone()),
            (
                "ZSCALER_MCP_WRITE_ENABLED",
                self.enable_write_tools.then(|| "true".to_string()),
            ),
            (
                "ZSCALER_MCP_USER_AGENT_COMMENT",
                self.user_agent_comment.clone(),
            ),
        ];
        for (key, value) in pairs {
            if let Some(v) = value {
                vars.set(key, v);
            }
        }
    }
}

fn print_inventory(selection: &Selection) {
    let selected: Vec<&ToolSpec> = catalog::selected_tools(selection)
        .map(catalog::ToolRef::spec)
        .collect();
    for spec in &selected {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            spec.name,
            spec.service.code(),
            spec.toolset,
            spec.action.as_str(),
            spec.title
        );
    }
    eprintln!("{} tools selected", selected.len());
}

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("{message}");
    std::process::exit(2);
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let mut vars = Vars::from_process_env();

    if args.list_tools {
        let mut vars = vars.clone();
        args.overlay(&mut vars);
        match Selection::from_vars(&vars) {
            Ok(selection) => print_inventory(&selection),
            Err(e) => fail(e),
        }
        return;
    }

    zscaler_mcp::logging::init();

    // The simulator lives as long as the server: keep its handle until exit.
    let sandbox = if args.sandbox {
        // Boxed so the simulator's start-up future does not enlarge `main`'s without --sandbox.
        let sim = Box::pin(zscaler_sim::start(
            zscaler_sim::SimConfig::default(),
            SocketAddr::from(([127, 0, 0, 1], 0)),
        ))
        .await
        .unwrap_or_else(|e| fail(format!("could not start the sandbox simulator: {e}")));
        eprintln!("sandbox: Zscaler simulator at {}", sim.base_url());
        // The sandbox never reads a real secret.
        vars.set("ZSCALER_SECRET_NAME", "");
        Some(sim)
    } else {
        None
    };

    let state = zscaler_mcp::bootstrap(vars, |vars| {
        // Flags override the environment and the secret; the sandbox overrides everything.
        args.overlay(vars);
        if let Some(sim) = &sandbox {
            let defaults = zscaler_sim::SimConfig::default();
            vars.set("ZSCALER_CLIENT_ID", defaults.client_id);
            vars.set("ZSCALER_CLIENT_SECRET", defaults.client_secret);
            vars.set("ZSCALER_PRIVATE_KEY", "");
            vars.set("ZSCALER_VANITY_DOMAIN", "sandbox");
            vars.set("ZSCALER_CUSTOMER_ID", defaults.customer_id);
            vars.set("ZCELL_CUSTOMER_ID", defaults.zcell_customer_id);
            vars.set("ZSCALER_MCP_API_BASE_URL", sim.base_url());
            vars.set("ZSCALER_MCP_TOKEN_URL", sim.token_url());
            // A loopback demo tenant: no client authentication unless asked for. Setting
            // any mode's own settings (a JWKS URI, an API key, an OIDC provider) is asking:
            // silently serving without the authentication they describe would fail open.
            const ASKED: [&str; 7] = [
                "ZSCALER_MCP_AUTH_ENABLED",
                "ZSCALER_MCP_AUTH_MODE",
                "ZSCALER_MCP_AUTH_JWKS_URI",
                "ZSCALER_MCP_AUTH_ISSUER",
                "ZSCALER_MCP_AUTH_API_KEY",
                "OIDCPROXY_CONFIG_URL",
                "OIDCPROXY_BASE_URL",
            ];
            if ASKED.iter().all(|k| vars.get(k).is_none()) {
                vars.set("ZSCALER_MCP_AUTH_ENABLED", "false");
            }
        }
    })
    .await
    .unwrap_or_else(|e| fail(e));
    let config = &state.config;
    let transport = config.transport;
    let bind = format!("{}:{}", config.host, config.port);
    tracing::info!(tools = state.catalog.len(), "catalog ready");

    match transport {
        Transport::Stdio => {
            let server = McpServer::new(state);
            let running = server
                .serve(rmcp::transport::stdio())
                .await
                .unwrap_or_else(|e| {
                    // rmcp's error quotes the client's first message: scrubbed and cut.
                    let why: String = e.to_string().chars().take(300).collect();
                    fail(format!(
                        "stdio transport failed to start: {}",
                        zscaler_mcp::audit::scrub(&why)
                    ))
                });
            let _ = running.waiting().await;
        }
        Transport::StreamableHttp => {
            if let Err(e) = state
                .config
                .validate_for_http()
                .and_then(|()| state.config.validate_local_http())
            {
                fail(e);
            }
            let tls = state
                .config
                .tls
                .as_ref()
                .map(|(cert, key)| serve::tls_config(cert, key).unwrap_or_else(|e| fail(e)));
            let listener = tokio::net::TcpListener::bind(&bind)
                .await
                .unwrap_or_else(|e| fail(format!("cannot listen on {bind}: {e}")));
            let addr = listener
                .local_addr()
                .unwrap_or_else(|e| fail(format!("cannot read the bound address: {e}")));
            let scheme = if tls.is_some() { "https" } else { "http" };
            let service = McpHttpService::new(state, false);
            eprintln!("zscaler-mcp listening on {scheme}://{addr}/mcp");
            serve::run(listener, service, tls).await;
        }
    }
}
