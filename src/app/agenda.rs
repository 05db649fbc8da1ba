//! The agenda screen (`a`): the secretariat adds free items, removes,
//! moves and renames items. Every change is one [`Op::SetAgenda`] with the
//! whole list, so it is journaled, undoable and merged like the sheet.

use crate::domain::session::{AgendaItem, Op, Target};

use super::state::{App, Prompt, Screen};

/// The agenda screen: the selected row.
#[derive(Debug, Default)]
pub struct AgendaView {
    pub selected: usize,
}

/// The field of an agenda item typed at the prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaField {
    Title,
    /// 資料番号 (free items).
    Document,
    /// 備考 (free items).
    Note,
    /// The note on an earlier meeting's action item (前回の指摘事項).
    EntryNote(usize),
}

/// What the agenda screen does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Add,
    Remove,
    MoveUp,
    MoveDown,
}

/// The text of a field of an item.
#[must_use]
pub fn field_text(item: &AgendaItem, field: AgendaField) -> String {
    match (item, field) {
        (AgendaItem::Kpi { title, .. } | AgendaItem::Free { title, .. }, AgendaField::Title) => {
            title.clone()
        }
        (AgendaItem::Free { document, .. }, AgendaField::Document) => document.clone(),
        (AgendaItem::Free { note, .. }, AgendaField::Note) => note.clone(),
        (AgendaItem::FollowUps { items, .. }, AgendaField::EntryNote(i)) => {
            items.get(i).map(|f| f.note.clone()).unwrap_or_default()
        }
        (AgendaItem::Kpi { .. } | AgendaItem::Free { .. } | AgendaItem::FollowUps { .. }, _) => {
            String::new()
        }
    }
}

/// The item with a field set; `None` when the change does not fit (an
/// empty free item title, a 資料番号 on a KPI item).
#[must_use]
pub fn with_field(item: &AgendaItem, field: AgendaField, text: &str) -> Option<AgendaItem> {
    let text = text.trim().to_string();
    let mut item = item.clone();
    match (&mut item, field) {
        (AgendaItem::Kpi { title, .. }, AgendaField::Title) => *title = text,
        (AgendaItem::Free { title, .. }, AgendaField::Title) => {
            if text.is_empty() {
                return None;
            }
            *title = text;
        }
        (AgendaItem::Free { document, .. }, AgendaField::Document) => *document = text,
        (AgendaItem::Free { note, .. }, AgendaField::Note) => *note = text,
        (AgendaItem::FollowUps { items, .. }, AgendaField::EntryNote(i)) => {
            items.get_mut(i)?.note = text;
        }
        (AgendaItem::Kpi { .. } | AgendaItem::Free { .. } | AgendaItem::FollowUps { .. }, _) => {
            return None;
        }
    }
    Some(item)
}

impl App {
    fn agenda_selected(&self) -> Option<usize> {
        match self.stack.last() {
            Some(Screen::Agenda(view)) => Some(view.selected),
            _ => None,
        }
    }

    fn select_agenda_row(&mut self, row: usize) {
        if let Some(Screen::Agenda(view)) = self.stack.last_mut() {
            view.selected = row;
        }
    }

    /// ↑/↓ on the agenda screen.
    pub(super) fn agenda_cursor(&mut self, up: bool) {
        let len = self.agenda().len();
        if let Some(Screen::Agenda(view)) = self.stack.last_mut() {
            view.selected = if up {
                view.selected.saturating_sub(1)
            } else {
                (view.selected + 1).min(len.saturating_sub(1))
            };
        }
    }

    /// Adds, removes or moves the selected item.
    pub(super) fn edit_agenda(&mut self, edit: Edit) {
        let Some(selected) = self.agenda_selected() else { return };
        let mut items = self.agenda().into_owned();
        let words = self.lang.agenda();
        let row = match edit {
            Edit::Add => {
                let at = (selected + 1).min(items.len());
                let id = self.new_id();
                // The name stands in the minutes (always Japanese) until
                // it is renamed: 新しい議題 with --lang en too.
                items.insert(
                    at,
                    AgendaItem::Free {
                        id,
                        title: crate::i18n::Lang::Ja.agenda().new_item.to_string(),
                        document: String::new(),
                        note: String::new(),
                    },
                );
                at
            }
            Edit::Remove => {
                let Some(item) = items.get(selected) else { return };
                if let Some(id) = item.free_id() {
                    let target = Target::Agenda { id: id.into() };
                    if !self.remarks.of(&target).is_empty() {
                        self.warn(words.has_remarks);
                        return;
                    }
                }
                items.remove(selected);
                selected.min(items.len().saturating_sub(1))
            }
            Edit::MoveUp => {
                if selected == 0 || selected >= items.len() {
                    return;
                }
                items.swap(selected - 1, selected);
                selected - 1
            }
            Edit::MoveDown => {
                if selected + 1 >= items.len() {
                    return;
                }
                items.swap(selected, selected + 1);
                selected + 1
            }
        };
        if self.commit(Op::SetAgenda(Some(items))) {
            self.select_agenda_row(row);
            match edit {
                Edit::Add => self.notify(words.added),
                Edit::Remove => self.notify(words.removed),
                Edit::MoveUp | Edit::MoveDown => {}
            }
        }
    }

    /// Opens the prompt for a field of the selected item.
    pub(super) fn ask_agenda_field(&mut self, field: AgendaField) {
        let Some(index) = self.agenda_selected() else { return };
        let Some(item) = self.agenda().get(index).cloned() else { return };
        if !matches!(item, AgendaItem::Free { .. }) && field != AgendaField::Title {
            let words = self.lang.agenda();
            self.notify(words.kpi_fields);
            return;
        }
        let input = super::form_keys::prefilled(&field_text(&item, field));
        self.prompt = Some(Prompt::AgendaField { index, field, input });
    }

    /// The row selected on the 前回の指摘事項 screen.
    #[must_use]
    pub fn follow_up_row(&self) -> usize {
        self.topic_row
    }

    /// The 前回の指摘事項 item: its index in the agenda and how many entries.
    fn follow_ups_on_screen(&self) -> Option<(usize, usize)> {
        if self.topic() != Some(crate::domain::session::agenda::FOLLOW_UPS_ID) {
            return None;
        }
        self.agenda().iter().enumerate().find_map(|(i, a)| match a {
            AgendaItem::FollowUps { items, .. } => Some((i, items.len())),
            _ => None,
        })
    }

    /// The agenda is the secretariat's: a member's review copy does not
    /// change it (the notice says why).
    fn refuse_in_review(&mut self) -> bool {
        if self.reviewer().is_none() {
            return false;
        }
        let t = self.lang.texts().review_refused;
        self.warn(t);
        true
    }

    /// ↑/↓ on the 前回の指摘事項 screen.
    pub(super) fn follow_up_cursor(&mut self, up: bool) {
        let Some((_, len)) = self.follow_ups_on_screen() else { return };
        self.topic_row = if up {
            self.topic_row.saturating_sub(1)
        } else {
            (self.topic_row + 1).min(len.saturating_sub(1))
        };
    }

    /// Enter on the 前回の指摘事項 screen: 未着手 → 対応中 → 対応済 → 未着手.
    pub(super) fn cycle_follow_up(&mut self) {
        let Some((index, _)) = self.follow_ups_on_screen() else { return };
        if self.refuse_in_review() {
            return;
        }
        let mut items = self.agenda().into_owned();
        let Some(AgendaItem::FollowUps { items: entries, .. }) = items.get_mut(index) else {
            return;
        };
        let Some(entry) = entries.get_mut(self.topic_row) else { return };
        entry.status = entry.status.next();
        self.commit(Op::SetAgenda(Some(items)));
    }

    /// `o` on the 前回の指摘事項 screen: the note on the selected entry.
    pub(super) fn ask_follow_up_note(&mut self) {
        let Some((index, len)) = self.follow_ups_on_screen() else { return };
        if self.refuse_in_review() {
            return;
        }
        if self.topic_row >= len {
            return;
        }
        let field = AgendaField::EntryNote(self.topic_row);
        let Some(item) = self.agenda().get(index).cloned() else { return };
        let input = super::form_keys::prefilled(&field_text(&item, field));
        self.prompt = Some(Prompt::AgendaField { index, field, input });
    }

    /// The prompt's text saved into the item.
    pub(super) fn save_agenda_field(&mut self, index: usize, field: AgendaField, text: &str) {
        let mut items = self.agenda().into_owned();
        let Some(item) = items.get(index) else {
            self.prompt = None;
            return;
        };
        let Some(new) = with_field(item, field, text) else {
            let words = self.lang.agenda();
            self.warn(words.empty_title);
            return;
        };
        self.prompt = None;
        self.notice = None;
        if &new != item {
            items[index] = new;
            self.commit(Op::SetAgenda(Some(items)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_item_keeps_a_title() {
        let item = AgendaItem::Free {
            id: "x".into(),
            title: "その他".into(),
            document: String::new(),
            note: String::new(),
        };
        assert_eq!(with_field(&item, AgendaField::Title, "  "), None);
        let set = with_field(&item, AgendaField::Document, " 資料3 ").expect("set");
        assert_eq!(field_text(&set, AgendaField::Document), "資料3");
    }
}
