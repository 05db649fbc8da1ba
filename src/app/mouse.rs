//! The mouse: a click selects what is under it, a double click drills down,
//! the wheel scrolls. The keyboard remains enough for everything.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::action::Action;
use super::state::{App, Hit, Screen};
use super::update::update;

/// Two clicks on the same thing within this are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(450);

/// What the last frame drew at a position.
fn hit_at(app: &App, column: u16, row: u16) -> Option<Hit> {
    app.hits
        .borrow()
        .iter()
        .find(|(r, _)| column >= r.x && column < r.right() && row >= r.y && row < r.bottom())
        .map(|(_, h)| *h)
}

pub fn handle_mouse(app: &mut App, event: MouseEvent, at: Instant) {
    if app.overlay.is_some() || app.prompt.is_some() || app.help {
        return;
    }
    match event.kind {
        MouseEventKind::ScrollDown => update(app, Action::Down),
        MouseEventKind::ScrollUp => update(app, Action::Up),
        MouseEventKind::Down(MouseButton::Left) => {
            let Some(hit) = hit_at(app, event.column, event.row) else { return };
            let double = app
                .last_click
                .is_some_and(|(h, t)| h == hit && at.duration_since(t) <= DOUBLE_CLICK);
            app.last_click = if double { None } else { Some((hit, at)) };
            select(app, hit);
            if double {
                update(app, Action::Enter);
            }
        }
        _ => {}
    }
}

/// Selects what was clicked, as the arrow keys would.
fn select(app: &mut App, hit: Hit) {
    let before = app.cursor;
    match (hit, app.stack.last_mut()) {
        (Hit::Cell { kpi, year }, _) => app.cursor = super::state::Cursor { kpi, year },
        (Hit::Year(year), _) => app.cursor.year = year,
        (Hit::Row(i), Some(Screen::Companies(v))) if i < v.list.rows.len() => v.list.selected = i,
        (Hit::Row(i), Some(Screen::Company(v))) if i < v.list.rows.len() => v.list.selected = i,
        (Hit::Row(i), Some(Screen::Sheet(v))) => v.selected = i,
        _ => {}
    }
    if app.cursor != before {
        app.item_since = app.now;
        app.timebox_warned = false;
        app.record_position();
    }
}
