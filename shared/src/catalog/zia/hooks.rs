//! The zia hooks: the logic the tools of `tables.rs` name.

use crate::catalog::spec::*;
use crate::executor::{ToolError, ToolOutput};
use crate::tool::args::{encode_segment, segment, ArgError, CallPlan};
use crate::zscaler::UpstreamError;
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------- hooks

pub(super) const BASE: &str = "/zia/api/v1";

pub(super) fn done(value: Value) -> Result<ToolOutput, ToolError> {
    Ok(ToolOutput { value, note: None })
}

pub(super) fn bad_arg(field: &str, problem: impl Into<String>) -> ToolError {
    ToolError::Args(ArgError {
        field: field.to_string(),
        problem: problem.into(),
    })
}

/// A query-placed argument the hook consumes itself.
pub(super) fn query_arg<'p>(plan: &'p CallPlan, wire: &str) -> Option<&'p str> {
    plan.query
        .iter()
        .find(|(k, _)| k == wire)
        .map(|(_, v)| v.as_str())
}

pub(super) fn body_map(plan: &CallPlan) -> Map<String, Value> {
    match &plan.body {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}

/// POST `body` to the tool's own path and answer with what the API returns.
pub(super) async fn post_here(
    ctx: &HookCtx<'_>,
    body: Map<String, Value>,
) -> Result<ToolOutput, ToolError> {
    let body = Value::Object(body);
    done(
        ctx.call(HttpMethod::Post, ctx.path, &[], Some(&body))
            .await?,
    )
}

pub(super) fn pair(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

pub(super) fn is_custom(category: &Value) -> bool {
    category.get("customCategory") == Some(&Value::Bool(true))
}

/// Read `path`, lay `changes` over it, write it back: an update that keeps every field the
/// caller did not name.
pub(super) async fn merge_and_put(
    ctx: &HookCtx<'_>,
    path: &str,
    current: Value,
    changes: Map<String, Value>,
) -> Result<Value, ToolError> {
    let mut merged = match current {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    merged.extend(changes);
    let merged = Value::Object(merged);
    let written = ctx.call(HttpMethod::Put, path, &[], Some(&merged)).await?;
    Ok(if written.is_null() { merged } else { written })
}

// Cookie-authentication exempt list: POST with an action, then read the list back.

pub(super) fn add_exempt_urls<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(edit_exempt_urls(ctx, "ADD_TO_LIST"))
}

pub(super) fn remove_exempt_urls<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(edit_exempt_urls(ctx, "REMOVE_FROM_LIST"))
}

pub(super) async fn edit_exempt_urls(
    ctx: HookCtx<'_>,
    action: &'static str,
) -> Result<ToolOutput, ToolError> {
    let query = [pair("action", action)];
    ctx.call(HttpMethod::Post, ctx.path, &query, ctx.plan.body.as_ref())
        .await?;
    done(ctx.call(HttpMethod::Get, ctx.path, &[], None).await?)
}

// Geo lookups: three endpoints behind one tool.

pub(super) fn geo_search<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let plan = ctx.plan;
        let need = |name: &str, action: &str| {
            query_arg(plan, name)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| bad_arg(name, format!("is required when action is {action}")))
        };
        let number = |name: &str, action: &str| {
            let raw = need(name, action)?;
            raw.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(|_| raw)
                .ok_or_else(|| bad_arg(name, "must be a decimal number such as \"37.3382\""))
        };
        let action = query_arg(plan, "action").unwrap_or_default();
        let value = match action {
            "geo_by_coordinates" => {
                let query = [
                    pair("latitude", number("latitude", action)?),
                    pair("longitude", number("longitude", action)?),
                ];
                let path = format!("{BASE}/region/byGeoCoordinates");
                ctx.call(HttpMethod::Get, &path, &query, None).await?
            }
            "geo_by_ip" => {
                let ip = need("ip", action)?;
                let path = format!("{BASE}/region/byIPAddress/{}", segment("ip", ip)?);
                ctx.call(HttpMethod::Get, &path, &[], None).await?
            }
            _ => {
                let query = [pair("prefix", need("prefix", action)?)];
                let path = format!("{BASE}/region/search");
                ctx.call(HttpMethod::Get, &path, &query, None).await?
            }
        };
        done(value)
    })
}

// GRE tunnels.

pub(super) fn vip_ref(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!({ "id": n }),
        other => other.clone(),
    }
}

pub(super) fn create_gre_tunnel<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut body = body_map(ctx.plan);
        let source = body
            .get("sourceIp")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        for key in ["primaryDestVip", "secondaryDestVip"] {
            if let Some(v) = body.get(key).map(vip_ref) {
                body.insert(key.to_string(), v);
            }
        }

        ensure_static_ip(&ctx, &body, &source).await?;
        fill_internal_range(&ctx, &mut body, &source).await?;
        fill_vips(&ctx, &mut body, &source).await?;

        post_here(&ctx, body).await
    })
}

/// The tunnel's source must be one of the tenant's static IPs. As the official server does
/// (zscaler_mcp tools/zia/gre_tunnels.py:98), look it up by address and create it (with
/// the tunnel's comment) when the tenant has none, so the same call works on both.
async fn ensure_static_ip(
    ctx: &HookCtx<'_>,
    body: &Map<String, Value>,
    source: &str,
) -> Result<(), ToolError> {
    let path = format!("{BASE}/staticIP");
    let found = ctx
        .call(HttpMethod::Get, &path, &[pair("ipAddress", source)], None)
        .await?;
    let exists = found
        .as_array()
        .into_iter()
        .flatten()
        .any(|ip| ip.get("ipAddress").and_then(Value::as_str) == Some(source));
    if !exists {
        let mut ip = Map::new();
        ip.insert("ipAddress".into(), json!(source));
        if let Some(comment) = body.get("comment") {
            ip.insert("comment".into(), comment.clone());
        }
        ctx.call(HttpMethod::Post, &path, &[], Some(&Value::Object(ip)))
            .await?;
    }
    Ok(())
}

/// Unless the tunnel is unnumbered or the range was given: the first free internal range
/// ZIA offers for the source IP.
async fn fill_internal_range(
    ctx: &HookCtx<'_>,
    body: &mut Map<String, Value>,
    source: &str,
) -> Result<(), ToolError> {
    let unnumbered = body.get("ipUnnumbered") == Some(&Value::Bool(true));
    if !unnumbered && !body.contains_key("internalIpRange") {
        let path = format!("{BASE}/greTunnels/availableInternalIpRanges");
        let ranges = ctx
            .call(HttpMethod::Get, &path, &[pair("staticIp", source)], None)
            .await?;
        let start = ranges
            .as_array()
            .and_then(|r| r.first())
            .and_then(|r| r.get("startIPAddress"))
            .cloned()
            .ok_or_else(|| {
                bad_arg(
                    "internal_ip_range",
                    "no free internal IP range was offered for this static IP; pass \
                     internal_ip_range, or ip_unnumbered=true",
                )
            })?;
        body.insert("internalIpRange".into(), start);
    }
    Ok(())
}

/// Unless both VIPs were given: the recommended VIPs for the source IP, the secondary in
/// another city than the primary.
async fn fill_vips(
    ctx: &HookCtx<'_>,
    body: &mut Map<String, Value>,
    source: &str,
) -> Result<(), ToolError> {
    if !(body.contains_key("primaryDestVip") && body.contains_key("secondaryDestVip")) {
        let mut query = vec![pair("sourceIp", source)];
        if body.get("withinCountry") == Some(&Value::Bool(true)) {
            query.push(pair("withinCountryOnly", "true"));
        }
        let path = format!("{BASE}/vips/recommendedList");
        let vips = ctx.call(HttpMethod::Get, &path, &query, None).await?;
        let vips = vips.as_array().cloned().unwrap_or_default();
        let primary_id = match body.get("primaryDestVip").and_then(|v| v.get("id")) {
            Some(id) => id.clone(),
            None => vips
                .first()
                .and_then(|v| v.get("id"))
                .cloned()
                .ok_or_else(|| {
                    bad_arg(
                        "primary_dest_vip_id",
                        "no recommended VIP was found for this source IP; pass the VIP ids",
                    )
                })?,
        };
        let primary_city = vips
            .iter()
            .find(|v| v.get("id") == Some(&primary_id))
            .and_then(|v| v.get("city"))
            .cloned();
        if !body.contains_key("secondaryDestVip") {
            let secondary = vips
                .iter()
                .find(|v| {
                    v.get("id") != Some(&primary_id)
                        && (primary_city.is_none() || v.get("city") != primary_city.as_ref())
                })
                .and_then(|v| v.get("id"))
                .cloned()
                .ok_or_else(|| {
                    bad_arg(
                        "secondary_dest_vip_id",
                        "no recommended VIP in a different city was found; pass it",
                    )
                })?;
            body.insert("secondaryDestVip".into(), json!({ "id": secondary }));
        }
        body.insert("primaryDestVip".into(), json!({ "id": primary_id }));
    }
    Ok(())
}

pub(super) fn delete_gre_tunnel<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let static_ip = ctx
            .plan
            .body
            .as_ref()
            .and_then(|b| b.get("staticIpId"))
            .and_then(Value::as_i64);
        let static_ip_path = static_ip.map(|id| format!("{BASE}/staticIP/{id}"));
        if let Some(path) = &static_ip_path {
            // Only the tunnel's own static IP: checked before anything is deleted.
            let tunnel = ctx.call(HttpMethod::Get, ctx.path, &[], None).await?;
            let ip = ctx.call(HttpMethod::Get, path, &[], None).await?;
            let (uses, owns) = (tunnel.get("sourceIp"), ip.get("ipAddress"));
            if uses.is_none() || uses != owns {
                return Err(bad_arg(
                    "static_ip_id",
                    format!(
                        "is the static IP {}, but the tunnel's source IP is {}: only the \
                         tunnel's own static IP can be deleted with it. Nothing was deleted.",
                        owns.unwrap_or(&Value::Null),
                        uses.unwrap_or(&Value::Null)
                    ),
                ));
            }
        }
        ctx.call(HttpMethod::Delete, ctx.path, &[], None).await?;
        let mut out = json!({"deleted": true, "path": ctx.path});
        if let Some(path) = static_ip_path {
            ctx.call(HttpMethod::Delete, &path, &[], None).await?;
            out["static_ip_deleted"] = json!(true);
            out["static_ip_path"] = json!(path);
        }
        done(out)
    })
}

// Static IPs: the API answers 409 DUPLICATE_ITEM when a PUT repeats the object's own
// address (recorded), so the merged object goes back without `ipAddress`, which keeps it.

pub(super) fn update_static_ip<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut current = ctx.call(HttpMethod::Get, ctx.path, &[], None).await?;
        if let Value::Object(m) = &mut current {
            m.remove("ipAddress");
        }
        let mut changes = body_map(ctx.plan);
        changes.remove("ipAddress");
        done(merge_and_put(&ctx, ctx.path, current, changes).await?)
    })
}

// URL categories.

/// Find a predefined category by id or display name; refuse custom ones.
pub(super) async fn resolve_predefined(ctx: &HookCtx<'_>) -> Result<Value, ToolError> {
    let ident = query_arg(ctx.plan, "name").unwrap_or_default().trim();
    if ident.is_empty() {
        return Err(bad_arg("name", "must not be empty"));
    }
    let custom_refusal = |id: &str| {
        bad_arg(
            "name",
            format!(
                "{id} is a custom URL category; use zia_get_url_category / \
                 zia_update_url_category for custom categories"
            ),
        )
    };
    let direct = format!("{}/{}", ctx.path, segment("name", ident)?);
    match ctx.call(HttpMethod::Get, &direct, &[], None).await {
        Ok(found) if found.is_object() => {
            if is_custom(&found) {
                return Err(custom_refusal(ident));
            }
            return Ok(found);
        }
        Ok(_) => {}
        Err(ToolError::Upstream(UpstreamError::NotFound { .. }))
        | Err(ToolError::Upstream(UpstreamError::Api { status: 400, .. })) => {}
        Err(e) => return Err(e),
    }
    // Not an exact id: match ids and display names, ignoring case, spaces and dashes.
    let norm = |s: &str| s.trim().to_ascii_uppercase().replace([' ', '-'], "_");
    let want = norm(ident);
    let all = ctx.call(HttpMethod::Get, ctx.path, &[], None).await?;
    let text = |c: &Value, k: &str| c.get(k).and_then(Value::as_str).map(norm);
    let matched = all.as_array().into_iter().flatten().find(|c| {
        text(c, "id").as_deref() == Some(want.as_str())
            || text(c, "configuredName").as_deref() == Some(want.as_str())
    });
    match matched {
        Some(c) if is_custom(c) => Err(custom_refusal(ident)),
        Some(c) => Ok(c.clone()),
        None => Err(bad_arg(
            "name",
            format!(
                "no predefined URL category has the id or name {ident:?}; \
                 zia_list_url_categories lists them"
            ),
        )),
    }
}

pub(super) fn get_predefined_category<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { done(resolve_predefined(&ctx).await?) })
}

pub(super) fn update_predefined_category<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let current = resolve_predefined(&ctx).await?;
        let id = current
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let path = format!("{}/{}", ctx.path, encode_segment(&id));
        done(merge_and_put(&ctx, &path, current, body_map(ctx.plan)).await?)
    })
}

/// A new category is a custom one of type URL_CATEGORY unless said otherwise, with its
/// URL list (empty when none is given), as zscaler-sdk-python sends it
/// (zscaler/zia/url_categories.py:286 `add_url_category`; zscaler_mcp
/// tools/zia/url_categories.py:460 sets `custom_category`).
pub(super) fn create_custom_category<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut body = body_map(ctx.plan);
        body.entry("customCategory").or_insert(json!(true));
        body.entry("type").or_insert(json!("URL_CATEGORY"));
        body.entry("urls").or_insert(json!([]));
        post_here(&ctx, body).await
    })
}

pub(super) fn update_custom_category<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let current = ctx.call(HttpMethod::Get, ctx.path, &[], None).await?;
        if !is_custom(&current) {
            return Err(bad_arg(
                "category_id",
                "this is a predefined URL category; use zia_update_url_category_predefined, \
                 or zia_add_urls_to_category / zia_remove_urls_from_category",
            ));
        }
        done(merge_and_put(&ctx, ctx.path, current, body_map(ctx.plan)).await?)
    })
}

// URL filtering rules: `enabled` becomes the API's `state`.

pub(super) fn rule_changes(plan: &CallPlan) -> Map<String, Value> {
    let mut body = body_map(plan);
    if let Some(enabled) = body.remove("enabled") {
        let state = if enabled == Value::Bool(false) {
            "DISABLED"
        } else {
            "ENABLED"
        };
        body.insert("state".into(), json!(state));
    }
    body
}

pub(super) fn create_url_rule<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut body = rule_changes(ctx.plan);
        body.entry("order").or_insert(json!(1));
        body.entry("rank").or_insert(json!(7));
        body.entry("state").or_insert(json!("ENABLED"));
        post_here(&ctx, body).await
    })
}

pub(super) fn update_url_rule<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let current = ctx.call(HttpMethod::Get, ctx.path, &[], None).await?;
        done(merge_and_put(&ctx, ctx.path, current, rule_changes(ctx.plan)).await?)
    })
}
