//! The one generic executor: a validated call plan becomes one or more API requests
//! (paging, hooks), and the upstream result comes back as a JSON value.

use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::catalog::args::{self, ArgError};
use crate::catalog::spec::{Hook, HttpMethod, Paging, Service, ToolSpec};
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

fn customer_path(client: &ZscalerClient, spec: &ToolSpec, path: &str) -> Result<String, ToolError> {
    if !path.contains("{customerId}") {
        return Ok(path.to_string());
    }
    let id = client.settings().customer_id.as_deref().ok_or_else(|| {
        UpstreamError::Config(format!(
            "ZSCALER_CUSTOMER_ID is not set: {} tools need the {} customer (tenant) id. \
             Set ZSCALER_CUSTOMER_ID in the environment or the credentials secret.",
            spec.service.product(),
            spec.service.product()
        ))
    })?;
    Ok(path.replace("{customerId}", &args::encode_segment(id)))
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

    let max_items = client.settings().max_items;
    let request = |query: &'_ [(String, String)]| {
        let path = path.clone();
        let query = query.to_vec();
        let body = plan.body.clone();
        async move {
            client
                .call(
                    ApiRequest {
                        service: spec.service,
                        method: spec.method,
                        path: &path,
                        query: &query,
                        body: body.as_ref(),
                    },
                    deadline,
                )
                .await
        }
    };

    if spec.hook == Hook::ZiaActivate {
        return activate(client, &path, deadline).await;
    }

    match spec.paging {
        Paging::None => {
            let resp = request(&plan.query).await?;
            Ok(ToolOutput {
                value: resp.body,
                note: None,
            })
        }
        Paging::ZiaPages {
            default_size,
            max_size,
        } => {
            if let Some(page) = plan.page {
                let size = plan.page_size.unwrap_or(default_size);
                let items = zia_page(&request, &plan.query, page, size).await?;
                let note = (items.len() as u32 >= size).then(|| {
                    format!(
                        "This is page {page} with {} items; call again with page={} for more.",
                        items.len(),
                        page + 1
                    )
                });
                return Ok(ToolOutput {
                    value: Value::Array(items),
                    note,
                });
            }
            let mut all = Vec::new();
            let mut page = 1;
            loop {
                let items = zia_page(&request, &plan.query, page, max_size).await?;
                let short = (items.len() as u32) < max_size;
                all.extend(items);
                if all.len() >= max_items {
                    return Ok(truncated(all, max_items));
                }
                if short {
                    break;
                }
                page += 1;
            }
            Ok(ToolOutput {
                value: Value::Array(all),
                note: None,
            })
        }
        Paging::ZpaPages => {
            if let Some(page) = plan.page {
                let size = plan.page_size.unwrap_or(20);
                let (items, total_pages, total_count) =
                    zpa_page(&request, &plan.query, page, size).await?;
                let note = Some(format!(
                    "Page {page} of {} ({} items in all).{}",
                    total_pages,
                    total_count,
                    if (page as u64) < total_pages {
                        format!(" Call again with page={} for more.", page + 1)
                    } else {
                        String::new()
                    }
                ));
                return Ok(ToolOutput {
                    value: Value::Array(items),
                    note,
                });
            }
            let mut all = Vec::new();
            let mut page = 1u32;
            loop {
                let (items, total_pages, _) = zpa_page(&request, &plan.query, page, 500).await?;
                let empty = items.is_empty();
                all.extend(items);
                if all.len() >= max_items {
                    return Ok(truncated(all, max_items));
                }
                if empty || page as u64 >= total_pages {
                    break;
                }
                page += 1;
            }
            Ok(ToolOutput {
                value: Value::Array(all),
                note: None,
            })
        }
    }
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

fn truncated(mut all: Vec<Value>, max_items: usize) -> ToolOutput {
    all.truncate(max_items);
    ToolOutput {
        value: Value::Array(all),
        note: Some(format!(
            "Truncated at {max_items} items (the server's cap, ZSCALER_MCP_MAX_ITEMS). \
             Use page and page_size to read the rest, or narrow the search."
        )),
    }
}

fn with_paging(query: &[(String, String)], pairs: [(&str, u32); 2]) -> Vec<(String, String)> {
    let mut q = query.to_vec();
    for (k, v) in pairs {
        q.push((k.to_string(), v.to_string()));
    }
    q
}

async fn zia_page<F, Fut>(
    request: &F,
    query: &[(String, String)],
    page: u32,
    size: u32,
) -> Result<Vec<Value>, ToolError>
where
    F: Fn(&[(String, String)]) -> Fut,
    Fut: std::future::Future<Output = Result<crate::zscaler::ApiResponse, UpstreamError>>,
{
    let resp = request(&with_paging(query, [("page", page), ("pageSize", size)])).await?;
    match resp.body {
        Value::Array(items) => Ok(items),
        Value::Null => Ok(Vec::new()),
        other => Ok(vec![other]),
    }
}

async fn zpa_page<F, Fut>(
    request: &F,
    query: &[(String, String)],
    page: u32,
    size: u32,
) -> Result<(Vec<Value>, u64, u64), ToolError>
where
    F: Fn(&[(String, String)]) -> Fut,
    Fut: std::future::Future<Output = Result<crate::zscaler::ApiResponse, UpstreamError>>,
{
    let resp = request(&with_paging(query, [("page", page), ("pagesize", size)])).await?;
    let total_pages = as_count(resp.body.get("totalPages")).unwrap_or(1);
    let total_count = as_count(resp.body.get("totalCount")).unwrap_or(0);
    let items = match resp.body {
        Value::Object(mut m) => match m.remove("list") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        },
        Value::Array(items) => items,
        _ => Vec::new(),
    };
    Ok((items, total_pages, total_count))
}
