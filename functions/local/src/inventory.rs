//! The two commands that print and exit: `--list-tools` and `--generate-auth-token`.

use std::fmt::Write as _;

use zscaler_mcp::catalog::{self, why::Explainer};
use zscaler_mcp::config::{Selection, Vars};
use zscaler_mcp::tool::Service;

/// `--list-tools`: one tab-separated row per tool on stdout (name, service, toolset, action,
/// `enabled` or `off: <why>`, title), grouped by service in catalog order; a summary per
/// service on stderr, so the rows stay easy to filter. As in the Python server, a
/// `--services` / `--disabled-services` filter narrows the rows to the services served;
/// the others are counted on stderr with their reason. The entitlement filter needs a
/// token and is not applied here.
pub fn list_tools(selection: &Selection) -> (String, String) {
    let explainer = Explainer::new(selection);
    let (mut rows, mut summary) = (String::new(), String::new());
    let (mut total, mut enabled) = (0usize, 0usize);
    for service in Service::ALL {
        let tools: Vec<_> = catalog::all_tools()
            .filter(|t| t.service == service)
            .collect();
        if tools.is_empty() {
            continue;
        }
        let reasons: Vec<_> = tools.iter().map(|t| explainer.why_excluded(t)).collect();
        let on = reasons.iter().filter(|r| r.is_none()).count();
        total += tools.len();
        enabled += on;
        let served = selection
            .services
            .as_ref()
            .is_none_or(|s| s.contains(&service))
            && !selection.disabled_services.contains(&service);
        if !served {
            let why = reasons[0]
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let _ = writeln!(
                summary,
                "{}: {} tools, not listed: {why}",
                service.code(),
                tools.len()
            );
            continue;
        }
        let _ = writeln!(
            summary,
            "{}: {} tools, {on} enabled",
            service.code(),
            tools.len()
        );
        for (tool, reason) in tools.iter().zip(&reasons) {
            let status = match reason {
                None => "enabled".to_string(),
                Some(r) => format!("off: {r}"),
            };
            let _ = writeln!(
                rows,
                "{}\t{}\t{}\t{}\t{status}\t{}",
                tool.name,
                service.code(),
                tool.toolset,
                tool.action.as_str(),
                tool.title
            );
        }
    }
    let _ = writeln!(summary, "{enabled} of {total} tools enabled");
    (rows, summary)
}

/// `--generate-auth-token [basic|bearer]`: the `Authorization` header a client sends to this
/// server over HTTP, and ready-made client snippets, on stdout (an explicit request, as in
/// the Python server; nothing is logged). `basic` is `base64(ZSCALER_CLIENT_ID:
/// ZSCALER_CLIENT_SECRET)` for the zscaler auth mode. `bearer` is this server's api-key
/// mode key, `ZSCALER_MCP_AUTH_API_KEY` (the Python server prints the client secret there,
/// which its own api-key mode accepts only if the two are equal). Err: what is missing.
pub fn auth_token(format: &str, vars: &Vars) -> Result<String, String> {
    use base64::Engine as _;
    let (header, raw) = if format == "bearer" {
        let key = vars.get("ZSCALER_MCP_AUTH_API_KEY").ok_or(
            "Error: ZSCALER_MCP_AUTH_API_KEY must be set (the api-key mode key clients send).",
        )?;
        (format!("Bearer {key}"), None)
    } else {
        let (Some(id), Some(secret)) = (
            vars.get("ZSCALER_CLIENT_ID"),
            vars.get("ZSCALER_CLIENT_SECRET"),
        ) else {
            return Err(
                "Error: ZSCALER_CLIENT_ID and ZSCALER_CLIENT_SECRET must be set.\n\
                        Set them in your .env file or as environment variables."
                    .into(),
            );
        };
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        (format!("Basic {basic}"), Some((id, secret)))
    };
    let scheme = if vars.get("ZSCALER_MCP_TLS_CERTFILE").is_some() {
        "https"
    } else {
        "http"
    };
    let host = vars.get("ZSCALER_MCP_HOST").unwrap_or("127.0.0.1");
    let host = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_string()
    };
    let port = vars.get("ZSCALER_MCP_PORT").unwrap_or("8000");
    let url = format!("{scheme}://{host}:{port}/mcp");
    Ok(snippets(format, &header, raw, &url))
}

/// The Python server's snippets: header clients, the raw credential headers the zscaler mode
/// also accepts (`basic` only), and Claude Desktop through `mcp-remote`.
fn snippets(format: &str, header: &str, raw: Option<(&str, &str)>, url: &str) -> String {
    let mode = if format == "bearer" {
        "api-key (Bearer)"
    } else {
        "zscaler (Basic Auth)"
    };
    let http = serde_json::json!({
        "mcpServers": {"zscaler-mcp-server": {"url": url, "headers": {"Authorization": header}}}
    });
    let remote = serde_json::json!({
        "mcpServers": {"zscaler-mcp-server": {
            "command": "npx",
            "args": ["-y", "mcp-remote", url, "--header", format!("Authorization: {header}")]
        }}
    });
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let alternative = raw.map_or(String::new(), |(id, secret)| {
        let headers = serde_json::json!({
            "mcpServers": {"zscaler-mcp-server": {"url": url, "headers": {
                "X-Zscaler-Client-ID": id, "X-Zscaler-Client-Secret": secret}}}
        });
        format!(
            "--- Alternative: raw credential headers (no Base64 needed) ---\n\n{}\n\n",
            pretty(&headers)
        )
    });
    let rule = "=".repeat(70);
    format!(
        "{rule}\n  Zscaler MCP Server — Auth Token Generator\n{rule}\n\n  Mode:   {mode}\n  \
         Header: Authorization: {header}\n\n--- Cursor / MCP clients with header support ---\n\n\
         {}\n\n{alternative}--- Claude Desktop (mcp-remote bridge) ---\n\n{}\n{rule}\n",
        pretty(&http),
        pretty(&remote)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_is_base64_of_id_and_secret() {
        let vars = Vars::from_pairs([
            ("ZSCALER_CLIENT_ID", "id"),
            ("ZSCALER_CLIENT_SECRET", "secret"),
            ("ZSCALER_MCP_PORT", "9000"),
        ]);
        let out = auth_token("basic", &vars).unwrap();
        assert!(
            out.contains("  Header: Authorization: Basic aWQ6c2VjcmV0\n"),
            "{out}"
        );
        assert!(
            out.contains("\"url\": \"http://127.0.0.1:9000/mcp\""),
            "{out}"
        );
        assert!(
            out.contains("\"Authorization: Basic aWQ6c2VjcmV0\""),
            "{out}"
        );
    }

    #[test]
    fn bearer_is_the_api_key() {
        let vars = Vars::from_pairs([("ZSCALER_MCP_AUTH_API_KEY", "k3y")]);
        let out = auth_token("bearer", &vars).unwrap();
        assert!(!out.contains("X-Zscaler-Client-ID"), "{out}");
        assert!(out.contains("  Mode:   api-key (Bearer)\n  Header: Authorization: Bearer k3y\n"));
        assert_eq!(
            auth_token("bearer", &Vars::default()).unwrap_err(),
            "Error: ZSCALER_MCP_AUTH_API_KEY must be set (the api-key mode key clients send)."
        );
        assert_eq!(
            auth_token("basic", &Vars::default()).unwrap_err(),
            "Error: ZSCALER_CLIENT_ID and ZSCALER_CLIENT_SECRET must be set.\n\
             Set them in your .env file or as environment variables."
        );
    }

    #[test]
    fn every_tool_is_listed_with_its_state() {
        let (rows, summary) = list_tools(&Selection::default());
        assert_eq!(rows.lines().count(), catalog::all_tools().count());
        let row = |name: &str| {
            rows.lines()
                .find(|l| l.starts_with(&format!("{name}\t")))
                .unwrap()
                .split('\t')
                .nth(4)
                .unwrap()
                .to_string()
        };
        assert_eq!(row("zia_list_cloud_firewall_rules"), "enabled");
        assert_eq!(
            row("zia_create_cloud_firewall_rule"),
            "off: write tool; writes are off (ZSCALER_MCP_WRITE_ENABLED)"
        );
        let reads = catalog::all_tools()
            .filter(|t| !t.action.is_write())
            .count();
        assert!(summary.ends_with(&format!(
            "{reads} of {} tools enabled\n",
            catalog::all_tools().count()
        )));
    }

    #[test]
    fn a_service_filter_narrows_the_rows() {
        let sel = Selection {
            services: Some(vec![Service::Zpa]),
            ..Selection::default()
        };
        let (rows, summary) = list_tools(&sel);
        assert!(rows.lines().all(|l| l.split('\t').nth(1) == Some("zpa")));
        let zia = catalog::all_tools()
            .filter(|t| t.service == Service::Zia)
            .count();
        assert!(summary.contains(&format!(
            "zia: {zia} tools, not listed: service not in ZSCALER_MCP_SERVICES\n"
        )));
    }
}
