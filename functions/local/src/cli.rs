//! The command line: the Python server's flags (`zscaler-mcp` 0.15.4, `server.py::build_parser`)
//! with its meanings, each folded into the environment variable it overrides so that
//! configuration has one parser and one error style.

use clap::{ArgAction, Parser};
use zscaler_mcp::config::Vars;

/// Flags mirror the Python server's; each one overrides its environment variable.
#[derive(Parser, Debug, Default)]
#[command(
    name = "zscaler-mcp",
    version,
    disable_version_flag = true,
    about = "MCP server for the Zscaler Zero Trust Exchange"
)]
pub struct Args {
    /// stdio or streamable-http (ZSCALER_MCP_TRANSPORT).
    #[arg(long)]
    pub transport: Option<String>,
    /// Bind address for HTTP (ZSCALER_MCP_HOST, default 127.0.0.1).
    #[arg(long)]
    pub host: Option<String>,
    /// Port for HTTP (ZSCALER_MCP_PORT, default 8000; 0 picks a free port).
    #[arg(long)]
    pub port: Option<u16>,
    /// Run against an in-process Zscaler simulator with sandbox credentials.
    #[arg(long)]
    pub sandbox: bool,
    /// Comma-separated services to enable (ZSCALER_MCP_SERVICES).
    #[arg(long, short = 's')]
    pub services: Option<String>,
    /// Comma-separated services to disable (ZSCALER_MCP_DISABLED_SERVICES).
    #[arg(long)]
    pub disabled_services: Option<String>,
    /// Comma-separated toolsets to enable (ZSCALER_MCP_TOOLSETS).
    #[arg(long)]
    pub toolsets: Option<String>,
    /// Comma-separated toolsets to disable (ZSCALER_MCP_DISABLED_TOOLSETS).
    #[arg(long)]
    pub disabled_toolsets: Option<String>,
    /// Comma-separated tool name globs to disable (ZSCALER_MCP_DISABLED_TOOLS).
    #[arg(long)]
    pub disabled_tools: Option<String>,
    /// Master switch for write tools (ZSCALER_MCP_WRITE_ENABLED).
    #[arg(long)]
    pub enable_write_tools: bool,
    /// Comma-separated globs of write tools to allow (ZSCALER_MCP_WRITE_TOOLS).
    #[arg(long)]
    pub write_tools: Option<String>,
    /// What /mcp lists: full (every allowed tool) or discovery (search and two invokers
    /// that reach every allowed tool) (ZSCALER_MCP_TOOL_SURFACE).
    #[arg(long, value_name = "SURFACE")]
    pub tool_surface: Option<String>,
    /// Skip the OneAPI entitlement filter (ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER).
    #[arg(long)]
    pub no_entitlement_filter: bool,
    /// One audit line per tool call (ZSCALER_MCP_LOG_TOOL_CALLS).
    #[arg(long)]
    pub log_tool_calls: bool,
    /// Verbose debug logging (ZSCALER_MCP_DEBUG).
    #[arg(long)]
    pub debug: bool,
    /// User-Agent suffix (ZSCALER_MCP_USER_AGENT_COMMENT).
    #[arg(long)]
    pub user_agent_comment: Option<String>,
    /// The .env file to read instead of ./.env (ZSCALER_MCP_DOTENV_PATH).
    #[arg(long, value_name = "PATH")]
    pub dotenv_path: Option<String>,
    /// Print every tool by service, enabled or why not, and exit.
    #[arg(long)]
    pub list_tools: bool,
    /// Print an Authorization header and client snippets for this server, then exit:
    /// basic (zscaler auth mode, the default) or bearer (api-key mode).
    #[arg(
        long,
        value_name = "FORMAT",
        num_args = 0..=1,
        default_missing_value = "basic",
        value_parser = ["basic", "bearer"]
    )]
    pub generate_auth_token: Option<String>,
    /// Print the version and exit.
    #[arg(long, short = 'v', short_alias = 'V', action = ArgAction::Version)]
    version: Option<bool>,
}

impl Args {
    /// Each flag given overrides its variable; a flag not given leaves the variable alone.
    pub fn overlay(&self, vars: &mut Vars) {
        let on = |b: bool| b.then(|| "true".to_string());
        let pairs: [(&str, Option<String>); 15] = [
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
            ("ZSCALER_MCP_WRITE_ENABLED", on(self.enable_write_tools)),
            ("ZSCALER_MCP_TOOL_SURFACE", self.tool_surface.clone()),
            (
                "ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER",
                on(self.no_entitlement_filter),
            ),
            ("ZSCALER_MCP_LOG_TOOL_CALLS", on(self.log_tool_calls)),
            ("ZSCALER_MCP_DEBUG", on(self.debug)),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaid(argv: &[&str]) -> Vars {
        let args = Args::try_parse_from(std::iter::once("zscaler-mcp").chain(argv.iter().copied()))
            .expect("valid flags");
        let mut vars = Vars::default();
        args.overlay(&mut vars);
        vars
    }

    #[test]
    fn python_flags_map_to_their_variables() {
        let v = overlaid(&[
            "--log-tool-calls",
            "--no-entitlement-filter",
            "--debug",
            "--enable-write-tools",
            "--write-tools",
            "zpa_create_*",
            "-s",
            "zpa",
        ]);
        for (key, want) in [
            ("ZSCALER_MCP_LOG_TOOL_CALLS", "true"),
            ("ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER", "true"),
            ("ZSCALER_MCP_DEBUG", "true"),
            ("ZSCALER_MCP_WRITE_ENABLED", "true"),
            ("ZSCALER_MCP_WRITE_TOOLS", "zpa_create_*"),
            ("ZSCALER_MCP_SERVICES", "zpa"),
        ] {
            assert_eq!(v.get(key), Some(want), "{key}");
        }
    }

    #[test]
    fn absent_flags_leave_variables_alone() {
        let v = overlaid(&[]);
        for key in [
            "ZSCALER_MCP_LOG_TOOL_CALLS",
            "ZSCALER_MCP_DISABLE_ENTITLEMENT_FILTER",
            "ZSCALER_MCP_DEBUG",
            "ZSCALER_MCP_WRITE_ENABLED",
        ] {
            assert_eq!(v.get(key), None, "{key}");
        }
    }

    #[test]
    fn tool_surface_flag_sets_its_variable() {
        let v = overlaid(&["--tool-surface", "discovery"]);
        assert_eq!(v.get("ZSCALER_MCP_TOOL_SURFACE"), Some("discovery"));
        assert_eq!(overlaid(&[]).get("ZSCALER_MCP_TOOL_SURFACE"), None);
    }

    #[test]
    fn generate_auth_token_defaults_to_basic() {
        let parse = |argv: &[&str]| {
            Args::try_parse_from(std::iter::once("zscaler-mcp").chain(argv.iter().copied()))
                .map(|a| a.generate_auth_token)
        };
        assert_eq!(
            parse(&["--generate-auth-token"]).unwrap().as_deref(),
            Some("basic")
        );
        assert_eq!(
            parse(&["--generate-auth-token", "bearer"])
                .unwrap()
                .as_deref(),
            Some("bearer")
        );
        assert_eq!(parse(&["--dotenv-path", "/x/.env"]).unwrap(), None);
        assert!(parse(&["--generate-auth-token", "digest"]).is_err());
    }
}
