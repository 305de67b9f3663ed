//! Seed data of the hand-written ZPA core.

use super::*;

pub(crate) const IDP_ID: &str = "216196257331285825";
pub(crate) const SEG_GROUP_IDS: [&str; 3] = [
    "216196257331370167",
    "216196257331370168",
    "216196257331370169",
];
pub(crate) const SERVER_GROUP_IDS: [&str; 3] = [
    "216196257331370180",
    "216196257331370181",
    "216196257331370182",
];
pub(crate) const CONNECTOR_GROUP_IDS: [&str; 2] = ["216196257331370190", "216196257331370191"];

pub(crate) fn with_times(mut v: Value, id: &str) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), json!(id));
        o.insert("creationTime".into(), json!(SEED_TIME));
        o.insert("modifiedTime".into(), json!(SEED_TIME));
        o.insert("modifiedBy".into(), json!(MODIFIED_BY));
    }
    v
}

pub(crate) fn seed_connector_groups() -> Vec<Value> {
    let specs = [
        (
            CONNECTOR_GROUP_IDS[0],
            "SJC-Connector-Group",
            "San Jose, CA, USA",
            "37.33874",
            "-121.8852525",
            "San Jose, US",
            "US",
        ),
        (
            CONNECTOR_GROUP_IDS[1],
            "AWS-USW2-Connector-Group",
            "Portland, OR, USA",
            "45.5152",
            "-122.6784",
            "Portland, US",
            "US",
        ),
    ];
    specs
        .iter()
        .map(|(id, name, loc, lat, lon, city, cc)| {
            let mut o = connector_group_template().as_object().cloned().unwrap_or_default();
            overlay(
                &mut o,
                json!({
                    "name": name, "description": format!("{name} (seeded)"),
                    "location": loc, "latitude": lat, "longitude": lon,
                    "cityCountry": city, "countryCode": cc,
                    "overrideVersionProfile": true, "praEnabled": true,
                    "tcpQuickAckApp": true, "tcpQuickAckAssistant": true, "tcpQuickAckReadAssistant": true,
                })
                .as_object()
                .unwrap_or(&Map::new()),
            );
            with_times(Value::Object(o), id)
        })
        .collect()
}

pub(crate) fn seed_server_groups() -> Vec<Value> {
    let specs = [
        (
            SERVER_GROUP_IDS[0],
            "Datacenter-SJC-Servers",
            CONNECTOR_GROUP_IDS[0],
            false,
        ),
        (
            SERVER_GROUP_IDS[1],
            "AWS-USW2-Servers",
            CONNECTOR_GROUP_IDS[1],
            false,
        ),
        (
            SERVER_GROUP_IDS[2],
            "Finance-Servers",
            CONNECTOR_GROUP_IDS[0],
            true,
        ),
    ];
    specs
        .iter()
        .map(|(id, name, cg, anchored)| {
            let mut o = server_group_template()
                .as_object()
                .cloned()
                .unwrap_or_default();
            o.insert("name".into(), json!(name));
            o.insert("description".into(), json!(format!("{name} (seeded)")));
            o.insert("ipAnchored".into(), json!(anchored));
            o.insert("appConnectorGroups".into(), json!([{"id": cg}]));
            with_times(Value::Object(o), id)
        })
        .collect()
}

pub(crate) fn seed_segment_groups() -> Vec<Value> {
    let specs = [
        (
            SEG_GROUP_IDS[0],
            "Corporate-Apps",
            "Intranet and collaboration",
        ),
        (
            SEG_GROUP_IDS[1],
            "Engineering-Apps",
            "Source control, CI, dev tools",
        ),
        (SEG_GROUP_IDS[2], "Finance-Apps", "ERP and payroll"),
    ];
    specs
        .iter()
        .map(|(id, name, desc)| {
            let mut o = segment_group_template()
                .as_object()
                .cloned()
                .unwrap_or_default();
            o.insert("name".into(), json!(name));
            o.insert("description".into(), json!(desc));
            with_times(Value::Object(o), id)
        })
        .collect()
}

pub(crate) fn seed_apps() -> Vec<Value> {
    (1..=25_u64)
        .map(|n| {
            let group = ((n - 1) % 3) as usize;
            let port = (8000 + n).to_string();
            let mut o = app_template().as_object().cloned().unwrap_or_default();
            o.insert("name".into(), json!(format!("app{n:02}")));
            o.insert(
                "description".into(),
                json!(format!("app{n:02}.sandbox.example")),
            );
            o.insert(
                "domainNames".into(),
                json!([format!("app{n:02}.sandbox.example")]),
            );
            o.insert("segmentGroupId".into(), json!(SEG_GROUP_IDS[group]));
            o.insert(
                "serverGroups".into(),
                json!([{"id": SERVER_GROUP_IDS[group]}]),
            );
            o.insert("tcpPortRanges".into(), json!(["443", "443", port, port]));
            o.insert(
                "tcpPortRange".into(),
                json!([{"from": "443", "to": "443"}, {"from": port, "to": port}]),
            );
            let id = (216_196_257_331_371_000_u64 + n).to_string();
            with_times(Value::Object(o), &id)
        })
        .collect()
}

pub(crate) fn seed_policy_sets() -> Vec<(&'static str, Value)> {
    let specs: [(&'static str, &str, &str, &str, &str); 5] = [
        (
            "ACCESS_POLICY",
            "216196257331281925",
            "Global_Policy",
            "1",
            "The rules in this policy set are executed first.",
        ),
        (
            "TIMEOUT_POLICY",
            "216196257331281926",
            "Reauth_Policy",
            "2",
            "Timeout policy",
        ),
        (
            "CLIENT_FORWARDING_POLICY",
            "216196257331281927",
            "Bypass_Policy",
            "4",
            "Client forwarding policy",
        ),
        (
            "ISOLATION_POLICY",
            "216196257331281928",
            "Isolation_Policy",
            "5",
            "Isolation policy",
        ),
        // AppProtection: policy type "6", name "Inspection_Policy" (ZPA help,
        // "Configuring AppProtection Policies Using API").
        (
            "INSPECTION_POLICY",
            "216196257331281929",
            "Inspection_Policy",
            "6",
            "Inspection Policies",
        ),
    ];
    specs
        .iter()
        .map(|(t, id, name, ptype, desc)| {
            let v = json!({
                "id": id, "modifiedTime": SEED_TIME, "creationTime": "1619672239",
                "modifiedBy": MODIFIED_BY, "name": name, "enabled": true,
                "description": desc, "policyType": ptype, "sorted": true,
            });
            (*t, v)
        })
        .collect()
}

pub(crate) fn seed_idps() -> Vec<Value> {
    vec![with_times(
        json!({
            "name": "Sandbox_Okta_Users", "loginUrl": "https://idp.sandbox.example/sso/saml",
            "idpEntityId": "http://idp.sandbox.example/entity", "autoProvision": "0",
            "signSamlRequest": "1", "ssoType": ["USER"], "domainList": ["sandbox.example"],
            "scimEnabled": true, "enableScimBasedPolicy": true, "disableSamlBasedPolicy": false,
            "reauthOnUserUpdate": false, "enabled": true
        }),
        IDP_ID,
    )]
}

pub(crate) const SCIM_GROUPS: [(u64, &str); 5] = [
    (3_251_059, "Engineering"),
    (3_251_058, "All Employees"),
    (3_251_055, "Contractors"),
    (3_251_054, "Finance"),
    (3_251_053, "IT Admins"),
];

pub(crate) fn seed_scim_groups() -> Vec<Value> {
    SCIM_GROUPS
        .iter()
        .map(|(id, name)| {
            json!({
                "id": id, "modifiedTime": 1_765_237_277_u64, "creationTime": 1_765_237_277_u64,
                "name": name, "idpId": 216_196_257_331_285_825_u64, "idpGroupId": null,
                "internalId": format!("00000000-0000-4000-8000-{id:012}"),
            })
        })
        .collect()
}

impl ZpaState {
    pub(crate) fn seeded() -> ZpaState {
        let mut st = ZpaState {
            apps: seed_apps(),
            segment_groups: seed_segment_groups(),
            server_groups: seed_server_groups(),
            connector_groups: seed_connector_groups(),
            policy_sets: seed_policy_sets(),
            rules: Vec::new(),
            idps: seed_idps(),
            scim_groups: seed_scim_groups(),
            more: registry::MoreState::seeded(),
            next_id: std::cell::Cell::new(216_196_257_331_410_000),
            next_cond_id: std::cell::Cell::new(46_300_000),
        };
        let scim = |g: &str| json!({"objectType": "SCIM_GROUP", "lhs": IDP_ID, "rhs": g});
        let rules = [
            json!({"name": "Allow Engineering to Engineering Apps", "action": "ALLOW",
                   "description": "Engineers reach source control and CI",
                   "conditions": [
                       {"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": SEG_GROUP_IDS[1]}]},
                       {"operator": "OR", "operands": [scim("3251059")]}]}),
            json!({"name": "Allow All Employees to Corporate Apps", "action": "ALLOW",
                   "description": "Intranet for everyone",
                   "conditions": [
                       {"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": SEG_GROUP_IDS[0]},
                                                       {"objectType": "APP", "lhs": "id", "rhs": "216196257331371001"}]},
                       {"operator": "OR", "operands": [scim("3251058")]}]}),
            json!({"name": "Deny Contractors to Finance Apps", "action": "DENY",
                   "description": "Contractors never reach finance systems",
                   "conditions": [
                       {"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": SEG_GROUP_IDS[2]}]},
                       {"operator": "OR", "operands": [scim("3251055")]}]}),
            json!({"name": "Allow Finance to Finance Apps", "action": "ALLOW",
                   "description": "Finance team, posture-checked devices",
                   "appServerGroups": [{"id": SERVER_GROUP_IDS[2]}],
                   "conditions": [
                       {"operator": "OR", "operands": [{"objectType": "APP_GROUP", "lhs": "id", "rhs": SEG_GROUP_IDS[2]}]},
                       {"operator": "OR", "operands": [scim("3251054")]},
                       {"operator": "AND", "operands": [{"objectType": "POSTURE", "lhs": "d0b05ecf-b36e-4b28-ab83-f8665a32fd73", "rhs": "true"}]}]}),
            json!({"name": "Allow Client Connector Access", "action": "ALLOW",
                   "description": "Zscaler Client Connector and browser access clients",
                   "disabled": "1",
                   "conditions": [
                       {"operator": "OR", "operands": [
                           {"objectType": "CLIENT_TYPE", "lhs": "id", "rhs": "zpn_client_type_zapp"},
                           {"objectType": "CLIENT_TYPE", "lhs": "id", "rhs": "zpn_client_type_exporter"}]}]}),
        ];
        for (i, r) in rules.into_iter().enumerate() {
            let id = (216_196_257_331_404_600_u64 + i as u64).to_string();
            st.seed_rule("ACCESS_POLICY", &id, r);
        }
        st
    }

    /// [`ZpaState::seeded`] plus the seeds that depend on the core data:
    /// rules of the other policy types and Browser Access, PRA and
    /// inspection sub-applications on a few application segments.
    pub(crate) fn seeded_full() -> ZpaState {
        let mut st = ZpaState::seeded();
        registry::seed_core_extras(&mut st);
        st
    }

    /// Add a seeded rule (conditions in the v1 request shape) at the end of
    /// the policy set of `policy_type`.
    pub(crate) fn seed_rule(&mut self, policy_type: &str, id: &str, rule: Value) {
        let Some(set) = self.policy_set_by_type(policy_type).cloned() else {
            return;
        };
        let ps = sid(&set);
        let ptype = str_field(&set, "policyType").to_string();
        let mut o = rule.as_object().cloned().unwrap_or_default();
        if let Err(e) = rule_fields(self, &mut o, &ptype, id, SEED_TIME) {
            tracing::error!(?e, "invalid seeded ZPA rule");
            return;
        }
        let order = (sorted_rules(self, &ps).len() + 1).to_string();
        overlay(
            &mut o,
            json!({
                "id": id, "modifiedTime": SEED_TIME, "creationTime": SEED_TIME,
                "modifiedBy": MODIFIED_BY, "ruleOrder": order, "priority": order,
                "policyType": ptype, "operator": "AND", "policySetId": ps,
                "extranetEnabled": false, "devicePostureFailureNotificationEnabled": false,
                "defaultRule": false, "readOnly": false, "zscalerManaged": false,
            })
            .as_object()
            .unwrap_or(&Map::new()),
        );
        o.entry("appConnectorGroups").or_insert(json!([]));
        o.entry("appServerGroups").or_insert(json!([]));
        let o = keys_first(
            o,
            &[
                "id",
                "modifiedTime",
                "creationTime",
                "modifiedBy",
                "name",
                "description",
            ],
        );
        self.rules.push(Value::Object(o));
    }
}
