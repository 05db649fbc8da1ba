//! Width-aware table rows: every cell is measured in display columns, cut
//! with an ellipsis by width and padded, so Japanese text lines up.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::text::{pad_left, pad_right};

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub width: usize,
    /// Numbers line up on the right.
    pub right: bool,
}

impl Column {
    #[must_use]
    pub const fn left(width: usize) -> Self {
        Column { width, right: false }
    }

    #[must_use]
    pub const fn right(width: usize) -> Self {
        Column { width, right: true }
    }
}

/// The gap between columns.
pub const GAP: &str = " ";

/// Total width of the columns with their gaps.
#[must_use]
pub fn total_width(columns: &[Column]) -> usize {
    columns.iter().map(|c| c.width).sum::<usize>() + columns.len().saturating_sub(1)
}

/// One row: each cell cut and padded to its column.
#[must_use]
pub fn row<'a>(columns: &[Column], cells: &[&str], style: Style) -> Line<'a> {
    let mut spans = Vec::with_capacity(columns.len() * 2);
    for (i, (col, cell)) in columns.iter().zip(cells).enumerate() {
        if i > 0 {
            spans.push(Span::styled(GAP, style));
        }
        let text = if col.right { pad_left(cell, col.width) } else { pad_right(cell, col.width) };
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}

/// Gives `flex` columns (width 0 in `columns`) the room the fixed ones
/// leave in `total`, shared equally, at least `min` each.
pub fn share_room(columns: &mut [Column], total: usize, min: usize) {
    let flex = columns.iter().filter(|c| c.width == 0).count();
    if flex == 0 {
        return;
    }
    let fixed: usize =
        columns.iter().map(|c| c.width).sum::<usize>() + columns.len().saturating_sub(1);
    let room = total.saturating_sub(fixed) / flex;
    for c in columns.iter_mut().filter(|c| c.width == 0) {
        c.width = room.max(min);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width;

    #[test]
    fn rows_have_the_same_width_whatever_the_script() {
        let cols = [Column::left(8), Column::right(5)];
        let a = row(&cols, &["北見市役所の会議室", "12"], Style::new());
        let b = row(&cols, &["abc", "1,234"], Style::new());
        let w = |l: &Line| l.spans.iter().map(|s| width(&s.content)).sum::<usize>();
        assert_eq!(w(&a), 14);
        assert_eq!(w(&b), 14);
        assert_eq!(a.spans[0].content, "北見市… ");
    }

    #[test]
    fn flexible_columns_share_the_room() {
        let mut cols = [Column::left(0), Column::right(5), Column::left(0)];
        share_room(&mut cols, 30, 4);
        assert_eq!(cols[0].width, 11);
        assert_eq!(cols[2].width, 11);
    }
}
