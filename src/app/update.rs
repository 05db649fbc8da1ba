//! `update`: the only place the state changes, one action at a time.

use super::action::Action;
use super::state::{App, Screen};

/// Applies one action.
pub fn update(app: &mut App, action: Action) {
    if app.help {
        // The help overlay takes the keys that close it; quitting still works.
        match action {
            Action::Help | Action::Back => app.help = false,
            Action::Quit => app.quit = true,
            _ => {}
        }
        return;
    }
    app.notice = None;
    let kpis = app.data().plan.kpis.len();
    let years = app.data().plan.fiscal_years.len();
    match action {
        Action::Up => app.cursor.kpi = app.cursor.kpi.saturating_sub(1),
        Action::Down => {
            if app.cursor.kpi + 1 < kpis {
                app.cursor.kpi += 1;
            }
        }
        Action::Left => app.cursor.year = app.cursor.year.saturating_sub(1),
        Action::Right => {
            if app.cursor.year + 1 < years {
                app.cursor.year += 1;
            }
        }
        Action::NextItem => {
            let (pos, len) = app.agenda_position();
            if pos < len {
                app.set_agenda_position(pos);
            } else {
                let t = app.lang.texts().last_item;
                app.notify(t);
            }
        }
        Action::PrevItem => {
            let (pos, _) = app.agenda_position();
            if pos > 1 {
                app.set_agenda_position(pos - 2);
            } else {
                let t = app.lang.texts().first_item;
                app.notify(t);
            }
        }
        Action::Enter => {
            if app.screen == Screen::Overview {
                app.screen = Screen::Item;
            }
        }
        Action::Back => {
            if app.screen == Screen::Item {
                app.screen = Screen::Overview;
            }
        }
        Action::Help => app.help = true,
        Action::Quit => app.quit = true,
        Action::NewRemark
        | Action::Judgment
        | Action::Filter
        | Action::Sort
        | Action::SessionSheet
        | Action::Minutes
        | Action::Export
        | Action::Undo => {
            let t = app.lang.texts().not_yet;
            app.notify(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::Cursor;
    use crate::i18n::Lang;
    use crate::store::embedded;

    fn app() -> App {
        App::new(embedded::load().expect("embedded default"), Lang::Ja)
    }

    #[test]
    fn stepping_visits_every_item_in_plan_order() {
        let mut app = app();
        let mut seen = vec![app.cursor];
        for _ in 0..20 {
            update(&mut app, Action::NextItem);
            if seen.last() != Some(&app.cursor) {
                seen.push(app.cursor);
            }
        }
        assert_eq!(seen.len(), 9);
        assert_eq!(seen[3], Cursor { kpi: 1, year: 0 });
        assert_eq!(seen[8], Cursor { kpi: 2, year: 2 });
        assert_eq!(app.notice.as_ref().map(|n| n.text.as_str()), Some("最後の議題です"));
        for _ in 0..20 {
            update(&mut app, Action::PrevItem);
        }
        assert_eq!(app.cursor, Cursor { kpi: 0, year: 0 });
        assert_eq!(app.agenda_position(), (1, 9));
    }

    #[test]
    fn arrows_stop_at_the_edges() {
        let mut app = app();
        update(&mut app, Action::Up);
        update(&mut app, Action::Left);
        assert_eq!(app.cursor, Cursor { kpi: 0, year: 0 });
        for _ in 0..5 {
            update(&mut app, Action::Down);
            update(&mut app, Action::Right);
        }
        assert_eq!(app.cursor, Cursor { kpi: 2, year: 2 });
    }

    #[test]
    fn enter_and_escape_move_between_overview_and_item() {
        let mut app = app();
        update(&mut app, Action::Enter);
        assert_eq!(app.screen, Screen::Item);
        update(&mut app, Action::NextItem);
        assert_eq!(app.screen, Screen::Item);
        assert_eq!(app.agenda_position(), (2, 9));
        update(&mut app, Action::Back);
        assert_eq!(app.screen, Screen::Overview);
    }

    #[test]
    fn help_swallows_keys_until_closed() {
        let mut app = app();
        update(&mut app, Action::Help);
        update(&mut app, Action::Down);
        assert!(app.help);
        assert_eq!(app.cursor.kpi, 0);
        update(&mut app, Action::Back);
        assert!(!app.help);
        update(&mut app, Action::Help);
        update(&mut app, Action::Quit);
        assert!(app.quit);
    }
}
