//! The zpa hooks: the logic the tools of `tables.rs` name.

use crate::catalog::spec::*;
use crate::executor::paging::{self, read_batch, Notes, Position, Walk};
use crate::executor::{ToolError, ToolOutput};
use crate::tool::args::{encode_segment, segment, ArgError};
use crate::zscaler::UpstreamError;
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------------------
// Hooks: shared pieces
// ---------------------------------------------------------------------------------------

pub(super) fn arg_error(field: &str, problem: impl Into<String>) -> ToolError {
    ToolError::Args(ArgError {
        field: field.to_string(),
        problem: problem.into(),
    })
}

/// The JSON body the arguments laid out, as an object.
pub(super) fn fields_of(ctx: &HookCtx<'_>) -> Map<String, Value> {
    match &ctx.plan.body {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}

pub(super) fn into_object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// POST `fields` to the tool's path: the last step of every create hook here.
pub(crate) async fn post_fields(
    ctx: &HookCtx<'_>,
    fields: Map<String, Value>,
) -> Result<ToolOutput, ToolError> {
    let body = Value::Object(fields);
    let value = ctx
        .call(HttpMethod::Post, ctx.path, &ctx.plan.query, Some(&body))
        .await?;
    Ok(ToolOutput { value, note: None })
}

/// An id or number as text, whether the API sent it as a string or a number.
pub(super) fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Every item of a ZPA list endpoint, walking `page`/`pagesize` up to `totalPages` (or
/// until the server's item cap is reached).
pub(super) async fn fetch_all(
    ctx: &HookCtx<'_>,
    path: &str,
    base: &[(String, String)],
) -> Result<Vec<Value>, ToolError> {
    let fetch = |position: Position, size: u32| async move {
        let query = paging::page_query(Paging::ZpaPages, base, &position, size);
        let body = ctx.call(HttpMethod::Get, path, &query, None).await?;
        Ok(read_batch(Paging::ZpaPages, body, &position, size))
    };
    let max_items = ctx.client.settings().max_items;
    paging::collect(Position::Page(1), 500, max_items, fetch).await
}

// ---------------------------------------------------------------------------------------
// Hooks: creates that default to enabled
// ---------------------------------------------------------------------------------------

/// Segment, server and connector group creates: enabled (and, for server groups, dynamic
/// discovery) default to true as in the Python server; the API would create them disabled.
pub(super) fn create_enabled<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut fields = fields_of(&ctx);
        fields.entry("enabled").or_insert(Value::Bool(true));
        if ctx.path.ends_with("/serverGroup") {
            fields
                .entry("dynamicDiscovery")
                .or_insert(Value::Bool(true));
        }
        post_fields(&ctx, fields).await
    })
}

// ---------------------------------------------------------------------------------------
// Hooks: group updates that differ from the generic read-modify-write
// ---------------------------------------------------------------------------------------

/// The id of the enrollment certificate named `name` (`Connector`, `Service Edge`). The
/// API requires one on connector and service edge groups; the official SDK looks it up by
/// this name, case-insensitively, when none is given (zscaler/zpa/app_connector_groups.py:
/// 334, service_edge_group.py:243, enrollment_certificates.py:164-168): one filtered GET.
async fn enrollment_cert_id(ctx: &HookCtx<'_>, name: &str) -> Result<Value, ToolError> {
    let path = crate::executor::customer_path(
        ctx.client,
        ctx.spec,
        "/zpa/mgmtconfig/v2/admin/customers/{customerId}/enrollmentCert",
    )?;
    let query = [("search".to_string(), format!("name+EQ+{name}"))];
    let found = ctx.call(HttpMethod::Get, &path, &query, None).await?;
    let items = found.get("list").unwrap_or(&found);
    let same_name = |c: &&Value| {
        c.get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    };
    let cert = items.as_array().into_iter().flatten().find(same_name);
    cert.and_then(|c| c.get("id")).cloned().ok_or_else(|| {
        arg_error(
            "enrollment_cert_id",
            format!(
                "no enrollment certificate is named {name:?}; give enrollment_cert_id (from \
                 get_zpa_enrollment_certificate)"
            ),
        )
    })
}

/// Has the group a usable `enrollmentCertId`?
fn has_cert(fields: &Map<String, Value>) -> bool {
    text(fields.get("enrollmentCertId")).is_some_and(|s| !s.is_empty() && s != "0")
}

/// How one group update differs from the executor's read-modify-write.
#[derive(Clone, Copy)]
struct GroupUpdate {
    /// Write through the v2 path: segment groups, as the official SDK does
    /// (zscaler/zpa/segment_groups.py:312-316).
    v2_write: bool,
    /// Fields read back but not written back unless the caller gives them: a group's
    /// `applications` belong to the segments (each names its group), can exceed the API's
    /// payload cap and are not needed to update the group (zscaler/zpa/server_groups.py:
    /// 274-280; the segment group v2 update sends only the given fields).
    drop: &'static [&'static str],
    /// The enrollment certificate to name when the group has none (see
    /// [`enrollment_cert_id`]).
    default_cert: Option<&'static str>,
}

/// Read the group, lay the given fields over it, complete it as `how` says, write it back.
async fn update_group(ctx: &HookCtx<'_>, how: GroupUpdate) -> Result<ToolOutput, ToolError> {
    let changes = fields_of(ctx);
    let query = &ctx.plan.query;
    let current = ctx.call(HttpMethod::Get, ctx.path, query, None).await?;
    let mut merged = into_object(current);
    let given: Vec<String> = changes.keys().cloned().collect();
    merged.extend(changes);
    if let Some(name) = how.default_cert.filter(|_| !has_cert(&merged)) {
        merged.insert(
            "enrollmentCertId".into(),
            enrollment_cert_id(ctx, name).await?,
        );
    }
    let mut body = merged.clone();
    for key in how.drop.iter().filter(|k| !given.iter().any(|g| g == *k)) {
        body.remove(*key);
    }
    let write_path = if how.v2_write {
        ctx.path.replacen("/mgmtconfig/v1/", "/mgmtconfig/v2/", 1)
    } else {
        ctx.path.to_string()
    };
    let resp = ctx
        .call(
            HttpMethod::Put,
            &write_path,
            query,
            Some(&Value::Object(body)),
        )
        .await?;
    // ZPA answers 204: the group as it now is, dropped fields included (they are unchanged).
    let value = if resp.is_null() {
        Value::Object(merged)
    } else {
        resp
    };
    Ok(ToolOutput { value, note: None })
}

/// Service edge group create: the `Service Edge` enrollment certificate when the caller
/// gave none (the API requires one; see [`enrollment_cert_id`]).
pub(crate) fn edge_group_create<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut fields = fields_of(&ctx);
        if !has_cert(&fields) {
            let id = enrollment_cert_id(&ctx, "Service Edge").await?;
            fields.insert("enrollmentCertId".into(), id);
        }
        post_fields(&ctx, fields).await
    })
}

/// How the update of each kind of group differs (see [`GroupUpdate`]), by its path.
fn group_update_rules(path: &str) -> GroupUpdate {
    let kind = |k: &str| path.contains(&format!("/{k}/"));
    GroupUpdate {
        v2_write: kind("segmentGroup"),
        drop: if kind("segmentGroup") || kind("serverGroup") {
            &["applications"]
        } else {
            &[]
        },
        default_cert: if kind("appConnectorGroup") {
            Some("Connector")
        } else if kind("serviceEdgeGroup") {
            Some("Service Edge")
        } else {
            None
        },
    }
}

/// Segment, server, app connector and service edge group updates.
pub(crate) fn group_update<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { update_group(&ctx, group_update_rules(ctx.path)).await })
}

// ---------------------------------------------------------------------------------------
// Hooks: application segments
// ---------------------------------------------------------------------------------------

pub(super) const BROWSER_ACCESS: &str = "BROWSER_ACCESS";
pub(super) const REMOTE_ACCESS: &str = "SECURE_REMOTE_ACCESS";

/// The app type a BA or PRA tool manages, from its name.
pub(super) fn segment_app_type(spec: &ToolSpec) -> Option<&'static str> {
    if spec.name.ends_with("_ba") {
        Some(BROWSER_ACCESS)
    } else if spec.name.ends_with("_pra") {
        Some(REMOTE_ACCESS)
    } else {
        None
    }
}

pub(super) fn apps_config_mut(fields: &mut Map<String, Value>) -> Option<&mut Vec<Value>> {
    fields
        .get_mut("commonAppsDto")?
        .get_mut("appsConfig")?
        .as_array_mut()
}

/// Give every app config its type when the caller left it out.
pub(super) fn tag_apps_config(fields: &mut Map<String, Value>, app_type: &str) {
    for app in apps_config_mut(fields).into_iter().flatten() {
        if let Value::Object(m) = app {
            m.entry("appTypes").or_insert_with(|| json!([app_type]));
        }
    }
}

/// On update, tie each app config to the segment and to the existing app with the same
/// domain, and list the existing apps that are no longer wanted.
pub(super) async fn link_existing_apps(
    ctx: &HookCtx<'_>,
    app_type: &str,
    segment_id: &str,
    fields: &mut Map<String, Value>,
) -> Result<(), ToolError> {
    let Some(at) = ctx.path.rfind("/application/") else {
        return Ok(());
    };
    let by_type = format!("{}/application/getAppsByType", &ctx.path[..at]);
    let mut query = ctx.plan.query.clone();
    query.push(("applicationType".into(), app_type.to_string()));
    query.push(("expandAll".into(), "false".into()));
    let existing: Vec<(String, String)> = fetch_all(ctx, &by_type, &query)
        .await?
        .iter()
        .filter(|a| text(a.get("appId")).as_deref() == Some(segment_id))
        .filter_map(|a| Some((text(a.get("domain"))?, text(a.get("id"))?)))
        .collect();
    let (id_key, deleted_key) = if app_type == BROWSER_ACCESS {
        ("baAppId", "deletedBaApps")
    } else {
        ("praAppId", "deletedPraApps")
    };
    let mut wanted = Vec::new();
    for app in apps_config_mut(fields).into_iter().flatten() {
        if let Value::Object(m) = app {
            let domain = text(m.get("domain")).unwrap_or_default();
            let known = existing
                .iter()
                .find(|(d, _)| *d == domain)
                .map(|(_, id)| id.clone())
                .unwrap_or_default();
            m.insert("appId".into(), json!(segment_id));
            m.entry(id_key).or_insert_with(|| json!(known));
            wanted.push(domain);
        }
    }
    let deleted: Vec<Value> = existing
        .iter()
        .filter(|(d, _)| !wanted.contains(d))
        .map(|(_, id)| json!(id))
        .collect();
    if let (false, Some(Value::Object(dto))) = (deleted.is_empty(), fields.get_mut("commonAppsDto"))
    {
        dto.insert(deleted_key.into(), Value::Array(deleted));
    }
    Ok(())
}

/// The API keeps ports in two notations (flat `tcpPortRanges` pairs and `tcpPortRange`
/// objects); when the caller sets one, the stale copy of the other is cleared so the two
/// cannot disagree.
pub(super) fn settle_ports(merged: &mut Map<String, Value>, changes: &Map<String, Value>) {
    for (flat, objects) in [
        ("tcpPortRanges", "tcpPortRange"),
        ("udpPortRanges", "udpPortRange"),
    ] {
        if changes.contains_key(flat) {
            merged.insert(objects.into(), json!([]));
        } else if changes.contains_key(objects) {
            merged.insert(flat.into(), json!([]));
        }
    }
}

/// Standard, BA and PRA segment create and update.
pub(super) fn app_segment_write<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut fields = fields_of(&ctx);
        let app_type = segment_app_type(ctx.spec);
        if let Some(t) = app_type {
            tag_apps_config(&mut fields, t);
        }
        if ctx.spec.method == HttpMethod::Post {
            fields.entry("enabled").or_insert(Value::Bool(true));
            return post_fields(&ctx, fields).await;
        }
        let current = ctx
            .call(HttpMethod::Get, ctx.path, &ctx.plan.query, None)
            .await?;
        let mut merged = into_object(current);
        if let Some(t) = app_type {
            if apps_config_mut(&mut fields).is_some() {
                let segment_id = text(merged.get("id"))
                    .or_else(|| ctx.path.rsplit('/').next().map(str::to_string))
                    .unwrap_or_default();
                link_existing_apps(&ctx, t, &segment_id, &mut fields).await?;
                // commonAppsDto now describes the apps; drop the copies read back.
                for key in ["clientlessApps", "praApps", "sraApps"] {
                    merged.remove(key);
                }
            }
        }
        for (k, v) in &fields {
            merged.insert(k.clone(), v.clone());
        }
        settle_ports(&mut merged, &fields);
        let body = Value::Object(merged);
        let resp = ctx
            .call(HttpMethod::Put, ctx.path, &ctx.plan.query, Some(&body))
            .await?;
        let value = if resp.is_null() { body } else { resp };
        Ok(ToolOutput { value, note: None })
    })
}

/// `getAppsByType` with `expandAll` stated: the official SDK always sends it, false unless
/// asked (zscaler/zpa/app_segment_by_type.py:38,76).
pub(super) fn apps_by_type<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let mut query = ctx.plan.query.clone();
        if !query.iter().any(|(k, _)| k == "expandAll") {
            query.push(("expandAll".into(), "false".into()));
        }
        let path = ctx.path.to_string();
        crate::catalog::zpa_infra::run_generic(&ctx, path, query, ctx.spec.paging).await
    })
}

pub(super) fn non_empty(v: Option<&Value>) -> bool {
    v.and_then(Value::as_array).is_some_and(|a| !a.is_empty())
}

pub(super) fn has_app_type(item: &Value, app_type: &str) -> bool {
    item.pointer("/commonAppsDto/appsConfig")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|app| app.get("appTypes").and_then(Value::as_array))
        .flatten()
        .any(|t| t.as_str() == Some(app_type))
}

pub(super) fn is_browser_access(item: &Value) -> bool {
    non_empty(item.get("clientlessApps")) || has_app_type(item, BROWSER_ACCESS)
}

pub(super) fn is_remote_access(item: &Value) -> bool {
    non_empty(item.get("praApps"))
        || non_empty(item.get("sraApps"))
        || has_app_type(item, REMOTE_ACCESS)
}

/// A ZPA list as the executor walks it (or the one page asked for), keeping the items
/// `keep` accepts. Unlike the executor's plain lists, the note names no total and an empty
/// page offers no continuation.
pub(super) async fn list_where(
    ctx: &HookCtx<'_>,
    keep: fn(&Value) -> bool,
) -> Result<ToolOutput, ToolError> {
    let fetch = |position: Position, size: u32| async move {
        let query = paging::page_query(Paging::ZpaPages, &ctx.plan.query, &position, size);
        let body = ctx.call(HttpMethod::Get, ctx.path, &query, None).await?;
        let mut batch = read_batch(Paging::ZpaPages, body, &position, size);
        batch.total = None;
        if batch.items.is_empty() {
            batch.next = None;
        }
        Ok(batch)
    };
    let walk = Walk::pages(ctx.plan, 20, 500);
    let max_items = ctx.client.settings().max_items;
    paging::walk(walk, max_items, Notes::STANDARD, keep, fetch).await
}

pub(super) fn list_ba_segments<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { list_where(&ctx, is_browser_access).await })
}

pub(super) fn list_pra_segments<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move { list_where(&ctx, is_remote_access).await })
}

// ---------------------------------------------------------------------------------------
// Hooks: policy rules
// ---------------------------------------------------------------------------------------

/// `<base>/policySet/<POLICY_TYPE>/<rest>`: the spec paths of the rule writes name the
/// policy type where the API has the policy set id.
pub(super) fn split_policy_path(path: &str) -> Option<(&str, &str, &str)> {
    let at = path.find("/policySet/")?;
    let after = &path[at + "/policySet/".len()..];
    let (policy_type, rest) = after.split_once('/')?;
    Some((&path[..at], policy_type, rest))
}

pub(super) async fn policy_set_id(
    ctx: &HookCtx<'_>,
    base: &str,
    policy_type: &str,
) -> Result<String, ToolError> {
    let path = format!("{base}/policySet/policyType/{policy_type}");
    let set = ctx
        .call(HttpMethod::Get, &path, &ctx.plan.query, None)
        .await?;
    text(set.get("id")).ok_or_else(|| {
        UpstreamError::Api {
            product: "ZPA",
            status: 200,
            code: None,
            message: Some(format!("no {policy_type} policy set found")),
        }
        .into()
    })
}

pub(super) fn string_list(fields: &mut Map<String, Value>, key: &str) -> Option<Vec<Value>> {
    match fields.remove(key) {
        Some(Value::Array(items)) if !items.is_empty() => Some(items),
        _ => None,
    }
}

pub(super) fn block(operands: Vec<Value>) -> Value {
    json!({"operator": "OR", "operands": operands})
}

/// Conditions in the v2 request shape from the typed arguments (removed from `fields`),
/// after any raw `conditions` given through extra_fields. None when nothing was given.
pub(super) fn take_conditions(
    fields: &mut Map<String, Value>,
) -> Result<Option<Vec<Value>>, ToolError> {
    let mut conditions = match fields.remove("conditions") {
        None | Some(Value::Null) => None,
        Some(Value::Array(raw)) => Some(raw),
        Some(_) => {
            return Err(arg_error(
                "extra_fields",
                "`conditions` must be an array of {operator, operands} objects",
            ))
        }
    };
    let mut typed = Vec::new();
    let mut apps = Vec::new();
    for (key, object_type) in [("app_ids", "APP"), ("app_group_ids", "APP_GROUP")] {
        if let Some(values) = string_list(fields, key) {
            apps.push(json!({"objectType": object_type, "values": values}));
        }
    }
    if !apps.is_empty() {
        typed.push(block(apps));
    }
    let idp = fields.remove("idp_id");
    if let Some(groups) = string_list(fields, "scim_group_ids") {
        let Some(Value::String(idp)) = idp else {
            return Err(arg_error(
                "idp_id",
                "is required with scim_group_ids: the id of the IdP the groups belong to",
            ));
        };
        let entries: Vec<Value> = groups
            .iter()
            .map(|g| json!({"lhs": idp, "rhs": g}))
            .collect();
        typed.push(block(vec![
            json!({"objectType": "SCIM_GROUP", "entryValues": entries}),
        ]));
    }
    for (key, object_type) in [
        ("client_types", "CLIENT_TYPE"),
        ("machine_group_ids", "MACHINE_GRP"),
    ] {
        if let Some(values) = string_list(fields, key) {
            typed.push(block(vec![
                json!({"objectType": object_type, "values": values}),
            ]));
        }
    }
    for (key, object_type) in [
        ("posture_udids", "POSTURE"),
        ("trusted_network_ids", "TRUSTED_NETWORK"),
        ("platforms", "PLATFORM"),
        ("country_codes", "COUNTRY_CODE"),
    ] {
        if let Some(values) = string_list(fields, key) {
            let entries: Vec<Value> = values
                .iter()
                .map(|v| json!({"lhs": v, "rhs": "true"}))
                .collect();
            typed.push(block(vec![
                json!({"objectType": object_type, "entryValues": entries}),
            ]));
        }
    }
    if !typed.is_empty() {
        conditions.get_or_insert_with(Vec::new).extend(typed);
    }
    Ok(conditions)
}

/// Operand types whose v2 form lists plain values; the others use lhs/rhs entry pairs.
pub(super) const VALUE_OPERANDS: [&str; 11] = [
    "APP",
    "APP_GROUP",
    "CONSOLE",
    "MACHINE_GRP",
    "LOCATION",
    "BRANCH_CONNECTOR_GROUP",
    "EDGE_CONNECTOR_GROUP",
    "CLIENT_TYPE",
    "USER_PORTAL",
    "PRIVILEGE_PORTAL",
    "CHROME_POSTURE_PROFILE",
];

/// Conditions as read (v1: one operand per lhs/rhs) in the v2 request shape: operands of
/// one type within a condition become one operand with `values` or `entryValues`.
pub(super) fn v2_conditions(read: Option<&Value>) -> Value {
    let mut out = Vec::new();
    for condition in read.and_then(Value::as_array).into_iter().flatten() {
        let mut operands: Vec<Map<String, Value>> = Vec::new();
        let empty = Vec::new();
        let read_operands = condition
            .get("operands")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        for operand in read_operands {
            let object_type = operand
                .get("objectType")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_ascii_uppercase();
            if object_type.is_empty() {
                continue;
            }
            if operand.get("values").is_some() || operand.get("entryValues").is_some() {
                let mut kept = Map::new();
                kept.insert("objectType".into(), json!(object_type));
                for key in ["values", "entryValues"] {
                    if let Some(v) = operand.get(key) {
                        kept.insert(key.into(), v.clone());
                    }
                }
                operands.push(kept);
                continue;
            }
            let (key, item) = if VALUE_OPERANDS.contains(&object_type.as_str()) {
                ("values", operand.get("rhs").cloned().unwrap_or(Value::Null))
            } else {
                (
                    "entryValues",
                    json!({"lhs": operand.get("lhs"), "rhs": operand.get("rhs")}),
                )
            };
            let slot = match operands.iter().position(|o| {
                o.get("objectType") == Some(&json!(object_type)) && o.contains_key(key)
            }) {
                Some(i) => i,
                None => {
                    let mut fresh = Map::new();
                    fresh.insert("objectType".into(), json!(object_type));
                    fresh.insert(key.into(), json!([]));
                    operands.push(fresh);
                    operands.len() - 1
                }
            };
            if let Some(Value::Array(list)) = operands[slot].get_mut(key) {
                list.push(item);
            }
        }
        if operands.is_empty() {
            continue;
        }
        let operator = condition
            .get("operator")
            .and_then(Value::as_str)
            .unwrap_or("OR")
            .to_ascii_uppercase();
        let mut out_condition = json!({
            "operator": operator,
            "operands": operands.into_iter().map(Value::Object).collect::<Vec<_>>(),
        });
        if condition.get("negated") == Some(&Value::Bool(true)) {
            out_condition["negated"] = Value::Bool(true);
        }
        out.push(out_condition);
    }
    Value::Array(out)
}

/// Isolation rules only apply to browser-access clients; the API wants that said.
pub(super) fn ensure_exporter_client(conditions: &mut Vec<Value>) {
    let present = conditions.iter().any(|c| {
        c.get("operands")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|o| o.get("objectType").and_then(Value::as_str) == Some("CLIENT_TYPE"))
    });
    if !present {
        conditions.push(block(vec![json!({
            "objectType": "CLIENT_TYPE",
            "values": ["zpn_client_type_exporter"],
        })]));
    }
}

/// ISOLATE and INSPECT name the profile they apply.
pub(super) fn check_profile(policy_type: &str, rule: &Map<String, Value>) -> Result<(), ToolError> {
    let (action, key, field) = match policy_type {
        "ISOLATION_POLICY" => (
            "ISOLATE",
            "zpnIsolationProfileId",
            "zpn_isolation_profile_id",
        ),
        "INSPECTION_POLICY" => (
            "INSPECT",
            "zpnInspectionProfileId",
            "zpn_inspection_profile_id",
        ),
        _ => return Ok(()),
    };
    let acts = rule.get("action").and_then(Value::as_str) == Some(action);
    let has_profile = text(rule.get(key)).is_some_and(|s| !s.is_empty() && s != "0");
    if acts && !has_profile {
        return Err(arg_error(
            field,
            format!("is required when action_type is {action}"),
        ));
    }
    Ok(())
}

/// `[{id, name, ...}]` as read back becomes `[{"id": ...}]` for the write.
pub(super) fn slim_refs(rule: &mut Map<String, Value>, key: &str) {
    if let Some(Value::Array(items)) = rule.get_mut(key) {
        for item in items.iter_mut() {
            if let Some(id) = item.get("id").cloned() {
                *item = json!({ "id": id });
            }
        }
    }
}

/// What a create adds to the typed fields: the conditions (with the exporter client an
/// isolation rule needs) and the timeout policy's defaults.
fn add_create_defaults(
    policy_type: &str,
    fields: &mut Map<String, Value>,
    conditions: Option<Vec<Value>>,
) {
    let mut conditions = conditions.unwrap_or_default();
    if policy_type == "ISOLATION_POLICY" {
        ensure_exporter_client(&mut conditions);
    }
    if policy_type == "TIMEOUT_POLICY" {
        fields.entry("action").or_insert_with(|| json!("RE_AUTH"));
        fields
            .entry("reauthTimeout")
            .or_insert_with(|| json!("172800"));
        fields
            .entry("reauthIdleTimeout")
            .or_insert_with(|| json!("600"));
    }
    fields.insert("conditions".into(), Value::Array(conditions));
}

/// The `priority` and `ruleOrder` a rule was read with.
type ReadOrder = Vec<(String, Value)>;

/// The rule as read, with the update laid over it, in the v2 request shape; also the
/// order fields taken out of it. The order read back is the API's bookkeeping, not a
/// change: `priority` follows `ruleOrder`, and both would be stale once the rule moves.
/// Like the SDK (which sends only the caller's `ruleOrder`, zscaler/zpa/policies.py:1802),
/// the order is sent only when the caller gives one.
fn updated_rule(
    policy_type: &str,
    mut rule: Map<String, Value>,
    fields: Map<String, Value>,
    conditions: Option<Vec<Value>>,
    order: &Option<String>,
) -> Result<(Map<String, Value>, ReadOrder), ToolError> {
    for key in ["appConnectorGroups", "appServerGroups"] {
        slim_refs(&mut rule, key);
    }
    let read_order: ReadOrder = ["priority", "ruleOrder"]
        .iter()
        .filter_map(|k| Some((k.to_string(), rule.remove(*k)?)))
        .collect();
    if let Some(order) = order {
        rule.insert("ruleOrder".into(), json!(order));
    }
    rule.extend(fields);
    let conditions = match conditions {
        Some(mut given) => {
            if policy_type == "ISOLATION_POLICY" {
                ensure_exporter_client(&mut given);
            }
            Value::Array(given)
        }
        None => v2_conditions(rule.get("conditions")),
    };
    rule.insert("conditions".into(), conditions);
    check_profile(policy_type, &rule)?;
    Ok((rule, read_order))
}

/// Create and update of a rule in any policy set: resolve the set, build the v2 body,
/// write it through the v2 rule endpoint; an update reads the rule first and a given
/// rule_order moves the rule afterwards.
pub(super) fn policy_rule_write<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let (base, policy_type, rest) = split_policy_path(ctx.path).ok_or_else(|| {
            UpstreamError::Config(format!("{}: malformed policy rule path", ctx.spec.name))
        })?;
        let query = &ctx.plan.query;
        // Argument problems are reported before anything is sent.
        let mut fields = fields_of(&ctx);
        let conditions = take_conditions(&mut fields)?;
        if let Some(Value::Bool(off)) = fields.get("disabled") {
            let flag = if *off { "1" } else { "0" };
            fields.insert("disabled".into(), json!(flag));
        }
        let is_create = ctx.spec.method == HttpMethod::Post;
        if is_create {
            check_profile(policy_type, &fields)?;
        }

        let set_id = policy_set_id(&ctx, base, policy_type).await?;
        let v1_rule = format!("{base}/policySet/{}/{rest}", encode_segment(&set_id));
        let v2_rule = v1_rule.replacen("/mgmtconfig/v1/", "/mgmtconfig/v2/", 1);

        if is_create {
            add_create_defaults(policy_type, &mut fields, conditions);
            let body = Value::Object(fields);
            let value = ctx
                .call(HttpMethod::Post, &v2_rule, query, Some(&body))
                .await?;
            return Ok(ToolOutput { value, note: None });
        }

        let order = fields.remove("ruleOrder").and_then(|o| text(Some(&o)));
        // Checked before anything is written: the reorder call comes after the PUT.
        if let Some(order) = &order {
            segment("rule_order", order)?;
        }
        let current = ctx.call(HttpMethod::Get, &v1_rule, query, None).await?;
        let (rule, read_order) = updated_rule(
            policy_type,
            into_object(current),
            fields,
            conditions,
            &order,
        )?;
        let body = Value::Object(rule);
        let resp = ctx
            .call(HttpMethod::Put, &v2_rule, query, Some(&body))
            .await?;
        // ZPA answers 204: the rule as written, in the place it still has unless moved below.
        let mut value = if resp.is_null() { body } else { resp };
        if let Value::Object(m) = &mut value {
            for (k, v) in read_order {
                m.entry(k).or_insert(v);
            }
        }
        if let Some(order) = order {
            let reorder = format!("{v1_rule}/reorder/{}", segment("rule_order", &order)?);
            ctx.call(HttpMethod::Put, &reorder, query, None).await?;
            if let Value::Object(m) = &mut value {
                for key in ["ruleOrder", "priority"] {
                    m.insert(key.into(), json!(order));
                }
            }
        }
        Ok(ToolOutput { value, note: None })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(v: Value) -> Map<String, Value> {
        into_object(v)
    }

    #[test]
    fn typed_arguments_become_v2_condition_blocks() {
        let mut f = fields(json!({
            "name": "r", "app_ids": ["11"], "app_group_ids": ["22"],
            "idp_id": "9", "scim_group_ids": ["3251059"],
            "client_types": ["zpn_client_type_zapp"], "posture_udids": ["u-1"],
        }));
        let c = take_conditions(&mut f).unwrap().unwrap();
        assert_eq!(
            Value::Array(c),
            json!([
                {"operator": "OR", "operands": [
                    {"objectType": "APP", "values": ["11"]},
                    {"objectType": "APP_GROUP", "values": ["22"]}]},
                {"operator": "OR", "operands": [
                    {"objectType": "SCIM_GROUP", "entryValues": [{"lhs": "9", "rhs": "3251059"}]}]},
                {"operator": "OR", "operands": [
                    {"objectType": "CLIENT_TYPE", "values": ["zpn_client_type_zapp"]}]},
                {"operator": "OR", "operands": [
                    {"objectType": "POSTURE", "entryValues": [{"lhs": "u-1", "rhs": "true"}]}]},
            ])
        );
        assert_eq!(
            f,
            fields(json!({"name": "r"})),
            "typed keys never reach the API"
        );
        let mut none = fields(json!({"name": "r"}));
        assert_eq!(take_conditions(&mut none).unwrap(), None);
    }

    #[test]
    fn scim_groups_need_their_idp() {
        let mut f = fields(json!({"scim_group_ids": ["1"]}));
        let e = take_conditions(&mut f).unwrap_err();
        assert!(matches!(e, ToolError::Args(a) if a.field == "idp_id"));
    }

    #[test]
    fn read_conditions_convert_to_the_v2_shape() {
        let read = json!([
            {"id": "1", "operator": "OR", "negated": false, "operands": [
                {"id": "2", "objectType": "APP", "lhs": "id", "rhs": "11"},
                {"id": "3", "objectType": "APP", "lhs": "id", "rhs": "12"},
                {"id": "4", "objectType": "APP_GROUP", "lhs": "id", "rhs": "22"}]},
            {"id": "5", "operator": "OR", "operands": [
                {"objectType": "SCIM_GROUP", "lhs": "9", "rhs": "3251059", "idpName": "x"}]},
            {"operator": "AND", "negated": true, "operands": [
                {"objectType": "POSTURE", "lhs": "u-1", "rhs": "true"}]},
        ]);
        assert_eq!(
            v2_conditions(Some(&read)),
            json!([
                {"operator": "OR", "operands": [
                    {"objectType": "APP", "values": ["11", "12"]},
                    {"objectType": "APP_GROUP", "values": ["22"]}]},
                {"operator": "OR", "operands": [
                    {"objectType": "SCIM_GROUP", "entryValues": [{"lhs": "9", "rhs": "3251059"}]}]},
                {"operator": "AND", "negated": true, "operands": [
                    {"objectType": "POSTURE", "entryValues": [{"lhs": "u-1", "rhs": "true"}]}]},
            ])
        );
    }

    #[test]
    fn rule_updates_send_only_the_given_order() {
        let read = fields(json!({
            "id": "7", "ruleOrder": "3", "priority": "3", "action": "ALLOW", "conditions": [],
            "appServerGroups": [{"id": "5", "name": "sg"}],
        }));
        let (body, kept) = updated_rule(
            "ACCESS_POLICY",
            read.clone(),
            fields(json!({"description": "d"})),
            None,
            &None,
        )
        .unwrap();
        assert_eq!(
            Value::Object(body),
            json!({"id": "7", "action": "ALLOW", "conditions": [], "description": "d",
                   "appServerGroups": [{"id": "5"}]})
        );
        assert_eq!(
            kept,
            vec![
                ("priority".to_string(), json!("3")),
                ("ruleOrder".to_string(), json!("3"))
            ]
        );
        let moved = updated_rule("ACCESS_POLICY", read, Map::new(), None, &Some("1".into()));
        let (body, _) = moved.unwrap();
        assert_eq!(body.get("ruleOrder"), Some(&json!("1")));
        assert_eq!(body.get("priority"), None, "the stale priority is not sent");
    }

    #[test]
    fn each_group_kind_updates_its_own_way() {
        let rules = |kind: &str| group_update_rules(&format!("/zpa/x/{kind}/42"));
        let segment = rules("segmentGroup");
        assert!(segment.v2_write);
        assert_eq!(segment.drop, ["applications"]);
        assert_eq!(segment.default_cert, None);
        let server = rules("serverGroup");
        assert!(!server.v2_write);
        assert_eq!(server.drop, ["applications"]);
        assert_eq!(rules("appConnectorGroup").default_cert, Some("Connector"));
        let edge = rules("serviceEdgeGroup");
        assert_eq!(edge.default_cert, Some("Service Edge"));
        assert!(edge.drop.is_empty() && !edge.v2_write);
    }

    #[test]
    fn a_group_has_a_certificate_only_with_a_real_id() {
        assert!(has_cert(&fields(json!({"enrollmentCertId": "6573"}))));
        assert!(has_cert(&fields(json!({"enrollmentCertId": 6573}))));
        for none in [
            json!({}),
            json!({"enrollmentCertId": ""}),
            json!({"enrollmentCertId": "0"}),
        ] {
            assert!(!has_cert(&fields(none)));
        }
    }

    #[test]
    fn isolation_rules_get_the_browser_client() {
        let mut c = vec![];
        ensure_exporter_client(&mut c);
        ensure_exporter_client(&mut c);
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn policy_paths_split_on_the_type() {
        assert_eq!(
            split_policy_path("/zpa/x/policySet/TIMEOUT_POLICY/rule/42"),
            Some(("/zpa/x", "TIMEOUT_POLICY", "rule/42"))
        );
    }

    #[test]
    fn ports_in_one_notation_clear_the_other() {
        let mut merged = fields(
            json!({"tcpPortRanges": ["1", "1"], "tcpPortRange": [{"from": "1", "to": "1"}]}),
        );
        settle_ports(&mut merged, &fields(json!({"tcpPortRanges": ["2", "2"]})));
        assert_eq!(merged["tcpPortRange"], json!([]));
        assert!(!merged.contains_key("udpPortRange"));
    }

    #[test]
    fn segment_kinds() {
        assert!(is_browser_access(&json!({"clientlessApps": [{"id": "1"}]})));
        assert!(is_remote_access(
            &json!({"commonAppsDto": {"appsConfig": [{"appTypes": ["SECURE_REMOTE_ACCESS"]}]}})
        ));
        assert!(!is_browser_access(&json!({"clientlessApps": []})));
    }
}
