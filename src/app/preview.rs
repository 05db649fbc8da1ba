//! The import preview's state: which sheet, row and column are in view,
//! and what a key decides. Enter writes only an import without errors;
//! Esc (or q) writes nothing.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::i18n::Lang;
use crate::import::reconciliation::Reconciliation;

/// What the user decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Write,
    Discard,
}

#[derive(Debug, Clone)]
pub struct Preview {
    pub rec: Reconciliation,
    pub lang: Lang,
    /// Index into the reconciliation's sheets.
    pub sheet: usize,
    /// The selected row (index into the sheet's table rows).
    pub row: usize,
    /// The first column in view (cell index).
    pub column: usize,
    /// Rows moved by PageUp and PageDown.
    pub page: usize,
}

impl Preview {
    #[must_use]
    pub fn new(rec: Reconciliation, lang: Lang) -> Self {
        // The first refused row is the first to see.
        let (sheet, row) = rec
            .rows
            .iter()
            .find(|r| matches!(r.fate, crate::import::reconciliation::Fate::Refused(_)))
            .map_or((0, 0), |r| (r.sheet, r.index));
        Preview { rec, lang, sheet, row, column: 0, page: 10 }
    }

    /// Whether Enter may write.
    #[must_use]
    pub fn can_write(&self) -> bool {
        self.rec.errors.is_empty()
    }

    fn rows(&self) -> usize {
        self.rec.sheets.get(self.sheet).map_or(0, |s| s.table.rows.len())
    }

    fn width(&self) -> usize {
        self.rec
            .sheets
            .get(self.sheet)
            .map_or(0, |s| s.table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0))
    }

    /// Applies a key; `Some` when the preview is over.
    pub fn key(&mut self, key: KeyEvent) -> Option<Decision> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let last = self.rows().saturating_sub(1);
        match key.code {
            KeyCode::Enter if self.can_write() => return Some(Decision::Write),
            KeyCode::Esc | KeyCode::Char('q') => return Some(Decision::Discard),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return Some(Decision::Discard);
            }
            KeyCode::Down | KeyCode::Char('j') => self.row = (self.row + 1).min(last),
            KeyCode::Up | KeyCode::Char('k') => self.row = self.row.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.row = (self.row + self.page).min(last),
            KeyCode::PageUp => self.row = self.row.saturating_sub(self.page),
            KeyCode::Home => self.row = 0,
            KeyCode::End => self.row = last,
            KeyCode::Right | KeyCode::Char('l') => {
                self.column = (self.column + 1).min(self.width().saturating_sub(1));
            }
            KeyCode::Left | KeyCode::Char('h') => self.column = self.column.saturating_sub(1),
            KeyCode::Tab if !self.rec.sheets.is_empty() => {
                self.sheet = (self.sheet + 1) % self.rec.sheets.len();
                (self.row, self.column) = (0, 0);
            }
            _ => {}
        }
        None
    }
}
