"""The agency's register: the statutory clock of disclosure applications (working days with 调休), and what the
annual report is computed from."""
