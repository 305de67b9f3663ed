//! End-to-end tests of the ZDX, ZCC and ZIdentity simulations and of the
//! ZIA activation controls, over real loopback HTTP.

mod common;
use common::*;

use reqwest::{Client, Method};
use serde_json::{json, Value};
use std::collections::HashSet;
use zscaler_sim::{Fault, FaultKind, SimConfig};

impl H {
    fn zdx(&self, rest: &str) -> String {
        self.url(&format!("/zdx/v1{rest}"))
    }
    fn zcc(&self, rest: &str) -> String {
        self.url(&format!("/zcc/papi/public/v1{rest}"))
    }
    fn zid(&self, rest: &str) -> String {
        self.url(&format!("/ziam/admin/api/v1{rest}"))
    }
}

// ------------------------------------------------------------------ ZDX

#[tokio::test]
async fn zdx_devices_walk_three_pages_by_next_offset() {
    let h = H::new().await;
    let mut url = h.zdx("/devices?limit=50");
    let mut sizes = Vec::new();
    let mut ids = HashSet::new();
    let mut last_next = json!("unset");
    for _ in 0..10 {
        let (st, v) = h.get(&url).await;
        assert_eq!(st, 200, "{v}");
        let devices = arr(&v["devices"]);
        sizes.push(devices.len());
        for d in devices {
            assert!(ids.insert(d["id"].as_i64().expect("integer id")));
        }
        last_next = v["next_offset"].clone();
        match v["next_offset"].as_str() {
            Some(next) => url = h.zdx(&format!("/devices?limit=50&offset={next}")),
            None => break,
        }
    }
    assert_eq!(sizes, vec![50, 50, 20]);
    assert_eq!(last_next, Value::Null, "the last page ends with null");
    assert_eq!(ids.len(), 120);

    // Without a limit the default is 50; a huge limit is capped (all 120 fit).
    let (_, v) = h.get(&h.zdx("/devices")).await;
    assert_eq!(arr(&v["devices"]).len(), 50);
    assert_eq!(v["next_offset"], "50");
    let (_, v) = h.get(&h.zdx("/devices?limit=100000")).await;
    assert_eq!(arr(&v["devices"]).len(), 120);
    assert_eq!(v["next_offset"], Value::Null);
}

#[tokio::test]
async fn zdx_device_shape_filters_and_errors() {
    let h = H::new().await;
    let (_, v) = h.get(&h.zdx("/devices?limit=1")).await;
    let first = &arr(&v["devices"])[0];
    let id = first["id"].as_i64().unwrap();
    let (st, d) = h.get(&h.zdx(&format!("/devices/{id}"))).await;
    assert_eq!(st, 200);
    assert_eq!(&d, first);
    assert!(d["name"].is_string());
    for k in ["hw_model", "hw_mfg", "cpu_model"] {
        assert!(d["hardware"][k].is_string(), "hardware.{k}");
    }
    assert!(d["hardware"]["tot_mem"].is_i64());
    let net = &arr(&d["network"])[0];
    for k in ["net_type", "ipv4", "mac"] {
        assert!(net[k].is_string(), "network.{k}");
    }
    for k in [
        "os_name",
        "os_ver",
        "hostname",
        "user",
        "client_conn_ver",
        "zdx_ver",
    ] {
        assert!(d["software"][k].is_string(), "software.{k}");
    }

    let (st, v) = h.get(&h.zdx("/devices/999")).await;
    assert_eq!(st, 404);
    assert!(v["message"].is_string(), "404 is JSON: {v}");
    let (st, _) = h.get(&h.zdx("/devices/not-a-number")).await;
    assert_eq!(st, 404);

    // q = name contains (case-insensitive).
    let (_, v) = h.get(&h.zdx("/devices?q=mac-&limit=500")).await;
    let macs = arr(&v["devices"]);
    assert_eq!(macs.len(), 30);
    assert!(macs
        .iter()
        .all(|d| d["name"].as_str().unwrap().starts_with("MAC-")));

    // from/to: integers, to >= from.
    let (st, _) = h
        .get(&h.zdx("/devices?from=1773000000&to=1773007200"))
        .await;
    assert_eq!(st, 200);
    let (st, v) = h.get(&h.zdx("/devices?from=200&to=100")).await;
    assert_eq!(st, 400);
    assert!(v["message"].is_string());
    let (st, _) = h.get(&h.zdx("/devices?from=yesterday")).await;
    assert_eq!(st, 400);
    let (st, _) = h.get(&h.zdx("/devices?offset=garbage")).await;
    assert_eq!(st, 400);
    let (st, _) = h.get(&h.zdx("/devices?limit=0")).await;
    assert_eq!(st, 400);
    let (st, _) = h.post(&h.zdx("/devices"), json!({})).await;
    assert_eq!(st, 405);
}

#[tokio::test]
async fn zdx_users_apps_and_alerts() {
    let h = H::new().await;
    let (st, v) = h.get(&h.zdx("/users?limit=20")).await;
    assert_eq!(st, 200);
    assert_eq!(arr(&v["users"]).len(), 20);
    assert_eq!(v["next_offset"], "20");
    let (_, v2) = h.get(&h.zdx("/users?limit=20&offset=20")).await;
    assert_eq!(arr(&v2["users"]).len(), 10);
    assert_eq!(v2["next_offset"], Value::Null);

    let user = &arr(&v["users"])[0];
    assert!(user["id"].is_i64());
    assert!(user["email"].as_str().unwrap().contains('@'));
    let devices = arr(&user["devices"]);
    assert_eq!(devices.len(), 4);
    // Each listed device exists and belongs to that user.
    let dev_id = devices[0]["id"].as_i64().unwrap();
    let (_, d) = h.get(&h.zdx(&format!("/devices/{dev_id}"))).await;
    assert_eq!(d["software"]["user"], user["email"]);
    assert_eq!(d["name"], devices[0]["name"]);
    let (st, u) = h
        .get(&h.zdx(&format!("/users/{}", user["id"].as_i64().unwrap())))
        .await;
    assert_eq!((st, &u), (200, user));

    let (st, apps) = h.get(&h.zdx("/apps")).await;
    assert_eq!(st, 200);
    let apps = arr(&apps);
    assert_eq!(apps.len(), 8);
    assert!(apps.iter().all(|a| a["score"].is_number()));
    assert!(apps.iter().any(|a| a["score"] == -1.0), "a no-data app");
    let (_, outlook) = h.get(&h.zdx("/apps/1")).await;
    assert_eq!(outlook["name"], "Outlook Online");
    assert!(outlook["stats"]["active_users"].is_u64());
    let (st, _) = h.get(&h.zdx("/apps/4242")).await;
    assert_eq!(st, 404);

    let (st, v) = h.get(&h.zdx("/alerts/ongoing")).await;
    assert_eq!(st, 200);
    let alerts = arr(&v["alerts"]);
    assert_eq!(alerts.len(), 4);
    assert_eq!(v["next_offset"], Value::Null);
    assert!(alerts.iter().all(|a| a["alert_status"] == "Ongoing"));
    let (_, v) = h.get(&h.zdx("/alerts/ongoing?limit=3")).await;
    assert_eq!(arr(&v["alerts"]).len(), 3);
    assert_eq!(v["next_offset"], "3");
}

// ------------------------------------------------------------------ ZIdentity

#[tokio::test]
async fn zid_users_walk_by_next_link() {
    let h = H::new().await;
    let r = h.send(Method::GET, &h.zid("/users?limit=100"), None).await;
    assert_eq!(
        header(&r, "x-ratelimit-limit").as_deref(),
        Some("500, 500;w=1, 20000;w=60")
    );
    let (st, mut page) = json_of(r).await;
    assert_eq!(st, 200);
    let mut sizes = Vec::new();
    let mut ids = HashSet::new();
    let mut links = Vec::new();
    loop {
        assert_eq!(page["totalRecord"], 230);
        assert_eq!(page["results_total"], 230);
        assert_eq!(page["pageSize"], 100);
        let records = arr(&page["records"]);
        sizes.push(records.len());
        for u in records {
            let id = u["id"].as_str().unwrap();
            assert_eq!(id.len(), 13);
            assert!(ids.insert(id.to_string()));
        }
        let Some(next) = page.get("next_link").and_then(Value::as_str) else {
            break;
        };
        assert!(sizes.len() < 10, "next_link loops");
        links.push(next.to_string());
        let (st, v) = h.get(next).await;
        assert_eq!(st, 200);
        page = v;
    }
    assert_eq!(sizes, vec![100, 100, 30]);
    assert_eq!(ids.len(), 230);
    assert_eq!(
        links,
        vec![
            h.zid("/users?offset=100&limit=100"),
            h.zid("/users?offset=200&limit=100"),
        ]
    );
    assert!(page.get("next_link").is_none(), "absent on the last page");
    assert_eq!(page["pageOffset"], 200);

    let (st, v) = h.get(&h.zid("/users?limit=1001")).await;
    assert_eq!(st, 400);
    assert!(v["code"].is_string() && v["message"].is_string(), "{v}");
    let (st, v) = h.get(&h.zid("/users?limit=1000")).await;
    assert_eq!(st, 200);
    assert_eq!(arr(&v["records"]).len(), 230);
    assert!(v.get("next_link").is_none());
    let (_, v) = h.get(&h.zid("/users")).await;
    assert_eq!(
        (v["pageOffset"].clone(), v["pageSize"].clone()),
        (json!(0), json!(100))
    );
    let (st, _) = h.get(&h.zid("/users?offset=-1")).await;
    assert_eq!(st, 400);

    // The documented user shape.
    let u = &arr(&v["records"])[0];
    for k in [
        "loginName",
        "displayName",
        "firstName",
        "lastName",
        "primaryEmail",
        "id",
        "source",
    ] {
        assert!(u[k].is_string(), "user.{k}");
    }
    assert!(u["status"].is_boolean());
    assert!(u["department"]["name"].is_string());
    assert!(u["idp"]["id"].is_string());
    assert!(u["customAttrsInfo"].is_object());
}

#[tokio::test]
async fn zid_filters_are_kept_in_next_link() {
    let h = H::new().await;
    let (_, all) = h
        .get(&h.zid("/users?limit=1000&displayname%5Blike%5D=chlo"))
        .await;
    let expected = all["totalRecord"].as_u64().unwrap();
    assert!(expected > 5, "enough matches to page: {expected}");
    assert_eq!(arr(&all["records"]).len() as u64, expected);

    let mut url = h.zid("/users?limit=5&displayname%5Blike%5D=CHLO");
    let mut seen = 0u64;
    for _ in 0..100 {
        let (st, v) = h.get(&url).await;
        assert_eq!(st, 200);
        for u in arr(&v["records"]) {
            assert!(u["displayName"].as_str().unwrap().contains("Chlo"));
            seen += 1;
        }
        match v.get("next_link").and_then(Value::as_str) {
            Some(next) => {
                assert!(next.contains("displayname%5Blike%5D=CHLO"), "{next}");
                url = next.to_string();
            }
            None => break,
        }
    }
    assert_eq!(seen, expected);

    let (_, v) = h
        .get(&h.zid("/users?loginname%5Blike%5D=ALICE.&primaryemail%5Blike%5D=sandbox.example"))
        .await;
    let recs = arr(&v["records"]);
    assert_eq!(recs.len(), 10);
    assert!(recs
        .iter()
        .all(|u| u["loginName"].as_str().unwrap().starts_with("alice.")));
}

#[tokio::test]
async fn zid_user_and_group_crud() {
    let h = H::new().await;
    let body = json!({"loginName":"new.person@sandbox.example.com","displayName":"New Person",
        "firstName":"New","lastName":"Person","primaryEmail":"new.person@sandbox.example.com","status":true});
    let (st, created) = h.post(&h.zid("/users"), body.clone()).await;
    assert_eq!(st, 201);
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["source"], "API");
    assert_eq!(created["department"], json!({}));
    assert_eq!(created["customAttrsInfo"], json!({}));
    let (st, _) = h.post(&h.zid("/users"), body.clone()).await;
    assert_eq!(st, 409, "duplicate loginName");
    let (st, v) = h
        .post(&h.zid("/users"), json!({"displayName": "No Login"}))
        .await;
    assert_eq!(st, 400);
    assert!(v["message"].is_string());
    let (st, _) = h.post(&h.zid("/users"), json!([1, 2])).await;
    assert_eq!(st, 400);

    let (_, v) = h.get(&h.zid("/users?limit=1")).await;
    assert_eq!(v["totalRecord"], 231);

    let mut changed = body.clone();
    changed["displayName"] = json!("Renamed Person");
    let (st, v) = h.put(&h.zid(&format!("/users/{id}")), changed).await;
    assert_eq!(st, 200);
    assert_eq!(v["displayName"], "Renamed Person");
    assert_eq!(v["id"], id.as_str());
    let (_, v) = h.get(&h.zid(&format!("/users/{id}"))).await;
    assert_eq!(v["displayName"], "Renamed Person");

    // Groups.
    let (_, v) = h.get(&h.zid("/groups")).await;
    assert_eq!(v["totalRecord"], 12);
    let (_, v) = h.get(&h.zid("/groups?excludedynamicgroups=true")).await;
    assert_eq!(v["totalRecord"], 11);
    let (st, g) = h
        .post(
            &h.zid("/groups"),
            json!({"name":"Sim Group","description":"d","source":"SCIM","adminEntitlementEnabled":true,
                   "serviceEntitlementEnabled":true,"dynamicGroup":false}),
        )
        .await;
    assert_eq!(st, 201);
    assert_eq!(g["source"], "API", "recorded: SCIM comes back as API");
    let gid = g["id"].as_str().unwrap().to_string();
    let (st, _) = h.post(&h.zid("/groups"), json!({"name":"sim group"})).await;
    assert_eq!(st, 409);
    let (st, v) = h
        .put(
            &h.zid(&format!("/groups/{gid}")),
            json!({"name":"Sim Group 2"}),
        )
        .await;
    assert_eq!((st, v["name"].clone()), (200, json!("Sim Group 2")));

    // Membership.
    let (st, _) = h
        .post(&h.zid(&format!("/groups/{gid}/users/{id}")), json!({}))
        .await;
    assert_eq!(st, 201);
    let (_, v) = h.get(&h.zid(&format!("/groups/{gid}/users"))).await;
    assert_eq!(v["totalRecord"], 1);
    assert_eq!(v["records"][0]["id"], id.as_str());
    let (_, v) = h.get(&h.zid(&format!("/users/{id}/groups"))).await;
    assert_eq!(v["totalRecord"], 1);
    assert_eq!(v["records"][0]["id"], gid.as_str());

    // A seeded user is in one partition group plus "All Employees".
    let (_, seeded) = h.get(&h.zid("/users?limit=1")).await;
    let sid = seeded["records"][0]["id"].as_str().unwrap().to_string();
    let (_, v) = h.get(&h.zid(&format!("/users/{sid}/groups"))).await;
    assert!(v["totalRecord"].as_u64().unwrap() >= 2);
    let (_, v) = h.get(&h.zid("/groups?name%5Blike%5D=all%20emp")).await;
    let all_id = v["records"][0]["id"].as_str().unwrap().to_string();
    let (_, v) = h
        .get(&h.zid(&format!("/groups/{all_id}/users?limit=100")))
        .await;
    assert_eq!(v["totalRecord"], 230);
    assert_eq!(
        v["next_link"],
        h.zid(&format!("/groups/{all_id}/users?offset=100&limit=100"))
    );

    let (st, v) = h.delete(&h.zid(&format!("/users/{id}"))).await;
    assert_eq!((st, v), (204, Value::Null));
    let (st, v) = h.get(&h.zid(&format!("/users/{id}"))).await;
    assert_eq!(st, 404);
    assert!(v["code"].is_string() && v["message"].is_string());
    let (_, v) = h.get(&h.zid(&format!("/groups/{gid}/users"))).await;
    assert_eq!(v["totalRecord"], 0, "deleting a user drops its memberships");
    let (st, _) = h.delete(&h.zid(&format!("/groups/{gid}"))).await;
    assert_eq!(st, 204);
    let (st, _) = h.get(&h.zid(&format!("/groups/{gid}"))).await;
    assert_eq!(st, 404);
}

// ------------------------------------------------------------------ ZCC

#[tokio::test]
async fn zcc_devices_paging_filters_and_headers() {
    let h = H::new().await;
    let r = h
        .send(Method::GET, &h.zcc("/getDevices?page=3&pageSize=50"), None)
        .await;
    assert_eq!(
        header(&r, "x-ratelimit-limit").as_deref(),
        Some("100, 100;w=3600, 100;w=3600")
    );
    let remaining1: u64 = header(&r, "x-rate-limit-remaining")
        .unwrap()
        .parse()
        .unwrap();
    assert!(header(&r, "content-type")
        .unwrap()
        .starts_with("application/json"));
    let (st, v) = json_of(r).await;
    assert_eq!(st, 200);
    assert_eq!(arr(&v).len(), 40);

    let r = h.send(Method::GET, &h.zcc("/getDevices"), None).await;
    let remaining2: u64 = header(&r, "x-rate-limit-remaining")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(remaining2 + 1, remaining1);
    let (_, v) = json_of(r).await;
    let devices = arr(&v);
    assert_eq!(devices.len(), 50, "default pageSize");
    let d = &devices[0];
    for k in [
        "companyName",
        "udid",
        "macAddress",
        "user",
        "osVersion",
        "agentVersion",
        "registrationState",
        "last_seen_time",
        "machineHostname",
    ] {
        assert!(d[k].is_string(), "device.{k}");
    }
    assert!(d["type"].is_i64() && d["state"].is_i64());

    let (_, v) = h.get(&h.zcc("/getDevices?pageSize=5000&osType=4")).await;
    let macs = arr(&v);
    assert_eq!(macs.len(), 28);
    assert!(macs.iter().all(|d| d["type"] == 4));
    let user = d["user"].as_str().unwrap().to_uppercase();
    let (_, v) = h.get(&h.zcc(&format!("/getDevices?username={user}"))).await;
    assert_eq!(arr(&v).len(), 2);

    // Details by udid; no match → 400 with an empty body (recorded).
    let udid = d["udid"].as_str().unwrap();
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("udid", udid);
    let (st, det) = h
        .get(&h.zcc(&format!("/getDeviceDetails?{}", q.finish())))
        .await;
    assert_eq!(st, 200);
    assert_eq!(det["unique_id"], udid);
    assert_eq!(arr(&det["deviceOtpArray"]).len(), 10);
    let (st, body) = h
        .get(&h.zcc("/getDeviceDetails?username=user@example.com"))
        .await;
    assert_eq!((st, body), (400, Value::Null));
    let (st, body) = h.get(&h.zcc("/getDeviceDetails")).await;
    assert_eq!((st, body), (400, Value::Null));

    // Device OTP.
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("udid", udid);
    let (st, otp) = h.get(&h.zcc(&format!("/getOtp?{}", q.finish()))).await;
    assert_eq!(st, 200);
    assert_eq!(otp["otp"].as_str().unwrap().len(), 10);
    assert!(otp["uninstallOtp"].is_string());
    let (st, _) = h.get(&h.zcc("/getOtp?udid=nope")).await;
    assert_eq!(st, 400);
}

#[tokio::test]
async fn zcc_trusted_networks_and_forwarding_profiles() {
    let h = H::new().await;
    let (st, v) = h.get(&h.zcc("/webTrustedNetwork/listByCompany")).await;
    assert_eq!(st, 200);
    assert_eq!(v["totalCount"], 5);
    let nets = arr(&v["trustedNetworkContracts"]);
    assert_eq!(nets.len(), 5);
    let n = &nets[0];
    assert!(n["id"].is_string() && n["networkName"].is_string());
    assert_eq!(n["active"], true);
    assert_eq!(n["conditionType"], 1);

    let (_, v) = h
        .get(&h.zcc("/webTrustedNetwork/listByCompany?search=branch"))
        .await;
    assert_eq!(v["totalCount"], 2);
    assert_eq!(arr(&v["trustedNetworkContracts"]).len(), 2);
    let (_, v) = h
        .get(&h.zcc("/webTrustedNetwork/listByCompany?page=2&pageSize=2"))
        .await;
    assert_eq!(v["totalCount"], 5);
    assert_eq!(v["trustedNetworkContracts"][0]["id"], nets[2]["id"]);

    let (st, v) = h.get(&h.zcc("/webForwardingProfile/listByCompany")).await;
    assert_eq!(st, 200);
    let profiles = arr(&v);
    assert_eq!(profiles.len(), 3);
    assert!(profiles[0]["forwardingProfileActions"].is_array());
    let (_, v) = h
        .get(&h.zcc("/webForwardingProfile/listByCompany?search=remote"))
        .await;
    assert_eq!(arr(&v).len(), 1);
    assert_eq!(v[0]["name"], "Remote-Workers");
}

// ------------------------------------------------------------------ ZIA activation

#[tokio::test]
async fn activation_stays_in_progress_for_configured_polls() {
    let h = H::with(SimConfig {
        activation_in_progress_polls: 2,
        ..SimConfig::default()
    })
    .await;
    let (st, _) = h.post(&h.zia("/ruleLabels"), json!({"name":"x"})).await;
    assert_eq!(st, 200);
    assert_eq!(h.sim.activation_status(), "PENDING");

    let (st, v) = h.post(&h.zia("/status/activate"), json!({})).await;
    assert_eq!((st, v), (200, json!({"status":"INPROGRESS"})));
    assert_eq!(h.sim.activation_status(), "INPROGRESS");
    let mut seen = Vec::new();
    for _ in 0..4 {
        let (_, v) = h.get(&h.zia("/status")).await;
        seen.push(v["status"].as_str().unwrap().to_string());
    }
    assert_eq!(seen, ["INPROGRESS", "INPROGRESS", "ACTIVE", "ACTIVE"]);
    assert_eq!(h.sim.activation_status(), "ACTIVE");

    // The default (0) activates at once.
    let h0 = H::new().await;
    h0.sim.set_activation_status("PENDING");
    let (_, v) = h0.post(&h0.zia("/status/activate"), json!({})).await;
    assert_eq!(v, json!({"status":"ACTIVE"}));
}

#[tokio::test]
async fn activation_status_can_be_staged_without_writes() {
    let h = H::with(SimConfig {
        activation_in_progress_polls: 1,
        ..SimConfig::default()
    })
    .await;
    h.sim.set_activation_status("pending");
    assert_eq!(h.sim.activation_status(), "PENDING");
    let (_, v) = h.get(&h.zia("/status")).await;
    assert_eq!(v["status"], "PENDING");

    // The HTTP control endpoint.
    let ctl = h.url("/__sim/activation");
    h.sim.set_activation_status("ACTIVE");
    let r =
        h.c.put(&ctl)
            .json(&json!({"status":"PENDING"}))
            .send()
            .await
            .unwrap();
    let (st, v) = json_of(r).await;
    assert_eq!((st, v), (200, json!({"status":"PENDING"})));
    assert_eq!(h.sim.activation_status(), "PENDING");
    let (_, v) = json_of(h.c.get(&ctl).send().await.unwrap()).await;
    assert_eq!(v["status"], "PENDING");
    let (_, v) = h.get(&h.zia("/status")).await;
    assert_eq!(v["status"], "PENDING");
    for bad in [json!({}), json!({"status": 3}), json!({"status": " "})] {
        let r = h.c.put(&ctl).json(&bad).send().await.unwrap();
        assert_eq!(r.status(), 400, "{bad}");
    }
    assert_eq!(h.sim.activation_status(), "PENDING");

    // INPROGRESS set by control counts down like an activation.
    let r =
        h.c.put(&ctl)
            .json(&json!({"status":"inprogress"}))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 200);
    let (_, v) = h.get(&h.zia("/status")).await;
    assert_eq!(v["status"], "INPROGRESS");
    let (_, v) = h.get(&h.zia("/status")).await;
    assert_eq!(v["status"], "ACTIVE");

    // Control calls are not in the request log.
    assert!(h
        .sim
        .requests()
        .iter()
        .all(|r| !r.path.starts_with("/__sim")));
    let (_, stats) = json_of(h.c.get(h.url("/__sim/stats")).send().await.unwrap()).await;
    assert_eq!(stats["activation_status"], "ACTIVE");
}

// ------------------------------------------------------------------ common behaviour

#[tokio::test]
async fn new_products_need_a_bearer_are_logged_and_take_faults() {
    let h = H::new().await;
    let urls = [
        h.zdx("/devices"),
        h.zdx("/apps"),
        h.zcc("/getDevices"),
        h.zcc("/webTrustedNetwork/listByCompany"),
        h.zid("/users"),
        h.zid("/groups"),
    ];
    h.sim.clear_requests();
    for u in &urls {
        let (st, v) = json_of(h.c.get(u).send().await.unwrap()).await;
        assert_eq!(st, 401, "{u}");
        assert_eq!(
            v,
            json!({"detail":"unauthorized","type":"","title":"","status":""})
        );
        let (st, _) = json_of(h.c.get(u).bearer_auth("garbage").send().await.unwrap()).await;
        assert_eq!(st, 401, "{u}");
        let (st, _) = h.get(u).await;
        assert_eq!(st, 200, "{u}");
    }
    let log = h.sim.requests();
    assert_eq!(log.len(), urls.len() * 3);
    assert_eq!(
        log.iter().filter(|r| r.authorized).count(),
        urls.len(),
        "only the bearer calls are authorized"
    );
    let zid = log
        .iter()
        .find(|r| r.path == "/ziam/admin/api/v1/users")
        .unwrap();
    assert_eq!(zid.method, "GET");

    h.sim.add_fault(Fault {
        method: Some("GET".into()),
        path_prefix: "/zdx/v1/devices".into(),
        kind: FaultKind::ServerError { status: 503 },
        times: Some(1),
    });
    h.sim.add_fault(Fault {
        method: None,
        path_prefix: "/zcc/papi".into(),
        kind: FaultKind::ZiaRateLimit,
        times: Some(1),
    });
    h.sim.add_fault(Fault {
        method: Some("POST".into()),
        path_prefix: "/ziam/admin/api/v1/groups".into(),
        kind: FaultKind::ServerError { status: 500 },
        times: Some(1),
    });
    let r = h.send(Method::GET, &h.zdx("/devices"), None).await;
    assert_eq!(r.status(), 503);
    assert_eq!(header(&r, "retry-after").as_deref(), Some("1"));
    let (st, _) = h.get(&h.zdx("/devices")).await;
    assert_eq!(st, 200);
    let (st, _) = h.get(&h.zcc("/getDevices")).await;
    assert_eq!(st, 429);
    let (st, _) = h.get(&h.zcc("/getDevices")).await;
    assert_eq!(st, 200);
    let (st, _) = h.post(&h.zid("/groups"), json!({"name":"faulted"})).await;
    assert_eq!(st, 500);
    let (_, v) = h.get(&h.zid("/groups?name%5Blike%5D=faulted")).await;
    assert_eq!(v["totalRecord"], 0, "a faulted write changes nothing");
}

#[tokio::test]
async fn new_products_survive_odd_input() {
    let h = H::new().await;
    let gets = [
        h.zdx("/devices?limit=-1"),
        h.zdx("/devices?limit=99999999999999999999999"),
        h.zdx("/devices?offset=99999999999999999999999"),
        h.zdx("/devices?offset=120"),
        h.zdx("/devices?from=1&to=99999999999999999999"),
        h.zdx("/devices/%FF%FE"),
        h.zdx("/users/-1"),
        h.zdx("/alerts/abc"),
        h.zdx("/nothing/here"),
        h.url("/zdx/v2/devices"),
        h.zcc("/getDevices?page=0&pageSize=-5&osType=windows"),
        h.zcc("/getDevices?page=99999999999999999999&pageSize=99999999999"),
        h.zcc("/getDeviceDetails?udid=%00"),
        h.zcc("/webTrustedNetwork/listByCompany?page=abc"),
        h.zcc("/unknown"),
        h.url("/zcc/papi/public/v9/getDevices"),
        h.zid("/users?offset=99999999999999999999999&limit=5"),
        h.zid("/users?limit=abc"),
        h.zid("/users/%E2%98%83/groups"),
        h.zid("/groups/none/users?limit=1000"),
        h.zid("/nothing"),
        h.url("/ziam/admin/api/v2/users"),
    ];
    for u in &gets {
        let (st, _) = h.get(u).await;
        assert!((200..500).contains(&st), "{u} -> {st}");
    }
    let (st, v) = h.get(&h.zdx("/devices?offset=120")).await;
    assert_eq!(st, 200);
    assert_eq!(
        (arr(&v["devices"]).len(), v["next_offset"].clone()),
        (0, Value::Null)
    );

    let writes: [(Method, String, Option<Value>); 8] = [
        (
            Method::POST,
            h.zid("/users"),
            Some(json!({"loginName": 5, "displayName": "x"})),
        ),
        (
            Method::POST,
            h.zid("/users"),
            Some(json!({"loginName": "a@b", "displayName": "x", "department": "x"})),
        ),
        (Method::PUT, h.zid("/users/nope"), Some(json!({}))),
        (
            Method::POST,
            h.zid("/groups"),
            Some(json!({"name": "g", "dynamicGroup": "yes"})),
        ),
        (Method::POST, h.zid("/groups"), None),
        (
            Method::PUT,
            h.zid("/groups/nope/users"),
            Some(json!([{"id": 1}])),
        ),
        (Method::DELETE, h.zcc("/getDevices"), None),
        (Method::PATCH, h.zdx("/apps"), Some(json!({}))),
    ];
    for (m, u, b) in writes {
        let (st, _) = json_of(h.send(m.clone(), &u, b).await).await;
        assert!((400..500).contains(&st), "{m} {u} -> {st}");
    }
    // Membership writes validate every id before changing anything.
    let (_, g) = h.get(&h.zid("/groups?limit=1")).await;
    let gid = g["records"][0]["id"].as_str().unwrap().to_string();
    let before = h
        .get(&h.zid(&format!("/groups/{gid}/users?limit=1")))
        .await
        .1["totalRecord"]
        .clone();
    let (st, _) = h
        .put(
            &h.zid(&format!("/groups/{gid}/users")),
            json!([{"id": "missing"}]),
        )
        .await;
    assert_eq!(st, 404);
    let after = h
        .get(&h.zid(&format!("/groups/{gid}/users?limit=1")))
        .await
        .1["totalRecord"]
        .clone();
    assert_eq!(before, after);
    let (st, _) = h.get(&h.zia("/status")).await;
    assert_eq!(st, 200, "still healthy");
}

#[tokio::test]
async fn binary_accepts_activation_polls_flag() {
    let bin = Binary::start(&["--port", "0", "--activation-in-progress-polls", "1"]).await;
    let base = &bin.base;
    let c = Client::builder().no_proxy().build().unwrap();
    let token = sandbox_token(&c, &format!("{base}/oauth2/v1/token")).await;
    let (_, v) = json_of(
        c.post(format!("{base}/zia/api/v1/status/activate"))
            .bearer_auth(&token)
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(v["status"], "INPROGRESS");
    let mut seen = Vec::new();
    for _ in 0..2 {
        let (_, v) = json_of(
            c.get(format!("{base}/zia/api/v1/status"))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap(),
        )
        .await;
        seen.push(v["status"].as_str().unwrap_or("").to_string());
    }
    assert_eq!(seen, ["INPROGRESS", "ACTIVE"]);
}
