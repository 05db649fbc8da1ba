//! The mouse: a click selects what is under it, a double click drills down,
//! the wheel scrolls. Each becomes an action and passes the same gate as
//! the keys (the projector's follower, say, offers none of them). The
//! keyboard remains enough for everything.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::action::Action;
use super::effect::Effect;
use super::state::{App, Hit, Screen};
use super::update::act;

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

/// A mouse event; returns what the runtime must carry out.
pub fn handle_mouse(app: &mut App, event: MouseEvent, at: Instant) -> Vec<Effect> {
    if app.overlay.is_some() || app.prompt.is_some() || app.help {
        return Vec::new();
    }
    match event.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            wheel(app, event.kind == MouseEventKind::ScrollDown, event.column, event.row);
        }
        MouseEventKind::Down(MouseButton::Left) => {
            let Some(hit) = hit_at(app, event.column, event.row) else {
                return Vec::new();
            };
            let double = app
                .last_click
                .is_some_and(|(h, t)| h == hit && at.duration_since(t) <= DOUBLE_CLICK);
            app.last_click = if double { None } else { Some((hit, at)) };
            app.pointer = Some(hit);
            act(app, if double { Action::Open } else { Action::Select });
        }
        _ => {}
    }
    app.take_effects()
}

/// The wheel scrolls the list or panel under the pointer. It never moves
/// the agenda item everyone is looking at: on the overview it scrolls the
/// rows, on the item screen only a selected remark list.
fn wheel(app: &mut App, down: bool, column: u16, row: u16) {
    let action = if down { Action::Down } else { Action::Up };
    let under: Vec<Hit> = app
        .hits
        .borrow()
        .iter()
        .filter(|(r, _)| column >= r.x && column < r.right() && row >= r.y && row < r.bottom())
        .map(|(_, h)| *h)
        .collect();
    if app.is_follower() {
        return;
    }
    match app.screen() {
        Screen::Companies(_)
        | Screen::Company(_)
        | Screen::Sheet(_)
        | Screen::Minutes(_)
        | Screen::Topic(_)
        | Screen::Agenda(_)
        | Screen::Years(_) => {
            act(app, action);
        }
        Screen::Overview | Screen::Item => {
            if app.remark_focus.is_some() && under.contains(&Hit::Remarks) {
                act(app, action);
            } else if matches!(app.screen(), Screen::Overview) && !under.contains(&Hit::Remarks) {
                let kpis = app.data().plan.kpis.len();
                let first = app.overview_scroll.get();
                let next = if down {
                    (first + 1).min(kpis.saturating_sub(1))
                } else {
                    first.saturating_sub(1)
                };
                app.overview_scroll.set(next);
            }
        }
    }
}

/// Selects what was clicked, as the arrow keys would.
pub(super) fn select(app: &mut App, hit: Hit) {
    match (hit, app.stack.last_mut()) {
        (Hit::Cell { kpi, year }, _) => app.cursor = super::state::Cursor { kpi, year },
        (Hit::Year(year), _) => app.cursor.year = year,
        (Hit::Row(i), Some(Screen::Companies(v))) if i < v.list.rows.len() => v.list.selected = i,
        (Hit::Row(i), Some(Screen::Company(v))) if i < v.list.rows.len() => v.list.selected = i,
        (Hit::Row(i), Some(Screen::Sheet(v))) => v.selected = i,
        (Hit::Row(i), Some(Screen::Agenda(v))) => v.selected = i,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{Cursor, Mode};
    use crate::i18n::Lang;
    use crossterm::event::KeyModifiers;
    use ratatui::layout::Rect;

    fn app() -> App {
        let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
        App::in_memory(crate::store::embedded::load().expect("embedded"), Lang::Ja, now)
    }

    fn click(app: &mut App, at: Instant) -> Vec<Effect> {
        let event = MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 5,
            row: 5,
            modifiers: KeyModifiers::NONE,
        };
        handle_mouse(app, event, at)
    }

    fn with_cell_under_pointer(app: &App) {
        let cell = Hit::Cell { kpi: 1, year: 2 };
        app.hits.borrow_mut().push((Rect::new(0, 0, 10, 10), cell));
    }

    #[test]
    fn a_click_selects_and_a_double_click_opens() {
        let mut app = app();
        with_cell_under_pointer(&app);
        let t = Instant::now();
        let effects = click(&mut app, t);
        assert_eq!(app.cursor, Cursor { kpi: 1, year: 2 });
        assert!(
            matches!(
                effects.as_slice(),
                [Effect::Record { op: crate::domain::session::Op::SetPosition(_), .. }]
            ),
            "the new position is recorded: {effects:?}"
        );
        click(&mut app, t + Duration::from_millis(100));
        assert_eq!(app.screen_kind(), crate::app::state::ScreenKind::Item);
    }

    #[test]
    fn a_click_on_the_follower_changes_nothing() {
        let mut app = app();
        app.set_mode(Mode::Following(std::path::PathBuf::from("m.ron")));
        with_cell_under_pointer(&app);
        let t = Instant::now();
        assert!(click(&mut app, t).is_empty());
        assert!(click(&mut app, t + Duration::from_millis(100)).is_empty());
        assert_eq!(app.cursor, Cursor::default(), "the projector shows what the secretary shows");
        assert_eq!(app.screen_kind(), crate::app::state::ScreenKind::Overview);
        let wheel = MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 5,
            row: 5,
            modifiers: KeyModifiers::NONE,
        };
        handle_mouse(&mut app, wheel, t);
        assert_eq!(app.cursor, Cursor::default());
    }
}
