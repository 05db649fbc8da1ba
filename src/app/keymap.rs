//! Keys to actions, and the reverse lookup that builds the help overlay,
//! so the help can never drift from the real keys.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use crate::i18n::Lang;

/// One key binding.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub code: KeyCode,
    pub ctrl: bool,
    pub label: &'static str,
    pub action: Action,
}

const fn key(code: KeyCode, label: &'static str, action: Action) -> Binding {
    Binding { code, ctrl: false, label, action }
}

/// The keys of the spec, in the order the help lists them.
pub const BINDINGS: &[Binding] = &[
    key(KeyCode::Up, "↑", Action::Up),
    key(KeyCode::Char('k'), "k", Action::Up),
    key(KeyCode::Down, "↓", Action::Down),
    key(KeyCode::Char('j'), "j", Action::Down),
    key(KeyCode::Left, "←", Action::Left),
    key(KeyCode::Char('h'), "h", Action::Left),
    key(KeyCode::Right, "→", Action::Right),
    key(KeyCode::Char('l'), "l", Action::Right),
    key(KeyCode::Char(' '), "Space", Action::NextItem),
    key(KeyCode::PageDown, "PageDown", Action::NextItem),
    key(KeyCode::Backspace, "Backspace", Action::PrevItem),
    key(KeyCode::PageUp, "PageUp", Action::PrevItem),
    key(KeyCode::Enter, "Enter", Action::Enter),
    key(KeyCode::Esc, "Esc", Action::Back),
    key(KeyCode::Char('r'), "r", Action::NewRemark),
    key(KeyCode::Char('v'), "v", Action::Judgment),
    key(KeyCode::Char('/'), "/", Action::Filter),
    key(KeyCode::Char('s'), "s", Action::Sort),
    key(KeyCode::Char('i'), "i", Action::SessionSheet),
    key(KeyCode::Char('m'), "m", Action::Minutes),
    key(KeyCode::Char('e'), "e", Action::Export),
    key(KeyCode::Char('u'), "u", Action::Undo),
    key(KeyCode::Tab, "Tab", Action::Remarks),
    key(KeyCode::Char('d'), "d", Action::Delete),
    key(KeyCode::Delete, "Delete", Action::Delete),
    key(KeyCode::Char('a'), "a", Action::Agenda),
    key(KeyCode::Char('n'), "n", Action::AddItem),
    key(KeyCode::Char('K'), "K", Action::MoveUp),
    key(KeyCode::Char('J'), "J", Action::MoveDown),
    key(KeyCode::Char('#'), "#", Action::Document),
    key(KeyCode::Char('o'), "o", Action::Note),
    key(KeyCode::Char('y'), "y", Action::Years),
    key(KeyCode::Char('t'), "t", Action::Theme),
    key(KeyCode::Char('?'), "?", Action::Help),
    key(KeyCode::Char('q'), "q", Action::Quit),
    Binding { code: KeyCode::Char('c'), ctrl: true, label: "Ctrl+C", action: Action::Quit },
];

/// The action bound to a key press, if any.
#[must_use]
pub fn action_for(event: &KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    BINDINGS.iter().find(|b| b.code == event.code && b.ctrl == ctrl).map(|b| b.action)
}

/// The mouse input that asks for an action, as the help names it.
#[must_use]
pub fn mouse_for(action: Action, lang: Lang) -> Option<&'static str> {
    let (ja, en) = match action {
        Action::Select => ("クリック", "click"),
        Action::Open => ("ダブルクリック", "double click"),
        Action::Up => ("ホイール↑", "wheel up"),
        Action::Down => ("ホイール↓", "wheel down"),
        _ => return None,
    };
    Some(match lang {
        Lang::Ja => ja,
        Lang::En => en,
    })
}

/// The rows of the help overlay for these actions: the keys (and mouse
/// input) of each, and what it does. A click and a double click share a row.
#[must_use]
pub fn help_rows(actions: &[Action], lang: Lang) -> Vec<(String, &'static str)> {
    let mut rows = Vec::new();
    let mut mouse: Vec<(&str, &str)> = Vec::new();
    for a in actions {
        let keys = keys_for(*a);
        if keys.is_empty() {
            mouse.extend(mouse_for(*a, lang).map(|m| (m, a.describe(lang))));
            continue;
        }
        let labels: Vec<&str> = keys.into_iter().chain(mouse_for(*a, lang)).collect();
        rows.push((labels.join(" / "), a.describe(lang)));
    }
    if !mouse.is_empty() {
        let keys = mouse.iter().map(|(m, _)| *m).collect::<Vec<_>>().join(" / ");
        let what = match lang {
            Lang::Ja => "選ぶ / 開く",
            Lang::En => "select / open",
        };
        rows.push((keys, if mouse.len() == 1 { mouse[0].1 } else { what }));
    }
    rows
}

/// The labels of the keys bound to an action: `["↑", "k"]`.
#[must_use]
pub fn keys_for(action: Action) -> Vec<&'static str> {
    BINDINGS.iter().filter(|b| b.action == action).map(|b| b.label).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn the_spec_keys_are_bound() {
        assert_eq!(action_for(&press(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(action_for(&press(KeyCode::Char(' '))), Some(Action::NextItem));
        assert_eq!(action_for(&press(KeyCode::PageUp)), Some(Action::PrevItem));
        assert_eq!(action_for(&press(KeyCode::Char('?'))), Some(Action::Help));
        assert_eq!(
            action_for(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(action_for(&press(KeyCode::Char('c'))), None);
    }

    #[test]
    fn reverse_lookup_lists_every_key_of_an_action() {
        assert_eq!(keys_for(Action::NextItem), vec!["Space", "PageDown"]);
        assert_eq!(keys_for(Action::Quit), vec!["q", "Ctrl+C"]);
    }
}
