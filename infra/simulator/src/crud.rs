//! The one CRUD engine every registry-driven collection goes through (ZIA,
//! ZPA, Cloud & Branch Connector and ZCell): the path matcher, the table of
//! which verb on which path shape is which operation, id lookup, `/lite`
//! projection, and the flow of list, get, create, update and delete
//! ([`serve`]).
//!
//! A product declares its collections as data (its `specs` table: base
//! path, which operations exist, templates, validators) and implements
//! [`Dialect`] once for how it answers on the wire: where the items live,
//! the id style, the list envelope and paging, replace or merge on update
//! ([`UpdateMode`]), when a create takes its id ([`IdTiming`]), its error
//! bodies, the write gates before an update or delete and the post-write
//! step (rule ordering, activation state). The dialects are `zia/dialect.rs`,
//! `zpa/dialect.rs`, `ztw/dialect.rs` and `zcell/dialect.rs`; ZIA and ZPA
//! serve two tables each through theirs (an [`Entry`] of the hand-written
//! core collections in `core_specs.rs`, or of the registry in `specs.rs`).
//!
//! Request flow of a write: match the base → operation from the verb →
//! partition check → (update) find the item, update gate → read the body →
//! id (ZPA: before building) → `build` (validate, lay the body over the
//! base) → `finish` (id and key order) → store → `after_store` → answer.

use crate::util::{Req, Resp};
use axum::http::Method;
use serde_json::{json, Map, Value};

/// A request path matched against a table of collection bases.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Hit<'a, 'b> {
    /// Index of the matching base in the table.
    pub idx: usize,
    /// The value of the base's `{...}` path parameter, if it has one.
    pub part: Option<&'b str>,
    /// The segments after the base (at most one: an id or `lite`).
    pub tail: &'a [&'b str],
}

/// The base (segments; `{...}` is a path parameter) that matches the start
/// of `rest` with at most one segment left over; the longest base wins,
/// and of equally long ones the first.
pub(crate) fn match_base<'a, 'b, I>(bases: I, rest: &'a [&'b str]) -> Option<Hit<'a, 'b>>
where
    I: IntoIterator<Item = &'static [&'static str]>,
{
    let mut best: Option<(usize, Option<&'b str>, usize)> = None;
    for (i, base) in bases.into_iter().enumerate() {
        let n = base.len();
        if rest.len() < n || rest.len() > n + 1 {
            continue;
        }
        let mut part = None;
        let mut ok = true;
        for (p, s) in base.iter().zip(rest.iter()) {
            if p.starts_with('{') {
                part = Some(*s);
            } else if p != s {
                ok = false;
                break;
            }
        }
        if ok && best.is_none_or(|(_, _, len)| n > len) {
            best = Some((i, part, n));
        }
    }
    best.map(|(idx, part, n)| Hit {
        idx,
        part,
        tail: rest.get(n..).unwrap_or(&[]),
    })
}

/// Which operations a collection serves.
#[derive(Clone, Debug)]
pub(crate) struct Verbs {
    /// `GET {base}`.
    pub list: bool,
    /// `POST {base}`.
    pub create: bool,
    /// `GET {base}/{id}`.
    pub get: bool,
    /// The verb of an update of `{base}/{id}` (PUT, or PATCH on ZCell).
    pub update: Option<Method>,
    /// `DELETE {base}/{id}`.
    pub delete: bool,
    /// `GET {base}/lite` (otherwise `lite` is taken as an id).
    pub lite: bool,
}

/// One operation on a collection, from the verb and the path shape.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Op<'b> {
    List,
    Lite,
    Create,
    Get(&'b str),
    Update(&'b str),
    Delete(&'b str),
    /// The path is the collection's, the verb is not served (405 in the
    /// product's dialect).
    NotAllowed,
}

/// The operation `method` on `{base}` + `tail` asks for; None when the
/// collection has nothing at that path shape (the product's 404).
pub(crate) fn op<'b>(method: &Method, tail: &[&'b str], v: &Verbs) -> Option<Op<'b>> {
    let op = match tail {
        [] if v.list || v.create => match *method {
            Method::GET if v.list => Op::List,
            Method::POST if v.create => Op::Create,
            _ => Op::NotAllowed,
        },
        ["lite"] if v.lite => match *method {
            Method::GET => Op::Lite,
            _ => Op::NotAllowed,
        },
        [id] if v.get || v.update.is_some() || v.delete => match method {
            &Method::GET if v.get => Op::Get(id),
            &Method::DELETE if v.delete => Op::Delete(id),
            m if v.update.as_ref() == Some(m) => Op::Update(id),
            _ => Op::NotAllowed,
        },
        _ => return None,
    };
    Some(op)
}

/// How a product spells ids on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdStyle {
    /// A JSON integer; the path id is parsed (surrounding blanks allowed).
    Int,
    /// A JSON string compared as is.
    Str,
    /// Either, compared in its string form (ZPA: `"72058"` and `72058`
    /// name the same item).
    Scalar,
}

/// Whether `v` has the id written in the path as `id`.
pub(crate) fn id_matches(style: IdStyle, v: &Value, id: &str) -> bool {
    match style {
        IdStyle::Str => v.get("id").and_then(Value::as_str) == Some(id),
        IdStyle::Scalar => v.get("id").and_then(crate::util::scalar_string).as_deref() == Some(id),
        IdStyle::Int => id
            .trim()
            .parse::<i64>()
            .ok()
            .is_some_and(|n| v.get("id").and_then(Value::as_i64) == Some(n)),
    }
}

/// Position of the item with this path id.
pub(crate) fn find(style: IdStyle, items: &[Value], id: &str) -> Option<usize> {
    items.iter().position(|v| id_matches(style, v, id))
}

/// How a numeric string in a write body is read where the template has a
/// number (the ZIA family accepts `"idleTimeInMinutes":"720"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumericStrings {
    /// Integers only (Cloud & Branch Connector).
    Int,
    /// Integers, else finite decimals (ZIA).
    IntOrFloat,
}

/// Check `body` against the types of the template's fields: nulls are
/// dropped, numeric strings become numbers where a number is expected,
/// fields the template does not type pass as they are. Err is a type
/// mismatch (each product answers it in its own dialect).
pub(crate) fn conform(
    body: Map<String, Value>,
    template: &Map<String, Value>,
    numbers: NumericStrings,
) -> Result<Map<String, Value>, ()> {
    let mut out = Map::new();
    for (k, v) in body {
        let fixed = match (template.get(&k), v) {
            (_, Value::Null) => continue,
            (None | Some(Value::Null), v) => v,
            (Some(Value::Bool(_)), v @ Value::Bool(_))
            | (Some(Value::String(_)), v @ Value::String(_))
            | (Some(Value::Array(_)), v @ Value::Array(_))
            | (Some(Value::Object(_)), v @ Value::Object(_))
            | (Some(Value::Number(_)), v @ Value::Number(_)) => v,
            (Some(Value::Number(_)), Value::String(s)) => number(&s, numbers)?,
            _ => return Err(()),
        };
        out.insert(k, fixed);
    }
    Ok(out)
}

fn number(s: &str, numbers: NumericStrings) -> Result<Value, ()> {
    let s = s.trim();
    if let Ok(n) = s.parse::<i64>() {
        return Ok(json!(n));
    }
    match (numbers, s.parse::<f64>()) {
        (NumericStrings::IntOrFloat, Ok(f)) if f.is_finite() => Ok(json!(f)),
        _ => Err(()),
    }
}

/// The object a template function returns (empty if it is not one).
pub(crate) fn template_of(f: Option<fn() -> Value>) -> Map<String, Value> {
    match f.map(|f| f()) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// Each collection's last-handed-out id at start: the larger of its floor
/// and every seeded id (`colls` and `floors` are parallel).
pub(crate) fn last_ids<N: Ord + Copy>(
    colls: &[Vec<Value>],
    floors: impl Iterator<Item = N>,
    id: impl Fn(&Value) -> Option<N>,
) -> Vec<N> {
    colls
        .iter()
        .zip(floors)
        .map(|(items, floor)| items.iter().filter_map(&id).fold(floor, N::max))
        .collect()
}

/// Advance a collection's last-handed-out id and return the new one.
pub(crate) fn bump(slot: Option<&mut i64>) -> Option<Value> {
    let slot = slot?;
    *slot = slot.saturating_add(1);
    Some(json!(*slot))
}

/// Whether a field is missing, null or a blank string (what "required"
/// means on every product's writes).
pub(crate) fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    }
}

/// The fields `keys` of `v` that it has, in that order.
pub(crate) fn pick(v: &Value, keys: &[&str]) -> Map<String, Value> {
    let mut o = Map::new();
    for k in keys {
        if let Some(x) = v.get(*k) {
            o.insert((*k).to_string(), x.clone());
        }
    }
    o
}

/// The `/lite` form of each item: only `keys`, in that order.
pub(crate) fn lite(items: Vec<Value>, keys: &[&str]) -> Vec<Value> {
    items.iter().map(|v| Value::Object(pick(v, keys))).collect()
}

/// A collection of one of a product's two tables: its hand-written core
/// collections or its registry.
pub(crate) enum Entry<C: 'static, R: 'static> {
    Core(&'static C),
    Reg(&'static R),
}

impl<C, R> Clone for Entry<C, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C, R> Copy for Entry<C, R> {}

impl<C, R> Entry<C, R> {
    /// Entry `idx` of the core table when one is being matched, else of
    /// the registry.
    pub(crate) fn of(core: Option<&'static [C]>, reg: &'static [R], idx: usize) -> Option<Self> {
        match core {
            Some(table) => table.get(idx).map(Entry::Core),
            None => reg.get(idx).map(Entry::Reg),
        }
    }
}

/// How an update treats the stored object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UpdateMode {
    /// The body replaces the object: it is laid over the collection's
    /// template (ZIA, Cloud & Branch Connector).
    Replace,
    /// The body is merged onto the stored object (ZPA, ZCell).
    Merge,
}

/// When a create takes its id from the collection's counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdTiming {
    /// Before the body is validated, so a rejected create still uses one
    /// up (ZPA; the id is part of what its validators see).
    BeforeBuild,
    /// Only once the object is valid (everyone else).
    AfterBuild,
}

/// One write the engine asks the dialect to build.
pub(crate) struct Write<'a> {
    pub idx: usize,
    /// The value of the collection's path parameter, if it has one.
    pub part: Option<&'a str>,
    /// The stored object (None on create).
    pub existing: Option<&'a Value>,
    /// The item's id when known before building (update; create with
    /// [`IdTiming::BeforeBuild`]).
    pub id: Option<&'a Value>,
    /// What the body is laid over: the template, or on a merge-update the
    /// stored object (see [`UpdateMode`]).
    pub base: Map<String, Value>,
}

/// A validated object ready to store, and the rule position it asked for
/// (used by the post-write rule ordering of ordered collections).
pub(crate) struct Built {
    pub obj: Map<String, Value>,
    pub order: Option<i64>,
}

impl From<Map<String, Value>> for Built {
    fn from(obj: Map<String, Value>) -> Built {
        Built { obj, order: None }
    }
}

/// A product's wire dialect over its table of collections (indexed by
/// `idx`). The engine ([`serve`]) owns the flow of every operation; the
/// dialect says where the items live, how ids, bodies, envelopes and
/// errors are spelled, and what to check or do around a write.
pub(crate) trait Dialect {
    /// The base path of collection `idx` (None past the end of the table).
    fn base(&self, idx: usize) -> Option<&'static [&'static str]>;
    /// Which operations collection `idx` serves.
    fn verbs(&self, idx: usize) -> Verbs;
    /// Integer ids unless the product says otherwise.
    fn id_style(&self, idx: usize) -> IdStyle {
        let _ = idx;
        IdStyle::Int
    }
    fn items(&self, idx: usize) -> &[Value];
    fn items_mut(&mut self, idx: usize) -> Option<&mut Vec<Value>>;

    /// Reject a path parameter value before the operation `op` (400).
    fn check_part(&self, idx: usize, part: Option<&str>, op: &Op) -> Result<(), Resp> {
        let _ = (idx, part, op);
        Ok(())
    }
    /// Whether `v` belongs to the partition named by the path parameter.
    fn in_part(&self, idx: usize, v: &Value, part: Option<&str>) -> bool {
        let _ = (idx, v, part);
        true
    }
    /// The list filters of the query string.
    fn keep(&self, req: &Req, idx: usize, v: &Value) -> bool {
        let _ = (req, idx, v);
        true
    }
    /// An item as clients read it.
    fn render(&self, req: &Req, idx: usize, v: &Value) -> Value {
        let _ = (req, idx);
        v.clone()
    }
    /// Fields of `/lite` items.
    fn lite_keys(&self, idx: usize) -> &'static [&'static str] {
        let _ = idx;
        &[]
    }
    /// The list envelope and paging (bare array, ZIA pages, ZPA
    /// `{list,totalPages}`, Spring page).
    fn list_reply(&self, req: &Req, idx: usize, items: Vec<Value>) -> Resp;

    fn update_mode(&self) -> UpdateMode;
    fn id_timing(&self, idx: usize) -> IdTiming {
        let _ = idx;
        IdTiming::AfterBuild
    }
    /// The defaults and field types a create (or replace) starts from.
    fn template(&self, idx: usize) -> Map<String, Value>;
    /// The answer to a body that is not a JSON object.
    fn bad_body(&self, req: &Req) -> Resp;
    /// The body of a PUT/PATCH (or of a single-object POST).
    fn body(&self, req: &Req) -> Result<Map<String, Value>, Resp> {
        req.json_object().ok_or_else(|| self.bad_body(req))
    }
    /// The objects one POST creates (a bulk create takes several).
    fn bodies(&self, req: &Req, idx: usize) -> Result<Vec<Map<String, Value>>, Resp> {
        let _ = idx;
        self.body(req).map(|b| vec![b])
    }
    /// A fresh id from the collection's counter.
    fn next_id(&mut self, idx: usize) -> Option<Value>;
    /// The id an update keeps (None: answered as not found); by default
    /// the stored one.
    fn stored_id(&self, existing: &Value, path_id: &str) -> Option<Value> {
        let _ = path_id;
        existing.get("id").cloned()
    }
    /// The write gate of an update, before its body is read.
    fn before_update(&self, idx: usize, existing: &Value, id: &str) -> Result<(), Resp> {
        let _ = (idx, existing, id);
        Ok(())
    }
    /// Validate a body and build the object to store.
    fn build(&self, req: &Req, body: Map<String, Value>, w: Write) -> Result<Built, Resp>;
    /// Checks across the objects of one bulk create (the last one is new).
    fn check_batch(&self, req: &Req, idx: usize, built: &[Built]) -> Result<(), Resp> {
        let _ = (req, idx, built);
        Ok(())
    }
    /// The stored form: the id set and the keys in wire order (by default
    /// the id first).
    fn finish(&self, idx: usize, mut obj: Map<String, Value>, id: Value) -> Value {
        let _ = idx;
        obj.insert("id".into(), id);
        Value::Object(crate::util::keys_first(obj, &["id"]))
    }
    /// Post-write step (rule ordering, activation state); returns the
    /// object as stored afterwards.
    fn after_store(&mut self, w: Stored) -> Value {
        self.items(w.idx).get(w.pos).cloned().unwrap_or(Value::Null)
    }
    /// The answer to a create with everything it stored (by default 200
    /// with the one object).
    fn created(&self, req: &Req, idx: usize, stored: Vec<Value>) -> Resp {
        let _ = (req, idx);
        Resp::ok(stored.into_iter().next().unwrap_or(Value::Null))
    }
    /// The answer to an update (by default 200 with the object).
    fn updated(&self, idx: usize, stored: Value) -> Resp {
        let _ = idx;
        Resp::ok(stored)
    }
    /// The write gate of a delete (predefined items, references).
    fn before_delete(&self, req: &Req, idx: usize, item: &Value, id: &str) -> Result<(), Resp>;
    /// Post-delete step (renumbering rules, activation state).
    fn after_delete(&mut self, idx: usize, part: Option<&str>) {
        let _ = (idx, part);
    }
    /// Post-delete step that needs the removed object (cascades); by
    /// default [`Dialect::after_delete`].
    fn after_remove(&mut self, idx: usize, part: Option<&str>, removed: &Value) {
        let _ = removed;
        self.after_delete(idx, part);
    }

    fn not_found(&self, req: &Req, idx: usize, id: &str) -> Resp;
    fn not_allowed(&self, req: &Req) -> Resp;
    /// The answer to a verb the path does not serve (`id`: the item the
    /// path names, if any); by default [`Dialect::not_allowed`].
    fn refuse_verb(&self, req: &Req, idx: usize, part: Option<&str>, id: Option<&str>) -> Resp {
        let _ = (idx, part, id);
        self.not_allowed(req)
    }
    /// The product's answer for a path nothing serves.
    fn no_route(&self, req: &Req) -> Resp;
}

/// An object just written, for [`Dialect::after_store`].
pub(crate) struct Stored<'a> {
    pub idx: usize,
    pub part: Option<&'a str>,
    /// Its position in the collection before any reordering.
    pub pos: usize,
    pub id: Value,
    pub order: Option<i64>,
}

/// Serve `rest` if it names a collection of the dialect's table: the one
/// implementation of list, `/lite`, get, create, update and delete.
pub(crate) fn serve<D: Dialect>(d: &mut D, req: &Req, rest: &[&str]) -> Option<Resp> {
    let bases = (0..).map_while(|i| d.base(i));
    let hit = match_base(bases, rest)?;
    let (idx, part) = (hit.idx, hit.part);
    let op = op(&req.method, hit.tail, &d.verbs(idx))?;
    if let Err(r) = d.check_part(idx, part, &op) {
        return Some(r);
    }
    let resp = match op {
        Op::List => list(d, req, idx, part, false),
        Op::Lite => list(d, req, idx, part, true),
        Op::Create => create(d, req, idx, part).unwrap_or_else(|r| r),
        Op::Get(id) => get(d, req, idx, part, id),
        Op::Update(id) => update(d, req, At { idx, part, id }).unwrap_or_else(|r| r),
        Op::Delete(id) => delete(d, req, At { idx, part, id }).unwrap_or_else(|r| r),
        Op::NotAllowed => d.refuse_verb(req, idx, part, hit.tail.first().copied()),
    };
    Some(resp)
}

fn position<D: Dialect>(d: &D, idx: usize, part: Option<&str>, id: &str) -> Option<usize> {
    let style = d.id_style(idx);
    d.items(idx)
        .iter()
        .position(|v| d.in_part(idx, v, part) && id_matches(style, v, id))
}

fn list<D: Dialect>(d: &D, req: &Req, idx: usize, part: Option<&str>, as_lite: bool) -> Resp {
    let mut out: Vec<Value> = d
        .items(idx)
        .iter()
        .filter(|v| d.in_part(idx, v, part) && d.keep(req, idx, v))
        .map(|v| d.render(req, idx, v))
        .collect();
    if as_lite {
        out = lite(out, d.lite_keys(idx));
    }
    d.list_reply(req, idx, out)
}

fn get<D: Dialect>(d: &D, req: &Req, idx: usize, part: Option<&str>, id: &str) -> Resp {
    match position(d, idx, part, id).and_then(|p| d.items(idx).get(p)) {
        Some(v) => Resp::ok(d.render(req, idx, v)),
        None => d.not_found(req, idx, id),
    }
}

fn fresh_id<D: Dialect>(d: &mut D, req: &Req, idx: usize) -> Result<Value, Resp> {
    d.next_id(idx).ok_or_else(|| d.no_route(req))
}

fn create<D: Dialect>(d: &mut D, req: &Req, idx: usize, part: Option<&str>) -> Result<Resp, Resp> {
    let bodies = d.bodies(req, idx)?;
    let early = match d.id_timing(idx) {
        IdTiming::BeforeBuild => Some(fresh_id(d, req, idx)?),
        IdTiming::AfterBuild => None,
    };
    let mut built = Vec::new();
    for body in bodies {
        let w = Write {
            idx,
            part,
            existing: None,
            id: early.as_ref(),
            base: d.template(idx),
        };
        built.push(d.build(req, body, w)?);
        d.check_batch(req, idx, &built)?;
    }
    let mut stored = Vec::new();
    for b in built {
        let id = match &early {
            Some(id) => id.clone(),
            None => fresh_id(d, req, idx)?,
        };
        let obj = d.finish(idx, b.obj, id.clone());
        let Some(list) = d.items_mut(idx) else {
            return Err(d.no_route(req));
        };
        list.push(obj);
        let pos = list.len().saturating_sub(1);
        let order = b.order;
        stored.push(d.after_store(Stored {
            idx,
            part,
            pos,
            id,
            order,
        }));
    }
    Ok(d.created(req, idx, stored))
}

/// Where an item operation points: the collection, its partition and the
/// path id.
#[derive(Clone, Copy)]
struct At<'a> {
    idx: usize,
    part: Option<&'a str>,
    id: &'a str,
}

/// Position of the item `at` names, or the dialect's 404.
fn locate<D: Dialect>(d: &D, req: &Req, at: At) -> Result<usize, Resp> {
    position(d, at.idx, at.part, at.id).ok_or_else(|| d.not_found(req, at.idx, at.id))
}

fn update<D: Dialect>(d: &mut D, req: &Req, at: At) -> Result<Resp, Resp> {
    let (idx, part, id) = (at.idx, at.part, at.id);
    let pos = locate(d, req, at)?;
    let existing = d.items(idx).get(pos).cloned().unwrap_or(Value::Null);
    d.before_update(idx, &existing, id)?;
    let body = d.body(req)?;
    let num = d
        .stored_id(&existing, id)
        .ok_or_else(|| d.not_found(req, idx, id))?;
    let base = match d.update_mode() {
        UpdateMode::Merge => existing.as_object().cloned().unwrap_or_default(),
        UpdateMode::Replace => d.template(idx),
    };
    let w = Write {
        idx,
        part,
        existing: Some(&existing),
        id: Some(&num),
        base,
    };
    let b = d.build(req, body, w)?;
    let obj = d.finish(idx, b.obj, num.clone());
    if let Some(slot) = d.items_mut(idx).and_then(|l| l.get_mut(pos)) {
        *slot = obj;
    }
    let stored = d.after_store(Stored {
        idx,
        part,
        pos,
        id: num,
        order: b.order,
    });
    Ok(d.updated(idx, stored))
}

/// Remove an item once its gate allows; 204.
fn delete<D: Dialect>(d: &mut D, req: &Req, at: At) -> Result<Resp, Resp> {
    let pos = locate(d, req, at)?;
    let (idx, part, id) = (at.idx, at.part, at.id);
    if let Some(item) = d.items(idx).get(pos) {
        d.before_delete(req, idx, item, id)?;
    }
    let removed = match d.items_mut(idx) {
        Some(list) if pos < list.len() => list.remove(pos),
        _ => Value::Null,
    };
    d.after_remove(idx, part, &removed);
    Ok(Resp::no_content())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BASES: [&[&str]; 3] = [&["a"], &["a", "{t}"], &["a", "b"]];

    #[test]
    fn longest_base_wins_and_binds_the_parameter() {
        let hit = match_base(BASES, &["a", "x", "7"]).unwrap();
        assert_eq!((hit.idx, hit.part, hit.tail), (1, Some("x"), &["7"][..]));
        // Equal lengths: the earlier entry wins (tables list the literal
        // base first where both could match).
        let hit = match_base(BASES, &["a", "b"]).unwrap();
        assert_eq!((hit.idx, hit.part, hit.tail), (1, Some("b"), &[][..]));
        let hit = match_base(BASES, &["a"]).unwrap();
        assert_eq!((hit.idx, hit.part, hit.tail), (0, None, &[][..]));
        assert_eq!(match_base(BASES, &["a", "b", "c", "d"]), None);
        assert_eq!(match_base(BASES, &["z"]), None);
    }

    #[test]
    fn verbs_map_to_operations() {
        let all = Verbs {
            list: true,
            create: true,
            get: true,
            update: Some(Method::PATCH),
            delete: true,
            lite: true,
        };
        assert_eq!(op(&Method::GET, &[], &all), Some(Op::List));
        assert_eq!(op(&Method::POST, &[], &all), Some(Op::Create));
        assert_eq!(op(&Method::GET, &["lite"], &all), Some(Op::Lite));
        assert_eq!(op(&Method::POST, &["lite"], &all), Some(Op::NotAllowed));
        assert_eq!(op(&Method::PATCH, &["3"], &all), Some(Op::Update("3")));
        assert_eq!(op(&Method::PUT, &["3"], &all), Some(Op::NotAllowed));
        assert_eq!(op(&Method::DELETE, &["3"], &all), Some(Op::Delete("3")));
        let read_only = Verbs {
            list: false,
            create: false,
            get: true,
            update: None,
            delete: false,
            lite: false,
        };
        assert_eq!(op(&Method::GET, &[], &read_only), None);
        assert_eq!(
            op(&Method::GET, &["lite"], &read_only),
            Some(Op::Get("lite"))
        );
        assert_eq!(op(&Method::PUT, &["1"], &read_only), Some(Op::NotAllowed));
    }

    #[test]
    fn ids_in_both_styles() {
        let items = vec![json!({"id": 5}), json!({"id": "x5"})];
        assert_eq!(find(IdStyle::Int, &items, " 5 "), Some(0));
        assert_eq!(find(IdStyle::Str, &items, "x5"), Some(1));
        assert_eq!(find(IdStyle::Int, &items, "x5"), None);
        let l = lite(vec![json!({"id": 1, "name": "n", "x": 2})], &["name", "id"]);
        let t = json!({"n": 0, "s": ""}).as_object().cloned().unwrap();
        let body = |v: Value| v.as_object().cloned().unwrap();
        assert_eq!(
            conform(
                body(json!({"n": " 7 ", "s": "x", "z": null, "o": 1})),
                &t,
                NumericStrings::Int
            ),
            Ok(body(json!({"n": 7, "s": "x", "o": 1})))
        );
        assert_eq!(
            conform(body(json!({"n": "1.5"})), &t, NumericStrings::IntOrFloat),
            Ok(body(json!({"n": 1.5})))
        );
        assert_eq!(
            conform(body(json!({"n": "1.5"})), &t, NumericStrings::Int),
            Err(())
        );
        assert_eq!(
            conform(body(json!({"s": 3})), &t, NumericStrings::Int),
            Err(())
        );
        assert_eq!(l, vec![json!({"name": "n", "id": 1})]);
    }

    #[test]
    fn seeded_ids_pick_and_table_entries() {
        let colls = vec![
            vec![json!({"id": 7}), json!({"id": 3})],
            vec![],
            vec![json!({"x": 1})],
        ];
        let last = last_ids(&colls, [5, 9, 2].into_iter(), |v| v.get("id")?.as_i64());
        assert_eq!(last, vec![7, 9, 2]);
        let v = json!({"a": 1, "b": 2, "c": 3});
        assert_eq!(
            Value::Object(pick(&v, &["c", "z", "a"])),
            json!({"c": 3, "a": 1})
        );
        static CORE: [&str; 2] = ["c0", "c1"];
        static REG: [u8; 1] = [9];
        let core = Entry::<&str, u8>::of(Some(&CORE), &REG, 1);
        assert!(matches!(core, Some(Entry::Core(&"c1"))));
        assert!(matches!(
            Entry::<&str, u8>::of(None, &REG, 0),
            Some(Entry::Reg(&9))
        ));
        assert!(Entry::<&str, u8>::of(Some(&CORE), &REG, 2).is_none());
    }
}

#[cfg(test)]
mod engine_tests {
    //! The engine's flow against a toy dialect: one collection `things`
    //! with integer ids, `name` required, and a gate on id 9.
    use super::*;
    use crate::util::RespBody;
    use serde_json::json;

    struct Toy {
        items: Vec<Value>,
        next: i64,
        mode: UpdateMode,
        timing: IdTiming,
        /// Post-write steps seen, as `(idx, pos, id)`.
        after: Vec<(usize, usize, Value)>,
    }

    fn toy(mode: UpdateMode, timing: IdTiming) -> Toy {
        Toy {
            items: vec![
                json!({"id": 1, "name": "a", "x": 5}),
                json!({"id": 9, "name": "fixed", "x": 0}),
            ],
            next: 9,
            mode,
            timing,
            after: Vec::new(),
        }
    }

    fn err(status: u16, what: &str) -> Resp {
        Resp::json(status, json!({ "error": what }))
    }

    impl Dialect for Toy {
        fn base(&self, idx: usize) -> Option<&'static [&'static str]> {
            (idx == 0).then_some(&["things"][..])
        }
        fn verbs(&self, _: usize) -> Verbs {
            Verbs {
                list: true,
                create: true,
                get: true,
                update: Some(Method::PUT),
                delete: true,
                lite: true,
            }
        }
        fn items(&self, _: usize) -> &[Value] {
            &self.items
        }
        fn items_mut(&mut self, _: usize) -> Option<&mut Vec<Value>> {
            Some(&mut self.items)
        }
        fn keep(&self, req: &Req, _: usize, v: &Value) -> bool {
            req.q("name").is_none_or(|n| v["name"] == n)
        }
        fn lite_keys(&self, _: usize) -> &'static [&'static str] {
            &["id"]
        }
        fn list_reply(&self, _: &Req, _: usize, items: Vec<Value>) -> Resp {
            Resp::ok(json!({ "list": items }))
        }
        fn update_mode(&self) -> UpdateMode {
            self.mode
        }
        fn id_timing(&self, _: usize) -> IdTiming {
            self.timing
        }
        fn template(&self, _: usize) -> Map<String, Value> {
            json!({"name": "", "x": 0})
                .as_object()
                .cloned()
                .unwrap_or_default()
        }
        fn bad_body(&self, _: &Req) -> Resp {
            err(400, "body")
        }
        fn next_id(&mut self, _: usize) -> Option<Value> {
            self.next += 1;
            Some(json!(self.next))
        }
        fn stored_id(&self, existing: &Value, _: &str) -> Option<Value> {
            existing.get("id").cloned()
        }
        fn before_update(&self, _: usize, existing: &Value, _: &str) -> Result<(), Resp> {
            match existing["id"] == 9 {
                true => Err(err(400, "gate")),
                false => Ok(()),
            }
        }
        fn build(&self, _: &Req, body: Map<String, Value>, w: Write) -> Result<Built, Resp> {
            let mut obj = w.base;
            overlay_flat(&mut obj, body);
            match is_blank(obj.get("name")) {
                true => Err(err(400, "name")),
                false => Ok(obj.into()),
            }
        }
        fn finish(&self, _: usize, mut obj: Map<String, Value>, id: Value) -> Value {
            obj.insert("id".into(), id);
            Value::Object(obj)
        }
        fn after_store(&mut self, w: Stored) -> Value {
            self.after.push((w.idx, w.pos, w.id));
            self.items.get(w.pos).cloned().unwrap_or(Value::Null)
        }
        fn created(&self, _: &Req, _: usize, stored: Vec<Value>) -> Resp {
            Resp::json(201, Value::Array(stored))
        }
        fn updated(&self, _: usize, stored: Value) -> Resp {
            Resp::ok(stored)
        }
        fn before_delete(&self, _: &Req, _: usize, item: &Value, _: &str) -> Result<(), Resp> {
            match item["id"] == 9 {
                true => Err(err(409, "gate")),
                false => Ok(()),
            }
        }
        fn after_delete(&mut self, _: usize, _: Option<&str>) {
            self.after.push((0, usize::MAX, Value::Null));
        }
        fn not_found(&self, _: &Req, _: usize, id: &str) -> Resp {
            err(404, id)
        }
        fn not_allowed(&self, _: &Req) -> Resp {
            err(405, "verb")
        }
        fn no_route(&self, _: &Req) -> Resp {
            err(404, "route")
        }
    }

    fn overlay_flat(obj: &mut Map<String, Value>, body: Map<String, Value>) {
        for (k, v) in body {
            obj.insert(k, v);
        }
    }

    /// `(status, JSON body)` of `method path [body]`; None when no
    /// collection matches.
    fn call(d: &mut Toy, method: Method, path: &str, body: &str) -> Option<(u16, Value)> {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let req = Req {
            method,
            segs: path.split('/').map(String::from).collect(),
            query: query
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
        };
        let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
        let resp = serve(d, &req, &segs)?;
        let body = match resp.body {
            RespBody::Json(v) => v,
            _ => Value::Null,
        };
        Some((resp.status, body))
    }

    #[test]
    fn reads_route_filter_and_project() {
        let mut d = toy(UpdateMode::Replace, IdTiming::AfterBuild);
        let list = call(&mut d, Method::GET, "things?name=a", "");
        assert_eq!(
            list,
            Some((200, json!({"list": [{"id": 1, "name": "a", "x": 5}]})))
        );
        let lite = call(&mut d, Method::GET, "things/lite", "");
        assert_eq!(lite, Some((200, json!({"list": [{"id": 1}, {"id": 9}]}))));
        let one = call(&mut d, Method::GET, "things/ 9", "");
        assert_eq!(one, Some((200, json!({"id": 9, "name": "fixed", "x": 0}))));
        let missing = call(&mut d, Method::GET, "things/4", "");
        assert_eq!(missing, Some((404, json!({"error": "4"}))));
        let verb = call(&mut d, Method::PATCH, "things/1", "");
        assert_eq!(verb, Some((405, json!({"error": "verb"}))));
        assert_eq!(call(&mut d, Method::GET, "other", ""), None);
    }

    #[test]
    fn id_timing_decides_whether_a_rejected_create_uses_an_id() {
        for (timing, id) in [(IdTiming::AfterBuild, 10), (IdTiming::BeforeBuild, 11)] {
            let mut d = toy(UpdateMode::Replace, timing);
            let bad = call(&mut d, Method::POST, "things", r#"{"x": 1}"#);
            assert_eq!(bad, Some((400, json!({"error": "name"}))));
            let ok = call(&mut d, Method::POST, "things", r#"{"name": "n"}"#);
            assert_eq!(ok, Some((201, json!([{"name": "n", "x": 0, "id": id}]))));
            assert_eq!(d.after, vec![(0, 2, json!(id))]);
        }
    }

    #[test]
    fn update_replaces_or_merges_and_gates_apply_first() {
        let merged = json!({"id": 1, "name": "b", "x": 5});
        let replaced = json!({"name": "b", "x": 0, "id": 1});
        for (mode, want) in [(UpdateMode::Merge, merged), (UpdateMode::Replace, replaced)] {
            let mut d = toy(mode, IdTiming::AfterBuild);
            let put = call(&mut d, Method::PUT, "things/1", r#"{"name": "b"}"#);
            assert_eq!(put, Some((200, want.clone())));
            assert_eq!(d.items.first(), Some(&want));
        }
        let mut d = toy(UpdateMode::Merge, IdTiming::AfterBuild);
        // The update gate answers before the (invalid) body is read.
        let gated = call(&mut d, Method::PUT, "things/9", "not json");
        assert_eq!(gated, Some((400, json!({"error": "gate"}))));
        let body = call(&mut d, Method::PUT, "things/1", "not json");
        assert_eq!(body, Some((400, json!({"error": "body"}))));
        let kept = call(&mut d, Method::DELETE, "things/9", "");
        assert_eq!(kept, Some((409, json!({"error": "gate"}))));
        let gone = call(&mut d, Method::DELETE, "things/1", "");
        assert_eq!(gone, Some((204, Value::Null)));
        assert_eq!(d.items, vec![json!({"id": 9, "name": "fixed", "x": 0})]);
        assert_eq!(d.after, vec![(0, usize::MAX, Value::Null)]);
    }
}
