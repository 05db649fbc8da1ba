//! The words of the agenda: the agenda screen, free items and their fields.

use super::Lang;

#[derive(Debug)]
pub struct Words {
    /// The agenda screen's title (and crumb).
    pub title: &'static str,
    pub document_number: &'static str,
    pub note: &'static str,
    /// A KPI item on the agenda list.
    pub kpi_item: &'static str,
    /// A free item on the agenda list.
    pub free_item: &'static str,
    /// The title of a free item just added.
    pub new_item: &'static str,
    pub added: &'static str,
    pub removed: &'static str,
    pub empty_title: &'static str,
    /// d on a free item with remarks on it.
    pub has_remarks: &'static str,
    /// # or o on a KPI item.
    pub kpi_fields: &'static str,
    /// The key hints at the bottom of the agenda screen.
    pub hint: &'static str,
    /// The plan-across-years screen's title.
    pub years_title: &'static str,
    /// The current meeting on that screen.
    pub this_meeting: &'static str,
    /// The start screen's offer to follow up the earlier meeting.
    pub offer: &'static str,
    /// The keys that answer it, on a line of their own.
    pub offer_keys: &'static str,
    /// The key hints of the 前回の指摘事項 screen.
    pub follow_up_hint: &'static str,
}

static JA: Words = Words {
    title: "議題の編成",
    document_number: "資料番号",
    note: "備考",
    kpi_item: "KPI",
    free_item: "議題",
    new_item: "新しい議題",
    added: "議題を追加しました（Enter で名前を変更）",
    removed: "議題を外しました（u で元に戻す）",
    empty_title: "議題名が空です",
    has_remarks: "発言のある議題は外せません",
    kpi_fields: "資料番号と備考は KPI 以外の議題に付けます",
    years_title: "計画期間の推移",
    this_meeting: "今回",
    offer: "前回 {earlier} の指摘事項を議題に入れますか？",
    offer_keys: "y/Enter: 入れる  n: 入れない  Esc: 戻る",
    follow_up_hint: "↑↓ 選ぶ  Enter 対応状況（未着手→対応中→対応済）  o 備考  r 発言",
    hint: "n 追加  Enter 名前  # 資料番号  o 備考  K/J 上下に移動  d 外す  u 元に戻す  Esc 戻る",
};

static EN: Words = Words {
    title: "Agenda",
    document_number: "Document",
    note: "Note",
    kpi_item: "KPI",
    free_item: "Item",
    new_item: "New item",
    added: "Item added (Enter to rename)",
    removed: "Item removed (u to undo)",
    empty_title: "The title is empty",
    has_remarks: "An item with remarks cannot be removed",
    kpi_fields: "A document number and note go on items that are not KPIs",
    years_title: "The plan across the years",
    this_meeting: "this meeting",
    offer: "Follow up the action items of {earlier}?",
    offer_keys: "y/Enter: yes  n: no  Esc: back",
    follow_up_hint: "↑↓ select  Enter status (not started → in progress → done)  o note  r remark",
    hint: "n add  Enter rename  # document  o note  K/J move  d remove  u undo  Esc back",
};

impl Lang {
    /// The words of the agenda.
    #[must_use]
    pub fn agenda(self) -> &'static Words {
        match self {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }
}
