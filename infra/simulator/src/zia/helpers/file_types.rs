//! ZIA file type categories.

use super::*;

pub(crate) const DLP: u8 = 1;
pub(crate) const EXT: u8 = 2;
pub(crate) const FTC: u8 = 4;

/// (id, name, parent, enums)
static FILE_TYPES: &[(i64, &str, &str, u8)] = &[
    (
        1,
        "FTCATEGORY_WINDOWS_EXECUTABLES",
        "EXECUTABLE",
        DLP | EXT | FTC,
    ),
    (2, "FTCATEGORY_MSI", "EXECUTABLE", DLP | FTC),
    (3, "FTCATEGORY_BAT", "EXECUTABLE", FTC),
    (4, "FTCATEGORY_ZIP", "ARCHIVE", DLP | EXT | FTC),
    (5, "FTCATEGORY_RAR", "ARCHIVE", DLP | EXT | FTC),
    (6, "FTCATEGORY_7ZIP", "ARCHIVE", DLP | FTC),
    (7, "FTCATEGORY_MS_WORD", "DOCUMENT", DLP | EXT | FTC),
    (8, "FTCATEGORY_MS_EXCEL", "DOCUMENT", DLP | EXT | FTC),
    (9, "FTCATEGORY_MS_POWERPOINT", "DOCUMENT", DLP | EXT | FTC),
    (10, "FTCATEGORY_PDF_DOCUMENT", "DOCUMENT", DLP | EXT | FTC),
    (11, "FTCATEGORY_JAVASCRIPT", "WEB_CONTENT", FTC),
    (12, "FTCATEGORY_PNG", "IMAGE", DLP | FTC),
    (13, "FTCATEGORY_JPEG", "IMAGE", DLP | FTC),
    (14, "FTCATEGORY_CSV", "DOCUMENT", DLP | EXT),
    (15, "FTCATEGORY_SOURCE_CODE", "CODE", DLP),
    (1_000_001, "Custom_Design_Files", "CUSTOM", DLP | FTC),
];

/// `GET /fileTypeCategories?enums=...&excludeCustomFileTypes=` →
/// `[{id, name, parent}]`.
pub(crate) fn file_type_categories(req: &Req) -> Resp {
    let mut mask = 0u8;
    for (k, v) in &req.query {
        if k != "enums" {
            continue;
        }
        for e in v.split(',') {
            mask |= match e.trim().to_ascii_uppercase().as_str() {
                "ZSCALERDLP" => DLP,
                "EXTERNALDLP" => EXT,
                "FILETYPECATEGORYFORFILETYPECONTROL" => FTC,
                _ => 0,
            };
        }
    }
    let exclude_custom = req.q_bool("excludeCustomFileTypes");
    let out: Vec<Value> = FILE_TYPES
        .iter()
        .filter(|(_, _, _, enums)| mask == 0 || enums & mask != 0)
        .filter(|(_, _, parent, _)| !(exclude_custom && *parent == "CUSTOM"))
        .map(|(id, name, parent, _)| json!({"id": id, "name": name, "parent": parent}))
        .collect();
    Resp::ok(Value::Array(out))
}
