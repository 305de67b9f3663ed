//! The Cloud & Branch Connector wire dialect of the shared CRUD engine
//! (`crud::serve`): the ZIA family's conventions (plain arrays, optional
//! ZIA paging, `/lite`, integer ids, full replace on PUT, 200 with the
//! stored object) plus ZTW's write gate: predefined (`isNonEditable`)
//! items refuse PUT and DELETE, and every write stages a change for
//! activation.

use super::specs::{Spec, SPECS};
use super::ZtwState;
use crate::crud::{self, Built, Dialect, Stored, UpdateMode, Verbs, Write};
use crate::util::{icontains, keys_first, now_secs, overlay, scalar_string, Req, Resp};
use crate::zia::{
    duplicate, id_of, invalid_body, invalid_input, method_not_allowed, no_route, not_found,
    zia_list,
};
use axum::http::Method;
use serde_json::{json, Map, Value};

/// The ZTW state seen through the CRUD engine.
pub(super) struct ZtwCrud<'a>(pub &'a mut ZtwState);

fn spec(idx: usize) -> Option<&'static Spec> {
    SPECS.get(idx)
}

fn what(idx: usize) -> &'static str {
    spec(idx).map_or("Resource", |s| s.what)
}

fn protected(v: &Value) -> bool {
    v.get("isNonEditable").and_then(Value::as_bool) == Some(true)
        || v.get("predefined").and_then(Value::as_bool) == Some(true)
}

impl ZtwCrud<'_> {
    /// 400 `DUPLICATE_ITEM` when another item of the collection has this
    /// name (case-insensitive, trimmed).
    fn check_unique(&self, w: &Write, body: &Map<String, Value>) -> Result<(), Resp> {
        let name = body
            .get("name")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        let self_id = w.existing.and_then(id_of);
        let clash = !name.is_empty()
            && self.items(w.idx).iter().any(|v| {
                id_of(v) != self_id
                    && v.get("name")
                        .and_then(Value::as_str)
                        .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
            });
        if clash {
            return Err(duplicate(&format!(
                "{} with name '{name}' already exists",
                what(w.idx)
            )));
        }
        Ok(())
    }
}

impl Dialect for ZtwCrud<'_> {
    fn base(&self, idx: usize) -> Option<&'static [&'static str]> {
        spec(idx).map(|s| std::slice::from_ref(&s.key))
    }

    fn verbs(&self, idx: usize) -> Verbs {
        let s = spec(idx);
        let writable = s.is_some_and(|s| s.writable);
        Verbs {
            list: true,
            create: writable,
            get: s.is_some_and(|s| s.get),
            update: writable.then_some(Method::PUT),
            delete: writable,
            lite: s.is_some_and(|s| s.lite.is_some()),
        }
    }

    fn items(&self, idx: usize) -> &[Value] {
        self.0.colls.get(idx).map_or(&[], Vec::as_slice)
    }

    fn items_mut(&mut self, idx: usize) -> Option<&mut Vec<Value>> {
        self.0.colls.get_mut(idx)
    }

    fn keep(&self, req: &Req, idx: usize, v: &Value) -> bool {
        let Some(spec) = spec(idx) else {
            return false;
        };
        let search = req.q("search").map(str::trim).filter(|s| !s.is_empty());
        let found = search.is_none_or(|q| {
            spec.search_fields.iter().any(|f| {
                v.get(*f)
                    .and_then(scalar_string)
                    .is_some_and(|s| icontains(&s, q))
            })
        });
        found && (spec.filter)(req, v)
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
        crud::bump(self.0.next_ids.get_mut(idx))
    }

    fn before_update(&self, idx: usize, existing: &Value, id: &str) -> Result<(), Resp> {
        if protected(existing) {
            return Err(invalid_input(&format!(
                "{} {id} is predefined and cannot be changed",
                what(idx)
            )));
        }
        Ok(())
    }

    /// Conform to the template's types, drop server fields, check required
    /// fields, the collection's validator and name uniqueness, then lay
    /// the body over the template.
    fn build(&self, _: &Req, body: Map<String, Value>, w: Write) -> Result<Built, Resp> {
        let Some(spec) = spec(w.idx) else {
            return Err(invalid_body());
        };
        let mut body =
            crud::conform(body, &w.base, crud::NumericStrings::Int).map_err(|()| invalid_body())?;
        for k in ["id", "isNonEditable", "lastModifiedTime", "lastModifiedBy"] {
            body.remove(k);
        }
        for f in spec.required {
            if crud::is_blank(body.get(*f)) {
                return Err(invalid_input(&format!("{}: '{f}' is required", spec.what)));
            }
        }
        if let Some(check) = spec.validate {
            check(&body)?;
        }
        self.check_unique(&w, &body)?;
        let mut obj = w.base;
        overlay(&mut obj, &body);
        obj.retain(|_, v| !v.is_null());
        if spec.stamp {
            obj.insert("lastModifiedTime".into(), json!(now_secs()));
            obj.insert("lastModifiedBy".into(), crate::zia::api_admin());
        }
        Ok(obj.into())
    }

    fn finish(&self, _: usize, mut obj: Map<String, Value>, id: Value) -> Value {
        obj.insert("id".into(), id);
        Value::Object(keys_first(obj, &["id", "name"]))
    }

    /// Every write stages a change for activation.
    fn after_store(&mut self, w: Stored) -> Value {
        self.0.pending = true;
        self.items(w.idx).get(w.pos).cloned().unwrap_or(Value::Null)
    }

    fn before_delete(&self, _: &Req, idx: usize, item: &Value, id: &str) -> Result<(), Resp> {
        if protected(item) {
            return Err(invalid_input(&format!(
                "{} {id} is predefined and cannot be deleted",
                what(idx)
            )));
        }
        Ok(())
    }

    fn after_delete(&mut self, _: usize, _: Option<&str>) {
        self.0.pending = true;
    }

    fn not_found(&self, _: &Req, idx: usize, id: &str) -> Resp {
        not_found(what(idx), id)
    }

    fn not_allowed(&self, req: &Req) -> Resp {
        method_not_allowed(&req.method)
    }

    fn no_route(&self, req: &Req) -> Resp {
        no_route(req)
    }
}
