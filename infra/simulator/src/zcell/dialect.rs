//! The ZCell wire dialect of the shared CRUD engine (`crud::serve`):
//! Spring-style answers (the Spring Boot error body, a Spring page with
//! `sortBy`/`sortDir` on lists), integer ids, merge on update with PUT
//! (200 with the object) or PATCH (204), and a bulk create that takes a
//! JSON array and answers `[{"id","message"}]`.

use super::specs::{q_any, spring_page, window, Coll, Create, COLLS};
use super::{error, method_not_allowed, no_route, ZcellState};
use crate::crud::{Built, Dialect, UpdateMode, Verbs, Write};
use crate::util::{icontains, keys_first, now_secs, overlay, scalar_string, Req, Resp};
use serde_json::{json, Map, Value};

/// The ZCell state seen through the CRUD engine.
pub(super) struct ZcellCrud<'a>(pub &'a mut ZcellState);

fn coll(idx: usize) -> Option<&'static Coll> {
    COLLS.get(idx)
}

fn what(idx: usize) -> &'static str {
    coll(idx).map_or("Resource", |c| c.what)
}

const OBJECT_BODY: &str = "Request body must be a JSON object";

impl ZcellCrud<'_> {
    /// The name is required and unique in the collection (trimmed,
    /// case-insensitive).
    fn check_name(&self, coll: &Coll, w: &Write, obj: &Map<String, Value>) -> Result<(), String> {
        let name = obj
            .get(coll.name_field)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        if name.is_empty() {
            return Err(format!("{} is required", coll.name_field));
        }
        let self_id = w.existing.and_then(|e| e.get("id"));
        let clash = self.items(w.idx).iter().any(|v| {
            v.get("id") != self_id
                && v.get(coll.name_field)
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
        });
        if clash {
            return Err(format!("{} '{name}' already exists", coll.what));
        }
        Ok(())
    }
}

impl Dialect for ZcellCrud<'_> {
    fn base(&self, idx: usize) -> Option<&'static [&'static str]> {
        coll(idx).map(|c| std::slice::from_ref(&c.key))
    }

    fn verbs(&self, idx: usize) -> Verbs {
        let c = coll(idx);
        Verbs {
            list: true,
            create: c.is_some_and(|c| c.create != Create::No),
            get: c.is_some_and(|c| c.get),
            update: c.and_then(|c| c.update.as_ref().map(|(verb, _)| verb.clone())),
            delete: c.is_some_and(|c| c.delete),
            lite: false,
        }
    }

    fn items(&self, idx: usize) -> &[Value] {
        self.0.colls.get(idx).map_or(&[], Vec::as_slice)
    }

    fn items_mut(&mut self, idx: usize) -> Option<&mut Vec<Value>> {
        self.0.colls.get_mut(idx)
    }

    /// `name` (substring of the name field) and the collection's equality
    /// filters.
    fn keep(&self, req: &Req, idx: usize, v: &Value) -> bool {
        let Some(coll) = coll(idx) else {
            return false;
        };
        let named = q_any(req, &["name"]).is_none_or(|n| {
            v.get(coll.name_field)
                .and_then(Value::as_str)
                .is_some_and(|s| icontains(s, n))
        });
        named
            && coll.filters.iter().all(|(param, field)| {
                q_any(req, &[param]).is_none_or(|want| {
                    v.get(*field)
                        .and_then(scalar_string)
                        .is_some_and(|s| s.eq_ignore_ascii_case(want))
                })
            })
    }

    fn list_reply(&self, req: &Req, idx: usize, items: Vec<Value>) -> Resp {
        let Some(coll) = coll(idx) else {
            return no_route(req);
        };
        if coll.list_window {
            // A malformed window is rejected; the items themselves are not
            // time-bound.
            if let Err(r) = window(
                req,
                &["startDateTime", "start_date_time"],
                &["endDateTime", "end_date_time"],
                false,
            ) {
                return r;
            }
        }
        spring_page(req, items, coll.sortable, coll.default_dir)
    }

    fn update_mode(&self) -> UpdateMode {
        UpdateMode::Merge
    }

    /// ZCell has no templates: a create starts from the body alone.
    fn template(&self, _: usize) -> Map<String, Value> {
        Map::new()
    }

    fn bad_body(&self, req: &Req) -> Resp {
        error(req, 400, OBJECT_BODY)
    }

    fn bodies(&self, req: &Req, idx: usize) -> Result<Vec<Map<String, Value>>, Resp> {
        let create = coll(idx).map_or(Create::No, |c| c.create);
        match (create, req.json()) {
            (Create::Object, Some(Value::Object(m))) => Ok(vec![m]),
            (Create::Bulk, Some(Value::Array(a))) if !a.is_empty() => a
                .into_iter()
                .map(|v| v.as_object().cloned())
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| error(req, 400, "Each array item must be an object")),
            (Create::Bulk, _) => Err(error(
                req,
                400,
                "Request body must be a non-empty JSON array",
            )),
            _ => Err(error(req, 400, OBJECT_BODY)),
        }
    }

    fn next_id(&mut self, idx: usize) -> Option<Value> {
        crate::crud::bump(self.0.next_ids.get_mut(idx))
    }

    /// Merge the body (nulls and its id dropped) onto the base, then the
    /// collection's own checks and the name rules.
    fn build(&self, req: &Req, mut body: Map<String, Value>, w: Write) -> Result<Built, Resp> {
        let Some(coll) = coll(w.idx) else {
            return Err(no_route(req));
        };
        body.remove("id");
        body.retain(|_, v| !v.is_null());
        let mut obj = w.base.clone();
        overlay(&mut obj, &body);
        (coll.build)(self.0, &mut obj, w.existing).map_err(|m| error(req, 400, &m))?;
        self.check_name(coll, &w, &obj)
            .map_err(|m| error(req, 400, &m))?;
        Ok(obj.into())
    }

    /// Two objects of one bulk create may not share a name.
    fn check_batch(&self, req: &Req, idx: usize, built: &[Built]) -> Result<(), Resp> {
        let Some((last, rest)) = built.split_last() else {
            return Ok(());
        };
        let field = coll(idx).map_or("name", |c| c.name_field);
        let name = last.obj.get(field);
        if rest.iter().any(|b| b.obj.get(field) == name) {
            return Err(error(req, 400, "Duplicate names in the request"));
        }
        Ok(())
    }

    fn finish(&self, idx: usize, mut obj: Map<String, Value>, id: Value) -> Value {
        obj.insert("id".into(), id);
        // `finish` runs on update too: only collections without one (tags)
        // set `creation_time`, so this is a creation stamp.
        if coll(idx).is_some_and(|c| c.creation_time) {
            obj.insert("creationTime".into(), json!(now_secs()));
        }
        Value::Object(keys_first(obj, &["id"]))
    }

    fn created(&self, _: &Req, idx: usize, stored: Vec<Value>) -> Resp {
        match coll(idx).map(|c| c.create) {
            Some(Create::Bulk) => Resp::ok(Value::Array(
                stored
                    .iter()
                    .map(|v| json!({"id": v["id"], "message": format!("{} created", what(idx))}))
                    .collect(),
            )),
            _ => Resp::ok(stored.into_iter().next().unwrap_or(Value::Null)),
        }
    }

    /// PATCH answers 204, PUT 200 with the object.
    fn updated(&self, idx: usize, stored: Value) -> Resp {
        match coll(idx).and_then(|c| c.update.as_ref()) {
            Some((_, 204)) => Resp::no_content(),
            _ => Resp::ok(stored),
        }
    }

    /// The collection's delete conflict (409), if any.
    fn before_delete(&self, req: &Req, idx: usize, item: &Value, id: &str) -> Result<(), Resp> {
        let check = coll(idx).and_then(|c| c.delete_conflict);
        match check.and_then(|f| f(self.0, item)) {
            Some(why) => Err(error(req, 409, &format!("{} {id} {why}", what(idx)))),
            None => Ok(()),
        }
    }

    fn not_found(&self, req: &Req, idx: usize, id: &str) -> Resp {
        error(req, 404, &format!("{} with id {id} not found", what(idx)))
    }

    fn not_allowed(&self, req: &Req) -> Resp {
        method_not_allowed(req)
    }

    fn no_route(&self, req: &Req) -> Resp {
        no_route(req)
    }
}
