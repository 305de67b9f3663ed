//! Client Connector tools (`/zcc/papi/public/v1`): RPC-style paths, page/pageSize paging.
//!
//! Paths follow the official Python SDK (`zscaler/zscaler-sdk-python`, `zscaler/zcc/
//! {devices,secrets,forwarding_profile,trusted_networks}.py`) and the recordings in its
//! `tests/integration/zcc/cassettes`. One custom hook: the trusted-network list wraps its
//! page in `{"totalCount": N, "trustedNetworkContracts": [...]}`, which the generic
//! plain-array paging cannot read.

use serde_json::Value;

use super::spec::*;
use crate::executor::ToolOutput;
use crate::zscaler::ApiRequest;

const ZCC: Service = Service::Zcc;

/// Page sizes of the ZCC portal API (zscaler-api.md §4): default 50, at most 5000.
const PAGES: Paging = Paging::Pages {
    default_size: 50,
    max_size: 5000,
};

const SEARCH: Param = query(
    "search",
    "search",
    Kind::Str,
    "Only entries whose name contains this text.",
);

pub const TOOLS: &[ToolSpec] = &[
    read(
        "zcc_list_devices",
        ZCC,
        "zcc_devices",
        "List Client Connector devices",
        "List devices enrolled in Zscaler Client Connector, with OS, agent version, policy and \
         registration state. Filter by user name or OS type. A device's `udid` is what \
         zcc_get_device_otp needs.",
        "/zcc/papi/public/v1/getDevices",
        &[
            query(
                "username",
                "username",
                Kind::Str,
                "Devices of this user (login name).",
            ),
            query(
                "os_type",
                "osType",
                Kind::Int,
                "1 iOS, 2 Android, 3 Windows, 4 macOS, 5 Linux.",
            ),
        ],
        PAGES,
    ),
    read(
        "zcc_get_device_otp",
        ZCC,
        "zcc_devices",
        "Get one-time passwords of a device",
        "Get the one-time passwords of one Client Connector device (logout, exit, uninstall, \
         revert, and disabling ZIA, ZPA, ZDX, ZDP or anti-tampering). The values are \
         short-lived credentials: show them only to the administrator who asked. Find the \
         device's `udid` with zcc_list_devices.",
        "/zcc/papi/public/v1/getOtp",
        &[Param {
            required: true,
            ..query(
                "udid",
                "udid",
                Kind::Str,
                "The device's unique id (the `udid` field of zcc_list_devices), e.g. \
                 \"053AF529-6506-5BF4-974E-A78C00AA51BD:501\".",
            )
        }],
        Paging::None,
    ),
    read(
        "zcc_list_forwarding_profiles",
        ZCC,
        "zcc_forwarding_profiles",
        "List Client Connector forwarding profiles",
        "List the Client Connector forwarding profiles of the tenant: how traffic is forwarded \
         (tunnel, PAC, none) on trusted, off-trusted and VPN networks.",
        "/zcc/papi/public/v1/webForwardingProfile/listByCompany",
        &[SEARCH],
        PAGES,
    ),
    ToolSpec {
        hook: Hook::Custom(trusted_networks),
        ..read(
            "zcc_list_trusted_networks",
            ZCC,
            "zcc_trusted_networks",
            "List Client Connector trusted networks",
            "List the trusted networks Client Connector uses to decide it is on a corporate \
             network (DNS servers and search domains, gateways, subnets, egress IPs, SSIDs), \
             referenced by forwarding profiles.",
            "/zcc/papi/public/v1/webTrustedNetwork/listByCompany",
            &[SEARCH],
            PAGES,
        )
    },
];

/// Walk `webTrustedNetwork/listByCompany` pages and return the networks as one array.
fn trusted_networks<'a>(ctx: HookCtx<'a>) -> HookFuture<'a> {
    Box::pin(async move {
        let (default_size, max_size) = match ctx.spec.paging {
            Paging::Pages {
                default_size,
                max_size,
            } => (default_size, max_size),
            _ => (50, 5000),
        };
        let single = ctx.plan.paging_u32("page");
        let (mut page, size) = match single {
            Some(p) => (p, ctx.plan.paging_u32("page_size").unwrap_or(default_size)),
            None => (1, max_size),
        };
        let max_items = ctx.client.settings().max_items;
        let mut all: Vec<Value> = Vec::new();
        let mut note = None;
        loop {
            let mut query = ctx.plan.query.clone();
            query.push(("page".to_string(), page.to_string()));
            query.push(("pageSize".to_string(), size.to_string()));
            let resp = ctx
                .client
                .call(
                    ApiRequest {
                        service: ctx.spec.service,
                        method: HttpMethod::Get,
                        path: ctx.path,
                        query: &query,
                        body: None,
                    },
                    ctx.deadline,
                )
                .await?;
            let total = resp
                .body
                .get("totalCount")
                .and_then(|t| t.as_u64().or_else(|| t.as_str()?.parse().ok()));
            let items = match resp.body {
                Value::Array(items) => items,
                Value::Object(mut m) => match m.remove("trustedNetworkContracts") {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            let full = !items.is_empty() && items.len() as u32 >= size;
            let seen = (page as u64 - 1) * size as u64 + items.len() as u64;
            let more = full && total.is_none_or(|t| seen < t);
            all.extend(items);
            if single.is_some() {
                if more {
                    let of = total.map(|t| format!(" ({t} in all)")).unwrap_or_default();
                    note = Some(format!(
                        "More results{of}: call again with page={} for the next page.",
                        page + 1
                    ));
                }
                break;
            }
            if all.len() >= max_items {
                all.truncate(max_items);
                note = Some(format!(
                    "Truncated at {max_items} items (the server's cap, ZSCALER_MCP_MAX_ITEMS). \
                     Use page and page_size to read the rest, or narrow the search."
                ));
                break;
            }
            if !more {
                break;
            }
            page += 1;
        }
        Ok(ToolOutput {
            value: Value::Array(all),
            note,
        })
    })
}
