//! The application state: what is loaded, which screens are open, where
//! the cursor is. Rendering reads it; only `update` changes it.

use std::cell::Cell as Memo;
use std::time::Duration;

use ratatui_textarea::TextArea;

use crate::domain::breakdown::{self, Filter, SortKey};
use crate::domain::company::CompanyKind;
use crate::domain::dataset::Dataset;
use crate::domain::ledger::Cell;
use crate::domain::quantity::Quantity;
use crate::i18n::Lang;
use crate::store::dataset_files::Loaded;

use super::action::Action;

/// The kinds of screen, from the top of the drill-down to the bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKind {
    /// KPI × fiscal-year matrix.
    Overview,
    /// One KPI in one fiscal year: the slide.
    Item,
    /// The companies behind the item's number.
    Companies,
    /// One company across every KPI and fiscal year.
    Company,
}

impl ScreenKind {
    /// The actions this screen offers, in the order the help lists them.
    #[must_use]
    pub fn actions(self) -> &'static [Action] {
        use Action as A;
        match self {
            ScreenKind::Overview => &[
                A::Up,
                A::Down,
                A::Left,
                A::Right,
                A::NextItem,
                A::PrevItem,
                A::Enter,
                A::Help,
                A::Quit,
            ],
            ScreenKind::Item => &[
                A::Up,
                A::Down,
                A::Left,
                A::Right,
                A::NextItem,
                A::PrevItem,
                A::Enter,
                A::Back,
                A::Help,
                A::Quit,
            ],
            ScreenKind::Companies => &[
                A::Up,
                A::Down,
                A::Left,
                A::Right,
                A::NextItem,
                A::PrevItem,
                A::Enter,
                A::Back,
                A::Filter,
                A::Sort,
                A::Help,
                A::Quit,
            ],
            ScreenKind::Company => &[A::Up, A::Down, A::Back, A::Help, A::Quit],
        }
    }
}

/// A scrolled list: the rows, the selected one, and the first one drawn.
#[derive(Debug, Default)]
pub struct ListView {
    /// Indices into `Actuals::contributions`.
    pub rows: Vec<usize>,
    pub selected: usize,
    /// The first row drawn. A rendering memo: drawing moves it just enough
    /// to keep the selected row in view, so scrolling does not jump.
    pub offset: Memo<usize>,
}

impl ListView {
    fn new(rows: Vec<usize>) -> Self {
        ListView { rows, selected: 0, offset: Memo::new(0) }
    }

    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn down(&mut self) {
        if self.selected + 1 < self.rows.len() {
            self.selected += 1;
        }
    }

    #[must_use]
    pub fn current(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    /// The first row to draw so that the selected one is among `visible`
    /// rows, moving the remembered offset as little as possible.
    pub fn scroll_to_selection(&self, visible: usize) -> usize {
        let visible = visible.max(1);
        let mut offset = self.offset.get();
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + visible {
            offset = self.selected + 1 - visible;
        }
        offset = offset.min(self.rows.len().saturating_sub(visible));
        self.offset.set(offset);
        offset
    }
}

/// The companies of the current item. Everything shown is computed when
/// the item, filter or sort changes, never per frame.
#[derive(Debug, Default)]
pub struct CompaniesView {
    pub filter_text: String,
    pub filter: Filter,
    pub sort: SortKey,
    pub list: ListView,
    /// How much came from each kind of company (the whole item, unfiltered).
    pub kinds: Vec<(CompanyKind, Quantity)>,
    /// The sum of the rows shown.
    pub shown: Quantity,
}

#[derive(Debug)]
pub struct CompanyView {
    /// Index into `Actuals::companies`.
    pub company: usize,
    pub list: ListView,
}

#[derive(Debug)]
pub enum Screen {
    Overview,
    Item,
    Companies(CompaniesView),
    Company(CompanyView),
}

impl Screen {
    #[must_use]
    pub fn kind(&self) -> ScreenKind {
        match self {
            Screen::Overview => ScreenKind::Overview,
            Screen::Item => ScreenKind::Item,
            Screen::Companies(_) => ScreenKind::Companies,
            Screen::Company(_) => ScreenKind::Company,
        }
    }
}

/// A line of text being typed at the bottom of the screen.
pub enum Prompt {
    /// The companies filter; `before` is restored by Esc.
    Filter { input: TextArea<'static>, before: String },
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
    /// Open screens; the first is always the overview.
    pub stack: Vec<Screen>,
    pub cursor: Cursor,
    pub help: bool,
    pub prompt: Option<Prompt>,
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
            stack: vec![Screen::Overview],
            cursor: Cursor::default(),
            help: false,
            prompt: None,
            notice: None,
            elapsed: Duration::ZERO,
            quit: false,
        }
    }

    #[must_use]
    pub fn data(&self) -> &Dataset {
        &self.loaded.dataset
    }

    #[must_use]
    pub fn screen(&self) -> &Screen {
        self.stack.last().unwrap_or(&Screen::Overview)
    }

    #[must_use]
    pub fn screen_kind(&self) -> ScreenKind {
        self.screen().kind()
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

    /// A companies view of the current item with a filter and sort.
    #[must_use]
    pub fn companies_view(&self, filter_text: &str, sort: SortKey) -> CompaniesView {
        let data = self.data();
        let filter = Filter::new(filter_text);
        let position = |id: &str| data.ledger.company_position(id);
        let (rows, kinds) = match self.current_cell() {
            Some(cell) => (
                breakdown::select(&data.actuals, position, cell, &filter, sort),
                breakdown::by_kind(&data.actuals, position, cell).to_vec(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let shown = rows.iter().map(|&i| data.actuals.contributions[i].value).sum();
        CompaniesView {
            filter_text: filter_text.to_string(),
            filter,
            sort,
            list: ListView::new(rows),
            kinds,
            shown,
        }
    }

    /// A view of one company's contributions across the plan.
    #[must_use]
    pub fn company_view(&self, company: usize) -> CompanyView {
        let rows = self.data().ledger.company_contributions(company).to_vec();
        CompanyView { company, list: ListView::new(rows) }
    }
}
