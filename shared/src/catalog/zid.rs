//! ZIdentity tools (`/ziam/admin/api/v1`): short string ids, offset/limit paging.

use super::spec::*;

const ZID: Service = Service::Zid;

pub const TOOLS: &[ToolSpec] = &[
    read(
        "zid_list_users",
        ZID,
        "zid_users",
        "List ZIdentity users",
        "List ZIdentity users with their department, IdP and status. Filters match \
         case-insensitively on part of the value.",
        "/ziam/admin/api/v1/users",
        &[
            query(
                "login_name",
                "loginname[like]",
                Kind::Str,
                "Users whose login name contains this text.",
            ),
            query(
                "display_name",
                "displayname[like]",
                Kind::Str,
                "Users whose display name contains this text.",
            ),
            query(
                "primary_email",
                "primaryemail[like]",
                Kind::Str,
                "Users whose primary email contains this text.",
            ),
        ],
        Paging::ZidOffset,
    ),
    read(
        "zid_get_user",
        ZID,
        "zid_users",
        "Get a ZIdentity user",
        "Get one ZIdentity user by id (a short string such as iidkfk0g906h3).",
        "/ziam/admin/api/v1/users/{user_id}",
        &[path_str("user_id", "ZIdentity user id.")],
        Paging::None,
    ),
];
