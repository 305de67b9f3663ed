//! The one generic executor: a validated call plan becomes one or more API requests
//! (paging, hooks), and the upstream result comes back as a JSON value.

use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::catalog::args::{self, ArgError};
use crate::catalog::spec::{Action, Hook, HookCtx, HttpMethod, Paging, Service, ToolSpec};
use crate::zscaler::{ApiRequest, UpstreamError, ZscalerClient};

/// A successful tool result: the data, plus a note for the agent when there is more.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolOutput {
    pub value: Value,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ToolError {
    Args(ArgError),
    Upstream(UpstreamError),
}

impl std::fmt::Display for ToolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ToolError::Args(e) => e.fmt(f),
            ToolError::Upstream(e) => e.fmt(f),
        }
    }
}

impl ToolError {
    /// The HTTP status Zscaler answered with, when the failure came from it.
    pub fn upstream_status(&self) -> Option<u16> {
        match self {
            ToolError::Upstream(UpstreamError::Api { status, .. })
            | ToolError::Upstream(UpstreamError::Credentials { status, .. }) => Some(*status),
            ToolError::Upstream(UpstreamError::NotFound { .. }) => Some(404),
            ToolError::Upstream(UpstreamError::RateLimited { .. }) => Some(429),
            ToolError::Upstream(UpstreamError::ReadOnly { .. }) => Some(403),
            _ => None,
        }
    }
}

impl From<ArgError> for ToolError {
    fn from(e: ArgError) -> Self {
        ToolError::Args(e)
    }
}

impl From<UpstreamError> for ToolError {
    fn from(e: UpstreamError) -> Self {
        ToolError::Upstream(e)
    }
}

const ZPA_V1: &str = "/zpa/mgmtconfig/v1/admin/customers/{customerId}";

/// Fill the tenant placeholders: `{customerId}` (ZPA, ZMS) and `{zcellCustomerId}` (ZCell).
pub fn customer_path(
    client: &ZscalerClient,
    spec: &ToolSpec,
    path: &str,
) -> Result<String, ToolError> {
    let settings = client.settings();
    let mut out = path.to_string();
    for (placeholder, value, variable) in [
        (
            "{customerId}",
            settings.customer_id.as_deref(),
            "ZSCALER_CUSTOMER_ID",
        ),
        (
            "{zcellCustomerId}",
            settings.zcell_customer_id.as_deref(),
            "ZCELL_CUSTOMER_ID",
        ),
    ] {
        if !out.contains(placeholder) {
            continue;
        }
        let id = value.ok_or_else(|| {
            UpstreamError::Config(format!(
                "{variable} is not set: {} tools need the {} customer (tenant) id. \
                 Set {variable} in the environment or the credentials secret.",
                spec.service.product(),
                spec.service.product()
            ))
        })?;
        out = out.replace(placeholder, &args::encode_segment(id));
    }
    Ok(out)
}

fn as_count(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

pub async fn execute(
    client: &ZscalerClient,
    spec: &ToolSpec,
    arguments: &Map<String, Value>,
) -> Result<ToolOutput, ToolError> {
    let plan = args::plan(spec, arguments)?;
    execute_plan(client, spec, &plan).await
}

/// Run an already validated call: the upstream requests, then JMESPath shaping.
pub async fn execute_plan(
    client: &ZscalerClient,
    spec: &ToolSpec,
    plan: &args::CallPlan,
) -> Result<ToolOutput, ToolError> {
    let mut output = run(client, spec, plan).await?;
    if let Some(shape) = &plan.shape {
        // A query over a large result can take tens of milliseconds of CPU (bounded by
        // `shape::MAX_EVAL_STEPS`): off the async workers, so other requests keep moving.
        let shape = shape.clone();
        let value = std::mem::take(&mut output.value);
        let shaped = tokio::task::spawn_blocking(move || shape.apply(&value))
            .await
            .unwrap_or_else(|e| Err(format!("the query could not be evaluated: {e}")));
        output.value = shaped.map_err(|problem| {
            ToolError::Args(ArgError {
                field: args::QUERY_ARG.to_string(),
                problem,
            })
        })?;
    }
    if spec.service == Service::Zia
        && spec.action.is_write()
        && !matches!(spec.hook, Hook::ZiaActivate)
    {
        output.note = Some(
            "ZIA changes are staged: they take effect after zia_activate_configuration."
                .to_string(),
        );
    }
    Ok(output)
}

async fn run(
    client: &ZscalerClient,
    spec: &ToolSpec,
    plan: &args::CallPlan,
) -> Result<ToolOutput, ToolError> {
    let deadline = client.deadline();
    let mut path = customer_path(client, spec, &plan.path)?;

    if let Hook::ZpaPolicySet(policy_type) = spec.hook {
        let set_path = customer_path(
            client,
            spec,
            &format!("{ZPA_V1}/policySet/policyType/{policy_type}"),
        )?;
        let set = client
            .call(
                ApiRequest {
                    service: Service::Zpa,
                    method: HttpMethod::Get,
                    path: &set_path,
                    query: &[],
                    body: None,
                },
                deadline,
            )
            .await?;
        let id = match set.body.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                return Err(UpstreamError::Api {
                    product: "ZPA",
                    status: set.status,
                    code: None,
                    message: Some(format!("no {policy_type} policy set found")),
                }
                .into())
            }
        };
        path = path.replace("{policySetId}", &args::encode_segment(&id));
    }

    match spec.hook {
        Hook::ZiaActivate => return activate(client, &path, deadline).await,
        Hook::ZiaUrlLookup => return url_lookup(client, &path, plan, deadline).await,
        Hook::ZiaUrlListEdit(action) => {
            return url_list_edit(client, &path, action, plan, deadline).await
        }
        Hook::Custom(hook) => {
            return hook(HookCtx {
                client,
                spec,
                path: &path,
                plan,
                deadline,
            })
            .await
        }
        Hook::None | Hook::ZpaPolicySet(_) => {}
    }
    if spec.action == Action::Update && spec.method == HttpMethod::Put {
        return read_modify_write(client, spec, &path, plan, deadline).await;
    }

    let fetch = |cursor: Position, size: u32| {
        let path = path.as_str();
        async move {
            let query = page_query(spec.paging, &plan.query, &cursor, size);
            let resp = client
                .call(
                    ApiRequest {
                        service: spec.service,
                        method: spec.method,
                        path,
                        query: &query,
                        body: plan.body.as_ref(),
                    },
                    deadline,
                )
                .await?;
            Ok::<_, ToolError>(read_batch(spec.paging, resp.body, &cursor, size))
        }
    };

    let Some((start, single, size)) = first_position(spec.paging, plan) else {
        // Not a paged endpoint: one request, the body as it came.
        let query = plan.query.clone();
        let resp = client
            .call(
                ApiRequest {
                    service: spec.service,
                    method: spec.method,
                    path: &path,
                    query: &query,
                    body: plan.body.as_ref(),
                },
                deadline,
            )
            .await?;
        let value = match (spec.action, resp.body) {
            // 204 on delete: say what happened instead of returning nothing.
            (Action::Delete, Value::Null) => serde_json::json!({"deleted": true, "path": path}),
            (_, body) => body,
        };
        return Ok(ToolOutput { value, note: None });
    };

    if single {
        let batch = fetch(start, size).await?;
        let note = batch.next.as_ref().map(|next| next.how_to_continue(&batch));
        return Ok(ToolOutput {
            value: Value::Array(batch.items),
            note,
        });
    }

    let max_items = client.settings().max_items;
    let mut all = Vec::new();
    let mut position = start;
    loop {
        let batch = fetch(position, size).await?;
        let empty = batch.items.is_empty();
        all.extend(batch.items);
        if all.len() >= max_items {
            all.truncate(max_items);
            return Ok(ToolOutput {
                value: Value::Array(all),
                note: Some(format!(
                    "Truncated at {max_items} items (the server's cap, ZSCALER_MCP_MAX_ITEMS). \
                     Use the paging arguments to read the rest, or narrow the search."
                )),
            });
        }
        match batch.next {
            Some(next) if !empty => position = next,
            _ => break,
        }
    }
    Ok(ToolOutput {
        value: Value::Array(all),
        note: None,
    })
}

/// Where a page starts, in the style's own terms.
#[derive(Debug, Clone, PartialEq)]
enum Position {
    Page(u32),
    Cursor(Option<String>),
    Offset(u64),
}

struct Batch {
    items: Vec<Value>,
    next: Option<Position>,
    /// Style-specific totals for the "how to continue" note.
    total: Option<u64>,
}

impl Position {
    fn how_to_continue(&self, batch: &Batch) -> String {
        let total = batch
            .total
            .map(|t| format!(" ({t} items in all)"))
            .unwrap_or_default();
        match self {
            Position::Page(p) => {
                format!("More results{total}: call again with page={p} for the next page.")
            }
            Position::Cursor(Some(c)) => {
                format!("More results{total}: call again with offset=\"{c}\" for the next batch.")
            }
            Position::Cursor(None) => String::new(),
            Position::Offset(o) => {
                format!("More results{total}: call again with offset={o} for the next page.")
            }
        }
    }
}

/// The starting position, whether the caller asked for a single page, and the page size.
fn first_position(paging: Paging, plan: &args::CallPlan) -> Option<(Position, bool, u32)> {
    match paging {
        Paging::None => None,
        Paging::Pages {
            default_size,
            max_size,
        } => Some(match plan.paging_u32("page") {
            Some(page) => (
                Position::Page(page),
                true,
                plan.paging_u32("page_size").unwrap_or(default_size),
            ),
            None => (Position::Page(1), false, max_size),
        }),
        Paging::ZpaPages => Some(match plan.paging_u32("page") {
            Some(page) => (
                Position::Page(page),
                true,
                plan.paging_u32("page_size").unwrap_or(20),
            ),
            None => (Position::Page(1), false, 500),
        }),
        Paging::ZdxCursor { .. } => {
            let cursor = plan.paging.get("offset").and_then(Value::as_str);
            Some((
                Position::Cursor(cursor.map(str::to_string)),
                cursor.is_some(),
                plan.paging_u32("limit").unwrap_or(500),
            ))
        }
        Paging::ZidOffset => {
            let offset = plan.paging.get("offset").and_then(Value::as_u64);
            Some((
                Position::Offset(offset.unwrap_or(0)),
                offset.is_some(),
                plan.paging_u32("limit")
                    .unwrap_or(if offset.is_some() { 100 } else { 1000 }),
            ))
        }
    }
}

fn page_query(
    paging: Paging,
    base: &[(String, String)],
    position: &Position,
    size: u32,
) -> Vec<(String, String)> {
    let mut q = base.to_vec();
    let mut push = |k: &str, v: String| q.push((k.to_string(), v));
    match (paging, position) {
        (Paging::Pages { .. }, Position::Page(p)) => {
            push("page", p.to_string());
            push("pageSize", size.to_string());
        }
        (Paging::ZpaPages, Position::Page(p)) => {
            push("page", p.to_string());
            push("pagesize", size.to_string());
        }
        (Paging::ZdxCursor { .. }, Position::Cursor(c)) => {
            if let Some(c) = c {
                push("offset", c.clone());
            }
            push("limit", size.to_string());
        }
        (Paging::ZidOffset, Position::Offset(o)) => {
            push("offset", o.to_string());
            push("limit", size.to_string());
        }
        _ => {}
    }
    q
}

fn take_array(body: &mut Value, key: &str) -> Vec<Value> {
    match body.get_mut(key).map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

fn read_batch(paging: Paging, mut body: Value, position: &Position, size: u32) -> Batch {
    match (paging, position) {
        (Paging::Pages { .. }, Position::Page(p)) => {
            let items = match body {
                Value::Array(items) => items,
                Value::Null => Vec::new(),
                other => vec![other],
            };
            let full = items.len() as u32 >= size;
            Batch {
                items,
                next: full.then(|| Position::Page(p + 1)),
                total: None,
            }
        }
        (Paging::ZpaPages, Position::Page(p)) => {
            let total_pages = as_count(body.get("totalPages")).unwrap_or(1);
            let total = as_count(body.get("totalCount"));
            Batch {
                items: take_array(&mut body, "list"),
                next: (u64::from(*p) < total_pages).then(|| Position::Page(p + 1)),
                total,
            }
        }
        (Paging::ZdxCursor { items }, _) => {
            let next = match body.get("next_offset") {
                Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            let list = match body {
                Value::Array(list) => list,
                ref mut obj => take_array(obj, items),
            };
            Batch {
                items: list,
                next: next.map(|c| Position::Cursor(Some(c))),
                total: None,
            }
        }
        (Paging::ZidOffset, Position::Offset(o)) => {
            let total =
                as_count(body.get("totalRecord")).or_else(|| as_count(body.get("results_total")));
            let has_next = body
                .get("next_link")
                .and_then(Value::as_str)
                .is_some_and(|l| !l.is_empty());
            let items = take_array(&mut body, "records");
            let next_offset = o + items.len() as u64;
            Batch {
                items,
                next: has_next.then_some(Position::Offset(next_offset)),
                total,
            }
        }
        _ => Batch {
            items: Vec::new(),
            next: None,
            total: None,
        },
    }
}

/// ZIA and ZPA PUTs replace the whole object: read it, lay the given fields over it, write
/// it back, so an update never silently clears fields the caller did not mention.
async fn read_modify_write(
    client: &ZscalerClient,
    spec: &ToolSpec,
    path: &str,
    plan: &args::CallPlan,
    deadline: Instant,
) -> Result<ToolOutput, ToolError> {
    let request = |method, body| ApiRequest {
        service: spec.service,
        method,
        path,
        query: &plan.query,
        body,
    };
    let current = client
        .call(request(HttpMethod::Get, None), deadline)
        .await?;
    let mut merged = match current.body {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    if let Some(Value::Object(changes)) = &plan.body {
        for (k, v) in changes {
            merged.insert(k.clone(), v.clone());
        }
    }
    let merged = Value::Object(merged);
    let resp = client
        .call(request(HttpMethod::Put, Some(&merged)), deadline)
        .await?;
    // ZPA answers 204 with no body: return what was written.
    let value = if resp.body.is_null() {
        merged
    } else {
        resp.body
    };
    Ok(ToolOutput { value, note: None })
}

/// URLs one `zia_url_lookup` call may classify: ZIA takes 100 per request, so this caps
/// the fan-out of one tool call at 10 upstream requests.
pub const URL_LOOKUP_MAX: usize = 1_000;

/// ZIA classifies at most 100 URLs per call.
async fn url_lookup(
    client: &ZscalerClient,
    path: &str,
    plan: &args::CallPlan,
    deadline: Instant,
) -> Result<ToolOutput, ToolError> {
    let urls: Vec<Value> = match &plan.body {
        Some(Value::Array(urls)) => urls.clone(),
        _ => Vec::new(),
    };
    if urls.len() > URL_LOOKUP_MAX {
        return Err(ToolError::Args(ArgError {
            field: "urls".to_string(),
            problem: format!(
                "{} URLs given; at most {URL_LOOKUP_MAX} per call (ZIA classifies 100 per \
                 request): split the list",
                urls.len()
            ),
        }));
    }
    let mut results = Vec::with_capacity(urls.len());
    for chunk in urls.chunks(100) {
        let body = Value::Array(chunk.to_vec());
        let resp = client
            .call(
                ApiRequest {
                    service: Service::Zia,
                    method: HttpMethod::Post,
                    path,
                    query: &[],
                    body: Some(&body),
                },
                deadline,
            )
            .await?;
        match resp.body {
            Value::Array(items) => results.extend(items),
            other => results.push(other),
        }
    }
    Ok(ToolOutput {
        value: Value::Array(results),
        note: None,
    })
}

/// Add or remove URLs without replacing the category's list.
async fn url_list_edit(
    client: &ZscalerClient,
    path: &str,
    action: &'static str,
    plan: &args::CallPlan,
    deadline: Instant,
) -> Result<ToolOutput, ToolError> {
    let current = client
        .call(
            ApiRequest {
                service: Service::Zia,
                method: HttpMethod::Get,
                path,
                query: &[],
                body: None,
            },
            deadline,
        )
        .await?;
    let mut body = plan
        .body
        .clone()
        .unwrap_or_else(|| Value::Object(Map::new()));
    if let (Value::Object(m), Some(name)) = (&mut body, current.body.get("configuredName")) {
        m.insert("configuredName".into(), name.clone());
    }
    let query = [("action".to_string(), action.to_string())];
    let resp = client
        .call(
            ApiRequest {
                service: Service::Zia,
                method: HttpMethod::Put,
                path,
                query: &query,
                body: Some(&body),
            },
            deadline,
        )
        .await?;
    Ok(ToolOutput {
        value: resp.body,
        note: None,
    })
}

fn status_of(body: &Value) -> &str {
    body.get("status").and_then(Value::as_str).unwrap_or("")
}

/// Activation is tenant-wide and asynchronous: start it, then poll while INPROGRESS.
async fn activate(
    client: &ZscalerClient,
    path: &str,
    deadline: Instant,
) -> Result<ToolOutput, ToolError> {
    let zia = |method, path, body| ApiRequest {
        service: Service::Zia,
        method,
        path,
        query: &[],
        body,
    };
    // Python sends `{}`; the API accepts it.
    let empty = Value::Object(Map::new());
    let started = client
        .call(zia(HttpMethod::Post, path, Some(&empty)), deadline)
        .await?;
    let mut body = started.body;
    let poll_every = Duration::from_millis(500);
    while status_of(&body) == "INPROGRESS" {
        if Instant::now() + poll_every >= deadline {
            return Ok(ToolOutput {
                value: body,
                note: Some(
                    "Activation is still in progress; check zia_get_activation_status shortly."
                        .into(),
                ),
            });
        }
        tokio::time::sleep(poll_every).await;
        body = client
            .call(zia(HttpMethod::Get, "/zia/api/v1/status", None), deadline)
            .await?
            .body;
    }
    Ok(ToolOutput {
        value: body,
        note: None,
    })
}
