#!/usr/bin/env bash
# Regenerates packages/pdf-sign/test/fixtures/: unsigned PDFs from other producers, so the signer is
# tested on files it did not write. The PDFs are committed (CI needs no LibreOffice or Chromium);
# run this only to refresh them. Needs Debian libreoffice-writer-nogui, chromium, fonts-wqy-zenhei,
# mupdf-tools, qpdf.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/packages/pdf-sign/test/fixtures"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/letter.html" <<'HTML'
<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>成绩证明</title>
<style>body{font-family:"WenQuanYi Zen Hei",sans-serif;margin:2cm} h1{text-align:center}</style>
<h1>示范大学 成绩证明 / Transcript Certificate</h1>
<p>兹证明 张三（学号 2023001001）在我校就读期间成绩如下。This certifies the grades below.</p>
<table border="1" cellspacing="0" cellpadding="4"><tr><th>课程 Course</th><th>学分 Credits</th><th>成绩 Grade</th></tr>
<tr><td>高等数学 Calculus</td><td>5</td><td>92</td></tr><tr><td>大学英语 English</td><td>4</td><td>88</td></tr></table>
<p style="margin-top:3cm;text-align:right">示范大学教务处 盖章处</p>
HTML

# Chromium print (Skia/PDF producer)
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/chrome" --no-pdf-header-footer \
  --print-to-pdf="$out/chromium-print.pdf" "file://$work/letter.html" 2>/dev/null

# LibreOffice (writer_pdf_Export) from the same HTML
soffice --headless --norestore "-env:UserInstallation=file://$work/lo" --convert-to pdf:writer_pdf_Export \
  --outdir "$work" "$work/letter.html" >/dev/null
cp "$work/letter.pdf" "$out/libreoffice.pdf"

# MuPDF: a 3-page document written by mutool create (one content file per page), the last rotated
printf '%%%%MediaBox 0 0 595 842\n%%%%Font Helv Helvetica\nBT /Helv 24 Tf 72 760 Td (MuPDF page 1 - Demo University) Tj ET\n0 0 1 RG 72 700 m 500 700 l S\n' > "$work/p1.txt"
printf '%%%%MediaBox 0 0 595 842\n%%%%Font Helv Helvetica\nBT /Helv 24 Tf 72 760 Td (MuPDF page 2) Tj ET\n' > "$work/p2.txt"
printf '%%%%MediaBox 0 0 595 842\n%%%%Rotate 90\n%%%%Font Helv Helvetica\nBT /Helv 24 Tf 72 500 Td (MuPDF page 3, rotated) Tj ET\n' > "$work/p3.txt"
mutool create -o "$out/mupdf.pdf" "$work/p1.txt" "$work/p2.txt" "$work/p3.txt"

# qpdf: object streams + cross-reference stream, and a linearized file
qpdf --object-streams=generate "$out/libreoffice.pdf" "$out/qpdf-objstm.pdf"
qpdf --linearize "$out/chromium-print.pdf" "$out/qpdf-linearized.pdf"
ls -l "$out"
