#!/usr/bin/env bash
# Set up xxgk on a fresh machine: a virtual environment with xxgk and its test tools, and, on Debian as root,
# the CJK font that tests use to render PDFs, poppler's pdftotext that the benchmark compares with, and
# LibreOffice (without its GUI) that converts .doc/.wps files (Writer) and .xls/.et files (Calc), and for the
# tests of renditions pandoc, Chromium (a browser printing a report's web page to PDF) and Tesseract (another OCR).
set -euo pipefail
cd "$(dirname "$0")"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=()
  [ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing+=(fonts-wqy-zenhei)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
  # soffice is there with Writer alone; Calc's library tells whether spreadsheets can be converted
  [ -e /usr/lib/libreoffice/program/libsclo.so ] || missing+=(libreoffice-calc-nogui)
  command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  # another OCR program, whose text of a printed report the tests of renditions read
  command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
  [ -e /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || missing+=(tesseract-ocr-chi-sim)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
