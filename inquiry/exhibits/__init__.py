"""Exhibits: found, read, sanitised, OCR'd, redacted and prepared as bundle pages."""
