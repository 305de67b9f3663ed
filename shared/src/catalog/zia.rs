//! ZIA tools (`/zia/api/v1`). Ids are integers, except URL category ids such as `CUSTOM_01`.

use super::spec::*;

macro_rules! zia {
    ($p:literal) => {
        concat!("/zia/api/v1", $p)
    };
}

const ZIA: Service = Service::Zia;

const PAGE_100: Paging = Paging::Pages {
    default_size: 100,
    max_size: 1000,
};

const SEARCH: Param = query(
    "search",
    "search",
    Kind::Str,
    "Filter by name (the API matches names containing this text).",
);

pub const TOOLS: &[ToolSpec] = &[
    read(
        "zia_get_activation_status",
        ZIA,
        "zia_admin",
        "Get ZIA activation status",
        "Whether ZIA configuration changes are pending activation: ACTIVE (nothing pending), \
         PENDING (saved changes not yet pushed) or INPROGRESS (activation running).",
        zia!("/status"),
        &[],
        Paging::None,
    ),
    ToolSpec {
        action: Action::Update,
        method: HttpMethod::Post,
        hook: Hook::ZiaActivate,
        ..read(
            "zia_activate_configuration",
            ZIA,
            "zia_admin",
            "Activate pending ZIA changes",
            "Push every saved but pending ZIA configuration change to enforcement, for the \
             whole tenant at once, and wait for it to finish (within the call's time budget).",
            zia!("/status/activate"),
            &[],
            Paging::None,
        )
    },
    read(
        "zia_list_url_categories",
        ZIA,
        "zia_url_categories",
        "List ZIA URL categories",
        "List predefined and custom URL categories with their URLs, keywords and IP ranges. \
         Use custom_only to see only the tenant's own categories.",
        zia!("/urlCategories"),
        &[
            query(
                "custom_only",
                "customOnly",
                Kind::Bool,
                "Only custom (tenant-defined) categories.",
            ),
            query(
                "include_only_url_keyword_counts",
                "includeOnlyUrlKeywordCounts",
                Kind::Bool,
                "Return URL and keyword counts instead of the full lists.",
            ),
        ],
        Paging::None,
    ),
    read(
        "zia_get_url_category",
        ZIA,
        "zia_url_categories",
        "Get a ZIA URL category",
        "Get one URL category by id: a custom id such as CUSTOM_01 or a predefined id such as \
         SOCIAL_NETWORKING.",
        zia!("/urlCategories/{category_id}"),
        &[path_str(
            "category_id",
            "URL category id, e.g. CUSTOM_01 or OTHER_ADULT_MATERIAL.",
        )],
        Paging::None,
    ),
    ToolSpec {
        method: HttpMethod::Post,
        hook: Hook::ZiaUrlLookup,
        ..read(
            "zia_url_lookup",
            ZIA,
            "zia_url_categories",
            "Look up URL classifications",
            "Classify URLs or domains: which URL categories ZIA assigns to each, and any \
             security alert categories. Any number of URLs; they are sent 100 at a time.",
            zia!("/urlLookup"),
            &[whole_body(
                "urls",
                Kind::StrList,
                "URLs or domains to classify (no scheme needed), e.g. [\"google.com\"].",
            )],
            Paging::None,
        )
    },
    read(
        "zia_list_url_filtering_rules",
        ZIA,
        "zia_url_filtering",
        "List ZIA URL filtering rules",
        "List URL filtering policy rules in order, with their action, categories and targets.",
        zia!("/urlFilteringRules"),
        &[],
        Paging::None,
    ),
    read(
        "zia_get_url_filtering_rule",
        ZIA,
        "zia_url_filtering",
        "Get a ZIA URL filtering rule",
        "Get one URL filtering rule by its numeric id.",
        zia!("/urlFilteringRules/{rule_id}"),
        &[path_int("rule_id", "Numeric URL filtering rule id.")],
        Paging::None,
    ),
    read(
        "zia_list_locations",
        ZIA,
        "zia_locations",
        "List ZIA locations",
        "List locations (offices, data centres) with their IP addresses, VPN credentials and \
         enforcement settings.",
        zia!("/locations"),
        &[SEARCH],
        PAGE_100,
    ),
    read(
        "zia_get_location",
        ZIA,
        "zia_locations",
        "Get a ZIA location",
        "Get one location by its numeric id.",
        zia!("/locations/{location_id}"),
        &[path_int("location_id", "Numeric location id.")],
        Paging::None,
    ),
    read(
        "zia_list_location_groups",
        ZIA,
        "zia_locations",
        "List ZIA location groups",
        "List static and dynamic location groups.",
        zia!("/locations/groups"),
        &[SEARCH],
        PAGE_100,
    ),
    read(
        "zia_get_location_group",
        ZIA,
        "zia_locations",
        "Get a ZIA location group",
        "Get one location group by its numeric id.",
        zia!("/locations/groups/{group_id}"),
        &[path_int("group_id", "Numeric location group id.")],
        Paging::None,
    ),
    read(
        "get_zia_users",
        ZIA,
        "zia_users",
        "List ZIA users",
        "List users with their groups and department. Filter by name, department or group.",
        zia!("/users"),
        &[
            query(
                "name",
                "name",
                Kind::Str,
                "Users whose name starts with this text.",
            ),
            query(
                "dept",
                "dept",
                Kind::Str,
                "Users in this department (name).",
            ),
            query("group", "group", Kind::Str, "Users in this group (name)."),
            SEARCH,
        ],
        Paging::Pages {
            default_size: 1000,
            max_size: 10000,
        },
    ),
    read(
        "get_zia_user_departments",
        ZIA,
        "zia_users",
        "List ZIA departments",
        "List user departments.",
        zia!("/departments"),
        &[SEARCH],
        PAGE_100,
    ),
    read(
        "get_zia_user_groups",
        ZIA,
        "zia_users",
        "List ZIA user groups",
        "List user groups.",
        zia!("/groups"),
        &[SEARCH],
        PAGE_100,
    ),
    read(
        "zia_list_rule_labels",
        ZIA,
        "zia_rule_labels",
        "List ZIA rule labels",
        "List rule labels and how many rules reference each.",
        zia!("/ruleLabels"),
        &[SEARCH],
        PAGE_100,
    ),
    read(
        "zia_get_rule_label",
        ZIA,
        "zia_rule_labels",
        "Get a ZIA rule label",
        "Get one rule label by its numeric id.",
        zia!("/ruleLabels/{label_id}"),
        &[path_int("label_id", "Numeric rule label id.")],
        Paging::None,
    ),
];
