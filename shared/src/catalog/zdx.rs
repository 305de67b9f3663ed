//! ZDX tools (`/zdx/v1`): snake_case JSON, integer ids, `next_offset` cursors.

use super::spec::*;

const ZDX: Service = Service::Zdx;

const FROM: Param = query(
    "from",
    "from",
    Kind::Int,
    "Start of the time window, epoch seconds (default: 2 hours ago).",
);
const TO: Param = query(
    "to",
    "to",
    Kind::Int,
    "End of the time window, epoch seconds (default: now).",
);

pub const TOOLS: &[ToolSpec] = &[
    read(
        "zdx_list_devices",
        ZDX,
        "zdx_reports",
        "List ZDX devices",
        "List devices ZDX monitors, with hardware, network and software details, in a time \
         window.",
        "/zdx/v1/devices",
        &[
            FROM,
            TO,
            query(
                "search",
                "q",
                Kind::Str,
                "Devices whose name contains this text.",
            ),
        ],
        Paging::ZdxCursor { items: "devices" },
    ),
    read(
        "zdx_get_device",
        ZDX,
        "zdx_reports",
        "Get a ZDX device",
        "Get one ZDX-monitored device by its numeric id.",
        "/zdx/v1/devices/{device_id}",
        &[path_int("device_id", "Numeric ZDX device id."), FROM, TO],
        Paging::None,
    ),
];
