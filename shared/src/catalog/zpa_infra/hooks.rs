//! The zpa_infra hooks: the logic the tools of `tables.rs` name.

use super::tables::*;
use crate::catalog::spec::*;
use crate::executor::paging::{self, read_batch, Position};
use crate::executor::{ToolError, ToolOutput};
use crate::tool::args::{encode_segment, segment, ArgError, CallPlan};
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------------------
// Hooks
// ---------------------------------------------------------------------------------------

pub(super) fn arg_error(field: &str, problem: impl Into<String>) -> ToolError {
    ToolError::Args(ArgError {
        field: field.to_string(),
        problem: problem.into(),
    })
}

/// Remove a hook-only argument from the query and return its value.
pub(super) fn take_query(query: &mut Vec<(String, String)>, key: &str) -> Option<String> {
    let at = query.iter().position(|(k, _)| k == key)?;
    Some(query.remove(at).1).filter(|v| !v.is_empty())
}

/// Run the generic executor (paging, read-modify-write, delete result) on an adjusted path
/// and query. The caller's JMESPath shape is applied once, by the outer executor.
pub(crate) async fn run_generic(
    ctx: &HookCtx<'_>,
    path: String,
    query: Vec<(String, String)>,
    paging: Paging,
) -> Result<ToolOutput, ToolError> {
    let spec = ToolSpec {
        hook: Hook::None,
        paging,
        ..*ctx.spec
    };
    let plan = CallPlan {
        path,
        query,
        body: ctx.plan.body.clone(),
        paging: ctx.plan.paging.clone(),
        shape: None,
    };
    crate::executor::execute_plan(ctx.client, &spec, &plan).await
}

/// One object, as the one-item list the lookup tools always return.
pub(super) fn as_list(mut out: ToolOutput) -> ToolOutput {
    if !out.value.is_array() {
        out.value = Value::Array(vec![out.value]);
    }
    out
}

/// The v1 form of a v2 management path (single items are read on v1).
pub(super) fn v1_of(path: &str) -> String {
    path.replacen("/mgmtconfig/v2/", "/mgmtconfig/v1/", 1)
}

/// The API's association type for a provisioning key's `key_type`.
pub(super) fn association_type(key_type: &str) -> &str {
    match key_type {
        "connector" => "CONNECTOR_GRP",
        "service_edge" => "SERVICE_EDGE_GRP",
        other => other,
    }
}

/// `/associationType/connector/...` → `/associationType/CONNECTOR_GRP/...`.
pub(super) fn with_association_type(path: &str) -> String {
    const MARKER: &str = "/associationType/";
    let Some(at) = path.find(MARKER) else {
        return path.to_string();
    };
    let start = at + MARKER.len();
    let end = path[start..].find('/').map_or(path.len(), |i| start + i);
    format!(
        "{}{}{}",
        &path[..start],
        association_type(&path[start..end]),
        &path[end..]
    )
}

pub(super) fn provisioning_key_call<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let path = with_association_type(ctx.path);
        run_generic(&ctx, path, ctx.plan.query.clone(), ctx.spec.paging).await
    })
}

/// List (the spec's path, with its filters) or, when `id_key` is given, fetch that one item
/// from the v1 path.
pub(super) async fn list_or_get(ctx: &HookCtx<'_>, id_key: &str) -> Result<ToolOutput, ToolError> {
    let mut query = ctx.plan.query.clone();
    match take_query(&mut query, id_key) {
        Some(id) => {
            let path = format!("{}/{}", v1_of(ctx.path), segment(id_key, &id)?);
            Ok(as_list(
                run_generic(ctx, path, Vec::new(), Paging::None).await?,
            ))
        }
        None => run_generic(ctx, ctx.path.to_string(), query, ctx.spec.paging).await,
    }
}

/// A PRA portal without `certificate_id`: like the official server (zscaler_mcp
/// tools/zpa/pra_portal.py:194), take the first issued Browser Access certificate named
/// like the portal, and say so when there is none.
pub(super) fn pra_portal_create<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut body = match &ctx.plan.body {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        if !body.contains_key("certificateId") {
            let name = body.get("name").and_then(Value::as_str).unwrap_or_default();
            let certs = ctx
                .path
                .replace("/mgmtconfig/v1/", "/mgmtconfig/v2/")
                .replace("/praPortal", "/clientlessCertificate/issued");
            let query = [("search".to_string(), format!("name+EQ+{name}"))];
            let found = ctx.call(HttpMethod::Get, &certs, &query, None).await?;
            let items = found.get("list").unwrap_or(&found);
            let id = items
                .as_array()
                .and_then(|l| l.first())
                .and_then(|c| c.get("id"))
                .cloned()
                .ok_or_else(|| {
                    arg_error(
                        "certificate_id",
                        format!(
                            "no issued certificate is named {name:?}; give certificate_id \
                             (from zpa_list_ba_certificates)"
                        ),
                    )
                })?;
            body.insert("certificateId".into(), id);
        }
        crate::catalog::zpa::post_fields(&ctx, body).await
    })
}

pub(super) fn enrollment_cert_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { list_or_get(&ctx, "certificate_id").await })
}

pub(super) fn posture_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { list_or_get(&ctx, "profile_id").await })
}

pub(super) fn trusted_network_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { list_or_get(&ctx, "network_id").await })
}

/// The IdP an `idp_id` or `idp_name` argument names (taken out of the query), or None.
pub(super) async fn resolve_idp(
    ctx: &HookCtx<'_>,
    query: &mut Vec<(String, String)>,
) -> Result<Option<String>, ToolError> {
    let id = take_query(query, "idp_id");
    let name = take_query(query, "idp_name");
    if id.is_some() {
        return Ok(id);
    }
    let Some(name) = name else {
        return Ok(None);
    };
    let customer = ctx
        .client
        .settings()
        .customer_id
        .clone()
        .unwrap_or_default();
    let path = format!(
        "/zpa/mgmtconfig/v2/admin/customers/{}/idp",
        encode_segment(&customer)
    );
    // Filtered by name on the server, as the official server does (zscaler_mcp
    // tools/zpa/_refs.py:19); the exact match is still chosen here. At most 20 pages of
    // 500: a tenant has a handful of IdPs.
    let by_name = [("search".to_string(), format!("name+EQ+{name}"))];
    let fetch = |position: Position, size: u32| {
        let query = paging::page_query(Paging::ZpaPages, &by_name, &position, size);
        let path = path.as_str();
        async move {
            let resp = ctx.send(HttpMethod::Get, path, &query, None).await?;
            let mut batch = read_batch(Paging::ZpaPages, resp.body, &position, size);
            if position == Position::Page(20) {
                batch.next = None;
            }
            Ok(batch)
        }
    };
    let idps = paging::collect(Position::Page(1), 500, usize::MAX, fetch).await?;
    let name_of = |idp: &Value| idp.get("name").and_then(Value::as_str).map(str::to_string);
    let found = idps
        .iter()
        .find(|i| name_of(i).as_deref() == Some(name.as_str()))
        .or_else(|| {
            idps.iter()
                .find(|i| name_of(i).is_some_and(|n| n.eq_ignore_ascii_case(&name)))
        });
    match found.and_then(|i| i.get("id")) {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        _ => {
            let known: Vec<String> = idps.iter().filter_map(name_of).collect();
            Err(arg_error(
                "idp_name",
                format!(
                    "no IdP named {name:?}; configured IdPs: {}",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            ))
        }
    }
}

pub(super) fn saml_attribute_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut query = ctx.plan.query.clone();
        let path = match resolve_idp(&ctx, &mut query).await? {
            Some(idp) => format!("{}/idp/{}", ctx.path, segment("idp_id", &idp)?),
            None => ctx.path.to_string(),
        };
        run_generic(&ctx, path, query, ctx.spec.paging).await
    })
}

pub(super) fn scim_attribute_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut query = ctx.plan.query.clone();
        let attribute = take_query(&mut query, "attribute_id");
        let Some(idp) = resolve_idp(&ctx, &mut query).await? else {
            return Err(arg_error(
                "idp_id",
                "give idp_id or idp_name: SCIM attributes belong to one IdP",
            ));
        };
        let base = format!("{}/{}/scimattribute", ctx.path, segment("idp_id", &idp)?);
        match attribute {
            Some(attr) => {
                let path = format!("{base}/{}", segment("attribute_id", &attr)?);
                Ok(as_list(
                    run_generic(&ctx, path, Vec::new(), Paging::None).await?,
                ))
            }
            None => run_generic(&ctx, base, query, ctx.spec.paging).await,
        }
    })
}

pub(super) fn scim_group_lookup<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut query = ctx.plan.query.clone();
        if let Some(group) = take_query(&mut query, "scim_group_id") {
            let path = format!("{}/{}", ctx.path, segment("scim_group_id", &group)?);
            return Ok(as_list(
                run_generic(&ctx, path, Vec::new(), Paging::None).await?,
            ));
        }
        let Some(idp) = resolve_idp(&ctx, &mut query).await? else {
            return Err(arg_error(
                "idp_id",
                "give idp_id or idp_name to list SCIM groups, or scim_group_id to fetch one",
            ));
        };
        let path = format!("{}/idpId/{}", ctx.path, segment("idp_id", &idp)?);
        run_generic(&ctx, path, query, ctx.spec.paging).await
    })
}

/// The internal LSS log type code for a readable name (codes pass through).
pub(super) fn lss_code(log_type: &str) -> &str {
    LSS_LOG_TYPES
        .iter()
        .find(|(name, _, _)| *name == log_type)
        .map_or(log_type, |(_, code, _)| code)
}

pub(super) fn lss_log_types<'a>(_ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let value = LSS_LOG_TYPES
            .iter()
            .map(|(name, code, what)| {
                json!({"log_type": name, "source_log_type": code, "description": what})
            })
            .collect();
        Ok(ToolOutput {
            value: Value::Array(value),
            note: None,
        })
    })
}

pub(super) fn lss_log_format<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let query = ctx
            .plan
            .query
            .iter()
            .map(|(k, v)| {
                let v = if k == "logType" { lss_code(v) } else { v };
                (k.clone(), v.to_string())
            })
            .collect();
        run_generic(&ctx, ctx.path.to_string(), query, Paging::None).await
    })
}

/// Keep the status codes of one internal log type. The documented catalog is keyed by log
/// type; a flat `{code: {log_types: [...]}}` catalog is filtered by membership instead.
pub(super) fn status_codes_for(all: Value, code: &str) -> Value {
    let Value::Object(map) = all else {
        return all;
    };
    if let Some(codes) = map.get(code) {
        let mut out = Map::new();
        out.insert(code.to_string(), codes.clone());
        return Value::Object(out);
    }
    let kept: Map<String, Value> = map
        .into_iter()
        .filter(|(_, details)| {
            details
                .get("log_types")
                .and_then(Value::as_array)
                .is_some_and(|types| types.iter().any(|t| t.as_str() == Some(code)))
        })
        .collect();
    Value::Object(kept)
}

pub(super) fn lss_status_codes<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut query = ctx.plan.query.clone();
        let log_type = take_query(&mut query, "log_type");
        let resp = ctx
            .send(HttpMethod::Get, LSS_STATUS_CODES_PATH, &[], None)
            .await?;
        let value = match log_type {
            Some(t) => status_codes_for(resp.body, lss_code(&t)),
            None => resp.body,
        };
        Ok(ToolOutput { value, note: None })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str) -> &'static ToolSpec {
        TOOLS.iter().find(|t| t.name == name).unwrap()
    }

    fn required_of(name: &str) -> Vec<&'static str> {
        spec(name)
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| p.name)
            .collect()
    }

    #[test]
    fn key_type_becomes_the_association_type() {
        assert_eq!(
            with_association_type("/zpa/x/associationType/connector/provisioningKey/7"),
            "/zpa/x/associationType/CONNECTOR_GRP/provisioningKey/7"
        );
        assert_eq!(
            with_association_type("/zpa/x/associationType/service_edge/provisioningKey"),
            "/zpa/x/associationType/SERVICE_EDGE_GRP/provisioningKey"
        );
        assert_eq!(
            with_association_type("/zpa/x/connector"),
            "/zpa/x/connector"
        );
    }

    #[test]
    fn lss_names_map_to_codes() {
        assert_eq!(lss_code("user_activity"), "zpn_trans_log");
        assert_eq!(lss_code("zpn_auth_log"), "zpn_auth_log");
        // Every readable name and every code is accepted by the tools.
        for (name, code, _) in LSS_LOG_TYPES {
            assert!(LOG_TYPE_VALUES.contains(name) && LOG_TYPE_VALUES.contains(code));
        }
        assert_eq!(LOG_TYPE_VALUES.len(), 2 * LSS_LOG_TYPES.len());
    }

    #[test]
    fn status_codes_filter_both_catalog_shapes() {
        let by_type = json!({"zpn_auth_log": {"A": {}}, "zpn_trans_log": {"B": {}}});
        assert_eq!(
            status_codes_for(by_type, "zpn_trans_log"),
            json!({"zpn_trans_log": {"B": {}}})
        );
        let flat = json!({"A": {"log_types": ["zpn_auth_log"]}, "B": {"log_types": ["x"]}});
        assert_eq!(
            status_codes_for(flat, "zpn_auth_log"),
            json!({"A": {"log_types": ["zpn_auth_log"]}})
        );
    }

    #[test]
    fn hook_arguments_leave_the_query() {
        let mut q = vec![
            ("profile_id".to_string(), "9".to_string()),
            ("search".to_string(), "name+EQ+x".to_string()),
        ];
        assert_eq!(take_query(&mut q, "profile_id").as_deref(), Some("9"));
        assert_eq!(q.len(), 1);
        assert_eq!(take_query(&mut q, "profile_id"), None);
    }

    #[test]
    fn creates_require_what_the_api_needs() {
        assert_eq!(
            required_of("zpa_create_service_edge_group"),
            ["name", "latitude", "longitude", "location"]
        );
        assert_eq!(
            required_of("zpa_create_provisioning_key"),
            [
                "name",
                "key_type",
                "max_usage",
                "component_id",
                "enrollment_cert_id"
            ]
        );
        assert_eq!(
            // certificate_id is looked up by the portal name when left out, as on the
            // official server (issue 18).
            required_of("zpa_create_pra_portal"),
            ["name", "domain"]
        );
        assert_eq!(
            required_of("zpa_update_provisioning_key"),
            ["key_id", "key_type"]
        );
        assert_eq!(
            required_of("zpa_bulk_delete_app_connectors"),
            ["connector_ids"]
        );
    }

    #[test]
    fn delete_tools_share_their_get_tools_arguments() {
        for spec in TOOLS.iter().filter(|t| t.action == Action::Delete) {
            let get_name = spec.name.replacen("_delete_", "_get_", 1);
            let Some(get) = TOOLS.iter().find(|t| t.name == get_name) else {
                continue;
            };
            for p in spec.params {
                assert!(
                    get.params.iter().any(|g| g.name == p.name),
                    "{}: {} missing from {}",
                    spec.name,
                    p.name,
                    get.name
                );
            }
        }
    }
}
