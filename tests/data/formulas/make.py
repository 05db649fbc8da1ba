#!/usr/bin/env python3
"""Makes the workbooks of tests/data/formulas/: one small table whose 値
cells are formulas, written by the programs offices and their scripts use.

Programs that do not compute formulas store no result (openpyxl, odfpy) or
a placeholder 0 in a workbook that asks to be recalculated when opened
(XlsxWriter, also openpyxl); xlwt stores an empty result. LibreOffice Calc
computes them: `lo-*` are LibreOffice's own saves, made through its UNO
interface (the Debian packages python3-openpyxl, python3-xlsxwriter,
python3-xlwt, python3-odf, python3-uno and libreoffice-calc).

Run from anywhere with the system Python: /usr/bin/python3 tests/data/formulas/make.py
"""

import os
import subprocess
import tempfile
import time

import openpyxl
import xlsxwriter
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

HERE = os.path.dirname(os.path.abspath(__file__))
HEAD = ["指標", "年度", "企業名", "値", "備考"]
# 6 and 11 as a spreadsheet shows them.
ROWS = [
    ["新規移動人数", 2018, "株式会社サンプル東京", 5, ""],
    ["新規移動人数", 2018, "架空データ工房株式会社", "=2*3", ""],
    ["新規移動人数", 2017, "株式会社サンプル東京", "=D2+D3", ""],
]
# Rows an office fills ahead with formulas that show nothing until used.
BLANKS = [
    [f'=IF(C{n}="","",A2)', f'=IF(C{n}="","",B2)', "", f'=IF(C{n}="","",D2)', ""]
    for n in (5, 6)
]


def is_formula(v):
    return isinstance(v, str) and v.startswith("=")


def with_xlsxwriter(path, rows):
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("実績")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if is_formula(v):
                ws.write_formula(r, c, v)
            else:
                ws.write(r, c, v)
    wb.close()


def with_openpyxl(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "実績"
    for row in rows:
        ws.append(row)
    wb.save(path)


def with_xlwt(path, rows):
    wb = xlwt.Workbook()
    ws = wb.add_sheet("実績")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            ws.write(r, c, xlwt.Formula(v[1:]) if is_formula(v) else v)
    wb.save(path)


def with_odfpy(path, rows):
    doc = OpenDocumentSpreadsheet()
    table = Table(name="実績")
    for row in rows:
        tr = TableRow()
        for v in row:
            if is_formula(v):
                cell = TableCell(formula="of:=" + v[1:].replace("D2", "[.D2]").replace("D3", "[.D3]"))
            elif isinstance(v, (int, float)):
                cell = TableCell(valuetype="float", value=v)
                cell.addElement(P(text=str(v)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=v))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(path)


def with_libreoffice(jobs):
    """Each (source, target, filter, recalculate[, edit]) opened and saved
    by Calc; `edit`, if given, is called with the document before saving."""
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    profile = tempfile.mkdtemp()
    office = subprocess.Popen([
        "soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
        "--accept=socket,host=localhost,port=2202;urp;",
    ])
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(60):
        try:
            ctx = resolver.resolve("uno:socket,host=localhost,port=2202;urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(1)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    for source, target, filter_name, recalculate, *edit in jobs:
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
        if recalculate:
            doc.calculateAll()
        for f in edit:
            f(doc)
        doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", filter_name),))
        doc.close(True)
    desktop.terminate()
    office.wait()


def main():
    at = lambda name: os.path.join(HERE, name)
    table = [HEAD] + ROWS
    with_xlsxwriter(at("xlsxwriter.xlsx"), table)
    with_openpyxl(at("openpyxl.xlsx"), table)
    with_xlwt(at("xlwt.xls"), table)
    with_odfpy(at("odfpy.ods"), table)
    source = os.path.join(tempfile.mkdtemp(), "blanks.xlsx")
    with_openpyxl(source, table + BLANKS)
    with_libreoffice([
        # The fix the refusal asks for: recalculated (Ctrl+Shift+F9), saved.
        (at("xlsxwriter.xlsx"), at("lo-recalculated.xlsx"), "Calc MS Excel 2007 XML", True),
        # Formulas Calc computed, some showing an empty text.
        (source, at("lo-blanks.xlsx"), "Calc MS Excel 2007 XML", True),
        (source, at("lo-blanks.ods"), "calc8", True),
    ])


if __name__ == "__main__":
    main()
