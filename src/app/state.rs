//! The application state: what is loaded, which screen is shown, where the
//! cursor is. Rendering reads it; only `update` changes it.

use std::time::Duration;

use crate::domain::dataset::Dataset;
use crate::domain::ledger::Cell;
use crate::i18n::Lang;
use crate::store::dataset_files::Loaded;

use super::action::Action;

/// The screens, from the top of the drill-down to the bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// KPI × fiscal-year matrix.
    Overview,
    /// One KPI in one fiscal year: the slide.
    Item,
}

impl Screen {
    /// The actions this screen offers, in the order the help lists them.
    #[must_use]
    pub fn actions(self) -> &'static [Action] {
        match self {
            Screen::Overview => &[
                Action::Up,
                Action::Down,
                Action::Left,
                Action::Right,
                Action::NextItem,
                Action::PrevItem,
                Action::Enter,
                Action::Help,
                Action::Quit,
            ],
            Screen::Item => &[
                Action::Up,
                Action::Down,
                Action::Left,
                Action::Right,
                Action::NextItem,
                Action::PrevItem,
                Action::Back,
                Action::Help,
                Action::Quit,
            ],
        }
    }
}

/// The selected KPI (row) and fiscal year (column).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub kpi: usize,
    pub year: usize,
}

/// A short message on the status line, replaced by the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub loaded: Loaded,
    pub lang: Lang,
    pub screen: Screen,
    pub cursor: Cursor,
    pub help: bool,
    pub notice: Option<Notice>,
    /// Time since the meeting started, updated by the event loop.
    pub elapsed: Duration,
    pub quit: bool,
}

impl App {
    #[must_use]
    pub fn new(loaded: Loaded, lang: Lang) -> Self {
        App {
            loaded,
            lang,
            screen: Screen::Overview,
            cursor: Cursor::default(),
            help: false,
            notice: None,
            elapsed: Duration::ZERO,
            quit: false,
        }
    }

    #[must_use]
    pub fn data(&self) -> &Dataset {
        &self.loaded.dataset
    }

    /// The selected KPI × fiscal year.
    #[must_use]
    pub fn current_cell(&self) -> Option<&Cell> {
        self.data().ledger.cell(self.cursor.kpi, self.cursor.year)
    }

    /// 1-based position of the cursor in the agenda, and the agenda length.
    #[must_use]
    pub fn agenda_position(&self) -> (usize, usize) {
        let years = self.data().plan.fiscal_years.len();
        (self.cursor.kpi * years + self.cursor.year + 1, self.data().agenda_len())
    }

    pub fn set_agenda_position(&mut self, index: usize) {
        let years = self.data().plan.fiscal_years.len().max(1);
        self.cursor = Cursor { kpi: index / years, year: index % years };
    }

    pub fn notify(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice { text: text.into(), error: false });
    }
}
