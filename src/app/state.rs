//! The application state: what is loaded, the session being recorded,
//! which screens are open, where the cursor is. Rendering reads it; only
//! `update` (and the session methods in `meeting`) change it.

use ratatui_textarea::TextArea;

use crate::domain::breakdown::{self, Filter, SortKey};
use crate::domain::dataset::Dataset;
use crate::domain::ledger::Cell;
use crate::domain::session::{Op, Session, Stamp, Target};
use crate::i18n::Lang;
use crate::store::dataset_files::Loaded;
use crate::store::session_store::SessionStore;

use super::action::Action;
use super::editor::RemarkEditor;
use super::judgment_form::JudgmentForm;
use super::meeting::{RemarkIndex, SaveState};
use super::sheet::{AttendeeForm, SheetView};
pub use super::views::{CompaniesView, CompanyView, ListView};

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
    /// The session sheet: title, date, place, attendees.
    Sheet,
    /// What the minutes will say.
    Minutes,
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
                A::NewRemark,
                A::Judgment,
                A::Remarks,
                A::SessionSheet,
                A::Minutes,
                A::Export,
                A::Undo,
                A::Theme,
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
                A::NewRemark,
                A::Judgment,
                A::Remarks,
                A::SessionSheet,
                A::Minutes,
                A::Export,
                A::Undo,
                A::Theme,
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
                A::NewRemark,
                A::Judgment,
                A::SessionSheet,
                A::Minutes,
                A::Export,
                A::Undo,
                A::Theme,
                A::Help,
                A::Quit,
            ],
            ScreenKind::Company => &[
                A::Up,
                A::Down,
                A::Back,
                A::NewRemark,
                A::Remarks,
                A::SessionSheet,
                A::Minutes,
                A::Export,
                A::Undo,
                A::Theme,
                A::Help,
                A::Quit,
            ],
            ScreenKind::Sheet => {
                &[A::Up, A::Down, A::Enter, A::Delete, A::Back, A::Undo, A::Help, A::Quit]
            }
            ScreenKind::Minutes => {
                &[A::Up, A::Down, A::NextItem, A::PrevItem, A::Export, A::Back, A::Help, A::Quit]
            }
        }
    }

    /// The actions while the remarks of the screen are selected (Tab).
    #[must_use]
    pub fn remark_actions() -> &'static [Action] {
        use Action as A;
        &[
            A::Up,
            A::Down,
            A::Enter,
            A::Delete,
            A::NewRemark,
            A::Remarks,
            A::Back,
            A::Undo,
            A::Help,
            A::Quit,
        ]
    }
}

#[derive(Debug)]
pub enum Screen {
    Overview,
    Item,
    Companies(CompaniesView),
    Company(CompanyView),
    Sheet(SheetView),
    Minutes(MinutesView),
}

/// The minutes preview: the Markdown text, scrolled.
#[derive(Debug, Default)]
pub struct MinutesView {
    pub lines: Vec<String>,
    /// The first line shown.
    pub offset: usize,
}

impl Screen {
    #[must_use]
    pub fn kind(&self) -> ScreenKind {
        match self {
            Screen::Overview => ScreenKind::Overview,
            Screen::Item => ScreenKind::Item,
            Screen::Companies(_) => ScreenKind::Companies,
            Screen::Company(_) => ScreenKind::Company,
            Screen::Sheet(_) => ScreenKind::Sheet,
            Screen::Minutes(_) => ScreenKind::Minutes,
        }
    }
}

/// A line of text being typed at the bottom of the screen.
pub enum Prompt {
    /// The companies filter; `before` is restored by Esc.
    Filter { input: TextArea<'static>, before: String },
    /// One field of the session sheet.
    SheetField { field: super::sheet::Field, input: TextArea<'static> },
}

/// A window over the screen that takes the keys until it is closed.
pub enum Overlay {
    Remark(Box<RemarkEditor>),
    Judgment(Box<JudgmentForm>),
    Attendee(Box<AttendeeForm>),
}

/// Something on screen a click selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A cell of the overview.
    Cell { kpi: usize, year: usize },
    /// A row of the list on screen (companies, company, sheet).
    Row(usize),
    /// A fiscal year of the item screen's chart.
    Year(usize),
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
    pub at: Stamp,
}

pub struct App {
    pub loaded: Loaded,
    pub lang: Lang,
    /// The meeting being recorded.
    pub session: Session,
    /// Where it is kept; `None` keeps it in memory only (tests, previews).
    pub store: Option<SessionStore>,
    pub save: SaveState,
    /// Changes that undo the last changes, newest last.
    pub undo: Vec<Op>,
    pub remarks: RemarkIndex,
    /// Open screens; the first is always the overview.
    pub stack: Vec<Screen>,
    pub cursor: Cursor,
    /// The selected remark while the remarks list has the keys (Tab).
    pub remark_focus: Option<usize>,
    pub help: bool,
    pub prompt: Option<Prompt>,
    pub overlay: Option<Overlay>,
    pub notice: Option<Notice>,
    /// Which data files differ from those the session was recorded against.
    pub changed_data: Vec<&'static str>,
    /// When this run started, and now (updated by the event loop, so that
    /// rendering and tests never read the clock).
    pub started: Stamp,
    pub now: Stamp,
    pub quit: bool,
    /// When `e` found existing minutes and asked before replacing them.
    pub export_asked: Option<Stamp>,
    /// What the last frame drew where, for the mouse: a rendering memo.
    pub hits: std::cell::RefCell<Vec<(ratatui::layout::Rect, Hit)>>,
    /// The last click, to tell a double click.
    pub last_click: Option<(Hit, std::time::Instant)>,
    /// The projector's view of a session another program writes (`--follow`).
    pub follow: Option<crate::store::follow::Follower>,
    /// The time box of an agenda item (`--minutes-per-item`), if any.
    pub minutes_per_item: Option<u32>,
    /// When the current agenda item came on screen, and whether its time
    /// box has been called out.
    pub item_since: Stamp,
    pub timebox_warned: bool,
    /// The colours chosen with `t` (remembered in the config file).
    pub theme: crate::ui::theme::ThemeKind,
    /// `NO_COLOR` is set: no colours whatever the theme.
    pub no_color: bool,
    /// Where the theme is remembered; `None` in tests.
    pub config_path: Option<std::path::PathBuf>,
    /// A member reviewing a copy offline (`review --as`): remarks are
    /// theirs, prepared before the meeting; the sheet and judgments are
    /// the secretariat's.
    pub reviewer: Option<String>,
    /// Remark ids: ULIDs, increasing even within one millisecond, so two
    /// remarks saved in the same second keep the order they were made in.
    pub ids: ulid::Generator,
}

impl App {
    #[must_use]
    pub fn new(loaded: Loaded, lang: Lang, session: Session, now: Stamp) -> Self {
        let remarks = RemarkIndex::build(&loaded.dataset, &session);
        let mut app = App {
            loaded,
            lang,
            session,
            store: None,
            save: SaveState::InMemory,
            undo: Vec::new(),
            remarks,
            stack: vec![Screen::Overview],
            cursor: Cursor::default(),
            remark_focus: None,
            help: false,
            prompt: None,
            overlay: None,
            notice: None,
            changed_data: Vec::new(),
            started: now,
            now,
            quit: false,
            ids: ulid::Generator::new(),
            export_asked: None,
            reviewer: None,
            hits: std::cell::RefCell::new(Vec::new()),
            last_click: None,
            follow: None,
            minutes_per_item: None,
            item_since: now,
            timebox_warned: false,
            theme: crate::ui::theme::ThemeKind::Dark,
            no_color: false,
            config_path: None,
        };
        app.restore_position();
        app
    }

    /// An app with an empty session kept in memory only: for tests,
    /// benchmarks and previews.
    #[must_use]
    pub fn in_memory(loaded: Loaded, lang: Lang, now: Stamp) -> Self {
        let session = Session::new(
            crate::domain::session::Sheet::default(),
            crate::domain::session::DataRefs::default(),
        );
        App::new(loaded, lang, session, now)
    }

    /// A new remark id.
    pub fn new_id(&mut self) -> String {
        self.ids.generate().unwrap_or_else(|_| ulid::Ulid::new()).to_string()
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

    /// The actions available now, for the help and for dispatch.
    #[must_use]
    pub fn actions(&self) -> &'static [Action] {
        if self.follow.is_some() {
            // The projector follows the secretary: it only shows.
            &[Action::Theme, Action::Help, Action::Quit]
        } else if self.remark_focus.is_some() {
            ScreenKind::remark_actions()
        } else {
            self.screen_kind().actions()
        }
    }

    /// The selected KPI × fiscal year.
    #[must_use]
    pub fn current_cell(&self) -> Option<&Cell> {
        self.data().ledger.cell(self.cursor.kpi, self.cursor.year)
    }

    /// The current item as a remark target.
    #[must_use]
    pub fn current_item(&self) -> Option<Target> {
        let plan = &self.data().plan;
        Some(Target::Item {
            kpi: plan.kpis.get(self.cursor.kpi)?.id.clone(),
            fiscal_year: *plan.fiscal_years.get(self.cursor.year)?,
        })
    }

    /// What the remarks list of the current screen shows.
    #[must_use]
    pub fn screen_target(&self) -> Option<Target> {
        match self.screen() {
            Screen::Overview => Some(Target::Meeting),
            Screen::Item | Screen::Companies(_) => self.current_item(),
            Screen::Company(view) => Some(Target::Company {
                company: self.data().actuals.companies.get(view.company)?.id.clone(),
            }),
            Screen::Sheet(_) | Screen::Minutes(_) => None,
        }
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
        self.notice = Some(Notice { text: text.into(), error: false, at: self.now });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice { text: text.into(), error: true, at: self.now });
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
