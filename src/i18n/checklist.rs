//! The words of the checklist before export, of review copies and of
//! settling a conflict; and the checklist as lines, the same on screen
//! (`e`), from `check SESSION` and from `export`.

use super::{Lang, fill};
use crate::domain::actuals::Actuals;
use crate::domain::plan::Plan;
use crate::domain::session::checklist::Checklist;
use crate::domain::session::{Judgment, JudgmentTarget, Remark, Session, Target};

#[derive(Debug)]
pub struct Words {
    /// In a review copy, Enter or d on a remark someone else wrote.
    pub others_remark: &'static str,
    /// In a review copy, saving a remark with another attendee as speaker.
    pub other_speaker: &'static str,
    /// In a review copy, saving a remark of a kind the meeting records
    /// (決定, 要対応, 回答).
    pub review_kind: &'static str,
    pub title: &'static str,
    pub conflicts: &'static str,
    /// Judgments a merge gave two different verdicts.
    pub judgment_conflicts: &'static str,
    pub unspecified: &'static str,
    pub unjudged: &'static str,
    pub internal: &'static str,
    /// The roster has no 会長 marked present.
    pub no_chair: &'static str,
    pub nothing: &'static str,
    pub confirm_keys: &'static str,
    pub blocked_keys: &'static str,
    /// Enter while a conflict blocks the export.
    pub blocked: &'static str,
    pub more: &'static str,
    pub deleted: &'static str,
    pub versions_title: &'static str,
    pub current_version: &'static str,
    /// A wording its own copy replaced later.
    pub earlier_version: &'static str,
    pub versions_keys: &'static str,
    pub settled: &'static str,
    /// `export` without --force while conflicts are unresolved.
    pub export_refused: &'static str,
}

pub static JA: Words = Words {
    others_remark: "他の人の発言は変更できません（事前確認の写しでは自分の発言だけを編集・削除できます）",
    other_speaker: "事前確認の写しでは、発言者は自分か未指定だけです（Tab で発言者を選び直してください）",
    review_kind: "事前確認の写しでは、種別は質問か意見だけです（決定・要対応・回答は会議で記録します。Tab で種別を選び直してください）",
    title: "書き出し前の確認",
    conflicts: "⚠ 未解決の競合 {n}件：解決するまで書き出せません",
    judgment_conflicts: "⚠ 写しごとに異なる評価 {n}件：残す評価を記録し直すまで書き出せません",
    unspecified: "発言者が未指定の発言 {n}件",
    unjudged: "評価（効果検証）が未記録の議題 {n}件",
    internal: "公開版から除く非公開：発言 {r}件・評価 {j}件",
    no_chair: "出席の会長がいません：開会・閉会の文に会長名が入りません（i で出欠）",
    nothing: "未確定の事項はありません",
    confirm_keys: "Enter: 書き出す  ↑↓: 表示を移動  Esc: 戻る",
    blocked_keys: "Esc: 戻る（競合の発言を Tab → Enter で開き、残す版を選んでください）",
    blocked: "未解決の競合があるため書き出せません",
    more: "…ほか{n}件",
    deleted: "（削除）",
    versions_title: "競合の解決：残す版を選ぶ",
    current_version: "現在の版",
    earlier_version: "変更前の版",
    versions_keys: "↑↓: 選ぶ  Enter: この版で確定  e: この版を編集  Esc: 戻る",
    settled: "競合を解決しました",
    export_refused: "未解決の競合があります。発言を開いて残す版を選ぶか（評価は残す評価を記録し直す）、--force で書き出してください",
};

pub static EN: Words = Words {
    others_remark: "Not your remark: in a review copy you edit and delete only your own remarks",
    other_speaker: "In a review copy the speaker is you or unspecified (Tab to choose again)",
    review_kind: "In a review copy a remark is a question or an opinion (decisions, action items and answers are recorded at the meeting; Tab to choose again)",
    title: "Before export",
    conflicts: "⚠ {n}: to resolve before exporting",
    judgment_conflicts: "⚠ {n} given differently on two copies: record the one to keep before exporting",
    unspecified: "{n} with the speaker unspecified",
    unjudged: "{n} without a judgment",
    internal: "Left out of the public version (internal): {r}, {j}",
    no_chair: "No chair (会長) marked present: no name in the opening (i: attendance)",
    nothing: "Nothing is unsettled",
    confirm_keys: "Enter: export  ↑↓: scroll  Esc: back",
    blocked_keys: "Esc: back (Tab, Enter on a conflicting remark: pick a version)",
    blocked: "Unresolved conflicts: the minutes cannot be exported yet",
    more: "…and {n} more",
    deleted: " (deleted)",
    versions_title: "Settle the conflict: pick the version to keep",
    current_version: "current",
    earlier_version: "earlier wording",
    versions_keys: "↑↓: choose  Enter: keep this version  e: edit this version  Esc: back",
    settled: "Conflict settled",
    export_refused: "unresolved conflicts; open each remark and pick the version to keep (for a judgment, record the one to keep again), or export with --force",
};

impl Lang {
    /// The words of the checklist, review copies and conflicts.
    #[must_use]
    pub fn checklist(self) -> &'static Words {
        match self {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    /// A heading (a kind of unsettled item) rather than one item.
    pub heading: bool,
    /// Part of what blocks the export.
    pub blocking: bool,
}

/// What the labels are looked up in: the plan, and the actuals when known.
#[derive(Clone, Copy)]
pub struct Data<'a> {
    pub plan: &'a Plan,
    pub actuals: Option<&'a Actuals>,
}

impl<'a> From<&'a crate::domain::dataset::Dataset> for Data<'a> {
    fn from(data: &'a crate::domain::dataset::Dataset) -> Self {
        Data { plan: &data.plan, actuals: Some(&data.actuals) }
    }
}

/// `新規移動人数 平成30年度 (2018)`, a company's name (its id without the
/// actuals), or 会議全体.
#[must_use]
pub fn target_label(data: Data, target: &Target, lang: Lang) -> String {
    match target {
        Target::Meeting => lang.texts().meeting.to_string(),
        Target::Item { kpi, fiscal_year } => {
            let name = data.plan.kpi(kpi).map_or(kpi.as_str(), |k| k.name.as_str());
            format!("{name} {}", lang.fiscal_year(*fiscal_year))
        }
        Target::Company { company } => data
            .actuals
            .and_then(|a| a.companies.iter().find(|c| c.id == company))
            .map_or_else(|| company.to_string(), |c| c.name.clone()),
        Target::Agenda { id } => format!("{} {id}", lang.texts().agenda),
    }
}

/// The plan as a whole, or an item.
#[must_use]
pub fn judgment_label(data: Data, target: &JudgmentTarget, lang: Lang) -> String {
    match target {
        JudgmentTarget::Plan => lang.texts().plan_whole.to_string(),
        JudgmentTarget::Item { kpi, fiscal_year } => target_label(
            data,
            &Target::Item { kpi: kpi.as_str().into(), fiscal_year: *fiscal_year },
            lang,
        ),
    }
}

/// A judgment in conflict as one line: on what, the verdict standing and
/// each verdict set aside.
#[must_use]
pub fn judgment_conflict_line(data: Data, j: &Judgment, lang: Lang) -> String {
    let verdict = |effect: &str, policy: &str, reason: &str| {
        let mut words = format!("{effect}／{policy}");
        if !reason.is_empty() {
            words.push_str(&format!("（{}）", excerpt(reason, 30)));
        }
        format!("「{}」", excerpt(&words, 80))
    };
    let others: Vec<String> =
        j.set_aside().map(|h| verdict(&h.effect, &h.policy, &h.reason)).collect();
    let current = verdict(&j.effect, &j.policy, &j.reason);
    let on = judgment_label(data, &j.target, lang);
    match lang {
        Lang::Ja => format!("{on}: {current}（仮に残したもの）と {}", others.join(" と ")),
        Lang::En => format!("{on}: {current} (kept for now) and {}", others.join(", ")),
    }
}

/// The first words of a text on one line, safe to print.
#[must_use]
pub fn excerpt(text: &str, chars: usize) -> String {
    let line = crate::text::clean(&text.replace('\n', " ")).into_owned();
    let mut out: String = line.chars().take(chars).collect();
    if line.chars().count() > chars {
        out.push('…');
    }
    out
}

/// A remark as one line: where, who, what.
#[must_use]
pub fn remark_line(data: Data, session: &Session, r: &Remark, lang: Lang) -> String {
    let t = lang.texts();
    let who = r
        .prepared_by()
        .map(str::to_owned)
        .or_else(|| {
            r.speaker.as_deref().and_then(|s| session.sheet.attendee(s)).map(|a| a.name.clone())
        })
        .unwrap_or_else(|| t.unspecified.to_string());
    format!(
        "{} │ {who} 〔{}〕「{}」",
        target_label(data, &r.target, lang),
        lang.remark_kind(r.kind),
        excerpt(&r.text, 40)
    )
}

/// The checklist as lines; each kind of item lists at most `per_kind`
/// items (`None`: every one) and says how many more there are.
#[must_use]
pub fn lines(
    list: &Checklist,
    data: Data,
    session: &Session,
    lang: Lang,
    per_kind: Option<usize>,
) -> Vec<Line> {
    let w = lang.checklist();
    let mut out = Vec::new();
    if list.is_clear() {
        out.push(Line { text: w.nothing.to_string(), heading: true, blocking: false });
        return out;
    }
    let mut section = |heading: String, items: Vec<String>, blocking: bool| {
        out.push(Line { text: heading, heading: true, blocking });
        let shown = per_kind.unwrap_or(items.len()).min(items.len());
        for text in items.iter().take(shown) {
            out.push(Line { text: format!("  {text}"), heading: false, blocking });
        }
        if items.len() > shown {
            let n = items.len() - shown;
            out.push(Line {
                text: format!("  {}", fill(w.more, &[("n", &n)])),
                heading: false,
                blocking,
            });
        }
    };
    let remarks = |indices: &[usize]| -> Vec<String> {
        indices
            .iter()
            .filter_map(|&i| session.remarks.get(i))
            .map(|r| remark_line(data, session, r, lang))
            .collect()
    };
    if !list.conflicts.is_empty() {
        let n = list.conflicts.len();
        let n = lang.count(n, "unresolved conflict", "unresolved conflicts");
        section(fill(w.conflicts, &[("n", &n)]), remarks(&list.conflicts), true);
    }
    if !list.judgment_conflicts.is_empty() {
        let n = list.judgment_conflicts.len();
        let items = list
            .judgment_conflicts
            .iter()
            .filter_map(|t| session.judgment(t))
            .map(|j| judgment_conflict_line(data, j, lang))
            .collect();
        let n = lang.count(n, "judgment", "judgments");
        section(fill(w.judgment_conflicts, &[("n", &n)]), items, true);
    }
    if !list.unspecified.is_empty() {
        let n = list.unspecified.len();
        let n = lang.count(n, "remark", "remarks");
        section(fill(w.unspecified, &[("n", &n)]), remarks(&list.unspecified), false);
    }
    if !list.unjudged.is_empty() {
        let n = list.unjudged.len();
        let items = list.unjudged.iter().map(|t| judgment_label(data, t, lang)).collect();
        let n = lang.count(n, "agenda item", "agenda items");
        section(fill(w.unjudged, &[("n", &n)]), items, false);
    }
    if list.internal_remarks + list.internal_judgments > 0 {
        let r = lang.count(list.internal_remarks, "remark", "remarks");
        let j = lang.count(list.internal_judgments, "judgment", "judgments");
        let text = fill(w.internal, &[("r", &r), ("j", &j)]);
        out.push(Line { text, heading: true, blocking: false });
    }
    if list.no_chair_present {
        out.push(Line { text: w.no_chair.to_string(), heading: true, blocking: false });
    }
    out
}
