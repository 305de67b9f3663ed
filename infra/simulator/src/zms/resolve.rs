//! The ZMS root query fields: a registry (`ROOTS`) of resolvers, the
//! connection/paging/filter helpers they share, and the sample queries
//! (shaped like the Python SDK's) used by the tests.

use super::project::project;
use super::{gql_error, ZmsState};
use crate::graphql::{args_of, Document, Field, Operation, Sel};
use crate::util::{icontains, istarts_with, scalar_string, Resp};
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

/// Root fields whose type is the `JSON` scalar (returned as is).
const JSON_SCALARS: &[&str] = &["metadata"];

/// How a root field pages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Paging {
    None,
    /// `page` / `pageSize`.
    Page,
    /// `pageNum` / `pageSize`.
    PageNum,
}

type Resolver = fn(&ZmsState, &Map<String, Value>) -> Result<Value, FieldError>;

/// A field error: message and classification.
struct FieldError(String, &'static str);

struct Root {
    name: &'static str,
    paging: Paging,
    /// Required arguments besides `customerId`.
    required: &'static [&'static str],
    resolve: Resolver,
    /// A query like the SDK's, for tests.
    sample: &'static str,
    /// Extra variables of the sample.
    sample_vars: fn() -> Value,
    /// Nodes (or items) the sample returns.
    seeded: fn(&ZmsState) -> usize,
}

fn no_vars() -> Value {
    json!({})
}

/// Resolve one root field: Err is a validation error (a missing
/// argument); Ok holds the resolver's result or its field error.
fn resolve_root(
    st: &ZmsState,
    root: &Root,
    f: &Field,
    vars: &Map<String, Value>,
    customer_id: &str,
) -> Result<Result<Value, FieldError>, String> {
    let args = args_of(f, vars);
    let missing: Vec<&str> = std::iter::once("customerId")
        .chain(root.required.iter().copied())
        .filter(|a| !args.contains_key(*a))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "Validation error (MissingFieldArgument@[{}]) : Missing field argument '{}'",
            f.key(),
            missing.join("', '")
        ));
    }
    let cid = args
        .get("customerId")
        .and_then(scalar_string)
        .unwrap_or_default();
    let result = if cid != customer_id {
        Err(FieldError(
            format!("Access denied for customer {cid}"),
            "FORBIDDEN",
        ))
    } else {
        (root.resolve)(st, &args).and_then(|v| paginate(root.paging, &args, v))
    };
    Ok(result)
}

/// Execute `op`: resolve each root field, then project.
pub(crate) fn execute(
    st: &ZmsState,
    doc: &Document,
    op: &Operation,
    vars: &Map<String, Value>,
    customer_id: &str,
) -> Resp {
    let mut data = Map::new();
    let mut errors: Vec<Value> = Vec::new();
    let mut validation: Vec<String> = Vec::new();
    let fields = flatten(&op.sel, doc);
    for f in fields {
        if f.name == "__typename" {
            data.insert(f.key().to_string(), json!("Query"));
            continue;
        }
        let Some(root) = ROOTS.iter().find(|r| r.name == f.name) else {
            validation.push(format!(
                "Validation error (FieldUndefined@[{}]) : Field '{}' in type 'Query' is undefined",
                f.key(),
                f.name
            ));
            continue;
        };
        let result = match resolve_root(st, root, f, vars, customer_id) {
            Ok(r) => r,
            Err(msg) => {
                validation.push(msg);
                continue;
            }
        };
        match result {
            Ok(v) if JSON_SCALARS.contains(&root.name) => {
                if f.sel.is_empty() {
                    data.insert(f.key().to_string(), v);
                } else {
                    validation.push(format!(
                        "Validation error (SubselectionNotAllowed@[{}]) : Sub selection not allowed on leaf type JSON",
                        f.key()
                    ));
                }
            }
            Ok(v) => {
                let before = validation.len();
                let pv = project(&v, &f.sel, doc, f.key(), &mut validation);
                if validation.len() == before {
                    data.insert(f.key().to_string(), pv);
                }
            }
            Err(FieldError(msg, class)) => {
                let mut e = gql_error(&msg, class);
                e["path"] = json!([f.key()]);
                errors.push(e);
                data.insert(f.key().to_string(), Value::Null);
            }
        }
    }
    if !validation.is_empty() {
        let errs: Vec<Value> = validation
            .iter()
            .map(|m| gql_error(m, "ValidationError"))
            .collect();
        return Resp::ok(json!({ "errors": errs }));
    }
    if errors.is_empty() {
        Resp::ok(json!({ "data": data }))
    } else {
        Resp::ok(json!({ "errors": errors, "data": data }))
    }
}

/// Top-level fields of a selection (fragments on Query expanded).
fn flatten<'a>(sel: &'a [Sel], doc: &'a Document) -> Vec<&'a Field> {
    fn walk<'a>(sel: &'a [Sel], doc: &'a Document, out: &mut Vec<&'a Field>, depth: usize) {
        if depth > 32 {
            return;
        }
        for s in sel {
            match s {
                Sel::Field(f) => out.push(f),
                Sel::Inline(_, inner) => walk(inner, doc, out, depth + 1),
                Sel::Spread(n) => {
                    if let Some((_, inner)) = doc.fragments.get(n) {
                        walk(inner, doc, out, depth + 1);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(sel, doc, &mut out, 0);
    out
}

/// Turn a resolver's item list into a connection for paged fields.
fn paginate(paging: Paging, args: &Map<String, Value>, v: Value) -> Result<Value, FieldError> {
    let (Paging::Page | Paging::PageNum, Value::Array(items)) = (paging, &v) else {
        return Ok(v);
    };
    let page_key = if paging == Paging::Page {
        "page"
    } else {
        "pageNum"
    };
    let int = |k: &str, d: i64| -> Result<i64, FieldError> {
        match args.get(k) {
            None => Ok(d),
            Some(x) => x.as_i64().ok_or_else(|| {
                FieldError(format!("Argument '{k}' must be an Int"), "ValidationError")
            }),
        }
    };
    let page = int(page_key, 1)?;
    let size = int("pageSize", 20)?;
    if page < 1 {
        return Err(FieldError(
            format!("{page_key} must be at least 1"),
            "BAD_REQUEST",
        ));
    }
    if !(1..=1000).contains(&size) {
        return Err(FieldError(
            "pageSize must be from 1 to 1000".into(),
            "BAD_REQUEST",
        ));
    }
    let fetch_all = args.get("fetchAll").and_then(Value::as_bool) == Some(true);
    let total = items.len() as i64;
    let (nodes, size, pages) = if fetch_all {
        (items.clone(), total.max(1), 1)
    } else {
        let start = usize::try_from((page - 1).saturating_mul(size)).unwrap_or(usize::MAX);
        let n = usize::try_from(size).unwrap_or(usize::MAX);
        (
            items.iter().skip(start).take(n).cloned().collect(),
            size,
            (total + size - 1) / size,
        )
    };
    Ok(json!({
        "__typename": "Connection",
        "nodes": nodes,
        "pageInfo": {
            "__typename": "PageInfo",
            "pageNumber": if fetch_all { 1 } else { page },
            "pageSize": size,
            "totalCount": total,
            "totalPages": pages,
        },
    }))
}

/// A `StringExpression` test.
fn string_expr(val: Option<&Value>, expr: &Value) -> bool {
    let s = val.and_then(scalar_string).unwrap_or_default();
    let Some(e) = expr.as_object() else {
        return true;
    };
    e.iter().all(|(op, want)| {
        let w = scalar_string(want).unwrap_or_default();
        match op.as_str() {
            "contains" => icontains(&s, &w),
            "starts" => istarts_with(&s, &w),
            "ends" => s.to_lowercase().ends_with(&w.to_lowercase()),
            "equals" => s == w,
            "in" => want
                .as_array()
                .is_some_and(|a| a.iter().any(|x| scalar_string(x).as_deref() == Some(&s))),
            _ => true,
        }
    })
}

/// The sort keys (field, descending) of `sort`/`sortDir` and `orderBy`;
/// an unknown direction is a validation error.
fn sort_keys(args: &Map<String, Value>) -> Result<Vec<(String, bool)>, FieldError> {
    let mut keys: Vec<(String, bool)> = Vec::new();
    if let Some(sort) = args.get("sort").and_then(Value::as_str) {
        let desc = args
            .get("sortDir")
            .and_then(Value::as_str)
            .is_some_and(|d| d.eq_ignore_ascii_case("DESC"));
        keys.push((sort.to_string(), desc));
    }
    if let Some(ob) = args.get("orderBy").and_then(Value::as_object) {
        for (k, d) in ob {
            let dir = d.as_str().unwrap_or("ASC");
            if !dir.eq_ignore_ascii_case("ASC") && !dir.eq_ignore_ascii_case("DESC") {
                return Err(FieldError(
                    format!("Invalid sort direction '{dir}'"),
                    "ValidationError",
                ));
            }
            keys.push((k.clone(), dir.eq_ignore_ascii_case("DESC")));
        }
    }
    if let Some(dir) = args.get("sortDir").and_then(Value::as_str) {
        if !dir.eq_ignore_ascii_case("ASC") && !dir.eq_ignore_ascii_case("DESC") {
            return Err(FieldError(
                format!("Invalid SortDirection '{dir}'"),
                "ValidationError",
            ));
        }
    }
    Ok(keys)
}

/// Apply `filter` (field → expression, with `aliases` mapping filter keys
/// to item fields), `search` (name substring), `sort`/`sortDir` and
/// `orderBy`.
fn shape(
    items: &[Value],
    args: &Map<String, Value>,
    aliases: &[(&str, &str)],
    name_field: &str,
) -> Result<Value, FieldError> {
    let filter = args.get("filter").and_then(Value::as_object);
    let search = args
        .get("search")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let mut out: Vec<Value> = items
        .iter()
        .filter(|v| {
            filter.is_none_or(|f| {
                f.iter().all(|(k, expr)| {
                    let field = aliases
                        .iter()
                        .find(|(a, _)| a == k)
                        .map_or(k.as_str(), |(_, f)| f);
                    string_expr(v.get(field), expr)
                })
            })
        })
        .filter(|v| {
            search.is_none_or(|q| {
                v.get(name_field)
                    .and_then(Value::as_str)
                    .is_some_and(|n| icontains(n, q))
            })
        })
        .cloned()
        .collect();
    let keys = sort_keys(args)?;
    if !keys.is_empty() {
        out.sort_by(|a, b| {
            for (k, desc) in &keys {
                let o = match (a.get(k), b.get(k)) {
                    (Some(Value::Number(x)), Some(Value::Number(y))) => x
                        .as_f64()
                        .partial_cmp(&y.as_f64())
                        .unwrap_or(Ordering::Equal),
                    (x, y) => x
                        .and_then(scalar_string)
                        .unwrap_or_default()
                        .to_lowercase()
                        .cmp(&y.and_then(scalar_string).unwrap_or_default().to_lowercase()),
                };
                let o = if *desc { o.reverse() } else { o };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
    }
    Ok(Value::Array(out))
}

fn agents(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    shape(&st.agents, a, &[], "name")
}

fn agent_groups(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    shape(&st.agent_groups, a, &[], "name")
}

fn nonces(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    shape(&st.nonces, a, &[], "name")
}

fn by_eyez<'a>(
    items: &'a [Value],
    a: &Map<String, Value>,
    what: &str,
) -> Result<&'a Value, FieldError> {
    let id = a.get("eyezId").and_then(scalar_string).unwrap_or_default();
    items
        .iter()
        .find(|v| v.get("eyezId").and_then(Value::as_str) == Some(id.as_str()))
        .ok_or_else(|| FieldError(format!("{what} with eyezId {id} not found"), "NOT_FOUND"))
}

fn nonce(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    let n = by_eyez(&st.nonces, a, "Nonce")?;
    Ok(json!({"__typename": "NonceResponse", "nonce": n}))
}

fn totp(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    let g = by_eyez(&st.agent_groups, a, "Agent group")?;
    let id = g.get("eyezId").and_then(Value::as_str).unwrap_or("");
    let secret: String = id
        .bytes()
        .map(|b| (b'A' + b % 26) as char)
        .chain("QZ4Y7K2M".chars())
        .take(32)
        .collect();
    Ok(json!({
        "__typename": "AgentGroupTotpSecrets",
        "eyezId": id,
        "totpSecret": secret,
        "totpQrCode": format!("otpauth://totp/ZMS:{id}?secret={secret}&issuer=Zscaler"),
        "totpGenerationTimestamp": crate::zia::SEED_TIME,
    }))
}

/// Statistics over agents matching `search`, grouped by `(agentType, key)`.
fn stats(st: &ZmsState, a: &Map<String, Value>, key: &str, list: &str, ty: &str) -> Value {
    let agents = match shape(&st.agents, a, &[], "name") {
        Ok(Value::Array(v)) => v,
        _ => Vec::new(),
    };
    let total = agents.len();
    let mut groups: Vec<(String, String, usize)> = Vec::new();
    for ag in &agents {
        let t = ag
            .get("agentType")
            .and_then(scalar_string)
            .unwrap_or_default();
        let k = ag.get(key).and_then(scalar_string).unwrap_or_default();
        match groups.iter_mut().find(|(gt, gk, _)| *gt == t && *gk == k) {
            Some(g) => g.2 += 1,
            None => groups.push((t, k, 1)),
        }
    }
    let pct = |n: usize| {
        if total == 0 {
            0.0
        } else {
            (n as f64 * 10000.0 / total as f64).round() / 100.0
        }
    };
    let out_key = if key == "currentSoftwareVersion" {
        "version"
    } else {
        key
    };
    json!({
        "__typename": ty,
        "totalCount": total,
        "totalPercentage": if total == 0 { 0.0 } else { 100.0 },
        list: groups.into_iter().map(|(t, k, n)| json!({
            "__typename": "AgentStatistic",
            "agentType": t,
            out_key: k,
            "count": n,
            "percentage": pct(n),
        })).collect::<Vec<_>>(),
    })
}

fn conn_stats(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    Ok(stats(
        st,
        a,
        "connectionStatus",
        "agentStatuses",
        "AgentConnectionStatusStatistics",
    ))
}

fn version_stats(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    Ok(stats(
        st,
        a,
        "currentSoftwareVersion",
        "agentVersions",
        "AgentVersionStatistics",
    ))
}

fn live(items: &[Value], a: &Map<String, Value>) -> Vec<Value> {
    let deleted = a.get("includeDeleted").and_then(Value::as_bool) == Some(true);
    items
        .iter()
        .filter(|v| deleted || v.get("deleted").and_then(Value::as_bool) != Some(true))
        .cloned()
        .collect()
}

fn resources(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    shape(&live(&st.resources, a), a, &[], "name")
}

fn protection(st: &ZmsState, _: &Map<String, Value>) -> Result<Value, FieldError> {
    let live: Vec<&Value> = st
        .resources
        .iter()
        .filter(|r| r.get("deleted").and_then(Value::as_bool) != Some(true))
        .collect();
    let total = live.len();
    let protected = live
        .iter()
        .filter(|r| r.get("appZoneMappingState").and_then(Value::as_str) == Some("MAPPED"))
        .count();
    Ok(json!([{
        "__typename": "ResourceProtectionStatus",
        "protectedPercentage": if total == 0 { 0.0 } else { (protected as f64 * 10000.0 / total as f64).round() / 100.0 },
        "protectedResourcesCount": protected,
        "unprotectedResourcesCount": total - protected,
        "totalResources": total,
    }]))
}

fn metadata(st: &ZmsState, _: &Map<String, Value>) -> Result<Value, FieldError> {
    // A JSON scalar (no sub-selection in the SDK's query).
    let distinct = |k: &str| -> Vec<String> {
        let mut v: Vec<String> = st
            .resources
            .iter()
            .filter_map(|r| r.get(k).and_then(scalar_string))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    Ok(json!({
        "resourceTypes": distinct("resourceType"),
        "cloudProviders": distinct("cloudProvider"),
        "cloudRegions": distinct("cloudRegion"),
        "platformOs": distinct("platformOs"),
        "statuses": distinct("status"),
        "eventTypes": ["FLOW_ALLOWED", "FLOW_BLOCKED", "AGENT_CONNECTED", "AGENT_DISCONNECTED"],
    }))
}

fn resource_groups(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    // `resourceHostname` / `resourceId` filter on the members.
    let filter = a.get("filter").and_then(Value::as_object);
    let member_expr = |k: &str, field: &str, g: &Value| -> bool {
        filter.and_then(|f| f.get(k)).is_none_or(|expr| {
            members_of(st, g)
                .iter()
                .any(|r| string_expr(r.get(field), expr))
        })
    };
    let mut a2 = a.clone();
    if let Some(Value::Object(f)) = a2.get_mut("filter") {
        f.remove("resourceHostname");
        f.remove("resourceId");
    }
    let shaped = shape(&st.resource_groups, &a2, &[], "name")?;
    Ok(Value::Array(
        shaped
            .as_array()
            .map(|v| {
                v.iter()
                    .filter(|g| member_expr("resourceHostname", "resourceHostname", g))
                    .filter(|g| member_expr("resourceId", "id", g))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
    ))
}

fn members_of(st: &ZmsState, g: &Value) -> Vec<Value> {
    let ids: Vec<&Value> = g
        .get("memberIds")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    st.resources
        .iter()
        .filter(|r| ids.iter().any(|i| Some(*i) == r.get("id")))
        .filter(|r| r.get("deleted").and_then(Value::as_bool) != Some(true))
        .cloned()
        .collect()
}

fn group_members(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    let id = a.get("id").and_then(scalar_string).unwrap_or_default();
    let g = st
        .resource_groups
        .iter()
        .find(|g| g.get("id").and_then(Value::as_str) == Some(id.as_str()))
        .ok_or_else(|| FieldError(format!("Resource group {id} not found"), "NOT_FOUND"))?;
    Ok(Value::Array(members_of(st, g)))
}

fn group_protection(st: &ZmsState, _: &Map<String, Value>) -> Result<Value, FieldError> {
    let total = st.resource_groups.len();
    let protected = st
        .resource_groups
        .iter()
        .filter(|g| {
            let id = g.get("id");
            st.policy_rules.iter().any(|r| {
                r.get("groupIds")
                    .and_then(Value::as_array)
                    .is_some_and(|a| a.iter().any(|x| Some(x) == id))
            })
        })
        .count();
    Ok(json!([{
        "__typename": "ResourceGroupProtectionStatus",
        "protectedPercentage": if total == 0 { 0.0 } else { (protected as f64 * 10000.0 / total as f64).round() / 100.0 },
        "protectedResourceGroupsCount": protected,
        "unprotectedResourceGroupsCount": total - protected,
        "totalResourceGroups": total,
    }]))
}

fn policy_rules(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    shape(&st.policy_rules, a, &[], "name")
}

fn default_rules(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    shape(&st.default_rules, a, &[], "name")
}

fn app_zones(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    shape(&st.app_zones, a, &[], "appZoneName")
}

fn app_catalog(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    shape(&st.app_catalog, a, &[], "name")
}

fn namespaces(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    shape(&st.namespaces, a, &[], "name")
}

fn tag_keys(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    let ns = a
        .get("namespaceId")
        .and_then(scalar_string)
        .unwrap_or_default();
    if !st.namespaces.iter().any(|n| n["id"] == json!(ns)) {
        return Err(FieldError(format!("Namespace {ns} not found"), "NOT_FOUND"));
    }
    // `valueName` matches keys having such a value.
    let value_expr = a.get("filter").and_then(|f| f.get("valueName")).cloned();
    let mut a2 = a.clone();
    if let Some(Value::Object(f)) = a2.get_mut("filter") {
        f.remove("valueName");
    }
    let keys: Vec<Value> = st
        .tag_keys
        .iter()
        .filter(|k| k["namespaceId"] == json!(ns))
        .filter(|k| {
            value_expr.as_ref().is_none_or(|e| {
                st.tag_values
                    .iter()
                    .any(|v| v["tagId"] == k["id"] && string_expr(v.get("name"), e))
            })
        })
        .cloned()
        .collect();
    shape(&keys, &a2, &[("keyName", "name")], "name")
}

fn tag_values(st: &ZmsState, a: &Map<String, Value>) -> Result<Value, FieldError> {
    let tag = a.get("tagId").and_then(scalar_string).unwrap_or_default();
    let origin = a
        .get("namespaceOrigin")
        .and_then(scalar_string)
        .unwrap_or_default();
    if !["CUSTOM", "EXTERNAL", "ML", "UNKNOWN"].contains(&origin.as_str()) {
        return Err(FieldError(
            format!("Invalid NamespaceOrigin '{origin}'"),
            "ValidationError",
        ));
    }
    let Some(key) = st.tag_keys.iter().find(|k| k["id"] == json!(tag)) else {
        return Err(FieldError(format!("Tag key {tag} not found"), "NOT_FOUND"));
    };
    let ns_origin = st
        .namespaces
        .iter()
        .find(|n| n["id"] == key["namespaceId"])
        .and_then(|n| n.get("origin"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let values: Vec<Value> = if ns_origin == origin {
        st.tag_values
            .iter()
            .filter(|v| v["tagId"] == json!(tag))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    shape(&values, a, &[], "name")
}

const PAGE_INFO: &str = "pageInfo { pageNumber pageSize totalCount totalPages }";

static ROOTS: &[Root] = &[
    Root { name: "agents", paging: Paging::Page, required: &[], resolve: agents,
        sample: "query ListAgents($customerId: ID!, $page: Int, $pageSize: Int, $search: String, $sort: String, $sortDir: SortDirection) { agents(customerId: $customerId, page: $page, pageSize: $pageSize, search: $search, sort: $sort, sortDir: $sortDir) { nodes { name eyezId connectionStatus agentType hostOs currentSoftwareVersion upgradeStatus description cloudProvider publicIp privateIps adminStatus agentGroupName agentGroupType } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |st| st.agents.len() },
    Root { name: "agentConnectionStatusStatistics", paging: Paging::None, required: &[], resolve: conn_stats,
        sample: "query AgentConnectionStatusStats($customerId: ID!, $search: String) { agentConnectionStatusStatistics(customerId: $customerId, search: $search) { totalCount totalPercentage agentStatuses { agentType connectionStatus count percentage } } }",
        sample_vars: no_vars, seeded: |_| 1 },
    Root { name: "agentVersionStatistics", paging: Paging::None, required: &[], resolve: version_stats,
        sample: "query AgentVersionStats($customerId: ID!, $search: String) { agentVersionStatistics(customerId: $customerId, search: $search) { totalCount totalPercentage agentVersions { agentType version count percentage } } }",
        sample_vars: no_vars, seeded: |_| 1 },
    Root { name: "agentGroups", paging: Paging::Page, required: &[], resolve: agent_groups,
        sample: "query ListAgentGroups($customerId: ID!, $page: Int, $pageSize: Int, $search: String, $sort: String, $sortDir: SortDirection) { agentGroups(customerId: $customerId, page: $page, pageSize: $pageSize, search: $search, sort: $sort, sortDir: $sortDir) { nodes { name eyezId agentGroupType cloudProvider adminStatus agentCount description policyStatus upgradeStatus tamperProtectionStatus agentAutoUpgrade agentDeletionTimeoutSeconds timezone upgradeDay upgradeTime versionProfileName } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |st| st.agent_groups.len() },
    Root { name: "agentGroupTotpSecrets", paging: Paging::None, required: &["eyezId"], resolve: totp,
        sample: "query GetAgentGroupTotpSecrets($customerId: ID!, $eyezId: String!) { agentGroupTotpSecrets(customerId: $customerId, eyezId: $eyezId) { eyezId totpSecret totpQrCode totpGenerationTimestamp } }",
        sample_vars: || json!({"eyezId": "ag-7c1e2d3f-0001"}), seeded: |_| 1 },
    Root { name: "nonces", paging: Paging::Page, required: &[], resolve: nonces,
        sample: "query ListNonces($customerId: ID!, $page: Int, $pageSize: Int, $search: String, $sort: String, $sortDir: SortDirection) { nonces(customerId: $customerId, page: $page, pageSize: $pageSize, search: $search, sort: $sort, sortDir: $sortDir) { nodes { eyezId name key maxUsage usageCount agentGroupEyezId agentGroupName agentGroupType product creationTime modifiedTime } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |st| st.nonces.len() },
    Root { name: "nonce", paging: Paging::None, required: &["eyezId"], resolve: nonce,
        sample: "query GetNonce($customerId: ID!, $eyezId: String!) { nonce(customerId: $customerId, eyezId: $eyezId) { nonce { eyezId name key maxUsage usageCount agentGroupEyezId agentGroupName agentGroupType product creationTime modifiedTime } } }",
        sample_vars: || json!({"eyezId": "nc-5a6b7c8d-0001"}), seeded: |_| 1 },
    Root { name: "resources", paging: Paging::PageNum, required: &[], resolve: resources,
        sample: "query ListResources($customerId: ID!, $pageNum: Int, $pageSize: Int, $includeDeleted: Boolean, $filter: ResourceQueryFilter, $orderBy: ResourceQueryOrderBy) { resources(customerId: $customerId, pageNum: $pageNum, pageSize: $pageSize, includeDeleted: $includeDeleted, filter: $filter, orderBy: $orderBy) { nodes { id name resourceType status cloudProvider cloudRegion resourceHostname platformOs platformOsDistro platformOsVersion localIps deleted modifiedTime agentId appZoneIds appZoneNames appZoneMappingState } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |st| st.resources.iter().filter(|r| r["deleted"] != json!(true)).count() },
    Root { name: "resourceProtectionStatus", paging: Paging::PageNum, required: &[], resolve: protection,
        sample: "query ResourceProtectionStatus($customerId: ID!, $pageNum: Int, $pageSize: Int) { resourceProtectionStatus(customerId: $customerId, pageNum: $pageNum, pageSize: $pageSize) { nodes { protectedPercentage protectedResourcesCount unprotectedResourcesCount totalResources } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |_| 1 },
    Root { name: "metadata", paging: Paging::None, required: &[], resolve: metadata,
        sample: "query GetMetadata($customerId: String!) { metadata(customerId: $customerId) }",
        sample_vars: no_vars, seeded: |_| 1 },
    Root { name: "resourceGroups", paging: Paging::PageNum, required: &[], resolve: resource_groups,
        sample: "query ListResourceGroups($customerId: ID!, $pageNum: Int, $pageSize: Int, $filter: ResourceGroupsFilter) { resourceGroups(customerId: $customerId, pageNum: $pageNum, pageSize: $pageSize, filter: $filter) { nodes { ... on ManagedResourceGroup { id name description type origin resourceMemberCount modifiedTime } ... on UnmanagedResourceGroup { id name description type origin resourceMemberCount modifiedTime cidrs fqdns } } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |st| st.resource_groups.len() },
    Root { name: "resourceGroupMembers", paging: Paging::PageNum, required: &["id"], resolve: group_members,
        sample: "query GetResourceGroupMembers($customerId: ID!, $id: String!, $pageNum: Int, $pageSize: Int) { resourceGroupMembers(customerId: $customerId, id: $id, pageNum: $pageNum, pageSize: $pageSize) { nodes { id name resourceType status cloudProvider cloudRegion resourceHostname platformOs } PAGE_INFO } }",
        sample_vars: || json!({"id": "rg-0001"}), seeded: |st| st.resource_groups.first().map_or(0, |g| members_of(st, g).len()) },
    Root { name: "resourceGroupProtectionStatus", paging: Paging::PageNum, required: &[], resolve: group_protection,
        sample: "query ResourceGroupProtectionStatus($customerId: ID!, $pageNum: Int, $pageSize: Int) { resourceGroupProtectionStatus(customerId: $customerId, pageNum: $pageNum, pageSize: $pageSize) { nodes { protectedPercentage protectedResourceGroupsCount unprotectedResourceGroupsCount totalResourceGroups } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |_| 1 },
    Root { name: "policyRules", paging: Paging::PageNum, required: &[], resolve: policy_rules,
        sample: "query ListPolicyRules($customerId: ID!, $pageNum: Int, $pageSize: Int, $fetchAll: Boolean, $filter: PolicyRuleFilter) { policyRules(customerId: $customerId, pageNum: $pageNum, pageSize: $pageSize, fetchAll: $fetchAll, filter: $filter) { nodes { id name action priority description deleted sourceTargetType destinationTargetType appZoneScopeTargetType creationTime modifiedTime lastHit portAndProtocols { protocol portRanges { startPort endPort } } } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |st| st.policy_rules.len() },
    Root { name: "defaultPolicyRules", paging: Paging::PageNum, required: &[], resolve: default_rules,
        sample: "query ListDefaultPolicyRules($customerId: ID!, $pageNum: Int, $pageSize: Int) { defaultPolicyRules(customerId: $customerId, pageNum: $pageNum, pageSize: $pageSize) { nodes { id name action direction description scopeType modifiedTime } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |st| st.default_rules.len() },
    Root { name: "appZones", paging: Paging::PageNum, required: &[], resolve: app_zones,
        sample: "query ListAppZones($customerId: ID!, $pageNum: Int, $pageSize: Int, $filter: AppZoneFilter, $orderBy: AppZoneQueryOrderBy) { appZones(customerId: $customerId, pageNum: $pageNum, pageSize: $pageSize, filter: $filter, orderBy: $orderBy) { nodes { id appZoneName description memberCount includeAllVpcs includeAllSubnets } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |st| st.app_zones.len() },
    Root { name: "appCatalog", paging: Paging::PageNum, required: &[], resolve: app_catalog,
        sample: "query ListAppCatalog($customerId: ID!, $pageNum: Int, $pageSize: Int, $filter: AppCatalogQueryFilter, $orderBy: AppCatalogQueryOrderBy) { appCatalog(customerId: $customerId, pageNum: $pageNum, pageSize: $pageSize, filter: $filter, orderBy: $orderBy) { nodes { id name category creationTime modifiedTime details { portAndProtocol { protocol portRanges { startPort endPort } } processes } } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |st| st.app_catalog.len() },
    Root { name: "tagNamespaces", paging: Paging::PageNum, required: &[], resolve: namespaces,
        sample: "query ListTagNamespaces($customerId: ID!, $pageNum: Int, $pageSize: Int, $filter: NamespaceFilter, $orderBy: NamespaceQueryOrderBy) { tagNamespaces(customerId: $customerId, pageNum: $pageNum, pageSize: $pageSize, filter: $filter, orderBy: $orderBy) { nodes { id name description origin } PAGE_INFO } }",
        sample_vars: no_vars, seeded: |st| st.namespaces.len() },
    Root { name: "tagKeys", paging: Paging::PageNum, required: &["namespaceId"], resolve: tag_keys,
        sample: "query ListTagKeys($customerId: ID!, $namespaceId: String!, $pageNum: Int, $pageSize: Int, $filter: TagKeyFilter, $orderBy: TagKeyQueryOrderBy) { tagKeys(customerId: $customerId, namespaceId: $namespaceId, pageNum: $pageNum, pageSize: $pageSize, filter: $filter, orderBy: $orderBy) { nodes { id name description } PAGE_INFO } }",
        sample_vars: || json!({"namespaceId": "ns-custom-001"}), seeded: |st| st.tag_keys.iter().filter(|k| k["namespaceId"] == json!("ns-custom-001")).count() },
    Root { name: "tagValues", paging: Paging::PageNum, required: &["tagId", "namespaceOrigin"], resolve: tag_values,
        sample: "query ListTagValues($customerId: ID!, $tagId: String!, $namespaceOrigin: NamespaceOrigin!, $pageNum: Int, $pageSize: Int, $filter: TagValueFilter, $orderBy: TagValueQueryOrderBy) { tagValues(customerId: $customerId, tagId: $tagId, namespaceOrigin: $namespaceOrigin, pageNum: $pageNum, pageSize: $pageSize, filter: $filter, orderBy: $orderBy) { nodes { id name } PAGE_INFO } }",
        sample_vars: || json!({"tagId": "tk-env", "namespaceOrigin": "CUSTOM"}), seeded: |st| st.tag_values.iter().filter(|v| v["tagId"] == json!("tk-env")).count() },
];

/// A ZMS root query field with a sample request, for contract tests.
#[derive(Clone, Debug)]
pub struct ZmsQueryInfo {
    /// Root field, e.g. "agents" (the response is under `data.<field>`).
    pub field: &'static str,
    /// The sample's operation name.
    pub operation_name: String,
    /// A query shaped like the Python SDK's.
    pub query: String,
    /// Variables besides `customerId`.
    pub variables: Value,
    /// Whether the result is a connection (`nodes` + `pageInfo`).
    pub paged: bool,
    /// Nodes the sample returns with the default page (1 for single
    /// objects).
    pub seeded: usize,
}

/// Every ZMS root query field.
pub fn zms_queries() -> Vec<ZmsQueryInfo> {
    let st = ZmsState::seeded();
    ROOTS
        .iter()
        .map(|r| {
            let query = r.sample.replace("PAGE_INFO", PAGE_INFO);
            let operation_name = query
                .split_whitespace()
                .nth(1)
                .unwrap_or("")
                .split('(')
                .next()
                .unwrap_or("")
                .to_string();
            ZmsQueryInfo {
                field: r.name,
                operation_name,
                query,
                variables: (r.sample_vars)(),
                paged: r.paging != Paging::None,
                seeded: (r.seeded)(&st),
            }
        })
        .collect()
}
