//! Client Connector tools (`/zcc/papi/public/v1`): RPC-style paths, page/pageSize paging.

use super::spec::*;

const ZCC: Service = Service::Zcc;

pub const TOOLS: &[ToolSpec] = &[read(
    "zcc_list_devices",
    ZCC,
    "zcc_devices",
    "List Client Connector devices",
    "List devices enrolled in Zscaler Client Connector, with OS, agent version, policy and \
     registration state. Filter by user name or OS type.",
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
    Paging::Pages {
        default_size: 50,
        max_size: 5000,
    },
)];
