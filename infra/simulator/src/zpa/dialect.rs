//! The ZPA wire dialect of the shared CRUD engine (`crud::serve`) over
//! the registry `specs::SPECS`: ids compared in their string form, a
//! create takes its id before validation (the validators see it), an
//! update merges onto the stored object and answers 204, lists come in the
//! `{list,totalPages}` envelope with `search`, errors in the ZPA
//! `{id,reason}` body. Also the embedding and bulk-delete helpers other ZPA
//! endpoints share.

use super::specs::{Ctx, Spec, SPECS};
use crate::crud::{self, is_blank, Built, Dialect, IdStyle, IdTiming, UpdateMode, Verbs};
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
    crud::serve(&mut ZpaCrud(st), req, rest)
}

/// The ZPA state seen through the CRUD engine.
struct ZpaCrud<'a>(&'a mut ZpaState);

fn spec(idx: usize) -> Option<&'static Spec> {
    SPECS.get(idx)
}

fn items_of(st: &ZpaState, idx: usize) -> &[Value] {
    spec(idx).map_or(&[], |s| st.more.coll(s.key))
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

/// Validate `body` and build the object to store (`w.base` is the
/// template on create, the stored object on update).
fn build(
    spec: &Spec,
    st: &ZpaState,
    body: &Map<String, Value>,
    w: crud::Write,
) -> Result<Map<String, Value>, Resp> {
    let (existing, part) = (w.existing, w.part);
    let id = w.id.and_then(Value::as_str).unwrap_or_default();
    let incoming = incoming_fields(spec, body, existing.is_some());
    let mut o = w.base;
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

impl Dialect for ZpaCrud<'_> {
    fn base(&self, idx: usize) -> Option<&'static [&'static str]> {
        spec(idx).map(|s| s.base)
    }

    fn verbs(&self, idx: usize) -> Verbs {
        let s = spec(idx);
        Verbs {
            list: s.is_some_and(|s| s.list),
            create: s.is_some_and(|s| s.create),
            get: s.is_some_and(|s| s.get),
            update: s.is_some_and(|s| s.update).then_some(Method::PUT),
            delete: s.is_some_and(|s| s.delete),
            lite: false,
        }
    }

    /// An unknown partition value (e.g. policy type) is a 400.
    fn check_part(&self, idx: usize, part: Option<&str>) -> Result<(), Resp> {
        match (spec(idx).and_then(|s| s.partition.as_ref()), part) {
            (Some(pt), Some(p)) => (pt.check)(p, self.0),
            _ => Ok(()),
        }
    }

    fn in_part(&self, idx: usize, v: &Value, part: Option<&str>) -> bool {
        match (spec(idx).and_then(|s| s.partition.as_ref()), part) {
            (Some(pt), Some(p)) => str_field(v, pt.field) == p,
            _ => true,
        }
    }

    fn id_style(&self, _: usize) -> IdStyle {
        IdStyle::Scalar
    }

    fn items(&self, idx: usize) -> &[Value] {
        items_of(self.0, idx)
    }

    fn items_mut(&mut self, idx: usize) -> Option<&mut Vec<Value>> {
        self.0.more.coll_mut(spec(idx)?.key)
    }

    fn render(&self, _: &Req, idx: usize, v: &Value) -> Value {
        match spec(idx) {
            Some(s) => render(s, self.0, v),
            None => v.clone(),
        }
    }

    fn list_reply(&self, req: &Req, idx: usize, items: Vec<Value>) -> Resp {
        zpa_list_by(req, items, false, spec(idx).map_or("name", |s| s.name_path))
    }

    fn update_mode(&self) -> UpdateMode {
        UpdateMode::Merge
    }

    fn id_timing(&self) -> IdTiming {
        IdTiming::BeforeBuild
    }

    fn template(&self, idx: usize) -> Map<String, Value> {
        crud::template_of(spec(idx).map(|s| s.template))
    }

    fn bad_body(&self, _: &Req) -> Resp {
        invalid_body()
    }

    fn next_id(&mut self, idx: usize) -> Option<Value> {
        self.0.more.next_id(idx).map(Value::String)
    }

    /// The path id, as the string ZPA ids are.
    fn stored_id(&self, _: &Value, path_id: &str) -> Option<Value> {
        Some(json!(path_id))
    }

    fn build(&self, req: &Req, body: Map<String, Value>, w: crud::Write) -> Result<Built, Resp> {
        let Some(spec) = spec(w.idx) else {
            return Err(crate::zpa::no_route(req));
        };
        build(spec, self.0, &body, w).map(Built::from)
    }

    fn finish(&self, _: usize, mut obj: Map<String, Value>, id: Value) -> Value {
        obj.insert("id".into(), id);
        Value::Object(obj)
    }

    fn created(&self, req: &Req, idx: usize, stored: Vec<Value>) -> Resp {
        let Some(spec) = spec(idx) else {
            return crate::zpa::no_route(req);
        };
        let obj = stored.into_iter().next().unwrap_or(Value::Null);
        Resp::json(spec.create_status, render(spec, self.0, &obj))
    }

    fn updated(&self, _: usize, _: Value) -> Resp {
        Resp::no_content()
    }

    fn before_delete(&self, _: &Req, idx: usize, item: &Value, _: &str) -> Result<(), Resp> {
        match spec(idx).and_then(|s| s.before_delete) {
            Some(check) => check(self.0, item),
            None => Ok(()),
        }
    }

    fn not_found(&self, _: &Req, _: usize, id: &str) -> Resp {
        not_found(id)
    }

    fn not_allowed(&self, req: &Req) -> Resp {
        method_not_allowed(&req.method)
    }

    fn no_route(&self, req: &Req) -> Resp {
        crate::zpa::no_route(req)
    }
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
