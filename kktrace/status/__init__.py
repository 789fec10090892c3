"""The annual implementation status report for Økonomiudvalget."""
