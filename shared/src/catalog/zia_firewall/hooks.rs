//! The zia_firewall hooks: the logic the tools of `tables.rs` name.

use crate::catalog::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::tool::args::ArgError;
use crate::zscaler::ApiRequest;
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------------------

pub(super) fn arg_error(field: &str, problem: String) -> ToolError {
    ToolError::Args(ArgError {
        field: field.to_string(),
        problem,
    })
}

/// The port fields of a network service, in the order the API lists them.
pub(super) const PORT_FIELDS: [&str; 4] =
    ["srcTcpPorts", "destTcpPorts", "srcUdpPorts", "destUdpPorts"];

pub(super) fn parse_port(text: &str) -> Option<u64> {
    text.trim()
        .parse::<u64>()
        .ok()
        .filter(|p| (1..=65535).contains(p))
}

/// `dest:tcp:443` or `src:udp:1000-2000` into the API's four port-range lists.
pub(super) fn port_ranges(entries: &[Value]) -> Result<Map<String, Value>, ToolError> {
    let mut out = Map::new();
    for field in PORT_FIELDS {
        out.insert(field.to_string(), Value::Array(Vec::new()));
    }
    for (i, entry) in entries.iter().enumerate() {
        let text = port_text(entry);
        let text = text.as_str();
        let bad = || {
            arg_error(
                "ports",
                format!(
                    "item {i} ({text:?}) is not <dest|src>:<tcp|udp>:<port> or \
                     <dest|src>:<tcp|udp>:<first>-<last> with ports 1-65535"
                ),
            )
        };
        let parts: Vec<&str> = text.split(':').map(str::trim).collect();
        let [direction, protocol, ports] = parts[..] else {
            return Err(bad());
        };
        let field = match (
            direction.to_ascii_lowercase().as_str(),
            protocol.to_ascii_lowercase().as_str(),
        ) {
            ("src", "tcp") => "srcTcpPorts",
            ("dest", "tcp") => "destTcpPorts",
            ("src", "udp") => "srcUdpPorts",
            ("dest", "udp") => "destUdpPorts",
            _ => return Err(bad()),
        };
        let range = match ports.split_once('-') {
            None => json!({"start": parse_port(ports).ok_or_else(bad)?}),
            Some((first, last)) => {
                let (start, end) = (
                    parse_port(first).ok_or_else(bad)?,
                    parse_port(last).ok_or_else(bad)?,
                );
                if end < start {
                    return Err(bad());
                }
                if start == end {
                    json!({ "start": start })
                } else {
                    json!({"start": start, "end": end})
                }
            }
        };
        if let Some(Value::Array(list)) = out.get_mut(field) {
            list.push(range);
        }
    }
    Ok(out)
}

/// One `ports` item as the `dir:proto:ports` text: a string as it is, or the official
/// server's tuple `[dir, proto, first, last?]` (zscaler-sdk-python
/// zscaler/zia/cloud_firewall.py:2051 `add_network_service`), whose parts may be numbers.
/// Anything else becomes text that fails the parse, naming the item.
fn port_text(entry: &Value) -> String {
    let part = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_u64() => Some(n.to_string()),
        _ => None,
    };
    match entry {
        Value::String(s) => s.clone(),
        Value::Array(items) if (3..=4).contains(&items.len()) => {
            let parts: Option<Vec<String>> = items.iter().map(part).collect();
            match parts {
                Some(p) if p.len() == 4 => format!("{}:{}:{}-{}", p[0], p[1], p[2], p[3]),
                Some(p) => p.join(":"),
                None => entry.to_string(),
            }
        }
        other => other.to_string(),
    }
}

/// Network service create and update: the `ports` notation becomes the API's port-range
/// lists; an update reads the service first and keeps what was not given.
pub(super) fn network_service_write<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut fields = match &ctx.plan.body {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        let is_update = ctx.spec.method == HttpMethod::Put;
        if let Some(ports) = fields.remove("ports") {
            let ranges = port_ranges(ports.as_array().map(Vec::as_slice).unwrap_or(&[]))?;
            for (field, list) in ranges {
                let empty = list.as_array().is_some_and(Vec::is_empty);
                // A create sends only the lists in use; an update replaces all four.
                if is_update || !empty {
                    fields.insert(field, list);
                }
            }
        }
        let call = |method, body| ApiRequest {
            service: ctx.spec.service,
            method,
            path: ctx.path,
            query: &[],
            body,
        };
        let body = if is_update {
            let current = ctx
                .client
                .call(call(HttpMethod::Get, None), ctx.deadline)
                .await?;
            let mut merged = match current.body {
                Value::Object(m) => m,
                _ => Map::new(),
            };
            merged.extend(fields);
            Value::Object(merged)
        } else {
            Value::Object(fields)
        };
        let resp = ctx
            .client
            .call(call(ctx.spec.method, Some(&body)), ctx.deadline)
            .await?;
        let value = if resp.body.is_null() { body } else { resp.body };
        Ok(ToolOutput { value, note: None })
    })
}

/// Custom IPS signature create: the rule text is validated first, as zscaler-sdk-python
/// does before every create (zscaler/zia/ips_signature_rules.py:153
/// `_preflight_validate_rule_text`, :358 `validate_ips_signature_rule`), so an invalid
/// signature is refused with the API's own reason and nothing is created.
pub(super) fn create_ips_signature<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let body = ctx.plan.body.clone().unwrap_or_else(|| json!({}));
        if let Some(text) = body.get("ruleText").and_then(Value::as_str) {
            // The SDK validates the text from its first line, as errPosition counts it.
            let text = text.trim_start_matches(['\r', '\n']);
            let path = format!("{}/validateRuleText", ctx.path);
            let verdict = ctx
                .call(
                    HttpMethod::Post,
                    &path,
                    &[],
                    Some(&json!({ "ruleText": text })),
                )
                .await?;
            let status = verdict.get("status").and_then(Value::as_i64).unwrap_or(0);
            let message = verdict.get("errMsg").and_then(Value::as_str).unwrap_or("");
            if status != 0 || !message.is_empty() {
                let position = verdict.get("errPosition").cloned().unwrap_or(Value::Null);
                return Err(arg_error(
                    "rule_text",
                    format!(
                        "ZIA rejected the signature (status {status}, position {position}): \
                         {message}. Nothing was created."
                    ),
                ));
            }
        }
        let value = ctx
            .call(HttpMethod::Post, ctx.path, &[], Some(&body))
            .await?;
        Ok(ToolOutput { value, note: None })
    })
}

#[cfg(test)]
mod tests {
    use super::super::TOOLS;
    use super::*;

    #[test]
    fn ports_become_ranges() {
        let ports = port_ranges(&[
            json!("dest:tcp:443"),
            json!("DEST:TCP:8080-8090"),
            json!("src:udp:53-53"),
        ])
        .unwrap();
        assert_eq!(
            ports["destTcpPorts"],
            json!([{"start": 443}, {"start": 8080, "end": 8090}])
        );
        assert_eq!(ports["srcUdpPorts"], json!([{"start": 53}]));
        assert_eq!(ports["srcTcpPorts"], json!([]));
    }

    #[test]
    fn official_port_tuples_are_taken() {
        let ports = port_ranges(&[
            json!(["dest", "tcp", "8080"]),
            json!(["dest", "tcp", 9000, 9010]),
            json!(["src", "udp", "53", "53"]),
        ])
        .unwrap();
        assert_eq!(
            ports["destTcpPorts"],
            json!([{"start": 8080}, {"start": 9000, "end": 9010}])
        );
        assert_eq!(ports["srcUdpPorts"], json!([{"start": 53}]));
        for bad in [
            json!(["dest", "tcp"]),
            json!(["dest", "tcp", true]),
            json!(443),
        ] {
            let err = port_ranges(std::slice::from_ref(&bad)).unwrap_err();
            assert!(
                matches!(&err, ToolError::Args(a) if a.field == "ports"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn bad_ports_name_the_field() {
        for bad in [
            "dest:icmp:1",
            "dest:tcp",
            "dest:tcp:0",
            "dest:tcp:9-3",
            "x:tcp:1",
        ] {
            let err = port_ranges(&[json!(bad)]).unwrap_err();
            assert!(
                matches!(&err, ToolError::Args(a) if a.field == "ports"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn create_tools_require_what_the_api_needs() {
        let spec = TOOLS
            .iter()
            .find(|t| t.name == "zia_create_cloud_firewall_rule")
            .unwrap();
        let required: Vec<&str> = spec
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| p.name)
            .collect();
        // `order` is required by the API but not of the agent: like the official server,
        // the create hook sends order 1 when it is left out (issue 18).
        assert_eq!(required, ["name", "action"]);
        let update = TOOLS
            .iter()
            .find(|t| t.name == "zia_update_cloud_firewall_rule")
            .unwrap();
        let required: Vec<&str> = update
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| p.name)
            .collect();
        assert_eq!(required, ["rule_id"]);
    }
}
