#!/usr/bin/python3
"""scientific.csv: a table whose 値 cell is formatted as scientific
(0.00E+00), saved as CSV by LibreOffice Calc, which writes the cell as it
shows it: 123456 becomes 1.23E+05.

Needs openpyxl (python3-openpyxl) and soffice (LibreOffice)."""
import os
import shutil
import subprocess
import tempfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))

with tempfile.TemporaryDirectory() as tmp:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "実績"
    ws.append(["指標", "年度", "企業名", "値"])
    ws.append(["新規移動人数", 2018, "株式会社サンプル東京", 5])
    ws.append(["新規移動人数", 2018, "架空データ工房株式会社", 123456])
    ws["D3"].number_format = "0.00E+00"
    src = os.path.join(tmp, "scientific.xlsx")
    wb.save(src)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", tmp, src],
        check=True, stdout=subprocess.DEVNULL)
    shutil.copy(os.path.join(tmp, "scientific.csv"), os.path.join(HERE, "scientific.csv"))
