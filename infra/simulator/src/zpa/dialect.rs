//! The ZPA wire dialect of the shared CRUD engine (`crud::serve`), over
//! two tables: the core collections (`core_specs`: application segments,
//! segment, server and connector groups, IdPs, SCIM groups) and the
//! registry `specs::SPECS`. Ids are compared in their string form, an
//! update merges onto the stored object and answers 204, lists come in
//! the `{list,totalPages}` envelope with `search`, errors in the ZPA
//! `{id,reason}` body. A registry create takes its id before validation
//! (its validators see it); a core create only once the object is valid,
//! from the one core counter. Also the embedding and bulk-delete helpers
//! other ZPA endpoints share.

use super::core_specs::{self, CorePart, CoreSpec};
use super::specs::{Ctx, Spec, SPECS};
use crate::crud::{
    self, is_blank, Built, Dialect, IdStyle, IdTiming, Op, Stored, UpdateMode, Verbs,
};
use crate::util::{keys_first, now_secs, overlay, scalar_string, str_field, Req, Resp};
use crate::zpa::{
    invalid, invalid_body, method_not_allowed, not_found, sid, stringify, zpa_list_by, ZpaState,
    MODIFIED_BY,
};
use axum::http::Method;
use serde_json::{json, Map, Value};

/// Which table of collections a request is matched against (in the order
/// `handle` tries them).
#[derive(Clone, Copy)]
pub(crate) enum Table {
    /// The core collections under `mgmtconfig`.
    Mgmt,
    /// The core collections under `userconfig`.
    User,
    /// The rules of the policy sets (after the policy-set routes).
    Rules,
    /// The registry collections.
    Registry,
}

/// Route a request to the registry collection whose base path matches, if
/// any.
pub(crate) fn route(st: &mut ZpaState, req: &Req, rest: &[&str]) -> Option<Resp> {
    route_core(st, req, rest, Table::Registry)
}

/// Route a request to the collection of `table` whose base path matches,
/// if any.
pub(crate) fn route_core(
    st: &mut ZpaState,
    req: &Req,
    rest: &[&str],
    table: Table,
) -> Option<Resp> {
    crud::serve(&mut ZpaCrud { st, table }, req, rest)
}

/// The ZPA state seen through the CRUD engine, one table at a time.
struct ZpaCrud<'a> {
    st: &'a mut ZpaState,
    table: Table,
}

type Entry = crud::Entry<CoreSpec, Spec>;

impl ZpaCrud<'_> {
    fn entry(&self, idx: usize) -> Option<Entry> {
        let core = match self.table {
            Table::Mgmt => Some(core_specs::MGMT),
            Table::User => Some(core_specs::USER),
            Table::Rules => Some(core_specs::RULES),
            Table::Registry => None,
        };
        Entry::of(core, SPECS, idx)
    }
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
        match self.entry(idx)? {
            Entry::Core(c) => Some(c.base),
            Entry::Reg(s) => Some(s.base),
        }
    }

    fn verbs(&self, idx: usize) -> Verbs {
        let (list, create, get, update, delete) = match self.entry(idx) {
            Some(Entry::Core(c)) => (c.list, c.writable, c.get, c.writable, c.writable),
            Some(Entry::Reg(s)) => (s.list, s.create, s.get, s.update, s.delete),
            None => (false, false, false, false, false),
        };
        Verbs {
            list,
            create,
            get,
            update: update.then_some(Method::PUT),
            delete,
            lite: false,
        }
    }

    /// An unknown partition value (policy type, IdP) is a 400; a verb the
    /// core path does not serve is answered first.
    fn check_part(&self, idx: usize, part: Option<&str>, op: &Op) -> Result<(), Resp> {
        match (self.entry(idx), part) {
            (Some(Entry::Reg(s)), Some(p)) => match &s.partition {
                Some(pt) => (pt.check)(p, self.st),
                None => Ok(()),
            },
            (Some(Entry::Core(c)), Some(p)) if *op != Op::NotAllowed => match c.partition {
                Some(pt) => pt.check(self.st, p),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn in_part(&self, idx: usize, v: &Value, part: Option<&str>) -> bool {
        let Some(p) = part else {
            return true;
        };
        match self.entry(idx) {
            Some(Entry::Reg(s)) => s
                .partition
                .as_ref()
                .is_none_or(|pt| str_field(v, pt.field) == p),
            Some(Entry::Core(c)) => c.partition.is_none_or(|pt| pt.holds(self.st, v, p)),
            None => true,
        }
    }

    fn id_style(&self, _: usize) -> IdStyle {
        IdStyle::Scalar
    }

    fn items(&self, idx: usize) -> &[Value] {
        match self.entry(idx) {
            Some(Entry::Core(c)) => self.st.coll(c.coll),
            Some(Entry::Reg(s)) => self.st.more.coll(s.key),
            None => &[],
        }
    }

    fn items_mut(&mut self, idx: usize) -> Option<&mut Vec<Value>> {
        match self.entry(idx)? {
            Entry::Core(c) => Some(self.st.coll_mut(c.coll)),
            Entry::Reg(s) => self.st.more.coll_mut(s.key),
        }
    }

    fn render(&self, _: &Req, idx: usize, v: &Value) -> Value {
        match self.entry(idx) {
            Some(Entry::Core(c)) => c.render.map_or_else(|| v.clone(), |r| r(self.st, v)),
            Some(Entry::Reg(s)) => render(s, self.st, v),
            None => v.clone(),
        }
    }

    fn list_reply(&self, req: &Req, idx: usize, items: Vec<Value>) -> Resp {
        match self.entry(idx) {
            Some(Entry::Core(c)) => {
                let mut items = items;
                if let Some(key) = c.sort_key {
                    items.sort_by_key(key);
                }
                zpa_list_by(req, items, c.numeric_counts, "name")
            }
            Some(Entry::Reg(s)) => zpa_list_by(req, items, false, s.name_path),
            None => zpa_list_by(req, items, false, "name"),
        }
    }

    fn update_mode(&self) -> UpdateMode {
        UpdateMode::Merge
    }

    fn id_timing(&self, idx: usize) -> IdTiming {
        match self.entry(idx) {
            Some(Entry::Core(c)) if !c.id_first => IdTiming::AfterBuild,
            _ => IdTiming::BeforeBuild,
        }
    }

    fn template(&self, idx: usize) -> Map<String, Value> {
        crud::template_of(self.entry(idx).map(|e| match e {
            Entry::Core(c) => c.template,
            Entry::Reg(s) => s.template,
        }))
    }

    fn bad_body(&self, _: &Req) -> Resp {
        invalid_body()
    }

    /// Core ids come from the one core counter, registry ids from their
    /// collection's.
    fn next_id(&mut self, idx: usize) -> Option<Value> {
        match self.entry(idx)? {
            Entry::Core(_) => Some(json!(self.st.new_id())),
            Entry::Reg(_) => self.st.more.next_id(idx).map(Value::String),
        }
    }

    /// The path id, as the string ZPA ids are.
    fn stored_id(&self, _: &Value, path_id: &str) -> Option<Value> {
        Some(json!(path_id))
    }

    fn build(&self, req: &Req, body: Map<String, Value>, w: crud::Write) -> Result<Built, Resp> {
        match self.entry(w.idx) {
            Some(Entry::Core(c)) => match c.build {
                Some(build) => build(self.st, &body, w),
                None => core_specs::build(c, self.st, &body, w.base, w.existing).map(Built::from),
            },
            Some(Entry::Reg(s)) => build(s, self.st, &body, w).map(Built::from),
            None => Err(crate::zpa::no_route(req)),
        }
    }

    fn finish(&self, _: usize, mut obj: Map<String, Value>, id: Value) -> Value {
        obj.insert("id".into(), id);
        Value::Object(obj)
    }

    fn created(&self, req: &Req, idx: usize, stored: Vec<Value>) -> Resp {
        let obj = stored.into_iter().next().unwrap_or(Value::Null);
        let status = match self.entry(idx) {
            Some(Entry::Core(_)) => 201,
            Some(Entry::Reg(s)) => s.create_status,
            None => return crate::zpa::no_route(req),
        };
        Resp::json(status, self.render(req, idx, &obj))
    }

    fn updated(&self, _: usize, _: Value) -> Resp {
        Resp::no_content()
    }

    /// A created rule goes where it asked to be in its set.
    fn after_store(&mut self, w: Stored) -> Value {
        let place = self.entry(w.idx).and_then(|e| match e {
            Entry::Core(c) => c.place,
            Entry::Reg(_) => None,
        });
        if let (Some(place), Some(order), Some(ps)) = (place, w.order, w.part) {
            place(
                self.st,
                ps,
                &scalar_string(&w.id).unwrap_or_default(),
                order,
            );
        }
        self.items(w.idx).get(w.pos).cloned().unwrap_or(Value::Null)
    }

    fn after_remove(&mut self, idx: usize, part: Option<&str>, _: &Value) {
        if let (Some(Entry::Core(c)), Some(p)) = (self.entry(idx), part) {
            if let Some(after) = c.after_delete {
                after(self.st, p);
            }
        }
    }

    /// Under a policy set, a verb a rule path does not serve still says
    /// first which of set and rule is missing.
    fn refuse_verb(&self, req: &Req, idx: usize, part: Option<&str>, id: Option<&str>) -> Resp {
        let rule_path = match self.entry(idx) {
            Some(Entry::Core(c)) => matches!(c.partition, Some(CorePart::PolicySet)),
            _ => false,
        };
        if let (true, Some(ps), Some(rid)) = (rule_path, part, id) {
            if self.st.policy_set_by_id(ps).is_none() {
                return not_found(ps);
            }
            let found = self
                .items(idx)
                .iter()
                .any(|v| self.in_part(idx, v, part) && sid(v) == rid);
            if !found {
                return not_found(rid);
            }
        }
        method_not_allowed(&req.method)
    }

    /// `forceDelete=true` is accepted and has nothing more to do here.
    fn before_delete(&self, _: &Req, idx: usize, item: &Value, _: &str) -> Result<(), Resp> {
        match self.entry(idx) {
            Some(Entry::Reg(s)) => s.before_delete.map_or(Ok(()), |check| check(self.st, item)),
            _ => Ok(()),
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
