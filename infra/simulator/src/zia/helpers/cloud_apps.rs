//! ZIA cloud application catalogs: policy and shadow IT applications
//! (lite list and bulk update).

use super::*;

/// (app, appName, parent, parentName)
static CLOUD_APPS: &[(&str, &str, &str, &str)] = &[
    ("GOOGLE_WEBMAIL", "Gmail", "WEBMAIL", "Webmail"),
    ("YAHOO_WEBMAIL", "Yahoo Mail", "WEBMAIL", "Webmail"),
    ("OUTLOOK_WEBMAIL", "Outlook.com", "WEBMAIL", "Webmail"),
    ("YOUTUBE", "YouTube", "STREAMING_MEDIA", "Streaming Media"),
    ("NETFLIX", "Netflix", "STREAMING_MEDIA", "Streaming Media"),
    ("VIMEO", "Vimeo", "STREAMING_MEDIA", "Streaming Media"),
    ("TWITCH", "Twitch", "STREAMING_MEDIA", "Streaming Media"),
    (
        "FACEBOOK",
        "Facebook",
        "SOCIAL_NETWORKING",
        "Social Networking",
    ),
    (
        "LINKEDIN",
        "LinkedIn",
        "SOCIAL_NETWORKING",
        "Social Networking",
    ),
    (
        "TWITTER",
        "X (Twitter)",
        "SOCIAL_NETWORKING",
        "Social Networking",
    ),
    ("DROPBOX", "Dropbox", "FILE_SHARE", "File Sharing"),
    ("BOX", "Box", "FILE_SHARE", "File Sharing"),
    ("WETRANSFER", "WeTransfer", "FILE_SHARE", "File Sharing"),
    ("GOOGLE_DRIVE", "Google Drive", "FILE_SHARE", "File Sharing"),
    ("CHATGPT_AI", "ChatGPT", "AI_ML", "AI & ML Applications"),
    (
        "GOOGLE_GEMINI",
        "Google Gemini",
        "AI_ML",
        "AI & ML Applications",
    ),
    ("SLACK", "Slack", "INSTANT_MESSAGING", "Instant Messaging"),
    (
        "MSTEAMS",
        "Microsoft Teams",
        "ENTERPRISE_COLLABORATION",
        "Collaboration & Online Meetings",
    ),
    (
        "ZOOM",
        "Zoom",
        "ENTERPRISE_COLLABORATION",
        "Collaboration & Online Meetings",
    ),
    ("GITHUB", "GitHub", "SYSTEM_AND_DEVELOPMENT", "DevOps"),
    (
        "SALESFORCE",
        "Salesforce",
        "SALES_AND_MARKETING",
        "Sales & Marketing",
    ),
    ("WORKDAY", "Workday", "HUMAN_RESOURCES", "Human Resources"),
];

/// `GET /cloudApplications/policy` and `/sslPolicy`: `search` (name
/// contains), `appClass` (repeatable or comma-separated), `groupResults`
/// (counts per class), `page`/`pageSize` (default 200, max 1000).
pub(crate) fn cloud_app_policy(req: &Req) -> Resp {
    let classes: Vec<String> = req
        .query
        .iter()
        .filter(|(k, _)| k == "appClass")
        .flat_map(|(_, v)| v.split(','))
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    let search = req.q("search").map(str::trim).filter(|s| !s.is_empty());
    let apps: Vec<&(&str, &str, &str, &str)> = CLOUD_APPS
        .iter()
        .filter(|(_, _, parent, _)| classes.is_empty() || classes.iter().any(|c| c == parent))
        .filter(|(app, name, _, _)| {
            search.is_none_or(|s| crate::util::icontains(name, s) || crate::util::icontains(app, s))
        })
        .collect();
    if req.q_bool("groupResults") {
        let mut counts = Map::new();
        for (_, _, parent, _) in &apps {
            let n = counts.get(*parent).and_then(Value::as_u64).unwrap_or(0);
            counts.insert((*parent).to_string(), json!(n + 1));
        }
        return Resp::ok(Value::Object(counts));
    }
    let items: Vec<Value> = apps
        .iter()
        .map(|(app, name, parent, pname)| json!({"app": app, "appName": name, "parent": parent, "parentName": pname}))
        .collect();
    zia_page(req, items, 200, 1000)
}

/// `GET /cloudApplications/lite?pageNumber=&limit=` (0-based page number).
pub(crate) fn shadow_apps_lite(more: &MoreState, req: &Req) -> Resp {
    let limit = parse_count(req.q("limit"))
        .filter(|n| *n > 0)
        .unwrap_or(1000);
    let page = parse_count(req.q("pageNumber")).unwrap_or(0);
    let items: Vec<Value> = more
        .shadow_apps
        .iter()
        .map(|a| json!({"id": a.get("id").cloned().unwrap_or(Value::Null), "name": a.get("name").cloned().unwrap_or(Value::Null)}))
        .collect();
    Resp::ok(Value::Array(crate::util::page_slice(
        &items,
        page.saturating_add(1),
        limit,
    )))
}

/// `PUT /cloudApplications/bulkUpdate {"sanctionedState","applicationIds","customTags":[{id}]}`.
pub(crate) fn shadow_bulk_update(more: &mut MoreState, req: &Req) -> Resp {
    let Some(body) = req.json_object() else {
        return invalid_body();
    };
    let state = body
        .get("sanctionedState")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !matches!(state, "SANCTIONED" | "UN_SANCTIONED" | "ANY") {
        return invalid_input("sanctionedState must be SANCTIONED, UN_SANCTIONED or ANY");
    }
    let ids: Vec<i64> = match body.get("applicationIds") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => {
            let parsed: Option<Vec<i64>> = a
                .iter()
                .map(|v| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok()))
                .collect();
            match parsed {
                Some(p) => p,
                None => return invalid_body(),
            }
        }
        Some(_) => return invalid_body(),
    };
    if let Some(bad) = ids
        .iter()
        .find(|id| !more.shadow_apps.iter().any(|a| id_of(a) == Some(**id)))
    {
        return invalid_input(&format!("Cloud application {bad} does not exist"));
    }
    let tags = more.coll("customTags").to_vec();
    let mut tag_refs = Vec::new();
    match body.get("customTags") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for t in a {
                let id = t
                    .get("id")
                    .and_then(|v| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok()));
                let Some(id) = id else {
                    return invalid_body();
                };
                let Some(tag) = tags.iter().find(|x| id_of(x) == Some(id)) else {
                    return invalid_input(&format!("Custom tag {id} does not exist"));
                };
                tag_refs.push(tag.clone());
            }
        }
        Some(_) => return invalid_body(),
    }
    for app in more.shadow_apps.iter_mut() {
        if id_of(app).is_some_and(|id| ids.contains(&id)) {
            if let Some(o) = app.as_object_mut() {
                o.insert("sanctionedState".into(), json!(state));
                o.insert("customTags".into(), Value::Array(tag_refs.clone()));
            }
        }
    }
    more.touch();
    Resp::ok(json!({"sanctionedState": state, "applicationIds": ids, "customTags": tag_refs}))
}
