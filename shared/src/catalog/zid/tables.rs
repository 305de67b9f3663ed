//! The zid tool table: data only; the hooks it names are in `hooks.rs`.

use super::hooks::*;
use crate::catalog::spec::*;

pub(super) const ZID: Service = Service::Zid;
pub(super) const USERS: &str = "zid_users";
pub(super) const GROUPS: &str = "zid_groups";

/// Page size of the name lookups that precede a membership listing.
pub(super) const LOOKUP_LIMIT: u32 = 100;

// ---------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------

pub(super) const USER_ID: Param = path_str(
    "user_id",
    "ZIdentity user id, a short string such as iidkfk0g906h3 (the `id` of zid_list_users or \
     zid_search_users results).",
);
pub(super) const GROUP_ID: Param = path_str(
    "group_id",
    "ZIdentity group id, a short string such as iadkfk65g07tr (the `id` of zid_list_groups or \
     zid_search_groups results).",
);

pub(super) const LOGIN_NAME: Param = query(
    "login_name",
    "loginname[like]",
    Kind::Str,
    "Users whose login name contains this text (case-insensitive).",
);
pub(super) const DISPLAY_NAME: Param = query(
    "display_name",
    "displayname[like]",
    Kind::Str,
    "Users whose display name contains this text (case-insensitive).",
);
pub(super) const PRIMARY_EMAIL: Param = query(
    "primary_email",
    "primaryemail[like]",
    Kind::Str,
    "Users whose primary email contains this text (case-insensitive).",
);
pub(super) const DOMAIN_NAME: Param = query(
    "domain_name",
    "domainname",
    Kind::Str,
    "Only users of this exact domain, e.g. example.com.",
);
pub(super) const IDP_NAME: Param = query(
    "idp_name",
    "idpname",
    Kind::Str,
    "Only entries that come from the identity provider with this exact name.",
);

/// The free-text name of the search tools; the hook picks the wire filter.
pub(super) const USER_NAME: Param = required(query(
    "name",
    "name",
    Kind::Str,
    "Text to look for (case-insensitive, partial). A value containing @ is matched against \
     the primary email; anything else against the login name, then the display name when \
     no login name matches.",
));
pub(super) const GROUP_NAME: Param = required(query(
    "name",
    "name[like]",
    Kind::Str,
    "Text the group name contains (case-insensitive, partial).",
));

pub const TOOLS: &[ToolSpec] = &[
    // ----------------------------------------------------------------------- users
    ToolSpec::read(ZID, USERS, "zid_list_users")
        .title("List ZIdentity users")
        .describe(
            "List ZIdentity users with their department, identity provider and status. Filters \
             are optional and combine; the text filters match case-insensitively on part of the \
             value. Returns every page unless `offset` is given. To find one person by a single \
             name or email, zid_search_users is simpler.",
        )
        .path(ziam!("/users"))
        .params(&[
            LOGIN_NAME,
            DISPLAY_NAME,
            PRIMARY_EMAIL,
            DOMAIN_NAME,
            IDP_NAME,
        ])
        .paged(Paging::ZidOffset),
    ToolSpec::read(ZID, USERS, "zid_get_user")
        .title("Get a ZIdentity user")
        .describe(
            "Get one ZIdentity user by id (a short string such as iidkfk0g906h3, from \
             zid_list_users or zid_search_users): names, emails, department, identity provider, \
             status and custom attributes.",
        )
        .path(ziam!("/users/{user_id}"))
        .params(&[USER_ID]),
    ToolSpec::read(ZID, USERS, "zid_search_users")
        .title("Search ZIdentity users")
        .describe(
            "Find ZIdentity users by a name, login name or email (case-insensitive, partial). \
             Text with @ is matched against the primary email; other text against the login \
             name, and then against the display name if no login name matches. An empty result \
             means no user matches; use the returned `id` with zid_get_user or \
             zid_get_user_groups.",
        )
        .path(ziam!("/users"))
        .params(&[USER_NAME])
        .paged(Paging::ZidOffset)
        .hook(Hook::Custom(search_users)),
    ToolSpec::read(ZID, USERS, "zid_get_user_groups")
        .title("List a ZIdentity user's groups")
        .describe(
            "List the ZIdentity groups a user belongs to, by user id (a short string from \
             zid_list_users or zid_search_users). When you only have the user's name or email, \
             use zid_get_user_groups_by_name.",
        )
        .path(ziam!("/users/{user_id}/groups"))
        .params(&[USER_ID])
        .paged(Paging::ZidOffset),
    ToolSpec::read(ZID, USERS, "zid_get_user_groups_by_name")
        .title("List a ZIdentity user's groups by name")
        .describe(
            "List the ZIdentity groups of a user found by name, login name or email \
             (case-insensitive, partial; matched as zid_search_users does). When several users \
             match, an exact match is preferred, otherwise the first one is used; the note says \
             which user was chosen. `offset`/`limit` page the group list.",
        )
        .path(ziam!("/users"))
        .params(&[USER_NAME])
        .paged(Paging::ZidOffset)
        .hook(Hook::Custom(user_groups_by_name)),
    // ----------------------------------------------------------------------- groups
    ToolSpec::read(ZID, GROUPS, "zid_list_groups")
        .title("List ZIdentity groups")
        .describe(
            "List ZIdentity groups: name, description, source (UI, API, SCIM), whether the group \
             is dynamic, and its identity provider. Returns every page unless `offset` is given.",
        )
        .path(ziam!("/groups"))
        .params(&[
            query(
                "name",
                "name[like]",
                Kind::Str,
                "Groups whose name contains this text (case-insensitive).",
            ),
            query(
                "exclude_dynamic_groups",
                "excludedynamicgroups",
                Kind::Bool,
                "true to leave out dynamic groups (groups whose members follow rules).",
            ),
        ])
        .paged(Paging::ZidOffset),
    ToolSpec::read(ZID, GROUPS, "zid_get_group")
        .title("Get a ZIdentity group")
        .describe(
            "Get one ZIdentity group by id (a short string such as iadkfk65g07tr, from \
             zid_list_groups or zid_search_groups).",
        )
        .path(ziam!("/groups/{group_id}"))
        .params(&[GROUP_ID]),
    ToolSpec::read(ZID, GROUPS, "zid_search_groups")
        .title("Search ZIdentity groups")
        .describe(
            "Find ZIdentity groups whose name contains the given text (case-insensitive). An \
             empty result means no group name contains it; use the returned `id` with \
             zid_get_group or zid_get_group_users.",
        )
        .path(ziam!("/groups"))
        .params(&[GROUP_NAME])
        .paged(Paging::ZidOffset),
    ToolSpec::read(ZID, GROUPS, "zid_get_group_users")
        .title("List a ZIdentity group's users")
        .describe(
            "List the members of a ZIdentity group, by group id (a short string from \
             zid_list_groups or zid_search_groups). The optional filters narrow the members. \
             When you only have the group's name, use zid_get_group_users_by_name.",
        )
        .path(ziam!("/groups/{group_id}/users"))
        .params(&[GROUP_ID, LOGIN_NAME, DISPLAY_NAME, PRIMARY_EMAIL])
        .paged(Paging::ZidOffset),
    ToolSpec::read(ZID, GROUPS, "zid_get_group_users_by_name")
        .title("List a ZIdentity group's users by name")
        .describe(
            "List the members of a ZIdentity group found by name (case-insensitive, partial). \
             When several groups match, a group with exactly this name is preferred, otherwise \
             the first one is used; the note says which group was chosen. `offset`/`limit` page \
             the member list.",
        )
        .path(ziam!("/groups"))
        .params(&[GROUP_NAME])
        .paged(Paging::ZidOffset)
        .hook(Hook::Custom(group_users_by_name)),
];
