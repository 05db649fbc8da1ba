#!/bin/sh
# Makes the poi-* workbooks of tests/data/formulas/ with Apache POI, and the
# LibreOffice .xls saves they are compared with (lo-recalculated.xls,
# lo-blanks.xls). Needs Debian's libapache-poi-java (4.0.1), a JDK,
# libreoffice-calc, python3-uno and python3-openpyxl, and pip (for the
# ooxml-schemas jar: see poi/POIXMLTypeLoader.java).
#
# Run from anywhere: sh tests/data/formulas/make-poi.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
J=/usr/share/java
pip download --quiet --no-deps --dest "$WORK" poi4py==0.0.8
tar -xzf "$WORK"/poi4py-0.0.8.tar.gz -C "$WORK" poi4py-0.0.8/poi4py/java/poi-ooxml-schemas-3.17.jar
SCHEMAS="$WORK"/poi4py-0.0.8/poi4py/java/poi-ooxml-schemas-3.17.jar
CP="$WORK/classes:$SCHEMAS:$J/poi.jar:$J/poi-ooxml.jar:$J/xmlbeans.jar:$J/commons-collections4.jar"
CP="$CP:$J/commons-compress.jar:$J/commons-math3.jar:$J/commons-codec.jar:$J/curvesapi.jar"
javac -encoding UTF-8 -d "$WORK/classes" -cp "$CP" "$HERE"/poi/*.java
java -cp "$CP" PoiActuals "$HERE" new
# LibreOffice's .xls saves: POI's table computed, and make.py's table
# with rows of formulas showing an empty text.
cd "$HERE"
export PYTHONDONTWRITEBYTECODE=1
/usr/bin/python3 - <<'PY'
import os, tempfile
import make
at = lambda name: os.path.join(make.HERE, name)
source = os.path.join(tempfile.mkdtemp(), "blanks.xlsx")
make.with_openpyxl(source, [make.HEAD] + make.ROWS + make.BLANKS)
make.with_libreoffice([
    (at("poi-hssf-plain.xls"), at("lo-recalculated.xls"), "MS Excel 97", True),
    (source, at("lo-blanks.xls"), "MS Excel 97", True),
])
PY
java -cp "$CP" PoiActuals "$HERE" template
