//! The generic CRUD engine behind every registry collection of
//! `specs::SPECS`: list (search and paging), get, create, merge-update and
//! delete, with the ZPA statuses and envelopes.

use super::specs::{Ctx, Spec, SPECS};
use crate::crud::is_blank;
use crate::crud::{self, Op};
use crate::util::{keys_first, now_secs, overlay, str_field, Req, Resp};
use crate::zpa::{
    invalid, invalid_body, method_not_allowed, not_found, sid, stringify, zpa_list_by, ZpaState,
    MODIFIED_BY,
};
use axum::http::Method;
use serde_json::{json, Map, Value};

/// Route a request to the registry collection whose base path matches, if
/// any.
pub(crate) fn route(st: &mut ZpaState, req: &Req, rest: &[&str]) -> Option<Resp> {
    let hit = crud::match_base(SPECS.iter().map(|s| s.base), rest)?;
    let (idx, part) = (hit.idx, hit.part);
    let spec = SPECS.get(idx)?;
    let verbs = crud::Verbs {
        list: spec.list,
        create: spec.create,
        get: spec.get,
        update: spec.update.then_some(Method::PUT),
        delete: spec.delete,
        lite: false,
    };
    let op = crud::op(&req.method, hit.tail, &verbs)?;
    if let Err(r) = check_partition(spec, st, part) {
        return Some(r);
    }
    let resp = match op {
        Op::List | Op::Lite => list(st, req, idx, part),
        Op::Create => create(st, req, idx, part),
        Op::Get(id) => get(st, idx, part, id),
        Op::Update(id) => update(st, req, idx, part, id),
        Op::Delete(id) => delete(st, idx, part, id),
        Op::NotAllowed => method_not_allowed(&req.method),
    };
    Some(resp)
}

fn check_partition(spec: &Spec, st: &ZpaState, part: Option<&str>) -> Result<(), Resp> {
    match (&spec.partition, part) {
        (Some(pt), Some(p)) => (pt.check)(p, st),
        _ => Ok(()),
    }
}

fn items_of(st: &ZpaState, idx: usize) -> &[Value] {
    SPECS.get(idx).map_or(&[], |s| st.more.coll(s.key))
}

fn in_part(spec: &Spec, v: &Value, part: Option<&str>) -> bool {
    match (&spec.partition, part) {
        (Some(pt), Some(p)) => str_field(v, pt.field) == p,
        _ => true,
    }
}

fn find_pos(spec: &Spec, items: &[Value], part: Option<&str>, id: &str) -> Option<usize> {
    items
        .iter()
        .position(|v| in_part(spec, v, part) && sid(v) == id)
}

/// An item as clients see it: hidden partition fields dropped, derived
/// fields added.
fn render(spec: &Spec, st: &ZpaState, v: &Value) -> Value {
    let mut o = v.as_object().cloned().unwrap_or_default();
    if let Some(pt) = spec.partition.as_ref().filter(|p| p.hidden) {
        o.remove(pt.field);
    }
    if let Some(r) = spec.render {
        r(st, &mut o);
    }
    Value::Object(o)
}

/// Rendered items of collection `key` that satisfy `pred` (for embedding,
/// e.g. a group's connectors).
pub(crate) fn rendered_where(
    st: &ZpaState,
    key: &str,
    pred: impl Fn(&Value) -> bool,
) -> Vec<Value> {
    let Some(spec) = SPECS.iter().find(|s| s.key == key) else {
        return Vec::new();
    };
    st.more
        .coll(key)
        .iter()
        .filter(|v| pred(v))
        .map(|v| render(spec, st, v))
        .collect()
}

fn list(st: &ZpaState, req: &Req, idx: usize, part: Option<&str>) -> Resp {
    let Some(spec) = SPECS.get(idx) else {
        return crate::zpa::no_route(req);
    };
    let items: Vec<Value> = items_of(st, idx)
        .iter()
        .filter(|v| in_part(spec, v, part))
        .map(|v| render(spec, st, v))
        .collect();
    zpa_list_by(req, items, false, spec.name_path)
}

fn get(st: &ZpaState, idx: usize, part: Option<&str>, id: &str) -> Resp {
    let Some(spec) = SPECS.get(idx) else {
        return not_found(id);
    };
    let items = items_of(st, idx);
    match find_pos(spec, items, part, id).and_then(|i| items.get(i)) {
        Some(v) => Resp::ok(render(spec, st, v)),
        None => not_found(id),
    }
}

/// The request fields a write may set: aliases resolved, identity,
/// read-only, write-only and partition fields dropped, and on update only
/// the spec's writable fields.
fn incoming_fields(spec: &Spec, body: &Map<String, Value>, updating: bool) -> Map<String, Value> {
    let mut incoming = body.clone();
    for (alias, field) in spec.aliases {
        if is_blank(incoming.get(*field)) {
            if let Some(v) = incoming.get(*alias).cloned() {
                incoming.insert((*field).to_string(), v);
            }
        }
        incoming.remove(*alias);
    }
    for k in ["id", "creationTime", "modifiedTime", "modifiedBy"] {
        incoming.remove(k);
    }
    for k in spec.read_only.iter().chain(spec.write_only) {
        incoming.remove(*k);
    }
    if let Some(pt) = &spec.partition {
        incoming.remove(pt.field);
    }
    if let (Some(keep), true) = (spec.writable_fields, updating) {
        incoming.retain(|k, _| keep.contains(&k.as_str()));
    }
    incoming
}

/// Validate `body` and build the object to store (create: over the
/// template; update: merged onto `existing`).
fn build(
    spec: &Spec,
    st: &ZpaState,
    body: &Map<String, Value>,
    existing: Option<&Value>,
    part: Option<&str>,
    id: &str,
) -> Result<Map<String, Value>, Resp> {
    let incoming = incoming_fields(spec, body, existing.is_some());
    let mut o = match existing {
        Some(e) => e.as_object().cloned().unwrap_or_default(),
        None => (spec.template)().as_object().cloned().unwrap_or_default(),
    };
    overlay(&mut o, &incoming);
    o.retain(|_, v| !v.is_null());
    stringify(&mut o, spec.stringify);
    if let Some(Value::String(name)) = o.get("name") {
        let trimmed = name.trim().to_string();
        o.insert("name".into(), json!(trimmed));
    }
    let now = now_secs().to_string();
    if let Some(validate) = spec.validate {
        let ctx = Ctx {
            st,
            body,
            existing,
            partition: part,
            id,
            now: &now,
        };
        validate(&mut o, &ctx)?;
    }
    for f in spec.required {
        if is_blank(o.get(*f)) {
            return Err(invalid(
                &format!("invalid.input.{f}"),
                &format!("{f} is required"),
                &[f],
            ));
        }
    }
    for k in spec.write_only.iter().chain(spec.request_only) {
        o.remove(*k);
    }
    if let (Some(pt), Some(p)) = (&spec.partition, part) {
        o.insert(pt.field.to_string(), json!(p));
    }
    o.insert("id".into(), json!(id));
    if spec.stamp {
        let created = existing
            .and_then(|e| e.get("creationTime"))
            .cloned()
            .unwrap_or(json!(now));
        o.insert("modifiedTime".into(), json!(now));
        o.insert("creationTime".into(), created);
        o.insert("modifiedBy".into(), json!(MODIFIED_BY));
    }
    Ok(keys_first(
        o,
        &["id", "modifiedTime", "creationTime", "modifiedBy", "name"],
    ))
}

fn create(st: &mut ZpaState, req: &Req, idx: usize, part: Option<&str>) -> Resp {
    let Some(spec) = SPECS.get(idx) else {
        return crate::zpa::no_route(req);
    };
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let Some(id) = st.more.next_id(idx) else {
        return crate::zpa::no_route(req);
    };
    let obj = match build(spec, st, &body, None, part, &id) {
        Ok(o) => Value::Object(o),
        Err(r) => return r,
    };
    let out = render(spec, st, &obj);
    if let Some(list) = st.more.coll_mut(spec.key) {
        list.push(obj);
    }
    Resp::json(spec.create_status, out)
}

fn update(st: &mut ZpaState, req: &Req, idx: usize, part: Option<&str>, id: &str) -> Resp {
    let Some(spec) = SPECS.get(idx) else {
        return not_found(id);
    };
    let Some(pos) = find_pos(spec, items_of(st, idx), part, id) else {
        return not_found(id);
    };
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let existing = items_of(st, idx).get(pos).cloned().unwrap_or(Value::Null);
    let obj = match build(spec, st, &body, Some(&existing), part, id) {
        Ok(o) => Value::Object(o),
        Err(r) => return r,
    };
    if let Some(slot) = st.more.coll_mut(spec.key).and_then(|l| l.get_mut(pos)) {
        *slot = obj;
    }
    Resp::no_content()
}

fn delete(st: &mut ZpaState, idx: usize, part: Option<&str>, id: &str) -> Resp {
    let Some(spec) = SPECS.get(idx) else {
        return not_found(id);
    };
    let items = items_of(st, idx);
    let Some(pos) = find_pos(spec, items, part, id) else {
        return not_found(id);
    };
    if let (Some(check), Some(item)) = (spec.before_delete, items.get(pos)) {
        if let Err(r) = check(st, item) {
            return r;
        }
    }
    if let Some(list) = st.more.coll_mut(spec.key) {
        list.remove(pos);
    }
    Resp::no_content()
}

/// `POST /{base}/bulkDelete` with `{"ids":[...]}`: every id must exist
/// (otherwise 400 `resource.not.found` and nothing is deleted); 204.
pub(crate) fn bulk_delete(st: &mut ZpaState, req: &Req, key: &str) -> Resp {
    let ids: Option<Vec<String>> = req.json_object().and_then(|b| {
        b.get("ids").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(crate::util::scalar_string)
                .collect::<Vec<_>>()
        })
    });
    let Some(ids) = ids.filter(|i| !i.is_empty()) else {
        return invalid(
            "invalid.request.body",
            "The request body must be {\"ids\":[...]} with at least one id",
            &["ids"],
        );
    };
    let items = st.more.coll(key);
    if let Some(bad) = ids.iter().find(|id| !items.iter().any(|v| sid(v) == **id)) {
        return not_found(bad);
    }
    if let Some(list) = st.more.coll_mut(key) {
        list.retain(|v| !ids.contains(&sid(v)));
    }
    Resp::no_content()
}
