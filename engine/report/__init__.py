"""The weekly report (AUTO-004): built from a performance pack's `report_row` rules.

``weekly`` turns one run's rows into the report document and writes it; ``markdown``
renders it for people; ``library`` finds stored reports and builds one on demand.
"""
