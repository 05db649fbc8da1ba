//! The session sheet screen: title, date, times, place and attendees,
//! filled in before the meeting (or prepared as a file).

use chrono::NaiveTime;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use crate::domain::fiscal::parse_date;
use crate::domain::normalize::fold_width;
use crate::domain::session::{Attendee, Role, Sheet};
use crate::i18n::Lang;
use crate::text::is_unsafe;

use super::form_keys::{FormKey, choice_digit, form_key, is_space};

use super::editor::{Outcome, clean_input, one_line};

/// A one-line field of the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Date,
    Start,
    End,
    Place,
    /// 配布資料, typed as one line: `資料1 実績一覧；資料2 企業別内訳`.
    Materials,
    /// 次回開催.
    NextMeeting,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Title,
        Field::Date,
        Field::Start,
        Field::End,
        Field::Place,
        Field::Materials,
        Field::NextMeeting,
    ];
}

/// Between the 配布資料 as typed on one line.
pub const MATERIALS_SEPARATOR: &str = "；";

/// A row of the sheet screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Field(Field),
    Attendee(usize),
    /// ＋ 出席者を追加.
    Add,
}

#[derive(Debug, Default)]
pub struct SheetView {
    pub selected: usize,
}

impl SheetView {
    #[must_use]
    pub fn rows(sheet: &Sheet) -> Vec<Row> {
        let mut rows: Vec<Row> = Field::ALL.iter().map(|f| Row::Field(*f)).collect();
        rows.extend((0..sheet.attendees.len()).map(Row::Attendee));
        rows.push(Row::Add);
        rows
    }
}

/// A field's current text, as the prompt starts with it.
#[must_use]
pub fn field_text(sheet: &Sheet, field: Field) -> String {
    match field {
        Field::Title => sheet.title.clone(),
        Field::Date => sheet.date.map(|d| d.to_string()).unwrap_or_default(),
        Field::Start => sheet.start.map(|t| t.format("%H:%M").to_string()).unwrap_or_default(),
        Field::End => sheet.end.map(|t| t.format("%H:%M").to_string()).unwrap_or_default(),
        Field::Place => sheet.place.clone(),
        Field::Materials => sheet.materials.join(MATERIALS_SEPARATOR),
        Field::NextMeeting => sheet.next_meeting.clone(),
    }
}

/// `14:00`, `14時`, `１４：３０`, `14時30分`, `14時半`, `午後2時`, `午前10時30分`,
/// `PM 2:00`. With 午前/午後 the hour is 0 to 11 (午後0時 is noon); a
/// 午前12時 or 午後12時, which offices read both ways, is refused.
#[must_use]
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let t: String = fold_width(text).chars().filter(|c| !c.is_whitespace()).collect();
    let upper = t.to_ascii_uppercase();
    let (half, t) = if let Some(rest) = t.strip_prefix("午前") {
        (Some(0), rest.to_string())
    } else if let Some(rest) = t.strip_prefix("午後") {
        (Some(12), rest.to_string())
    } else if let Some(rest) = upper.strip_prefix("AM").or_else(|| upper.strip_suffix("AM")) {
        (Some(0), rest.to_string())
    } else if let Some(rest) = upper.strip_prefix("PM").or_else(|| upper.strip_suffix("PM")) {
        (Some(12), rest.to_string())
    } else {
        (None, t)
    };
    let t = t.strip_suffix('分').unwrap_or(&t);
    let (h, m) = match t.split_once([':', '時']) {
        Some((h, "半")) => (h, "30"),
        Some((h, m)) => (h, if m.is_empty() { "0" } else { m }),
        None => (t, "0"),
    };
    let mut hour: u32 = h.parse().ok()?;
    if let Some(offset) = half {
        if hour > 11 {
            return None;
        }
        hour += offset;
    }
    NaiveTime::from_hms_opt(hour, m.parse().ok()?, 0)
}

/// The sheet with one field set from typed text, or what was expected.
pub fn set_field(sheet: &Sheet, field: Field, text: &str, lang: Lang) -> Result<Sheet, String> {
    let t = lang.texts();
    let text = clean_input(text).replace('\n', " ");
    let text = text.trim();
    let mut new = sheet.clone();
    match field {
        Field::Title => new.title = text.to_string(),
        Field::Place => new.place = text.to_string(),
        Field::NextMeeting => new.next_meeting = text.to_string(),
        Field::Materials => {
            new.materials = text
                .split(['；', ';'])
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_string)
                .collect();
        }
        Field::Date => {
            new.date = if text.is_empty() {
                None
            } else {
                Some(parse_date(text).ok_or_else(|| t.bad_date.to_string())?)
            };
        }
        Field::Start | Field::End => {
            let time = if text.is_empty() {
                None
            } else {
                Some(parse_time(text).ok_or_else(|| t.bad_time.to_string())?)
            };
            if field == Field::Start {
                new.start = time;
            } else {
                new.end = time;
            }
        }
    }
    Ok(new)
}

/// The prompt for one field, starting with its text.
#[must_use]
pub fn field_input(sheet: &Sheet, field: Field) -> TextArea<'static> {
    super::form_keys::prefilled(&field_text(sheet, field))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendeeField {
    Name,
    Affiliation,
    Role,
    /// 出席 or 欠席.
    Absent,
    /// 議事録署名人 or not.
    Signer,
}

/// Adding or changing one attendee.
pub struct AttendeeForm {
    /// The attendee's index, or `None` for a new one.
    pub index: Option<usize>,
    pub name: TextArea<'static>,
    pub affiliation: TextArea<'static>,
    pub role: Role,
    pub absent: bool,
    pub signer: bool,
    pub focus: AttendeeField,
    /// A role chosen by number just moved the focus on to 出欠: a Tab
    /// right after it (typed by habit, `3 Tab`) is taken as already done,
    /// as in the remark editor and the judgment form.
    pub moved_on: bool,
    /// The name and affiliation as the form opened: Esc after changing
    /// them asks once more, as the other forms do (a name typed half-way
    /// was dropped by one Esc).
    pub opened_with: (String, String),
    pub confirm_discard: bool,
}

fn line(text: &str) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text.to_string()]);
    input.set_cursor_line_style(ratatui::style::Style::default());
    input.move_cursor(CursorMove::End);
    input
}

impl AttendeeForm {
    #[must_use]
    pub fn new(index: Option<usize>, existing: Option<&Attendee>) -> Self {
        AttendeeForm {
            index,
            name: line(existing.map_or("", |a| a.name.as_str())),
            affiliation: line(existing.map_or("", |a| a.affiliation.as_str())),
            role: existing.map_or(Role::Member, |a| a.role),
            absent: existing.is_some_and(|a| a.absent),
            signer: existing.is_some_and(|a| a.signer),
            focus: AttendeeField::Name,
            moved_on: false,
            opened_with: (
                existing.map_or_else(String::new, |a| a.name.clone()),
                existing.map_or_else(String::new, |a| a.affiliation.clone()),
            ),
            confirm_discard: false,
        }
    }

    /// The sheet with this attendee added or changed, or `None` without a name.
    #[must_use]
    pub fn apply(&self, sheet: &Sheet) -> Option<Sheet> {
        let name = clean_input(&self.name.lines().join(" ")).trim().to_string();
        if name.is_empty() {
            return None;
        }
        let affiliation = clean_input(&self.affiliation.lines().join(" ")).trim().to_string();
        let mut new = sheet.clone();
        match self.index.and_then(|i| new.attendees.get_mut(i)) {
            Some(a) => {
                a.name = name;
                a.affiliation = affiliation;
                a.role = self.role;
                a.absent = self.absent;
                a.signer = self.signer;
            }
            None => new.attendees.push(Attendee {
                id: sheet.next_attendee_id(),
                name,
                affiliation,
                role: self.role,
                absent: self.absent,
                signer: self.signer,
            }),
        }
        Some(new)
    }

    /// Pasted text goes into the name or the affiliation, on one line;
    /// how many lines were joined, or `None` on 役職, 出欠 or 署名人,
    /// which take no text (the caller says so: it went nowhere unsaid).
    pub fn paste(&mut self, text: &str) -> Option<usize> {
        let (text, lines) = one_line(text);
        match self.focus {
            AttendeeField::Name => {
                self.name.insert_str(text);
            }
            AttendeeField::Affiliation => {
                self.affiliation.insert_str(text);
            }
            AttendeeField::Role | AttendeeField::Absent | AttendeeField::Signer => return None,
        }
        Some(lines)
    }

    pub fn key(&mut self, key: KeyEvent) -> Outcome {
        let fields = [
            AttendeeField::Name,
            AttendeeField::Affiliation,
            AttendeeField::Role,
            AttendeeField::Absent,
            AttendeeField::Signer,
        ];
        let n = fields.len();
        let i = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let moved_on = std::mem::take(&mut self.moved_on);
        let confirm = std::mem::take(&mut self.confirm_discard);
        match (form_key(&key), key.code) {
            (Some(FormKey::Save), _) => return Outcome::Save,
            (Some(FormKey::Cancel), _) => {
                let typed = (self.name.lines().join(""), self.affiliation.lines().join(""));
                if typed != self.opened_with && !confirm {
                    self.confirm_discard = true;
                    return Outcome::ConfirmCancel;
                }
                return Outcome::Cancel;
            }
            (Some(FormKey::Next), _) if moved_on => {}
            (Some(FormKey::Next), _) | (_, KeyCode::Down) => self.focus = fields[(i + 1) % n],
            (Some(FormKey::Previous), _) | (_, KeyCode::Up) => self.focus = fields[(i + n - 1) % n],
            _ => match self.focus {
                // ← → or the number shown beside each role; a number
                // moves on to 出欠, as a choice by number does in the other
                // forms. Space is 出欠's and 署名人's key, and does nothing
                // here (it once changed the role unseen, one step each).
                AttendeeField::Role => match key.code {
                    KeyCode::Left => self.role = self.role.previous(),
                    KeyCode::Right => self.role = self.role.next(),
                    KeyCode::Char(_) => {
                        if let Some(r) =
                            choice_digit(&key).and_then(|d| Role::ALL.get(d.wrapping_sub(1)))
                        {
                            self.role = *r;
                            self.focus = AttendeeField::Absent;
                            self.moved_on = true;
                        }
                    }
                    _ => {}
                },
                AttendeeField::Absent | AttendeeField::Signer => {
                    if matches!(key.code, KeyCode::Left | KeyCode::Right) || is_space(&key) {
                        let flag = if self.focus == AttendeeField::Absent {
                            &mut self.absent
                        } else {
                            &mut self.signer
                        };
                        *flag = !*flag;
                    }
                }
                AttendeeField::Name | AttendeeField::Affiliation => {
                    if let KeyCode::Char(c) = key.code
                        && (is_unsafe(c) || key.modifiers.contains(KeyModifiers::CONTROL))
                    {
                        return Outcome::Continue;
                    }
                    let input = if self.focus == AttendeeField::Name {
                        &mut self.name
                    } else {
                        &mut self.affiliation
                    };
                    input.input(key);
                }
            },
        }
        Outcome::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn times_parse_as_people_type_them() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_time("14:00"), t(14, 0));
        assert_eq!(parse_time("14時"), t(14, 0));
        assert_eq!(parse_time("１４：３０"), t(14, 30));
        assert_eq!(parse_time("15時30分"), t(15, 30));
        assert_eq!(parse_time("25:00"), None);
        assert_eq!(parse_time("午後"), None);
        assert_eq!(parse_time("午後2時"), t(14, 0));
        assert_eq!(parse_time("午後 ２時３０分"), t(14, 30));
        assert_eq!(parse_time("午前10時半"), t(10, 30));
        assert_eq!(parse_time("午後0時"), t(12, 0));
        assert_eq!(parse_time("PM 2:15"), t(14, 15));
        assert_eq!(parse_time("2:15pm"), t(14, 15));
        assert_eq!(parse_time("午後12時"), None, "noon or midnight: refused, not guessed");
        assert_eq!(parse_time("午後14時"), None);
    }

    #[test]
    fn dates_accept_wareki_and_report_what_was_expected() {
        let sheet = Sheet::default();
        let s = set_field(&sheet, Field::Date, "令和元年5月20日", Lang::Ja).expect("date");
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2019, 5, 20));
        let err = set_field(&sheet, Field::Date, "来週", Lang::Ja).expect_err("not a date");
        assert!(err.contains("2019-05-20"), "{err}");
        let cleared = set_field(&s, Field::Date, "", Lang::Ja).expect("empty clears");
        assert_eq!(cleared.date, None);
    }

    #[test]
    fn new_attendees_get_fresh_ids() {
        let mut form = AttendeeForm::new(None, None);
        form.name.insert_str("山田 太郎");
        form.focus = AttendeeField::Role;
        form.key(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE));
        let sheet = form.apply(&Sheet::default()).expect("named");
        assert_eq!(sheet.attendees[0].id, "a1");
        assert_eq!(sheet.attendees[0].role, Role::Chair);
        let sheet = AttendeeForm { name: line("佐藤"), ..AttendeeForm::new(None, None) }
            .apply(&sheet)
            .expect("named");
        assert_eq!(sheet.attendees[1].id, "a2");
        assert!(AttendeeForm::new(None, None).apply(&sheet).is_none(), "a name is needed");
    }

    #[test]
    fn absence_and_signing_are_toggled_in_the_attendee_form() {
        let sheet = AttendeeForm { name: line("佐藤"), ..AttendeeForm::new(None, None) }
            .apply(&Sheet::default())
            .expect("named");
        let mut form = AttendeeForm::new(Some(0), sheet.attendees.first());
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        for _ in 0..3 {
            form.key(key(KeyCode::Down));
        }
        assert_eq!(form.focus, AttendeeField::Absent);
        form.key(key(KeyCode::Char(' ')));
        form.key(key(KeyCode::Down));
        form.key(key(KeyCode::Right));
        let sheet = form.apply(&sheet).expect("named");
        assert!(sheet.attendees[0].absent && sheet.attendees[0].signer);
        form.key(key(KeyCode::Char(' ')));
        assert!(!form.apply(&sheet).expect("named").attendees[0].signer);
    }

    /// `3` on 役職 chooses 事務局 and moves on to 出欠, as a number does in
    /// the remark editor and the judgment form; a Tab typed by habit after
    /// it stays there; Space on 役職 changes nothing.
    #[test]
    fn a_role_chosen_by_number_moves_on_and_space_leaves_it() {
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        let mut form = AttendeeForm { name: line("佐藤"), ..AttendeeForm::new(None, None) };
        form.focus = AttendeeField::Role;
        form.key(key(KeyCode::Char(' ')));
        assert_eq!(form.role, Role::Member, "Space does not change the role");
        assert_eq!(form.focus, AttendeeField::Role);
        form.key(key(KeyCode::Char('3')));
        assert_eq!(form.role, Role::Secretariat);
        assert_eq!(form.focus, AttendeeField::Absent, "on to the next field");
        form.key(key(KeyCode::Tab));
        assert_eq!(form.focus, AttendeeField::Absent, "the Tab after the number is taken as done");
        form.key(key(KeyCode::Tab));
        assert_eq!(form.focus, AttendeeField::Signer, "a second Tab moves on");
        form.key(key(KeyCode::Char(' ')));
        let sheet = form.apply(&Sheet::default()).expect("named");
        let a = &sheet.attendees[0];
        assert_eq!((a.role, a.absent, a.signer), (Role::Secretariat, false, true));
    }

    /// `３` and the full-width space, as typed with a Japanese input method
    /// on, choose on 役職, 出欠 and 署名人 as `3` and Space do (they did
    /// nothing); in the name they are text.
    #[test]
    fn full_width_digits_and_space_choose_as_their_half_width_twins() {
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        let mut form = AttendeeForm::new(None, None);
        for c in "佐藤２　".chars() {
            form.key(key(KeyCode::Char(c)));
        }
        assert_eq!(form.name.lines(), ["佐藤２　"], "in the name they are text");
        form.focus = AttendeeField::Role;
        form.key(key(KeyCode::Char('３')));
        assert_eq!(form.role, Role::Secretariat);
        assert_eq!(form.focus, AttendeeField::Absent, "on to the next field");
        form.key(key(KeyCode::Char('\u{3000}')));
        form.key(key(KeyCode::Down));
        form.key(key(KeyCode::Char('\u{3000}')));
        let sheet = form.apply(&Sheet::default()).expect("named");
        let a = &sheet.attendees[0];
        assert_eq!((a.role, a.absent, a.signer), (Role::Secretariat, true, true));
        form.focus = AttendeeField::Role;
        form.key(key(KeyCode::Char('９')));
        assert_eq!((form.role, form.focus), (Role::Secretariat, AttendeeField::Role));
    }

    /// Esc with a name typed asks once more (another Esc discards it);
    /// with nothing changed it closes at once.
    #[test]
    fn escape_asks_before_discarding_a_typed_name() {
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        let mut form = AttendeeForm::new(None, None);
        assert_eq!(form.key(key(KeyCode::Esc)), Outcome::Cancel);
        form.name.insert_str("佐藤");
        assert_eq!(form.key(key(KeyCode::Esc)), Outcome::ConfirmCancel);
        form.key(key(KeyCode::Char('花')));
        assert_eq!(form.key(key(KeyCode::Esc)), Outcome::ConfirmCancel, "typing asks again");
        assert_eq!(form.key(key(KeyCode::Esc)), Outcome::Cancel);
        let sheet = AttendeeForm { name: line("佐藤"), ..AttendeeForm::new(None, None) }
            .apply(&Sheet::default())
            .expect("named");
        let mut again = AttendeeForm::new(Some(0), sheet.attendees.first());
        assert_eq!(again.key(key(KeyCode::Esc)), Outcome::Cancel, "nothing changed");
    }

    #[test]
    fn materials_are_typed_on_one_line_and_listed_in_order() {
        let s = set_field(
            &Sheet::default(),
            Field::Materials,
            "資料1 実績一覧；資料2 企業別内訳; ；",
            Lang::Ja,
        )
        .expect("materials");
        assert_eq!(s.materials, ["資料1 実績一覧", "資料2 企業別内訳"]);
        assert_eq!(field_text(&s, Field::Materials), "資料1 実績一覧；資料2 企業別内訳");
    }
}
