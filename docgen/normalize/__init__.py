"""The edit-proposing pipeline shared by Produce (record fields) and Clean (existing reports)."""
