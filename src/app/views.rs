//! The state of the list screens: selection, scrolling, filter and sort.

use std::cell::Cell as Memo;
use std::sync::Arc;

use crate::domain::breakdown::{Filter, SortKey};
use crate::domain::company::CompanyKind;
use crate::domain::quantity::Quantity;

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
    #[must_use]
    pub fn new(rows: Vec<usize>) -> Self {
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
    /// The item listed: KPI and fiscal year (positions in the plan).
    pub item: (usize, usize),
    pub filter_text: String,
    pub filter: Filter,
    pub sort: SortKey,
    pub list: ListView,
    /// How much came from each kind of company (the whole item, unfiltered).
    pub kinds: Vec<(CompanyKind, Quantity)>,
    /// The sum of the rows shown.
    pub shown: Quantity,
    /// The lists of the wider filters this one was narrowed from, the
    /// widest first (same item and sort): deleting a typed character goes
    /// back to one of them instead of listing the item afresh.
    pub wider: Vec<(Filter, Arc<[usize]>)>,
}

#[derive(Debug)]
pub struct CompanyView {
    /// Index into `Actuals::companies`.
    pub company: usize,
    pub list: ListView,
}
