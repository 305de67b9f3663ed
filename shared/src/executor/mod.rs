//! The one generic executor: a validated call plan becomes one or more API requests
//! (paging, hooks), and the upstream result comes back as a JSON value.

use std::time::{Duration, Instant};

use serde_json::{Map, Value};

pub mod paging;

use crate::tool::args::{self, ArgError, CallPlan};
use crate::tool::{Action, HttpMethod, NoHook, Service, Spec};
use crate::zscaler::{ApiRequest, ApiResponse, UpstreamError, ZscalerClient};
use paging::{read_batch, Notes, Position, Walk};

/// Tool-specific logic the generic executor cannot express as data.
#[derive(Clone, Copy, Debug)]
pub enum Hook {
    None,
    /// Resolve `{policySetId}` in the path from the policy type's policy set.
    ZpaPolicySet(&'static str),
    /// After `POST /status/activate`, poll `GET /status` while it says INPROGRESS.
    ZiaActivate,
    /// `POST /urlLookup` takes at most 100 URLs: split, call in turn, concatenate.
    ZiaUrlLookup,
    /// `PUT /urlCategories/{id}?action=...` edits the URL list incrementally; the API wants
    /// the category's name alongside the URLs, so it is read first.
    ZiaUrlListEdit(&'static str),
    /// Tool-specific logic written as a function next to the tool's spec.
    Custom(CustomHook),
}

/// Everything a custom hook may use: the validated call and the client.
pub struct HookCtx<'a> {
    pub client: &'a crate::zscaler::ZscalerClient,
    pub spec: &'a ToolSpec,
    /// The path with every placeholder filled.
    pub path: &'a str,
    pub plan: &'a CallPlan,
    pub deadline: std::time::Instant,
}

impl HookCtx<'_> {
    /// One request to the tool's own service, within the call's deadline.
    pub async fn send(
        &self,
        method: HttpMethod,
        path: &str,
        query: &[(String, String)],
        body: Option<&Value>,
    ) -> Result<ApiResponse, ToolError> {
        let request = ApiRequest {
            service: self.spec.service,
            method,
            path,
            query,
            body,
        };
        Ok(self.client.call(request, self.deadline).await?)
    }

    /// The same, for the JSON body of the answer (`Null` for 204).
    pub async fn call(
        &self,
        method: HttpMethod,
        path: &str,
        query: &[(String, String)],
        body: Option<&Value>,
    ) -> Result<Value, ToolError> {
        Ok(self.send(method, path, query, body).await?.body)
    }
}

pub type HookFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<ToolOutput, ToolError>> + Send + 'a>>;

/// A custom hook: a plain function, so it can live in a `const` tool table.
pub type CustomHook = for<'a> fn(HookCtx<'a>) -> HookFuture<'a>;

impl NoHook for Hook {
    const NONE: Hook = Hook::None;
}

/// A tool as the executor runs it.
pub type ToolSpec = Spec<Hook>;

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
    plan: &CallPlan,
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
    plan: &CallPlan,
) -> Result<ToolOutput, ToolError> {
    let deadline = client.deadline();
    let mut path = customer_path(client, spec, &plan.path)?;

    if let Hook::ZpaPolicySet(policy_type) = spec.hook {
        let id = policy_set_id(client, spec, policy_type, deadline).await?;
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

    match Walk::of(spec.paging, plan) {
        Some(walk) => list(client, spec, &path, plan, walk, deadline).await,
        None => single_request(client, spec, &path, plan, deadline).await,
    }
}

/// The id of the ZPA policy set of `policy_type`, for `{policySetId}` in a rule path.
async fn policy_set_id(
    client: &ZscalerClient,
    spec: &ToolSpec,
    policy_type: &str,
    deadline: Instant,
) -> Result<String, ToolError> {
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
    match set.body.get("id") {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err(UpstreamError::Api {
            product: "ZPA",
            status: set.status,
            code: None,
            message: Some(format!("no {policy_type} policy set found")),
        }
        .into()),
    }
}

/// A paged list endpoint, walked by the one paging walker.
async fn list(
    client: &ZscalerClient,
    spec: &ToolSpec,
    path: &str,
    plan: &CallPlan,
    walk: Walk,
    deadline: Instant,
) -> Result<ToolOutput, ToolError> {
    let fetch = |position: Position, size: u32| async move {
        let query = paging::page_query(spec.paging, &plan.query, &position, size);
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
        Ok(read_batch(spec.paging, resp.body, &position, size))
    };
    let max_items = client.settings().max_items;
    paging::walk(walk, max_items, Notes::STANDARD, |_| true, fetch).await
}

/// Not a paged endpoint: one request, the body as it came.
async fn single_request(
    client: &ZscalerClient,
    spec: &ToolSpec,
    path: &str,
    plan: &CallPlan,
    deadline: Instant,
) -> Result<ToolOutput, ToolError> {
    let resp = client
        .call(
            ApiRequest {
                service: spec.service,
                method: spec.method,
                path,
                query: &plan.query,
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
    Ok(ToolOutput { value, note: None })
}

/// ZIA and ZPA PUTs replace the whole object: read it, lay the given fields over it, write
/// it back, so an update never silently clears fields the caller did not mention.
async fn read_modify_write(
    client: &ZscalerClient,
    spec: &ToolSpec,
    path: &str,
    plan: &CallPlan,
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
    plan: &CallPlan,
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
    plan: &CallPlan,
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
