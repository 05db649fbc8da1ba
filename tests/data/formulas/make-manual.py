#!/usr/bin/env python3
"""Makes the workbooks of tests/data/formulas/ saved as Excel saves them in
manual calculation mode (数式 > 計算方法の設定 > 手動) with "recalculate
before saving" turned off: the results stored are those of the last
recalculation, stale where a value changed since. There is no Excel here:
they are built from the file formats.

- manual.xls: poi-template-uncalced.xls (D2 changed from 5 to 7, the
  formulas' results 6, 11, 11 left from before, an UNCALCED record in 実績)
  with what Excel writes in manual mode added to each sheet's calculation
  settings (MS-XLS 2.4.34 CalcMode): a CALCMODE record of 0 (manual) before
  CALCCOUNT, and SAVERECALC (2.4.248) set to 0. The sheet offsets of the
  BOUNDSHEET and INDEX records are moved by the bytes added; the compound
  file is written by xlwt's writer, the Workbook stream alone.
- manual.xlsx: lo-recalculated.xlsx (6 and 11, computed) with
  `<calcPr calcId="191029" calcMode="manual" calcOnSave="0"/>` in its workbook part, as
  Excel writes the same setting (ECMA-376 18.2.2 calcPr), and D2 changed
  to 7 with the formulas' results left: a spreadsheet shows 6, 11 until F9,
  13 after.
- manual-saved.xlsx: the same setting with "recalculate before saving" on
  (`calcMode="manual"` alone, Excel's default), the results computed.
- lo-manual.ods, lo-manual.xlsx: LibreOffice Calc's own saves (through its
  UNO interface, as make.py's) of lo-recalculated.xlsx with automatic
  calculation turned off (データ > 計算 > 自動計算, `enableAutomaticCalculation
  (False)`) and D2 changed from 5 to 7: the formulas' results stay 6 and 11.
  The .ods says so in its settings (`AutoCalculate` false); the .xlsx says
  nothing of it.

Run with the system Python (Debian's python3-olefile 0.46, python3-xlwt
1.3.0, python3-uno and libreoffice-calc): /usr/bin/python3
tests/data/formulas/make-manual.py
"""

import os
import re
import sys
import struct
import zipfile

import olefile
from xlwt.CompoundDoc import XlsDoc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
BOF, EOF, BOUNDSHEET, INDEX = 0x0809, 0x000A, 0x0085, 0x020B
CALCCOUNT, CALCMODE, SAVERECALC = 0x000C, 0x000D, 0x005F


def records(stream):
    at = 0
    while at < len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        yield at, kind, bytearray(stream[at + 4 : at + 4 + size])
        at += 4 + size


def manual_xls():
    ole = olefile.OleFileIO(os.path.join(HERE, "poi-template-uncalced.xls"))
    old = ole.openstream("Workbook").read()
    ole.close()
    out, added, in_sheet = [], [], False
    for at, kind, data in records(old):
        if kind == BOF:
            in_sheet = struct.unpack_from("<H", data, 2)[0] == 0x0010
        if in_sheet and kind == CALCCOUNT:
            out.append((CALCMODE, bytearray(struct.pack("<H", 0))))
            added.append(at)
        if in_sheet and kind == SAVERECALC:
            data = bytearray(struct.pack("<H", 0))
        out.append((kind, data))

    def moved(data, off):
        # An offset at or past a record added moves by its 6 bytes.
        old_at = struct.unpack_from("<I", data, off)[0]
        if old_at:
            struct.pack_into("<I", data, off, old_at + 6 * sum(a <= old_at for a in added))

    for kind, data in out:
        if kind == BOUNDSHEET:
            moved(data, 0)
        if kind == INDEX:
            # The offset of the DEFCOLWIDTH record, then one DBCELL's a block.
            for off in range(12, len(data), 4):
                moved(data, off)
    stream = b"".join(struct.pack("<HH", k, len(d)) + bytes(d) for k, d in out)
    XlsDoc().save(os.path.join(HERE, "manual.xls"), stream)


def rewritten_xlsx(name, calc, d2):
    with zipfile.ZipFile(os.path.join(HERE, "lo-recalculated.xlsx")) as z:
        parts = {i: z.read(i) for i in z.namelist()}
        order = z.infolist()
    wb = parts["xl/workbook.xml"].decode()
    wb, n = re.subn(r"<calcPr[^>]*/>", calc, wb)
    if n == 0:
        wb = wb.replace("</workbook>", calc + "</workbook>")
    parts["xl/workbook.xml"] = wb.encode()
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, n = re.subn(r'(<c r="D2"[^>]*><v>)5(</v>)', rf"\g<1>{d2}\g<2>", sheet)
    assert n == 1, "D2 is 5"
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        for info in order:
            z.writestr(info, parts[info.filename])


def by_hand(doc):
    """Automatic calculation off, then D2 changed: nothing recalculated."""
    doc.enableAutomaticCalculation(False)
    doc.Sheets.getByIndex(0).getCellRangeByName("D2").Value = 7


def libreoffice_manual():
    import make

    source = os.path.join(HERE, "lo-recalculated.xlsx")
    make.with_libreoffice([
        (source, os.path.join(HERE, "lo-manual.ods"), "calc8", False, by_hand),
        (source, os.path.join(HERE, "lo-manual.xlsx"), "Calc MS Excel 2007 XML", False, by_hand),
    ])


if __name__ == "__main__":
    libreoffice_manual()
    manual_xls()
    rewritten_xlsx("manual.xlsx", '<calcPr calcId="191029" calcMode="manual" calcOnSave="0"/>', 7)
    rewritten_xlsx("manual-saved.xlsx", '<calcPr calcId="191029" calcMode="manual"/>', 5)
