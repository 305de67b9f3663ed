//! Progressive discovery: a small tool surface that still reaches every allowed tool, with
//! no session (any request may reach any instance).
//!
//! - [`Surface`]: `ZSCALER_MCP_TOOL_SURFACE` — `full` (every selected tool listed) or
//!   `discovery` (three meta tools: search, read invoker, write invoker).
//! - [`UrlSurface`]: what the URL chose: `/mcp/x/{toolset,...}` (a fixed list of those
//!   toolsets' tools) and `/mcp/readonly` (read tools only); [`View`] is the result for one
//!   request.
//! - The meta tools: [`SEARCH`] ranks the tools this caller may call ([`search`]); the
//!   invokers [`CALL_READ`] and [`CALL_WRITE`] rewrite the request to the inner tool's name
//!   and arguments, and `crate::server` runs it through the same path as a direct call
//!   (selection, entitlement, per-caller scopes, confirmation, sanitization, audit).
//!
//! This module decides and formats; it never runs a tool itself.

pub mod search;

use std::sync::Arc;

use rmcp::model::{CallToolRequestParams, Tool, ToolAnnotations};
use serde_json::{json, Map, Value};

use crate::catalog::TOOLSETS;
use crate::executor::ToolSpec;
use crate::tool::Service;

pub const SEARCH: &str = "zscaler_search_tools";
pub const CALL_READ: &str = "zscaler_call_read_tool";
pub const CALL_WRITE: &str = "zscaler_call_write_tool";

/// The setting that chooses the configured surface.
pub const SETTING: &str = "ZSCALER_MCP_TOOL_SURFACE";
/// Longest search query, in characters: a task description, not a document.
pub const MAX_QUERY_CHARS: usize = 200;
/// Longest tool name an invoker accepts (the longest real one is about 50).
const MAX_TOOL_NAME_CHARS: usize = 100;
const DEFAULT_LIMIT: usize = 5;
const MAX_LIMIT: usize = 10;

/// The tool surface configured for `/mcp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Surface {
    /// Every selected tool the caller may call is listed.
    #[default]
    Full,
    /// Only the meta tools are listed; every allowed tool stays callable.
    Discovery,
}

impl Surface {
    /// `full` or `discovery` (any case); the error names the accepted values.
    pub fn parse(value: &str) -> Result<Surface, String> {
        match value.to_ascii_lowercase().as_str() {
            "full" => Ok(Surface::Full),
            "discovery" => Ok(Surface::Discovery),
            _ => Err(format!("expected full or discovery, got {value:?}")),
        }
    }
}

/// The surface a request's URL chose, carried in the request's extensions (as the
/// `Principal` is) from routing to `crate::server`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UrlSurface {
    /// `/mcp/t/{tenant}/...`: the one tenant (of the caller's) this URL acts on. Checked
    /// against the caller's tenants by `crate::http::authn`.
    pub tenant: Option<String>,
    /// `/mcp/x/{toolset,...}`: only these toolsets, always as a full list.
    pub toolsets: Option<Vec<&'static str>>,
    /// `/mcp/readonly` (or a trailing `/readonly` after `/mcp/x/...`).
    pub read_only: bool,
}

impl UrlSurface {
    /// The path segments after `mcp`: an optional `["t", tenant]` prefix, then nothing (after
    /// a tenant only), `["readonly"]`, `["x", list]` or `["x", list, "readonly"]`; anything
    /// else is not a surface (`None`). `Err` carries the 404 message naming an unknown
    /// toolset or a malformed tenant id.
    pub fn from_segments(rest: &[&str]) -> Option<Result<UrlSurface, String>> {
        let (tenant, rest) = match rest {
            ["t", id, rest @ ..] => (Some(*id), rest),
            _ => (None, rest),
        };
        let (list, read_only) = match rest {
            [] if tenant.is_some() => (None, false),
            ["readonly"] => (None, true),
            ["x", list] => (Some(*list), false),
            ["x", list, "readonly"] => (Some(*list), true),
            _ => return None,
        };
        if let Some(id) = tenant.filter(|id| !crate::tenant::valid_id(id)) {
            return Some(Err(format!(
                "Not found: {} in /mcp/t/ is not a tenant id (1-32 characters a-z, 0-9 or -)",
                shown(id)
            )));
        }
        Some(
            list.map(toolset_list)
                .transpose()
                .map(|toolsets| UrlSurface {
                    tenant: tenant.map(str::to_string),
                    toolsets,
                    read_only,
                }),
        )
    }
}

/// `a,b` (commas possibly percent-encoded) as known toolset ids, without repeats.
fn toolset_list(list: &str) -> Result<Vec<&'static str>, String> {
    let decoded = list.replace("%2C", ",").replace("%2c", ",");
    let mut out: Vec<&'static str> = Vec::new();
    for name in decoded.split(',').map(str::trim) {
        let Some(known) = TOOLSETS.iter().find(|t| **t == name) else {
            return Err(format!(
                "Not found: unknown toolset {} in /mcp/x/; `zscaler-mcp --list-tools` lists \
                 the toolsets",
                shown(name)
            ));
        };
        if !out.contains(known) {
            out.push(known);
        }
    }
    Ok(out)
}

/// A client-chosen name in a message: printable ASCII only, cut to 64 characters.
fn shown(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .take(64)
        .collect();
    format!("{clean:?}")
}

/// What one request sees: the configured surface narrowed by its URL.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct View {
    pub surface: Surface,
    pub toolsets: Option<Vec<&'static str>>,
    pub read_only: bool,
}

impl View {
    /// `/mcp/x/...` is always a fixed (full) list; `/mcp/readonly` keeps the configured
    /// surface.
    pub fn new(configured: Surface, url: Option<&UrlSurface>) -> View {
        let Some(url) = url else {
            return View {
                surface: configured,
                ..View::default()
            };
        };
        View {
            surface: if url.toolsets.is_some() {
                Surface::Full
            } else {
                configured
            },
            toolsets: url.toolsets.clone(),
            read_only: url.read_only,
        }
    }

    /// Whether this view admits `spec` at all (before selection and per-caller checks).
    pub fn admits(&self, spec: &ToolSpec) -> bool {
        (!self.read_only || !spec.action.is_write()) && self.in_toolsets(spec)
    }

    /// Whether `spec` is of a toolset this URL names (always, without `/x/`).
    pub fn in_toolsets(&self, spec: &ToolSpec) -> bool {
        self.toolsets
            .as_ref()
            .is_none_or(|sets| sets.contains(&spec.toolset))
    }

    /// Whether the meta tools are served.
    pub fn has_meta_tools(&self) -> bool {
        self.surface == Surface::Discovery
    }
}

/// A meta tool by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meta {
    Search,
    Invoke(Invoker),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invoker {
    Read,
    Write,
}

impl Invoker {
    pub fn name(self) -> &'static str {
        match self {
            Invoker::Read => CALL_READ,
            Invoker::Write => CALL_WRITE,
        }
    }
}

pub fn meta(name: &str) -> Option<Meta> {
    match name {
        SEARCH => Some(Meta::Search),
        CALL_READ => Some(Meta::Invoke(Invoker::Read)),
        CALL_WRITE => Some(Meta::Invoke(Invoker::Write)),
        _ => None,
    }
}

/// The meta tools' descriptions; the write invoker only when the caller may call a write
/// tool here.
pub fn meta_tools(with_write: bool) -> Vec<Tool> {
    let mut tools = vec![search_tool(), invoker_tool(Invoker::Read)];
    if with_write {
        tools.push(invoker_tool(Invoker::Write));
    }
    tools
}

fn object_schema(value: Value) -> Arc<Map<String, Value>> {
    match value {
        Value::Object(m) => Arc::new(m),
        _ => unreachable!("schemas are objects"),
    }
}

fn search_tool() -> Tool {
    let services: Vec<&str> = Service::ALL.iter().map(|s| s.code()).collect();
    let schema = json!({
        "type": "object",
        "properties": {
            "query": {"type": "string", "maxLength": MAX_QUERY_CHARS,
                      "description": "The task in plain words, or a tool name"},
            "service": {"type": "string", "enum": services,
                        "description": "Only this service's tools"},
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                      "description": "Tools to return (default 5)"}
        },
        "required": ["query"],
        "additionalProperties": false
    });
    let annotations = ToolAnnotations::new().read_only(true).open_world(false);
    Tool::new_with_raw(
        SEARCH,
        Some(
            "Find Zscaler tools (ZIA, ZPA, ZDX, ZCC, ZIdentity, ZTW, ZMS, ZCell, EASM, \
             Z-Insights) for a task. Returns the best matches you may call, with their input \
             schemas. Run them with zscaler_call_read_tool or zscaler_call_write_tool."
                .into(),
        ),
        object_schema(schema),
    )
    .with_title("Search Zscaler tools")
    .with_annotations(annotations)
}

fn invoker_tool(invoker: Invoker) -> Tool {
    let (title, description, annotations) = match invoker {
        Invoker::Read => (
            "Run a Zscaler read tool",
            "Run a read-only tool found with zscaler_search_tools, by name, with arguments \
             matching its input schema.",
            ToolAnnotations::new().read_only(true).open_world(false),
        ),
        Invoker::Write => (
            "Run a Zscaler write tool",
            "Run a tool that changes configuration, found with zscaler_search_tools, by name, \
             with arguments matching its input schema. Destructive calls first return a \
             confirmation request; ask the user before repeating with the token inside \
             `arguments`.",
            ToolAnnotations::new()
                .read_only(false)
                .destructive(true)
                .idempotent(false)
                .open_world(false),
        ),
    };
    let schema = json!({
        "type": "object",
        "properties": {
            "tool": {"type": "string", "maxLength": MAX_TOOL_NAME_CHARS,
                     "description": "Tool name from zscaler_search_tools"},
            "arguments": {"type": "object", "description": "The tool's arguments"}
        },
        "required": ["tool"],
        "additionalProperties": false
    });
    Tool::new_with_raw(
        invoker.name(),
        Some(description.into()),
        object_schema(schema),
    )
    .with_title(title)
    .with_annotations(annotations)
}

/// A search request's arguments, checked.
#[derive(Debug, PartialEq)]
pub struct SearchArgs {
    pub query: String,
    pub service: Option<Service>,
    pub limit: usize,
}

/// Checks `zscaler_search_tools` arguments; the error is the message for the caller.
pub fn search_args(args: &Map<String, Value>) -> Result<SearchArgs, String> {
    if let Some(extra) = args
        .keys()
        .find(|k| !["query", "service", "limit"].contains(&k.as_str()))
    {
        return Err(format!(
            "Unknown argument {}: {SEARCH} takes query, service and limit",
            shown(extra)
        ));
    }
    let query = match args.get("query") {
        Some(Value::String(q)) if !q.trim().is_empty() => q.trim(),
        _ => return Err("`query` is required: the task in plain words, or a tool name".into()),
    };
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(format!(
            "`query` is {chars} characters long; the limit is {MAX_QUERY_CHARS}: describe the \
             task in a sentence"
        ));
    }
    let service = match args.get("service") {
        None | Some(Value::Null) => None,
        Some(Value::String(code)) => Some(
            Service::from_code(&code.to_ascii_lowercase())
                .ok_or_else(|| format!("Unknown service {}: {}", shown(code), service_codes()))?,
        ),
        Some(_) => return Err(format!("`service` must be a string: {}", service_codes())),
    };
    let limit = match args.get("limit") {
        None | Some(Value::Null) => DEFAULT_LIMIT,
        Some(v) => match v.as_u64() {
            Some(n @ 1..=10) => n as usize,
            _ => {
                return Err(format!(
                    "`limit` must be a whole number from 1 to {MAX_LIMIT}"
                ))
            }
        },
    };
    Ok(SearchArgs {
        query: query.to_string(),
        service,
        limit,
    })
}

fn service_codes() -> String {
    let codes: Vec<&str> = Service::ALL.iter().map(|s| s.code()).collect();
    format!("one of {}", codes.join(", "))
}

/// The search answer: each hit's name, title, description, input schema and annotations
/// (without the title they repeat), as compact JSON, plus how to run them.
pub fn search_answer(hits: &[&Tool], any_write: bool) -> String {
    let tools: Vec<Value> = hits.iter().map(|t| compact(t)).collect();
    let how = if any_write {
        "Run read tools with zscaler_call_read_tool and the others with \
         zscaler_call_write_tool: {\"tool\": name, \"arguments\": {...}}."
    } else {
        "Run them with zscaler_call_read_tool: {\"tool\": name, \"arguments\": {...}}."
    };
    let answer = if tools.is_empty() {
        json!({"tools": [], "note": "No tool you may call matches; try other words, or no \
               service filter."})
    } else {
        json!({"tools": tools, "next": how})
    };
    answer.to_string()
}

fn compact(tool: &Tool) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), Value::from(tool.name.as_ref()));
    if let Some(title) = &tool.title {
        out.insert("title".into(), Value::from(title.as_str()));
    }
    if let Some(d) = &tool.description {
        out.insert("description".into(), Value::from(d.as_ref()));
    }
    out.insert(
        "inputSchema".into(),
        Value::Object(tool.input_schema.as_ref().clone()),
    );
    if let Some(a) = &tool.annotations {
        let mut a = a.clone();
        a.title = None;
        if let Ok(v) = serde_json::to_value(a) {
            out.insert("annotations".into(), v);
        }
    }
    Value::Object(out)
}

/// The invoker's request rewritten to the inner tool: its name and arguments; the MRTR
/// fields (`requestState`, `inputResponses`) and `_meta` are kept, so a confirmation bound
/// to the inner tool and arguments verifies on the retry through the invoker.
pub fn inner_request(
    invoker: Invoker,
    mut request: CallToolRequestParams,
) -> Result<CallToolRequestParams, String> {
    let mut args = request.arguments.take().unwrap_or_default();
    if let Some(extra) = args
        .keys()
        .find(|k| !["tool", "arguments"].contains(&k.as_str()))
    {
        return Err(format!(
            "Unknown argument {}: {} takes tool and arguments",
            shown(extra),
            invoker.name()
        ));
    }
    let tool = match args.remove("tool") {
        Some(Value::String(t)) if !t.trim().is_empty() => t,
        _ => return Err("`tool` is required: a tool name from zscaler_search_tools".into()),
    };
    if tool.chars().count() > MAX_TOOL_NAME_CHARS {
        return Err(format!(
            "`tool` is longer than {MAX_TOOL_NAME_CHARS} characters: no tool has such a name"
        ));
    }
    let arguments = match args.remove("arguments") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err("`arguments` must be an object of the tool's arguments".into()),
    };
    request.name = tool.into();
    request.arguments = Some(arguments);
    Ok(request)
}

/// Why `invoker` may not run `spec` (a read tool through the write invoker, a write tool
/// through the read invoker), or `None`.
pub fn mismatch(invoker: Invoker, spec: &ToolSpec, writes_here: bool) -> Option<String> {
    match (invoker, spec.action.is_write()) {
        (Invoker::Read, true) if writes_here => Some(format!(
            "{} changes configuration: run it with {CALL_WRITE}, so that your client asks \
             before it runs.",
            spec.name
        )),
        (Invoker::Read, true) => Some(format!(
            "{} changes configuration, and write tools are not available here.",
            spec.name
        )),
        (Invoker::Write, false) => Some(format!(
            "{} only reads: run it with {CALL_READ}.",
            spec.name
        )),
        _ => None,
    }
}

/// Added to a confirmation request answered through the write invoker: where the token goes.
pub const CONFIRM_VIA_INVOKER: &str = "Through zscaler_call_write_tool: repeat the same call \
with \"confirmation_token\" added inside `arguments`.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surfaces_parse_from_the_setting_and_the_url() {
        assert_eq!(Surface::parse("Discovery"), Ok(Surface::Discovery));
        assert_eq!(Surface::parse("full"), Ok(Surface::Full));
        assert_eq!(
            Surface::parse("small"),
            Err("expected full or discovery, got \"small\"".into())
        );
        assert_eq!(UrlSurface::from_segments(&[]), None);
        assert_eq!(UrlSurface::from_segments(&["y"]), None);
        assert_eq!(
            UrlSurface::from_segments(&["x", "zia_users%2Czpa_idp,zia_users", "readonly"]),
            Some(Ok(UrlSurface {
                tenant: None,
                toolsets: Some(vec!["zia_users", "zpa_idp"]),
                read_only: true
            }))
        );
        assert_eq!(
            UrlSurface::from_segments(&["t", "acme-2", "x", "zia_users"]),
            Some(Ok(UrlSurface {
                tenant: Some("acme-2".into()),
                toolsets: Some(vec!["zia_users"]),
                read_only: false
            }))
        );
        assert_eq!(
            UrlSurface::from_segments(&["t", "acme"]),
            Some(Ok(UrlSurface {
                tenant: Some("acme".into()),
                toolsets: None,
                read_only: false
            }))
        );
        // A tenant id is never taken from a malformed segment (case, dots, encoding, length).
        for bad in ["Acme", "ac.me", "..", "a%2Fb", "", "a".repeat(33).as_str()] {
            assert_eq!(
                UrlSurface::from_segments(&["t", bad, "readonly"]),
                Some(Err(format!(
                    "Not found: {:?} in /mcp/t/ is not a tenant id (1-32 characters a-z, 0-9 \
                     or -)",
                    bad.chars().take(64).collect::<String>()
                ))),
                "{bad}"
            );
        }
        assert_eq!(UrlSurface::from_segments(&["t"]), None);
        assert_eq!(UrlSurface::from_segments(&["t", "acme", "y"]), None);
        assert_eq!(
            UrlSurface::from_segments(&["x", "zia_users,nope\u{202e}"]),
            Some(Err(
                "Not found: unknown toolset \"nope\" in /mcp/x/; `zscaler-mcp --list-tools` \
                 lists the toolsets"
                    .into()
            ))
        );
    }

    #[test]
    fn a_toolset_url_is_a_full_list_and_readonly_keeps_the_configured_surface() {
        let x = UrlSurface {
            tenant: None,
            toolsets: Some(vec!["zia_users"]),
            read_only: false,
        };
        assert_eq!(
            View::new(Surface::Discovery, Some(&x)).surface,
            Surface::Full
        );
        let ro = UrlSurface {
            tenant: Some("acme".into()),
            toolsets: None,
            read_only: true,
        };
        let view = View::new(Surface::Discovery, Some(&ro));
        assert!(view.has_meta_tools() && view.read_only);
    }

    #[test]
    fn a_bad_surface_setting_stops_start_up_naming_it() {
        use crate::config::{Config, Vars};
        let vars = |surface: Option<&str>| {
            let mut v = Vars::from_pairs([
                ("ZSCALER_CLIENT_ID", "id"),
                ("ZSCALER_CLIENT_SECRET", "s"),
                ("ZSCALER_VANITY_DOMAIN", "acme"),
            ]);
            if let Some(surface) = surface {
                v.set(SETTING, surface);
            }
            v
        };
        let e = Config::from_vars(&vars(Some("tiny")))
            .map(|_| ())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "configuration error: ZSCALER_MCP_TOOL_SURFACE: expected full or discovery, got \
             \"tiny\""
        );
        let unset = Config::from_vars(&vars(None)).map(|c| c.tool_surface);
        assert_eq!(unset, Ok(Surface::Discovery));
        let set = Config::from_vars(&vars(Some("full"))).map(|c| c.tool_surface);
        assert_eq!(set, Ok(Surface::Full));
    }

    #[test]
    fn search_arguments_are_bounded() {
        let args = |v: Value| v.as_object().cloned().unwrap();
        assert_eq!(
            search_args(&args(json!({"query": " vpn ", "service": "ZIA"}))),
            Ok(SearchArgs {
                query: "vpn".into(),
                service: Some(Service::Zia),
                limit: 5
            })
        );
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(
            search_args(&args(json!({ "query": long }))),
            Err(
                "`query` is 201 characters long; the limit is 200: describe the task in a \
                 sentence"
                    .into()
            )
        );
        assert!(search_args(&args(json!({"query": "x", "limit": 11}))).is_err());
        assert!(search_args(&args(json!({"query": "x", "extra": 1}))).is_err());
    }

    #[test]
    fn the_invoker_request_becomes_the_inner_request() {
        let mut req = CallToolRequestParams::new(CALL_READ);
        req.arguments = json!({"tool": "zia_list_locations", "arguments": {"page": 1}})
            .as_object()
            .cloned();
        req.request_state = Some("state".into());
        let inner = inner_request(Invoker::Read, req).unwrap();
        assert_eq!(inner.name, "zia_list_locations");
        assert_eq!(inner.arguments, json!({"page": 1}).as_object().cloned());
        assert_eq!(inner.request_state.as_deref(), Some("state"));
        let mut bad = CallToolRequestParams::new(CALL_READ);
        bad.arguments = json!({"tool": "x", "arguments": [1]}).as_object().cloned();
        assert_eq!(
            inner_request(Invoker::Read, bad),
            Err("`arguments` must be an object of the tool's arguments".into())
        );
    }
}
