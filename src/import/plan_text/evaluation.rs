//! Who evaluates the plan and when: from section 7 (7-1 手法, 7-2 時期,
//! 7-3 公表) where the plan has it, else from 「評価の方法、時期及び体制」
//! under 5-2. A month or a body the plan does not give is a warning, shown
//! as 未設定; it never refuses the plan.

use crate::domain::plan::Evaluation;
use crate::i18n::tr;

use super::TextError;
use super::headings::{Heading, find, text};
use super::lines::{Line, fold};

/// The name of the evaluating body in a sentence: the words ending in
/// 協議会, 委員会, 審議会, 会議 …, from the last phrase boundary before them
/// (`…で構成する○○推進会議において…` → `○○推進会議`).
#[must_use]
pub fn body_name(text: &str) -> Option<String> {
    const BOUNDARIES: [&str; 15] = [
        "について",
        "からなる",
        "から成る",
        "における",
        "により",
        "による",
        "構成する",
        "構成される",
        "構成された",
        "設置する",
        "設置した",
        "において",
        "、",
        "。",
        "を",
    ];
    const SUFFIXES: [&str; 7] =
        ["協議会", "委員会", "審議会", "懇談会", "懇話会", "検討会", "会議"];
    let mut best: Option<(usize, String)> = None;
    for suffix in SUFFIXES {
        for (at, _) in text.match_indices(suffix) {
            let before = &text[..at];
            let start = BOUNDARIES
                .iter()
                .filter_map(|b| before.rfind(b).map(|i| i + b.len()))
                .max()
                .unwrap_or(0);
            let name = format!("{}{suffix}", &before[start..]).trim().to_string();
            let len = name.chars().count();
            let plausible = len > suffix.chars().count() && len <= 40;
            let better = best.as_ref().is_none_or(|(_, b)| len > b.chars().count());
            if plausible && better {
                best = Some((at, name));
            }
        }
    }
    best.map(|(_, n)| n)
}

/// `毎年5月`, `毎年度６月頃`, `毎年度、8月に`: the month.
#[must_use]
pub fn month_in(text: &str) -> Option<u32> {
    let folded = fold(text);
    let (_, after) = folded.split_once("毎年")?;
    let after = after.trim_start_matches(['度', '、', ',', ' ']);
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    let rest = &after[digits.len()..];
    let month: u32 = digits.parse().ok()?;
    (rest.starts_with('月') && (1..=12).contains(&month)).then_some(month)
}

/// The sentence of `text` that holds `word`, with its 。.
fn sentence_with(text: &str, word: &str) -> Option<String> {
    text.split_inclusive('。').find(|s| s.contains(word)).map(|s| s.trim().to_string())
}

/// Reads the evaluation; what is missing is a warning.
pub fn read(lines: &[Line], headings: &[Heading], warnings: &mut Vec<TextError>) -> Evaluation {
    let under = |pred: &dyn Fn(&str) -> bool| -> Option<(usize, String)> {
        find(headings, |h| pred(&h.title)).and_then(|h| text(lines, headings, h))
    };
    let timing_7 = under(&|t| t.contains("評価の時期"));
    let method_7 = under(&|t| t.contains("評価の手法"));
    let publication_7 = under(&|t| t.contains("公表の方法"));
    let in_5 = under(&|t| t.starts_with("評価の方法"));
    let section_7 = timing_7.is_some() || method_7.is_some();

    let timing = match (&timing_7, &in_5) {
        (Some((_, t)), _) => t.clone(),
        (None, Some((_, t))) => sentence_with(t, "毎年").unwrap_or_default(),
        (None, None) => String::new(),
    };
    let month = [&timing_7, &in_5, &method_7].into_iter().flatten().find_map(|(_, t)| month_in(t));
    let body = [&timing_7, &method_7, &in_5, &publication_7]
        .into_iter()
        .flatten()
        .find_map(|(_, t)| body_name(t));
    let publication = match (&publication_7, &in_5) {
        (Some((_, t)), _) => t.clone(),
        (None, Some((_, t))) => sentence_with(t, "公表").unwrap_or_default(),
        (None, None) => String::new(),
    };

    let where_ = if section_7 {
        tr(
            "「7 目標の達成状況に係る評価に関する事項」に",
            "in 「7 目標の達成状況に係る評価に関する事項」",
        )
    } else if in_5.is_some() {
        tr("「評価の方法、時期及び体制」に", "in 「評価の方法、時期及び体制」")
    } else {
        tr(
            "計画に「7 目標の達成状況に係る評価に関する事項」も「評価の方法、時期及び体制」もないため、",
            "anywhere: the plan has neither 「7 目標の達成状況に係る評価に関する事項」 nor 「評価の方法、時期及び体制」",
        )
    };
    let line = timing_7.as_ref().or(in_5.as_ref()).map(|(l, _)| *l);
    if month.is_none() {
        warnings.push(TextError {
            line,
            message: tr(
                format!(
                    "{where_}評価の月（毎年○月）が見つかりません。未設定と表示されます（計画ファイルの evaluation.month で設定できます）"
                ),
                format!(
                    "no month of the yearly evaluation (毎年○月) {where_}; it shows as 未設定 (set evaluation.month in the plan file)"
                ),
            ),
        });
    }
    if body.is_none() {
        warnings.push(TextError {
            line,
            message: tr(
                format!(
                    "{where_}評価を行う組織（…協議会、…委員会、…会議）が見つかりません。未設定と表示されます（計画ファイルの evaluation.body で設定できます）"
                ),
                format!(
                    "no evaluating body (…協議会, …委員会, …会議) {where_}; it shows as 未設定 (set evaluation.body in the plan file)"
                ),
            ),
        });
    }
    Evaluation { body: body.unwrap_or_default(), month, timing, publication }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_evaluating_body_is_found_in_prose() {
        let body = |t: &str| body_name(t);
        assert_eq!(
            body("毎年5月に前年度実績、KPI進捗状況について北見地域企業立地促進協議会において評価を行う").as_deref(),
            Some("北見地域企業立地促進協議会")
        );
        assert_eq!(
            body("毎年6月に前年度のKPIの達成状況についてサンプル町まちづくり推進委員会において評価を行う").as_deref(),
            Some("サンプル町まちづくり推進委員会")
        );
        assert_eq!(
            body("外部有識者からなるまち・ひと・しごと創生推進会議で検証する").as_deref(),
            Some("まち・ひと・しごと創生推進会議")
        );
        assert_eq!(
            body("毎年6月に外部有識者で構成する東山町総合戦略推進会議において効果を検証する。")
                .as_deref(),
            Some("東山町総合戦略推進会議")
        );
        assert_eq!(
            body("自治体で構成された北見地域企業立地促進協議会において検証結果報告をまとめる。")
                .as_deref(),
            Some("北見地域企業立地促進協議会")
        );
        assert_eq!(body("町のホームページで公表する。"), None);
    }

    #[test]
    fn months_as_plans_write_them() {
        assert_eq!(month_in("毎年5月に前年度実績"), Some(5));
        assert_eq!(month_in("毎年度６月頃に"), Some(6));
        assert_eq!(month_in("毎年度、9月に"), Some(9));
        assert_eq!(month_in("毎年13月"), None);
        assert_eq!(month_in("年1回評価する"), None);
    }
}
