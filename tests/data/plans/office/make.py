#!/usr/bin/python3
"""Makes the plan texts of fictional towns the way a city office gets them:
a Word document in the national template's layout (python-docx), turned
into PDF by LibreOffice, and its text taken three ways: `pdftotext -layout`,
plain `pdftotext`, and LibreOffice's own "save as text" of the .docx. Then
the -layout text saved as Shift_JIS with CRLF and as UTF-16 with a BOM.

Run from this folder: /usr/bin/python3 make.py (needs python3-docx,
LibreOffice and poppler-utils). The outputs are committed, so the tests do
not need these programs.
"""
import os
import shutil
import subprocess
import sys

from docx import Document
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = os.path.dirname(os.path.abspath(__file__))


def repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def japanese_font(doc):
    style = doc.styles["Normal"]
    style.font.name = "Noto Serif CJK JP"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK JP")
    for name in ["Heading 1", "Heading 2", "Heading 3"]:
        s = doc.styles[name]
        s.element.get_or_add_rPr()
        s.font.name = "Noto Sans CJK JP"
        s.element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Sans CJK JP")


def table(doc, header, rows, repeat=False, align=None):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for i, h in enumerate(header):
        t.rows[0].cells[i].text = h
    if repeat:
        repeat_header(t.rows[0])
    for r in rows:
        cells = t.add_row().cells
        for i, v in enumerate(r):
            cells[i].text = v
    if align is not None:
        for row in t.rows:
            for cell in row.cells:
                cell.vertical_alignment = align
    return t


def common_head(doc, name, author, area):
    doc.add_heading("地域再生計画", level=1)
    doc.add_heading("１　地域再生計画の名称", level=2)
    doc.add_paragraph(name)
    doc.add_heading("２　地域再生計画の作成主体の名称", level=2)
    doc.add_paragraph(author)
    doc.add_heading("３　地域再生計画の区域", level=2)
    doc.add_paragraph(area)
    doc.add_heading("４　地域再生計画の目標", level=2)


def common_tail(doc, end, body, month):
    doc.add_heading("５　地域再生を図るために行う事業", level=2)
    doc.add_heading("５－１　全体の概要", level=3)
    doc.add_paragraph("５－２の事業により、４の【数値目標】に掲げる目標の達成を図る。")
    doc.add_heading("５－２　第５章の特別の措置を適用して行う事業", level=3)
    doc.add_paragraph("デジタル田園都市国家構想交付金（地方創生推進タイプ）【A3007】")
    doc.add_paragraph("総事業費　45,000千円")
    doc.add_heading("６　計画期間", level=2)
    doc.add_paragraph(f"地域再生計画認定の日から{end}まで")
    doc.add_heading("７　目標の達成状況に係る評価に関する事項", level=2)
    doc.add_heading("７－１　目標の達成状況に係る評価の手法", level=3)
    doc.add_paragraph(f"{body}において、ＫＰＩの達成状況を検証する。")
    doc.add_heading("７－２　目標の達成状況に係る評価の時期及び評価を行う内容", level=3)
    doc.add_paragraph(f"毎年度{month}月に、前年度の事業の効果について{body}において評価を行う。")
    doc.add_heading("７－３　目標の達成状況に係る評価の公表の方法", level=3)
    doc.add_paragraph("町のホームページで公表する。")


def kawanishi(path):
    """The 2019– template: increases per year, 5 years, KPI① labels with
    legend lines, a % KPI, a （累計） KPI and a 率 KPI."""
    doc = Document()
    japanese_font(doc)
    common_head(doc, "川西町　農と食を生かした関係人口の創出と移住促進計画", "山形県川西郡川西町", "山形県川西郡川西町の全域")
    doc.add_heading("４－１　地方創生の実現における構造的な課題", level=3)
    doc.add_paragraph("川西町の人口は減少を続けており、若い世代の転出が課題である。")
    doc.add_heading("４－２　地方創生として目指す将来像", level=3)
    doc.add_paragraph("農と食の体験を通じて町と関わる人を増やし、移住につなげる。")
    doc.add_paragraph("【数値目標】")
    doc.add_paragraph("ＫＰＩ①　農業体験プログラムの参加者数（単位：人）")
    doc.add_paragraph("ＫＰＩ②　移住者数（累計）（単位：人）")
    doc.add_paragraph("ＫＰＩ③　町内産食材の学校給食使用率（単位：％）")
    table(doc, ["", "事業開始前\n（現時点）", "2024年度\n増加分\n（１年目）", "2025年度\n増加分\n（２年目）",
                "2026年度\n増加分\n（３年目）", "2027年度\n増加分\n（４年目）", "2028年度\n増加分\n（５年目）",
                "KPI増加分\nの累計"],
          [["ＫＰＩ①", "350", "50", "60", "70", "80", "90", "350"],
           ["ＫＰＩ②", "0", "5", "5", "6", "6", "8", "30"],
           ["ＫＰＩ③", "32.5", "2.5", "2.0", "2.0", "1.5", "2.0", "10.0"]])
    common_tail(doc, "2029年３月31日", "川西町まち・ひと・しごと創生推進会議", "８")
    doc.save(path)


def kamiyama(path, align=None):
    """The older template: targets per year-end, a 基準値 column, units in
    the names, names that wrap in their cell (the values beside the name's
    first line, or its middle or last line with `align`)."""
    doc = Document()
    japanese_font(doc)
    common_head(doc, "上山村　森林資源を活用した木質バイオマス産業の創出計画", "上山村", "上山村の全域")
    for _ in range(25):
        doc.add_paragraph("上山村は村の面積の九割を森林が占め、間伐材の多くが利用されずに林内に残されている。"
                          "木質バイオマスの熱利用と木工品の生産により、森林資源を村内で循環させる。")
    doc.add_paragraph("【数値目標】")
    rows = [
        ["木質チップの村内生産量（単位：t）", "120", "200", "300", "400"],
        ["木工品の販売額（単位：千円）", "4,500", "6,000", "8,000", "10,000"],
        ["林業の新規就業者数（累計）（単位：人）", "0", "2", "4", "6"],
        ["間伐実施面積（単位：ha）", "80", "100", "110", "120"],
        ["村民の森林づくり活動への参加率（単位：％）", "12", "15", "18", "20"],
        ["薪ストーブ導入世帯の割合（単位：％）", "5.0", "6.5", "8.0", "10.0"],
        ["体験ツアー参加者数（単位：人）", "150", "300", "400", "500"],
    ]
    table(doc, ["ＫＰＩ", "基準値\n（令和元年度）", "令和３年３月末", "令和４年３月末", "令和５年３月末"], rows,
          repeat=True, align=align)
    common_tail(doc, "令和５年３月31日", "上山村総合戦略推進委員会", "７")
    doc.save(path)


def minato(path):
    """A table with a 単位 column, five year-ends, and rows enough to run
    over a page, its header row repeated on the next page."""
    doc = Document()
    japanese_font(doc)
    common_head(doc, "港町　海業を核とした交流人口の拡大計画", "港町", "港町の全域")
    for _ in range(30):
        doc.add_paragraph("港町は漁業を基幹産業とし、水産物の直売と漁業体験を組み合わせた海業の振興により交流人口の拡大を図る。")
    doc.add_paragraph("【数値目標】")
    rows = [
        ["直売所の年間来場者数", "人", "52,000", "55,000", "58,000", "61,000", "64,000", "67,000"],
        ["漁業体験の参加者数", "人", "800", "900", "1,000", "1,100", "1,200", "1,300"],
        ["新規漁業就業者数（累計）", "人", "0", "2", "4", "6", "8", "10"],
        ["水産加工品の売上高", "百万円", "120", "130", "140", "150", "160", "170"],
        ["来場者のリピート率", "％", "25.0", "27.0", "29.0", "31.0", "33.0", "35.0"],
        ["町内宿泊者の割合", "％", "10", "12", "14", "16", "18", "20"],
        ["海業関連の起業件数", "件", "-", "1", "1", "2", "2", "3"],
        ["ふるさと納税の寄附件数", "件", "3,000", "3,500", "4,000", "4,500", "5,000", "5,500"],
    ]
    table(doc, ["ＫＰＩ", "単位", "基準値\n（令和３年度）", "令和５年\n３月末", "令和６年\n３月末", "令和７年\n３月末",
                "令和８年\n３月末", "令和９年\n３月末"], rows, repeat=True)
    common_tail(doc, "令和９年３月31日", "港町海業推進協議会", "６")
    doc.save(path)


def digits(path, align=None):
    """Names that wrap in their cell so that a line of the name begins
    with a number: `10 回）の受講` below `ＩＣＴ講座（全`, as well as names
    whose first line does (`65 歳以上の移`, beside its values); with
    `align`, the values beside the name's middle line."""
    doc = Document()
    japanese_font(doc)
    common_head(doc, "上山村　森林資源を活用した木質バイオマス産業の創出計画", "上山村", "上山村の全域")
    doc.add_paragraph("【数値目標】")
    rows = [
        ["65歳以上の移住者数（単位：人）", "12", "20", "30", "40"],
        ["5G対応拠点の利用者数（単位：人）", "120", "200", "300", "400"],
        ["ＩＣＴ講座（全10回）の受講者数（単位：人）", "0", "2", "4", "6"],
        ["令和2年度比の観光消費額（単位：千円）", "4,500", "6,000", "8,000", "10,000"],
    ]
    table(doc, ["ＫＰＩ", "基準値\n（令和元年度）", "令和３年３月末", "令和４年３月末", "令和５年３月末"], rows,
          repeat=True, align=align)
    common_tail(doc, "令和５年３月31日", "上山村総合戦略推進委員会", "７")
    doc.save(path)


def years_plan(path, header, rows):
    """A table of targets per fiscal year whose heading writes the years
    as a city's own template does."""
    doc = Document()
    japanese_font(doc)
    common_head(doc, "桜川町　移住定住と起業の促進計画", "桜川町", "桜川町の全域")
    doc.add_paragraph("【数値目標】")
    table(doc, header, rows)
    common_tail(doc, "令和８年３月31日", "桜川町まち・ひと・しごと創生推進会議", "８")
    doc.save(path)


YEARS_ROWS = [
    ["移住者数（単位：人）", "10", "12", "14", "16"],
    ["起業件数（累計）（単位：件）", "0", "3", "6", "10"],
    ["テレワーク導入率（単位：％）", "12.5", "15.0", "17.5", "20.0"],
]


def eras(path):
    """The era abbreviated: `R5年度`, a baseline `基準値（R4年度）`."""
    years_plan(path, ["ＫＰＩ", "基準値\n（R4年度）", "R5年度", "R6年度", "R7年度"], YEARS_ROWS)


def calendars(path):
    """Both calendars: `2023年度` above `（令和5年度）`, a baseline `基準値`."""
    years_plan(path, ["ＫＰＩ", "基準値", "2023年度\n（令和5年度）", "2024年度\n（令和6年度）",
                      "2025年度\n（令和7年度）"], YEARS_ROWS)


def bare_years(path):
    """Years written `R5`, neither 年 nor 年度: refused."""
    years_plan(path, ["ＫＰＩ", "基準値", "R5", "R6", "R7"], YEARS_ROWS)


def totals(path):
    """A table of targets on a landscape page: a 単位 column, five fiscal
    years, a 累計 column adding them up, and `基準値` above `（令和４年` above
    `度）` in its narrow cell."""
    from docx.enum.section import WD_ORIENT
    doc = Document()
    japanese_font(doc)
    common_head(doc, "桜川町　観光交流と移住の促進計画", "桜川町", "桜川町の全域")
    doc.add_paragraph("【数値目標】")
    portrait = doc.sections[0]
    landscape = doc.add_section()
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = portrait.page_height, portrait.page_width
    table(doc, ["ＫＰＩ", "単位", "基準値\n（令和４年度）", "令和５年度", "令和６年度", "令和７年度", "令和８年度",
                "令和９年度", "累計"],
          [["移住者数", "人", "10", "12", "14", "16", "18", "20", "80"],
           ["観光入込客数", "千人", "300", "310", "320", "330", "340", "350", "1,650"],
           ["起業件数（累計）", "件", "0", "2", "4", "6", "8", "10", "10"]])
    back = doc.add_section()
    back.orientation = WD_ORIENT.PORTRAIT
    back.page_width, back.page_height = portrait.page_width, portrait.page_height
    common_tail(doc, "令和10年３月31日", "桜川町まち・ひと・しごと創生推進会議", "８")
    doc.save(path)


def notes(path):
    """Footnote marks in the names (`移住者数※1（単位：人）`, wrapping so
    that a line begins `※1（単位：`) and the notes under the table."""
    doc = Document()
    japanese_font(doc)
    common_head(doc, "桜川町　移住定住と起業の促進計画", "桜川町", "桜川町の全域")
    doc.add_paragraph("【数値目標】")
    table(doc, ["ＫＰＩ", "基準値\n（令和４年度）", "令和６年３月末", "令和７年３月末", "令和８年３月末"],
          [["移住者数※1（単位：人）", "10", "12", "14", "16"],
           ["テレワーク実施率※2（単位：％）", "15", "20", "25", "30"]])
    doc.add_paragraph("※1　転入時アンケートにより移住と回答した人数")
    doc.add_paragraph("　　（住民基本台帳の転入者数のうち、令和５年度 2,300人）")
    doc.add_paragraph("※2　市内事業所調査（令和４年度 120社回答）による")
    common_tail(doc, "令和８年３月31日", "桜川町まち・ひと・しごと創生推進会議", "８")
    doc.save(path)


def arrows(path):
    """The 現状値 → 目標値 table of a まち・ひと・しごと plan: a baseline
    and one target, each with its year in brackets, an arrow between."""
    years_plan(path, ["重要業績評価指標（ＫＰＩ）", "現状値（令和４年度）", "", "目標値（令和７年度）"],
               [["移住者数", "120人", "→", "200人"], ["市内就職率", "32.5％", "→", "40.0％"],
                ["創業件数（累計）", "0件", "→", "15件"]])


def final_target(path):
    """基準値 and 目標値 only, the units in brackets after the names."""
    years_plan(path, ["指標", "基準値（令和４年度）", "目標値（令和７年度）"],
               [["移住者数（人）", "120", "200"], ["市内就職率（％）", "32.5", "40.0"],
                ["創業件数（５年間の累計）（件）", "0", "15"]])


def year_marks(path):
    """Names whose year-bearing part stands on a line of its own, typed
    with a line break in the cell: above the rest and beside the values
    (`令和２年度`, `第２期`), or below them (`（R2比）`, `（令和３年度開始）`),
    the cells aligned to the top."""
    years_plan(path, ["ＫＰＩ", "基準値\n（令和元年度）", "令和３年３月末", "令和４年３月末", "令和５年３月末"],
               [["観光消費額\n（R2比）（単位：％）", "100", "105", "110", "115"],
                ["令和２年度\n比の増加数（単位：人）", "0", "10", "20", "30"],
                ["補助件数\n（令和３年度開始）（単位：件）", "0", "2", "4", "6"],
                ["第２期\n起業件数（単位：件）", "0", "2", "4", "6"],
                ["移住支援金の交付件数\n（令和４年度開始）", "－", "5件", "10件", "15件"]])


def year_values(path):
    """Values as offices write them: dashes of each kind, full-width digits,
    a unit per year (`1,000人/年`), and a baseline with its year in
    brackets after it (`100人（R4）`) in the last row."""
    years_plan(path, ["ＫＰＩ", "基準値\n（令和元年度）", "令和３年３月末", "令和４年３月末", "令和５年３月末"],
               [["移住者数（単位：人）", "－", "10", "20", "30"],
                ["起業件数（単位：件）", "―", "2", "3", "4"],
                ["空き家活用件数（単位：件）", "—", "5", "6", "7"],
                ["観光入込客数（単位：人）", "１２０", "１３０", "１４０", "１５０"],
                ["交流人口", "1,000人/年", "1,100人/年", "1,200人/年", "1,300人/年"],
                ["体験者数", "100人（R4）", "110人", "120人", "130人"]])


DIGITS_END = [
    ["地域おこし協力隊第2期生の定着数（単位：人）", "0", "2", "4", "6"],
    ["空き家対策第2期の登録件数（単位：件）", "0", "2", "4", "6"],
    ["観光客数令和2年度比（単位：％）", "100", "105", "110", "115"],
]


def digits_end(path, rows=DIGITS_END):
    """Names that wrap in their cell right after a number, `空き家対策第 2`
    above `期の登録件数`, the cells aligned to the top."""
    doc = Document()
    japanese_font(doc)
    common_head(doc, "上山村　森林資源を活用した木質バイオマス産業の創出計画", "上山村", "上山村の全域")
    doc.add_paragraph("【数値目標】")
    table(doc, ["ＫＰＩ", "基準値\n（令和元年度）", "令和３年３月末", "令和４年３月末", "令和５年３月末"], rows)
    common_tail(doc, "令和５年３月31日", "上山村総合戦略推進委員会", "７")
    doc.save(path)


def digits_end_blank(path):
    """The same with the 基準値 cell of `空き家対策第2期の登録件数` left empty."""
    rows = [list(r) for r in DIGITS_END]
    rows[1][1] = ""
    digits_end(path, rows)


def baseline_last(path):
    """The 基準値 column right of the years: `令和５年度 令和６年度 令和７年度
    基準値（令和４年度）`."""
    years_plan(path, ["ＫＰＩ", "令和５年度", "令和６年度", "令和７年度", "基準値\n（令和４年度）"],
               [r[:1] + r[2:] + r[1:2] for r in YEARS_ROWS])


def year_first_center(path):
    """The first row's name `令和２年度` / `比の増加数（単位：人）` typed over
    two lines in a cell, the cells centred: the year's line stands above
    the values, right under the heading."""
    doc = Document()
    japanese_font(doc)
    common_head(doc, "桜川町　移住定住と起業の促進計画", "桜川町", "桜川町の全域")
    doc.add_paragraph("【数値目標】")
    table(doc, ["ＫＰＩ", "基準値\n（令和元年度）", "令和３年３月末", "令和４年３月末", "令和５年３月末"],
          [["令和２年度\n比の増加数（単位：人）", "0", "10", "20", "30"],
           ["移住者数（単位：人）", "10", "12", "14", "16"]], align=WD_ALIGN_VERTICAL.CENTER)
    common_tail(doc, "令和８年３月31日", "桜川町まち・ひと・しごと創生推進会議", "８")
    doc.save(path)


def prose_above(path):
    """A line of prose naming a year between 【数値目標】 and the table, and
    the first column headed `実績`, a word that names no baseline."""
    doc = Document()
    japanese_font(doc)
    common_head(doc, "桜川町　移住定住と起業の促進計画", "桜川町", "桜川町の全域")
    doc.add_paragraph("【数値目標】")
    doc.add_paragraph("令和元年度実績と各年度末の目標値")
    table(doc, ["ＫＰＩ", "実績", "令和３年３月末", "令和４年３月末", "令和５年３月末"],
          [["移住者数（単位：人）", "10", "12", "14", "16"],
           ["起業件数（単位：件）", "0", "2", "4", "6"]])
    common_tail(doc, "令和８年３月31日", "桜川町まち・ひと・しごと創生推進会議", "８")
    doc.save(path)


def bounds(path):
    """Targets with a bound after them, `25件以下`, which `pdftotext
    -layout` writes `25 件以下`, apart from the number."""
    years_plan(path, ["ＫＰＩ", "令和５年度", "令和６年度", "令和７年度"],
               [["移住者数（単位：人）", "12", "14", "16"],
                ["空き店舗数", "25件以下", "25件以下", "25件以下"]])


def run(cmd):
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True)


def texts(stem):
    docx = os.path.join(HERE, stem + ".docx")
    run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", HERE, docx])
    pdf = os.path.join(HERE, stem + ".pdf")
    run(["pdftotext", "-layout", pdf, os.path.join(HERE, stem + ".layout.txt")])
    run(["pdftotext", pdf, os.path.join(HERE, stem + ".raw.txt")])
    tmp = os.path.join(HERE, "tmp-txt")
    os.makedirs(tmp, exist_ok=True)
    run(["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, docx])
    shutil.move(os.path.join(tmp, stem + ".txt"), os.path.join(HERE, stem + ".soffice.txt"))
    os.rmdir(tmp)
    os.remove(pdf)
    layout = open(os.path.join(HERE, stem + ".layout.txt"), encoding="utf-8").read()
    with open(os.path.join(HERE, stem + ".sjis-crlf.txt"), "wb") as f:
        # Shift_JIS has no em dash: Windows writes `—` as the horizontal bar.
        f.write(layout.replace("\n", "\r\n").replace("\u2014", "\u2015").encode("cp932"))
    with open(os.path.join(HERE, stem + ".utf16.txt"), "wb") as f:
        f.write(layout.encode("utf-16"))


def merged_heading(path):
    """A heading row of two: `目標値` merged over the three years' cells,
    the years below it, and `ＫＰＩ` and `基準値（令和４年度）` each merged
    down over both rows."""
    doc = Document()
    japanese_font(doc)
    common_head(doc, "桜川町　移住定住と起業の促進計画", "桜川町", "桜川町の全域")
    doc.add_paragraph("【数値目標】")
    t = doc.add_table(rows=2, cols=5)
    t.style = "Table Grid"
    top = t.rows[0].cells
    top[0].text = "ＫＰＩ"
    top[1].text = "基準値\n（令和４年度）"
    top[2].text = "目標値"
    top[2].merge(top[4])
    t.cell(0, 0).merge(t.cell(1, 0))
    t.cell(0, 1).merge(t.cell(1, 1))
    for i, year in enumerate(["令和５年度", "令和６年度", "令和７年度"]):
        t.rows[1].cells[2 + i].text = year
    for r in [["移住者数（単位：人）", "10", "12", "14", "16"],
              ["観光客数（単位：千人）", "250", "260", "270", "280"]]:
        cells = t.add_row().cells
        for i, v in enumerate(r):
            cells[i].text = v
    common_tail(doc, "令和８年３月31日", "桜川町まち・ひと・しごと創生推進会議", "８")
    doc.save(path)


PLANS = {
    "kawanishi": kawanishi,
    "kamiyama": kamiyama,
    "kamiyama-center": lambda p: kamiyama(p, WD_ALIGN_VERTICAL.CENTER),
    "kamiyama-bottom": lambda p: kamiyama(p, WD_ALIGN_VERTICAL.BOTTOM),
    "minato": minato,
    "digits": digits,
    "digits-center": lambda p: digits(p, WD_ALIGN_VERTICAL.CENTER),
    "eras": eras,
    "calendars": calendars,
    "bare-years": bare_years,
    "totals": totals,
    "notes": notes,
    "arrows": arrows,
    "final-target": final_target,
    "year-marks": year_marks,
    "year-values": year_values,
    "digits-end": digits_end,
    "digits-end-blank": digits_end_blank,
    "baseline-last": baseline_last,
    "year-first-center": year_first_center,
    "prose-above": prose_above,
    "merged-heading": merged_heading,
    "bounds": bounds,
}


if __name__ == "__main__":
    # `make.py eras calendars` remakes those alone; without names, all.
    for stem in sys.argv[1:] or PLANS:
        PLANS[stem](os.path.join(HERE, stem + ".docx"))
        texts(stem)
