// Writes actuals workbooks as an office's in-house Java tool would, with
// Apache POI: HSSF (.xls), XSSF and SXSSF (.xlsx), each with formulas
//
//   plain      written without computing them (the results POI stores),
//   forced     the same, the workbook asked to be recalculated when opened
//              (setForceFormulaRecalculation(true)),
//   evaluated  every formula computed by POI before saving
//              (FormulaEvaluator.evaluateAll()),
//
// and, as a tool filling in a template would, lo-recalculated.xls (the
// table as LibreOffice saved it, its results computed) opened with HSSF,
// the 5 of D2 changed to 7 and saved: plain, forced, evaluated, and with
// the sheet asked to be recalculated (Sheet.setForceFormulaRecalculation,
// an UNCALCED record). A spreadsheet then shows 6, 13 and 13.
//
// The table is that of make.py's workbooks, with a subtotal row and a
// second sheet: 値 is 5, ='入力'!B2*2 (6, from the other sheet), a 小計
// row of =SUM(D2:D3) (11), and =D4 for 2017 (11). Run by make-poi.sh.

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

public class PoiActuals {
    static final String[] HEAD = {"指標", "年度", "企業名", "値", "備考"};
    static final Object[][] ROWS = {
        {"新規移動人数", 2018, "株式会社サンプル東京", 5, ""},
        {"新規移動人数", 2018, "架空データ工房株式会社", "='入力'!B2*2", ""},
        {"新規移動人数", 2018, "小計", "=SUM(D2:D3)", ""},
        {"新規移動人数", 2017, "株式会社サンプル東京", "=D4", ""},
    };

    static void fill(Workbook wb) {
        Sheet sheet = wb.createSheet("実績");
        Sheet input = wb.createSheet("入力");
        Row head = sheet.createRow(0);
        for (int c = 0; c < HEAD.length; c++) {
            head.createCell(c).setCellValue(HEAD[c]);
        }
        for (int r = 0; r < ROWS.length; r++) {
            Row row = sheet.createRow(r + 1);
            for (int c = 0; c < ROWS[r].length; c++) {
                Object v = ROWS[r][c];
                if (v instanceof Integer) {
                    row.createCell(c).setCellValue((Integer) v);
                } else if (((String) v).startsWith("=")) {
                    row.createCell(c).setCellFormula(((String) v).substring(1));
                } else if (!((String) v).isEmpty()) {
                    row.createCell(c).setCellValue((String) v);
                }
            }
        }
        Row named = input.createRow(0);
        named.createCell(0).setCellValue("項目");
        named.createCell(1).setCellValue("人数");
        Row three = input.createRow(1);
        three.createCell(0).setCellValue("架空データ工房株式会社");
        three.createCell(1).setCellValue(3);
    }

    static void write(Workbook wb, String path, String mode) throws IOException {
        fill(wb);
        save(wb, path, mode);
    }

    static void save(Workbook wb, String path, String mode) throws IOException {
        if (mode.equals("uncalced")) {
            wb.getSheet("実績").setForceFormulaRecalculation(true);
        } else if (mode.equals("forced")) {
            wb.setForceFormulaRecalculation(true);
        } else if (mode.equals("evaluated")) {
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
        }
        try (OutputStream out = new FileOutputStream(path)) {
            wb.write(out);
        }
        if (wb instanceof SXSSFWorkbook) {
            ((SXSSFWorkbook) wb).dispose();
        }
        wb.close();
    }

    /** `DIR new` writes the new workbooks, `DIR template` fills in DIR/lo-recalculated.xls. */
    public static void main(String[] args) throws IOException {
        String dir = args[0];
        if (args[1].equals("new")) {
            for (String mode : new String[] {"plain", "forced", "evaluated"}) {
                write(new HSSFWorkbook(), dir + "/poi-hssf-" + mode + ".xls", mode);
                write(new XSSFWorkbook(), dir + "/poi-xssf-" + mode + ".xlsx", mode);
                write(new SXSSFWorkbook(), dir + "/poi-sxssf-" + mode + ".xlsx", mode);
            }
            return;
        }
        for (String mode : new String[] {"plain", "forced", "uncalced", "evaluated"}) {
            Workbook wb;
            try (InputStream in = new FileInputStream(dir + "/lo-recalculated.xls")) {
                wb = new HSSFWorkbook(in);
            }
            wb.getSheet("実績").getRow(1).getCell(3).setCellValue(7);
            save(wb, dir + "/poi-template-" + mode + ".xls", mode);
        }
    }
}
