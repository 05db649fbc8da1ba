//! The start screen: the sessions of the folder, the most relevant one
//! selected, Enter to open it, `n` for a new meeting (its date asked
//! first, since the file is named after it).

use std::path::PathBuf;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use ratatui_textarea::TextArea;

use crate::domain::fiscal::parse_date;
use crate::i18n::Lang;
use crate::store::session_list::{Listed, most_relevant};

use super::form_keys::{FormKey, form_key};

/// What the secretary chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Open(PathBuf),
    New(NaiveDate),
    /// A new meeting whose agenda follows up the earlier session's action
    /// items (前回の指摘事項).
    NewFrom(NaiveDate, PathBuf),
    Quit,
}

pub struct Picker {
    pub lang: Lang,
    pub listed: Vec<Listed>,
    pub selected: usize,
    /// The date of a new meeting, while it is typed.
    pub new_date: Option<TextArea<'static>>,
    /// Why the last choice could not be taken.
    pub message: Option<String>,
    pub today: NaiveDate,
    /// The plan of the new meeting (its SHA-256): an earlier session of
    /// the same plan is offered to follow up.
    pub plan_sha256: String,
    /// The new meeting's date, and the earlier session offered (its path
    /// and how the start screen names it), while the offer is asked.
    pub offer: Option<(NaiveDate, PathBuf, String)>,
}

impl Picker {
    #[must_use]
    pub fn new(listed: Vec<Listed>, today: NaiveDate, lang: Lang) -> Picker {
        let selected = most_relevant(&listed, today).unwrap_or(0);
        Picker {
            lang,
            listed,
            selected,
            new_date: None,
            message: None,
            today,
            plan_sha256: String::new(),
            offer: None,
        }
    }

    /// Takes a key; a choice ends the start screen.
    pub fn key(&mut self, key: KeyEvent) -> Option<Choice> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let t = self.lang.texts();
        if let Some((date, path, _)) = self.offer.clone() {
            match key.code {
                KeyCode::Char('y') | KeyCode::Enter => return Some(Choice::NewFrom(date, path)),
                KeyCode::Char('n') => return Some(Choice::New(date)),
                KeyCode::Esc => self.offer = None,
                _ => {}
            }
            return None;
        }
        if let Some(input) = self.new_date.as_mut() {
            match form_key(&key) {
                Some(FormKey::Save) => {
                    let text = input.lines().join("");
                    if let Some(date) = parse_date(&text) {
                        if let Some((path, label)) = self.earlier_than(date) {
                            self.new_date = None;
                            self.offer = Some((date, path, label));
                            return None;
                        }
                        return Some(Choice::New(date));
                    }
                    self.message = Some(format!("{}: {text}", t.bad_date));
                }
                Some(FormKey::Cancel) => {
                    self.new_date = None;
                    self.message = None;
                }
                _ => {
                    if !matches!(key.code, KeyCode::Char(c) if crate::text::is_unsafe(c)) {
                        input.input(key);
                    }
                }
            }
            return None;
        }
        self.message = None;
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(self.listed.len().saturating_sub(1));
            }
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = self.listed.len().saturating_sub(1),
            KeyCode::Enter => {
                let listed = self.listed.get(self.selected)?;
                match &listed.content {
                    Ok(_) if listed.open_elsewhere => {
                        self.message = Some(self.lang.day().picker_open_elsewhere.to_string());
                    }
                    Ok(_) => return Some(Choice::Open(listed.path.clone())),
                    Err(reason) => self.message = Some(reason.clone()),
                }
            }
            KeyCode::Char('n') => {
                self.new_date = Some(super::form_keys::prefilled(&self.today.to_string()));
            }
            KeyCode::Char('q') | KeyCode::Esc => return Some(Choice::Quit),
            _ => {}
        }
        None
    }

    /// Pasted text goes into the new meeting's date, if it is being
    /// typed (it was dropped), on one line.
    pub fn paste(&mut self, text: &str) {
        if let Some(input) = self.new_date.as_mut() {
            input.insert_str(super::editor::one_line(text).0);
        }
    }

    /// The latest readable session of the same plan before `date`, to
    /// follow up: its path and `title（date）`.
    fn earlier_than(&self, date: NaiveDate) -> Option<(PathBuf, String)> {
        self.listed
            .iter()
            .filter_map(|l| {
                let s = l.content.as_ref().ok()?;
                let same_plan = s.plan_sha256.is_empty()
                    || self.plan_sha256.is_empty()
                    || s.plan_sha256 == self.plan_sha256;
                let day = s.date.filter(|d| *d < date && same_plan)?;
                Some((
                    day,
                    l.path.clone(),
                    format!("{}{}", s.title, self.lang.paren(&day.to_string())),
                ))
            })
            .max_by_key(|(day, _, _)| *day)
            .map(|(_, path, label)| (path, label))
    }

    /// A click on row `row` of the list selects it; a second click opens it.
    pub fn click(&mut self, row: usize) -> Option<Choice> {
        if row >= self.listed.len() || self.new_date.is_some() {
            return None;
        }
        if row == self.selected {
            return self.key(KeyEvent::from(KeyCode::Enter));
        }
        self.selected = row;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::session_list::Summary;

    fn listed(title: &str, date: &str) -> Listed {
        Listed {
            path: PathBuf::from(format!("{date}.ron")),
            content: Ok(Summary {
                title: title.into(),
                date: Some(date.parse().expect("date")),
                remarks: 0,
                plan_sha256: String::new(),
            }),
            saved: None,
            open_elsewhere: false,
            copy_of: None,
        }
    }

    fn press(p: &mut Picker, code: KeyCode) -> Option<Choice> {
        p.key(KeyEvent::from(code))
    }

    #[test]
    fn enter_opens_the_meeting_of_the_day_and_n_asks_the_date_of_a_new_one() {
        let today: NaiveDate = "2019-05-20".parse().expect("date");
        let mut p = Picker::new(
            vec![listed("第2回", "2019-11-05"), listed("第1回", "2019-05-20")],
            today,
            Lang::Ja,
        );
        assert_eq!(p.selected, 1);
        assert_eq!(press(&mut p, KeyCode::Enter), Some(Choice::Open("2019-05-20.ron".into())));
        assert_eq!(press(&mut p, KeyCode::Char('n')), None);
        for _ in 0..10 {
            press(&mut p, KeyCode::Backspace);
        }
        for c in "令和元年11月5日".chars() {
            press(&mut p, KeyCode::Char(c));
        }
        let day: NaiveDate = "2019-11-05".parse().expect("date");
        assert_eq!(press(&mut p, KeyCode::Enter), None, "the earlier meeting is offered");
        assert!(p.offer.as_ref().is_some_and(|(_, _, label)| label == "第1回（2019-05-20）"));
        assert_eq!(press(&mut p, KeyCode::Char('n')), Some(Choice::New(day)));
        assert_eq!(
            press(&mut p, KeyCode::Char('y')),
            Some(Choice::NewFrom(day, "2019-05-20.ron".into()))
        );
    }

    /// With --lang en the earlier meeting offered is named `第1回
    /// (2019-05-20)`: its date was in full-width brackets.
    #[test]
    fn the_earlier_meeting_offered_in_english_brackets() {
        let today: NaiveDate = "2019-11-05".parse().expect("date");
        let mut p = Picker::new(vec![listed("第1回", "2019-05-20")], today, Lang::En);
        press(&mut p, KeyCode::Char('n'));
        assert_eq!(press(&mut p, KeyCode::Enter), None, "the earlier meeting is offered");
        assert_eq!(p.offer.map(|(_, _, label)| label).as_deref(), Some("第1回 (2019-05-20)"));
    }

    #[test]
    fn no_offer_without_an_earlier_meeting_of_the_plan() {
        let today: NaiveDate = "2019-05-20".parse().expect("date");
        let mut p = Picker::new(vec![listed("第2回", "2019-11-05")], today, Lang::Ja);
        press(&mut p, KeyCode::Char('n'));
        assert_eq!(press(&mut p, KeyCode::Enter), Some(Choice::New(today)));
        let mut other = listed("他の計画", "2018-05-20");
        if let Ok(s) = &mut other.content {
            s.plan_sha256 = "a".repeat(64);
        }
        let mut p = Picker::new(vec![other], today, Lang::Ja);
        p.plan_sha256 = "b".repeat(64);
        press(&mut p, KeyCode::Char('n'));
        assert_eq!(press(&mut p, KeyCode::Enter), Some(Choice::New(today)));
    }

    /// The form opens on today's date; a date typed as the manual says
    /// (`n`, R1.5.20, Enter) replaces it rather than running on after it
    /// (「2019-05-13R1.5.20」, refused).
    #[test]
    fn a_date_typed_replaces_the_one_offered() {
        let mut p = Picker::new(vec![], "2019-05-13".parse().expect("date"), Lang::Ja);
        press(&mut p, KeyCode::Char('n'));
        for c in "R1.5.20".chars() {
            press(&mut p, KeyCode::Char(c));
        }
        let day: NaiveDate = "2019-05-20".parse().expect("date");
        assert_eq!(press(&mut p, KeyCode::Enter), Some(Choice::New(day)), "{:?}", p.message);
        // Enter alone takes today's date.
        let mut p = Picker::new(vec![], day, Lang::Ja);
        press(&mut p, KeyCode::Char('n'));
        assert_eq!(press(&mut p, KeyCode::Enter), Some(Choice::New(day)));
    }

    /// A date pasted into the new meeting's date replaces the one offered
    /// (it was dropped, and Enter made the meeting of the date offered).
    #[test]
    fn a_date_pasted_replaces_the_one_offered() {
        let mut p = Picker::new(vec![], "2019-05-13".parse().expect("date"), Lang::Ja);
        p.paste("2019-05-20");
        press(&mut p, KeyCode::Char('n'));
        p.paste("令和元年5月20日\r\n");
        let day: NaiveDate = "2019-05-20".parse().expect("date");
        assert_eq!(press(&mut p, KeyCode::Enter), Some(Choice::New(day)), "{:?}", p.message);
    }

    #[test]
    fn a_date_it_cannot_read_is_said_and_the_form_stays() {
        let mut p = Picker::new(vec![], "2019-05-20".parse().expect("date"), Lang::Ja);
        press(&mut p, KeyCode::Char('n'));
        press(&mut p, KeyCode::Char('x'));
        assert_eq!(press(&mut p, KeyCode::Enter), None);
        assert!(p.message.as_deref().is_some_and(|m| m.ends_with(": x")), "{:?}", p.message);
        assert!(p.new_date.is_some());
        press(&mut p, KeyCode::Esc);
        assert!(p.new_date.is_none());
        assert_eq!(press(&mut p, KeyCode::Char('q')), Some(Choice::Quit));
    }
}
