//! Which tools a process registers: services, toolsets, disabled tools and the write gate
//! (built from settings by the `config` module).

use crate::tool::Service;

#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// `None` means every service.
    pub services: Option<Vec<Service>>,
    pub disabled_services: Vec<Service>,
    /// `None` means every toolset (`all`, `default` or unset).
    pub toolsets: Option<Vec<String>>,
    pub disabled_toolsets: Vec<String>,
    pub disabled_tools: Vec<String>,
    pub write_enabled: bool,
    pub write_tools: Vec<String>,
}
