//! ZIA users.

use super::*;

pub(crate) fn users_list(st: &ZiaState, req: &Req) -> Resp {
    let name = req.q("name").filter(|s| !s.is_empty());
    let dept = req.q("dept").filter(|s| !s.is_empty());
    let group = req.q("group").filter(|s| !s.is_empty());
    let search = req.q("search").filter(|s| !s.is_empty());
    let items: Vec<Value> = st
        .users
        .iter()
        .filter(|u| name.is_none_or(|n| istarts_with(str_field(u, "name"), n)))
        .filter(|u| {
            dept.is_none_or(|d| {
                u.get("department")
                    .is_some_and(|dep| istarts_with(str_field(dep, "name"), d))
            })
        })
        .filter(|u| {
            group.is_none_or(|g| {
                u.get("groups")
                    .and_then(Value::as_array)
                    .is_some_and(|gs| gs.iter().any(|x| istarts_with(str_field(x, "name"), g)))
            })
        })
        .filter(|u| {
            search.is_none_or(|s| {
                icontains(str_field(u, "name"), s) || icontains(str_field(u, "email"), s)
            })
        })
        .cloned()
        .collect();
    zia_page(req, items, 100, 10_000)
}

pub(crate) fn user_write(st: &mut ZiaState, req: &Req, id: Option<&str>) -> Resp {
    let existing = match id {
        Some(id) => match find_idx(&st.users, id) {
            Some(i) => Some(st.users[i].clone()),
            None => return not_found("User", id),
        },
        None => None,
    };
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let field = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let name = field("name");
    let email = field("email");
    if name.is_empty() {
        return invalid_input("User name is required");
    }
    if email.is_empty() {
        return invalid_input("User email is required");
    }
    if existing.is_none() && field("password").is_empty() {
        return invalid_input("A password is required to create a user");
    }
    let existing_id = existing.as_ref().and_then(id_of);
    if name_taken(&st.users, "email", &email, existing_id) {
        return duplicate(&format!("A user with email '{email}' already exists"));
    }
    let new_id = match existing_id {
        Some(i) => i,
        None => st.new_id(),
    };
    let mut obj = json!({
        "id": 0,
        "name": "",
        "email": "",
        "groups": [],
        "comments": "",
        "adminUser": false,
        "isNonEditable": false,
        "pwdLastModifiedTime": 0,
        "deleted": false,
        "pilotUser": false,
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    overlay(&mut obj, &body);
    obj.retain(|_, v| !v.is_null());
    obj.remove("password");
    obj.insert("id".into(), json!(new_id));
    obj.insert("name".into(), json!(name));
    obj.insert("email".into(), json!(email));
    enrich_refs(&mut obj, "groups", &st.groups);
    enrich_ref(&mut obj, "department", &st.departments);
    let v = Value::Object(obj);
    match st.users.iter().position(|u| id_of(u) == Some(new_id)) {
        Some(i) => st.users[i] = v.clone(),
        None => st.users.push(v.clone()),
    }
    st.mark_pending();
    Resp::ok(v)
}
