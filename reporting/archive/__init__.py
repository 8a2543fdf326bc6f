"""A published version's archival package (E-ARK SIP 2.1.0, FGS Paketstruktur 2.0): see
docs/archive.md."""
