//! The zcc tool table: data only; the hooks it names are in `hooks.rs`.

use super::hooks::*;
use crate::catalog::spec::*;

pub(super) const ZCC: Service = Service::Zcc;

/// Page sizes of the ZCC portal API (zscaler-api.md §4): default 50, at most 5000.
pub(super) const PAGES: Paging = Paging::Pages {
    default_size: 50,
    max_size: 5000,
};

pub(super) const SEARCH: Param = query(
    "search",
    "search",
    Kind::Str,
    "Only entries whose name contains this text.",
);

pub const TOOLS: &[ToolSpec] = &[
    ToolSpec::read(ZCC, "zcc_devices", "zcc_list_devices")
        .title("List Client Connector devices")
        .describe(
            "List devices enrolled in Zscaler Client Connector, with OS, agent version, policy and \
             registration state. Filter by user name or OS type. A device's `udid` is what \
             zcc_get_device_otp needs.",
        )
        .path("/zcc/papi/public/v1/getDevices")
        .params(&[
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
        ])
        .paged(PAGES),
    ToolSpec::read(ZCC, "zcc_devices", "zcc_get_device_otp")
        .title("Get one-time passwords of a device")
        .describe(
            "Get the one-time passwords of one Client Connector device (logout, exit, uninstall, \
             revert, and disabling ZIA, ZPA, ZDX, ZDP or anti-tampering). The values are \
             short-lived credentials: show them only to the administrator who asked. Find the \
             device's `udid` with zcc_list_devices.",
        )
        .path("/zcc/papi/public/v1/getOtp")
        .params(&[
            // The official server's name for the same value (zscaler_mcp tools/zcc).
            query(
                "device_id",
                "udid",
                Kind::Str,
                "The device's udid, under the official server's parameter name; give this or \
                 udid.",
            ),
            Param {
            required: false,
            ..query(
                "udid",
                "udid",
                Kind::Str,
                "The device's unique id (the `udid` field of zcc_list_devices), e.g. \
                 \"053AF529-6506-5BF4-974E-A78C00AA51BD:501\".",
            )
        }]),
    ToolSpec::read(ZCC, "zcc_forwarding_profiles", "zcc_list_forwarding_profiles")
        .title("List Client Connector forwarding profiles")
        .describe(
            "List the Client Connector forwarding profiles of the tenant: how traffic is forwarded \
             (tunnel, PAC, none) on trusted, off-trusted and VPN networks.",
        )
        .path("/zcc/papi/public/v1/webForwardingProfile/listByCompany")
        .params(&[SEARCH])
        .paged(PAGES),
    ToolSpec::read(ZCC, "zcc_trusted_networks", "zcc_list_trusted_networks")
        .title("List Client Connector trusted networks")
        .describe(
            "List the trusted networks Client Connector uses to decide it is on a corporate \
             network (DNS servers and search domains, gateways, subnets, egress IPs, SSIDs), \
             referenced by forwarding profiles.",
        )
        .path("/zcc/papi/public/v1/webTrustedNetwork/listByCompany")
        .params(&[SEARCH])
        .paged(PAGES)
        .hook(Hook::Custom(trusted_networks)),
];
