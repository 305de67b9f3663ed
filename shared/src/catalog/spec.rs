//! What a catalog table file imports: the tool vocabulary (with its `ToolSpec` builder)
//! and the executor's hook types. Nothing is defined here.

pub use crate::executor::{CustomHook, Hook, HookCtx, HookFuture, ToolError, ToolOutput, ToolSpec};
pub use crate::tool::*;
