"""Vietnamese administrative documents in the Nghị định 30/2020/NĐ-CP format (domain.md §8).

`model` describes a document as plain data, `docx_writer.render_docx` lays it out as DOCX and `pdf.docx_to_pdf`
converts the result with LibreOffice. Nothing here knows about plans or reports: callers build an `Nd30Document`.
"""
