"""FERPA: the record of requests for and disclosures of student records (34 CFR 99.32)."""
