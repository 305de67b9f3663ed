//! End-to-end tests of the registry-driven ZIA collections, the singleton
//! settings and the special ZIA endpoints, over real loopback HTTP. The CRUD
//! walk is generated from `zscaler_sim::zia_collections()` so every
//! collection in the registry is covered.

mod common;
use common::*;

use reqwest::Method;
use serde_json::{json, Value};
use zscaler_sim::{zia_collections, zia_singletons, Fault, FaultKind};

impl H {
    fn activation(&self) -> String {
        self.sim.activation_status()
    }
}

fn invalid_body() -> Value {
    json!({"message":"Request body is invalid."})
}

fn id_str(v: &Value) -> String {
    match &v["id"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn names(v: &Value) -> Vec<String> {
    arr(v)
        .iter()
        .map(|x| x["name"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Scalar and string-array fields of `sample` must come back unchanged.
fn assert_echoes(ctx: &str, sample: &Value, got: &Value) {
    for (k, v) in sample.as_object().unwrap() {
        if k == "preSharedKey" {
            assert!(got.get(k).is_none(), "{ctx}: {k} is write-only");
            continue;
        }
        let comparable = match v {
            Value::String(_) | Value::Bool(_) | Value::Number(_) => true,
            Value::Array(a) => a.iter().all(Value::is_string),
            _ => false,
        };
        if comparable {
            assert_eq!(&got[k], v, "{ctx}: field {k}");
        }
    }
}

// ------------------------------------------------------------------ registry walk

#[tokio::test]
async fn every_registry_collection_supports_its_crud_cycle() {
    let h = H::new().await;
    let colls = zia_collections();
    assert!(
        colls.len() >= 20,
        "registry has {} collections",
        colls.len()
    );
    for info in &colls {
        let ctx = info.name;
        let path = info.path.trim_start_matches("/zia/api/v1");
        // List.
        let (st, list) = h.get(&h.zia(path)).await;
        assert_eq!(st, 200, "{ctx}: list");
        let items = arr(&list).clone();
        let expected = match info.paging {
            Some((default, _)) => info.seeded.min(default as usize),
            None => info.seeded,
        };
        assert!(info.seeded >= 3, "{ctx}: at least 3 seeds");
        assert_eq!(items.len(), expected, "{ctx}: seeded items listed");
        for it in &items {
            assert!(!it["id"].is_null(), "{ctx}: every item has an id");
            assert_eq!(it["id"].is_string(), info.string_ids, "{ctx}: id type");
        }
        // Get one.
        let first = &items[0];
        let (st, got) = h.get(&h.zia(&format!("{path}/{}", id_str(first)))).await;
        assert_eq!(
            (st, &got),
            (200, first),
            "{ctx}: get equals the listed item"
        );
        let unknown = if info.string_ids {
            "NO_SUCH_ID"
        } else {
            "999999999"
        };
        let (st, v) = h.get(&h.zia(&format!("{path}/{unknown}"))).await;
        assert_eq!(
            (st, v["code"].as_str()),
            (404, Some("RESOURCE_NOT_FOUND")),
            "{ctx}: unknown id"
        );
        assert!(v["message"].is_string(), "{ctx}");
        // Lite.
        if info.lite {
            let (st, lite) = h.get(&h.zia(&format!("{path}/lite"))).await;
            assert_eq!(st, 200, "{ctx}: lite");
            assert_eq!(
                arr(&lite).len(),
                items.len(),
                "{ctx}: lite lists every item"
            );
            for (l, full) in arr(&lite).iter().zip(items.iter()) {
                assert_eq!(l["id"], full["id"], "{ctx}: lite ids");
                assert!(
                    l.as_object().unwrap().len() < full.as_object().unwrap().len(),
                    "{ctx}: lite items are smaller"
                );
            }
        }
        // Paging.
        if info.paging.is_some() {
            let (_, p1) = h.get(&h.zia(&format!("{path}?page=1&pageSize=1"))).await;
            let (_, p2) = h.get(&h.zia(&format!("{path}?page=2&pageSize=1"))).await;
            assert_eq!(arr(&p1).as_slice(), &items[0..1], "{ctx}: page 1");
            assert_eq!(arr(&p2).as_slice(), &items[1..2], "{ctx}: page 2");
        } else {
            let (_, all) = h.get(&h.zia(&format!("{path}?page=2&pageSize=1"))).await;
            assert_eq!(arr(&all).len(), items.len(), "{ctx}: paging ignored");
        }
        h.sim.set_activation_status("ACTIVE");
        if !info.writable {
            let (st, _) = h.post(&h.zia(path), json!({"name": "x"})).await;
            assert_eq!(st, 405, "{ctx}: read-only POST");
            let item = h.zia(&format!("{path}/{}", id_str(first)));
            assert_eq!(
                h.put(&item, json!({"name": "x"})).await.0,
                405,
                "{ctx}: PUT"
            );
            assert_eq!(h.delete(&item).await.0, 405, "{ctx}: DELETE");
            assert_eq!(h.activation(), "ACTIVE", "{ctx}: nothing staged");
            continue;
        }
        // Create.
        let sample = info.sample_create.clone().unwrap();
        let (st, created) = h.post(&h.zia(path), sample.clone()).await;
        assert_eq!(st, 200, "{ctx}: create: {created}");
        assert_echoes(ctx, &sample, &created);
        let new_id = id_str(&created);
        assert!(created["id"].is_i64(), "{ctx}: integer id");
        assert!(
            !items.iter().any(|i| id_str(i) == new_id),
            "{ctx}: fresh id"
        );
        assert_eq!(h.activation(), "PENDING", "{ctx}: create stages a change");
        let item = h.zia(&format!("{path}/{new_id}"));
        assert_eq!(
            h.get(&item).await,
            (200, created.clone()),
            "{ctx}: get after create"
        );
        let (_, all) = h.get(&h.zia(&format!("{path}?pageSize=1000"))).await;
        assert!(
            arr(&all).iter().any(|i| id_str(i) == new_id),
            "{ctx}: listed"
        );
        // Duplicate.
        if let Some((field, status)) = info.unique {
            let (st, v) = h.post(&h.zia(path), sample.clone()).await;
            assert_eq!(
                (st, v["code"].as_str()),
                (status, Some("DUPLICATE_ITEM")),
                "{ctx}: duplicate {field}"
            );
        }
        // Invalid bodies.
        assert_eq!(
            h.post(&h.zia(path), json!(["array"])).await,
            (400, invalid_body()),
            "{ctx}"
        );
        assert_eq!(
            h.raw(Method::POST, &h.zia(path), "{not json").await,
            (400, invalid_body()),
            "{ctx}"
        );
        assert_eq!(
            h.put(&item, json!("string")).await,
            (400, invalid_body()),
            "{ctx}"
        );
        // Update (full replace, id kept).
        h.sim.set_activation_status("ACTIVE");
        let update = info.sample_update.clone().unwrap();
        let (st, updated) = h.put(&item, update.clone()).await;
        assert_eq!(st, 200, "{ctx}: update: {updated}");
        assert_eq!(id_str(&updated), new_id, "{ctx}: id kept");
        assert_echoes(ctx, &update, &updated);
        if update.get("description").is_none() {
            if let Some(d) = sample["description"].as_str().filter(|d| !d.is_empty()) {
                assert_ne!(
                    updated["description"].as_str(),
                    Some(d),
                    "{ctx}: PUT replaces the object"
                );
            }
        }
        assert_eq!(h.activation(), "PENDING", "{ctx}: update stages a change");
        assert_eq!(
            h.get(&item).await,
            (200, updated.clone()),
            "{ctx}: get after update"
        );
        let missing = h.zia(&format!("{path}/999999999"));
        assert_eq!(
            h.put(&missing, update.clone()).await.0,
            404,
            "{ctx}: update unknown"
        );
        // Delete.
        h.sim.set_activation_status("ACTIVE");
        assert_eq!(h.delete(&item).await, (204, Value::Null), "{ctx}: delete");
        assert_eq!(h.activation(), "PENDING", "{ctx}: delete stages a change");
        assert_eq!(h.get(&item).await.0, 404, "{ctx}: gone");
        assert_eq!(h.delete(&item).await.0, 404, "{ctx}: delete twice");
        let (_, after) = h.get(&h.zia(path)).await;
        assert_eq!(arr(&after).len(), items.len(), "{ctx}: back to the seeds");
    }
}

#[tokio::test]
async fn predefined_and_default_items_cannot_be_deleted() {
    let h = H::new().await;
    for (path, id) in [
        ("/firewallDnsRules", "1710001"),
        ("/firewallIpsRules", "1720001"),
        ("/sslInspectionRules", "184200"),
        ("/sandboxRules", "1750001"),
        ("/networkServices", "774003"),
        ("/dlpDictionaries", "5010001"),
        ("/dlpEngines", "5020001"),
    ] {
        let (st, v) = h.delete(&h.zia(&format!("{path}/{id}"))).await;
        assert_eq!(
            (st, v["code"].as_str()),
            (400, Some("INVALID_INPUT_ARGUMENT")),
            "{path}"
        );
        assert_eq!(
            h.get(&h.zia(&format!("{path}/{id}"))).await.0,
            200,
            "{path}"
        );
    }
    assert_eq!(h.activation(), "ACTIVE");
}

// ------------------------------------------------------------------ rules

#[tokio::test]
async fn rule_tables_keep_orders_contiguous() {
    let h = H::new().await;
    let orders = |v: &Value| -> Vec<i64> {
        let mut o: Vec<i64> = arr(v)
            .iter()
            .map(|r| r["order"].as_i64().unwrap())
            .collect();
        o.sort();
        o
    };
    let (_, before) = h.get(&h.zia("/firewallDnsRules")).await;
    assert_eq!(orders(&before), vec![-1, 1, 2, 3, 4]);
    let (st, created) = h
        .post(
            &h.zia("/firewallDnsRules"),
            json!({"name":"First","order":1,"action":"ALLOW","labels":[{"id":171100002}]}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(created["order"], 1);
    assert_eq!(created["labels"][0]["name"], "Change-Window");
    assert_eq!(created["lastModifiedBy"]["id"], 117810311);
    let (_, after) = h.get(&h.zia("/firewallDnsRules")).await;
    assert_eq!(orders(&after), vec![-1, 1, 2, 3, 4, 5]);
    let was_first = arr(&after).iter().find(|r| r["id"] == 1710002).unwrap();
    assert_eq!(was_first["order"], 2, "others shift down");
    // Without an order the rule goes last.
    let (_, last) = h
        .post(
            &h.zia("/firewallDnsRules"),
            json!({"name":"Last","action":"BLOCK"}),
        )
        .await;
    assert_eq!(last["order"], 6);
    // Validation.
    let (st, v) = h
        .post(
            &h.zia("/firewallDnsRules"),
            json!({"name":"x","action":"NOPE"}),
        )
        .await;
    assert_eq!(
        (st, v["code"].as_str()),
        (400, Some("INVALID_INPUT_ARGUMENT"))
    );
    let (st, _) = h
        .post(
            &h.zia("/firewallIpsRules"),
            json!({"name":"x","state":"ON"}),
        )
        .await;
    assert_eq!(st, 400);
    let (st, _) = h
        .post(&h.zia("/firewallIpsRules"), json!({"name":"x","rank":9}))
        .await;
    assert_eq!(st, 400);
    let (st, _) = h
        .post(
            &h.zia("/firewallIpsRules"),
            json!({"description":"no name"}),
        )
        .await;
    assert_eq!(st, 400);
    // Deleting renumbers.
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        h.delete(&h.zia(&format!("/firewallDnsRules/{id}"))).await.0,
        204
    );
    let (_, v) = h.get(&h.zia("/firewallDnsRules")).await;
    assert_eq!(orders(&v), vec![-1, 1, 2, 3, 4, 5]);
    // Search.
    let (_, v) = h.get(&h.zia("/firewallDnsRules?search=REDIRECT")).await;
    assert_eq!(names(&v), vec!["Redirect Corporate Domains"]);
    // The default rule can be edited but keeps its flags and order.
    let (st, v) = h
        .put(
            &h.zia("/firewallIpsRules/1720001"),
            json!({"name":"Default Cloud IPS Rule","action":"BLOCK_DROP","defaultRule":false}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(
        (v["defaultRule"].as_bool(), v["order"].as_i64()),
        (Some(true), Some(-1))
    );
}

#[tokio::test]
async fn ssl_rules_need_an_action_object() {
    let h = H::new().await;
    let (_, v) = h.get(&h.zia("/sslInspectionRules/184200")).await;
    assert_eq!(v["action"]["type"], "DO_NOT_DECRYPT");
    assert_eq!(v["predefined"], true);
    // The recorded request with a string action is "Request body is invalid."
    let (st, v) = h
        .post(
            &h.zia("/sslInspectionRules"),
            json!({"name":"TestSSLRule_VCR","description":"Test SSL inspection rule for VCR","order":1,"rank":7,
                   "action":"INSPECT","roadWarriorForKerberos":false,"state":"ENABLED"}),
        )
        .await;
    assert_eq!((st, v), (400, invalid_body()));
    let (st, v) = h
        .post(
            &h.zia("/sslInspectionRules"),
            json!({"name":"x","action":{"type":"INSPECT"}}),
        )
        .await;
    assert_eq!(
        (st, v["code"].as_str()),
        (400, Some("INVALID_INPUT_ARGUMENT"))
    );
    let (_, lite) = h.get(&h.zia("/sslInspectionRules/lite")).await;
    assert_eq!(arr(&lite).len(), 4);
    assert!(arr(&lite)[0].get("action").is_none());
}

#[tokio::test]
async fn cloud_app_control_rules_are_partitioned_by_rule_type() {
    let h = H::new().await;
    let (_, streaming) = h.get(&h.zia("/webApplicationRules/STREAMING_MEDIA")).await;
    assert_eq!(arr(&streaming).len(), 3);
    assert!(arr(&streaming)
        .iter()
        .all(|r| r["type"] == "STREAMING_MEDIA"));
    let (_, webmail) = h.get(&h.zia("/webApplicationRules/WEBMAIL")).await;
    assert_eq!(names(&webmail), vec!["Block Webmail Attachments"]);
    let (_, none) = h.get(&h.zia("/webApplicationRules/LEGAL")).await;
    assert_eq!(arr(&none).len(), 0);
    // A rule exists only under its own type.
    assert_eq!(
        h.get(&h.zia("/webApplicationRules/STREAMING_MEDIA/1770001"))
            .await
            .0,
        200
    );
    assert_eq!(
        h.get(&h.zia("/webApplicationRules/WEBMAIL/1770001"))
            .await
            .0,
        404
    );
    let (st, v) = h.get(&h.zia("/webApplicationRules/NOT_A_TYPE")).await;
    assert_eq!(
        (st, v["code"].as_str()),
        (400, Some("INVALID_INPUT_ARGUMENT"))
    );
    // Actions must belong to the type; orders are per type.
    let (st, _) = h
        .post(
            &h.zia("/webApplicationRules/WEBMAIL"),
            json!({"name":"x","actions":["BLOCK_STREAMING_UPLOAD"]}),
        )
        .await;
    assert_eq!(st, 400);
    let (st, v) = h
        .post(&h.zia("/webApplicationRules/WEBMAIL"), json!({"name":"Webmail view","order":1,"actions":["ALLOW_WEBMAIL_VIEW"],"applications":["GOOGLE_WEBMAIL"]}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(
        (v["type"].as_str(), v["order"].as_i64()),
        (Some("WEBMAIL"), Some(1))
    );
    let (_, webmail) = h.get(&h.zia("/webApplicationRules/WEBMAIL")).await;
    let mut orders: Vec<i64> = arr(&webmail)
        .iter()
        .map(|r| r["order"].as_i64().unwrap())
        .collect();
    orders.sort();
    assert_eq!(orders, vec![1, 2]);
    let (_, streaming2) = h.get(&h.zia("/webApplicationRules/STREAMING_MEDIA")).await;
    assert_eq!(streaming2, streaming, "other types untouched");
    // Names are unique per type only.
    let (st, _) = h
        .post(
            &h.zia("/webApplicationRules/WEBMAIL"),
            json!({"name":"Block Streaming Uploads","actions":["BLOCK_WEBMAIL_SEND"]}),
        )
        .await;
    assert_eq!(st, 200);
    // Available actions and rule type mapping.
    let (st, v) = h
        .post(
            &h.zia("/webApplicationRules/STREAMING_MEDIA/availableActions"),
            json!({"cloudApps":["YOUTUBE"]}),
        )
        .await;
    assert_eq!(st, 200);
    assert!(arr(&v).contains(&json!("BLOCK_STREAMING_UPLOAD")));
    assert!(!arr(&v).contains(&json!("BLOCK_WEBMAIL_SEND")));
    assert_eq!(
        h.post(
            &h.zia("/webApplicationRules/STREAMING_MEDIA/availableActions"),
            json!(["YOUTUBE"])
        )
        .await,
        (400, invalid_body())
    );
    assert_eq!(
        h.post(
            &h.zia("/webApplicationRules/BOGUS/availableActions"),
            json!({"cloudApps":[]})
        )
        .await
        .0,
        400
    );
    let (_, map) = h.get(&h.zia("/webApplicationRules/ruleTypeMapping")).await;
    assert_eq!(map["Webmail"], "WEBMAIL");
}

// ------------------------------------------------------------------ firewall resources

#[tokio::test]
async fn firewall_resources_filters_and_lite() {
    let h = H::new().await;
    // IP source groups: lite is id + name only; search is name/description.
    let (_, lite) = h.get(&h.zia("/ipSourceGroups/lite")).await;
    assert!(arr(&lite).iter().all(|g| g.as_object().unwrap().len() == 2));
    let (_, v) = h.get(&h.zia("/ipSourceGroups?search=guest")).await;
    assert_eq!(names(&v), vec!["Guest Networks"]);
    let (st, _) = h
        .post(
            &h.zia("/ipSourceGroups"),
            json!({"name":"bad","ipAddresses":["not-an-ip"]}),
        )
        .await;
    assert_eq!(st, 400);
    // IP destination groups: excludeType, ipAddresses mirror, override=false appends.
    let (_, all) = h.get(&h.zia("/ipDestinationGroups")).await;
    let (_, no_fqdn) = h
        .get(&h.zia("/ipDestinationGroups?excludeType=DSTN_FQDN"))
        .await;
    assert_eq!(arr(&no_fqdn).len(), arr(&all).len() - 1);
    assert!(arr(&no_fqdn).iter().all(|g| g["type"] != "DSTN_FQDN"));
    let (_, lite) = h
        .get(&h.zia("/ipDestinationGroups/lite?excludeType=DSTN_IP,DSTN_OTHER"))
        .await;
    assert_eq!(
        names(&lite),
        vec!["SaaS Collaboration FQDNs", "Corporate Domains"]
    );
    let (_, g) = h
        .post(
            &h.zia("/ipDestinationGroups"),
            json!({"name":"g1","type":"DSTN_IP","addresses":["1.1.1.1"]}),
        )
        .await;
    assert_eq!(g["ipAddresses"], json!(["1.1.1.1"]));
    let gid = g["id"].as_i64().unwrap();
    let (_, g2) = h
        .put(
            &h.zia(&format!("/ipDestinationGroups/{gid}?override=false")),
            json!({"name":"g1","type":"DSTN_IP","addresses":["8.8.8.8"]}),
        )
        .await;
    assert_eq!(g2["addresses"], json!(["1.1.1.1", "8.8.8.8"]));
    let (_, g3) = h
        .put(
            &h.zia(&format!("/ipDestinationGroups/{gid}")),
            json!({"name":"g1","type":"DSTN_IP","addresses":["9.9.9.9"]}),
        )
        .await;
    assert_eq!(g3["addresses"], json!(["9.9.9.9"]));
    let (st, _) = h
        .post(
            &h.zia("/ipDestinationGroups"),
            json!({"name":"g2","type":"DSTN_BOGUS"}),
        )
        .await;
    assert_eq!(st, 400);
    // Network services: search, protocol, CUSTOM type, predefined protection.
    let (_, v) = h.get(&h.zia("/networkServices?search=dns_desc")).await;
    assert_eq!(names(&v), vec!["DNS"]);
    let (_, icmp) = h.get(&h.zia("/networkServices?protocol=ICMP")).await;
    assert_eq!(names(&icmp), vec!["ICMP_ANY"]);
    let (_, udp) = h.get(&h.zia("/networkServices?protocol=udp")).await;
    assert!(names(&udp).contains(&"DNS".to_string()) && !names(&udp).contains(&"HTTP".to_string()));
    let (_, created) = h
        .post(
            &h.zia("/networkServices"),
            json!({"name":"svc","type":"PREDEFINED","destTcpPorts":[{"start":8080,"end":8081}]}),
        )
        .await;
    assert_eq!(created["type"], "CUSTOM");
    h.rejects(
        Method::POST,
        &h.zia("/networkServices"),
        &[
            json!({"name":"bad","destTcpPorts":[{"start":70000}]}),
            json!({"name":"bad2","destTcpPorts":[{"end":80}]}),
        ],
        400,
    )
    .await;
    // Network service groups expand services and reject unknown ones.
    let (_, sg) = h
        .post(
            &h.zia("/networkServiceGroups"),
            json!({"name":"sg","services":[{"id":774003}]}),
        )
        .await;
    assert_eq!(sg["services"][0]["name"], "DNS");
    assert_eq!(sg["services"][0]["destUdpPorts"], json!([{"start":53}]));
    let (st, _) = h
        .post(
            &h.zia("/networkServiceGroups"),
            json!({"name":"sg2","services":[{"id":1}]}),
        )
        .await;
    assert_eq!(st, 400);
    // Network applications are read-only with string ids; groups check them.
    let (_, app) = h.get(&h.zia("/networkApplications/SALESFORCE")).await;
    assert_eq!(app["description"], "Salesforce");
    let (_, v) = h.get(&h.zia("/networkApplications?search=zoom")).await;
    assert_eq!(arr(&v).len(), 1);
    let (st, _) = h
        .post(
            &h.zia("/networkApplicationGroups"),
            json!({"name":"ag","networkApplications":["NOT_AN_APP"]}),
        )
        .await;
    assert_eq!(st, 400);
    // Firewall rules get names for the new references.
    let (_, rule) = h
        .post(&h.zia("/firewallIpsRules"), json!({"name":"refs","srcIpGroups":[{"id":10596601}],"nwServiceGroups":[{"id":10610001}],"timeWindows":[{"id":18000001}]}))
        .await;
    assert_eq!(rule["srcIpGroups"][0]["name"], "Corporate Egress");
    assert_eq!(rule["nwServiceGroups"][0]["name"], "Web Services");
    assert_eq!(rule["timeWindows"][0]["name"], "Business Hours");
}

#[tokio::test]
async fn rule_label_counts_include_the_new_rule_tables() {
    let h = H::new().await;
    let (_, before) = h.get(&h.zia("/ruleLabels/171100002")).await;
    let n = before["referencedRuleCount"].as_i64().unwrap();
    h.post(
        &h.zia("/sandboxRules"),
        json!({"name":"labelled","labels":[{"id":171100002}]}),
    )
    .await;
    let (_, after) = h.get(&h.zia("/ruleLabels/171100002")).await;
    assert_eq!(after["referencedRuleCount"].as_i64().unwrap(), n + 1);
}

// ------------------------------------------------------------------ traffic forwarding

#[tokio::test]
async fn static_ips_validate_and_conflicts() {
    let h = H::new().await;
    // validate answers a bare SUCCESS (recorded).
    let r = h
        .send(
            Method::POST,
            &h.zia("/staticIP/validate"),
            Some(json!({"ipAddress":"104.239.237.3"})),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    assert_eq!(r.text().await.unwrap(), "SUCCESS");
    let (st, v) = h
        .post(
            &h.zia("/staticIP/validate"),
            json!({"ipAddress":"104.239.237.2"}),
        )
        .await;
    assert_eq!((st, v["code"].as_str()), (409, Some("DUPLICATE_ITEM")));
    assert_eq!(
        v["message"],
        "Invalid IP inetAddress : - This IP 104.239.237.2 is already associated with current organization."
    );
    assert_eq!(
        h.post(&h.zia("/staticIP/validate"), json!({"ipAddress":"nope"}))
            .await
            .0,
        400
    );
    assert_eq!(
        h.post(&h.zia("/staticIP/validate"), json!([1])).await,
        (400, invalid_body())
    );
    assert_eq!(h.get(&h.zia("/staticIP/validate")).await.0, 405);
    assert_eq!(h.activation(), "ACTIVE", "validation is not a write");
    // The recorded 409 for a PUT that repeats the object's own address.
    let (st, v) = h
        .put(
            &h.zia("/staticIP/4338892"),
            json!({"comment":"tests-static-ip-updated","ipAddress":"104.239.237.2"}),
        )
        .await;
    assert_eq!((st, v["code"].as_str()), (409, Some("DUPLICATE_ITEM")));
    let (st, v) = h
        .put(
            &h.zia("/staticIP/4338892"),
            json!({"comment":"kept address"}),
        )
        .await;
    assert_eq!((st, v["ipAddress"].as_str()), (200, Some("104.239.237.2")));
    assert_eq!(v["city"]["name"], "Cheney, Kansas, United States");
    // Filters.
    let (_, v) = h.get(&h.zia("/staticIP?ipAddress=198.51.100.20")).await;
    assert_eq!(arr(&v).len(), 1);
    let (_, free) = h.get(&h.zia("/staticIP?availableForGreTunnel=true")).await;
    let ips: Vec<&str> = arr(&free)
        .iter()
        .map(|s| s["ipAddress"].as_str().unwrap())
        .collect();
    assert_eq!(ips, vec!["203.0.113.30", "24.224.96.16", "203.0.113.50"]);
    // Geo override needs coordinates; the city comes from them.
    let (st, _) = h
        .post(
            &h.zia("/staticIP"),
            json!({"ipAddress":"203.0.113.90","geoOverride":true}),
        )
        .await;
    assert_eq!(st, 400);
    let (st, v) = h
        .post(&h.zia("/staticIP"), json!({"ipAddress":"203.0.113.90","geoOverride":true,"latitude":51.5,"longitude":-0.12}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(v["city"]["name"], "London, England, United Kingdom");
    assert!(v["lastModificationTime"].is_u64());
    // A static IP used by a GRE tunnel cannot be deleted.
    let (st, v) = h.delete(&h.zia("/staticIP/4338892")).await;
    assert_eq!(
        (st, v["code"].as_str()),
        (400, Some("INVALID_INPUT_ARGUMENT"))
    );
}

#[tokio::test]
async fn gre_tunnels_and_vip_helpers() {
    let h = H::new().await;
    let (st, recs) = h
        .get(&h.zia("/vips/recommendedList?sourceIp=104.239.237.2&withinCountryOnly=true"))
        .await;
    assert_eq!(st, 200);
    assert!(!arr(&recs).is_empty() && arr(&recs).len() <= 5);
    for v in arr(&recs) {
        assert_eq!(v["countryCode"], "US");
        for k in [
            "id",
            "virtualIp",
            "datacenter",
            "latitude",
            "longitude",
            "city",
            "region",
        ] {
            assert!(!v[k].is_null(), "{k}");
        }
    }
    let (_, any) = h
        .get(&h.zia("/vips/recommendedList?latitude=50.1&longitude=8.7"))
        .await;
    assert_eq!(arr(&any)[0]["datacenter"], "FRA4");
    assert_eq!(h.get(&h.zia("/vips/recommendedList")).await.0, 400);
    assert_eq!(
        h.get(&h.zia("/vips/recommendedList?sourceIp=x.y")).await.0,
        400
    );
    let (_, groups) = h
        .get(&h.zia("/vips/groupByDatacenter?sourceIp=198.51.100.20"))
        .await;
    assert_eq!(arr(&groups)[0]["datacenter"]["datacenter"], "YTO3");
    assert_eq!(arr(&groups)[0]["greVips"][0]["virtualIp"], "165.225.208.32");
    // Internal ranges skip those in use.
    let (_, ranges) = h
        .get(&h.zia("/greTunnels/availableInternalIpRanges?limit=2"))
        .await;
    assert_eq!(
        ranges,
        json!([{"startIPAddress":"172.17.0.16","endIPAddress":"172.17.0.23"},
               {"startIPAddress":"172.17.0.24","endIPAddress":"172.17.0.31"}])
    );
    // A numbered tunnel takes the next free range; VIPs are expanded.
    let (st, t) = h
        .post(&h.zia("/greTunnels"), json!({"sourceIp":"203.0.113.30","ipUnnumbered":false,"comment":"London",
                                           "primaryDestVip":{"id":118093},"secondaryDestVip":{"id":203550}}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(t["internalIpRange"], "172.17.0.16");
    assert_eq!(t["primaryDestVip"]["virtualIp"], "147.161.166.32");
    assert_eq!(t["primaryDestVip"]["countryCode"], "GB  ");
    assert_eq!(t["primaryDestVip"]["dontProvision"], true);
    assert_eq!(t["secondaryDestVip"]["datacenter"], "FRA4");
    let (_, ranges) = h
        .get(&h.zia("/greTunnels/availableInternalIpRanges?limit=1"))
        .await;
    assert_eq!(ranges[0]["startIPAddress"], "172.17.0.24");
    // VIPs default to the recommended ones; the source must be a static IP.
    let (_, t2) = h
        .post(
            &h.zia("/greTunnels"),
            json!({"sourceIp":"24.224.96.16","ipUnnumbered":true}),
        )
        .await;
    assert!(t2["primaryDestVip"]["id"].is_i64() && t2.get("internalIpRange").is_none());
    let (st, _) = h
        .post(&h.zia("/greTunnels"), json!({"sourceIp":"192.0.2.200"}))
        .await;
    assert_eq!(st, 400);
    let (st, _) = h
        .post(
            &h.zia("/greTunnels"),
            json!({"sourceIp":"203.0.113.50","primaryDestVip":{"id":1}}),
        )
        .await;
    assert_eq!(st, 400);
    let (st, v) = h
        .post(&h.zia("/greTunnels"), json!({"sourceIp":"203.0.113.30"}))
        .await;
    assert_eq!((st, v["code"].as_str()), (400, Some("DUPLICATE_ITEM")));
    // Paging.
    let (_, p) = h.get(&h.zia("/greTunnels?page=3&pageSize=2")).await;
    assert_eq!(arr(&p).len(), 1, "3 seeded + 2 created tunnels");
}

#[tokio::test]
async fn vpn_credentials_rules() {
    let h = H::new().await;
    let (_, ip) = h.get(&h.zia("/vpnCredentials?type=IP")).await;
    assert_eq!(arr(&ip).len(), 1);
    assert_eq!(ip[0]["location"]["name"], "HQ-San-Jose");
    let (_, free) = h
        .get(&h.zia("/vpnCredentials?includeOnlyWithoutLocation=true"))
        .await;
    assert_eq!(arr(&free).len(), 2);
    let (_, by_loc) = h.get(&h.zia("/vpnCredentials?locationId=149873536")).await;
    assert_eq!(
        arr(&by_loc)[0]["fqdn"],
        "branch-toronto@sandbox.example.com"
    );
    let (_, s) = h.get(&h.zia("/vpnCredentials?search=toronto")).await;
    assert_eq!(arr(&s).len(), 1);
    // Creation rules.
    h.rejects(
        Method::POST,
        &h.zia("/vpnCredentials"),
        &[
            // a pre-shared key is required
            json!({"type":"UFQDN","fqdn":"a@example.com"}),
            // IP credentials need a provisioned static IP
            json!({"type":"IP","ipAddress":"192.0.2.9","preSharedKey":"k"}),
        ],
        400,
    )
    .await;
    let (st, v) = h
        .post(
            &h.zia("/vpnCredentials"),
            json!({"type":"UFQDN","fqdn":"branch-toronto@sandbox.example.com","preSharedKey":"k"}),
        )
        .await;
    assert_eq!((st, v["code"].as_str()), (400, Some("DUPLICATE_ITEM")));
    let (st, _) = h
        .post(
            &h.zia("/vpnCredentials"),
            json!({"type":"XAUTH","fqdn":"x@example.com"}),
        )
        .await;
    assert_eq!(st, 400);
    let (st, c) = h
        .post(
            &h.zia("/vpnCredentials"),
            json!({"type":"IP","ipAddress":"203.0.113.50","preSharedKey":"k","comments":"lab",
                                              "location":{"id":149873537}}),
        )
        .await;
    assert_eq!(st, 200);
    assert!(c.get("preSharedKey").is_none());
    assert_eq!(c["location"]["name"], "London-Guest-Wifi");
    let id = c["id"].as_i64().unwrap();
    let (st, _) = h
        .put(
            &h.zia(&format!("/vpnCredentials/{id}")),
            json!({"type":"UFQDN","fqdn":"y@example.com"}),
        )
        .await;
    assert_eq!(st, 400, "the type cannot change");
    let (st, v) = h
        .put(
            &h.zia(&format!("/vpnCredentials/{id}")),
            json!({"ipAddress":"203.0.113.50","comments":"edited"}),
        )
        .await;
    assert_eq!(
        (st, v["type"].as_str(), v["comments"].as_str()),
        (200, Some("IP"), Some("edited"))
    );
}

#[tokio::test]
async fn geo_search() {
    let h = H::new().await;
    // The recorded request (no prefix) is a 400.
    let (st, v) = h
        .get(&h.zia("/region/search?country=United+States&search=San"))
        .await;
    assert_eq!(
        (st, v),
        (
            400,
            json!({"code":"INVALID_INPUT_ARGUMENT","message":"Invalid or blank search prefix."})
        )
    );
    let (_, v) = h.get(&h.zia("/region/search?prefix=San")).await;
    let cities: Vec<&str> = arr(&v)
        .iter()
        .map(|c| c["cityName"].as_str().unwrap())
        .collect();
    assert!(cities.contains(&"San Jose") && cities.contains(&"San Antonio"));
    assert!(!cities.contains(&"Chicago"));
    let (_, v) = h.get(&h.zia("/region/search?prefix=San%2C%20Texas")).await;
    assert_eq!(arr(&v).len(), 1);
    assert_eq!(v[0]["stateName"], "Texas");
    for k in [
        "cityGeoId",
        "stateGeoId",
        "latitude",
        "longitude",
        "countryName",
        "countryCode",
        "postalCode",
        "continentCode",
    ] {
        assert!(!v[0][k].is_null(), "{k}");
    }
    let (_, p) = h
        .get(&h.zia("/region/search?prefix=San&page=2&pageSize=2"))
        .await;
    assert_eq!(arr(&p).len(), 2);
    let (st, v) = h
        .get(&h.zia("/region/byGeoCoordinates?latitude=37.3&longitude=-121.9"))
        .await;
    assert_eq!((st, v["cityName"].as_str()), (200, Some("San Jose")));
    assert_eq!(
        h.get(&h.zia("/region/byGeoCoordinates?latitude=95&longitude=0"))
            .await
            .0,
        400
    );
    assert_eq!(h.get(&h.zia("/region/byGeoCoordinates")).await.0, 400);
    let (st, v) = h.get(&h.zia("/region/byIPAddress/104.239.237.2")).await;
    assert_eq!((st, v["cityName"].as_str()), (200, Some("Cheney")));
    assert_eq!(h.get(&h.zia("/region/byIPAddress/10.1.2.3")).await.0, 400);
    assert_eq!(h.get(&h.zia("/region/byIPAddress/not-an-ip")).await.0, 400);
}

// ------------------------------------------------------------------ singletons and lists

#[tokio::test]
async fn every_singleton_reads_and_replaces() {
    let h = H::new().await;
    let singles = zia_singletons();
    assert!(singles.len() >= 9);
    for s in &singles {
        let path = s.path.trim_start_matches("/zia/api/v1");
        let (st, before) = h.get(&h.zia(path)).await;
        assert_eq!(st, 200, "{path}");
        assert!(before.is_object(), "{path}");
        h.sim.set_activation_status("ACTIVE");
        let (st, after) = h.put(&h.zia(path), s.sample_update.clone()).await;
        assert_eq!(st, 200, "{path}: {after}");
        for (k, v) in s.sample_update.as_object().unwrap() {
            assert_eq!(&after[k], v, "{path}: {k}");
        }
        assert_ne!(after, before, "{path}: changed");
        assert_eq!(
            after.as_object().unwrap().len(),
            before.as_object().unwrap().len(),
            "{path}: same shape"
        );
        assert_eq!(h.activation(), "PENDING", "{path}");
        assert_eq!(h.get(&h.zia(path)).await, (200, after.clone()), "{path}");
        assert_eq!(
            h.put(&h.zia(path), json!([1])).await,
            (400, invalid_body()),
            "{path}"
        );
        assert_eq!(h.post(&h.zia(path), json!({})).await.0, 405, "{path}");
        assert_eq!(h.delete(&h.zia(path)).await.0, 405, "{path}");
        // A field of the wrong type is an invalid body.
        let (k, v) = before
            .as_object()
            .unwrap()
            .iter()
            .find(|(_, v)| v.is_boolean() || v.is_array())
            .unwrap();
        let wrong = if v.is_boolean() {
            json!("yes")
        } else {
            json!({"a": 1})
        };
        assert_eq!(
            h.put(&h.zia(path), json!({ k.clone(): wrong })).await,
            (400, invalid_body()),
            "{path}: {k}"
        );
    }
}

#[tokio::test]
async fn singleton_specifics() {
    let h = H::new().await;
    // PUT replaces: omitted fields fall back to the defaults.
    let (_, v) = h
        .put(
            &h.zia("/cyberThreatProtection/malwarePolicy"),
            json!({"blockPasswordProtectedArchiveFiles": true}),
        )
        .await;
    assert_eq!(
        v,
        json!({"blockUnscannableFiles": false, "blockPasswordProtectedArchiveFiles": true})
    );
    let (_, atp) = h
        .get(&h.zia("/cyberThreatProtection/advancedThreatSettings"))
        .await;
    assert!(
        atp.get("fileFormatVunerabilitesBlocked").is_some(),
        "the API's spelling"
    );
    assert_eq!(
        h.put(
            &h.zia("/cyberThreatProtection/advancedThreatSettings"),
            json!({"riskTolerance": 500})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        h.put(
            &h.zia("/cyberThreatProtection/advancedThreatSettings"),
            json!({"blockedCountries": ["US"]})
        )
        .await
        .0,
        400
    );
    let (_, ms) = h
        .get(&h.zia("/cyberThreatProtection/malwareSettings"))
        .await;
    assert_eq!(ms.as_object().unwrap().len(), 16);
    let (_, m) = h.get(&h.zia("/mobileAdvanceThreatSettings")).await;
    assert_eq!(m.as_object().unwrap().len(), 8);
    let (_, lite) = h.get(&h.zia("/authSettings/lite")).await;
    assert_eq!(lite["orgAuthType"], "SAFECHANNEL_DIR");
    // Behavioral analysis: MD5 list, legacy field, counts.
    let (_, counts) = h
        .get(&h.zia("/behavioralAnalysisAdvancedSettings/fileHashCount"))
        .await;
    assert_eq!(
        counts,
        json!({"allowedFileHashesCount":1,"allowedRemainingFileHashes":9999,"deniedFileHashesCount":1,
               "deniedRemainingFileHashes":9999,"blockedFileHashesCount":1,"remainingFileHashes":9998})
    );
    let (st, v) = h
        .put(&h.zia("/behavioralAnalysisAdvancedSettings"), json!({"fileHashesToBeBlocked": ["C0202CF6AEAB8437C638533D14563D35", "1ca31319721740ecb79f4b9ee74cd9b0"]}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(
        v["md5HashValueList"][0]["url"],
        "c0202cf6aeab8437c638533d14563d35"
    );
    assert_eq!(v["md5HashValueList"][1]["type"], "CUSTOM_FILEHASH_DENY");
    assert!(v.get("fileHashesToBeBlocked").is_none());
    let (_, counts) = h
        .get(&h.zia("/behavioralAnalysisAdvancedSettings/fileHashCount"))
        .await;
    assert_eq!(counts["deniedFileHashesCount"], 2);
    let (st, _) = h
        .put(
            &h.zia("/behavioralAnalysisAdvancedSettings"),
            json!({"md5HashValueList": [{"url": "not-md5"}]}),
        )
        .await;
    assert_eq!(st, 400);
    let (_, v) = h
        .put(
            &h.zia("/behavioralAnalysisAdvancedSettings"),
            json!({"md5HashValueList": []}),
        )
        .await;
    assert_eq!(v, json!({"md5HashValueList": []}));
}

#[tokio::test]
async fn auth_exempt_urls_add_and_remove() {
    let h = H::new().await;
    let url = h.zia("/authSettings/exemptedUrls");
    let (_, v) = h.get(&url).await;
    assert_eq!(arr(&v["urls"]).len(), 3);
    let (st, v) = h
        .post(
            &format!("{url}?action=ADD_TO_LIST"),
            json!({"urls": ["example.com", ".okta.com"]}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(
        v["urls"],
        json!([
            "login.microsoftonline.com",
            ".okta.com",
            "sso.sandbox.example",
            "example.com"
        ])
    );
    assert_eq!(h.activation(), "PENDING");
    let (_, v) = h
        .post(
            &format!("{url}?action=REMOVE_FROM_LIST"),
            json!({"urls": [".OKTA.com"]}),
        )
        .await;
    assert_eq!(
        v["urls"],
        json!([
            "login.microsoftonline.com",
            "sso.sandbox.example",
            "example.com"
        ])
    );
    assert_eq!(h.get(&url).await.1, v);
    let (st, _) = h.post(&url, json!({"urls": ["x.com"]})).await;
    assert_eq!(st, 400, "an action is required");
    let bogus = format!("{url}?action=BOGUS");
    h.rejects(Method::POST, &bogus, &[json!({"urls": ["x.com"]})], 400)
        .await;
    let add = format!("{url}?action=ADD_TO_LIST");
    let bad_urls = [json!({"urls": []}), json!({"urls": ["has space.com"]})];
    h.rejects(Method::POST, &add, &bad_urls, 400).await;
    assert_eq!(
        h.post(
            &format!("{url}?action=ADD_TO_LIST"),
            json!({"urls": "x.com"})
        )
        .await,
        (400, invalid_body())
    );
    assert_eq!(
        h.post(&format!("{url}?action=ADD_TO_LIST"), json!(["x.com"]))
            .await,
        (400, invalid_body())
    );
    assert_eq!(
        h.put(
            &format!("{url}?action=ADD_TO_LIST"),
            json!({"urls": ["x.com"]})
        )
        .await
        .0,
        405
    );
}

#[tokio::test]
async fn atp_url_lists() {
    let h = H::new().await;
    let url = h.zia("/cyberThreatProtection/maliciousUrls");
    let (_, v) = h
        .put(
            &format!("{url}?action=ADD_TO_LIST"),
            json!({"maliciousUrls": ["bad.example.com"]}),
        )
        .await;
    assert_eq!(arr(&v["maliciousUrls"]).len(), 4);
    let (_, v) = h
        .put(
            &format!("{url}?action=REMOVE_FROM_LIST"),
            json!({"maliciousUrls": ["bad.example.com", "evil.example.net"]}),
        )
        .await;
    assert_eq!(
        v["maliciousUrls"],
        json!(["malware.testcategory.com", "phish.example.org"])
    );
    assert_eq!(
        h.post(
            &format!("{url}?action=ADD_TO_LIST"),
            json!({"maliciousUrls": ["x.com"]})
        )
        .await
        .0,
        405
    );
    // Security exceptions: Python replaces the list, Go adds/removes.
    let url = h.zia("/cyberThreatProtection/securityExceptions");
    let (_, v) = h
        .put(&url, json!({"bypassUrls": ["only.example.com"]}))
        .await;
    assert_eq!(v, json!({"bypassUrls": ["only.example.com"]}));
    let (_, v) = h
        .put(
            &format!("{url}?action=ADD_TO_LIST"),
            json!({"bypassUrls": ["two.example.com"]}),
        )
        .await;
    assert_eq!(
        v,
        json!({"bypassUrls": ["only.example.com", "two.example.com"]})
    );
    assert_eq!(h.get(&url).await.1, v);
}

// ------------------------------------------------------------------ sandbox

#[tokio::test]
async fn sandbox_reports_and_quota() {
    let h = H::new().await;
    let (_, q) = h.get(&h.zia("/sandbox/report/quota")).await;
    assert_eq!(
        q,
        json!([{"startTime":-1,"used":0,"allowed":3000,"scale":"DAYS","unused":3000}])
    );
    // Unknown hash: 200 with the recorded body.
    let (st, v) = h
        .get(&h.zia("/sandbox/report/d41d8cd98f00b204e9800998ecf8427e?details=summary"))
        .await;
    assert_eq!(
        (st, v),
        (
            200,
            json!({"Summary":{"Summary":{"Status":"CONTENT_NOTFOUND","Message":"Content lookup failed."}}})
        )
    );
    let (_, v) = h
        .get(&h.zia("/sandbox/report/d41d8cd98f00b204e9800998ecf8427e?details=full"))
        .await;
    assert_eq!(v["Full Details"]["Summary"]["Status"], "CONTENT_NOTFOUND");
    // Known hash.
    let (_, v) = h
        .get(&h.zia("/sandbox/report/42914D6D213A20A2684064BE5C80FFA9"))
        .await;
    assert_eq!(v["Summary"]["Classification"]["Type"], "MALICIOUS");
    assert_eq!(
        v["Summary"]["Classification"]["DetectedMalware"],
        "Win32.Trojan.Emotet"
    );
    assert_eq!(
        v["Summary"]["FileProperties"]["MD5"],
        "42914d6d213a20a2684064be5c80ffa9"
    );
    assert_eq!(v["Summary"]["Summary"]["Status"], "COMPLETED");
    let (_, v) = h
        .get(&h.zia("/sandbox/report/42914d6d213a20a2684064be5c80ffa9?details=full"))
        .await;
    let full = &v["Full Details"];
    for k in [
        "Summary",
        "Classification",
        "FileProperties",
        "Origin",
        "SystemSummary",
        "Networking",
        "Persistence",
    ] {
        assert!(!full[k].is_null(), "{k}");
    }
    assert!(!arr(&full["Networking"]).is_empty());
    let (_, v) = h
        .get(&h.zia("/sandbox/report/c0202cf6aeab8437c638533d14563d35?details=full"))
        .await;
    assert_eq!(v["Full Details"]["Classification"]["Type"], "BENIGN");
    // Errors.
    assert_eq!(h.get(&h.zia("/sandbox/report/xyz")).await.0, 400);
    assert_eq!(
        h.get(&h.zia("/sandbox/report/d41d8cd98f00b204e9800998ecf8427e?details=everything"))
            .await
            .0,
        400
    );
    assert_eq!(h.delete(&h.zia("/sandbox/report/quota")).await.0, 405);
    // Five lookups were counted.
    let (_, q) = h.get(&h.zia("/sandbox/report/quota")).await;
    assert_eq!(
        (q[0]["used"].as_u64(), q[0]["unused"].as_u64()),
        (Some(5), Some(2995))
    );
    assert_eq!(h.activation(), "ACTIVE");
}

#[tokio::test]
async fn ips_signature_validation() {
    let h = H::new().await;
    let url = h.zia("/ipsSignatureRules/validateRuleText");
    let (st, v) = h
        .post(&url, json!({"ruleText": "alert http any any -> any any (msg:\"x\"; content:\"/y\"; sid:2000001; rev:1;)"}))
        .await;
    assert_eq!(
        (st, v["status"].as_i64(), v["errMsg"].as_str()),
        (200, Some(0), Some(""))
    );
    let (_, v) = h
        .post(
            &url,
            json!({"ruleText": "alert http any any -> any any (msg:\"x\"; sid:1000010; rev:1;)"}),
        )
        .await;
    assert_eq!(v["status"], 1);
    assert!(v["errMsg"].as_str().unwrap().contains("1000010"));
    let (_, v) = h.post(&url, json!({"ruleText": "hello world"})).await;
    assert_eq!(v["status"], 1);
    assert_eq!(
        h.post(&url, json!({"text": "x"})).await,
        (400, invalid_body())
    );
    let (st, _) = h
        .post(
            &h.zia("/ipsSignatureRules"),
            json!({"name": "bad", "ruleText": "not a rule"}),
        )
        .await;
    assert_eq!(st, 400);
    let (st, _) = h
        .post(&h.zia("/ipsSignatureRules"), json!({"name": "no text"}))
        .await;
    assert_eq!(st, 400);
}

// ------------------------------------------------------------------ catalogs, devices, DLP

#[tokio::test]
async fn shadow_it_and_cloud_app_catalogs() {
    let h = H::new().await;
    let (_, apps) = h.get(&h.zia("/cloudApplications/lite")).await;
    assert_eq!(arr(&apps).len(), 10);
    assert!(arr(&apps).iter().all(|a| a.as_object().unwrap().len() == 2));
    let (_, page) = h
        .get(&h.zia("/cloudApplications/lite?pageNumber=1&limit=3"))
        .await;
    assert_eq!(names(&page), vec!["Slack", "Zoom", "WeTransfer"]);
    let (_, tags) = h.get(&h.zia("/customTags")).await;
    assert_eq!(arr(&tags).len(), 3);
    let (st, v) = h
        .put(&h.zia("/cloudApplications/bulkUpdate"), json!({"sanctionedState":"UN_SANCTIONED","applicationIds":[15006, "15009"],"customTags":[{"id":"6003"}]}))
        .await;
    assert_eq!(st, 200);
    assert_eq!(v["applicationIds"], json!([15006, 15009]));
    assert_eq!(v["customTags"][0]["name"], "Blocked by Policy");
    assert_eq!(h.activation(), "PENDING");
    let bulk = h.zia("/cloudApplications/bulkUpdate");
    let bad_bulk = [
        json!({"sanctionedState":"MAYBE"}),
        json!({"sanctionedState":"ANY","applicationIds":[1]}),
        json!({"sanctionedState":"ANY","customTags":[{"id":1}]}),
    ];
    h.rejects(Method::PUT, &bulk, &bad_bulk, 400).await;
    assert_eq!(
        h.post(&h.zia("/cloudApplications/bulkUpdate"), json!({}))
            .await
            .0,
        405
    );
    // Policy catalogs.
    let (_, v) = h
        .get(&h.zia("/cloudApplications/policy?appClass=WEBMAIL"))
        .await;
    assert_eq!(arr(&v).len(), 3);
    assert!(arr(&v)
        .iter()
        .all(|a| a["parent"] == "WEBMAIL" && a["parentName"] == "Webmail"));
    let (_, v) = h
        .get(&h.zia("/cloudApplications/policy?appClass=WEBMAIL&appClass=AI_ML"))
        .await;
    assert_eq!(arr(&v).len(), 5);
    let (_, v) = h
        .get(&h.zia("/cloudApplications/sslPolicy?groupResults=true"))
        .await;
    assert_eq!(v["STREAMING_MEDIA"], 4);
    let (_, v) = h
        .get(&h.zia("/cloudApplications/policy?search=drive"))
        .await;
    assert_eq!(v[0]["app"], "GOOGLE_DRIVE");
    let (_, v) = h
        .get(&h.zia("/cloudApplications/policy?page=2&pageSize=5"))
        .await;
    assert_eq!(arr(&v).len(), 5);
    // File type categories.
    let (_, all) = h.get(&h.zia("/fileTypeCategories")).await;
    let (_, ftc) = h.get(&h.zia("/fileTypeCategories?enums=FILETYPECATEGORYFORFILETYPECONTROL&excludeCustomFileTypes=true")).await;
    assert!(arr(&ftc).len() < arr(&all).len());
    assert!(arr(&ftc).iter().all(|c| c["parent"] != "CUSTOM"));
    assert!(arr(&ftc).iter().all(|c| c.as_object().unwrap().len() == 3));
}

#[tokio::test]
async fn devices_and_device_groups() {
    let h = H::new().await;
    let (_, groups) = h.get(&h.zia("/deviceGroups")).await;
    assert!(arr(&groups).iter().all(|g| g.get("deviceCount").is_none()));
    let (_, groups) = h.get(&h.zia("/deviceGroups?includeDeviceInfo=true")).await;
    let windows = arr(&groups)
        .iter()
        .find(|g| g["name"] == "Windows")
        .unwrap();
    assert_eq!(windows["deviceCount"], 3);
    assert!(windows["deviceNames"]
        .as_str()
        .unwrap()
        .contains("LT-ALICE-W11"));
    let (_, v) = h
        .get(&h.zia("/deviceGroups/devices?osType=WINDOWS_OS"))
        .await;
    assert_eq!(arr(&v).len(), 3);
    let (_, v) = h.get(&h.zia("/deviceGroups/devices?name=lt-")).await;
    assert_eq!(arr(&v).len(), 3);
    let (_, v) = h
        .get(&h.zia("/deviceGroups/devices?userIds=72000002,72000003"))
        .await;
    assert_eq!(names(&v), vec!["MBP-BRENDA", "IPHONE-CARLOS"]);
    let (_, v) = h
        .get(&h.zia("/deviceGroups/devices?owner=user007@sandbox.example.com"))
        .await;
    assert_eq!(names(&v), vec!["MBA-FARAH"]);
    let (_, lite) = h.get(&h.zia("/deviceGroups/devices/lite")).await;
    assert_eq!(
        lite[0],
        json!({"id": 9100001, "name": "LT-ALICE-W11", "ownerName": "user001@sandbox.example.com"})
    );
    let (_, v) = h
        .get(&h.zia("/deviceGroups/devices?page=3&pageSize=3"))
        .await;
    assert_eq!(arr(&v).len(), 2);
}

#[tokio::test]
async fn dlp_dictionaries_engines_and_rules() {
    let h = H::new().await;
    let (_, v) = h.get(&h.zia("/dlpDictionaries?search=codename")).await;
    assert_eq!(names(&v), vec!["Project Codenames"]);
    let (_, v) = h.get(&h.zia("/dlpEngines/lite")).await;
    assert_eq!(v[0], json!({"id": 5020001, "name": "PCI"}));
    h.rejects(
        Method::POST,
        &h.zia("/dlpEngines"),
        &[
            // unknown dictionary
            json!({"name":"e","engineExpression":"((D1.S > 0))"}),
            // unbalanced
            json!({"name":"e","engineExpression":"((D5010001.S > 0)"}),
        ],
        400,
    )
    .await;
    let (st, e) = h
        .post(
            &h.zia("/dlpEngines"),
            json!({"name":"e","engineExpression":"((D5010002.S > 0))","customDlpEngine":false}),
        )
        .await;
    assert_eq!((st, e["customDlpEngine"].as_bool()), (200, Some(true)));
    // A predefined dictionary can be edited and stays predefined.
    let (st, d) = h
        .put(
            &h.zia("/dlpDictionaries/5010002"),
            json!({"name":"SSN","description":"edited","custom":true}),
        )
        .await;
    assert_eq!((st, d["custom"].as_bool()), (200, Some(false)));
    // DLP rules reference engines by name.
    let (_, r) = h
        .post(
            &h.zia("/webDlpRules"),
            json!({"name":"r","action":"BLOCK","dlpEngines":[{"id":5020003}]}),
        )
        .await;
    assert_eq!(r["dlpEngines"][0]["name"], "GLBA");
    let (_, lite) = h.get(&h.zia("/webDlpRules/lite")).await;
    assert_eq!(arr(&lite).len(), 4);
    assert_eq!(
        h.post(
            &h.zia("/webDlpRules"),
            json!({"name":"r2","action":"CAUTION"})
        )
        .await
        .0,
        400
    );
}

#[tokio::test]
async fn time_intervals_workload_groups_and_paging() {
    let h = H::new().await;
    let (_, v) = h.get(&h.zia("/timeIntervals?page=2&pageSize=3")).await;
    assert_eq!(names(&v), vec!["Maintenance Window"]);
    let (_, v) = h.get(&h.zia("/timeIntervals?search=hours")).await;
    assert_eq!(arr(&v).len(), 2);
    assert_eq!(
        h.post(
            &h.zia("/timeIntervals"),
            json!({"name":"t","startTime":2000})
        )
        .await
        .0,
        400
    );
    assert_eq!(
        h.post(
            &h.zia("/timeIntervals"),
            json!({"name":"t","daysOfWeek":["FUNDAY"]})
        )
        .await
        .0,
        400
    );
    let (st, t) = h
        .post(
            &h.zia("/timeIntervals"),
            json!({"name":"t","startTime":"60","endTime":"120"}),
        )
        .await;
    assert_eq!(
        (st, t["startTime"].as_i64()),
        (200, Some(60)),
        "numeric strings become numbers"
    );
    let (_, w) = h.get(&h.zia("/workloadGroups/2665541")).await;
    assert_eq!(
        w["expressionJson"]["expressionContainers"][0]["tagContainer"]["tags"][0]["key"],
        "Environment"
    );
    let (_, v) = h.get(&h.zia("/workloadGroups?pageSize=2&page=2")).await;
    assert_eq!(arr(&v).len(), 1);
    let (_, v) = h.get(&h.zia("/ipsSignatureRules?pageSize=2")).await;
    assert_eq!(arr(&v).len(), 2);
}

// ------------------------------------------------------------------ robustness

#[tokio::test]
async fn new_endpoints_need_the_token_are_logged_and_take_faults() {
    let h = H::new().await;
    let paths = [
        "/firewallDnsRules",
        "/advancedSettings",
        "/authSettings/exemptedUrls",
        "/sandbox/report/quota",
        "/region/search?prefix=San",
        "/cloudApplications/lite",
    ];
    for p in paths {
        let r = h.c.get(h.zia(p)).send().await.unwrap();
        let (st, v) = json_of(r).await;
        assert_eq!(
            (st, v),
            (
                401,
                json!({"detail":"unauthorized","type":"","title":"","status":""})
            ),
            "{p}"
        );
    }
    h.sim.clear_requests();
    h.get(&h.zia("/firewallIpsRules?search=bot")).await;
    let log = h.sim.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].path, "/zia/api/v1/firewallIpsRules");
    assert_eq!(
        log[0].query,
        vec![("search".to_string(), "bot".to_string())]
    );
    assert_eq!((log[0].status, log[0].authorized), (200, true));
    h.sim.add_fault(Fault {
        method: Some("POST".into()),
        path_prefix: "/zia/api/v1/sandboxRules".into(),
        kind: FaultKind::ZiaEditLock,
        times: Some(1),
    });
    let (st, v) = h.post(&h.zia("/sandboxRules"), json!({"name":"x"})).await;
    assert_eq!((st, v), (409, json!({"code":"EDIT_LOCK_NOT_AVAILABLE"})));
    assert_eq!(h.activation(), "ACTIVE", "a faulted write changes nothing");
    assert_eq!(
        h.post(&h.zia("/sandboxRules"), json!({"name":"x"})).await.0,
        200
    );
    h.sim.add_fault(Fault {
        method: None,
        path_prefix: "/zia/api/v1/cyberThreatProtection".into(),
        kind: FaultKind::ZiaRateLimit,
        times: Some(1),
    });
    let r = h
        .send(
            Method::GET,
            &h.zia("/cyberThreatProtection/malwarePolicy"),
            None,
        )
        .await;
    assert_eq!(r.status(), 429);
    assert_eq!(r.headers().get("retry-after").unwrap(), "1");
}

#[tokio::test]
async fn odd_input_never_breaks_the_server() {
    let h = H::new().await;
    let probes = [
        ("GET", "/noSuchCollection", 404),
        ("GET", "/firewallDnsRules/99999999999999999999999", 404),
        ("GET", "/firewallDnsRules/%FF%FE", 404),
        ("GET", "/firewallDnsRules/1710001/extra", 404),
        ("GET", "/webApplicationRules", 404),
        ("GET", "/webApplicationRules/%00/1", 400),
        ("PATCH", "/ipSourceGroups", 405),
        ("DELETE", "/ipSourceGroups", 405),
        ("POST", "/ipSourceGroups/10596601", 405),
        ("GET", "/networkApplications/lite", 404),
        ("GET", "/staticIP?page=-1&pageSize=abc", 200),
        ("GET", "/region/search?prefix=%00%00", 200),
        (
            "GET",
            "/vips/recommendedList?latitude=NaN&longitude=inf",
            400,
        ),
        (
            "GET",
            "/greTunnels/availableInternalIpRanges?limit=99999999999999999999",
            200,
        ),
        ("PUT", "/advancedSettings", 400),
    ];
    for (m, p, want) in probes {
        let method = Method::from_bytes(m.as_bytes()).unwrap();
        let (st, v) = json_of(h.send(method, &h.zia(p), None).await).await;
        assert_eq!(st, want, "{m} {p}: {v}");
        assert!(v.is_object() || v.is_array(), "{m} {p}: JSON body");
    }
    // Deeply odd bodies.
    let bodies = [
        json!({"name": {"nested": true}}),
        json!({"name": "ok", "order": "first"}),
        json!({"name": "ok", "labels": "not-a-list"}),
        json!({"name": "ok", "labels": [{"id": "abc"}, 5, null]}),
        json!({"name": "x".repeat(10_000)}),
    ];
    for b in bodies {
        let (st, _) = h.post(&h.zia("/firewallDnsRules"), b.clone()).await;
        assert!(st == 200 || st == 400, "{b}: {st}");
    }
    let (st, _) = h.get(&h.zia("/status")).await;
    assert_eq!(st, 200);
}
