#!/usr/bin/perl
# Makes writeexcel.xls: the table of make.py written by Perl's
# Spreadsheet::WriteExcel (Debian package libspreadsheet-writeexcel-perl),
# which stores 0 for each formula and asks for it to be computed on open.
# Run from anywhere: perl tests/data/formulas/writeexcel.pl
use strict;
use warnings;
use utf8;
use File::Basename qw(dirname);
use Spreadsheet::WriteExcel;

my $book = Spreadsheet::WriteExcel->new(dirname(__FILE__) . '/writeexcel.xls');
my $sheet = $book->add_worksheet('実績');
my @rows = (
    ['指標', '年度', '企業名', '値', '備考'],
    ['新規移動人数', 2018, '株式会社サンプル東京', 5, ''],
    ['新規移動人数', 2018, '架空データ工房株式会社', '=2*3', ''],
    ['新規移動人数', 2017, '株式会社サンプル東京', '=D2+D3', ''],
);
for my $r (0 .. $#rows) {
    for my $c (0 .. 4) {
        my $v = $rows[$r][$c];
        $sheet->write($r, $c, $v) if $v ne '';
    }
}
$book->close();
