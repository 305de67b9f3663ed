//! The ZIA wire dialect of the shared CRUD engine (`crud::serve`) over two
//! tables: the core collections (`core_specs`: URL categories, URL and
//! firewall rules, rule labels, locations, users, ...) and the registry
//! `specs::SPECS`. Plain arrays (ZIA `page`/`pageSize` where a collection
//! pages), `/lite`, integer (or string) ids, full replace on PUT, 200 with
//! the stored object, ZIA error bodies; after each write the rules of
//! ordered collections are re-placed by `order` (the post-write step) and
//! the change marks activation PENDING. Registry bodies are conformed to
//! the template's types and laid over it; core bodies go to the
//! collection's own build hook. Also the `{id, name}` enrichment of
//! references.

use super::core_specs::{CoreSpec, CORE};
use super::specs::{FilterKind, Spec, Stamp, SPECS};
use super::{MoreState, Outer, ZiaState};
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

/// Which table of collections a request is matched against (in the order
/// `handle` tries them).
#[derive(Clone, Copy)]
pub(crate) enum Table {
    Core,
    Registry,
}

/// Route a request to the collection of `table` whose base path matches,
/// if any.
pub(crate) fn route(st: &mut ZiaState, req: &Req, rest: &[&str], table: Table) -> Option<Resp> {
    let mut d = ZiaCrud {
        st,
        table,
        val: None,
    };
    crud::serve(&mut d, req, rest)
}

/// The ZIA state seen through the CRUD engine, one table at a time.
struct ZiaCrud<'a> {
    st: &'a mut ZiaState,
    table: Table,
    /// The `val` handed out with a new custom URL category's id (set by
    /// `next_id`, used by `finish`).
    val: Option<i64>,
}

type Entry = crud::Entry<CoreSpec, Spec>;

impl ZiaCrud<'_> {
    fn entry(&self, idx: usize) -> Option<Entry> {
        let core = matches!(self.table, Table::Core).then_some(CORE);
        Entry::of(core, SPECS, idx)
    }

    fn core(&self, idx: usize) -> Option<&'static CoreSpec> {
        match self.entry(idx) {
            Some(Entry::Core(c)) => Some(c),
            _ => None,
        }
    }

    fn reg(&self, idx: usize) -> Option<&'static Spec> {
        match self.entry(idx) {
            Some(Entry::Reg(s)) => Some(s),
            _ => None,
        }
    }
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

impl Dialect for ZiaCrud<'_> {
    fn base(&self, idx: usize) -> Option<&'static [&'static str]> {
        match self.entry(idx)? {
            Entry::Core(c) => Some(c.base),
            Entry::Reg(s) => Some(s.base),
        }
    }

    fn verbs(&self, idx: usize) -> Verbs {
        let (writable, lite) = match self.entry(idx) {
            Some(Entry::Core(c)) => (c.build.is_some(), false),
            Some(Entry::Reg(s)) => (s.writable, s.lite.is_some()),
            None => (false, false),
        };
        Verbs {
            list: true,
            create: writable,
            get: true,
            update: writable.then_some(Method::PUT),
            delete: writable,
            lite,
        }
    }

    /// A partition value outside the spec's list is a 400.
    fn check_part(&self, idx: usize, part: Option<&str>, _: &crud::Op) -> Result<(), Resp> {
        match (self.reg(idx).and_then(|s| s.partition.as_ref()), part) {
            (Some(pt), Some(p)) if !pt.values.contains(&p) => {
                Err(invalid_input(&format!("Invalid {} '{p}'", pt.label)))
            }
            _ => Ok(()),
        }
    }

    fn in_part(&self, idx: usize, v: &Value, part: Option<&str>) -> bool {
        match self.entry(idx) {
            Some(Entry::Core(_)) => true,
            Some(Entry::Reg(s)) => in_part(s, v, part),
            None => false,
        }
    }

    fn id_style(&self, idx: usize) -> IdStyle {
        let string_ids = match self.entry(idx) {
            Some(Entry::Core(c)) => c.string_ids,
            Some(Entry::Reg(s)) => s.string_ids,
            None => false,
        };
        match string_ids {
            true => IdStyle::Str,
            false => IdStyle::Int,
        }
    }

    fn items(&self, idx: usize) -> &[Value] {
        match self.entry(idx) {
            Some(Entry::Core(c)) => self.st.coll(c.coll),
            Some(Entry::Reg(_)) => items_of(&self.st.more, idx),
            None => &[],
        }
    }

    fn items_mut(&mut self, idx: usize) -> Option<&mut Vec<Value>> {
        match self.entry(idx)? {
            Entry::Core(c) => Some(self.st.coll_mut(c.coll)),
            Entry::Reg(_) => self.st.more.colls.get_mut(idx),
        }
    }

    fn keep(&self, req: &Req, idx: usize, v: &Value) -> bool {
        match self.entry(idx) {
            Some(Entry::Core(c)) => (c.keep)(req, v),
            Some(Entry::Reg(s)) => passes(s, req, v, &self.st.more),
            None => false,
        }
    }

    fn render(&self, req: &Req, idx: usize, v: &Value) -> Value {
        match self.entry(idx) {
            Some(Entry::Core(c)) => c.render.map_or_else(|| v.clone(), |r| r(self.st, v)),
            Some(Entry::Reg(s)) => {
                let mut v = v.clone();
                if let Some(project) = s.project {
                    project(&mut v, req, &self.st.more);
                }
                v
            }
            None => v.clone(),
        }
    }

    fn lite_keys(&self, idx: usize) -> &'static [&'static str] {
        self.reg(idx).and_then(|s| s.lite).unwrap_or(&[])
    }

    /// Core rule tables list defaults first, then by order.
    fn list_reply(&self, req: &Req, idx: usize, mut items: Vec<Value>) -> Resp {
        let paging = match self.entry(idx) {
            Some(Entry::Core(c)) => {
                if c.ordered {
                    super::by_order(&mut items);
                }
                if let Some(shape) = c.shape_list {
                    shape(req, &mut items);
                }
                c.paging
            }
            Some(Entry::Reg(s)) => s.paging,
            None => None,
        };
        zia_list(req, items, paging)
    }

    fn update_mode(&self) -> UpdateMode {
        UpdateMode::Replace
    }

    fn template(&self, idx: usize) -> Map<String, Value> {
        crud::template_of(self.reg(idx).map(|s| s.template))
    }

    fn bad_body(&self, _: &Req) -> Resp {
        invalid_body()
    }

    /// Core ids come from the one core counter (custom URL categories:
    /// `CUSTOM_nn` and a `val`), registry ids from their collection's.
    fn next_id(&mut self, idx: usize) -> Option<Value> {
        match self.entry(idx)? {
            Entry::Core(c) if c.string_ids => {
                let (id, val) = self.st.new_category_ids();
                self.val = Some(val);
                Some(json!(id))
            }
            Entry::Core(_) => Some(json!(self.st.new_id())),
            Entry::Reg(_) => crud::bump(self.st.more.next_ids.get_mut(idx)),
        }
    }

    /// The stored id (registry: only an integer one).
    fn stored_id(&self, existing: &Value, _: &str) -> Option<Value> {
        match self.table {
            Table::Core => existing.get("id").cloned(),
            Table::Registry => id_of(existing).map(|n| json!(n)),
        }
    }

    fn build(&self, req: &Req, body: Map<String, Value>, w: crud::Write) -> Result<Built, Resp> {
        match self.entry(w.idx) {
            Some(Entry::Core(c)) => match c.build {
                Some(build) => build(self.st, req, body, w.existing),
                None => Err(crate::zia::no_route(req)),
            },
            Some(Entry::Reg(s)) => {
                let outer = self.st.outer();
                let ctx = Ctx {
                    req,
                    more: &self.st.more,
                    outer: &outer,
                    partition: w.part,
                    existing: w.existing,
                };
                build(s, w.idx, body, w.base, &ctx)
            }
            None => Err(crate::zia::no_route(req)),
        }
    }

    /// The id set in place (core objects keep their key order); a new
    /// custom URL category also takes its `val`.
    fn finish(&self, idx: usize, mut obj: Map<String, Value>, id: Value) -> Value {
        if self.core(idx).is_none() {
            obj.insert("id".into(), id);
            return Value::Object(crate::util::keys_first(obj, &["id"]));
        }
        obj.insert("id".into(), id);
        if let Some(val) = self.val {
            obj.insert("val".into(), json!(val));
        }
        Value::Object(obj)
    }

    /// Re-place a written rule among the rules of its partition, bring
    /// derived fields up to date, mark the change and return the object
    /// as stored.
    fn after_store(&mut self, w: Stored) -> Value {
        self.val = None;
        let entry = self.entry(w.idx);
        let Some(list) = self.items_mut(w.idx) else {
            return Value::Null;
        };
        let id = w.id.as_i64().unwrap_or_default();
        match entry {
            Some(Entry::Reg(spec)) if spec.ordered => {
                with_partition(spec, list, w.part, |l| place_rule(l, id, w.order));
            }
            Some(Entry::Core(c)) if c.ordered => place_rule(list, id, w.order),
            _ => {}
        }
        self.after_change(w.idx);
        self.items(w.idx)
            .iter()
            .find(|v| v.get("id") == Some(&w.id))
            .cloned()
            .unwrap_or(Value::Null)
    }

    fn created(&self, _: &Req, idx: usize, stored: Vec<Value>) -> Resp {
        self.updated(idx, stored.into_iter().next().unwrap_or(Value::Null))
    }

    /// The stored object; core collections answer it as they are read.
    fn updated(&self, idx: usize, stored: Value) -> Resp {
        match self.core(idx).and_then(|c| c.render) {
            Some(r) => Resp::ok(r(self.st, &stored)),
            None => Resp::ok(stored),
        }
    }

    /// Predefined and default items stay (400), then the spec's own check.
    fn before_delete(&self, _: &Req, idx: usize, item: &Value, id: &str) -> Result<(), Resp> {
        match self.entry(idx) {
            Some(Entry::Core(c)) => c.before_delete.map_or(Ok(()), |check| check(item)),
            Some(Entry::Reg(spec)) => registry_delete_gate(spec, &self.st.more, item, id),
            None => Err(not_found("Resource", id)),
        }
    }

    fn after_remove(&mut self, idx: usize, part: Option<&str>, removed: &Value) {
        let entry = self.entry(idx);
        if let Some(list) = self.items_mut(idx) {
            match entry {
                Some(Entry::Reg(spec)) if spec.ordered => {
                    with_partition(spec, list, part, renumber_rules);
                }
                Some(Entry::Core(c)) if c.ordered => renumber_rules(list),
                _ => {}
            }
        }
        if let Some(cascade) = self.core(idx).and_then(|c| c.cascade) {
            cascade(self.st, removed);
        }
        self.after_change(idx);
    }

    fn not_found(&self, _: &Req, idx: usize, id: &str) -> Resp {
        let what = match self.entry(idx) {
            Some(Entry::Core(c)) => c.what,
            Some(Entry::Reg(s)) => s.what,
            None => "Resource",
        };
        not_found(what, id)
    }

    fn not_allowed(&self, req: &Req) -> Resp {
        method_not_allowed(&req.method)
    }

    fn no_route(&self, req: &Req) -> Resp {
        crate::zia::no_route(req)
    }
}

impl ZiaCrud<'_> {
    /// After any write or delete: the collection's derived fields, and
    /// activation PENDING (core directly, registry through `touch`).
    fn after_change(&mut self, idx: usize) {
        match self.core(idx) {
            Some(c) => {
                if let Some(refresh) = c.refresh {
                    refresh(self.st);
                }
                self.st.mark_pending();
            }
            None => self.st.more.touch(),
        }
    }
}

/// Predefined and default registry items stay (400), then the spec's own
/// check.
fn registry_delete_gate(spec: &Spec, more: &MoreState, item: &Value, id: &str) -> Result<(), Resp> {
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
        Some(check) => check(item, more),
        None => Ok(()),
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
