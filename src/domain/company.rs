//! Companies and other bodies that contribute to a KPI.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CompanyKind {
    /// 首都圏企業.
    Metro,
    /// 地元企業.
    Local,
    /// 大学.
    University,
    /// その他.
    Other,
}

impl CompanyKind {
    pub const ALL: [CompanyKind; 4] =
        [CompanyKind::Metro, CompanyKind::Local, CompanyKind::University, CompanyKind::Other];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// A short, stable identifier used by contributions.
    pub id: String,
    pub name: String,
    /// 本社所在地, e.g. 東京都港区.
    #[serde(default)]
    pub head_office: String,
    #[serde(default)]
    pub industry: String,
    pub kind: CompanyKind,
}
