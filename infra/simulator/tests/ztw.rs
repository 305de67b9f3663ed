//! End-to-end tests of the ZTW (Cloud & Branch Connector) simulation over
//! loopback HTTP. The CRUD walk is generated from
//! `zscaler_sim::ztw_collections()` so every registry collection is
//! covered; the activation gate and special endpoints follow.

mod common;
use common::*;

use reqwest::Method;
use serde_json::{json, Value};
use zscaler_sim::{ztw_collections, Fault, FaultKind};

impl H {
    fn ztw(&self, rest: &str) -> String {
        self.url(&format!("/ztw/api/v1{rest}"))
    }

    async fn edit_status(&self) -> String {
        let (st, v) = self.get(&self.ztw("/ecAdminActivateStatus")).await;
        assert_eq!(st, 200);
        v["orgEditStatus"].as_str().unwrap().to_string()
    }
}

#[tokio::test]
async fn registry_crud_walk() {
    let h = H::new().await;
    let colls = ztw_collections();
    assert_eq!(colls.len(), 9);
    for c in &colls {
        assert!(c.seeded >= 3, "{} seeds {}", c.name, c.seeded);
        let url = h.url(&c.path);
        // Auditor users and roles are listed only on request.
        let all = "includeAuditorUsers=true&includeAuditorRole=true";
        let (st, list) = h.get(&format!("{url}?{all}")).await;
        assert_eq!(st, 200, "list {}", c.path);
        assert_eq!(arr(&list).len(), c.seeded, "list {}", c.path);
        let first = arr(&list)[0].clone();
        let id = first["id"].as_i64().expect("integer id");
        if c.get {
            let (st, got) = h.get(&format!("{url}/{id}")).await;
            assert_eq!(st, 200, "get {}", c.path);
            assert_eq!(got, first);
            let (st, e) = h.get(&format!("{url}/999999999")).await;
            assert_eq!(st, 404);
            assert_eq!(e["code"], "RESOURCE_NOT_FOUND");
        }
        if c.lite {
            let (st, lite) = h.get(&format!("{url}/lite")).await;
            assert_eq!(st, 200);
            assert_eq!(arr(&lite).len(), c.seeded);
            let keys = arr(&lite)[0].as_object().unwrap();
            assert!(keys.contains_key("id") && keys.len() <= 3, "{lite}");
        }
        if let Some((default, _)) = c.paging {
            let (st, p) = h.get(&format!("{url}?page=2&pageSize=2&{all}")).await;
            assert_eq!(st, 200);
            assert_eq!(arr(&p).len(), (c.seeded - 2).min(2));
            assert!(default >= 100);
        }
        if !c.writable {
            let (st, _) = h.post(&url, json!({"name": "x"})).await;
            assert_eq!(st, 405, "POST {}", c.path);
            let (st, _) = h.delete(&format!("{url}/{id}")).await;
            assert_eq!(st, 405, "DELETE {}", c.path);
            continue;
        }
        assert_eq!(h.edit_status().await, "EDITS_CLEARED");
        let create = c.sample_create.clone().unwrap();
        let (st, made) = h.post(&url, create.clone()).await;
        assert_eq!(st, 200, "create {} -> {made}", c.path);
        let new_id = made["id"].as_i64().unwrap();
        assert_eq!(made["name"], create["name"]);
        assert_eq!(h.edit_status().await, "EDITS_PRESENT");
        let (st, got) = h.get(&format!("{url}/{new_id}")).await;
        assert_eq!((st, &got), (200, &made));
        let (_, list) = h.get(&url).await;
        assert_eq!(arr(&list).len(), c.seeded + 1);
        let (st, dup) = h.post(&url, create.clone()).await;
        assert_eq!(st, 400, "duplicate {}", c.path);
        assert_eq!(dup["code"], "DUPLICATE_ITEM");
        let update = c.sample_update.clone().unwrap();
        let (st, upd) = h.put(&format!("{url}/{new_id}"), update.clone()).await;
        assert_eq!(st, 200, "update {} -> {upd}", c.path);
        assert_eq!(upd["id"], json!(new_id));
        assert_eq!(upd["name"], update["name"]);
        let (_, got) = h.get(&format!("{url}/{new_id}")).await;
        assert_eq!(got, upd);
        let (st, _) = h.put(&format!("{url}/999999999"), update).await;
        assert_eq!(st, 404);
        let (st, body) = h.delete(&format!("{url}/{new_id}")).await;
        assert_eq!((st, body), (204, Value::Null));
        let (st, _) = h.get(&format!("{url}/{new_id}")).await;
        assert_eq!(st, 404);
        let (st, act) = h
            .send(
                Method::PUT,
                &h.ztw("/ecAdminActivateStatus/activate"),
                Some(json!({})),
            )
            .await
            .json::<Value>()
            .await
            .map(|v| (200u16, v))
            .unwrap();
        assert_eq!(st, 200);
        assert_eq!(act["orgEditStatus"], "EDITS_CLEARED");
        assert_eq!(act["adminActivateStatus"], "ADM_ACTV_DONE");
    }
}

#[tokio::test]
async fn activation_gate_and_spellings() {
    let h = H::new().await;
    let (st, s) = h.get(&h.ztw("/ecAdminActivateStatus")).await;
    assert_eq!(st, 200);
    for k in [
        "orgEditStatus",
        "orgLastActivateStatus",
        "adminStatusMap",
        "adminActivateStatus",
    ] {
        assert!(s.get(k).is_some(), "{k} in {s}");
    }
    assert_eq!(s["orgEditStatus"], "EDITS_CLEARED");
    let (st, _) = h
        .post(
            &h.ztw("/ipGroups"),
            json!({"name": "Staged", "ipAddresses": ["192.0.2.1"]}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(h.edit_status().await, "EDITS_PRESENT");
    // Python SDK: PUT .../forcedActivate; the API notes: POST .../forceActivate.
    let (st, v) = h
        .put(&h.ztw("/ecAdminActivateStatus/forcedActivate"), json!({}))
        .await;
    assert_eq!(
        (st, v["orgEditStatus"].as_str()),
        (200, Some("EDITS_CLEARED"))
    );
    let (st, _) = h.delete(&h.ztw("/ipGroups/7361001")).await;
    assert_eq!(st, 204);
    assert_eq!(h.edit_status().await, "EDITS_PRESENT");
    let (st, v) = h
        .post(&h.ztw("/ecAdminActivateStatus/forceActivate"), json!({}))
        .await;
    assert_eq!(
        (st, v["adminActivateStatus"].as_str()),
        (200, Some("ADM_ACTV_DONE"))
    );
    let (st, _) = h.get(&h.ztw("/ecAdminActivateStatus/activate")).await;
    assert_eq!(st, 405);
    // Failed writes stage nothing.
    let (st, _) = h.post(&h.ztw("/ipGroups"), json!({"name": ""})).await;
    assert_eq!(st, 400);
    assert_eq!(h.edit_status().await, "EDITS_CLEARED");
}

#[tokio::test]
async fn validation_and_filters() {
    let h = H::new().await;
    let (st, e) = h
        .post(
            &h.ztw("/ipSourceGroups"),
            json!({"name": "Bad", "ipAddresses": ["999.1.1.1"]}),
        )
        .await;
    assert_eq!(st, 400);
    assert_eq!(e["code"], "INVALID_INPUT_ARGUMENT");
    let (st, _) = h
        .post(
            &h.ztw("/ipDestinationGroups"),
            json!({"name": "Bad", "type": "DSTN_NOPE"}),
        )
        .await;
    assert_eq!(st, 400);
    let (st, _) = h
        .post(
            &h.ztw("/ipDestinationGroups"),
            json!({"name": "Fqdn", "type": "DSTN_FQDN", "addresses": ["a.example.com"]}),
        )
        .await;
    assert_eq!(st, 200);
    let (st, e) = h
        .post(&h.ztw("/ipGroups"), json!({"name": 5, "ipAddresses": []}))
        .await;
    assert_eq!(st, 400);
    assert_eq!(e["message"], "Request body is invalid.");
    let r = h.send_text(Method::POST, &h.ztw("/ipGroups"), "[1,2").await;
    assert_eq!(r.status(), 400);
    // Predefined items cannot be changed.
    let (st, _) = h.delete(&h.ztw("/ipGroups/7361004")).await;
    assert_eq!(st, 400);
    let (st, _) = h
        .put(
            &h.ztw("/ipGroups/7361004"),
            json!({"name": "x", "ipAddresses": ["10.0.0.0/8"]}),
        )
        .await;
    assert_eq!(st, 400);
    // search
    let (_, v) = h.get(&h.ztw("/ipGroups?search=aws")).await;
    assert_eq!(arr(&v).len(), 1);
    let (_, v) = h.get(&h.ztw("/networkServices?search=https")).await;
    assert_eq!(arr(&v)[0]["name"], "HTTPS");
    // admin users: auditors only on request
    let (_, v) = h.get(&h.ztw("/adminUsers")).await;
    assert_eq!(arr(&v).len(), 3);
    let (_, v) = h.get(&h.ztw("/adminUsers?includeAuditorUsers=true")).await;
    assert_eq!(arr(&v).len(), 4);
    let (_, v) = h
        .get(&h.ztw("/adminUsers?includeAuditorUsers=true&includeAdminUsers=false"))
        .await;
    assert_eq!(arr(&v).len(), 1);
    let (_, v) = h.get(&h.ztw("/adminRoles?includeAuditorRole=true")).await;
    assert_eq!(arr(&v).len(), 4);
    let (_, v) = h.get(&h.ztw("/publicCloudInfo/lite?cloudType=AZURE")).await;
    assert_eq!(arr(&v).len(), 1);
    let (_, v) = h.get(&h.ztw("/networkServiceGroups")).await;
    assert!(arr(&arr(&v)[0]["services"]).len() >= 2);
    let (st, v) = h
        .get(&h.ztw("/discoveryService/workloadDiscoverySettings"))
        .await;
    assert_eq!(st, 200);
    assert!(v["discoveryRole"].is_string());
    let (st, _) = h.get(&h.ztw("/ipGroups/not-a-number")).await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn bearer_log_and_faults() {
    let h = H::new().await;
    let r = h.c.get(h.ztw("/ipGroups")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let (st, _) = h.get(&h.ztw("/ipGroups")).await;
    assert_eq!(st, 200);
    let log = h.sim.requests();
    let mine: Vec<_> = log
        .iter()
        .filter(|r| r.path == "/ztw/api/v1/ipGroups")
        .collect();
    assert_eq!(mine.len(), 2);
    assert!(!mine[0].authorized && mine[1].authorized);
    h.sim.add_fault(Fault {
        method: Some("POST".into()),
        path_prefix: "/ztw/api/v1/ipGroups".into(),
        kind: FaultKind::ServerError { status: 503 },
        times: Some(1),
    });
    let (st, _) = h
        .post(
            &h.ztw("/ipGroups"),
            json!({"name": "F", "ipAddresses": ["192.0.2.9"]}),
        )
        .await;
    assert_eq!(st, 503);
    let (st, _) = h
        .post(
            &h.ztw("/ipGroups"),
            json!({"name": "F", "ipAddresses": ["192.0.2.9"]}),
        )
        .await;
    assert_eq!(st, 200);
    let r = h.send(Method::GET, &h.ztw("/ipGroups"), None).await;
    assert!(r.headers().get("x-ratelimit-limit").is_some());
}
