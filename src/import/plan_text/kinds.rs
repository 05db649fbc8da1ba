//! Which kind a KPI is (単年度, 累計, 水準, 率), inferred from its name, its
//! unit and its table, always with the reason, and overridden by
//! `--kind "KPI名=累計"`.

use crate::domain::normalize::name_key;
use crate::domain::plan::KpiKind;
use crate::i18n::tr;

/// The table layout a KPI was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Columns per target date (平成30年3月末 …): each cell is the year's
    /// target as the kind means it.
    Targets,
    /// Columns per year's increase (2019年度増加分（１年目） … KPI増加分の累計).
    Increments,
}

/// A kind and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inferred {
    pub kind: KpiKind,
    pub why: String,
}

/// Units of a percentage or a ratio.
const RATE_UNITS: [&str; 7] = ["%", "％", "パーセント", "ポイント", "pt", "倍", "割"];
/// Words of a name that make it a rate. 効率 (efficiency) is not one.
const RATE_WORDS: [&str; 3] = ["率", "割合", "倍率"];
const CUMULATIVE_WORDS: [&str; 3] = ["累計", "累積", "通算"];
/// Words of a name for a state at the end of the year.
const LEVEL_WORDS: [&str; 10] =
    ["満足度", "指数", "平均", "時点", "年度末", "在籍", "入居", "登録者数", "会員数", "保有"];

/// The first of `words` in `name`, except inside 効率.
fn word_in<'a>(name: &str, words: &[&'a str]) -> Option<&'a str> {
    let cleaned = name.replace("効率", "");
    words.iter().copied().find(|w| cleaned.contains(w))
}

/// `「{w}」 in the name`, as the reason for a kind.
fn in_the_name(w: &str) -> String {
    tr(format!("名称に「{w}」"), format!("「{w}」 in the name"))
}

/// Infers the kind. A unit or word of a rate wins (a rate is never
/// summed, whatever else the name says), then 累計 in the name, then a
/// word of a level, then the increase layout's 累計 column; otherwise
/// each year stands alone.
#[must_use]
pub fn infer(name: &str, unit: &str, layout: Layout) -> Inferred {
    let unit = unit.trim();
    if let Some(u) = RATE_UNITS.iter().find(|u| unit == **u) {
        return Inferred {
            kind: KpiKind::Rate,
            why: tr(
                format!("単位 {u} は割合・比率"),
                format!("the unit {u} is a percentage or ratio"),
            ),
        };
    }
    if let Some(w) = word_in(name, &RATE_WORDS) {
        return Inferred { kind: KpiKind::Rate, why: in_the_name(w) };
    }
    if let Some(w) = word_in(name, &CUMULATIVE_WORDS) {
        return Inferred { kind: KpiKind::Cumulative, why: in_the_name(w) };
    }
    if let Some(w) = word_in(name, &LEVEL_WORDS) {
        return Inferred {
            kind: KpiKind::Level,
            why: tr(
                format!("名称に「{w}」（各年度末の状態）"),
                format!("「{w}」 in the name: a state at the end of each year"),
            ),
        };
    }
    match layout {
        Layout::Increments => Inferred {
            kind: KpiKind::Cumulative,
            why: tr(
                "表が各年度の増加分と KPI増加分の累計を示している",
                "the table gives each year's 増加分 and their KPI増加分の累計",
            ),
        },
        Layout::Targets => Inferred {
            kind: KpiKind::Annual,
            why: tr(
                "名称にも単位にも他の種類を示す語がない（各年度が独立）",
                "no word of another kind in the name or unit: each year stands alone",
            ),
        },
    }
}

/// One `--kind` given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub name: String,
    pub kind: KpiKind,
}

/// Parses `KPI名=累計` (the kind as 単年度, 累計, 水準, 率 or Annual,
/// Cumulative, Level, Rate).
pub fn parse_override(text: &str) -> Result<Override, String> {
    let Some((name, kind)) = text.rsplit_once('=') else {
        return Err(tr(
            format!(
                "--kind {text:?}: ＫＰＩ名=種類 の形で指定してください（例: \"移住者数=累計\"。種類は 単年度・累計・水準・率）"
            ),
            format!(
                "--kind {text:?}: expected KPI名=種類, such as \"移住者数=累計\" (種類: 単年度, 累計, 水準, 率)"
            ),
        ));
    };
    let kind = KpiKind::parse(kind).ok_or_else(|| {
        let kind = kind.trim();
        tr(
            format!(
                "--kind {text:?}: 種類 {kind:?} はありません。単年度・累計・水準・率 のどれかを指定してください（Annual, Cumulative, Level, Rate でも指定できます）"
            ),
            format!(
                "--kind {text:?}: unknown kind {kind:?}; expected 単年度, 累計, 水準 or 率 (Annual, Cumulative, Level, Rate)"
            ),
        )
    })?;
    let name = name.trim();
    if name.is_empty() {
        return Err(tr(
            format!("--kind {text:?}: = の前のＫＰＩ名が空です"),
            format!("--kind {text:?}: the KPI name before = is empty"),
        ));
    }
    Ok(Override { name: name.to_string(), kind })
}

/// The override for a KPI, matched by its name typed with any width or spacing.
#[must_use]
pub fn override_for<'a>(overrides: &'a [Override], name: &str) -> Option<&'a Override> {
    let key = name_key(name);
    overrides.iter().find(|o| name_key(&o.name) == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names_units_and_layouts() {
        let kind = |n: &str, u: &str, l| infer(n, u, l).kind;
        assert_eq!(kind("新規移動人数", "人", Layout::Targets), KpiKind::Annual);
        assert_eq!(kind("移住者数（累計）", "人", Layout::Targets), KpiKind::Cumulative);
        assert_eq!(kind("市内就職率", "%", Layout::Targets), KpiKind::Rate);
        assert_eq!(kind("観光客満足度", "%", Layout::Targets), KpiKind::Rate);
        assert_eq!(kind("観光客満足度", "点", Layout::Targets), KpiKind::Level);
        assert_eq!(kind("休日滞在人口の倍率", "倍", Layout::Increments), KpiKind::Rate);
        assert_eq!(kind("入居企業数", "社", Layout::Targets), KpiKind::Level);
        assert_eq!(kind("移住者数", "人", Layout::Increments), KpiKind::Cumulative);
        assert_eq!(kind("業務効率化の件数", "件", Layout::Targets), KpiKind::Annual);
    }

    #[test]
    fn overrides_name_a_kpi_and_a_kind() {
        assert_eq!(
            parse_override("関係人口（延べ滞在日数）=累計"),
            Ok(Override {
                name: "関係人口（延べ滞在日数）".into(), kind: KpiKind::Cumulative
            })
        );
        assert_eq!(parse_override("A=Level").map(|o| o.kind), Ok(KpiKind::Level));
        assert!(parse_override("A").is_err());
        assert!(parse_override("A=合計").is_err_and(|e| e.contains("unknown kind")));
        let list = [Override { name: "ＩＣＴ講座 受講者数".into(), kind: KpiKind::Rate }];
        assert!(override_for(&list, "ICT講座受講者数").is_some());
    }
}
