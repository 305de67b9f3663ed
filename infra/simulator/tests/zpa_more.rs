//! End-to-end tests of the registry-driven ZPA collections and the special
//! ZPA endpoints, over real loopback HTTP. The CRUD walk is generated from
//! `zscaler_sim::zpa_collections()` so every collection in the registry is
//! covered.

mod common;
use common::*;

use reqwest::Method;
use serde_json::{json, Value};
use zscaler_sim::{zpa_collections, Fault, FaultKind, ZpaCollectionInfo};

const CUSTOMER: &str = "sandbox-customer";
const IDP: &str = "216196257331285825";
const CG_SJC: &str = "216196257331370190";
const CG_USW2: &str = "216196257331370191";
const SEG_SJC: &str = "216196257331382979";
const CERT_WILDCARD: &str = "216196257331372201";
const CERT_PORTAL: &str = "216196257331372202";

fn list_of(v: &Value) -> &Vec<Value> {
    v["list"]
        .as_array()
        .unwrap_or_else(|| panic!("expected a ZPA list envelope, got {v}"))
}

fn id_str(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("string id in {v}"))
        .to_string()
}

/// Percent-encode everything but unreserved characters.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn not_found_body(id: &str) -> Value {
    json!({"id":"resource.not.found","reason":format!("No resource exists with the given id/name :{id}"),"params":[id]})
}

/// A scalar of the request must come back equal (numbers may come back as
/// ZPA string numbers); objects compare recursively, string arrays as is.
fn assert_echoes(ctx: &str, sent: &Value, got: &Value, skip: &[&str]) {
    let Some(obj) = sent.as_object() else {
        return;
    };
    for (k, v) in obj {
        if skip.contains(&k.as_str()) {
            continue;
        }
        match v {
            Value::String(_) | Value::Bool(_) => assert_eq!(&got[k], v, "{ctx}: field {k}"),
            Value::Number(n) => assert!(
                got[k] == *v || got[k] == json!(n.to_string()),
                "{ctx}: field {k}: sent {v}, got {}",
                got[k]
            ),
            Value::Array(a) if a.iter().all(Value::is_string) => {
                assert_eq!(&got[k], v, "{ctx}: field {k}")
            }
            Value::Object(_) => assert_echoes(&format!("{ctx}.{k}"), v, &got[k], skip),
            _ => {}
        }
    }
}

/// Write-only fields never appear, at any depth.
fn assert_no_secret(ctx: &str, v: &Value, fields: &[&str]) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                assert!(!fields.contains(&k.as_str()), "{ctx}: {k} was returned");
                assert_no_secret(ctx, x, fields);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| assert_no_secret(ctx, x, fields)),
        _ => {}
    }
}

fn name_at<'a>(info: &ZpaCollectionInfo, item: &'a Value) -> &'a str {
    item.pointer(&format!("/{}", info.name_path))
        .and_then(Value::as_str)
        .unwrap_or("")
}

// ------------------------------------------------------------------ registry walk

#[tokio::test]
async fn every_registry_collection_walks_its_crud_cycle() {
    let h = H::new().await;
    let colls = zpa_collections();
    assert!(
        colls.len() >= 16,
        "registry has {} collections",
        colls.len()
    );
    for info in &colls {
        let ctx = info.name;
        let list_url = h.url(&info.list_path(CUSTOMER));
        let item_url = |id: &str| h.url(&info.item_path(CUSTOMER, id));
        assert!(info.seeded >= 3, "{ctx}: at least 3 seeds");
        assert!(info.list, "{ctx}: every collection lists");

        // List: the ZPA envelope with string counts.
        let (st, v) = h.get(&list_url).await;
        assert_eq!(st, 200, "{ctx}: list {v}");
        let total = info.seeded.to_string();
        assert_eq!(
            v["totalCount"].as_str(),
            Some(total.as_str()),
            "{ctx}: totalCount"
        );
        assert_eq!(v["totalPages"], "1", "{ctx}: totalPages");
        let items = list_of(&v).clone();
        assert_eq!(items.len(), info.seeded, "{ctx}: every seed listed");
        let mut names: Vec<&str> = items.iter().map(|i| name_at(info, i)).collect();
        assert!(names.iter().all(|n| !n.is_empty()), "{ctx}: names");
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), items.len(), "{ctx}: unique names");
        for it in &items {
            assert!(it["id"].is_string(), "{ctx}: string ids");
        }
        // The other API version is served too.
        let other = if info.list_version == "v1" {
            "v2"
        } else {
            "v1"
        };
        let other_url = h.url(&format!(
            "/zpa/mgmtconfig/{other}/admin/customers/{CUSTOMER}/{}",
            info.rest
        ));
        assert_eq!(
            h.get(&other_url).await.1["totalCount"],
            v["totalCount"],
            "{ctx}: {other}"
        );

        // Paging with lower-case pagesize.
        let (_, p2) = h.get(&format!("{list_url}?page=2&pagesize=1")).await;
        assert_eq!(
            p2["totalPages"].as_str(),
            Some(total.as_str()),
            "{ctx}: pages of 1"
        );
        assert_eq!(list_of(&p2).as_slice(), &items[1..2], "{ctx}: page 2");

        // Search by name, %2B-encoded and with literal '+'.
        let first_name = name_at(info, &items[0]).to_string();
        let (_, found) = h
            .get(&format!(
                "{list_url}?search={}",
                enc(&format!("name+EQ+{first_name}"))
            ))
            .await;
        assert_eq!(found["totalCount"], "1", "{ctx}: search EQ {first_name}");
        assert_eq!(list_of(&found)[0], items[0], "{ctx}: search hit");
        let (_, found) = h
            .get(&format!("{list_url}?search=name+EQ+{}", enc(&first_name)))
            .await;
        assert_eq!(found["totalCount"], "1", "{ctx}: search with '+'");
        let (_, none) = h
            .get(&format!("{list_url}?search=name%2BEQ%2Bno-such-name"))
            .await;
        assert_eq!(
            (none["totalCount"].as_str(), none["totalPages"].as_str()),
            (Some("0"), Some("0")),
            "{ctx}"
        );

        // Get.
        let first_id = id_str(&items[0]);
        if info.get {
            let (st, got) = h.get(&item_url(&first_id)).await;
            assert_eq!(
                (st, &got),
                (200, &items[0]),
                "{ctx}: get equals the listed item"
            );
            let (st, got) = h.get(&item_url("999999999")).await;
            assert_eq!(
                (st, got),
                (400, not_found_body("999999999")),
                "{ctx}: unknown id"
            );
        } else {
            let (st, got) = h.get(&item_url(&first_id)).await;
            assert_eq!(
                (st, got["id"].as_str()),
                (404, Some("api.not.found")),
                "{ctx}: no get"
            );
        }

        // Methods a collection does not have.
        if !info.create {
            assert_eq!(
                h.post(&list_url, json!({"name": "x"})).await.0,
                405,
                "{ctx}: POST"
            );
        }
        if info.get && !info.update {
            assert_eq!(
                h.put(&item_url(&first_id), json!({"name": "x"})).await.0,
                405,
                "{ctx}: PUT"
            );
        }
        if info.get && !info.delete {
            assert_eq!(h.delete(&item_url(&first_id)).await.0, 405, "{ctx}: DELETE");
        }
        let skip: Vec<&str> = info
            .write_only
            .iter()
            .chain(info.request_only.iter())
            .copied()
            .collect();

        // Create.
        let target = if info.create {
            let sample = info.sample_create.clone().unwrap();
            let (st, created) = h.post(&list_url, sample.clone()).await;
            assert_eq!(st, info.create_status, "{ctx}: create: {created}");
            assert_echoes(ctx, &sample, &created, &skip);
            assert_no_secret(ctx, &created, &info.write_only);
            let new_id = id_str(&created);
            assert!(
                !items.iter().any(|i| id_str(i) == new_id),
                "{ctx}: fresh id"
            );
            assert!(new_id.parse::<u64>().is_ok(), "{ctx}: numeric string id");
            for k in ["modifiedTime", "creationTime"] {
                let t = created[k]
                    .as_str()
                    .or_else(|| created["config"][k].as_str());
                assert!(t.is_some_and(|t| t.parse::<u64>().is_ok()), "{ctx}: {k}");
            }
            assert_eq!(
                h.get(&item_url(&new_id)).await,
                (200, created.clone()),
                "{ctx}: get after create"
            );
            let (_, all) = h.get(&format!("{list_url}?pagesize=500")).await;
            assert_eq!(
                all["totalCount"],
                json!((info.seeded + 1).to_string()),
                "{ctx}: listed"
            );
            assert_no_secret(ctx, &all, &info.write_only);
            // Bad bodies.
            let (st, e) = h.post(&list_url, json!(["array"])).await;
            assert_eq!(
                (st, e["id"].as_str()),
                (400, Some("invalid.request.body")),
                "{ctx}"
            );
            let (st, _) = h.raw(Method::POST, &list_url, "{not json").await;
            assert_eq!(st, 400, "{ctx}: broken JSON");
            let (st, e) = h.post(&list_url, json!({})).await;
            assert_eq!(st, 400, "{ctx}: empty body is missing required fields");
            assert!(
                e["id"].as_str().unwrap().starts_with("invalid."),
                "{ctx}: {e}"
            );
            Some((new_id, created))
        } else if info.update {
            Some((first_id.clone(), items[0].clone()))
        } else {
            None
        };

        // Update: 204, empty body, merged onto the stored object.
        if let (true, Some((id, before))) = (info.update, target.as_ref()) {
            let update = info.sample_update.clone().unwrap();
            let r = h
                .send(Method::PUT, &item_url(id), Some(update.clone()))
                .await;
            assert_eq!(r.status(), 204, "{ctx}: update");
            assert!(r.text().await.unwrap().is_empty(), "{ctx}: PUT has no body");
            let (_, after) = h.get(&item_url(id)).await;
            assert_echoes(ctx, &update, &after, &skip);
            assert_no_secret(ctx, &after, &info.write_only);
            assert_eq!(after["id"], before["id"], "{ctx}: id kept");
            let untouched = info.sample_create.clone().unwrap_or_else(|| before.clone());
            for (k, v) in untouched.as_object().unwrap() {
                let kept = !update.as_object().unwrap().contains_key(k)
                    && !skip.contains(&k.as_str())
                    && k != "modifiedTime"
                    && (v.is_string() || v.is_boolean());
                if kept {
                    assert_eq!(&after[k], v, "{ctx}: PUT merges, {k} kept");
                }
            }
            let (st, e) = h.put(&item_url("999999999"), update).await;
            assert_eq!(
                (st, e),
                (400, not_found_body("999999999")),
                "{ctx}: update unknown"
            );
            assert_eq!(
                h.put(&item_url(id), json!("string")).await.0,
                400,
                "{ctx}: bad PUT body"
            );
        }

        // Delete.
        if let (true, Some((id, _))) = (info.delete, target.as_ref()) {
            assert_eq!(
                h.delete(&item_url(id)).await,
                (204, Value::Null),
                "{ctx}: delete"
            );
            assert_eq!(h.get(&item_url(id)).await.0, 400, "{ctx}: gone");
            assert_eq!(
                h.delete(&item_url(id)).await,
                (400, not_found_body(id)),
                "{ctx}: twice"
            );
            let (_, after) = h.get(&list_url).await;
            let expected = if info.create {
                info.seeded
            } else {
                info.seeded - 1
            };
            assert_eq!(
                after["totalCount"],
                json!(expected.to_string()),
                "{ctx}: count after delete"
            );
        }
    }
}

#[tokio::test]
async fn registry_endpoints_need_the_token_are_logged_and_take_faults() {
    let h = H::new().await;
    for info in zpa_collections() {
        let url = h.url(&info.list_path(CUSTOMER));
        let (st, v) = json_of(h.c.get(&url).send().await.unwrap()).await;
        assert_eq!(st, 401, "{}", info.name);
        assert_eq!(v["detail"], "unauthorized", "{}: gateway body", info.name);
        // Wrong customer: the ZPA access-denied body.
        let other = h.url(&info.list_path("999"));
        assert_eq!(
            h.get(&other).await,
            (401, json!({"id":"access.denied","reason":"Access denied"})),
            "{}",
            info.name
        );
    }
    h.sim.clear_requests();
    let path = format!("/zpa/mgmtconfig/v1/admin/customers/{CUSTOMER}/praPortal");
    h.sim.add_fault(Fault {
        method: Some("GET".into()),
        path_prefix: path.clone(),
        kind: FaultKind::ZpaRateLimit,
        times: Some(1),
    });
    let r = h.send(Method::GET, &h.url(&path), None).await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers()["retry-after"], "4s");
    let (st, v) = h
        .get(&h.url(&format!(
            "{path}?search=name%2BEQ%2BEngineering%20PRA%20Portal"
        )))
        .await;
    assert_eq!((st, v["totalCount"].as_str()), (200, Some("1")));
    let log = h.sim.requests();
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].status, log[1].status), (429, 200));
    assert_eq!(log[1].path, path);
    assert_eq!(
        log[1].query,
        vec![(
            "search".to_string(),
            "name+EQ+Engineering PRA Portal".to_string()
        )]
    );
    assert!(log[1].authorized);
}

// ------------------------------------------------------------------ connectors and service edges

#[tokio::test]
async fn connectors_update_only_their_own_fields_and_follow_their_group() {
    let h = H::new().await;
    let (_, v) = h.get(&h.zpa("/connector")).await;
    assert_eq!(v["totalCount"], "4");
    let c0 = list_of(&v)[0].clone();
    assert_eq!(c0["appConnectorGroupName"], "SJC-Connector-Group");
    let id = id_str(&c0);
    // No create: connectors enrol with a provisioning key.
    assert_eq!(
        h.post(&h.zpa("/connector"), json!({"name": "x"})).await.0,
        405
    );
    // Server-reported fields are not taken from the client.
    let r = h
        .send(
            Method::PUT,
            &h.zpa(&format!("/connector/{id}")),
            Some(json!({"name": "sjc-renamed", "privateIp": "192.0.2.99",
                        "appConnectorGroupId": CG_USW2, "controlChannelStatus": "x"})),
        )
        .await;
    assert_eq!(r.status(), 204);
    let (_, got) = h.get(&h.zpa(&format!("/connector/{id}"))).await;
    assert_eq!(got["name"], "sjc-renamed");
    for k in [
        "privateIp",
        "appConnectorGroupId",
        "controlChannelStatus",
        "currentVersion",
    ] {
        assert_eq!(got[k], c0[k], "{k} unchanged");
    }
    // The group embeds its connectors as they are now.
    let (_, g) = h.get(&h.zpa(&format!("/appConnectorGroup/{CG_SJC}"))).await;
    let conns = g["connectors"].as_array().unwrap();
    assert_eq!(conns.len(), 2);
    assert_eq!(conns[0]["name"], "sjc-renamed");
    // A group renamed through the core shows its new name on its connectors.
    let r = h
        .send(
            Method::PUT,
            &h.zpa(&format!("/appConnectorGroup/{CG_SJC}")),
            Some(json!({"name": "SJC-Renamed-Group", "connectors": []})),
        )
        .await;
    assert_eq!(r.status(), 204);
    let (_, got) = h.get(&h.zpa(&format!("/connector/{id}"))).await;
    assert_eq!(got["appConnectorGroupName"], "SJC-Renamed-Group");
    let (_, g) = h.get(&h.zpa(&format!("/appConnectorGroup/{CG_SJC}"))).await;
    assert_eq!(
        g["connectors"].as_array().unwrap().len(),
        2,
        "connectors are not set through the group"
    );
}

#[tokio::test]
async fn bulk_deletes_remove_all_or_nothing() {
    let h = H::new().await;
    for (base, coll_len, group_path, group_field) in [
        (
            "/connector",
            4,
            format!("/appConnectorGroup/{CG_USW2}"),
            "connectors",
        ),
        (
            "/serviceEdge",
            4,
            format!("/serviceEdgeGroup/{SEG_SJC}"),
            "serviceEdges",
        ),
    ] {
        let (_, v) = h.get(&h.zpa(base)).await;
        assert_eq!(v["totalCount"], json!(coll_len.to_string()), "{base}");
        let (_, g) = h.get(&h.zpa(&group_path)).await;
        let members: Vec<String> = g[group_field]
            .as_array()
            .unwrap()
            .iter()
            .map(id_str)
            .collect();
        assert_eq!(members.len(), 2, "{base}: group members");
        let url = h.zpa(&format!("{base}/bulkDelete"));
        // An unknown id: 400 and nothing is deleted.
        let (st, e) = h
            .post(&url, json!({"ids": [members[0], "999999999"]}))
            .await;
        assert_eq!((st, e), (400, not_found_body("999999999")), "{base}");
        assert_eq!(
            h.get(&h.zpa(base)).await.1["totalCount"],
            json!(coll_len.to_string())
        );
        for bad in [
            json!({}),
            json!({"ids": []}),
            json!({"ids": "x"}),
            json!([1]),
        ] {
            assert_eq!(h.post(&url, bad.clone()).await.0, 400, "{base}: {bad}");
        }
        let r = h
            .send(Method::POST, &url, Some(json!({"ids": members})))
            .await;
        assert_eq!(r.status(), 204, "{base}");
        assert!(r.text().await.unwrap().is_empty());
        let (_, v) = h.get(&h.zpa(base)).await;
        assert_eq!(v["totalCount"], json!((coll_len - 2).to_string()), "{base}");
        for m in &members {
            assert_eq!(
                h.get(&h.zpa(&format!("{base}/{m}"))).await.0,
                400,
                "{base}: {m} gone"
            );
        }
        let (_, g) = h.get(&h.zpa(&group_path)).await;
        assert_eq!(g[group_field], json!([]), "{base}: group emptied");
        assert_eq!(
            h.get(&url).await.0,
            400,
            "{base}: GET bulkDelete is not an id"
        );
    }
}

#[tokio::test]
async fn service_edge_groups_derive_and_check_fields() {
    let h = H::new().await;
    let (_, g) = h.get(&h.zpa(&format!("/serviceEdgeGroup/{SEG_SJC}"))).await;
    assert_eq!(g["isPublic"], "TRUE");
    assert_eq!(g["versionProfileName"], "New Release");
    assert_eq!(
        g["trustedNetworks"][0]["networkId"],
        "3c3e55e7-cfe1-4abf-974f-276ac586309b"
    );
    assert_eq!(g["serviceEdges"].as_array().unwrap().len(), 2);
    assert_eq!(
        g["serviceEdges"][0]["serviceEdgeGroupName"],
        "Service-Edge-Group-1"
    );
    let (st, created) = h
        .post(
            &h.zpa("/serviceEdgeGroup"),
            json!({"name": "pse-x", "location": "San Jose, CA, USA", "latitude": 37.33874,
                   "longitude": -121.8852525, "isPublic": true, "versionProfileId": 1,
                   "trustedNetworks": [{"id": "216196257331372849"}]}),
        )
        .await;
    assert_eq!(st, 201, "{created}");
    assert_eq!(created["isPublic"], "TRUE");
    assert_eq!(created["latitude"], "37.33874");
    assert_eq!(created["cityCountry"], "San Jose, US");
    assert_eq!(created["countryCode"], "US");
    assert_eq!(created["versionProfileName"], "Previous Default");
    assert_eq!(created["version"]["version_profile_gid"], "1");
    assert_eq!(
        created["trustedNetworks"][0]["name"],
        "BDTrustedNetwork (zscalerthree.net)"
    );
    assert_eq!(created["serviceEdges"], json!([]));
    for (bad, why) in [
        (
            json!({"name": "b", "location": "x", "latitude": "91", "longitude": "0"}),
            "latitude",
        ),
        (
            json!({"name": "b", "location": "x", "latitude": "0", "longitude": "0", "isPublic": "maybe"}),
            "isPublic",
        ),
        (
            json!({"name": "b", "location": "x", "latitude": "0", "longitude": "0", "upgradeDay": "FUNDAY"}),
            "upgradeDay",
        ),
        (
            json!({"name": "b", "location": "x", "latitude": "0", "longitude": "0", "trustedNetworks": [{"id": "1"}]}),
            "trusted network",
        ),
        (
            json!({"name": "b", "location": "x", "latitude": "0", "longitude": "0", "versionProfileId": "9"}),
            "version profile",
        ),
        (
            json!({"name": "b", "latitude": "0", "longitude": "0"}),
            "location",
        ),
    ] {
        assert_eq!(
            h.post(&h.zpa("/serviceEdgeGroup"), bad).await.0,
            400,
            "{why}"
        );
    }
}

// ------------------------------------------------------------------ provisioning keys

#[tokio::test]
async fn provisioning_keys_by_association_type() {
    let h = H::new().await;
    for (t, n) in [
        ("CONNECTOR_GRP", "3"),
        ("SERVICE_EDGE_GRP", "2"),
        ("NP_ASSISTANT_GRP", "1"),
    ] {
        let (st, v) = h
            .get(&h.zpa(&format!("/associationType/{t}/provisioningKey")))
            .await;
        assert_eq!((st, v["totalCount"].as_str()), (200, Some(n)), "{t}");
        for k in list_of(&v) {
            assert!(
                k.get("associationType").is_none(),
                "{t}: internal field hidden"
            );
            assert!(k["provisioningKey"]
                .as_str()
                .unwrap()
                .starts_with("3|api.private.zscaler.com|"));
        }
    }
    let (st, e) = h
        .get(&h.zpa("/associationType/BOGUS_GRP/provisioningKey"))
        .await;
    assert_eq!(
        (st, e["id"].as_str()),
        (400, Some("invalid.association.type"))
    );
    let (_, conn) = h
        .get(&h.zpa("/associationType/CONNECTOR_GRP/provisioningKey/52408"))
        .await;
    assert_eq!(conn["zcomponentName"], "SJC-Connector-Group");
    assert_eq!(conn["enrollmentCertName"], "Connector");
    // A key belongs to one association type.
    let (st, _) = h
        .get(&h.zpa("/associationType/SERVICE_EDGE_GRP/provisioningKey/52408"))
        .await;
    assert_eq!(st, 400);

    // Create under SERVICE_EDGE_GRP: 200 (not 201), server-made secret.
    let url = h.zpa("/associationType/SERVICE_EDGE_GRP/provisioningKey");
    let (st, k) = h
        .post(
            &url,
            json!({"name": "pse-key", "maxUsage": 3, "enrollmentCertId": "6574", "zcomponentId": SEG_SJC,
                   "provisioningKey": "chosen-by-client", "usageCount": "99"}),
        )
        .await;
    assert_eq!(st, 200, "{k}");
    assert_eq!(k["maxUsage"], "3");
    assert_eq!(k["usageCount"], "0");
    assert_eq!(k["zcomponentName"], "Service-Edge-Group-1");
    assert_eq!(k["enrollmentCertName"], "Service Edge");
    let secret = k["provisioningKey"].as_str().unwrap();
    assert!(
        secret.starts_with("3|api.private.zscaler.com|") && secret.len() > 100,
        "{secret}"
    );
    let kid = id_str(&k);
    assert!(
        kid.parse::<u64>().unwrap() > 58_855,
        "short provisioning key ids"
    );
    // The secret cannot be changed by a PUT.
    let r = h
        .send(
            Method::PUT,
            &format!("{url}/{kid}"),
            Some(json!({"provisioningKey": "x", "maxUsage": "4"})),
        )
        .await;
    assert_eq!(r.status(), 204);
    let (_, after) = h.get(&format!("{url}/{kid}")).await;
    assert_eq!(
        (
            after["provisioningKey"].as_str(),
            after["maxUsage"].as_str()
        ),
        (Some(secret), Some("4"))
    );
    // References are checked against the association type.
    for (bad, why) in [
        (
            json!({"name": "x", "maxUsage": 1, "enrollmentCertId": "6574", "zcomponentId": CG_SJC}),
            "connector group under SERVICE_EDGE_GRP",
        ),
        (
            json!({"name": "x", "maxUsage": 1, "enrollmentCertId": "1", "zcomponentId": SEG_SJC}),
            "enrollment cert",
        ),
        (
            json!({"name": "x", "maxUsage": "lots", "enrollmentCertId": "6574", "zcomponentId": SEG_SJC}),
            "maxUsage",
        ),
        (
            json!({"name": "x", "maxUsage": 1, "enrollmentCertId": "6574"}),
            "component",
        ),
    ] {
        let (st, e) = h.post(&url, bad).await;
        assert_eq!(st, 400, "{why}: {e}");
    }
    // The recorded body: componentId is an alias of zcomponentId.
    let (st, k) = h
        .post(
            &h.zpa("/associationType/CONNECTOR_GRP/provisioningKey"),
            json!({"enrollmentCertId": "6573", "componentId": CG_USW2, "name": "recorded", "maxUsage": 2}),
        )
        .await;
    assert_eq!((st, k["zcomponentId"].as_str()), (200, Some(CG_USW2)));
    assert!(k.get("componentId").is_none());
}

#[tokio::test]
async fn enrollment_certificates_are_found_by_name_on_v2() {
    let h = H::new().await;
    let (st, v) = h
        .get(&h.zpa2("/enrollmentCert?search=name%2BEQ%2BConnector"))
        .await;
    assert_eq!((st, v["totalCount"].as_str()), (200, Some("1")));
    let cert = &list_of(&v)[0];
    assert_eq!(cert["id"], "6573");
    assert_eq!(cert["parentCertName"], "Root");
    assert!(cert["certificate"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    let (st, got) = h.get(&h.zpa("/enrollmentCert/6573")).await;
    assert_eq!((st, &got), (200, cert));
    assert_eq!(
        h.post(&h.zpa("/enrollmentCert"), json!({"name": "x"}))
            .await
            .0,
        405
    );
}

// ------------------------------------------------------------------ secrets

#[tokio::test]
async fn pra_credential_secrets_are_write_only() {
    let h = H::new().await;
    let secrets = ["password", "privateKey", "passphrase"];
    let (st, c) = h
        .post(
            &h.zpa("/credential"),
            json!({"name": "ssh-cred", "credentialType": "SSH_KEY", "userName": "root",
                   "privateKey": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----\n",
                   "passphrase": "pp"}),
        )
        .await;
    assert_eq!(st, 201, "{c}");
    assert_no_secret("create", &c, &secrets);
    assert!(
        !c.to_string().contains("OPENSSH"),
        "the key never comes back"
    );
    let id = id_str(&c);
    let reset = c["lastCredentialResetTime"].as_str().unwrap().to_string();
    assert!(reset.parse::<u64>().is_ok());
    let (_, got) = h.get(&h.zpa(&format!("/credential/{id}"))).await;
    assert_no_secret("get", &got, &secrets);
    let (_, all) = h.get(&h.zpa("/credential?pagesize=500")).await;
    assert_no_secret("list", &all, &secrets);
    assert!(!all.to_string().contains("OPENSSH"));
    // A description-only PUT keeps the reset time; a new secret moves it.
    let r = h
        .send(
            Method::PUT,
            &h.zpa(&format!("/credential/{id}")),
            Some(json!({"description": "d"})),
        )
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        h.get(&h.zpa(&format!("/credential/{id}"))).await.1["lastCredentialResetTime"],
        json!(reset)
    );
    // Changing the type needs the new type's secret.
    let (st, e) = h
        .put(
            &h.zpa(&format!("/credential/{id}")),
            json!({"credentialType": "PASSWORD"}),
        )
        .await;
    assert_eq!(
        (st, e["id"].as_str()),
        (400, Some("invalid.input.password"))
    );
    for (bad, why) in [
        (
            json!({"name": "x", "credentialType": "USERNAME_PASSWORD", "userName": "u"}),
            "password missing",
        ),
        (
            json!({"name": "x", "credentialType": "USERNAME_PASSWORD", "password": "p"}),
            "userName missing",
        ),
        (
            json!({"name": "x", "credentialType": "SSH_KEY", "userName": "u", "password": "p"}),
            "SSH key missing",
        ),
        (
            json!({"name": "x", "credentialType": "TOKEN", "password": "p"}),
            "unknown type",
        ),
        (
            json!({"credentialType": "PASSWORD", "password": "p"}),
            "name missing",
        ),
    ] {
        assert_eq!(h.post(&h.zpa("/credential"), bad).await.0, 400, "{why}");
    }
    // Seeded credentials carry no secret either.
    let (_, seeded) = h.get(&h.zpa("/credential/216196257331372401")).await;
    assert_eq!(seeded["credentialType"], "USERNAME_PASSWORD");
    assert_no_secret("seed", &seeded, &secrets);
}

#[tokio::test]
async fn ba_certificates_keep_the_private_key_and_refuse_in_use_deletes() {
    let h = H::new().await;
    let pem = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";
    let (st, c) = h
        .post(
            &h.zpa("/certificate"),
            json!({"name": "ba.sandbox.example", "pem": pem}),
        )
        .await;
    assert_eq!(st, 201, "{c}");
    assert_eq!(
        c["certificate"],
        "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ==\n-----END CERTIFICATE-----\n"
    );
    assert_eq!(c["cName"], "ba.sandbox.example");
    assert!(!c.to_string().contains("PRIVATE KEY"));
    assert!(c.get("pem").is_none());
    // The issued-certificate views list the same objects.
    for url in [
        h.zpa2("/certificate/issued"),
        h.zpa2("/clientlessCertificate/issued"),
    ] {
        let (st, v) = h.get(&url).await;
        assert_eq!((st, v["totalCount"].as_str()), (200, Some("4")), "{url}");
        assert!(!v.to_string().contains("PRIVATE KEY"));
    }
    let (st, got) = h
        .get(&h.zpa(&format!("/clientlessCertificate/{}", id_str(&c))))
        .await;
    assert_eq!((st, got), (200, c.clone()));
    for bad in [
        json!({"name": "x"}),
        json!({"name": "x", "pem": "not a certificate"}),
    ] {
        assert_eq!(h.post(&h.zpa("/certificate"), bad).await.0, 400);
    }
    // Used by the seeded PRA portals / app03's Browser Access app.
    for id in [CERT_PORTAL, CERT_WILDCARD] {
        let (st, e) = h.delete(&h.zpa(&format!("/certificate/{id}"))).await;
        assert_eq!(
            (st, e["id"].as_str()),
            (400, Some("certificate.in.use")),
            "{id}"
        );
    }
    assert_eq!(
        h.delete(&h.zpa(&format!("/certificate/{}", id_str(&c))))
            .await
            .0,
        204
    );
}

#[tokio::test]
async fn pra_portals_reference_certificates() {
    let h = H::new().await;
    let (_, p) = h.get(&h.zpa("/praPortal/216196257331372301")).await;
    assert_eq!(p["certificateName"], "portal.sandbox.example");
    let (st, created) = h
        .post(
            &h.zpa("/praPortal"),
            json!({"name": "p", "domain": "PRA-New.Sandbox.Example", "certificateId": CERT_WILDCARD}),
        )
        .await;
    assert_eq!(st, 201);
    assert_eq!(created["domain"], "pra-new.sandbox.example");
    assert_eq!(created["certificateName"], "*.sandbox.example");
    assert!(created["getcName"]
        .as_str()
        .unwrap()
        .ends_with(".p.zscalerportal.net"));
    let (st, e) = h
        .post(
            &h.zpa("/praPortal"),
            json!({"name": "p", "domain": "x.example", "certificateId": "42"}),
        )
        .await;
    assert_eq!((st, e), (400, not_found_body("42")));
    let (st, _) = h
        .post(
            &h.zpa("/praPortal"),
            json!({"name": "p", "domain": "no spaces please", "certificateId": CERT_WILDCARD}),
        )
        .await;
    assert_eq!(st, 400);
}

// ------------------------------------------------------------------ lookups

#[tokio::test]
async fn idp_attributes_and_profiles() {
    let h = H::new().await;
    // SAML attributes: all (v2), by IdP (v2), one (v1).
    let (_, all) = h.get(&h.zpa2("/samlAttribute")).await;
    assert_eq!(all["totalCount"], "5");
    assert_eq!(list_of(&all)[0]["idpName"], "Sandbox_Okta_Users");
    let (st, by_idp) = h.get(&h.zpa2(&format!("/samlAttribute/idp/{IDP}"))).await;
    assert_eq!((st, by_idp["totalCount"].as_str()), (200, Some("5")));
    assert_eq!(
        h.get(&h.zpa2("/samlAttribute/idp/123")).await,
        (400, not_found_body("123"))
    );
    let (_, one) = h.get(&h.zpa("/samlAttribute/216196257331285831")).await;
    assert_eq!(one["samlName"], "email");
    // SCIM attribute headers by IdP, and their values (userconfig, numeric
    // counts).
    let (_, attrs) = h.get(&h.zpa(&format!("/idp/{IDP}/scimattribute"))).await;
    assert_eq!(attrs["totalCount"], "5");
    assert_eq!(
        h.get(&h.zpa("/idp/123/scimattribute")).await,
        (400, not_found_body("123"))
    );
    let dept = list_of(&attrs)
        .iter()
        .find(|a| a["name"] == "department")
        .unwrap();
    let dept_id = id_str(dept);
    let (_, got) = h
        .get(&h.zpa(&format!("/idp/{IDP}/scimattribute/{dept_id}")))
        .await;
    assert_eq!(
        got["schemaURI"],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    );
    let values = h.url(&format!(
        "/zpa/userconfig/v1/customers/{CUSTOMER}/scimattribute/idpId/{IDP}/attributeId/{dept_id}"
    ));
    let (st, v) = h.get(&values).await;
    assert_eq!(st, 200);
    assert_eq!(v["totalCount"], 4, "numeric counts on userconfig");
    assert_eq!(v["list"], json!(["Engineering", "Finance", "IT", "Sales"]));
    let (_, v) = h.get(&format!("{values}?search=Fin")).await;
    assert_eq!(v["list"], json!(["Finance"]));
    let (st, _) = h
        .get(&h.url(&format!(
            "/zpa/userconfig/v1/customers/{CUSTOMER}/scimattribute/idpId/{IDP}/attributeId/1"
        )))
        .await;
    assert_eq!(st, 400);
    // IdP by id (core), posture and trusted networks on v2 lists, v1 gets.
    let (st, idp) = h.get(&h.zpa(&format!("/idp/{IDP}"))).await;
    assert_eq!(
        (st, idp["name"].as_str()),
        (200, Some("Sandbox_Okta_Users"))
    );
    let (_, p) = h.get(&h.zpa("/posture/216196257331285223")).await;
    assert_eq!(p["postureUdid"], "d0b05ecf-b36e-4b28-ab83-f8665a32fd73");
    let (_, n) = h
        .get(&h.zpa2("/network?search=name%2BCONTAINS%2BNetwork01"))
        .await;
    assert_eq!(n["totalCount"], "1");
    // Isolation profiles: a list only; AppProtection profiles: list and get.
    let (_, iso) = h.get(&h.zpa("/isolation/profiles")).await;
    assert!(list_of(&iso)[0]["isolationUrl"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let (_, insp) = h.get(&h.zpa("/inspectionProfile/216196257331372502")).await;
    assert_eq!(
        (insp["name"].as_str(), insp["paranoiaLevel"].as_str()),
        (Some("Finance PCI Strict"), Some("3"))
    );
}

// ------------------------------------------------------------------ LSS

#[tokio::test]
async fn lss_catalogs() {
    let h = H::new().await;
    let global = |rest: &str| h.url(&format!("/zpa/mgmtconfig/v2/admin/lssConfig{rest}"));
    let (st, all) = h.get(&global("/logType/formats")).await;
    assert_eq!(st, 200);
    let types: Vec<&String> = all.as_object().unwrap().keys().collect();
    assert_eq!(types.len(), 8, "{types:?}");
    for t in [
        "zpn_trans_log",
        "zpn_auth_log",
        "zpn_ast_auth_log",
        "zpn_http_trans_log",
        "zpn_audit_log",
        "zpn_sys_auth_log",
        "zpn_ast_comprehensive_stats",
        "zpn_waf_http_exchanges_log",
    ] {
        for f in ["csv", "tsv", "json"] {
            assert!(
                all[t][f].as_str().is_some_and(|s| s.ends_with("\\n")),
                "{t} {f}"
            );
        }
    }
    assert!(all["zpn_trans_log"]["json"]
        .as_str()
        .unwrap()
        .starts_with("{\"LogTimestamp\": %j{LogTimestamp:time}"));
    // One log type (Go: global path; Python: under the customer).
    for url in [
        global("/logType/formats?logType=zpn_auth_log"),
        h.zpa2("/lssConfig/logType/formats?logType=zpn_auth_log"),
    ] {
        let (st, f) = h.get(&url).await;
        assert_eq!((st, &f), (200, &all["zpn_auth_log"]), "{url}");
    }
    let (st, e) = h.get(&global("/logType/formats?logType=nope")).await;
    assert_eq!((st, e["id"].as_str()), (400, Some("invalid.log.type")));
    // Client types on both paths.
    let (_, ct) = h
        .get(&global(&format!("/customers/{CUSTOMER}/clientTypes")))
        .await;
    assert_eq!(ct["zpn_client_type_zapp"], "Client Connector");
    assert_eq!(h.get(&global("/clientTypes")).await.1, ct);
    assert_eq!(h.get(&global("/customers/999/clientTypes")).await.0, 401);
    // Status codes keyed by log type.
    let (_, sc) = h.get(&global("/statusCodes")).await;
    for t in [
        "zpn_auth_log",
        "zpn_ast_auth_log",
        "zpn_trans_log",
        "zpn_sys_auth_log",
    ] {
        assert!(!sc[t].as_object().unwrap().is_empty(), "{t}");
    }
    assert!(sc["zpn_trans_log"]["BRK_MT_TERMINATED_IDLE_TIMEOUT"].is_string());
    assert_eq!(h.post(&global("/statusCodes"), json!({})).await.0, 405);
    assert_eq!(h.get(&global("/nothing")).await.0, 404);
    // They need the token too.
    let (st, _) = json_of(h.c.get(global("/statusCodes")).send().await.unwrap()).await;
    assert_eq!(st, 401);
}

#[tokio::test]
async fn lss_configs_nest_their_config() {
    let h = H::new().await;
    let (_, v) = h
        .get(&h.zpa2(&format!(
            "/lssConfig?search={}",
            enc("name+EQ+Splunk User Status")
        )))
        .await;
    assert_eq!(v["totalCount"], "1");
    let seeded = &list_of(&v)[0];
    assert_eq!(seeded["config"]["sourceLogType"], "zpn_auth_log");
    assert_eq!(seeded["connectorGroups"][0]["name"], "SJC-Connector-Group");
    let (st, c) = h
        .post(
            &h.zpa2("/lssConfig"),
            json!({"config": {"name": "csv-default", "lssHost": "192.0.2.1", "lssPort": 514,
                              "sourceLogType": "zpn_trans_log", "filter": ["BRK_MT_TERMINATED_IDLE_TIMEOUT"]},
                   "connectorGroups": [{"id": CG_USW2}],
                   "policyRuleResource": {"name": "SIEM_POLICY", "conditions": []}}),
        )
        .await;
    assert_eq!(st, 201, "{c}");
    assert_eq!(c["config"]["id"], c["id"]);
    assert_eq!(c["config"]["lssPort"], "514");
    assert_eq!(
        (
            c["config"]["enabled"].as_bool(),
            c["config"]["useTls"].as_bool()
        ),
        (Some(true), Some(false))
    );
    assert!(
        c["config"]["format"]
            .as_str()
            .unwrap()
            .starts_with("\"%s{LogTimestamp:time}\""),
        "csv default"
    );
    assert_eq!(c["connectorGroups"][0]["name"], "AWS-USW2-Connector-Group");
    assert_eq!(c["policyRule"]["action"], "LOG");
    assert!(c.get("policyRuleResource").is_none());
    // A partial config merges onto the stored one.
    let id = id_str(&c);
    let r = h
        .send(
            Method::PUT,
            &h.zpa2(&format!("/lssConfig/{id}")),
            Some(json!({"config": {"enabled": false}})),
        )
        .await;
    assert_eq!(r.status(), 204);
    let (_, after) = h.get(&h.zpa2(&format!("/lssConfig/{id}"))).await;
    assert_eq!(
        (
            after["config"]["enabled"].as_bool(),
            after["config"]["lssHost"].as_str()
        ),
        (Some(false), Some("192.0.2.1"))
    );
    for (bad, why) in [
        (
            json!({"config": {"name": "x", "lssHost": "h", "lssPort": "1", "sourceLogType": "zpn_nope"}}),
            "log type",
        ),
        (
            json!({"config": {"name": "x", "lssHost": "h", "lssPort": "70000", "sourceLogType": "zpn_auth_log"}}),
            "port",
        ),
        (
            json!({"config": {"name": "x", "lssPort": "1", "sourceLogType": "zpn_auth_log"}}),
            "host",
        ),
        (json!({"config": "x"}), "config type"),
        (
            json!({"config": {"name": "x", "lssHost": "h", "lssPort": "1", "sourceLogType": "zpn_auth_log"},
                "connectorGroups": [{"id": "1"}]}),
            "connector group",
        ),
        (
            json!({"config": {"name": "x", "lssHost": "h", "lssPort": "1", "sourceLogType": "zpn_auth_log",
                           "filter": "all"}}),
            "filter",
        ),
    ] {
        assert_eq!(h.post(&h.zpa2("/lssConfig"), bad).await.0, 400, "{why}");
    }
}

// ------------------------------------------------------------------ application segment variants

#[tokio::test]
async fn apps_by_type_list_sub_applications() {
    let h = H::new().await;
    let (_, app03) = h.get(&h.zpa("/application?search=name%2BEQ%2Bapp03")).await;
    let app03_id = id_str(&list_of(&app03)[0]);
    for (t, n) in [
        ("BROWSER_ACCESS", "2"),
        ("SECURE_REMOTE_ACCESS", "2"),
        ("INSPECT", "1"),
    ] {
        let (st, v) = h
            .get(&h.zpa(&format!(
                "/application/getAppsByType?applicationType={t}&expandAll=false"
            )))
            .await;
        assert_eq!((st, v["totalCount"].as_str()), (200, Some(n)), "{t}");
        for it in list_of(&v) {
            assert!(
                it["appId"].is_string()
                    && it["id"].is_string()
                    && it["applicationPort"].is_string(),
                "{t}: {it}"
            );
        }
    }
    let (_, ba) = h
        .get(&h.zpa("/application/getAppsByType?applicationType=BROWSER_ACCESS"))
        .await;
    let first = &list_of(&ba)[0];
    assert_eq!(first["appId"], app03_id.as_str());
    assert_eq!(first["certificateName"], "*.sandbox.example");
    assert!(first.get("cname").is_none(), "summaries without expandAll");
    // The Python SDK's snake_case parameters, expandAll and search.
    let (_, pra) = h
        .get(&h.zpa("/application/getAppsByType?application_type=SECURE_REMOTE_ACCESS&expand_all=true&search=name%2BEQ%2Bapp06-rdp"))
        .await;
    assert_eq!(pra["totalCount"], "1");
    assert_eq!(list_of(&pra)[0]["connectionSecurity"], "ANY");
    assert_eq!(list_of(&pra)[0]["appName"], "app06");
    for bad in ["", "?applicationType=NOPE"] {
        let (st, e) = h
            .get(&h.zpa(&format!("/application/getAppsByType{bad}")))
            .await;
        assert_eq!(
            (st, e["id"].as_str()),
            (400, Some("invalid.application.type")),
            "{bad}"
        );
    }
    // The segment itself carries the sub-apps with ids.
    let (_, seg) = h.get(&h.zpa(&format!("/application/{app03_id}"))).await;
    assert_eq!(seg["clientlessApps"].as_array().unwrap().len(), 2);
    assert_eq!(seg["clientlessApps"][0]["appId"], app03_id.as_str());
    assert!(seg.get("praApps").is_none());
}

#[tokio::test]
async fn browser_access_and_pra_segments() {
    let h = H::new().await;
    let base = json!({"name": "ba-seg", "domainNames": ["ba.sandbox.example"], "segmentGroupId": "216196257331370167",
                      "serverGroups": [{"id": "216196257331370180"}], "tcpPortRanges": ["443", "443"]});
    let with = |extra: Value| {
        let mut b = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    // Browser Access through clientlessApps (Go SDK / classic Python).
    let (st, seg) = h
        .post(
            &h.zpa("/application"),
            with(json!({"clientlessApps": [{"name": "ba-web", "domain": "ba.sandbox.example",
                "applicationPort": 443, "applicationProtocol": "https", "certificateId": CERT_WILDCARD,
                "enabled": true}]})),
        )
        .await;
    assert_eq!(st, 201, "{seg}");
    let seg_id = id_str(&seg);
    let ba = &seg["clientlessApps"][0];
    assert_eq!(
        (
            ba["appId"].as_str(),
            ba["applicationPort"].as_str(),
            ba["applicationProtocol"].as_str()
        ),
        (Some(seg_id.as_str()), Some("443"), Some("HTTPS"))
    );
    assert_eq!(ba["certificateName"], "*.sandbox.example");
    let ba_id = id_str(ba);
    for (bad, why) in [
        (
            json!({"clientlessApps": [{"name": "x", "domain": "other.example", "applicationPort": "443",
                "applicationProtocol": "HTTPS", "certificateId": CERT_WILDCARD}]}),
            "domain",
        ),
        (
            json!({"clientlessApps": [{"name": "x", "domain": "ba.sandbox.example", "applicationPort": "8443",
                "applicationProtocol": "HTTPS", "certificateId": CERT_WILDCARD}]}),
            "port range",
        ),
        (
            json!({"clientlessApps": [{"name": "x", "domain": "ba.sandbox.example", "applicationPort": "443",
                "applicationProtocol": "HTTPS"}]}),
            "certificate",
        ),
        (
            json!({"clientlessApps": [{"name": "x", "domain": "ba.sandbox.example", "applicationPort": "443",
                "applicationProtocol": "FTP"}]}),
            "protocol",
        ),
        (json!({"clientlessApps": "x"}), "type"),
        (json!({"commonAppsDto": 5}), "commonAppsDto type"),
    ] {
        let mut b = with(bad);
        b["name"] = json!(format!("bad-{why}"));
        assert_eq!(h.post(&h.zpa("/application"), b).await.0, 400, "{why}");
    }
    // PRA through commonAppsDto (Python SDK), on a segment with port 22.
    let (st, pra) = h
        .post(
            &h.zpa("/application"),
            json!({"name": "pra-seg", "domainNames": ["rdp.sandbox.example", "ssh.sandbox.example"],
                   "segmentGroupId": "216196257331370168", "tcpPortRanges": ["22", "22", "3389", "3389"],
                   "commonAppsDto": {"appsConfig": [
                       {"name": "rdp1", "domain": "rdp.sandbox.example", "applicationPort": "3389",
                        "applicationProtocol": "RDP", "connectionSecurity": "NLA", "enabled": true,
                        "appTypes": ["SECURE_REMOTE_ACCESS"]}]}}),
        )
        .await;
    assert_eq!(st, 201, "{pra}");
    assert!(pra.get("commonAppsDto").is_none(), "request-only");
    let pra_id = id_str(&pra);
    let rdp = &pra["praApps"][0];
    assert_eq!(
        (rdp["connectionSecurity"].as_str(), rdp["appId"].as_str()),
        (Some("NLA"), Some(pra_id.as_str()))
    );
    let rdp_id = id_str(rdp);
    // Add an SSH app and drop the RDP one in one PUT.
    let r = h
        .send(
            Method::PUT,
            &h.zpa(&format!("/application/{pra_id}")),
            Some(json!({"commonAppsDto": {
                "appsConfig": [{"name": "ssh1", "domain": "ssh.sandbox.example", "applicationPort": 22,
                                "applicationProtocol": "SSH", "appTypes": ["SECURE_REMOTE_ACCESS"]}],
                "deletedPraApps": [rdp_id]}})),
        )
        .await;
    assert_eq!(r.status(), 204);
    let (_, after) = h.get(&h.zpa(&format!("/application/{pra_id}"))).await;
    let apps = after["praApps"].as_array().unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(
        (
            apps[0]["name"].as_str(),
            apps[0]["applicationPort"].as_str()
        ),
        (Some("ssh1"), Some("22"))
    );
    assert!(apps[0].get("connectionSecurity").is_none());
    // Echoing a GET back (Python update style) keeps sub-app ids.
    let ssh_id = id_str(&apps[0]);
    let mut echo = after.clone();
    echo["description"] = json!("echoed");
    echo["praApps"][0]["description"] = json!("ssh described");
    let r = h
        .send(
            Method::PUT,
            &h.zpa(&format!("/application/{pra_id}")),
            Some(echo),
        )
        .await;
    assert_eq!(r.status(), 204);
    let (_, again) = h.get(&h.zpa(&format!("/application/{pra_id}"))).await;
    assert_eq!(again["description"], "echoed");
    assert_eq!(
        (
            id_str(&again["praApps"][0]),
            again["praApps"][0]["description"].as_str()
        ),
        (ssh_id, Some("ssh described"))
    );
    // The by-type views see the new sub-apps.
    let (_, v) = h
        .get(&h.zpa("/application/getAppsByType?applicationType=BROWSER_ACCESS"))
        .await;
    assert!(list_of(&v).iter().any(|a| a["id"] == ba_id.as_str()));
    let (_, v) = h.get(&h.zpa("/application/getAppsByType?applicationType=SECURE_REMOTE_ACCESS&search=name%2BEQ%2Bssh1")).await;
    assert_eq!(list_of(&v)[0]["appId"], pra_id.as_str());
    // Inspection apps through commonAppsDto.
    let r = h
        .send(
            Method::PUT,
            &h.zpa(&format!("/application/{seg_id}")),
            Some(json!({"commonAppsDto": {"appsConfig": [
                {"name": "inspect1", "domain": "ba.sandbox.example", "applicationPort": "443",
                 "applicationProtocol": "HTTPS", "certificateId": CERT_WILDCARD, "appTypes": ["INSPECT"]}]}})),
        )
        .await;
    assert_eq!(r.status(), 204);
    let (_, seg) = h.get(&h.zpa(&format!("/application/{seg_id}"))).await;
    assert_eq!(seg["inspectionApps"][0]["name"], "inspect1");
    assert_eq!(
        seg["clientlessApps"][0]["id"],
        ba_id.as_str(),
        "other kinds untouched"
    );
    // Deleting the segment drops its sub-apps.
    assert_eq!(
        h.delete(&h.zpa(&format!("/application/{seg_id}?forceDelete=true")))
            .await
            .0,
        204
    );
    let (_, v) = h
        .get(&h.zpa("/application/getAppsByType?applicationType=BROWSER_ACCESS"))
        .await;
    assert!(!list_of(&v).iter().any(|a| a["id"] == ba_id.as_str()));
    // The list of all segments is unchanged in size (25 seeds + pra-seg).
    assert_eq!(h.get(&h.zpa("/application")).await.1["totalCount"], "26");
}

// ------------------------------------------------------------------ policy types

#[tokio::test]
async fn rules_of_every_policy_type() {
    let h = H::new().await;
    let cases: [(&str, &str, &str, usize, Value, Value); 5] = [
        (
            "ACCESS_POLICY",
            "1",
            "Global_Policy",
            5,
            json!({"name": "t-access", "action": "DENY"}),
            json!({"name": "t-bad", "action": "RE_AUTH"}),
        ),
        (
            "TIMEOUT_POLICY",
            "2",
            "Reauth_Policy",
            3,
            json!({"name": "t-timeout", "action": "RE_AUTH", "reauthTimeout": 3600, "reauthIdleTimeout": "-1"}),
            json!({"name": "t-bad", "action": "RE_AUTH", "reauthTimeout": "soon"}),
        ),
        (
            "CLIENT_FORWARDING_POLICY",
            "4",
            "Bypass_Policy",
            3,
            json!({"name": "t-fwd", "action": "INTERCEPT_ACCESSIBLE"}),
            json!({"name": "t-bad", "action": "ALLOW"}),
        ),
        (
            "ISOLATION_POLICY",
            "5",
            "Isolation_Policy",
            3,
            json!({"name": "t-iso", "action": "ISOLATE", "zpnIsolationProfileId": "216196257331372603",
                "conditions": [{"operator": "OR", "operands": [{"objectType": "CLIENT_TYPE", "values": ["zpn_client_type_exporter"]}]}]}),
            json!({"name": "t-bad", "action": "ISOLATE"}),
        ),
        (
            "INSPECTION_POLICY",
            "6",
            "Inspection_Policy",
            3,
            json!({"name": "t-insp", "action": "INSPECT", "zpnInspectionProfileId": "216196257331372503"}),
            json!({"name": "t-bad", "action": "INSPECT", "zpnInspectionProfileId": "1"}),
        ),
    ];
    for (t, ptype, set_name, seeded, good, bad) in cases {
        let (st, ps) = h.get(&h.zpa(&format!("/policySet/policyType/{t}"))).await;
        assert_eq!(
            (st, ps["policyType"].as_str(), ps["name"].as_str()),
            (200, Some(ptype), Some(set_name)),
            "{t}"
        );
        let ps_id = id_str(&ps);
        let rules_url = h.zpa(&format!("/policySet/rules/policyType/{t}"));
        let (_, rules) = h.get(&rules_url).await;
        assert_eq!(
            rules["totalCount"],
            json!(seeded.to_string()),
            "{t}: seeded rules"
        );
        let orders: Vec<&str> = list_of(&rules)
            .iter()
            .map(|r| r["ruleOrder"].as_str().unwrap())
            .collect();
        let want: Vec<String> = (1..=seeded).map(|n| n.to_string()).collect();
        assert_eq!(orders, want, "{t}: contiguous orders");
        for r in list_of(&rules) {
            assert_eq!(
                (r["policyType"].as_str(), r["policySetId"].as_str()),
                (Some(ptype), Some(ps_id.as_str())),
                "{t}"
            );
        }
        // v1 create, v2 create.
        let (st, v1) = h
            .post(&h.zpa(&format!("/policySet/{ps_id}/rule")), good.clone())
            .await;
        assert_eq!(st, 201, "{t}: {v1}");
        assert_eq!(
            (v1["policyType"].as_str(), v1["ruleOrder"].as_str()),
            (Some(ptype), Some((seeded + 1).to_string().as_str())),
            "{t}"
        );
        let mut second = good.clone();
        second["name"] = json!(format!("{}-v2", good["name"].as_str().unwrap()));
        let (st, v2) = h
            .post(&h.zpa2(&format!("/policySet/{ps_id}/rule")), second)
            .await;
        assert_eq!(st, 201, "{t}: v2 {v2}");
        let (st, e) = h
            .post(&h.zpa(&format!("/policySet/{ps_id}/rule")), bad)
            .await;
        assert_eq!(st, 400, "{t}: invalid rule {e}");
        let rid = id_str(&v1);
        let rule_url = h.zpa(&format!("/policySet/{ps_id}/rule/{rid}"));
        let (_, got) = h.get(&rule_url).await;
        assert_eq!(got, v1, "{t}: get");
        // PUT on v1 and v2 paths.
        let r = h
            .send(
                Method::PUT,
                &rule_url,
                Some(json!({"description": "v1 put"})),
            )
            .await;
        assert_eq!(r.status(), 204, "{t}");
        let r = h
            .send(
                Method::PUT,
                &h.zpa2(&format!("/policySet/{ps_id}/rule/{rid}")),
                Some(json!({"name": "renamed-v2"})),
            )
            .await;
        assert_eq!(r.status(), 204, "{t}");
        let (_, got) = h.get(&rule_url).await;
        assert_eq!(
            (got["description"].as_str(), got["name"].as_str()),
            (Some("v1 put"), Some("renamed-v2")),
            "{t}"
        );
        // Reorder to the top, then delete.
        let r = h
            .send(
                Method::PUT,
                &h.zpa(&format!("/policySet/{ps_id}/rule/{rid}/reorder/1")),
                None,
            )
            .await;
        assert_eq!(r.status(), 204, "{t}");
        let (_, rules) = h.get(&rules_url).await;
        assert_eq!(list_of(&rules)[0]["id"], rid.as_str(), "{t}: reordered");
        assert_eq!(h.delete(&rule_url).await, (204, Value::Null), "{t}");
        let (_, rules) = h.get(&rules_url).await;
        assert_eq!(
            rules["totalCount"],
            json!((seeded + 1).to_string()),
            "{t}: after delete"
        );
        assert_eq!(list_of(&rules)[0]["ruleOrder"], "1", "{t}: renumbered");
    }
    // Type-specific fields.
    let (_, ps) = h.get(&h.zpa("/policySet/policyType/REAUTH_POLICY")).await;
    let (_, t) = h
        .post(
            &h.zpa(&format!("/policySet/{}/rule", id_str(&ps))),
            json!({"name": "defaults"}),
        )
        .await;
    assert_eq!(
        (
            t["action"].as_str(),
            t["reauthTimeout"].as_str(),
            t["reauthIdleTimeout"].as_str()
        ),
        (Some("RE_AUTH"), Some("172800"), Some("600"))
    );
    let (_, insp) = h
        .get(&h.zpa("/policySet/rules/policyType/INSPECTION_POLICY"))
        .await;
    assert_eq!(
        list_of(&insp)[0]["zpnInspectionProfileName"],
        "OWASP Baseline"
    );
    let (_, ps) = h
        .get(&h.zpa("/policySet/policyType/ISOLATION_POLICY"))
        .await;
    let (st, e) = h
        .post(
            &h.zpa(&format!("/policySet/{}/rule", id_str(&ps))),
            json!({"name": "x", "action": "ISOLATE", "zpnIsolationProfileId": "42"}),
        )
        .await;
    assert_eq!((st, e), (400, not_found_body("42")));
    let (_, bypass) = h
        .post(&h.zpa(&format!("/policySet/{}/rule", id_str(&ps))),
              json!({"name": "bypass", "action": "bypass_isolate", "zpnIsolationProfileId": "216196257331372601"}))
        .await;
    assert_eq!(bypass["action"], "BYPASS_ISOLATE");
    assert!(
        bypass.get("zpnIsolationProfileId").is_none(),
        "only ISOLATE uses a profile"
    );
    // Policy type aliases.
    for (alias, name) in [
        ("GLOBAL_POLICY", "Global_Policy"),
        ("BYPASS_POLICY", "Bypass_Policy"),
    ] {
        assert_eq!(
            h.get(&h.zpa(&format!("/policySet/policyType/{alias}")))
                .await
                .1["name"],
            name
        );
    }
    // Bulk reorder in a non-access set.
    let (_, ps) = h
        .get(&h.zpa("/policySet/policyType/CLIENT_FORWARDING_POLICY"))
        .await;
    let ps_id = id_str(&ps);
    let (_, rules) = h
        .get(&h.zpa("/policySet/rules/policyType/CLIENT_FORWARDING_POLICY"))
        .await;
    let mut ids: Vec<String> = list_of(&rules).iter().map(id_str).collect();
    ids.reverse();
    let r = h
        .send(
            Method::PUT,
            &h.zpa(&format!("/policySet/{ps_id}/reorder")),
            Some(json!(ids)),
        )
        .await;
    assert_eq!(r.status(), 204);
    let (_, rules) = h
        .get(&h.zpa("/policySet/rules/policyType/CLIENT_FORWARDING_POLICY"))
        .await;
    let now: Vec<String> = list_of(&rules).iter().map(id_str).collect();
    assert_eq!(now, ids);
}

// ------------------------------------------------------------------ robustness

#[tokio::test]
async fn odd_input_never_breaks_the_server() {
    let h = H::new().await;
    let bodies = [
        json!(null),
        json!(1),
        json!("s"),
        json!([]),
        json!({"name": 5}),
        json!({"name": {"x": 1}}),
        json!({"config": [1]}),
        json!({"ids": [{"id": []}]}),
        json!({"appServerGroupIds": "x", "name": "n", "address": "a"}),
    ];
    let paths = [
        "/connector/bulkDelete",
        "/serviceEdge/bulkDelete",
        "/serviceEdgeGroup",
        "/server",
        "/certificate",
        "/praPortal",
        "/credential",
        "/associationType/CONNECTOR_GRP/provisioningKey",
        "/application",
    ];
    for p in paths {
        for b in &bodies {
            let (st, _) = h.post(&h.zpa(p), b.clone()).await;
            assert!(
                st == 400 || st == 201 || st == 200 || st == 204,
                "{p} {b}: {st}"
            );
        }
    }
    for b in &bodies {
        let (st, _) = h.post(&h.zpa2("/lssConfig"), b.clone()).await;
        assert_eq!(st, 400, "lss {b}");
    }
    for p in [
        "/isolation/profiles/1",
        "/posture/%FF",
        "/associationType/%FF/provisioningKey",
        "/idp/%00/scimattribute",
        "/application/getAppsByType?applicationType=%FF",
    ] {
        let (st, _) = h.get(&h.zpa(p)).await;
        assert!((400..500).contains(&st), "{p}: {st}");
    }
    assert_eq!(h.get(&h.zpa("/connector")).await.0, 200, "still healthy");
}
