//! The ZIA wire dialect of the shared CRUD engine (`crud::serve`) over the
//! registry `specs::SPECS`: plain arrays (ZIA `page`/`pageSize` where a
//! collection pages), `/lite`, integer (or string) ids, full replace on PUT
//! laid over the template, 200 with the stored object, ZIA error bodies;
//! after each write the rules of ordered collections are re-placed by
//! `order` (the post-write step) and the change marks activation PENDING.
//! Also the `{id, name}` enrichment of references.

use super::specs::{FilterKind, Spec, Stamp, SPECS};
use super::{MoreState, Outer};
use crate::crud::{self, is_blank, Built, Dialect, IdStyle, Stored, UpdateMode, Verbs};
use crate::util::{icontains, istarts_with, now_secs, overlay, scalar_string, Req, Resp};
use crate::zia::{
    api_admin, fill_ref_name, id_of, invalid_body, invalid_input, method_not_allowed, not_found,
    place_rule, renumber_rules, zia_list,
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
    crud::serve(&mut ZiaCrud { more, outer }, req, rest)
}

/// The ZIA registry state (and the hand-written collections its objects
/// reference) seen through the CRUD engine.
struct ZiaCrud<'a, 'o> {
    more: &'a mut MoreState,
    outer: &'a Outer<'o>,
}

fn spec(idx: usize) -> Option<&'static Spec> {
    SPECS.get(idx)
}

fn items_of(more: &MoreState, idx: usize) -> &[Value] {
    more.colls.get(idx).map_or(&[], Vec::as_slice)
}

/// [`crud::conform`] in the ZIA dialect: numeric strings may be decimals,
/// a mismatch is "Request body is invalid.".
pub(crate) fn conform(
    body: Map<String, Value>,
    template: &Map<String, Value>,
) -> Result<Map<String, Value>, Resp> {
    crud::conform(body, template, crud::NumericStrings::IntOrFloat).map_err(|()| invalid_body())
}

pub(crate) fn in_part(spec: &Spec, v: &Value, part: Option<&str>) -> bool {
    match (&spec.partition, part) {
        (Some(pt), Some(p)) => v.get(pt.field).and_then(Value::as_str) == Some(p),
        _ => true,
    }
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

/// Validate `body` and build the object to store (without its id) over
/// `template`. Returns the object and the requested rule order (if any).
fn build(
    spec: &Spec,
    idx: usize,
    body: Map<String, Value>,
    template: Map<String, Value>,
    ctx: &Ctx,
) -> Result<Built, Resp> {
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
    Ok(Built {
        obj,
        order: requested_order,
    })
}

impl Dialect for ZiaCrud<'_, '_> {
    fn base(&self, idx: usize) -> Option<&'static [&'static str]> {
        spec(idx).map(|s| s.base)
    }

    fn verbs(&self, idx: usize) -> Verbs {
        let s = spec(idx);
        let writable = s.is_some_and(|s| s.writable);
        Verbs {
            list: true,
            create: writable,
            get: true,
            update: writable.then_some(Method::PUT),
            delete: writable,
            lite: s.is_some_and(|s| s.lite.is_some()),
        }
    }

    /// A partition value outside the spec's list is a 400.
    fn check_part(&self, idx: usize, part: Option<&str>) -> Result<(), Resp> {
        match (spec(idx).and_then(|s| s.partition.as_ref()), part) {
            (Some(pt), Some(p)) if !pt.values.contains(&p) => {
                Err(invalid_input(&format!("Invalid {} '{p}'", pt.label)))
            }
            _ => Ok(()),
        }
    }

    fn in_part(&self, idx: usize, v: &Value, part: Option<&str>) -> bool {
        spec(idx).is_some_and(|s| in_part(s, v, part))
    }

    fn id_style(&self, idx: usize) -> IdStyle {
        match spec(idx).is_some_and(|s| s.string_ids) {
            true => IdStyle::Str,
            false => IdStyle::Int,
        }
    }

    fn items(&self, idx: usize) -> &[Value] {
        items_of(self.more, idx)
    }

    fn items_mut(&mut self, idx: usize) -> Option<&mut Vec<Value>> {
        self.more.colls.get_mut(idx)
    }

    fn keep(&self, req: &Req, idx: usize, v: &Value) -> bool {
        spec(idx).is_some_and(|s| passes(s, req, v, self.more))
    }

    fn render(&self, req: &Req, idx: usize, v: &Value) -> Value {
        let mut v = v.clone();
        if let Some(project) = spec(idx).and_then(|s| s.project) {
            project(&mut v, req, self.more);
        }
        v
    }

    fn lite_keys(&self, idx: usize) -> &'static [&'static str] {
        spec(idx).and_then(|s| s.lite).unwrap_or(&[])
    }

    fn list_reply(&self, req: &Req, idx: usize, items: Vec<Value>) -> Resp {
        zia_list(req, items, spec(idx).and_then(|s| s.paging))
    }

    fn update_mode(&self) -> UpdateMode {
        UpdateMode::Replace
    }

    fn template(&self, idx: usize) -> Map<String, Value> {
        crud::template_of(spec(idx).map(|s| s.template))
    }

    fn bad_body(&self, _: &Req) -> Resp {
        invalid_body()
    }

    fn next_id(&mut self, idx: usize) -> Option<Value> {
        crud::bump(self.more.next_ids.get_mut(idx))
    }

    fn stored_id(&self, existing: &Value, _: &str) -> Option<Value> {
        id_of(existing).map(|n| json!(n))
    }

    fn build(&self, req: &Req, body: Map<String, Value>, w: crud::Write) -> Result<Built, Resp> {
        let Some(spec) = spec(w.idx) else {
            return Err(crate::zia::no_route(req));
        };
        let ctx = Ctx {
            req,
            more: self.more,
            outer: self.outer,
            partition: w.part,
            existing: w.existing,
        };
        build(spec, w.idx, body, w.base, &ctx)
    }

    /// Re-place a written rule among the rules of its partition, mark the
    /// change and return the object as stored.
    fn after_store(&mut self, w: Stored) -> Value {
        let id = w.id.as_i64().unwrap_or_default();
        let Some(list) = self.more.colls.get_mut(w.idx) else {
            return Value::Null;
        };
        if let Some(spec) = spec(w.idx).filter(|s| s.ordered) {
            with_partition(spec, list, w.part, |l| place_rule(l, id, w.order));
        }
        let stored = list
            .iter()
            .find(|v| id_of(v) == Some(id))
            .cloned()
            .unwrap_or(Value::Null);
        self.more.touch();
        stored
    }

    /// Predefined and default items stay (400), then the spec's own check.
    fn before_delete(&self, _: &Req, idx: usize, item: &Value, id: &str) -> Result<(), Resp> {
        let Some(spec) = spec(idx) else {
            return Err(not_found("Resource", id));
        };
        if (spec.protected)(item) {
            let name = item
                .get("name")
                .and_then(scalar_string)
                .unwrap_or_else(|| id.to_string());
            return Err(invalid_input(&format!(
                "{} '{name}' is predefined or a default and cannot be deleted",
                spec.what
            )));
        }
        match spec.before_delete {
            Some(check) => check(item, self.more),
            None => Ok(()),
        }
    }

    fn after_delete(&mut self, idx: usize, part: Option<&str>) {
        if let (Some(spec), Some(list)) = (spec(idx), self.more.colls.get_mut(idx)) {
            if spec.ordered {
                with_partition(spec, list, part, renumber_rules);
            }
        }
        self.more.touch();
    }

    fn not_found(&self, _: &Req, idx: usize, id: &str) -> Resp {
        not_found(spec(idx).map_or("Resource", |s| s.what), id)
    }

    fn not_allowed(&self, req: &Req) -> Resp {
        method_not_allowed(&req.method)
    }

    fn no_route(&self, req: &Req) -> Resp {
        crate::zia::no_route(req)
    }
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
                    fill_ref_name(r, source);
                }
            }
            Some(r @ Value::Object(_)) => fill_ref_name(r, source),
            _ => {}
        }
    }
}
