"""Writes the generated files of this corpus (the short text ones are kept by hand)."""
import io
import random
import unicodedata
import zipfile

random.seed(6)
open('binary.bin', 'wb').write(bytes(random.getrandbits(8) for _ in range(8192)))
viet = ("Giao Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư tham mưu phân bổ vốn, "
        "hoàn thành trước ngày 28/02/2023.\n")
# UTF-8 read as Windows-1252 and saved again: classic mojibake.
open('mojibake.txt', 'w', encoding='utf-8').write(
    (viet * 20).encode('utf-8').decode('cp1252', errors='replace'))
# Windows-1258 bytes (not UTF-8): what an old "Save as text" gives.
open('cp1258.txt', 'wb').write((viet * 20).encode('cp1258', errors='replace'))
notice = open('../data/forms/tb.txt', encoding='utf-8').read()
open('nfd_notice.txt', 'w', encoding='utf-8').write(unicodedata.normalize('NFD', notice))
open('one_line.txt', 'w', encoding='utf-8').write(
    "Sở Tài chính phối hợp với UBND các huyện, thị xã, thành phố và các sở, ban, ngành " * 3500)
open('unclosed.txt', 'w', encoding='utf-8').write("Giao (Sở Y tế “chủ trì (phối hợp [với " * 5000)
open('deep_list.txt', 'w', encoding='utf-8').write(
    "".join(("1." * k) + " Sở Xây dựng: rà soát trước ngày 15/3/2023.\n" for k in range(1, 400)))
open('marks.txt', 'w', encoding='utf-8').write(
    "Giao Sơ\u0309\u0309\u0309\u0309 Tài chi\u0301nh" + "\u0301" * 5000
    + "\u200b\u200d\u202e chủ trì thực hiện trước ngày 15/3/2023.\n")
doc = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body><w:p><w:r><w:t>Giao Sở Y tế chủ trì.</w:t></w:r></w:p></w:body></w:document>')
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('word/document.xml', doc)
open('truncated.docx', 'wb').write(buf.getvalue()[:90])
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('word/document.xml', '<w:document><w:body><w:p><w:t>Giao Sở Y tế <<<<&&&& ' + '<w:p>' * 20000)
open('broken_xml.docx', 'wb').write(buf.getvalue())
