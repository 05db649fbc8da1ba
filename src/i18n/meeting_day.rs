//! The words of the meeting day: the start screen, the follower waiting
//! for a meeting, the forms' hints.

use super::Lang;

#[derive(Debug)]
pub struct Words {
    pub picker_title: &'static str,
    pub picker_date: &'static str,
    pub picker_title_column: &'static str,
    pub picker_remarks: &'static str,
    pub picker_saved: &'static str,
    pub picker_file: &'static str,
    pub picker_unreadable: &'static str,
    pub picker_in_use: &'static str,
    pub picker_hint: &'static str,
    pub picker_new_date: &'static str,
    pub picker_new_hint: &'static str,
    pub picker_open_elsewhere: &'static str,
    pub picker_copy: &'static str,
    pub picker_copy_of: &'static str,
    pub waiting: &'static str,
    pub waiting_for: &'static str,
    pub waiting_any: &'static str,
    pub more_below: &'static str,
    pub more_above: &'static str,
    pub key_delete_judgment: &'static str,
    pub judgment_withdrawn: &'static str,
    pub judgment_nothing_to_delete: &'static str,
    pub judgment_draft_restored: &'static str,
    pub type_ahead_dropped: &'static str,
    /// Lines pasted into a one-line field, joined: `{n}` lines.
    pub paste_joined: &'static str,
    /// A paste on the attendee form's 役職, 出欠 or 署名人, which take no text.
    pub paste_not_here: &'static str,
}

pub static JA: Words = Words {
    picker_title: "会議を選ぶ",
    picker_date: "開催日",
    picker_title_column: "会議",
    picker_remarks: "発言",
    picker_saved: "最終保存",
    picker_file: "ファイル",
    picker_unreadable: "読めません",
    picker_in_use: "使用中",
    picker_hint: "↑↓ 選択  Enter 開く  n 新しい会議  q 終了",
    picker_new_date: "新しい会議の開催日",
    picker_new_hint: "Enter 作成  Esc 戻る",
    picker_open_elsewhere: "この会議は別の kpi-council で開かれています。投影には --follow を使ってください",
    picker_copy: "写し",
    picker_copy_of: "{original} の写しです（同期ソフトの競合コピーなど）。会議は {original} に記録し、この写しの発言は kpi-council merge {original} {copy} -o {original} で取り込んでください",
    waiting: "待機中",
    waiting_for: "開始待ち",
    waiting_any: "会議を待っています",
    more_below: "▼ 続き",
    more_above: "▲ 前",
    key_delete_judgment: "評価を削除",
    judgment_withdrawn: "評価を削除しました（u で元に戻せます）",
    judgment_nothing_to_delete: "この対象にはまだ評価がありません",
    judgment_draft_restored: "前回の入力途中の評価を復元しました",
    type_ahead_dropped: "保存中・読み込み中に押されたキーは使いませんでした",
    paste_joined: "貼り付けた{n}行を空白でつなぎました（文字はそのまま）",
    paste_not_here: "貼り付けは氏名か所属へ（役職・出欠・署名人は選ぶ欄）",
};

pub static EN: Words = Words {
    picker_title: "Choose the meeting",
    picker_date: "Date",
    picker_title_column: "Meeting",
    picker_remarks: "Remarks",
    picker_saved: "Last saved",
    picker_file: "File",
    picker_unreadable: "unreadable",
    picker_in_use: "in use",
    picker_hint: "↑↓ select  Enter open  n new meeting  q quit",
    picker_new_date: "Date of the new meeting",
    picker_new_hint: "Enter create  Esc back",
    picker_open_elsewhere: "This meeting is open in another kpi-council; use --follow to project it",
    picker_copy: "copy",
    picker_copy_of: "a copy of {original} (a sync service's conflicted copy, or the like); record the meeting in {original}, and bring this copy's remarks in with kpi-council merge {original} {copy} -o {original}",
    waiting: "Waiting",
    waiting_for: "for",
    waiting_any: "no meeting yet",
    more_below: "▼ more",
    more_above: "▲ above",
    key_delete_judgment: "delete the judgment",
    judgment_withdrawn: "Judgment deleted (u undoes it)",
    judgment_nothing_to_delete: "There is no judgment on this yet",
    judgment_draft_restored: "Restored the judgment you were typing when the program last ended",
    type_ahead_dropped: "keys pressed while saving or opening were not used",
    paste_joined: "Joined the {n} pasted lines with spaces (no text lost)",
    paste_not_here: "Paste goes into the name or affiliation, not a choice",
};

impl Lang {
    /// The words of the meeting day.
    #[must_use]
    pub fn day(self) -> &'static Words {
        match self {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }
}
