//! ZIA users: their list filters and write checks.

use super::*;

/// `name`, `dept` and `group` (starts with) and `search` (name or email
/// contains).
pub(crate) fn user_filter(req: &Req, u: &Value) -> bool {
    let q = |k: &str| req.q(k).filter(|s| !s.is_empty());
    let in_groups = |g: &str| {
        u.get("groups")
            .and_then(Value::as_array)
            .is_some_and(|gs| gs.iter().any(|x| istarts_with(str_field(x, "name"), g)))
    };
    let in_dept = |d: &str| {
        u.get("department")
            .is_some_and(|dep| istarts_with(str_field(dep, "name"), d))
    };
    q("name").is_none_or(|n| istarts_with(str_field(u, "name"), n))
        && q("dept").is_none_or(in_dept)
        && q("group").is_none_or(in_groups)
        && q("search").is_none_or(|s| {
            icontains(str_field(u, "name"), s) || icontains(str_field(u, "email"), s)
        })
}

/// Validate a user body and build the user (the password is checked and
/// never stored).
pub(crate) fn build_user(
    st: &ZiaState,
    _: &Req,
    body: Map<String, Value>,
    existing: Option<&Value>,
) -> Result<Built, Resp> {
    let field = |k: &str| crate::util::trimmed(&body, k);
    let name = field("name");
    let email = field("email");
    if name.is_empty() {
        return Err(invalid_input("User name is required"));
    }
    if email.is_empty() {
        return Err(invalid_input("User email is required"));
    }
    if existing.is_none() && field("password").is_empty() {
        return Err(invalid_input("A password is required to create a user"));
    }
    if name_taken(&st.users, "email", &email, existing.and_then(id_of)) {
        return Err(duplicate(&format!(
            "A user with email '{email}' already exists"
        )));
    }
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
    obj.insert("name".into(), json!(name));
    obj.insert("email".into(), json!(email));
    enrich_refs(&mut obj, "groups", &st.groups);
    if let Some(r) = obj.get_mut("department") {
        fill_ref_name(r, &st.departments);
    }
    Ok(obj.into())
}
