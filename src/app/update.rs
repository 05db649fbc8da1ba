//! `update`: the only place the state changes, one action or key at a time.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use ratatui_textarea::TextArea;

use crate::domain::breakdown::SortKey;

use super::action::Action;
use super::keymap::action_for;
use super::state::{App, Prompt, Screen};

/// A key press: typed into the open prompt, or looked up in the keymap.
pub fn handle_key(app: &mut App, key: KeyEvent) {
    if key.kind == KeyEventKind::Release {
        return;
    }
    if app.prompt.is_some() {
        prompt_key(app, key);
    } else if let Some(action) = action_for(&key) {
        update(app, action);
    }
}

/// Pasted text goes into the open prompt, as one line.
pub fn handle_paste(app: &mut App, text: &str) {
    if let Some(Prompt::Filter { input, .. }) = &mut app.prompt {
        input.insert_str(text.replace(['\r', '\n'], " "));
        apply_filter(app);
    }
}

fn prompt_key(app: &mut App, key: KeyEvent) {
    let Some(Prompt::Filter { input, before }) = &mut app.prompt else { return };
    match key.code {
        KeyCode::Enter => {
            app.prompt = None;
        }
        KeyCode::Esc => {
            let before = std::mem::take(before);
            app.prompt = None;
            set_filter(app, &before);
        }
        _ => {
            if input.input(key) {
                apply_filter(app);
            }
        }
    }
}

fn apply_filter(app: &mut App) {
    let text = match &app.prompt {
        Some(Prompt::Filter { input, .. }) => input.lines().join(" "),
        None => return,
    };
    set_filter(app, &text);
}

fn set_filter(app: &mut App, text: &str) {
    let Some(Screen::Companies(view)) = app.stack.last() else { return };
    let view = app.companies_view(text, view.sort);
    if let Some(top) = app.stack.last_mut() {
        *top = Screen::Companies(view);
    }
}

/// After the cursor moved to another item, the open companies list shows
/// that item's companies with the same filter and sort.
fn refresh_companies(app: &mut App) {
    if let Some(Screen::Companies(view)) = app.stack.last() {
        let text = view.filter_text.clone();
        set_filter(app, &text);
    }
}

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
    let kind = app.screen_kind();
    if !kind.actions().contains(&action) {
        if !matches!(action, Action::Enter | Action::Back) {
            let t = app.lang.texts().not_here;
            app.notify(t);
        }
        return;
    }
    match action {
        Action::Up | Action::Down => move_vertically(app, action == Action::Up),
        Action::Left | Action::Right => {
            let years = app.data().plan.fiscal_years.len();
            let before = app.cursor;
            if action == Action::Left {
                app.cursor.year = app.cursor.year.saturating_sub(1);
            } else if app.cursor.year + 1 < years {
                app.cursor.year += 1;
            }
            if app.cursor != before {
                refresh_companies(app);
            }
        }
        Action::NextItem | Action::PrevItem => step_agenda(app, action == Action::NextItem),
        Action::Enter => drill_down(app),
        Action::Back => {
            if app.stack.len() > 1 {
                app.stack.pop();
            }
        }
        Action::Filter => {
            let before = match app.screen() {
                Screen::Companies(view) => view.filter_text.clone(),
                _ => return,
            };
            let mut input = TextArea::new(vec![before.clone()]);
            input.move_cursor(ratatui_textarea::CursorMove::End);
            app.prompt = Some(Prompt::Filter { input, before });
        }
        Action::Sort => {
            let Some(Screen::Companies(view)) = app.stack.last() else { return };
            let view = app.companies_view(&view.filter_text.clone(), view.sort.next());
            if let Some(top) = app.stack.last_mut() {
                *top = Screen::Companies(view);
            }
        }
        Action::Help => app.help = true,
        Action::Quit => app.quit = true,
        Action::NewRemark
        | Action::Judgment
        | Action::SessionSheet
        | Action::Minutes
        | Action::Export
        | Action::Undo => {
            let t = app.lang.texts().not_yet;
            app.notify(t);
        }
    }
}

fn move_vertically(app: &mut App, up: bool) {
    let kpis = app.data().plan.kpis.len();
    let list = match app.stack.last_mut() {
        Some(Screen::Companies(view)) => Some(&mut view.list),
        Some(Screen::Company(view)) => Some(&mut view.list),
        _ => None,
    };
    match list {
        Some(list) if up => list.up(),
        Some(list) => list.down(),
        None if up => app.cursor.kpi = app.cursor.kpi.saturating_sub(1),
        None => {
            if app.cursor.kpi + 1 < kpis {
                app.cursor.kpi += 1;
            }
        }
    }
}

fn step_agenda(app: &mut App, forward: bool) {
    let (pos, len) = app.agenda_position();
    if forward && pos < len {
        app.set_agenda_position(pos);
    } else if !forward && pos > 1 {
        app.set_agenda_position(pos - 2);
    } else {
        let t = app.lang.texts();
        let text = if forward { t.last_item } else { t.first_item };
        app.notify(text);
        return;
    }
    refresh_companies(app);
}

fn drill_down(app: &mut App) {
    match app.screen() {
        Screen::Overview => app.stack.push(Screen::Item),
        Screen::Item => {
            let view = app.companies_view("", SortKey::default());
            app.stack.push(Screen::Companies(view));
        }
        Screen::Companies(view) => {
            let Some(i) = view.list.current() else { return };
            let data = app.data();
            let Some(company) =
                data.ledger.company_position(&data.actuals.contributions[i].company)
            else {
                return;
            };
            let view = app.company_view(company);
            app.stack.push(Screen::Company(view));
        }
        Screen::Company(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::state::{Cursor, ScreenKind};
    use crate::i18n::Lang;
    use crate::store::embedded;
    use crossterm::event::KeyModifiers;

    fn app() -> App {
        App::new(embedded::load().expect("embedded default"), Lang::Ja)
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            handle_key(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    fn companies(app: &App) -> &crate::app::state::CompaniesView {
        match app.screen() {
            Screen::Companies(v) => v,
            other => panic!("expected the companies screen, found {:?}", other.kind()),
        }
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
    fn enter_and_escape_walk_down_and_back_the_same_way() {
        let mut app = app();
        update(&mut app, Action::Enter);
        assert_eq!(app.screen_kind(), ScreenKind::Item);
        update(&mut app, Action::NextItem);
        assert_eq!(app.agenda_position(), (2, 9));
        update(&mut app, Action::Enter);
        assert_eq!(app.screen_kind(), ScreenKind::Companies);
        assert_eq!(companies(&app).list.rows.len(), 9, "新規移動人数 2017 has nine companies");
        update(&mut app, Action::Enter);
        assert_eq!(app.screen_kind(), ScreenKind::Company);
        for expected in [ScreenKind::Companies, ScreenKind::Item, ScreenKind::Overview] {
            update(&mut app, Action::Back);
            assert_eq!(app.screen_kind(), expected);
        }
        update(&mut app, Action::Back);
        assert_eq!(app.screen_kind(), ScreenKind::Overview);
    }

    #[test]
    fn the_company_screen_shows_the_selected_company() {
        let mut app = app();
        update(&mut app, Action::Enter);
        update(&mut app, Action::Enter);
        update(&mut app, Action::Down);
        let chosen = companies(&app).list.current().expect("row");
        let id = app.data().actuals.contributions[chosen].company.clone();
        update(&mut app, Action::Enter);
        let Screen::Company(view) = app.screen() else { panic!("company screen") };
        assert_eq!(app.data().actuals.companies[view.company].id, id);
        assert!(view.list.rows.iter().all(|&i| app.data().actuals.contributions[i].company == id));
    }

    #[test]
    fn filter_is_live_and_escape_restores_the_previous_one() {
        let mut app = app();
        app.cursor = Cursor { kpi: 0, year: 2 };
        update(&mut app, Action::Enter);
        update(&mut app, Action::Enter);
        update(&mut app, Action::Filter);
        type_text(&mut app, "港区");
        assert_eq!(companies(&app).list.rows.len(), 1);
        handle_key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert!(app.prompt.is_none());
        assert_eq!(companies(&app).filter_text, "港区");
        update(&mut app, Action::Filter);
        type_text(&mut app, "ZZZ");
        assert_eq!(companies(&app).list.rows.len(), 0);
        handle_key(&mut app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        assert_eq!(companies(&app).filter_text, "港区");
        assert_eq!(companies(&app).list.rows.len(), 1);
    }

    #[test]
    fn keys_typed_into_the_filter_are_not_commands() {
        let mut app = app();
        update(&mut app, Action::Enter);
        update(&mut app, Action::Enter);
        update(&mut app, Action::Filter);
        type_text(&mut app, "q?");
        assert!(!app.quit);
        assert!(!app.help);
        handle_paste(&mut app, "東京\n都");
        assert_eq!(companies(&app).filter_text, "q?東京 都");
    }

    #[test]
    fn sort_cycles_and_left_right_follow_the_year() {
        let mut app = app();
        update(&mut app, Action::Enter);
        update(&mut app, Action::Enter);
        assert_eq!(companies(&app).list.rows.len(), 3);
        update(&mut app, Action::Sort);
        assert_eq!(companies(&app).sort, crate::domain::breakdown::SortKey::Name);
        update(&mut app, Action::Right);
        assert_eq!(companies(&app).list.rows.len(), 9, "2017 has nine companies");
        assert_eq!(companies(&app).sort, crate::domain::breakdown::SortKey::Name);
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

    #[test]
    fn the_list_keeps_the_selection_in_view() {
        let mut app = app();
        app.cursor = Cursor { kpi: 1, year: 2 };
        update(&mut app, Action::Enter);
        update(&mut app, Action::Enter);
        for _ in 0..8 {
            update(&mut app, Action::Down);
        }
        let list = &companies(&app).list;
        assert_eq!(list.scroll_to_selection(4), 5);
        for _ in 0..3 {
            update(&mut app, Action::Up);
        }
        let list = &companies(&app).list;
        assert_eq!(list.selected, 5);
        assert_eq!(list.scroll_to_selection(4), 5, "moving up inside the view does not scroll");
    }
}
