//! The keys of the forms and prompts (remark editor, judgment, attendee,
//! filter, sheet field) in one table: the forms dispatch on it and their
//! hint lines are built from it, so a hint cannot name a key that does
//! something else. Keys that only mean something in one field (a digit
//! for the speaker, Space for 公開/非公開) stay with that field.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use crate::i18n::Lang;

/// What a key does in a form, whatever the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// Save the form (or apply the prompt).
    Save,
    /// A new line in the text.
    Newline,
    /// The next field.
    Next,
    /// The previous field.
    Previous,
    /// Choose among the values of the field (← →).
    Choose,
    /// Close without saving.
    Cancel,
    /// Delete what the form stands for (a recorded judgment).
    Delete,
}

/// One key of the forms.
#[derive(Debug, Clone, Copy)]
pub struct FormBinding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    pub label: &'static str,
    pub key: FormKey,
}

const fn bind(
    code: KeyCode,
    modifiers: KeyModifiers,
    label: &'static str,
    key: FormKey,
) -> FormBinding {
    FormBinding { code, modifiers, label, key }
}

/// The keys, in the order the hints list them.
pub const FORM_BINDINGS: &[FormBinding] = &[
    bind(KeyCode::Enter, KeyModifiers::NONE, "Enter", FormKey::Save),
    bind(KeyCode::Enter, KeyModifiers::ALT, "Alt+Enter", FormKey::Newline),
    bind(KeyCode::Char('j'), KeyModifiers::CONTROL, "Ctrl+J", FormKey::Newline),
    bind(KeyCode::Tab, KeyModifiers::NONE, "Tab", FormKey::Next),
    bind(KeyCode::BackTab, KeyModifiers::SHIFT, "Shift+Tab", FormKey::Previous),
    bind(KeyCode::Left, KeyModifiers::NONE, "←", FormKey::Choose),
    bind(KeyCode::Right, KeyModifiers::NONE, "→", FormKey::Choose),
    bind(KeyCode::Esc, KeyModifiers::NONE, "Esc", FormKey::Cancel),
    bind(KeyCode::Char('d'), KeyModifiers::CONTROL, "Ctrl+D", FormKey::Delete),
];

/// What a key press does in a form, if it is one of the table's.
/// Shift+Enter also starts a new line where the terminal tells it apart.
#[must_use]
pub fn form_key(event: &KeyEvent) -> Option<FormKey> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    if event.code == KeyCode::Enter && event.modifiers.contains(KeyModifiers::SHIFT) {
        return Some(FormKey::Newline);
    }
    // Terminals differ in whether Shift comes with BackTab.
    if event.code == KeyCode::BackTab {
        return Some(FormKey::Previous);
    }
    let relevant = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    FORM_BINDINGS
        .iter()
        .find(|b| b.code == event.code && (b.modifiers - KeyModifiers::SHIFT) == relevant)
        .map(|b| b.key)
}

/// The number a key chooses on a choice field (the speaker, the kind,
/// 効果, 今後の方針, 役職): `2`, or `２`, its full-width twin, as typed with a
/// Japanese input method on. Not with Ctrl or Alt. In a text field the
/// key stays what it is: only the choice fields ask this.
#[must_use]
pub fn choice_digit(key: &KeyEvent) -> Option<usize> {
    if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return None;
    }
    match key.code {
        KeyCode::Char(c @ '０'..='９') => Some(c as usize - '０' as usize),
        KeyCode::Char(c) => c.to_digit(10).map(|d| d as usize),
        _ => None,
    }
}

/// Space on a choice field (公開/非公開, 出欠, 署名人): the space bar, or
/// the full-width space `　` it types with a Japanese input method on.
#[must_use]
pub fn is_space(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(' ' | '\u{3000}'))
        && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// The labels of the keys bound to `key`: `Alt+Enter/Ctrl+J`.
#[must_use]
pub fn labels(key: FormKey) -> String {
    let labels: Vec<&str> =
        FORM_BINDINGS.iter().filter(|b| b.key == key).map(|b| b.label).collect();
    match key {
        // ← and → are one choice.
        FormKey::Choose => labels.join(" "),
        _ => labels.join("/"),
    }
}

/// A hint line: each key of the table with what it does in this form.
#[must_use]
pub fn hint(entries: &[(FormKey, &str)]) -> String {
    entries.iter().map(|(k, what)| format!("{}: {what}", labels(*k))).collect::<Vec<_>>().join("  ")
}

/// The hint of each form, in the interface's language.
#[must_use]
pub fn editor_hint(lang: Lang) -> String {
    let t = lang.texts();
    [
        hint(&[
            (FormKey::Save, t.key_save),
            (FormKey::Newline, t.key_newline),
            (FormKey::Next, t.key_editor_fields),
        ]),
        visibility_hint(lang),
        hint(&[(FormKey::Cancel, t.key_cancel)]),
    ]
    .join("  ")
}

/// Space on any field above the text: 公開/非公開.
fn visibility_hint(lang: Lang) -> String {
    let t = lang.texts();
    format!("Space: {}/{}", t.public, t.internal)
}

/// The judgment form's: ← → and the numbers shown beside 効果 and 今後の
/// 方針 (`numbers`, the longer list's length) choose, as its fields say
/// (番号で選びます); it named ← → alone.
#[must_use]
pub fn judgment_hint(lang: Lang, numbers: usize) -> String {
    let t = lang.texts();
    let choose = match numbers.min(9) {
        0 => format!("{}: {}", labels(FormKey::Choose), t.key_choose),
        1 => format!("{} 1: {}", labels(FormKey::Choose), t.key_choose),
        n => format!("{} 1-{n}: {}", labels(FormKey::Choose), t.key_choose),
    };
    [
        hint(&[(FormKey::Save, t.key_save), (FormKey::Next, t.key_fields)]),
        choose,
        visibility_hint(lang),
        hint(&[
            (FormKey::Newline, t.key_newline),
            (FormKey::Delete, lang.day().key_delete_judgment),
            (FormKey::Cancel, t.key_cancel),
        ]),
    ]
    .join("  ")
}

/// The attendee form's: besides the table's keys, the role's numbers and
/// Space for 出欠 and 署名人 (keys of those fields alone).
#[must_use]
pub fn attendee_hint(lang: Lang) -> String {
    let t = lang.texts();
    let roles = crate::domain::session::Role::ALL.len();
    let fields = match lang {
        Lang::Ja => format!("{}・{}", t.presence, t.signer),
        Lang::En => format!("{}, {}", t.presence, t.signer).to_lowercase(),
    };
    let role = match lang {
        Lang::Ja => t.role.to_string(),
        Lang::En => t.role.to_lowercase(),
    };
    [
        hint(&[(FormKey::Save, t.key_save), (FormKey::Next, t.key_fields)]),
        format!("{} 1-{roles}: {role}", labels(FormKey::Choose)),
        format!("Space: {fields}"),
        hint(&[(FormKey::Cancel, t.key_cancel)]),
    ]
    .join("  ")
}

/// The hint of a one-line prompt (the filter, a field of the sheet).
#[must_use]
pub fn prompt_hint(lang: Lang) -> String {
    let t = lang.texts();
    hint(&[(FormKey::Save, t.key_apply), (FormKey::Cancel, t.key_cancel)])
}

/// The one-line box of a prompt that opens on a value already there (a
/// field of the sheet, an agenda item's name, the new meeting's date): the
/// value is selected (shown reversed), so what is typed replaces it, as in a
/// box filled in advance anywhere, and is never run on after it (「…協議会」
/// typed over 「…協議会」 would be saved as both). Enter keeps the value as it
/// is; ← → or End put the caret in it to change a part.
#[must_use]
pub fn prefilled(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text.to_string()]);
    input.set_cursor_line_style(Style::default());
    input.set_selection_style(Style::default().add_modifier(Modifier::REVERSED));
    if !text.is_empty() {
        input.select_all();
    }
    input
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn keys_dispatch_as_the_table_says() {
        assert_eq!(form_key(&press(KeyCode::Enter, KeyModifiers::NONE)), Some(FormKey::Save));
        assert_eq!(form_key(&press(KeyCode::Enter, KeyModifiers::ALT)), Some(FormKey::Newline));
        assert_eq!(form_key(&press(KeyCode::Enter, KeyModifiers::SHIFT)), Some(FormKey::Newline));
        assert_eq!(
            form_key(&press(KeyCode::Char('j'), KeyModifiers::CONTROL)),
            Some(FormKey::Newline)
        );
        assert_eq!(form_key(&press(KeyCode::Char('j'), KeyModifiers::NONE)), None);
        assert_eq!(form_key(&press(KeyCode::BackTab, KeyModifiers::NONE)), Some(FormKey::Previous));
        assert_eq!(form_key(&press(KeyCode::Tab, KeyModifiers::NONE)), Some(FormKey::Next));
        assert_eq!(form_key(&press(KeyCode::Esc, KeyModifiers::NONE)), Some(FormKey::Cancel));
    }

    #[test]
    fn every_key_a_hint_names_is_bound_to_what_it_says() {
        // Each label of the hints leads back to the same form key.
        for b in FORM_BINDINGS {
            let event = press(b.code, b.modifiers);
            assert_eq!(form_key(&event), Some(b.key), "{}", b.label);
        }
        assert_eq!(
            editor_hint(Lang::Ja),
            "Enter: 保存  Alt+Enter/Ctrl+J: 改行  Tab: 発言者・種別・対象  Space: 公開/非公開  Esc: 取消"
        );
        assert_eq!(prompt_hint(Lang::En), "Enter: apply  Esc: cancel");
    }

    /// The judgment form's hint names the numbers its fields say to
    /// choose by (番号で選びます): it said `← →: 選択` only.
    #[test]
    fn the_judgment_hint_names_the_numbers() {
        assert_eq!(
            judgment_hint(Lang::Ja, 4),
            "Enter: 保存  Tab: 項目  ← → 1-4: 選択  Space: 公開/非公開  Alt+Enter/Ctrl+J: 改行  Ctrl+D: 評価を削除  Esc: 取消"
        );
        assert!(judgment_hint(Lang::En, 12).contains("← → 1-9: choose  "));
    }

    /// The attendee form's hint names the role's numbers and Space for
    /// 出欠 and 署名人: it said `← →: 役職` only.
    #[test]
    fn the_attendee_hint_names_the_numbers_and_space() {
        assert_eq!(
            attendee_hint(Lang::Ja),
            "Enter: 保存  Tab: 項目  ← → 1-4: 役職  Space: 出欠・署名人  Esc: 取消"
        );
        assert_eq!(
            attendee_hint(Lang::En),
            "Enter: save  Tab: fields  ← → 1-4: role  Space: presence, signs  Esc: cancel"
        );
    }
}
