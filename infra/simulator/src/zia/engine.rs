//! The generic CRUD engine behind every registry collection of
//! `specs::SPECS`: list (filters, optional paging, optional `/lite`), get,
//! create, full-replace update and delete, with rule ordering for the rule
//! collections and `{id, name}` enrichment of references.

use super::specs::{FilterKind, Spec, Stamp, SPECS};
use super::{MoreState, Outer};
use crate::crud::is_blank;
use crate::crud::{self, IdStyle, Op};
use crate::util::{
    icontains, istarts_with, keys_first, now_secs, overlay, scalar_string, Req, Resp,
};
use crate::zia::{
    api_admin, id_of, invalid_body, invalid_input, method_not_allowed, not_found, place_rule,
    renumber_rules, zia_page,
};
use axum::http::Method;
use serde_json::{json, Map, Value};

/// What a validation or normalisation hook may look at.
pub(crate) struct Ctx<'a> {
    pub req: &'a Req,
    pub more: &'a MoreState,
    pub outer: &'a Outer<'a>,
    /// The path parameter of a partitioned collection (e.g. the rule type of
    /// `/webApplicationRules/{ruleType}`).
    pub partition: Option<&'a str>,
    /// The stored object an update replaces (None on create).
    pub existing: Option<&'a Value>,
}

/// Route a request to the registry collection whose base path matches, if
/// any.
pub(crate) fn route(more: &mut MoreState, outer: &Outer, req: &Req, rest: &[&str]) -> Option<Resp> {
    let hit = crud::match_base(SPECS.iter().map(|s| s.base), rest)?;
    let (idx, part) = (hit.idx, hit.part);
    let spec = SPECS.get(idx)?;
    if let (Some(pt), Some(p)) = (&spec.partition, part) {
        if !pt.values.contains(&p) {
            return Some(invalid_input(&format!("Invalid {} '{p}'", pt.label)));
        }
    }
    let verbs = crud::Verbs {
        list: true,
        create: spec.writable,
        get: true,
        update: spec.writable.then_some(Method::PUT),
        delete: spec.writable,
        lite: spec.lite.is_some(),
    };
    let resp = match crud::op(&req.method, hit.tail, &verbs)? {
        Op::List => list(more, req, idx, part, false),
        Op::Lite => list(more, req, idx, part, true),
        Op::Create => create(more, outer, req, idx, part),
        Op::Get(id) => get(more, req, idx, part, id),
        Op::Update(id) => update(more, outer, req, idx, part, id),
        Op::Delete(id) => delete(more, idx, part, id),
        Op::NotAllowed => method_not_allowed(&req.method),
    };
    Some(resp)
}

/// [`crud::conform`] in the ZIA dialect: numeric strings may be decimals,
/// a mismatch is "Request body is invalid.".
pub(crate) fn conform(
    body: Map<String, Value>,
    template: &Map<String, Value>,
) -> Result<Map<String, Value>, Resp> {
    crud::conform(body, template, crud::NumericStrings::IntOrFloat).map_err(|()| invalid_body())
}

fn items_of(more: &MoreState, idx: usize) -> &[Value] {
    more.colls.get(idx).map_or(&[], Vec::as_slice)
}

pub(crate) fn in_part(spec: &Spec, v: &Value, part: Option<&str>) -> bool {
    match (&spec.partition, part) {
        (Some(pt), Some(p)) => v.get(pt.field).and_then(Value::as_str) == Some(p),
        _ => true,
    }
}

fn id_matches(spec: &Spec, v: &Value, id: &str) -> bool {
    let style = if spec.string_ids {
        IdStyle::Str
    } else {
        IdStyle::Int
    };
    crud::id_matches(style, v, id)
}

fn find(spec: &Spec, items: &[Value], part: Option<&str>, id: &str) -> Option<usize> {
    items
        .iter()
        .position(|v| in_part(spec, v, part) && id_matches(spec, v, id))
}

/// A scalar at `path` ("a" or "a/b") as a string.
pub(crate) fn field_str(v: &Value, path: &str) -> Option<String> {
    v.pointer(&format!("/{path}")).and_then(scalar_string)
}

fn passes(spec: &Spec, req: &Req, v: &Value, more: &MoreState) -> bool {
    spec.filters.iter().all(|f| {
        let Some(q) = req.q(f.param).map(str::trim).filter(|q| !q.is_empty()) else {
            return true;
        };
        let any_eq = |path: &str| {
            let val = field_str(v, path);
            q.split(',')
                .map(str::trim)
                .any(|w| val.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(w)))
        };
        match f.kind {
            FilterKind::Contains(fields) => fields
                .iter()
                .any(|p| field_str(v, p).is_some_and(|s| icontains(&s, q))),
            FilterKind::Equals(path) => any_eq(path),
            FilterKind::NotEquals(path) => !any_eq(path),
            FilterKind::StartsWith(path) => field_str(v, path).is_some_and(|s| istarts_with(&s, q)),
            FilterKind::Custom(check) => check(q, v, more),
        }
    })
}

fn list(more: &MoreState, req: &Req, idx: usize, part: Option<&str>, lite: bool) -> Resp {
    let Some(spec) = SPECS.get(idx) else {
        return crate::zia::no_route(req);
    };
    let mut out: Vec<Value> = items_of(more, idx)
        .iter()
        .filter(|v| in_part(spec, v, part) && passes(spec, req, v, more))
        .cloned()
        .collect();
    if let Some(project) = spec.project {
        for v in out.iter_mut() {
            project(v, req, more);
        }
    }
    if let (true, Some(keys)) = (lite, spec.lite) {
        out = crud::lite(out, keys);
    }
    match spec.paging {
        Some((default, max)) => zia_page(req, out, default, max),
        None => Resp::ok(Value::Array(out)),
    }
}

fn get(more: &MoreState, req: &Req, idx: usize, part: Option<&str>, id: &str) -> Resp {
    let Some(spec) = SPECS.get(idx) else {
        return crate::zia::no_route(req);
    };
    let items = items_of(more, idx);
    match find(spec, items, part, id).and_then(|i| items.get(i)) {
        Some(v) => {
            let mut v = v.clone();
            if let Some(project) = spec.project {
                project(&mut v, req, more);
            }
            Resp::ok(v)
        }
        None => not_found(spec.what, id),
    }
}

fn duplicate_resp(status: u16, msg: &str) -> Resp {
    Resp::json(status, json!({"code":"DUPLICATE_ITEM","message":msg}))
}

/// The checks on a write body: required fields, rule state and rank,
/// the action field, and uniqueness within the collection (partition).
fn check_fields(spec: &Spec, idx: usize, body: &Map<String, Value>, ctx: &Ctx) -> Result<(), Resp> {
    for f in spec.required {
        if is_blank(body.get(*f)) {
            return Err(invalid_input(&format!("{}: '{f}' is required", spec.what)));
        }
    }
    if spec.ordered {
        if let Some(state) = body.get("state") {
            if !matches!(state.as_str(), Some("ENABLED" | "DISABLED")) {
                return Err(invalid_input(
                    "Invalid rule state: expected ENABLED or DISABLED",
                ));
            }
        }
        if let Some(rank) = body.get("rank") {
            if !rank.as_i64().is_some_and(|r| (0..=7).contains(&r)) {
                return Err(invalid_input("Invalid rule rank: expected 0 to 7"));
            }
        }
    }
    if let Some((field, allowed)) = spec.action {
        if let Some(a) = body.get(field) {
            if !a.as_str().is_some_and(|a| allowed.contains(&a)) {
                return Err(invalid_input(&format!(
                    "Invalid {field}: expected one of {}",
                    allowed.join(", ")
                )));
            }
        }
    }
    if let Some((field, status)) = spec.unique {
        let val = body
            .get(field)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        if !val.is_empty() {
            let self_id = ctx.existing.and_then(|e| e.get("id"));
            let clash = items_of(ctx.more, idx).iter().any(|v| {
                in_part(spec, v, ctx.partition)
                    && v.get("id") != self_id
                    && v.get(field)
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.trim().eq_ignore_ascii_case(val))
            });
            if clash {
                return Err(duplicate_resp(
                    status,
                    &format!("{} with {field} '{val}' already exists", spec.what),
                ));
            }
        }
    }
    Ok(())
}

/// What the API sets on a stored object: the rule flags kept from the
/// stored rule and the modification stamp of the spec.
fn stamp(spec: &Spec, obj: &mut Map<String, Value>, ctx: &Ctx) {
    if spec.ordered {
        for k in ["defaultRule", "predefined"] {
            let v = ctx
                .existing
                .and_then(|e| e.get(k))
                .cloned()
                .unwrap_or(Value::Bool(false));
            obj.insert(k.to_string(), v);
        }
        obj.insert("accessControl".into(), json!("READ_WRITE"));
    }
    match spec.stamp {
        Stamp::None => {}
        Stamp::Modified => {
            obj.insert("lastModifiedTime".into(), json!(now_secs()));
            obj.insert("lastModifiedBy".into(), api_admin());
        }
        Stamp::Modification => {
            obj.insert("lastModificationTime".into(), json!(now_secs()));
            obj.insert("lastModifiedBy".into(), api_admin());
        }
    }
}

/// Validate `body` and build the object to store (without its id).
/// Returns the object and the requested rule order (if any).
fn build(
    spec: &Spec,
    idx: usize,
    body: Map<String, Value>,
    ctx: &Ctx,
) -> Result<(Map<String, Value>, Option<i64>), Resp> {
    let template = (spec.template)().as_object().cloned().unwrap_or_default();
    let mut body = conform(body, &template)?;
    body.remove("id");
    if let Some(pt) = &spec.partition {
        body.remove(pt.field);
    }
    if let Some(ex) = ctx.existing {
        for k in spec.keep_if_absent {
            if !body.contains_key(*k) {
                if let Some(v) = ex.get(*k) {
                    body.insert((*k).to_string(), v.clone());
                }
            }
        }
    }
    check_fields(spec, idx, &body, ctx)?;
    if let Some(validate) = spec.validate {
        validate(&body, ctx)?;
    }
    let requested_order = body.get("order").and_then(Value::as_i64).or_else(|| {
        ctx.existing
            .and_then(|e| e.get("order"))
            .and_then(Value::as_i64)
    });
    let mut obj = template;
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    if let (Some(pt), Some(p)) = (&spec.partition, ctx.partition) {
        obj.insert(pt.field.to_string(), json!(p));
    }
    stamp(spec, &mut obj, ctx);
    if let Some(normalize) = spec.normalize {
        normalize(&mut obj, ctx);
    }
    enrich(&mut obj, ctx);
    for k in spec.write_only {
        obj.remove(*k);
    }
    Ok((obj, requested_order))
}

fn create(more: &mut MoreState, outer: &Outer, req: &Req, idx: usize, part: Option<&str>) -> Resp {
    let Some(spec) = SPECS.get(idx) else {
        return crate::zia::no_route(req);
    };
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let (obj, order) = {
        let ctx = Ctx {
            req,
            more,
            outer,
            partition: part,
            existing: None,
        };
        match build(spec, idx, body, &ctx) {
            Ok(b) => b,
            Err(r) => return r,
        }
    };
    let id = match more.next_ids.get_mut(idx) {
        Some(slot) => {
            *slot = slot.saturating_add(1);
            *slot
        }
        None => return crate::zia::no_route(req),
    };
    let mut obj = obj;
    obj.insert("id".into(), json!(id));
    let obj = keys_first(obj, &["id"]);
    store(more, spec, idx, part, None, Value::Object(obj), id, order)
}

fn update(
    more: &mut MoreState,
    outer: &Outer,
    req: &Req,
    idx: usize,
    part: Option<&str>,
    id: &str,
) -> Resp {
    let Some(spec) = SPECS.get(idx) else {
        return crate::zia::no_route(req);
    };
    let items = items_of(more, idx);
    let Some(pos) = find(spec, items, part, id) else {
        return not_found(spec.what, id);
    };
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let existing = items.get(pos).cloned().unwrap_or(Value::Null);
    let Some(num_id) = id_of(&existing) else {
        return not_found(spec.what, id);
    };
    let (obj, order) = {
        let ctx = Ctx {
            req,
            more,
            outer,
            partition: part,
            existing: Some(&existing),
        };
        match build(spec, idx, body, &ctx) {
            Ok(b) => b,
            Err(r) => return r,
        }
    };
    let mut obj = obj;
    obj.insert("id".into(), json!(num_id));
    let obj = keys_first(obj, &["id"]);
    store(
        more,
        spec,
        idx,
        part,
        Some(pos),
        Value::Object(obj),
        num_id,
        order,
    )
}

/// Insert or replace an object, re-place it among the rules of an ordered
/// collection, mark the change and answer 200 with what was stored.
#[allow(clippy::too_many_arguments)]
fn store(
    more: &mut MoreState,
    spec: &Spec,
    idx: usize,
    part: Option<&str>,
    pos: Option<usize>,
    obj: Value,
    id: i64,
    order: Option<i64>,
) -> Resp {
    let Some(list) = more.colls.get_mut(idx) else {
        return invalid_body();
    };
    match pos.and_then(|p| list.get_mut(p)) {
        Some(slot) => *slot = obj,
        None => list.push(obj),
    }
    if spec.ordered {
        with_partition(spec, list, part, |l| place_rule(l, id, order));
    }
    let stored = list
        .iter()
        .find(|v| id_of(v) == Some(id))
        .cloned()
        .unwrap_or(Value::Null);
    more.touch();
    Resp::ok(stored)
}

fn delete(more: &mut MoreState, idx: usize, part: Option<&str>, id: &str) -> Resp {
    let Some(spec) = SPECS.get(idx) else {
        return not_found("Resource", id);
    };
    let items = items_of(more, idx);
    let Some(pos) = find(spec, items, part, id) else {
        return not_found(spec.what, id);
    };
    let Some(item) = items.get(pos) else {
        return not_found(spec.what, id);
    };
    if (spec.protected)(item) {
        let name = item
            .get("name")
            .and_then(scalar_string)
            .unwrap_or_else(|| id.to_string());
        return invalid_input(&format!(
            "{} '{name}' is predefined or a default and cannot be deleted",
            spec.what
        ));
    }
    if let Some(check) = spec.before_delete {
        if let Err(r) = check(item, more) {
            return r;
        }
    }
    let Some(list) = more.colls.get_mut(idx) else {
        return not_found(spec.what, id);
    };
    list.remove(pos);
    if spec.ordered {
        with_partition(spec, list, part, renumber_rules);
    }
    more.touch();
    Resp::no_content()
}

/// Apply a whole-list rule operation to the items of one partition only.
fn with_partition(
    spec: &Spec,
    list: &mut Vec<Value>,
    part: Option<&str>,
    f: impl FnOnce(&mut Vec<Value>),
) {
    match (&spec.partition, part) {
        (Some(_), Some(_)) => {
            let (mut inside, outside): (Vec<Value>, Vec<Value>) =
                list.drain(..).partition(|v| in_part(spec, v, part));
            f(&mut inside);
            list.extend(outside);
            list.extend(inside);
        }
        _ => f(list),
    }
}

/// Where a reference field's names come from.
enum Src {
    Labels,
    Locations,
    LocationGroups,
    Groups,
    Departments,
    Users,
    Coll(&'static str),
}

/// Reference fields (`[{id}]` or `{id}`) whose `name` is filled in on write.
const REFS: &[(&str, Src)] = &[
    ("labels", Src::Labels),
    ("locations", Src::Locations),
    ("location", Src::Locations),
    ("locationGroups", Src::LocationGroups),
    ("groups", Src::Groups),
    ("departments", Src::Departments),
    ("users", Src::Users),
    ("timeWindows", Src::Coll("timeIntervals")),
    ("srcIpGroups", Src::Coll("ipSourceGroups")),
    ("sourceIpGroups", Src::Coll("ipSourceGroups")),
    ("destIpGroups", Src::Coll("ipDestinationGroups")),
    ("nwServices", Src::Coll("networkServices")),
    ("nwServiceGroups", Src::Coll("networkServiceGroups")),
    ("nwApplicationGroups", Src::Coll("networkApplicationGroups")),
    ("dlpEngines", Src::Coll("dlpEngines")),
    ("devices", Src::Coll("devices")),
    ("deviceGroups", Src::Coll("deviceGroups")),
    ("workloadGroups", Src::Coll("workloadGroups")),
];

fn enrich(obj: &mut Map<String, Value>, ctx: &Ctx) {
    for (field, src) in REFS {
        let source: &[Value] = match src {
            Src::Labels => ctx.outer.labels,
            Src::Locations => ctx.outer.locations,
            Src::LocationGroups => ctx.outer.location_groups,
            Src::Groups => ctx.outer.groups,
            Src::Departments => ctx.outer.departments,
            Src::Users => ctx.outer.users,
            Src::Coll(key) => ctx.more.coll(key),
        };
        match obj.get_mut(*field) {
            Some(Value::Array(refs)) => {
                for r in refs.iter_mut() {
                    fill_name(r, source);
                }
            }
            Some(r @ Value::Object(_)) => fill_name(r, source),
            _ => {}
        }
    }
}

fn fill_name(r: &mut Value, source: &[Value]) {
    let Some(id) = r.get("id").and_then(Value::as_i64) else {
        return;
    };
    if let Some(found) = source.iter().find(|s| id_of(s) == Some(id)) {
        if let Some(m) = r.as_object_mut() {
            m.insert(
                "name".into(),
                found.get("name").cloned().unwrap_or(Value::Null),
            );
        }
    }
}
