//! End-to-end tests of the simulator over real loopback HTTP.
//!
//! The RSA key pairs in `tests/fixtures/` were generated for these tests
//! only (`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`);
//! they protect nothing.

mod common;
use common::*;

use reqwest::{Client, Method};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use zscaler_sim::{start, Fault, FaultKind, RunningSim, SimConfig};

const CLIENT_PRIVATE: &str = include_str!("fixtures/test_client_private.pem");
const CLIENT_PUBLIC: &str = include_str!("fixtures/test_client_public.pem");
const OTHER_PRIVATE: &str = include_str!("fixtures/test_other_private.pem");
const AUDIENCE: &str = "https://api.zscaler.com";
const CUSTOMER: &str = "sandbox-customer";

async fn sim() -> RunningSim {
    sim_with(SimConfig::default()).await
}

fn creds_form(id: &str, secret: &str) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "client_credentials".to_string()),
        ("client_id", id.to_string()),
        ("client_secret", secret.to_string()),
        ("audience", AUDIENCE.to_string()),
    ]
}

fn unauthorized_body() -> Value {
    json!({"detail":"unauthorized","type":"","title":"","status":""})
}

// ------------------------------------------------------------------ token

#[tokio::test]
async fn token_success_shape_headers_and_claims() {
    let s = sim().await;
    let c = client();
    let r = c
        .post(s.token_url())
        .form(&creds_form("sandbox-client", "sandbox-secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        header(&r, "x-ratelimit-limit").as_deref(),
        Some("500, 500;w=1, 100000;w=60")
    );
    assert!(header(&r, "content-type")
        .unwrap()
        .starts_with("application/json"));
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["expires_in"], 3600);
    let token = v["access_token"].as_str().unwrap();
    assert_eq!(token.split('.').count(), 3, "JWT-shaped token");
    let claims = jsonwebtoken::dangerous::insecure_decode::<Value>(token)
        .unwrap()
        .claims;
    assert_eq!(claims["sub"], "sandbox-client");
    assert_eq!(claims["aud"], AUDIENCE);
    assert_eq!(claims["iss"], s.base_url());
    let iat = claims["iat"].as_u64().unwrap();
    assert_eq!(claims["exp"].as_u64().unwrap(), iat + 3600);
    let products: Vec<&str> = claims["service-info"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["prd"].as_str().unwrap())
        .collect();
    assert_eq!(
        products.join(","),
        "ZIA,ZPA,ZDX,ZCC,ZTW,ZIDENTITY,EASM,ZINS,ZMS,ZCELL"
    );
    let zpa = &claims["service-info"][1];
    assert_eq!(zpa["tnt"], CUSTOMER);
    assert!(zpa["rnm"].is_string());
    assert_eq!(s.token_request_count(), 1);
}

#[tokio::test]
async fn token_lifetime_and_products_are_configurable() {
    let s = sim_with(SimConfig {
        token_lifetime_secs: 5,
        entitled_products: vec!["ZIA".into()],
        ..SimConfig::default()
    })
    .await;
    let c = client();
    let v: Value = c
        .post(s.token_url())
        .form(&creds_form("sandbox-client", "sandbox-secret"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["expires_in"], 5);
    let claims =
        jsonwebtoken::dangerous::insecure_decode::<Value>(v["access_token"].as_str().unwrap())
            .unwrap()
            .claims;
    assert_eq!(claims["service-info"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn token_failures() {
    let s = sim().await;
    let c = client();
    let post = |form: Vec<(&'static str, String)>| {
        let c = c.clone();
        let url = s.token_url();
        async move { json_of(c.post(url).form(&form).send().await.unwrap()).await }
    };

    let (st, v) = post(creds_form("sandbox-client", "wrong")).await;
    assert_eq!(st, 401);
    assert_eq!(v["error"], "invalid_client");
    assert!(v["error_description"].is_string());

    let (st, v) = post(creds_form("someone-else", "sandbox-secret")).await;
    assert_eq!((st, v["error"].as_str()), (401, Some("invalid_client")));

    let mut f = creds_form("sandbox-client", "sandbox-secret");
    f.retain(|(k, _)| *k != "client_secret");
    let (st, v) = post(f).await;
    assert_eq!((st, v["error"].as_str()), (401, Some("invalid_client")));

    let mut f = creds_form("sandbox-client", "sandbox-secret");
    f.retain(|(k, _)| *k != "grant_type");
    let (st, v) = post(f).await;
    assert_eq!((st, v["error"].as_str()), (400, Some("invalid_request")));

    let mut f = creds_form("sandbox-client", "sandbox-secret");
    f[0].1 = "password".into();
    let (st, v) = post(f).await;
    assert_eq!(
        (st, v["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );

    let mut f = creds_form("sandbox-client", "sandbox-secret");
    f[3].1 = "https://evil.example".into();
    let (st, _) = post(f).await;
    assert_eq!(st, 400);

    let mut f = creds_form("sandbox-client", "sandbox-secret");
    f.retain(|(k, _)| *k != "audience");
    let (st, v) = post(f).await;
    assert_eq!((st, v["error"].as_str()), (400, Some("invalid_request")));

    let r = c.get(s.token_url()).send().await.unwrap();
    assert_eq!(r.status(), 405);

    assert_eq!(s.token_request_count(), 8);
    // Failed token calls are logged with authorized=false and the secret redacted.
    let log = s.requests();
    assert_eq!(log.len(), 8);
    assert!(log.iter().all(|r| !r.authorized));
    let body = log[0].body.as_ref().unwrap().as_str().unwrap();
    assert!(body.contains("client_secret=REDACTED"), "{body}");
    assert!(!body.contains("wrong"));
}

fn assertion(private_pem: &str, iss: &str, exp_offset: i64) -> String {
    let now = jsonwebtoken::get_current_timestamp() as i64;
    let claims = json!({"iss": iss, "sub": iss, "aud": AUDIENCE, "exp": now + exp_offset});
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_rsa_pem(private_pem.as_bytes()).unwrap(),
    )
    .unwrap()
}

fn assertion_form(client_id: &str, assertion: String) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "client_credentials".to_string()),
        ("client_id", client_id.to_string()),
        ("client_assertion", assertion),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".to_string(),
        ),
        ("audience", AUDIENCE.to_string()),
    ]
}

#[tokio::test]
async fn private_key_jwt_assertions() {
    let s = sim_with(SimConfig {
        client_public_key_pem: Some(CLIENT_PUBLIC.to_string()),
        ..SimConfig::default()
    })
    .await;
    let c = client();
    let send = |form: Vec<(&'static str, String)>| {
        let c = c.clone();
        let url = s.token_url();
        async move { json_of(c.post(url).form(&form).send().await.unwrap()).await }
    };
    let (st, v) = send(assertion_form(
        "sandbox-client",
        assertion(CLIENT_PRIVATE, "sandbox-client", 600),
    ))
    .await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["token_type"], "Bearer");

    // Signed by another key.
    let (st, v) = send(assertion_form(
        "sandbox-client",
        assertion(OTHER_PRIVATE, "sandbox-client", 600),
    ))
    .await;
    assert_eq!((st, v["error"].as_str()), (401, Some("invalid_client")));

    // Wrong issuer/subject.
    let (st, _) = send(assertion_form(
        "sandbox-client",
        assertion(CLIENT_PRIVATE, "intruder", 600),
    ))
    .await;
    assert_eq!(st, 401);

    // Expired well beyond leeway.
    let (st, _) = send(assertion_form(
        "sandbox-client",
        assertion(CLIENT_PRIVATE, "sandbox-client", -3600),
    ))
    .await;
    assert_eq!(st, 401);

    // Wrong assertion type.
    let mut f = assertion_form(
        "sandbox-client",
        assertion(CLIENT_PRIVATE, "sandbox-client", 600),
    );
    f[3].1 = "jwt".into();
    let (st, _) = send(f).await;
    assert_eq!(st, 400);

    // The assertion is redacted in the log.
    let body = s.requests()[0].body.clone().unwrap();
    assert!(body.as_str().unwrap().contains("client_assertion=REDACTED"));

    // A simulator without a configured key rejects assertions.
    let plain = sim().await;
    let r = c
        .post(plain.token_url())
        .form(&assertion_form(
            "sandbox-client",
            assertion(CLIENT_PRIVATE, "sandbox-client", 600),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn bad_public_key_fails_start() {
    let r = start(
        SimConfig {
            client_public_key_pem: Some("not a key".into()),
            ..SimConfig::default()
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await;
    assert!(r.is_err());
}

// ------------------------------------------------------------------ gateway auth

#[tokio::test]
async fn api_calls_need_a_valid_bearer() {
    let s = sim().await;
    let c = client();
    let url = format!("{}/zia/api/v1/status", s.base_url());

    let (st, v) = json_of(c.get(&url).send().await.unwrap()).await;
    assert_eq!((st, v), (401, unauthorized_body()));

    let (st, _) = json_of(c.get(&url).bearer_auth("garbage").send().await.unwrap()).await;
    assert_eq!(st, 401);

    let (st, _) = json_of(
        c.get(&url)
            .header("authorization", "Basic Zm9vOmJhcg==")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 401);

    // A token from another simulator instance is not accepted.
    let other = sim().await;
    let foreign = sandbox_token(&c, &other.token_url()).await;
    let (st, _) = json_of(c.get(&url).bearer_auth(&foreign).send().await.unwrap()).await;
    assert_eq!(st, 401);

    let zpa = format!(
        "{}/zpa/mgmtconfig/v1/admin/customers/{CUSTOMER}/application",
        s.base_url()
    );
    let (st, v) = json_of(c.get(&zpa).send().await.unwrap()).await;
    assert_eq!((st, v), (401, unauthorized_body()));

    let good = sandbox_token(&c, &s.token_url()).await;
    let (st, v) = json_of(c.get(&url).bearer_auth(&good).send().await.unwrap()).await;
    assert_eq!((st, v), (200, json!({"status": "ACTIVE"})));

    let log = s.requests();
    let api: Vec<_> = log
        .iter()
        .filter(|r| r.path != "/oauth2/v1/token")
        .collect();
    assert_eq!(api.len(), 6);
    assert_eq!(
        api.iter().map(|r| r.authorized).collect::<Vec<_>>(),
        vec![false, false, false, false, false, true]
    );
    assert_eq!(api[0].status, 401);
}

#[tokio::test]
async fn expired_tokens_are_rejected() {
    let s = sim_with(SimConfig {
        token_lifetime_secs: 1,
        ..SimConfig::default()
    })
    .await;
    let c = client();
    let t = sandbox_token(&c, &s.token_url()).await;
    let url = format!("{}/zia/api/v1/status", s.base_url());
    let r = c.get(&url).bearer_auth(&t).send().await.unwrap();
    assert_eq!(r.status(), 200);
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let (st, v) = json_of(c.get(&url).bearer_auth(&t).send().await.unwrap()).await;
    assert_eq!((st, v), (401, unauthorized_body()));
}

// ------------------------------------------------------------------ ZIA

#[tokio::test]
async fn zia_headers() {
    let h = H::new().await;
    let r = h.send(Method::GET, &h.zia("/users?pageSize=1"), None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "x-zscaler-mode").as_deref(), Some("read-write"));
    assert_eq!(
        header(&r, "x-ratelimit-limit").as_deref(),
        Some("5000, 5000;w=60")
    );
    let remaining: u64 = header(&r, "x-ratelimit-remaining")
        .unwrap()
        .parse()
        .unwrap();
    assert!(remaining < 5000);
    let reset: u64 = header(&r, "x-ratelimit-reset").unwrap().parse().unwrap();
    assert!(reset <= 60);
    let rid = header(&r, "x-oneapi-request-id").unwrap();
    assert_eq!(rid.len(), 36);
    assert_eq!(
        header(&r, "content-type").as_deref(),
        Some("application/json")
    );

    let r2 = h.send(Method::GET, &h.zia("/users?pageSize=1"), None).await;
    assert_ne!(header(&r2, "x-oneapi-request-id").unwrap(), rid);
    let remaining2: u64 = header(&r2, "x-ratelimit-remaining")
        .unwrap()
        .parse()
        .unwrap();
    assert!(remaining2 < remaining);

    // ZPA responses carry the gateway headers but no x-zscaler-mode.
    let r = h.send(Method::GET, &h.zpa("/segmentGroup"), None).await;
    assert!(header(&r, "x-zscaler-mode").is_none());
    assert_eq!(
        header(&r, "content-type").as_deref(),
        Some("application/json;charset=utf-8")
    );
    assert!(header(&r, "x-ratelimit-remaining").is_some());
}

#[tokio::test]
async fn zia_users_paging_and_filters() {
    let h = H::new().await;
    let (st, v) = h.get(&h.zia("/users?page=3&pageSize=100")).await;
    assert_eq!(st, 200);
    let page3 = v.as_array().unwrap();
    assert_eq!(page3.len(), 50);
    assert_eq!(page3[0]["name"], "User 201");
    assert!(page3[0]["id"].is_i64());

    let (_, v) = h.get(&h.zia("/users")).await;
    assert_eq!(v.as_array().unwrap().len(), 100, "default page size is 100");
    let (_, v) = h.get(&h.zia("/users?page=1&pageSize=1000")).await;
    assert_eq!(v.as_array().unwrap().len(), 250);
    let (_, v) = h.get(&h.zia("/users?page=4&pageSize=100")).await;
    assert_eq!(v.as_array().unwrap().len(), 0);
    let (st, v) = h
        .get(&h.zia("/users?page=99999999999999999999&pageSize=99999999999999999999"))
        .await;
    assert_eq!((st, v.as_array().map(Vec::len)), (200, Some(0)));
    let (st, v) = h.get(&h.zia("/users?page=abc&pageSize=-5")).await;
    assert_eq!((st, v.as_array().map(Vec::len)), (200, Some(100)));

    let (_, v) = h.get(&h.zia("/users?name=User%2001&pageSize=1000")).await;
    assert_eq!(v.as_array().unwrap().len(), 10, "User 010..User 019");
    let (_, v) = h.get(&h.zia("/users?search=user%20250")).await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = h.get(&h.zia("/users?dept=Engineering&pageSize=1000")).await;
    let n = v.as_array().unwrap().len();
    assert!(n > 30 && n < 40, "{n}");
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["department"]["name"] == "Engineering"));
    let (_, v) = h
        .get(&h.zia("/users?group=Contractors&pageSize=1000"))
        .await;
    assert!(!v.as_array().unwrap().is_empty());

    let (_, v) = h.get(&h.zia("/departments")).await;
    assert_eq!(v.as_array().unwrap().len(), 8);
    let (_, v) = h.get(&h.zia("/groups?search=eng")).await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = h.get(&h.zia("/groups?page=2&pageSize=5")).await;
    assert_eq!(v.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn zia_user_crud_and_errors() {
    let h = H::new().await;
    let (st, v) = h
        .post(
            &h.zia("/users"),
            json!({"name":"New Person","email":"new@sandbox.example.com","password":"S3cret!x",
                   "groups":[{"id":62718401}],"department":{"id":68759302}}),
        )
        .await;
    assert_eq!(st, 200);
    let id = v["id"].as_i64().unwrap();
    assert!(v.get("password").is_none());
    assert_eq!(v["groups"][0]["name"], "Engineering");
    assert_eq!(v["department"]["name"], "Finance");

    let (st, v) = h
        .post(
            &h.zia("/users"),
            json!({"name":"No Password","email":"np@sandbox.example.com"}),
        )
        .await;
    assert_eq!(
        (st, v["code"].as_str()),
        (400, Some("INVALID_INPUT_ARGUMENT"))
    );

    let (st, v) = h
        .post(
            &h.zia("/users"),
            json!({"name":"Dup","email":"new@sandbox.example.com","password":"x"}),
        )
        .await;
    assert_eq!((st, v["code"].as_str()), (400, Some("DUPLICATE_ITEM")));

    let (st, v) = h
        .put(
            &h.zia(&format!("/users/{id}")),
            json!({"name":"Renamed Person","email":"new@sandbox.example.com"}),
        )
        .await;
    assert_eq!((st, v["name"].as_str()), (200, Some("Renamed Person")));
    let (st, _) = h.delete(&h.zia(&format!("/users/{id}"))).await;
    assert_eq!(st, 204);

    let (st, v) = h.get(&h.zia(&format!("/users/{id}"))).await;
    assert_eq!(st, 404);
    assert_eq!(v["code"], "RESOURCE_NOT_FOUND");
    assert!(v["message"].is_string());
    let (st, v) = h.get(&h.zia("/users/not-a-number")).await;
    assert_eq!((st, v["code"].as_str()), (404, Some("RESOURCE_NOT_FOUND")));

    // Invalid bodies.
    let (st, v) = h.raw(Method::POST, &h.zia("/users"), "{not json").await;
    assert_eq!(
        (st, v),
        (400, json!({"message":"Request body is invalid."}))
    );
    let (st, v) = h.post(&h.zia("/locations"), json!(["array"])).await;
    assert_eq!(
        (st, v),
        (400, json!({"message":"Request body is invalid."}))
    );
    let (st, _) = h.put(&h.zia("/locations/149873535"), json!("string")).await;
    assert_eq!(st, 400);

    // Unknown route / method.
    let (st, v) = h.get(&h.zia("/noSuchThing")).await;
    assert_eq!(st, 404);
    assert!(v.is_object());
    let r = h.send(Method::PATCH, &h.zia("/users"), None).await;
    assert_eq!(r.status(), 405);
}

#[tokio::test]
async fn zia_activation_cycle() {
    let h = H::new().await;
    assert_eq!(h.sim.activation_status(), "ACTIVE");
    let (_, v) = h.get(&h.zia("/status")).await;
    assert_eq!(v, json!({"status":"ACTIVE"}));

    // Reads and failed writes do not stage anything.
    h.get(&h.zia("/urlCategories")).await;
    let (st, _) = h.delete(&h.zia("/urlCategories/CUSTOM_99")).await;
    assert_eq!(st, 404);
    assert_eq!(h.sim.activation_status(), "ACTIVE");

    let (st, v) = h
        .post(
            &h.zia("/urlCategories"),
            json!({"type":"URL_CATEGORY","superCategory":"USER_DEFINED","urls":["a.example.com","b.example.com"],
                   "customCategory":false,"configuredName":"TestCategory","description":"d"}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(v["id"], "CUSTOM_04");
    assert_eq!(v["customCategory"], true);
    assert_eq!(v["customUrlsCount"], 2);
    assert_eq!(h.sim.activation_status(), "PENDING");
    let (_, v) = h.get(&h.zia("/status")).await;
    assert_eq!(v["status"], "PENDING");

    let (st, v) = h.post(&h.zia("/status/activate"), json!({})).await;
    assert_eq!((st, v), (200, json!({"status":"ACTIVE"})));
    assert_eq!(h.sim.activation_status(), "ACTIVE");

    // DELETE also stages; an empty activate body works too.
    let (st, _) = h.delete(&h.zia("/urlCategories/CUSTOM_04")).await;
    assert_eq!(st, 204);
    assert_eq!(h.sim.activation_status(), "PENDING");
    let r = h.send(Method::POST, &h.zia("/status/activate"), None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(h.sim.activation_status(), "ACTIVE");

    let (_, v) = h.get(&h.zia("/eusaStatus/latest")).await;
    assert_eq!(v["acceptedStatus"], true);
    let (st, _) = h.delete(&h.zia("/authenticatedSession")).await;
    assert_eq!(st, 204);
}

#[tokio::test]
async fn zia_url_categories() {
    let h = H::new().await;
    let (_, all) = h.get(&h.zia("/urlCategories")).await;
    let all = all.as_array().unwrap().clone();
    assert!(all
        .iter()
        .any(|c| c["id"] == "OTHER_ADULT_MATERIAL" && c["customCategory"] == false));
    let (_, custom) = h.get(&h.zia("/urlCategories?customOnly=true")).await;
    let custom = custom.as_array().unwrap();
    assert_eq!(custom.len(), 3);
    assert!(custom
        .iter()
        .all(|c| c["id"].as_str().unwrap().starts_with("CUSTOM_")));
    assert!(custom.len() < all.len());
    // Paging parameters are ignored.
    let (_, paged) = h.get(&h.zia("/urlCategories?page=2&pageSize=1")).await;
    assert_eq!(paged.as_array().unwrap().len(), all.len());

    let (_, counts) = h
        .get(&h.zia("/urlCategories?customOnly=true&includeOnlyUrlKeywordCounts=true"))
        .await;
    assert!(counts[0].get("urls").is_none());
    assert_eq!(counts[0]["customUrlsCount"], 2);

    let (_, lite) = h.get(&h.zia("/urlCategories/lite")).await;
    assert_eq!(lite.as_array().unwrap().len(), all.len());

    let (_, q) = h.get(&h.zia("/urlCategories/urlQuota")).await;
    let provisioned = q["uniqueUrlsProvisioned"].as_u64().unwrap();
    assert_eq!(
        provisioned + q["remainingUrlsQuota"].as_u64().unwrap(),
        25_000
    );

    let (st, v) = h
        .put(
            &h.zia("/urlCategories/CUSTOM_01?action=ADD_TO_LIST"),
            json!({"configuredName":"Sandbox Allowed Sites","urls":["new.example.com","wiki.sandbox.example"]}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(v["customUrlsCount"], 3);
    assert_eq!(v["configuredName"], "Sandbox Allowed Sites");
    let (_, q2) = h.get(&h.zia("/urlCategories/urlQuota")).await;
    assert_eq!(
        q2["uniqueUrlsProvisioned"].as_u64().unwrap(),
        provisioned + 1
    );

    let (_, v) = h
        .put(
            &h.zia("/urlCategories/CUSTOM_01?action=REMOVE_FROM_LIST"),
            json!({"urls":["intranet.sandbox.example"]}),
        )
        .await;
    assert_eq!(
        v["urls"],
        json!(["wiki.sandbox.example", "new.example.com"])
    );

    let (st, _) = h
        .put(
            &h.zia("/urlCategories/CUSTOM_01?action=BOGUS"),
            json!({"urls":[]}),
        )
        .await;
    assert_eq!(st, 400);

    // Full replace keeps id and val.
    let (st, v) = h
        .put(
            &h.zia("/urlCategories/CUSTOM_02"),
            json!({"configuredName":"Blocked v2","urls":["only.example.com"]}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(
        (v["id"].as_str(), v["val"].as_i64()),
        (Some("CUSTOM_02"), Some(129))
    );
    assert_eq!(v["customUrlsCount"], 1);

    let (st, _) = h
        .post(
            &h.zia("/urlCategories"),
            json!({"configuredName":"Blocked v2"}),
        )
        .await;
    assert_eq!(st, 400, "duplicate name");
    let (st, _) = h.delete(&h.zia("/urlCategories/WEB_SEARCH")).await;
    assert_eq!(st, 400, "predefined cannot be deleted");
    let (st, v) = h.get(&h.zia("/urlCategories/NOPE")).await;
    assert_eq!((st, v["code"].as_str()), (404, Some("RESOURCE_NOT_FOUND")));
}

#[tokio::test]
async fn zia_url_lookup() {
    let h = H::new().await;
    let (st, v) = h
        .post(
            &h.zia("/urlLookup"),
            json!([
                "google.com",
                "https://www.github.com/x",
                "unknown-site.example",
                "malware.testcategory.com"
            ]),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(
        v[0],
        json!({"url":"google.com","urlClassifications":["WEB_SEARCH"],"urlClassificationsWithSecurityAlert":[]})
    );
    assert_eq!(v[1]["urlClassifications"], json!(["DEVELOPER_TOOLS"]));
    assert_eq!(
        v[2]["urlClassifications"],
        json!(["MISCELLANEOUS_OR_UNKNOWN"])
    );
    assert_eq!(
        v[3]["urlClassificationsWithSecurityAlert"],
        json!(["MALWARE_SITE"])
    );

    let hundred: Vec<String> = (0..100).map(|i| format!("site{i}.example")).collect();
    let (st, v) = h.post(&h.zia("/urlLookup"), json!(hundred)).await;
    assert_eq!((st, v.as_array().map(Vec::len)), (200, Some(100)));
    let many: Vec<String> = (0..101).map(|i| format!("site{i}.example")).collect();
    let (st, _) = h.post(&h.zia("/urlLookup"), json!(many)).await;
    assert_eq!(st, 400);
    let (st, v) = h
        .post(&h.zia("/urlLookup"), json!({"url":"google.com"}))
        .await;
    assert_eq!(
        (st, v),
        (400, json!({"message":"Request body is invalid."}))
    );
}

#[tokio::test]
async fn zia_firewall_and_url_rules() {
    let h = H::new().await;
    let (_, v) = h.get(&h.zia("/firewallFilteringRules")).await;
    let rules = v.as_array().unwrap();
    assert_eq!(rules.len(), 6);
    let default = rules.iter().find(|r| r["defaultRule"] == true).unwrap();
    assert_eq!(default["order"], -1);
    let (_, v) = h
        .get(&h.zia("/firewallFilteringRules?page=2&pageSize=4"))
        .await;
    assert_eq!(v.as_array().unwrap().len(), 2);
    let (_, v) = h
        .get(&h.zia("/firewallFilteringRules?ruleAction=BLOCK_DROP"))
        .await;
    assert_eq!(v.as_array().unwrap().len(), 1);

    let (st, created) = h
        .post(
            &h.zia("/firewallFilteringRules"),
            json!({"name":"tests-vcr0001","description":"d","order":1,"rank":7,"action":"ALLOW",
                   "enableFullLogging":true,"srcIps":["192.168.100.0/24"],"destCountries":["COUNTRY_US"],"state":"ENABLED"}),
        )
        .await;
    assert_eq!(st, 200);
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["order"], 1);
    assert_eq!(created["destCountries"], json!(["COUNTRY_US"]));
    assert_eq!(created["defaultRule"], false);
    let (_, v) = h.get(&h.zia("/firewallFilteringRules")).await;
    let orders: Vec<i64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["order"].as_i64().unwrap())
        .collect();
    assert_eq!(orders, vec![-1, 1, 2, 3, 4, 5, 6]);

    let (st, v) = h
        .post(
            &h.zia("/firewallFilteringRules"),
            json!({"name":"x","action":"NOPE"}),
        )
        .await;
    assert_eq!(
        (st, v["code"].as_str()),
        (400, Some("INVALID_INPUT_ARGUMENT"))
    );

    let (st, v) = h
        .put(
            &h.zia(&format!("/firewallFilteringRules/{id}")),
            json!({"name":"updated","order":3,"action":"BLOCK_DROP"}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(
        (v["order"].as_i64(), v["action"].as_str()),
        (Some(3), Some("BLOCK_DROP"))
    );
    let (st, _) = h
        .delete(&h.zia(&format!("/firewallFilteringRules/{id}")))
        .await;
    assert_eq!(st, 204);
    let (st, _) = h
        .delete(&h.zia(&format!("/firewallFilteringRules/{}", default["id"])))
        .await;
    assert_eq!(st, 400, "the default rule cannot be deleted");

    // URL filtering rules: everything, no paging.
    let (_, v) = h.get(&h.zia("/urlFilteringRules?page=1&pageSize=2")).await;
    assert_eq!(v.as_array().unwrap().len(), 5);
    let (st, v) = h
        .post(
            &h.zia("/urlFilteringRules"),
            json!({"name":"tests-url","action":"BLOCK","order":1,"rank":7,"urlCategories":["ANY"],
                   "protocols":["ANY_RULE"],"state":"ENABLED","labels":[{"id":171100005}]}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(v["labels"][0]["name"], "Sandbox-Managed");
    assert_eq!(v["accessControl"], "READ_WRITE");
    assert!(v["lastModifiedBy"]["id"].is_i64());
    let (st, _) = h
        .post(
            &h.zia("/urlFilteringRules"),
            json!({"name":"tests-url","action":"BLOCK"}),
        )
        .await;
    assert_eq!(st, 400);
    let (_, label) = h.get(&h.zia("/ruleLabels/171100005")).await;
    assert_eq!(label["referencedRuleCount"], 1);
}

#[tokio::test]
async fn zia_locations() {
    let h = H::new().await;
    let (_, v) = h.get(&h.zia("/locations")).await;
    let locs = v.as_array().unwrap();
    assert_eq!(locs.len(), 4, "sub-locations are not listed");
    let (_, v) = h.get(&h.zia("/locations?search=hq")).await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, v) = h.get(&h.zia("/locations?page=2&pageSize=3")).await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, lite) = h.get(&h.zia("/locations/lite")).await;
    assert_eq!(lite[0]["id"], -3);
    assert_eq!(lite[0]["name"], "Road Warrior");
    let (_, subs) = h.get(&h.zia("/locations/149873535/sublocations")).await;
    assert_eq!(subs.as_array().unwrap().len(), 1);
    assert_eq!(subs[0]["parentId"], 149873535);

    let (st, v) = h
        .post(
            &h.zia("/locations"),
            json!({"name":"tests-vcr0003","country":"UNITED_STATES","tz":"UNITED_STATES_AMERICA_LOS_ANGELES",
                   "ofwEnabled":true,"profile":"SERVER"}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(
        v["dynamiclocationGroups"],
        json!([{"id":24326829,"name":"Server Traffic Group"}])
    );
    assert_eq!(v["parentId"], 0);
    let id = v["id"].as_i64().unwrap();
    let (st, v) = h
        .put(
            &h.zia(&format!("/locations/{id}")),
            json!({"name":"tests-vcr0003","idleTimeInMinutes":"720","authRequired":true}),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(v["idleTimeInMinutes"], 720);
    assert_eq!(v["country"], "NONE", "PUT replaces the whole object");
    let (_, g) = h.get(&h.zia("/locations/groups/24326829")).await;
    assert!(!g["locations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["id"] == id));
    let (st, _) = h
        .post(&h.zia("/locations"), json!({"name":"tests-vcr0003"}))
        .await;
    assert_eq!(st, 400, "duplicate");
    let (st, _) = h.delete(&h.zia(&format!("/locations/{id}"))).await;
    assert_eq!(st, 204);
    let (st, _) = h.get(&h.zia(&format!("/locations/{id}"))).await;
    assert_eq!(st, 404);

    let (_, groups) = h.get(&h.zia("/locations/groups")).await;
    let corp = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == 24326828)
        .unwrap();
    assert_eq!(corp["locationsCount"], 2);
    let (_, lite) = h.get(&h.zia("/locations/groups/lite")).await;
    assert_eq!(
        lite.as_array().unwrap().len(),
        groups.as_array().unwrap().len()
    );
    let (st, _) = h.get(&h.zia("/locations/groups/1")).await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn zia_rule_labels_crud() {
    let h = H::new().await;
    let (_, v) = h.get(&h.zia("/ruleLabels")).await;
    assert_eq!(v.as_array().unwrap().len(), 5);
    let (_, v) = h.get(&h.zia("/ruleLabels?search=comp")).await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["referencedRuleCount"], 2);
    let (_, v) = h.get(&h.zia("/ruleLabels?page=2&pageSize=2")).await;
    assert_eq!(v.as_array().unwrap().len(), 2);

    let (st, v) = h
        .post(
            &h.zia("/ruleLabels"),
            json!({"name":"New Label","description":"x"}),
        )
        .await;
    assert_eq!(st, 200);
    for k in [
        "id",
        "name",
        "description",
        "lastModifiedTime",
        "lastModifiedBy",
        "createdBy",
        "referencedRuleCount",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    let id = v["id"].as_i64().unwrap();
    let (st, v) = h
        .put(
            &h.zia(&format!("/ruleLabels/{id}")),
            json!({"name":"Renamed Label"}),
        )
        .await;
    assert_eq!((st, v["name"].as_str()), (200, Some("Renamed Label")));
    let (st, _) = h.delete(&h.zia(&format!("/ruleLabels/{id}"))).await;
    assert_eq!(st, 204);
    let (st, _) = h.get(&h.zia(&format!("/ruleLabels/{id}"))).await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn zia_admin_users() {
    let h = H::new().await;
    let (_, v) = h.get(&h.zia("/adminUsers")).await;
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert!(v[0].get("adminScopescopeGroupMemberEntities").is_some());
    let (st, v) = h.get(&h.zia("/adminUsers/165214882")).await;
    assert_eq!((st, v["role"]["name"].as_str()), (200, Some("Super Admin")));
}

// ------------------------------------------------------------------ ZPA

#[tokio::test]
async fn zpa_paging_with_string_counts() {
    let h = H::new().await;
    let (st, v) = h.get(&h.zpa("/application")).await;
    assert_eq!(st, 200);
    assert_eq!(v["totalPages"], "2");
    assert_eq!(v["totalCount"], "25");
    assert_eq!(v["list"].as_array().unwrap().len(), 20);
    let first = &v["list"][0];
    assert!(first["id"].is_string());
    assert_eq!(first["tcpKeepAlive"], "0");
    assert_eq!(first["bypassType"], "NEVER");
    assert!(first["segmentGroupName"].is_string());

    let (_, v) = h.get(&h.zpa("/application?page=2")).await;
    assert_eq!(v["list"].as_array().unwrap().len(), 5);
    assert_eq!(v["totalPages"], "2");
    let (_, v) = h.get(&h.zpa("/application?page=3")).await;
    assert_eq!(v["list"].as_array().unwrap().len(), 0);
    let (_, v) = h.get(&h.zpa("/application?page=1&pagesize=500")).await;
    assert_eq!(
        (
            v["totalPages"].as_str(),
            v["list"].as_array().unwrap().len()
        ),
        (Some("1"), 25)
    );
    let (_, v) = h.get(&h.zpa("/application?pagesize=100000")).await;
    assert_eq!(v["list"].as_array().unwrap().len(), 25);
    let (_, v) = h.get(&h.zpa("/application?pagesize=10&page=3")).await;
    assert_eq!(
        (
            v["totalPages"].as_str(),
            v["list"].as_array().unwrap().len()
        ),
        (Some("3"), 5)
    );
    // camelCase pageSize is not the ZPA parameter.
    let (_, v) = h.get(&h.zpa("/application?pageSize=100")).await;
    assert_eq!(v["list"].as_array().unwrap().len(), 20);
    // v2 paths work too.
    let (_, v) = h.get(&h.zpa2("/application")).await;
    assert_eq!(v["totalCount"], "25");
}

#[tokio::test]
async fn zpa_search_filters() {
    let h = H::new().await;
    // %2B-encoded separators (as the SDKs send them).
    let (_, v) = h.get(&h.zpa("/application?search=name%2BEQ%2Bapp07")).await;
    assert_eq!(v["totalCount"], "1");
    assert_eq!(v["list"][0]["name"], "app07");
    // Literal '+' decodes to spaces.
    let (_, v) = h.get(&h.zpa("/application?search=name+EQ+app07")).await;
    assert_eq!(v["totalCount"], "1");
    let (_, v) = h.get(&h.zpa("/application?search=name%20EQ%20APP07")).await;
    assert_eq!(v["totalCount"], "1", "EQ is case-insensitive");
    let (_, v) = h
        .get(&h.zpa("/application?search=name%2BSTARTSWITH%2Bapp1"))
        .await;
    assert_eq!(v["totalCount"], "10");
    let (_, v) = h
        .get(&h.zpa("/application?search=name%2BCONTAINS%2B5"))
        .await;
    assert_eq!(v["totalCount"], "3", "app05, app15, app25");
    let (_, v) = h
        .get(&h.zpa("/application?search=name%2BEQ%2Bnothing"))
        .await;
    assert_eq!(
        (v["totalCount"].as_str(), v["totalPages"].as_str()),
        (Some("0"), Some("0"))
    );
    let (_, v) = h.get(&h.zpa("/segmentGroup?search=Finance")).await;
    assert_eq!(v["totalCount"], "1");
}

#[tokio::test]
async fn zpa_errors() {
    let h = H::new().await;
    let (st, v) = h.get(&h.zpa("/application/12345")).await;
    assert_eq!(st, 400);
    assert_eq!(
        v,
        json!({"id":"resource.not.found","reason":"No resource exists with the given id/name :12345","params":["12345"]})
    );
    let (st, _) = h.put(&h.zpa("/segmentGroup/0"), json!({"name":"x"})).await;
    assert_eq!(st, 400);
    let (st, _) = h.delete(&h.zpa("/serverGroup/0")).await;
    assert_eq!(st, 400);

    let other = h.url("/zpa/mgmtconfig/v1/admin/customers/999/application");
    let (st, v) = h.get(&other).await;
    assert_eq!(
        (st, v),
        (401, json!({"id":"access.denied","reason":"Access denied"}))
    );

    let (st, v) = h.raw(Method::POST, &h.zpa("/segmentGroup"), "]]]").await;
    assert_eq!(st, 400);
    assert!(v["id"].is_string());
    let (st, v) = h
        .post(&h.zpa("/segmentGroup"), json!({"enabled":true}))
        .await;
    assert_eq!((st, v["params"][0].as_str()), (400, Some("name")));
    let (st, _) = h.get(&h.zpa("/noSuchResource")).await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn zpa_crud_chain() {
    let h = H::new().await;
    let (st, cg) = h
        .post(
            &h.zpa("/appConnectorGroup"),
            json!({"name":"cg1","latitude":37.33874,"longitude":"-121.88","location":"San Jose, CA, USA","upgradeTimeInSecs":66600}),
        )
        .await;
    assert_eq!(st, 201);
    assert_eq!(cg["latitude"], "37.33874");
    assert_eq!(cg["upgradeTimeInSecs"], "66600");
    let cg_id = cg["id"].as_str().unwrap().to_string();
    assert!(cg["modifiedTime"].as_str().unwrap().parse::<u64>().is_ok());

    let (st, sg) = h
        .post(
            &h.zpa("/serverGroup"),
            json!({"name":"srv1","appConnectorGroups":[{"id":cg_id}]}),
        )
        .await;
    assert_eq!(st, 201);
    assert_eq!(sg["appConnectorGroups"][0]["name"], "cg1");
    let sg_id = sg["id"].as_str().unwrap().to_string();

    let (st, seg) = h
        .post(
            &h.zpa("/segmentGroup"),
            json!({"name":"seg1","enabled":true}),
        )
        .await;
    assert_eq!(st, 201);
    assert_eq!(seg["tcpKeepAliveEnabled"], "0");
    let seg_id = seg["id"].as_str().unwrap().to_string();

    let (st, app) = h
        .post(
            &h.zpa("/application"),
            json!({"name":"tests-app.example.com","enabled":true,"domainNames":["tests-app.example.com"],
                   "segmentGroupId":seg_id,"serverGroups":[{"id":sg_id}],"tcpPortRanges":["9001","9001"]}),
        )
        .await;
    assert_eq!(st, 201);
    for (k, want) in [
        ("bypassType", json!("NEVER")),
        ("healthCheckType", json!("DEFAULT")),
        ("icmpAccessType", json!("NONE")),
        ("isCnameEnabled", json!(true)),
        ("doubleEncrypt", json!(false)),
        ("matchStyle", json!("EXCLUSIVE")),
        ("configSpace", json!("DEFAULT")),
        ("tcpKeepAlive", json!("0")),
        ("tcpPortRange", json!([{"from":"9001","to":"9001"}])),
        ("segmentGroupName", json!("seg1")),
    ] {
        assert_eq!(app[k], want, "{k}");
    }
    let app_id = app["id"].as_str().unwrap().to_string();

    // Unknown references are rejected.
    let (st, v) = h
        .post(
            &h.zpa("/application"),
            json!({"name":"bad","domainNames":["bad.example"],"segmentGroupId":"42"}),
        )
        .await;
    assert_eq!((st, v["id"].as_str()), (400, Some("resource.not.found")));

    // PUT → 204 with an empty body, and the change sticks.
    let r = h
        .send(
            Method::PUT,
            &h.zpa(&format!("/application/{app_id}")),
            Some(json!({"name":"tests-app.example.com","description":"Updated","tcpPortRanges":["9002","9002"],"tcpPortRange":[]})),
        )
        .await;
    assert_eq!(r.status(), 204);
    assert!(r.text().await.unwrap().is_empty());
    let (_, v) = h.get(&h.zpa(&format!("/application/{app_id}"))).await;
    assert_eq!(v["description"], "Updated");
    assert_eq!(v["tcpPortRange"], json!([{"from":"9002","to":"9002"}]));
    assert_eq!(
        v["domainNames"],
        json!(["tests-app.example.com"]),
        "PUT merges"
    );

    let (_, v) = h.get(&h.zpa(&format!("/segmentGroup/{seg_id}"))).await;
    assert_eq!(v["applications"][0]["id"], app_id.as_str());
    let (_, v) = h.get(&h.zpa(&format!("/serverGroup/{sg_id}"))).await;
    assert_eq!(v["applications"][0]["name"], "tests-app.example.com");

    let (st, _) = h
        .delete(&h.zpa(&format!("/application/{app_id}?forceDelete=true")))
        .await;
    assert_eq!(st, 204);
    let (st, _) = h.get(&h.zpa(&format!("/application/{app_id}"))).await;
    assert_eq!(st, 400);
    for path in [
        format!("/serverGroup/{sg_id}"),
        format!("/segmentGroup/{seg_id}"),
        format!("/appConnectorGroup/{cg_id}"),
    ] {
        let (st, _) = h.delete(&h.zpa(&path)).await;
        assert_eq!(st, 204, "{path}");
    }
    let (_, v) = h.get(&h.zpa("/appConnectorGroup")).await;
    assert_eq!(v["totalCount"], "2");
    // ZPA writes do not touch ZIA activation.
    assert_eq!(h.sim.activation_status(), "ACTIVE");
}

#[tokio::test]
async fn zpa_access_policy() {
    let h = H::new().await;
    let (st, ps) = h.get(&h.zpa("/policySet/policyType/ACCESS_POLICY")).await;
    assert_eq!(st, 200);
    assert_eq!(
        (ps["name"].as_str(), ps["policyType"].as_str()),
        (Some("Global_Policy"), Some("1"))
    );
    let ps_id = ps["id"].as_str().unwrap().to_string();
    let (_, fwd) = h
        .get(&h.zpa("/policySet/policyType/CLIENT_FORWARDING_POLICY"))
        .await;
    assert_eq!(
        (fwd["name"].as_str(), fwd["policyType"].as_str()),
        (Some("Bypass_Policy"), Some("4"))
    );
    let (st, _) = h.get(&h.zpa("/policySet/policyType/TIMEOUT_POLICY")).await;
    assert_eq!(st, 200);
    let (st, _) = h.get(&h.zpa("/policySet/policyType/NOPE")).await;
    assert_eq!(st, 400);

    let (_, rules) = h
        .get(&h.zpa("/policySet/rules/policyType/ACCESS_POLICY"))
        .await;
    assert_eq!(rules["totalCount"], "5");
    let r0 = &rules["list"][0];
    assert_eq!(r0["ruleOrder"], "1");
    assert_eq!(r0["policySetId"], ps_id.as_str());
    let op = &r0["conditions"][0]["operands"][0];
    for k in ["id", "objectType", "lhs", "rhs"] {
        assert!(op[k].is_string(), "operand {k}");
    }
    let (_, page) = h
        .get(&h.zpa("/policySet/rules/policyType/ACCESS_POLICY?pagesize=2&page=3"))
        .await;
    assert_eq!(
        (
            page["totalPages"].as_str(),
            page["list"].as_array().unwrap().len()
        ),
        (Some("3"), 1)
    );

    // v1 create.
    let (st, v1) = h
        .post(
            &h.zpa(&format!("/policySet/{ps_id}/rule")),
            json!({"name":"tests-v1","description":"d","customMsg":null,"ruleOrder":null,"action":"ALLOW",
                   "appConnectorGroups":[],"appServerGroups":[],
                   "conditions":[{"operator":"OR","operands":[
                       {"objectType":"SCIM_GROUP","lhs":"216196257331285825","rhs":3251059},
                       {"objectType":"APP","lhs":"id","rhs":"216196257331371002"}]}]}),
        )
        .await;
    assert_eq!(st, 201);
    assert_eq!(v1["ruleOrder"], "6");
    assert_eq!(v1["policyType"], "1");
    assert_eq!(v1["disabled"], "0");
    assert!(v1.get("customMsg").is_none());
    let ops = &v1["conditions"][0]["operands"];
    assert_eq!(ops[0]["rhs"], "3251059");
    assert_eq!(ops[0]["idpName"], "Sandbox_Okta_Users");
    assert_eq!(ops[1]["name"], "app02");
    let v1_id = v1["id"].as_str().unwrap().to_string();

    // v2 create with values / entryValues.
    let (st, v2) = h
        .post(
            &h.zpa2(&format!("/policySet/{ps_id}/rule")),
            json!({"name":"tests-v2","action":"DENY","conditions":[
                {"operator":"OR","operands":[{"objectType":"CLIENT_TYPE","values":["zpn_client_type_exporter","zpn_client_type_zapp"]}]},
                {"operator":"OR","operands":[{"objectType":"SCIM_GROUP","entryValues":[
                    {"lhs":"216196257331285825","rhs":3251059},{"lhs":"216196257331285825","rhs":3251058}]}]}]}),
        )
        .await;
    assert_eq!(st, 201);
    let c0 = v2["conditions"][0]["operands"].as_array().unwrap();
    assert_eq!(c0.len(), 2);
    assert_eq!(
        (c0[0]["lhs"].as_str(), c0[0]["rhs"].as_str()),
        (Some("id"), Some("zpn_client_type_exporter"))
    );
    let c1 = v2["conditions"][1]["operands"].as_array().unwrap();
    assert_eq!(c1[1]["rhs"], "3251058");
    let v2_id = v2["id"].as_str().unwrap().to_string();

    let (st, _) = h
        .post(
            &h.zpa(&format!("/policySet/{ps_id}/rule")),
            json!({"name":"bad","action":"MAYBE"}),
        )
        .await;
    assert_eq!(st, 400);
    let (st, v) = h
        .post(&h.zpa("/policySet/999/rule"), json!({"name":"x"}))
        .await;
    assert_eq!((st, v["id"].as_str()), (400, Some("resource.not.found")));

    // GET / PUT (v1 and v2).
    let (st, v) = h
        .get(&h.zpa(&format!("/policySet/{ps_id}/rule/{v1_id}")))
        .await;
    assert_eq!((st, v["name"].as_str()), (200, Some("tests-v1")));
    let r = h
        .send(
            Method::PUT,
            &h.zpa(&format!("/policySet/{ps_id}/rule/{v1_id}")),
            Some(json!({"name":"tests-v1","action":"ALLOW","description":"Updated",
                        "appConnectorGroups":[{"id":"216196257331370190"}],
                        "conditions":[{"operator":"OR","operands":[{"objectType":"SCIM_GROUP","lhs":"216196257331285825","rhs":3251058}]}]})),
        )
        .await;
    assert_eq!(r.status(), 204);
    let (_, v) = h
        .get(&h.zpa(&format!("/policySet/{ps_id}/rule/{v1_id}")))
        .await;
    assert_eq!(v["description"], "Updated");
    assert_eq!(v["appConnectorGroups"][0]["name"], "SJC-Connector-Group");
    assert_eq!(v["conditions"][0]["operands"][0]["rhs"], "3251058");
    assert_eq!(v["ruleOrder"], "6", "PUT keeps the order");
    let r = h
        .send(
            Method::PUT,
            &h.zpa2(&format!("/policySet/{ps_id}/rule/{v2_id}")),
            Some(json!({"name":"tests-v2","action":"DENY","description":"v2 update"})),
        )
        .await;
    assert_eq!(r.status(), 204);

    // Reorder v2 rule to the top.
    let r = h
        .send(
            Method::PUT,
            &h.zpa(&format!("/policySet/{ps_id}/rule/{v2_id}/reorder/1")),
            None,
        )
        .await;
    assert_eq!(r.status(), 204);
    let (_, rules) = h
        .get(&h.zpa("/policySet/rules/policyType/ACCESS_POLICY?pagesize=100"))
        .await;
    let list = rules["list"].as_array().unwrap();
    assert_eq!(list[0]["id"], v2_id.as_str());
    assert_eq!(list[0]["ruleOrder"], "1");
    assert_eq!(list[0]["description"], "v2 update");
    let orders: Vec<&str> = list
        .iter()
        .map(|r| r["ruleOrder"].as_str().unwrap())
        .collect();
    assert_eq!(orders, vec!["1", "2", "3", "4", "5", "6", "7"]);
    let r = h
        .send(
            Method::PUT,
            &h.zpa(&format!("/policySet/{ps_id}/rule/{v2_id}/reorder/99")),
            None,
        )
        .await;
    assert_eq!(r.status(), 400);

    let (st, _) = h
        .delete(&h.zpa(&format!("/policySet/{ps_id}/rule/{v2_id}")))
        .await;
    assert_eq!(st, 204);
    let (st, _) = h
        .get(&h.zpa(&format!("/policySet/{ps_id}/rule/{v2_id}")))
        .await;
    assert_eq!(st, 400);
    let (_, rules) = h
        .get(&h.zpa("/policySet/rules/policyType/ACCESS_POLICY"))
        .await;
    assert_eq!(rules["totalCount"], "6");
    assert_eq!(rules["list"][0]["ruleOrder"], "1");

    // IdP and SCIM lookups used by rule conditions.
    let (_, idps) = h.get(&h.zpa2("/idp")).await;
    assert_eq!(idps["totalCount"], "1");
    let scim = h.url(&format!(
        "/zpa/userconfig/v1/customers/{CUSTOMER}/scimgroup/idpId/216196257331285825"
    ));
    let (st, v) = h.get(&scim).await;
    assert_eq!(st, 200);
    assert_eq!(v["totalCount"], 5, "SCIM group counts are numbers");
    assert!(v["list"][0]["id"].is_u64());
}

// ------------------------------------------------------------------ faults

#[tokio::test]
async fn each_fault_kind() {
    let h = H::new().await;
    let users = h.zia("/users?pageSize=1");
    let add = |kind: FaultKind| {
        h.sim.add_fault(Fault {
            method: None,
            path_prefix: "/zia/api/v1/users".into(),
            kind,
            times: Some(1),
        })
    };

    add(FaultKind::ZiaRateLimit);
    let r = h.send(Method::GET, &users, None).await;
    assert_eq!(header(&r, "retry-after").as_deref(), Some("1"));
    let (st, v) = json_of(r).await;
    assert_eq!(
        (st, v),
        (
            429,
            json!({"message":"Rate Limit (1/SECOND) exceeded","Retry-After":"1 seconds"})
        )
    );
    // times=1: the next call is normal.
    let (st, _) = h.get(&users).await;
    assert_eq!(st, 200);

    add(FaultKind::ZpaRateLimit);
    let r = h.send(Method::GET, &users, None).await;
    assert_eq!(header(&r, "retry-after").as_deref(), Some("4s"));
    let (st, v) = json_of(r).await;
    assert_eq!(st, 429);
    assert_eq!(v["id"], "invalid.toomanyrequests");
    assert_eq!(v["exception"], "invalid.toomanyrequests");

    add(FaultKind::ZiaEditLock);
    let (st, v) = h.get(&users).await;
    assert_eq!((st, v), (409, json!({"code":"EDIT_LOCK_NOT_AVAILABLE"})));

    add(FaultKind::ZpaConcurrentAccess);
    let (st, v) = h.get(&users).await;
    assert_eq!(
        (st, v["id"].as_str()),
        (409, Some("api.concurrent.access.error"))
    );

    for status in [500u16, 502, 503, 504] {
        add(FaultKind::ServerError { status });
        let r = h.send(Method::GET, &users, None).await;
        let retry = header(&r, "retry-after");
        let (st, v) = json_of(r).await;
        assert_eq!(st, status);
        assert!(v.is_object());
        assert_eq!(retry.is_some(), status == 503 || status == 504, "{status}");
    }

    add(FaultKind::ZiaReadOnly);
    let r = h.send(Method::GET, &users, None).await;
    assert_eq!(header(&r, "x-zscaler-mode").as_deref(), Some("read-only"));
    let (st, v) = json_of(r).await;
    assert_eq!((st, v["code"].as_str()), (403, Some("STATE_READONLY")));

    add(FaultKind::Unauthorized);
    let (st, v) = h.get(&users).await;
    assert_eq!((st, v), (401, unauthorized_body()));

    add(FaultKind::Delay { ms: 400 });
    let t0 = Instant::now();
    let (st, v) = h.get(&users).await;
    assert!(t0.elapsed() >= Duration::from_millis(400));
    assert_eq!((st, v.as_array().map(Vec::len)), (200, Some(1)));

    // All faults were consumed.
    let (st, _) = h.get(&users).await;
    assert_eq!(st, 200);

    // Faulted responses are recorded, with the real authorization state.
    let log = h.sim.requests();
    let statuses: Vec<u16> = log
        .iter()
        .filter(|r| r.path == "/zia/api/v1/users")
        .map(|r| r.status)
        .collect();
    assert_eq!(
        statuses,
        vec![429, 200, 429, 409, 409, 500, 502, 503, 504, 403, 401, 200, 200]
    );
    assert!(log
        .iter()
        .filter(|r| r.path == "/zia/api/v1/users")
        .all(|r| r.authorized));
}

#[tokio::test]
async fn fault_matching_times_and_clearing() {
    let h = H::new().await;
    h.sim.add_fault(Fault {
        method: Some("post".into()),
        path_prefix: "/zpa/".into(),
        kind: FaultKind::ZpaConcurrentAccess,
        times: Some(2),
    });
    // GET is not matched.
    let (st, _) = h.get(&h.zpa("/segmentGroup")).await;
    assert_eq!(st, 200);
    for _ in 0..2 {
        let (st, _) = h.post(&h.zpa("/segmentGroup"), json!({"name":"x"})).await;
        assert_eq!(st, 409);
    }
    let (st, _) = h.post(&h.zpa("/segmentGroup"), json!({"name":"x"})).await;
    assert_eq!(st, 201);

    // times=None: every matching request until cleared.
    h.sim.add_fault(Fault {
        method: None,
        path_prefix: "/zia/api/v1/status".into(),
        kind: FaultKind::ServerError { status: 503 },
        times: None,
    });
    for _ in 0..3 {
        let (st, _) = h.get(&h.zia("/status")).await;
        assert_eq!(st, 503);
    }
    // Other paths are untouched.
    let (st, _) = h.get(&h.zia("/departments")).await;
    assert_eq!(st, 200);
    h.sim.clear_faults();
    let (st, _) = h.get(&h.zia("/status")).await;
    assert_eq!(st, 200);

    // The token endpoint can be faulted too, and still counts.
    let before = h.sim.token_request_count();
    h.sim.add_fault(Fault {
        method: None,
        path_prefix: "/oauth2/v1/token".into(),
        kind: FaultKind::ServerError { status: 503 },
        times: Some(1),
    });
    let r =
        h.c.post(h.sim.token_url())
            .form(&creds_form("sandbox-client", "sandbox-secret"))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 503);
    let _ = sandbox_token(&h.c, &h.sim.token_url()).await;
    assert_eq!(h.sim.token_request_count(), before + 2);
}

// ------------------------------------------------------------------ request log

#[tokio::test]
async fn request_log_contents() {
    let h = H::new().await;
    h.get(&h.zpa("/application?search=name%2BEQ%2Bapp01&page=1"))
        .await;
    h.post(&h.zia("/ruleLabels"), json!({"name":"logged"}))
        .await;
    let r =
        h.c.post(h.zia("/urlLookup"))
            .bearer_auth(&h.token)
            .body("plain text")
            .send()
            .await
            .unwrap();
    assert_eq!(r.status(), 400);

    let log = h.sim.requests();
    assert_eq!(log.len(), 4, "token + 3 API calls");
    let tok = &log[0];
    assert_eq!(
        (tok.method.as_str(), tok.path.as_str(), tok.status),
        ("POST", "/oauth2/v1/token", 200)
    );
    assert!(tok.authorized);
    let form = tok.body.as_ref().unwrap().as_str().unwrap();
    assert!(form.contains("client_id=sandbox-client"));
    assert!(form.contains("client_secret=REDACTED"));
    assert!(!form.contains("sandbox-secret"));

    let get = &log[1];
    assert_eq!(get.method, "GET");
    assert_eq!(
        get.path,
        format!("/zpa/mgmtconfig/v1/admin/customers/{CUSTOMER}/application")
    );
    assert_eq!(
        get.query,
        vec![
            ("search".to_string(), "name+EQ+app01".to_string()),
            ("page".to_string(), "1".to_string())
        ]
    );
    assert_eq!(
        get.raw_query.as_deref(),
        Some("search=name%2BEQ%2Bapp01&page=1")
    );
    assert!(get.body.is_none());
    assert_eq!(get.status, 200);
    assert!(get.authorized);

    assert_eq!(log[2].body, Some(json!({"name":"logged"})));
    assert_eq!(log[2].raw_query, None);
    assert_eq!(log[3].body, Some(json!("plain text")));
    assert_eq!(log[3].status, 400);

    h.sim.clear_requests();
    assert!(h.sim.requests().is_empty());
}

// ------------------------------------------------------------------ control endpoints

#[tokio::test]
async fn control_endpoints_over_http() {
    let h = H::new().await;
    let ctl = |p: &str| h.url(&format!("/__sim{p}"));

    let (st, v) = json_of(h.c.get(ctl("/stats")).send().await.unwrap()).await;
    assert_eq!(
        (st, v),
        (
            200,
            json!({"token_requests":1,"activation_status":"ACTIVE"})
        )
    );

    // Nested serde shape.
    let fault = json!({"method":"GET","path_prefix":"/zia/api/v1/status","kind":{"kind":"zia_rate_limit"},"times":1});
    let (st, _) = json_of(h.c.post(ctl("/faults")).json(&fault).send().await.unwrap()).await;
    assert_eq!(st, 200);
    // Plain string kind, and data-carrying kinds.
    let faults = json!([
        {"path_prefix":"/zia/api/v1/status","kind":"zia_edit_lock","times":1},
        {"path_prefix":"/zia/api/v1/status","kind":{"kind":"server_error","status":502},"times":1}
    ]);
    let (st, v) = json_of(h.c.post(ctl("/faults")).json(&faults).send().await.unwrap()).await;
    assert_eq!((st, v["added"].as_u64()), (200, Some(2)));
    let (st, _) = json_of(
        h.c.post(ctl("/faults"))
            .json(&json!({"path_prefix":"/x","kind":{"kind":"nope"}}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, 400);
    let (_, listed) = json_of(h.c.get(ctl("/faults")).send().await.unwrap()).await;
    assert_eq!(listed.as_array().unwrap().len(), 3);

    let (st, _) = h.get(&h.zia("/status")).await;
    assert_eq!(st, 429);
    let (st, _) = h.get(&h.zia("/status")).await;
    assert_eq!(st, 409);
    let (st, _) = h.get(&h.zia("/status")).await;
    assert_eq!(st, 502);
    let (st, _) = h.get(&h.zia("/status")).await;
    assert_eq!(st, 200);

    h.c.post(ctl("/faults")).json(&fault).send().await.unwrap();
    let r = h.c.delete(ctl("/faults")).send().await.unwrap();
    assert!(r.status().is_success());
    let (st, _) = h.get(&h.zia("/status")).await;
    assert_eq!(st, 200);

    // Stage a change and see it in stats.
    h.post(&h.zia("/ruleLabels"), json!({"name":"via-http"}))
        .await;
    let (_, v) = json_of(h.c.get(ctl("/stats")).send().await.unwrap()).await;
    assert_eq!(v["activation_status"], "PENDING");

    let (st, log) = json_of(h.c.get(ctl("/requests")).send().await.unwrap()).await;
    assert_eq!(st, 200);
    let log = log.as_array().unwrap();
    assert!(log
        .iter()
        .all(|r| !r["path"].as_str().unwrap().starts_with("/__sim")));
    assert_eq!(log.len(), 1 + 5 + 1, "token + status calls + label POST");
    let last = log.last().unwrap();
    assert_eq!(last["method"], "POST");
    assert_eq!(last["status"], 200);
    assert_eq!(last["authorized"], true);
    assert_eq!(last["body"], json!({"name":"via-http"}));
    assert_eq!(last["query"], json!([]));

    let r = h.c.delete(ctl("/requests")).send().await.unwrap();
    assert!(r.status().is_success());
    let (_, log) = json_of(h.c.get(ctl("/requests")).send().await.unwrap()).await;
    assert_eq!(log, json!([]));
    let (st, _) = json_of(h.c.get(ctl("/nope")).send().await.unwrap()).await;
    assert_eq!(st, 404);
}

// ------------------------------------------------------------------ robustness

#[tokio::test]
async fn robustness() {
    let h = H::new().await;
    let (st, v) = json_of(h.c.get(h.url("/totally/unknown")).send().await.unwrap()).await;
    assert_eq!(st, 404);
    assert!(v.is_object());
    // Unknown paths of a simulated product still 404.
    let (st, _) = h.get(&h.url("/ztw/api/v1/noSuchResource")).await;
    assert_eq!(st, 404);
    let (st, _) = h.get(&h.url("/zia/api/v2/users")).await;
    assert_eq!(st, 404);
    let (st, _) = h.get(&h.url("/zpa/mgmtconfig/v9/x")).await;
    assert_eq!(st, 404);
    let (st, _) = h.get(&h.zia("/users/99999999999999999999999999")).await;
    assert_eq!(st, 404);
    let (st, _) = h.get(&h.zia("/locations/%FF%FE/sublocations")).await;
    assert_eq!(st, 404);
    let (st, _) = h
        .get(&h.zpa("/application?search=%2B%2B%2B&page=-1&pagesize=abc"))
        .await;
    assert_eq!(st, 200);
    h.rejects(
        Method::PUT,
        &h.zpa("/policySet/216196257331281925/rule/216196257331404600"),
        &[json!({"conditions": "nope"}), json!({"conditions": [1, 2]})],
        400,
    )
    .await;
    let (st, _) = h.post(&h.zia("/urlLookup"), json!([1, 2])).await;
    assert_eq!(st, 400);
    let (st, _) = h
        .post(
            &h.zia("/urlCategories"),
            json!({"configuredName":"x","urls":"not-a-list"}),
        )
        .await;
    assert_eq!(st, 400);
    // The server is still healthy.
    let (st, _) = h.get(&h.zia("/status")).await;
    assert_eq!(st, 200);
}

#[tokio::test]
async fn concurrent_requests_are_safe() {
    let h = H::new().await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let c = h.c.clone();
        let url = h.zia("/ruleLabels");
        let token = h.token.clone();
        tasks.push(tokio::spawn(async move {
            c.post(url)
                .bearer_auth(token)
                .json(&json!({"name": format!("label-{i}")}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let (_, v) = h.get(&h.zia("/ruleLabels?pageSize=100")).await;
    assert_eq!(v.as_array().unwrap().len(), 25);
    assert_eq!(h.sim.requests().len(), 1 + 20 + 1);
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let s = sim().await;
    let url = format!("{}/zia/api/v1/status", s.base_url());
    let c = client();
    assert_eq!(c.get(&url).send().await.unwrap().status(), 401);
    s.shutdown().await;
    assert!(Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap()
        .get(&url)
        .send()
        .await
        .is_err());
}

// ------------------------------------------------------------------ binary

#[tokio::test]
async fn binary_prints_address_and_serves() {
    let bin = Binary::start(&[
        "--port",
        "0",
        "--client-id",
        "bin-client",
        "--client-secret",
        "bin-secret",
    ])
    .await;
    let base = &bin.base;
    assert!(base.starts_with("http://127.0.0.1:"));
    let port: u16 = base.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
    let c = client();
    let r = c
        .post(format!("{base}/oauth2/v1/token"))
        .form(&creds_form("bin-client", "bin-secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (_, stats) = json_of(c.get(format!("{base}/__sim/stats")).send().await.unwrap()).await;
    assert_eq!(stats["token_requests"], 1);
}
