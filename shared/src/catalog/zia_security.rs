//! ZIA security policy tools (`/zia/api/v1`): sandbox, DLP, advanced threat protection,
//! malware protection, cloud app control, SSL inspection, file type control, time
//! intervals and shadow IT.

use super::spec::*;

pub const TOOLS: &[ToolSpec] = &[];
