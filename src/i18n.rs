//! The words on screen, in Japanese (the default) and English (`--lang en`).

pub mod agenda;
pub mod checklist;
pub mod clap_errors;
pub mod help;
pub mod meeting_day;
pub mod reconciliation;

use clap::ValueEnum;

use crate::domain::achievement::{Rate, Status};
use crate::domain::company::CompanyKind;
use chrono::{Datelike, NaiveDate};

use crate::domain::breakdown::SortKey;
use crate::domain::fiscal::{FiscalYear, era_of};
use crate::domain::ledger::PeriodTotal;
use crate::domain::plan::{KpiKind, PeriodRule};
use crate::domain::quantity::Quantity;
use crate::domain::session::{FollowUpStatus, RemarkKind, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

/// Every fixed text of the interface in one language.
#[derive(Debug)]
pub struct Texts {
    pub overview: &'static str,
    pub item: &'static str,
    pub kpi: &'static str,
    pub target: &'static str,
    pub actual: &'static str,
    pub rate: &'static str,
    pub status: &'static str,
    pub unit: &'static str,
    pub fiscal_year: &'static str,
    pub plan_period: &'static str,
    pub by_year: &'static str,
    pub sample: &'static str,
    pub author: &'static str,
    pub period: &'static str,
    pub evaluated_by: &'static str,
    pub total_cost: &'static str,
    pub agenda: &'static str,
    pub elapsed: &'static str,
    pub help: &'static str,
    pub help_title: &'static str,
    pub help_close: &'static str,
    /// More rows below in the help (↓ scrolls).
    pub help_more: &'static str,
    pub quit: &'static str,
    pub too_small: &'static str,
    pub too_small_hint: &'static str,
    pub first_item: &'static str,
    pub last_item: &'static str,
    pub not_yet: &'static str,
    pub not_here: &'static str,
    pub plan_file: &'static str,
    pub data: &'static str,
    pub embedded_sample: &'static str,
    pub actuals_file: &'static str,
    pub no_value: &'static str,
    pub as_of: &'static str,
    pub stated_source: &'static str,
    pub kind: &'static str,
    pub breakdown_gap: &'static str,
    pub breakdown_excess: &'static str,
    pub following: &'static str,
    pub timebox_over: &'static str,
    pub config_ignored: &'static str,
    pub wording_ignored: &'static str,
    pub theme_label: &'static str,
    pub theme_dark: &'static str,
    pub theme_light: &'static str,
    pub theme_contrast: &'static str,
    pub no_color_note: &'static str,
    pub not_remembered: &'static str,
    pub review_refused: &'static str,
    pub reviewing: &'static str,
    pub prepared_label: &'static str,
    pub live_label: &'static str,
    pub conflict: &'static str,
    pub other_copy: &'static str,
    pub export_no_session: &'static str,
    pub export_confirm: &'static str,
    pub export_failed: &'static str,
    pub exported: &'static str,
    /// The minutes are being written (書き出し中…).
    pub exporting: &'static str,
    pub minutes_title: &'static str,
    /// The preview is still being made.
    pub minutes_building: &'static str,
    /// The preview could not be made (its reason follows).
    pub minutes_failed: &'static str,
    pub minutes_hint: &'static str,
    pub nothing_to_undo: &'static str,
    pub undone: &'static str,
    pub merged_from_disk: &'static str,
    /// A new remark recorded at the time of the one before it: the
    /// clock is behind it.
    pub clock_behind: &'static str,
    pub file_changed_unreadable: &'static str,
    /// The session file was moved or deleted and was written again.
    pub file_written_again: &'static str,
    pub bad_date: &'static str,
    pub bad_time: &'static str,
    pub saved: &'static str,
    pub save_failed: &'static str,
    pub retrying: &'static str,
    pub in_memory: &'static str,
    pub empty_remark: &'static str,
    /// Said once a remark or judgment marked 非公開 is saved.
    pub saved_internal: &'static str,
    /// Said once a remark or judgment that was 非公開 is saved 公開.
    pub saved_public: &'static str,
    pub confirm_discard: &'static str,
    pub remark_deleted: &'static str,
    pub no_remarks: &'static str,
    /// [`Texts::no_remarks`] on the projector, which records nothing.
    pub no_remarks_shown: &'static str,
    pub attendee_spoke: &'static str,
    pub attendee_deleted: &'static str,
    pub draft_restored: &'static str,
    pub recovered: &'static str,
    /// A rescue copy of this session holds remarks it lacks: `{copy}`, `{n}`, `{session}`.
    pub rescue_found: &'static str,
    pub data_changed: &'static str,
    pub remark_title: &'static str,
    pub remark_edit_title: &'static str,
    pub speaker: &'static str,
    pub unspecified: &'static str,
    pub remark_kind: &'static str,
    pub target_label: &'static str,
    pub visibility: &'static str,
    pub public: &'static str,
    pub internal: &'static str,
    pub meeting: &'static str,
    pub plan_whole: &'static str,
    /// What the form keys do (see `app::form_keys`).
    pub key_save: &'static str,
    pub key_newline: &'static str,
    pub key_editor_fields: &'static str,
    pub key_fields: &'static str,
    pub key_choose: &'static str,
    pub key_cancel: &'static str,
    pub key_apply: &'static str,
    pub speaker_hint: &'static str,
    pub judgment_title: &'static str,
    /// 効果 or 今後の方針 not chosen yet in a judgment not recorded before.
    pub judgment_unchosen: &'static str,
    /// Saving a judgment whose 効果 or 今後の方針 is not chosen.
    pub judgment_choose: &'static str,
    pub effect: &'static str,
    pub policy: &'static str,
    pub reason: &'static str,
    pub judgment_label: &'static str,
    pub sheet_title: &'static str,
    pub title: &'static str,
    pub meeting_date: &'static str,
    pub start_time: &'static str,
    pub end_time: &'static str,
    pub place: &'static str,
    pub materials: &'static str,
    pub next_meeting: &'static str,
    pub presence: &'static str,
    pub present: &'static str,
    pub absent: &'static str,
    pub signer: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub attendees: &'static str,
    pub add_attendee: &'static str,
    pub name: &'static str,
    pub affiliation: &'static str,
    pub role: &'static str,
    pub attendee_title: &'static str,
    pub sheet_hint: &'static str,
    pub remarks_label: &'static str,
    pub remarks_hint: &'static str,
    pub focus_hint: &'static str,
    pub session_label: &'static str,
    pub companies: &'static str,
    pub company: &'static str,
    pub filter: &'static str,
    pub no_filter: &'static str,
    pub sort: &'static str,
    pub sort_value: &'static str,
    pub sort_name: &'static str,
    pub sort_date: &'static str,
    pub sort_kind: &'static str,
    pub shown_of: &'static str,
    pub head_office: &'static str,
    pub industry: &'static str,
    pub value: &'static str,
    pub share: &'static str,
    pub date: &'static str,
    pub note: &'static str,
    pub total: &'static str,
    pub shown_total: &'static str,
    pub no_match: &'static str,
    pub no_companies: &'static str,
    pub unexplained_row: &'static str,
}

pub static JA: Texts = Texts {
    overview: "総覧",
    item: "議題",
    kpi: "指標",
    target: "目標",
    actual: "実績",
    rate: "達成率",
    status: "評価",
    unit: "単位",
    fiscal_year: "年度",
    plan_period: "計画期間",
    by_year: "年度別の目標と実績",
    sample: "サンプル",
    author: "作成主体",
    period: "計画期間",
    evaluated_by: "評価",
    total_cost: "総事業費",
    agenda: "議題",
    elapsed: "経過",
    help: "ヘルプ",
    help_title: "キー操作",
    help_close: "? または Esc で閉じる",
    help_more: "▼ ↓ で続き  ",
    quit: "終了",
    too_small: "端末が小さすぎます",
    too_small_hint: "{w}×{h} 以上に広げてください（現在 {cw}×{ch}）",
    first_item: "最初の議題です",
    last_item: "最後の議題です",
    not_yet: "この操作はまだ使えません",
    not_here: "この画面では使えないキーです（? でキー一覧）",
    plan_file: "計画",
    data: "データ",
    embedded_sample: "組込みサンプル（北見市）",
    actuals_file: "実績",
    no_value: "－",
    as_of: "時点",
    stated_source: "出典",
    kind: "区分",
    breakdown_gap: "企業別内訳のない分",
    breakdown_excess: "企業別内訳の合計が公表値を超えています",
    following: "追従表示",
    timebox_over: "この議題の持ち時間（{n}分）を過ぎました",
    config_ignored: "設定ファイルを使えません（既定値で起動）",
    wording_ignored: "議事録の定型文ファイルを使えません（標準の文で書き出します）",
    theme_label: "配色",
    theme_dark: "暗",
    theme_light: "明",
    theme_contrast: "高コントラスト",
    no_color_note: "NO_COLOR のため色なし",
    not_remembered: "保存できません",
    review_refused: "事前確認の写しでは評価・会議情報・書き出しはできません",
    reviewing: "事前確認",
    prepared_label: "事前質問",
    live_label: "会議での発言",
    conflict: "競合",
    other_copy: "別の写し",
    export_no_session: "記録ファイルがないため書き出せません",
    export_confirm: "議事録ファイルが既にあります。もう一度 e で上書きします",
    export_failed: "議事録を書き出せません",
    exported: "議事録を書き出しました",
    exporting: "議事録を書き出し中…",
    minutes_title: "議事録のプレビュー（内部用）",
    minutes_building: "議事録を作成中…",
    minutes_failed: "議事録のプレビューを作れません",
    minutes_hint: "↑↓/Space/Backspace: スクロール  e: 書き出し  Esc: 戻る",
    nothing_to_undo: "元に戻す変更はありません",
    undone: "元に戻しました",
    clock_behind: "時計（{clock}）が前の発言より遅れています。順を保ち {at} で記録しました。時計を確かめてください",
    merged_from_disk: "セッションファイルが外部（git・コピー）で変更されていたため統合しました（新しい発言 {n} 件）。どちらの記録も残ります",
    file_written_again: "セッションファイルが移動か削除されたため、元の場所に書き直しました（移動先の写しは古いままです）",
    file_changed_unreadable: "セッションファイルが外部で変更されましたが読めません（{reason}）。この会議の記録はジャーナルに保存済みです。読めないファイルは保存時に .unmerged として残します",
    bad_date: "日付は 2019-05-20 や 令和元年5月20日 の形で入力してください",
    bad_time: "時刻を読めません: 14:00、14時30分、午後2時 の形で入力してください",
    saved: "保存済み",
    save_failed: "保存できません",
    retrying: "変更はメモリに保持し再試行中",
    in_memory: "保存先なし（メモリのみ）",
    empty_remark: "本文が空です（Esc で閉じる）",
    saved_internal: "非公開で保存しました（公開版の議事録には載りません）",
    saved_public: "公開で保存しました（公開版の議事録に載ります）",
    confirm_discard: "もう一度 Esc で入力を破棄します",
    remark_deleted: "発言を削除しました（u で元に戻す）",
    no_remarks: "発言はまだありません（r で記録）",
    no_remarks_shown: "発言はまだありません",
    attendee_spoke: "発言者として記録済みのため削除できません",
    attendee_deleted: "出席者を削除しました（u で元に戻す）",
    draft_restored: "前回の入力途中の発言を復元しました",
    recovered: "前回の終了時に保存途中だった変更 {n} 件を復元しました",
    rescue_found: "救出用の写しに、この記録にない発言が {n} 件あります（終了時にも表示）: kpi-council merge {session} {copy} -o {session} で取り込めます",
    data_changed: "注意: 記録時から{what}ファイルが変わっています",
    remark_title: "発言を記録",
    remark_edit_title: "発言を編集",
    speaker: "発言者",
    unspecified: "未指定",
    remark_kind: "種別",
    target_label: "対象",
    visibility: "公開",
    public: "公開",
    internal: "非公開",
    meeting: "会議全体",
    plan_whole: "計画全体",
    key_save: "保存",
    key_newline: "改行",
    key_editor_fields: "発言者・種別・対象",
    key_fields: "項目",
    key_choose: "選択",
    key_cancel: "取消",
    key_apply: "決定",
    speaker_hint: "番号で選択（0: 未指定）",
    judgment_title: "評価（効果検証）を記録",
    judgment_unchosen: "（未選択：番号で選びます）",
    judgment_choose: "効果と今後の方針を番号で選んでから保存してください",
    effect: "効果",
    policy: "今後の方針",
    reason: "理由",
    judgment_label: "評価",
    sheet_title: "会議の情報",
    title: "会議名",
    meeting_date: "日付",
    start_time: "開始",
    end_time: "終了",
    place: "場所",
    materials: "配布資料",
    next_meeting: "次回開催",
    presence: "出欠",
    present: "出席",
    absent: "欠席",
    signer: "署名人",
    yes: "する",
    no: "しない",
    attendees: "出席者",
    add_attendee: "＋ 出席者を追加",
    name: "氏名",
    affiliation: "所属",
    role: "役職",
    attendee_title: "出席者",
    sheet_hint: "↑↓: 選択  Enter: 編集  d: 出席者を削除  Esc: 戻る",
    remarks_label: "発言",
    remarks_hint: "Tab: 発言を選ぶ",
    focus_hint: "↑↓: 選択  Enter: 編集  d: 削除  Tab/Esc: 戻る",
    session_label: "記録",
    companies: "企業別内訳",
    company: "企業",
    filter: "絞り込み",
    no_filter: "なし（/ で絞り込み）",
    sort: "並べ替え",
    sort_value: "値の大きい順",
    sort_name: "企業名順",
    sort_date: "日付順",
    sort_kind: "区分順",
    shown_of: "{total}件中 {shown}件",
    head_office: "本社所在地",
    industry: "業種",
    value: "値",
    share: "構成比",
    date: "日付",
    note: "備考",
    total: "合計",
    shown_total: "表示中の合計",
    no_match: "該当する企業はありません（/ で条件を変更）",
    no_companies: "この項目には企業別の内訳がありません",
    unexplained_row: "（企業別内訳なし）",
};

pub static EN: Texts = Texts {
    overview: "Overview",
    item: "Item",
    kpi: "KPI",
    target: "Target",
    actual: "Actual",
    rate: "Rate",
    status: "Status",
    unit: "Unit",
    fiscal_year: "FY",
    plan_period: "Plan period",
    by_year: "Target and actual by fiscal year",
    sample: "SAMPLE",
    author: "Author",
    period: "Period",
    evaluated_by: "Evaluated by",
    total_cost: "Total cost",
    agenda: "Agenda",
    elapsed: "Elapsed",
    help: "help",
    help_title: "Keys",
    help_close: "? or Esc closes",
    help_more: "▼ ↓ for more  ",
    quit: "quit",
    too_small: "Terminal too small",
    too_small_hint: "Enlarge it to at least {w}x{h} (now {cw}x{ch})",
    first_item: "This is the first agenda item",
    last_item: "This is the last agenda item",
    not_yet: "This action is not available yet",
    not_here: "That key does nothing on this screen (? lists the keys)",
    plan_file: "Plan",
    data: "Data",
    embedded_sample: "embedded sample (Kitami)",
    actuals_file: "Actuals",
    no_value: "-",
    as_of: "as of",
    stated_source: "source",
    kind: "Kind",
    breakdown_gap: "Without company breakdown",
    breakdown_excess: "The company breakdown exceeds the stated total",
    following: "Following",
    timebox_over: "This item's time box ({n} min) is over",
    config_ignored: "The config file cannot be used (started with defaults)",
    wording_ignored: "The minutes wording file cannot be used (the shipped wording is used)",
    theme_label: "Colours",
    theme_dark: "dark",
    theme_light: "light",
    theme_contrast: "high contrast",
    no_color_note: "no colours: NO_COLOR is set",
    not_remembered: "not remembered",
    review_refused: "In a review copy, judgments, the session sheet and exports are the secretariat's",
    reviewing: "Review",
    prepared_label: "Prepared question",
    live_label: "Said at the meeting",
    conflict: "conflict",
    other_copy: "other copy",
    export_no_session: "There is no session file to export next to",
    export_confirm: "Minutes files exist; press e again to replace them",
    export_failed: "Cannot export the minutes",
    exported: "Minutes exported",
    exporting: "Exporting the minutes…",
    minutes_title: "Minutes preview (internal)",
    minutes_building: "Making the minutes…",
    minutes_failed: "Cannot make the minutes preview",
    minutes_hint: "↑↓/Space/Backspace: scroll  e: export  Esc: back",
    nothing_to_undo: "Nothing to undo",
    undone: "Undone",
    clock_behind: "The clock ({clock}) is behind the remark before: recorded at {at} to keep the order. Check the clock",
    merged_from_disk: "The session file was changed on disk (git, a copy); merged it in ({n} new remarks). Both records are kept",
    file_written_again: "The session file was moved or deleted: written again where it was (the moved copy is out of date)",
    file_changed_unreadable: "The session file was changed on disk but cannot be read ({reason}). This meeting's record is safe in its journal; the unreadable file is kept as .unmerged when the session is saved",
    bad_date: "Enter a date like 2019-05-20 or 令和元年5月20日",
    bad_time: "Cannot read the time: enter it like 14:00, 14時30分 or 午後2時",
    saved: "Saved",
    save_failed: "Cannot save",
    retrying: "changes kept in memory, retrying",
    in_memory: "not saved to a file (memory only)",
    empty_remark: "The remark is empty (Esc closes)",
    saved_internal: "Saved as internal (left out of the public minutes)",
    saved_public: "Saved as public (in the public minutes)",
    confirm_discard: "Esc again discards what you typed",
    remark_deleted: "Remark deleted (u undoes)",
    no_remarks: "No remarks yet (r records one)",
    no_remarks_shown: "No remarks yet",
    attendee_spoke: "This attendee has remarks and cannot be deleted",
    attendee_deleted: "Attendee deleted (u undoes)",
    draft_restored: "Restored the remark you were typing when the program last ended",
    recovered: "Recovered {changes} from a run that did not close",
    rescue_found: "A rescue copy holds {remarks} this session lacks (said again at the end): kpi-council merge {session} {copy} -o {session} brings them in",
    data_changed: "Warning: the {what} file changed since this session was recorded",
    remark_title: "New remark",
    remark_edit_title: "Edit remark",
    speaker: "Speaker",
    unspecified: "unspecified",
    remark_kind: "Kind",
    target_label: "About",
    visibility: "Visibility",
    public: "public",
    internal: "internal",
    meeting: "the meeting as a whole",
    plan_whole: "the plan as a whole",
    key_save: "save",
    key_newline: "new line",
    key_editor_fields: "fields",
    key_fields: "fields",
    key_choose: "choose",
    key_cancel: "cancel",
    key_apply: "apply",
    speaker_hint: "press the number (0: unspecified)",
    judgment_title: "Council judgment",
    judgment_unchosen: "(not chosen: press its number)",
    judgment_choose: "Choose the effect and the policy by number before saving",
    effect: "Effect",
    policy: "Policy",
    reason: "Reason",
    judgment_label: "Judgment",
    sheet_title: "Session sheet",
    title: "Title",
    meeting_date: "Date",
    start_time: "Start",
    end_time: "End",
    place: "Place",
    materials: "Materials",
    next_meeting: "Next meeting",
    presence: "Presence",
    present: "present",
    absent: "absent",
    signer: "Signs",
    yes: "yes",
    no: "no",
    attendees: "Attendees",
    add_attendee: "+ add an attendee",
    name: "Name",
    affiliation: "Affiliation",
    role: "Role",
    attendee_title: "Attendee",
    sheet_hint: "↑↓: select  Enter: edit  d: delete attendee  Esc: back",
    remarks_label: "Remarks",
    remarks_hint: "Tab: select remarks",
    focus_hint: "↑↓: select  Enter: edit  d: delete  Tab/Esc: back",
    session_label: "Session",
    companies: "Companies",
    company: "Company",
    filter: "Filter",
    no_filter: "none (/ to filter)",
    sort: "Sort",
    sort_value: "largest first",
    sort_name: "by name",
    sort_date: "by date",
    sort_kind: "by kind",
    shown_of: "{shown} of {total}",
    head_office: "Head office",
    industry: "Industry",
    value: "Value",
    share: "Share",
    date: "Date",
    note: "Note",
    total: "Total",
    shown_total: "Shown",
    no_match: "No company matches (/ to change the filter)",
    no_companies: "No company breakdown for this item",
    unexplained_row: "(no company breakdown)",
};

impl Lang {
    #[must_use]
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }

    #[must_use]
    pub fn status(self, status: Status) -> &'static str {
        match (self, status) {
            (Lang::Ja, Status::Achieved) => "達成",
            (Lang::Ja, Status::MostlyAchieved) => "概ね達成",
            (Lang::Ja, Status::NotAchieved) => "未達成",
            (Lang::Ja, Status::NoTarget) => "目標なし",
            (Lang::Ja, Status::NoActual) => "実績なし",
            (Lang::En, Status::Achieved) => "met",
            (Lang::En, Status::MostlyAchieved) => "mostly met",
            (Lang::En, Status::NotAchieved) => "not met",
            (Lang::En, Status::NoTarget) => "no target",
            (Lang::En, Status::NoActual) => "no actual",
        }
    }

    #[must_use]
    pub fn company_kind(self, kind: CompanyKind) -> &'static str {
        match (self, kind) {
            (Lang::Ja, CompanyKind::Metro) => "首都圏企業",
            (Lang::Ja, CompanyKind::Local) => "地元企業",
            (Lang::Ja, CompanyKind::University) => "大学",
            (Lang::Ja, CompanyKind::Other) => "その他",
            (Lang::En, CompanyKind::Metro) => "metro company",
            (Lang::En, CompanyKind::Local) => "local company",
            (Lang::En, CompanyKind::University) => "university",
            (Lang::En, CompanyKind::Other) => "other",
        }
    }

    /// 単年度 / 累計 / 水準 / 率.
    #[must_use]
    pub fn kpi_kind(self, kind: KpiKind) -> &'static str {
        match self {
            Lang::Ja => kind.japanese(),
            Lang::En => kind.code(),
        }
    }

    /// A KPI's kind as the tables and minutes name it, with 少ないほど良い
    /// when its rate is target ÷ actual: 単年度（少ないほど良い）.
    #[must_use]
    pub fn kpi_kind_of(self, kpi: &crate::domain::plan::Kpi) -> String {
        let kind = self.kpi_kind(kpi.kind);
        match (kpi.better(), self) {
            (crate::domain::plan::Better::Higher, _) => kind.to_string(),
            (crate::domain::plan::Better::Lower, Lang::Ja) => format!("{kind}（少ないほど良い）"),
            (crate::domain::plan::Better::Lower, Lang::En) => format!("{kind}, lower is better"),
        }
    }

    /// A KPI whose rate is target ÷ actual ([`crate::domain::plan::Better::Lower`]).
    #[must_use]
    pub fn lower_is_better(self) -> &'static str {
        match self {
            Lang::Ja => "少ないほど良い",
            Lang::En => "lower is better",
        }
    }

    /// How the rate of a lower-is-better KPI is made, for the item screen
    /// and the minutes.
    #[must_use]
    pub fn lower_is_better_rule(self) -> &'static str {
        match self {
            Lang::Ja => "少ないほど良い指標（達成率＝目標／実績）",
            Lang::En => "lower is better (rate = target / actual)",
        }
    }

    /// The heading of a KPI's kind: 種類.
    #[must_use]
    pub fn kpi_kind_heading(self) -> &'static str {
        match self {
            Lang::Ja => "種類",
            Lang::En => "Kind",
        }
    }

    /// The rule a plan-period figure was made by: 計画期間（合計）.
    #[must_use]
    pub fn period_rule(self, rule: PeriodRule) -> &'static str {
        match (self, rule) {
            (Lang::Ja, PeriodRule::Sum) => "計画期間（合計）",
            (Lang::Ja, PeriodRule::FinalRunningTotal) => "計画期間（最終年度の累計）",
            (Lang::Ja, PeriodRule::FinalValue) => "計画期間（最終年度の値）",
            (Lang::En, PeriodRule::Sum) => "plan period (sum of the years)",
            (Lang::En, PeriodRule::FinalRunningTotal) => "plan period (final year's running total)",
            (Lang::En, PeriodRule::FinalValue) => "plan period (final year's value)",
        }
    }

    /// The rule a plan-period figure was made by, with the year a final-year
    /// rule took it from: 計画期間（最終年度の値） 令和3年度.
    #[must_use]
    pub fn period_label(self, total: &PeriodTotal) -> String {
        match total.year {
            Some(fy) => format!("{} {}", self.period_rule(total.rule), self.fiscal_year_short(fy)),
            None => self.period_rule(total.rule).to_string(),
        }
    }

    /// [`Lang::period_label`] with the rule in its word or two, for a line
    /// too narrow for its name: 計画期間（最終累計） 令和3年度, Plan period
    /// (final) FY2021.
    #[must_use]
    pub fn period_label_short(self, total: &PeriodTotal) -> String {
        let rule = format!(
            "{}{}",
            self.texts().plan_period,
            self.paren(self.period_rule_short(total.rule))
        );
        match total.year {
            Some(fy) => format!("{rule} {}", self.fiscal_year_short(fy)),
            None => rule,
        }
    }

    /// What a plan-period sum leaves out, said beside it: 目標のない平成28年度の
    /// 実績は含めず; or, when a year with a target has no actual yet (a year
    /// after the meeting, or not reported), 平成30年度の実績がまだないため計画期間
    /// の実績は未確定 alone (nothing is summed then).
    #[must_use]
    pub fn period_note(self, total: &PeriodTotal) -> Option<String> {
        let years = |ys: &[FiscalYear]| {
            let sep = if self == Lang::Ja { "・" } else { ", " };
            ys.iter().map(|y| self.fiscal_year_short(*y)).collect::<Vec<_>>().join(sep)
        };
        if !total.missing.is_empty() {
            let ys = years(&total.missing);
            return Some(match self {
                Lang::Ja => format!("{ys}の実績がまだないため計画期間の実績は未確定"),
                Lang::En => format!("no actual for {ys} yet: the plan period's is not known"),
            });
        }
        if total.left_out.is_empty() {
            return None;
        }
        let ys = years(&total.left_out);
        Some(match (self, total.left_out.len()) {
            (Lang::Ja, _) => format!("目標のない{ys}の実績は含めず"),
            (Lang::En, 1) => format!("the actual of {ys}, which has no target, is not included"),
            (Lang::En, _) => {
                format!("the actuals of {ys}, which have no targets, are not included")
            }
        })
    }

    /// A target or an actual as every surface writes it, the screens, the
    /// summary and the minutes alike: the number as the data hold it, with
    /// its unit (`8,500.5千円`), or － where there is none (目標なし or
    /// 実績なし is said beside it, never a 0).
    #[must_use]
    pub fn figure(self, q: Option<Quantity>, unit: &str) -> String {
        q.map_or_else(|| self.texts().no_value.to_string(), |q| format!("{q}{unit}"))
    }

    /// A rate as every surface writes it (`84.9%`, cut, never rounded), or －.
    #[must_use]
    pub fn rate(self, r: Option<Rate>) -> String {
        r.map_or_else(|| self.texts().no_value.to_string(), |r| r.to_string())
    }

    /// [`Lang::figure`] in at most `max` columns, never cut inside its
    /// number (`12,0…` would read as 12): without its unit when only the
    /// unit does not fit (the row or the column names it), else `…` alone,
    /// which no one reads as a number; the item screen shows it whole.
    #[must_use]
    pub fn figure_within(self, q: Option<Quantity>, unit: &str, max: usize) -> String {
        let whole = self.figure(q, unit);
        if crate::text::width(&crate::text::clean(&whole)) <= max {
            return whole;
        }
        match q.map(|q| q.to_string()) {
            Some(number) if number.len() <= max => number,
            _ if max == 0 => String::new(),
            _ => crate::text::ELLIPSIS.to_string(),
        }
    }

    /// The mark beside a figure that has a note, in a terminal: ＊ (※ is of
    /// ambiguous width, two columns in some Japanese terminals and one in
    /// others, which would break the tables).
    #[must_use]
    pub fn note_mark(self) -> &'static str {
        match self {
            Lang::Ja => "＊",
            Lang::En => "*",
        }
    }

    /// A count where a template says `{n}`: the number alone in Japanese
    /// (the template has its 件), and in English with its noun, singular for
    /// one: `1 remark`, `2 remarks`.
    #[must_use]
    pub fn count(self, n: usize, one: &str, many: &str) -> String {
        match self {
            Lang::Ja => n.to_string(),
            Lang::En => count_en(n, one, many),
        }
    }

    /// What the mark means, in the overview's help.
    #[must_use]
    pub fn note_mark_meaning(self) -> &'static str {
        match self {
            Lang::Ja => "計画期間の合計から除いた年度がある（議題の画面に理由）",
            Lang::En => "the plan-period figure omits a year (item says why)",
        }
    }

    /// The rule in a word or two, for narrow columns: 合計, 最終累計, 最終値.
    #[must_use]
    pub fn period_rule_short(self, rule: PeriodRule) -> &'static str {
        match (self, rule) {
            (Lang::Ja, PeriodRule::Sum) => "合計",
            (Lang::Ja, PeriodRule::FinalRunningTotal) => "最終累計",
            (Lang::Ja, PeriodRule::FinalValue) => "最終値",
            (Lang::En, PeriodRule::Sum) => "sum",
            (Lang::En, PeriodRule::FinalRunningTotal | PeriodRule::FinalValue) => "final",
        }
    }

    /// Beside the source of a 累計 figure that rests on an earlier year's
    /// stated total: （令和元年度の累計に以降の内訳を加算）.
    #[must_use]
    pub fn running_from(self, fy: FiscalYear) -> String {
        match self {
            Lang::Ja => format!("（{}の累計に以降の内訳を加算）", fy.wareki()),
            Lang::En => format!(" (the FY{} total plus the later contributions)", fy.0),
        }
    }

    /// `text` in brackets after what it qualifies, as each language writes
    /// it: `委員（会長）`, `a member (chair)` (full-width brackets in an
    /// English line read as stray Japanese).
    #[must_use]
    pub fn paren(self, text: &str) -> String {
        match self {
            Lang::Ja => format!("（{text}）"),
            Lang::En => format!(" ({text})"),
        }
    }

    /// A word set in brackets at the head of a line: `〔未着手〕`,
    /// `[not started]`.
    #[must_use]
    pub fn tag(self, text: &str) -> String {
        match self {
            Lang::Ja => format!("〔{text}〕"),
            Lang::En => format!("[{text}]"),
        }
    }

    /// Two values side by side, as a judgment's effect and policy:
    /// `効果があった ／ 継続`, `効果があった / 継続`.
    #[must_use]
    pub fn pair(self, first: &str, second: &str) -> String {
        match self {
            Lang::Ja => format!("{first} ／ {second}"),
            Lang::En => format!("{first} / {second}"),
        }
    }

    /// Words listed in a line: `計画・実績`, `plan and actuals`.
    #[must_use]
    pub fn listed(self, words: &[&str]) -> String {
        match self {
            Lang::Ja => words.join("・"),
            Lang::En => words.join(" and "),
        }
    }

    /// Where an earlier meeting's action item stands (the minutes say it
    /// in Japanese, `FollowUpStatus::label`).
    #[must_use]
    pub fn follow_up_status(self, status: FollowUpStatus) -> &'static str {
        match (self, status) {
            (Lang::Ja, s) => s.label(),
            (Lang::En, FollowUpStatus::NotStarted) => "not started",
            (Lang::En, FollowUpStatus::InProgress) => "in progress",
            (Lang::En, FollowUpStatus::Done) => "done",
        }
    }

    /// A label and its value: `資料番号：資料3`, `document: 資料3`.
    #[must_use]
    pub fn labelled(self, label: &str, value: &str) -> String {
        match self {
            Lang::Ja => format!("{label}：{value}"),
            Lang::En => format!("{label}: {value}"),
        }
    }

    /// What is shown where the plan leaves something unsaid: 未設定.
    #[must_use]
    pub fn not_set(self) -> &'static str {
        match self {
            Lang::Ja => "未設定",
            Lang::En => "not set",
        }
    }

    /// The heading of the column giving the year a contribution was made
    /// in, in the breakdown of a 累計 figure.
    #[must_use]
    pub fn contributed_in(self) -> &'static str {
        match self {
            Lang::Ja => "寄与年度",
            Lang::En => "Year",
        }
    }

    #[must_use]
    pub fn remark_kind(self, kind: RemarkKind) -> &'static str {
        match (self, kind) {
            (Lang::Ja, RemarkKind::Opinion) => "意見",
            (Lang::Ja, RemarkKind::Question) => "質問",
            (Lang::Ja, RemarkKind::Answer) => "回答",
            (Lang::Ja, RemarkKind::Decision) => "決定",
            (Lang::Ja, RemarkKind::Action) => "要対応",
            (Lang::En, RemarkKind::Opinion) => "opinion",
            (Lang::En, RemarkKind::Question) => "question",
            (Lang::En, RemarkKind::Answer) => "answer",
            (Lang::En, RemarkKind::Decision) => "decision",
            (Lang::En, RemarkKind::Action) => "action",
        }
    }

    #[must_use]
    pub fn role(self, role: Role) -> &'static str {
        match (self, role) {
            (Lang::Ja, Role::Chair) => "会長",
            (Lang::Ja, Role::Member) => "委員",
            (Lang::Ja, Role::Secretariat) => "事務局",
            (Lang::Ja, Role::Observer) => "オブザーバー",
            (Lang::En, Role::Chair) => "chair",
            (Lang::En, Role::Member) => "member",
            (Lang::En, Role::Secretariat) => "secretariat",
            (Lang::En, Role::Observer) => "observer",
        }
    }

    /// `平成30年度 (2018)` or `FY2018 (H30)`.
    #[must_use]
    pub fn fiscal_year(self, fy: FiscalYear) -> String {
        match self {
            Lang::Ja => fy.to_string(),
            Lang::En => format!("FY{} ({})", fy.0, fy.short_wareki()),
        }
    }

    /// `平成30年度` or `FY2018`: for narrow columns.
    #[must_use]
    pub fn fiscal_year_short(self, fy: FiscalYear) -> String {
        match self {
            Lang::Ja => fy.wareki(),
            Lang::En => format!("FY{}", fy.0),
        }
    }

    #[must_use]
    pub fn sort_key(self, key: SortKey) -> &'static str {
        let t = self.texts();
        match key {
            SortKey::Value => t.sort_value,
            SortKey::Name => t.sort_name,
            SortKey::Date => t.sort_date,
            SortKey::Kind => t.sort_kind,
        }
    }

    /// A date in a table: `H30.5.14` in Japanese, `2018-05-14` in English.
    #[must_use]
    pub fn short_date(self, date: NaiveDate) -> String {
        match (self, era_of(date)) {
            (Lang::Ja, Some((era, n))) => {
                format!("{}{n}.{}.{}", era.letter, date.month(), date.day())
            }
            _ => date.to_string(),
        }
    }

    /// The end-of-March date a target is set for.
    /// When the council meets each year: `毎年5月`, `every year in May`.
    #[must_use]
    pub fn evaluation_month(self, month: u32) -> String {
        match self {
            Lang::Ja => format!("毎年{month}月"),
            Lang::En => {
                let name = u8::try_from(month)
                    .ok()
                    .and_then(|m| chrono::Month::try_from(m).ok())
                    .map_or_else(|| format!("month {month}"), |m| m.name().to_string());
                format!("every year in {name}")
            }
        }
    }

    #[must_use]
    pub fn target_date(self, fy: FiscalYear) -> String {
        match self {
            Lang::Ja => fy.target_label(),
            Lang::En => format!("{}-03-31", fy.0 + 1),
        }
    }
}

/// `1 remark`, `2 remarks`: an English count with its noun.
#[must_use]
pub fn count_en(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Fills `{}` or named placeholders in a template.
#[must_use]
pub fn fill(template: &str, pairs: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in pairs {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// The language of the command line's messages (errors and reports), set
/// once by the program from `--lang` or the config; English until then
/// (the library's own tests, and any use without a command line).
static MESSAGE_LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Sets the language of the command line's messages; the first call wins.
pub fn set_message_lang(lang: Lang) {
    let _ = MESSAGE_LANG.set(lang);
}

#[must_use]
pub fn message_lang() -> Lang {
    MESSAGE_LANG.get().copied().unwrap_or(Lang::En)
}

/// A message in the command line's language.
#[must_use]
pub fn tr(ja: impl Into<String>, en: impl Into<String>) -> String {
    match message_lang() {
        Lang::Ja => ja.into(),
        Lang::En => en.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn the_evaluation_month_reads_in_each_language() {
        assert_eq!(Lang::Ja.evaluation_month(5), "毎年5月");
        assert_eq!(Lang::En.evaluation_month(5), "every year in May");
        assert_eq!(Lang::En.evaluation_month(12), "every year in December");
        // A plan refuses any other month; said plainly all the same.
        assert_eq!(Lang::En.evaluation_month(13), "every year in month 13");
    }

    /// A figure too wide for its column loses its unit, then shows as `…`:
    /// never a number cut short (12,0… for 12,000, 1,000.2… for 1,000.25).
    #[test]
    fn a_figure_is_never_cut_inside_its_number() {
        use crate::domain::quantity::Quantity;
        let q = |milli| Some(Quantity::from_milli(milli));
        let within = |v, max| Lang::Ja.figure_within(v, "千円", max);
        assert_eq!(within(q(8_500_500), 11), "8,500.5千円");
        assert_eq!(within(q(8_500_500), 10), "8,500.5");
        assert_eq!(within(q(8_500_500), 7), "8,500.5");
        assert_eq!(within(q(8_500_500), 6), "…");
        assert_eq!(within(q(12_000_000), 5), "…");
        assert_eq!(within(q(1_000_250), 8), "1,000.25");
        assert_eq!(within(None, 2), "－");
        assert_eq!(within(q(0), 0), "");
        assert_eq!(Lang::Ja.figure(None, "人"), "－");
        assert_eq!(Lang::En.figure(q(-1_500), "%"), "-1.5%");
    }
}
