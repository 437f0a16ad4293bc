"""The project's own PDF writer: the demo library and the tests need Lao PDFs whose text can be found."""

import io

from pypdf import PdfReader

from content.lao_pdf import lao_pdf, wrap


def test_it_writes_a_pdf_whose_lao_and_english_text_comes_back_out():
    text = "ການປູກຝັງແບບກະສິກຳອິນຊີ ເລື້ອຍໆ ຢູ່ແຂວງສະຫວັນນະເຂດ, and organic farming"
    data = lao_pdf(title="ບົດລາຍງານ", blocks=[("title", "ບົດລາຍງານປະຈຳປີ"), ("p", text)])
    reader = PdfReader(io.BytesIO(data))
    extracted = reader.pages[0].extract_text()
    assert "ບົດລາຍງານປະຈຳປີ" in extracted
    assert "ກະສິກຳອິນຊີ" in extracted and "ເລື້ອຍໆ" in extracted and "organic farming" in extracted
    assert reader.metadata.title == "ບົດລາຍງານ"


def test_it_breaks_long_lao_lines_between_words_and_adds_pages():
    lines = wrap("ການພັດທະນາຊົນນະບົດ " * 30, 11, 300)
    assert len(lines) > 3
    assert all(line.endswith(("ບົດ", "ນະ", "ທະ", "ການ", "ພັດ", "ຊົນ")) for line in lines)
    data = lao_pdf(title="Long", blocks=[("p", "ການພັດທະນາຊົນນະບົດ " * 40)] * 30)
    assert len(PdfReader(io.BytesIO(data)).pages) > 1
