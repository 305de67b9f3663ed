//! `zscaler-mcp`: the same MCP service over stdio or streamable HTTP, for desktop clients
//! and development. `--sandbox` runs against an in-process Zscaler simulator.

use std::net::SocketAddr;

mod cli;
mod dotenv;
mod inventory;
mod serve;

use clap::Parser;
use cli::Args;
use rmcp::ServiceExt;
use zscaler_mcp::config::{Selection, Transport, Vars};
use zscaler_mcp::{McpHttpService, McpServer};

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("{message}");
    std::process::exit(2);
}

/// Reads `.env` into the process environment while this is the only thread (python-dotenv
/// semantics; variables already set win), then starts the runtime.
fn main() {
    let args = Args::parse();
    let mut warn = |w: String| eprintln!("warning: {w}");
    if let Some(path) = dotenv::choose(args.dotenv_path.as_deref(), &mut warn) {
        match dotenv::load(&path) {
            Ok(warnings) => warnings.into_iter().for_each(&mut warn),
            Err(e) => fail(format!("configuration error: .env: {e}")),
        }
    }
    if args.debug {
        // The log filter reads the process environment.
        std::env::set_var("ZSCALER_MCP_DEBUG", "true");
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(format!("cannot start the async runtime: {e}")))
        .block_on(run(args));
}

/// The commands that print and exit: true when one ran.
fn print_and_exit(args: &Args, vars: &Vars) -> bool {
    if let Some(format) = &args.generate_auth_token {
        match inventory::auth_token(format, vars) {
            Ok(text) => print!("{text}"),
            Err(e) => {
                println!("{e}");
                std::process::exit(1);
            }
        }
        return true;
    }
    if args.list_tools {
        let selection = Selection::from_vars(vars).unwrap_or_else(|e| fail(e));
        for w in zscaler_mcp::catalog::why::selection_warnings(&selection) {
            eprintln!("warning: {w}");
        }
        let (rows, summary) = inventory::list_tools(&selection);
        print!("{rows}");
        eprint!("{summary}");
        return true;
    }
    false
}

async fn run(args: Args) {
    let mut vars = Vars::from_process_env();
    {
        let mut vars = vars.clone();
        args.overlay(&mut vars);
        if print_and_exit(&args, &vars) {
            return;
        }
    }

    zscaler_mcp::logging::init();

    // The simulator lives as long as the server: keep its handle until exit.
    let sandbox = if args.sandbox {
        // Boxed so the simulator's start-up future does not enlarge `run`'s without --sandbox.
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
            sandbox_overrides(vars, sim);
        }
    })
    .await
    .unwrap_or_else(|e| fail(e));
    let config = &state.config;
    let transport = config.transport;
    let bind = format!("{}:{}", config.host, config.port);
    tracing::info!(tools = state.catalog.len(), "catalog ready");
    for warning in config.startup_warnings() {
        tracing::warn!("{warning}");
    }

    match transport {
        Transport::Stdio => {
            zscaler_mcp::config::check_tenants(config.tenants.as_ref(), true)
                .unwrap_or_else(|e| fail(e));
            serve_stdio(state).await
        }
        Transport::StreamableHttp => serve_http(state, &bind).await,
    }
}

/// The sandbox tenant's credentials and hosts, over everything else.
fn sandbox_overrides(vars: &mut Vars, sim: &zscaler_sim::RunningSim) {
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

async fn serve_stdio(state: std::sync::Arc<zscaler_mcp::AppState>) {
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

async fn serve_http(state: std::sync::Arc<zscaler_mcp::AppState>, bind: &str) {
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
