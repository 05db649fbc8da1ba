#!/usr/bin/python3
"""libreoffice-tab.txt: a table saved by LibreOffice Calc as "Text (Tab
delimited)": its 値 cells formatted #,##0 and its 備考 holding commas, both
written unquoted, so that each row holds more commas than tabs.

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
    ws.append(["指標", "年度", "企業名", "値", "備考"])
    for i, (name, value) in enumerate([
        ("株式会社サンプル東京", 1234567),
        ("架空データ工房株式会社", 2345678),
        ("株式会社ダミークラウド", 3456789),
        ("みなとサンプル情報株式会社", 4567890),
        ("株式会社オホーツクサンプル", 5678901),
        ("サンプル大学", 6789012),
    ]):
        ws.append(["新規移動人数", 2018, name, value, "東京, 大阪, 名古屋, 福岡の拠点から"])
        ws.cell(row=i + 2, column=4).number_format = "#,##0"
    src = os.path.join(tmp, "libreoffice-tab.xlsx")
    wb.save(src)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
         "--convert-to", "txt:Text - txt - csv (StarCalc):9,34,76", "--outdir", tmp, src],
        check=True, stdout=subprocess.DEVNULL)
    shutil.copy(os.path.join(tmp, "libreoffice-tab.txt"), os.path.join(HERE, "libreoffice-tab.txt"))
