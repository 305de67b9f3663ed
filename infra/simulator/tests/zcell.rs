//! End-to-end tests of the ZCell simulation over loopback HTTP. The CRUD
//! walk is generated from `zscaler_sim::zcell_collections()`; the special
//! endpoints (SIMs, analytics, violations, audit, network events, regions)
//! follow.

mod common;
use common::*;

use reqwest::Method;
use serde_json::{json, Value};
use zscaler_sim::{start, zcell_collections, Fault, FaultKind, SimConfig};

const CUSTOMER: &str = "sandbox-zcell-customer";
const ICCID: &str = "89852350525020075842";

impl H {
    /// `/zcell/config/api/v1/customers/{cid}{rest}`
    fn zc(&self, rest: &str) -> String {
        self.url(&format!("/zcell/config/api/v1/customers/{CUSTOMER}{rest}"))
    }
    /// `/zcell/config/api/v1{rest}`
    fn zcell(&self, rest: &str) -> String {
        self.url(&format!("/zcell/config/api/v1{rest}"))
    }

    async fn send_raw(&self, method: Method, url: &str, body: Value) -> (u16, Value) {
        json_of(self.send(method, url, Some(body)).await).await
    }
}

fn content(v: &Value) -> &Vec<Value> {
    v["content"]
        .as_array()
        .unwrap_or_else(|| panic!("expected a Spring page, got {v}"))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// `startDateTime`/`endDateTime` for the last `days` days.
fn dt_window(days: u64) -> String {
    format!(
        "startDateTime={}&endDateTime={}",
        now() - days * 86_400,
        now()
    )
}

#[tokio::test]
async fn registry_crud_walk() {
    let h = H::new().await;
    let colls = zcell_collections();
    assert_eq!(colls.len(), 3);
    for c in &colls {
        assert!(c.seeded >= 3, "{} seeds {}", c.name, c.seeded);
        let url = h.url(&c.path(CUSTOMER));
        let (st, page) = h.get(&format!("{url}?size=100")).await;
        assert_eq!(st, 200, "list {url}");
        assert_eq!(content(&page).len(), c.seeded);
        assert_eq!(page["totalElements"], json!(c.seeded));
        assert_eq!(page["number"], 0);
        let first = content(&page)[0].clone();
        let id = first["id"].as_i64().expect("integer id");
        if c.get {
            let (st, got) = h.get(&format!("{url}/{id}")).await;
            assert_eq!((st, &got), (200, &first));
            let (st, e) = h.get(&format!("{url}/999999")).await;
            assert_eq!(st, 404);
            assert_eq!(e["status"], 404);
        }
        // name filter and paging
        let name = first[c.name_field].as_str().unwrap();
        let (_, p) = h.get(&format!("{url}?name={}", &name[..3])).await;
        assert!(!content(&p).is_empty());
        let (_, p) = h.get(&format!("{url}?size=2&page=1")).await;
        assert_eq!(content(&p).len(), (c.seeded - 2).min(2));
        assert_eq!(p["totalPages"], json!(c.seeded.div_ceil(2)));
        if !c.create {
            continue;
        }
        let create = c.sample_create.clone().unwrap();
        let body = if c.bulk_create {
            json!([create])
        } else {
            create.clone()
        };
        let (st, made) = h.post(&url, body.clone()).await;
        assert_eq!(st, 200, "create {url} -> {made}");
        let new_id = if c.bulk_create {
            made[0]["message"].as_str().expect("ResponseMessage");
            made[0]["id"].as_i64().unwrap()
        } else {
            assert_eq!(made[c.name_field], create[c.name_field]);
            made["id"].as_i64().unwrap()
        };
        let (_, page) = h.get(&format!("{url}?size=100")).await;
        assert_eq!(content(&page).len(), c.seeded + 1);
        let (st, _) = h.post(&url, body).await;
        assert_eq!(st, 400, "duplicate name {url}");
        if let Some((verb, status)) = c.update {
            let update = c.sample_update.clone().unwrap();
            let m = if verb == "PATCH" {
                Method::PATCH
            } else {
                Method::PUT
            };
            let (st, _) = h
                .send_raw(m.clone(), &format!("{url}/{new_id}"), update.clone())
                .await;
            assert_eq!(st, status, "update {url}");
            let (_, page) = h.get(&format!("{url}?size=100")).await;
            let item = content(&page)
                .iter()
                .find(|v| v["id"] == json!(new_id))
                .unwrap()
                .clone();
            assert_eq!(item[c.name_field], update[c.name_field]);
            let (st, _) = h.send_raw(m, &format!("{url}/999999"), update).await;
            assert_eq!(st, 404);
        }
        if c.delete {
            let (st, body) = h.delete(&format!("{url}/{new_id}")).await;
            assert_eq!((st, body), (204, Value::Null));
            let (_, page) = h.get(&format!("{url}?size=100")).await;
            assert_eq!(content(&page).len(), c.seeded);
            let (st, _) = h.delete(&format!("{url}/{new_id}")).await;
            assert_eq!(st, 404);
        }
    }
}

#[tokio::test]
async fn customer_id_paging_and_sorting() {
    let h = H::new().await;
    let (st, e) = h
        .get(&h.url("/zcell/config/api/v1/customers/someone-else/tag"))
        .await;
    assert_eq!(st, 401);
    assert_eq!(e["status"], 401);
    let (st, _) = h.get(&h.zcell("/audit/metadata")).await;
    assert_eq!(st, 200);
    let (st, _) = h
        .post(&h.zcell("/audit/customers/nope/search"), json!({}))
        .await;
    assert_eq!(st, 401);
    for bad in [
        "size=0",
        "size=101",
        "size=x",
        "page=-1",
        "sortBy=nope",
        "sortDir=UP",
    ] {
        let (st, e) = h.get(&h.zc(&format!("/tag?{bad}"))).await;
        assert_eq!(st, 400, "{bad}");
        assert_eq!(e["error"], "Bad Request");
    }
    let (_, p) = h.get(&h.zc("/tag?sortBy=id&sortDir=DESC")).await;
    assert_eq!(content(&p)[0]["id"], 1561);
    let (_, p) = h.get(&h.zc("/anomaly-policy?policyType=GEOFENCING")).await;
    assert_eq!(content(&p).len(), 2);
    let (_, p) = h.get(&h.zc("/tag")).await;
    assert_eq!(p["size"], 10);
    let (st, _) = h.get(&h.zc("/nope")).await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn anomaly_policies_and_violations() {
    let h = H::new().await;
    let w = dt_window(2);
    let (st, p) = h
        .get(&h.zc(&format!("/anomaly-policy/208/violations?{w}")))
        .await;
    assert_eq!(st, 200);
    let rows = content(&p);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (&rows[0]["iccid"], &rows[0]["violations"]),
        (&json!(ICCID), &json!(2))
    );
    let (_, p) = h
        .get(&h.zc(&format!("/anomaly-policy/208/violations?{}", dt_window(14))))
        .await;
    assert_eq!(content(&p).len(), 2);
    let (st, _) = h.get(&h.zc("/anomaly-policy/208/violations")).await;
    assert_eq!(st, 400, "the window is required");
    let (st, p) = h
        .get(&h.zc(&format!("/anomaly-policy/208/violations/{ICCID}?{w}")))
        .await;
    assert_eq!(st, 200);
    let events = content(&p);
    assert_eq!(events.len(), 2);
    assert!(events[0]["timestamp"].as_u64() > events[1]["timestamp"].as_u64());
    assert!(events[0]["eventDeviceLocation"]["lat"].is_number());
    let (_, p) = h
        .get(&h.zc(&format!(
            "/anomaly-policy/208/violations/{ICCID}?{}",
            dt_window(30)
        )))
        .await;
    assert_eq!(content(&p).len(), 3);
    let (st, _) = h
        .get(&h.zc(&format!("/anomaly-policy/999/violations?{w}")))
        .await;
    assert_eq!(st, 404);
    let (st, p) = h.get(&h.zc("/anomaly-policy/208/logs")).await;
    assert_eq!(st, 200);
    assert_eq!(content(&p).len(), 2);
    // status toggle (PATCH ?enabled=) and a log entry
    let r = h
        .send(
            Method::PATCH,
            &h.zc("/anomaly-policy/208/status?enabled=false"),
            None,
        )
        .await;
    assert_eq!(r.status(), 204);
    let (_, p) = h.get(&h.zc("/anomaly-policy?name=HQ")).await;
    assert_eq!(content(&p)[0]["enabled"], false);
    assert_eq!(content(&p)[0]["runningStatus"], "STOPPED");
    let (_, p) = h.get(&h.zc("/anomaly-policy/208/logs")).await;
    assert_eq!(content(&p).len(), 3);
    let r = h
        .send(Method::PATCH, &h.zc("/anomaly-policy/208/status"), None)
        .await;
    assert_eq!(r.status(), 400);
    // validation
    h.rejects(
        Method::POST,
        &h.zc("/anomaly-policy"),
        &[
            json!({"policyName": "X", "policyType": "NOPE"}),
            json!({"policyName": "X", "policyType": "GEOFENCING", "simLocationGroupIds": [999]}),
        ],
        400,
    )
    .await;
    // a group linked to a policy cannot be deleted
    let (st, _) = h.delete(&h.zc("/sim-location-groups/219")).await;
    assert_eq!(st, 409);
    let (st, _) = h
        .post(
            &h.zc("/sim-location-groups"),
            json!([{"name": "Bad", "geoFenceDetails": {"lat": 91, "lng": 0, "radius": 1}}]),
        )
        .await;
    assert_eq!(st, 400);
}

#[tokio::test]
async fn sims_and_analytics() {
    let h = H::new().await;
    let (st, s) = h.get(&h.zc(&format!("/sims/details?iccId={ICCID}"))).await;
    assert_eq!(st, 200);
    assert_eq!(s["iccid"], ICCID);
    for k in [
        "imsi",
        "msisdn",
        "status",
        "networkStatus",
        "tags",
        "usageVal",
        "simLocInfo",
    ] {
        assert!(s.get(k).is_some(), "{k}");
    }
    let (st, _) = h.get(&h.zc("/sims/details")).await;
    assert_eq!(st, 400);
    let (st, _) = h.get(&h.zc("/sims/details?iccId=1")).await;
    assert_eq!(st, 404);
    let (st, p) = h.post(&h.zc("/sims/search"), json!({})).await;
    assert_eq!(st, 200);
    assert_eq!(p["totalElements"], 6);
    let (_, p) = h
        .post(
            &h.zc("/sims/search?sortBy=usage&sortDir=DESC"),
            json!({"status": "Active", "tag": ["fleet"]}),
        )
        .await;
    let rows = content(&p);
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["usage"].as_u64() > rows[1]["usage"].as_u64());
    let (_, p) = h
        .post(&h.zc("/sims/search"), json!({"iccid": [ICCID]}))
        .await;
    assert_eq!(content(&p).len(), 1);
    let (st, v) = h.get(&h.zc("/sim/analytics/summary")).await;
    assert_eq!(st, 200);
    assert_eq!(v["total"], 6);
    assert_eq!(v["active"], 4);
    let (st, v) = h
        .post(&h.zc("/sim/analytics/map"), json!({"iccIds": [ICCID]}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = h.post(&h.zc("/sim/analytics/map"), json!({})).await;
    assert_eq!(v.as_array().unwrap().len(), 6);
    let win = format!("startDate={}&endDate={}", now() - 14 * 86_400, now());
    let (st, v) = h
        .get(&h.zc(&format!("/sim/analytics/usage/countries?{win}&limit=2")))
        .await;
    assert_eq!(st, 200);
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0]["usage"].as_u64() >= rows[1]["usage"].as_u64());
    let (_, v) = h
        .get(&h.zc(&format!("/sim/analytics/usage/sims?{win}")))
        .await;
    assert_eq!(v.as_array().unwrap().len(), 6);
    let (_, v) = h
        .get(&h.zc(&format!("/sim/analytics/usage/day?{win}&iccId={ICCID}")))
        .await;
    let days = v.as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert!(days[0]["creationTime"].is_number() && days[0]["usage"].is_number());
    let (st, _) = h.get(&h.zc("/sim/analytics/usage/day")).await;
    assert_eq!(st, 400);
    let (st, _) = h
        .get(&h.zc(&format!("/sim/analytics/usage/sims?{win}&limit=50")))
        .await;
    assert_eq!(st, 400);
    // snake_case spellings are accepted too
    let snake = format!("start_date={}&end_date={}", now() - 86_400, now());
    let (st, _) = h
        .get(&h.zc(&format!("/sim/analytics/usage/sims?{snake}")))
        .await;
    assert_eq!(st, 200);
}

#[tokio::test]
async fn customer_regions_audit_and_events() {
    let h = H::new().await;
    let (st, c) = h.get(&h.zc("")).await;
    assert_eq!(st, 200);
    assert_eq!(c["status"], "ACTIVE");
    let (st, r) = h.get(&h.zc("/regions")).await;
    assert_eq!(st, 200);
    assert_eq!(r.as_array().unwrap().len(), 3);
    let (st, r) = h.get(&h.zc("/regions/operational-status")).await;
    assert_eq!(st, 200);
    assert_eq!(r.as_array().unwrap().len(), 2);
    assert!(r[0]["operationalStatus"].is_string());
    let (st, v) = h
        .put(&h.zc("/regions"), json!(["AMER", "EMEA", "APAC"]))
        .await;
    assert_eq!((st, v), (201, json!(1)));
    let (_, r) = h.get(&h.zc("/regions/operational-status")).await;
    assert_eq!(r.as_array().unwrap().len(), 3);
    let (st, _) = h.put(&h.zc("/regions"), json!(["MARS"])).await;
    assert_eq!(st, 400);
    let (st, m) = h.get(&h.zcell("/audit/metadata")).await;
    assert_eq!(st, 200);
    assert!(m.as_array().unwrap().len() >= 3);
    let search = h.zcell(&format!("/audit/customers/{CUSTOMER}/search"));
    let (st, p) = h.post(&search, json!({})).await;
    assert_eq!(st, 200);
    assert_eq!(p["totalElements"], 5);
    assert!(content(&p)[0]["creationTime"].as_u64() > content(&p)[1]["creationTime"].as_u64());
    let (_, p) = h
        .post(
            &search,
            json!({"startDate": now() - 50 * 86_400, "endDate": now(), "operationType": "Create"}),
        )
        .await;
    assert_eq!(content(&p).len(), 2);
    let (st, _) = h
        .post(&search, json!({"startDate": 10, "endDate": 5}))
        .await;
    assert_eq!(st, 400);
    let ev = |s: u64, e: u64| {
        h.zcell(&format!(
            "/network-events/{CUSTOMER}/search/startTime/{s}/endTime/{e}"
        ))
    };
    let (st, p) = h.post(&ev(now() - 86_400, now()), json!({})).await;
    assert_eq!(st, 200);
    assert_eq!(content(&p).len(), 4);
    let (_, p) = h
        .post(&ev(now() - 7 * 86_400, now()), json!({"iccid": [ICCID]}))
        .await;
    assert_eq!(content(&p).len(), 2);
    let (st, _) = h.post(&ev(now(), now() - 10), json!({})).await;
    assert_eq!(st, 400);
    let (st, _) = h.get(&ev(now() - 10, now())).await;
    assert_eq!(st, 405);
}

#[tokio::test]
async fn bearer_log_and_faults() {
    let h = H::new().await;
    let r = h.c.get(h.zc("/tag")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let (st, _) = h.get(&h.zc("/tag")).await;
    assert_eq!(st, 200);
    let path = format!("/zcell/config/api/v1/customers/{CUSTOMER}/tag");
    let mine: Vec<_> = h
        .sim
        .requests()
        .into_iter()
        .filter(|r| r.path == path)
        .collect();
    assert_eq!(mine.len(), 2);
    assert!(!mine[0].authorized && mine[1].authorized);
    h.sim.add_fault(Fault {
        method: None,
        path_prefix: "/zcell/".into(),
        kind: FaultKind::ZpaRateLimit,
        times: Some(1),
    });
    let (st, _) = h.get(&h.zc("/tag")).await;
    assert_eq!(st, 429);
    let (st, _) = h.get(&h.zc("/tag")).await;
    assert_eq!(st, 200);
    // odd bodies never panic
    for body in ["", "null", "[", "\"x\"", "{\"name\":[1,2]}"] {
        let r = h.send_text(Method::POST, &h.zc("/tag"), body).await;
        assert!(r.status().is_client_error(), "{body}: {}", r.status());
    }
    let cfg = SimConfig {
        zcell_customer_id: "other-zcell".into(),
        ..SimConfig::default()
    };
    let sim2 = start(cfg, "127.0.0.1:0".parse().unwrap()).await.unwrap();
    let token = sandbox_token(&h.c, &sim2.token_url()).await;
    let t = token.as_str();
    let url = |cid: &str| {
        format!(
            "{}/zcell/config/api/v1/customers/{cid}/tag",
            sim2.base_url()
        )
    };
    let r =
        h.c.get(url("other-zcell"))
            .bearer_auth(t)
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 200);
    let r = h.c.get(url(CUSTOMER)).bearer_auth(t).send().await.unwrap();
    assert_eq!(r.status(), 401);
}
