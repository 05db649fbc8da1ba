//! Everything a user can ask for, independent of the key that asks.

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Previous KPI or row.
    Up,
    /// Next KPI or row.
    Down,
    /// Previous fiscal year.
    Left,
    /// Next fiscal year.
    Right,
    /// Next agenda item (KPI × fiscal year, in plan order).
    NextItem,
    /// Previous agenda item.
    PrevItem,
    /// Drill down one level.
    Enter,
    /// Back up one level (or close an overlay).
    Back,
    /// New remark on what is selected.
    NewRemark,
    /// The council's judgment on the current item.
    Judgment,
    /// Filter the list.
    Filter,
    /// Change the sort of the list.
    Sort,
    /// The session sheet: title, date, place, attendees.
    SessionSheet,
    /// Preview the minutes.
    Minutes,
    /// Export the minutes next to the session file.
    Export,
    /// Undo the last change to the session.
    Undo,
    /// Select the remarks shown on this screen (to edit or delete one).
    Remarks,
    /// Delete the selected remark, attendee or agenda item.
    Delete,
    /// Change the colours: dark, light, high contrast.
    Theme,
    /// Show or hide the help overlay.
    Help,
    /// Quit (the session is already saved).
    Quit,
    /// The agenda screen: arrange the items.
    Agenda,
    /// Add a free item after the selected one.
    AddItem,
    /// Move the selected agenda item up.
    MoveUp,
    /// Move the selected agenda item down.
    MoveDown,
    /// Set the selected agenda item's 資料番号.
    Document,
    /// Set the selected agenda item's note.
    Note,
    /// The plan across the years, with each meeting's judgments.
    Years,
    /// Select what is under the pointer (a click).
    Select,
    /// Select what is under the pointer and drill down (a double click).
    Open,
}

impl Action {
    /// What the action does, as the help overlay says it.
    #[must_use]
    pub fn describe(self, lang: Lang) -> &'static str {
        let (ja, en) = match self {
            Action::Up => ("前の指標・行", "previous KPI or row"),
            Action::Down => ("次の指標・行", "next KPI or row"),
            Action::Left => ("前の年度", "previous fiscal year"),
            Action::Right => ("次の年度", "next fiscal year"),
            Action::NextItem => ("次の議題", "next agenda item"),
            Action::PrevItem => ("前の議題", "previous agenda item"),
            Action::Enter => ("詳しく見る", "drill down"),
            Action::Back => ("戻る", "back up one level"),
            Action::NewRemark => ("発言を記録", "new remark"),
            Action::Judgment => ("評価（効果検証）を記録", "record the council's judgment"),
            Action::Filter => ("絞り込み", "filter"),
            Action::Sort => ("並べ替え", "change sort"),
            Action::SessionSheet => ("会議の情報（出席者など）", "session sheet"),
            Action::Minutes => ("議事録のプレビュー", "minutes preview"),
            Action::Export => ("議事録を書き出す", "export the minutes"),
            Action::Undo => ("元に戻す", "undo the last change"),
            Action::Remarks => {
                ("発言を選ぶ（編集・削除）／戻る", "select remarks (edit, delete) / leave them")
            }
            Action::Delete => (
                "選んだ発言・出席者・議題を削除",
                "delete the selected remark, attendee or agenda item",
            ),
            Action::Theme => (
                "配色を切り替え（暗・明・高コントラスト）",
                "change colours (dark, light, high contrast)",
            ),
            Action::Help => ("ヘルプ", "help"),
            Action::Quit => ("終了（記録は保存済み）", "quit (the session is already saved)"),
            Action::Agenda => ("議題の編成", "arrange the agenda"),
            Action::AddItem => ("議題を追加", "add an agenda item"),
            Action::MoveUp => ("議題を上へ", "move the item up"),
            Action::MoveDown => ("議題を下へ", "move the item down"),
            Action::Document => ("資料番号", "document number"),
            Action::Note => ("備考", "note"),
            Action::Years => ("計画期間の推移と各回の評価", "the plan across the years"),
            Action::Select => ("クリックした所を選ぶ", "select what is clicked"),
            Action::Open => ("ダブルクリックした所を開く", "open what is double-clicked"),
        };
        match lang {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}
