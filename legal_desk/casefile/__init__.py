"""The case file (issue 6): one PDF with everything the case holds, for records retention.

`build.export_case_file` builds it in memory; `write.write_case_file` writes it to the
one file the user chose. `command` is the `legal-desk export-case` sub-command. This
package file imports nothing, so the CLI can register the command without loading
PyMuPDF and the checker.
"""
