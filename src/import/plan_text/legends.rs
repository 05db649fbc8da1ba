//! Legend lines and labels: a table of the increase layout names its rows
//! `ＫＰＩ１`, `KPI①`, and gives each label's name and unit on a line of
//! its own (`ＫＰＩ１ 移住者数（単位：人）`).

use super::cells::has_cells;
use super::lines::{Line, fold, key, squeeze};

/// A legend line: `ＫＰＩ１ 移住者数（単位：人）`, `KPI① : 移住者数 単位：人`.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    pub label: u32,
    pub name: String,
    pub unit: String,
}

/// `KPI1`, `KPI①`, `KPI(1)` at the start of a folded text: the number and
/// the character index after it.
fn kpi_label(folded: &str) -> Option<(u32, usize)> {
    let chars: Vec<char> = folded.chars().collect();
    let k: Vec<char> = "KPI".chars().collect();
    if !chars.starts_with(&k) {
        return None;
    }
    let mut i = 3;
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    let c = *chars.get(i)?;
    if (0x2460..=0x2473).contains(&(c as u32)) {
        return Some((c as u32 - 0x2460 + 1, i + 1));
    }
    let paren = c == '(';
    let start = if paren { i + 1 } else { i };
    let end = (start..chars.len()).find(|&j| !chars[j].is_ascii_digit()).unwrap_or(chars.len());
    if end == start || end - start > 2 {
        return None;
    }
    let n: String = chars[start..end].iter().collect();
    let after = if paren {
        if chars.get(end) != Some(&')') {
            return None;
        }
        end + 1
    } else {
        end
    };
    Some((n.parse().ok()?, after))
}

/// Reads a legend line.
#[must_use]
pub fn legend(line: &Line) -> Option<Legend> {
    let (label, after) = kpi_label(&line.folded)?;
    let raw: Vec<char> = line.raw.chars().collect();
    let folded: Vec<char> = line.folded.chars().collect();
    let rest_raw: String = raw[after..].iter().collect();
    let rest_folded: String = folded[after..].iter().collect();
    let rest_folded = rest_folded.trim_start_matches([' ', ':', '.']);
    if rest_folded.is_empty() || has_cells(line) && !rest_folded.contains("単位") {
        return None;
    }
    // The name ends where 単位 (and a bracket before it) begins.
    let skip = rest_raw.chars().count() - rest_folded.chars().count();
    let rest_raw: String = rest_raw.chars().skip(skip).collect();
    let (name_raw, unit) = match rest_folded.find("単位") {
        Some(at) => {
            let before = rest_folded[..at].chars().count();
            let unit: String = rest_folded[at + "単位".len()..]
                .trim_start_matches([':', ' ', '='])
                .trim_end_matches([')', ']', '】', ' '])
                .to_string();
            let name: String = rest_raw.chars().take(before).collect();
            (name, unit)
        }
        None => (rest_raw, String::new()),
    };
    let name =
        squeeze(name_raw.trim_end_matches(['（', '(', '［', '[', '【', ' ', '　', '、', ',']))
            .trim()
            .to_string();
    (!name.is_empty()).then_some(Legend { label, name, unit })
}

/// A unit written at the end of a KPI's name, as a table's name cell
/// gives it: `移住者数（単位：人）` or `移住者数（人）` → `移住者数` and `人`
/// (folded, as units are stored). A bracket of other words (`（累計）`,
/// `（町外から）`) is the name's.
#[must_use]
pub fn unit_in_name(name: &str) -> Option<(String, String)> {
    let trimmed = name.trim_end();
    let inner = trimmed.strip_suffix(['）', ')'])?;
    let open = inner.rfind(['（', '('])?;
    let bracket = &inner[open..];
    let after_open = bracket.chars().skip(1).collect::<String>();
    let folded = fold(&after_open);
    let unit = match folded.strip_prefix("単位") {
        Some(rest) => rest.trim_start_matches([':', ' ', '=']).trim(),
        // `移住者数（人）`, `観光入込客数（千人）`: a bracket of a unit alone.
        None if folded.chars().count() <= 4 && folded.chars().all(|c| UNIT_CHARS.contains(c)) => {
            folded.trim()
        }
        None => return None,
    };
    let name = inner[..open].trim_end();
    if unit.is_empty() || unit.chars().count() > 6 || name.is_empty() {
        return None;
    }
    Some((name.to_string(), unit.to_string()))
}

/// What a unit may be made of, to tell `ＫＰＩ１ 人` (a label and its
/// unit) from `ＫＰＩ１ 移住者数` (a label and a name).
const UNIT_CHARS: &str = "人円件社日回名者個戸所台千万百億%倍点組団体校店泊棟台本枚冊kmhaℓ㎡";

/// How a row is named: by a legend label (`ＫＰＩ１`, `KPI①`), possibly
/// with its unit after it (`ＫＰＩ１ 人`), or by a label and the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowName {
    /// The label, and a unit written beside it (may be empty).
    Label(u32, String),
    /// A label followed by the KPI's name: the name.
    LabelAndName(u32, String),
}

/// Reads a legend label at the start of a row's name.
#[must_use]
pub fn row_label(name: &str) -> Option<RowName> {
    let folded = key(name);
    let (label, after) = kpi_label(&folded)?;
    let rest: String = folded.chars().skip(after).collect();
    if rest.chars().count() <= 3 && rest.chars().all(|c| UNIT_CHARS.contains(c)) {
        return Some(RowName::Label(label, rest));
    }
    // The name as written: skip as many characters of the written name as
    // the label took, leaving separators out.
    let written: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    let rest: String = written.chars().skip(after).collect();
    let rest = rest.trim_start_matches([':', '：', '.', '．']).to_string();
    Some(RowName::LabelAndName(label, rest))
}

#[cfg(test)]
mod tests {
    use super::super::lines::read as read_lines;
    use super::*;

    #[test]
    fn legends_in_their_forms() {
        let g = |t: &str| legend(&read_lines(t)[0]);
        assert_eq!(
            g("ＫＰＩ①：関係人口（延べ滞在日数）（単位：日）"),
            Some(Legend {
                label: 1, name: "関係人口（延べ滞在日数）".into(), unit: "日".into()
            })
        );
        assert_eq!(
            g("KPI2 空き家バンク登録件数 単位：件").map(|l| (l.label, l.unit)),
            Some((2, "件".into()))
        );
        assert_eq!(g("ＫＰＩ３　移住相談件数").map(|l| l.name), Some("移住相談件数".into()));
        assert_eq!(g("ＫＰＩ１ 0 10 10"), None);
    }

    #[test]
    fn a_unit_at_the_end_of_a_name() {
        let u = |n: &str| unit_in_name(n);
        assert_eq!(u("移住者数（単位：人）"), Some(("移住者数".into(), "人".into())));
        assert_eq!(
            u("林業の新規就業者数（累計）（単位：人）"),
            Some(("林業の新規就業者数（累計）".into(), "人".into()))
        );
        assert_eq!(u("参加率（単位：％）"), Some(("参加率".into(), "%".into())));
        assert_eq!(u("間伐面積 (単位:ha)"), Some(("間伐面積".into(), "ha".into())));
        assert_eq!(u("関係人口（延べ滞在日数）"), None);
        assert_eq!(u("移住者数（人）"), Some(("移住者数".into(), "人".into())));
        assert_eq!(u("観光入込客数（千人）"), Some(("観光入込客数".into(), "千人".into())));
        assert_eq!(u("新規就業者数（町外から）"), None);
        assert_eq!(u("移住者数（累計）"), None);
        assert_eq!(u("（人）"), None);
        assert_eq!(u("移住者数（単位：）"), None);
    }

    #[test]
    fn row_labels_with_a_unit_or_a_name() {
        assert_eq!(row_label("ＫＰＩ１"), Some(RowName::Label(1, String::new())));
        assert_eq!(row_label("ＫＰＩ２ 人"), Some(RowName::Label(2, "人".into())));
        assert_eq!(
            row_label("ＫＰＩ３ 移住者数"),
            Some(RowName::LabelAndName(3, "移住者数".into()))
        );
        assert_eq!(row_label("移住者数"), None);
    }
}
