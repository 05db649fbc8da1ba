#!/usr/bin/env python3
"""Makes the spreadsheets of tests/data/actuals/ as a city office's really are.

Each case is written with openpyxl, then opened and saved by LibreOffice
Calc (`soffice --headless --convert-to xlsx|ods`), so the committed files
are what real spreadsheet software writes: formulas computed (a failed
VLOOKUP is a real #N/A), hidden sheets, rows and columns, merged cells and
percentage formats as Calc stores them in .xlsx and .ods.

Run from anywhere: python3 tests/data/actuals/make.py [CASE ...] (every
case without one).
"""

import os
import shutil
import subprocess
import sys
import tempfile

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

HERE = os.path.dirname(os.path.abspath(__file__))
HEAD = ["指標", "年度", "企業名", "値", "備考"]


def sheet(wb, title, rows, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    for r in rows:
        ws.append(r)
    return ws


def subtotals():
    wb = Workbook()
    sheet(wb, "実績", [
        ["令和元年度 KPI実績（小計・合計入り）"],
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, ""],
        ["新規移動人数", 2018, "小計", 11, "首都圏"],
        ["新規移動人数", 2018, "株式会社オホーツク試験", 3, ""],
        ["新規移動人数", 2018, "小　計", 3, "地元"],
        ["新規移動人数", 2018, "合計", 14, ""],
        ["新規参加企業数", 2018, "株式会社オホーツク試験", 1, ""],
        ["新規参加企業数", 2018, "サンプル工科大学", 1, ""],
        ["新規参加企業数", 2018, "計", 2, ""],
    ], first=True)
    return wb


def subtotal_wrong():
    wb = Workbook()
    sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, ""],
        ["新規移動人数", 2018, "小計", 12, ""],
    ], first=True)
    return wb


def merged():
    wb = Workbook()
    ws = sheet(wb, "実績", [
        HEAD + ["日付"],
        ["新規移動人数", 2018, "株式会社サンプル東京", 3, "春の滞在", "2018-06-01"],
        [None, 2018, None, 8, "秋の滞在", "2018-09-01"],
        [None, 2018, "架空データ工房株式会社", 22, "", "2018-10-01"],
    ], first=True)
    ws.merge_cells("C2:C3")  # one company over two rows
    ws.merge_cells("A2:A4")  # the KPI over its block
    return wb


def merged_value():
    wb = Workbook()
    ws = sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 10, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", None, ""],
    ], first=True)
    ws.merge_cells("D2:D3")  # one value over two companies
    return wb


def errors():
    wb = Workbook()
    sheet(wb, "実績", [
        HEAD + ["企業コード"],
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, "", "T01"],
        ["新規移動人数", 2018, '=VLOOKUP(F3,$H$2:$I$3,2,FALSE)', 6, "", "T99"],
        ["新規移動人数", 2018, "架空データ工房株式会社", "=6/0", "", "T02"],
    ], first=True)
    ws = wb["実績"]
    ws["H2"], ws["I2"] = "T01", "株式会社サンプル東京"
    ws["H3"], ws["I3"] = "T02", "架空データ工房株式会社"
    return wb


def hidden_sheet():
    wb = Workbook()
    old = sheet(wb, "旧案", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 99, "古い下書き"],
    ], first=True)
    old.sheet_state = "hidden"
    sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, ""],
    ])
    wb.active = 1
    return wb


def hidden_column():
    wb = Workbook()
    ws = sheet(wb, "実績", [
        ["指標", "年度", "企業名", "実績", "値"],
        ["新規移動人数", 2018, "株式会社サンプル東京", 50, 5],
        ["新規移動人数", 2018, "架空データ工房株式会社", 60, 6],
    ], first=True)
    ws.column_dimensions["D"].hidden = True
    return wb


def hidden_row():
    wb = Workbook()
    ws = sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2018, "株式会社取り下げ", 7, "取り下げ"],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, ""],
    ], first=True)
    ws.row_dimensions[3].hidden = True
    return wb


def percent():
    # For the plan of tests/data/plans/reiwa-four-columns.txt (観光客満足度 in %).
    wb = Workbook()
    ws = sheet(wb, "実績", [
        ["指標", "年度", "企業名", "値", "出典"],
        ["観光客満足度", 2019, "公表値", 0.13, "来訪者アンケート"],
        ["観光客満足度", 2020, "公表値", 0.85, "来訪者アンケート"],
        ["観光客満足度", 2021, "公表値", 0.9, "来訪者アンケート"],
        ["空き店舗の活用件数", 2019, "株式会社サンプル商店", 2, ""],
        ["空き店舗の活用件数", 2020, "株式会社ｻﾝﾌﾟﾙ商店", 1, ""],
        ["ＩＣＴ講座の受講者数", 2019, "サンプル工科大学", 1.5, ""],
    ], first=True)
    ws["D2"].number_format = "0%"
    ws["D4"].number_format = "0.0%"
    return wb


def percent_wrong_kpi():
    wb = Workbook()
    ws = sheet(wb, "実績", [
        ["指標", "年度", "企業名", "値", "出典"],
        ["空き店舗の活用件数", 2019, "株式会社サンプル商店", 0.5, ""],
    ], first=True)
    ws["D2"].number_format = "0%"
    return wb


def numbers():
    wb = Workbook()
    sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", "1,234", ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", "1,50", ""],
        ["新規移動人数", 2017, "株式会社ダミークラウド", "12,3,4", ""],
    ], first=True)
    return wb


def scaled():
    # 値 shown in thousands (`#,##0,`): 5000 and 6000 show as 5 and 6.
    wb = Workbook()
    ws = sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5000, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6000, ""],
    ], first=True)
    for cell in ("D2", "D3"):
        ws[cell].number_format = "#,##0,"
    return wb


def per_year():
    wb = Workbook()
    for i, (name, fy, values) in enumerate([
        ("平成28年度", "平成28年度", [5, 4]),
        ("平成29年度", "平成29年度", [8, 2]),
        ("平成30年度", "平成30年度", [20, 16]),
    ]):
        sheet(wb, name, [
            HEAD,
            ["新規移動人数", fy, "株式会社サンプル東京", values[0], ""],
            ["新規移動人数", fy, "架空データ工房株式会社", values[1], ""],
        ], first=(i == 0))
    return wb


def two_columns():
    wb = Workbook()
    sheet(wb, "実績", [
        ["指標", "年度", "実績年度", "企業名", "値"],
        ["新規移動人数", 2018, 2017, "株式会社サンプル東京", 5],
    ], first=True)
    return wb


def stated_totals():
    wb = Workbook()
    sheet(wb, "実績", [
        ["指標", "年度", "企業名", "区分", "値", "出典"],
        ["新規移動人数", 2016, "株式会社サンプル東京", "首都圏企業", 5, ""],
        ["新規移動人数", 2016, "架空データ工房株式会社", "首都圏企業", 4, ""],
        ["新規移動人数", 2016, None, None, 12, "北見市商工観光部調べ"],
        ["新規移動人数", 2017, "株式会社ダミークラウド", "首都圏企業", 9, ""],
        ["新規移動人数", 2017, None, "合計", 9, ""],
        ["新規参加企業数", 2018, "株式会社オホーツク試験", "地元企業", 3, ""],
        ["新規参加企業数", 2018, "総数", None, 10, "北見市調べ"],
        ["進出企業数", 2018, "公表値", None, 1, "北見市調べ"],
    ], first=True)
    return wb


def stated_smaller():
    wb = Workbook()
    sheet(wb, "実績", [
        ["指標", "年度", "企業名", "値", "出典"],
        ["新規移動人数", 2016, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2016, "架空データ工房株式会社", 4, ""],
        ["新規移動人数", 2016, "公表値", 8, "北見市商工観光部調べ"],
    ], first=True)
    return wb


def no_header():
    wb = Workbook()
    sheet(wb, "集計", [
        ["令和元年度 実績一覧"],
        ["No", "項目", "数"],
        [1, "新規移動人数", 5],
    ], first=True)
    sheet(wb, "メモ", [["担当", "商工観光部"]])
    return wb


def missed_company():
    wb = Workbook()
    sheet(wb, "実績", [
        ["指標", "年度", "会社・団体", "値"],
        ["新規移動人数", 2018, "株式会社サンプル東京", 5],
    ], first=True)
    return wb


def office_blocks(title, blocks, merge=True):
    """Blocks as offices lay them out: each block's KPI (and 年度) merged
    down over its rows, its total rows bold and shaded, a blank row
    between blocks. `blocks` are (kpi, year, rows) with rows
    (company, value, note); a value starting with = is a formula."""
    wb = Workbook()
    ws = wb.active
    ws.title = "実績"
    ws.append([title])
    ws.append(HEAD)
    bold, shade = Font(bold=True), PatternFill("solid", start_color="DDEBF7")
    row = 2
    for n, (kpi, year, rows) in enumerate(blocks):
        row += 1 if n else 0  # the blank row
        first = row + 1
        for company, value, note in rows:
            row += 1
            for col, v in enumerate([kpi, year, company, value, note], start=1):
                cell = ws.cell(row=row, column=col, value=v)
                if company.replace("\u3000", "") in ("合計", "小計", "総計", "計"):
                    cell.font, cell.fill = bold, shade
        last = row
        if merge and last > first:
            ws.merge_cells(f"A{first}:A{last}")
            ws.merge_cells(f"B{first}:B{last}")
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["C"].width = 26
    return wb


def top_totals():
    # 合計 first, then its companies: the total a formula over the rows below.
    return office_blocks("令和元年度 KPI実績（合計を上に）", [
        ("新規移動人数", 2017, [
            ("合計", "=SUM(D4:D5)", ""),
            ("株式会社サンプル東京", 4, ""),
            ("架空データ工房株式会社", 6, ""),
        ]),
        ("新規移動人数", 2018, [
            ("合　計", "=SUM(D8:D10)", ""),
            ("株式会社サンプル東京", 5, ""),
            ("架空データ工房株式会社", 6, ""),
            ("株式会社オホーツク試験", 3, ""),
        ]),
        ("新規参加企業数", 2018, [
            ("小計", "=SUM(D13:D14)", "首都圏"),
            ("株式会社サンプル東京", 1, ""),
            ("架空データ工房株式会社", 1, ""),
            ("小計", "=D16", "地元"),
            ("株式会社オホーツク試験", 1, ""),
        ]),
    ])


def top_totals_plain():
    # The same with the KPI and 年度 on every row, as saved to CSV.
    wb = top_totals()
    ws = wb.active
    for merged in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(merged))
    for row in range(4, ws.max_row + 1):
        if ws.cell(row=row, column=3).value and not ws.cell(row=row, column=1).value:
            for col in (1, 2):
                ws.cell(row=row, column=col).value = ws.cell(row=row - 1, column=col).value
    return wb


def top_total_wrong():
    # The 合計 typed over its companies, not updated when one changed.
    return office_blocks("令和元年度 KPI実績", [
        ("新規移動人数", 2018, [
            ("合計", 15, ""),
            ("株式会社サンプル東京", 5, ""),
            ("架空データ工房株式会社", 9, ""),
        ]),
    ])


def top_unclear():
    # Totals of which rows? One block each.
    return office_blocks("令和元年度 KPI実績", [
        # 合計 above and below the same companies.
        ("新規移動人数", 2016, [
            ("合計", 9, ""),
            ("株式会社サンプル東京", 5, ""),
            ("架空データ工房株式会社", 4, ""),
            ("合計", 9, ""),
        ]),
        # 小計 groups, each above its companies, under a 合計 above them.
        ("新規移動人数", 2017, [
            ("合計", 10, ""),
            ("小計", 6, "首都圏"),
            ("株式会社サンプル東京", 4, ""),
            ("架空データ工房株式会社", 2, ""),
            ("小計", 4, "地元"),
            ("株式会社オホーツク試験", 4, ""),
        ]),
        # 小計 rows below their companies, under a 合計 above them.
        ("新規移動人数", 2018, [
            ("合計", 14, ""),
            ("株式会社サンプル東京", 5, ""),
            ("架空データ工房株式会社", 6, ""),
            ("小計", 11, "首都圏"),
            ("株式会社オホーツク試験", 3, ""),
            ("小計", 3, "地元"),
        ]),
        # A 総計 over the 合計 blocks below it.
        ("新規参加企業数", 2018, [
            ("総計", 3, ""),
            ("合計", 2, "首都圏"),
            ("株式会社サンプル東京", 1, ""),
            ("架空データ工房株式会社", 1, ""),
            ("合計", 1, "地元"),
            ("株式会社オホーツク試験", 1, ""),
        ]),
    ])


def filtered():
    # An autofilter on 備考 showing only 確定: the 速報 rows are filtered
    # out (hidden by the filter, not by the user).
    wb = Workbook()
    ws = sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, "確定"],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, "速報"],
        ["新規移動人数", 2018, "株式会社ダミークラウド", 7, "速報"],
        ["新規移動人数", 2018, "株式会社オホーツク試験", 3, "確定"],
    ], first=True)
    ws.auto_filter.ref = "A1:E5"
    ws.auto_filter.add_filter_column(4, ["確定"])
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[4].hidden = True
    return wb


def grouped():
    # Rows grouped (outlined) and collapsed, and an old column grouped and
    # collapsed beside 値.
    wb = Workbook()
    ws = sheet(wb, "実績", [
        ["指標", "年度", "企業名", "旧値", "値"],
        ["新規移動人数", 2018, "株式会社サンプル東京", 50, 5],
        ["新規移動人数", 2018, "架空データ工房株式会社", 60, 6],
        ["新規移動人数", 2018, "株式会社ダミークラウド", 70, 7],
    ], first=True)
    for r in (3, 4):
        ws.row_dimensions[r].outline_level = 1
        ws.row_dimensions[r].hidden = True
    ws.column_dimensions["D"].outline_level = 1
    ws.column_dimensions["D"].hidden = True
    return wb


def unit_line():
    # The office's note of the unit above the table: the values are in
    # thousands of people, the plan counts people.
    wb = Workbook()
    sheet(wb, "実績", [
        ["令和元年度 KPI実績", None, None, None, "（単位：千人）"],
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, ""],
    ], first=True)
    return wb


def unit_header():
    # The unit in the value column's header: 人 agrees with 新規移動人数,
    # not with 新規参加企業数 (社).
    wb = Workbook()
    sheet(wb, "実績", [
        ["指標", "年度", "企業名", "実績（人）"],
        ["新規移動人数", 2018, "株式会社サンプル東京", 5],
        ["新規参加企業数", 2018, "株式会社サンプル東京", 1],
    ], first=True)
    return wb


def total_and_published():
    # The companies' 合計, then the published figure, which includes a part
    # without a company breakdown; and a 合計 that is not the companies' sum.
    wb = Workbook()
    sheet(wb, "実績", [
        ["指標", "年度", "企業名", "値", "出典"],
        ["新規移動人数", 2017, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2017, "架空データ工房株式会社", 6, ""],
        ["新規移動人数", 2017, "合計", "=SUM(D2:D3)", ""],
        ["新規移動人数", 2017, "公表値", 15, "北見市商工観光部調べ"],
        ["新規移動人数", 2018, "株式会社サンプル東京", 4, ""],
        ["新規移動人数", 2018, "合計", 9, ""],
        ["新規移動人数", 2018, "公表値", 9, "北見市商工観光部調べ"],
    ], first=True)
    return wb


def two_groups():
    # Two groups of companies (首都圏, 地元), each closed by its 合計.
    wb = Workbook()
    sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, "首都圏"],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, "首都圏"],
        ["新規移動人数", 2018, "合計", "=SUM(D2:D3)", "首都圏"],
        ["新規移動人数", 2018, "株式会社オホーツク試験", 2, "地元"],
        ["新規移動人数", 2018, "サンプル工科大学", 3, "地元"],
        ["新規移動人数", 2018, "合計", "=SUM(D5:D6)", "地元"],
    ], first=True)
    return wb


def total_then_more():
    # A 合計 (=SUM) over two companies, then one more company and no total
    # under it: is 株式会社オホーツク試験 part of the item or outside its total?
    # Then a block whose 合計 is closed by a 合計 under the last company, and
    # one whose 小計 is followed by more companies.
    wb = Workbook()
    sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, ""],
        ["新規移動人数", 2018, "合計", "=SUM(D2:D3)", ""],
        ["新規移動人数", 2018, "株式会社オホーツク試験", 5, ""],
        ["新規移動人数", 2017, "株式会社サンプル東京", 2, ""],
        ["新規移動人数", 2017, "合計", "=SUM(D6)", ""],
        ["新規移動人数", 2017, "株式会社オホーツク試験", 3, ""],
        ["新規移動人数", 2017, "合計", "=SUM(D8)", ""],
        ["新規参加企業数", 2018, "株式会社サンプル東京", 1, ""],
        ["新規参加企業数", 2018, "小計", "=SUM(D10)", ""],
        ["新規参加企業数", 2018, "株式会社オホーツク試験", 1, ""],
    ], first=True)
    return wb


def unit_other_table():
    # A reference table of project costs in 千円 above the KPI table, whose
    # values (in 人, as the plan) have no unit line of their own.
    wb = Workbook()
    sheet(wb, "実績", [
        ["参考 事業費（単位：千円）"],
        ["事業名", "事業費"],
        ["サテライトオフィス整備", 12000],
        ["移住相談窓口", 3500],
        [],
        ["令和元年度 KPI実績"],
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, ""],
    ], first=True)
    return wb


def year_cells():
    # The 年度 column as offices fill it: 2018年 and 平成30年 (the column
    # says 年度), and a date cell (the day a figure was counted).
    import datetime
    wb = Workbook()
    ws = sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", "2018年", "株式会社サンプル東京", 5, ""],
        ["新規移動人数", "平成30年", "架空データ工房株式会社", 6, ""],
        ["新規移動人数", datetime.date(2019, 3, 31), "株式会社ダミークラウド", 7, ""],
    ], first=True)
    ws["B4"].number_format = "yyyy/m/d"
    return wb


def calendar_year():
    wb = Workbook()
    sheet(wb, "実績", [
        ["指標", "年", "企業名", "値"],
        ["新規移動人数", 2018, "株式会社サンプル東京", 5],
    ], first=True)
    return wb


def signs():
    # Text cells as offices type a decrease, a negative and "none".
    wb = Workbook()
    sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", "▲1,234", ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", "(12)", ""],
        ["新規移動人数", 2018, "株式会社ダミークラウド", "－", ""],
        ["新規移動人数", 2017, "株式会社サンプル東京", "―", ""],
        ["新規移動人数", 2017, "株式会社オホーツク試験", "１，２３４", ""],
    ], first=True)
    return wb


def notes():
    # Notes under the 合計, in the first column and under the companies.
    wb = Workbook()
    sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, "速報値"],
        ["新規移動人数", 2018, "合計", "=SUM(D2:D3)", ""],
        ["注：架空データ工房株式会社は速報値", None, None, None, None],
        [None, None, "※1 延べ人数", None, None],
        ["（注）北見市商工観光部調べ", None, None, None, None],
    ], first=True)
    return wb


def legal_forms():
    # One company written four ways: a trailing space and a full-width one
    # (the same name), (株) and ㈱ (the same abbreviation).
    wb = Workbook()
    sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2017, "株式会社サンプル東京 ", 4, ""],
        ["新規移動人数", 2016, "株式会社サンプル東京\u3000", 3, ""],
        ["新規移動人数", 2018, "(株)サンプル東京", 2, ""],
        ["新規移動人数", 2017, "㈱サンプル東京", 1, ""],
    ], first=True)
    return wb


def beside_kind():
    # A summary by 区分 beside the table, an empty column between: its 区分
    # (合計 on the third row) would be read as the companies' rows'.
    wb = Workbook()
    sheet(wb, "実績", [
        ["指標", "年度", "企業名", "値", None, "区分", "人数"],
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, None, "首都圏企業", 11],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, None, "地元企業", 3],
        ["新規移動人数", 2018, "株式会社オホーツク試験", 3, None, "合計", 14],
    ], first=True)
    return wb


def beside_repeat():
    # Two KPI blocks side by side, each with its header.
    wb = Workbook()
    sheet(wb, "実績", [
        HEAD + [None] + HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, "", None,
         "新規参加企業数", 2018, "株式会社サンプル東京", 1, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, "", None,
         "新規参加企業数", 2018, "株式会社オホーツク試験", 1, ""],
    ], first=True)
    return wb


def part_of():
    # うち rows: a part of the 合計 above it, and of a company above it.
    wb = Workbook()
    sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, ""],
        ["新規移動人数", 2018, "合計", "=SUM(D2:D3)", ""],
        ["新規移動人数", 2018, "（うち首都圏企業）", 5, ""],
        ["新規移動人数", 2017, "株式会社サンプル東京", 4, ""],
        ["新規移動人数", 2017, "うち新規", 2, ""],
        ["新規移動人数", 2017, "うちやま農園", 1, ""],
    ], first=True)
    return wb


def unit_column():
    # A 単位 column beside 値: one row in 千人 for a KPI counted in 人.
    wb = Workbook()
    sheet(wb, "実績", [
        ["指標", "年度", "企業名", "値", "単位"],
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, "人"],
        ["新規移動人数", 2017, "株式会社サンプル東京", 3, "千人"],
        ["新規参加企業数", 2018, "株式会社サンプル東京", 1, "社"],
    ], first=True)
    return wb


def format_unit():
    # Units written by the value cells' number formats, not in the sheet:
    # 5 shown as 5千人 for a KPI counted in 人, 3 as 3千人 (escaped), 4 as
    # 千人4 (a currency-like symbol), 1 as 1人 for a KPI in 社 and 7 as 約7;
    # 6 shown as 6人, 2 as 2社 and 8 as 8 人 agree with their KPIs.
    wb = Workbook()
    ws = sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2017, "株式会社サンプル東京", 3, ""],
        ["新規移動人数", 2016, "株式会社サンプル東京", 4, ""],
        ["新規参加企業数", 2018, "株式会社サンプル東京", 1, ""],
        ["新規移動人数", 2016, "架空データ工房株式会社", 7, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, ""],
        ["新規参加企業数", 2017, "株式会社サンプル東京", 2, ""],
        ["新規移動人数", 2017, "架空データ工房株式会社", 8, ""],
    ], first=True)
    for cell, code in (("D2", '#,##0"千人"'), ("D3", "#,##0\\千\\人"), ("D4", "[$千人]#,##0"),
                       ("D5", '0"人"'), ("D6", '"約"0'), ("D7", '0"人"'), ("D8", '#,##0"社"'),
                       ("D9", '0" 人"')):
        ws[cell].number_format = code
    return wb


def format_sections():
    # Number formats offices put on plain numbers, whose text is only for
    # negatives, for zero, or under a condition no positive value meets:
    # each value shows as a plain number and is read. The last, in 千人 in
    # its positive section too, is refused, as is 7 shown 7千人 by a
    # General format with text; 2 shown 2社 so is read.
    wb = Workbook()
    ws = sheet(wb, "実績", [
        HEAD,
        ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
        ["新規移動人数", 2018, "架空データ工房株式会社", 6, ""],
        ["新規移動人数", 2018, "株式会社オホーツク試験", 0, ""],
        ["新規移動人数", 2017, "株式会社サンプル東京", 3, ""],
        ["新規移動人数", 2017, "架空データ工房株式会社", 4, ""],
        ["新規移動人数", 2017, "株式会社オホーツク試験", 2, ""],
        ["新規参加企業数", 2018, "株式会社サンプル東京", 1, ""],
        ["新規参加企業数", 2017, "株式会社サンプル東京", 9, ""],
        ["新規移動人数", 2016, "株式会社サンプル東京", 7, ""],
        ["新規参加企業数", 2016, "株式会社サンプル東京", 2, ""],
    ], first=True)
    for cell, code in (("D2", '#,##0;"△"#,##0'), ("D3", '#,##0;[Red]"▲ "#,##0'),
                       ("D4", '#,##0;-#,##0;"－"'), ("D5", '[<0]"▲"#,##0;#,##0'),
                       ("D6", '[=0]"－";#,##0'), ("D7", '#,##0_ ;[Red]\\-#,##0\\ '),
                       ("D8", '#,##0"社";"△"#,##0"社"'),
                       ("D9", '#,##0"千人";"△"#,##0"千人"'),
                       # G/標準"千人" as Excel in Japanese shows it: 7千人.
                       ("D10", 'General"千人"'), ("D11", 'General"社"')):
        ws[cell].number_format = code
    return wb


CASES = {
    "subtotals": subtotals,
    "subtotal-wrong": subtotal_wrong,
    "merged": merged,
    "merged-value": merged_value,
    "errors": errors,
    "hidden-sheet": hidden_sheet,
    "hidden-column": hidden_column,
    "hidden-row": hidden_row,
    "percent": percent,
    "percent-wrong-kpi": percent_wrong_kpi,
    "numbers": numbers,
    "scaled": scaled,
    "per-year": per_year,
    "two-columns": two_columns,
    "stated-totals": stated_totals,
    "stated-smaller": stated_smaller,
    "no-header": no_header,
    "missed-company": missed_company,
    "top-totals": top_totals,
    "top-totals-plain": top_totals_plain,
    "top-total-wrong": top_total_wrong,
    "top-unclear": top_unclear,
    "filtered": filtered,
    "grouped": grouped,
    "unit-line": unit_line,
    "unit-other-table": unit_other_table,
    "unit-header": unit_header,
    "total-and-published": total_and_published,
    "two-groups": two_groups,
    "total-then-more": total_then_more,
    "year-cells": year_cells,
    "calendar-year": calendar_year,
    "signs": signs,
    "notes": notes,
    "legal-forms": legal_forms,
    "beside-kind": beside_kind,
    "beside-repeat": beside_repeat,
    "part-of": part_of,
    "unit-column": unit_column,
    "format-unit": format_unit,
    "format-sections": format_sections,
}


def main():
    if not shutil.which("soffice"):
        sys.exit("soffice (LibreOffice) is needed: apt-get install libreoffice-calc")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src")
        os.mkdir(src)
        wanted = sys.argv[1:] or list(CASES)
        for name, make in CASES.items():
            if name in wanted:
                make().save(os.path.join(src, f"{name}.xlsx"))
        # The old binary .xls for the merged, top-totals, hidden-row
        # (filtered, grouped) and format (percent, scaled) cases: hidden rows
        # and formats are read from its records. CSV as Calc saves it (UTF-8,
        # the values as shown): the blocks above their companies with the KPI
        # merged (its rows below empty) and with it on every row.
        plain = ["top-totals-plain.xlsx"]
        csv = "csv:Text - txt - csv (StarCalc):44,34,76,1"
        for fmt, names in (("xlsx", None), ("ods", None), ("xls", ["merged.xlsx", "top-totals.xlsx", "filtered.xlsx", "grouped.xlsx",
                    "percent.xlsx", "percent-wrong-kpi.xlsx", "scaled.xlsx",
                    "format-unit.xlsx", "format-sections.xlsx"]),
                           (csv, ["top-totals.xlsx", *plain])):
            out = os.path.join(tmp, fmt.split(":")[0])
            listed = names or [f for f in os.listdir(src) if f not in plain]
            files = sorted(
                os.path.join(src, f) for f in listed if os.path.exists(os.path.join(src, f))
            )
            if not files:
                continue
            subprocess.run(
                ["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                 "--convert-to", fmt, "--outdir", out, *files],
                check=True, stdout=subprocess.DEVNULL)
            for f in os.listdir(out):
                name = f.replace("top-totals.csv", "top-totals-merged.csv").replace("-plain", "")
                shutil.copy(os.path.join(out, f), os.path.join(HERE, name))


if __name__ == "__main__":
    main()
