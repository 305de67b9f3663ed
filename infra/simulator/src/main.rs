//! `zscaler-sim`: run the Zscaler OneAPI simulator as a standalone process.
//!
//! Prints `zscaler-sim listening on http://HOST:PORT` once ready and runs
//! until interrupted (SIGINT/SIGTERM).

use clap::Parser;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use zscaler_sim::SimConfig;

#[derive(Parser, Debug)]
#[command(
    name = "zscaler-sim",
    about = "Local simulator of the Zscaler OneAPI (token endpoint, ZIA, ZPA, ZDX, ZCC, ZIdentity)"
)]
struct Args {
    /// Port to listen on (0 picks a free port).
    #[arg(long)]
    port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Accepted OAuth client id.
    #[arg(long, default_value = "sandbox-client")]
    client_id: String,
    /// Accepted OAuth client secret.
    #[arg(long, default_value = "sandbox-secret")]
    client_secret: String,
    /// ZPA customer id expected in ZPA paths.
    #[arg(long, default_value = "sandbox-customer")]
    customer_id: String,
    /// Lifetime of issued access tokens, in seconds.
    #[arg(long, default_value_t = 3600)]
    token_lifetime: u64,
    /// PEM file with the RSA public key that verifies private-key JWT
    /// client assertions (enables that flow).
    #[arg(long)]
    client_public_key_file: Option<std::path::PathBuf>,
    /// After a ZIA activation, how many `GET /zia/api/v1/status` calls report
    /// INPROGRESS before the status becomes ACTIVE (0: immediate).
    #[arg(long, default_value_t = 0)]
    activation_in_progress_polls: u32,
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let client_public_key_pem = match &args.client_public_key_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let config = SimConfig {
        client_id: args.client_id,
        client_secret: args.client_secret,
        customer_id: args.customer_id,
        token_lifetime_secs: args.token_lifetime,
        client_public_key_pem,
        activation_in_progress_polls: args.activation_in_progress_polls,
        ..SimConfig::default()
    };
    let sim = zscaler_sim::start(config, SocketAddr::new(args.host, args.port)).await?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "zscaler-sim listening on {}", sim.base_url())?;
        out.flush()?;
    }
    wait_for_signal().await;
    sim.shutdown().await;
    Ok(())
}
